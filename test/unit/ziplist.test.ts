import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeZiplist } from '../../src/persist/ziplist';
import { RdbFormatError } from '../../src/persist/rdb-object';

/** A ziplist entry: prevlen (1 byte, or 0xFE + u32 LE) then the encoded bytes. */
function entry(prevlen: number, enc: Buffer): Buffer {
  const pl = prevlen < 254 ? Buffer.from([prevlen]) : Buffer.concat([Buffer.from([0xfe]), u32le(prevlen)]);
  return Buffer.concat([pl, enc]);
}

function u32le(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
}

function str(s: string): Buffer {
  const n = s.length;
  const body = Buffer.from(s, 'latin1');
  if (n < 64) return Buffer.concat([Buffer.from([n]), body]);
  if (n < 16384) return Buffer.concat([Buffer.from([0x40 | (n >> 8), n & 0xff]), body]);
  const len = Buffer.alloc(5);
  len[0] = 0x80;
  len.writeUInt32BE(n, 1);
  return Buffer.concat([len, body]);
}

function ziplist(encs: Buffer[]): Buffer {
  const parts: Buffer[] = [];
  let prev = 0;
  let offset = 10;
  let tail = 10;
  for (const e of encs) {
    const en = entry(prev, e);
    tail = offset;
    parts.push(en);
    offset += en.length;
    prev = en.length;
  }
  const header = Buffer.alloc(10);
  header.writeUInt32LE(offset + 1, 0);
  header.writeUInt32LE(tail, 4);
  header.writeUInt16LE(encs.length, 8);
  return Buffer.concat([header, ...parts, Buffer.from([0xff])]);
}

// Every ziplist encoding. redis-server RESTOREs exactly this blob (as a type-13
// hash ziplist) into a hash whose HGETALL is ENTRIES.
const ENCODED = [
  str('a'), Buffer.from('c0d4fe', 'hex'), str('b'), Buffer.from('d0a0860100', 'hex'), str('c'),
  Buffer.from('e0000efad5feffffff', 'hex'), str('d'), Buffer.from('f090eefe', 'hex'), str('e'), Buffer.from('fe9c', 'hex'),
  str('f'), Buffer.from('f1', 'hex'), str('g'), Buffer.from('fd', 'hex'), str('h'.repeat(300)), str('i'.repeat(64)),
  str('j'), str('k'.repeat(16384)),
];
const ENTRIES = [
  'a', '-300', 'b', '100000', 'c', '-5000000000', 'd', '-70000', 'e', '-100', 'f', '0', 'g', '12',
  'h'.repeat(300), 'i'.repeat(64), 'j', 'k'.repeat(16384),
];

test('every ziplist encoding decodes as Redis reads it', () => {
  assert.deepEqual(decodeZiplist(ziplist(ENCODED)), ENTRIES);
  assert.deepEqual(decodeZiplist(ziplist([])), []);
});

test('corrupt ziplists are refused', () => {
  const good = ziplist(ENCODED.slice(0, 4));
  const bad = (b: Buffer): void => assert.throws(() => decodeZiplist(b), RdbFormatError);
  bad(good.subarray(0, good.length - 1));
  const wrongPrev = Buffer.from(good);
  wrongPrev[10 + 3] = 7; // the second entry's prevlen (the first is 3 bytes)
  bad(wrongPrev);
  const wrongCount = Buffer.from(good);
  wrongCount.writeUInt16LE(5, 8);
  bad(wrongCount);
  bad(ziplist([Buffer.from('f4', 'hex')]).fill(0xf0, 11, 12)); // 0xF0 needs 3 more bytes
  bad(ziplist([Buffer.from('05616263', 'hex')])); // string of 5 in 3 bytes
});
