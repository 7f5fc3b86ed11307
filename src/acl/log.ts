/** ACL LOG: recent denials and failed authentications, grouped as Redis groups them. */
import type { Client } from '../server/client';
import { DENIED_AUTH, DENIED_CHANNEL, DENIED_CMD, DENIED_KEY } from './selector';

export type LogContext = 'toplevel' | 'multi' | 'lua' | 'module';

export interface AclLogEntry {
  count: number;
  reason: number;
  context: LogContext;
  object: string;
  username: string;
  clientInfo: string;
  entryId: number;
  created: number;
  updated: number;
}

/** Entries this close in time with the same reason, context, object and user are merged. */
const GROUPING_MS = 60000;
/** How many recent entries are compared when looking for one to merge into. */
const SCAN_FOR_MATCH = 10;

const REASONS: Record<number, string> = {
  [DENIED_CMD]: 'command',
  [DENIED_KEY]: 'key',
  [DENIED_CHANNEL]: 'channel',
  [DENIED_AUTH]: 'auth',
};

export class AclLog {
  /** Newest first. */
  entries: AclLogEntry[] = [];
  private nextId = 0;

  add(c: Client, reason: number, context: LogContext, object: string, username: string, maxLen: number): void {
    const now = Date.now();
    const info = clientInfo(c);
    const scan = Math.min(this.entries.length, SCAN_FOR_MATCH);
    for (let i = 0; i < scan; i++) {
      const e = this.entries[i];
      if (
        e.reason === reason &&
        e.context === context &&
        now - e.updated <= GROUPING_MS &&
        e.object === object &&
        e.username === username
      ) {
        e.count++;
        e.updated = now;
        e.clientInfo = info;
        this.entries.splice(i, 1);
        this.entries.unshift(e);
        return;
      }
    }
    this.entries.unshift({ count: 1, reason, context, object, username, clientInfo: info, entryId: this.nextId++, created: now, updated: now });
    if (this.entries.length > maxLen) this.entries.length = maxLen;
  }

  reset(): void {
    this.entries = [];
  }

  /** ACL LOG [count]: up to `count` entries, newest first, as maps of ten fields. */
  reply(c: Client, count: number): void {
    const n = Math.min(count, this.entries.length);
    const now = Date.now();
    c.array(n);
    for (let i = 0; i < n; i++) {
      const e = this.entries[i];
      c.map(10);
      c.bulk('count');
      c.int(e.count);
      c.bulk('reason');
      c.bulk(REASONS[e.reason] ?? 'unknown');
      c.bulk('context');
      c.bulk(e.context);
      c.bulk('object');
      c.bulk(e.object);
      c.bulk('username');
      c.bulk(e.username);
      c.bulk('age-seconds');
      c.double((now - e.updated) / 1000);
      c.bulk('client-info');
      c.bulk(e.clientInfo);
      c.bulk('entry-id');
      c.int(e.entryId);
      c.bulk('timestamp-created');
      c.int(e.created);
      c.bulk('timestamp-last-updated');
      c.int(e.updated);
    }
  }
}

/** The client's CLIENT LIST line, as the log records who was refused. */
function clientInfo(c: Client): string {
  const now = Date.now();
  const cmd = c.lastCommand ? c.lastCommand.fullName : 'NULL';
  return (
    `id=${c.id} addr=${c.addr} laddr=${c.laddr} fd=-1 name=${c.name} age=${Math.floor((now - c.createdAt) / 1000)}` +
    ` idle=${Math.floor((now - c.lastInteraction) / 1000)} flags=N db=${c.db.id} sub=0 psub=0 ssub=0 multi=-1` +
    ` qbuf=0 qbuf-free=0 argv-mem=0 multi-mem=0 rbs=0 rbp=0 obl=0 oll=0 omem=0 tot-mem=0 events=r cmd=${cmd}` +
    ` user=${c.user.name} redir=-1 resp=${c.proto} lib-name=${c.libName} lib-ver=${c.libVer}`
  );
}
