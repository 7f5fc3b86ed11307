import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startPair, type Pair } from '../helpers/diff';
import { RespConn, show } from '../helpers/resp';
import { startShoal } from '../helpers/procs';

let p: Pair;
before(async () => {
  p = await startPair();
});
after(async () => {
  await p.close();
});

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

test('CLIENT SETNAME/GETNAME/SETINFO validate as Redis does', async () => {
  await p.same('CLIENT', 'GETNAME');
  await p.same('CLIENT', 'SETNAME', 'has space');
  await p.same('CLIENT', 'SETNAME', 'nl\n');
  await p.same('CLIENT', 'SETNAME', 'conn-1');
  await p.same('CLIENT', 'GETNAME');
  await p.same('CLIENT', 'SETNAME', '');
  await p.same('CLIENT', 'GETNAME');
  await p.same('CLIENT', 'SETNAME');
  await p.same('CLIENT', 'NO-EVICT', 'on');
  await p.same('CLIENT', 'NO-EVICT', 'maybe');
  await p.same('CLIENT', 'NO-EVICT', 'off');
  await p.same('CLIENT', 'NOSUCH');
  await p.same('CLIENT');
  await p.same('CLIENT', 'ID', 'x');
  await p.same('CLIENT', 'KILL', '1.2.3.4:5');
  await p.same('CLIENT', 'KILL', 'ID', '0');
  await p.same('CLIENT', 'KILL', 'TYPE', 'bogus');
  await p.same('CLIENT', 'KILL', 'ID', '999999', 'SKIPME');
  await p.same('CLIENT', 'KILL', 'USER', 'nobody');
  await p.same('CLIENT', 'KILL', 'ID', '999999');
  await p.same('CLIENT', 'LIST', 'TYPE', 'bogus');
  await p.same('CLIENT', 'LIST', 'ID', 'abc');
  await p.same('CLIENT', 'LIST', 'bogus');
  await p.same('CLIENT', 'PAUSE', 'abc');
  await p.same('CLIENT', 'PAUSE', '-1');
  await p.same('CLIENT', 'PAUSE', '10', 'BOGUS');
  await p.same('CLIENT', 'REPLY', 'BOGUS');
  // CLIENT SETINFO is new in 7.2 (the 7.0 oracle does not know it): Redis 7.2's replies.
  const c = p.shoal;
  assert.equal(show(await c.call('CLIENT', 'SETINFO', 'LIB-NAME', 'mylib')), 'OK');
  assert.equal(show(await c.call('CLIENT', 'SETINFO', 'lib-ver', '1.2.3')), 'OK');
  assert.equal(show(await c.call('CLIENT', 'SETINFO', 'LIB-NAME', 'bad name')), '(error) ERR LIB-NAME cannot contain spaces, newlines or special characters.');
  assert.equal(show(await c.call('CLIENT', 'SETINFO', 'other', 'x')), "(error) ERR Unrecognized option 'other'");
  const info = show(await c.call('CLIENT', 'INFO')) as string;
  assert.match(info, / lib-name=mylib lib-ver=1\.2\.3\n$/);
});

test('CLIENT ID, INFO and LIST use Redis 7.2 fields in order', async () => {
  const id = show(await p.shoal.call('CLIENT', 'ID')) as number;
  assert.equal(typeof id, 'number');
  await p.shoal.call('CLIENT', 'SETNAME', 'lister');
  const line = show(await p.shoal.call('CLIENT', 'INFO')) as string;
  const fields = line.trim().split(' ').map((f) => f.slice(0, f.indexOf('=')));
  assert.deepEqual(fields, [
    'id', 'addr', 'laddr', 'fd', 'name', 'age', 'idle', 'flags', 'db', 'sub', 'psub', 'ssub', 'multi', 'qbuf', 'qbuf-free',
    'argv-mem', 'multi-mem', 'rbs', 'rbp', 'obl', 'oll', 'omem', 'tot-mem', 'events', 'cmd', 'user', 'redir', 'resp',
    'lib-name', 'lib-ver',
  ]);
  assert.match(line, new RegExp(`^id=${id} addr=127\\.0\\.0\\.1:\\d+ laddr=127\\.0\\.0\\.1:${p.shoalProc.port} fd=\\d+ name=lister .* flags=N db=0 .* cmd=client\\|info user=default redir=-1 resp=2 `));
  const other = await RespConn.connect(p.shoalProc.port);
  const otherId = show(await other.call('CLIENT', 'ID')) as number;
  const all = (show(await p.shoal.call('CLIENT', 'LIST')) as string).trim().split('\n');
  assert.ok(all.some((l) => l.startsWith(`id=${otherId} `)));
  const one = (show(await p.shoal.call('CLIENT', 'LIST', 'ID', String(otherId))) as string).trim().split('\n');
  assert.equal(one.length, 1);
  assert.ok(one[0].startsWith(`id=${otherId} `));
  assert.equal(show(await p.shoal.call('CLIENT', 'LIST', 'TYPE', 'pubsub')), '');
  other.close();
});

