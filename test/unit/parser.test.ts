import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RespParser } from '../../src/resp/parser';
import { splitInlineArgs } from '../../src/resp/inline';

function collect(chunks: Buffer[], authRequired = false): { cmds: string[][]; errors: string[] } {
  const cmds: string[][] = [];
  const errors: string[] = [];
  let closing = false;
  const p = new RespParser({
    onCommand: (argv) => cmds.push(argv),
    onProtocolError: (m) => {
      errors.push(m);
      closing = true;
    },
    get authRequired() {
      return authRequired;
    },
    get accepting() {
      return !closing;
    },
  });
  for (const c of chunks) if (!closing) p.feed(c);
  return { cmds, errors };
}

const FRAMES = Buffer.from(
  '*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$5\r\nva\r\nl\r\n' + // bulk containing CRLF
    'PING\r\n' + // inline
    '*0\r\n' + // empty multibulk: ignored
    '*1\r\n$0\r\n\r\n' + // empty argument
    'ECHO "a b" \'c\\\'d\'\n' + // inline with quotes, LF only
    '*2\r\n$4\r\nECHO\r\n$3\r\n\xff\x00\x80\r\n', // binary
  'latin1',
);
const EXPECTED = [['SET', 'key', 'va\r\nl'], ['PING'], [''], ['ECHO', 'a b', "c'd"], ['ECHO', '\xff\x00\x80']];

test('parses every frame type in one chunk', () => {
  assert.deepEqual(collect([FRAMES]).cmds, EXPECTED);
});

test('parses identically when split at every byte boundary', () => {
  for (let i = 1; i < FRAMES.length; i++) {
    const r = collect([FRAMES.subarray(0, i), FRAMES.subarray(i)]);
    assert.deepEqual(r.cmds, EXPECTED, `split at ${i}`);
    assert.deepEqual(r.errors, []);
  }
});

test('parses identically when fed one byte at a time', () => {
  const chunks: Buffer[] = [];
  for (let i = 0; i < FRAMES.length; i++) chunks.push(FRAMES.subarray(i, i + 1));
  assert.deepEqual(collect(chunks).cmds, EXPECTED);
});

test('gathers a large bulk split across many chunks', () => {
  const big = Buffer.alloc(300000, 0x61);
  const frame = Buffer.concat([Buffer.from(`*2\r\n$4\r\nECHO\r\n$${big.length}\r\n`), big, Buffer.from('\r\n*1\r\n$4\r\nPING\r\n')]);
  const chunks: Buffer[] = [];
  for (let i = 0; i < frame.length; i += 7001) chunks.push(frame.subarray(i, i + 7001));
  const r = collect(chunks);
  assert.equal(r.cmds.length, 2);
  assert.equal(r.cmds[0][1].length, big.length);
  assert.deepEqual(r.cmds[1], ['PING']);
});

test('protocol errors use Redis wording', () => {
  const cases: [string, string][] = [
    ['*1\r\n+PING\r\n', "Protocol error: expected '$', got '+'"],
    ['*abc\r\n', 'Protocol error: invalid multibulk length'],
    ['*3000000000\r\n', 'Protocol error: invalid multibulk length'],
    ['*1\r\n$-5\r\n', 'Protocol error: invalid bulk length'],
    ['*1\r\n$99999999999\r\n', 'Protocol error: invalid bulk length'],
    ['ECHO "abc\r\n', 'Protocol error: unbalanced quotes in request'],
    ['*1\r\n$01\r\n', 'Protocol error: invalid bulk length'],
  ];
  for (const [input, msg] of cases) {
    assert.deepEqual(collect([Buffer.from(input, 'latin1')]).errors, [msg], input);
  }
});

test('unauthenticated clients get tighter limits', () => {
  assert.deepEqual(collect([Buffer.from('*11\r\n')], true).errors, ['Protocol error: unauthenticated multibulk length']);
  assert.deepEqual(collect([Buffer.from('*1\r\n$20000\r\n')], true).errors, ['Protocol error: unauthenticated bulk length']);
});

test('oversize inline and header lines are refused', () => {
  assert.deepEqual(collect([Buffer.alloc(70 * 1024, 0x61)]).errors, ['Protocol error: too big inline request']);
  assert.deepEqual(collect([Buffer.concat([Buffer.from('*'), Buffer.alloc(70 * 1024, 0x31)])]).errors, [
    'Protocol error: too big mbulk count string',
  ]);
});

test('inline splitting follows sdssplitargs', () => {
  assert.deepEqual(splitInlineArgs('  set  "a\\x41\\n" \'b c\'  '), ['set', 'aA\n', 'b c']);
  assert.deepEqual(splitInlineArgs('"unterminated'), null);
  assert.deepEqual(splitInlineArgs('"a"b'), null);
  assert.deepEqual(splitInlineArgs(''), []);
});
