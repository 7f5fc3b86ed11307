/**
 * Keyspace notifications, differential against redis-server: the same
 * commands on both, and the same events (channel and payload, in order) on
 * a PSUBSCRIBE `__key*__:*` connection.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startPair, type Pair } from '../helpers/diff';
import { startShoal } from '../helpers/procs';
import { RespConn, encode, show } from '../helpers/resp';

type Cmd = (string | number)[];

let p: Pair;
let subShoal: RespConn;
let subRedis: RespConn;

before(async () => {
  p = await startPair(['--enable-debug-command', 'yes'], ['--enable-debug-command', 'yes']);
  [subShoal, subRedis] = await Promise.all([RespConn.connect(p.shoalProc.port), RespConn.connect(p.redisProc.port)]);
  for (const s of [subShoal, subRedis]) {
    await s.call('PSUBSCRIBE', '__key*__:*');
    await s.call('SUBSCRIBE', 'done');
  }
});

after(async () => {
  subShoal.close();
  subRedis.close();
  await p.close();
});

/** The events received up to a marker published on `done`, as "channel payload". */
async function drain(sub: RespConn, conn: RespConn): Promise<string[]> {
  await conn.call('PUBLISH', 'done', 'x');
  const out: string[] = [];
  for (;;) {
    const m = show(await sub.read()) as string[];
    if (m[0] === 'message') return out;
    out.push(`${m[2]} ${m[3]}`);
  }
}

/** Both servers' events since the last drain, asserted identical; returns them. */
async function sameEvents(what: string): Promise<string[]> {
  const [a, b] = await Promise.all([drain(subShoal, p.shoal), drain(subRedis, p.redis)]);
  assert.deepEqual(a, b, `events of ${what} differ`);
  return a;
}

/** Runs cmds on both servers (same replies) with `flags` set, from an empty keyspace; returns the events. */
async function events(flags: string, cmds: Cmd[]): Promise<string[]> {
  await p.same('CONFIG', 'SET', 'notify-keyspace-events', '');
  await p.same('FLUSHALL');
  // Whatever an earlier failed test left unread is dropped.
  await Promise.all([drain(subShoal, p.shoal), drain(subRedis, p.redis)]);
  await p.same('CONFIG', 'SET', 'notify-keyspace-events', flags);
  await p.sameAll(cmds);
  return sameEvents(JSON.stringify(cmds));
}

/** events(), each command on its own so a failure names it; returns all the events. */
async function eachEvents(flags: string, cmds: Cmd[]): Promise<string[]> {
  await events(flags, []);
  const all: string[] = [];
  for (const cmd of cmds) {
    await p.same(...cmd);
    all.push(...(await sameEvents(JSON.stringify(cmd))));
  }
  return all;
}

/** Asserts that each event name was published at least once (so an agreement is not vacuous). */
function covers(got: string[], names: string[]): void {
  const seen = new Set(got.filter((e) => e.startsWith('__keyevent@')).map((e) => e.slice(e.indexOf(':') + 1, e.indexOf(' '))));
  for (const n of names) assert.ok(seen.has(n), `no ${n} event`);
}

const ALL = 'KEAnm';

test('list commands', async () => {
  const got = await eachEvents(ALL, [
    ['LPUSH', 'l', 'a', 'b', 'c'], ['RPUSH', 'l', 'd'], ['LPUSHX', 'nol', 'x'], ['RPUSHX', 'l', 'e'],
    ['LINSERT', 'l', 'BEFORE', 'a', 'z'], ['LINSERT', 'l', 'BEFORE', 'nopivot', 'z'], ['LINSERT', 'nol', 'AFTER', 'a', 'z'],
    ['LSET', 'l', 0, 'C'], ['LSET', 'nol', 0, 'x'], ['LSET', 'l', 100, 'x'],
    ['LREM', 'l', 0, 'z'], ['LREM', 'l', 0, 'nothing'], ['LTRIM', 'l', 0, -1], ['LTRIM', 'l', 1, 2],
    ['LPOP', 'l'], ['RPOP', 'l'], ['LPOP', 'nol'], ['RPUSH', 'l', 'a', 'b', 'c'], ['LPOP', 'l', 0], ['LPOP', 'l', 2], ['RPOP', 'l', 5],
    ['RPUSH', 'l', 'a', 'b'], ['LTRIM', 'l', 5, 10], ['RPUSH', 'l', 'a', 'b'], ['LREM', 'l', 0, 'a'], ['LREM', 'l', -1, 'b'],
    ['RPUSH', 'src', 'a', 'b'], ['LMOVE', 'src', 'dst', 'LEFT', 'RIGHT'], ['RPOPLPUSH', 'src', 'dst'], ['LMOVE', 'nosrc', 'dst', 'LEFT', 'LEFT'],
    ['LMOVE', 'dst', 'dst', 'LEFT', 'RIGHT'], ['SET', 's', 'x'], ['LMOVE', 'dst', 's', 'LEFT', 'RIGHT'], ['LPUSH', 's', 'x'],
    ['LMPOP', 2, 'nol', 'dst', 'RIGHT', 'COUNT', 1], ['LMPOP', 1, 'dst', 'LEFT', 'COUNT', 9],
    ['RPUSH', 'l', 'a', 'b'], ['BLPOP', 'nol', 'l', 0], ['BRPOP', 'l', 0], ['RPUSH', 'l', 'a'], ['BLMOVE', 'l', 'l2', 'RIGHT', 'LEFT', 0],
    ['BLMPOP', 0, 1, 'l2', 'LEFT'], ['BRPOPLPUSH', 'l', 'l2', '0.01'],
    ['LRANGE', 'nol', 0, -1], ['LLEN', 'nol'], ['LINDEX', 'nol', 0], ['LPOS', 'nol', 'a'],
  ]);
  covers(got, ['new', 'lpush', 'rpush', 'linsert', 'lset', 'lrem', 'ltrim', 'lpop', 'rpop', 'del', 'keymiss']);
});

