/**
 * Hashes in the RDB object format. Written as Redis 7.2 writes them: a
 * listpack-encoded hash as its listpack blob (type 16), a hashtable as a
 * count and field/value strings (type 4). Read from every type Redis 7.x may
 * send, including the zipmap (9) and ziplist (13) of older versions, with
 * the encoding Redis would give the loaded hash.
 */
import { HashValue } from '../store/hash';
import { limits } from '../store/limits';
import type { Value } from '../store/value';
import { decodeListpack, encodeListpack } from './listpack';
import { decodeZiplist } from './ziplist';
import { RdbFormatError, registerRdbType, type RdbReader, type RdbWriter } from './rdb-object';

export const RDB_TYPE_HASH = 4;
export const RDB_TYPE_HASH_ZIPMAP = 9;
export const RDB_TYPE_HASH_ZIPLIST = 13;
export const RDB_TYPE_HASH_LISTPACK = 16;

function save(w: RdbWriter, v: Value): number {
  const h = v as HashValue;
  const p = h.pairs();
  if (!h.big) {
    w.string(encodeListpack(p));
    return RDB_TYPE_HASH_LISTPACK;
  }
  w.length(h.size);
  for (let i = 0; i < p.length; i++) w.string(p[i]);
  return RDB_TYPE_HASH;
}

function blob(r: RdbReader): Buffer {
  return Buffer.from(r.string(), 'latin1');
}

/** A listpack-encoded hash from field/value entries, refusing duplicates and empty hashes. */
function fromPairs(entries: string[]): HashValue {
  if (entries.length === 0 || entries.length % 2 !== 0) throw new RdbFormatError('bad hash entries');
  const h = new HashValue();
  for (let i = 0; i < entries.length; i += 2) {
    if (!h.load(entries[i], entries[i + 1])) throw new RdbFormatError('duplicate hash field');
  }
  return h;
}

/** Blob encodings load as listpacks and convert only when past hash-max-listpack-entries. */
function fromBlobEntries(entries: string[]): HashValue {
  const h = fromPairs(entries);
  if (h.size > limits.hashEntries) h.convert();
  return h;
}

function loadHashtable(r: RdbReader): Value {
  const len = r.length();
  if (len === 0) throw new RdbFormatError('empty hash');
  const h = new HashValue();
  h.expectFields(len);
  for (let i = 0; i < len; i++) {
    const f = r.string();
    if (!h.set(f, r.string())) throw new RdbFormatError('duplicate hash field');
  }
  return h;
}

/**
 * A zipmap (Redis before 2.6): a count byte, then per pair a field length,
 * the field, a value length, a count of free bytes, the value and the free
 * bytes; 0xFF ends it. Lengths are one byte, or 254 and a u32 LE.
 */
function decodeZipmap(buf: Buffer): string[] {
  const out: string[] = [];
  let p = 1;
  for (;;) {
    if (p >= buf.length) throw new RdbFormatError('truncated zipmap');
    if (buf[p] === 0xff) break;
    const flen = zipmapLength(buf, p);
    p += buf[p] === 254 ? 5 : 1;
    if (p + flen > buf.length) throw new RdbFormatError('truncated zipmap');
    const field = buf.latin1Slice(p, p + flen);
    p += flen;
    const vlen = zipmapLength(buf, p);
    p += buf[p] === 254 ? 5 : 1;
    if (p >= buf.length) throw new RdbFormatError('truncated zipmap');
    const free = buf[p++];
    if (p + vlen + free > buf.length) throw new RdbFormatError('truncated zipmap');
    out.push(field, buf.latin1Slice(p, p + vlen));
    p += vlen + free;
  }
  return out;
}

/** A zipmap length at p: one byte below 254, else 254 and a u32 LE. */
function zipmapLength(buf: Buffer, p: number): number {
  if (p >= buf.length) throw new RdbFormatError('truncated zipmap');
  const b = buf[p];
  if (b < 254) return b;
  if (b !== 254 || p + 5 > buf.length) throw new RdbFormatError('bad zipmap length');
  return buf.readUInt32LE(p + 1);
}

function loadZipmap(r: RdbReader): Value {
  const entries = decodeZipmap(blob(r));
  const h = fromPairs(entries);
  let longest = 0;
  for (const e of entries) if (e.length > longest) longest = e.length;
  if (h.size > limits.hashEntries || longest > limits.hashValue) h.convert();
  return h;
}

registerRdbType('hash', save, [
  [RDB_TYPE_HASH, loadHashtable],
  [RDB_TYPE_HASH_ZIPMAP, loadZipmap],
  [RDB_TYPE_HASH_ZIPLIST, (r) => fromBlobEntries(decodeZiplist(blob(r)))],
  [RDB_TYPE_HASH_LISTPACK, (r) => fromBlobEntries(decodeListpack(blob(r)))],
]);
