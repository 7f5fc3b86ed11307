/**
 * Runs child processes in the foreground for `shoal start`: output to log
 * files, restart on unexpected exit (backing off when one keeps crashing),
 * and stop them all on request.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';

export interface ChildSpec {
  name: string;
  /** Arguments after the node binary (V8 flags, script, ...). */
  args: string[];
  cwd: string;
  logFile: string;
}

interface Running {
  spec: ChildSpec;
  child: ChildProcess | null;
  startedAt: number;
  delayMs: number;
  timer: NodeJS.Timeout | null;
}

/** A child that ran this long before exiting is restarted at once; sooner means back off. */
const STABLE_MS = 10000;
const MAX_DELAY_MS = 30000;

export class Supervisor {
  private readonly running: Running[] = [];
  private stopping = false;

  constructor(private readonly say: (msg: string) => void) {}

  add(spec: ChildSpec): void {
    const r: Running = { spec, child: null, startedAt: 0, delayMs: 500, timer: null };
    this.running.push(r);
    this.launch(r);
  }

  private launch(r: Running): void {
    r.timer = null;
    const fd = fs.openSync(r.spec.logFile, 'a');
    const child = spawn(process.execPath, r.spec.args, { cwd: r.spec.cwd, stdio: ['ignore', fd, fd] });
    fs.closeSync(fd);
    r.child = child;
    r.startedAt = Date.now();
    child.on('exit', (code, signal) => {
      r.child = null;
      if (this.stopping) return;
      if (Date.now() - r.startedAt >= STABLE_MS) r.delayMs = 500;
      this.say(`${r.spec.name} exited (${signal ?? `code ${code}`}); restarting in ${r.delayMs / 1000}s (log: ${r.spec.logFile})`);
      r.timer = setTimeout(() => this.launch(r), r.delayMs);
      r.delayMs = Math.min(MAX_DELAY_MS, r.delayMs * 2);
    });
  }

  /** SIGTERM to every child, SIGKILL to those still running after graceMs. */
  async stopAll(graceMs = 10000): Promise<void> {
    this.stopping = true;
    await Promise.all(
      this.running.map(async (r) => {
        if (r.timer) clearTimeout(r.timer);
        const c = r.child;
        if (!c || c.exitCode !== null || c.signalCode !== null) return;
        const exited = new Promise<void>((res) => c.once('exit', () => res()));
        c.kill('SIGTERM');
        const t = setTimeout(() => c.kill('SIGKILL'), graceMs);
        await exited;
        clearTimeout(t);
      }),
    );
  }
}