test('set commands', async () => {
  const got = await eachEvents(ALL, [
    ['SADD', 's', 'a', 'b', 'c'], ['SADD', 's', 'a'], ['SADD', 's', 'a', 'd'], ['SREM', 's', 'zz'], ['SREM', 's', 'a', 'zz'], ['SREM', 'nos', 'a'],
    ['SMOVE', 's', 'd', 'b'], ['SMOVE', 's', 'd', 'nomember'], ['SMOVE', 'd', 'd', 'b'], ['SMOVE', 'd', 's', 'b'], ['SADD', 'one', 'x'],
    ['SMOVE', 'one', 's', 'x'], ['SMOVE', 'nos', 's', 'x'], ['SET', 'str', 'v'], ['SMOVE', 's', 'str', 'x'], ['SADD', 'str', 'x'],
    ['SADD', 'p', 'only'], ['SPOP', 'p'], ['SPOP', 'nos'], ['SADD', 'p', 'only'], ['SPOP', 'p', 0], ['SPOP', 'p', 1], ['SADD', 'p', 'a'], ['SPOP', 'p', 5],
    ['SADD', 'a', 1, 2, 3], ['SADD', 'b', 2, 3, 4], ['SINTERSTORE', 'i', 'a', 'b'], ['SUNIONSTORE', 'u', 'a', 'b'], ['SDIFFSTORE', 'df', 'a', 'b'],
    ['SINTERSTORE', 'i', 'a', 'nos'], ['SINTERSTORE', 'i', 'a', 'nos'], ['SUNIONSTORE', 'u', 'nos', 'nos2'], ['SDIFFSTORE', 'df', 'a', 'a'],
    ['SINTERSTORE', 'x', 'str', 'a'], ['SINTER', 'a', 'nos'], ['SUNION', 'nos', 'a'], ['SDIFF', 'nos', 'a'], ['SINTERCARD', 2, 'a', 'nos'],
    ['SCARD', 'nos'], ['SMEMBERS', 'nos'], ['SISMEMBER', 'nos', 'a'], ['SMISMEMBER', 'nos', 'a'], ['SRANDMEMBER', 'nos'],
  ]);
  covers(got, ['new', 'sadd', 'srem', 'spop', 'sinterstore', 'sunionstore', 'sdiffstore', 'del', 'keymiss']);
});

test('hash commands', async () => {
  const got = await eachEvents(ALL, [
    ['HSET', 'h', 'a', 1, 'b', 2], ['HSET', 'h', 'a', 1], ['HMSET', 'h', 'c', 3], ['HSETNX', 'h', 'a', 9], ['HSETNX', 'h', 'n', 9], ['HSETNX', 'h2', 'n', 9],
    ['HINCRBY', 'h', 'a', 5], ['HINCRBY', 'h', 'x', 5], ['HINCRBY', 'h3', 'x', 5], ['HINCRBYFLOAT', 'h', 'a', '1.5'], ['HINCRBYFLOAT', 'h4', 'f', '2'],
    ['HSET', 'h', 's', 'str'], ['HINCRBY', 'h', 's', 1], ['HINCRBYFLOAT', 'h', 's', 1],
    ['HDEL', 'h', 'zz'], ['HDEL', 'h', 'a', 'zz'], ['HDEL', 'h2', 'n'], ['HDEL', 'noh', 'a'], ['SET', 'str', 'v'], ['HSET', 'str', 'a', 1], ['HDEL', 'str', 'a'],
    ['HGET', 'noh', 'a'], ['HGETALL', 'noh'], ['HLEN', 'noh'], ['HEXISTS', 'noh', 'a'], ['HMGET', 'noh', 'a'], ['HKEYS', 'noh'], ['HVALS', 'noh'],
    ['HSTRLEN', 'noh', 'a'], ['HRANDFIELD', 'noh'],
  ]);
  covers(got, ['new', 'hset', 'hdel', 'hincrby', 'hincrbyfloat', 'del', 'keymiss']);
});

