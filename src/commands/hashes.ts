/** Hash commands (t_hash.c). */
import { key1, type CommandDecl } from './spec';
import type { Client } from '../server/client';
import { HashValue } from '../store/hash';
import { readAs, removeMembers, writeOrCreate } from './collections';
import { EV } from '../server/notify';
import { ERR_LONG_RANGE, ERR_NOT_FLOAT, ERR_NOT_INTEGER, ERR_OVERFLOW, ERR_SYNTAX } from './replies';
import { INT64_MAX, INT64_MIN, parseInt64 } from '../util/numbers';
import { addLongDouble, formatLongDouble, parseLongDouble } from '../util/longdouble';
import { sampleDistinct, sampleInOrder } from '../util/sample';
import { replyScan, scanCursorArg, scanDocArgs, scanOptions } from './collection-scan';
import { arg, block, key, token } from './docs-args';
import '../persist/rdb-hash';

const ACL = '@hash';
const RO = 'readonly fast';
const WRITE = 'write denyoom fast';

function makeHash(): HashValue {
  return new HashValue();
}

function readHash(c: Client, key: string): HashValue | undefined | null {
  return readAs<HashValue>(c, key, 'hash');
}

function hashForWrite(c: Client, key: string): HashValue | null {
  return writeOrCreate<HashValue>(c, key, 'hash', makeHash);
}

/** HSET and HMSET: every pair set; they differ only in their reply. */
function hsetGeneric(c: Client, argv: string[], okReply: boolean): void {
  if (argv.length % 2 !== 0) return c.error(`ERR wrong number of arguments for '${okReply ? 'hmset' : 'hset'}' command`);
  const h = hashForWrite(c, argv[1]);
  if (h === null) return;
  h.expectFields((argv.length - 2) / 2);
  let created = 0;
  for (let i = 2; i < argv.length; i += 2) if (h.set(argv[i], argv[i + 1])) created++;
  c.db.emit(EV.hash, 'hset', argv[1]);
  c.server.dirty += (argv.length - 2) / 2;
  if (okReply) c.ok();
  else c.int(created);
}

function hset(c: Client, argv: string[]): void {
  hsetGeneric(c, argv, false);
}

function hmset(c: Client, argv: string[]): void {
  hsetGeneric(c, argv, true);
}

function hsetnx(c: Client, argv: string[]): void {
  const h = hashForWrite(c, argv[1]);
  if (h === null) return;
  if (h.has(argv[2])) return c.int(0);
  h.set(argv[2], argv[3]);
  c.db.emit(EV.hash, 'hset', argv[1]);
  c.server.dirty++;
  c.int(1);
}

function hget(c: Client, argv: string[]): void {
  const h = readHash(c, argv[1]);
  if (h === null) return;
  c.bulkOrNull(h?.get(argv[2]));
}

function hmget(c: Client, argv: string[]): void {
  const h = readHash(c, argv[1]);
  if (h === null) return;
  c.array(argv.length - 2);
  for (let i = 2; i < argv.length; i++) c.bulkOrNull(h?.get(argv[i]));
}

function hexists(c: Client, argv: string[]): void {
  const h = readHash(c, argv[1]);
  if (h === null) return;
  c.int(h !== undefined && h.has(argv[2]) ? 1 : 0);
}

function hlen(c: Client, argv: string[]): void {
  const h = readHash(c, argv[1]);
  if (h === null) return;
  c.int(h === undefined ? 0 : h.size);
}

function hstrlen(c: Client, argv: string[]): void {
  const h = readHash(c, argv[1]);
  if (h === null) return;
  const v = h?.get(argv[2]);
  c.int(v === undefined ? 0 : v.length);
}

const KEYS = 1;
const VALUES = 2;

/** HKEYS, HVALS and HGETALL (a map in RESP3). */
function replyAll(c: Client, key: string, what: number): void {
  const h = readHash(c, key);
  if (h === null) return;
  if (h === undefined) return what === (KEYS | VALUES) ? c.map(0) : c.array(0);
  if (what === (KEYS | VALUES)) c.map(h.size);
  else c.array(h.size);
  const p = h.pairs();
  for (let i = 0; i < p.length; i += 2) {
    if (what & KEYS) c.bulk(p[i]);
    if (what & VALUES) c.bulk(p[i + 1]);
  }
}

