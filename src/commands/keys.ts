/**
 * Generic keyspace commands (db.c, expire.c, object.c): DEL, EXISTS, TYPE,
 * RENAME, COPY, KEYS, SCAN, RANDOMKEY, the EXPIRE/TTL family, OBJECT, MEMORY.
 */
import { key1, ks, index, range, type CommandDecl, type CommandDocs } from './spec';
import type { Client } from '../server/client';
import type { Db } from '../store/db';
import { isStringValue, typeOf, type Value } from '../store/value';
import { ERR_SYNTAX, ERR_NOT_INTEGER } from './replies';
import { parseInt64 } from '../util/numbers';
import { keySlot } from '../cluster/slot';
import { globMatch, matchesAll } from '../util/glob';
import { parseScanCursor } from '../store/scan';
import { keyMemoryUsage } from '../store/memsize';
import { replyHelp } from './help';
import { copyString, stringEncoding } from '../store/strval';
import { dbIndexOrReply, ERR_DB_RANGE, ERR_SAME_OBJECT } from './databases';
import { arg, key, oneof, token, oneKeyDocs } from './docs-args';
import { EV } from '../server/notify';

const LLONG_MAX = 9223372036854775807n;
const LLONG_MIN = -9223372036854775808n;
const INT_MAX = 2147483647;
/** Redis shares objects for the integers 0..9999 unless an LRU/LFU policy needs per-object clocks. */
const SHARED_INTEGERS = 10000;

function encodingOf(v: Value): string {
  return isStringValue(v) ? stringEncoding(v) : v.encoding();
}

/** A private copy for COPY: strings are immutable unless held in a Buffer. */
function copyValue(v: Value): Value {
  return isStringValue(v) ? copyString(v) : v.clone();
}

// ---- DEL / EXISTS / TYPE / RENAME / COPY ----

/** EXISTS and TOUCH: how many of the named keys exist (TOUCH also counts as an access). */
function countExisting(c: Client, argv: string[], touch: boolean): void {
  let n = 0;
  for (let i = 1; i < argv.length; i++) {
    if ((touch ? c.db.lookupRead(argv[i]) : c.db.lookupReadNoTouch(argv[i])) !== undefined) n++;
  }
  c.int(n);
}

function delCommand(c: Client, argv: string[]): void {
  const db = c.db;
  let n = 0;
  // A key that has already expired is reclaimed first and not counted as deleted.
  for (let i = 1; i < argv.length; i++) if (db.getNoTouch(argv[i]) !== undefined && db.remove(argv[i])) n++;
  c.server.dirty += n;
  c.int(n);
}

function renameGeneric(c: Client, argv: string[], nx: boolean): void {
  const db = c.db;
  const src = argv[1];
  const dst = argv[2];
  if (db.get(src) === undefined) return c.error('ERR no such key');
  if (src === dst) return nx ? c.int(0) : c.ok();
  if (db.get(dst) !== undefined && nx) return c.int(0);
  db.moveKey(src, db, dst);
  db.emit(EV.generic, 'rename_from', src);
  db.emit(EV.generic, 'rename_to', dst);
  c.server.dirty++;
  if (nx) c.int(1);
  else c.ok();
}

function copyCommand(c: Client, argv: string[]): void {
  const src = c.db;
  let dst = c.db;
  let replace = false;
  for (let j = 3; j < argv.length; j++) {
    const opt = argv[j].toLowerCase();
    if (opt === 'replace') {
      replace = true;
    } else if (opt === 'db' && j + 1 < argv.length) {
      const id = dbIndexOrReply(c, argv[++j]);
      if (id === null) return;
      if (id < 0 || id >= c.server.keyspace.dbs.length) return c.error(ERR_DB_RANGE);
      dst = c.server.keyspace.dbs[id];
    } else {
      return c.error(ERR_SYNTAX);
    }
  }
  if (dst !== src && c.server.cluster !== null) return c.error('ERR Copying to another database is not allowed in cluster mode');
  const key = argv[1];
  const newkey = argv[2];
  if (src === dst && key === newkey) return c.error(ERR_SAME_OBJECT);
  const v = src.lookupRead(key);
  if (v === undefined) return c.int(0);
  const when = src.getExpire(key);
  if (dst.get(newkey) !== undefined) {
    if (!replace) return c.int(0);
    dst.delete(newkey);
  }
  dst.set(newkey, copyValue(v));
  if (when !== undefined) dst.setExpire(newkey, when);
  dst.emit(EV.generic, 'copy_to', newkey);
  c.server.dirty++;
  c.int(1);
}

