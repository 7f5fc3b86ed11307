/**
 * Lists through DUMP/RESTORE: Redis DUMP -> Shoal RESTORE -> Shoal DUMP ->
 * Redis RESTORE, and the legacy list encodings Redis 7.x still reads.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startPair, type Pair } from '../helpers/diff';
import { show, type Reply } from '../helpers/resp';
import { crc64 } from '../../src/persist/crc64';
import { rng } from '../helpers/rng';

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

/**
 * The oracle is Redis 7.0, which refuses RDB version 11 (what Shoal, as 7.2,
 * writes): re-stamp a payload with version 10 and its checksum recomputed.
 */
function asVersion(payload: string, version: number): string {
  const b = Buffer.from(payload, 'latin1');
  b.writeUInt16LE(version, b.length - 10);
  b.writeBigUInt64LE(crc64(b, 0, b.length - 8), b.length - 8);
  return b.latin1Slice(0, b.length);
}

/** A payload from an object body (type byte and value) with RDB version 10 and its checksum. */
function payload(body: Buffer): string {
  const b = Buffer.alloc(body.length + 10);
  body.copy(b, 0);
  b.writeUInt16LE(10, body.length);
  b.writeBigUInt64LE(crc64(b, 0, body.length + 2), body.length + 2);
  return b.latin1Slice(0, b.length);
}

const ELEMENTS = ['a', '', '0', '1', '-1', '127', '128', '-4096', '4095', '32768', '-8388609', '2147483648', '9223372036854775807',
  '-9223372036854775808', '9223372036854775808', '007', 'x'.repeat(63), 'y'.repeat(64), 'z'.repeat(5000), '\x00\xff\r\n'];

async function roundTrip(build: (string | number)[][], note: string): Promise<void> {
  await p.same('DEL', 'src', 'copy', 'back');
  for (const cmd of build) await p.same(...cmd);
  const fromRedis = bulk(await p.redis.call('DUMP', 'src'));
  assert.equal(show(await p.shoal.call('RESTORE', 'copy', '0', Buffer.from(fromRedis, 'latin1'))), 'OK', note);
  const expected = show(await p.redis.call('LRANGE', 'src', '0', '-1'));
  assert.deepEqual(show(await p.shoal.call('LRANGE', 'copy', '0', '-1')), expected, note);
  const fromShoal = bulk(await p.shoal.call('DUMP', 'copy'));
  assert.equal(Buffer.from(fromShoal, 'latin1').readUInt16LE(fromShoal.length - 10), 11);
  // Lists built by appending split into the same quicklist nodes: the bodies are byte-identical.
  assert.equal(fromShoal.slice(0, -10), fromRedis.slice(0, -10), `DUMP body of ${note}`);
  assert.equal(show(await p.redis.call('RESTORE', 'back', '0', Buffer.from(asVersion(fromShoal, 10), 'latin1'))), 'OK', note);
  assert.deepEqual(show(await p.redis.call('LRANGE', 'back', '0', '-1')), expected, note);
}

test('lists of every size and element kind round-trip through Redis and Shoal', async () => {
  await roundTrip([['RPUSH', 'src', ...ELEMENTS.slice(0, 16)]], 'small list of varied elements');
  await roundTrip([['RPUSH', 'src', ...ELEMENTS]], 'list with a 5000-byte element');
  const many: (string | number)[][] = [];
  for (let i = 0; i < 300; i++) many.push(['RPUSH', 'src', `element-${i}-${'p'.repeat(i % 50)}`, String(i * 977)]);
  await roundTrip(many, 'list of several quicklist nodes');
  await roundTrip([['CONFIG', 'SET', 'list-max-listpack-size', '5'], ['RPUSH', 'src', ...ELEMENTS.slice(0, 13)]], 'count-limited nodes');
  await p.same('CONFIG', 'SET', 'list-max-listpack-size', '-2');
});

test('a restored list gets the encoding Redis 7.2 would give it', async () => {
  await p.same('DEL', 'src');
  await p.same('RPUSH', 'src', 'a', 'b', 'c');
  const small = bulk(await p.redis.call('DUMP', 'src'));
  await p.shoal.call('RESTORE', 'lp', '0', Buffer.from(small, 'latin1'), 'REPLACE');
  // Redis 7.0 reports every list as a quicklist; 7.2 keeps a one-node list within the limits as a listpack.
  assert.equal(show(await p.shoal.call('OBJECT', 'ENCODING', 'lp')), 'listpack');
  const big: string[] = [];
  for (let i = 0; i < 100; i++) big.push('v'.repeat(100));
  await p.same('RPUSH', 'src', ...big);
  const large = bulk(await p.redis.call('DUMP', 'src'));
  await p.shoal.call('RESTORE', 'ql', '0', Buffer.from(large, 'latin1'), 'REPLACE');
  assert.equal(show(await p.shoal.call('OBJECT', 'ENCODING', 'ql')), 'quicklist');
});

