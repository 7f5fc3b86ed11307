/**
 * The list type. Elements live in a ring buffer (a power-of-two array with a
 * head index): push and pop at either end are O(1) amortised, index access is
 * one masked array read, and LRANGE walks contiguous slots, which is what the
 * hot commands need. One JS array of string pointers is also smaller than a
 * linked list of nodes or a chunked deque for the sizes lists usually have.
 *
 * The encoding Redis would report is tracked alongside: Redis 7.2 keeps a
 * list as one listpack until it passes `list-max-listpack-size` (a count
 * when positive, a byte size class when negative), then as a quicklist, and
 * converts back when a removal leaves it under half the limit. To decide as
 * Redis does, the list keeps the byte size its listpack would have.
 * Shrinking assumes the quicklist's elements would fit in one node (Redis
 * converts back only from a single-node quicklist).
 */
import type { CollectionValue } from './value';
import { allocSize, sdsAllocSize } from './memsize';
import { parseInt64 } from '../util/numbers';

/** Listpack header (total bytes + count) and end byte. */
export const LP_HEADER = 7;
/** Byte limits of the negative list-max-listpack-size classes (-1..-5). */
const SIZE_CLASSES = [4096, 8192, 16384, 32768, 65536];
/** A count-limited node is still capped in bytes, as Redis's SIZE_SAFETY_LIMIT. */
const SIZE_SAFETY_LIMIT = 8192;

/** Bytes one element takes in a listpack: encoding, data and back-length. */
export function lpEntrySize(s: string): number {
  let enc: number;
  // A listpack stores canonical int64 strings as integers (lpStringToInt64).
  const v = s.length <= 20 ? parseInt64(s) : null;
  if (typeof v === 'bigint') {
    enc = 9;
  } else if (v !== null) {
    if (v >= 0 && v <= 127) enc = 1;
    else if (v >= -4096 && v <= 4095) enc = 2;
    else if (v >= -32768 && v <= 32767) enc = 3;
    else if (v >= -8388608 && v <= 8388607) enc = 4;
    else if (v >= -2147483648 && v <= 2147483647) enc = 5;
    else enc = 9;
  } else {
    const len = s.length;
    enc = len < 64 ? 1 + len : len < 4096 ? 2 + len : 5 + len;
  }
  return enc + (enc < 128 ? 1 : enc < 16384 ? 2 : enc < 2097152 ? 3 : enc < 268435456 ? 4 : 5);
}

/** quicklistNodeLimit: [byte limit, count limit] for a list-max-listpack-size value. */
function nodeLimit(fill: number): [number, number] {
  if (fill >= 0) return [Infinity, fill === 0 ? 1 : fill];
  return [SIZE_CLASSES[Math.min(-fill - 1, SIZE_CLASSES.length - 1)], Infinity];
}

/** quicklistNodeExceedsLimit. */
export function exceedsNodeLimit(fill: number, bytes: number, count: number): boolean {
  const [size, max] = nodeLimit(fill);
  if (size !== Infinity) return bytes > size;
  return bytes > SIZE_SAFETY_LIMIT || count > max;
}

export class ListValue implements CollectionValue {
  readonly type = 'list';
  private buf: (string | undefined)[];
  private head = 0;
  private mask: number;
  length = 0;
  /** Size of the equivalent listpack (header included). */
  lpBytes = LP_HEADER;
  /** Reported as quicklist (else listpack). */
  quick = false;

  constructor(capacity = 8) {
    let cap = 8;
    while (cap < capacity) cap *= 2;
    this.buf = new Array<string | undefined>(cap);
    this.mask = cap - 1;
  }

  encoding(): string {
    return this.quick ? 'quicklist' : 'listpack';
  }

  clone(): ListValue {
    const l = new ListValue(this.length);
    for (let i = 0; i < this.length; i++) l.buf[i] = this.buf[(this.head + i) & this.mask];
    l.length = this.length;
    l.lpBytes = this.lpBytes;
    l.quick = this.quick;
    return l;
  }

  memoryUsage(samples: number): number {
    // Listpack bytes for the small encoding; per-node overhead on top for a quicklist.
    if (!this.quick) return 16 + allocSize(this.lpBytes);
    const n = Math.min(samples, this.length);
    let sum = 0;
    for (let i = 0; i < n; i++) sum += sdsAllocSize((this.at(i) as string).length) - 8;
    const bytes = n === 0 ? 0 : (sum / n) * this.length;
    return 16 + 48 + Math.ceil(this.lpBytes / 8192) * 32 + Math.max(bytes, this.lpBytes);
  }

  // ---- conversions, called by the commands with the configured fill ----

