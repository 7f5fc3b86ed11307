import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { startPair, type Pair } from '../helpers/diff';
import { show, type RespConn } from '../helpers/resp';

let p: Pair;
before(async () => {
  p = await startPair();
});
after(async () => {
  await p.close();
});
beforeEach(async () => {
  await p.same('FLUSHALL');
});

async function fill(conn: RespConn, keys: string[]): Promise<void> {
  let batch = '';
  for (const k of keys) batch += `SET ${k} 1\r\n`;
  conn.write(batch);
  for (let i = 0; i < keys.length; i++) await conn.read();
}

/** A full SCAN iteration; `between` runs after every call. */
async function scanAll(conn: RespConn, extra: string[] = [], between?: (calls: number) => Promise<void>): Promise<string[]> {
  const seen: string[] = [];
  let cursor = '0';
  let calls = 0;
  do {
    const r = show(await conn.call('SCAN', cursor, ...extra)) as [string, string[]];
    cursor = r[0];
    seen.push(...r[1]);
    calls++;
    if (between) await between(calls);
  } while (cursor !== '0');
  return seen;
}

test('a full SCAN returns the same key set as Redis, with MATCH, COUNT and TYPE', async () => {
  const keys = Array.from({ length: 500 }, (_, i) => `key:${i}`);
  await fill(p.shoal, keys);
  await fill(p.redis, keys);
  for (const extra of [[], ['COUNT', '3'], ['MATCH', 'key:1*'], ['MATCH', '*'], ['TYPE', 'string'], ['type', 'STRING'], ['TYPE', 'list'], ['TYPE', 'nosuchtype'], ['COUNT', '1000', 'MATCH', '*9']]) {
    const a = new Set(await scanAll(p.shoal, extra));
    const b = new Set(await scanAll(p.redis, extra));
    assert.deepEqual([...a].sort(), [...b].sort(), `SCAN ${extra.join(' ')}`);
  }
});

test('SCAN argument errors match Redis', async () => {
  for (const args of [
    ['abc'], ['-'], [' 1'], ['1 '], ['+'], ['18446744073709551616'], ['0x10'],
    ['0', 'COUNT', '0'], ['0', 'COUNT', '-1'], ['0', 'COUNT', 'x'], ['0', 'COUNT'], ['0', 'MATCH'], ['0', 'FOO', 'x'], ['0', 'TYPE'],
    ['abc', 'COUNT', '0'],
  ]) {
    await p.same('SCAN', ...args);
  }
  // Valid but unusual cursors: strtoul accepts them, the reply is an empty keyspace's.
  for (const c of ['', '+0', '-0', '00']) await p.same('SCAN', c);
});

test('SCAN returns every key present throughout while keys come and go', async () => {
  const stable = Array.from({ length: 10000 }, (_, i) => `stable:${i}`);
  await fill(p.shoal, stable);
  let churn = 0;
  const seen = new Set(
    await scanAll(p.shoal, ['COUNT', '50'], async () => {
      let batch = '';
      for (let i = 0; i < 20; i++) {
        batch += `SET churn:${churn} 1\r\n`;
        if (churn >= 10) batch += `DEL churn:${churn - 10}\r\n`;
        churn++;
      }
      p.shoal.write(batch);
      const replies = batch.split('\r\n').length - 1;
      for (let i = 0; i < replies; i++) await p.shoal.read();
    }),
  );
  for (const k of stable) assert.ok(seen.has(k), `missing ${k}`);
  assert.ok(churn > 100, 'the iteration spanned many calls');
});

test('a slot holding many keys is returned in chunks and fully', async () => {
  // One hash tag puts every key in the same slot.
  const tagged = Array.from({ length: 5000 }, (_, i) => `{tag}:${i}`);
  await fill(p.shoal, tagged);
  let calls = 0;
  let deleted = 0;
  const seen = new Set(
    await scanAll(p.shoal, ['COUNT', '100'], async (n) => {
      calls = n;
      // Deleting keys already returned must not make later ones be skipped.
      if (deleted < 100) {
        await p.shoal.call('DEL', `{tag}:${deleted}`);
        deleted++;
      }
      await p.shoal.call('SET', `{tag}:new:${n}`, '1');
    }),
  );
  for (let i = 100; i < tagged.length; i++) assert.ok(seen.has(tagged[i]), `missing ${tagged[i]}`);
  assert.ok(calls > 5, `expected several calls, got ${calls}`);
});

test('SCAN skips expired keys and reclaims them', async () => {
  await fill(p.shoal, ['a', 'b', 'c']);
  await p.shoal.call('PEXPIRE', 'b', '1');
  await new Promise((r) => setTimeout(r, 20));
  const seen = await scanAll(p.shoal);
  assert.deepEqual(seen.sort(), ['a', 'c']);
  assert.equal(show(await p.shoal.call('DBSIZE')), 2);
});
