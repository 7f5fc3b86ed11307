import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startPair, type Pair } from '../helpers/diff';
import type { Reply } from '../helpers/resp';
import { crc64 } from '../../src/persist/crc64';

let p: Pair;
before(async () => {
  p = await startPair();
});
after(async () => {
  await p.close();
});

function bulk(r: Reply): string {
  assert.equal(r.t, 'bulk', JSON.stringify(r));
  return (r as { v: string }).v;
}

function intOf(r: Reply): number {
  assert.equal(r.t, 'int', JSON.stringify(r));
  return Number((r as { v: string }).v);
}

/** Deterministic pseudo-random bytes over a small or full alphabet. */
function randomString(seed: number, len: number, alphabet: number): string {
  let s = '';
  let x = seed;
  for (let i = 0; i < len; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    s += String.fromCharCode((x >>> 16) % alphabet);
  }
  return s;
}

const SAMPLES: string[] = [
  '', 'a', '0', '1', '-1', '127', '128', '-128', '-129', '255', '256', '32767', '32768', '-32768', '-32769',
  '65535', '2147483647', '2147483648', '-2147483648', '-2147483649', '12345678901', '99999999999',
  '9223372036854775807', '-9223372036854775808', '9223372036854775808', '007', '-0', '+1', ' 1', '1.5',
  'x'.repeat(20), 'x'.repeat(21), 'x'.repeat(25), 'abcd'.repeat(6), 'hello world '.repeat(100),
  '\x00\x01\x02\xff'.repeat(40), 'x'.repeat(70000),
];
for (let i = 0; i < 60; i++) SAMPLES.push(randomString(i + 1, 10 + i * 37, 1 + (i % 8) * 36));

test('DUMP of a string is byte-identical to Redis’s apart from the version and checksum', async () => {
  for (const v of SAMPLES) {
    await p.same('SET', 'k', v);
    const mine = bulk(await p.shoal.call('DUMP', 'k'));
    const theirs = bulk(await p.redis.call('DUMP', 'k'));
    // The oracle is Redis 7.0, which writes RDB version 10; 7.2 writes 11 (same string encodings).
    assert.equal(mine.slice(0, -10), theirs.slice(0, -10), `body of DUMP for ${JSON.stringify(v.slice(0, 40))} (len ${v.length})`);
    const b = Buffer.from(mine, 'latin1');
    assert.equal(b.readUInt16LE(b.length - 10), 11);
    assert.equal(b.readBigUInt64LE(b.length - 8), crc64(b, 0, b.length - 8));
  }
});

test('DUMP of a string edited in place matches Redis too', async () => {
  await p.same('DEL', 'k');
  await p.same('APPEND', 'k', '12');
  await p.same('APPEND', 'k', '34');
  assert.equal(bulk(await p.shoal.call('DUMP', 'k')).slice(0, -10), bulk(await p.redis.call('DUMP', 'k')).slice(0, -10));
  await p.same('SETRANGE', 'k', 30, 'yyyyyyyyyyyyyyyyyyyyyyyyyyyy');
  assert.equal(bulk(await p.shoal.call('DUMP', 'k')).slice(0, -10), bulk(await p.redis.call('DUMP', 'k')).slice(0, -10));
});

test('DUMP of a missing key is a null bulk', async () => {
  await p.same('DUMP', 'nosuchkey');
  await p.same('DUMP');
});

test('Redis’s DUMP restores into Shoal with the same value', async () => {
  for (const v of SAMPLES) {
    await p.redis.call('SET', 'src', v);
    const payload = bulk(await p.redis.call('DUMP', 'src'));
    assert.deepEqual(await p.shoal.call('RESTORE', 'dst', 0, payload, 'REPLACE'), { t: 'status', v: 'OK' });
    assert.equal(bulk(await p.shoal.call('GET', 'dst')), v);
  }
});

test('Shoal’s DUMP restores into Shoal; the TTL, ABSTTL and REPLACE forms work', async () => {
  await p.shoal.call('SET', 'src', 'value');
  const payload = bulk(await p.shoal.call('DUMP', 'src'));
  await p.shoal.call('DEL', 'a', 'b');
  assert.deepEqual(await p.shoal.call('RESTORE', 'a', 100000, payload), { t: 'status', v: 'OK' });
  const pttl = intOf(await p.shoal.call('PTTL', 'a'));
  assert.ok(pttl > 90000 && pttl <= 100000, String(pttl));
  const at = Date.now() + 50000;
  assert.deepEqual(await p.shoal.call('RESTORE', 'b', at, payload, 'ABSTTL'), { t: 'status', v: 'OK' });
  assert.deepEqual(await p.shoal.call('PEXPIRETIME', 'b'), { t: 'int', v: String(at) });
  assert.deepEqual(await p.shoal.call('RESTORE', 'b', 0, payload, 'REPLACE'), { t: 'status', v: 'OK' });
  assert.deepEqual(await p.shoal.call('TTL', 'b'), { t: 'int', v: '-1' });
});

