/**
 * Glob matching with Redis's exact rules (stringmatchlen): `*`, `?`,
 * `[...]` with ranges, `^` negation and `\` escapes; nocase folds ASCII only.
 * Strings are latin1 (one char per byte), so byte semantics are kept.
 */

export function globMatch(pattern: string, s: string, nocase = false): boolean {
  const skip = { longer: false };
  return matchFrom(pattern, 0, s, 0, nocase, skip, 0);
}

function fold(c: number, nocase: boolean): number {
  return nocase && c >= 65 && c <= 90 ? c + 32 : c;
}

/** Character at i, or 0 past the end (C strings read their terminator). */
function at(s: string, i: number): number {
  return i < s.length ? s.charCodeAt(i) : 0;
}

function matchFrom(p: string, pi: number, s: string, si: number, nocase: boolean, skip: { longer: boolean }, nesting: number): boolean {
  // Deep nesting means a pathological pattern; Redis gives up the same way.
  if (nesting > 1000) return false;
  const plen = p.length;
  const slen = s.length;
  while (pi < plen && si < slen) {
    const pc = p.charCodeAt(pi);
    if (pc === 42 /* * */) {
      while (pi + 1 < plen && p.charCodeAt(pi + 1) === 42) pi++;
      if (pi + 1 === plen) return true;
      while (si < slen) {
        if (matchFrom(p, pi + 1, s, si, nocase, skip, nesting + 1)) return true;
        if (skip.longer) return false;
        si++;
      }
      skip.longer = true;
      return false;
    } else if (pc === 63 /* ? */) {
      si++;
    } else if (pc === 91 /* [ */) {
      pi++;
      const not = at(p, pi) === 94; /* ^ */
      if (not) pi++;
      let match = false;
      const c = s.charCodeAt(si);
      for (;;) {
        if (at(p, pi) === 92 /* \ */ && plen - pi >= 2) {
          pi++;
          if (p.charCodeAt(pi) === c) match = true;
        } else if (at(p, pi) === 93 /* ] */) {
          break;
        } else if (pi >= plen) {
          pi--;
          break;
        } else if (plen - pi >= 3 && p.charCodeAt(pi + 1) === 45 /* - */) {
          let start = p.charCodeAt(pi);
          let end = p.charCodeAt(pi + 2);
          if (start > end) [start, end] = [end, start];
          const cc = fold(c, nocase);
          start = fold(start, nocase);
          end = fold(end, nocase);
          pi += 2;
          if (cc >= start && cc <= end) match = true;
        } else if (fold(p.charCodeAt(pi), nocase) === fold(c, nocase)) {
          match = true;
        }
        pi++;
      }
      if (not) match = !match;
      if (!match) return false;
      si++;
    } else {
      if (pc === 92 /* \ */ && plen - pi >= 2) pi++;
      if (fold(p.charCodeAt(pi), nocase) !== fold(s.charCodeAt(si), nocase)) return false;
      si++;
    }
    pi++;
    if (si === slen) {
      while (pi < plen && p.charCodeAt(pi) === 42) pi++;
      break;
    }
  }
  return pi >= plen && si === slen;
}
