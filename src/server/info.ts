/**
 * INFO: Redis 7.2's sections and field names, filled from what Shoal
 * tracks. Other parts of the node add or replace fields through
 * `infoFields` (e.g. persistence and replication state).
 */
import { CHANNELS, PATTERNS, SHARD } from './pubsub';
import os from 'node:os';
import crypto from 'node:crypto';
import type { Server } from './server';
import { REDIS_VERSION } from './version';
import { allCommands } from './cmdstats';
import { engineOf, functionsOf } from '../scripting/engines';

export type InfoLines = [string, string | number][];
export type SectionFn = (s: Server) => InfoLines;

const DEFAULT_SECTIONS = ['server', 'clients', 'memory', 'persistence', 'stats', 'replication', 'cpu', 'modules', 'errorstats', 'cluster', 'keyspace'];
const ALL_EXTRA = ['commandstats', 'latencystats'];

const TITLES: Record<string, string> = {
  server: 'Server', clients: 'Clients', memory: 'Memory', persistence: 'Persistence', stats: 'Stats',
  replication: 'Replication', cpu: 'CPU', modules: 'Modules', errorstats: 'Errorstats', cluster: 'Cluster',
  keyspace: 'Keyspace', commandstats: 'Commandstats', latencystats: 'Latencystats',
};

const runId = crypto.randomBytes(20).toString('hex');
let peakMemory = 0;

/** The figure maxmemory is enforced against (server/evict.ts), tracking its peak. */
function usedMemory(s: Server): number {
  const used = s.memory.read();
  if (used > peakMemory) peakMemory = used;
  return used;
}

