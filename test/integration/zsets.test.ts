/**
 * Sorted set commands against redis-server: every command, option and error
 * path, in RESP2 and RESP3. Scores in differential checks are integers or
 * binary fractions, which Redis 7.0 (%.17g) and 7.2 (shortest round trip)
 * print alike; the 7.2 forms of other doubles are asserted on Shoal alone.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startPair, type Pair } from '../helpers/diff';
import { show, type Reply } from '../helpers/resp';
import { crc64 } from '../../src/persist/crc64';

let p: Pair;
before(async () => {
  p = await startPair();
});
after(async () => {
  await p.close();
});

const shoal = async (...args: string[]): Promise<unknown> => show(await p.shoal.call(...args));

test('ZADD options, their conflicts and score parsing', async () => {
  await p.sameAll([
    ['DEL', 'z'],
    ['ZADD', 'z', '1', 'a', '2', 'b', '3', 'c'],
    ['ZADD', 'z', 'NX', '10', 'a', '4', 'd'],
    ['ZADD', 'z', 'XX', '10', 'a', '5', 'e'],
    ['ZADD', 'z', 'XX', 'CH', '11', 'a', '5', 'e'],
    ['ZADD', 'z', 'CH', '11', 'a', '12', 'b', '7', 'f'],
    ['ZADD', 'z', 'GT', 'CH', '1', 'a', '20', 'b'],
    ['ZADD', 'z', 'LT', 'CH', '1', 'a', '30', 'b'],
    ['ZADD', 'z', 'XX', 'GT', '100', 'c'],
    ['ZADD', 'z', 'gt', 'lt', '1', 'a'],
    ['ZADD', 'z', 'NX', 'GT', '1', 'a'],
    ['ZADD', 'z', 'NX', 'LT', '1', 'a'],
    ['ZADD', 'z', 'NX', 'XX', '1', 'a'],
    ['ZADD', 'z', 'INCR', '1', 'a', '2', 'b'],
    ['ZADD', 'z', 'INCR', '1.5', 'a'],
    ['ZADD', 'z', 'INCR', 'NX', '1', 'a'],
    ['ZADD', 'z', 'INCR', 'XX', '1', 'nosuch'],
    ['ZADD', 'z', 'INCR', 'GT', '-1', 'a'],
    ['ZADD', 'z', 'INCR', 'LT', '-1', 'a'],
    ['ZADD', 'z', 'INCR', '0', 'a'],
    ['ZADD', 'z', '1'],
    ['ZADD', 'z', '1', 'a', '2'],
    ['ZADD', 'z', 'NX'],
    ['ZADD', 'z', 'abc', 'a'],
    ['ZADD', 'z', 'nan', 'a'],
    ['ZADD', 'z', ' 1', 'a'],
    ['ZADD', 'z', '1 ', 'a'],
    ['ZADD', 'z', '1e400', 'a'],
    ['ZADD', 'z', '1e-400', 'a'],
    ['ZADD', 'z', '', 'a'],
    ['ZADD', 'z', '0x10', 'hex'],
    ['ZADD', 'z', 'inf', 'pinf', '-inf', 'ninf', '+inf', 'pinf2', '-Infinity', 'ninf2'],
    ['ZADD', 'z', '1', 'ok', 'bad', 'x'],
    ['ZSCORE', 'z', 'x'],
    ['ZADD', 'z', 'INCR', '-inf', 'pinf'],
    ['ZADD', 'z', 'INCR', 'inf', 'ninf'],
    ['ZINCRBY', 'z', 'inf', 'pinf'],
    ['ZINCRBY', 'z', '-inf', 'pinf'],
    ['ZRANGE', 'z', '0', '-1', 'WITHSCORES'],
    ['ZADD', 'nokey', 'XX', '1', 'a'],
    ['EXISTS', 'nokey'],
    ['ZADD', 'nokey', 'XX', 'INCR', '1', 'a'],
    ['ZINCRBY', 'z2', '2.5', 'm'],
    ['ZINCRBY', 'z2', '-0.25', 'm'],
    ['ZINCRBY', 'z2', 'x', 'm'],
    ['ZINCRBY', 'z2', '1'],
    ['SET', 's', 'v'],
    ['ZADD', 's', '1', 'a'],
    ['ZINCRBY', 's', '1', 'a'],
    ['ZADD', 's', '1', 'a', 'x'],
  ]);
});

test('reads: ZCARD ZSCORE ZMSCORE ZRANK ZREVRANK ZCOUNT ZLEXCOUNT', async () => {
  await p.sameAll([
    ['DEL', 'z', 'lex'],
    ['ZADD', 'z', '1', 'a', '2', 'b', '2', 'bb', '3', 'c', '-5', 'neg', '0.5', 'half'],
    ['ZCARD', 'z'],
    ['ZCARD', 'none'],
    ['ZSCORE', 'z', 'half'],
    ['ZSCORE', 'z', 'nosuch'],
    ['ZSCORE', 'none', 'a'],
    ['ZMSCORE', 'z', 'a', 'nosuch', 'neg'],
    ['ZMSCORE', 'none', 'a', 'b'],
    ['ZMSCORE', 'z'],
    ['ZRANK', 'z', 'neg'],
    ['ZRANK', 'z', 'c'],
    ['ZRANK', 'z', 'nosuch'],
    ['ZRANK', 'none', 'a'],
    ['ZREVRANK', 'z', 'neg'],
    ['ZREVRANK', 'z', 'bb'],
    ['ZCOUNT', 'z', '-inf', '+inf'],
    ['ZCOUNT', 'z', '(1', '2'],
    ['ZCOUNT', 'z', '1', '(2'],
    ['ZCOUNT', 'z', '(2', '(2'],
    ['ZCOUNT', 'z', '2', '2'],
    ['ZCOUNT', 'z', '3', '1'],
    ['ZCOUNT', 'z', 'x', '1'],
    ['ZCOUNT', 'z', '1', '(x'],
    ['ZCOUNT', 'z', '(', '3'],
    ['ZCOUNT', 'z', '', '3'],
    ['ZCOUNT', 'z', ' 1', '3'],
    ['ZCOUNT', 'z', '1e500', 'inf'],
    ['ZCOUNT', 'z', 'nan', '1'],
    ['ZCOUNT', 'none', '0', '1'],
    ['ZADD', 'lex', '0', 'a', '0', 'b', '0', 'c', '0', 'd', '0', 'e', '0', 'foo', '0', 'zap'],
    ['ZLEXCOUNT', 'lex', '-', '+'],
    ['ZLEXCOUNT', 'lex', '[b', '[d'],
    ['ZLEXCOUNT', 'lex', '(b', '(d'],
    ['ZLEXCOUNT', 'lex', '[f', '+'],
    ['ZLEXCOUNT', 'lex', '+', '-'],
    ['ZLEXCOUNT', 'lex', '-', '-'],
    ['ZLEXCOUNT', 'lex', '[e', '[b'],
    ['ZLEXCOUNT', 'lex', 'b', '[d'],
    ['ZLEXCOUNT', 'lex', '[b', 'd'],
    ['ZLEXCOUNT', 'lex', '', '+'],
    ['ZLEXCOUNT', 'none', '-', '+'],
    ['SET', 's', 'v'],
    ['ZCARD', 's'],
    ['ZSCORE', 's', 'a'],
    ['ZMSCORE', 's', 'a'],
    ['ZRANK', 's', 'a'],
    ['ZCOUNT', 's', '0', '1'],
    ['ZCOUNT', 's', 'x', '1'],
    ['ZLEXCOUNT', 's', '-', '+'],
  ]);
});

test('ZRANK WITHSCORE is Redis 7.2 (the 7.0 oracle has no such argument)', async () => {
  await p.same('DEL', 'z');
  await p.same('ZADD', 'z', '1', 'a', '2.5', 'b', '3', 'c');
  assert.deepEqual(await shoal('ZRANK', 'z', 'b', 'WITHSCORE'), [1, '2.5']);
  assert.deepEqual(await shoal('ZREVRANK', 'z', 'b', 'withscore'), [1, '2.5']);
  assert.deepEqual(await shoal('ZRANK', 'z', 'nosuch', 'WITHSCORE'), null);
  assert.deepEqual(await shoal('ZRANK', 'none', 'a', 'WITHSCORE'), null);
  assert.deepEqual(await shoal('ZRANK', 'z', 'b', 'WITHSCORES'), '(error) ERR syntax error');
  assert.deepEqual(await shoal('ZRANK', 'z', 'b', 'WITHSCORE', 'x'), "(error) ERR wrong number of arguments for 'zrank' command");
  await p.shoal.call('HELLO', '3');
  assert.deepEqual(await p.shoal.call('ZRANK', 'z', 'c', 'WITHSCORE'), { t: 'array', v: [{ t: 'int', v: '2' }, { t: 'double', v: '3' }] });
  assert.deepEqual((await p.shoal.call('ZRANK', 'z', 'x', 'WITHSCORE')).t, 'null');
  await p.shoal.call('HELLO', '2');
});

test('doubles print as Redis 7.2 prints them (shortest round trip)', async () => {
  await p.shoal.call('DEL', 'z');
  assert.equal(await shoal('ZADD', 'z', '1.1', 'a', '0.1', 'b', '1e17', 'c', '3e-7', 'd', '1e300', 'e', '-0', 'f'), 6);
  assert.equal(await shoal('ZSCORE', 'z', 'a'), '1.1');
  assert.equal(await shoal('ZINCRBY', 'z', '0.2', 'b'), '0.30000000000000004');
  assert.equal(await shoal('ZSCORE', 'z', 'c'), '100000000000000000');
  assert.equal(await shoal('ZSCORE', 'z', 'd'), '3e-7');
  assert.equal(await shoal('ZSCORE', 'z', 'e'), '1e+300');
  // A listpack keeps -0 as 0 (see the -0 test below).
  assert.equal(await shoal('ZSCORE', 'z', 'f'), '0');
});

test('ZRANGE by rank, score and lex, with REV, LIMIT and WITHSCORES, and the old forms', async () => {
  const cmds: string[][] = [
    ['DEL', 'z', 'lex'],
    ['ZADD', 'z', '1', 'a', '2', 'b', '2', 'bb', '3', 'c', '-5', 'neg', '0.5', 'half', 'inf', 'top'],
    ['ZADD', 'lex', '0', 'a', '0', 'b', '0', 'c', '0', 'd', '0', 'e', '0', 'foo', '0', 'zap', '0', 'zip'],
  ];
  for (const [s, e] of [['0', '-1'], ['1', '3'], ['-3', '-1'], ['-100', '100'], ['5', '2'], ['7', '10'], ['0', '0'], ['-1', '-1'], ['3', '-4']]) {
    cmds.push(['ZRANGE', 'z', s, e], ['ZRANGE', 'z', s, e, 'WITHSCORES'], ['ZRANGE', 'z', s, e, 'REV'], ['ZREVRANGE', 'z', s, e, 'WITHSCORES']);
  }
  for (const [mn, mx] of [['-inf', '+inf'], ['(1', '2'], ['1', '(2'], ['2', '2'], ['(2', '(3'], ['3', '1'], ['0', '0']]) {
    cmds.push(
      ['ZRANGE', 'z', mn, mx, 'BYSCORE'],
      ['ZRANGE', 'z', mx, mn, 'BYSCORE', 'REV', 'WITHSCORES'],
      ['ZRANGEBYSCORE', 'z', mn, mx, 'WITHSCORES'],
      ['ZREVRANGEBYSCORE', 'z', mx, mn],
      ['ZRANGEBYSCORE', 'z', mn, mx, 'LIMIT', '1', '2'],
      ['ZREVRANGEBYSCORE', 'z', mx, mn, 'LIMIT', '1', '-1', 'WITHSCORES'],
    );
  }
  for (const [mn, mx] of [['-', '+'], ['[b', '[e'], ['(b', '(e'], ['[foo', '+'], ['-', '(c'], ['+', '-'], ['[z', '[zz']]) {
    cmds.push(
      ['ZRANGE', 'lex', mn, mx, 'BYLEX'],
      ['ZRANGE', 'lex', mx, mn, 'BYLEX', 'REV'],
      ['ZRANGEBYLEX', 'lex', mn, mx, 'LIMIT', '1', '3'],
      ['ZREVRANGEBYLEX', 'lex', mx, mn, 'LIMIT', '0', '2'],
    );
  }
  cmds.push(
    ['ZRANGE', 'z', '0', '-1', 'BYSCORE'],
    ['ZRANGE', 'z', '-inf', 'inf', 'BYSCORE', 'LIMIT', '0', '0'],
    ['ZRANGE', 'z', '-inf', 'inf', 'BYSCORE', 'LIMIT', '-1', '2'],
    ['ZRANGE', 'z', '-inf', 'inf', 'BYSCORE', 'LIMIT', '7', '2'],
    ['ZRANGE', 'z', '-inf', 'inf', 'BYSCORE', 'LIMIT', '100', '2'],
    ['ZRANGE', 'z', '-inf', 'inf', 'BYSCORE', 'LIMIT', '6', '-5'],
    ['ZRANGE', 'z', '0', '1', 'LIMIT', '0', '1'],
    ['ZRANGE', 'lex', '-', '+', 'BYLEX', 'WITHSCORES'],
    ['ZRANGE', 'z', '0', '1', 'BYSCORE', 'BYLEX'],
    ['ZRANGE', 'z', '0', '1', 'REV', 'REV'],
    ['ZRANGE', 'z', '0', '1', 'FOO'],
    ['ZRANGE', 'z', '0', '1', 'LIMIT', '0'],
    ['ZRANGE', 'z', '-inf', 'inf', 'BYSCORE', 'LIMIT', 'x', '1'],
    ['ZRANGE', 'z', 'a', '1'],
    ['ZRANGE', 'z', 'a', '1', 'BYSCORE'],
    ['ZRANGE', 'lex', 'a', '+', 'BYLEX'],
    ['ZRANGEBYSCORE', 'z', '0', '1', 'REV'],
    ['ZRANGEBYSCORE', 'z', '0', '1', 'BYLEX'],
    ['ZREVRANGE', 'z', '0', '1', 'LIMIT', '0', '1'],
    ['ZRANGEBYLEX', 'lex', '-', '+', 'WITHSCORES'],
    ['ZRANGE', 'none', '0', '-1'],
    ['ZRANGE', 'none', '0', '1', 'BYSCORE', 'WITHSCORES'],
    ['ZRANGE', 'z', '9223372036854775807', '-9223372036854775808'],
    ['ZRANGE', 'z', '0', '9223372036854775808'],
    ['SET', 's', 'v'],
    ['ZRANGE', 's', '0', '-1'],
    ['ZRANGE', 's', 'x', '-1'],
    ['ZRANGEBYSCORE', 's', '0', '1'],
  );
  await p.sameAll(cmds);
  await p.both('HELLO', '3');
  await p.sameAll([
    ['ZRANGE', 'z', '0', '2', 'WITHSCORES'],
    ['ZRANGEBYSCORE', 'z', '-inf', 'inf', 'WITHSCORES', 'LIMIT', '2', '3'],
    ['ZREVRANGE', 'z', '0', '-1', 'WITHSCORES'],
    ['ZRANGE', 'z', '0', '2'],
    ['ZSCORE', 'z', 'top'],
    ['ZMSCORE', 'z', 'top', 'neg', 'none'],
    ['ZINCRBY', 'z', '1', 'a'],
    ['ZADD', 'z', 'INCR', 'XX', '1', 'nosuch'],
  ]);
  await p.both('HELLO', '2');
});

test('ZRANGESTORE and encodings of stored results', async () => {
  await p.sameAll([
    ['DEL', 'z', 'dst'],
    ['ZADD', 'z', '1', 'a', '2', 'b', '3', 'c', '4', 'd'],
    ['ZRANGESTORE', 'dst', 'z', '1', '2'],
    ['ZRANGE', 'dst', '0', '-1', 'WITHSCORES'],
    ['ZRANGESTORE', 'dst', 'z', '(1', '+inf', 'BYSCORE', 'LIMIT', '1', '5'],
    ['ZRANGE', 'dst', '0', '-1', 'WITHSCORES'],
    ['ZRANGESTORE', 'dst', 'z', '4', '1', 'BYSCORE', 'REV'],
    ['ZRANGE', 'dst', '0', '-1', 'WITHSCORES'],
    ['ZRANGESTORE', 'dst', 'z', '[a', '[c', 'BYLEX'],
    ['ZRANGE', 'dst', '0', '-1', 'WITHSCORES'],
    ['OBJECT', 'ENCODING', 'dst'],
    ['ZRANGESTORE', 'dst', 'z', '5', '10'],
    ['EXISTS', 'dst'],
    ['SET', 'dst', 'string'],
    ['ZRANGESTORE', 'dst', 'z', '0', '0'],
    ['TYPE', 'dst'],
    ['ZRANGESTORE', 'dst', 'none', '0', '-1'],
    ['EXISTS', 'dst'],
    ['ZRANGESTORE', 'dst', 'z', '0', '-1', 'WITHSCORES'],
    ['SET', 's', 'v'],
    ['ZRANGESTORE', 'dst', 's', '0', '-1'],
    ['ZRANGESTORE', 'dst', 'z'],
  ]);
});

test('OBJECT ENCODING follows zset-max-listpack-entries and -value, one way', async () => {
  const long = 'x'.repeat(65);
  await p.sameAll([
    ['DEL', 'z'],
    ['ZADD', 'z', '1', 'a'],
    ['OBJECT', 'ENCODING', 'z'],
    ['ZADD', 'z', '2', long],
    ['OBJECT', 'ENCODING', 'z'],
    ['ZREM', 'z', long],
    ['OBJECT', 'ENCODING', 'z'],
    ['DEL', 'z'],
    ['CONFIG', 'SET', 'zset-max-listpack-entries', '3'],
    ['ZADD', 'z', '1', 'a', '2', 'b', '3', 'c'],
    ['OBJECT', 'ENCODING', 'z'],
    ['ZADD', 'z', '4', 'd'],
    ['OBJECT', 'ENCODING', 'z'],
    ['ZPOPMIN', 'z', '3'],
    ['OBJECT', 'ENCODING', 'z'],
    ['ZADD', 'many', '1', 'a', '2', 'b', '3', 'c', '4', 'd'],
    ['OBJECT', 'ENCODING', 'many'],
    ['ZUNIONSTORE', 'u', '1', 'many'],
    ['OBJECT', 'ENCODING', 'u'],
    ['ZRANGESTORE', 'r', 'many', '0', '1'],
    ['OBJECT', 'ENCODING', 'r'],
    ['ZUNIONSTORE', 'u2', '1', 'r'],
    ['OBJECT', 'ENCODING', 'u2'],
    ['CONFIG', 'SET', 'zset-max-listpack-entries', '128'],
    ['CONFIG', 'SET', 'zset-max-listpack-value', '2'],
    ['ZADD', 'v', '1', 'ab'],
    ['OBJECT', 'ENCODING', 'v'],
    ['ZADD', 'v', '1', 'abc'],
    ['OBJECT', 'ENCODING', 'v'],
    ['ZADD', 'v2', '1', 'abc', '2', 'a'],
    ['OBJECT', 'ENCODING', 'v2'],
    ['CONFIG', 'SET', 'zset-max-listpack-value', '64'],
  ]);
});

test('ZADD with more pairs than zset-max-listpack-entries is a skiplist at once (7.2)', async () => {
  // Redis 7.2 sizes the set by the number of pairs sent (zsetTypeCreate /
  // zsetTypeMaybeConvert); 7.0 converted only once the set itself grew.
  const pairs: string[] = [];
  for (let i = 0; i < 130; i++) pairs.push('1', 'same');
  await p.shoal.call('DEL', 'dup', 'dup2');
  assert.equal(await shoal('ZADD', 'dup', ...pairs), 1);
  assert.equal(await shoal('OBJECT', 'ENCODING', 'dup'), 'skiplist');
  await p.shoal.call('ZADD', 'dup2', '1', 'a');
  assert.equal(await shoal('ZADD', 'dup2', ...pairs), 1);
  assert.equal(await shoal('OBJECT', 'ENCODING', 'dup2'), 'skiplist');
  assert.equal(await shoal('ZADD', 'dup3', ...pairs.slice(0, 20)), 1);
  assert.equal(await shoal('OBJECT', 'ENCODING', 'dup3'), 'listpack');
});

test('-0: a listpack stores it as 0, a skiplist keeps the sign', async () => {
  const big: string[] = [];
  for (let i = 1; i <= 130; i++) big.push(String(i), 'm' + i);
  await p.sameAll([
    ['DEL', 'nz', 'nzbig', 'nzu', 'nzu2'],
    ['ZADD', 'nz', '-0', 'm'],
    ['ZSCORE', 'nz', 'm'],
    ['ZINCRBY', 'nz2', '-0', 'm'],
    ['ZSCORE', 'nz2', 'm'],
    ['ZADD', 'nzbig', ...big],
    ['ZADD', 'nzbig', '-0', 'm'],
    ['ZSCORE', 'nzbig', 'm'],
    ['ZUNIONSTORE', 'nzu', '1', 'nz', 'WEIGHTS', '-1'],
    ['ZSCORE', 'nzu', 'm'],
    ['ZUNION', '1', 'nz', 'WEIGHTS', '-1', 'WITHSCORES'],
    ['ZUNIONSTORE', 'nzu2', '1', 'nzbig', 'WEIGHTS', '-1'],
    ['ZSCORE', 'nzu2', 'm'],
    ['ZRANGESTORE', 'nzr', 'nzbig', '0', '0'],
    ['ZRANGE', 'nzr', '0', '-1', 'WITHSCORES'],
  ]);
});

test('ZREM and ZREMRANGEBY* delete emptied keys', async () => {
  await p.sameAll([
    ['DEL', 'z'],
    ['ZADD', 'z', '1', 'a', '2', 'b', '3', 'c', '4', 'd', '5', 'e', '6', 'f'],
    ['ZREM', 'z', 'a', 'nosuch', 'a'],
    ['ZREM', 'none', 'a'],
    ['ZREMRANGEBYRANK', 'z', '0', '0'],
    ['ZREMRANGEBYRANK', 'z', '-1', '-1'],
    ['ZREMRANGEBYRANK', 'z', '5', '10'],
    ['ZREMRANGEBYRANK', 'z', '2', '1'],
    ['ZREMRANGEBYRANK', 'z', 'x', '1'],
    ['ZRANGE', 'z', '0', '-1'],
    ['ZREMRANGEBYSCORE', 'z', '(3', '4'],
    ['ZREMRANGEBYSCORE', 'z', 'x', '4'],
    ['ZREMRANGEBYSCORE', 'z', '10', '20'],
    ['ZRANGE', 'z', '0', '-1'],
    ['ZREMRANGEBYSCORE', 'z', '-inf', 'inf'],
    ['EXISTS', 'z'],
    ['ZADD', 'lex', '0', 'a', '0', 'b', '0', 'c', '0', 'd'],
    ['ZREMRANGEBYLEX', 'lex', '[b', '(d'],
    ['ZREMRANGEBYLEX', 'lex', 'b', '(d'],
    ['ZRANGE', 'lex', '0', '-1'],
    ['ZREMRANGEBYLEX', 'lex', '-', '+'],
    ['EXISTS', 'lex'],
    ['ZREMRANGEBYRANK', 'none', '0', '-1'],
    ['ZREMRANGEBYLEX', 'none', '-', '+'],
    ['ZADD', 'z', '1', 'a'],
    ['ZREM', 'z', 'a'],
    ['EXISTS', 'z'],
    ['SET', 's', 'v'],
    ['ZREM', 's', 'a'],
    ['ZREMRANGEBYRANK', 's', '0', '1'],
    ['ZREMRANGEBYSCORE', 's', '0', '1'],
    ['ZREMRANGEBYLEX', 's', '-', '+'],
  ]);
});

test('ZPOPMIN ZPOPMAX ZMPOP in RESP2 and RESP3', async () => {
  const seq: string[][] = [
    ['DEL', 'z', 'y'],
    ['ZADD', 'z', '1', 'a', '2', 'b', '3', 'c', '4', 'd', '5', 'e'],
    ['ZPOPMIN', 'z'],
    ['ZPOPMAX', 'z'],
    ['ZPOPMIN', 'z', '2'],
    ['ZPOPMIN', 'z', '0'],
    ['ZPOPMIN', 'z', '-1'],
    ['ZPOPMIN', 'z', 'x'],
    ['ZPOPMIN', 'z', '1', '2'],
    ['ZPOPMAX', 'z', '10'],
    ['EXISTS', 'z'],
    ['ZPOPMIN', 'none'],
    ['ZPOPMIN', 'none', '0'],
    ['ZPOPMAX', 'none', '3'],
    ['ZADD', 'z', '1', 'a', '2', 'b', '3', 'c'],
    ['ZADD', 'y', '10', 'x'],
    ['ZMPOP', '2', 'none', 'z', 'MIN'],
    ['ZMPOP', '2', 'none', 'z', 'MAX', 'COUNT', '5'],
    ['ZMPOP', '2', 'none', 'z', 'MAX'],
    ['ZMPOP', '2', 'y', 'z', 'min', 'count', '1'],
    ['ZMPOP', '1', 'none', 'MIN'],
    ['ZMPOP', '0', 'z', 'MIN'],
    ['ZMPOP', '-1', 'z', 'MIN'],
    ['ZMPOP', 'x', 'z', 'MIN'],
    ['ZMPOP', '3', 'z', 'MIN'],
    ['ZMPOP', '1', 'z', 'MIDDLE'],
    ['ZMPOP', '1', 'z', 'MIN', 'COUNT'],
    ['ZMPOP', '1', 'z', 'MIN', 'COUNT', '0'],
    ['ZMPOP', '1', 'z', 'MIN', 'COUNT', '1', 'COUNT', '1'],
    ['ZMPOP', '1', 'z', 'MIN', 'FOO'],
    ['SET', 's', 'v'],
    ['ZPOPMIN', 's'],
    ['ZMPOP', '2', 'none', 's', 'MIN'],
    ['ZMPOP', '2', 's', 'z', 'MIN'],
  ];
  await p.sameAll(seq);
  await p.both('HELLO', '3');
  await p.sameAll(seq);
  await p.both('HELLO', '2');
});

test('ZUNION ZINTER ZDIFF, their STORE forms and ZINTERCARD', async () => {
  await p.sameAll([
    ['DEL', 'a', 'b', 'c', 'dst'],
    ['ZADD', 'a', '1', 'x', '2', 'y', '3', 'z'],
    ['ZADD', 'b', '10', 'y', '20', 'z', '30', 'w'],
    ['ZADD', 'c', '100', 'z'],
    ['ZUNION', '2', 'a', 'b'],
    ['ZUNION', '2', 'a', 'b', 'WITHSCORES'],
    ['ZUNION', '3', 'a', 'b', 'c', 'WEIGHTS', '1', '0.5', '-2', 'WITHSCORES'],
    ['ZUNION', '2', 'a', 'b', 'AGGREGATE', 'MIN', 'WITHSCORES'],
    ['ZUNION', '2', 'a', 'b', 'AGGREGATE', 'max', 'WITHSCORES'],
    ['ZUNION', '2', 'a', 'none', 'WITHSCORES'],
    ['ZINTER', '2', 'a', 'b', 'WITHSCORES'],
    ['ZINTER', '3', 'a', 'b', 'c', 'WITHSCORES'],
    ['ZINTER', '2', 'a', 'none'],
    ['ZINTER', '2', 'a', 'b', 'WEIGHTS', '2', '3', 'AGGREGATE', 'MAX', 'WITHSCORES'],
    ['ZDIFF', '2', 'a', 'b', 'WITHSCORES'],
    ['ZDIFF', '3', 'b', 'a', 'c'],
    ['ZDIFF', '1', 'a'],
    ['ZDIFF', '2', 'none', 'a'],
    ['ZDIFF', '2', 'a', 'b', 'WEIGHTS', '1', '2'],
    ['ZDIFF', '2', 'a', 'b', 'AGGREGATE', 'SUM'],
    ['ZUNIONSTORE', 'dst', '2', 'a', 'b', 'WEIGHTS', '2', '1'],
    ['ZRANGE', 'dst', '0', '-1', 'WITHSCORES'],
    ['ZINTERSTORE', 'dst', '2', 'a', 'b'],
    ['ZRANGE', 'dst', '0', '-1', 'WITHSCORES'],
    ['ZDIFFSTORE', 'dst', '2', 'a', 'b'],
    ['ZRANGE', 'dst', '0', '-1', 'WITHSCORES'],
    ['ZINTERSTORE', 'dst', '2', 'a', 'none'],
    ['EXISTS', 'dst'],
    ['ZUNIONSTORE', 'dst', '2', 'a', 'b', 'WITHSCORES'],
    ['ZUNIONSTORE', 'a', '2', 'a', 'b'],
    ['ZRANGE', 'a', '0', '-1', 'WITHSCORES'],
    ['ZINTERCARD', '2', 'a', 'b'],
    ['ZINTERCARD', '2', 'a', 'b', 'LIMIT', '1'],
    ['ZINTERCARD', '2', 'a', 'b', 'LIMIT', '0'],
    ['ZINTERCARD', '2', 'a', 'b', 'LIMIT', '-1'],
    ['ZINTERCARD', '2', 'a', 'b', 'LIMIT', 'x'],
    ['ZINTERCARD', '2', 'a', 'b', 'WITHSCORES'],
    ['ZINTERCARD', '0', 'a'],
    ['ZINTERCARD', '-1', 'a'],
    ['ZINTERCARD', 'x', 'a'],
    ['ZINTERCARD', '3', 'a', 'b'],
    ['ZUNION', '0', 'a'],
    ['ZUNION', '-1', 'a'],
    ['ZUNION', 'x', 'a'],
    ['ZUNION', '3', 'a', 'b'],
    ['ZUNIONSTORE', 'dst', '0', 'a'],
    ['ZDIFFSTORE', 'dst', '0', 'a'],
    ['ZINTERSTORE', 'dst', '0', 'a'],
    ['ZUNION', '2', 'a', 'b', 'WEIGHTS', '1'],
    ['ZUNION', '2', 'a', 'b', 'WEIGHTS', '1', 'x'],
    ['ZUNION', '2', 'a', 'b', 'AGGREGATE', 'AVG'],
    ['ZUNION', '2', 'a', 'b', 'AGGREGATE'],
    ['ZUNION', '2', 'a', 'b', 'FOO'],
    ['SADD', 'plain', 'x', 'w', 'v'],
    ['ZUNION', '2', 'a', 'plain', 'WITHSCORES'],
    ['ZINTER', '2', 'plain', 'b', 'WEIGHTS', '3', '1', 'WITHSCORES'],
    ['ZDIFF', '2', 'plain', 'a', 'WITHSCORES'],
    ['ZINTERCARD', '2', 'plain', 'a'],
    ['SET', 's', 'v'],
    ['ZUNION', '2', 'a', 's'],
    ['ZINTERSTORE', 'dst', '2', 's', 'a'],
    ['ZINTERCARD', '2', 's', 'a'],
  ]);
  await p.both('HELLO', '3');
  await p.sameAll([['ZUNION', '2', 'a', 'b', 'WITHSCORES'], ['ZINTER', '2', 'a', 'b']]);
  await p.both('HELLO', '2');
});

test('ZRANDMEMBER: replies whose content is determined, and errors', async () => {
  await p.sameAll([
    ['DEL', 'z'],
    ['ZADD', 'z', '1', 'a', '2', 'b', '3', 'c'],
    ['ZRANDMEMBER', 'none'],
    ['ZRANDMEMBER', 'none', '5'],
    ['ZRANDMEMBER', 'z', '0'],
    ['ZRANDMEMBER', 'z', 'x'],
    ['ZRANDMEMBER', 'z', '1', 'FOO'],
    ['ZRANDMEMBER', 'z', '1', 'WITHSCORES', 'x'],
    ['ZRANDMEMBER', 'z', '-9223372036854775808'],
    ['ZRANDMEMBER', 'z', '-9223372036854775807', 'WITHSCORES'],
    ['ZRANDMEMBER', 'z', '9223372036854775807', 'WITHSCORES'],
    ['SET', 's', 'v'],
    ['ZRANDMEMBER', 's'],
    ['ZRANDMEMBER', 's', '1'],
  ]);
  const members = new Set(['a', 'b', 'c']);
  // A count of at least the size returns the whole set, highest score first.
  await p.same('ZRANDMEMBER', 'z', '5', 'WITHSCORES');
  await p.same('ZRANDMEMBER', 'z', '3');
  const big = ['ZADD', 'zbig'];
  for (let i = 0; i < 200; i++) big.push(String(i), 'm' + i);
  await p.same(...big);
  await p.same('ZRANDMEMBER', 'zbig', '200');
  await p.both('HELLO', '3');
  await p.same('ZRANDMEMBER', 'z', '3', 'WITHSCORES');
  await p.both('HELLO', '2');
  for (let i = 0; i < 10; i++) assert.ok(members.has(String(await shoal('ZRANDMEMBER', 'z'))));
  const neg = (await shoal('ZRANDMEMBER', 'z', '-10', 'WITHSCORES')) as string[];
  assert.equal(neg.length, 20);
  for (let i = 0; i < 20; i += 2) assert.equal(neg[i + 1], String(' abc'.indexOf(neg[i])));
  const two = (await shoal('ZRANDMEMBER', 'z', '2')) as string[];
  assert.equal(new Set(two).size, 2);
  for (const m of two) assert.ok(members.has(m));
  await p.shoal.call('HELLO', '3');
  assert.deepEqual(await p.shoal.call('ZRANDMEMBER', 'z', '-1', 'WITHSCORES').then((r) => r.t === 'array' && r.v !== null && r.v[0].t), 'array');
  await p.shoal.call('HELLO', '2');
});

test('ZSCAN: small sets whole with cursor 0; large sets fully covered', async () => {
  await p.sameAll([
    ['DEL', 'z'],
    ['ZADD', 'z', '1', 'a', '2', 'b', '3', 'ab'],
    ['ZSCAN', 'z', '0'],
    ['ZSCAN', 'z', '0', 'MATCH', 'a*'],
    ['ZSCAN', 'z', '0', 'COUNT', '1'],
    ['ZSCAN', 'none', '0'],
    ['ZSCAN', 'z', 'x'],
    ['ZSCAN', 'z', '0', 'COUNT', '0'],
    ['ZSCAN', 'z', '0', 'COUNT', 'x'],
    ['ZSCAN', 'z', '0', 'MATCH'],
    ['ZSCAN', 'z', '0', 'TYPE', 'zset'],
    ['SET', 's', 'v'],
    ['ZSCAN', 's', '0'],
    ['ZSCAN', 's', 'x'],
  ]);
  const args = ['ZADD', 'big'];
  for (let i = 0; i < 1000; i++) args.push(String(i), 'm' + i);
  await p.same(...args);
  const seen = new Map<string, string>();
  let cursor = '0';
  let calls = 0;
  do {
    const r = (await shoal('ZSCAN', 'big', cursor, 'COUNT', '50')) as [string, string[]];
    cursor = r[0];
    for (let i = 0; i < r[1].length; i += 2) seen.set(r[1][i], r[1][i + 1]);
    // Changes during the scan: members present throughout must still all come back.
    if (calls++ === 3) await p.shoal.call('ZREM', 'big', 'm999', 'm998');
  } while (cursor !== '0');
  for (let i = 0; i < 998; i++) assert.equal(seen.get('m' + i), String(i));
  assert.ok(calls > 10);
});

test('arity errors and WRONGTYPE use Redis texts', async () => {
  await p.sameAll([
    ['ZADD', 'z'],
    ['ZINCRBY', 'z', '1'],
    ['ZRANGE', 'z', '0'],
    ['ZRANGESTORE', 'd', 'z', '0'],
    ['ZPOPMIN'],
    ['ZMPOP', '1'],
    ['ZUNIONSTORE', 'd', '1'],
    ['ZSCAN', 'z'],
    ['ZRANDMEMBER'],
    ['ZINTERCARD', '1'],
  ]);
});

/** A DUMP payload with its RDB version set to `version` and its CRC-64 recomputed. */
function restamp(payload: string, version: number): Buffer {
  const b = Buffer.from(payload, 'latin1');
  b.writeUInt16LE(version, b.length - 10);
  b.writeBigUInt64LE(crc64(b, 0, b.length - 8), b.length - 8);
  return b;
}

