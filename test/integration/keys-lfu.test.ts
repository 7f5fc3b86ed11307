import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startPair, type Pair } from '../helpers/diff';
import { show } from '../helpers/resp';

let p: Pair;
before(async () => {
  const policy = ['--maxmemory-policy', 'allkeys-lfu'];
  p = await startPair(policy, policy);
});
after(async () => {
  await p.close();
});

test('under an LFU policy FREQ counts accesses and IDLETIME is refused', async () => {
  await p.same('SET', 'k', 'v');
  const [fa, fb] = await p.both('OBJECT', 'FREQ', 'k');
  assert.equal(show(fa), show(fb));
  await p.same('OBJECT', 'IDLETIME', 'k');
  await p.same('OBJECT', 'FREQ', 'nope');
  for (let i = 0; i < 200; i++) await p.both('GET', 'k');
  const [ga, gb] = await p.both('OBJECT', 'FREQ', 'k');
  assert.ok(Number(show(ga)) > Number(show(fa)), `shoal freq ${show(ga)}`);
  assert.ok(Number(show(gb)) > Number(show(fb)), `redis freq ${show(gb)}`);
  // The counter follows the key through RENAME, as the object does in Redis.
  await p.same('RENAME', 'k', 'k2');
  const [ra] = await p.both('OBJECT', 'FREQ', 'k2');
  assert.ok(Number(show(ra)) >= Number(show(ga)));
  // With maxmemory unset Redis still shares small integers, whatever the policy.
  await p.same('SET', 'n', '5');
  await p.same('OBJECT', 'REFCOUNT', 'n');
});
