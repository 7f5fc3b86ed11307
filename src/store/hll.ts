/**
 * HyperLogLog in Redis's own byte layout, so a value copied between Shoal and
 * Redis (GET/SET, DUMP/RESTORE) counts the same. The value is a plain string:
 *
 *   "HYLL" | encoding (0 dense, 1 sparse) | 3 unused | 8-byte LE cached count
 *
 * The cached count is stale when the top bit of its last byte is set. Then
 * come either 16384 packed 6-bit registers (dense, 12288 bytes, low bits
 * first) or run-length opcodes (sparse):
 *
 *   00xxxxxx           ZERO:  xxxxxx+1 registers at 0
 *   01xxxxxx yyyyyyyy  XZERO: 14-bit length+1 registers at 0
 *   1vvvvvxx           VAL:   xx+1 registers at vvvvv+1
 *
 * Edits follow Redis's in-place steps (split the opcode covering the
 * register, then merge neighbouring VALs in a small window) because the bytes,
 * not only the registers, must come out identical.
 */
import { writable } from './strval';

export const HDR = 16;
export const REGISTERS = 16384;
export const DENSE_SIZE = HDR + (REGISTERS * 6) / 8;
export const DENSE = 0;
export const SPARSE = 1;
/** The highest run length the hash can produce (64 - 14 bits, plus one). */
const Q = 50;
const ZERO_MAX = 64;
const VAL_MAX_VALUE = 32;
const VAL_MAX_LEN = 4;
const CARD_LAST = 15;
const STALE = 0x80;
const ALPHA_INF = 0.721347520444481703680;

// ---- MurmurHash64A on 32-bit halves (a BigInt per element would be far slower) ----

// Low and high words of the 64-bit multiplier, the low one in 16-bit halves.
const M_HI = 0xc6a4a793;
const M_LO = 0x5bd1e995;
const M_LO0 = M_LO & 0xffff;
const M_LO1 = M_LO >>> 16;
const SEED = 0xadc83b19;

// Result of the last mulM / murmur (module state: no allocation per call).
let rHi = 0;
let rLo = 0;

/** (hi:lo * M) mod 2^64 into rHi:rLo, from 16-bit partial products that stay exact. */
function mulM(hi: number, lo: number): void {
  const a0 = lo & 0xffff;
  const a1 = lo >>> 16;
  const p0 = a0 * M_LO0;
  const p1 = a0 * M_LO1;
  const p2 = a1 * M_LO0;
  const mid = (p0 >>> 16) + (p1 & 0xffff) + (p2 & 0xffff);
  rLo = (mid << 16) | (p0 & 0xffff);
  rHi = (a1 * M_LO1 + (p1 >>> 16) + (p2 >>> 16) + (mid >>> 16) + Math.imul(hi, M_LO) + Math.imul(lo, M_HI)) | 0;
}

/** Mixes one 8-byte block kHi:kLo into the hash hHi:hLo; the result in rHi:rLo. */
function mixBlock(hHi: number, hLo: number, kHi: number, kLo: number): void {
  mulM(kHi, kLo);
  mulM(rHi, rLo ^ (rHi >>> 15));
  mulM(hHi ^ rHi, hLo ^ rLo);
}

/** The final avalanche of hHi:hLo, into rHi:rLo. */
function finish(hHi: number, hLo: number): void {
  mulM(hHi, hLo ^ (hHi >>> 15));
  rLo ^= rHi >>> 15;
}

