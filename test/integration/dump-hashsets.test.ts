/**
 * DUMP/RESTORE of hashes and sets in every encoding: byte-identical payloads
 * where Redis's are deterministic, and round trips Redis -> Shoal -> Redis.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startPair, type Pair } from '../helpers/diff';
import { show, type Reply } from '../helpers/resp';
import { crc64 } from '../../src/persist/crc64';
import { encodeListpack } from '../../src/persist/listpack';

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
 * A payload re-stamped with RDB version 10 and its CRC recomputed: the oracle
 * is Redis 7.0 (RDB 10), which refuses Shoal's version 11 though the object
 * encodings here are the same in both.
 */
function asVersion10(payload: string): Buffer {
  const b = Buffer.from(payload, 'latin1');
  b.writeUInt16LE(10, b.length - 10);
  b.writeBigUInt64LE(crc64(b, 0, b.length - 8), b.length - 8);
  return b;
}

/** The payload without its version and checksum. */
const body = (payload: string): string => payload.slice(0, -10);

async function sortedAll(conn: 'shoal' | 'redis', ...cmd: string[]): Promise<string[]> {
  return (show(await p[conn].call(...cmd)) as string[]).slice().sort();
}

/** HGETALL as sorted "field=value" lines. */
async function hashOf(conn: 'shoal' | 'redis', key: string): Promise<string[]> {
  const flat = show(await p[conn].call('HGETALL', key)) as string[];
  const out: string[] = [];
  for (let i = 0; i < flat.length; i += 2) out.push(`${flat[i]}=${flat[i + 1]}`);
  return out.sort();
}

