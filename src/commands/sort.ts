/**
 * SORT and SORT_RO (sort.c): the elements of a list, set or sorted set,
 * sorted numerically or as bytes, by themselves or by values of other keys
 * (BY pattern), optionally fetching other keys per element (GET), sliced
 * (LIMIT) and stored as a list (STORE).
 */
import { key1, ks, unknownBegin, unknownFind, type CommandDecl, type CommandDocs } from './spec';
import type { Client } from '../server/client';
import { isStringValue, WRONGTYPE } from '../store/value';
import { strOf } from '../store/strval';
import { ListValue } from '../store/list';
import type { SetValue } from '../store/set';
import { posLeaf, posIdx, type ZSet, type Leaf } from '../store/zset';
import type { HashValue } from '../store/hash';
import { PERM_READ } from '../acl/selector';
import { ERR_NOT_INTEGER, ERR_SYNTAX } from './replies';
import { parseInt64 } from '../util/numbers';
import { parseDouble } from './zsets';
import { arg, block, key, oneof, token } from './docs-args';
import { storeResult } from './collections';
import { EV } from '../server/notify';

const ERR_SCORES = "ERR One or more scores can't be converted into double";
const KEY_RO_ACCESS: readonly string[] = ['RO', 'access'];
const KEY_OW_UPDATE: readonly string[] = ['OW', 'update'];
/** The smallest normal double: strtod flags any inexact result below it as a range error. */
const MIN_NORMAL = 2.2250738585072014e-308;

/** One element being sorted, with what it sorts by. */
interface Item {
  obj: string;
  score: number;
  /** The BY value for ALPHA sorting; null when the BY key is missing. */
  cmp: string | null;
}

// How the current call compares (set by the handler just before it sorts).
let desc = false;
let alpha = false;
let byPattern = false;

function compareBytes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** sortCompare: by score, ties by element bytes; ALPHA by bytes, missing BY values first. */
function compareItems(a: Item, b: Item): number {
  let cmp: number;
  if (!alpha) {
    cmp = a.score > b.score ? 1 : a.score < b.score ? -1 : compareBytes(a.obj, b.obj);
  } else if (byPattern) {
    if (a.cmp === null || b.cmp === null) cmp = a.cmp === b.cmp ? 0 : a.cmp === null ? -1 : 1;
    else cmp = compareBytes(a.cmp, b.cmp);
  } else {
    cmp = compareBytes(a.obj, b.obj);
  }
  return desc ? -cmp : cmp;
}

/** Where a C string would end: at the first NUL byte. */
function cEnd(s: string): number {
  const nul = s.indexOf('\0');
  return nul < 0 ? s.length : nul;
}

/**
 * lookupKeyByPattern: the value a GET/BY pattern names for element `sub`.
 * "#" is the element itself; the first "*" is replaced by the element; a
 * "->field" after it reads that field of a hash. Null when the pattern has no
 * "*" or the key is missing or of another type.
 */
function lookupByPattern(c: Client, pattern: string, sub: string): string | Buffer | null {
  const end = cEnd(pattern);
  if (end === 1 && pattern.charCodeAt(0) === 35) return sub;
  const star = pattern.indexOf('*');
  if (star < 0 || star >= end) return null;
  const arrow = pattern.indexOf('->', star + 1);
  const hasField = arrow >= 0 && arrow + 2 < end;
  const key = pattern.slice(0, star) + sub + pattern.slice(star + 1, hasField ? arrow : pattern.length);
  const v = c.db.lookupRead(key);
  if (v === undefined) return null;
  if (hasField) {
    if (isStringValue(v) || v.type !== 'hash') return null;
    return (v as HashValue).get(pattern.slice(arrow + 2)) ?? null;
  }
  return isStringValue(v) ? v : null;
}

/**
 * The number strtod reads from a sort weight, as SORT accepts it: leading
 * spaces skipped, ending at the string's end or a NUL byte, the empty string
 * as 0; NaN, overflow and inexact underflow (strtod's ERANGE) refused (null).
 */
function sortScore(s: string): number | null {
  const end = cEnd(s);
  if (end === 0) return 0;
  let i = 0;
  while (i < end && (s.charCodeAt(i) === 32 || (s.charCodeAt(i) >= 9 && s.charCodeAt(i) <= 13))) i++;
  const t = i === 0 && end === s.length ? s : s.slice(i, end);
  const v = parseDouble(t);
  if (v === null || (v !== 0 && Math.abs(v) < MIN_NORMAL && !isHexFloat(t))) return null;
  return v;
}

/** Hex floats convert exactly (as long as they fit), so a subnormal one is no range error. */
function isHexFloat(s: string): boolean {
  const i = s.charCodeAt(0) === 43 || s.charCodeAt(0) === 45 ? 1 : 0;
  return s.charCodeAt(i) === 48 && (s.charCodeAt(i + 1) | 32) === 120;
}

