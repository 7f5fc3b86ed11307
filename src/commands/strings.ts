/** String commands (t_string.c): GET, SET and friends, counters, ranges, LCS. */
import { key1, ks, index, range, type CommandDecl } from './spec';
import type { Client } from '../server/client';
import { isStringValue, type Value } from '../store/value';
import { strOf, writable } from '../store/strval';
import { ERR_NOT_FLOAT, ERR_NOT_INTEGER, ERR_OVERFLOW, ERR_SYNTAX, WRONGTYPE } from './replies';
import { INT64_MAX, INT64_MIN, parseInt64 } from '../util/numbers';
import { addLongDouble, formatLongDouble, parseLongDouble } from '../util/longdouble';
import { arg, block, key, oneof, token, oneKeyDocs } from './docs-args';
import { EV } from '../server/notify';

export const ERR_TOO_BIG = 'ERR string exceeds maximum allowed size (proto-max-bulk-len)';

/**
 * Stores a string a command computed from the key's old value (a Buffer from
 * writable() included): a new key, or the same key's new value (always
 * through Db.replace, even when edited in place, so the keyspace sees every
 * write), reported as the string event `event` (null: nothing changed, as
 * a BITFIELD whose writes all failed). Keeps the TTL.
 */
export function storeWritten(c: Client, key: string, old: Value | undefined, b: string | Buffer, event: string | null): void {
  if (old === undefined) c.db.set(key, b);
  else c.db.replace(key, b);
  if (event !== null) c.db.emit(EV.string, event, key);
}

/** Redis's checkStringLength: refuses results longer than proto-max-bulk-len. */
export function checkStringLength(c: Client, size: number, add: number): boolean {
  if (size + add > c.server.config.num('proto-max-bulk-len')) {
    c.error(ERR_TOO_BIG);
    return false;
  }
  return true;
}

// ---- SET / GETEX option parsing (parseExtendedStringArgumentsOrReply) ----

const NX = 1;
const XX = 2;
const GET = 4;
const KEEPTTL = 8;
const PERSIST = 16;
const EX = 32;
const PX = 64;
const EXAT = 128;
const PXAT = 256;
const ANY_EXPIRE = EX | PX | EXAT | PXAT;

// Results of the last parse; a parse runs to completion before any reply.
let optFlags = 0;
let optExpire = '';

/** Parses SET (forSet) or GETEX options from argv[start]; false after replying an error. */
function parseExtended(c: Client, argv: string[], start: number, forSet: boolean): boolean {
  let flags = 0;
  for (let j = start; j < argv.length; j++) {
    const opt = argv[j].toLowerCase();
    const hasNext = j + 1 < argv.length;
    if (opt === 'nx' && forSet && !(flags & XX)) flags |= NX;
    else if (opt === 'xx' && forSet && !(flags & NX)) flags |= XX;
    else if (opt === 'get' && forSet) flags |= GET;
    else if (opt === 'keepttl' && forSet && !(flags & (PERSIST | ANY_EXPIRE))) flags |= KEEPTTL;
    else if (opt === 'persist' && !forSet && !(flags & (ANY_EXPIRE | KEEPTTL))) flags |= PERSIST;
    else if (opt === 'ex' && hasNext && !(flags & (KEEPTTL | PERSIST | EXAT | PX | PXAT))) {
      flags |= EX;
      optExpire = argv[++j];
    } else if (opt === 'px' && hasNext && !(flags & (KEEPTTL | PERSIST | EX | EXAT | PXAT))) {
      flags |= PX;
      optExpire = argv[++j];
    } else if (opt === 'exat' && hasNext && !(flags & (KEEPTTL | PERSIST | EX | PX | PXAT))) {
      flags |= EXAT;
      optExpire = argv[++j];
    } else if (opt === 'pxat' && hasNext && !(flags & (KEEPTTL | PERSIST | EX | EXAT | PX))) {
      flags |= PXAT;
      optExpire = argv[++j];
    } else {
      c.error(ERR_SYNTAX);
      return false;
    }
  }
  optFlags = flags;
  return true;
}

