/**
 * Lists in the RDB object format. Written as Redis 7.2 writes them, always
 * as a quicklist of listpack nodes (type 18): a listpack-encoded list is one
 * node; a quicklist is split where appending would have split it. Read from
 * every type Redis 7.x may send: the plain list (1), a ziplist (10), a
 * quicklist of ziplists (14) and of listpacks or plain nodes (18), with the
 * encoding Redis would give the loaded list.
 */
import { ListValue } from '../store/list';
import { limits } from '../store/limits';
import type { Value } from '../store/value';
import { decodeListpack, ListpackBuilder } from './listpack';
import { decodeZiplist } from './ziplist';
import { RdbFormatError, registerRdbType, type RdbReader, type RdbWriter } from './rdb-object';

export const RDB_TYPE_LIST = 1;
export const RDB_TYPE_LIST_ZIPLIST = 10;
export const RDB_TYPE_LIST_QUICKLIST = 14;
export const RDB_TYPE_LIST_QUICKLIST_2 = 18;

/** Quicklist node containers. */
const PLAIN = 1;
const PACKED = 2;

function save(w: RdbWriter, v: Value): number {
  const l = v as ListValue;
  const starts = l.quick ? l.nodeStarts(limits.listSize) : [0];
  w.length(starts.length);
  for (let n = 0; n < starts.length; n++) {
    const end = n + 1 < starts.length ? starts[n + 1] : l.length;
    const lp = new ListpackBuilder();
    for (let i = starts[n]; i < end; i++) lp.add(l.at(i));
    w.length(PACKED);
    w.string(lp.finish());
  }
  return RDB_TYPE_LIST_QUICKLIST_2;
}

function blob(r: RdbReader): Buffer {
  return Buffer.from(r.string(), 'latin1');
}

/** The loaded list with Redis's encoding for it; an empty list is refused, as Redis refuses empty keys. */
function settled(l: ListValue, nodes: number): ListValue {
  if (l.length === 0) throw new RdbFormatError('empty list');
  l.settle(limits.listSize, nodes);
  return l;
}

function appendAll(l: ListValue, entries: string[]): void {
  for (let i = 0; i < entries.length; i++) l.pushTail(entries[i]);
}

/** Type 1: Redis pushes each element into a quicklist, so the nodes are those appending makes. */
function loadPlain(r: RdbReader): Value {
  const len = r.length();
  const l = new ListValue(len);
  for (let i = 0; i < len; i++) l.pushTail(r.string());
  return settled(l, l.length === 0 ? 0 : l.nodeStarts(limits.listSize).length);
}

function loadZiplist(r: RdbReader): Value {
  const l = new ListValue();
  appendAll(l, decodeZiplist(blob(r)));
  return settled(l, 1);
}

/** Types 14 and 18: nodes of ziplists, or of listpacks and plain elements; empty nodes are dropped. */
function loadQuicklist(r: RdbReader, v2: boolean): Value {
  const nodes = r.length();
  const l = new ListValue();
  let kept = 0;
  let plain = false;
  for (let n = 0; n < nodes; n++) {
    const container = v2 ? r.length() : PACKED;
    if (container === PLAIN) {
      l.pushTail(r.string());
      kept++;
      plain = true;
      continue;
    }
    if (container !== PACKED) throw new RdbFormatError('bad quicklist node container');
    const entries = v2 ? decodeListpack(blob(r)) : decodeZiplist(blob(r));
    if (entries.length === 0) continue;
    appendAll(l, entries);
    kept++;
  }
  // A plain node never goes back into a listpack.
  return settled(l, plain ? Math.max(kept, 2) : kept);
}

registerRdbType('list', save, [
  [RDB_TYPE_LIST, loadPlain],
  [RDB_TYPE_LIST_ZIPLIST, loadZiplist],
  [RDB_TYPE_LIST_QUICKLIST, (r) => loadQuicklist(r, false)],
  [RDB_TYPE_LIST_QUICKLIST_2, (r) => loadQuicklist(r, true)],
]);
