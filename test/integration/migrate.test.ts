import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { startPair, type Pair } from '../helpers/diff';
import { startShoal, freePort, type Proc } from '../helpers/procs';
import { startCluster } from '../helpers/cluster-node';
import { RespConn, parseReply, type Reply } from '../helpers/resp';

let p: Pair;
let target: Proc;
let t: RespConn;
before(async () => {
  [p, target] = await Promise.all([startPair(), startShoal()]);
  t = await RespConn.connect(target.port);
});
after(async () => {
  t.close();
  await Promise.all([p.close(), target.stop()]);
});

const OK: Reply = { t: 'status', v: 'OK' };

function str(r: Reply): string {
  assert.ok(r.t === 'bulk' || r.t === 'int' || r.t === 'status', JSON.stringify(r));
  return (r as { v: string }).v;
}

/** A Redis-protocol server that records each command it gets and answers +OK (or never answers). */
async function recorder(answer: boolean): Promise<{ port: number; commands: string[][]; close: () => void }> {
  const commands: string[][] = [];
  const server = net.createServer((sock) => {
    let buf = Buffer.alloc(0);
    sock.on('data', (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      for (;;) {
        const r = parseReply(buf, 0);
        if (r === null) return;
        buf = buf.subarray(r[1]);
        commands.push(((r[0] as { v: Reply[] }).v).map((x) => (x as { v: string }).v));
        if (answer) sock.write('+OK\r\n');
      }
    });
    sock.on('error', () => undefined);
  });
  const port = await freePort();
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', () => r()));
  return { port, commands, close: () => server.close() };
}

test('option errors and NOKEY answer as Redis', async () => {
  const dead = await freePort();
  await p.same('MIGRATE', '127.0.0.1', dead, 'k', 0, 1000, 'BOGUS');
  await p.same('MIGRATE', '127.0.0.1', dead, 'k', 0, 1000, 'AUTH');
  await p.same('MIGRATE', '127.0.0.1', dead, 'k', 0, 1000, 'AUTH2', 'u');
  await p.same('MIGRATE', '127.0.0.1', dead, 'k', 0, 1000, 'KEYS', 'a');
  await p.same('MIGRATE', '127.0.0.1', dead, 'k', 0, 'soon');
  await p.same('MIGRATE', '127.0.0.1', dead, 'k', 'db', 1000);
  await p.same('MIGRATE', '127.0.0.1', dead, 'nosuchkey', 0, 1000);
  await p.same('MIGRATE', '127.0.0.1', dead, '', 0, 1000, 'KEYS', 'no1', 'no2');
  await p.same('MIGRATE', '127.0.0.1', dead, 'k', 0);
  await p.same('COMMAND', 'GETKEYS', 'MIGRATE', 'h', 1, '', 0, 1, 'AUTH2', 'keys', 'x', 'KEYS', 'a', 'b');
  await p.same('COMMAND', 'GETKEYS', 'MIGRATE', 'h', 1, 'k', 0, 1, 'COPY');
});

test('a dead port or an unknown host gives Redis’s IOERR, and the key stays', async () => {
  const dead = await freePort();
  await p.same('SET', 'k', 'v');
  // Redis's blocking connect lets a refused connection through: the write reports it.
  await p.same('MIGRATE', '127.0.0.1', dead, 'k', 0, 1000);
  await p.same('MIGRATE', 'no-such-host.invalid', dead, 'k', 0, 1000);
  await p.same('GET', 'k');
});

test('a target that never answers gives IOERR reading after the timeout, and the key stays', async () => {
  const mute = await recorder(false);
  await p.same('SET', 'k', 'v');
  await p.same('MIGRATE', '127.0.0.1', mute.port, 'k', 0, 200);
  await p.same('GET', 'k');
  mute.close();
});

