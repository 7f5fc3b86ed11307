/**
 * Pub/Sub commands: SUBSCRIBE and friends, PUBLISH, sharded SPUBLISH, and
 * PUBSUB introspection. In a cluster a PUBLISH also goes to every other node
 * (SPUBLISH stays in the shard that owns the channel's slot).
 */
import type { CommandDecl, CommandDocs } from './spec';
import { ks, index, range } from './spec';
import { arg, block, type DocArg } from './docs-args';
import { replyHelp } from './help';
import type { Client } from '../server/client';
import { CHANNELS, PATTERNS, SHARD, type SubKind } from '../server/pubsub';
import { connectionResetSteps } from './connection';

const SUB_FLAGS = 'pubsub noscript loading stale';
const channelsSpec = ks('not_key', index(1), range(-1, 1, 0));

function docs(summary: string, since: string, complexity: string, args?: DocArg[]): CommandDocs {
  return { summary, since, group: 'pubsub', complexity, arguments: args };
}

const many = (name: string, type: 'string' | 'pattern', optional: boolean): DocArg[] => [
  arg(name, type, { flags: optional ? 'optional multiple' : 'multiple' }),
];

function subscribeAll(c: Client, kind: SubKind, argv: string[]): void {
  for (let i = 1; i < argv.length; i++) c.server.pubsub.subscribe(c, kind, argv[i]);
}

function unsubscribeAll(c: Client, kind: SubKind, argv: string[]): void {
  c.server.pubsub.unsubscribe(c, kind, argv.slice(1));
}

connectionResetSteps.push((c) => c.server.pubsub.dropClient(c));

const HELP = [
  'CHANNELS [<pattern>]',
  "    Return the currently active channels matching a <pattern> (default: '*').",
  'NUMPAT',
  '    Return number of subscriptions to patterns.',
  'NUMSUB [<channel> ...]',
  '    Return the number of subscribers for the specified channels, excluding',
  '    pattern subscriptions(default: no channels).',
  'SHARDCHANNELS [<pattern>]',
  "    Return the currently active shard level channels matching a <pattern> (default: '*').",
  'SHARDNUMSUB [<shardchannel> ...]',
  '    Return the number of subscribers for the specified shard level channel(s)',
];

function listNames(c: Client, kind: SubKind, argv: string[]): void {
  if (argv.length > 3) return c.error(`ERR unknown subcommand or wrong number of arguments for '${argv[1].slice(0, 128)}'. Try PUBSUB HELP.`);
  c.bulkArray(c.server.pubsub.names(kind, argv.length === 3 ? argv[2] : null));
}

function countSubscribers(c: Client, kind: SubKind, argv: string[]): void {
  c.map(argv.length - 2);
  for (let i = 2; i < argv.length; i++) {
    c.bulk(argv[i]);
    c.int(c.server.pubsub.subscribers(kind, argv[i]));
  }
}

const PUBSUB_SUB = 'pubsub loading stale';