/**
 * Redis's getExpireMillisecondsOrReply: the absolute expiry in ms for an
 * EX/PX/EXAT/PXAT argument, or -1 after replying an error. Relative times
 * are added to now with int64 overflow detection.
 */
function expireMs(c: Client, arg: string, flags: number, cmd: string): number {
  const n = parseInt64(arg);
  if (n === null) {
    c.error(ERR_NOT_INTEGER);
    return -1;
  }
  const seconds = (flags & (EX | EXAT)) !== 0;
  const relative = (flags & (EX | PX)) !== 0;
  if (typeof n === 'number' && n > 0 && n < 1e12) {
    const ms = seconds ? n * 1000 : n;
    return relative ? ms + Date.now() : ms;
  }
  let ms = BigInt(n);
  if (ms <= 0n || (seconds && ms > INT64_MAX / 1000n)) return invalidExpire(c, cmd);
  if (seconds) ms *= 1000n;
  if (relative) ms += BigInt(Date.now());
  // C's signed overflow wraps negative, which Redis then refuses.
  if (ms > INT64_MAX) return invalidExpire(c, cmd);
  return Number(ms);
}

function invalidExpire(c: Client, cmd: string): number {
  c.error(`ERR invalid expire time in '${cmd}' command`);
  return -1;
}

/**
 * getGenericCommand: replies the string at key (or null when missing) and
 * returns it; returns null after replying WRONGTYPE.
 */
function replyValue(c: Client, key: string): string | Buffer | undefined | null {
  const v = c.db.lookupRead(key);
  if (v === undefined) {
    c.nullBulk();
    return undefined;
  }
  if (!isStringValue(v)) {
    c.error(WRONGTYPE);
    return null;
  }
  c.bulk(v);
  return v;
}

/** setGenericCommand: the shared tail of SET, SETNX, SETEX and PSETEX. */
function setGeneric(c: Client, argv: string[], flags: number, expireArg: string | undefined, value: string, cmd: string, okInt: boolean): void {
  const key = argv[1];
  let when = 0;
  if (expireArg !== undefined) {
    when = expireMs(c, expireArg, flags, cmd);
    if (when < 0) return;
  }
  if (flags & GET && replyValue(c, key) === null) return;
  if (flags & (NX | XX)) {
    const found = c.db.get(key) !== undefined;
    if ((flags & NX && found) || (flags & XX && !found)) {
      if (!(flags & GET)) {
        if (okInt) c.int(0);
        else c.nullBulk();
      }
      return;
    }
  }
  // As Redis, a time already past still stores the key: the next access expires it.
  c.db.set(key, value, expireArg !== undefined || (flags & KEEPTTL) !== 0);
  c.db.emit(EV.string, 'set', key);
  if (expireArg !== undefined) {
    c.db.setExpire(key, when);
    c.db.emit(EV.generic, 'expire', key);
  }
  c.server.dirty++;
  if (!(flags & GET)) {
    if (okInt) c.int(1);
    else c.ok();
  }
}

// ---- counters ----

const SAFE = Number.MAX_SAFE_INTEGER;

/** The integer held at key (0 when missing), or null after replying an error. */
function counterValue(c: Client, v: Value | undefined): number | bigint | null {
  if (v === undefined) return 0;
  if (!isStringValue(v)) {
    c.error(WRONGTYPE);
    return null;
  }
  const n = parseInt64(typeof v === 'string' ? v : strOf(v));
  if (n === null) c.error(ERR_NOT_INTEGER);
  return n;
}

/** incrDecrCommand: int64 arithmetic, exact beyond 2^53 via BigInt. */
function incrBy(c: Client, key: string, incr: number | bigint): void {
  const v = c.db.get(key);
  const cur = counterValue(c, v);
  if (cur === null) return;
  let res: number | bigint;
  if (typeof cur === 'number' && typeof incr === 'number' && (res = cur + incr) <= SAFE && res >= -SAFE) {
    // Both small: a double holds the exact sum.
  } else {
    const big = BigInt(cur) + BigInt(incr);
    if (big > INT64_MAX || big < INT64_MIN) return c.error(ERR_OVERFLOW);
    res = big;
  }
  storeWritten(c, key, v, String(res), 'incrby');
  c.server.dirty++;
  c.int(res);
}

