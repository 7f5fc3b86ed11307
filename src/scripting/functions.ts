/**
 * Redis Functions: libraries of Lua functions loaded with FUNCTION LOAD and
 * called with FCALL. They live in a Lua state of their own, as in Redis.
 *
 * A library's code runs once at load, in a sandbox whose only global is a
 * small `redis` table (register_function, log, the LOG_* levels and the
 * version); the functions it registers later run with the full API, their
 * keys and arguments passed as two tables. Both views are one environment
 * table whose metatable's __index is switched between the load API and the
 * real globals, as Redis switches its globals' metatable.
 */
import { lua, lauxlib, type LuaState } from './lua';
import { HOOK_EVERY, LuaEngine, SCRIPT_FLAGS, argString, pushArray, raise, type Script } from './engine';
import type { Server } from '../server/server';
import type { Client } from '../server/client';
import { splitInlineArgs } from '../resp/inline';
import { parseSafeInt } from '../util/numbers';
import { RdbReader, RdbWriter, finishDumpPayload, verifyDumpPayload } from '../persist/rdb-object';

export interface FunctionInfo extends Script {
  name: string;
  description: string | null;
  /** Its flags, in Redis's order (FUNCTION LIST). */
  flags: string[];
}

export interface Library {
  name: string;
  /** The code as loaded, shebang line included (FUNCTION LIST WITHCODE, DUMP). */
  code: string;
  /** By name as registered. */
  functions: Map<string, FunctionInfo>;
}

/**
 * Libraries and the functions they register. Function names are
 * case-insensitive across libraries but not within one (as in Redis, where
 * a library may hold `f` and `F`, and the first of them is the one called).
 */
class LibrarySet {
  readonly libraries = new Map<string, Library>();
  /** By lowercase name. */
  readonly functions = new Map<string, FunctionInfo>();

  link(lib: Library): void {
    this.libraries.set(lib.name, lib);
    for (const f of lib.functions.values()) {
      const key = f.name.toLowerCase();
      if (!this.functions.has(key)) this.functions.set(key, f);
    }
  }

  unlink(lib: Library): void {
    this.libraries.delete(lib.name);
    for (const f of lib.functions.values()) {
      const key = f.name.toLowerCase();
      if (this.functions.get(key) === f) this.functions.delete(key);
    }
  }

  /** The error for the first of `lib`'s functions whose name another library has taken, or null. */
  clash(lib: Library): string | null {
    for (const f of lib.functions.values()) if (this.functions.has(f.name.toLowerCase())) return `Function ${f.name} already exists`;
    return null;
  }
}

/** RDB opcodes of a library in RDB files and FUNCTION DUMP payloads. */
const RDB_OPCODE_FUNCTION2 = 245;
const RDB_OPCODE_FUNCTION_PRE_GA = 246;

/** How long a library's code may take to register its functions. */
const LOAD_TIMEOUT_MS = 500;

const NAME_ERROR = 'Library names can only contain letters, numbers, or underscores(_) and must be at least one character long';

/**
 * Builds the functions' environment. Gets PROTECT's helpers and
 * register_function; returns the environment, its metatable, the load-time
 * API and the real globals.
 */
const ENVIRONMENT = `
local helpers, register_function = ...
local protect, protected, readonly = helpers[1], helpers[2], helpers[3]
local function nonexistent(_, k)
  error("Script attempted to access nonexistent global variable '" .. tostring(k) .. "'", 2)
end
local function api(t) return protect(setmetatable(t, {__index = nonexistent})) end
local r = redis
local load_api = api({redis = api({
  register_function = register_function, log = r.log,
  LOG_DEBUG = r.LOG_DEBUG, LOG_VERBOSE = r.LOG_VERBOSE, LOG_NOTICE = r.LOG_NOTICE, LOG_WARNING = r.LOG_WARNING,
  REDIS_VERSION = r.REDIS_VERSION, REDIS_VERSION_NUM = r.REDIS_VERSION_NUM,
})})
local meta = {__index = _G, __newindex = readonly, __metatable = false}
local env = setmetatable({}, meta)
protected[env] = true
return env, meta, load_api, _G
`;

/** Redis's functionsVerifyName: [a-zA-Z0-9_]+. */
function validName(name: string): boolean {
  if (name.length === 0) return false;
  for (let i = 0; i < name.length; i++) {
    const ch = name.charCodeAt(i);
    const ok = (ch >= 97 && ch <= 122) || (ch >= 65 && ch <= 90) || (ch >= 48 && ch <= 57) || ch === 95;
    if (!ok) return false;
  }
  return true;
}

