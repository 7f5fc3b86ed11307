import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Db } from '../../src/store/db';
import { MapWalk } from '../../src/store/walk';
import { keySlot } from '../../src/cluster/slot';

function newDb(): Db {
  return new Db(0, { expired: () => undefined, stats: { keyspaceHits: 0, keyspaceMisses: 0 }, notify: { emit: () => undefined } });
}

/** Keys seen over `rounds` samples of `count`, checking each sample: distinct live keys, no more than asked. */
function sampled(db: Db, rounds: number, count: number, volatile: boolean): Set<string> {
  const seen = new Set<string>();
  for (let r = 0; r < rounds; r++) {
    const out: string[] = [];
    if (volatile) db.sampleVolatile(count, out);
    else db.sampleKeys(count, out);
    assert.ok(out.length >= 1 && out.length <= count, `sample of ${out.length}`);
    assert.equal(new Set(out).size, out.length, 'distinct keys');
    for (const k of out) {
      assert.ok(db.peek(k) !== undefined, `${k} exists`);
      if (volatile) assert.ok(db.getExpire(k) !== undefined, `${k} has a TTL`);
      seen.add(k);
    }
  }
  return seen;
}

test('samples of the keyspace reach every key, from small slots and from one big slot alike', () => {
  const db = newDb();
  for (let i = 0; i < 2000; i++) db.set(`k:${i}`, 'v');
  // Hash-tagged keys share one slot, past the size where a sample skips into it.
  for (let i = 0; i < 1000; i++) db.set(`{tag}:${i}`, 'v');
  assert.equal(db.countInSlot(keySlot('{tag}')), 1000);
  const seen = sampled(db, 6000, 5, false);
  assert.ok(seen.size > 2900, `saw ${seen.size} of 3000 keys`);
  for (let i = 0; i < 1000; i += 97) assert.ok(seen.has(`{tag}:${i}`), `big slot key ${i} sampled`);
});

test('a keyspace smaller than the sample gives what it has', () => {
  const db = newDb();
  const none: string[] = [];
  db.sampleKeys(5, none);
  assert.deepEqual(none, []);
  db.set('a', '1');
  db.set('b', '2');
  assert.deepEqual(sampled(db, 50, 5, false), new Set(['a', 'b']));
});

test('volatile samples take only keys with a TTL and walk all of them', () => {
  const db = newDb();
  for (let i = 0; i < 500; i++) db.set(`p:${i}`, 'v');
  for (let i = 0; i < 300; i++) {
    db.set(`t:${i}`, 'v');
    db.setExpire(`t:${i}`, Date.now() + 100000);
  }
  assert.equal(sampled(db, 60, 5, true).size, 300);
  // A replaced expires map (FLUSHALL, SWAPDB) starts the walk over.
  db.clear();
  const out: string[] = [];
  db.sampleVolatile(5, out);
  assert.deepEqual(out, []);
});

test('a map walk resumes where it stopped, survives deletions and starts over after a pass', () => {
  const m = new Map([['a', 1], ['b', 2], ['c', 3]]);
  const w = new MapWalk<string>();
  assert.equal(w.next(m), 'a');
  m.delete('b');
  assert.equal(w.next(m), 'c');
  assert.equal(w.next(m), undefined);
  assert.equal(w.next(m), 'a');
  assert.equal(w.next(new Map([['z', 0]])), 'z');
});
