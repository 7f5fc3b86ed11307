/**
 * Parameters whose values have their own syntax: save points, output-buffer
 * limits per client class, keyspace-event flags, and the working directory.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseMemory, type ParamDef } from './config';
import { NOTIFY, NOTIFY_ALL } from './notify';

/** Redis's `save` value: pairs of "seconds changes". */
export const saveParam: ParamDef = {
  name: 'save',
  type: 'special',
  default: '',
  multiline: true,
  validate(raw, current, fromFile) {
    const words = raw.split(' ').filter((w) => w !== '');
    if (words.length % 2 !== 0 || words.some((w) => !/^\d+$/.test(w))) return { error: 'Invalid save parameters' };
    const value = words.map((w) => String(Number(w))).join(' ');
    // Several `save` lines in a config file add up; an empty one clears them.
    if (fromFile && value !== '' && current !== '') return { value: current + ' ' + value };
    return { value };
  },
};

export interface BufferLimit {
  hard: number;
  soft: number;
  softSeconds: number;
}

export type ClientClass = 'normal' | 'replica' | 'pubsub';

export type ClientLimits = Record<ClientClass, BufferLimit>;

const CLASS_NAMES: Record<string, ClientClass> = { normal: 'normal', slave: 'replica', replica: 'replica', pubsub: 'pubsub' };

/** Parses a full `client-output-buffer-limit` value as this module stores it. */
export function parseClientLimits(value: string): ClientLimits {
  const w = value.split(' ');
  const out = {} as ClientLimits;
  for (let i = 0; i + 3 < w.length; i += 4) {
    out[CLASS_NAMES[w[i]]] = { hard: Number(w[i + 1]), soft: Number(w[i + 2]), softSeconds: Number(w[i + 3]) };
  }
  return out;
}

function formatClientLimits(l: ClientLimits): string {
  const f = (b: BufferLimit): string => `${b.hard} ${b.soft} ${b.softSeconds}`;
  return `normal ${f(l.normal)} slave ${f(l.replica)} pubsub ${f(l.pubsub)}`;
}

export const clientLimitsParam: ParamDef = {
  name: 'client-output-buffer-limit',
  type: 'special',
  default: 'normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60',
  multiline: true,
  validate(raw, current) {
    const w = raw.split(' ').filter((x) => x !== '');
    if (w.length === 0 || w.length % 4 !== 0) return { error: 'Wrong number of arguments in buffer limit configuration.' };
    // Classes not named keep their current limits.
    const limits = parseClientLimits(current);
    for (let i = 0; i < w.length; i += 4) {
      const cls = CLASS_NAMES[w[i].toLowerCase()];
      if (cls === undefined) return { error: 'Invalid client class specified in buffer limit configuration.' };
      const hard = parseMemory(w[i + 1]);
      const soft = parseMemory(w[i + 2]);
      const secs = /^-?\d+$/.test(w[i + 3]) ? Number(w[i + 3]) : -1;
      if (hard === null || soft === null || secs < 0) {
        return { error: 'Error in hard, soft or soft_seconds setting in buffer limit configuration.' };
      }
      limits[cls] = { hard, soft, softSeconds: secs };
    }
    return { value: formatClientLimits(limits) };
  },
  rewriteLines(value, def) {
    const cur = parseClientLimits(value);
    const base = parseClientLimits(def);
    const lines: string[] = [];
    for (const cls of ['normal', 'replica', 'pubsub'] as ClientClass[]) {
      const a = cur[cls];
      const b = base[cls];
      if (a.hard === b.hard && a.soft === b.soft && a.softSeconds === b.softSeconds) continue;
      lines.push(`${cls === 'replica' ? 'slave' : cls} ${formatBytes(a.hard)} ${formatBytes(a.soft)} ${a.softSeconds}`);
    }
    return lines;
  },
};

/** Flag bits of a notify-keyspace-events string, or -1 for an unknown class. */
export function parseNotifyFlags(s: string): number {
  let flags = 0;
  for (const ch of s) {
    if (ch === 'A') flags |= NOTIFY_ALL;
    else if (ch in NOTIFY) flags |= NOTIFY[ch as keyof typeof NOTIFY];
    else return -1;
  }
  return flags;
}

/**
 * Redis's keyspaceEventsFlagsToString, except that `n` is kept next to `A`:
 * Redis drops it there, and the value stored here is what gets applied.
 */
function formatNotifyFlags(flags: number): string {
  let s = '';
  if ((flags & NOTIFY_ALL) === NOTIFY_ALL) s = flags & NOTIFY.n ? 'An' : 'A';
  else for (const ch of 'g$lshzxetdn') if (flags & NOTIFY[ch as keyof typeof NOTIFY]) s += ch;
  if (flags & NOTIFY.K) s += 'K';
  if (flags & NOTIFY.E) s += 'E';
  if (flags & NOTIFY.m) s += 'm';
  return s;
}

export const notifyEventsParam: ParamDef = {
  name: 'notify-keyspace-events',
  type: 'special',
  default: '',
  validate(raw) {
    const flags = parseNotifyFlags(raw);
    if (flags < 0) return { error: "Invalid event class character. Use 'Ag$lshzxeKEtmdn'." };
    return { value: formatNotifyFlags(flags) };
  },
};

/** `dir` reads back as an absolute path and changes the working directory. */
export const dirParam: ParamDef = {
  name: 'dir',
  type: 'special',
  default: '.',
  validate(raw) {
    const abs = path.resolve(raw);
    try {
      if (!fs.statSync(abs).isDirectory()) return { error: 'Not a directory' };
    } catch {
      return { error: 'No such file or directory' };
    }
    return { value: abs };
  },
  apply(value) {
    process.chdir(value);
  },
};

/** Memory amounts as CONFIG REWRITE writes them: the largest exact unit. */
export function formatBytes(n: number): string {
  if (n === 0) return '0';
  if (n % (1024 * 1024 * 1024) === 0) return n / (1024 * 1024 * 1024) + 'gb';
  if (n % (1024 * 1024) === 0) return n / (1024 * 1024) + 'mb';
  if (n % 1024 === 0) return n / 1024 + 'kb';
  return String(n);
}
