/**
 * A hash value, in the two encodings Redis has. A listpack-encoded hash (small)
 * is a Map<string,string>: O(1) lookups, and V8's insertion order is exactly a
 * listpack's order, deletions included, so small hashes reply in Redis's order.
 * A hashtable-encoded hash (past hash-max-listpack-entries/value) moves to a
 * BytesTable kept off the JS heap, so a million fields cost about what Redis
 * spends on them. Like Redis, a hash never converts back.
 */
import type { CollectionValue } from './value';
import { limits } from './limits';
import { allocSize, sdsAllocSize } from './memsize';
import { BytesTable } from './bytes-table';
import { LISTPACK_OVERHEAD, listpackEntrySize } from '../persist/listpack';

const ROBJ = 16;
const DICT = 56;
const DICT_ENTRY = 24;
const OFFSET_BITS = 32n;

export class HashValue implements CollectionValue {
  readonly type = 'hash' as const;
  /** The fields while listpack-encoded; null once a hashtable. */
  private map: Map<string, string> | null = new Map();
  private table: BytesTable | null = null;
  /** Fields of a small hash in an array for random picks; dropped when fields come or go. */
  private fieldArray: string[] | null = null;

  encoding(): string {
    return this.map === null ? 'hashtable' : 'listpack';
  }

  /** Hashtable encoding. */
  get big(): boolean {
    return this.map === null;
  }

  get size(): number {
    return this.map !== null ? this.map.size : (this.table as BytesTable).size;
  }

  get(field: string): string | undefined {
    return this.map !== null ? this.map.get(field) : (this.table as BytesTable).get(field);
  }

  has(field: string): boolean {
    return this.map !== null ? this.map.has(field) : (this.table as BytesTable).has(field);
  }

  /**
   * hashTypeSet: sets a field, converting to hashtable when the field or the
   * value is longer than hash-max-listpack-value or the hash outgrows
   * hash-max-listpack-entries. True when the field is new.
   */
  set(field: string, value: string): boolean {
    const m = this.map;
    if (m === null) return (this.table as BytesTable).set(field, value);
    if (field.length > limits.hashValue || value.length > limits.hashValue) {
      this.convert();
      return (this.table as BytesTable).set(field, value);
    }
    const before = m.size;
    m.set(field, value);
    if (m.size === before) return false;
    this.fieldArray = null;
    if (m.size > limits.hashEntries) this.convert();
    return true;
  }

  /** Adds a field as loading a listpack blob does, with no conversion; false when already there. */
  load(field: string, value: string): boolean {
    if (this.map === null) return (this.table as BytesTable).set(field, value);
    const before = this.map.size;
    this.map.set(field, value);
    return this.map.size !== before;
  }

  delete(field: string): boolean {
    if (this.map === null) return (this.table as BytesTable).delete(field);
    if (!this.map.delete(field)) return false;
    this.fieldArray = null;
    return true;
  }

  /** hashTypeTryConversion's count check: HSET of more pairs than a listpack may hold converts up front. */
  expectFields(n: number): void {
    if (n > limits.hashEntries) this.convert();
  }

  /** Into the hashtable encoding, for good (a no-op when there already). */
  convert(): void {
    if (this.map === null) return;
    const t = new BytesTable();
    for (const [f, v] of this.map as Map<string, string>) t.set(f, v);
    this.table = t;
    this.map = null;
    this.fieldArray = null;
  }

  /** Fields and values, alternating, in the hash's order. */
  pairs(): string[] {
    const out: string[] = [];
    if (this.map !== null) {
      for (const [f, v] of this.map) out.push(f, v);
      return out;
    }
    const t = this.table as BytesTable;
    for (let o = t.nextLive(0); o >= 0; o = t.nextLive(t.after(o))) out.push(t.fieldAt(o), t.valueAt(o));
    return out;
  }

  /** A uniformly random field. */
  randomField(): string {
    if (this.map === null) {
      const t = this.table as BytesTable;
      return t.fieldAt(t.randomRecord());
    }
    if (this.fieldArray === null) this.fieldArray = [...this.map.keys()];
    return this.fieldArray[Math.floor(Math.random() * this.fieldArray.length)];
  }

  /** `count` distinct random fields of a hashtable-encoded hash (fewer than its size), in random order. */
  randomDistinctFields(count: number): string[] {
    const t = this.table as BytesTable;
    const seen = new Set<number>();
    const out: string[] = [];
    while (out.length < count) {
      const o = t.randomRecord();
      if (seen.has(o)) continue;
      seen.add(o);
      out.push(t.fieldAt(o));
    }
    return out;
  }

  /**
   * One HSCAN step over a hashtable-encoded hash: about `count` pairs pushed
   * onto `out`, and the next cursor (0: done). The cursor is an arena offset
   * tagged with the table's generation; any other cursor restarts the walk,
   * which may repeat fields (SCAN allows it) but never misses one.
   */
  scan(cursor: bigint, count: number, out: string[]): bigint {
    const t = this.table as BytesTable;
    const gen = BigInt(t.generation);
    let o = cursor >> OFFSET_BITS === gen ? Number(cursor & 0xffffffffn) : 0;
    for (let i = 0; i < count; i++) {
      o = t.nextLive(o);
      if (o < 0) return 0n;
      out.push(t.fieldAt(o), t.valueAt(o));
      o = t.after(o);
    }
    return t.nextLive(o) < 0 ? 0n : (gen << OFFSET_BITS) | BigInt(o);
  }

  clone(): HashValue {
    const c = new HashValue();
    const p = this.pairs();
    if (this.map === null) c.convert();
    for (let i = 0; i < p.length; i += 2) c.set(p[i], p[i + 1]);
    return c;
  }

  /**
   * Redis's objectComputeSize for a hash, so MEMORY USAGE reads as in Redis:
   * the listpack's bytes, or the dict with its entries estimated from a sample.
   */
  memoryUsage(samples: number): number {
    if (this.map !== null) {
      let bytes = LISTPACK_OVERHEAD;
      for (const [f, v] of this.map) bytes += listpackEntrySize(f) + listpackEntrySize(v);
      return ROBJ + allocSize(bytes);
    }
    const t = this.table as BytesTable;
    let slots = 4;
    while (slots < t.size) slots *= 2;
    let n = 0;
    let sum = 0;
    for (let o = t.nextLive(0); o >= 0 && n < samples; o = t.nextLive(t.after(o))) {
      sum += sdsAllocSize(t.fieldAt(o).length) + sdsAllocSize(t.valueAt(o).length) + DICT_ENTRY;
      n++;
    }
    return ROBJ + DICT + 8 * slots + (n === 0 ? 0 : (sum / n) * t.size);
  }
}
