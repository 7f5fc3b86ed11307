/** `shoal server`: one data node in the foreground. */
import { Server } from '../server/server';
import { loadConfigArgs, type ConfigArgs } from '../server/config-file';
import { REDIS_VERSION } from '../server/version';
import { log } from '../server/log';

export async function runServer(args: string[]): Promise<void> {
  let loaded: ConfigArgs;
  try {
    loaded = loadConfigArgs(args);
  } catch (e) {
    process.stderr.write(`\n*** FATAL CONFIG FILE ERROR (Redis ${REDIS_VERSION}) ***\n${(e as Error).message}\n`);
    process.exit(1);
  }
  let server: Server;
  try {
    server = new Server(loaded.entries, loaded.file);
  } catch (e) {
    process.stderr.write(`\n*** FATAL CONFIG FILE ERROR (Redis ${REDIS_VERSION}) ***\n${(e as Error).message}\n`);
    process.exit(1);
  }
  const stop = (sig: string): void => {
    log(`Received ${sig} scheduling shutdown...`, '#');
    void server.shutdown();
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  await server.listen();
  const host = server.config.get('bind').split(' ')[0];
  process.stdout.write(`\nShoal is serving on ${host}:${server.port}\nConnect with: redis-cli -h ${host} -p ${server.port}\n\n`);
  await server.stopped;
  process.exit(0);
}
