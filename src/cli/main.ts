#!/usr/bin/env -S node --single-threaded-gc --max-semi-space-size=4
/** The `shoal` command line. */
import { Command as Cli } from 'commander';
import { runServer } from './server-cmd';

const program = new Cli();
program.name('shoal').description('Shoal: a Redis-compatible clustered in-memory database');

program
  .command('server')
  .description('run one data node in the foreground, configured like redis-server')
  .argument('[args...]', 'an optional config file, then --<config-name> <value> ... overrides')
  .allowUnknownOption(true)
  .helpOption(false)
  .action(async (args: string[]) => {
    await runServer(args);
  });

program.parseAsync(process.argv).catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
