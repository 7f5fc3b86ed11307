/** List commands (t_list.c), the blocking ones included. */
import { key1, ks, index, range, keynum, type CommandDecl, type CommandDocs } from './spec';
import type { Client } from '../server/client';
import { ListValue } from '../store/list';
import { readAs, writeAs, writeOrCreate, changed } from './collections';
import { EV } from '../server/notify';
import { ERR_LONG_RANGE, ERR_NOT_INTEGER, ERR_SYNTAX } from './replies';
import { INT64_MIN, parseInt64 } from '../util/numbers';
import { arg, key, oneof, token, type DocArg } from './docs-args';
import { blockOnKeys, mayBlock, parseTimeout } from '../server/blocking';
import '../persist/rdb-list';

const LIST = 'list';
const LONG_MAX = 9223372036854775807;

function newList(): ListValue {
  return new ListValue();
}

/**
 * getLongFromObjectOrReply (with getRangeLong's bounds): a long, or null after
 * replying `msg` (or Redis's default texts). Values past 2^53 keep their sign
 * and order, which is all range clamping needs.
 */
function longArg(c: Client, s: string, min: number, max: number, msg?: string): number | null {
  const v = parseInt64(s);
  if (v === null) {
    c.error(msg ?? ERR_NOT_INTEGER);
    return null;
  }
  const n = Number(v);
  // Past 2^53 only the sign matters, and -LONG_MAX's one excluded value, LONG_MIN.
  const out = typeof v === 'bigint' ? v < 0n && (min === -LONG_MAX ? v === INT64_MIN : min > -Infinity) : n < min || n > max;
  if (out) {
    // Without a message, the only bounded caller is LPOS RANK (-LONG_MAX..LONG_MAX).
    c.error(msg ?? ERR_LONG_RANGE);
    return null;
  }
  return n;
}

function anyLong(c: Client, s: string): number | null {
  return longArg(c, s, -Infinity, Infinity);
}

/** getListPositionFromObjectOrReply: true for LEFT (head), false for RIGHT, null after a syntax error. */
function whereArg(c: Client, s: string): boolean | null {
  const w = s.toLowerCase();
  if (w === 'left') return true;
  if (w === 'right') return false;
  c.error(ERR_SYNTAX);
  return null;
}

/** Raw byte total of argv[from..], as Redis's conversion check counts it. */
function argBytes(argv: string[], from: number): number {
  let n = 0;
  for (let i = from; i < argv.length; i++) n += argv[i].length;
  return n;
}

/** The events of a pop or a push at the head or the tail. */
function popEvent(head: boolean): string {
  return head ? 'lpop' : 'rpop';
}

function pushEvent(head: boolean): string {
  return head ? 'lpush' : 'rpush';
}

/** After elements were removed: report `event`, delete the key when empty, else maybe back to a listpack. */
function removed(c: Client, key: string, l: ListValue, count: number, event: string): void {
  c.server.dirty += count;
  if (!changed(c, key, EV.list, event, l.length)) l.shrink();
}

// ---- push ----

function push(c: Client, argv: string[], head: boolean, onlyIfExists: boolean): void {
  const key = argv[1];
  let l: ListValue | null | undefined;
  if (onlyIfExists) {
    l = writeAs<ListValue>(c, key, LIST);
    if (l === null) return;
    if (l === undefined) return c.int(0);
  } else {
    l = writeOrCreate<ListValue>(c, key, LIST, newList);
    if (l === null) return;
  }
  l.growFor(argBytes(argv, 2), argv.length - 2);
  if (head) for (let i = 2; i < argv.length; i++) l.pushHead(argv[i]);
  else for (let i = 2; i < argv.length; i++) l.pushTail(argv[i]);
  c.db.emit(EV.list, pushEvent(head), key);
  c.server.dirty += argv.length - 2;
  c.int(l.length);
}

// ---- pop ----

/** Replies elements [start, start+n) in order, or from the end backwards (reverse: a tail pop). */
function replyRange(c: Client, l: ListValue, start: number, n: number, reverse: boolean): void {
  c.array(n);
  if (reverse) for (let i = start + n - 1; i >= start; i--) c.bulk(l.at(i));
  else for (let i = start; i < start + n; i++) c.bulk(l.at(i));
}

