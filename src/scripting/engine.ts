/**
 * Lua scripting: a Lua state per engine and server (one for EVAL scripts,
 * compiled once and cached by SHA1; one for FCALL functions, functions.ts),
 * each call run synchronously inside the command that makes it.
 *
 * Lua VM design note. The VM is fengari, a Lua 5.3 interpreter written in
 * plain JavaScript. Why: it runs in-process with a synchronous C-like API, so
 * a script runs atomically inside one command with no worker thread or WASM
 * memory to marshal through; its strings are byte arrays (binary-safe, like
 * Redis's); it has the debug hooks and error handlers Redis's error texts
 * need; it is small (a few hundred KB, no native build). Its cost is speed:
 * VM stack slots are JS objects and CPU-heavy scripts are several times
 * slower than C Lua. patches/fengari+0.1.5.patch (applied by patch-package
 * on install) removes its three worst costs on the EVALSHA path: `delete`
 * on the VM stack array (which drops V8 into slow elements), a hex string
 * built per byte to key tables by string, and Uint8Array.from's iteration
 * to copy strings; with it a script doing one redis.call costs ~1.7 us of
 * VM time instead of ~7.
 * Redis runs Lua 5.1; what makes 5.1 scripts work here:
 * - numbers print as 5.1 prints them (C's "%.14g": `3`, not `3.0`, in
 *   tostring and in `..` concatenation alike; `inf`, `-nan`), by configuring
 *   the VM's number formatting;
 * - numbers that come from Redis (replies, tonumber) are floats, as every
 *   5.1 number is, so arithmetic on them never wraps;
 * - the 5.1 globals scripts use: unpack, loadstring, table.getn, math.mod,
 *   math.pow, math.log10, table.maxn, string.gfind, gcinfo; pcall shows a
 *   failed redis.call as its error text, as Redis's pcall does.
 * What still differs from 5.1 (and Redis): arithmetic between integer
 * literals is 32-bit integer arithmetic in this VM (`return 2147483647 + 1`
 * wraps); 5.3 syntax (`//`, `&`, `goto`) and string escapes (`\x41`,
 * `\u{...}`) are accepted; string.format('%d', 3.5) errors instead of
 * truncating; recursion limits differ (deep Lua recursion that overflows in
 * Redis may succeed here); the string metatable's fields can be reassigned;
 * object key order in cjson.encode follows this VM's table order; runtime
 * errors are put back in 5.1's words ("attempt to call field 'f' (a nil
 * value)", not 5.3's "attempt to call a nil value (field 'f')") in replies,
 * but a pcall in the script sees 5.3's.
 * Busy scripts: a call runs inside one event-loop turn, so no other socket
 * is served meanwhile. Past busy-reply-threshold the count hook reads the
 * other clients' sockets itself and answers them -BUSY, running SCRIPT
 * KILL, FUNCTION KILL and the other allow_busy commands (busy.ts). What it
 * cannot do without the event loop: accept new connections (they are
 * served once the script ends, so SCRIPT KILL must come on a connection
 * opened before), and see signals (SIGTERM waits for the script too).
 * Not provided: SCRIPT DEBUG YES/SYNC, and replication effects of
 * redis.set_repl (accepted, no replication here).
 */
import { lua, lauxlib, lualib, luaBytes, latin1, formatG, type LuaState, type LuaString } from './lua';
import { beginRun, endRun, serveWhileBusy, type RunningScript } from './busy';
import { enterNonBlocking, exitNonBlocking } from '../server/blocking';
import { openLibraries } from './libs';
import { ArgArray } from './args';
import { Client } from '../server/client';
import { RespWriter } from '../resp/writer';
import type { Server } from '../server/server';
import type { Command } from '../commands/table';
import { keySlot } from '../cluster/slot';
import { OOM_ERROR } from '../server/evict';
import { createHash } from 'node:crypto';

const REDIS_VERSION = '7.2.6';
const REDIS_VERSION_NUM = 0x070206;
/** Field and global names as Lua strings, converted once rather than per call. */
const F = {
  err: luaBytes('err'), ok: luaBytes('ok'), double: luaBytes('double'), big_number: luaBytes('big_number'), map: luaBytes('map'),
  set: luaBytes('set'), string: luaBytes('string'), format: luaBytes('format'), verbatim_string: luaBytes('verbatim_string'),
  counted: luaBytes('ignore_err_stats_update'),
};
/** The registry slot of the globals table (LUA_RIDX_GLOBALS). */
const RIDX_GLOBALS = 2;

export function sha1hex(s: string): string {
  return createHash('sha1').update(s, 'latin1').digest('hex');
}

/** What the running script may do, and who runs it. */
interface RunContext {
  caller: Client;
  readonly: boolean;
  /** Cluster mode: the one slot the script's keys must hash to (-1: none yet), unless cross-slot keys are allowed. */
  slot: number;
  crossSlot: boolean;
  /** What busy handling knows of the call (whether it wrote, whether it was killed). */
  progress: RunningScript;
  /** Out of memory when the script started (Redis's pre_command_oom_state), unless it may run so (allow-oom). */
  oom: boolean;
}

