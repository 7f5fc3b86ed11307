/**
 * Generic keyspace commands (db.c, expire.c, object.c): DEL, EXISTS, TYPE,
 * RENAME, COPY, KEYS, SCAN, RANDOMKEY, the EXPIRE/TTL family, OBJECT, MEMORY.
 */
import { key1, ks, index, range, type CommandDecl } from './spec';
import type { Client } from '../server/client';
import type { Db } from '../store/db';
import { isStringValue, typeOf, type Value } from '../store/value';
import { ERR_SYNTAX, ERR_NOT_INTEGER } from './replies';
import { parseInt64 } from '../util/numbers';
import { keySlot } from '../cluster/slot';
import { globMatch, matchesAll } from '../util/glob';
import { parseScanCursor } from '../store/scan';
import { keyOverhead, stringValueSize, collectionValueSize } from '../store/memsize';
import { replyHelp } from './help';
import { copyString, stringEncoding } from '../store/strval';
import { dbIndexOrReply, ERR_DB_RANGE, ERR_SAME_OBJECT } from './databases';

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
  for (let i = 1; i < argv.length; i++) if (db.getNoTouch(argv[i]) !== undefined && db.delete(argv[i])) n++;
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
  if (when <= Date.now()) db.delete(key);
  else db.setExpire(key, when);
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

/** OBJECT's key lookup: counted, but not an access; replies null when missing. */
function objectLookup(c: Client, key: string): Value | undefined {
  const v = c.db.lookupReadNoTouch(key);
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
  const valueSize = isStringValue(v) ? stringValueSize(v, stringEncoding(v)) : collectionValueSize(v, samples);
  c.int(keyOverhead(argv[2]) + valueSize);
}

/** MEMORY STATS with Redis's fields, filled from what the Node heap reports. */
function memoryStatsCommand(c: Client): void {
  const mem = process.memoryUsage();
  const dbs = c.server.keyspace.dbs.filter((db) => db.size > 0);
  let keys = 0;
  for (const db of c.server.keyspace.dbs) keys += db.size;
  const used = mem.heapUsed + mem.external;
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

export const keyCommands: CommandDecl[] = [
  {
    name: 'del',
    arity: -2,
    flags: 'write',
    acl: '@keyspace',
    keys: [ks('RM delete', index(1), range(-1, 1, 0))],
    tips: 'request_policy:multi_shard response_policy:agg_sum',
    handler: delCommand,
  },
  {
    name: 'unlink',
    arity: -2,
    flags: 'write fast',
    acl: '@keyspace',
    keys: [ks('RM delete', index(1), range(-1, 1, 0))],
    tips: 'request_policy:multi_shard response_policy:agg_sum',
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
    handler: (c, argv) => countExisting(c, argv, false),
  },
  {
    name: 'touch',
    arity: -2,
    flags: 'readonly fast',
    acl: '@keyspace',
    keys: [ks('RO', index(1), range(-1, 1, 0))],
    tips: 'request_policy:multi_shard response_policy:agg_sum',
    handler: (c, argv) => countExisting(c, argv, true),
  },
  {
    name: 'type',
    arity: 2,
    flags: 'readonly fast',
    acl: '@keyspace',
    keys: [key1('RO')],
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
    handler: (c, argv) => renameGeneric(c, argv, false),
  },
  {
    name: 'renamenx',
    arity: 3,
    flags: 'write fast',
    acl: '@keyspace',
    keys: [key1('RW access delete'), key1('OW insert', 2)],
    handler: (c, argv) => renameGeneric(c, argv, true),
  },
  {
    name: 'copy',
    arity: -3,
    flags: 'write denyoom',
    acl: '@keyspace',
    keys: [key1('RO access'), key1('OW update', 2)],
    handler: copyCommand,
  },
  {
    name: 'randomkey',
    arity: 1,
    flags: 'readonly',
    acl: '@keyspace',
    tips: 'request_policy:all_shards response_policy:special nondeterministic_output',
    handler: randomkeyCommand,
  },
  {
    name: 'keys',
    arity: 2,
    flags: 'readonly',
    acl: '@keyspace @dangerous',
    tips: 'request_policy:all_shards nondeterministic_output_order',
    handler: keysCommand,
  },
  {
    name: 'scan',
    arity: -2,
    flags: 'readonly',
    acl: '@keyspace',
    tips: 'nondeterministic_output request_policy:special response_policy:special',
    handler: scanCommand,
  },
  expireDecl('expire', true, true),
  expireDecl('pexpire', true, false),
  expireDecl('expireat', false, true),
  expireDecl('pexpireat', false, false),
  ttlDecl('ttl', false, false),
  ttlDecl('pttl', true, false),
  ttlDecl('expiretime', false, true),
  ttlDecl('pexpiretime', true, true),
  {
    name: 'persist',
    arity: 2,
    flags: 'write fast',
    acl: '@keyspace',
    keys: [key1('RW update')],
    handler(c, argv) {
      if (c.db.get(argv[1]) === undefined || !c.db.persist(argv[1])) return c.int(0);
      c.server.dirty++;
      c.int(1);
    },
  },
  {
    name: 'object',
    arity: -2,
    subcommands: [
      {
        name: 'idletime',
        arity: 3,
        flags: 'readonly',
        acl: '@keyspace',
        keys: [key1('RO', 2)],
        tips: 'nondeterministic_output',
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
        handler: (c, argv) => replyHelp(c, argv[0], OBJECT_HELP),
      },
      {
        name: 'encoding',
        arity: 3,
        flags: 'readonly',
        acl: '@keyspace',
        keys: [key1('RO', 2)],
        tips: 'nondeterministic_output',
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
    subcommands: [
      {
        name: 'purge',
        arity: 2,
        tips: 'request_policy:all_shards response_policy:all_succeeded',
        handler(c) {
          c.ok();
        },
      },
      {
        name: 'malloc-stats',
        arity: 2,
        tips: 'nondeterministic_output request_policy:all_shards response_policy:special',
        handler(c) {
          c.bulk('Stats not supported for the current allocator');
        },
      },
      {
        name: 'help',
        arity: 2,
        flags: 'loading stale',
        handler: (c, argv) => replyHelp(c, argv[0], MEMORY_HELP),
      },
      {
        name: 'usage',
        arity: -3,
        flags: 'readonly',
        keys: [key1('RO', 2)],
        handler: memoryUsageCommand,
      },
      {
        name: 'doctor',
        arity: 2,
        tips: 'nondeterministic_output request_policy:all_shards response_policy:special',
        handler(c) {
          c.verbatim("Hi Sam, I can't find any memory issue in your instance. I can only account for what occurs on this base.");
        },
      },
      {
        name: 'stats',
        arity: 2,
        tips: 'nondeterministic_output request_policy:all_shards response_policy:special',
        handler: memoryStatsCommand,
      },
    ],
  },
];
