/**
 * A selector: one set of permissions (commands, key patterns, channel
 * patterns). A user has a root selector plus any number of `(...)` ones; a
 * command runs when one selector allows all of it.
 */
import { ACL_CATEGORIES, categoryBit, type Command } from '../commands/table';
import { globMatch } from '../util/glob';
import { AclRuleError, ERR_SYNTAX_RULE, ERR_UNKNOWN_RULE } from './errors';

export const PERM_READ = 1;
export const PERM_WRITE = 2;
export const PERM_ALL = PERM_READ | PERM_WRITE;

/** Check results, ordered as Redis orders them when picking which denial to report. */
export const ACL_OK = 0;
export const DENIED_CMD = 1;
export const DENIED_KEY = 2;
export const DENIED_AUTH = 3;
export const DENIED_CHANNEL = 4;

/** The command table as ACL rules see it. */
export interface CommandIndex {
  readonly byName: Map<string, Command>;
  /** One past the highest command id. */
  readonly size: number;
}

export interface KeyPattern {
  pattern: string;
  flags: number;
}

/** A key named by a call and the permission it needs. */
export interface KeyRef {
  pos: number;
  perm: number;
}

export class Selector {
  allKeys = false;
  allChannels = false;
  /** Every command allowed: lets checks skip the bitmap. Any removal clears it. */
  allCommands = false;
  /** Set by +@all only: ACL LIST then starts from +@all (future commands are allowed too). */
  future = false;
  patterns: KeyPattern[] = [];
  channels: string[] = [];
  /** One byte per command id: 1 when allowed. */
  allowed: Uint8Array;
  /** The command rules as given, compacted as Redis does, for ACL LIST. */
  rules = '';
  /** Deprecated `+cmd|firstarg` allowances, by command id. */
  firstArgs: Map<number, Set<string>> | null = null;

  constructor(
    readonly index: CommandIndex,
    readonly root: boolean,
  ) {
    this.allowed = new Uint8Array(index.size);
  }

  clone(): Selector {
    const s = new Selector(this.index, this.root);
    s.allKeys = this.allKeys;
    s.allChannels = this.allChannels;
    s.allCommands = this.allCommands;
    s.future = this.future;
    s.patterns = this.patterns.map((p) => ({ pattern: p.pattern, flags: p.flags }));
    s.channels = this.channels.slice();
    s.allowed.set(this.allowed);
    s.rules = this.rules;
    if (this.firstArgs) s.firstArgs = new Map([...this.firstArgs].map(([k, v]) => [k, new Set(v)]));
    return s;
  }

  /** Applies one rule (Redis's ACLSetSelector); throws AclRuleError. */
  apply(op: string): void {
    const lop = op.toLowerCase();
    if (lop === 'allkeys' || op === '~*') {
      this.allKeys = true;
      this.patterns = [];
    } else if (lop === 'resetkeys') {
      this.allKeys = false;
      this.patterns = [];
    } else if (lop === 'allchannels' || op === '&*') {
      this.allChannels = true;
      this.channels = [];
    } else if (lop === 'resetchannels') {
      this.allChannels = false;
      this.channels = [];
    } else if (lop === 'allcommands' || lop === '+@all') {
      this.setAllCommands(true);
    } else if (lop === 'nocommands' || lop === '-@all') {
      this.setAllCommands(false);
    } else if (op[0] === '~' || op[0] === '%') {
      this.addKeyPattern(op);
    } else if (op[0] === '&') {
      if (this.allChannels) {
        throw new AclRuleError(
          "Adding a pattern after the * pattern (or the 'allchannels' flag) is not valid and does not have any effect. Try 'resetchannels' to start with an empty list of channels",
        );
      }
      const pat = op.slice(1);
      if (!this.channels.includes(pat)) this.channels.push(pat);
    } else if ((op[0] === '+' || op[0] === '-') && op[1] === '@') {
      const bit = categoryBit(lop.slice(2));
      if (bit === 0) throw new AclRuleError(ERR_UNKNOWN_RULE);
      this.updateRules(lop.slice(1), op[0] === '+');
      this.setCategory(bit, op[0] === '+');
    } else if (op[0] === '+') {
      this.allowCommand(op.slice(1));
    } else if (op[0] === '-') {
      const cmd = lookupRuleCommand(this.index, op.slice(1));
      if (cmd === undefined) throw new AclRuleError(ERR_UNKNOWN_RULE);
      this.changePerm(cmd, false);
      this.updateRules(cmd.fullName, false);
    } else {
      throw new AclRuleError(ERR_SYNTAX_RULE);
    }
  }

