/**
 * Every data type through every cluster client: the commands of
 * test/clients/datatypes.json go through node-redis, ioredis, redis-py and
 * PhpRedis to a Shoal cluster and to a Redis Cluster, and each client must
 * see the same replies from both.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Cluster as IoCluster } from 'ioredis';
import { createCluster } from 'redis';
import { ACCOUNT, startCluster, type Cluster } from '../helpers/cluster';
import { CLIENTS_DIR } from './script-driver';

interface Cmd {
  args: string[];
  sort?: boolean;
}

const COMMANDS = (JSON.parse(fs.readFileSync(path.join(CLIENTS_DIR, 'datatypes.json'), 'utf8')) as { commands: Cmd[] }).commands;

function firstWord(e: unknown): { error: string } {
  return { error: (e instanceof Error ? e.message : String(e)).split(' ')[0] };
}

function settle(cmd: Cmd, reply: unknown): unknown {
  return cmd.sort && Array.isArray(reply) ? reply.slice().sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1)) : reply;
}

type Runner = (c: Cluster) => Promise<unknown[]>;

async function inProcess(send: (args: string[]) => Promise<unknown>): Promise<unknown[]> {
  const out: unknown[] = [];
  for (const cmd of COMMANDS) {
    try {
      out.push(settle(cmd, await send(cmd.args)));
    } catch (e) {
      out.push(firstWord(e));
    }
  }
  return out;
}

function script(interpreter: string, file: string): Runner {
  return async (c) => {
    if (!fs.existsSync(interpreter)) throw new Error(`client interpreter ${interpreter} not found`);
    const r = spawnSync(interpreter, [path.join(CLIENTS_DIR, file), c.host, String(c.port), ACCOUNT.user, ACCOUNT.password], { encoding: 'utf8', timeout: 60000 });
    assert.equal(r.status, 0, `${file} failed: ${r.stdout}\n${r.stderr}`);
    return JSON.parse(r.stdout.trim().split('\n').pop() as string) as unknown[];
  };
}

const RUNNERS: [string, Runner][] = [
  [
    'ioredis',
    async (c) => {
      const cluster = new IoCluster([{ host: c.host, port: c.port }], { redisOptions: { username: ACCOUNT.user, password: ACCOUNT.password } });
      cluster.on('error', () => undefined);
      try {
        return await inProcess((args) => cluster.call(args[0], ...args.slice(1)));
      } finally {
        cluster.disconnect();
      }
    },
  ],
  [
    'node-redis',
    async (c) => {
      const cluster = createCluster({ rootNodes: [{ url: `redis://${c.host}:${c.port}` }], defaults: { username: ACCOUNT.user, password: ACCOUNT.password } });
      cluster.on('error', () => undefined);
      await cluster.connect();
      try {
        // The first key routes the command, as node-redis's own commands do.
        return await inProcess((args) => cluster.sendCommand(args[1], false, args));
      } finally {
        await cluster.disconnect();
      }
    },
  ],
  ['redis-py', script('/usr/bin/python3', 'cluster_datatypes.py')],
  ['PhpRedis', script('/usr/bin/php', 'cluster_datatypes.php')],
];

describe('data types through cluster clients, Shoal against Redis Cluster', { timeout: 240000 }, () => {
  const clusters: Cluster[] = [];
  before(async () => {
    clusters.push(await startCluster('shoal'), await startCluster('redis'));
  });
  after(async () => {
    await Promise.all(clusters.map((c) => c.stop()));
  });

  for (const [name, run] of RUNNERS) {
    test(name, async () => {
      const [shoal, redis] = [await run(clusters[0]), await run(clusters[1])];
      assert.equal(shoal.length, COMMANDS.length);
      for (let i = 0; i < COMMANDS.length; i++) {
        assert.deepEqual(shoal[i], redis[i], `${name}: ${COMMANDS[i].args.join(' ')}`);
      }
      // The script really exercised the types: a sample of replies Redis gives.
      assert.ok(redis.some((r) => JSON.stringify(r).includes('Palermo')), 'GEOSEARCH found Palermo');
    });
  }
});
