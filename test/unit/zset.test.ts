/**
 * The sorted set's counted B+tree against a plain sorted array: order, ranks,
 * bounds and removals through many splits and merges.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ZSet, Leaf, posLeaf, posIdx, SCORE_GE, SCORE_GT, LEX_GE } from '../../src/store/zset';
import { rng } from '../helpers/rng';


type Entry = [string, number];
const cmp = (a: Entry, b: Entry): number => (a[1] - b[1]) || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

function walk(z: ZSet): Entry[] {
  const out: Entry[] = [];
  for (let leaf: Leaf | null = z.firstLeaf(); leaf !== null; leaf = leaf.next) {
    for (let i = 0; i < leaf.members.length; i++) out.push([leaf.members[i], leaf.scores[i]]);
  }
  return out;
}

test('inserts, updates and removals keep order, ranks and counts', () => {
  const r = rng(7);
  const z = new ZSet();
  const model = new Map<string, number>();
  for (let step = 0; step < 30000; step++) {
    const m = 'm' + Math.floor(r() * 3000);
    const s = Math.floor(r() * 200) - 100;
    const roll = r();
    const cur = model.get(m);
    if (roll < 0.5) {
      if (cur === undefined) z.insert(m, s);
      else z.update(m, cur, s);
      model.set(m, s);
    } else if (roll < 0.8 || step > 25000) {
      assert.equal(z.delete(m), cur !== undefined);
      model.delete(m);
    }
    if (step % 2500 === 0 || step === 29999) {
      const sorted = [...model.entries()].sort(cmp);
      assert.deepEqual(walk(z), sorted);
      assert.equal(z.size, sorted.length);
      for (const [m, sc] of sorted) assert.equal(z.score(m), sc, `score of ${m}`);
      assert.equal(z.score('absent'), undefined);
      for (let i = 0; i < sorted.length; i += 37) {
        assert.equal(z.rank(sorted[i][0], sorted[i][1]), i);
        z.seek(i);
        assert.equal(posLeaf.members[posIdx], sorted[i][0]);
      }
      for (let b = -101; b <= 101; b += 13) {
        assert.equal(z.countBefore(SCORE_GE, b, ''), sorted.filter((e) => e[1] < b).length);
        assert.equal(z.countBefore(SCORE_GT, b, ''), sorted.filter((e) => e[1] <= b).length);
      }
    }
  }
  assert.equal(z.size, model.size);
});

test('lex bounds on members of one score', () => {
  const z = new ZSet();
  const names: string[] = [];
  for (let i = 0; i < 500; i++) names.push(String.fromCharCode(97 + (i % 26)) + i);
  for (const n of names) z.insert(n, 0);
  names.sort();
  for (const probe of ['a', 'b5', 'm', 'z99', '\xff']) {
    assert.equal(z.countBefore(LEX_GE, 0, probe), names.filter((n) => n < probe).length);
  }
});

test('clone is deep and a cleared set is reusable', () => {
  const z = new ZSet();
  for (let i = 0; i < 1000; i++) z.insert('k' + i, i % 7);
  const copy = z.clone();
  for (let i = 0; i < 1000; i++) z.delete('k' + i);
  assert.equal(z.size, 0);
  assert.deepEqual(walk(z), []);
  assert.equal(copy.size, 1000);
  z.insert('again', 1);
  assert.deepEqual(walk(z), [['again', 1]]);
});
