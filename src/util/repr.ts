/**
 * Redis's sdscatrepr: a quoted, escaped form of a byte string (latin1), as
 * MONITOR lines and CONFIG REWRITE print values.
 */
export function repr(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    switch (c) {
      case 92:
        out += '\\\\';
        break;
      case 34:
        out += '\\"';
        break;
      case 10:
        out += '\\n';
        break;
      case 13:
        out += '\\r';
        break;
      case 9:
        out += '\\t';
        break;
      case 7:
        out += '\\a';
        break;
      case 8:
        out += '\\b';
        break;
      default:
        out += c >= 32 && c < 127 ? s[i] : '\\x' + (c < 16 ? '0' : '') + c.toString(16);
    }
  }
  return out + '"';
}
