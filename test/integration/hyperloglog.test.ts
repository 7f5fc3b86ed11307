/**
 * HyperLogLog against redis-server: the same commands to both must leave
 * byte-identical values (sparse and dense encodings, cached counts) and get
 * identical replies, and values copied either way must keep working.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startPair, type Pair } from '../helpers/diff';
import { rng } from '../helpers/rng';
import { crc64 } from '../../src/persist/crc64';
import { encode, type Reply } from '../helpers/resp';

let p: Pair;
before(async () => {
  p = await startPair();
});
after(async () => {
  await p.close();
});

function bulk(r: Reply): string {
  assert.equal(r.t, 'bulk', `expected a bulk reply, got ${JSON.stringify(r)}`);
  return (r as { v: string }).v;
}

/** Both servers hold the same bytes at key; returns them. */
async function sameValue(key: string): Promise<string> {
  return bulk(await p.same('GET', key));
}

const random = rng(4242);
const int = (n: number): number => Math.floor(random() * n);

/** A random element: mostly short text, sometimes binary, sometimes empty. */
function element(): string {
  const len = int(4) === 0 ? int(25) : 1 + int(12);
  let s = '';
  const binary = int(5) === 0;
  for (let i = 0; i < len; i++) s += String.fromCharCode(binary ? int(256) : 97 + int(26));
  return s;
}

function elements(n: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(element());
  return out;
}

test('PFADD builds the same sparse bytes, and PFCOUNT caches the same count', async () => {
  await p.sameAll([
    ['PFADD', 'h'],
    ['GET', 'h'],
    ['PFCOUNT', 'h'],
    ['GET', 'h'],
    ['PFADD', 'h'],
    ['PFADD', 'h', 'a', 'b', 'c'],
    ['PFADD', 'h', 'a', 'b', 'c'],
    ['GET', 'h'],
    ['PFCOUNT', 'h'],
    ['GET', 'h'],
    ['PFCOUNT', 'h'],
    ['PFADD', 'h', ''],
    ['PFCOUNT', 'h'],
    ['PFDEBUG', 'ENCODING', 'h'],
    ['PFDEBUG', 'decode', 'h'],
    ['OBJECT', 'ENCODING', 'h'],
    ['TYPE', 'h'],
    ['STRLEN', 'h'],
    ['PFCOUNT', 'nokey'],
    ['PFCOUNT', 'nokey', 'nokey2'],
    ['EXISTS', 'nokey'],
  ]);
});

test('long random PFADD sequences stay byte-identical through sparse growth and promotion to dense', async () => {
  for (const key of ['r1', 'r2', 'r3']) {
    for (let round = 0; round < 120; round++) {
      const batch = elements(round < 60 ? 1 + int(4) : 1 + int(60));
      await p.same('PFADD', key, ...batch);
      if (round % 5 === 0) await p.same('PFCOUNT', key);
      if (round % 10 === 0) {
        await sameValue(key);
        await p.same('PFDEBUG', 'ENCODING', key);
      }
    }
    await sameValue(key);
    await p.same('PFCOUNT', key);
    await p.same('PFDEBUG', 'ENCODING', key);
  }
  // Enough elements that every key has long been dense.
  for (let i = 0; i < 20; i++) await p.same('PFADD', 'big', ...elements(500));
  assert.equal((await p.same('PFDEBUG', 'ENCODING', 'big')).t, 'status');
  await sameValue('big');
  await p.same('PFCOUNT', 'big');
  await sameValue('big');
});

test('hll-sparse-max-bytes decides when a sparse HLL becomes dense', async () => {
  for (const limit of ['0', '40', '100', '700', '20000']) {
    await p.same('CONFIG', 'SET', 'hll-sparse-max-bytes', limit);
    const key = `lim${limit}`;
    for (let round = 0; round < 80; round++) {
      await p.same('PFADD', key, ...elements(1 + int(20)));
      await p.same('PFDEBUG', 'ENCODING', key);
      if (round % 8 === 0) await sameValue(key);
    }
    await sameValue(key);
    await p.same('PFCOUNT', key);
  }
  await p.same('CONFIG', 'SET', 'hll-sparse-max-bytes', '3000');
});