/** The shebang line's engine and library name, and the code after it; or the error text. */
function parseMetadata(code: string): { engine: string; name: string; body: string } | string {
  if (!code.startsWith('#!')) return 'Missing library metadata';
  const eol = code.indexOf('\n');
  if (eol < 0) return 'Invalid library metadata';
  const parts = splitInlineArgs(code.slice(0, eol));
  if (parts === null || parts.length === 0) return 'Invalid library metadata';
  let name: string | null = null;
  for (const part of parts.slice(1)) {
    if (part.slice(0, 5).toLowerCase() !== 'name=') return `Invalid metadata value given: ${part}`;
    if (name !== null) return 'Invalid metadata value, name argument was given multiple times';
    name = part.slice(5);
  }
  if (name === null) return 'Library name was not given';
  // The code keeps the shebang's line break, so line numbers are the library's own.
  return { engine: parts[0].slice(2), name, body: code.slice(eol) };
}

export class FunctionEngine extends LuaEngine {
  private current = new LibrarySet();
  /** The library whose code is running at load: register_function adds to it. */
  private loading: Library | null = null;
  private loadDeadline = 0;
  private readonly envRef: number;
  private readonly envMetaRef: number;
  private readonly loadApiRef: number;
  private readonly globalsRef: number;

  constructor(server: Server) {
    super(server, 'function', '@user_function');
    const L = this.L;
    lua.lua_pushcfunction(L, (S) => this.registerFunction(S));
    const register = lauxlib.luaL_ref(L, lua.LUA_REGISTRYINDEX);
    [this.envRef, this.envMetaRef, this.loadApiRef, this.globalsRef] = this.runChunk(L, ENVIRONMENT, '=environment', [this.helpersRef, register], 4);
  }

  get libraries(): ReadonlyMap<string, Library> {
    return this.current.libraries;
  }

  get functionCount(): number {
    let n = 0;
    for (const lib of this.current.libraries.values()) n += lib.functions.size;
    return n;
  }

  protected pushArguments(L: LuaState, keys: string[], args: string[]): number {
    pushArray(L, keys);
    pushArray(L, args);
    return 2;
  }

  /** FCALL / FCALL_RO. */
  fcall(c: Client, argv: string[], readonlyCall: boolean): void {
    const f = this.current.functions.get(argv[1].toLowerCase());
    if (f === undefined) return c.error('ERR Function not found');
    const numkeys = parseSafeInt(argv[2]);
    if (numkeys === null) return c.error('ERR Bad number of keys provided');
    if (numkeys > argv.length - 3) return c.error("ERR Number of keys can't be greater than number of args");
    if (numkeys < 0) return c.error("ERR Number of keys can't be negative");
    this.exec(c, f.name, f, argv.slice(3, 3 + numkeys), argv.slice(3 + numkeys), readonlyCall, argv);
  }

  /** FUNCTION LOAD: the library's name, or an error text (without its ERR code). */
  load(code: string, replace: boolean): { name: string } | { err: string } {
    return this.create(code, replace, this.current, LOAD_TIMEOUT_MS);
  }

  /** FUNCTION DELETE: false when there is no such library. */
  delete(name: string): boolean {
    const lib = this.current.libraries.get(name);
    if (lib === undefined) return false;
    this.current.unlink(lib);
    this.release(lib);
    return true;
  }

  flush(): void {
    for (const lib of this.current.libraries.values()) this.release(lib);
    this.current = new LibrarySet();
  }

  /** FUNCTION DUMP: each library's code after its opcode, then the RDB version and CRC-64. */
  dump(): Buffer {
    const w = new RdbWriter();
    for (const lib of this.current.libraries.values()) {
      w.byte(RDB_OPCODE_FUNCTION2);
      w.string(lib.code);
    }
    return finishDumpPayload(w);
  }

  /** FUNCTION RESTORE: null, or the error text (without its ERR code). */
  restore(payload: Buffer, policy: 'flush' | 'append' | 'replace'): string | null {
    if (!verifyDumpPayload(payload)) return 'DUMP payload version or checksum are wrong';
    const restored = new LibrarySet();
    const err = this.readPayload(payload, restored) ?? (policy === 'flush' ? null : this.join(restored, policy === 'replace'));
    if (err !== null) {
      for (const lib of restored.libraries.values()) this.release(lib);
      return err;
    }
    if (policy === 'flush') {
      this.flush();
      this.current = restored;
    }
    return null;
  }

  private readPayload(payload: Buffer, into: LibrarySet): string | null {
    const r = new RdbReader(payload);
    while (payload.length - r.pos > 10) {
      const type = r.byte();
      if (type === RDB_OPCODE_FUNCTION_PRE_GA) return 'Pre-GA function format not supported';
      if (type !== RDB_OPCODE_FUNCTION2) return 'given type is not a function';
      let code: string;
      try {
        code = r.string();
      } catch {
        return 'Failed loading library payload';
      }
      const made = this.create(code, false, into, 0);
      if ('err' in made) return made.err;
    }
    return null;
  }

