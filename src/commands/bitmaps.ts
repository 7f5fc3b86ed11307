/** Bitmap commands (bitops.c): SETBIT, GETBIT, BITCOUNT, BITPOS, BITOP, BITFIELD. */
import { key1, ks, index, range, type CommandDecl } from './spec';
import type { Client } from '../server/client';
import { isStringValue } from '../store/value';
import { writable } from '../store/strval';
import { ERR_SYNTAX, WRONGTYPE } from './replies';
import { parseInt64 } from '../util/numbers';
import { int64Arg, storeWritten } from './strings';
import { storeResult } from './collections';
import { EV } from '../server/notify';
import { arg, block, key, oneof, token } from './docs-args';

const ERR_BIT_OFFSET = 'ERR bit offset is not an integer or out of range';
const ERR_BIT_VALUE = 'ERR bit is not an integer or out of range';
const ERR_BF_TYPE = 'ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.';

type Bytes = string | Buffer;

function byteAt(v: Bytes, i: number): number {
  return typeof v === 'string' ? v.charCodeAt(i) : v[i];
}

/** Set bits per byte value. */
const POPCOUNT = new Uint8Array(256);
for (let i = 1; i < 256; i++) POPCOUNT[i] = (i & 1) + POPCOUNT[i >> 1];

/**
 * getBitOffsetFromArgument: a bit offset, or "#N" (N * bits) for BITFIELD;
 * refused when negative or beyond proto-max-bulk-len bytes. Null after replying.
 */
function bitOffsetArg(c: Client, s: string, hash: boolean, bits: number): number | null {
  const useHash = hash && s.charCodeAt(0) === 35;
  const n = parseInt64(useHash ? s.slice(1) : s);
  const off = typeof n === 'number' ? (useHash ? n * bits : n) : -1;
  if (off < 0 || !Number.isSafeInteger(off) || Math.floor(off / 8) >= c.server.config.num('proto-max-bulk-len')) {
    c.error(ERR_BIT_OFFSET);
    return null;
  }
  return off;
}

/** The string at key for a write, or null after replying WRONGTYPE; undefined when missing. */
function writeTarget(c: Client, key: string): Bytes | undefined | null {
  const v = c.db.get(key);
  if (v === undefined || isStringValue(v)) return v;
  c.error(WRONGTYPE);
  return null;
}

/** The string at key for a read: undefined when missing, null after replying WRONGTYPE. */
function readTarget(c: Client, key: string): Bytes | undefined | null {
  const v = c.db.lookupRead(key);
  if (v !== undefined && !isStringValue(v)) {
    c.error(WRONGTYPE);
    return null;
  }
  return v;
}

function setbit(c: Client, argv: string[]): void {
  const off = bitOffsetArg(c, argv[2], false, 0);
  if (off === null) return;
  const on = parseInt64(argv[3]);
  if (on !== 0 && on !== 1) return c.error(ERR_BIT_VALUE);
  const v = writeTarget(c, argv[1]);
  if (v === null) return;
  const byte = Math.floor(off / 8);
  const b = writable(v, byte + 1);
  const mask = 1 << (7 - (off % 8));
  const old = b[byte] & mask ? 1 : 0;
  if (on) b[byte] |= mask;
  else b[byte] &= ~mask;
  // As Redis 7.2: a write (and an event) only when the bit flips or the string had to grow.
  if (old !== on || v === undefined || b.length !== v.length) {
    storeWritten(c, argv[1], v, b, 'setbit');
    c.server.dirty++;
  }
  c.int(old);
}

function getbit(c: Client, argv: string[]): void {
  const off = bitOffsetArg(c, argv[2], false, 0);
  if (off === null) return;
  const v = readTarget(c, argv[1]);
  if (v === null) return;
  const byte = Math.floor(off / 8);
  if (v === undefined || byte >= v.length) return c.int(0);
  c.int(byteAt(v, byte) & (1 << (7 - (off % 8))) ? 1 : 0);
}

/**
 * The bit range [first, last] a BITCOUNT/BITPOS start/end pair selects, as
 * Redis normalises it (negative indexes from the end, clamped); first > last
 * when empty. Byte ranges become whole bytes.
 */
function bitRange(start: number, end: number, isBit: boolean, len: number): [number, number] {
  const total = isBit ? len * 8 : len;
  if (start < 0) start = total + start;
  if (end < 0) end = total + end;
  if (start < 0) start = 0;
  if (end < 0) end = 0;
  if (end >= total) end = total - 1;
  return isBit ? [start, end] : [start * 8, end * 8 + 7];
}