test('RESTORE errors answer as Redis', async () => {
  await p.same('SET', 'src', 'value');
  await p.same('SET', 'busy', 'x');
  const good = bulk(await p.redis.call('DUMP', 'src'));
  await p.same('RESTORE', 'busy', 0, good);
  await p.same('RESTORE', 'new', -1, good);
  await p.same('RESTORE', 'new', 'abc', good);
  await p.same('RESTORE', 'new', 0, 'garbage');
  await p.same('RESTORE', 'new', 0, good, 'BOGUS');
  await p.same('RESTORE', 'new', 0, good, 'IDLETIME', -1);
  await p.same('RESTORE', 'new', 0, good, 'IDLETIME', 'x');
  await p.same('RESTORE', 'new', 0, good, 'FREQ', 256);
  await p.same('RESTORE', 'new', 0, good, 'FREQ', 1, 'IDLETIME', 1);
  await p.same('RESTORE', 'new', 0, good, 'IDLETIME');
  await p.same('RESTORE', 'new', 0);
  // A flipped byte breaks the checksum.
  const flipped = good.slice(0, 2) + String.fromCharCode(good.charCodeAt(2) ^ 1) + good.slice(3);
  await p.same('RESTORE', 'new', 0, flipped);
  // BUSYKEY is checked before the TTL and the payload.
  await p.same('RESTORE', 'busy', -1, 'garbage');
  await p.same('EXISTS', 'new');
});

/** A payload with the given body, version and a correct checksum. */
function payloadOf(bodyHex: string, version: number): string {
  const body = Buffer.from(bodyHex, 'hex');
  const b = Buffer.alloc(body.length + 10);
  body.copy(b);
  b.writeUInt16LE(version, body.length);
  b.writeBigUInt64LE(crc64(b, 0, body.length + 2), body.length + 2);
  return b.latin1Slice(0, b.length);
}

test('payload versions up to 11 load; a newer one, an unknown type or a bad encoding is refused', async () => {
  const body = '0003616263';
  await p.same('RESTORE', 'v10', 0, payloadOf(body, 10));
  await p.same('GET', 'v10');
  // Redis 7.0 only reads up to version 10; 7.2 reads 11.
  assert.deepEqual(await p.shoal.call('RESTORE', 'v11', 0, payloadOf(body, 11)), { t: 'status', v: 'OK' });
  assert.deepEqual(await p.shoal.call('RESTORE', 'v12', 0, payloadOf(body, 12)),
    { t: 'error', v: 'ERR DUMP payload version or checksum are wrong' });
  await p.same('RESTORE', 'unknown', 0, payloadOf('c80161', 10));
  await p.same('RESTORE', 'badenc', 0, payloadOf('00c5', 10));
  await p.same('RESTORE', 'badlzf', 0, payloadOf('00c3020a0161', 10));
  await p.same('RESTORE', 'ints', 0, payloadOf('00c2ffffff7f', 10));
  await p.same('GET', 'ints');
});

test('a TTL in the past creates nothing and removes a replaced key', async () => {
  await p.same('SET', 'src', 'value');
  const good = bulk(await p.redis.call('DUMP', 'src'));
  await p.same('RESTORE', 'gone', 1, good, 'ABSTTL');
  await p.same('EXISTS', 'gone');
  await p.same('SET', 'old', 'x');
  await p.same('RESTORE', 'old', 1000, good, 'ABSTTL', 'REPLACE');
  await p.same('EXISTS', 'old');
});

test('RESTORE IDLETIME sets the idle time OBJECT IDLETIME reports', async () => {
  await p.same('SET', 'src', 'value');
  const good = bulk(await p.redis.call('DUMP', 'src'));
  await p.same('RESTORE', 'idle{x}', 0, good, 'IDLETIME', 1000);
  const [a, b] = await p.both('OBJECT', 'IDLETIME', 'idle{x}');
  assert.ok(Math.abs(intOf(a) - intOf(b)) <= 2, JSON.stringify([a, b]));
  assert.ok(intOf(a) >= 1000);
});
