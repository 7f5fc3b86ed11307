import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { startCluster, startRedisCluster, shape, SECRET, type TestCluster } from '../helpers/cluster-node';
import { RespConn, show, type Reply } from '../helpers/resp';
import { keySlot } from '../../src/cluster/slot';
import type { ClusterMap } from '../../src/cluster/map';
import type { Proc } from '../helpers/procs';

let cl: TestCluster;
let redis: { procs: Proc[]; stop: () => Promise<void> };
const conns: RespConn[] = [];

async function conn(port: number): Promise<RespConn> {
  const c = await RespConn.connect(port);
  conns.push(c);
  return c;
}

/** A key whose slot is owned by node i in the even map. */
function keyOn(i: number, base = 'k'): string {
  const map = cl.evenMap();
  const [a, b] = map.shards[i].slots[0];
  for (let n = 0; ; n++) {
    const k = `${base}${n}`;
    const s = keySlot(k);
    if (s >= a && s <= b) return k;
  }
}

function addr(i: number): string {
  return `127.0.0.1:${cl.nodes[i].port}`;
}

before(async () => {
  [cl, redis] = await Promise.all([startCluster(3), startRedisCluster(3)]);
  await cl.pushAll(cl.evenMap(1));
});

after(async () => {
  for (const c of conns) c.close();
  await Promise.all([cl.stop(), redis.stop()]);
});

test('CLUSTER SLOTS and SHARDS have the shapes of a real Redis Cluster, in RESP2 and RESP3', async () => {
  const s = await conn(cl.nodes[0].port);
  const r = await conn(redis.procs[0].port);
  for (const proto of [2, 3]) {
    if (proto === 3) {
      await s.call('HELLO', '3');
      await r.call('HELLO', '3');
    }
    for (const sub of ['SLOTS', 'SHARDS']) {
      const mine = await s.call('CLUSTER', sub);
      const theirs = await r.call('CLUSTER', sub);
      assert.deepEqual(shape(mine), shape(theirs), `CLUSTER ${sub} RESP${proto}`);
    }
  }
  const slots = show(await (await conn(cl.nodes[1].port)).call('CLUSTER', 'SLOTS'));
  assert.deepEqual(slots, [
    [0, 5460, ['127.0.0.1', cl.nodes[0].port, cl.nodes[0].id, []]],
    [5461, 10921, ['127.0.0.1', cl.nodes[1].port, cl.nodes[1].id, []]],
    [10922, 16383, ['127.0.0.1', cl.nodes[2].port, cl.nodes[2].id, []]],
  ]);
});

/** CLUSTER NODES lines with what differs between clusters (ids, ports, times, epochs, ranges) masked. */
function nodesShape(text: string): string[] {
  assert.ok(text.endsWith('\n'));
  return text
    .split('\n')
    .slice(0, -1)
    .map((l) => l.replace(/[0-9a-f]{40}/g, 'ID').replace(/\d+/g, 'N'))
    .sort();
}

test('CLUSTER NODES has the format of a real Redis Cluster; every node reports the same ids', async () => {
  const mine = show(await (await conn(cl.nodes[0].port)).call('CLUSTER', 'NODES')) as string;
  const theirs = show(await (await conn(redis.procs[0].port)).call('CLUSTER', 'NODES')) as string;
  assert.deepEqual(nodesShape(mine), nodesShape(theirs));
  const n0 = cl.nodes[0];
  assert.ok(mine.includes(`${n0.id} 127.0.0.1:${n0.port}@${n0.cport} myself,master - 0 `), mine);
  assert.ok(mine.includes(' 1 connected 0-5460\n'), mine);
  const other = show(await (await conn(cl.nodes[2].port)).call('CLUSTER', 'NODES')) as string;
  const plain = (t: string): string => t.replace('myself,', '').replace(/ - 0 \d+ /g, ' - 0 T ');
  assert.equal(plain(other), plain(mine));
  // RESP3: a verbatim string, as Redis 7 sends it.
  const c3 = await conn(cl.nodes[0].port);
  await c3.call('HELLO', '3');
  assert.equal((await c3.call('CLUSTER', 'NODES')).t, 'verbatim');
});

