/**
 * A data node: listens for clients, owns the keyspace, the configuration and
 * the accounts, and runs each command through Redis's checks in Redis's order.
 */
import net from 'node:net';
import { Client } from './client';
import { Config } from './config';
import { PARAMS } from './params';
import { Keyspace } from '../store/keyspace';
import { followEncodingLimits } from '../store/limits';
import { Acl } from '../acl/acl';
import { commandTable } from '../commands';
import type { Command } from '../commands/table';
import { log } from './log';
import { applyConfig, type ConfigEntry } from './config-file';
import { SlowLog } from './slowlog';
import { LatencyMonitor } from './latency';
import { CommandStats, allCommands } from './cmdstats';
import { monitorLine } from './monitor';
import { parseClientLimits, parseNotifyFlags, type ClientLimits } from './param-types';
import { clientInfoLine } from './client-list';
import type { ClusterState } from '../cluster/state';
import { initCluster } from '../cluster/node';
import { listenControl } from '../cluster/control';
import { slotError } from '../cluster/redirect';
import { PubSub } from './pubsub';
import { Watches } from './watch';
import { Notifications, EV } from './notify';
import { Blocking } from './blocking';
import { Eviction, OOM_ERROR } from './evict';
import { abortExec } from '../commands/transactions';

export interface ServerStats {
  totalConnections: number;
  totalCommands: number;
  rejectedConnections: number;
  totalErrorReplies: number;
  netInputBytes: number;
  netOutputBytes: number;
  reads: number;
  writes: number;
}

/** Replies piling up past this many bytes are sent before parsing more input. */
const FLUSH_AT = 64 * 1024;
/** Output of one read at least this large is sent at once rather than at the end of the turn. */
const SEND_NOW_AT = 8 * 1024;
/** What a transaction may still run while out of memory (Redis's processCommand list). */
const OOM_EXEMPT_IN_MULTI = new Set(['exec', 'discard', 'quit', 'reset']);
/** Redis stops counting new error codes in errorstats past this many. */
const MAX_ERROR_CODES = 128;

export class Server {
  readonly config: Config;
  /** The defaults, for CONFIG REWRITE to tell what changed. */
  readonly defaults: Config;
  readonly keyspace: Keyspace;
  readonly acl = new Acl(commandTable);
  readonly commands: Map<string, Command> = commandTable;
  /** The table under lower- and upper-case names, so the usual spellings resolve in one lookup. */
  private readonly byName = new Map<string, Command>();
  readonly clients = new Map<number, Client>();
  readonly startedAt = Date.now();
  readonly stats: ServerStats = { totalConnections: 0, totalCommands: 0, rejectedConnections: 0, totalErrorReplies: 0,
    netInputBytes: 0, netOutputBytes: 0, reads: 0, writes: 0,
  };
  /** Commands per second over the last second or so (INFO instantaneous_ops_per_sec). */
  opsPerSec = 0;
  private readonly opsSamples = new Float64Array(16);
  private opsSampleIdx = 0;
  private opsLastCount = 0;
  private opsLastTime = Date.now();
  readonly cmdStats: CommandStats;
  /** Error code (first word of an error reply) -> count. */
  readonly errorStats = new Map<string, number>();
  readonly slowlog = new SlowLog();
  readonly latency = new LatencyMonitor();
  readonly monitors = new Set<Client>();
  readonly blocking = new Blocking(this);
  readonly memory = new Eviction(this);
  /** Unix time in seconds of the last successful save (LASTSAVE). */
  lastSave = Math.floor(Date.now() / 1000);
  /** Run before the process exits on SHUTDOWN (persistence saves here). */
  readonly onShutdown: ((save: boolean | null) => void)[] = [];
  readonly pubsub = new PubSub();
  readonly watches = new Watches();
  readonly notify = new Notifications(this.pubsub);
  /** Wall-clock ms as of the last cron tick: a clock read per request costs more than idle times need. */
  cachedMs = Date.now();
  /** Clients with output produced outside their own input, flushed together once per turn. */
  private toFlush: Client[] = [];
  private flushSpare: Client[] = [];
  nextClientId = 1;
  /** Writes since the last save, as Redis's server.dirty (INFO, snapshots). */
  dirty = 0;
  /** CLIENT PAUSE: end time in ms (0: not paused) and whether reads are held too. */
  pauseEnd = 0;
  pauseAll = false;
  private pauseTimer: NodeJS.Timeout | null = null;
  private readonly postponed: Client[] = [];
  /**
   * Set while a command that Redis runs synchronously waits on I/O (MIGRATE):
   * every client's next command, the holder's included, waits for release().
   */
  holding = false;
  /** Error replies ever sent; unlike the INFO counter, never reset (failed-call detection). */
  private errorSeq = 0;
  // Hot-path copies of parameters (microseconds; Infinity when disabled).
  private slowerThan = 10000;
  private latencyThresholdMs = 0;
  /** The shorter of the SLOWLOG and latency-monitor thresholds, in µs: below it a call logs nothing. */
  private slowMark = 10000;
  private outputLimits: ClientLimits;
  private listener: net.Server | null = null;
  /** The node's view of the cluster map; null unless cluster-enabled. */
  readonly cluster: ClusterState | null;
  private cron: NodeJS.Timeout | null = null;
  /** SHUTDOWN has begun (a busy script then stops). */
  stopping = false;
  /** Resolves once the node has stopped. */
  readonly stopped: Promise<void>;
  private resolveStopped!: () => void;

