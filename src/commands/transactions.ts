/**
 * MULTI / EXEC / DISCARD / WATCH / UNWATCH. The dispatcher queues commands
 * while a transaction is open (after every check a command would get on its
 * own, so a refused command dooms the transaction); EXEC runs the queue
 * back to back, unless a watched key changed.
 */
import type { CommandDecl } from './spec';
import { ks, index, range } from './spec';
import { key } from './docs-args';
import type { Client } from '../server/client';
import { connectionResetSteps } from './connection';
import { enterNonBlocking, exitNonBlocking } from '../server/blocking';

const FLAGS = 'noscript loading stale fast allow_busy';

export function discardTransaction(c: Client): void {
  c.multi = null;
  c.multiError = false;
  c.server.watches.unwatchAll(c);
}

connectionResetSteps.push(discardTransaction);

/** EXEC refused before it runs (Redis's execCommandAbort): the transaction is dropped. */
export function abortExec(c: Client, reason: string): void {
  discardTransaction(c);
  c.error(`EXECABORT Transaction discarded because of: ${reason}`);
}

function docs(summary: string, since: string, complexity: string): NonNullable<CommandDecl['docs']> {
  return { summary, since, group: 'transactions', complexity };
}

export const transactionCommands: CommandDecl[] = [
  {
    name: 'multi',
    arity: 1,
    flags: FLAGS,
    acl: '@transaction',
    docs: docs('Starts a transaction.', '1.2.0', 'O(1)'),
    handler(c) {
      if (c.multi !== null) return c.error('ERR MULTI calls can not be nested');
      c.multi = [];
      c.multiError = false;
      c.ok();
    },
  },
  {
    name: 'exec',
    arity: 1,
    flags: 'noscript loading stale skip_slowlog',
    acl: '@transaction',
    docs: docs('Executes all commands in a transaction.', '1.2.0', 'Depends on commands in the transaction'),
    handler(c) {
      const queued = c.multi;
      if (queued === null) return c.error('ERR EXEC without MULTI');
      const server = c.server;
      if (c.multiError) {
        discardTransaction(c);
        return c.error('EXECABORT Transaction discarded because of previous errors.');
      }
      if (server.watches.failed(c)) {
        discardTransaction(c);
        return c.nullArray();
      }
      discardTransaction(c);
      c.array(queued.length);
      // Blocking commands in a transaction reply at once instead of blocking.
      enterNonBlocking();
      try {
        for (const [cmd, argv] of queued) server.runQueued(c, cmd, argv);
      } finally {
        exitNonBlocking();
      }
    },
  },
  {
    name: 'discard',
    arity: 1,
    flags: FLAGS,
    acl: '@transaction',
    docs: docs('Discards a transaction.', '2.0.0', 'O(N), when N is the number of queued commands'),
    handler(c) {
      if (c.multi === null) return c.error('ERR DISCARD without MULTI');
      discardTransaction(c);
      c.ok();
    },
  },
  {
    name: 'watch',
    arity: -2,
    flags: FLAGS,
    acl: '@transaction',
    keys: [ks('RO', index(1), range(-1, 1, 0))],
    docs: { ...docs('Monitors changes to keys to determine the execution of a transaction.', '2.2.0', 'O(1) for every key.'), arguments: [key('key', 0, { flags: 'multiple' })] },
    handler(c, argv) {
      if (c.multi !== null) return c.error('ERR WATCH inside MULTI is not allowed');
      for (let i = 1; i < argv.length; i++) c.server.watches.watch(c, c.db, argv[i]);
      c.ok();
    },
  },
  {
    name: 'unwatch',
    arity: 1,
    flags: FLAGS,
    acl: '@transaction',
    docs: docs('Forgets about watched keys of a transaction.', '2.2.0', 'O(1)'),
    handler(c) {
      c.server.watches.unwatchAll(c);
      c.ok();
    },
  },
];
