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

test('SETBIT and GETBIT, including offsets, growth and errors', async () => {
  await p.sameAll([
    ['SETBIT', 'b', 7, 1],
    ['SETBIT', 'b', 7, 1],
    ['SETBIT', 'b', 7, 0],
    ['SETBIT', 'b', 100, 1],
    ['GET', 'b'],
    ['GETBIT', 'b', 100],
    ['GETBIT', 'b', 99],
    ['GETBIT', 'b', 100000],
    ['GETBIT', 'nokey', 5],
    ['SETBIT', 'b', -1, 1],
    ['SETBIT', 'b', 'x', 1],
    ['SETBIT', 'b', 1, 2],
    ['SETBIT', 'b', 1, -1],
    ['SETBIT', 'b', 1, 'x'],
    ['SETBIT', 'b', 4294967296, 1],
    ['SETBIT', 'b', '9223372036854775807', 1],
    ['GETBIT', 'b', -1],
    ['GETBIT', 'b', 4294967296],
    ['GETBIT', 'b', 4294967295],
    ['SET', 's', 'abc'],
    ['GETBIT', 's', 1],
    ['SETBIT', 's', 1, 0],
    ['GET', 's'],
    ['SET', 'n', '42'],
    ['GETBIT', 'n', 2],
    ['SETBIT', 'n', 7, 1],
    ['GET', 'n'],
  ]);
});

test('BITCOUNT with BYTE and BIT ranges', async () => {
  await p.same('SET', 'bc', 'foobar\xff\x00\x81');
  const ranges: (string | number)[][] = [[], [0, 0], [1, 1], [0, -1], [-2, -1], [-1, -2], [5, 3], [-100, 100], [100, 200], ['-9223372036854775808', '9223372036854775807']];
  for (const r of ranges) {
    await p.same('BITCOUNT', 'bc', ...r);
    if (r.length) {
      await p.same('BITCOUNT', 'bc', ...r, 'BYTE');
      await p.same('BITCOUNT', 'bc', ...r, 'BIT');
    }
  }
  for (const [s, e] of [[5, 30], [1, 1], [0, 7], [7, 8], [3, 60], [-5, -1], [-20, -3], [9, 9], [70, 71]]) {
    await p.same('BITCOUNT', 'bc', s, e, 'bit');
  }
  await p.sameAll([
    ['BITCOUNT', 'bc', 0],
    ['BITCOUNT', 'bc', 0, 1, 'FOO'],
    ['BITCOUNT', 'bc', 'x', 1],
    ['BITCOUNT', 'bc', 0, 'y'],
    ['BITCOUNT', 'bc', 0, 1, 'BIT', 'x'],
    ['BITCOUNT', 'nokey'],
    ['BITCOUNT', 'nokey', 0, 10],
    ['BITCOUNT', 'nokey', 0, 10, 'BIT'],
    ['SET', 'empty', ''],
    ['BITCOUNT', 'empty'],
    ['BITCOUNT', 'empty', 0, -1, 'BIT'],
  ]);
});

test('BITPOS with and without ranges, BYTE and BIT units', async () => {
  await p.sameAll([
    ['SET', 'p1', '\xff\xf0\x00'],
    ['SET', 'p2', '\x00\x00\x00'],
    ['SET', 'p3', '\xff\xff\xff'],
    ['SET', 'p4', '\x00\x0f\x00\x80'],
    ['SET', 'empty', ''],
  ]);
  for (const k of ['p1', 'p2', 'p3', 'p4', 'empty', 'nokey']) {
    for (const bit of [0, 1]) {
      await p.same('BITPOS', k, bit);
      for (const s of [0, 1, 2, -1, -2, 5, -100]) {
        await p.same('BITPOS', k, bit, s);
        for (const e of [0, 1, 2, -1, -3, 100]) {
          await p.same('BITPOS', k, bit, s, e);
          await p.same('BITPOS', k, bit, s, e, 'BYTE');
        }
      }
      for (const [s, e] of [[0, -1], [3, 13], [7, 8], [12, 12], [4, 27], [-5, -1], [20, 31], [8, 15], [1, 0], [16, 100]]) {
        await p.same('BITPOS', k, bit, s, e, 'BIT');
      }
    }
  }
  await p.sameAll([
    ['BITPOS', 'p1', 2],
    ['BITPOS', 'p1', -1],
    ['BITPOS', 'p1', 'x'],
    ['BITPOS', 'p1', 1, 'x'],
    ['BITPOS', 'p1', 1, 0, 'y'],
    ['BITPOS', 'p1', 1, 0, 1, 'FOO'],
    ['BITPOS', 'p1', 1, 0, 1, 'BIT', 'x'],
    ['BITPOS', 'nokey', 2],
  ]);
});