const HASHES: [string, string[]][] = [
  ['small ints and strings', ['a', '1', 'b', '-1', 'c', '127', 'd', '128', 'e', '-4097', 'f', '2147483648', 'g', 'hello', 'h', '', '12', 'x']],
  ['long values (hashtable)', ['f', 'v'.repeat(100), 'g', '1']],
  ['many fields (hashtable)', Array.from({ length: 1200 }, (_, i) => (i % 2 === 0 ? `field:${i}` : String(i * 7919)))],
  ['compressible', ['aaaaaaaaaaaaaaaaaaaaaaaa', 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb', 'ccccccccccccccccccccccc', 'ccccccccccccccccccccccc']],
];

test('hash DUMP: listpacks byte-identical to Redis; every encoding round-trips Redis -> Shoal -> Redis', async () => {
  for (const [what, args] of HASHES) {
    await p.same('DEL', 'h');
    await p.same('HSET', 'h', ...args);
    await p.same('OBJECT', 'ENCODING', 'h');
    const theirs = bulk(await p.redis.call('DUMP', 'h'));
    const mine = bulk(await p.shoal.call('DUMP', 'h'));
    const enc = show(await p.shoal.call('OBJECT', 'ENCODING', 'h'));
    if (enc === 'listpack') assert.equal(body(mine), body(theirs), `${what}: DUMP body`);
    assert.equal(Buffer.from(mine, 'latin1').readUInt16LE(mine.length - 10), 11);
    // Redis's payload into Shoal, Shoal's dump of it back into Redis.
    assert.deepEqual(await p.shoal.call('RESTORE', 'h2', 0, theirs, 'REPLACE'), { t: 'status', v: 'OK' });
    assert.deepEqual(await hashOf('shoal', 'h2'), await hashOf('redis', 'h'), what);
    assert.deepEqual(await p.shoal.call('OBJECT', 'ENCODING', 'h2'), await p.redis.call('OBJECT', 'ENCODING', 'h'));
    const back = asVersion10(bulk(await p.shoal.call('DUMP', 'h2')));
    assert.deepEqual(await p.redis.call('RESTORE', 'h3', 0, back, 'REPLACE'), { t: 'status', v: 'OK' });
    assert.deepEqual(await hashOf('redis', 'h3'), await hashOf('redis', 'h'), what);
    assert.deepEqual(await p.redis.call('OBJECT', 'ENCODING', 'h3'), await p.redis.call('OBJECT', 'ENCODING', 'h'));
  }
});

test('a restored hash takes the encoding the current limits give it', async () => {
  await p.same('DEL', 'h');
  await p.same('HSET', 'h', 'a', '1', 'b', '2', 'c', '3');
  const payload = bulk(await p.redis.call('DUMP', 'h'));
  await p.both('CONFIG', 'SET', 'hash-max-listpack-entries', '2');
  try {
    await p.same('RESTORE', 'h4', 0, payload, 'REPLACE');
    await p.same('OBJECT', 'ENCODING', 'h4');
    assert.deepEqual(await hashOf('shoal', 'h4'), await hashOf('redis', 'h4'));
  } finally {
    await p.both('CONFIG', 'SET', 'hash-max-listpack-entries', '512');
  }
});

/** An RDB payload of one object: type byte, body, version 10 and CRC (as Redis 7.0 accepts). */
function payloadOf(type: number, blob: Buffer): Buffer {
  const len = Buffer.alloc(5);
  len[0] = 0x80;
  len.writeUInt32BE(blob.length, 1);
  const b = Buffer.concat([Buffer.from([type]), len, blob, Buffer.alloc(10)]);
  b.writeUInt16LE(10, b.length - 10);
  b.writeBigUInt64LE(crc64(b, 0, b.length - 8), b.length - 8);
  return b;
}

test('legacy hash encodings (zipmap, ziplist) load as Redis loads them', async () => {
  // zipmap: count, then per pair: field len, field, value len, free bytes, value, padding; 0xFF.
  const zipmap = Buffer.concat([
    Buffer.from([2]),
    Buffer.from([1]), Buffer.from('a'), Buffer.from([3, 0]), Buffer.from('one'),
    Buffer.from([3]), Buffer.from('bee'), Buffer.from([2, 1]), Buffer.from('22'), Buffer.from([0]),
    Buffer.from([0xff]),
  ]);
  // ziplist of f1 -> "x", f2 -> 300 (int16): header, entries with prevlen, 0xFF.
  const entries = [Buffer.from('00026631', 'hex'), Buffer.from('040178', 'hex'), Buffer.from('03026632', 'hex'), Buffer.from('04c02c01', 'hex')];
  const total = 10 + entries.reduce((n, e) => n + e.length, 0) + 1;
  const header = Buffer.alloc(10);
  header.writeUInt32LE(total, 0);
  header.writeUInt32LE(total - 1 - entries[3].length, 4);
  header.writeUInt16LE(4, 8);
  const ziplist = Buffer.concat([header, ...entries, Buffer.from([0xff])]);
  for (const [type, blob] of [[9, zipmap], [13, ziplist]] as [number, Buffer][]) {
    await p.same('RESTORE', 'old', 0, payloadOf(type, blob), 'REPLACE');
    await p.same('HGETALL', 'old');
    await p.same('OBJECT', 'ENCODING', 'old');
  }
  assert.deepEqual(await hashOf('shoal', 'old'), ['f1=x', 'f2=300']);
});

test('corrupt hash and set payloads are refused like Redis refuses them', async () => {
  await p.same('DEL', 'h', 's');
  await p.same('HSET', 'h', 'a', '1');
  const good = Buffer.from(bulk(await p.redis.call('DUMP', 'h')), 'latin1');
  const cut = Buffer.concat([good.subarray(0, good.length - 13), good.subarray(good.length - 10)]);
  cut.writeBigUInt64LE(crc64(cut, 0, cut.length - 8), cut.length - 8);
  await p.same('RESTORE', 'bad', 0, cut);
  // Redis checks these only with sanitize-dump-payload on; Shoal always refuses them.
  const refused = { t: 'error', v: 'ERR Bad data format' };
  assert.deepEqual(await p.shoal.call('RESTORE', 'bad', 0, payloadOf(16, encodeListpack(['a', '1', 'a', '2']))), refused);
  assert.deepEqual(await p.shoal.call('RESTORE', 'bad', 0, payloadOf(16, encodeListpack([]))), refused);
  assert.deepEqual(await p.shoal.call('RESTORE', 'bad', 0, payloadOf(11, Buffer.from('020000000200000002000100', 'hex'))), refused);
  assert.deepEqual(await p.shoal.call('RESTORE', 'bad', 0, payloadOf(20, encodeListpack(['x', 'x']))), refused);
  await p.same('EXISTS', 'bad');
});

const SETS: [string, string[]][] = [
  ['intset', ['5', '-3', '100000', '0']],
  ['wide intset', ['1', '9223372036854775807', '-2']],
  ['many ints (hashtable)', Array.from({ length: 600 }, (_, i) => String(i * 13))],
  ['many strings (hashtable)', Array.from({ length: 300 }, (_, i) => `m${i}`)],
];

test('set DUMP: intsets byte-identical to Redis; every encoding round-trips Redis -> Shoal -> Redis', async () => {
  for (const [what, members] of SETS) {
    await p.same('DEL', 's');
    await p.same('SADD', 's', ...members);
    await p.same('OBJECT', 'ENCODING', 's');
    const theirs = bulk(await p.redis.call('DUMP', 's'));
    const mine = bulk(await p.shoal.call('DUMP', 's'));
    if (show(await p.shoal.call('OBJECT', 'ENCODING', 's')) === 'intset') assert.equal(body(mine), body(theirs), `${what}: DUMP body`);
    assert.deepEqual(await p.shoal.call('RESTORE', 's2', 0, theirs, 'REPLACE'), { t: 'status', v: 'OK' });
    assert.deepEqual(await sortedAll('shoal', 'SMEMBERS', 's2'), await sortedAll('redis', 'SMEMBERS', 's'), what);
    assert.deepEqual(await p.shoal.call('OBJECT', 'ENCODING', 's2'), await p.redis.call('OBJECT', 'ENCODING', 's'));
    const back = asVersion10(bulk(await p.shoal.call('DUMP', 's2')));
    assert.deepEqual(await p.redis.call('RESTORE', 's3', 0, back, 'REPLACE'), { t: 'status', v: 'OK' });
    assert.deepEqual(await sortedAll('redis', 'SMEMBERS', 's3'), await sortedAll('redis', 'SMEMBERS', 's'), what);
    assert.deepEqual(await p.redis.call('OBJECT', 'ENCODING', 's3'), await p.redis.call('OBJECT', 'ENCODING', 's'));
  }
});

test('an intset keeps its upgraded width in DUMP after the wide member leaves, as Redis does', async () => {
  await p.same('DEL', 's');
  await p.same('SADD', 's', '1', '2', '5000000000');
  await p.same('SREM', 's', '5000000000');
  assert.equal(body(bulk(await p.shoal.call('DUMP', 's'))), body(bulk(await p.redis.call('DUMP', 's'))));
});

test('listpack sets (RDB type 20, new in 7.2) are written by Shoal and read back', async () => {
  await p.shoal.call('DEL', 's');
  await p.shoal.call('SADD', 's', 'b', 'a', '7', 'c');
  const dump = Buffer.from(bulk(await p.shoal.call('DUMP', 's')), 'latin1');
  assert.equal(dump[0], 20);
  assert.deepEqual(await p.shoal.call('RESTORE', 's2', 0, dump, 'REPLACE'), { t: 'status', v: 'OK' });
  assert.equal(show(await p.shoal.call('OBJECT', 'ENCODING', 's2')), 'listpack');
  assert.deepEqual(show(await p.shoal.call('SMEMBERS', 's2')), ['b', 'a', '7', 'c']);
  // Redis 7.0 does not know type 20: a 7.2 payload is refused there.
  assert.equal((await p.redis.call('RESTORE', 's2', 0, asVersion10(dump.latin1Slice(0, dump.length)))).t, 'error');
  // A set of strings in 7.0's form (type 2) loads into Shoal as a listpack, as 7.2 loads it.
  await p.redis.call('DEL', 'rs');
  await p.redis.call('SADD', 'rs', 'x', 'y', '1');
  const theirs = bulk(await p.redis.call('DUMP', 'rs'));
  await p.shoal.call('RESTORE', 'rs', 0, theirs, 'REPLACE');
  assert.equal(show(await p.shoal.call('OBJECT', 'ENCODING', 'rs')), 'listpack');
  assert.deepEqual(await sortedAll('shoal', 'SMEMBERS', 'rs'), ['1', 'x', 'y']);
  const back = Buffer.from(bulk(await p.shoal.call('DUMP', 'rs')), 'latin1');
  assert.equal(back[0], 20);
});

test('restored blobs convert by their size only, as Redis loads them', async () => {
  await p.both('CONFIG', 'SET', 'hash-max-listpack-value', '100');
  await p.same('DEL', 'lv');
  await p.same('HSET', 'lv', 'f', 'x'.repeat(90));
  const hash = bulk(await p.redis.call('DUMP', 'lv'));
  await p.both('CONFIG', 'SET', 'hash-max-listpack-value', '64');
  await p.same('SADD', 'is', '1', '2', '3');
  const intset = bulk(await p.redis.call('DUMP', 'is'));
  await p.both('CONFIG', 'SET', 'set-max-intset-entries', '2');
  try {
    for (const [key, payload] of [['lv', hash], ['is', intset]]) {
      await p.same('RESTORE', key, 0, payload, 'REPLACE');
      await p.same('OBJECT', 'ENCODING', key);
    }
    await p.same('HGETALL', 'lv');
  } finally {
    await p.both('CONFIG', 'SET', 'set-max-intset-entries', '512');
  }
});
