/**
 * Server administration: INFO, CONFIG, TIME, LASTSAVE, SLOWLOG, LATENCY,
 * MONITOR, DEBUG, SHUTDOWN.
 */
import { busyError, runningScript } from '../scripting/busy';
import type { CommandDecl } from './spec';
import type { Client } from '../server/client';
import { ERR_SYNTAX } from './replies';
import { replyHelp } from './help';
import { infoText } from '../server/info';
import { rewriteConfigFile } from '../server/config-file';
import { parseSafeInt } from '../util/numbers';
import { isStringValue, type Value } from '../store/value';
import { latencyDoctor, latencyGraph } from '../server/latency-report';
import { BUCKETS, allCommands } from '../server/cmdstats';
import { arg, block, oneof, token } from './docs-args';

const ADMIN = 'admin noscript loading stale';
const ALL_NODES_OK = 'request_policy:all_nodes response_policy:all_succeeded';
const LATENCY_TIPS = 'nondeterministic_output request_policy:all_nodes response_policy:special';

function configGet(c: Client, argv: string[]): void {
  const pairs = c.server.config.match(argv.slice(2));
  c.map(pairs.length);
  for (const [k, v] of pairs) {
    c.bulk(k);
    c.bulk(v);
  }
}

function configSet(c: Client, argv: string[]): void {
  if ((argv.length - 2) % 2 !== 0) return c.error(ERR_SYNTAX);
  const pairs: [string, string][] = [];
  for (let i = 2; i < argv.length; i += 2) pairs.push([argv[i], argv[i + 1]]);
  try {
    c.server.config.setMany(pairs);
  } catch (e) {
    return c.error((e as Error).message);
  }
  c.ok();
}

function configRewrite(c: Client): void {
  const s = c.server;
  if (s.configFile === null) return c.error('ERR The server is running without a config file');
  try {
    rewriteConfigFile(s.configFile, s.config, s.defaults);
  } catch (e) {
    return c.error(`ERR Rewriting config file: ${(e as Error).message}`);
  }
  c.ok();
}

function slowlogGet(c: Client, argv: string[]): void {
  let count = 10;
  if (argv.length === 3) {
    const n = parseSafeInt(argv[2]);
    if (n === null || n < -1) return c.error('ERR count should be greater than or equal to -1');
    count = n === -1 ? Infinity : n;
  }
  const entries = c.server.slowlog.entries;
  const n = Math.min(count, entries.length);
  c.array(n);
  for (let i = 0; i < n; i++) {
    const e = entries[i];
    c.array(6);
    c.int(e.id);
    c.int(e.time);
    c.int(e.micros);
    c.bulkArray(e.argv);
    c.bulk(e.addr);
    c.bulk(e.name);
  }
}

function latencyHistogram(c: Client, argv: string[]): void {
  const s = c.server;
  const st = s.cmdStats;
  let cmds = allCommands(s.commands).filter((x) => st.calls[x.id] > 0);
  if (argv.length > 2) {
    const wanted = new Set(argv.slice(2).map((a) => a.toLowerCase()));
    cmds = cmds.filter((x) => wanted.has(x.fullName));
  }
  c.map(cmds.length);
  for (const cmd of cmds) {
    c.bulk(cmd.fullName);
    c.map(2);
    c.bulk('calls');
    c.int(st.calls[cmd.id]);
    c.bulk('histogram_usec');
    // Cumulative counts per power-of-two bucket, as Redis reports them.
    const rows: [number, number][] = [];
    let sum = 0;
    for (let b = 0; b < BUCKETS; b++) {
      const n = st.hist[cmd.id * BUCKETS + b];
      if (n === 0) continue;
      sum += n;
      rows.push([2 ** b, sum]);
    }
    c.map(rows.length);
    for (const [k, v] of rows) {
      c.int(k);
      c.int(v);
    }
  }
}

/** DEBUG is refused unless enable-debug-command allows it for this connection. */
function debugAllowed(c: Client): boolean {
  const mode = c.server.config.get('enable-debug-command');
  if (mode === 'yes') return true;
  if (mode === 'local') return c.addr === '' || c.addr.startsWith('127.') || c.addr.startsWith('::1');
  return false;
}

