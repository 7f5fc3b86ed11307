/**
 * Every declared command, as COMMAND INFO reports it, must equal Redis 7.2's
 * entry: arity, flags (movablekeys derived), legacy key range, ACL
 * categories, tips, key specs and the set of subcommands.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { commandTable } from '../../src/commands';
import { Command } from '../../src/commands/table';
import { writeCommandInfo } from '../../src/commands/introspection';
import { RespWriter } from '../../src/resp/writer';
import { parseReply } from '../helpers/resp';
import { decodeInfo, loadReference, type InfoEntry } from '../helpers/command-info';

const reference = loadReference();

function infoOf(cmd: Command, proto: 2 | 3): InfoEntry | null {
  const w = new RespWriter();
  w.proto = proto;
  writeCommandInfo(w, cmd);
  const buf = Buffer.from(w.out, 'latin1');
  const parsed = parseReply(buf, 0);
  assert.ok(parsed, 'COMMAND INFO entry is incomplete');
  assert.equal(parsed[1], buf.length, 'COMMAND INFO entry has trailing bytes');
  return decodeInfo(parsed[0]);
}

function assertMatchesReference(cmd: Command): void {
  const ref = reference.get(cmd.name);
  assert.ok(ref, `'${cmd.name}' is not a Redis 7.2 command`);
  for (const proto of [2, 3] as const) assert.deepEqual(infoOf(cmd, proto), ref, `'${cmd.name}' differs from Redis 7.2 (RESP${proto})`);
}

test('the table holds commands', () => {
  assert.ok(commandTable.size > 0);
  assert.ok(commandTable.has('command'));
});

for (const cmd of commandTable.values()) {
  test(`${cmd.name} is declared as Redis 7.2 declares it`, () => {
    assertMatchesReference(cmd);
    for (const decl of [cmd.decl, ...(cmd.decl.subcommands ?? [])]) {
      assert.ok(!(decl.flags ?? '').split(' ').includes('movablekeys'), `${decl.name}: movablekeys is derived, not declared`);
    }
  });
}

test('a wrongly declared command is caught', () => {
  const get = commandTable.get('get') as Command;
  const wrong = [
    { ...get.decl, arity: 3 },
    { ...get.decl, flags: 'readonly' },
    { ...get.decl, acl: '@keyspace' },
    { ...get.decl, tips: 'nondeterministic_output' },
    { ...get.decl, keys: [] },
  ];
  for (const decl of wrong) assert.throws(() => assertMatchesReference(new Command(decl)), assert.AssertionError);
  const command = commandTable.get('command') as Command;
  const missingSub = { ...command.decl, subcommands: command.decl.subcommands?.slice(1) };
  assert.throws(() => assertMatchesReference(new Command(missingSub)), assert.AssertionError);
  assert.throws(() => assertMatchesReference(new Command({ name: 'nosuchcommand', arity: 1 })), /not a Redis 7.2 command/);
});

test('movablekeys and the legacy key range are derived from key specs', () => {
  // ZUNIONSTORE's source keys are counted by an argument, so its keys move.
  const zunionstore = new Command({
    name: 'zunionstore',
    arity: -4,
    flags: 'write denyoom',
    acl: '@sortedset',
    keys: [
      { flags: ['OW', 'update'], begin: { type: 'index', index: 1 }, find: { type: 'range', lastkey: 0, keystep: 1, limit: 0 } },
      { flags: ['RO', 'access'], begin: { type: 'index', index: 2 }, find: { type: 'keynum', keynumidx: 0, firstkey: 1, keystep: 1 } },
    ],
  });
  assertMatchesReference(zunionstore);
});
