/**
 * Clients blocked on keys (BLPOP, BLMOVE, BZPOPMIN, XREAD, XREADGROUP...), as Redis
 * 7.2 handles them: the command is run again when a key it waits on is ready.
 *
 * API for a blocking command's handler (see BLPOP in commands/lists.ts):
 *
 *   const deadline = parseTimeout(c, argv[i]);    // null: error already replied
 *   ...try to serve at once; when there is nothing to serve:
 *   if (!mayBlock(c)) return c.nullArray();       // inside MULTI / a script
 *   blockOnKeys(c, argv, keys, 'list', deadline); // no reply; return
 *
 * - When a key in `keys` is written by any command (Db.set signals it) and
 *   then holds a value of the given type, the handler runs again with the
 *   same argv once the current command (a whole EXEC or script included) has
 *   finished, longest-waiting client first. If it still finds nothing it
 *   blocks again, keeping its first deadline.
 * - Types whose commands wake waiters without creating the key (a stream
 *   getting an entry) call signalKeyReady(db, key).
 * - A waiter that reruns on any change (XREADGROUP) runs again also when the
 *   key is deleted or holds another type (Db.delete signals too), so that
 *   its command replies the error Redis gives then (NOGROUP, WRONGTYPE).
 * - Timeout or CLIENT UNBLOCK [TIMEOUT]: a null array. CLIENT UNBLOCK ERROR:
 *   -UNBLOCKED. A disconnect drops the wait silently.
 * - Cluster mode: a client whose slot is no longer served here (and is not
 *   being imported) gets -MOVED (or -CLUSTERDOWN), checked by the server
 *   cron; disconnectAllBlocked() is Redis's answer to a master turning into
 *   a replica (-UNBLOCKED, then the connection closes).
 * - MULTI/EXEC and scripts run blocking commands without blocking: they call
 *   enterNonBlocking()/exitNonBlocking() around the body, and run the inner
 *   commands through Server.call (not dispatch), so that waiters are served
 *   once the whole body has run.
 */
import { runningScript } from '../scripting/busy';
import type { Client } from './client';
import type { Server } from './server';
import type { Command } from '../commands/table';
import type { Db, KeyWaiters } from '../store/db';
import type { CollectionValue } from '../store/value';
import { typeOf } from '../store/value';
import { ceilLongDouble, mulLongDouble, parseLongDouble } from '../util/longdouble';
import { parseInt64 } from '../util/numbers';
import { keySlot } from '../cluster/slot';
import { ERR_DOWN, ERR_UNBOUND } from '../cluster/redirect';

export type BlockType = CollectionValue['type'];

const ERR_UNBLOCKED = 'UNBLOCKED client unblocked via CLIENT UNBLOCK';
const ERR_ROLE_CHANGED = 'UNBLOCKED force unblock from blocking operation, instance state changed (master -> replica?)';

/** One blocked client: what it waits for and how to run its command again. */
class Blocked {
  timer: NodeJS.Timeout | null = null;

  constructor(
    readonly c: Client,
    readonly db: Db,
    readonly keys: string[],
    readonly type: BlockType,
    /** Absolute time in ms; 0: no timeout. */
    readonly deadline: number,
    readonly cmd: Command,
    readonly argv: string[],
    /** Run again on any signal, the key gone or of another type included (XREADGROUP). */
    readonly anyChange: boolean,
  ) {}
}

/** The clients waiting on one key, in the order they blocked. */
class Waiters implements KeyWaiters {
  readonly list: Blocked[] = [];
  queued = false;

  constructor(
    readonly owner: Blocking,
    readonly db: Db,
    readonly key: string,
  ) {}

  signal(): void {
    if (this.queued) return;
    this.queued = true;
    this.owner.queue(this);
  }
}

// Depth of MULTI/EXEC bodies and scripts being run: blocking commands do not block there.
let nonBlocking = 0;

export function enterNonBlocking(): void {
  nonBlocking++;
}

export function exitNonBlocking(): void {
  nonBlocking--;
}

/** Whether a blocking command may block now (false inside MULTI/EXEC or a script). */
export function mayBlock(_c: Client): boolean {
  return nonBlocking === 0;
}

