/**
 * String and bitmap commands run in-process against a Shoal server object,
 * compared with a real redis-server: lets these tests plant a non-string key
 * and read TTLs and encodings straight from the keyspace.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server } from '../../src/server/server';
import { Client } from '../../src/server/client';
import type { CollectionValue } from '../../src/store/value';
import { stringEncoding } from '../../src/store/strval';
import { startRedis, type Proc } from '../helpers/procs';
import { RespConn, parseReply, type Reply } from '../helpers/resp';

let redisProc: Proc;
let redis: RespConn;
let server: Server;
let client: Client;

const fakeList: CollectionValue = {
  type: 'list',
  encoding: () => 'listpack',
  clone: () => fakeList,
};

function local(...args: (string | number)[]): Reply {
  client.out = '';
  server.dispatch(client, args.map(String));
  const parsed = parseReply(Buffer.from(client.out, 'latin1'), 0);
  assert.ok(parsed, `no complete reply to ${args.join(' ')}`);
  return parsed[0];
}

async function same(...args: (string | number)[]): Promise<Reply> {
  const a = local(...args);
  const b = await redis.call(...args);
  assert.deepEqual(a, b, `reply to ${args.join(' ')} differs: shoal=${JSON.stringify(a)} redis=${JSON.stringify(b)}`);
  return a;
}

before(async () => {
  redisProc = await startRedis();
  redis = await RespConn.connect(redisProc.port);
  server = new Server();
  client = new Client(server, null);
});
after(async () => {
  redis.close();
  await redisProc.stop();
});

test('every string and bitmap command refuses a key of another type as Redis does', async () => {
  server.keyspace.dbs[0].set('lst', fakeList);
  await redis.call('RPUSH', 'lst', 'a');
  await redis.call('SET', 's', 'abc');
  server.keyspace.dbs[0].set('s', 'abc');
  const cmds: (string | number)[][] = [
    ['GET', 'lst'], ['SET', 'lst', 'v', 'GET'], ['SET', 'lst', 'v', 'NX'], ['SET', 'lst', 'v', 'XX', 'GET'],
    ['SETNX', 'lst', 'v'], ['GETSET', 'lst', 'v'], ['GETDEL', 'lst'], ['GETEX', 'lst'], ['GETEX', 'lst', 'EX', '0'],
    ['MGET', 'lst', 's'], ['MSETNX', 'lst', 'v'], ['APPEND', 'lst', 'v'], ['STRLEN', 'lst'], ['GETRANGE', 'lst', 0, 1],
    ['SUBSTR', 'lst', 0, 1], ['GETRANGE', 'lst', 'x', 1], ['SETRANGE', 'lst', 0, 'x'], ['SETRANGE', 'lst', 0, ''],
    ['SETRANGE', 'lst', -1, 'x'], ['INCR', 'lst'], ['DECR', 'lst'], ['INCRBY', 'lst', 1], ['INCRBY', 'lst', 'x'],
    ['DECRBY', 'lst', 1], ['INCRBYFLOAT', 'lst', 1], ['INCRBYFLOAT', 'lst', 'x'], ['LCS', 'lst', 's'], ['LCS', 's', 'lst'],
    ['SETBIT', 'lst', 0, 1], ['SETBIT', 'lst', 0, 2], ['GETBIT', 'lst', 0], ['BITCOUNT', 'lst'], ['BITCOUNT', 'lst', 0, 1],
    ['BITPOS', 'lst', 1], ['BITPOS', 'lst', 2], ['BITPOS', 'lst', 1, 0, 1, 'BIT'], ['BITOP', 'AND', 'd', 's', 'lst'],
    ['BITOP', 'NOT', 'lst', 's'], ['BITFIELD', 'lst', 'GET', 'u8', 0], ['BITFIELD', 'lst', 'SET', 'u8', 0, 1],
    ['BITFIELD_RO', 'lst', 'GET', 'u8', 0], ['BITFIELD', 'lst', 'GET', 'u99', 0],
  ];
  for (const c of cmds) await same(...c);
  // A plain SET or MSET replaces whatever type was there.
  await same('SET', 'lst', 'now');
  await same('GET', 'lst');
});

test('TTLs: SET/SETEX/PSETEX/GETEX store absolute times, KEEPTTL keeps, writes clear or keep as Redis', async () => {
  const db = server.keyspace.dbs[0];
  const near = (key: string, ms: number): void => {
    const when = db.getExpire(key);
    assert.ok(when !== undefined, `${key} has no TTL`);
    const left = when - Date.now();
    assert.ok(left > ms - 5000 && left <= ms, `${key} TTL ${left} not near ${ms}`);
  };
  local('SET', 't1', 'v', 'EX', 100);
  near('t1', 100000);
  local('SET', 't1', 'v', 'KEEPTTL');
  near('t1', 100000);
  local('SET', 't1', 'v');
  assert.equal(db.getExpire('t1'), undefined);
  local('SET', 't2', 'v', 'PX', 50000);
  near('t2', 50000);
  const at = Date.now() + 70000;
  local('SET', 't3', 'v', 'PXAT', at);
  assert.equal(db.getExpire('t3'), at);
  local('SET', 't4', 'v', 'EXAT', Math.floor(at / 1000));
  assert.equal(db.getExpire('t4'), Math.floor(at / 1000) * 1000);
  local('SETEX', 't5', 30, 'v');
  near('t5', 30000);
  local('PSETEX', 't6', 30000, 'v');
  near('t6', 30000);
  local('GETEX', 't6', 'EX', 200);
  near('t6', 200000);
  local('GETEX', 't6', 'PERSIST');
  assert.equal(db.getExpire('t6'), undefined);
  local('GETEX', 't6', 'PXAT', at);
  assert.equal(db.getExpire('t6'), at);
  // Writes that keep the TTL (as Redis's dbReplaceValue / in-place edits do).
  for (const cmd of [['APPEND', 't5', 'x'], ['SETRANGE', 't5', 0, 'y'], ['SETBIT', 't5', 100, 1], ['BITFIELD', 't5', 'SET', 'u8', 0, 65]]) {
    local(...cmd);
    near('t5', 30000);
  }
  local('SET', 'n', '1', 'EX', 100);
  local('INCR', 'n');
  local('INCRBYFLOAT', 'n', '1.5');
  near('n', 100000);
  // GETSET and MSET clear it.
  local('GETSET', 't2', 'w');
  assert.equal(db.getExpire('t2'), undefined);
  local('MSET', 't3', 'w');
  assert.equal(db.getExpire('t3'), undefined);
  // SET with a time already past stores the key expired: the next access reclaims it. GETEX deletes it at once.
  local('SET', 't7', 'v', 'PXAT', 1);
  assert.equal(db.peek('t7'), 'v');
  assert.equal(db.get('t7'), undefined);
  assert.equal(db.peek('t7'), undefined);
  local('SET', 't8', 'v');
  local('GETEX', 't8', 'EXAT', 1);
  assert.equal(db.peek('t8'), undefined);
});

test('OBJECT ENCODING rules: int, embstr, raw after in-place edits', () => {
  const db = server.keyspace.dbs[0];
  const enc = (k: string): string => stringEncoding(db.peek(k) as string | Buffer);
  local('SET', 'i', '12345');
  assert.equal(enc('i'), 'int');
  local('SET', 'i', '-9223372036854775808');
  assert.equal(enc('i'), 'int');
  local('SET', 'i', '9223372036854775808');
  assert.equal(enc('i'), 'embstr');
  local('SET', 'i', '012');
  assert.equal(enc('i'), 'embstr');
  local('SET', 'e', 'x'.repeat(44));
  assert.equal(enc('e'), 'embstr');
  local('SET', 'r', 'x'.repeat(45));
  assert.equal(enc('r'), 'raw');
  local('SET', 'a', 'ab');
  local('APPEND', 'a', 'c');
  assert.equal(enc('a'), 'raw');
  local('APPEND', 'new', '12');
  assert.equal(enc('new'), 'int');
  local('SETRANGE', 'sr', 0, 'x');
  assert.equal(enc('sr'), 'raw');
  local('SETBIT', 'sb', 1, 1);
  assert.equal(enc('sb'), 'raw');
  local('INCR', 'cnt');
  assert.equal(enc('cnt'), 'int');
});

test('writes count in the dirty counter; reads and no-op writes do not', () => {
  const d0 = server.dirty;
  local('SET', 'dk', 'v');
  local('MSET', 'dk1', 'a', 'dk2', 'b');
  assert.equal(server.dirty, d0 + 3);
  local('GET', 'dk');
  local('SET', 'dk', 'v', 'NX');
  local('SETRANGE', 'dk', 0, '');
  local('BITCOUNT', 'dk');
  assert.equal(server.dirty, d0 + 3);
  local('INCR', 'dc');
  local('APPEND', 'dk', 'x');
  assert.equal(server.dirty, d0 + 5);
});

test('growing a value in place reuses its spare room', () => {
  const db = server.keyspace.dbs[0];
  local('SET', 'grow', 'start');
  local('APPEND', 'grow', 'x');
  const first = db.peek('grow') as Buffer;
  assert.ok(Buffer.isBuffer(first));
  local('APPEND', 'grow', 'y');
  const second = db.peek('grow') as Buffer;
  assert.equal(second.buffer, first.buffer, 'the second APPEND should write into the same memory');
  assert.equal(second.latin1Slice(0, second.length), 'startxy');
  for (let i = 0; i < 1000; i++) local('APPEND', 'grow', 'z');
  assert.equal(local('STRLEN', 'grow').t, 'int');
  assert.deepEqual(local('STRLEN', 'grow'), { t: 'int', v: '1007' });
  local('SETRANGE', 'grow', 2000, 'end');
  assert.deepEqual(local('GETRANGE', 'grow', 1005, 1010), { t: 'bulk', v: 'zz\0\0\0\0' });
});
