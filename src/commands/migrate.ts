/**
 * Moving values between servers (cluster.c): DUMP, RESTORE, RESTORE-ASKING
 * and MIGRATE, in Redis's DUMP payload format so any Redis-protocol server
 * can be the other end.
 */
import net from 'node:net';
import { key1, ks, index, keyword, range, type CommandDecl, type CommandDocs } from './spec';
import { arg, block, key, oneof, token } from './docs-args';
import type { Client } from '../server/client';
import type { Db } from '../store/db';
import type { Value } from '../store/value';
import { typeOf } from '../store/value';
import { ERR_NOT_INTEGER, ERR_SYNTAX } from './replies';
import { parseInt64 } from '../util/numbers';
import { keySlot } from '../cluster/slot';
import { coarseClock } from '../store/access';
import { createDumpPayload, loadDumpPayload, RdbFormatError, verifyDumpPayload } from '../persist/rdb-object';
import { EV } from '../server/notify';

const ERR_BUSYKEY = 'BUSYKEY Target key name already exists.';
const ERR_PAYLOAD = 'ERR DUMP payload version or checksum are wrong';
const ERR_BAD_FORMAT = 'ERR Bad data format';

/** getLongLongFromObjectOrReply as a number (ms and counts are far inside 2^53 in practice). */
function intArg(c: Client, s: string): number | null {
  const n = parseInt64(s);
  if (n === null) {
    c.error(ERR_NOT_INTEGER);
    return null;
  }
  return Number(n);
}

/** A DUMP payload for a value; the error when its type cannot be serialised yet. */
function dumpOf(v: Value): Buffer | string {
  return createDumpPayload(v) ?? `ERR DUMP of ${typeOf(v)} values is not supported`;
}

// ---- DUMP / RESTORE ----

function dumpCommand(c: Client, argv: string[]): void {
  const v = c.db.lookupRead(argv[1]);
  if (v === undefined) return c.nullBulk();
  const p = dumpOf(v);
  if (typeof p === 'string') return c.error(p);
  c.bulk(p);
}

function restoreCommand(c: Client, argv: string[]): void {
  let replace = false;
  let absttl = false;
  let idle = -1;
  let freq = -1;
  for (let j = 4; j < argv.length; j++) {
    const opt = argv[j].toLowerCase();
    const more = j + 1 < argv.length;
    if (opt === 'replace') {
      replace = true;
    } else if (opt === 'absttl') {
      absttl = true;
    } else if (opt === 'idletime' && more && freq === -1) {
      const n = intArg(c, argv[++j]);
      if (n === null) return;
      if (n < 0) return c.error('ERR Invalid IDLETIME value, must be >= 0');
      idle = n;
    } else if (opt === 'freq' && more && idle === -1) {
      const n = intArg(c, argv[++j]);
      if (n === null) return;
      if (n < 0 || n > 255) return c.error('ERR Invalid FREQ value, must be >= 0 and <= 255');
      freq = n;
    } else {
      return c.error(ERR_SYNTAX);
    }
  }
  const key = argv[1];
  const db = c.db;
  if (!replace && db.get(key) !== undefined) return c.error(ERR_BUSYKEY);
  let ttl = intArg(c, argv[2]);
  if (ttl === null) return;
  if (ttl < 0) return c.error('ERR Invalid TTL value, must be >= 0');
  const payload = Buffer.from(argv[3], 'latin1');
  if (!verifyDumpPayload(payload)) return c.error(ERR_PAYLOAD);
  let value: Value;
  try {
    value = loadDumpPayload(payload);
  } catch (e) {
    if (e instanceof RdbFormatError) return c.error(ERR_BAD_FORMAT);
    throw e;
  }
  const deleted = replace && db.delete(key);
  if (ttl !== 0 && !absttl) ttl += Date.now();
  // A TTL already past: the key is not created (an old one replaced is gone).
  if (ttl !== 0 && ttl <= Date.now()) {
    if (deleted) {
      db.emit(EV.generic, 'del', key);
      c.server.dirty++;
    }
    return c.ok();
  }
  db.set(key, value);
  if (ttl !== 0) db.setExpire(key, ttl);
  restoreAccess(db, key, freq, idle);
  db.emit(EV.generic, 'restore', key);
  c.server.dirty++;
  c.ok();
}

