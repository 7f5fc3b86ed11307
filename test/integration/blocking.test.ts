/**
 * Blocking list commands with several clients. Each scenario runs against
 * Shoal and against redis-server, and the replies every client saw must be
 * the same. Clients are known to be blocked by polling INFO's
 * blocked_clients, never by waiting a fixed time.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startPair, type Pair } from '../helpers/diff';
import { RespConn, show } from '../helpers/resp';
import { blockedClients, waitBlocked } from '../helpers/blocked';

let p: Pair;
before(async () => {
  p = await startPair();
});
after(async () => {
  await p.close();
});

type Scenario = (port: number, admin: RespConn, log: unknown[]) => Promise<void>;

/** Runs a scenario on both servers (fresh data, fresh connections) and compares what it logged. */
async function same(scenario: Scenario): Promise<unknown[]> {
  const logs: unknown[][] = [];
  for (const port of [p.shoalProc.port, p.redisProc.port]) {
    const admin = await RespConn.connect(port);
    await admin.call('FLUSHALL');
    const log: unknown[] = [];
    await scenario(port, admin, log);
    assert.equal(await blockedClients(admin), 0, 'a client is still blocked at the end');
    admin.close();
    logs.push(log);
  }
  assert.deepEqual(logs[0], logs[1]);
  return logs[0];
}

/** Connects n clients. */
async function clients(port: number, n: number): Promise<RespConn[]> {
  const out: RespConn[] = [];
  for (let i = 0; i < n; i++) out.push(await RespConn.connect(port));
  return out;
}

/** Sends a command whose reply comes later. */
function send(c: RespConn, ...args: string[]): Promise<unknown> {
  return c.call(...args).then(show);
}

test('clients are served in the order they blocked', async () => {
  const log = await same(async (port, admin, log) => {
    const [a, b, c] = await clients(port, 3);
    const ra = send(a, 'BLPOP', 'k', '0');
    await waitBlocked(admin, 1);
    const rb = send(b, 'BRPOP', 'k', '0');
    await waitBlocked(admin, 2);
    const rc = send(c, 'BLPOP', 'k', 'other', '0');
    await waitBlocked(admin, 3);
    // One push of two elements serves the first two waiters after it completes.
    log.push(show(await admin.call('RPUSH', 'k', 'one', 'two')));
    log.push(await ra, await rb);
    log.push(show(await admin.call('EXISTS', 'k')));
    log.push(show(await admin.call('LPUSH', 'other', 'three')));
    log.push(await rc);
    log.push(show(await admin.call('EXISTS', 'other')));
    for (const x of [a, b, c]) x.close();
  });
  assert.deepEqual(log[1], ['k', 'one']);
});

test('a client waiting on several keys gets the first that is ready', async () => {
  await same(async (port, admin, log) => {
    const [a, b] = await clients(port, 2);
    const ra = send(a, 'BLPOP', 'k1', 'k2', 'k1', '0');
    await waitBlocked(admin, 1);
    const rb = send(b, 'BLMPOP', '0', '2', 'k3', 'k2', 'RIGHT', 'COUNT', '2');
    await waitBlocked(admin, 2);
    log.push(show(await admin.call('RPUSH', 'k2', 'a', 'b', 'c', 'd')));
    log.push(await ra, await rb);
    log.push(show(await admin.call('LRANGE', 'k2', '0', '-1')));
    a.close();
    b.close();
  });
});

test('timeouts reply a null array, in RESP2 and RESP3', async () => {
  await same(async (port, admin, log) => {
    const [a, b] = await clients(port, 2);
    await b.call('HELLO', '3');
    log.push(await send(a, 'BLPOP', 'k', '0.05'));
    log.push(await send(a, 'BLMOVE', 'k', 'd', 'LEFT', 'RIGHT', '0.01'));
    log.push(await send(a, 'BRPOPLPUSH', 'k', 'd', '0.01'));
    log.push(await send(a, 'BLMPOP', '0.01', '1', 'k', 'LEFT'));
    log.push((await b.call('BRPOP', 'k', '0.01')).t);
    log.push((await b.call('BLMOVE', 'k', 'd', 'LEFT', 'RIGHT', '0.01')).t);
    log.push(show(await admin.call('EXISTS', 'k', 'd')));
    a.close();
    b.close();
  });
});

test('LMOVE, RENAME, SWAPDB and a key of another type', async () => {
  await same(async (port, admin, log) => {
    const [a, b, c] = await clients(port, 3);
    const ra = send(a, 'BLPOP', 'dst', '0');
    await waitBlocked(admin, 1);
    await admin.call('RPUSH', 'src', 'x');
    log.push(show(await admin.call('LMOVE', 'src', 'dst', 'LEFT', 'RIGHT')));
    log.push(await ra);
    // RENAME creates the awaited key.
    const rb = send(b, 'BRPOP', 'renamed', '0');
    await waitBlocked(admin, 1);
    await admin.call('RPUSH', 'tmp', 'r1', 'r2');
    log.push(show(await admin.call('RENAME', 'tmp', 'renamed')));
    log.push(await rb);
    log.push(show(await admin.call('LRANGE', 'renamed', '0', '-1')));
    // A string under the key does not wake a list waiter; the list after it does.
    const rc = send(c, 'BLPOP', 'typed', '0');
    await waitBlocked(admin, 1);
    await admin.call('SET', 'typed', 'str');
    await admin.call('PING');
    log.push(await blockedClients(admin));
    await admin.call('DEL', 'typed');
    await admin.call('RPUSH', 'typed', 'v');
    log.push(await rc);
    // SWAPDB brings in a list from another db.
    const ra2 = send(a, 'BLPOP', 'swapped', '0');
    await waitBlocked(admin, 1);
    await admin.call('SELECT', '1');
    await admin.call('RPUSH', 'swapped', 's');
    log.push(show(await admin.call('SWAPDB', '0', '1')));
    log.push(await ra2);
    await admin.call('SELECT', '0');
    for (const x of [a, b, c]) x.close();
  });
});

