/**
 * Pub/Sub through real cluster clients: each library subscribes wherever it
 * chooses and another connection publishes through the endpoint; every
 * message must arrive (in order where one connection publishes), on Shoal as
 * on Redis Cluster. Sharded
 * pub/sub goes through node-redis's sSubscribe, which follows the slot.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { Cluster as IoCluster } from 'ioredis';
import { createCluster } from 'redis';
import { ACCOUNT, clusterKinds, startCluster, type Cluster } from '../helpers/cluster';
import { CLIENTS_DIR } from './script-driver';

const COUNT = 20;

function waitFor(got: string[], n: number, ms = 15000): Promise<void> {
  const deadline = Date.now() + ms;
  return new Promise((resolve, reject) => {
    const tick = (): void => {
      if (got.length >= n) return resolve();
      if (Date.now() > deadline) return reject(new Error(`received ${got.length} of ${n}: ${got.join(',')}`));
      setTimeout(tick, 20);
    };
    tick();
  });
}

const expected = (prefix: string): string[] => Array.from({ length: COUNT }, (_, i) => `${prefix}${i}`);

function ioCluster(c: Cluster): IoCluster {
  const io = new IoCluster([{ host: c.host, port: c.port }], { redisOptions: { username: ACCOUNT.user, password: ACCOUNT.password } });
  io.on('error', () => undefined);
  return io;
}

for (const kind of clusterKinds()) {
  describe(`pub/sub clients on a ${kind} cluster`, { timeout: 120000 }, () => {
    let c: Cluster;
    before(async () => {
      c = await startCluster(kind);
    });
    after(async () => {
      await c?.stop();
    });

    test('ioredis Cluster: SUBSCRIBE and PSUBSCRIBE get every message PUBLISH sends', async () => {
      const sub = ioCluster(c);
      const pub = ioCluster(c);
      try {
        const got: string[] = [];
        const pgot: string[] = [];
        sub.on('message', (ch: string, msg: string) => got.push(`${ch}:${msg}`));
        sub.on('pmessage', (_p: string, ch: string, msg: string) => pgot.push(`${ch}:${msg}`));
        await sub.subscribe('io-news');
        await sub.psubscribe('io-*');
        for (let i = 0; i < COUNT; i++) await pub.publish('io-news', `m${i}`);
        await waitFor(got, COUNT);
        await waitFor(pgot, COUNT);
        // ioredis sends each PUBLISH to a random node, so order holds only per node: compare as sets.
        assert.deepEqual(got.slice().sort(), expected('io-news:m').sort());
        assert.deepEqual(pgot.slice().sort(), expected('io-news:m').sort());
      } finally {
        sub.disconnect();
        pub.disconnect();
      }
    });

    test('node-redis createCluster: subscribe and sSubscribe', async () => {
      const opts = { rootNodes: [{ url: `redis://${c.host}:${c.port}` }], defaults: { username: ACCOUNT.user, password: ACCOUNT.password } };
      const sub = createCluster(opts);
      const pub = createCluster(opts);
      sub.on('error', () => undefined);
      pub.on('error', () => undefined);
      await Promise.all([sub.connect(), pub.connect()]);
      try {
        const got: string[] = [];
        const sgot: string[] = [];
        await sub.subscribe('nr-news', (msg) => got.push(msg));
        await sub.sSubscribe('{nr}shard', (msg) => sgot.push(msg));
        for (let i = 0; i < COUNT; i++) {
          await pub.publish('nr-news', `m${i}`);
          await pub.sPublish('{nr}shard', `s${i}`);
        }
        await waitFor(got, COUNT);
        await waitFor(sgot, COUNT);
        assert.deepEqual(got, expected('m'));
        assert.deepEqual(sgot, expected('s'));
      } finally {
        await Promise.all([sub.disconnect(), pub.disconnect()]);
      }
    });

    test('redis-py RedisCluster pubsub', () => {
      const r = spawnSync('/usr/bin/python3', [path.join(CLIENTS_DIR, 'cluster_pubsub.py'), c.host, String(c.port), ACCOUNT.user, ACCOUNT.password, String(COUNT)], {
        encoding: 'utf8',
        timeout: 60000,
      });
      assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
      assert.deepEqual(JSON.parse(r.stdout.trim().split('\n').pop() as string), expected('m'));
    });
  });
}
