/**
 * One logical database: a dictionary per hash slot (so a slot can be counted,
 * listed or dropped without touching the others) and the expiry times kept
 * apart, as Redis keeps them. Lookups expire keys lazily.
 */
import { keySlot, SLOTS } from '../cluster/slot';
import type { Value } from './value';
import { coarseClock, type KeyAccess } from './access';
import { EV } from '../server/notify';
import { MapWalk } from './walk';

/** Where keyspace notifications go (server/notify.ts). */
export interface Notifier {
  emit(type: number, event: string, key: string, dbid: number): void;
}

/** A slot map up to this size is entered at a random offset; a bigger one where its last sample stopped. */
const RANDOM_SKIP_MAX = 256;
/** How stale the key counts that weigh a sample's slot may grow (ms). */
const SLOT_WEIGHTS_MS = 100;

export interface KeyspaceEvents {
  /** A key expired (lazily or actively). */
  expired(db: Db, key: string): void;
  readonly stats: { keyspaceHits: number; keyspaceMisses: number };
  readonly notify: Notifier;
}

/** The clients blocked on one key (server/blocking.ts); writing or deleting the key signals them. */
export interface KeyWaiters {
  signal(): void;
}

export class Db {
  /** Slot -> keys of that slot; created on first use. */
  readonly slots: (Map<string, Value> | undefined)[] = new Array(SLOTS).fill(undefined);
  /** Key -> absolute expiry time in ms (replaced wholesale by clear and swap). */
  expires = new Map<string, number>();
  /** Slot -> second of the last touching access to any of its keys (see access.ts). */
  touched = new Uint32Array(SLOTS);
  /** Exact per-key access data, only while an LRU/LFU maxmemory policy is set. */
  access: KeyAccess | null = null;
  /** Number of keys, expired-but-not-yet-reclaimed included. */
  size = 0;
  /** Number of slots that hold at least one key. */
  usedSlots = 0;
  /** Keys blocked clients wait on (BLPOP...). */
  readonly waited = new Map<string, KeyWaiters>();
  /** Eviction's walks of slot maps too big to skip into, and of the expires map. */
  private readonly bigSlotWalks = new WeakMap<Map<string, Value>, MapWalk<string>>();
  private readonly volatileWalk = new MapWalk<string>();
  /** Running key counts by slot, so a sample picks a slot by its share of the keys; built on first use. */
  private slotWeights: Int32Array | null = null;
  private slotWeightsAt = 0;

  constructor(
    readonly id: number,
    private readonly events: KeyspaceEvents,
  ) {}

  /** The value of a live key, expiring it first if its time has passed; counts as an access. */
  get(key: string): Value | undefined {
    const slot = keySlot(key);
    const v = this.live(key, slot);
    if (v !== undefined) this.touch(key, slot);
    return v;
  }

  /** As get, without recording an access (Redis's LOOKUP_NOTOUCH: TYPE, TTL, OBJECT...). */
  getNoTouch(key: string): Value | undefined {
    return this.live(key, keySlot(key));
  }

  /** A read by a command (Redis's lookupKeyRead): counts keyspace hits and misses for INFO, reports a miss as keymiss. */
  lookupRead(key: string): Value | undefined {
    return this.countLookup(key, this.get(key));
  }

  /** A counted read that does not record an access; `notifyMiss` false: no keymiss (Redis's LOOKUP_NONOTIFY, for OBJECT). */
  lookupReadNoTouch(key: string, notifyMiss = true): Value | undefined {
    return this.countLookup(key, this.getNoTouch(key), notifyMiss);
  }

  /** Publishes a keyspace event about `key` of this db (a bit test when its class is off). */
  emit(type: number, event: string, key: string): void {
    this.events.notify.emit(type, event, key, this.id);
  }

  /** Lookup without lazy expiry (for code that walks the keyspace). */
  peek(key: string): Value | undefined {
    return this.slots[keySlot(key)]?.get(key);
  }

  private live(key: string, slot: number): Value | undefined {
    const m = this.slots[slot];
    if (m === undefined) return undefined;
    const v = m.get(key);
    if (v === undefined || this.expires.size === 0) return v;
    const when = this.expires.get(key);
    if (when !== undefined && when <= Date.now()) {
      this.expireNow(key);
      return undefined;
    }
    return v;
  }

