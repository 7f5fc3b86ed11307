/** redis-py's RedisCluster (Debian's python3-redis under /usr/bin/python3). */
import { clientSuite } from './scenarios';
import { scriptDriver } from './script-driver';

clientSuite(scriptDriver('redis-py', '/usr/bin/python3', 'cluster_client.py'));
