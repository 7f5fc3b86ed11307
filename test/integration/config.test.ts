import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { startPair, type Pair } from '../helpers/diff';
import { spawn } from 'node:child_process';
import { freePort, SHOAL_BIN } from '../helpers/procs';
import { RespConn, show, type Reply } from '../helpers/resp';

let p: Pair;
before(async () => {
  p = await startPair();
});
after(async () => {
  await p.close();
});

/** CONFIG GET replies as a name -> value object (Redis's order is its hash order). */
function pairs(r: Reply): Record<string, string> {
  const v = show(r) as string[];
  const out: Record<string, string> = {};
  for (let i = 0; i < v.length; i += 2) out[v[i]] = v[i + 1];
  return out;
}

const SHARED = [
  'save', 'appendonly', 'maxmemory', 'maxmemory-policy', 'client-output-buffer-limit', 'slowlog-log-slower-than',
  'slowlog-max-len', 'latency-monitor-threshold', 'notify-keyspace-events', 'hash-max-listpack-entries',
  'hash-max-ziplist-value', 'list-max-listpack-size', 'set-max-intset-entries', 'zset-max-listpack-entries',
  'lua-time-limit', 'busy-reply-threshold', 'protected-mode', 'loglevel', 'logfile', 'daemonize', 'timeout',
  'tcp-keepalive', 'maxclients', 'databases', 'proto-max-bulk-len', 'client-query-buffer-limit', 'appendfsync',
  'stream-node-max-entries', 'repl-backlog-size', 'replica-read-only', 'slave-read-only',
];

test('CONFIG GET of shared parameters answers as Redis does', async () => {
  for (const name of SHARED) await p.same('CONFIG', 'GET', name);
  await p.same('CONFIG', 'GET', 'no-such-param');
  await p.same('CONFIG', 'GET', 'MAXMEMORY');
});

test('CONFIG GET with several patterns and globs', async () => {
  for (const pats of [['maxmemory*'], ['*max-*-entries*'], ['slowlog-*', 'maxmemory'], ['hash-max-?istpack-*'], ['[ab]ppend*']]) {
    const [a, b] = await p.both('CONFIG', 'GET', ...pats);
    // set-max-listpack-entries/value are new in 7.2; the 7.0 oracle lacks them.
    const shoal = pairs(a);
    delete shoal['set-max-listpack-entries'];
    delete shoal['set-max-listpack-value'];
    assert.deepEqual(shoal, pairs(b), `CONFIG GET ${pats.join(' ')}`);
  }
});

test('CONFIG SET validates like Redis, with its error texts', async () => {
  const cases: string[][] = [
    ['maxmemory', 'foo'], ['hz', 'abc'], ['protected-mode', 'maybe'], ['maxmemory-policy', 'foo'],
    ['daemonize', 'yes'], ['nosuch', '1'], ['hz', '10', 'hz', '11'], ['save', '1 2 3'], ['appendfsync', 'foo'],
    ['notify-keyspace-events', 'Q'], ['client-output-buffer-limit', 'normal 1 2'], ['client-output-buffer-limit', 'foo 1 2 3'],
    ['maxmemory', '-1'], ['timeout', '-1'], ['databases', '3'], ['slowlog-log-slower-than', '-5'],
    ['proto-max-bulk-len', '1'], ['maxmemory', '1.5'],
  ];
  for (const c of cases) await p.same('CONFIG', 'SET', ...c);
  await p.same('CONFIG', 'SET', 'maxmemory');
  await p.same('CONFIG', 'SET', 'maxmemory', '1', 'hz');
});

test('CONFIG SET applies several pairs, normalising values as Redis does', async () => {
  await p.same('CONFIG', 'SET', 'maxmemory', '1gb', 'maxmemory-policy', 'ALLKEYS-LRU', 'hz', '1000');
  await p.same('CONFIG', 'GET', 'maxmemory');
  await p.same('CONFIG', 'GET', 'maxmemory-policy');
  await p.same('CONFIG', 'GET', 'hz');
  await p.same('CONFIG', 'SET', 'notify-keyspace-events', 'KEA');
  await p.same('CONFIG', 'GET', 'notify-keyspace-events');
  await p.same('CONFIG', 'SET', 'notify-keyspace-events', 'Ex$');
  await p.same('CONFIG', 'GET', 'notify-keyspace-events');
  await p.same('CONFIG', 'SET', 'client-output-buffer-limit', 'pubsub 1mb 512kb 30');
  await p.same('CONFIG', 'GET', 'client-output-buffer-limit');
  await p.same('CONFIG', 'SET', 'save', '100 10 60 1000');
  await p.same('CONFIG', 'GET', 'save');
  await p.same('CONFIG', 'SET', 'lua-time-limit', '99');
  await p.same('CONFIG', 'GET', 'busy-reply-threshold');
  await p.same('CONFIG', 'SET', 'maxmemory', '0', 'maxmemory-policy', 'noeviction', 'hz', '10', 'save', '', 'lua-time-limit', '5000');
});