  private touch(key: string, slot: number): void {
    this.touched[slot] = coarseClock.sec;
    if (this.access !== null) this.access.touch(key);
  }

  private countLookup(key: string, v: Value | undefined, notifyMiss = true): Value | undefined {
    if (v === undefined) {
      this.events.stats.keyspaceMisses++;
      if (notifyMiss) this.emit(EV.keyMiss, 'keymiss', key);
    } else {
      this.events.stats.keyspaceHits++;
    }
    return v;
  }

  /** Whether a live key exists; an existence check is not an access. */
  has(key: string): boolean {
    return this.getNoTouch(key) !== undefined;
  }

  /** Sets a key's value (a new key is reported as `new`, as Redis's dbAdd does). Clears its TTL unless keepTtl. */
  set(key: string, value: Value, keepTtl = false): void {
    const slot = keySlot(key);
    let m = this.slots[slot];
    if (m === undefined) {
      m = new Map();
      this.slots[slot] = m;
      this.usedSlots++;
    }
    const before = m.size;
    m.set(key, value);
    let isNew = m.size !== before;
    if (isNew) this.size++;
    else if (this.expires.size !== 0) isNew = this.reclaimOverwritten(key);
    if (isNew) this.emit(EV.newKey, 'new', key);
    if (!keepTtl && this.expires.size !== 0) this.expires.delete(key);
    this.touched[slot] = coarseClock.sec;
    if (this.access !== null) this.access.stored(key, isNew);
    if (this.waited.size !== 0) this.waited.get(key)?.signal();
  }

  /**
   * An overwritten key whose time had passed unnoticed: it expires first, as
   * Redis's write lookup would have expired it, and the write makes a new key.
   */
  private reclaimOverwritten(key: string): boolean {
    const when = this.expires.get(key);
    if (when === undefined || when > Date.now()) return false;
    this.expires.delete(key);
    this.events.expired(this, key);
    return true;
  }

  /** Replaces the value of a key known to exist, keeping its TTL. */
  replace(key: string, value: Value): void {
    (this.slots[keySlot(key)] as Map<string, Value>).set(key, value);
  }

  delete(key: string): boolean {
    const slot = keySlot(key);
    const m = this.slots[slot];
    if (m === undefined || !m.delete(key)) return false;
    this.size--;
    if (m.size === 0) {
      this.slots[slot] = undefined;
      this.usedSlots--;
    }
    if (this.expires.size !== 0) this.expires.delete(key);
    if (this.access !== null) this.access.forget(key);
    // Some waiters (XREADGROUP) give up when their key goes.
    if (this.waited.size !== 0) this.waited.get(key)?.signal();
    return true;
  }

  /** Deletes a key as a command's effect, reporting `del` when it existed. */
  remove(key: string): boolean {
    if (!this.delete(key)) return false;
    this.emit(EV.generic, 'del', key);
    return true;
  }

  /**
   * Moves a live key (value, expiry and access data) to `toKey` in `to`,
   * replacing whatever was there: RENAME within a db, MOVE across dbs.
   */
  moveKey(key: string, to: Db, toKey: string): void {
    const v = this.peek(key) as Value;
    const when = this.getExpire(key);
    const freq = this.access?.map.get(key);
    this.delete(key);
    to.delete(toKey);
    to.set(toKey, v);
    if (when !== undefined) to.setExpire(toKey, when);
    if (freq !== undefined && to.access !== null) to.access.map.set(toKey, freq);
  }

  /** Expiry time in ms, or undefined when the key has none. */
  getExpire(key: string): number | undefined {
    return this.expires.size === 0 ? undefined : this.expires.get(key);
  }

  setExpire(key: string, when: number): void {
    this.expires.set(key, when);
  }

  persist(key: string): boolean {
    return this.expires.delete(key);
  }

  /** Deletes an expired key and tells whoever listens. */
  expireNow(key: string): void {
    this.delete(key);
    this.events.expired(this, key);
  }

  isExpired(key: string, now: number): boolean {
    const when = this.expires.get(key);
    return when !== undefined && when <= now;
  }

  /** Number of keys in a slot. */
  countInSlot(slot: number): number {
    return this.slots[slot]?.size ?? 0;
  }

