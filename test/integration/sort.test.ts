/**
 * SORT and SORT_RO against redis-server: lists, sets and sorted sets sorted
 * numerically and as bytes, by other keys and hash fields, with GET, LIMIT
 * and STORE, Redis's conversion errors, and the refusals of BY/GET under
 * restricted ACLs and in cluster mode.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startPair, type Pair } from '../helpers/diff';
import { rng } from '../helpers/rng';
import { startRedis, type Proc } from '../helpers/procs';
import { startCluster, type TestCluster } from '../helpers/cluster-node';
import { RespConn } from '../helpers/resp';

let p: Pair;
before(async () => {
  p = await startPair();
});
after(async () => {
  await p.close();
});

async function setup(cmds: (string | number)[][]): Promise<void> {
  await p.same('FLUSHALL');
  await p.sameAll(cmds);
}

test('numeric and ALPHA sorts of lists, small sets and sorted sets, ASC and DESC', async () => {
  await setup([
    ['RPUSH', 'l', '3', '1', '2', '10', '-5', '2.5', '1e3', '0x10', ' 7', '1', '-0', '0'],
    ['SADD', 'si', '5', '3', '100', '-2'],
    ['SADD', 'ss', 'banana', 'apple', 'cherry', '10', '9'],
    ['ZADD', 'z', '3', 'c', '1', 'a', '2', 'b', '0', 'z'],
    ['ZADD', 'zn', '1', '30', '2', '20', '3', '10'],
  ]);
  await p.sameAll([
    ['SORT', 'l'],
    ['SORT', 'l', 'DESC'],
    ['SORT', 'l', 'ALPHA'],
    ['SORT', 'l', 'alpha', 'desc'],
    ['SORT', 'l', 'DESC', 'ASC'],
    ['SORT', 'si'],
    ['SORT', 'si', 'DESC'],
    ['SORT', 'ss', 'ALPHA'],
    ['SORT', 'ss', 'ALPHA', 'DESC'],
    ['SORT', 'ss'],
    ['SORT', 'z', 'ALPHA'],
    ['SORT', 'z', 'ALPHA', 'DESC'],
    ['SORT', 'z'],
    ['SORT', 'zn'],
    ['SORT', 'zn', 'DESC'],
    ['SORT_RO', 'l'],
    ['SORT_RO', 'zn', 'DESC', 'LIMIT', 1, 1],
    ['SORT', 'nokey'],
    ['SORT', 'nokey', 'STORE', 'dst'],
    ['EXISTS', 'dst'],
  ]);
});

test('LIMIT clamps offsets and counts as Redis does', async () => {
  await setup([['RPUSH', 'l', '5', '4', '3', '2', '1'], ['ZADD', 'z', '1', 'a', '2', 'b', '3', 'c', '4', 'd']]);
  const limits: (string | number)[][] = [
    [0, 0], [0, 1], [0, -1], [1, 2], [2, 100], [4, 1], [5, 1], [6, 1], [-1, 2], [-10, 3], [0, -5], [3, -1],
    ['9223372036854775807', 1], [1, '9223372036854775807'], ['-9223372036854775808', '-9223372036854775808'],
  ];
  for (const [off, n] of limits) {
    await p.same('SORT', 'l', 'LIMIT', off, n);
    await p.same('SORT', 'l', 'DESC', 'LIMIT', off, n);
    await p.same('SORT', 'l', 'BY', 'nosort', 'LIMIT', off, n);
    await p.same('SORT', 'l', 'BY', 'nosort', 'DESC', 'LIMIT', off, n);
    await p.same('SORT', 'z', 'BY', 'nosort', 'LIMIT', off, n);
    await p.same('SORT', 'z', 'BY', 'nosort', 'DESC', 'LIMIT', off, n);
    await p.same('SORT', 'z', 'ALPHA', 'DESC', 'LIMIT', off, n);
  }
  await p.sameAll([
    ['SORT', 'l', 'LIMIT', 'x', 1],
    ['SORT', 'l', 'LIMIT', 1, '1.5'],
    ['SORT', 'l', 'LIMIT', 1],
    ['SORT', 'l', 'LIMIT'],
    ['SORT', 'l', 'LIMIT', '99999999999999999999', 1],
    // Every weight is read even when the limit leaves nothing to return.
    ['RPUSH', 'bad', '1', 'abc'],
    ['SORT', 'bad', 'LIMIT', 10, 1],
    ['SORT', 'bad', 'LIMIT', 0, 0],
    ['SORT', 'bad', 'BY', 'nosort', 'LIMIT', 10, 1],
  ]);
});

test('BY patterns: weights from keys and hash fields, missing weights, nosort, sticky nosort', async () => {
  await setup([
    ['RPUSH', 'l', 'a', 'b', 'c', 'd', 'e'],
    ['MSET', 'w_a', '3', 'w_b', '1', 'w_c', '2', 'w_d', '1'],
    ['HSET', 'h_a', 'f', '30', 'n', 'zz'],
    ['HSET', 'h_b', 'f', '10', 'n', 'xx'],
    ['HSET', 'h_c', 'f', '20'],
    ['HSET', 'h_e', 'f', '-1', 'n', 'aa'],
    ['RPUSH', 'w_e', 'not-a-string'],
    ['SET', 's_a', 'delta'],
    ['SET', 's_b', 'alpha'],
    ['SET', 's_c', 'charlie'],
    ['SET', 's_e', 'bravo'],
  ]);
  await p.sameAll([
    ['SORT', 'l', 'BY', 'w_*'],
    ['SORT', 'l', 'BY', 'w_*', 'DESC'],
    ['SORT', 'l', 'BY', 'h_*->f'],
    ['SORT', 'l', 'BY', 'h_*->f', 'DESC'],
    ['SORT', 'l', 'BY', 'h_*->n', 'ALPHA'],
    ['SORT', 'l', 'BY', 'h_*->n', 'ALPHA', 'DESC'],
    ['SORT', 'l', 'BY', 's_*', 'ALPHA'],
    ['SORT', 'l', 'BY', 's_*', 'ALPHA', 'DESC'],
    ['SORT', 'l', 'BY', 'nosort'],
    ['SORT', 'l', 'BY', 'nosort', 'DESC'],
    ['SORT', 'l', 'BY', 'nosort', 'BY', 'w_*'],
    ['SORT', 'l', 'BY', 'w_*', 'BY', 'nosort', 'DESC'],
    ['SORT', 'l', 'BY', '#'],
    ['SORT', 'l', 'BY', 'h_*->'],
    ['SORT', 'l', 'BY', '*'],
    ['SORT', 'l', 'BY', 'w_*', 'LIMIT', 1, 2],
    ['SORT', 'l', 'BY', 'h_*->f', 'LIMIT', 0, 3, 'DESC'],
    ['SORT_RO', 'l', 'BY', 'w_*', 'GET', '#', 'GET', 'h_*->f'],
  ]);
});

test('GET patterns: #, string keys, hash fields, missing and wrong-type keys', async () => {
  await setup([
    ['RPUSH', 'l', '2', '1', '3', '4'],
    ['MSET', 'o_1', 'one', 'o_2', 'two', 'o_3', 'three'],
    ['HSET', 'h_1', 'name', 'uno'],
    ['HSET', 'h_2', 'name', 'dos', 'other', 'x'],
    ['SADD', 'o_4', 'set-not-string'],
    ['SET', 'h_3', 'string-not-hash'],
  ]);
  await p.sameAll([
    ['SORT', 'l', 'GET', 'o_*'],
    ['SORT', 'l', 'GET', '#'],
    ['SORT', 'l', 'GET', '#', 'GET', 'o_*', 'GET', 'h_*->name', 'GET', 'h_*->other'],
    ['SORT', 'l', 'GET', 'nostar'],
    ['SORT', 'l', 'GET', 'o_*', 'DESC', 'LIMIT', 1, 2],
    ['SORT', 'l', 'BY', 'nosort', 'GET', 'o_*'],
    ['SORT', 'l', 'GET', '*'],
    ['SORT', 'l', 'GET', 'h_*->'],
    ['SORT', 'l', 'GET', '#x'],
    ['SORT', 'l', 'GET'],
  ]);
});

test('STORE writes a list, deletes the target when empty, and replaces other types', async () => {
  await setup([
    ['RPUSH', 'l', '3', '1', '2'],
    ['MSET', 'o_1', 'one', 'o_3', 'three'],
    ['SET', 'dst', 'string'],
    ['EXPIRE', 'dst', 1000],
    ['SADD', 'other', 'x'],
  ]);
  await p.sameAll([
    ['SORT', 'l', 'STORE', 'dst'],
    ['TYPE', 'dst'],
    ['TTL', 'dst'],
    ['LRANGE', 'dst', 0, -1],
    ['SORT', 'l', 'DESC', 'GET', '#', 'GET', 'o_*', 'STORE', 'dst'],
    ['LRANGE', 'dst', 0, -1],
    ['SORT', 'l', 'LIMIT', 10, 1, 'STORE', 'dst'],
    ['EXISTS', 'dst'],
    ['SORT', 'l', 'LIMIT', 10, 1, 'STORE', 'nothing'],
    ['SORT', 'l', 'STORE', 'other'],
    ['TYPE', 'other'],
    ['SORT', 'l', 'STORE', 'l'],
    ['LRANGE', 'l', 0, -1],
    ['SORT', 'l', 'STORE'],
    ['SORT', 'l', 'STORE', 'a', 'STORE', 'b'],
    ['EXISTS', 'a', 'b'],
    ['SORT_RO', 'l', 'STORE', 'dst'],
  ]);
  // A stored result small enough for one node is a listpack in Redis 7.2 (7.0 always made a quicklist).
  await p.same('SORT', 'l', 'STORE', 'small');
  assert.deepEqual(await p.shoal.call('OBJECT', 'ENCODING', 'small'), { t: 'bulk', v: 'listpack' });
  // Past one node's 8 KB: a quicklist in both versions.
  const many = Array.from({ length: 300 }, (_, i) => 'x'.repeat(40) + i);
  await p.same('RPUSH', 'big', ...many);
  await p.same('SORT', 'big', 'STORE', 'bigdst');
  await p.same('OBJECT', 'ENCODING', 'bigdst');
  await p.same('LRANGE', 'bigdst', 0, -1);
});

test('a set sorted BY a constant pattern into STORE is sorted as bytes, else kept in set order', async () => {
  await setup([['SADD', 's', 'b', 'c', 'a', '10', '9'], ['SADD', 'si', '30', '-1', '20', '7']]);
  await p.sameAll([
    ['SORT', 's', 'BY', 'nosort', 'STORE', 'dst'],
    ['LRANGE', 'dst', 0, -1],
    ['SORT', 's', 'BY', 'nosort', 'DESC', 'STORE', 'dst'],
    ['LRANGE', 'dst', 0, -1],
    ['SORT', 's', 'BY', 'nosort', 'LIMIT', 1, 3, 'STORE', 'dst'],
    ['LRANGE', 'dst', 0, -1],
    // An intset's order is the same in every version (a small set of strings is a listpack only since 7.2).
    ['SORT', 'si', 'BY', 'nosort'],
    ['SORT', 'si', 'BY', 'nosort', 'DESC'],
    ['SORT', 'si', 'BY', 'nosort', 'LIMIT', 1, 2],
  ]);
});

test('SORT leaves a sorted set skiplist-encoded, as Redis converts it', async () => {
  await setup([['ZADD', 'z', '1', 'a', '2', 'b']]);
  await p.sameAll([
    ['OBJECT', 'ENCODING', 'z'],
    ['SORT', 'z', 'BY', 'nosort'],
    ['OBJECT', 'ENCODING', 'z'],
    ['ZADD', 'z2', '1', 'a'],
    ['SORT', 'z2', 'LIMIT', 'x', 1],
    ['OBJECT', 'ENCODING', 'z2'],
    ['SORT_RO', 'z2'],
    ['OBJECT', 'ENCODING', 'z2'],
  ]);
});

/**
 * Redis reads weights with strtod without clearing errno first, so after a
 * range error every numeric SORT fails until some system call resets errno.
 * Shoal has no such leftover state; a new connection (whose accept loop ends
 * in EAGAIN) resets the oracle's errno between cases.
 */
