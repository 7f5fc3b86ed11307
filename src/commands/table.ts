/**
 * Builds the command table from the families' declarations and derives what
 * Redis derives: legacy first/last/step from key specs, the movablekeys flag,
 * and the implicit ACL categories.
 */
import type { CommandDecl, Handler, KeySpec } from './spec';
import { parseSafeInt } from '../util/numbers';

/** ACL categories in Redis's table order (COMMAND lists them in this order). */
export const ACL_CATEGORIES = [
  'keyspace', 'read', 'write', 'set', 'sortedset', 'list', 'hash', 'string', 'bitmap', 'hyperloglog',
  'geo', 'stream', 'pubsub', 'admin', 'fast', 'slow', 'blocking', 'dangerous', 'connection',
  'transaction', 'scripting',
] as const;

export function categoryBit(name: string): number {
  const i = (ACL_CATEGORIES as readonly string[]).indexOf(name);
  return i < 0 ? 0 : 1 << i;
}

const CAT = (n: string): number => categoryBit(n);

const IN_MULTI = new Set(['exec', 'discard', 'multi', 'watch', 'quit', 'reset']);
const SUBSCRIBED_MODE = new Set(['subscribe', 'unsubscribe', 'psubscribe', 'punsubscribe', 'ssubscribe', 'sunsubscribe', 'ping', 'quit', 'reset']);

export class Command {
  readonly name: string;
  /** 'config|get' for subcommands, as Redis names them in errors and ACLs. */
  readonly fullName: string;
  readonly arity: number;
  readonly flags: readonly string[];
  readonly categories: number;
  readonly keySpecs: readonly KeySpec[];
  readonly tips: readonly string[];
  readonly firstKey: number;
  readonly lastKey: number;
  readonly step: number;
  readonly movableKeys: boolean;
  readonly handler: Handler | undefined;
  readonly getKeysFn: ((argv: string[]) => number[]) | undefined;
  readonly subcommands: Map<string, Command> | undefined;
  readonly parent: Command | undefined;
  readonly decl: CommandDecl;
  /** Numeric id for ACL command bitmaps. */
  id = 0;
  // Flags the dispatcher tests on every call, kept as booleans for speed.
  readonly isWrite: boolean;
  readonly isReadonly: boolean;
  readonly isAdmin: boolean;
  /** Runs at once inside MULTI instead of being queued (Redis's fixed list). */
  readonly runsInMulti: boolean;
  /** Runs while a RESP2 client is subscribed (Redis's fixed list). */
  readonly allowedWhileSubscribed: boolean;
  readonly noAuth: boolean;
  readonly denyOom: boolean;
  readonly allowLoading: boolean;
  readonly allowStale: boolean;
  readonly noScript: boolean;
  readonly noMulti: boolean;

  constructor(decl: CommandDecl, parent?: Command) {
    this.decl = decl;
    this.parent = parent;
    this.name = decl.name;
    this.fullName = parent ? parent.name + '|' + decl.name : decl.name;
    this.arity = decl.arity;
    this.keySpecs = decl.keys ?? [];
    this.tips = decl.tips ? decl.tips.split(' ') : [];
    this.handler = decl.handler;
    this.getKeysFn = decl.getKeys;
    const declared = decl.flags ? decl.flags.split(' ') : [];
    const legacy = legacyRange(this.keySpecs);
    this.firstKey = legacy.first;
    this.lastKey = legacy.last;
    this.step = legacy.step;
    this.movableKeys = legacy.movable;
    this.flags = legacy.movable ? [...declared, 'movablekeys'] : declared;
    this.categories = implicitCategories(declared, decl.acl);
    const has = (f: string): boolean => declared.includes(f);
    this.isWrite = has('write');
    this.isReadonly = has('readonly');
    this.isAdmin = has('admin');
    this.allowedWhileSubscribed = parent === undefined && SUBSCRIBED_MODE.has(decl.name);
    this.runsInMulti = parent === undefined && IN_MULTI.has(decl.name);
    this.noAuth = has('no_auth');
    this.denyOom = has('denyoom');
    this.allowLoading = has('loading');
    this.allowStale = has('stale');
    this.noScript = has('noscript');
    this.noMulti = has('no_multi');
    if (decl.subcommands) {
      this.subcommands = new Map();
      for (const sub of decl.subcommands) this.subcommands.set(sub.name, new Command(sub, this));
    }
  }

  hasCategory(name: string): boolean {
    return (this.categories & categoryBit(name)) !== 0;
  }

  categoryNames(): string[] {
    const out: string[] = [];
    for (let i = 0; i < ACL_CATEGORIES.length; i++) if (this.categories & (1 << i)) out.push('@' + ACL_CATEGORIES[i]);
    return out;
  }

  /** Arity check as Redis does it: exact when positive, a minimum when negative. */
  arityOk(argc: number): boolean {
    const a = this.arity;
    return a > 0 ? argc === a : argc >= -a;
  }

  /** Positions in argv of every key this call names (COMMAND GETKEYS, ACL, slots). */
  keyPositions(argv: string[]): number[] | null {
    if (this.getKeysFn) return this.getKeysFn(argv);
    const found = keysFromSpecs(this.keySpecs, argv);
    return found === null ? null : found.map((k) => k.pos);
  }

  /** True when the command names keys at all (COMMAND GETKEYS refuses others). */
  get hasKeys(): boolean {
    return this.getKeysFn !== undefined || this.keySpecs.length !== 0;
  }

