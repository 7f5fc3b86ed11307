/**
 * SCAN cursors over a database's per-slot maps.
 *
 * Redis guarantees that a full iteration returns every key present for the
 * whole iteration, however the keyspace changes meanwhile. Walking slots in
 * order and returning whole slots gives that for free: the cursor is the next
 * slot to visit. A slot too large to return in one reply is walked with a Map
 * iterator, which V8 keeps valid across insertions and deletions; such an
 * iterator is parked here under a token that the cursor carries
 * (token * SLOTS + slot). A cursor whose iterator is gone (evicted, or the
 * slot's map was replaced) restarts that slot: keys may then repeat, which
 * SCAN allows, but none present throughout is missed.
 */
import { SLOTS } from '../cluster/slot';
import type { Db } from './db';
import type { Value } from './value';

/** Slots up to this size are returned whole, even past COUNT (as Redis returns whole buckets). */
const WHOLE_SLOT_MAX = 256;
/** Parked iterators kept at most; the oldest is dropped first. */
const MAX_PARKED = 1024;

interface Parked {
  map: Map<string, Value>;
  it: IterableIterator<string>;
}

export interface ScanStep {
  /** Cursor to return: 0 when the iteration is complete. */
  next: bigint;
  keys: string[];
}

export class ScanCursors {
  private readonly parked = new Map<number, Parked>();
  private nextToken = 1;

  /** Visits about `count` keys from `cursor` on; expired keys included (callers filter). */
  step(db: Db, cursor: bigint, count: number): ScanStep {
    const keys: string[] = [];
    let slot = Number(cursor % BigInt(SLOTS));
    const token = cursor / BigInt(SLOTS);
    if (token !== 0n && token <= BigInt(Number.MAX_SAFE_INTEGER)) {
      const p = this.parked.get(Number(token));
      this.parked.delete(Number(token));
      if (p !== undefined && db.slots[slot] === p.map) {
        if (this.take(p, keys, Math.max(count, WHOLE_SLOT_MAX))) return { next: this.park(p, slot), keys };
        slot++;
      }
    }
    for (; slot < SLOTS && keys.length < count; slot++) {
      const m = db.slots[slot];
      if (m === undefined) continue;
      const room = Math.max(count - keys.length, WHOLE_SLOT_MAX);
      if (m.size <= room) {
        for (const k of m.keys()) keys.push(k);
        continue;
      }
      // A large slot starts in a call of its own, so its chunks stay near COUNT.
      if (keys.length > 0) break;
      const p: Parked = { map: m, it: m.keys() };
      if (this.take(p, keys, room)) return { next: this.park(p, slot), keys };
    }
    return { next: slot >= SLOTS ? 0n : BigInt(slot), keys };
  }

  /** Takes up to n keys; true when the iterator has more. */
  private take(p: Parked, out: string[], n: number): boolean {
    for (let i = 0; i < n; i++) {
      const r = p.it.next();
      if (r.done === true) return false;
      out.push(r.value);
    }
    return true;
  }

  private park(p: Parked, slot: number): bigint {
    if (this.parked.size >= MAX_PARKED) this.parked.delete(this.parked.keys().next().value as number);
    const token = this.nextToken++;
    this.parked.set(token, p);
    return BigInt(token) * BigInt(SLOTS) + BigInt(slot);
  }
}

function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

const ULONG_MAX = (1n << 64n) - 1n;

/**
 * A SCAN cursor as Redis parses it (strtoul, base 10): an optional sign, digits,
 * nothing after them; "-1" wraps as an unsigned long does; leading space, junk
 * or overflow is invalid (null). The argument ends at a NUL byte, as a C string.
 */
export function parseScanCursor(arg: string): bigint | null {
  const nul = arg.indexOf('\0');
  const s = nul >= 0 ? arg.slice(0, nul) : arg;
  if (s.length === 0) return 0n;
  if (isSpace(s.charCodeAt(0))) return null;
  let i = 0;
  let neg = false;
  const c0 = s.charCodeAt(0);
  if (c0 === 43 || c0 === 45) {
    neg = c0 === 45;
    i = 1;
  }
  if (i === s.length) return null;
  let v = 0n;
  for (; i < s.length; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return null;
    v = v * 10n + BigInt(d);
    if (v > ULONG_MAX) return null;
  }
  return neg && v !== 0n ? ULONG_MAX + 1n - v : v;
}
