/**
 * All databases of a node, plus Redis's active expiry: a timer samples keys
 * with a TTL and reclaims the expired ones, repeating while more than a
 * quarter of a sample was expired, within a time budget per run.
 */
import { Db, type KeyspaceEvents } from './db';

const ACTIVE_EXPIRE_KEYS_PER_LOOP = 20;
const ACTIVE_EXPIRE_BUDGET_MS = 25;

export interface KeyspaceStats {
  expiredKeys: number;
  keyspaceHits: number;
  keyspaceMisses: number;
}

export class Keyspace implements KeyspaceEvents {
  readonly dbs: Db[];
  readonly stats: KeyspaceStats = { expiredKeys: 0, keyspaceHits: 0, keyspaceMisses: 0 };
  activeExpireEnabled = true;
  /** Listeners told of every key that expires (notifications, replication). */
  readonly onExpired: ((db: Db, key: string) => void)[] = [];
  private timer: NodeJS.Timeout | null = null;
  private cursors: (IterableIterator<string> | null)[];

  constructor(count: number) {
    this.dbs = [];
    for (let i = 0; i < count; i++) this.dbs.push(new Db(i, this));
    this.cursors = new Array(count).fill(null);
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
          // Map iterators survive deletions, so the walk resumes where it stopped.
          let it = this.cursors[d];
          if (it === null) it = this.cursors[d] = db.expires.keys();
          const next = it.next();
          if (next.done) {
            this.cursors[d] = null;
            break;
          }
          sampled++;
          if (db.isExpired(next.value, now)) {
            db.expireNow(next.value);
            expired++;
          }
        }
        if (sampled === 0 || expired * 4 <= sampled || Date.now() >= deadline) break;
      }
      if (Date.now() >= deadline) return;
    }
  }
}
