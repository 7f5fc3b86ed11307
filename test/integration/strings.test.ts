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

test('SET options, their conflicts and errors', async () => {
  await p.sameAll([
    ['SET', 'k', 'v'],
    ['SET', 'k', 'v2', 'XX'],
    ['SET', 'k', 'v3', 'NX'],
    ['SET', 'new', 'v', 'XX'],
    ['SET', 'new', 'v', 'NX'],
    ['SET', 'k', 'v', 'NX', 'XX'],
    ['SET', 'k', 'v', 'XX', 'NX'],
    ['SET', 'k', 'v', 'nx', 'nx'],
    ['SET', 'k', 'v', 'GET'],
    ['SET', 'k', 'v4', 'GET', 'get'],
    ['SET', 'nokey', 'v', 'GET'],
    ['SET', 'k', 'v5', 'NX', 'GET'],
    ['SET', 'k2', 'v5', 'XX', 'GET'],
    ['SET', 'k', 'v', 'EX', '10', 'PX', '100'],
    ['SET', 'k', 'v', 'EX', '10', 'EX', '20'],
    ['SET', 'k', 'v', 'EX', '10', 'KEEPTTL'],
    ['SET', 'k', 'v', 'KEEPTTL', 'PX', '10'],
    ['SET', 'k', 'v', 'EXAT', '10', 'PXAT', '10'],
    ['SET', 'k', 'v', 'PXAT', '10', 'EX', '10'],
    ['SET', 'k', 'v', 'EX'],
    ['SET', 'k', 'v', 'PERSIST'],
    ['SET', 'k', 'v', 'FOO'],
    ['SET', 'k', 'v', 'EX', 'abc'],
    ['SET', 'k', 'v', 'EX', '1.5'],
    ['SET', 'k', 'v', 'EX', '0'],
    ['SET', 'k', 'v', 'PX', '-1'],
    ['SET', 'k', 'v', 'EXAT', '0'],
    ['SET', 'k', 'v', 'PXAT', '-5'],
    ['SET', 'k', 'v', 'EX', '9223372036854775807'],
    ['SET', 'k', 'v', 'EX', '9223372036854775'],
    ['SET', 'k', 'v', 'PX', '9223372036854775807'],
    ['SET', 'k', 'v', 'EX', '9223372036854775808'],
    ['SET', 'k', 'v', 'EX', '100'],
    ['SET', 'k', 'v', 'KEEPTTL'],
    ['SET', 'k', 'v'],
    ['SET', 'k', 'v', 'PX', '100000', 'GET'],
    ['SET', 'k', 'v', 'EXAT', '1'],
    ['GET', 'k'],
    ['SET', 'k', 'v', 'PXAT', '1', 'GET'],
    ['SET', 'k', 'old'],
    ['SET', 'k', 'new', 'PXAT', '1', 'GET'],
    ['GET', 'k'],
    ['SET'],
    ['SET', 'k'],
  ]);
});

test('expiry set by SET, SETEX, PSETEX and GETEX takes effect; KEEPTTL keeps it', async () => {
  await p.sameAll([
    ['SET', 'e1', 'v', 'PX', '50'],
    ['SET', 'e2', 'v', 'PX', '50'],
    ['SET', 'e2', 'v2', 'KEEPTTL'],
    ['SET', 'e3', 'v', 'PX', '50'],
    ['SET', 'e3', 'v3'],
    ['PSETEX', 'e4', '50', 'v'],
    ['SET', 'e5', 'v'],
    ['GETEX', 'e5', 'PX', '50'],
    ['SET', 'e6', 'v', 'PX', '50'],
    ['GETEX', 'e6', 'PERSIST'],
    ['SET', 'e7', 'v', 'PX', '50'],
    ['APPEND', 'e7', 'w'],
    ['SET', 'e8', '1', 'PX', '50'],
    ['INCR', 'e8'],
    ['SET', 'e9', 'v', 'PXAT', String(Date.now() + 60)],
  ]);
  await new Promise((r) => setTimeout(r, 250));
  for (let i = 1; i <= 9; i++) await p.same('GET', 'e' + i);
  assert.equal(show(await p.shoal.call('GET', 'e3')), 'v3');
  assert.equal(show(await p.shoal.call('GET', 'e2')), null);
});

