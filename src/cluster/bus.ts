/**
 * Links from this node to its peers' control ports, for what Redis Cluster
 * carries on its bus between nodes: a PUBLISH reaches subscribers on every
 * node, since cluster clients subscribe wherever they happen to be
 * connected. Delivery is best effort, as on Redis's bus: a message for a peer
 * that cannot be reached is dropped, and the link is retried on the next one.
 */
import { RespClient } from '../manager/resp-client';
import type { ClusterState } from './state';

interface Link {
  client: RespClient | null;
  /** Commands waiting for the link to come up, in order. */
  queue: string[][];
  connecting: boolean;
}

/** Messages held for a peer whose link is still connecting; past this, new ones are dropped. */
const MAX_QUEUED = 10000;

export class PeerBus {
  private readonly links = new Map<string, Link>();

  constructor(
    private readonly st: ClusterState,
    private readonly secret: () => string,
  ) {}

  /** Forwards a PUBLISH to every other node, where it reaches only local subscribers. */
  publish(channel: string, message: string): void {
    const map = this.st.map;
    if (map === null || map.nodes.length < 2) return;
    for (const n of map.nodes) {
      if (n.id === this.st.myId || n.health === 'failed') continue;
      this.send(n.id, n.host, n.cport, ['SHOAL.PUBLISH', channel, message]);
    }
  }

  /** Closes every link (shutdown). */
  close(): void {
    for (const l of this.links.values()) l.client?.close();
    this.links.clear();
  }

  private send(id: string, host: string, port: number, cmd: string[]): void {
    let link = this.links.get(id);
    if (link === undefined) {
      link = { client: null, queue: [], connecting: false };
      this.links.set(id, link);
    }
    if (link.client !== null && !link.client.closed) {
      link.client.call(cmd).catch(() => undefined);
      return;
    }
    if (link.queue.length < MAX_QUEUED) link.queue.push(cmd);
    if (!link.connecting) void this.connect(id, link, host, port);
  }

  private async connect(id: string, link: Link, host: string, port: number): Promise<void> {
    link.connecting = true;
    try {
      const client = await RespClient.connect({ host, port });
      await client.call(['AUTH', this.secret()]);
      client.onClose = () => {
        if (this.links.get(id) === link) link.client = null;
      };
      link.client = client;
      for (const cmd of link.queue.splice(0)) client.call(cmd).catch(() => undefined);
    } catch {
      // The peer is down or refused us: drop what waited; the next message retries.
      link.queue.length = 0;
    } finally {
      link.connecting = false;
    }
  }
}