// ---- KEYS / SCAN / RANDOMKEY ----

function keysCommand(c: Client, argv: string[]): void {
  const db = c.db;
  const pattern = argv[1];
  const all = matchesAll(pattern);
  const now = Date.now();
  const out: string[] = [];
  for (let s = 0; s < db.slots.length; s++) {
    const m = db.slots[s];
    if (m === undefined) continue;
    for (const k of m.keys()) if ((all || globMatch(pattern, k)) && !db.isExpired(k, now)) out.push(k);
  }
  c.bulkArray(out);
}

function scanCommand(c: Client, argv: string[]): void {
  const cursor = parseScanCursor(argv[1]);
  if (cursor === null) return c.error('ERR invalid cursor');
  let count = 10;
  let pattern: string | null = null;
  let type: string | null = null;
  for (let i = 2; i < argv.length; i += 2) {
    const opt = argv[i].toLowerCase();
    if (i + 1 >= argv.length) return c.error(ERR_SYNTAX);
    if (opt === 'count') {
      const n = parseInt64(argv[i + 1]);
      if (n === null) return c.error(ERR_NOT_INTEGER);
      if (n < 1) return c.error(ERR_SYNTAX);
      count = typeof n === 'bigint' ? Number.MAX_SAFE_INTEGER : n;
    } else if (opt === 'match') {
      pattern = matchesAll(argv[i + 1]) ? null : argv[i + 1];
    } else if (opt === 'type') {
      // An unknown type name matches nothing (Redis 7.2 does not reject it yet).
      type = argv[i + 1].toLowerCase();
    } else {
      return c.error(ERR_SYNTAX);
    }
  }
  const db = c.db;
  const step = c.server.keyspace.scans.step(db, cursor, count);
  const now = Date.now();
  const out: string[] = [];
  for (const k of step.keys) {
    if (type !== null) {
      const v = db.peek(k);
      if (v === undefined || typeOf(v) !== type) continue;
    }
    if (pattern !== null && !globMatch(pattern, k)) continue;
    if (db.isExpired(k, now)) {
      db.expireNow(k);
      continue;
    }
    out.push(k);
  }
  c.array(2);
  c.bulk(String(step.next));
  c.bulkArray(out);
}

function randomkeyCommand(c: Client): void {
  const db = c.db;
  const now = Date.now();
  for (;;) {
    const k = db.randomKey();
    if (k === undefined) return c.nullBulk();
    if (!db.isExpired(k, now)) return c.bulk(k);
    db.expireNow(k);
  }
}

// ---- EXPIRE family ----

const EXPIRE_NX = 1;
const EXPIRE_XX = 2;
const EXPIRE_GT = 4;
const EXPIRE_LT = 8;

/** Parses NX/XX/GT/LT; replies and returns -1 on an error. */
function expireFlags(c: Client, argv: string[]): number {
  let flags = 0;
  for (let j = 3; j < argv.length; j++) {
    const opt = argv[j].toLowerCase();
    if (opt === 'nx') flags |= EXPIRE_NX;
    else if (opt === 'xx') flags |= EXPIRE_XX;
    else if (opt === 'gt') flags |= EXPIRE_GT;
    else if (opt === 'lt') flags |= EXPIRE_LT;
    else {
      c.error(`ERR Unsupported option ${argv[j]}`);
      return -1;
    }
  }
  if (flags & EXPIRE_NX && flags & (EXPIRE_XX | EXPIRE_GT | EXPIRE_LT)) {
    c.error('ERR NX and XX, GT or LT options at the same time are not compatible');
    return -1;
  }
  if (flags & EXPIRE_GT && flags & EXPIRE_LT) {
    c.error('ERR GT and LT options at the same time are not compatible');
    return -1;
  }
  return flags;
}