test('sorted set commands', async () => {
  const got = await eachEvents(ALL, [
    ['ZADD', 'z', 1, 'a', 2, 'b', 3, 'c'], ['ZADD', 'z', 1, 'a'], ['ZADD', 'z', 'XX', 1, 'new'], ['ZADD', 'noz', 'XX', 1, 'a'],
    ['ZADD', 'z', 'NX', 5, 'a'], ['ZADD', 'z', 'CH', 5, 'a'], ['ZADD', 'z', 'INCR', 1, 'a'], ['ZINCRBY', 'z', 1, 'a'], ['ZINCRBY', 'z2', 1, 'a'],
    ['ZADD', 'z', 'GT', 1, 'a'], ['ZADD', 'z', 'INCR', 'XX', 1, 'nope'],
    ['ZREM', 'z', 'nope'], ['ZREM', 'z', 'b', 'nope'], ['ZREM', 'z2', 'a'], ['ZREM', 'noz', 'a'],
    ['ZADD', 'r', 1, 'a', 2, 'b', 3, 'c', 4, 'd'], ['ZREMRANGEBYRANK', 'r', 0, 0], ['ZREMRANGEBYRANK', 'r', 10, 20], ['ZREMRANGEBYSCORE', 'r', 2, 2],
    ['ZREMRANGEBYSCORE', 'r', 100, 200], ['ZREMRANGEBYLEX', 'r', '[c', '[c'], ['ZREMRANGEBYLEX', 'r', '[x', '[y'], ['ZREMRANGEBYRANK', 'r', 0, -1],
    ['ZADD', 'p', 1, 'a', 2, 'b', 3, 'c'], ['ZPOPMIN', 'p'], ['ZPOPMAX', 'p', 0], ['ZPOPMAX', 'p', 1], ['ZPOPMIN', 'p', 5], ['ZPOPMIN', 'nop'],
    ['ZADD', 'p', 1, 'a', 2, 'b'], ['ZMPOP', 2, 'nop', 'p', 'MIN'], ['BZPOPMAX', 'p', 0], ['ZADD', 'p', 1, 'a'], ['BZPOPMIN', 'p', 0],
    ['ZADD', 'p', 1, 'a'], ['BZMPOP', 0, 1, 'p', 'MAX', 'COUNT', 3],
    ['ZADD', 'a', 1, 'x', 2, 'y'], ['ZADD', 'b', 1, 'y', 2, 'z'], ['ZUNIONSTORE', 'u', 2, 'a', 'b'], ['ZINTERSTORE', 'i', 2, 'a', 'b'],
    ['ZDIFFSTORE', 'df', 2, 'a', 'b'], ['ZINTERSTORE', 'i', 2, 'a', 'noz'], ['ZDIFFSTORE', 'df', 2, 'a', 'a'], ['ZUNIONSTORE', 'u', 1, 'noz'],
    ['ZRANGESTORE', 'rs', 'a', 0, -1], ['ZRANGESTORE', 'rs', 'a', 5, 6], ['ZRANGESTORE', 'rs', 'a', 0, 0], ['ZRANGESTORE', 'rs', 'noz', 0, -1],
    ['SET', 'str', 'v'], ['ZADD', 'str', 1, 'a'], ['ZUNIONSTORE', 'u', 2, 'a', 'str'],
    ['ZRANGE', 'noz', 0, -1], ['ZSCORE', 'noz', 'a'], ['ZCARD', 'noz'], ['ZRANK', 'noz', 'a'], ['ZCOUNT', 'noz', 0, 1], ['ZUNION', 2, 'a', 'noz'],
    ['ZINTER', 2, 'noz', 'a'], ['ZMSCORE', 'noz', 'a'], ['ZRANDMEMBER', 'noz'], ['ZLEXCOUNT', 'noz', '-', '+'], ['ZINTERCARD', 2, 'a', 'noz'],
  ]);
  covers(got, ['new', 'zadd', 'zincr', 'zrem', 'zremrangebyrank', 'zremrangebyscore', 'zremrangebylex', 'zpopmin', 'zpopmax', 'zunionstore', 'zinterstore', 'zdiffstore', 'zrangestore', 'del', 'keymiss']);
});

