/**
 * maxmemory, enforced as Redis's evict.c does: before a command runs while
 * used memory is over the limit, keys are evicted by maxmemory-policy until
 * it is under again; when that cannot be done, commands that add data are
 * refused. Candidates come from samples of the per-slot keyspace; keys with
 * a TTL, from a walk of the expires map resumed where the last sample
 * stopped (one map holds them all, and a Map has no random access).
 *
 * The figure. V8 gives memory back only when it collects, so evicting until
 * the heap shrinks would evict everything. As Redis counts what it frees
 * while it evicts, the figure here is a heap reading (about a microsecond,
 * taken every few ms while a limit is set, and when INFO or CONFIG SET asks)
 * less the estimated size (MEMORY USAGE) of every key evicted since the last
 * full collection: until the collector runs, those keys are garbage that
 * every new reading still counts. The reading leaves out the young
 * generation: request garbage swings it by megabytes from one reading to the
 * next, while data that lives on is soon promoted out of it.
 *
 * Other garbage (clients' buffers, replies that outlived a scavenge) would
 * still be taken for data and evicted for, down to an empty keyspace when
 * the limit is tight: V8 collects the old generation only once it has grown
 * well past its live size. So once the heap has grown by a sixteenth of the
 * limit (256 KiB at least) since the last full collection, an eviction
 * starts with one: on a small heap that costs a few ms; on a big one, about
 * what V8's own collections would cost at the same rate of writes.
 */
import v8 from 'node:v8';
import vm from 'node:vm';
import { PerformanceObserver, constants, type NodeGCPerformanceDetail, type PerformanceEntry } from 'node:perf_hooks';
import type { Server } from './server';
import type { Db } from '../store/db';
import type { Value } from '../store/value';
import { keyMemoryUsage } from '../store/memsize';
import { keySlot } from '../cluster/slot';
import { coarseClock } from '../store/access';
import { EV } from './notify';

export const OOM_ERROR = "OOM command not allowed when used memory > 'maxmemory'.";

/** Redis's EVPOOL_SIZE: the best candidates kept from one eviction to the next. */
const EVPOOL_SIZE = 16;
/** Interval of heap readings while a limit is set. */
const READING_MS = 5;
/** The time limit is looked at once per this many evicted keys, as Redis does. */
const TIME_CHECK_KEYS = 16;
/** Growth of the heap since the last full collection, as a part of the limit (and at least a MiB), that makes an eviction collect first. */
const COLLECT_AFTER_PART = 16;
const COLLECT_AFTER_MIN = 256 << 10;
/** Before refusing writes, a collection at most this often (ms), or at most a twentieth of the time. */
const REFUSAL_COLLECT_MS = 1000;
const REFUSAL_COLLECT_SHARE = 20;
/** Evictions worth learning from (bytes of MEMORY USAGE), and the most V8 is taken to free per such byte. */
const SCALE_MIN_BYTES = 64 << 10;
const SCALE_MAX = 4;
/** Until learned: about what V8 takes for a short key with a short string value. */
const SCALE_START = 1.75;
/** Nested values sampled to size an evicted key (MEMORY USAGE's default). */
const SIZE_SAMPLES = 5;

const YOUNG_SPACES = new Set(['new_space', 'new_large_object_space']);

/** External memory and the old generation's heap spaces. */
function heapReading(): number {
  let used = v8.getHeapStatistics().external_memory;
  for (const space of v8.getHeapSpaceStatistics()) if (!YOUNG_SPACES.has(space.space_name)) used += space.space_used_size;
  return used;
}

/** A full collection on demand: V8 offers one only behind a flag, which it also takes at run time, for new contexts. */
function exposeGc(): () => void {
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
}

/** A 'gc' entry: Node sets `detail`, which the typings leave out. */
type GcEntry = PerformanceEntry & { detail?: NodeGCPerformanceDetail };

interface Candidate {
  db: Db;
  key: string;
  /** Higher evicts first: idle seconds (LRU), 255 - frequency (LFU), minus the expiry time (TTL). */
  idle: number;
}

/** Redis's evictionTimeLimitUs, in ms: up to 0.5 linearly to tenacity 10, then 15% more a step, unlimited at 100. */
function timeLimitMs(tenacity: number): number {
  if (tenacity <= 10) return 0.05 * tenacity;
  if (tenacity < 100) return 0.5 * 1.15 ** (tenacity - 10);
  return Infinity;
}