/** MurmurHash64A of a latin1 string with Redis's seed, into rHi:rLo. */
function murmur(s: string): void {
  const len = s.length;
  mulM(0, len);
  let hHi = rHi;
  let hLo = rLo ^ SEED;
  const blocks = len - (len & 7);
  let i = 0;
  for (; i < blocks; i += 8) {
    const kLo = s.charCodeAt(i) | (s.charCodeAt(i + 1) << 8) | (s.charCodeAt(i + 2) << 16) | (s.charCodeAt(i + 3) << 24);
    const kHi = s.charCodeAt(i + 4) | (s.charCodeAt(i + 5) << 8) | (s.charCodeAt(i + 6) << 16) | (s.charCodeAt(i + 7) << 24);
    mixBlock(hHi, hLo, kHi, kLo);
    hHi = rHi;
    hLo = rLo;
  }
  const rest = len & 7;
  if (rest !== 0) {
    if (rest >= 7) hHi ^= s.charCodeAt(i + 6) << 16;
    if (rest >= 6) hHi ^= s.charCodeAt(i + 5) << 8;
    if (rest >= 5) hHi ^= s.charCodeAt(i + 4);
    if (rest >= 4) hLo ^= s.charCodeAt(i + 3) << 24;
    if (rest >= 3) hLo ^= s.charCodeAt(i + 2) << 16;
    if (rest >= 2) hLo ^= s.charCodeAt(i + 1) << 8;
    hLo ^= s.charCodeAt(i);
    mulM(hHi, hLo);
    hHi = rHi;
    hLo = rLo;
  }
  finish(hHi, hLo);
}

/** The hash of 8 bytes holding the little-endian 64-bit number hi:lo (as PFSELFTEST's elements). */
function murmurWord(hi: number, lo: number): void {
  mulM(0, 8);
  mixBlock(rHi, rLo ^ SEED, hi, lo);
  finish(rHi, rLo);
}

function ctz(x: number): number {
  return 31 - Math.clz32(x & -x);
}

/** Register of the last runLength call. */
let patIndex = 0;

/**
 * Redis's hllPatLen on the hash in rHi:rLo: the register it falls in (into
 * patIndex) and the length of the run of zero bits after the 14 index bits,
 * plus one (1..51).
 */
function runLength(): number {
  patIndex = rLo & (REGISTERS - 1);
  const low = (rLo >>> 14) | (rHi << 18);
  if (low !== 0) return ctz(low) + 1;
  // Bit 50 of the shifted hash is forced on so the run ends.
  return 32 + ctz((rHi >>> 14) | (1 << (Q - 32))) + 1;
}

// ---- dense registers ----

/** Dense register i of an HLL (header included in b). */
export function getReg(b: Uint8Array, i: number): number {
  const bit = i * 6;
  const at = HDR + (bit >>> 3);
  const fb = bit & 7;
  // For the last register b[at + 1] is past the end: undefined reads as 0, like the string's terminator.
  return ((b[at] >>> fb) | (b[at + 1] << (8 - fb))) & 63;
}

export function setReg(b: Uint8Array, i: number, v: number): void {
  const bit = i * 6;
  const at = HDR + (bit >>> 3);
  const fb = bit & 7;
  b[at] = (b[at] & ~(63 << fb)) | (v << fb);
  // A register starting past bit 2 of its byte spills into the next one.
  if (fb > 2) b[at + 1] = (b[at + 1] & ~(63 >>> (8 - fb))) | (v >>> (8 - fb));
}

function denseSet(b: Uint8Array, i: number, count: number): number {
  if (count <= getReg(b, i)) return 0;
  setReg(b, i, count);
  return 1;
}

// ---- reading any HLL ----

/** The cached count, or -1 when stale. */
export function cachedCount(b: Uint8Array): number | bigint {
  if (b[CARD_LAST] & STALE) return -1;
  const lo = (b[8] | (b[9] << 8) | (b[10] << 16) | (b[11] << 24)) >>> 0;
  const hi = (b[12] | (b[13] << 8) | (b[14] << 16) | (b[15] << 24)) >>> 0;
  return hi < 0x200000 ? hi * 4294967296 + lo : (BigInt(hi) << 32n) | BigInt(lo);
}

export function setCachedCount(b: Uint8Array, n: number): void {
  const lo = n % 4294967296;
  const hi = Math.floor(n / 4294967296);
  for (let i = 0; i < 4; i++) {
    b[8 + i] = lo >>> (8 * i);
    b[12 + i] = hi >>> (8 * i);
  }
}

