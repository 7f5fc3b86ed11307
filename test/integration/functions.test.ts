/**
 * Redis Functions against a real redis-server: FUNCTION LOAD's metadata,
 * sandbox and registration errors, FCALL and FCALL_RO, LIST shapes in RESP2
 * and RESP3, DELETE, FLUSH, STATS, DUMP and RESTORE (a payload from Redis
 * restores into Shoal and back), INFO's counts, a client library (ioredis),
 * and busy scripts and functions: -BUSY for other clients, SCRIPT KILL and
 * FUNCTION KILL, UNKILLABLE after a write, and SHUTDOWN NOSAVE.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { helpAs72, startPair, type Pair } from '../helpers/diff';
import { RespConn, type Reply } from '../helpers/resp';
import { crc64 } from '../../src/persist/crc64';
import Redis from 'ioredis';

let p: Pair;

before(async () => {
  p = await startPair();
});
after(async () => {
  await p.close();
});

/** A library named `name` whose code after the shebang is `body`. */
const lib = (name: string, body: string): string => `#!lua name=${name}\n${body}`;

test('FUNCTION LOAD: metadata, names and registration errors as Redis words them', async () => {
  await p.same('FUNCTION', 'FLUSH');
  const loads = [
    'no shebang',
    '#!lua name=x',
    '#!lua\nreturn 1',
    '#!lua name=a-b\n',
    '#!lua name=\n',
    '#!lua name=a name=b\n',
    '#!lua name=a foo=b\n',
    '#!luax name=ab\n',
    '#!lua name=empty\n',
    lib('t', 'return +'),
    lib('t', 'return string.format("x")'),
    lib('t', "redis.call('ping')"),
    lib('t', "redis.setresp(3)"),
    lib('t', 'x = 1'),
    lib('t', "redis.register_function('a-b', function() end)"),
    lib('t', "redis.register_function('', function() end)"),
    lib('t', "redis.register_function('g', function() end) redis.register_function('G', function() end)"),
    lib('t', "redis.register_function{function_name='g', callback=function() end, flags={'bad'}}"),
    lib('t', "redis.register_function{function_name='g', callback=function() end, flags='no-writes'}"),
    lib('t', "redis.register_function{function_name='g', callback=function() end, xx=1}"),
    lib('t', "redis.register_function{function_name='g', callback=1}"),
    lib('t', "redis.register_function{function_name={}, callback=function() end}"),
    lib('t', "redis.register_function{function_name='g', description={}, callback=function() end}"),
    lib('t', "redis.register_function{callback=function() end}"),
    lib('t', "redis.register_function{function_name='g'}"),
    lib('t', "redis.register_function{[1]='g'}"),
    lib('t', 'redis.register_function(1)'),
    lib('t', 'redis.register_function(1, 2)'),
    lib('t', 'redis.register_function({}, function() end)'),
    lib('t', 'redis.register_function()'),
    lib('t', "redis.register_function('a', function() end, 3)"),
    lib('t', 'local a = 1 while true do a = a + 1 end'),
    lib('t', 'local t = {}\nt.f()'),
  ];
  for (const code of loads) await p.same('FUNCTION', 'LOAD', code);
  await p.same('FUNCTION', 'LOAD', 'REPLACEX', lib('t', ''));
  await p.same('FUNCTION', 'LOAD', 'REPLACE');
  // What the load-time redis table offers.
  await p.same('FUNCTION', 'LOAD', lib('ok', "redis.log(redis.LOG_WARNING, 'loading') local v = redis.REDIS_VERSION redis.register_function('okf', function() return 1 end)"));
  await p.same('FUNCTION', 'LOAD', lib('ok', "redis.register_function('okf', function() return 2 end)"));
  await p.same('FUNCTION', 'LOAD', 'replace', lib('ok', "redis.register_function('okf', function() return 2 end)"));
  await p.same('FCALL', 'okf', '0');
  // A function name is taken across libraries, whatever its case.
  await p.same('FUNCTION', 'LOAD', lib('other', "redis.register_function('OKF', function() return 3 end)"));
  await p.same('FUNCTION', 'LOAD', '#!LUA name=upper\nredis.register_function("up", function() return 4 end)');
  await p.same('FCALL', 'up', '0');
});

