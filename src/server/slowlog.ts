/**
 * SLOWLOG: the most recent commands that ran longer than
 * slowlog-log-slower-than microseconds, newest first, with Redis's argument
 * trimming (at most 32 arguments, each at most 128 bytes).
 */
import type { Client } from './client';

const MAX_ARGC = 32;
const MAX_ARGLEN = 128;

export interface SlowEntry {
  id: number;
  time: number;
  micros: number;
  argv: string[];
  addr: string;
  name: string;
}

export class SlowLog {
  /** Newest first. */
  entries: SlowEntry[] = [];
  private nextId = 0;
  maxLen = 128;

  add(c: Client, argv: string[], micros: number): void {
    const n = Math.min(argv.length, MAX_ARGC);
    const args: string[] = [];
    for (let i = 0; i < n; i++) {
      if (n !== argv.length && i === n - 1) {
        args.push(`... (${argv.length - MAX_ARGC + 1} more arguments)`);
      } else if (argv[i].length > MAX_ARGLEN) {
        args.push(`${argv[i].slice(0, MAX_ARGLEN)}... (${argv[i].length - MAX_ARGLEN} more bytes)`);
      } else {
        args.push(argv[i]);
      }
    }
    this.entries.unshift({ id: this.nextId++, time: Math.floor(Date.now() / 1000), micros: Math.floor(micros), argv: args, addr: c.addr, name: c.name });
    if (this.entries.length > this.maxLen) this.entries.length = this.maxLen;
  }

  setMaxLen(n: number): void {
    this.maxLen = n;
    if (this.entries.length > n) this.entries.length = n;
  }

  reset(): void {
    this.entries = [];
  }
}
