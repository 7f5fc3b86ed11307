/**
 * Stream commands against redis-server: replies and errors of every
 * command, consumer groups and their pending lists, node splitting and
 * approximate trimming, keyspace events, blocking reads woken by another
 * client, DUMP/RESTORE both ways, a long seeded random sequence, and a real
 * client. Times (idle, delivery and seen times) differ between two servers,
 * so replies that carry them are compared with those fields masked.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import Redis from 'ioredis';
import { startPair, type Pair } from '../helpers/diff';
import { RespConn, show, type Reply } from '../helpers/resp';
import { waitBlocked } from '../helpers/blocked';
import { clients, sameScenario, send } from '../helpers/blocking';
import { rng } from '../helpers/rng';
import { crc64 } from '../../src/persist/crc64';
import { loadDumpPayload, RdbWriter } from '../../src/persist/rdb-object';
import { writeStream, RDB_TYPE_STREAM_LISTPACKS, RDB_TYPE_STREAM_LISTPACKS_2 } from '../../src/persist/rdb-stream';
import type { StreamValue } from '../../src/store/stream';

let p: Pair;
before(async () => {
  p = await startPair();
});
after(async () => {
  await p.close();
});

type Cmd = (string | number)[];

/** Replaces the integers at the given positions of every element of an array reply (idle times...). */
function maskInts(r: Reply, path: (number | '*')[]): Reply {
  if (path.length === 0) return r.t === 'int' ? { t: 'int', v: 'T' } : r;
  if (r.t !== 'array' || r.v === null) return r;
  const [head, ...rest] = path;
  return { t: 'array', v: r.v.map((x, i) => (head === '*' || head === i ? maskInts(x, rest) : x)) };
}

/** Masks the value after each named field of a flat (RESP2) map reply, at any depth. */
function maskFields(r: Reply, names: string[]): Reply {
  if ((r.t !== 'array' && r.t !== 'map') || r.v === null) return r;
  if (r.t === 'map') return { t: 'map', v: r.v.map(([k, v]) => [k, k.t === 'bulk' && names.includes(k.v) ? { t: 'int', v: 'T' } : maskFields(v, names)]) };
  const out: Reply[] = [];
  for (let i = 0; i < r.v.length; i++) {
    const x = r.v[i];
    out.push(maskFields(x, names));
    if (x.t === 'bulk' && names.includes(x.v) && i + 1 < r.v.length) {
      out.push({ t: 'int', v: 'T' });
      i++;
    }
  }
  return { t: 'array', v: out };
}

async function sameMasked(mask: (r: Reply) => Reply, ...cmd: Cmd): Promise<Reply> {
  const [a, b] = await p.both(...cmd);
  assert.deepEqual(mask(a), mask(b), `reply to ${JSON.stringify(cmd)} differs: shoal=${JSON.stringify(show(a))} redis=${JSON.stringify(show(b))}`);
  return a;
}

/** XPENDING's extended form: the idle time of each entry is masked. */
const pendingIdle = (r: Reply): Reply => maskInts(r, ['*', 2]);
/** XINFO STREAM FULL without times; Redis 7.0 has no active-time (7.2 added it), so it is dropped here. */
function fullInfo(r: Reply): Reply {
  return maskFields(dropField(r, 'active-time'), ['seen-time']);
}
function dropField(r: Reply, name: string): Reply {
  if (r.t !== 'array' || r.v === null) return r;
  const out: Reply[] = [];
  for (let i = 0; i < r.v.length; i++) {
    const x = r.v[i];
    if (x.t === 'bulk' && x.v === name) {
      i++;
      continue;
    }
    out.push(dropField(x, name));
  }
  return { t: 'array', v: out };
}
/** Nack delivery times (third element of a group's pending entries) masked. */
function fullInfoTimes(r: Reply): Reply {
  const masked = fullInfo(r);
  if (masked.t !== 'array' || masked.v === null) return masked;
  const v = masked.v.slice();
  const gi = v.findIndex((x) => x.t === 'bulk' && x.v === 'groups');
  const groups = v[gi + 1];
  if (groups.t === 'array' && groups.v !== null) {
    v[gi + 1] = {
      t: 'array',
      v: groups.v.map((g) => {
        if (g.t !== 'array' || g.v === null) return g;
        const gv = g.v.slice();
        const pi = gv.findIndex((x) => x.t === 'bulk' && x.v === 'pending');
        gv[pi + 1] = maskInts(gv[pi + 1], ['*', 2]);
        const ci = gv.findIndex((x) => x.t === 'bulk' && x.v === 'consumers');
        const cons = gv[ci + 1];
        if (cons.t === 'array' && cons.v !== null) {
          gv[ci + 1] = {
            t: 'array',
            v: cons.v.map((cv) => {
              if (cv.t !== 'array' || cv.v === null) return cv;
              const cc = cv.v.slice();
              const ppi = cc.findIndex((x) => x.t === 'bulk' && x.v === 'pending');
              cc[ppi + 1] = maskInts(cc[ppi + 1], ['*', 1]);
              return { t: 'array', v: cc };
            }),
          };
        }
        return { t: 'array', v: gv };
      }),
    };
  }
  return { t: 'array', v };
}

test('XADD: IDs, options and their errors', async () => {
  await p.sameAll([
    ['DEL', 's', 'nokey'],
    ['XADD', 's', '1-1', 'a', '1'],
    ['XADD', 's', '1-1', 'a', '1'],
    ['XADD', 's', '1-0', 'a', '1'],
    ['XADD', 's', '1-*', 'b', '2'],
    ['XADD', 's', '2', 'c', '3', 'd', '4'],
    ['XADD', 's', '0-0', 'a', '1'],
    ['XADD', 'nokey', '0-*', 'a', '1'],
    ['XADD', 's', '*'],
    ['XADD', 's'],
    ['XADD', 's', '3', 'a'],
    ['XADD', 's', '3', 'a', '1', 'b'],
    ['XADD', 's', 'MAXLEN', '~'],
    ['XADD', 's', 'MAXLEN', '-1', '*', 'a', '1'],
    ['XADD', 's', 'MAXLEN', 'abc', '*', 'a', '1'],
    ['XADD', 's', 'MAXLEN', '1', 'MINID', '1', '*', 'a', '1'],
    ['XADD', 's', 'MINID', 'bad', '*', 'a', '1'],
    ['XADD', 's', 'MINID', '+', '*', 'a', '1'],
    ['XADD', 's', 'LIMIT', '10', '3', 'a', '1'],
    ['XADD', 's', 'MAXLEN', '10', 'LIMIT', '10', '3', 'a', '1'],
    ['XADD', 's', 'MAXLEN', '~', '10', 'LIMIT', '-1', '3', 'a', '1'],
    ['XADD', 's', 'bad-id', 'a', '1'],
    ['XADD', 's', '-', 'a', '1'],
    ['XADD', 's', '3-x', 'a', '1'],
    ['XADD', 's', 'NOMKSTREAM', '4', 'a', '1'],
    ['XADD', 'nokey2', 'NOMKSTREAM', '*', 'a', '1'],
    ['EXISTS', 'nokey2'],
    ['XADD', 's', 'MAXLEN', '=', '3', '5', 'e', '5'],
    ['XADD', 's', 'MINID', '=', '2', '6', 'e', '5'],
    ['XADD', 's', 'MAXLEN', '~', '1', 'LIMIT', '0', '7', 'e', '5'],
    ['XADD', 's', '18446744073709551615-18446744073709551614', 'x', 'y'],
    ['XADD', 's', '18446744073709551615-*', 'x', 'y'],
    ['XADD', 's', '18446744073709551615-*', 'x', 'y'],
    ['XADD', 's', '*', 'x', 'y'],
    ['XADD', 's', '18446744073709551616', 'x', 'y'],
    ['XRANGE', 's', '-', '+'],
    ['XLEN', 's'],
    ['TYPE', 's'],
    ['OBJECT', 'ENCODING', 's'],
    ['SET', 'str', 'x'],
    ['XADD', 'str', '*', 'a', '1'],
    ['XADD', 's', '\x00\xff', '\r\n', '\x00\xff'],
  ]);
  // An auto ID is now's milliseconds and a sequence.
  const id = show(await p.shoal.call('XADD', 'auto', '*', 'f', 'v')) as string;
  assert.match(id, /^\d{13}-0$/);
  assert.ok(Math.abs(Number(id.split('-')[0]) - Date.now()) < 5000);
  await p.shoal.call('XADD', 'auto', `${id.split('-')[0]}-*`, 'f', 'v');
  assert.equal(show(await p.shoal.call('XLEN', 'auto')), 2);
});

