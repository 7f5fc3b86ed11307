/** CLIENT and its subcommands (networking.c's clientCommand). */
import type { CommandDecl } from './spec';
import type { Client } from '../server/client';
import { ERR_NOT_INTEGER, ERR_SYNTAX } from './replies';
import { replyHelp } from './help';
import { clientInfoLine } from '../server/client-list';
import { parseSafeInt } from '../util/numbers';
import { arg, block, oneof, token } from './docs-args';

const CONN = 'noscript loading stale';
const ADMIN = 'admin noscript loading stale';
const ALL_NODES_OK = 'request_policy:all_nodes response_policy:all_succeeded';

/** Client class names as CLIENT LIST/KILL TYPE take them; null when unknown. */
function clientType(name: string): string | null {
  switch (name.toLowerCase()) {
    case 'normal':
      return 'normal';
    case 'slave':
    case 'replica':
      return 'replica';
    case 'pubsub':
      return 'pubsub';
    case 'master':
      return 'master';
    default:
      return null;
  }
}

/** Names and lib attributes hold printable ASCII without spaces only. */
function validAttr(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    if (ch < 33 || ch > 126) return false;
  }
  return true;
}

function onOff(c: Client, arg: string, set: (on: boolean) => void): void {
  const a = arg.toLowerCase();
  if (a !== 'on' && a !== 'off') return c.error(ERR_SYNTAX);
  set(a === 'on');
  c.ok();
}

function list(c: Client, argv: string[]): void {
  let type: string | null = null;
  let ids: Set<number> | null = null;
  if (argv.length === 4 && argv[2].toLowerCase() === 'type') {
    type = clientType(argv[3]);
    if (type === null) return c.error(`ERR Unknown client type '${argv[3]}'`);
  } else if (argv.length >= 4 && argv[2].toLowerCase() === 'id') {
    ids = new Set();
    for (let i = 3; i < argv.length; i++) {
      const id = parseSafeInt(argv[i]);
      if (id === null || id <= 0) return c.error('ERR Invalid client ID');
      ids.add(id);
    }
  } else if (argv.length !== 2) {
    return c.error(ERR_SYNTAX);
  }
  const now = Date.now();
  let out = '';
  for (const cl of c.server.clients.values()) {
    if (type !== null && cl.kind !== type) continue;
    if (ids !== null && !ids.has(cl.id)) continue;
    out += clientInfoLine(cl, now) + '\n';
  }
  c.verbatim(out);
}

interface KillFilter {
  id: number | null;
  type: string | null;
  addr: string | null;
  laddr: string | null;
  user: string | null;
  maxAge: number | null;
  skipMe: boolean;
}

function parseKillFilter(c: Client, argv: string[]): KillFilter | null {
  const f: KillFilter = { id: null, type: null, addr: null, laddr: null, user: null, maxAge: null, skipMe: true };
  for (let i = 2; i < argv.length; i += 2) {
    if (i + 1 >= argv.length) {
      c.error(ERR_SYNTAX);
      return null;
    }
    const opt = argv[i].toLowerCase();
    const val = argv[i + 1];
    if (opt === 'id') {
      const id = parseSafeInt(val);
      if (id === null || id <= 0) {
        c.error('ERR client-id should be greater than 0');
        return null;
      }
      f.id = id;
    } else if (opt === 'type') {
      f.type = clientType(val);
      if (f.type === null) {
        c.error(`ERR Unknown client type '${val}'`);
        return null;
      }
    } else if (opt === 'addr') {
      f.addr = val;
    } else if (opt === 'laddr') {
      f.laddr = val;
    } else if (opt === 'user') {
      if (!c.server.acl.users.has(val)) {
        c.error(`ERR No such user '${val}'`);
        return null;
      }
      f.user = val;
    } else if (opt === 'skipme') {
      const v = val.toLowerCase();
      if (v !== 'yes' && v !== 'no') {
        c.error(ERR_SYNTAX);
        return null;
      }
      f.skipMe = v === 'yes';
    } else if (opt === 'maxage') {
      const age = parseSafeInt(val);
      if (age === null || age < 0) {
        c.error(ERR_NOT_INTEGER);
        return null;
      }
      f.maxAge = age;
    } else {
      c.error(ERR_SYNTAX);
      return null;
    }
  }
  return f;
}

