/**
 * Cluster mode on a data node: its identity, the map it serves (loaded from
 * nodes.json at startup) and adopting a newer map.
 */
import path from 'node:path';
import type { Server } from '../server/server';
import { log } from '../server/log';
import { ClusterState } from './state';
import { newId, type ClusterMap } from './map';
import { loadNodesFile, saveNodesFile } from './nodes-file';

/** Builds the node's cluster state from its configuration and its saved map. */
export function initCluster(server: Server): ClusterState {
  const cfg = server.config;
  let id = cfg.get('cluster-node-id').toLowerCase();
  if (id === '') {
    id = newId();
    log(`No cluster-node-id configured, running as ${id}`, '#');
  }
  const st = new ClusterState(id, () => cfg.get('cluster-secret'));
  const follow = (): void => {
    st.allowReadsWhenDown = cfg.bool('cluster-allow-reads-when-down');
    st.setRequireFullCoverage(cfg.bool('cluster-require-full-coverage'));
  };
  follow();
  cfg.onChange.set('cluster-allow-reads-when-down', follow);
  cfg.onChange.set('cluster-require-full-coverage', follow);
  const saved = loadNodesFile(nodesFilePath(server));
  if (saved !== null) {
    st.adopt(saved);
    log(`Cluster map epoch ${saved.epoch} loaded from ${cfg.get('cluster-config-file')}`, '*');
  }
  return st;
}

/** CLUSTER SAVECONFIG: writes the current map again. */
export function saveMap(server: Server): void {
  const map = (server.cluster as ClusterState).map;
  if (map !== null) saveNodesFile(nodesFilePath(server), map);
}

/** cluster-config-file, relative to `dir` as Redis resolves it. */
function nodesFilePath(server: Server): string {
  return path.resolve(server.config.get('cluster-config-file'));
}

/**
 * Adopts a map unless it is older than the node's: saved to disk first, so
 * the node never serves a map it would forget on restart. Returns the
 * current epoch when the map is refused.
 */
export function adoptMap(server: Server, map: ClusterMap): number | null {
  const st = server.cluster as ClusterState;
  if (st.map !== null && map.epoch < st.map.epoch) return st.map.epoch;
  saveNodesFile(nodesFilePath(server), map);
  st.adopt(map);
  server.pubsub.dropShardSlots((slot) => st.owners[slot] === st.myShard);
  return null;
}