  /** Adds restored libraries to the current ones (Redis's libraryJoin); on a collision nothing changes. */
  private join(src: LibrarySet, replace: boolean): string | null {
    const dst = this.current;
    const replaced: Library[] = [];
    let err: string | null = null;
    for (const lib of src.libraries.values()) {
      const old = dst.libraries.get(lib.name);
      if (old === undefined) continue;
      if (!replace) {
        err = `Library ${lib.name} already exists`;
        break;
      }
      dst.unlink(old);
      replaced.push(old);
    }
    for (const lib of src.libraries.values()) err ??= dst.clash(lib);
    if (err !== null) {
      for (const old of replaced) dst.link(old);
      return err;
    }
    for (const lib of src.libraries.values()) dst.link(lib);
    for (const old of replaced) this.release(old);
    return null;
  }

  /** Redis's functionsCreateWithLibraryCtx: compiles a library into `set`, replacing one of its name when asked. */
  private create(code: string, replace: boolean, set: LibrarySet, timeoutMs: number): { name: string } | { err: string } {
    const md = parseMetadata(code);
    if (typeof md === 'string') return { err: md };
    if (!validName(md.name)) return { err: NAME_ERROR };
    if (md.engine.toLowerCase() !== 'lua') return { err: `Engine '${md.engine}' not found` };
    const old = set.libraries.get(md.name);
    if (old !== undefined && !replace) return { err: `Library '${md.name}' already exists` };
    if (old !== undefined) set.unlink(old);
    const lib: Library = { name: md.name, code, functions: new Map() };
    let err = this.runLibrary(lib, md.body, timeoutMs);
    if (err === null && lib.functions.size === 0) err = 'No functions registered';
    err ??= set.clash(lib);
    if (err !== null) {
      this.release(lib);
      if (old !== undefined) set.link(old);
      return { err };
    }
    set.link(lib);
    if (old !== undefined) this.release(old);
    return { name: lib.name };
  }

  /** Compiles and runs a library's code in the load sandbox; returns the error text, or null. */
  private runLibrary(lib: Library, body: string, timeoutMs: number): string | null {
    const failed = this.compile(body);
    if (failed !== null) return `Error compiling function: ${failed}`;
    const L = this.L;
    // The chunk's _ENV is the functions' environment, seen through the load API while it runs.
    lua.lua_rawgeti(L, lua.LUA_REGISTRYINDEX, this.envRef);
    lua.lua_setupvalue(L, -2, 1);
    this.setEnvironment(this.loadApiRef);
    this.loading = lib;
    this.loadDeadline = timeoutMs > 0 ? performance.now() + timeoutMs : 0;
    lua.lua_sethook(L, this.loadHook, lua.LUA_MASKCOUNT, HOOK_EVERY);
    lua.lua_rawgeti(L, lua.LUA_REGISTRYINDEX, this.lua51Ref);
    lua.lua_insert(L, -2);
    let status: number;
    try {
      status = lua.lua_pcall(L, 0, 0, -2);
    } finally {
      lua.lua_sethook(L, null, 0, 0);
      this.loading = null;
      this.setEnvironment(this.globalsRef);
    }
    if (status === lua.LUA_OK) {
      lua.lua_pop(L, 1);
      return null;
    }
    let msg: string;
    if (lua.lua_type(L, -1) === lua.LUA_TTABLE) {
      lua.lua_getfield(L, -1, 'err');
      msg = argString(L, -1);
      lua.lua_pop(L, 1);
    } else {
      msg = 'ERR ' + argString(L, -1);
    }
    lua.lua_pop(L, 2);
    return `Error registering functions: ${msg}`;
  }

  private setEnvironment(indexRef: number): void {
    const L = this.L;
    lua.lua_rawgeti(L, lua.LUA_REGISTRYINDEX, this.envMetaRef);
    lua.lua_rawgeti(L, lua.LUA_REGISTRYINDEX, indexRef);
    lua.lua_setfield(L, -2, '__index');
    lua.lua_pop(L, 1);
  }

  /** A library's code that runs too long at load fails (Redis gives it 500 ms). */
  private readonly loadHook = (L: LuaState): void => {
    if (this.loadDeadline === 0 || performance.now() <= this.loadDeadline) return;
    lua.lua_sethook(L, this.loadHook, lua.LUA_MASKLINE, 0);
    raise(L, 'FUNCTION LOAD timeout');
  };

  private release(lib: Library): void {
    for (const f of lib.functions.values()) lauxlib.luaL_unref(this.L, lua.LUA_REGISTRYINDEX, f.ref);
  }