/** A compiled script or function: its registry reference and its flags. */
export interface Script {
  ref: number;
  /** Has a `#!lua` line (always so for a function): flags are declared, and undeclared ones are denied. */
  shebang: boolean;
  noWrites: boolean;
  allowOom: boolean;
  noCluster: boolean;
  allowCrossSlot: boolean;
}

/** The flags a script or function may declare, in Redis's order (allow-stale changes nothing here). */
export const SCRIPT_FLAGS = ['no-writes', 'allow-oom', 'allow-stale', 'no-cluster', 'allow-cross-slot-keys'];

/** Parses a script's shebang line, as Redis 7 reads it; returns the error text on a bad one. */
function parseShebang(body: string): Script | string {
  const script: Script = { ref: 0, shebang: false, noWrites: false, allowOom: false, noCluster: false, allowCrossSlot: true };
  if (!body.startsWith('#!')) return script;
  const eol = body.indexOf('\n');
  const words = (eol < 0 ? body : body.slice(0, eol)).split(' ').filter((w) => w !== '');
  if (words[0] !== '#!lua') return `ERR Unexpected engine in script shebang: ${words[0]}`;
  script.shebang = true;
  script.allowCrossSlot = false;
  for (const word of words.slice(1)) {
    if (!word.startsWith('flags=')) return `ERR Unknown lua shebang option: ${word}`;
    for (const flag of word.slice(6).split(',')) {
      if (flag === '') continue;
      if (!SCRIPT_FLAGS.includes(flag)) return `ERR Unexpected flag in script shebang: ${flag}`;
      if (flag === 'no-writes') script.noWrites = true;
      else if (flag === 'allow-oom') script.allowOom = true;
      else if (flag === 'no-cluster') script.noCluster = true;
      else if (flag === 'allow-cross-slot-keys') script.allowCrossSlot = true;
    }
  }
  return script;
}

/**
 * Lua code run once at start: 5.1 compatibility and the error handler that
 * records where in the user's code (chunk `source`) an error was raised.
 */
const prelude = (source: string): string => `
unpack = table.unpack
loadstring = load
table.getn = function(t) return #t end
table.maxn = function(t) local m = 0 for k in pairs(t) do if type(k) == 'number' and k > m then m = k end end return m end
math.mod = math.fmod
math.pow = function(a, b) return a ^ b end
math.log10 = function(x) return math.log(x, 10) end
string.gfind = string.gmatch
gcinfo = function() return collectgarbage('count') end
local tonum = tonumber
tonumber = function(...) local n = tonum(...) if n then return n + 0.0 end return n end
-- A caught error table (a redis.call failure) is seen as its text, as Redis's pcall shows it.
local rawpcall = pcall
pcall = function(...)
  local r = table.pack(rawpcall(...))
  if not r[1] and type(r[2]) == 'table' then
    local e = r[2].err
    if type(e) == 'string' or type(e) == 'number' then r[2] = e end
  end
  return table.unpack(r, 1, r.n)
end
local dbg = debug
-- A runtime error in Lua 5.1's words: 'attempt to call field 'f' (a nil value)', not 5.3's 'attempt to call a nil value (field 'f')'.
local gsub = string.gsub
local function as51(err)
  if type(err) ~= 'string' then return err end
  return (gsub(err, "attempt to ([%a ]-) a (%a+) value %((%a+) '(.-)'%)", "attempt to %1 %3 '%4' (a %2 value)"))
end
__redis__err__handler = function(err)
  local i = dbg.getinfo(2, 'nSl')
  local level = 2
  while i and i.source ~= '${source}' do
    level = level + 1
    i = dbg.getinfo(level, 'nSl')
  end
  if type(err) ~= 'table' then err = {err = 'ERR ' .. tostring(as51(err))} end
  if i then err.source = i.source err.line = i.currentline end
  return err
end
debug = nil
print = nil
-- For code run without the handler (a library's code at load).
return as51
`;

/** Read-only globals and library tables, as Redis 7 protects them. */
const PROTECT = `
local guard = ...
local raw_rawset, raw_setmetatable, raw_getmetatable = rawset, setmetatable, getmetatable
local protected = raw_setmetatable({}, {__mode = 'k'})
local function readonly()
  error('Attempt to modify a readonly table', 2)
end
local function protect(t)
  local proxy = raw_setmetatable({}, {__index = t, __newindex = readonly, __pairs = function() return next, t, nil end, __len = function() return #t end, __metatable = false})
  protected[proxy] = true
  return proxy
end
for _, name in ipairs({'redis', 'cjson', 'bit', 'struct', 'cmsgpack', 'string', 'math', 'table', 'os', 'coroutine'}) do
  _G[name] = protect(_G[name])
end
-- Methods on strings find the same (protected) string table scripts see.
raw_getmetatable('').__index = string
-- The raw functions must not get around the protection either.
rawset = guard(protected, raw_rawset)
setmetatable = guard(protected, raw_setmetatable, true)
raw_setmetatable(_G, {
  __index = function(_, k) error("Script attempted to access nonexistent global variable '" .. tostring(k) .. "'", 2) end,
  __newindex = readonly,
  __metatable = {},
})
protected[_G] = true
-- For a state that builds more protected tables (the functions' environment).
return {protect, protected, readonly}
`;