export function invalidateCache(b: Uint8Array): void {
  b[CARD_LAST] |= STALE;
}

/** Opcode span in registers at b[p] (a truncated XZERO reads 0 for its missing byte). */
function span(b: Uint8Array, p: number): number {
  const op = b[p];
  if ((op & 0xc0) === 0) return (op & 0x3f) + 1;
  if (op & 0x80) return (op & 3) + 1;
  return (((op & 0x3f) << 8) | b[p + 1]) + 1;
}

/**
 * Adds the registers of the sparse opcodes in [HDR, end) to `histo`; false
 * when they do not cover exactly 16384 registers.
 */
function sparseHisto(b: Uint8Array, end: number, histo: Int32Array): boolean {
  let idx = 0;
  for (let p = HDR; p < end; ) {
    const op = b[p];
    const n = span(b, p);
    idx += n;
    if (op & 0x80) histo[((op >>> 2) & 0x1f) + 1] += n;
    else histo[0] += n;
    p += (op & 0xc0) === 0x40 ? 2 : 1;
  }
  return idx === REGISTERS;
}

const histo = new Int32Array(64);

function sigma(x: number): number {
  if (x === 1) return Infinity;
  let y = 1;
  let z = x;
  let prev: number;
  do {
    x *= x;
    prev = z;
    z += x * y;
    y += y;
  } while (prev !== z);
  return z;
}

function tau(x: number): number {
  if (x === 0 || x === 1) return 0;
  let y = 1;
  let z = 1 - x;
  let prev: number;
  do {
    x = Math.sqrt(x);
    prev = z;
    y *= 0.5;
    const d = 1 - x;
    z -= d * d * y;
  } while (prev !== z);
  return z / 3;
}

/** The estimate from `histo` (Ertl's improved estimator, as Redis computes it). */
function estimate(): number {
  const m = REGISTERS;
  let z = m * tau((m - histo[Q + 1]) / m);
  for (let j = Q; j >= 1; j--) {
    z += histo[j];
    z *= 0.5;
  }
  z += m * sigma(histo[0] / m);
  return Math.round((ALPHA_INF * m * m) / z);
}

/** The estimated count of the HLL in b[0, len), or -1 when its sparse opcodes are corrupt. */
export function count(b: Uint8Array, len: number): number {
  histo.fill(0);
  if (b[4] === DENSE) {
    for (let i = 0; i < REGISTERS; i++) histo[getReg(b, i)]++;
  } else if (!sparseHisto(b, len, histo)) {
    return -1;
  }
  return estimate();
}

/** The estimated count of plain registers, one byte each (PFCOUNT of several keys). */
export function countRegisters(regs: Uint8Array): number {
  histo.fill(0);
  for (let i = 0; i < REGISTERS; i++) histo[regs[i]]++;
  return estimate();
}

/** max[i] = max(max[i], register i of the HLL in b[0, len)); false when corrupt. */
export function mergeInto(max: Uint8Array, b: Uint8Array, len: number): boolean {
  if (b[4] === DENSE) {
    for (let i = 0; i < REGISTERS; i++) {
      const v = getReg(b, i);
      if (v > max[i]) max[i] = v;
    }
    return true;
  }
  let idx = 0;
  for (let p = HDR; p < len; ) {
    const op = b[p];
    const n = span(b, p);
    // Opcodes past the last register make the HLL corrupt (Redis's CVE-2025-32023 checks).
    if (idx + n > REGISTERS) return false;
    if (op & 0x80) {
      const v = ((op >>> 2) & 0x1f) + 1;
      for (let k = 0; k < n; k++, idx++) if (v > max[idx]) max[idx] = v;
      p++;
    } else {
      idx += n;
      p += op & 0x40 ? 2 : 1;
    }
  }
  return idx === REGISTERS;
}

