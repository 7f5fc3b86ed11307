/**
 * COMMAND: the command table describing itself. Cluster clients read key
 * positions from COMMAND INFO, so replies follow Redis 7.2's shapes exactly.
 */
import type { CommandDecl, KeySpec } from './spec';
import type { DocArg } from './docs-args';
import type { Client } from '../server/client';
import type { RespWriter } from '../resp/writer';
import { categoryBit, type Command } from './table';
import { globMatch } from '../util/glob';
import { replyHelp } from './help';
import { arg, oneof } from './docs-args';

/** A command by its full name ('get', 'config|get'), case-insensitive. */
export function lookupFullName(table: Map<string, Command>, name: string): Command | undefined {
  const lower = name.toLowerCase();
  const bar = lower.indexOf('|');
  if (bar < 0) return table.get(lower);
  const parent = table.get(lower.slice(0, bar));
  const rest = lower.slice(bar + 1);
  // Only one level of subcommands exists.
  if (parent === undefined || parent.subcommands === undefined || rest.indexOf('|') >= 0) return undefined;
  return parent.subcommands.get(rest);
}

/**
 * Command flags in the order COMMAND reports them; may_replicate, sentinel,
 * only_sentinel and protected are internal and never shown.
 */
const REPORTED_FLAGS = [
  'write', 'readonly', 'denyoom', 'module', 'admin', 'pubsub', 'noscript', 'blocking', 'loading', 'stale',
  'skip_monitor', 'skip_slowlog', 'asking', 'fast', 'no_auth', 'no_mandatory_keys', 'no_async_loading', 'no_multi',
  'movablekeys', 'allow_busy',
];

/** Key-spec flags in the order COMMAND reports them. */
const KEY_FLAGS = ['RO', 'RW', 'OW', 'RM', 'access', 'update', 'insert', 'delete', 'not_key', 'incomplete', 'variable_flags'];

function inOrder(order: readonly string[], flags: readonly string[]): string[] {
  return order.filter((f) => flags.includes(f));
}

/** One COMMAND INFO entry (null for an unknown command). */
export function writeCommandInfo(w: RespWriter, cmd: Command | undefined): void {
  if (cmd === undefined) return w.nullArray();
  w.array(10);
  w.bulk(cmd.fullName);
  w.int(cmd.arity);
  statusSet(w, inOrder(REPORTED_FLAGS, cmd.flags));
  w.int(cmd.firstKey);
  w.int(cmd.lastKey);
  w.int(cmd.step);
  statusSet(w, cmd.categoryNames());
  w.set(cmd.tips.length);
  for (const t of cmd.tips) w.bulk(t);
  w.array(cmd.keySpecs.length);
  for (const s of cmd.keySpecs) writeKeySpec(w, s);
  const subs = cmd.subcommands;
  w.array(subs ? subs.size : 0);
  if (subs) for (const sub of subs.values()) writeCommandInfo(w, sub);
}

function statusSet(w: RespWriter, items: readonly string[]): void {
  w.set(items.length);
  for (const s of items) w.status(s);
}

function writeKeySpec(w: RespWriter, s: KeySpec): void {
  w.map(3);
  w.bulk('flags');
  statusSet(w, inOrder(KEY_FLAGS, s.flags));
  w.bulk('begin_search');
  w.map(2);
  w.bulk('type');
  w.bulk(s.begin.type);
  w.bulk('spec');
  const b = s.begin;
  if (b.type === 'index') intMap(w, ['index', b.index]);
  else if (b.type === 'keyword') {
    w.map(2);
    w.bulk('keyword');
    w.bulk(b.keyword);
    w.bulk('startfrom');
    w.int(b.startfrom);
  } else w.map(0);
  w.bulk('find_keys');
  w.map(2);
  w.bulk('type');
  w.bulk(s.find.type);
  w.bulk('spec');
  const f = s.find;
  if (f.type === 'range') intMap(w, ['lastkey', f.lastkey], ['keystep', f.keystep], ['limit', f.limit]);
  else if (f.type === 'keynum') intMap(w, ['keynumidx', f.keynumidx], ['firstkey', f.firstkey], ['keystep', f.keystep]);
  else w.map(0);
}

function intMap(w: RespWriter, ...pairs: [string, number][]): void {
  w.map(pairs.length);
  for (const [k, v] of pairs) {
    w.bulk(k);
    w.int(v);
  }
}

/**
 * A reply map's fields in Redis's order: each is written when its getter
 * yields a value, so one walk serves every command and argument.
 */
type Field<T> = [name: string, get: (x: T) => unknown, write: (w: RespWriter, v: never) => void];

function writeFields<T>(w: RespWriter, fields: readonly Field<T>[], x: T): void {
  let n = 0;
  for (const f of fields) if (f[1](x) !== undefined) n++;
  w.map(n);
  for (const [name, get, write] of fields) {
    const v = get(x);
    if (v === undefined) continue;
    w.bulk(name);
    (write as (w: RespWriter, v: unknown) => void)(w, v);
  }
}

