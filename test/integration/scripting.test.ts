/**
 * Lua scripting against a real redis-server: conversions both ways, errors
 * of call and pcall and their texts, the 5.1 number formatting, cjson and
 * bit, the sandbox, SCRIPT subcommands, read-only scripts, ACL rules inside
 * scripts and scripts inside MULTI.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startPair, type Pair } from '../helpers/diff';
import { RespConn, type Reply } from '../helpers/resp';

let p: Pair;

before(async () => {
  p = await startPair();
});
after(async () => {
  await p.close();
});

/** EVAL of a script with no keys on both servers. */
const ev = (script: string, ...rest: string[]): Promise<Reply> => p.same('EVAL', script, String(rest.length === 0 ? 0 : rest[0]), ...rest.slice(1));

test('Lua values become replies as Redis converts them', async () => {
  await ev('return 1');
  await ev('return 3.99');
  await ev('return -3.99');
  await ev("return 'text'");
  await ev('return true');
  await ev('return false');
  await ev('return nil');
  await ev("return {1, 2, 3, 'x', nil, 4}");
  await ev('return {1, {2, {3}}, true, false, 3.7}');
  await ev("return {ok = 'fine'}");
  await ev("return {err = 'My Error'}");
  await ev("return redis.error_reply('My Error')");
  await ev("return redis.error_reply('-ERR dashed')");
  await ev("return redis.status_reply('STATUS')");
  await ev('return redis.status_reply(1)');
  await ev('return redis.error_reply()');
  await ev('return {double = 3.5}');
  await ev("return {map = {a = 1}}");
  await ev("return {set = {a = true}}");
  await ev('return {}');
});

test('each call sees only its own KEYS and ARGV, whatever the previous script did to them', async () => {
  await p.same('EVAL', "KEYS[3] = 'x'; return #KEYS", '2', 'a', 'b');
  await p.same('EVAL', 'return {#KEYS, KEYS[1], KEYS[3]}', '1', 'q');
  await p.same('EVAL', 'KEYS.foo = 1; KEYS[1] = nil; return #KEYS', '1', 'a');
  await p.same('EVAL', 'return {#KEYS, tostring(KEYS.foo), #ARGV, ARGV[2]}', '2', 'a', 'b', 'c', 'd');
  await p.same('EVAL', "setmetatable(ARGV, {__index = function() return 'meta' end}); return ARGV[5]", '0', 'a');
  await p.same('EVAL', 'return {tostring(ARGV[5]), #ARGV}', '0', 'z');
  await p.same('EVAL', 'table.remove(ARGV, 1); return ARGV', '0', 'a', 'b', 'c');
  await p.same('EVAL', 'return ARGV', '0', 'x', 'y', 'z');
});

test('replies become Lua values; KEYS and ARGV', async () => {
  await p.same('FLUSHALL');
  await p.same('EVAL', "redis.call('set', KEYS[1], ARGV[1]); return redis.call('get', KEYS[1])", '1', 'k', 'v');
  await p.same('EVAL', 'return {KEYS[1], KEYS[2], ARGV[1], ARGV[2], #KEYS, #ARGV}', '2', 'a', 'b', 'c', 'd');
  await ev("return {redis.call('get', 'nokey'), redis.call('type', 'k'), redis.call('ping')}");
  await ev("local t = redis.call('type', 'k') return t.ok");
  await ev("return type(redis.call('get', 'nokey'))");
  await ev("return redis.call('incr', 'n') + 0.5");
  await ev("return redis.call('lrange', 'nolist', 0, -1)");
  await ev("redis.call('rpush', 'l', 'a', 'b') return redis.call('lrange', 'l', 0, -1)");
  await ev("redis.call('set', 'f', 0.1) redis.call('set', 'g', 3) redis.call('set', 'h', 1e20) return {redis.call('get', 'f'), redis.call('get', 'g'), redis.call('get', 'h')}");
  await ev("return redis.call('set', 'x', {})");
  await ev('return redis.call()');
  await ev("return redis.pcall('ping', {})");
  // Binary-safe both ways.
  await p.same('EVAL', 'return ARGV[1] .. string.char(0, 255)', '0', Buffer.from([1, 0, 200]));
});

