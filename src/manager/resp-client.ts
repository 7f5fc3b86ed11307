/**
 * A small RESP2 client for the manager and the CLI: talks to nodes' control
 * ports over TCP and to the manager over its Unix socket. Commands pipeline
 * in order on one connection; an error reply rejects that call only.
 */
import net from 'node:net';

export type RespValue = string | number | null | RespValue[];

/** An error reply from the peer (`-ERR ...`), as opposed to a broken link. */
export class RespError extends Error {}

interface Pending {
  resolve: (v: RespValue) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout | null;
}

/** Where to connect: a TCP host and port, or a Unix socket path. */
export type Endpoint = { host: string; port: number } | { path: string };

export class RespClient {
  private buf: Buffer = Buffer.alloc(0);
  private readonly pending: Pending[] = [];
  private closedFlag = false;
  /** Called once when the connection ends, for whatever reason. */
  onClose: (() => void) | null = null;

  private constructor(private readonly sock: net.Socket) {
    sock.setNoDelay(true);
    sock.on('data', (d: Buffer) => {
      this.buf = this.buf.length ? Buffer.concat([this.buf, d]) : d;
      this.drain();
    });
    sock.on('error', () => undefined);
    sock.on('close', () => this.fail(new Error('connection closed')));
  }

  static connect(to: Endpoint, timeoutMs = 2000): Promise<RespClient> {
    return new Promise((resolve, reject) => {
      const s = 'path' in to ? net.connect(to.path) : net.connect(to.port, to.host);
      const timer = setTimeout(() => {
        s.destroy();
        reject(new Error('connect timed out'));
      }, timeoutMs);
      s.once('connect', () => {
        clearTimeout(timer);
        s.removeAllListeners('error');
        resolve(new RespClient(s));
      });
      s.once('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
    });
  }

  get closed(): boolean {
    return this.closedFlag;
  }

  /** Whether replies are outstanding. */
  get busy(): boolean {
    return this.pending.length > 0;
  }

  /**
   * Sends one command. With a timeout, a late reply closes the connection:
   * the pipeline would otherwise pair later replies with the wrong calls.
   */
  call(args: readonly (string | number)[], timeoutMs = 0): Promise<RespValue> {
    if (this.closedFlag) return Promise.reject(new Error('connection closed'));
    return new Promise((resolve, reject) => {
      const p: Pending = { resolve, reject, timer: null };
      if (timeoutMs > 0) p.timer = setTimeout(() => this.fail(new Error('timed out waiting for a reply')), timeoutMs);
      this.pending.push(p);
      this.sock.write(encodeCommand(args));
    });
  }

  close(): void {
    this.sock.destroy();
    this.fail(new Error('connection closed'));
  }

  private fail(e: Error): void {
    if (!this.closedFlag) {
      this.closedFlag = true;
      this.sock.destroy();
    }
    for (const p of this.pending.splice(0)) {
      if (p.timer) clearTimeout(p.timer);
      p.reject(e);
    }
    const cb = this.onClose;
    this.onClose = null;
    if (cb) cb();
  }

  private drain(): void {
    while (this.pending.length) {
      let r: [RespValue | RespError, number] | null;
      try {
        r = parseValue(this.buf, 0);
      } catch (e) {
        this.fail(e as Error);
        return;
      }
      if (!r) return;
      this.buf = this.buf.subarray(r[1]);
      const p = this.pending.shift() as Pending;
      if (p.timer) clearTimeout(p.timer);
      if (r[0] instanceof RespError) p.reject(r[0]);
      else p.resolve(r[0]);
    }
  }
}

/** Encodes a command as a multibulk; strings are sent as latin1 (one char per byte). */
export function encodeCommand(args: readonly (string | number)[]): Buffer {
  const parts: Buffer[] = [Buffer.from(`*${args.length}\r\n`)];
  for (const a of args) {
    const b = Buffer.from(String(a), 'latin1');
    parts.push(Buffer.from(`$${b.length}\r\n`), b, Buffer.from('\r\n'));
  }
  return Buffer.concat(parts);
}

/**
 * Parses one RESP2/RESP3 value at pos; null when more bytes are needed. Maps
 * come back as flat arrays, nulls as null, error replies as RespError values.
 */
export function parseValue(buf: Buffer, pos: number): [RespValue | RespError, number] | null {
  const nl = buf.indexOf('\r\n', pos);
  if (nl < 0) return null;
  const type = buf[pos];
  const line = buf.latin1Slice(pos + 1, nl);
  const next = nl + 2;
  switch (type) {
    case 0x2b /* + */:
    case 0x2c /* , */:
    case 0x28 /* ( */:
      return [line, next];
    case 0x2d /* - */:
      return [new RespError(line), next];
    case 0x3a /* : */:
      return [Number(line), next];
    case 0x23 /* # */:
      return [line === 't' ? 1 : 0, next];
    case 0x5f /* _ */:
      return [null, next];
    case 0x24 /* $ */:
    case 0x3d /* = */: {
      const n = Number(line);
      if (n < 0) return [null, next];
      if (buf.length < next + n + 2) return null;
      return [buf.latin1Slice(next, next + n), next + n + 2];
    }
    case 0x2a /* * */:
    case 0x7e /* ~ */:
    case 0x3e /* > */:
    case 0x25 /* % */: {
      let n = Number(line);
      if (n < 0) return [null, next];
      if (type === 0x25) n *= 2;
      const items: RespValue[] = [];
      let p = next;
      for (let i = 0; i < n; i++) {
        const r = parseValue(buf, p);
        if (!r) return null;
        // An error nested in an array (e.g. EXEC) is kept as its text.
        items.push(r[0] instanceof RespError ? r[0].message : r[0]);
        p = r[1];
      }
      return [items, p];
    }
    default:
      throw new Error(`bad RESP type byte ${type}`);
  }
}
