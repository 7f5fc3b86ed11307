/**
 * Geohash scores, decoding and neighbour boxes on known Redis values.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scoreOf, decodeScore, geohashString, distance, searchBoxes } from '../../src/util/geohash';

test('scores and decoded positions are Redis’s', () => {
  // GEOADD Sicily 13.361389 38.115556 Palermo 15.087269 37.502669 Catania, as Redis stores them.
  assert.equal(scoreOf(13.361389, 38.115556), 3479099956230698);
  assert.equal(scoreOf(15.087269, 37.502669), 3479447370796909);
  const [x, y] = decodeScore(3479099956230698);
  assert.ok(Math.abs(x - 13.361389) < 1e-5 && Math.abs(y - 38.115556) < 1e-5);
  assert.equal(geohashString(3479099956230698), 'sqc8b49rny0');
  assert.equal(distance(13.361389, 38.115556, 13.361389, 38.115556), 0);
  assert.equal((distance(...decodeScore(3479099956230698), ...decodeScore(3479447370796909)) / 1000).toFixed(4), '166.2742');
});

test('search boxes: the centre first, useless neighbours dropped, all at one step', () => {
  const boxes = searchBoxes({ box: false, lon: 15, lat: 37, conversion: 1000, radius: 200, width: 0, height: 0 });
  assert.equal(boxes.length, 9);
  const step = boxes[0].step;
  assert.ok(step >= 1 && step <= 26);
  for (const b of boxes) assert.ok(b.step === step || (b.step === 0 && b.bits === 0));
  const centre = scoreOf(15, 37);
  const lo = boxes[0].bits * 2 ** (52 - step * 2);
  const hi = (boxes[0].bits + 1) * 2 ** (52 - step * 2);
  assert.ok(centre >= lo && centre < hi, 'the centre box holds the centre');
});
