/**
 * CLUSTER (the topology queries clients rely on, in Redis 7.2's reply shapes)
 * and the per-connection cluster commands ASKING, READONLY, READWRITE. Every
 * id and address comes from the cluster map, so all nodes answer alike.
 * Topology changes (ADDSLOTS, MEET, SETSLOT, FAILOVER...) belong to the
 * manager and are refused with an error saying so.
 */
import type { CommandDecl, CommandDocs, Handler } from './spec';
import { arg, block, oneof, token, type DocArg } from './docs-args';
import type { Client } from '../server/client';
import type { ClusterState } from '../cluster/state';
import type { ClusterMap, MapNode, MapShard } from '../cluster/map';
import { keySlot, SLOTS } from '../cluster/slot';
import { replyHelp } from './help';
import { ERR_NOT_INTEGER } from './replies';
import { parseInt64 } from '../util/numbers';
import { saveMap } from '../cluster/node';

const ERR_DISABLED = 'ERR This instance has cluster support disabled';
const ERR_NO_MAP = 'ERR this node has not received a cluster map yet';


const HELP = [
  'COUNT-FAILURE-REPORTS <node-id>',
  '    Return number of failure reports for <node-id>.',
  'COUNTKEYSINSLOT <slot>',
  '    Return the number of keys in <slot>.',
  'GETKEYSINSLOT <slot> <count>',
  '    Return key names stored by current node in a slot.',
  'INFO',
  '    Return information about the cluster.',
  'KEYSLOT <key>',
  '    Return the hash slot for <key>.',
  'MYID',
  '    Return the node id.',
  'MYSHARDID',
  "    Return the node's shard id.",
  'NODES',
  '    Return cluster configuration seen by node. Output format:',
  '    <id> <ip:port> <flags> <master> <pings> <pongs> <epoch> <link> <slot> ...',
  'REPLICAS <node-id>',
  '    Return <node-id> replicas.',
  'SAVECONFIG',
  '    Force saving cluster configuration on disk.',
  'SLOTS',
  '    Return information about slots range mappings. Each range is made of:',
  '    start, end, master and replicas IP addresses, ports and ids',
  'SHARDS',
  '    Return information about slot range mappings and the nodes associated with them.',
  'LINKS',
  '    Return information about all network links between this node and its peers.',
  '    Output format is an array where each array element is a map containing attributes of a link',
];

/** The node's cluster state, or null after replying that cluster mode is off. */
function stateOrReply(c: Client): ClusterState | null {
  const st = c.server.cluster;
  if (st === null) c.error(ERR_DISABLED);
  return st;
}

/** A handler that runs only in cluster mode. */
function clustered(fn: (c: Client, st: ClusterState, argv: string[]) => void): Handler {
  return (c, argv) => {
    const st = stateOrReply(c);
    if (st !== null) fn(c, st, argv);
  };
}

/** Same, for handlers that also need a map. */
function withMap(fn: (c: Client, st: ClusterState, map: ClusterMap, argv: string[]) => void): Handler {
  return clustered((c, st, argv) => {
    if (st.map === null) return c.error(ERR_NO_MAP);
    fn(c, st, st.map, argv);
  });
}

const ADMIN = 'admin stale no_async_loading';

/** Docs of a CLUSTER subcommand or cluster connection command. */
function clusterDocs(summary: string, since: string, complexity: string, more?: Partial<CommandDocs>): CommandDocs {
  return { summary, since, group: 'cluster', complexity, ...more };
}

const withArgs = (...args: DocArg[]): Partial<CommandDocs> => ({ arguments: args });
const NODE_ID = withArgs(arg('node-id', 'string'));
const SLOT_LIST = withArgs(arg('slot', 'integer', { flags: 'multiple' }));
const SLOT_RANGES = withArgs(block('start-slot_end-slot', [arg('start-slot', 'integer'), arg('end-slot', 'integer')], { flags: 'multiple' }));
const PER_SLOT_ARG = 'O(N) where N is the total number of hash slot arguments';
const PER_RANGE_SLOT = 'O(N) where N is the total number of the slots between the start slot and end slot arguments.';

/**
 * Redis's CLUSTER subcommands that change topology, with their 7.2 arity,
 * flags and tips: declared so COMMAND lists what Redis lists, and refused,
 * since only the manager changes the map.
 */
