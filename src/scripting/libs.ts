/**
 * The libraries Redis gives scripts, written on top of the VM's API: cjson
 * (JSON encode/decode as lua-cjson does it) and bit (LuaBitOp's 32-bit ops);
 * struct and cmsgpack are in binlibs.ts.
 */
import { lua, lauxlib, luaBytes, latin1, formatG14, type LuaState } from './lua';
import { openBinaryLibraries } from './binlibs';

type LibFn = (L: LuaState) => number;

function openTable(L: LuaState, name: string, fns: Record<string, LibFn>): void {
  lua.lua_newtable(L);
  for (const [k, f] of Object.entries(fns)) {
    lua.lua_pushcfunction(L, f);
    lua.lua_setfield(L, -2, k);
  }
  lua.lua_setglobal(L, name);
}

function fail(L: LuaState, msg: string): never {
  return lauxlib.luaL_error(L, luaBytes(msg));
}

export function openLibraries(L: LuaState): void {
  openCjson(L);
  openBit(L);
  openBinaryLibraries(L);
}

// ---- cjson ----------------------------------------------------------------

/** Registry key of cjson.null, the value JSON null decodes to. */
const NULL_KEY = 'cjson.null';
const MAX_DEPTH = 1000;

function openCjson(L: LuaState): void {
  openTable(L, 'cjson', {
    encode(S) {
      if (lua.lua_gettop(S) !== 1) fail(S, 'bad argument #1 to \'encode\' (expected 1 argument)');
      const out: string[] = [];
      encodeValue(S, out, 0);
      lua.lua_pushstring(S, luaBytes(out.join('')));
      return 1;
    },
    decode(S) {
      if (lua.lua_gettop(S) !== 1) fail(S, 'bad argument #1 to \'decode\' (expected 1 argument)');
      const text = latin1(lauxlib.luaL_checklstring(S, 1));
      const p = { s: text, i: 0 };
      decodeValue(S, p, 0);
      skipSpace(p);
      if (p.i < text.length) fail(S, `Expected the end but found invalid token at character ${p.i + 1}`);
      return 1;
    },
  });
  lua.lua_newuserdata(L, 0);
  lua.lua_pushvalue(L, -1);
  lua.lua_setfield(L, lua.LUA_REGISTRYINDEX, NULL_KEY);
  lua.lua_getglobal(L, 'cjson');
  lua.lua_pushvalue(L, -2);
  lua.lua_setfield(L, -2, 'null');
  lua.lua_pop(L, 2);
}

const ESCAPES: Record<number, string> = { 8: '\\b', 9: '\\t', 10: '\\n', 12: '\\f', 13: '\\r', 34: '\\"', 47: '\\/', 92: '\\\\' };

function encodeString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    const esc = ESCAPES[ch];
    if (esc !== undefined) out += esc;
    else if (ch < 32 || ch === 127) out += '\\u' + ch.toString(16).padStart(4, '0');
    else out += s[i];
  }
  return out + '"';
}

function encodeValue(L: LuaState, out: string[], depth: number): void {
  const t = lua.lua_type(L, -1);
  if (t === lua.LUA_TSTRING) out.push(encodeString(latin1(lua.lua_tolstring(L, -1) as Uint8Array)));
  else if (t === lua.LUA_TNUMBER) {
    const n = lua.lua_tonumber(L, -1);
    if (!Number.isFinite(n)) fail(L, 'Cannot serialise number: must not be NaN or Inf');
    out.push(formatG14(n));
  } else if (t === lua.LUA_TBOOLEAN) out.push(lua.lua_toboolean(L, -1) ? 'true' : 'false');
  else if (t === lua.LUA_TNIL) out.push('null');
  else if (t === lua.LUA_TTABLE) encodeTable(L, out, depth + 1);
  else if (isNull(L)) out.push('null');
  else fail(L, `Cannot serialise ${typeName(L)}: type not supported`);
}

function isNull(L: LuaState): boolean {
  lua.lua_getfield(L, lua.LUA_REGISTRYINDEX, NULL_KEY);
  const eq = lua.lua_rawequal(L, -1, -2);
  lua.lua_pop(L, 1);
  return eq;
}

function typeName(L: LuaState): string {
  const t = lua.lua_type(L, -1);
  return t === lua.LUA_TFUNCTION ? 'function' : 'userdata';
}

