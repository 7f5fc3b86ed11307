import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { FakeNode } from '../helpers/fake-node';
import { freePort, SHOAL_BIN } from '../helpers/procs';
import { Manager } from '../../src/manager/manager';
import { RespClient } from '../../src/manager/resp-client';
import { createState, loadState, saveState, type ClusterState } from '../../src/manager/state';
import { keySlot } from '../../src/cluster/slot';

let dir: string;
let state: ClusterState;
let nodes: FakeNode[];
let mgr: Manager;

function cli(...args: string[]): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [SHOAL_BIN, ...args, '--dir', dir], (err, stdout, stderr) => {
      resolve({ code: err ? Number(err.code ?? 1) : 0, out: stdout + stderr });
    });
  });
}

async function until(what: string, cond: () => boolean, ms = 10000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const epoch = (): number => mgr.map.epoch;
const allHaveCurrentMap = (): boolean => nodes.every((n) => n.map?.epoch === epoch());

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shoal-mgr-'));
  state = createState({ shards: 3, port: 7000, bind: '127.0.0.1' });
  nodes = [];
  for (const n of state.map.nodes) {
    n.cport = await freePort();
    const f = new FakeNode(n.cport, state.secret);
    await f.listen();
    nodes.push(f);
  }
  state.accounts.app = ['on', '#' + 'a'.repeat(64), '~*', '&*', '+@all'];
  saveState(dir, state);
  mgr = await Manager.start(dir, { probeMs: 100, quiet: true });
});

after(async () => {
  await mgr.stop();
  for (const n of nodes) await n.down();
});

test('the manager pushes the map and the accounts to every node when it starts', async () => {
  await until('every node has the map', allHaveCurrentMap);
  for (const n of nodes) {
    assert.deepEqual(n.map, state.map);
    // A replay rebuilds the account from scratch on each node.
    assert.deepEqual(n.aclLog[0], ['SETUSER', 'app', 'reset', 'on', '#' + 'a'.repeat(64), '~*', '&*', '+@all']);
  }
});

test('a node that restarts gets the map and the accounts again', async () => {
  await until('every node has the map', allHaveCurrentMap);
  const before = nodes[1].maps.length;
  await nodes[1].restart();
  await until('node 1 got the map again', () => nodes[1].maps.length > before && nodes[1].users.has('app'));
  assert.equal(nodes[1].map?.epoch, epoch());
});

test('shoal status shows every node with address, slots, keys and health', async () => {
  await until('every node is online', () => mgr.links.every((l) => l.health === 'online'));
  nodes[2].keys.set('x', '1');
  const r = await cli('status');
  assert.equal(r.code, 0, r.out);
  const lines = r.out.trim().split('\n');
  assert.equal(lines[0], `cluster map epoch ${epoch()}`);
  assert.deepEqual(lines[1].split(/ +/), ['SHARD', 'NODE', 'ROLE', 'ADDRESS', 'SLOTS', 'KEYS', 'HEALTH']);
  const rows = lines.slice(2).map((l) => l.split(/ +/));
  assert.deepEqual(rows, [
    ['0', state.map.nodes[0].id, 'master', '127.0.0.1:7000', '0-5461', '0', 'online'],
    ['1', state.map.nodes[1].id, 'master', '127.0.0.1:7001', '5462-10922', '0', 'online'],
    ['2', state.map.nodes[2].id, 'master', '127.0.0.1:7002', '10923-16383', '1', 'online'],
  ]);
  nodes[2].keys.delete('x');
});

