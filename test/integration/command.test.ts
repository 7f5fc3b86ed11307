/**
 * COMMAND against a real redis-server. The two servers implement different
 * command sets, so every comparison is per command, over the commands Shoal has.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startPair, type Pair } from '../helpers/diff';
import { show, type Reply } from '../helpers/resp';
import { decodeInfo, loadReference, pairs, type InfoEntry } from '../helpers/command-info';

const reference = loadReference();
let p: Pair;
/** Full names (subcommands too) of everything Shoal implements. */
let shoalNames: Set<string>;
/** Every command the 7.0 oracle knows; 7.2 additions (CLIENT SETINFO, NO-TOUCH) are missing there. */
let redisNames: Set<string>;

before(async () => {
  p = await startPair();
  shoalNames = new Set(show(await p.shoal.call('COMMAND', 'LIST')) as string[]);
  redisNames = new Set(show(await p.redis.call('COMMAND', 'LIST')) as string[]);
});
after(async () => {
  await p.close();
});

function items(r: Reply): Reply[] {
  assert.ok(r.t === 'array' || r.t === 'set', `expected an array, got ${JSON.stringify(r)}`);
  return r.v ?? [];
}

function names(r: Reply): string[] {
  return (show(r) as string[]).slice().sort();
}

test('COMMAND INFO matches redis-server for every command Shoal has', async () => {
  const top = [...shoalNames].filter((n) => !n.includes('|'));
  assert.ok(top.length > 0);
  for (const name of top) {
    const [s, r] = await p.both('COMMAND', 'INFO', name);
    assert.equal(s.t, 'array');
    const mine = decodeInfo(items(s)[0]);
    const theirs = decodeInfo(items(r)[0]) as InfoEntry;
    const ref = reference.get(name);
    if (ref && JSON.stringify(theirs) !== JSON.stringify(ref)) {
      // redis-server here is 7.0; where its metadata differs from 7.2's, 7.2 is the target.
      assert.deepEqual(mine, ref, `COMMAND INFO ${name} differs from Redis 7.2`);
    } else {
      assert.deepEqual(mine, theirs, `COMMAND INFO ${name} differs from redis-server`);
    }
  }
});

test('COMMAND INFO takes subcommand full names, any case, and answers nil for unknown ones', async () => {
  const [s, r] = await p.both('COMMAND', 'INFO', 'COMMAND|count', 'nosuch', 'command|nosuch', 'command|count|x');
  const decode = (x: Reply): (InfoEntry | null)[] => items(x).map(decodeInfo);
  assert.deepEqual(decode(s), decode(r));
  assert.equal(decode(s)[0]?.name, 'command|count');
  assert.deepEqual(decode(s).slice(1), [null, null, null]);
});

test('COMMAND and COMMAND INFO without names list every command once; COUNT agrees', async () => {
  for (const conn of [p.shoal, p.redis]) {
    const all = items(await conn.call('COMMAND'));
    const infoAll = items(await conn.call('COMMAND', 'INFO'));
    const count = show(await conn.call('COMMAND', 'COUNT'));
    const list = show(await conn.call('COMMAND', 'LIST')) as string[];
    const allNames = all.map((e) => (decodeInfo(e) as InfoEntry).name).sort();
    assert.equal(all.length, count);
    assert.equal(infoAll.length, count);
    assert.deepEqual(allNames, list.filter((n) => !n.includes('|')).sort());
    assert.equal(new Set(list).size, list.length);
  }
});

test('COMMAND LIST filters as redis-server does, over the commands Shoal has', async () => {
  const filters = [
    ['ACLCAT', 'string'],
    ['ACLCAT', 'CONNECTION'],
    ['ACLCAT', 'slow'],
    ['ACLCAT', 'nosuchcategory'],
    ['PATTERN', 'c*'],
    ['PATTERN', '*|*'],
    ['PATTERN', 'G?T'],
    ['PATTERN', '[a-f]*'],
    ['MODULE', 'x'],
  ];
  for (const [kind, arg] of filters) {
    const [s, r] = await p.both('COMMAND', 'LIST', 'FILTERBY', kind, arg);
    const expected = names(r).filter((n) => shoalNames.has(n));
    const comparable = names(s).filter((n) => redisNames.has(n));
    assert.deepEqual(comparable, expected, `COMMAND LIST FILTERBY ${kind} ${arg}`);
  }
  for (const bad of [['FILTERBY'], ['FILTERBY', 'PATTERN'], ['FILTERBY', 'NOPE', 'x'], ['FILTERBY', 'PATTERN', 'a', 'b'], ['x']]) {
    await p.same('COMMAND', 'LIST', ...bad);
  }
});

/** Calls whose keys GETKEYS must find, for whichever of these commands Shoal has. */
const keyCalls: string[][] = [
  ['get', 'k'],
  ['set', 'k', 'v'],
  ['set', 'k', 'v', 'GET'],
  ['set', 'k', 'v', 'ex', '10', 'get'],
  ['mset', 'a', '1', 'b', '2', 'c', '3'],
  ['mget', 'a', 'b', 'c'],
  ['del', 'a', 'b'],
  ['incr', 'n'],
  ['expire', 'k', '10'],
  ['ttl', 'k'],
  ['rename', 'a', 'b'],
  ['lmove', 'a', 'b', 'LEFT', 'RIGHT'],
  ['blpop', 'a', 'b', '0'],
  ['zunionstore', 'd', '2', 'a', 'b', 'WEIGHTS', '1', '2'],
  ['zunionstore', 'd', '0', 'a'],
  ['eval', 'return 1', '2', 'x', 'y', 'arg'],
  ['eval', 'return 1', '0'],
  ['xread', 'COUNT', '2', 'STREAMS', 's1', 's2', '0', '0'],
  ['sort', 'k', 'BY', 'w_*', 'STORE', 'dst'],
  ['sort', 'k'],
  ['bitfield', 'k', 'GET', 'u8', '0'],
  ['bitfield', 'k', 'SET', 'u8', '0', '1'],
  ['migrate', 'h', '1', '', '0', '10', 'KEYS', 'a', 'b'],
  ['object', 'encoding', 'k'],
  ['memory', 'usage', 'k'],
  ['getex', 'k', 'PERSIST'],
  ['lmpop', '2', 'a', 'b', 'LEFT'],
];

