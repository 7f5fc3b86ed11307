import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatDouble, parseInt64, parseFloatStrict } from '../../src/util/numbers';

test('doubles print as Redis 7.2 prints them', () => {
  const cases: [number, string][] = [
    [0, '0'],
    [-0, '-0'],
    [1, '1'],
    [-3, '-3'],
    [1.5, '1.5'],
    [0.1, '0.1'],
    [1.1, '1.1'],
    [3.0000000000000004, '3.0000000000000004'],
    [0.0001, '0.0001'],
    [1e-7, '1e-7'],
    [1.5e-10, '1.5e-10'],
    [123456.789, '123456.789'],
    [1e18, '1000000000000000000'],
    [1e20, '1e+20'],
    [1.25e19, '1.25e+19'],
    [1.2345e10 + 0.5, '12345000000.5'],
    [1e19, '1e+19'],
    [1e22, '1e+22'],
    [1.7976931348623157e308, '1.7976931348623157e+308'],
    [5e-324, '5e-324'],
    [Infinity, 'inf'],
    [-Infinity, '-inf'],
    [-2.5e-8, '-2.5e-8'],
  ];
  for (const [d, s] of cases) assert.equal(formatDouble(d), s, String(d));
});

test('int64 parsing follows string2ll', () => {
  assert.equal(parseInt64('0'), 0);
  assert.equal(parseInt64('-12'), -12);
  assert.equal(parseInt64('9223372036854775807'), 9223372036854775807n);
  assert.equal(parseInt64('-9223372036854775808'), -9223372036854775808n);
  for (const bad of ['', '-', '+1', '01', '-0', ' 1', '1 ', '9223372036854775808', '1.0', 'abc']) {
    assert.equal(parseInt64(bad), null, bad);
  }
});

test('float parsing accepts what strtold accepts, not NaN', () => {
  assert.equal(parseFloatStrict('1.5'), 1.5);
  assert.equal(parseFloatStrict('-inf'), -Infinity);
  assert.equal(parseFloatStrict('+inf'), Infinity);
  assert.equal(parseFloatStrict('1e3'), 1000);
  assert.equal(parseFloatStrict('.5'), 0.5);
  for (const bad of ['', 'nan', ' 1', '1 ', 'abc', '1.2.3']) assert.equal(parseFloatStrict(bad), null, bad);
});

test('hex floats parse as strtod reads them, fractions and binary exponents included', () => {
  const cases: [string, number][] = [
    ['0x10', 16], ['0x1p3', 8], ['0x1.8p1', 3], ['0X.8', 0.5], ['-0x.8', -0.5], ['+0xffp-4', 15.9375],
    ['0x1p-1074', 5e-324], ['0x1p1023', 2 ** 1023], ['0x1p1024', Infinity], ['0x1p-1080', 0],
  ];
  for (const [s, v] of cases) assert.equal(parseFloatStrict(s), v, s);
  for (const bad of ['0x', '0xp1', '0x1p', '0x1.8q1']) assert.equal(parseFloatStrict(bad), null, bad);
});
