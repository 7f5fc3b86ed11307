/**
 * The cluster map: the one description of topology. The manager is its only
 * writer; it pushes the map to every node over the control port, and each
 * node keeps its last map on disk so it serves correctly while the manager
 * is down. `epoch` only grows; a node ignores a map older than the one it has.
 */

export type NodeRole = 'master' | 'replica';
export type NodeHealth = 'online' | 'failed' | 'loading';

export interface MapNode {
  /** 40 lowercase hex chars, fixed for the node's life. */
  id: string;
  /** Index into `shards` of the shard this node belongs to. */
  shard: number;
  /** The address clients use: CLUSTER SLOTS/NODES/SHARDS and MOVED/ASK all name host:port. */
  host: string;
  port: number;
  /** The control port (Redis's cluster bus port, shown as @cport). */
  cport: number;
  role: NodeRole;
  health: NodeHealth;
}

export interface MapShard {
  /** 40 lowercase hex chars (CLUSTER MYSHARDID, CLUSTER SHARDS id). */
  id: string;
  /** Node id of the shard's master. */
  master: string;
  /** Inclusive slot ranges owned by this shard, sorted. */
  slots: [number, number][];
  /** Epoch at which this shard last took ownership of slots (CLUSTER NODES config-epoch). */
  configEpoch: number;
}

/** A slot being moved: the source answers ASK for missing keys, the target serves after ASKING. */
export interface SlotMigration {
  slot: number;
  /** Shard indexes. */
  from: number;
  to: number;
}

export interface ClusterMap {
  epoch: number;
  shards: MapShard[];
  nodes: MapNode[];
  migrations: SlotMigration[];
}

const HEX40 = /^[0-9a-f]{40}$/;

/** Parses and checks a map received over the wire or read from disk; throws with the reason. */
export function parseClusterMap(json: string): ClusterMap {
  const m = JSON.parse(json) as ClusterMap;
  if (!Number.isInteger(m.epoch) || m.epoch < 0) throw new Error('bad epoch');
  if (!Array.isArray(m.shards) || !Array.isArray(m.nodes) || !Array.isArray(m.migrations)) throw new Error('bad map');
  for (const n of m.nodes) {
    if (!HEX40.test(n.id)) throw new Error(`bad node id ${n.id}`);
    if (!(n.shard >= 0 && n.shard < m.shards.length)) throw new Error(`node ${n.id} names no shard`);
  }
  for (const s of m.shards) {
    if (!HEX40.test(s.id)) throw new Error(`bad shard id ${s.id}`);
    for (const [a, b] of s.slots) if (!(a >= 0 && a <= b && b < 16384)) throw new Error(`bad slot range ${a}-${b}`);
  }
  return m;
}

/** Slot -> owning shard index, or -1 when no shard owns it. */
export function slotOwners(m: ClusterMap): Int16Array {
  const owners = new Int16Array(16384).fill(-1);
  m.shards.forEach((s, i) => {
    for (const [a, b] of s.slots) owners.fill(i, a, b + 1);
  });
  return owners;
}

/** A new random 40-hex id, as Redis makes node and shard ids. */
export function newId(): string {
  // Imported lazily so the map module stays free of node-only imports for the proxy's use.
  return (require('node:crypto') as typeof import('node:crypto')).randomBytes(20).toString('hex');
}