/** The increment argument of INCRBY/DECRBY, or null after replying an error. */
function incrArg(c: Client, s: string): number | bigint | null {
  const n = parseInt64(s);
  if (n === null) c.error(ERR_NOT_INTEGER);
  return n;
}

// ---- ranges ----

/** Redis's GETRANGE index normalisation; [start, end] inclusive, or null when empty. */
function clampRange(start: number, end: number, len: number): [number, number] | null {
  if (start < 0 && end < 0 && start > end) return null;
  if (start < 0) start = len + start;
  if (end < 0) end = len + end;
  if (start < 0) start = 0;
  if (end < 0) end = 0;
  if (end >= len) end = len - 1;
  if (start > end || len === 0) return null;
  return [start, end];
}

/** An int64 argument as a number; values beyond 2^53 only matter by sign, so they saturate. */
export function int64Arg(c: Client, s: string): number | null {
  const n = parseInt64(s);
  if (n === null) {
    c.error(ERR_NOT_INTEGER);
    return null;
  }
  return typeof n === 'number' ? n : n > 0n ? Number.MAX_SAFE_INTEGER : -Number.MAX_SAFE_INTEGER;
}

function getRange(c: Client, argv: string[]): void {
  const start = int64Arg(c, argv[2]);
  if (start === null) return;
  const end = int64Arg(c, argv[3]);
  if (end === null) return;
  const v = c.db.lookupRead(argv[1]);
  if (v === undefined) return c.bulk('');
  if (!isStringValue(v)) return c.error(WRONGTYPE);
  const r = clampRange(start, end, v.length);
  if (r === null) return c.bulk('');
  if (typeof v === 'string') c.bulk(v.slice(r[0], r[1] + 1));
  else c.bulk(v.latin1Slice(r[0], r[1] + 1));
}

// ---- LCS ----

function lcs(c: Client, argv: string[]): void {
  const va = c.db.lookupRead(argv[1]);
  const vb = c.db.lookupRead(argv[2]);
  if ((va !== undefined && !isStringValue(va)) || (vb !== undefined && !isStringValue(vb))) {
    return c.error('ERR The specified keys must contain string values');
  }
  const a = va === undefined ? '' : strOf(va as string | Buffer);
  const b = vb === undefined ? '' : strOf(vb as string | Buffer);
  let getIdx = false;
  let getLen = false;
  let withMatchLen = false;
  let minMatchLen = 0;
  for (let j = 3; j < argv.length; j++) {
    const opt = argv[j].toLowerCase();
    if (opt === 'idx') getIdx = true;
    else if (opt === 'len') getLen = true;
    else if (opt === 'withmatchlen') withMatchLen = true;
    else if (opt === 'minmatchlen' && j + 1 < argv.length) {
      const n = int64Arg(c, argv[++j]);
      if (n === null) return;
      minMatchLen = n < 0 ? 0 : n;
    } else return c.error(ERR_SYNTAX);
  }
  if (getIdx && getLen) return c.error('ERR If you want both the length and indexes, please just use IDX.');
  const alen = a.length;
  const blen = b.length;
  const w = blen + 1;
  if ((alen + 1) * w * 4 > c.server.config.num('proto-max-bulk-len')) {
    return c.error('ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len');
  }
  // table[j + i*w] = LCS length of a[0..i) and b[0..j).
  const t = new Uint32Array((alen + 1) * w);
  for (let i = 1; i <= alen; i++) {
    const ac = a.charCodeAt(i - 1);
    const row = i * w;
    const prev = row - w;
    for (let j = 1; j <= blen; j++) {
      if (ac === b.charCodeAt(j - 1)) t[row + j] = t[prev + j - 1] + 1;
      else {
        const l1 = t[prev + j];
        const l2 = t[row + j - 1];
        t[row + j] = l1 > l2 ? l1 : l2;
      }
    }
  }
  const total = t[alen * w + blen];
  if (getLen) return c.int(total);
  // Walk back from the end, collecting the LCS and (for IDX) the matching ranges.
  const out = new Array<string>(total);
  let idx = total;
  const ranges: number[] = [];
  let aStart = alen;
  let aEnd = 0;
  let bStart = 0;
  let bEnd = 0;
  let i = alen;
  let j = blen;
  while (i > 0 && j > 0) {
    let emit = false;
    if (a.charCodeAt(i - 1) === b.charCodeAt(j - 1)) {
      out[idx - 1] = a[i - 1];
      if (aStart === alen) {
        aStart = aEnd = i - 1;
        bStart = bEnd = j - 1;
      } else if (aStart === i && bStart === j) {
        aStart--;
        bStart--;
      } else emit = true;
      if (aStart === 0 || bStart === 0) emit = true;
      idx--;
      i--;
      j--;
    } else {
      if (t[(i - 1) * w + j] > t[i * w + j - 1]) i--;
      else j--;
      if (aStart !== alen) emit = true;
    }
    if (emit) {
      const matchLen = aEnd - aStart + 1;
      if (minMatchLen === 0 || matchLen >= minMatchLen) ranges.push(aStart, aEnd, bStart, bEnd, matchLen);
      aStart = alen;
    }
  }
  if (!getIdx) return c.bulk(out.join(''));
  c.map(2);
  c.bulk('matches');
  const n = ranges.length / 5;
  c.array(n);
  for (let k = 0; k < ranges.length; k += 5) {
    c.array(withMatchLen ? 3 : 2);
    c.array(2);
    c.int(ranges[k]);
    c.int(ranges[k + 1]);
    c.array(2);
    c.int(ranges[k + 2]);
    c.int(ranges[k + 3]);
    if (withMatchLen) c.int(ranges[k + 4]);
  }
  c.bulk('len');
  c.int(total);
}