test('FCALL and FCALL_RO: keys and arguments, errors, flags and read-only checks', async () => {
  await p.same('FUNCTION', 'FLUSH');
  await p.same('FUNCTION', 'LOAD', lib('calls', [
    "redis.register_function('args', function(keys, args) return {keys[1], args[1], #keys, #args} end)",
    "redis.register_function('setter', function(keys, args) return redis.call('set', keys[1], args[1]) end)",
    "redis.register_function{function_name='getter', callback=function(keys) return redis.call('get', keys[1]) end, flags={'no-writes'}}",
    "redis.register_function{function_name='sneaky', callback=function(keys) return redis.call('set', keys[1], 'x') end, flags={'no-writes'}}",
    "redis.register_function('boom', function() error('boom') end)",
    "redis.register_function('table_err', function() error({err='MY custom'}) end)",
    "redis.register_function('bad_call', function() return redis.call('nosuch') end)",
    "redis.register_function('pcalled', function() return redis.pcall('nosuch') end)",
    "redis.register_function('global_set', function() x = 1 end)",
    "redis.register_function('global_get', function() return nosuch_global end)",
    "redis.register_function('raw_set', function() return rawset(_G, 'x', 1) end)",
    "redis.register_function('no_keys_global', function() return KEYS end)",
    "redis.register_function('register_late', function() return redis.register_function end)",
    "redis.register_function('register_call', function() return redis.register_function('x', function() end) end)",
    "redis.register_function('resp3', function() redis.setresp(3) return redis.call('hgetall', 'nohash') end)",
  ].join('\n')));
  await p.same('FCALL', 'args', '2', 'k1', 'k2', 'a1');
  await p.same('FCALL', 'ARGS', '0');
  await p.same('FCALL', 'setter', '1', 'fk', 'v');
  await p.same('FCALL', 'getter', '1', 'fk');
  await p.same('FCALL_RO', 'getter', '1', 'fk');
  await p.same('FCALL_RO', 'setter', '1', 'fk', 'v');
  await p.same('FCALL_RO', 'args', '0');
  await p.same('FCALL', 'sneaky', '1', 'fk');
  for (const f of ['boom', 'table_err', 'bad_call', 'pcalled', 'global_set', 'global_get', 'raw_set', 'no_keys_global', 'register_late', 'register_call', 'resp3']) {
    await p.same('FCALL', f, '0');
  }
  await p.same('FCALL', 'nosuch', '0');
  await p.same('FCALL', 'args', 'x');
  await p.same('FCALL', 'args', '-1');
  await p.same('FCALL', 'args', '3', 'a');
  await p.same('FCALL', 'args');
  // Called inside MULTI and from a script.
  await p.same('MULTI');
  await p.same('FCALL', 'args', '1', 'k', 'a');
  await p.same('EXEC');
  await p.same('EVAL', "return redis.call('fcall', 'args', 0)", '0');
});

/** FUNCTION LIST with the libraries and their functions sorted by name (Redis lists them in hash order). */
function sortedList(r: Reply): Reply {
  if (r.t !== 'array' || r.v === null) return r;
  // A map reply (RESP3) as its pairs, a RESP2 one as its flat array.
  const field = (m: Reply, name: string): Reply | undefined => {
    if (m.t === 'map') return m.v.find(([k]) => 'v' in k && k.v === name)?.[1];
    if (m.t !== 'array' || m.v === null) return undefined;
    for (let i = 0; i < m.v.length; i += 2) if (JSON.stringify(m.v[i]) === JSON.stringify({ t: 'bulk', v: name })) return m.v[i + 1];
    return undefined;
  };
  const byName = (key: string) => (a: Reply, b: Reply): number => (JSON.stringify(field(a, key)) < JSON.stringify(field(b, key)) ? -1 : 1);
  for (const l of r.v) {
    const fns = field(l, 'functions');
    if (fns !== undefined && fns.t === 'array' && fns.v !== null) fns.v.sort(byName('name'));
  }
  return { t: 'array', v: [...r.v].sort(byName('library_name')) };
}

