/**
 * Stream commands (t_stream.c): entries, trimming, consumer groups with
 * their pending lists, blocking reads, XINFO and XSETID, over the store of
 * store/stream.ts.
 */
import { key1, ks, keyword, range, type CommandDecl } from './spec';
import type { Client } from '../server/client';
import { readAs, writeAs } from './collections';
import { ERR_NOT_INTEGER, ERR_SYNTAX } from './replies';
import { arg, block, key, oneof, token, type DocArg } from './docs-args';
import { replyHelp } from './help';
import { blockOnKeys, mayBlock, parseTimeoutMs, signalKeyReady } from '../server/blocking';
import { EV } from '../server/notify';
import { parseInt64 } from '../util/numbers';
import {
  Consumer, Group, INVALID_ENTRIES_READ, LISTPACK_MAX_SIZE, MAX_ID, Nack, Pel, StreamCursor, StreamId, StreamValue,
  TRIM_MAXLEN, TRIM_MINID, U64_MAX, ZERO_ID, compareIds, u64, type TrimArgs, type U64,
} from '../store/stream';
import { limits } from '../store/limits';
import '../persist/rdb-stream';

const STREAM = 'stream';
const ERR_INVALID_ID = 'ERR Invalid stream ID specified as stream command argument';
const ERR_NO_KEY = 'ERR no such key';
const LLONG_MAX = 9223372036854775807;

// ---- IDs ----

function isSpace(ch: number): boolean {
  return ch === 32 || (ch >= 9 && ch <= 13);
}

/**
 * string2ull: a canonical int64 that is not negative, else what strtoull
 * takes (leading spaces, a sign, leading zeros; a minus wraps around),
 * refusing values past 2^64-1.
 */
function parseU64(s: string): U64 | null {
  const n = s.length;
  if (n === 0) return null;
  if (n < 16) {
    // Plain digits: the common case.
    let v = 0;
    let i = 0;
    for (; i < n; i++) {
      const d = s.charCodeAt(i) - 48;
      if (d < 0 || d > 9) break;
      v = v * 10 + d;
    }
    if (i === n) return v;
  }
  const canonical = parseInt64(s);
  if (canonical !== null) return canonical < 0 ? null : u64(BigInt(canonical));
  let i = 0;
  while (i < n && isSpace(s.charCodeAt(i))) i++;
  let neg = false;
  if (i < n && (s.charCodeAt(i) === 43 || s.charCodeAt(i) === 45)) neg = s.charCodeAt(i++) === 45;
  const from = i;
  while (i < n && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) i++;
  if (i === from || i !== n) return null;
  let v = BigInt(s.slice(from));
  if (v > U64_MAX) return null;
  if (neg && v !== 0n) v = U64_MAX + 1n - v;
  return u64(v);
}

/** Set by parseId: false when the ID was `<ms>-*` (XADD only). */
let seqGiven = true;

/**
 * streamGenericParseIDOrReply: `-`, `+` (unless strict), `<ms>` (the
 * sequence then `missingSeq`), `<ms>-<seq>`, and `<ms>-*` when allowed.
 * Replies the error and returns null when invalid (quiet: no reply).
 */
function parseId(c: Client | null, s: string, missingSeq: U64, strict: boolean, seqStar = false): StreamId | null {
  seqGiven = true;
  if (s.length <= 127) {
    if (s === '-' || s === '+') {
      if (!strict) return s === '-' ? ZERO_ID : MAX_ID;
    } else {
      const dash = s.indexOf('-');
      const ms = parseU64(dash < 0 ? s : s.slice(0, dash));
      if (ms !== null) {
        if (dash < 0) return new StreamId(ms, missingSeq);
        const rest = s.slice(dash + 1);
        if (seqStar && rest === '*') {
          seqGiven = false;
          return new StreamId(ms, 0);
        }
        const seq = parseU64(rest);
        if (seq !== null) return new StreamId(ms, seq);
      }
    }
  }
  c?.error(ERR_INVALID_ID);
  return null;
}

function strictId(c: Client, s: string): StreamId | null {
  return parseId(c, s, 0, true);
}

/** streamParseIntervalIDOrReply, then the exclusive bound moved inwards: a range's start. */
function rangeStart(c: Client, s: string): StreamId | null {
  const excl = s.length > 1 && s.charCodeAt(0) === 40;
  const id = excl ? parseId(c, s.slice(1), 0, true) : parseId(c, s, 0, false);
  if (id === null || !excl) return id;
  const next = id.next();
  if (next === null) c.error('ERR invalid start ID for the interval');
  return next;
}

function rangeEnd(c: Client, s: string): StreamId | null {
  const excl = s.length > 1 && s.charCodeAt(0) === 40;
  const id = excl ? parseId(c, s.slice(1), U64_MAX, true) : parseId(c, s, U64_MAX, false);
  if (id === null || !excl) return id;
  const prev = id.prev();
  if (prev === null) c.error('ERR invalid end ID for the interval');
  return prev;
}

/** getLongLongFromObjectOrReply: a long long (past 2^53 only order is kept), or null after replying. */
function longLong(c: Client, s: string, msg = ERR_NOT_INTEGER): number | null {
  const v = parseInt64(s);
  if (v === null) {
    c.error(msg);
    return null;
  }
  return Number(v);
}

// ---- replies ----

function replyEntry(c: Client, id: StreamId, fv: readonly string[]): void {
  c.array(2);
  c.bulk(id.toString());
  c.array(fv.length);
  for (let i = 0; i < fv.length; i++) c.bulk(fv[i]);
}

/** Entries picked for a reply: its length comes before them. */
class Entries {
  readonly ids: StreamId[] = [];
  readonly fvs: string[][] = [];
}

/** Live entries from start to end (inclusive), at most count (0: all), in order or reversed. */
function collect(s: StreamValue, start: StreamId, end: StreamId, count: number, rev: boolean): Entries {
  const out = new Entries();
  const cur = new StreamCursor(s, start, end, rev);
  while ((count === 0 || out.ids.length < count) && cur.next()) {
    out.ids.push(cur.id);
    out.fvs.push(cur.fv);
  }
  return out;
}

function replyRange(c: Client, s: StreamValue, start: StreamId, end: StreamId, count: number, rev: boolean): void {
  const got = collect(s, start, end, count, rev);
  c.array(got.ids.length);
  for (let i = 0; i < got.ids.length; i++) replyEntry(c, got.ids[i], got.fvs[i]);
}

function notify(c: Client, event: string, key: string): void {
  c.server.notify.emit(EV.stream, event, key, c.db.id);
}

function readStream(c: Client, key: string): StreamValue | undefined | null {
  return readAs<StreamValue>(c, key, STREAM);
}

function writeStream(c: Client, key: string): StreamValue | undefined | null {
  return writeAs<StreamValue>(c, key, STREAM);
}

// ---- XADD and XTRIM ----

interface AddTrimArgs extends TrimArgs {
  /** Where the ID is in XADD's argv. */
  idPos: number;
  id: StreamId | null;
  seqGiven: boolean;
  noMkstream: boolean;
}

const ERR_MAXLEN_MINID = 'ERR syntax error, MAXLEN and MINID options at the same time are not compatible';