function matches(f: KillFilter, self: Client, cl: Client, now: number): boolean {
  if (f.id !== null && cl.id !== f.id) return false;
  if (f.type !== null && cl.kind !== f.type) return false;
  if (f.addr !== null && cl.addr !== f.addr) return false;
  if (f.laddr !== null && cl.laddr !== f.laddr) return false;
  if (f.user !== null && cl.user.name !== f.user) return false;
  if (f.maxAge !== null && (now - cl.createdAt) / 1000 < f.maxAge) return false;
  if (f.skipMe && cl === self) return false;
  return true;
}

/** Closes a client; the caller's own connection closes after this reply. */
function killClient(self: Client, cl: Client): void {
  if (cl === self) self.closeAfterReply = true;
  else cl.kill();
}

function kill(c: Client, argv: string[]): void {
  if (argv.length === 3) {
    // The old form: CLIENT KILL ip:port, replying OK or an error.
    for (const cl of c.server.clients.values()) {
      if (cl.addr === argv[2]) {
        killClient(c, cl);
        return c.ok();
      }
    }
    return c.error('ERR No such client');
  }
  const f = parseKillFilter(c, argv);
  if (f === null) return;
  const now = Date.now();
  let n = 0;
  for (const cl of [...c.server.clients.values()]) {
    if (!matches(f, c, cl, now)) continue;
    killClient(c, cl);
    n++;
  }
  c.int(n);
}

function pause(c: Client, argv: string[]): void {
  const ms = parseSafeInt(argv[2]);
  if (ms === null) return c.error('ERR timeout is not an integer or out of range');
  if (ms < 0) return c.error('ERR timeout is negative');
  let all = true;
  if (argv.length === 4) {
    const mode = argv[3].toLowerCase();
    if (mode === 'write') all = false;
    else if (mode !== 'all') return c.error('ERR CLIENT PAUSE mode must be WRITE or ALL');
  } else if (argv.length > 4) {
    return c.error(ERR_SYNTAX);
  }
  c.server.pause(ms, all);
  c.ok();
}

function reply(c: Client, argv: string[]): void {
  const mode = argv[2].toLowerCase();
  if (mode === 'on') {
    c.replyOff = false;
    c.skipNext = 0;
    c.ok();
  } else if (mode === 'off') {
    c.replyOff = true;
  } else if (mode === 'skip') {
    // Counts down in dispatch: this command, then the one to silence.
    if (!c.replyOff) c.skipNext = 2;
  } else {
    c.error(ERR_SYNTAX);
  }
}

function setinfo(c: Client, argv: string[]): void {
  const attr = argv[2].toLowerCase();
  if (attr !== 'lib-name' && attr !== 'lib-ver') return c.error(`ERR Unrecognized option '${argv[2]}'`);
  if (!validAttr(argv[3])) return c.error(`ERR ${argv[2]} cannot contain spaces, newlines or special characters.`);
  if (attr === 'lib-name') c.libName = argv[3];
  else c.libVer = argv[3];
  c.ok();
}

function unblock(c: Client, argv: string[]): void {
  const id = parseSafeInt(argv[2]);
  if (id === null) return c.error(ERR_NOT_INTEGER);
  let asError = false;
  if (argv.length === 4) {
    const how = argv[3].toLowerCase();
    if (how === 'error') asError = true;
    else if (how !== 'timeout') return c.error('ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR');
  } else if (argv.length > 4) {
    return c.error(ERR_SYNTAX);
  }
  const target = c.server.clients.get(id);
  if (target === undefined || target.unblock === null) return c.int(0);
  target.unblock(asError);
  c.int(1);
}

