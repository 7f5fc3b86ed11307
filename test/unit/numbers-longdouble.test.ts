import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addLongDouble, formatLongDouble, parseLongDouble, type LongDouble } from '../../src/util/longdouble';

function ld(s: string): LongDouble {
  const v = parseLongDouble(s);
  assert.ok(v !== null && typeof v !== 'number', `${s} should parse to a finite value`);
  return v;
}

/** INCRBYFLOAT's result: the stored value plus the increment, formatted. */
function incr(cur: string, by: string): string | null {
  const sum = addLongDouble(ld(cur), ld(by));
  return sum === null ? null : formatLongDouble(sum);
}

test('INCRBYFLOAT sums print as Redis prints long doubles', () => {
  assert.equal(incr('0', '1e3'), '1000');
  assert.equal(incr('10.5', '0.1'), '10.6');
  // The 64-bit significand shows its own rounding at 17 decimals, as Redis does.
  assert.equal(incr('10.6', '1e3'), '1010.59999999999999998');
  assert.equal(incr('3.0e3', '5.0e3'), '8000');
  assert.equal(incr('1.5', '-1.5'), '0');
  assert.equal(incr('0', '-0.00000000000000001'), '-0.00000000000000001');
  assert.equal(incr('0', '-0.000000000000000001'), '0');
  assert.equal(incr('0', '1e-20'), '0');
  assert.equal(incr('0', '0x10'), '16');
  assert.equal(incr('0', '0x1p-2'), '0.25');
  assert.equal(incr('0', '1e20'), '100000000000000000000');
  assert.equal(incr('5', '.5'), '5.5');
  assert.equal(incr('5', '5.'), '10');
  assert.equal(incr('-1', '+0.25'), '-0.75');
});

test('huge values print in full, with no exponent', () => {
  const s = formatLongDouble(ld('1e300'));
  assert.equal(s.length, 301);
  assert.ok(s.startsWith('1000000000000000000') && !s.includes('e'));
  assert.equal(addLongDouble(ld('1e4932'), ld('1e4932')), null, 'overflow to infinity');
});

test('strtold rules: what parses and what does not', () => {
  for (const bad of ['', ' 1', '1 ', 'abc', '1e', '1e+', '.', '-', '+', '0x', 'nan', 'NaN', '1.2.3', '1e5000', '1e-5000', '1x']) {
    assert.equal(parseLongDouble(bad), null, JSON.stringify(bad));
  }
  assert.equal(parseLongDouble('inf'), Infinity);
  assert.equal(parseLongDouble('-Infinity'), -Infinity);
  assert.equal(parseLongDouble('1'.repeat(5120)), null, 'longer than Redis accepts');
  assert.equal(formatLongDouble(ld('0e-99999')), '0');
  assert.equal(formatLongDouble(ld('-0')), '0');
  assert.equal(formatLongDouble(ld('1e-4940')), '0');
});
