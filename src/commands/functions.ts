/**
 * FCALL / FCALL_RO and FUNCTION: libraries of Lua functions, run by the
 * functions engine (src/scripting/functions.ts). As in Redis Cluster, a
 * node does not pass FUNCTION LOAD/DELETE/FLUSH/RESTORE on to the others:
 * their all_shards tips tell cluster clients to send them to every primary.
 */
import type { CommandDecl } from './spec';
import { arg, oneof, token } from './docs-args';
import type { Client } from '../server/client';
import { callCommand, callDocs, subDocs } from './scripting';
import { replyHelp } from './help';
import { functionsOf } from '../scripting/engines';
import { busyError, killScript, runningScript } from '../scripting/busy';
import { globMatch } from '../util/glob';

const ALL_SHARDS = 'request_policy:all_shards response_policy:all_succeeded';

const HELP = [
  'LOAD [REPLACE] <FUNCTION CODE>',
  '    Create a new library with the given library name and code.',
  'DELETE <LIBRARY NAME>',
  '    Delete the given library.',
  'LIST [LIBRARYNAME PATTERN] [WITHCODE]',
  '    Return general information on all the libraries:',
  '    * Library name',
  '    * The engine used to run the Library',
  '    * Functions list',
  '    * Library code (if WITHCODE is given)',
  '    It also possible to get only function that matches a pattern using LIBRARYNAME argument.',
  'STATS',
  '    Return information about the current function running:',
  '    * Function name',
  '    * Command used to run the function',
  '    * Duration in MS that the function is running',
  '    If no function is running, return nil',
  '    In addition, returns a list of available engines.',
  'KILL',
  '    Kill the current running function.',
  'FLUSH [ASYNC|SYNC]',
  '    Delete all the libraries.',
  '    When called without the optional mode argument, the behavior is determined by the',
  '    lazyfree-lazy-user-flush configuration directive. Valid modes are:',
  '    * ASYNC: Asynchronously flush the libraries.',
  '    * SYNC: Synchronously flush the libraries.',
  'DUMP',
  '    Return a serialized payload representing the current libraries, can be restored using FUNCTION RESTORE command',
  'RESTORE <PAYLOAD> [FLUSH|APPEND|REPLACE]',
  '    Restore the libraries represented by the given payload, it is possible to give a restore policy to',
  '    control how to handle existing libraries (default APPEND):',
  '    * FLUSH: delete all existing libraries.',
  '    * APPEND: appends the restored libraries to the existing libraries. On collision, abort.',
  '    * REPLACE: appends the restored libraries to the existing libraries, On collision, replace the old',
  '      libraries with the new libraries (notice that even on this option there is a chance of failure',
  '      in case of functions name collision with another library).',
];

function syntaxError(c: Client, argv: string[]): void {
  c.error(`ERR unknown subcommand or wrong number of arguments for '${argv[1].slice(0, 128)}'. Try FUNCTION HELP.`);
}

function load(c: Client, argv: string[]): void {
  let replace = false;
  for (let i = 2; i < argv.length - 1; i++) {
    if (argv[i].toLowerCase() !== 'replace') return c.error(`ERR Unknown option given: ${argv[i]}`);
    replace = true;
  }
  const loaded = functionsOf(c.server).load(argv[argv.length - 1], replace);
  if ('err' in loaded) return c.error('ERR ' + loaded.err);
  c.server.dirty++;
  c.bulk(loaded.name);
}

function list(c: Client, argv: string[]): void {
  let withCode = false;
  let pattern: string | null = null;
  for (let i = 2; i < argv.length; i++) {
    const a = argv[i].toLowerCase();
    if (!withCode && a === 'withcode') {
      withCode = true;
    } else if (pattern === null && a === 'libraryname') {
      if (i >= argv.length - 1) return c.error('ERR library name argument was not given');
      pattern = argv[++i];
    } else {
      return c.error(`ERR Unknown argument ${argv[i]}`);
    }
  }
  const libs = [...functionsOf(c.server).libraries.values()].filter((lib) => pattern === null || globMatch(pattern, lib.name, true));
  c.array(libs.length);
  for (const lib of libs) {
    c.map(withCode ? 4 : 3);
    c.bulk('library_name');
    c.bulk(lib.name);
    c.bulk('engine');
    c.bulk('LUA');
    c.bulk('functions');
    c.array(lib.functions.size);
    for (const f of lib.functions.values()) {
      c.map(3);
      c.bulk('name');
      c.bulk(f.name);
      c.bulk('description');
      c.bulkOrNull(f.description);
      c.bulk('flags');
      c.set(f.flags.length);
      for (const flag of f.flags) c.status(flag);
    }
    if (withCode) {
      c.bulk('library_code');
      c.bulk(lib.code);
    }
  }
}

function stats(c: Client): void {
  const running = runningScript(c.server);
  if (running !== null && running.kind === 'eval') return c.error(busyError('eval'));
  const engine = functionsOf(c.server);
  c.map(2);
  c.bulk('running_script');
  if (running === null) {
    c.nullBulk();
  } else {
    c.map(3);
    c.bulk('name');
    c.bulk(running.name);
    c.bulk('command');
    c.bulkArray(running.argv);
    c.bulk('duration_ms');
    c.int(Math.floor(performance.now() - running.start));
  }
  c.bulk('engines');
  c.map(1);
  c.bulk('LUA');
  c.map(2);
  c.bulk('libraries_count');
  c.int(engine.libraries.size);
  c.bulk('functions_count');
  c.int(engine.functionCount);
}

