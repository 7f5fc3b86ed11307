/**
 * WATCH: which clients watch which keys, and marking their transactions
 * dirty when a watched key is written, expires or is flushed, so EXEC
 * refuses to run (optimistic locking, as Redis's multi.c does it).
 */
import type { Client } from './client';
import type { Db } from '../store/db';

/** One key a client watches; `expired`: the key was already logically expired when watched. */
export interface WatchedKey {
  db: Db;
  key: string;
  expired: boolean;
}

export class Watches {
  /** Db index -> key -> clients watching it. */
  private readonly byDb = new Map<number, Map<string, Set<Client>>>();
  /** Watched (db, key) pairs over all clients: zero means writes skip all of this. */
  size = 0;

  watch(c: Client, db: Db, key: string): void {
    const list = c.watched ?? (c.watched = []);
    for (const w of list) if (w.db === db && w.key === key) return;
    list.push({ db, key, expired: db.peek(key) !== undefined && db.isExpired(key, Date.now()) });
    let keys = this.byDb.get(db.id);
    if (keys === undefined) this.byDb.set(db.id, (keys = new Map()));
    let set = keys.get(key);
    if (set === undefined) keys.set(key, (set = new Set()));
    set.add(c);
    this.size++;
  }

  /** Forgets every key the client watches and clears its dirty flag (UNWATCH, EXEC, DISCARD). */
  unwatchAll(c: Client): void {
    const list = c.watched;
    c.watched = null;
    c.watchDirty = false;
    if (list === null) return;
    for (const w of list) {
      const keys = this.byDb.get(w.db.id);
      const set = keys?.get(w.key);
      if (keys === undefined || set === undefined) continue;
      set.delete(c);
      this.size--;
      if (set.size === 0) keys.delete(w.key);
    }
  }

  /** A key was written, deleted or expired: its watchers' transactions will fail. */
  touch(db: Db, key: string): void {
    if (this.size === 0) return;
    const set = this.byDb.get(db.id)?.get(key);
    if (set === undefined) return;
    for (const c of set) {
      const w = (c.watched as WatchedKey[]).find((x) => x.db === db && x.key === key) as WatchedKey;
      // Deleting a key that had already expired when watched changes nothing logically.
      if (w.expired && db.peek(key) === undefined) {
        w.expired = false;
        continue;
      }
      c.watchDirty = true;
    }
  }

  /** A whole database was flushed or swapped: watchers of keys that existed there are dirty. */
  touchDb(db: Db, existed: (key: string) => boolean): void {
    const keys = this.byDb.get(db.id);
    if (keys === undefined) return;
    for (const [key, set] of keys) if (existed(key)) for (const c of set) c.watchDirty = true;
  }

  /** Whether EXEC must fail: a watched key was touched, or expired since it was watched. */
  failed(c: Client): boolean {
    if (c.watchDirty) return true;
    const now = Date.now();
    for (const w of c.watched ?? []) if (!w.expired && w.db.peek(w.key) !== undefined && w.db.isExpired(w.key, now)) return true;
    return false;
  }
}