test('XRANGE and XREVRANGE: bounds, exclusive bounds, COUNT and errors', async () => {
  await p.sameAll([
    ['DEL', 's'],
    ['XADD', 's', '1-1', 'a', '1'],
    ['XADD', 's', '1-2', 'b', '2'],
    ['XADD', 's', '2-0', 'c', '3'],
    ['XADD', 's', '3-5', 'd', '4'],
    ['XRANGE', 's', '-', '+'],
    ['XREVRANGE', 's', '+', '-'],
    ['XRANGE', 's', '1', '2'],
    ['XRANGE', 's', '1-2', '3'],
    ['XREVRANGE', 's', '3', '1-2'],
    ['XRANGE', 's', '(1-1', '+'],
    ['XRANGE', 's', '-', '(2'],
    ['XRANGE', 's', '-', '(2-0'],
    ['XREVRANGE', 's', '(3-5', '(1-1'],
    ['XRANGE', 's', '(18446744073709551615-18446744073709551615', '+'],
    ['XRANGE', 's', '-', '(0-0'],
    ['XRANGE', 's', '(-', '+'],
    ['XRANGE', 's', '-', '(+'],
    ['XRANGE', 's', '(', '+'],
    ['XRANGE', 's', '-', '+', 'COUNT', '2'],
    ['XREVRANGE', 's', '+', '-', 'COUNT', '3'],
    ['XRANGE', 's', '-', '+', 'COUNT', '0'],
    ['XRANGE', 's', '-', '+', 'COUNT', '-1'],
    ['XRANGE', 's', '-', '+', 'COUNT'],
    ['XRANGE', 's', '-', '+', 'COUNT', 'x'],
    ['XRANGE', 's', '-', '+', 'FOO', '1'],
    ['XRANGE', 's', 'abc', '+'],
    ['XRANGE', 's', '1-x', '+'],
    ['XRANGE', 's', '01', '+'],
    ['XRANGE', 's', ' 1', '+'],
    ['XRANGE', 's', '+1', '+'],
    ['XRANGE', 's', '1--1', '+'],
    ['XRANGE', 's', '3', '1'],
    ['XRANGE', 'nokey', '-', '+'],
    ['XRANGE', 'nokey', '-', '+', 'COUNT', '0'],
    ['XRANGE', 's'],
    ['SET', 'str', 'x'],
    ['XRANGE', 'str', '-', '+'],
    ['XREVRANGE', 'str', '+', '-'],
    ['XLEN', 'str'],
    ['XLEN', 'nokey'],
  ]);
});

test('XDEL and XTRIM, with XINFO STREAM following first, last and deleted IDs', async () => {
  await p.sameAll([
    ['DEL', 's'],
    ['XADD', 's', '1-0', 'f', 'v'],
    ['XADD', 's', '2-0', 'f', 'v'],
    ['XADD', 's', '3-0', 'f', 'v'],
    ['XADD', 's', '4-0', 'g', 'v', 'h', 'w'],
    ['XDEL', 's', '2-0', '9-9', '2-0'],
    ['XDEL', 's', 'bad'],
    ['XDEL', 's', '+'],
    ['XDEL', 'nokey', 'bad'],
    ['XINFO', 'STREAM', 's'],
    ['XDEL', 's', '1-0'],
    ['XINFO', 'STREAM', 's'],
    ['XINFO', 'STREAM', 's', 'FULL'],
    ['XTRIM', 's', 'MAXLEN', '1'],
    ['XINFO', 'STREAM', 's'],
    ['XTRIM', 's'],
    ['XTRIM', 's', 'FOO'],
    ['XTRIM', 's', 'MAXLEN'],
    ['XTRIM', 's', 'MAXLEN', '~', '0', 'LIMIT', '5'],
    ['XTRIM', 's', 'MAXLEN', '0', 'LIMIT', '5'],
    ['XTRIM', 's', 'LIMIT', '5'],
    ['XTRIM', 's', 'MINID', '5'],
    ['XINFO', 'STREAM', 's'],
    ['XDEL', 's', '4-0'],
    ['XINFO', 'STREAM', 's'],
    ['XTRIM', 'nokey', 'MAXLEN', '0'],
    ['XTRIM', 'nokey', 'MAXLEN', 'x'],
    ['XINFO', 'STREAM', 'nokey'],
    ['XINFO', 'STREAM', 's', 'FULL', 'COUNT'],
    ['XINFO', 'STREAM', 's', 'FOO'],
    ['XINFO', 'STREAM', 's', 'FULL', 'COUNT', 'x'],
    ['XINFO', 'STREAM', 's', 'FULL', 'LIMIT', '1'],
    ['XINFO', 'FOO', 's'],
    ['XINFO', 'STREAM'],
    ['SET', 'str', 'x'],
    ['XDEL', 'str', '1'],
    ['XTRIM', 'str', 'MAXLEN', '0'],
    ['XINFO', 'STREAM', 'str'],
  ]);
  await p.sameHelp('XINFO', 'HELP');
  await p.sameHelp('XGROUP', 'HELP');
});

test('nodes split as in Redis: approximate trimming, LIMIT and radix-tree counts', async () => {
  const cmds: Cmd[] = [['DEL', 'big', 'bytes']];
  for (let i = 1; i <= 750; i++) cmds.push(['XADD', 'big', `${i}-${i % 3}`, 'field', String(i), ...(i % 7 === 0 ? ['other', 'x'] : [])]);
  cmds.push(['XINFO', 'STREAM', 'big'], ['XTRIM', 'big', 'MAXLEN', '~', '620'], ['XINFO', 'STREAM', 'big']);
  cmds.push(['XTRIM', 'big', 'MAXLEN', '~', '10', 'LIMIT', '150'], ['XINFO', 'STREAM', 'big']);
  cmds.push(['XTRIM', 'big', 'MINID', '~', '500'], ['XINFO', 'STREAM', 'big'], ['XTRIM', 'big', 'MINID', '555-0'], ['XINFO', 'STREAM', 'big']);
  cmds.push(['XADD', 'big', 'MAXLEN', '~', '100', '9999-0', 'f', 'v'], ['XLEN', 'big'], ['XTRIM', 'big', 'MAXLEN', '~', '0', 'LIMIT', '0'], ['XINFO', 'STREAM', 'big']);
  // Byte-bound nodes: values of every listpack encoding size.
  for (let i = 1; i <= 200; i++) cmds.push(['XADD', 'bytes', String(i * 1000), 'k', 'v'.repeat((i * 37) % 700), 'n', String(i * 4099)]);
  cmds.push(['XINFO', 'STREAM', 'bytes'], ['XTRIM', 'bytes', 'MAXLEN', '~', '150'], ['XINFO', 'STREAM', 'bytes']);
  for (let i = 2; i <= 200; i += 3) cmds.push(['XDEL', 'bytes', String(i * 1000)]);
  cmds.push(['XINFO', 'STREAM', 'bytes'], ['XRANGE', 'bytes', '60000', '90000'], ['XREVRANGE', 'bytes', '+', '-', 'COUNT', '5']);
  cmds.push(['CONFIG', 'SET', 'stream-node-max-entries', '4'], ['CONFIG', 'SET', 'stream-node-max-bytes', '120']);
  for (let i = 1; i <= 60; i++) cmds.push(['XADD', 'small', `${i}-1`, 'a', String(i), ...(i % 5 === 0 ? ['b', 'y'.repeat(i)] : [])]);
  cmds.push(['XINFO', 'STREAM', 'small'], ['XTRIM', 'small', 'MAXLEN', '~', '33'], ['XINFO', 'STREAM', 'small'], ['XTRIM', 'small', 'MINID', '~', '50']);
  cmds.push(['XINFO', 'STREAM', 'small'], ['XRANGE', 'small', '-', '+']);
  cmds.push(['CONFIG', 'SET', 'stream-node-max-entries', '0'], ['CONFIG', 'SET', 'stream-node-max-bytes', '0']);
  for (let i = 1; i <= 120; i++) cmds.push(['XADD', 'unbounded', `${i}`, 'a', 'b']);
  cmds.push(['XINFO', 'STREAM', 'unbounded'], ['XTRIM', 'unbounded', 'MAXLEN', '~', '1']);
  cmds.push(['CONFIG', 'SET', 'stream-node-max-entries', '100'], ['CONFIG', 'SET', 'stream-node-max-bytes', '4096']);
  // IDs far apart give the radix tree other shapes.
  for (const id of ['1-0', '255-0', '256-0', '65536-1', '65536-2', '4294967296-0', '1099511627776-7', '18446744073709551615-0']) cmds.push(['XADD', 'rax', id, 'f', 'v']);
  cmds.push(['XINFO', 'STREAM', 'rax']);
  // MEMORY USAGE follows listpack allocations: preallocated tail nodes, refitted closed ones, tombstones.
  for (const k of ['big', 'bytes', 'small', 'unbounded', 'rax']) cmds.push(['MEMORY', 'USAGE', k], ['MEMORY', 'USAGE', k, 'SAMPLES', '0']);
  await p.sameAll(cmds);
});

