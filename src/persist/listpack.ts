/**
 * Redis listpack blobs, as the RDB format carries small hashes, sets, sorted
 * sets and list nodes. A listpack is a 6-byte header (total bytes u32 LE,
 * entry count u16 LE, 65535 when unknown), the entries, and a 0xFF byte.
 * Each entry is an encoding (a small integer, a signed integer of 13/16/24/
 * 32/64 bits, or a string with a 6/12/32-bit length) followed by its
 * "backlen", the entry's size written so it can be read backwards.
 *
 * The writer picks exactly the encodings Redis picks (a string that is a
 * canonical int64 is stored as the smallest integer form), so a blob built
 * here is byte-identical to the one Redis builds from the same entries.
 */
import { parseInt64 } from '../util/numbers';
import { RdbFormatError } from './rdb-object';

const HEADER = 6;
const EOF = 0xff;
const UNKNOWN_COUNT = 0xffff;

function checked(cond: boolean): void {
  if (!cond) throw new RdbFormatError('invalid listpack');
}

/** Bytes the backlen of an entry of `len` bytes takes (lpEncodeBacklen). */
function backlenSize(len: number): number {
  if (len <= 127) return 1;
  if (len < 16383) return 2;
  if (len < 2097151) return 3;
  if (len < 268435455) return 4;
  return 5;
}

/**
 * Decodes a listpack into its entries, integers as decimal strings. Every
 * entry's bounds and backlen are checked, so a corrupt blob throws rather
 * than yielding garbage.
 */
export function decodeListpack(buf: Buffer): string[] {
  checked(buf.length >= HEADER + 1);
  const total = buf.readUInt32LE(0);
  checked(total === buf.length && buf[total - 1] === EOF);
  const count = buf.readUInt16LE(4);
  const out: string[] = [];
  const end = total - 1;
  let p = HEADER;
  while (p < end) {
    const start = p;
    const b = buf[p];
    let s: string;
    if (b < 0x80) {
      s = String(b);
      p += 1;
    } else if (b < 0xc0) {
      const len = b & 0x3f;
      checked(p + 1 + len <= end);
      s = buf.latin1Slice(p + 1, p + 1 + len);
      p += 1 + len;
    } else if (b < 0xe0) {
      checked(p + 2 <= end);
      const u = ((b & 0x1f) << 8) | buf[p + 1];
      s = String(u >= 1 << 12 ? u - (1 << 13) : u);
      p += 2;
    } else if (b < 0xf0) {
      checked(p + 2 <= end);
      const len = ((b & 0x0f) << 8) | buf[p + 1];
      checked(p + 2 + len <= end);
      s = buf.latin1Slice(p + 2, p + 2 + len);
      p += 2 + len;
    } else {
      switch (b) {
        case 0xf0: {
          checked(p + 5 <= end);
          const len = buf.readUInt32LE(p + 1);
          checked(p + 5 + len <= end);
          s = buf.latin1Slice(p + 5, p + 5 + len);
          p += 5 + len;
          break;
        }
        case 0xf1:
          checked(p + 3 <= end);
          s = String(buf.readInt16LE(p + 1));
          p += 3;
          break;
        case 0xf2:
          checked(p + 4 <= end);
          s = String(buf.readIntLE(p + 1, 3));
          p += 4;
          break;
        case 0xf3:
          checked(p + 5 <= end);
          s = String(buf.readInt32LE(p + 1));
          p += 5;
          break;
        case 0xf4:
          checked(p + 9 <= end);
          s = String(buf.readBigInt64LE(p + 1));
          p += 9;
          break;
        default:
          throw new RdbFormatError('invalid listpack encoding');
      }
    }
    const len = p - start;
    const bl = backlenSize(len);
    checked(p + bl <= end && readBacklen(buf, p + bl - 1) === len);
    p += bl;
    out.push(s);
  }
  checked(count === UNKNOWN_COUNT || count === out.length);
  return out;
}

/** lpDecodeBacklen: reads a backlen whose last byte is at `p`, towards the start. */
function readBacklen(buf: Buffer, p: number): number {
  let v = 0;
  let shift = 0;
  for (;;) {
    const b = buf[p];
    v += (b & 127) * 2 ** shift;
    if (!(b & 128)) return v;
    shift += 7;
    p--;
    if (shift > 28) return -1;
  }
}

/**
 * Builds a listpack entry by entry. Strings that are canonical int64 values
 * go in as integers, as lpAppend stores them.
 */
export class ListpackBuilder {
  private buf = Buffer.allocUnsafe(64);
  private len = HEADER;
  private count = 0;

