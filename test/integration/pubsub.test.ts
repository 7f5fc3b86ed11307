/**
 * Pub/Sub against a real redis-server: the same subscribers and publishers
 * on both servers, and every confirmation, message and reply compared, in
 * RESP2 (subscribe mode) and RESP3 (push messages).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { startRedis, startShoal, type Proc } from '../helpers/procs';
import { RespConn, show, type Reply } from '../helpers/resp';

let shoal: Proc;
let redis: Proc;

before(async () => {
  [shoal, redis] = await Promise.all([startShoal(), startRedis()]);
});
after(async () => {
  await Promise.all([shoal.stop(), redis.stop()]);
});

type Step = [conn: string, args: string[], replies: Record<string, number>];

/**
 * Runs the steps against one server: each step sends a command on one
 * connection, then reads the given number of replies from each connection.
 */
async function run(port: number, steps: Step[]): Promise<unknown[]> {
  const conns = new Map<string, RespConn>();
  const seen: unknown[] = [];
  try {
    for (const [name, args, replies] of steps) {
      let conn = conns.get(name);
      if (conn === undefined) conns.set(name, (conn = await RespConn.connect(port)));
      conn.write(encodeArgs(args));
      for (const [who, n] of Object.entries(replies)) {
        const c = conns.get(who) as RespConn;
        // A negative count reads replies that legitimately differ (HELLO's version and id).
        for (let i = 0; i < Math.abs(n); i++) {
          const r = await c.read();
          if (n > 0) seen.push([who, args.join(' '), unordered(args) ? sorted(r) : typed(r)]);
        }
      }
    }
  } finally {
    for (const c of conns.values()) c.close();
  }
  return seen;
}

function encodeArgs(args: string[]): Buffer {
  let s = `*${args.length}\r\n`;
  for (const a of args) s += `$${Buffer.byteLength(a, 'latin1')}\r\n${a}\r\n`;
  return Buffer.from(s, 'latin1');
}

/** PUBSUB CHANNELS and SHARDCHANNELS list channels in hash-table order. */
function unordered(args: string[]): boolean {
  return args[0] === 'PUBSUB' && args[1].endsWith('CHANNELS');
}

function sorted(r: Reply): unknown {
  const v = show(r);
  return [r.t, Array.isArray(v) ? v.slice().sort() : v];
}

/** The reply with its RESP type kept at the top level (push vs array matters). */
function typed(r: Reply): unknown {
  return [r.t, show(r)];
}

/** Redis 7.2 reworded the channel NOPERM error of the 7.0 oracle. */
const NOPERM_70 = '(error) NOPERM this user has no permissions to access one of the channels used as arguments';
const NOPERM_72 = '(error) NOPERM No permissions to access a channel';

async function same(steps: Step[]): Promise<unknown[]> {
  const [a, b] = await Promise.all([run(shoal.port, steps), run(redis.port, steps)]);
  assert.deepEqual(a, JSON.parse(JSON.stringify(b).split(JSON.stringify(NOPERM_70)).join(JSON.stringify(NOPERM_72))));
  return a;
}

