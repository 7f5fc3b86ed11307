/**
 * BZPOPMIN, BZPOPMAX and BZMPOP with several clients, against redis-server.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startPair, type Pair } from '../helpers/diff';
import { show } from '../helpers/resp';
import { clients, sameScenario, send } from '../helpers/blocking';
import { waitBlocked } from '../helpers/blocked';

let p: Pair;
before(async () => {
  p = await startPair();
});
after(async () => {
  await p.close();
});

test('immediate pops, argument errors and WRONGTYPE', async () => {
  await p.sameAll([
    ['ZADD', 'z', '1', 'a', '2', 'b', '3', 'c'],
    ['BZPOPMIN', 'none', 'z', '0'],
    ['BZPOPMAX', 'z', '0.5'],
    ['BZMPOP', '0', '2', 'none', 'z', 'MIN'],
    ['ZADD', 'z', '1', 'a', '2', 'b', '3', 'c'],
    ['BZMPOP', '1', '1', 'z', 'MAX', 'COUNT', '2'],
    ['BZPOPMIN', 'z', '-1'],
    ['BZPOPMIN', 'z', 'x'],
    ['BZMPOP', 'x', '1', 'z', 'MIN'],
    ['BZMPOP', '0', '0', 'z', 'MIN'],
    ['BZMPOP', '0', '1', 'z', 'LEFT'],
    ['BZMPOP', '0', '1', 'z', 'MIN', 'COUNT', '0'],
    ['BZMPOP', '-1', '1', 'z', 'MIN', 'COUNT', '0'],
    ['SET', 's', 'v'],
    ['BZPOPMIN', 's', 'z', '0'],
    ['BZPOPMIN', 'z', 's', '0'],
    ['BZMPOP', '0', '2', 's', 'z', 'MIN'],
  ]);
});

test('waiters are served in order, each with its own pop form, in RESP2 and RESP3', async () => {
  const log = await sameScenario(p, async (port, admin, log) => {
    const [a, b, c] = await clients(port, 3);
    await c.call('HELLO', '3');
    const ra = send(a, 'BZPOPMIN', 'z1', 'z2', '0');
    await waitBlocked(admin, 1);
    const rb = send(b, 'BZMPOP', '0', '1', 'z2', 'MAX', 'COUNT', '5');
    await waitBlocked(admin, 2);
    const rc = send(c, 'BZPOPMAX', 'z2', '0');
    await waitBlocked(admin, 3);
    log.push(show(await admin.call('ZADD', 'z2', '1', 'x', '2', 'y', '3', 'w')));
    log.push(await ra, await rb);
    await waitBlocked(admin, 1);
    log.push(show(await admin.call('ZADD', 'z2', '0.5', 'q')));
    log.push(await rc);
    log.push(show(await admin.call('EXISTS', 'z2')));
    for (const x of [a, b, c]) x.close();
  });
  assert.deepEqual(log, [3, ['z2', 'x', '1'], ['z2', [['w', '3'], ['y', '2']]], 1, ['z2', 'q', '0.5'], 0]);
});

test('timeouts reply a null array; a key of another type keeps the client waiting', async () => {
  await sameScenario(p, async (port, admin, log) => {
    const [a, b] = await clients(port, 2);
    log.push(await send(a, 'BZPOPMIN', 'z', '0.05'));
    log.push(await send(a, 'BZMPOP', '0.05', '1', 'z', 'MIN'));
    const rb = send(b, 'BZPOPMAX', 'z', '0');
    await waitBlocked(admin, 1);
    log.push(show(await admin.call('SET', 'z', 'string')));
    log.push(show(await admin.call('DEL', 'z')));
    log.push(show(await admin.call('ZADD', 'z', '7', 'm')));
    log.push(await rb);
    a.close();
    b.close();
  });
});