/**
 * guard(protected, f, metatable): `f` refusing a protected table as its
 * first argument (and, for setmetatable, a second that is neither nil nor
 * a table). A C function, unlike a Lua one, is not tail-called, so an error
 * from `return rawset(...)` still names the script's line.
 */
function guard(L: LuaState): number {
  lua.lua_settop(L, 3);
  lua.lua_pushcclosure(L, guarded, 3);
  return 1;
}

function guarded(L: LuaState): number {
  // Arguments are checked here, so that a bad one is reported at the script's line, under the function's own name.
  lauxlib.luaL_checktype(L, 1, lua.LUA_TTABLE);
  const t = lua.lua_type(L, 2);
  if (lua.lua_toboolean(L, lua.lua_upvalueindex(3)) && t !== lua.LUA_TNIL && t !== lua.LUA_TTABLE) lauxlib.luaL_argerror(L, 2, luaBytes('nil or table expected'));
  lua.lua_pushvalue(L, 1);
  if (lua.lua_rawget(L, lua.lua_upvalueindex(1)) !== lua.LUA_TNIL) raise(L, 'Attempt to modify a readonly table');
  lua.lua_pop(L, 1);
  lua.lua_pushvalue(L, lua.lua_upvalueindex(2));
  lua.lua_insert(L, 1);
  lua.lua_call(L, lua.lua_gettop(L) - 1, lua.LUA_MULTRET);
  return lua.lua_gettop(L);
}

/**
 * The client a script's commands run as. Their errors count in errorstats,
 * but fail only the command that replied them, not the script's own call.
 */
class ScriptClient extends Client {
  override script = true;

  override error(msg: string): void {
    this.server.countErrorStats(msg);
    RespWriter.prototype.error.call(this, msg);
  }
}

/** EVAL scripts or FCALL functions: their BUSY and kill texts differ. */
export type ScriptKind = 'eval' | 'function';

/** Lua instructions between two looks at a running script's clock. */
export const HOOK_EVERY = 10000;

/**
 * A Lua state with the redis.* API, and the running of one of its functions
 * as a command's reply. Scripts (EVAL) and functions (FCALL) each have their
 * own state, as in Redis; they differ in how a call gets its arguments.
 */
export abstract class LuaEngine {
  protected readonly L: LuaState;
  /** Registry reference of the error handler every call runs under. */
  private handlerRef = 0;
  /** Registry reference of {protect, protected, readonly}, for states that protect more tables. */
  protected helpersRef = 0;
  /** Registry reference of a message handler putting runtime errors in Lua 5.1's words. */
  protected lua51Ref = 0;
  /** The client that runs a script's redis.call commands. */
  private readonly client: ScriptClient;
  private run: RunContext | null = null;

  /** `source`: the chunk name user code is compiled under, which the error handler looks for. */
  constructor(
    protected readonly server: Server,
    readonly kind: ScriptKind,
    private readonly source: string,
  ) {
    this.client = new ScriptClient(server, null);
    this.L = this.newState();
  }

  /** Pushes a call's arguments after its function; returns how many. */
  protected abstract pushArguments(L: LuaState, keys: string[], args: string[]): number;

  private newState(): LuaState {
    const L = lauxlib.luaL_newstate();
    // A JavaScript exception inside the VM (its own stack limits, say) becomes a Lua error.
    lua.lua_atnativeerror(L, (S) => {
      const e = lua.lua_touserdata(S, -1);
      lua.lua_pushstring(S, luaBytes(e instanceof Error ? e.message : String(e)));
      return 1;
    });
    for (const [name, open] of [['_G', lualib.luaopen_base], ['table', lualib.luaopen_table], ['string', lualib.luaopen_string],
      ['math', lualib.luaopen_math], ['coroutine', lualib.luaopen_coroutine], ['debug', lualib.luaopen_debug]] as const) {
      lauxlib.luaL_requiref(L, luaBytes(name), open, 1);
      lua.lua_pop(L, 1);
    }
    for (const name of ['dofile', 'loadfile']) {
      lua.lua_pushnil(L);
      lua.lua_setglobal(L, name);
    }
    // os: only the CPU clock, for scripts that time themselves.
    lua.lua_newtable(L);
    lua.lua_pushcfunction(L, (S) => {
      const u = process.cpuUsage();
      lua.lua_pushnumber(S, (u.user + u.system) / 1e6);
      return 1;
    });
    lua.lua_setfield(L, -2, 'clock');
    lua.lua_setglobal(L, 'os');
    this.openRedis(L);
    openLibraries(L);
    this.lua51Ref = this.runChunk(L, prelude(this.source), '=prelude', [], 1)[0];
    lua.lua_pushcfunction(L, guard);
    this.helpersRef = this.runChunk(L, PROTECT, '=protect', [lauxlib.luaL_ref(L, lua.LUA_REGISTRYINDEX)], 1)[0];
    lua.lua_getglobal(L, '__redis__err__handler');
    this.handlerRef = lauxlib.luaL_ref(L, lua.LUA_REGISTRYINDEX);
    return L;
  }

