import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lzfCompress, lzfDecompress } from '../../src/persist/lzf';

function roundTrip(data: Buffer): void {
  const packed = lzfCompress(data, data.length * 2 + 16);
  assert.ok(packed !== null);
  assert.deepEqual(lzfDecompress(packed, data.length), data);
}

test('repetitive, random and mixed inputs survive a round trip', () => {
  roundTrip(Buffer.from('a'));
  roundTrip(Buffer.from('ab'));
  roundTrip(Buffer.from('a'.repeat(1000)));
  roundTrip(Buffer.from('hello world '.repeat(300)));
  let seed = 7;
  const rnd = (): number => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 24;
  for (let n = 0; n < 200; n++) {
    const len = 1 + (rnd() * 37) % 3000;
    const alphabet = 1 + (n % 6) * 40;
    const b = Buffer.alloc(len);
    for (let i = 0; i < len; i++) b[i] = rnd() % alphabet;
    roundTrip(b);
  }
});

test('compression that does not fit the output limit fails as lzf_compress returns 0', () => {
  const random = Buffer.from(Array.from({ length: 64 }, (_, i) => (i * 97 + 13) & 0xff));
  assert.equal(lzfCompress(random, random.length - 4), null);
  assert.equal(lzfCompress(Buffer.alloc(0), 10), null);
});

test('a long run compresses to a literal and back-references', () => {
  const packed = lzfCompress(Buffer.from('a'.repeat(100)), 96) as Buffer;
  // Two literals (liblzf never matches against the first byte), then references to the previous byte.
  assert.equal(packed.latin1Slice(0, 3), '\x01aa');
  assert.ok(packed.length < 10);
});

test('corrupt input or a wrong size is refused', () => {
  const packed = lzfCompress(Buffer.from('abcabcabcabcabcabcabcabc'), 40) as Buffer;
  assert.equal(lzfDecompress(packed, 23), null);
  assert.equal(lzfDecompress(packed, 25), null);
  assert.equal(lzfDecompress(Buffer.from([0x20, 0x05]), 10), null); // reference before the start
  assert.equal(lzfDecompress(Buffer.from([0x05, 0x61]), 6), null); // truncated literal
});
