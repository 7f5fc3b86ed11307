/** Database commands: SELECT, SWAPDB, MOVE, FLUSHDB, FLUSHALL, DBSIZE. */
import type { CommandDecl } from './spec';
import { key1 } from './spec';
import type { Client } from '../server/client';
import type { Db } from '../store/db';
import { ERR_SYNTAX, ERR_NOT_INTEGER } from './replies';
import { parseInt64 } from '../util/numbers';
import { arg, key, oneof, token } from './docs-args';
import { EV } from '../server/notify';

export const ERR_DB_RANGE = 'ERR DB index is out of range';
export const ERR_SAME_OBJECT = 'ERR source and destination objects are the same';

const ERR_NOT_C_INT = 'ERR value is out of range, value must between -2147483648 and 2147483647';

/**
 * A DB index argument as Redis's getIntFromObjectOrReply reads it: an int64
 * that fits a C int. Null after replying; `msg` replaces both error texts.
 */
export function dbIndexOrReply(c: Client, s: string, msg?: string): number | null {
  const n = parseInt64(s);
  if (n === null) {
    c.error(msg ?? ERR_NOT_INTEGER);
    return null;
  }
  if (typeof n === 'bigint' || n < -2147483648 || n > 2147483647) {
    c.error(msg ?? ERR_NOT_C_INT);
    return null;
  }
  return n;
}

function inRange(c: Client, id: number): boolean {
  return id >= 0 && id < c.server.keyspace.dbs.length;
}

/** FLUSHDB/FLUSHALL's optional ASYNC|SYNC; false after replying with an error. */
function flushArgsOk(c: Client, argv: string[]): boolean {
  if (argv.length === 1) return true;
  const mode = argv[1].toLowerCase();
  if (argv.length === 2 && (mode === 'async' || mode === 'sync')) return true;
  c.error(ERR_SYNTAX);
  return false;
}

/** Empties a database; transactions watching any of its keys will fail. */
function flush(c: Client, db: Db): void {
  c.server.watches.touchDb(db, (k) => db.peek(k) !== undefined);
  c.server.dirty += db.size;
  db.clear();
}

export const databaseCommands: CommandDecl[] = [
  {
    name: 'select',
    arity: 2,
    flags: 'loading stale fast',
    acl: '@connection',
    docs: {
      summary: 'Switches the connection to another numbered database.',
      since: '1.0.0',
      group: 'connection',
      complexity: 'O(1)',
      arguments: [arg('index', 'integer')],
    },
    handler(c, argv) {
      const id = dbIndexOrReply(c, argv[1]);
      if (id === null) return;
      if (id !== 0 && c.server.cluster !== null) return c.error('ERR SELECT is not allowed in cluster mode');
      if (!inRange(c, id)) return c.error(ERR_DB_RANGE);
      c.selectDb(id);
      c.ok();
    },
  },
  {
    name: 'swapdb',
    arity: 3,
    flags: 'write fast',
    acl: '@keyspace @dangerous',
    docs: {
      summary: 'Exchanges the contents of two databases.',
      since: '4.0.0',
      group: 'server',
      complexity: 'O(N) where N is the count of clients watching or blocking on keys from both databases.',
      arguments: [arg('index1', 'integer'), arg('index2', 'integer')],
    },
    handler(c, argv) {
      if (c.server.cluster !== null) return c.error('ERR SWAPDB is not allowed in cluster mode');
      const a = dbIndexOrReply(c, argv[1], 'ERR invalid first DB index');
      if (a === null) return;
      const b = dbIndexOrReply(c, argv[2], 'ERR invalid second DB index');
      if (b === null) return;
      if (!inRange(c, a) || !inRange(c, b)) return c.error(ERR_DB_RANGE);
      const dbs = c.server.keyspace.dbs;
      // Clients keep their index, so they see the other database's contents.
      if (a !== b) {
        // A watched key that exists on either side now reads differently.
        const either = (k: string): boolean => dbs[a].peek(k) !== undefined || dbs[b].peek(k) !== undefined;
        c.server.watches.touchDb(dbs[a], either);
        c.server.watches.touchDb(dbs[b], either);
        dbs[a].swapWith(dbs[b]);
      }
      c.server.dirty++;
      c.ok();
    },
  },
  {
    name: 'move',
    arity: 3,
    flags: 'write fast',
    acl: '@keyspace',
    keys: [key1('RW access update')],
    docs: {
      summary: 'Moves a key to another database.',
      since: '1.0.0',
      group: 'generic',
      complexity: 'O(1)',
      arguments: [key(), arg('db', 'integer')],
    },
    handler(c, argv) {
      if (c.server.cluster !== null) return c.error('ERR MOVE is not allowed in cluster mode');
      const id = dbIndexOrReply(c, argv[2]);
      if (id === null) return;
      if (!inRange(c, id)) return c.error(ERR_DB_RANGE);
      const src = c.db;
      const dst = c.server.keyspace.dbs[id];
      if (src === dst) return c.error(ERR_SAME_OBJECT);
      const key = argv[1];
      if (src.get(key) === undefined || dst.get(key) !== undefined) return c.int(0);
      src.moveKey(key, dst, key);
      src.emit(EV.generic, 'move_from', key);
      dst.emit(EV.generic, 'move_to', key);
      c.server.watches.touch(dst, key);
      c.server.dirty++;
      c.int(1);
    },
  },
  {
    name: 'flushdb',
    arity: -1,
    flags: 'write',
    acl: '@keyspace @dangerous',
    tips: 'request_policy:all_shards response_policy:all_succeeded',
    docs: {
      summary: 'Removes every key of the current database.',
      since: '1.0.0',
      group: 'server',
      complexity: 'O(N) where N is the number of keys in the selected database',
      history: [
        ['4.0.0', 'Added the `ASYNC` flushing mode modifier.'],
        ['6.2.0', 'Added the `SYNC` flushing mode modifier.'],
      ],
      arguments: [
        oneof('async', [token('ASYNC', { since: '4.0.0' }), token('SYNC', { since: '6.2.0' })], { flags: 'optional' }),
      ],
    },
    handler(c, argv) {
      if (!flushArgsOk(c, argv)) return;
      // Clearing only drops references, so SYNC and ASYNC both return at once
      // and the collector frees the old maps in the background.
      flush(c, c.db);
      c.ok();
    },
  },
  {
    name: 'flushall',
    arity: -1,
    flags: 'write',
    acl: '@keyspace @dangerous',
    tips: 'request_policy:all_shards response_policy:all_succeeded',
    docs: {
      summary: 'Removes every key of every database.',
      since: '1.0.0',
      group: 'server',
      complexity: 'O(N) where N is the total number of keys in all databases',
      history: [
        ['4.0.0', 'Added the `ASYNC` flushing mode modifier.'],
        ['6.2.0', 'Added the `SYNC` flushing mode modifier.'],
      ],
      arguments: [
        oneof('async', [token('ASYNC', { since: '4.0.0' }), token('SYNC', { since: '6.2.0' })], { flags: 'optional' }),
      ],
    },
    handler(c, argv) {
      if (!flushArgsOk(c, argv)) return;
      for (const db of c.server.keyspace.dbs) flush(c, db);
      c.server.dirty++;
      c.ok();
    },
  },
  {
    name: 'dbsize',
    arity: 1,
    flags: 'readonly fast',
    acl: '@keyspace',
    tips: 'request_policy:all_shards response_policy:agg_sum',
    docs: {
      summary: 'Counts the keys of the current database.',
      since: '1.0.0',
      group: 'server',
      complexity: 'O(1)',
    },
    handler(c) {
      c.int(c.db.size);
    },
  },
];