/** Pops up to `count` elements from one end, replying them as an array. */
function popRange(c: Client, key: string, l: ListValue, head: boolean, count: number): void {
  const n = count > l.length ? l.length : count;
  replyRange(c, l, head ? 0 : l.length - n, n, !head);
  for (let i = 0; i < n; i++) l.pop(head);
  removed(c, key, l, n, popEvent(head));
}

function pop(c: Client, argv: string[], head: boolean): void {
  if (argv.length > 3) return c.error(`ERR wrong number of arguments for '${head ? 'lpop' : 'rpop'}' command`);
  let count = -1;
  if (argv.length === 3) {
    const n = longArg(c, argv[2], 0, LONG_MAX, 'ERR value is out of range, must be positive');
    if (n === null) return;
    count = n;
  }
  const key = argv[1];
  const l = writeAs<ListValue>(c, key, LIST);
  if (l === null) return;
  if (l === undefined) return count === -1 ? c.nullBulk() : c.nullArray();
  if (count === -1) {
    c.bulk(l.pop(head));
    return removed(c, key, l, 1, popEvent(head));
  }
  if (count === 0) return c.array(0);
  popRange(c, key, l, head, count);
}

/** LMPOP/BLMPOP over keys: pops from the first non-empty list; false when none had elements. */
function mpop(c: Client, keys: string[], head: boolean, count: number): boolean | null {
  for (let i = 0; i < keys.length; i++) {
    const l = writeAs<ListValue>(c, keys[i], LIST);
    if (l === null) return null;
    if (l === undefined) continue;
    c.array(2);
    c.bulk(keys[i]);
    popRange(c, keys[i], l, head, count);
    return true;
  }
  return false;
}

/** Parsed LMPOP/BLMPOP arguments after numkeys: [keys, head, count], or null after an error. */
function mpopArgs(c: Client, argv: string[], numkeysAt: number): [string[], boolean, number] | null {
  const numkeys = longArg(c, argv[numkeysAt], 1, LONG_MAX, 'ERR numkeys should be greater than 0');
  if (numkeys === null) return null;
  const whereAt = numkeysAt + numkeys + 1;
  if (whereAt >= argv.length) {
    c.error(ERR_SYNTAX);
    return null;
  }
  const head = whereArg(c, argv[whereAt]);
  if (head === null) return null;
  let count = -1;
  for (let j = whereAt + 1; j < argv.length; j++) {
    if (count === -1 && argv[j].toLowerCase() === 'count' && j + 1 < argv.length) {
      const n = longArg(c, argv[++j], 1, LONG_MAX, 'ERR count should be greater than 0');
      if (n === null) return null;
      count = n;
    } else {
      c.error(ERR_SYNTAX);
      return null;
    }
  }
  return [argv.slice(numkeysAt + 1, whereAt), head, count === -1 ? 1 : count];
}

// ---- blocking pops ----

/** BLPOP/BRPOP/BLMPOP: serve from the first non-empty key, else block (count -1: one element, BLPOP's reply). */
function blockingPop(c: Client, argv: string[], keys: string[], head: boolean, timeoutArg: string, count: number): void {
  const deadline = parseTimeout(c, timeoutArg);
  if (deadline === null) return;
  if (count !== -1) {
    const served = mpop(c, keys, head, count);
    if (served !== false) return;
  } else {
    for (let i = 0; i < keys.length; i++) {
      const l = writeAs<ListValue>(c, keys[i], LIST);
      if (l === null) return;
      if (l === undefined) continue;
      c.array(2);
      c.bulk(keys[i]);
      c.bulk(l.pop(head));
      return removed(c, keys[i], l, 1, popEvent(head));
    }
  }
  if (!mayBlock(c)) return c.nullArray();
  blockOnKeys(c, argv, keys, LIST, deadline);
}

// ---- move ----

