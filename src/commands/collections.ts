/**
 * Typed access to collection keys, shared by every collection family: the
 * WRONGTYPE check, creation on first write, the keyspace event of a change,
 * and deletion of a collection that a command left empty (Redis never keeps
 * an empty collection).
 */
import type { Client } from '../server/client';
import { EV } from '../server/notify';
import { WRONGTYPE, type CollectionValue, type Value } from '../store/value';

function wrongType(c: Client, v: Value, type: CollectionValue['type']): boolean {
  if (typeof v === 'string' || Buffer.isBuffer(v) || v.type !== type) {
    c.error(WRONGTYPE);
    return true;
  }
  return false;
}

/**
 * The collection of `type` at `key` for a read (counted as a keyspace hit or
 * miss): undefined when the key does not exist; null, with WRONGTYPE already
 * replied, when it holds another type.
 */
export function readAs<T extends CollectionValue>(c: Client, key: string, type: T['type']): T | undefined | null {
  const v = c.db.lookupRead(key);
  if (v === undefined) return undefined;
  return wrongType(c, v, type) ? null : (v as T);
}

/** As readAs, for a write: not counted as a read, and no access recorded twice. */
export function writeAs<T extends CollectionValue>(c: Client, key: string, type: T['type']): T | undefined | null {
  const v = c.db.get(key);
  if (v === undefined) return undefined;
  return wrongType(c, v, type) ? null : (v as T);
}

/** The collection at `key`, created with `make` when absent; null after WRONGTYPE. */
export function writeOrCreate<T extends CollectionValue>(c: Client, key: string, type: T['type'], make: () => T): T | null {
  const v = writeAs<T>(c, key, type);
  if (v !== undefined) return v;
  const created = make();
  c.db.set(key, created);
  return created;
}

/**
 * Reports a change to the collection at `key` (`event` of class `type`), then,
 * if the command left it empty, deletes it and reports `del`, in Redis's
 * order; true when it was deleted.
 */
export function changed(c: Client, key: string, type: number, event: string, size: number): boolean {
  c.db.emit(type, event, key);
  if (size !== 0) return false;
  c.db.remove(key);
  return true;
}

/**
 * Where a *STORE command puts its result: a non-empty value replaces `dst`
 * and is reported as `event`; an empty one deletes `dst` instead (reported as
 * `del` if it existed). Returns whether anything changed.
 */
export function storeResult(c: Client, dst: string, v: Value, size: number, type: number, event: string): boolean {
  if (size === 0) return c.db.remove(dst);
  c.db.set(dst, v);
  c.db.emit(type, event, dst);
  return true;
}

/** A collection whose members can be removed one by one (hashes, sets, sorted sets). */
interface Removable extends CollectionValue {
  delete(member: string): boolean;
  readonly size: number;
}

/** The event each member-removing command reports, by collection type. */
const REMOVE_EVENTS = {
  hash: { cls: EV.hash, event: 'hdel' },
  set: { cls: EV.set, event: 'srem' },
  zset: { cls: EV.zset, event: 'zrem' },
} as const;

/** HDEL, SREM, ZREM: removes the members named from argv[2] on, replies how many were there. */
export function removeMembers(c: Client, argv: string[], type: keyof typeof REMOVE_EVENTS): void {
  const key = argv[1];
  const v = writeAs<Removable>(c, key, type);
  if (v === null) return;
  if (v === undefined) return c.int(0);
  let deleted = 0;
  for (let i = 2; i < argv.length && v.size !== 0; i++) if (v.delete(argv[i])) deleted++;
  if (deleted !== 0) changed(c, key, REMOVE_EVENTS[type].cls, REMOVE_EVENTS[type].event, v.size);
  c.server.dirty += deleted;
  c.int(deleted);
}
