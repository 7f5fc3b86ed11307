/**
 * Typed access to collection keys, shared by every collection family: the
 * WRONGTYPE check, creation on first write, and deletion of a collection that
 * a command left empty (Redis never keeps an empty collection).
 */
import type { Client } from '../server/client';
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

/** Deletes `key` if the command left its collection empty; true when it did. */
export function dropIfEmpty(c: Client, key: string, size: number): boolean {
  if (size !== 0) return false;
  c.db.delete(key);
  return true;
}

/** A collection whose members can be removed one by one (hashes, sets, sorted sets). */
interface Removable extends CollectionValue {
  delete(member: string): boolean;
  readonly size: number;
}

/** HDEL, SREM, ZREM: removes the members named from argv[2] on, replies how many were there. */
export function removeMembers(c: Client, argv: string[], type: CollectionValue['type']): void {
  const key = argv[1];
  const v = writeAs<Removable>(c, key, type);
  if (v === null) return;
  if (v === undefined) return c.int(0);
  let deleted = 0;
  for (let i = 2; i < argv.length; i++) {
    if (v.delete(argv[i])) {
      deleted++;
      if (dropIfEmpty(c, key, v.size)) break;
    }
  }
  c.server.dirty += deleted;
  c.int(deleted);
}
