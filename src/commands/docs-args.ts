/**
 * The argument trees of COMMAND DOCS, and small constructors so a
 * declaration's `docs.arguments` reads like the command's syntax.
 */
import type { CommandDocs } from './spec';

export type ArgType =
  | 'string' | 'integer' | 'double' | 'key' | 'pattern' | 'unix-time' | 'pure-token' | 'oneof' | 'block';

export interface DocArg {
  name: string;
  type: ArgType;
  /** Index into the command's key specs, for 'key' arguments. */
  keySpec?: number;
  token?: string;
  summary?: string;
  since?: string;
  deprecatedSince?: string;
  displayText?: string;
  /** Space separated, from: optional multiple multiple_token. */
  flags?: string;
  /** The alternatives of a 'oneof', the parts of a 'block'. */
  arguments?: DocArg[];
}

export type ArgOpts = Omit<DocArg, 'name' | 'type' | 'arguments'>;

export function arg(name: string, type: ArgType, opts?: ArgOpts): DocArg {
  return { name, type, ...opts };
}

/** A key argument; most commands have one, described by key spec 0. */
export function key(name = 'key', keySpec = 0, opts?: ArgOpts): DocArg {
  return { name, type: 'key', keySpec, ...opts };
}

/** A bare keyword such as NX, named after itself in lower case. */
export function token(tok: string, opts?: ArgOpts): DocArg {
  return { name: tok.toLowerCase(), type: 'pure-token', token: tok, ...opts };
}

export function oneof(name: string, args: DocArg[], opts?: ArgOpts): DocArg {
  return { name, type: 'oneof', ...opts, arguments: args };
}

export function block(name: string, args: DocArg[], opts?: ArgOpts): DocArg {
  return { name, type: 'block', ...opts, arguments: args };
}

/** Docs of a command that takes one key and runs in O(1) (GET, TYPE, TTL...). */
export function oneKeyDocs(summary: string, since: string, group: string): CommandDocs {
  return { summary, since, group, complexity: 'O(1)', arguments: [key()] };
}
