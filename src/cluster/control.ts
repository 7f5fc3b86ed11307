/**
 * The control port (Redis's cluster bus port): trusted peers, the manager and
 * other nodes, authenticate with the cluster secret, then push maps
 * (SHOAL.TOPOLOGY) or run any command as an internal client: no ACL, no slot
 * checks.
 */
import net from 'node:net';
import type { Server } from '../server/server';
import { Client } from '../server/client';
import { User } from '../acl/user';
import { log } from '../server/log';
import { parseClusterMap } from './map';
import { adoptMap } from './node';
import type { ClusterState } from './state';

const NOAUTH = 'NOAUTH Authentication required.';
const WRONGPASS = 'WRONGPASS invalid username-password pair or user is disabled.';

/** The account control clients run as: every command, key and channel. */
function internalUser(server: Server): User {
  const u = new User('cluster-internal', server.acl.index);
  for (const rule of ['on', 'nopass', '+@all', '~*', '&*']) u.apply(rule);
  return u;
}

class ControlClient extends Client {
  private peerAuthed = false;

  constructor(server: Server, sock: net.Socket, user: User) {
    super(server, sock);
    this.user = user;
    this.authenticated = true;
    this.internal = true;
  }

  override onCommand(argv: string[]): void {
    const name = argv[0].toLowerCase();
    // Peers may repeat AUTH on a link they reuse (MIGRATE does, as Redis's does).
    if (!this.peerAuthed || name === 'auth') return this.auth(name, argv);
    if (name === 'shoal.topology') return this.topology(argv);
    if (name === 'shoal.id') return this.bulk((this.server.cluster as ClusterState).myId);
    // A PUBLISH forwarded by a peer: local subscribers only, never forwarded again.
    if (name === 'shoal.publish' && argv.length === 3) return this.int(this.server.pubsub.publish(argv[1], argv[2]));
    this.server.dispatch(this, argv);
  }

  /** The first command must be AUTH <secret>; a wrong secret ends the link, also on a repeat. */
  private auth(name: string, argv: string[]): void {
    if (name !== 'auth') return this.error(NOAUTH);
    const secret = this.server.config.get('cluster-secret');
    if (argv.length === 2 && secret !== '' && argv[1] === secret) {
      this.peerAuthed = true;
      return this.ok();
    }
    this.error(WRONGPASS);
    this.closeAfterReply = true;
  }

  private topology(argv: string[]): void {
    const sub = argv.length >= 2 ? argv[1].toLowerCase() : '';
    if (sub === 'get' && argv.length === 2) {
      const map = (this.server.cluster as ClusterState).map;
      return map === null ? this.nullBulk() : this.bulk(JSON.stringify(map));
    }
    if (sub !== 'set' || argv.length !== 3) return this.error('ERR usage: SHOAL.TOPOLOGY GET | SHOAL.TOPOLOGY SET <map-json>');
    let stale: number | null;
    try {
      stale = adoptMap(this.server, parseClusterMap(argv[2]));
    } catch (e) {
      return this.error(`ERR invalid cluster map: ${(e as Error).message}`);
    }
    if (stale !== null) return this.error(`STALE ${stale}`);
    this.ok();
  }
}

/** Listens on cluster-port (client port + 10000 when unset, as Redis does). */
export function listenControl(server: Server): Promise<void> {
  const port = server.config.num('cluster-port') || server.port + 10000;
  const host = server.config.get('bind').split(' ').filter(Boolean)[0];
  const user = internalUser(server);
  const l = net.createServer({ pauseOnConnect: true }, (sock) => server.attach(new ControlClient(server, sock, user)));
  server.onShutdown.push(() => l.close());
  return new Promise((resolve, reject) => {
    l.once('error', reject);
    l.listen({ port, host: host === '*' ? undefined : host }, () => {
      l.off('error', reject);
      log(`Cluster control port listening on ${host}:${port}`, '*');
      resolve();
    });
  });
}
