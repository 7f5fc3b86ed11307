import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startPair, type Pair } from '../helpers/diff';
import { RespConn, show, type Reply } from '../helpers/resp';

let p: Pair;
before(async () => {
  p = await startPair();
});
after(async () => {
  await p.close();
});

/** Redis 7.2 adds the sanitize-payload flag to ACL LIST and GETUSER; 7.0 (the oracle here) omits it. */
function without72Flag(r: Reply): unknown {
  return JSON.parse(JSON.stringify(show(r)).replace(/ sanitize-payload/g, '').replace(/,"sanitize-payload"/g, ''));
}

async function login(port: number, user: string, pass: string): Promise<RespConn> {
  const c = await RespConn.connect(port);
  assert.equal(show(await c.call('AUTH', user, pass)), 'OK');
  return c;
}

test('ACL SETUSER, GETUSER and LIST describe users as Redis does', async () => {
  await p.same('ACL', 'SETUSER', 'alice');
  await p.same('ACL', 'SETUSER', 'alice', 'on', '>p1', '>p2', '<p2', '%R~r*', '%W~w*', '~c', '%RW~d', '%R~w*', '&ch:*', '+get'); // one command rule: 7.0 and 7.2 order several differently (see next test)
  await p.same('ACL', 'SETUSER', 'bob', 'on', 'nopass', '+acl', '-acl|getuser', '(~x* +get)', '(%R~y* +set)');
  await p.same('ACL', 'SETUSER', 'carol', '#' + 'a'.repeat(64), 'allkeys', 'allchannels', 'allcommands', '-set');
  await p.same('ACL', 'SETUSER', 'dave', 'on', '%RW~*', 'resetkeys', '~k', 'reset');
  for (const u of ['alice', 'bob', 'carol', 'dave', 'default']) {
    const [a, b] = await p.both('ACL', 'GETUSER', u);
    assert.deepEqual(without72Flag(a), without72Flag(b), u);
  }
  const [a, b] = await p.both('ACL', 'LIST');
  assert.deepEqual(without72Flag(a), without72Flag(b));
  assert.equal((show(a) as string[]).at(-1), 'user default on nopass sanitize-payload ~* &* +@all');
  await p.same('ACL', 'GETUSER', 'nosuch');
  await p.same('ACL', 'USERS');
});

test('Redis 7.2 keeps category rules as written in ACL LIST', async () => {
  // 7.0 expands categories into commands here; 7.2 keeps the rules as given.
  assert.equal(show(await p.shoal.call('ACL', 'SETUSER', 'cats', '+@string', '-@write', '+acl')), 'OK');
  const list = show(await p.shoal.call('ACL', 'LIST')) as string[];
  assert.ok(list.includes('user cats off sanitize-payload resetchannels -@all +@string -@write +acl'));
  assert.equal(show(await p.shoal.call('ACL', 'DELUSER', 'cats')), 1);
});

test('ACL SETUSER refuses bad rules with Redis wording and changes nothing', async () => {
  const bad = [
    ['+nosuch'],
    ['+get', 'bogus'],
    ['-@nosuchcat'],
    ['+acl|'],
    ['+acl|nosuch'],
    ['-get|0'],
    ['~*', '~x'],
    ['&*', '&x'],
    ['<neverset'],
    ['#abc'],
    ['#' + 'A'.repeat(64)],
    ['%X~k'],
    ['(+get', '~x'],
    ['(+get nosuch)'],
    ['(+get +nosuch)'],
  ];
  for (const rules of bad) await p.same('ACL', 'SETUSER', 'erin', ...rules);
  await p.same('ACL', 'GETUSER', 'erin');
  await p.same('ACL', 'SETUSER', 'has space');
  await p.same('ACL', 'SETUSER');
});

