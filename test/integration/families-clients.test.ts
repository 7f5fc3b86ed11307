/**
 * Transactions, functions, scripts and streams through plain (non-cluster)
 * clients: node-redis and redis-py (Debian's python3-redis) against a Shoal
 * node and a redis-server, with the same expectations for both.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { createClient } from 'redis';
import { ROOT, startRedis, startShoal, type Proc } from '../helpers/procs';

const LIBRARY = [
  '#!lua name=nrlib',
  "redis.register_function('nrincr', function(keys, args) return redis.call('INCRBY', keys[1], args[1]) end)",
  "redis.register_function{function_name='nrget', callback=function(keys) return redis.call('GET', keys[1]) end, flags={'no-writes'}}",
].join('\n');

for (const kind of ['shoal', 'redis'] as const) {
  describe(`plain clients on a ${kind} node`, { timeout: 60000 }, () => {
    let node: Proc;
    before(async () => {
      node = kind === 'shoal' ? await startShoal() : await startRedis();
    });
    after(async () => {
      await node?.stop();
    });

    test('node-redis: MULTI/EXEC, WATCH, FUNCTION LOAD with FCALL and FCALL_RO', async () => {
      const client = createClient({ url: `redis://127.0.0.1:${node.port}` });
      const other = createClient({ url: `redis://127.0.0.1:${node.port}` });
      client.on('error', () => undefined);
      other.on('error', () => undefined);
      await Promise.all([client.connect(), other.connect()]);
      try {
        await client.flushAll();
        await client.functionFlush();
        assert.deepEqual(await client.multi().set('nr:tx', '1').incr('nr:tx').rPush('nr:l', ['a', 'b']).lRange('nr:l', 0, -1).exec(), ['OK', 2, 2, ['a', 'b']]);
        // WATCH needs its own connection: node-redis isolates it.
        const aborted = await client.executeIsolated(async (iso) => {
          await iso.watch('nr:w');
          await other.set('nr:w', 'theirs');
          return iso.multi().set('nr:w', 'mine').exec().then(() => 'executed', (e: Error) => e.message);
        });
        assert.equal(aborted, 'One (or more) of the watched keys has been changed');
        assert.equal(await client.get('nr:w'), 'theirs');
        assert.equal(await client.functionLoad(LIBRARY), 'nrlib');
        assert.equal(await client.fCall('nrincr', { keys: ['nr:f'], arguments: ['5'] }), 5);
        assert.equal(await client.fCallRo('nrget', { keys: ['nr:f'], arguments: [] }), '5');
        await assert.rejects(client.fCallRo('nrincr', { keys: ['nr:f'], arguments: ['1'] }), /Can not execute a script with write flag using \*_ro command/);
        const libs = await client.functionList();
        assert.deepEqual(
          libs.map((l) => [l.libraryName, l.functions.map((f) => [f.name, f.flags]).sort()]),
          [['nrlib', [['nrget', ['no-writes']], ['nrincr', []]]]],
        );
      } finally {
        await Promise.all([client.quit(), other.quit()]);
      }
    });

    test('redis-py: transactions, WATCH, functions, a registered script and a consumer group', () => {
      const r = spawnSync('/usr/bin/python3', [path.join(ROOT, 'test', 'clients', 'standalone_families.py'), String(node.port)], { encoding: 'utf8', timeout: 30000 });
      assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
      assert.deepEqual(JSON.parse(r.stdout.trim().split('\n').pop() as string), {
        exec: [true, 2, 2, ['a', 'b']],
        watch: 'aborted',
        watched: 'theirs',
        loaded: 'pylib',
        fcall: [5, 7],
        fcall_ro: '7',
        ro_write: 'Can not execute a script with write flag using *_ro command.',
        libraries: [['pylib', ['pyget', 'pyincr']]],
        script: [1, 0, 'w'],
        read: ['0', '1'],
        acked: 1,
        pending: 1,
        group: ['g', 1, 1, true],
      });
    });
  });
}