test('FUNCTION LIST in RESP2 and RESP3: WITHCODE, LIBRARYNAME and argument errors', async () => {
  await p.same('FUNCTION', 'FLUSH');
  await p.same('FUNCTION', 'LOAD', lib('lib1', [
    "redis.register_function('f1', function() return 1 end)",
    "redis.register_function{function_name='f2', callback=function() return 2 end, description='second', flags={'no-writes', 'allow-oom', 'allow-stale', 'no-cluster', 'allow-cross-slot-keys'}}",
  ].join('\n')));
  await p.same('FUNCTION', 'LOAD', lib('Other', "redis.register_function{function_name='o1', callback=function() end, flags={'ALLOW-STALE'}}"));
  const r3 = { shoal: await RespConn.connect(p.shoalProc.port), redis: await RespConn.connect(p.redisProc.port) };
  try {
    await Promise.all([r3.shoal.call('HELLO', '3'), r3.redis.call('HELLO', '3')]);
    for (const args of [[], ['WITHCODE'], ['LIBRARYNAME', 'lib*'], ['libraryname', 'OTHER', 'withcode'], ['LIBRARYNAME', 'none']]) {
      const [a, b] = await p.both('FUNCTION', 'LIST', ...args);
      assert.deepEqual(sortedList(a), sortedList(b), `FUNCTION LIST ${args.join(' ')}`);
      const [c, d] = await Promise.all([r3.shoal.call('FUNCTION', 'LIST', ...args), r3.redis.call('FUNCTION', 'LIST', ...args)]);
      assert.deepEqual(sortedList(c), sortedList(d), `FUNCTION LIST ${args.join(' ')} (RESP3)`);
    }
    const [s, r] = await Promise.all([r3.shoal.call('FUNCTION', 'STATS'), r3.redis.call('FUNCTION', 'STATS')]);
    assert.deepEqual(s, r);
  } finally {
    r3.shoal.close();
    r3.redis.close();
  }
  // INFO counts libraries and functions as Redis does.
  const counts = (r: Reply): string[] => JSON.stringify(r).split('\\r\\n').filter((l) => /^number_of_(functions|libraries)/.test(l));
  const [si, ri] = await p.both('INFO', 'memory');
  assert.deepEqual(counts(si), counts(ri));
  assert.equal(counts(si).length, 2);
  await p.same('FUNCTION', 'LIST', 'LIBRARYNAME');
  await p.same('FUNCTION', 'LIST', 'foo');
  await p.same('FUNCTION', 'LIST', 'WITHCODE', 'WITHCODE');
  await p.same('FUNCTION', 'STATS');
});

test('FUNCTION DELETE, FLUSH, KILL and HELP', async () => {
  await p.same('FUNCTION', 'FLUSH');
  await p.same('FUNCTION', 'LOAD', lib('del', "redis.register_function('delf', function() return 1 end)"));
  await p.same('FUNCTION', 'DELETE', 'DEL');
  await p.same('FUNCTION', 'DELETE', 'del');
  await p.same('FUNCTION', 'DELETE', 'del');
  await p.same('FCALL', 'delf', '0');
  await p.same('FUNCTION', 'FLUSH', 'x');
  await p.same('FUNCTION', 'FLUSH', 'ASYNC');
  await p.same('FUNCTION', 'FLUSH', 'sync');
  await p.same('FUNCTION', 'FLUSH', 'async', 'sync');
  await p.same('FUNCTION', 'KILL');
  await p.same('SCRIPT', 'KILL');
  await p.same('FUNCTION', 'STATS');
  // Redis 7.2 dropped the 7.0 oracle's line about library descriptions (libraries have none).
  const [mine, theirs] = await p.both('FUNCTION', 'HELP');
  assert.deepEqual(mine, helpAs72(theirs, ['    * Library description']));
  await p.same('FUNCTION', 'NOSUCH');
});

const bulk = (r: Reply): Buffer => {
  assert.equal(r.t, 'bulk', JSON.stringify(r));
  return Buffer.from(r.v as string, 'latin1');
};

/** A payload of `body` with the given RDB version and a correct checksum. */
function payload(body: Buffer, version: number): Buffer {
  const out = Buffer.alloc(body.length + 10);
  body.copy(out);
  out.writeUInt16LE(version, body.length);
  out.writeBigUInt64LE(crc64(out, 0, body.length + 2), body.length + 2);
  return out;
}

