/**
 * Multi-client blocking scenarios, run on Shoal and on redis-server with
 * fresh data and connections each; what the scenario logs must be the same.
 * Clients are known to be blocked by polling INFO's blocked_clients.
 */
import assert from 'node:assert/strict';
import type { Pair } from './diff';
import { RespConn, show } from './resp';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function blockedClients(admin: RespConn): Promise<number> {
  const info = String(show(await admin.call('INFO', 'clients')));
  const at = info.indexOf('blocked_clients:');
  return Number.parseInt(info.slice(at + 'blocked_clients:'.length), 10);
}

/** Waits until exactly n clients are blocked. */
export async function waitBlocked(admin: RespConn, n: number): Promise<void> {
  for (let i = 0; i < 1000; i++) {
    if ((await blockedClients(admin)) === n) return;
    await sleep(5);
  }
  assert.fail(`never saw ${n} blocked clients`);
}

export type Scenario = (port: number, admin: RespConn, log: unknown[]) => Promise<void>;

/** Runs a scenario on both servers and compares what it logged; returns the log. */
export async function sameScenario(p: Pair, scenario: Scenario): Promise<unknown[]> {
  const logs: unknown[][] = [];
  for (const port of [p.shoalProc.port, p.redisProc.port]) {
    const admin = await RespConn.connect(port);
    await admin.call('FLUSHALL');
    const log: unknown[] = [];
    await scenario(port, admin, log);
    assert.equal(await blockedClients(admin), 0, 'a client is still blocked at the end');
    admin.close();
    logs.push(log);
  }
  assert.deepEqual(logs[0], logs[1]);
  return logs[0];
}

/** Connects n clients. */
export async function clients(port: number, n: number): Promise<RespConn[]> {
  const out: RespConn[] = [];
  for (let i = 0; i < n; i++) out.push(await RespConn.connect(port));
  return out;
}

/** Sends a command whose reply comes later. */
export function send(c: RespConn, ...args: string[]): Promise<unknown> {
  return c.call(...args).then(show);
}
