/** Connection commands: PING, ECHO, QUIT. */
import type { CommandDecl } from './spec';

export const connectionCommands: CommandDecl[] = [
  {
    name: 'ping',
    arity: -1,
    flags: 'fast sentinel',
    acl: '@connection',
    tips: 'request_policy:all_shards response_policy:all_succeeded',
    handler(c, argv) {
      if (argv.length > 2) return c.error(`ERR wrong number of arguments for 'ping' command`);
      if (argv.length === 2) c.bulk(argv[1]);
      else c.status('PONG');
    },
  },
  {
    name: 'echo',
    arity: 2,
    flags: 'loading stale fast',
    acl: '@connection',
    handler(c, argv) {
      c.bulk(argv[1]);
    },
  },
  {
    name: 'quit',
    arity: -1,
    flags: 'noscript loading stale fast no_auth allow_busy',
    acl: '@connection',
    handler(c) {
      c.ok();
      c.closeAfterReply = true;
    },
  },
];
