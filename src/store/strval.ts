/**
 * String values. A string key holds either a latin1 JS string (as received)
 * or, once mutated in place (APPEND, SETRANGE, SETBIT, BITFIELD...), a Buffer.
 * Such a Buffer is a view over a larger zeroed ArrayBuffer that only it uses,
 * so growing it again reuses the spare room instead of copying the value on
 * every call (as Redis's sds keeps free space after sdsMakeRoomFor).
 */

import { parseInt64 } from '../util/numbers';

/** ArrayBuffers allocated here and used by exactly one value: safe to grow into. */
const owned = new WeakSet<ArrayBufferLike>();

/** Below this, room doubles when growing; above it, grows by this much (sds's rule). */
const GREEDY_LIMIT = 1024 * 1024;

/** The value's bytes as a latin1 string. */
export function strOf(v: string | Buffer): string {
  return typeof v === 'string' ? v : v.latin1Slice(0, v.length);
}

/** The value's bytes as a Buffer (a view when it already is one). */
export function bufOf(v: string | Buffer): Buffer {
  return typeof v === 'string' ? Buffer.from(v, 'latin1') : v;
}

/**
 * A Buffer with v's bytes that the caller may mutate, at least `len` bytes
 * long (new bytes are zero). Returns v itself when it is ours and long enough,
 * a longer view of the same memory when it has the room, else a copy with
 * spare room. The caller stores the result back as the key's value.
 */
export function writable(v: string | Buffer | undefined, len: number): Buffer {
  const cur = v === undefined ? 0 : v.length;
  const need = len > cur ? len : cur;
  if (v !== undefined && typeof v !== 'string' && owned.has(v.buffer)) {
    if (need === cur) return v;
    const end = v.byteOffset + need;
    if (end <= v.buffer.byteLength) {
      const grown = Buffer.from(v.buffer, v.byteOffset, need);
      // A value never shrinks in place, but stay correct if the room was used before.
      grown.fill(0, cur, need);
      return grown;
    }
  }
  // Growing an existing value leaves room for more, as appends tend to repeat.
  const room = cur === 0 || need === cur ? need : need < GREEDY_LIMIT ? need * 2 : need + GREEDY_LIMIT;
  const b = Buffer.alloc(room);
  owned.add(b.buffer);
  if (v !== undefined) {
    if (typeof v === 'string') b.latin1Write(v, 0);
    else v.copy(b, 0);
  }
  return room === need ? b : b.subarray(0, need);
}

/**
 * A copy of a string value safe to store under another key (COPY): a Buffer
 * may be edited in place later, so it must not be shared.
 */
export function copyString(v: string | Buffer): string | Buffer {
  return typeof v === 'string' ? v : Buffer.from(v);
}

/**
 * OBJECT ENCODING of a string value, by Redis's rules: "int" for a canonical
 * int64, "embstr" for up to 44 bytes never mutated in place, else "raw"
 * (Redis reports raw after APPEND/SETRANGE/SETBIT, which make a Buffer here).
 */
export function stringEncoding(v: string | Buffer): 'int' | 'embstr' | 'raw' {
  if (typeof v !== 'string') return 'raw';
  if (v.length <= 20 && parseInt64(v) !== null) return 'int';
  return v.length <= 44 ? 'embstr' : 'raw';
}
