/** `shoal manager --dir D`: the cluster manager in the foreground. */
import path from 'node:path';
import { Manager } from '../manager/manager';
import { log } from '../server/log';

export async function runManager(dir: string): Promise<void> {
  const m = await Manager.start(path.resolve(dir));
  log(`Shoal manager for ${path.resolve(dir)}: ${m.map.shards.length} shards, map epoch ${m.map.epoch}`);
  const stop = (sig: string): void => {
    log(`Received ${sig}, stopping the manager`, '#');
    void m.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}
