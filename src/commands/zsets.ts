/**
 * Sorted set commands (t_zset.c): ZADD and friends, rank/score/lex ranges,
 * pops, set algebra and ZSCAN, over the counted B+tree of store/zset.ts.
 */
import { key1, ks, index, keynum, range, type CommandDecl } from './spec';
import type { Client } from '../server/client';
import { arg, block, key, oneof, token, type DocArg } from './docs-args';
import { ERR_LONG_RANGE, ERR_NOT_FLOAT, ERR_NOT_INTEGER, ERR_SYNTAX, WRONGTYPE } from './replies';
import { readAs, writeAs, changed, removeMembers, storeResult } from './collections';
import { EV } from '../server/notify';
import '../persist/rdb-zset';
import { limits } from '../store/limits';
import { SetValue } from '../store/set';
import { ZSet, Leaf, posLeaf, posIdx, SCORE_GE, SCORE_GT, LEX_GE, LEX_GT } from '../store/zset';
import { formatDouble, parseFloatStrict, parseInt64 } from '../util/numbers';
import { scanMapKeys } from '../store/member-scan';
import { replyScan, scanCursorArg, scanOptions } from './collection-scan';
import { blockOnKeys, mayBlock, parseTimeout } from '../server/blocking';

const ERR_NAN = 'ERR resulting score is not a number (NaN)';
const ERR_MINMAX_FLOAT = 'ERR min or max is not a float';
const ERR_MINMAX_LEX = 'ERR min or max not valid string range item';
const ERR_POSITIVE = 'ERR value is out of range, must be positive';

// ---- number parsing ----

/**
 * A double as Redis's string2d reads scores and weights: the whole string must
 * be the number (no spaces), NaN is refused, and so is a value that overflows
 * or underflows to zero (strtod's ERANGE).
 */
export function parseDouble(s: string): number | null {
  const len = s.length;
  // Plain integers are the common case: no regular expression for them.
  if (len > 0 && len < 16) {
    let i = s.charCodeAt(0) === 45 ? 1 : 0;
    let n = 0;
    if (i < len) {
      for (; i < len; i++) {
        const d = s.charCodeAt(i) - 48;
        if (d < 0 || d > 9) break;
        n = n * 10 + d;
      }
      if (i === len) return s.charCodeAt(0) === 45 ? -n : n;
    }
  }
  const v = parseFloatStrict(s);
  if (v === null) return null;
  if ((v === Infinity || v === -Infinity) && !isInfLiteral(s)) return null;
  if (v === 0 && hasNonZeroDigit(s)) return null;
  return v;
}

function isInfLiteral(s: string): boolean {
  const c = s.charCodeAt(0);
  const t = (c === 43 || c === 45 ? s.slice(1) : s).toLowerCase();
  return t === 'inf' || t === 'infinity';
}

/** True when the significand has a non-zero digit, i.e. a zero result was an underflow. */
function hasNonZeroDigit(s: string): boolean {
  let i = 0;
  let c = s.charCodeAt(0);
  if (c === 43 || c === 45) c = s.charCodeAt(++i);
  const hex = c === 48 && (s.charCodeAt(i + 1) | 32) === 120;
  if (hex) i += 2;
  for (; i < s.length; i++) {
    const ch = s.charCodeAt(i) | 32;
    if (hex ? ch === 112 : ch === 101) return false;
    if ((ch >= 49 && ch <= 57) || (hex && ch >= 97 && ch <= 102)) return true;
  }
  return false;
}

/**
 * strtod as zslParseRange uses it: leading spaces skipped, the text must end
 * at the number (or at a NUL byte), an empty string is 0, NaN is refused;
 * overflow gives an infinity.
 */
function parseStrtod(s: string): number | null {
  const nul = s.indexOf('\0');
  let t = nul >= 0 ? s.slice(0, nul) : s;
  if (t.length === 0) return 0;
  let i = 0;
  while (i < t.length && isSpace(t.charCodeAt(i))) i++;
  if (i === t.length) return null;
  if (i > 0) t = t.slice(i);
  const lower = t.toLowerCase();
  if (lower === 'nan' || lower === '+nan' || lower === '-nan') return null;
  return parseFloatStrict(t);
}

function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

/** A C long, as getLongFromObjectOrReply reads it; null after replying the error. */
function longOrReply(c: Client, s: string, msg = ERR_NOT_INTEGER): number | null {
  const n = parseInt64(s);
  if (n === null) {
    c.error(msg);
    return null;
  }
  return typeof n === 'bigint' ? (n > 0n ? Number.MAX_SAFE_INTEGER : -Number.MAX_SAFE_INTEGER) : n;
}

/**
 * getRangeLongFromObjectOrReply with a minimum and `msg` for both kinds of
 * failure (getPositiveLongFromObjectOrReply when min is 0).
 */
function longAtLeastOrReply(c: Client, s: string, min: number, msg = ERR_POSITIVE): number | null {
  const n = parseInt64(s);
  if (n === null || (typeof n === 'bigint' ? n < 0n : n < min)) {
    c.error(msg);
    return null;
  }
  return typeof n === 'bigint' ? Number.MAX_SAFE_INTEGER : n;
}

// ---- encoding limits ----

/** zsetTypeCreate: a new set, skiplist-encoded at once when the hints exceed the listpack limits. */
function createZSet(sizeHint: number, lenHint: number): ZSet {
  return new ZSet(sizeHint > limits.zsetEntries || lenHint > limits.zsetValue);
}


// ---- collected results ----

/** Members and scores gathered by a range walk, then replied or stored. */
const outM: string[] = [];
const outS: number[] = [];
let outLen = 0;

function push(m: string, s: number): void {
  outM[outLen] = m;
  outS[outLen] = s;
  outLen++;
}

/** Drops references held by a large result, so it can be collected. */
function releaseOut(): void {
  if (outM.length > 1024) {
    outM.length = 0;
    outS.length = 0;
  }
  outLen = 0;
}

/** Collects `count` elements from rank `start`, walking down when `reverse`. */
function collect(z: ZSet, start: number, count: number, reverse: boolean): void {
  outLen = 0;
  if (count <= 0) return;
  z.seek(start);
  let leaf: Leaf | null = posLeaf;
  let i = posIdx;
  while (outLen < count) {
    push(leaf.members[i], leaf.scores[i]);
    if (reverse) {
      if (--i < 0) {
        leaf = leaf.prev;
        if (leaf === null) break;
        i = leaf.members.length - 1;
      }
    } else if (++i >= leaf.members.length) {
      leaf = leaf.next;
      if (leaf === null) break;
      i = 0;
    }
  }
}

/** One element of a reply: a [member, score] pair in RESP3 with scores. */
function replyElement(c: Client, m: string, s: number, withscores: boolean): void {
  if (withscores) {
    if (c.proto === 3) c.array(2);
    c.bulk(m);
    c.double(s);
  } else {
    c.bulk(m);
  }
}

function replyCollected(c: Client, withscores: boolean): void {
  const n = outLen;
  c.array(withscores && c.proto === 2 ? n * 2 : n);
  for (let i = 0; i < n; i++) replyElement(c, outM[i], outS[i], withscores);
  releaseOut();
}

/** Stores the collected elements at dst (deleting dst when there are none); replies the count. */
function storeCollected(c: Client, dst: string): void {
  const z = new ZSet(true);
  for (let i = 0; i < outLen; i++) z.insert(outM[i], outS[i]);
  releaseOut();
  storeZSet(c, dst, z, 'zrangestore');
}

/** A ZSTORE-style result: stored at dst (or dst deleted when empty), reported as `event`; replies the size. */
function storeZSet(c: Client, dst: string, z: ZSet, event: string): void {
  if (z.size !== 0) z.settle(limits.zsetEntries, limits.zsetValue);
  if (storeResult(c, dst, z, z.size, EV.zset, event)) c.server.dirty++;
  c.int(z.size);
}

// ---- ranges ----

let rMin = 0;
let rMax = 0;
let rMinEx = false;
let rMaxEx = false;

