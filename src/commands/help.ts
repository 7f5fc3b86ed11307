/** Redis's addReplyHelp: the usage line, the subcommands, then HELP itself. */
import type { Client } from '../server/client';

export function replyHelp(c: Client, command: string, lines: string[]): void {
  c.array(lines.length + 3);
  c.status(`${command} <subcommand> [<arg> [value] [opt] ...]. Subcommands are:`);
  for (const l of lines) c.status(l);
  c.status('HELP');
  c.status('    Prints this help.');
}
