/**
 * Configuration parameters with redis.conf names, types and defaults. CONFIG
 * GET/SET/REWRITE, the config file and command-line overrides all go through
 * this one table.
 */
import { globMatch } from '../util/glob';

export type ParamType = 'int' | 'memory' | 'bool' | 'enum' | 'string' | 'special';

export interface ParamDef {
  name: string;
  alias?: string;
  type: ParamType;
  default: string;
  /** Bounds for int/memory parameters. */
  min?: number;
  max?: number;
  /** Values outside these bounds are silently brought inside them (hz). */
  clamp?: [number, number];
  /** Allowed values for enums. */
  values?: string[];
  /** Cannot be changed with CONFIG SET. */
  immutable?: boolean;
  /** Never shown by CONFIG GET (secrets). */
  hidden?: boolean;
  /** Written as one config-file line per item (save, client-output-buffer-limit). */
  multiline?: boolean;
  /** Checks or normalises a value; returns an error text or the stored value. */
  validate?: (value: string, current: string, fromFile: boolean) => { error: string } | { value: string };
  /** Side effect of a new value that the config itself must perform (dir). */
  apply?: (value: string) => void;
  /** Config-file lines for a value (without the name), for multiline parameters. */
  rewriteLines?: (value: string, def: string) => string[];
}

export class ConfigError extends Error {}

export class Config {
  private readonly defs = new Map<string, ParamDef>();
  private readonly values = new Map<string, string>();
  private readonly numbers = new Map<string, number>();
  /** Every name CONFIG GET patterns match against, aliases included. */
  readonly names: string[] = [];
  /** Called after a parameter changes, to apply it to the running server. */
  readonly onChange = new Map<string, (value: string) => void>();

  constructor(defs: readonly ParamDef[]) {
    for (const d of defs) {
      this.defs.set(d.name, d);
      if (!d.hidden) this.names.push(d.name);
      if (d.alias) {
        this.defs.set(d.alias, d);
        this.names.push(d.alias);
      }
      this.store(d, d.validate ? this.normalise(d, d.default, false) : d.default);
    }
  }

  def(name: string): ParamDef | undefined {
    return this.defs.get(name.toLowerCase());
  }

  /** Canonical parameters in declaration order. */
  all(): ParamDef[] {
    const seen = new Set<ParamDef>();
    for (const d of this.defs.values()) seen.add(d);
    return [...seen];
  }

  get(name: string): string {
    const d = this.def(name);
    if (!d) throw new ConfigError(`unknown parameter ${name}`);
    return this.values.get(d.name) as string;
  }

  /** Numeric value of an int, memory or bool parameter (bools as 0/1). */
  num(name: string): number {
    const d = this.def(name);
    if (!d) throw new ConfigError(`unknown parameter ${name}`);
    return this.numbers.get(d.name) as number;
  }

  bool(name: string): boolean {
    return this.num(name) === 1;
  }

  /** Sets a parameter; throws ConfigError with Redis's wording on bad values. */
  set(name: string, raw: string, fromFile = false): void {
    const d = this.def(name);
    if (!d) throw new ConfigError('Bad directive or wrong number of arguments');
    if (d.immutable && !fromFile) throw new ConfigError(`can't set immutable config`);
    this.commit(d, this.normalise(d, raw, fromFile));
  }

  /**
   * CONFIG SET of several pairs, all or nothing: every value is checked
   * before any is stored, and a failing side effect restores the old values.
   */
  setMany(pairs: [string, string][]): void {
    const plan: [ParamDef, string, string][] = [];
    for (const [name] of pairs) {
      if (!this.def(name)) throw new ConfigError(`ERR Unknown option or number of arguments for CONFIG SET - '${name}'`);
    }
    const failed = (name: string, msg: string): ConfigError =>
      new ConfigError(`ERR CONFIG SET failed (possibly related to argument '${name}') - ${msg}`);
    for (const [name, raw] of pairs) {
      const d = this.def(name) as ParamDef;
      if (d.immutable) throw failed(name, `can't set immutable config`);
      if (plan.some((p) => p[0] === d)) throw failed(name, 'duplicate parameter');
      try {
        plan.push([d, this.normalise(d, raw, false), name]);
      } catch (e) {
        throw failed(name, (e as Error).message);
      }
    }
    const old = plan.map(([d]) => this.values.get(d.name) as string);
    for (let i = 0; i < plan.length; i++) {
      try {
        this.commit(plan[i][0], plan[i][1]);
      } catch (e) {
        for (let j = 0; j <= i; j++) this.store(plan[j][0], old[j]);
        throw failed(plan[i][2], (e as Error).message);
      }
    }
  }