function restore(c: Client, argv: string[]): void {
  if (argv.length > 4) return syntaxError(c, argv);
  const policy = argv.length === 4 ? argv[3].toLowerCase() : 'append';
  if (policy !== 'append' && policy !== 'replace' && policy !== 'flush') {
    return c.error('ERR Wrong restore policy given, value should be either FLUSH, APPEND or REPLACE.');
  }
  const err = functionsOf(c.server).restore(Buffer.from(argv[2], 'latin1'), policy);
  if (err !== null) return c.error('ERR ' + err);
  c.server.dirty++;
  c.ok();
}

export const functionCommands: CommandDecl[] = [
  callCommand('fcall', false, callDocs('Invokes a function.', '7.0.0', 'function', 'Depends on the function that is executed.'), (c, argv) =>
    functionsOf(c.server).fcall(c, argv, false),
  ),
  callCommand('fcall_ro', true, callDocs('Invokes a read-only function.', '7.0.0', 'function', 'Depends on the function that is executed.'), (c, argv) =>
    functionsOf(c.server).fcall(c, argv, true),
  ),
  {
    name: 'function',
    arity: -2,
    docs: { summary: 'A container for function commands.', since: '7.0.0', group: 'scripting', complexity: 'Depends on subcommand.' },
    subcommands: [
      {
        name: 'load',
        arity: -3,
        flags: 'write denyoom noscript',
        acl: '@scripting',
        tips: ALL_SHARDS,
        docs: subDocs('Creates a library.', '7.0.0', 'O(1) (considering compilation time is redundant)', {
          arguments: [token('REPLACE', { flags: 'optional' }), arg('function-code', 'string')],
        }),
        handler: load,
      },
      {
        name: 'delete',
        arity: 3,
        flags: 'write noscript',
        acl: '@scripting',
        tips: ALL_SHARDS,
        docs: subDocs('Deletes a library and its functions.', '7.0.0', 'O(1)', { arguments: [arg('library-name', 'string')] }),
        handler(c, argv) {
          if (!functionsOf(c.server).delete(argv[2])) return c.error('ERR Library not found');
          c.server.dirty++;
          c.ok();
        },
      },
      {
        name: 'flush',
        arity: -2,
        flags: 'write noscript',
        acl: '@scripting',
        tips: ALL_SHARDS,
        docs: subDocs('Deletes all libraries and functions.', '7.0.0', 'O(N) where N is the number of functions deleted', {
          arguments: [oneof('async', [token('ASYNC'), token('SYNC')], { flags: 'optional' })],
        }),
        handler(c, argv) {
          if (argv.length > 3) return syntaxError(c, argv);
          const mode = argv.length === 3 ? argv[2].toLowerCase() : 'sync';
          if (mode !== 'sync' && mode !== 'async') return c.error('ERR FUNCTION FLUSH only supports SYNC|ASYNC option');
          functionsOf(c.server).flush();
          c.server.dirty++;
          c.ok();
        },
      },
      {
        name: 'list',
        arity: -2,
        flags: 'noscript',
        acl: '@scripting',
        tips: 'nondeterministic_output_order',
        docs: subDocs('Returns information about all libraries.', '7.0.0', 'O(N) where N is the number of functions', {
          arguments: [
            arg('library-name-pattern', 'string', { token: 'LIBRARYNAME', flags: 'optional' }),
            token('WITHCODE', { flags: 'optional' }),
          ],
        }),
        handler: list,
      },
      {
        name: 'dump',
        arity: 2,
        flags: 'noscript',
        acl: '@scripting',
        docs: subDocs('Dumps all libraries into a serialized binary payload.', '7.0.0', 'O(N) where N is the number of functions'),
        handler: (c) => c.bulk(functionsOf(c.server).dump()),
      },
      {
        name: 'restore',
        arity: -3,
        flags: 'write denyoom noscript',
        acl: '@scripting',
        tips: ALL_SHARDS,
        docs: subDocs('Restores all libraries from a payload.', '7.0.0', 'O(N) where N is the number of functions on the payload', {
          arguments: [
            arg('serialized-value', 'string'),
            oneof('policy', [token('FLUSH'), token('APPEND'), token('REPLACE')], { flags: 'optional' }),
          ],
        }),
        handler: restore,
      },
      {
        name: 'stats',
        arity: 2,
        flags: 'noscript allow_busy',
        acl: '@scripting',
        tips: 'nondeterministic_output request_policy:all_shards response_policy:special',
        docs: subDocs('Returns information about a function during execution.', '7.0.0', 'O(1)'),
        handler: stats,
      },
      {
        name: 'kill',
        arity: 2,
        flags: 'noscript allow_busy',
        acl: '@scripting',
        tips: 'request_policy:all_shards response_policy:one_succeeded',
        docs: subDocs('Terminates a function during execution.', '7.0.0', 'O(1)'),
        handler: (c) => killScript(c, 'function'),
      },
      {
        name: 'help',
        arity: 2,
        flags: 'loading stale',
        acl: '@scripting',
        docs: subDocs('Lists the FUNCTION subcommands.', '7.0.0', 'O(1)'),
        handler: (c) => replyHelp(c, 'function', HELP),
      },
    ],
  },
];
