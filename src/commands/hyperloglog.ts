/**
 * HyperLogLog commands (hyperloglog.c): PFADD, PFCOUNT, PFMERGE, PFDEBUG,
 * PFSELFTEST. A HyperLogLog is a string in Redis's own layout (see
 * store/hll.ts), edited in place as an owned Buffer.
 */
import { key1, ks, index, range, type CommandDecl } from './spec';
import type { Client } from '../server/client';
import { isStringValue, type Value } from '../store/value';
import { bufOf } from '../store/strval';
import { WRONGTYPE } from './replies';
import { storeWritten } from './strings';
import { arg, key } from './docs-args';
import {
  HllEdit, REGISTERS, DENSE, SPARSE, isHll, count, countRegisters, mergeInto, cachedCount, setCachedCount,
  invalidateCache, decodeSparse, getReg, setReg, DENSE_SIZE,
} from '../store/hll';

const ERR_NOT_HLL = 'WRONGTYPE Key is not a valid HyperLogLog string value.';
const ERR_INVALID = 'INVALIDOBJ Corrupted HLL object detected';

/** The HLL being edited by the current command (one command runs at a time). */
const edit = new HllEdit();
/** Register maxima for PFCOUNT of several keys and PFMERGE. */
const max = new Uint8Array(REGISTERS);

function sparseMax(c: Client): number {
  return c.server.config.num('hll-sparse-max-bytes');
}

/**
 * isHLLObjectOrReply: the value's bytes when it is a valid HLL, else null
 * after replying WRONGTYPE (another type, or a string that is no HLL).
 */
function hllBytes(c: Client, v: Value): Buffer | null {
  if (!isStringValue(v)) {
    c.error(WRONGTYPE);
    return null;
  }
  const b = bufOf(v);
  if (isHll(b)) return b;
  c.error(ERR_NOT_HLL);
  return null;
}

/** Opens the HLL at key for editing; false after replying an error. */
function openForEdit(c: Client, v: Value): boolean {
  if (!isStringValue(v)) {
    c.error(WRONGTYPE);
    return false;
  }
  edit.open(v);
  if (isHll(edit.buf)) return true;
  c.error(ERR_NOT_HLL);
  return false;
}

function pfadd(c: Client, argv: string[]): void {
  const key = argv[1];
  const v = c.db.get(key);
  let updated = 0;
  if (v === undefined) {
    edit.create();
    updated++;
  } else if (!openForEdit(c, v)) {
    return;
  }
  const limit = sparseMax(c);
  let failed = false;
  for (let j = 2; j < argv.length; j++) {
    const r = edit.add(argv[j], limit);
    if (r === 1) updated++;
    else if (r < 0) {
      failed = true;
      break;
    }
  }
  if (updated && !failed) invalidateCache(edit.buf);
  // Stored even on error: like Redis, the edits made before it stay.
  storeWritten(c, key, v, edit.result(), updated && !failed ? 'pfadd' : null);
  if (failed) return c.error(ERR_INVALID);
  c.server.dirty += updated;
  c.int(updated ? 1 : 0);
}

function pfcount(c: Client, argv: string[]): void {
  if (argv.length > 2) {
    // The count of the union: registers merged into one raw array.
    max.fill(0);
    for (let j = 1; j < argv.length; j++) {
      const v = c.db.lookupRead(argv[j]);
      if (v === undefined) continue;
      const b = hllBytes(c, v);
      if (b === null) return;
      if (!mergeInto(max, b, b.length)) return c.error(ERR_INVALID);
    }
    return c.int(countRegisters(max));
  }
  const key = argv[1];
  const v = c.db.lookupRead(key);
  if (v === undefined) return c.int(0);
  if (!openForEdit(c, v)) return;
  const b = edit.buf;
  let card = cachedCount(b);
  if (card === -1) {
    card = count(b, edit.len);
    if (card < 0) return c.error(ERR_INVALID);
    // Caching the count is a write, propagated like one.
    setCachedCount(b, card);
    c.server.dirty++;
  }
  c.db.replace(key, edit.result());
  c.int(card);
}

function pfmerge(c: Client, argv: string[]): void {
  max.fill(0);
  let dense = false;
  for (let j = 1; j < argv.length; j++) {
    const v = c.db.lookupRead(argv[j]);
    if (v === undefined) continue;
    const b = hllBytes(c, v);
    if (b === null) return;
    // A dense input makes the target dense at once, sparing the conversion later.
    if (b[4] === DENSE) dense = true;
    if (!mergeInto(max, b, b.length)) return c.error(ERR_INVALID);
  }
  const key = argv[1];
  const v = c.db.get(key);
  // The target was checked with the sources when it exists.
  if (v === undefined) edit.create();
  else edit.open(v as string | Buffer);
  if (dense && !edit.toDense()) {
    if (v === undefined) c.db.set(key, edit.result());
    return c.error(ERR_INVALID);
  }
  const limit = sparseMax(c);
  for (let j = 0; j < REGISTERS; j++) if (max[j] !== 0) edit.set(j, max[j], limit);
  invalidateCache(edit.buf);
  // Redis reports a merge as an add to the target.
  storeWritten(c, key, v, edit.result(), 'pfadd');
  c.server.dirty++;
  c.ok();
}