function hincrby(c: Client, argv: string[]): void {
  const incr = parseInt64(argv[3]);
  if (incr === null) return c.error(ERR_NOT_INTEGER);
  const h = hashForWrite(c, argv[1]);
  if (h === null) return;
  const cur = h.get(argv[2]);
  let value: number | bigint = 0;
  if (cur !== undefined) {
    const n = parseInt64(cur);
    if (n === null) return c.error('ERR hash value is not an integer');
    value = n;
  }
  let sum: number | bigint;
  if (typeof value === 'number' && typeof incr === 'number' && Number.isSafeInteger((sum = value + incr))) {
    // Both small: the double sum is exact.
  } else {
    const big = BigInt(value) + BigInt(incr);
    if (big > INT64_MAX || big < INT64_MIN) return c.error(ERR_OVERFLOW);
    sum = big;
  }
  const s = String(sum);
  h.set(argv[2], s);
  c.db.emit(EV.hash, 'hincrby', argv[1]);
  c.server.dirty++;
  c.int(sum);
}

function hincrbyfloat(c: Client, argv: string[]): void {
  const incr = parseLongDouble(argv[3]);
  if (incr === null) return c.error(ERR_NOT_FLOAT);
  if (typeof incr === 'number') return c.error('ERR value is NaN or Infinity');
  const h = hashForWrite(c, argv[1]);
  if (h === null) return;
  const raw = h.get(argv[2]);
  const cur = raw === undefined ? { m: 0n, e: 0 } : parseLongDouble(raw);
  if (cur === null) return c.error('ERR hash value is not a float');
  const sum = typeof cur === 'number' ? null : addLongDouble(cur, incr);
  if (sum === null) return c.error('ERR increment would produce NaN or Infinity');
  const s = formatLongDouble(sum);
  h.set(argv[2], s);
  c.db.emit(EV.hash, 'hincrbyfloat', argv[1]);
  c.server.dirty++;
  c.bulk(s);
}

// ---- HRANDFIELD ----

/** HRANDFIELD WITHVALUES refuses counts beyond ±LONG_MAX/2 (the reply would hold twice as many). */
const WITHVALUES_MAX = INT64_MAX / 2n;

/** The reply header for n picks: pairs flattened in RESP2, pair arrays in RESP3. */
function picksHeader(c: Client, n: number, withValues: boolean): void {
  c.array(withValues && c.proto === 2 ? n * 2 : n);
}

/** One field, with its value when asked (a pair array in RESP3). */
function replyField(c: Client, f: string, v: string, withValues: boolean): void {
  if (!withValues) return c.bulk(f);
  if (c.proto === 3) c.array(2);
  c.bulk(f);
  c.bulk(v);
}

/** The pairs at the picked positions of `p` (fields and values alternating), or all of them. */
function replyPairs(c: Client, p: readonly string[], picks: readonly number[] | null, withValues: boolean): void {
  const n = picks === null ? p.length / 2 : picks.length;
  picksHeader(c, n, withValues);
  for (let i = 0; i < n; i++) {
    const at = (picks === null ? i : picks[i]) * 2;
    replyField(c, p[at], p[at + 1], withValues);
  }
}

function hrandfield(c: Client, argv: string[]): void {
  if (argv.length === 2) {
    const h = readHash(c, argv[1]);
    if (h === null) return;
    if (h === undefined) return c.nullBulk();
    return c.bulk(h.randomField());
  }
  const n = parseInt64(argv[2]);
  if (n === null) return c.error(ERR_NOT_INTEGER);
  if (n === INT64_MIN) return c.error(ERR_LONG_RANGE);
  let withValues = false;
  if (argv.length > 4 || (argv.length === 4 && argv[3].toLowerCase() !== 'withvalues')) return c.error(ERR_SYNTAX);
  if (argv.length === 4) {
    withValues = true;
    if (BigInt(n) < -WITHVALUES_MAX || BigInt(n) > WITHVALUES_MAX) return c.error('ERR value is out of range');
  }
  const h = readHash(c, argv[1]);
  if (h === null) return;
  if (h === undefined || n === 0) return c.array(0);
  const size = h.size;
  if (n < 0 || n === 1) {
    // Repetitions allowed: independent picks.
    const count = Number(n < 0 ? -BigInt(n) : n);
    picksHeader(c, count, withValues);
    for (let i = 0; i < count; i++) {
      const f = h.randomField();
      replyField(c, f, h.get(f) as string, withValues);
    }
    return;
  }
  const count = Number(n);
  if (h.big && count * 3 <= size) {
    // Few of many: random picks, as Redis's CASE 4.
    const fields = h.randomDistinctFields(count);
    picksHeader(c, count, withValues);
    for (const f of fields) replyField(c, f, h.get(f) as string, withValues);
    return;
  }
  const p = h.pairs();
  if (count >= size) return replyPairs(c, p, null, withValues);
  replyPairs(c, p, h.big ? sampleDistinct(size, count) : sampleInOrder(size, count), withValues);
}

