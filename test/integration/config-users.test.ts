import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { freePort, launch, SHOAL_BIN } from '../helpers/procs';
import { NODE_FLAGS } from '../../src/cli/node-flags';
import { RespConn, show } from '../helpers/resp';

function confFile(text: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shoal-conf-'));
  const file = path.join(dir, 'shoal.conf');
  fs.writeFileSync(file, text);
  return file;
}

test('user lines in the config file create accounts before the first client', async () => {
  const file = confFile('user alice on >pw ~app:* +get +set\nuser bob off\n');
  const port = await freePort();
  const node = await launch(process.execPath, [...NODE_FLAGS, SHOAL_BIN, 'server', file, '--port', String(port)], port, path.dirname(file));
  const c = await RespConn.connect(node.port);
  try {
    assert.equal(show(await c.call('AUTH', 'alice', 'pw')), 'OK');
    assert.equal(show(await c.call('SET', 'app:1', 'v')), 'OK');
    assert.equal(show(await c.call('SET', 'other', 'v')), '(error) NOPERM No permissions to access a key');
    assert.equal(show(await c.call('AUTH', 'bob', 'x')), '(error) WRONGPASS invalid username-password pair or user is disabled.');
    const list = show(await c.call('ACL', 'LIST')) as string[] | string;
    assert.ok(typeof list === 'string' || list.some((l) => l.startsWith('user alice on #')));
  } finally {
    c.close();
    await node.stop();
  }
});

test('a bad user line stops the node and names the line', () => {
  const file = confFile('port 0\nuser carol on +nosuchcommand\n');
  const r = spawnSync(process.execPath, [SHOAL_BIN, 'server', file], { encoding: 'utf8', timeout: 20000 });
  assert.notEqual(r.status, 0);
  assert.match(r.stderr + r.stdout, /line 2/);
  assert.match(r.stderr + r.stdout, /Error in ACL SETUSER modifier '\+nosuchcommand'/);
});