  /** Runs a setup chunk with the registry values `args` as its arguments; returns references to its results. */
  protected runChunk(L: LuaState, code: string, name: string, args: number[], nresults: number): number[] {
    if (lauxlib.luaL_loadbuffer(L, luaBytes(code), null, luaBytes(name)) === lua.LUA_OK) {
      for (const ref of args) lua.lua_rawgeti(L, lua.LUA_REGISTRYINDEX, ref);
      if (lua.lua_pcall(L, args.length, nresults, 0) === lua.LUA_OK) {
        const refs: number[] = [];
        for (let i = 0; i < nresults; i++) refs.unshift(lauxlib.luaL_ref(L, lua.LUA_REGISTRYINDEX));
        return refs;
      }
    }
    throw new Error(`Lua ${name}: ${argString(L, -1)}`);
  }

  /** Compiles user code, leaving its function on the stack; returns the error text on failure. */
  protected compile(code: string): string | null {
    const L = this.L;
    if (lauxlib.luaL_loadbuffer(L, luaBytes(code), null, luaBytes(this.source)) === lua.LUA_OK) return null;
    // Lua 5.1 quotes the end-of-input token as it quotes the others.
    const msg = argString(L, -1).replace('near <eof>', "near '<eof>'");
    lua.lua_pop(L, 1);
    return msg;
  }

  private openRedis(L: LuaState): void {
    lua.lua_newtable(L);
    const fn = (name: string, f: (S: LuaState) => number): void => {
      lua.lua_pushcfunction(L, f);
      lua.lua_setfield(L, -2, name);
    };
    fn('call', (S) => this.redisCall(S, true));
    fn('pcall', (S) => this.redisCall(S, false));
    fn('sha1hex', (S) => {
      if (lua.lua_gettop(S) !== 1) raise(S, 'wrong number of arguments');
      lua.lua_pushstring(S, luaBytes(sha1hex(argString(S, 1))));
      return 1;
    });
    fn('error_reply', (S) => replyTable(S, 'err', 'wrong number or type of arguments'));
    fn('status_reply', (S) => replyTable(S, 'ok', 'wrong number or type of arguments'));
    fn('log', (S) => {
      if (lua.lua_gettop(S) < 2) raise(S, 'redis.log() requires two arguments or more.');
      if (lua.lua_type(S, 1) !== lua.LUA_TNUMBER) raise(S, 'First argument must be a number (log level).');
      const level = lua.lua_tonumber(S, 1);
      if (level < 0 || level > 3) raise(S, 'Invalid debug level.');
      return 0;
    });
    fn('setresp', (S) => {
      if (lua.lua_gettop(S) !== 1) raise(S, 'redis.setresp() requires one argument.');
      const v = lua.lua_tonumber(S, 1);
      if (v !== 2 && v !== 3) raise(S, 'RESP version must be 2 or 3.');
      this.client.proto = v === 3 ? 3 : 2;
      return 0;
    });
    fn('set_repl', (S) => {
      if (lua.lua_gettop(S) !== 1) raise(S, 'redis.set_repl() requires one argument.');
      const v = lua.lua_tonumber(S, 1);
      if (lua.lua_type(S, 1) !== lua.LUA_TNUMBER || v < 0 || v > 3) raise(S, 'Invalid replication flags. Use REPL_AOF, REPL_REPLICA, REPL_ALL or REPL_NONE.');
      return 0;
    });
    fn('replicate_commands', (S) => {
      lua.lua_pushboolean(S, true);
      return 1;
    });
    fn('breakpoint', (S) => {
      lua.lua_pushboolean(S, false);
      return 1;
    });
    fn('debug', () => 0);
    const num = (name: string, v: number): void => {
      lua.lua_pushinteger(L, v);
      lua.lua_setfield(L, -2, name);
    };
    num('LOG_DEBUG', 0);
    num('LOG_VERBOSE', 1);
    num('LOG_NOTICE', 2);
    num('LOG_WARNING', 3);
    num('REPL_NONE', 0);
    num('REPL_AOF', 1);
    num('REPL_SLAVE', 2);
    num('REPL_REPLICA', 2);
    num('REPL_ALL', 3);
    num('REDIS_VERSION_NUM', REDIS_VERSION_NUM);
    lua.lua_pushstring(L, luaBytes(REDIS_VERSION));
    lua.lua_setfield(L, -2, 'REDIS_VERSION');
    lua.lua_setglobal(L, 'redis');
  }

