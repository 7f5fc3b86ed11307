/**
 * Sorted sets in the RDB object format. Saved as Redis 7.2 saves them: a
 * listpack (type 17) of member, score pairs while listpack-encoded, else type
 * 5, members from the highest score down with binary doubles. Read: types 3
 * (scores as text), 5, 12 (ziplist) and 17.
 */
import { registerRdbType, RdbFormatError, type RdbReader, type RdbWriter } from './rdb-object';
import { decodeListpack, ListpackBuilder } from './listpack';
import { decodeZiplist } from './ziplist';
import { ZSet, type Leaf } from '../store/zset';
import { limits } from '../store/limits';
import { formatDouble, parseFloatStrict } from '../util/numbers';
import type { Value } from '../store/value';

const RDB_TYPE_ZSET = 3;
const RDB_TYPE_ZSET_2 = 5;
const RDB_TYPE_ZSET_ZIPLIST = 12;
const RDB_TYPE_ZSET_LISTPACK = 17;

function save(w: RdbWriter, v: Value): number {
  const z = v as ZSet;
  if (!z.big) {
    const lp = new ListpackBuilder();
    for (let leaf: Leaf | null = z.firstLeaf(); leaf !== null; leaf = leaf.next) {
      for (let i = 0; i < leaf.members.length; i++) {
        lp.add(leaf.members[i]);
        lp.add(formatDouble(leaf.scores[i]));
      }
    }
    w.string(lp.finish());
    return RDB_TYPE_ZSET_LISTPACK;
  }
  w.length(z.size);
  const d = Buffer.allocUnsafe(8);
  for (let leaf: Leaf | null = z.lastLeaf(); leaf !== null; leaf = leaf.prev) {
    for (let i = leaf.members.length - 1; i >= 0; i--) {
      w.string(leaf.members[i]);
      d.writeDoubleLE(leaf.scores[i], 0);
      w.raw(d);
    }
  }
  return RDB_TYPE_ZSET_2;
}

function add(z: ZSet, member: string, score: number | null): void {
  if (score === null || Number.isNaN(score) || z.score(member) !== undefined) throw new RdbFormatError('invalid sorted set');
  z.insert(member, score);
}

/** Types 3 and 5 load as a skiplist, converted to a listpack when small enough, as Redis does. */
function loadSkiplist(r: RdbReader, binary: boolean): ZSet {
  const n = r.length();
  if (n === 0) throw new RdbFormatError('empty sorted set');
  const z = new ZSet(true);
  for (let i = 0; i < n; i++) {
    const member = r.string();
    add(z, member, binary ? r.raw(8).readDoubleLE(0) : textDouble(r));
  }
  z.settle(limits.zsetEntries, limits.zsetValue);
  return z;
}

/** rdbLoadDoubleValue: a length byte (253 nan, 254 +inf, 255 -inf) and the number as text. */
function textDouble(r: RdbReader): number | null {
  const len = r.byte();
  if (len === 253) return NaN;
  if (len === 254) return Infinity;
  if (len === 255) return -Infinity;
  return parseFloatStrict(r.raw(len).latin1Slice(0, len));
}

/** Types 12 and 17: member, score entries; a listpack longer than the limit converts. */
function loadPairs(entries: string[]): ZSet {
  if (entries.length === 0 || entries.length % 2 !== 0) throw new RdbFormatError('invalid sorted set');
  const z = new ZSet();
  for (let i = 0; i < entries.length; i += 2) add(z, entries[i], parseFloatStrict(entries[i + 1]));
  z.big = z.size > limits.zsetEntries;
  return z;
}

function blob(r: RdbReader): Buffer {
  return Buffer.from(r.string(), 'latin1');
}

registerRdbType('zset', save, [
  [RDB_TYPE_ZSET, (r) => loadSkiplist(r, false)],
  [RDB_TYPE_ZSET_2, (r) => loadSkiplist(r, true)],
  [RDB_TYPE_ZSET_ZIPLIST, (r) => loadPairs(decodeZiplist(blob(r)))],
  [RDB_TYPE_ZSET_LISTPACK, (r) => loadPairs(decodeListpack(blob(r)))],
]);
