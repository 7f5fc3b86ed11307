/**
 * Clients that cannot be installed here (Jedis 4.3, Lettuce 6.3,
 * StackExchange.Redis 2.6.90, go-redis 9.5): each test sends exactly the
 * handshake and topology commands that client sends and checks every reply
 * against what that client's parser relies on (see cluster-clients.md).
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { keySlot } from '../../src/cluster/slot';
import { ACCOUNT, clusterKinds, startCluster, slotOwners, type Cluster } from '../helpers/cluster';
import { RespConn, show, type Reply } from '../helpers/resp';

function str(r: Reply, what: string): string {
  assert.ok(r.t === 'bulk' || r.t === 'verbatim', `${what}: expected a string, got ${JSON.stringify(r)}`);
  if (r.t === 'bulk') return r.v;
  // RESP3 clients strip the verbatim format prefix.
  assert.equal(r.v.slice(0, 4), 'txt:', `${what}: verbatim format`);
  return r.v.slice(4);
}

function arr(r: Reply, what: string): Reply[] {
  assert.ok(r.t === 'array' && r.v !== null, `${what}: expected an array, got ${JSON.stringify(r)}`);
  return r.v;
}

function isOk(r: Reply, what: string): void {
  assert.deepEqual(r, { t: 'status', v: 'OK' }, what);
}

function mapOf(r: Reply, what: string): Map<string, Reply> {
  assert.equal(r.t, 'map', `${what}: expected a RESP3 map, got ${JSON.stringify(r)}`);
  const m = new Map<string, Reply>();
  for (const [k, v] of (r as { v: [Reply, Reply][] }).v) m.set(String(show(k)), v);
  return m;
}

/** "host:port" split at the last ':' as every client does. */
function splitAddr(addr: string): [string, number] {
  const i = addr.lastIndexOf(':');
  return [addr.slice(0, i), Number(addr.slice(i + 1))];
}

async function open(c: Cluster, port = c.port): Promise<RespConn> {
  return RespConn.connect(port, c.host);
}

/** A key whose slot the endpoint does not own, and that slot. */
async function foreignKey(c: Cluster): Promise<{ key: string; slot: number }> {
  const owners = await slotOwners(c.port);
  for (let i = 0; ; i++) if (owners[keySlot(`k${i}`)] !== c.port) return { key: `k${i}`, slot: keySlot(`k${i}`) };
}

/** The MOVED error for a foreign key must name the owner of its slot, as the topology does. */
async function checkMoved(c: Cluster, conn: RespConn, lastSpace: boolean): Promise<void> {
  const { key, slot } = await foreignKey(c);
  const r = await conn.call('GET', key);
  assert.equal(r.t, 'error');
  const parts = (r as { v: string }).v.split(' ');
  assert.equal(parts[0], 'MOVED');
  assert.equal(Number(parts[1]), slot);
  const [host, port] = splitAddr(lastSpace ? parts[parts.length - 1] : parts[2]);
  assert.equal(host, c.host);
  assert.equal(port, (await slotOwners(c.port))[slot]);
}

/** CLUSTER SLOTS as Jedis/PhpRedis/go-redis/ioredis read it: integer ranges covering every slot once, masters that are shard masters. */
function checkSlots(c: Cluster, r: Reply, nodeEntry: (n: Reply[]) => void): void {
  const covered = new Uint8Array(16384);
  for (const range of arr(r, 'CLUSTER SLOTS')) {
    const items = arr(range, 'slot range');
    assert.ok(items.length >= 3);
    assert.equal(items[0].t, 'int', 'range start is an integer');
    assert.equal(items[1].t, 'int', 'range end is an integer');
    for (let s = Number(show(items[0])); s <= Number(show(items[1])); s++) covered[s]++;
    for (const n of items.slice(2)) nodeEntry(arr(n, 'node entry'));
    const master = arr(items[2], 'master');
    assert.ok(c.ports.includes(Number(show(master[1]))), `master port ${show(master[1])} is a shard master`);
  }
  assert.ok(covered.every((x) => x === 1), 'every slot covered exactly once');
}

