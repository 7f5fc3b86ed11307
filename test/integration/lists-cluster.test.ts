/**
 * Lists in cluster mode: commands follow slot ownership, and a client
 * blocked on a key whose slot moves away is redirected, as Redis Cluster
 * redirects it.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startCluster, type TestCluster } from '../helpers/cluster-node';
import { RespConn, show } from '../helpers/resp';
import { waitBlocked } from '../helpers/blocked';
import { keySlot } from '../../src/cluster/slot';
import type { ClusterMap } from '../../src/cluster/map';

let cl: TestCluster;
const conns: RespConn[] = [];

async function conn(i: number): Promise<RespConn> {
  const c = await RespConn.connect(cl.nodes[i].port);
  conns.push(c);
  return c;
}

/** A key of node i's slots in the even map. */
function keyOn(i: number, base: string): string {
  const [a, b] = cl.evenMap().shards[i].slots[0];
  for (let n = 0; ; n++) {
    const k = `${base}${n}`;
    const s = keySlot(k);
    if (s >= a && s <= b) return k;
  }
}

/** The even map with one slot handed from shard `from` to shard `to`, or to nobody. */
function moved(epoch: number, slot: number, from: number, to: number | null): ClusterMap {
  const m = cl.evenMap(epoch);
  const [a, b] = m.shards[from].slots[0];
  m.shards[from].slots = [[a, slot - 1], [slot + 1, b]].filter(([x, y]) => x <= y) as [number, number][];
  if (to !== null) m.shards[to].slots.push([slot, slot]);
  return m;
}

before(async () => {
  cl = await startCluster(2);
  await cl.pushAll(cl.evenMap(1));
});

after(async () => {
  for (const c of conns) c.close();
  await cl.stop();
});

test('list commands run on the owner, MOVED elsewhere, CROSSSLOT across slots', async () => {
  const key = keyOn(0, 'l');
  const a = await conn(0);
  const b = await conn(1);
  assert.equal(show(await a.call('RPUSH', key, 'x', 'y')), 2);
  assert.equal(show(await b.call('LPOP', key)), `(error) MOVED ${keySlot(key)} 127.0.0.1:${cl.nodes[0].port}`);
  assert.equal(show(await a.call('BLPOP', key, keyOn(1, 'l'), '0')), "(error) CROSSSLOT Keys in request don't hash to the same slot");
  assert.deepEqual(show(await a.call('BLMPOP', '0', '2', `{${key}}a`, key, 'LEFT')), [key, ['x']]);
  assert.equal(show(await a.call('LMOVE', key, `{${key}}b`, 'LEFT', 'LEFT')), 'y');
});

test('a blocked client is woken by a push on its node', async () => {
  const key = keyOn(1, 'w');
  const a = await conn(1);
  const b = await conn(1);
  const r = a.call('BRPOP', key, '0');
  await waitBlocked(b, 1);
  await b.call('LPUSH', key, 'v');
  assert.deepEqual(show(await r), [key, 'v']);
});

test('a client blocked on a slot that moves away gets MOVED; an unassigned slot CLUSTERDOWN', async () => {
  const key = keyOn(0, 'm');
  const slot = keySlot(key);
  const a = await conn(0);
  const r = a.call('BLPOP', key, '0');
  const admin = await conn(0);
  await waitBlocked(admin, 1);
  await cl.pushAll(moved(2, slot, 0, 1));
  assert.equal(show(await r), `(error) MOVED ${slot} 127.0.0.1:${cl.nodes[1].port}`);
  // The connection serves commands again.
  assert.equal(show(await a.call('PING')), 'PONG');
  // An unassigned slot takes the cluster down (full coverage required), else it is just not served.
  const key2 = keyOn(0, 'u');
  const slot2 = keySlot(key2);
  const r2 = a.call('BLMOVE', key2, key2, 'LEFT', 'RIGHT', '0');
  await waitBlocked(admin, 1);
  await cl.pushAll(moved(3, slot2, 0, null));
  assert.equal(show(await r2), '(error) CLUSTERDOWN The cluster is down');
  await cl.pushAll(cl.evenMap(4));
  await admin.call('CONFIG', 'SET', 'cluster-require-full-coverage', 'no');
  const r3 = a.call('BRPOPLPUSH', key2, key2, '0');
  await waitBlocked(admin, 1);
  await cl.pushAll(moved(5, slot2, 0, null));
  assert.equal(show(await r3), '(error) CLUSTERDOWN Hash slot not served');
  await admin.call('CONFIG', 'SET', 'cluster-require-full-coverage', 'yes');
  await cl.pushAll(cl.evenMap(6));
});