test('shoal acl setuser lands on every node and in cluster.json, with the password hashed', async () => {
  await until('every node is online', () => mgr.links.every((l) => l.health === 'online'));
  const r = await cli('acl', 'setuser', 'bob', 'on', '>s3cret', '-@all', '+get', '~app:*');
  assert.equal(r.code, 0, r.out);
  assert.equal(r.out, 'OK\n');
  for (const n of nodes) assert.deepEqual(n.aclLog.at(-1), ['SETUSER', 'bob', 'on', '>s3cret', '-@all', '+get', '~app:*']);
  const saved = loadState(dir)?.accounts.bob;
  assert.deepEqual(saved?.slice(2), ['-@all', '+get', '~app:*']);
  assert.match(String(saved?.[1]), /^#[0-9a-f]{64}$/);
  assert.ok(!fs.readFileSync(path.join(dir, 'cluster.json'), 'utf8').includes('s3cret'));

  const list = await cli('acl', 'list');
  assert.equal(list.code, 0, list.out);
  assert.match(list.out, /^user bob on >s3cret -@all \+get ~app:\*$/m);
});

test('an ACL rule a node refuses is reported and stored nowhere', async () => {
  const sent = nodes.map((n) => n.aclLog.length);
  const r = await cli('acl', 'setuser', 'eve', 'on', 'bogus');
  assert.notEqual(r.code, 0);
  assert.match(r.out, /Error in ACL SETUSER modifier 'bogus': Syntax error/);
  assert.equal(loadState(dir)?.accounts.eve, undefined);
  // Only the validating node saw it.
  assert.deepEqual(
    nodes.map((n, i) => n.aclLog.length - sent[i]),
    [1, 0, 0],
  );
});

test('shoal acl deluser removes the account everywhere', async () => {
  await cli('acl', 'setuser', 'tmp', 'on');
  const r = await cli('acl', 'deluser', 'tmp');
  assert.equal(r.out, '1\n');
  for (const n of nodes) assert.equal(n.users.has('tmp'), false);
  assert.equal(loadState(dir)?.accounts.tmp, undefined);
});

/** A hash tag whose slot is in [lo, hi]. */
function tagIn(lo: number, hi: number): string {
  for (let i = 0; ; i++) {
    const s = keySlot(`t${i}`);
    if (s >= lo && s <= hi) return `t${i}`;
  }
}

test('shoal slots move drains the slots in batches and hands them to the target', async () => {
  await until('every node has the map', allHaveCurrentMap);
  const tag = tagIn(5000, 5461);
  const slot = keySlot(tag);
  for (let i = 0; i < 250; i++) nodes[0].keys.set(`{${tag}}:${i}`, String(i));
  nodes[0].keys.set('other', 'stays');
  const e0 = epoch();
  const r = await cli('slots', 'move', `${slot}`, '1');
  assert.equal(r.code, 0, r.out);
  assert.equal(r.out.trim().split('\n').at(-1), `moved slot ${slot} to shard 1: 250 keys`);
  assert.deepEqual([...nodes[0].keys.keys()], ['other']);
  assert.equal(nodes[1].keys.size, 250);
  assert.equal(nodes[1].keys.get(`{${tag}}:7`), '7');
  // Two map changes: the migration opens, then the slot changes hands.
  assert.equal(epoch(), e0 + 2);
  assert.ok(nodes.every((n) => n.maps.some((m) => m.epoch === e0 + 1 && m.migrations.some((x) => x.slot === slot && x.from === 0 && x.to === 1))));
  for (const n of nodes) {
    assert.equal(n.map?.epoch, e0 + 2);
    assert.deepEqual(n.map?.migrations, []);
    assert.deepEqual(n.map?.shards[0].slots, [
      [0, slot - 1],
      [slot + 1, 5461],
    ]);
    assert.deepEqual(n.map?.shards[1].slots, [
      [slot, slot],
      [5462, 10922],
    ]);
    assert.equal(n.map?.shards[1].configEpoch, e0 + 2);
  }
  assert.deepEqual(loadState(dir)?.map, mgr.map);
});

test('a node that was down during a change gets the new map when it comes back', async () => {
  await until('every node has the map', allHaveCurrentMap);
  await nodes[2].down();
  await until('node 2 is seen down', () => mgr.links[2].health === 'failed');
  const r = await cli('slots', 'move', '0-9', '1');
  assert.equal(r.code, 0, r.out);
  assert.ok(nodes[2].map && nodes[2].map.epoch < epoch());
  const st = await cli('status');
  assert.match(st.out, /^2 +\S+ +master +127\.0\.0\.1:7002 +10923-16383 +- +failed$/m);
  await nodes[2].listen();
  await until('node 2 caught up', () => nodes[2].map?.epoch === epoch());
  assert.deepEqual(nodes[2].map, mgr.map);
  assert.ok(nodes[2].users.has('bob'));
});

test('the manager socket answers PING and refuses unknown commands', async () => {
  const c = await RespClient.connect({ path: path.join(dir, 'manager.sock') });
  assert.equal(await c.call(['PING']), 'PONG');
  await assert.rejects(c.call(['FLUSHALL']), /unknown manager command/);
  await assert.rejects(c.call(['SLOTS', 'MOVE', '0', '1', '9']), /no shard 9/);
  c.close();
});

test('a second manager for the same directory refuses to start', async () => {
  await assert.rejects(Manager.start(dir, { quiet: true }), /already running/);
});

test('shoal status without a manager shows the map from cluster.json', async () => {
  await mgr.stop();
  const r = await cli('status');
  assert.equal(r.code, 0, r.out);
  assert.match(r.out, /manager not running/);
  assert.match(r.out, /^1 +\S+ +master +127\.0\.0\.1:7001 +0-9,\S+ +- +unknown$/m);
  mgr = await Manager.start(dir, { probeMs: 100, quiet: true });
});