const HELP = [
  'CACHING (YES|NO)',
  '    Enable/disable tracking of the keys for next command in OPTIN/OPTOUT modes.',
  'GETREDIR',
  '    Return the client ID we are redirecting to when tracking is enabled.',
  'GETNAME',
  '    Return the name of the current connection.',
  'ID',
  '    Return the ID of the current connection.',
  'INFO',
  '    Return information about the current client connection.',
  'KILL <ip:port>',
  '    Kill connection made from <ip:port>.',
  'KILL <option> <value> [<option> <value> [...]]',
  '    Kill connections. Options are:',
  '    * ADDR (<ip:port>|<unixsocket>:0)',
  '      Kill connections made from the specified address',
  '    * LADDR (<ip:port>|<unixsocket>:0)',
  '      Kill connections made to specified local address',
  '    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)',
  '      Kill connections by type.',
  '    * USER <username>',
  '      Kill connections authenticated by <username>.',
  '    * SKIPME (YES|NO)',
  '      Skip killing current connection (default: yes).',
  '    * ID <client-id>',
  '      Kill connections by client id.',
  '    * MAXAGE <maxage>',
  '      Kill connections older than the specified age.',
  'LIST [options ...]',
  '    Return information about client connections. Options:',
  '    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)',
  '      Return clients of specified type.',
  'UNPAUSE',
  '    Stop the current client pause, resuming traffic.',
  'PAUSE <timeout> [WRITE|ALL]',
  '    Suspend all, or just write, clients for <timeout> milliseconds.',
  'REPLY (ON|OFF|SKIP)',
  '    Control the replies sent to the current connection.',
  'SETNAME <name>',
  '    Assign the name <name> to the current connection.',
  'SETINFO <option> <value>',
  '    Set client meta attr. Options are:',
  '    * LIB-NAME: the client lib name.',
  '    * LIB-VER: the client lib version.',
  'UNBLOCK <clientid> [TIMEOUT|ERROR]',
  '    Unblock the specified blocked client.',
  'TRACKING (ON|OFF) [REDIRECT <id>] [BCAST] [PREFIX <prefix> [...]]',
  '         [OPTIN] [OPTOUT] [NOLOOP]',
  '    Control server assisted client side caching.',
  'TRACKINGINFO',
  '    Report tracking status for the current connection.',
  'NO-EVICT (ON|OFF)',
  '    Protect current client connection from eviction.',
  'NO-TOUCH (ON|OFF)',
  '    Will not touch LRU/LFU stats when this mode is on.',
];