export class Eviction {
  /** The figure was over maxmemory at the last reading and no eviction got it under since: the one test commands pay. */
  over = false;
  /** Over, and the last eviction could not get under the limit: commands that add data are refused. */
  failed = false;
  /** Ms spent over the limit in past stretches (INFO total_eviction_exceeded_time). */
  totalOverMs = 0;
  /** Start of the current stretch over the limit (ms; 0: none), counted from the first eviction that did not finish. */
  overSince = 0;
  private limit = 0;
  private reading = 0;
  /** MEMORY USAGE of the keys evicted since the last full collection. */
  private evictedSize = 0;
  /** What V8 gives back per byte of MEMORY USAGE evicted, learned from full collections. */
  private scale = SCALE_START;
  /** The reading right after the last full collection, and when (performance.now()) that was. */
  private collectedReading = 0;
  private collectedAt = 0;
  private gc: (() => void) | null = null;
  /** How long the last collection on demand took (ms). */
  private gcMs = 0;
  private readonly pool: Candidate[] = [];
  /** The policy the pool's scores were taken under: they mean nothing under another. */
  private poolPolicy = '';
  private readonly sample: string[] = [];
  /** Round-robin db of the random policies (Redis's next_db). */
  private nextDb = 0;
  private timer: NodeJS.Timeout | null = null;
  private gcs: PerformanceObserver | null = null;
  /** An eviction out of time goes on from the event loop (Redis's evictionTimeProc). */
  private resuming = false;

  constructor(private readonly server: Server) {}

  /**
   * maxmemory as configured at start or by CONFIG SET. A limit under the
   * figure is enforced at once, as Redis starts evicting: returns the
   * figure then (for CONFIG SET's warning), else null.
   */
  setLimit(bytes: number): number | null {
    this.limit = bytes;
    if (bytes === 0) {
      if (this.timer !== null) clearInterval(this.timer);
      this.gcs?.disconnect();
      this.timer = this.gcs = null;
      this.read();
      return null;
    }
    if (this.timer === null) {
      this.timer = setInterval(() => this.read(), READING_MS);
      this.timer.unref();
      this.gcs = new PerformanceObserver((list) => {
        const major = (e: GcEntry): boolean => e.detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR && e.startTime >= this.collectedAt;
        if (list.getEntries().some(major)) this.collected(this.reading);
      });
      this.gcs.observe({ entryTypes: ['gc'] });
    }
    const used = this.read();
    if (used <= bytes) return null;
    this.resumeLater();
    return used;
  }

  /** Takes a heap reading; returns the used-memory figure (INFO used_memory). */
  read(): number {
    this.reading = heapReading();
    const used = this.used();
    if (this.limit !== 0 && used > this.limit) this.over = true;
    else this.under();
    return used;
  }

  /** A full collection now (MEMORY PURGE, and evictions that may find the heap full of garbage). */
  collect(): void {
    const before = heapReading();
    const t0 = performance.now();
    (this.gc ??= exposeGc())();
    this.gcMs = performance.now() - t0;
    this.collected(before);
  }

  /**
   * After a full collection the evicted keys are gone from the heap, and
   * from readings. What it gave back, against the MEMORY USAGE evicted,
   * tells what an evicted key really frees: V8's strings and map entries
   * cost more than Redis's allocations, and evicting by the estimate alone
   * would evict nearly twice the keys needed until the next collection.
   */
  private collected(before: number): void {
    const evicted = this.evictedSize;
    this.evictedSize = 0;
    this.collectedAt = performance.now();
    this.read();
    this.collectedReading = this.reading;
    if (evicted >= SCALE_MIN_BYTES) {
      const ratio = Math.min(SCALE_MAX, Math.max(1, (before - this.reading) / evicted));
      this.scale = (this.scale + ratio) / 2;
    }
  }

  private used(): number {
    return Math.max(0, Math.floor(this.reading - this.evictedSize * this.scale));
  }

  /** CONFIG RESETSTAT: the time over the limit counts afresh. */
  resetStats(): void {
    this.totalOverMs = 0;
    this.overSince = 0;
  }

  private under(): void {
    this.over = this.failed = false;
    if (this.overSince !== 0) {
      this.totalOverMs += Date.now() - this.overSince;
      this.overSince = 0;
    }
  }

