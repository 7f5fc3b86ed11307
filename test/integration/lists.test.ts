import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startPair, type Pair } from '../helpers/diff';
import { show } from '../helpers/resp';

let p: Pair;
before(async () => {
  p = await startPair();
});
after(async () => {
  await p.close();
});

test('push, pop, length and empty-key deletion', async () => {
  await p.sameAll([
    ['DEL', 'l', 's'],
    ['SET', 's', 'str'],
    ['LPUSH', 'l', 'a', 'b', 'c'],
    ['RPUSH', 'l', 'd', 'e'],
    ['LRANGE', 'l', '0', '-1'],
    ['LLEN', 'l'],
    ['LLEN', 'nolist'],
    ['LPUSHX', 'nolist', 'x'],
    ['RPUSHX', 'nolist', 'x'],
    ['EXISTS', 'nolist'],
    ['LPUSHX', 'l', 'x', 'y'],
    ['RPUSHX', 'l', 'z'],
    ['LPOP', 'l'],
    ['RPOP', 'l'],
    ['LPOP', 'l', '2'],
    ['RPOP', 'l', '2'],
    ['LPOP', 'l', '0'],
    ['RPOP', 'l', '0'],
    ['LPOP', 'l', '100'],
    ['EXISTS', 'l'],
    ['LPOP', 'l'],
    ['RPOP', 'l', '3'],
    ['LPOP', 'nolist', '0'],
    ['LPOP', 'l', '-1'],
    ['LPOP', 'l', 'x'],
    ['LPOP', 'l', '1', '2'],
    ['RPOP', 'l', '1', '2'],
    ['LPUSH', 's', 'x'],
    ['RPUSH', 's', 'x'],
    ['LPUSHX', 's', 'x'],
    ['LPOP', 's'],
    ['RPOP', 's', '1'],
    ['LLEN', 's'],
    ['LPUSH', 'l'],
    ['TYPE', 's'],
  ]);
});

test('LRANGE, LINDEX, LSET, LINSERT', async () => {
  await p.sameAll([
    ['DEL', 'l'],
    ['RPUSH', 'l', '1', '2', '3', '4', '5', '6', '7'],
    ['LRANGE', 'l', '0', '2'],
    ['LRANGE', 'l', '-3', '-1'],
    ['LRANGE', 'l', '-100', '100'],
    ['LRANGE', 'l', '5', '2'],
    ['LRANGE', 'l', '7', '10'],
    ['LRANGE', 'l', '0', '-8'],
    ['LRANGE', 'l', '-9223372036854775808', '9223372036854775807'],
    ['LRANGE', 'l', 'a', '1'],
    ['LRANGE', 'l', '0', '1.5'],
    ['LRANGE', 'l', '0', '99999999999999999999'],
    ['LRANGE', 'nolist', '0', '-1'],
    ['LRANGE', 'nolist', 'x', '-1'],
    ['LINDEX', 'l', '0'],
    ['LINDEX', 'l', '-1'],
    ['LINDEX', 'l', '7'],
    ['LINDEX', 'l', '-8'],
    ['LINDEX', 'l', 'x'],
    ['LINDEX', 'nolist', 'x'],
    ['LSET', 'l', '0', 'first'],
    ['LSET', 'l', '-1', 'last'],
    ['LSET', 'l', '7', 'x'],
    ['LSET', 'l', '-8', 'x'],
    ['LSET', 'l', 'x', 'y'],
    ['LSET', 'nolist', '0', 'x'],
    ['LSET', 'nolist', 'x', 'x'],
    ['LINSERT', 'l', 'BEFORE', '3', 'b3'],
    ['LINSERT', 'l', 'after', '3', 'a3'],
    ['LINSERT', 'l', 'AFTER', 'last', 'end'],
    ['LINSERT', 'l', 'before', 'first', 'start'],
    ['LINSERT', 'l', 'before', 'nothere', 'x'],
    ['LINSERT', 'l', 'middle', '3', 'x'],
    ['LINSERT', 'nolist', 'before', '3', 'x'],
    ['LINSERT', 'nolist', 'middle', '3', 'x'],
    ['LRANGE', 'l', '0', '-1'],
    ['SET', 's', 'v'],
    ['LRANGE', 's', '0', '-1'],
    ['LINDEX', 's', '0'],
    ['LSET', 's', '0', 'x'],
    ['LINSERT', 's', 'before', 'a', 'b'],
  ]);
});

