/**
 * The slot check a cluster node runs before a keyed command, as Redis's
 * getNodeByQuery: CROSSSLOT, CLUSTERDOWN, MOVED, ASK and TRYAGAIN, or null
 * when this node serves the command.
 */
import type { Command } from '../commands/table';
import type { Db } from '../store/db';
import type { ClusterState } from './state';
import { keySlot } from './slot';

export const ERR_CROSSSLOT = "CROSSSLOT Keys in request don't hash to the same slot";
export const ERR_UNBOUND = 'CLUSTERDOWN Hash slot not served';
export const ERR_DOWN = 'CLUSTERDOWN The cluster is down';
export const ERR_DOWN_READONLY = 'CLUSTERDOWN The cluster is down and only accepts read commands';
export const ERR_TRYAGAIN = 'TRYAGAIN Multiple keys request during rehashing of slot';

/** A key counts as present when it is stored and not past its expiry; nothing is expired or counted here. */
function present(db: Db, key: string, slot: number): boolean {
  const m = db.slots[slot];
  if (m === undefined || !m.has(key)) return false;
  return db.expires.size === 0 || !db.isExpired(key, Date.now());
}

/**
 * The error to reply instead of running `cmd`, or null to run it here.
 * `asking`: the client sent ASKING just before this command.
 */
export function slotError(st: ClusterState, db: Db, cmd: Command, argv: string[], asking: boolean): string | null {
  // Most commands name one key at a fixed place: no key list to build.
  if (cmd.firstKey > 0 && cmd.lastKey === cmd.firstKey && !cmd.movableKeys && argv.length > cmd.firstKey) {
    const slot = keySlot(argv[cmd.firstKey]);
    const owner = st.owners[slot];
    if (owner === st.myShard && st.ok && st.migratingTo[slot] < 0) return null;
  }
  const positions = cmd.keyPositions(argv);
  if (positions === null || positions.length === 0) return null;
  const first = argv[positions[0]];
  const slot = keySlot(first);
  let multipleKeys = false;
  for (let i = 1; i < positions.length; i++) {
    const k = argv[positions[i]];
    if (k === first) continue;
    if (keySlot(k) !== slot) return ERR_CROSSSLOT;
    multipleKeys = true;
  }
  const owner = st.owners[slot];
  if (owner < 0) return ERR_UNBOUND;
  if (!st.ok) {
    if (!st.allowReadsWhenDown) return ERR_DOWN;
    if (cmd.isWrite) return ERR_DOWN_READONLY;
  }
  const mine = owner === st.myShard;
  const migrating = mine && st.migratingTo[slot] >= 0;
  const importing = !migrating && st.importingFrom[slot] >= 0;
  if (!migrating && !importing) return mine ? null : moved(st, slot, owner);
  let missing = 0;
  let existing = 0;
  // Shard channels are not keys: the source node serves them until the slot has moved.
  const shardChannels = cmd.flags.includes('pubsub');
  for (let i = 0; i < positions.length && !shardChannels; i++) {
    if (present(db, argv[positions[i]], slot)) existing++;
    else missing++;
  }
  // MIGRATE works on the local keys of an open slot.
  if (cmd.name === 'migrate') return null;
  if (migrating) {
    if (missing === 0) return null;
    return existing !== 0 ? ERR_TRYAGAIN : `ASK ${slot} ${st.masterAddr[st.migratingTo[slot]]}`;
  }
  if (asking || cmd.flags.includes('asking')) return multipleKeys && missing !== 0 ? ERR_TRYAGAIN : null;
  return mine ? null : moved(st, slot, owner);
}

function moved(st: ClusterState, slot: number, owner: number): string {
  return `MOVED ${slot} ${st.masterAddr[owner]}`;
}