test('Shoal sends what Redis sends: SELECT once per link, then RESTORE with TTL, payload and REPLACE', async () => {
  const rec = { shoal: await recorder(true), redis: await recorder(true) };
  for (const side of ['shoal', 'redis'] as const) {
    const conn = p[side];
    await conn.call('SET', 'm1', 'hello');
    await conn.call('SET', 'm2', '12345');
    await conn.call('SET', 'm3', 'x'.repeat(100));
    assert.deepEqual(await conn.call('MIGRATE', '127.0.0.1', rec[side].port, '', 3, 5000, 'REPLACE', 'KEYS', 'm1', 'm2', 'nokey'), OK);
    assert.deepEqual(await conn.call('MIGRATE', '127.0.0.1', rec[side].port, 'm3', 3, 5000, 'COPY', 'AUTH2', 'u', 'pw'), OK);
    assert.deepEqual(await conn.call('EXISTS', 'm1', 'm2', 'm3'), { t: 'int', v: '1' });
  }
  // Payloads differ only in the trailer: Redis 7.0 writes RDB version 10, 7.2 (and Shoal) 11.
  const strip = (cmds: string[][]): string[][] => cmds.map((c) => (c[0].startsWith('RESTORE') ? [...c.slice(0, 3), c[3].slice(0, -10), ...c.slice(4)] : c));
  assert.deepEqual(strip(rec.shoal.commands), strip(rec.redis.commands));
  assert.deepEqual(rec.shoal.commands.map((c) => c[0]), ['SELECT', 'RESTORE', 'RESTORE', 'AUTH', 'RESTORE']);
  rec.shoal.close();
  rec.redis.close();
});

test('Redis migrates into Shoal: keys, TTLs, COPY, REPLACE and BUSYKEY', async () => {
  await t.call('FLUSHALL');
  await p.redis.call('SET', 'r1', 'one');
  await p.redis.call('SET', 'r2', 'x'.repeat(500), 'PX', 100000);
  assert.deepEqual(await p.redis.call('MIGRATE', '127.0.0.1', target.port, '', 0, 5000, 'KEYS', 'r1', 'r2'), OK);
  assert.deepEqual(await p.redis.call('EXISTS', 'r1', 'r2'), { t: 'int', v: '0' });
  assert.equal(str(await t.call('GET', 'r1')), 'one');
  assert.equal(str(await t.call('GET', 'r2')), 'x'.repeat(500));
  const pttl = Number(str(await t.call('PTTL', 'r2')));
  assert.ok(pttl > 90000 && pttl <= 100000, String(pttl));
  await p.redis.call('SET', 'r1', 'two');
  assert.deepEqual(await p.redis.call('MIGRATE', '127.0.0.1', target.port, 'r1', 0, 5000, 'COPY'),
    { t: 'error', v: 'ERR Target instance replied with error: BUSYKEY Target key name already exists.' });
  assert.deepEqual(await p.redis.call('MIGRATE', '127.0.0.1', target.port, 'r1', 0, 5000, 'COPY', 'REPLACE'), OK);
  assert.equal(str(await p.redis.call('GET', 'r1')), 'two');
  assert.equal(str(await t.call('GET', 'r1')), 'two');
});

test('Shoal to Redis 7.0: the target refuses the 7.2 payload version and the source keeps the key', async () => {
  await p.shoal.call('SET', 's1', 'v');
  // Redis 7.0 reads RDB versions up to 10; a real Redis 7.2 source would be refused the same way.
  assert.deepEqual(await p.shoal.call('MIGRATE', '127.0.0.1', p.redisProc.port, 's1', 0, 5000),
    { t: 'error', v: 'ERR Target instance replied with error: ERR DUMP payload version or checksum are wrong' });
  assert.equal(str(await p.shoal.call('GET', 's1')), 'v');
});

test('Shoal migrates into Shoal: KEYS, db selection, COPY, REPLACE, TTL', async () => {
  await t.call('FLUSHALL');
  const s = p.shoal;
  await s.call('MSET', 'a', '1', 'b', '2', 'c', 'three');
  await s.call('PEXPIRE', 'c', 100000);
  assert.deepEqual(await s.call('MIGRATE', '127.0.0.1', target.port, '', 2, 5000, 'KEYS', 'a', 'b', 'c', 'missing'), OK);
  assert.deepEqual(await s.call('EXISTS', 'a', 'b', 'c'), { t: 'int', v: '0' });
  await t.call('SELECT', 2);
  assert.deepEqual(await t.call('MGET', 'a', 'b', 'c'), { t: 'array', v: [{ t: 'bulk', v: '1' }, { t: 'bulk', v: '2' }, { t: 'bulk', v: 'three' }] });
  assert.ok(Number(str(await t.call('PTTL', 'c'))) > 90000);
  await s.call('SET', 'a', 'new');
  assert.deepEqual(await s.call('MIGRATE', '127.0.0.1', target.port, 'a', 2, 5000, 'COPY'),
    { t: 'error', v: 'ERR Target instance replied with error: BUSYKEY Target key name already exists.' });
  assert.deepEqual(await s.call('MIGRATE', '127.0.0.1', target.port, 'a', 2, 5000, 'COPY', 'REPLACE'), OK);
  assert.equal(str(await s.call('GET', 'a')), 'new');
  assert.equal(str(await t.call('GET', 'a')), 'new');
  // Another db on the same cached link.
  assert.deepEqual(await s.call('MIGRATE', '127.0.0.1', target.port, 'a', 0, 5000), OK);
  await t.call('SELECT', 0);
  assert.equal(str(await t.call('GET', 'a')), 'new');
  await t.call('FLUSHALL');
});

