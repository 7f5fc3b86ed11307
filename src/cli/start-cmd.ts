/**
 * `shoal start`: creates the cluster in --dir on first run (or loads it),
 * writes each node's config, runs the manager and one node per shard in the
 * foreground under a supervisor, and prints the endpoint once the map is on
 * every node. Ctrl-C/SIGTERM stops everything.
 */
import fs from 'node:fs';
import path from 'node:path';
import { NODE_FLAGS } from './node-flags';
import { Supervisor } from './supervisor';
import { connectManager, DEFAULT_DIR } from './manager-conn';
import { createState, fullAccessRules, loadState, saveState, wire, type ClusterState } from '../manager/state';
import { nodeDir, writeNodeConfigs } from '../manager/node-config';
import type { ClusterStatus } from '../manager/manager';

export interface StartOptions {
  shards?: string;
  port?: string;
  bind?: string;
  dir?: string;
  requirepass?: string;
  user?: string;
  password?: string;
}

const MAIN = path.join(__dirname, 'main.js');
const READY_TIMEOUT_MS = 60000;

function say(msg: string): void {
  process.stdout.write(`shoal: ${msg}\n`);
}

function intOption(v: string, name: string): number {
  const n = Number(v);
  if (!/^\d+$/.test(v) || !Number.isSafeInteger(n)) throw new Error(`${name} must be a positive integer, got '${v}'`);
  return n;
}

/** Loads or creates the cluster and applies credential options, which are kept for later starts. */
function prepareState(dir: string, o: StartOptions): ClusterState {
  if ((o.user === undefined) !== (o.password === undefined)) throw new Error('--user and --password go together');
  let s = loadState(dir);
  if (!s) {
    s = createState({ shards: intOption(o.shards ?? '3', '--shards'), port: intOption(o.port ?? '7000', '--port'), bind: o.bind ?? '127.0.0.1' });
    say(`created a ${s.map.shards.length}-shard cluster in ${dir}`);
  } else if (o.shards !== undefined || o.port !== undefined || o.bind !== undefined) {
    say(`${dir} already holds a cluster; --shards, --port and --bind apply only when creating one`);
  }
  if (o.requirepass !== undefined) s.requirepass = wire(o.requirepass);
  if (o.user !== undefined && o.password !== undefined) s.accounts[wire(o.user)] = fullAccessRules(wire(o.password));
  saveState(dir, s);
  return s;
}

/** Polls the manager until every node is online with the current map. */
async function waitReady(dir: string, sup: { stopped: boolean }): Promise<boolean> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline && !sup.stopped) {
    try {
      const c = await connectManager(dir);
      try {
        const st = JSON.parse(String(await c.call(['STATUS'], 5000))) as ClusterStatus;
        if (st.nodes.every((n) => n.health === 'online' && n.mapEpoch >= st.epoch)) return true;
      } finally {
        c.close();
      }
    } catch {
      // Manager or nodes still starting.
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}

function connectHint(s: ClusterState): string {
  const n = s.map.nodes[0];
  let cmd = `redis-cli -c${n.host === '127.0.0.1' ? '' : ` -h ${n.host}`} -p ${n.port}`;
  const user = Object.keys(s.accounts).find((name) => name !== 'default');
  if (user !== undefined) cmd += ` --user ${user} --askpass`;
  else if (s.requirepass) cmd += ' --askpass';
  return cmd;
}

export async function runStart(o: StartOptions): Promise<void> {
  const dir = path.resolve(o.dir ?? DEFAULT_DIR);
  const s = prepareState(dir, o);
  const confs = writeNodeConfigs(dir, s);
  const logs = path.join(dir, 'logs');
  fs.mkdirSync(logs, { recursive: true });

  const sup = new Supervisor(say);
  const state = { stopped: false };
  const stop = (sig: string): void => {
    if (state.stopped) return;
    state.stopped = true;
    say(`${sig} received, stopping the cluster...`);
    void sup.stopAll().then(() => {
      say('stopped');
      process.exit(0);
    });
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));

  say(`starting the manager and ${s.map.nodes.length} nodes (logs in ${logs})`);
  sup.add({ name: 'manager', args: [...NODE_FLAGS, MAIN, 'manager', '--dir', dir], cwd: dir, logFile: path.join(logs, 'manager.log') });
  s.map.nodes.forEach((n, i) => {
    sup.add({
      name: `node ${n.host}:${n.port}`,
      args: [...NODE_FLAGS, MAIN, 'server', confs[i]],
      cwd: nodeDir(dir, n),
      logFile: path.join(logs, `node-${n.port}.log`),
    });
  });

  const ready = await waitReady(dir, state);
  if (state.stopped) return;
  const first = s.map.nodes[0];
  if (!ready) say(`the cluster is not fully up yet; see the logs in ${logs} and run: shoal status --dir ${o.dir ?? DEFAULT_DIR}`);
  process.stdout.write(
    `\nShoal cluster ${ready ? 'is up' : 'is starting'}: ${s.map.shards.length} shards, ports ${first.port}-${first.port + s.map.nodes.length - 1}\n` +
      `Endpoint: ${first.host}:${first.port}\n` +
      `Connect with: ${connectHint(s)}\n` +
      `Data and logs: ${dir}\n` +
      `Press Ctrl-C to stop.\n\n`,
  );
}