export const clientCommands: CommandDecl[] = [
  {
    name: 'client',
    arity: -2,
    docs: {
      summary: 'Groups the commands about client connections.',
      since: '2.4.0',
      group: 'connection',
      complexity: 'Depends on subcommand.',
    },
    subcommands: [
      {
        name: 'id',
        arity: 2,
        flags: CONN,
        acl: '@connection',
        docs: {
          summary: 'Replies with the id of the connection.',
          since: '5.0.0',
          group: 'connection',
          complexity: 'O(1)',
        },
        handler: (c) => c.int(c.id),
      },
      {
        name: 'info',
        arity: 2,
        flags: CONN,
        acl: '@connection',
        tips: 'nondeterministic_output',
        docs: {
          summary: 'Describes the connection itself.',
          since: '6.2.0',
          group: 'connection',
          complexity: 'O(1)',
        },
        handler: (c) => c.verbatim(clientInfoLine(c, Date.now()) + '\n'),
      },
      {
        name: 'list',
        arity: -2,
        flags: ADMIN,
        acl: '@connection',
        tips: 'nondeterministic_output',
        docs: {
          summary: 'Describes the open client connections.',
          since: '2.4.0',
          group: 'connection',
          complexity: 'O(N) where N is the number of client connections',
          history: [
            ['2.8.12', 'Added unique client `id` field.'],
            ['5.0.0', 'Added optional `TYPE` filter.'],
            ['6.0.0', 'Added `user` field.'],
            ['6.2.0', 'Added `argv-mem`, `tot-mem`, `laddr` and `redir` fields and the optional `ID` filter.'],
            ['7.0.0', 'Added `resp`, `multi-mem`, `rbs` and `rbp` fields.'],
            ['7.0.3', 'Added `ssub` field.'],
            ['7.2.0', 'Added `lib-name` and `lib-ver` fields.'],
          ],
          arguments: [
            oneof('normal_master_replica_pubsub', [token('NORMAL'), token('MASTER'), token('REPLICA'), token('PUBSUB')], { token: 'TYPE', since: '5.0.0', flags: 'optional' }),
            block('id', [arg('client-id', 'integer', { flags: 'multiple' })], { token: 'ID', since: '6.2.0', flags: 'optional' }),
          ],
        },
        handler: list,
      },
      {
        name: 'kill',
        arity: -3,
        flags: ADMIN,
        acl: '@connection',
        docs: {
          summary: 'Closes client connections chosen by address or filters.',
          since: '2.4.0',
          group: 'connection',
          complexity: 'O(N) where N is the number of client connections',
          history: [
            ['2.8.12', 'Added new filter format.'],
            ['2.8.12', '`ID` option.'],
            ['3.2.0', 'Added `master` type in for `TYPE` option.'],
            ['5.0.0', 'Replaced `slave` `TYPE` with `replica`. `slave` still supported for backward compatibility.'],
            ['6.2.0', '`LADDR` option.'],
          ],
          arguments: [
            oneof('filter', [
              arg('ip:port', 'string', { deprecatedSince: '2.8.12' }),
              oneof('new-format', [
                arg('client-id', 'integer', { token: 'ID', since: '2.8.12', flags: 'optional' }),
                oneof('normal_master_slave_pubsub', [
                  token('NORMAL'),
                  token('MASTER', { since: '3.2.0' }),
                  token('SLAVE'),
                  token('REPLICA', { since: '5.0.0' }),
                  token('PUBSUB'),
                ], { token: 'TYPE', since: '2.8.12', flags: 'optional' }),
                arg('username', 'string', { token: 'USER', flags: 'optional' }),
                arg('ip:port', 'string', { token: 'ADDR', flags: 'optional' }),
                arg('ip:port', 'string', { token: 'LADDR', since: '6.2.0', flags: 'optional' }),
                arg('yes/no', 'string', { token: 'SKIPME', flags: 'optional' }),
              ], { flags: 'multiple' }),
            ]),
          ],
        },
        handler: kill,
      },
      {
        name: 'setname',
        arity: 3,
        flags: CONN,
        acl: '@connection',
        tips: ALL_NODES_OK,
        docs: {
          summary: 'Names the connection.',
          since: '2.6.9',
          group: 'connection',
          complexity: 'O(1)',
          arguments: [arg('connection-name', 'string')],
        },
        handler(c, argv) {
          if (!validAttr(argv[2])) return c.error('ERR Client names cannot contain spaces, newlines or special characters.');
          c.name = argv[2];
          c.ok();
        },
      },
      {
        name: 'getname',
        arity: 2,
        flags: CONN,
        acl: '@connection',
        docs: {
          summary: 'Replies with the name of the connection.',
          since: '2.6.9',
          group: 'connection',
          complexity: 'O(1)',
        },
        handler: (c) => c.bulkOrNull(c.name === '' ? null : c.name),
      },
      {
        name: 'setinfo',
        arity: 4,
        flags: CONN,
        acl: '@connection',
        tips: ALL_NODES_OK,
        docs: {
          summary: 'Records the client library name or version on the connection.',
          since: '7.2.0',
          group: 'connection',
          complexity: 'O(1)',
          arguments: [
            oneof('attr', [arg('libname', 'string', { token: 'LIB-NAME' }), arg('libver', 'string', { token: 'LIB-VER' })]),
          ],
        },
        handler: setinfo,
      },
      {
        name: 'no-evict',
        arity: 3,
        flags: ADMIN,
        acl: '@connection',
        docs: {
          summary: 'Shields the connection from client eviction, or stops doing so.',
          since: '7.0.0',
          group: 'connection',
          complexity: 'O(1)',
          arguments: [oneof('enabled', [token('ON'), token('OFF')])],
        },
        handler: (c, argv) => onOff(c, argv[2], (on) => (c.noEvict = on)),
      },
      {
        name: 'no-touch',
        arity: 3,
        flags: CONN,
        acl: '@connection',
        docs: {
          summary: 'Keeps the connection\'s reads from updating keys\' access times, or stops doing so.',
          since: '7.2.0',
          group: 'connection',
          complexity: 'O(1)',
          arguments: [oneof('enabled', [token('ON'), token('OFF')])],
        },
        handler: (c, argv) => onOff(c, argv[2], (on) => (c.noTouch = on)),
      },
      {
        name: 'pause',
        arity: -3,
        flags: ADMIN,
        acl: '@connection',
        docs: {
          summary: 'Holds back commands from clients for a while.',
          since: '2.9.50',
          group: 'connection',
          complexity: 'O(1)',
          history: [
            ['6.2.0', '`CLIENT PAUSE WRITE` mode added along with the `mode` option.'],
          ],
          arguments: [
            arg('timeout', 'integer'),
            oneof('mode', [token('WRITE'), token('ALL')], { since: '6.2.0', flags: 'optional' }),
          ],
        },
        handler: pause,
      },
      {
        name: 'unpause',
        arity: 2,
        flags: ADMIN,
        acl: '@connection',
        docs: {
          summary: 'Lets paused clients run commands again.',
          since: '6.2.0',
          group: 'connection',
          complexity: 'O(N) Where N is the number of paused clients',
        },
        handler(c) {
          c.server.unpause();
          c.ok();
        },
      },
      {
        name: 'reply',
        arity: 3,
        flags: CONN,
        acl: '@connection',
        docs: {
          summary: 'Turns the server\'s replies to this connection on, off or off for one command.',
          since: '3.2.0',
          group: 'connection',
          complexity: 'O(1)',
          arguments: [oneof('on_off_skip', [token('ON'), token('OFF'), token('SKIP')])],
        },
        handler: reply,
      },
      {
        name: 'unblock',
        arity: -3,
        flags: ADMIN,
        acl: '@connection',
        docs: {
          summary: 'Wakes up a client blocked in a blocking command.',
          since: '5.0.0',
          group: 'connection',
          complexity: 'O(log N) where N is the number of client connections',
          arguments: [
            arg('client-id', 'integer'),
            oneof('timeout_error', [token('TIMEOUT'), token('ERROR')], { flags: 'optional' }),
          ],
        },
        handler: unblock,
      },
      {
        name: 'getredir',
        arity: 2,
        flags: CONN,
        acl: '@connection',
        docs: {
          summary: 'Replies with the client id tracking notifications go to.',
          since: '6.0.0',
          group: 'connection',
          complexity: 'O(1)',
        },
        handler: (c) => c.int(-1),
      },
      {
        name: 'tracking',
        arity: -3,
        flags: CONN,
        acl: '@connection',
        docs: {
          summary: 'Turns client side caching support on or off for the connection.',
          since: '6.0.0',
          group: 'connection',
          complexity: 'O(1). Some options may introduce additional complexity.',
          arguments: [
            oneof('status', [token('ON'), token('OFF')]),
            arg('client-id', 'integer', { token: 'REDIRECT', flags: 'optional' }),
            arg('prefix', 'string', { token: 'PREFIX', flags: 'optional multiple multiple_token' }),
            token('BCAST', { flags: 'optional' }),
            token('OPTIN', { flags: 'optional' }),
            token('OPTOUT', { flags: 'optional' }),
            token('NOLOOP', { flags: 'optional' }),
          ],
        },
        handler(c, argv) {
          const mode = argv[2].toLowerCase();
          if (mode === 'off') return c.ok();
          if (mode !== 'on') return c.error(ERR_SYNTAX);
          c.error('ERR client-side caching is not supported by this server');
        },
      },
      {
        name: 'trackinginfo',
        arity: 2,
        flags: CONN,
        acl: '@connection',
        docs: {
          summary: 'Describes the connection\'s client side caching settings.',
          since: '6.2.0',
          group: 'connection',
          complexity: 'O(1)',
        },
        handler(c) {
          c.map(3);
          c.bulk('flags');
          c.set(1);
          c.bulk('off');
          c.bulk('redirect');
          c.int(-1);
          c.bulk('prefixes');
          c.array(0);
        },
      },
      {
        name: 'caching',
        arity: 3,
        flags: CONN,
        acl: '@connection',
        docs: {
          summary: 'Tells the server whether to track the keys read by the next command.',
          since: '6.0.0',
          group: 'connection',
          complexity: 'O(1)',
          arguments: [oneof('mode', [token('YES'), token('NO')])],
        },
        handler(c) {
          c.error('ERR CLIENT CACHING can be called only when the client is in tracking mode with OPTIN or OPTOUT mode enabled');
        },
      },
      {
        name: 'help',
        arity: 2,
        flags: 'loading stale',
        acl: '@connection',
        docs: {
          summary: 'Lists the CLIENT subcommands.',
          since: '5.0.0',
          group: 'connection',
          complexity: 'O(1)',
        },
        handler: (c) => replyHelp(c, 'CLIENT', HELP),
      },
    ],
  },
];
