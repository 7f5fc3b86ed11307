/**
 * A walk over a Map's keys that resumes where it stopped: Map iterators
 * survive deletions and insertions, so sampling a big map in steps costs a
 * step per key taken instead of a skip from the start each time.
 */
export class MapWalk<K> {
  private it: IterableIterator<K> | null = null;
  private of: Map<K, unknown> | null = null;

  /** The next key of `map`, or undefined at the end of a pass (the next call starts a new one, as does a new map). */
  next(map: Map<K, unknown>): K | undefined {
    if (this.it === null || this.of !== map) {
      this.it = map.keys();
      this.of = map;
    }
    const r = this.it.next();
    if (r.done === true) {
      this.it = null;
      return undefined;
    }
    return r.value;
  }
}
