/**
 * The scenarios every cluster client goes through, against each cluster kind:
 * many keys over every shard with tagged multi-key commands and CROSSSLOT,
 * writes while a slot moves under the client, and recovery after a shard
 * master is killed and restarted. A driver adapts one client library.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { keySlot } from '../../src/cluster/slot';
import { clusterKinds, startCluster, tagOnShard, nodeCall, SHARDS, type Cluster } from '../helpers/cluster';
import { show } from '../helpers/resp';

export interface BasicResult {
  /** Keys `${prefix}${i}` = `${i}` acknowledged. */
  written: number;
  /** Of those, read back with the right value. */
  read: number;
  /** MGET {tag}a {tag}b {tag}c after MSET of the three, as strings (null for missing). */
  tagged: (string | null)[];
  /** The error the client surfaced for MSET of keys in different slots. */
  crossslot: string;
}

export interface ChurnResult {
  /** Writes `{tag}:w:${i}` = `${i}` for i < acked, all acknowledged. */
  acked: number;
  errors: string[];
  /** Acknowledged keys read back with a wrong value or missing. */
  mismatches: number;
}

export interface RecoverResult {
  /** Keys `${prefix}${i}` written and read back after the restart. */
  verified: number;
  /** Errors the client surfaced before it recovered (informational). */
  errors: string[];
}

export interface Driver {
  name: string;
  basic(c: Cluster, prefix: string, n: number): Promise<BasicResult>;
  /** Writes `{tag}:w:i` until `moving` settles, then 50 more, then reads everything back. */
  churn(c: Cluster, tag: string, moving: Promise<void>): Promise<ChurnResult>;
  /** Writes `n` keys, lets `crash` run, then writes and reads them again through the same client. */
  recover(c: Cluster, prefix: string, n: number, crash: () => Promise<void>): Promise<RecoverResult>;
}

export const KEYS = 3000;
export const RECOVER_KEYS = 300;
const PRE = 200;

async function dbsize(port: number): Promise<number> {
  return Number(show(await nodeCall(port, 'DBSIZE')));
}

/** Keys of a slot on one node that start with `prefix` (other tests' keys may share the slot). */
async function countInSlot(port: number, slot: number, prefix: string): Promise<number> {
  const keys = show(await nodeCall(port, 'CLUSTER', 'GETKEYSINSLOT', slot, 1000000)) as string[];
  return keys.filter((k) => k.startsWith(prefix)).length;
}

async function keysOnShards(c: Cluster, prefix: string, n: number): Promise<number[]> {
  const owners = await Promise.all(Array.from({ length: n }, (_, i) => c.portOfKey(`${prefix}${i}`)));
  return c.ports.map((p) => owners.filter((o) => o === p).length);
}

export function clientSuite(driver: Driver): void {
  for (const kind of clusterKinds()) {
    describe(`${driver.name} on a ${kind} cluster`, { timeout: 180000 }, () => {
      let c: Cluster;
      before(async () => {
        c = await startCluster(kind);
      });
      after(async () => {
        await c?.stop();
      });

      test('writes and reads thousands of keys over every shard; tagged multi-key works; untagged gets CROSSSLOT', { timeout: 90000 }, async () => {
        const before = await Promise.all(c.ports.map(dbsize));
        const r = await driver.basic(c, 'basic:', KEYS);
        assert.equal(r.written, KEYS);
        assert.equal(r.read, KEYS);
        assert.deepEqual(r.tagged, ['1', '2', '3']);
        assert.match(r.crossslot, /CROSSSLOT|same (hash)?slot|same key slot/i);
        // The keys really landed on the shards that own them, on every shard.
        const expected = await keysOnShards(c, 'basic:', KEYS);
        const after = await Promise.all(c.ports.map(dbsize));
        for (let i = 0; i < SHARDS; i++) {
          assert.ok(expected[i] > 0, `shard ${i} owns some basic: keys`);
          assert.ok(after[i] - before[i] >= expected[i], `shard ${i} holds its ${expected[i]} keys (${before[i]} -> ${after[i]})`);
        }
      });

      test('keeps writing while a slot moves under it; every acknowledged write is on the new owner', { timeout: 90000 }, async () => {
        const { tag, slot } = await tagOnShard(c, 0, `mv-${driver.name}-`);
        const target = 1;
        await c.fill(c.ports[0], `{${tag}}:pre:`, PRE);
        const moving = (async () => {
          // The slot starts to move once the client's writes are arriving.
          const deadline = Date.now() + 30000;
          while ((await countInSlot(c.ports[0], slot, `{${tag}}:w:`)) === 0) {
            if (Date.now() > deadline) throw new Error('the client wrote nothing');
            await new Promise((r) => setTimeout(r, 20));
          }
          await c.moveSlot(slot, target);
        })();
        const r = await driver.churn(c, tag, moving);
        await moving;
        assert.deepEqual(r.errors, []);
        assert.equal(r.mismatches, 0);
        assert.ok(r.acked > 50, `acked ${r.acked}`);
        assert.equal(await c.shardOf(slot), target);
        assert.equal(await countInSlot(c.ports[target], slot, `{${tag}}:`), PRE + r.acked);
        assert.equal(await countInSlot(c.ports[0], slot, `{${tag}}:`), 0);
        assert.equal(keySlot(`{${tag}}:w:0`), slot);
      });

      test('recovers after a shard master is killed and restarted', { timeout: 120000 }, async () => {
        const r = await driver.recover(c, 'rec:', RECOVER_KEYS, () => c.crash(2));
        assert.equal(r.verified, RECOVER_KEYS, `errors seen: ${r.errors.slice(0, 5).join(' | ')}`);
        const onShards = await keysOnShards(c, 'rec:', RECOVER_KEYS);
        assert.ok(onShards[2] > 0, 'some keys live on the restarted shard');
        assert.ok((await dbsize(c.ports[2])) >= onShards[2]);
      });
    });
  }
}