async function clearRedisErrno(): Promise<void> {
  const c = await RespConn.connect(p.redisProc.port);
  await c.call('PING');
  c.close();
}

test('weights that are no doubles are refused, as strtod reads them', async () => {
  const weights = [
    '1e-310', '4.9406564584124654e-324', '2.2250738585072014e-308', '2.2250738585072011e-308', '1e-400', '1e400',
    ' 5', '5 ', '', '0x1p-1074', '0x10', '  ', 'inf', '-INF', 'nan', '1.5e308', '+3', '-', '.5', '5.', '1e', '0x',
    'abc', '12abc', '7\x00junk', '\x00', 'infinity', '-infinity', 'infinit', '00012', '-0',
  ];
  for (const w of weights) {
    await setup([['RPUSH', 'l', w, '1', '2']]);
    await p.same('SORT', 'l');
    await clearRedisErrno();
    await p.same('SORT', 'l', 'DESC');
    await clearRedisErrno();
    await setup([['RPUSH', 'l', 'a', 'b'], ['SET', 'w_a', w], ['SET', 'w_b', '1']]);
    await p.same('SORT', 'l', 'BY', 'w_*');
    await clearRedisErrno();
    await p.same('SORT', 'l', 'BY', 'w_*', 'STORE', 'dst');
    await clearRedisErrno();
    await p.same('EXISTS', 'dst');
  }
});