/**
 * The absolute expiry in ms, with Redis's overflow checks (int64 arithmetic);
 * null after replying with an error.
 */
function expireWhen(c: Client, arg: string, basetime: number, seconds: boolean, name: string): number | null {
  const w = parseInt64(arg);
  if (w === null) {
    c.error(ERR_NOT_INTEGER);
    return null;
  }
  // Small values cannot overflow: plain number arithmetic is exact.
  if (typeof w === 'number' && Math.abs(w) < 2 ** 42) return (seconds ? w * 1000 : w) + basetime;
  let b = BigInt(w);
  if (seconds) {
    if (b > LLONG_MAX / 1000n || b < LLONG_MIN / 1000n) {
      c.error(`ERR invalid expire time in '${name}' command`);
      return null;
    }
    b *= 1000n;
  }
  if (b > LLONG_MAX - BigInt(basetime)) {
    c.error(`ERR invalid expire time in '${name}' command`);
    return null;
  }
  return Number(b + BigInt(basetime));
}

function expireGeneric(c: Client, argv: string[], relative: boolean, seconds: boolean, name: string): void {
  const flags = expireFlags(c, argv);
  if (flags < 0) return;
  const when = expireWhen(c, argv[2], relative ? Date.now() : 0, seconds, name);
  if (when === null) return;
  const db = c.db;
  const key = argv[1];
  if (db.get(key) === undefined) return c.int(0);
  if (flags !== 0) {
    const current = db.getExpire(key);
    if (flags & EXPIRE_NX && current !== undefined) return c.int(0);
    if (flags & EXPIRE_XX && current === undefined) return c.int(0);
    // No TTL counts as an infinite one.
    if (flags & EXPIRE_GT && (current === undefined || when <= current)) return c.int(0);
    if (flags & EXPIRE_LT && current !== undefined && when >= current) return c.int(0);
  }
  // A time already past deletes the key, reported as a DEL would be.
  if (when <= Date.now()) {
    db.remove(key);
  } else {
    db.setExpire(key, when);
    db.emit(EV.generic, 'expire', key);
  }
  c.server.dirty++;
  c.int(1);
}

function ttlGeneric(c: Client, argv: string[], ms: boolean, absolute: boolean): void {
  const db = c.db;
  if (db.lookupReadNoTouch(argv[1]) === undefined) return c.int(-2);
  const when = db.getExpire(argv[1]);
  if (when === undefined) return c.int(-1);
  const t = Math.max(0, absolute ? when : when - Date.now());
  c.int(ms ? t : Math.floor((t + 500) / 1000));
}

function expireDecl(name: string, relative: boolean, seconds: boolean): CommandDecl {
  return {
    name,
    arity: -3,
    flags: 'write fast',
    acl: '@keyspace',
    keys: [key1('RW update')],
    handler: (c, argv) => expireGeneric(c, argv, relative, seconds, name),
  };
}

function ttlDecl(name: string, ms: boolean, absolute: boolean): CommandDecl {
  return {
    name,
    arity: 2,
    flags: 'readonly fast',
    acl: '@keyspace',
    keys: [key1('RO access')],
    tips: absolute ? undefined : 'nondeterministic_output',
    handler: (c, argv) => ttlGeneric(c, argv, ms, absolute),
  };
}

// ---- OBJECT / MEMORY ----

const LFU_POLICY_NOTE = 'Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.';

/** OBJECT's key lookup: counted, but not an access nor a reported miss; replies null when missing. */
function objectLookup(c: Client, key: string): Value | undefined {
  const v = c.db.lookupReadNoTouch(key, false);
  if (v === undefined) c.nullBulk();
  return v;
}

