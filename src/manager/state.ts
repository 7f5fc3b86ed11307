/**
 * What the manager persists in `D/cluster.json`: the cluster map, the secret
 * nodes check on their control port, and the credentials to re-apply to
 * every node whenever it (re)connects.
 */
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { newId, parseClusterMap, type ClusterMap, type MapNode, type MapShard } from '../cluster/map';
import { SLOTS } from '../cluster/slot';

/**
 * Strings in the state are in wire form (one char per byte, as nodes see
 * them), so non-ASCII passwords reach the nodes as the bytes the user typed.
 */
export interface ClusterState {
  map: ClusterMap;
  secret: string;
  /** requirepass (and masterauth) of every node; '' for none. */
  requirepass: string;
  /** ACL SETUSER rules per user, in the order they were given: replaying them rebuilds the user. */
  accounts: Record<string, string[]>;
}

/** Control port = client port + 10000, as Redis's cluster bus. */
export const CPORT_OFFSET = 10000;

export const STATE_FILE = 'cluster.json';

/** Contiguous, even slot ranges for n shards; the first shards take the remainder, as redis-cli --cluster create. */
export function splitSlots(n: number): [number, number][] {
  const out: [number, number][] = [];
  let first = 0;
  for (let i = 0; i < n; i++) {
    const size = Math.floor(SLOTS / n) + (i < SLOTS % n ? 1 : 0);
    out.push([first, first + size - 1]);
    first += size;
  }
  return out;
}

export interface CreateOptions {
  shards: number;
  port: number;
  bind: string;
}

/** A fresh cluster: one master per shard on consecutive ports, slots split evenly, epoch 1. */
export function createState(o: CreateOptions): ClusterState {
  if (!Number.isInteger(o.shards) || o.shards < 1 || o.shards > SLOTS) throw new Error('--shards must be between 1 and 16384');
  if (!Number.isInteger(o.port) || o.port < 1 || o.port + o.shards - 1 + CPORT_OFFSET > 65535) {
    throw new Error(`--port ${o.port} leaves no room for ${o.shards} client ports and their control ports (+${CPORT_OFFSET})`);
  }
  const ranges = splitSlots(o.shards);
  const shards: MapShard[] = [];
  const nodes: MapNode[] = [];
  for (let i = 0; i < o.shards; i++) {
    const id = newId();
    const port = o.port + i;
    nodes.push({ id, shard: i, host: o.bind, port, cport: port + CPORT_OFFSET, role: 'master', health: 'online' });
    shards.push({ id: newId(), master: id, slots: [ranges[i]], configEpoch: i + 1 });
  }
  // Distinct config epochs per master, as Redis Cluster requires; the map epoch is the largest.
  return {
    map: { epoch: o.shards, shards, nodes, migrations: [] },
    secret: crypto.randomBytes(32).toString('hex'),
    requirepass: '',
    accounts: {},
  };
}

export function statePath(dir: string): string {
  return path.join(dir, STATE_FILE);
}

/** The state in dir, or null when no cluster was created there yet. */
export function loadState(dir: string): ClusterState | null {
  let text: string;
  try {
    text = fs.readFileSync(statePath(dir), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
  const raw = JSON.parse(text) as ClusterState;
  if (typeof raw.secret !== 'string' || !raw.map) throw new Error(`${statePath(dir)} is not a Shoal cluster file`);
  return {
    map: parseClusterMap(JSON.stringify(raw.map)),
    secret: raw.secret,
    requirepass: raw.requirepass ?? '',
    accounts: raw.accounts ?? {},
  };
}

/** Writes atomically (temp file + rename) so a crash never leaves half a map. */
export function saveState(dir: string, s: ClusterState): void {
  fs.mkdirSync(dir, { recursive: true });
  const file = statePath(dir);
  const tmp = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, JSON.stringify(s, null, 2) + '\n', { mode: 0o600 });
  fs.renameSync(tmp, file);
}

/** A command-line argument (UTF-8) in wire form. */
export function wire(s: string): string {
  return Buffer.from(s, 'utf8').latin1Slice();
}

/**
 * ACL rules as stored: clear-text passwords (`>p`, `<p`) become their
 * SHA-256 forms (`#h`, `!h`), which nodes accept alike, so cluster.json
 * holds no account password.
 */
export function storedRules(rules: string[]): string[] {
  const sha = (p: string): string => crypto.createHash('sha256').update(Buffer.from(p, 'latin1')).digest('hex');
  return rules.map((r) => (r[0] === '>' ? '#' + sha(r.slice(1)) : r[0] === '<' ? '!' + sha(r.slice(1)) : r));
}

/** The rules `--user NAME --password P` gives: full access on every node. */
export function fullAccessRules(password: string): string[] {
  return storedRules(['on', '>' + password, '~*', '&*', '+@all']);
}