  /**
   * Runs `script` for `c` and writes its reply: the checks its flags ask
   * for, then the call under the error handler, with the clock watched so
   * that other clients are answered -BUSY past busy-reply-threshold. `name`
   * names it in errors; `argv` is the calling command.
   */
  exec(c: Client, name: string, script: Script, keys: string[], args: string[], readonlyCall: boolean, argv: string[]): void {
    const memory = this.server.memory;
    const oom = memory.over && memory.failed && !script.allowOom;
    // Declared flags make a script that may write a denyoom command, refused before it runs.
    if (oom && script.shebang && !script.noWrites) return c.error(OOM_ERROR);
    if (readonlyCall && script.shebang && !script.noWrites) return c.error('ERR Can not execute a script with write flag using *_ro command.');
    const cluster = this.server.cluster;
    if (cluster !== null && script.noCluster) return c.error("ERR Can not run script on cluster, 'no-cluster' flag is set.");
    const L = this.L;
    lua.lua_rawgeti(L, lua.LUA_REGISTRYINDEX, this.handlerRef);
    lua.lua_rawgeti(L, lua.LUA_REGISTRYINDEX, script.ref);
    const nargs = this.pushArguments(L, keys, args);
    const sc = this.client;
    sc.db = c.db;
    sc.user = c.user;
    sc.authenticated = true;
    sc.proto = 2;
    this.run = {
      caller: c,
      readonly: readonlyCall || script.noWrites,
      slot: cluster !== null && keys.length !== 0 ? keySlot(keys[0]) : -1,
      crossSlot: script.allowCrossSlot,
      progress: beginRun(this.server, c, this.kind, name, argv),
      oom,
    };
    if (this.run.progress.threshold > 0) lua.lua_sethook(L, this.busyHook, lua.LUA_MASKCOUNT, HOOK_EVERY);
    // Blocking commands called by a script reply at once instead of blocking.
    enterNonBlocking();
    let status: number;
    try {
      status = lua.lua_pcall(L, nargs, 1, 1);
    } finally {
      exitNonBlocking();
      this.run = null;
      lua.lua_sethook(L, null, 0, 0);
      endRun();
    }
    if (status === lua.LUA_OK) luaToReply(L, c, sc.proto);
    else replyError(c, scriptError(L, name), lua.lua_type(L, -1) === lua.LUA_TTABLE && wasCounted(L));
    lua.lua_settop(L, 0);
  }

  /**
   * The count hook of a running call: past the threshold it serves the
   * other clients (busy.ts); a killed call then fails at every line, so
   * that a pcall in the script cannot keep it alive.
   */
  private readonly busyHook = (L: LuaState): void => {
    if (!serveWhileBusy()) return;
    lua.lua_sethook(L, this.busyHook, lua.LUA_MASKLINE, 0);
    pushErrorTable(L, 'ERR Script killed by user with SCRIPT KILL...');
    lua.lua_error(L);
  };

  /** redis.call / redis.pcall: one command through the server's checks, its reply as a Lua value. */
  private redisCall(L: LuaState, raise: boolean): number {
    const run = this.run;
    const n = lua.lua_gettop(L);
    const fail = (msg: string): number => {
      pushErrorTable(L, msg);
      if (raise) lua.lua_error(L);
      return 1;
    };
    if (run === null) return fail('ERR redis.call is only available inside a script');
    if (n === 0) return fail('ERR Please specify at least one argument for this redis lib call');
    const argv: string[] = new Array<string>(n);
    for (let i = 1; i <= n; i++) {
      const t = lua.lua_type(L, i);
      if (t === lua.LUA_TSTRING) argv[i - 1] = latin1(lua.lua_tolstring(L, i) as LuaString);
      else if (t === lua.LUA_TNUMBER) argv[i - 1] = formatG(lua.lua_tonumber(L, i), 17);
      else return fail('ERR Lua redis lib command arguments must be strings or integers');
    }
    const cmd = this.lookup(argv);
    if (typeof cmd === 'string') return fail(cmd);
    const refused = this.refusal(run, cmd, argv);
    if (refused !== null) {
      // Counted as a rejected call of the command, as Redis's scriptCall counts it.
      this.server.cmdStats.rejected[cmd.id]++;
      return fail(refused);
    }
    // A script that may have changed the data can no longer be killed.
    if (cmd.isWrite) run.progress.wrote = true;
    const sc = this.client;
    this.server.call(sc, cmd, argv);
    const out = sc.out;
    sc.out = '';
    const failed = out.charCodeAt(0) === 45; /* - */
    if (failed) this.server.cmdStats.failed[cmd.id]++;
    if (raise && failed) {
      pushErrorTable(L, out.slice(1, out.length - 2), true);
      return lua.lua_error(L);
    }
    pushReply(L, out, 0);
    return 1;
  }

