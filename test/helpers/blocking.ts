/**
 * Multi-client blocking scenarios, run on Shoal and on redis-server with
 * fresh data and connections each; what the scenario logs must be the same.
 */
import assert from 'node:assert/strict';
import type { Pair } from './diff';
import { RespConn, show } from './resp';
import { blockedClients } from './blocked';

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