test('string commands', async () => {
  const got = await eachEvents(ALL, [
    ['SET', 'k', 'v'], ['SET', 'k', 'v2'], ['SET', 'k', 'v', 'NX'], ['SET', 'nok', 'v', 'XX'], ['SET', 'k', 'v3', 'GET'], ['SET', 'g', 'v', 'GET'],
    ['SET', 'k', 'v', 'EX', 100], ['SET', 'k', 'v', 'KEEPTTL'], ['SET', 'k', 'v', 'PX', 100000, 'XX'], ['SET', 'k', 'v', 'EX', 0],
    ['SETNX', 'k', 'v'], ['SETNX', 'n', 'v'], ['SETEX', 'k', 100, 'v'], ['PSETEX', 'k', 100000, 'v'], ['GETSET', 'k', 'x'], ['GETSET', 'gs', 'x'],
    ['GETDEL', 'k'], ['GETDEL', 'k'], ['SET', 'k', 'v'], ['GETEX', 'k'], ['GETEX', 'k', 'EX', 100], ['GETEX', 'k', 'PERSIST'], ['GETEX', 'k', 'PERSIST'],
    ['GETEX', 'nok', 'EX', 100], ['GETEX', 'k', 'PXAT', 1], ['MSET', 'a', 1, 'b', 2, 'a', 3], ['MSETNX', 'a', 1, 'c', 3], ['MSETNX', 'c', 1, 'd', 2],
    ['APPEND', 'ap', 'x'], ['APPEND', 'ap', 'y'], ['APPEND', 'ap', ''], ['SETRANGE', 'sr', 2, 'x'], ['SETRANGE', 'sr', 0, 'y'], ['SETRANGE', 'sr', 0, ''],
    ['SETRANGE', 'nosr', 0, ''], ['INCR', 'i'], ['DECR', 'i'], ['INCRBY', 'i', 5], ['DECRBY', 'i', 2], ['INCRBYFLOAT', 'i', '1.5'], ['INCRBYFLOAT', 'f', 2],
    ['INCR', 'ap'], ['INCRBYFLOAT', 'ap', 1], ['LPUSH', 'l', 'x'], ['INCR', 'l'], ['APPEND', 'l', 'x'], ['SETRANGE', 'l', 0, 'x'], ['GET', 'l'],
    ['GET', 'nok'], ['MGET', 'nok', 'a', 'nok2'], ['STRLEN', 'nok'], ['GETRANGE', 'nok', 0, 1], ['SUBSTR', 'nok', 0, 1], ['LCS', 'nok', 'a'],
  ]);
  covers(got, ['new', 'set', 'expire', 'persist', 'del', 'append', 'setrange', 'incrby', 'incrbyfloat', 'keymiss']);
});

test('SET with a time already past stores the key, which the next access expires', async () => {
  const got = await events(ALL, [['SET', 'k', 'v', 'PXAT', 1], ['GET', 'k'], ['SET', 'j', 'v', 'EXAT', 1], ['SET', 'j', 'w']]);
  assert.deepEqual(got.filter((e) => e.startsWith('__keyevent')), [
    '__keyevent@0__:new k', '__keyevent@0__:set k', '__keyevent@0__:expire k', '__keyevent@0__:expired k', '__keyevent@0__:keymiss k',
    '__keyevent@0__:new j', '__keyevent@0__:set j', '__keyevent@0__:expire j', '__keyevent@0__:expired j', '__keyevent@0__:new j', '__keyevent@0__:set j',
  ]);
});

test('a key expiring on its own is reported as expired', async () => {
  await events(ALL, [['SET', 'k', 'v', 'PX', 20], ['HSET', 'h', 'f', 'v'], ['PEXPIRE', 'h', 20]]);
  await new Promise((r) => setTimeout(r, 250));
  // The active cycle's sampling order is its own: compare the events, not their order.
  const [a, b] = await Promise.all([drain(subShoal, p.shoal), drain(subRedis, p.redis)]);
  assert.deepEqual(a.sort(), b.sort());
  assert.deepEqual(a, ['__keyevent@0__:expired h', '__keyevent@0__:expired k', '__keyspace@0__:h expired', '__keyspace@0__:k expired']);
});

test('bitmap and HyperLogLog commands', async () => {
  const got = await eachEvents(ALL, [
    ['SETBIT', 'b', 7, 1], ['SETBIT', 'b', 20, 0], ['BITFIELD', 'bf', 'SET', 'u8', 0, 255, 'INCRBY', 'u8', 8, 1], ['BITFIELD', 'bf', 'GET', 'u8', 0],
    ['BITFIELD', 'nob', 'GET', 'u8', 0], ['BITFIELD_RO', 'nob', 'GET', 'u8', 0], ['BITFIELD', 'ov', 'OVERFLOW', 'FAIL', 'INCRBY', 'u2', 0, 9],
    ['SET', 's1', 'ab'], ['BITOP', 'AND', 'dst', 's1', 'nob'], ['BITOP', 'OR', 'dst', 's1'], ['BITOP', 'XOR', 'dst', 'nob', 'nob2'],
    ['BITOP', 'NOT', 'dst', 'nob'], ['GETBIT', 'nob', 0], ['BITCOUNT', 'nob'], ['BITPOS', 'nob', 1], ['LPUSH', 'l', 'x'], ['SETBIT', 'l', 0, 1],
    ['PFADD', 'h', 'a', 'b'], ['PFADD', 'h', 'a'], ['PFADD', 'h2'], ['PFADD', 'h2'], ['PFCOUNT', 'noh'], ['PFCOUNT', 'h', 'noh'], ['PFMERGE', 'm', 'h', 'noh'],
    ['PFMERGE', 'm', 'h'], ['PFADD', 'l', 'a'],
  ]);
  covers(got, ['new', 'setbit', 'set', 'del', 'pfadd', 'keymiss']);
});

