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
import { allocSize } from './memsize';
import { limits } from './limits';
import { listpackEntrySize as lpEntrySize, LISTPACK_OVERHEAD } from '../persist/listpack';

/** Sizes of Redis's robj, quicklist and quicklistNode structs. */
const ROBJ = 16;
const QUICKLIST = 40;
const QUICKLIST_NODE = 40;
/** Byte limits of the negative list-max-listpack-size classes (-1..-5). */
const SIZE_CLASSES = [4096, 8192, 16384, 32768, 65536];
/** A count-limited node is still capped in bytes, as Redis's SIZE_SAFETY_LIMIT. */
const SIZE_SAFETY_LIMIT = 8192;

/** quicklistNodeLimit's byte limit for a list-max-listpack-size value (Infinity: a count limit applies). */
function sizeLimit(fill: number): number {
  return fill >= 0 ? Infinity : SIZE_CLASSES[Math.min(-fill - 1, SIZE_CLASSES.length - 1)];
}

/** quicklistNodeLimit's count limit (Infinity: a byte limit applies). */
function countLimit(fill: number): number {
  return fill < 0 ? Infinity : fill === 0 ? 1 : fill;
}

/** quicklistNodeExceedsLimit. */
export function exceedsNodeLimit(fill: number, bytes: number, count: number): boolean {
  if (fill < 0) return bytes > sizeLimit(fill);
  return bytes > SIZE_SAFETY_LIMIT || count > countLimit(fill);
}

export class ListValue implements CollectionValue {
  readonly type = 'list';
  private buf: (string | undefined)[];
  private head = 0;
  private mask: number;
  length = 0;
  /** Size of the equivalent listpack (header included). */
  lpBytes = LISTPACK_OVERHEAD;
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

  /**
   * MEMORY USAGE as Redis estimates it: the object and its listpack, or for
   * a quicklist the mean of the first `samples` nodes (node header plus
   * listpack allocation) times the number of nodes.
   */
  memoryUsage(samples: number): number {
    if (!this.quick) return ROBJ + allocSize(this.lpBytes);
    const starts = this.nodeStarts(limits.listSize);
    const n = Math.min(samples, starts.length);
    let sum = 0;
    for (let k = 0; k < n; k++) {
      const end = k + 1 < starts.length ? starts[k + 1] : this.length;
      let bytes = LISTPACK_OVERHEAD;
      for (let i = starts[k]; i < end; i++) bytes += lpEntrySize(this.at(i));
      sum += QUICKLIST_NODE + allocSize(bytes);
    }
    return ROBJ + QUICKLIST + (n === 0 ? 0 : Math.floor((sum / n) * starts.length));
  }

  // ---- conversions, called by the commands with the configured fill ----

  /** listTypeTryConversionAppend: becomes a quicklist if adding `addBytes` (raw lengths) in `addCount` elements would pass the limit. */
  growFor(fill: number, addBytes: number, addCount: number): void {
    if (!this.quick && exceedsNodeLimit(fill, this.lpBytes + addBytes, this.length + addCount)) this.quick = true;
  }

  /** After a removal: back to a listpack under half the limit. */
  shrink(fill: number): void {
    if (!this.quick) return;
    if (this.lpBytes <= sizeLimit(fill) / 2 && this.length <= countLimit(fill) / 2) this.quick = false;
  }

  /** Encoding as a freshly loaded value (RDB, RESTORE): a listpack when one node holds it. */
  settle(fill: number, nodes: number): void {
    this.quick = nodes > 1 || exceedsNodeLimit(fill, this.lpBytes, this.length);
  }

  /**
   * Where a quicklist built by appending would split into nodes
   * (_quicklistNodeAllowInsert: raw length plus an 8-byte estimate per
   * element against the limit): the index each node starts at.
   */
  nodeStarts(fill: number): number[] {
    const starts = [0];
    let bytes = LISTPACK_OVERHEAD;
    let count = 0;
    for (let i = 0; i < this.length; i++) {
      const s = this.at(i);
      if (count !== 0 && exceedsNodeLimit(fill, bytes + s.length + 8, count + 1)) {
        starts.push(i);
        bytes = LISTPACK_OVERHEAD;
        count = 0;
      }
      bytes += lpEntrySize(s);
      count++;
    }
    return starts;
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
