/** Waiting for clients to be blocked, by polling INFO rather than sleeping a fixed time. */
import assert from 'node:assert/strict';
import { show, type RespConn } from './resp';

export async function blockedClients(admin: RespConn): Promise<number> {
  const info = String(show(await admin.call('INFO', 'clients')));
  const at = info.indexOf('blocked_clients:');
  return Number.parseInt(info.slice(at + 'blocked_clients:'.length), 10);
}

/** Waits until exactly n clients are blocked. */
export async function waitBlocked(admin: RespConn, n: number): Promise<void> {
  for (let i = 0; i < 1000; i++) {
    if ((await blockedClients(admin)) === n) return;
    await new Promise((r) => setTimeout(r, 5));
  }
  assert.fail(`never saw ${n} blocked clients`);
}