  constructor(
    overrides: ConfigEntry[] = [],
    /** Absolute path of the config file the node was started with. */
    readonly configFile: string | null = null,
  ) {
    this.defaults = new Config(PARAMS);
    this.config = new Config(PARAMS);
    // `user` lines (redis.conf's ACL directive) define accounts; everything else is a parameter.
    applyConfig(this.config, overrides.filter((e) => e[0] !== 'user'));
    this.keyspace = new Keyspace(this.config.num('databases'), this.notify);
    this.keyspace.onExpired.push((db, key) => {
      this.watches.touch(db, key);
      this.notify.emit(EV.expired, 'expired', key, db.id);
    });
    let maxId = 0;
    for (const c of allCommands(this.commands)) maxId = Math.max(maxId, c.id);
    for (const [name, cmd] of this.commands) this.byName.set(name, cmd).set(name.toUpperCase(), cmd);
    this.cmdStats = new CommandStats(maxId + 1);
    this.outputLimits = parseClientLimits(this.config.get('client-output-buffer-limit'));
    this.acl.setRequirePass(this.config.get('requirepass'));
    for (const [, value, at] of overrides.filter((e) => e[0] === 'user')) {
      const [name, ...rules] = value.split(' ');
      const err = name ? this.acl.setUser(name, rules) : 'ERR a user name is required';
      if (err !== null) throw new Error(at ? `${at}\n${err}` : err);
    }
    const on = this.config.onChange;
    on.set('requirepass', (v) => this.acl.setRequirePass(v));
    this.acl.logMaxLen = this.config.num('acllog-max-len');
    on.set('acllog-max-len', () => (this.acl.logMaxLen = this.config.num('acllog-max-len')));
    on.set('hz', () => this.keyspace.start(this.config.num('hz')));
    on.set('slowlog-log-slower-than', (v) => {
      this.slowerThan = Number(v) < 0 ? Infinity : Number(v);
      this.updateSlowMark();
    });
    on.set('slowlog-max-len', (v) => this.slowlog.setMaxLen(Number(v)));
    on.set('latency-monitor-threshold', (v) => {
      this.latencyThresholdMs = Number(v);
      this.updateSlowMark();
    });
    on.set('client-output-buffer-limit', (v) => (this.outputLimits = parseClientLimits(v)));
    on.set('notify-keyspace-events', (v) => (this.notify.flags = parseNotifyFlags(v)));
    for (const name of ['slowlog-log-slower-than', 'slowlog-max-len', 'latency-monitor-threshold', 'notify-keyspace-events']) {
      (on.get(name) as (v: string) => void)(this.config.get(name));
    }
    this.followAccessConfig();
    this.memory.setLimit(this.config.num('maxmemory'));
    on.set('maxmemory', () => {
      const max = this.config.num('maxmemory');
      const used = this.memory.setLimit(max);
      if (used !== null) {
        log(`WARNING: the new maxmemory value set via CONFIG SET (${max}) is smaller than the current memory usage (${used}). This will result in key eviction and/or the inability to accept new write commands depending on the maxmemory-policy.`, '#');
      }
    });
    followEncodingLimits(this.config);
    this.cluster = this.config.bool('cluster-enabled') ? initCluster(this) : null;
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
    const hosts = this.config.get('bind').split(' ').filter(Boolean);
    this.listener = net.createServer({ pauseOnConnect: true }, (sock) => this.accept(sock));
    this.keyspace.start(this.config.num('hz'));
    this.cron = setInterval(() => this.serverCron(), 100);
    this.cron.unref();
    const ready = new Promise<void>((resolve, reject) => {
      const l = this.listener as net.Server;
      l.once('error', reject);
      l.listen({ port, host: hosts[0] === '*' ? undefined : hosts[0] }, () => {
        l.off('error', reject);
        log(`Ready to accept connections tcp on ${hosts[0]}:${this.port}`);
        resolve();
      });
    });
    return this.cluster === null ? ready : ready.then(() => listenControl(this));
  }

