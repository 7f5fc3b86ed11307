/**
 * The stream store's pending lists and range cursors against plain
 * reference models, over seeded random operations.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Nack, Pel, StreamCursor, StreamId, StreamValue, MAX_ID, ZERO_ID, compareIds, u64 } from '../../src/store/stream';
import { rng } from '../helpers/rng';

const id = (ms: number, seq = 0): StreamId => new StreamId(ms, seq);
const str = (ids: readonly { toString(): string }[]): string[] => ids.map(String);

test('a pending list with holes keeps order, finds, and compacts as entries come and go', () => {
  const r = rng(7);
  const pel = new Pel();
  const ref = new Map<number, Nack>();
  for (let step = 0; step < 20000; step++) {
    const ms = Math.floor(r() * 500);
    const x = r();
    if (x < 0.45) {
      const nack = new Nack(id(ms), step, 1, null);
      assert.equal(pel.insert(nack), !ref.has(ms));
      if (!ref.has(ms)) ref.set(ms, nack);
    } else if (x < 0.75) {
      // Mostly the oldest, as consumers acknowledge.
      const keys = [...ref.keys()].sort((a, b) => a - b);
      const k = r() < 0.7 && keys.length !== 0 ? keys[0] : ms;
      assert.equal(pel.remove(id(k)), ref.get(k));
      ref.delete(k);
    } else if (x < 0.85) {
      assert.equal(pel.find(id(ms)), ref.get(ms));
    } else {
      const keys = [...ref.keys()].sort((a, b) => a - b);
      const fromKeys = keys.filter((k) => k >= ms);
      assert.equal(pel.ceiling(id(ms))?.id.ms, fromKeys[0]);
      assert.equal(pel.after(id(ms))?.id.ms, keys.filter((k) => k > ms)[0]);
      assert.deepEqual(pel.from(id(ms), 5).map((n) => n.id.ms), fromKeys.slice(0, 5));
      assert.equal(pel.first()?.id.ms, keys[0]);
      assert.equal(pel.last()?.id.ms, keys[keys.length - 1]);
    }
    assert.equal(pel.size, ref.size);
  }
  assert.deepEqual(pel.all().map((n) => n.id.ms), [...ref.keys()].sort((a, b) => a - b));
});

test('range cursors over nodes with deleted entries match a sorted array, both ways', () => {
  const r = rng(11);
  const s = new StreamValue();
  const ref: StreamId[] = [];
  let ms = 0;
  let seq = 0;
  for (let i = 0; i < 3000; i++) {
    // Several entries per millisecond now and then.
    if (r() < 0.5) seq += 1 + Math.floor(r() * 3);
    else {
      ms += 1 + Math.floor(r() * 3);
      seq = Math.floor(r() * 3);
    }
    const next = id(ms, seq);
    s.append(next, ['f', String(i)], 2);
    ref.push(next);
  }
  for (let i = 0; i < 800; i++) {
    const victim = ref[Math.floor(r() * ref.length)];
    if (victim !== undefined && s.delete(victim)) ref.splice(ref.indexOf(victim), 1);
  }
  assert.equal(s.length, ref.length);
  for (let q = 0; q < 300; q++) {
    const a = id(Math.floor(r() * (ms + 2)), Math.floor(r() * 3));
    const b = id(Math.floor(r() * (ms + 2)), Math.floor(r() * 3));
    for (const rev of [false, true]) {
      const cur = new StreamCursor(s, a, b, rev);
      const got: StreamId[] = [];
      while (cur.next()) got.push(cur.id);
      const want = ref.filter((x) => compareIds(x, a) >= 0 && compareIds(x, b) <= 0);
      if (rev) want.reverse();
      assert.deepEqual(str(got), str(want), `${a}..${b} rev=${rev}`);
    }
  }
  assert.equal(String(s.edgeId(true)), String(ref[0]));
  assert.equal(String(s.edgeId(false)), String(ref[ref.length - 1]));
});

test('IDs past 2^53 keep their exact value and order', () => {
  const big = u64(18446744073709551614n);
  const a = new StreamId(big, 5);
  assert.equal(String(a), '18446744073709551614-5');
  assert.equal(String(a.next()), '18446744073709551614-6');
  assert.equal(String(new StreamId(big, u64(18446744073709551615n)).next()), '18446744073709551615-0');
  assert.equal(MAX_ID.next(), null);
  assert.equal(ZERO_ID.prev(), null);
  assert.equal(String(new StreamId(u64(9007199254740992n), 0).prev()), '9007199254740991-18446744073709551615');
  assert.equal(typeof new StreamId(9007199254740991, 0).next()?.seq, 'number');
  assert.equal(typeof new StreamId(0, 9007199254740991).next()?.seq, 'bigint');
  assert.ok(compareIds(new StreamId(u64(9007199254740993n), 0), new StreamId(u64(9007199254740992n), 7)) > 0);
});