test('Redis 7.2: SETBIT that changes nothing emits nothing', async () => {
  // 7.0 (the oracle here) reports every SETBIT; 7.2 only one that flips a bit or grows the string.
  await events(ALL, [['SETBIT', 'b', 7, 1]]);
  await p.shoal.call('SETBIT', 'b', 7, 1);
  await p.shoal.call('SETBIT', 'b', 6, 0);
  await p.shoal.call('SETBIT', 'b', 6, 1);
  assert.deepEqual(await drain(subShoal, p.shoal), ['__keyspace@0__:b setbit', '__keyevent@0__:setbit b']);
  await p.redis.call('DEL', 'b');
  await drain(subRedis, p.redis);
});

test('generic key commands', async () => {
  const got = await eachEvents(ALL, [
    ['SET', 'a', 1], ['SET', 'b', 2], ['DEL', 'a', 'b', 'nok'], ['DEL', 'nok'], ['SET', 'a', 1], ['UNLINK', 'a', 'nok'],
    ['SET', 'k', 'v'], ['EXPIRE', 'k', 100], ['PEXPIRE', 'k', 100000], ['EXPIREAT', 'k', 4000000000], ['PEXPIREAT', 'k', 4000000000000],
    ['EXPIRE', 'k', 100, 'NX'], ['EXPIRE', 'k', 1, 'GT'], ['EXPIRE', 'k', 200, 'XX'], ['EXPIRE', 'nok', 100], ['PERSIST', 'k'], ['PERSIST', 'k'], ['PERSIST', 'nok'],
    ['EXPIRE', 'k', -1], ['SET', 'k', 'v'], ['PEXPIREAT', 'k', 1], ['SET', 'k', 'v'], ['EXPIRE', 'k', 0],
    ['TTL', 'nok'], ['PTTL', 'nok'], ['EXPIRETIME', 'nok'], ['TYPE', 'nok'], ['EXISTS', 'nok', 'nok2'], ['TOUCH', 'nok'], ['OBJECT', 'ENCODING', 'nok'],
    ['DUMP', 'nok'], ['RANDOMKEY'], ['KEYS', '*'], ['SCAN', 0],
    ['SET', 'src', 'v'], ['RENAME', 'src', 'dst'], ['SET', 'src', 'v'], ['RENAME', 'src', 'dst'], ['RENAME', 'dst', 'dst'], ['RENAME', 'nok', 'x'],
    ['SET', 'src', 'v'], ['RENAMENX', 'src', 'dst'], ['RENAMENX', 'src', 'other'],
    ['COPY', 'other', 'cp'], ['COPY', 'other', 'cp'], ['COPY', 'other', 'cp', 'REPLACE'], ['COPY', 'nok', 'cp'], ['COPY', 'other', 'cp', 'DB', 1],
    ['MOVE', 'other', 1], ['MOVE', 'cp', 1], ['MOVE', 'nok', 1], ['SELECT', 1], ['DEL', 'other'], ['SELECT', 0],
  ]);
  covers(got, ['new', 'del', 'expire', 'persist', 'rename_from', 'rename_to', 'copy_to', 'move_from', 'move_to', 'keymiss']);
});

test('RESTORE and DUMP', async () => {
  await events(ALL, []);
  // Redis's payload (RDB 10) for both: Shoal writes 7.2's RDB 11, which 7.0 cannot load.
  await p.same('RPUSH', 'l', 'a', 'b');
  const dump = await p.redis.call('DUMP', 'l');
  assert.equal(dump.t, 'bulk');
  const payload = (dump as { v: string }).v;
  await sameEvents('setup');
  const got: string[] = [];
  for (const cmd of [
    ['RESTORE', 'r', 0, payload], ['RESTORE', 'r', 0, payload], ['RESTORE', 'r', 0, payload, 'REPLACE'], ['RESTORE', 'r2', 100000, payload],
    ['RESTORE', 'r', 1, payload, 'REPLACE', 'ABSTTL'], ['RESTORE', 'r3', 1, payload, 'ABSTTL'], ['RESTORE', 'bad', 0, 'junk'],
  ]) {
    await p.same(...cmd);
    got.push(...(await sameEvents(String(cmd.slice(0, 3)))));
  }
  covers(got, ['new', 'restore', 'del']);
});

test('SORT', async () => {
  const got = await eachEvents(ALL, [
    ['RPUSH', 'l', 3, 1, 2], ['SET', 'w_1', 10], ['SET', 'w_2', 5], ['SORT', 'l', 'STORE', 'out'], ['SORT', 'l', 'BY', 'w_*', 'STORE', 'out'],
    ['SORT', 'l', 'BY', 'nosort', 'GET', 'o_*', 'GET', '#'], ['SORT', 'l', 'LIMIT', 5, 5, 'STORE', 'out'], ['SORT', 'nol', 'STORE', 'out2'],
    ['SORT', 'nol'], ['SORT_RO', 'nol'], ['HSET', 'h_1', 'f', 1], ['SORT', 'l', 'BY', 'h_*->f', 'GET', 'h_*->f', 'GET', 'w_*'],
    ['SORT_RO', 'l', 'BY', 'w_*', 'GET', '#'], ['SET', 's', 'x'], ['SORT', 's', 'STORE', 'out'],
  ]);
  covers(got, ['sortstore', 'del', 'keymiss']);
});

