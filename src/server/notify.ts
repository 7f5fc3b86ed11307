/**
 * Keyspace notifications (`notify-keyspace-events`): commands report what
 * they did to a key, and when the class is enabled the event is published on
 * `__keyspace@<db>__:<key>` and/or `__keyevent@<db>__:<event>`. As in Redis
 * Cluster, events reach only this node's subscribers.
 *
 * Where the events come from, in Redis 7.2's order: the Db itself reports
 * `new` (a key added, as dbAdd does), `keymiss` (a command's read lookup that
 * misses) and, through Db.remove, `del`; expiry reports `expired`;
 * commands/collections.ts pairs a collection change with the `del` of a
 * collection left empty, and a *STORE result with the `del` of an empty one;
 * each command reports its own event after its change.
 */
import type { PubSub } from './pubsub';

/** Event classes in Redis's bit order; `K` and `E` pick the channel kinds. */
export const NOTIFY = { K: 1, E: 2, g: 4, $: 8, l: 16, s: 32, h: 64, z: 128, x: 256, e: 512, t: 1024, m: 2048, d: 4096, n: 8192 } as const;
/** What `A` stands for: every class but key-miss and new-key. */
export const NOTIFY_ALL = NOTIFY.g | NOTIFY.$ | NOTIFY.l | NOTIFY.s | NOTIFY.h | NOTIFY.z | NOTIFY.x | NOTIFY.e | NOTIFY.t | NOTIFY.d;

/** The class of each event a command emits. */
export const EV = {
  generic: NOTIFY.g,
  string: NOTIFY.$,
  list: NOTIFY.l,
  set: NOTIFY.s,
  hash: NOTIFY.h,
  zset: NOTIFY.z,
  expired: NOTIFY.x,
  evicted: NOTIFY.e,
  stream: NOTIFY.t,
  keyMiss: NOTIFY.m,
  module: NOTIFY.d,
  newKey: NOTIFY.n,
} as const;

export class Notifications {
  /** Enabled classes and channel kinds; 0 when notifications are off. */
  flags = 0;

  constructor(private readonly pubsub: PubSub) {}

  /** Publishes one event if its class is enabled (a single bit test otherwise). */
  emit(type: number, event: string, key: string, dbid: number): void {
    const flags = this.flags;
    if ((flags & type) === 0) return;
    if (flags & NOTIFY.K) this.pubsub.publish('__keyspace@' + dbid + '__:' + key, event);
    if (flags & NOTIFY.E) this.pubsub.publish('__keyevent@' + dbid + '__:' + event, key);
  }
}