test('PFCOUNT of several keys counts their union without touching them', async () => {
  await p.sameAll([
    ['DEL', 'u1', 'u2', 'u3'],
    ['PFADD', 'u1', 'a', 'b', 'c', 'd'],
    ['PFADD', 'u2', 'c', 'd', 'e', 'f', 'g'],
  ]);
  for (let i = 0; i < 8; i++) await p.same('PFADD', 'u3', ...elements(400));
  await p.sameAll([
    ['PFCOUNT', 'u1', 'u2'],
    ['PFCOUNT', 'u1', 'u2', 'missing'],
    ['PFCOUNT', 'u1', 'u2', 'u3'],
    ['PFCOUNT', 'u3', 'u3'],
    ['GET', 'u1'],
    ['GET', 'u2'],
  ]);
});

test('PFMERGE merges sparse and dense inputs into the same bytes', async () => {
  await p.sameAll([
    ['DEL', 'm1', 'm2', 'm3', 'd1', 'dst', 'dst2', 'dst3', 'dst4'],
    ['PFADD', 'm1', 'a', 'b', 'c'],
    ['PFADD', 'm2', 'x', 'y', 'z', 'a'],
    ['PFMERGE', 'dst', 'm1', 'm2'],
    ['GET', 'dst'],
    ['PFCOUNT', 'dst'],
    ['PFMERGE', 'dst', 'm1', 'nokey'],
    ['GET', 'dst'],
    ['PFMERGE', 'dst2'],
    ['GET', 'dst2'],
    ['PFMERGE', 'dst2', 'dst2'],
    ['GET', 'dst2'],
    ['PFMERGE', 'dst3', 'nokey'],
    ['GET', 'dst3'],
  ]);
  for (let i = 0; i < 10; i++) await p.same('PFADD', 'd1', ...elements(300));
  await p.sameAll([
    ['PFDEBUG', 'ENCODING', 'd1'],
    ['PFMERGE', 'dst', 'd1'],
    ['GET', 'dst'],
    ['PFDEBUG', 'ENCODING', 'dst'],
    ['PFCOUNT', 'dst'],
    ['PFMERGE', 'm3', 'm1', 'd1', 'm2'],
    ['GET', 'm3'],
    ['PFCOUNT', 'm3', 'd1'],
  ]);
  // Many sparse inputs merged into a sparse target, past the sparse limit.
  for (let i = 0; i < 6; i++) await p.same('PFADD', `s${i}`, ...elements(60));
  await p.sameAll([
    ['PFMERGE', 'dst4', 's0', 's1'],
    ['GET', 'dst4'],
    ['PFMERGE', 'dst4', 's0', 's1', 's2', 's3', 's4', 's5'],
    ['GET', 'dst4'],
    ['PFDEBUG', 'ENCODING', 'dst4'],
  ]);
});

test('PFDEBUG GETREG, DECODE, ENCODING and TODENSE', async () => {
  await p.sameAll([
    ['DEL', 'g'],
    ['PFADD', 'g', 'foo', 'bar', 'baz', 'qux'],
    ['PFDEBUG', 'DECODE', 'g'],
    ['PFDEBUG', 'encoding', 'g'],
    ['PFDEBUG', 'GETREG', 'g'],
    ['PFDEBUG', 'encoding', 'g'],
    ['GET', 'g'],
    ['PFDEBUG', 'DECODE', 'g'],
    ['PFDEBUG', 'TODENSE', 'g'],
    ['PFADD', 'g2', 'one'],
    ['PFDEBUG', 'TODENSE', 'g2'],
    ['GET', 'g2'],
    ['PFDEBUG', 'TODENSE', 'g2'],
    ['PFDEBUG', 'nosuch', 'g2'],
    ['PFDEBUG', 'GETREG', 'missing'],
    ['PFDEBUG', 'nosuch', 'missing'],
    ['PFDEBUG', 'GETREG'],
    ['PFDEBUG', 'GETREG', 'g', 'extra'],
    ['SET', 'plain', 'hello'],
    ['PFDEBUG', 'GETREG', 'plain'],
  ]);
});

