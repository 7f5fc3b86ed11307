/**
 * The configuration parameters a data node understands, with Redis 7.2's
 * names, aliases, bounds and defaults. Many are accepted for compatibility
 * (clients and tools read and write them) without changing what Shoal does.
 */
import type { ParamDef } from './config';
import { clientLimitsParam, notifyEventsParam, saveParam, dirParam } from './param-types';

const INT_MAX = 2147483647;
const INT_MIN = -2147483648;
const LLONG_MAX = 2 ** 63;
const UINT_MAX = 4294967295;

type Extra = Partial<ParamDef>;

function bool(name: string, def: 'yes' | 'no', extra: Extra = {}): ParamDef {
  return { name, type: 'bool', default: def, ...extra };
}

function int(name: string, def: number, min: number, max: number, extra: Extra = {}): ParamDef {
  return { name, type: 'int', default: String(def), min, max, ...extra };
}

function mem(name: string, def: number, min: number, max: number, extra: Extra = {}): ParamDef {
  return { name, type: 'memory', default: String(def), min, max, ...extra };
}

function str(name: string, def: string, extra: Extra = {}): ParamDef {
  return { name, type: 'string', default: def, ...extra };
}

function enm(name: string, def: string, values: string[], extra: Extra = {}): ParamDef {
  return { name, type: 'enum', default: def, values, ...extra };
}

const IMMUTABLE: Extra = { immutable: true };

