/** Set commands (t_set.c). */
import { key1, ks, index, range, keynum, type CommandDecl } from './spec';
import type { Client } from '../server/client';
import { HASHTABLE, INTSET, LISTPACK, SetValue, isInt } from '../store/set';
import { changed, readAs, removeMembers, storeResult, writeAs } from './collections';
import { EV } from '../server/notify';
import { ERR_LONG_RANGE, ERR_NOT_INTEGER, ERR_SYNTAX, WRONGTYPE } from './replies';
import { INT64_MIN, parseInt64 } from '../util/numbers';
import { randomIndex, sampleDistinct, sampleInOrder } from '../util/sample';
import { scanMapKeys } from '../store/member-scan';
import { replyScan, scanCursorArg, scanDocArgs, scanOptions } from './collection-scan';
import { arg, key } from './docs-args';
import type { Value } from '../store/value';
import '../persist/rdb-set';

const ACL = '@set';

function readSet(c: Client, key: string): SetValue | undefined | null {
  return readAs<SetValue>(c, key, 'set');
}

function isSet(v: Value): v is SetValue {
  return typeof v === 'object' && !Buffer.isBuffer(v) && v.type === 'set';
}

function sadd(c: Client, argv: string[]): void {
  const key = argv[1];
  let s = writeAs<SetValue>(c, key, 'set');
  if (s === null) return;
  if (s === undefined) {
    s = SetValue.create(argv[2], argv.length - 2);
    c.db.set(key, s);
  } else {
    s.expect(argv.length - 2);
  }
  let added = 0;
  for (let i = 2; i < argv.length; i++) if (s.add(argv[i])) added++;
  if (added !== 0) c.db.emit(EV.set, 'sadd', key);
  c.server.dirty += added;
  c.int(added);
}

function smove(c: Client, argv: string[]): void {
  const [, src, dst, member] = argv;
  const from = c.db.get(src);
  if (from === undefined) return c.int(0);
  const to = c.db.get(dst);
  if (!isSet(from) || (to !== undefined && !isSet(to))) return c.error(WRONGTYPE);
  if (from === to) return c.int(from.has(member) ? 1 : 0);
  if (!from.delete(member)) return c.int(0);
  changed(c, src, EV.set, 'srem', from.size);
  let target = to;
  if (target === undefined) {
    target = SetValue.create(member, 1);
    c.db.set(dst, target);
  }
  c.server.dirty++;
  if (target.add(member)) {
    c.server.dirty++;
    c.db.emit(EV.set, 'sadd', dst);
  }
  c.int(1);
}

function sismember(c: Client, argv: string[]): void {
  const s = readSet(c, argv[1]);
  if (s === null) return;
  c.int(s !== undefined && s.has(argv[2]) ? 1 : 0);
}

function smismember(c: Client, argv: string[]): void {
  const s = readSet(c, argv[1]);
  if (s === null) return;
  c.array(argv.length - 2);
  for (let i = 2; i < argv.length; i++) c.int(s !== undefined && s.has(argv[i]) ? 1 : 0);
}

function scard(c: Client, argv: string[]): void {
  const s = readSet(c, argv[1]);
  if (s === null) return;
  c.int(s === undefined ? 0 : s.size);
}

/** Every member, in the set's order, as a RESP3 set. */
function replyMembers(c: Client, s: SetValue): void {
  const items = s.items;
  c.set(items.length);
  for (let i = 0; i < items.length; i++) c.bulk(items[i]);
}

function smembers(c: Client, argv: string[]): void {
  const s = readSet(c, argv[1]);
  if (s === null) return;
  if (s === undefined) return c.set(0);
  replyMembers(c, s);
}

// ---- SPOP / SRANDMEMBER ----

/** SPOP_MOVE_STRATEGY_MUL: past this share popped, the members kept are picked instead. */
const SPOP_MOVE_STRATEGY_MUL = 5;

function spop(c: Client, argv: string[]): void {
  if (argv.length > 3) return c.error(ERR_SYNTAX);
  if (argv.length === 3) return spopCount(c, argv);
  const key = argv[1];
  const s = writeAs<SetValue>(c, key, 'set');
  if (s === null) return;
  if (s === undefined) return c.nullBulk();
  c.bulk(s.removeAt(randomIndex(s.size)));
  changed(c, key, EV.set, 'spop', s.size);
  c.server.dirty++;
}