test('RESP3 conversions after redis.setresp(3)', async () => {
  const r3 = { shoal: await RespConn.connect(p.shoalProc.port), redis: await RespConn.connect(p.redisProc.port) };
  const same3 = async (...args: string[]): Promise<void> => {
    const [a, b] = await Promise.all([r3.shoal.call(...args), r3.redis.call(...args)]);
    assert.deepEqual(a, b, args.join(' '));
  };
  try {
    await Promise.all([r3.shoal.call('HELLO', '3'), r3.redis.call('HELLO', '3')]);
    await p.same('HSET', 'hh', 'a', '1');
    await p.same('ZADD', 'zz', '1.5', 'a');
    await same3('EVAL', "redis.setresp(3) return redis.call('hgetall', 'hh')", '0');
    await same3('EVAL', "redis.setresp(3) local r = redis.call('hgetall', 'hh') return r.map.a", '0');
    await same3('EVAL', "redis.setresp(3) local r = redis.call('zscore', 'zz', 'a') return tostring(r.double)", '0');
    await same3('EVAL', "redis.setresp(3) return type(redis.call('get', 'nokey'))", '0');
    await same3('EVAL', 'redis.setresp(3) return false', '0');
    await same3('EVAL', 'return true', '0');
    await same3('EVAL', 'return false', '0');
    await same3('EVAL', 'return {double = 3.5}', '0');
    await same3('EVAL', 'return {map = {a = 1}}', '0');
    await same3('EVAL', 'return {set = {a = true}}', '0');
    await same3('EVAL', "return {big_number = '123456789012345678901234567890'}", '0');
    await ev('redis.setresp(4)');
  } finally {
    r3.shoal.close();
    r3.redis.close();
  }
});

test('errors from call, pcall, error() and compilation carry Redis texts', async () => {
  await p.same('SET', 's', 'x');
  await ev("error('x')");
  await ev("local function f() error('deep') end\nlocal a = 1\nf()");
  await ev("error({err = 'FOO bar'})");
  await ev("return redis.call('nosuch')");
  await ev("return redis.pcall('nosuch')");
  await ev("return redis.call('get')");
  await p.same('EVAL', "return redis.call('incr', 's')", '1', 's');
  await p.same('EVAL', "return redis.pcall('incr', 's')", '1', 's');
  await p.same('EVAL', "local r = redis.pcall('incr', 's') return r.err", '1', 's');
  await ev("local ok, e = pcall(redis.call, 'nosuch') return {type(e), tostring(e), ok}");
  await ev("return {pcall(function() return redis.call('get', 'a', 'b') end)}");
  await ev("return {pcall(error, {err = 'x'})}");
  await ev("return xpcall(function() error('e') end, function(m) return 'handled ' .. m end)");
  await ev('local t = {} t[1] = t return pcall(function() return #t end)');
  await ev("return redis.call('eval', 'return 1', 0)");
  await ev("return redis.call('multi')");
  await ev("return redis.call('config', 'nosuch')");
  await ev('return 1 +');
  await ev('return nil + 1');
  // Runtime errors in Lua 5.1's words.
  await ev('local t = {} return t.x.y');
  await ev('local t = {} t.f()');
  await ev("local a; return a .. 'x'");
  await ev('local t = {} return t:m()');
  await ev('local t = {} return t.x + 1');
  await ev("\n\nredis.call('nosuch')");
  await p.same('EVAL', 'return 1', 'x');
  await p.same('EVAL', 'return 1', '2', 'a');
  await p.same('EVAL', 'return 1', '-1');
});

test('numbers behave as in Lua 5.1', async () => {
  await ev("return tostring(3.0) .. ' ' .. (3.0) .. ' ' .. tostring(1e20) .. ' ' .. tostring(0.1)");
  await ev("return tostring(10 / 3) .. ' ' .. 2 ^ 53 .. ' ' .. 7 / 2 .. ' ' .. 10 / 2");
  await ev("return tostring(1 / 0) .. ' ' .. tostring(-1 / 0) .. ' ' .. tostring(1e100) .. ' ' .. 123456789012345");
  await ev("return tonumber('12') * 1000000000");
  await ev("return tostring(tonumber('0x10')) .. tostring(tonumber('1e3')) .. tostring(tonumber('z'))");
  await ev("return math.mod(7, 3) .. table.getn({1, 2}) .. unpack({5, 6}) .. math.pow(2, 10) .. math.log10(100)");
  await ev("return loadstring('return 41 + 1')()");
  await ev("return redis.sha1hex('abc')");
  await ev('return redis.sha1hex()');
  await ev('return redis.REDIS_VERSION_NUM > 0');
});

