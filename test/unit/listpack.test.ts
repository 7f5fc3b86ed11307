import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { decodeListpack, encodeListpack } from '../../src/persist/listpack';
import { RdbFormatError } from '../../src/persist/rdb-object';

// Blobs captured from redis-server (HSET of these fields/values, then DUMP with rdbcompression off).
const FIXTURES: [string[], string][] = [
  [
    ['a', '1', 'b', '-1', 'c', '127', 'd', '128', 'e', '-4096', 'f', '4095', 'g', '-4097', 'h', '32767', 'i', '-32768', 'j', '8388607', 'k', '-8388608'],
    '4e00000016008161020101816202dfff028163027f01816402c08002816502d00002816602cfff02816702f1ffef03816802f1ff7f03816902f1008003816a02f2ffff7f04816b02f200008004ff',
  ],
  [
    ['l', '2147483647', 'm', '-2147483648', 'n', '9223372036854775807', 'o', '-9223372036854775808', 'p', '007', 'q', '-0', 'r', '12345678901234567890', 's', ''],
    '600000001000816c02f3ffffff7f05816d02f30000008005816e02f4ffffffffffffff7f09816f02f40000000000000080098170028330303704817102822d3003817202943132333435363738393031323334353637383930158173028001ff',
  ],
  [
    ['t', '+5', 'u', ' 5', 'v', '32768', 'w', '-32769', 'x', '8388608', 'y', '2147483648'],
    '3b0000000c00817402822b350381750282203503817602f200800004817702f2ff7fff04817802f30000800005817902f4000000800000000009ff',
  ],
];

// Longer strings (6/12/32-bit lengths, 2-, 3- and 4-byte backlens), by digest of Redis's blob.
const BIG: [string[], string][] = [
  [['x'.repeat(63), 'y'.repeat(64), 'z'.repeat(4095), 'w'.repeat(4096)], 'd161fa8dfaabfcc2a7103eff6f35d149609002256ae8f977a017c514927593f7'],
  [['big', 'q'.repeat(20000), 'big2', 'r'.repeat(3000000)], '8a835c71c760542393b596c37798bdb1766e6539123e24162da2957c65bd8e86'],
];

test('entries encode byte-identically to Redis’s listpacks', () => {
  for (const [entries, hex] of FIXTURES) assert.equal(encodeListpack(entries).toString('hex'), hex);
  for (const [entries, digest] of BIG) {
    assert.equal(createHash('sha256').update(encodeListpack(entries)).digest('hex'), digest);
  }
});

test('Redis’s listpacks decode to their entries, integers as canonical text', () => {
  for (const [entries, hex] of FIXTURES) assert.deepEqual(decodeListpack(Buffer.from(hex, 'hex')), entries);
  for (const [entries] of BIG) assert.deepEqual(decodeListpack(encodeListpack(entries)), entries);
});

test('an empty listpack is a header and a terminator', () => {
  const b = encodeListpack([]);
  assert.equal(b.toString('hex'), '0700000000' + '00ff');
  assert.deepEqual(decodeListpack(b), []);
});

test('every integer boundary round-trips', () => {
  const vals: string[] = [];
  for (const edge of [0, 127, 4095, 32767, 8388607, 2147483647]) {
    for (const d of [-1, 0, 1]) vals.push(String(edge + d), String(-edge - d));
  }
  vals.push('9223372036854775807', '-9223372036854775808', '9223372036854775808', '9007199254740993');
  assert.deepEqual(decodeListpack(encodeListpack(vals)), vals);
});

test('a count of 65535 or more is stored as unknown and still decodes', () => {
  const many = Array.from({ length: 70000 }, (_, i) => String(i % 300));
  const b = encodeListpack(many);
  assert.equal(b.readUInt16LE(4), 0xffff);
  assert.deepEqual(decodeListpack(b), many);
});

test('corrupt listpacks are refused', () => {
  const good = Buffer.from(FIXTURES[0][1], 'hex');
  const bad = (b: Buffer): void => assert.throws(() => decodeListpack(b), RdbFormatError);
  bad(good.subarray(0, good.length - 1));
  const wrongTotal = Buffer.from(good);
  wrongTotal.writeUInt32LE(good.length + 1, 0);
  bad(wrongTotal);
  const wrongCount = Buffer.from(good);
  wrongCount.writeUInt16LE(3, 4);
  bad(wrongCount);
  const wrongBacklen = Buffer.from(good);
  wrongBacklen[8] = 9; // backlen of the first entry ("a")
  bad(wrongBacklen);
  const badEncoding = Buffer.from(good);
  badEncoding[6] = 0xf5;
  bad(badEncoding);
  const overrun = Buffer.from('0b000000010085616263ff', 'hex'); // string of 5 in a 3-byte space
  bad(overrun);
});