test('CLUSTER INFO lists the fields of Redis, CRLF-terminated', async () => {
  const mine = show(await (await conn(cl.nodes[1].port)).call('CLUSTER', 'INFO')) as string;
  const theirs = show(await (await conn(redis.procs[0].port)).call('CLUSTER', 'INFO')) as string;
  const keys = (t: string): string[] => t.split('\r\n').slice(0, -1).map((l) => l.split(':')[0]);
  assert.ok(mine.endsWith('\r\n'));
  assert.deepEqual(keys(mine).slice(0, 9), keys(theirs).slice(0, 9));
  assert.equal(keys(mine).at(-1), keys(theirs).at(-1));
  assert.match(mine, /^cluster_state:ok\r\ncluster_slots_assigned:16384\r\ncluster_slots_ok:16384\r\n/);
  assert.match(mine, /\r\ncluster_known_nodes:3\r\ncluster_size:3\r\ncluster_current_epoch:1\r\ncluster_my_epoch:2\r\n/);
});

test('MYID, MYSHARDID, KEYSLOT, COUNTKEYSINSLOT, GETKEYSINSLOT, LINKS, HELP', async () => {
  const c = await conn(cl.nodes[0].port);
  assert.equal(show(await c.call('CLUSTER', 'MYID')), cl.nodes[0].id);
  assert.equal(show(await c.call('CLUSTER', 'MYSHARDID')), cl.nodes[0].shardId);
  assert.equal(show(await c.call('CLUSTER', 'KEYSLOT', '123456789')), 0x31c3 % 16384);
  assert.equal(show(await c.call('CLUSTER', 'KEYSLOT', 'a{user1}b')), keySlot('user1'));
  const tag = keyOn(0, 't');
  const keys = [1, 2, 3].map((i) => `{${tag}}${i}`);
  for (const k of keys) await c.call('SET', k, 'v');
  const slot = keySlot(tag);
  assert.equal(show(await c.call('CLUSTER', 'COUNTKEYSINSLOT', slot)), 3);
  assert.deepEqual(show(await c.call('CLUSTER', 'GETKEYSINSLOT', slot, 2)), keys.slice(0, 2));
  assert.deepEqual(show(await c.call('CLUSTER', 'GETKEYSINSLOT', slot, 10)), keys);
  assert.deepEqual(show(await c.call('CLUSTER', 'LINKS')), []);
  const help = show(await c.call('CLUSTER', 'HELP')) as string[];
  assert.ok(help[0].startsWith('CLUSTER <subcommand>'));
  assert.ok(help.includes('SLOTS') && help.includes('NODES') && !help.some((l) => l.startsWith('ADDSLOTS')));
  // Errors as a real Redis Cluster words them.
  const r = await conn(redis.procs[0].port);
  for (const args of [
    ['CLUSTER', 'COUNTKEYSINSLOT', '16384'], ['CLUSTER', 'COUNTKEYSINSLOT', 'x'], ['CLUSTER', 'GETKEYSINSLOT', '1', '-1'],
    ['CLUSTER', 'GETKEYSINSLOT', 'x', '1'], ['CLUSTER', 'GETKEYSINSLOT', '1', 'x'], ['CLUSTER', 'NOSUCH'],
    ['CLUSTER', 'KEYSLOT'], ['SELECT', '1'], ['SELECT', '0'], ['SELECT', 'x'], ['SWAPDB', '0', '1'], ['READONLY'], ['READWRITE'], ['ASKING'],
  ]) {
    assert.deepEqual(await c.call(...args), await r.call(...args), args.join(' '));
  }
});

test('topology-changing subcommands are refused: the manager owns topology', async () => {
  const c = await conn(cl.nodes[0].port);
  for (const sub of ['ADDSLOTS', 'SETSLOT', 'MEET', 'FAILOVER', 'RESET']) {
    const r = show(await c.call('CLUSTER', sub, '1', '2', '3')) as string;
    assert.equal(r, `(error) ERR CLUSTER ${sub} is not supported: the cluster topology is managed by the Shoal manager`);
  }
  // Queries about other nodes answer from the map.
  assert.deepEqual(show(await c.call('CLUSTER', 'REPLICAS', cl.nodes[1].id)), []);
  assert.equal(show(await c.call('CLUSTER', 'COUNT-FAILURE-REPORTS', cl.nodes[2].id)), 0);
  const unknown = 'f'.repeat(40);
  assert.equal(show(await c.call('CLUSTER', 'REPLICAS', unknown)), `(error) ERR Unknown node ${unknown}`);
  assert.equal(show(await c.call('CLUSTER', 'SAVECONFIG')), 'OK');
});

