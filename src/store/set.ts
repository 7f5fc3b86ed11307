/**
 * A set value: its members in an array plus a Map from member to position.
 * The array gives SPOP/SRANDMEMBER O(1) random picks (a JS Set cannot); the
 * Map gives O(1) membership. The encoding is the name Redis 7.2 would report,
 * and it also fixes the order members are kept in, since small sets reply in
 * that order: an intset is ascending by value, a listpack keeps insertion
 * order (deletions close the gap), a hashtable has no order, so a deletion
 * just moves the last member into the hole.
 */
import type { CollectionValue } from './value';
import { limits } from './limits';
import { allocSize, sdsAllocSize } from './memsize';
import { parseInt64 } from '../util/numbers';
import { LISTPACK_OVERHEAD, listpackEntrySize } from '../persist/listpack';

export const INTSET = 0;
export const LISTPACK = 1;
export const HASHTABLE = 2;
export type SetEncoding = typeof INTSET | typeof LISTPACK | typeof HASHTABLE;

const NAMES = ['intset', 'listpack', 'hashtable'];
const ROBJ = 16;
const DICT = 56;
const DICT_ENTRY = 24;

/** isSdsRepresentableAsLongLong: a canonical int64 (no sign, spaces or leading zeros). */
export function isInt(s: string): boolean {
  return s.length <= 20 && parseInt64(s) !== null;
}

/** Orders canonical integer strings by value without parsing them. */
function compareInts(a: string, b: string): number {
  const na = a.charCodeAt(0) === 45;
  const nb = b.charCodeAt(0) === 45;
  if (na !== nb) return na ? -1 : 1;
  const c = a.length !== b.length ? a.length - b.length : a < b ? -1 : a > b ? 1 : 0;
  return na ? -c : c;
}

/** Bytes per element of an intset holding the integer s (intsetAdd's value encoding). */
function intWidth(s: string): number {
  const v = parseInt64(s) as number | bigint;
  if (typeof v === 'bigint' || v < -2147483648 || v > 2147483647) return 8;
  return v < -32768 || v > 32767 ? 4 : 2;
}

/** Redis's intsetMaxEntries: set-max-intset-entries, capped at 2^30. */
function intsetMax(): number {
  return Math.min(limits.setIntsetEntries, 1 << 30);
}

export class SetValue implements CollectionValue {
  readonly type = 'set' as const;
  items: string[] = [];
  readonly pos = new Map<string, number>();
  /** Element width of the intset (it only grows, as intsetUpgradeAndAdd's does), for DUMP. */
  width = 2;

  constructor(public enc: SetEncoding) {}

  /**
   * setTypeCreate: the encoding a new set gets from its first member and the
   * number of members about to be added.
   */
  static create(first: string, sizeHint: number): SetValue {
    if (isInt(first) && sizeHint <= limits.setIntsetEntries) return new SetValue(INTSET);
    return new SetValue(sizeHint <= limits.setEntries ? LISTPACK : HASHTABLE);
  }

  encoding(): string {
    return NAMES[this.enc];
  }

  get size(): number {
    return this.items.length;
  }

  has(m: string): boolean {
    return this.pos.has(m);
  }

  /** setTypeMaybeConvert: an SADD of more members than the encoding holds converts up front. */
  expect(sizeHint: number): void {
    if ((this.enc === LISTPACK && sizeHint > limits.setEntries) || (this.enc === INTSET && sizeHint > limits.setIntsetEntries)) {
      this.enc = HASHTABLE;
    }
  }

  /** setTypeAdd: adds a member, converting the encoding as Redis 7.2 does; false when already there. */
  add(m: string): boolean {
    if (this.pos.has(m)) return false;
    if (this.enc === INTSET) {
      if (isInt(m)) {
        this.insertSorted(m);
        if (this.items.length > intsetMax()) this.enc = HASHTABLE;
        return true;
      }
      this.enc = this.intsetFitsListpack(m) ? LISTPACK : HASHTABLE;
    } else if (this.enc === LISTPACK && (this.items.length >= limits.setEntries || m.length > limits.setValue)) {
      this.enc = HASHTABLE;
    }
    this.pos.set(m, this.items.length);
    this.items.push(m);
    return true;
  }

  /** Whether an intset taking a non-integer member becomes a listpack rather than a hashtable. */
  private intsetFitsListpack(m: string): boolean {
    const items = this.items;
    const n = items.length;
    // Members are ascending, so the longest text is the first or the last.
    const longest = n === 0 ? 0 : Math.max(items[0].length, items[n - 1].length);
    return n < limits.setEntries && m.length <= limits.setValue && longest <= limits.setValue;
  }

  private insertSorted(m: string): void {
    const items = this.items;
    let lo = 0;
    let hi = items.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareInts(items[mid], m) < 0) lo = mid + 1;
      else hi = mid;
    }
    items.splice(lo, 0, m);
    this.reindex(lo);
    const w = intWidth(m);
    if (w > this.width) this.width = w;
  }

  private reindex(from: number): void {
    const items = this.items;
    const pos = this.pos;
    for (let i = from; i < items.length; i++) pos.set(items[i], i);
  }

  /** Removes a member; false when it was not there. */
  delete(m: string): boolean {
    const i = this.pos.get(m);
    if (i === undefined) return false;
    this.removeAt(i);
    return true;
  }

  /** Removes the member at position i, keeping the order small encodings reply in. */
  removeAt(i: number): string {
    const items = this.items;
    const m = items[i];
    this.pos.delete(m);
    if (this.enc === HASHTABLE) {
      const last = items.pop() as string;
      if (i < items.length) {
        items[i] = last;
        this.pos.set(last, i);
      }
    } else {
      items.splice(i, 1);
      this.reindex(i);
    }
    return m;
  }

  /** A uniformly random position. */
  randomIndex(): number {
    return Math.floor(Math.random() * this.items.length);
  }

  /**
   * maybeConvertToIntset: a set whose members are all integers becomes an
   * intset again when small enough (used by SINTERSTORE on its result).
   */
  toIntsetIfFits(): void {
    if (this.enc === INTSET || this.items.length > intsetMax()) return;
    const members = this.items.slice().sort(compareInts);
    this.enc = INTSET;
    this.items = [];
    this.pos.clear();
    this.width = 2;
    for (const m of members) {
      this.pos.set(m, this.items.length);
      this.items.push(m);
      const w = intWidth(m);
      if (w > this.width) this.width = w;
    }
  }

  clone(): SetValue {
    const c = new SetValue(this.enc);
    c.items = this.items.slice();
    for (const [m, i] of this.pos) c.pos.set(m, i);
    c.width = this.width;
    return c;
  }

  /** Redis's objectComputeSize for a set: the intset or listpack bytes, or the dict and sampled members. */
  memoryUsage(samples: number): number {
    const items = this.items;
    if (this.enc === INTSET) return ROBJ + allocSize(8 + this.width * items.length);
    if (this.enc === LISTPACK) {
      let bytes = LISTPACK_OVERHEAD;
      for (const m of items) bytes += listpackEntrySize(m);
      return ROBJ + allocSize(bytes);
    }
    let slots = 4;
    while (slots < items.length) slots *= 2;
    const n = Math.min(samples, items.length);
    let sum = 0;
    for (let i = 0; i < n; i++) sum += sdsAllocSize(items[i].length) + DICT_ENTRY;
    return ROBJ + DICT + 8 * slots + (n === 0 ? 0 : (sum / n) * items.length);
  }
}
