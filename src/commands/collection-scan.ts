/**
 * The option parsing and reply of HSCAN/SSCAN (and ZSCAN): Redis's
 * scanGenericCommand applied to one collection.
 */
import type { Client } from '../server/client';
import { ERR_NOT_INTEGER, ERR_SYNTAX } from './replies';
import { parseInt64 } from '../util/numbers';
import { globMatch, matchesAll } from '../util/glob';
import { parseScanCursor } from '../store/scan';
import { arg, key } from './docs-args';
import type { DocArg } from './docs-args';

export interface ScanOptions {
  count: number;
  /** null: everything matches. */
  pattern: string | null;
}

/** The cursor argument, or null after replying "invalid cursor". */
export function scanCursorArg(c: Client, s: string): bigint | null {
  const cursor = parseScanCursor(s);
  if (cursor === null) c.error('ERR invalid cursor');
  return cursor;
}

/** COUNT and MATCH from argv[3] on; null after replying an error. */
export function scanOptions(c: Client, argv: string[]): ScanOptions | null {
  const opts: ScanOptions = { count: 10, pattern: null };
  for (let i = 3; i < argv.length; i += 2) {
    const opt = argv[i].toLowerCase();
    if (i + 1 >= argv.length) {
      c.error(ERR_SYNTAX);
      return null;
    }
    if (opt === 'count') {
      const n = parseInt64(argv[i + 1]);
      if (n === null) {
        c.error(ERR_NOT_INTEGER);
        return null;
      }
      if (n < 1) {
        c.error(ERR_SYNTAX);
        return null;
      }
      opts.count = typeof n === 'bigint' ? Number.MAX_SAFE_INTEGER : n;
    } else if (opt === 'match') {
      opts.pattern = matchesAll(argv[i + 1]) ? null : argv[i + 1];
    } else {
      c.error(ERR_SYNTAX);
      return null;
    }
  }
  return opts;
}

/**
 * The scan reply: the next cursor and the items. `stride` is 2 for
 * field/value pairs, filtered by their field.
 */
export function replyScan(c: Client, next: bigint, items: readonly string[], pattern: string | null, stride: 1 | 2): void {
  c.array(2);
  c.bulk(String(next));
  if (pattern === null) return c.bulkArray(items);
  const kept: string[] = [];
  for (let i = 0; i < items.length; i += stride) {
    if (!globMatch(pattern, items[i])) continue;
    for (let j = 0; j < stride; j++) kept.push(items[i + j]);
  }
  c.bulkArray(kept);
}

/** COMMAND DOCS arguments of the *SCAN commands over one key. */
export function scanDocArgs(): DocArg[] {
  return [
    key(),
    arg('cursor', 'integer'),
    arg('pattern', 'pattern', { token: 'MATCH', flags: 'optional' }),
    arg('count', 'integer', { token: 'COUNT', flags: 'optional' }),
  ];
}