test('RESP2: subscribe, pattern subscribe, publish, subscribe-mode limits and unsubscribing', async () => {
  const seen = await same([
    ['sub', ['SUBSCRIBE', 'a', 'b', 'a'], { sub: 3 }],
    ['sub', ['PSUBSCRIBE', 'h?llo', 'news.*'], { sub: 2 }],
    ['pub', ['PUBLISH', 'a', 'm1'], { pub: 1, sub: 1 }],
    ['pub', ['PUBLISH', 'hello', 'm2'], { pub: 1, sub: 1 }],
    ['pub', ['PUBLISH', 'news.x', 'bin\r\n\x00\xff'], { pub: 1, sub: 1 }],
    ['pub', ['PUBLISH', 'nobody', 'm'], { pub: 1 }],
    ['pub', ['PUBSUB', 'NUMSUB', 'a', 'b', 'c'], { pub: 1 }],
    ['pub', ['PUBSUB', 'NUMSUB'], { pub: 1 }],
    ['pub', ['PUBSUB', 'NUMPAT'], { pub: 1 }],
    ['pub', ['PUBSUB', 'CHANNELS', 'a*'], { pub: 1 }],
    ['pub', ['PUBSUB', 'CHANNELS', 'a', 'b'], { pub: 1 }],
    ['pub', ['PUBSUB', 'NUMPAT', 'x'], { pub: 1 }],
    ['pub', ['PUBSUB', 'NOPE'], { pub: 1 }],
    ['sub', ['GET', 'x'], { sub: 1 }],
    ['sub', ['CLIENT', 'INFO'], { sub: 1 }],
    ['sub', ['PING'], { sub: 1 }],
    ['sub', ['PING', 'hi'], { sub: 1 }],
    ['sub', ['SUBSCRIBE'], { sub: 1 }],
    ['sub', ['UNSUBSCRIBE', 'a', 'zz'], { sub: 2 }],
    ['sub', ['UNSUBSCRIBE'], { sub: 1 }],
    ['sub', ['PUNSUBSCRIBE', 'h?llo'], { sub: 1 }],
    ['pub', ['PUBLISH', 'news.y', 'still'], { pub: 1, sub: 1 }],
    ['sub', ['PUNSUBSCRIBE'], { sub: 1 }],
    ['sub', ['UNSUBSCRIBE'], { sub: 1 }],
    ['sub', ['PUNSUBSCRIBE'], { sub: 1 }],
    ['sub', ['GET', 'x'], { sub: 1 }],
    ['pub', ['PUBSUB', 'CHANNELS'], { pub: 1 }],
    ['pub', ['PUBLISH'], { pub: 1 }],
  ]);
  // The subscriber saw its message with the binary payload intact.
  assert.ok(JSON.stringify(seen).includes(JSON.stringify('bin\r\n\x00\xff')));
});

test('RESP2: a client subscribed to a channel and a matching pattern gets both', async () => {
  await same([
    ['s1', ['SUBSCRIBE', 'foo'], { s1: 1 }],
    ['s1', ['PSUBSCRIBE', 'f*'], { s1: 1 }],
    ['s2', ['PSUBSCRIBE', '*o'], { s2: 1 }],
    ['p', ['PUBLISH', 'foo', 'x'], { p: 1, s1: 2, s2: 1 }],
    ['p', ['PUBSUB', 'NUMPAT'], { p: 1 }],
    ['s1', ['RESET'], { s1: 1 }],
    ['p', ['PUBLISH', 'foo', 'y'], { p: 1, s2: 1 }],
    ['s1', ['GET', 'k'], { s1: 1 }],
  ]);
});

test('RESP3: confirmations and messages are pushes, and other commands still run', async () => {
  await same([
    ['sub', ['HELLO', '3'], { sub: -1 }],
    ['sub', ['SUBSCRIBE', 'c1'], { sub: 1 }],
    ['sub', ['PSUBSCRIBE', 'c*'], { sub: 1 }],
    ['sub', ['SET', 'k', 'v'], { sub: 1 }],
    ['sub', ['GET', 'k'], { sub: 1 }],
    ['sub', ['PING'], { sub: 1 }],
    ['pub', ['PUBLISH', 'c1', 'hello'], { pub: 1, sub: 2 }],
    ['sub', ['UNSUBSCRIBE'], { sub: 1 }],
    ['sub', ['PUNSUBSCRIBE'], { sub: 1 }],
    ['sub', ['DEL', 'k'], { sub: 1 }],
  ]);
});

