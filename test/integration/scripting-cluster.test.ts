/**
 * Scripts in cluster mode: the keys a script declares are routed like any
 * command's (MOVED, CROSSSLOT), and a redis.call on an undeclared key that
 * another node serves fails as Redis Cluster fails it.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { SECRET, startCluster, type TestCluster } from '../helpers/cluster-node';
import { RespConn } from '../helpers/resp';
import { keySlot } from '../../src/cluster/slot';
import { sha1hex } from '../../src/scripting/engine';

let cl: TestCluster;
let c: RespConn;

before(async () => {
  cl = await startCluster(2);
  await cl.pushAll(cl.evenMap(1));
  c = await RespConn.connect(cl.nodes[0].port);
});

after(async () => {
  c.close();
  await cl.stop();
});

/** A key whose slot node i serves. */
function keyOn(i: number, base = 'k'): string {
  const [a, b] = cl.evenMap().shards[i].slots[0];
  for (let n = 0; ; n++) {
    const k = `${base}${n}`;
    const s = keySlot(k);
    if (s >= a && s <= b) return k;
  }
}

test('declared keys are checked as any command keys are', async () => {
  const local = keyOn(0);
  const remote = keyOn(1);
  assert.deepEqual(await c.call('EVAL', "return redis.call('set', KEYS[1], 'v')", '1', local), { t: 'status', v: 'OK' });
  assert.deepEqual(await c.call('EVAL', "return redis.call('get', KEYS[1])", '1', local), { t: 'bulk', v: 'v' });
  assert.deepEqual(await c.call('EVAL', 'return 1', '1', remote), { t: 'error', v: `MOVED ${keySlot(remote)} 127.0.0.1:${cl.nodes[1].port}` });
  const sibling = keyOn(0, 'x');
  assert.notEqual(keySlot(sibling), keySlot(local));
  assert.deepEqual(await c.call('EVAL', 'return 1', '2', local, sibling), {
    t: 'error',
    v: "CROSSSLOT Keys in request don't hash to the same slot",
  });
});

test('an undeclared key of another node fails inside the script', async () => {
  const remote = keyOn(1);
  const script = `return redis.call('get', '${remote}')`;
  // Redis's text (script.c, scriptVerifyClusterState), with the script position as for any redis.call error.
  assert.deepEqual(await c.call('EVAL', script, '0'), {
    t: 'error',
    v: `ERR Script attempted to access a non local key in a cluster node script script: ${sha1hex(script)}, on @user_script:1.`,
  });
  assert.deepEqual(await c.call('EVAL', `return redis.pcall('get', '${remote}')`, '0'), {
    t: 'error',
    v: 'ERR Script attempted to access a non local key in a cluster node script',
  });
  // Shebang scripts keep to one slot unless they allow cross-slot keys; flag no-cluster refuses to run.
  const a = keyOn(0, 'a');
  const b = keyOn(0, 'b');
  assert.notEqual(keySlot(a), keySlot(b));
  assert.deepEqual(await c.call('EVAL', `#!lua\nredis.call('get', '${a}') return redis.pcall('get', '${b}')`, '0'), {
    t: 'error',
    v: 'ERR Script attempted to access keys that do not hash to the same slot',
  });
  assert.deepEqual(await c.call('EVAL', `#!lua flags=allow-cross-slot-keys\nredis.call('get', '${a}') return redis.call('exists', '${b}')`, '0'), { t: 'int', v: '0' });
  assert.deepEqual(await c.call('EVAL', `redis.call('get', '${a}') return redis.call('exists', '${b}')`, '0'), { t: 'int', v: '0' });
  assert.deepEqual(await c.call('EVAL', '#!lua flags=no-cluster\nreturn 1', '0'), { t: 'error', v: "ERR Can not run script on cluster, 'no-cluster' flag is set." });
  // A local key need not be declared.
  assert.deepEqual(await c.call('EVAL', `return redis.call('exists', '${keyOn(0, 'undeclared')}')`, '0'), { t: 'int', v: '0' });
});