/** FREQ/IDLETIME: exact under an LRU/LFU policy; otherwise the slot's clock when the key is alone in it. */
function restoreAccess(db: Db, key: string, freq: number, idle: number): void {
  if (db.access !== null) return db.access.restored(key, freq, idle);
  const slot = keySlot(key);
  if (idle >= 0 && db.countInSlot(slot) === 1) db.touched[slot] = Math.max(0, coarseClock.sec - idle);
}

// ---- MIGRATE ----

/** Idle links to targets are closed after this long, as Redis's MIGRATE_SOCKET_CACHE_TTL. */
const LINK_TTL_MS = 10000;
/** Cached links by "host:port". */
const links = new Map<string, TargetLink>();

/** A connection to a MIGRATE target, read line by line as Redis's connSyncReadLine does. */
class TargetLink {
  /** The db the target has selected through this link (-1: unknown, SELECT again). */
  lastDbid = -1;
  timedOut = false;
  writeFailed = false;
  private buf = '';
  private waiter: ((line: string | null) => void) | null = null;
  private closed = false;
  private idleTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly sock: net.Socket,
    private readonly name: string,
  ) {
    sock.setNoDelay(true);
    sock.on('data', (d: Buffer) => {
      this.buf += d.latin1Slice(0, d.length);
      this.deliver();
    });
    sock.on('error', () => undefined);
    sock.on('close', () => this.close());
  }

  /**
   * Connects within `ms`. On failure, why: Redis's blocking connect only
   * fails when the address does not resolve ('resolve'); a refused or slow
   * connection shows up as a failed write ('refused', 'timeout').
   */
  static connect(host: string, port: number, ms: number, name: string): Promise<TargetLink | ConnectFailure> {
    return new Promise((resolve) => {
      const sock = net.connect({ host, port });
      const fail = (why: ConnectFailure): void => {
        clearTimeout(timer);
        sock.destroy();
        resolve(why);
      };
      const timer = setTimeout(() => fail('timeout'), ms);
      sock.once('error', (e: NodeJS.ErrnoException) => fail(e.syscall === 'getaddrinfo' ? 'resolve' : 'refused'));
      sock.once('connect', () => {
        clearTimeout(timer);
        sock.off('error', fail);
        resolve(new TargetLink(sock, name));
      });
    });
  }

  write(data: string): void {
    this.sock.write(data, 'latin1', (err) => {
      if (err) this.writeFailed = true;
    });
  }

  /** The next line without its CRLF; null on a closed link or after `ms` without one. */
  readLine(ms: number): Promise<string | null> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timedOut = true;
        this.waiter = null;
        resolve(null);
      }, ms);
      this.waiter = (line) => {
        clearTimeout(timer);
        this.waiter = null;
        resolve(line);
      };
      this.deliver();
    });
  }

  private deliver(): void {
    if (this.waiter === null) return;
    const nl = this.buf.indexOf('\n');
    if (nl >= 0) {
      const end = nl > 0 && this.buf.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      const line = this.buf.slice(0, end);
      this.buf = this.buf.slice(nl + 1);
      this.waiter(line);
    } else if (this.closed) {
      this.waiter(null);
    }
  }

  /** Keeps the link for the next MIGRATE to the same target, closing it when unused for a while. */
  park(): void {
    // An idle cached link must not keep a stopping process alive.
    this.sock.unref();
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => this.close(), LINK_TTL_MS);
    this.idleTimer.unref();
  }

  /** Takes a parked link back into use. */
  reuse(): TargetLink {
    this.sock.ref();
    return this;
  }

  close(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    if (links.get(this.name) === this) links.delete(this.name);
    if (this.closed) return;
    this.closed = true;
    this.sock.destroy();
    this.deliver();
  }
}

type ConnectFailure = 'resolve' | 'refused' | 'timeout';

