/**
 * Loads the Lua VM configured as Redis's Lua 5.1 prints numbers, and converts
 * between Lua strings (byte arrays) and Shoal's latin1 strings.
 */
// Integral floats print without ".0" as in 5.1 (read by the VM when it loads).
process.env.FENGARICONF = JSON.stringify({ LUA_COMPAT_FLOATSTRING: true });
// The VM's number formatting (JS's) must be C's "%.14g", as Lua 5.1 prints numbers:
// it is patched in before the modules that use it load (defs first: it and the
// configuration require each other).
require('fengari/src/defs.js');
const conf = require('fengari/src/luaconf.js') as { lua_number2str: (n: number) => string };
conf.lua_number2str = formatG14;
import fengari = require('fengari');

export const { lua, lauxlib, lualib } = fengari;
export type { LuaState, LuaString, CFunction, VmTable } from 'fengari';

/** A latin1 string (one char per byte) as a Lua string. */
export function luaBytes(s: string): Uint8Array {
  const u = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) u[i] = s.charCodeAt(i);
  return u;
}

/** A Lua string as a latin1 string. */
export function latin1(u: Uint8Array): string {
  const n = u.length;
  // Keys and small arguments: building the string directly beats a Buffer view.
  if (n <= 24) {
    let s = '';
    for (let i = 0; i < n; i++) s += String.fromCharCode(u[i]);
    return s;
  }
  return Buffer.from(u.buffer, u.byteOffset, n).latin1Slice(0, n);
}

const f64 = new Float64Array(1);
const u8 = new Uint8Array(f64.buffer);

/** C's printf("%.14g"): how Lua 5.1 prints numbers. */
export function formatG14(n: number): string {
  return formatG(n, 14);
}

/** C's printf("%.<prec>g"), with glibc's inf/nan spellings and its ties-to-even rounding. */
export function formatG(n: number, prec: number): string {
  if (n !== n) {
    f64[0] = n;
    return u8[7] & 0x80 ? '-nan' : 'nan';
  }
  if (n === Infinity) return 'inf';
  if (n === -Infinity) return '-inf';
  if (n === 0) return Object.is(n, -0) ? '-0' : '0';
  const sign = n < 0 ? '-' : '';
  // 101 significant digits: enough to tell a tie from a near-tie.
  const full = Math.abs(n).toExponential(100);
  const e = full.indexOf('e');
  let x = Number(full.slice(e + 1));
  const all = full[0] + full.slice(2, e);
  let digits = all.slice(0, prec);
  const next = all.charCodeAt(prec);
  const tail = all.slice(prec + 1);
  const odd = (digits.charCodeAt(prec - 1) & 1) === 1;
  if (next > 53 || (next === 53 && (odd || hasNonZero(tail)))) {
    digits = incrementDigits(digits);
    if (digits.length > prec) {
      digits = digits.slice(0, prec);
      x++;
    }
  }
  if (x < -4 || x >= prec) {
    const m = stripZeros(digits[0] + '.' + digits.slice(1));
    const ax = Math.abs(x);
    return sign + m + 'e' + (x < 0 ? '-' : '+') + (ax < 10 ? '0' + ax : String(ax));
  }
  if (x < 0) return sign + stripZeros('0.' + '0'.repeat(-x - 1) + digits);
  return sign + stripZeros(digits.slice(0, x + 1) + '.' + digits.slice(x + 1));
}

function hasNonZero(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) !== 48) return true;
  return false;
}

/** Adds one to a string of decimal digits ("199" -> "200", "99" -> "100"). */
function incrementDigits(d: string): string {
  let i = d.length - 1;
  while (i >= 0 && d[i] === '9') i--;
  if (i < 0) return '1' + '0'.repeat(d.length);
  return d.slice(0, i) + String.fromCharCode(d.charCodeAt(i) + 1) + '0'.repeat(d.length - 1 - i);
}

function stripZeros(s: string): string {
  if (s.indexOf('.') < 0) return s;
  let end = s.length;
  while (s.charCodeAt(end - 1) === 48) end--;
  if (s.charCodeAt(end - 1) === 46) end--;
  return s.slice(0, end);
}
