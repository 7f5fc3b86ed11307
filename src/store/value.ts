/**
 * What a key holds. Strings are stored bare (a latin1 string, or a Buffer once
 * mutated in place by SETRANGE/SETBIT/APPEND) so a million small keys cost no
 * wrapper objects; every other type is an object that names its type.
 */
export type TypeName = 'string' | 'list' | 'set' | 'zset' | 'hash' | 'stream';

export interface CollectionValue {
  readonly type: Exclude<TypeName, 'string'>;
  /** The encoding name OBJECT ENCODING reports, by Redis's thresholds. */
  encoding(): string;
  /** A deep copy, for COPY. */
  clone(): CollectionValue;
  /**
   * Estimated bytes of the value for MEMORY USAGE, sampling at most `samples`
   * elements (Infinity: all). Types without it are counted as a bare object.
   */
  memoryUsage?(samples: number): number;
}

export type Value = string | Buffer | CollectionValue;

export function typeOf(v: Value): TypeName {
  return typeof v === 'string' || Buffer.isBuffer(v) ? 'string' : v.type;
}

export function isStringValue(v: Value): v is string | Buffer {
  return typeof v === 'string' || Buffer.isBuffer(v);
}

export const WRONGTYPE = 'WRONGTYPE Operation against a key holding the wrong kind of value';