test('BITCOUNT and BITPOS check their arguments before looking at the key (Redis 7.2)', async () => {
  // Redis 7.0 answered 0 (or -1) for a missing key before parsing the range;
  // 7.2 (#11734) parses first, so bad arguments are an error even then.
  assert.deepEqual(show(await p.shoal.call('BITCOUNT', 'nokey', 0, 'x')), '(error) ERR value is not an integer or out of range');
  assert.deepEqual(show(await p.shoal.call('BITCOUNT', 'nokey', 0, 1, 'FOO')), '(error) ERR syntax error');
  assert.deepEqual(show(await p.shoal.call('BITCOUNT', 'nokey', 0)), '(error) ERR syntax error');
  assert.deepEqual(show(await p.shoal.call('BITPOS', 'nokey', 1, 'x')), '(error) ERR value is not an integer or out of range');
  assert.deepEqual(show(await p.shoal.call('BITPOS', 'nokey', 0, 0, 1, 'FOO')), '(error) ERR syntax error');
  assert.deepEqual(show(await p.shoal.call('BITPOS', 'nokey', 0, 0, 1, 'BIT')), 0);
  assert.deepEqual(show(await p.shoal.call('BITPOS', 'nokey', 1, 0, 1, 'BIT')), -1);
});

test('BITOP AND OR XOR NOT', async () => {
  await p.sameAll([
    ['SET', 'a', 'foobar'],
    ['SET', 'b', 'abcdef\xff\x01'],
    ['SET', 'c', '\x00'],
  ]);
  for (const op of ['AND', 'OR', 'XOR', 'and', 'Or']) {
    await p.sameAll([
      ['BITOP', op, 'dest', 'a', 'b'],
      ['GET', 'dest'],
      ['BITOP', op, 'dest', 'a', 'b', 'c', 'nokey'],
      ['GET', 'dest'],
      ['BITOP', op, 'dest', 'a'],
      ['GET', 'dest'],
    ]);
  }
  await p.sameAll([
    ['BITOP', 'NOT', 'dest', 'b'],
    ['GET', 'dest'],
    ['BITOP', 'NOT', 'dest', 'a', 'b'],
    ['BITOP', 'NOT', 'dest', 'nokey'],
    ['GET', 'dest'],
    ['SET', 'dest', 'x'],
    ['BITOP', 'AND', 'dest', 'nokey', 'nokey2'],
    ['GET', 'dest'],
    ['BITOP', 'FOO', 'dest', 'a'],
    ['BITOP', 'AND', 'dest'],
    ['BITOP', 'AND', 'a', 'a', 'b'],
    ['GET', 'a'],
  ]);
});