export const PARAMS: ParamDef[] = [
  // Network and process.
  int('port', 6379, 0, 65535, IMMUTABLE),
  str('bind', '127.0.0.1', IMMUTABLE),
  str('bind-source-addr', ''),
  bool('protected-mode', 'yes'),
  int('tcp-backlog', 511, 0, INT_MAX, IMMUTABLE),
  str('unixsocket', '', IMMUTABLE),
  int('unixsocketperm', 0, 0, 777, IMMUTABLE),
  int('timeout', 0, 0, INT_MAX),
  int('tcp-keepalive', 300, 0, INT_MAX),
  int('tls-port', 0, 0, 65535, IMMUTABLE),
  bool('daemonize', 'no', IMMUTABLE),
  enm('supervised', 'no', ['upstart', 'systemd', 'auto', 'no'], IMMUTABLE),
  str('pidfile', '', IMMUTABLE),
  enm('loglevel', 'notice', ['debug', 'verbose', 'notice', 'warning', 'nothing']),
  str('logfile', '', IMMUTABLE),
  bool('syslog-enabled', 'no', IMMUTABLE),
  str('syslog-ident', 'redis', IMMUTABLE),
  enm('syslog-facility', 'local0', ['user', 'local0', 'local1', 'local2', 'local3', 'local4', 'local5', 'local6', 'local7'], IMMUTABLE),
  bool('crash-log-enabled', 'yes'),
  bool('crash-memcheck-enabled', 'yes'),
  int('databases', 16, 1, INT_MAX, IMMUTABLE),
  bool('always-show-logo', 'no', IMMUTABLE),
  bool('set-proc-title', 'yes', IMMUTABLE),
  str('proc-title-template', '{title} {listen-addr} {server-mode}'),
  str('locale-collate', ''),
  int('hz', 10, 0, INT_MAX, { clamp: [1, 500] }),
  bool('dynamic-hz', 'yes'),
  enm('enable-protected-configs', 'no', ['no', 'yes', 'local'], IMMUTABLE),
  // DEBUG is allowed from loopback connections, enough for tools and tests.
  enm('enable-debug-command', 'local', ['no', 'yes', 'local'], IMMUTABLE),
  enm('enable-module-command', 'no', ['no', 'yes', 'local'], IMMUTABLE),
  int('io-threads', 1, 1, 128, IMMUTABLE),
  bool('io-threads-do-reads', 'no', IMMUTABLE),
  str('ignore-warnings', ''),
  enm('shutdown-on-sigint', 'default', ['default', 'save', 'nosave', 'now', 'force']),
  enm('shutdown-on-sigterm', 'default', ['default', 'save', 'nosave', 'now', 'force']),
  int('shutdown-timeout', 10, 0, INT_MAX),
  // Snapshots and AOF.
  saveParam,
  bool('stop-writes-on-bgsave-error', 'yes'),
  bool('rdbcompression', 'yes'),
  bool('rdbchecksum', 'yes'),
  bool('sanitize-dump-payload', 'no'),
  str('dbfilename', 'dump.rdb'),
  bool('rdb-del-sync-files', 'no'),
  bool('rdb-save-incremental-fsync', 'yes'),
  dirParam,
  bool('appendonly', 'no'),
  str('appendfilename', 'appendonly.aof', IMMUTABLE),
  str('appenddirname', 'appendonlydir', IMMUTABLE),
  enm('appendfsync', 'everysec', ['everysec', 'always', 'no']),
  bool('no-appendfsync-on-rewrite', 'no'),
  int('auto-aof-rewrite-percentage', 100, 0, INT_MAX),
  mem('auto-aof-rewrite-min-size', 67108864, 0, LLONG_MAX),
  bool('aof-load-truncated', 'yes'),
  bool('aof-use-rdb-preamble', 'yes'),
  bool('aof-rewrite-incremental-fsync', 'yes'),
  bool('aof-timestamp-enabled', 'no'),
  bool('aof-disable-auto-gc', 'no'),
  // Replication.
  str('replicaof', '', { alias: 'slaveof' }),
  str('masterauth', ''),
  str('masteruser', ''),
  bool('replica-serve-stale-data', 'yes', { alias: 'slave-serve-stale-data' }),
  bool('replica-read-only', 'yes', { alias: 'slave-read-only' }),
  bool('repl-diskless-sync', 'yes'),
  int('repl-diskless-sync-delay', 5, 0, INT_MAX),
  int('repl-diskless-sync-max-replicas', 0, 0, INT_MAX),
  enm('repl-diskless-load', 'disabled', ['disabled', 'on-empty-db', 'swapdb']),
  int('repl-ping-replica-period', 10, 1, INT_MAX, { alias: 'repl-ping-slave-period' }),
  int('repl-timeout', 60, 1, INT_MAX),
  bool('repl-disable-tcp-nodelay', 'no'),
  mem('repl-backlog-size', 1048576, 1, LLONG_MAX),
  int('repl-backlog-ttl', 3600, 0, INT_MAX),
  int('replica-priority', 100, 0, INT_MAX, { alias: 'slave-priority' }),
  bool('replica-announced', 'yes'),
  str('replica-announce-ip', '', { alias: 'slave-announce-ip' }),
  int('replica-announce-port', 0, 0, 65535, { alias: 'slave-announce-port' }),
  int('min-replicas-to-write', 0, 0, INT_MAX, { alias: 'min-slaves-to-write' }),
  int('min-replicas-max-lag', 10, 0, INT_MAX, { alias: 'min-slaves-max-lag' }),
  bool('replica-ignore-maxmemory', 'yes', { alias: 'slave-ignore-maxmemory' }),
  bool('replica-lazy-flush', 'no', { alias: 'slave-lazy-flush' }),
  bool('replica-ignore-disk-write-errors', 'no'),
  enm('propagation-error-behavior', 'ignore', ['ignore', 'panic', 'panic-on-replicas']),
  // Security.
  str('requirepass', ''),
  str('aclfile', '', IMMUTABLE),
  int('acllog-max-len', 128, 0, LLONG_MAX),
  enm('acl-pubsub-default', 'resetchannels', ['allchannels', 'resetchannels']),
  // Clients and limits.
  int('maxclients', 10000, 1, UINT_MAX),
  mem('maxmemory', 0, 0, LLONG_MAX),
  enm('maxmemory-policy', 'noeviction', ['volatile-lru', 'volatile-lfu', 'volatile-random', 'volatile-ttl', 'allkeys-lru', 'allkeys-lfu', 'allkeys-random', 'noeviction']),
  int('maxmemory-samples', 5, 1, 64),
  int('maxmemory-eviction-tenacity', 10, 0, 100),
  mem('maxmemory-clients', 0, 0, LLONG_MAX),
  bool('lazyfree-lazy-eviction', 'no'),
  bool('lazyfree-lazy-expire', 'no'),
  bool('lazyfree-lazy-server-del', 'no'),
  bool('lazyfree-lazy-user-del', 'no'),
  bool('lazyfree-lazy-user-flush', 'no'),
  int('lfu-log-factor', 10, 0, INT_MAX),
  int('lfu-decay-time', 1, 0, INT_MAX),
  int('active-expire-effort', 1, 1, 10),
  bool('activerehashing', 'yes'),
  bool('activedefrag', 'no'),
  clientLimitsParam,
  mem('client-query-buffer-limit', 1073741824, 1048576, LLONG_MAX),
  mem('proto-max-bulk-len', 536870912, 1048576, LLONG_MAX),
  // Scripts.
  int('busy-reply-threshold', 5000, 0, LLONG_MAX, { alias: 'lua-time-limit' }),
  // Diagnostics.
  int('slowlog-log-slower-than', 10000, -1, LLONG_MAX),
  int('slowlog-max-len', 128, 0, LLONG_MAX),
  int('latency-monitor-threshold', 0, 0, LLONG_MAX),
  bool('latency-tracking', 'yes'),
  str('latency-tracking-info-percentiles', '50 99 99.9'),
  notifyEventsParam,
  // Encodings of small collections.
  int('hash-max-listpack-entries', 512, 0, LLONG_MAX, { alias: 'hash-max-ziplist-entries' }),
  mem('hash-max-listpack-value', 64, 0, LLONG_MAX, { alias: 'hash-max-ziplist-value' }),
  int('list-max-listpack-size', -2, INT_MIN, INT_MAX, { alias: 'list-max-ziplist-size' }),
  int('list-compress-depth', 0, 0, INT_MAX),
  int('set-max-intset-entries', 512, 0, LLONG_MAX),
  int('set-max-listpack-entries', 128, 0, LLONG_MAX),
  mem('set-max-listpack-value', 64, 0, LLONG_MAX),
  int('zset-max-listpack-entries', 128, 0, LLONG_MAX, { alias: 'zset-max-ziplist-entries' }),
  mem('zset-max-listpack-value', 64, 0, LLONG_MAX, { alias: 'zset-max-ziplist-value' }),
  mem('hll-sparse-max-bytes', 3000, 0, LLONG_MAX),
  mem('stream-node-max-bytes', 4096, 0, LLONG_MAX),
  int('stream-node-max-entries', 100, 0, LLONG_MAX),
  int('tracking-table-max-keys', 1000000, 0, LLONG_MAX),
  // Cluster.
  bool('cluster-enabled', 'no', IMMUTABLE),
  str('cluster-config-file', 'nodes.conf', IMMUTABLE),
  int('cluster-node-timeout', 15000, 0, LLONG_MAX),
  int('cluster-port', 0, 0, 65535, IMMUTABLE),
  bool('cluster-require-full-coverage', 'yes'),
  bool('cluster-allow-reads-when-down', 'no'),
  bool('cluster-allow-pubsubshard-when-down', 'yes'),
  str('cluster-announce-ip', ''),
  str('cluster-announce-hostname', ''),
  str('cluster-announce-human-nodename', ''),
  int('cluster-announce-port', 0, 0, 65535),
  int('cluster-announce-bus-port', 0, 0, 65535),
  int('cluster-announce-tls-port', 0, 0, 65535),
  enm('cluster-preferred-endpoint-type', 'ip', ['ip', 'hostname', 'unknown-endpoint']),
  mem('cluster-link-sendbuf-limit', 0, 0, LLONG_MAX),
  // Shoal's own: the node's fixed id and the secret peers give on the control port.
  str('cluster-node-id', '', IMMUTABLE),
  str('cluster-secret', '', { immutable: true, hidden: true }),
];