test('functions: FCALL keys are routed, their calls keep to one local slot, and FUNCTION LOAD stays on its node', async () => {
  const lib = [
    '#!lua name=clib',
    "redis.register_function('cget', function(keys, args) return redis.call('get', keys[1]) end)",
    "redis.register_function('cgetany', function(keys, args) return redis.call('get', args[1]) end)",
    "redis.register_function{function_name='ccross', callback=function(keys, args) redis.call('get', args[1]) return redis.call('exists', args[2]) end, flags={'allow-cross-slot-keys'}}",
    "redis.register_function{function_name='cnocluster', callback=function() return 1 end, flags={'no-cluster'}}",
  ].join('\n');
  assert.deepEqual(await c.call('FUNCTION', 'LOAD', 'REPLACE', lib), { t: 'bulk', v: 'clib' });
  const local = keyOn(0);
  const remote = keyOn(1);
  await c.call('SET', local, 'lv');
  assert.deepEqual(await c.call('FCALL', 'cget', '1', local), { t: 'bulk', v: 'lv' });
  assert.deepEqual(await c.call('FCALL_RO', 'cget', '1', local), { t: 'error', v: 'ERR Can not execute a script with write flag using *_ro command.' });
  assert.deepEqual(await c.call('FCALL', 'cget', '1', remote), { t: 'error', v: `MOVED ${keySlot(remote)} 127.0.0.1:${cl.nodes[1].port}` });
  const sibling = keyOn(0, 'x');
  assert.deepEqual(await c.call('FCALL', 'cget', '2', local, sibling), { t: 'error', v: "CROSSSLOT Keys in request don't hash to the same slot" });
  assert.deepEqual(await c.call('FCALL', 'cgetany', '0', remote), {
    t: 'error',
    v: 'ERR Script attempted to access a non local key in a cluster node script script: cgetany, on @user_function:3.',
  });
  // A function keeps to the slot of its first key unless it allows cross-slot keys.
  assert.deepEqual(await c.call('FCALL', 'cgetany', '1', local, sibling), {
    t: 'error',
    v: 'ERR Script attempted to access keys that do not hash to the same slot script: cgetany, on @user_function:3.',
  });
  assert.deepEqual(await c.call('FCALL', 'ccross', '0', local, sibling), { t: 'int', v: '0' });
  assert.deepEqual(await c.call('FCALL', 'cnocluster', '0'), { t: 'error', v: "ERR Can not run script on cluster, 'no-cluster' flag is set." });
  // Nodes do not pass libraries on to each other: clients load them on every primary.
  const other = await RespConn.connect(cl.nodes[1].port);
  try {
    assert.deepEqual(await other.call('FCALL', 'cget', '1', remote), { t: 'error', v: 'ERR Function not found' });
    assert.deepEqual(await other.call('FUNCTION', 'LOAD', lib), { t: 'bulk', v: 'clib' });
    assert.deepEqual(await other.call('FCALL', 'cget', '1', remote), { t: 'null' });
  } finally {
    other.close();
  }
});

test('a busy script: the control port still answers the health probe, and nothing else', async () => {
  const ctl = await RespConn.connect(cl.nodes[0].cport);
  const caller = await RespConn.connect(cl.nodes[0].port);
  const other = await RespConn.connect(cl.nodes[0].port);
  try {
    assert.deepEqual(await ctl.call('AUTH', SECRET), { t: 'status', v: 'OK' });
    assert.deepEqual(await other.call('CONFIG', 'SET', 'busy-reply-threshold', '100'), { t: 'status', v: 'OK' });
    assert.deepEqual(await caller.call('PING'), { t: 'status', v: 'PONG' });
    caller.write('*3\r\n$4\r\nEVAL\r\n$17\r\nwhile true do end\r\n$1\r\n0\r\n');
    const done = caller.read(30000);
    await new Promise((r) => setTimeout(r, 400));
    const busy = { t: 'error', v: 'BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.' };
    assert.deepEqual(await other.call('PING'), busy);
    // A key of another node is redirected before the busy check, as Redis does.
    const remote = keyOn(1);
    assert.deepEqual(await other.call('GET', remote), { t: 'error', v: `MOVED ${keySlot(remote)} 127.0.0.1:${cl.nodes[1].port}` });
    assert.deepEqual(await other.call('GET', keyOn(0)), busy);
    assert.deepEqual(await ctl.call('PING'), { t: 'status', v: 'PONG' });
    assert.deepEqual(await ctl.call('SHOAL.ID'), busy);
    assert.deepEqual(await other.call('SCRIPT', 'KILL'), { t: 'status', v: 'OK' });
    assert.match(JSON.stringify(await done), /Script killed by user/);
    assert.deepEqual(await ctl.call('SHOAL.ID'), { t: 'bulk', v: cl.nodes[0].id });
  } finally {
    for (const c of [ctl, caller, other]) c.close();
  }
});