test('FUNCTION DUMP and RESTORE: a payload from Redis restores into Shoal and back', async () => {
  await p.same('FUNCTION', 'FLUSH');
  // Long enough for the code to be LZF-compressed in the payload.
  const code = lib('dumped', `redis.register_function('dumpedf', function(keys, args) return 'restored ' .. ${"'x'".repeat(1)} .. string.rep('ab', 10) end)\n-- ${'padding '.repeat(20)}`);
  await p.same('FUNCTION', 'LOAD', code);
  const fromRedis = bulk(await p.redis.call('FUNCTION', 'DUMP'));
  const fromShoal = bulk(await p.shoal.call('FUNCTION', 'DUMP'));
  // Redis 7.0 writes RDB version 10, Shoal 11 as 7.2 does; the libraries are the same bytes.
  assert.deepEqual(fromShoal.subarray(0, -10), fromRedis.subarray(0, -10));
  assert.equal(fromShoal.readUInt16LE(fromShoal.length - 10), 11);
  await p.same('FUNCTION', 'FLUSH');
  assert.deepEqual(await p.shoal.call('FUNCTION', 'RESTORE', fromRedis), { t: 'status', v: 'OK' });
  assert.deepEqual(await p.shoal.call('FCALL', 'dumpedf', '0'), { t: 'bulk', v: 'restored xabababababababababab' });
  const back = bulk(await p.shoal.call('FUNCTION', 'DUMP'));
  assert.deepEqual(await p.redis.call('FUNCTION', 'RESTORE', payload(back.subarray(0, -10), 10)), { t: 'status', v: 'OK' });
  assert.deepEqual(await p.redis.call('FCALL', 'dumpedf', '0'), { t: 'bulk', v: 'restored xabababababababababab' });
  // Policies: APPEND (the default) refuses a library that exists, REPLACE swaps it, FLUSH starts over.
  await p.same('FUNCTION', 'RESTORE', fromRedis);
  await p.same('FUNCTION', 'RESTORE', fromRedis, 'APPEND');
  await p.same('FUNCTION', 'RESTORE', fromRedis, 'replace');
  await p.same('FUNCTION', 'LOAD', lib('extra', "redis.register_function('extraf', function() return 1 end)"));
  await p.same('FUNCTION', 'RESTORE', fromRedis, 'FLUSH');
  await p.same('FCALL', 'extraf', '0');
  await p.same('FUNCTION', 'DELETE', 'dumped');
  await p.same('FUNCTION', 'LOAD', lib('clash', "redis.register_function('dumpedf', function() return 1 end)"));
  await p.same('FUNCTION', 'RESTORE', fromRedis, 'REPLACE');
  await p.same('FCALL', 'dumpedf', '0');
  await p.same('FUNCTION', 'RESTORE', fromRedis, 'nosuch');
  await p.same('FUNCTION', 'RESTORE', fromRedis, 'FLUSH', 'x');
  await p.same('FUNCTION', 'RESTORE', 'garbage');
  await p.same('FUNCTION', 'RESTORE', payload(Buffer.from([0, 1, 97]), 10));
  // Redis 7.0 still reads the pre-GA format of 7.0's release candidates; 7.2 refuses it.
  assert.deepEqual(await p.shoal.call('FUNCTION', 'RESTORE', payload(Buffer.from([246, 1, 97]), 10)), {
    t: 'error',
    v: 'ERR Pre-GA function format not supported',
  });
  // Several libraries in one payload.
  await p.same('FUNCTION', 'LOAD', lib('second', "redis.register_function{function_name='secondf', callback=function() return 2 end, description='two'}"));
  const two = bulk(await p.redis.call('FUNCTION', 'DUMP'));
  await p.same('FUNCTION', 'RESTORE', two, 'FLUSH');
  const [a, b] = await p.both('FUNCTION', 'LIST', 'WITHCODE');
  assert.deepEqual(sortedList(a), sortedList(b));
  await p.same('FCALL', 'secondf', '0');
  // A payload of no libraries empties the server under FLUSH.
  await p.same('FUNCTION', 'RESTORE', payload(Buffer.alloc(0), 10), 'FLUSH');
  await p.same('FUNCTION', 'LIST');
});

