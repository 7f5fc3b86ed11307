/**
 * nodes.json: the last map a node accepted, so a restarted node serves the
 * same topology while the manager is down.
 */
import fs from 'node:fs';
import { parseClusterMap, type ClusterMap } from './map';

/** The saved map, or null when there is none; a damaged file is an error, as Redis treats nodes.conf. */
export function loadNodesFile(file: string): ClusterMap | null {
  let text: string;
  try {
    text = fs.readFileSync(file, 'latin1');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
  return parseClusterMap(text);
}

/** Writes through a temporary file and a rename, so a crash leaves the old map or the new one. */
export function saveNodesFile(file: string, map: ClusterMap): void {
  const tmp = `${file}.tmp-${process.pid}`;
  const fd = fs.openSync(tmp, 'w');
  try {
    fs.writeSync(fd, JSON.stringify(map));
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
}