  /** The command a script calls, or the error for an unknown one. */
  private lookup(argv: string[]): Command | string {
    const cmd = this.server.commands.get(argv[0].toLowerCase());
    if (cmd === undefined) return 'ERR Unknown Redis command called from script';
    if (cmd.subcommands === undefined || argv.length < 2) return cmd;
    return cmd.subcommands.get(argv[1].toLowerCase()) ?? 'ERR Unknown Redis command called from script';
  }

  /** The checks Redis makes before a script's call runs, in Redis's order: the error refusing it, or null. */
  private refusal(run: RunContext, cmd: Command, argv: string[]): string | null {
    const server = this.server;
    if (!cmd.arityOk(argv.length)) return 'ERR Wrong number of args calling Redis command from script';
    if (cmd.noScript) return 'ERR This Redis command is not allowed from script';
    const c = this.client;
    if (!c.user.unrestricted && server.acl.check(c.user, cmd, argv) !== 0) {
      return "ERR The user executing the script can't run this command or subcommand";
    }
    if (cmd.isWrite && run.readonly) return 'ERR Write commands are not allowed from read-only scripts.';
    if (run.oom && !run.progress.wrote && cmd.denyOom) return OOM_ERROR;
    const cluster = server.cluster;
    if (cluster !== null && cmd.hasKeys) {
      const positions = cmd.keyPositions(argv);
      if (positions !== null) {
        for (const p of positions) {
          const slot = keySlot(argv[p]);
          if (cluster.owners[slot] !== cluster.myShard) return 'ERR Script attempted to access a non local key in a cluster node script';
          if (run.crossSlot) continue;
          if (run.slot === -1) run.slot = slot;
          else if (run.slot !== slot) return 'ERR Script attempted to access keys that do not hash to the same slot';
        }
      }
    }
    return null;
  }
}

/** Scripts run by EVAL: compiled once and cached by SHA1, their KEYS and ARGV as globals. */
export class ScriptEngine extends LuaEngine {
  /** SHA1 -> the compiled script (Redis's f_<sha>). */
  readonly scripts = new Map<string, Script>();

  private readonly keys: ArgArray;
  private readonly argv: ArgArray;

  constructor(server: Server) {
    super(server, 'eval', '@user_script');
    this.keys = new ArgArray(this.L, 'KEYS');
    this.argv = new ArgArray(this.L, 'ARGV');
  }

  protected pushArguments(L: LuaState, keys: string[], args: string[]): number {
    lua.lua_rawgeti(L, lua.LUA_REGISTRYINDEX, RIDX_GLOBALS);
    this.keys.set(L, keys);
    this.argv.set(L, args);
    lua.lua_pop(L, 1);
    return 0;
  }

  /** Compiles a script body once, as the registry function f_<sha>. Returns an error text or null. */
  load(body: string): { sha: string; script: Script; err: null } | { sha: string; script: null; err: string } {
    const sha = sha1hex(body);
    const known = this.scripts.get(sha);
    if (known !== undefined) return { sha, script: known, err: null };
    const script = parseShebang(body);
    if (typeof script === 'string') return { sha, script: null, err: script };
    // The shebang line becomes a comment, so line numbers stay those of the body.
    const failed = this.compile(script.shebang ? '--' + body : body);
    if (failed !== null) return { sha, script: null, err: `ERR Error compiling script (new function): ${failed}` };
    script.ref = lauxlib.luaL_ref(this.L, lua.LUA_REGISTRYINDEX);
    this.scripts.set(sha, script);
    return { sha, script, err: null };
  }

  flush(): void {
    const L = this.L;
    for (const script of this.scripts.values()) lauxlib.luaL_unref(L, lua.LUA_REGISTRYINDEX, script.ref);
    this.scripts.clear();
  }
}

export function argString(L: LuaState, i: number): string {
  const s = lua.lua_tolstring(L, i);
  return s === null ? '' : latin1(s);
}

/** Pushes a Lua array of strings. */
export function pushArray(L: LuaState, items: string[]): void {
  lua.lua_createtable(L, items.length, 0);
  for (let i = 0; i < items.length; i++) {
    lua.lua_pushstring(L, luaBytes(items[i]));
    lua.lua_rawseti(L, -2, i + 1);
  }
}

/**
 * {err=msg}: how a script sees an error reply. An error a command replied
 * was counted in errorstats then, so it is marked not to count again.
 */
export function pushErrorTable(L: LuaState, msg: string, counted = false): void {
  lua.lua_newtable(L);
  lua.lua_pushstring(L, luaBytes(msg));
  lua.lua_setfield(L, -2, F.err);
  if (counted) {
    lua.lua_pushboolean(L, true);
    lua.lua_setfield(L, -2, F.counted);
  }
}