const MANAGED: [string, number, string, CommandDocs, string?][] = [
  ['addslots', -3, ADMIN, clusterDocs('Assigns the given hash slots to the receiving node.', '3.0.0', PER_SLOT_ARG, SLOT_LIST)],
  ['addslotsrange', -4, ADMIN, clusterDocs('Assigns whole ranges of hash slots to the receiving node.', '7.0.0', PER_RANGE_SLOT, SLOT_RANGES)],
  ['delslots', -3, ADMIN, clusterDocs('Unassigns the given hash slots from the receiving node.', '3.0.0', PER_SLOT_ARG, SLOT_LIST)],
  ['delslotsrange', -4, ADMIN, clusterDocs('Unassigns whole ranges of hash slots from the receiving node.', '7.0.0', PER_RANGE_SLOT, SLOT_RANGES)],
  ['flushslots', 2, ADMIN, clusterDocs('Drops every hash slot assignment the node holds.', '3.0.0', 'O(1)')],
  ['meet', -4, ADMIN, clusterDocs('Introduces the node to another node so they join one cluster.', '3.0.0', 'O(1)', {
    history: [['4.0.0', 'Added the optional `cluster_bus_port` argument.']],
    arguments: [arg('ip', 'string'), arg('port', 'integer'), arg('cluster_bus_port', 'integer', { since: '4.0.0', flags: 'optional' })],
  })],
  ['forget', 3, ADMIN, clusterDocs('Removes a node from the table of known nodes.', '3.0.0', 'O(1)', NODE_ID)],
  ['replicate', 3, ADMIN, clusterDocs('Turns the node into a replica of the given master.', '3.0.0', 'O(1)', NODE_ID)],
  ['setslot', -4, ADMIN, clusterDocs('Changes the state of one hash slot: migrating, importing, stable or owned by a node.', '3.0.0', 'O(1)', withArgs(
    arg('slot', 'integer'),
    oneof('subcommand', [
      arg('node-id', 'string', { token: 'IMPORTING' }),
      arg('node-id', 'string', { token: 'MIGRATING' }),
      arg('node-id', 'string', { token: 'NODE' }),
      token('STABLE'),
    ]),
  ))],
  ['failover', -2, ADMIN, clusterDocs('Makes a replica take over from its master, by agreement or by force.', '3.0.0', 'O(1)',
    withArgs(oneof('options', [token('FORCE'), token('TAKEOVER')], { flags: 'optional' })))],
  ['set-config-epoch', 3, ADMIN, clusterDocs('Gives a fresh node its configuration epoch.', '3.0.0', 'O(1)', withArgs(arg('config-epoch', 'integer')))],
  ['bumpepoch', 2, ADMIN, clusterDocs('Moves the node to a new, higher configuration epoch.', '3.0.0', 'O(1)'), 'nondeterministic_output'],
  ['reset', -2, 'admin noscript stale', clusterDocs('Forgets the cluster state of the node, softly or hard.',
    '3.0.0', 'O(N) where N is the number of known nodes. The command may execute a FLUSHALL as a side effect.',
    withArgs(oneof('hard_soft', [token('HARD'), token('SOFT')], { flags: 'optional' })))],
];

function managedByManager(c: Client, _st: ClusterState, argv: string[]): void {
  c.error(`ERR CLUSTER ${argv[1].toUpperCase()} is not supported: the cluster topology is managed by the Shoal manager`);
}

/** A node of the map by id, or undefined after Redis's unknown-node error. */
function knownNodeOrReply(c: Client, map: ClusterMap, id: string): MapNode | undefined {
  const n = map.nodes.find((x) => x.id === id);
  if (n === undefined) c.error(`ERR Unknown node ${id}`);
  return n;
}

/** CLUSTER REPLICAS: the replicas' CLUSTER NODES lines. */
function replicasReply(c: Client, st: ClusterState, map: ClusterMap, argv: string[]): void {
  const n = knownNodeOrReply(c, map, argv[2]);
  if (n === undefined) return;
  if (map.shards[n.shard].master !== n.id) return c.error('ERR The specified node is not a master');
  const now = Date.now();
  const lines = shardNodes(map, n.shard).slice(1).map((r) => nodeLine(st, map, r, now));
  c.array(lines.length);
  for (const l of lines) c.bulk(l);
}

