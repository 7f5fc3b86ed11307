/**
 * Every declared command and subcommand carries COMMAND DOCS, with argument
 * trees shaped as Redis shapes them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { commandTable } from '../../src/commands';
import type { Command } from '../../src/commands/table';
import type { DocArg } from '../../src/commands/docs-args';

const GROUPS = ['generic', 'string', 'bitmap', 'connection', 'server', 'cluster', 'hash', 'set', 'list', 'sorted-set', 'geo'];
const VERSION = /^\d+\.\d+\.\d+$/;
const ARG_FLAGS = ['optional', 'multiple', 'multiple_token'];

function allCommands(): Command[] {
  const out: Command[] = [];
  for (const cmd of commandTable.values()) {
    out.push(cmd);
    if (cmd.subcommands) out.push(...cmd.subcommands.values());
  }
  return out;
}

function checkArg(cmd: Command, a: DocArg): void {
  const where = `${cmd.fullName} argument ${a.name}`;
  assert.ok(a.name.length > 0, where);
  const nested = a.type === 'oneof' || a.type === 'block';
  assert.equal(nested, a.arguments !== undefined && a.arguments.length > 0, `${where}: only oneof and block have arguments`);
  assert.equal(a.type === 'key', a.keySpec !== undefined, `${where}: key arguments, and only they, name a key spec`);
  if (a.keySpec !== undefined) assert.ok(a.keySpec < cmd.keySpecs.length, `${where}: key spec ${a.keySpec} is not declared`);
  // MIGRATE's empty key name is a token of zero length, so only a missing token is wrong.
  if (a.type === 'pure-token') assert.ok(a.token !== undefined, `${where}: a pure token needs its token`);
  for (const v of [a.since, a.deprecatedSince]) if (v !== undefined) assert.match(v, VERSION, where);
  if (a.flags !== undefined) for (const f of a.flags.split(' ')) assert.ok(ARG_FLAGS.includes(f), `${where}: flag ${f}`);
  for (const sub of a.arguments ?? []) checkArg(cmd, sub);
}

test('every command and subcommand has docs with a summary, a since version and a group', () => {
  const all = allCommands();
  assert.ok(all.length > 100);
  for (const cmd of all) {
    const d = cmd.decl.docs;
    assert.ok(d, `${cmd.fullName} has no docs`);
    assert.ok(d.summary.trim().length > 0, `${cmd.fullName}: empty summary`);
    assert.match(d.since, VERSION, `${cmd.fullName}: since`);
    assert.ok(GROUPS.includes(d.group), `${cmd.fullName}: group ${d.group}`);
    for (const [v, text] of d.history ?? []) {
      assert.match(v, VERSION, `${cmd.fullName}: history version`);
      assert.ok(text.length > 0);
    }
    assert.equal(d.deprecatedSince !== undefined, d.docFlags?.includes('deprecated') === true, `${cmd.fullName}: deprecation`);
    for (const a of d.arguments ?? []) checkArg(cmd, a);
  }
});

test('a subcommand is in the group of its container', () => {
  for (const cmd of allCommands()) {
    if (cmd.parent) assert.equal(cmd.decl.docs?.group, cmd.parent.decl.docs?.group, cmd.fullName);
  }
});
