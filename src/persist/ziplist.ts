/**
 * Legacy ziplist blobs (RDB types written before Redis 7: hash/zset/list
 * ziplists and quicklist v1 nodes), read only: Redis 7 converts them to
 * listpacks on load and never writes them. Header: total bytes u32 LE, tail
 * offset u32 LE, entry count u16 LE; each entry is the previous entry's length
 * (1 byte, or 0xFE and a u32), an encoding and its data; 0xFF ends it.
 */
import { RdbFormatError } from './rdb-object';

const HEADER = 10;
const EOF = 0xff;

function checked(cond: boolean): void {
  if (!cond) throw new RdbFormatError('invalid ziplist');
}

/** Decodes a ziplist into its entries, integers as decimal strings. */
export function decodeZiplist(buf: Buffer): string[] {
  checked(buf.length >= HEADER + 1);
  const total = buf.readUInt32LE(0);
  checked(total === buf.length && buf[total - 1] === EOF);
  const count = buf.readUInt16LE(8);
  const end = total - 1;
  const out: string[] = [];
  let p = HEADER;
  let prevLen = 0;
  while (p < end) {
    const start = p;
    let prev = buf[p];
    if (prev === 0xfe) {
      checked(p + 5 <= end);
      prev = buf.readUInt32LE(p + 1);
      p += 5;
    } else {
      p += 1;
    }
    checked(prev === prevLen && p < end);
    const b = buf[p];
    let s: string;
    switch (b >> 6) {
      case 0: {
        const len = b & 0x3f;
        checked(p + 1 + len <= end);
        s = buf.latin1Slice(p + 1, p + 1 + len);
        p += 1 + len;
        break;
      }
      case 1: {
        checked(p + 2 <= end);
        const len = ((b & 0x3f) << 8) | buf[p + 1];
        checked(p + 2 + len <= end);
        s = buf.latin1Slice(p + 2, p + 2 + len);
        p += 2 + len;
        break;
      }
      case 2: {
        checked(b === 0x80 && p + 5 <= end);
        const len = buf.readUInt32BE(p + 1);
        checked(p + 5 + len <= end);
        s = buf.latin1Slice(p + 5, p + 5 + len);
        p += 5 + len;
        break;
      }
      default:
        [s, p] = readInt(buf, p, end);
    }
    prevLen = p - start;
    out.push(s);
  }
  checked(count === 0xffff || count === out.length);
  return out;
}

/** Bytes of data after an integer encoding byte (11xxxxxx); 0 for the 4-bit immediates. */
function intDataSize(b: number): number {
  switch (b) {
    case 0xc0:
      return 2;
    case 0xd0:
      return 4;
    case 0xe0:
      return 8;
    case 0xf0:
      return 3;
    case 0xfe:
      return 1;
    default:
      checked(b >= 0xf1 && b <= 0xfd);
      return 0;
  }
}

/** An integer entry at p: its text and the position after it. */
function readInt(buf: Buffer, p: number, end: number): [string, number] {
  const b = buf[p];
  const n = intDataSize(b);
  checked(p + 1 + n <= end);
  // 1111xxxx: an immediate 0..12 stored as xxxx - 1.
  if (n === 0) return [String((b & 0x0f) - 1), p + 1];
  const v = n === 8 ? buf.readBigInt64LE(p + 1) : buf.readIntLE(p + 1, n);
  return [String(v), p + 1 + n];
}