/** migrateGetSocket: the cached link to host:port, or a new one. */
async function getLink(host: string, port: string, ms: number): Promise<TargetLink | ConnectFailure> {
  const name = host + ':' + port;
  const cached = links.get(name);
  if (cached !== undefined) return cached.reuse();
  const link = await TargetLink.connect(host, Number(port), ms, name);
  if (typeof link !== 'string') links.set(name, link);
  return link;
}

interface MigrateJob {
  host: string;
  port: string;
  dbid: number;
  timeout: number;
  copy: boolean;
  replace: boolean;
  username: string | null;
  password: string | null;
  db: Db;
  keys: string[];
  values: Value[];
  /** Source keys removed once the target acknowledged them. */
  deleted: number;
}

function bulkArg(s: string): string {
  return '$' + s.length + '\r\n' + s + '\r\n';
}

/**
 * The command stream for one attempt: AUTH, SELECT when the link is on
 * another db, then one RESTORE per key still alive (RESTORE-ASKING in
 * cluster mode). Expired keys are dropped from `job`. The error text
 * instead when a value cannot be serialised.
 */
function buildStream(job: MigrateJob, link: TargetLink, restoreName: string): { out: string; select: boolean } | string {
  let out = '';
  if (job.password !== null) {
    out += job.username !== null ? '*3\r\n$4\r\nAUTH\r\n' + bulkArg(job.username) : '*2\r\n$4\r\nAUTH\r\n';
    out += bulkArg(job.password);
  }
  const select = link.lastDbid !== job.dbid;
  if (select) out += '*2\r\n$6\r\nSELECT\r\n' + bulkArg(String(job.dbid));
  const now = Date.now();
  let kept = 0;
  for (let j = 0; j < job.keys.length; j++) {
    const key = job.keys[j];
    let ttl = 0;
    const when = job.db.getExpire(key);
    if (when !== undefined) {
      ttl = when - now;
      if (ttl < 0) continue;
      if (ttl < 1) ttl = 1;
    }
    const payload = dumpOf(job.values[j]);
    if (typeof payload === 'string') return payload;
    job.keys[kept] = key;
    job.values[kept] = job.values[j];
    kept++;
    out += (job.replace ? '*5\r\n' : '*4\r\n') + restoreName + bulkArg(key) + bulkArg(String(ttl));
    out += bulkArg(payload.latin1Slice(0, payload.length));
    if (job.replace) out += '$7\r\nREPLACE\r\n';
  }
  job.keys.length = kept;
  job.values.length = kept;
  return { out, select };
}

/**
 * Runs a MIGRATE as Redis's migrateCommand does, and returns the reply:
 * null for +OK, else an error text. One retry on a fresh link when a cached
 * one failed before any reply (not after a timeout).
 */
async function runMigrate(job: MigrateJob, restoreName: string): Promise<string | null> {
  let mayRetry = true;
  for (;;) {
    const link = await getLink(job.host, job.port, job.timeout);
    if (link === 'resolve') return 'IOERR error or timeout connecting to the client';
    if (typeof link === 'string') {
      if (link === 'refused' && mayRetry) {
        mayRetry = false;
        continue;
      }
      return 'IOERR error or timeout writing to target instance';
    }
    const built = buildStream(job, link, restoreName);
    if (typeof built === 'string') return built;
    link.write(built.out);
    let failed = false;
    let authReply = '';
    let selectReply = '';
    if (job.password !== null) {
      const line = await link.readLine(job.timeout);
      if (line === null) failed = true;
      else authReply = line;
    }
    if (!failed && built.select) {
      const line = await link.readLine(job.timeout);
      if (line === null) failed = true;
      else selectReply = line;
    }
    let targetError: string | null = null;
    let socketError = false;
    let j = 0;
    if (!failed) {
      for (; j < job.keys.length; j++) {
        const line = await link.readLine(job.timeout);
        if (line === null) {
          socketError = true;
          break;
        }
        const err = authReply.startsWith('-') ? authReply : selectReply.startsWith('-') ? selectReply : line.startsWith('-') ? line : null;
        if (err !== null) {
          if (targetError === null) {
            link.lastDbid = -1;
            targetError = 'ERR Target instance replied with error: ' + err.slice(1);
          }
        } else if (!job.copy && job.db.remove(job.keys[j])) {
          job.deleted++;
        }
      }
    }
    if (failed || (targetError === null && socketError && j === 0)) {
      link.close();
      if (!link.timedOut && mayRetry) {
        mayRetry = false;
        continue;
      }
      return ioError(link);
    }
    if (socketError) link.close();
    if (targetError !== null) return targetError;
    if (socketError) return ioError(link);
    link.lastDbid = job.dbid;
    link.park();
    return null;
  }
}