/** PFDEBUG DECODE's text of a sparse HLL's opcodes. */
export function decodeSparse(b: Uint8Array, len: number): string {
  let out = '';
  for (let p = HDR; p < len; ) {
    const op = b[p];
    const n = span(b, p);
    if (out !== '') out += ' ';
    if (op & 0x80) {
      out += 'v:' + (((op >>> 2) & 0x1f) + 1) + ',' + n;
      p++;
    } else if (op & 0x40) {
      out += 'Z:' + n;
      p += 2;
    } else {
      out += 'z:' + n;
      p++;
    }
  }
  return out;
}

/**
 * Whether bytes look like an HLL as Redis checks it: the magic, a known
 * encoding, and a dense value of exactly the dense size.
 */
export function isHll(b: Uint8Array): boolean {
  if (b.length < HDR || b[0] !== 72 || b[1] !== 89 || b[2] !== 76 || b[3] !== 76) return false;
  return b[4] === SPARSE || (b[4] === DENSE && b.length === DENSE_SIZE);
}

// ---- editing ----

/** The opcodes Redis writes when it splits one (at most XZERO VAL XZERO). */
const seq = new Uint8Array(5);

/** Writes a ZERO or XZERO run of n registers into seq at i; returns the next position. */
function putZeros(i: number, n: number): number {
  if (n > ZERO_MAX) {
    seq[i] = ((n - 1) >>> 8) | 0x40;
    seq[i + 1] = (n - 1) & 0xff;
    return i + 2;
  }
  seq[i] = n - 1;
  return i + 1;
}

function valOp(v: number, n: number): number {
  return 0x80 | ((v - 1) << 2) | (n - 1);
}

/**
 * One HLL being edited in place: `buf` is an owned Buffer (see strval's
 * writable) whose bytes past `len` are zero, so reads past the end see what
 * Redis sees past an sds string's end.
 */
export class HllEdit {
  buf: Buffer = Buffer.alloc(0);
  len = 0;

  /** Starts editing an existing value (copied unless already an owned Buffer). */
  open(v: string | Buffer): void {
    this.buf = writable(v, v.length);
    this.len = v.length;
  }

  /** Starts a new, empty HLL: sparse, one XZERO covering every register, count 0. */
  create(): void {
    const b = writable(undefined, HDR + 2);
    b.latin1Write('HYLL', 0);
    b[4] = SPARSE;
    b[HDR] = 0x40 | ((REGISTERS - 1) >>> 8);
    b[HDR + 1] = (REGISTERS - 1) & 0xff;
    this.buf = b;
    this.len = HDR + 2;
  }

  /** The edited value to store. */
  result(): Buffer {
    return this.len === this.buf.length ? this.buf : this.buf.subarray(0, this.len);
  }

  get encoding(): number {
    return this.buf[4];
  }

  /** Adds an element: 1 when a register grew, 0 when not, -1 when the HLL is corrupt. */
  add(ele: string, sparseMax: number): number {
    murmur(ele);
    return this.addHashed(sparseMax);
  }

  /** add() of the 8-byte element holding the little-endian number hi:lo. */
  addWord(hi: number, lo: number, sparseMax: number): number {
    murmurWord(hi, lo);
    return this.addHashed(sparseMax);
  }

  private addHashed(sparseMax: number): number {
    const n = runLength();
    if (this.buf[4] === DENSE) return denseSet(this.buf, patIndex, n);
    return this.sparseSet(patIndex, n, sparseMax);
  }

  /** Raises register `index` to `count` in whichever encoding the HLL has. */
  set(index: number, count: number, sparseMax: number): number {
    if (this.buf[4] === DENSE) return denseSet(this.buf, index, count);
    return this.sparseSet(index, count, sparseMax);
  }

  /** Converts a sparse HLL to dense (header kept); false when its opcodes are corrupt. */
  toDense(): boolean {
    const s = this.buf;
    if (s[4] === DENSE) return true;
    const d = writable(undefined, DENSE_SIZE);
    s.copy(d, 0, 0, HDR);
    d[4] = DENSE;
    let idx = 0;
    for (let p = HDR; p < this.len; ) {
      const op = s[p];
      const n = span(s, p);
      if (idx + n > REGISTERS) return false;
      if (op & 0x80) {
        const v = ((op >>> 2) & 0x1f) + 1;
        for (let k = 0; k < n; k++) setReg(d, idx++, v);
        p++;
      } else {
        idx += n;
        p += op & 0x40 ? 2 : 1;
      }
    }
    if (idx !== REGISTERS) return false;
    this.buf = d;
    this.len = DENSE_SIZE;
    return true;
  }