function stringEncoding(v: string | Buffer): string {
  if (typeof v === 'string' && v.length <= 20 && parseSafeInt(v) !== null) return 'int';
  return typeof v === 'string' && v.length <= 44 ? 'embstr' : 'raw';
}

function debugObject(c: Client, key: string): void {
  const v: Value | undefined = c.db.get(key);
  if (v === undefined) return c.error('ERR no such key');
  const encoding = isStringValue(v) ? stringEncoding(v) : v.encoding();
  const len = isStringValue(v) ? v.length : 0;
  c.status(`Value at:0x0 refcount:1 encoding:${encoding} serializedlength:${len} lru:0 lru_seconds_idle:0`);
}

/** Blocks the whole node, as DEBUG SLEEP blocks Redis. */
function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

const DEBUG_HELP = [
  'JMAP',
  '    No-op, accepted for compatibility.',
  'LOG <message>',
  '    Write <message> to the server log.',
  'OBJECT <key>',
  '    Show low level info about the <key> and associated value.',
  'SET-ACTIVE-EXPIRE <0|1>',
  '    Setting it to 0 disables expiring keys in background when they are not accessed.',
  'SLEEP <seconds>',
  '    Stop the server for <seconds>. Decimals allowed.',
  'ERROR <string>',
  '    Return a Redis protocol error with <string> as message.',
  'QUICKLIST-PACKED-THRESHOLD <size>',
  '    No-op, accepted for compatibility.',
];

function debug(c: Client, argv: string[]): void {
  if (!debugAllowed(c)) {
    return c.error(
      'ERR DEBUG command not allowed. If the enable-debug-command option is set to "local", you can run it from a local connection, otherwise you need to set this option in the configuration file, and then restart the server.',
    );
  }
  const sub = argv[1].toLowerCase();
  if (sub === 'help' && argv.length === 2) return replyHelp(c, 'DEBUG', DEBUG_HELP);
  if (sub === 'sleep' && argv.length === 3) {
    // atof semantics, as Redis: a leading number counts, anything else is 0.
    const secs = Number.parseFloat(argv[2]);
    if (secs > 0) sleepSync(secs * 1000);
    return c.ok();
  }
  if (sub === 'object' && argv.length === 3) return debugObject(c, argv[2]);
  if (sub === 'set-active-expire' && argv.length === 3) {
    c.server.keyspace.activeExpireEnabled = argv[2] !== '0';
    return c.ok();
  }
  if (sub === 'log' && argv.length === 3) {
    process.stdout.write(`DEBUG LOG: ${argv[2]}\n`);
    return c.ok();
  }
  if (sub === 'error' && argv.length === 3) return c.error(argv[2]);
  if ((sub === 'jmap' && argv.length === 2) || (sub === 'quicklist-packed-threshold' && argv.length === 3)) return c.ok();
  c.error(`ERR unknown subcommand or wrong number of arguments for '${argv[1]}'. Try DEBUG HELP.`);
}

function shutdown(c: Client, argv: string[]): void {
  let save: boolean | null = null;
  let abort = false;
  let others = false;
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i].toLowerCase();
    if (a === 'nosave' || a === 'save') {
      const want = a === 'save';
      if (save !== null && save !== want) return c.error(ERR_SYNTAX);
      save = want;
      others = true;
    } else if (a === 'now' || a === 'force') {
      others = true;
    } else if (a === 'abort') {
      abort = true;
    } else {
      return c.error(ERR_SYNTAX);
    }
  }
  if (abort && others) return c.error(ERR_SYNTAX);
  // Shutdown here is immediate, so there is never one in progress to abort.
  if (abort) return c.error('ERR No shutdown in progress.');
  // A busy script may have changed the data half way: only a shutdown that does not save may stop it.
  const busy = runningScript(c.server);
  if (busy !== null && save !== false) return c.error(busyError(busy.kind));
  void c.server.shutdown(save);
}