function ioError(link: TargetLink): string {
  return `IOERR error or timeout ${link.writeFailed ? 'writing' : 'reading'} to target instance`;
}

function migrateCommand(c: Client, argv: string[]): void {
  let copy = false;
  let replace = false;
  let username: string | null = null;
  let password: string | null = null;
  let first = 3;
  let num = 1;
  for (let j = 6; j < argv.length; j++) {
    const opt = argv[j].toLowerCase();
    const more = argv.length - 1 - j;
    if (opt === 'copy') {
      copy = true;
    } else if (opt === 'replace') {
      replace = true;
    } else if (opt === 'auth') {
      if (more < 1) return c.error(ERR_SYNTAX);
      password = argv[++j];
    } else if (opt === 'auth2') {
      if (more < 2) return c.error(ERR_SYNTAX);
      username = argv[++j];
      password = argv[++j];
    } else if (opt === 'keys') {
      if (argv[3].length !== 0) {
        return c.error('ERR When using MIGRATE KEYS option, the key argument must be set to the empty string');
      }
      first = j + 1;
      num = argv.length - j - 1;
      break;
    } else {
      return c.error(ERR_SYNTAX);
    }
  }
  let timeout = intArg(c, argv[5]);
  if (timeout === null) return;
  const dbid = intArg(c, argv[4]);
  if (dbid === null) return;
  if (timeout <= 0) timeout = 1000;
  const db = c.db;
  const keys: string[] = [];
  const values: Value[] = [];
  for (let j = 0; j < num; j++) {
    const v = db.lookupRead(argv[first + j]);
    if (v === undefined) continue;
    keys.push(argv[first + j]);
    values.push(v);
  }
  if (keys.length === 0) return c.status('NOKEY');
  const job: MigrateJob = { host: argv[1], port: argv[2], dbid, timeout, copy, replace, username, password, db, keys, values, deleted: 0 };
  const restoreName = c.server.config.get('cluster-enabled') === 'yes' ? '$14\r\nRESTORE-ASKING\r\n' : '$7\r\nRESTORE\r\n';
  const server = c.server;
  // Redis's MIGRATE blocks the whole server: nothing may change the keys between DUMP and DEL.
  server.hold();
  void runMigrate(job, restoreName).then((err) => {
    server.dirty += job.deleted;
    if (err === null) c.ok();
    else c.error(err);
    c.flush();
    server.release();
  });
}

/** migrateGetKeys: argv[3], or everything after KEYS (none when the key argument is not empty). */
function migrateKeys(argv: string[]): number[] {
  for (let i = 6; i < argv.length; i++) {
    const opt = argv[i].toLowerCase();
    if (opt === 'keys') {
      if (argv[3].length !== 0) return [];
      const out: number[] = [];
      for (let k = i + 1; k < argv.length; k++) out.push(k);
      return out;
    }
    if (opt === 'auth') i += 1;
    else if (opt === 'auth2') i += 2;
  }
  return [3];
}

const PER_OBJECT = 'where N is the number of Redis objects composing the value and M their average size. For small string values the time complexity is thus O(1)+O(1*M) where M is small, so simply O(1).';

