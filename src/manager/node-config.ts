/** The config file `shoal start` writes for each node (redis.conf syntax). */
import fs from 'node:fs';
import path from 'node:path';
import type { MapNode } from '../cluster/map';
import type { ClusterState } from './state';

/** A config value (wire form: one char per byte) as one quoted word: the parser splits lines like inline commands. */
function quote(v: string): string {
  let out = '"';
  for (const ch of v) out += ch === '"' || ch === '\\' ? '\\' + ch : ch;
  return out + '"';
}

/** The rules that rebuild an account from scratch (the default user is edited, never reset). */
export function accountRules(name: string, rules: readonly string[]): string[] {
  return name === 'default' ? [...rules] : ['reset', ...rules];
}

export function nodeDir(dir: string, node: MapNode): string {
  return path.join(dir, 'nodes', node.id);
}

export function nodeConfigText(dir: string, s: ClusterState, node: MapNode): string {
  const lines = [
    '# Written by shoal start on every start; edits are overwritten.',
    `port ${node.port}`,
    `bind ${node.host}`,
    `dir ${quote(nodeDir(dir, node))}`,
    'cluster-enabled yes',
    `cluster-port ${node.cport}`,
    `cluster-node-id ${node.id}`,
    `cluster-secret ${s.secret}`,
    'cluster-config-file nodes.json',
  ];
  if (s.requirepass) lines.push(`requirepass ${quote(s.requirepass)}`, `masterauth ${quote(s.requirepass)}`);
  // Accounts are in the file too, so a node that restarts has them before its first client.
  for (const [name, rules] of Object.entries(s.accounts)) lines.push(`user ${[name, ...accountRules(name, rules)].join(' ')}`);
  return lines.join('\n') + '\n';
}

/** Writes every node's config file; returns their paths in map order. */
export function writeNodeConfigs(dir: string, s: ClusterState): string[] {
  return s.map.nodes.map((n) => {
    const d = nodeDir(dir, n);
    fs.mkdirSync(d, { recursive: true });
    const file = path.join(d, 'shoal.conf');
    fs.writeFileSync(file, Buffer.from(nodeConfigText(dir, s, n), 'latin1'), { mode: 0o600 });
    return file;
  });
}
