/**
 * Shoal data nodes in cluster mode for tests, with maps pushed through their
 * control ports as the manager pushes them; and a real Redis Cluster to
 * compare reply shapes with.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { NODE_FLAGS } from '../../src/cli/node-flags';
import type { ClusterMap } from '../../src/cluster/map';
import { freePort, launch, waitForPort, SHOAL_BIN, startRedis, type Proc } from './procs';
import { RespConn, type Reply } from './resp';

export const SECRET = 'c0ffee';

export interface TestNode {
  id: string;
  shardId: string;
  port: number;
  cport: number;
  dir: string;
  proc: Proc;
}

function hexId(prefix: string, i: number): string {
  return (prefix + String(i)).padEnd(40, '0');
}

async function launchNode(n: Omit<TestNode, 'proc'>): Promise<Proc> {
  const args = [
    ...NODE_FLAGS, SHOAL_BIN, 'server', '--port', String(n.port), '--dir', n.dir,
    '--cluster-enabled', 'yes', '--cluster-port', String(n.cport), '--cluster-node-id', n.id,
    '--cluster-secret', SECRET, '--cluster-config-file', 'nodes.json',
  ];
  const proc = await launch(process.execPath, args, n.port, n.dir);
  // The control port opens just after the client port; wait so a map can be pushed at once.
  await waitForPort(n.cport, proc.child, proc.output);
  return proc;
}

export class TestCluster {
  constructor(readonly nodes: TestNode[]) {}

  /** One master per node, slots split evenly as redis-cli --cluster create splits them. */
  evenMap(epoch = 1): ClusterMap {
    const k = this.nodes.length;
    return {
      epoch,
      shards: this.nodes.map((n, i) => ({
        id: n.shardId,
        master: n.id,
        slots: [[Math.floor((i * 16384) / k), Math.floor(((i + 1) * 16384) / k) - 1]],
        configEpoch: i + 1,
      })),
      nodes: this.nodes.map((n, i) => ({
        id: n.id, shard: i, host: '127.0.0.1', port: n.port, cport: n.cport, role: 'master', health: 'online',
      })),
      migrations: [],
    };
  }

  /** Sends a map to one node's control port; returns the node's reply. */
  async push(node: TestNode, map: ClusterMap): Promise<Reply> {
    const c = await RespConn.connect(node.cport);
    try {
      const auth = await c.call('AUTH', SECRET);
      if (auth.t !== 'status') throw new Error(`control AUTH failed: ${JSON.stringify(auth)}`);
      return await c.call('SHOAL.TOPOLOGY', 'SET', JSON.stringify(map));
    } finally {
      c.close();
    }
  }

  async pushAll(map: ClusterMap): Promise<void> {
    for (const n of this.nodes) {
      const r = await this.push(n, map);
      if (r.t !== 'status') throw new Error(`map refused by ${n.port}: ${JSON.stringify(r)}`);
    }
  }

  /** Kills a node and starts it again on the same ports and directory. */
  async restart(node: TestNode): Promise<void> {
    await node.proc.stop();
    node.proc = await launchNode(node);
  }

  async stop(): Promise<void> {
    await Promise.all(this.nodes.map((n) => n.proc.stop()));
  }
}

export async function startCluster(count = 3): Promise<TestCluster> {
  const nodes: TestNode[] = [];
  for (let i = 0; i < count; i++) {
    const port = await freePort();
    const cport = await freePort();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shoal-cnode-'));
    const spec = { id: hexId('aa', i), shardId: hexId('5b', i), port, cport, dir };
    nodes.push({ ...spec, proc: await launchNode(spec) });
  }
  return new TestCluster(nodes);
}

/** A real Redis Cluster of `count` masters made by redis-cli --cluster create. */
export async function startRedisCluster(count = 3): Promise<{ procs: Proc[]; stop: () => Promise<void> }> {
  const procs: Proc[] = [];
  for (let i = 0; i < count; i++) {
    procs.push(await startRedis(['--cluster-enabled', 'yes', '--cluster-config-file', 'nodes.conf']));
  }
  const addrs = procs.map((p) => `127.0.0.1:${p.port}`);
  const r = spawnSync('redis-cli', ['--cluster', 'create', ...addrs, '--cluster-yes'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`redis-cli --cluster create failed: ${r.stdout}${r.stderr}`);
  // Wait until every node sees the whole cluster.
  for (const p of procs) {
    const c = await RespConn.connect(p.port);
    for (let i = 0; i < 100; i++) {
      const info = await c.call('CLUSTER', 'INFO');
      if (info.t === 'bulk' && info.v.includes('cluster_state:ok') && info.v.includes(`cluster_known_nodes:${count}`)) break;
      await new Promise((res) => setTimeout(res, 100));
    }
    c.close();
  }
  return { procs, stop: async () => void (await Promise.all(procs.map((p) => p.stop()))) };
}

/**
 * The shape of a reply: types and structure, with what differs between two
 * clusters (ids, ports, epochs, timings) reduced to its type.
 */
export function shape(r: Reply): unknown {
  switch (r.t) {
    case 'array':
      return r.v === null ? 'nullarray' : r.v.map(shape);
    case 'set':
    case 'push':
      return [r.t, r.v.map(shape)];
    case 'map':
      return ['map', r.v.map(([k, v]) => [k.t === 'bulk' ? k.v : shape(k), shape(v)])];
    case 'bulk':
      return /^[0-9a-f]{40}$/.test(r.v) ? 'id' : r.v;
    case 'int':
      return 'int';
    default:
      return r.t;
  }
}