  get port(): number {
    const a = this.listener?.address();
    return a && typeof a === 'object' ? a.port : this.config.num('port');
  }

  private accept(sock: net.Socket): void {
    this.stats.totalConnections++;
    if (this.clients.size >= this.config.num('maxclients')) {
      this.stats.rejectedConnections++;
      sock.on('error', () => undefined);
      sock.end('-ERR max number of clients reached\r\n');
      return;
    }
    const c = new Client(this, sock);
    const keepalive = this.config.num('tcp-keepalive');
    if (keepalive > 0) c.conn?.setKeepAlive(keepalive);
    this.attach(c);
  }

  /** Registers a connected client (client and control ports). */
  attach(c: Client): void {
    this.clients.set(c.id, c);
  }

  /** Bytes from a client's connection. */
  input(c: Client, chunk: Buffer): void {
    c.lastInteraction = this.cachedMs;
    this.stats.reads++;
    this.stats.netInputBytes += chunk.length;
    c.parser.feed(chunk);
    const pending = c.parser.pending;
    if (pending !== 0 && pending > this.config.num('client-query-buffer-limit')) {
      log(`Closing client that reached max query buffer length: ${clientInfoLine(c, Date.now())}`, '#');
      c.kill();
      return;
    }
    // Small replies go out after every ready connection has been read, as
    // Redis's beforeSleep sends them: a write wakes its client, and the
    // scheduler often switches to it at once, so writing per read would stall
    // this process once per request whenever clients outnumber free cores.
    // Large ones (pipelined LRANGEs) go at once: held back behind every other
    // connection's work they cost more waiting than the switch does.
    if (c.out.length >= SEND_NOW_AT) c.flush();
    else c.queueFlush();
  }

  /** A client whose reading paused for back-pressure caught up with its output. */
  drained(c: Client): void {
    if (c.closed || !c.readPaused) return;
    c.readPaused = false;
    c.conn?.resume();
    c.parser.resume();
    c.flush();
  }

  /** Queues a client's flush for the end of this event-loop turn. */
  flushLater(c: Client): void {
    if (this.toFlush.length === 0) setImmediate(this.flushQueued);
    this.toFlush.push(c);
  }

  private readonly flushQueued = (): void => {
    // Two lists swap roles, so a busy turn allocates none; flushes queued meanwhile go to the other.
    const list = this.toFlush;
    this.toFlush = this.flushSpare;
    this.flushSpare = list;
    for (let i = 0; i < list.length; i++) list[i].flush();
    list.length = 0;
  };

  disconnected(c: Client): void {
    c.closed = true;
    this.clients.delete(c.id);
    this.pubsub.dropClient(c);
    this.watches.unwatchAll(c);
    this.monitors.delete(c);
    if (c.unblock !== null) this.blocking.dropClient(c);
    if (c.postponed !== null) {
      c.postponed = null;
      const i = this.postponed.indexOf(c);
      if (i >= 0) this.postponed.splice(i, 1);
    }
  }

  /**
   * Called after each write. Output still queued in the process past the
   * client class's hard limit, or past its soft limit for too long, closes
   * the client as Redis does; while the socket does not take more, reading
   * from it stops (past the limit, if any), so a client that never reads
   * cannot pile up replies.
   */
  checkOutputLimits(c: Client): void {
    const conn = c.conn;
    if (conn === null || c.closed) return;
    const pending = conn.pendingBytes;
    const lim = this.outputLimits[c.kind];
    if (lim.hard !== 0 && pending >= lim.hard) return this.closeForOutput(c);
    if (lim.soft !== 0 && pending >= lim.soft) {
      const now = Date.now();
      if (c.softLimitSince === 0) c.softLimitSince = now;
      else if (now - c.softLimitSince > lim.softSeconds * 1000) return this.closeForOutput(c);
    } else {
      c.softLimitSince = 0;
    }
    // With a limit configured, keep serving until it closes the client, as
    // Redis does; without one, stop reading so memory stays bounded.
    const cap = lim.hard !== 0 ? lim.hard : lim.soft;
    if (conn.backedUp && !c.readPaused && (cap === 0 || pending >= cap)) {
      c.readPaused = true;
      conn.pause();
    }
  }

