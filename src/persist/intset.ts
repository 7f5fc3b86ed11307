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

/**
 * Encodes ascending canonical integers as an intset, at the smallest width
 * that holds them but no less than `minWidth` (an intset never narrows after
 * an upgrade, so its width may exceed what its members need).
 */
export function encodeIntset(members: readonly string[], minWidth = 2): Buffer {
  let width = minWidth;
  const values = members.map((m) => BigInt(m));
  for (const v of values) {
    if (v < -0x80000000n || v > 0x7fffffffn) width = 8;
    else if ((v < -0x8000n || v > 0x7fffn) && width < 4) width = 4;
  }
  const buf = Buffer.allocUnsafe(HEADER + width * values.length);
  buf.writeUInt32LE(width, 0);
  buf.writeUInt32LE(values.length, 4);
  for (let i = 0; i < values.length; i++) {
    const at = HEADER + i * width;
    if (width === 2) buf.writeInt16LE(Number(values[i]), at);
    else if (width === 4) buf.writeInt32LE(Number(values[i]), at);
    else buf.writeBigInt64LE(values[i], at);
  }
  return buf;
}
