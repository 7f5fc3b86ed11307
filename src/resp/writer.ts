/**
 * Reply encoder. Replies accumulate in `out` as a latin1 string (each char is
 * one byte, so binary values round-trip) and the connection sends it with one
 * write per event-loop turn. RESP3-only types degrade to their RESP2 forms.
 */
import { formatDouble } from '../util/numbers';

export type Bytes = string | Buffer;

const CRLF = '\r\n';

export class RespWriter {
  out = '';
  proto: 2 | 3 = 2;

  ok(): void {
    this.out += '+OK\r\n';
  }

  status(s: string): void {
    this.out += '+' + s + CRLF;
  }

  /** `msg` is the full error text including its code, e.g. "ERR syntax error". */
  error(msg: string): void {
    this.out += '-' + sanitizeError(msg) + CRLF;
  }

  int(n: number | bigint): void {
    this.out += ':' + n + CRLF;
  }

  bulk(s: Bytes): void {
    if (typeof s === 'string') this.out += '$' + s.length + CRLF + s + CRLF;
    else this.out += '$' + s.length + CRLF + s.latin1Slice(0, s.length) + CRLF;
  }

  /** A bulk string or the null bulk when the value is missing. */
  bulkOrNull(s: Bytes | undefined | null): void {
    if (s === undefined || s === null) this.nullBulk();
    else this.bulk(s);
  }

  nullBulk(): void {
    this.out += this.proto === 3 ? '_\r\n' : '$-1\r\n';
  }

  nullArray(): void {
    this.out += this.proto === 3 ? '_\r\n' : '*-1\r\n';
  }

  array(n: number): void {
    this.out += '*' + n + CRLF;
  }

  /** A map of n pairs: RESP3 `%`, a flat array of 2n elements in RESP2. */
  map(n: number): void {
    this.out += (this.proto === 3 ? '%' : '*') + (this.proto === 3 ? n : n * 2) + CRLF;
  }

  set(n: number): void {
    this.out += (this.proto === 3 ? '~' : '*') + n + CRLF;
  }

  push(n: number): void {
    this.out += (this.proto === 3 ? '>' : '*') + n + CRLF;
  }

  double(d: number): void {
    const s = formatDouble(d);
    if (this.proto === 3) this.out += ',' + s + CRLF;
    else this.out += '$' + s.length + CRLF + s + CRLF;
  }

  bool(b: boolean): void {
    if (this.proto === 3) this.out += b ? '#t\r\n' : '#f\r\n';
    else this.out += b ? ':1\r\n' : ':0\r\n';
  }

  bigNumber(s: string): void {
    if (this.proto === 3) this.out += '(' + s + CRLF;
    else this.bulk(s);
  }

  /** Verbatim text (INFO, CLIENT LIST...): `=` with a format in RESP3. */
  verbatim(s: string, format = 'txt'): void {
    if (this.proto === 3) this.out += '=' + (s.length + 4) + CRLF + format + ':' + s + CRLF;
    else this.bulk(s);
  }

  bulkArray(items: readonly Bytes[]): void {
    this.array(items.length);
    for (let i = 0; i < items.length; i++) this.bulk(items[i]);
  }
}

/** Error replies must stay on one line, as Redis ensures. */
function sanitizeError(msg: string): string {
  if (msg.indexOf('\r') === -1 && msg.indexOf('\n') === -1) return msg;
  return msg.replace(/[\r\n]/g, ' ');
}