/** streamParseAddOrTrimArgsOrReply. */
function parseAddTrim(c: Client, argv: string[], xadd: boolean): AddTrimArgs | null {
  const a: AddTrimArgs = { strategy: 0, maxlen: 0, minid: ZERO_ID, approx: false, limit: 0, idPos: 0, id: null, seqGiven: true, noMkstream: false };
  let limitGiven = false;
  let i = 2;
  for (; i < argv.length; i++) {
    const more = argv.length - 1 - i;
    const opt = argv[i];
    if (xadd && opt === '*') break;
    const lower = opt.toLowerCase();
    if ((lower === 'maxlen' || lower === 'minid') && more) {
      if (a.strategy !== 0) {
        c.error(ERR_MAXLEN_MINID);
        return null;
      }
      a.approx = false;
      const next = argv[i + 1];
      if (more >= 2 && (next === '~' || next === '=')) {
        a.approx = next === '~';
        i++;
      }
      if (lower === 'maxlen') {
        const n = longLong(c, argv[i + 1]);
        if (n === null) return null;
        if (n < 0) {
          c.error('ERR The MAXLEN argument must be >= 0.');
          return null;
        }
        a.maxlen = n;
        a.strategy = TRIM_MAXLEN;
      } else {
        const id = strictId(c, argv[i + 1]);
        if (id === null) return null;
        a.minid = id;
        a.strategy = TRIM_MINID;
      }
      i++;
    } else if (lower === 'limit' && more) {
      const n = longLong(c, argv[i + 1]);
      if (n === null) return null;
      if (n < 0) {
        c.error('ERR The LIMIT argument must be >= 0.');
        return null;
      }
      a.limit = n;
      limitGiven = true;
      i++;
    } else if (xadd && lower === 'nomkstream') {
      a.noMkstream = true;
    } else if (xadd) {
      const id = parseId(c, opt, 0, true, true);
      if (id === null) return null;
      a.id = id;
      a.seqGiven = seqGiven;
      break;
    } else {
      c.error(ERR_SYNTAX);
      return null;
    }
  }
  if (a.limit !== 0 && a.strategy === 0) {
    c.error('ERR syntax error, LIMIT cannot be used without specifying a trimming strategy');
    return null;
  }
  if (!xadd && a.strategy === 0) {
    c.error('ERR syntax error, XTRIM must be called with a trimming strategy');
    return null;
  }
  if (limitGiven) {
    if (!a.approx) {
      c.error('ERR syntax error, LIMIT cannot be used without the special ~ option');
      return null;
    }
  } else if (a.approx) {
    // At most 100 nodes' worth of work per call, bounded both ways.
    const limit = 100 * limits.streamNodeEntries;
    a.limit = limit <= 0 ? 10000 : limit > 1000000 ? 1000000 : limit;
  } else {
    a.limit = 0;
  }
  a.idPos = i;
  return a;
}

function xadd(c: Client, argv: string[]): void {
  const a = parseAddTrim(c, argv, true);
  if (a === null) return;
  const fieldPos = a.idPos + 1;
  const nfv = argv.length - fieldPos;
  if (nfv < 2 || nfv % 2 === 1) return c.error("ERR wrong number of arguments for 'xadd' command");
  if (a.id !== null && a.seqGiven && a.id.isZero()) return c.error('ERR The ID specified in XADD must be greater than 0-0');
  const key = argv[1];
  let s = writeStream(c, key);
  if (s === null) return;
  if (s === undefined) {
    if (a.noMkstream) return c.nullBulk();
    s = new StreamValue();
    c.db.set(key, s);
  }
  const last = s.lastId;
  if (last.ms === U64_MAX && last.seq === U64_MAX) return c.error('ERR The stream has exhausted the last possible ID, unable to add more items');
  let id: StreamId | null;
  if (a.id === null) id = s.nextId(Date.now());
  else if (a.seqGiven || last.ms !== a.id.ms) id = a.id;
  // `<ms>-*` on the last ID's ms: its sequence + 1, unless that would wrap.
  else id = last.seq === U64_MAX ? null : last.next();
  if (id === null || compareIds(id, last) <= 0) return c.error('ERR The ID specified in XADD is equal or smaller than the target stream top item');
  let total = 0;
  for (let i = fieldPos; i < argv.length; i++) total += argv[i].length;
  if (total > LISTPACK_MAX_SIZE) return c.error('ERR Elements are too large to be stored');
  s.append(id, argv.slice(fieldPos), total);
  c.bulk(id.toString());
  notify(c, 'xadd', key);
  c.server.dirty++;
  if (a.strategy !== 0 && s.trim(a) !== 0) notify(c, 'xtrim', key);
  signalKeyReady(c.db, key);
}

function xtrim(c: Client, argv: string[]): void {
  const a = parseAddTrim(c, argv, false);
  if (a === null) return;
  const s = writeStream(c, argv[1]);
  if (s === null) return;
  if (s === undefined) return c.int(0);
  const deleted = s.trim(a);
  if (deleted !== 0) {
    notify(c, 'xtrim', argv[1]);
    c.server.dirty += deleted;
  }
  c.int(deleted);
}

function xdel(c: Client, argv: string[]): void {
  const s = writeStream(c, argv[1]);
  if (s === null) return;
  if (s === undefined) return c.int(0);
  const ids: StreamId[] = [];
  for (let j = 2; j < argv.length; j++) {
    const id = strictId(c, argv[j]);
    if (id === null) return;
    ids.push(id);
  }
  let deleted = 0;
  let first = false;
  for (const id of ids) {
    if (!s.delete(id)) continue;
    if (compareIds(id, s.firstId) === 0) first = true;
    if (compareIds(id, s.maxDeletedId) > 0) s.maxDeletedId = id;
    deleted++;
  }
  if (deleted !== 0) {
    if (s.length === 0) s.firstId = ZERO_ID;
    else if (first) s.firstId = s.edgeId(true) as StreamId;
    notify(c, 'xdel', argv[1]);
    c.server.dirty += deleted;
  }
  c.int(deleted);
}

// ---- reads ----

function xrange(c: Client, argv: string[], rev: boolean): void {
  const start = rangeStart(c, argv[rev ? 3 : 2]);
  if (start === null) return;
  const end = rangeEnd(c, argv[rev ? 2 : 3]);
  if (end === null) return;
  let count = -1;
  for (let j = 4; j < argv.length; j++) {
    if (argv[j].toLowerCase() === 'count' && j + 1 < argv.length) {
      const n = longLong(c, argv[++j]);
      if (n === null) return;
      count = n < 0 ? 0 : n;
    } else {
      return c.error(ERR_SYNTAX);
    }
  }
  const s = readStream(c, argv[1]);
  if (s === null) return;
  if (s === undefined) return c.array(0);
  if (count === 0) return c.nullArray();
  replyRange(c, s, start, end, count === -1 ? 0 : count, rev);
}

function xlen(c: Client, argv: string[]): void {
  const s = readStream(c, argv[1]);
  if (s === null) return;
  c.int(s === undefined ? 0 : s.length);
}

/** A consumer by name, created (with its event) when missing; its seen-time is now. */
function consumerFor(c: Client, g: Group, name: string, key: string, now: number): Consumer {
  let cons = g.consumers.get(name);
  if (cons === undefined) {
    cons = createConsumer(c, g, name, key, now);
  }
  cons.seenTime = now;
  return cons;
}

function createConsumer(c: Client, g: Group, name: string, key: string, now: number): Consumer {
  const cons = new Consumer(name, now);
  g.consumers.set(name, cons);
  c.server.dirty++;
  notify(c, 'xgroup-createconsumer', key);
  return cons;
}

/** New entries after `after` for a group: delivered, recorded in the PELs unless NOACK. */
function deliver(c: Client, s: StreamValue, g: Group, cons: Consumer, after: StreamId, count: number, noack: boolean, now: number): void {
  const start = after.next();
  const got = start === null ? new Entries() : collect(s, start, MAX_ID, count, false);
  c.array(got.ids.length);
  for (let i = 0; i < got.ids.length; i++) {
    const id = got.ids[i];
    s.advanceGroup(g, id);
    replyEntry(c, id, got.fvs[i]);
    if (noack) continue;
    const nack = g.pel.find(id);
    if (nack === undefined) {
      const created = new Nack(id, now, 1, cons);
      g.pel.insert(created);
      cons.pel.insert(created);
    } else {
      // Delivered before (XGROUP SETID moved the group back): the entry changes hands.
      nack.consumer?.pel.remove(id);
      nack.consumer = cons;
      nack.deliveryTime = now;
      nack.deliveryCount = 1;
      cons.pel.insert(nack);
    }
    cons.activeTime = now;
  }
  if (got.ids.length !== 0) c.server.dirty++;
}