function spopCount(c: Client, argv: string[]): void {
  const n = parseInt64(argv[2]);
  // getPositiveLongFromObjectOrReply gives one message for junk and negatives alike.
  if (n === null || n < 0) return c.error('ERR value is out of range, must be positive');
  const key = argv[1];
  const s = writeAs<SetValue>(c, key, 'set');
  if (s === null) return;
  if (s === undefined || n === 0) return c.set(0);
  const size = s.size;
  if (n >= size) {
    // The whole set, replied as SUNION of it would be.
    c.server.dirty += size;
    replyMembers(c, unionOf([s]));
    changed(c, key, EV.set, 'spop', 0);
    return;
  }
  c.db.emit(EV.set, 'spop', key);
  const count = Number(n);
  c.server.dirty += count;
  const remaining = size - count;
  c.set(count);
  if (remaining * SPOP_MOVE_STRATEGY_MUL > count) {
    if (s.enc === LISTPACK) {
      // One pass over the listpack: the popped members leave in their stored order.
      const picks = sampleInOrder(size, count);
      const popped = new Array<string>(count);
      for (let i = 0; i < count; i++) popped[i] = s.items[picks[i]];
      for (let i = 0; i < count; i++) {
        c.bulk(popped[i]);
        s.delete(popped[i]);
      }
    } else {
      for (let i = 0; i < count; i++) c.bulk(s.removeAt(randomIndex(s.size)));
    }
    return;
  }
  // Most members go: pick the ones that stay into a new set, reply the rest.
  const kept = keptSet(s, remaining);
  for (const m of s.items) if (!kept.has(m)) c.bulk(m);
  c.db.replace(key, kept);
}

/**
 * The `remaining` members SPOP leaves, as a new set encoded as Redis builds
 * it: a listpack keeps its order; otherwise random picks go into an intset
 * (from an intset) or a listpack, converting as they are added.
 */
function keptSet(s: SetValue, remaining: number): SetValue {
  if (s.enc === LISTPACK) {
    const kept = new SetValue(LISTPACK);
    for (const i of sampleInOrder(s.size, remaining)) kept.add(s.items[i]);
    return kept;
  }
  const kept = new SetValue(s.enc === INTSET ? INTSET : LISTPACK);
  for (const i of sampleDistinct(s.size, remaining)) kept.add(s.items[i]);
  return kept;
}

function srandmember(c: Client, argv: string[]): void {
  if (argv.length > 3) return c.error(ERR_SYNTAX);
  if (argv.length === 2) {
    const s = readSet(c, argv[1]);
    if (s === null) return;
    if (s === undefined) return c.nullBulk();
    return c.bulk(s.items[randomIndex(s.size)]);
  }
  const n = parseInt64(argv[2]);
  if (n === null) return c.error(ERR_NOT_INTEGER);
  if (n === INT64_MIN) return c.error(ERR_LONG_RANGE);
  const s = readSet(c, argv[1]);
  if (s === null) return;
  if (s === undefined || n === 0) return c.array(0);
  const items = s.items;
  const size = items.length;
  if (n < 0 || n === 1) {
    const count = Number(n < 0 ? -BigInt(n) : n);
    c.array(count);
    for (let i = 0; i < count; i++) c.bulk(items[randomIndex(size)]);
    return;
  }
  if (n >= size) return c.bulkArray(items);
  const picks = s.enc === HASHTABLE ? sampleDistinct(size, Number(n)) : sampleInOrder(size, Number(n));
  c.array(picks.length);
  for (let i = 0; i < picks.length; i++) c.bulk(items[picks[i]]);
}

// ---- SINTER / SUNION / SDIFF and their STORE and CARD forms ----

/**
 * The sets at keys[from..], undefined for missing keys, or null after
 * replying WRONGTYPE (every key is checked, as Redis looks them all up first).
 */
function lookupSets(c: Client, argv: string[], from: number, to: number): (SetValue | undefined)[] | null {
  const sets: (SetValue | undefined)[] = [];
  for (let i = from; i < to; i++) {
    const v = c.db.lookupRead(argv[i]);
    if (v !== undefined && !isSet(v)) {
      c.error(WRONGTYPE);
      return null;
    }
    sets.push(v);
  }
  return sets;
}

/** Stores a computed set at dst (or deletes dst when it is empty) and replies its size. */
function storeSet(c: Client, dst: string, s: SetValue, event: string): void {
  if (storeResult(c, dst, s, s.size, EV.set, event)) c.server.dirty++;
  c.int(s.size);
}