/** zslParseRange into rMin/rMax; false when either bound is not a float. */
function parseScoreRange(min: string, max: string): boolean {
  rMinEx = min.charCodeAt(0) === 40;
  rMaxEx = max.charCodeAt(0) === 40;
  const a = parseStrtod(rMinEx ? min.slice(1) : min);
  const b = parseStrtod(rMaxEx ? max.slice(1) : max);
  if (a === null || b === null) return false;
  rMin = a;
  rMax = b;
  return true;
}

/** Ranks [lo, hi) of the elements within the parsed score range. */
let rLo = 0;
let rHi = 0;
function scoreRanks(z: ZSet): void {
  rLo = z.countBefore(rMinEx ? SCORE_GT : SCORE_GE, rMin, '');
  rHi = z.countBefore(rMaxEx ? SCORE_GE : SCORE_GT, rMax, '');
}

// Lex bounds: the string, and whether it is '-' (MINUS), '+' (PLUS), exclusive or inclusive.
const LEX_MINUS = 0;
const LEX_PLUS = 1;
const LEX_EX = 2;
const LEX_IN = 3;
let lMin = '';
let lMax = '';
let lMinKind = LEX_MINUS;
let lMaxKind = LEX_PLUS;

function lexKind(s: string): number {
  if (s.length === 1 && s.charCodeAt(0) === 45) return LEX_MINUS;
  if (s.length === 1 && s.charCodeAt(0) === 43) return LEX_PLUS;
  const c = s.charCodeAt(0);
  if (c === 40) return LEX_EX;
  if (c === 91) return LEX_IN;
  return -1;
}

/** zslParseLexRange into lMin/lMax; false when an item is malformed. */
function parseLexRange(min: string, max: string): boolean {
  lMinKind = lexKind(min);
  lMaxKind = lexKind(max);
  if (lMinKind < 0 || lMaxKind < 0) return false;
  lMin = min.slice(1);
  lMax = max.slice(1);
  return true;
}

/** Ranks [lo, hi) of the elements within the parsed lex range. */
function lexRanks(z: ZSet): void {
  const n = z.size;
  if (lMinKind === LEX_MINUS) rLo = 0;
  else if (lMinKind === LEX_PLUS) rLo = n;
  else rLo = z.countBefore(lMinKind === LEX_EX ? LEX_GT : LEX_GE, 0, lMin);
  if (lMaxKind === LEX_MINUS) rHi = 0;
  else if (lMaxKind === LEX_PLUS) rHi = n;
  else rHi = z.countBefore(lMaxKind === LEX_EX ? LEX_GE : LEX_GT, 0, lMax);
}

/** Sanitised rank range as Redis computes it; sets rLo/rHi (hi exclusive), empty when lo >= hi. */
function rankRanks(n: number, start: number, end: number): void {
  if (start < 0) start = n + start;
  if (end < 0) end = n + end;
  if (start < 0) start = 0;
  if (start > end || start >= n) {
    rLo = rHi = 0;
    return;
  }
  if (end >= n) end = n - 1;
  rLo = start;
  rHi = end + 1;
}

// ---- ZADD / ZINCRBY ----

const Z_NX = 1;
const Z_XX = 2;
const Z_GT = 4;
const Z_LT = 8;
const Z_CH = 16;
const Z_INCR = 32;

/** Outcome of the last addOne(). */
const ADD_NOP = 0;
const ADD_ADDED = 1;
const ADD_UPDATED = 2;
const ADD_SAME = 3;
const ADD_NAN = 4;
let addedScore = 0;

/** zsetAdd: one score-member pair under the ZADD flags. */
function addOne(z: ZSet, score: number, member: string, flags: number): number {
  const cur = z.score(member);
  if (cur !== undefined) {
    if (flags & Z_NX) return ADD_NOP;
    if (flags & Z_INCR) {
      score += cur;
      if (Number.isNaN(score)) return ADD_NAN;
    }
    if (((flags & Z_LT) && score >= cur) || ((flags & Z_GT) && score <= cur)) return ADD_NOP;
    addedScore = score;
    if (score === cur) return ADD_SAME;
    z.update(member, cur, score);
    return ADD_UPDATED;
  }
  if (flags & Z_XX) return ADD_NOP;
  z.insert(member, score);
  z.grow(limits.zsetEntries, limits.zsetValue, member.length);
  addedScore = score;
  return ADD_ADDED;
}

// Parsed scores of the current ZADD, reused between calls.
const scores: number[] = [];

/** ZADD's body (also GEOADD's, with geohash scores). */
export function zaddGeneric(c: Client, argv: string[], flags: number): void {
  let j = 2;
  for (; j < argv.length; j++) {
    const o = argv[j];
    if (o.length > 4) break;
    const opt = o.toLowerCase();
    if (opt === 'nx') flags |= Z_NX;
    else if (opt === 'xx') flags |= Z_XX;
    else if (opt === 'ch') flags |= Z_CH;
    else if (opt === 'incr') flags |= Z_INCR;
    else if (opt === 'gt') flags |= Z_GT;
    else if (opt === 'lt') flags |= Z_LT;
    else break;
  }
  const pairs = argv.length - j;
  if (pairs === 0 || pairs % 2 !== 0) return c.error(ERR_SYNTAX);
  const n = pairs / 2;
  if ((flags & Z_NX) && (flags & Z_XX)) return c.error('ERR XX and NX options at the same time are not compatible');
  if (((flags & Z_NX) && (flags & (Z_GT | Z_LT))) || ((flags & Z_GT) && (flags & Z_LT))) {
    return c.error('ERR GT, LT, and/or NX options at the same time are not compatible');
  }
  if ((flags & Z_INCR) && n > 1) return c.error('ERR INCR option supports a single increment-element pair');
  for (let i = 0; i < n; i++) {
    const s = parseDouble(argv[j + 2 * i]);
    if (s === null) return c.error(ERR_NOT_FLOAT);
    scores[i] = s;
  }
  const key = argv[1];
  let z = writeAs<ZSet>(c, key, 'zset');
  if (z === null) return;
  let added = 0;
  let updated = 0;
  let processed = 0;
  let score = 0;
  // As 7.2: the number of pairs sent picks the encoding up front, duplicates or not.
  if (z === undefined) {
    if (flags & Z_XX) return replyAdd(c, flags, 0, 0, 0, 0);
    z = createZSet(n, argv[j + 1].length);
    c.db.set(key, z);
  } else if (n > limits.zsetEntries) {
    z.big = true;
  }
  for (let i = 0; i < n; i++) {
    const r = addOne(z, scores[i], argv[j + 1 + 2 * i], flags);
    if (r === ADD_NAN) {
      zaddDone(c, key, flags, added + updated);
      return c.error(ERR_NAN);
    }
    if (r === ADD_ADDED) added++;
    else if (r === ADD_UPDATED) updated++;
    if (r !== ADD_NOP) {
      processed++;
      score = addedScore;
    }
  }
  zaddDone(c, key, flags, added + updated);
  replyAdd(c, flags, added, updated, processed, score);
}

/** ZADD's event, once for the whole command, when anything was added or updated. */
function zaddDone(c: Client, key: string, flags: number, changes: number): void {
  if (changes === 0) return;
  c.db.emit(EV.zset, flags & Z_INCR ? 'zincr' : 'zadd', key);
  c.server.dirty += changes;
}

function replyAdd(c: Client, flags: number, added: number, updated: number, processed: number, score: number): void {
  if (flags & Z_INCR) {
    if (processed) c.double(score);
    else c.nullBulk();
  } else {
    c.int(flags & Z_CH ? added + updated : added);
  }
}

function zadd(c: Client, argv: string[]): void {
  zaddGeneric(c, argv, 0);
}

function zincrby(c: Client, argv: string[]): void {
  zaddGeneric(c, argv, Z_INCR);
}

// ---- single-member reads and ZREM ----

function zrem(c: Client, argv: string[]): void {
  removeMembers(c, argv, 'zset');
}

function zcard(c: Client, argv: string[]): void {
  const z = readAs<ZSet>(c, argv[1], 'zset');
  if (z !== null) c.int(z === undefined ? 0 : z.size);
}

function zscore(c: Client, argv: string[]): void {
  const z = readAs<ZSet>(c, argv[1], 'zset');
  if (z === null) return;
  const s = z === undefined ? undefined : z.score(argv[2]);
  if (s === undefined) c.nullBulk();
  else c.double(s);
}

