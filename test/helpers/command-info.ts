/**
 * COMMAND INFO entries as plain data in the layout of the Redis 7.2 reference
 * (reference/redis-7.2-commands.json), so replies from Shoal, from
 * redis-server and the reference can be compared with deepEqual.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Reply } from './resp';
import { ROOT } from './procs';

export interface InfoEntry {
  name: string;
  arity: number;
  flags: string[];
  first_key: number;
  last_key: number;
  step: number;
  acl_categories: string[];
  tips: string[];
  key_specs: { flags: string[]; begin_search: Spec; find_keys: Spec; notes?: string }[];
  subcommands: InfoEntry[];
}

interface Spec {
  type: string;
  spec: Record<string, string | number>;
}

/**
 * The reference sits beside the repository, in the shared folder; a git
 * worktree one level deeper looks further up.
 */
export function loadReference(): Map<string, InfoEntry> {
  const rel = path.join('shared', 'reference', 'redis-7.2-commands.json');
  let file = path.resolve(ROOT, '..', rel);
  for (let dir = path.resolve(ROOT, '..'); !fs.existsSync(file); dir = path.dirname(dir)) {
    if (dir === path.dirname(dir)) throw new Error(`Redis 7.2 command reference not found at ${path.resolve(ROOT, '..', rel)}`);
    file = path.join(path.dirname(dir), rel);
  }
  const data = JSON.parse(fs.readFileSync(file, 'utf8')) as { commands: InfoEntry[] };
  return new Map(data.commands.map((c) => [c.name, normalize(c)]));
}

/** Subcommands in name order (Redis lists them in hash order) and without notes (the reference drops them). */
export function normalize(e: InfoEntry): InfoEntry {
  return {
    ...e,
    key_specs: e.key_specs.map((s) => ({ flags: s.flags, begin_search: s.begin_search, find_keys: s.find_keys })),
    subcommands: e.subcommands.map(normalize).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
  };
}

function list(r: Reply): Reply[] {
  if (r.t === 'array' || r.t === 'set') return r.v ?? [];
  throw new Error(`expected an array, got ${JSON.stringify(r)}`);
}

function str(r: Reply): string {
  if (r.t === 'status' || r.t === 'bulk') return r.v;
  throw new Error(`expected a string, got ${JSON.stringify(r)}`);
}

function num(r: Reply): number {
  if (r.t === 'int') return Number(r.v);
  throw new Error(`expected an integer, got ${JSON.stringify(r)}`);
}

/** Key/value pairs of a map: RESP3 `%`, or RESP2's flat array. */
export function pairs(r: Reply): [string, Reply][] {
  if (r.t === 'map') return r.v.map(([k, v]) => [str(k), v]);
  const items = list(r);
  const out: [string, Reply][] = [];
  for (let i = 0; i < items.length; i += 2) out.push([str(items[i]), items[i + 1]]);
  return out;
}

function spec(r: Reply): Spec {
  const m = new Map(pairs(r));
  const body: Record<string, string | number> = {};
  for (const [k, v] of pairs(m.get('spec') as Reply)) body[k] = v.t === 'int' ? Number(v.v) : str(v);
  return { type: str(m.get('type') as Reply), spec: body };
}

/** One COMMAND INFO entry, decoded; null for the nil entry of an unknown command. */
export function decodeInfo(r: Reply): InfoEntry | null {
  if (r.t === 'null' || (r.t === 'array' && r.v === null)) return null;
  const f = list(r);
  if (f.length !== 10) throw new Error(`COMMAND INFO entry has ${f.length} fields, expected 10`);
  return normalize({
    name: str(f[0]),
    arity: num(f[1]),
    flags: list(f[2]).map(str),
    first_key: num(f[3]),
    last_key: num(f[4]),
    step: num(f[5]),
    acl_categories: list(f[6]).map(str),
    tips: list(f[7]).map(str),
    key_specs: list(f[8]).map((ks) => {
      const m = new Map(pairs(ks));
      return { flags: list(m.get('flags') as Reply).map(str), begin_search: spec(m.get('begin_search') as Reply), find_keys: spec(m.get('find_keys') as Reply) };
    }),
    subcommands: list(f[9]).map((s) => decodeInfo(s) as InfoEntry),
  });
}
