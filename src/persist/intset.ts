/**
 * Intset blobs (RDB type 11): an element width in bytes (u32 LE: 2, 4 or 8),
 * an element count (u32 LE), then the elements sorted ascending, each
 * little-endian at that width. The width is the smallest that holds every
 * element, as intsetAdd upgrades it.
 */
import { RdbFormatError } from './rdb-object';

const HEADER = 8;

/** Decodes an intset into its members as decimal strings, ascending; checks order and size. */
export function decodeIntset(buf: Buffer): string[] {
  if (buf.length < HEADER) throw new RdbFormatError('invalid intset');
  const width = buf.readUInt32LE(0);
  const count = buf.readUInt32LE(4);
  if ((width !== 2 && width !== 4 && width !== 8) || buf.length !== HEADER + width * count) {
    throw new RdbFormatError('invalid intset');
  }
  const out: string[] = new Array(count);
  let prev: bigint | number | undefined;
  for (let i = 0; i < count; i++) {
    const at = HEADER + i * width;
    const v = width === 2 ? buf.readInt16LE(at) : width === 4 ? buf.readInt32LE(at) : buf.readBigInt64LE(at);
    // Strictly ascending: intsetValidateIntegrity refuses duplicates too.
    if (prev !== undefined && !(v > prev)) throw new RdbFormatError('intset not sorted');
    prev = v;
    out[i] = String(v);
  }
  return out;
}

/** Encodes integers (any order, no duplicates) as an intset of the smallest width. */
export function encodeIntset(values: readonly bigint[]): Buffer {
  const sorted = values.slice().sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  let width = 2;
  for (const v of sorted) {
    if (v < -0x80000000n || v > 0x7fffffffn) width = 8;
    else if ((v < -0x8000n || v > 0x7fffn) && width < 4) width = 4;
  }
  const buf = Buffer.allocUnsafe(HEADER + width * sorted.length);
  buf.writeUInt32LE(width, 0);
  buf.writeUInt32LE(sorted.length, 4);
  for (let i = 0; i < sorted.length; i++) {
    const at = HEADER + i * width;
    if (width === 2) buf.writeInt16LE(Number(sorted[i]), at);
    else if (width === 4) buf.writeInt32LE(Number(sorted[i]), at);
    else buf.writeBigInt64LE(sorted[i], at);
  }
  return buf;
}
