/**
 * A raw RESP client for tests: sends commands exactly as given and returns
 * replies as typed values, so tests see status vs bulk vs error as a client does.
 */
import net from 'node:net';

export type Reply =
  | { t: 'status'; v: string }
  | { t: 'error'; v: string }
  | { t: 'int'; v: string }
  | { t: 'bulk'; v: string }
  | { t: 'null' }
  | { t: 'array'; v: Reply[] | null }
  | { t: 'map'; v: [Reply, Reply][] }
  | { t: 'set'; v: Reply[] }
  | { t: 'push'; v: Reply[] }
  | { t: 'double'; v: string }
  | { t: 'bool'; v: boolean }
  | { t: 'bignum'; v: string }
  | { t: 'verbatim'; v: string };

/** Parses one reply from buf at pos; returns null when incomplete. */
export function parseReply(buf: Buffer, pos: number): [Reply, number] | null {
  if (pos >= buf.length) return null;
  const nl = buf.indexOf('\r\n', pos);
  if (nl < 0) return null;
  const type = String.fromCharCode(buf[pos]);
  const line = buf.latin1Slice(pos + 1, nl);
  const next = nl + 2;
  const agg = (n: number, from: number): [Reply[], number] | null => {
    const items: Reply[] = [];
    let p = from;
    for (let i = 0; i < n; i++) {
      const r = parseReply(buf, p);
      if (!r) return null;
      items.push(r[0]);
      p = r[1];
    }
    return [items, p];
  };
  switch (type) {
    case '+':
      return [{ t: 'status', v: line }, next];
    case '-':
      return [{ t: 'error', v: line }, next];
    case ':':
      return [{ t: 'int', v: line }, next];
    case ',':
      return [{ t: 'double', v: line }, next];
    case '#':
      return [{ t: 'bool', v: line === 't' }, next];
    case '(':
      return [{ t: 'bignum', v: line }, next];
    case '_':
      return [{ t: 'null' }, next];
    case '$':
    case '=': {
      const n = Number(line);
      if (n < 0) return [{ t: 'null' }, next];
      if (buf.length < next + n + 2) return null;
      const v = buf.latin1Slice(next, next + n);
      return [type === '$' ? { t: 'bulk', v } : { t: 'verbatim', v }, next + n + 2];
    }
    case '*':
    case '~':
    case '>': {
      const n = Number(line);
      if (n < 0) return [{ t: 'array', v: null }, next];
      const r = agg(n, next);
      if (!r) return null;
      const t = type === '*' ? 'array' : type === '~' ? 'set' : 'push';
      return [{ t, v: r[0] } as Reply, r[1]];
    }
    case '%': {
      const n = Number(line);
      const r = agg(n * 2, next);
      if (!r) return null;
      const pairs: [Reply, Reply][] = [];
      for (let i = 0; i < r[0].length; i += 2) pairs.push([r[0][i], r[0][i + 1]]);
      return [{ t: 'map', v: pairs }, r[1]];
    }
    default:
      throw new Error(`bad reply type byte ${JSON.stringify(type)} in ${JSON.stringify(buf.latin1Slice(pos, pos + 80))}`);
  }
}

/** Encodes a command as a RESP multibulk (latin1: one char per byte). */
export function encode(args: (string | Buffer)[]): Buffer {
  const parts: Buffer[] = [Buffer.from(`*${args.length}\r\n`)];
  for (const a of args) {
    const b = typeof a === 'string' ? Buffer.from(a, 'latin1') : a;
    parts.push(Buffer.from(`$${b.length}\r\n`), b, Buffer.from('\r\n'));
  }
  return Buffer.concat(parts);
}

export class RespConn {
  private buf: Buffer = Buffer.alloc(0);
  private waiters: { resolve: (r: Reply) => void; reject: (e: Error) => void }[] = [];
  closed = false;
  private readonly closedP: Promise<void>;

  private constructor(readonly sock: net.Socket) {
    sock.on('data', (d: Buffer) => {
      this.buf = this.buf.length ? Buffer.concat([this.buf, d]) : d;
      this.drain();
    });
    this.closedP = new Promise((resolve) => {
      sock.on('close', () => {
        this.closed = true;
        for (const w of this.waiters.splice(0)) w.reject(new Error('connection closed'));
        resolve();
      });
    });
    sock.on('error', () => undefined);
  }

  static connect(port: number, host = '127.0.0.1'): Promise<RespConn> {
    return new Promise((resolve, reject) => {
      const s = net.connect(port, host);
      s.once('connect', () => resolve(new RespConn(s)));
      s.once('error', reject);
    });
  }

  private drain(): void {
    while (this.waiters.length) {
      const r = parseReply(this.buf, 0);
      if (!r) return;
      this.buf = this.buf.subarray(r[1]);
      (this.waiters.shift() as { resolve: (r: Reply) => void }).resolve(r[0]);
    }
  }

  /** Sends raw bytes without waiting for anything. */
  write(data: string | Buffer): void {
    this.sock.write(typeof data === 'string' ? Buffer.from(data, 'latin1') : data);
  }

  /** Waits for the next reply. */
  read(timeoutMs = 5000): Promise<Reply> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('timed out waiting for a reply')), timeoutMs);
      this.waiters.push({
        resolve: (r) => {
          clearTimeout(timer);
          resolve(r);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      this.drain();
    });
  }

  call(...args: (string | Buffer | number)[]): Promise<Reply> {
    this.write(encode(args.map((a) => (typeof a === 'number' ? String(a) : a))));
    return this.read();
  }

  /** Bytes received but not yet consumed as replies. */
  rawPending(): string {
    return this.buf.latin1Slice(0, this.buf.length);
  }

  waitClosed(timeoutMs = 5000): Promise<boolean> {
    return Promise.race([this.closedP.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), timeoutMs))]);
  }

  close(): void {
    this.sock.destroy();
  }
}

/** A compact textual form for assertions: errors as "(error) ...", arrays as [..]. */
export function show(r: Reply): unknown {
  switch (r.t) {
    case 'status':
      return r.v;
    case 'error':
      return `(error) ${r.v}`;
    case 'int':
      return Number(r.v);
    case 'bulk':
    case 'verbatim':
      return r.v;
    case 'null':
      return null;
    case 'array':
      return r.v === null ? null : r.v.map(show);
    case 'set':
    case 'push':
      return r.v.map(show);
    case 'map':
      return r.v.map(([k, v]) => [show(k), show(v)]);
    case 'double':
    case 'bignum':
      return r.v;
    case 'bool':
      return r.v;
  }
}
