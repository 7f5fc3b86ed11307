/**
 * One value in Redis's RDB object format, as DUMP/RESTORE (and later RDB
 * files) carry it: a type byte, then the encoded value. Strings are written
 * exactly as Redis's rdbSaveRawString writes them and every string encoding
 * Redis may write is read. Other types plug in by type byte (readers) and by
 * type name (writers) through registerRdbType.
 */
import type { TypeName, Value } from '../store/value';
import { typeOf } from '../store/value';
import { parseInt64 } from '../util/numbers';
import { lzfCompress, lzfDecompress } from './lzf';
import { checkCrc64, writeCrc64 } from './crc64';

/** The RDB format version Redis 7.2 writes; payloads up to it are read. */
export const RDB_VERSION = 11;

export const RDB_TYPE_STRING = 0;

// Length prefixes: two top bits 00 (6-bit), 01 (14-bit), 10 (32/64-bit below), 11 (special encoding).
const RDB_6BITLEN = 0;
const RDB_14BITLEN = 1;
const RDB_32BITLEN = 0x80;
const RDB_64BITLEN = 0x81;
const RDB_ENCVAL = 3;
const RDB_ENC_INT8 = 0;
const RDB_ENC_INT16 = 1;
const RDB_ENC_INT32 = 2;
const RDB_ENC_LZF = 3;

/** Malformed or truncated RDB data. */
export class RdbFormatError extends Error {}

/** An append-only byte buffer that grows by doubling. */
export class RdbWriter {
  buf = Buffer.allocUnsafe(64);
  len = 0;

  private room(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.len + n) size *= 2;
    const b = Buffer.allocUnsafe(size);
    this.buf.copy(b, 0, 0, this.len);
    this.buf = b;
  }

  byte(b: number): void {
    this.room(1);
    this.buf[this.len++] = b;
  }

  raw(data: Uint8Array): void {
    this.room(data.length);
    this.buf.set(data, this.len);
    this.len += data.length;
  }

  /** rdbSaveLen: the shortest of the 6-bit, 14-bit, 32-bit and 64-bit length forms. */
  length(n: number): void {
    if (n < 1 << 6) {
      this.byte((RDB_6BITLEN << 6) | n);
    } else if (n < 1 << 14) {
      this.byte((RDB_14BITLEN << 6) | (n >> 8));
      this.byte(n & 0xff);
    } else if (n <= 0xffffffff) {
      this.byte(RDB_32BITLEN);
      this.room(4);
      this.buf.writeUInt32BE(n, this.len);
      this.len += 4;
    } else {
      this.byte(RDB_64BITLEN);
      this.room(8);
      this.buf.writeBigUInt64BE(BigInt(n), this.len);
      this.len += 8;
    }
  }

  /** rdbSaveLen of a value that may pass 2^53 (stream IDs): a bigint always takes the 64-bit form. */
  bigLength(n: number | bigint): void {
    if (typeof n === 'number') return this.length(n);
    this.byte(RDB_64BITLEN);
    this.room(8);
    this.buf.writeBigUInt64BE(n, this.len);
    this.len += 8;
  }

  /** rdbSaveMillisecondTime: an int64, little-endian. */
  millis(t: number): void {
    this.room(8);
    this.buf.writeBigInt64LE(BigInt(t), this.len);
    this.len += 8;
  }

  /**
   * rdbSaveRawString: a canonical integer that fits 32 bits as INT8/16/32,
   * else LZF when longer than 20 bytes and it saves at least 4 bytes, else
   * length-prefixed bytes.
   */
  string(v: string | Buffer): void {
    const len = v.length;
    if (len <= 11 && this.integer(typeof v === 'string' ? v : v.latin1Slice(0, len))) return;
    const bytes = typeof v === 'string' ? Buffer.from(v, 'latin1') : v;
    if (len > 20) {
      const packed = lzfCompress(bytes, len - 4);
      if (packed !== null) {
        this.byte((RDB_ENCVAL << 6) | RDB_ENC_LZF);
        this.length(packed.length);
        this.length(len);
        this.raw(packed);
        return;
      }
    }
    this.length(len);
    this.raw(bytes);
  }

  /** rdbTryIntegerEncoding; false when s is not a canonical integer within 32 bits. */
  private integer(s: string): boolean {
    const n = parseInt64(s);
    if (n === null || typeof n === 'bigint' || n < -0x80000000 || n > 0x7fffffff) return false;
    if (n >= -0x80 && n <= 0x7f) {
      this.byte((RDB_ENCVAL << 6) | RDB_ENC_INT8);
      this.byte(n & 0xff);
    } else if (n >= -0x8000 && n <= 0x7fff) {
      this.byte((RDB_ENCVAL << 6) | RDB_ENC_INT16);
      this.byte(n & 0xff);
      this.byte((n >> 8) & 0xff);
    } else {
      this.byte((RDB_ENCVAL << 6) | RDB_ENC_INT32);
      this.room(4);
      this.buf.writeInt32LE(n, this.len);
      this.len += 4;
    }
    return true;
  }

  bytes(): Buffer {
    return this.buf.subarray(0, this.len);
  }
}

/** A cursor over RDB bytes; every read past the end is a format error. */
export class RdbReader {
  pos = 0;

  constructor(
    readonly buf: Buffer,
    /** Reads stop here. */
    readonly end = buf.length,
  ) {}

  private need(n: number): void {
    if (this.pos + n > this.end) throw new RdbFormatError('truncated');
  }

  byte(): number {
    this.need(1);
    return this.buf[this.pos++];
  }

