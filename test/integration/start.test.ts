/**
 * End to end: `shoal start` brings up a real 3-shard cluster; clients use it
 * through the endpoint, slots move while a client writes, a crashed node is
 * restarted, and a second start brings back the same cluster.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { Cluster } from 'ioredis';
import { SHOAL_BIN } from '../helpers/procs';
import { NODE_FLAGS } from '../../src/cli/node-flags';
import { keySlot } from '../../src/cluster/slot';

let dir: string;
let base: number;
let proc: ChildProcess;
let out = '';

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

/** A base port whose 3 client ports and 3 control ports (+10000) are all free. */
async function freeBase(): Promise<number> {
  for (;;) {
    const p = 20000 + Math.floor(Math.random() * 20000);
    const ports = [p, p + 1, p + 2, p + 10000, p + 10001, p + 10002];
    if ((await Promise.all(ports.map(portFree))).every(Boolean)) return p;
  }
}

function run(cmd: string, args: string[]): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(cmd, args, { timeout: 120000 }, (err, stdout, stderr) => resolve({ code: err ? Number(err.code ?? 1) : 0, out: stdout + stderr }));
  });
}

const shoal = (...args: string[]): Promise<{ code: number; out: string }> => run(process.execPath, [SHOAL_BIN, ...args, '--dir', dir]);
const cli = (...args: string[]): Promise<{ code: number; out: string }> =>
  run('redis-cli', ['-c', '-p', String(base), '--user', 'app', '--pass', 'pw', '--no-auth-warning', ...args]);

