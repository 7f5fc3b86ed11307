/**
 * Number parsing and formatting with Redis's exact rules (string2ll,
 * string2ld, the %.17g-free shortest double form of Redis 7.2).
 */

export const INT64_MAX = 9223372036854775807n;
export const INT64_MIN = -9223372036854775808n;

/**
 * Strict base-10 int64 parse as Redis's string2ll: optional '-', no '+', no
 * leading zeros, no spaces. Returns null when invalid or out of range. Numbers
 * beyond 2^53 come back as bigint so that nothing is silently rounded.
 */
export function parseInt64(s: string): number | bigint | null {
  const len = s.length;
  if (len === 0 || len > 20) return null;
  let i = 0;
  let neg = false;
  if (s.charCodeAt(0) === 45) {
    neg = true;
    i = 1;
    if (len === 1) return null;
  }
  const first = s.charCodeAt(i);
  if (first === 48) return len === 1 ? 0 : null;
  if (first < 49 || first > 57) return null;
  if (len - i <= 15) {
    let n = 0;
    for (; i < len; i++) {
      const c = s.charCodeAt(i) - 48;
      if (c < 0 || c > 9) return null;
      n = n * 10 + c;
    }
    return neg ? -n : n;
  }
  for (let j = i; j < len; j++) {
    const c = s.charCodeAt(j);
    if (c < 48 || c > 57) return null;
  }
  const big = BigInt(s);
  if (big > INT64_MAX || big < INT64_MIN) return null;
  if (big <= 9007199254740991n && big >= -9007199254740991n) return Number(big);
  return big;
}

/** Parse an integer that must fit a JS safe integer (counts, offsets, ms). */
export function parseSafeInt(s: string): number | null {
  const v = parseInt64(s);
  if (v === null || typeof v === 'bigint') return null;
  return v;
}

/**
 * Parse a float as Redis's string2ld/strtold accepts it for INCRBYFLOAT and
 * scores: no leading/trailing spaces, "inf"/"-inf"/"+inf" allowed, NaN refused.
 */
export function parseFloatStrict(s: string): number | null {
  const len = s.length;
  if (len === 0 || len > 5000) return null;
  const c0 = s.charCodeAt(0);
  const cl = s.charCodeAt(len - 1);
  if (c0 === 32 || c0 === 9 || c0 === 10 || c0 === 13 || cl === 32 || cl === 9 || cl === 10 || cl === 13) return null;
  const lower = s.toLowerCase();
  if (lower === 'inf' || lower === '+inf' || lower === 'infinity' || lower === '+infinity') return Infinity;
  if (lower === '-inf' || lower === '-infinity') return -Infinity;
  if (!FLOAT_RE.test(s)) return null;
  const v = Number(s);
  if (!Number.isNaN(v)) return v;
  // Number() reads no hex fraction or binary exponent ("0x1.8p3"): strtod does.
  return hexFloat(s);
}

/** The value of a hex float FLOAT_RE accepted: sign, hex digits with an optional point, optional p exponent. */
function hexFloat(s: string): number {
  let i = 0;
  const neg = s.charCodeAt(0) === 45;
  if (neg || s.charCodeAt(0) === 43) i++;
  i += 2;
  let mant = 0n;
  let scale = 0;
  let point = false;
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 46) {
      point = true;
      continue;
    }
    if ((c | 32) === 112) break;
    mant = mant * 16n + BigInt(parseInt(s[i], 16));
    if (point) scale -= 4;
  }
  const exp = i < s.length ? Number(s.slice(i + 1)) : 0;
  let v = Number(mant);
  let e = exp + scale;
  // Scaled in steps so that 2^e itself never overflows or underflows.
  while (e > 1023 && v !== 0 && v !== Infinity) {
    v *= 2 ** 1023;
    e -= 1023;
  }
  while (e < -1022 && v !== 0) {
    v *= 2 ** -1022;
    e += 1022;
  }
  v *= 2 ** e;
  return neg ? -v : v;
}

// Decimal or hex floats as strtod accepts them.
const FLOAT_RE = /^[+-]?(?:(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|0[xX](?:[0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)(?:[pP][+-]?\d+)?)$/;

/**
 * Redis 7.2's d2string: integral values within +-2^62 print as integers,
 * infinities as "inf"/"-inf", everything else as the shortest digits that
 * round-trip, laid out by fpconv's rules (plain up to a point, then d.ddde+N
 * with no zero padding of the exponent).
 */
export function formatDouble(d: number): string {
  if (d === Infinity) return 'inf';
  if (d === -Infinity) return '-inf';
  if (Number.isNaN(d)) return 'nan';
  if (d === 0) return Object.is(d, -0) ? '-0' : '0';
  if (Number.isInteger(d) && Math.abs(d) <= 4611686018427387903) return d.toFixed(0);
  const neg = d < 0;
  // toExponential() with no argument yields the shortest round-trip digits.
  const e = (neg ? -d : d).toExponential();
  const m = e.indexOf('e');
  const digits = e.charCodeAt(1) === 46 ? e[0] + e.slice(2, m) : e.slice(0, m);
  const nd = digits.length;
  const K = Number(e.slice(m + 1)) - (nd - 1);
  const exp = Math.abs(K + nd - 1);
  let out: string;
  if (K >= 0 && exp < nd + 7) {
    out = digits + '0'.repeat(K);
  } else if (K < 0 && (K > -7 || exp < 4)) {
    const offset = nd + K;
    out = offset <= 0 ? '0.' + '0'.repeat(-offset) + digits : digits.slice(0, offset) + '.' + digits.slice(offset);
  } else {
    out = digits[0] + (nd > 1 ? '.' + digits.slice(1) : '') + 'e' + (K + nd - 1 < 0 ? '-' : '+') + exp;
  }
  return neg ? '-' + out : out;
}
