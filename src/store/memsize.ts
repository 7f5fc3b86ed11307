/**
 * MEMORY USAGE estimates, in the units Redis reports: allocation sizes rounded
 * to jemalloc's size classes, with Redis's object and sds header sizes, so a
 * string key reports what it would cost in Redis.
 */
import { isStringValue, type CollectionValue, type Value } from './value';
import { stringEncoding } from './strval';

const ROBJ = 16;
const DICT_ENTRY = 24;

/** jemalloc's size class for an allocation of n bytes (four classes per doubling). */
export function allocSize(n: number): number {
  if (n <= 8) return 8;
  if (n <= 128) return Math.ceil(n / 16) * 16;
  const spacing = 2 ** (Math.floor(Math.log2(n - 1)) - 2);
  return Math.ceil(n / spacing) * spacing;
}

/** Allocation of an sds string of len bytes: header by length class, plus NUL. */
export function sdsAllocSize(len: number, allowType5 = true): number {
  const header = len < 32 && allowType5 ? 1 : len < 256 ? 3 : len < 65536 ? 5 : 9;
  return allocSize(header + len + 1);
}

/** A string value by its OBJECT ENCODING: int lives in the header, embstr shares its allocation. */
export function stringValueSize(v: string | Buffer, encoding: string): number {
  if (encoding === 'int') return ROBJ;
  if (encoding === 'embstr') return allocSize(ROBJ + 3 + v.length + 1);
  return ROBJ + sdsAllocSize(v.length, false);
}

export function collectionValueSize(v: CollectionValue, samples: number): number {
  return v.memoryUsage !== undefined ? v.memoryUsage(samples) : ROBJ;
}

/** What a key costs besides its value: its sds and its dict entry. */
export function keyOverhead(key: string): number {
  return sdsAllocSize(key.length) + DICT_ENTRY;
}

/** MEMORY USAGE of a key: its overhead and its value, nested values sampled `samples` times. */
export function keyMemoryUsage(key: string, v: Value, samples: number): number {
  return keyOverhead(key) + (isStringValue(v) ? stringValueSize(v, stringEncoding(v)) : collectionValueSize(v, samples));
}