const INTER = 0;
const INTER_CARD = 1;
const INTER_STORE = 2;

/** sinterGenericCommand: members of the smallest set found in all the others. */
function sinterGeneric(c: Client, argv: string[], from: number, to: number, mode: number, limit: number): void {
  const found = lookupSets(c, argv, from, to);
  if (found === null) return;
  if (found.includes(undefined)) {
    if (mode === INTER_STORE) {
      if (c.db.remove(argv[1])) c.server.dirty++;
      return c.int(0);
    }
    return mode === INTER_CARD ? c.int(0) : c.set(0);
  }
  const sets = (found as SetValue[]).sort((a, b) => a.size - b.size);
  const first = sets[0];
  const out: string[] = [];
  for (const m of first.items) {
    let j = 1;
    for (; j < sets.length; j++) if (sets[j] !== first && !sets[j].has(m)) break;
    if (j < sets.length) continue;
    out.push(m);
    if (mode === INTER_CARD && limit !== 0 && out.length >= limit) break;
  }
  if (mode === INTER_CARD) return c.int(out.length);
  if (mode === INTER) {
    c.set(out.length);
    for (let i = 0; i < out.length; i++) c.bulk(out[i]);
    return;
  }
  // The result starts as an intset when the smallest set is one, else as a listpack.
  const dst = new SetValue(first.enc === INTSET ? INTSET : LISTPACK);
  let onlyInts = true;
  for (const m of out) {
    dst.add(m);
    if (onlyInts && !isInt(m)) onlyInts = false;
  }
  if (onlyInts) dst.toIntsetIfFits();
  storeSet(c, argv[1], dst, 'sinterstore');
}

function sintercard(c: Client, argv: string[]): void {
  const nk = parseInt64(argv[1]);
  if (nk === null || nk < 1) return c.error('ERR numkeys should be greater than 0');
  if (nk > argv.length - 2) return c.error("ERR Number of keys can't be greater than number of args");
  const numkeys = Number(nk);
  let limit = 0;
  for (let j = 2 + numkeys; j < argv.length; j++) {
    if (argv[j].toLowerCase() === 'limit' && j + 1 < argv.length) {
      const l = parseInt64(argv[++j]);
      if (l === null || l < 0) return c.error("ERR LIMIT can't be negative");
      limit = Number(l);
    } else {
      return c.error(ERR_SYNTAX);
    }
  }
  sinterGeneric(c, argv, 2, 2 + numkeys, INTER_CARD, limit);
}

/**
 * sunionDiffGenericCommand: the union or difference, built into a set that
 * starts as an intset and converts as members come (so its encoding, and
 * the order it replies in, are Redis's).
 */
function sunionDiff(c: Client, argv: string[], from: number, union: boolean, store: boolean): void {
  const sets = lookupSets(c, argv, from, argv.length);
  if (sets === null) return;
  let dst: SetValue;
  const first = sets[0];
  if (union) {
    dst = unionOf(sets);
  } else {
    dst = new SetValue(INTSET);
    if (first !== undefined && !sets.includes(first, 1)) diffInto(dst, first, sets);
  }
  if (store) return storeSet(c, argv[1], dst, union ? 'sunionstore' : 'sdiffstore');
  replyMembers(c, dst);
}

function unionOf(sets: readonly (SetValue | undefined)[]): SetValue {
  const dst = new SetValue(INTSET);
  for (const s of sets) if (s !== undefined) for (const m of s.items) dst.add(m);
  return dst;
}

/** SDIFF with Redis's choice of algorithm, which decides the result's encoding. */
function diffInto(dst: SetValue, first: SetValue, sets: (SetValue | undefined)[]): void {
  let oneWork = 0;
  let twoWork = 0;
  for (const s of sets) {
    if (s === undefined) continue;
    oneWork += first.size;
    twoWork += s.size;
  }
  if (Math.floor(oneWork / 2) <= twoWork) {
    // Each member of the first set, unless another set has it.
    for (const m of first.items) {
      let j = 1;
      for (; j < sets.length; j++) if (sets[j]?.has(m)) break;
      if (j === sets.length) dst.add(m);
    }
    return;
  }
  // The whole first set, minus every member of the others.
  for (const m of first.items) dst.add(m);
  for (let j = 1; j < sets.length && dst.size > 0; j++) {
    const s = sets[j];
    if (s !== undefined) for (const m of s.items) dst.delete(m);
  }
}

