/** Connection commands: PING, ECHO, QUIT, AUTH, HELLO, RESET. */
import type { CommandDecl } from './spec';
import type { Client } from '../server/client';
import { REDIS_VERSION } from '../server/version';
import { ERR_SYNTAX } from './replies';
import { parseInt64 } from '../util/numbers';
import { arg, block } from './docs-args';

const WRONGPASS = 'WRONGPASS invalid username-password pair or user is disabled.';
const CONN_FLAGS = 'noscript loading stale fast no_auth allow_busy';

/**
 * Authenticates the connection as `name`; on failure replies WRONGPASS and
 * records the attempt in ACL LOG under the command name as sent.
 */
function login(c: Client, name: string, pass: string, commandName: string): boolean {
  const u = c.server.acl.authenticate(name, pass);
  if (u === null) {
    c.server.acl.logAuthFailure(c, name, commandName);
    c.error(WRONGPASS);
    return false;
  }
  c.user = u;
  c.authenticated = true;
  return true;
}

/**
 * One-argument AUTH. Besides the default user's password it accepts the
 * `user:password` form managed Redis services use, tried only when the
 * argument is not the default user's password.
 */
function authOneArg(c: Client, arg: string, commandName: string): void {
  const acl = c.server.acl;
  const colon = arg.indexOf(':');
  const dflt = acl.defaultUser;
  if (colon < 0 || (!dflt.nopass && acl.authenticate('default', arg) !== null)) {
    if (dflt.nopass) {
      return c.error(
        'ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?',
      );
    }
    if (login(c, 'default', arg, commandName)) c.ok();
    return;
  }
  if (login(c, arg.slice(0, colon), arg.slice(colon + 1), commandName)) c.ok();
}

/** Client names are printable ASCII without spaces, as CLIENT SETNAME requires. */
function validClientName(name: string): boolean {
  for (let i = 0; i < name.length; i++) {
    const ch = name.charCodeAt(i);
    if (ch < 33 || ch > 126) return false;
  }
  return true;
}

/**
 * What RESET undoes besides what this file owns (transactions, subscriptions,
 * tracking, MONITOR...): each family registers its own step here.
 */
export const connectionResetSteps: ((c: Client) => void)[] = [];

function resetConnection(c: Client): void {
  for (const step of connectionResetSteps) step(c);
  c.selectDb(0);
  c.proto = 2;
  c.name = '';
  c.user = c.server.acl.defaultUser;
  c.authenticated = !c.server.acl.authRequiredForDefault();
}

