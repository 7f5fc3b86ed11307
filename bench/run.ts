/**
 * Shoal against redis-server on this machine: redis-benchmark throughput
 * without and with pipelining, and memory with a million small keys.
 *
 *   npm run bench -- [--quick] [--out bench/RESULTS.md]
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
const TESTS = ['ping', 'set', 'get', 'incr', 'mset'];
const MARK_START = '<!-- bench:start -->';
const MARK_END = '<!-- bench:end -->';

interface Options {
  quick: boolean;
  out: string | null;
}

interface Server {
  name: 'shoal' | 'redis';
  port: number;
  child: ChildProcess;
}

function parseArgs(argv: string[]): Options {
  const o: Options = { quick: false, out: null };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--quick') o.quick = true;
    else if (argv[i] === '--out') o.out = argv[++i];
    else throw new Error(`unknown option ${argv[i]} (use --quick, --out FILE)`);
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

/** Requests per second for each test line redis-benchmark prints (ping yields two); `extra` selects cluster mode and credentials. */
function benchmark(port: number, test: string, pipeline: number, n: number, extra: string[] = []): Map<string, number> {
  const args = [...extra, '-p', String(port), '-c', '50', '-n', String(n), '-P', String(pipeline), '-t', test, '-q', '--csv'];
  const r = spawnSync('redis-benchmark', args, { encoding: 'utf8' });
  const out = new Map<string, number>();
  // A command the server lacks makes redis-benchmark stop; the table shows n/a.
  if (r.status !== 0) {
    process.stderr.write(`redis-benchmark -t ${test} on port ${port}: ${r.stderr.trim().split('\n').pop()}\n`);
    return out;
  }
  for (const line of r.stdout.split('\n')) {
    const cells = line.split(',').map((c) => c.replace(/"/g, ''));
    if (cells.length < 2 || cells[0] === 'test') continue;
    out.set(cells[0], Number(cells[1]));
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

/** Loads keys key:0..count-1 with 32-byte values, pipelined in batches. */
function loadKeys(port: number, count: number): Promise<void> {
  const value = 'v'.repeat(32);
  const batch = 1000;
  return new Promise((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1');
    let sent = 0;
    let pendingBytes = 0;
    const sendBatch = (): void => {
      const end = Math.min(sent + batch, count);
      let chunk = '';
      for (let i = sent; i < end; i++) {
        const k = 'key:' + i;
        chunk += `*3\r\n$3\r\nSET\r\n$${k.length}\r\n${k}\r\n$32\r\n${value}\r\n`;
      }
      // Every reply is "+OK\r\n": five bytes per command.
      pendingBytes += (end - sent) * 5;
      sent = end;
      s.write(chunk);
    };
    s.on('connect', sendBatch);
    s.on('data', (d) => {
      if (d.indexOf('-') >= 0) return reject(new Error(`loader got an error: ${d.toString().slice(0, 200)}`));
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

async function throughput(o: Options): Promise<string[]> {
  const servers = [await start('shoal'), await start('redis')];
  const lines = ['| test | pipeline | Shoal req/s | Redis req/s | Shoal/Redis |', '|---|---:|---:|---:|---:|'];
  try {
    // Untimed first pass on both: a long-running node has its hot paths compiled.
    for (const s of servers) benchmark(s.port, 'set,get', 1, o.quick ? 10_000 : 100_000);
    let flip = false;
    for (const pipeline of [1, 16]) {
      const n = (o.quick ? 20_000 : 200_000) * (pipeline === 1 ? 1 : 5);
      for (const test of TESTS) {
        // Alternate which server goes first so drifting background load hits both alike.
        const order = flip ? [servers[1], servers[0]] : servers;
        flip = !flip;
        const res = new Map<string, Map<string, number>>();
        for (const s of order) res.set(s.name, benchmark(s.port, test, pipeline, n));
        const shoal = res.get('shoal') as Map<string, number>;
        const redis = res.get('redis') as Map<string, number>;
        for (const [name, rps] of redis) {
          const mine = shoal.get(name) ?? NaN;
          const line = `| ${name} | ${pipeline} | ${fmt(mine)} | ${fmt(rps)} | ${ratio(mine, rps)} |`;
          lines.push(line);
          process.stdout.write(line + '\n');
        }
      }
    }
  } finally {
    await Promise.all(servers.map(stop));
  }
  return lines;
}

async function memory(o: Options): Promise<string[]> {
  const keys = o.quick ? 100_000 : 1_000_000;
  const lines = [
    `Loaded ${fmt(keys)} keys \`key:N\` with 32-byte values (pipelined SETs, 1000 per batch).`,
    '',
    '| server | RSS empty | RSS loaded | DBSIZE | bytes/key (loaded - empty) |',
    '|---|---:|---:|---:|---:|',
  ];
  const rss: Record<string, number> = {};
  for (const name of ['shoal', 'redis'] as const) {
    const s = await start(name);
    try {
      await new Promise((r) => setTimeout(r, 500));
      const pid = s.child.pid as number;
      const empty = rssKb(pid);
      await loadKeys(s.port, keys);
      await new Promise((r) => setTimeout(r, 1000));
      const loaded = rssKb(pid);
      const reply = await call(s.port, 'DBSIZE');
      const dbsize = reply.startsWith(':') ? reply.slice(1) : 'n/a';
      rss[name] = loaded;
      const line = `| ${name} | ${fmt(empty / 1024)} MiB | ${fmt(loaded / 1024)} MiB | ${dbsize} | ${fmt(((loaded - empty) * 1024) / keys)} |`;
      lines.push(line);
      process.stdout.write(line + '\n');
    } finally {
      await stop(s);
    }
  }
  lines.push('', `Shoal/Redis RSS with keys loaded: ${ratio(rss.shoal, rss.redis)}`);
  return lines;
}

/**
 * A 3-shard Shoal cluster and a 3-master Redis Cluster side by side, both
 * with the same account, driven by `redis-benchmark --cluster`.
 */
async function clusterThroughput(o: Options): Promise<string[]> {
  const clusters: Cluster[] = [await startCluster('shoal'), await startCluster('redis')];
  const lines = ['| test | pipeline | Shoal cluster req/s | Redis Cluster req/s | Shoal/Redis |', '|---|---:|---:|---:|---:|'];
  // -r spreads keys over every shard; without it every request names one key, so one shard.
  const extra = ['--cluster', '-h', '127.0.0.1', '--user', ACCOUNT.user, '-a', ACCOUNT.password, '-r', '100000'];
  try {
    // Untimed first pass on both: a long-running node has its hot paths compiled.
    for (const c of clusters) benchmark(c.port, 'set,get', 1, o.quick ? 10_000 : 100_000, extra);
    let flip = false;
    for (const pipeline of [1, 16]) {
      const n = (o.quick ? 20_000 : 200_000) * (pipeline === 1 ? 1 : 5);
      for (const test of ['set', 'get']) {
        const order = flip ? [clusters[1], clusters[0]] : clusters;
        flip = !flip;
        const res = new Map<string, Map<string, number>>();
        for (const c of order) res.set(c.kind, benchmark(c.port, test, pipeline, n, extra));
        const shoal = res.get('shoal') as Map<string, number>;
        for (const [name, rps] of res.get('redis') as Map<string, number>) {
          const line = `| ${name} | ${pipeline} | ${fmt(shoal.get(name) ?? NaN)} | ${fmt(rps)} | ${ratio(shoal.get(name) ?? NaN, rps)} |`;
          lines.push(line);
          process.stdout.write(line + '\n');
        }
      }
    }
  } finally {
    await Promise.all(clusters.map((c) => c.stop()));
  }
  return lines;
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
  const tput = await throughput(o);
  const mem = await memory(o);
  const cluster = await clusterThroughput(o);
  const section = [
    ...header,
    '',
    '### Throughput (redis-benchmark -c 50 -q --csv)',
    '',
    ...tput,
    '',
    '### Memory',
    '',
    ...mem,
    '',
    '### Cluster throughput (3 shards; redis-benchmark --cluster -c 50 -r 100000 -q --csv, with an account)',
    '',
    ...cluster,
  ].join('\n');
  if (o.out) writeResults(path.resolve(o.out), section);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
