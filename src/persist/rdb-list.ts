/**
 * Lists in the RDB object format. Written as Redis 7.2 writes them, always
 * as a quicklist of listpack nodes (type 18): a listpack-encoded list is one
 * node; a quicklist as its nodes, plain (one big raw element) or packed. Read from
 * every type Redis 7.x may send: the plain list (1), a ziplist (10), a
 * quicklist of ziplists (14) and of listpacks or plain nodes (18), with the
 * encoding Redis would give the loaded list.
 */
import { ListValue, PLAIN as PLAIN_BYTES } from '../store/list';
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
  if (!l.quick) {
    // A listpack-encoded list is a quicklist of one node.
    w.length(1);
    writeNode(w, l, 0, l.length);
    return RDB_TYPE_LIST_QUICKLIST_2;
  }
  w.length(l.nodeCount.length);
  let at = 0;
  for (let k = 0; k < l.nodeCount.length; k++) {
    if (l.nodeBytes[k] === PLAIN_BYTES) {
      w.length(PLAIN);
      w.string(l.at(at));
    } else {
      writeNode(w, l, at, at + l.nodeCount[k]);
    }
    at += l.nodeCount[k];
  }
  return RDB_TYPE_LIST_QUICKLIST_2;
}

/** A packed node: elements [from, to) as a listpack. */
function writeNode(w: RdbWriter, l: ListValue, from: number, to: number): void {
  const lp = new ListpackBuilder();
  for (let i = from; i < to; i++) lp.add(l.at(i));
  w.length(PACKED);
  w.string(lp.finish());
}

function blob(r: RdbReader): Buffer {
  return Buffer.from(r.string(), 'latin1');
}

/** The loaded list, a listpack again when one packed node within the limit holds it; an empty list is refused, as Redis refuses empty keys. */
function settled(l: ListValue): ListValue {
  if (l.length === 0) throw new RdbFormatError('empty list');
  l.shrink(false);
  return l;
}

/** Type 1: Redis pushes each element into a new quicklist. */
function loadPlain(r: RdbReader): Value {
  const len = r.length();
  const l = new ListValue(len);
  l.toQuicklist();
  for (let i = 0; i < len; i++) l.pushTail(r.string());
  return settled(l);
}

function loadZiplist(r: RdbReader): Value {
  const l = new ListValue();
  const entries = decodeZiplist(blob(r));
  if (entries.length !== 0) l.appendNode(entries, false);
  return settled(l);
}

/** Types 14 and 18: nodes of ziplists, or of listpacks and plain elements, kept as stored; empty nodes are dropped. */
function loadQuicklist(r: RdbReader, v2: boolean): Value {
  const nodes = r.length();
  const l = new ListValue();
  for (let n = 0; n < nodes; n++) {
    const container = v2 ? r.length() : PACKED;
    if (container === PLAIN) {
      l.appendNode([r.string()], true);
      continue;
    }
    if (container !== PACKED) throw new RdbFormatError('bad quicklist node container');
    const entries = v2 ? decodeListpack(blob(r)) : decodeZiplist(blob(r));
    if (entries.length !== 0) l.appendNode(entries, false);
  }
  return settled(l);
}

registerRdbType('list', save, [
  [RDB_TYPE_LIST, loadPlain],
  [RDB_TYPE_LIST_ZIPLIST, loadZiplist],
  [RDB_TYPE_LIST_QUICKLIST, (r) => loadQuicklist(r, false)],
  [RDB_TYPE_LIST_QUICKLIST_2, (r) => loadQuicklist(r, true)],
]);
