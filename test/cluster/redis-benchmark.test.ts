/** redis-benchmark --cluster with an account: it discovers the shards and spreads its keys over all of them. */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { ACCOUNT, clusterKinds, startCluster, nodeCall, type Cluster } from '../helpers/cluster';
import { show } from '../helpers/resp';

function benchmark(c: Cluster): Promise<{ code: number | null; out: string }> {
  const args = ['--cluster', '-h', c.host, '-p', String(c.port), '--user', ACCOUNT.user, '-a', ACCOUNT.password, '-c', '50', '-n', '20000', '-t', 'set,get', '-q', '--csv'];
  return new Promise((resolve) => {
    const p = spawn('redis-benchmark', args);
    let out = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.stderr.on('data', (d: Buffer) => (out += d.toString()));
    p.on('exit', (code) => resolve({ code, out }));
  });
}

for (const kind of clusterKinds()) {
  describe(`redis-benchmark --cluster on a ${kind} cluster`, { timeout: 120000 }, () => {
    let c: Cluster;
    before(async () => {
      c = await startCluster(kind);
    });
    after(async () => {
      await c?.stop();
    });

    test('SET and GET run against every shard', { timeout: 90000 }, async () => {
      const r = await benchmark(c);
      assert.equal(r.code, 0, r.out);
      const rows = new Map(r.out.split('\n').filter((l) => l.startsWith('"')).map((l) => l.split(',').slice(0, 2).map((x) => x.replace(/"/g, '')) as [string, string]));
      assert.ok(Number(rows.get('SET')) > 0, r.out);
      assert.ok(Number(rows.get('GET')) > 0, r.out);
      assert.doesNotMatch(r.out, /error/i);
      for (const p of c.ports) assert.ok(Number(show(await nodeCall(p, 'DBSIZE'))) > 0, `shard on ${p} got keys`);
    });
  });
}
