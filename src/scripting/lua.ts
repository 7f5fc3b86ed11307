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
export type { LuaState, LuaString, CFunction } from 'fengari';

/** A latin1 string (one char per byte) as a Lua string. */
export function luaBytes(s: string): Uint8Array {
  const u = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) u[i] = s.charCodeAt(i);
  return u;
}

/** A Lua string as a latin1 string. */
export function latin1(u: Uint8Array): string {
  return Buffer.from(u.buffer, u.byteOffset, u.length).toString('latin1');
}

const f64 = new Float64Array(1);
const u8 = new Uint8Array(f64.buffer);

/** C's printf("%.14g"): how Lua 5.1 prints numbers. */
export function formatG14(n: number): string {
  return formatG(n, 14);
}

/** C's printf("%.<prec>g"), with glibc's inf/nan spellings. */
export function formatG(n: number, prec: number): string {
  if (n !== n) {
    f64[0] = n;
    return u8[7] & 0x80 ? '-nan' : 'nan';
  }
  if (n === Infinity) return 'inf';
  if (n === -Infinity) return '-inf';
  if (n === 0) return Object.is(n, -0) ? '-0' : '0';
  const exp = n.toExponential(prec - 1);
  const e = exp.indexOf('e');
  const x = Number(exp.slice(e + 1));
  if (x < -4 || x >= prec) {
    const digits = stripZeros(exp.slice(0, e));
    const ax = Math.abs(x);
    return digits + 'e' + (x < 0 ? '-' : '+') + (ax < 10 ? '0' + ax : String(ax));
  }
  return stripZeros(n.toFixed(prec - 1 - x));
}

function stripZeros(s: string): string {
  if (s.indexOf('.') < 0) return s;
  let end = s.length;
  while (s.charCodeAt(end - 1) === 48) end--;
  if (s.charCodeAt(end - 1) === 46) end--;
  return s.slice(0, end);
}
