/**
 * LZF compression in liblzf's format and with its exact choices (hash of
 * three bytes into 2^16 slots, the "very fast" rehash after a match), so
 * compressed RDB strings come out byte-identical to Redis's.
 *
 * Format: a control byte c < 32 starts a literal run of c + 1 bytes; else
 * the top 3 bits are the match length - 2 (7: one more length byte follows)
 * and the low 5 bits with the next byte the back offset - 1.
 */

const HLOG = 16;
const HSIZE = 1 << HLOG;
const MAX_LIT = 1 << 5;
const MAX_OFF = 1 << 13;
const MAX_REF = (1 << 8) + (1 << 3);

/**
 * Hash slot -> input offset of the last position hashed there. A slot is
 * valid only when its stamp is the current call's, which spares clearing the
 * table per call; an invalid slot behaves as offset 0, which never matches.
 */
const slotPos = new Int32Array(HSIZE);
const slotStamp = new Uint32Array(HSIZE);
let stamp = 0;

function idx(h: number): number {
  return ((h >>> (3 * 8 - HLOG)) - Math.imul(h, 5)) & (HSIZE - 1);
}

/**
 * Compresses `input` into at most `outLen` bytes; null when the result would
 * not fit (as lzf_compress returns 0).
 */
export function lzfCompress(input: Uint8Array, outLen: number): Buffer | null {
  const inLen = input.length;
  if (inLen === 0 || outLen === 0) return null;
  if (++stamp === 0xffffffff) {
    slotStamp.fill(0);
    stamp = 1;
  }
  const out = Buffer.allocUnsafe(outLen);
  const inEnd = inLen;
  let ip = 0;
  let op = 1; // room for the first literal run's control byte
  let lit = 0;
  let hval = (input[0] << 8) | (inLen > 1 ? input[1] : 0);
  while (ip < inEnd - 2) {
    hval = ((hval << 8) | input[ip + 2]) >>> 0;
    const slot = idx(hval);
    const ref = slotStamp[slot] === stamp ? slotPos[slot] : 0;
    slotPos[slot] = ip;
    slotStamp[slot] = stamp;
    const off = ip - ref - 1;
    if (ref < ip && off < MAX_OFF && ref > 0 && input[ref + 2] === input[ip + 2] &&
        input[ref] === input[ip] && input[ref + 1] === input[ip + 1]) {
      let len = 2;
      let maxlen = inEnd - ip - len;
      if (maxlen > MAX_REF) maxlen = MAX_REF;
      if (op + 3 + 1 >= outLen && op - (lit === 0 ? 1 : 0) + 3 + 1 >= outLen) return null;
      out[op - lit - 1] = lit - 1; // close the literal run
      if (lit === 0) op--; // drop an empty run
      len = matchLength(input, ref, ip, maxlen);
      len -= 2;
      ip++;
      if (len < 7) {
        out[op++] = (off >> 8) + (len << 5);
      } else {
        out[op++] = (off >> 8) + (7 << 5);
        out[op++] = len - 7;
      }
      out[op++] = off & 0xff;
      lit = 0;
      op++; // start a run
      ip += len + 1;
      if (ip >= inEnd - 2) break;
      // Rehash the last two positions of the match.
      ip -= 2;
      hval = (input[ip] << 8) | input[ip + 1];
      hval = ((hval << 8) | input[ip + 2]) >>> 0;
      setSlot(idx(hval), ip);
      ip++;
      hval = ((hval << 8) | input[ip + 2]) >>> 0;
      setSlot(idx(hval), ip);
      ip++;
    } else {
      if (op >= outLen) return null;
      lit++;
      out[op++] = input[ip++];
      if (lit === MAX_LIT) {
        out[op - lit - 1] = lit - 1;
        lit = 0;
        op++;
      }
    }
  }
  if (op + 3 > outLen) return null;
  while (ip < inEnd) {
    lit++;
    out[op++] = input[ip++];
    if (lit === MAX_LIT) {
      out[op - lit - 1] = lit - 1;
      lit = 0;
      op++;
    }
  }
  out[op - lit - 1] = lit - 1;
  if (lit === 0) op--;
  return out.subarray(0, op);
}

function setSlot(slot: number, pos: number): void {
  slotPos[slot] = pos;
  slotStamp[slot] = stamp;
}

/**
 * Length of the match at `ip` against `ref` (at least 2 bytes known equal),
 * counted as liblzf counts it: past 16 bytes its unrolled loop may run up
 * to 19 before checking the limit.
 */
function matchLength(input: Uint8Array, ref: number, ip: number, maxlen: number): number {
  let len = 2;
  if (maxlen > 16) {
    for (let k = 0; k < 16; k++) {
      len++;
      if (input[ref + len] !== input[ip + len]) return len;
    }
  }
  do len++;
  while (len < maxlen && input[ref + len] === input[ip + len]);
  return len;
}

/** Decompresses into exactly `outLen` bytes; null on corrupt input or a size mismatch. */
export function lzfDecompress(input: Uint8Array, outLen: number): Buffer | null {
  const out = Buffer.allocUnsafe(outLen);
  let ip = 0;
  let op = 0;
  const inEnd = input.length;
  while (ip < inEnd) {
    let ctrl = input[ip++];
    if (ctrl < 32) {
      ctrl++;
      if (op + ctrl > outLen || ip + ctrl > inEnd) return null;
      for (let k = 0; k < ctrl; k++) out[op++] = input[ip++];
    } else {
      let len = ctrl >> 5;
      if (len === 7) {
        if (ip >= inEnd) return null;
        len += input[ip++];
      }
      if (ip >= inEnd) return null;
      let ref = op - ((ctrl & 0x1f) << 8) - 1 - input[ip++];
      len += 2;
      if (op + len > outLen || ref < 0) return null;
      // Byte by byte: the source may overlap what is being written.
      for (let k = 0; k < len; k++) out[op++] = out[ref++];
    }
  }
  return op === outLen ? out : null;
}