/** Redis's ACLUserCheckKeyPerm(user, "*", pattern): may the user read any key? */
function fullKeyAccess(c: Client): boolean {
  const u = c.user;
  if (u.unrestricted) return true;
  for (const s of u.selectors) if (s.keyAllowed('*', PERM_READ)) return true;
  return false;
}

/** A C long for LIMIT: only order matters past 2^53. Null after replying the error. */
function limitArg(c: Client, s: string): number | null {
  const v = parseInt64(s);
  if (v === null) {
    c.error(ERR_NOT_INTEGER);
    return null;
  }
  return Number(v);
}

/** The elements of a list or sorted set in order (reversed when `rev`), from `start`, `n` of them. */
function orderedRange(v: ListValue | ZSet, rev: boolean, start: number, n: number): string[] {
  const out: string[] = new Array<string>(n);
  if (v instanceof ListValue) {
    const len = v.length;
    for (let k = 0; k < n; k++) out[k] = v.at(rev ? len - 1 - start - k : start + k);
    return out;
  }
  if (n === 0) return out;
  v.seek(rev ? v.size - 1 - start : start);
  let leaf: Leaf | null = posLeaf;
  let i = posIdx;
  for (let k = 0; k < n && leaf !== null; k++) {
    out[k] = leaf.members[i];
    if (rev) {
      if (--i < 0 && (leaf = leaf.prev) !== null) i = leaf.members.length - 1;
    } else if (++i === leaf.members.length) {
      leaf = leaf.next;
      i = 0;
    }
  }
  return out;
}

/** Every element of the collection, in the order Redis would walk it. */
function allElements(v: ListValue | SetValue | ZSet): string[] {
  if (v instanceof ListValue) return orderedRange(v, false, 0, v.length);
  if (v.type === 'set') return (v as SetValue).items.slice();
  return [...(v as ZSet).dict.keys()];
}

function sortGeneric(c: Client, argv: string[], readonly: boolean): void {
  let isDesc = false;
  let isAlpha = false;
  let limitStart = 0;
  let limitCount = -1;
  let dontsort = false;
  let sortby: string | null = null;
  let storekey: string | null = null;
  const gets: string[] = [];
  const cluster = c.server.cluster !== null;

  for (let j = 2; j < argv.length; j++) {
    const opt = argv[j].toLowerCase();
    const left = argv.length - j - 1;
    if (opt === 'asc') isDesc = false;
    else if (opt === 'desc') isDesc = true;
    else if (opt === 'alpha') isAlpha = true;
    else if (opt === 'limit' && left >= 2) {
      const s = limitArg(c, argv[j + 1]);
      if (s === null) return;
      const n = limitArg(c, argv[j + 2]);
      if (n === null) return;
      limitStart = s;
      limitCount = n;
      j += 2;
    } else if (!readonly && opt === 'store' && left >= 1) {
      storekey = argv[++j];
    } else if (opt === 'by' && left >= 1) {
      sortby = argv[++j];
      const star = sortby.indexOf('*');
      // A pattern without "*" names no key: the elements keep their order.
      if (star < 0 || star >= cEnd(sortby)) dontsort = true;
      else if (cluster) return c.error('ERR BY option of SORT denied in Cluster mode.');
      else if (!fullKeyAccess(c)) return c.error('ERR BY option of SORT denied due to insufficient ACL permissions.');
    } else if (opt === 'get' && left >= 1) {
      // Redis 7.2 refuses GET in cluster mode whatever the pattern, "#" included.
      if (cluster) return c.error('ERR GET option of SORT denied in Cluster mode.');
      if (!fullKeyAccess(c)) return c.error('ERR GET option of SORT denied due to insufficient ACL permissions.');
      gets.push(argv[++j]);
    } else {
      return c.error(ERR_SYNTAX);
    }
  }

  const v = c.db.lookupRead(argv[1]);
  if (v !== undefined && (isStringValue(v) || (v.type !== 'list' && v.type !== 'set' && v.type !== 'zset'))) return c.error(WRONGTYPE);
  const coll = v as ListValue | SetValue | ZSet | undefined;
  // A set has no order of its own: stored results (which replicate) are sorted as bytes.
  if (dontsort && coll !== undefined && coll.type === 'set' && storekey !== null) {
    dontsort = false;
    isAlpha = true;
    sortby = null;
  }
  // Redis converts a sorted set to a skiplist for SORT, and it stays one.
  if (coll !== undefined && coll.type === 'zset') (coll as ZSet).big = true;

  const len = coll === undefined ? 0 : coll instanceof ListValue ? coll.length : (coll as SetValue | ZSet).size;
  let start = Math.min(Math.max(limitStart, 0), len);
  const count = Math.min(Math.max(limitCount, -1), len);
  let end = count < 0 ? len - 1 : start + count - 1;
  if (start >= len) {
    start = len - 1;
    end = len - 2;
  }
  if (end >= len) end = len - 1;

  let objs: string[];
  if (coll === undefined) {
    objs = [];
    start = 0;
    end = -1;
  } else if (dontsort && coll.type !== 'set') {
    objs = orderedRange(coll as ListValue | ZSet, isDesc, start, end - start + 1);
    end -= start;
    start = 0;
  } else if (dontsort) {
    objs = allElements(coll);
  } else {
    const items: Item[] = allElements(coll).map((obj) => ({ obj, score: 0, cmp: null }));
    for (const it of items) {
      const by = sortby === null ? it.obj : lookupByPattern(c, sortby, it.obj);
      if (by === null) continue;
      if (isAlpha) {
        if (sortby !== null) it.cmp = strOf(by);
      } else {
        const score = sortScore(strOf(by));
        if (score === null) return c.error(ERR_SCORES);
        it.score = score;
      }
    }
    desc = isDesc;
    alpha = isAlpha;
    byPattern = sortby !== null;
    items.sort(compareItems);
    objs = items.map((it) => it.obj);
  }

  const outputLen = (gets.length || 1) * (end - start + 1);
  if (storekey === null) {
    c.array(outputLen);
    for (let j = start; j <= end; j++) {
      if (gets.length === 0) c.bulk(objs[j]);
      for (const p of gets) c.bulkOrNull(lookupByPattern(c, p, objs[j]));
    }
    return;
  }
  // Built as a quicklist, then made a listpack if it fits one node (Redis 7.2's LIST_CONV_AUTO).
  const list = new ListValue(outputLen);
  list.toQuicklist();
  for (let j = start; j <= end; j++) {
    if (gets.length === 0) list.pushTail(objs[j]);
    for (const p of gets) {
      const val = lookupByPattern(c, p, objs[j]);
      list.pushTail(val === null ? '' : strOf(val));
    }
  }
  if (outputLen > 0) list.shrink(false);
  // Redis counts every stored element as a change, or the one deletion.
  if (storeResult(c, storekey, list, outputLen, EV.list, 'sortstore')) c.server.dirty += outputLen || 1;
  c.int(outputLen);
}

