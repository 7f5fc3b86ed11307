/**
 * Pub/Sub across a 3-shard cluster, the same test body against Shoal and a
 * real Redis Cluster: a PUBLISH on one node reaches subscribers on every
 * node; shard channels live on the owner of their slot, with MOVED
 * elsewhere, and their subscribers are told when the slot moves away.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { authConn, clusterKinds, startCluster, tagOnShard, type Cluster } from '../helpers/cluster';
import { show, type RespConn } from '../helpers/resp';

async function subscribe(port: number, ...args: string[]): Promise<RespConn> {
  const c = await authConn(port);
  c.write(encode(args));
  for (let i = 1; i < args.length; i++) assert.equal((show(await c.read()) as unknown[])[0], args[0].toLowerCase());
  return c;
}

function encode(args: string[]): string {
  return `*${args.length}\r\n` + args.map((a) => `$${a.length}\r\n${a}\r\n`).join('');
}

for (const kind of clusterKinds()) {
  describe(`pub/sub on a ${kind} cluster`, { timeout: 120000 }, () => {
    let c: Cluster;
    before(async () => {
      c = await startCluster(kind);
    });
    after(async () => {
      await c?.stop();
    });

    test('PUBLISH on one node reaches channel and pattern subscribers on every node', async () => {
      const subs = await Promise.all(c.ports.map((p) => subscribe(p, 'SUBSCRIBE', 'news')));
      const psub = await subscribe(c.ports[2], 'PSUBSCRIBE', 'ne*');
      try {
        const pub = await authConn(c.ports[0]);
        // The reply counts this node's receivers only, as Redis Cluster's does.
        assert.equal(show(await pub.call('PUBLISH', 'news', 'hello')), 1);
        for (const s of subs) assert.deepEqual(show(await s.read()), ['message', 'news', 'hello']);
        assert.deepEqual(show(await psub.read()), ['pmessage', 'ne*', 'news', 'hello']);
        // Order is kept per publisher: a burst arrives in sequence on a remote node.
        for (let i = 0; i < 50; i++) pub.write(encode(['PUBLISH', 'news', `m${i}`]));
        for (let i = 0; i < 50; i++) await pub.read();
        for (let i = 0; i < 50; i++) assert.deepEqual(show(await subs[1].read()), ['message', 'news', `m${i}`]);
        pub.close();
      } finally {
        for (const s of [...subs, psub]) s.close();
      }
    });

    test('shard channels: SSUBSCRIBE and SPUBLISH on the owner, MOVED elsewhere, sunsubscribe when the slot moves', async () => {
      const { tag, slot } = await tagOnShard(c, 0, 'shardch-');
      const channel = `{${tag}}ch`;
      const other = await authConn(c.ports[1]);
      assert.match(String(show(await other.call('SSUBSCRIBE', channel))), new RegExp(`^\\(error\\) MOVED ${slot} 127\\.0\\.0\\.1:${c.ports[0]}$`));
      assert.match(String(show(await other.call('SPUBLISH', channel, 'x'))), /^\(error\) MOVED /);
      assert.match(String(show(await other.call('SSUBSCRIBE', channel, 'elsewhere'))), /^\(error\) CROSSSLOT /);
      other.close();
      const sub = await subscribe(c.ports[0], 'SSUBSCRIBE', channel);
      const pub = await authConn(c.ports[0]);
      assert.equal(show(await pub.call('SPUBLISH', channel, 'hi')), 1);
      assert.deepEqual(show(await sub.read()), ['smessage', channel, 'hi']);
      await c.moveSlot(slot, 1);
      assert.deepEqual(show(await sub.read(15000)), ['sunsubscribe', channel, 0]);
      const owner = await authConn(c.ports[1]);
      assert.equal(show(await owner.call('SPUBLISH', channel, 'after')), 0);
      for (const x of [sub, pub, owner]) x.close();
    });
  });
}