test('cjson encodes and decodes as lua-cjson does', async () => {
  await ev("return cjson.encode({1, 2, 'three', true, {a = {}}})");
  await ev("return cjson.encode({c = 'x\"/\\\\\\n'})");
  await ev("return cjson.encode(cjson.decode('[1,2.5,\"a\",true,null,{\"x\":[]}]'))");
  await ev("return cjson.encode(cjson.decode('{\"k\":[1,{\"n\":-3e2}]}'))");
  await ev("return cjson.decode('\"\\\\u00e9\\\\u20ac\"')");
  await ev("local t = cjson.decode('{\"a\":[10,20]}') return t.a[2]");
  await ev('return cjson.encode(3.25) .. cjson.encode(100) .. cjson.encode(false)');
  await ev("return cjson.decode('[1,2,3]')");
  await ev("return cjson.encode({[1] = 'a', [3] = 'c'})");
  await ev('return type(cjson.null)');
  await ev("return cjson.decode('null') == cjson.null");
  await ev('return cjson.encode(function() end)');
  await ev('return cjson.encode({[1] = 1, [100] = 2})');
  await ev('return cjson.encode(1/0)');
});

test('bit operations are 32-bit as LuaBitOp', async () => {
  await ev("return bit.tohex(bit.band(0xff, 0x0f0f)) .. ' ' .. bit.bxor(5, 3) .. ' ' .. bit.lshift(1, 31) .. ' ' .. bit.tohex(-1, -4)");
  await ev('return {bit.bor(1, 2, 4), bit.bnot(0), bit.rshift(-1, 28), bit.arshift(-256, 4), bit.rol(1, 33), bit.ror(1, 1)}');
  await ev('return {bit.tobit(2^32 + 5), bit.tobit(-1), bit.tobit(2.5), bit.tobit(3.5), bit.bswap(0x01020304)}');
  await ev("return bit.tohex(255, 2) .. bit.tohex(0x12345678)");
});

test('struct packs and unpacks C-like records', async () => {
  await ev("return struct.pack('>I2 <i4 b B h H l L d f', 1, -2, -3, 250, -5, 65000, -7, 8, 1.5, 2.5)");
  await ev("return {struct.unpack('>I2 <i4 b B h H l', struct.pack('>I2 <i4 b B h H l', 1, -2, -3, 250, -5, 65000, -7))}");
  await ev("return {struct.unpack('d f', struct.pack('d f', 1.5, 2.5))}");
  await ev("return struct.pack('s c3 x i', 'ab', 'xyz', 7)");
  await ev("return {struct.unpack('s c3 x i', struct.pack('s c3 x i', 'ab', 'xyz', 7))}");
  await ev("return {struct.size('>I2 <i4 b d'), struct.size('!4 b i')}");
  await ev("return struct.pack('!4 b i', 1, 2)");
  await ev("return {struct.unpack('B c0', struct.pack('B', 3) .. 'abcdef')}");
  await ev("return {struct.unpack('>i2', 'ab', 2)}");
  await ev("return struct.pack('z', 1)");
  await ev("return struct.unpack('i4', 'ab')");
});

test('cmsgpack packs and unpacks MessagePack', async () => {
  await ev("return cmsgpack.pack(1, -1, 200, -200, 70000, 5000000000, -5000000000, 1.5, 0.1, 'abc', true, false, {1, 2, 3}, {a = 1})");
  await ev("return {cmsgpack.unpack(cmsgpack.pack(1, -1, 200, 'abc', true, {1, 2, {3}}))}");
  await ev("local t = cmsgpack.unpack(cmsgpack.pack({a = {b = 'c'}})) return t.a.b");
  await ev("return cmsgpack.pack(string.rep('x', 40), string.rep('y', 300), {})");
  await ev("return #cmsgpack.pack({{{{{{{{{{{{{{{{{{{{1}}}}}}}}}}}}}}}}}}})");
  await ev("return cmsgpack.unpack(string.char(0xc1))");
  await ev("return cmsgpack.unpack(string.char(0xcd, 1))");
  await ev('return cmsgpack.pack()');
});