export const connectionCommands: CommandDecl[] = [
  {
    name: 'ping',
    arity: -1,
    flags: 'fast sentinel',
    acl: '@connection',
    tips: 'request_policy:all_shards response_policy:all_succeeded',
    docs: {
      summary: 'Checks that the server is alive, optionally echoing a message.',
      since: '1.0.0',
      group: 'connection',
      complexity: 'O(1)',
      arguments: [arg('message', 'string', { flags: 'optional' })],
    },
    handler(c, argv) {
      if (argv.length > 2) return c.error(`ERR wrong number of arguments for 'ping' command`);
      if (c.subscriptions !== null && c.proto === 2) {
        // A RESP2 subscriber parses every reply as a push: PING answers in that shape.
        c.array(2);
        c.bulk('pong');
        c.bulk(argv.length === 2 ? argv[1] : '');
      } else if (argv.length === 2) c.bulk(argv[1]);
      else c.status('PONG');
    },
  },
  {
    name: 'echo',
    arity: 2,
    flags: 'loading stale fast',
    acl: '@connection',
    docs: {
      summary: 'Replies with the message it was given.',
      since: '1.0.0',
      group: 'connection',
      complexity: 'O(1)',
      arguments: [arg('message', 'string')],
    },
    handler(c, argv) {
      c.bulk(argv[1]);
    },
  },
  {
    name: 'quit',
    arity: -1,
    flags: 'noscript loading stale fast no_auth allow_busy',
    acl: '@connection',
    docs: {
      summary: 'Closes the connection once pending replies are sent.',
      since: '1.0.0',
      group: 'connection',
      complexity: 'O(1)',
    },
    handler(c) {
      c.ok();
      c.closeAfterReply = true;
    },
  },
  {
    name: 'auth',
    arity: -2,
    flags: CONN_FLAGS,
    acl: '@connection',
    docs: {
      summary: 'Authenticates the connection as a user.',
      since: '1.0.0',
      group: 'connection',
      complexity: 'O(N) where N is the number of passwords defined for the user',
      history: [
        ['6.0.0', 'Added ACL style (username and password).'],
      ],
      arguments: [arg('username', 'string', { since: '6.0.0', flags: 'optional' }), arg('password', 'string')],
    },
    handler(c, argv) {
      if (argv.length > 3) return c.error(ERR_SYNTAX);
      if (argv.length === 2) return authOneArg(c, argv[1], argv[0]);
      if (login(c, argv[1], argv[2], argv[0])) c.ok();
    },
  },
  {
    name: 'hello',
    arity: -1,
    flags: CONN_FLAGS,
    acl: '@connection',
    docs: {
      summary: 'Negotiates the protocol version and optionally authenticates and names the connection.',
      since: '6.0.0',
      group: 'connection',
      complexity: 'O(1)',
      history: [
        ['6.2.0', '`protover` made optional; when called without arguments the command reports the current connection\'s context.'],
      ],
      arguments: [
        block('arguments', [
          arg('protover', 'integer'),
          block('username_password', [arg('username', 'string'), arg('password', 'string')], { token: 'AUTH', flags: 'optional' }),
          arg('clientname', 'string', { token: 'SETNAME', flags: 'optional' }),
        ], { flags: 'optional' }),
      ],
    },
    handler(c, argv) {
      let ver = 0;
      if (argv.length >= 2) {
        const v = parseInt64(argv[1]);
        if (v === null) return c.error('ERR Protocol version is not an integer or out of range');
        if (v < 2 || v > 3) return c.error('NOPROTO unsupported protocol version');
        ver = Number(v);
      }
      let user: string | null = null;
      let pass = '';
      let name: string | null = null;
      for (let j = 2; j < argv.length; j++) {
        const more = argv.length - 1 - j;
        const opt = argv[j].toLowerCase();
        if (opt === 'auth' && more >= 2) {
          user = argv[j + 1];
          pass = argv[j + 2];
          j += 2;
        } else if (opt === 'setname' && more >= 1) {
          name = argv[j + 1];
          if (!validClientName(name)) {
            return c.error('ERR Client names cannot contain spaces, newlines or special characters.');
          }
          j++;
        } else {
          return c.error(`ERR Syntax error in HELLO option '${argv[j]}'`);
        }
      }
      if (user !== null && !login(c, user, pass, argv[0])) return;
      if (!c.authenticated) {
        return c.error(
          'NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO <proto> AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time',
        );
      }
      if (name !== null) c.name = name;
      if (ver !== 0) c.proto = ver === 3 ? 3 : 2;
      c.map(7);
      c.bulk('server');
      c.bulk('redis');
      c.bulk('version');
      c.bulk(REDIS_VERSION);
      c.bulk('proto');
      c.int(c.proto);
      c.bulk('id');
      c.int(c.id);
      c.bulk('mode');
      c.bulk(c.server.cluster !== null ? 'cluster' : 'standalone');
      c.bulk('role');
      c.bulk('master');
      c.bulk('modules');
      c.array(0);
    },
  },
  {
    name: 'reset',
    arity: 1,
    flags: CONN_FLAGS,
    acl: '@connection',
    docs: {
      summary: 'Returns the connection to its freshly connected state.',
      since: '6.2.0',
      group: 'connection',
      complexity: 'O(1)',
    },
    handler(c) {
      resetConnection(c);
      c.status('RESET');
    },
  },
];
