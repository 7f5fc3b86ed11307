import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createState, loadState, saveState, splitSlots, storedRules, fullAccessRules } from '../../src/manager/state';
import { beginMoves, editRanges, finishMoves, movingSlots, parseSlotSpec } from '../../src/manager/slot-moves';
import { nodeConfigText } from '../../src/manager/node-config';
import { slotOwners } from '../../src/cluster/map';
import { parseConfigText } from '../../src/server/config-file';

test('slots split evenly and contiguously, the first shards taking the remainder', () => {
  assert.deepEqual(splitSlots(3), [
    [0, 5461],
    [5462, 10922],
    [10923, 16383],
  ]);
  assert.deepEqual(splitSlots(1), [[0, 16383]]);
  assert.deepEqual(splitSlots(2), [
    [0, 8191],
    [8192, 16383],
  ]);
  const r = splitSlots(7);
  assert.equal(r[0][0], 0);
  assert.equal(r[6][1], 16383);
  for (let i = 1; i < r.length; i++) assert.equal(r[i][0], r[i - 1][1] + 1);
});

test('a new cluster has one master per shard on consecutive ports with control ports 10000 above', () => {
  const s = createState({ shards: 3, port: 7000, bind: '127.0.0.1' });
  assert.deepEqual(
    s.map.nodes.map((n) => [n.port, n.cport, n.role, n.shard]),
    [
      [7000, 17000, 'master', 0],
      [7001, 17001, 'master', 1],
      [7002, 17002, 'master', 2],
    ],
  );
  assert.deepEqual(s.map.shards.map((x) => x.master), s.map.nodes.map((n) => n.id));
  assert.equal(new Set([...s.map.nodes.map((n) => n.id), ...s.map.shards.map((x) => x.id)]).size, 6);
  assert.match(s.secret, /^[0-9a-f]{64}$/);
  // Every master has its own config epoch, and the map epoch is at least as large.
  assert.deepEqual(s.map.shards.map((x) => x.configEpoch), [1, 2, 3]);
  assert.equal(s.map.epoch, 3);
  assert.throws(() => createState({ shards: 3, port: 65530, bind: '127.0.0.1' }), /no room/);
  assert.throws(() => createState({ shards: 0, port: 7000, bind: '127.0.0.1' }), /--shards/);
});

test('cluster.json round-trips the map, secret and accounts', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shoal-unit-'));
  assert.equal(loadState(dir), null);
  const s = createState({ shards: 2, port: 7000, bind: '127.0.0.1' });
  s.accounts.app = fullAccessRules('pw');
  s.requirepass = 'secret';
  saveState(dir, s);
  assert.deepEqual(loadState(dir), s);
  fs.writeFileSync(path.join(dir, 'cluster.json'), '{"map":{"epoch":-1,"shards":[],"nodes":[],"migrations":[]},"secret":"x"}');
  assert.throws(() => loadState(dir), /bad epoch/);
});

test('stored account rules hold password hashes, never the passwords', () => {
  const sha = '5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8'; // sha256("password")
  assert.deepEqual(storedRules(['on', '>password', '<password', '~*', '+@all']), ['on', '#' + sha, '!' + sha, '~*', '+@all']);
  assert.deepEqual(fullAccessRules('password'), ['on', '#' + sha, '~*', '&*', '+@all']);
});

test('node config files carry the cluster settings and quote passwords', () => {
  const s = createState({ shards: 1, port: 7000, bind: '127.0.0.1' });
  s.requirepass = 'a "b" \\c';
  const entries = parseConfigText(nodeConfigText('/data', s, s.map.nodes[0]));
  const conf = Object.fromEntries(entries.map(([k, v]) => [k, v]));
  assert.equal(conf.port, '7000');
  assert.equal(conf['cluster-enabled'], 'yes');
  assert.equal(conf['cluster-port'], '17000');
  assert.equal(conf['cluster-node-id'], s.map.nodes[0].id);
  assert.equal(conf['cluster-secret'], s.secret);
  assert.equal(conf['cluster-config-file'], 'nodes.json');
  assert.equal(conf.dir, path.join('/data', 'nodes', s.map.nodes[0].id));
  assert.equal(conf.requirepass, 'a "b" \\c');
  assert.equal(conf.masterauth, 'a "b" \\c');
});

test('slot specs and range edits', () => {
  assert.deepEqual(parseSlotSpec('7'), [7, 7]);
  assert.deepEqual(parseSlotSpec('0-16383'), [0, 16383]);
  for (const bad of ['', '-1', '5-4', '16384', 'a', '1-', '1.5']) assert.throws(() => parseSlotSpec(bad), /invalid slot/, bad);
  assert.deepEqual(editRanges([[0, 10]], [], [5]), [
    [0, 4],
    [6, 10],
  ]);
  assert.deepEqual(editRanges([[0, 4], [6, 10]], [5, 11], []), [[0, 11]]);
  assert.deepEqual(editRanges([[3, 3]], [], [3]), []);
});

test('a move opens migrations with one epoch bump, then hands drained slots to the target', () => {
  const s = createState({ shards: 3, port: 7000, bind: '127.0.0.1' });
  const m0 = s.map;
  // 5460-5463 spans shards 0 and 1; 5462-5463 are shard 1's and stay out of a move to shard 1.
  assert.throws(() => beginMoves(m0, 0, 1, 3), /no shard 3/);
  const m1 = beginMoves(m0, 5460, 5463, 1);
  assert.ok(m1);
  assert.equal(m1.epoch, m0.epoch + 1);
  assert.deepEqual(m1.migrations, [
    { slot: 5460, from: 0, to: 1 },
    { slot: 5461, from: 0, to: 1 },
  ]);
  // Ownership does not change while keys move.
  assert.deepEqual(m1.shards, m0.shards);
  // Resuming the same move changes nothing; moving a migrating slot elsewhere is refused.
  assert.equal(beginMoves(m1, 5460, 5463, 1), null);
  assert.throws(() => beginMoves(m1, 5461, 5461, 2), /already moving to shard 1/);
  assert.deepEqual(movingSlots(m1, 0, 16383, 1), [
    { slot: 5460, from: 0 },
    { slot: 5461, from: 0 },
  ]);

  const m2 = finishMoves(m1, [5460, 5461], 5460, 5463, 1);
  assert.ok(m2);
  assert.equal(m2.epoch, m1.epoch + 1);
  assert.deepEqual(m2.migrations, []);
  assert.deepEqual(m2.shards[0].slots, [[0, 5459]]);
  assert.deepEqual(m2.shards[1].slots, [[5460, 10922]]);
  assert.equal(m2.shards[1].configEpoch, m2.epoch);
  assert.equal(m2.shards[0].configEpoch, m0.shards[0].configEpoch);
  // The input maps are untouched.
  assert.deepEqual(m0.shards[0].slots, [[0, 5461]]);
  assert.equal(slotOwners(m2)[5460], 1);
});

test('unowned slots in a moved range are simply assigned to the target', () => {
  const s = createState({ shards: 2, port: 7000, bind: '127.0.0.1' });
  s.map.shards[0].slots = [[0, 99]];
  assert.equal(beginMoves(s.map, 100, 120, 1), null);
  const m = finishMoves(s.map, [], 100, 120, 1);
  assert.ok(m);
  assert.deepEqual(m.shards[1].slots, [
    [100, 120],
    [8192, 16383],
  ]);
  assert.equal(finishMoves(m, [], 100, 120, 1), null);
});
