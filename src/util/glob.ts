/**
 * Redis's glob matching (stringmatchlen): `*`, `?`, `[...]` with `^`
 * negation, ranges and `\` escapes. Used by KEYS/SCAN MATCH, ACL key and
 * channel patterns, PSUBSCRIBE and CONFIG GET.
 */

/** Whether string `s` matches `pattern`; `nocase` folds ASCII case. */
export function globMatch(pattern: string, s: string, nocase = false): boolean {
  const state = { skipLonger: false };
  return matchFrom(pattern, 0, s, 0, nocase, state, 0);
}

function lower(c: number): number {
  return c >= 65 && c <= 90 ? c + 32 : c;
}

function matchFrom(
  p: string,
  pi: number,
  s: string,
  si: number,
  nocase: boolean,
  state: { skipLonger: boolean },
  nesting: number,
): boolean {
  // Guards against patterns built to recurse without end, as Redis does.
  if (nesting > 1000) return false;
  const pEnd = p.length;
  const sEnd = s.length;
  while (pi < pEnd && si < sEnd) {
    const pc = p.charCodeAt(pi);
    if (pc === 42 /* * */) {
      while (pi + 1 < pEnd && p.charCodeAt(pi + 1) === 42) pi++;
      if (pi + 1 === pEnd) return true;
      while (si < sEnd) {
        if (matchFrom(p, pi + 1, s, si, nocase, state, nesting + 1)) return true;
        // The rest of the pattern matches nowhere later either: stop early.
        if (state.skipLonger) return false;
        si++;
      }
      state.skipLonger = true;
      return false;
    } else if (pc === 63 /* ? */) {
      si++;
    } else if (pc === 91 /* [ */) {
      pi++;
      const not = pi < pEnd && p.charCodeAt(pi) === 94; /* ^ */
      if (not) pi++;
      let match = false;
      const sc = s.charCodeAt(si);
      for (;;) {
        if (pi >= pEnd) {
          // Unterminated class: step back so the outer advance ends the pattern.
          pi--;
          break;
        }
        const c = p.charCodeAt(pi);
        if (c === 92 /* \ */ && pEnd - pi >= 2) {
          pi++;
          if (p.charCodeAt(pi) === sc) match = true;
        } else if (c === 93 /* ] */) {
          break;
        } else if (pEnd - pi >= 3 && p.charCodeAt(pi + 1) === 45 /* - */) {
          let start = c;
          let end = p.charCodeAt(pi + 2);
          let ch = sc;
          if (start > end) {
            const t = start;
            start = end;
            end = t;
          }
          if (nocase) {
            start = lower(start);
            end = lower(end);
            ch = lower(ch);
          }
          pi += 2;
          if (ch >= start && ch <= end) match = true;
        } else if (nocase ? lower(c) === lower(sc) : c === sc) {
          match = true;
        }
        pi++;
      }
      if (not) match = !match;
      if (!match) return false;
      si++;
    } else {
      let c = pc;
      if (c === 92 /* \ */ && pEnd - pi >= 2) {
        pi++;
        c = p.charCodeAt(pi);
      }
      const sc = s.charCodeAt(si);
      if (nocase ? lower(c) !== lower(sc) : c !== sc) return false;
      si++;
    }
    pi++;
    if (si === sEnd) {
      while (pi < pEnd && p.charCodeAt(pi) === 42) pi++;
      break;
    }
  }
  return pi === pEnd && si === sEnd;
}
