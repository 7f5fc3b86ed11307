import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { startPair, type Pair } from '../helpers/diff';
import { show } from '../helpers/resp';

let p: Pair;
before(async () => {
  p = await startPair();
});
after(async () => {
  await p.close();
});
beforeEach(async () => {
  await p.same('FLUSHALL');
});

const sorted = (r: unknown): unknown => (Array.isArray(r) ? [...r].sort() : r);

async function sameSorted(...args: string[]): Promise<void> {
  const [a, b] = await p.both(...args);
  assert.deepEqual(sorted(show(a)), sorted(show(b)), `reply to ${args.join(' ')}`);
}

test('DEL, UNLINK, EXISTS, TOUCH and TYPE', async () => {
  await p.same('SET', 'a', '1');
  await p.same('SET', 'b\x00\xff', '2');
  await p.same('EXISTS', 'a', 'a', 'b\x00\xff', 'nope');
  await p.same('TOUCH', 'a', 'nope', 'a');
  await p.same('TYPE', 'a');
  await p.same('TYPE', 'nope');
  await p.same('DEL', 'a', 'a', 'nope');
  await p.same('UNLINK', 'b\x00\xff', 'x');
  await p.same('DEL');
  await p.same('EXISTS');
  await p.same('DBSIZE');
});

test('RENAME and RENAMENX', async () => {
  await p.same('RENAME', 'nope', 'x');
  await p.same('RENAMENX', 'nope', 'x');
  await p.same('RENAME', 'nope', 'nope');
  await p.same('SET', 'a', 'va');
  await p.same('RENAME', 'a', 'a');
  await p.same('RENAMENX', 'a', 'a');
  await p.same('PEXPIRE', 'a', '100000');
  await p.same('RENAME', 'a', 'b');
  await p.same('EXISTS', 'a');
  await p.same('GET', 'b');
  const [ta, tb] = await p.both('TTL', 'b');
  assert.ok(Number(show(ta)) > 0 && Number(show(tb)) > 0);
  await p.same('SET', 'c', 'vc');
  await p.same('RENAMENX', 'b', 'c');
  await p.same('RENAME', 'c', 'b');
  await p.same('TTL', 'b');
  await p.same('GET', 'b');
  await p.same('RENAMENX', 'b', 'd');
  await p.same('GET', 'd');
});

test('COPY with DB and REPLACE', async () => {
  await p.same('SET', 'src', 'v');
  await p.same('COPY', 'src', 'src');
  await p.same('COPY', 'nope', 'dst');
  await p.same('COPY', 'src', 'dst');
  await p.same('GET', 'dst');
  await p.same('COPY', 'src', 'dst');
  await p.same('SET', 'src', 'v2');
  await p.same('PEXPIRE', 'src', '100000');
  await p.same('COPY', 'src', 'dst', 'REPLACE');
  await p.same('GET', 'dst');
  const [ta, tb] = await p.both('PTTL', 'dst');
  assert.ok(Number(show(ta)) > 0 && Number(show(tb)) > 0);
  await p.same('COPY', 'src', 'src', 'DB', '0');
  await p.same('COPY', 'src', 'src', 'DB', '3');
  await p.same('COPY', 'src', 'src', 'DB', '3');
  await p.same('COPY', 'src', 'src', 'db', '3', 'replace');
  await p.same('COPY', 'src', 'x', 'DB', '16');
  await p.same('COPY', 'src', 'x', 'DB', '-1');
  await p.same('COPY', 'src', 'x', 'DB', 'abc');
  await p.same('COPY', 'src', 'x', 'DB', '99999999999');
  await p.same('COPY', 'src', 'x', 'DB');
  await p.same('COPY', 'src', 'x', 'FOO');
  await p.same('SELECT', '3');
  await p.same('GET', 'src');
  await p.same('SELECT', '0');
});

test('KEYS and RANDOMKEY', async () => {
  await p.same('RANDOMKEY');
  await p.same('KEYS', '*');
  for (const k of ['one', 'two', 'three', 'four', 'user:1', 'user:2', 'x\xffy']) await p.same('SET', k, '1');
  for (const pat of ['*', 't*', '*o*', 'user:?', 'user:[12]', '[^u]*', 'x?y', 'nomatch*']) await sameSorted('KEYS', pat);
  await p.same('KEYS');
  const [ra] = await p.both('RANDOMKEY');
  assert.equal(show(await p.shoal.call('EXISTS', show(ra) as string)), 1);
  await p.same('PEXPIRE', 'one', '1');
  await new Promise((r) => setTimeout(r, 20));
  await sameSorted('KEYS', '*');
});

