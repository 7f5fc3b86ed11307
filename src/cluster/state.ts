/**
 * A node's view of the cluster map, indexed for the request path: the owner
 * of every slot, the slots this node's shard is migrating or importing, and
 * each shard master's `host:port` ready for MOVED/ASK.
 */
import { slotOwners, type ClusterMap, type MapNode } from './map';
import { SLOTS } from './slot';
import { PeerBus } from './bus';

export class ClusterState {
  map: ClusterMap | null = null;
  /** Slot -> owning shard index (-1: unassigned). */
  owners: Int16Array = new Int16Array(SLOTS).fill(-1);
  /** Slot -> shard it migrates to, for slots this node's shard is the source of (-1: none). */
  migratingTo = new Int16Array(SLOTS).fill(-1);
  /** Slot -> shard it is imported from, for slots this node's shard is the target of (-1: none). */
  importingFrom = new Int16Array(SLOTS).fill(-1);
  /** This node's shard index, -1 while the map does not name it. */
  myShard = -1;
  /** Shard index -> its master's client address, as MOVED/ASK name it. */
  masterAddr: string[] = [];
  /** Slots some shard owns. */
  assigned = 0;
  /** Slots owned by a shard whose master is failed. */
  failedSlots = 0;
  /** cluster-allow-reads-when-down. */
  allowReadsWhenDown = false;
  /** cluster-require-full-coverage. */
  requireFullCoverage = true;
  /** cluster_state:ok, recomputed when the map or the coverage setting changes. */
  ok = false;

  /** Links to the other nodes (cluster-wide PUBLISH). */
  readonly bus: PeerBus;

  constructor(
    readonly myId: string,
    secret: () => string = () => '',
  ) {
    this.bus = new PeerBus(this, secret);
  }

  /** Takes a map; false (and nothing changes) when it is older than the current one. */
  adopt(m: ClusterMap): boolean {
    if (this.map !== null && m.epoch < this.map.epoch) return false;
    this.map = m;
    this.owners = slotOwners(m);
    const me = m.nodes.find((n) => n.id === this.myId);
    this.myShard = me === undefined ? -1 : me.shard;
    this.masterAddr = m.shards.map((s) => {
      const n = m.nodes.find((x) => x.id === s.master);
      return n === undefined ? '' : n.host + ':' + n.port;
    });
    this.migratingTo.fill(-1);
    this.importingFrom.fill(-1);
    for (const mig of m.migrations) {
      if (mig.from === this.myShard) this.migratingTo[mig.slot] = mig.to;
      if (mig.to === this.myShard) this.importingFrom[mig.slot] = mig.from;
    }
    this.assigned = 0;
    this.failedSlots = 0;
    const masterFailed = m.shards.map((s) => this.node(s.master)?.health === 'failed');
    for (let i = 0; i < SLOTS; i++) {
      const o = this.owners[i];
      if (o < 0) continue;
      this.assigned++;
      if (masterFailed[o]) this.failedSlots++;
    }
    this.ok = this.computeOk();
    return true;
  }

  node(id: string): MapNode | undefined {
    return this.map?.nodes.find((n) => n.id === id);
  }

  /** Master node id of a shard. */
  masterId(shard: number): string {
    return (this.map as ClusterMap).shards[shard].master;
  }

  setRequireFullCoverage(on: boolean): void {
    this.requireFullCoverage = on;
    this.ok = this.computeOk();
  }

  /**
   * cluster_state: ok when every slot is served by a live master, or, with
   * full coverage not required, as soon as a map is known.
   */
  private computeOk(): boolean {
    if (this.map === null) return false;
    if (!this.requireFullCoverage) return true;
    return this.assigned === SLOTS && this.failedSlots === 0;
  }
}
