/**
 * Keyspace notifications, differential against redis-server: the same
 * commands on both, and the same events (channel and payload, in order) on
 * a PSUBSCRIBE `__key*__:*` connection.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startPair, type Pair } from '../helpers/diff';
import { RespConn, show } from '../helpers/resp';

type Cmd = (string | number)[];

let p: Pair;
let subShoal: RespConn;
let subRedis: RespConn;

before(async () => {
  p = await startPair();
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
  await p.same('CONFIG', 'SET', 'notify-keyspace-events', flags);
  await p.sameAll(cmds);
  return sameEvents(JSON.stringify(cmds));
}

/** events(), each command on its own so a failure names it. */
async function eachEvents(flags: string, cmds: Cmd[]): Promise<void> {
  await events(flags, []);
  for (const cmd of cmds) {
    await p.same(...cmd);
    await sameEvents(JSON.stringify(cmd));
  }
}

const ALL = 'KEAnm';

test('list commands', async () => {
  await eachEvents(ALL, [
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
});

test('set commands', async () => {
  await eachEvents(ALL, [
    ['SADD', 's', 'a', 'b', 'c'], ['SADD', 's', 'a'], ['SADD', 's', 'a', 'd'], ['SREM', 's', 'zz'], ['SREM', 's', 'a', 'zz'], ['SREM', 'nos', 'a'],
    ['SMOVE', 's', 'd', 'b'], ['SMOVE', 's', 'd', 'nomember'], ['SMOVE', 'd', 'd', 'b'], ['SMOVE', 'd', 's', 'b'], ['SADD', 'one', 'x'],
    ['SMOVE', 'one', 's', 'x'], ['SMOVE', 'nos', 's', 'x'], ['SET', 'str', 'v'], ['SMOVE', 's', 'str', 'x'], ['SADD', 'str', 'x'],
    ['SADD', 'p', 'only'], ['SPOP', 'p'], ['SPOP', 'nos'], ['SADD', 'p', 'only'], ['SPOP', 'p', 0], ['SPOP', 'p', 1], ['SADD', 'p', 'a', 'b'], ['SPOP', 'p', 5],
    ['SADD', 'a', 1, 2, 3], ['SADD', 'b', 2, 3, 4], ['SINTERSTORE', 'i', 'a', 'b'], ['SUNIONSTORE', 'u', 'a', 'b'], ['SDIFFSTORE', 'df', 'a', 'b'],
    ['SINTERSTORE', 'i', 'a', 'nos'], ['SINTERSTORE', 'i', 'a', 'nos'], ['SUNIONSTORE', 'u', 'nos', 'nos2'], ['SDIFFSTORE', 'df', 'a', 'a'],
    ['SINTERSTORE', 'x', 'str', 'a'], ['SINTER', 'a', 'nos'], ['SUNION', 'nos', 'a'], ['SDIFF', 'nos', 'a'], ['SINTERCARD', 2, 'a', 'nos'],
    ['SCARD', 'nos'], ['SMEMBERS', 'nos'], ['SISMEMBER', 'nos', 'a'], ['SMISMEMBER', 'nos', 'a'], ['SRANDMEMBER', 'nos'],
  ]);
});

test('hash commands', async () => {
  await eachEvents(ALL, [
    ['HSET', 'h', 'a', 1, 'b', 2], ['HSET', 'h', 'a', 1], ['HMSET', 'h', 'c', 3], ['HSETNX', 'h', 'a', 9], ['HSETNX', 'h', 'n', 9], ['HSETNX', 'h2', 'n', 9],
    ['HINCRBY', 'h', 'a', 5], ['HINCRBY', 'h', 'x', 5], ['HINCRBY', 'h3', 'x', 5], ['HINCRBYFLOAT', 'h', 'a', '1.5'], ['HINCRBYFLOAT', 'h4', 'f', '2'],
    ['HSET', 'h', 's', 'str'], ['HINCRBY', 'h', 's', 1], ['HINCRBYFLOAT', 'h', 's', 1],
    ['HDEL', 'h', 'zz'], ['HDEL', 'h', 'a', 'zz'], ['HDEL', 'h2', 'n'], ['HDEL', 'noh', 'a'], ['SET', 'str', 'v'], ['HSET', 'str', 'a', 1], ['HDEL', 'str', 'a'],
    ['HGET', 'noh', 'a'], ['HGETALL', 'noh'], ['HLEN', 'noh'], ['HEXISTS', 'noh', 'a'], ['HMGET', 'noh', 'a'], ['HKEYS', 'noh'], ['HVALS', 'noh'],
    ['HSTRLEN', 'noh', 'a'], ['HRANDFIELD', 'noh'],
  ]);
});

test('sorted set commands', async () => {
  await eachEvents(ALL, [
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
});
