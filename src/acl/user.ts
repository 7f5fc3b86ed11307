/** An account: its flags, password hashes and selectors. */
import { createHash } from 'node:crypto';
import { Selector, type CommandIndex } from './selector';
import { AclRuleError, ERR_SYNTAX_RULE } from './errors';

/** Redis stores and shows SHA-256 hex digests of passwords, never the passwords. */
export function hashPassword(pass: string): string {
  return createHash('sha256').update(Buffer.from(pass, 'latin1')).digest('hex');
}

function isPasswordHash(h: string): boolean {
  if (h.length !== 64) return false;
  for (let i = 0; i < 64; i++) {
    const c = h.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) return false;
  }
  return true;
}

const ERR_HASH = 'The password hash must be exactly 64 characters and contain only lowercase hexadecimal characters';

export class User {
  enabled = false;
  nopass = false;
  /** RESTORE payload sanitisation: 'sanitize-payload' or 'skip-sanitize-payload'. */
  skipSanitize = false;
  passwords: string[] = [];
  /** selectors[0] is the root selector. */
  selectors: Selector[];
  /** True when the user may run every command on every key and channel, so dispatch skips ACL checks. */
  unrestricted = false;

  constructor(
    readonly name: string,
    readonly index: CommandIndex,
  ) {
    this.selectors = [new Selector(index, true)];
  }

  get root(): Selector {
    return this.selectors[0];
  }

  /** A copy to stage changes on, so a failing SETUSER changes nothing. */
  clone(): User {
    const u = new User(this.name, this.index);
    u.copyFrom(this);
    return u;
  }

  copyFrom(o: User): void {
    this.enabled = o.enabled;
    this.nopass = o.nopass;
    this.skipSanitize = o.skipSanitize;
    this.passwords = o.passwords.slice();
    this.selectors = o.selectors.map((s) => s.clone());
    this.refresh();
  }

  /** Recomputes the fast-path flag after any change. */
  refresh(): void {
    const r = this.root;
    this.unrestricted = r.allCommands && r.allKeys && r.allChannels;
  }

  checkPassword(pass: string): boolean {
    return this.nopass || this.passwords.includes(hashPassword(pass));
  }

  /** Applies one SETUSER rule (Redis's ACLSetUser); throws AclRuleError. */
  apply(op: string): void {
    this.applyOne(op);
    this.refresh();
  }

  private applyOne(op: string): void {
    if (op.length === 0) return;
    const lop = op.toLowerCase();
    if (lop === 'on') this.enabled = true;
    else if (lop === 'off') this.enabled = false;
    else if (lop === 'skip-sanitize-payload') this.skipSanitize = true;
    else if (lop === 'sanitize-payload') this.skipSanitize = false;
    else if (lop === 'nopass') {
      this.nopass = true;
      this.passwords = [];
    } else if (lop === 'resetpass') {
      this.nopass = false;
      this.passwords = [];
    } else if (op[0] === '>' || op[0] === '#') {
      const hash = passwordOperand(op);
      if (!this.passwords.includes(hash)) this.passwords.push(hash);
      this.nopass = false;
    } else if (op[0] === '<' || op[0] === '!') {
      const hash = passwordOperand(op);
      const i = this.passwords.indexOf(hash);
      if (i < 0) throw new AclRuleError('The password you are trying to remove from the user does not exist');
      this.passwords.splice(i, 1);
    } else if (op[0] === '(' && op[op.length - 1] === ')') {
      const s = new Selector(this.index, false);
      for (const rule of splitArgs(op.slice(1, -1))) s.apply(rule);
      this.selectors.push(s);
    } else if (lop === 'clearselectors') {
      this.selectors.length = 1;
    } else if (lop === 'reset') {
      for (const r of ['resetpass', 'resetkeys', 'resetchannels', 'off', 'sanitize-payload', 'clearselectors', '-@all']) {
        this.applyOne(r);
      }
    } else {
      this.root.apply(op);
    }
  }

  /** The user as ACL LIST writes it, after `user <name> `. */
  describe(): string {
    let out = this.enabled ? 'on ' : 'off ';
    if (this.nopass) out += 'nopass ';
    out += this.skipSanitize ? 'skip-sanitize-payload ' : 'sanitize-payload ';
    for (const p of this.passwords) out += '#' + p + ' ';
    out += this.root.describe();
    for (let i = 1; i < this.selectors.length; i++) out += ' (' + this.selectors[i].describe() + ')';
    return out;
  }

  /** Flags as ACL GETUSER lists them, in Redis's order. */
  flagNames(): string[] {
    const out = [this.enabled ? 'on' : 'off'];
    if (this.nopass) out.push('nopass');
    out.push(this.skipSanitize ? 'skip-sanitize-payload' : 'sanitize-payload');
    return out;
  }
}

function passwordOperand(op: string): string {
  const rest = op.slice(1);
  if (op[0] === '>' || op[0] === '<') return hashPassword(rest);
  if (!isPasswordHash(rest)) throw new AclRuleError(ERR_HASH);
  return rest;
}

/**
 * Splits a selector's body into rules the way Redis's sdssplitargs does:
 * whitespace separated, with "double" (escapes allowed) and 'single' quotes.
 */
export function splitArgs(line: string): string[] {
  const out: string[] = [];
  let i = 0;
  const n = line.length;
  const isSpace = (c: string): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\r';
  while (i < n) {
    while (i < n && isSpace(line[i])) i++;
    if (i >= n) break;
    let cur = '';
    const q = line[i] === '"' || line[i] === "'" ? line[i++] : '';
    for (;;) {
      if (i >= n) {
        if (q) throw new AclRuleError(ERR_SYNTAX_RULE);
        break;
      }
      const c = line[i];
      if (q) {
        if (c === '\\' && q === '"' && i + 1 < n) {
          cur += line[i + 1];
          i += 2;
          continue;
        }
        if (c === q) {
          i++;
          if (i < n && !isSpace(line[i])) throw new AclRuleError(ERR_SYNTAX_RULE);
          break;
        }
      } else if (isSpace(c)) {
        break;
      }
      cur += c;
      i++;
    }
    out.push(cur);
  }
  return out;
}