/** LMOVE's core on an existing source: pop, push to the destination (created if needed), reply the element. */
function move(c: Client, src: string, l: ListValue, dst: string, fromHead: boolean, toHead: boolean): void {
  const d = writeAs<ListValue>(c, dst, LIST);
  if (d === null) return;
  const v = l.pop(fromHead);
  const target = d ?? writeOrCreate<ListValue>(c, dst, LIST, newList);
  (target as ListValue).growFor(v.length, 1);
  (target as ListValue).push(v, toHead);
  // Redis 7.2 reports the push before the pop (7.4 swapped them).
  c.db.emit(EV.list, pushEvent(toHead), dst);
  c.bulk(v);
  removed(c, src, l, 1, popEvent(fromHead));
}

function lmove(c: Client, argv: string[], fromHead: boolean, toHead: boolean): void {
  const l = writeAs<ListValue>(c, argv[1], LIST);
  if (l === null) return;
  if (l === undefined) return c.nullBulk();
  move(c, argv[1], l, argv[2], fromHead, toHead);
}

function blmove(c: Client, argv: string[], fromHead: boolean, toHead: boolean, timeoutArg: string): void {
  const deadline = parseTimeout(c, timeoutArg);
  if (deadline === null) return;
  const l = writeAs<ListValue>(c, argv[1], LIST);
  if (l === null) return;
  if (l !== undefined) return move(c, argv[1], l, argv[2], fromHead, toHead);
  if (!mayBlock(c)) return c.nullBulk();
  blockOnKeys(c, argv, [argv[1]], LIST, deadline);
}

// ---- read and edit ----

/** Redis's start/end normalisation for LRANGE and LTRIM: [start, end] clamped, or null when empty. */
function clampRange(start: number, end: number, len: number): [number, number] | null {
  if (start < 0) start += len;
  if (end < 0) end += len;
  if (start < 0) start = 0;
  if (start > end || start >= len) return null;
  if (end >= len) end = len - 1;
  return [start, end];
}

function lrange(c: Client, argv: string[]): void {
  const start = anyLong(c, argv[2]);
  if (start === null) return;
  const end = anyLong(c, argv[3]);
  if (end === null) return;
  const l = readAs<ListValue>(c, argv[1], LIST);
  if (l === null) return;
  if (l === undefined) return c.array(0);
  const r = clampRange(start, end, l.length);
  if (r === null) return c.array(0);
  replyRange(c, l, r[0], r[1] - r[0] + 1, false);
}

function ltrim(c: Client, argv: string[]): void {
  const start = anyLong(c, argv[2]);
  if (start === null) return;
  const end = anyLong(c, argv[3]);
  if (end === null) return;
  const key = argv[1];
  const l = writeAs<ListValue>(c, key, LIST);
  if (l === null) return;
  if (l === undefined) return c.ok();
  const len = l.length;
  const r = clampRange(start, end, len);
  if (r === null) {
    changed(c, key, EV.list, 'ltrim', 0);
    c.server.dirty += len;
  } else {
    l.trim(r[0], r[1]);
    removed(c, key, l, len - l.length, 'ltrim');
  }
  c.ok();
}

/** A list index (negative from the end) as a position, or -1 when out of range. */
function position(l: ListValue, i: number): number {
  const p = i < 0 ? l.length + i : i;
  return p < 0 || p >= l.length ? -1 : p;
}

function lindex(c: Client, argv: string[]): void {
  const l = readAs<ListValue>(c, argv[1], LIST);
  if (l === null) return;
  if (l === undefined) return c.nullBulk();
  const i = anyLong(c, argv[2]);
  if (i === null) return;
  const p = position(l, i);
  if (p < 0) return c.nullBulk();
  c.bulk(l.at(p));
}

function lset(c: Client, argv: string[]): void {
  const l = writeAs<ListValue>(c, argv[1], LIST);
  if (l === null) return;
  if (l === undefined) return c.error('ERR no such key');
  const i = anyLong(c, argv[2]);
  if (i === null) return;
  l.growFor(argv[3].length, 1);
  const p = position(l, i);
  if (p < 0) return c.error('ERR index out of range');
  l.set(p, argv[3]);
  // A big element may have been replaced by a small one.
  l.shrink();
  c.db.emit(EV.list, 'lset', argv[1]);
  c.server.dirty++;
  c.ok();
}