  raw(n: number): Buffer {
    this.need(n);
    const b = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return b;
  }

  /**
   * rdbLoadLen: a length, or for a 11xxxxxx prefix (a special string
   * encoding) the encoding number as a negative value, -1 - enc.
   */
  lengthOrEncoding(): number {
    const first = this.byte();
    const type = first >> 6;
    if (type === RDB_ENCVAL) return -1 - (first & 0x3f);
    if (type === RDB_6BITLEN) return first & 0x3f;
    if (type === RDB_14BITLEN) return ((first & 0x3f) << 8) | this.byte();
    if (first === RDB_32BITLEN) {
      this.need(4);
      const n = this.buf.readUInt32BE(this.pos);
      this.pos += 4;
      return n;
    }
    if (first === RDB_64BITLEN) {
      this.need(8);
      const n = this.buf.readBigUInt64BE(this.pos);
      this.pos += 8;
      // Nothing that long can be in the payload anyway.
      if (n > BigInt(Number.MAX_SAFE_INTEGER)) throw new RdbFormatError('length too big');
      return Number(n);
    }
    throw new RdbFormatError('unknown length encoding');
  }

  /** rdbLoadLen for values that may pass 2^53: a number while safe, else a bigint. */
  bigLength(): number | bigint {
    if (this.pos >= this.end || this.buf[this.pos] !== RDB_64BITLEN) return this.length();
    this.pos++;
    this.need(8);
    const n = this.buf.readBigUInt64BE(this.pos);
    this.pos += 8;
    return n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n;
  }

  /** rdbLoadMillisecondTime. */
  millis(): number {
    this.need(8);
    const t = this.buf.readBigInt64LE(this.pos);
    this.pos += 8;
    return Number(t);
  }

  /** A plain length; like Redis, a special-encoding prefix reads as its 6-bit number. */
  length(): number {
    const n = this.lengthOrEncoding();
    return n < 0 ? -1 - n : n;
  }

  /** rdbGenericLoadStringObject: any string encoding, as latin1. */
  string(): string {
    const n = this.lengthOrEncoding();
    if (n >= 0) return this.raw(n).latin1Slice(0, n);
    switch (-1 - n) {
      case RDB_ENC_INT8:
        return String((this.byte() << 24) >> 24);
      case RDB_ENC_INT16:
        return String(this.raw(2).readInt16LE(0));
      case RDB_ENC_INT32:
        return String(this.raw(4).readInt32LE(0));
      case RDB_ENC_LZF: {
        const clen = this.length();
        const len = this.length();
        const out = lzfDecompress(this.raw(clen), len);
        if (out === null) throw new RdbFormatError('invalid LZF compressed string');
        return out.latin1Slice(0, len);
      }
      default:
        throw new RdbFormatError('unknown string encoding');
    }
  }
}

/** Writes a value's encoding and returns the RDB type byte it chose. */
export type RdbSave = (w: RdbWriter, v: Value) => number;
/** Reads a value of one RDB type byte. */
export type RdbLoad = (r: RdbReader) => Value;

const loaders = new Map<number, RdbLoad>();
const savers = new Map<TypeName, RdbSave>();

/** Plugs a type in: its writer by type name, its readers by every RDB type byte it may come as. */
export function registerRdbType(type: TypeName, save: RdbSave, loads: [number, RdbLoad][]): void {
  savers.set(type, save);
  for (const [byte, load] of loads) loaders.set(byte, load);
}

registerRdbType(
  'string',
  (w, v) => {
    w.string(v as string | Buffer);
    return RDB_TYPE_STRING;
  },
  [[RDB_TYPE_STRING, (r) => r.string()]],
);

/** Appends the type byte and the value; false when the type has no writer yet. */
export function saveObject(w: RdbWriter, v: Value): boolean {
  const save = savers.get(typeOf(v));
  if (save === undefined) return false;
  const at = w.len;
  w.byte(0);
  // save() may grow (replace) the buffer, so it runs before w.buf is read.
  const type = save(w, v);
  w.buf[at] = type;
  return true;
}

/** Reads a type byte and the value after it. */
export function loadObject(r: RdbReader): Value {
  const load = loaders.get(r.byte());
  if (load === undefined) throw new RdbFormatError('unknown object type');
  return load(r);
}

/** DUMP's payload: the object and the trailer. */
export function createDumpPayload(v: Value): Buffer | null {
  const w = new RdbWriter();
  if (!saveObject(w, v)) return null;
  return finishDumpPayload(w);
}

/** Ends a DUMP-style payload (DUMP, FUNCTION DUMP): the RDB version (2 bytes LE), then a CRC-64 of everything (8 bytes LE). */
export function finishDumpPayload(w: RdbWriter): Buffer {
  w.byte(RDB_VERSION & 0xff);
  w.byte(RDB_VERSION >> 8);
  const end = w.len;
  w.raw(ZERO8);
  const out = w.bytes();
  writeCrc64(out, end);
  return out;
}

const ZERO8 = Buffer.alloc(8);

/** verifyDumpPayload: a version Redis 7.2 reads and a matching checksum. */
export function verifyDumpPayload(p: Buffer): boolean {
  if (p.length < 10) return false;
  const footer = p.length - 10;
  const version = p[footer] | (p[footer + 1] << 8);
  return version <= RDB_VERSION && checkCrc64(p, p.length - 8);
}

/**
 * The value in a verified payload. As Redis does, reads run over the whole
 * payload (trailer included) and bytes left unread are ignored.
 */
export function loadDumpPayload(p: Buffer): Value {
  return loadObject(new RdbReader(p));
}