/** rdbSaveLen for small lengths, and a raw string with it. */
function len(n: number): Buffer {
  if (n < 64) return Buffer.from([n]);
  return Buffer.from([0x40 | (n >> 8), n & 0xff]);
}

function str(s: string): Buffer {
  return Buffer.concat([len(s.length), Buffer.from(s, 'latin1')]);
}

/** A ziplist of short strings (each under 64 bytes, so 1-byte prevlen and encoding). */
function ziplist(items: string[]): Buffer {
  const entries: Buffer[] = [];
  let prev = 0;
  let tail = 10;
  let offset = 10;
  for (const s of items) {
    const e = Buffer.concat([Buffer.from([prev, s.length]), Buffer.from(s, 'latin1')]);
    entries.push(e);
    tail = offset;
    offset += e.length;
    prev = e.length;
  }
  const head = Buffer.alloc(10);
  const total = offset + 1;
  head.writeUInt32LE(total, 0);
  head.writeUInt32LE(tail, 4);
  head.writeUInt16LE(items.length, 8);
  return Buffer.concat([head, ...entries, Buffer.from([0xff])]);
}

test('the legacy list encodings load in Shoal as in Redis', async () => {
  const items = ['one', 'two', 'three'];
  const zl = ziplist(items);
  const bodies: [string, Buffer][] = [
    ['plain list (type 1)', Buffer.concat([Buffer.from([1]), len(items.length), ...items.map(str)])],
    ['ziplist (type 10)', Buffer.concat([Buffer.from([10]), str(zl.latin1Slice(0, zl.length))])],
    ['quicklist of ziplists (type 14)', Buffer.concat([Buffer.from([14]), len(2), str(zl.latin1Slice(0, zl.length)), str(zl.latin1Slice(0, zl.length))])],
    ['quicklist with a plain node (type 18)', Buffer.concat([Buffer.from([18]), len(1), len(1), str('a plain element')])],
  ];
  for (const [note, body] of bodies) {
    const data = Buffer.from(payload(body), 'latin1');
    await p.same('DEL', 'k');
    assert.deepEqual(await p.shoal.call('RESTORE', 'k', '0', data), await p.redis.call('RESTORE', 'k', '0', data), note);
    await p.same('LRANGE', 'k', '0', '-1');
    // Written back as the quicklist (of listpacks, or a plain node) Redis makes of it.
    assert.equal(bulk(await p.shoal.call('DUMP', 'k')).slice(0, -10), bulk(await p.redis.call('DUMP', 'k')).slice(0, -10), note);
  }
  // An empty list is refused.
  const empty = Buffer.from(payload(Buffer.concat([Buffer.from([1]), len(0)])), 'latin1');
  await p.same('RESTORE', 'e', '0', empty);
});

test('pushes, pops, LINSERT, LSET, LREM and LTRIM keep the quicklist nodes Redis has', async () => {
  // Start from Redis's own layout (7.0 and 7.2 differ only in how a list first becomes a
  // quicklist), then edit both the same way; the list stays big, so 7.2 keeps it a quicklist.
  const r = rng(4242);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const values = ['a', '12', '-700', '99999', 'v'.repeat(40), 'w'.repeat(300), '1e5', 'x'.repeat(9000)];
  await p.same('DEL', 'q');
  for (let i = 0; i < 400; i++) await p.redis.call('RPUSH', 'q', pick(values), String(i));
  const dump = bulk(await p.redis.call('DUMP', 'q'));
  await p.shoal.call('RESTORE', 'q', '0', Buffer.from(dump, 'latin1'));
  for (let step = 0; step < 3000; step++) {
    const roll = r();
    if (roll < 0.3) await p.same(pick(['LPUSH', 'RPUSH']), 'q', pick(values), pick(values));
    else if (roll < 0.6) await p.same(pick(['LPOP', 'RPOP']), 'q', String(1 + Math.floor(r() * 2)));
    else if (roll < 0.8) await p.same('LSET', 'q', String(Math.floor(r() * 200) - 100), pick(values.slice(0, 5)));
    else if (roll < 0.85) await p.same('LREM', 'q', pick(['1', '-1', '2']), pick(values));
    else if (roll < 0.95) await p.same('LINSERT', 'q', pick(['BEFORE', 'AFTER']), pick(values), pick(values.slice(0, 7)));
    else await p.same('LTRIM', 'q', pick(['0', '1']), pick(['-1', '-2']));
    if (step % 25 === 0) {
      const mine = bulk(await p.shoal.call('DUMP', 'q'));
      const theirs = bulk(await p.redis.call('DUMP', 'q'));
      assert.equal(mine.slice(0, -10), theirs.slice(0, -10), `quicklist nodes after step ${step}`);
    }
  }
});