  private setAllCommands(on: boolean): void {
    this.allowed.fill(on ? 1 : 0);
    this.allCommands = on;
    this.future = on;
    this.rules = '';
    this.firstArgs = null;
  }

  private addKeyPattern(op: string): void {
    if (this.allKeys) {
      throw new AclRuleError(
        "Adding a pattern after the * pattern (or the 'allkeys' flag) is not valid and does not have any effect. Try 'resetkeys' to start with an empty list of patterns",
      );
    }
    let flags = 0;
    let offset = 1;
    if (op[0] === '%') {
      for (; offset < op.length; offset++) {
        const ch = op[offset].toUpperCase();
        if (ch === 'R' && !(flags & PERM_READ)) flags |= PERM_READ;
        else if (ch === 'W' && !(flags & PERM_WRITE)) flags |= PERM_WRITE;
        else if (op[offset] === '~') {
          offset++;
          break;
        } else throw new AclRuleError(ERR_SYNTAX_RULE);
      }
    } else {
      flags = PERM_ALL;
    }
    const pat = op.slice(offset);
    if (pat === '*' && flags === PERM_ALL) {
      this.allKeys = true;
      this.patterns = [];
      return;
    }
    const existing = this.patterns.find((p) => p.pattern === pat);
    if (existing) existing.flags |= flags;
    else this.patterns.push({ pattern: pat, flags });
  }

  private allowCommand(name: string): void {
    const bar = name.indexOf('|');
    if (bar < 0) {
      const cmd = lookupRuleCommand(this.index, name);
      if (cmd === undefined) throw new AclRuleError(ERR_UNKNOWN_RULE);
      this.changePerm(cmd, true);
      this.updateRules(cmd.fullName, true);
      return;
    }
    const parent = this.index.byName.get(name.slice(0, bar).toLowerCase());
    if (parent === undefined) throw new AclRuleError(ERR_UNKNOWN_RULE);
    const sub = name.slice(bar + 1);
    if (sub === '') throw new AclRuleError(ERR_SYNTAX_RULE);
    if (parent.subcommands !== undefined) {
      const cmd = lookupRuleCommand(this.index, name);
      if (cmd === undefined) throw new AclRuleError(ERR_UNKNOWN_RULE);
      this.changePerm(cmd, true);
    } else {
      // `+select|0`: a command allowed only with this first argument.
      if (this.firstArgs === null) this.firstArgs = new Map();
      let set = this.firstArgs.get(parent.id);
      if (set === undefined) this.firstArgs.set(parent.id, (set = new Set()));
      set.add(sub.toLowerCase());
    }
    this.updateRules(name, true);
  }

  /** Redis's ACLChangeSelectorPerm: the command and all its subcommands. */
  private changePerm(cmd: Command, allow: boolean): void {
    const v = allow ? 1 : 0;
    if (!allow) this.allCommands = false;
    this.allowed[cmd.id] = v;
    this.firstArgs?.delete(cmd.id);
    if (cmd.subcommands) for (const sub of cmd.subcommands.values()) this.allowed[sub.id] = v;
  }

  private setCategory(bit: number, allow: boolean): void {
    const visit = (cmds: Iterable<Command>): void => {
      for (const cmd of cmds) {
        if (cmd.categories & bit) this.changePerm(cmd, allow);
        if (cmd.subcommands) visit(cmd.subcommands.values());
      }
    };
    visit(this.index.byName.values());
  }

  /**
   * Keeps the textual rules compact as Redis does: a new rule replaces any
   * earlier rule for the same command (or for one of its subcommands).
   */
  private updateRules(rule: string, allow: boolean): void {
    const r = rule.toLowerCase();
    const kept: string[] = [];
    if (this.rules !== '') {
      for (const tok of this.rules.split(' ')) {
        const name = tok.slice(1);
        if (name === r || (name.length > r.length && name.startsWith(r) && name[r.length] === '|')) continue;
        kept.push(tok);
      }
    }
    kept.push((allow ? '+' : '-') + r);
    this.rules = kept.join(' ');
  }

  /** Redis's ACLDescribeSelectorCommandRules. */
  describeCommands(): string {
    const base = this.future ? '+@all' : '-@all';
    return this.rules === '' ? base : base + ' ' + this.rules;
  }

  describeKeys(): string {
    if (this.allKeys) return '~*';
    return this.patterns.map(patternString).join(' ');
  }

  describeChannels(): string {
    if (this.allChannels) return '&*';
    return this.channels.map((c) => '&' + c).join(' ');
  }

