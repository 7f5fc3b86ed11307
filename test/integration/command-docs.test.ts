/**
 * COMMAND DOCS against a real redis-server: every command Shoal has must be
 * documented exactly as Redis documents it, apart from the summary (Shoal
 * words its own) and the facts Redis 7.2 added over the 7.0 oracle.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startPair, type Pair } from '../helpers/diff';
import { show, type Reply } from '../helpers/resp';

let p: Pair;

before(async () => {
  p = await startPair();
  await p.both('HELLO', '3');
});
after(async () => {
  await p.close();
});

type Entry = [Reply, Reply];

function entries(r: Reply): Entry[] {
  assert.equal(r.t, 'map', `expected a map, got ${JSON.stringify(r)}`);
  return (r as { v: Entry[] }).v;
}

const byKey = (a: Entry, b: Entry): number => (String(show(a[0])) < String(show(b[0])) ? -1 : 1);

/**
 * The docs map without summaries; subcommands sorted by name (Redis lists
 * them in hash order, Shoal in declaration order).
 */
function normalize(doc: Reply): Reply {
  const out: Entry[] = [];
  for (const [k, v] of entries(doc)) {
    const name = show(k);
    if (name === 'summary') continue;
    if (name === 'subcommands') out.push([k, { t: 'map', v: entries(v).map(([n, d]): Entry => [n, normalize(d)]).sort(byKey) }]);
    else out.push([k, v]);
  }
  return { t: 'map', v: out };
}

async function docsOf(name: string): Promise<[Reply, Reply]> {
  const [s, r] = await p.both('COMMAND', 'DOCS', name);
  const one = (x: Reply): Reply => {
    const e = entries(x);
    assert.equal(e.length, 1, `COMMAND DOCS ${name}: ${JSON.stringify(x)}`);
    return normalize(e[0][1]);
  };
  return [one(s), one(r)];
}

const bulk = (v: string): Reply => ({ t: 'bulk', v });
const historyEntry = (version: string, text: string): Reply => ({ t: 'array', v: [bulk(version), bulk(text)] });

/** Appends a history entry to the docs of a subcommand, inside a normalized parent entry. */
function addHistory(doc: Reply, sub: string, version: string, text: string): void {
  const subs = entries(doc).find(([k]) => show(k) === 'subcommands');
  assert.ok(subs);
  const entry = entries(subs[1]).find(([k]) => show(k) === sub);
  assert.ok(entry, `${sub} missing`);
  const fields = entries(entry[1]);
  const history = fields.find(([k]) => show(k) === 'history');
  if (history) (history[1] as { v: Reply[] }).v.push(historyEntry(version, text));
  // History comes right after replaced_by/deprecated fields and before arguments.
  else fields.splice(fields.findIndex(([k]) => show(k) === 'arguments'), 0, [bulk('history'), { t: 'set', v: [historyEntry(version, text)] }]);
}

function addSubcommand(doc: Reply, sub: string, subDoc: Entry[]): void {
  const subs = entries(doc).find(([k]) => show(k) === 'subcommands');
  assert.ok(subs);
  const list = entries(subs[1]);
  list.push([bulk(sub), { t: 'map', v: subDoc }]);
  list.sort(byKey);
}

const field = (name: string, v: Reply): Entry => [bulk(name), v];
const argMap = (...fields: Entry[]): Reply => ({ t: 'map', v: fields });
const token = (name: string, tok: string): Reply => argMap(field('name', bulk(name)), field('type', bulk('pure-token')), field('token', bulk(tok)));

/** ZRANK and ZREVRANK gained WITHSCORE in 7.2: a history entry before the arguments, and the argument. */
function addWithScore(doc: Reply): void {
  const fields = entries(doc);
  fields.splice(fields.findIndex(([k]) => show(k) === 'arguments'), 0, [bulk('history'), { t: 'set', v: [historyEntry('7.2.0', 'Added the optional `WITHSCORE` argument.')] }]);
  const args = fields.find(([k]) => show(k) === 'arguments');
  assert.ok(args);
  (args[1] as { v: Reply[] }).v.push(argMap(field('name', bulk('withscore')), field('type', bulk('pure-token')), field('token', bulk('WITHSCORE')), field('flags', { t: 'set', v: [{ t: 'status', v: 'optional' }] })));
}