test('BLMOVE chains pass an element along, each hop served after the previous', async () => {
  await same(async (port, admin, log) => {
    const [a, b, c] = await clients(port, 3);
    const ra = send(a, 'BLMOVE', 'k1', 'k2', 'LEFT', 'LEFT', '0');
    await waitBlocked(admin, 1);
    const rb = send(b, 'BRPOPLPUSH', 'k2', 'k3', '0');
    await waitBlocked(admin, 2);
    const rc = send(c, 'BLPOP', 'k3', '0');
    await waitBlocked(admin, 3);
    log.push(show(await admin.call('RPUSH', 'k1', 'v')));
    log.push(await ra, await rb, await rc);
    log.push(show(await admin.call('EXISTS', 'k1', 'k2', 'k3')));
    // A BLMOVE onto its own source key.
    const ra2 = send(a, 'BLMOVE', 'self', 'self', 'LEFT', 'RIGHT', '0');
    await waitBlocked(admin, 1);
    await admin.call('RPUSH', 'self', '1', '2');
    log.push(await ra2);
    log.push(show(await admin.call('LRANGE', 'self', '0', '-1')));
    for (const x of [a, b, c]) x.close();
  });
});

test('CLIENT UNBLOCK as a timeout or an error', async () => {
  await same(async (port, admin, log) => {
    const [a] = await clients(port, 1);
    const id = String(show(await a.call('CLIENT', 'ID')));
    log.push(show(await admin.call('CLIENT', 'UNBLOCK', id)));
    const r1 = send(a, 'BLPOP', 'k', '0');
    await waitBlocked(admin, 1);
    log.push(show(await admin.call('CLIENT', 'UNBLOCK', id)));
    log.push(await r1);
    const r2 = send(a, 'BLMOVE', 'k', 'd', 'LEFT', 'LEFT', '0');
    await waitBlocked(admin, 1);
    log.push(show(await admin.call('CLIENT', 'UNBLOCK', id, 'ERROR')));
    log.push(await r2);
    log.push(show(await a.call('PING')));
    a.close();
  });
});

test('a client that disconnects while blocked takes nothing', async () => {
  await same(async (port, admin, log) => {
    const [a, b] = await clients(port, 2);
    void a.call('BLPOP', 'k', '0').catch(() => undefined);
    await waitBlocked(admin, 1);
    const rb = send(b, 'BLPOP', 'k', '0');
    await waitBlocked(admin, 2);
    a.close();
    await waitBlocked(admin, 1);
    log.push(show(await admin.call('RPUSH', 'k', 'v1', 'v2')));
    log.push(await rb);
    log.push(show(await admin.call('LRANGE', 'k', '0', '-1')));
    b.close();
  });
});

test('commands pipelined after a blocking command run once it is served', async () => {
  await same(async (port, admin, log) => {
    const [a] = await clients(port, 1);
    a.write('*3\r\n$5\r\nBLPOP\r\n$1\r\nk\r\n$1\r\n0\r\n*1\r\n$4\r\nPING\r\n*2\r\n$4\r\nLLEN\r\n$1\r\nk\r\n');
    const replies = [a.read(), a.read(), a.read()];
    await waitBlocked(admin, 1);
    await admin.call('RPUSH', 'k', 'x', 'y');
    for (const r of replies) log.push(show(await r));
    a.close();
  });
});

test('INFO and CLIENT LIST show a blocked client', async () => {
  const admin = await RespConn.connect(p.shoalProc.port);
  const a = await RespConn.connect(p.shoalProc.port);
  const ra = a.call('BLPOP', 'k1', 'k2', '10');
  await waitBlocked(admin, 1);
  const info = String(show(await admin.call('INFO', 'clients')));
  assert.match(info, /total_blocking_keys:2\r\n/);
  assert.match(info, /clients_in_timeout_table:1\r\n/);
  const list = String(show(await admin.call('CLIENT', 'LIST')));
  const line = list.split('\n').find((l) => l.includes('cmd=blpop')) ?? '';
  assert.match(line, / flags=b /);
  await admin.call('RPUSH', 'k2', 'v');
  assert.deepEqual(show(await ra), ['k2', 'v']);
  const after = String(show(await admin.call('INFO', 'clients')));
  assert.match(after, /blocked_clients:0\r\n/);
  assert.match(after, /total_blocking_keys:0\r\n/);
  a.close();
  admin.close();
});

test('FLUSHALL and DEL leave list waiters waiting', async () => {
  await same(async (port, admin, log) => {
    const [a] = await clients(port, 1);
    const ra = send(a, 'BLPOP', 'k', '0');
    await waitBlocked(admin, 1);
    await admin.call('SET', 'k', 'x');
    await admin.call('DEL', 'k');
    await admin.call('FLUSHALL');
    log.push(await blockedClients(admin));
    await admin.call('RPUSH', 'k', 'v');
    log.push(await ra);
    a.close();
  });
});

test('a timeout longer than a timer can hold still waits', async () => {
  await same(async (port, admin, log) => {
    const [a] = await clients(port, 1);
    const id = String(show(await a.call('CLIENT', 'ID')));
    // 3,000,000 s is past the 2^31 ms a single timer holds.
    const ra = send(a, 'BLPOP', 'k', '3000000');
    await waitBlocked(admin, 1);
    await new Promise((r) => setTimeout(r, 30));
    log.push(await blockedClients(admin));
    log.push(show(await admin.call('CLIENT', 'UNBLOCK', id)));
    log.push(await ra);
    a.close();
  });
});
