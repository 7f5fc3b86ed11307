/**
 * Splits an inline command line the way Redis's sdssplitargs does: blanks
 * separate arguments, "double quotes" take C escapes (\n \r \t \b \a \xHH),
 * 'single quotes' take only \'. A closing quote must be followed by a blank.
 * Returns null for unbalanced quotes.
 */
export function splitInlineArgs(line: string): string[] | null {
  const out: string[] = [];
  const n = line.length;
  let i = 0;
  for (;;) {
    while (i < n && isBlank(line.charCodeAt(i))) i++;
    if (i >= n) return out;
    let cur = '';
    let inDq = false;
    let inSq = false;
    for (;;) {
      if (inDq) {
        if (i >= n) return null;
        const ch = line[i];
        if (ch === '\\' && i + 3 < n && line[i + 1] === 'x' && isHex(line[i + 2]) && isHex(line[i + 3])) {
          cur += String.fromCharCode(parseInt(line.substr(i + 2, 2), 16));
          i += 3;
        } else if (ch === '\\' && i + 1 < n) {
          i++;
          const e = line[i];
          cur += e === 'n' ? '\n' : e === 'r' ? '\r' : e === 't' ? '\t' : e === 'b' ? '\b' : e === 'a' ? '\x07' : e;
        } else if (ch === '"') {
          if (i + 1 < n && !isBlank(line.charCodeAt(i + 1))) return null;
          inDq = false;
          i++;
          break;
        } else {
          cur += ch;
        }
      } else if (inSq) {
        if (i >= n) return null;
        const ch = line[i];
        if (ch === '\\' && i + 1 < n && line[i + 1] === "'") {
          i++;
          cur += "'";
        } else if (ch === "'") {
          if (i + 1 < n && !isBlank(line.charCodeAt(i + 1))) return null;
          inSq = false;
          i++;
          break;
        } else {
          cur += ch;
        }
      } else {
        if (i >= n) break;
        const ch = line[i];
        if (isBlank(line.charCodeAt(i))) break;
        if (ch === '"') inDq = true;
        else if (ch === "'") inSq = true;
        else cur += ch;
      }
      i++;
    }
    out.push(cur);
  }
}

function isBlank(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9 || c === 11 || c === 12 || c === 0;
}

function isHex(c: string): boolean {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