test('option and type errors', async () => {
  await setup([['SET', 'str', 'x'], ['HSET', 'hash', 'f', 'v'], ['RPUSH', 'l', '1']]);
  await p.sameAll([
    ['SORT', 'str'],
    ['SORT', 'hash'],
    ['SORT', 'str', 'BY', 'nosort'],
    ['SORT', 'str', 'NOSUCH'],
    ['SORT', 'l', 'NOSUCH'],
    ['SORT', 'l', 'BY'],
    ['SORT', 'l', 'ALPHA', 'LIMIT', 0],
    ['SORT_RO', 'l', 'STORE'],
    ['SORT'],
    ['SORT_RO'],
    ['SORT', 'l', 'BY', 'w_*', 'LIMIT', 'bad', 0],
  ]);
});

test('a random mix of lists, weights and options gets identical replies', async () => {
  const r = rng(77);
  const int = (n: number): number => Math.floor(r() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)];
  const elems = ['1', '2', '3', '10', '-4', '2.5', 'a', 'b', 'B', 'ab', '', '0', '007', '1e2', 'zz', '\xff', '\x01x'];
  const numeric = elems.filter((e) => /^-?[0-9.e]+$/.test(e) || e === '');
  for (let round = 0; round < 300; round++) {
    const useNumbers = int(2) === 0;
    const pool = useNumbers ? numeric : elems;
    const n = int(12);
    const cmds: (string | number)[][] = [['FLUSHALL']];
    if (n > 0) cmds.push(['RPUSH', 'l', ...Array.from({ length: n }, () => pick(pool))]);
    for (const e of elems) {
      if (int(3) === 0) cmds.push(['SET', `w_${e}`, String(int(5))]);
      if (int(3) === 0) cmds.push(['HSET', `h_${e}`, 'f', pick(['a', 'b', 'c', String(int(9))])]);
      if (int(3) === 0) cmds.push(['SET', `o_${e}`, `obj-${e}`]);
    }
    await p.sameAll(cmds);
    const args: (string | number)[] = ['SORT', 'l'];
    const alphaBy = int(4) === 0;
    if (int(3) === 0) args.push('DESC');
    if (!useNumbers || alphaBy || int(4) === 0) args.push('ALPHA');
    if (alphaBy) args.push('BY', pick(['w_*', 'h_*->f']));
    else if (int(3) === 0) args.push('BY', pick(['w_*', 'h_*->f', 'nosort']));
    // A partial sort by weights orders ties differently; limits go with whole sorts only.
    if (!args.includes('BY') && int(2) === 0) args.push('LIMIT', int(6) - 1, int(6) - 1);
    for (let g = int(3); g > 0; g--) args.push('GET', pick(['#', 'o_*', 'h_*->f', 'w_*']));
    if (int(4) === 0) args.push('STORE', 'dst');
    await p.same(...args);
    if (args.includes('STORE')) await p.same('LRANGE', 'dst', 0, -1);
  }
});