test('BITFIELD GET SET INCRBY with every overflow policy', async () => {
  await p.sameAll([
    ['BITFIELD', 'bf', 'SET', 'u8', 0, 255, 'GET', 'u8', 0],
    ['BITFIELD', 'bf', 'INCRBY', 'u8', 0, 10],
    ['BITFIELD', 'bf', 'OVERFLOW', 'SAT', 'INCRBY', 'u8', 0, 300, 'INCRBY', 'u8', 0, -1000],
    ['BITFIELD', 'bf', 'OVERFLOW', 'FAIL', 'INCRBY', 'u8', 0, 300, 'INCRBY', 'u8', 0, 1],
    ['BITFIELD', 'bf', 'OVERFLOW', 'WRAP', 'INCRBY', 'i4', '#3', 100, 'GET', 'i64', 0, 'GET', 'u63', 1],
    ['BITFIELD', 'bf', 'SET', 'i8', '#2', -128, 'INCRBY', 'i8', '#2', -1, 'OVERFLOW', 'SAT', 'INCRBY', 'i8', '#2', -1000, 'INCRBY', 'i8', '#2', 1000],
    ['BITFIELD', 'bf', 'OVERFLOW', 'FAIL', 'SET', 'i8', 0, 200, 'SET', 'u8', 0, -1, 'SET', 'u8', 0, 256, 'GET', 'u8', 0],
    ['BITFIELD', 'bf', 'OVERFLOW', 'SAT', 'SET', 'i8', 0, 200, 'SET', 'u8', 0, -1, 'SET', 'i8', 0, -200, 'SET', 'u8', 0, 256],
    ['BITFIELD', 'bf', 'SET', 'i64', 5, '-9223372036854775808', 'INCRBY', 'i64', 5, -1, 'OVERFLOW', 'SAT', 'INCRBY', 'i64', 5, '-9223372036854775808'],
    ['BITFIELD', 'bf', 'SET', 'i64', 5, '9223372036854775807', 'INCRBY', 'i64', 5, 1, 'OVERFLOW', 'FAIL', 'INCRBY', 'i64', 5, '9223372036854775807'],
    ['BITFIELD', 'bf', 'SET', 'u63', 3, '9223372036854775807', 'INCRBY', 'u63', 3, 5, 'OVERFLOW', 'SAT', 'INCRBY', 'u63', 3, '9223372036854775807'],
    ['BITFIELD', 'bf', 'SET', 'u1', 77, 1, 'INCRBY', 'u1', 77, 1, 'SET', 'i1', 78, 1, 'GET', 'i1', 78, 'INCRBY', 'i1', 78, -1],
    ['BITFIELD', 'bf', 'SET', 'u17', 13, 99999, 'GET', 'u17', 13, 'GET', 'i17', 13, 'GET', 'i33', 5, 'GET', 'u32', '#1'],
    ['GET', 'bf'],
    ['BITFIELD', 'bf'],
    ['BITFIELD', 'bf', 'GET', 'u8', 1000],
    ['BITFIELD', 'nokey', 'GET', 'i16', 0],
    ['BITFIELD', 'nokey2', 'OVERFLOW', 'FAIL', 'INCRBY', 'u2', 100, 8],
    ['GET', 'nokey2'],
    ['BITFIELD_RO', 'bf', 'GET', 'u8', 0, 'GET', 'i4', '#5'],
    ['BITFIELD_RO', 'bf', 'GET', 'u8', 0, 'SET', 'u8', 0, 1],
    ['BITFIELD_RO', 'bf', 'INCRBY', 'u8', 0, 1],
    ['BITFIELD_RO', 'bf', 'OVERFLOW', 'SAT', 'GET', 'u8', 0],
    ['BITFIELD_RO', 'nokey', 'GET', 'u8', 0],
    ['SET', 'num', '12345'],
    ['BITFIELD', 'num', 'GET', 'u8', 0, 'INCRBY', 'u8', 8, 1],
    ['GET', 'num'],
  ]);
});

test('BITFIELD argument errors', async () => {
  await p.sameAll([
    ['BITFIELD', 'bf', 'GET', 'I8', 0],
    ['BITFIELD', 'bf', 'GET', 'u64', 0],
    ['BITFIELD', 'bf', 'GET', 'i65', 0],
    ['BITFIELD', 'bf', 'GET', 'i0', 0],
    ['BITFIELD', 'bf', 'GET', 'x8', 0],
    ['BITFIELD', 'bf', 'GET', 'i', 0],
    ['BITFIELD', 'bf', 'GET', 'i8', '#'],
    ['BITFIELD', 'bf', 'GET', 'i8', '#-1'],
    ['BITFIELD', 'bf', 'GET', 'i8', '-1'],
    ['BITFIELD', 'bf', 'GET', 'i8', 'x'],
    ['BITFIELD', 'bf', 'GET', 'i8', '4294967296'],
    ['BITFIELD', 'bf', 'GET', 'i8', '#536870912'],
    ['BITFIELD', 'bf', 'GET', 'i8', '#536870911'],
    ['BITFIELD', 'bf', 'GET'],
    ['BITFIELD', 'bf', 'GET', 'i8'],
    ['BITFIELD', 'bf', 'SET', 'i8', 0],
    ['BITFIELD', 'bf', 'SET', 'i8', 0, 'x'],
    ['BITFIELD', 'bf', 'INCRBY', 'i8', 0, '1.5'],
    ['BITFIELD', 'bf', 'OVERFLOW'],
    ['BITFIELD', 'bf', 'OVERFLOW', 'FOO'],
    ['BITFIELD', 'bf', 'FOO', 'i8', 0],
    ['BITFIELD', 'bf', 'GET', 'i8', 0, 'OVERFLOW', 'FOO', 'GET', 'x', 0],
    ['BITFIELD_RO', 'bf', 'SET', 'i8', 0, 1, 'GET', 'x', 0],
    ['BITFIELD_RO', 'bf', 'OVERFLOW', 'FOO'],
  ]);
});
