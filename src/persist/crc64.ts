/**
 * Redis's CRC-64 (Jones polynomial 0xad93d23594c935a9, reflected input and
 * output, init 0, no final xor), the checksum of DUMP payloads and RDB files.
 * Computed bytewise from a table, in two 32-bit halves to stay off BigInt.
 */

/** The polynomial bit-reversed, as the reflected table algorithm uses it. */
const POLY_REFLECTED = 0x95ac9329ac4bc9b5n;

const TABLE_LO = new Uint32Array(256);
const TABLE_HI = new Uint32Array(256);
for (let i = 0; i < 256; i++) {
  let crc = BigInt(i);
  for (let k = 0; k < 8; k++) crc = crc & 1n ? (crc >> 1n) ^ POLY_REFLECTED : crc >> 1n;
  TABLE_LO[i] = Number(crc & 0xffffffffn);
  TABLE_HI[i] = Number(crc >> 32n);
}

/** The checksum of data[start, end) as its two 32-bit halves, continuing from `lo`/`hi`. */
function update(data: Uint8Array, start: number, end: number, lo = 0, hi = 0): [number, number] {
  for (let i = start; i < end; i++) {
    const t = (lo ^ data[i]) & 0xff;
    lo = (TABLE_LO[t] ^ ((lo >>> 8) | (hi << 24))) >>> 0;
    hi = (TABLE_HI[t] ^ (hi >>> 8)) >>> 0;
  }
  return [lo, hi];
}

/** CRC-64 of data[start, end). */
export function crc64(data: Uint8Array, start = 0, end = data.length): bigint {
  const [lo, hi] = update(data, start, end);
  return (BigInt(hi) << 32n) | BigInt(lo);
}

/** Writes the CRC-64 of data[0, end) little-endian at data[end, end + 8), as RDB trailers hold it. */
export function writeCrc64(data: Buffer, end: number): void {
  const [lo, hi] = update(data, 0, end);
  data.writeUInt32LE(lo, end);
  data.writeUInt32LE(hi, end + 4);
}

/** Whether data[end, end + 8) holds the little-endian CRC-64 of data[0, end). */
export function checkCrc64(data: Buffer, end: number): boolean {
  const [lo, hi] = update(data, 0, end);
  return data.readUInt32LE(end) === lo && data.readUInt32LE(end + 4) === hi;
}
