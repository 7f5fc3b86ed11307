/**
 * Streaming RESP request parser. Arguments come out as latin1 strings (one
 * char per byte) so keys can index Maps directly and values stay binary-safe.
 * Frames may be split across chunks at any byte; a bulk argument larger than
 * the chunk at hand is copied once into a buffer of its announced size.
 */
import { splitInlineArgs } from './inline';

/** Limits that Redis applies while parsing (see networking.c). */
const INLINE_MAX = 64 * 1024;
const UNAUTH_MBULK_MAX = 10;
const UNAUTH_BULK_MAX = 16384;
const INT32_MAX = 2147483647;

export interface ParserSink {
  /** Called once per complete command. */
  onCommand(argv: string[]): void;
  /** A protocol error: reply with `msg` and close the connection. */
  onProtocolError(msg: string): void;
  /** Whether the client must still authenticate (tighter limits apply). */
  readonly authRequired: boolean;
  /** False stops parsing mid-buffer (client closing or paused). */
  readonly accepting: boolean;
}

export class RespParser {
  private buf: Buffer | null = null;
  private pos = 0;
  /** Arguments of the multibulk being read, or null between commands. */
  private argv: string[] | null = null;
  private remaining = 0;
  /** Length of the bulk being read, -1 while reading its `$` header. */
  private bulkLen = -1;
  /** A bulk argument too large for the chunk it started in, filled as bytes arrive. */
  private big: Buffer | null = null;
  private bigHave = 0;

  maxBulkLen = 512 * 1024 * 1024;

  /** Whom complete commands go to; a busy script swaps it for a while (scripting/busy.ts). */
  constructor(public sink: ParserSink) {}

  /** Bytes received but not yet turned into commands. */
  get pending(): number {
    return (this.buf ? this.buf.length - this.pos : 0) + this.bigHave;
  }

  /**
   * Parses `chunk`. The caller may reuse the chunk's memory once this returns,
   * so whatever stays buffered (a partial frame, input held while paused) is
   * copied out.
   */
  feed(chunk: Buffer): void {
    let from = 0;
    if (this.big !== null) {
      from = this.feedBig(chunk);
      if (from === chunk.length) return;
    }
    if (this.buf === null || this.pos >= this.buf.length) {
      this.buf = chunk;
      this.pos = from;
    } else {
      this.buf = Buffer.concat([this.buf.subarray(this.pos), chunk]);
      this.pos = 0;
    }
    this.parse();
    if (this.buf === chunk) {
      this.buf = Buffer.from(chunk.subarray(this.pos));
      this.pos = 0;
    }
  }

  /** Resumes parsing of data already buffered (after a pause). */
  resume(): void {
    if (this.buf !== null && this.big === null) this.parse();
  }

  private parse(): void {
    const sink = this.sink;
    const buf = this.buf as Buffer;
    const len = buf.length;
    while (this.pos < len && sink.accepting) {
      if (this.argv === null) {
        if (buf[this.pos] === 42) {
          if (!this.readMultibulkHeader(buf)) break;
          if (this.argv === null) continue; // empty or negative count: nothing to run
        } else {
          if (!this.readInline(buf)) break;
          continue;
        }
      }
      const argv = this.argv as string[];
      while (this.remaining > 0) {
        if (this.bulkLen < 0 && !this.readBulkHeader(buf)) return this.compact();
        const need = this.bulkLen + 2;
        if (len - this.pos < need) {
          // Start gathering a large argument without reparsing its bytes.
          if (need > 64 * 1024) {
            this.big = Buffer.allocUnsafe(need);
            this.bigHave = buf.copy(this.big, 0, this.pos, len);
            this.buf = null;
            this.pos = 0;
          }
          return this.compact();
        }
        argv.push(buf.latin1Slice(this.pos, this.pos + this.bulkLen));
        this.pos += need;
        this.bulkLen = -1;
        this.remaining--;
      }
      this.argv = null;
      sink.onCommand(argv);
    }
    this.compact();
  }