function sscan(c: Client, argv: string[]): void {
  const cursor = scanCursorArg(c, argv[2]);
  if (cursor === null) return;
  const s = readSet(c, argv[1]);
  if (s === null) return;
  if (s === undefined) return replyScan(c, 0n, [], null, 1);
  const opts = scanOptions(c, argv);
  if (opts === null) return;
  if (s.enc !== HASHTABLE) return replyScan(c, 0n, s.items, opts.pattern, 1);
  const out: string[] = [];
  const next = scanMapKeys(s.pos, cursor, opts.count, out);
  replyScan(c, next, out, opts.pattern, 1);
}

// ---- declarations ----

const keyMember = (): ReturnType<typeof arg>[] => [key(), arg('member', 'string')];
const keyMembers = (): ReturnType<typeof arg>[] => [key(), arg('member', 'string', { flags: 'multiple' })];
const ALL_KEYS = ks('RO access', index(1), range(-1, 1, 0));
const MANY_KEYS = key('key', 0, { flags: 'multiple' });

/** SINTERSTORE / SUNIONSTORE / SDIFFSTORE: destination first (its flags vary), then the sources. */
function storeDecl(name: string, dstFlags: string, summary: string, complexity: string, handler: (c: Client, argv: string[]) => void): CommandDecl {
  return {
    name,
    arity: -3,
    flags: 'write denyoom',
    acl: ACL,
    keys: [key1(dstFlags), ks('RO access', index(2), range(-1, 1, 0))],
    docs: {
      summary,
      since: '1.0.0',
      group: 'set',
      complexity,
      arguments: [key('destination', 0), key('key', 1, { flags: 'multiple' })],
    },
    handler,
  };
}

/** SINTER / SUNION / SDIFF: every argument is a key. */
function readDecl(name: string, summary: string, complexity: string, handler: (c: Client, argv: string[]) => void): CommandDecl {
  return {
    name,
    arity: -2,
    flags: 'readonly',
    acl: ACL,
    keys: [ALL_KEYS],
    tips: 'nondeterministic_output_order',
    docs: { summary, since: '1.0.0', group: 'set', complexity, arguments: [MANY_KEYS] },
    handler,
  };
}

const INTER_COMPLEXITY = 'O(N*M) worst case where N is the cardinality of the smallest set and M is the number of sets.';
const UNION_COMPLEXITY = 'O(N) where N is the total number of elements in all given sets.';