function zmscore(c: Client, argv: string[]): void {
  const z = readAs<ZSet>(c, argv[1], 'zset');
  if (z === null) return;
  c.array(argv.length - 2);
  for (let i = 2; i < argv.length; i++) {
    const s = z === undefined ? undefined : z.score(argv[i]);
    if (s === undefined) c.nullBulk();
    else c.double(s);
  }
}

function zrankGeneric(c: Client, argv: string[], reverse: boolean): void {
  if (argv.length > 4) return c.error(`ERR wrong number of arguments for '${reverse ? 'zrevrank' : 'zrank'}' command`);
  let withscore = false;
  if (argv.length === 4) {
    if (argv[3].toLowerCase() !== 'withscore') return c.error(ERR_SYNTAX);
    withscore = true;
  }
  const z = readAs<ZSet>(c, argv[1], 'zset');
  if (z === null) return;
  const s = z === undefined ? undefined : z.score(argv[2]);
  if (z === undefined || s === undefined) return withscore ? c.nullArray() : c.nullBulk();
  const r = z.rank(argv[2], s);
  if (withscore) c.array(2);
  c.int(reverse ? z.size - 1 - r : r);
  if (withscore) c.double(s);
}

function zrank(c: Client, argv: string[]): void {
  zrankGeneric(c, argv, false);
}

function zrevrank(c: Client, argv: string[]): void {
  zrankGeneric(c, argv, true);
}

function zcount(c: Client, argv: string[]): void {
  if (!parseScoreRange(argv[2], argv[3])) return c.error(ERR_MINMAX_FLOAT);
  const z = readAs<ZSet>(c, argv[1], 'zset');
  if (z === null) return;
  if (z === undefined) return c.int(0);
  scoreRanks(z);
  c.int(rHi > rLo ? rHi - rLo : 0);
}

function zlexcount(c: Client, argv: string[]): void {
  if (!parseLexRange(argv[2], argv[3])) return c.error(ERR_MINMAX_LEX);
  const z = readAs<ZSet>(c, argv[1], 'zset');
  if (z === null) return;
  if (z === undefined) return c.int(0);
  lexRanks(z);
  c.int(rHi > rLo ? rHi - rLo : 0);
}

// ---- ZRANGE and its variants ----

const BY_AUTO = 0;
const BY_RANK = 1;
const BY_SCORE = 2;
const BY_LEX = 3;
const DIR_AUTO = 0;
const DIR_FWD = 1;
const DIR_REV = 2;

/**
 * zrangeGenericCommand: the source key at argv[keyIdx], options after its two
 * bounds; the result is replied, or stored at `dst` when given.
 */
function zrangeGeneric(c: Client, argv: string[], keyIdx: number, dst: string | null, by: number, dir: number): void {
  let minIdx = keyIdx + 1;
  let maxIdx = keyIdx + 2;
  let offset = 0;
  let limit = -1;
  let withscores = false;
  for (let j = keyIdx + 3; j < argv.length; j++) {
    const opt = argv[j].toLowerCase();
    const left = argv.length - j - 1;
    if (dst === null && opt === 'withscores') withscores = true;
    else if (opt === 'limit' && left >= 2) {
      const o = longOrReply(c, argv[j + 1]);
      if (o === null) return;
      const l = longOrReply(c, argv[j + 2]);
      if (l === null) return;
      offset = o;
      limit = l;
      j += 2;
    } else if (dir === DIR_AUTO && opt === 'rev') dir = DIR_REV;
    else if (by === BY_AUTO && opt === 'bylex') by = BY_LEX;
    else if (by === BY_AUTO && opt === 'byscore') by = BY_SCORE;
    else return c.error(ERR_SYNTAX);
  }
  if (dir === DIR_AUTO) dir = DIR_FWD;
  if (by === BY_AUTO) by = BY_RANK;
  if (limit !== -1 && by === BY_RANK) return c.error('ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX');
  if (withscores && by === BY_LEX) return c.error('ERR syntax error, WITHSCORES not supported in combination with BYLEX');
  const reverse = dir === DIR_REV;
  if (reverse && by !== BY_RANK) {
    minIdx = keyIdx + 2;
    maxIdx = keyIdx + 1;
  }
  let start = 0;
  let stop = 0;
  if (by === BY_RANK) {
    const a = longOrReply(c, argv[minIdx]);
    if (a === null) return;
    const b = longOrReply(c, argv[maxIdx]);
    if (b === null) return;
    start = a;
    stop = b;
  } else if (by === BY_SCORE) {
    if (!parseScoreRange(argv[minIdx], argv[maxIdx])) return c.error(ERR_MINMAX_FLOAT);
  } else if (!parseLexRange(argv[minIdx], argv[maxIdx])) {
    return c.error(ERR_MINMAX_LEX);
  }
  const z = readAs<ZSet>(c, argv[keyIdx], 'zset');
  if (z === null) return;
  outLen = 0;
  if (z !== undefined) {
      const n = z.size;
    if (by === BY_RANK) {
      rankRanks(n, start, stop);
      collect(z, reverse ? n - 1 - rLo : rLo, rHi - rLo, reverse);
    } else {
      if (by === BY_SCORE) scoreRanks(z);
      else lexRanks(z);
      // A negative offset skips everything, as Redis's walk does.
      if (offset >= 0 && !(offset > 0 && offset >= n)) {
        let count = rHi - rLo - offset;
        if (limit >= 0 && limit < count) count = limit;
        collect(z, reverse ? rHi - 1 - offset : rLo + offset, count, reverse);
      }
    }
  }
  if (dst === null) replyCollected(c, withscores);
  else storeCollected(c, dst);
}

function zrange(c: Client, argv: string[]): void {
  zrangeGeneric(c, argv, 1, null, BY_AUTO, DIR_AUTO);
}

function zrangestore(c: Client, argv: string[]): void {
  zrangeGeneric(c, argv, 2, argv[1], BY_AUTO, DIR_AUTO);
}

function zrevrange(c: Client, argv: string[]): void {
  zrangeGeneric(c, argv, 1, null, BY_RANK, DIR_REV);
}

function zrangebyscore(c: Client, argv: string[]): void {
  zrangeGeneric(c, argv, 1, null, BY_SCORE, DIR_FWD);
}

function zrevrangebyscore(c: Client, argv: string[]): void {
  zrangeGeneric(c, argv, 1, null, BY_SCORE, DIR_REV);
}

function zrangebylex(c: Client, argv: string[]): void {
  zrangeGeneric(c, argv, 1, null, BY_LEX, DIR_FWD);
}

function zrevrangebylex(c: Client, argv: string[]): void {
  zrangeGeneric(c, argv, 1, null, BY_LEX, DIR_REV);
}

// ---- ZREMRANGEBY* ----

const REMRANGE_EVENTS: Record<number, string> = { [BY_RANK]: 'zremrangebyrank', [BY_SCORE]: 'zremrangebyscore', [BY_LEX]: 'zremrangebylex' };

function zremrange(c: Client, argv: string[], by: number): void {
  let start = 0;
  let stop = 0;
  if (by === BY_RANK) {
    const a = longOrReply(c, argv[2]);
    if (a === null) return;
    const b = longOrReply(c, argv[3]);
    if (b === null) return;
    start = a;
    stop = b;
  } else if (by === BY_SCORE) {
    if (!parseScoreRange(argv[2], argv[3])) return c.error(ERR_MINMAX_FLOAT);
  } else if (!parseLexRange(argv[2], argv[3])) {
    return c.error(ERR_MINMAX_LEX);
  }
  const z = writeAs<ZSet>(c, argv[1], 'zset');
  if (z === null) return;
  if (z === undefined) return c.int(0);
  if (by === BY_RANK) rankRanks(z.size, start, stop);
  else if (by === BY_SCORE) scoreRanks(z);
  else lexRanks(z);
  const n = rHi - rLo;
  if (n <= 0) return c.int(0);
  collect(z, rLo, n, false);
  for (let i = 0; i < outLen; i++) z.delete(outM[i]);
  releaseOut();
  changed(c, argv[1], EV.zset, REMRANGE_EVENTS[by], z.size);
  c.server.dirty += n;
  c.int(n);
}

