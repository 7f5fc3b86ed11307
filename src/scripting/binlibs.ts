/**
 * The binary-format libraries Redis gives scripts: struct (pack, unpack and
 * size of C-like records) and cmsgpack (MessagePack pack and unpack).
 */
import { lua, lauxlib, luaBytes, latin1, type LuaState } from './lua';

function fail(L: LuaState, msg: string): never {
  return lauxlib.luaL_error(L, luaBytes(msg));
}

export function openBinaryLibraries(L: LuaState): void {
  lua.lua_newtable(L);
  lua.lua_pushcfunction(L, structPack);
  lua.lua_setfield(L, -2, 'pack');
  lua.lua_pushcfunction(L, structUnpack);
  lua.lua_setfield(L, -2, 'unpack');
  lua.lua_pushcfunction(L, structSize);
  lua.lua_setfield(L, -2, 'size');
  lua.lua_setglobal(L, 'struct');
  lua.lua_newtable(L);
  lua.lua_pushcfunction(L, msgpackPack);
  lua.lua_setfield(L, -2, 'pack');
  lua.lua_pushcfunction(L, msgpackUnpack);
  lua.lua_setfield(L, -2, 'unpack');
  lua.lua_setglobal(L, 'cmsgpack');
}

// ---- struct ---------------------------------------------------------------

/** One item of a struct format: its option letter and size in bytes. */
interface Item {
  op: string;
  size: number;
}

/** Walks a struct format, calling `each` per item; tracks endianness and alignment as the library does. */
class Format {
  little = true;
  private align = 1;
  i = 0;
  constructor(
    private readonly L: LuaState,
    private readonly fmt: string,
    /** The library function, for argument errors. */
    private readonly fn: string,
  ) {}

  private num(def: number): number {
    const start = this.i;
    while (this.i < this.fmt.length && this.fmt[this.i] >= '0' && this.fmt[this.i] <= '9') this.i++;
    return this.i > start ? Number(this.fmt.slice(start, this.i)) : def;
  }

  /** The next item, or null at the end; endianness and alignment options are consumed here. */
  next(): Item | null {
    while (this.i < this.fmt.length) {
      const op = this.fmt[this.i++];
      switch (op) {
        case ' ': continue;
        case '<': case '=': this.little = true; continue;
        case '>': this.little = false; continue;
        case '!': this.align = this.num(8); continue;
        case 'b': case 'B': case 'x': return { op, size: 1 };
        case 'h': case 'H': return { op, size: 2 };
        case 'l': case 'L': case 'T': return { op, size: 8 };
        case 'i': case 'I': {
          const size = this.num(4);
          if (size < 1 || size > 8) fail(this.L, `integral size ${size} is larger than limit of 8`);
          return { op, size };
        }
        case 'f': return { op, size: 4 };
        case 'd': return { op, size: 8 };
        case 'c': return { op, size: this.num(1) };
        case 's': return { op, size: 0 };
        default: return fail(this.L, `bad argument #1 to '${this.fn}' (invalid format option '${op}')`);
      }
    }
    return null;
  }

  /** Padding before an item at `pos`, under the '!' alignment. */
  pad(item: Item, pos: number): number {
    if (item.op === 'c' || item.op === 's' || item.op === 'x') return 0;
    const a = Math.min(item.size, this.align);
    if ((a & (a - 1)) !== 0) fail(this.L, 'alignment must be power of 2');
    return (a - (pos & (a - 1))) & (a - 1);
  }
}

function packInt(n: number, size: number, little: boolean, out: number[]): void {
  let v = BigInt.asUintN(size * 8, BigInt(Math.trunc(n)));
  const bytes: number[] = [];
  for (let k = 0; k < size; k++) {
    bytes.push(Number(v & 0xffn));
    v >>= 8n;
  }
  if (!little) bytes.reverse();
  out.push(...bytes);
}