function linsert(c: Client, argv: string[]): void {
  const where = argv[2].toLowerCase();
  let after: boolean;
  if (where === 'after') after = true;
  else if (where === 'before') after = false;
  else return c.error(ERR_SYNTAX);
  const l = writeAs<ListValue>(c, argv[1], LIST);
  if (l === null) return;
  if (l === undefined) return c.int(0);
  // Redis converts before looking for the pivot, found or not.
  l.growFor(argv[4].length, 1);
  const pivot = argv[3];
  for (let i = 0; i < l.length; i++) {
    if (l.at(i) !== pivot) continue;
    l.insert(i, argv[4], after);
    c.db.emit(EV.list, 'linsert', argv[1]);
    c.server.dirty++;
    return c.int(l.length);
  }
  c.int(-1);
}

function lrem(c: Client, argv: string[]): void {
  const count = anyLong(c, argv[2]);
  if (count === null) return;
  const key = argv[1];
  const l = writeAs<ListValue>(c, key, LIST);
  if (l === null) return;
  if (l === undefined) return c.int(0);
  const el = argv[3];
  const drop: number[] = [];
  const max = count === 0 ? Infinity : Math.abs(count);
  if (count >= 0) {
    for (let i = 0; i < l.length && drop.length < max; i++) if (l.at(i) === el) drop.push(i);
  } else {
    for (let i = l.length - 1; i >= 0 && drop.length < max; i--) if (l.at(i) === el) drop.push(i);
    drop.reverse();
  }
  if (drop.length !== 0) {
    l.removeIndexes(drop);
    removed(c, key, l, drop.length, 'lrem');
  }
  c.int(drop.length);
}

const ERR_RANK_ZERO =
  'ERR RANK can\'t be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list';

function lpos(c: Client, argv: string[]): void {
  const el = argv[2];
  let rank = 1;
  let count = -1;
  let maxlen = 0;
  for (let j = 3; j < argv.length; j++) {
    const opt = argv[j].toLowerCase();
    const more = j + 1 < argv.length;
    let n: number | null;
    if (opt === 'rank' && more) {
      n = longArg(c, argv[++j], -LONG_MAX, LONG_MAX);
      if (n === null) return;
      if (n === 0) return c.error(ERR_RANK_ZERO);
      rank = n;
    } else if (opt === 'count' && more) {
      n = longArg(c, argv[++j], 0, LONG_MAX, "ERR COUNT can't be negative");
      if (n === null) return;
      count = n;
    } else if (opt === 'maxlen' && more) {
      n = longArg(c, argv[++j], 0, LONG_MAX, "ERR MAXLEN can't be negative");
      if (n === null) return;
      maxlen = n;
    } else {
      return c.error(ERR_SYNTAX);
    }
  }
  const l = readAs<ListValue>(c, argv[1], LIST);
  if (l === null) return;
  if (l === undefined) return count !== -1 ? c.array(0) : c.nullBulk();
  const fromTail = rank < 0;
  if (fromTail) rank = -rank;
  const len = l.length;
  const limit = maxlen === 0 || maxlen > len ? len : maxlen;
  let matches = 0;
  const found: number[] = [];
  for (let k = 0; k < limit; k++) {
    const i = fromTail ? len - 1 - k : k;
    if (l.at(i) !== el) continue;
    matches++;
    if (matches < rank) continue;
    found.push(i);
    if (count === -1 || (count !== 0 && matches - rank + 1 >= count)) break;
  }
  if (count === -1) {
    if (found.length === 0) c.nullBulk();
    else c.int(found[0]);
    return;
  }
  c.array(found.length);
  for (let i = 0; i < found.length; i++) c.int(found[i]);
}

// ---- declarations ----

const LEFT_RIGHT = (name: string): DocArg => oneof(name, [token('LEFT'), token('RIGHT')]);
const PUSH_COMPLEXITY = 'O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments.';
const TIMEOUT_DOUBLE: [string, string] = ['6.0.0', '`timeout` is interpreted as a double instead of an integer.'];

function pushDocs(summary: string, since: string, history: [string, string]): CommandDocs {
  return {
    summary,
    since,
    group: 'list',
    complexity: PUSH_COMPLEXITY,
    history: [history],
    arguments: [key(), arg('element', 'string', { flags: 'multiple' })],
  };
}

