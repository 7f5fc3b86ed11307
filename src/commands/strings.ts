/** String commands (t_string.c): GET, SET and friends. */
import { key1, type CommandDecl } from './spec';
import { isStringValue } from '../store/value';
import { WRONGTYPE } from './replies';

export const stringCommands: CommandDecl[] = [
  {
    name: 'get',
    arity: 2,
    flags: 'readonly fast',
    acl: '@string',
    keys: [key1('RO access')],
    handler(c, argv) {
      const v = c.db.lookupRead(argv[1]);
      if (v === undefined) return c.nullBulk();
      if (!isStringValue(v)) return c.error(WRONGTYPE);
      c.bulk(v);
    },
  },
  {
    name: 'set',
    arity: -3,
    flags: 'write denyoom',
    acl: '@string',
    keys: [key1('RW access update variable_flags')],
    // Without GET, SET only overwrites its key.
    keyFlags: (argv) => (hasGetOption(argv) ? ['RW', 'access', 'update'] : ['OW', 'update']),
    handler(c, argv) {
      c.db.set(argv[1], argv[2]);
      c.server.dirty++;
      c.ok();
    },
  },
];

function hasGetOption(argv: string[]): boolean {
  for (let i = 3; i < argv.length; i++) if (argv[i].toLowerCase() === 'get') return true;
  return false;
}