test('SETNX SETEX PSETEX GETSET GETDEL', async () => {
  await p.sameAll([
    ['SETNX', 'sn', 'a'],
    ['SETNX', 'sn', 'b'],
    ['GET', 'sn'],
    ['SETEX', 'se', '100', 'v'],
    ['GET', 'se'],
    ['SETEX', 'se', '0', 'v'],
    ['SETEX', 'se', '-10', 'v'],
    ['SETEX', 'se', 'x', 'v'],
    ['SETEX', 'se', '9223372036854775807', 'v'],
    ['PSETEX', 'pe', '100000', 'v'],
    ['GET', 'pe'],
    ['PSETEX', 'pe', '0', 'v'],
    ['PSETEX', 'pe', '9223372036854775807', 'v'],
    ['SETEX', 'se', '100'],
    ['GETSET', 'gs', 'a'],
    ['GETSET', 'gs', 'b'],
    ['GET', 'gs'],
    ['SETEX', 'gs', '100', 'v'],
    ['GETSET', 'gs', 'c'],
    ['GETDEL', 'gs'],
    ['GETDEL', 'gs'],
    ['GET', 'gs'],
  ]);
});

test('GETEX options and errors', async () => {
  await p.sameAll([
    ['SET', 'ge', 'v'],
    ['GETEX', 'ge'],
    ['GETEX', 'ge', 'EX', '100'],
    ['GETEX', 'ge', 'PERSIST'],
    ['GETEX', 'ge', 'PX', '100000'],
    ['GETEX', 'ge', 'EX', '10', 'PERSIST'],
    ['GETEX', 'ge', 'PERSIST', 'EX', '10'],
    ['GETEX', 'ge', 'EX', '10', 'PX', '10'],
    ['GETEX', 'ge', 'KEEPTTL'],
    ['GETEX', 'ge', 'NX'],
    ['GETEX', 'ge', 'GET'],
    ['GETEX', 'ge', 'EX'],
    ['GETEX', 'ge', 'EX', '0'],
    ['GETEX', 'ge', 'EX', 'x'],
    ['GETEX', 'ge', 'EX', '9223372036854775807'],
    ['GETEX', 'nokey', 'EX', '0'],
    ['GETEX', 'nokey', 'EX', 'x'],
    ['GETEX', 'nokey', 'FOO'],
    ['GETEX', 'ge', 'EXAT', '1'],
    ['GET', 'ge'],
    ['SET', 'ge', 'v'],
    ['GETEX', 'ge', 'PXAT', '1'],
    ['GET', 'ge'],
    ['GETEX'],
  ]);
});

test('MGET MSET MSETNX', async () => {
  await p.sameAll([
    ['MSET', 'm1', 'a', 'm2', 'b'],
    ['MSET', 'm1', 'a', 'm2'],
    ['MSET', 'm1'],
    ['MSETNX', 'm1', 'x', 'm4', 'y'],
    ['MGET', 'm1', 'm4'],
    ['MSETNX', 'm5', 'x', 'm6', 'y'],
    ['MGET', 'm5', 'm6'],
    ['MSETNX', 'm7', 'x', 'm8'],
    ['MSET', 'dup', '1', 'dup', '2'],
    ['GET', 'dup'],
  ]);
});

test('APPEND STRLEN GETRANGE SUBSTR SETRANGE', async () => {
  await p.sameAll([
    ['APPEND', 'ap', 'hello'],
    ['APPEND', 'ap', ' world'],
    ['GET', 'ap'],
    ['STRLEN', 'ap'],
    ['STRLEN', 'nokey'],
    ['SET', 'num', '12345'],
    ['APPEND', 'num', '6'],
    ['GET', 'num'],
    ['APPEND', 'num', ''],
    ['SET', 'ex', 'v', 'EX', '100'],
    ['APPEND', 'ex', 'w'],
  ]);
  for (const [s, e] of [[0, 3], [-3, -1], [0, -1], [5, 3], [-1, -5], [-100, 100], [100, 200], [-100, -50], [3, 3], [0, 0], ['9223372036854775807', '9223372036854775807'], ['-9223372036854775808', 2]]) {
    await p.same('GETRANGE', 'ap', s, e);
    await p.same('SUBSTR', 'ap', s, e);
    await p.same('GETRANGE', 'num', s, e);
  }
  await p.sameAll([
    ['GETRANGE', 'nokey', 0, -1],
    ['GETRANGE', 'ap', 'x', 1],
    ['GETRANGE', 'ap', 1, 'y'],
    ['SET', 'empty', ''],
    ['GETRANGE', 'empty', 0, -1],
    ['GETRANGE', 'empty', -1, 0],
    ['SETRANGE', 'sr', 5, 'abc'],
    ['GET', 'sr'],
    ['SETRANGE', 'sr', 0, 'XY'],
    ['SETRANGE', 'sr', 7, 'long tail'],
    ['GET', 'sr'],
    ['SETRANGE', 'sr', 2, ''],
    ['SETRANGE', 'nosr', 2, ''],
    ['GET', 'nosr'],
    ['SETRANGE', 'sr', -1, 'x'],
    ['SETRANGE', 'sr', 'x', 'x'],
    ['SETRANGE', 'sr', 536870912, 'x'],
    ['SETRANGE', 'sr', '9223372036854775807', 'x'],
    ['SETRANGE', 'num', 1, 'x'],
    ['GET', 'num'],
    ['SETRANGE', 'ex', 0, 'z'],
  ]);
});

