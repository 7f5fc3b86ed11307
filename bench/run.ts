/**
 * Shoal against redis-server on this machine: the default redis-benchmark
 * suite without and with pipelining, and memory with a million small keys, a
 * million-member sorted set and a million-field hash.
 *
 *   npm run bench -- [--quick] [--rounds 3] [--only standalone,features,memory,cluster] [--out bench/RESULTS.md]
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { NODE_FLAGS } from '../src/cli/node-flags';
import { ACCOUNT, startCluster, type Cluster } from '../test/helpers/cluster';
import { waitForPort } from '../test/helpers/procs';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const SHOAL_BIN = path.join(ROOT, 'dist', 'src', 'cli', 'main.js');
/** redis-benchmark's default suite, in its own order. */
const TESTS = [
  'ping_inline', 'ping_mbulk', 'set', 'get', 'incr', 'lpush', 'rpush', 'lpop', 'rpop', 'sadd', 'hset', 'spop', 'zadd',
  'zpopmin', 'lrange_100', 'lrange_300', 'lrange_500', 'lrange_600', 'mset',
];
/** The LRANGE tests move hundreds of elements per request: fewer requests keep the run short. */
const REQUEST_SCALE: Record<string, number> = { lrange_100: 0.5, lrange_300: 0.25, lrange_500: 0.2, lrange_600: 0.2 };
const MARK_START = '<!-- bench:start -->';
const MARK_END = '<!-- bench:end -->';

const SECTIONS = ['standalone', 'features', 'memory', 'cluster'] as const;
type Section = (typeof SECTIONS)[number];

interface Options {
  quick: boolean;
  /** Passes over each test; the table keeps each server's median. */
  rounds: number;
  out: string | null;
  /** The sections to run (all by default). */
  only: Set<Section>;
}

interface Server {
  name: 'shoal' | 'redis';
  port: number;
  child: ChildProcess;
}

function parseArgs(argv: string[]): Options {
  const o: Options = { quick: false, rounds: 3, out: null, only: new Set(SECTIONS) };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--quick') o.quick = true;
    else if (argv[i] === '--rounds') o.rounds = Math.max(1, Number(argv[++i]) || 1);
    else if (argv[i] === '--out') o.out = argv[++i];
    else if (argv[i] === '--only') {
      const names = (argv[++i] ?? '').split(',');
      for (const n of names) if (!(SECTIONS as readonly string[]).includes(n)) throw new Error(`unknown section ${n} (use ${SECTIONS.join(', ')})`);
      o.only = new Set(names as Section[]);
    } else throw new Error(`unknown option ${argv[i]} (use --quick, --rounds N, --only SECTIONS, --out FILE)`);
  }
  return o;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

async function start(name: Server['name']): Promise<Server> {
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `bench-${name}-`));
  const child =
    name === 'shoal'
      ? spawn(process.execPath, [...NODE_FLAGS, SHOAL_BIN, 'server', '--port', String(port), '--dir', dir], { stdio: 'ignore', cwd: dir })
      : spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], { stdio: 'ignore', cwd: dir });
  await waitForPort(port, child, () => '');
  return { name, port, child };
}

async function stop(s: Server): Promise<void> {
  if (s.child.exitCode !== null) return;
  const done = new Promise<void>((r) => s.child.once('exit', () => r()));
  s.child.kill('SIGTERM');
  await done;
}

/**
 * What redis-benchmark runs: one of its own tests (`-t name`, reported under
 * its own names; ping yields two lines) or a command line, reported as `label`.
 */
interface Workload {
  args: string[];
  label?: string;
  /** Multiplies the request count: tests that move hundreds of elements per request run fewer. */
  scale?: number;
}

function suiteTest(name: string): Workload {
  return { args: ['-t', name], scale: REQUEST_SCALE[name] };
}