export const serverCommands: CommandDecl[] = [
  {
    name: 'info',
    arity: -1,
    flags: 'loading stale',
    acl: '@dangerous',
    tips: 'nondeterministic_output request_policy:all_shards response_policy:special',
    docs: {
      summary: 'Replies with server information and statistics by section.',
      since: '1.0.0',
      group: 'server',
      complexity: 'O(1)',
      history: [
        ['7.0.0', 'Added support for taking multiple section arguments.'],
      ],
      arguments: [arg('section', 'string', { flags: 'optional multiple' })],
    },
    handler(c, argv) {
      c.verbatim(infoText(c.server, argv.slice(1)));
    },
  },
  {
    name: 'config',
    arity: -2,
    docs: {
      summary: 'Groups the configuration commands.',
      since: '2.0.0',
      group: 'server',
      complexity: 'Depends on subcommand.',
    },
    subcommands: [
      {
        name: 'get',
        arity: -3,
        flags: ADMIN,
        docs: {
          summary: 'Reads configuration parameters matching patterns.',
          since: '2.0.0',
          group: 'server',
          complexity: 'O(N) when N is the number of configuration parameters provided',
          history: [
            ['7.0.0', 'Added the ability to pass multiple pattern parameters in one call'],
          ],
          arguments: [block('parameter', [arg('parameter', 'string')], { flags: 'multiple' })],
        },
        handler: configGet,
      },
      {
        name: 'set',
        arity: -4,
        flags: ADMIN,
        tips: ALL_NODES_OK,
        docs: {
          summary: 'Changes configuration parameters at run time.',
          since: '2.0.0',
          group: 'server',
          complexity: 'O(N) when N is the number of configuration parameters provided',
          history: [
            ['7.0.0', 'Added the ability to set multiple parameters in one call.'],
          ],
          arguments: [
            block('parameter_value', [arg('parameter', 'string'), arg('value', 'string')], { flags: 'multiple' }),
          ],
        },
        handler: configSet,
      },
      {
        name: 'resetstat',
        arity: 2,
        flags: ADMIN,
        tips: ALL_NODES_OK,
        docs: {
          summary: 'Zeroes the statistics that INFO reports.',
          since: '2.0.0',
          group: 'server',
          complexity: 'O(1)',
        },
        handler(c) {
          c.server.resetStats();
          c.ok();
        },
      },
      {
        name: 'rewrite',
        arity: 2,
        flags: ADMIN,
        tips: ALL_NODES_OK,
        docs: {
          summary: 'Writes the running configuration to the configuration file.',
          since: '2.8.0',
          group: 'server',
          complexity: 'O(1)',
        },
        handler: configRewrite,
      },
      {
        name: 'help',
        arity: 2,
        flags: 'loading stale',
        docs: {
          summary: 'Lists the CONFIG subcommands.',
          since: '5.0.0',
          group: 'server',
          complexity: 'O(1)',
        },
        handler(c) {
          replyHelp(c, 'CONFIG', [
            'GET <pattern>',
            '    Return parameters matching the glob-like <pattern> and their values.',
            'SET <directive> <value>',
            '    Set the configuration <directive> to <value>.',
            'RESETSTAT',
            '    Reset statistics reported by the INFO command.',
            'REWRITE',
            '    Rewrite the configuration file.',
          ]);
        },
      },
    ],
  },
  {
    name: 'time',
    arity: 1,
    flags: 'loading stale fast',
    tips: 'nondeterministic_output',
    docs: {
      summary: 'Replies with the server clock as seconds and microseconds.',
      since: '2.6.0',
      group: 'server',
      complexity: 'O(1)',
    },
    handler(c) {
      const t = performance.timeOrigin + performance.now();
      const sec = Math.floor(t / 1000);
      c.array(2);
      c.bulk(String(sec));
      c.bulk(String(Math.floor((t - sec * 1000) * 1000)));
    },
  },
  {
    name: 'lastsave',
    arity: 1,
    flags: 'loading stale fast',
    acl: '@admin @dangerous',
    tips: 'nondeterministic_output',
    docs: {
      summary: 'Replies with the Unix time of the last successful save.',
      since: '1.0.0',
      group: 'server',
      complexity: 'O(1)',
    },
    handler(c) {
      c.int(c.server.lastSave);
    },
  },
  {
    name: 'slowlog',
    arity: -2,
    docs: {
      summary: 'Groups the slow log commands.',
      since: '2.2.12',
      group: 'server',
      complexity: 'Depends on subcommand.',
    },
    subcommands: [
      {
        name: 'get',
        arity: -2,
        flags: 'admin loading stale',
        tips: 'request_policy:all_nodes nondeterministic_output',
        docs: {
          summary: 'Replies with the newest slow log entries.',
          since: '2.2.12',
          group: 'server',
          complexity: 'O(N) where N is the number of entries returned',
          history: [
            ['4.0.0', 'Added client IP address, port and name to the reply.'],
          ],
          arguments: [arg('count', 'integer', { flags: 'optional' })],
        },
        handler: slowlogGet,
      },
      {
        name: 'len',
        arity: 2,
        flags: 'admin loading stale',
        tips: 'request_policy:all_nodes response_policy:agg_sum nondeterministic_output',
        docs: {
          summary: 'Counts the entries of the slow log.',
          since: '2.2.12',
          group: 'server',
          complexity: 'O(1)',
        },
        handler(c) {
          c.int(c.server.slowlog.entries.length);
        },
      },
      {
        name: 'reset',
        arity: 2,
        flags: 'admin loading stale',
        tips: ALL_NODES_OK,
        docs: {
          summary: 'Empties the slow log.',
          since: '2.2.12',
          group: 'server',
          complexity: 'O(N) where N is the number of entries in the slowlog',
        },
        handler(c) {
          c.server.slowlog.reset();
          c.ok();
        },
      },
      {
        name: 'help',
        arity: 2,
        flags: 'loading stale',
        docs: {
          summary: 'Lists the SLOWLOG subcommands.',
          since: '6.2.0',
          group: 'server',
          complexity: 'O(1)',
        },
        handler(c) {
          replyHelp(c, 'SLOWLOG', [
            'GET [<count>]',
            '    Return top <count> entries from the slowlog (default: 10, -1 mean all).',
            '    Entries are made of:',
            '    id, timestamp, time in microseconds, arguments array, client IP and port,',
            '    client name',
            'LEN',
            '    Return the length of the slowlog.',
            'RESET',
            '    Reset the slowlog.',
          ]);
        },
      },
    ],
  },
  {
    name: 'latency',
    arity: -2,
    docs: {
      summary: 'Groups the latency monitoring commands.',
      since: '2.8.13',
      group: 'server',
      complexity: 'Depends on subcommand.',
    },
    subcommands: [
      {
        name: 'latest',
        arity: 2,
        flags: ADMIN,
        tips: LATENCY_TIPS,
        docs: {
          summary: 'Replies with the latest latency spike of every event.',
          since: '2.8.13',
          group: 'server',
          complexity: 'O(1)',
        },
        handler(c) {
          const events = c.server.latency.events;
          c.array(events.size);
          for (const [name, ev] of events) {
            const last = ev.samples[ev.samples.length - 1];
            c.array(4);
            c.bulk(name);
            c.int(last.time);
            c.int(last.ms);
            c.int(ev.max);
          }
        },
      },
      {
        name: 'history',
        arity: 3,
        flags: ADMIN,
        tips: LATENCY_TIPS,
        docs: {
          summary: 'Replies with the recorded latency spikes of an event.',
          since: '2.8.13',
          group: 'server',
          complexity: 'O(1)',
          arguments: [arg('event', 'string')],
        },
        handler(c, argv) {
          const ev = c.server.latency.events.get(argv[2]);
          const samples = ev ? ev.samples : [];
          c.array(samples.length);
          for (const s of samples) {
            c.array(2);
            c.int(s.time);
            c.int(s.ms);
          }
        },
      },
      {
        name: 'reset',
        arity: -2,
        flags: ADMIN,
        tips: 'request_policy:all_nodes response_policy:agg_sum',
        docs: {
          summary: 'Forgets the recorded latency spikes of events.',
          since: '2.8.13',
          group: 'server',
          complexity: 'O(1)',
          arguments: [arg('event', 'string', { flags: 'optional multiple' })],
        },
        handler(c, argv) {
          c.int(c.server.latency.reset(argv.slice(2)));
        },
      },
      {
        name: 'doctor',
        arity: 2,
        flags: ADMIN,
        tips: LATENCY_TIPS,
        docs: {
          summary: 'Reports latency problems in plain words.',
          since: '2.8.13',
          group: 'server',
          complexity: 'O(1)',
        },
        handler(c) {
          c.verbatim(latencyDoctor(c.server.latency, c.server.config.num('latency-monitor-threshold')));
        },
      },
      {
        name: 'graph',
        arity: 3,
        flags: ADMIN,
        tips: LATENCY_TIPS,
        docs: {
          summary: 'Draws an event\'s latency spikes as text.',
          since: '2.8.13',
          group: 'server',
          complexity: 'O(1)',
          arguments: [arg('event', 'string')],
        },
        handler(c, argv) {
          const ev = c.server.latency.events.get(argv[2]);
          if (ev === undefined) return c.error(`ERR No samples available for event '${argv[2]}'`);
          c.verbatim(latencyGraph(argv[2], ev));
        },
      },
      {
        name: 'histogram',
        arity: -2,
        flags: ADMIN,
        tips: LATENCY_TIPS,
        docs: {
          summary: 'Replies with per-command latency distributions.',
          since: '7.0.0',
          group: 'server',
          complexity: 'O(N) where N is the number of commands with latency information being retrieved.',
          arguments: [arg('command', 'string', { flags: 'optional multiple' })],
        },
        handler: latencyHistogram,
      },
      {
        name: 'help',
        arity: 2,
        flags: 'loading stale',
        docs: {
          summary: 'Lists the LATENCY subcommands.',
          since: '2.8.13',
          group: 'server',
          complexity: 'O(1)',
        },
        handler(c) {
          replyHelp(c, 'LATENCY', [
            'DOCTOR',
            '    Return a human readable latency analysis report.',
            'GRAPH <event>',
            '    Return an ASCII latency graph for the <event> class.',
            'HISTORY <event>',
            '    Return time-latency samples for the <event> class.',
            'LATEST',
            '    Return the latest latency samples for all events.',
            'RESET [<event> ...]',
            '    Reset latency data of one or more <event> classes.',
            '    (default: reset all data for all event classes)',
            'HISTOGRAM [COMMAND ...]',
            '    Return a cumulative distribution of latencies in the format of a histogram for the specified command names.',
            '    If no commands are specified then all histograms are replied.',
          ]);
        },
      },
    ],
  },
  {
    name: 'monitor',
    arity: 1,
    flags: ADMIN,
    docs: {
      summary: 'Streams every command the server receives to this connection.',
      since: '1.0.0',
      group: 'server',
    },
    handler(c) {
      if (c.monitor) return;
      c.monitor = true;
      c.server.monitors.add(c);
      c.ok();
    },
  },
  {
    name: 'debug',
    arity: -2,
    flags: ADMIN,
    docs: {
      summary: 'Groups commands for debugging the server.',
      since: '1.0.0',
      group: 'server',
      complexity: 'Depends on subcommand.',
      docFlags: ['syscmd'],
    },
    handler: debug,
  },
  {
    name: 'shutdown',
    arity: -1,
    flags: 'admin noscript loading stale no_multi allow_busy',
    docs: {
      summary: 'Stops the server, saving first when persistence asks for it.',
      since: '1.0.0',
      group: 'server',
      complexity: 'O(N) when saving, where N is the total number of keys in all databases when saving data, otherwise O(1)',
      history: [
        ['7.0.0', 'Added the `NOW`, `FORCE` and `ABORT` modifiers.'],
      ],
      arguments: [
        oneof('nosave_save', [token('NOSAVE'), token('SAVE')], { flags: 'optional' }),
        token('NOW', { since: '7.0.0', flags: 'optional' }),
        token('FORCE', { since: '7.0.0', flags: 'optional' }),
        token('ABORT', { since: '7.0.0', flags: 'optional' }),
      ],
    },
    handler: shutdown,
  },
];