/** The BIT|BYTE unit argument: 1 for BIT, 0 for BYTE, -1 after replying a syntax error. */
function unitArg(c: Client, s: string): number {
  const u = s.toLowerCase();
  if (u === 'bit') return 1;
  if (u === 'byte') return 0;
  c.error(ERR_SYNTAX);
  return -1;
}

function bitcount(c: Client, argv: string[]): void {
  let first = 0;
  let last = -1;
  let v: Bytes | undefined | null;
  if (argv.length === 4 || argv.length === 5) {
    const start = int64Arg(c, argv[2]);
    if (start === null) return;
    const end = int64Arg(c, argv[3]);
    if (end === null) return;
    const isBit = argv.length === 5 ? unitArg(c, argv[4]) : 0;
    if (isBit < 0) return;
    v = readTarget(c, argv[1]);
    if (v === null) return;
    if (start < 0 && end < 0 && start > end) return c.int(0);
    [first, last] = bitRange(start, end, isBit === 1, v === undefined ? 0 : v.length);
  } else if (argv.length === 2) {
    v = readTarget(c, argv[1]);
    if (v === null) return;
    last = v === undefined ? -1 : v.length * 8 - 1;
  } else {
    return c.error(ERR_SYNTAX);
  }
  if (v === undefined || first > last) return c.int(0);
  c.int(countBits(v, first, last));
}

/** Set bits in the inclusive bit range [first, last]. */
function countBits(v: Bytes, first: number, last: number): number {
  const fb = Math.floor(first / 8);
  const lb = Math.floor(last / 8);
  let n = 0;
  for (let i = fb; i <= lb; i++) n += POPCOUNT[byteAt(v, i)];
  // Take off the bits of the edge bytes that lie outside the range.
  const headMask = (0xff00 >> (first % 8)) & 0xff;
  const tailMask = (1 << (7 - (last % 8))) - 1;
  return n - POPCOUNT[byteAt(v, fb) & headMask] - POPCOUNT[byteAt(v, lb) & tailMask];
}

function bitpos(c: Client, argv: string[]): void {
  const bit = parseInt64(argv[2]);
  if (bit === null) return c.error('ERR value is not an integer or out of range');
  if (bit !== 0 && bit !== 1) return c.error('ERR The bit argument must be 1 or 0.');
  let v: Bytes | undefined | null;
  let first = 0;
  let last = -1;
  const endGiven = argv.length >= 5;
  if (argv.length >= 4 && argv.length <= 6) {
    const start = int64Arg(c, argv[3]);
    if (start === null) return;
    const isBit = argv.length === 6 ? unitArg(c, argv[5]) : 0;
    if (isBit < 0) return;
    let end = 0;
    if (endGiven) {
      const e = int64Arg(c, argv[4]);
      if (e === null) return;
      end = e;
    }
    v = readTarget(c, argv[1]);
    if (v === null) return;
    const len = v === undefined ? 0 : v.length;
    if (!endGiven) end = len - 1;
    [first, last] = bitRange(start, end, isBit === 1, len);
  } else if (argv.length === 3) {
    v = readTarget(c, argv[1]);
    if (v === null) return;
    last = v === undefined ? -1 : v.length * 8 - 1;
  } else {
    return c.error(ERR_SYNTAX);
  }
  // A missing key is an endless run of zero bits.
  if (v === undefined) return c.int(bit ? -1 : 0);
  if (first > last) return c.int(-1);
  const pos = findBit(v, first, last, bit);
  if (pos >= 0) return c.int(pos);
  // Looking for a clear bit with no end given, the string counts as zero-padded.
  c.int(bit === 0 && !endGiven ? last + 1 : -1);
}

/** First bit equal to `bit` in [first, last], or -1. */
function findBit(v: Bytes, first: number, last: number, bit: number): number {
  const skip = bit ? 0 : 0xff;
  let i = first;
  while (i <= last) {
    if (i % 8 === 0 && i + 7 <= last) {
      const b = byteAt(v, i / 8);
      if (b === skip) {
        i += 8;
        continue;
      }
    }
    const b = byteAt(v, Math.floor(i / 8));
    if (((b >> (7 - (i % 8))) & 1) === bit) return i;
    i++;
  }
  return -1;
}