function hscan(c: Client, argv: string[]): void {
  const cursor = scanCursorArg(c, argv[2]);
  if (cursor === null) return;
  const h = readHash(c, argv[1]);
  if (h === null) return;
  if (h === undefined) return replyScan(c, 0n, [], null, 1);
  const opts = scanOptions(c, argv);
  if (opts === null) return;
  const items: string[] = [];
  const next = h.big ? h.scan(cursor, opts.count, items) : 0n;
  if (!h.big) items.push(...h.pairs());
  replyScan(c, next, items, opts.pattern, 2);
}

// ---- declarations ----

const keyField = (): ReturnType<typeof arg>[] => [key(), arg('field', 'string')];
const fieldValues = block('field_value', [arg('field', 'string'), arg('value', 'string')], { flags: 'multiple' });

export const hashCommands: CommandDecl[] = [
  {
    name: 'hset',
    arity: -4,
    flags: WRITE,
    acl: ACL,
    keys: [key1('RW update')],
    docs: {
      summary: 'Sets the values of one or more fields of a hash, creating the hash if needed.',
      since: '2.0.0',
      group: 'hash',
      complexity: 'O(1) for each field/value pair added, so O(N) to add N field/value pairs when the command is called with multiple field/value pairs.',
      history: [['4.0.0', 'Accepts multiple `field` and `value` arguments.']],
      arguments: [key(), fieldValues],
    },
    handler: hset,
  },
  {
    name: 'hsetnx',
    arity: 4,
    flags: WRITE,
    acl: ACL,
    keys: [key1('RW insert')],
    docs: {
      summary: 'Sets a hash field only when it does not exist yet.',
      since: '2.0.0',
      group: 'hash',
      complexity: 'O(1)',
      arguments: [...keyField(), arg('value', 'string')],
    },
    handler: hsetnx,
  },
  {
    name: 'hget',
    arity: 3,
    flags: RO,
    acl: ACL,
    keys: [key1('RO access')],
    docs: { summary: 'Replies with the value of one hash field.', since: '2.0.0', group: 'hash', complexity: 'O(1)', arguments: keyField() },
    handler: hget,
  },
  {
    name: 'hmget',
    arity: -3,
    flags: RO,
    acl: ACL,
    keys: [key1('RO access')],
    docs: {
      summary: 'Replies with the values of several hash fields, null for missing ones.',
      since: '2.0.0',
      group: 'hash',
      complexity: 'O(N) where N is the number of fields being requested.',
      arguments: [key(), arg('field', 'string', { flags: 'multiple' })],
    },
    handler: hmget,
  },
  {
    name: 'hmset',
    arity: -4,
    flags: WRITE,
    acl: ACL,
    keys: [key1('RW update')],
    docs: {
      summary: 'Sets several hash fields and replies OK.',
      since: '2.0.0',
      group: 'hash',
      complexity: 'O(N) where N is the number of fields being set.',
      docFlags: ['deprecated'],
      deprecatedSince: '4.0.0',
      replacedBy: '`HSET` with multiple field-value pairs',
      arguments: [key(), fieldValues],
    },
    handler: hmset,
  },
  {
    name: 'hdel',
    arity: -3,
    flags: 'write fast',
    acl: ACL,
    keys: [key1('RW delete')],
    docs: {
      summary: 'Removes fields from a hash, deleting the hash when none is left.',
      since: '2.0.0',
      group: 'hash',
      complexity: 'O(N) where N is the number of fields to be removed.',
      history: [['2.4.0', 'Accepts multiple `field` arguments.']],
      arguments: [key(), arg('field', 'string', { flags: 'multiple' })],
    },
    handler: (c, argv) => removeMembers(c, argv, 'hash'),
  },
  {
    name: 'hexists',
    arity: 3,
    flags: RO,
    acl: ACL,
    keys: [key1('RO')],
    docs: { summary: 'Tells whether a hash has a field.', since: '2.0.0', group: 'hash', complexity: 'O(1)', arguments: keyField() },
    handler: hexists,
  },
  {
    name: 'hlen',
    arity: 2,
    flags: RO,
    acl: ACL,
    keys: [key1('RO')],
    docs: { summary: 'Replies with the number of fields of a hash.', since: '2.0.0', group: 'hash', complexity: 'O(1)', arguments: [key()] },
    handler: hlen,
  },
  {
    name: 'hstrlen',
    arity: 3,
    flags: RO,
    acl: ACL,
    keys: [key1('RO')],
    docs: { summary: 'Replies with the length in bytes of a hash field\'s value.', since: '3.2.0', group: 'hash', complexity: 'O(1)', arguments: keyField() },
    handler: hstrlen,
  },
  {
    name: 'hkeys',
    arity: 2,
    flags: 'readonly',
    acl: ACL,
    keys: [key1('RO access')],
    tips: 'nondeterministic_output_order',
    docs: { summary: 'Replies with every field name of a hash.', since: '2.0.0', group: 'hash', complexity: 'O(N) where N is the size of the hash.', arguments: [key()] },
    handler: (c, argv) => replyAll(c, argv[1], KEYS),
  },
  {
    name: 'hvals',
    arity: 2,
    flags: 'readonly',
    acl: ACL,
    keys: [key1('RO access')],
    tips: 'nondeterministic_output_order',
    docs: { summary: 'Replies with every value of a hash.', since: '2.0.0', group: 'hash', complexity: 'O(N) where N is the size of the hash.', arguments: [key()] },
    handler: (c, argv) => replyAll(c, argv[1], VALUES),
  },
  {
    name: 'hgetall',
    arity: 2,
    flags: 'readonly',
    acl: ACL,
    keys: [key1('RO access')],
    tips: 'nondeterministic_output_order',
    docs: { summary: 'Replies with every field of a hash and its value.', since: '2.0.0', group: 'hash', complexity: 'O(N) where N is the size of the hash.', arguments: [key()] },
    handler: (c, argv) => replyAll(c, argv[1], KEYS | VALUES),
  },
  {
    name: 'hincrby',
    arity: 4,
    flags: WRITE,
    acl: ACL,
    keys: [key1('RW access update')],
    docs: {
      summary: 'Adds an integer to the integer in a hash field, 0 when missing.',
      since: '2.0.0',
      group: 'hash',
      complexity: 'O(1)',
      arguments: [...keyField(), arg('increment', 'integer')],
    },
    handler: hincrby,
  },
  {
    name: 'hincrbyfloat',
    arity: 4,
    flags: WRITE,
    acl: ACL,
    keys: [key1('RW access update')],
    docs: {
      summary: 'Adds a floating point amount to the number in a hash field, 0 when missing.',
      since: '2.6.0',
      group: 'hash',
      complexity: 'O(1)',
      arguments: [...keyField(), arg('increment', 'double')],
    },
    handler: hincrbyfloat,
  },
  {
    name: 'hrandfield',
    arity: -2,
    flags: 'readonly',
    acl: ACL,
    keys: [key1('RO access')],
    tips: 'nondeterministic_output',
    docs: {
      summary: 'Replies with random fields of a hash, optionally with their values.',
      since: '6.2.0',
      group: 'hash',
      complexity: 'O(N) where N is the number of fields returned',
      arguments: [key(), block('options', [arg('count', 'integer'), token('WITHVALUES', { flags: 'optional' })], { flags: 'optional' })],
    },
    handler: hrandfield,
  },
  {
    name: 'hscan',
    arity: -3,
    flags: 'readonly',
    acl: ACL,
    keys: [key1('RO access')],
    tips: 'nondeterministic_output',
    docs: {
      summary: 'Walks the fields and values of a hash a batch at a time with a cursor.',
      since: '2.8.0',
      group: 'hash',
      complexity: 'O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection..',
      arguments: scanDocArgs(),
    },
    handler: hscan,
  },
];