/** A consumer's own pending entries from `from` on (history): entries gone from the stream come with null fields. */
function deliverHistory(c: Client, s: StreamValue, cons: Consumer, from: StreamId, count: number, now: number): void {
  const nacks = cons.pel.from(from, count);
  c.array(nacks.length);
  for (const nack of nacks) {
    const fv = s.get(nack.id);
    if (fv === undefined) {
      c.array(2);
      c.bulk(nack.id.toString());
      c.nullArray();
      continue;
    }
    replyEntry(c, nack.id, fv);
    nack.deliveryTime = now;
    nack.deliveryCount++;
  }
}

const ERR_GROUP_ONLY = (opt: string): string => `ERR The ${opt} option is only supported by XREADGROUP. You called XREAD instead.`;

/** XREAD and XREADGROUP (xreadCommand). */
function xread(c: Client, argv: string[], grouped: boolean): void {
  let deadline = -1;
  let count = 0;
  let streamsAt = 0;
  let nstreams = 0;
  let noack = false;
  let groupName: string | null = null;
  let consumerName = '';
  for (let i = 1; i < argv.length; i++) {
    const more = argv.length - i - 1;
    const o = argv[i].toLowerCase();
    if (o === 'block' && more) {
      // Scripts may not even ask to block here (MULTI may: it just does not block).
      if (c.script) return c.error(`ERR ${argv[0]} command is not allowed with BLOCK option from scripts`);
      const d = parseTimeoutMs(c, argv[++i]);
      if (d === null) return;
      deadline = d;
    } else if (o === 'count' && more) {
      const n = longLong(c, argv[++i]);
      if (n === null) return;
      count = n < 0 ? 0 : n;
    } else if (o === 'streams' && more) {
      streamsAt = i + 1;
      nstreams = argv.length - streamsAt;
      if (nstreams % 2 !== 0) {
        const name = grouped ? 'xreadgroup' : 'xread';
        return c.error(`ERR Unbalanced '${name}' list of streams: for each stream key an ID or '${grouped ? '>' : '$'}' must be specified.`);
      }
      nstreams /= 2;
      break;
    } else if (o === 'group' && more >= 2) {
      if (!grouped) return c.error(ERR_GROUP_ONLY('GROUP'));
      groupName = argv[i + 1];
      consumerName = argv[i + 2];
      i += 2;
    } else if (o === 'noack') {
      if (!grouped) return c.error(ERR_GROUP_ONLY('NOACK'));
      noack = true;
    } else {
      return c.error(ERR_SYNTAX);
    }
  }
  if (streamsAt === 0) return c.error(ERR_SYNTAX);
  if (grouped && groupName === null) return c.error('ERR Missing GROUP option for XREADGROUP');
  // After each key's ID: null stands for `>`.
  const ids: (StreamId | null)[] = new Array(nstreams);
  const groups: Group[] = [];
  for (let k = 0; k < nstreams; k++) {
    const key = argv[streamsAt + k];
    const idArg = argv[streamsAt + nstreams + k];
    const sv = readStream(c, key);
    if (sv === null) return;
    if (groupName !== null) {
      const g = sv?.group(groupName);
      if (g === undefined) return c.error(`NOGROUP No such key '${key}' or consumer group '${groupName}' in XREADGROUP with GROUP option`);
      groups.push(g);
    }
    if (idArg === '$') {
      if (grouped) {
        return c.error(
          'ERR The $ ID is meaningless in the context of XREADGROUP: you want to read the history of this consumer by specifying a proper ID, or use the > ID to get new messages. The $ ID would just return an empty result set.',
        );
      }
      ids[k] = sv === undefined ? ZERO_ID : sv.lastId;
    } else if (idArg === '>') {
      if (!grouped) return c.error('ERR The > ID can be specified only when calling XREADGROUP using the GROUP <group> <consumer> option.');
      ids[k] = null;
    } else {
      const id = strictId(c, idArg);
      if (id === null) return;
      // The last possible ID is how Redis marks `>`: given explicitly, it means the same.
      ids[k] = grouped && compareIds(id, MAX_ID) === 0 ? null : id;
    }
  }
  const now = Date.now();
  // Which streams are served now, decided first: the reply's length comes before them.
  const served: boolean[] = new Array(nstreams);
  const consumers: Consumer[] = new Array(nstreams);
  let nserved = 0;
  for (let k = 0; k < nstreams; k++) {
    const key = argv[streamsAt + k];
    // Looked up again, as Redis does (a second keyspace hit or miss).
    const s = c.db.lookupRead(key) as StreamValue | undefined;
    served[k] = false;
    if (s === undefined) continue;
    const id = ids[k];
    if (groupName !== null) {
      const g = groups[k];
      if (id !== null) served[k] = true;
      else if (s.length !== 0 && compareIds(s.edgeId(false) as StreamId, g.lastId) > 0) served[k] = true;
      consumers[k] = consumerFor(c, g, consumerName, key, now);
    } else if (s.length !== 0 && compareIds(s.edgeId(false) as StreamId, id as StreamId) > 0) {
      served[k] = true;
    }
    if (served[k]) nserved++;
  }
  if (nserved !== 0) {
    if (c.proto === 2) c.array(nserved);
    else c.map(nserved);
    for (let k = 0; k < nstreams; k++) {
      if (!served[k]) continue;
      const key = argv[streamsAt + k];
      const s = c.db.peek(key) as StreamValue;
      if (c.proto === 2) c.array(2);
      c.bulk(key);
      const id = ids[k];
      if (groupName === null) {
        const start = (id as StreamId).next();
        if (start === null) c.array(0);
        else replyRange(c, s, start, MAX_ID, count, false);
      } else if (id !== null) {
        // Entries after the ID given, as for new ones.
        const from = id.next();
        if (from === null) c.array(0);
        else deliverHistory(c, s, consumers[k], from, count, now);
      } else {
        deliver(c, s, groups[k], consumers[k], groups[k].lastId, count, noack, now);
      }
    }
    return;
  }
  if (deadline === -1 || !mayBlock(c)) return c.nullArray();
  // `$` becomes the ID it stood for, so that new entries are what wakes this client.
  for (let k = 0; k < nstreams; k++) {
    const at = streamsAt + nstreams + k;
    if (argv[at] === '$') argv[at] = (ids[k] as StreamId).toString();
  }
  blockOnKeys(c, argv, argv.slice(streamsAt, streamsAt + nstreams), STREAM, deadline, grouped);
}

// ---- consumer groups ----

function noGroup(c: Client, key: string, group: string): void {
  c.error(`NOGROUP No such key '${key}' or consumer group '${group}'`);
}

/** The stream and group of XACK, XCLAIM...: undefined after NOGROUP or WRONGTYPE. */
function streamAndGroup(c: Client, key: string, group: string): [StreamValue, Group] | undefined {
  const s = readStream(c, key);
  if (s === null) return undefined;
  const g = s?.group(group);
  if (s === undefined || g === undefined) {
    noGroup(c, key, group);
    return undefined;
  }
  return [s, g];
}

