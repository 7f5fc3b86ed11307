/**
 * A long pseudo-random mix of list commands on a few keys (some holding other
 * types), sent to Shoal and to redis-server: every reply must be identical.
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

test('a fixed-seed random sequence of list commands gets identical replies', async () => {
  const r = rng(7291);
  const int = (n: number): number => Math.floor(r() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)];
  const keys = ['l0', 'l1', 'l2', 'l3', 'str'];
  const key = (): string => pick(keys);
  const values = ['a', 'b', 'c', '1', '-1', '127', '128', '4096', '-4097', '9223372036854775807', '-9223372036854775808', '', 'x'.repeat(70)];
  const value = (): string => (r() < 0.9 ? pick(values) : String.fromCharCode(int(256), int(256)));
  const elems = (): string[] => {
    const out: string[] = [];
    for (let i = 1 + int(4); i > 0; i--) out.push(value());
    return out;
  };
  const idx = (): string => (r() < 0.05 ? pick(['9223372036854775807', '-9223372036854775808', 'x']) : String(int(30) - 15));
  const side = (): string => pick(['LEFT', 'RIGHT', 'left', 'right']);
  const count = (): string => pick(['0', '1', '2', '5', '-1', 'x']);
  const gen = (): string[] => {
    switch (int(26)) {
      case 0: case 1: return ['RPUSH', key(), ...elems()];
      case 2: case 3: return ['LPUSH', key(), ...elems()];
      case 4: return [pick(['LPUSHX', 'RPUSHX']), key(), ...elems()];
      case 5: return ['LPOP', key(), ...(r() < 0.5 ? [] : [count()])];
      case 6: return ['RPOP', key(), ...(r() < 0.5 ? [] : [count()])];
      case 7: return ['LLEN', key()];
      case 8: case 9: return ['LRANGE', key(), idx(), idx()];
      case 10: return ['LINDEX', key(), idx()];
      case 11: return ['LSET', key(), idx(), value()];
      case 12: return ['LINSERT', key(), pick(['BEFORE', 'AFTER', 'x']), value(), value()];
      case 13: return ['LREM', key(), pick(['0', '1', '-1', '2', '-2']), value()];
      case 14: return ['LTRIM', key(), idx(), idx()];
      case 15: {
        const opts: string[] = [];
        if (r() < 0.4) opts.push('RANK', pick(['1', '2', '-1', '-3']));
        if (r() < 0.4) opts.push('COUNT', pick(['0', '1', '3']));
        if (r() < 0.3) opts.push('MAXLEN', pick(['0', '2', '10']));
        return ['LPOS', key(), value(), ...opts];
      }
      case 16: return ['LMOVE', key(), key(), side(), side()];
      case 17: return ['RPOPLPUSH', key(), key()];
      case 18: return ['LMPOP', '2', key(), key(), side(), ...(r() < 0.5 ? [] : ['COUNT', pick(['1', '3', '0'])])];
      case 19: return ['BLPOP', key(), key(), '0.01'];
      case 20: return ['BRPOP', key(), '0.01'];
      case 21: return ['BLMOVE', key(), key(), side(), side(), '0.01'];
      case 22: return ['BLMPOP', '0.01', '1', key(), side()];
      case 23: return ['SET', 'str', value()];
      case 24: return ['DEL', key()];
      default: return ['EXISTS', key()];
    }
  };
  for (let i = 0; i < 4000; i++) await p.same(...gen());
  for (const k of keys) await p.same('TYPE', k);
  for (const k of keys.slice(0, 4)) await p.same('LRANGE', k, '0', '-1');
});