test('a random mix of integer sets, sorted sets, weights and options gets identical replies', async () => {
  const r = rng(991);
  const int = (n: number): number => Math.floor(r() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)];
  for (let round = 0; round < 200; round++) {
    const members = new Set<string>();
    for (let n = 1 + int(12); n > 0; n--) members.add(String(int(40) - 10));
    const cmds: (string | number)[][] = [['FLUSHALL']];
    // Integer sets are intsets, whose order is the same in every version; sorted sets keep score order.
    if (int(2) === 0) cmds.push(['SADD', 'c', ...members]);
    else cmds.push(['ZADD', 'c', ...[...members].flatMap((m) => [int(5), m])]);
    for (const m of members) {
      if (int(2) === 0) cmds.push(['SET', `w_${m}`, String(int(6) - 2)]);
      if (int(3) === 0) cmds.push(['HSET', `h_${m}`, 'f', String(int(4))]);
      if (int(3) === 0) cmds.push(['SET', `o_${m}`, `obj-${m}`]);
    }
    await p.sameAll(cmds);
    const args: (string | number)[] = [pick(['SORT', 'SORT_RO']), 'c'];
    if (int(3) === 0) args.push('DESC');
    // Ties between BY values sorted as bytes fall in hash order: no ALPHA with BY here.
    const by = int(2) === 0 ? pick(['w_*', 'h_*->f', 'nosort']) : null;
    if (by !== null) args.push('BY', by);
    else if (int(3) === 0) args.push('ALPHA');
    if (int(2) === 0) args.push('LIMIT', int(8) - 1, int(8) - 1);
    for (let g = int(3); g > 0; g--) args.push('GET', pick(['#', 'o_*', 'h_*->f', 'w_*']));
    if (args[0] === 'SORT' && int(4) === 0) args.push('STORE', 'dst');
    await p.same(...args);
    if (args.includes('STORE')) await p.same('LRANGE', 'dst', 0, -1);
  }
});