/** RESTORE and RESTORE-ASKING share their complexity, history and arguments. */
const restoreDocs = (docs: Pick<CommandDocs, 'summary' | 'since' | 'group' | 'docFlags'>): CommandDocs => ({
  ...docs,
  complexity: `O(1) to create the new key and additional O(N*M) to reconstruct the serialized value, ${PER_OBJECT} However for sorted set values the complexity is O(N*M*log(N)) because inserting values into sorted sets is O(log(N)).`,
  history: [
    ['3.0.0', 'Added the `REPLACE` modifier.'],
    ['5.0.0', 'Added the `ABSTTL` modifier.'],
    ['5.0.0', 'Added the `IDLETIME` and `FREQ` options.'],
  ],
  arguments: [
    key(),
    arg('ttl', 'integer'),
    arg('serialized-value', 'string'),
    token('REPLACE', { since: '3.0.0', flags: 'optional' }),
    token('ABSTTL', { since: '5.0.0', flags: 'optional' }),
    arg('seconds', 'integer', { token: 'IDLETIME', since: '5.0.0', flags: 'optional' }),
    arg('frequency', 'integer', { token: 'FREQ', since: '5.0.0', flags: 'optional' }),
  ],
});

const restoreDecl = (name: string, flags: string, docs: CommandDocs): CommandDecl => ({
  name,
  arity: -4,
  flags,
  acl: '@keyspace @dangerous',
  keys: [key1('OW update')],
  docs,
  handler: restoreCommand,
});

export const migrateCommands: CommandDecl[] = [
  {
    name: 'dump',
    arity: 2,
    flags: 'readonly',
    acl: '@keyspace',
    keys: [key1('RO access')],
    tips: 'nondeterministic_output',
    docs: {
      summary: 'Serializes the value at a key into a payload that RESTORE accepts.',
      since: '2.6.0',
      group: 'generic',
      complexity: `O(1) to access the key and additional O(N*M) to serialize it, ${PER_OBJECT}`,
      arguments: [key()],
    },
    handler: dumpCommand,
  },
  restoreDecl('restore', 'write denyoom', restoreDocs({
    summary: 'Creates a key from a serialized payload made by DUMP.',
    since: '2.6.0',
    group: 'generic',
  })),
  restoreDecl('restore-asking', 'write denyoom asking', restoreDocs({
    summary: 'Creates a key from a DUMP payload on behalf of MIGRATE, even in a slot being imported.',
    since: '3.0.0',
    group: 'server',
    docFlags: ['syscmd'],
  })),
  {
    name: 'migrate',
    arity: -6,
    flags: 'write',
    acl: '@keyspace @dangerous',
    keys: [ks('RW access delete', index(3), range()), ks('RW access delete incomplete', keyword('KEYS', -2), range(-1, 1, 0))],
    tips: 'nondeterministic_output',
    docs: {
      summary: 'Moves one or more keys to another server, deleting them here once the target has them.',
      since: '2.6.0',
      group: 'generic',
      complexity: 'This command actually executes a DUMP+DEL in the source instance, and a RESTORE in the target instance. See the pages of these commands for time complexity. Also an O(N) data transfer between the two instances is performed.',
      history: [
        ['3.0.0', 'Added the `COPY` and `REPLACE` options.'],
        ['3.0.6', 'Added the `KEYS` option.'],
        ['4.0.7', 'Added the `AUTH` option.'],
        ['6.0.0', 'Added the `AUTH2` option.'],
      ],
      arguments: [
        arg('host', 'string'),
        arg('port', 'integer'),
        // Redis documents the empty key name as a token of zero length.
        oneof('key_or_empty_string', [key(), arg('empty_string', 'pure-token', { token: '' })]),
        arg('destination-db', 'integer'),
        arg('timeout', 'integer'),
        token('COPY', { since: '3.0.0', flags: 'optional' }),
        token('REPLACE', { since: '3.0.0', flags: 'optional' }),
        oneof('authentication', [
          arg('password', 'string', { token: 'AUTH', since: '4.0.7', flags: 'optional' }),
          block('username_password', [arg('username', 'string'), arg('password', 'string')], { token: 'AUTH2', since: '6.0.0', flags: 'optional' }),
        ], { flags: 'optional' }),
        key('key', 1, { token: 'KEYS', since: '3.0.6', flags: 'optional multiple' }),
      ],
    },
    handler: migrateCommand,
    getKeys: migrateKeys,
  },
];