test('RANDOMKEY skips and reclaims expired keys', async () => {
  for (let i = 0; i < 20; i++) {
    await p.shoal.call('SET', 'k' + i, 'v');
    await p.shoal.call('PEXPIRE', 'k' + i, '1');
  }
  await p.shoal.call('SET', 'live', 'v');
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(show(await p.shoal.call('RANDOMKEY')), 'live');
});

test('EXPIRE family: options, errors and replies', async () => {
  await p.same('EXPIRE', 'nope', '100');
  await p.same('SET', 'k', 'v');
  await p.same('TTL', 'k');
  await p.same('PTTL', 'k');
  await p.same('EXPIRETIME', 'k');
  await p.same('PEXPIRETIME', 'k');
  await p.same('TTL', 'nope');
  await p.same('PEXPIRETIME', 'nope');
  await p.same('EXPIRE', 'k', 'abc');
  await p.same('EXPIRE', 'k', '10', 'NX', 'XX');
  await p.same('EXPIRE', 'k', '10', 'nx', 'gt');
  await p.same('EXPIRE', 'k', '10', 'NX', 'LT');
  await p.same('EXPIRE', 'k', '10', 'GT', 'LT');
  await p.same('EXPIRE', 'k', '10', 'FOO');
  await p.same('EXPIRE', 'k', 'abc', 'FOO');
  await p.same('EXPIRE', 'k', '10', 'XX');
  await p.same('EXPIRE', 'k', '10', 'GT');
  await p.same('EXPIRE', 'k', '100', 'LT');
  await p.same('EXPIRE', 'k', '100', 'NX');
  await p.same('EXPIRE', 'k', '100', 'NX');
  await p.same('EXPIRE', 'k', '200', 'XX', 'GT');
  await p.same('EXPIRE', 'k', '50', 'GT');
  await p.same('EXPIRE', 'k', '300', 'LT');
  await p.same('EXPIRE', 'k', '50', 'LT');
  await p.same('TTL', 'k');
  await p.same('EXPIREAT', 'k', '33177117420');
  await p.same('EXPIRETIME', 'k');
  await p.same('PEXPIREAT', 'k', '33177117420123');
  await p.same('PEXPIRETIME', 'k');
  await p.same('EXPIRETIME', 'k');
  await p.same('PERSIST', 'k');
  await p.same('PERSIST', 'k');
  await p.same('PERSIST', 'nope');
  await p.same('TTL', 'k');
  for (const cmd of ['EXPIRE', 'PEXPIRE', 'EXPIREAT', 'PEXPIREAT']) {
    await p.same(cmd, 'k', '9223372036854775807');
    await p.same(cmd, 'k', '-9223372036854775808');
    await p.same(cmd, 'k', '9223372036854775808');
    await p.same(cmd, 'k', '9223372036854775');
    await p.same('SET', 'k', 'v');
  }
  await p.same('PEXPIRE', 'k', '-1');
  await p.same('EXISTS', 'k');
  await p.same('SET', 'k', 'v');
  await p.same('EXPIREAT', 'k', '100');
  await p.same('EXISTS', 'k');
  await p.same('SET', 'k', 'v');
  await p.same('EXPIRE', 'k', '0');
  await p.same('EXISTS', 'k');
});

test('TTLs count down and lazy expiry hides keys', async () => {
  await p.same('SET', 'k', 'v');
  await p.same('PEXPIRE', 'k', '150');
  const [a, b] = await p.both('PTTL', 'k');
  assert.ok(Number(show(a)) > 0 && Number(show(a)) <= 150);
  assert.ok(Number(show(b)) > 0 && Number(show(b)) <= 150);
  await new Promise((r) => setTimeout(r, 300));
  await p.same('GET', 'k');
  await p.same('TTL', 'k');
  await p.same('EXISTS', 'k');
  await p.same('SET', 'k', 'v', 'EX', '100');
  await p.same('SET', 'k', 'v2');
  await p.same('TTL', 'k');
});