function bitop(c: Client, argv: string[]): void {
  const op = argv[1].toLowerCase();
  if (op !== 'and' && op !== 'or' && op !== 'xor' && op !== 'not') return c.error(ERR_SYNTAX);
  if (op === 'not' && argv.length !== 4) return c.error('ERR BITOP NOT must be called with a single source key.');
  const srcs: (Bytes | undefined)[] = [];
  let maxLen = 0;
  for (let j = 3; j < argv.length; j++) {
    const v = readTarget(c, argv[j]);
    if (v === null) return;
    srcs.push(v);
    if (v !== undefined && v.length > maxLen) maxLen = v.length;
  }
  const dest = argv[2];
  const res = writable(undefined, maxLen);
  const first = srcs[0];
  for (let i = 0; i < maxLen; i++) res[i] = first !== undefined && i < first.length ? byteAt(first, i) : 0;
  if (op === 'not') {
    for (let i = 0; i < maxLen; i++) res[i] = ~res[i];
  } else {
    for (let k = 1; k < srcs.length; k++) {
      const s = srcs[k];
      const n = s === undefined ? 0 : s.length;
      for (let i = 0; i < maxLen; i++) {
        const b = i < n ? byteAt(s as Bytes, i) : 0;
        if (op === 'and') res[i] &= b;
        else if (op === 'or') res[i] |= b;
        else res[i] ^= b;
      }
    }
  }
  if (storeResult(c, dest, res, maxLen, EV.string, 'set')) c.server.dirty++;
  c.int(maxLen);
}

// ---- BITFIELD ----

const OP_GET = 0;
const OP_SET = 1;
const OP_INCRBY = 2;
const OW_WRAP = 0;
const OW_SAT = 1;
const OW_FAIL = 2;

interface FieldOp {
  op: number;
  ow: number;
  signed: boolean;
  bits: number;
  offset: number;
  value: bigint;
}

/** The unsigned value of `bits` bits at bit `offset` (bytes past the end read as zero). */
function readField(v: Bytes | undefined, offset: number, bits: number): bigint {
  const fb = Math.floor(offset / 8);
  const lb = Math.floor((offset + bits - 1) / 8);
  const len = v === undefined ? 0 : v.length;
  let w = 0n;
  for (let i = fb; i <= lb; i++) w = (w << 8n) | BigInt(i < len ? byteAt(v as Bytes, i) : 0);
  const shift = (lb - fb + 1) * 8 - (offset - fb * 8) - bits;
  return BigInt.asUintN(bits, w >> BigInt(shift));
}

function writeField(b: Buffer, offset: number, bits: number, value: bigint): void {
  const fb = Math.floor(offset / 8);
  const lb = Math.floor((offset + bits - 1) / 8);
  let w = 0n;
  for (let i = fb; i <= lb; i++) w = (w << 8n) | BigInt(b[i]);
  const shift = BigInt((lb - fb + 1) * 8 - (offset - fb * 8) - bits);
  const mask = ((1n << BigInt(bits)) - 1n) << shift;
  w = (w & ~mask) | ((BigInt.asUintN(bits, value) << shift) & mask);
  for (let i = lb; i >= fb; i--) {
    b[i] = Number(w & 0xffn);
    w >>= 8n;
  }
}

/** "i1".."i64" or "u1".."u63": [signed, bits], or null after replying an error. */
function fieldType(c: Client, s: string): [boolean, number] | null {
  const t = s.charCodeAt(0);
  const bits = t === 105 || t === 117 ? parseInt64(s.slice(1)) : null;
  if (typeof bits !== 'number' || bits < 1 || (t === 105 && bits > 64) || (t === 117 && bits > 63)) {
    c.error(ERR_BF_TYPE);
    return null;
  }
  return [t === 105, bits];
}

/**
 * The value an overflowing SET/INCRBY stores under the policy, or null for
 * FAIL; `sum` is the exact (unbounded) result.
 */
function fitField(sum: bigint, signed: boolean, bits: number, ow: number): bigint | null {
  const b = BigInt(bits);
  const max = signed ? (1n << (b - 1n)) - 1n : (1n << b) - 1n;
  const min = signed ? -(1n << (b - 1n)) : 0n;
  if (sum <= max && sum >= min) return sum;
  if (ow === OW_FAIL) return null;
  if (ow === OW_SAT) return sum > max ? max : min;
  return signed ? BigInt.asIntN(bits, sum) : BigInt.asUintN(bits, sum);
}

