/**
 * Configuration parameters with redis.conf names, types and defaults. CONFIG
 * GET/SET/REWRITE, the config file and command-line overrides all go through
 * this one table.
 */

export type ParamType = 'int' | 'memory' | 'bool' | 'enum' | 'string' | 'special';

export interface ParamDef {
  name: string;
  alias?: string;
  type: ParamType;
  default: string;
  /** Bounds for int/memory parameters. */
  min?: number;
  max?: number;
  /** Allowed values for enums. */
  values?: string[];
  /** Cannot be changed with CONFIG SET. */
  immutable?: boolean;
  /** Hidden from CONFIG GET *, as Redis hides a few. */
  hidden?: boolean;
  /** Checks or normalises a value; returns an error text or the stored value. */
  validate?: (value: string) => { error: string } | { value: string };
}

export class ConfigError extends Error {}

export class Config {
  private readonly defs = new Map<string, ParamDef>();
  private readonly values = new Map<string, string>();
  private readonly numbers = new Map<string, number>();
  /** Called after a parameter changes, to apply it to the running server. */
  readonly onChange = new Map<string, (value: string) => void>();

  constructor(defs: readonly ParamDef[]) {
    for (const d of defs) {
      this.defs.set(d.name, d);
      if (d.alias) this.defs.set(d.alias, d);
      this.store(d, d.default);
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
    if (!d) throw new ConfigError(`Unknown option or number of arguments for CONFIG SET - '${name}'`);
    if (d.immutable && !fromFile) throw new ConfigError(`can't set immutable config`);
    const value = this.normalise(d, raw);
    this.store(d, value);
    const fn = this.onChange.get(d.name);
    if (fn) fn(value);
  }

  private normalise(d: ParamDef, raw: string): string {
    switch (d.type) {
      case 'bool': {
        const v = raw.toLowerCase();
        if (v !== 'yes' && v !== 'no') throw new ConfigError('argument must be \'yes\' or \'no\'');
        return v;
      }
      case 'int':
      case 'memory': {
        const n = d.type === 'memory' ? parseMemory(raw) : parseIntParam(raw);
        if (n === null) throw new ConfigError(d.type === 'memory' ? 'argument must be a memory value' : 'argument couldn\'t be parsed into an integer');
        if ((d.min !== undefined && n < d.min) || (d.max !== undefined && n > d.max)) {
          throw new ConfigError(`argument must be between ${d.min} and ${d.max} inclusive`);
        }
        return d.type === 'memory' ? String(n) : String(n);
      }
      case 'enum': {
        const v = raw.toLowerCase();
        if (!d.values?.includes(v)) throw new ConfigError(`argument(s) must be one of the following: ${d.values?.join(', ')}`);
        return v;
      }
      default: {
        if (d.validate) {
          const r = d.validate(raw);
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

function parseIntParam(s: string): number | null {
  if (!/^-?\d+$/.test(s)) return null;
  return Number(s);
}

/** redis.conf memory units: 1k = 1000, 1kb = 1024, and so on. */
export function parseMemory(s: string): number | null {
  const m = /^(-?\d+)(k|kb|m|mb|g|gb|b)?$/i.exec(s);
  if (!m) return null;
  const n = Number(m[1]);
  const unit = (m[2] ?? '').toLowerCase();
  const mult: Record<string, number> = { '': 1, b: 1, k: 1000, kb: 1024, m: 1e6, mb: 1024 * 1024, g: 1e9, gb: 1024 * 1024 * 1024 };
  return n * mult[unit];
}