test('CONFIG SET is all or nothing', async () => {
  await p.same('CONFIG', 'SET', 'maxmemory', '12345', 'timeout', '-1');
  await p.same('CONFIG', 'GET', 'maxmemory');
  await p.same('CONFIG', 'GET', 'timeout');
});

test('CONFIG RESETSTAT clears INFO counters; CONFIG REWRITE needs a config file', async () => {
  await p.same('CONFIG', 'RESETSTAT');
  const info = show(await p.shoal.call('INFO', 'stats')) as string;
  assert.match(info, /total_commands_processed:[01]\r\n/);
  await p.same('CONFIG', 'REWRITE');
  await p.sameHelp('CONFIG', 'HELP');
  await p.same('CONFIG', 'NOSUCH');
});

/** A node started from a config file, which must come first on the command line. */
async function startWithFile(conf: string, extra: string[] = []): Promise<{ port: number; stop: () => Promise<void> }> {
  const port = await freePort();
  const child = spawn(process.execPath, [SHOAL_BIN, 'server', conf, '--port', String(port), ...extra], { stdio: 'ignore', cwd: path.dirname(conf) });
  for (let i = 0; i < 200; i++) {
    try {
      (await RespConn.connect(port)).close();
      break;
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  return {
    port,
    stop: async () => {
      if (child.exitCode !== null) return;
      const done = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await done;
    },
  };
}

function tmpDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'shoal-conf-'));
}

test('a config file with include and quoted values, overridden by the command line', async () => {
  const dir = tmpDir();
  fs.writeFileSync(path.join(dir, 'extra.conf'), 'maxmemory-policy allkeys-lfu\n');
  const conf = path.join(dir, 'shoal.conf');
  fs.writeFileSync(conf, `# main file\nmasterauth "pa ss"\ninclude ${path.join(dir, 'extra.conf')}\nsave 900 1\nsave 300 10\nhz 15\n`);
  const node = await startWithFile(conf, ['--hz', '20']);
  try {
    const c = await RespConn.connect(node.port);
    assert.deepEqual(show(await c.call('CONFIG', 'GET', 'masterauth')), ['masterauth', 'pa ss']);
    assert.deepEqual(show(await c.call('CONFIG', 'GET', 'maxmemory-policy')), ['maxmemory-policy', 'allkeys-lfu']);
    assert.deepEqual(show(await c.call('CONFIG', 'GET', 'save')), ['save', '900 1 300 10']);
    assert.deepEqual(show(await c.call('CONFIG', 'GET', 'hz')), ['hz', '20']);
    c.close();
  } finally {
    await node.stop();
  }
});

test('CONFIG REWRITE keeps comments and unknown lines, replaces and appends values', async () => {
  const dir = tmpDir();
  const conf = path.join(dir, 'shoal.conf');
  fs.writeFileSync(conf, '# keep this comment\nmaxmemory 1mb\n\n# and this one\nmaxmemory 2mb\nsave 900 1\n');
  const node = await startWithFile(conf);
  try {
    const c = await RespConn.connect(node.port);
    assert.equal(show(await c.call('CONFIG', 'SET', 'maxmemory', '3mb', 'slowlog-max-len', '99', 'save', '60 5')), 'OK');
    assert.equal(show(await c.call('CONFIG', 'REWRITE')), 'OK');
    const text = fs.readFileSync(conf, 'latin1');
    const lines = text.split('\n');
    assert.equal(lines[0], '# keep this comment');
    assert.equal(lines[1], 'maxmemory 3mb');
    assert.ok(lines.includes('# and this one'));
    assert.equal(lines.filter((l) => l.startsWith('maxmemory ')).length, 1);
    assert.ok(lines.includes('save 60 5'));
    assert.ok(!lines.includes('save 900 1'));
    assert.ok(lines.includes('# Generated by CONFIG REWRITE'));
    assert.ok(lines.includes('slowlog-max-len 99'));
    c.close();
  } finally {
    await node.stop();
  }
});

test('an unknown directive or bad value is a fatal error naming the line', () => {
  const dir = tmpDir();
  const conf = path.join(dir, 'bad.conf');
  fs.writeFileSync(conf, 'hz 10\nno-such-directive 1\n');
  const r = spawnSync(process.execPath, [SHOAL_BIN, 'server', conf], { encoding: 'latin1', timeout: 10000 });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /FATAL CONFIG FILE ERROR/);
  assert.match(r.stderr, /at line 2\n>>> 'no-such-directive 1'\nBad directive or wrong number of arguments/);
  fs.writeFileSync(conf, 'maxmemory lots\n');
  const r2 = spawnSync(process.execPath, [SHOAL_BIN, 'server', conf], { encoding: 'latin1', timeout: 10000 });
  assert.equal(r2.status, 1);
  assert.match(r2.stderr, /at line 1\n>>> 'maxmemory lots'\nargument must be a memory value/);
});