test('through ioredis: FUNCTION LOAD, FCALL, FCALL_RO and FUNCTION LIST', async () => {
  const r = new Redis(p.shoalProc.port, '127.0.0.1', { lazyConnect: true, maxRetriesPerRequest: 0 });
  try {
    await r.connect();
    const code = lib('io', "redis.register_function{function_name='io_incr', callback=function(keys, args) return redis.call('incrby', keys[1], args[1]) end}\n" +
      "redis.register_function{function_name='io_get', callback=function(keys) return redis.call('get', keys[1]) end, flags={'no-writes'}}");
    assert.equal(await r.function('LOAD', 'REPLACE', code), 'io');
    assert.equal(await r.fcall('io_incr', 1, 'iokey', 5), 5);
    assert.equal(await r.fcall_ro('io_get', 1, 'iokey'), '5');
    await assert.rejects(r.fcall_ro('io_incr', 1, 'iokey', 1), /Can not execute a script with write flag using \*_ro command/);
    assert.deepEqual(await r.function('LIST', 'LIBRARYNAME', 'io'), [[
      'library_name', 'io', 'engine', 'LUA', 'functions', [
        ['name', 'io_incr', 'description', null, 'flags', []],
        ['name', 'io_get', 'description', null, 'flags', ['no-writes']],
      ],
    ]]);
    assert.equal(await r.function('DELETE', 'io'), 'OK');
  } finally {
    r.disconnect();
  }
});

interface Conns {
  shoal: RespConn;
  redis: RespConn;
}

/**
 * A connection to each server, answered once: Shoal serves only the
 * connections it had accepted when a script became busy.
 */
async function others(): Promise<Conns> {
  const conns = { shoal: await RespConn.connect(p.shoalProc.port), redis: await RespConn.connect(p.redisProc.port) };
  await sameOn(conns, 'PING');
  return conns;
}

/** Runs `body` with connections for a long call's callers and for other clients, closed after. */
async function withBusyConns(body: (callers: Conns, b: Conns) => Promise<void>): Promise<void> {
  const callers = await others();
  const b = await others();
  try {
    await body(callers, b);
  } finally {
    for (const c of [callers.shoal, callers.redis, b.shoal, b.redis]) c.close();
  }
}

/** Starts a long call on one connection of each server; resolves to both replies once they come. */
function startBusy(conns: Conns, ...args: string[]): Promise<[Reply, Reply]> {
  const cmd = Buffer.from(`*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`);
  conns.shoal.write(cmd);
  conns.redis.write(cmd);
  return Promise.all([conns.shoal.read(30000), conns.redis.read(30000)]);
}

const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Sends to the second connections; asserts the same reply from both servers. */
async function sameOn(conns: Conns, ...args: string[]): Promise<Reply> {
  const [a, b] = await Promise.all([conns.shoal.call(...args), conns.redis.call(...args)]);
  assert.deepEqual(a, b, `reply to ${args.join(' ')} while busy`);
  return a;
}