  /** Drops every key. O(1) apart from the slot table: the old maps are left to the collector. */
  clear(): void {
    this.slots.fill(undefined);
    this.expires = new Map();
    if (this.access !== null) this.access.map = new Map();
    this.size = 0;
    this.usedSlots = 0;
    for (const w of this.waited.values()) w.signal();
  }

  /** Exchanges the whole contents of two databases (SWAPDB); clients keep their db index. */
  swapWith(other: Db): void {
    for (let i = 0; i < SLOTS; i++) {
      const t = this.slots[i];
      this.slots[i] = other.slots[i];
      other.slots[i] = t;
    }
    [this.expires, other.expires] = [other.expires, this.expires];
    [this.touched, other.touched] = [other.touched, this.touched];
    if (this.access !== null && other.access !== null) {
      [this.access.map, other.access.map] = [other.access.map, this.access.map];
    }
    [this.size, other.size] = [other.size, this.size];
    [this.usedSlots, other.usedSlots] = [other.usedSlots, this.usedSlots];
    // Waiters stay with the db index, as clients do: what they wait for may be here now.
    this.signalPresent();
    other.signalPresent();
  }

  private signalPresent(): void {
    for (const [key, w] of this.waited) if (this.has(key)) w.signal();
  }

  /** A uniformly random key (possibly expired: callers check), or undefined when empty. */
  randomKey(): string | undefined {
    if (this.size === 0) return undefined;
    let n = Math.floor(Math.random() * this.size);
    for (let i = 0; i < SLOTS; i++) {
      const m = this.slots[i];
      if (m === undefined) continue;
      if (n >= m.size) {
        n -= m.size;
        continue;
      }
      for (const k of m.keys()) if (n-- === 0) return k;
    }
    return undefined;
  }

  /**
   * Appends up to `count` keys (expired ones included) from a random place,
   * as Redis's dictGetSomeKeys takes a run of keys from a random bucket: a
   * slot picked by its share of the keys, from a random point in it (see
   * RANDOM_SKIP_MAX), then on into the next slots.
   */
  sampleKeys(count: number, out: string[]): void {
    if (this.size === 0) return;
    const want = out.length + Math.min(count, this.size);
    let slot = this.weightedSlot();
    let entered = false;
    for (let n = 0; n < SLOTS; n++, slot = (slot + 1) % SLOTS) {
      const m = this.slots[slot];
      if (m === undefined) continue;
      if (entered || m.size <= RANDOM_SKIP_MAX) {
        const it = m.keys();
        if (!entered) for (let r = Math.floor(Math.random() * m.size); r > 0; r--) it.next();
        for (let k = it.next(); k.done !== true; k = it.next()) if (out.push(k.value) === want) return;
      } else {
        let walk = this.bigSlotWalks.get(m);
        if (walk === undefined) this.bigSlotWalks.set(m, (walk = new MapWalk()));
        for (let k = walk.next(m); k !== undefined; k = walk.next(m)) if (out.push(k) === want) return;
      }
      entered = true;
    }
  }

  /**
   * A slot with probability by its key count, as of at most SLOT_WEIGHTS_MS
   * ago (slots emptied since are passed over by the caller's walk): a
   * binary search of running counts, rebuilt in one pass of the slot table.
   */
  private weightedSlot(): number {
    const now = Date.now();
    let w = this.slotWeights;
    if (w === null || now - this.slotWeightsAt > SLOT_WEIGHTS_MS) {
      w ??= this.slotWeights = new Int32Array(SLOTS);
      let sum = 0;
      for (let i = 0; i < SLOTS; i++) w[i] = sum += this.slots[i]?.size ?? 0;
      this.slotWeightsAt = now;
    }
    const r = Math.floor(Math.random() * w[SLOTS - 1]);
    let lo = 0;
    let hi = SLOTS - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (w[mid] > r) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  /** Appends up to `count` distinct keys with a TTL, going on with a walk of the expires map where the last sample stopped. */
  sampleVolatile(count: number, out: string[]): void {
    const want = out.length + Math.min(count, this.expires.size);
    while (out.length < want) {
      const key = this.volatileWalk.next(this.expires);
      if (key !== undefined) out.push(key);
    }
  }

  /** Every key, slot by slot (expired ones included; callers filter). */
  *keys(): IterableIterator<string> {
    for (let i = 0; i < SLOTS; i++) {
      const m = this.slots[i];
      if (m !== undefined) yield* m.keys();
    }
  }
}