function structPack(L: LuaState): number {
  const f = new Format(L, latin1(lauxlib.luaL_checklstring(L, 1)), 'pack');
  const out: number[] = [];
  let arg = 2;
  for (let item = f.next(); item !== null; item = f.next()) {
    for (let p = f.pad(item, out.length); p > 0; p--) out.push(0);
    switch (item.op) {
      case 'x':
        out.push(0);
        break;
      case 'f':
      case 'd': {
        const b = Buffer.alloc(item.size);
        const v = lauxlib.luaL_checknumber(L, arg++);
        if (item.size === 4) (f.little ? b.writeFloatLE(v) : b.writeFloatBE(v));
        else (f.little ? b.writeDoubleLE(v) : b.writeDoubleBE(v));
        out.push(...b);
        break;
      }
      case 'c':
      case 's': {
        const s = lauxlib.luaL_checklstring(L, arg++);
        let len = item.op === 's' ? s.length : item.size;
        if (item.op === 'c' && len === 0) len = s.length;
        if (item.op === 'c' && s.length < len) fail(L, `bad argument #${arg - 1} to 'pack' (string too short)`);
        for (let k = 0; k < len; k++) out.push(s[k]);
        if (item.op === 's') out.push(0);
        break;
      }
      default:
        packInt(lauxlib.luaL_checknumber(L, arg++), item.size, f.little, out);
    }
  }
  lua.lua_pushstring(L, Uint8Array.from(out));
  return 1;
}

function structUnpack(L: LuaState): number {
  const f = new Format(L, latin1(lauxlib.luaL_checklstring(L, 1)), 'unpack');
  const data = lauxlib.luaL_checklstring(L, 2);
  let pos = lua.lua_type(L, 3) === lua.LUA_TNUMBER ? lua.lua_tonumber(L, 3) - 1 : 0;
  if (pos < 0 || pos > data.length) fail(L, "bad argument #3 to 'unpack' (offset must be 1 or greater)");
  let n = 0;
  let lastNum = 0;
  const need = (size: number): void => {
    if (pos + size > data.length) fail(L, "bad argument #2 to 'unpack' (data string too short)");
  };
  for (let item = f.next(); item !== null; item = f.next()) {
    pos += f.pad(item, pos);
    lauxlib.luaL_checkstack(L, 2, luaBytes('too many results'));
    switch (item.op) {
      case 'x':
        need(1);
        pos++;
        continue;
      case 'f':
      case 'd': {
        need(item.size);
        const b = Buffer.from(data.buffer, data.byteOffset + pos, item.size);
        const v = item.size === 4 ? (f.little ? b.readFloatLE(0) : b.readFloatBE(0)) : f.little ? b.readDoubleLE(0) : b.readDoubleBE(0);
        lua.lua_pushnumber(L, v);
        pos += item.size;
        break;
      }
      case 'c': {
        let len = item.size;
        // c0: the length is the number unpacked just before.
        if (len === 0 && f.i >= 2 && lastNum >= 0) {
          len = lastNum;
          lua.lua_pop(L, 1);
          n--;
        }
        need(len);
        lua.lua_pushstring(L, data.slice(pos, pos + len));
        pos += len;
        break;
      }
      case 's': {
        let end = pos;
        while (end < data.length && data[end] !== 0) end++;
        if (end >= data.length) fail(L, "bad argument #2 to 'unpack' (unfinished string in data)");
        lua.lua_pushstring(L, data.slice(pos, end));
        pos = end + 1;
        break;
      }
      default: {
        need(item.size);
        let v = 0n;
        for (let k = 0; k < item.size; k++) {
          const byte = data[pos + (f.little ? item.size - 1 - k : k)];
          v = (v << 8n) | BigInt(byte);
        }
        const signed = item.op === 'b' || item.op === 'h' || item.op === 'l' || item.op === 'i';
        lastNum = Number(signed ? BigInt.asIntN(item.size * 8, v) : v);
        lua.lua_pushnumber(L, lastNum);
        pos += item.size;
      }
    }
    n++;
  }
  lua.lua_pushnumber(L, pos + 1);
  return n + 1;
}

function structSize(L: LuaState): number {
  const f = new Format(L, latin1(lauxlib.luaL_checklstring(L, 1)), 'size');
  let pos = 0;
  for (let item = f.next(); item !== null; item = f.next()) {
    if (item.op === 's' || (item.op === 'c' && item.size === 0)) fail(L, "bad argument #1 to 'size' (options 'c0' - 's' have undefined sizes)");
    pos += f.pad(item, pos) + item.size;
  }
  lua.lua_pushnumber(L, pos);
  return 1;
}

// ---- cmsgpack -------------------------------------------------------------

/** Deeper tables encode as nil, as lua-cmsgpack does. */
const MSGPACK_MAX_NESTING = 16;

function pushBE(out: number[], v: number, bytes: number): void {
  for (let k = bytes - 1; k >= 0; k--) out.push(Number((BigInt(v) >> BigInt(k * 8)) & 0xffn));
}