test('active expiry reclaims keys nobody reads', async () => {
  const keys = 1000;
  let batch = '';
  for (let i = 0; i < keys; i++) batch += `SET key:${i} v\r\nPEXPIRE key:${i} 100\r\n`;
  p.shoal.write(batch);
  let armed = 0;
  for (let i = 0; i < keys * 2; i++) if (show(await p.shoal.read()) === 1) armed++;
  assert.equal(armed, keys);
  const deadline = Date.now() + 10000;
  let size = keys;
  while (size > 0 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    size = show(await p.shoal.call('DBSIZE')) as number;
  }
  assert.equal(size, 0);
});

test('OBJECT ENCODING, REFCOUNT, HELP and errors', async () => {
  await p.same('SET', 'int', '12345');
  await p.same('SET', 'neg', '-9223372036854775808');
  await p.same('SET', 'big', '9223372036854775808');
  await p.same('SET', 'lead0', '012');
  await p.same('SET', 'emb', 'x'.repeat(44));
  await p.same('SET', 'raw', 'x'.repeat(45));
  await p.same('SET', 'shared', '9999');
  await p.same('SET', 'bin', '\x00\xff');
  for (const k of ['int', 'neg', 'big', 'lead0', 'emb', 'raw', 'shared', 'bin', 'nope']) {
    await p.same('OBJECT', 'ENCODING', k);
    await p.same('OBJECT', 'refcount', k);
  }
  await p.sameHelp('OBJECT', 'HELP');
  await p.sameHelp('object', 'help');
  await p.same('OBJECT', 'nosuch', 'k');
  await p.same('OBJECT');
  await p.same('OBJECT', 'ENCODING');
  await p.same('OBJECT', 'ENCODING', 'a', 'b');
  await p.same('OBJECT', 'FREQ', 'int');
  await p.same('OBJECT', 'FREQ', 'nope');
  await p.same('OBJECT', 'IDLETIME', 'nope');
});

test('OBJECT IDLETIME grows while a key is left alone and resets on access', async () => {
  await p.same('SET', 'k', 'v');
  await new Promise((r) => setTimeout(r, 2200));
  const [a, b] = await p.both('OBJECT', 'IDLETIME', 'k');
  assert.ok(Number(show(a)) >= 1, `shoal idletime ${show(a)}`);
  assert.ok(Number(show(b)) >= 1, `redis idletime ${show(b)}`);
  await p.same('GET', 'k');
  const [c] = await p.both('OBJECT', 'IDLETIME', 'k');
  assert.ok(Number(show(c)) <= 1, `shoal idletime after GET ${show(c)}`);
});

test('MEMORY USAGE matches Redis for strings; HELP and errors', async () => {
  await p.same('SET', 'k', '123');
  await p.same('SET', 'k2', 'hello');
  await p.same('SET', 'k'.repeat(38), 'x'.repeat(44));
  await p.same('SET', 'raw', 'y'.repeat(45));
  await p.same('SET', 'longer', 'z'.repeat(300));
  await p.same('SET', 'k'.repeat(300), 'z'.repeat(70000));
  for (const k of ['k', 'k2', 'k'.repeat(38), 'raw', 'longer', 'k'.repeat(300), 'nope']) await p.same('MEMORY', 'USAGE', k);
  await p.same('MEMORY', 'USAGE', 'k', 'SAMPLES', '0');
  await p.same('MEMORY', 'USAGE', 'k', 'SAMPLES', '-1');
  await p.same('MEMORY', 'USAGE', 'k', 'SAMPLES', 'x');
  await p.same('MEMORY', 'USAGE', 'k', 'SAMPLES');
  await p.same('MEMORY', 'USAGE', 'k', 'FOO');
  await p.same('MEMORY', 'USAGE');
  await p.sameHelp('MEMORY', 'HELP');
  await p.same('MEMORY', 'PURGE');
  await p.same('MEMORY', 'nosuch');
  const [sa, sb] = await p.both('MEMORY', 'STATS');
  const names = (r: unknown): unknown[] => (r as unknown[]).filter((_, i) => i % 2 === 0);
  assert.deepEqual(names(show(sa)), names(show(sb)));
});
