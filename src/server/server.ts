/**
 * A data node: listens for clients, owns the keyspace, the configuration and
 * the accounts, and runs each command through Redis's checks in Redis's order.
 */
import net from 'node:net';
import { Client } from './client';
import { Config } from './config';
import { PARAMS } from './params';
import { Keyspace } from '../store/keyspace';
import { Acl } from '../acl/acl';
import { commandTable } from '../commands';
import type { Command } from '../commands/table';
import { log } from './log';

export interface ServerStats {
  totalConnections: number;
  totalCommands: number;
  rejectedConnections: number;
}

export class Server {
  readonly config: Config;
  readonly keyspace: Keyspace;
  readonly acl = new Acl(commandTable);
  readonly commands: Map<string, Command> = commandTable;
  readonly clients = new Map<number, Client>();
  readonly startedAt = Date.now();
  readonly stats: ServerStats = { totalConnections: 0, totalCommands: 0, rejectedConnections: 0 };
  nextClientId = 1;
  /** Writes since the last save, as Redis's server.dirty (INFO, snapshots). */
  dirty = 0;
  private listener: net.Server | null = null;
  private cron: NodeJS.Timeout | null = null;
  /** Resolves once the node has stopped. */
  readonly stopped: Promise<void>;
  private resolveStopped!: () => void;

  constructor(overrides: [string, string][] = []) {
    this.config = new Config(PARAMS);
    for (const [k, v] of overrides) this.config.set(k, v, true);
    this.keyspace = new Keyspace(this.config.num('databases'));
    this.acl.setRequirePass(this.config.get('requirepass'));
    this.config.onChange.set('requirepass', (v) => this.acl.setRequirePass(v));
    this.acl.logMaxLen = this.config.num('acllog-max-len');
    this.config.onChange.set('acllog-max-len', () => (this.acl.logMaxLen = this.config.num('acllog-max-len')));
    this.config.onChange.set('hz', () => this.keyspace.start(this.config.num('hz')));
    this.followAccessConfig();
    this.stopped = new Promise((r) => (this.resolveStopped = r));
  }

  /** LRU/LFU access tracking follows maxmemory-policy and the LFU parameters. */
  private followAccessConfig(): void {
    const apply = (): void => {
      this.keyspace.lfu.logFactor = this.config.num('lfu-log-factor');
      this.keyspace.lfu.decayTime = this.config.num('lfu-decay-time');
      this.keyspace.setMaxmemoryPolicy(this.config.get('maxmemory-policy'));
    };
    apply();
    for (const name of ['maxmemory-policy', 'lfu-log-factor', 'lfu-decay-time']) this.config.onChange.set(name, apply);
  }

  listen(): Promise<void> {
    const port = this.config.num('port');
    const hosts = this.config.get('bind').split(/\s+/).filter(Boolean);
    this.listener = net.createServer({ noDelay: true }, (sock) => this.accept(sock));
    this.keyspace.start(this.config.num('hz'));
    this.cron = setInterval(() => this.serverCron(), 1000);
    this.cron.unref();
    return new Promise((resolve, reject) => {
      const l = this.listener as net.Server;
      l.once('error', reject);
      l.listen({ port, host: hosts[0] === '*' ? undefined : hosts[0] }, () => {
        l.off('error', reject);
        log(`Ready to accept connections tcp on ${hosts[0]}:${this.port}`);
        resolve();
      });
    });
  }

  get port(): number {
    const a = this.listener?.address();
    return a && typeof a === 'object' ? a.port : this.config.num('port');
  }

  private accept(sock: net.Socket): void {
    this.stats.totalConnections++;
    if (this.clients.size >= this.config.num('maxclients')) {
      this.stats.rejectedConnections++;
      sock.end('-ERR max number of clients reached\r\n');
      return;
    }
    const keepalive = this.config.num('tcp-keepalive');
    if (keepalive > 0) sock.setKeepAlive(true, keepalive * 1000);
    const c = new Client(this, sock);
    this.clients.set(c.id, c);
    sock.on('data', (chunk: Buffer) => {
      c.lastInteraction = Date.now();
      c.parser.feed(chunk);
      if (c.parser.pending > this.config.num('client-query-buffer-limit')) {
        log(`Closing client that reached max query buffer length: id=${c.id} addr=${c.addr}`);
        c.closeAfterReply = true;
      }
      c.flush();
    });
    sock.on('drain', () => {
      if (!c.closed) sock.resume();
    });
    sock.on('error', () => undefined);
    sock.on('close', () => this.disconnected(c));
  }

  private disconnected(c: Client): void {
    c.closed = true;
    this.clients.delete(c.id);
  }

  /** Called after each write: stop reading from a client that does not read its replies. */
  checkOutputLimits(c: Client): void {
    const sock = c.socket;
    if (sock !== null && sock.writableNeedDrain) sock.pause();
  }

  /** Runs one command: lookup, arity, authentication, then the handler. */
  dispatch(c: Client, argv: string[]): void {
    const name = argv[0];
    let cmd = this.commands.get(name);
    if (cmd === undefined) {
      cmd = this.commands.get(name.toLowerCase());
      if (cmd === undefined) return c.error(unknownCommand(argv));
    }
    // A container alone (COMMAND, CONFIG) runs itself; its arity refuses it when it has no handler.
    if (cmd.subcommands !== undefined && argv.length >= 2) {
      const sub = cmd.subcommands.get(argv[1].toLowerCase());
      if (sub === undefined) {
        return c.error(`ERR unknown subcommand '${argv[1].slice(0, 128)}'. Try ${cmd.name.toUpperCase()} HELP.`);
      }
      cmd = sub;
    }
    if (!cmd.arityOk(argv.length)) return c.error(`ERR wrong number of arguments for '${cmd.fullName}' command`);
    if (!c.authenticated && !cmd.noAuth && this.acl.authRequiredForDefault()) return c.error('NOAUTH Authentication required.');
    if (!c.user.unrestricted) {
      const denied = this.acl.check(c.user, cmd, argv);
      if (denied !== 0) return this.acl.deny(c, cmd, argv, denied, 'toplevel');
    }
    this.stats.totalCommands++;
    c.lastCommand = cmd;
    (cmd.handler as (c: Client, argv: string[]) => void)(c, argv);
  }

  private serverCron(): void {
    const timeout = this.config.num('timeout');
    if (timeout > 0) {
      const limit = Date.now() - timeout * 1000;
      for (const c of this.clients.values()) {
        if (c.lastInteraction < limit && c.kind === 'normal') {
          c.closed = true;
          c.socket?.destroy();
        }
      }
    }
  }

  /** Stops accepting, closes clients and resolves `stopped`. */
  async shutdown(): Promise<void> {
    this.keyspace.stop();
    if (this.cron) clearInterval(this.cron);
    for (const c of this.clients.values()) c.socket?.destroy();
    await new Promise<void>((r) => (this.listener ? this.listener.close(() => r()) : r()));
    log('Redis is now ready to exit, bye bye...');
    this.resolveStopped();
  }
}

/** Redis's unknown-command error, with up to 128 chars of the arguments. */
function unknownCommand(argv: string[]): string {
  let args = '';
  for (let i = 1; i < argv.length && args.length < 128; i++) args += `'${argv[i].slice(0, 128 - args.length)}' `;
  return `ERR unknown command '${argv[0].slice(0, 128)}', with args beginning with: ${args}`;
}