test('keys of other shards get MOVED; multi-slot commands CROSSSLOT; keyless commands run anywhere', async () => {
  const c = await conn(cl.nodes[0].port);
  const k1 = keyOn(1);
  assert.equal(show(await c.call('GET', k1)), `(error) MOVED ${keySlot(k1)} ${addr(1)}`);
  assert.equal(show(await c.call('SET', keyOn(0), 'x')), 'OK');
  assert.equal(show(await c.call('MGET', keyOn(0), keyOn(0, 'z'))), "(error) CROSSSLOT Keys in request don't hash to the same slot");
  assert.equal(show(await c.call('MGET', keyOn(0), keyOn(2))), "(error) CROSSSLOT Keys in request don't hash to the same slot");
  assert.equal(show(await c.call('PING')), 'PONG');
  assert.equal((await c.call('DBSIZE')).t, 'int');
  // Errors are counted per code as Redis counts them.
  const info = show(await c.call('INFO', 'errorstats')) as string;
  assert.match(info, /errorstat_MOVED:count=1/);
  assert.match(info, /errorstat_CROSSSLOT:count=2/);
});

test('COPY, MOVE and SELECT to another database are refused in cluster mode', async () => {
  const c = await conn(cl.nodes[0].port);
  const a = `{${keyOn(0, 'c')}}a`;
  const b = `{${keyOn(0, 'c')}}b`;
  await c.call('SET', a, '1');
  assert.equal(show(await c.call('COPY', a, b, 'DB', '1')), '(error) ERR Copying to another database is not allowed in cluster mode');
  assert.equal(show(await c.call('COPY', a, b, 'DB', '0')), 1);
  assert.equal(show(await c.call('MOVE', a, '1')), '(error) ERR MOVE is not allowed in cluster mode');
  assert.equal(show(await c.call('SELECT', '1')), '(error) ERR SELECT is not allowed in cluster mode');
});

test('redis-cli -c follows MOVED across the three nodes', () => {
  const cli = (...args: string[]): string =>
    spawnSync('redis-cli', ['-c', '-p', String(cl.nodes[0].port), ...args], { encoding: 'utf8' }).stdout.trim();
  for (let i = 0; i < 3; i++) assert.equal(cli('SET', keyOn(i, 'cli'), `v${i}`), 'OK');
  for (let i = 0; i < 3; i++) assert.equal(cli('GET', keyOn(i, 'cli')), `v${i}`);
});

function withMigration(epoch: number, slot: number, from: number, to: number): ClusterMap {
  const m = cl.evenMap(epoch);
  m.migrations.push({ slot, from, to });
  return m;
}