  /**
   * Keys of a call with the flags that apply to each, as COMMAND
   * GETKEYSANDFLAGS and key-level ACL checks see them. Specs marked not_key
   * (shard channels) name no key.
   */
  keyRefs(argv: string[]): KeyRef[] | null {
    let refs: KeyRef[];
    if (this.getKeysFn) {
      const fallback = this.keySpecs.length ? this.keySpecs[0].flags : [];
      refs = this.getKeysFn(argv).map((pos) => ({ pos, flags: fallback }));
    } else {
      const found = keysFromSpecs(this.keySpecs, argv);
      if (found === null) return null;
      refs = [];
      for (const k of found) if (!k.spec.flags.includes('not_key')) refs.push({ pos: k.pos, flags: k.spec.flags });
    }
    const keyFlags = this.decl.keyFlags;
    if (keyFlags) for (const r of refs) r.flags = keyFlags(argv, r.pos);
    return refs;
  }
}

export interface KeyRef {
  pos: number;
  flags: readonly string[];
}

/** Redis's setImplicitACLCategories. */
function implicitCategories(flags: string[], explicit: string | undefined): number {
  let bits = 0;
  if (explicit) for (const c of explicit.split(' ')) if (c) bits |= CAT(c.replace(/^@/, ''));
  const has = (f: string): boolean => flags.includes(f);
  if (has('write')) bits |= CAT('write');
  if (has('readonly') && !(bits & CAT('scripting'))) bits |= CAT('read');
  if (has('admin')) bits |= CAT('admin') | CAT('dangerous');
  if (has('pubsub')) bits |= CAT('pubsub');
  if (has('fast')) bits |= CAT('fast');
  if (has('blocking')) bits |= CAT('blocking');
  if (!(bits & CAT('fast'))) bits |= CAT('slow');
  return bits;
}

/** Redis's populateCommandLegacyRangeSpec. */
function legacyRange(specs: readonly KeySpec[]): { first: number; last: number; step: number; movable: boolean } {
  if (specs.length === 0) return { first: 0, last: 0, step: 0, movable: false };
  const incomplete = (s: KeySpec): boolean => s.flags.includes('incomplete');
  if (specs.length === 1 && specs[0].begin.type === 'index' && specs[0].find.type === 'range') {
    const s = specs[0];
    const b = s.begin as { index: number };
    const f = s.find as { lastkey: number; keystep: number };
    return { first: b.index, last: f.lastkey >= 0 ? b.index + f.lastkey : f.lastkey, step: f.keystep, movable: incomplete(s) };
  }
  let movable = false;
  let first = Number.MAX_SAFE_INTEGER;
  let last = 0;
  let prevLast = 0;
  for (const s of specs) {
    if (s.begin.type !== 'index' || s.find.type !== 'range') {
      movable = true;
      continue;
    }
    if (s.find.keystep !== 1 || (prevLast && prevLast !== s.begin.index - 1)) {
      movable = true;
      continue;
    }
    if (incomplete(s)) movable = true;
    first = Math.min(first, s.begin.index);
    let abs = s.find.lastkey;
    if (abs >= 0) abs += s.begin.index;
    // Redis compares as unsigned, so a negative lastkey wins.
    last = unsignedMax(last, abs);
    prevLast = last;
  }
  if (first === Number.MAX_SAFE_INTEGER) return { first: 0, last: 0, step: 0, movable: true };
  return { first, last, step: 1, movable };
}

function unsignedMax(a: number, b: number): number {
  return (a >>> 0) >= (b >>> 0) ? a : b;
}

export interface FoundKey {
  pos: number;
  spec: KeySpec;
}

/**
 * Redis's getKeysUsingKeySpecs: resolves every spec against a call's argv.
 * Returns null when the arguments contradict a spec (out-of-range key count).
 */
export function keysFromSpecs(specs: readonly KeySpec[], argv: string[]): FoundKey[] | null {
  const out: FoundKey[] = [];
  const argc = argv.length;
  for (const spec of specs) {
    let first = 0;
    const b = spec.begin;
    if (b.type === 'index') {
      first = b.index;
    } else if (b.type === 'keyword') {
      const start = b.startfrom > 0 ? b.startfrom : argc + b.startfrom;
      const end = b.startfrom > 0 ? argc - 1 : 1;
      const kw = b.keyword.toLowerCase();
      for (let i = start; i !== end; i = start <= end ? i + 1 : i - 1) {
        if (i >= argc || i < 1) break;
        if (argv[i].toLowerCase() === kw) {
          first = i + 1;
          break;
        }
      }
      if (!first) continue;
    } else {
      continue;
    }
    const f = spec.find;
    let last: number;
    let step: number;
    if (f.type === 'range') {
      step = f.keystep;
      if (f.lastkey >= 0) last = first + f.lastkey;
      else if (!f.limit) last = argc + f.lastkey;
      else last = first + (Math.trunc((argc - first) / f.limit) + f.lastkey);
    } else if (f.type === 'keynum') {
      if (f.keynumidx >= argc - first) return null;
      const n = parseSafeInt(argv[first + f.keynumidx]);
      if (n === null || n < 0) return null;
      first += f.firstkey;
      last = first + n - 1;
      step = f.keystep;
    } else {
      continue;
    }
    if (last < first) {
      // A key count of zero: Redis then falls back to the command's own key
      // finder, which names no key at all (EVAL with numkeys 0 has none;
      // ZUNIONSTORE dst 0 ... does not even name its destination).
      if (f.type === 'keynum') return [];
      return null;
    }
    if (last >= argc || first >= argc) return null;
    for (let i = first; i <= last; i += step) out.push({ pos: i, spec });
  }
  return out;
}