/**
 * sortGetKeys: the sorted key, and the last STORE destination. Options with
 * arguments are skipped so a GET or BY pattern spelled "store" is no key.
 */
function sortKeys(argv: string[]): number[] {
  const keys = [1];
  for (let i = 2; i < argv.length; i++) {
    const a = argv[i].toLowerCase();
    if (a === 'limit') i += 2;
    else if (a === 'get' || a === 'by') i++;
    else if (a === 'store' && i + 1 < argv.length) {
      keys[1] = i + 1;
    }
  }
  return keys;
}

function sortDocs(summary: string, since: string, withStore: boolean): CommandDocs {
  return {
    summary,
    since,
    group: 'generic',
    complexity:
      'O(N+M*log(M)) where N is the number of elements in the list or set to sort, and M the number of returned elements. When the elements are not sorted, complexity is O(N).',
    arguments: [
      key(),
      arg('pattern', 'pattern', { keySpec: 1, token: 'BY', flags: 'optional' }),
      block('offset_count', [arg('offset', 'integer'), arg('count', 'integer')], { token: 'LIMIT', flags: 'optional' }),
      arg('pattern', 'pattern', { keySpec: 1, token: 'GET', flags: 'optional multiple multiple_token' }),
      oneof('order', [token('ASC'), token('DESC')], { flags: 'optional' }),
      arg('sorting', 'pure-token', { token: 'ALPHA', flags: 'optional' }),
      ...(withStore ? [key('destination', 2, { token: 'STORE', flags: 'optional' })] : []),
    ],
  };
}

const PATTERN_KEYS = ks('RO access', unknownBegin, unknownFind);

export const sortCommands: CommandDecl[] = [
  {
    name: 'sort',
    arity: -2,
    flags: 'write denyoom',
    acl: '@set @sortedset @list @dangerous',
    keys: [key1('RO access'), PATTERN_KEYS, ks('OW update', unknownBegin, unknownFind)],
    docs: sortDocs('Sorts the elements of a list, set or sorted set, optionally storing the result as a list.', '1.0.0', true),
    handler: (c, argv) => sortGeneric(c, argv, false),
    getKeys: sortKeys,
    keyFlags: (_argv, pos) => (pos === 1 ? KEY_RO_ACCESS : KEY_OW_UPDATE),
  },
  {
    name: 'sort_ro',
    arity: -2,
    flags: 'readonly',
    acl: '@set @sortedset @list @dangerous',
    keys: [key1('RO access'), PATTERN_KEYS],
    docs: sortDocs('Sorts the elements of a list, set or sorted set without storing anything.', '7.0.0', false),
    handler: (c, argv) => sortGeneric(c, argv, true),
  },
];