function refcount(c: Client, v: Value): number {
  if (typeof v !== 'string' || stringEncoding(v) !== 'int') return 1;
  const n = Number(v);
  const shared = c.server.config.num('maxmemory') === 0 || c.db.access === null;
  return shared && n >= 0 && n < SHARED_INTEGERS ? INT_MAX : 1;
}

/** Seconds since the key's last access: exact under an LRU policy, per slot otherwise (see store/access.ts). */
function idleSeconds(db: Db, key: string): number {
  const last = db.access?.lastAccess(key) ?? db.touched[keySlot(key)];
  return Math.max(0, Math.floor(Date.now() / 1000) - last);
}

const OBJECT_HELP = [
  'ENCODING <key>',
  '    Return the kind of internal representation used in order to store the value',
  '    associated with a <key>.',
  'FREQ <key>',
  '    Return the access frequency index of the <key>. The returned integer is',
  '    proportional to the logarithm of the recent access frequency of the key.',
  'IDLETIME <key>',
  '    Return the idle time of the <key>, that is the approximated number of',
  '    seconds elapsed since the last access to the key.',
  'REFCOUNT <key>',
  '    Return the number of references of the value associated with the specified',
  '    <key>.',
];

const MEMORY_HELP = [
  'DOCTOR',
  '    Return memory problems reports.',
  'MALLOC-STATS',
  '    Return internal statistics report from the memory allocator.',
  'PURGE',
  '    Attempt to purge dirty pages for reclamation by the allocator.',
  'STATS',
  '    Return information about the memory usage of the server.',
  'USAGE <key> [SAMPLES <count>]',
  '    Return memory in bytes used by <key> and its value. Nested values are',
  '    sampled up to <count> times (default: 5, 0 means sample all).',
];

const OBJ_COMPUTE_SIZE_DEF_SAMPLES = 5;

function memoryUsageCommand(c: Client, argv: string[]): void {
  let samples = OBJ_COMPUTE_SIZE_DEF_SAMPLES;
  for (let j = 3; j < argv.length; j++) {
    if (argv[j].toLowerCase() === 'samples' && j + 1 < argv.length) {
      const n = parseInt64(argv[++j]);
      if (n === null) return c.error(ERR_NOT_INTEGER);
      if (n < 0) return c.error(ERR_SYNTAX);
      samples = n === 0 ? Infinity : Number(n);
    } else {
      return c.error(ERR_SYNTAX);
    }
  }
  // Like Redis's dbFind: no expiry check, no hit/miss accounting.
  const v = c.db.peek(argv[2]);
  if (v === undefined) return c.nullBulk();
  c.int(keyMemoryUsage(argv[2], v, samples));
}

/** MEMORY STATS with Redis's fields, filled from what the Node heap reports. */
function memoryStatsCommand(c: Client): void {
  const mem = process.memoryUsage();
  const dbs = c.server.keyspace.dbs.filter((db) => db.size > 0);
  let keys = 0;
  for (const db of c.server.keyspace.dbs) keys += db.size;
  const used = c.server.memory.read();
  const ints: [string, number][] = [
    ['peak.allocated', used],
    ['total.allocated', used],
    ['startup.allocated', 0],
    ['replication.backlog', 0],
    ['clients.slaves', 0],
    ['clients.normal', 0],
    ['cluster.links', 0],
    ['aof.buffer', 0],
    ['lua.caches', 0],
    ['functions.caches', 0],
  ];
  c.map(ints.length + dbs.length + 17);
  for (const [k, n] of ints) {
    c.bulk(k);
    c.int(n);
  }
  for (const db of dbs) {
    c.bulk('db.' + db.id);
    c.map(3);
    c.bulk('overhead.hashtable.main');
    c.int(db.size * 24);
    c.bulk('overhead.hashtable.expires');
    c.int(db.expires.size * 24);
    c.bulk('overhead.hashtable.slot-to-keys');
    c.int(0);
  }
  const pairs: [string, number, boolean][] = [
    ['overhead.total', 0, false],
    ['keys.count', keys, false],
    ['keys.bytes-per-key', keys > 0 ? Math.floor(used / keys) : 0, false],
    ['dataset.bytes', used, false],
    ['dataset.percentage', 100, true],
    ['peak.percentage', 100, true],
    ['allocator.allocated', used, false],
    ['allocator.active', mem.heapTotal + mem.external, false],
    ['allocator.resident', mem.rss, false],
    ['allocator-fragmentation.ratio', (mem.heapTotal + mem.external) / used, true],
    ['allocator-fragmentation.bytes', mem.heapTotal - mem.heapUsed, false],
    ['allocator-rss.ratio', mem.rss / (mem.heapTotal + mem.external), true],
    ['allocator-rss.bytes', Math.max(0, mem.rss - mem.heapTotal - mem.external), false],
    ['rss-overhead.ratio', 1, true],
    ['rss-overhead.bytes', 0, false],
    ['fragmentation', mem.rss / used, true],
    ['fragmentation.bytes', Math.max(0, mem.rss - used), false],
  ];
  for (const [k, n, isDouble] of pairs) {
    c.bulk(k);
    if (isDouble) c.double(n);
    else c.int(n);
  }
}