  private closeForOutput(c: Client): void {
    log(`Client ${clientInfoLine(c, Date.now())} scheduled to be closed ASAP for overcoming of output buffer limits.`, '#');
    c.kill();
  }

  /** Counts an error reply for INFO errorstats, by its code (first word). */
  countError(msg: string): void {
    this.errorSeq++;
    this.countErrorStats(msg);
  }

  /** The errorstats part of countError, for a reply that does not fail the running command (a script's call). */
  countErrorStats(msg: string): void {
    this.stats.totalErrorReplies++;
    const sp = msg.indexOf(' ');
    const code = sp < 0 ? msg : msg.slice(0, sp);
    const n = this.errorStats.get(code);
    if (n !== undefined) this.errorStats.set(code, n + 1);
    else if (this.errorStats.size < MAX_ERROR_CODES) this.errorStats.set(code, 1);
  }

  /** Runs one command: lookup, arity, authentication, then the handler. */
  dispatch(c: Client, argv: string[]): void {
    const name = argv[0];
    let cmd = this.byName.get(name);
    if (cmd === undefined) {
      cmd = this.commands.get(name.toLowerCase());
      if (cmd === undefined) return this.refuse(c, unknownCommand(argv));
    }
    // A container alone (COMMAND, CONFIG) runs itself; its arity refuses it when it has no handler.
    if (cmd.subcommands !== undefined && argv.length >= 2) {
      const sub = cmd.subcommands.get(argv[1].toLowerCase());
      if (sub === undefined) {
        return this.refuse(c, `ERR unknown subcommand '${argv[1].slice(0, 128)}'. Try ${cmd.name.toUpperCase()} HELP.`);
      }
      cmd = sub;
    }
    if (!cmd.arityOk(argv.length)) return this.reject(c, cmd, `ERR wrong number of arguments for '${cmd.fullName}' command`);
    if (!c.authenticated && !cmd.noAuth && this.acl.authRequiredForDefault()) {
      return this.reject(c, cmd, 'NOAUTH Authentication required.');
    }
    if (!c.user.unrestricted) {
      const denied = this.acl.check(c.user, cmd, argv);
      if (denied !== 0) {
        this.cmdStats.rejected[cmd.id]++;
        if (c.multi !== null) c.multiError = true;
        return this.acl.deny(c, cmd, argv, denied, 'toplevel');
      }
    }
    // Held commands come back through dispatch, so hold before the slot check consumes ASKING.
    if (this.pauseEnd !== 0 && this.mustPostpone(c, cmd)) return this.postpone(c, argv);
    if (this.holding) return this.postpone(c, argv);
    if (this.cluster !== null && !c.internal) {
      // ASKING covers only the command right after it.
      const asking = c.asking;
      c.asking = false;
      if (cmd.hasKeys) {
        const err = slotError(this.cluster, this.keyspace.dbs[0], cmd, argv, asking);
        if (err !== null) return this.reject(c, cmd, err);
      }
    }
    if (this.memory.over && this.outOfMemory(c, cmd)) {
      if (cmd.fullName !== 'exec') return this.reject(c, cmd, OOM_ERROR);
      this.cmdStats.rejected[cmd.id]++;
      return abortExec(c, OOM_ERROR);
    }
    // RESP2 subscribers read only pushes, so only subscription commands may run.
    if (c.subscriptions !== null && c.proto === 2 && !cmd.allowedWhileSubscribed) {
      return this.reject(c, cmd, `ERR Can't execute '${cmd.fullName}': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context`);
    }
    if (c.multi !== null && !cmd.runsInMulti) {
      c.multi.push([cmd, argv]);
      return c.status('QUEUED');
    }
    this.call(c, cmd, argv);
    // Clients blocked on keys this command (or a whole EXEC) wrote are served after it, as Redis does.
    if (this.blocking.ready.length !== 0) this.blocking.serveReady();
  }

