import { test } from 'node:test';
import assert from 'node:assert/strict';
import { crc16, keySlot } from '../../src/cluster/slot';

test('crc16 matches the XMODEM check value', () => {
  assert.equal(crc16('123456789'), 0x31c3);
});

test('key slots match Redis Cluster (values from CLUSTER KEYSLOT)', () => {
  assert.equal(keySlot('foo'), 12182);
  assert.equal(keySlot('bar'), 5061);
  assert.equal(keySlot('key:000000000001'), keySlot('key:000000000001'));
  assert.equal(keySlot('{user1000}.following'), keySlot('{user1000}.followers'));
  assert.equal(keySlot('{user1000}.following'), keySlot('user1000'));
  // An empty tag hashes the whole key.
  assert.equal(keySlot('foo{}{bar}'), crc16('foo{}{bar}') & 16383);
  assert.equal(keySlot('foo{{bar}}zap'), keySlot('{bar'));
  assert.equal(keySlot('foo{bar}{zap}'), keySlot('bar'));
});
