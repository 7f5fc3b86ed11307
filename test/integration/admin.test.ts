import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startPair, type Pair } from '../helpers/diff';
import { RespConn, show, type Reply } from '../helpers/resp';
import { startShoal } from '../helpers/procs';

let p: Pair;
before(async () => {
  p = await startPair(['--enable-debug-command', 'yes'], ['--enable-debug-command', 'yes']);
});
after(async () => {
  await p.close();
});

function infoFields(r: Reply): Map<string, string> {
  const m = new Map<string, string>();
  for (const line of (show(r) as string).split('\r\n')) {
    const i = line.indexOf(':');
    if (line !== '' && !line.startsWith('#') && i > 0) m.set(line.slice(0, i), line.slice(i + 1));
  }
  return m;
}

function sections(r: Reply): string[] {
  return (show(r) as string).split('\r\n').filter((l) => l.startsWith('# '));
}

test('TIME and LASTSAVE have Redis shapes', async () => {
  const [a, b] = await p.both('TIME');
  for (const r of [a, b]) {
    const v = show(r) as string[];
    assert.equal(v.length, 2);
    assert.match(v[0], /^\d{10}$/);
    assert.match(v[1], /^\d{1,6}$/);
    assert.ok(Math.abs(Number(v[0]) - Date.now() / 1000) < 5);
  }
  const [x, y] = await p.both('LASTSAVE');
  assert.equal(x.t, 'int');
  assert.equal(y.t, 'int');
  await p.same('TIME', 'extra');
});

test('INFO has the sections and fields Redis has, with numeric types where Redis has numbers', async () => {
  await p.same('SET', 'info:k', 'v');
  await p.same('SET', 'info:t', 'v');
  await p.same('GET', 'info:k');
  await p.same('GET', 'info:missing');
  await p.same('NOSUCHCOMMAND');
  const [a, b] = await p.both('INFO');
  assert.deepEqual(sections(a), sections(b));
  const shoal = infoFields(a);
  const redis = infoFields(b);
  const numeric = [
    'process_id', 'tcp_port', 'uptime_in_seconds', 'connected_clients', 'used_memory', 'total_commands_processed',
    'keyspace_hits', 'keyspace_misses', 'expired_keys', 'rejected_connections', 'total_connections_received', 'maxclients',
    'rdb_changes_since_last_save', 'total_error_replies', 'instantaneous_ops_per_sec', 'used_memory_peak',
  ];
  for (const k of numeric) {
    assert.match(redis.get(k) ?? '', /^\d+$/, `redis ${k}`);
    assert.match(shoal.get(k) ?? '', /^\d+$/, `shoal ${k}`);
  }
  for (const k of ['redis_mode', 'role', 'maxmemory_policy', 'aof_enabled', 'cluster_enabled']) {
    assert.equal(shoal.get(k), redis.get(k), k);
  }
  assert.equal(shoal.get('redis_version'), '7.2.4');
  assert.equal(shoal.get('db0'), 'keys=2,expires=0,avg_ttl=0');
  assert.ok(Number(shoal.get('keyspace_hits')) >= 1);
  assert.ok(Number(shoal.get('keyspace_misses')) >= 1);
  // Every field Redis 7.0 reports in these sections is present in Shoal's INFO.
  const missing = [...redis.keys()].filter((k) => !shoal.has(k) && !/^(executable|mem_allocator)$/.test(k));
  assert.deepEqual(missing, []);
});

test('INFO sections: one, several, all and everything', async () => {
  for (const args of [['server'], ['CLIENTS'], ['clients', 'keyspace'], ['nosuch'], ['default']]) {
    const [a, b] = await p.both('INFO', ...args);
    assert.deepEqual(sections(a), sections(b), args.join(' '));
  }
  const [a, b] = await p.both('INFO', 'all');
  assert.deepEqual(sections(a), sections(b));
  const [e] = await p.both('INFO', 'everything');
  assert.ok(sections(e).includes('# Commandstats'));
  const stats = infoFields(await p.shoal.call('INFO', 'commandstats'));
  assert.match(stats.get('cmdstat_get') ?? '', /^calls=\d+,usec=\d+,usec_per_call=\d+\.\d\d,rejected_calls=0,failed_calls=0$/);
  const errs = infoFields(await p.shoal.call('INFO', 'errorstats'));
  assert.match(errs.get('errorstat_ERR') ?? '', /^count=\d+$/);
  const lat = infoFields(await p.shoal.call('INFO', 'latencystats'));
  assert.match(lat.get('latency_percentiles_usec_get') ?? '', /^p50=\d+\.\d{3},p99=\d+\.\d{3},p99\.9=\d+\.\d{3}$/);
});

test('command stats count rejected and failed calls as Redis does', async () => {
  await p.same('CONFIG', 'RESETSTAT');
  await p.same('GET');
  await p.same('SET', 'k', 'v');
  await p.same('CONFIG', 'SET', 'maxmemory', 'bad');
  const [a, b] = await p.both('INFO', 'commandstats');
  const strip = (r: Reply): Record<string, string> => {
    const out: Record<string, string> = {};
    for (const [k, v] of infoFields(r)) if (k !== 'cmdstat_info') out[k] = v.replace(/usec=\d+,usec_per_call=[\d.]+,/, '');
    return out;
  };
  assert.deepEqual(strip(a), strip(b));
});

