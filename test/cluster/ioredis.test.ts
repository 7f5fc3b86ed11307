/** ioredis Cluster with the account in redisOptions. */
import { Cluster as IoCluster } from 'ioredis';
import { ACCOUNT } from '../helpers/cluster';
import { clientSuite } from './scenarios';
import { opsDriver } from './ops-driver';

clientSuite(
  opsDriver('ioredis', async (c) => {
    const cluster = new IoCluster([{ host: c.host, port: c.port }], {
      redisOptions: { username: ACCOUNT.user, password: ACCOUNT.password },
    });
    cluster.on('error', () => undefined);
    await new Promise<void>((resolve, reject) => {
      cluster.once('ready', resolve);
      cluster.once('end', () => reject(new Error('ioredis cluster ended before ready')));
    });
    return {
      set: (k, v) => cluster.set(k, v),
      get: (k) => cluster.get(k),
      mset: (pairs) => cluster.mset(...pairs.flat()),
      mget: (keys) => cluster.mget(...keys),
      close: async () => {
        cluster.disconnect();
      },
    };
  }),
);