/**
 * Redis 7.2's getTimeoutFromObjectOrReply in seconds: a long double, times
 * 1000, rounded up to whole ms; negative and int64-overflowing values
 * refused. Returns the absolute deadline in ms (0: wait forever), or null
 * after replying an error.
 */
export function parseTimeout(c: Client, arg: string): number | null {
  // Long double arithmetic as Redis's, so that e.g. -0.001 rounds to 0 (wait forever) as there.
  const secs = parseLongDouble(arg);
  if (secs === null) {
    c.error('ERR timeout is not a float or out of range');
    return null;
  }
  let t: bigint;
  if (typeof secs === 'number') {
    t = secs > 0 ? LLONG_MAX + 1n : -1n;
  } else {
    const ms = mulLongDouble(secs, 1000);
    t = ms === null ? (secs.m > 0n ? LLONG_MAX + 1n : -1n) : ceilLongDouble(ms);
  }
  return deadlineAfter(c, t);
}

/** getTimeoutFromObjectOrReply in milliseconds (XREAD BLOCK): an integer; the deadline as parseTimeout's. */
export function parseTimeoutMs(c: Client, arg: string): number | null {
  const ms = parseInt64(arg);
  if (ms === null) {
    c.error('ERR timeout is not an integer or out of range');
    return null;
  }
  return deadlineAfter(c, BigInt(ms));
}

/** The absolute deadline `t` ms from now (0: forever), or null after refusing it. */
function deadlineAfter(c: Client, t: bigint): number | null {
  const now = Date.now();
  if (t > LLONG_MAX) {
    c.error('ERR timeout is out of range');
    return null;
  }
  if (t < 0n) {
    c.error('ERR timeout is negative');
    return null;
  }
  if (t === 0n) return 0;
  if (t > LLONG_MAX - BigInt(now)) {
    c.error('ERR timeout is out of range');
    return null;
  }
  return now + Number(t);
}

const LLONG_MAX = 9223372036854775807n;
const MAX_TIMER_MS = 2147483647;

export function blockOnKeys(c: Client, argv: string[], keys: string[], type: BlockType, deadline: number, anyChange = false): void {
  c.server.blocking.block(c, argv, keys, type, deadline, anyChange);
}

/** Wakes the waiters of a key that got data without being created (streams). */
export function signalKeyReady(db: Db, key: string): void {
  db.waited.get(key)?.signal();
}

/** A server's blocked clients and the keys they wait on. */
export class Blocking {
  /** Keys written while someone waits on them, served after the current command. */
  readonly ready: Waiters[] = [];
  private readonly blocked = new Map<Client, Blocked>();
  /** Keys with at least one waiter, over every db (INFO total_blocking_keys). */
  keyCount = 0;
  /** Blocked clients with a timeout (INFO clients_in_timeout_table). */
  timed = 0;
  /** The client whose command is being run again, so blocking again keeps its deadline. */
  private rerun: Blocked | null = null;

  constructor(private readonly server: Server) {}

  private serveQueued = false;

  /**
   * A key became ready. Commands from clients are followed by serveReady()
   * at once (Server.dispatch); writes made outside a command (loading,
   * internal links) are served on the next turn.
   */
  queue(w: Waiters): void {
    this.ready.push(w);
    if (this.serveQueued) return;
    this.serveQueued = true;
    setImmediate(() => {
      this.serveQueued = false;
      this.serveReady();
    });
  }

  /** Number of blocked clients (INFO blocked_clients). */
  get count(): number {
    return this.blocked.size;
  }

