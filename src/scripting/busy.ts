/**
 * Busy scripts. A script or function runs inside one command, synchronously,
 * so while it runs Node serves no socket. Once it has run longer than
 * busy-reply-threshold, the Lua count hook (engine.ts) calls
 * serveWhileBusy() every few milliseconds: it reads what the other clients
 * sent straight from their sockets (non-blocking reads on the connections'
 * file descriptors, outside the event loop), feeds the bytes to each
 * client's own parser, and answers each command with -BUSY, except those
 * Redis allows then (flagged allow_busy: SCRIPT KILL, FUNCTION KILL and
 * STATS, SHUTDOWN NOSAVE, AUTH, HELLO, MULTI...), which run as usual.
 * Replies leave through the connections' ordinary writes, which complete at
 * once when the kernel takes them. Bytes read here never reach libuv, so no
 * command is read twice, and a partial frame stays in its parser for the
 * next read. Control-port peers (the manager, other nodes) get their PING
 * answered, so a busy node is not taken for a dead one, and -BUSY for the
 * rest. New connections wait for the script to end: accepting them needs
 * the event loop.
 */
import fs from 'node:fs';
import type { Server } from '../server/server';
import type { Client } from '../server/client';
import type { ParserSink } from '../resp/parser';
import type { ScriptKind } from './engine';
import { log } from '../server/log';
import { discardTransaction } from '../commands/transactions';
import { slotError } from '../cluster/redirect';

/** A script or function being run, as SCRIPT KILL, FUNCTION KILL and FUNCTION STATS see it. */
export interface RunningScript {
  readonly server: Server;
  readonly caller: Client;
  readonly kind: ScriptKind;
  /** The function's name, or the script's SHA1. */
  readonly name: string;
  /** The command that runs it. */
  readonly argv: string[];
  /** performance.now() at its start. */
  readonly start: number;
  /** busy-reply-threshold in ms when it started (0: never busy). */
  readonly threshold: number;
  /** It called a write command, so killing it could leave half its work done. */
  wrote: boolean;
  killed: boolean;
  /** Past the threshold: other clients are being answered. */
  busy: boolean;
  /** performance.now() at the last read of the sockets. */
  polled: number;
}

/** Time between two reads of the clients' sockets while busy. */
const POLL_EVERY_MS = 5;

/** One script runs at a time in the process: Node runs one thing at a time. */
let running: RunningScript | null = null;

/** Reads while busy land here, not in the connections' shared buffer (the caller's command may still live there). */
const input = Buffer.allocUnsafe(64 * 1024);

export function beginRun(server: Server, caller: Client, kind: ScriptKind, name: string, argv: string[]): RunningScript {
  const start = performance.now();
  running = {
    server, caller, kind, name, argv, start,
    threshold: server.config.num('busy-reply-threshold'),
    wrote: false, killed: false, busy: false, polled: start,
  };
  return running;
}

export function endRun(): void {
  running = null;
}

/** The script the server is running, if any. */
export function runningScript(server: Server): RunningScript | null {
  return running !== null && running.server === server ? running : null;
}

/** The command that stops a running script or function. */
function killCommand(kind: ScriptKind): string {
  return kind === 'eval' ? 'SCRIPT KILL' : 'FUNCTION KILL';
}

/** Redis's -BUSY reply, which names the command that can stop what runs. */
export function busyError(kind: ScriptKind): string {
  return `BUSY Redis is busy running a script. You can only call ${killCommand(kind)} or SHUTDOWN NOSAVE.`;
}

/** SCRIPT KILL (`kind` eval) and FUNCTION KILL, with Redis's refusals in Redis's order. */
export function killScript(c: Client, kind: ScriptKind): void {
  const r = runningScript(c.server);
  if (r === null) return c.error('NOTBUSY No scripts in execution right now.');
  if (r.wrote) {
    return c.error('UNKILLABLE Sorry the script already executed write commands against the dataset. You can either wait the script termination or kill the server in a hard way using the SHUTDOWN NOSAVE command.');
  }
  if (r.kind !== kind) return c.error(busyError(r.kind));
  r.killed = true;
  c.ok();
}