/** Whether the error table on top of the stack was already counted. */
function wasCounted(L: LuaState): boolean {
  lua.lua_getfield(L, -1, F.counted);
  const b = lua.lua_toboolean(L, -1);
  lua.lua_pop(L, 1);
  return b;
}

/** An error reply to the caller; one already counted only fails the calling command. */
function replyError(c: Client, msg: string, counted: boolean): void {
  if (!counted) return c.error(msg);
  RespWriter.prototype.error.call(c, msg);
  if (c.lastCommand !== null) c.server.cmdStats.failed[c.lastCommand.id]++;
}

/** Raises an error as the redis library does: an error table, so no position is prefixed to the text. */
export function raise(L: LuaState, msg: string): never {
  pushErrorTable(L, 'ERR ' + msg);
  return lua.lua_error(L);
}

/** redis.error_reply / redis.status_reply: a one-field table. */
function replyTable(L: LuaState, field: 'err' | 'ok', usage: string): number {
  if (lua.lua_gettop(L) !== 1 || lua.lua_type(L, 1) !== lua.LUA_TSTRING) {
    pushErrorTable(L, 'ERR ' + usage);
    return 1;
  }
  let s = argString(L, 1);
  // An error's own leading '-' (the RESP marker) is not part of its text.
  if (field === 'err' && s.charCodeAt(0) === 45) s = s.slice(1);
  lua.lua_newtable(L);
  lua.lua_pushstring(L, luaBytes(s));
  lua.lua_setfield(L, -2, field);
  return 1;
}

/** The error reply of a failed script: the message, then which script and where. */
function scriptError(L: LuaState, sha: string): string {
  if (lua.lua_type(L, -1) !== lua.LUA_TTABLE) return `ERR Error running script (call to f_${sha}): ${argString(L, -1)}`;
  const field = (name: string): string | null => {
    const t = lua.lua_getfield(L, -1, luaBytes(name));
    const v = t === lua.LUA_TSTRING || t === lua.LUA_TNUMBER ? argString(L, -1) : null;
    lua.lua_pop(L, 1);
    return v;
  };
  const msg = field('err') ?? 'ERR unknown error';
  const source = field('source');
  const line = field('line');
  return source !== null && line !== null ? `${msg} script: ${sha}, on ${source}:${line}.` : `${msg} script: ${sha}`;
}

/** Pushes the Lua value of the RESP reply at `s[i]`; returns the index after it. */
function pushReply(L: LuaState, s: string, i: number): number {
  const type = s.charCodeAt(i);
  const eol = s.indexOf('\r\n', i);
  const line = s.slice(i + 1, eol);
  const next = eol + 2;
  lua.lua_checkstack(L, 4);
  switch (type) {
    case 43: // + status
      lua.lua_newtable(L);
      lua.lua_pushstring(L, luaBytes(line));
      lua.lua_setfield(L, -2, F.ok);
      return next;
    case 45: // - error
      pushErrorTable(L, line, true);
      return next;
    case 58: // : integer
      lua.lua_pushnumber(L, Number(line));
      return next;
    case 36: { // $ bulk
      const len = Number(line);
      if (len < 0) {
        lua.lua_pushboolean(L, false);
        return next;
      }
      lua.lua_pushstring(L, luaBytes(s.slice(next, next + len)));
      return next + len + 2;
    }
    case 42: // * array
    case 62: // > push
    case 126: { // ~ set
      const n = Number(line);
      if (n < 0) {
        lua.lua_pushboolean(L, false);
        return next;
      }
      let j = next;
      if (type === 126) {
        lua.lua_newtable(L);
        lua.lua_newtable(L);
        for (let k = 0; k < n; k++) {
          j = pushReply(L, s, j);
          lua.lua_pushboolean(L, true);
          lua.lua_rawset(L, -3);
        }
        lua.lua_setfield(L, -2, F.set);
        return j;
      }
      lua.lua_createtable(L, n, 0);
      for (let k = 1; k <= n; k++) {
        j = pushReply(L, s, j);
        lua.lua_rawseti(L, -2, k);
      }
      return j;
    }
    case 37: { // % map
      const n = Number(line);
      let j = next;
      lua.lua_newtable(L);
      lua.lua_newtable(L);
      for (let k = 0; k < n; k++) {
        j = pushReply(L, s, j);
        j = pushReply(L, s, j);
        lua.lua_rawset(L, -3);
      }
      lua.lua_setfield(L, -2, F.map);
      return j;
    }
    case 95: // _ null
      lua.lua_pushnil(L);
      return next;
    case 35: // # boolean
      lua.lua_pushboolean(L, line === 't');
      return next;
    case 44: // , double
      lua.lua_newtable(L);
      lua.lua_pushnumber(L, parseRespDouble(line));
      lua.lua_setfield(L, -2, F.double);
      return next;
    case 40: // ( big number
      lua.lua_newtable(L);
      lua.lua_pushstring(L, luaBytes(line));
      lua.lua_setfield(L, -2, F.big_number);
      return next;
    case 61: { // = verbatim
      const len = Number(line);
      const body = s.slice(next, next + len);
      lua.lua_newtable(L);
      lua.lua_newtable(L);
      lua.lua_pushstring(L, luaBytes(body.slice(4)));
      lua.lua_setfield(L, -2, F.string);
      lua.lua_pushstring(L, luaBytes(body.slice(0, 3)));
      lua.lua_setfield(L, -2, F.format);
      lua.lua_setfield(L, -2, F.verbatim_string);
      return next + len + 2;
    }
    default:
      lua.lua_pushboolean(L, false);
      return next;
  }
}