test('shard channels on a standalone node: SSUBSCRIBE, SPUBLISH, SUNSUBSCRIBE and PUBSUB SHARD*', async () => {
  await same([
    ['sub', ['SSUBSCRIBE', 's1', 's2'], { sub: 2 }],
    ['sub', ['SUBSCRIBE', 'plain'], { sub: 1 }],
    ['pub', ['SPUBLISH', 's1', 'm'], { pub: 1, sub: 1 }],
    ['pub', ['PUBLISH', 's1', 'not-shard'], { pub: 1 }],
    ['pub', ['PUBSUB', 'SHARDCHANNELS'], { pub: 1 }],
    ['pub', ['PUBSUB', 'SHARDNUMSUB', 's1', 'x'], { pub: 1 }],
    ['pub', ['PUBSUB', 'CHANNELS'], { pub: 1 }],
    ['sub', ['SUNSUBSCRIBE', 's2'], { sub: 1 }],
    ['sub', ['SUNSUBSCRIBE'], { sub: 1 }],
    ['sub', ['SUNSUBSCRIBE'], { sub: 1 }],
    ['sub', ['UNSUBSCRIBE'], { sub: 1 }],
  ]);
});

test('subscribers show in CLIENT LIST and INFO; a disconnected subscriber is forgotten', async () => {
  for (const port of [shoal.port, redis.port]) {
    const sub = await RespConn.connect(port);
    const admin = await RespConn.connect(port);
    sub.write(encodeArgs(['SUBSCRIBE', 'x', 'y']));
    await sub.read();
    await sub.read();
    sub.write(encodeArgs(['PSUBSCRIBE', 'p*']));
    await sub.read();
    const list = String(show(await admin.call('CLIENT', 'LIST')));
    const line = list.split('\n').find((l) => l.includes('cmd=psubscribe')) ?? '';
    assert.match(line, / flags=P .* sub=2 psub=1 ssub=0 /, `port ${port}: ${line}`);
    const info = String(show(await admin.call('INFO', 'stats')));
    assert.match(info, /pubsub_channels:2\r\n/);
    assert.match(info, /pubsub_patterns:1\r\n/);
    sub.close();
    for (let i = 0; i < 100; i++) {
      if (Number(show(await admin.call('PUBLISH', 'x', 'gone'))) === 0) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    assert.deepEqual(show(await admin.call('PUBSUB', 'NUMSUB', 'x')), ['x', 0]);
    assert.equal(show(await admin.call('PUBSUB', 'NUMPAT')), 0);
    admin.close();
  }
});

test('channel permissions: a user limited to some channels is refused others', async () => {
  await same([
    ['a', ['ACL', 'SETUSER', 'chan', 'on', '>pw', 'resetchannels', '&news.*', '+@all', '~*'], { a: 1 }],
    ['u', ['AUTH', 'chan', 'pw'], { u: 1 }],
    ['u', ['SUBSCRIBE', 'news.1'], { u: 1 }],
    ['u', ['SUBSCRIBE', 'other'], { u: 1 }],
    ['u', ['RESET'], { u: 1 }],
    ['u', ['AUTH', 'chan', 'pw'], { u: 1 }],
    ['u', ['PUBLISH', 'other', 'x'], { u: 1 }],
    ['u', ['PSUBSCRIBE', 'news.*'], { u: 1 }],
    ['u', ['PSUBSCRIBE', 'news.1*'], { u: 1 }],
    ['a', ['ACL', 'DELUSER', 'chan'], { a: 1 }],
  ]);
});

/** Waits until `conn` is closed by the server; false if it is still open after ~5 s. */
async function closedByServer(conn: RespConn): Promise<boolean> {
  for (let i = 0; i < 250 && !conn.closed; i++) await new Promise((r) => setTimeout(r, 20));
  return conn.closed;
}

test('ACL SETUSER that takes a channel away closes the subscribers that use it; other clients stay', async () => {
  for (const port of [shoal.port, redis.port]) {
    const admin = await RespConn.connect(port);
    assert.equal(show(await admin.call('ACL', 'SETUSER', 'listener', 'on', '>pw', 'resetchannels', '&news.*', '&alerts', '+@all', '~*')), 'OK');
    const login = async (...subscribe: string[]): Promise<RespConn> => {
      const c = await RespConn.connect(port);
      assert.equal(show(await c.call('AUTH', 'listener', 'pw')), 'OK');
      c.write(encodeArgs(subscribe));
      await c.read();
      return c;
    };
    const onPattern = await login('PSUBSCRIBE', 'news.*');
    const onChannel = await login('SUBSCRIBE', 'news.1');
    const onAlerts = await login('SUBSCRIBE', 'alerts');
    const idle = await login('PING');
    // Adding a channel revokes nothing.
    assert.equal(show(await admin.call('ACL', 'SETUSER', 'listener', '&more')), 'OK');
    assert.equal(show(await idle.call('PING')), 'PONG');
    // The literal pattern news.* is no longer granted; the channel news.1 still is.
    assert.equal(show(await admin.call('ACL', 'SETUSER', 'listener', 'resetchannels', '&news.1', '&alerts')), 'OK');
    assert.equal(await closedByServer(onPattern), true, `port ${port}: the pattern subscriber stays`);
    assert.equal(show(await admin.call('PUBLISH', 'news.1', 'still here')), 1);
    assert.deepEqual(show(await onChannel.read()), ['message', 'news.1', 'still here']);
    assert.equal(show(await admin.call('ACL', 'SETUSER', 'listener', 'resetchannels', '&alerts')), 'OK');
    assert.equal(await closedByServer(onChannel), true);
    assert.equal(onAlerts.closed, false);
    assert.equal(show(await idle.call('PING')), 'PONG');
    assert.equal(show(await admin.call('PUBLISH', 'alerts', 'a')), 1);
    assert.deepEqual(show(await onAlerts.read()), ['message', 'alerts', 'a']);
    assert.equal(show(await admin.call('ACL', 'DELUSER', 'listener')), 1);
    assert.equal(await closedByServer(onAlerts), true);
    admin.close();
    idle.close();
  }
});

test('a subscriber that does not read is closed at the pubsub output-buffer limits; the publisher is unaffected', async () => {
  const message = 'm'.repeat(32 * 1024);
  for (const port of [shoal.port, redis.port]) {
    const admin = await RespConn.connect(port);
    const stalled = async (): Promise<net.Socket> => {
      const s = net.connect(port, '127.0.0.1');
      s.on('error', () => undefined);
      await new Promise((r) => s.once('connect', r));
      s.write(encodeArgs(['SUBSCRIBE', 'firehose']));
      await new Promise((r) => s.once('data', r));
      s.pause();
      return s;
    };
    const gone = async (s: net.Socket): Promise<boolean> => {
      for (let i = 0; i < 250; i++) {
        if (Number((show(await admin.call('PUBSUB', 'NUMSUB', 'firehose')) as unknown[])[1]) === 0) return true;
        await new Promise((r) => setTimeout(r, 20));
      }
      return s.destroyed;
    };
    try {
      // Hard limit: the subscriber is closed as soon as its backlog passes 256 KB (after the kernel's buffers fill).
      assert.equal(show(await admin.call('CONFIG', 'SET', 'client-output-buffer-limit', 'pubsub 256kb 0 0')), 'OK');
      const hard = await stalled();
      let sent = 0;
      while (sent < 4000 && Number(show(await admin.call('PUBLISH', 'firehose', message))) === 1) sent++;
      assert.ok(sent < 4000, `port ${port}: the subscriber was never closed`);
      assert.equal(await gone(hard), true);
      hard.destroy();
      // Soft limit: over 64 KB for more than a second closes it, while messages keep coming.
      assert.equal(show(await admin.call('CONFIG', 'SET', 'client-output-buffer-limit', 'pubsub 0 64kb 1')), 'OK');
      const soft = await stalled();
      const start = Date.now();
      let open = true;
      while (open && Date.now() - start < 20000) {
        open = Number(show(await admin.call('PUBLISH', 'firehose', message))) === 1;
        await new Promise((r) => setTimeout(r, 5));
      }
      assert.equal(open, false, `port ${port}: the soft limit never closed the subscriber`);
      assert.ok(Date.now() - start >= 1000, 'closed before the soft limit\'s seconds passed');
      soft.destroy();
      assert.equal(show(await admin.call('PING')), 'PONG');
    } finally {
      await admin.call('CONFIG', 'SET', 'client-output-buffer-limit', 'pubsub 32mb 8mb 60');
      admin.close();
    }
  }
});
