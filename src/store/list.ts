/**
 * The list type. Elements live in a ring buffer (a power-of-two array with a
 * head index): push and pop at either end are O(1) amortised, index access is
 * one masked array read, and LRANGE walks contiguous slots, which is what the
 * hot commands need. One JS array of string pointers is also smaller than a
 * linked list of nodes or a chunked deque for the sizes lists usually have.
 *
 * The encoding Redis would report is tracked alongside: Redis 7.2 keeps a
 * list as one listpack until it passes `list-max-listpack-size` (a count
 * when positive, a byte size class when negative), then as a quicklist of
 * listpack nodes, and converts back when a removal leaves a single node
 * under half the limit. To decide as Redis does, the list keeps the byte
 * size its listpack would have and, as a quicklist, the element count and
 * byte size of each node, filled, split and merged as Redis's quicklist
 * does it. The same node layout is what DUMP writes.
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

/**
 * isLargeElement: an element this big gets a plain node of its own. Redis
 * 7.2 uses a fixed 1 GiB (later versions lowered it to the node limit).
 */
const PACKED_THRESHOLD = 1 << 30;

function isLarge(len: number): boolean {
  return len >= PACKED_THRESHOLD;
}

/** Node bytes of a plain node (one raw element, not a listpack). */
export const PLAIN = -1;

