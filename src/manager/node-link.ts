/**
 * The manager's link to one node's control port. The link reconnects by
 * itself; every (re)connection authenticates, replays the accounts and pushes
 * the current map, so a node that restarted or missed an update catches up.
 */
import { RespClient, RespError, type RespValue } from './resp-client';
import type { MapNode } from '../cluster/map';

export type LinkHealth = 'online' | 'failed';

/** What the link needs from the manager when it (re)connects. */
export interface LinkOwner {
  readonly secret: string;
  /** Commands that rebuild the cluster's accounts on a node. */
  accountCommands(): string[][];
  /** The current map as JSON, and its epoch. */
  mapJson(): { json: string; epoch: number };
  log(msg: string): void;
}

/** A command to a node failed: reply error or lost link. */
export class NodeError extends Error {}

const CALL_TIMEOUT_MS = 10000;

export class NodeLink {
  health: LinkHealth = 'failed';
  /** Epoch of the last map the node accepted (0 = none yet). */
  pushedEpoch = 0;
  private conn: RespClient | null = null;
  private connecting: Promise<RespClient> | null = null;
  private stopped = false;

  constructor(
    public node: MapNode,
    private readonly owner: LinkOwner,
  ) {}

  get label(): string {
    return `${this.node.host}:${this.node.port}`;
  }

  /** An authenticated, synchronised connection, making one if needed. */
  async client(): Promise<RespClient> {
    if (this.conn && !this.conn.closed) return this.conn;
    if (this.stopped) throw new NodeError(`${this.label}: manager stopping`);
    this.connecting ??= this.open().finally(() => (this.connecting = null));
    return this.connecting;
  }

  private async open(): Promise<RespClient> {
    let c: RespClient;
    try {
      c = await RespClient.connect({ host: this.node.host, port: this.node.cport });
    } catch (e) {
      this.markDown();
      throw new NodeError(`${this.label}: control port unreachable (${(e as Error).message})`);
    }
    try {
      await c.call(['AUTH', this.owner.secret], CALL_TIMEOUT_MS);
      for (const cmd of this.owner.accountCommands()) await c.call(cmd, CALL_TIMEOUT_MS);
      const { json, epoch } = this.owner.mapJson();
      await this.sendMap(c, json, epoch);
    } catch (e) {
      c.close();
      this.markDown();
      throw new NodeError(`${this.label}: ${(e as Error).message}`);
    }
    c.onClose = () => {
      if (this.conn === c) this.conn = null;
      this.markDown();
    };
    this.conn = c;
    if (this.health !== 'online') this.owner.log(`node ${this.label} online (map epoch ${this.pushedEpoch})`);
    this.health = 'online';
    return c;
  }

  private markDown(): void {
    if (this.health === 'online') this.owner.log(`node ${this.label} unreachable`);
    this.health = 'failed';
    this.pushedEpoch = 0;
  }

  private async sendMap(c: RespClient, json: string, epoch: number): Promise<void> {
    try {
      await c.call(['SHOAL.TOPOLOGY', 'SET', json], CALL_TIMEOUT_MS);
      this.pushedEpoch = epoch;
    } catch (e) {
      // A node holding a newer map than ours keeps it; that only happens if cluster.json was rolled back.
      if (e instanceof RespError && e.message.startsWith('STALE ')) {
        this.pushedEpoch = Number(e.message.slice(6));
        this.owner.log(`node ${this.label} refused map epoch ${epoch}: it has epoch ${this.pushedEpoch}`);
        return;
      }
      throw e;
    }
  }

  /** Pushes the current map; a fresh connection pushes it already. */
  async push(): Promise<void> {
    const { json, epoch } = this.owner.mapJson();
    const c = await this.client();
    if (this.pushedEpoch >= epoch) return;
    await this.call(['SHOAL.TOPOLOGY', 'SET', json]).catch((e: Error) => {
      if (!e.message.startsWith('STALE ')) throw e;
    });
    if (c === this.conn) this.pushedEpoch = Math.max(this.pushedEpoch, epoch);
  }

  /** Runs a command on the node's control port; errors name the node. */
  async call(args: readonly (string | number)[], timeoutMs = CALL_TIMEOUT_MS): Promise<RespValue> {
    const c = await this.client();
    try {
      return await c.call(args, timeoutMs);
    } catch (e) {
      throw e instanceof RespError ? new NodeError(e.message) : new NodeError(`${this.label}: ${(e as Error).message}`);
    }
  }

  /** Health probe: reconnects (and so resyncs) a node that was down, re-pushes a map it missed. */
  async probe(): Promise<void> {
    // A reply outstanding (a long MIGRATE) already shows the link works; a PING timeout would cut it.
    if (this.conn?.busy) return;
    try {
      await this.call(['PING'], 3000);
      await this.push();
    } catch {
      // The link marks itself failed; the next probe retries.
    }
  }

  stop(): void {
    this.stopped = true;
    this.conn?.close();
  }
}