test('the sandbox: no file system or process access, globals and libraries read-only', async () => {
  for (const name of ['io', 'require', 'dofile', 'loadfile', 'debug', 'print', 'setfenv', 'module', 'nosuchglobal']) {
    await ev(`return ${name}`);
  }
  await ev('a = 1');
  await ev('redis.x = 1');
  await ev('cjson.encode = nil');
  await ev('string.myfn = 1');
  await ev('local t = {} t.x = 1 return t.x');
  await ev("rawset(_G, 'x', 1) return x");
  await ev("rawset(string, 'y', 1)");
  // Called in tail position, and with bad arguments: the error still names the script's line.
  await ev("return rawset(_G, 'x', 1)");
  await ev('return setmetatable(_G, {})');
  await ev('return rawset(1, 2, 3)');
  await ev('setmetatable({}, 2)');
  await ev('setmetatable(_G, nil)');
  await ev('return getmetatable(_G)');
  await ev("return getmetatable('').__index == string");
  await ev("return ('abc'):upper() .. string.upper('x')");
  await ev("local t = setmetatable({}, {__index = function() return 7 end}) rawset(t, 'a', 1) return {t.a, t.b}");
  await ev('return coroutine.wrap(function() coroutine.yield(5) end)()');
  await ev('return type(string.gfind) .. type(table.maxn) .. type(gcinfo) .. type(coroutine)');
  await ev('local n = 0 for k in pairs(redis) do n = n + 1 end return n > 10');
});

test('SCRIPT LOAD, EXISTS, FLUSH, KILL and EVALSHA', async () => {
  await p.same('SCRIPT', 'FLUSH');
  const sha = await p.same('SCRIPT', 'LOAD', 'return ARGV[1]');
  assert.equal(sha.t, 'bulk');
  await p.same('EVALSHA', (sha as { v: string }).v, '0', 'hello');
  await p.same('EVALSHA', (sha as { v: string }).v.toUpperCase(), '0', 'upper');
  await p.same('EVALSHA_RO', (sha as { v: string }).v, '0', 'ro');
  await p.same('SCRIPT', 'EXISTS', (sha as { v: string }).v, 'ffffffffffffffffffffffffffffffffffffffff');
  await p.same('EVALSHA', 'ffffffffffffffffffffffffffffffffffffffff', '0');
  await p.same('EVALSHA', 'short', '0');
  await p.same('SCRIPT', 'LOAD', 'return +');
  await p.same('EVAL', 'return 7', '0');
  await p.same('SCRIPT', 'EXISTS', 'a00beb9a8a1cb6f1bcc1a1ee2d34e5fa0be1c7d7');
  await p.same('SCRIPT', 'FLUSH', 'ASYNC');
  await p.same('SCRIPT', 'EXISTS', (sha as { v: string }).v);
  await p.same('SCRIPT', 'FLUSH', 'SOMETIMES');
  await p.same('SCRIPT', 'KILL');
  await p.same('SCRIPT', 'NOSUCH');
  await p.same('SCRIPT', 'DEBUG', 'NO');
  await p.same('SCRIPT', 'DEBUG', 'MAYBE');
  await p.sameHelp('SCRIPT', 'HELP');
});

test('shebang flags: no-writes, bad engines, options and flags', async () => {
  await ev('#!lua\nreturn 1');
  await ev('#!lua\nerror("x")');
  await ev('#!lua flags=no-writes\nreturn redis.call("set", "a", "b")');
  await ev('#!lua flags=no-writes,allow-oom\nreturn redis.call("get", "a")');
  await ev('#!lua flags=\nreturn 2');
  await ev('#!lua flags=bad\nreturn 1');
  await ev('#!py\nreturn 1');
  await ev('#!lua name=x\nreturn 1');
  await p.same('EVAL_RO', '#!lua\nreturn redis.call("get", "a")', '0');
  await p.same('EVAL_RO', '#!lua flags=no-writes\nreturn redis.call("get", "a")', '0');
  await p.same('SCRIPT', 'LOAD', '#!lua flags=bad\nreturn 1');
});