/**
 * Called from the running script's hook: once past the threshold, serves
 * the other clients. Returns true when the script must stop (killed, or the
 * server is shutting down).
 */
export function serveWhileBusy(): boolean {
  const r = running;
  if (r === null) return false;
  if (r.killed) return true;
  const now = performance.now();
  if (!r.busy) {
    if (now - r.start < r.threshold) return false;
    r.busy = true;
    const ms = Math.floor(now - r.start);
    log(`Slow script detected: still in execution after ${ms} milliseconds. You can try killing the script using the ${killCommand(r.kind)} command.`, '#');
  } else if (now - r.polled < POLL_EVERY_MS) {
    return false;
  }
  r.polled = now;
  for (const c of r.server.clients.values()) {
    // The caller's own input waits: its parser is the one running this script.
    if (c !== r.caller && c.conn !== null && c.accepting) readClient(c, r);
  }
  if (r.server.stopping) r.killed = true;
  return r.killed;
}

/** Reads what one client has sent and runs it through the busy dispatcher. */
function readClient(c: Client, r: RunningScript): void {
  const fd = (c.conn as NonNullable<Client['conn']>).fd;
  const sink = new BusySink(c, r);
  while (c.accepting) {
    let n: number;
    try {
      n = fs.readSync(fd, input, 0, input.length, null);
    } catch {
      return; // EAGAIN: nothing more now; a real error is the event loop's to see
    }
    if (n === 0) return; // end of input: the event loop closes the client
    c.parser.sink = sink;
    try {
      c.server.input(c, input.subarray(0, n));
    } finally {
      c.parser.sink = c;
    }
    // Flushes queued for the end of the turn would wait for the script: send now.
    c.flush();
    if (n < input.length) return;
  }
}

/** A client's parser sink while a script is busy: its commands go to busyDispatch. */
class BusySink implements ParserSink {
  constructor(
    private readonly c: Client,
    private readonly r: RunningScript,
  ) {}

  onCommand(argv: string[]): void {
    busyDispatch(this.c, argv, this.r);
  }

  onProtocolError(msg: string): void {
    this.c.onProtocolError(msg);
  }

  get authRequired(): boolean {
    return this.c.authRequired;
  }

  get accepting(): boolean {
    return this.c.accepting;
  }
}

/**
 * A command read while busy. What Redis refuses before its busy check (an
 * unknown command, a wrong arity, no authentication, an ACL denial, a key
 * of another node, a RESP2 subscriber's non-subscription command) and the
 * commands allowed while busy go through the ordinary dispatcher, which
 * answers them as usual; the rest are refused with -BUSY (EXEC also
 * discards its transaction, as Redis does).
 */
function busyDispatch(c: Client, argv: string[], r: RunningScript): void {
  const server = c.server;
  // A cluster peer or the manager (control port): its health probe is answered, as Redis answers the cluster bus
  // while busy, so a busy node is not taken for a dead one; anything else waits for the script.
  if (c.internal) return argv[0].toLowerCase() === 'ping' ? server.dispatch(c, argv) : c.error(busyError(r.kind));
  let cmd = server.commands.get(argv[0].toLowerCase());
  if (cmd !== undefined && cmd.subcommands !== undefined && argv.length >= 2) cmd = cmd.subcommands.get(argv[1].toLowerCase());
  const cluster = server.cluster;
  if (
    cmd === undefined ||
    !cmd.arityOk(argv.length) ||
    cmd.flags.includes('allow_busy') ||
    (!c.authenticated && !cmd.noAuth && server.acl.authRequiredForDefault()) ||
    (!c.user.unrestricted && server.acl.check(c.user, cmd, argv) !== 0) ||
    (cluster !== null && cmd.hasKeys && slotError(cluster, server.keyspace.dbs[0], cmd, argv, c.asking) !== null) ||
    (c.subscriptions !== null && c.proto === 2 && !cmd.allowedWhileSubscribed)
  ) {
    return server.dispatch(c, argv);
  }
  if (cmd.fullName !== 'exec') return server.reject(c, cmd, busyError(r.kind));
  server.reject(c, cmd, 'EXECABORT Transaction discarded because of: ' + busyError(r.kind));
  discardTransaction(c);
}
