/**
 * A Driver for a client library used from a script in test/clients/: the
 * script takes HOST PORT USER PASSWORD MODE ARGS, prints "ready" when the
 * test should act, reads one stdin line to go on, and ends with a JSON line.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from '../helpers/procs';
import { ACCOUNT, type Cluster } from '../helpers/cluster';
import type { BasicResult, ChurnResult, Driver, RecoverResult } from './scenarios';

export const CLIENTS_DIR = path.join(ROOT, 'test', 'clients');

interface Running {
  /** Resolves when the script prints "ready". */
  ready: Promise<void>;
  send(line: string): void;
  /** Resolves with the final JSON line. */
  result: Promise<unknown>;
}

function launch(cmd: string, args: string[]): Running {
  if (!fs.existsSync(cmd)) throw new Error(`client interpreter ${cmd} not found`);
  const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  let onReady: () => void = () => undefined;
  const ready = new Promise<void>((r) => (onReady = r));
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
    if (/^ready$/m.test(out)) onReady();
  });
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const result = new Promise<unknown>((resolve, reject) => {
    child.once('exit', (code) => {
      const last = out.trim().split('\n').pop() ?? '';
      if (code !== 0 || !last.startsWith('{')) reject(new Error(`${path.basename(args[0])} exited ${code}\n${out}\n${err.slice(-3000)}`));
      else resolve(JSON.parse(last));
    });
  });
  // A script that dies before "ready" must not leave the test waiting.
  result.catch(() => onReady());
  return { ready, send: (line) => child.stdin.write(line + '\n'), result };
}

export function scriptDriver(name: string, interpreter: string, script: string): Driver {
  const start = (c: Cluster, mode: string, ...args: (string | number)[]): Running =>
    launch(interpreter, [path.join(CLIENTS_DIR, script), c.host, String(c.port), ACCOUNT.user, ACCOUNT.password, mode, ...args.map(String)]);
  return {
    name,
    async basic(c, prefix, n) {
      return (await start(c, 'basic', prefix, n).result) as BasicResult;
    },
    async churn(c, tag, moving) {
      const r = start(c, 'churn', tag);
      await r.ready;
      await moving.finally(() => r.send('stop'));
      return (await r.result) as ChurnResult;
    },
    async recover(c, prefix, n, crash) {
      const r = start(c, 'recover', prefix, n);
      await r.ready;
      await crash().finally(() => r.send('go'));
      return (await r.result) as RecoverResult;
    },
  };
}
