/** The HELP reply of commands with subcommands, framed as Redis's addReplyHelp frames it. */
import type { Client } from '../server/client';

export function replyHelp(c: Client, command: string, lines: readonly string[]): void {
  c.array(lines.length + 3);
  c.status(`${command.toUpperCase()} <subcommand> [<arg> [value] [opt] ...]. Subcommands are:`);
  for (const l of lines) c.status(l);
  c.status('HELP');
  c.status('    Print this help.');
}