function xack(c: Client, argv: string[]): void {
  const s = readStream(c, argv[1]);
  if (s === null) return;
  const g = s?.group(argv[2]);
  if (g === undefined) return c.int(0);
  const ids: StreamId[] = [];
  for (let j = 3; j < argv.length; j++) {
    const id = strictId(c, argv[j]);
    if (id === null) return;
    ids.push(id);
  }
  let acked = 0;
  for (const id of ids) {
    const nack = g.pel.find(id);
    if (nack === undefined) continue;
    g.ack(nack);
    acked++;
  }
  c.server.dirty += acked;
  c.int(acked);
}

function xpending(c: Client, argv: string[]): void {
  const argc = argv.length;
  if (argc !== 3 && (argc < 6 || argc > 9)) return c.error(ERR_SYNTAX);
  let start = ZERO_ID;
  let end = MAX_ID;
  let count = 0;
  let minIdle = 0;
  let consumerName: string | null = null;
  if (argc >= 6) {
    let at = 3;
    if (argv[3].toLowerCase() === 'idle') {
      const n = longLong(c, argv[4]);
      if (n === null) return;
      minIdle = n;
      if (argc < 8) return c.error(ERR_SYNTAX);
      at += 2;
    }
    const n = longLong(c, argv[at + 2]);
    if (n === null) return;
    count = n < 0 ? 0 : n;
    const st = rangeStart(c, argv[at]);
    if (st === null) return;
    const en = rangeEnd(c, argv[at + 1]);
    if (en === null) return;
    start = st;
    end = en;
    if (at + 3 < argc) consumerName = argv[at + 3];
  }
  const sg = streamAndGroup(c, argv[1], argv[2]);
  if (sg === undefined) return;
  const g = sg[1];
  if (argc === 3) {
    c.array(4);
    c.int(g.pel.size);
    if (g.pel.size === 0) {
      c.nullBulk();
      c.nullBulk();
      c.nullArray();
      return;
    }
    c.bulk((g.pel.first() as Nack).id.toString());
    c.bulk((g.pel.last() as Nack).id.toString());
    const consumers = g.sortedConsumers();
    let owners = 0;
    for (const o of consumers) if (o.pel.size !== 0) owners++;
    c.array(owners);
    for (const o of consumers) {
      if (o.pel.size === 0) continue;
      c.array(2);
      c.bulk(o.name);
      c.bulk(String(o.pel.size));
    }
    return;
  }
  let pel = g.pel;
  if (consumerName !== null) {
    const cons = g.consumers.get(consumerName);
    if (cons === undefined) return c.array(0);
    pel = cons.pel;
  }
  const now = Date.now();
  const out: Nack[] = [];
  for (let nack = pel.ceiling(start); count > 0 && nack !== undefined; nack = pel.after(nack.id)) {
    if (compareIds(nack.id, end) > 0) break;
    if (minIdle !== 0 && now - nack.deliveryTime < minIdle) continue;
    out.push(nack);
    count--;
  }
  c.array(out.length);
  for (const nack of out) {
    c.array(4);
    c.bulk(nack.id.toString());
    c.bulk((nack.consumer as Consumer).name);
    c.int(Math.max(0, now - nack.deliveryTime));
    c.int(nack.deliveryCount);
  }
}

/** Hands a pending entry to `cons`, stamped `time`; the count grows unless JUSTID or set. */
function claim(nack: Nack, cons: Consumer, time: number, retryCount: number, justId: boolean, now: number): void {
  if (nack.consumer !== cons) nack.consumer?.pel.remove(nack.id);
  nack.deliveryTime = time;
  if (retryCount >= 0) nack.deliveryCount = retryCount;
  else if (!justId) nack.deliveryCount++;
  if (nack.consumer !== cons) {
    cons.pel.insert(nack);
    nack.consumer = cons;
  }
  cons.activeTime = now;
}

function replyClaimed(c: Client, s: StreamValue, id: StreamId, justId: boolean): void {
  if (justId) c.bulk(id.toString());
  else replyEntry(c, id, s.get(id) as string[]);
}

function xclaim(c: Client, argv: string[]): void {
  const sg = streamAndGroup(c, argv[1], argv[2]);
  if (sg === undefined) return;
  const [s, g] = sg;
  let minIdle = longLong(c, argv[4], 'ERR Invalid min-idle-time argument for XCLAIM');
  if (minIdle === null) return;
  if (minIdle < 0) minIdle = 0;
  const ids: StreamId[] = [];
  let j = 5;
  for (; j < argv.length; j++) {
    const id = parseId(null, argv[j], 0, true);
    if (id === null) break;
    ids.push(id);
  }
  const now = Date.now();
  let deliveryTime = -1;
  let retryCount = -1;
  let force = false;
  let justId = false;
  let lastId = ZERO_ID;
  for (; j < argv.length; j++) {
    const more = argv.length - 1 - j;
    const opt = argv[j].toLowerCase();
    if (opt === 'force') {
      force = true;
    } else if (opt === 'justid') {
      justId = true;
    } else if (opt === 'idle' && more) {
      const n = longLong(c, argv[++j], 'ERR Invalid IDLE option argument for XCLAIM');
      if (n === null) return;
      deliveryTime = now - n;
    } else if (opt === 'time' && more) {
      const n = longLong(c, argv[++j], 'ERR Invalid TIME option argument for XCLAIM');
      if (n === null) return;
      deliveryTime = n;
    } else if (opt === 'retrycount' && more) {
      const n = longLong(c, argv[++j], 'ERR Invalid RETRYCOUNT option argument for XCLAIM');
      if (n === null) return;
      retryCount = n;
    } else if (opt === 'lastid' && more) {
      const id = strictId(c, argv[++j]);
      if (id === null) return;
      lastId = id;
    } else {
      return c.error(`ERR Unrecognized XCLAIM option '${argv[j]}'`);
    }
  }
  if (compareIds(lastId, g.lastId) > 0) {
    g.lastId = lastId;
    c.server.dirty++;
  }
  // A time in the future or before 1970 means now: a client's clock may be a little off.
  if (deliveryTime < 0 || deliveryTime > now) deliveryTime = now;
  const cons = consumerFor(c, g, argv[3], argv[1], now);
  const claimed: StreamId[] = [];
  for (const id of ids) {
    let nack = g.pel.find(id);
    if (s.get(id) === undefined) {
      // Gone from the stream: dropped from the PEL too.
      if (nack !== undefined) {
        g.ack(nack);
        c.server.dirty++;
      }
      continue;
    }
    if (force && nack === undefined) {
      nack = new Nack(id, now, 1, null);
      g.pel.insert(nack);
    }
    if (nack === undefined) continue;
    if (nack.consumer !== null && minIdle !== 0 && now - nack.deliveryTime < minIdle) continue;
    claim(nack, cons, deliveryTime, retryCount, justId, now);
    claimed.push(id);
    c.server.dirty++;
  }
  c.array(claimed.length);
  for (const id of claimed) replyClaimed(c, s, id, justId);
}

/** Attempts XAUTOCLAIM makes per entry it may claim. */
const ATTEMPTS_FACTOR = 10;
const AUTOCLAIM_COUNT_MAX = Math.floor(LLONG_MAX / 16);