interface NodeLine {
  id: string;
  host: string;
  port: number;
  flags: string[];
  master: string;
  link: string;
  slots: string[];
}

const KNOWN_FLAGS = new Set(['myself', 'master', 'slave', 'replica', 'fail?', 'fail', 'handshake', 'noaddr', 'loading', 'online', 'nofailover']);

/** CLUSTER NODES text as Lettuce, node-redis and SE.Redis parse it. */
function parseNodes(text: string): NodeLine[] {
  assert.ok(text.endsWith('\n'), 'CLUSTER NODES ends with \\n (node-redis drops the last line)');
  return text
    .slice(0, -1)
    .split('\n')
    .map((line) => {
      const f = line.split(' ');
      assert.ok(f.length >= 8, `at least 8 fields: ${line}`);
      assert.match(f[0], /^[0-9a-f]{40}$/);
      const addr = f[1].split('@')[0];
      assert.match(f[1], /^[^@]+:\d+@\d+(,.*)?$/, 'ip:port@cport[,hostname]');
      const [host, port] = splitAddr(addr);
      const flags = f[2].split(',');
      for (const fl of flags) assert.ok(KNOWN_FLAGS.has(fl), `known flag ${fl}`);
      for (const s of f.slice(8)) assert.match(s, /^(\d+(-\d+)?|\[.*\])$/, `slot token ${s}`);
      return { id: f[0], host, port, flags, master: f[3], link: f[7], slots: f.slice(8) };
    });
}

function checkNodesView(c: Cluster, text: string, dialled: number): NodeLine[] {
  const nodes = parseNodes(text);
  const myself = nodes.filter((n) => n.flags.includes('myself'));
  assert.equal(myself.length, 1, 'exactly one myself line');
  assert.equal(myself[0].port, dialled, 'myself is the node dialled');
  const masters = nodes.filter((n) => n.master === '-');
  assert.deepEqual(masters.map((n) => n.port).sort(), [...c.ports].sort(), 'masters ("-" in field 4) are the shard masters');
  for (const n of nodes) {
    assert.equal(n.host, c.host, 'routable host');
    assert.ok(n.port > 0 && !n.flags.includes('noaddr') && !n.flags.includes('fail'));
    assert.equal(n.link, 'connected');
  }
  return nodes;
}

function infoField(info: string, name: string): string {
  const line = info.split('\r\n').find((l) => l.startsWith(`${name}:`));
  assert.ok(line !== undefined, `INFO has ${name}`);
  return line.slice(name.length + 1);
}

function versionAtLeast(v: string, major: number, minor: number): boolean {
  const [a, b] = v.split('.').map(Number);
  return a > major || (a === major && b >= minor);
}

