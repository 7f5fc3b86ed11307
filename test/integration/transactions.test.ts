/**
 * MULTI / EXEC / DISCARD / WATCH against a real redis-server: queueing,
 * EXECABORT after a refused command, per-command runtime errors, and WATCH
 * failing the transaction after a write from another client, an expiry, a
 * flush or a swap.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startPair, type Pair } from '../helpers/diff';
import { RespConn, show } from '../helpers/resp';

let p: Pair;
let other: { shoal: RespConn; redis: RespConn };

before(async () => {
  p = await startPair();
  other = { shoal: await RespConn.connect(p.shoalProc.port), redis: await RespConn.connect(p.redisProc.port) };
});
after(async () => {
  other.shoal.close();
  other.redis.close();
  await p.close();
});

/** A command from the second client on both servers, with the same reply. */
async function fromOther(...args: string[]): Promise<void> {
  const [a, b] = await Promise.all([other.shoal.call(...args), other.redis.call(...args)]);
  assert.deepEqual(a, b, `other client: ${args.join(' ')}`);
}

test('commands queue and EXEC runs them in order, with runtime errors in place', async () => {
  await p.sameAll([
    ['FLUSHALL'],
    ['MULTI'],
    ['SET', 'a', '1'],
    ['INCR', 'a'],
    ['SET', 't', 'text'],
    ['INCR', 't'],
    ['SETRANGE', 't', '-1', 'x'],
    ['GET', 'a'],
    ['PING'],
    ['EXEC'],
    ['EXEC'],
    ['DISCARD'],
  ]);
});

test('a refused command aborts the transaction; nested MULTI and WATCH inside MULTI do not', async () => {
  await p.sameAll([
    ['MULTI'],
    ['SET', 'b', '1'],
    ['NOSUCHCOMMAND', 'x'],
    ['GET'],
    ['EXEC'],
    ['GET', 'b'],
    ['MULTI'],
    ['MULTI'],
    ['WATCH', 'b'],
    ['SET', 'b', '2'],
    ['EXEC'],
    ['GET', 'b'],
    ['MULTI'],
    ['CONFIG', 'NOSUCH'],
    ['EXEC'],
    ['MULTI'],
    ['SET', 'c', '1'],
    ['DISCARD'],
    ['EXISTS', 'c'],
  ]);
});

test('WATCH: a write by another client fails EXEC; an untouched watch lets it run', async () => {
  await p.sameAll([['SET', 'w', '1'], ['WATCH', 'w'], ['MULTI'], ['INCR', 'w']]);
  await fromOther('SET', 'w', '10');
  await p.sameAll([['EXEC'], ['GET', 'w']]);
  await p.sameAll([['WATCH', 'w', 'untouched'], ['MULTI'], ['INCR', 'w'], ['EXEC']]);
  // UNWATCH forgets, and so does EXEC: a later write does not matter.
  await p.sameAll([['WATCH', 'w'], ['UNWATCH']]);
  await fromOther('SET', 'w', '20');
  await p.sameAll([['MULTI'], ['INCR', 'w'], ['EXEC']]);
  // A write that changes nothing (SET NX on an existing key) does not fail the transaction.
  await p.sameAll([['WATCH', 'w'], ['MULTI'], ['GET', 'w']]);
  await fromOther('SETNX', 'w', 'x');
  await p.same('EXEC');
  // The client's own write before MULTI counts too.
  await p.sameAll([['WATCH', 'w'], ['SET', 'w', '5'], ['MULTI'], ['GET', 'w'], ['EXEC']]);
});

test('WATCH: expiry, DEL, FLUSHDB and SWAPDB of a watched key fail EXEC', async () => {
  await p.sameAll([['SET', 'e', '1', 'PX', '30'], ['WATCH', 'e']]);
  await new Promise((r) => setTimeout(r, 60));
  await p.sameAll([['MULTI'], ['GET', 'e'], ['EXEC']]);
  await p.sameAll([['SET', 'd', '1'], ['WATCH', 'd']]);
  await fromOther('DEL', 'd');
  await p.sameAll([['MULTI'], ['PING'], ['EXEC']]);
  await p.sameAll([['SET', 'f', '1'], ['WATCH', 'f']]);
  await fromOther('FLUSHDB');
  await p.sameAll([['MULTI'], ['PING'], ['EXEC']]);
  // Flushing a database without the watched key changes nothing for it.
  await p.sameAll([['WATCH', 'absent']]);
  await fromOther('FLUSHDB');
  await p.sameAll([['MULTI'], ['PING'], ['EXEC']]);
  await p.sameAll([['SELECT', '1'], ['SET', 's', 'in-1'], ['SELECT', '0'], ['WATCH', 's']]);
  await fromOther('SWAPDB', '0', '1');
  await p.sameAll([['MULTI'], ['GET', 's'], ['EXEC'], ['SWAPDB', '0', '1'], ['FLUSHALL']]);
});

test('RESP3 null for a failed EXEC, RESET ends the transaction, and INFO counts EXEC', async () => {
  await p.both('HELLO', '3');
  await p.sameAll([['SET', 'r', '1'], ['WATCH', 'r']]);
  await fromOther('SET', 'r', '2');
  await p.sameAll([['MULTI'], ['GET', 'r'], ['EXEC']]);
  await p.both('HELLO', '2');
  await p.sameAll([['MULTI'], ['SET', 'r', '3']]);
  await p.both('RESET');
  await p.sameAll([['EXEC'], ['GET', 'r']]);
  await p.sameAll([['MULTI'], ['GET', 'r'], ['EXEC']]);
  const stats = String(show(await p.shoal.call('INFO', 'commandstats')));
  assert.match(stats, /cmdstat_exec:calls=\d+/);
  assert.match(stats, /cmdstat_multi:calls=\d+/);
});

test('blocking commands inside MULTI do not block; a push in EXEC wakes a blocked client after it', async () => {
  await p.sameAll([['DEL', 'bq'], ['MULTI'], ['BLPOP', 'bq', '0'], ['LPUSH', 'bq', 'x'], ['BLPOP', 'bq', '0'], ['EXEC']]);
  // Another client blocks; the transaction's pushes reach it only once EXEC is done.
  other.shoal.write('*3\r\n$5\r\nBLPOP\r\n$2\r\nbq\r\n$1\r\n0\r\n');
  other.redis.write('*3\r\n$5\r\nBLPOP\r\n$2\r\nbq\r\n$1\r\n0\r\n');
  await new Promise((r) => setTimeout(r, 100));
  await p.sameAll([['MULTI'], ['RPUSH', 'bq', 'a', 'b'], ['LPOP', 'bq'], ['EXEC']]);
  const [a, b] = await Promise.all([other.shoal.read(), other.redis.read()]);
  assert.deepEqual(a, b);
  assert.deepEqual(show(a), ['bq', 'b']);
});
