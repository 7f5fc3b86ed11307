/**
 * Per-command counters for INFO commandstats/latencystats and LATENCY
 * HISTOGRAM, kept in flat typed arrays indexed by command id so that
 * recording a call costs a few array writes.
 */
import type { Command } from '../commands/table';

/** Latency buckets: bucket b counts calls of less than 2^b microseconds. */
export const BUCKETS = 40;

export class CommandStats {
  readonly calls: Float64Array;
  readonly usec: Float64Array;
  readonly rejected: Float64Array;
  readonly failed: Float64Array;
  readonly hist: Uint32Array;

  constructor(size: number) {
    this.calls = new Float64Array(size);
    this.usec = new Float64Array(size);
    this.rejected = new Float64Array(size);
    this.failed = new Float64Array(size);
    this.hist = new Uint32Array(size * BUCKETS);
  }

  record(id: number, us: number): void {
    this.calls[id]++;
    this.usec[id] += us;
    const b = 32 - Math.clz32(us);
    this.hist[id * BUCKETS + (b < BUCKETS ? b : BUCKETS - 1)]++;
  }

  reset(): void {
    this.calls.fill(0);
    this.usec.fill(0);
    this.rejected.fill(0);
    this.failed.fill(0);
    this.hist.fill(0);
  }

  /** Upper bound in microseconds of the bucket holding the given fraction of calls. */
  percentile(id: number, p: number): number {
    const total = this.calls[id];
    const want = Math.max(1, Math.ceil((total * p) / 100));
    let seen = 0;
    for (let b = 0; b < BUCKETS; b++) {
      seen += this.hist[id * BUCKETS + b];
      if (seen >= want) return 2 ** b;
    }
    return 2 ** BUCKETS;
  }
}

/** Every command and subcommand, for walking the statistics. */
export function allCommands(table: Map<string, Command>): Command[] {
  const out: Command[] = [];
  for (const c of table.values()) {
    out.push(c);
    if (c.subcommands) for (const s of c.subcommands.values()) out.push(s);
  }
  return out;
}