test('values copied between Redis and Shoal with GET/SET count and grow the same', async () => {
  for (let i = 0; i < 5; i++) await p.redis.call('PFADD', 'fromredis', ...elements(30));
  for (let i = 0; i < 5; i++) await p.shoal.call('PFADD', 'fromshoal', ...elements(30));
  for (let i = 0; i < 10; i++) await p.redis.call('PFADD', 'densefromredis', ...elements(500));
  for (const [key, src] of [['fromredis', p.redis], ['fromshoal', p.shoal], ['densefromredis', p.redis]] as const) {
    const v = bulk(await src.call('GET', key));
    await p.same('SET', `${key}:copy`, v);
    await p.sameAll([
      ['PFCOUNT', `${key}:copy`],
      ['PFADD', `${key}:copy`, 'new1', 'new2', 'new3'],
      ['GET', `${key}:copy`],
      ['PFCOUNT', `${key}:copy`],
      ['PFMERGE', `${key}:merged`, `${key}:copy`, 'fromredis:copy'],
      ['GET', `${key}:merged`],
    ]);
  }
});

/** A DUMP payload re-stamped with another RDB version and its checksum recomputed. */
function restamp(payload: string, version: number): string {
  const b = Buffer.from(payload, 'latin1');
  b.writeUInt16LE(version, b.length - 10);
  b.writeBigUInt64LE(crc64(b, 0, b.length - 8), b.length - 8);
  return b.latin1Slice(0, b.length);
}

test('values copied with DUMP/RESTORE both ways count the same', async () => {
  await p.redis.call('DEL', 'dr');
  for (let i = 0; i < 3; i++) await p.redis.call('PFADD', 'dr', ...elements(40));
  await p.redis.call('PFADD', 'drd', ...elements(3000));
  for (const key of ['dr', 'drd']) {
    const payload = bulk(await p.redis.call('DUMP', key));
    assert.deepEqual(await p.shoal.call('RESTORE', `${key}:r`, 0, payload), { t: 'status', v: 'OK' });
    assert.deepEqual(await p.redis.call('RESTORE', `${key}:r`, 0, payload), { t: 'status', v: 'OK' });
    await p.sameAll([
      ['GET', `${key}:r`],
      ['PFCOUNT', `${key}:r`],
      ['PFADD', `${key}:r`, 'x', 'y'],
      ['PFCOUNT', `${key}:r`],
    ]);
    // Back from Shoal: it writes RDB 11 (Redis 7.2), which the 7.0 oracle refuses, so re-stamp it as 10.
    const back = restamp(bulk(await p.shoal.call('DUMP', `${key}:r`)), 10);
    await p.redis.call('DEL', `${key}:r`);
    assert.deepEqual(await p.redis.call('RESTORE', `${key}:r`, 0, back), { t: 'status', v: 'OK' });
    await p.sameAll([
      ['GET', `${key}:r`],
      ['PFCOUNT', `${key}:r`],
      ['PFADD', `${key}:r`, 'z'],
      ['GET', `${key}:r`],
    ]);
  }
});

test('DUMP of an HLL is byte-identical to Redis’s apart from the version and checksum', async () => {
  await p.same('DEL', 'dd1', 'dd2');
  await p.same('PFADD', 'dd1', ...elements(50));
  for (let i = 0; i < 6; i++) await p.same('PFADD', 'dd2', ...elements(500));
  await p.same('PFCOUNT', 'dd2');
  for (const key of ['dd1', 'dd2']) {
    const mine = bulk(await p.shoal.call('DUMP', key));
    const theirs = bulk(await p.redis.call('DUMP', key));
    // Redis 7.0 stamps RDB version 10 where Shoal, as 7.2, stamps 11.
    assert.equal(mine.slice(0, -10), theirs.slice(0, -10), `DUMP ${key}`);
  }
});

test('strings that are not HyperLogLogs are refused with the HLL WRONGTYPE error', async () => {
  const bad = [
    'hello',
    'HYLL',
    'HYLX\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x7f\xff',
    'HYLL\x02\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x7f\xff',
    'HYLL\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00' + '\x00'.repeat(100),
    '1234567890123456',
  ];
  for (const v of bad) {
    await p.same('SET', 'bad', v);
    await p.sameAll([
      ['PFADD', 'bad', 'a'],
      ['PFCOUNT', 'bad'],
      ['PFCOUNT', 'bad', 'nokey'],
      ['PFCOUNT', 'nokey', 'bad'],
      ['PFMERGE', 'bad', 'nokey'],
      ['PFMERGE', 'target', 'bad'],
      ['PFDEBUG', 'ENCODING', 'bad'],
      ['GET', 'bad'],
      ['EXISTS', 'target'],
    ]);
  }
});

