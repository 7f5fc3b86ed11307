/** node-redis createCluster, configured as managed-service guides show: a root node URL plus `defaults` credentials. */
import { createCluster } from 'redis';
import { ACCOUNT } from '../helpers/cluster';
import { clientSuite } from './scenarios';
import { opsDriver } from './ops-driver';

clientSuite(
  opsDriver('node-redis', async (c) => {
    const cluster = createCluster({
      rootNodes: [{ url: `redis://${c.host}:${c.port}` }],
      defaults: { username: ACCOUNT.user, password: ACCOUNT.password },
    });
    // Node connections report drops as events; the commands' own errors are what the scenarios check.
    cluster.on('error', () => undefined);
    await cluster.connect();
    return {
      set: (k, v) => cluster.set(k, v),
      get: (k) => cluster.get(k),
      mset: (pairs) => cluster.mSet(pairs),
      mget: (keys) => cluster.mGet(keys),
      close: async () => {
        await cluster.disconnect();
      },
    };
  }),
);