function xautoclaim(c: Client, argv: string[]): void {
  let minIdle = longLong(c, argv[4], 'ERR Invalid min-idle-time argument for XAUTOCLAIM');
  if (minIdle === null) return;
  if (minIdle < 0) minIdle = 0;
  const start = rangeStart(c, argv[5]);
  if (start === null) return;
  let count = 100;
  let justId = false;
  for (let j = 6; j < argv.length; j++) {
    const opt = argv[j].toLowerCase();
    if (opt === 'count' && j + 1 < argv.length) {
      const n = parseInt64(argv[++j]);
      if (n === null || n < 1 || n > AUTOCLAIM_COUNT_MAX) return c.error('ERR COUNT must be > 0');
      count = Number(n);
    } else if (opt === 'justid') {
      justId = true;
    } else {
      return c.error(ERR_SYNTAX);
    }
  }
  const sg = streamAndGroup(c, argv[1], argv[2]);
  if (sg === undefined) return;
  const [s, g] = sg;
  const now = Date.now();
  const cons = consumerFor(c, g, argv[3], argv[1], now);
  let attempts = count * ATTEMPTS_FACTOR;
  const claimed: StreamId[] = [];
  const deleted: StreamId[] = [];
  // `next` is always the entry after the last one looked at: the cursor of the reply.
  let next = g.pel.ceiling(start);
  while (attempts-- > 0 && count > 0 && next !== undefined) {
    const nack = next;
    if (s.get(nack.id) === undefined) {
      g.ack(nack);
      deleted.push(nack.id);
      count--;
      c.server.dirty++;
      next = g.pel.ceiling(nack.id);
      continue;
    }
    next = g.pel.after(nack.id);
    if (minIdle !== 0 && now - nack.deliveryTime < minIdle) continue;
    claim(nack, cons, now, -1, justId, now);
    claimed.push(nack.id);
    count--;
    c.server.dirty++;
  }
  c.array(3);
  c.bulk((next === undefined ? ZERO_ID : next.id).toString());
  c.array(claimed.length);
  for (const id of claimed) replyClaimed(c, s, id, justId);
  c.array(deleted.length);
  for (const id of deleted) c.bulk(id.toString());
}

// ---- XGROUP ----

function subcommandSyntax(c: Client, argv: string[]): void {
  c.error(`ERR unknown subcommand or wrong number of arguments for '${argv[1].slice(0, 128)}'. Try ${argv[0].toUpperCase()} HELP.`);
}

interface GroupArgs {
  s: StreamValue | undefined;
  g: Group | undefined;
  mkstream: boolean;
  entriesRead: number;
}

/** What every XGROUP subcommand but HELP parses and checks first (xgroupCommand). */
function groupArgs(c: Client, argv: string[], needGroup: boolean): GroupArgs | null {
  const sub = argv[1].toLowerCase();
  const a: GroupArgs = { s: undefined, g: undefined, mkstream: false, entriesRead: INVALID_ENTRIES_READ };
  for (let i = 5; i < argv.length; ) {
    const opt = argv[i].toLowerCase();
    if (sub === 'create' && opt === 'mkstream') {
      a.mkstream = true;
      i++;
    } else if ((sub === 'create' || sub === 'setid') && opt === 'entriesread' && i + 1 < argv.length) {
      const n = longLong(c, argv[i + 1]);
      if (n === null) return null;
      if (n < 0 && n !== INVALID_ENTRIES_READ) {
        c.error('ERR value for ENTRIESREAD must be positive or -1');
        return null;
      }
      a.entriesRead = n;
      i += 2;
    } else {
      subcommandSyntax(c, argv);
      return null;
    }
  }
  const s = writeStream(c, argv[2]);
  if (s === null) return null;
  a.s = s;
  if (!a.mkstream) {
    if (s === undefined) {
      c.error(
        'ERR The XGROUP subcommand requires the key to exist. Note that for CREATE you may want to use the MKSTREAM option to create an empty stream automatically.',
      );
      return null;
    }
    a.g = s.group(argv[3]);
    if (a.g === undefined && needGroup) {
      c.error(`NOGROUP No such consumer group '${argv[3]}' for key name '${argv[2]}'`);
      return null;
    }
  }
  return a;
}

function xgroupCreate(c: Client, argv: string[]): void {
  const a = groupArgs(c, argv, false);
  if (a === null) return;
  if (argv.length > 8) return subcommandSyntax(c, argv);
  let id: StreamId | null;
  if (argv[4] === '$') id = a.s === undefined ? ZERO_ID : a.s.lastId;
  else id = strictId(c, argv[4]);
  if (id === null) return;
  let s = a.s;
  if (s === undefined) {
    s = new StreamValue();
    c.db.set(argv[2], s);
  }
  if (s.groups === null) s.groups = new Map();
  if (s.groups.has(argv[3])) return c.error('BUSYGROUP Consumer Group name already exists');
  s.groups.set(argv[3], new Group(argv[3], id, a.entriesRead));
  c.ok();
  c.server.dirty++;
  notify(c, 'xgroup-create', argv[2]);
}

function xgroupSetid(c: Client, argv: string[]): void {
  const a = groupArgs(c, argv, true);
  if (a === null) return;
  if (argv.length !== 5 && argv.length !== 7) return subcommandSyntax(c, argv);
  const s = a.s as StreamValue;
  const id = argv[4] === '$' ? s.lastId : parseId(c, argv[4], 0, false);
  if (id === null) return;
  const g = a.g as Group;
  g.lastId = id;
  g.entriesRead = a.entriesRead;
  c.ok();
  c.server.dirty++;
  notify(c, 'xgroup-setid', argv[2]);
}

function xgroupDestroy(c: Client, argv: string[]): void {
  const a = groupArgs(c, argv, false);
  if (a === null) return;
  if (a.g === undefined) return c.int(0);
  (a.s as StreamValue).groups?.delete(argv[3]);
  c.int(1);
  c.server.dirty++;
  notify(c, 'xgroup-destroy', argv[2]);
  // Consumers blocked on the group get NOGROUP.
  signalKeyReady(c.db, argv[2]);
}

function xgroupCreateConsumer(c: Client, argv: string[]): void {
  const a = groupArgs(c, argv, true);
  if (a === null) return;
  const g = a.g as Group;
  if (g.consumers.has(argv[4])) return c.int(0);
  createConsumer(c, g, argv[4], argv[2], Date.now());
  c.int(1);
}

function xgroupDelConsumer(c: Client, argv: string[]): void {
  const a = groupArgs(c, argv, true);
  if (a === null) return;
  const g = a.g as Group;
  const cons = g.consumers.get(argv[4]);
  if (cons === undefined) return c.int(0);
  const pending = cons.pel.size;
  for (const nack of cons.pel.all()) g.pel.remove(nack.id);
  g.consumers.delete(argv[4]);
  c.server.dirty++;
  notify(c, 'xgroup-delconsumer', argv[2]);
  c.int(pending);
}

const XGROUP_HELP = [
  'CREATE <key> <groupname> <id|$> [option]',
  '    Create a new consumer group. Options are:',
  '    * MKSTREAM',
  '      Create the empty stream if it does not exist.',
  '    * ENTRIESREAD entries_read',
  "      Set the group's entries_read counter (internal use).",
  'CREATECONSUMER <key> <groupname> <consumer>',
  '    Create a new consumer in the specified group.',
  'DELCONSUMER <key> <groupname> <consumer>',
  '    Remove the specified consumer.',
  'DESTROY <key> <groupname>',
  '    Remove the specified group.',
  'SETID <key> <groupname> <id|$> [ENTRIESREAD entries_read]',
  '    Set the current group ID and entries_read counter.',
];

// ---- XSETID ----