function zremrangebyrank(c: Client, argv: string[]): void {
  zremrange(c, argv, BY_RANK);
}

function zremrangebyscore(c: Client, argv: string[]): void {
  zremrange(c, argv, BY_SCORE);
}

function zremrangebylex(c: Client, argv: string[]): void {
  zremrange(c, argv, BY_LEX);
}

// ---- pops ----

/**
 * genericZpopCommand: pops up to `count` elements from the first existing
 * key of argv[first..first+numkeys). `emitKey` prefixes the key (BZPOP*, ZMPOP);
 * `nested` sends [member, score] pairs (ZMPOP, RESP3 ZPOP* with COUNT);
 * `nilWhenEmpty` replies a null array rather than an empty one when no key
 * exists.
 */
function zpopGeneric(c: Client, argv: string[], first: number, numkeys: number, max: boolean, count: number, emitKey: boolean, nested: boolean, nilWhenEmpty: boolean): void {
  const at = firstZSet(c, argv, first, numkeys);
  if (at === -2) return;
  if (at === -1) {
    if (nilWhenEmpty) c.nullArray();
    else c.array(0);
    return;
  }
  popFrom(c, argv[at], count, max, emitKey, nested);
}

/** Index in argv of the first of argv[first..first+n) holding a sorted set: -1 if none, -2 after WRONGTYPE. */
function firstZSet(c: Client, argv: string[], first: number, n: number): number {
  for (let i = first; i < first + n; i++) {
    const v = writeAs<ZSet>(c, argv[i], 'zset');
    if (v === null) return -2;
    if (v !== undefined) return i;
  }
  return -1;
}

/** Pops from the sorted set at key (which exists) and replies as genericZpopCommand does. */
function popFrom(c: Client, key: string, count: number, max: boolean, emitKey: boolean, nested: boolean): void {
  const z = c.db.get(key) as ZSet;
  if (count === 0) return c.array(0);
  if (count < 0) count = 1;
  const n = Math.min(count, z.size);
  if (!emitKey) c.array(nested ? n : n * 2);
  else if (!nested) {
    c.array(n * 2 + 1);
    c.bulk(key);
  } else {
    c.array(2);
    c.bulk(key);
    c.array(n);
  }
  collect(z, max ? z.size - 1 : 0, n, max);
  for (let i = 0; i < outLen; i++) {
    z.delete(outM[i]);
    if (nested) c.array(2);
    c.bulk(outM[i]);
    c.double(outS[i]);
  }
  releaseOut();
  changed(c, key, EV.zset, max ? 'zpopmax' : 'zpopmin', z.size);
  c.server.dirty += n;
}

function zpop(c: Client, argv: string[], max: boolean): void {
  if (argv.length > 3) return c.error(ERR_SYNTAX);
  let count = -1;
  if (argv.length === 3) {
    const n = longAtLeastOrReply(c, argv[2], 0);
    if (n === null) return;
    count = n;
  }
  zpopGeneric(c, argv, 1, 1, max, count, false, c.proto === 3 && count !== -1, false);
}

function zpopmin(c: Client, argv: string[]): void {
  zpop(c, argv, false);
}

function zpopmax(c: Client, argv: string[]): void {
  zpop(c, argv, true);
}

/** Parsed ZMPOP/BZMPOP arguments. */
let mpopNumkeys = 0;
let mpopMax = false;
let mpopCount = 1;

/** zmpopGenericCommand's parsing from the numkeys argument on; false after replying an error. */
function parseMpop(c: Client, argv: string[], numkeysIdx: number): boolean {
  const numkeys = longAtLeastOrReply(c, argv[numkeysIdx], 1, 'ERR numkeys should be greater than 0');
  if (numkeys === null) return false;
  const whereIdx = numkeysIdx + numkeys + 1;
  if (whereIdx >= argv.length) {
    c.error(ERR_SYNTAX);
    return false;
  }
  const where = argv[whereIdx].toLowerCase();
  if (where !== 'min' && where !== 'max') {
    c.error(ERR_SYNTAX);
    return false;
  }
  let count = -1;
  for (let j = whereIdx + 1; j < argv.length; j++) {
    if (count === -1 && argv[j].toLowerCase() === 'count' && j + 1 < argv.length) {
      const n = longAtLeastOrReply(c, argv[++j], 1, 'ERR count should be greater than 0');
      if (n === null) return false;
      count = n;
    } else {
      c.error(ERR_SYNTAX);
      return false;
    }
  }
  mpopNumkeys = numkeys;
  mpopMax = where === 'max';
  mpopCount = count === -1 ? 1 : count;
  return true;
}

function zmpop(c: Client, argv: string[]): void {
  if (!parseMpop(c, argv, 1)) return;
  zpopGeneric(c, argv, 2, mpopNumkeys, mpopMax, mpopCount, true, true, true);
}

/**
 * blockingGenericZpopCommand: pops from the first non-empty of the keys at
 * argv[first..first+n), or blocks until one is written.
 */
function blockingPop(c: Client, argv: string[], first: number, n: number, deadline: number, max: boolean, count: number, nested: boolean): void {
  const at = firstZSet(c, argv, first, n);
  if (at === -2) return;
  if (at >= 0) return popFrom(c, argv[at], count, max, true, nested);
  if (!mayBlock(c)) return c.nullArray();
  blockOnKeys(c, argv, argv.slice(first, first + n), 'zset', deadline);
}

function bzpop(c: Client, argv: string[], max: boolean): void {
  const deadline = parseTimeout(c, argv[argv.length - 1]);
  if (deadline !== null) blockingPop(c, argv, 1, argv.length - 2, deadline, max, -1, false);
}

function bzpopmin(c: Client, argv: string[]): void {
  bzpop(c, argv, false);
}

function bzpopmax(c: Client, argv: string[]): void {
  bzpop(c, argv, true);
}

function bzmpop(c: Client, argv: string[]): void {
  if (!parseMpop(c, argv, 2)) return;
  const deadline = parseTimeout(c, argv[1]);
  if (deadline !== null) blockingPop(c, argv, 3, mpopNumkeys, deadline, mpopMax, mpopCount, true);
}

// ---- ZRANDMEMBER ----

function zrandmember(c: Client, argv: string[]): void {
  if (argv.length === 2) {
    const z = readAs<ZSet>(c, argv[1], 'zset');
    if (z === null) return;
    if (z === undefined) return c.nullBulk();
    collect(z, Math.floor(Math.random() * z.size), 1, false);
    c.bulk(outM[0]);
    return releaseOut();
  }
  const parsed = parseInt64(argv[2]);
  if (parsed === null) return c.error(ERR_NOT_INTEGER);
  if (parsed === INT64_MIN_BIG) return c.error(ERR_LONG_RANGE);
  const l = typeof parsed === 'bigint' ? (parsed > 0n ? Number.MAX_SAFE_INTEGER : -Number.MAX_SAFE_INTEGER) : parsed;
  let withscores = false;
  if (argv.length > 4 || (argv.length === 4 && argv[3].toLowerCase() !== 'withscores')) return c.error(ERR_SYNTAX);
  if (argv.length === 4) {
    withscores = true;
    if (typeof parsed === 'bigint' && (parsed < -4611686018427387903n || parsed > 4611686018427387903n)) return c.error('ERR value is out of range');
  }
  const z = readAs<ZSet>(c, argv[1], 'zset');
  if (z === null) return;
  if (z === undefined || l === 0) return c.array(0);
  const size = z.size;
  const pairs = withscores && c.proto === 2;
  if (l < 0 || l === 1) {
    const count = l < 0 ? -l : 1;
    c.array(pairs ? count * 2 : count);
    for (let i = 0; i < count; i++) {
      z.seek(Math.floor(Math.random() * size));
      replyElement(c, posLeaf.members[posIdx], posLeaf.scores[posIdx], withscores);
    }
    return;
  }
  if (l >= size) {
    // The whole set, highest first: Redis walks sorted sets from the tail.
    collect(z, size - 1, size, true);
    return replyCollected(c, withscores);
  }
  // A uniform sample of distinct ranks, replied in random order.
  const ranks = new Set<number>();
  while (ranks.size < l) ranks.add(Math.floor(Math.random() * size));
  c.array(pairs ? l * 2 : l);
  for (const r of ranks) {
    z.seek(r);
    replyElement(c, posLeaf.members[posIdx], posLeaf.scores[posIdx], withscores);
  }
}