test('CLIENT KILL, old and new forms', async () => {
  const a = await RespConn.connect(p.shoalProc.port);
  const b = await RespConn.connect(p.shoalProc.port);
  const aId = show(await a.call('CLIENT', 'ID')) as number;
  const bInfo = show(await b.call('CLIENT', 'INFO')) as string;
  const bAddr = /addr=(\S+)/.exec(bInfo)?.[1] as string;
  assert.equal(show(await p.shoal.call('CLIENT', 'KILL', bAddr)), 'OK');
  assert.equal(await b.waitClosed(), true);
  assert.equal(show(await p.shoal.call('CLIENT', 'KILL', 'ID', String(aId))), 1);
  assert.equal(await a.waitClosed(), true);
  // SKIPME yes (the default) spares the caller; MAXAGE of an hour matches nobody new.
  assert.equal(show(await p.shoal.call('CLIENT', 'KILL', 'MAXAGE', '3600')), 0);
  const c = await RespConn.connect(p.shoalProc.port);
  const cId = show(await c.call('CLIENT', 'ID')) as number;
  assert.equal(show(await c.call('CLIENT', 'KILL', 'ID', String(cId), 'SKIPME', 'no')), 1);
  assert.equal(await c.waitClosed(), true);
  assert.equal(show(await p.shoal.call('PING')), 'PONG');
});

test('CLIENT REPLY OFF and SKIP silence replies, ON restores them', async () => {
  for (const conn of [p.shoal, p.redis]) {
    conn.write('*3\r\n$6\r\nCLIENT\r\n$5\r\nREPLY\r\n$4\r\nSKIP\r\n*2\r\n$4\r\nECHO\r\n$1\r\na\r\n*2\r\n$4\r\nECHO\r\n$1\r\nb\r\n');
    assert.equal(show(await conn.read()), 'b');
    conn.write('*3\r\n$6\r\nCLIENT\r\n$5\r\nREPLY\r\n$3\r\nOFF\r\n*2\r\n$4\r\nECHO\r\n$1\r\nc\r\n*1\r\n$3\r\nGET\r\n');
    conn.write('*3\r\n$6\r\nCLIENT\r\n$5\r\nREPLY\r\n$2\r\nON\r\n');
    assert.equal(show(await conn.read()), 'OK');
    assert.equal(show(await conn.call('ECHO', 'd')), 'd');
  }
});

test('CLIENT PAUSE WRITE holds writes (not reads) until UNPAUSE; held commands then run in order', async () => {
  const writer = await RespConn.connect(p.shoalProc.port);
  assert.equal(show(await p.shoal.call('CLIENT', 'PAUSE', '20000', 'WRITE')), 'OK');
  const held = writer.call('SET', 'paused:k', 'v1');
  let done = false;
  void held.then(() => (done = true));
  await sleep(200);
  assert.equal(done, false);
  const reader = await RespConn.connect(p.shoalProc.port);
  assert.equal(show(await reader.call('GET', 'paused:k')), null);
  assert.equal(show(await p.shoal.call('CLIENT', 'UNPAUSE')), 'OK');
  assert.equal(show(await held), 'OK');
  assert.equal(show(await reader.call('GET', 'paused:k')), 'v1');
  writer.close();
  reader.close();
});

test('CLIENT PAUSE ALL holds every command until the timeout ends it', async () => {
  const other = await RespConn.connect(p.shoalProc.port);
  assert.equal(show(await p.shoal.call('CLIENT', 'PAUSE', '400')), 'OK');
  const t0 = Date.now();
  const r = other.call('PING');
  let done = false;
  void r.then(() => (done = true));
  await sleep(150);
  assert.equal(done, false);
  assert.equal(show(await r), 'PONG');
  assert.ok(Date.now() - t0 >= 300);
  other.close();
});

test('maxclients refuses connections past the limit, settable at runtime', async () => {
  const node = await startShoal(['--maxclients', '2']);
  try {
    const a = await RespConn.connect(node.port);
    const b = await RespConn.connect(node.port);
    assert.equal(show(await b.call('PING')), 'PONG');
    const c = await RespConn.connect(node.port);
    assert.equal(show(await c.read()), '(error) ERR max number of clients reached');
    assert.equal(await c.waitClosed(), true);
    assert.equal(show(await a.call('CONFIG', 'SET', 'maxclients', '3')), 'OK');
    const d = await RespConn.connect(node.port);
    assert.equal(show(await d.call('PING')), 'PONG');
    const info = show(await a.call('INFO', 'stats')) as string;
    assert.match(info, /rejected_connections:1\r\n/);
    for (const x of [a, b, d]) x.close();
  } finally {
    await node.stop();
  }
});

test('timeout closes idle clients only', async () => {
  const node = await startShoal(['--timeout', '1']);
  try {
    const idle = await RespConn.connect(node.port);
    const busy = await RespConn.connect(node.port);
    for (let i = 0; i < 10; i++) {
      assert.equal(show(await busy.call('PING')), 'PONG');
      await sleep(250);
    }
    assert.equal(idle.closed, true);
    assert.equal(busy.closed, false);
    busy.close();
  } finally {
    await node.stop();
  }
});