function xsetid(c: Client, argv: string[]): void {
  const id = strictId(c, argv[2]);
  if (id === null) return;
  let entriesAdded = -1;
  let maxDeleted = ZERO_ID;
  for (let i = 3; i < argv.length; i += 2) {
    const more = argv.length - 1 - i;
    const opt = argv[i].toLowerCase();
    if (opt === 'entriesadded' && more) {
      const n = longLong(c, argv[i + 1]);
      if (n === null) return;
      if (n < 0) return c.error('ERR entries_added must be positive');
      entriesAdded = n;
    } else if (opt === 'maxdeletedid' && more) {
      const m = strictId(c, argv[i + 1]);
      if (m === null) return;
      if (compareIds(id, m) < 0) return c.error('ERR The ID specified in XSETID is smaller than the provided max_deleted_entry_id');
      maxDeleted = m;
    } else {
      return c.error(ERR_SYNTAX);
    }
  }
  const s = writeStream(c, argv[1]);
  if (s === null) return;
  if (s === undefined) return c.error(ERR_NO_KEY);
  if (compareIds(id, s.maxDeletedId) < 0) return c.error('ERR The ID specified in XSETID is smaller than current max_deleted_entry_id');
  if (s.length > 0) {
    if (compareIds(id, s.edgeId(false) as StreamId) < 0) return c.error('ERR The ID specified in XSETID is smaller than the target stream top item');
    if (entriesAdded !== -1 && s.length > entriesAdded) {
      return c.error('ERR The entries_added specified in XSETID is smaller than the target stream length');
    }
  }
  s.lastId = id;
  if (entriesAdded !== -1) s.entriesAdded = entriesAdded;
  if (!maxDeleted.isZero()) s.maxDeletedId = maxDeleted;
  c.ok();
  c.server.dirty++;
  notify(c, 'xsetid', argv[1]);
}

// ---- XINFO ----

function streamForInfo(c: Client, key: string): StreamValue | null {
  const s = readStream(c, key);
  if (s === null) return null;
  if (s === undefined) {
    c.error(ERR_NO_KEY);
    return null;
  }
  return s;
}

function replyLag(c: Client, s: StreamValue, g: Group): void {
  const lag = s.lag(g);
  if (lag === null) c.nullBulk();
  else c.int(lag);
}

function replyEntriesRead(c: Client, g: Group): void {
  if (g.entriesRead === INVALID_ENTRIES_READ) c.nullBulk();
  else c.int(g.entriesRead);
}

/** XINFO STREAM FULL's pending lists: the first `count` (0: all) entries, with their owner in the group's. */
function replyNacks(c: Client, pel: Pel, count: number, withOwner: boolean): void {
  const nacks = pel.from(ZERO_ID, count);
  c.array(nacks.length);
  for (const nack of nacks) {
    c.array(withOwner ? 4 : 3);
    c.bulk(nack.id.toString());
    if (withOwner) c.bulk((nack.consumer as Consumer).name);
    c.int(nack.deliveryTime);
    c.int(nack.deliveryCount);
  }
}

function xinfoStream(c: Client, argv: string[]): void {
  const opts = argv.length - 3;
  let full = false;
  let count = 10;
  if (opts !== 0) {
    if ((opts !== 1 && opts !== 3) || argv[3].toLowerCase() !== 'full' || (opts === 3 && argv[4].toLowerCase() !== 'count')) {
      return subcommandSyntax(c, argv);
    }
    full = true;
    if (opts === 3) {
      const n = longLong(c, argv[5]);
      if (n === null) return;
      count = n < 0 ? 10 : n;
    }
  }
  const s = streamForInfo(c, argv[2]);
  if (s === null) return;
  c.map(full ? 9 : 10);
  c.bulk('length');
  c.int(s.length);
  c.bulk('radix-tree-keys');
  c.int(s.nodes.length);
  c.bulk('radix-tree-nodes');
  c.int(s.radixNodes());
  c.bulk('last-generated-id');
  c.bulk(s.lastId.toString());
  c.bulk('max-deleted-entry-id');
  c.bulk(s.maxDeletedId.toString());
  c.bulk('entries-added');
  c.int(s.entriesAdded);
  c.bulk('recorded-first-entry-id');
  c.bulk(s.firstId.toString());
  const groups = s.sortedGroups();
  if (!full) {
    c.bulk('groups');
    c.int(groups.length);
    for (const [name, rev] of [['first-entry', false], ['last-entry', true]] as const) {
      c.bulk(name);
      const got = collect(s, ZERO_ID, MAX_ID, 1, rev);
      if (got.ids.length === 0) c.nullBulk();
      else replyEntry(c, got.ids[0], got.fvs[0]);
    }
    return;
  }
  c.bulk('entries');
  replyRange(c, s, ZERO_ID, MAX_ID, count, false);
  c.bulk('groups');
  c.array(groups.length);
  for (const g of groups) {
    c.map(7);
    c.bulk('name');
    c.bulk(g.name);
    c.bulk('last-delivered-id');
    c.bulk(g.lastId.toString());
    c.bulk('entries-read');
    replyEntriesRead(c, g);
    c.bulk('lag');
    replyLag(c, s, g);
    c.bulk('pel-count');
    c.int(g.pel.size);
    c.bulk('pending');
    replyNacks(c, g.pel, count, true);
    const consumers = g.sortedConsumers();
    c.bulk('consumers');
    c.array(consumers.length);
    for (const cons of consumers) {
      c.map(5);
      c.bulk('name');
      c.bulk(cons.name);
      c.bulk('seen-time');
      c.int(cons.seenTime);
      c.bulk('active-time');
      c.int(cons.activeTime);
      c.bulk('pel-count');
      c.int(cons.pel.size);
      c.bulk('pending');
      replyNacks(c, cons.pel, count, false);
    }
  }
}

function xinfoGroups(c: Client, argv: string[]): void {
  const s = streamForInfo(c, argv[2]);
  if (s === null) return;
  const groups = s.sortedGroups();
  c.array(groups.length);
  for (const g of groups) {
    c.map(6);
    c.bulk('name');
    c.bulk(g.name);
    c.bulk('consumers');
    c.int(g.consumers.size);
    c.bulk('pending');
    c.int(g.pel.size);
    c.bulk('last-delivered-id');
    c.bulk(g.lastId.toString());
    c.bulk('entries-read');
    replyEntriesRead(c, g);
    c.bulk('lag');
    replyLag(c, s, g);
  }
}

function xinfoConsumers(c: Client, argv: string[]): void {
  const s = streamForInfo(c, argv[2]);
  if (s === null) return;
  const g = s.group(argv[3]);
  if (g === undefined) return c.error(`NOGROUP No such consumer group '${argv[3]}' for key name '${argv[2]}'`);
  const now = Date.now();
  const consumers = g.sortedConsumers();
  c.array(consumers.length);
  for (const cons of consumers) {
    c.map(4);
    c.bulk('name');
    c.bulk(cons.name);
    c.bulk('pending');
    c.int(cons.pel.size);
    c.bulk('idle');
    c.int(Math.max(0, now - cons.seenTime));
    c.bulk('inactive');
    c.int(cons.activeTime === -1 ? -1 : now - cons.activeTime);
  }
}

const XINFO_HELP = [
  'CONSUMERS <key> <groupname>',
  '    Show consumers of <groupname>.',
  'GROUPS <key>',
  '    Show the stream consumer groups.',
  'STREAM <key> [FULL [COUNT <count>]',
  '    Show information about the stream.',
];

// ---- declarations ----

const ACL = '@stream';
const RANGE_HISTORY: [string, string][] = [['6.2.0', 'Added exclusive ranges.']];

function trimDocs(opts?: { flags: string }): DocArg {
  return block(
    'trim',
    [
      oneof('strategy', [token('MAXLEN'), token('MINID', { since: '6.2.0' })]),
      oneof('operator', [{ name: 'equal', type: 'pure-token', token: '=' }, { name: 'approximately', type: 'pure-token', token: '~' }], { flags: 'optional' }),
      arg('threshold', 'string'),
      arg('count', 'integer', { token: 'LIMIT', since: '6.2.0', flags: 'optional' }),
    ],
    opts,
  );
}

