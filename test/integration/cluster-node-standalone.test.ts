import { test, before, after } from 'node:test';
import { startPair, type Pair } from '../helpers/diff';

let p: Pair;
before(async () => {
  p = await startPair();
});
after(async () => {
  await p.close();
});

test('without cluster-enabled, CLUSTER and the cluster connection commands are refused as Redis refuses them', async () => {
  for (const args of [
    ['CLUSTER', 'INFO'], ['CLUSTER', 'SLOTS'], ['CLUSTER', 'KEYSLOT', 'a'], ['CLUSTER', 'HELP'], ['CLUSTER', 'ADDSLOTS', '1'],
    ['CLUSTER', 'NOSUCH'], ['CLUSTER'], ['READONLY'], ['READWRITE'], ['ASKING'],
  ]) {
    await p.same(...args);
  }
});

test('without cluster-enabled, SELECT, SWAPDB and MOVE work and keys are never redirected', async () => {
  await p.same('SET', 'a', '1');
  await p.same('MSET', 'a', '1', 'b', '2');
  await p.same('MOVE', 'a', '1');
  await p.same('SELECT', '1');
  await p.same('GET', 'a');
  await p.same('SWAPDB', '0', '1');
});
