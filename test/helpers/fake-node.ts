/**
 * A stand-in for a data node's control port, for manager tests: AUTH with
 * the cluster secret, SHOAL.TOPOLOGY, ACL SETUSER/DELUSER/LIST, DBSIZE,
 * CLUSTER COUNTKEYSINSLOT/GETKEYSINSLOT and MIGRATE between fake nodes.
 * It records what it was sent so tests can check what the manager did.
 */
import net from 'node:net';
import { parseReply, type Reply } from './resp';
import { keySlot } from '../../src/cluster/slot';
import type { ClusterMap } from '../../src/cluster/map';

/** Fake nodes by control port, so MIGRATE can reach its target. */
const byPort = new Map<number, FakeNode>();

export class FakeNode {
  readonly keys = new Map<string, string>();
  map: ClusterMap | null = null;
  /** Every map accepted, in order. */
  readonly maps: ClusterMap[] = [];
  /** Every ACL command received (after the ACL word), in order. */
  readonly aclLog: string[][] = [];
  readonly users = new Map<string, string[]>();
  private server: net.Server | null = null;
  private readonly socks = new Set<net.Socket>();

  constructor(
    readonly port: number,
    private readonly secret: string,
  ) {
    byPort.set(port, this);
  }

  async listen(): Promise<void> {
    const server = net.createServer((s) => this.serve(s));
    await new Promise<void>((r) => server.listen(this.port, '127.0.0.1', () => r()));
    this.server = server;
  }

  /** Goes away like a crashed node: links drop and the port refuses connections. */
  async down(): Promise<void> {
    for (const s of this.socks) s.destroy();
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((r) => server.close(() => r()));
  }

  /** Comes back like a restarted node: the last map from disk, but no accounts (they live in memory). */
  async restart(): Promise<void> {
    await this.down();
    this.users.clear();
    await this.listen();
  }

  private serve(sock: net.Socket): void {
    this.socks.add(sock);
    sock.on('close', () => this.socks.delete(sock));
    sock.on('error', () => undefined);
    let buf = Buffer.alloc(0);
    let authed = false;
    sock.on('data', (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      for (;;) {
        const r = parseReply(buf, 0);
        if (!r) return;
        buf = buf.subarray(r[1]);
        const argv = ((r[0] as { v: Reply[] }).v ?? []).map((x) => (x as { v: string }).v);
        if (!authed) {
          if (argv[0].toUpperCase() !== 'AUTH') sock.write('-NOAUTH Authentication required.\r\n');
          else if (argv[1] === this.secret) {
            authed = true;
            sock.write('+OK\r\n');
          } else sock.destroy();
          continue;
        }
        sock.write(this.exec(argv));
      }
    });
  }

  private exec(argv: string[]): string {
    const cmd = argv.map((a, i) => (i < 2 ? a.toUpperCase() : a));
    const bulk = (s: string): string => `$${Buffer.byteLength(s, 'latin1')}\r\n${s}\r\n`;
    const arr = (xs: string[]): string => `*${xs.length}\r\n${xs.map(bulk).join('')}`;
    switch (cmd[0]) {
      case 'PING':
        return '+PONG\r\n';
      case 'DBSIZE':
        return `:${this.keys.size}\r\n`;
      case 'SHOAL.TOPOLOGY': {
        if (cmd[1] === 'GET') return this.map ? bulk(JSON.stringify(this.map)) : '$-1\r\n';
        const m = JSON.parse(argv[2]) as ClusterMap;
        if (this.map && m.epoch < this.map.epoch) return `-STALE ${this.map.epoch}\r\n`;
        this.map = m;
        this.maps.push(m);
        return '+OK\r\n';
      }
      case 'ACL': {
        this.aclLog.push(argv.slice(1));
        if (cmd[1] === 'SETUSER') {
          const bad = argv.slice(3).find((r) => r === 'bogus');
          if (bad) return `-ERR Error in ACL SETUSER modifier '${bad}': Syntax error\r\n`;
          this.users.set(argv[2], [...(this.users.get(argv[2]) ?? []), ...argv.slice(3)]);
          return '+OK\r\n';
        }
        if (cmd[1] === 'DELUSER') return `:${argv.slice(2).filter((n) => this.users.delete(n)).length}\r\n`;
        if (cmd[1] === 'LIST') return arr([...this.users].map(([n, r]) => `user ${n} ${r.join(' ')}`));
        return '-ERR unknown ACL subcommand\r\n';
      }
      case 'CLUSTER': {
        const slot = Number(argv[2]);
        const inSlot = [...this.keys.keys()].filter((k) => keySlot(k) === slot);
        if (cmd[1] === 'COUNTKEYSINSLOT') return `:${inSlot.length}\r\n`;
        if (cmd[1] === 'GETKEYSINSLOT') return arr(inSlot.slice(0, Number(argv[3])));
        return '-ERR unknown CLUSTER subcommand\r\n';
      }
      case 'MIGRATE': {
        // MIGRATE host port "" 0 timeout AUTH secret KEYS k...
        const target = byPort.get(Number(argv[2]));
        if (argv[6] !== 'AUTH' || argv[8] !== 'KEYS' || !target || argv[7] !== target.secret) return '-ERR bad MIGRATE\r\n';
        const ks = argv.slice(9).filter((k) => this.keys.has(k));
        if (ks.length === 0) return '+NOKEY\r\n';
        for (const k of ks) {
          target.keys.set(k, this.keys.get(k) as string);
          this.keys.delete(k);
        }
        return '+OK\r\n';
      }
      default:
        return `-ERR unknown command '${argv[0]}'\r\n`;
    }
  }
}
