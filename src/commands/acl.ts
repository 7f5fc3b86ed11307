/** ACL: accounts and their permissions (acl.c's aclCommand). */
import type { CommandDecl, CommandDocs, Handler } from './spec';
import type { Client } from '../server/client';
import type { User } from '../acl/user';
import { CATEGORY_NAMES, ACL_OK, lookupRuleCommand, type Selector } from '../acl/selector';
import { denialMessage } from '../acl/acl';
import { categoryBit, type Command } from './table';
import { parseSafeInt } from '../util/numbers';
import { ERR_NOT_INTEGER } from './replies';
import { randomBytes } from 'node:crypto';
import { replyHelp } from './help';
import { arg, oneof, token } from './docs-args';

const ADMIN = 'admin noscript loading stale';
const ALL_NODES = 'request_policy:all_nodes response_policy:all_succeeded';
const GENPASS_MAX_BITS = 4096;

const HELP = [
  'CAT [<category>]',
  '    List all commands that belong to <category>, or all command categories',
  '    when no category is specified.',
  'DELUSER <username> [<username> ...]',
  '    Delete a list of users.',
  'DRYRUN <username> <command> [<arg> ...]',
  '    Returns whether the user can execute the given command without executing the command.',
  'GETUSER <username>',
  "    Get the user's details.",
  'GENPASS [<bits>]',
  '    Generate a secure 256-bit user password. The optional `bits` argument can',
  '    be used to specify a different size.',
  'LIST',
  '    Show users details in config file format.',
  'LOAD',
  '    Reload users from the ACL file.',
  'LOG [<count> | RESET]',
  '    Show the ACL log entries.',
  'SAVE',
  '    Save the current config to the ACL file.',
  'SETUSER <username> <attribute> [<attribute> ...]',
  '    Create or modify a user with the specified attributes.',
  'USERS',
  '    List all the registered usernames.',
  'WHOAMI',
  '    Return the current connection username.',
];

const NO_ACLFILE =
  'ERR This Redis instance is not configured to use an ACL file. You may want to specify users via the ACL SETUSER command and then issue a CONFIG REWRITE (assuming you have a Redis configuration file set) in order to store users in the Redis configuration.';

function syntaxError(c: Client, argv: string[]): void {
  c.error(`ERR unknown subcommand or wrong number of arguments for '${argv[1].slice(0, 128)}'. Try ACL HELP.`);
}