test('proto-max-bulk-len caps APPEND, SETRANGE and SETBIT results', async () => {
  const small = ['--proto-max-bulk-len', '1048576'];
  const q = await startPair(small, small);
  try {
    for (const cmd of [
      ['SETRANGE', 'cap', 1048575, 'x'],
      ['SETRANGE', 'cap', 1048576, 'x'],
      ['SETRANGE', 'cap', 1048570, 'toolongvalue'],
      ['APPEND', 'cap', 'y'],
      ['STRLEN', 'cap'],
      ['SETBIT', 'cap2', 8388607, 1],
      ['SETBIT', 'cap2', 8388608, 1],
      ['GETBIT', 'cap2', 8388608],
      ['BITFIELD', 'cap3', 'SET', 'u8', 8388600, 1],
      ['BITFIELD', 'cap3', 'SET', 'u8', 8388608, 1],
    ]) {
      await q.same(...cmd);
    }
  } finally {
    await q.close();
  }
});

test('counters: INCR DECR INCRBY DECRBY and int64 limits', async () => {
  await p.sameAll([
    ['INCR', 'c'],
    ['INCR', 'c'],
    ['DECR', 'c'],
    ['INCRBY', 'c', 100],
    ['DECRBY', 'c', 50],
    ['INCRBY', 'c', -1000],
    ['GET', 'c'],
    ['DECR', 'nd'],
    ['SET', 'big', '9223372036854775806'],
    ['INCR', 'big'],
    ['INCR', 'big'],
    ['GET', 'big'],
    ['DECRBY', 'big', '9223372036854775807'],
    ['DECRBY', 'big', '9223372036854775807'],
    ['DECRBY', 'big', '2'],
    ['DECR', 'big'],
    ['GET', 'big'],
    ['SET', 'big', '9007199254740991'],
    ['INCR', 'big'],
    ['INCR', 'big'],
    ['INCRBY', 'big', '9007199254740993'],
    ['DECRBY', 'big', '-9007199254740993'],
    ['GET', 'big'],
    ['SET', 'small', '-9223372036854775808'],
    ['DECR', 'small'],
    ['INCRBY', 'small', '-1'],
    ['INCR', 'small'],
    ['DECRBY', 'x', '-9223372036854775808'],
    ['INCRBY', 'x', '-9223372036854775808'],
    ['INCRBY', 'x', '9223372036854775808'],
    ['INCRBY', 'x', 'abc'],
    ['INCRBY', 'x', '1.0'],
    ['INCRBY', 'x', ' 1'],
    ['INCRBY', 'x', '+1'],
    ['INCRBY', 'x', '01'],
    ['INCRBY', 'x', '-0'],
    ['DECRBY', 'x', '0'],
    ['SET', 'nonint', 'abc'],
    ['INCR', 'nonint'],
    ['SET', 'nonint', '1 '],
    ['INCR', 'nonint'],
    ['SET', 'nonint', '007'],
    ['INCR', 'nonint'],
    ['SET', 'nonint', '99999999999999999999'],
    ['INCR', 'nonint'],
    ['SET', 'cttl', '5', 'EX', '100'],
    ['INCR', 'cttl'],
  ]);
});