/** A shard's nodes, master first. */
function shardNodes(map: ClusterMap, shard: number): MapNode[] {
  const s = map.shards[shard];
  const out: MapNode[] = [];
  for (const n of map.nodes) if (n.shard === shard && n.id === s.master) out.push(n);
  for (const n of map.nodes) if (n.shard === shard && n.id !== s.master) out.push(n);
  return out;
}

/** Slot -> owner runs over the whole slot space, in slot order, as Redis emits CLUSTER SLOTS. */
function slotRuns(st: ClusterState): [number, number, number][] {
  const runs: [number, number, number][] = [];
  let start = 0;
  for (let i = 1; i <= SLOTS; i++) {
    if (i < SLOTS && st.owners[i] === st.owners[start]) continue;
    if (st.owners[start] >= 0) runs.push([start, i - 1, st.owners[start]]);
    start = i;
  }
  return runs;
}

function slotsReply(c: Client, st: ClusterState, map: ClusterMap): void {
  const runs = slotRuns(st);
  c.array(runs.length);
  for (const [a, b, shard] of runs) {
    // Failed replicas are left out, as Redis leaves them out.
    const nodes = shardNodes(map, shard).filter((n, i) => i === 0 || n.health !== 'failed');
    c.array(2 + nodes.length);
    c.int(a);
    c.int(b);
    for (const n of nodes) {
      c.array(4);
      c.bulk(n.host);
      c.int(n.port);
      c.bulk(n.id);
      c.map(0);
    }
  }
}

function shardsReply(c: Client, map: ClusterMap): void {
  c.array(map.shards.length);
  map.shards.forEach((s, i) => {
    c.map(2);
    c.bulk('slots');
    c.array(s.slots.length * 2);
    for (const [a, b] of s.slots) {
      c.int(a);
      c.int(b);
    }
    c.bulk('nodes');
    const nodes = shardNodes(map, i);
    c.array(nodes.length);
    for (const n of nodes) {
      c.map(7);
      c.bulk('id');
      c.bulk(n.id);
      c.bulk('port');
      c.int(n.port);
      c.bulk('ip');
      c.bulk(n.host);
      c.bulk('endpoint');
      c.bulk(n.host);
      c.bulk('role');
      c.bulk(n.role);
      c.bulk('replication-offset');
      c.int(0);
      c.bulk('health');
      c.bulk(n.health);
    }
  });
}

/** Slot ranges as CLUSTER NODES prints them: `a-b`, or `a` for a single slot. */
function rangeText([a, b]: [number, number]): string {
  return a === b ? String(a) : `${a}-${b}`;
}

/** One CLUSTER NODES line, `\n`-terminated. */
function nodeLine(st: ClusterState, map: ClusterMap, n: MapNode, now: number): string {
  const shard: MapShard = map.shards[n.shard];
  const isMaster = shard.master === n.id;
  let flags = n.id === st.myId ? 'myself,' : '';
  flags += isMaster ? 'master' : 'slave';
  if (n.health === 'failed') flags += ',fail';
  const up = n.health !== 'failed';
  let line = `${n.id} ${n.host}:${n.port}@${n.cport} ${flags} ${isMaster ? '-' : shard.master} 0 ${up ? now : 0} ` +
    `${shard.configEpoch} ${up ? 'connected' : 'disconnected'}`;
  if (isMaster) for (const r of shard.slots) line += ' ' + rangeText(r);
  if (n.id === st.myId) line += migrationMarkers(st);
  return line + '\n';
}

/** `[slot->-target]` and `[slot-<-source]` for this node's open slots, as Redis shows on its own line. */
function migrationMarkers(st: ClusterState): string {
  let out = '';
  for (const m of (st.map as ClusterMap).migrations) {
    if (st.migratingTo[m.slot] === m.to && m.from === st.myShard) out += ` [${m.slot}->-${st.masterId(m.to)}]`;
    else if (st.importingFrom[m.slot] === m.from && m.to === st.myShard) out += ` [${m.slot}-<-${st.masterId(m.from)}]`;
  }
  return out;
}

