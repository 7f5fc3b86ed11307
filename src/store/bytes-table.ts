/**
 * A string -> string table kept off the JS heap, for big hashes. A million
 * fields held as JS strings in a Map cost about twice Redis's memory (each
 * string carries a 16-byte header and the heap keeps slack around them);
 * here each entry is one record in a byte arena plus one slot of an
 * open-addressing index, close to the bytes themselves.
 *
 * Record at offset o: a flags byte (dead, long form), the field and value
 * lengths, then the field and value bytes. Most records take the short form,
 * a 2-byte header: the flags byte holds the field length (up to 63) and one
 * byte the value length (up to 255); the long form follows the flags byte
 * with both lengths as u32 (a 9-byte header). The index holds
 * offset + 1 per slot (0: empty, -1: deleted). Records are appended; a
 * replaced or deleted one becomes garbage, and the arena is compacted (order
 * kept) when garbage outweighs live data. Iteration walks the arena, so it
 * follows insertion order except that a replaced value moves to the end.
 */

const DEAD = 0x80;
const LONG = 0x40;
const SHORT_FIELD_MAX = 0x3f;
const SHORT_VALUE_MAX = 0xff;
const EMPTY = 0;
let nextGeneration = 1;
const DELETED = -1;

/** FNV-1a over the latin1 bytes of s. */
function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

function hashBytes(b: Buffer, from: number, to: number): number {
  let h = 0x811c9dc5;
  for (let i = from; i < to; i++) h = Math.imul(h ^ b[i], 16777619);
  return h >>> 0;
}

export class BytesTable {
  private arena = Buffer.allocUnsafe(4096);
  /** Arena bytes in use (live and dead records). */
  private used = 0;
  private garbage = 0;
  private index = new Int32Array(16);
  private deleted = 0;
  size = 0;
  /**
   * Names the current record layout for scan cursors: unique per table and
   * renewed by compaction (which moves records), so an offset from another
   * table or layout is never taken for a record boundary.
   */
  generation = nextGeneration++;

  /** The index slot holding `field`, or -1. */
  private find(field: string): number {
    const mask = this.index.length - 1;
    const len = field.length;
    const a = this.arena;
    for (let i = hashString(field) & mask; ; i = (i + 1) & mask) {
      const v = this.index[i];
      if (v === EMPTY) return -1;
      if (v === DELETED) continue;
      const o = v - 1;
      if (this.fieldLength(o) !== len) continue;
      let j = 0;
      const base = o + this.headerLength(o);
      while (j < len && a[base + j] === field.charCodeAt(j)) j++;
      if (j === len) return i;
    }
  }

  has(field: string): boolean {
    return this.find(field) >= 0;
  }

  get(field: string): string | undefined {
    const i = this.find(field);
    if (i < 0) return undefined;
    return this.valueAt(this.index[i] - 1);
  }

  /** Sets a field; true when it is new. */
  set(field: string, value: string): boolean {
    const i = this.find(field);
    if (i >= 0) {
      this.kill(this.index[i] - 1);
      this.index[i] = this.append(field, value) + 1;
      this.maybeCompact();
      return false;
    }
    // Before the append: a rebuild indexes every live record it finds.
    if ((this.size + this.deleted + 1) * 4 > this.index.length * 3) this.rebuildIndex(this.size + 1);
    this.insertSlot(hashString(field), this.append(field, value));
    this.size++;
    return true;
  }

  delete(field: string): boolean {
    const i = this.find(field);
    if (i < 0) return false;
    this.kill(this.index[i] - 1);
    this.index[i] = DELETED;
    this.deleted++;
    this.size--;
    this.maybeCompact();
    return true;
  }

  private headerLength(o: number): number {
    return this.arena[o] & LONG ? 9 : 2;
  }

  private fieldLength(o: number): number {
    const b = this.arena[o];
    return b & LONG ? this.arena.readUInt32LE(o + 1) : b & SHORT_FIELD_MAX;
  }