const RW_UPDATE = 'RW access update';

export const stringCommands: CommandDecl[] = [
  {
    name: 'get',
    arity: 2,
    flags: 'readonly fast',
    acl: '@string',
    keys: [key1('RO access')],
    docs: oneKeyDocs('Reads the string stored at a key.', '1.0.0', 'string'),
    handler(c, argv) {
      const v = c.db.lookupRead(argv[1]);
      if (v === undefined) return c.nullBulk();
      if (!isStringValue(v)) return c.error(WRONGTYPE);
      c.bulk(v);
    },
  },
  {
    name: 'set',
    arity: -3,
    flags: 'write denyoom',
    acl: '@string',
    keys: [key1('RW access update variable_flags')],
    docs: {
      summary: 'Stores a string at a key, with optional conditions and expiry.',
      since: '1.0.0',
      group: 'string',
      complexity: 'O(1)',
      history: [
        ['2.6.12', 'Added the `EX`, `PX`, `NX` and `XX` options.'],
        ['6.0.0', 'Added the `KEEPTTL` option.'],
        ['6.2.0', 'Added the `GET`, `EXAT` and `PXAT` option.'],
        ['7.0.0', 'Allowed the `NX` and `GET` options to be used together.'],
      ],
      arguments: [
        key(),
        arg('value', 'string'),
        oneof('condition', [token('NX'), token('XX')], { since: '2.6.12', flags: 'optional' }),
        token('GET', { since: '6.2.0', flags: 'optional' }),
        oneof('expiration', [
          arg('seconds', 'integer', { token: 'EX', since: '2.6.12' }),
          arg('milliseconds', 'integer', { token: 'PX', since: '2.6.12' }),
          arg('unix-time-seconds', 'unix-time', { token: 'EXAT', since: '6.2.0' }),
          arg('unix-time-milliseconds', 'unix-time', { token: 'PXAT', since: '6.2.0' }),
          token('KEEPTTL', { since: '6.0.0' }),
        ], { flags: 'optional' }),
      ],
    },
    // Without GET, SET only overwrites its key.
    keyFlags: (argv) => (hasGetOption(argv) ? KEY_RW_ACCESS_UPDATE : KEY_OW_UPDATE),
    handler(c, argv) {
      // The plain form is the hot path: no option parsing at all.
      if (argv.length === 3) {
        c.db.set(argv[1], argv[2]);
        c.db.emit(EV.string, 'set', argv[1]);
        c.server.dirty++;
        return c.ok();
      }
      if (!parseExtended(c, argv, 3, true)) return;
      const flags = optFlags;
      setGeneric(c, argv, flags, flags & ANY_EXPIRE ? optExpire : undefined, argv[2], 'set', false);
    },
  },
  {
    name: 'setnx',
    arity: 3,
    flags: 'write denyoom fast',
    acl: '@string',
    keys: [key1('OW insert')],
    docs: {
      summary: 'Stores a string at a key only when the key is absent.',
      since: '1.0.0',
      group: 'string',
      complexity: 'O(1)',
      arguments: [key(), arg('value', 'string')],
    },
    handler(c, argv) {
      setGeneric(c, argv, NX, undefined, argv[2], 'setnx', true);
    },
  },
  {
    name: 'setex',
    arity: 4,
    flags: 'write denyoom',
    acl: '@string',
    keys: [key1('OW update')],
    docs: {
      summary: 'Stores a string at a key with an expiry in seconds.',
      since: '2.0.0',
      group: 'string',
      complexity: 'O(1)',
      arguments: [key(), arg('seconds', 'integer'), arg('value', 'string')],
    },
    handler(c, argv) {
      setGeneric(c, argv, EX, argv[2], argv[3], 'setex', false);
    },
  },
  {
    name: 'psetex',
    arity: 4,
    flags: 'write denyoom',
    acl: '@string',
    keys: [key1('OW update')],
    docs: {
      summary: 'Stores a string at a key with an expiry in milliseconds.',
      since: '2.6.0',
      group: 'string',
      complexity: 'O(1)',
      arguments: [key(), arg('milliseconds', 'integer'), arg('value', 'string')],
    },
    handler(c, argv) {
      setGeneric(c, argv, PX, argv[2], argv[3], 'psetex', false);
    },
  },
  {
    name: 'getset',
    arity: 3,
    flags: 'write denyoom fast',
    acl: '@string',
    keys: [key1(RW_UPDATE)],
    docs: {
      summary: 'Stores a string at a key and replies with the previous one.',
      since: '1.0.0',
      group: 'string',
      complexity: 'O(1)',
      docFlags: ['deprecated'],
      deprecatedSince: '6.2.0',
      replacedBy: '`SET` with the `!GET` argument',
      arguments: [key(), arg('value', 'string')],
    },
    handler(c, argv) {
      if (replyValue(c, argv[1]) === null) return;
      c.db.set(argv[1], argv[2]);
      c.db.emit(EV.string, 'set', argv[1]);
      c.server.dirty++;
    },
  },
  {
    name: 'getdel',
    arity: 2,
    flags: 'write fast',
    acl: '@string',
    keys: [key1('RW access delete')],
    docs: oneKeyDocs('Reads the string at a key, then removes the key.', '6.2.0', 'string'),
    handler(c, argv) {
      const v = replyValue(c, argv[1]);
      if (v === undefined || v === null) return;
      c.db.remove(argv[1]);
      c.server.dirty++;
    },
  },
  {
    name: 'getex',
    arity: -2,
    flags: 'write fast',
    acl: '@string',
    keys: [key1(RW_UPDATE)],
    docs: {
      summary: 'Reads the string at a key and optionally changes its expiry.',
      since: '6.2.0',
      group: 'string',
      complexity: 'O(1)',
      arguments: [
        key(),
        oneof('expiration', [
          arg('seconds', 'integer', { token: 'EX' }),
          arg('milliseconds', 'integer', { token: 'PX' }),
          arg('unix-time-seconds', 'unix-time', { token: 'EXAT' }),
          arg('unix-time-milliseconds', 'unix-time', { token: 'PXAT' }),
          token('PERSIST'),
        ], { flags: 'optional' }),
      ],
    },
    handler(c, argv) {
      if (!parseExtended(c, argv, 2, false)) return;
      const flags = optFlags;
      const key = argv[1];
      const v = c.db.lookupRead(key);
      if (v === undefined) return c.nullBulk();
      if (!isStringValue(v)) return c.error(WRONGTYPE);
      let when = 0;
      if (flags & ANY_EXPIRE) {
        when = expireMs(c, optExpire, flags, 'getex');
        if (when < 0) return;
      }
      c.bulk(v);
      if (flags & ANY_EXPIRE) {
        if (when <= Date.now()) {
          c.db.remove(key);
        } else {
          c.db.setExpire(key, when);
          c.db.emit(EV.generic, 'expire', key);
        }
        c.server.dirty++;
      } else if (flags & PERSIST && c.db.persist(key)) {
        c.db.emit(EV.generic, 'persist', key);
        c.server.dirty++;
      }
    },
  },
  {
    name: 'mget',
    arity: -2,
    flags: 'readonly fast',
    acl: '@string',
    tips: 'request_policy:multi_shard',
    keys: [ks('RO access', index(1), range(-1, 1, 0))],
    docs: {
      summary: 'Reads the strings stored at several keys.',
      since: '1.0.0',
      group: 'string',
      complexity: 'O(N) where N is the number of keys to retrieve.',
      arguments: [key('key', 0, { flags: 'multiple' })],
    },
    handler(c, argv) {
      c.array(argv.length - 1);
      for (let i = 1; i < argv.length; i++) {
        const v = c.db.lookupRead(argv[i]);
        if (v === undefined || !isStringValue(v)) c.nullBulk();
        else c.bulk(v);
      }
    },
  },
  {
    name: 'mset',
    arity: -3,
    flags: 'write denyoom',
    acl: '@string',
    tips: 'request_policy:multi_shard response_policy:all_succeeded',
    keys: [ks('OW update', index(1), range(-1, 2, 0))],
    docs: {
      summary: 'Stores strings at several keys at once.',
      since: '1.0.1',
      group: 'string',
      complexity: 'O(N) where N is the number of keys to set.',
      arguments: [block('key_value', [key(), arg('value', 'string')], { flags: 'multiple' })],
    },
    handler(c, argv) {
      if (argv.length % 2 === 0) return c.error("ERR wrong number of arguments for 'mset' command");
      msetAll(c, argv);
      c.ok();
    },
  },
  {
    name: 'msetnx',
    arity: -3,
    flags: 'write denyoom',
    acl: '@string',
    keys: [ks('OW insert', index(1), range(-1, 2, 0))],
    docs: {
      summary: 'Stores strings at several keys only when none of them exists.',
      since: '1.0.1',
      group: 'string',
      complexity: 'O(N) where N is the number of keys to set.',
      arguments: [block('key_value', [key(), arg('value', 'string')], { flags: 'multiple' })],
    },
    handler(c, argv) {
      if (argv.length % 2 === 0) return c.error("ERR wrong number of arguments for 'msetnx' command");
      for (let i = 1; i < argv.length; i += 2) if (c.db.get(argv[i]) !== undefined) return c.int(0);
      msetAll(c, argv);
      c.int(1);
    },
  },
  {
    name: 'append',
    arity: 3,
    flags: 'write denyoom fast',
    acl: '@string',
    keys: [key1('RW insert')],
    docs: {
      summary: 'Adds bytes to the end of the string at a key.',
      since: '2.0.0',
      group: 'string',
      complexity: 'O(1). The amortized time complexity is O(1) assuming the appended value is small and the already present value is of any size, since the dynamic string library used by Redis will double the free space available on every reallocation.',
      arguments: [key(), arg('value', 'string')],
    },
    handler(c, argv) {
      const key = argv[1];
      const add = argv[2];
      const v = c.db.get(key);
      if (v === undefined) {
        storeWritten(c, key, v, add, 'append');
        c.server.dirty++;
        return c.int(add.length);
      }
      if (!isStringValue(v)) return c.error(WRONGTYPE);
      writeAt(c, key, v, v.length, add, 'append');
    },
  },
  {
    name: 'strlen',
    arity: 2,
    flags: 'readonly fast',
    acl: '@string',
    keys: [key1('RO')],
    docs: oneKeyDocs('Replies with the length in bytes of the string at a key.', '2.2.0', 'string'),
    handler(c, argv) {
      const v = c.db.lookupRead(argv[1]);
      if (v === undefined) return c.int(0);
      if (!isStringValue(v)) return c.error(WRONGTYPE);
      c.int(v.length);
    },
  },
  {
    name: 'getrange',
    arity: 4,
    flags: 'readonly',
    acl: '@string',
    keys: [key1('RO access')],
    docs: {
      summary: 'Reads a byte range of the string at a key.',
      since: '2.4.0',
      group: 'string',
      complexity: 'O(N) where N is the length of the returned string. The complexity is ultimately determined by the returned length, but because creating a substring from an existing string is very cheap, it can be considered O(1) for small strings.',
      arguments: [key(), arg('start', 'integer'), arg('end', 'integer')],
    },
    handler: getRange,
  },
  {
    name: 'substr',
    arity: 4,
    flags: 'readonly',
    acl: '@string',
    keys: [key1('RO access')],
    docs: {
      summary: 'Reads a byte range of the string at a key (older name of GETRANGE).',
      since: '1.0.0',
      group: 'string',
      complexity: 'O(N) where N is the length of the returned string. The complexity is ultimately determined by the returned length, but because creating a substring from an existing string is very cheap, it can be considered O(1) for small strings.',
      docFlags: ['deprecated'],
      deprecatedSince: '2.0.0',
      replacedBy: '`GETRANGE`',
      arguments: [key(), arg('start', 'integer'), arg('end', 'integer')],
    },
    handler: getRange,
  },
  {
    name: 'setrange',
    arity: 4,
    flags: 'write denyoom',
    acl: '@string',
    keys: [key1('RW update')],
    docs: {
      summary: 'Overwrites part of the string at a key from an offset on.',
      since: '2.2.0',
      group: 'string',
      complexity: 'O(1), not counting the time taken to copy the new string in place. Usually, this string is very small so the amortized complexity is O(1). Otherwise, complexity is O(M) with M being the length of the value argument.',
      arguments: [key(), arg('offset', 'integer'), arg('value', 'string')],
    },
    handler(c, argv) {
      const key = argv[1];
      const value = argv[3];
      const offset = int64Arg(c, argv[2]);
      if (offset === null) return;
      if (offset < 0) return c.error('ERR offset is out of range');
      const v = c.db.get(key);
      if (v === undefined) {
        if (value.length === 0) return c.int(0);
      } else {
        if (!isStringValue(v)) return c.error(WRONGTYPE);
        if (value.length === 0) return c.int(v.length);
      }
      writeAt(c, key, v, offset, value, 'setrange');
    },
  },
  {
    name: 'incr',
    arity: 2,
    flags: 'write denyoom fast',
    acl: '@string',
    keys: [key1(RW_UPDATE)],
    docs: oneKeyDocs('Adds one to the integer stored at a key.', '1.0.0', 'string'),
    handler(c, argv) {
      incrBy(c, argv[1], 1);
    },
  },
  {
    name: 'decr',
    arity: 2,
    flags: 'write denyoom fast',
    acl: '@string',
    keys: [key1(RW_UPDATE)],
    docs: oneKeyDocs('Subtracts one from the integer stored at a key.', '1.0.0', 'string'),
    handler(c, argv) {
      incrBy(c, argv[1], -1);
    },
  },
  {
    name: 'incrby',
    arity: 3,
    flags: 'write denyoom fast',
    acl: '@string',
    keys: [key1(RW_UPDATE)],
    docs: {
      summary: 'Adds an integer amount to the integer stored at a key.',
      since: '1.0.0',
      group: 'string',
      complexity: 'O(1)',
      arguments: [key(), arg('increment', 'integer')],
    },
    handler(c, argv) {
      const n = incrArg(c, argv[2]);
      if (n !== null) incrBy(c, argv[1], n);
    },
  },
  {
    name: 'decrby',
    arity: 3,
    flags: 'write denyoom fast',
    acl: '@string',
    keys: [key1(RW_UPDATE)],
    docs: {
      summary: 'Subtracts an integer amount from the integer stored at a key.',
      since: '1.0.0',
      group: 'string',
      complexity: 'O(1)',
      arguments: [key(), arg('decrement', 'integer')],
    },
    handler(c, argv) {
      const n = incrArg(c, argv[2]);
      if (n === null) return;
      // -INT64_MIN does not exist.
      if (n === INT64_MIN) return c.error('ERR decrement would overflow');
      incrBy(c, argv[1], -n);
    },
  },
  {
    name: 'incrbyfloat',
    arity: 3,
    flags: 'write denyoom fast',
    acl: '@string',
    keys: [key1(RW_UPDATE)],
    docs: {
      summary: 'Adds a floating point amount to the number stored at a key.',
      since: '2.6.0',
      group: 'string',
      complexity: 'O(1)',
      arguments: [key(), arg('increment', 'double')],
    },
    handler(c, argv) {
      const key = argv[1];
      const v = c.db.get(key);
      if (v !== undefined && !isStringValue(v)) return c.error(WRONGTYPE);
      const cur = v === undefined ? { m: 0n, e: 0 } : parseLongDouble(strOf(v));
      if (cur === null) return c.error(ERR_NOT_FLOAT);
      const incr = parseLongDouble(argv[2]);
      if (incr === null) return c.error(ERR_NOT_FLOAT);
      const sum = typeof cur === 'number' || typeof incr === 'number' ? null : addLongDouble(cur, incr);
      if (sum === null) return c.error('ERR increment would produce NaN or Infinity');
      const s = formatLongDouble(sum);
      storeWritten(c, key, v, s, 'incrbyfloat');
      c.server.dirty++;
      c.bulk(s);
    },
  },
  {
    name: 'lcs',
    arity: -3,
    flags: 'readonly',
    acl: '@string',
    keys: [ks('RO access', index(1), range(1, 1, 0))],
    docs: {
      summary: 'Finds the longest common subsequence of two strings.',
      since: '7.0.0',
      group: 'string',
      complexity: 'O(N*M) where N and M are the lengths of s1 and s2, respectively',
      arguments: [
        key('key1', 0),
        key('key2', 0),
        token('LEN', { flags: 'optional' }),
        token('IDX', { flags: 'optional' }),
        arg('len', 'integer', { token: 'MINMATCHLEN', flags: 'optional' }),
        token('WITHMATCHLEN', { flags: 'optional' }),
      ],
    },
    handler: lcs,
  },
];

