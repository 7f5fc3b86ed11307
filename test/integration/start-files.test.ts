/**
 * What `shoal start` sets up before any node serves: cluster.json, each
 * node's config file, option checks, Ctrl-C handling, and the same cluster
 * (ids, ports, secret) on a second start with the same --dir.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, execFile } from 'node:child_process';
import { SHOAL_BIN } from '../helpers/procs';
import { loadState, type ClusterState } from '../../src/manager/state';
import { parseConfigText } from '../../src/server/config-file';

/** Runs `shoal start` until it launches its processes, then stops it with SIGINT as Ctrl-C does. */
async function startAndInterrupt(dir: string, args: string[]): Promise<{ code: number | null; out: string; state: ClusterState }> {
  const p = spawn(process.execPath, [SHOAL_BIN, 'start', '--dir', dir, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  p.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  p.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const deadline = Date.now() + 20000;
  while (!out.includes('shoal: starting the manager and ')) {
    if (p.exitCode !== null) throw new Error(`shoal start exited: ${out}`);
    if (Date.now() > deadline) throw new Error(`shoal start wrote no config: ${out}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const code = await new Promise<number | null>((r) => {
    p.once('exit', (c) => r(c));
    p.kill('SIGINT');
  });
  return { code, out, state: loadState(dir) as ClusterState };
}

function confOf(dir: string, id: string): Record<string, string> {
  const text = fs.readFileSync(path.join(dir, 'nodes', id, 'shoal.conf'), 'latin1');
  return Object.fromEntries(parseConfigText(text).map(([k, v]) => [k, v]));
}

test('shoal start creates the cluster and node configs, stops on Ctrl-C, and a second start keeps them', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shoal-files-'));
  // Nodes may bind these ports briefly; a random base keeps parallel test files apart.
  const base = 21000 + Math.floor(Math.random() * 9000);
  const first = await startAndInterrupt(dir, ['--shards', '2', '--port', String(base), '--requirepass', 'top secret']);
  assert.equal(first.code, 0, first.out);
  assert.match(first.out, /created a 2-shard cluster in /);
  assert.match(first.out, /SIGINT received, stopping the cluster/);
  const s = first.state;
  assert.deepEqual(
    s.map.shards.map((x) => x.slots),
    [[[0, 8191]], [[8192, 16383]]],
  );
  s.map.nodes.forEach((n, i) => {
    const c = confOf(dir, n.id);
    assert.equal(c.port, String(base + i));
    assert.equal(c['cluster-port'], String(base + 10000 + i));
    assert.equal(c['cluster-node-id'], n.id);
    assert.equal(c['cluster-secret'], s.secret);
    assert.equal(c['cluster-enabled'], 'yes');
    assert.equal(c.requirepass, 'top secret');
    assert.equal(c.dir, path.join(dir, 'nodes', n.id));
  });

  // Topology options do not apply to an existing cluster; credentials do, and are kept.
  const second = await startAndInterrupt(dir, ['--shards', '5', '--user', 'app', '--password', 'pw']);
  assert.equal(second.code, 0, second.out);
  assert.match(second.out, /already holds a cluster; --shards, --port and --bind apply only when creating one/);
  assert.deepEqual(second.state.map, s.map);
  assert.equal(second.state.secret, s.secret);
  assert.equal(second.state.requirepass, 'top secret');
  assert.deepEqual(second.state.accounts.app?.slice(2), ['~*', '&*', '+@all']);

  const third = await startAndInterrupt(dir, []);
  assert.deepEqual(third.state, second.state);
});

test('shoal start refuses inconsistent options', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shoal-files-'));
  const run = (...args: string[]): Promise<{ code: number; out: string }> =>
    new Promise((resolve) =>
      execFile(process.execPath, [SHOAL_BIN, 'start', '--dir', dir, ...args], (err, stdout, stderr) =>
        resolve({ code: err ? Number(err.code ?? 1) : 0, out: stdout + stderr }),
      ),
    );
  const a = await run('--user', 'app');
  assert.equal(a.code, 1);
  assert.equal(a.out, '--user and --password go together\n');
  const b = await run('--port', '65000');
  assert.equal(b.code, 1);
  assert.match(b.out, /--port 65000 leaves no room for 3 client ports/);
  const c = await run('--shards', 'x');
  assert.equal(c.code, 1);
  assert.equal(c.out, "--shards must be a positive integer, got 'x'\n");
  assert.equal(loadState(dir), null);
});
