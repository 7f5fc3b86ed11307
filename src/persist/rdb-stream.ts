/**
 * Streams in the RDB object format, as rdb.c writes them: the radix tree's
 * nodes (a 128-bit big-endian master ID and a listpack each), the stream's
 * length and IDs, then its consumer groups with their pending lists and
 * consumers. Written as Redis 7.2 writes it (STREAM_LISTPACKS_3, with
 * consumers' active-time); read from that, from Redis 7.0's
 * STREAM_LISTPACKS_2 and from the STREAM_LISTPACKS of older versions.
 */
import {
  Consumer, FLAG_DELETED, FLAG_SAMEFIELDS, Group, INVALID_ENTRIES_READ, Nack, StreamId, StreamNode, StreamValue, U64_MAX,
  ZERO_ID, compareIds, delta, u64, type U64,
} from '../store/stream';
import type { Value } from '../store/value';
import { parseInt64 } from '../util/numbers';
import { decodeListpack, ListpackBuilder } from './listpack';
import { RdbFormatError, registerRdbType, type RdbReader, type RdbWriter } from './rdb-object';

export const RDB_TYPE_STREAM_LISTPACKS = 15;
export const RDB_TYPE_STREAM_LISTPACKS_2 = 19;
export const RDB_TYPE_STREAM_LISTPACKS_3 = 21;

function idKey(id: StreamId): Buffer {
  const b = Buffer.allocUnsafe(16);
  b.writeBigUInt64BE(BigInt(id.ms), 0);
  b.writeBigUInt64BE(BigInt(id.seq), 8);
  return b;
}

function keyId(b: Buffer, at: number): StreamId {
  return new StreamId(u64(b.readBigUInt64BE(at)), u64(b.readBigUInt64BE(at + 8)));
}

function writeId(w: RdbWriter, id: StreamId): void {
  w.bigLength(id.ms);
  w.bigLength(id.seq);
}

function readId(r: RdbReader): StreamId {
  const ms = r.bigLength();
  return new StreamId(ms, r.bigLength());
}

/** The listpack Redis holds for a node: the master entry, then every entry, deleted ones included. */
function nodeListpack(n: StreamNode): Buffer {
  const lp = new ListpackBuilder();
  lp.addInt(n.live);
  lp.addInt(n.dead);
  lp.addInt(n.masterFields.length);
  for (const f of n.masterFields) lp.add(f);
  lp.addInt(0);
  for (let i = 0; i < n.ids.length; i++) {
    const id = n.ids[i];
    const fv = n.fv[i];
    const flags = n.flags[i];
    lp.addInt(flags);
    lp.addInt(delta(id.ms, n.master.ms));
    lp.addInt(delta(id.seq, n.master.seq));
    if (flags & FLAG_SAMEFIELDS) {
      for (let j = 1; j < fv.length; j += 2) lp.add(fv[j]);
    } else {
      lp.addInt(fv.length / 2);
      for (let j = 0; j < fv.length; j++) lp.add(fv[j]);
    }
    lp.addInt(flags & FLAG_SAMEFIELDS ? fv.length / 2 + 3 : fv.length + 4);
  }
  return lp.finish();
}

/**
 * Writes a stream as RDB type `type`, leaving out what older types lack
 * (19, Redis 7.0's: consumers' active-time; 15: the counters too); returns
 * the type.
 */
export function writeStream(w: RdbWriter, s: StreamValue, type: number): number {
  w.length(s.nodes.length);
  for (const n of s.nodes) {
    w.string(idKey(n.master));
    w.string(nodeListpack(n));
  }
  w.length(s.length);
  writeId(w, s.lastId);
  if (type >= RDB_TYPE_STREAM_LISTPACKS_2) {
    writeId(w, s.firstId);
    writeId(w, s.maxDeletedId);
    w.length(s.entriesAdded);
  }
  const groups = s.sortedGroups();
  w.length(groups.length);
  for (const g of groups) {
    w.string(g.name);
    writeId(w, g.lastId);
    if (type >= RDB_TYPE_STREAM_LISTPACKS_2) w.bigLength(g.entriesRead === INVALID_ENTRIES_READ ? U64_MAX : g.entriesRead);
    w.length(g.pel.size);
    for (const nack of g.pel.all()) {
      w.raw(idKey(nack.id));
      w.millis(nack.deliveryTime);
      w.length(nack.deliveryCount);
    }
    const consumers = g.sortedConsumers();
    w.length(consumers.length);
    for (const cons of consumers) {
      w.string(cons.name);
      w.millis(cons.seenTime);
      if (type >= RDB_TYPE_STREAM_LISTPACKS_3) w.millis(cons.activeTime);
      w.length(cons.pel.size);
      for (const nack of cons.pel.all()) w.raw(idKey(nack.id));
    }
  }
  return type;
}

function bad(what: string): never {
  throw new RdbFormatError(what);
}

/** A listpack integer entry (decoded as text); anything else is a corrupt stream. */
function int(s: string | undefined): number | bigint {
  const n = s === undefined ? null : parseInt64(s);
  if (n === null) bad('bad integer in a stream listpack');
  return n;
}

/** master + an int64 delta, modulo 2^64 as Redis's unsigned arithmetic. */
function plus(base: U64, d: number | bigint): U64 {
  if (typeof base === 'number' && typeof d === 'number') {
    const v = base + d;
    if (v >= 0 && Number.isSafeInteger(v)) return v;
  }
  return u64(BigInt.asUintN(64, BigInt(base) + BigInt(d)));
}