/** Writes `data` at `offset` in place (APPEND, SETRANGE), growing the value, and replies its new length. */
function writeAt(c: Client, key: string, v: string | Buffer | undefined, offset: number, data: string, event: string): void {
  if (!checkStringLength(c, offset, data.length)) return;
  const b = writable(v, offset + data.length);
  b.latin1Write(data, offset);
  storeWritten(c, key, v, b, event);
  c.server.dirty++;
  c.int(b.length);
}

/** MSET's body (MSETNX's once it found no key): every pair stored, each reported as `set`. */
function msetAll(c: Client, argv: string[]): void {
  for (let i = 1; i < argv.length; i += 2) {
    c.db.set(argv[i], argv[i + 1]);
    c.db.emit(EV.string, 'set', argv[i]);
  }
  c.server.dirty += (argv.length - 1) / 2;
}

/** Per-call key flags (as Redis's setGetKeys reports them), shared so ACL can cache by identity. */
const KEY_RW_ACCESS_UPDATE: readonly string[] = ['RW', 'access', 'update'];
const KEY_OW_UPDATE: readonly string[] = ['OW', 'update'];

function hasGetOption(argv: string[]): boolean {
  for (let i = 3; i < argv.length; i++) if (argv[i].toLowerCase() === 'get') return true;
  return false;
}
