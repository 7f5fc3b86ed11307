/**
 * Starts real Shoal and redis-server processes on free loopback ports for
 * tests, and stops them when the test file ends.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { after } from 'node:test';
import net from 'node:net';
import path from 'node:path';
import fs from 'node:fs';
import os from 'node:os';
import { NODE_FLAGS } from '../../src/cli/node-flags';

export const ROOT = path.resolve(__dirname, '..', '..', '..');
export const SHOAL_BIN = path.join(ROOT, 'dist', 'src', 'cli', 'main.js');

export interface Proc {
  port: number;
  child: ChildProcess;
  output: () => string;
  stop: () => Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

export async function waitForPort(port: number, child: ChildProcess, out: () => string, ms = 15000): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`process exited early (${child.exitCode}): ${out()}`);
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1');
      s.once('connect', () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`port ${port} did not open: ${out()}`);
}

/** Every process a test file started, so none outlives its file, even after a failure. */
const started = new Set<ChildProcess>();
function killStarted(): void {
  for (const c of started) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
}
process.on('exit', killStarted);
// Under the test runner a leftover server would keep the file's process (and the run) alive.
if (process.env.NODE_TEST_CONTEXT) after(killStarted);

export function launch(cmd: string, args: string[], port: number, cwd?: string): Promise<Proc> {
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], cwd });
  started.add(child);
  child.once('exit', () => started.delete(child));
  let buf = '';
  child.stdout?.on('data', (d: Buffer) => (buf += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (buf += d.toString()));
  const output = (): string => buf;
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const done = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill('SIGKILL');
    await done;
  };
  return waitForPort(port, child, output).then(() => ({ port, child, output, stop }));
}

/** A Shoal data node: `shoal server --port P ...extra`. */
export async function startShoal(extra: string[] = []): Promise<Proc> {
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shoal-test-'));
  return launch(process.execPath, [...NODE_FLAGS, SHOAL_BIN, 'server', '--port', String(port), '--dir', dir, ...extra], port, dir);
}

/** Debian's redis-server, the oracle for differential tests. */
export async function startRedis(extra: string[] = []): Promise<Proc> {
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'redis-test-'));
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, ...extra];
  return launch('redis-server', args, port, dir);
}
