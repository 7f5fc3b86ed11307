/** The slot check in isolation: a node owning shard 0 of a two-shard map. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ClusterState } from '../../src/cluster/state';
import { slotError } from '../../src/cluster/redirect';
import { commandTable } from '../../src/commands';
import type { Command } from '../../src/commands/table';
import { Db } from '../../src/store/db';
import { keySlot } from '../../src/cluster/slot';
import type { ClusterMap } from '../../src/cluster/map';

const ME = 'a'.repeat(40);
const OTHER = 'b'.repeat(40);

function map(epoch: number, migrations: ClusterMap['migrations'] = []): ClusterMap {
  return {
    epoch,
    shards: [
      { id: 'c'.repeat(40), master: ME, slots: [[0, 8191]], configEpoch: 1 },
      { id: 'd'.repeat(40), master: OTHER, slots: [[8192, 16383]], configEpoch: 2 },
    ],
    nodes: [
      { id: ME, shard: 0, host: '10.0.0.1', port: 7000, cport: 17000, role: 'master', health: 'online' },
      { id: OTHER, shard: 1, host: '10.0.0.2', port: 7001, cport: 17001, role: 'master', health: 'online' },
    ],
    migrations,
  };
}

const db = new Db(0, { expired: () => undefined, stats: { keyspaceHits: 0, keyspaceMisses: 0 }, notify: { emit: () => undefined } });
const cmd = (name: string): Command => commandTable.get(name) as Command;

/** A key of the given slot range. */
function keyIn(lo: number, hi: number, base: string): string {
  for (let i = 0; ; i++) {
    const s = keySlot(base + i);
    if (s >= lo && s <= hi) return base + i;
  }
}

test('owned slots are served, others MOVED, unassigned CLUSTERDOWN, mixed slots CROSSSLOT', () => {
  const st = new ClusterState(ME);
  st.adopt(map(1));
  const mine = keyIn(0, 8191, 'm');
  const theirs = keyIn(8192, 16383, 't');
  assert.equal(slotError(st, db, cmd('get'), ['GET', mine], false), null);
  assert.equal(slotError(st, db, cmd('get'), ['GET', theirs], false), `MOVED ${keySlot(theirs)} 10.0.0.2:7001`);
  assert.equal(slotError(st, db, cmd('mget'), ['MGET', mine, theirs], false), "CROSSSLOT Keys in request don't hash to the same slot");
  assert.equal(slotError(st, db, cmd('ping'), ['PING'], false), null);
  const m = map(2);
  m.shards[1].slots = [];
  st.adopt(m);
  assert.equal(slotError(st, db, cmd('get'), ['GET', theirs], false), 'CLUSTERDOWN Hash slot not served');
  assert.equal(slotError(st, db, cmd('get'), ['GET', mine], false), 'CLUSTERDOWN The cluster is down');
  st.setRequireFullCoverage(false);
  assert.equal(slotError(st, db, cmd('get'), ['GET', mine], false), null);
});

test('an older map is not adopted', () => {
  const st = new ClusterState(ME);
  assert.equal(st.adopt(map(3)), true);
  assert.equal(st.adopt(map(2)), false);
  assert.equal(st.map?.epoch, 3);
});

test('migrating and importing slots: ASK, TRYAGAIN, ASKING; a key named twice is one key; expired keys are missing', () => {
  const mine = keyIn(0, 8191, 'x');
  const slot = keySlot(mine);
  const src = new ClusterState(ME);
  src.adopt(map(1, [{ slot, from: 0, to: 1 }]));
  db.set(mine, 'v');
  const other = `{${mine}}2`;
  assert.equal(slotError(src, db, cmd('get'), ['GET', mine], false), null);
  assert.equal(slotError(src, db, cmd('get'), ['GET', other], false), `ASK ${slot} 10.0.0.2:7001`);
  assert.equal(slotError(src, db, cmd('mget'), ['MGET', mine, other], false), 'TRYAGAIN Multiple keys request during rehashing of slot');
  db.setExpire(mine, Date.now() - 1);
  assert.equal(slotError(src, db, cmd('get'), ['GET', mine], false), `ASK ${slot} 10.0.0.2:7001`);
  assert.ok(db.peek(mine) !== undefined, 'the check itself expires nothing');
  db.delete(mine);
  const dst = new ClusterState(OTHER);
  dst.adopt(map(1, [{ slot, from: 0, to: 1 }]));
  assert.equal(slotError(dst, db, cmd('get'), ['GET', mine], false), `MOVED ${slot} 10.0.0.1:7000`);
  assert.equal(slotError(dst, db, cmd('get'), ['GET', mine], true), null);
  assert.equal(slotError(dst, db, cmd('mget'), ['MGET', mine, mine], true), null);
  assert.equal(slotError(dst, db, cmd('mget'), ['MGET', mine, other], true), 'TRYAGAIN Multiple keys request during rehashing of slot');
});
