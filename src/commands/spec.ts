/**
 * The shape of a command declaration. Every command is declared once, as data
 * plus a handler, in the file of its family; `COMMAND`, ACL checks, slot checks
 * and proxy routing all read the table built from these declarations.
 */
import type { Client } from '../server/client';

export type Handler = (c: Client, argv: string[]) => void;

export type BeginSearch =
  | { type: 'index'; index: number }
  | { type: 'keyword'; keyword: string; startfrom: number }
  | { type: 'unknown' };

export type FindKeys =
  | { type: 'range'; lastkey: number; keystep: number; limit: number }
  | { type: 'keynum'; keynumidx: number; firstkey: number; keystep: number }
  | { type: 'unknown' };

export interface KeySpec {
  /** Redis key-spec flags, e.g. ['RW', 'access', 'update']. */
  flags: string[];
  begin: BeginSearch;
  find: FindKeys;
}

export interface CommandDecl {
  /** Lowercase; a subcommand is declared by its own name (e.g. 'get' under 'config'). */
  name: string;
  arity: number;
  /** Command flags as COMMAND reports them, space separated ('write denyoom'). */
  flags?: string;
  /** Explicit ACL categories ('@string @keyspace'); the implicit ones are derived. */
  acl?: string;
  keys?: KeySpec[];
  /** Request/response policy tips, space separated. */
  tips?: string;
  handler?: Handler;
  /** Keys for commands whose specs cannot say where they are (SORT, MIGRATE...). */
  getKeys?: (argv: string[]) => number[];
  /**
   * Flags of the key at argv[pos] when they depend on the call (SET with or
   * without GET, SORT's STORE target); by default a key has its spec's flags.
   */
  keyFlags?: (argv: string[], pos: number) => readonly string[];
  subcommands?: CommandDecl[];
  /** COMMAND DOCS fields. */
  docs?: CommandDocs;
}

export interface CommandDocs {
  summary: string;
  since: string;
  group: string;
  complexity?: string;
  docFlags?: string[];
  deprecatedSince?: string;
  replacedBy?: string;
  history?: [string, string][];
}

// Small constructors so declarations read like Redis's JSON specs.

export function ks(flags: string, begin: BeginSearch, find: FindKeys): KeySpec {
  return { flags: flags.split(' '), begin, find };
}

export function index(i: number): BeginSearch {
  return { type: 'index', index: i };
}

export function keyword(kw: string, startfrom: number): BeginSearch {
  return { type: 'keyword', keyword: kw, startfrom };
}

export function range(lastkey = 0, keystep = 1, limit = 0): FindKeys {
  return { type: 'range', lastkey, keystep, limit };
}

export function keynum(keynumidx: number, firstkey: number, keystep: number): FindKeys {
  return { type: 'keynum', keynumidx, firstkey, keystep };
}

export const unknownBegin: BeginSearch = { type: 'unknown' };
export const unknownFind: FindKeys = { type: 'unknown' };

/** The most common spec: one key at argv[i]. */
export function key1(flags: string, i = 1): KeySpec {
  return ks(flags, index(i), range(0, 1, 0));
}