test('geo commands', async () => {
  const got = await eachEvents(ALL, [
    ['GEOADD', 'g', 13.361389, 38.115556, 'Palermo', 15.087269, 37.502669, 'Catania'], ['GEOADD', 'g', 13.361389, 38.115556, 'Palermo'],
    ['GEOADD', 'nog', 'XX', 13.361389, 38.115556, 'Palermo'], ['GEOADD', 'g', 'CH', 13.4, 38.1, 'Palermo'],
    ['GEORADIUS', 'g', 15, 37, 200, 'km', 'STORE', 'st'], ['GEORADIUS', 'g', 15, 37, 200, 'km', 'STOREDIST', 'st'],
    ['GEORADIUSBYMEMBER', 'g', 'Palermo', 10, 'km', 'STORE', 'st2'], ['GEOSEARCHSTORE', 'st3', 'g', 'FROMLONLAT', 15, 37, 'BYRADIUS', 200, 'km'],
    ['GEOSEARCHSTORE', 'st3', 'g', 'FROMLONLAT', 0, 0, 'BYRADIUS', 1, 'km'], ['GEORADIUS', 'g', 0, 0, 1, 'km', 'STORE', 'st'],
    ['GEOSEARCHSTORE', 'st2', 'nog', 'FROMLONLAT', 0, 0, 'BYRADIUS', 1, 'km'],
    ['GEOPOS', 'nog', 'a'], ['GEODIST', 'nog', 'a', 'b'], ['GEOHASH', 'nog', 'a'], ['GEOSEARCH', 'nog', 'FROMLONLAT', 0, 0, 'BYRADIUS', 1, 'km'],
  ]);
  covers(got, ['new', 'zadd', 'georadiusstore', 'geosearchstore', 'del', 'keymiss']);
});

test('commands with random replies report the same events', async () => {
  await events(ALL, [['SADD', 's', 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]]);
  for (const cmd of [['SPOP', 's'], ['SPOP', 's', 2], ['SPOP', 's', 6], ['SRANDMEMBER', 's', 2], ['RANDOMKEY']]) {
    await p.both(...cmd);
    await sameEvents(cmd.join(' '));
  }
});

test('MULTI/EXEC reports each command in order', async () => {
  await events(ALL, [['MULTI'], ['SET', 'a', 1], ['LPUSH', 'l', 'x'], ['DEL', 'a'], ['LPOP', 'l'], ['INCR', 'a'], ['EXEC']]);
});

/** Blocks `cmd` on a connection of each server, runs `then`, and checks the blocked replies match. */
async function whileBlocked(cmds: Cmd[], then: Cmd[]): Promise<string[]> {
  await events(ALL, []);
  const conns = await Promise.all(cmds.flatMap(() => [RespConn.connect(p.shoalProc.port), RespConn.connect(p.redisProc.port)]));
  try {
    for (let i = 0; i < cmds.length; i++) {
      for (const conn of [conns[2 * i], conns[2 * i + 1]]) conn.write(encode(cmds[i].map(String)));
    }
    // Both servers have every waiter blocked before anything is pushed.
    for (const [conn, want] of [[p.shoal, cmds.length], [p.redis, cmds.length]] as const) {
      for (let tries = 0; ; tries++) {
        const info = show(await conn.call('INFO', 'clients')) as string;
        if (new RegExp(`blocked_clients:${want}\\r`).test(info)) break;
        assert.ok(tries < 100, 'clients did not block');
        await new Promise((r) => setTimeout(r, 10));
      }
    }
    await p.sameAll(then);
    for (let i = 0; i < cmds.length; i++) {
      const [a, b] = await Promise.all([conns[2 * i].read(), conns[2 * i + 1].read()]);
      assert.deepEqual(a, b, `reply to blocked ${cmds[i].join(' ')}`);
    }
    return await sameEvents(`${JSON.stringify(then)} serving ${JSON.stringify(cmds)}`);
  } finally {
    for (const conn of conns) conn.close();
  }
}