  private room(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.len + n) size *= 2;
    const b = Buffer.allocUnsafe(size);
    this.buf.copy(b, 0, 0, this.len);
    this.buf = b;
  }

  /** Appends an entry given as text. */
  add(s: string): void {
    // lpStringToInt64 refuses anything 21 bytes or longer before parsing.
    if (s.length < 21) {
      const n = parseInt64(s);
      if (n !== null) return this.addInt(n);
    }
    this.addString(s);
  }

  /** Appends an integer entry in the smallest encoding that holds it. */
  addInt(v: number | bigint): void {
    this.room(10);
    const b = this.buf;
    const p = this.len;
    const size = intEntrySize(v);
    if (size === 9) {
      b[p] = 0xf4;
      b.writeBigInt64LE(BigInt(v), p + 1);
    } else {
      const n = Number(v);
      if (size === 1) {
        b[p] = n;
      } else if (size === 2) {
        const u = n < 0 ? (1 << 13) + n : n;
        b[p] = 0xc0 | (u >> 8);
        b[p + 1] = u & 0xff;
      } else {
        // 16, 24 and 32-bit integers: a tag byte, then the value little-endian.
        b[p] = 0xf0 + size - 2;
        b.writeIntLE(n, p + 1, size - 1);
      }
    }
    this.len += size;
    this.backlen(size);
  }

  /** Appends an entry as a string, whatever it holds. */
  private addString(s: string): void {
    const n = s.length;
    const enc = n < 64 ? 1 : n < 4096 ? 2 : 5;
    this.room(enc + n + 5);
    const b = this.buf;
    const p = this.len;
    if (enc === 1) {
      b[p] = 0x80 | n;
    } else if (enc === 2) {
      b[p] = 0xe0 | (n >> 8);
      b[p + 1] = n & 0xff;
    } else {
      b[p] = 0xf0;
      b.writeUInt32LE(n, p + 1);
    }
    b.latin1Write(s, p + enc, n);
    this.len += enc + n;
    this.backlen(enc + n);
  }

  /** lpEncodeBacklen: the most significant 7-bit group first, every byte but the first flagged. */
  private backlen(size: number): void {
    const n = backlenSize(size);
    const b = this.buf;
    const p = this.len;
    for (let i = n - 1; i >= 0; i--) {
      const group = Math.floor(size / 2 ** (7 * (n - 1 - i))) & 127;
      b[p + i] = i === 0 ? group : group | 128;
    }
    this.len += n;
    this.count++;
  }

  /** The finished blob (header filled in, terminator appended). */
  finish(): Buffer {
    this.room(1);
    this.buf[this.len++] = EOF;
    this.buf.writeUInt32LE(this.len, 0);
    this.buf.writeUInt16LE(this.count < UNKNOWN_COUNT ? this.count : UNKNOWN_COUNT, 4);
    return this.buf.subarray(0, this.len);
  }
}

/** A listpack holding `entries` in order. */
export function encodeListpack(entries: Iterable<string>): Buffer {
  const b = new ListpackBuilder();
  for (const e of entries) b.add(e);
  return b.finish();
}

/**
 * Bytes of an integer entry before its backlen: a 7-bit uint (1), 13-bit (2),
 * 16-bit (3), 24-bit (4), 32-bit (5) or 64-bit (9) signed integer.
 */
function intEntrySize(v: number | bigint): number {
  if (typeof v === 'bigint') return v >= -0x80000000n && v <= 0x7fffffffn ? intEntrySize(Number(v)) : 9;
  if (v >= 0 && v <= 127) return 1;
  if (v >= -4096 && v <= 4095) return 2;
  if (v >= -32768 && v <= 32767) return 3;
  if (v >= -8388608 && v <= 8388607) return 4;
  if (v >= -2147483648 && v <= 2147483647) return 5;
  return 9;
}

/** Bytes an entry takes in a listpack (encoding, data and backlen), for size estimates. */
export function listpackEntrySize(s: string): number {
  const n = s.length;
  const v = n < 21 ? parseInt64(s) : null;
  if (v !== null) return listpackIntSize(v);
  const enc = (n < 64 ? 1 : n < 4096 ? 2 : 5) + n;
  return enc + backlenSize(enc);
}

/** Bytes an integer entry takes in a listpack, backlen included. */
export function listpackIntSize(v: number | bigint): number {
  const enc = intEntrySize(v);
  return enc + backlenSize(enc);
}

/** Header and terminator bytes of every listpack. */
export const LISTPACK_OVERHEAD = HEADER + 1;
