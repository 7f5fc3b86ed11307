/**
 * MONITOR: every executed command, as a status line
 * `+<unix time with µs> [<db> <client addr>] "ARG" ...` sent to each monitor.
 */
import { repr } from '../util/repr';
import type { Client } from './client';

/** Arguments that never appear in MONITOR or SLOWLOG (passwords). */
export function redactedFrom(argv: string[]): number {
  const name = argv[0].toLowerCase();
  if (name === 'auth') return 1;
  if (name === 'hello') {
    for (let i = 2; i < argv.length; i++) if (argv[i].toLowerCase() === 'auth') return i + 1;
  }
  if (name === 'migrate') {
    for (let i = 6; i < argv.length; i++) {
      const a = argv[i].toLowerCase();
      if (a === 'auth' || a === 'auth2') return i + 1;
    }
  }
  return -1;
}

export function monitorLine(c: Client, argv: string[]): string {
  const t = performance.timeOrigin + performance.now();
  const sec = Math.floor(t / 1000);
  const usec = Math.floor((t - sec * 1000) * 1000);
  let line = `+${sec}.${String(usec).padStart(6, '0')} [${c.db.id} ${c.addr === '' ? 'lua' : c.addr}]`;
  const hide = redactedFrom(argv);
  for (let i = 0; i < argv.length; i++) line += ' ' + (hide >= 0 && i >= hide ? '"(redacted)"' : repr(argv[i]));
  return line + '\r\n';
}