  /** The selector as ACL LIST writes it. */
  describe(): string {
    let out = '';
    if (this.allKeys) out += '~* ';
    else for (const p of this.patterns) out += patternString(p) + ' ';
    if (this.allChannels) out += '&* ';
    else {
      out += 'resetchannels ';
      for (const c of this.channels) out += '&' + c + ' ';
    }
    return out + this.describeCommands();
  }

  /** Redis's ACLSelectorCheckCmd. `keys` is computed lazily and shared between selectors. */
  check(cmd: Command, argv: string[], keys: KeyCache): number {
    if (!this.allCommands && !cmd.noAuth && this.allowed[cmd.id] === 0) {
      const fa = this.firstArgs?.get(cmd.id);
      if (fa === undefined || argv.length < 2 || !fa.has(argv[1].toLowerCase())) return DENIED_CMD;
    }
    if (!this.allKeys) {
      const refs = keys.get(cmd, argv);
      for (let i = 0; i < refs.length; i++) {
        if (!this.keyAllowed(argv[refs[i].pos], refs[i].perm)) {
          keys.deniedPos = refs[i].pos;
          return DENIED_KEY;
        }
      }
    }
    if (!this.allChannels) {
      const ch = CHANNEL_ARGS.get(cmd.fullName);
      if (ch !== undefined) {
        const last = ch.all ? argv.length - 1 : ch.first;
        for (let i = ch.first; i <= last; i++) {
          if (!this.channelAllowed(argv[i], ch.pattern)) {
            keys.deniedPos = i;
            return DENIED_CHANNEL;
          }
        }
      }
    }
    return ACL_OK;
  }

  /** Redis's ACLSelectorCheckKey. */
  keyAllowed(key: string, perm: number): boolean {
    if (this.allKeys) return true;
    for (const p of this.patterns) {
      if ((p.flags & perm) !== perm) continue;
      if (globMatch(p.pattern, key)) return true;
    }
    return false;
  }

  /** Patterns subscribed with PSUBSCRIBE must appear literally; channels match the patterns. */
  channelAllowed(channel: string, isPattern: boolean): boolean {
    if (this.allChannels) return true;
    for (const p of this.channels) {
      if (isPattern ? p === channel : globMatch(p, channel)) return true;
    }
    return false;
  }
}

/** Where pub/sub commands name channels, as Redis's getChannelsFromCommand knows them. */
const CHANNEL_ARGS = new Map<string, { first: number; all: boolean; pattern: boolean }>([
  ['publish', { first: 1, all: false, pattern: false }],
  ['spublish', { first: 1, all: false, pattern: false }],
  ['subscribe', { first: 1, all: true, pattern: false }],
  ['ssubscribe', { first: 1, all: true, pattern: false }],
  ['psubscribe', { first: 1, all: true, pattern: true }],
]);

function patternString(p: KeyPattern): string {
  if (p.flags === PERM_ALL) return '~' + p.pattern;
  if (p.flags === PERM_READ) return '%R~' + p.pattern;
  return '%W~' + p.pattern;
}

/** Redis's lookupCommandBySds in strict mode: `name` or `name|sub`. */
export function lookupRuleCommand(index: CommandIndex, name: string): Command | undefined {
  const bar = name.indexOf('|');
  if (bar < 0) return index.byName.get(name.toLowerCase());
  const parent = index.byName.get(name.slice(0, bar).toLowerCase());
  if (parent === undefined || parent.subcommands === undefined) return undefined;
  const sub = name.slice(bar + 1).toLowerCase();
  if (sub.indexOf('|') >= 0) return undefined;
  return parent.subcommands.get(sub);
}

/** The permission a key's flags need: reading for `access`, writing for insert/update/delete. */
const flagPerms = new WeakMap<readonly string[], number>();
function flagsPerm(flags: readonly string[]): number {
  let p = flagPerms.get(flags);
  if (p === undefined) {
    p = 0;
    for (const f of flags) {
      if (f === 'access') p |= PERM_READ;
      else if (f === 'insert' || f === 'delete' || f === 'update') p |= PERM_WRITE;
    }
    flagPerms.set(flags, p);
  }
  return p;
}

/** The keys of one call, resolved once however many selectors look at them. */
export class KeyCache {
  private refs: KeyRef[] | null = null;
  deniedPos = 0;

  get(cmd: Command, argv: string[]): KeyRef[] {
    if (this.refs !== null) return this.refs;
    const out: KeyRef[] = [];
    const found = cmd.keyRefs(argv);
    if (found !== null) for (const k of found) out.push({ pos: k.pos, perm: flagsPerm(k.flags) });
    this.refs = out;
    return out;
  }
}

/** Category names for ACL CAT, in Redis's order. */
export const CATEGORY_NAMES: readonly string[] = ACL_CATEGORIES;
