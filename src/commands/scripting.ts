/**
 * EVAL / EVALSHA / EVAL_RO / EVALSHA_RO and SCRIPT: Lua scripts run by the
 * server's scripting engine (src/scripting/engine.ts).
 */
import type { CommandDecl, CommandDocs, Handler } from './spec';
import { ks, index, keynum } from './spec';
import { arg, key, oneof, token } from './docs-args';
import type { Client } from '../server/client';
import { engineOf } from '../scripting/engines';
import type { Script } from '../scripting/engine';
import { parseSafeInt } from '../util/numbers';
import { replyHelp } from './help';
import { killScript } from '../scripting/busy';

const EVAL_FLAGS = 'noscript stale skip_monitor no_mandatory_keys';
const RW_KEYS = [ks('RW access update', index(2), keynum(0, 1, 1))];
const RO_KEYS = [ks('RO access', index(2), keynum(0, 1, 1))];

/** The docs of a command that runs code (EVAL, FCALL...): what it runs, its key count, its keys and arguments. */
export function callDocs(summary: string, since: string, first: 'script' | 'sha1' | 'function', complexity: string): CommandDocs {
  return {
    summary,
    since,
    group: 'scripting',
    complexity,
    arguments: [arg(first, 'string'), arg('numkeys', 'integer'), key('key', 0, { flags: 'optional multiple' }), arg('arg', 'string', { flags: 'optional multiple' })],
  };
}

/** EVAL and its variants, FCALL and FCALL_RO: one shape, keys counted by argv[2]. */
export function callCommand(name: string, readonly: boolean, docs: CommandDocs, handler: Handler): CommandDecl {
  return {
    name,
    arity: -3,
    flags: readonly ? 'readonly ' + EVAL_FLAGS : EVAL_FLAGS,
    acl: '@scripting',
    keys: readonly ? RO_KEYS : RW_KEYS,
    docs,
    handler,
  };
}

/** Runs the script named by argv[1] (its body, or its SHA1 when `bySha`). */
function runScript(c: Client, argv: string[], bySha: boolean, readonly: boolean): void {
  const numkeys = parseSafeInt(argv[2]);
  if (numkeys === null) return c.error('ERR value is not an integer or out of range');
  if (numkeys > argv.length - 3) return c.error("ERR Number of keys can't be greater than number of args");
  if (numkeys < 0) return c.error("ERR Number of keys can't be negative");
  const engine = engineOf(c.server);
  let sha: string;
  let script: Script | undefined;
  if (bySha) {
    sha = argv[1].toLowerCase();
    script = engine.scripts.get(sha);
    if (script === undefined) return c.error('NOSCRIPT No matching script. Please use EVAL.');
  } else {
    const loaded = engine.load(argv[1]);
    if (loaded.script === null) return c.error(loaded.err);
    sha = loaded.sha;
    script = loaded.script;
  }
  engine.exec(c, sha, script, argv.slice(3, 3 + numkeys), argv.slice(3 + numkeys), readonly, argv);
}

function evalCommand(name: string, bySha: boolean, readonly: boolean, summary: string, since: string): CommandDecl {
  const docs = callDocs(summary, since, bySha ? 'sha1' : 'script', 'Depends on the script that is executed.');
  return callCommand(name, readonly, docs, (c, argv) => runScript(c, argv, bySha, readonly));
}

/** The docs of a SCRIPT or FUNCTION subcommand. */
export function subDocs(summary: string, since: string, complexity: string, extra?: Partial<CommandDocs>): CommandDocs {
  return { summary, since, group: 'scripting', complexity, ...extra };
}

const HELP = [
  'DEBUG (YES|SYNC|NO)',
  '    Set the debug mode for subsequent scripts executed.',
  'EXISTS <sha1> [<sha1> ...]',
  '    Return information about the existence of the scripts in the script cache.',
  'FLUSH [ASYNC|SYNC]',
  '    Flush the Lua scripts cache. Very dangerous on replicas.',
  '    When called without the optional mode argument, the behavior is determined by the',
  '    lazyfree-lazy-user-flush configuration directive. Valid modes are:',
  '    * ASYNC: Asynchronously flush the scripts cache.',
  '    * SYNC: Synchronously flush the scripts cache.',
  'KILL',
  '    Kill the currently executing Lua script.',
  'LOAD <script>',
  '    Load a script into the scripts cache without executing it.',
];

