/**
 * A hash value. Whatever its encoding, fields live in one Map<string,string>:
 * V8's ordered hash map gives O(1) lookups, keeps insertion order (which is
 * exactly a listpack's order, deletions included, so small hashes reply in
 * Redis's order), and costs about what Redis's dict does per field, which
 * keeps a million-field hash within Redis's memory. The encoding is only the
 * name Redis would report: listpack until a threshold is crossed, then
 * hashtable for good (Redis never converts a hash back).
 */
import type { CollectionValue } from './value';
import { limits } from './limits';
import { allocSize, sdsAllocSize } from './memsize';
import { LISTPACK_OVERHEAD, listpackEntrySize } from '../persist/listpack';

const ROBJ = 16;
const DICT = 56;
const DICT_ENTRY = 24;

export class HashValue implements CollectionValue {
  readonly type = 'hash' as const;
  readonly map = new Map<string, string>();
  /** Hashtable encoding (else listpack). */
  big = false;
  /** Fields in an array for random picks; dropped whenever a field is added or removed. */
  private fieldArray: string[] | null = null;

  encoding(): string {
    return this.big ? 'hashtable' : 'listpack';
  }

  get size(): number {
    return this.map.size;
  }

  /**
   * hashTypeSet: sets a field, converting to hashtable when the field or the
   * value is longer than hash-max-listpack-value or the hash outgrows
   * hash-max-listpack-entries. True when the field is new.
   */
  set(field: string, value: string): boolean {
    const m = this.map;
    if (!this.big && (field.length > limits.hashValue || value.length > limits.hashValue)) this.big = true;
    const before = m.size;
    m.set(field, value);
    if (m.size === before) return false;
    this.fieldArray = null;
    if (!this.big && m.size > limits.hashEntries) this.big = true;
    return true;
  }

  delete(field: string): boolean {
    if (!this.map.delete(field)) return false;
    this.fieldArray = null;
    return true;
  }

  /** hashTypeTryConversion's count check: HSET of more pairs than a listpack may hold converts up front. */
  expectFields(n: number): void {
    if (n > limits.hashEntries) this.big = true;
  }

  /** The fields, indexable for random picks (rebuilt only after the field set changes). */
  fields(): string[] {
    if (this.fieldArray === null) this.fieldArray = [...this.map.keys()];
    return this.fieldArray;
  }

  /** A new hash with the same encoding and no fields. */
  static like(h: HashValue): HashValue {
    const c = new HashValue();
    c.big = h.big;
    return c;
  }

  clone(): HashValue {
    const c = HashValue.like(this);
    for (const [f, v] of this.map) c.map.set(f, v);
    return c;
  }

  /** Redis's objectComputeSize for a hash: the listpack's bytes, or the dict and sampled entries. */
  memoryUsage(samples: number): number {
    const m = this.map;
    if (!this.big) {
      let bytes = LISTPACK_OVERHEAD;
      for (const [f, v] of m) bytes += listpackEntrySize(f) + listpackEntrySize(v);
      return ROBJ + allocSize(bytes);
    }
    let slots = 4;
    while (slots < m.size) slots *= 2;
    let n = 0;
    let sum = 0;
    for (const [f, v] of m) {
      if (n >= samples) break;
      sum += sdsAllocSize(f.length) + sdsAllocSize(v.length) + DICT_ENTRY;
      n++;
    }
    return ROBJ + DICT + 8 * slots + (n === 0 ? 0 : (sum / n) * m.size);
  }
}