function encodeLength(out: number[], n: number, fix: number, fixMax: number, c16: number, c32: number, c8 = -1): void {
  if (n <= fixMax) out.push(fix | n);
  else if (c8 >= 0 && n <= 0xff) out.push(c8, n);
  else if (n <= 0xffff) {
    out.push(c16);
    pushBE(out, n, 2);
  } else {
    out.push(c32);
    pushBE(out, n, 4);
  }
}

const f32 = new Float32Array(1);

function encodeNumber(out: number[], n: number): void {
  if (Number.isInteger(n) && Math.abs(n) < 2 ** 63) {
    if (n >= 0) {
      if (n <= 127) out.push(n);
      else if (n <= 0xff) out.push(0xcc, n);
      else if (n <= 0xffff) { out.push(0xcd); pushBE(out, n, 2); }
      else if (n <= 0xffffffff) { out.push(0xce); pushBE(out, n, 4); }
      else { out.push(0xcf); pushBE(out, n, 8); }
    } else if (n >= -32) out.push(n & 0xff);
    else if (n >= -128) out.push(0xd0, n & 0xff);
    else if (n >= -32768) { out.push(0xd1); pushBE(out, n & 0xffff, 2); }
    else if (n >= -2147483648) { out.push(0xd2); pushBE(out, n >>> 0, 4); }
    else {
      out.push(0xd3);
      const b = Buffer.alloc(8);
      b.writeBigInt64BE(BigInt(n));
      out.push(...b);
    }
    return;
  }
  f32[0] = n;
  const b = Buffer.alloc(f32[0] === n || n !== n ? 4 : 8);
  if (b.length === 4) {
    out.push(0xca);
    b.writeFloatBE(n);
  } else {
    out.push(0xcb);
    b.writeDoubleBE(n);
  }
  out.push(...b);
}

function encodeMsgpack(L: LuaState, out: number[], depth: number): void {
  const t = lua.lua_type(L, -1);
  if (t === lua.LUA_TSTRING) {
    const s = lua.lua_tolstring(L, -1) as Uint8Array;
    encodeLength(out, s.length, 0xa0, 31, 0xda, 0xdb, 0xd9);
    for (let k = 0; k < s.length; k++) out.push(s[k]);
  } else if (t === lua.LUA_TNUMBER) encodeNumber(out, lua.lua_tonumber(L, -1));
  else if (t === lua.LUA_TBOOLEAN) out.push(lua.lua_toboolean(L, -1) ? 0xc3 : 0xc2);
  else if (t === lua.LUA_TTABLE && depth < MSGPACK_MAX_NESTING) encodeMsgpackTable(L, out, depth + 1);
  else out.push(0xc0);
}

/** An array when its keys are exactly 1..n, as lua-cmsgpack decides. */
function msgpackArrayLength(L: LuaState): number {
  let count = 0;
  let max = 0;
  lua.lua_pushnil(L);
  while (lua.lua_next(L, -2)) {
    lua.lua_pop(L, 1);
    if (lua.lua_type(L, -1) !== lua.LUA_TNUMBER) {
      lua.lua_pop(L, 1);
      return -1;
    }
    const k = lua.lua_tonumber(L, -1);
    if (k <= 0 || Math.floor(k) !== k) {
      lua.lua_pop(L, 1);
      return -1;
    }
    if (k > max) max = k;
    count++;
  }
  return max === count ? count : -1;
}

function encodeMsgpackTable(L: LuaState, out: number[], depth: number): void {
  const len = msgpackArrayLength(L);
  if (len >= 0) {
    encodeLength(out, len, 0x90, 15, 0xdc, 0xdd);
    for (let k = 1; k <= len; k++) {
      lua.lua_rawgeti(L, -1, k);
      encodeMsgpack(L, out, depth);
      lua.lua_pop(L, 1);
    }
    return;
  }
  let n = 0;
  lua.lua_pushnil(L);
  while (lua.lua_next(L, -2)) {
    lua.lua_pop(L, 1);
    n++;
  }
  encodeLength(out, n, 0x80, 15, 0xde, 0xdf);
  lua.lua_pushnil(L);
  while (lua.lua_next(L, -2)) {
    lua.lua_pushvalue(L, -2);
    encodeMsgpack(L, out, depth);
    lua.lua_pop(L, 1);
    encodeMsgpack(L, out, depth);
    lua.lua_pop(L, 1);
  }
}

