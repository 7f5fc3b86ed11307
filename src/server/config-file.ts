/**
 * redis.conf syntax: one directive per line, arguments split like inline
 * commands (quotes allowed), '#' comments. Command-line `--name value...`
 * pairs come after the file and override it, as with redis-server.
 */
import fs from 'node:fs';
import { splitInlineArgs } from '../resp/inline';

export function parseConfigText(text: string): [string, string][] {
  const out: [string, string][] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '' || line.startsWith('#')) continue;
    const words = splitInlineArgs(line);
    if (words === null) throw new Error(`>>> 'line ${i + 1}'\nUnbalanced quotes in configuration line`);
    if (words.length === 0) continue;
    out.push([words[0].toLowerCase(), words.slice(1).join(' ')]);
  }
  return out;
}

/** Turns `[file] [--name value ...]` into ordered (name, value) pairs. */
export function loadConfigArgs(args: string[]): [string, string][] {
  let i = 0;
  const out: [string, string][] = [];
  if (args.length > 0 && !args[0].startsWith('--')) {
    out.push(...parseConfigText(fs.readFileSync(args[0], 'latin1')));
    i = 1;
  }
  while (i < args.length) {
    const a = args[i];
    if (!a.startsWith('--')) throw new Error(`Invalid argument '${a}'`);
    const vals: string[] = [];
    i++;
    while (i < args.length && !args[i].startsWith('--')) vals.push(args[i++]);
    out.push([a.slice(2).toLowerCase(), vals.join(' ')]);
  }
  return out;
}
