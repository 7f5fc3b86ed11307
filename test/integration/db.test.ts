import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { startPair, type Pair } from '../helpers/diff';
import { RespConn, show } from '../helpers/resp';

let p: Pair;
before(async () => {
  p = await startPair();
});
after(async () => {
  await p.close();
});
beforeEach(async () => {
  await p.same('SELECT', '0');
  await p.same('FLUSHALL');
});

test('SELECT validates the index', async () => {
  for (const id of ['0', '15', '16', '-1', 'x', '1.5', '99999999999', '']) await p.same('SELECT', id);
  await p.same('SELECT');
  await p.same('SET', 'k', 'in15');
  await p.same('SELECT', '0');
  await p.same('GET', 'k');
  await p.same('SELECT', '15');
  await p.same('GET', 'k');
  await p.same('DBSIZE');
});

test('SWAPDB exchanges contents and clients keep their index', async () => {
  await p.same('SET', 'a', 'db0');
  await p.same('PEXPIRE', 'a', '100000');
  await p.same('SELECT', '1');
  await p.same('SET', 'b', 'db1');
  await p.same('SET', 'c', 'db1');
  await p.same('SWAPDB', '0', '1');
  await p.same('DBSIZE');
  await p.same('GET', 'a');
  const [ta, tb] = await p.both('TTL', 'a');
  assert.ok(Number(show(ta)) > 0 && Number(show(tb)) > 0);
  await p.same('SELECT', '0');
  await p.same('DBSIZE');
  await p.same('GET', 'b');
  await p.same('TTL', 'b');
  await p.same('SWAPDB', '0', '0');
  await p.same('GET', 'b');
  for (const args of [['0', '16'], ['-1', '0'], ['x', '0'], ['0', 'y'], ['x', 'y'], ['99999999999', '0']]) await p.same('SWAPDB', ...args);
});

test('MOVE between databases', async () => {
  await p.same('SET', 'k', 'v');
  await p.same('PEXPIRE', 'k', '100000');
  await p.same('MOVE', 'k', '0');
  await p.same('MOVE', 'k', '16');
  await p.same('MOVE', 'k', 'x');
  await p.same('MOVE', 'k', '99999999999');
  await p.same('MOVE', 'nope', '1');
  await p.same('MOVE', 'k', '1');
  await p.same('EXISTS', 'k');
  await p.same('SET', 'k', 'again');
  await p.same('SELECT', '1');
  await p.same('GET', 'k');
  const [ta, tb] = await p.both('PTTL', 'k');
  assert.ok(Number(show(ta)) > 0 && Number(show(tb)) > 0);
  await p.same('MOVE', 'k', '0');
  await p.same('GET', 'k');
});

test('FLUSHDB and FLUSHALL with SYNC and ASYNC', async () => {
  for (const db of ['0', '1', '2']) {
    await p.same('SELECT', db);
    await p.same('SET', 'k' + db, 'v');
    await p.same('SET', 'x', 'v');
  }
  await p.same('FLUSHDB', 'ASYNC');
  await p.same('DBSIZE');
  await p.same('SELECT', '1');
  await p.same('DBSIZE');
  await p.same('FLUSHDB', 'sync');
  await p.same('DBSIZE');
  await p.same('SELECT', '0');
  await p.same('DBSIZE');
  await p.same('FLUSHDB', 'FOO');
  await p.same('FLUSHDB', 'ASYNC', 'SYNC');
  await p.same('FLUSHALL', 'bar');
  await p.same('FLUSHALL', 'ASYNC');
  await p.same('DBSIZE');
  await p.same('SET', 'after', 'v');
  await p.same('DBSIZE');
  await p.same('FLUSHALL', 'SYNC');
  await p.same('DBSIZE');
});

test('FLUSHALL ASYNC on a large keyspace leaves an empty, usable node', async () => {
  const n = 50000;
  let batch = '';
  for (let i = 0; i < n; i++) batch += `SET big:${i} ${i}\r\n`;
  p.shoal.write(batch);
  for (let i = 0; i < n; i++) await p.shoal.read();
  assert.equal(show(await p.shoal.call('DBSIZE')), n);
  // A second connection's commands are served around the flush.
  const other = await RespConn.connect(p.shoalProc.port);
  const [flush, ping] = await Promise.all([p.shoal.call('FLUSHALL', 'ASYNC'), other.call('PING')]);
  assert.deepEqual(show(flush), 'OK');
  assert.deepEqual(show(ping), 'PONG');
  assert.equal(show(await other.call('DBSIZE')), 0);
  assert.deepEqual(show(await other.call('SCAN', '0')), ['0', []]);
  other.close();
});