  block(c: Client, argv: string[], keys: string[], type: BlockType, deadline: number, anyChange: boolean): void {
    const again = this.rerun !== null && this.rerun.c === c ? this.rerun : null;
    const b = new Blocked(c, c.db, keys, type, again !== null ? again.deadline : deadline, c.lastCommand as Command, argv, anyChange);
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i];
      let w = b.db.waited.get(key) as Waiters | undefined;
      if (w === undefined) {
        w = new Waiters(this, b.db, key);
        b.db.waited.set(key, w);
        this.keyCount++;
      }
      // A key named twice is waited on once.
      if (w.list[w.list.length - 1] !== b) w.list.push(b);
    }
    if (b.deadline !== 0) {
      this.arm(b);
      this.timed++;
    }
    this.blocked.set(c, b);
    c.unblock = (asError) => this.unblockBy(b, asError);
  }

  /** Removes a client from every wait list and the timer; no reply. */
  private release(b: Blocked): void {
    if (b.timer !== null) clearTimeout(b.timer);
    b.timer = null;
    if (b.deadline !== 0) this.timed--;
    this.blocked.delete(b.c);
    b.c.unblock = null;
    for (let i = 0; i < b.keys.length; i++) {
      const w = b.db.waited.get(b.keys[i]) as Waiters | undefined;
      if (w === undefined) continue;
      const at = w.list.indexOf(b);
      if (at >= 0) w.list.splice(at, 1);
      if (w.list.length === 0) {
        b.db.waited.delete(b.keys[i]);
        this.keyCount--;
      }
    }
  }

  /** Sends what the client got and lets it run its pipelined commands. */
  private resume(c: Client): void {
    setImmediate(() => {
      if (c.closed || c.unblock !== null) return;
      c.parser.resume();
      c.flush();
    });
  }

  /** Ends a wait with a reply: the timeout reply (null array) or an error. */
  private endWith(b: Blocked, error: string | null): void {
    this.release(b);
    if (error === null) b.c.nullArray();
    else b.c.error(error);
    this.resume(b.c);
  }

  /** Timers hold at most 2^31-1 ms: a longer wait is re-armed until its deadline. */
  private arm(b: Blocked): void {
    b.timer = setTimeout(() => this.timedOut(b), Math.min(Math.max(0, b.deadline - Date.now()), MAX_TIMER_MS));
  }

  private timedOut(b: Blocked): void {
    b.timer = null;
    if (this.blocked.get(b.c) !== b) return;
    if (Date.now() < b.deadline) this.arm(b);
    else this.endWith(b, null);
  }

  private unblockBy(b: Blocked, asError: boolean): void {
    this.endWith(b, asError ? ERR_UNBLOCKED : null);
  }

  /** A blocked client disconnected. */
  dropClient(c: Client): void {
    const b = this.blocked.get(c);
    if (b !== undefined) this.release(b);
  }

  /**
   * Runs again, in blocking order, the commands of clients waiting on keys
   * that became ready; their own writes may make more keys ready.
   */
  serveReady(): void {
    // A command run while a script is busy must not serve what the script has pushed so far: that waits for its end.
    if (runningScript(this.server) !== null) return;
    while (this.ready.length !== 0) {
      const w = this.ready.shift() as Waiters;
      w.queued = false;
      // Clients that block again go to the back: look only at those present now.
      let n = w.list.length;
      let i = 0;
      while (n-- > 0 && i < w.list.length) {
        const b = w.list[i];
        const v = w.db.getNoTouch(w.key);
        if (b.anyChange || (v !== undefined && typeOf(v) === b.type)) {
          this.release(b);
          this.runAgain(b);
        } else {
          i++;
        }
      }
    }
  }

  /** A blocked client cannot SELECT, so its db is still the one it blocked in. */
  private runAgain(b: Blocked): void {
    this.rerun = b;
    (b.cmd.handler as (c: Client, argv: string[]) => void)(b.c, b.argv);
    this.rerun = null;
    if (b.c.unblock === null) this.resume(b.c);
  }

  /** Cluster mode: clients whose slot this node no longer serves get a redirection (server cron). */
  redirectMoved(): void {
    const st = this.server.cluster;
    if (st === null || this.blocked.size === 0) return;
    for (const b of [...this.blocked.values()]) {
      const slot = keySlot(b.keys[0]);
      const owner = st.owners[slot];
      if (!st.ok) this.endWith(b, ERR_DOWN);
      else if (owner < 0) this.endWith(b, ERR_UNBOUND);
      else if (owner !== st.myShard && st.importingFrom[slot] < 0) this.endWith(b, `MOVED ${slot} ${st.masterAddr[owner]}`);
    }
  }

  /** A master turning into a replica: every blocked client gets -UNBLOCKED and is closed. */
  disconnectAllBlocked(): void {
    for (const b of [...this.blocked.values()]) {
      b.c.closeAfterReply = true;
      this.endWith(b, ERR_ROLE_CHANGED);
    }
  }
}
