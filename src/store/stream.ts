/**
 * A stream value, laid out as Redis 7.2 lays it out (t_stream.c): entries in
 * nodes that mirror Redis's listpacks (a master entry's field names, entries
 * flagged deleted or same-fields, split by stream-node-max-bytes/-entries),
 * so approximate trimming, node counts and RDB nodes come out as in Redis.
 * Nodes sit in a sorted array: XADD appends to the last one (O(1)
 * amortised) and a range read binary-searches its start (O(log n + k)).
 *
 * IDs are two unsigned 64-bit halves, each a number while it is a safe
 * integer and a bigint above that, so that equal values always have the
 * same JS type and `===`, `<` compare them exactly.
 */
import type { CollectionValue } from './value';
import { limits } from './limits';
import { LISTPACK_OVERHEAD, listpackEntrySize, listpackIntSize } from '../persist/listpack';
import { allocSize } from './memsize';

export type U64 = number | bigint;

export const U64_MAX = 18446744073709551615n;
const SAFE_MAX = BigInt(Number.MAX_SAFE_INTEGER);

/** A bigint in 0..2^64-1 in its canonical form. */
export function u64(b: bigint): U64 {
  return b <= SAFE_MAX ? Number(b) : b;
}

function inc(a: U64): U64 {
  return typeof a === 'number' && a < Number.MAX_SAFE_INTEGER ? a + 1 : BigInt(a) + 1n;
}

function dec(a: U64): U64 {
  return typeof a === 'number' ? a - 1 : u64(a - 1n);
}

export class StreamId {
  constructor(
    readonly ms: U64,
    readonly seq: U64,
  ) {}

  toString(): string {
    return this.ms + '-' + this.seq;
  }

  isZero(): boolean {
    return this.ms === 0 && this.seq === 0;
  }

  /** streamIncrID: the next ID, or null past the last possible one. */
  next(): StreamId | null {
    if (this.seq !== U64_MAX) return new StreamId(this.ms, inc(this.seq));
    if (this.ms === U64_MAX) return null;
    return new StreamId(inc(this.ms), 0);
  }

  /** streamDecrID: the previous ID, or null before 0-0. */
  prev(): StreamId | null {
    if (this.seq !== 0) return new StreamId(this.ms, dec(this.seq));
    if (this.ms === 0) return null;
    return new StreamId(dec(this.ms), U64_MAX);
  }
}

export const ZERO_ID = new StreamId(0, 0);
export const MAX_ID = new StreamId(U64_MAX, U64_MAX);

export function compareIds(a: StreamId, b: StreamId): number {
  if (a.ms !== b.ms) return a.ms < b.ms ? -1 : 1;
  if (a.seq !== b.seq) return a.seq < b.seq ? -1 : 1;
  return 0;
}

/** An unsigned 64-bit difference read as int64, as the listpack stores ID deltas. */
export function delta(a: U64, b: U64): number | bigint {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const d = BigInt.asIntN(64, BigInt(a) - BigInt(b));
  return d >= -SAFE_MAX && d <= SAFE_MAX ? Number(d) : d;
}

export const FLAG_DELETED = 1;
export const FLAG_SAMEFIELDS = 2;

/** One listpack of Redis's radix tree: a master entry and the entries after it. */
export class StreamNode {
  readonly ids: StreamId[] = [];
  /** Each entry's fields and values, alternating. */
  readonly fv: string[][] = [];
  readonly flags: number[] = [];
  /** Entries not deleted, and deleted ones still in the listpack. */
  live = 0;
  dead = 0;
  /** Listpack bytes apart from the live and dead counters, whose encodings change as they do. */
  private bytes: number;
  /**
   * The allocation Redis's listpack has (MEMORY USAGE): what it was made
   * with, grown to the size class of what outgrows it, and refitted when
   * the listpack shrinks or the node is closed.
   */
  alloc: number;