/** Requests per second for each line redis-benchmark prints; `extra` selects cluster mode and credentials. */
function benchmark(port: number, w: Workload, pipeline: number, n: number, extra: string[] = []): Map<string, number> {
  const args = [...extra, '-p', String(port), '-c', '50', '-n', String(n), '-P', String(pipeline), '-q', '--csv', ...w.args];
  const r = spawnSync('redis-benchmark', args, { encoding: 'utf8' });
  const out = new Map<string, number>();
  // A command the server lacks makes redis-benchmark stop; the table shows n/a.
  if (r.status !== 0) {
    process.stderr.write(`redis-benchmark ${w.args.join(' ')} on port ${port}: ${r.stderr.trim().split('\n').pop()}\n`);
    if (w.label !== undefined) out.set(w.label, NaN);
    return out;
  }
  for (const line of r.stdout.split('\n')) {
    const cells = line.split(',').map((c) => c.replace(/"/g, ''));
    // The LRANGE tests first fill their list ("LPUSH (needed to benchmark LRANGE)"): not a result.
    if (cells.length < 2 || cells[0] === 'test' || cells[0].includes('needed')) continue;
    out.set(w.label ?? cells[0], Number(cells[1]));
  }
  return out;
}

function rssKb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const line = status.split('\n').find((l) => l.startsWith('VmRSS:'));
  return line ? Number(line.split(/\s+/)[1]) : NaN;
}

/** One command over a fresh connection; the raw reply line. */
function call(port: number, ...args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1');
    let buf = '';
    s.on('data', (d) => {
      buf += d.toString('latin1');
      if (buf.endsWith('\r\n')) {
        s.destroy();
        resolve(buf.trim());
      }
    });
    s.on('error', reject);
    s.write(`*${args.length}\r\n` + args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join(''));
  });
}

/**
 * Sends `count` commands made by `command(i)` over one connection, pipelined
 * in batches of 1000; every reply is expected to be `replyBytes` long and
 * none an error.
 */
function load(port: number, count: number, replyBytes: number, command: (i: number) => string[]): Promise<void> {
  const batch = 1000;
  return new Promise((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1');
    let sent = 0;
    let pendingBytes = 0;
    const sendBatch = (): void => {
      const end = Math.min(sent + batch, count);
      let chunk = '';
      for (let i = sent; i < end; i++) {
        const args = command(i);
        chunk += `*${args.length}\r\n` + args.map((a) => `$${a.length}\r\n${a}\r\n`).join('');
      }
      pendingBytes += (end - sent) * replyBytes;
      sent = end;
      s.write(chunk);
    };
    s.on('connect', sendBatch);
    s.on('data', (d) => {
      if (d.indexOf('-') >= 0) {
        s.destroy();
        const text = d.toString('latin1');
        const at = text.indexOf('-');
        return reject(new Error(`loader got an error: ${text.slice(at, text.indexOf('\r', at))}`));
      }
      pendingBytes -= d.length;
      if (pendingBytes !== 0) return;
      if (sent < count) sendBatch();
      else {
        s.destroy();
        resolve();
      }
    });
    s.on('error', reject);
  });
}

function fmt(n: number): string {
  return Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : 'n/a';
}

function ratio(a: number, b: number): string {
  return Number.isFinite(a / b) ? (a / b).toFixed(2) : 'n/a';
}