function parseRespDouble(s: string): number {
  if (s === 'inf') return Infinity;
  if (s === '-inf') return -Infinity;
  if (s === 'nan') return NaN;
  return Number(s);
}

/** Reply-conversion nesting limit: a self-referencing table must not recurse forever. */
const MAX_DEPTH = 1000;

/** Writes the Lua value on top of the stack as `c`'s reply, as Redis converts it. */
function luaToReply(L: LuaState, c: Client, resp: 2 | 3, depth = 0): void {
  const t = lua.lua_type(L, -1);
  if (t === lua.LUA_TSTRING) return c.bulk(latin1(lua.lua_tolstring(L, -1) as LuaString));
  if (t === lua.LUA_TBOOLEAN) {
    const b = lua.lua_toboolean(L, -1);
    if (resp === 3) return c.bool(b);
    return b ? c.int(1) : c.nullBulk();
  }
  if (t === lua.LUA_TNUMBER) return c.int(Math.trunc(lua.lua_tonumber(L, -1)) || 0);
  if (t !== lua.LUA_TTABLE) return c.nullBulk();
  if (depth > MAX_DEPTH || !lua.lua_checkstack(L, 4)) return c.error('ERR reached lua stack limit');
  if (lua.lua_getfield(L, -1, F.err) === lua.LUA_TSTRING) {
    const msg = argString(L, -1);
    lua.lua_pop(L, 1);
    return replyError(c, msg, wasCounted(L));
  }
  lua.lua_pop(L, 1);
  if (lua.lua_getfield(L, -1, F.ok) === lua.LUA_TSTRING) {
    const msg = argString(L, -1);
    lua.lua_pop(L, 1);
    return c.status(msg.replace(/[\r\n]/g, ' '));
  }
  lua.lua_pop(L, 1);
  if (lua.lua_getfield(L, -1, F.double) === lua.LUA_TNUMBER) {
    const d = lua.lua_tonumber(L, -1);
    lua.lua_pop(L, 1);
    return c.double(d);
  }
  lua.lua_pop(L, 1);
  if (lua.lua_getfield(L, -1, F.big_number) === lua.LUA_TSTRING) {
    const s = argString(L, -1);
    lua.lua_pop(L, 1);
    return c.bigNumber(s.replace(/[\r\n]/g, ' '));
  }
  lua.lua_pop(L, 1);
  if (lua.lua_getfield(L, -1, F.map) === lua.LUA_TTABLE) {
    const n = countPairs(L);
    c.map(n);
    lua.lua_pushnil(L);
    while (lua.lua_next(L, -2)) {
      lua.lua_pushvalue(L, -2);
      luaToReply(L, c, resp, depth + 1);
      lua.lua_pop(L, 1);
      luaToReply(L, c, resp, depth + 1);
      lua.lua_pop(L, 1);
    }
    lua.lua_pop(L, 1);
    return;
  }
  lua.lua_pop(L, 1);
  if (lua.lua_getfield(L, -1, F.set) === lua.LUA_TTABLE) {
    const n = countPairs(L);
    c.set(n);
    lua.lua_pushnil(L);
    while (lua.lua_next(L, -2)) {
      lua.lua_pop(L, 1);
      lua.lua_pushvalue(L, -1);
      luaToReply(L, c, resp, depth + 1);
      lua.lua_pop(L, 1);
    }
    lua.lua_pop(L, 1);
    return;
  }
  lua.lua_pop(L, 1);
  // An array, up to its first nil.
  let n = 0;
  while (lua.lua_rawgeti(L, -1, n + 1) !== lua.LUA_TNIL) {
    lua.lua_pop(L, 1);
    n++;
  }
  lua.lua_pop(L, 1);
  c.array(n);
  for (let i = 1; i <= n; i++) {
    lua.lua_rawgeti(L, -1, i);
    luaToReply(L, c, resp, depth + 1);
    lua.lua_pop(L, 1);
  }
}

function countPairs(L: LuaState): number {
  let n = 0;
  lua.lua_pushnil(L);
  while (lua.lua_next(L, -2)) {
    lua.lua_pop(L, 1);
    n++;
  }
  return n;
}