function nodesText(st: ClusterState, map: ClusterMap): string {
  const now = Date.now();
  let out = '';
  for (const n of map.nodes) out += nodeLine(st, map, n, now);
  return out;
}

function infoText(st: ClusterState): string {
  const map = st.map;
  const mine = map !== null && st.myShard >= 0 ? map.shards[st.myShard].configEpoch : 0;
  let size = 0;
  if (map !== null) for (const s of map.shards) if (s.slots.length !== 0) size++;
  const lines: [string, string | number][] = [
    ['cluster_state', st.ok ? 'ok' : 'fail'],
    ['cluster_slots_assigned', st.assigned],
    ['cluster_slots_ok', st.assigned - st.failedSlots],
    ['cluster_slots_pfail', 0],
    ['cluster_slots_fail', st.failedSlots],
    ['cluster_known_nodes', map === null ? 1 : map.nodes.length],
    ['cluster_size', size],
    ['cluster_current_epoch', map === null ? 0 : map.epoch],
    ['cluster_my_epoch', mine],
    ['cluster_stats_messages_sent', 0],
    ['cluster_stats_messages_received', 0],
    ['total_cluster_links_buffer_limit_exceeded', 0],
  ];
  let out = '';
  for (const [k, v] of lines) out += `${k}:${v}\r\n`;
  return out;
}

/** A slot argument: an integer (else Redis's integer error), then in range (else `msg`). */
function slotArg(c: Client, s: string, msg: string): number | null {
  const n = parseInt64(s);
  if (n === null) {
    c.error(ERR_NOT_INTEGER);
    return null;
  }
  if (typeof n === 'bigint' || n < 0 || n >= SLOTS) {
    c.error(msg);
    return null;
  }
  return n;
}

function getKeysInSlot(c: Client, argv: string[]): void {
  const slot = parseInt64(argv[2]);
  const max = parseInt64(argv[3]);
  if (slot === null || max === null) return c.error(ERR_NOT_INTEGER);
  if (slot < 0 || slot >= SLOTS || max < 0) return c.error('ERR Invalid slot or number of keys');
  const keys = c.server.keyspace.dbs[0].slots[Number(slot)];
  const n = keys === undefined ? 0 : Math.min(keys.size, Number(max));
  c.array(n);
  if (keys === undefined || n === 0) return;
  let i = 0;
  for (const k of keys.keys()) {
    c.bulk(k);
    if (++i === n) break;
  }
}

function sub(name: string, arity: number, flags: string, docs: CommandDocs, handler: Handler, tips?: string): CommandDecl {
  return { name, arity, flags, docs, handler, tips };
}

const NONDET = 'nondeterministic_output';

/** ASKING/READONLY/READWRITE: a connection flag, in cluster mode only. */
function connectionFlag(name: string, flags: string, summary: string, set: (c: Client) => void): CommandDecl {
  return {
    name,
    arity: 1,
    flags,
    acl: '@connection',
    docs: clusterDocs(summary, '3.0.0', 'O(1)'),
    handler: clustered((c) => {
      set(c);
      c.ok();
    }),
  };
}