test('LREM and LTRIM', async () => {
  await p.sameAll([
    ['DEL', 'l'],
    ['RPUSH', 'l', 'a', 'b', 'a', 'c', 'a', 'b', 'a'],
    ['LREM', 'l', '2', 'a'],
    ['LRANGE', 'l', '0', '-1'],
    ['LREM', 'l', '-1', 'a'],
    ['LRANGE', 'l', '0', '-1'],
    ['LREM', 'l', '0', 'b'],
    ['LRANGE', 'l', '0', '-1'],
    ['LREM', 'l', '0', 'zzz'],
    ['LREM', 'l', 'x', 'a'],
    ['LREM', 'nolist', '0', 'a'],
    ['LREM', 'nolist', 'x', 'a'],
    ['LREM', 'l', '0', 'a'],
    ['LREM', 'l', '0', 'c'],
    ['EXISTS', 'l'],
    ['RPUSH', 'l', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
    ['LTRIM', 'l', '1', '-2'],
    ['LRANGE', 'l', '0', '-1'],
    ['LTRIM', 'l', '-3', '100'],
    ['LRANGE', 'l', '0', '-1'],
    ['LTRIM', 'l', '0', '0'],
    ['LRANGE', 'l', '0', '-1'],
    ['LTRIM', 'l', 'x', '0'],
    ['LTRIM', 'l', '0', 'x'],
    ['LTRIM', 'l', '5', '1'],
    ['EXISTS', 'l'],
    ['LTRIM', 'nolist', '0', '1'],
    ['LTRIM', 'nolist', 'x', '1'],
    ['SET', 's', 'v'],
    ['LREM', 's', '0', 'v'],
    ['LTRIM', 's', '0', '1'],
  ]);
});

test('LPOS with RANK, COUNT and MAXLEN', async () => {
  await p.sameAll([
    ['DEL', 'l'],
    ['RPUSH', 'l', 'a', 'b', 'c', 'a', 'b', 'c', 'a'],
    ['LPOS', 'l', 'a'],
    ['LPOS', 'l', 'c'],
    ['LPOS', 'l', 'zz'],
    ['LPOS', 'l', 'a', 'RANK', '2'],
    ['LPOS', 'l', 'a', 'RANK', '-1'],
    ['LPOS', 'l', 'a', 'RANK', '-2'],
    ['LPOS', 'l', 'a', 'RANK', '4'],
    ['LPOS', 'l', 'a', 'COUNT', '0'],
    ['LPOS', 'l', 'a', 'COUNT', '2'],
    ['LPOS', 'l', 'a', 'COUNT', '2', 'RANK', '-1'],
    ['LPOS', 'l', 'a', 'COUNT', '0', 'RANK', '2'],
    ['LPOS', 'l', 'zz', 'COUNT', '0'],
    ['LPOS', 'l', 'c', 'MAXLEN', '2'],
    ['LPOS', 'l', 'c', 'MAXLEN', '3'],
    ['LPOS', 'l', 'a', 'COUNT', '0', 'MAXLEN', '4'],
    ['LPOS', 'l', 'a', 'RANK', '-1', 'MAXLEN', '1'],
    ['LPOS', 'l', 'a', 'COUNT', '-1'],
    ['LPOS', 'l', 'a', 'COUNT', 'x'],
    ['LPOS', 'l', 'a', 'MAXLEN', '-1'],
    ['LPOS', 'l', 'a', 'MAXLEN', 'x'],
    ['LPOS', 'l', 'a', 'RANK', 'x'],
    ['LPOS', 'l', 'a', 'RANK', '0'],
    ['LPOS', 'l', 'a', 'RANK', '9223372036854775807'],
    ['LPOS', 'l', 'a', 'RANK', '-9223372036854775807'],
    ['LPOS', 'l', 'a', 'RANK'],
    ['LPOS', 'l', 'a', 'FOO', '1'],
    ['LPOS', 'nolist', 'a'],
    ['LPOS', 'nolist', 'a', 'COUNT', '1'],
    ['LPOS', 'nolist', 'a', 'COUNT', '-1'],
    ['SET', 's', 'v'],
    ['LPOS', 's', 'a'],
  ]);
});

test('LPOS RANK of LONG_MIN is out of range, as Redis 7.2 has it', async () => {
  // Redis 7.0 negated it (an overflow) and searched; 7.2 limits RANK to -LONG_MAX..LONG_MAX.
  const min = await p.shoal.call('LPOS', 'l', 'a', 'RANK', '-9223372036854775808');
  assert.equal(show(min), '(error) ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807');
});

test('LMOVE, RPOPLPUSH and LMPOP', async () => {
  await p.sameAll([
    ['DEL', 'a', 'b', 's'],
    ['RPUSH', 'a', '1', '2', '3'],
    ['LMOVE', 'a', 'b', 'LEFT', 'RIGHT'],
    ['LMOVE', 'a', 'b', 'right', 'left'],
    ['LRANGE', 'a', '0', '-1'],
    ['LRANGE', 'b', '0', '-1'],
    ['LMOVE', 'a', 'a', 'LEFT', 'RIGHT'],
    ['LMOVE', 'b', 'b', 'LEFT', 'RIGHT'],
    ['LRANGE', 'b', '0', '-1'],
    ['LMOVE', 'a', 'b', 'LEFT', 'LEFT'],
    ['EXISTS', 'a'],
    ['LMOVE', 'a', 'b', 'LEFT', 'LEFT'],
    ['LMOVE', 'a', 'b', 'UP', 'LEFT'],
    ['LMOVE', 'b', 'a', 'LEFT', 'DOWN'],
    ['RPOPLPUSH', 'b', 'a'],
    ['RPOPLPUSH', 'nolist', 'a'],
    ['SET', 's', 'v'],
    ['RPOPLPUSH', 'b', 's'],
    ['RPOPLPUSH', 's', 'b'],
    ['LMOVE', 'b', 's', 'LEFT', 'LEFT'],
    ['LMOVE', 'nolist', 's', 'LEFT', 'LEFT'],
    ['LRANGE', 'b', '0', '-1'],
    ['DEL', 'a', 'b'],
    ['RPUSH', 'b', 'x', 'y', 'z'],
    ['LMPOP', '2', 'a', 'b', 'LEFT'],
    ['LMPOP', '2', 'a', 'b', 'RIGHT', 'COUNT', '5'],
    ['LMPOP', '2', 'a', 'b', 'RIGHT'],
    ['LMPOP', '0', 'a', 'LEFT'],
    ['LMPOP', '-1', 'a', 'LEFT'],
    ['LMPOP', 'x', 'a', 'LEFT'],
    ['LMPOP', '3', 'a', 'b', 'LEFT'],
    ['LMPOP', '1', 'a', 'MIDDLE'],
    ['LMPOP', '1', 'a', 'LEFT', 'COUNT', '0'],
    ['LMPOP', '1', 'a', 'LEFT', 'COUNT', 'x'],
    ['LMPOP', '1', 'a', 'LEFT', 'COUNT', '1', 'COUNT', '2'],
    ['LMPOP', '1', 'a', 'LEFT', 'COUNT'],
    ['LMPOP', '1', 'a', 'LEFT', 'FOO'],
    ['LMPOP', '2', 's', 'a', 'LEFT'],
    ['RPUSH', 'a', '1'],
    ['LMPOP', '2', 'a', 's', 'LEFT'],
  ]);
});

test('timeouts past int64 milliseconds', async () => {
  // Redis 7.2 checks the range; 7.0 converted infinity to a negative integer ("timeout is negative").
  for (const t of ['inf', '1e400', '9223372036854775.808']) {
    assert.equal(show(await p.shoal.call('BLPOP', 'nolist', t)), '(error) ERR timeout is out of range');
  }
  assert.equal(show(await p.shoal.call('BLPOP', 'nolist', '-inf')), '(error) ERR timeout is negative');
});

test('blocking commands that can serve at once, and their argument errors', async () => {
  await p.sameAll([
    ['DEL', 'a', 'b', 's'],
    ['RPUSH', 'a', '1', '2', '3'],
    ['BLPOP', 'nolist', 'a', '0'],
    ['BRPOP', 'a', 'nolist', '0.5'],
    ['BLMOVE', 'a', 'b', 'LEFT', 'RIGHT', '0'],
    ['BRPOPLPUSH', 'b', 'a', '0'],
    ['BLMPOP', '0', '2', 'nolist', 'a', 'RIGHT', 'COUNT', '10'],
    ['EXISTS', 'a'],
    ['BLPOP', 'a', '-1'],
    ['BLPOP', 'a', 'abc'],
    ['BLPOP', 'a', ' 1'],
    ['BLPOP', 'a', 'nan'],
    ['BRPOPLPUSH', 'a', 'b', 'x'],
    ['BLMOVE', 'a', 'b', 'LEFT', 'UP', '0'],
    ['BLMOVE', 'a', 'b', 'LEFT', 'RIGHT', '-1'],
    ['BLMPOP', 'x', '1', 'a', 'LEFT'],
    ['BLMPOP', '0', '0', 'a', 'LEFT'],
    ['BLMPOP', '0', '1', 'a', 'UP'],
    ['BLMPOP', '-1', '1', 'a', 'LEFT'],
    ['SET', 's', 'v'],
    ['BLPOP', 's', '0'],
    ['BLPOP', 'nolist', 's', '0'],
    ['BLMOVE', 's', 'b', 'LEFT', 'RIGHT', '0'],
    ['RPUSH', 'a', '1'],
    ['BLMOVE', 'a', 's', 'LEFT', 'RIGHT', '0'],
    ['BLMPOP', '0', '2', 's', 'a', 'LEFT'],
  ]);
});

/** OBJECT ENCODING of `l` on Shoal alone: Redis 7.0 reports every list as a quicklist, 7.2 starts with a listpack. */
async function encoding(): Promise<unknown> {
  return show(await p.shoal.call('OBJECT', 'ENCODING', 'l'));
}

test('OBJECT ENCODING follows list-max-listpack-size both ways, as Redis 7.2', async () => {
  const s = p.shoal;
  // Size limit 8192: a 200-byte element takes 204 bytes in a listpack (7 bytes of header).
  await s.call('CONFIG', 'SET', 'list-max-listpack-size', '-2');
  await s.call('DEL', 'l');
  const big = 'x'.repeat(200);
  for (let i = 0; i < 40; i++) await s.call('RPUSH', 'l', big);
  assert.equal(await encoding(), 'listpack');
  await s.call('RPUSH', 'l', big);
  assert.equal(await encoding(), 'quicklist');
  // Back to a listpack at half the limit: 7 + 20 * 204 <= 4096.
  for (let i = 0; i < 20; i++) await s.call('RPOP', 'l');
  assert.equal(await encoding(), 'quicklist');
  await s.call('RPOP', 'l');
  assert.equal(await encoding(), 'listpack');
  // Only a single node converts back: draining from the head leaves the 41st element's node to the last.
  await s.call('DEL', 'l');
  for (let i = 0; i < 41; i++) await s.call('RPUSH', 'l', big);
  await s.call('LPOP', 'l', '39');
  assert.equal(await encoding(), 'quicklist');
  await s.call('LPOP', 'l');
  assert.equal(await encoding(), 'listpack');
  // Count limit 4: converts past 4, back at 2.
  await s.call('CONFIG', 'SET', 'list-max-listpack-size', '4');
  await s.call('DEL', 'l');
  await s.call('RPUSH', 'l', '1', '2', '3', '4');
  assert.equal(await encoding(), 'listpack');
  await s.call('LPUSH', 'l', '0');
  assert.equal(await encoding(), 'quicklist');
  await s.call('LPOP', 'l', '2');
  assert.equal(await encoding(), 'quicklist');
  await s.call('LPOP', 'l');
  assert.equal(await encoding(), 'listpack');
  // LINSERT converts before looking for the pivot, found or not; LTRIM shrinks.
  await s.call('RPUSH', 'l', 'a', 'b');
  await s.call('LINSERT', 'l', 'BEFORE', 'nothere', 'x');
  assert.equal(await encoding(), 'quicklist');
  await s.call('LTRIM', 'l', '0', '0');
  assert.equal(await encoding(), 'listpack');
  await s.call('DEL', 'l');
  await s.call('RPUSH', 'l', '1', '2', '3', '4', '5');
  assert.equal(await encoding(), 'quicklist');
  // LSET of a small element over a big one shrinks.
  await s.call('CONFIG', 'SET', 'list-max-listpack-size', '-1');
  await s.call('DEL', 'l');
  await s.call('RPUSH', 'l', 'x'.repeat(5000));
  assert.equal(await encoding(), 'quicklist');
  await s.call('LSET', 'l', '0', 'small');
  assert.equal(await encoding(), 'listpack');
  // COPY keeps the encoding.
  await s.call('RPUSH', 'l', 'x'.repeat(5000));
  await s.call('COPY', 'l', 'l2');
  assert.equal(show(await s.call('OBJECT', 'ENCODING', 'l2')), 'quicklist');
  await s.call('CONFIG', 'SET', 'list-max-listpack-size', '-2');
  await s.call('DEL', 'l', 'l2');
});

test('COPY, RENAME and MOVE keep lists intact', async () => {
  await p.sameAll([
    ['DEL', 'a', 'b', 'c'],
    ['RPUSH', 'a', '1', '2', '3'],
    ['COPY', 'a', 'b'],
    ['RPUSH', 'b', '4'],
    ['LRANGE', 'a', '0', '-1'],
    ['LRANGE', 'b', '0', '-1'],
    ['RENAME', 'b', 'c'],
    ['LRANGE', 'c', '0', '-1'],
    ['TYPE', 'c'],
    ['MOVE', 'c', '1'],
    ['SELECT', '1'],
    ['LRANGE', 'c', '0', '-1'],
    ['DEL', 'c'],
    ['SELECT', '0'],
  ]);
});

test('MEMORY USAGE of a multi-node list is Redis\'s estimate', async () => {
  // Redis 7.0 starts every list as a quicklist, 7.2 with a listpack that becomes the first node,
  // so the node layouts differ: compare on a layout both have, from a DUMP of Redis's.
  await p.same('DEL', 'big');
  for (let i = 0; i < 300; i++) await p.redis.call('RPUSH', 'big', `element-${i}-${'x'.repeat(60)}`, String(i));
  await p.redis.call('RPUSH', 'big', 'y'.repeat(9000));
  const dump = await p.redis.call('DUMP', 'big');
  await p.shoal.call('RESTORE', 'big', '0', Buffer.from((dump as { v: string }).v, 'latin1'));
  await p.same('MEMORY', 'USAGE', 'big');
  await p.same('MEMORY', 'USAGE', 'big', 'SAMPLES', '0');
  await p.same('MEMORY', 'USAGE', 'big', 'SAMPLES', '2');
});
