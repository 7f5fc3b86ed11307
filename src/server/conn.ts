/**
 * A client connection driven straight from its libuv TCP handle.
 *
 * A net.Socket runs every read through a Readable stream (a Buffer per read,
 * push, 'data' emit) and every write through a Writable (a request object,
 * callbacks on the next tick). With one small request and one small reply per
 * round trip, that machinery costs more CPU than the command itself, and CPU
 * is what several shards on one machine share. So a connection accepted by
 * net.Server (paused) hands its handle over: reads land in one shared buffer
 * the parser copies arguments out of, and writes go to the handle directly,
 * completing synchronously whenever the kernel takes them at once.
 */
import type net from 'node:net';

interface TcpHandle {
  onread: (this: TcpHandle) => void;
  conn: Conn | null;
  readonly writeQueueSize: number;
  readonly fd: number;
  readStart(): number;
  readStop(): number;
  useUserBuffer(buf: Uint8Array): void;
  writeLatin1String(req: WriteReq, data: string): number;
  getpeername(out: AddressOut): number;
  getsockname(out: AddressOut): number;
  setNoDelay(on: boolean): number;
  setKeepAlive(on: boolean, delaySecs: number): number;
  close(cb: () => void): void;
}

interface WriteReq {
  handle: TcpHandle;
  oncomplete: (this: WriteReq, status: number) => void;
  conn: Conn;
}

interface AddressOut {
  address?: string;
  port?: number;
}

interface StreamWrapBinding {
  WriteWrap: new () => WriteReq;
  streamBaseState: Int32Array;
  kReadBytesOrError: number;
  kLastWriteWasAsync: number;
}

const binding = (process as unknown as { binding(name: string): unknown }).binding('stream_wrap') as StreamWrapBinding;
const { WriteWrap, streamBaseState, kReadBytesOrError, kLastWriteWasAsync } = binding;

/** Every connection reads into this buffer; a read is consumed before the next one starts. */
const readBuffer = Buffer.allocUnsafe(64 * 1024);

/** Pending output past which reading stops (until the writes complete), as a Writable's high-water mark. */
const HIGH_WATER = 16 * 1024;

export interface ConnSink {
  /** Bytes received; `chunk` is only valid during the call. */
  onData(chunk: Buffer): void;
  /** Pending writes completed after reading had paused. */
  onDrain(): void;
  /** The connection is closed, by either side. */
  onClose(): void;
}

function formatAddr(host: string | undefined, port: number | undefined): string {
  if (host === undefined) return '';
  return (host.startsWith('::ffff:') ? host.slice(7) : host) + ':' + port;
}

function onRead(this: TcpHandle): void {
  const conn = this.conn;
  if (conn === null) return;
  const n = streamBaseState[kReadBytesOrError];
  if (n > 0) conn.sink.onData(readBuffer.subarray(0, n));
  else if (n < 0) conn.end(); // EOF or a read error: the peer is gone
}

function onWriteDone(this: WriteReq, status: number): void {
  this.conn.writeDone(this, status);
}

function newWriteReq(): WriteReq {
  const req = new WriteWrap();
  req.oncomplete = onWriteDone;
  return req;
}

/** A write the kernel takes at once is done with its request object, so the next write reuses it. */
let spareReq = newWriteReq();

export class Conn {
  readonly remote: string;
  readonly local: string;
  private readonly handle: TcpHandle;
  /** Writes the kernel has not taken yet, kept alive until they complete. */
  private inflight: WriteReq[] = [];
  private reading = true;
  private ending = false;
  closed = false;

  /** Takes over the handle of `sock`, which must have been accepted with pauseOnConnect. */
  constructor(
    sock: net.Socket,
    readonly sink: ConnSink,
  ) {
    const s = sock as unknown as { _handle: TcpHandle | null };
    const handle = s._handle as TcpHandle;
    // The socket object lets go of the handle; destroying it settles the server's connection count.
    s._handle = null;
    sock.destroy();
    this.handle = handle;
    const peer: AddressOut = {};
    const me: AddressOut = {};
    handle.getpeername(peer);
    handle.getsockname(me);
    this.remote = formatAddr(peer.address, peer.port);
    this.local = formatAddr(me.address, me.port);
    handle.setNoDelay(true);
    handle.conn = this;
    handle.onread = onRead;
    handle.useUserBuffer(readBuffer);
    handle.readStart();
  }

  get fd(): number {
    return this.handle.fd;
  }

  /** Output queued in the process, not yet taken by the kernel. */
  get pendingBytes(): number {
    return this.inflight.length === 0 || this.closed ? 0 : this.handle.writeQueueSize;
  }

  /** Whether reading stopped because writes are backing up. */
  get backedUp(): boolean {
    return this.pendingBytes > HIGH_WATER;
  }

  setKeepAlive(secs: number): void {
    this.handle.setKeepAlive(true, secs);
  }

  write(data: string): void {
    if (this.closed) return;
    const req = spareReq;
    req.handle = this.handle;
    req.conn = this;
    if (this.handle.writeLatin1String(req, data) !== 0) return this.destroy();
    if (streamBaseState[kLastWriteWasAsync] !== 0) {
      this.inflight.push(req);
      spareReq = newWriteReq();
    }
  }

  /** @internal Completion of a write the kernel could not take at once. */
  writeDone(req: WriteReq, status: number): void {
    const i = this.inflight.indexOf(req);
    if (i >= 0) this.inflight.splice(i, 1);
    if (this.closed) return;
    if (status < 0) return this.destroy();
    if (this.inflight.length !== 0) return;
    if (this.ending) return this.destroy();
    this.sink.onDrain();
  }

  pause(): void {
    if (!this.reading || this.closed) return;
    this.reading = false;
    this.handle.readStop();
  }

  resume(): void {
    if (this.reading || this.closed) return;
    this.reading = true;
    this.handle.readStart();
  }

  /** Closes once pending output has been written. */
  end(): void {
    if (this.closed) return;
    this.ending = true;
    this.pause();
    if (this.inflight.length === 0) this.destroy();
  }

  /** Closes now, dropping unsent output. */
  destroy(): void {
    if (this.closed) return;
    this.closed = true;
    this.handle.conn = null;
    this.handle.close(() => this.sink.onClose());
  }
}