const INT64_MIN_BIG = -9223372036854775808n;

// ---- ZUNION / ZINTER / ZDIFF and their STORE and CARD forms ----

const OP_UNION = 0;
const OP_INTER = 1;
const OP_DIFF = 2;
/** The event of each operation's STORE form, by op. */
const STORE_EVENTS = ['zunionstore', 'zinterstore', 'zdiffstore'];
const AGG_SUM = 0;
const AGG_MIN = 1;
const AGG_MAX = 2;

function aggregate(agg: number, a: number, b: number): number {
  if (agg === AGG_SUM) {
    const s = a + b;
    return Number.isNaN(s) ? 0 : s;
  }
  return agg === AGG_MIN ? (b < a ? b : a) : b > a ? b : a;
}

/** Sources of ZUNION and friends: sorted sets, or plain sets whose members score 1. */
type Source = ZSet | SetValue;

function sourceScore(src: Source, member: string): number | undefined {
  if (src instanceof ZSet) return src.score(member);
  return src.has(member) ? 1 : undefined;
}

function sourceSize(src: Source | undefined): number {
  return src === undefined ? 0 : src.size;
}

/** The members and scores of a source. */
function sourceEntries(src: Source, out: [string[], number[]]): void {
  out[0].length = 0;
  out[1].length = 0;
  if (src instanceof SetValue) {
    for (const m of src.items) {
      out[0].push(m);
      out[1].push(1);
    }
    return;
  }
  for (let leaf: Leaf | null = src.firstLeaf(); leaf !== null; leaf = leaf.next) {
    for (let i = 0; i < leaf.members.length; i++) {
      out[0].push(leaf.members[i]);
      out[1].push(leaf.scores[i]);
    }
  }
}

/**
 * zunionInterDiffGenericCommand. `dst` is the STORE target (argv[1]) or null;
 * `cardOnly` is ZINTERCARD.
 */
function zsetOp(c: Client, argv: string[], numkeysIdx: number, dst: string | null, op: number, cardOnly: boolean): void {
  const name = argv[0].toLowerCase();
  const setnum = longOrReply(c, argv[numkeysIdx]);
  if (setnum === null) return;
  if (setnum < 1) return c.error(`ERR at least 1 input key is needed for '${name}' command`);
  if (setnum > argv.length - numkeysIdx - 1) return c.error(ERR_SYNTAX);
  const srcs: (Source | undefined)[] = [];
  let j = numkeysIdx + 1;
  for (let i = 0; i < setnum; i++, j++) {
    const v = c.db.lookupRead(argv[j]);
    if (v !== undefined && !(v instanceof ZSet) && !(v instanceof SetValue)) return c.error(WRONGTYPE);
    srcs.push(v);
  }
  const weights: number[] = new Array<number>(setnum).fill(1);
  let agg = AGG_SUM;
  let withscores = false;
  let limit = 0;
  while (j < argv.length) {
    const remaining = argv.length - j;
    const opt = argv[j].toLowerCase();
    if (op !== OP_DIFF && !cardOnly && remaining >= setnum + 1 && opt === 'weights') {
      j++;
      for (let i = 0; i < setnum; i++, j++) {
        const w = parseDouble(argv[j]);
        if (w === null) return c.error('ERR weight value is not a float');
        weights[i] = w;
      }
    } else if (op !== OP_DIFF && !cardOnly && remaining >= 2 && opt === 'aggregate') {
      const a = argv[j + 1].toLowerCase();
      if (a === 'sum') agg = AGG_SUM;
      else if (a === 'min') agg = AGG_MIN;
      else if (a === 'max') agg = AGG_MAX;
      else return c.error(ERR_SYNTAX);
      j += 2;
    } else if (dst === null && !cardOnly && opt === 'withscores') {
      j++;
      withscores = true;
    } else if (cardOnly && remaining >= 2 && opt === 'limit') {
      const l = longAtLeastOrReply(c, argv[j + 1], 0, "ERR LIMIT can't be negative");
      if (l === null) return;
      limit = l;
      j += 2;
    } else {
      return c.error(ERR_SYNTAX);
    }
  }
  // Smallest sources first, as Redis orders them (the first one stays first for a difference).
  const order: number[] = [];
  for (let i = 0; i < setnum; i++) order.push(i);
  if (op !== OP_DIFF) order.sort((a, b) => sourceSize(srcs[a]) - sourceSize(srcs[b]));
  const result = new Map<string, number>();
  const entries: [string[], number[]] = [[], []];
  if (op === OP_INTER) {
    const first = srcs[order[0]];
    if (first !== undefined && sourceSize(first) > 0) {
      sourceEntries(first, entries);
      const [ms, ss] = entries;
      for (let e = 0; e < ms.length; e++) {
        let score = weights[order[0]] * ss[e];
        if (Number.isNaN(score)) score = 0;
        let k = 1;
        for (; k < setnum; k++) {
          const other = srcs[order[k]];
          const s = other === undefined ? undefined : sourceScore(other, ms[e]);
          if (s === undefined) break;
          let w = weights[order[k]] * s;
          if (Number.isNaN(w)) w = 0;
          score = aggregate(agg, score, w);
        }
        if (k !== setnum) continue;
        result.set(ms[e], score);
        if (cardOnly && limit > 0 && result.size >= limit) break;
      }
    }
  } else if (op === OP_UNION) {
    for (let k = 0; k < setnum; k++) {
      const src = srcs[order[k]];
      if (src === undefined) continue;
      sourceEntries(src, entries);
      const [ms, ss] = entries;
      const w = weights[order[k]];
      for (let e = 0; e < ms.length; e++) {
        let score = w * ss[e];
        if (Number.isNaN(score)) score = 0;
        const cur = result.get(ms[e]);
        result.set(ms[e], cur === undefined ? score : aggregate(agg, cur, score));
      }
    }
  } else {
    const first = srcs[0];
    if (first !== undefined) {
      sourceEntries(first, entries);
      const [ms, ss] = entries;
      for (let e = 0; e < ms.length; e++) {
        let k = 1;
        for (; k < setnum; k++) {
          const other = srcs[k];
          if (other !== undefined && sourceScore(other, ms[e]) !== undefined) break;
        }
        if (k === setnum) result.set(ms[e], ss[e]);
      }
    }
  }
  if (cardOnly) return c.int(result.size);
  const z = new ZSet(true);
  for (const [m, s] of result) z.insert(m, s);
  if (dst !== null) return storeZSet(c, dst, z, STORE_EVENTS[op]);
  collect(z, 0, z.size, false);
  replyCollected(c, withscores);
}

function zunion(c: Client, argv: string[]): void {
  zsetOp(c, argv, 1, null, OP_UNION, false);
}

function zinter(c: Client, argv: string[]): void {
  zsetOp(c, argv, 1, null, OP_INTER, false);
}

function zdiff(c: Client, argv: string[]): void {
  zsetOp(c, argv, 1, null, OP_DIFF, false);
}

function zunionstore(c: Client, argv: string[]): void {
  zsetOp(c, argv, 2, argv[1], OP_UNION, false);
}

function zinterstore(c: Client, argv: string[]): void {
  zsetOp(c, argv, 2, argv[1], OP_INTER, false);
}

function zdiffstore(c: Client, argv: string[]): void {
  zsetOp(c, argv, 2, argv[1], OP_DIFF, false);
}

function zintercard(c: Client, argv: string[]): void {
  zsetOp(c, argv, 1, null, OP_INTER, true);
}

// ---- ZSCAN ----

function zscan(c: Client, argv: string[]): void {
  const cursor = scanCursorArg(c, argv[2]);
  if (cursor === null) return;
  const z = readAs<ZSet>(c, argv[1], 'zset');
  if (z === null) return;
  const opts = scanOptions(c, argv);
  if (opts === null) return;
  const items: string[] = [];
  let next = 0n;
  if (z !== undefined && !z.big) {
    // A listpack-encoded set is returned whole, in order, with cursor 0.
    for (let leaf: Leaf | null = z.firstLeaf(); leaf !== null; leaf = leaf.next) {
      for (let i = 0; i < leaf.members.length; i++) items.push(leaf.members[i], formatDouble(leaf.scores[i]));
    }
  } else if (z !== undefined) {
    const members: string[] = [];
    next = scanMapKeys(z.dict, cursor, opts.count, members);
    for (const m of members) items.push(m, formatDouble(z.score(m) as number));
  }
  replyScan(c, next, items, opts.pattern, 2);
}

