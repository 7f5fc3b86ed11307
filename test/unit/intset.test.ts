import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeIntset, encodeIntset } from '../../src/persist/intset';
import { RdbFormatError } from '../../src/persist/rdb-object';

// Intset blobs from redis-server's DUMP of SADD s <members> (RDB type 11, length prefix stripped).
const FIXTURES: [string[], string][] = [
  [['1', '2', '3'], '0200000003000000010002000300'],
  [['-40000', '5', '7'], '0400000003000000c063ffff0500000007000000'],
  [['-2', '1', '5000000000'], '0800000003000000feffffffffffffff010000000000000000f2052a01000000'],
];

test('Redis’s intsets decode ascending', () => {
  for (const [members, hex] of FIXTURES) assert.deepEqual(decodeIntset(Buffer.from(hex, 'hex')), members);
});

test('intsets encode at the smallest width, as Redis writes them', () => {
  for (const [members, hex] of FIXTURES) assert.equal(encodeIntset(members).toString('hex'), hex);
  assert.deepEqual(decodeIntset(encodeIntset(['-32768', '32767'])), ['-32768', '32767']);
  assert.equal(encodeIntset(['-32769']).readUInt32LE(0), 4);
  assert.equal(encodeIntset(['2147483648']).readUInt32LE(0), 8);
  assert.deepEqual(decodeIntset(encodeIntset([])), []);
});

test('a width kept from an earlier upgrade is honoured', () => {
  const b = encodeIntset(['1', '2'], 8);
  assert.equal(b.toString('hex'), '0800000002000000' + '0100000000000000' + '0200000000000000');
});

test('corrupt intsets are refused', () => {
  const bad = (hex: string): void => assert.throws(() => decodeIntset(Buffer.from(hex, 'hex')), RdbFormatError);
  bad('0300000001000000010000'); // width 3
  bad('02000000030000000100020003'); // truncated
  bad('0200000002000000020001000'.padEnd(24, '0')); // not ascending
  bad('020000000200000001000100'); // duplicate
  bad('0200');
});
