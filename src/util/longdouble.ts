/**
 * INCRBYFLOAT arithmetic as Redis does it on x86-64: in 80-bit long double
 * (64-bit significand), parsed like strtold and printed as "%.17Lf" with
 * trailing zeros trimmed. A double would print 10.5 + 0.1 as
 * 10.59999999999999964; the wider type gives Redis's "10.6". Values are kept
 * exactly as significand * 2^exp with BigInt, so rounding matches the FPU.
 */

/** A finite long double: m * 2^e, m holding at most 64 significant bits. */
export interface LongDouble {
  m: bigint;
  e: number;
}

const SIG_BITS = 64;
/** Smallest exponent of the least significant bit (subnormal quantum 2^-16445). */
const MIN_EXP = -16445;
/** Values at or above 2^16384 overflow to infinity. */
const MAX_EXP_LIMIT = 16384;
/** strtold input is limited by Redis to this many bytes (MAX_LONG_DOUBLE_CHARS). */
const MAX_CHARS = 5 * 1024;

function bitLength(n: bigint): number {
  return n === 0n ? 0 : n.toString(2).length;
}

/**
 * Rounds the exact positive rational num/den * 2^e2 to a long double
 * (round half to even). Returns null on overflow.
 */
function roundRational(neg: boolean, num: bigint, den: bigint, e2: number): LongDouble | null {
  if (num === 0n) return { m: 0n, e: 0 };
  // Choose a shift so that the integer quotient has SIG_BITS bits.
  let e = e2 + bitLength(num) - bitLength(den) - SIG_BITS;
  if (e < MIN_EXP) e = MIN_EXP;
  let n = num;
  let d = den;
  const s = e - e2;
  if (s > 0) d <<= BigInt(s);
  else if (s < 0) n <<= BigInt(-s);
  let q = n / d;
  if (bitLength(q) > SIG_BITS) {
    // The estimate was one bit short: redo with one more bit of shift.
    d <<= 1n;
    e++;
    q = n / d;
  }
  const r = n - q * d;
  const twice = r * 2n;
  if (twice > d || (twice === d && (q & 1n) === 1n)) q++;
  if (bitLength(q) > SIG_BITS) {
    q >>= 1n;
    e++;
  }
  if (q !== 0n && e + bitLength(q) > MAX_EXP_LIMIT) return null;
  return { m: neg ? -q : q, e };
}

function digitAt(c: number, hex: boolean): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (!hex) return -1;
  const l = c | 32;
  return l >= 97 && l <= 102 ? l - 87 : -1;
}

/**
 * Parses as Redis's string2ld: the whole string must be a strtold number
 * (decimal or hex, optional exponent, inf/infinity), no leading space, no
 * NaN, and no overflow or total underflow. Returns a LongDouble, ±Infinity,
 * or null when invalid.
 */