/** Node arrays of every listpack-encoded list: never written, so small lists carry no arrays of their own. */
const NO_NODES: number[] = [];

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
  /** As a quicklist: elements per node, head to tail (a listpack shares one empty array). */
  nodeCount: number[] = NO_NODES;
  /** As a quicklist: each node's listpack bytes, or PLAIN. */
  nodeBytes: number[] = NO_NODES;

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
    if (this.quick) {
      l.nodeCount = this.nodeCount.slice();
      l.nodeBytes = this.nodeBytes.slice();
    }
    return l;
  }

  /**
   * MEMORY USAGE as Redis estimates it: the object and its listpack, or for
   * a quicklist the mean of the first `samples` nodes (node header plus
   * listpack or raw element allocation) times the number of nodes.
   */
  memoryUsage(samples: number): number {
    if (!this.quick) return ROBJ + allocSize(this.lpBytes);
    const nodes = this.nodeCount.length;
    const n = Math.min(samples, nodes);
    let sum = 0;
    let at = 0;
    for (let k = 0; k < n; k++) {
      const b = this.nodeBytes[k];
      sum += QUICKLIST_NODE + allocSize(b === PLAIN ? this.at(at).length : b);
      at += this.nodeCount[k];
    }
    return ROBJ + QUICKLIST + (n === 0 ? 0 : Math.floor((sum / n) * nodes));
  }

  // ---- encoding conversions (thresholds from CONFIG, through store/limits) ----

  /** listTypeTryConversionAppend: becomes a quicklist if adding `addBytes` (raw lengths) in `addCount` elements would pass the limit. */
  growFor(addBytes: number, addCount: number): void {
    if (!this.quick && exceedsNodeLimit(limits.listSize, this.lpBytes + addBytes, this.length + addCount)) this.toQuicklist();
  }

  /** The listpack becomes the quicklist's first node. */
  toQuicklist(): void {
    this.quick = true;
    this.nodeCount = this.length === 0 ? [] : [this.length];
    this.nodeBytes = this.length === 0 ? [] : [this.lpBytes];
  }

  /** listTypeTryConvertQuicklist: one packed node within the limit (half of it after a removal) becomes a listpack. */
  shrink(removal = true): void {
    if (!this.quick || this.nodeCount.length !== 1 || this.nodeBytes[0] === PLAIN) return;
    const fill = limits.listSize;
    const div = removal ? 2 : 1;
    if (this.nodeBytes[0] > sizeLimit(fill) / div || this.length > Math.floor(countLimit(fill) / div)) return;
    this.quick = false;
    this.nodeCount = NO_NODES;
    this.nodeBytes = NO_NODES;
  }

  /** A loaded node (RDB), appended as it was stored; call shrink(false) once all are in. */
  appendNode(entries: string[], plain: boolean): void {
    if (!this.quick) this.toQuicklist();
    const before = this.lpBytes;
    for (let i = 0; i < entries.length; i++) this.pushElement(entries[i], false, lpEntrySize(entries[i]));
    this.nodeCount.push(entries.length);
    this.nodeBytes.push(plain ? PLAIN : LISTPACK_OVERHEAD + this.lpBytes - before);
  }

  // ---- quicklist nodes ----

  /** _quicklistNodeAllowInsert, then the element joins the end node or starts a new one. */
  private nodeAdd(s: string, head: boolean, size: number): void {
    const fill = limits.listSize;
    const n = this.nodeCount.length;
    const k = head ? 0 : n - 1;
    const large = isLarge(s.length);
    if (n !== 0 && !large && this.nodeBytes[k] !== PLAIN && !exceedsNodeLimit(fill, this.nodeBytes[k] + s.length + 8, this.nodeCount[k] + 1)) {
      this.nodeCount[k]++;
      this.nodeBytes[k] += size;
      return;
    }
    const bytes = large ? PLAIN : LISTPACK_OVERHEAD + size;
    if (head) {
      this.nodeCount.unshift(1);
      this.nodeBytes.unshift(bytes);
    } else {
      this.nodeCount.push(1);
      this.nodeBytes.push(bytes);
    }
  }

  /** The node holding element i, and the index its first element has. */
  private nodeOf(i: number): [number, number] {
    let start = 0;
    for (let k = 0; k < this.nodeCount.length; k++) {
      if (i < start + this.nodeCount[k]) return [k, start];
      start += this.nodeCount[k];
    }
    return [this.nodeCount.length - 1, start - this.nodeCount[this.nodeCount.length - 1]];
  }

  /** One element of size `size` left node k. */
  private nodeShrink(k: number, size: number): void {
    if (--this.nodeCount[k] === 0) {
      this.nodeCount.splice(k, 1);
      this.nodeBytes.splice(k, 1);
    } else if (this.nodeBytes[k] !== PLAIN) {
      this.nodeBytes[k] -= size;
    }
  }

  /** Listpack bytes of elements [from, to). */
  private bytesOf(from: number, to: number): number {
    let b = LISTPACK_OVERHEAD;
    for (let i = from; i < to; i++) b += lpEntrySize(this.at(i));
    return b;
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

  /** Stores an element of listpack size `size` at one end, without node bookkeeping. */
  private pushElement(s: string, head: boolean, size: number): void {
    if (this.length === this.buf.length) this.grow();
    if (head) {
      this.head = (this.head - 1) & this.mask;
      this.buf[this.head] = s;
    } else {
      this.buf[(this.head + this.length) & this.mask] = s;
    }
    this.length++;
    this.lpBytes += size;
  }

  push(s: string, head: boolean): void {
    const size = lpEntrySize(s);
    if (this.quick) this.nodeAdd(s, head, size);
    this.pushElement(s, head, size);
  }

  pushHead(s: string): void {
    this.push(s, true);
  }

  pushTail(s: string): void {
    this.push(s, false);
  }

  pop(head: boolean): string {
    const i = head ? this.head : (this.head + this.length - 1) & this.mask;
    const s = this.buf[i] as string;
    this.buf[i] = undefined;
    if (head) this.head = (this.head + 1) & this.mask;
    this.length--;
    const size = lpEntrySize(s);
    this.lpBytes -= size;
    if (this.quick) this.nodeShrink(head ? 0 : this.nodeCount.length - 1, size);
    this.maybeCompact();
    return s;
  }

  popHead(): string {
    return this.pop(true);
  }

  popTail(): string {
    return this.pop(false);
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
    const delta = lpEntrySize(s) - lpEntrySize(this.buf[j] as string);
    this.lpBytes += delta;
    this.buf[j] = s;
    if (this.quick) this.nodeSet(i, s, delta);
  }

  /**
   * Node bookkeeping of a replaced element (quicklistReplaceEntry): a small
   * element over a plain one makes a packed node of one; a big one over a
   * packed node's element gets a plain node, splitting the node around it.
   */
  private nodeSet(i: number, s: string, delta: number): void {
    const [k, start] = this.nodeOf(i);
    const large = isLarge(s.length);
    if (this.nodeBytes[k] === PLAIN) {
      if (!large) this.nodeBytes[k] = LISTPACK_OVERHEAD + lpEntrySize(s);
    } else if (large) {
      this.splitNode(k, start, i, i + 1, PLAIN);
    } else {
      this.nodeBytes[k] += delta;
    }
  }

  /**
   * Replaces node k (first element at `start`) by up to three nodes:
   * elements [start, leftEnd), one node of `own` bytes holding one element,
   * and elements [rightStart, end of node k); empty parts are left out.
   */
  private splitNode(k: number, start: number, leftEnd: number, rightStart: number, own: number): void {
    const end = start + this.nodeCount[k];
    // The one element of a plain node stays in a plain node.
    const plain = this.nodeBytes[k] === PLAIN;
    const counts: number[] = [];
    const bytes: number[] = [];
    if (leftEnd > start) {
      counts.push(leftEnd - start);
      bytes.push(plain ? PLAIN : this.bytesOf(start, leftEnd));
    }
    counts.push(1);
    bytes.push(own);
    if (end > rightStart) {
      counts.push(end - rightStart);
      bytes.push(plain ? PLAIN : this.bytesOf(rightStart, end));
    }
    this.nodeCount.splice(k, 1, ...counts);
    this.nodeBytes.splice(k, 1, ...bytes);
  }

  /** Inserts an element next to the one at `pivot` (LINSERT): after it or before it. */
  insert(pivot: number, s: string, after: boolean): void {
    const i = after ? pivot + 1 : pivot;
    // At either end this is a push, for the nodes as well.
    if (i === 0) return this.pushHead(s);
    if (i === this.length) return this.pushTail(s);
    const size = lpEntrySize(s);
    if (this.quick) this.nodeInsert(pivot, s, size, after);
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
    this.lpBytes += size;
  }

  /** _quicklistNodeAllowInsert for node k (false when there is no such node). */
  private allowInsert(k: number, len: number): boolean {
    if (k < 0 || k >= this.nodeCount.length || this.nodeBytes[k] === PLAIN || isLarge(len)) return false;
    return !exceedsNodeLimit(limits.listSize, this.nodeBytes[k] + len + 8, this.nodeCount[k] + 1);
  }

  /**
   * Node bookkeeping of an insert next to `pivot`, before the element goes
   * in, as _quicklistInsert does it: into the pivot's node if it has room,
   * else into the neighbour at a node edge, else a new node at the edge, else
   * the node is split at the pivot and the pieces merged with neighbours
   * where they fit.
   */
  private nodeInsert(pivot: number, s: string, size: number, after: boolean): void {
    const [k, start] = this.nodeOf(pivot);
    const off = pivot - start;
    const counts = this.nodeCount;
    const bytes = this.nodeBytes;
    const own = isLarge(s.length) ? PLAIN : LISTPACK_OVERHEAD + size;
    if (this.allowInsert(k, s.length)) {
      counts[k]++;
      bytes[k] += size;
      return;
    }
    const atTail = after && off === counts[k] - 1;
    const atHead = !after && off === 0;
    if (own !== PLAIN && atTail && this.allowInsert(k + 1, s.length)) {
      counts[k + 1]++;
      bytes[k + 1] += size;
    } else if (own !== PLAIN && atHead && this.allowInsert(k - 1, s.length)) {
      counts[k - 1]++;
      bytes[k - 1] += size;
    } else if (atTail || atHead || bytes[k] === PLAIN) {
      counts.splice(after ? k + 1 : k, 0, 1);
      bytes.splice(after ? k + 1 : k, 0, own);
    } else if (own === PLAIN) {
      this.splitNode(k, start, after ? pivot + 1 : pivot, after ? pivot + 1 : pivot, PLAIN);
    } else {
      // _quicklistSplitNode: the pivot stays in node k, the new element goes into the split-off part.
      const end = start + counts[k];
      if (after) {
        const moved = this.bytesOf(pivot + 1, end);
        counts.splice(k, 1, off + 1, end - pivot - 1 + 1);
        bytes.splice(k, 1, this.bytesOf(start, pivot + 1), moved + size);
      } else {
        const moved = this.bytesOf(start, pivot);
        counts.splice(k, 1, off + 1, end - pivot);
        bytes.splice(k, 1, moved + size, this.bytesOf(pivot, end));
      }
      this.mergeAround(after ? k : k + 1);
    }
  }

  /** Whether nodes a and b may merge (_quicklistNodeAllowMerge). */
  private allowMerge(a: number, b: number): boolean {
    const n = this.nodeCount.length;
    if (a < 0 || b < 0 || a >= n || b >= n || this.nodeBytes[a] === PLAIN || this.nodeBytes[b] === PLAIN) return false;
    return !exceedsNodeLimit(limits.listSize, this.nodeBytes[a] + this.nodeBytes[b] - LISTPACK_OVERHEAD, this.nodeCount[a] + this.nodeCount[b]);
  }

  /** Node a absorbs node a + 1 (one listpack header and terminator fewer). */
  private mergeNext(a: number): void {
    this.nodeCount[a] += this.nodeCount[a + 1];
    this.nodeBytes[a] += this.nodeBytes[a + 1] - LISTPACK_OVERHEAD;
    this.nodeCount.splice(a + 1, 1);
    this.nodeBytes.splice(a + 1, 1);
  }

  /** _quicklistMergeNodes around node c: the two before it, the two after it, then c with each side. */
  private mergeAround(c: number): void {
    if (this.allowMerge(c - 1, c - 2)) {
      this.mergeNext(c - 2);
      c--;
    }
    if (this.allowMerge(c + 1, c + 2)) this.mergeNext(c + 1);
    let target = c;
    if (this.allowMerge(c, c - 1)) {
      this.mergeNext(c - 1);
      target = c - 1;
    }
    if (this.allowMerge(target, target + 1)) this.mergeNext(target);
  }

  /** Removes the elements at the ascending indexes in `drop`, in one pass. */
  removeIndexes(drop: number[]): void {
    if (drop.length === 0) return;
    if (this.quick) this.nodesDrop(drop);
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
    for (let x = w; x < this.length; x++) this.buf[(this.head + x) & m] = undefined;
    this.length = w;
    this.maybeCompact();
  }

  /** Node bookkeeping of removeIndexes, before the elements go: nodes shrink, empty ones are deleted (Redis never merges them). */
  private nodesDrop(drop: number[]): void {
    const counts = this.nodeCount;
    const bytes = this.nodeBytes;
    const gone = new Array<number>(counts.length).fill(0);
    let k = 0;
    let start = 0;
    for (let d = 0; d < drop.length; d++) {
      const i = drop[d];
      while (i >= start + counts[k]) start += counts[k++];
      gone[k]++;
      if (bytes[k] !== PLAIN) bytes[k] -= lpEntrySize(this.at(i));
    }
    const keptCounts: number[] = [];
    const keptBytes: number[] = [];
    for (let n = 0; n < counts.length; n++) {
      if (counts[n] === gone[n]) continue;
      keptCounts.push(counts[n] - gone[n]);
      keptBytes.push(bytes[n]);
    }
    this.nodeCount = keptCounts;
    this.nodeBytes = keptBytes;
  }

  /** Keeps elements [start, end] (inclusive, already clamped, start <= end). */
  trim(start: number, end: number): void {
    while (this.length > end + 1) this.pop(false);
    for (let k = 0; k < start; k++) this.pop(true);
  }
}
