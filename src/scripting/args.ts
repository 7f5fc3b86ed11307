/**
 * KEYS and ARGV. Redis builds both tables afresh for every script call; in
 * this VM a new table costs two Maps, which is a good part of a small
 * script's run. So each table is kept and refilled, as long as the script
 * that ran last left it exactly as it was filled (no metatable, keys 1..n);
 * otherwise a fresh table replaces it. Scripts cannot keep a reference across
 * calls (globals are protected), so no script can tell the difference.
 */
import { lua, lauxlib, luaBytes, type LuaState, type VmTable } from './lua';

const REGISTRY = lua.LUA_REGISTRYINDEX;
const NO_REF = -1;

function intact(t: VmTable | null, size: number): boolean {
  if (t === null || t.metatable !== null || t.strong.size !== size) return false;
  for (let i = 1; i <= size; i++) if (!t.strong.has(i)) return false;
  return true;
}

export class ArgArray {
  /** The global's name as a Lua string, held in the registry so it is hashed once. */
  private readonly nameRef: number;
  private tableRef = NO_REF;
  private size = 0;

  constructor(L: LuaState, name: string) {
    lua.lua_pushstring(L, luaBytes(name));
    this.nameRef = lauxlib.luaL_ref(L, REGISTRY);
  }

  /** Makes the global hold `items`; the globals table is on top of the stack. */
  set(L: LuaState, items: string[]): void {
    if (this.tableRef !== NO_REF) {
      lua.lua_rawgeti(L, REGISTRY, this.tableRef);
      if (!intact(lua.lua_topointer(L, -1), this.size)) {
        lua.lua_pop(L, 1);
        lauxlib.luaL_unref(L, REGISTRY, this.tableRef);
        this.tableRef = NO_REF;
      }
    }
    if (this.tableRef === NO_REF) {
      lua.lua_createtable(L, items.length, 0);
      lua.lua_pushvalue(L, -1);
      this.tableRef = lauxlib.luaL_ref(L, REGISTRY);
      lua.lua_rawgeti(L, REGISTRY, this.nameRef);
      lua.lua_pushvalue(L, -2);
      lua.lua_rawset(L, -4);
      this.size = 0;
    }
    for (let i = 0; i < items.length; i++) {
      lua.lua_pushstring(L, luaBytes(items[i]));
      lua.lua_rawseti(L, -2, i + 1);
    }
    for (let i = items.length + 1; i <= this.size; i++) {
      lua.lua_pushnil(L);
      lua.lua_rawseti(L, -2, i);
    }
    this.size = items.length;
    lua.lua_pop(L, 1);
  }
}
