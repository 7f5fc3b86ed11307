/**
 * Three-shard clusters for client tests: a real Redis Cluster (three
 * redis-server masters joined by `redis-cli --cluster create`) or a Shoal
 * cluster (`shoal start --shards 3`). Both get the same accounts, so one test
 * body runs against either. CLUSTER_TARGETS=redis,shoal (the default) picks
 * which kinds the cluster test files run against.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { NODE_FLAGS } from '../../src/cli/node-flags';
import { keySlot } from '../../src/cluster/slot';
import { RespConn, encode, type Reply } from './resp';
import { SHOAL_BIN } from './procs';

export type ClusterKind = 'redis' | 'shoal';

/** The account clients authenticate with; `default` needs REQUIREPASS. */
export const ACCOUNT = { user: 'app', password: 'app-secret' };
export const REQUIREPASS = 'default-secret';
export const SHARDS = 3;
/** Cluster bus / control port offset, as in Redis Cluster. */
const BUS_OFFSET = 10000;

export function clusterKinds(): ClusterKind[] {
  const raw = process.env.CLUSTER_TARGETS ?? 'redis,shoal';
  const kinds = raw.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  for (const k of kinds) if (k !== 'redis' && k !== 'shoal') throw new Error(`CLUSTER_TARGETS: unknown kind ${k}`);
  return kinds as ClusterKind[];
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

/** A base port P with P..P+n-1 and their bus ports all free (bus ports must stay below 65536). */
async function freeBlock(n: number): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const base = 20000 + Math.floor(Math.random() * 9000);
    let ok = true;
    for (let i = 0; i < n && ok; i++) ok = (await portFree(base + i)) && (await portFree(base + i + BUS_OFFSET));
    if (ok) return base;
  }
  throw new Error('no free port block');
}

function text(r: Reply): string {
  if (r.t === 'bulk' || r.t === 'verbatim' || r.t === 'status') return r.v;
  throw new Error(`expected a string reply, got ${JSON.stringify(r)}`);
}

function ok(r: Reply, what: string): void {
  if (r.t !== 'status' || r.v !== 'OK') throw new Error(`${what}: ${JSON.stringify(r)}`);
}

/** Connects to a node and authenticates with the account. */
export async function authConn(port: number): Promise<RespConn> {
  const c = await RespConn.connect(port);
  ok(await c.call('AUTH', ACCOUNT.user, ACCOUNT.password), `AUTH on ${port}`);
  return c;
}

/** One command on a fresh authenticated connection. */
export async function nodeCall(port: number, ...args: (string | number)[]): Promise<Reply> {
  const c = await authConn(port);
  try {
    return await c.call(...args);
  } finally {
    c.close();
  }
}

async function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

async function clusterOk(port: number): Promise<boolean> {
  try {
    const r = await nodeCall(port, 'CLUSTER', 'INFO');
    return r.t === 'bulk' || r.t === 'verbatim' ? r.v.includes('cluster_state:ok\r\n') : false;
  } catch {
    return false;
  }
}

/** slot -> owning client port, from one node's CLUSTER SLOTS. */
export async function slotOwners(port: number): Promise<Int32Array> {
  const r = await nodeCall(port, 'CLUSTER', 'SLOTS');
  if (r.t !== 'array' || r.v === null) throw new Error(`CLUSTER SLOTS: ${JSON.stringify(r)}`);
  const owners = new Int32Array(16384).fill(-1);
  for (const range of r.v) {
    if (range.t !== 'array' || range.v === null) throw new Error('bad CLUSTER SLOTS range');
    const [a, b, master] = range.v;
    if (master.t !== 'array' || master.v === null) throw new Error('bad CLUSTER SLOTS node');
    owners.fill(Number((master.v[1] as { v: string }).v), Number((a as { v: string }).v), Number((b as { v: string }).v) + 1);
  }
  return owners;
}

interface Spawned {
  child: ChildProcess;
  out: () => string;
}

function run(cmd: string, args: string[], cwd: string): Spawned {
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], cwd });
  let buf = '';
  child.stdout?.on('data', (d: Buffer) => (buf += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (buf += d.toString()));
  return { child, out: () => buf };
}

function exited(p: Spawned): Promise<number | null> {
  if (p.child.exitCode !== null || p.child.signalCode !== null) return Promise.resolve(p.child.exitCode);
  return new Promise((r) => p.child.once('exit', (code) => r(code)));
}