/** ZUNION/ZINTER(STORE) docs: per-key weights and how scores combine. */
function combineArgs(): DocArg[] {
  return [
    arg('weight', 'integer', { token: 'WEIGHTS', flags: 'optional multiple' }),
    oneof('aggregate', [token('SUM'), token('MIN'), token('MAX')], { token: 'AGGREGATE', flags: 'optional' }),
  ];
}

export const zsetCommands: CommandDecl[] = [
  {
    name: 'zadd',
    arity: -4,
    flags: 'write denyoom fast',
    acl: '@sortedset',
    keys: [key1('RW update')],
    docs: {
      summary: 'Adds members with scores to a sorted set, or updates their scores.',
      since: '1.2.0',
      group: 'sorted-set',
      complexity: 'O(log(N)) for each item added, where N is the number of elements in the sorted set.',
      history: [['2.4.0', 'Accepts multiple elements.'], ['3.0.2', 'Added the `XX`, `NX`, `CH` and `INCR` options.'], ['6.2.0', 'Added the `GT` and `LT` options.']],
      arguments: [
        key(),
        oneof('condition', [
          token('NX'),
          token('XX'),
        ], { since: '3.0.2', flags: 'optional' }),
        oneof('comparison', [
          token('GT'),
          token('LT'),
        ], { since: '6.2.0', flags: 'optional' }),
        arg('change', 'pure-token', { token: 'CH', since: '3.0.2', flags: 'optional' }),
        arg('increment', 'pure-token', { token: 'INCR', since: '3.0.2', flags: 'optional' }),
        block('score_member', [
          arg('score', 'double'),
          arg('member', 'string'),
        ], { flags: 'multiple' }),
      ],
    },
    handler: zadd,
  },
  {
    name: 'zincrby',
    arity: 4,
    flags: 'write denyoom fast',
    acl: '@sortedset',
    keys: [key1('RW access update')],
    docs: {
      summary: 'Adds to the score of a sorted set member.',
      since: '1.2.0',
      group: 'sorted-set',
      complexity: 'O(log(N)) where N is the number of elements in the sorted set.',
      arguments: [
        key(),
        arg('increment', 'integer'),
        arg('member', 'string'),
      ],
    },
    handler: zincrby,
  },
  {
    name: 'zrem',
    arity: -3,
    flags: 'write fast',
    acl: '@sortedset',
    keys: [key1('RW delete')],
    docs: {
      summary: 'Removes members from a sorted set.',
      since: '1.2.0',
      group: 'sorted-set',
      complexity: 'O(M*log(N)) with N being the number of elements in the sorted set and M the number of elements to be removed.',
      history: [['2.4.0', 'Accepts multiple elements.']],
      arguments: [
        key(),
        arg('member', 'string', { flags: 'multiple' }),
      ],
    },
    handler: zrem,
  },
  {
    name: 'zcard',
    arity: 2,
    flags: 'readonly fast',
    acl: '@sortedset',
    keys: [key1('RO')],
    docs: {
      summary: 'Counts the members of a sorted set.',
      since: '1.2.0',
      group: 'sorted-set',
      complexity: 'O(1)',
      arguments: [
        key(),
      ],
    },
    handler: zcard,
  },
  {
    name: 'zscore',
    arity: 3,
    flags: 'readonly fast',
    acl: '@sortedset',
    keys: [key1('RO access')],
    docs: {
      summary: 'Reads the score of a sorted set member.',
      since: '1.2.0',
      group: 'sorted-set',
      complexity: 'O(1)',
      arguments: [
        key(),
        arg('member', 'string'),
      ],
    },
    handler: zscore,
  },
  {
    name: 'zmscore',
    arity: -3,
    flags: 'readonly fast',
    acl: '@sortedset',
    keys: [key1('RO access')],
    docs: {
      summary: 'Reads the scores of several sorted set members.',
      since: '6.2.0',
      group: 'sorted-set',
      complexity: 'O(N) where N is the number of members being requested.',
      arguments: [
        key(),
        arg('member', 'string', { flags: 'multiple' }),
      ],
    },
    handler: zmscore,
  },
  {
    name: 'zrank',
    arity: -3,
    flags: 'readonly fast',
    acl: '@sortedset',
    keys: [key1('RO access')],
    docs: {
      summary: 'Finds the rank of a member in ascending score order.',
      since: '2.0.0',
      group: 'sorted-set',
      complexity: 'O(log(N))',
      history: [['7.2.0', 'Added the optional `WITHSCORE` argument.']],
      arguments: [
        key(),
        arg('member', 'string'),
        token('WITHSCORE', { flags: 'optional' }),
      ],
    },
    handler: zrank,
  },
  {
    name: 'zrevrank',
    arity: -3,
    flags: 'readonly fast',
    acl: '@sortedset',
    keys: [key1('RO access')],
    docs: {
      summary: 'Finds the rank of a member in descending score order.',
      since: '2.0.0',
      group: 'sorted-set',
      complexity: 'O(log(N))',
      history: [['7.2.0', 'Added the optional `WITHSCORE` argument.']],
      arguments: [
        key(),
        arg('member', 'string'),
        token('WITHSCORE', { flags: 'optional' }),
      ],
    },
    handler: zrevrank,
  },
  {
    name: 'zcount',
    arity: 4,
    flags: 'readonly fast',
    acl: '@sortedset',
    keys: [key1('RO access')],
    docs: {
      summary: 'Counts the members whose scores fall in a range.',
      since: '2.0.0',
      group: 'sorted-set',
      complexity: 'O(log(N)) with N being the number of elements in the sorted set.',
      arguments: [
        key(),
        arg('min', 'double'),
        arg('max', 'double'),
      ],
    },
    handler: zcount,
  },
  {
    name: 'zlexcount',
    arity: 4,
    flags: 'readonly fast',
    acl: '@sortedset',
    keys: [key1('RO access')],
    docs: {
      summary: 'Counts the members within a lexicographical range.',
      since: '2.8.9',
      group: 'sorted-set',
      complexity: 'O(log(N)) with N being the number of elements in the sorted set.',
      arguments: [
        key(),
        arg('min', 'string'),
        arg('max', 'string'),
      ],
    },
    handler: zlexcount,
  },
  {
    name: 'zrange',
    arity: -4,
    flags: 'readonly',
    acl: '@sortedset',
    keys: [key1('RO access')],
    docs: {
      summary: 'Lists the members in a range of ranks, scores or names.',
      since: '1.2.0',
      group: 'sorted-set',
      complexity: 'O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements returned.',
      history: [['6.2.0', 'Added the `REV`, `BYSCORE`, `BYLEX` and `LIMIT` options.']],
      arguments: [
        key(),
        arg('start', 'string'),
        arg('stop', 'string'),
        oneof('sortby', [
          token('BYSCORE'),
          token('BYLEX'),
        ], { since: '6.2.0', flags: 'optional' }),
        token('REV', { since: '6.2.0', flags: 'optional' }),
        block('offset_count', [
          arg('offset', 'integer'),
          arg('count', 'integer'),
        ], { token: 'LIMIT', since: '6.2.0', flags: 'optional' }),
        token('WITHSCORES', { flags: 'optional' }),
      ],
    },
    handler: zrange,
  },
  {
    name: 'zrangestore',
    arity: -5,
    flags: 'write denyoom',
    acl: '@sortedset',
    keys: [key1('OW update'), key1('RO access', 2)],
    docs: {
      summary: 'Stores a range of a sorted set\'s members in another key.',
      since: '6.2.0',
      group: 'sorted-set',
      complexity: 'O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements stored into the destination key.',
      arguments: [
        key('dst', 0),
        key('src', 1),
        arg('min', 'string'),
        arg('max', 'string'),
        oneof('sortby', [
          token('BYSCORE'),
          token('BYLEX'),
        ], { flags: 'optional' }),
        token('REV', { flags: 'optional' }),
        block('offset_count', [
          arg('offset', 'integer'),
          arg('count', 'integer'),
        ], { token: 'LIMIT', flags: 'optional' }),
      ],
    },
    handler: zrangestore,
  },
  {
    name: 'zrevrange',
    arity: -4,
    flags: 'readonly',
    acl: '@sortedset',
    keys: [key1('RO access')],
    docs: {
      summary: 'Lists the members in a range of ranks, highest score first.',
      since: '1.2.0',
      group: 'sorted-set',
      complexity: 'O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements returned.',
      docFlags: ['deprecated'],
      deprecatedSince: '6.2.0',
      replacedBy: '`ZRANGE` with the `REV` argument',
      arguments: [
        key(),
        arg('start', 'integer'),
        arg('stop', 'integer'),
        token('WITHSCORES', { flags: 'optional' }),
      ],
    },
    handler: zrevrange,
  },
  {
    name: 'zrangebyscore',
    arity: -4,
    flags: 'readonly',
    acl: '@sortedset',
    keys: [key1('RO access')],
    docs: {
      summary: 'Lists the members within a score range.',
      since: '1.0.5',
      group: 'sorted-set',
      complexity: 'O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements being returned. If M is constant (e.g. always asking for the first 10 elements with LIMIT), you can consider it O(log(N)).',
      docFlags: ['deprecated'],
      deprecatedSince: '6.2.0',
      replacedBy: '`ZRANGE` with the `BYSCORE` argument',
      history: [['2.0.0', 'Added the `WITHSCORES` modifier.']],
      arguments: [
        key(),
        arg('min', 'double'),
        arg('max', 'double'),
        token('WITHSCORES', { since: '2.0.0', flags: 'optional' }),
        block('offset_count', [
          arg('offset', 'integer'),
          arg('count', 'integer'),
        ], { token: 'LIMIT', flags: 'optional' }),
      ],
    },
    handler: zrangebyscore,
  },
  {
    name: 'zrevrangebyscore',
    arity: -4,
    flags: 'readonly',
    acl: '@sortedset',
    keys: [key1('RO access')],
    docs: {
      summary: 'Lists the members within a score range, highest first.',
      since: '2.2.0',
      group: 'sorted-set',
      complexity: 'O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements being returned. If M is constant (e.g. always asking for the first 10 elements with LIMIT), you can consider it O(log(N)).',
      docFlags: ['deprecated'],
      deprecatedSince: '6.2.0',
      replacedBy: '`ZRANGE` with the `REV` and `BYSCORE` arguments',
      history: [['2.1.6', '`min` and `max` can be exclusive.']],
      arguments: [
        key(),
        arg('max', 'double'),
        arg('min', 'double'),
        token('WITHSCORES', { flags: 'optional' }),
        block('offset_count', [
          arg('offset', 'integer'),
          arg('count', 'integer'),
        ], { token: 'LIMIT', flags: 'optional' }),
      ],
    },
    handler: zrevrangebyscore,
  },
  {
    name: 'zrangebylex',
    arity: -4,
    flags: 'readonly',
    acl: '@sortedset',
    keys: [key1('RO access')],
    docs: {
      summary: 'Lists the members within a lexicographical range.',
      since: '2.8.9',
      group: 'sorted-set',
      complexity: 'O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements being returned. If M is constant (e.g. always asking for the first 10 elements with LIMIT), you can consider it O(log(N)).',
      docFlags: ['deprecated'],
      deprecatedSince: '6.2.0',
      replacedBy: '`ZRANGE` with the `BYLEX` argument',
      arguments: [
        key(),
        arg('min', 'string'),
        arg('max', 'string'),
        block('offset_count', [
          arg('offset', 'integer'),
          arg('count', 'integer'),
        ], { token: 'LIMIT', flags: 'optional' }),
      ],
    },
    handler: zrangebylex,
  },
  {
    name: 'zrevrangebylex',
    arity: -4,
    flags: 'readonly',
    acl: '@sortedset',
    keys: [key1('RO access')],
    docs: {
      summary: 'Lists the members within a lexicographical range, last first.',
      since: '2.8.9',
      group: 'sorted-set',
      complexity: 'O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements being returned. If M is constant (e.g. always asking for the first 10 elements with LIMIT), you can consider it O(log(N)).',
      docFlags: ['deprecated'],
      deprecatedSince: '6.2.0',
      replacedBy: '`ZRANGE` with the `REV` and `BYLEX` arguments',
      arguments: [
        key(),
        arg('max', 'string'),
        arg('min', 'string'),
        block('offset_count', [
          arg('offset', 'integer'),
          arg('count', 'integer'),
        ], { token: 'LIMIT', flags: 'optional' }),
      ],
    },
    handler: zrevrangebylex,
  },
  {
    name: 'zremrangebyrank',
    arity: 4,
    flags: 'write',
    acl: '@sortedset',
    keys: [key1('RW delete')],
    docs: {
      summary: 'Removes the members in a range of ranks.',
      since: '2.0.0',
      group: 'sorted-set',
      complexity: 'O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements removed by the operation.',
      arguments: [
        key(),
        arg('start', 'integer'),
        arg('stop', 'integer'),
      ],
    },
    handler: zremrangebyrank,
  },
  {
    name: 'zremrangebyscore',
    arity: 4,
    flags: 'write',
    acl: '@sortedset',
    keys: [key1('RW delete')],
    docs: {
      summary: 'Removes the members within a score range.',
      since: '1.2.0',
      group: 'sorted-set',
      complexity: 'O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements removed by the operation.',
      arguments: [
        key(),
        arg('min', 'double'),
        arg('max', 'double'),
      ],
    },
    handler: zremrangebyscore,
  },
  {
    name: 'zremrangebylex',
    arity: 4,
    flags: 'write',
    acl: '@sortedset',
    keys: [key1('RW delete')],
    docs: {
      summary: 'Removes the members within a lexicographical range.',
      since: '2.8.9',
      group: 'sorted-set',
      complexity: 'O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements removed by the operation.',
      arguments: [
        key(),
        arg('min', 'string'),
        arg('max', 'string'),
      ],
    },
    handler: zremrangebylex,
  },
  {
    name: 'zpopmin',
    arity: -2,
    flags: 'write fast',
    acl: '@sortedset',
    keys: [key1('RW access delete')],
    docs: {
      summary: 'Removes and returns the members with the lowest scores.',
      since: '5.0.0',
      group: 'sorted-set',
      complexity: 'O(log(N)*M) with N being the number of elements in the sorted set, and M being the number of elements popped.',
      arguments: [
        key(),
        arg('count', 'integer', { flags: 'optional' }),
      ],
    },
    handler: zpopmin,
  },
  {
    name: 'zpopmax',
    arity: -2,
    flags: 'write fast',
    acl: '@sortedset',
    keys: [key1('RW access delete')],
    docs: {
      summary: 'Removes and returns the members with the highest scores.',
      since: '5.0.0',
      group: 'sorted-set',
      complexity: 'O(log(N)*M) with N being the number of elements in the sorted set, and M being the number of elements popped.',
      arguments: [
        key(),
        arg('count', 'integer', { flags: 'optional' }),
      ],
    },
    handler: zpopmax,
  },
  {
    name: 'zmpop',
    arity: -4,
    flags: 'write',
    acl: '@sortedset',
    keys: [ks('RW access delete', index(1), keynum(0, 1, 1))],
    docs: {
      summary: 'Pops the lowest or highest members of the first non-empty sorted set.',
      since: '7.0.0',
      group: 'sorted-set',
      complexity: 'O(K) + O(M*log(N)) where K is the number of provided keys, N being the number of elements in the sorted set, and M being the number of elements popped.',
      arguments: [
        arg('numkeys', 'integer'),
        key('key', 0, { flags: 'multiple' }),
        oneof('where', [
          token('MIN'),
          token('MAX'),
        ]),
        arg('count', 'integer', { token: 'COUNT', flags: 'optional' }),
      ],
    },
    handler: zmpop,
  },
  {
    name: 'zrandmember',
    arity: -2,
    flags: 'readonly',
    acl: '@sortedset',
    keys: [key1('RO access')],
    tips: 'nondeterministic_output',
    docs: {
      summary: 'Returns random members of a sorted set.',
      since: '6.2.0',
      group: 'sorted-set',
      complexity: 'O(N) where N is the number of elements returned',
      arguments: [
        key(),
        block('options', [
          arg('count', 'integer'),
          token('WITHSCORES', { flags: 'optional' }),
        ], { flags: 'optional' }),
      ],
    },
    handler: zrandmember,
  },
  {
    name: 'zunion',
    arity: -3,
    flags: 'readonly',
    acl: '@sortedset',
    keys: [ks('RO access', index(1), keynum(0, 1, 1))],
    docs: {
      summary: 'Returns the union of sorted sets.',
      since: '6.2.0',
      group: 'sorted-set',
      complexity: 'O(N)+O(M*log(M)) with N being the sum of the sizes of the input sorted sets, and M being the number of elements in the resulting sorted set.',
      arguments: [
        arg('numkeys', 'integer'),
        key('key', 0, { flags: 'multiple' }),
        ...combineArgs(),
        token('WITHSCORES', { flags: 'optional' }),
      ],
    },
    handler: zunion,
  },
  {
    name: 'zinter',
    arity: -3,
    flags: 'readonly',
    acl: '@sortedset',
    keys: [ks('RO access', index(1), keynum(0, 1, 1))],
    docs: {
      summary: 'Returns the intersection of sorted sets.',
      since: '6.2.0',
      group: 'sorted-set',
      complexity: 'O(N*K)+O(M*log(M)) worst case with N being the smallest input sorted set, K being the number of input sorted sets and M being the number of elements in the resulting sorted set.',
      arguments: [
        arg('numkeys', 'integer'),
        key('key', 0, { flags: 'multiple' }),
        ...combineArgs(),
        token('WITHSCORES', { flags: 'optional' }),
      ],
    },
    handler: zinter,
  },
  {
    name: 'zdiff',
    arity: -3,
    flags: 'readonly',
    acl: '@sortedset',
    keys: [ks('RO access', index(1), keynum(0, 1, 1))],
    docs: {
      summary: 'Returns the members of the first sorted set absent from the others.',
      since: '6.2.0',
      group: 'sorted-set',
      complexity: 'O(L + (N-K)log(N)) worst case where L is the total number of elements in all the sets, N is the size of the first set, and K is the size of the result set.',
      arguments: [
        arg('numkeys', 'integer'),
        key('key', 0, { flags: 'multiple' }),
        token('WITHSCORES', { flags: 'optional' }),
      ],
    },
    handler: zdiff,
  },
  {
    name: 'zunionstore',
    arity: -4,
    flags: 'write denyoom',
    acl: '@sortedset',
    keys: [key1('OW update'), ks('RO access', index(2), keynum(0, 1, 1))],
    docs: {
      summary: 'Stores the union of sorted sets in a key.',
      since: '2.0.0',
      group: 'sorted-set',
      complexity: 'O(N)+O(M log(M)) with N being the sum of the sizes of the input sorted sets, and M being the number of elements in the resulting sorted set.',
      arguments: [
        key('destination', 0),
        arg('numkeys', 'integer'),
        key('key', 1, { flags: 'multiple' }),
        ...combineArgs(),
      ],
    },
    handler: zunionstore,
  },
  {
    name: 'zinterstore',
    arity: -4,
    flags: 'write denyoom',
    acl: '@sortedset',
    keys: [key1('OW update'), ks('RO access', index(2), keynum(0, 1, 1))],
    docs: {
      summary: 'Stores the intersection of sorted sets in a key.',
      since: '2.0.0',
      group: 'sorted-set',
      complexity: 'O(N*K)+O(M*log(M)) worst case with N being the smallest input sorted set, K being the number of input sorted sets and M being the number of elements in the resulting sorted set.',
      arguments: [
        key('destination', 0),
        arg('numkeys', 'integer'),
        key('key', 1, { flags: 'multiple' }),
        ...combineArgs(),
      ],
    },
    handler: zinterstore,
  },
  {
    name: 'zdiffstore',
    arity: -4,
    flags: 'write denyoom',
    acl: '@sortedset',
    keys: [key1('OW update'), ks('RO access', index(2), keynum(0, 1, 1))],
    docs: {
      summary: 'Stores the difference of sorted sets in a key.',
      since: '6.2.0',
      group: 'sorted-set',
      complexity: 'O(L + (N-K)log(N)) worst case where L is the total number of elements in all the sets, N is the size of the first set, and K is the size of the result set.',
      arguments: [
        key('destination', 0),
        arg('numkeys', 'integer'),
        key('key', 1, { flags: 'multiple' }),
      ],
    },
    handler: zdiffstore,
  },
  {
    name: 'zintercard',
    arity: -3,
    flags: 'readonly',
    acl: '@sortedset',
    keys: [ks('RO access', index(1), keynum(0, 1, 1))],
    docs: {
      summary: 'Counts the members of the intersection of sorted sets.',
      since: '7.0.0',
      group: 'sorted-set',
      complexity: 'O(N*K) worst case with N being the smallest input sorted set, K being the number of input sorted sets.',
      arguments: [
        arg('numkeys', 'integer'),
        key('key', 0, { flags: 'multiple' }),
        arg('limit', 'integer', { token: 'LIMIT', flags: 'optional' }),
      ],
    },
    handler: zintercard,
  },
  {
    name: 'zscan',
    arity: -3,
    flags: 'readonly',
    acl: '@sortedset',
    keys: [key1('RO access')],
    tips: 'nondeterministic_output',
    docs: {
      summary: 'Iterates over the members and scores of a sorted set.',
      since: '2.8.0',
      group: 'sorted-set',
      complexity: 'O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection..',
      arguments: [
        key(),
        arg('cursor', 'integer'),
        arg('pattern', 'pattern', { token: 'MATCH', flags: 'optional' }),
        arg('count', 'integer', { token: 'COUNT', flags: 'optional' }),
      ],
    },
    handler: zscan,
  },
  {
    name: 'bzpopmin',
    arity: -3,
    flags: 'write blocking fast',
    acl: '@sortedset',
    keys: [ks('RW access delete', index(1), range(-2, 1, 0))],
    docs: {
      summary: 'Pops the lowest-scored member of the first non-empty sorted set, waiting for one.',
      since: '5.0.0',
      group: 'sorted-set',
      complexity: 'O(log(N)) with N being the number of elements in the sorted set.',
      history: [['6.0.0', '`timeout` is interpreted as a double instead of an integer.']],
      arguments: [
        key('key', 0, { flags: 'multiple' }),
        arg('timeout', 'double'),
      ],
    },
    handler: bzpopmin,
  },
  {
    name: 'bzpopmax',
    arity: -3,
    flags: 'write blocking fast',
    acl: '@sortedset',
    keys: [ks('RW access delete', index(1), range(-2, 1, 0))],
    docs: {
      summary: 'Pops the highest-scored member of the first non-empty sorted set, waiting for one.',
      since: '5.0.0',
      group: 'sorted-set',
      complexity: 'O(log(N)) with N being the number of elements in the sorted set.',
      history: [['6.0.0', '`timeout` is interpreted as a double instead of an integer.']],
      arguments: [
        key('key', 0, { flags: 'multiple' }),
        arg('timeout', 'double'),
      ],
    },
    handler: bzpopmax,
  },
  {
    name: 'bzmpop',
    arity: -5,
    flags: 'write blocking',
    acl: '@sortedset',
    keys: [ks('RW access delete', index(2), keynum(0, 1, 1))],
    docs: {
      summary: 'Pops members of the first non-empty sorted set, waiting for one.',
      since: '7.0.0',
      group: 'sorted-set',
      complexity: 'O(K) + O(M*log(N)) where K is the number of provided keys, N being the number of elements in the sorted set, and M being the number of elements popped.',
      arguments: [
        arg('timeout', 'double'),
        arg('numkeys', 'integer'),
        key('key', 0, { flags: 'multiple' }),
        oneof('where', [
          token('MIN'),
          token('MAX'),
        ]),
        arg('count', 'integer', { token: 'COUNT', flags: 'optional' }),
      ],
    },
    handler: bzmpop,
  },
];
