import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BytesTable } from '../../src/store/bytes-table';

function entries(t: BytesTable): [string, string][] {
  const out: [string, string][] = [];
  for (let o = t.nextLive(0); o >= 0; o = t.nextLive(t.after(o))) out.push([t.fieldAt(o), t.valueAt(o)]);
  return out;
}

test('a random mix of sets and deletes agrees with a Map, through growth and compaction', () => {
  const t = new BytesTable();
  const m = new Map<string, string>();
  let seed = 12345;
  const rnd = (n: number): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return (seed >>> 8) % n;
  };
  const generations = new Set<number>();
  for (let i = 0; i < 60000; i++) {
    // Long fields and values take the records' long form.
    const f = `f${rnd(5000)}${rnd(3) === 0 ? '\x00\xff' : ''}${rnd(50) === 0 ? 'L'.repeat(64) : ''}`;
    const op = rnd(10);
    if (op < 6) {
      const v = 'v'.repeat(rnd(20) === 0 ? 300 : rnd(40)) + String(i);
      assert.equal(t.set(f, v), !m.has(f));
      m.set(f, v);
    } else if (op < 9) {
      assert.equal(t.delete(f), m.delete(f));
    } else {
      assert.equal(t.get(f), m.get(f));
      assert.equal(t.has(f), m.has(f));
    }
    assert.equal(t.size, m.size);
    generations.add(t.generation);
  }
  assert.ok(generations.size > 2, 'the arena was compacted');
  const got = new Map(entries(t));
  assert.deepEqual(got, m);
  for (const [f, v] of m) assert.equal(t.get(f), v);
});

test('iteration follows insertion order; a replaced value moves to the end', () => {
  const t = new BytesTable();
  t.set('a', '1');
  t.set('b', '2');
  t.set('c', '3');
  t.set('a', '4');
  t.delete('b');
  assert.deepEqual(entries(t), [['c', '3'], ['a', '4']]);
  assert.equal(t.get('b'), undefined);
  assert.equal(t.get(''), undefined);
  t.set('', '');
  assert.equal(t.get(''), '');
});

test('random picks reach every live entry', () => {
  const t = new BytesTable();
  for (let i = 0; i < 50; i++) t.set(`k${i}`, String(i));
  for (let i = 0; i < 25; i++) t.delete(`k${i * 2}`);
  const seen = new Set<string>();
  for (let i = 0; i < 5000 && seen.size < 25; i++) seen.add(t.fieldAt(t.randomRecord()));
  assert.deepEqual([...seen].sort(), Array.from({ length: 25 }, (_, i) => `k${i * 2 + 1}`).sort());
});