  /** Redis's hllSparseSet: 1 when the register grew, 0 when not, -1 when corrupt. */
  private sparseSet(index: number, count: number, sparseMax: number): number {
    if (count > VAL_MAX_VALUE) return this.promote(index, count);
    // The worst split (XZERO into XZERO VAL XZERO) takes 3 more bytes.
    if (this.buf.length < this.len + 3) this.buf = writable(this.buf, this.len + 3);
    const b = this.buf;
    let end = this.len;

    // Step 1: find the opcode covering the register.
    let p = HDR;
    let first = 0;
    let prev = -1;
    let n = 0;
    while (p < end) {
      n = span(b, p);
      if (index <= first + n - 1) break;
      prev = p;
      p += (b[p] & 0xc0) === 0x40 ? 2 : 1;
      first += n;
    }
    if (n === 0 || p >= end) return -1;
    const op = b[p];
    const isXZero = (op & 0xc0) === 0x40;
    const isVal = (op & 0x80) !== 0;
    let next = isXZero ? p + 2 : p + 1;
    if (next >= end) next = -1;

    // Step 2: the trivial cases, updated in place.
    let done = false;
    if (isVal) {
      if (((op >>> 2) & 0x1f) + 1 >= count) return 0;
      if (n === 1) {
        b[p] = valOp(count, 1);
        done = true;
      }
    } else if (!isXZero && n === 1) {
      b[p] = valOp(count, 1);
      done = true;
    }

    if (!done) {
      // Step 3: split the opcode around the register.
      const last = first + n - 1;
      let i = 0;
      if (isVal) {
        const cur = ((op >>> 2) & 0x1f) + 1;
        if (index !== first) seq[i++] = valOp(cur, index - first);
        seq[i++] = valOp(count, 1);
        if (index !== last) seq[i++] = valOp(cur, last - index);
      } else {
        if (index !== first) i = putZeros(i, index - first);
        seq[i++] = valOp(count, 1);
        if (index !== last) i = putZeros(i, last - index);
      }
      const delta = i - (isXZero ? 2 : 1);
      if (delta > 0 && end + delta > sparseMax) return this.promote(index, count);
      if (delta !== 0 && next >= 0) b.copyWithin(next + delta, next, end);
      for (let k = 0; k < i; k++) b[p + k] = seq[k];
      end += delta;
      // Bytes a shrink left behind are cleared, as the string's end would be.
      if (delta < 0) b.fill(0, end, end - delta);
    }

    // Step 4: merge adjacent VALs of the same value, in a window from the previous opcode.
    p = prev >= 0 ? prev : HDR;
    for (let scan = 5; p < end && scan > 0; scan--) {
      const a = b[p];
      if ((a & 0xc0) === 0x40) {
        p += 2;
        continue;
      }
      if ((a & 0xc0) === 0) {
        p++;
        continue;
      }
      const z = b[p + 1];
      if (p + 1 < end && z & 0x80 && ((a >>> 2) & 0x1f) === ((z >>> 2) & 0x1f)) {
        const merged = (a & 3) + (z & 3) + 2;
        if (merged <= VAL_MAX_LEN) {
          b[p + 1] = valOp(((a >>> 2) & 0x1f) + 1, merged);
          b.copyWithin(p, p + 1, end);
          end--;
          b[end] = 0;
          continue;
        }
      }
      p++;
    }
    this.len = end;
    invalidateCache(b);
    return 1;
  }

  private promote(index: number, count: number): number {
    if (!this.toDense()) return -1;
    return denseSet(this.buf, index, count);
  }
}