function bitfield(c: Client, argv: string[], readonlyCmd: boolean): void {
  const ops: FieldOp[] = [];
  let ow = OW_WRAP;
  let writes = false;
  let highest = 0;
  for (let j = 2; j < argv.length; j++) {
    const remaining = argv.length - j - 1;
    const sub = argv[j].toLowerCase();
    let op: number;
    if (sub === 'get' && remaining >= 2) op = OP_GET;
    else if (sub === 'set' && remaining >= 3) op = OP_SET;
    else if (sub === 'incrby' && remaining >= 3) op = OP_INCRBY;
    else if (sub === 'overflow' && remaining >= 1) {
      const t = argv[++j].toLowerCase();
      if (t === 'wrap') ow = OW_WRAP;
      else if (t === 'sat') ow = OW_SAT;
      else if (t === 'fail') ow = OW_FAIL;
      else return c.error('ERR Invalid OVERFLOW type specified');
      continue;
    } else return c.error(ERR_SYNTAX);
    const type = fieldType(c, argv[j + 1]);
    if (type === null) return;
    const offset = bitOffsetArg(c, argv[j + 2], true, type[1]);
    if (offset === null) return;
    let value = 0n;
    if (op !== OP_GET) {
      writes = true;
      if (offset + type[1] - 1 > highest) highest = offset + type[1] - 1;
      const n = parseInt64(argv[j + 3]);
      if (n === null) return c.error('ERR value is not an integer or out of range');
      value = BigInt(n);
    }
    ops.push({ op, ow, signed: type[0], bits: type[1], offset, value });
    j += op === OP_GET ? 2 : 3;
  }
  const key = argv[1];
  let src: Bytes | undefined;
  let buf: Buffer | undefined;
  let old: Bytes | undefined;
  if (!writes) {
    const v = readTarget(c, key);
    if (v === null) return;
    src = v;
  } else {
    if (readonlyCmd) return c.error('ERR BITFIELD_RO only supports the GET subcommand');
    const v = writeTarget(c, key);
    if (v === null) return;
    old = v;
    buf = writable(v, Math.floor(highest / 8) + 1);
    src = buf;
  }
  c.array(ops.length);
  let changes = 0;
  for (const o of ops) {
    const raw = readField(src, o.offset, o.bits);
    const cur = o.signed ? BigInt.asIntN(o.bits, raw) : raw;
    if (o.op === OP_GET) {
      c.int(cur);
      continue;
    }
    // An unsigned SET takes its argument as C's (uint64_t) cast would.
    const target = o.op === OP_INCRBY ? cur + o.value : o.signed ? o.value : BigInt.asUintN(64, o.value);
    const stored = fitField(target, o.signed, o.bits, o.ow);
    if (stored === null) {
      c.nullBulk();
      continue;
    }
    c.int(o.op === OP_INCRBY ? stored : cur);
    writeField(buf as Buffer, o.offset, o.bits, stored);
    changes++;
  }
  if (buf !== undefined) {
    storeWritten(c, key, old, buf, changes !== 0 ? 'setbit' : null);
    c.server.dirty += changes;
  }
}