test('consumer groups: XGROUP, XREADGROUP, XACK, XPENDING, XCLAIM, XAUTOCLAIM, XINFO', async () => {
  await p.sameAll([
    ['DEL', 's', 'nokey', 'mk'],
    ['XADD', 's', '1-0', 'a', '1'],
    ['XADD', 's', '2-0', 'b', '2'],
    ['XADD', 's', '3-0', 'c', '3'],
    ['XGROUP', 'CREATE', 's', 'g', '0'],
    ['XGROUP', 'CREATE', 's', 'g', '0'],
    ['XGROUP', 'CREATE', 'nokey', 'g', '0'],
    ['XGROUP', 'CREATE', 'mk', 'g', '$', 'MKSTREAM'],
    ['XINFO', 'STREAM', 'mk'],
    ['XGROUP', 'CREATE', 's', 'g2', '$', 'ENTRIESREAD', '3'],
    ['XGROUP', 'CREATE', 's', 'g3', 'bad'],
    ['XGROUP', 'CREATE', 's', 'g3', '-'],
    ['XGROUP', 'CREATE', 's', 'g3', '0', 'FOO'],
    ['XGROUP', 'CREATE', 's', 'g3', '0', 'ENTRIESREAD', '-2'],
    ['XGROUP', 'CREATE', 's', 'g3', '0', 'ENTRIESREAD', 'x'],
    ['XGROUP', 'CREATE', 's', 'g3', '0', 'MKSTREAM', 'MKSTREAM', 'MKSTREAM', 'MKSTREAM'],
    ['XGROUP', 'CREATE', 's', 'g4', '1-0', 'ENTRIESREAD', '-1'],
    ['XINFO', 'GROUPS', 's'],
    ['XREADGROUP', 'GROUP', 'g', 'alice', 'COUNT', '1', 'STREAMS', 's', '>'],
    ['XREADGROUP', 'GROUP', 'g', 'bob', 'STREAMS', 's', '>'],
    ['XREADGROUP', 'GROUP', 'g', 'bob', 'STREAMS', 's', '>'],
    ['XREADGROUP', 'GROUP', 'g', 'alice', 'STREAMS', 's', '0'],
    ['XREADGROUP', 'GROUP', 'g', 'bob', 'STREAMS', 's', '0-0'],
    ['XREADGROUP', 'GROUP', 'g', 'bob', 'COUNT', '1', 'STREAMS', 's', '2-0'],
    ['XREADGROUP', 'GROUP', 'g', 'nobody', 'STREAMS', 's', '0'],
    ['XINFO', 'GROUPS', 's'],
    ['XPENDING', 's', 'g'],
    ['XPENDING', 's', 'g2'],
    ['XPENDING', 's', 'nog'],
    ['XPENDING', 'nokey2', 'g'],
    ['XPENDING', 's', 'g', '-', '+', '0'],
    ['XPENDING', 's', 'g', '-', '+'],
    ['XPENDING', 's', 'g', '-', '+', 'x'],
    ['XPENDING', 's', 'g', 'IDLE', '10', '-', '+'],
    ['XPENDING', 's', 'g', 'IDLE', 'x', '-', '+', '10'],
    ['XPENDING', 's', 'g', 'bad', '+', '10'],
    ['XPENDING', 's', 'g', '(18446744073709551615-18446744073709551615', '+', '10'],
    ['XPENDING', 's', 'g', '-', '+', '10', 'nobody'],
    ['XPENDING', 's', 'g', 'IDLE', '1000000', '-', '+', '10'],
    ['XACK', 's', 'g', '1-0', '1-0', '9-0'],
    ['XACK', 's', 'g', 'bad'],
    ['XACK', 's', 'nog', 'bad'],
    ['XACK', 'nokey2', 'g', '1-0'],
    ['XPENDING', 's', 'g'],
    ['XDEL', 's', '2-0'],
    ['XREADGROUP', 'GROUP', 'g', 'bob', 'STREAMS', 's', '0'],
    ['XCLAIM', 's', 'g', 'carol', '0', '2-0', '3-0', 'JUSTID'],
    ['XPENDING', 's', 'g'],
    ['XADD', 's', '4-0', 'd', '4'],
    ['XADD', 's', '5-0', 'e', '5'],
    ['XREADGROUP', 'GROUP', 'g', 'dave', 'NOACK', 'STREAMS', 's', '>'],
    ['XINFO', 'GROUPS', 's'],
    ['XPENDING', 's', 'g'],
    ['XCLAIM', 's', 'g', 'carol', '0', '4-0', 'FORCE', 'JUSTID', 'RETRYCOUNT', '7'],
    ['XCLAIM', 's', 'g', 'carol', '0', '4-0', 'FORCE', 'JUSTID'],
    ['XCLAIM', 's', 'g', 'carol', '0', '2-0', 'FORCE', 'JUSTID'],
    ['XCLAIM', 's', 'g', 'carol', '0', '9-0', 'FORCE', 'JUSTID'],
    ['XCLAIM', 's', 'g', 'carol', '0', '5-0', 'FORCE'],
    ['XCLAIM', 's', 'g', 'carol', 'x', '4-0'],
    ['XCLAIM', 's', 'g', 'carol', '0', '4-0', 'IDLE', 'x'],
    ['XCLAIM', 's', 'g', 'carol', '0', '4-0', 'TIME', 'x'],
    ['XCLAIM', 's', 'g', 'carol', '0', '4-0', 'RETRYCOUNT', 'x'],
    ['XCLAIM', 's', 'g', 'carol', '0', '4-0', 'FOO'],
    ['XCLAIM', 's', 'g', 'carol', '0', '4-0', 'LASTID', 'bad'],
    ['XCLAIM', 's', 'g', 'carol', '0', 'bad'],
    ['XCLAIM', 's', 'nog', 'carol', '0', '4-0'],
    ['XCLAIM', 'nokey2', 'g', 'carol', '0', '4-0'],
    ['XCLAIM', 's', 'g', 'erin', '0', '3-0', '4-0', 'TIME', '1000', 'RETRYCOUNT', '3'],
    ['XCLAIM', 's', 'g', 'erin', '3600000', '3-0', '4-0', '5-0'],
    ['XCLAIM', 's', 'g', 'erin', '0', '3-0', 'LASTID', '9-0', 'JUSTID'],
    ['XINFO', 'GROUPS', 's'],
    ['XAUTOCLAIM', 's', 'g', 'frank', '0', '0-0', 'COUNT', '1'],
    ['XAUTOCLAIM', 's', 'g', 'frank', '0', '0-0'],
    ['XAUTOCLAIM', 's', 'g', 'frank', '0', '0-0', 'JUSTID'],
    ['XAUTOCLAIM', 's', 'g', 'frank', '3600000', '0-0', 'JUSTID'],
    ['XAUTOCLAIM', 's', 'g', 'frank', '0', '(3-0', 'JUSTID'],
    ['XAUTOCLAIM', 's', 'g', 'frank', '0', '0-0', 'COUNT', '0'],
    ['XAUTOCLAIM', 's', 'g', 'frank', '0', '0-0', 'COUNT', 'x'],
    ['XAUTOCLAIM', 's', 'g', 'frank', '0', '0-0', 'COUNT', '9223372036854775807'],
    ['XAUTOCLAIM', 's', 'g', 'frank', 'x', '0-0'],
    ['XAUTOCLAIM', 's', 'g', 'frank', '0', 'bad'],
    ['XAUTOCLAIM', 's', 'nog', 'frank', '0', '0'],
    ['XAUTOCLAIM', 's', 'g', 'frank', '0', '0', 'FOO'],
    ['XDEL', 's', '3-0', '4-0'],
    ['XAUTOCLAIM', 's', 'g', 'frank', '0', '0-0', 'COUNT', '1', 'JUSTID'],
    ['XAUTOCLAIM', 's', 'g', 'frank', '0', '0-0', 'JUSTID'],
    ['XGROUP', 'CREATECONSUMER', 's', 'g', 'zed'],
    ['XGROUP', 'CREATECONSUMER', 's', 'g', 'zed'],
    ['XGROUP', 'CREATECONSUMER', 's', 'nog', 'zed'],
    ['XGROUP', 'CREATECONSUMER', 'nokey2', 'g', 'zed'],
    ['XGROUP', 'DELCONSUMER', 's', 'g', 'frank'],
    ['XGROUP', 'DELCONSUMER', 's', 'g', 'nobody'],
    ['XPENDING', 's', 'g'],
    ['XGROUP', 'SETID', 's', 'g', '0'],
    ['XINFO', 'GROUPS', 's'],
    ['XREADGROUP', 'GROUP', 'g', 'zed', 'COUNT', '1', 'STREAMS', 's', '>'],
    ['XPENDING', 's', 'g'],
    ['XGROUP', 'SETID', 's', 'g', '$', 'ENTRIESREAD', '2'],
    ['XINFO', 'GROUPS', 's'],
    ['XGROUP', 'SETID', 's', 'g', '-'],
    ['XGROUP', 'SETID', 's', 'g', '+'],
    ['XINFO', 'GROUPS', 's'],
    ['XGROUP', 'SETID', 's', 'g', 'bad'],
    ['XGROUP', 'SETID', 's', 'nog', '0'],
    ['XGROUP', 'SETID', 's', 'g', '0', 'ENTRIESREAD'],
    ['XGROUP', 'SETID', 's', 'g', '0', 'MKSTREAM'],
    ['XGROUP', 'SETID', 'nokey2', 'g', '0'],
    ['XGROUP', 'DESTROY', 's', 'g'],
    ['XGROUP', 'DESTROY', 's', 'g'],
    ['XGROUP', 'DESTROY', 'nokey2', 'g'],
    ['XGROUP', 'FOO'],
    ['XGROUP', 'CREATE', 's'],
    ['XGROUP'],
    ['XINFO', 'GROUPS', 's'],
    ['XINFO', 'CONSUMERS', 's', 'nog'],
    ['XINFO', 'CONSUMERS', 'nokey2', 'g'],
    ['XINFO', 'GROUPS', 'nokey2'],
    ['SET', 'str', 'x'],
    ['XGROUP', 'CREATE', 'str', 'g', '0'],
    ['XGROUP', 'CREATE', 'str', 'g', '0', 'MKSTREAM'],
    ['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 'str', '>'],
    ['XACK', 'str', 'g', '1'],
    ['XPENDING', 'str', 'g'],
    ['XCLAIM', 'str', 'g', 'c', '0', '1'],
    ['XAUTOCLAIM', 'str', 'g', 'c', '0', '0'],
    ['XINFO', 'GROUPS', 'str'],
    ['XINFO', 'CONSUMERS', 'str', 'g'],
  ]);
  // Idle times differ by a few milliseconds between the two servers.
  await sameMasked(pendingIdle, 'XPENDING', 's', 'g2', '-', '+', '10');
  await sameMasked(pendingIdle, 'XPENDING', 's', 'g', '-', '+', '10', 'zed', 'extra');
  await p.sameAll([
    ['XGROUP', 'CREATE', 's', 'h', '0'],
    ['XREADGROUP', 'GROUP', 'h', 'x', 'STREAMS', 's', '>'],
    ['XCLAIM', 's', 'h', 'y', '0', '1-0', '5-0'],
  ]);
  await sameMasked(pendingIdle, 'XPENDING', 's', 'h', '-', '+', '10');
  await sameMasked(pendingIdle, 'XPENDING', 's', 'h', '-', '+', '10', 'y');
  await sameMasked(pendingIdle, 'XPENDING', 's', 'h', '(1-0', '5', '1');
  await sameMasked(fullInfoTimes, 'XINFO', 'STREAM', 's', 'FULL');
  await sameMasked(fullInfoTimes, 'XINFO', 'STREAM', 's', 'FULL', 'COUNT', '1');
  // Redis 7.2 added each consumer's inactive time (since its last successful read or claim).
  const [mine, theirs] = await p.both('XINFO', 'CONSUMERS', 's', 'h');
  assert.deepEqual(maskInts(dropField(mine, 'inactive'), ['*', 5]), maskInts(theirs, ['*', 5]));
  const fields = show(mine) as unknown[][];
  assert.deepEqual(fields.map((f) => f.filter((_, i) => i % 2 === 0)), [['name', 'pending', 'idle', 'inactive'], ['name', 'pending', 'idle', 'inactive']]);
  assert.ok(fields.every((f) => typeof f[7] === 'number' && f[7] >= 0 && f[7] < 5000));
  // A consumer that never read or claimed anything has never been active.
  await p.both('XGROUP', 'CREATECONSUMER', 's', 'h', 'lazy');
  const lazy = (show(await p.shoal.call('XINFO', 'CONSUMERS', 's', 'h')) as unknown[][]).find((f) => f[1] === 'lazy');
  assert.equal(lazy?.[7], -1);
});

test('XREAD and XREADGROUP: argument errors, several streams, RESP3', async () => {
  await p.sameAll([
    ['DEL', 's', 't', 'nokey'],
    ['XADD', 's', '1-0', 'a', '1'],
    ['XADD', 's', '2-0', 'b', '2'],
    ['XADD', 't', '5-0', 'c', '3'],
    ['XGROUP', 'CREATE', 's', 'g', '0'],
    ['XGROUP', 'CREATE', 't', 'g', '0'],
    ['XREAD', 'STREAMS', 's', '0'],
    ['XREAD', 'COUNT', '1', 'STREAMS', 's', 'nokey', 't', '0', '0', '0'],
    ['XREAD', 'COUNT', '-5', 'STREAMS', 's', '1'],
    ['XREAD', 'STREAMS', 's', '$'],
    ['XREAD', 'STREAMS', 's', '2'],
    ['XREAD', 'STREAMS', 's', '(1'],
    ['XREAD', 'STREAMS', 's', '18446744073709551615-18446744073709551615'],
    ['XREAD', 'STREAMS', 's', '+'],
    ['XREAD', 'STREAMS', 's', 'bad'],
    ['XREAD', 'STREAMS', 's', '>'],
    ['XREAD', 'STREAMS', 's'],
    ['XREAD', 'COUNT', 'x', 'STREAMS', 's', '0'],
    ['XREAD', 'BLOCK', 'x', 'STREAMS', 's', '0'],
    ['XREAD', 'BLOCK', '-1', 'STREAMS', 's', '0'],
    ['XREAD', 'BLOCK', '1.5', 'STREAMS', 's', '0'],
    ['XREAD', 'BLOCK', '0', 'STREAMS', 's', '0'],
    ['XREAD', 'FOO', 'STREAMS', 's', '0'],
    ['XREAD', 'COUNT', '1', 'BLOCK'],
    ['XREAD', 'GROUP', 'a', 'b', 'STREAMS', 's', '0'],
    ['XREAD', 'NOACK', 'STREAMS', 's', '0'],
    ['XREAD', 'BLOCK', '10', 'STREAMS', 'nokey', '$'],
    ['XREADGROUP', 'GROUP', 'g', 'x', 'STREAMS', 's', '$'],
    ['XREADGROUP', 'GROUP', 'g', 'x', 'STREAMS', 's', '+'],
    ['XREADGROUP', 'GROUP', 'nog', 'x', 'STREAMS', 's', '>'],
    ['XREADGROUP', 'GROUP', 'g', 'x', 'STREAMS', 'nokey', '>'],
    ['XREADGROUP', 'STREAMS', 's', '>', '>', '>'],
    ['XREADGROUP', 'COUNT', '1', 'GROUP', 'g', 'x', 'STREAMS', 's', 'bad'],
    ['XREADGROUP', 'GROUP', 'g', 'x', 'COUNT', '1', 'STREAMS', 's', 't', '>', '>'],
    ['XREADGROUP', 'GROUP', 'g', 'x', 'STREAMS', 's', 't', '0', '>'],
    ['XREADGROUP', 'GROUP', 'g', 'x', 'BLOCK', '10', 'STREAMS', 's', 't', '>', '>'],
    ['XREADGROUP', 'GROUP', 'g', 'x', 'STREAMS', 's', 't', '0', '0'],
    ['XREADGROUP', 'GROUP', 'g', 'x', 'STREAMS', 's', '18446744073709551615-18446744073709551615'],
    ['XREADGROUP', 'GROUP', 'g', 'y', 'STREAMS', 's', '0'],
  ]);
  // Redis 7.2 names the command in quotes, as sent in lower case (7.0: "Unbalanced XREAD list").
  for (const [cmd, id] of [['xread', '$'], ['xreadgroup', '>']]) {
    const args = cmd === 'xread' ? ['XREAD', 'STREAMS', 's', 't', '0'] : ['XREADGROUP', 'GROUP', 'g', 'x', 'STREAMS', 's', 't', '>'];
    assert.deepEqual(await p.shoal.call(...args), {
      t: 'error',
      v: `ERR Unbalanced '${cmd}' list of streams: for each stream key an ID or '${id}' must be specified.`,
    });
  }
  for (const conn of [p.shoal, p.redis]) await conn.call('HELLO', '3');
  try {
    await p.sameAll([
      ['XADD', 's', '3-0', 'c', '3'],
      ['XREAD', 'STREAMS', 's', 't', '0', '0'],
      ['XREAD', 'STREAMS', 's', '9'],
      ['XREADGROUP', 'GROUP', 'g', 'x', 'STREAMS', 's', 't', '>', '0'],
      ['XRANGE', 's', '-', '+', 'COUNT', '0'],
      ['XINFO', 'STREAM', 's'],
      ['XINFO', 'GROUPS', 's'],
      ['XPENDING', 's', 'g'],
      ['XPENDING', 'nokey', 'g'],
      ['XADD', 'nokey', 'NOMKSTREAM', '*', 'a', '1'],
      ['XGROUP', 'CREATE', 'e', 'g', '$', 'MKSTREAM'],
      ['XPENDING', 'e', 'g'],
      ['XINFO', 'STREAM', 'e'],
      ['XAUTOCLAIM', 'e', 'g', 'c', '0', '0'],
    ]);
  } finally {
    for (const conn of [p.shoal, p.redis]) await conn.call('HELLO', '2');
  }
});

test('XREADGROUP and XCLAIM create their consumer and stamp its seen-time even with nothing to get (Redis 7.2)', async () => {
  const c = p.shoal;
  await c.call('DEL', 'q');
  await c.call('XGROUP', 'CREATE', 'q', 'g', '$', 'MKSTREAM');
  assert.deepEqual(await c.call('XREADGROUP', 'GROUP', 'g', 'early', 'STREAMS', 'q', '>'), { t: 'array', v: null });
  const consumers = show(await c.call('XINFO', 'CONSUMERS', 'q', 'g')) as unknown[][];
  assert.equal(consumers.length, 1);
  assert.deepEqual([consumers[0][1], consumers[0][3], consumers[0][7]], ['early', 0, -1]);
  assert.ok((consumers[0][5] as number) < 1000);
  assert.deepEqual(await c.call('XCLAIM', 'q', 'g', 'claimer', '0', '1-0'), { t: 'array', v: [] });
  const names = (show(await c.call('XINFO', 'CONSUMERS', 'q', 'g')) as unknown[][]).map((x) => x[1]);
  assert.deepEqual(names, ['claimer', 'early']);
});

test('scripts run XREAD and XREADGROUP, but not with BLOCK', async () => {
  await p.sameAll([
    ['DEL', 'sk'],
    ['XADD', 'sk', '1', 'a', '1'],
    ['XGROUP', 'CREATE', 'sk', 'g', '0'],
    ['EVAL', "return redis.call('XREAD', 'STREAMS', KEYS[1], '0')", '1', 'sk'],
    ['EVAL', "return redis.pcall('xread', 'BLOCK', '0', 'STREAMS', KEYS[1], '$')", '1', 'sk'],
    ['EVAL', "return redis.call('XREADGROUP', 'GROUP', 'g', 'c', 'BLOCK', '0', 'STREAMS', KEYS[1], '>')", '1', 'sk'],
    ['EVAL', "return redis.call('XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', KEYS[1], '>')", '1', 'sk'],
    ['EVAL', "return redis.call('XPENDING', KEYS[1], 'g')", '1', 'sk'],
    ['EVAL', "return redis.call('XINFO', 'STREAM', KEYS[1])", '1', 'sk'],
    ['MULTI'],
    ['XREADGROUP', 'GROUP', 'g', 'c', 'BLOCK', '0', 'STREAMS', 'sk', '>'],
    ['XADD', 'sk', '2', 'a', '2'],
    ['XREADGROUP', 'GROUP', 'g', 'c', 'BLOCK', '0', 'STREAMS', 'sk', '>'],
    ['EXEC'],
  ]);
});

test('XSETID: last ID, entries added and largest deleted ID', async () => {
  await p.sameAll([
    ['DEL', 's'],
    ['XADD', 's', '1-0', 'a', '1'],
    ['XADD', 's', '5-0', 'a', '1'],
    ['XSETID', 's', '1-0'],
    ['XSETID', 's', '5-0'],
    ['XSETID', 's', '9-0'],
    ['XINFO', 'STREAM', 's'],
    ['XADD', 's', '8-0', 'a', '1'],
    ['XSETID', 's', '10-0', 'ENTRIESADDED', '1'],
    ['XSETID', 's', '10-0', 'ENTRIESADDED', '-1'],
    ['XSETID', 's', '10-0', 'ENTRIESADDED', 'x'],
    ['XSETID', 's', '10-0', 'MAXDELETEDID', '11-0'],
    ['XSETID', 's', '10-0', 'MAXDELETEDID', 'bad'],
    ['XSETID', 's', '10-0', 'MAXDELETEDID', '3-0', 'ENTRIESADDED', '50'],
    ['XINFO', 'STREAM', 's'],
    ['XSETID', 's', '10-0', 'ENTRIESADDED'],
    ['XSETID', 'nokey', '1-0'],
    ['XSETID', 's', 'bad'],
    ['XSETID', 's', '+'],
    ['XSETID', 's', '10-0', 'FOO'],
    ['XDEL', 's', '1-0', '5-0'],
    ['XSETID', 's', '8-0'],
    ['XINFO', 'STREAM', 's'],
    ['SET', 'str', 'x'],
    ['XSETID', 'str', '1-0'],
  ]);
  // Redis 7.2 checks the largest deleted ID before the top entry (7.0 the other way round).
  assert.deepEqual(await p.shoal.call('XSETID', 's', '2-0'), { t: 'error', v: 'ERR The ID specified in XSETID is smaller than current max_deleted_entry_id' });
});

test('lag and entries-read follow deletions, trims and SETID as in Redis', async () => {
  const cmds: Cmd[] = [['DEL', 'l']];
  for (let i = 1; i <= 10; i++) cmds.push(['XADD', 'l', `${i}-0`, 'f', String(i)]);
  cmds.push(
    ['XGROUP', 'CREATE', 'l', 'a', '0'],
    ['XGROUP', 'CREATE', 'l', 'b', '3-0'],
    ['XGROUP', 'CREATE', 'l', 'c', '$'],
    ['XINFO', 'GROUPS', 'l'],
    ['XREADGROUP', 'GROUP', 'a', 'x', 'COUNT', '2', 'STREAMS', 'l', '>'],
    ['XREADGROUP', 'GROUP', 'b', 'x', 'COUNT', '2', 'STREAMS', 'l', '>'],
    ['XINFO', 'GROUPS', 'l'],
    ['XDEL', 'l', '7-0'],
    ['XINFO', 'GROUPS', 'l'],
    ['XREADGROUP', 'GROUP', 'a', 'x', 'COUNT', '6', 'STREAMS', 'l', '>'],
    ['XINFO', 'GROUPS', 'l'],
    ['XTRIM', 'l', 'MAXLEN', '3'],
    ['XINFO', 'GROUPS', 'l'],
    ['XADD', 'l', '11-0', 'f', 'v'],
    ['XREADGROUP', 'GROUP', 'b', 'x', 'STREAMS', 'l', '>'],
    ['XINFO', 'GROUPS', 'l'],
    ['XGROUP', 'SETID', 'l', 'c', '0'],
    ['XINFO', 'GROUPS', 'l'],
    ['XGROUP', 'SETID', 'l', 'c', '9-0', 'ENTRIESREAD', '9'],
    ['XINFO', 'GROUPS', 'l'],
    ['XREADGROUP', 'GROUP', 'c', 'x', 'STREAMS', 'l', '>'],
    ['XINFO', 'GROUPS', 'l'],
    ['XTRIM', 'l', 'MAXLEN', '0'],
    ['XINFO', 'GROUPS', 'l'],
    ['XINFO', 'STREAM', 'l'],
  );
  await p.sameAll(cmds);
});

/** The events a subscriber to every keyspace event got while `body` ran, on one server. */
async function eventsOf(port: number, body: (c: RespConn) => Promise<void>): Promise<unknown[]> {
  const sub = await RespConn.connect(port);
  const c = await RespConn.connect(port);
  // Only the stream class: the commands of other families are not what this tests.
  await c.call('CONFIG', 'SET', 'notify-keyspace-events', 'KEt');
  await sub.call('PSUBSCRIBE', '__key*__:*');
  await sub.call('SUBSCRIBE', 'end');
  await body(c);
  await c.call('PUBLISH', 'end', 'x');
  const got: unknown[] = [];
  for (;;) {
    const m = show(await sub.read()) as unknown[];
    if (m[0] === 'message' && m[1] === 'end') break;
    got.push(m.slice(2));
  }
  await c.call('CONFIG', 'SET', 'notify-keyspace-events', '');
  sub.close();
  c.close();
  return got;
}

test('keyspace notifications of stream commands, class t', async () => {
  const body = async (c: RespConn): Promise<void> => {
    const cmds: Cmd[] = [
      ['DEL', 'n'],
      ['XADD', 'n', '1-0', 'a', '1'],
      ['XADD', 'n', 'MAXLEN', '1', '2-0', 'a', '1'],
      ['XADD', 'n', '3-0', 'a', '1'],
      ['XDEL', 'n', '3-0', '9-0'],
      ['XDEL', 'n', '9-0'],
      ['XTRIM', 'n', 'MAXLEN', '0'],
      ['XTRIM', 'n', 'MAXLEN', '0'],
      ['XGROUP', 'CREATE', 'n', 'g', '0'],
      ['XGROUP', 'CREATECONSUMER', 'n', 'g', 'c'],
      ['XGROUP', 'CREATECONSUMER', 'n', 'g', 'c'],
      ['XADD', 'n', '4-0', 'a', '1'],
      ['XREADGROUP', 'GROUP', 'g', 'd', 'STREAMS', 'n', '>'],
      ['XCLAIM', 'n', 'g', 'e', '0', '4-0'],
      ['XAUTOCLAIM', 'n', 'g', 'f', '0', '0'],
      ['XGROUP', 'SETID', 'n', 'g', '0'],
      ['XGROUP', 'DELCONSUMER', 'n', 'g', 'c'],
      ['XGROUP', 'DESTROY', 'n', 'g'],
      ['XSETID', 'n', '9-0'],
      ['XGROUP', 'CREATE', 'm', 'g', '$', 'MKSTREAM'],
    ];
    for (const cmd of cmds) await c.call(...cmd);
    await c.call('CONFIG', 'SET', 'notify-keyspace-events', 'Kt');
    await c.call('XADD', 'n', '10-0', 'a', '1');
    await c.call('CONFIG', 'SET', 'notify-keyspace-events', 'Eg');
    await c.call('XADD', 'n', '11-0', 'a', '1');
  };
  const mine = await eventsOf(p.shoalProc.port, body);
  const theirs = await eventsOf(p.redisProc.port, body);
  assert.deepEqual(mine, theirs);
  assert.ok(mine.some((e) => JSON.stringify(e) === JSON.stringify(['__keyevent@0__:xgroup-createconsumer', 'n'])));
});

test('blocking XREAD is woken by XADD from another client, $ meaning the last ID when it blocked', async () => {
  await sameScenario(p, async (port, admin, log) => {
    const [a, b, c] = await clients(port, 3);
    await admin.call('XADD', 'k', '1-0', 'f', 'v');
    const ra = send(a, 'XREAD', 'BLOCK', '0', 'STREAMS', 'k', '$');
    await waitBlocked(admin, 1);
    const rb = send(b, 'XREAD', 'COUNT', '1', 'BLOCK', '5000', 'STREAMS', 'other', 'k', '0', '1-0');
    await waitBlocked(admin, 2);
    const rc = send(c, 'XREAD', 'BLOCK', '0', 'STREAMS', 'other', '$');
    await waitBlocked(admin, 3);
    log.push(show(await admin.call('XADD', 'k', '2-0', 'f', 'w')));
    log.push(show(await admin.call('XADD', 'k', '3-0', 'f', 'x')));
    log.push(await ra, await rb);
    // A deleted key keeps XREAD waiting; a new stream there wakes it.
    await admin.call('DEL', 'other');
    await admin.call('SET', 'other', 'str');
    await admin.call('DEL', 'other');
    log.push(show(await admin.call('XADD', 'other', '7-0', 'g', 'h')));
    log.push(await rc);
    log.push(await send(a, 'XREAD', 'BLOCK', '30', 'STREAMS', 'k', '$'));
    // Inside MULTI a blocking read does not block.
    await a.call('MULTI');
    await a.call('XREAD', 'BLOCK', '0', 'STREAMS', 'k', '$');
    log.push(show(await a.call('EXEC')));
    for (const x of [a, b, c]) x.close();
  });
});

test('blocking XREADGROUP is woken by XADD from another client, longest waiting first', async () => {
  await sameScenario(p, async (port, admin, log) => {
    const [a, b] = await clients(port, 2);
    await admin.call('XGROUP', 'CREATE', 'k', 'g', '$', 'MKSTREAM');
    const ra = send(a, 'XREADGROUP', 'GROUP', 'g', 'alice', 'BLOCK', '0', 'STREAMS', 'k', '>');
    await waitBlocked(admin, 1);
    const rb = send(b, 'XREADGROUP', 'GROUP', 'g', 'bob', 'COUNT', '1', 'BLOCK', '0', 'NOACK', 'STREAMS', 'k', '>');
    await waitBlocked(admin, 2);
    log.push(show(await admin.call('XADD', 'k', '1-0', 'f', 'v', 'g', 'w')));
    log.push(await ra);
    log.push(show(await admin.call('XADD', 'k', '2-0', 'f', 'x')));
    log.push(await rb);
    log.push(show(await admin.call('XPENDING', 'k', 'g')));
    log.push(show(await admin.call('XINFO', 'GROUPS', 'k')));
    // History reads never block; a timeout replies a null array.
    log.push(await send(a, 'XREADGROUP', 'GROUP', 'g', 'alice', 'BLOCK', '0', 'STREAMS', 'k', '0'));
    log.push(await send(a, 'XREADGROUP', 'GROUP', 'g', 'alice', 'BLOCK', '20', 'STREAMS', 'k', '>'));
    a.close();
    b.close();
  });
});

test('blocked XREADGROUP runs again when its group or key goes: NOGROUP, or WRONGTYPE for another type (Redis 7.2)', async () => {
  // Redis 7.0 replied with texts of its own here; 7.2 runs the command again and replies what it replies.
  const port = p.shoalProc.port;
  const admin = await RespConn.connect(port);
  const [a, c] = await clients(port, 2);
  await admin.call('DEL', 'k');
  await admin.call('XGROUP', 'CREATE', 'k', 'g', '$', 'MKSTREAM');
  const nogroup = "(error) NOGROUP No such key 'k' or consumer group 'g' in XREADGROUP with GROUP option";
  const r1 = send(a, 'XREADGROUP', 'GROUP', 'g', 'alice', 'BLOCK', '0', 'STREAMS', 'k', '>');
  await waitBlocked(admin, 1);
  assert.equal(show(await admin.call('XGROUP', 'DESTROY', 'k', 'g')), 1);
  assert.equal(await r1, nogroup);
  await admin.call('XGROUP', 'CREATE', 'k', 'g', '$');
  const r2 = send(a, 'XREADGROUP', 'GROUP', 'g', 'alice', 'BLOCK', '0', 'STREAMS', 'k', '>');
  await waitBlocked(admin, 1);
  await admin.call('DEL', 'k');
  assert.equal(await r2, nogroup);
  await admin.call('XGROUP', 'CREATE', 'k', 'g', '$', 'MKSTREAM');
  const r3 = send(c, 'XREADGROUP', 'GROUP', 'g', 'carol', 'BLOCK', '0', 'STREAMS', 'k', '>');
  await waitBlocked(admin, 1);
  await admin.call('MULTI');
  await admin.call('DEL', 'k');
  await admin.call('SET', 'k', 'v');
  await admin.call('EXEC');
  assert.equal(await r3, '(error) WRONGTYPE Operation against a key holding the wrong kind of value');
  await admin.call('DEL', 'k');
  await admin.call('XGROUP', 'CREATE', 'k', 'g', '$', 'MKSTREAM');
  const r4 = send(c, 'XREADGROUP', 'GROUP', 'g', 'carol', 'BLOCK', '0', 'STREAMS', 'k', '>');
  await waitBlocked(admin, 1);
  await admin.call('FLUSHALL');
  assert.equal(await r4, nogroup);
  // A write that leaves nothing new for the group keeps it waiting.
  await admin.call('XGROUP', 'CREATE', 'k', 'g', '$', 'MKSTREAM');
  const r5 = send(c, 'XREADGROUP', 'GROUP', 'g', 'carol', 'BLOCK', '0', 'STREAMS', 'k', '>');
  await waitBlocked(admin, 1);
  await admin.call('XGROUP', 'CREATECONSUMER', 'k', 'g', 'dave');
  await admin.call('XADD', 'k', 'MAXLEN', '0', '5-0', 'f', 'v');
  await waitBlocked(admin, 1);
  await admin.call('XADD', 'k', '6-0', 'f', 'w');
  assert.deepEqual(await r5, [['k', [['6-0', ['f', 'w']]]]]);
  await waitBlocked(admin, 0);
  for (const x of [admin, a, c]) x.close();
});

/** A DUMP payload of Redis 7.0 (RDB 10, stream type 19 unless told) carrying the stream in a Shoal payload. */
function asRedis70(payload: string, as = RDB_TYPE_STREAM_LISTPACKS_2): string {
  const s = loadDumpPayload(Buffer.from(payload, 'latin1')) as StreamValue;
  const w = new RdbWriter();
  w.byte(0);
  const type = writeStream(w, s, as);
  const body = w.bytes();
  body[0] = type;
  const out = Buffer.alloc(body.length + 10);
  body.copy(out);
  out.writeUInt16LE(10, body.length);
  out.writeBigUInt64LE(crc64(out, 0, body.length + 2), body.length + 2);
  return out.latin1Slice(0, out.length);
}

test('DUMP and RESTORE carry streams with groups and pending lists between Shoal and Redis', async () => {
  const setup: Cmd[] = [['DEL', 'src', 'dst', 'back']];
  for (let i = 1; i <= 260; i++) setup.push(['XADD', 'src', `${1000 + i}-${i % 4}`, 'f', 'x'.repeat(i % 40), 'n', String(i * 977), ...(i % 9 === 0 ? ['o', 'y'] : [])]);
  setup.push(['XDEL', 'src', '1005-1', '1100-0', '1260-0'], ['XTRIM', 'src', 'MAXLEN', '240']);
  setup.push(['XGROUP', 'CREATE', 'src', 'g1', '0'], ['XGROUP', 'CREATE', 'src', 'g2', '1200-0', 'ENTRIESREAD', '-1'], ['XGROUP', 'CREATE', 'src', 'empty', '$']);
  setup.push(['XREADGROUP', 'GROUP', 'g1', 'alice', 'COUNT', '30', 'STREAMS', 'src', '>'], ['XREADGROUP', 'GROUP', 'g1', 'bob', 'COUNT', '5', 'STREAMS', 'src', '>']);
  setup.push(['XACK', 'src', 'g1', '1025-1', '1030-2'], ['XGROUP', 'CREATECONSUMER', 'src', 'g1', 'idle']);
  setup.push(['XREADGROUP', 'GROUP', 'g2', 'carol', 'COUNT', '3', 'STREAMS', 'src', '>'], ['XCLAIM', 'src', 'g1', 'dave', '0', '1030-1', 'RETRYCOUNT', '5', 'JUSTID']);
  await p.sameAll(setup);
  const views: Cmd[] = [
    ['XINFO', 'STREAM', 'dst'],
    ['XINFO', 'GROUPS', 'dst'],
    ['XPENDING', 'dst', 'g1'],
    ['XPENDING', 'dst', 'g2'],
    ['XRANGE', 'dst', '-', '+'],
    ['XREVRANGE', 'dst', '+', '-', 'COUNT', '7'],
  ];
  // Redis -> Shoal: restored into both, so the two copies hold the very same times.
  const fromRedis = show(await p.redis.call('DUMP', 'src')) as string;
  await p.same('RESTORE', 'dst', '0', fromRedis);
  await p.sameAll(views);
  await sameMasked(fullInfo, 'XINFO', 'STREAM', 'dst', 'FULL', 'COUNT', '0');
  await sameMasked(pendingIdle, 'XPENDING', 'dst', 'g1', '-', '+', '100');
  // Shoal writes what Redis wrote (as 7.0's type 19): the very same bytes.
  const fromShoal = show(await p.shoal.call('DUMP', 'dst')) as string;
  const dumped = Buffer.from(fromShoal, 'latin1');
  assert.equal(dumped[0], 21, 'Shoal writes RDB_TYPE_STREAM_LISTPACKS_3');
  assert.equal(dumped.readUInt16LE(dumped.length - 10), 11);
  assert.equal(Buffer.from(asRedis70(fromShoal), 'latin1').toString('hex'), Buffer.from(fromRedis, 'latin1').toString('hex'));
  // Shoal -> Redis, and back into Shoal from its own payload.
  assert.deepEqual(await p.redis.call('RESTORE', 'back', '0', asRedis70(fromShoal)), { t: 'status', v: 'OK' });
  assert.deepEqual(await p.shoal.call('RESTORE', 'back', '0', fromShoal), { t: 'status', v: 'OK' });
  await p.sameAll(views.map((v) => v.map((x) => (x === 'dst' ? 'back' : x))));
  await sameMasked(fullInfo, 'XINFO', 'STREAM', 'back', 'FULL', 'COUNT', '0');
  // Shoal's own round trip keeps active-time too.
  const [full1, full2] = await Promise.all([p.shoal.call('XINFO', 'STREAM', 'dst', 'FULL'), p.shoal.call('XINFO', 'STREAM', 'back', 'FULL')]);
  assert.deepEqual(full1, full2);
  // The type of Redis before 7.0 (no counters, no entries-read) loads with the same estimates in both.
  const v1 = asRedis70(fromShoal, RDB_TYPE_STREAM_LISTPACKS);
  assert.equal(Buffer.from(v1, 'latin1')[0], 15);
  await p.same('RESTORE', 'old', '0', v1);
  await p.sameAll(views.map((v) => v.map((x) => (x === 'dst' ? 'old' : x))));
  await sameMasked(fullInfo, 'XINFO', 'STREAM', 'old', 'FULL', 'COUNT', '0');
  // An empty stream with a group, and a corrupt payload.
  await p.sameAll([['DEL', 'e'], ['XGROUP', 'CREATE', 'e', 'g', '$', 'MKSTREAM']]);
  const empty = show(await p.redis.call('DUMP', 'e')) as string;
  await p.same('RESTORE', 'e2', '0', empty);
  await p.same('XINFO', 'STREAM', 'e2');
  assert.equal(asRedis70(show(await p.shoal.call('DUMP', 'e')) as string), empty);
  const broken = Buffer.from(fromRedis, 'latin1');
  broken[40] ^= 0xff;
  await p.same('RESTORE', 'e3', '0', broken.latin1Slice(0, broken.length));
  await p.same('COPY', 'dst', 'copied');
  await p.same('XINFO', 'GROUPS', 'copied');
  // MEMORY USAGE of restored streams (listpacks allocated to fit in both): Redis 7.2's consumers are 8 bytes bigger.
  const consumers = (show(await p.shoal.call('XINFO', 'GROUPS', 'dst')) as unknown[][]).reduce((n, g) => n + (g[3] as number), 0);
  for (const args of [['dst'], ['dst', 'SAMPLES', '0'], ['dst', 'SAMPLES', '1'], ['e2'], ['copied'], ['old']]) {
    const [mine, theirs] = await p.both('MEMORY', 'USAGE', ...args);
    const extra = args[0] === 'e2' ? 0 : consumers * 8;
    assert.equal(Number(show(mine)), Number(show(theirs)) + extra, `MEMORY USAGE ${args.join(' ')}`);
  }
});

test('a seeded random sequence of stream commands gets identical replies', { timeout: 240000 }, async () => {
  const r = rng(90210);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const int = (n: number): number => Math.floor(r() * n);
  const keys = ['r0', 'r1', 'r2'];
  const groups = ['ga', 'gb'];
  const consumers = ['c1', 'c2', 'c3'];
  const last = new Map<string, number>();
  const id = (key: string): string => {
    const base = last.get(key) ?? 0;
    const ms = base + int(3);
    last.set(key, ms);
    return r() < 0.2 ? `${ms}-*` : `${ms}-${int(4)}`;
  };
  const someId = (): string => pick(['-', '+', '0', `${int(400)}`, `${int(400)}-${int(4)}`, `(${int(400)}`, 'bad']);
  const fields = (): string[] => {
    const n = 1 + int(3);
    const out: string[] = [];
    for (let i = 0; i < n; i++) out.push(r() < 0.7 ? `f${i}` : `x${int(3)}`, r() < 0.1 ? 'v'.repeat(int(300)) : String(int(1000)));
    return out;
  };
  await p.sameAll([['DEL', ...keys], ['CONFIG', 'SET', 'stream-node-max-entries', '5']]);
  let sent = 0;
  try {
    for (let step = 0; step < 4000; step++) {
      const key = pick(keys);
      const g = pick(groups);
      const c = pick(consumers);
      const x = r();
      let cmd: Cmd;
      if (x < 0.3) {
        const trim = r() < 0.25 ? [pick(['MAXLEN', 'MINID']), pick(['~', '=', '']), ''] : [];
        if (trim.length !== 0) trim[2] = trim[0] === 'MAXLEN' ? String(int(30)) : `${Math.max(0, (last.get(key) ?? 0) - int(40))}`;
        cmd = ['XADD', key, ...trim.filter((t) => t !== ''), id(key), ...fields()];
      } else if (x < 0.38) cmd = ['XDEL', key, `${int((last.get(key) ?? 1) + 1)}-${int(4)}`, `${int(400)}-0`];
      else if (x < 0.42) cmd = ['XTRIM', key, pick(['MAXLEN', 'MINID']), pick(['~', '=']), String(int(40)), ...(r() < 0.3 ? ['LIMIT', String(int(10))] : [])];
      else if (x < 0.5) cmd = [pick(['XRANGE', 'XREVRANGE']), key, someId(), someId(), ...(r() < 0.5 ? ['COUNT', String(int(6))] : [])];
      else if (x < 0.53) cmd = ['XLEN', key];
      else if (x < 0.57) cmd = ['XINFO', 'STREAM', key];
      else if (x < 0.6) cmd = ['XINFO', 'GROUPS', key];
      else if (x < 0.63) cmd = ['XGROUP', 'CREATE', key, g, pick(['0', '$', `${int(200)}`]), ...(r() < 0.3 ? ['MKSTREAM'] : [])];
      else if (x < 0.645) cmd = ['XGROUP', 'SETID', key, g, pick(['0', '$', `${int(200)}`])];
      else if (x < 0.65) cmd = ['XGROUP', 'DESTROY', key, g];
      else if (x < 0.66) cmd = ['XGROUP', pick(['CREATECONSUMER', 'DELCONSUMER']), key, g, c];
      else if (x < 0.77) cmd = ['XREADGROUP', 'GROUP', g, c, ...(r() < 0.6 ? ['COUNT', String(1 + int(4))] : []), ...(r() < 0.1 ? ['NOACK'] : []), 'STREAMS', key, r() < 0.75 ? '>' : pick(['0', `${int(200)}`])];
      else if (x < 0.84) cmd = ['XACK', key, g, `${int((last.get(key) ?? 1) + 1)}-${int(4)}`, `${int(200)}`];
      else if (x < 0.86) cmd = ['XPENDING', key, g];
      else if (x < 0.88) cmd = ['XPENDING', key, g, ...(r() < 0.3 ? ['IDLE', '0'] : []), '-', '+', String(int(8)), ...(r() < 0.5 ? [c] : [])];
      else if (x < 0.91) cmd = ['XCLAIM', key, g, c, '0', `${int((last.get(key) ?? 1) + 1)}-${int(4)}`, `${int(200)}-0`, ...(r() < 0.5 ? ['JUSTID'] : []), ...(r() < 0.3 ? ['FORCE'] : []), ...(r() < 0.2 ? ['RETRYCOUNT', String(int(5))] : [])];
      else if (x < 0.95) cmd = ['XAUTOCLAIM', key, g, c, '0', pick(['0', `${int(200)}`]), 'COUNT', String(1 + int(5)), ...(r() < 0.5 ? ['JUSTID'] : [])];
      else if (x < 0.98) cmd = ['XREAD', 'COUNT', String(1 + int(5)), 'STREAMS', key, pick(keys), someId().replace('(', ''), '0'];
      else cmd = ['XSETID', key, `${(last.get(key) ?? 0) + int(3)}-${int(9)}`];
      // Redis 7.2 creates a reading or claiming consumer even when it gets nothing (7.0 only when it does): create it first.
      if (cmd[0] === 'XREADGROUP' || cmd[0] === 'XCLAIM' || cmd[0] === 'XAUTOCLAIM') await p.same('XGROUP', 'CREATECONSUMER', key, g, c);
      // The extended XPENDING form carries idle times.
      if (cmd[0] === 'XPENDING' && cmd.length > 3) await sameMasked(pendingIdle, ...cmd);
      else await p.same(...cmd);
      sent++;
      if (cmd[0] !== 'XRANGE' && cmd[0] !== 'XREVRANGE' && cmd[0] !== 'XLEN' && cmd[0] !== 'XINFO') {
        await p.same('XINFO', 'GROUPS', key).catch(async (e: Error) => {
          const info = (await p.both('XINFO', 'STREAM', key)).map((x) => JSON.stringify(show(x)));
          throw new Error(`after ${JSON.stringify(cmd)}: ${e.message}; XINFO STREAM: shoal ${info[0]} redis ${info[1]}`);
        });
      }
    }
    for (const key of keys) {
      await p.same('XINFO', 'STREAM', key);
      await sameMasked(fullInfoTimes, 'XINFO', 'STREAM', key, 'FULL', 'COUNT', '0');
    }
  } finally {
    await p.sameAll([['CONFIG', 'SET', 'stream-node-max-entries', '100']]);
  }
  assert.equal(sent, 4000);
});

test('ioredis: XADD, XREADGROUP, XACK and a blocking read', async () => {
  const a = new Redis({ port: p.shoalProc.port, lazyConnect: true });
  const b = new Redis({ port: p.shoalProc.port, lazyConnect: true });
  await a.connect();
  await b.connect();
  try {
    await a.del('jobs');
    const id1 = await a.xadd('jobs', '*', 'task', 'one');
    const id2 = await a.xadd('jobs', 'MAXLEN', '~', '1000', '*', 'task', 'two');
    assert.ok(id1 !== null && id2 !== null);
    assert.equal(await a.xgroup('CREATE', 'jobs', 'workers', '0'), 'OK');
    const got = (await a.xreadgroup('GROUP', 'workers', 'w1', 'COUNT', 10, 'STREAMS', 'jobs', '>')) as [string, [string, string[]][]][];
    assert.deepEqual(got, [['jobs', [[id1, ['task', 'one']], [id2, ['task', 'two']]]]]);
    assert.equal(await a.xack('jobs', 'workers', id1 as string), 1);
    const pending = (await a.xpending('jobs', 'workers')) as unknown[];
    assert.deepEqual(pending, [1, id2, id2, [['w1', '1']]]);
    const waiting = b.xreadgroup('GROUP', 'workers', 'w2', 'BLOCK', 5000, 'STREAMS', 'jobs', '>');
    await waitBlocked(p.shoal, 1);
    const id3 = await a.xadd('jobs', '*', 'task', 'three');
    assert.deepEqual(await waiting, [['jobs', [[id3, ['task', 'three']]]]]);
    assert.equal(await a.xlen('jobs'), 3);
    assert.deepEqual(await a.xrange('jobs', '-', '+', 'COUNT', 1), [[id1, ['task', 'one']]]);
  } finally {
    a.disconnect();
    b.disconnect();
  }
});
