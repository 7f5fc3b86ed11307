/**
 * All databases of a node, plus Redis's active expiry: a timer samples keys
 * with a TTL and reclaims the expired ones, repeating while more than a
 * quarter of a sample was expired, within a time budget per run.
 */
import { Db, type KeyspaceEvents, type Notifier } from './db';
import { ScanCursors } from './scan';
import { KeyAccess, accessKindFor, refreshCoarseClock, type LfuParams } from './access';
import { MapWalk } from './walk';

const ACTIVE_EXPIRE_KEYS_PER_LOOP = 20;
const ACTIVE_EXPIRE_BUDGET_MS = 25;

export interface KeyspaceStats {
  expiredKeys: number;
  evictedKeys: number;
  keyspaceHits: number;
  keyspaceMisses: number;
}

export class Keyspace implements KeyspaceEvents {
  readonly dbs: Db[];
  readonly stats: KeyspaceStats = { expiredKeys: 0, evictedKeys: 0, keyspaceHits: 0, keyspaceMisses: 0 };
  activeExpireEnabled = true;
  /** Listeners told of every key that expires (notifications, replication). */
  readonly onExpired: ((db: Db, key: string) => void)[] = [];
  private timer: NodeJS.Timeout | null = null;
  /** Each db's active-expiry walk of its expires map (clear and swap replace the map: the walk starts over). */
  private readonly walks: MapWalk<string>[] = [];
  /** Shared by every db's KeyAccess, so CONFIG SET applies at once. */
  readonly lfu: LfuParams = { logFactor: 10, decayTime: 1 };
  /** Iterators of SCAN calls that stopped inside a large slot. */
  readonly scans = new ScanCursors();

  constructor(
    count: number,
    readonly notify: Notifier,
  ) {
    this.dbs = [];
    for (let i = 0; i < count; i++) {
      this.dbs.push(new Db(i, this));
      this.walks.push(new MapWalk());
    }
  }

  /**
   * Applies a maxmemory-policy: per-key access data exists only under an LRU
   * or LFU policy; switching starts it afresh, as Redis's reinterpreted bits
   * "take some time to adjust".
   */
  setMaxmemoryPolicy(policy: string): void {
    const kind = accessKindFor(policy);
    for (const db of this.dbs) {
      if (kind === null) db.access = null;
      else if (db.access === null || db.access.kind !== kind) db.access = new KeyAccess(kind, this.lfu);
    }
  }

  expired(db: Db, key: string): void {
    this.stats.expiredKeys++;
    for (const fn of this.onExpired) fn(db, key);
  }

  /** Starts the active expiry cycle at `hz` runs per second. */
  start(hz: number): void {
    this.stop();
    this.timer = setInterval(() => this.activeExpireCycle(), Math.max(1, Math.floor(1000 / hz)));
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  activeExpireCycle(): void {
    refreshCoarseClock();
    if (!this.activeExpireEnabled) return;
    const deadline = Date.now() + ACTIVE_EXPIRE_BUDGET_MS;
    for (let d = 0; d < this.dbs.length; d++) {
      const db = this.dbs[d];
      if (db.expires.size === 0) continue;
      for (;;) {
        const now = Date.now();
        let sampled = 0;
        let expired = 0;
        while (sampled < ACTIVE_EXPIRE_KEYS_PER_LOOP) {
          const key = this.walks[d].next(db.expires);
          if (key === undefined) break;
          sampled++;
          if (db.isExpired(key, now)) {
            db.expireNow(key);
            expired++;
          }
        }
        if (sampled === 0 || expired * 4 <= sampled || Date.now() >= deadline) break;
      }
      if (Date.now() >= deadline) return;
    }
  }
}