  private valueLength(o: number): number {
    return this.arena[o] & LONG ? this.arena.readUInt32LE(o + 5) : this.arena[o + 1];
  }

  fieldAt(o: number): string {
    const start = o + this.headerLength(o);
    return this.arena.latin1Slice(start, start + this.fieldLength(o));
  }

  valueAt(o: number): string {
    const start = o + this.headerLength(o) + this.fieldLength(o);
    return this.arena.latin1Slice(start, start + this.valueLength(o));
  }

  /** The offset of the first live record at or after `o`, or -1 at the end. */
  nextLive(o: number): number {
    while (o < this.used) {
      if ((this.arena[o] & DEAD) === 0) return o;
      o = this.after(o);
    }
    return -1;
  }

  /** The offset just past the record at `o`. */
  after(o: number): number {
    return o + this.headerLength(o) + this.fieldLength(o) + this.valueLength(o);
  }

  /** A uniformly random live record's offset (the table must not be empty). */
  randomRecord(): number {
    const idx = this.index;
    for (;;) {
      const v = idx[Math.floor(Math.random() * idx.length)];
      if (v > 0) return v - 1;
    }
  }

  /** Bytes held, for MEMORY USAGE. */
  bytes(): number {
    return this.arena.length + this.index.byteLength;
  }

  private append(field: string, value: string): number {
    const flen = field.length;
    const vlen = value.length;
    const short = flen <= SHORT_FIELD_MAX && vlen <= SHORT_VALUE_MAX;
    const header = short ? 2 : 9;
    const need = header + flen + vlen;
    if (this.used + need > this.arena.length) {
      let cap = this.arena.length * 2;
      while (cap < this.used + need) cap *= 2;
      const next = Buffer.allocUnsafe(cap);
      this.arena.copy(next, 0, 0, this.used);
      this.arena = next;
    }
    const o = this.used;
    const a = this.arena;
    if (short) {
      a[o] = flen;
      a[o + 1] = vlen;
    } else {
      a[o] = LONG;
      a.writeUInt32LE(flen, o + 1);
      a.writeUInt32LE(vlen, o + 5);
    }
    a.latin1Write(field, o + header, flen);
    a.latin1Write(value, o + header + flen, vlen);
    this.used += need;
    return o;
  }

  private kill(o: number): void {
    this.arena[o] |= DEAD;
    this.garbage += this.after(o) - o;
  }

  private insertSlot(hash: number, o: number): void {
    const mask = this.index.length - 1;
    let i = hash & mask;
    while (this.index[i] > 0) i = (i + 1) & mask;
    if (this.index[i] === DELETED) this.deleted--;
    this.index[i] = o + 1;
  }

  /** A fresh index sized for `n` entries, from the live records. */
  private rebuildIndex(n: number): void {
    let cap = 16;
    while (cap * 3 < n * 8) cap *= 2;
    this.index = new Int32Array(cap);
    this.deleted = 0;
    const a = this.arena;
    for (let o = this.nextLive(0); o >= 0; o = this.nextLive(this.after(o))) {
      const start = o + this.headerLength(o);
      this.insertSlot(hashBytes(a, start, start + this.fieldLength(o)), o);
    }
  }

  /** Drops dead records once they outweigh the live ones, keeping order. */
  private maybeCompact(): void {
    if (this.garbage < 4096 || this.garbage * 2 < this.used) return;
    const old = this.arena;
    const live = this.used - this.garbage;
    const next = Buffer.allocUnsafe(Math.max(4096, live * 2));
    let w = 0;
    for (let o = this.nextLive(0); o >= 0; o = this.nextLive(this.after(o))) {
      const end = this.after(o);
      old.copy(next, w, o, end);
      w += end - o;
    }
    this.arena = next;
    this.used = w;
    this.garbage = 0;
    this.generation = nextGeneration++;
    this.rebuildIndex(this.size);
  }
}