test('read-only scripts refuse writes', async () => {
  await p.same('EVAL_RO', "return redis.call('set', 'x', 'y')", '0');
  await p.same('EVAL_RO', "return redis.pcall('set', 'x', 'y')", '0');
  await p.same('EVAL_RO', "return redis.call('get', KEYS[1])", '1', 'x');
  await p.same('EVAL', "return redis.call('set', 'x', 'y')", '0');
});

test('ACL rules apply to the commands a script calls', async () => {
  await p.same('ACL', 'SETUSER', 'scripter', 'on', 'nopass', '+@all', '-set', '~*');
  const u = { shoal: await RespConn.connect(p.shoalProc.port), redis: await RespConn.connect(p.redisProc.port) };
  const sameU = async (...args: string[]): Promise<void> => {
    const [a, b] = await Promise.all([u.shoal.call(...args), u.redis.call(...args)]);
    assert.deepEqual(a, b, args.join(' '));
  };
  try {
    await sameU('AUTH', 'scripter', 'x');
    await sameU('EVAL', "return redis.call('set', 'a', 'b')", '0');
    await sameU('EVAL', "return redis.pcall('set', 'a', 'b')", '0');
    await sameU('EVAL', "return redis.call('get', 'a')", '0');
  } finally {
    u.shoal.close();
    u.redis.close();
  }
});

test('a script inside MULTI; SELECT in a script does not change the caller', async () => {
  await p.sameAll([
    ['FLUSHALL'],
    ['MULTI'],
    ['EVAL', "return redis.call('incr', KEYS[1])", '1', 'counter'],
    ['EVAL', "error('boom')", '0'],
    ['GET', 'counter'],
    ['EXEC'],
    ['EVAL', "redis.call('select', 5) return redis.call('set', 'in5', '1')", '0'],
    ['EXISTS', 'in5'],
    ['SELECT', '5'],
    ['EXISTS', 'in5'],
    ['SELECT', '0'],
  ]);
});

test('blocking commands in a script reply at once', async () => {
  await p.same('DEL', 'l');
  await p.same('RPUSH', 'l', 'a');
  // Redis 7.0 refuses blocking commands in scripts; 7.2 runs them without blocking.
  const [a] = await p.both('EVAL', "return redis.call('blpop', 'l', 0)", '0');
  assert.deepEqual(a, { t: 'array', v: [{ t: 'bulk', v: 'l' }, { t: 'bulk', v: 'a' }] });
  const [b] = await p.both('EVAL', "return redis.call('blpop', 'l', 0)", '0');
  assert.deepEqual(b, { t: 'null' });
});

test('an error counts once in errorstats and failed calls, when the command or the script fails', async () => {
  const scripts = [
    "local r = redis.pcall('incr', 'str') return 'handled'",
    "return redis.pcall('incr', 'str')",
    "return redis.call('incr', 'str')",
    "return redis.pcall('nosuch')",
    "error('x')",
    "return {err = 'CUSTOM my error'}",
  ];
  const stats = (r: Reply): string[] =>
    r.t === 'bulk' || r.t === 'verbatim'
      ? r.v.split('\r\n').filter((l) => l.startsWith('errorstat_') || l.startsWith('cmdstat_eval:') || l.startsWith('cmdstat_incr:'))
        .map((l) => l.replace(/usec=\d+,usec_per_call=[\d.]+,/, '')).sort()
      : [];
  for (const script of scripts) {
    await p.same('SET', 'str', 'x');
    await p.same('CONFIG', 'RESETSTAT');
    await ev(script);
    const [a, b] = await p.both('INFO', 'all');
    assert.deepEqual(stats(a), stats(b), script);
  }
});

test('redis.log, set_repl, replicate_commands', async () => {
  await ev("redis.log(redis.LOG_WARNING, 'from a script') return redis.LOG_NOTICE");
  await ev('redis.log(1)');
  await ev('return redis.set_repl(redis.REPL_ALL)');
  await ev('return redis.set_repl(9)');
  await ev('return redis.replicate_commands()');
});
