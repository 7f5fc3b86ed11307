/**
 * Pub/Sub on one node: who listens to which channel, pattern and shard
 * channel, and delivery of messages to them. A message is framed once per
 * protocol and appended to every receiver's output, which is flushed once
 * at the end of the event-loop turn.
 */
import type { Client } from './client';
import { globMatch } from '../util/glob';
import { keySlot } from '../cluster/slot';

/** The three kinds of subscription, with the words Redis uses in its replies. */
export interface SubKind {
  readonly subscribe: string;
  readonly unsubscribe: string;
  readonly message: string;
}

export const CHANNELS: SubKind = { subscribe: 'subscribe', unsubscribe: 'unsubscribe', message: 'message' };
export const PATTERNS: SubKind = { subscribe: 'psubscribe', unsubscribe: 'punsubscribe', message: 'pmessage' };
export const SHARD: SubKind = { subscribe: 'ssubscribe', unsubscribe: 'sunsubscribe', message: 'smessage' };

/** A client's subscriptions; the client holds none of these until it subscribes. */
export class Subscriptions {
  readonly channels = new Set<string>();
  readonly patterns = new Set<string>();
  readonly shard = new Set<string>();

  of(kind: SubKind): Set<string> {
    return kind === CHANNELS ? this.channels : kind === PATTERNS ? this.patterns : this.shard;
  }

  get total(): number {
    return this.channels.size + this.patterns.size + this.shard.size;
  }
}

function bulk(s: string): string {
  return '$' + s.length + '\r\n' + s + '\r\n';
}

export class PubSub {
  private readonly channels = new Map<string, Set<Client>>();
  private readonly patterns = new Map<string, Set<Client>>();
  private readonly shardChannels = new Map<string, Set<Client>>();
  /** Clients subscribed to anything (CLIENT LIST's P flag, INFO pubsub_clients). */
  clients = 0;

  private registry(kind: SubKind): Map<string, Set<Client>> {
    return kind === CHANNELS ? this.channels : kind === PATTERNS ? this.patterns : this.shardChannels;
  }

  /** Number of channels, patterns or shard channels with at least one subscriber. */
  count(kind: SubKind): number {
    return this.registry(kind).size;
  }

  /** Active names of a kind, optionally filtered by a glob (PUBSUB CHANNELS / SHARDCHANNELS). */
  names(kind: SubKind, pattern: string | null): string[] {
    const out: string[] = [];
    for (const name of this.registry(kind).keys()) if (pattern === null || globMatch(pattern, name)) out.push(name);
    return out;
  }

  subscribers(kind: SubKind, name: string): number {
    return this.registry(kind).get(name)?.size ?? 0;
  }

  /** Adds a subscription and replies to it; the count is of the client's subscriptions, shard ones apart. */
  subscribe(c: Client, kind: SubKind, name: string): void {
    const subs = c.subscriptions ?? this.enter(c);
    const mine = subs.of(kind);
    if (!mine.has(name)) {
      mine.add(name);
      const reg = this.registry(kind);
      let set = reg.get(name);
      if (set === undefined) reg.set(name, (set = new Set()));
      set.add(c);
    }
    this.confirm(c, kind.subscribe, name, kind === SHARD ? subs.shard.size : subs.channels.size + subs.patterns.size);
  }

  /** Removes the named subscriptions, or all of a kind when `names` is empty. */
  unsubscribe(c: Client, kind: SubKind, names: string[]): void {
    const subs = c.subscriptions;
    const all = names.length === 0;
    const list = all ? (subs === null ? [] : [...subs.of(kind)]) : names;
    if (list.length === 0) {
      // Nothing to leave: one reply with a null name, as Redis sends.
      c.push(3);
      c.bulk(kind.unsubscribe);
      c.nullBulk();
      c.int(kind === SHARD ? (subs?.shard.size ?? 0) : (subs === null ? 0 : subs.channels.size + subs.patterns.size));
      return;
    }
    for (const name of list) {
      if (subs !== null) this.remove(c, subs, kind, name);
      const left = subs === null ? 0 : kind === SHARD ? subs.shard.size : subs.channels.size + subs.patterns.size;
      this.confirm(c, kind.unsubscribe, name, left);
    }
    if (subs !== null && subs.total === 0) this.leave(c);
  }

  /** Drops every subscription without replies (disconnect, RESET). */
  dropClient(c: Client): void {
    const subs = c.subscriptions;
    if (subs === null) return;
    for (const kind of [CHANNELS, PATTERNS, SHARD]) for (const name of [...subs.of(kind)]) this.remove(c, subs, kind, name);
    this.leave(c);
  }

  /**
   * Shard channels of slots this node no longer owns: their subscribers are
   * told with an unsubscribe push, as Redis does when a slot moves away.
   */
  dropShardSlots(owned: (slot: number) => boolean): void {
    for (const [name, set] of [...this.shardChannels]) {
      if (owned(keySlot(name))) continue;
      for (const c of [...set]) {
        const subs = c.subscriptions as Subscriptions;
        this.remove(c, subs, SHARD, name);
        this.confirm(c, SHARD.unsubscribe, name, subs.shard.size);
        if (subs.total === 0) this.leave(c);
        c.queueFlush();
      }
    }
  }

  /** Delivers a message to channel and pattern subscribers; returns how many received it. */
  publish(channel: string, message: string): number {
    let n = 0;
    const set = this.channels.get(channel);
    if (set !== undefined) {
      const tail = bulk(channel) + bulk(message);
      n += this.deliver(set, '$7\r\nmessage\r\n' + tail, 3);
    }
    if (this.patterns.size !== 0) {
      for (const [pattern, subs] of this.patterns) {
        if (!globMatch(pattern, channel)) continue;
        n += this.deliver(subs, '$8\r\npmessage\r\n' + bulk(pattern) + bulk(channel) + bulk(message), 4);
      }
    }
    return n;
  }

  /** Delivers a shard-channel message; returns how many received it. */
  publishShard(channel: string, message: string): number {
    const set = this.shardChannels.get(channel);
    if (set === undefined) return 0;
    return this.deliver(set, '$8\r\nsmessage\r\n' + bulk(channel) + bulk(message), 3);
  }

  /** Appends one framed message to every subscriber: `*n` in RESP2, a `>n` push in RESP3. */
  private deliver(set: Set<Client>, body: string, n: number): number {
    const v2 = '*' + n + '\r\n' + body;
    const v3 = '>' + n + '\r\n' + body;
    for (const c of set) {
      c.out += c.proto === 3 ? v3 : v2;
      c.queueFlush();
    }
    return set.size;
  }

  private confirm(c: Client, word: string, name: string, count: number): void {
    c.push(3);
    c.bulk(word);
    c.bulk(name);
    c.int(count);
  }

  private remove(c: Client, subs: Subscriptions, kind: SubKind, name: string): void {
    if (!subs.of(kind).delete(name)) return;
    const reg = this.registry(kind);
    const set = reg.get(name);
    if (set === undefined) return;
    set.delete(c);
    if (set.size === 0) reg.delete(name);
  }

  private enter(c: Client): Subscriptions {
    const subs = new Subscriptions();
    c.subscriptions = subs;
    c.kind = 'pubsub';
    this.clients++;
    return subs;
  }

  private leave(c: Client): void {
    c.subscriptions = null;
    if (c.kind === 'pubsub') c.kind = 'normal';
    this.clients--;
  }
}
