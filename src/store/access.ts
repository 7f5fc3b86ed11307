/**
 * Key access tracking for OBJECT IDLETIME / OBJECT FREQ (and eviction).
 *
 * Redis keeps 24 bits of LRU clock or LFU counter in every object. Shoal
 * stores string values bare, so it cannot do that for free. The choice:
 *
 * - Default (no LRU/LFU maxmemory policy): no per-key memory at all. Each
 *   database keeps one access time per hash slot (a 64 KiB typed array), set on
 *   every touching lookup or write of any key of that slot. IDLETIME reports the
 *   time since the slot was last touched: exact while a slot holds one key,
 *   otherwise a lower bound of the key's real idle time (it never claims a key
 *   is colder than it is). The hot path pays one typed-array store.
 * - An LRU policy: an exact last-access time per key, in a Map kept only while
 *   such a policy is set (Redis pays the same per key, in the object header).
 * - An LFU policy: Redis's logarithmic counter with decay per key, packed with
 *   its last-decrement minute into one number, in the same kind of Map.
 *
 * Times come from a coarse clock refreshed by the keyspace timer, as Redis's
 * LRU clock is refreshed by serverCron, so a lookup never reads the system
 * clock just to record an access.
 */

export type AccessKind = 'lru' | 'lfu';

/** Seconds since the epoch, refreshed at the keyspace timer's rate. */
export const coarseClock = { sec: Math.floor(Date.now() / 1000) };

export function refreshCoarseClock(): void {
  coarseClock.sec = Math.floor(Date.now() / 1000);
}

/** LRU/LFU per-key tracking is needed only for these maxmemory policies. */
export function accessKindFor(policy: string): AccessKind | null {
  if (policy.endsWith('-lru')) return 'lru';
  if (policy.endsWith('-lfu')) return 'lfu';
  return null;
}

/** Redis's LFU parameters (lfu-log-factor, lfu-decay-time). */
export interface LfuParams {
  logFactor: number;
  decayTime: number;
}

const LFU_INIT_VAL = 5;

function minutesNow(): number {
  return Math.floor(coarseClock.sec / 60);
}

/** Per-key access data while an LRU or LFU policy is selected. */
export class KeyAccess {
  /** Key -> last access second (LRU) or minute * 256 + counter (LFU). */
  map = new Map<string, number>();

  constructor(
    readonly kind: AccessKind,
    private readonly lfu: LfuParams,
  ) {}

  /** A lookup or write of an existing key. */
  touch(key: string): void {
    if (this.kind === 'lru') {
      this.map.set(key, coarseClock.sec);
      return;
    }
    const counter = this.logIncr(this.frequency(key));
    this.map.set(key, minutesNow() * 256 + counter);
  }

  /** A new value stored under a key: LFU keeps the old counter on overwrite, as Redis does. */
  stored(key: string, isNew: boolean): void {
    if (this.kind === 'lru') this.map.set(key, coarseClock.sec);
    else if (isNew) this.map.set(key, minutesNow() * 256 + LFU_INIT_VAL);
  }

  /** RESTORE's FREQ (under LFU) or IDLETIME in seconds (under LRU) for a key just stored; -1: not given. */
  restored(key: string, freq: number, idleSec: number): void {
    if (this.kind === 'lfu') {
      if (freq >= 0) this.map.set(key, minutesNow() * 256 + freq);
    } else if (idleSec >= 0) {
      this.map.set(key, Math.max(0, coarseClock.sec - idleSec));
    }
  }

  forget(key: string): void {
    this.map.delete(key);
  }

  /** Seconds since the key's last access; undefined when never recorded. */
  lastAccess(key: string): number | undefined {
    return this.kind === 'lru' ? this.map.get(key) : undefined;
  }

  /** Redis's LFUDecrAndReturn: the counter after decay, without updating it. */
  frequency(key: string): number {
    const packed = this.map.get(key);
    if (packed === undefined) return LFU_INIT_VAL;
    const counter = packed % 256;
    const periods = this.lfu.decayTime > 0 ? Math.floor((minutesNow() - Math.floor(packed / 256)) / this.lfu.decayTime) : 0;
    return periods > counter ? 0 : counter - periods;
  }

  private logIncr(counter: number): number {
    if (counter === 255) return 255;
    const base = Math.max(0, counter - LFU_INIT_VAL);
    return Math.random() < 1 / (base * this.lfu.logFactor + 1) ? counter + 1 : counter;
  }
}
