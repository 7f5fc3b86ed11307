/**
 * The manager: sole writer of the cluster map. It keeps `cluster.json`,
 * pushes every new map to all nodes (source and target of a change first),
 * probes nodes and resyncs those that come back, distributes accounts, drives
 * slot moves, and answers the CLI over RESP on `D/manager.sock`.
 */
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { ClusterMap } from '../cluster/map';
import { RespParser } from '../resp/parser';
import { RespWriter } from '../resp/writer';
import { log } from '../server/log';
import { NodeLink, type LinkOwner } from './node-link';
import { RespClient, type RespValue } from './resp-client';
import { beginMoves, finishMoves, movingSlots } from './slot-moves';
import { loadState, saveState, storedRules, type ClusterState } from './state';
import { accountRules, writeNodeConfigs } from './node-config';

export const SOCKET_FILE = 'manager.sock';

/** Slots opened for migration per map push: fewer pushes, still short ASK windows per slot. */
const MOVE_BATCH = 256;
/** Keys per MIGRATE, as redis-cli --cluster uses. */
const KEYS_PER_MIGRATE = 100;

export interface ManagerOptions {
  /** Health probe period. */
  probeMs?: number;
  quiet?: boolean;
}

export interface MoveProgress {
  moved: number;
  total: number;
  running: boolean;
}

/** One row of STATUS: a map node plus what the manager observes of it. */
export interface NodeStatus {
  id: string;
  shard: number;
  role: string;
  host: string;
  port: number;
  cport: number;
  health: string;
  mapEpoch: number;
  keys: number | null;
}

export interface ClusterStatus {
  epoch: number;
  shards: ClusterMap['shards'];
  nodes: NodeStatus[];
  migrations: ClusterMap['migrations'];
}

export class Manager implements LinkOwner {
  readonly links: NodeLink[];
  readonly progress: MoveProgress = { moved: 0, total: 0, running: false };
  private server: net.Server | null = null;
  private probeTimer: NodeJS.Timeout | null = null;
  private cachedJson: { json: string; epoch: number } | null = null;
  private readonly sockets = new Set<net.Socket>();

  private constructor(
    readonly dir: string,
    private state: ClusterState,
    private readonly opts: ManagerOptions,
  ) {
    this.links = state.map.nodes.map((n) => new NodeLink(n, this));
  }

  static async start(dir: string, opts: ManagerOptions = {}): Promise<Manager> {
    const state = loadState(dir);
    if (!state) throw new Error(`no cluster in ${dir} (create one with shoal start)`);
    const m = new Manager(dir, state, opts);
    await m.listen();
    m.probeAll();
    m.probeTimer = setInterval(() => m.probeAll(), opts.probeMs ?? 1000);
    return m;
  }

  get map(): ClusterMap {
    return this.state.map;
  }

  get secret(): string {
    return this.state.secret;
  }

  get accounts(): Readonly<Record<string, string[]>> {
    return this.state.accounts;
  }

  log(msg: string): void {
    if (!this.opts.quiet) log(msg);
  }

  accountCommands(): string[][] {
    return Object.entries(this.state.accounts).map(([name, rules]) => setUserCommand(name, rules, true));
  }

  mapJson(): { json: string; epoch: number } {
    if (this.cachedJson?.epoch !== this.state.map.epoch) {
      this.cachedJson = { json: JSON.stringify(this.state.map), epoch: this.state.map.epoch };
    }
    return this.cachedJson;
  }

  private probeAll(): void {
    for (const l of this.links) void l.probe();
  }

  /** Persists a new map, then pushes it: `first` in order (each must accept), the rest in parallel. */
  async setMap(map: ClusterMap, first: NodeLink[] = []): Promise<void> {
    this.state.map = map;
    saveState(this.dir, this.state);
    this.log(`cluster map epoch ${map.epoch}`);
    for (const l of first) await l.push();
    await Promise.allSettled(this.links.filter((l) => !first.includes(l)).map((l) => l.push()));
  }

  masterLink(shard: number): NodeLink {
    const id = this.state.map.shards[shard].master;
    const l = this.links.find((x) => x.node.id === id);
    if (!l) throw new Error(`shard ${shard} has no master in the map`);
    return l;
  }

  // ---- accounts ----

  /** Stores accounts in cluster.json and in every node's config file (read at the node's next start). */
  private saveAccounts(): void {
    saveState(this.dir, this.state);
    writeNodeConfigs(this.dir, this.state);
  }

  /** ACL SETUSER on every node; the first reachable node validates the rules before anything is stored. */
  async setUser(name: string, rules: string[]): Promise<void> {
    const online = this.links.filter((l) => l.health === 'online');
    if (online.length === 0) throw new Error('ERR no node is reachable; accounts can only change while nodes run');
    await online[0].call(setUserCommand(name, rules, false));
    this.state.accounts[name] = [...(this.state.accounts[name] ?? []), ...storedRules(rules)];
    this.saveAccounts();
    await Promise.allSettled(online.slice(1).map((l) => l.call(setUserCommand(name, rules, false))));
  }

