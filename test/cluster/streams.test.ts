/**
 * Streams through an ioredis Cluster client, the same test body against
 * Shoal and a real Redis Cluster: a stream with a consumer group and pending
 * entries keeps all of it when its slot moves to another shard, and the
 * client follows it there.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Cluster as IoCluster } from 'ioredis';
import { ACCOUNT, clusterKinds, nodeCall, startCluster, tagOnShard, type Cluster } from '../helpers/cluster';
import { show } from '../helpers/resp';

for (const kind of clusterKinds()) {
  describe(`streams on a ${kind} cluster`, { timeout: 120000 }, () => {
    let c: Cluster;
    let client: IoCluster;
    before(async () => {
      c = await startCluster(kind);
      client = new IoCluster([{ host: c.host, port: c.port }], { redisOptions: { username: ACCOUNT.user, password: ACCOUNT.password } });
      client.on('error', () => undefined);
      await new Promise<void>((resolve, reject) => {
        client.once('ready', resolve);
        client.once('end', () => reject(new Error('ioredis cluster ended before ready')));
      });
    });
    after(async () => {
      client?.disconnect();
      await c?.stop();
    });

    test('XADD, XREADGROUP and XREAD follow a stream whose slot moves, groups and pending entries included', async () => {
      const { tag, slot } = await tagOnShard(c, 0, 'stream-');
      const key = `{${tag}}s`;
      for (let i = 1; i <= 150; i++) await client.xadd(key, `${i}-0`, 'n', String(i));
      assert.equal(await client.xgroup('CREATE', key, 'g', '0'), 'OK');
      const first = (await client.xreadgroup('GROUP', 'g', 'alice', 'COUNT', 10, 'STREAMS', key, '>')) as [string, [string, string[]][]][];
      assert.equal(first[0][1].length, 10);
      assert.equal(await client.xack(key, 'g', '1-0', '2-0'), 2);
      const before = show(await nodeCall(c.ports[0], 'XINFO', 'GROUPS', key));

      await c.moveSlot(slot, 1);
      assert.equal(await c.shardOf(slot), 1);
      assert.equal(show(await nodeCall(c.ports[0], 'CLUSTER', 'COUNTKEYSINSLOT', slot)), 0);
      // The new owner holds the same stream, group, counters and pending list.
      assert.deepEqual(show(await nodeCall(c.ports[1], 'XINFO', 'GROUPS', key)), before);
      assert.equal(await client.xlen(key), 150);
      assert.deepEqual(await client.xpending(key, 'g'), [8, '3-0', '10-0', [['alice', '8']]]);
      await client.xadd(key, '151-0', 'n', '151');
      const next = (await client.xreadgroup('GROUP', 'g', 'bob', 'COUNT', 200, 'STREAMS', key, '>')) as [string, [string, string[]][]][];
      assert.equal(next[0][1].length, 141);
      assert.deepEqual(next[0][1][140], ['151-0', ['n', '151']]);
      assert.deepEqual(await client.xread('COUNT', 2, 'STREAMS', key, '149-0'), [[key, [['150-0', ['n', '150']], ['151-0', ['n', '151']]]]]);
      assert.deepEqual(await client.xrevrange(key, '+', '-', 'COUNT', 1), [['151-0', ['n', '151']]]);
    });
  });
}