/** Redis's bytesToHuman. */
export function humanBytes(n: number): string {
  const units = ['B', 'K', 'M', 'G', 'T', 'P'];
  if (n < 1024) return `${n}B`;
  let i = 0;
  let v = n;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(2)}${units[i]}`;
}

function avgTtl(s: Server, dbIndex: number): number {
  const db = s.keyspace.dbs[dbIndex];
  const now = Date.now();
  let sum = 0;
  let n = 0;
  // A sample is enough, as Redis's own figure is an estimate.
  for (const when of db.expires.values()) {
    if (when > now) {
      sum += when - now;
      n++;
    }
    if (n >= 1000) break;
  }
  return n === 0 ? 0 : Math.floor(sum / n);
}

/** Section builders; a part of the node may replace or extend one. */
export const infoFields: Map<string, SectionFn> = new Map<string, SectionFn>([
  ['server', (s) => {
    const now = Date.now();
    const uptime = Math.floor((now - s.startedAt) / 1000);
    const hz = s.config.num('hz');
    return [
      ['redis_version', REDIS_VERSION], ['redis_git_sha1', '00000000'], ['redis_git_dirty', 0],
      ['redis_build_id', '0'], ['redis_mode', s.config.bool('cluster-enabled') ? 'cluster' : 'standalone'],
      ['os', `${os.type()} ${os.release()} ${os.arch()}`], ['arch_bits', 64], ['monotonic_clock', 'POSIX clock_gettime'],
      ['multiplexing_api', 'epoll'], ['atomicvar_api', 'c11-builtin'], ['gcc_version', '0.0.0'],
      ['process_id', process.pid], ['process_supervised', 'no'], ['run_id', runId], ['tcp_port', s.port],
      ['server_time_usec', Math.floor((performance.timeOrigin + performance.now()) * 1000)],
      ['uptime_in_seconds', uptime], ['uptime_in_days', Math.floor(uptime / 86400)], ['hz', hz], ['configured_hz', hz],
      ['lru_clock', Math.floor(now / 1000) & 0xffffff], ['executable', process.argv[1] ?? ''],
      ['config_file', s.configFile ?? ''], ['io_threads_active', 0],
      ['listener0', `name=tcp,bind=${s.config.get('bind').split(' ').join(',bind=')},port=${s.port}`],
    ];
  }],
  ['clients', (s) => [
    ['connected_clients', s.clients.size], ['cluster_connections', 0], ['maxclients', s.config.num('maxclients')],
    ['client_recent_max_input_buffer', 0], ['client_recent_max_output_buffer', 0], ['blocked_clients', s.blocking.count],
    ['tracking_clients', 0], ['clients_in_timeout_table', s.blocking.timed], ['total_blocking_keys', s.blocking.keyCount],
    ['total_blocking_keys_on_nokey', 0],
  ]],
  ['memory', (s) => {
    const used = usedMemory(s);
    const rss = process.memoryUsage.rss();
    const max = s.config.num('maxmemory');
    const total = os.totalmem();
    return [
      ['used_memory', used], ['used_memory_human', humanBytes(used)], ['used_memory_rss', rss], ['used_memory_rss_human', humanBytes(rss)],
      ['used_memory_peak', peakMemory], ['used_memory_peak_human', humanBytes(peakMemory)],
      ['used_memory_peak_perc', `${((used * 100) / peakMemory).toFixed(2)}%`], ['used_memory_overhead', 0], ['used_memory_startup', 0],
      ['used_memory_dataset', used], ['used_memory_dataset_perc', '100.00%'], ['allocator_allocated', used], ['allocator_active', used],
      ['allocator_resident', rss], ['total_system_memory', total], ['total_system_memory_human', humanBytes(total)],
      ['used_memory_lua', 0], ['used_memory_vm_eval', 0], ['used_memory_lua_human', '0B'], ['used_memory_scripts_eval', 0],
      ['number_of_cached_scripts', engineOf.peek(s)?.scripts.size ?? 0], ['number_of_functions', functionsOf.peek(s)?.functionCount ?? 0],
      ['number_of_libraries', functionsOf.peek(s)?.libraries.size ?? 0], ['used_memory_vm_functions', 0],
      ['used_memory_vm_total', 0], ['used_memory_vm_total_human', '0B'], ['used_memory_functions', 0], ['used_memory_scripts', 0],
      ['used_memory_scripts_human', '0B'], ['maxmemory', max], ['maxmemory_human', humanBytes(max)],
      ['maxmemory_policy', s.config.get('maxmemory-policy')], ['allocator_frag_ratio', '1.00'], ['allocator_frag_bytes', 0],
      ['allocator_rss_ratio', '1.00'], ['allocator_rss_bytes', 0], ['rss_overhead_ratio', '1.00'], ['rss_overhead_bytes', 0],
      ['mem_fragmentation_ratio', (rss / Math.max(used, 1)).toFixed(2)], ['mem_fragmentation_bytes', rss - used],
      ['mem_not_counted_for_evict', 0], ['mem_replication_backlog', 0], ['mem_total_replication_buffers', 0],
      ['mem_clients_slaves', 0], ['mem_clients_normal', 0], ['mem_cluster_links', 0], ['mem_aof_buffer', 0],
      ['mem_allocator', 'libc'], ['active_defrag_running', 0], ['lazyfree_pending_objects', 0], ['lazyfreed_objects', 0],
    ];
  }],
  ['persistence', (s) => [
    ['loading', 0], ['async_loading', 0], ['current_cow_peak', 0], ['current_cow_size', 0], ['current_cow_size_age', 0],
    ['current_fork_perc', '0.00'], ['current_save_keys_processed', 0], ['current_save_keys_total', 0],
    ['rdb_changes_since_last_save', s.dirty], ['rdb_bgsave_in_progress', 0], ['rdb_last_save_time', s.lastSave],
    ['rdb_last_bgsave_status', 'ok'], ['rdb_last_bgsave_time_sec', -1], ['rdb_current_bgsave_time_sec', -1], ['rdb_saves', 0],
    ['rdb_last_cow_size', 0], ['rdb_last_load_keys_expired', 0], ['rdb_last_load_keys_loaded', 0],
    ['aof_enabled', s.config.bool('appendonly') ? 1 : 0], ['aof_rewrite_in_progress', 0], ['aof_rewrite_scheduled', 0],
    ['aof_last_rewrite_time_sec', -1], ['aof_current_rewrite_time_sec', -1], ['aof_last_bgrewrite_status', 'ok'], ['aof_rewrites', 0],
    ['aof_rewrites_consecutive_failures', 0], ['aof_last_write_status', 'ok'], ['aof_last_cow_size', 0],
    ['module_fork_in_progress', 0], ['module_fork_last_cow_size', 0],
  ]],
  ['stats', (s) => {
    const st = s.stats;
    const ks = s.keyspace.stats;
    const overMs = s.memory.overSince === 0 ? 0 : Date.now() - s.memory.overSince;
    return [
      ['total_connections_received', st.totalConnections], ['total_commands_processed', st.totalCommands],
      ['instantaneous_ops_per_sec', s.opsPerSec], ['total_net_input_bytes', st.netInputBytes], ['total_net_output_bytes', st.netOutputBytes],
      ['total_net_repl_input_bytes', 0], ['total_net_repl_output_bytes', 0], ['instantaneous_input_kbps', '0.00'],
      ['instantaneous_output_kbps', '0.00'], ['instantaneous_input_repl_kbps', '0.00'], ['instantaneous_output_repl_kbps', '0.00'],
      ['rejected_connections', st.rejectedConnections], ['sync_full', 0], ['sync_partial_ok', 0], ['sync_partial_err', 0],
      ['expired_keys', ks.expiredKeys], ['expired_stale_perc', '0.00'], ['expired_time_cap_reached_count', 0],
      ['expire_cycle_cpu_milliseconds', 0], ['evicted_keys', ks.evictedKeys], ['evicted_clients', 0],
      ['total_eviction_exceeded_time', s.memory.totalOverMs + overMs], ['current_eviction_exceeded_time', overMs], ['keyspace_hits', ks.keyspaceHits], ['keyspace_misses', ks.keyspaceMisses],
      ['pubsub_channels', s.pubsub.count(CHANNELS)], ['pubsub_patterns', s.pubsub.count(PATTERNS)],
      ['pubsubshard_channels', s.pubsub.count(SHARD)], ['latest_fork_usec', 0], ['total_forks', 0],
      ['migrate_cached_sockets', 0], ['slave_expires_tracked_keys', 0], ['active_defrag_hits', 0], ['active_defrag_misses', 0],
      ['active_defrag_key_hits', 0], ['active_defrag_key_misses', 0], ['total_active_defrag_time', 0],
      ['current_active_defrag_time', 0], ['tracking_total_keys', 0], ['tracking_total_items', 0], ['tracking_total_prefixes', 0],
      ['unexpected_error_replies', 0], ['total_error_replies', st.totalErrorReplies], ['dump_payload_sanitizations', 0],
      ['total_reads_processed', st.reads], ['total_writes_processed', st.writes], ['io_threaded_reads_processed', 0],
      ['io_threaded_writes_processed', 0], ['reply_buffer_shrinks', 0], ['reply_buffer_expands', 0],
      ['acl_access_denied_auth', 0], ['acl_access_denied_cmd', 0], ['acl_access_denied_key', 0], ['acl_access_denied_channel', 0],
    ];
  }],
  ['replication', (s) => [
    ['role', 'master'], ['connected_slaves', 0], ['master_failover_state', 'no-failover'], ['master_replid', runId],
    ['master_replid2', '0'.repeat(40)], ['master_repl_offset', 0], ['second_repl_offset', -1], ['repl_backlog_active', 0],
    ['repl_backlog_size', s.config.num('repl-backlog-size')], ['repl_backlog_first_byte_offset', 0], ['repl_backlog_histlen', 0],
  ]],
  ['cpu', () => {
    const u = process.cpuUsage();
    const sec = (us: number): string => (us / 1e6).toFixed(6);
    return [
      ['used_cpu_sys', sec(u.system)], ['used_cpu_user', sec(u.user)], ['used_cpu_sys_children', '0.000000'],
      ['used_cpu_user_children', '0.000000'], ['used_cpu_sys_main_thread', sec(u.system)], ['used_cpu_user_main_thread', sec(u.user)],
    ];
  }],
  ['modules', () => []],
  // Redis keeps error codes in a radix tree: listed in byte order.
  ['errorstats', (s) => [...s.errorStats].sort(([a], [b]) => (a < b ? -1 : 1)).map(([code, n]): [string, string] => [`errorstat_${code}`, `count=${n}`])],
  ['cluster', (s) => [['cluster_enabled', s.config.bool('cluster-enabled') ? 1 : 0]]],
  ['keyspace', (s) => {
    const out: InfoLines = [];
    s.keyspace.dbs.forEach((db, i) => {
      if (db.size > 0) out.push([`db${i}`, `keys=${db.size},expires=${db.expires.size},avg_ttl=${avgTtl(s, i)}`]);
    });
    return out;
  }],
  ['commandstats', (s) => {
    const st = s.cmdStats;
    const out: InfoLines = [];
    for (const c of allCommands(s.commands)) {
      const id = c.id;
      if (st.calls[id] === 0 && st.rejected[id] === 0 && st.failed[id] === 0) continue;
      const usec = Math.floor(st.usec[id]);
      const per = st.calls[id] === 0 ? 0 : st.usec[id] / st.calls[id];
      out.push([`cmdstat_${c.fullName}`, `calls=${st.calls[id]},usec=${usec},usec_per_call=${per.toFixed(2)},rejected_calls=${st.rejected[id]},failed_calls=${st.failed[id]}`]);
    }
    return out;
  }],
  ['latencystats', (s) => {
    if (!s.config.bool('latency-tracking')) return [];
    const st = s.cmdStats;
    const ps = s.config.get('latency-tracking-info-percentiles').split(' ').filter(Boolean).map(Number);
    const out: InfoLines = [];
    for (const c of allCommands(s.commands)) {
      if (st.calls[c.id] === 0) continue;
      const parts = ps.map((p) => `p${p}=${st.percentile(c.id, p).toFixed(3)}`);
      out.push([`latency_percentiles_usec_${c.fullName}`, parts.join(',')]);
    }
    return out;
  }],
]);

/** The INFO text for the requested sections (Redis's "default" when none). */
export function infoText(s: Server, args: string[]): string {
  const wanted = new Set<string>();
  if (args.length === 0) for (const n of DEFAULT_SECTIONS) wanted.add(n);
  for (const a of args) {
    const n = a.toLowerCase();
    if (n === 'default') for (const d of DEFAULT_SECTIONS) wanted.add(d);
    else if (n === 'all' || n === 'everything') for (const d of [...DEFAULT_SECTIONS, ...ALL_EXTRA]) wanted.add(d);
    else wanted.add(n);
  }
  const order = [...DEFAULT_SECTIONS.slice(0, 8), 'commandstats', 'errorstats', 'latencystats', 'cluster', 'keyspace'];
  let out = '';
  for (const name of order) {
    if (!wanted.has(name)) continue;
    const fn = infoFields.get(name) as SectionFn;
    if (out !== '') out += '\r\n';
    out += `# ${TITLES[name]}\r\n`;
    for (const [k, v] of fn(s)) out += `${k}:${v}\r\n`;
  }
  return out;
}