export const bitmapCommands: CommandDecl[] = [
  {
    name: 'setbit',
    arity: 4,
    flags: 'write denyoom',
    acl: '@bitmap',
    keys: [key1('RW access update')],
    docs: {
      summary: 'Sets or clears one bit of the string at a key.',
      since: '2.2.0',
      group: 'bitmap',
      complexity: 'O(1)',
      arguments: [key(), arg('offset', 'integer'), arg('value', 'integer')],
    },
    handler: setbit,
  },
  {
    name: 'getbit',
    arity: 3,
    flags: 'readonly fast',
    acl: '@bitmap',
    keys: [key1('RO access')],
    docs: {
      summary: 'Reads one bit of the string at a key.',
      since: '2.2.0',
      group: 'bitmap',
      complexity: 'O(1)',
      arguments: [key(), arg('offset', 'integer')],
    },
    handler: getbit,
  },
  {
    name: 'bitcount',
    arity: -2,
    flags: 'readonly',
    acl: '@bitmap',
    keys: [key1('RO access')],
    docs: {
      summary: 'Counts the set bits of a string, optionally within a range.',
      since: '2.6.0',
      group: 'bitmap',
      complexity: 'O(N)',
      history: [
        ['7.0.0', 'Added the `BYTE|BIT` option.'],
      ],
      arguments: [
        key(),
        block('index', [
          arg('start', 'integer'),
          arg('end', 'integer'),
          oneof('index_unit', [token('BYTE'), token('BIT')], { since: '7.0.0', flags: 'optional' }),
        ], { flags: 'optional' }),
      ],
    },
    handler: bitcount,
  },
  {
    name: 'bitpos',
    arity: -3,
    flags: 'readonly',
    acl: '@bitmap',
    keys: [key1('RO access')],
    docs: {
      summary: 'Finds the first set or clear bit of a string.',
      since: '2.8.7',
      group: 'bitmap',
      complexity: 'O(N)',
      history: [
        ['7.0.0', 'Added the `BYTE|BIT` option.'],
      ],
      arguments: [
        key(),
        arg('bit', 'integer'),
        block('index', [
          arg('start', 'integer'),
          block('end_index', [
            arg('end', 'integer'),
            oneof('index_unit', [token('BYTE'), token('BIT')], { since: '7.0.0', flags: 'optional' }),
          ], { flags: 'optional' }),
        ], { flags: 'optional' }),
      ],
    },
    handler: bitpos,
  },
  {
    name: 'bitop',
    arity: -4,
    flags: 'write denyoom',
    acl: '@bitmap',
    keys: [ks('OW update', index(2), range(0, 1, 0)), ks('RO access', index(3), range(-1, 1, 0))],
    docs: {
      summary: 'Combines strings bitwise and stores the result at a key.',
      since: '2.6.0',
      group: 'bitmap',
      complexity: 'O(N)',
      arguments: [arg('operation', 'string'), key('destkey', 0), key('key', 1, { flags: 'multiple' })],
    },
    handler: bitop,
  },
  {
    name: 'bitfield',
    arity: -2,
    flags: 'write denyoom',
    acl: '@bitmap',
    keys: [key1('RW access update variable_flags')],
    docs: {
      summary: 'Reads, writes and increments integer fields packed in a string.',
      since: '3.2.0',
      group: 'bitmap',
      complexity: 'O(1) for each subcommand specified',
      arguments: [
        key(),
        oneof('operation', [
          block('encoding_offset', [arg('encoding', 'string'), arg('offset', 'integer')], { token: 'GET' }),
          block('write', [
            oneof('wrap_sat_fail', [token('WRAP'), token('SAT'), token('FAIL')], { token: 'OVERFLOW', flags: 'optional' }),
            oneof('write_operation', [
              block('encoding_offset_value', [arg('encoding', 'string'), arg('offset', 'integer'), arg('value', 'integer')], { token: 'SET' }),
              block('encoding_offset_increment', [arg('encoding', 'string'), arg('offset', 'integer'), arg('increment', 'integer')], { token: 'INCRBY' }),
            ]),
          ]),
        ], { flags: 'optional multiple' }),
      ],
    },
    keyFlags: bitfieldKeyFlags,
    handler(c, argv) {
      bitfield(c, argv, false);
    },
  },
  {
    name: 'bitfield_ro',
    arity: -2,
    flags: 'readonly fast',
    acl: '@bitmap',
    keys: [key1('RO access')],
    docs: {
      summary: 'Reads integer fields packed in a string, without writing.',
      since: '6.0.0',
      group: 'bitmap',
      complexity: 'O(1) for each subcommand specified',
      arguments: [
        key(),
        block('encoding_offset', [arg('encoding', 'string'), arg('offset', 'integer')], { token: 'GET', flags: 'optional multiple multiple_token' }),
      ],
    },
    handler(c, argv) {
      bitfield(c, argv, true);
    },
  },
];

const KEY_RO_ACCESS: readonly string[] = ['RO', 'access'];
const KEY_RW_ACCESS_UPDATE: readonly string[] = ['RW', 'access', 'update'];

/** BITFIELD with only GET (and OVERFLOW) subcommands reads its key; anything else writes it. */
function bitfieldKeyFlags(argv: string[]): readonly string[] {
  for (let i = 2; i < argv.length; i++) {
    const rem = argv.length - i - 1;
    const op = argv[i].toLowerCase();
    if (op === 'get' && rem >= 2) i += 2;
    else if (op === 'overflow' && rem >= 1) i += 1;
    else return KEY_RW_ACCESS_UPDATE;
  }
  return KEY_RO_ACCESS;
}