  /**
   * Evicts by maxmemory-policy until the figure is under the limit, for at
   * most maxmemory-eviction-tenacity's time (the rest goes on from the event
   * loop): Redis's performEvictions. False when nothing (more) can be evicted.
   */
  evict(): boolean {
    if (this.reading - this.collectedReading > Math.max(this.limit / COLLECT_AFTER_PART, COLLECT_AFTER_MIN)) {
      this.collect();
      if (!this.over) return true;
    }
    const config = this.server.config;
    const policy = config.get('maxmemory-policy');
    const deadline = performance.now() + timeLimitMs(config.num('maxmemory-eviction-tenacity'));
    for (let n = 1; this.used() > this.limit; n++) {
      const victim = policy === 'noeviction' ? null : this.pick(policy);
      if (victim === null) {
        // Deletions and flushes leave garbage that only a collection gives back: refuse on the heap's own figure.
        if (performance.now() - this.collectedAt > Math.max(REFUSAL_COLLECT_MS, this.gcMs * REFUSAL_COLLECT_SHARE)) {
          this.collect();
          if (!this.over) return true;
        }
        this.failed = true;
        if (this.overSince === 0) this.overSince = Date.now();
        return false;
      }
      this.evictKey(victim.db, victim.key);
      if (n % TIME_CHECK_KEYS === 0 && performance.now() > deadline) {
        if (this.overSince === 0) this.overSince = Date.now();
        this.resumeLater();
        return true;
      }
    }
    this.under();
    return true;
  }

  private resumeLater(): void {
    if (this.resuming) return;
    this.resuming = true;
    setImmediate(() => {
      this.resuming = false;
      if (!this.over) return;
      this.evict();
      // Evictions outside a command wake the clients blocked on the evicted keys themselves.
      const blocking = this.server.blocking;
      if (blocking.ready.length !== 0) blocking.serveReady();
    });
  }

  /** Deletes a key as DEL does (its waiters and watchers are told), publishes `evicted` and counts it. */
  private evictKey(db: Db, key: string): void {
    const server = this.server;
    this.evictedSize += keyMemoryUsage(key, db.peek(key) as Value, SIZE_SAMPLES);
    db.delete(key);
    server.watches.touch(db, key);
    server.keyspace.stats.evictedKeys++;
    server.notify.emit(EV.evicted, 'evicted', key, db.id);
  }

  /** The next key to evict under an evicting policy, or null when there is none. */
  private pick(policy: string): Candidate | null {
    const dbs = this.server.keyspace.dbs;
    const volatile = policy.startsWith('volatile-');
    const sample = this.sample;
    if (policy.endsWith('-random')) {
      for (let i = 0; i < dbs.length; i++) {
        const db = dbs[(this.nextDb = (this.nextDb + 1) % dbs.length)];
        sample.length = 0;
        if (volatile) db.sampleVolatile(1, sample);
        else db.sampleKeys(1, sample);
        if (sample.length !== 0) return { db, key: sample[0], idle: 0 };
      }
      return null;
    }
    const kind = policy.slice(policy.indexOf('-') + 1);
    const samples = this.server.config.num('maxmemory-samples');
    const pool = this.pool;
    if (policy !== this.poolPolicy) {
      pool.length = 0;
      this.poolPolicy = policy;
    }
    for (;;) {
      let total = 0;
      for (const db of dbs) {
        const n = volatile ? db.expires.size : db.size;
        if (n === 0) continue;
        total += n;
        sample.length = 0;
        if (volatile) db.sampleVolatile(samples, sample);
        else db.sampleKeys(samples, sample);
        for (const key of sample) this.offer(db, key, idleScore(db, key, kind));
      }
      if (total === 0) return null;
      // The best candidate that still exists; one gone since it was pooled is dropped.
      while (pool.length !== 0) {
        const best = pool.pop() as Candidate;
        if (volatile ? best.db.expires.has(best.key) : best.db.peek(best.key) !== undefined) return best;
      }
    }
  }

  /** Redis's pool insertion: sorted by idle ascending; when full, a better key pushes out the least idle one. */
  private offer(db: Db, key: string, idle: number): void {
    const pool = this.pool;
    let k = 0;
    while (k < pool.length && pool[k].idle < idle) k++;
    if (pool.length === EVPOOL_SIZE) {
      if (k === 0) return;
      pool.shift();
      k--;
    }
    pool.splice(k, 0, { db, key, idle });
  }
}

function idleScore(db: Db, key: string, kind: string): number {
  if (kind === 'ttl') return -(db.expires.get(key) as number);
  const access = db.access;
  if (kind === 'lfu') return 255 - (access?.frequency(key) ?? 0);
  // A key with no access recorded since the policy was set: its slot's last access bounds its idle time.
  return coarseClock.sec - (access?.lastAccess(key) ?? db.touched[keySlot(key)]);
}
