import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  RdbReader, RdbWriter, RdbFormatError, createDumpPayload, loadDumpPayload, verifyDumpPayload, RDB_VERSION,
} from '../../src/persist/rdb-object';
import { writeCrc64 } from '../../src/persist/crc64';

function encoded(v: string): string {
  const w = new RdbWriter();
  w.string(v);
  return w.bytes().toString('hex');
}

function readString(hex: string): string {
  return new RdbReader(Buffer.from(hex, 'hex')).string();
}

test('canonical 32-bit integers use INT8/INT16/INT32; other numbers stay text', () => {
  assert.equal(encoded('0'), 'c000');
  assert.equal(encoded('-1'), 'c0ff');
  assert.equal(encoded('127'), 'c07f');
  assert.equal(encoded('128'), 'c18000');
  assert.equal(encoded('-32768'), 'c10080');
  assert.equal(encoded('32768'), 'c200800000');
  assert.equal(encoded('-2147483648'), 'c200000080');
  assert.equal(encoded('2147483648'), '0a' + Buffer.from('2147483648').toString('hex'));
  assert.equal(encoded('007'), '03303037');
  assert.equal(encoded('-0'), '022d30');
  assert.equal(encoded('+1'), '022b31');
});

test('lengths take the 6-bit, 14-bit and 32-bit forms', () => {
  assert.equal(encoded(''), '00');
  const w = new RdbWriter();
  w.length(63);
  w.length(64);
  w.length(16383);
  w.length(16384);
  assert.equal(w.bytes().toString('hex'), '3f' + '4040' + '7fff' + '8000004000');
});

test('every string encoding reads back, 64-bit lengths included', () => {
  assert.equal(readString('c0fe'), '-2');
  assert.equal(readString('c1fffe'), '-257');
  assert.equal(readString('c2ffffff7f'), '2147483647');
  assert.equal(readString('0161'), 'a');
  assert.equal(readString('4001' + '61'), 'a');
  assert.equal(readString('8000000001' + '62'), 'b');
  assert.equal(readString('810000000000000001' + '63'), 'c');
  const long = 'xyz'.repeat(40);
  assert.equal(readString(encoded(long)), long);
  assert.ok(encoded(long).startsWith('c3'));
});

test('malformed strings are format errors', () => {
  assert.throws(() => readString('c4'), RdbFormatError); // unknown encoding
  assert.throws(() => readString('05616263'), RdbFormatError); // truncated
  assert.throws(() => readString('82'), RdbFormatError); // unknown length form
  assert.throws(() => readString('c3' + '02' + '05' + '0161'), RdbFormatError); // LZF size mismatch
});

test('a DUMP payload carries the version and a CRC-64, and both are checked', () => {
  const p = createDumpPayload('hello') as Buffer;
  assert.equal(p.toString('hex').slice(0, 14), '0005' + Buffer.from('hello').toString('hex'));
  assert.equal(p.readUInt16LE(p.length - 10), RDB_VERSION);
  assert.ok(verifyDumpPayload(p));
  assert.equal(loadDumpPayload(p), 'hello');
  const bad = Buffer.from(p);
  bad[2] ^= 1;
  assert.ok(!verifyDumpPayload(bad));
  const newer = Buffer.from(p);
  newer.writeUInt16LE(RDB_VERSION + 1, p.length - 10);
  writeCrc64(newer, p.length - 8);
  assert.ok(!verifyDumpPayload(newer));
  assert.ok(!verifyDumpPayload(Buffer.alloc(9)));
});

test('an unknown type byte is a format error', () => {
  const p = Buffer.from('c8' + '0161' + '0b00' + '0000000000000000', 'hex');
  writeCrc64(p, p.length - 8);
  assert.ok(verifyDumpPayload(p));
  assert.throws(() => loadDumpPayload(p), RdbFormatError);
});
