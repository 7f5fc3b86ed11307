/**
 * Cursors for HSCAN/SSCAN/ZSCAN over one big collection (small encodings are
 * returned whole, with cursor 0, as Redis returns listpacks and intsets).
 *
 * A big collection is walked with an iterator of its Map, which V8 keeps
 * valid across insertions and deletions, so every member present for the
 * whole scan is returned. Between calls the iterator is parked under a token
 * that the cursor carries. A cursor whose iterator is gone (evicted, unknown,
 * or of another collection) restarts the walk: members may then repeat, which
 * SCAN allows, but none is missed.
 */

/** Parked iterators kept at most; the oldest is dropped first. */
const MAX_PARKED = 1024;

interface Parked {
  map: Map<string, unknown>;
  it: IterableIterator<string>;
}

const parked = new Map<bigint, Parked>();
let nextToken = 1n;

/**
 * Pushes about `count` keys of `map` onto `out`, continuing the walk that
 * `cursor` names, and returns the cursor of the next call (0: done).
 */
export function scanMapKeys(map: Map<string, unknown>, cursor: bigint, count: number, out: string[]): bigint {
  let p: Parked | undefined;
  if (cursor !== 0n) {
    p = parked.get(cursor);
    parked.delete(cursor);
    if (p !== undefined && p.map !== map) p = undefined;
  }
  if (p === undefined) p = { map, it: map.keys() };
  for (let i = 0; i < count; i++) {
    const r = p.it.next();
    if (r.done === true) return 0n;
    out.push(r.value);
  }
  if (parked.size >= MAX_PARKED) parked.delete(parked.keys().next().value as bigint);
  const token = nextToken++;
  parked.set(token, p);
  return token;
}
