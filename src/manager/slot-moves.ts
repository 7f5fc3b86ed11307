/**
 * Map transitions of a slot move (docs/cluster-protocol.md, "Moving a slot"):
 * open migrations, then hand the drained slots to the target. Pure functions
 * on maps, so the manager's orchestration and the tests share them.
 */
import { slotOwners, type ClusterMap } from '../cluster/map';
import { SLOTS } from '../cluster/slot';

/** `"5"` or `"0-99"` to an inclusive range; throws with a user-facing reason. */
export function parseSlotSpec(spec: string): [number, number] {
  const dash = spec.indexOf('-');
  const a = dash < 0 ? spec : spec.slice(0, dash);
  const b = dash < 0 ? spec : spec.slice(dash + 1);
  const first = Number(a);
  const last = Number(b);
  const ok = (n: number, s: string): boolean => s.length > 0 && Number.isInteger(n) && n >= 0 && n < SLOTS;
  if (!ok(first, a) || !ok(last, b) || first > last) throw new Error(`invalid slot or slot range '${spec}' (slots are 0-${SLOTS - 1})`);
  return [first, last];
}

/** Sorted, merged ranges covering `slots` (a sorted list of distinct slots). */
function toRanges(slots: number[]): [number, number][] {
  const out: [number, number][] = [];
  for (const s of slots) {
    const last = out[out.length - 1];
    if (last && last[1] === s - 1) last[1] = s;
    else out.push([s, s]);
  }
  return out;
}

function rangesToSlots(ranges: [number, number][]): number[] {
  const out: number[] = [];
  for (const [a, b] of ranges) for (let s = a; s <= b; s++) out.push(s);
  return out;
}

/** ranges with `add` slots added and `remove` slots removed, normalised. */
export function editRanges(ranges: [number, number][], add: number[], remove: number[]): [number, number][] {
  const set = new Set(rangesToSlots(ranges));
  for (const s of remove) set.delete(s);
  for (const s of add) set.add(s);
  return toRanges([...set].sort((x, y) => x - y));
}

/**
 * Opens a migration to shard `to` for every slot of [first, last] another
 * shard owns; slots already migrating there stay as they are (a move that
 * stopped half way resumes). Returns null when nothing changes.
 */
export function beginMoves(m: ClusterMap, first: number, last: number, to: number): ClusterMap | null {
  if (!(to >= 0 && to < m.shards.length)) throw new Error(`no shard ${to} (shards are 0-${m.shards.length - 1})`);
  const owners = slotOwners(m);
  const open = new Map(m.migrations.map((x) => [x.slot, x]));
  const added: ClusterMap['migrations'] = [];
  for (let s = first; s <= last; s++) {
    const cur = open.get(s);
    if (cur) {
      if (cur.to !== to) throw new Error(`slot ${s} is already moving to shard ${cur.to}`);
      continue;
    }
    if (owners[s] >= 0 && owners[s] !== to) added.push({ slot: s, from: owners[s], to });
  }
  if (added.length === 0) return null;
  const next = structuredClone(m);
  next.migrations.push(...added);
  next.epoch++;
  return next;
}

/** Slots of [first, last] with an open migration to `to`, in order. */
export function movingSlots(m: ClusterMap, first: number, last: number, to: number): { slot: number; from: number }[] {
  return m.migrations
    .filter((x) => x.slot >= first && x.slot <= last && x.to === to)
    .sort((x, y) => x.slot - y.slot)
    .map((x) => ({ slot: x.slot, from: x.from }));
}

/**
 * Hands drained slots to their migration target, and unowned slots of the
 * range to `to`: one epoch bump, which becomes the target's config epoch.
 * Returns null when nothing changes.
 */
export function finishMoves(m: ClusterMap, slots: number[], unownedFirst: number, unownedLast: number, to: number): ClusterMap | null {
  const done = new Set(slots);
  const owners = slotOwners(m);
  const gained: number[] = [];
  const next = structuredClone(m);
  const lost = new Map<number, number[]>();
  next.migrations = m.migrations.filter((x) => {
    if (!done.has(x.slot)) return true;
    gained.push(x.slot);
    (lost.get(x.from) ?? lost.set(x.from, []).get(x.from) as number[]).push(x.slot);
    return false;
  });
  for (let s = unownedFirst; s <= unownedLast; s++) if (owners[s] < 0) gained.push(s);
  if (gained.length === 0) return null;
  next.epoch++;
  for (const [from, ss] of lost) next.shards[from].slots = editRanges(next.shards[from].slots, [], ss);
  next.shards[to].slots = editRanges(next.shards[to].slots, gained, []);
  next.shards[to].configEpoch = next.epoch;
  return next;
}
