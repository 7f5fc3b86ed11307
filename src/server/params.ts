/** The configuration parameters a data node understands, with Redis's defaults. */
import type { ParamDef } from './config';

export const PARAMS: ParamDef[] = [
  { name: 'port', type: 'int', default: '6379', min: 0, max: 65535, immutable: true },
  { name: 'bind', type: 'string', default: '127.0.0.1', immutable: true },
  { name: 'dir', type: 'string', default: '.', immutable: true },
  { name: 'requirepass', type: 'string', default: '' },
  { name: 'acllog-max-len', type: 'int', default: '128', min: 0, max: 2 ** 53 },
  { name: 'databases', type: 'int', default: '16', min: 1, max: 2147483647, immutable: true },
  { name: 'hz', type: 'int', default: '10', min: 1, max: 500 },
  { name: 'timeout', type: 'int', default: '0', min: 0, max: 2147483647 },
  { name: 'tcp-keepalive', type: 'int', default: '300', min: 0, max: 2147483647 },
  { name: 'maxclients', type: 'int', default: '10000', min: 1, max: 2147483647 },
  { name: 'proto-max-bulk-len', type: 'memory', default: '536870912', min: 1048576, max: 2 ** 53 },
  { name: 'client-query-buffer-limit', type: 'memory', default: '1073741824', min: 1048576, max: 2 ** 53 },
  { name: 'maxmemory', type: 'memory', default: '0', min: 0, max: 2 ** 53 },
  {
    name: 'maxmemory-policy',
    type: 'enum',
    default: 'noeviction',
    values: ['volatile-lru', 'volatile-lfu', 'volatile-random', 'volatile-ttl', 'allkeys-lru', 'allkeys-lfu', 'allkeys-random', 'noeviction'],
  },
  { name: 'lfu-log-factor', type: 'int', default: '10', min: 0, max: 2147483647 },
  { name: 'lfu-decay-time', type: 'int', default: '1', min: 0, max: 2147483647 },
];