  async delUsers(names: string[]): Promise<number> {
    let n = 0;
    for (const name of names) {
      if (name in this.state.accounts) {
        delete this.state.accounts[name];
        n++;
      }
    }
    this.saveAccounts();
    const replies = await Promise.allSettled(this.links.map((l) => l.call(['ACL', 'DELUSER', ...names])));
    // Users created outside the manager count too, as the nodes report them.
    for (const r of replies) if (r.status === 'fulfilled' && typeof r.value === 'number') n = Math.max(n, r.value);
    return n;
  }

  /** ACL subcommands that only read, answered by the first reachable node. */
  async aclRead(args: string[]): Promise<RespValue> {
    const online = this.links.find((l) => l.health === 'online');
    if (!online) throw new Error('ERR no node is reachable');
    return online.call(['ACL', ...args]);
  }

  // ---- slot moves ----

  /** Keys currently stored in slots [first, last] that shard `to` does not own yet. */
  async countKeys(first: number, last: number, to: number): Promise<number> {
    const owners = this.ownersOf(first, last);
    const calls: Promise<RespValue>[] = [];
    for (let s = first; s <= last; s++) {
      const o = owners[s - first];
      if (o >= 0 && o !== to) calls.push(this.masterLink(o).call(['CLUSTER', 'COUNTKEYSINSLOT', s]));
    }
    let n = 0;
    for (const v of await Promise.all(calls)) n += Number(v);
    return n;
  }

  private ownersOf(first: number, last: number): number[] {
    const out = new Array<number>(last - first + 1).fill(-1);
    const moving = new Map(this.state.map.migrations.map((x) => [x.slot, x.from]));
    this.state.map.shards.forEach((sh, i) => {
      for (const [a, b] of sh.slots) for (let s = Math.max(a, first); s <= Math.min(b, last); s++) out[s - first] = i;
    });
    // A migrating slot's keys are still counted on its source.
    for (let s = first; s <= last; s++) if (moving.has(s)) out[s - first] = moving.get(s) as number;
    return out;
  }

  /** Moves slots [first, last] to shard `to`, in batches; resumes a move that stopped half way. */
  async moveSlots(first: number, last: number, to: number): Promise<void> {
    if (this.progress.running) throw new Error('ERR a slot move is already running');
    if (!(to >= 0 && to < this.state.map.shards.length)) {
      throw new Error(`ERR no shard ${to} (shards are 0-${this.state.map.shards.length - 1})`);
    }
    this.progress.running = true;
    this.progress.moved = 0;
    try {
      this.progress.total = await this.countKeys(first, last, to);
      for (let a = first; a <= last; a += MOVE_BATCH) await this.moveBatch(a, Math.min(last, a + MOVE_BATCH - 1), to);
    } finally {
      this.progress.running = false;
    }
  }

  private async moveBatch(first: number, last: number, to: number): Promise<void> {
    const target = this.masterLink(to);
    const opened = beginMoves(this.state.map, first, last, to);
    const slots = movingSlots(opened ?? this.state.map, first, last, to);
    const sources = [...new Set(slots.map((s) => s.from))].map((f) => this.masterLink(f));
    // The target learns it imports before the sources start answering ASK.
    if (opened) await this.setMap(opened, [target, ...sources]);
    for (const { slot, from } of slots) await this.drain(slot, this.masterLink(from), target);
    const done = finishMoves(this.state.map, slots.map((s) => s.slot), first, last, to);
    // The target takes ownership before the sources start answering MOVED.
    if (done) await this.setMap(done, [target, ...sources]);
  }

  private async drain(slot: number, source: NodeLink, target: NodeLink): Promise<void> {
    for (;;) {
      const keys = (await source.call(['CLUSTER', 'GETKEYSINSLOT', slot, KEYS_PER_MIGRATE])) as string[];
      if (keys.length === 0) return;
      const t = target.node;
      await source.call(['MIGRATE', t.host, t.cport, '', 0, 5000, 'AUTH', this.state.secret, 'KEYS', ...keys], 30000);
      this.progress.moved += keys.length;
    }
  }

  // ---- status ----

  async status(): Promise<ClusterStatus> {
    const m = this.state.map;
    const nodes = await Promise.all(
      this.links.map(async (l): Promise<NodeStatus> => {
        let keys: number | null = null;
        // Bounded without a call timeout, which would cut a link busy with a MIGRATE.
        if (l.health === 'online') keys = await Promise.race([l.call(['DBSIZE']).then(Number, () => null), sleep(2000, null)]);
        const n = l.node;
        return { id: n.id, shard: n.shard, role: n.role, host: n.host, port: n.port, cport: n.cport, health: l.health, mapEpoch: l.pushedEpoch, keys };
      }),
    );
    return { epoch: m.epoch, shards: m.shards, nodes, migrations: m.migrations };
  }

