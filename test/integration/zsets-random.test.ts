/**
 * A long pseudo-random mix of sorted set commands on a few keys, sent to
 * Shoal and to redis-server: every reply must be identical. Scores are
 * integers and binary fractions (printed alike by Redis 7.0 and 7.2); the
 * sets grow past the listpack limits so both encodings are exercised.
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


test('a fixed-seed random sequence of sorted set commands gets identical replies', async () => {
  const r = rng(20261125);
  const int = (n: number): number => Math.floor(r() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)];
  const keys = ['z0', 'z1', 'z2', 'lex'];
  const key = (): string => pick(['z0', 'z1', 'z2']);
  const member = (): string => (r() < 0.05 ? 'long' + 'x'.repeat(70) + int(3) : 'm' + int(300));
  const score = (): string => pick([String(int(100) - 50), String(int(400) / 4), pick(['inf', '-inf', '0', '-0.5', '1e3'])]);
  const bound = (): string => {
    const b = r() < 0.15 ? pick(['-inf', '+inf', 'inf']) : String(int(120) - 60);
    return r() < 0.3 ? '(' + b : b;
  };
  const lexBound = (): string => (r() < 0.1 ? pick(['-', '+']) : pick(['[', '(']) + String.fromCharCode(97 + int(26)) + (r() < 0.5 ? String.fromCharCode(97 + int(26)) : ''));
  const rank = (): string => String(int(80) - 40);
  const gen = (): string[] => {
    switch (int(30)) {
      case 0:
      case 1:
      case 2: {
        const args = ['ZADD', key(), ...pick([[], ['NX'], ['XX'], ['GT'], ['LT', 'CH'], ['CH'], ['XX', 'GT', 'CH']])];
        for (let n = 1 + int(r() < 0.2 ? 60 : 4); n > 0; n--) args.push(score(), member());
        return args;
      }
      case 3: return ['ZADD', key(), ...pick([['INCR'], ['INCR', 'XX'], ['INCR', 'NX'], ['INCR', 'GT']]), score(), member()];
      case 4: return ['ZINCRBY', key(), score(), member()];
      case 5: return ['ZREM', key(), member(), member()];
      case 6: return ['ZSCORE', key(), member()];
      case 7: return ['ZMSCORE', key(), member(), member(), member()];
      case 8: return [pick(['ZRANK', 'ZREVRANK']), key(), member()];
      case 9: return ['ZCARD', key()];
      case 10: return ['ZCOUNT', key(), bound(), bound()];
      case 11: return ['ZRANGE', key(), rank(), rank(), ...pick([[], ['WITHSCORES'], ['REV'], ['REV', 'WITHSCORES']])];
      case 12: return ['ZRANGE', key(), bound(), bound(), 'BYSCORE', ...pick([[], ['REV'], ['WITHSCORES'], ['LIMIT', String(int(10)), String(int(20) - 5)]])];
      case 13: return [pick(['ZRANGEBYSCORE', 'ZREVRANGEBYSCORE']), key(), bound(), bound(), ...pick([[], ['WITHSCORES'], ['LIMIT', String(int(10)), String(int(10))]])];
      case 14: return ['ZREMRANGEBYRANK', key(), rank(), rank()];
      case 15: return ['ZREMRANGEBYSCORE', key(), bound(), bound()];
      case 16: return [pick(['ZPOPMIN', 'ZPOPMAX']), key(), ...pick([[], [String(int(5))]])];
      case 17: return ['ZMPOP', '2', key(), key(), pick(['MIN', 'MAX']), ...pick([[], ['COUNT', String(1 + int(4))]])];
      case 18: return [pick(['ZUNIONSTORE', 'ZINTERSTORE']), key(), '2', key(), key(), ...pick([[], ['WEIGHTS', '2', '-1'], ['AGGREGATE', pick(['MIN', 'MAX'])]])];
      case 19: return ['ZDIFFSTORE', key(), '2', key(), key()];
      case 20: return [pick(['ZUNION', 'ZINTER']), '2', key(), key(), 'WITHSCORES'];
      case 21: return ['ZINTERCARD', '2', key(), key()];
      case 22: return ['ZRANGESTORE', key(), key(), rank(), rank()];
      case 23: return ['OBJECT', 'ENCODING', key()];
      case 24: return ['ZADD', 'lex', '0', String.fromCharCode(97 + int(26)) + (r() < 0.5 ? String.fromCharCode(97 + int(26)) : '')];
      case 25: return [pick(['ZRANGEBYLEX', 'ZLEXCOUNT', 'ZREMRANGEBYLEX']), 'lex', lexBound(), lexBound()];
      case 26: return ['ZREVRANGEBYLEX', 'lex', lexBound(), lexBound(), 'LIMIT', String(int(4)), String(int(6))];
      case 27: return ['ZRANGE', 'lex', lexBound(), lexBound(), 'BYLEX', ...pick([[], ['REV']])];
      case 28: return ['ZDIFF', '2', key(), key(), 'WITHSCORES'];
      default: return ['EXISTS', ...keys];
    }
  };
  for (let i = 0; i < 6000; i++) await p.same(...gen());
  for (const k of keys) await p.same('ZRANGE', k, '0', '-1', 'WITHSCORES');
});