function pfdebug(c: Client, argv: string[]): void {
  const sub = argv[1];
  const key = argv[2];
  const v = c.db.get(key);
  if (v === undefined) return c.error('ERR The specified key does not exist');
  if (!openForEdit(c, v)) return;
  c.db.replace(key, edit.result());
  switch (sub.toLowerCase()) {
    case 'getreg': {
      if (!toDense(c, key)) return;
      const b = edit.buf;
      c.array(REGISTERS);
      for (let j = 0; j < REGISTERS; j++) c.int(getReg(b, j));
      return;
    }
    case 'decode':
      if (edit.encoding !== SPARSE) return c.error('ERR HLL encoding is not sparse');
      return c.bulk(decodeSparse(edit.buf, edit.len));
    case 'encoding':
      return c.status(edit.encoding === DENSE ? 'dense' : 'sparse');
    case 'todense': {
      const sparse = edit.encoding === SPARSE;
      if (!toDense(c, key)) return;
      return c.int(sparse ? 1 : 0);
    }
    default:
      return c.error(`ERR Unknown PFDEBUG subcommand '${sub}'`);
  }
}

/** Converts the edited HLL at key to dense and stores it; false after replying an error. */
function toDense(c: Client, key: string): boolean {
  if (edit.encoding === DENSE) return true;
  if (!edit.toDense()) {
    c.error(ERR_INVALID);
    return false;
  }
  c.db.replace(key, edit.result());
  // An encoding change is propagated as a write.
  c.server.dirty++;
  return true;
}

/**
 * PFSELFTEST: register packing round-trips random values, and dense and
 * sparse HLLs fed the same elements agree and stay within a few standard
 * errors of the true count at every power of ten up to 10^7.
 */
function pfselftest(c: Client): void {
  const regs = new Uint8Array(DENSE_SIZE);
  const want = new Uint8Array(REGISTERS);
  for (let cycle = 0; cycle < 1000; cycle++) {
    for (let i = 0; i < REGISTERS; i++) {
      want[i] = (Math.random() * 64) | 0;
      setReg(regs, i, want[i]);
    }
    for (let i = 0; i < REGISTERS; i++) {
      const got = getReg(regs, i);
      if (got !== want[i]) return c.error(`TESTFAILED Register error, counter ${i} should be ${want[i]} but is ${got}`);
    }
  }
  const dense = new HllEdit();
  dense.create();
  dense.toDense();
  const sparse = new HllEdit();
  sparse.create();
  const limit = sparseMax(c);
  const relErr = 1.04 / Math.sqrt(REGISTERS);
  const seedLo = (Math.random() * 2 ** 32) | 0;
  const seedHi = (Math.random() * 2 ** 32) | 0;
  let checkpoint = 1;
  for (let j = 1; j <= 10_000_000; j++) {
    // Each element is the 8 bytes of the 64-bit number j ^ seed.
    dense.addWord(seedHi, j ^ seedLo, limit);
    sparse.addWord(seedHi, j ^ seedLo, limit);
    if (j !== checkpoint) continue;
    if (j < limit / 2 && sparse.encoding !== SPARSE) return c.error('TESTFAILED sparse encoding not used');
    const n = count(dense.buf, dense.len);
    if (n !== count(sparse.buf, sparse.len)) return c.error('TESTFAILED dense/sparse disagree');
    const maxErr = j === 10 ? 1 : Math.ceil(relErr * 6 * checkpoint);
    const absErr = Math.abs(checkpoint - n);
    if (absErr > maxErr) return c.error(`TESTFAILED Too big error. card:${checkpoint} abserr:${absErr}`);
    checkpoint *= 10;
  }
  c.ok();
}

export const hyperloglogCommands: CommandDecl[] = [
  {
    name: 'pfadd',
    arity: -2,
    flags: 'write denyoom fast',
    acl: '@hyperloglog',
    keys: [key1('RW insert')],
    docs: {
      summary: 'Adds elements to a HyperLogLog, creating it when missing.',
      since: '2.8.9',
      group: 'hyperloglog',
      complexity: 'O(1) to add every element.',
      arguments: [key(), arg('element', 'string', { flags: 'optional multiple' })],
    },
    handler: pfadd,
  },
  {
    name: 'pfcount',
    arity: -2,
    flags: 'readonly',
    acl: '@hyperloglog',
    keys: [ks('RW access', index(1), range(-1, 1, 0))],
    docs: {
      summary: 'Estimates the number of distinct elements added to one HyperLogLog or the union of several.',
      since: '2.8.9',
      group: 'hyperloglog',
      complexity:
        'O(1) with a very small average constant time when called with a single key. O(N) with N being the number of keys, and much bigger constant times, when called with multiple keys.',
      arguments: [key('key', 0, { flags: 'multiple' })],
    },
    handler: pfcount,
  },
  {
    name: 'pfmerge',
    arity: -2,
    flags: 'write denyoom',
    acl: '@hyperloglog',
    keys: [key1('RW access insert'), ks('RO access', index(2), range(-1, 1, 0))],
    docs: {
      summary: 'Merges HyperLogLogs into a destination HyperLogLog.',
      since: '2.8.9',
      group: 'hyperloglog',
      complexity: 'O(N) to merge N HyperLogLogs, but with high constant times.',
      arguments: [key('destkey', 0), key('sourcekey', 1, { flags: 'multiple' })],
    },
    handler: pfmerge,
  },
  {
    name: 'pfdebug',
    arity: 3,
    flags: 'write denyoom admin',
    acl: '@hyperloglog',
    keys: [key1('RW access', 2)],
    docs: {
      summary: 'Shows or converts the internal representation of a HyperLogLog.',
      since: '2.8.9',
      group: 'hyperloglog',
      complexity: 'N/A',
      docFlags: ['syscmd'],
      arguments: [arg('subcommand', 'string'), key()],
    },
    handler: pfdebug,
  },
  {
    name: 'pfselftest',
    arity: 1,
    flags: 'admin',
    acl: '@hyperloglog',
    docs: {
      summary: 'Runs the internal self-test of the HyperLogLog implementation.',
      since: '2.8.9',
      group: 'hyperloglog',
      complexity: 'N/A',
      docFlags: ['syscmd'],
    },
    handler: pfselftest,
  },
];
