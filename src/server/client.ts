/**
 * One client connection: its RESP parser, its reply buffer (inherited from
 * RespWriter), the database it has selected and the account it runs as.
 */
import type { Socket } from 'node:net';
import { Conn, type ConnSink } from './conn';
import type { Subscriptions } from './pubsub';
import type { WatchedKey } from './watch';
import { RespParser, type ParserSink } from '../resp/parser';
import { RespWriter } from '../resp/writer';
import type { Db } from '../store/db';
import type { User } from '../acl/user';
import type { Server } from './server';
import type { Command } from '../commands/table';

export class Client extends RespWriter implements ParserSink, ConnSink {
  readonly id: number;
  readonly parser: RespParser;
  readonly createdAt = Date.now();
  lastInteraction = Date.now();
  db: Db;
  name = '';
  libName = '';
  libVer = '';
  user: User;
  authenticated: boolean;
  /** The command being (or last) executed, for CLIENT LIST's cmd field. */
  lastCommand: Command | null = null;
  /** Set by QUIT or a protocol error: close once the pending reply is sent. */
  closeAfterReply = false;
  closed = false;
  readonly addr: string;
  readonly laddr: string;
  /** Connection kind for output-buffer limits: normal, pubsub or replica. */
  kind: 'normal' | 'pubsub' | 'replica' = 'normal';
  /** In MONITOR mode: receives every command, runs no more of its own. */
  monitor = false;
  /** CLIENT NO-EVICT / NO-TOUCH. */
  noEvict = false;
  noTouch = false;
  /** CLIENT REPLY OFF, and SKIP's countdown (2: the SKIP itself, 1: the next command). */
  replyOff = false;
  skipNext = 0;
  /** A command held by CLIENT PAUSE; parsing stops until it runs. */
  postponed: string[] | null = null;
  /** Reading stopped because the socket does not take our writes. */
  readPaused = false;
  /** Set while blocked (BLPOP..., server/blocking.ts): CLIENT UNBLOCK ends the wait, as a timeout or an error. */
  unblock: ((asError: boolean) => void) | null = null;
  /** Cluster mode: ASKING was the previous command, so an importing slot is served once. */
  asking = false;
  /** Cluster mode: READONLY (reads from a replica's own master's slots). */
  readonlyMode = false;
  /** Commands queued since MULTI; null outside a transaction. */
  multi: [Command, string[]][] | null = null;
  /** A command was refused while queueing: EXEC will abort. */
  multiError = false;
  /** Keys under WATCH, and whether one of them changed since. */
  watched: WatchedKey[] | null = null;
  watchDirty = false;
  /** Channels, patterns and shard channels subscribed to; null while none. */
  subscriptions: Subscriptions | null = null;
  /** A control-port peer: runs every command, with no slot checks. */
  internal = false;
  /** The client scripts run their commands as (Redis's CLIENT_SCRIPT). */
  script = false;
  /** When the output passed the soft limit (0: it is under it). */
  softLimitSince = 0;
  private flushQueued = false;
  /** The connection; null for a client with no socket (used internally). */
  readonly conn: Conn | null;

  /** `sock` must have been accepted paused: the client takes over its handle. */
  constructor(
    readonly server: Server,
    sock: Socket | null,
  ) {
    super();
    this.id = server.nextClientId++;
    this.parser = new RespParser(this);
    this.parser.maxBulkLen = server.config.num('proto-max-bulk-len');
    this.db = server.keyspace.dbs[0];
    this.user = server.acl.defaultUser;
    this.authenticated = !server.acl.authRequiredForDefault();
    this.conn = sock === null ? null : new Conn(sock, this);
    this.addr = this.conn === null ? '' : this.conn.remote;
    this.laddr = this.conn === null ? '' : this.conn.local;
  }

  get authRequired(): boolean {
    return !this.authenticated;
  }

  get accepting(): boolean {
    return !this.closeAfterReply && !this.closed && this.postponed === null && !this.readPaused && this.unblock === null;
  }

  onData(chunk: Buffer): void {
    this.server.input(this, chunk);
  }

  onDrain(): void {
    this.server.drained(this);
  }

  onClose(): void {
    this.server.disconnected(this);
  }

  onCommand(argv: string[]): void {
    this.server.dispatch(this, argv);
  }

  onProtocolError(msg: string): void {
    this.error('ERR ' + msg);
    this.closeAfterReply = true;
  }

  /** Every error reply is counted for INFO errorstats, even one CLIENT REPLY OFF silences. */
  override error(msg: string): void {
    this.server.countError(msg);
    if (!this.replyOff) super.error(msg);
  }

  /** Sends what the handlers wrote: one socket write per turn. */
  flush(): void {
    this.flushQueued = false;
    const conn = this.conn;
    if (this.out.length !== 0 && conn !== null && !this.closed) {
      const data = this.out;
      this.out = '';
      const st = this.server.stats;
      st.writes++;
      st.netOutputBytes += data.length;
      conn.write(data);
      this.server.checkOutputLimits(this);
    } else {
      this.out = '';
    }
    if (this.closeAfterReply && conn !== null && !this.closed) {
      this.closed = true;
      conn.end();
    }
  }

  /** Flush at the end of this turn, for output produced outside the client's own input. */
  queueFlush(): void {
    if (this.flushQueued) return;
    this.flushQueued = true;
    this.server.flushLater(this);
  }

  /** Closes the connection now, dropping unsent output. */
  kill(): void {
    if (this.closed) return;
    this.closed = true;
    this.conn?.destroy();
  }

  selectDb(index: number): void {
    this.db = this.server.keyspace.dbs[index];
  }
}