test('COMMAND GETKEYS and GETKEYSANDFLAGS find the keys redis-server finds', async () => {
  let checked = 0;
  for (const call of keyCalls) {
    const full = call[0] === 'object' || call[0] === 'memory' ? `${call[0]}|${call[1]}` : call[0];
    if (!shoalNames.has(full)) continue;
    checked++;
    await p.same('COMMAND', 'GETKEYS', ...call);
    await p.same('COMMAND', 'GETKEYSANDFLAGS', ...call);
  }
  assert.ok(checked >= 2);
});

test('COMMAND GETKEYS refuses what cannot be resolved, with Redis wording', async () => {
  await p.same('COMMAND', 'GETKEYS', 'nosuch', 'a');
  await p.same('COMMAND', 'GETKEYS', 'ping', 'a');
  await p.same('COMMAND', 'GETKEYS', 'echo', 'a');
  await p.same('COMMAND', 'GETKEYS', 'get', 'a', 'b');
  await p.same('COMMAND', 'GETKEYSANDFLAGS', 'get', 'a', 'b');
  await p.same('COMMAND', 'GETKEYS', 'command', 'info');
  await p.same('COMMAND', 'GETKEYS');
  if (shoalNames.has('zunionstore')) {
    await p.same('COMMAND', 'GETKEYS', 'zunionstore', 'd', '5', 'a');
    await p.same('COMMAND', 'GETKEYS', 'zunionstore', 'd', 'x', 'a');
  }
  // Redis 7.2 lowered GETKEYS's arity to -3 (7.0 wants a fourth argument), so
  // a bare command name reaches these checks instead of an arity error.
  assert.deepEqual(show(await p.shoal.call('COMMAND', 'GETKEYS', 'nosuch')), '(error) ERR Invalid command specified');
  assert.deepEqual(show(await p.shoal.call('COMMAND', 'GETKEYS', 'ping')), '(error) ERR The command has no key arguments');
  assert.deepEqual(show(await p.shoal.call('COMMAND', 'GETKEYS', 'get')), '(error) ERR Invalid number of arguments specified for command');
});

test('COMMAND DOCS answers with the declared documentation', async () => {
  const r = await p.shoal.call('COMMAND', 'DOCS', 'command', 'nosuch', 'GET');
  const entries = pairs(r);
  assert.deepEqual(entries.map(([k]) => k), ['command', 'get']);
  const doc = new Map(pairs(entries[0][1]));
  assert.deepEqual([...doc.keys()], ['summary', 'since', 'group', 'complexity', 'subcommands']);
  assert.deepEqual(show(doc.get('since') as Reply), '2.8.13');
  assert.deepEqual(show(doc.get('group') as Reply), 'server');
  const subs = new Map(pairs(doc.get('subcommands') as Reply));
  assert.deepEqual([...subs.keys()].sort(), [...shoalNames].filter((n) => n.startsWith('command|')).sort());
  const info = new Map(pairs(subs.get('command|info') as Reply));
  assert.deepEqual(show(info.get('history') as Reply), [['7.0.0', 'Allowed to be called with no argument to get info on all commands.']]);
  // Group and since are stable facts redis-server reports too.
  const theirs = new Map(pairs(pairs(await p.redis.call('COMMAND', 'DOCS', 'command|count'))[0][1]));
  const mine = new Map(pairs(pairs(await p.shoal.call('COMMAND', 'DOCS', 'command|count'))[0][1]));
  for (const f of ['since', 'group', 'complexity']) assert.deepEqual(mine.get(f), theirs.get(f), f);
  assert.deepEqual(show(await p.shoal.call('COMMAND', 'DOCS', 'nosuch')), []);
  const all = pairs(await p.shoal.call('COMMAND', 'DOCS'));
  assert.equal(all.length, show(await p.shoal.call('COMMAND', 'COUNT')));
});

test('COMMAND HELP and unknown subcommands', async () => {
  const help = show(await p.shoal.call('COMMAND', 'HELP')) as string[];
  const theirs = show(await p.redis.call('COMMAND', 'HELP')) as string[];
  // Redis 7.2 says "Print this help." where 7.0 said "Prints this help.".
  assert.deepEqual(help, [...theirs.slice(0, -1), '    Print this help.']);
  await p.same('COMMAND', 'NOSUCH');
  await p.same('COMMAND', 'COUNT', 'x');
  await p.same('COMMAND', 'HELP', 'x');
});

test('COMMAND INFO in RESP3 uses sets and maps as redis-server does', async () => {
  await p.both('HELLO', '3');
  // Container commands (COMMAND, ACL) are left out: 7.0's subcommands differ from 7.2's (the table test checks 7.2's).
  for (const name of ['get', 'set', 'bitfield', 'lcs']) {
    const [s, r] = await p.both('COMMAND', 'INFO', name);
    assert.deepEqual(decodeInfo(items(s)[0]), decodeInfo(items(r)[0]));
    const flags = items(items(s)[0])[2];
    assert.equal(flags.t, 'set');
  }
  const [s, r] = await p.both('COMMAND', 'GETKEYSANDFLAGS', 'set', 'a', 'b');
  assert.deepEqual(s, r);
  await p.both('HELLO', '2');
});