/** A node from its rax key and listpack, with every entry's flags as stored. */
function readNode(master: StreamId, lp: string[]): StreamNode {
  let p = 0;
  const live = Number(int(lp[p++]));
  const dead = Number(int(lp[p++]));
  const nfields = Number(int(lp[p++]));
  if (nfields < 0 || p + nfields >= lp.length) bad('bad stream master entry');
  const fields = lp.slice(p, p + nfields);
  p += nfields;
  if (lp[p++] !== '0') bad('bad stream master entry');
  const node = new StreamNode(master, fields);
  while (p < lp.length) {
    const flags = Number(int(lp[p++]));
    const ms = plus(master.ms, int(lp[p++]));
    const seq = plus(master.seq, int(lp[p++]));
    let fv: string[];
    if (flags & FLAG_SAMEFIELDS) {
      if (p + nfields > lp.length) bad('truncated stream entry');
      fv = new Array(nfields * 2);
      for (let j = 0; j < nfields; j++) {
        fv[j * 2] = fields[j];
        fv[j * 2 + 1] = lp[p++];
      }
    } else {
      const n = Number(int(lp[p++]));
      if (n < 0 || p + n * 2 > lp.length) bad('truncated stream entry');
      fv = lp.slice(p, p + n * 2);
      p += n * 2;
    }
    const count = Number(int(lp[p++]));
    if (count !== (flags & FLAG_SAMEFIELDS ? nfields + 3 : fv.length + 4)) bad('bad stream entry lp-count');
    const id = new StreamId(ms, seq);
    if (compareIds(id, node.ids.length === 0 ? master : node.lastId) < (node.ids.length === 0 ? 0 : 1)) bad('stream IDs out of order');
    node.push(id, fv, flags & (FLAG_DELETED | FLAG_SAMEFIELDS));
  }
  if (node.live !== live || node.dead !== dead || node.ids.length === 0) bad('bad stream node counts');
  return node;
}

function load(r: RdbReader, type: number): Value {
  const s = new StreamValue();
  const nodes = r.length();
  for (let i = 0; i < nodes; i++) {
    const key = Buffer.from(r.string(), 'latin1');
    if (key.length !== 16) bad('stream node key is not a 128-bit ID');
    const lp = decodeListpack(Buffer.from(r.string(), 'latin1'));
    const node = readNode(keyId(key, 0), lp);
    if (s.nodes.length !== 0 && compareIds(s.nodes[s.nodes.length - 1].lastId, node.master) >= 0) bad('stream nodes out of order');
    s.nodes.push(node);
    s.length += node.live;
  }
  const length = r.length();
  if (length !== s.length) bad('stream length does not match its entries');
  s.lastId = readId(r);
  if (type >= RDB_TYPE_STREAM_LISTPACKS_2) {
    s.firstId = readId(r);
    s.maxDeletedId = readId(r);
    s.entriesAdded = Number(r.bigLength());
  } else {
    // Older streams kept no counters: the best estimates, as Redis loads them.
    s.entriesAdded = s.length;
    s.firstId = s.edgeId(true) ?? ZERO_ID;
  }
  const ngroups = r.length();
  for (let i = 0; i < ngroups; i++) {
    const name = r.string();
    const lastId = readId(r);
    let entriesRead: number;
    if (type >= RDB_TYPE_STREAM_LISTPACKS_2) {
      const n = r.bigLength();
      // A long long saved as unsigned: -1 (unknown) comes back as 2^64-1.
      entriesRead = typeof n === 'bigint' ? Number(BigInt.asIntN(64, n)) : n;
    } else {
      entriesRead = s.estimateEntriesRead(lastId);
    }
    const g = new Group(name, lastId, entriesRead);
    if (s.groups === null) s.groups = new Map();
    if (s.groups.has(name)) bad('duplicate stream group');
    s.groups.set(name, g);
    const pending = r.length();
    for (let j = 0; j < pending; j++) {
      const id = keyId(r.raw(16), 0);
      const time = r.millis();
      if (!g.pel.insert(new Nack(id, time, r.length(), null))) bad('duplicate stream PEL entry');
    }
    const nconsumers = r.length();
    for (let j = 0; j < nconsumers; j++) {
      const cname = r.string();
      const cons = new Consumer(cname, r.millis());
      cons.activeTime = type >= RDB_TYPE_STREAM_LISTPACKS_3 ? r.millis() : cons.seenTime;
      if (g.consumers.has(cname)) bad('duplicate stream consumer');
      g.consumers.set(cname, cons);
      const owned = r.length();
      for (let k = 0; k < owned; k++) {
        const nack = g.pel.find(keyId(r.raw(16), 0));
        if (nack === undefined || nack.consumer !== null) bad('consumer PEL entry not in the group PEL');
        nack.consumer = cons;
        cons.pel.insert(nack);
      }
    }
    for (const nack of g.pel.all()) if (nack.consumer === null) bad('stream PEL entry without a consumer');
  }
  return s;
}

registerRdbType('stream', (w, v) => writeStream(w, v as StreamValue, RDB_TYPE_STREAM_LISTPACKS_3), [
  [RDB_TYPE_STREAM_LISTPACKS, (r) => load(r, RDB_TYPE_STREAM_LISTPACKS)],
  [RDB_TYPE_STREAM_LISTPACKS_2, (r) => load(r, RDB_TYPE_STREAM_LISTPACKS_2)],
  [RDB_TYPE_STREAM_LISTPACKS_3, (r) => load(r, RDB_TYPE_STREAM_LISTPACKS_3)],
]);