async function runToEnd(cmd: string, args: string[], cwd: string): Promise<string> {
  const p = run(cmd, args, cwd);
  const code = await exited(p);
  if (code !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${code}: ${p.out()}`);
  return p.out();
}

async function killHard(p: Spawned): Promise<void> {
  const done = exited(p);
  p.child.kill('SIGKILL');
  await done;
}

export abstract class Cluster {
  readonly host = '127.0.0.1';
  /** Client ports of the shard masters, by shard index; the first is the endpoint. */
  readonly ports: number[];
  constructor(
    readonly kind: ClusterKind,
    readonly base: number,
    readonly dir: string,
  ) {
    this.ports = Array.from({ length: SHARDS }, (_, i) => base + i);
  }

  get port(): number {
    return this.ports[0];
  }

  /** Waits until every node answers and reports cluster_state:ok. */
  async waitReady(ms = 30000): Promise<void> {
    const deadline = Date.now() + ms;
    for (;;) {
      let all = true;
      for (const p of this.ports) if (!(await portOpen(p)) || !(await clusterOk(p))) all = false;
      if (all) return;
      if (Date.now() > deadline) throw new Error(`${this.kind} cluster not ready: ${this.output()}`);
      await sleep(100);
    }
  }

  /** Shard index owning a slot, according to the endpoint. */
  async shardOf(slot: number): Promise<number> {
    return this.ports.indexOf((await slotOwners(this.port))[slot]);
  }

  /** Port of the shard master owning a key. */
  async portOfKey(key: string): Promise<number> {
    return this.ports[await this.shardOf(keySlot(key))];
  }

  /** Waits until every node reports `shard` as the owner of `slot`. */
  protected async waitOwner(slot: number, shard: number, ms = 20000): Promise<void> {
    const deadline = Date.now() + ms;
    for (;;) {
      let agreed = true;
      for (const p of this.ports) if ((await slotOwners(p))[slot] !== this.ports[shard]) agreed = false;
      if (agreed) return;
      if (Date.now() > deadline) throw new Error(`slot ${slot} did not settle on shard ${shard}`);
      await sleep(50);
    }
  }

  /** Kills a shard master with SIGKILL, brings it back, and waits for the cluster to be ok. */
  async crash(shard: number): Promise<void> {
    const info = text(await nodeCall(this.ports[shard], 'INFO', 'server'));
    const pid = Number(/process_id:(\d+)/.exec(info)?.[1]);
    if (!(pid > 0)) throw new Error(`no process_id in INFO of shard ${shard}`);
    process.kill(pid, 'SIGKILL');
    await this.revive(shard, pid);
    await this.waitReady();
  }

  /** Sets `count` keys `${prefix}${i}` = `${i}` through one node (all must hash to its slots). */
  async fill(port: number, prefix: string, count: number): Promise<void> {
    const c = await authConn(port);
    try {
      const cmds: Buffer[] = [];
      for (let i = 0; i < count; i++) cmds.push(encode(['SET', `${prefix}${i}`, String(i)]));
      c.write(Buffer.concat(cmds));
      for (let i = 0; i < count; i++) ok(await c.read(), `SET ${prefix}${i}`);
    } finally {
      c.close();
    }
  }

  abstract moveSlot(slot: number, toShard: number): Promise<void>;
  protected abstract revive(shard: number, pid: number): Promise<void>;
  abstract output(): string;
  abstract stop(): Promise<void>;
}

class RedisCluster extends Cluster {
  private nodes: Spawned[] = [];

  private args(i: number): string[] {
    return [
      '--port', String(this.ports[i]), '--bind', '127.0.0.1',
      '--cluster-enabled', 'yes', '--cluster-config-file', 'nodes.conf', '--cluster-node-timeout', '5000',
      '--save', '', '--appendonly', 'no', '--dir', this.nodeDir(i),
      '--requirepass', REQUIREPASS, '--masterauth', REQUIREPASS,
      '--user', ACCOUNT.user, 'on', `>${ACCOUNT.password}`, '~*', '&*', '+@all',
    ];
  }

  private nodeDir(i: number): string {
    return path.join(this.dir, `node${i}`);
  }

  private async launch(i: number): Promise<void> {
    this.nodes[i] = run('redis-server', this.args(i), this.nodeDir(i));
    const deadline = Date.now() + 10000;
    while (!(await portOpen(this.ports[i]))) {
      if (this.nodes[i].child.exitCode !== null) throw new Error(`redis-server exited: ${this.nodes[i].out()}`);
      if (Date.now() > deadline) throw new Error(`redis-server on ${this.ports[i]} did not open`);
      await sleep(50);
    }
  }

  async start(): Promise<void> {
    for (let i = 0; i < SHARDS; i++) {
      fs.mkdirSync(this.nodeDir(i), { recursive: true });
      await this.launch(i);
    }
    await runToEnd(
      'redis-cli',
      ['--cluster', 'create', ...this.ports.map((p) => `${this.host}:${p}`), '--cluster-yes', '--user', ACCOUNT.user, '--pass', ACCOUNT.password, '--no-auth-warning'],
      this.dir,
    );
    await this.waitReady();
  }

  /** The Redis procedure: IMPORTING on the target, MIGRATING on the source, MIGRATE in small paced batches, then SETSLOT NODE everywhere. */
  async moveSlot(slot: number, toShard: number): Promise<void> {
    const from = await this.shardOf(slot);
    if (from === toShard) return;
    const conns = await Promise.all(this.ports.map((p) => authConn(p)));
    try {
      const ids = await Promise.all(conns.map(async (c) => text(await c.call('CLUSTER', 'MYID'))));
      ok(await conns[toShard].call('CLUSTER', 'SETSLOT', slot, 'IMPORTING', ids[from]), 'SETSLOT IMPORTING');
      ok(await conns[from].call('CLUSTER', 'SETSLOT', slot, 'MIGRATING', ids[toShard]), 'SETSLOT MIGRATING');
      // About 20 paced batches, however many keys the slot holds, so clients meet the ASK state for a while.
      const count = Number((await conns[from].call('CLUSTER', 'COUNTKEYSINSLOT', slot) as { v: string }).v);
      const batch = Math.max(10, Math.ceil(count / 20));
      for (;;) {
        const keys = await conns[from].call('CLUSTER', 'GETKEYSINSLOT', slot, batch);
        if (keys.t !== 'array' || keys.v === null) throw new Error(`GETKEYSINSLOT: ${JSON.stringify(keys)}`);
        if (keys.v.length === 0) break;
        const r = await conns[from].call('MIGRATE', this.host, this.ports[toShard], '', 0, 5000, 'AUTH2', ACCOUNT.user, ACCOUNT.password, 'KEYS', ...keys.v.map(text));
        ok(r, 'MIGRATE');
        await sleep(30);
      }
      for (const i of [toShard, from, ...[0, 1, 2].filter((x) => x !== toShard && x !== from)]) {
        ok(await conns[i].call('CLUSTER', 'SETSLOT', slot, 'NODE', ids[toShard]), 'SETSLOT NODE');
      }
    } finally {
      for (const c of conns) c.close();
    }
    await this.waitOwner(slot, toShard);
  }

  protected async revive(shard: number): Promise<void> {
    await exited(this.nodes[shard]);
    await this.launch(shard);
  }

  output(): string {
    return this.nodes.map((n, i) => `--- node ${i}\n${n.out().slice(-2000)}`).join('\n');
  }

  async stop(): Promise<void> {
    await Promise.all(this.nodes.map(killHard));
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

class ShoalCluster extends Cluster {
  private proc: Spawned | null = null;

  private shoal(args: string[]): string[] {
    return [...NODE_FLAGS, SHOAL_BIN, ...args];
  }

  async start(): Promise<void> {
    this.proc = run(
      process.execPath,
      this.shoal(['start', '--shards', String(SHARDS), '--port', String(this.base), '--dir', this.dir,
        '--requirepass', REQUIREPASS, '--user', ACCOUNT.user, '--password', ACCOUNT.password]),
      this.dir,
    );
    const proc = this.proc;
    const died = exited(proc).then((code) => {
      throw new Error(`shoal start exited (${code}): ${proc.out()}`);
    });
    await Promise.race([this.waitReady(), died]);
    died.catch(() => undefined);
  }

  async moveSlot(slot: number, toShard: number): Promise<void> {
    await runToEnd(process.execPath, this.shoal(['slots', 'move', String(slot), String(toShard), '--dir', this.dir]), this.dir);
    await this.waitOwner(slot, toShard);
  }

  /** `shoal start` supervises its nodes: it restarts the killed one itself. */
  protected async revive(shard: number, pid: number): Promise<void> {
    const deadline = Date.now() + 20000;
    for (;;) {
      try {
        const info = text(await nodeCall(this.ports[shard], 'INFO', 'server'));
        if (!info.includes(`process_id:${pid}\r\n`)) return;
      } catch {
        // Down until the supervisor restarts it.
      }
      if (Date.now() > deadline) throw new Error(`shard ${shard} was not restarted: ${this.output()}`);
      await sleep(100);
    }
  }

  output(): string {
    return this.proc ? this.proc.out().slice(-4000) : '';
  }

  async stop(): Promise<void> {
    if (this.proc) {
      const p = this.proc;
      const done = exited(p);
      p.child.kill('SIGTERM');
      const timedOut = await Promise.race([done.then(() => false), sleep(10000).then(() => true)]);
      if (timedOut) await killHard(p);
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Starts a 3-shard cluster of the given kind, with ACCOUNT and REQUIREPASS set on every node. */
export async function startCluster(kind: ClusterKind): Promise<Cluster> {
  const base = await freeBlock(SHARDS);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `cluster-${kind}-`));
  const c = kind === 'redis' ? new RedisCluster(kind, base, dir) : new ShoalCluster(kind, base, dir);
  try {
    await c.start();
  } catch (e) {
    await c.stop();
    throw e;
  }
  return c;
}

/** A hash tag (and its slot) whose slot is owned by `shard`, distinct per `seed`. */
export async function tagOnShard(c: Cluster, shard: number, seed: string): Promise<{ tag: string; slot: number }> {
  const owners = await slotOwners(c.port);
  for (let i = 0; ; i++) {
    const tag = `${seed}${i}`;
    const slot = keySlot(tag);
    if (owners[slot] === c.ports[shard]) return { tag, slot };
  }
}
