import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { startPair, type Pair } from '../helpers/diff';
import { RespConn, encode, show } from '../helpers/resp';
import { startShoal } from '../helpers/procs';

let p: Pair;
before(async () => {
  p = await startPair();
});
after(async () => {
  await p.close();
});

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Sends raw bytes on a fresh connection to each server; both must reply alike and then close. */
async function rawBoth(data: string): Promise<void> {
  const [a, b] = await Promise.all([RespConn.connect(p.shoalProc.port), RespConn.connect(p.redisProc.port)]);
  a.write(data);
  b.write(data);
  const [ra, rb] = await Promise.all([a.read(), b.read()]);
  assert.deepEqual(ra, rb, `reply to ${JSON.stringify(data)}`);
  const [ca, cb] = await Promise.all([a.waitClosed(), b.waitClosed()]);
  assert.equal(ca, true);
  assert.equal(cb, true);
}

test('malformed RESP gets a protocol error, then the connection closes', async () => {
  await rawBoth('*1\r\n$x\r\n');
  await rawBoth('*1\r\nfoo\r\n');
  await rawBoth('*abc\r\n');
  await rawBoth('*1\r\n$-5\r\n');
  await rawBoth('SET "unbalanced\r\n');
});

test('oversize lengths are refused', async () => {
  await rawBoth('*1\r\n$999999999999\r\n');
  await rawBoth('*99999999999\r\n');
  await p.same('PING');
});

test('half-sent frames followed by disconnects leave the server serving others', async () => {
  for (const frag of ['*3\r\n$3\r\nSET\r\n$1\r\nk', '*2\r\n$3\r\nGET\r\n$100000\r\nabc', '*5\r\n', '$', 'PIN']) {
    const s = net.connect(p.shoalProc.port, '127.0.0.1');
    await new Promise((r) => s.once('connect', r));
    s.write(frag);
    await sleep(20);
    s.destroy();
  }
  await p.same('SET', 'after', 'ok');
  await p.same('GET', 'after');
});

test('thousands of pipelined commands in one packet all get their replies, in order', async () => {
  const n = 5000;
  const parts: Buffer[] = [];
  for (let i = 0; i < n; i++) parts.push(encode(['ECHO', String(i)]));
  const c = await RespConn.connect(p.shoalProc.port);
  c.write(Buffer.concat(parts));
  for (let i = 0; i < n; i++) assert.equal(show(await c.read()), String(i));
  c.close();
});

test('a 100 MB value round-trips while other clients are served', async () => {
  const size = 100 * 1024 * 1024;
  const big = Buffer.alloc(size, 'x');
  big[0] = 0;
  big[size - 1] = 0xff;
  const c = await RespConn.connect(p.shoalProc.port);
  c.write(encode(['SET', 'big', big]));
  assert.equal(show(await c.read(60000)), 'OK');
  c.close();
  assert.equal(show(await p.shoal.call('PING')), 'PONG');
  // Read the reply as raw chunks: the header, 100 MB, CRLF.
  const s = net.connect(p.shoalProc.port, '127.0.0.1');
  const chunks: Buffer[] = [];
  let have = 0;
  const header = `$${size}\r\n`;
  const want = header.length + size + 2;
  const done = new Promise<void>((resolve, reject) => {
    s.on('data', (d: Buffer) => {
      chunks.push(d);
      have += d.length;
      if (have >= want) resolve();
    });
    s.on('close', () => reject(new Error('closed early')));
  });
  s.write(encode(['GET', 'big']));
  await done;
  const all = Buffer.concat(chunks, have);
  assert.equal(have, want);
  assert.equal(all.latin1Slice(0, header.length), header);
  assert.equal(all[header.length], 0);
  assert.equal(all[header.length + size - 1], 0xff);
  assert.equal(all.latin1Slice(want - 2, want), '\r\n');
  s.destroy();
  assert.equal(show(await p.shoal.call('PING')), 'PONG');
  await p.shoal.call('SET', 'big', '');
});

test('a client that never reads its big replies is closed by the output buffer limit; others keep working', async () => {
  const node = await startShoal(['--client-output-buffer-limit', 'normal', '4mb', '0', '0']);
  try {
    const admin = await RespConn.connect(node.port);
    assert.equal(show(await admin.call('SET', 'v', Buffer.alloc(1024 * 1024, 'y'))), 'OK');
    const hog = net.connect(node.port, '127.0.0.1');
    await new Promise((r) => hog.once('connect', r));
    hog.pause();
    hog.on('error', () => undefined);
    const gets: Buffer[] = [];
    for (let i = 0; i < 200; i++) gets.push(encode(['GET', 'v']));
    hog.write(Buffer.concat(gets));
    let gone = false;
    for (let i = 0; i < 100 && !gone; i++) {
      assert.equal(show(await admin.call('PING')), 'PONG');
      const list = show(await admin.call('CLIENT', 'LIST')) as string;
      gone = list.trim().split('\n').length === 1;
      await sleep(50);
    }
    assert.equal(gone, true);
    assert.equal(show(await admin.call('GET', 'missing')), null);
    hog.destroy();
    admin.close();
  } finally {
    await node.stop();
  }
});