  /** listTypeTryConversionAppend: becomes a quicklist if adding `addBytes` (raw lengths) in `addCount` elements would pass the limit. */
  growFor(fill: number, addBytes: number, addCount: number): void {
    if (!this.quick && exceedsNodeLimit(fill, this.lpBytes + addBytes, this.length + addCount)) this.quick = true;
  }

  /** After a removal: back to a listpack under half the limit. */
  shrink(fill: number): void {
    if (!this.quick) return;
    const [size, max] = nodeLimit(fill);
    if (this.lpBytes <= size / 2 && this.length <= max / 2) this.quick = false;
  }

  /** Encoding as a freshly loaded value (RDB, RESTORE): a listpack when one node holds it. */
  settle(fill: number, nodes: number): void {
    this.quick = nodes > 1 || exceedsNodeLimit(fill, this.lpBytes, this.length);
  }

  // ---- element access ----

  private grow(): void {
    const old = this.buf;
    const cap = old.length * 2;
    const b = new Array<string | undefined>(cap);
    for (let i = 0; i < this.length; i++) b[i] = old[(this.head + i) & this.mask];
    this.buf = b;
    this.head = 0;
    this.mask = cap - 1;
  }

  /** Element at index i (0 <= i < length). */
  at(i: number): string {
    return this.buf[(this.head + i) & this.mask] as string;
  }

  pushTail(s: string): void {
    if (this.length === this.buf.length) this.grow();
    this.buf[(this.head + this.length) & this.mask] = s;
    this.length++;
    this.lpBytes += lpEntrySize(s);
  }

  pushHead(s: string): void {
    if (this.length === this.buf.length) this.grow();
    this.head = (this.head - 1) & this.mask;
    this.buf[this.head] = s;
    this.length++;
    this.lpBytes += lpEntrySize(s);
  }

  push(s: string, head: boolean): void {
    if (head) this.pushHead(s);
    else this.pushTail(s);
  }

  popHead(): string {
    const s = this.buf[this.head] as string;
    this.buf[this.head] = undefined;
    this.head = (this.head + 1) & this.mask;
    this.length--;
    this.lpBytes -= lpEntrySize(s);
    this.maybeCompact();
    return s;
  }

  popTail(): string {
    const i = (this.head + this.length - 1) & this.mask;
    const s = this.buf[i] as string;
    this.buf[i] = undefined;
    this.length--;
    this.lpBytes -= lpEntrySize(s);
    this.maybeCompact();
    return s;
  }

  pop(head: boolean): string {
    return head ? this.popHead() : this.popTail();
  }

  /** Gives memory back once a big list has mostly drained. */
  private maybeCompact(): void {
    const cap = this.buf.length;
    if (cap > 64 && this.length < cap >> 3) {
      const b = new Array<string | undefined>(cap >> 2);
      for (let i = 0; i < this.length; i++) b[i] = this.buf[(this.head + i) & this.mask];
      this.buf = b;
      this.head = 0;
      this.mask = (cap >> 2) - 1;
    }
  }

  set(i: number, s: string): void {
    const j = (this.head + i) & this.mask;
    this.lpBytes += lpEntrySize(s) - lpEntrySize(this.buf[j] as string);
    this.buf[j] = s;
  }

  /** Inserts before index i (0..length), shifting the shorter side. */
  insert(i: number, s: string): void {
    if (i === 0) return this.pushHead(s);
    if (i === this.length) return this.pushTail(s);
    if (this.length === this.buf.length) this.grow();
    const m = this.mask;
    if (i < this.length >> 1) {
      this.head = (this.head - 1) & m;
      for (let k = 0; k < i; k++) this.buf[(this.head + k) & m] = this.buf[(this.head + k + 1) & m];
    } else {
      for (let k = this.length; k > i; k--) this.buf[(this.head + k) & m] = this.buf[(this.head + k - 1) & m];
    }
    this.buf[(this.head + i) & m] = s;
    this.length++;
    this.lpBytes += lpEntrySize(s);
  }

  /** Removes the elements at the ascending indexes in `drop`, in one pass. */
  removeIndexes(drop: number[]): void {
    if (drop.length === 0) return;
    const m = this.mask;
    let w = drop[0];
    let d = 0;
    for (let r = drop[0]; r < this.length; r++) {
      const s = this.buf[(this.head + r) & m] as string;
      if (d < drop.length && drop[d] === r) {
        d++;
        this.lpBytes -= lpEntrySize(s);
        continue;
      }
      this.buf[(this.head + w) & m] = s;
      w++;
    }
    for (let k = w; k < this.length; k++) this.buf[(this.head + k) & m] = undefined;
    this.length = w;
    this.maybeCompact();
  }

  /** Keeps elements [start, end] (inclusive, already clamped, start <= end). */
  trim(start: number, end: number): void {
    while (this.length > end + 1) this.popTail();
    for (let k = 0; k < start; k++) this.popHead();
  }
}