test('corrupted sparse HyperLogLogs are detected as Redis detects them', async () => {
  await p.same('DEL', 'c');
  await p.same('PFADD', 'c', 'a', 'b', 'c');
  const good = await sameValue('c');
  const variants = [
    good + 'hello',
    // Every register covered, then one more opcode.
    good + '\x80',
    good + '\x00',
    good.slice(0, good.length - 1),
    good.slice(0, 16),
    good.slice(0, 16) + '\x7f',
    good.slice(0, 16) + '\x7f\xff\x7f\xff',
    good.slice(0, 16) + '\xff'.repeat(20),
  ];
  for (const v of variants) {
    await p.same('SET', 'c', v);
    await p.sameAll([
      ['PFCOUNT', 'c'],
      ['GET', 'c'],
      ['PFCOUNT', 'c', 'nokey'],
      ['PFMERGE', 'cm', 'c'],
      ['PFDEBUG', 'DECODE', 'c'],
      ['PFDEBUG', 'GETREG', 'c'],
      ['PFDEBUG', 'TODENSE', 'c'],
      ['PFADD', 'c', 'x', 'y', 'z', 'w'],
      ['GET', 'c'],
      ['EXISTS', 'cm'],
    ]);
  }
});

test('random corruption of sparse and dense values gets the same replies and bytes', async () => {
  await p.same('DEL', 'fs', 'fd');
  for (let i = 0; i < 4; i++) await p.same('PFADD', 'fs', ...elements(25));
  for (let i = 0; i < 8; i++) await p.same('PFADD', 'fd', ...elements(500));
  const originals = [await sameValue('fs'), await sameValue('fd')];
  for (let round = 0; round < 150; round++) {
    const orig = originals[round % 2];
    const chars = orig.split('');
    const flips = 1 + int(8);
    for (let i = 0; i < flips; i++) chars[16 + int(chars.length - 16)] = String.fromCharCode(int(256));
    await p.same('SET', 'fz', chars.join(''));
    await p.same('PFCOUNT', 'fz');
    await p.same('PFADD', 'fz', ...elements(5));
    await p.same('GET', 'fz');
    await p.same('PFCOUNT', 'fz', 'fs');
    await p.same('GET', 'fz');
  }
});

test('the cached count is used while valid and recomputed when marked stale', async () => {
  await p.sameAll([
    ['DEL', 'cc'],
    ['PFADD', 'cc', 'a', 'b', 'c'],
    ['PFCOUNT', 'cc'],
    // Overwrite the cached count with 5 (valid): PFCOUNT returns it as is.
    ['SETRANGE', 'cc', 8, '\x05\x00\x00\x00\x00\x00\x00\x00'],
    ['PFCOUNT', 'cc'],
    // A huge cached value is returned as is, too.
    ['SETRANGE', 'cc', 8, '\xff\xff\xff\xff\xff\xff\xff\x7f'],
    ['PFCOUNT', 'cc'],
    // The stale bit makes PFCOUNT recompute and rewrite the cache.
    ['SETRANGE', 'cc', 15, '\x80'],
    ['PFCOUNT', 'cc'],
    ['GET', 'cc'],
    ['PFADD', 'cc', 'a'],
    ['GET', 'cc'],
    ['PFADD', 'cc', 'brand-new-element'],
    ['GET', 'cc'],
  ]);
});

test('keys of other types get the plain WRONGTYPE error; wrong arity is refused', async () => {
  await p.sameAll([
    ['RPUSH', 'list', 'a'],
    ['HSET', 'hash', 'f', 'v'],
    ['PFADD', 'list', 'x'],
    ['PFCOUNT', 'list'],
    ['PFCOUNT', 'hash', 'nokey'],
    ['PFMERGE', 'dst', 'list'],
    ['PFMERGE', 'hash', 'nokey'],
    ['PFDEBUG', 'GETREG', 'list'],
    ['EXISTS', 'dst'],
    ['PFADD'],
    ['PFCOUNT'],
    ['PFMERGE'],
    ['PFDEBUG', 'ENCODING'],
    ['PFSELFTEST', 'x'],
  ]);
});

test('PFSELFTEST passes', async () => {
  // Ten million additions: allow a loaded machine more than the usual wait for the reply.
  p.shoal.write(encode(['PFSELFTEST']));
  assert.deepEqual(await p.shoal.read(120_000), { t: 'status', v: 'OK' });
  assert.deepEqual(await p.redis.call('PFSELFTEST'), { t: 'status', v: 'OK' });
});