function popDocs(summary: string): CommandDocs {
  return {
    summary,
    since: '1.0.0',
    group: 'list',
    complexity: 'O(N) where N is the number of elements returned',
    history: [['6.2.0', 'Added the `count` argument.']],
    arguments: [key(), arg('count', 'integer', { since: '6.2.0', flags: 'optional' })],
  };
}

function bpopDocs(summary: string): CommandDocs {
  return {
    summary,
    since: '2.0.0',
    group: 'list',
    complexity: 'O(N) where N is the number of provided keys.',
    history: [TIMEOUT_DOUBLE],
    arguments: [key('key', 0, { flags: 'multiple' }), arg('timeout', 'double')],
  };
}

const MOVE_KEYS = [key1('RW access delete'), key1('RW insert', 2)];
const MOVE_ARGS = [key('source', 0), key('destination', 1)];
const MPOP_COMPLEXITY = 'O(N+M) where N is the number of provided keys and M is the number of elements returned.';
const MPOP_ARGS = [
  key('key', 0, { flags: 'multiple' }),
  LEFT_RIGHT('where'),
  arg('count', 'integer', { token: 'COUNT', flags: 'optional' }),
];

export const listCommands: CommandDecl[] = [
  {
    name: 'lpush',
    arity: -3,
    flags: 'write denyoom fast',
    acl: '@list',
    keys: [key1('RW insert')],
    docs: pushDocs('Prepends one or more elements to a list, creating it if needed.', '1.0.0', ['2.4.0', 'Accepts multiple `element` arguments.']),
    handler: (c, argv) => push(c, argv, true, false),
  },
  {
    name: 'rpush',
    arity: -3,
    flags: 'write denyoom fast',
    acl: '@list',
    keys: [key1('RW insert')],
    docs: pushDocs('Appends one or more elements to a list, creating it if needed.', '1.0.0', ['2.4.0', 'Accepts multiple `element` arguments.']),
    handler: (c, argv) => push(c, argv, false, false),
  },
  {
    name: 'lpushx',
    arity: -3,
    flags: 'write denyoom fast',
    acl: '@list',
    keys: [key1('RW insert')],
    docs: pushDocs('Prepends one or more elements to a list, only when the list exists.', '2.2.0', ['4.0.0', 'Accepts multiple `element` arguments.']),
    handler: (c, argv) => push(c, argv, true, true),
  },
  {
    name: 'rpushx',
    arity: -3,
    flags: 'write denyoom fast',
    acl: '@list',
    keys: [key1('RW insert')],
    docs: pushDocs('Appends one or more elements to a list, only when the list exists.', '2.2.0', ['4.0.0', 'Accepts multiple `element` arguments.']),
    handler: (c, argv) => push(c, argv, false, true),
  },
  {
    name: 'lpop',
    arity: -2,
    flags: 'write fast',
    acl: '@list',
    keys: [key1('RW access delete')],
    docs: popDocs('Removes and returns the first elements of a list; the list is deleted when it empties.'),
    handler: (c, argv) => pop(c, argv, true),
  },
  {
    name: 'rpop',
    arity: -2,
    flags: 'write fast',
    acl: '@list',
    keys: [key1('RW access delete')],
    docs: popDocs('Removes and returns the last elements of a list; the list is deleted when it empties.'),
    handler: (c, argv) => pop(c, argv, false),
  },
  {
    name: 'llen',
    arity: 2,
    flags: 'readonly fast',
    acl: '@list',
    keys: [key1('RO')],
    docs: { summary: 'Returns the number of elements in a list.', since: '1.0.0', group: 'list', complexity: 'O(1)', arguments: [key()] },
    handler(c, argv) {
      const l = readAs<ListValue>(c, argv[1], LIST);
      if (l !== null) c.int(l === undefined ? 0 : l.length);
    },
  },
  {
    name: 'lrange',
    arity: 4,
    flags: 'readonly',
    acl: '@list',
    keys: [key1('RO access')],
    docs: {
      summary: 'Returns a range of elements from a list.',
      since: '1.0.0',
      group: 'list',
      complexity: 'O(S+N) where S is the distance of start offset from HEAD for small lists, from nearest end (HEAD or TAIL) for large lists; and N is the number of elements in the specified range.',
      arguments: [key(), arg('start', 'integer'), arg('stop', 'integer')],
    },
    handler: lrange,
  },
  {
    name: 'lindex',
    arity: 3,
    flags: 'readonly',
    acl: '@list',
    keys: [key1('RO access')],
    docs: {
      summary: 'Returns an element of a list by its index.',
      since: '1.0.0',
      group: 'list',
      complexity: 'O(N) where N is the number of elements to traverse to get to the element at index. This makes asking for the first or the last element of the list O(1).',
      arguments: [key(), arg('index', 'integer')],
    },
    handler: lindex,
  },
  {
    name: 'lset',
    arity: 4,
    flags: 'write denyoom',
    acl: '@list',
    keys: [key1('RW update')],
    docs: {
      summary: 'Sets the element of a list at an index.',
      since: '1.0.0',
      group: 'list',
      complexity: 'O(N) where N is the length of the list. Setting either the first or the last element of the list is O(1).',
      arguments: [key(), arg('index', 'integer'), arg('element', 'string')],
    },
    handler: lset,
  },
  {
    name: 'linsert',
    arity: 5,
    flags: 'write denyoom',
    acl: '@list',
    keys: [key1('RW insert')],
    docs: {
      summary: 'Inserts an element before or after another element of a list.',
      since: '2.2.0',
      group: 'list',
      complexity: 'O(N) where N is the number of elements to traverse before seeing the value pivot. This means that inserting somewhere on the left end on the list (head) can be considered O(1) and inserting somewhere on the right end (tail) is O(N).',
      arguments: [key(), oneof('where', [token('BEFORE'), token('AFTER')]), arg('pivot', 'string'), arg('element', 'string')],
    },
    handler: linsert,
  },
  {
    name: 'lrem',
    arity: 4,
    flags: 'write',
    acl: '@list',
    keys: [key1('RW delete')],
    docs: {
      summary: 'Removes elements equal to a value from a list.',
      since: '1.0.0',
      group: 'list',
      complexity: 'O(N+M) where N is the length of the list and M is the number of elements removed.',
      arguments: [key(), arg('count', 'integer'), arg('element', 'string')],
    },
    handler: lrem,
  },
  {
    name: 'ltrim',
    arity: 4,
    flags: 'write',
    acl: '@list',
    keys: [key1('RW delete')],
    docs: {
      summary: 'Keeps only a range of elements of a list, deleting the rest.',
      since: '1.0.0',
      group: 'list',
      complexity: 'O(N) where N is the number of elements to be removed by the operation.',
      arguments: [key(), arg('start', 'integer'), arg('stop', 'integer')],
    },
    handler: ltrim,
  },
  {
    name: 'lpos',
    arity: -3,
    flags: 'readonly',
    acl: '@list',
    keys: [key1('RO access')],
    docs: {
      summary: 'Returns the index of matching elements in a list.',
      since: '6.0.6',
      group: 'list',
      complexity: 'O(N) where N is the number of elements in the list, for the average case. When searching for elements near the head or the tail of the list, or when the MAXLEN option is provided, the command may run in constant time.',
      arguments: [
        key(),
        arg('element', 'string'),
        arg('rank', 'integer', { token: 'RANK', flags: 'optional' }),
        arg('num-matches', 'integer', { token: 'COUNT', flags: 'optional' }),
        arg('len', 'integer', { token: 'MAXLEN', flags: 'optional' }),
      ],
    },
    handler: lpos,
  },
  {
    name: 'lmove',
    arity: 5,
    flags: 'write denyoom',
    acl: '@list',
    keys: MOVE_KEYS,
    docs: {
      summary: 'Moves an element from one end of a list to one end of another list.',
      since: '6.2.0',
      group: 'list',
      complexity: 'O(1)',
      arguments: [...MOVE_ARGS, LEFT_RIGHT('wherefrom'), LEFT_RIGHT('whereto')],
    },
    handler(c, argv) {
      const from = whereArg(c, argv[3]);
      if (from === null) return;
      const to = whereArg(c, argv[4]);
      if (to !== null) lmove(c, argv, from, to);
    },
  },
  {
    name: 'rpoplpush',
    arity: 3,
    flags: 'write denyoom',
    acl: '@list',
    keys: MOVE_KEYS,
    docs: {
      summary: 'Moves the last element of a list to the head of another list.',
      since: '1.2.0',
      group: 'list',
      complexity: 'O(1)',
      docFlags: ['deprecated'],
      deprecatedSince: '6.2.0',
      replacedBy: '`LMOVE` with the `RIGHT` and `LEFT` arguments',
      arguments: MOVE_ARGS,
    },
    handler: (c, argv) => lmove(c, argv, false, true),
  },
  {
    name: 'lmpop',
    arity: -4,
    flags: 'write',
    acl: '@list',
    keys: [ks('RW access delete', index(1), keynum(0, 1, 1))],
    docs: {
      summary: 'Pops elements from the first non-empty list among several.',
      since: '7.0.0',
      group: 'list',
      complexity: MPOP_COMPLEXITY,
      arguments: [arg('numkeys', 'integer'), ...MPOP_ARGS],
    },
    handler(c, argv) {
      const a = mpopArgs(c, argv, 1);
      if (a !== null && mpop(c, a[0], a[1], a[2]) === false) c.nullArray();
    },
  },
  {
    name: 'blpop',
    arity: -3,
    flags: 'write blocking',
    acl: '@list',
    keys: [ks('RW access delete', index(1), range(-2, 1, 0))],
    docs: bpopDocs('Pops the first element of the first non-empty list among several, or waits for one.'),
    handler: (c, argv) => blockingPop(c, argv, argv.slice(1, -1), true, argv[argv.length - 1], -1),
  },
  {
    name: 'brpop',
    arity: -3,
    flags: 'write blocking',
    acl: '@list',
    keys: [ks('RW access delete', index(1), range(-2, 1, 0))],
    docs: bpopDocs('Pops the last element of the first non-empty list among several, or waits for one.'),
    handler: (c, argv) => blockingPop(c, argv, argv.slice(1, -1), false, argv[argv.length - 1], -1),
  },
  {
    name: 'blmove',
    arity: 6,
    flags: 'write denyoom blocking',
    acl: '@list',
    keys: MOVE_KEYS,
    docs: {
      summary: 'Moves an element from one list to another, waiting for one when the source is empty.',
      since: '6.2.0',
      group: 'list',
      complexity: 'O(1)',
      arguments: [...MOVE_ARGS, LEFT_RIGHT('wherefrom'), LEFT_RIGHT('whereto'), arg('timeout', 'double')],
    },
    handler(c, argv) {
      const from = whereArg(c, argv[3]);
      if (from === null) return;
      const to = whereArg(c, argv[4]);
      if (to !== null) blmove(c, argv, from, to, argv[5]);
    },
  },
  {
    name: 'brpoplpush',
    arity: 4,
    flags: 'write denyoom blocking',
    acl: '@list',
    keys: MOVE_KEYS,
    docs: {
      summary: 'Moves the last element of a list to the head of another, waiting for one when the source is empty.',
      since: '2.2.0',
      group: 'list',
      complexity: 'O(1)',
      docFlags: ['deprecated'],
      deprecatedSince: '6.2.0',
      replacedBy: '`BLMOVE` with the `RIGHT` and `LEFT` arguments',
      history: [TIMEOUT_DOUBLE],
      arguments: [...MOVE_ARGS, arg('timeout', 'double')],
    },
    handler: (c, argv) => blmove(c, argv, false, true, argv[3]),
  },
  {
    name: 'blmpop',
    arity: -5,
    flags: 'write blocking',
    acl: '@list',
    keys: [ks('RW access delete', index(2), keynum(0, 1, 1))],
    docs: {
      summary: 'Pops elements from the first non-empty list among several, or waits for one.',
      since: '7.0.0',
      group: 'list',
      complexity: MPOP_COMPLEXITY,
      arguments: [arg('timeout', 'double'), arg('numkeys', 'integer'), ...MPOP_ARGS],
    },
    handler(c, argv) {
      const a = mpopArgs(c, argv, 2);
      if (a !== null) blockingPop(c, argv, a[0], a[1], argv[1], a[2]);
    },
  },
];