test('BY and GET are refused to a user who may not read every key', async () => {
  await setup([
    ['RPUSH', 'l', '2', '1'],
    ['ACL', 'SETUSER', 'limited', 'on', 'nopass', '~l', '~w_*', '+@all'],
    ['ACL', 'SETUSER', 'reader', 'on', 'nopass', '%R~*', '+@all'],
  ]);
  const [s, rd] = await Promise.all([RespConn.connect(p.shoalProc.port), RespConn.connect(p.redisProc.port)]);
  try {
    for (const user of ['limited', 'reader']) {
      const cmds = [
        ['AUTH', user, 'x'],
        ['SORT', 'l'],
        ['SORT', 'l', 'BY', 'nosort'],
        ['SORT', 'l', 'BY', 'w_*'],
        ['SORT', 'l', 'GET', '#'],
        ['SORT', 'l', 'GET', 'w_*'],
        ['SORT_RO', 'l', 'BY', 'w_*', 'GET', '#'],
      ];
      for (const cmd of cmds) assert.deepEqual(await s.call(...cmd), await rd.call(...cmd), JSON.stringify(cmd));
    }
  } finally {
    s.close();
    rd.close();
  }
});

test('in cluster mode BY with a pattern and any GET are refused, as Redis 7.2 refuses them', async () => {
  let cluster: TestCluster | null = null;
  let redis: Proc | null = null;
  try {
    cluster = await startCluster(1);
    await cluster.pushAll(cluster.evenMap());
    redis = await startRedis(['--cluster-enabled', 'yes', '--cluster-config-file', 'nodes.conf']);
    const rd = await RespConn.connect(redis.port);
    const s = await RespConn.connect(cluster.nodes[0].port);
    try {
      await rd.call('CLUSTER', 'ADDSLOTSRANGE', '0', '16383');
      for (let i = 0; i < 100; i++) {
        const info = await rd.call('CLUSTER', 'INFO');
        if (info.t === 'bulk' && info.v.includes('cluster_state:ok')) break;
        await new Promise((res) => setTimeout(res, 100));
      }
      const cmds = [
        ['RPUSH', '{t}l', '3', '1', '2'],
        ['SET', '{t}w_1', '5'],
        ['SORT', '{t}l'],
        ['SORT', '{t}l', 'BY', 'nosort', 'DESC'],
        ['SORT', '{t}l', 'BY', '{t}w_*'],
        ['SORT', '{t}l', 'BY', 'w_*'],
        ['SORT', '{t}l', 'GET', '#'],
        ['SORT', '{t}l', 'GET', '{t}w_*'],
        ['SORT_RO', '{t}l', 'GET', '#'],
        ['SORT', '{t}l', 'STORE', '{t}dst'],
        ['LRANGE', '{t}dst', '0', '-1'],
        ['SORT', '{t}l', 'STORE', 'elsewhere'],
      ];
      for (const cmd of cmds) assert.deepEqual(await s.call(...cmd), await rd.call(...cmd), JSON.stringify(cmd));
    } finally {
      s.close();
      rd.close();
    }
  } finally {
    await cluster?.stop();
    await redis?.stop();
  }
});

test('COMMAND GETKEYS finds the sorted key and the last STORE target', async () => {
  await p.sameAll([
    ['COMMAND', 'GETKEYS', 'SORT', 'l'],
    ['COMMAND', 'GETKEYS', 'SORT', 'l', 'STORE', 'a'],
    ['COMMAND', 'GETKEYS', 'SORT', 'l', 'STORE', 'a', 'STORE', 'b'],
    ['COMMAND', 'GETKEYS', 'SORT', 'l', 'GET', 'store', 'BY', 'store', 'LIMIT', 'store', 'store'],
    ['COMMAND', 'GETKEYS', 'SORT', 'l', 'STORE'],
    ['COMMAND', 'GETKEYSANDFLAGS', 'SORT', 'l', 'BY', 'x', 'STORE', 'dst'],
    ['COMMAND', 'GETKEYS', 'SORT_RO', 'l', 'BY', 'x'],
  ]);
});