/** lua-cjson's array test: positive integer keys only, not too sparse; returns the length or -1. */
function arrayLength(L: LuaState): number {
  let max = 0;
  let items = 0;
  lua.lua_pushnil(L);
  while (lua.lua_next(L, -2)) {
    lua.lua_pop(L, 1);
    const k = lua.lua_type(L, -1) === lua.LUA_TNUMBER ? lua.lua_tonumber(L, -1) : -1;
    if (k < 1 || Math.floor(k) !== k) {
      lua.lua_pop(L, 1);
      return -1;
    }
    if (k > max) max = k;
    items++;
  }
  if (max > 10 && max > items * 2) fail(L, 'Cannot serialise table: excessively sparse array');
  return max;
}

function encodeTable(L: LuaState, out: string[], depth: number): void {
  if (depth > MAX_DEPTH) fail(L, `Cannot serialise, excessive nesting (${depth})`);
  const len = arrayLength(L);
  if (len > 0) {
    out.push('[');
    for (let i = 1; i <= len; i++) {
      if (i > 1) out.push(',');
      lua.lua_rawgeti(L, -1, i);
      encodeValue(L, out, depth);
      lua.lua_pop(L, 1);
    }
    out.push(']');
    return;
  }
  out.push('{');
  let first = true;
  lua.lua_pushnil(L);
  while (lua.lua_next(L, -2)) {
    if (!first) out.push(',');
    first = false;
    const kt = lua.lua_type(L, -2);
    if (kt === lua.LUA_TSTRING) out.push(encodeString(latin1(lua.lua_tolstring(L, -2) as Uint8Array)));
    else if (kt === lua.LUA_TNUMBER) out.push('"' + formatG14(lua.lua_tonumber(L, -2)) + '"');
    else fail(L, 'Cannot serialise table: table key must be a number or string');
    out.push(':');
    encodeValue(L, out, depth);
    lua.lua_pop(L, 1);
  }
  out.push('}');
}

interface Cursor {
  s: string;
  i: number;
}

function skipSpace(p: Cursor): void {
  while (p.i < p.s.length) {
    const c = p.s.charCodeAt(p.i);
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13) return;
    p.i++;
  }
}

function decodeValue(L: LuaState, p: Cursor, depth: number): void {
  skipSpace(p);
  if (depth > MAX_DEPTH) fail(L, `Found too many nested data structures (${depth}) at character ${p.i + 1}`);
  lua.lua_checkstack(L, 3);
  const c = p.s.charCodeAt(p.i);
  if (c === 123) return decodeObject(L, p, depth + 1);
  if (c === 91) return decodeArray(L, p, depth + 1);
  if (c === 34) return void lua.lua_pushstring(L, luaBytes(decodeString(L, p)));
  if (p.s.startsWith('true', p.i)) {
    p.i += 4;
    return lua.lua_pushboolean(L, true);
  }
  if (p.s.startsWith('false', p.i)) {
    p.i += 5;
    return lua.lua_pushboolean(L, false);
  }
  if (p.s.startsWith('null', p.i)) {
    p.i += 4;
    return void lua.lua_getfield(L, lua.LUA_REGISTRYINDEX, NULL_KEY);
  }
  let j = p.i;
  while (j < p.s.length && '+-0123456789.eE'.indexOf(p.s[j]) >= 0) j++;
  const n = j > p.i ? Number(p.s.slice(p.i, j)) : NaN;
  if (n !== n) fail(L, `Expected value but found ${p.i >= p.s.length ? 'T_END' : 'invalid token'} at character ${p.i + 1}`);
  p.i = j;
  lua.lua_pushnumber(L, n);
}

function expect(L: LuaState, p: Cursor, what: string): number {
  skipSpace(p);
  if (p.i >= p.s.length) fail(L, `Expected ${what} but found T_END at character ${p.i + 1}`);
  return p.s.charCodeAt(p.i);
}

function decodeArray(L: LuaState, p: Cursor, depth: number): void {
  p.i++;
  lua.lua_newtable(L);
  if (expect(L, p, 'value') === 93) {
    p.i++;
    return;
  }
  for (let k = 1; ; k++) {
    decodeValue(L, p, depth);
    lua.lua_rawseti(L, -2, k);
    const c = expect(L, p, 'comma or array end');
    p.i++;
    if (c === 93) return;
    if (c !== 44) fail(L, `Expected comma or array end but found invalid token at character ${p.i}`);
  }
}

