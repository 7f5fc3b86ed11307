/**
 * The one command table: every family's declarations, built into Command
 * objects and indexed by name.
 */
import { Command } from './table';
import type { CommandDecl } from './spec';
import { connectionCommands } from './connection';
import { stringCommands } from './strings';
import { bitmapCommands } from './bitmaps';
import { keyCommands } from './keys';
import { databaseCommands } from './databases';
import { aclCommands } from './acl';
import { introspectionCommands } from './introspection';
import { serverCommands } from './server';
import { clientCommands } from './client';
import { clusterCommands } from './cluster';
import { migrateCommands } from './migrate';
import { pubsubCommands } from './pubsub';
import { transactionCommands } from './transactions';
import { hyperloglogCommands } from './hyperloglog';
import { hashCommands } from './hashes';
import { setCommands } from './sets';
import { listCommands } from './lists';
import { zsetCommands } from './zsets';
import { sortCommands } from './sort';
import { geoCommands } from './geo';
import { streamCommands } from './streams';
import { scriptingCommands } from './scripting';
import { functionCommands } from './functions';

const families: CommandDecl[][] = [
  connectionCommands,
  stringCommands,
  bitmapCommands,
  keyCommands,
  databaseCommands,
  aclCommands,
  introspectionCommands,
  serverCommands,
  clientCommands,
  clusterCommands,
  migrateCommands,
  pubsubCommands,
  transactionCommands,
  hyperloglogCommands,
  hashCommands,
  setCommands,
  listCommands,
  zsetCommands,
  sortCommands,
  geoCommands,
  streamCommands,
  scriptingCommands,
  functionCommands,
];

function build(): Map<string, Command> {
  const table = new Map<string, Command>();
  let id = 0;
  for (const fam of families) {
    for (const decl of fam) {
      if (table.has(decl.name)) throw new Error(`command ${decl.name} declared twice`);
      const cmd = new Command(decl);
      cmd.id = id++;
      if (cmd.subcommands) for (const sub of cmd.subcommands.values()) sub.id = id++;
      table.set(decl.name, cmd);
    }
  }
  return table;
}

export const commandTable = build();
