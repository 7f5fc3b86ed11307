/** PhpRedis's RedisCluster (Debian's php-cli and php-redis). */
import { clientSuite } from './scenarios';
import { scriptDriver } from './script-driver';

clientSuite(scriptDriver('phpredis', '/usr/bin/php', 'cluster_client.php'));
