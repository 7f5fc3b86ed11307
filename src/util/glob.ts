/**
 * Redis's glob matching (stringmatchlen) for KEYS, SCAN MATCH, PSUBSCRIBE and
 * CONFIG GET: `*`, `?`, `[...]` with `^` negation, ranges (reversed ranges
 * allowed), `\` escapes, and an optional case-insensitive mode. Strings are
 * latin1 (one char per byte); bytes compare as C's signed char does, so ranges
 * that span 0x7f/0x80 behave exactly as in Redis.
 */

/** Redis refuses to recurse deeper than this on abusive patterns. */
const MAX_NESTING = 1000;

const STAR = 42;
const QUESTION = 63;
const OPEN = 91;
const CLOSE = 93;
const BACKSLASH = 92;
const CARET = 94;
const DASH = 45;

/** The byte at i as a signed char, or 0 past the end (the C string terminator). */
function sc(s: string, i: number, end: number): number {
  if (i >= end) return 0;
  const c = s.charCodeAt(i);
  return c >= 128 ? c - 256 : c;
}

function lower(c: number): number {
  return c >= 65 && c <= 90 ? c + 32 : c;
}

/** Shared state of one match: set once a `*` proved the rest cannot match. */
interface MatchState {
  skipLonger: boolean;
}

function matchImpl(p: string, pi: number, s: string, si: number, nocase: boolean, st: MatchState, nesting: number): boolean {
  if (nesting > MAX_NESTING) return false;
  const pend = p.length;
  const send = s.length;
  while (pi < pend && si < send) {
    const pc = sc(p, pi, pend);
    if (pc === STAR) {
      while (pi + 1 < pend && p.charCodeAt(pi + 1) === STAR) pi++;
      if (pi + 1 === pend) return true;
      while (si < send) {
        if (matchImpl(p, pi + 1, s, si, nocase, st, nesting + 1)) return true;
        if (st.skipLonger) return false;
        si++;
      }
      // No suffix of the string matches the rest of the pattern, so no earlier
      // star can help by consuming more either.
      st.skipLonger = true;
      return false;
    } else if (pc === QUESTION) {
      si++;
    } else if (pc === OPEN) {
      pi++;
      const not = sc(p, pi, pend) === CARET;
      if (not) pi++;
      let match = false;
      const c = sc(s, si, send);
      for (;;) {
        const b = sc(p, pi, pend);
        if (b === BACKSLASH && pend - pi >= 2) {
          pi++;
          if (sc(p, pi, pend) === c) match = true;
        } else if (b === CLOSE) {
          break;
        } else if (pi >= pend) {
          // Unterminated class: the last pattern byte closes it.
          pi--;
          break;
        } else if (pend - pi >= 3 && sc(p, pi + 1, pend) === DASH) {
          let start = b;
          let stop = sc(p, pi + 2, pend);
          let x = c;
          if (start > stop) {
            const t = start;
            start = stop;
            stop = t;
          }
          if (nocase) {
            start = lower(start);
            stop = lower(stop);
            x = lower(x);
          }
          pi += 2;
          if (x >= start && x <= stop) match = true;
        } else if (nocase ? lower(b) === lower(c) : b === c) {
          match = true;
        }
        pi++;
      }
      if (not) match = !match;
      if (!match) return false;
      si++;
    } else {
      let lit = pc;
      if (pc === BACKSLASH && pend - pi >= 2) {
        pi++;
        lit = sc(p, pi, pend);
      }
      const c = sc(s, si, send);
      if (nocase ? lower(lit) !== lower(c) : lit !== c) return false;
      si++;
    }
    pi++;
    if (si === send) {
      while (pi < pend && p.charCodeAt(pi) === STAR) pi++;
      break;
    }
  }
  return pi === pend && si === send;
}

/** Whether `str` matches the glob `pattern`, as Redis's stringmatchlen. */
export function globMatch(pattern: string, str: string, nocase = false): boolean {
  return matchImpl(pattern, 0, str, 0, nocase, { skipLonger: false }, 0);
}

/** A pattern that matches everything, so callers can skip matching. */
export function matchesAll(pattern: string): boolean {
  return pattern.length === 1 && pattern.charCodeAt(0) === STAR;
}