test('ACL WHOAMI, USERS, DELUSER, CAT, GENPASS, LOAD/SAVE and HELP', async () => {
  await p.same('ACL', 'WHOAMI');
  await p.same('ACL', 'DELUSER', 'default');
  await p.same('ACL', 'DELUSER', 'dave', 'nosuch', 'dave');
  await p.same('ACL', 'USERS');
  await p.same('ACL', 'CAT');
  await p.same('ACL', 'CAT', 'nosuch');
  await p.same('ACL', 'CAT', 'string', 'extra');
  // Shoal declares fewer commands than Redis so far: each it lists must be in Redis's list.
  for (const cat of ['string', 'read', 'write', 'connection', 'admin', 'slow', 'fast']) {
    const [a, b] = await p.both('ACL', 'CAT', cat.toUpperCase());
    const theirs = new Set(show(b) as string[]);
    for (const name of show(a) as string[]) {
      if (theirs.has(name)) continue;
      // Only a command the 7.0 oracle lacks altogether (a 7.2 addition) may be missing from its list.
      const [parent, sub] = name.split('|');
      const info = show(await p.redis.call('COMMAND', 'INFO', parent)) as unknown[][];
      const known = info[0] !== null && (sub === undefined || JSON.stringify(info[0]).includes(`"${name}"`));
      assert.ok(!known, `${name} in @${cat}`);
    }
  }
  for (const bits of ['1', '5', '256', '4096']) {
    const pw = show(await p.shoal.call('ACL', 'GENPASS', bits)) as string;
    assert.match(pw, new RegExp(`^[0-9a-f]{${Math.floor((Number(bits) + 3) / 4)}}$`));
  }
  assert.equal((show(await p.shoal.call('ACL', 'GENPASS')) as string).length, 64);
  await p.same('ACL', 'GENPASS', '0');
  await p.same('ACL', 'GENPASS', '4097');
  await p.same('ACL', 'GENPASS', 'x');
  await p.same('ACL', 'LOAD');
  await p.same('ACL', 'SAVE');
  await p.sameHelp('ACL', 'HELP');
  await p.same('ACL', 'NOSUCH');
  await p.same('ACL');
  await p.same('ACL', 'LOG', 'x');
  await p.same('ACL', 'LOG', '1', '2');
});

test('permission denials: commands, subcommands, keys and selectors', async () => {
  await p.same('ACL', 'SETUSER', 'frank', 'on', '>pw', '+get', '+set', '+acl', '-acl|setuser', '%R~r*', '%W~w*', '~rw*', '(+echo ~sel*)');
  const s = await login(p.shoalProc.port, 'frank', 'pw');
  const r = await login(p.redisProc.port, 'frank', 'pw');
  const both = async (...args: string[]): Promise<[unknown, unknown]> => [show(await s.call(...args)), show(await r.call(...args))];
  // Allowed calls answer the same.
  for (const args of [['GET', 'r1'], ['SET', 'rw1', 'v'], ['GET', 'rw1'], ['ACL', 'WHOAMI'], ['ECHO', 'x']]) {
    const [a, b] = await both(...args);
    assert.deepEqual(a, b, args.join(' '));
  }
  // Key denials: 7.2 says "No permissions to access a key" (7.0 worded it differently).
  const keyDenied = '(error) NOPERM No permissions to access a key';
  for (const args of [['GET', 'w1'], ['SET', 'r1', 'v'], ['GET', 'other']]) {
    const [a, b] = await both(...args);
    assert.equal(a, keyDenied, args.join(' '));
    assert.match(String(b), /^\(error\) NOPERM /);
  }
  // Command denials name the user in 7.2 (7.0 said "this user").
  const [ping, redisPing] = await both('PING');
  assert.equal(ping, "(error) NOPERM User frank has no permissions to run the 'ping' command");
  assert.match(String(redisPing), /^\(error\) NOPERM .* 'ping' command$/);
  assert.equal(show(await s.call('ACL', 'SETUSER', 'x')), "(error) NOPERM User frank has no permissions to run the 'acl|setuser' command");
  // The selector allows ECHO (no keys) but not GET on its keys through the root.
  assert.equal(show(await s.call('GET', 'sel1')), keyDenied);
  s.close();
  r.close();
});

test('key permissions follow what each call does (SET with or without GET, BITFIELD reads)', async () => {
  await p.same('ACL', 'SETUSER', 'wanda', 'on', '>pw', '+set', '+bitfield', '%W~w*', '%R~r*');
  const s = await login(p.shoalProc.port, 'wanda', 'pw');
  const r = await login(p.redisProc.port, 'wanda', 'pw');
  const calls = [
    ['SET', 'w1', 'v'], // overwrite only: write access is enough
    ['SET', 'w1', 'v', 'GET'], // reads the old value: refused
    ['BITFIELD', 'r1', 'GET', 'u8', '0'], // read-only BITFIELD on a read key
    ['BITFIELD', 'r1', 'SET', 'u8', '0', '1'], // writing a read-only key: refused
    ['BITFIELD', 'w1', 'INCRBY', 'u8', '0', '1'], // INCRBY reads too: refused on write-only
  ];
  for (const args of calls) {
    const [a, b] = [show(await s.call(...args)), show(await r.call(...args))];
    if (typeof b === 'string' && b.startsWith('(error) NOPERM')) {
      assert.equal(a, '(error) NOPERM No permissions to access a key', args.join(' '));
    } else {
      assert.deepEqual(a, b, args.join(' '));
    }
  }
  s.close();
  r.close();
});

