/** LATENCY DOCTOR and LATENCY GRAPH: human-readable views of the latency monitor. */
import type { LatencyEvent, LatencyMonitor } from './latency';

export function latencyDoctor(mon: LatencyMonitor, thresholdMs: number): string {
  if (thresholdMs === 0 && mon.events.size === 0) {
    return (
      "I'm sorry, Dave, I can't do that. Latency monitoring is disabled in this Redis instance. " +
      'You may use "CONFIG SET latency-monitor-threshold <milliseconds>." in order to enable it.\n'
    );
  }
  if (mon.events.size === 0) {
    return 'Dave, no latency spike was observed during the lifetime of this Redis instance, not in the slightest bit. I honestly think you ought to sleep tonight.\n';
  }
  let out = 'Dave, I have observed latency spikes in this Redis instance. You don\'t mind talking about it, do you Dave?\n\n';
  let i = 1;
  for (const [name, ev] of mon.events) {
    const avg = ev.samples.reduce((a, s) => a + s.ms, 0) / ev.samples.length;
    out += `${i++}. ${name}: ${ev.samples.length} latency spikes (average ${Math.round(avg)}ms, worst ${ev.max}ms).\n`;
  }
  return out;
}

/** A column per sample, '#' rows scaled to the worst sample, oldest on the left. */
export function latencyGraph(name: string, ev: LatencyEvent): string {
  const rows = 4;
  const max = Math.max(...ev.samples.map((s) => s.ms), 1);
  const min = Math.min(...ev.samples.map((s) => s.ms));
  let out = `${name} - high ${max} ms, low ${min} ms (all time high ${ev.max} ms)\n`;
  out += '-'.repeat(80) + '\n';
  for (let r = rows; r >= 1; r--) {
    let line = '';
    for (const s of ev.samples) line += (s.ms * rows) / max >= r ? '#' : ' ';
    out += line.trimEnd() + '\n';
  }
  return out;
}
