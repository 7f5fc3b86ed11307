/**
 * Transactions through real cluster clients: MULTI/EXEC on hash-tagged keys
 * of one slot, and WATCH failing EXEC after another client's write, on
 * Shoal as on Redis Cluster.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Cluster as IoCluster } from 'ioredis';
import { createCluster } from 'redis';
import { ACCOUNT, clusterKinds, startCluster, type Cluster } from '../helpers/cluster';

for (const kind of clusterKinds()) {
  describe(`transactions through clients on a ${kind} cluster`, { timeout: 120000 }, () => {
    let c: Cluster;
    before(async () => {
      c = await startCluster(kind);
    });
    after(async () => {
      await c?.stop();
    });

    test('ioredis: MULTI/EXEC on one slot, and a WATCHed key changed by another client', async () => {
      const io = new IoCluster([{ host: c.host, port: c.port }], { redisOptions: { username: ACCOUNT.user, password: ACCOUNT.password } });
      io.on('error', () => undefined);
      try {
        const res = await io.multi().set('{tx}a', '1').incr('{tx}a').hset('{tx}h', 'f', 'v').hgetall('{tx}h').exec();
        assert.deepEqual(res, [[null, 'OK'], [null, 2], [null, 1], [null, { f: 'v' }]]);
        // WATCH needs one connection to the key's node, as ioredis users do it.
        const key = '{tx}w';
        const owner = await c.portOfKey(key);
        const conn = io.nodes('master').find((n) => n.options.port === owner);
        assert.ok(conn, `a connection to port ${owner}`);
        await conn.watch(key);
        await io.set(key, 'changed');
        const failed = await conn.multi().set(key, 'mine').exec();
        assert.equal(failed, null);
        assert.equal(await io.get(key), 'changed');
      } finally {
        io.disconnect();
      }
    });

    test('node-redis: multi().exec() on one slot; a transaction across slots is refused', async () => {
      const cl = createCluster({ rootNodes: [{ url: `redis://${c.host}:${c.port}` }], defaults: { username: ACCOUNT.user, password: ACCOUNT.password } });
      cl.on('error', () => undefined);
      await cl.connect();
      try {
        const res = await cl.multi().set('{ny}a', '5').incrBy('{ny}a', 3).lPush('{ny}l', ['x', 'y']).lRange('{ny}l', 0, -1).exec();
        assert.deepEqual(res, ['OK', 8, 2, ['y', 'x']]);
        const cross = await cl
          .multi()
          .set('{ny}a', '1')
          .set('{other}b', '2')
          .exec()
          .then(
            () => 'ran',
            (e: Error) => e.message,
          );
        assert.match(cross, /CROSSSLOT|MOVED|EXECABORT|slot/i);
      } finally {
        await cl.disconnect();
      }
    });
  });
}