test('SLOWLOG records commands with trimmed arguments', async () => {
  await p.same('CONFIG', 'SET', 'slowlog-log-slower-than', '0');
  await p.same('SLOWLOG', 'RESET');
  await p.same('CLIENT', 'SETNAME', 'slowpoke');
  const many = Array.from({ length: 40 }, (_, i) => `a${i}`);
  await p.same('CONFIG', 'GET', ...many);
  await p.same('SET', 'long', 'x'.repeat(200));
  // High enough that no later command is logged, however loaded the machine is.
  await p.same('CONFIG', 'SET', 'slowlog-log-slower-than', '100000000');
  await p.same('SLOWLOG', 'LEN');
  const [a, b] = await p.both('SLOWLOG', 'GET', '-1');
  const shape = (r: Reply): unknown =>
    (show(r) as unknown[][]).map((e) => {
      assert.equal(typeof e[1], 'number');
      assert.equal(typeof e[2], 'number');
      assert.match(e[4] as string, /^127\.0\.0\.1:\d+$/);
      return [e[0], e[3], e[5]];
    });
  assert.deepEqual(shape(a), shape(b));
  assert.deepEqual(shape(await p.shoal.call('SLOWLOG', 'GET', '1')), shape(await p.redis.call('SLOWLOG', 'GET', '1')));
  await p.same('SLOWLOG', 'GET', '-2');
  await p.same('SLOWLOG', 'GET', 'x');
  await p.sameHelp('SLOWLOG', 'HELP');
  await p.same('SLOWLOG', 'RESET');
  await p.same('SLOWLOG', 'GET');
});

test('LATENCY reports nothing while disabled, then records slow commands', async () => {
  await p.same('LATENCY', 'LATEST');
  await p.same('LATENCY', 'HISTORY', 'command');
  await p.same('LATENCY', 'RESET');
  await p.same('LATENCY', 'GRAPH', 'command');
  await p.sameHelp('LATENCY', 'HELP');
  await p.same('CONFIG', 'SET', 'latency-monitor-threshold', '10');
  await p.same('DEBUG', 'SLEEP', '0.05');
  const [a, b] = await p.both('LATENCY', 'LATEST');
  for (const r of [a, b]) {
    const v = show(r) as unknown[][];
    assert.equal(v.length, 1);
    assert.equal(v[0][0], 'command');
    assert.ok((v[0][2] as number) >= 10);
  }
  const hist = show(await p.shoal.call('LATENCY', 'HISTORY', 'command')) as number[][];
  assert.equal(hist.length, 1);
  await p.same('LATENCY', 'RESET', 'command');
  await p.same('CONFIG', 'SET', 'latency-monitor-threshold', '0');
});

test('DEBUG subcommands Shoal supports', async () => {
  await p.same('SET', 'dbg', 'v');
  assert.match(show(await p.shoal.call('DEBUG', 'OBJECT', 'dbg')) as string, /encoding:embstr/);
  await p.same('DEBUG', 'OBJECT', 'nosuchkey');
  await p.same('DEBUG', 'SET-ACTIVE-EXPIRE', '0');
  await p.same('DEBUG', 'SET-ACTIVE-EXPIRE', '1');
  await p.same('DEBUG', 'SLEEP', '0');
  // Redis 7.2 has no JMAP any more; Shoal accepts it as a harmless no-op.
  assert.equal(show(await p.shoal.call('DEBUG', 'JMAP')), 'OK');
  await p.same('DEBUG', 'SLEEP', 'abc');
});

test('MONITOR streams executed commands with Redis escaping', async () => {
  const mon = await RespConn.connect(p.shoalProc.port);
  assert.equal(show(await mon.call('MONITOR')), 'OK');
  const c = await RespConn.connect(p.shoalProc.port);
  await c.call('SET', 'mon"key', 'a\r\nb\x00\xff\\');
  await c.call('CONFIG', 'GET', 'hz');
  await c.call('ECHO', '0');
  await c.call('GET', 'mon"key');
  const first = show(await mon.read()) as string;
  assert.match(first, /^\d{10}\.\d{6} \[0 127\.0\.0\.1:\d+\] "SET" "mon\\"key" "a\\r\\nb\\x00\\xff\\\\"$/);
  // CONFIG is an admin command and is not shown.
  const second = show(await mon.read()) as string;
  assert.ok(second.endsWith('"ECHO" "0"') || second.endsWith('"GET" "mon\\"key"'), second);
  c.close();
  mon.close();
});

test('SHUTDOWN checks its arguments, then stops the node', async () => {
  await p.same('SHUTDOWN', 'SAVE', 'NOSAVE');
  await p.same('SHUTDOWN', 'BOGUS');
  await p.same('SHUTDOWN', 'ABORT');
  const node = await startShoal();
  const c = await RespConn.connect(node.port);
  await c.call('SET', 'x', '1');
  c.write('*2\r\n$8\r\nSHUTDOWN\r\n$6\r\nNOSAVE\r\n');
  assert.equal(await c.waitClosed(5000), true);
  const exited = await new Promise<number | null>((r) => {
    if (node.child.exitCode !== null) return r(node.child.exitCode);
    node.child.once('exit', (code) => r(code));
  });
  assert.equal(exited, 0);
});