  /** `prealloc`: the bytes Redis 7.2 allocates for a new tail node up front (0 for loaded ones). */
  constructor(
    readonly master: StreamId,
    readonly masterFields: string[],
    prealloc = 0,
  ) {
    let b = LISTPACK_OVERHEAD + listpackIntSize(masterFields.length) + listpackIntSize(0);
    for (let i = 0; i < masterFields.length; i++) b += listpackEntrySize(masterFields[i]);
    this.bytes = b;
    this.alloc = prealloc === 0 ? 0 : allocSize(prealloc);
    this.resized(0);
  }

  /** lpBytes() of the listpack Redis would hold. */
  lpBytes(): number {
    return this.bytes + listpackIntSize(this.live) + listpackIntSize(this.dead);
  }

  /** lpInsert's reallocations: up when outgrown, down whenever the listpack shrinks. */
  private resized(before: number): void {
    const b = this.lpBytes();
    if (b > this.alloc || b < before) this.alloc = allocSize(b);
  }

  /** lpShrinkToFit, when the node is closed. */
  shrinkToFit(): void {
    const b = this.lpBytes();
    if (this.alloc > b) this.alloc = allocSize(b);
  }

  get lastId(): StreamId {
    return this.ids[this.ids.length - 1];
  }

  sameFields(fv: readonly string[]): boolean {
    const m = this.masterFields;
    if (fv.length !== m.length * 2) return false;
    for (let i = 0; i < m.length; i++) if (fv[i * 2] !== m[i]) return false;
    return true;
  }

  /** Appends an entry as streamAppendItem does, or as loaded from RDB with its own flags. */
  push(id: StreamId, fv: string[], flags: number): void {
    const before = this.lpBytes();
    const n = fv.length / 2;
    let b = listpackIntSize(flags) + listpackIntSize(delta(id.ms, this.master.ms)) + listpackIntSize(delta(id.seq, this.master.seq));
    if (flags & FLAG_SAMEFIELDS) {
      for (let i = 1; i < fv.length; i += 2) b += listpackEntrySize(fv[i]);
      b += listpackIntSize(n + 3);
    } else {
      b += listpackIntSize(n);
      for (let i = 0; i < fv.length; i++) b += listpackEntrySize(fv[i]);
      b += listpackIntSize(n * 2 + 4);
    }
    this.bytes += b;
    this.ids.push(id);
    this.fv.push(fv);
    this.flags.push(flags);
    if (flags & FLAG_DELETED) this.dead++;
    else this.live++;
    this.resized(before);
  }

  /** Marks entry i deleted (its flag keeps a one-byte encoding). */
  markDeleted(i: number): void {
    this.flags[i] |= FLAG_DELETED;
    this.countDeleted(1);
  }

  /** The master entry's counters after `k` entries were flagged deleted: live first, then dead, as Redis rewrites them. */
  countDeleted(k: number): void {
    let before = this.lpBytes();
    this.live -= k;
    this.resized(before);
    before = this.lpBytes();
    this.dead += k;
    this.resized(before);
  }