export const clusterCommands: CommandDecl[] = [
  {
    name: 'cluster',
    arity: -2,
    docs: clusterDocs('Groups the commands that inspect and manage a cluster node.', '3.0.0', 'Depends on subcommand.'),
    subcommands: [
      sub('slots', 2, 'loading stale', clusterDocs('Lists the slot ranges with the nodes serving each of them.', '3.0.0', 'O(N) where N is the total number of Cluster nodes', {
        docFlags: ['deprecated'],
        deprecatedSince: '7.0.0',
        replacedBy: '`CLUSTER SHARDS`',
        history: [['4.0.0', 'Added node IDs.'], ['7.0.0', 'Added additional networking metadata field.']],
      }), withMap((c, st, map) => slotsReply(c, st, map)), NONDET),
      sub('shards', 2, 'loading stale', clusterDocs('Describes each shard: its slot ranges and the nodes serving them.', '7.0.0', 'O(N) where N is the total number of cluster nodes'), withMap((c, _st, map) => shardsReply(c, map)), NONDET),
      sub('nodes', 2, 'stale', clusterDocs('Prints the cluster configuration as this node sees it, one line per node.', '3.0.0', 'O(N) where N is the total number of Cluster nodes'), withMap((c, st, map) => c.verbatim(nodesText(st, map))), NONDET),
      sub('info', 2, 'stale', clusterDocs('Reports the cluster state and counters of this node.', '3.0.0', 'O(1)'), clustered((c, st) => c.verbatim(infoText(st))), NONDET),
      sub('myid', 2, 'stale', clusterDocs('Replies with the node ID of the connected node.', '3.0.0', 'O(1)'), clustered((c, st) => c.bulk(st.myId))),
      sub('myshardid', 2, 'stale', clusterDocs('Replies with the ID of the shard the connected node belongs to.', '7.2.0', 'O(1)'), withMap((c, st, map) => {
        if (st.myShard < 0) return c.error('ERR this node is not in the cluster map');
        c.bulk(map.shards[st.myShard].id);
      }), NONDET),
      sub('keyslot', 3, 'stale', clusterDocs('Computes the hash slot a key name maps to.', '3.0.0', 'O(N) where N is the number of bytes in the key', withArgs(arg('key', 'string'))), clustered((c, _st, argv) => c.int(keySlot(argv[2])))),
      sub('countkeysinslot', 3, 'stale', clusterDocs('Counts the keys this node holds in one hash slot.', '3.0.0', 'O(1)', withArgs(arg('slot', 'integer'))), clustered((c, _st, argv) => {
        const slot = slotArg(c, argv[2], 'ERR Invalid slot');
        if (slot !== null) c.int(c.server.keyspace.dbs[0].countInSlot(slot));
      })),
      sub('getkeysinslot', 4, 'stale', clusterDocs('Lists up to a given number of key names this node holds in one hash slot.', '3.0.0', 'O(log(N)) where N is the number of requested keys', withArgs(arg('slot', 'integer'), arg('count', 'integer'))), clustered((c, _st, argv) => getKeysInSlot(c, argv)), NONDET),
      // Nodes keep no gossip links; control links are not peer links in Redis's sense.
      sub('links', 2, 'stale', clusterDocs('Lists the TCP links between this node and its peers.', '7.0.0', 'O(N) where N is the total number of Cluster nodes'), clustered((c) => c.array(0)), NONDET),
      sub('help', 2, 'loading stale', clusterDocs('Explains the CLUSTER subcommands.', '5.0.0', 'O(1)'), clustered((c) => replyHelp(c, 'CLUSTER', HELP))),
      sub('replicas', 3, 'admin stale', clusterDocs('Lists the replicas of a master, in CLUSTER NODES format.', '5.0.0', 'O(1)', NODE_ID), withMap(replicasReply), NONDET),
      sub('slaves', 3, 'admin stale', clusterDocs('Lists the replicas of a master under their former name.', '3.0.0', 'O(1)', {
        docFlags: ['deprecated'],
        deprecatedSince: '5.0.0',
        replacedBy: '`CLUSTER REPLICAS`',
        ...NODE_ID,
      }), withMap(replicasReply), NONDET),
      sub('count-failure-reports', 3, 'admin stale', clusterDocs('Counts the live reports that flag a node as failing.', '3.0.0', 'O(N) where N is the number of failure reports', NODE_ID), withMap((c, _st, map, argv) => {
        // Failures are the manager's to detect: nodes hold no failure reports.
        if (knownNodeOrReply(c, map, argv[2]) !== undefined) c.int(0);
      }), NONDET),
      sub('saveconfig', 2, 'admin stale no_async_loading', clusterDocs('Writes the cluster configuration of the node to disk.', '3.0.0', 'O(1)'), withMap((c) => {
        saveMap(c.server);
        c.ok();
      })),
      ...MANAGED.map(([name, arity, flags, docs, tips]) => sub(name, arity, flags, docs, clustered(managedByManager), tips)),
    ],
  },
  connectionFlag('asking', 'fast', 'Lets the next command reach a slot that is being imported into this node.', (c) => (c.asking = true)),
  connectionFlag('readonly', 'loading stale fast', 'Lets the connection read keys from a replica node.', (c) => (c.readonlyMode = true)),
  connectionFlag('readwrite', 'loading stale fast', 'Ends READONLY mode, so replicas redirect the connection\'s reads to the master.', (c) => (c.readonlyMode = false)),
];