export const scriptingCommands: CommandDecl[] = [
  evalCommand('eval', false, false, 'Executes a server-side Lua script.', '2.6.0'),
  evalCommand('evalsha', true, false, 'Executes a server-side Lua script by SHA1 digest.', '2.6.0'),
  evalCommand('eval_ro', false, true, 'Executes a read-only server-side Lua script.', '7.0.0'),
  evalCommand('evalsha_ro', true, true, 'Executes a read-only server-side Lua script by SHA1 digest.', '7.0.0'),
  {
    name: 'script',
    arity: -2,
    docs: { summary: 'A container for Lua scripts management commands.', since: '2.6.0', group: 'scripting', complexity: 'Depends on subcommand.' },
    subcommands: [
      {
        name: 'help',
        arity: 2,
        flags: 'loading stale',
        acl: '@scripting',
        docs: subDocs('Lists the SCRIPT subcommands.', '5.0.0', 'O(1)'),
        handler: (c) => replyHelp(c, 'script', HELP),
      },
      {
        name: 'flush',
        arity: -2,
        flags: 'noscript',
        acl: '@scripting',
        tips: 'request_policy:all_nodes response_policy:all_succeeded',
        docs: subDocs('Removes all server-side Lua scripts from the script cache.', '2.6.0', 'O(N) with N being the number of scripts in cache', {
          history: [['6.2.0', 'Added the `ASYNC` and `SYNC` flushing mode modifiers.']],
          arguments: [oneof('async', [token('ASYNC'), token('SYNC')], { since: '6.2.0', flags: 'optional' })],
        }),
        handler(c, argv) {
          const mode = argv.length === 3 ? argv[2].toLowerCase() : 'sync';
          if (argv.length > 3 || (mode !== 'sync' && mode !== 'async')) return c.error('ERR SCRIPT FLUSH only support SYNC|ASYNC option');
          engineOf(c.server).flush();
          c.ok();
        },
      },
      {
        name: 'exists',
        arity: -3,
        flags: 'noscript',
        acl: '@scripting',
        tips: 'request_policy:all_shards response_policy:agg_logical_and',
        docs: subDocs(
          'Determines whether server-side Lua scripts exist in the script cache.',
          '2.6.0',
          'O(N) with N being the number of scripts to check (so checking a single script is an O(1) operation).',
          { arguments: [arg('sha1', 'string', { flags: 'multiple' })] },
        ),
        handler(c, argv) {
          const scripts = engineOf(c.server).scripts;
          c.array(argv.length - 2);
          for (let i = 2; i < argv.length; i++) c.int(scripts.has(argv[i].toLowerCase()) ? 1 : 0);
        },
      },
      {
        name: 'debug',
        arity: 3,
        flags: 'noscript',
        acl: '@scripting',
        docs: subDocs('Sets the debug mode of server-side Lua scripts.', '3.2.0', 'O(1)', {
          arguments: [oneof('mode', [token('YES'), token('SYNC'), token('NO')])],
        }),
        handler(c, argv) {
          const mode = argv[2].toLowerCase();
          if (mode === 'no') return c.ok();
          // The step debugger needs a client that owns the server while it waits: not provided.
          if (mode === 'yes' || mode === 'sync') return c.error('ERR SCRIPT DEBUG is not supported by this server');
          c.error('ERR Use SCRIPT DEBUG YES/SYNC/NO');
        },
      },
      {
        name: 'load',
        arity: 3,
        flags: 'noscript stale',
        acl: '@scripting',
        tips: 'request_policy:all_nodes response_policy:all_succeeded',
        docs: subDocs('Loads a server-side Lua script to the script cache.', '2.6.0', 'O(N) with N being the length in bytes of the script body.', {
          arguments: [arg('script', 'string')],
        }),
        handler(c, argv) {
          const loaded = engineOf(c.server).load(argv[2]);
          if (loaded.script === null) return c.error(loaded.err);
          c.bulk(loaded.sha);
        },
      },
      {
        name: 'kill',
        arity: 2,
        flags: 'noscript allow_busy',
        acl: '@scripting',
        tips: 'request_policy:all_shards response_policy:one_succeeded',
        docs: subDocs('Terminates a server-side Lua script during execution.', '2.6.0', 'O(1)'),
        handler: (c) => killScript(c, 'eval'),
      },
    ],
  },
];
