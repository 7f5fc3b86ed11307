import { test } from 'node:test';
import assert from 'node:assert/strict';
import { globMatch } from '../../src/util/glob';

test('globMatch: wildcards, classes and escapes as Redis matches them', () => {
  const yes: [string, string][] = [
    ['*', 'anything'],
    ['h?llo', 'hello'],
    ['h*llo', 'heeeello'],
    ['h[ae]llo', 'hallo'],
    ['h[^e]llo', 'hallo'],
    ['h[a-b]llo', 'hbllo'],
    ['h[b-a]llo', 'hallo'],
    ['h\\*llo', 'h*llo'],
    ['[\\]]', ']'],
    ['a*b*c', 'aXbYc'],
    ['user:*', 'user:1'],
    ['ab[c', 'abc'],
  ];
  const no: [string, string][] = [
    ['h?llo', 'hllo'],
    ['h[ae]llo', 'hillo'],
    ['h[^e]llo', 'hello'],
    ['h\\*llo', 'hello'],
    ['user:*', 'users'],
    ['a*b*c', 'aXbY'],
    ['', 'a'],
    // Like Redis's stringmatchlen: a lone * needs at least one character.
    ['*', ''],
    ['ab[', 'ab['],
    ['abc', 'ABC'],
  ];
  for (const [p, s] of yes) assert.equal(globMatch(p, s), true, `${p} should match ${s}`);
  for (const [p, s] of no) assert.equal(globMatch(p, s), false, `${p} should not match ${s}`);
  assert.equal(globMatch('abc', 'ABC', true), true);
  assert.equal(globMatch('[A-C]x', 'bX', true), true);
});

test('globMatch gives up on pathological patterns quickly', () => {
  const p = '*a'.repeat(40) + 'b';
  assert.equal(globMatch(p, 'a'.repeat(200)), false);
});
