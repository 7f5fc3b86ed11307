import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ListValue, exceedsNodeLimit, PLAIN } from '../../src/store/list';
import { limits } from '../../src/store/limits';
import { encodeListpack } from '../../src/persist/listpack';
import { rng } from '../helpers/rng';

function contents(l: ListValue): string[] {
  const out: string[] = [];
  for (let i = 0; i < l.length; i++) out.push(l.at(i));
  return out;
}

/** Quicklist nodes cover the list exactly, each packed node with its true listpack size. */
function checkNodes(l: ListValue): void {
  if (!l.quick) return;
  let at = 0;
  for (let k = 0; k < l.nodeCount.length; k++) {
    const n = l.nodeCount[k];
    assert.ok(n > 0, 'no empty node');
    const els: string[] = [];
    for (let i = at; i < at + n; i++) els.push(l.at(i));
    if (l.nodeBytes[k] === PLAIN) assert.equal(n, 1, 'a plain node holds one element');
    else assert.equal(l.nodeBytes[k], encodeListpack(els).length, `node ${k} size`);
    at += n;
  }
  assert.equal(at, l.length, 'nodes cover the list');
}

for (const [fill, quick] of [[-2, false], [-2, true], [3, true], [-1, true]] as const) {
  test(`the ring buffer agrees with an array under random edits (fill ${fill}${quick ? ', as a quicklist' : ''})`, () => {
    limits.listSize = fill;
    try {
      randomEdits(quick);
    } finally {
      limits.listSize = -2;
    }
  });
}

function randomEdits(quick: boolean): void {
  const r = rng(99);
  const l = new ListValue();
  if (quick) l.toQuicklist();
  const model: string[] = [];
  const values = ['a', '1', '-5000', '70000', 'x'.repeat(100), '9223372036854775807', '', 'y'.repeat(5000)];
  for (let step = 0; step < 6000; step++) {
    const v = values[Math.floor(r() * values.length)] + (r() < 0.3 ? String(step) : '');
    const op = Math.floor(r() * 9);
    if (op <= 1) {
      l.pushTail(v);
      model.push(v);
    } else if (op <= 3) {
      l.pushHead(v);
      model.unshift(v);
    } else if (op === 4 && model.length > 0) {
      assert.equal(l.popHead(), model.shift());
    } else if (op === 5 && model.length > 0) {
      assert.equal(l.popTail(), model.pop());
    } else if (op === 6) {
      if (model.length === 0) continue;
      const pivot = Math.floor(r() * model.length);
      const after = r() < 0.5;
      l.insert(pivot, v, after);
      model.splice(after ? pivot + 1 : pivot, 0, v);
    } else if (op === 7 && model.length > 0) {
      const i = Math.floor(r() * model.length);
      l.set(i, v);
      model[i] = v;
    } else if (op === 8 && model.length > 0 && r() < 0.1) {
      const drop: number[] = [];
      for (let i = 0; i < model.length; i++) if (r() < 0.2) drop.push(i);
      l.removeIndexes(drop);
      for (let k = drop.length - 1; k >= 0; k--) model.splice(drop[k], 1);
    }
    assert.equal(l.length, model.length);
    if (step % 293 === 0) {
      assert.deepEqual(contents(l), model);
      assert.equal(l.lpBytes, encodeListpack(model).length, 'listpack size');
      checkNodes(l);
    }
  }
  const copy = l.clone();
  l.trim(2, 5);
  assert.deepEqual(contents(l), model.slice(2, 6));
  checkNodes(l);
  assert.deepEqual(contents(copy), model);
  checkNodes(copy);
}

test('a drained list gives its memory back and still works', () => {
  const l = new ListValue();
  for (let i = 0; i < 100000; i++) l.pushTail(String(i));
  for (let i = 0; i < 99990; i++) l.popHead();
  assert.deepEqual(contents(l), ['99990', '99991', '99992', '99993', '99994', '99995', '99996', '99997', '99998', '99999']);
  l.pushHead('x');
  assert.equal(l.at(0), 'x');
  assert.equal(l.lpBytes, encodeListpack(contents(l)).length);
});

test('node limits: sizes for negative fills, counts (with an 8 KiB cap) for positive ones', () => {
  assert.equal(exceedsNodeLimit(-2, 8192, 1000000), false);
  assert.equal(exceedsNodeLimit(-2, 8193, 1), true);
  assert.equal(exceedsNodeLimit(-1, 4097, 1), true);
  assert.equal(exceedsNodeLimit(-5, 65536, 1), false);
  assert.equal(exceedsNodeLimit(-9, 65537, 1), true);
  assert.equal(exceedsNodeLimit(128, 100, 128), false);
  assert.equal(exceedsNodeLimit(128, 100, 129), true);
  assert.equal(exceedsNodeLimit(128, 8193, 2), true);
  assert.equal(exceedsNodeLimit(0, 10, 2), true);
});