  /**
   * Over maxmemory: evicts as the policy says, then tells whether the
   * command must be refused, as Redis's processCommand does: one that may
   * add data, anything queued in a transaction, an EXEC that would run one.
   */
  private outOfMemory(c: Client, cmd: Command): boolean {
    if (this.memory.evict()) return false;
    if (cmd.denyOom) return true;
    if (c.multi === null) return false;
    if (cmd.fullName === 'exec') return c.multi.some(([queued]) => queued.denyOom);
    return !OOM_EXEMPT_IN_MULTI.has(cmd.fullName);
  }

  /** An error reply instead of running a command; it dooms an open transaction. */
  private refuse(c: Client, msg: string): void {
    if (c.multi !== null) c.multiError = true;
    c.error(msg);
  }

  /** Runs a command queued by MULTI, with its ACL checked again as EXEC does. */
  runQueued(c: Client, cmd: Command, argv: string[]): void {
    if (!c.user.unrestricted) {
      const denied = this.acl.check(c.user, cmd, argv);
      if (denied !== 0) return this.acl.deny(c, cmd, argv, denied, 'multi');
    }
    this.call(c, cmd, argv);
  }

  /** A command refused before it ran: counted as rejected, as Redis does. */
  reject(c: Client, cmd: Command, msg: string): void {
    this.cmdStats.rejected[cmd.id]++;
    this.refuse(c, msg);
  }

  /** Executes a checked command and does the bookkeeping around it. */
  call(c: Client, cmd: Command, argv: string[]): void {
    const mark = c.out.length;
    const errors = this.errorSeq;
    c.lastCommand = cmd;
    const t0 = performance.now();
    const dirty = this.dirty;
    (cmd.handler as (c: Client, argv: string[]) => void)(c, argv);
    if (this.watches.size !== 0 && this.dirty !== dirty && cmd.hasKeys) this.touchKeys(c, cmd, argv);
    const us = (performance.now() - t0) * 1000;
    this.stats.totalCommands++;
    this.cmdStats.record(cmd.id, us);
    if (errors !== this.errorSeq) this.cmdStats.failed[cmd.id]++;
    if (us >= this.slowMark) this.logSlow(c, cmd, argv, us);
    if (this.monitors.size !== 0) this.feedMonitors(c, cmd, argv);
    if (c.replyOff || c.skipNext !== 0) this.suppressReply(c, mark);
    if (c.out.length > FLUSH_AT) c.flush();
  }

  /** The keys a write command named may have changed: their watchers' transactions fail. */
  private touchKeys(c: Client, cmd: Command, argv: string[]): void {
    const positions = cmd.keyPositions(argv);
    if (positions !== null) for (const p of positions) this.watches.touch(c.db, argv[p]);
  }

  private updateSlowMark(): void {
    this.slowMark = this.latencyThresholdMs > 0 ? Math.min(this.slowerThan, this.latencyThresholdMs * 1000) : this.slowerThan;
  }

  private logSlow(c: Client, cmd: Command, argv: string[], us: number): void {
    if (cmd.flags.includes('skip_slowlog')) return;
    if (us >= this.slowerThan) this.slowlog.add(c, argv, us);
    const ms = us / 1000;
    if (this.latencyThresholdMs > 0 && ms >= this.latencyThresholdMs) {
      this.latency.add(cmd.flags.includes('fast') ? 'fast-command' : 'command', Math.floor(ms));
    }
  }

  private feedMonitors(c: Client, cmd: Command, argv: string[]): void {
    if (cmd.isAdmin || cmd.flags.includes('skip_monitor')) return;
    const line = monitorLine(c, argv);
    for (const m of this.monitors) {
      m.out += line;
      m.queueFlush();
    }
  }

  /** CLIENT REPLY OFF/SKIP: drops what the command just wrote. */
  private suppressReply(c: Client, mark: number): void {
    if (c.replyOff || c.skipNext === 1) c.out = c.out.slice(0, mark);
    if (c.skipNext !== 0) c.skipNext--;
  }

  private mustPostpone(c: Client, cmd: Command): boolean {
    if (c.kind === 'replica') return false;
    if (Date.now() >= this.pauseEnd) {
      this.unpause();
      return false;
    }
    return this.pauseAll || cmd.isWrite || cmd.flags.includes('may_replicate');
  }

  private postpone(c: Client, argv: string[]): void {
    c.postponed = argv;
    this.postponed.push(c);
  }

