/** The accounts of a node and the checks dispatch runs against them. */
import type { Command } from '../commands/table';
import type { Client } from '../server/client';
import type { Subscriptions } from '../server/pubsub';
import { User } from './user';
import { AclLog, type LogContext } from './log';
import { AclRuleError } from './errors';
import { ACL_OK, DENIED_AUTH, DENIED_CMD, DENIED_KEY, KeyCache, type CommandIndex } from './selector';

export class Acl {
  readonly users = new Map<string, User>();
  readonly defaultUser: User;
  readonly index: CommandIndex;
  readonly log = new AclLog();
  /** ACL LOG's capacity (acllog-max-len). */
  logMaxLen = 128;
  /** Where in argv the last denied check found the offending key or channel. */
  deniedPos = 0;

  constructor(commands: Map<string, Command>) {
    let size = 0;
    for (const c of commands.values()) {
      size = Math.max(size, c.id + 1);
      if (c.subcommands) for (const s of c.subcommands.values()) size = Math.max(size, s.id + 1);
    }
    this.index = { byName: commands, size };
    this.defaultUser = this.createUser('default');
    for (const op of ['+@all', '~*', '&*', 'on', 'nopass']) this.defaultUser.apply(op);
  }

  createUser(name: string): User {
    const u = new User(name, this.index);
    this.users.set(name, u);
    return u;
  }

  /** Whether a connection that has not authenticated must do so first (Redis's authRequired). */
  authRequiredForDefault(): boolean {
    return !this.defaultUser.nopass || !this.defaultUser.enabled;
  }

  /** `requirepass` replaces the default user's passwords, as Redis does. */
  setRequirePass(pass: string): void {
    this.defaultUser.apply('resetpass');
    this.defaultUser.apply(pass === '' ? 'nopass' : '>' + pass);
  }

  /**
   * ACL SETUSER: applies every rule to a staged copy, then to the user (created
   * if new). Returns Redis's error text, or null on success.
   */
  setUser(name: string, args: string[]): string | null {
    const merged = mergeSelectorArgs(args);
    if (typeof merged === 'number') return `ERR Unmatched parenthesis in acl selector starting at '${args[merged]}'.`;
    const existing = this.users.get(name);
    const staged = existing ? existing.clone() : new User(name, this.index);
    for (const op of merged) {
      try {
        staged.apply(op);
      } catch (e) {
        if (!(e instanceof AclRuleError)) throw e;
        return `ERR Error in ACL SETUSER modifier '${op}': ${e.message}`;
      }
    }
    (existing ?? this.createUser(name)).copyFrom(staged);
    return null;
  }

  /** Removes a user and logs out its connections (Redis closes them). */
  deleteUser(name: string, clients: Iterable<Client>, current: Client): boolean {
    const u = this.users.get(name);
    if (u === undefined || u === this.defaultUser) return false;
    this.users.delete(name);
    for (const c of clients) {
      if (c.user !== u) continue;
      c.user = this.defaultUser;
      c.authenticated = false;
      closeConnection(c, current);
    }
    return true;
  }

  /**
   * After ACL SETUSER: the user's connections subscribed to a channel, shard
   * channel or pattern it may no longer use are closed, as Redis does.
   */
  dropRevokedSubscribers(name: string, clients: Iterable<Client>, current: Client): void {
    const u = this.users.get(name);
    if (u === undefined || u.unrestricted) return;
    for (const c of clients) {
      if (c.user === u && c.subscriptions !== null && !this.mayKeep(u, c.subscriptions)) closeConnection(c, current);
    }
  }

  private mayKeep(u: User, subs: Subscriptions): boolean {
    for (const ch of subs.channels) if (!this.channelAllowed(u, ch, false)) return false;
    for (const ch of subs.shard) if (!this.channelAllowed(u, ch, false)) return false;
    for (const p of subs.patterns) if (!this.channelAllowed(u, p, true)) return false;
    return true;
  }

  /** The user for these credentials, or null (unknown, disabled or wrong password). */
  authenticate(name: string, pass: string): User | null {
    const u = this.users.get(name);
    if (!u || !u.enabled || !u.checkPassword(pass)) return null;
    return u;
  }

  /** Logs a failed authentication as Redis does: object is the command as sent. */
  logAuthFailure(c: Client, username: string, commandName: string): void {
    this.log.add(c, DENIED_AUTH, 'toplevel', commandName, username, this.logMaxLen);
  }

  /**
   * Redis's ACLCheckAllUserCommandPerm: OK when one selector allows the call;
   * otherwise the most relevant denial, with its argv position in deniedPos.
   */
  check(u: User, cmd: Command, argv: string[]): number {
    let relevant = DENIED_CMD;
    let lastPos = 0;
    const keys = new KeyCache();
    for (const s of u.selectors) {
      keys.deniedPos = 0;
      const r = s.check(cmd, argv, keys);
      if (r === ACL_OK) return ACL_OK;
      if (r > relevant || (r === relevant && keys.deniedPos > lastPos)) {
        relevant = r;
        lastPos = keys.deniedPos;
      }
    }
    this.deniedPos = lastPos;
    return relevant;
  }

  /** Whether the user may use this channel (PUBLISH/SUBSCRIBE) or literal pattern (PSUBSCRIBE). */
  channelAllowed(u: User, channel: string, isPattern: boolean): boolean {
    if (u.unrestricted) return true;
    for (const s of u.selectors) if (s.channelAllowed(channel, isPattern)) return true;
    return false;
  }

  /** Refuses a call that check() denied: logs it and replies NOPERM. */
  deny(c: Client, cmd: Command, argv: string[], result: number, context: LogContext): void {
    const object = result === DENIED_CMD ? cmd.fullName : argv[this.deniedPos];
    // Redis has already made this the client's current command (CLIENT LIST's cmd=).
    c.lastCommand = cmd;
    this.log.add(c, result, context, object, c.user.name, this.logMaxLen);
    c.error('NOPERM ' + denialMessage(result, c.user, cmd, object, false));
  }
}

/** Redis's getAclErrorMessage; `verbose` is ACL DRYRUN's wording. */
export function denialMessage(result: number, u: User, cmd: Command, object: string, verbose: boolean): string {
  if (result === DENIED_CMD) return `User ${u.name} has no permissions to run the '${cmd.fullName}' command`;
  const what = result === DENIED_KEY ? 'key' : 'channel';
  if (verbose) return `User ${u.name} has no permissions to access the '${object}' ${what}`;
  return `No permissions to access a ${what}`;
}

/**
 * Joins `(...)` selector rules that arrive split over several arguments.
 * Returns the index of an unterminated `(` when there is one.
 */
function mergeSelectorArgs(args: string[]): string[] | number {
  const out: string[] = [];
  let open = -1;
  let cur = '';
  for (let j = 0; j < args.length; j++) {
    const op = args[j];
    if (open === -1 && op[0] === '(' && op[op.length - 1] !== ')') {
      cur = op;
      open = j;
      continue;
    }
    if (open !== -1) {
      cur += ' ' + op;
      if (op[op.length - 1] === ')') {
        open = -1;
        out.push(cur);
      }
      continue;
    }
    out.push(op);
  }
  return open === -1 ? out : open;
}

/** The connection running the ACL command still gets its reply; any other closes now. */
function closeConnection(c: Client, current: Client): void {
  if (c === current) c.closeAfterReply = true;
  else c.kill();
}
