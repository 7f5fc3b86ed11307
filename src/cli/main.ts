#!/usr/bin/env -S node --single-threaded-gc --max-semi-space-size=4
/** The `shoal` command line. */
import { Command as Cli } from 'commander';
import { runServer } from './server-cmd';
import { runStart, type StartOptions } from './start-cmd';
import { runManager } from './manager-cmd';
import { runManagerCommand, runSlotsMove, runStatus } from './cluster-cmds';
import { DEFAULT_DIR } from './manager-conn';

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

program
  .command('start')
  .description('run a cluster on this machine in the foreground: the manager and one node per shard')
  .option('--shards <n>', 'number of shards, when creating the cluster (default: 3)')
  .option('--port <port>', 'client port of the first shard; the next shards use the following ports (default: 7000)')
  .option('--bind <address>', 'address the nodes listen on and announce (default: 127.0.0.1)')
  .option('--dir <dir>', 'cluster directory: map, node data and logs', DEFAULT_DIR)
  .option('--requirepass <password>', 'password of the default user on every node')
  .option('--user <name>', 'create this account with full access on every node (with --password)')
  .option('--password <password>', 'password of the --user account')
  .action(async (o: StartOptions) => {
    await runStart(o);
  });

program
  .command('manager')
  .description('run the cluster manager of a cluster directory in the foreground (shoal start runs it)')
  .option('--dir <dir>', 'cluster directory', DEFAULT_DIR)
  .action(async (o: { dir: string }) => {
    await runManager(o.dir);
  });

program
  .command('status')
  .description('show shards, nodes, roles, addresses, slot ranges, keys and health')
  .option('--dir <dir>', 'cluster directory', DEFAULT_DIR)
  .action(async (o: { dir: string }) => {
    await runStatus(o.dir);
  });

const acl = program.command('acl').description('manage accounts on every node of the cluster');
acl
  .command('setuser')
  .description('create or modify an account on every node (ACL SETUSER rules)')
  .argument('<name>')
  .argument('[rules...]')
  .option('--dir <dir>', 'cluster directory', DEFAULT_DIR)
  .allowUnknownOption(true)
  .action(async (name: string, rules: string[], o: { dir: string }) => {
    await runManagerCommand(o.dir, ['ACL', 'SETUSER', name, ...rules]);
  });
acl
  .command('deluser')
  .description('delete accounts on every node')
  .argument('<names...>')
  .option('--dir <dir>', 'cluster directory', DEFAULT_DIR)
  .action(async (names: string[], o: { dir: string }) => {
    await runManagerCommand(o.dir, ['ACL', 'DELUSER', ...names]);
  });
acl
  .command('list')
  .description('list the accounts (ACL LIST of a node)')
  .option('--dir <dir>', 'cluster directory', DEFAULT_DIR)
  .action(async (o: { dir: string }) => {
    await runManagerCommand(o.dir, ['ACL', 'LIST']);
  });

program
  .command('slots')
  .description('move slots between shards')
  .command('move')
  .description('move a slot or a range of slots (start-end) to a shard, online')
  .argument('<slots>', 'a slot or start-end')
  .argument('<shard>', 'index of the target shard')
  .option('--dir <dir>', 'cluster directory', DEFAULT_DIR)
  .action(async (slots: string, shard: string, o: { dir: string }) => {
    await runSlotsMove(o.dir, slots, shard);
  });

program.parseAsync(process.argv).catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