function sortedUsers(c: Client): User[] {
  return [...c.server.acl.users.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function hasSpaceOrNul(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    if (ch === 0 || ch === 32 || (ch >= 9 && ch <= 13)) return true;
  }
  return false;
}

function replySelector(c: Client, s: Selector): void {
  c.bulk('commands');
  c.bulk(s.describeCommands());
  c.bulk('keys');
  c.bulk(s.describeKeys());
  c.bulk('channels');
  c.bulk(s.describeChannels());
}

/** Every command (and subcommand) in a category, as ACL CAT lists them. */
function commandsIn(cmds: Iterable<Command>, bit: number, out: string[]): string[] {
  for (const cmd of cmds) {
    if (cmd.categories & bit) out.push(cmd.fullName);
    if (cmd.subcommands) commandsIn(cmd.subcommands.values(), bit, out);
  }
  return out;
}

/** Resolves `cmd [sub]` as the dispatcher would, for DRYRUN. */
function lookupCall(c: Client, args: string[]): Command | undefined {
  const base = c.server.commands.get(args[0].toLowerCase());
  if (base === undefined || base.subcommands === undefined || args.length === 1) return base;
  return lookupRuleCommand(c.server.acl.index, args[0] + '|' + args[1]);
}

/** COMMAND DOCS of each subcommand, attached by sub(). */
const SUB_DOCS: Record<string, CommandDocs> = {
  cat: {
    summary: 'Lists the ACL categories, or the commands in one of them.',
    since: '6.0.0',
    group: 'server',
    complexity: 'O(1) since the categories and commands are a fixed set.',
    arguments: [arg('categoryname', 'string', { flags: 'optional' })],
  },
  deluser: {
    summary: 'Removes ACL users and disconnects their connections.',
    since: '6.0.0',
    group: 'server',
    complexity: 'O(1) amortized time considering the typical user.',
    arguments: [arg('username', 'string', { flags: 'multiple' })],
  },
  dryrun: {
    summary: 'Tells whether a user could run a command, without running it.',
    since: '7.0.0',
    group: 'server',
    complexity: 'O(1).',
    arguments: [
      arg('username', 'string'),
      arg('command', 'string'),
      arg('arg', 'string', { flags: 'optional multiple' }),
    ],
  },
  genpass: {
    summary: 'Generates a random password suitable for an ACL user.',
    since: '6.0.0',
    group: 'server',
    complexity: 'O(1)',
    arguments: [arg('bits', 'integer', { flags: 'optional' })],
  },
  getuser: {
    summary: 'Replies with the rules of an ACL user.',
    since: '6.0.0',
    group: 'server',
    complexity: 'O(N). Where N is the number of password, command and pattern rules that the user has.',
    history: [
      ['6.2.0', 'Added Pub/Sub channel patterns.'],
      ['7.0.0', 'Added selectors and changed the format of key and channel patterns from a list to their rule representation.'],
    ],
    arguments: [arg('username', 'string')],
  },
  help: {
    summary: 'Lists the ACL subcommands.',
    since: '6.0.0',
    group: 'server',
    complexity: 'O(1)',
  },
  list: {
    summary: 'Lists every ACL user as a rule line.',
    since: '6.0.0',
    group: 'server',
    complexity: 'O(N). Where N is the number of configured users.',
  },
  load: {
    summary: 'Reloads the ACL users from the ACL file.',
    since: '6.0.0',
    group: 'server',
    complexity: 'O(N). Where N is the number of configured users.',
  },
  log: {
    summary: 'Lists recent security events such as denied commands.',
    since: '6.0.0',
    group: 'server',
    complexity: 'O(N) with N being the number of entries shown.',
    history: [
      ['7.2.0', 'Added entry ID, timestamp created, and timestamp last updated.'],
    ],
    arguments: [oneof('operation', [arg('count', 'integer'), token('RESET')], { flags: 'optional' })],
  },
  save: {
    summary: 'Writes the ACL users to the ACL file.',
    since: '6.0.0',
    group: 'server',
    complexity: 'O(N). Where N is the number of configured users.',
  },
  setuser: {
    summary: 'Creates an ACL user or changes its rules.',
    since: '6.0.0',
    group: 'server',
    complexity: 'O(N). Where N is the number of rules provided.',
    history: [
      ['6.2.0', 'Added Pub/Sub channel patterns.'],
      ['7.0.0', 'Added selectors and key based permissions.'],
    ],
    arguments: [arg('username', 'string'), arg('rule', 'string', { flags: 'optional multiple' })],
  },
  users: {
    summary: 'Lists the names of the ACL users.',
    since: '6.0.0',
    group: 'server',
    complexity: 'O(N). Where N is the number of configured users.',
  },
  whoami: {
    summary: 'Replies with the user name of the connection.',
    since: '6.0.0',
    group: 'server',
    complexity: 'O(1)',
  },
};

function sub(name: string, arity: number, flags: string, handler: Handler, tips?: string): CommandDecl {
  const docs = SUB_DOCS[name];
  return tips ? { name, arity, flags, handler, tips, docs } : { name, arity, flags, handler, docs };
}

const subcommands: CommandDecl[] = [
  sub('cat', -2, 'noscript loading stale', (c, argv) => {
    if (argv.length === 2) return c.bulkArray(CATEGORY_NAMES);
    if (argv.length !== 3) return syntaxError(c, argv);
    const bit = categoryBit(argv[2].toLowerCase());
    if (bit === 0) return c.error(`ERR Unknown category '${argv[2].slice(0, 128)}'`);
    c.bulkArray(commandsIn(c.server.commands.values(), bit, []));
  }),
  sub(
    'deluser',
    -3,
    ADMIN,
    (c, argv) => {
      for (let j = 2; j < argv.length; j++) {
        if (argv[j] === 'default') return c.error("ERR The 'default' user cannot be removed");
      }
      let deleted = 0;
      for (let j = 2; j < argv.length; j++) if (c.server.acl.deleteUser(argv[j], c.server.clients.values(), c)) deleted++;
      c.int(deleted);
    },
    ALL_NODES,
  ),
  sub('dryrun', -4, ADMIN, (c, argv) => {
    const acl = c.server.acl;
    const u = acl.users.get(argv[2]);
    if (u === undefined) return c.error(`ERR User '${argv[2]}' not found`);
    const args = argv.slice(3);
    const cmd = lookupCall(c, args);
    if (cmd === undefined) return c.error(`ERR Command '${argv[3]}' not found`);
    if (!cmd.arityOk(args.length)) return c.error(`ERR wrong number of arguments for '${cmd.fullName}' command`);
    const r = acl.check(u, cmd, args);
    if (r === ACL_OK) return c.ok();
    c.bulk(denialMessage(r, u, cmd, args[acl.deniedPos], true));
  }),
  sub('genpass', -2, 'noscript loading stale', (c, argv) => {
    if (argv.length > 3) return syntaxError(c, argv);
    let bits = 256;
    if (argv.length === 3) {
      const n = parseSafeInt(argv[2]);
      if (n === null) return c.error(ERR_NOT_INTEGER);
      bits = n;
    }
    if (bits <= 0 || bits > GENPASS_MAX_BITS) {
      return c.error(
        `ERR ACL GENPASS argument must be the number of bits for the output password, a positive number up to ${GENPASS_MAX_BITS}`,
      );
    }
    const chars = Math.floor((bits + 3) / 4);
    c.bulk(randomBytes(Math.ceil(chars / 2)).toString('hex').slice(0, chars));
  }),
  sub('getuser', 3, ADMIN, (c, argv) => {
    const u = c.server.acl.users.get(argv[2]);
    if (u === undefined) return c.nullBulk();
    c.map(6);
    c.bulk('flags');
    const flags = u.flagNames();
    c.set(flags.length);
    for (const f of flags) c.bulk(f);
    c.bulk('passwords');
    c.bulkArray(u.passwords);
    replySelector(c, u.root);
    c.bulk('selectors');
    c.array(u.selectors.length - 1);
    for (let i = 1; i < u.selectors.length; i++) {
      c.map(3);
      replySelector(c, u.selectors[i]);
    }
  }),
  sub('help', 2, 'loading stale', (c) => {
    replyHelp(c, 'acl', HELP);
  }),
  sub('list', 2, ADMIN, (c) => {
    c.bulkArray(sortedUsers(c).map((u) => `user ${u.name} ${u.describe()}`));
  }),
  sub('load', 2, ADMIN, (c) => c.error(NO_ACLFILE)),
  sub('log', -2, ADMIN, (c, argv) => {
    if (argv.length > 3) return syntaxError(c, argv);
    const log = c.server.acl.log;
    let count = 10;
    if (argv.length === 3) {
      if (argv[2].toLowerCase() === 'reset') {
        log.reset();
        return c.ok();
      }
      const n = parseSafeInt(argv[2]);
      if (n === null) return c.error(ERR_NOT_INTEGER);
      count = Math.max(0, n);
    }
    log.reply(c, count);
  }),
  sub('save', 2, ADMIN, (c) => c.error(NO_ACLFILE), ALL_NODES),
  sub(
    'setuser',
    -3,
    ADMIN,
    (c, argv) => {
      if (hasSpaceOrNul(argv[2])) return c.error("ERR Usernames can't contain spaces or null characters");
      const err = c.server.acl.setUser(argv[2], argv.slice(3));
      if (err !== null) return c.error(err);
      c.server.acl.dropRevokedSubscribers(argv[2], c.server.clients.values(), c);
      c.ok();
    },
    ALL_NODES,
  ),
  sub('users', 2, ADMIN, (c) => {
    c.bulkArray(sortedUsers(c).map((u) => u.name));
  }),
  sub('whoami', 2, 'noscript loading stale', (c) => {
    c.bulk(c.user.name);
  }),
];

export const aclCommands: CommandDecl[] = [
  {
    name: 'acl',
    arity: -2,
    docs: {
      summary: 'Groups the access control commands.',
      since: '6.0.0',
      group: 'server',
      complexity: 'Depends on subcommand.',
    },
    subcommands,
  },
];