export const pubsubCommands: CommandDecl[] = [
  {
    name: 'subscribe',
    arity: -2,
    flags: SUB_FLAGS,
    acl: '@pubsub',
    docs: docs('Listens for messages published to channels.', '2.0.0', 'O(N) where N is the number of channels to subscribe to.', many('channel', 'string', false)),
    handler: (c, argv) => subscribeAll(c, CHANNELS, argv),
  },
  {
    name: 'unsubscribe',
    arity: -1,
    flags: SUB_FLAGS,
    acl: '@pubsub',
    docs: docs('Stops listening to channels (all of them when none is named).', '2.0.0', 'O(N) where N is the number of clients already subscribed to a channel.', many('channel', 'string', true)),
    handler: (c, argv) => unsubscribeAll(c, CHANNELS, argv),
  },
  {
    name: 'psubscribe',
    arity: -2,
    flags: SUB_FLAGS,
    acl: '@pubsub',
    docs: docs('Listens for messages published to channels that match patterns.', '2.0.0', 'O(N) where N is the number of patterns the client is already subscribed to.', [
      block('pattern', [arg('pattern', 'pattern')], { flags: 'multiple' }),
    ]),
    handler: (c, argv) => subscribeAll(c, PATTERNS, argv),
  },
  {
    name: 'punsubscribe',
    arity: -1,
    flags: SUB_FLAGS,
    acl: '@pubsub',
    docs: docs(
      'Stops listening to patterns (all of them when none is named).',
      '2.0.0',
      'O(N+M) where N is the number of patterns the client is already subscribed and M is the number of total patterns subscribed in the system (by any client).',
      many('pattern', 'pattern', true),
    ),
    handler: (c, argv) => unsubscribeAll(c, PATTERNS, argv),
  },
  {
    name: 'ssubscribe',
    arity: -2,
    flags: SUB_FLAGS,
    acl: '@pubsub',
    keys: [channelsSpec],
    docs: docs('Listens for messages published to shard channels.', '7.0.0', 'O(N) where N is the number of shard channels to subscribe to.', many('shardchannel', 'string', false)),
    handler: (c, argv) => subscribeAll(c, SHARD, argv),
  },
  {
    name: 'sunsubscribe',
    arity: -1,
    flags: SUB_FLAGS,
    acl: '@pubsub',
    keys: [channelsSpec],
    docs: docs(
      'Stops listening to shard channels (all of them when none is named).',
      '7.0.0',
      'O(N) where N is the number of clients already subscribed to a shard channel.',
      many('shardchannel', 'string', true),
    ),
    handler: (c, argv) => unsubscribeAll(c, SHARD, argv),
  },
  {
    name: 'publish',
    arity: 3,
    flags: 'pubsub loading stale fast',
    acl: '@pubsub',
    docs: docs(
      'Posts a message to a channel.',
      '2.0.0',
      'O(N+M) where N is the number of clients subscribed to the receiving channel and M is the total number of subscribed patterns (by any client).',
      [arg('channel', 'string'), arg('message', 'string')],
    ),
    handler(c, argv) {
      c.int(c.server.pubsub.publish(argv[1], argv[2]));
      c.server.cluster?.bus.publish(argv[1], argv[2]);
    },
  },
  {
    name: 'spublish',
    arity: 3,
    flags: 'pubsub loading stale fast',
    acl: '@pubsub',
    keys: [ks('not_key', index(1), range(0, 1, 0))],
    docs: docs('Posts a message to a shard channel.', '7.0.0', 'O(N) where N is the number of clients subscribed to the receiving shard channel.', [
      arg('shardchannel', 'string'),
      arg('message', 'string'),
    ]),
    handler: (c, argv) => c.int(c.server.pubsub.publishShard(argv[1], argv[2])),
  },
  {
    name: 'pubsub',
    arity: -2,
    docs: { summary: 'A container for Pub/Sub commands.', since: '2.8.0', group: 'pubsub', complexity: 'Depends on subcommand.' },
    subcommands: [
      {
        name: 'channels',
        arity: -2,
        flags: PUBSUB_SUB,
        acl: '@pubsub',
        docs: docs(
          'Returns the active channels.',
          '2.8.0',
          'O(N) where N is the number of active channels, and assuming constant time pattern matching (relatively short channels and patterns)',
          [arg('pattern', 'pattern', { flags: 'optional' })],
        ),
        handler: (c, argv) => listNames(c, CHANNELS, argv),
      },
      {
        name: 'numsub',
        arity: -2,
        flags: PUBSUB_SUB,
        acl: '@pubsub',
        docs: docs(
          'Returns a count of subscribers to channels.',
          '2.8.0',
          'O(N) for the NUMSUB subcommand, where N is the number of requested channels',
          many('channel', 'string', true),
        ),
        handler: (c, argv) => countSubscribers(c, CHANNELS, argv),
      },
      {
        name: 'numpat',
        arity: 2,
        flags: PUBSUB_SUB,
        acl: '@pubsub',
        docs: docs('Returns a count of unique pattern subscriptions.', '2.8.0', 'O(1)'),
        handler: (c) => c.int(c.server.pubsub.count(PATTERNS)),
      },
      {
        name: 'shardchannels',
        arity: -2,
        flags: PUBSUB_SUB,
        acl: '@pubsub',
        docs: docs(
          'Returns the active shard channels.',
          '7.0.0',
          'O(N) where N is the number of active shard channels, and assuming constant time pattern matching (relatively short shard channels).',
          [arg('pattern', 'pattern', { flags: 'optional' })],
        ),
        handler: (c, argv) => listNames(c, SHARD, argv),
      },
      {
        name: 'shardnumsub',
        arity: -2,
        flags: PUBSUB_SUB,
        acl: '@pubsub',
        docs: docs(
          'Returns the count of subscribers of shard channels.',
          '7.0.0',
          'O(N) for the SHARDNUMSUB subcommand, where N is the number of requested shard channels',
          many('shardchannel', 'string', true),
        ),
        handler: (c, argv) => countSubscribers(c, SHARD, argv),
      },
      {
        name: 'help',
        arity: 2,
        flags: 'loading stale',
        docs: docs('Returns helpful text about the different subcommands.', '6.2.0', 'O(1)'),
        handler: (c) => replyHelp(c, 'PUBSUB', HELP),
      },
    ],
  },
];
