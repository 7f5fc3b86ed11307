import { test } from 'node:test';
import assert from 'node:assert/strict';
import { crc64, writeCrc64, checkCrc64 } from '../../src/persist/crc64';

test('CRC-64/Jones check value and the empty input', () => {
  assert.equal(crc64(Buffer.from('123456789')), 0xe9c6d914c4b8d9can);
  assert.equal(crc64(Buffer.alloc(0)), 0n);
});

test('a range of a buffer checksums as the same bytes alone', () => {
  const b = Buffer.from('xx123456789yy');
  assert.equal(crc64(b, 2, 11), 0xe9c6d914c4b8d9can);
});

test('writeCrc64 stores the checksum little-endian and checkCrc64 verifies it', () => {
  const b = Buffer.alloc(17);
  b.write('123456789');
  writeCrc64(b, 9);
  assert.equal(b.readBigUInt64LE(9), 0xe9c6d914c4b8d9can);
  assert.ok(checkCrc64(b, 9));
  b[0] ^= 1;
  assert.ok(!checkCrc64(b, 9));
});