function machine(): string[] {
  const cpuinfo = fs.readFileSync('/proc/cpuinfo', 'utf8');
  const model = cpuinfo.split('\n').find((l) => l.startsWith('model name'))?.split(':')[1]?.trim() ?? 'unknown';
  const redisVersion = spawnSync('redis-server', ['--version'], { encoding: 'utf8' }).stdout.trim();
  return [
    `- CPUs (nproc): ${os.availableParallelism()}, ${model}`,
    `- Memory: ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    `- Node.js ${process.version}; ${redisVersion}`,
    `- Load average at start: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`,
  ];
}

/** The geometric mean of the finite ratios, and the lowest one with its test. */
function summarise(ratios: [string, number][]): string[] {
  const ok = ratios.filter(([, r]) => Number.isFinite(r) && r > 0);
  const missing = ratios.length - ok.length;
  if (ok.length === 0) return ['No P=1 ratio could be measured.'];
  const geo = Math.exp(ok.reduce((sum, [, r]) => sum + Math.log(r), 0) / ok.length);
  const low = ok.reduce((a, b) => (b[1] < a[1] ? b : a));
  return [
    `Geometric mean of the P=1 Shoal/Redis ratios: **${geo.toFixed(2)}** over ${ok.length} tests` +
      (missing ? ` (${missing} without a result: ${ratios.filter(([, r]) => !(Number.isFinite(r) && r > 0)).map(([n]) => n).join(', ')})` : '') +
      '.',
    `Lowest P=1 ratio: ${low[1].toFixed(2)} (${low[0]}).`,
  ];
}

/** Something redis-benchmark runs against: a standalone server or a cluster endpoint. */
interface Target {
  name: string;
  port: number;
  /** Extra redis-benchmark arguments (cluster mode, credentials, key range). */
  extra: string[];
}

function median(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  return s.length === 0 ? NaN : s[Math.floor(s.length / 2)];
}

interface Comparison {
  /** Each target's median req/s per reported line (PING yields two lines). */
  shoal: Map<string, number>;
  redis: Map<string, number>;
  /** Median over rounds of the round's Shoal/Redis ratio. */
  ratio: Map<string, number>;
}

/**
 * Runs `test` on both targets `rounds` times, alternating which goes first.
 * The ratio is the median of each round's own ratio: the two runs of a round
 * are back to back, so background load that drifts over minutes hits both.
 */
function compare(shoal: Target, redis: Target, test: Workload, pipeline: number, n: number, rounds: number): Comparison {
  const runs: [Map<string, number>, Map<string, number>][] = [];
  for (let r = 0; r < rounds; r++) {
    if (r % 2 === 0) {
      const a = benchmark(shoal.port, test, pipeline, n, shoal.extra);
      runs.push([a, benchmark(redis.port, test, pipeline, n, redis.extra)]);
    } else {
      const b = benchmark(redis.port, test, pipeline, n, redis.extra);
      runs.push([benchmark(shoal.port, test, pipeline, n, shoal.extra), b]);
    }
  }
  const out: Comparison = { shoal: new Map(), redis: new Map(), ratio: new Map() };
  for (const line of runs[0][1].keys()) {
    const at = (k: 0 | 1): number[] => runs.map((x) => x[k].get(line) ?? NaN);
    out.shoal.set(line, median(at(0)));
    out.redis.set(line, median(at(1)));
    out.ratio.set(line, median(runs.map((x) => (x[0].get(line) ?? NaN) / (x[1].get(line) as number))));
  }
  return out;
}

/**
 * The Shoal/Redis table for some tests at P=1 and P=16, after an untimed
 * first pass on both (a long-running node has its hot paths compiled).
 * `scale` multiplies the request counts (longer runs average out more noise).
 * Returns the table and the P=1 ratios.
 */
function throughputTable(o: Options, shoal: Target, redis: Target, tests: readonly Workload[], header: string, scale = 1): [string[], [string, number][]] {
  const lines = [header, '|---|---:|---:|---:|---:|'];
  const p1: [string, number][] = [];
  for (const t of [shoal, redis]) benchmark(t.port, suiteTest('set,get'), 1, o.quick ? 10_000 : 100_000, t.extra);
  for (const pipeline of [1, 16]) {
    const base = (o.quick ? 20_000 : 100_000 * scale) * (pipeline === 1 ? 1 : 5);
    for (const test of tests) {
      const res = compare(shoal, redis, test, pipeline, Math.round(base * (test.scale ?? 1)), o.quick ? 1 : o.rounds);
      for (const [name, rps] of res.redis) {
        const r = res.ratio.get(name) as number;
        if (pipeline === 1) p1.push([name, r]);
        const line = `| ${name} | ${pipeline} | ${fmt(res.shoal.get(name) as number)} | ${fmt(rps)} | ${Number.isFinite(r) ? r.toFixed(2) : 'n/a'} |`;
        lines.push(line);
        process.stdout.write(line + '\n');
      }
    }
  }
  return [lines, p1];
}

async function throughput(o: Options): Promise<string[]> {
  const servers = [await start('shoal'), await start('redis')];
  try {
    const [lines, p1] = throughputTable(
      o,
      { name: 'shoal', port: servers[0].port, extra: [] },
      { name: 'redis', port: servers[1].port, extra: [] },
      TESTS.map(suiteTest),
      '| test | pipeline | Shoal req/s | Redis req/s | Shoal/Redis |',
    );
    const summary = summarise(p1);
    process.stdout.write(summary.join('\n') + '\n');
    return [...lines, '', ...summary];
  } finally {
    await Promise.all(servers.map(stop));
  }
}

/** EVALSHA's script: one redis.call, as small scripts do. */
const SCRIPT = "return redis.call('INCR', KEYS[1])";
const SUBSCRIBERS = 10;
/** A child process holding subscribed connections that read and drop every message, so the benchmark's own loop stays free. */
const SUBSCRIBER_PROGRAM = `
const net = require('node:net');
const [port, channel, count] = process.argv.slice(1);
let ready = 0;
for (let i = 0; i < Number(count); i++) {
  const s = net.connect(Number(port), '127.0.0.1', () => s.write('*2\\r\\n$9\\r\\nSUBSCRIBE\\r\\n$' + channel.length + '\\r\\n' + channel + '\\r\\n'));
  s.once('data', () => { if (++ready === Number(count)) process.stdout.write('ready\\n'); });
  s.on('data', () => undefined);
}`;

function startSubscribers(port: number, channel: string, count: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['-e', SUBSCRIBER_PROGRAM, String(port), channel, String(count)], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.stdout?.once('data', () => resolve(child));
    child.once('exit', (code) => reject(new Error(`subscribers exited with ${code}`)));
  });
}

/** EVALSHA of a one-call script, PUBLISH to a channel with 10 subscribers, and XADD, on both servers. */
async function features(o: Options): Promise<string[]> {
  const servers = [await start('shoal'), await start('redis')];
  const subs: ChildProcess[] = [];
  try {
    const shas = await Promise.all(servers.map((s) => call(s.port, 'SCRIPT', 'LOAD', SCRIPT)));
    // The bulk reply is "$40\r\n<sha>": the same script has the same SHA1 on both.
    const sha = shas[0].slice(shas[0].lastIndexOf('\n') + 1);
    for (const s of servers) subs.push(await startSubscribers(s.port, 'bench:channel', SUBSCRIBERS));
    const workloads: Workload[] = [
      { label: `EVALSHA (script: ${SCRIPT})`, args: ['EVALSHA', sha, '1', 'bench:counter'] },
      { label: `PUBLISH (${SUBSCRIBERS} subscribers, 32-byte message)`, args: ['PUBLISH', 'bench:channel', 'm'.repeat(32)] },
      { label: 'XADD (MAXLEN ~ 100000, one 16-byte field)', args: ['XADD', 'bench:stream', 'MAXLEN', '~', '100000', '*', 'field', 'v'.repeat(16)] },
    ];
    const [lines, p1] = throughputTable(
      o,
      { name: 'shoal', port: servers[0].port, extra: [] },
      { name: 'redis', port: servers[1].port, extra: [] },
      workloads,
      '| test | pipeline | Shoal req/s | Redis req/s | Shoal/Redis |',
    );
    const summary = p1.map(([name, r]) => `- ${name}: ${Number.isFinite(r) ? r.toFixed(2) : 'n/a'} at P=1 (target 0.7)`);
    process.stdout.write(summary.join('\n') + '\n');
    return [...lines, '', ...summary];
  } finally {
    for (const c of subs) c.kill();
    await Promise.all(servers.map(stop));
  }
}

interface Dataset {
  title: string;
  /** Command that reports how many elements the server holds, and its reply's prefix. */
  size: string[];
  replyBytes: number;
  command: (i: number) => string[];
}

function datasets(count: number): Dataset[] {
  const value = 'v'.repeat(32);
  return [
    {
      title: `${fmt(count)} keys \`key:N\` with 32-byte values (SET)`,
      size: ['DBSIZE'],
      replyBytes: 5,
      command: (i) => ['SET', 'key:' + i, value],
    },
    {
      title: `one sorted set of ${fmt(count)} members \`member:N\` with score N (ZADD)`,
      size: ['ZCARD', 'zset'],
      replyBytes: 4,
      command: (i) => ['ZADD', 'zset', String(i), 'member:' + i],
    },
    {
      title: `one hash of ${fmt(count)} fields \`field:N\` with 16-byte values (HSET)`,
      size: ['HLEN', 'hash'],
      replyBytes: 4,
      command: (i) => ['HSET', 'hash', 'field:' + i, value.slice(0, 16)],
    },
  ];
}

