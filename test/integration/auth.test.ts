import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startPair, type Pair } from '../helpers/diff';
import { RespConn, show, type Reply } from '../helpers/resp';
import { startShoal, type Proc } from '../helpers/procs';
import { createClient } from 'redis';
import Redis from 'ioredis';

let p: Pair;
before(async () => {
  p = await startPair(['--requirepass', 'secret'], ['--requirepass', 'secret']);
});
after(async () => {
  await p.close();
});

/** A fresh connection to each server, for flows that depend on connection state. */
interface Fresh {
  s: RespConn;
  r: RespConn;
  same: (...a: string[]) => Promise<Reply>;
  /** For HELLO replies: equal apart from version and client id. */
  sameHello: (...a: string[]) => Promise<void>;
  close: () => void;
}

async function fresh(): Promise<Fresh> {
  const [s, r] = await Promise.all([RespConn.connect(p.shoalProc.port), RespConn.connect(p.redisProc.port)]);
  return {
    s,
    r,
    async same(...args) {
      const [a, b] = await Promise.all([s.call(...args), r.call(...args)]);
      assert.deepEqual(a, b, `${args.join(' ')}: shoal=${JSON.stringify(a)} redis=${JSON.stringify(b)}`);
      return a;
    },
    async sameHello(...args) {
      const [a, b] = await Promise.all([s.call(...args), r.call(...args)]);
      assert.deepEqual(helloShape(a), helloShape(b), args.join(' '));
    },
    close() {
      s.close();
      r.close();
    },
  };
}

/** HELLO's map without the fields that legitimately differ (version, client id). */
function helloShape(r: Reply): unknown {
  if (r.t === 'array' && r.v) return (show(r) as unknown[]).map((v, i, arr) => (arr[i - 1] === 'version' || arr[i - 1] === 'id' ? '*' : v));
  if (r.t !== 'map') return show(r);
  return (show(r) as [unknown, unknown][]).map(([k, v]) => [k, k === 'version' || k === 'id' ? '*' : v]);
}

test('requirepass: NOAUTH before AUTH, WRONGPASS on bad passwords, AUTH forms', async () => {
  const f = await fresh();
  await f.same('GET', 'k');
  await f.same('PING');
  await f.same('AUTH', 'wrong');
  await f.same('AUTH', 'default', 'wrong');
  await f.same('AUTH', 'nosuch', 'secret');
  await f.same('AUTH', 'a', 'b', 'c');
  await f.same('AUTH', 'secret');
  await f.same('SET', 'k', 'v');
  await f.same('ACL', 'WHOAMI');
  await f.same('ACL', 'SETUSER', 'app', 'on', '>apppw', '+@all', '~*');
  await f.same('AUTH', 'app', 'apppw');
  await f.same('ACL', 'WHOAMI');
  // A failed AUTH keeps the current identity.
  await f.same('AUTH', 'app', 'nope');
  await f.same('ACL', 'WHOAMI');
  f.close();
});

test('HELLO: protocol errors, NOAUTH without credentials, AUTH and SETNAME', async () => {
  const f = await fresh();
  await f.same('HELLO', 'x');
  await f.same('HELLO', '4');
  await f.same('HELLO', '1');
  // Redis 7.2 mentions <proto> in this hint (7.0 did not).
  assert.equal(
    show(await f.s.call('HELLO', '3')),
    '(error) NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO <proto> AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time',
  );
  assert.match(String(show(await f.r.call('HELLO', '3'))), /^\(error\) NOAUTH HELLO must be called/);
  await f.same('HELLO', '3', 'AUTH', 'default');
  await f.same('HELLO', '3', 'BOGUS');
  await f.same('HELLO', '3', 'AUTH', 'default', 'bad');
  await f.same('HELLO', '2', 'SETNAME', 'a b');
  const [a, b] = await Promise.all([f.s.call('HELLO', '3', 'AUTH', 'default', 'secret', 'SETNAME', 'me'), f.r.call('HELLO', '3', 'AUTH', 'default', 'secret', 'SETNAME', 'me')]);
  assert.equal(a.t, 'map');
  assert.deepEqual(helloShape(a), helloShape(b));
  const hello = new Map((show(a) as [string, unknown][]).map(([k, v]) => [k, v]));
  // Shoal reports the Redis version it is compatible with, 7.2.
  assert.equal(hello.get('version'), '7.2.4');
  await f.same('GET', 'k');
  await f.sameHello('HELLO', '2');
  await f.sameHello('HELLO', '3', 'AUTH', 'app', 'apppw');
  await f.same('ACL', 'WHOAMI');
  f.close();
});