test('blocked clients served by a push report the pop (and the push) as Redis does', async () => {
  const got: string[] = [];
  got.push(...(await whileBlocked([['BLPOP', 'l', 0]], [['RPUSH', 'l', 'a']])));
  got.push(...(await whileBlocked([['BRPOP', 'l', 0]], [['RPUSH', 'l', 'a', 'b']])));
  got.push(...(await whileBlocked([['BLPOP', 'l', 0], ['BLPOP', 'l', 0]], [['RPUSH', 'l', 'a', 'b', 'c']])));
  got.push(...(await whileBlocked([['BLMOVE', 'l', 'd', 'LEFT', 'RIGHT', 0]], [['LPUSH', 'l', 'a']])));
  got.push(...(await whileBlocked([['BRPOPLPUSH', 'l', 'd', 0]], [['LPUSH', 'l', 'a', 'b']])));
  // A served BLMOVE's push serves the next waiter at once.
  got.push(...(await whileBlocked([['BLMOVE', 'src', 'dst', 'LEFT', 'RIGHT', 0], ['BLMOVE', 'dst', 'src', 'RIGHT', 'LEFT', 0]], [['SET', 'k1', 1], ['LPUSH', 'src', 'a'], ['SET', 'k2', 2]])));
  got.push(...(await whileBlocked([['BLMPOP', 0, 2, 'x', 'l', 'RIGHT', 'COUNT', 5]], [['LPUSH', 'l', 'a', 'b']])));
  got.push(...(await whileBlocked([['BZPOPMIN', 'z', 0]], [['ZADD', 'z', 1, 'a']])));
  got.push(...(await whileBlocked([['BZMPOP', 0, 1, 'z', 'MAX', 'COUNT', 2]], [['ZADD', 'z', 1, 'a', 2, 'b', 3, 'c']])));
  got.push(...(await whileBlocked([['BLPOP', 'l', 0]], [['MULTI'], ['LPUSH', 'l', 'a'], ['LPUSH', 'l', 'b'], ['EXEC']])));
  got.push(...(await whileBlocked([['BLPOP', 'l', 0]], [['SET', 'l', 'x'], ['DEL', 'l'], ['RPUSH', 'src', 'a'], ['SORT', 'src', 'ALPHA', 'STORE', 'l']])));
  covers(got, ['new', 'lpush', 'rpush', 'lpop', 'rpop', 'del', 'zadd', 'zpopmin', 'zpopmax', 'sortstore']);
});

/** One command of every class, for the class filters. */
const MIXED: Cmd[] = [
  ['SET', 's', 'v'], ['APPEND', 's', 'w'], ['LPUSH', 'l', 'a'], ['RPOP', 'l'], ['SADD', 'st', 'a'], ['HSET', 'h', 'f', 'v'], ['ZADD', 'z', 1, 'a'],
  ['EXPIRE', 's', 100], ['PERSIST', 's'], ['RENAME', 's', 's2'], ['DEL', 's2'], ['GET', 'missing'], ['PFADD', 'hll', 'a'],
  // Adjacent, so active expiry taking `e` first changes nothing: expired, then the miss.
  ['SET', 'e', 'v', 'PXAT', 1], ['EXISTS', 'e'],
];

test('class filters: only the classes and channel kinds enabled', async () => {
  for (const flags of ['Kl', 'E$', 'Kg', 'Es', 'Kh', 'Ez', 'Ex', 'KEm', 'KEn', 'K', 'E', 'A', 'g$', 'KEA', 'AKEmn']) {
    const got = await events(flags, MIXED);
    if (flags === 'Kl') assert.deepEqual(got, ['__keyspace@0__:l lpush', '__keyspace@0__:l rpop']);
    if (flags === 'E$') assert.deepEqual(got, ['__keyevent@0__:set s', '__keyevent@0__:append s', '__keyevent@0__:pfadd hll', '__keyevent@0__:set e']);
    if (flags === 'KEm') assert.deepEqual(got, ['__keyspace@0__:missing keymiss', '__keyevent@0__:keymiss missing', '__keyspace@0__:e keymiss', '__keyevent@0__:keymiss e']);
    if (flags === 'K' || flags === 'E' || flags === 'A') assert.deepEqual(got, []);
  }
});

test('notifications off: nothing is published', async () => {
  assert.deepEqual(await events('', MIXED), []);
});

test('MIGRATE deletes the moved keys as DEL does; COPY leaves them', async () => {
  // A Shoal target takes both sources' payloads (7.0 cannot load Shoal's RDB 11).
  const target = await startShoal();
  try {
    const to = ['127.0.0.1', target.port];
    const got = await eachEvents(ALL, [
      ['SET', 'k', 'v'], ['MIGRATE', ...to, 'k', 0, 5000, 'REPLACE'], ['MIGRATE', ...to, 'k', 0, 5000],
      ['SET', 'a', 1], ['SET', 'b', 2], ['MIGRATE', ...to, '', 0, 5000, 'COPY', 'REPLACE', 'KEYS', 'a', 'b', 'nok'],
      ['MIGRATE', ...to, '', 0, 5000, 'REPLACE', 'KEYS', 'a', 'nok', 'b'],
    ]);
    covers(got, ['del', 'keymiss']);
  } finally {
    await target.stop();
  }
});

test('CONFIG GET keeps n next to A (Redis drops it from the reply but still applies it)', async () => {
  await p.shoal.call('CONFIG', 'SET', 'notify-keyspace-events', 'KEAn');
  assert.deepEqual(show(await p.shoal.call('CONFIG', 'GET', 'notify-keyspace-events')), ['notify-keyspace-events', 'AnKE']);
  await p.shoal.call('CONFIG', 'SET', 'notify-keyspace-events', 'KEA');
  assert.deepEqual(show(await p.shoal.call('CONFIG', 'GET', 'notify-keyspace-events')), ['notify-keyspace-events', 'AKE']);
});

