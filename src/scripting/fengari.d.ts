/** The part of fengari's C-like API the scripting engine uses (fengari ships no types). */
declare module 'fengari' {
  export type LuaState = { readonly __lua_state: unique symbol };
  export type LuaString = Uint8Array;
  export type CFunction = (L: LuaState) => number;
  /** A table as this VM holds it: live entries keyed by their hash (an integer key is itself). */
  export interface VmTable {
    readonly strong: Map<unknown, unknown>;
    readonly metatable: unknown;
  }
  export interface LuaDebug {
    currentline: number;
    source: LuaString | null;
  }
  export const lua: {
    LUA_OK: number;
    LUA_ERRSYNTAX: number;
    LUA_TNIL: number;
    LUA_TBOOLEAN: number;
    LUA_TNUMBER: number;
    LUA_TSTRING: number;
    LUA_TTABLE: number;
    LUA_REGISTRYINDEX: number;
    LUA_MASKCOUNT: number;
    LUA_MASKLINE: number;
    LUA_MULTRET: number;
    lua_absindex(L: LuaState, i: number): number;
    lua_gettop(L: LuaState): number;
    lua_settop(L: LuaState, i: number): void;
    lua_pop(L: LuaState, n: number): void;
    lua_type(L: LuaState, i: number): number;
    lua_isinteger(L: LuaState, i: number): boolean;
    lua_pushnil(L: LuaState): void;
    lua_pushboolean(L: LuaState, b: boolean): void;
    lua_pushnumber(L: LuaState, n: number): void;
    lua_pushinteger(L: LuaState, n: number): void;
    lua_pushstring(L: LuaState, s: LuaString): void;
    lua_pushliteral(L: LuaState, s: string): void;
    lua_pushcfunction(L: LuaState, f: CFunction): void;
    lua_pushvalue(L: LuaState, i: number): void;
    lua_toboolean(L: LuaState, i: number): boolean;
    lua_tonumber(L: LuaState, i: number): number;
    lua_tointeger(L: LuaState, i: number): number;
    lua_tolstring(L: LuaState, i: number): LuaString | null;
    lua_tostring(L: LuaState, i: number): LuaString | null;
    lua_createtable(L: LuaState, narr: number, nrec: number): void;
    lua_newtable(L: LuaState): void;
    lua_setfield(L: LuaState, i: number, k: string | LuaString): void;
    lua_getfield(L: LuaState, i: number, k: string | LuaString): number;
    lua_rawgeti(L: LuaState, i: number, n: number): number;
    lua_rawseti(L: LuaState, i: number, n: number): void;
    lua_rawset(L: LuaState, i: number): void;
    lua_rawlen(L: LuaState, i: number): number;
    lua_next(L: LuaState, i: number): boolean;
    lua_getglobal(L: LuaState, name: string): number;
    lua_setglobal(L: LuaState, name: string): void;
    lua_pcall(L: LuaState, nargs: number, nresults: number, msgh: number): number;
    lua_error(L: LuaState): never;
    lua_getstack(L: LuaState, level: number, ar: LuaDebug): boolean;
    lua_getinfo(L: LuaState, what: string, ar: LuaDebug): boolean;
    lua_sethook(L: LuaState, f: ((L: LuaState) => void) | null, mask: number, count: number): void;
    lua_checkstack(L: LuaState, n: number): boolean;
    lua_newuserdata(L: LuaState, size: number): unknown;
    lua_touserdata(L: LuaState, i: number): unknown;
    lua_atnativeerror(L: LuaState, f: CFunction): void;
    lua_setupvalue(L: LuaState, funcindex: number, n: number): LuaString | null;
    lua_pushcclosure(L: LuaState, f: CFunction, n: number): void;
    lua_upvalueindex(i: number): number;
    lua_rawget(L: LuaState, i: number): number;
    lua_insert(L: LuaState, i: number): void;
    lua_call(L: LuaState, nargs: number, nresults: number): void;
    lua_rawequal(L: LuaState, a: number, b: number): boolean;
    /** For a table, the VM's own table object. */
    lua_topointer(L: LuaState, i: number): VmTable | null;
    LUA_TFUNCTION: number;
  };
  export const lauxlib: {
    luaL_newstate(): LuaState;
    luaL_ref(L: LuaState, t: number): number;
    luaL_unref(L: LuaState, t: number, ref: number): void;
    luaL_loadbuffer(L: LuaState, buf: LuaString, size: number | null, name: LuaString): number;
    luaL_requiref(L: LuaState, name: LuaString, open: CFunction, glb: number): void;
    luaL_error(L: LuaState, fmt: LuaString, ...args: unknown[]): never;
    luaL_checktype(L: LuaState, arg: number, t: number): void;
    luaL_argerror(L: LuaState, arg: number, extramsg: LuaString): never;
    luaL_checkinteger(L: LuaState, arg: number): number;
    luaL_checknumber(L: LuaState, arg: number): number;
    luaL_checklstring(L: LuaState, arg: number): LuaString;
    luaL_checkstack(L: LuaState, n: number, msg: LuaString | null): void;
  };
  export const lualib: {
    luaopen_base: CFunction;
    luaopen_table: CFunction;
    luaopen_string: CFunction;
    luaopen_math: CFunction;
    luaopen_debug: CFunction;
    luaopen_coroutine: CFunction;
  };
  export function to_luastring(s: string): LuaString;
  export function to_jsstring(s: LuaString): string;
}