/** COMMAND DOCS of the EXPIRE family: they differ only in summary, version and time argument. */
function expireDocs(summary: string, since: string, timeArg: string, timeType: 'integer' | 'unix-time'): CommandDocs {
  return {
    summary,
    since,
    group: 'generic',
    complexity: 'O(1)',
    history: [['7.0.0', 'Added options: `NX`, `XX`, `GT` and `LT`.']],
    arguments: [
      key(),
      arg(timeArg, timeType),
      oneof('condition', [token('NX'), token('XX'), token('GT'), token('LT')], { since: '7.0.0', flags: 'optional' }),
    ],
  };
}

/** COMMAND DOCS of TTL, PTTL, EXPIRETIME and PEXPIRETIME: one key, O(1). */
function ttlDocs(summary: string, since: string, minusTwoReply = false): CommandDocs {
  const docs = oneKeyDocs(summary, since, 'generic');
  if (minusTwoReply) docs.history = [['2.8.0', 'Added the -2 reply.']];
  return docs;
}

export const keyCommands: CommandDecl[] = [
  {
    name: 'del',
    arity: -2,
    flags: 'write',
    acl: '@keyspace',
    keys: [ks('RM delete', index(1), range(-1, 1, 0))],
    tips: 'request_policy:multi_shard response_policy:agg_sum',
    docs: {
      summary: 'Removes keys.',
      since: '1.0.0',
      group: 'generic',
      complexity: 'O(N) where N is the number of keys that will be removed. When a key to remove holds a value other than a string, the individual complexity for this key is O(M) where M is the number of elements in the list, set, sorted set or hash. Removing a single key that holds a string value is O(1).',
      arguments: [key('key', 0, { flags: 'multiple' })],
    },
    handler: delCommand,
  },
  {
    name: 'unlink',
    arity: -2,
    flags: 'write fast',
    acl: '@keyspace',
    keys: [ks('RM delete', index(1), range(-1, 1, 0))],
    tips: 'request_policy:multi_shard response_policy:agg_sum',
    docs: {
      summary: 'Removes keys, reclaiming their memory in the background.',
      since: '4.0.0',
      group: 'generic',
      complexity: 'O(1) for each key removed regardless of its size. Then the command does O(N) work in a different thread in order to reclaim memory, where N is the number of allocations the deleted objects where composed of.',
      arguments: [key('key', 0, { flags: 'multiple' })],
    },
    // Values are freed by the collector either way, so UNLINK is DEL.
    handler: delCommand,
  },
  {
    name: 'exists',
    arity: -2,
    flags: 'readonly fast',
    acl: '@keyspace',
    keys: [ks('RO', index(1), range(-1, 1, 0))],
    tips: 'request_policy:multi_shard response_policy:agg_sum',
    docs: {
      summary: 'Counts how many of the given keys exist.',
      since: '1.0.0',
      group: 'generic',
      complexity: 'O(N) where N is the number of keys to check.',
      history: [
        ['3.0.3', 'Accepts multiple `key` arguments.'],
      ],
      arguments: [key('key', 0, { flags: 'multiple' })],
    },
    handler: (c, argv) => countExisting(c, argv, false),
  },
  {
    name: 'touch',
    arity: -2,
    flags: 'readonly fast',
    acl: '@keyspace',
    keys: [ks('RO', index(1), range(-1, 1, 0))],
    tips: 'request_policy:multi_shard response_policy:agg_sum',
    docs: {
      summary: 'Updates the last access time of keys and counts the existing ones.',
      since: '3.2.1',
      group: 'generic',
      complexity: 'O(N) where N is the number of keys that will be touched.',
      arguments: [key('key', 0, { flags: 'multiple' })],
    },
    handler: (c, argv) => countExisting(c, argv, true),
  },
  {
    name: 'type',
    arity: 2,
    flags: 'readonly fast',
    acl: '@keyspace',
    keys: [key1('RO')],
    docs: oneKeyDocs('Replies with the type of the value at a key.', '1.0.0', 'generic'),
    handler(c, argv) {
      const v = c.db.lookupReadNoTouch(argv[1]);
      c.status(v === undefined ? 'none' : typeOf(v));
    },
  },
  {
    name: 'rename',
    arity: 3,
    flags: 'write',
    acl: '@keyspace',
    keys: [key1('RW access delete'), key1('OW update', 2)],
    docs: {
      summary: 'Gives a key a new name, replacing any key with that name.',
      since: '1.0.0',
      group: 'generic',
      complexity: 'O(1)',
      arguments: [key(), key('newkey', 1)],
    },
    handler: (c, argv) => renameGeneric(c, argv, false),
  },
  {
    name: 'renamenx',
    arity: 3,
    flags: 'write fast',
    acl: '@keyspace',
    keys: [key1('RW access delete'), key1('OW insert', 2)],
    docs: {
      summary: 'Gives a key a new name only when that name is free.',
      since: '1.0.0',
      group: 'generic',
      complexity: 'O(1)',
      history: [
        ['3.2.0', 'The command no longer returns an error when source and destination names are the same.'],
      ],
      arguments: [key(), key('newkey', 1)],
    },
    handler: (c, argv) => renameGeneric(c, argv, true),
  },
  {
    name: 'copy',
    arity: -3,
    flags: 'write denyoom',
    acl: '@keyspace',
    keys: [key1('RO access'), key1('OW update', 2)],
    docs: {
      summary: 'Duplicates the value of a key under another key.',
      since: '6.2.0',
      group: 'generic',
      complexity: 'O(N) worst case for collections, where N is the number of nested items. O(1) for string values.',
      arguments: [
        key('source', 0),
        key('destination', 1),
        arg('destination-db', 'integer', { token: 'DB', flags: 'optional' }),
        token('REPLACE', { flags: 'optional' }),
      ],
    },
    handler: copyCommand,
  },
  {
    name: 'randomkey',
    arity: 1,
    flags: 'readonly',
    acl: '@keyspace',
    tips: 'request_policy:all_shards response_policy:special nondeterministic_output',
    docs: {
      summary: 'Replies with a key picked at random.',
      since: '1.0.0',
      group: 'generic',
      complexity: 'O(1)',
    },
    handler: randomkeyCommand,
  },
  {
    name: 'keys',
    arity: 2,
    flags: 'readonly',
    acl: '@keyspace @dangerous',
    tips: 'request_policy:all_shards nondeterministic_output_order',
    docs: {
      summary: 'Lists the keys that match a glob pattern.',
      since: '1.0.0',
      group: 'generic',
      complexity: 'O(N) with N being the number of keys in the database, under the assumption that the key names in the database and the given pattern have limited length.',
      arguments: [arg('pattern', 'pattern')],
    },
    handler: keysCommand,
  },
  {
    name: 'scan',
    arity: -2,
    flags: 'readonly',
    acl: '@keyspace',
    tips: 'nondeterministic_output request_policy:special response_policy:special',
    docs: {
      summary: 'Walks the keyspace a batch at a time with a cursor.',
      since: '2.8.0',
      group: 'generic',
      complexity: 'O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection.',
      history: [
        ['6.0.0', 'Added the `TYPE` subcommand.'],
      ],
      arguments: [
        arg('cursor', 'integer'),
        arg('pattern', 'pattern', { token: 'MATCH', flags: 'optional' }),
        arg('count', 'integer', { token: 'COUNT', flags: 'optional' }),
        arg('type', 'string', { token: 'TYPE', since: '6.0.0', flags: 'optional' }),
      ],
    },
    handler: scanCommand,
  },
  { ...expireDecl('expire', true, true), docs: expireDocs('Sets a key\'s time to live in seconds.', '1.0.0', 'seconds', 'integer') },
  { ...expireDecl('pexpire', true, false), docs: expireDocs('Sets a key\'s time to live in milliseconds.', '2.6.0', 'milliseconds', 'integer') },
  { ...expireDecl('expireat', false, true), docs: expireDocs('Sets when a key expires, as a Unix time in seconds.', '1.2.0', 'unix-time-seconds', 'unix-time') },
  { ...expireDecl('pexpireat', false, false), docs: expireDocs('Sets when a key expires, as a Unix time in milliseconds.', '2.6.0', 'unix-time-milliseconds', 'unix-time') },
  { ...ttlDecl('ttl', false, false), docs: ttlDocs('Replies with a key\'s remaining time to live in seconds.', '1.0.0', true) },
  { ...ttlDecl('pttl', true, false), docs: ttlDocs('Replies with a key\'s remaining time to live in milliseconds.', '2.6.0', true) },
  { ...ttlDecl('expiretime', false, true), docs: ttlDocs('Replies with the Unix time in seconds at which a key expires.', '7.0.0') },
  { ...ttlDecl('pexpiretime', true, true), docs: ttlDocs('Replies with the Unix time in milliseconds at which a key expires.', '7.0.0') },
  {
    name: 'persist',
    arity: 2,
    flags: 'write fast',
    acl: '@keyspace',
    keys: [key1('RW update')],
    docs: oneKeyDocs('Removes a key\'s expiry so it lives until deleted.', '2.2.0', 'generic'),
    handler(c, argv) {
      if (c.db.get(argv[1]) === undefined || !c.db.persist(argv[1])) return c.int(0);
      c.db.emit(EV.generic, 'persist', argv[1]);
      c.server.dirty++;
      c.int(1);
    },
  },
  {
    name: 'object',
    arity: -2,
    docs: {
      summary: 'Groups the commands that inspect stored values.',
      since: '2.2.3',
      group: 'generic',
      complexity: 'Depends on subcommand.',
    },
    subcommands: [
      {
        name: 'idletime',
        arity: 3,
        flags: 'readonly',
        acl: '@keyspace',
        keys: [key1('RO', 2)],
        tips: 'nondeterministic_output',
        docs: oneKeyDocs('Replies with the seconds since a key\'s value was last used.', '2.2.3', 'generic'),
        handler(c, argv) {
          if (objectLookup(c, argv[2]) === undefined) return;
          if (c.db.access?.kind === 'lfu') {
            return c.error(`ERR An LFU maxmemory policy is selected, idle time not tracked. ${LFU_POLICY_NOTE}`);
          }
          c.int(idleSeconds(c.db, argv[2]));
        },
      },
      {
        name: 'freq',
        arity: 3,
        flags: 'readonly',
        acl: '@keyspace',
        keys: [key1('RO', 2)],
        tips: 'nondeterministic_output',
        docs: oneKeyDocs('Replies with the logarithmic access counter of a key\'s value.', '4.0.0', 'generic'),
        handler(c, argv) {
          if (objectLookup(c, argv[2]) === undefined) return;
          const access = c.db.access;
          if (access === null || access.kind !== 'lfu') {
            return c.error(`ERR An LFU maxmemory policy is not selected, access frequency not tracked. ${LFU_POLICY_NOTE}`);
          }
          c.int(access.frequency(argv[2]));
        },
      },
      {
        name: 'help',
        arity: 2,
        flags: 'loading stale',
        acl: '@keyspace',
        docs: {
          summary: 'Lists the OBJECT subcommands.',
          since: '6.2.0',
          group: 'generic',
          complexity: 'O(1)',
        },
        handler: (c, argv) => replyHelp(c, argv[0], OBJECT_HELP),
      },
      {
        name: 'encoding',
        arity: 3,
        flags: 'readonly',
        acl: '@keyspace',
        keys: [key1('RO', 2)],
        tips: 'nondeterministic_output',
        docs: oneKeyDocs('Replies with the internal representation of a key\'s value.', '2.2.3', 'generic'),
        handler(c, argv) {
          const v = objectLookup(c, argv[2]);
          if (v !== undefined) c.bulk(encodingOf(v));
        },
      },
      {
        name: 'refcount',
        arity: 3,
        flags: 'readonly',
        acl: '@keyspace',
        keys: [key1('RO', 2)],
        tips: 'nondeterministic_output',
        docs: oneKeyDocs('Replies with the reference count of a key\'s value.', '2.2.3', 'generic'),
        handler(c, argv) {
          const v = objectLookup(c, argv[2]);
          if (v !== undefined) c.int(refcount(c, v));
        },
      },
    ],
  },
  {
    name: 'memory',
    arity: -2,
    docs: {
      summary: 'Groups the memory diagnostics commands.',
      since: '4.0.0',
      group: 'server',
      complexity: 'Depends on subcommand.',
    },
    subcommands: [
      {
        name: 'purge',
        arity: 2,
        tips: 'request_policy:all_shards response_policy:all_succeeded',
        docs: {
          summary: 'Asks the allocator to give unused memory back.',
          since: '4.0.0',
          group: 'server',
          complexity: 'Depends on how much memory is allocated, could be slow',
        },
        handler(c) {
          // V8's counterpart of handing dirty pages back: a full collection.
          c.server.memory.collect();
          c.ok();
        },
      },
      {
        name: 'malloc-stats',
        arity: 2,
        tips: 'nondeterministic_output request_policy:all_shards response_policy:special',
        docs: {
          summary: 'Replies with the allocator\'s internal statistics.',
          since: '4.0.0',
          group: 'server',
          complexity: 'Depends on how much memory is allocated, could be slow',
        },
        handler(c) {
          c.bulk('Stats not supported for the current allocator');
        },
      },
      {
        name: 'help',
        arity: 2,
        flags: 'loading stale',
        docs: {
          summary: 'Lists the MEMORY subcommands.',
          since: '4.0.0',
          group: 'server',
          complexity: 'O(1)',
        },
        handler: (c, argv) => replyHelp(c, argv[0], MEMORY_HELP),
      },
      {
        name: 'usage',
        arity: -3,
        flags: 'readonly',
        keys: [key1('RO', 2)],
        docs: {
          summary: 'Estimates how many bytes a key and its value take.',
          since: '4.0.0',
          group: 'server',
          complexity: 'O(N) where N is the number of samples.',
          arguments: [key(), arg('count', 'integer', { token: 'SAMPLES', flags: 'optional' })],
        },
        handler: memoryUsageCommand,
      },
      {
        name: 'doctor',
        arity: 2,
        tips: 'nondeterministic_output request_policy:all_shards response_policy:special',
        docs: {
          summary: 'Reports memory problems in plain words.',
          since: '4.0.0',
          group: 'server',
          complexity: 'O(1)',
        },
        handler(c) {
          c.verbatim("Hi Sam, I can't find any memory issue in your instance. I can only account for what occurs on this base.");
        },
      },
      {
        name: 'stats',
        arity: 2,
        tips: 'nondeterministic_output request_policy:all_shards response_policy:special',
        docs: {
          summary: 'Replies with details of the server\'s memory use.',
          since: '4.0.0',
          group: 'server',
          complexity: 'O(1)',
        },
        handler: memoryStatsCommand,
      },
    ],
  },
];
