/**
 * One client connection: its RESP parser, its reply buffer (inherited from
 * RespWriter), the database it has selected and the account it runs as.
 */
import type { Socket } from 'node:net';
import { RespParser, type ParserSink } from '../resp/parser';
import { RespWriter } from '../resp/writer';
import type { Db } from '../store/db';
import type { User } from '../acl/user';
import type { Server } from './server';
import type { Command } from '../commands/table';

export class Client extends RespWriter implements ParserSink {
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
  /** A control-port peer: runs every command, with no slot checks. */
  internal = false;
  /** When the output passed the soft limit (0: it is under it). */
  softLimitSince = 0;
  private flushQueued = false;

  constructor(
    readonly server: Server,
    readonly socket: Socket | null,
  ) {
    super();
    this.id = server.nextClientId++;
    this.parser = new RespParser(this);
    this.parser.maxBulkLen = server.config.num('proto-max-bulk-len');
    this.db = server.keyspace.dbs[0];
    this.user = server.acl.defaultUser;
    this.authenticated = !server.acl.authRequiredForDefault();
    this.addr = socket ? formatAddr(socket.remoteAddress, socket.remotePort) : '';
    this.laddr = socket ? formatAddr(socket.localAddress, socket.localPort) : '';
  }

  get authRequired(): boolean {
    return !this.authenticated;
  }

  get accepting(): boolean {
    return !this.closeAfterReply && !this.closed && this.postponed === null && !this.readPaused && this.unblock === null;
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
    const sock = this.socket;
    if (this.out.length !== 0 && sock !== null && !this.closed) {
      const data = this.out;
      this.out = '';
      const st = this.server.stats;
      st.writes++;
      st.netOutputBytes += data.length;
      sock.write(data, 'latin1');
      this.server.checkOutputLimits(this);
    } else {
      this.out = '';
    }
    if (this.closeAfterReply && sock !== null && !this.closed) {
      this.closed = true;
      sock.end();
    }
  }

  /** Flush on the next turn, for replies produced outside the client's own input. */
  queueFlush(): void {
    if (this.flushQueued) return;
    this.flushQueued = true;
    setImmediate(() => this.flush());
  }

  /** Closes the connection now, dropping unsent output. */
  kill(): void {
    if (this.closed) return;
    this.closed = true;
    this.socket?.destroy();
  }

  selectDb(index: number): void {
    this.db = this.server.keyspace.dbs[index];
  }
}

function formatAddr(host: string | undefined, port: number | undefined): string {
  if (host === undefined) return '';
  const h = host.startsWith('::ffff:') ? host.slice(7) : host;
  return h + ':' + port;
}