async function memory(o: Options): Promise<string[]> {
  const count = o.quick ? 100_000 : 1_000_000;
  const lines = [
    'Each data set is loaded into fresh instances (pipelined, 1000 commands per batch).',
    '',
    '| data set | server | RSS empty | RSS loaded | size | bytes/element (loaded - empty) |',
    '|---|---|---:|---:|---:|---:|',
  ];
  const ratios: string[] = [];
  for (const d of datasets(count)) {
    const rss: Record<string, number> = {};
    for (const name of ['shoal', 'redis'] as const) {
      const s = await start(name);
      let line: string;
      try {
        await new Promise((r) => setTimeout(r, 500));
        const pid = s.child.pid as number;
        const empty = rssKb(pid);
        await load(s.port, count, d.replyBytes, d.command);
        await new Promise((r) => setTimeout(r, 1000));
        const loaded = rssKb(pid);
        const reply = await call(s.port, ...d.size);
        const size = reply.startsWith(':') ? reply.slice(1) : 'n/a';
        rss[name] = loaded;
        line = `| ${d.title} | ${name} | ${fmt(empty / 1024)} MiB | ${fmt(loaded / 1024)} MiB | ${size} | ${fmt(((loaded - empty) * 1024) / count)} |`;
      } catch (e) {
        // A command this build lacks: the row says so and the run goes on.
        rss[name] = NaN;
        line = `| ${d.title} | ${name} | n/a | n/a | n/a | ${e instanceof Error ? e.message : String(e)} |`;
      } finally {
        await stop(s);
      }
      lines.push(line);
      process.stdout.write(line + '\n');
    }
    ratios.push(`- ${d.title}: Shoal/Redis RSS ${ratio(rss.shoal, rss.redis)}`);
    process.stdout.write(ratios[ratios.length - 1] + '\n');
  }
  return [...lines, '', 'Shoal/Redis RSS with the data loaded:', '', ...ratios];
}