  private compact(): void {
    if (this.buf !== null && this.pos >= this.buf.length) {
      this.buf = null;
      this.pos = 0;
    }
  }

  /** Copies input into the large bulk being gathered; returns the bytes of `chunk` it took. */
  private feedBig(chunk: Buffer): number {
    const big = this.big as Buffer;
    const took = chunk.copy(big, this.bigHave, 0, Math.min(chunk.length, big.length - this.bigHave));
    this.bigHave += took;
    if (this.bigHave < big.length) return took;
    this.big = null;
    this.bigHave = 0;
    (this.argv as string[]).push(big.latin1Slice(0, this.bulkLen));
    this.bulkLen = -1;
    this.remaining--;
    if (this.remaining === 0) {
      const argv = this.argv as string[];
      this.argv = null;
      this.sink.onCommand(argv);
    }
    return took;
  }

  /** Finds the '\r' ending a header line; -1 when it has not arrived. */
  private lineEnd(buf: Buffer, from: number): number {
    const len = buf.length;
    for (let i = from; i < len; i++) if (buf[i] === 13) return i + 1 < len ? i : -1;
    return -1;
  }

  private readMultibulkHeader(buf: Buffer): boolean {
    const cr = this.lineEnd(buf, this.pos + 1);
    if (cr < 0) {
      if (buf.length - this.pos > INLINE_MAX) this.fail('too big mbulk count string');
      return false;
    }
    const n = parseHeaderInt(buf, this.pos + 1, cr);
    if (n === null || n > INT32_MAX) return this.fail('invalid multibulk length');
    if (n > UNAUTH_MBULK_MAX && this.sink.authRequired) return this.fail('unauthenticated multibulk length');
    this.pos = cr + 2;
    if (n <= 0) return true;
    this.argv = [];
    this.remaining = n;
    this.bulkLen = -1;
    return true;
  }

  private readBulkHeader(buf: Buffer): boolean {
    if (this.pos >= buf.length) return false;
    if (buf[this.pos] !== 36) {
      return this.fail(`expected '$', got '${String.fromCharCode(buf[this.pos])}'`);
    }
    const cr = this.lineEnd(buf, this.pos + 1);
    if (cr < 0) {
      if (buf.length - this.pos > INLINE_MAX) this.fail('too big bulk count string');
      return false;
    }
    const n = parseHeaderInt(buf, this.pos + 1, cr);
    if (n === null || n < 0 || n > this.maxBulkLen) return this.fail('invalid bulk length');
    if (n > UNAUTH_BULK_MAX && this.sink.authRequired) return this.fail('unauthenticated bulk length');
    this.pos = cr + 2;
    this.bulkLen = n;
    return true;
  }

  private readInline(buf: Buffer): boolean {
    const nl = buf.indexOf(10, this.pos);
    if (nl < 0) {
      if (buf.length - this.pos > INLINE_MAX) this.fail('too big inline request');
      return false;
    }
    let end = nl;
    if (end > this.pos && buf[end - 1] === 13) end--;
    const line = buf.latin1Slice(this.pos, end);
    this.pos = nl + 1;
    const argv = splitInlineArgs(line);
    if (argv === null) return this.fail('unbalanced quotes in request');
    if (argv.length > 0) this.sink.onCommand(argv);
    return true;
  }

  private fail(what: string): false {
    this.buf = null;
    this.pos = 0;
    this.argv = null;
    this.sink.onProtocolError('Protocol error: ' + what);
    return false;
  }
}

/** string2ll over a header's digits; null when not a strict integer. */
function parseHeaderInt(buf: Buffer, start: number, end: number): number | null {
  if (start >= end || end - start > 20) return null;
  let i = start;
  let neg = false;
  if (buf[i] === 45) {
    neg = true;
    i++;
    if (i === end) return null;
  }
  if (buf[i] === 48) return end - i === 1 && !neg ? 0 : null;
  let n = 0;
  for (; i < end; i++) {
    const c = buf[i] - 48;
    if (c < 0 || c > 9) return null;
    n = n * 10 + c;
  }
  return neg ? -n : n;
}
