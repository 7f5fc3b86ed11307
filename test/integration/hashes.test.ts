/**
 * Hash commands against redis-server: replies, errors, encodings, random
 * picks (by their invariants), HSCAN, and a long seeded random sequence.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startPair, type Pair } from '../helpers/diff';
import { show, type Reply } from '../helpers/resp';

let p: Pair;
before(async () => {
  p = await startPair();
});
after(async () => {
  await p.close();
});

function strings(r: Reply): string[] {
  return show(r) as string[];
}

test('HSET, HGET, HMGET, HMSET, HSETNX, HLEN, HEXISTS, HSTRLEN', async () => {
  await p.sameAll([
    ['DEL', 'h'],
    ['HSET', 'h', 'a', '1'],
    ['HSET', 'h', 'a', '2', 'b', 'x', 'c', ''],
    ['HGET', 'h', 'a'],
    ['HGET', 'h', 'nosuch'],
    ['HGET', 'nokey', 'a'],
    ['HMGET', 'h', 'a', 'nosuch', 'b', 'c'],
    ['HMGET', 'nokey', 'a', 'b'],
    ['HMSET', 'h', 'd', '4', 'e', '5'],
    ['HSETNX', 'h', 'a', 'z'],
    ['HSETNX', 'h', 'f', 'z'],
    ['HSETNX', 'newh', 'f', 'z'],
    ['HLEN', 'h'],
    ['HLEN', 'nokey'],
    ['HEXISTS', 'h', 'a'],
    ['HEXISTS', 'h', 'nosuch'],
    ['HEXISTS', 'nokey', 'a'],
    ['HSTRLEN', 'h', 'b'],
    ['HSTRLEN', 'h', 'c'],
    ['HSTRLEN', 'h', 'nosuch'],
    ['HSTRLEN', 'nokey', 'a'],
    ['HGETALL', 'h'],
    ['HKEYS', 'h'],
    ['HVALS', 'h'],
    ['HGETALL', 'nokey'],
    ['HKEYS', 'nokey'],
    ['HVALS', 'nokey'],
    ['HSET', 'bin', '\x00\xff\r\n', '\x01\x02\x80'],
    ['HGETALL', 'bin'],
  ]);
});

test('HDEL removes fields and the key with the last one', async () => {
  await p.sameAll([
    ['DEL', 'h'],
    ['HSET', 'h', 'a', '1', 'b', '2', 'c', '3'],
    ['HDEL', 'h', 'a', 'a', 'nosuch'],
    ['HGETALL', 'h'],
    ['HDEL', 'h', 'b', 'c', 'b'],
    ['EXISTS', 'h'],
    ['HDEL', 'h', 'a'],
    ['HDEL', 'nokey', 'a'],
  ]);
});

test('wrong types and wrong arities fail as in Redis', async () => {
  await p.sameAll([
    ['SET', 's', 'v'],
    ['HSET', 's', 'a', '1'],
    ['HMSET', 's', 'a', '1'],
    ['HSETNX', 's', 'a', '1'],
    ['HGET', 's', 'a'],
    ['HMGET', 's', 'a'],
    ['HDEL', 's', 'a'],
    ['HLEN', 's'],
    ['HEXISTS', 's', 'a'],
    ['HSTRLEN', 's', 'a'],
    ['HKEYS', 's'],
    ['HVALS', 's'],
    ['HGETALL', 's'],
    ['HINCRBY', 's', 'a', '1'],
    ['HINCRBYFLOAT', 's', 'a', '1'],
    ['HRANDFIELD', 's'],
    ['HRANDFIELD', 's', '2'],
    ['HSCAN', 's', '0'],
    ['HSET', 'h', 'a'],
    ['HSET', 'h', 'a', '1', 'b'],
    ['HMSET', 'h', 'a', '1', 'b'],
    ['HSET', 'h'],
    ['HGET', 'h'],
    ['HSETNX', 'h', 'a'],
  ]);
});

test('HINCRBY: integers, errors and int64 overflow', async () => {
  await p.sameAll([
    ['DEL', 'h'],
    ['HINCRBY', 'h', 'n', '5'],
    ['HINCRBY', 'h', 'n', '-12'],
    ['HSET', 'h', 'big', '9223372036854775806', 'neg', '-9223372036854775807', 'str', 'abc', 'sp', ' 1', 'f', '1.5'],
    ['HINCRBY', 'h', 'big', '1'],
    ['HINCRBY', 'h', 'big', '1'],
    ['HINCRBY', 'h', 'neg', '-1'],
    ['HINCRBY', 'h', 'neg', '-1'],
    ['HINCRBY', 'h', 'str', '1'],
    ['HINCRBY', 'h', 'sp', '1'],
    ['HINCRBY', 'h', 'f', '1'],
    ['HINCRBY', 'h', 'n', 'x'],
    ['HINCRBY', 'h', 'n', '1.0'],
    ['HINCRBY', 'h', 'n', '9223372036854775808'],
    ['HINCRBY', 'nokey2', 'n', 'x'],
    ['EXISTS', 'nokey2'],
    ['HINCRBY', 'h', 'n', '9007199254740993'],
    ['HGETALL', 'h'],
  ]);
});

test('HINCRBYFLOAT: long double arithmetic and its errors', async () => {
  await p.sameAll([
    ['DEL', 'h'],
    ['HINCRBYFLOAT', 'h', 'f', '10.5'],
    ['HINCRBYFLOAT', 'h', 'f', '0.1'],
    ['HINCRBYFLOAT', 'h', 'f', '-5.0e3'],
    ['HINCRBYFLOAT', 'h', 'f', '0x10'],
    ['HSET', 'h', 'i', '3', 'str', 'abc', 'inf', 'inf'],
    ['HINCRBYFLOAT', 'h', 'i', '1.25'],
    ['HINCRBYFLOAT', 'h', 'str', '1'],
    ['HINCRBYFLOAT', 'h', 'inf', '1'],
    ['HSET', 'h2', 'big', '1e308'],
    ['HINCRBYFLOAT', 'h2', 'big', '1e308'],
    ['OBJECT', 'ENCODING', 'h2'],
    ['HINCRBYFLOAT', 'h', 'f', 'inf'],
    ['HINCRBYFLOAT', 'h', 'f', '-inf'],
    ['HINCRBYFLOAT', 'h', 'f', 'nan'],
    ['HINCRBYFLOAT', 'h', 'f', 'abc'],
    ['HINCRBYFLOAT', 'h', 'f', ''],
    ['HGETALL', 'h'],
  ]);
});

test('encodings follow hash-max-listpack-entries/value and never go back', async () => {
  await p.sameAll([
    ['CONFIG', 'SET', 'hash-max-listpack-entries', '4'],
    ['CONFIG', 'SET', 'hash-max-listpack-value', '8'],
    ['DEL', 'h'],
    ['HSET', 'h', 'a', '1', 'b', '2', 'c', '3', 'd', '4'],
    ['OBJECT', 'ENCODING', 'h'],
    ['HSET', 'h', 'e', '5'],
    ['OBJECT', 'ENCODING', 'h'],
    ['HDEL', 'h', 'a', 'b', 'c', 'd'],
    ['OBJECT', 'ENCODING', 'h'],
    ['DEL', 'h'],
    ['HSET', 'h', 'a', '12345678'],
    ['OBJECT', 'ENCODING', 'h'],
    ['HSET', 'h', 'b', '123456789'],
    ['OBJECT', 'ENCODING', 'h'],
    ['DEL', 'h'],
    ['HSET', 'h', '123456789', 'x'],
    ['OBJECT', 'ENCODING', 'h'],
    ['DEL', 'h'],
    ['HSET', 'h', 'n', '9999999'],
    ['HINCRBY', 'h', 'n', '100000000'],
    ['OBJECT', 'ENCODING', 'h'],
    ['DEL', 'h'],
    ['HINCRBYFLOAT', 'h', 'n', '0.125'],
    ['HINCRBYFLOAT', 'h', 'n', '1000000'],
    ['OBJECT', 'ENCODING', 'h'],
    ['DEL', 'h'],
    ['HSETNX', 'h', 'longfield1', '1'],
    ['OBJECT', 'ENCODING', 'h'],
    ['CONFIG', 'SET', 'hash-max-listpack-entries', '512'],
    ['CONFIG', 'SET', 'hash-max-listpack-value', '64'],
  ]);
});

test('Redis 7.2 converts up front when one HSET names more fields than a listpack holds', async () => {
  await p.both('CONFIG', 'SET', 'hash-max-listpack-entries', '2');
  await p.same('DEL', 'h');
  await p.same('HSET', 'h', 'a', '1', 'a', '2', 'a', '3');
  // 7.0 keeps a listpack (one field in the end); 7.2's hashTypeTryConversion
  // counts the pairs given and converts before adding them.
  assert.deepEqual(await p.shoal.call('OBJECT', 'ENCODING', 'h'), { t: 'bulk', v: 'hashtable' });
  await p.same('DEL', 'h');
  await p.same('HSET', 'h', 'a', '1', 'b', '2');
  await p.same('OBJECT', 'ENCODING', 'h');
  await p.both('CONFIG', 'SET', 'hash-max-listpack-entries', '512');
});

test('HGETALL is a map in RESP3 and HRANDFIELD WITHVALUES gives pairs', async () => {
  await p.both('HELLO', '3');
  try {
    await p.sameAll([
      ['DEL', 'h'],
      ['HSET', 'h', 'a', '1', 'b', '2'],
      ['HGETALL', 'h'],
      ['HGETALL', 'nokey'],
      ['HRANDFIELD', 'h', '5', 'WITHVALUES'],
      ['HRANDFIELD', 'nokey'],
      ['HRANDFIELD', 'nokey', '3', 'WITHVALUES'],
      ['HSET', 'one', 'f', 'v'],
      ['HRANDFIELD', 'one', '-3', 'WITHVALUES'],
      ['HRANDFIELD', 'one', '-2'],
      ['HSCAN', 'h', '0'],
    ]);
  } finally {
    await p.both('HELLO', '2');
  }
});

test('HRANDFIELD argument errors and the deterministic cases', async () => {
  await p.sameAll([
    ['DEL', 'h'],
    ['HSET', 'h', 'a', '1', 'b', '2', 'c', '3'],
    ['HRANDFIELD', 'h', 'x'],
    ['HRANDFIELD', 'h', '1.5'],
    ['HRANDFIELD', 'h', '1', 'withvalue'],
    ['HRANDFIELD', 'h', '1', 'WITHVALUES', 'x'],
    ['HRANDFIELD', 'h', '-9223372036854775808'],
    ['HRANDFIELD', 'h', '4611686018427387904', 'WITHVALUES'],
    ['HRANDFIELD', 'h', '-4611686018427387904', 'WITHVALUES'],
    ['HRANDFIELD', 'h', '0'],
    ['HRANDFIELD', 'h', '0', 'WITHVALUES'],
    ['HRANDFIELD', 'h', '3'],
    ['HRANDFIELD', 'h', '10', 'withvalues'],
    ['HRANDFIELD', 'nokey'],
    ['HRANDFIELD', 'nokey', '2'],
    ['SET', 's', 'v'],
    ['HRANDFIELD', 's', 'x'],
  ]);
});

async function randomInvariants(key: string, fields: Map<string, string>): Promise<void> {
  const all = [...fields.keys()];
  const n = all.length;
  const one = (show(await p.shoal.call('HRANDFIELD', key)) as string);
  assert.ok(fields.has(one));
  for (const count of [1, 2, Math.floor(n / 3), n - 1]) {
    const got = strings(await p.shoal.call('HRANDFIELD', key, count));
    assert.equal(got.length, count);
    assert.equal(new Set(got).size, count, 'positive counts give distinct fields');
    for (const f of got) assert.ok(fields.has(f));
    const pairs = strings(await p.shoal.call('HRANDFIELD', key, count, 'WITHVALUES'));
    assert.equal(pairs.length, count * 2);
    for (let i = 0; i < pairs.length; i += 2) assert.equal(pairs[i + 1], fields.get(pairs[i]));
  }
  const rep = strings(await p.shoal.call('HRANDFIELD', key, -(n * 3)));
  assert.equal(rep.length, n * 3, 'negative counts repeat fields');
  assert.ok(new Set(rep).size < rep.length);
  for (const f of rep) assert.ok(fields.has(f));
  const repPairs = strings(await p.shoal.call('HRANDFIELD', key, -5, 'WITHVALUES'));
  assert.equal(repPairs.length, 10);
  for (let i = 0; i < repPairs.length; i += 2) assert.equal(repPairs[i + 1], fields.get(repPairs[i]));
  // Every field comes up eventually.
  const seen = new Set<string>();
  for (let i = 0; i < 50 && seen.size < n; i++) for (const f of strings(await p.shoal.call('HRANDFIELD', key, -n))) seen.add(f);
  assert.equal(seen.size, n);
}

test('HRANDFIELD picks: counts, membership, distinctness, repetition (listpack and hashtable)', async () => {
  for (const size of [10, 1000]) {
    const fields = new Map<string, string>();
    for (let i = 0; i < size; i++) fields.set(`f${i}`, `v${i}`);
    await p.shoal.call('DEL', 'rh');
    await p.shoal.call('HSET', 'rh', ...[...fields].flat());
    assert.deepEqual(await p.shoal.call('OBJECT', 'ENCODING', 'rh'), { t: 'bulk', v: size > 512 ? 'hashtable' : 'listpack' });
    await randomInvariants('rh', fields);
  }
});

test('a listpack hash gives distinct HRANDFIELD picks in stored order', async () => {
  await p.shoal.call('DEL', 'ord');
  const fields = Array.from({ length: 20 }, (_, i) => `f${i}`);
  await p.shoal.call('HSET', 'ord', ...fields.flatMap((f) => [f, '1']));
  for (let i = 0; i < 20; i++) {
    const got = strings(await p.shoal.call('HRANDFIELD', 'ord', 7));
    const positions = got.map((f) => fields.indexOf(f));
    assert.deepEqual(positions, positions.slice().sort((a, b) => a - b));
  }
});

test('HSCAN: small hashes in one call, big ones completely across calls, MATCH and COUNT', async () => {
  await p.sameAll([
    ['DEL', 'h'],
    ['HSET', 'h', 'a1', '1', 'b1', '2', 'a2', '3'],
    ['HSCAN', 'h', '0'],
    ['HSCAN', 'h', '0', 'MATCH', 'a*'],
    ['HSCAN', 'h', '0', 'COUNT', '1'],
    ['HSCAN', 'h', '0', 'COUNT', '0'],
    ['HSCAN', 'h', '0', 'COUNT', 'x'],
    ['HSCAN', 'h', '0', 'MATCH'],
    ['HSCAN', 'h', '0', 'NOVALUES'],
    ['HSCAN', 'h', 'x'],
    ['HSCAN', 'h', '-1'],
    ['HSCAN', 'nokey', '0'],
    ['HSCAN', 'nokey', '0', 'COUNT', '0'],
    ['HSCAN', 'nokey', 'x'],
  ]);
  const n = 2000;
  const args: string[] = [];
  for (let i = 0; i < n; i++) args.push(`field:${i}`, `value:${i}`);
  await p.same('HSET', 'big', ...args);
  await p.same('OBJECT', 'ENCODING', 'big');
  const seen = new Map<string, string>();
  let cursor = '0';
  let calls = 0;
  do {
    const r = show(await p.shoal.call('HSCAN', 'big', cursor, 'COUNT', 100)) as [string, string[]];
    cursor = r[0];
    for (let i = 0; i < r[1].length; i += 2) seen.set(r[1][i], r[1][i + 1]);
    // Members deleted and added during the scan must not disturb the others.
    if (calls === 3) {
      await p.shoal.call('HDEL', 'big', 'field:1999', 'field:1998');
      await p.shoal.call('HSET', 'big', 'late', 'x');
    }
    calls++;
  } while (cursor !== '0');
  assert.ok(calls > 5, 'a big hash takes several calls');
  for (let i = 0; i < 1998; i++) assert.equal(seen.get(`field:${i}`), `value:${i}`);
  const matched = show(await p.shoal.call('HSCAN', 'big', '0', 'MATCH', 'field:1?', 'COUNT', 100000)) as [string, string[]];
  assert.equal(matched[0], '0');
  assert.deepEqual(matched[1].filter((_, i) => i % 2 === 0).sort(), Array.from({ length: 10 }, (_, i) => `field:1${i}`).sort());
});

test('COPY, RENAME, TYPE, OBJECT ENCODING and DEL treat hashes as Redis does', async () => {
  await p.sameAll([
    ['DEL', 'h', 'h2', 'h3'],
    ['HSET', 'h', 'a', '1'],
    ['TYPE', 'h'],
    ['COPY', 'h', 'h2'],
    ['HSET', 'h2', 'b', '2'],
    ['HGETALL', 'h'],
    ['HGETALL', 'h2'],
    ['RENAME', 'h2', 'h3'],
    ['HGETALL', 'h3'],
    ['OBJECT', 'ENCODING', 'h3'],
    ['DEL', 'h', 'h3'],
    ['EXISTS', 'h', 'h3'],
  ]);
});

/** mulberry32: small, fast, and the same sequence on every run. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

test('a fixed-seed random sequence of hash commands gets identical replies', async () => {
  await p.both('CONFIG', 'SET', 'hash-max-listpack-entries', '16');
  await p.both('CONFIG', 'SET', 'hash-max-listpack-value', '12');
  try {
    const r = rng(4242);
    const int = (n: number): number => Math.floor(r() * n);
    const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)];
    const keys = ['h0', 'h1', 'h2', 's0'];
    await p.same('DEL', ...keys);
    await p.same('SET', 's0', 'str');
    const field = (): string => (r() < 0.8 ? `f${int(24)}` : 'x'.repeat(int(20)));
    const value = (): string => pick([String(int(100) - 50), `${int(1000)}.5`, 'abc', '', 'x'.repeat(int(16)), '9223372036854775807', '-3']);
    const gen = (): string[] => {
      const k = pick(keys);
      switch (int(16)) {
        case 0:
        case 1: return ['HSET', k, field(), value(), ...(r() < 0.5 ? [field(), value()] : [])];
        case 2: return ['HGET', k, field()];
        case 3: return ['HMGET', k, field(), field()];
        case 4: return ['HDEL', k, field(), ...(r() < 0.3 ? [field()] : [])];
        case 5: return ['HLEN', k];
        case 6: return ['HEXISTS', k, field()];
        case 7: return ['HSTRLEN', k, field()];
        case 8: return ['HINCRBY', k, field(), String(int(2000) - 1000)];
        case 9: return ['HINCRBYFLOAT', k, field(), pick(['0.5', '-1.25', '3', '1e2'])];
        case 10: return ['HSETNX', k, field(), value()];
        case 11: return ['OBJECT', 'ENCODING', k];
        case 12: return ['EXISTS', k];
        case 13: return ['HMSET', k, field(), value()];
        case 14: return ['HRANDFIELD', k, '0'];
        default: return ['HLEN', k];
      }
    };
    for (let i = 0; i < 3000; i++) {
      const cmd = gen();
      await p.same(...cmd);
      // Listpack hashes reply in insertion order; hashtables in none, so compare those sorted.
      if (i % 50 === 0) {
        for (const k of keys.slice(0, 3)) {
          const [a, b] = await p.both('HGETALL', k);
          const pairs = (x: Reply): string[] => {
            const f = show(x) as string[];
            const out: string[] = [];
            for (let j = 0; j < f.length; j += 2) out.push(`${f[j]}=${f[j + 1]}`);
            return out.sort();
          };
          assert.deepEqual(pairs(a), pairs(b));
          const enc = show(await p.shoal.call('OBJECT', 'ENCODING', k));
          if (enc === 'listpack') assert.deepEqual(a, b);
        }
      }
    }
  } finally {
    await p.both('CONFIG', 'SET', 'hash-max-listpack-entries', '512');
    await p.both('CONFIG', 'SET', 'hash-max-listpack-value', '64');
  }
});

test('MEMORY USAGE of hashes reads as in Redis, listpack and hashtable', async () => {
  await p.same('DEL', 'mh');
  await p.same('HSET', 'mh', 'a', '1', 'b', 'hello', 'c', '-70000');
  await p.same('MEMORY', 'USAGE', 'mh');
  const args: string[] = [];
  for (let i = 0; i < 1000; i++) args.push(`f${i}`, `v${i}`);
  await p.same('HSET', 'mh', ...args);
  await p.same('MEMORY', 'USAGE', 'mh');
});
