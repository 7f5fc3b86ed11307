import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { globMatch, matchesAll } from '../../src/util/glob';
import { startRedis, type Proc } from '../helpers/procs';
import { RespConn, show } from '../helpers/resp';

test('glob basics: wildcards, classes, ranges, negation, escapes', () => {
  const cases: [string, string, boolean][] = [
    // Like stringmatchlen, a lone star needs a non-empty string; KEYS * bypasses matching.
    ['*', '', false],
    ['*', 'anything', true],
    ['h?llo', 'hello', true],
    ['h?llo', 'hllo', false],
    ['h*llo', 'hllo', true],
    ['h*llo', 'heeeello', true],
    ['h[ae]llo', 'hallo', true],
    ['h[ae]llo', 'hillo', false],
    ['h[^e]llo', 'hallo', true],
    ['h[^e]llo', 'hello', false],
    ['h[a-b]llo', 'hbllo', true],
    ['h[b-a]llo', 'hallo', true],
    ['h\\*llo', 'h*llo', true],
    ['h\\*llo', 'hello', false],
    ['[\\]]', ']', true],
    ['[abc', 'c', true],
    ['[abc', 'd', false],
    ['a\\', 'a\\', true],
    ['', '', true],
    ['', 'a', false],
    ['a*', 'a', true],
    ['*a', 'a', true],
    ['**a**', 'bab', true],
  ];
  for (const [p, s, want] of cases) assert.equal(globMatch(p, s), want, `${JSON.stringify(p)} vs ${JSON.stringify(s)}`);
});

test('nocase mode folds ASCII letters only', () => {
  assert.equal(globMatch('HeLLo', 'hello', true), true);
  assert.equal(globMatch('[A-C]x', 'bX', true), true);
  assert.equal(globMatch('HeLLo', 'hello'), false);
  assert.equal(globMatch('\xc0', '\xe0', true), false);
});

test('pathological star patterns finish quickly and correctly', () => {
  const s = 'a'.repeat(60);
  assert.equal(globMatch('a*a*a*a*a*a*a*a*a*a*a*a*b', s), false);
  assert.equal(globMatch('*'.repeat(3000) + 'a', 'a'), true);
});

let redis: Proc;
let conn: RespConn;
before(async () => {
  redis = await startRedis();
  conn = await RespConn.connect(redis.port);
});
after(async () => {
  conn.close();
  await redis.stop();
});

test('every pattern selects the same keys as KEYS on redis-server', async () => {
  const keys = [
    'hello', 'hallo', 'hxllo', 'hllo', 'heeello', 'h*llo', 'h?llo', 'h[llo', 'h]llo', 'h\\llo', 'h-llo', 'h^llo',
    'a', 'b', 'ab', 'abc', 'abcd', 'ABC', 'Abc', '', '-', ']', '[', '\\', '^', '*', '?',
    'user:1', 'user:12', 'user:123', 'user:abc', 'user:', 'x\x00y', '\x80', '\xff', '\x7f', 'caf\xe9', 'a\nb',
  ];
  const patterns = [
    '*', '?', '??', '???', 'h*', 'h?llo', 'h*llo', 'h[ae]llo', 'h[^e]llo', 'h[a-z]llo', 'h[z-a]llo', 'h[!e]llo',
    'h\\*llo', 'h\\?llo', 'h[\\[]llo', 'h[\\]]llo', 'h[]]llo', 'h[\\\\]llo', 'h[-]llo', 'h[a-]llo', 'h[^]llo',
    'h[', 'h[a', 'h[abc', '[abc', '[a-c', '[^a', '[', ']', '\\', '\\\\', 'a\\', '*\\', '[\\', '[a-', '[a-\\', '[]', '[^]',
    'user:*', 'user:?', 'user:[0-9]*', 'user:[0-9][0-9]', 'user:[^0-9]*', '*:*', '*1*', '*[0-9]', '*[a-c]*',
    'a*', '*a', '*b*', 'a*c', 'a*c*d', 'A*', '[Aa]bc', '[A-Z]*', '[\x80-\xff]', '[\x00-\x7f]', '[a-\xff]', '[\xff-a]',
    '*\xe9', 'x?y', 'x*y', 'a?b', '**', '***a', '*?*', '?*?', '[*]', '[?]', '[\\-]', '[a\\-c]', '[[]', '[\\^]', '[\\^a]',
    '*\\*', '\\*', '\\?', '\\[', '-', '^', '[-a]', '[a-a]', '[^-]', '[b-]', 'h[\\', 'h[\\a', '*[', '*[a',
  ];
  await conn.call('FLUSHALL');
  for (const k of keys) assert.deepEqual(show(await conn.call('SET', k, '1')), 'OK');
  for (const p of patterns) {
    const got = (show(await conn.call('KEYS', p)) as string[]).sort();
    const want = keys.filter((k) => matchesAll(p) || globMatch(p, k)).sort();
    assert.deepEqual(want, got, `pattern ${JSON.stringify(p)}`);
  }
});