  // ---- the CLI socket ----

  private async listen(): Promise<void> {
    const file = path.join(this.dir, SOCKET_FILE);
    // A socket file left by a manager that died is removed; a live manager keeps its own.
    const live = await RespClient.connect({ path: file }, 1000).then(
      (c) => (c.close(), true),
      () => false,
    );
    if (live) throw new Error(`a manager is already running for ${this.dir}`);
    fs.rmSync(file, { force: true });
    const server = net.createServer((sock) => this.serveSocket(sock));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(file, () => resolve());
    });
    this.server = server;
  }

  private serveSocket(sock: net.Socket): void {
    this.sockets.add(sock);
    sock.on('close', () => this.sockets.delete(sock));
    sock.on('error', () => undefined);
    // Replies go out in request order although commands finish asynchronously.
    let chain = Promise.resolve();
    const parser = new RespParser({
      authRequired: false,
      accepting: true,
      onProtocolError: (msg) => {
        sock.end(`-ERR Protocol error: ${msg}\r\n`);
      },
      onCommand: (argv) => {
        chain = chain.then(async () => {
          const w = new RespWriter();
          try {
            await this.command(argv, w);
          } catch (e) {
            const msg = (e as Error).message;
            w.error(/^[A-Z]+ /.test(msg) ? msg : `ERR ${msg}`);
          }
          if (!sock.destroyed) sock.write(Buffer.from(w.out, 'latin1'));
        });
      },
    });
    sock.on('data', (d: Buffer) => parser.feed(d));
  }

  private async command(argv: string[], w: RespWriter): Promise<void> {
    const cmd = argv[0].toUpperCase();
    const sub = (argv[1] ?? '').toUpperCase();
    const arity = (n: number): void => {
      if (argv.length < n) throw new Error(`ERR wrong number of arguments for '${argv.slice(0, 2).join(' ').toLowerCase()}' command`);
    };
    if (cmd === 'PING') return w.status('PONG');
    if (cmd === 'STATUS') return w.bulk(Buffer.from(JSON.stringify(await this.status()), 'utf8'));
    if (cmd === 'ACL' && sub === 'SETUSER') {
      arity(3);
      await this.setUser(argv[2], argv.slice(3));
      return w.ok();
    }
    if (cmd === 'ACL' && sub === 'DELUSER') {
      arity(3);
      return w.int(await this.delUsers(argv.slice(2)));
    }
    if (cmd === 'ACL' && argv.length >= 2) return writeValue(w, await this.aclRead(argv.slice(1)));
    if (cmd === 'SLOTS' && (sub === 'COUNT' || sub === 'MOVE')) {
      arity(5);
      const [first, last, to] = [Number(argv[2]), Number(argv[3]), Number(argv[4])];
      if (![first, last, to].every(Number.isInteger) || first < 0 || last > 16383 || first > last) throw new Error('ERR invalid slot range or shard');
      if (sub === 'COUNT') return w.int(await this.countKeys(first, last, to));
      await this.moveSlots(first, last, to);
      return w.ok();
    }
    if (cmd === 'SLOTS' && sub === 'PROGRESS') {
      const p = this.progress;
      w.array(3);
      w.int(p.moved);
      w.int(p.total);
      return w.int(p.running ? 1 : 0);
    }
    throw new Error(`ERR unknown manager command '${argv.join(' ').slice(0, 64)}'`);
  }

  async stop(): Promise<void> {
    if (this.probeTimer) clearInterval(this.probeTimer);
    for (const l of this.links) l.stop();
    for (const s of this.sockets) s.destroy();
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((r) => server.close(() => r()));
  }
}

/**
 * ACL SETUSER for an account. A replay on a node starts from `reset` so it
 * rebuilds the user whatever the node had; `default` is replayed without it,
 * since the node already configures it (requirepass) and reset would disable it.
 */
function setUserCommand(name: string, rules: string[], replay: boolean): string[] {
  return ['ACL', 'SETUSER', name, ...(replay ? accountRules(name, rules) : rules)];
}

function sleep<T>(ms: number, v: T): Promise<T> {
  return new Promise((r) => setTimeout(() => r(v), ms).unref());
}

function writeValue(w: RespWriter, v: RespValue): void {
  if (v === null) w.nullBulk();
  else if (typeof v === 'number') w.int(v);
  else if (typeof v === 'string') w.bulk(v);
  else {
    w.array(v.length);
    for (const x of v) writeValue(w, x);
  }
}
