/**
 * One logical database: a dictionary per hash slot (so a slot can be counted,
 * listed or dropped without touching the others) and the expiry times kept
 * apart, as Redis keeps them. Lookups expire keys lazily.
 */
import { keySlot, SLOTS } from '../cluster/slot';
import type { Value } from './value';

export interface KeyspaceEvents {
  /** A key expired (lazily or actively). */
  expired(db: Db, key: string): void;
  readonly stats: { keyspaceHits: number; keyspaceMisses: number };
}

export class Db {
  /** Slot -> keys of that slot; created on first use. */
  readonly slots: (Map<string, Value> | undefined)[] = new Array(SLOTS).fill(undefined);
  /** Key -> absolute expiry time in ms. */
  readonly expires = new Map<string, number>();
  /** Number of keys, expired-but-not-yet-reclaimed included. */
  size = 0;
  /** Number of slots that hold at least one key. */
  usedSlots = 0;

  constructor(
    readonly id: number,
    private readonly events: KeyspaceEvents,
  ) {}

  /** The value of a live key, expiring it first if its time has passed. */
  get(key: string): Value | undefined {
    const m = this.slots[keySlot(key)];
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

  /** Lookup without lazy expiry (for code that walks the keyspace). */
  /** A read by a command: counts keyspace hits and misses for INFO. */
  lookupRead(key: string): Value | undefined {
    const v = this.get(key);
    if (v === undefined) this.events.stats.keyspaceMisses++;
    else this.events.stats.keyspaceHits++;
    return v;
  }

  peek(key: string): Value | undefined {
    return this.slots[keySlot(key)]?.get(key);
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  /** Sets a key's value. Clears its TTL unless keepTtl. */
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
    if (m.size !== before) this.size++;
    if (!keepTtl && this.expires.size !== 0) this.expires.delete(key);
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
    return true;
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

  clear(): void {
    this.slots.fill(undefined);
    this.expires.clear();
    this.size = 0;
    this.usedSlots = 0;
  }

  /** Moves every key of `other` here and the reverse (SWAPDB). */
  swapWith(other: Db): void {
    for (let i = 0; i < SLOTS; i++) {
      const t = this.slots[i];
      this.slots[i] = other.slots[i];
      other.slots[i] = t;
    }
    const exp = new Map(this.expires);
    this.expires.clear();
    for (const [k, v] of other.expires) this.expires.set(k, v);
    other.expires.clear();
    for (const [k, v] of exp) other.expires.set(k, v);
    [this.size, other.size] = [other.size, this.size];
    [this.usedSlots, other.usedSlots] = [other.usedSlots, this.usedSlots];
  }

  /** Every key, slot by slot (expired ones included; callers filter). */
  *keys(): IterableIterator<string> {
    for (let i = 0; i < SLOTS; i++) {
      const m = this.slots[i];
      if (m !== undefined) yield* m.keys();
    }
  }
}