test('INCRBYFLOAT in long double precision', async () => {
  await p.sameAll([
    ['INCRBYFLOAT', 'f', '10.5'],
    ['INCRBYFLOAT', 'f', '0.1'],
    ['INCRBYFLOAT', 'f', '1e3'],
    ['INCRBYFLOAT', 'f', '-1010.6'],
    ['INCRBYFLOAT', 'g', '1e3'],
    ['INCRBYFLOAT', 'g', '3.0e3'],
    ['INCRBYFLOAT', 'g', '-4000'],
    ['INCRBYFLOAT', 'h', '0x10'],
    ['INCRBYFLOAT', 'h', '0x1p-2'],
    ['INCRBYFLOAT', 'h', '.5'],
    ['INCRBYFLOAT', 'h', '5.'],
    ['INCRBYFLOAT', 'h', '+1'],
    ['INCRBYFLOAT', 'h', '1e-20'],
    ['INCRBYFLOAT', 'h', '-1e300'],
    ['INCRBYFLOAT', 'h', '1e300'],
    ['INCRBYFLOAT', 'i', '-0.00000000000000001'],
    ['INCRBYFLOAT', 'i', '1.23456789012345678901234567890'],
    ['INCRBYFLOAT', 'i', '99999999999999999999999'],
    ['INCRBYFLOAT', 'j', '3.14159'],
    ['INCRBYFLOAT', 'j', '-3.14159'],
    ['INCRBYFLOAT', 'k', '1e4932'],
    ['INCRBYFLOAT', 'k', '1e5000'],
    ['INCRBYFLOAT', 'k', '1e-5000'],
    ['INCRBYFLOAT', 'k', 'inf'],
    ['INCRBYFLOAT', 'k', '-inf'],
    ['INCRBYFLOAT', 'k', 'nan'],
    ['INCRBYFLOAT', 'k', 'abc'],
    ['INCRBYFLOAT', 'k', ' 1'],
    ['INCRBYFLOAT', 'k', '1 '],
    ['INCRBYFLOAT', 'k', '1e'],
    ['INCRBYFLOAT', 'k', ''],
    ['INCRBYFLOAT', 'k', '.'],
    ['INCRBYFLOAT', 'k', '1e4000'],
    ['INCRBYFLOAT', 'k', '1e4000'],
    ['SET', 'l', 'abc'],
    ['INCRBYFLOAT', 'l', '1'],
    ['SET', 'l', '5'],
    ['INCRBYFLOAT', 'l', '1.5'],
    ['SET', 'l', 'inf'],
    ['INCRBYFLOAT', 'l', '1'],
    ['SET', 'fttl', '1', 'EX', '100'],
    ['INCRBYFLOAT', 'fttl', '1'],
  ]);
});

test('LCS: plain, LEN, IDX, MINMATCHLEN, WITHMATCHLEN and errors', async () => {
  await p.sameAll([
    ['MSET', 'l1', 'ohmytext', 'l2', 'mynewtext', 'l3', 'ACCGGTCGAGTGCGCGGAAGCCGGCCGAA', 'l4', 'GTCGTTCGGAATGCCGTTGCTCTGTAAA'],
    ['LCS', 'l1', 'l2'],
    ['LCS', 'l1', 'l2', 'LEN'],
    ['LCS', 'l1', 'l2', 'IDX'],
    ['LCS', 'l1', 'l2', 'IDX', 'WITHMATCHLEN'],
    ['LCS', 'l1', 'l2', 'IDX', 'MINMATCHLEN', '4'],
    ['LCS', 'l1', 'l2', 'IDX', 'MINMATCHLEN', '4', 'WITHMATCHLEN'],
    ['LCS', 'l1', 'l2', 'IDX', 'MINMATCHLEN', '-4', 'WITHMATCHLEN'],
    ['LCS', 'l3', 'l4'],
    ['LCS', 'l3', 'l4', 'IDX', 'WITHMATCHLEN'],
    ['LCS', 'l4', 'l3', 'IDX', 'MINMATCHLEN', '2'],
    ['LCS', 'l1', 'nokey'],
    ['LCS', 'nokey', 'nokey2', 'IDX'],
    ['LCS', 'l1', 'nokey', 'LEN'],
    ['LCS', 'l1', 'l2', 'IDX', 'LEN'],
    ['LCS', 'l1', 'l2', 'MINMATCHLEN'],
    ['LCS', 'l1', 'l2', 'MINMATCHLEN', 'x'],
    ['LCS', 'l1', 'l2', 'FOO'],
    ['LCS', 'l1', 'l1', 'IDX', 'WITHMATCHLEN'],
    ['LCS', 'l1', 'l2', 'LEN', 'WITHMATCHLEN'],
  ]);
  const r = show(await p.same('LCS', 'l1', 'l2', 'IDX', 'MINMATCHLEN', '4', 'WITHMATCHLEN'));
  assert.deepEqual(r, ['matches', [[[4, 7], [5, 8], 4]], 'len', 6]);
});

test('string commands are binary safe', async () => {
  const bin = Buffer.from([0, 1, 2, 255, 254, 13, 10, 0x80]);
  await p.same('SET', 'bin', bin);
  await p.same('APPEND', 'bin', bin);
  await p.same('GET', 'bin');
  await p.same('SETRANGE', 'bin', 3, Buffer.from([0xc3, 0xa9]));
  await p.same('GET', 'bin');
  await p.same('GETRANGE', 'bin', 2, 6);
  await p.same('STRLEN', 'bin');
  await p.same('LCS', 'bin', 'bin');
});