/**
 * A 3-shard Shoal cluster and a 3-master Redis Cluster side by side, both
 * with the same account, driven by `redis-benchmark --cluster`.
 */
async function clusterThroughput(o: Options): Promise<string[]> {
  const clusters: Cluster[] = [await startCluster('shoal'), await startCluster('redis')];
  // -r spreads keys over every shard; without it every request names one key, so one shard.
  const extra = ['--cluster', '-h', '127.0.0.1', '--user', ACCOUNT.user, '-a', ACCOUNT.password, '-r', '100000'];
  try {
    const [lines] = throughputTable(
      o,
      { name: 'shoal', port: clusters[0].port, extra },
      { name: 'redis', port: clusters[1].port, extra },
      [suiteTest('set'), suiteTest('get')],
      '| test | pipeline | Shoal cluster req/s | Redis Cluster req/s | Shoal/Redis |',
      // In cluster mode redis-benchmark's threads report on a 250 ms tick: runs of 7 s or more keep that under 4%.
      10,
    );
    return lines;
  } finally {
    await Promise.all(clusters.map((c) => c.stop()));
  }
}

function writeResults(file: string, section: string): void {
  const old = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '# Benchmark results\n';
  const block = `${MARK_START}\n${section}\n${MARK_END}`;
  const a = old.indexOf(MARK_START);
  const b = old.indexOf(MARK_END);
  const next = a >= 0 && b > a ? old.slice(0, a) + block + old.slice(b + MARK_END.length) : old.trimEnd() + '\n\n' + block + '\n';
  fs.writeFileSync(file, next);
}

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  const header = [`## Run of ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC${o.quick ? ' (--quick)' : ''}`, '', ...machine()];
  process.stdout.write(header.join('\n') + '\n\n');
  const section = [...header];
  const rounds = o.quick ? 'one round' : `median of ${o.rounds} rounds; the ratio is the median of the rounds' ratios`;
  if (o.only.has('standalone')) {
    section.push('', `### Throughput (redis-benchmark default suite, -c 50 -q --csv; ${rounds})`, '', ...(await throughput(o)));
  }
  if (o.only.has('features')) {
    section.push('', `### Scripting, pub/sub and streams (redis-benchmark -c 50 -q --csv; ${rounds})`, '', ...(await features(o)));
  }
  if (o.only.has('memory')) section.push('', '### Memory', '', ...(await memory(o)));
  if (o.only.has('cluster')) {
    const title = `### Cluster throughput (3 shards; redis-benchmark --cluster -c 50 -r 100000 -q --csv, 1,000,000 requests a run at P=1 and 5,000,000 at P=16, with an account; ${rounds})`;
    section.push('', title, '', ...(await clusterThroughput(o)));
  }
  if (o.out) writeResults(path.resolve(o.out), section.join('\n'));
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