function bulkOf(r: Reply): string {
  assert.equal(r.t, 'bulk', JSON.stringify(r));
  return (r as { v: string }).v;
}

test('DUMP from Redis, RESTORE into Shoal, DUMP from Shoal, RESTORE into Redis, for both encodings', async () => {
  const cases: string[][] = [
    ['1', 'a', '2.5', 'b', '-3', 'c', 'inf', 'd', '-inf', 'e', '1000000', 'f', '0.125', '\x00\xff'],
    ['1', 'x'.repeat(65), '2', 'short'],
  ];
  const big: string[] = [];
  for (let i = 0; i < 300; i++) big.push(String(i % 7 === 0 ? i / 8 : i - 150), 'member:' + i);
  cases.push(big);
  for (const pairs of cases) {
    await p.same('DEL', 'z', 'back');
    await p.same('ZADD', 'z', ...pairs);
    const fromRedis = bulkOf(await p.redis.call('DUMP', 'z'));
    const fromShoal = bulkOf(await p.shoal.call('DUMP', 'z'));
    // Same bytes as Redis apart from the RDB version (7.0 writes 10, Shoal 11 as 7.2) and checksum.
    assert.equal(fromShoal.slice(0, -10), fromRedis.slice(0, -10));
    // The 7.0 oracle refuses version 11: restamp as 10, recompute the CRC, to carry the body across.
    assert.equal(show(await p.shoal.call('RESTORE', 'back', '0', restamp(fromRedis, 11))), 'OK');
    assert.equal(show(await p.redis.call('RESTORE', 'back', '0', restamp(bulkOf(await p.shoal.call('DUMP', 'back')), 10))), 'OK');
    await p.same('ZRANGE', 'back', '0', '-1', 'WITHSCORES');
    await p.same('OBJECT', 'ENCODING', 'back');
    await p.same('ZCARD', 'back');
  }
});

test('RESTORE reads the legacy text-score type (3) and converts it by size', async () => {
  // Type 3: count, then member and score as a length-prefixed decimal (254 = +inf).
  const body = Buffer.concat([Buffer.from([3, 3, 1, 0x61, 3]), Buffer.from('1.5'), Buffer.from([1, 0x62, 254, 1, 0x63, 2]), Buffer.from('-2')]);
  const b = Buffer.alloc(body.length + 10);
  body.copy(b);
  b.writeUInt16LE(9, body.length);
  b.writeBigUInt64LE(crc64(b, 0, body.length + 2), body.length + 2);
  await p.same('DEL', 'legacy');
  await p.same('RESTORE', 'legacy', '0', b);
  await p.same('ZRANGE', 'legacy', '0', '-1', 'WITHSCORES');
  await p.same('OBJECT', 'ENCODING', 'legacy');
  await p.same('RESTORE', 'legacy', '0', b);
});
