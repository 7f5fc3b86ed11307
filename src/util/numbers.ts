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
  return Number.isNaN(v) ? null : v;
}

// Decimal or hex floats as strtod accepts them.
const FLOAT_RE = /^[+-]?(?:(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|0[xX](?:[0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)(?:[pP][+-]?\d+)?)$/;

/**
 * Redis 7.2's d2string: integral values in the int64-safe range print without
 * a fraction, infinities as "inf"/"-inf", everything else in the shortest form
 * that round-trips, with an exponent where %.17g would use one.
 */
export function formatDouble(d: number): string {
  if (d === Infinity) return 'inf';
  if (d === -Infinity) return '-inf';
  if (Number.isNaN(d)) return 'nan';
  if (d === 0) return Object.is(d, -0) ? '-0' : '0';
  if (Number.isInteger(d) && Math.abs(d) < 1e17) return d.toFixed(0);
  const abs = Math.abs(d);
  if (abs >= 1e-4 && abs < 1e17) return String(d);
  // JS switches to exponent form at other limits; use printf's e+NN shape.
  const e = d.toExponential();
  const m = e.indexOf('e');
  const mant = e.slice(0, m);
  const exp = parseInt(e.slice(m + 1), 10);
  const sign = exp < 0 ? '-' : '+';
  const digits = Math.abs(exp) < 10 ? '0' + Math.abs(exp) : String(Math.abs(exp));
  return mant + 'e' + sign + digits;
}
