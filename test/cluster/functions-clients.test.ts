/**
 * Redis Functions through redis-py's RedisCluster (Debian's python3-redis):
 * a library loaded on every primary, as Redis Cluster clients do it, and
 * FCALL / FCALL_RO routed by their keys.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { startCluster, type TestCluster } from '../helpers/cluster-node';
import { ROOT } from '../helpers/procs';

let cl: TestCluster;

before(async () => {
  cl = await startCluster(2);
  await cl.pushAll(cl.evenMap(1));
});

after(async () => {
  await cl.stop();
});

test('redis-py loads a library on every primary and calls its functions on keys of both nodes', () => {
  const script = path.join(ROOT, 'test', 'clients', 'cluster_functions.py');
  const r = spawnSync('/usr/bin/python3', [script, '127.0.0.1', String(cl.nodes[0].port)], { encoding: 'utf8', timeout: 60000 });
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.trim().split('\n');
  assert.deepEqual(JSON.parse(lines[lines.length - 1]), {
    loaded: ['pylib'],
    primaries: 2,
    set: 20,
    read: 20,
    ro_error: 'Can not execute a script with write flag using *_ro command.',
    libraries: ['pylib'],
    deleted: ['OK'],
  });
});
