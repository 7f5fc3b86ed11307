/** CLI verbs that inspect or change a running cluster through its manager: status, acl, slots. */
import { connectManager } from './manager-conn';
import { loadState, wire } from '../manager/state';
import { parseSlotSpec } from '../manager/slot-moves';
import type { ClusterStatus } from '../manager/manager';
import type { RespValue } from '../manager/resp-client';
import path from 'node:path';

function rangesText(r: [number, number][]): string {
  return r.length ? r.map(([a, b]) => (a === b ? `${a}` : `${a}-${b}`)).join(',') : '-';
}

/** Left-aligned columns separated by two spaces. */
export function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  ')).join('\n') + '\n';
}

export function statusText(st: ClusterStatus, managerUp: boolean): string {
  const rows = [['SHARD', 'NODE', 'ROLE', 'ADDRESS', 'SLOTS', 'KEYS', 'HEALTH']];
  st.shards.forEach((sh, i) => {
    for (const n of st.nodes.filter((x) => x.shard === i)) {
      rows.push([
        String(i),
        n.id,
        n.role,
        `${n.host}:${n.port}`,
        n.role === 'master' ? rangesText(sh.slots) : '-',
        n.keys === null ? '-' : String(n.keys),
        managerUp ? n.health : 'unknown',
      ]);
    }
  });
  let out = `cluster map epoch ${st.epoch}${managerUp ? '' : ' (manager not running: health and keys unknown)'}\n` + table(rows);
  for (const m of st.migrations) out += `slot ${m.slot} moving from shard ${m.from} to shard ${m.to}\n`;
  return out;
}

export async function runStatus(dir: string): Promise<void> {
  let st: ClusterStatus;
  let up = true;
  try {
    const c = await connectManager(dir);
    st = JSON.parse(String(await c.call(['STATUS'], 10000))) as ClusterStatus;
    c.close();
  } catch (e) {
    // Without a manager the map on disk still tells the topology.
    const s = loadState(path.resolve(dir));
    if (!s) throw e;
    up = false;
    const nodes = s.map.nodes.map((n) => ({ ...n, health: 'unknown', mapEpoch: 0, keys: null }));
    st = { epoch: s.map.epoch, shards: s.map.shards, nodes, migrations: s.map.migrations };
  }
  process.stdout.write(statusText(st, up));
}

/** Sends one command to the manager and prints the reply as redis-cli does for simple replies. */
export async function runManagerCommand(dir: string, args: string[]): Promise<void> {
  const c = await connectManager(dir);
  try {
    const v = await c.call(args.map(wire));
    process.stdout.write(replyText(v));
  } finally {
    c.close();
  }
}

function replyText(v: RespValue): string {
  if (v === null) return '(nil)\n';
  if (Array.isArray(v)) return v.map((x) => (Array.isArray(x) ? replyText(x) : `${x}\n`)).join('');
  return `${v}\n`;
}

function bar(done: number, total: number): string {
  const width = 30;
  const frac = total > 0 ? Math.min(1, done / total) : 1;
  const filled = Math.round(frac * width);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} keys`;
}

/** `shoal slots move`: runs the move on one connection and draws progress polled on another. */
export async function runSlotsMove(dir: string, spec: string, shard: string): Promise<void> {
  const [first, last] = parseSlotSpec(spec);
  const to = Number(shard);
  if (!/^\d+$/.test(shard)) throw new Error(`invalid shard index '${shard}'`);
  const c = await connectManager(dir);
  const poll = await connectManager(dir);
  const tty = process.stdout.isTTY === true;
  let seen: [number, number] = [0, 0];
  const timer = setInterval(() => {
    poll.call(['SLOTS', 'PROGRESS']).then(
      (v) => {
        const [moved, total] = v as number[];
        seen = [moved, total];
        if (tty) process.stdout.write(`\r${bar(moved, total)}`);
      },
      () => undefined,
    );
  }, 200);
  try {
    await c.call(['SLOTS', 'MOVE', first, last, to]);
    const [moved, total] = (await poll.call(['SLOTS', 'PROGRESS'])) as number[];
    seen = [moved, total];
  } finally {
    clearInterval(timer);
    c.close();
    poll.close();
    if (tty) process.stdout.write(`\r${bar(seen[0], Math.max(seen[0], seen[1]))}\n`);
  }
  const what = first === last ? `slot ${first}` : `slots ${first}-${last}`;
  process.stdout.write(`moved ${what} to shard ${to}: ${seen[0]} keys\n`);
}