export const setCommands: CommandDecl[] = [
  {
    name: 'sadd',
    arity: -3,
    flags: 'write denyoom fast',
    acl: ACL,
    keys: [key1('RW insert')],
    docs: {
      summary: 'Adds members to a set, creating the set if needed.',
      since: '1.0.0',
      group: 'set',
      complexity: 'O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments.',
      history: [['2.4.0', 'Accepts multiple `member` arguments.']],
      arguments: keyMembers(),
    },
    handler: sadd,
  },
  {
    name: 'srem',
    arity: -3,
    flags: 'write fast',
    acl: ACL,
    keys: [key1('RW delete')],
    docs: {
      summary: 'Removes members from a set, deleting the set when none is left.',
      since: '1.0.0',
      group: 'set',
      complexity: 'O(N) where N is the number of members to be removed.',
      history: [['2.4.0', 'Accepts multiple `member` arguments.']],
      arguments: keyMembers(),
    },
    handler: (c, argv) => removeMembers(c, argv, 'set'),
  },
  {
    name: 'scard',
    arity: 2,
    flags: 'readonly fast',
    acl: ACL,
    keys: [key1('RO')],
    docs: { summary: 'Replies with the number of members of a set.', since: '1.0.0', group: 'set', complexity: 'O(1)', arguments: [key()] },
    handler: scard,
  },
  {
    name: 'sismember',
    arity: 3,
    flags: 'readonly fast',
    acl: ACL,
    keys: [key1('RO')],
    docs: { summary: 'Tells whether a value is a member of a set.', since: '1.0.0', group: 'set', complexity: 'O(1)', arguments: keyMember() },
    handler: sismember,
  },
  {
    name: 'smismember',
    arity: -3,
    flags: 'readonly fast',
    acl: ACL,
    keys: [key1('RO access')],
    docs: {
      summary: 'Tells, for each of several values, whether it is a member of a set.',
      since: '6.2.0',
      group: 'set',
      complexity: 'O(N) where N is the number of elements being checked for membership',
      arguments: keyMembers(),
    },
    handler: smismember,
  },
  {
    name: 'smembers',
    arity: 2,
    flags: 'readonly',
    acl: ACL,
    keys: [key1('RO access')],
    tips: 'nondeterministic_output_order',
    docs: { summary: 'Replies with every member of a set.', since: '1.0.0', group: 'set', complexity: 'O(N) where N is the set cardinality.', arguments: [key()] },
    handler: smembers,
  },
  {
    name: 'srandmember',
    arity: -2,
    flags: 'readonly',
    acl: ACL,
    keys: [key1('RO access')],
    tips: 'nondeterministic_output',
    docs: {
      summary: 'Replies with random members of a set, leaving the set as it is.',
      since: '1.0.0',
      group: 'set',
      complexity: 'Without the count argument O(1), otherwise O(N) where N is the absolute value of the passed count.',
      history: [['2.6.0', 'Added the optional `count` argument.']],
      arguments: [key(), arg('count', 'integer', { since: '2.6.0', flags: 'optional' })],
    },
    handler: srandmember,
  },
  {
    name: 'spop',
    arity: -2,
    flags: 'write fast',
    acl: ACL,
    keys: [key1('RW access delete')],
    tips: 'nondeterministic_output',
    docs: {
      summary: 'Removes random members from a set and replies with them.',
      since: '1.0.0',
      group: 'set',
      complexity: 'Without the count argument O(1), otherwise O(N) where N is the value of the passed count.',
      history: [['3.2.0', 'Added the `count` argument.']],
      arguments: [key(), arg('count', 'integer', { since: '3.2.0', flags: 'optional' })],
    },
    handler: spop,
  },
  {
    name: 'smove',
    arity: 4,
    flags: 'write fast',
    acl: ACL,
    keys: [key1('RW access delete'), key1('RW insert', 2)],
    docs: {
      summary: 'Moves a member from one set to another.',
      since: '1.0.0',
      group: 'set',
      complexity: 'O(1)',
      arguments: [key('source', 0), key('destination', 1), arg('member', 'string')],
    },
    handler: smove,
  },
  readDecl('sinter', 'Replies with the members common to all the given sets.', INTER_COMPLEXITY, (c, argv) => sinterGeneric(c, argv, 1, argv.length, INTER, 0)),
  {
    name: 'sintercard',
    arity: -3,
    flags: 'readonly',
    acl: ACL,
    keys: [ks('RO access', index(1), keynum(0, 1, 1))],
    docs: {
      summary: 'Replies with the size of the intersection of sets, counting up to an optional limit.',
      since: '7.0.0',
      group: 'set',
      complexity: INTER_COMPLEXITY,
      arguments: [arg('numkeys', 'integer'), MANY_KEYS, arg('limit', 'integer', { token: 'LIMIT', flags: 'optional' })],
    },
    handler: sintercard,
  },
  storeDecl('sinterstore', 'RW update', 'Stores the intersection of sets at a key and replies with its size.', INTER_COMPLEXITY, (c, argv) => sinterGeneric(c, argv, 2, argv.length, INTER_STORE, 0)),
  readDecl('sunion', 'Replies with the members of any of the given sets.', UNION_COMPLEXITY, (c, argv) => sunionDiff(c, argv, 1, true, false)),
  storeDecl('sunionstore', 'OW update', 'Stores the union of sets at a key and replies with its size.', UNION_COMPLEXITY, (c, argv) => sunionDiff(c, argv, 2, true, true)),
  readDecl('sdiff', 'Replies with the members of the first set that no other given set has.', UNION_COMPLEXITY, (c, argv) => sunionDiff(c, argv, 1, false, false)),
  storeDecl('sdiffstore', 'OW update', 'Stores the difference of sets at a key and replies with its size.', UNION_COMPLEXITY, (c, argv) => sunionDiff(c, argv, 2, false, true)),
  {
    name: 'sscan',
    arity: -3,
    flags: 'readonly',
    acl: ACL,
    keys: [key1('RO access')],
    tips: 'nondeterministic_output',
    docs: {
      summary: 'Walks the members of a set a batch at a time with a cursor.',
      since: '2.8.0',
      group: 'set',
      complexity: 'O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection..',
      arguments: scanDocArgs(),
    },
    handler: sscan,
  },
];
