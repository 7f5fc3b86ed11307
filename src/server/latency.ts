/**
 * The latency monitor: events (e.g. "command") that took at least
 * latency-monitor-threshold milliseconds, 160 samples per event kept, one per
 * second at most (the worst of that second), as Redis keeps them.
 */
const HISTORY = 160;

export interface LatencySample {
  time: number;
  ms: number;
}

export interface LatencyEvent {
  samples: LatencySample[];
  max: number;
}

export class LatencyMonitor {
  readonly events = new Map<string, LatencyEvent>();

  add(event: string, ms: number): void {
    const now = Math.floor(Date.now() / 1000);
    let ev = this.events.get(event);
    if (ev === undefined) {
      ev = { samples: [], max: 0 };
      this.events.set(event, ev);
    }
    if (ms > ev.max) ev.max = ms;
    const last = ev.samples[ev.samples.length - 1];
    if (last !== undefined && last.time === now) {
      if (ms > last.ms) last.ms = ms;
      return;
    }
    ev.samples.push({ time: now, ms });
    if (ev.samples.length > HISTORY) ev.samples.shift();
  }

  /** Resets the named events (all when none named); returns how many were reset. */
  reset(names: string[]): number {
    if (names.length === 0) {
      const n = this.events.size;
      this.events.clear();
      return n;
    }
    let n = 0;
    for (const name of names) if (this.events.delete(name)) n++;
    return n;
  }
}
