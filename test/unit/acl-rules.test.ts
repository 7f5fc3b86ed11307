import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Acl } from '../../src/acl/acl';
import { commandTable } from '../../src/commands';
import { ACL_OK, DENIED_CMD, DENIED_KEY } from '../../src/acl/selector';
import { splitArgs } from '../../src/acl/user';

function acl(): Acl {
  return new Acl(commandTable);
}

function cmd(name: string) {
  const c = commandTable.get(name);
  assert.ok(c);
  return c;
}

test('ACL LIST form follows Redis 7.2: sanitize-payload flag and rules kept as given', () => {
  const a = acl();
  assert.equal(`user default ${a.defaultUser.describe()}`, 'user default on nopass sanitize-payload ~* &* +@all');
  assert.equal(a.setUser('u', ['+get', '+@string', '-@write', '+acl', '-acl|getuser']), null);
  const u = a.users.get('u');
  assert.ok(u);
  assert.equal(u.describe(), 'off sanitize-payload resetchannels -@all +get +@string -@write +acl -acl|getuser');
  // A new rule for a command replaces earlier rules for it and its subcommands.
  assert.equal(a.setUser('u', ['-acl', '+get']), null);
  assert.equal(u.describe(), 'off sanitize-payload resetchannels -@all +@string -@write -acl +get');
  assert.equal(a.setUser('u', ['allcommands', 'skip-sanitize-payload']), null);
  assert.equal(u.describe(), 'off skip-sanitize-payload resetchannels +@all');
});

test('failed SETUSER changes nothing', () => {
  const a = acl();
  assert.equal(a.setUser('u', ['on', '+get']), null);
  const before = a.users.get('u')?.describe();
  assert.equal(a.setUser('u', ['+set', '+nosuch']), "ERR Error in ACL SETUSER modifier '+nosuch': Unknown command or category name in ACL");
  assert.equal(a.users.get('u')?.describe(), before);
  assert.equal(a.setUser('v', ['bogus']), "ERR Error in ACL SETUSER modifier 'bogus': Syntax error");
  assert.equal(a.users.has('v'), false);
});

test('unrestricted is true only with all commands, keys and channels', () => {
  const a = acl();
  assert.equal(a.defaultUser.unrestricted, true);
  a.setUser('default', ['resetchannels']);
  assert.equal(a.defaultUser.unrestricted, false);
  a.setUser('default', ['allchannels']);
  assert.equal(a.defaultUser.unrestricted, true);
  a.setUser('default', ['-get']);
  assert.equal(a.defaultUser.unrestricted, false);
});

test('key permissions follow key-spec flags: %R for access, %W for updates', () => {
  const a = acl();
  a.setUser('u', ['on', 'nopass', '+@all', '%R~r*', '%W~w*', '~both']);
  const u = a.users.get('u');
  assert.ok(u);
  assert.equal(a.check(u, cmd('get'), ['get', 'r1']), ACL_OK);
  assert.equal(a.check(u, cmd('get'), ['get', 'w1']), DENIED_KEY);
  assert.equal(a.check(u, cmd('get'), ['get', 'both']), ACL_OK);
  // Plain SET only overwrites (OW update): write access is enough. With GET it also reads.
  assert.equal(a.check(u, cmd('set'), ['set', 'w1', 'v']), ACL_OK);
  assert.equal(a.check(u, cmd('set'), ['set', 'w1', 'v', 'GET']), DENIED_KEY);
  assert.equal(a.check(u, cmd('set'), ['set', 'r1', 'v']), DENIED_KEY);
  assert.equal(a.check(u, cmd('set'), ['set', 'both', 'v', 'GET']), ACL_OK);
});

test('selectors: one selector must allow the whole call', () => {
  const a = acl();
  a.setUser('u', ['on', 'nopass', '+get', '~a*', '(+set ~b*)']);
  const u = a.users.get('u');
  assert.ok(u);
  assert.equal(a.check(u, cmd('get'), ['get', 'a1']), ACL_OK);
  assert.equal(a.check(u, cmd('set'), ['set', 'b1', 'v']), ACL_OK);
  assert.equal(a.check(u, cmd('set'), ['set', 'a1', 'v']), DENIED_KEY);
  assert.equal(a.check(u, cmd('get'), ['get', 'b1']), DENIED_KEY);
  assert.equal(a.check(u, cmd('echo'), ['echo', 'x']), DENIED_CMD);
});

test('channel patterns: channels glob-match, PSUBSCRIBE patterns must match literally', () => {
  const a = acl();
  a.setUser('u', ['on', 'nopass', '&news.*']);
  const u = a.users.get('u');
  assert.ok(u);
  assert.equal(a.channelAllowed(u, 'news.sport', false), true);
  assert.equal(a.channelAllowed(u, 'other', false), false);
  assert.equal(a.channelAllowed(u, 'news.*', true), true);
  assert.equal(a.channelAllowed(u, 'news.s*', true), false);
  assert.equal(a.channelAllowed(a.defaultUser, 'x', true), true);
});

test('splitArgs splits selector bodies like sdssplitargs', () => {
  assert.deepEqual(splitArgs(' +get  ~a* '), ['+get', '~a*']);
  assert.deepEqual(splitArgs('"~a b" \'&c\''), ['~a b', '&c']);
});

test('command rules compact as Redis 7.2 compacts them', () => {
  const a = acl();
  const rules = (...ops: string[]): string => {
    assert.equal(a.setUser('r', ops), null);
    return a.users.get('r')?.root.describeCommands() ?? '';
  };
  assert.equal(rules('-@all', '+GET', '+get', '+gEt'), '-@all +get');
  assert.equal(rules('-@all', '+get', '-set', '+set', '-get'), '-@all +set -get');
  assert.equal(rules('-@all', '+@string', '+@slow', '+@string'), '-@all +@slow +@string');
  assert.equal(rules('-@all', '+acl|list', '+acl|list', '+acl|cat', '-acl'), '-@all -acl');
  assert.equal(rules('-@all', '+get|x', '+get|x'), '-@all +get|x');
  assert.equal(rules('-@string', '+@all'), '+@all');
  assert.equal(rules('+@all', '-get'), '+@all -get');
});