  /** CLIENT PAUSE: the stricter mode and the later end of overlapping pauses win. */
  pause(ms: number, all: boolean): void {
    const end = Date.now() + ms;
    if (this.pauseEnd === 0) this.pauseAll = all;
    else this.pauseAll = this.pauseAll || all;
    if (end > this.pauseEnd) {
      this.pauseEnd = end;
      if (this.pauseTimer) clearTimeout(this.pauseTimer);
      this.pauseTimer = setTimeout(() => this.unpause(), ms);
    }
  }

  /** Ends a pause and runs the held commands, each client in arrival order. */
  unpause(): void {
    this.pauseEnd = 0;
    this.pauseAll = false;
    if (this.pauseTimer) clearTimeout(this.pauseTimer);
    this.pauseTimer = null;
    this.runPostponed();
  }

  /** Holds every client's commands until release(), as a synchronous command would. */
  hold(): void {
    this.holding = true;
  }

  release(): void {
    this.holding = false;
    this.runPostponed();
  }

  /** Runs the held commands, each client in arrival order (a pause still in force holds them again). */
  private runPostponed(): void {
    if (this.postponed.length === 0) return;
    setImmediate(() => {
      const held = this.postponed.splice(0);
      for (const c of held) {
        const argv = c.postponed;
        if (argv === null || c.closed) continue;
        c.postponed = null;
        this.dispatch(c, argv);
        c.parser.resume();
        c.flush();
      }
    });
  }

  /** Clients of a given kind, or all. */
  clientsOf(kind?: string): Client[] {
    const out: Client[] = [];
    for (const c of this.clients.values()) if (kind === undefined || c.kind === kind) out.push(c);
    return out;
  }

  resetStats(): void {
    this.cmdStats.reset();
    this.errorStats.clear();
    this.stats.totalConnections = 0;
    this.stats.totalCommands = 0;
    this.stats.rejectedConnections = 0;
    this.stats.totalErrorReplies = 0;
    const ks = this.keyspace.stats;
    ks.expiredKeys = 0;
    ks.evictedKeys = 0;
    this.memory.resetStats();
    ks.keyspaceHits = 0;
    ks.keyspaceMisses = 0;
  }

  private serverCron(): void {
    const now = Date.now();
    this.cachedMs = now;
    const timeout = this.config.num('timeout');
    const idleLimit = timeout > 0 ? now - timeout * 1000 : 0;
    for (const c of this.clients.values()) {
      if (idleLimit !== 0 && c.lastInteraction < idleLimit && c.kind === 'normal' && !c.monitor && c.postponed === null && c.unblock === null) {
        log(`Closing idle client`, '-');
        c.kill();
        continue;
      }
      // Output stuck over the soft limit with nothing new written.
      if (c.softLimitSince !== 0) this.checkOutputLimits(c);
    }
    if (this.pauseEnd !== 0 && now >= this.pauseEnd) this.unpause();
    if (this.cluster !== null && this.blocking.count !== 0) this.blocking.redirectMoved();
    this.sampleOps(now);
  }

  /** Redis's instantaneous metric: the mean of the last 16 samples. */
  private sampleOps(now: number): void {
    const dt = now - this.opsLastTime;
    if (dt <= 0) return;
    const ops = this.stats.totalCommands - this.opsLastCount;
    this.opsSamples[this.opsSampleIdx] = (ops * 1000) / dt;
    this.opsSampleIdx = (this.opsSampleIdx + 1) % this.opsSamples.length;
    this.opsLastCount = this.stats.totalCommands;
    this.opsLastTime = now;
    let sum = 0;
    for (const v of this.opsSamples) sum += v;
    this.opsPerSec = Math.round(sum / this.opsSamples.length);
  }

  /** Stops accepting, closes clients and resolves `stopped`. */
  async shutdown(save: boolean | null = null): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    for (const fn of this.onShutdown) fn(save);
    this.keyspace.stop();
    this.memory.setLimit(0);
    if (this.cron) clearInterval(this.cron);
    if (this.pauseTimer) clearTimeout(this.pauseTimer);
    for (const c of this.clients.values()) c.kill();
    await new Promise<void>((r) => (this.listener ? this.listener.close(() => r()) : r()));
    log('Shoal is now ready to exit, bye bye...', '#');
    this.resolveStopped();
  }
}

/** Redis's unknown-command error, with up to 128 chars of the arguments. */
function unknownCommand(argv: string[]): string {
  let args = '';
  for (let i = 1; i < argv.length && args.length < 128; i++) args += `'${argv[i].slice(0, 128 - args.length)}' `;
  return `ERR unknown command '${argv[0].slice(0, 128)}', with args beginning with: ${args}`;
}