const STREAMS_ARG = block('streams', [key('key', 0, { flags: 'multiple' }), arg('id', 'string', { flags: 'multiple' })], { token: 'STREAMS' });
const COUNT_OPT = arg('count', 'integer', { token: 'COUNT', flags: 'optional' });
const BLOCK_OPT = arg('milliseconds', 'integer', { token: 'BLOCK', flags: 'optional' });
const GROUP_KEY_ARGS = (): DocArg[] => [key(), arg('groupname', 'string')];
const ID_OR_NEW = oneof('id', [arg('id', 'string'), { name: 'new_id', type: 'pure-token', token: '$' }]);
const ENTRIES_READ = arg('entries_read', 'integer', { token: 'ENTRIESREAD', flags: 'optional' });

function rangeDecl(name: string, rev: boolean, summary: string, complexity: string): CommandDecl {
  const bounds = [arg('start', 'string'), arg('end', 'string')];
  if (rev) bounds.reverse();
  return {
    name,
    arity: -4,
    flags: 'readonly',
    acl: ACL,
    keys: [key1('RO access')],
    docs: { summary, since: '5.0.0', group: 'stream', complexity, history: RANGE_HISTORY, arguments: [key(), ...bounds, COUNT_OPT] },
    handler: (c, argv) => xrange(c, argv, rev),
  };
}

function groupSub(name: string, arity: number, flags: string, spec: string, summary: string, extra: Partial<CommandDecl['docs']> & { arguments: DocArg[] }, handler: (c: Client, argv: string[]) => void): CommandDecl {
  return {
    name,
    arity,
    flags,
    acl: ACL,
    keys: [key1(spec, 2)],
    docs: { summary, since: '5.0.0', group: 'stream', complexity: 'O(1)', ...extra },
    handler,
  };
}

function helpSub(summary: string, command: string, lines: readonly string[]): CommandDecl {
  return {
    name: 'help',
    arity: 2,
    flags: 'loading stale',
    acl: ACL,
    docs: { summary, since: '5.0.0', group: 'stream', complexity: 'O(1)' },
    handler: (c) => replyHelp(c, command, lines),
  };
}