function msgpackPack(L: LuaState): number {
  const n = lua.lua_gettop(L);
  if (n === 0) fail(L, "bad argument #0 to 'pack' (MessagePack pack needs input.)");
  const out: number[] = [];
  for (let i = 1; i <= n; i++) {
    lua.lua_pushvalue(L, i);
    encodeMsgpack(L, out, 0);
    lua.lua_pop(L, 1);
  }
  lua.lua_pushstring(L, Uint8Array.from(out));
  return 1;
}

interface Reader {
  d: Uint8Array;
  p: number;
}

function take(L: LuaState, r: Reader, n: number): number {
  if (r.p + n > r.d.length) fail(L, 'Missing bytes in input.');
  const at = r.p;
  r.p += n;
  return at;
}

function readUint(L: LuaState, r: Reader, bytes: number): number {
  const at = take(L, r, bytes);
  let v = 0;
  for (let k = 0; k < bytes; k++) v = v * 256 + r.d[at + k];
  return v;
}

function decodeMsgpack(L: LuaState, r: Reader): void {
  lauxlib.luaL_checkstack(L, 3, luaBytes('too many nested values'));
  const c = r.d[take(L, r, 1)];
  const view = (n: number): DataView => new DataView(r.d.buffer, r.d.byteOffset + take(L, r, n), n);
  if (c <= 0x7f) return lua.lua_pushnumber(L, c);
  if (c >= 0xe0) return lua.lua_pushnumber(L, c - 256);
  if ((c & 0xe0) === 0xa0) return pushStr(L, r, c & 0x1f);
  if ((c & 0xf0) === 0x90) return decodeArray(L, r, c & 0x0f);
  if ((c & 0xf0) === 0x80) return decodeMap(L, r, c & 0x0f);
  switch (c) {
    case 0xc0: return lua.lua_pushnil(L);
    case 0xc2: return lua.lua_pushboolean(L, false);
    case 0xc3: return lua.lua_pushboolean(L, true);
    case 0xca: return lua.lua_pushnumber(L, view(4).getFloat32(0));
    case 0xcb: return lua.lua_pushnumber(L, view(8).getFloat64(0));
    case 0xcc: return lua.lua_pushnumber(L, readUint(L, r, 1));
    case 0xcd: return lua.lua_pushnumber(L, readUint(L, r, 2));
    case 0xce: return lua.lua_pushnumber(L, readUint(L, r, 4));
    case 0xcf: return lua.lua_pushnumber(L, Number(view(8).getBigUint64(0)));
    case 0xd0: return lua.lua_pushnumber(L, view(1).getInt8(0));
    case 0xd1: return lua.lua_pushnumber(L, view(2).getInt16(0));
    case 0xd2: return lua.lua_pushnumber(L, view(4).getInt32(0));
    case 0xd3: return lua.lua_pushnumber(L, Number(view(8).getBigInt64(0)));
    case 0xd9: case 0xc4: return pushStr(L, r, readUint(L, r, 1));
    case 0xda: case 0xc5: return pushStr(L, r, readUint(L, r, 2));
    case 0xdb: case 0xc6: return pushStr(L, r, readUint(L, r, 4));
    case 0xdc: return decodeArray(L, r, readUint(L, r, 2));
    case 0xdd: return decodeArray(L, r, readUint(L, r, 4));
    case 0xde: return decodeMap(L, r, readUint(L, r, 2));
    case 0xdf: return decodeMap(L, r, readUint(L, r, 4));
    default: return fail(L, 'Bad data format in input.');
  }
}

function pushStr(L: LuaState, r: Reader, n: number): void {
  const at = take(L, r, n);
  lua.lua_pushstring(L, r.d.slice(at, at + n));
}

function decodeArray(L: LuaState, r: Reader, n: number): void {
  lua.lua_createtable(L, n, 0);
  for (let k = 1; k <= n; k++) {
    decodeMsgpack(L, r);
    lua.lua_rawseti(L, -2, k);
  }
}

function decodeMap(L: LuaState, r: Reader, n: number): void {
  lua.lua_createtable(L, 0, n);
  for (let k = 0; k < n; k++) {
    decodeMsgpack(L, r);
    decodeMsgpack(L, r);
    if (lua.lua_type(L, -2) === lua.LUA_TNIL) lua.lua_pop(L, 2);
    else lua.lua_rawset(L, -3);
  }
}

function msgpackUnpack(L: LuaState): number {
  const d = lauxlib.luaL_checklstring(L, 1);
  const r: Reader = { d, p: 0 };
  let n = 0;
  while (r.p < d.length) {
    decodeMsgpack(L, r);
    n++;
  }
  return n;
}
