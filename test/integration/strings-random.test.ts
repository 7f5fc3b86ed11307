/**
 * A long pseudo-random mix of string and bitmap commands on a few keys, sent
 * to Shoal and to redis-server: every reply must be identical.
 */
import { test, before, after } from 'node:test';
import { startPair, type Pair } from '../helpers/diff';
import { rng } from '../helpers/rng';

let p: Pair;
before(async () => {
  p = await startPair();
});
after(async () => {
  await p.close();
});

test('a fixed-seed random sequence of string and bit commands gets identical replies', async () => {
  const r = rng(20240607);
  const int = (n: number): number => Math.floor(r() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)];
  const keys = ['k0', 'k1', 'k2', 'k3', 'k4'];
  const key = (): string => pick(keys);
  const bigInts = ['0', '1', '-1', '9223372036854775807', '-9223372036854775808', '9223372036854775806', '9007199254740993', '-9007199254740993', '4611686018427387904'];
  const num = (): string => (r() < 0.3 ? pick(bigInts) : String(int(2000) - 1000));
  const floats = ['0.1', '-0.1', '1.5', '1e3', '-2.5e-3', '3.14159', '1e17', '0x1p-3', '100', '-7'];
  const value = (): string => {
    const roll = r();
    if (roll < 0.3) return num();
    if (roll < 0.4) return pick(floats);
    let s = '';
    const n = int(12);
    for (let i = 0; i < n; i++) s += r() < 0.2 ? String.fromCharCode(int(256)) : pick(['a', 'b', 'c', 'x', '1', '0']);
    return s;
  };
  const idx = (): number => int(40) - 20;
  const ftype = (): string => (r() < 0.5 ? 'i' : 'u') + String(1 + int(r() < 0.5 ? 16 : 63));
  const gen = (): string[] => {
    switch (int(30)) {
      case 0: return ['SET', key(), value()];
      case 1: return ['SET', key(), value(), ...pick([['NX'], ['XX'], ['GET'], ['NX', 'GET'], ['XX', 'GET'], ['KEEPTTL'], ['EX', '1000'], ['PX', '100000', 'GET']])];
      case 2: return ['GET', key()];
      case 3: return ['APPEND', key(), value()];
      case 4: return ['SETRANGE', key(), String(int(30)), value()];
      case 5: return ['GETRANGE', key(), String(idx()), String(idx())];
      case 6: return ['STRLEN', key()];
      case 7: return ['INCR', key()];
      case 8: return ['DECR', key()];
      case 9: return ['INCRBY', key(), num()];
      case 10: return ['DECRBY', key(), num()];
      case 11: return ['INCRBYFLOAT', key(), pick(floats)];
      case 12: return ['SETBIT', key(), String(int(100)), String(int(2))];
      case 13: return ['GETBIT', key(), String(int(120))];
      case 14: return ['BITCOUNT', key(), ...pick([[], [String(idx()), String(idx())], [String(idx()), String(idx()), 'BIT'], [String(idx() * 8), String(idx() * 8), 'BIT']])];
      case 15: return ['BITPOS', key(), String(int(2)), ...pick([[], [String(idx())], [String(idx()), String(idx())], [String(idx() * 4), String(idx() * 4), 'BIT']])];
      case 16: return ['BITOP', pick(['AND', 'OR', 'XOR']), key(), key(), key()];
      case 17: return ['BITOP', 'NOT', key(), key()];
      case 18: {
        const ops: string[] = [];
        for (let i = int(4); i >= 0; i--) {
          const kind = int(4);
          const off = r() < 0.3 ? '#' + int(8) : String(int(80));
          if (kind === 0) ops.push('GET', ftype(), off);
          else if (kind === 1) ops.push('SET', ftype(), off, num());
          else if (kind === 2) ops.push('INCRBY', ftype(), off, num());
          else ops.push('OVERFLOW', pick(['WRAP', 'SAT', 'FAIL']));
        }
        return ['BITFIELD', key(), ...ops];
      }
      case 19: return ['BITFIELD_RO', key(), 'GET', ftype(), String(int(80))];
      case 20: return ['MSET', key(), value(), key(), value()];
      case 21: return ['MGET', key(), key(), key()];
      case 22: return ['MSETNX', key(), value(), key(), value()];
      case 23: return ['GETSET', key(), value()];
      case 24: return ['GETDEL', key()];
      case 25: return ['SETNX', key(), value()];
      case 26: return ['LCS', key(), key(), ...pick([[], ['LEN'], ['IDX'], ['IDX', 'WITHMATCHLEN'], ['IDX', 'MINMATCHLEN', '2']])];
      case 27: return ['GETEX', key(), ...pick([[], ['PERSIST'], ['EX', '1000']])];
      case 28: return ['SUBSTR', key(), String(idx()), String(idx())];
      default: return ['SETEX', key(), '1000', value()];
    }
  };
  for (let i = 0; i < 4000; i++) await p.same(...gen());
  for (const k of keys) await p.same('GET', k);
});
