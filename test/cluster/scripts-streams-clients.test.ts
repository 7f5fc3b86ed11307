/**
 * Scripts and streams through real cluster clients, on Shoal as on Redis
 * Cluster: a script run on keys of every shard (EVALSHA, and EVAL where the
 * node answers NOSCRIPT), a one-slot EVAL on two hash-tagged keys, and a
 * consumer group read by two consumers, acknowledged and inspected.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { Cluster as IoCluster } from 'ioredis';
import { createCluster, defineScript } from 'redis';
import { ACCOUNT, clusterKinds, startCluster, type Cluster } from '../helpers/cluster';
import { CLIENTS_DIR } from './script-driver';

const SCRIPT = "return redis.call('INCRBY', KEYS[1], ARGV[1])";
const PAIR = "redis.call('SET', KEYS[1], ARGV[1]); return {redis.call('GET', KEYS[1]), redis.call('EXISTS', KEYS[2])}";
const N = 30;
const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

/** What every client reports: the same for both kinds of cluster. */
const EXPECTED = {
  first: range(N),
  again: range(N).map((i) => i + 1),
  pair: ['x', 0],
  read: ['0', '1', '2'],
  acked: 3,
  rest: ['3', '4'],
  pending: 2,
  pending_ids_match: true,
  len: 5,
  range: ['1', '2', '3'],
};

for (const kind of clusterKinds()) {
  describe(`scripts and streams through clients on a ${kind} cluster`, { timeout: 120000 }, () => {
    let c: Cluster;
    before(async () => {
      c = await startCluster(kind);
    });
    after(async () => {
      await c?.stop();
    });

    test('ioredis: defineCommand scripts on every shard, EVAL on one slot, a consumer group', async () => {
      const io = new IoCluster([{ host: c.host, port: c.port }], { redisOptions: { username: ACCOUNT.user, password: ACCOUNT.password } });
      io.on('error', () => undefined);
      io.defineCommand('incrByScript', { numberOfKeys: 1, lua: SCRIPT });
      const scripted = io as unknown as { incrByScript(key: string, by: number): Promise<number> };
      try {
        const first = await Promise.all(range(N).map((i) => scripted.incrByScript(`io:script:${i}`, i)));
        const again = await Promise.all(range(N).map((i) => scripted.incrByScript(`io:script:${i}`, 1)));
        const pair = await io.eval(PAIR, 2, '{io}a', '{io}b', 'x');
        const stream = '{io}stream';
        const ids: string[] = [];
        for (let i = 0; i < 5; i++) ids.push((await io.xadd(stream, '*', 'n', String(i))) as string);
        await io.xgroup('CREATE', stream, 'g', '0');
        type Read = [string, [string, string[]][]][];
        const firstRead = (await io.xreadgroup('GROUP', 'g', 'c1', 'COUNT', 3, 'STREAMS', stream, '>')) as Read;
        const acked = await io.xack(stream, 'g', ...firstRead[0][1].map(([id]) => id));
        const rest = (await io.xreadgroup('GROUP', 'g', 'c2', 'COUNT', 10, 'STREAMS', stream, '>')) as Read;
        const summary = (await io.xpending(stream, 'g')) as [number, string, string, [string, string][]];
        const within = await io.xrange(stream, ids[1], ids[3]);
        assert.deepEqual(
          {
            first,
            again,
            pair,
            read: firstRead[0][1].map(([, f]) => f[1]),
            acked,
            rest: rest[0][1].map(([, f]) => f[1]),
            pending: summary[0],
            pending_ids_match: summary[1] === ids[3] && summary[2] === ids[4],
            len: await io.xlen(stream),
            range: within.map(([, f]) => f[1]),
          },
          EXPECTED,
        );
      } finally {
        io.disconnect();
      }
    });

    test('node-redis: defineScript scripts on every shard and on one slot, a consumer group', async () => {
      // Scripts declared up front, as node-redis documents for clusters: EVALSHA, EVAL after NOSCRIPT, routed by their first key.
      // (Its plain eval() routes by a key it cannot find in 4.x, so it lands on random nodes.)
      const incrByScript = defineScript({
        NUMBER_OF_KEYS: 1,
        SCRIPT,
        FIRST_KEY_INDEX: 0,
        transformArguments: (key: string, by: number): string[] => [key, String(by)],
        transformReply: (reply: number): number => reply,
      });
      const pairScript = defineScript({
        NUMBER_OF_KEYS: 2,
        SCRIPT: PAIR,
        FIRST_KEY_INDEX: 0,
        transformArguments: (a: string, b: string, value: string): string[] => [a, b, value],
        transformReply: (reply: [string, number]): [string, number] => reply,
      });
      const nr = createCluster({
        rootNodes: [{ url: `redis://${c.host}:${c.port}` }],
        defaults: { username: ACCOUNT.user, password: ACCOUNT.password },
        scripts: { incrByScript, pairScript },
      });
      nr.on('error', () => undefined);
      await nr.connect();
      try {
        const first = await Promise.all(range(N).map((i) => nr.incrByScript(`nr:script:${i}`, i)));
        const again = await Promise.all(range(N).map((i) => nr.incrByScript(`nr:script:${i}`, 1)));
        const pair = await nr.pairScript('{nr}a', '{nr}b', 'x');
        const stream = '{nr}stream';
        const ids: string[] = [];
        for (let i = 0; i < 5; i++) ids.push(await nr.xAdd(stream, '*', { n: String(i) }));
        await nr.xGroupCreate(stream, 'g', '0');
        const firstRead = await nr.xReadGroup('g', 'c1', { key: stream, id: '>' }, { COUNT: 3 });
        const got = firstRead?.[0].messages ?? [];
        const acked = await nr.xAck(stream, 'g', got.map((m) => m.id));
        const rest = await nr.xReadGroup('g', 'c2', { key: stream, id: '>' }, { COUNT: 10 });
        const summary = await nr.xPending(stream, 'g');
        const within = await nr.xRange(stream, ids[1], ids[3]);
        assert.deepEqual(
          {
            first,
            again,
            pair,
            read: got.map((m) => m.message.n),
            acked,
            rest: (rest?.[0].messages ?? []).map((m) => m.message.n),
            pending: summary.pending,
            pending_ids_match: summary.firstId === ids[3] && summary.lastId === ids[4],
            len: await nr.xLen(stream),
            range: within.map((m) => m.message.n),
          },
          EXPECTED,
        );
      } finally {
        await nr.disconnect();
      }
    });

    test('redis-py RedisCluster: register_script on every shard, EVAL on one slot, a consumer group', () => {
      const r = spawnSync('/usr/bin/python3', [path.join(CLIENTS_DIR, 'cluster_scripts_streams.py'), c.host, String(c.port), ACCOUNT.user, ACCOUNT.password], {
        encoding: 'utf8',
        timeout: 60000,
      });
      assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
      assert.deepEqual(JSON.parse(r.stdout.trim().split('\n').pop() as string), EXPECTED);
    });
  });
}