test('a slot being migrated: ASK, TRYAGAIN, ASKING and MOVED back to the source', async () => {
  const key = keyOn(0, 'mig');
  const slot = keySlot(key);
  const src = await conn(cl.nodes[0].port);
  const dst = await conn(cl.nodes[1].port);
  // Same slot as `key`: its hash tag is the whole of `key`.
  const braced = `{${key}}`;
  await src.call('SET', key, 'old');
  await src.call('SET', braced + 'y', '1');
  await cl.pushAll(withMigration(2, slot, 0, 1));
  // Source: existing keys are served, missing ones are asked for at the target.
  assert.equal(show(await src.call('GET', key)), 'old');
  assert.equal(show(await src.call('GET', braced + 'x')), `(error) ASK ${keySlot(braced + 'x')} ${addr(1)}`);
  // Target: MOVED back unless ASKING came just before.
  assert.equal(show(await dst.call('GET', braced + 'x')), `(error) MOVED ${slot} ${addr(0)}`);
  assert.equal(show(await dst.call('ASKING')), 'OK');
  assert.equal(show(await dst.call('SET', braced + 'x', 'new')), 'OK');
  assert.equal(show(await dst.call('GET', braced + 'x')), `(error) MOVED ${slot} ${addr(0)}`);
  await dst.call('ASKING');
  assert.equal(show(await dst.call('GET', braced + 'x')), 'new');
  // Multi-key with some keys missing: TRYAGAIN on both sides.
  assert.equal(show(await src.call('MGET', braced + 'y', braced + 'x')), '(error) TRYAGAIN Multiple keys request during rehashing of slot');
  await dst.call('ASKING');
  assert.equal(show(await dst.call('MGET', braced + 'x', braced + 'y')), '(error) TRYAGAIN Multiple keys request during rehashing of slot');
  // A keyless command between ASKING and a keyed one uses up the flag.
  await dst.call('ASKING');
  await dst.call('PING');
  assert.equal(show(await dst.call('GET', braced + 'x')), `(error) MOVED ${slot} ${addr(0)}`);
  // Migration markers on each node's own line only.
  const srcNodes = show(await src.call('CLUSTER', 'NODES')) as string;
  const dstNodes = show(await dst.call('CLUSTER', 'NODES')) as string;
  assert.match(srcNodes, new RegExp(`myself,master .* 0-5460 \\[${slot}->-${cl.nodes[1].id}\\]\\n`));
  assert.match(dstNodes, new RegExp(`myself,master .* 5461-10921 \\[${slot}-<-${cl.nodes[0].id}\\]\\n`));
  assert.equal((srcNodes.match(/\[/g) ?? []).length, 1);
  assert.equal(show(await (await conn(cl.nodes[2].port)).call('GET', key)), `(error) MOVED ${slot} ${addr(0)}`);
});

test('a stale map is refused with the current epoch', async () => {
  const r = await cl.push(cl.nodes[0], cl.evenMap(1));
  assert.equal(show(r), '(error) STALE 2');
  await cl.pushAll(cl.evenMap(3));
});

test('unassigned slots: CLUSTERDOWN, and the whole cluster down under full coverage', async () => {
  const m = cl.evenMap(4);
  m.shards[2].slots = [];
  await cl.pushAll(m);
  const c = await conn(cl.nodes[0].port);
  assert.equal(show(await c.call('GET', keyOn(2))), '(error) CLUSTERDOWN Hash slot not served');
  assert.equal(show(await c.call('GET', keyOn(0))), '(error) CLUSTERDOWN The cluster is down');
  assert.equal(show(await c.call('PING')), 'PONG');
  const info = show(await c.call('CLUSTER', 'INFO')) as string;
  assert.match(info, /^cluster_state:fail\r\ncluster_slots_assigned:10922\r\n/);
  assert.match(info, /\r\ncluster_size:2\r\n/);
  await c.call('CONFIG', 'SET', 'cluster-allow-reads-when-down', 'yes');
  assert.equal(show(await c.call('GET', keyOn(0))), 'x');
  assert.equal(show(await c.call('SET', keyOn(0), 'y')), '(error) CLUSTERDOWN The cluster is down and only accepts read commands');
  await c.call('CONFIG', 'SET', 'cluster-allow-reads-when-down', 'no');
  await c.call('CONFIG', 'SET', 'cluster-require-full-coverage', 'no');
  assert.equal(show(await c.call('GET', keyOn(0))), 'x');
  assert.match(show(await c.call('CLUSTER', 'INFO')) as string, /^cluster_state:ok\r\n/);
  await c.call('CONFIG', 'SET', 'cluster-require-full-coverage', 'yes');
  await cl.pushAll(cl.evenMap(5));
  assert.equal(show(await c.call('GET', keyOn(0))), 'x');
});

test('control port: secret first, map get/set, id, commands without slot checks', async () => {
  const n = cl.nodes[1];
  const c = await RespConn.connect(n.cport);
  assert.equal(show(await c.call('SHOAL.ID')), '(error) NOAUTH Authentication required.');
  assert.equal(show(await c.call('AUTH', SECRET)), 'OK');
  assert.equal(show(await c.call('SHOAL.ID')), n.id);
  const got = show(await c.call('SHOAL.TOPOLOGY', 'GET')) as string;
  assert.equal((JSON.parse(got) as ClusterMap).epoch, 5);
  // Keys of any slot are served to the manager and to MIGRATE sources.
  assert.equal(show(await c.call('SET', keyOn(0, 'ctl'), 'v')), 'OK');
  assert.equal(show(await c.call('CLUSTER', 'COUNTKEYSINSLOT', keySlot(keyOn(0, 'ctl')))), 1);
  c.close();
  const bad = await RespConn.connect(n.cport);
  assert.equal(show(await bad.call('AUTH', 'wrong')), '(error) WRONGPASS invalid username-password pair or user is disabled.');
  assert.equal(await bad.waitClosed(), true);
  // The secret never shows in CONFIG GET.
  const cfg = await conn(n.port);
  assert.deepEqual(show(await cfg.call('CONFIG', 'GET', 'cluster-secret')), []);
  assert.ok(!(show(await cfg.call('CONFIG', 'GET', '*')) as string[]).includes('cluster-secret'));
  assert.match(show(await cfg.call('INFO', 'cluster')) as string, /cluster_enabled:1/);
  assert.match(show(await cfg.call('INFO', 'server')) as string, /redis_mode:cluster/);
});

test('a restarted node serves its saved map with no manager', async () => {
  const n = cl.nodes[2];
  const before = show(await (await conn(n.port)).call('CLUSTER', 'SLOTS'));
  await cl.restart(n);
  const c = await conn(n.port);
  assert.deepEqual(show(await c.call('CLUSTER', 'SLOTS')), before);
  assert.equal(show(await c.call('GET', keyOn(0))), `(error) MOVED ${keySlot(keyOn(0))} ${addr(0)}`);
  assert.match(show(await c.call('CLUSTER', 'INFO')) as string, /cluster_current_epoch:5\r\n/);
  const r: Reply = await cl.push(n, cl.evenMap(4));
  assert.equal(show(r), '(error) STALE 5');
});