  /** redis.register_function(name, callback) or redis.register_function{function_name=..., callback=..., flags=..., description=...}. */
  private registerFunction(L: LuaState): number {
    const lib = this.loading;
    if (lib === null) raise(L, 'redis.register_function can only be called on FUNCTION LOAD command');
    const n = lua.lua_gettop(L);
    if (n < 1 || n > 2) raise(L, 'wrong number of arguments to redis.register_function');
    const f: FunctionInfo = { ref: 0, name: '', description: null, flags: [], shebang: true, noWrites: false, allowOom: false, noCluster: false, allowCrossSlot: false };
    if (n === 1) {
      this.readNamedArgs(L, f);
    } else {
      if (!isString(L, 1)) raise(L, 'first argument to redis.register_function must be a string');
      if (lua.lua_type(L, 2) !== lua.LUA_TFUNCTION) raise(L, 'second argument to redis.register_function must be a function');
      f.name = argString(L, 1);
      lua.lua_pushvalue(L, 2);
      f.ref = lauxlib.luaL_ref(L, lua.LUA_REGISTRYINDEX);
    }
    if (!validName(f.name) || lib.functions.has(f.name)) {
      lauxlib.luaL_unref(L, lua.LUA_REGISTRYINDEX, f.ref);
      raise(L, validName(f.name) ? 'Function already exists in the library' : NAME_ERROR);
    }
    lib.functions.set(f.name, f);
    return 0;
  }

  private readNamedArgs(L: LuaState, f: FunctionInfo): void {
    if (lua.lua_type(L, 1) !== lua.LUA_TTABLE) {
      raise(L, 'calling redis.register_function with a single argument is only applicable to Lua table (representing named arguments).');
    }
    let callback = false;
    let named = false;
    const fail = (msg: string): never => {
      if (callback) lauxlib.luaL_unref(L, lua.LUA_REGISTRYINDEX, f.ref);
      return raise(L, msg);
    };
    lua.lua_pushnil(L);
    while (lua.lua_next(L, 1)) {
      if (!isString(L, -2)) fail('named argument key given to redis.register_function is not a string');
      const key = lua.lua_type(L, -2) === lua.LUA_TSTRING ? argString(L, -2).toLowerCase() : '';
      if (key === 'function_name') {
        if (!isString(L, -1)) fail('function_name argument given to redis.register_function must be a string');
        f.name = argString(L, -1);
        named = true;
      } else if (key === 'description') {
        if (!isString(L, -1)) fail('description argument given to redis.register_function must be a string');
        f.description = argString(L, -1);
      } else if (key === 'callback') {
        if (lua.lua_type(L, -1) !== lua.LUA_TFUNCTION) fail('callback argument given to redis.register_function must be a function');
        if (callback) lauxlib.luaL_unref(L, lua.LUA_REGISTRYINDEX, f.ref);
        lua.lua_pushvalue(L, -1);
        f.ref = lauxlib.luaL_ref(L, lua.LUA_REGISTRYINDEX);
        callback = true;
      } else if (key === 'flags') {
        if (lua.lua_type(L, -1) !== lua.LUA_TTABLE) fail('flags argument to redis.register_function must be a table representing function flags');
        if (!readFlags(L, f)) fail('unknown flag given');
      } else {
        fail('unknown argument given to redis.register_function');
      }
      lua.lua_pop(L, 1);
    }
    if (!named) fail('redis.register_function must get a function name argument');
    if (!callback) fail('redis.register_function must get a callback argument');
  }
}

/** lua_isstring: a string, or a number (which converts). */
function isString(L: LuaState, i: number): boolean {
  const t = lua.lua_type(L, i);
  return t === lua.LUA_TSTRING || t === lua.LUA_TNUMBER;
}

/** Reads the flags array on top of the stack into `f`; false on an unknown flag. */
function readFlags(L: LuaState, f: FunctionInfo): boolean {
  const found = new Set<string>();
  for (let i = 1; ; i++) {
    const t = lua.lua_rawgeti(L, -1, i);
    if (t === lua.LUA_TNIL) {
      lua.lua_pop(L, 1);
      break;
    }
    const flag = isString(L, -1) ? argString(L, -1).toLowerCase() : '';
    lua.lua_pop(L, 1);
    if (!SCRIPT_FLAGS.includes(flag)) return false;
    found.add(flag);
  }
  f.flags = SCRIPT_FLAGS.filter((x) => found.has(x));
  f.noWrites = found.has('no-writes');
  f.allowOom = found.has('allow-oom');
  f.noCluster = found.has('no-cluster');
  f.allowCrossSlot = found.has('allow-cross-slot-keys');
  return true;
}