export function parseLongDouble(s: string): LongDouble | number | null {
  const len = s.length;
  if (len === 0 || len >= MAX_CHARS) return null;
  let i = 0;
  let neg = false;
  const c0 = s.charCodeAt(0);
  if (c0 === 43 || c0 === 45) {
    neg = c0 === 45;
    i = 1;
  }
  const rest = s.slice(i).toLowerCase();
  if (rest === 'inf' || rest === 'infinity') return neg ? -Infinity : Infinity;
  const hex = rest.length > 2 && rest.charCodeAt(0) === 48 && rest.charCodeAt(1) === 120;
  if (hex) i += 2;
  const base = hex ? 16n : 10n;
  let mant = 0n;
  let digits = 0;
  let fracDigits = 0;
  let seenDot = false;
  // Accumulate digits in chunks of small numbers to limit BigInt work.
  let chunk = 0;
  let chunkLen = 0;
  for (; i < len; i++) {
    const c = s.charCodeAt(i);
    if (c === 46) {
      if (seenDot) return null;
      seenDot = true;
      continue;
    }
    const d = digitAt(c, hex);
    if (d < 0) break;
    chunk = chunk * (hex ? 16 : 10) + d;
    chunkLen++;
    if (chunkLen === 12) {
      mant = mant * base ** 12n + BigInt(chunk);
      chunk = 0;
      chunkLen = 0;
    }
    digits++;
    if (seenDot) fracDigits++;
  }
  if (chunkLen) mant = mant * base ** BigInt(chunkLen) + BigInt(chunk);
  if (digits === 0) return null;
  let exp = 0;
  if (i < len) {
    const c = s.charCodeAt(i) | 32;
    if (c !== (hex ? 112 : 101)) return null;
    i++;
    let eneg = false;
    const sc = s.charCodeAt(i);
    if (sc === 43 || sc === 45) {
      eneg = sc === 45;
      i++;
    }
    if (i >= len) return null;
    for (; i < len; i++) {
      const d = s.charCodeAt(i) - 48;
      if (d < 0 || d > 9) return null;
      // Saturate: anything this large over- or underflows anyway.
      if (exp < 1e8) exp = exp * 10 + d;
    }
    if (eneg) exp = -exp;
  }
  if (mant === 0n) return { m: 0n, e: 0 };
  let r: LongDouble | null;
  if (hex) {
    r = roundRational(neg, mant, 1n, exp - 4 * fracDigits);
  } else {
    const e10 = exp - fracDigits;
    // Magnitude bounds: beyond these strtold overflows or underflows to zero.
    const lead = e10 + digits;
    if (lead > 4940) return null;
    if (lead < -4960) return null;
    r = e10 >= 0 ? roundRational(neg, mant * 10n ** BigInt(e10), 1n, 0) : roundRational(neg, mant, 10n ** BigInt(-e10), 0);
  }
  // Overflow (ERANGE with HUGE_VAL) and total underflow (ERANGE with zero) are refused.
  if (r === null || r.m === 0n) return null;
  return r;
}

/** a + b rounded to long double; null when it overflows. */
export function addLongDouble(a: LongDouble, b: LongDouble): LongDouble | null {
  const e = a.e < b.e ? a.e : b.e;
  const sum = (a.m << BigInt(a.e - e)) + (b.m << BigInt(b.e - e));
  const neg = sum < 0n;
  return roundRational(neg, neg ? -sum : sum, 1n, e);
}

/** v * k for an integer k, rounded to long double; null when it overflows. */
export function mulLongDouble(v: LongDouble, k: number): LongDouble | null {
  const p = v.m * BigInt(k);
  const neg = p < 0n;
  return roundRational(neg, neg ? -p : p, 1n, v.e);
}

/** ceill(v) as an integer. */
export function ceilLongDouble(v: LongDouble): bigint {
  if (v.e >= 0) return v.m << BigInt(v.e);
  const s = BigInt(-v.e);
  // Shifting rounds toward minus infinity; ceil is minus the floor of minus v.
  return -(-v.m >> s);
}

/** "%.17Lf" with trailing zeros (and a bare point) removed, "-0" shown as "0". */
export function formatLongDouble(v: LongDouble): string {
  const neg = v.m < 0n;
  const m = neg ? -v.m : v.m;
  let digits: string;
  if (v.e >= 0) {
    digits = (m << BigInt(v.e)).toString();
  } else {
    const scaled = m * 10n ** 17n;
    const sh = BigInt(-v.e);
    let q = scaled >> sh;
    const r = scaled - (q << sh);
    const half = 1n << (sh - 1n);
    if (r > half || (r === half && (q & 1n) === 1n)) q++;
    let t = q.toString();
    if (t.length < 18) t = '0'.repeat(18 - t.length) + t;
    let end = t.length;
    const point = end - 17;
    while (end > point && t.charCodeAt(end - 1) === 48) end--;
    digits = end === point ? t.slice(0, point) : t.slice(0, point) + '.' + t.slice(point, end);
  }
  if (digits === '0') return '0';
  return neg ? '-' + digits : digits;
}