export const streamCommands: CommandDecl[] = [
  {
    name: 'xadd',
    arity: -5,
    flags: 'write denyoom fast',
    acl: ACL,
    keys: [key1('RW update')],
    tips: 'nondeterministic_output',
    docs: {
      summary: 'Appends an entry to a stream, creating the stream if needed and optionally trimming it.',
      since: '5.0.0',
      group: 'stream',
      complexity: 'O(1) when adding a new entry, O(N) when trimming where N being the number of entries evicted.',
      history: [
        ['6.2.0', 'Added the `NOMKSTREAM` option, `MINID` trimming strategy and the `LIMIT` option.'],
        ['7.0.0', 'Added support for the `<ms>-*` explicit ID form.'],
      ],
      arguments: [
        key(),
        token('NOMKSTREAM', { since: '6.2.0', flags: 'optional' }),
        trimDocs({ flags: 'optional' }),
        oneof('id_or_auto', [{ name: 'auto_id', type: 'pure-token', token: '*' }, arg('id', 'string')]),
        block('field_value', [arg('field', 'string'), arg('value', 'string')], { flags: 'multiple' }),
      ],
    },
    handler: xadd,
  },
  rangeDecl(
    'xrange',
    false,
    'Replies with the entries of a stream between two IDs.',
    'O(N) with N being the number of elements being returned. If N is constant (e.g. always asking for the first 10 elements with COUNT), you can consider it O(1).',
  ),
  rangeDecl(
    'xrevrange',
    true,
    'Replies with the entries of a stream between two IDs, newest first.',
    'O(N) with N being the number of elements returned. If N is constant (e.g. always asking for the first 10 elements with COUNT), you can consider it O(1).',
  ),
  {
    name: 'xlen',
    arity: 2,
    flags: 'readonly fast',
    acl: ACL,
    keys: [key1('RO')],
    docs: { summary: 'Replies with the number of entries in a stream.', since: '5.0.0', group: 'stream', complexity: 'O(1)', arguments: [key()] },
    handler: xlen,
  },
  {
    name: 'xdel',
    arity: -3,
    flags: 'write fast',
    acl: ACL,
    keys: [key1('RW delete')],
    docs: {
      summary: 'Deletes entries of a stream by ID and replies how many there were.',
      since: '5.0.0',
      group: 'stream',
      complexity: 'O(1) for each single item to delete in the stream, regardless of the stream size.',
      arguments: [key(), arg('id', 'string', { flags: 'multiple' })],
    },
    handler: xdel,
  },
  {
    name: 'xtrim',
    arity: -4,
    flags: 'write',
    acl: ACL,
    keys: [key1('RW delete')],
    tips: 'nondeterministic_output',
    docs: {
      summary: 'Removes the oldest entries of a stream, down to a length or up to an ID.',
      since: '5.0.0',
      group: 'stream',
      complexity:
        'O(N), with N being the number of evicted entries. Constant times are very small however, since entries are organized in macro nodes containing multiple entries that can be released with a single deallocation.',
      history: [['6.2.0', 'Added the `MINID` trimming strategy and the `LIMIT` option.']],
      arguments: [key(), trimDocs()],
    },
    handler: xtrim,
  },
  {
    name: 'xread',
    arity: -4,
    flags: 'readonly blocking',
    acl: ACL,
    keys: [ks('RO access', keyword('STREAMS', 1), range(-1, 1, 2))],
    docs: {
      summary: 'Replies with the entries of streams after given IDs, waiting for some when asked to.',
      since: '5.0.0',
      group: 'stream',
      complexity:
        'For each stream mentioned: O(N) with N being the number of elements being returned, it means that XREAD-ing with a fixed COUNT is O(1). Note that when the BLOCK option is used, XADD will pay O(M) time in order to serve the M clients blocked on the stream getting new data.',
      arguments: [COUNT_OPT, BLOCK_OPT, STREAMS_ARG],
    },
    handler: (c, argv) => xread(c, argv, false),
  },
  {
    name: 'xreadgroup',
    arity: -7,
    flags: 'write blocking',
    acl: ACL,
    keys: [ks('RO access', keyword('STREAMS', 4), range(-1, 1, 2))],
    docs: {
      summary: 'Delivers new entries of streams to a consumer of a group, or replies with its pending ones.',
      since: '5.0.0',
      group: 'stream',
      complexity:
        'For each stream mentioned: O(M) with M being the number of elements returned. If M is constant (e.g. always asking for the first 10 elements with COUNT), you can consider it O(1). On the other side when XREADGROUP blocks, XADD will pay the O(N) time in order to serve the N clients blocked on the stream getting new data.',
      arguments: [
        block('group_consumer', [arg('group', 'string'), arg('consumer', 'string')], { token: 'GROUP' }),
        COUNT_OPT,
        BLOCK_OPT,
        token('NOACK', { flags: 'optional' }),
        STREAMS_ARG,
      ],
    },
    handler: (c, argv) => xread(c, argv, true),
  },
  {
    name: 'xgroup',
    arity: -2,
    docs: { summary: 'A container for consumer group commands.', since: '5.0.0', group: 'stream', complexity: 'Depends on subcommand.' },
    subcommands: [
      groupSub(
        'create',
        -5,
        'write denyoom',
        'RW insert',
        'Creates a consumer group on a stream.',
        { history: [['7.0.0', 'Added the `entries_read` named argument.']], arguments: [...GROUP_KEY_ARGS(), ID_OR_NEW, token('MKSTREAM', { flags: 'optional' }), ENTRIES_READ] },
        xgroupCreate,
      ),
      groupSub(
        'setid',
        -5,
        'write',
        'RW update',
        'Sets the last-delivered ID of a consumer group.',
        { history: [['7.0.0', 'Added the optional `entries_read` argument.']], arguments: [...GROUP_KEY_ARGS(), ID_OR_NEW, ENTRIES_READ] },
        xgroupSetid,
      ),
      groupSub(
        'destroy',
        4,
        'write',
        'RW delete',
        'Destroys a consumer group.',
        { complexity: "O(N) where N is the number of entries in the group's pending entries list (PEL).", arguments: GROUP_KEY_ARGS() },
        xgroupDestroy,
      ),
      groupSub(
        'createconsumer',
        5,
        'write denyoom',
        'RW insert',
        'Creates a consumer in a consumer group.',
        { since: '6.2.0', arguments: [...GROUP_KEY_ARGS(), arg('consumername', 'string')] },
        xgroupCreateConsumer,
      ),
      groupSub(
        'delconsumer',
        5,
        'write',
        'RW delete',
        'Deletes a consumer from a consumer group and replies how many entries it had pending.',
        { arguments: [...GROUP_KEY_ARGS(), arg('consumername', 'string')] },
        xgroupDelConsumer,
      ),
      helpSub('Replies with the help text of XGROUP.', 'XGROUP', XGROUP_HELP),
    ],
  },
  {
    name: 'xack',
    arity: -4,
    flags: 'write fast',
    acl: ACL,
    keys: [key1('RW update')],
    docs: {
      summary: 'Acknowledges entries of a consumer group, removing them from its pending list.',
      since: '5.0.0',
      group: 'stream',
      complexity: 'O(1) for each message ID processed.',
      arguments: [key(), arg('group', 'string'), arg('id', 'string', { flags: 'multiple' })],
    },
    handler: xack,
  },
  {
    name: 'xpending',
    arity: -3,
    flags: 'readonly',
    acl: ACL,
    keys: [key1('RO access')],
    tips: 'nondeterministic_output',
    docs: {
      summary: 'Replies with a summary or a range of the pending entries of a consumer group.',
      since: '5.0.0',
      group: 'stream',
      complexity:
        'O(N) with N being the number of elements returned, so asking for a small fixed number of entries per call is O(1). O(M), where M is the total number of entries scanned when used with the IDLE filter. When the command returns just the summary and the list of consumers is small, it runs in O(1) time; otherwise, an additional O(N) time for iterating every consumer.',
      history: [['6.2.0', 'Added the `IDLE` option and exclusive range intervals.']],
      arguments: [
        key(),
        arg('group', 'string'),
        block(
          'filters',
          [
            arg('min-idle-time', 'integer', { token: 'IDLE', since: '6.2.0', flags: 'optional' }),
            arg('start', 'string'),
            arg('end', 'string'),
            arg('count', 'integer'),
            arg('consumer', 'string', { flags: 'optional' }),
          ],
          { flags: 'optional' },
        ),
      ],
    },
    handler: xpending,
  },
  {
    name: 'xclaim',
    arity: -6,
    flags: 'write fast',
    acl: ACL,
    keys: [key1('RW update')],
    tips: 'nondeterministic_output',
    docs: {
      summary: 'Gives pending entries of a consumer group to another consumer.',
      since: '5.0.0',
      group: 'stream',
      complexity: 'O(log N) with N being the number of messages in the PEL of the consumer group.',
      arguments: [
        key(),
        arg('group', 'string'),
        arg('consumer', 'string'),
        arg('min-idle-time', 'string'),
        arg('id', 'string', { flags: 'multiple' }),
        arg('ms', 'integer', { token: 'IDLE', flags: 'optional' }),
        arg('unix-time-milliseconds', 'unix-time', { token: 'TIME', flags: 'optional' }),
        arg('count', 'integer', { token: 'RETRYCOUNT', flags: 'optional' }),
        token('FORCE', { flags: 'optional' }),
        token('JUSTID', { flags: 'optional' }),
        arg('id', 'string', { token: 'LASTID', flags: 'optional' }),
      ],
    },
    handler: xclaim,
  },
  {
    name: 'xautoclaim',
    arity: -6,
    flags: 'write fast',
    acl: ACL,
    keys: [key1('RW delete')],
    tips: 'nondeterministic_output',
    docs: {
      summary: 'Gives the pending entries of a consumer group idle long enough to another consumer, a batch at a time with a cursor.',
      since: '6.2.0',
      group: 'stream',
      complexity: 'O(1) if COUNT is small.',
      history: [['7.0.0', 'Added an element to the reply array, containing deleted entries the command cleared from the PEL']],
      arguments: [
        key(),
        arg('group', 'string'),
        arg('consumer', 'string'),
        arg('min-idle-time', 'string'),
        arg('start', 'string'),
        COUNT_OPT,
        token('JUSTID', { flags: 'optional' }),
      ],
    },
    handler: xautoclaim,
  },
  {
    name: 'xinfo',
    arity: -2,
    docs: { summary: 'A container for stream introspection commands.', since: '5.0.0', group: 'stream', complexity: 'Depends on subcommand.' },
    subcommands: [
      {
        name: 'stream',
        arity: -3,
        flags: 'readonly',
        acl: ACL,
        keys: [key1('RO access', 2)],
        docs: {
          summary: 'Replies with facts about a stream, or all its entries and groups with FULL.',
          since: '5.0.0',
          group: 'stream',
          complexity: 'O(1)',
          history: [
            ['6.0.0', 'Added the `FULL` modifier.'],
            ['7.0.0', 'Added the `max-deleted-entry-id`, `entries-added`, `recorded-first-entry-id`, `entries-read` and `lag` fields'],
            ['7.2.0', 'Added the `active-time` field, and changed the meaning of `seen-time`.'],
          ],
          arguments: [key(), block('full', [COUNT_OPT], { token: 'FULL', flags: 'optional' })],
        },
        handler: xinfoStream,
      },
      {
        name: 'groups',
        arity: 3,
        flags: 'readonly',
        acl: ACL,
        keys: [key1('RO access', 2)],
        docs: {
          summary: 'Replies with the consumer groups of a stream.',
          since: '5.0.0',
          group: 'stream',
          complexity: 'O(1)',
          history: [['7.0.0', 'Added the `entries-read` and `lag` fields']],
          arguments: [key()],
        },
        handler: xinfoGroups,
      },
      {
        name: 'consumers',
        arity: 4,
        flags: 'readonly',
        acl: ACL,
        keys: [key1('RO access', 2)],
        tips: 'nondeterministic_output',
        docs: {
          summary: 'Replies with the consumers of a consumer group.',
          since: '5.0.0',
          group: 'stream',
          complexity: 'O(1)',
          history: [['7.2.0', 'Added the `inactive` field, and changed the meaning of `idle`.']],
          arguments: GROUP_KEY_ARGS(),
        },
        handler: xinfoConsumers,
      },
      helpSub('Replies with the help text of XINFO.', 'XINFO', XINFO_HELP),
    ],
  },
  {
    name: 'xsetid',
    arity: -3,
    flags: 'write denyoom fast',
    acl: ACL,
    keys: [key1('RW update')],
    docs: {
      summary: 'Sets the last ID, entries-added counter and largest deleted ID of a stream.',
      since: '5.0.0',
      group: 'stream',
      complexity: 'O(1)',
      history: [['7.0.0', 'Added the `entries_added` and `max_deleted_entry_id` arguments.']],
      arguments: [
        key(),
        arg('last-id', 'string'),
        arg('entries_added', 'integer', { token: 'ENTRIESADDED', since: '7.0.0', flags: 'optional' }),
        arg('max_deleted_entry_id', 'string', { token: 'MAXDELETEDID', since: '7.0.0', flags: 'optional' }),
      ],
    },
    handler: xsetid,
  },
];
