/**
 * Real clients against a Shoal node: redis-cli (plain, --pipe, RESP3),
 * node-redis v4 and ioredis, with their default connection handshakes.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createClient, commandOptions } from 'redis';
import Redis from 'ioredis';
import { startShoal, type Proc } from '../helpers/procs';

let node: Proc;
before(async () => {
  node = await startShoal();
});
after(async () => {
  await node.stop();
});

/** Runs redis-cli against the node; returns its stdout. */
function cli(args: string[], input?: string | Buffer): string {
  const r = spawnSync('redis-cli', ['-p', String(node.port), ...args], { input, encoding: 'latin1', timeout: 30000 });
  assert.equal(r.status, 0, `redis-cli ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

test('redis-cli runs single commands', { timeout: 20000 }, () => {
  assert.equal(cli(['set', 'cli:a', 'hello world']), 'OK\n');
  assert.equal(cli(['get', 'cli:a']), 'hello world\n');
  assert.equal(cli(['--no-raw', 'get', 'cli:a']), '"hello world"\n');
  assert.equal(cli(['--no-raw', 'get', 'cli:missing']), '(nil)\n');
  assert.equal(cli(['incr', 'cli:n']), '1\n');
  assert.equal(cli(['--no-raw', 'incr', 'cli:a']), '(error) ERR value is not an integer or out of range\n');
  assert.equal(cli(['mset', 'cli:x', '1', 'cli:y', '2']), 'OK\n');
  assert.equal(cli(['mget', 'cli:x', 'cli:y', 'cli:none']), '1\n2\n\n');
  assert.equal(cli(['expire', 'cli:x', '100']), '1\n');
  assert.equal(cli(['del', 'cli:x', 'cli:y', 'cli:none']), '2\n');
});

test('redis-cli --pipe loads thousands of commands', { timeout: 20000 }, () => {
  const n = 3000;
  let proto = '';
  for (let i = 0; i < n; i++) {
    const k = `pipe:${i}`;
    const v = `value-${i}`;
    proto += `*3\r\n$3\r\nSET\r\n$${k.length}\r\n${k}\r\n$${v.length}\r\n${v}\r\n`;
  }
  const out = cli(['--pipe'], proto);
  assert.match(out, new RegExp(`errors: 0, replies: ${n}`));
  assert.equal(cli(['get', 'pipe:2999']), 'value-2999\n');
  assert.equal(cli(['get', 'pipe:0']), 'value-0\n');
});

test('redis-cli -3 speaks RESP3', { timeout: 20000 }, () => {
  assert.equal(cli(['-3', 'set', 'cli3:k', 'v']), 'OK\n');
  assert.equal(cli(['-3', '--no-raw', 'get', 'cli3:k']), '"v"\n');
  assert.equal(cli(['-3', '--no-raw', 'get', 'cli3:missing']), '(nil)\n');
});

test('node-redis v4: strings, expiry, pipelines and binary values', { timeout: 20000 }, async () => {
  const client = createClient({ url: `redis://127.0.0.1:${node.port}` });
  client.on('error', () => undefined);
  await client.connect();
  try {
    assert.equal(await client.set('nr:a', '1'), 'OK');
    assert.equal(await client.get('nr:a'), '1');
    assert.equal(await client.incr('nr:a'), 2);
    assert.equal(await client.mSet(['nr:b', 'x', 'nr:c', 'y']), 'OK');
    assert.deepEqual(await client.mGet(['nr:a', 'nr:b', 'nr:c', 'nr:none']), ['2', 'x', 'y', null]);
    assert.equal(await client.expire('nr:b', 100), true);
    const ttl = await client.ttl('nr:b');
    assert.ok(ttl > 0 && ttl <= 100, `ttl ${ttl}`);
    assert.equal(await client.ttl('nr:a'), -1);
    assert.equal(await client.del(['nr:a', 'nr:b', 'nr:none']), 2);
    // Commands issued together go out in one write: a pipeline.
    const writes = await Promise.all(Array.from({ length: 500 }, (_, i) => client.set(`nr:p${i}`, String(i))));
    assert.ok(writes.every((r) => r === 'OK'));
    const reads = await Promise.all(Array.from({ length: 500 }, (_, i) => client.get(`nr:p${i}`)));
    assert.deepEqual(reads, Array.from({ length: 500 }, (_, i) => String(i)));
    const bin = Buffer.from([0, 255, 13, 10, 128, 1]);
    await client.set(Buffer.from('nr:bin\x00', 'latin1'), bin);
    assert.deepEqual(await client.get(commandOptions({ returnBuffers: true }), Buffer.from('nr:bin\x00', 'latin1')), bin);
  } finally {
    await client.quit();
  }
});

test('ioredis: strings, expiry, pipelines and binary values', { timeout: 20000 }, async () => {
  const client = new Redis({ port: node.port, host: '127.0.0.1', maxRetriesPerRequest: 1, lazyConnect: true, retryStrategy: () => null });
  client.on('error', () => undefined);
  await client.connect();
  try {
    assert.equal(await client.set('io:a', '10'), 'OK');
    assert.equal(await client.incr('io:a'), 11);
    assert.equal(await client.mset('io:b', 'x', 'io:c', 'y'), 'OK');
    assert.deepEqual(await client.mget('io:a', 'io:b', 'io:c', 'io:none'), ['11', 'x', 'y', null]);
    assert.equal(await client.expire('io:a', 50), 1);
    const ttl = await client.ttl('io:a');
    assert.ok(ttl > 0 && ttl <= 50, `ttl ${ttl}`);
    assert.equal(await client.del('io:a', 'io:b'), 2);
    const p = client.pipeline();
    for (let i = 0; i < 200; i++) p.set(`io:p${i}`, `v${i}`);
    for (let i = 0; i < 200; i++) p.get(`io:p${i}`);
    const res = (await p.exec()) as [Error | null, unknown][];
    assert.equal(res.length, 400);
    assert.ok(res.every(([err]) => err === null));
    assert.deepEqual(res.slice(200).map(([, v]) => v), Array.from({ length: 200 }, (_, i) => `v${i}`));
    const bin = Buffer.from([0, 1, 2, 255, 254, 13, 10]);
    await client.set('io:bin', bin);
    assert.deepEqual(await client.getBuffer('io:bin'), bin);
    await assert.rejects(client.incr('io:c'), /ERR value is not an integer or out of range/);
  } finally {
    client.disconnect();
  }
});