test('RESET returns to the default user, database 0 and RESP2', async () => {
  const f = await fresh();
  await f.sameHello('HELLO', '3', 'AUTH', 'app', 'apppw');
  await f.same('RESET');
  // The default user needs a password, so the connection is logged out.
  await f.same('GET', 'k');
  await f.same('AUTH', 'secret');
  await f.same('ACL', 'WHOAMI');
  await f.sameHello('HELLO');
  f.close();
});

test('failed authentications are logged with reason auth and the command as sent', async () => {
  const f = await fresh();
  await f.same('AUTH', 'secret');
  await f.same('ACL', 'LOG', 'RESET');
  await f.same('auth', 'app', 'bad');
  await f.same('HELLO', '2', 'AUTH', 'ghost', 'bad');
  const [a, b] = await Promise.all([f.s.call('ACL', 'LOG'), f.r.call('ACL', 'LOG')]);
  const pick = (r: Reply): unknown => (show(r) as unknown[][]).map((e) => [e[1], e[3], e[5], e[7], e[9]]);
  assert.deepEqual(pick(a), pick(b));
  assert.deepEqual(pick(a), [
    [1, 'auth', 'toplevel', 'HELLO', 'ghost'],
    [1, 'auth', 'toplevel', 'auth', 'app'],
  ]);
  f.close();
});

test('cloud form AUTH user:password', async () => {
  const c = await RespConn.connect(p.shoalProc.port);
  assert.equal(show(await c.call('AUTH', 'app:apppw')), 'OK');
  assert.equal(show(await c.call('ACL', 'WHOAMI')), 'app');
  assert.equal(show(await c.call('AUTH', 'app:wrong')), '(error) WRONGPASS invalid username-password pair or user is disabled.');
  assert.equal(show(await c.call('AUTH', 'nosuch:apppw')), '(error) WRONGPASS invalid username-password pair or user is disabled.');
  assert.equal(show(await c.call('ACL', 'WHOAMI')), 'app');
  // A default-user password that contains a colon is still a plain password.
  assert.equal(show(await c.call('ACL', 'SETUSER', 'default', '>app:x')), 'OK');
  assert.equal(show(await c.call('AUTH', 'app:x')), 'OK');
  assert.equal(show(await c.call('ACL', 'WHOAMI')), 'default');
  assert.equal(show(await c.call('ACL', 'SETUSER', 'default', '<app:x')), 'OK');
  c.close();
});

test('deleting a user logs out its other connections; the caller gets its reply', async () => {
  const c = await RespConn.connect(p.shoalProc.port);
  assert.equal(show(await c.call('AUTH', 'secret')), 'OK');
  assert.equal(show(await c.call('ACL', 'SETUSER', 'tmp', 'on', '>t', '+@all', '~*')), 'OK');
  const other = await RespConn.connect(p.shoalProc.port);
  assert.equal(show(await other.call('AUTH', 'tmp', 't')), 'OK');
  assert.equal(show(await c.call('AUTH', 'tmp', 't')), 'OK');
  assert.equal(show(await c.call('ACL', 'DELUSER', 'tmp')), 1);
  assert.equal(await other.waitClosed(), true);
  assert.equal(await c.waitClosed(), true);
});

test('node-redis and ioredis connect with a username and password', async () => {
  const nr = createClient({ url: `redis://app:apppw@127.0.0.1:${p.shoalProc.port}` });
  await nr.connect();
  assert.equal(await nr.sendCommand(['ACL', 'WHOAMI']), 'app');
  await nr.set('nr', 'v');
  assert.equal(await nr.get('nr'), 'v');
  await nr.quit();
  const io = new Redis({ port: p.shoalProc.port, host: '127.0.0.1', username: 'app', password: 'apppw', lazyConnect: true, enableReadyCheck: false });
  await io.connect();
  assert.equal(await io.call('ACL', 'WHOAMI'), 'app');
  assert.equal(await io.get('nr'), 'v');
  await io.quit();
  const bad = createClient({ url: `redis://app:nope@127.0.0.1:${p.shoalProc.port}`, socket: { reconnectStrategy: false } });
  bad.on('error', () => undefined);
  await assert.rejects(bad.connect(), /WRONGPASS/);
});

test('AUTH <password> without a configured password, and acllog-max-len', async () => {
  let s: Proc | null = null;
  try {
    s = await startShoal(['--acllog-max-len', '1']);
    const c = await RespConn.connect(s.port);
    assert.equal(
      show(await c.call('AUTH', 'x')),
      '(error) ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?',
    );
    assert.equal(show(await c.call('AUTH', 'a', 'b')), '(error) WRONGPASS invalid username-password pair or user is disabled.');
    assert.equal(show(await c.call('AUTH', 'c', 'd')), '(error) WRONGPASS invalid username-password pair or user is disabled.');
    assert.equal((show(await c.call('ACL', 'LOG')) as unknown[]).length, 1);
    c.close();
  } finally {
    await s?.stop();
  }
});