test('AUTH and AUTH2 reach a target that requires them', async () => {
  const secure = await startShoal(['--requirepass', 'sekret']);
  const admin = await RespConn.connect(secure.port);
  try {
    await admin.call('AUTH', 'sekret');
    await admin.call('ACL', 'SETUSER', 'mover', 'on', '>mpw', '~*', '+@all');
    const s = p.shoal;
    await s.call('MSET', 'p1', 'a', 'p2', 'b', 'p3', 'c');
    assert.deepEqual(await s.call('MIGRATE', '127.0.0.1', secure.port, 'p1', 0, 5000),
      { t: 'error', v: 'ERR Target instance replied with error: NOAUTH Authentication required.' });
    assert.deepEqual(await s.call('MIGRATE', '127.0.0.1', secure.port, 'p1', 0, 5000, 'AUTH', 'wrong'),
      { t: 'error', v: 'ERR Target instance replied with error: WRONGPASS invalid username-password pair or user is disabled.' });
    assert.deepEqual(await s.call('MIGRATE', '127.0.0.1', secure.port, 'p1', 0, 5000, 'AUTH', 'sekret'), OK);
    assert.deepEqual(await s.call('MIGRATE', '127.0.0.1', secure.port, '', 0, 5000, 'AUTH2', 'mover', 'mpw', 'KEYS', 'p2', 'p3'), OK);
    assert.deepEqual(await admin.call('MGET', 'p1', 'p2', 'p3'), { t: 'array', v: [{ t: 'bulk', v: 'a' }, { t: 'bulk', v: 'b' }, { t: 'bulk', v: 'c' }] });
    assert.deepEqual(await s.call('EXISTS', 'p1', 'p2', 'p3'), { t: 'int', v: '0' });
  } finally {
    admin.close();
    await secure.stop();
  }
});

test('MIGRATE holds other clients: concurrent INCRs on migrating keys are never lost', async () => {
  await t.call('FLUSHALL');
  const s = p.shoal;
  const hammer = await RespConn.connect(p.shoalProc.port);
  const N = 40;
  const keys = Array.from({ length: N }, (_, i) => `ctr:${i}`);
  for (const k of keys) await s.call('SET', k, 0);
  let acked = 0;
  let running = true;
  const load = (async (): Promise<void> => {
    let i = 0;
    while (running) {
      // A pipeline of increments over every key, so some land mid-migration.
      for (let j = 0; j < 50; j++) hammer.write(`*2\r\n$4\r\nINCR\r\n$${keys[(i + j) % N].length}\r\n${keys[(i + j) % N]}\r\n`);
      for (let j = 0; j < 50; j++) {
        const r = await hammer.read();
        assert.equal(r.t, 'int');
        acked++;
      }
      i += 7;
    }
  })();
  for (let b = 0; b < N; b += 4) {
    assert.deepEqual(await s.call('MIGRATE', '127.0.0.1', target.port, '', 0, 5000, 'KEYS', ...keys.slice(b, b + 4)), OK);
  }
  running = false;
  await load;
  hammer.close();
  let sum = 0;
  for (const k of keys) {
    for (const conn of [s, t]) {
      const r = await conn.call('GET', k);
      if (r.t === 'bulk') sum += Number(r.v);
    }
  }
  assert.ok(acked > 0);
  assert.equal(sum, acked);
});

test('in cluster mode the source sends RESTORE-ASKING', async () => {
  // A one-node cluster that owns every slot.
  const cluster = await startCluster(1);
  const conn = await RespConn.connect(cluster.nodes[0].port);
  const rec = await recorder(true);
  try {
    await cluster.pushAll(cluster.evenMap());
    await conn.call('SET', 'ck', 'v');
    assert.deepEqual(await conn.call('MIGRATE', '127.0.0.1', rec.port, 'ck', 0, 5000), OK);
    assert.deepEqual(rec.commands.map((c) => c.slice(0, 3)), [['SELECT', '0'], ['RESTORE-ASKING', 'ck', '0']]);
  } finally {
    conn.close();
    rec.close();
    await cluster.stop();
  }
});