test('a command meeting a key whose time has passed expires it first', async () => {
  // Keys stored already expired (SET ... PXAT 1) stay until touched while active expiry is off.
  await p.same('DEBUG', 'SET-ACTIVE-EXPIRE', 0);
  const past = (k: string): Cmd => ['SET', k, 'v', 'PXAT', 1];
  try {
    await eachEvents(ALL, [
      past('a'), ['LPUSH', 'a', 'x'], past('b'), ['SET', 'b', 'w'], past('c'), ['MSET', 'c', 1, 'd', 2], past('e'), ['APPEND', 'e', 'x'],
      past('f'), ['INCR', 'f'], past('g'), ['SADD', 'g', 'm'], past('h'), ['HSET', 'h', 'f', 'v'], past('z'), ['ZADD', 'z', 1, 'm'],
      past('s'), ['RENAME', 's', 't'], ['SET', 's', 'v'], past('t'), ['RENAME', 's', 't'], past('r'), ['DEL', 'r'], past('x'), ['EXISTS', 'x'],
      past('y'), ['TYPE', 'y'], past('p'), ['PFADD', 'p', 'a'], past('q'), ['SETBIT', 'q', 1, 1], past('u'), ['EXPIRE', 'u', 100],
      past('w'), ['PERSIST', 'w'], ['SET', 'src', 'v'], past('cp'), ['COPY', 'src', 'cp'], past('gd'), ['GETDEL', 'gd'], past('gs'), ['GETSET', 'gs', 'v'],
      past('sr'), ['SETRANGE', 'sr', 0, 'x'], past('st'), ['SUNIONSTORE', 'st', 'nos', 'nos2'], past('sd'), ['SINTERSTORE', 'sd', 'src2', 'nos'],
      past('zs'), ['ZUNIONSTORE', 'zs', 1, 'noz'], past('bo'), ['BITOP', 'OR', 'bo', 'nob'], past('so'), ['SORT', 'nol', 'STORE', 'so'],
      past('m'), ['MOVE', 'm', 1], past('mv'), ['SELECT', 1], past('mv'), ['SELECT', 0], ['SET', 'mv', 'v'], ['MOVE', 'mv', 1],
      ['SELECT', 1], ['FLUSHDB'], ['SELECT', 0], past('sm'), ['SADD', 'sms', 'x'], ['SMOVE', 'sms', 'sm', 'x'], past('lm'), ['LPUSH', 'lms', 'x'],
      ['LMOVE', 'lms', 'lm', 'LEFT', 'LEFT'], past('gx'), ['GETEX', 'gx', 'PERSIST'], past('hl'), ['PFMERGE', 'hl', 'nohl'],
    ]);
  } finally {
    await p.same('DEBUG', 'SET-ACTIVE-EXPIRE', 1);
  }
});

test('hash, set and sorted set scans and random reads of a missing key are misses', async () => {
  await eachEvents(ALL, [
    ['HSCAN', 'no', 0], ['SSCAN', 'no', 0], ['ZSCAN', 'no', 0], ['HRANDFIELD', 'no', 2], ['SRANDMEMBER', 'no', 2], ['ZRANDMEMBER', 'no', 2],
    ['ZRANGEBYSCORE', 'no', 0, 1], ['ZREVRANGE', 'no', 0, 1], ['ZRANGEBYLEX', 'no', '-', '+'], ['ZREVRANK', 'no', 'a'], ['GEORADIUS', 'no', 0, 0, 1, 'km'],
    ['GEORADIUSBYMEMBER', 'no', 'a', 1, 'km'], ['SINTER', 'no'], ['SDIFF', 'no'], ['ZDIFF', 1, 'no'], ['LINDEX', 'no', 0], ['OBJECT', 'FREQ', 'no'],
    ['MEMORY', 'USAGE', 'no'], ['DEBUG', 'OBJECT', 'no'],
  ]);
});

test('FLUSHDB, FLUSHALL and SWAPDB report nothing; events name their db', async () => {
  const got = await events(ALL, [
    ['SET', 'a', 1], ['SELECT', 1], ['SET', 'b', 1], ['LPUSH', 'l', 'x'], ['SWAPDB', 0, 1], ['FLUSHDB'], ['SELECT', 0], ['FLUSHALL'],
  ]);
  assert.deepEqual(got.filter((e) => e.startsWith('__keyevent')), ['__keyevent@0__:new a', '__keyevent@0__:set a', '__keyevent@1__:new b',
    '__keyevent@1__:set b', '__keyevent@1__:new l', '__keyevent@1__:lpush l']);
});

test('commands run by a script report their events', async () => {
  await events(ALL, [
    ['EVAL', "redis.call('SET', KEYS[1], 'v'); redis.call('LPUSH', KEYS[2], 'x'); redis.call('RPOP', KEYS[2]); return redis.call('GET', KEYS[3])", 3, 'a', 'b', 'c'],
  ]);
});

test('binary key names reach the channels unchanged', async () => {
  const key = '\xff\x00k\r\n\xe9';
  const got = await events(ALL, [['SET', key, 'v'], ['DEL', key], ['GET', key]]);
  assert.ok(got.includes(`__keyspace@0__:${key} set`) && got.includes(`__keyevent@0__:keymiss ${key}`));
});