  /**
   * CONFIG GET: names as asked for, or every name a pattern matches. Redis
   * matches patterns against aliases too, so both names of a parameter show.
   */
  match(patterns: string[]): [string, string][] {
    const out = new Map<string, string>();
    const exact = new Set<ParamDef>();
    for (const p of patterns) {
      const glob = p.includes('*') || p.includes('?') || p.includes('[');
      if (!glob) {
        const d = this.def(p);
        if (d && !d.hidden && !exact.has(d)) {
          exact.add(d);
          out.set(p, this.values.get(d.name) as string);
        }
        continue;
      }
      for (const n of this.names) {
        if (!out.has(n) && globMatch(p, n, true)) out.set(n, this.values.get((this.defs.get(n) as ParamDef).name) as string);
      }
    }
    return [...out];
  }

  private commit(d: ParamDef, value: string): void {
    if (d.apply) d.apply(value);
    this.store(d, value);
    const fn = this.onChange.get(d.name);
    if (fn) fn(value);
  }

  private normalise(d: ParamDef, raw: string, fromFile: boolean): string {
    switch (d.type) {
      case 'bool': {
        const v = raw.toLowerCase();
        if (v !== 'yes' && v !== 'no') throw new ConfigError("argument must be 'yes' or 'no'");
        return v;
      }
      case 'int':
      case 'memory': {
        let n = d.type === 'memory' ? parseMemory(raw) : parseIntParam(raw);
        if (n === null) throw new ConfigError(d.type === 'memory' ? 'argument must be a memory value' : "argument couldn't be parsed into an integer");
        if ((d.min !== undefined && n < d.min) || (d.max !== undefined && n > d.max)) {
          throw new ConfigError(`argument must be between ${boundText(d.min)} and ${boundText(d.max)} inclusive`);
        }
        if (d.clamp) n = Math.min(Math.max(n, d.clamp[0]), d.clamp[1]);
        return String(n);
      }
      case 'enum': {
        const v = raw.toLowerCase();
        if (!d.values?.includes(v)) throw new ConfigError(`argument(s) must be one of the following: ${d.values?.join(', ')}`);
        return v;
      }
      default: {
        if (d.validate) {
          const r = d.validate(raw, this.values.get(d.name) ?? d.default, fromFile);
          if ('error' in r) throw new ConfigError(r.error);
          return r.value;
        }
        return raw;
      }
    }
  }

  private store(d: ParamDef, value: string): void {
    this.values.set(d.name, value);
    if (d.type === 'int' || d.type === 'memory') this.numbers.set(d.name, Number(value));
    else if (d.type === 'bool') this.numbers.set(d.name, value === 'yes' ? 1 : 0);
  }
}

/** Bounds as Redis prints them (LLONG_MAX stands for "no limit"). */
function boundText(n: number | undefined): string {
  if (n === undefined) return '';
  if (n >= 2 ** 63) return '9223372036854775807';
  return String(n);
}

function parseIntParam(s: string): number | null {
  if (!/^-?\d+$/.test(s)) return null;
  return Number(s);
}

const UNITS: Record<string, number> = { '': 1, b: 1, k: 1000, kb: 1024, m: 1e6, mb: 1024 * 1024, g: 1e9, gb: 1024 * 1024 * 1024 };

/** redis.conf memory units: 1k = 1000, 1kb = 1024, and so on. */
export function parseMemory(s: string): number | null {
  const m = /^(\d+)(k|kb|m|mb|g|gb|b)?$/i.exec(s);
  if (!m) return null;
  return Number(m[1]) * UNITS[(m[2] ?? '').toLowerCase()];
}