for (const kind of clusterKinds()) {
  describe(`replayed client handshakes on a ${kind} cluster`, { timeout: 120000 }, () => {
    let c: Cluster;
    before(async () => {
      c = await startCluster(kind);
    });
    after(async () => {
      await c?.stop();
    });

    test('Jedis 4.3: AUTH user pass, CLIENT SETNAME, PING, CLUSTER SLOTS with integer ranges and ports, MOVED', async () => {
      const conn = await open(c);
      try {
        isOk(await conn.call('AUTH', ACCOUNT.user, ACCOUNT.password), 'AUTH');
        isOk(await conn.call('CLIENT', 'SETNAME', 'jedis'), 'CLIENT SETNAME');
        assert.deepEqual(await conn.call('PING'), { t: 'status', v: 'PONG' });
        checkSlots(c, await conn.call('CLUSTER', 'SLOTS'), (n) => {
          assert.equal(n[0].t, 'bulk', 'host is a bulk string');
          assert.ok(!['', '?'].includes(str(n[0], 'host')), 'usable host');
          assert.equal(n[1].t, 'int', 'port is an integer (cast to Long)');
        });
        await checkMoved(c, conn, false);
        // Jedis opens a pool per master from CLUSTER SLOTS with the same credentials.
        for (const p of c.ports) {
          const n = await open(c, p);
          isOk(await n.call('AUTH', ACCOUNT.user, ACCOUNT.password), `AUTH on ${p}`);
          assert.deepEqual(await n.call('PING'), { t: 'status', v: 'PONG' });
          n.close();
        }
      } finally {
        conn.close();
      }
    });

    test('Lettuce 6.3: HELLO 3 AUTH SETNAME, SETINFO when >=7.2, CLUSTER NODES and INFO on every node, RESP2 fallback path', async () => {
      const views: string[][] = [];
      for (const port of c.ports) {
        const conn = await open(c, port);
        try {
          const hello = mapOf(await conn.call('HELLO', '3', 'AUTH', ACCOUNT.user, ACCOUNT.password, 'SETNAME', 'lettuce'), 'HELLO 3');
          assert.equal(hello.get('id')?.t, 'int', 'id is an integer');
          assert.deepEqual(hello.get('proto'), { t: 'int', v: '3' });
          const version = str(hello.get('version') as Reply, 'version');
          assert.equal(show(hello.get('mode') as Reply), 'cluster');
          assert.equal(show(hello.get('role') as Reply), 'master');
          if (versionAtLeast(version, 7, 2)) {
            // Pipelined, and any error fails the connection (lettuce#2817).
            conn.write('*4\r\n$6\r\nCLIENT\r\n$7\r\nSETINFO\r\n$8\r\nlib-name\r\n$7\r\nLettuce\r\n*4\r\n$6\r\nCLIENT\r\n$7\r\nSETINFO\r\n$7\r\nlib-ver\r\n$13\r\n6.3.2.RELEASE\r\n');
            isOk(await conn.read(), 'CLIENT SETINFO lib-name');
            isOk(await conn.read(), 'CLIENT SETINFO lib-ver');
          }
          const nodes = checkNodesView(c, str(await conn.call('CLUSTER', 'NODES'), 'CLUSTER NODES'), port);
          views.push(nodes.map((n) => n.id).sort());
          const info = str(await conn.call('INFO'), 'INFO');
          assert.match(infoField(info, 'connected_clients'), /^\d+$/);
          assert.match(infoField(info, 'master_repl_offset'), /^\d+$/);
        } finally {
          conn.close();
        }
      }
      // PartitionsConsensus: every node reports the same node ids.
      for (const v of views) assert.deepEqual(v, views[0]);
      const resp2 = await open(c);
      try {
        isOk(await resp2.call('AUTH', ACCOUNT.user, ACCOUNT.password), 'AUTH');
        assert.deepEqual(await resp2.call('PING'), { t: 'status', v: 'PONG' });
        isOk(await resp2.call('CLIENT', 'SETNAME', 'lettuce'), 'CLIENT SETNAME');
        await checkMoved(c, resp2, false);
      } finally {
        resp2.close();
      }
    });

    test('StackExchange.Redis 2.6.90: AUTH, SETNAME, CONFIG GET, SENTINEL, INFO, bulk CLUSTER NODES, TieBreak, ECHO tracer, SUBSCRIBE and PING in subscribe mode', async () => {
      const conn = await open(c);
      try {
        isOk(await conn.call('AUTH', ACCOUNT.user, ACCOUNT.password), 'AUTH');
        isOk(await conn.call('CLIENT', 'SETNAME', 'se-redis'), 'CLIENT SETNAME');
        for (const p of ['timeout', 'slave-read-only', 'replica-read-only', 'databases']) {
          const r = await conn.call('CONFIG', 'GET', p);
          if (r.t !== 'error') assert.ok([0, 2].includes(arr(r, `CONFIG GET ${p}`).length), `CONFIG GET ${p} is [name, value] or []`);
        }
        await conn.call('SENTINEL', 'MASTERS'); // any reply; an error is tolerated
        assert.equal(infoField(str(await conn.call('INFO', 'replication'), 'INFO replication'), 'role'), 'master');
        const server = str(await conn.call('INFO', 'server'), 'INFO server');
        assert.match(infoField(server, 'redis_version'), /^\d+\.\d+\.\d+$/);
        assert.equal(infoField(server, 'redis_mode'), 'cluster');
        assert.match(infoField(server, 'run_id'), /^[0-9a-f]{40}$/);
        const nodes = await conn.call('CLUSTER', 'NODES');
        assert.equal(nodes.t, 'bulk', 'a bulk string sets ServerType=Cluster');
        checkNodesView(c, str(nodes, 'CLUSTER NODES'), c.port);
        const tie = await conn.call('GET', '__Booksleeve_TieBreak');
        assert.ok(tie.t === 'null' || (tie.t === 'error' && tie.v.startsWith('MOVED ')), `TieBreak: ${JSON.stringify(tie)}`);
        assert.deepEqual(await conn.call('ECHO', 'tracer-5f1e'), { t: 'bulk', v: 'tracer-5f1e' });
        await checkMoved(c, conn, false);
      } finally {
        conn.close();
      }
      // The subscription connection: SUBSCRIBE, then heartbeat PINGs in subscribe mode.
      const sub = await open(c);
      try {
        isOk(await sub.call('AUTH', ACCOUNT.user, ACCOUNT.password), 'AUTH');
        assert.deepEqual(show(await sub.call('SUBSCRIBE', '__Booksleeve_MasterChanged')), ['subscribe', '__Booksleeve_MasterChanged', 1]);
        assert.deepEqual(await sub.call('PING'), { t: 'array', v: [{ t: 'bulk', v: 'pong' }, { t: 'bulk', v: '' }] });
      } finally {
        sub.close();
      }
    });

    test('go-redis 9.5: HELLO 3 AUTH, SETNAME and SETINFO pipeline, RESP3 CLUSTER SLOTS entries of 2-4 elements, MOVED', async () => {
      const conn = await open(c);
      try {
        const hello = await conn.call('HELLO', '3', 'AUTH', ACCOUNT.user, ACCOUNT.password);
        // Any error reply falls back to RESP2 AUTH; a map means RESP3 from here on.
        if (hello.t === 'error') isOk(await conn.call('AUTH', ACCOUNT.user, ACCOUNT.password), 'AUTH');
        else assert.deepEqual(mapOf(hello, 'HELLO 3').get('proto'), { t: 'int', v: '3' });
        conn.write(
          '*3\r\n$6\r\nCLIENT\r\n$7\r\nSETNAME\r\n$8\r\ngo-redis\r\n' +
            '*4\r\n$6\r\nCLIENT\r\n$7\r\nSETINFO\r\n$8\r\nLIB-NAME\r\n$19\r\ngo-redis(,go1.22.0)\r\n' +
            '*4\r\n$6\r\nCLIENT\r\n$7\r\nSETINFO\r\n$7\r\nLIB-VER\r\n$5\r\n9.5.1\r\n',
        );
        isOk(await conn.read(), 'CLIENT SETNAME');
        await conn.read(); // SETINFO errors are ignored by go-redis
        await conn.read();
        checkSlots(c, await conn.call('CLUSTER', 'SLOTS'), (n) => {
          assert.ok(n.length >= 2 && n.length <= 4, `node entry of ${n.length} elements`);
          assert.equal(n[0].t, 'bulk', 'ip is a string, not null');
          assert.ok(n[1].t === 'int' || (n[1].t === 'bulk' && /^\d+$/.test(n[1].v)), 'port is an int or numeric string');
          if (n.length >= 3) assert.equal(n[2].t, 'bulk', 'node id');
          if (n.length === 4) assert.ok(n[3].t === 'map' || (n[3].t === 'array' && (n[3].v?.length ?? 1) % 2 === 0), 'metadata is a map or even array');
        });
        await checkMoved(c, conn, true);
      } finally {
        conn.close();
      }
    });
  });
}