/** What Redis 7.2 documents beyond the 7.0 oracle, for the commands Shoal has. */
const REDIS_72: Record<string, (doc: Reply) => void> = {
  zrank: addWithScore,
  zrevrank: addWithScore,
  cluster(doc) {
    // CLUSTER MYSHARDID is new in 7.2.
    addSubcommand(doc, 'cluster|myshardid', [field('since', bulk('7.2.0')), field('group', bulk('cluster')), field('complexity', bulk('O(1)'))]);
  },
  acl(doc) {
    addHistory(doc, 'acl|log', '7.2.0', 'Added entry ID, timestamp created, and timestamp last updated.');
  },
  xinfo(doc) {
    addHistory(doc, 'xinfo|consumers', '7.2.0', 'Added the `inactive` field, and changed the meaning of `idle`.');
    addHistory(doc, 'xinfo|stream', '7.2.0', 'Added the `active-time` field, and changed the meaning of `seen-time`.');
  },
  client(doc) {
    addHistory(doc, 'client|list', '7.2.0', 'Added `lib-name` and `lib-ver` fields.');
    // CLIENT SETINFO and CLIENT NO-TOUCH are new in 7.2.
    const since72 = [field('since', bulk('7.2.0')), field('group', bulk('connection')), field('complexity', bulk('O(1)'))];
    addSubcommand(doc, 'client|setinfo', [
      ...since72,
      field('arguments', {
        t: 'array',
        v: [
          argMap(field('name', bulk('attr')), field('type', bulk('oneof')), field('arguments', {
            t: 'array',
            v: [
              argMap(field('name', bulk('libname')), field('type', bulk('string')), field('token', bulk('LIB-NAME'))),
              argMap(field('name', bulk('libver')), field('type', bulk('string')), field('token', bulk('LIB-VER'))),
            ],
          })),
        ],
      }),
    ]);
    addSubcommand(doc, 'client|no-touch', [
      ...since72,
      field('arguments', {
        t: 'array',
        v: [argMap(field('name', bulk('enabled')), field('type', bulk('oneof')), field('arguments', { t: 'array', v: [token('on', 'ON'), token('off', 'OFF')] }))],
      }),
    ]);
  },
};

test('COMMAND DOCS matches redis-server for every command Shoal has, apart from summaries', async () => {
  const names = (show(await p.shoal.call('COMMAND', 'LIST')) as string[]).filter((n) => !n.includes('|'));
  assert.ok(names.length > 50);
  for (const name of names) {
    const [mine, theirs] = await docsOf(name);
    REDIS_72[name]?.(theirs);
    assert.deepEqual(mine, theirs, `COMMAND DOCS ${name}: shoal=${JSON.stringify(show(mine))} redis=${JSON.stringify(show(theirs))}`);
  }
});

test('every command and subcommand has its own one-sentence summary', async () => {
  const all = entries(await p.shoal.call('COMMAND', 'DOCS'));
  const summaries = new Set<string>();
  const check = (name: string, doc: Reply): void => {
    const first = entries(doc)[0];
    assert.equal(show(first[0]), 'summary', `${name} starts with its summary`);
    const text = show(first[1]) as string;
    assert.match(text, /^[A-Z].*\.$/, `${name}: ${text}`);
    assert.ok(!summaries.has(text), `${name} repeats the summary "${text}"`);
    summaries.add(text);
    const subs = entries(doc).find(([k]) => show(k) === 'subcommands');
    if (subs) for (const [n, d] of entries(subs[1])) check(show(n) as string, d);
  };
  for (const [n, d] of all) check(show(n) as string, d);
  assert.ok(summaries.size >= all.length);
});

test('COMMAND DOCS in RESP2 is the same flat reply as Redis sends, summary aside', async () => {
  await p.both('HELLO', '2');
  try {
    for (const name of ['set', 'getset', 'bitfield', 'client|kill', 'scan', 'expire']) {
      const [s, r] = await p.both('COMMAND', 'DOCS', name);
      const dropSummary = (x: Reply): unknown => {
        const outer = show(x) as unknown[];
        const doc = outer[1] as unknown[];
        assert.equal(doc[0], 'summary');
        return [outer[0], doc.slice(2)];
      };
      assert.deepEqual(dropSummary(s), dropSummary(r), `COMMAND DOCS ${name} in RESP2`);
    }
  } finally {
    await p.both('HELLO', '3');
  }
});

test('COMMAND DOCS skips unknown names and takes subcommand full names in any case', async () => {
  const [s, r] = await p.both('COMMAND', 'DOCS', 'nosuch', 'CONFIG|Get', 'get');
  const names = (x: Reply): unknown[] => entries(x).map(([k]) => show(k));
  assert.deepEqual(names(s), ['config|get', 'get']);
  assert.deepEqual(names(s), names(r));
});
