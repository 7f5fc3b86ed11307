/** The CLI's connection to a cluster's manager (RESP over D/manager.sock). */
import path from 'node:path';
import { RespClient } from '../manager/resp-client';
import { SOCKET_FILE } from '../manager/manager';

export const DEFAULT_DIR = './shoal-data';

export function socketPath(dir: string): string {
  return path.join(path.resolve(dir), SOCKET_FILE);
}

/** Connects, or throws a message that says how to get a manager running. */
export async function connectManager(dir: string): Promise<RespClient> {
  try {
    return await RespClient.connect({ path: socketPath(dir) });
  } catch {
    throw new Error(`no manager is running for ${path.resolve(dir)} (start the cluster with: shoal start --dir ${dir})`);
  }
}