function decodeObject(L: LuaState, p: Cursor, depth: number): void {
  p.i++;
  lua.lua_newtable(L);
  if (expect(L, p, 'object key string') === 125) {
    p.i++;
    return;
  }
  for (;;) {
    if (expect(L, p, 'object key string') !== 34) fail(L, `Expected object key string but found invalid token at character ${p.i + 1}`);
    lua.lua_pushstring(L, luaBytes(decodeString(L, p)));
    if (expect(L, p, 'colon') !== 58) fail(L, `Expected colon but found invalid token at character ${p.i + 1}`);
    p.i++;
    decodeValue(L, p, depth);
    lua.lua_rawset(L, -3);
    const c = expect(L, p, 'comma or object end');
    p.i++;
    if (c === 125) return;
    if (c !== 44) fail(L, `Expected comma or object end but found invalid token at character ${p.i}`);
  }
}

/** A JSON string at p.i (its quote) as latin1 bytes, \u escapes as UTF-8. */
function decodeString(L: LuaState, p: Cursor): string {
  const s = p.s;
  const start = p.i;
  let out = '';
  let i = p.i + 1;
  for (;;) {
    if (i >= s.length) fail(L, `Expected value but found invalid token at character ${start + 1}`);
    const c = s.charCodeAt(i);
    if (c === 34) break;
    if (c !== 92) {
      out += s[i++];
      continue;
    }
    const e = s[i + 1];
    i += 2;
    if (e === 'u') {
      let cp = parseInt(s.slice(i, i + 4), 16);
      i += 4;
      if (cp >= 0xd800 && cp < 0xdc00 && s[i] === '\\' && s[i + 1] === 'u') {
        const lo = parseInt(s.slice(i + 2, i + 6), 16);
        cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
        i += 6;
      }
      if (cp !== cp) fail(L, `Expected value but found invalid unicode escape code at character ${start + 1}`);
      out += Buffer.from(String.fromCodePoint(cp), 'utf8').toString('latin1');
    } else {
      const m = 'bfnrt"\\/'.indexOf(e);
      if (m < 0) fail(L, `Expected value but found invalid escape code at character ${start + 1}`);
      out += '\b\f\n\r\t"\\/'[m];
    }
  }
  p.i = i + 1;
  return out;
}

// ---- bit ------------------------------------------------------------------

/** LuaBitOp's number -> int32: round to nearest (ties to even), then modulo 2^32. */
function tobit(x: number): number {
  const f = Math.floor(x);
  const d = x - f;
  const r = d > 0.5 || (d === 0.5 && f % 2 !== 0) ? f + 1 : f;
  return r | 0;
}

function bitArg(L: LuaState, i: number): number {
  return tobit(lauxlib.luaL_checknumber(L, i));
}

function pushBit(L: LuaState, n: number): number {
  lua.lua_pushnumber(L, n);
  return 1;
}

function fold(op: (a: number, b: number) => number): LibFn {
  return (L) => {
    let r = bitArg(L, 1);
    for (let i = lua.lua_gettop(L); i > 1; i--) r = op(r, bitArg(L, i));
    return pushBit(L, r);
  };
}

function shift(op: (a: number, n: number) => number): LibFn {
  return (L) => pushBit(L, op(bitArg(L, 1), bitArg(L, 2) & 31) | 0);
}

function openBit(L: LuaState): void {
  openTable(L, 'bit', {
    tobit: (S) => pushBit(S, bitArg(S, 1)),
    bnot: (S) => pushBit(S, ~bitArg(S, 1)),
    band: fold((a, b) => a & b),
    bor: fold((a, b) => a | b),
    bxor: fold((a, b) => a ^ b),
    lshift: shift((a, n) => a << n),
    rshift: shift((a, n) => a >>> n),
    arshift: shift((a, n) => a >> n),
    rol: shift((a, n) => (a << n) | (a >>> (32 - n))),
    ror: shift((a, n) => (a >>> n) | (a << (32 - n))),
    bswap: (S) => {
      const x = bitArg(S, 1);
      return pushBit(S, ((x >>> 24) | ((x >> 8) & 0xff00) | ((x & 0xff00) << 8) | (x << 24)) | 0);
    },
    tohex: (S) => {
      const x = bitArg(S, 1);
      let n = lua.lua_type(S, 2) <= 0 ? 8 : bitArg(S, 2);
      const upper = n < 0;
      if (upper) n = -n;
      if (n > 8) n = 8;
      let hex = (x >>> 0).toString(16).padStart(8, '0').slice(8 - n);
      if (upper) hex = hex.toUpperCase();
      lua.lua_pushstring(S, luaBytes(hex));
      return 1;
    },
  });
}