test('a busy script: other clients get -BUSY, SCRIPT KILL stops it, its caller gets the killed error', async () => {
  await p.same('CONFIG', 'SET', 'busy-reply-threshold', '100');
  await withBusyConns(async (callers, b) => {
    const k = await others();
    // A RESP2 subscriber: what its mode refuses is refused so, before the busy check.
    const sub = await others();
    await sameOn(sub, 'SUBSCRIBE', 'ch');
    const done = startBusy(callers, 'EVAL', 'while true do end', '0');
    await pause(400);
    await sameOn(b, 'PING');
    await sameOn(b, 'GET', 'x');
    // Pipelined commands are each answered; the allowed ones run.
    b.shoal.write('*1\r\n$4\r\nPING\r\n*1\r\n$5\r\nMULTI\r\n');
    b.redis.write('*1\r\n$4\r\nPING\r\n*1\r\n$5\r\nMULTI\r\n');
    for (let i = 0; i < 2; i++) {
      const [x, y] = await Promise.all([b.shoal.read(), b.redis.read()]);
      assert.deepEqual(x, y);
    }
    await sameOn(b, 'SET', 'x', '1');
    await sameOn(b, 'EXEC');
    await sameOn(b, 'FUNCTION', 'STATS');
    await sameOn(b, 'FUNCTION', 'KILL');
    await sameOn(b, 'SHUTDOWN');
    await sameOn(b, 'NOSUCH');
    await sameOn(b, 'GET');
    await sameOn(sub, 'GET', 'x');
    await sameOn(sub, 'PING');
    // A command larger than one read is refused once, whole.
    await sameOn(b, 'SET', 'big', 'v'.repeat(300 * 1024));
    // A command cut in two, half sent while busy and half after: it runs once, after the script.
    for (const c of [b.shoal, b.redis]) c.write('*2\r\n$4\r\nECHO\r\n$5\r\nhel');
    await pause(50);
    try {
      await sameOn(k, 'SCRIPT', 'KILL');
      const [s, r] = await done;
      assert.deepEqual(s, r);
      assert.match(JSON.stringify(s), /"ERR Script killed by user with SCRIPT KILL\.\.\. script: /);
    } finally {
      for (const c of [k.shoal, k.redis, sub.shoal, sub.redis]) c.close();
    }
    for (const c of [b.shoal, b.redis]) c.write('lo\r\n');
    const [x, y] = await Promise.all([b.shoal.read(), b.redis.read()]);
    assert.deepEqual(x, { t: 'bulk', v: 'hello' });
    assert.deepEqual(y, x);
    await sameOn(b, 'PING');
    await sameOn(callers, 'PING');
    await sameOn(b, 'SCRIPT', 'KILL');
  });
});

test('a client blocked on a key a busy script pushed to is served when the script ends, not before', async () => {
  await withBusyConns(async (callers, b) => {
    const blockers = await others();
    try {
      const blocked = startBusy(blockers, 'BLPOP', 'blk', '0');
      await pause(100);
      // The list keeps its element for the whole script, whatever runs meanwhile.
      const script = [
        "redis.call('lpush', KEYS[1], 'x')",
        "local function now() local t = redis.call('time') return t[1] + t[2] / 1e6 end",
        "local s = now() while now() - s < 0.8 do end return redis.call('llen', KEYS[1])",
      ].join('\n');
      const done = startBusy(callers, 'EVAL', script, '1', 'blk');
      await pause(400);
      // A command allowed while busy runs, and serves no one blocked.
      await sameOn(b, 'MULTI');
      await sameOn(b, 'DISCARD');
      const [scriptReplies, blockedReplies] = await Promise.all([done, blocked]);
      assert.deepEqual(scriptReplies[0], { t: 'int', v: '1' });
      assert.deepEqual(scriptReplies[1], scriptReplies[0]);
      assert.deepEqual(blockedReplies[1], blockedReplies[0]);
    } finally {
      blockers.shoal.close();
      blockers.redis.close();
    }
  });
});

test('a busy function: FUNCTION STATS shows it, SCRIPT KILL is refused, FUNCTION KILL stops it', async () => {
  await p.same('FUNCTION', 'FLUSH');
  await p.same('FUNCTION', 'LOAD', lib('busy', "redis.register_function('spin', function() local ok = pcall(function() while true do end end) while true do end end)"));
  await withBusyConns(async (callers, b) => {
    const done = startBusy(callers, 'FCALL', 'spin', '0');
    await pause(400);
    await sameOn(b, 'PING');
    const [s3, r3] = await Promise.all([b.shoal.call('FUNCTION', 'STATS'), b.redis.call('FUNCTION', 'STATS')]);
    // duration_ms differs; the rest is the same.
    const dropDuration = (r: Reply): unknown => JSON.stringify(r).replace(/"duration_ms"\},\{"t":"int","v":"\d+"/, '');
    assert.equal(dropDuration(s3), dropDuration(r3));
    await sameOn(b, 'SCRIPT', 'KILL');
    await sameOn(b, 'FUNCTION', 'KILL');
    const [s, r] = await done;
    assert.deepEqual(s, r);
    await sameOn(b, 'FUNCTION', 'KILL');
  });
});

test('a busy script that wrote is UNKILLABLE; SHUTDOWN NOSAVE stops the server', async () => {
  const callers = await others();
  const b = await others();
  const done = startBusy(callers, 'EVAL', "redis.call('set', 'written', '1') while true do end", '0');
  await pause(400);
  await sameOn(b, 'SCRIPT', 'KILL');
  await sameOn(b, 'FUNCTION', 'KILL');
  await sameOn(b, 'SHUTDOWN', 'SAVE');
  b.shoal.write('*2\r\n$8\r\nSHUTDOWN\r\n$6\r\nNOSAVE\r\n');
  b.redis.write('*2\r\n$8\r\nSHUTDOWN\r\n$6\r\nNOSAVE\r\n');
  await assert.rejects(done, /connection closed/);
  assert.ok(await b.shoal.waitClosed());
  assert.ok(await b.redis.waitClosed());
  const exited = (proc: Pair['shoalProc']): Promise<void> =>
    proc.child.exitCode !== null ? Promise.resolve() : new Promise((r) => proc.child.once('exit', () => r()));
  await Promise.all([exited(p.shoalProc), exited(p.redisProc)]);
});
