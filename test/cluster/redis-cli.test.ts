/**
 * redis-cli -c as a cluster client: one long-lived process reading commands
 * on stdin (as when a user pipes a script into it), following MOVED/ASK itself.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { ACCOUNT } from '../helpers/cluster';
import { clientSuite } from './scenarios';
import { opsDriver, type Ops } from './ops-driver';

interface Pending {
  lines: number;
  resolve: (lines: string[]) => void;
  reject: (e: Error) => void;
}

/** One reply per command, in order; errors (`(error) X` on stdout, `Error: X` / `Could not connect` on stderr) reject. */
class CliOps implements Ops {
  private out = '';
  private err = '';
  private got: string[] = [];
  private queue: Pending[] = [];

  constructor(private readonly p: ChildProcessWithoutNullStreams) {
    p.stdout.on('data', (d: Buffer) => {
      this.out = this.lines(this.out + d.toString(), (line) => {
        if (!line.startsWith('-> Redirected')) this.got.push(line);
      });
      this.settle();
    });
    // Connection failures are reported on stderr, one line per failed command.
    p.stderr.on('data', (d: Buffer) => {
      this.err = this.lines(this.err + d.toString(), (line) => this.queue.shift()?.reject(new Error(line)));
    });
    p.on('exit', (code) => {
      for (const q of this.queue.splice(0)) q.reject(new Error(`redis-cli exited (${code})`));
    });
  }

  /** Calls `each` for every complete line; returns the incomplete rest. */
  private lines(buf: string, each: (line: string) => void): string {
    let nl;
    while ((nl = buf.indexOf('\n')) >= 0) {
      each(buf.slice(0, nl));
      buf = buf.slice(nl + 1);
    }
    return buf;
  }

  private settle(): void {
    while (this.queue.length && this.got.length) {
      const q = this.queue[0];
      if (this.got[0].startsWith('(error) ')) {
        this.queue.shift();
        q.reject(new Error((this.got.shift() as string).slice('(error) '.length)));
      } else if (this.got.length >= q.lines) {
        this.queue.shift();
        q.resolve(this.got.splice(0, q.lines));
      } else return;
    }
  }

  private send(args: string[], lines: number): Promise<string[]> {
    return new Promise((resolve, reject) => {
      if (this.p.exitCode !== null) return reject(new Error('redis-cli has exited'));
      this.queue.push({ lines, resolve, reject });
      this.p.stdin.write(args.join(' ') + '\n');
    });
  }

  private static value(line: string): string | null {
    const v = line.replace(/^\d+\) /, '');
    return v === '(nil)' ? null : v.startsWith('"') ? v.slice(1, -1) : v;
  }

  async set(k: string, v: string): Promise<unknown> {
    return CliOps.value((await this.send(['SET', k, v], 1))[0]);
  }
  async get(k: string): Promise<string | null> {
    return CliOps.value((await this.send(['GET', k], 1))[0]);
  }
  async mset(pairs: [string, string][]): Promise<unknown> {
    return CliOps.value((await this.send(['MSET', ...pairs.flat()], 1))[0]);
  }
  async mget(keys: string[]): Promise<(string | null)[]> {
    return (await this.send(['MGET', ...keys], keys.length)).map(CliOps.value);
  }
  async close(): Promise<void> {
    const done = new Promise<void>((r) => this.p.once('exit', () => r()));
    this.p.stdin.end();
    await done;
  }
}

clientSuite(
  opsDriver('redis-cli', async (c) => {
    const p = spawn('redis-cli', ['-c', '--no-raw', '-h', c.host, '-p', String(c.port), '--user', ACCOUNT.user, '--pass', ACCOUNT.password, '--no-auth-warning']);
    return new CliOps(p);
  }),
);
