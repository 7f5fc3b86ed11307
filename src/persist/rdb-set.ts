/**
 * Sets in the RDB object format, written as Redis 7.2 writes them: an intset
 * blob (type 11), a listpack blob (type 20, new in 7.2), or a count and the
 * members (type 2). Every type is read, with the encoding Redis would give
 * the loaded set.
 */
import { HASHTABLE, INTSET, LISTPACK, SetValue } from '../store/set';
import { limits } from '../store/limits';
import type { Value } from '../store/value';
import { decodeListpack, encodeListpack } from './listpack';
import { decodeIntset, encodeIntset } from './intset';
import { RdbFormatError, registerRdbType, type RdbReader, type RdbWriter } from './rdb-object';

export const RDB_TYPE_SET = 2;
export const RDB_TYPE_SET_INTSET = 11;
export const RDB_TYPE_SET_LISTPACK = 20;

function save(w: RdbWriter, v: Value): number {
  const s = v as SetValue;
  if (s.enc === INTSET) {
    w.string(encodeIntset(s.items, s.width));
    return RDB_TYPE_SET_INTSET;
  }
  if (s.enc === LISTPACK) {
    w.string(encodeListpack(s.items));
    return RDB_TYPE_SET_LISTPACK;
  }
  w.length(s.size);
  for (const m of s.items) w.string(m);
  return RDB_TYPE_SET;
}

function blob(r: RdbReader): Buffer {
  return Buffer.from(r.string(), 'latin1');
}

/** A set of the given encoding holding `members` in order; duplicates and emptiness are format errors. */
function fromMembers(enc: typeof INTSET | typeof LISTPACK, members: string[], max: number): SetValue {
  if (members.length === 0) throw new RdbFormatError('empty set');
  const s = new SetValue(enc);
  s.items = members;
  for (let i = 0; i < members.length; i++) {
    s.pos.set(members[i], i);
    if (s.pos.size !== i + 1) throw new RdbFormatError('duplicate set member');
  }
  if (members.length > max) s.enc = HASHTABLE;
  return s;
}

/** rdbLoadObject for type 2: starts as an intset when small and converts as members come. */
function loadMembers(r: RdbReader): Value {
  const len = r.length();
  if (len === 0) throw new RdbFormatError('empty set');
  const s = new SetValue(len > Math.min(limits.setIntsetEntries, 1 << 30) ? HASHTABLE : INTSET);
  for (let i = 0; i < len; i++) {
    if (!s.add(r.string())) throw new RdbFormatError('duplicate set member');
  }
  return s;
}

function loadIntset(r: RdbReader): Value {
  const b = blob(r);
  const s = fromMembers(INTSET, decodeIntset(b), limits.setIntsetEntries);
  s.width = b.readUInt32LE(0);
  return s;
}

registerRdbType('set', save, [
  [RDB_TYPE_SET, loadMembers],
  [RDB_TYPE_SET_INTSET, loadIntset],
  [RDB_TYPE_SET_LISTPACK, (r) => fromMembers(LISTPACK, decodeListpack(blob(r)), limits.setEntries)],
]);