const bulk = (w: RespWriter, v: string): void => w.bulk(v);
const words = (w: RespWriter, v: string): void => statusSet(w, v.split(' '));

const ARG_FIELDS: Field<DocArg>[] = [
  ['name', (a) => a.name, bulk],
  ['type', (a) => a.type, bulk],
  ['display_text', (a) => a.displayText, bulk],
  ['key_spec_index', (a) => a.keySpec, (w, v: number) => w.int(v)],
  ['token', (a) => a.token, bulk],
  ['summary', (a) => a.summary, bulk],
  ['since', (a) => a.since, bulk],
  ['deprecated_since', (a) => a.deprecatedSince, bulk],
  ['flags', (a) => a.flags, words],
  ['arguments', (a) => a.arguments, writeArgs],
];

function writeArgs(w: RespWriter, args: readonly DocArg[]): void {
  w.array(args.length);
  for (const a of args) writeFields(w, ARG_FIELDS, a);
}

const DOC_FIELDS: Field<Command>[] = [
  ['summary', (c) => c.decl.docs?.summary, bulk],
  ['since', (c) => c.decl.docs?.since, bulk],
  ['group', (c) => c.decl.docs?.group ?? c.parent?.decl.docs?.group ?? 'server', bulk],
  ['complexity', (c) => c.decl.docs?.complexity, bulk],
  ['doc_flags', (c) => c.decl.docs?.docFlags, (w, v: string[]) => statusSet(w, v)],
  ['deprecated_since', (c) => c.decl.docs?.deprecatedSince, bulk],
  ['replaced_by', (c) => c.decl.docs?.replacedBy, bulk],
  ['history', (c) => c.decl.docs?.history, writeHistory],
  ['arguments', (c) => c.decl.docs?.arguments, writeArgs],
  ['subcommands', (c) => c.subcommands, writeSubcommandDocs],
];

function writeHistory(w: RespWriter, history: readonly [string, string][]): void {
  // A set in RESP3, as Redis sends it.
  w.set(history.length);
  for (const h of history) w.bulkArray(h);
}

function writeSubcommandDocs(w: RespWriter, subs: Map<string, Command>): void {
  w.map(subs.size);
  for (const sub of subs.values()) {
    w.bulk(sub.fullName);
    writeCommandDocs(w, sub);
  }
}

/** One COMMAND DOCS entry: the fields the declaration has, group always. */
export function writeCommandDocs(w: RespWriter, cmd: Command): void {
  writeFields(w, DOC_FIELDS, cmd);
}

const HELP = [
  '(no subcommand)',
  '    Return details about all Redis commands.',
  'COUNT',
  '    Return the total number of commands in this Redis server.',
  'LIST',
  '    Return a list of all commands in this Redis server.',
  'INFO [<command-name> ...]',
  '    Return details about multiple Redis commands.',
  '    If no command names are given, documentation details for all',
  '    commands are returned.',
  'DOCS [<command-name> ...]',
  '    Return documentation details about multiple Redis commands.',
  '    If no command names are given, documentation details for all',
  '    commands are returned.',
  'GETKEYS <full-command>',
  '    Return the keys from a full Redis command.',
  'GETKEYSANDFLAGS <full-command>',
  '    Return the keys and the access flags from a full Redis command.',
];

function replyAllInfo(c: Client): void {
  const table = c.server.commands;
  c.array(table.size);
  for (const cmd of table.values()) writeCommandInfo(c, cmd);
}

/** Full names of every command and subcommand that passes the filter, depth first. */
function listNames(table: Iterable<Command>, keep: (cmd: Command) => boolean, out: string[]): string[] {
  for (const cmd of table) {
    if (keep(cmd)) out.push(cmd.fullName);
    if (cmd.subcommands) listNames(cmd.subcommands.values(), keep, out);
  }
  return out;
}

function listFilter(kind: string, arg: string): ((cmd: Command) => boolean) | null {
  switch (kind.toLowerCase()) {
    case 'module':
      // Shoal loads no modules.
      return () => false;
    case 'aclcat': {
      const bit = categoryBit(arg.toLowerCase());
      return (cmd) => bit !== 0 && (cmd.categories & bit) !== 0;
    }
    case 'pattern':
      return (cmd) => globMatch(arg, cmd.fullName, true);
    default:
      return null;
  }
}

/** COMMAND GETKEYS and GETKEYSANDFLAGS: the keys a full command line names. */
function getKeys(c: Client, argv: string[], withFlags: boolean): void {
  const call = argv.slice(2);
  const base = c.server.commands.get(call[0].toLowerCase());
  const cmd = base?.subcommands && call.length > 1 ? base.subcommands.get(call[1].toLowerCase()) : base;
  if (cmd === undefined) return c.error('ERR Invalid command specified');
  if (!cmd.hasKeys) return c.error('ERR The command has no key arguments');
  if (!cmd.arityOk(call.length)) return c.error('ERR Invalid number of arguments specified for command');
  const refs = cmd.keyRefs(call);
  if (refs === null || refs.length === 0) {
    if (cmd.flags.includes('no_mandatory_keys')) return c.array(0);
    return c.error('ERR Invalid arguments specified for command');
  }
  c.array(refs.length);
  for (const r of refs) {
    if (!withFlags) {
      c.bulk(call[r.pos]);
      continue;
    }
    c.array(2);
    c.bulk(call[r.pos]);
    statusSet(c, inOrder(KEY_FLAGS, r.flags));
  }
}