async function startCluster(extra: string[]): Promise<void> {
  out = '';
  proc = spawn(process.execPath, [...NODE_FLAGS, SHOAL_BIN, 'start', '--dir', dir, ...extra], { stdio: ['ignore', 'pipe', 'pipe'] });
  proc.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const deadline = Date.now() + 90000;
  while (!out.includes('Press Ctrl-C to stop.')) {
    if (proc.exitCode !== null) throw new Error(`shoal start exited: ${out}`);
    if (Date.now() > deadline) throw new Error(`shoal start did not come up: ${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  if (!out.includes('Shoal cluster is up')) {
    const logs = path.join(dir, 'logs');
    const tails = fs.readdirSync(logs).map((f) => `--- ${f}\n${fs.readFileSync(path.join(logs, f), 'utf8').slice(-600)}`);
    throw new Error(`the cluster did not come up:\n${out}\n${tails.join('\n')}`);
  }
}

async function stopCluster(): Promise<number | null> {
  if (proc.exitCode !== null) return proc.exitCode;
  const done = new Promise<number | null>((r) => proc.once('exit', (code) => r(code)));
  proc.kill('SIGTERM');
  return done;
}

function cluster(): Cluster {
  const c = new Cluster([{ host: '127.0.0.1', port: base }], {
    redisOptions: { username: 'app', password: 'pw' },
    // Give up instead of retrying forever if the cluster is broken, so the test fails rather than hangs.
    clusterRetryStrategy: (times) => (times > 20 ? null : 200),
  });
  c.on('error', () => undefined);
  return c;
}

/** Rows of `shoal status`: [shard, id, role, address, slots, keys, health]. */
async function statusRows(): Promise<string[][]> {
  const r = await shoal('status');
  assert.equal(r.code, 0, r.out);
  return r.out.trim().split('\n').slice(2).map((l) => l.split(/ +/));
}

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shoal-start-'));
  base = await freeBase();
  await startCluster(['--shards', '3', '--port', String(base), '--user', 'app', '--password', 'pw']);
});

after(async () => {
  await stopCluster();
});

test('shoal start prints the endpoint and how to connect', () => {
  assert.match(out, /created a 3-shard cluster in /);
  assert.match(out, new RegExp(`Endpoint: 127\\.0\\.0\\.1:${base}\\n`));
  assert.match(out, new RegExp(`Connect with: redis-cli -c -p ${base} --user app --askpass\\n`));
  assert.match(out, /Shoal cluster is up: 3 shards/);
});

test('redis-cli -c reads and writes keys on every shard through the endpoint', async () => {
  // foo, bar and c hash to three different shards.
  assert.deepEqual([keySlot('foo'), keySlot('bar'), keySlot('c')], [12182, 5061, 7365]);
  for (const k of ['foo', 'bar', 'c']) assert.equal((await cli('SET', k, `v-${k}`)).out, 'OK\n');
  for (const k of ['foo', 'bar', 'c']) assert.equal((await cli('GET', k)).out, `v-${k}\n`);
  const rows = await statusRows();
  assert.deepEqual(
    rows.map((r) => [r[0], r[2], r[3], r[4], r[6]]),
    [
      ['0', 'master', `127.0.0.1:${base}`, '0-5461', 'online'],
      ['1', 'master', `127.0.0.1:${base + 1}`, '5462-10922', 'online'],
      ['2', 'master', `127.0.0.1:${base + 2}`, '10923-16383', 'online'],
    ],
  );
  assert.deepEqual(rows.map((r) => r[5]), ['1', '1', '1']);
});

test('shoal slots move keeps every key while a client writes', async () => {
  const c = cluster();
  const written = new Map<string, string>();
  for (let i = 0; i < 2000; i++) {
    await c.set(`k:${i}`, `a${i}`);
    written.set(`k:${i}`, `a${i}`);
  }
  let writing = true;
  const writer = (async () => {
    for (let i = 0; writing; i++) {
      const k = `k:${i % 4000}`;
      await c.set(k, `b${i}`);
      written.set(k, `b${i}`);
    }
  })();
  const r = await shoal('slots', 'move', '0-2000', '1');
  writing = false;
  await writer;
  assert.equal(r.code, 0, r.out);
  assert.match(r.out, /moved slots 0-2000 to shard 1: \d+ keys\n$/);
  for (const [k, v] of written) assert.equal(await c.get(k), v, k);
  const rows = await statusRows();
  assert.deepEqual(rows.map((r) => r[4]), ['2001-5461', '0-2000,5462-10922', '10923-16383']);
  // No key is on two shards: the per-node counts add up to the keys written.
  const total = rows.reduce((n, r) => n + Number(r[5]), 0);
  assert.equal(total, written.size + 3);
  c.disconnect();
});

test('a node that dies is restarted and serves again with the same account', async () => {
  const info = await run('redis-cli', ['-p', String(base + 2), '--user', 'app', '--pass', 'pw', '--no-auth-warning', 'INFO', 'server']);
  const pid = Number(/process_id:(\d+)/.exec(info.out)?.[1]);
  assert.ok(pid > 0, info.out);
  process.kill(pid, 'SIGKILL');
  const deadline = Date.now() + 30000;
  for (;;) {
    const r = await cli('SET', 'foo', 'again');
    if (r.out === 'OK\n') break;
    if (Date.now() > deadline) throw new Error(`node did not come back: ${r.out}\n${out}`);
    await new Promise((res) => setTimeout(res, 200));
  }
  assert.match(out, new RegExp(`node 127\\.0\\.0\\.1:${base + 2} exited \\(SIGKILL\\); restarting`));
  assert.equal((await cli('GET', 'foo')).out, 'again\n');
});

test('starting again with the same --dir brings back the same cluster', async () => {
  const before = await statusRows();
  assert.equal(await stopCluster(), 0);
  for (const p of [base, base + 1, base + 2]) assert.equal(await portFree(p), true, `port ${p} still in use`);
  await startCluster([]);
  const now = await statusRows();
  assert.deepEqual(
    now.map((r) => r.slice(0, 5)),
    before.map((r) => r.slice(0, 5)),
  );
  assert.ok(now.every((r) => r[6] === 'online'));
  // The account given at the first start exists again on every node.
  for (let i = 0; i < 3; i++) {
    const r = await run('redis-cli', ['-p', String(base + i), '--user', 'app', '--pass', 'pw', '--no-auth-warning', 'PING']);
    assert.equal(r.out, 'PONG\n');
  }
});