  /** First index whose ID is >= id (ids.length when none). */
  lowerBound(id: StreamId): number {
    let lo = 0;
    let hi = this.ids.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (compareIds(this.ids[mid], id) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** A copy, allocated to fit as COPY allocates it. */
  clone(): StreamNode {
    const n = new StreamNode(this.master, this.masterFields);
    for (let i = 0; i < this.ids.length; i++) n.push(this.ids[i], this.fv[i], this.flags[i]);
    return n;
  }
}

/** A pending entry: delivered to a consumer and not acknowledged yet. */
export class Nack {
  constructor(
    readonly id: StreamId,
    public deliveryTime: number,
    public deliveryCount: number,
    public consumer: Consumer | null,
  ) {}
}

/**
 * A pending entries list, sorted by ID. A removed entry leaves a hole (so
 * acknowledging is O(log n)) until holes outnumber entries and the list is
 * compacted; positions stay put between removals.
 */
export class Pel {
  private ids: StreamId[] = [];
  private nacks: (Nack | null)[] = [];
  /** Live entries. */
  size = 0;
  private holes = 0;
  /** No live entry before this position (acknowledgements come mostly in ID order). */
  private head = 0;

  /** Position of the first entry, live or a hole, whose ID is >= id. */
  private pos(id: StreamId): number {
    const ids = this.ids;
    let hi = ids.length;
    // Deliveries come in ID order: most inserts land at the end.
    if (hi === 0 || compareIds(ids[hi - 1], id) < 0) return hi;
    let lo = 0;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (compareIds(ids[mid], id) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  find(id: StreamId): Nack | undefined {
    const i = this.pos(id);
    const n = this.nacks[i];
    return n !== undefined && n !== null && compareIds(n.id, id) === 0 ? n : undefined;
  }

  /** Inserts a NACK whose ID is not present; false when it is. */
  insert(nack: Nack): boolean {
    const i = this.pos(nack.id);
    if (i < this.ids.length && compareIds(this.ids[i], nack.id) === 0) {
      if (this.nacks[i] !== null) return false;
      this.nacks[i] = nack;
      this.holes--;
    } else if (i === this.ids.length) {
      this.ids.push(nack.id);
      this.nacks.push(nack);
    } else {
      this.ids.splice(i, 0, nack.id);
      this.nacks.splice(i, 0, nack);
    }
    if (i < this.head) this.head = i;
    this.size++;
    return true;
  }

  remove(id: StreamId): Nack | undefined {
    const i = this.pos(id);
    const n = this.nacks[i];
    if (n === undefined || n === null || compareIds(n.id, id) !== 0) return undefined;
    this.nacks[i] = null;
    this.size--;
    this.holes++;
    // Holes at the end go at once, so the last entry is always live.
    while (this.nacks.length !== 0 && this.nacks[this.nacks.length - 1] === null) {
      this.nacks.pop();
      this.ids.pop();
      this.holes--;
    }
    if (this.holes > 32 && this.holes > this.size) this.compact();
    return n;
  }

  private compact(): void {
    const ids: StreamId[] = [];
    const nacks: Nack[] = [];
    for (const n of this.nacks) {
      if (n === null) continue;
      ids.push(n.id);
      nacks.push(n);
    }
    this.ids = ids;
    this.nacks = nacks;
    this.holes = 0;
    this.head = 0;
  }

  /** The first live entry whose ID is >= id. */
  ceiling(id: StreamId): Nack | undefined {
    const nacks = this.nacks;
    let i = this.pos(id);
    if (i < this.head) i = this.head;
    while (i < nacks.length && nacks[i] === null) i++;
    return nacks[i] ?? undefined;
  }

  /** The first live entry whose ID is > id. */
  after(id: StreamId): Nack | undefined {
    const next = id.next();
    return next === null ? undefined : this.ceiling(next);
  }

  first(): Nack | undefined {
    const nacks = this.nacks;
    while (this.head < nacks.length && nacks[this.head] === null) this.head++;
    return nacks[this.head] ?? undefined;
  }

  last(): Nack | undefined {
    return this.nacks[this.nacks.length - 1] ?? undefined;
  }

  /** Live entries from `id` on, at most `count` (0: all), in order. */
  from(id: StreamId, count: number): Nack[] {
    const out: Nack[] = [];
    const nacks = this.nacks;
    for (let i = Math.max(this.pos(id), this.head); i < nacks.length && (count === 0 || out.length < count); i++) {
      const n = nacks[i];
      if (n !== null) out.push(n);
    }
    return out;
  }

  /** Every live entry, in order. */
  all(): Nack[] {
    return this.from(ZERO_ID, 0);
  }
}

export class Consumer {
  readonly pel = new Pel();
  /** Last time the consumer was named by a command; last successful read or claim (-1: never). */
  seenTime: number;
  activeTime = -1;

  constructor(
    readonly name: string,
    now: number,
  ) {
    this.seenTime = now;
  }
}

/** SCG_INVALID_ENTRIES_READ. */
export const INVALID_ENTRIES_READ = -1;

export class Group {
  readonly pel = new Pel();
  readonly consumers = new Map<string, Consumer>();

  constructor(
    readonly name: string,
    public lastId: StreamId,
    public entriesRead: number,
  ) {}

  /** Consumers in name byte order, as Redis's radix tree lists them. */
  sortedConsumers(): Consumer[] {
    return [...this.consumers.values()].sort(byName);
  }

  /** Removes a NACK from the group's and its consumer's lists. */
  ack(nack: Nack): void {
    this.pel.remove(nack.id);
    nack.consumer?.pel.remove(nack.id);
  }
}

function byName(a: { name: string }, b: { name: string }): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/** STREAM_LISTPACK_MAX_SIZE: no listpack grows past 1 GiB. */
export const LISTPACK_MAX_SIZE = 1 << 30;

export const TRIM_MAXLEN = 1;
export const TRIM_MINID = 2;

export interface TrimArgs {
  strategy: number;
  maxlen: number;
  minid: StreamId;
  approx: boolean;
  /** 0: no limit. */
  limit: number;
}

export class StreamValue implements CollectionValue {
  readonly type = 'stream' as const;
  readonly nodes: StreamNode[] = [];
  length = 0;
  lastId = ZERO_ID;
  /** recorded-first-entry-id: the first live entry's ID (0-0 when empty). */
  firstId = ZERO_ID;
  maxDeletedId = ZERO_ID;
  entriesAdded = 0;
  /** Consumer groups; null until the first is created. */
  groups: Map<string, Group> | null = null;

  encoding(): string {
    return 'stream';
  }

  /** streamNextID: now, or the last ID's successor when the clock is behind it. */
  nextId(now: number): StreamId | null {
    if (now > this.lastId.ms) return new StreamId(now, 0);
    return this.lastId.next();
  }

  /** streamAppendItem once the ID is known to be greater than the last one. */
  append(id: StreamId, fv: string[], totalLen: number): void {
    let node = this.nodes.length === 0 ? null : this.nodes[this.nodes.length - 1];
    if (node !== null) {
      let maxBytes = limits.streamNodeBytes;
      if (maxBytes === 0 || maxBytes > LISTPACK_MAX_SIZE) maxBytes = LISTPACK_MAX_SIZE;
      if (node.lpBytes() + totalLen >= maxBytes || (limits.streamNodeEntries !== 0 && node.live + node.dead >= limits.streamNodeEntries)) {
        node.shrinkToFit();
        node = null;
      }
    }
    let flags = 0;
    if (node === null) {
      const fields: string[] = new Array(fv.length / 2);
      for (let i = 0; i < fields.length; i++) fields[i] = fv[i * 2];
      const maxBytes = limits.streamNodeBytes;
      node = new StreamNode(id, fields, maxBytes > 0 && maxBytes < PREALLOC ? maxBytes : PREALLOC);
      this.nodes.push(node);
      flags = FLAG_SAMEFIELDS;
    } else if (node.sameFields(fv)) {
      flags = FLAG_SAMEFIELDS;
    }
    node.push(id, fv, flags);
    this.length++;
    this.entriesAdded++;
    this.lastId = id;
    if (this.length === 1) this.firstId = id;
  }

  /** Index of the last node whose master ID is <= id, or -1. */
  nodeAtOrBefore(id: StreamId): number {
    let lo = 0;
    let hi = this.nodes.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (compareIds(this.nodes[mid].master, id) <= 0) lo = mid + 1;
      else hi = mid;
    }
    return lo - 1;
  }

  /** The node and index holding a live entry with this ID, or null. */
  locate(id: StreamId): [StreamNode, number] | null {
    const ni = this.nodeAtOrBefore(id);
    if (ni < 0) return null;
    const node = this.nodes[ni];
    const i = node.lowerBound(id);
    if (i === node.ids.length || compareIds(node.ids[i], id) !== 0 || node.flags[i] & FLAG_DELETED) return null;
    return [node, i];
  }

  /** The fields and values of a live entry, or undefined. */
  get(id: StreamId): string[] | undefined {
    const at = this.locate(id);
    return at === null ? undefined : at[0].fv[at[1]];
  }

  /** streamDeleteItem: marks a live entry deleted, dropping its node when it was the node's last. */
  delete(id: StreamId): boolean {
    const at = this.locate(id);
    if (at === null) return false;
    const [node, i] = at;
    if (node.live === 1) this.nodes.splice(this.nodes.indexOf(node), 1);
    else node.markDeleted(i);
    this.length--;
    return true;
  }

  /** The first or last live entry's ID, or null when there is none. */
  edgeId(first: boolean): StreamId | null {
    const cur = new StreamCursor(this, ZERO_ID, MAX_ID, !first);
    return cur.next() ? cur.id : null;
  }

  /** streamTrim: removes entries from the head; returns how many. */
  trim(a: TrimArgs): number {
    if (a.strategy === 0) return 0;
    let deleted = 0;
    while (this.nodes.length !== 0) {
      if (a.strategy === TRIM_MAXLEN && this.length <= a.maxlen) break;
      const node = this.nodes[0];
      const entries = node.live;
      if (a.limit !== 0 && deleted + entries > a.limit) break;
      const removeNode = a.strategy === TRIM_MAXLEN ? this.length - entries >= a.maxlen : compareIds(node.lastId, a.minid) < 0;
      if (removeNode) {
        this.nodes.shift();
        this.length -= entries;
        deleted += entries;
        continue;
      }
      if (a.approx) break;
      let marked = 0;
      for (let i = 0; i < node.ids.length; i++) {
        const stop = a.strategy === TRIM_MAXLEN ? this.length <= a.maxlen : compareIds(node.ids[i], a.minid) >= 0;
        if (stop) break;
        if (node.flags[i] & FLAG_DELETED) continue;
        node.flags[i] |= FLAG_DELETED;
        marked++;
        this.length--;
      }
      node.countDeleted(marked);
      deleted += marked;
      break;
    }
    if (this.length === 0) this.firstId = ZERO_ID;
    else if (deleted !== 0) this.firstId = this.edgeId(true) as StreamId;
    return deleted;
  }

  /** Number of radix-tree nodes Redis's rax holds for these node keys (XINFO radix-tree-nodes). */
  radixNodes(): number {
    const keys: StreamId[] = new Array(this.nodes.length);
    for (let i = 0; i < keys.length; i++) keys[i] = this.nodes[i].master;
    return raxNodes(keys);
  }

  /**
   * MEMORY USAGE as Redis 7.2's objectComputeSize counts a stream: the
   * structs, the radix trees by their node counts, the first `samples`
   * listpacks' allocations averaged over all but the last, which counts
   * as it is, and the groups' pending lists and consumers.
   */
  memoryUsage(samples: number): number {
    let size = ROBJ + STREAM + raxUsage(this.nodes.length, this.radixNodes());
    const n = this.nodes.length;
    const k = Math.min(samples, n);
    let lp = 0;
    for (let i = 0; i < k; i++) lp += this.nodes[i].alloc;
    if (n <= k) size += lp;
    else size += Math.floor(lp / k) * (n - 1) + this.nodes[n - 1].alloc;
    if (this.groups === null) return size;
    for (const g of this.groups.values()) {
      size += GROUP + raxUsage(g.pel.size, pelNodes(g.pel)) + NACK * g.pel.size;
      for (const c of g.consumers.values()) size += CONSUMER + c.name.length + raxUsage(c.pel.size, pelNodes(c.pel));
    }
    return size;
  }

  clone(): StreamValue {
    const s = new StreamValue();
    for (const n of this.nodes) s.nodes.push(n.clone());
    s.length = this.length;
    s.lastId = this.lastId;
    s.firstId = this.firstId;
    s.maxDeletedId = this.maxDeletedId;
    s.entriesAdded = this.entriesAdded;
    if (this.groups !== null) {
      s.groups = new Map();
      for (const g of this.groups.values()) {
        const ng = new Group(g.name, g.lastId, g.entriesRead);
        for (const c of g.consumers.values()) {
          const nc = new Consumer(c.name, c.seenTime);
          nc.activeTime = c.activeTime;
          ng.consumers.set(c.name, nc);
        }
        for (const nack of g.pel.all()) {
          const owner = nack.consumer === null ? null : (ng.consumers.get(nack.consumer.name) as Consumer);
          const copy = new Nack(nack.id, nack.deliveryTime, nack.deliveryCount, owner);
          ng.pel.insert(copy);
          owner?.pel.insert(copy);
        }
        s.groups.set(g.name, ng);
      }
    }
    return s;
  }

  group(name: string): Group | undefined {
    return this.groups?.get(name);
  }

  /** Groups in name byte order. */
  sortedGroups(): Group[] {
    return this.groups === null ? [] : [...this.groups.values()].sort(byName);
  }

  /** streamRangeHasTombstones, from `start` to the end of the stream. */
  private tombstonesFrom(start: StreamId): boolean {
    if (this.length === 0 || this.maxDeletedId.isZero()) return false;
    // Every deletion was before the first entry: none is left among the entries.
    if (compareIds(this.firstId, this.maxDeletedId) > 0) return false;
    return compareIds(start, this.maxDeletedId) <= 0;
  }

  /** streamEstimateDistanceFromFirstEverEntry: the entries-read counter of an ID, or -1 when unknown. */
  estimateEntriesRead(id: StreamId): number {
    if (this.entriesAdded === 0) return 0;
    if (this.length === 0 && compareIds(id, this.lastId) < 1) return this.entriesAdded;
    const cmpLast = compareIds(id, this.lastId);
    if (cmpLast === 0) return this.entriesAdded;
    if (cmpLast > 0) return INVALID_ENTRIES_READ;
    const cmpFirst = compareIds(id, this.firstId);
    if (this.maxDeletedId.isZero() || compareIds(this.maxDeletedId, this.firstId) < 0) {
      if (cmpFirst < 0) return this.entriesAdded - this.length;
      if (cmpFirst === 0) return this.entriesAdded - this.length + 1;
    }
    return INVALID_ENTRIES_READ;
  }

  /** streamReplyWithCGLag's number: entries not yet delivered to the group, or null when unknown. */
  lag(g: Group): number | null {
    if (this.entriesAdded === 0) return 0;
    if (g.entriesRead !== INVALID_ENTRIES_READ && !this.tombstonesFrom(g.lastId)) return this.entriesAdded - g.entriesRead;
    const read = this.estimateEntriesRead(g.lastId);
    return read === INVALID_ENTRIES_READ ? null : this.entriesAdded - read;
  }

  /** A group's read counter and last ID after delivering `id` (streamReplyWithRange). */
  advanceGroup(g: Group, id: StreamId): void {
    if (compareIds(id, g.lastId) <= 0) return;
    if (g.entriesRead !== INVALID_ENTRIES_READ && !this.tombstonesFrom(id)) {
      g.entriesRead++;
    } else if (this.entriesAdded !== 0) {
      g.entriesRead = this.estimateEntriesRead(id);
    }
    g.lastId = id;
  }
}

// Struct sizes Redis 7.2 counts (robj, stream, streamCG, streamNACK, streamConsumer, raxNode).
const ROBJ = 16;
const STREAM = 80;
const GROUP = 40;
const NACK = 24;
const CONSUMER = 32;
const RAX_NODE = 4;
/** STREAM_LISTPACK_MAX_PRE_ALLOCATE. */
const PREALLOC = 4096;

/** streamRadixTreeMemoryUsage (which starts from sizeof(rax) and then overwrites it). */
function raxUsage(elements: number, nodes: number): number {
  return elements * 16 + nodes * RAX_NODE + nodes * 8 * 30;
}

function pelNodes(pel: Pel): number {
  const nacks = pel.all();
  const ids: StreamId[] = new Array(nacks.length);
  for (let i = 0; i < ids.length; i++) ids[i] = nacks[i].id;
  return raxNodes(ids);
}

/** Nodes of Redis's radix tree holding these sorted, distinct IDs as 16-byte keys (the root included). */
function raxNodes(keys: readonly StreamId[]): number {
  const n = keys.length;
  if (n === 0) return 1;
  if (n === 1) return 2;
  const lcp: number[] = new Array(n - 1);
  for (let i = 0; i < n - 1; i++) lcp[i] = commonPrefix(keys[i], keys[i + 1]);
  const nodes = subtreeNodes(lcp, 0, n - 1);
  // A root that does not branch is one compressed node above the first branching one.
  return minOf(lcp, 0, n - 2) === 0 ? nodes : nodes + 1;
}

/** Bytes two IDs share at the start of their 128-bit big-endian encoding. */
function commonPrefix(a: StreamId, b: StreamId): number {
  if (a.ms !== b.ms) return sharedBytes(a.ms, b.ms);
  return 8 + sharedBytes(a.seq, b.seq);
}

function sharedBytes(a: U64, b: U64): number {
  const x = BigInt(a) ^ BigInt(b);
  if (x === 0n) return 8;
  return Math.floor((64 - x.toString(2).length) / 8);
}

function minOf(a: number[], lo: number, hi: number): number {
  let m = Infinity;
  for (let i = lo; i <= hi; i++) if (a[i] < m) m = a[i];
  return m;
}

/**
 * Rax nodes of the compacted subtree over sorted keys lo..hi (16 bytes
 * each): its branching node, each child's subtree, and one compressed node
 * on every child edge longer than a byte.
 */
function subtreeNodes(lcp: number[], lo: number, hi: number): number {
  if (lo === hi) return 1;
  const depth = minOf(lcp, lo, hi - 1);
  let total = 1;
  let start = lo;
  for (let j = lo; j <= hi; j++) {
    if (j < hi && lcp[j] !== depth) continue;
    const childDepth = start === j ? 16 : minOf(lcp, start, j - 1);
    total += subtreeNodes(lcp, start, j) + (childDepth - depth > 1 ? 1 : 0);
    start = j + 1;
  }
  return total;
}

/**
 * Walks the live entries between two IDs (inclusive), forwards or
 * backwards: `next()` moves to the next one and sets `id` and `fv`.
 */
export class StreamCursor {
  id = ZERO_ID;
  fv: string[] = [];
  private ni: number;
  private i = -1;

  constructor(
    private readonly s: StreamValue,
    private readonly start: StreamId,
    private readonly end: StreamId,
    private readonly rev: boolean,
  ) {
    const nodes = s.nodes;
    if (nodes.length === 0) {
      this.ni = -1;
      return;
    }
    if (!rev) {
      const at = s.nodeAtOrBefore(start);
      this.ni = at < 0 ? 0 : at;
      this.i = nodes[this.ni].lowerBound(start) - 1;
    } else {
      const at = s.nodeAtOrBefore(end);
      this.ni = at < 0 ? nodes.length - 1 : at;
      const node = nodes[this.ni];
      let i = node.lowerBound(end);
      if (i < node.ids.length && compareIds(node.ids[i], end) === 0) i++;
      this.i = i;
    }
  }

  next(): boolean {
    const nodes = this.s.nodes;
    while (this.ni >= 0 && this.ni < nodes.length) {
      const node = nodes[this.ni];
      if (!this.rev) {
        if (++this.i >= node.ids.length) {
          this.ni++;
          this.i = -1;
          continue;
        }
      } else if (--this.i < 0) {
        this.ni--;
        if (this.ni >= 0) this.i = nodes[this.ni].ids.length;
        continue;
      }
      if (node.flags[this.i] & FLAG_DELETED) continue;
      const id = node.ids[this.i];
      if (!this.rev ? compareIds(id, this.end) > 0 : compareIds(id, this.start) < 0) {
        this.ni = -1;
        return false;
      }
      if (!this.rev ? compareIds(id, this.start) < 0 : compareIds(id, this.end) > 0) continue;
      this.id = id;
      this.fv = node.fv[this.i];
      return true;
    }
    return false;
  }
}
