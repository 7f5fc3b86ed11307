/** `shoal server`: one data node in the foreground. */
import { Server } from '../server/server';
import { loadConfigArgs, type ConfigArgs } from '../server/config-file';
import { REDIS_VERSION } from '../server/version';
import { log } from '../server/log';

function fatalConfig(e: unknown): never {
  process.stderr.write(`\n*** FATAL CONFIG FILE ERROR (Shoal, Redis ${REDIS_VERSION} compatible) ***\n${(e as Error).message}\n`);
  process.exit(1);
}

export async function runServer(args: string[]): Promise<void> {
  let loaded: ConfigArgs;
  let server: Server;
  try {
    loaded = loadConfigArgs(args);
    server = new Server(loaded.entries, loaded.file);
  } catch (e) {
    fatalConfig(e);
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