const meta = { flags: 'loading stale', acl: '@connection' };

export const introspectionCommands: CommandDecl[] = [
  {
    name: 'command',
    arity: -1,
    ...meta,
    tips: 'nondeterministic_output_order',
    docs: {
      summary: 'Describes every command of the server.',
      since: '2.8.13',
      group: 'server',
      complexity: 'O(N) where N is the total number of Redis commands',
    },
    handler: replyAllInfo,
    subcommands: [
      {
        name: 'count',
        arity: 2,
        ...meta,
        docs: {
          summary: 'Counts the commands of the server.',
          since: '2.8.13',
          group: 'server',
          complexity: 'O(1)',
        },
        handler(c) {
          c.int(c.server.commands.size);
        },
      },
      {
        name: 'list',
        arity: -2,
        ...meta,
        tips: 'nondeterministic_output_order',
        docs: {
          summary: 'Lists command names, optionally filtered.',
          since: '7.0.0',
          group: 'server',
          complexity: 'O(N) where N is the total number of Redis commands',
          arguments: [
            oneof('filterby', [
              arg('module-name', 'string', { token: 'MODULE' }),
              arg('category', 'string', { token: 'ACLCAT' }),
              arg('pattern', 'pattern', { token: 'PATTERN' }),
            ], { token: 'FILTERBY', flags: 'optional' }),
          ],
        },
        handler(c, argv) {
          let keep: (cmd: Command) => boolean = () => true;
          for (let i = 2; i < argv.length; i += 3) {
            // FILTERBY takes exactly two more arguments; anything else is a syntax error.
            const filter = argv.length - 1 - i === 2 && argv[i].toLowerCase() === 'filterby' ? listFilter(argv[i + 1], argv[i + 2]) : null;
            if (filter === null) return c.error('ERR syntax error');
            keep = filter;
          }
          c.bulkArray(listNames(c.server.commands.values(), keep, []));
        },
      },
      {
        name: 'info',
        arity: -2,
        ...meta,
        tips: 'nondeterministic_output_order',
        docs: {
          summary: 'Describes the given commands, or all of them.',
          since: '2.8.13',
          group: 'server',
          complexity: 'O(N) where N is the number of commands to look up',
          history: [
            ['7.0.0', 'Allowed to be called with no argument to get info on all commands.'],
          ],
          arguments: [arg('command-name', 'string', { flags: 'optional multiple' })],
        },
        handler(c, argv) {
          if (argv.length === 2) return replyAllInfo(c);
          c.array(argv.length - 2);
          for (let i = 2; i < argv.length; i++) writeCommandInfo(c, lookupFullName(c.server.commands, argv[i]));
        },
      },
      {
        name: 'docs',
        arity: -2,
        ...meta,
        tips: 'nondeterministic_output_order',
        docs: {
          summary: 'Replies with the documentation of the given commands, or all of them.',
          since: '7.0.0',
          group: 'server',
          complexity: 'O(N) where N is the number of commands to look up',
          arguments: [arg('command-name', 'string', { flags: 'optional multiple' })],
        },
        handler(c, argv) {
          const table = c.server.commands;
          const found: Command[] = [];
          if (argv.length === 2) found.push(...table.values());
          for (let i = 2; i < argv.length; i++) {
            const cmd = lookupFullName(table, argv[i]);
            if (cmd !== undefined) found.push(cmd);
          }
          c.map(found.length);
          for (const cmd of found) {
            c.bulk(cmd.fullName);
            writeCommandDocs(c, cmd);
          }
        },
      },
      {
        name: 'getkeys',
        arity: -3,
        ...meta,
        docs: {
          summary: 'Extracts the key names from a full command line.',
          since: '2.8.13',
          group: 'server',
          complexity: 'O(N) where N is the number of arguments to the command',
        },
        handler(c, argv) {
          getKeys(c, argv, false);
        },
      },
      {
        name: 'getkeysandflags',
        arity: -3,
        ...meta,
        docs: {
          summary: 'Extracts the key names and their access flags from a full command line.',
          since: '7.0.0',
          group: 'server',
          complexity: 'O(N) where N is the number of arguments to the command',
        },
        handler(c, argv) {
          getKeys(c, argv, true);
        },
      },
      {
        name: 'help',
        arity: 2,
        ...meta,
        docs: {
          summary: 'Lists the COMMAND subcommands.',
          since: '5.0.0',
          group: 'server',
          complexity: 'O(1)',
        },
        handler(c) {
          replyHelp(c, 'command', HELP);
        },
      },
    ],
  },
];
