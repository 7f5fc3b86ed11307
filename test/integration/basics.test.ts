import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startPair, type Pair } from '../helpers/diff';
import { show } from '../helpers/resp';

let p: Pair;
before(async () => {
  p = await startPair();
});
after(async () => {
  await p.close();
});

test('PING, ECHO and GET/SET answer as Redis does', async () => {
  await p.same('PING');
  await p.same('PING', 'hello');
  await p.same('ECHO', 'x\r\ny');
  await p.same('SET', 'k', 'v\x00\xff');
  assert.equal(show(await p.same('GET', 'k')), 'v\x00\xff');
  await p.same('GET', 'missing');
});

test('unknown commands and wrong arity are refused with Redis wording', async () => {
  await p.same('NOSUCH', 'a', 'b');
  await p.same('GET');
  await p.same('PING', 'a', 'b');
});

test('inline commands work like multibulk ones', async () => {
  p.shoal.write('SET inl "a b"\r\nGET inl\r\n');
  p.redis.write('SET inl "a b"\r\nGET inl\r\n');
  for (let i = 0; i < 2; i++) assert.deepEqual(await p.shoal.read(), await p.redis.read());
});