test('ACL DRYRUN', async () => {
  await p.same('ACL', 'DRYRUN', 'frank', 'GET', 'r1');
  await p.same('ACL', 'DRYRUN', 'frank', 'ECHO', 'x');
  await p.same('ACL', 'DRYRUN', 'nosuch', 'GET', 'x');
  await p.same('ACL', 'DRYRUN', 'frank', 'NOSUCH', 'x');
  await p.same('ACL', 'DRYRUN', 'frank', 'GET');
  // Redis 7.2 names the user in DRYRUN's denials ("This user" in 7.0).
  assert.equal(show(await p.shoal.call('ACL', 'DRYRUN', 'frank', 'GET', 'w1')), "User frank has no permissions to access the 'w1' key");
  assert.equal(show(await p.shoal.call('ACL', 'DRYRUN', 'frank', 'PING')), "User frank has no permissions to run the 'ping' command");
  assert.equal(show(await p.shoal.call('ACL', 'DRYRUN', 'frank', 'ACL', 'SETUSER', 'x')), "User frank has no permissions to run the 'acl|setuser' command");
});

test('ACL LOG records denials and groups repeats', async () => {
  await p.same('ACL', 'LOG', 'RESET');
  await p.same('ACL', 'SETUSER', 'gina', 'on', '>pw', '+get', '~g*');
  const clients = await Promise.all([login(p.shoalProc.port, 'gina', 'pw'), login(p.redisProc.port, 'gina', 'pw')]);
  for (const c of clients) {
    await c.call('GET', 'nope');
    await c.call('GET', 'nope');
    await c.call('SET', 'g1', 'v');
    c.close();
  }
  const [a, b] = await p.both('ACL', 'LOG');
  const fields = (r: Reply): Record<string, unknown>[] =>
    (show(r) as unknown[][]).map((e) => {
      const o: Record<string, unknown> = {};
      for (let i = 0; i < e.length; i += 2) o[String(e[i])] = e[i + 1];
      return o;
    });
  const fa = fields(a);
  const fb = fields(b);
  assert.equal(fa.length, 2);
  const strip = (o: Record<string, unknown>): unknown => ({ count: o.count, reason: o.reason, context: o.context, object: o.object, username: o.username });
  assert.deepEqual(fa.map(strip), fb.map(strip));
  assert.deepEqual(fa.map(strip), [
    { count: 1, reason: 'command', context: 'toplevel', object: 'set', username: 'gina' },
    { count: 2, reason: 'key', context: 'toplevel', object: 'nope', username: 'gina' },
  ]);
  // Fields Redis 7.2 added: entry ids and timestamps.
  assert.deepEqual(Object.keys(fa[0]), ['count', 'reason', 'context', 'object', 'username', 'age-seconds', 'client-info', 'entry-id', 'timestamp-created', 'timestamp-last-updated']);
  // Ids keep counting across ACL LOG RESET, as in Redis.
  assert.equal(fa[0]['entry-id'], Number(fa[1]['entry-id']) + 1);
  assert.match(String(fa[0]['client-info']), /^id=\d+ addr=127\.0\.0\.1:\d+ .* cmd=set user=gina /);
  assert.equal((show(await p.shoal.call('ACL', 'LOG', '1')) as unknown[]).length, 1);
  await p.same('ACL', 'LOG', 'RESET');
  await p.same('ACL', 'LOG');
});

test('deleting a user closes its connections', async () => {
  await p.same('ACL', 'SETUSER', 'hank', 'on', '>pw', '+@all', '~*');
  const s = await login(p.shoalProc.port, 'hank', 'pw');
  assert.equal(show(await p.shoal.call('ACL', 'DELUSER', 'hank')), 1);
  assert.equal(await s.waitClosed(), true);
});
