/**
 * Geo commands (geo.c): positions stored as 52-bit geohash scores in a
 * sorted set, searched through the geohash boxes around the query shape.
 */
import { key1, ks, keyword, range, type CommandDecl } from './spec';
import type { Client } from '../server/client';
import { arg, block, key, oneof, token, type DocArg } from './docs-args';
import { ERR_NOT_FLOAT, ERR_NOT_INTEGER, ERR_SYNTAX } from './replies';
import { readAs, storeResult } from './collections';
import { EV } from '../server/notify';
import { ZSet, Leaf, posLeaf, posIdx, SCORE_GE } from '../store/zset';
import { limits } from '../store/limits';
import { parseInt64 } from '../util/numbers';
import { formatLongDouble, type LongDouble } from '../util/longdouble';
import { parseDouble, zaddGeneric } from './zsets';
import {
  GEO_LAT_MAX, GEO_LAT_MIN, GEO_LONG_MAX, GEO_LONG_MIN, align52, decodeScore, distance, distanceIfInside,
  geohashString, scoreOf, searchBoxes, type Shape,
} from '../util/geohash';

const ERR_UNIT = 'ERR unsupported unit provided. please use M, KM, FT, MI';

/** "%f" of C: six decimals. */
function fixed6(d: number): string {
  return d.toFixed(6);
}

/** extractLongLatOrReply for argv[i], argv[i+1]; null after replying. */
function lonLatOrReply(c: Client, argv: string[], i: number): [number, number] | null {
  const x = parseDouble(argv[i]);
  if (x === null) {
    c.error(ERR_NOT_FLOAT);
    return null;
  }
  const y = parseDouble(argv[i + 1]);
  if (y === null) {
    c.error(ERR_NOT_FLOAT);
    return null;
  }
  if (x < GEO_LONG_MIN || x > GEO_LONG_MAX || y < GEO_LAT_MIN || y > GEO_LAT_MAX) {
    c.error(`ERR invalid longitude,latitude pair ${fixed6(x)},${fixed6(y)}`);
    return null;
  }
  return [x, y];
}

/** extractUnitOrReply: meters per unit, or -1 after replying. */
function unitOrReply(c: Client, u: string): number {
  switch (u.toLowerCase()) {
    case 'm': return 1;
    case 'km': return 1000;
    case 'ft': return 0.3048;
    case 'mi': return 1609.34;
    default:
      c.error(ERR_UNIT);
      return -1;
  }
}

/** A number for GEO arguments, with Redis's message for each (getDoubleFromObjectOrReply). */
function numberOrReply(c: Client, s: string, msg: string): number | null {
  const v = parseDouble(s);
  if (v === null) c.error(msg);
  return v;
}

/** The long double a double converts to, exactly. */
function toLongDouble(d: number): LongDouble {
  let m = Math.abs(d);
  let e = 0;
  while (!Number.isInteger(m)) {
    m *= 2;
    e--;
  }
  return { m: BigInt(d < 0 ? -m : m), e };
}

/** addReplyHumanLongDouble of a double: "%.17Lf" trimmed; a RESP3 double. */
function replyHumanDouble(c: Client, d: number): void {
  const s = formatLongDouble(toLongDouble(d));
  if (c.proto === 3) c.out += ',' + s + '\r\n';
  else c.bulk(s);
}

/** addReplyDoubleDistance: four decimals, always a bulk string. */
function replyDistance(c: Client, d: number): void {
  c.bulk(d.toFixed(4));
}

function geoadd(c: Client, argv: string[]): void {
  let at = 2;
  let nx = false;
  let xx = false;
  for (; at < argv.length; at++) {
    const opt = argv[at].toLowerCase();
    if (opt === 'nx') nx = true;
    else if (opt === 'xx') xx = true;
    else if (opt !== 'ch') break;
  }
  if ((argv.length - at) % 3 !== 0 || (xx && nx)) return c.error(ERR_SYNTAX);
  // ZADD key [options] score member ... with the geohash scores.
  const zargv = argv.slice(0, at);
  zargv[0] = 'zadd';
  for (let i = at; i < argv.length; i += 3) {
    const xy = lonLatOrReply(c, argv, i);
    if (xy === null) return;
    zargv.push(String(scoreOf(xy[0], xy[1])), argv[i + 2]);
  }
  zaddGeneric(c, zargv, 0);
}

function geopos(c: Client, argv: string[]): void {
  const z = readAs<ZSet>(c, argv[1], 'zset');
  if (z === null) return;
  c.array(argv.length - 2);
  for (let i = 2; i < argv.length; i++) {
    const s = z === undefined ? undefined : z.score(argv[i]);
    if (s === undefined) {
      c.nullArray();
      continue;
    }
    const [x, y] = decodeScore(s);
    c.array(2);
    replyHumanDouble(c, x);
    replyHumanDouble(c, y);
  }
}

function geodist(c: Client, argv: string[]): void {
  let toMeter = 1;
  if (argv.length === 5) {
    toMeter = unitOrReply(c, argv[4]);
    if (toMeter < 0) return;
  } else if (argv.length > 5) {
    return c.error(ERR_SYNTAX);
  }
  const z = readAs<ZSet>(c, argv[1], 'zset');
  if (z === null) return;
  if (z === undefined) return c.nullBulk();
  const s1 = z.score(argv[2]);
  const s2 = z.score(argv[3]);
  if (s1 === undefined || s2 === undefined) return c.nullBulk();
  const a = decodeScore(s1);
  const b = decodeScore(s2);
  replyDistance(c, distance(a[0], a[1], b[0], b[1]) / toMeter);
}

function geohash(c: Client, argv: string[]): void {
  const z = readAs<ZSet>(c, argv[1], 'zset');
  if (z === null) return;
  c.array(argv.length - 2);
  for (let i = 2; i < argv.length; i++) {
    const s = z === undefined ? undefined : z.score(argv[i]);
    if (s === undefined) c.nullBulk();
    else c.bulk(geohashString(s));
  }
}

// ---- searches ----

const RADIUS_COORDS = 1;
const RADIUS_MEMBER = 2;
const RADIUS_NOSTORE = 4;
const GEOSEARCH = 8;
const GEOSEARCHSTORE = 16;

const SORT_NONE = 0;
const SORT_ASC = 1;
const SORT_DESC = 2;

interface Point {
  member: string;
  score: number;
  lon: number;
  lat: number;
  dist: number;
}

/** geoGetPointsInRange: members with min <= score < max that lie in the shape. */
function pointsInRange(z: ZSet, min: number, max: number, s: Shape, out: Point[], limit: number): void {
  const r = z.countBefore(SCORE_GE, min, '');
  if (r >= z.size) return;
  z.seek(r);
  let leaf: Leaf | null = posLeaf;
  let i = posIdx;
  while (leaf !== null) {
    const score = leaf.scores[i];
    if (score >= max) return;
    const [lon, lat] = decodeScore(score);
    const d = distanceIfInside(s, lon, lat);
    if (d >= 0) {
      out.push({ member: leaf.members[i], score, lon, lat, dist: d });
      if (limit && out.length >= limit) return;
    }
    if (++i >= leaf.members.length) {
      leaf = leaf.next;
      i = 0;
    }
  }
}

/** membersOfAllNeighbors: every box once, in Redis's order, stopping at `limit` (ANY). */
function searchPoints(z: ZSet, s: Shape, limit: number): Point[] {
  const boxes = searchBoxes(s);
  const out: Point[] = [];
  let last = 0;
  for (let i = 0; i < boxes.length; i++) {
    const b = boxes[i];
    if (b.bits === 0 && b.step === 0) continue;
    if (last !== 0 && b.bits === boxes[last].bits && b.step === boxes[last].step) continue;
    if (out.length && limit && out.length >= limit) break;
    pointsInRange(z, align52(b), align52({ bits: b.bits + 1, step: b.step }), s, out, limit);
    last = i;
  }
  return out;
}

/** georadiusGeneric: every GEORADIUS* and GEOSEARCH* form. */
function georadiusGeneric(c: Client, argv: string[], srcIdx: number, flags: number): void {
  const z = readAs<ZSet>(c, argv[srcIdx], 'zset');
  if (z === null) return;
  let storeKey: string | null = null;
  let storeDist = false;
  const shape: Shape = { box: false, lon: 0, lat: 0, conversion: 1, radius: 0, width: 0, height: 0 };
  let base: number;
  if (flags & RADIUS_COORDS) {
    base = 6;
    const xy = lonLatOrReply(c, argv, 2);
    if (xy === null || !distanceOrReply(c, argv, 4, shape)) return;
    shape.lon = xy[0];
    shape.lat = xy[1];
  } else if (flags & RADIUS_MEMBER) {
    base = 5;
    if (z !== undefined) {
      if (!fromMember(c, z, argv[2], shape) || !distanceOrReply(c, argv, 3, shape)) return;
    }
  } else {
    base = 2;
    if (flags & GEOSEARCHSTORE) {
      base = 3;
      storeKey = argv[1];
    }
  }
  let withDist = false;
  let withHash = false;
  let withCoord = false;
  let fromMemberSeen = false;
  let fromLoc = false;
  let byRadius = false;
  let byBox = false;
  let sort = SORT_NONE;
  let any = false;
  let count = 0;
  const remaining = argv.length - base;
  for (let i = 0; i < remaining; i++) {
    const a = argv[base + i].toLowerCase();
    const at = base + i + 1;
    if (a === 'withdist') withDist = true;
    else if (a === 'withhash') withHash = true;
    else if (a === 'withcoord') withCoord = true;
    else if (a === 'any') any = true;
    else if (a === 'asc') sort = SORT_ASC;
    else if (a === 'desc') sort = SORT_DESC;
    else if (a === 'count' && i + 1 < remaining) {
      const n = parseInt64(argv[at]);
      if (n === null) return c.error(ERR_NOT_INTEGER);
      if (n <= 0) return c.error('ERR COUNT must be > 0');
      count = typeof n === 'bigint' ? Number.MAX_SAFE_INTEGER : n;
      i++;
    } else if ((a === 'store' || a === 'storedist') && i + 1 < remaining && !(flags & RADIUS_NOSTORE) && !(flags & GEOSEARCH)) {
      storeKey = argv[at];
      storeDist = a === 'storedist';
      i++;
    } else if (a === 'storedist' && flags & GEOSEARCH && flags & GEOSEARCHSTORE) {
      storeDist = true;
    } else if (a === 'frommember' && i + 1 < remaining && flags & GEOSEARCH && !fromLoc) {
      // Without a source key, parsing goes on and the reply is empty.
      if (z !== undefined && !fromMember(c, z, argv[at], shape)) return;
      fromMemberSeen = true;
      i++;
    } else if (a === 'fromlonlat' && i + 2 < remaining && flags & GEOSEARCH && !fromMemberSeen) {
      const xy = lonLatOrReply(c, argv, at);
      if (xy === null) return;
      shape.lon = xy[0];
      shape.lat = xy[1];
      fromLoc = true;
      i += 2;
    } else if (a === 'byradius' && i + 2 < remaining && flags & GEOSEARCH && !byBox) {
      if (!distanceOrReply(c, argv, at, shape)) return;
      shape.box = false;
      byRadius = true;
      i += 2;
    } else if (a === 'bybox' && i + 3 < remaining && flags & GEOSEARCH && !byRadius) {
      const w = numberOrReply(c, argv[at], 'ERR need numeric width');
      if (w === null) return;
      const h = numberOrReply(c, argv[at + 1], 'ERR need numeric height');
      if (h === null) return;
      if (h < 0 || w < 0) return c.error('ERR height or width cannot be negative');
      const conv = unitOrReply(c, argv[at + 2]);
      if (conv < 0) return;
      shape.width = w;
      shape.height = h;
      shape.conversion = conv;
      shape.box = true;
      byBox = true;
      i += 3;
    } else {
      return c.error(ERR_SYNTAX);
    }
  }
  if (storeKey !== null && (withDist || withHash || withCoord)) {
    return c.error(`ERR ${flags & GEOSEARCHSTORE ? 'GEOSEARCHSTORE' : 'STORE option in GEORADIUS'} is not compatible with WITHDIST, WITHHASH and WITHCOORD options`);
  }
  if (flags & GEOSEARCH && !(fromMemberSeen || fromLoc)) return c.error(`ERR exactly one of FROMMEMBER or FROMLONLAT can be specified for ${argv[0]}`);
  if (flags & GEOSEARCH && !(byRadius || byBox)) return c.error(`ERR exactly one of BYRADIUS and BYBOX can be specified for ${argv[0]}`);
  if (any && !count) return c.error('ERR the ANY argument requires COUNT argument');
  if (z === undefined) {
    if (storeKey === null) return c.array(0);
    if (c.db.remove(storeKey)) c.server.dirty++;
    return c.int(0);
  }
  if (count !== 0 && sort === SORT_NONE && !any) sort = SORT_ASC;
  const points = searchPoints(z, shape, any ? count : 0);
  if (points.length === 0 && storeKey === null) return c.array(0);
  const n = count === 0 || points.length < count ? points.length : count;
  if (sort === SORT_ASC) points.sort((a, b) => a.dist - b.dist);
  else if (sort === SORT_DESC) points.sort((a, b) => b.dist - a.dist);
  if (storeKey === null) {
    const opts = (withDist ? 1 : 0) + (withCoord ? 1 : 0) + (withHash ? 1 : 0);
    c.array(n);
    for (let i = 0; i < n; i++) {
      const p = points[i];
      if (opts) c.array(opts + 1);
      c.bulk(p.member);
      if (withDist) replyDistance(c, p.dist / shape.conversion);
      if (withHash) c.int(p.score);
      if (withCoord) {
        c.array(2);
        replyHumanDouble(c, p.lon);
        replyHumanDouble(c, p.lat);
      }
    }
    return;
  }
  const dst = new ZSet(true);
  for (let i = 0; i < n; i++) dst.insert(points[i].member, storeDist ? points[i].dist / shape.conversion : points[i].score);
  if (n !== 0) dst.settle(limits.zsetEntries, limits.zsetValue);
  // Redis counts every stored member as a change, or the one deletion.
  if (storeResult(c, storeKey, dst, n, EV.zset, flags & GEOSEARCH ? 'geosearchstore' : 'georadiusstore')) c.server.dirty += n || 1;
  c.int(n);
}

/** The centre of a search at a member's position; false after replying. */
function fromMember(c: Client, z: ZSet, member: string, shape: Shape): boolean {
  const s = z.score(member);
  if (s === undefined) {
    c.error('ERR could not decode requested zset member');
    return false;
  }
  [shape.lon, shape.lat] = decodeScore(s);
  return true;
}

/** extractDistanceOrReply: radius at argv[i], unit at argv[i+1]. */
function distanceOrReply(c: Client, argv: string[], i: number, shape: Shape): boolean {
  const d = numberOrReply(c, argv[i], 'ERR need numeric radius');
  if (d === null) return false;
  if (d < 0) {
    c.error('ERR radius cannot be negative');
    return false;
  }
  const conv = unitOrReply(c, argv[i + 1]);
  if (conv < 0) return false;
  shape.radius = d;
  shape.conversion = conv;
  return true;
}

function georadius(c: Client, argv: string[]): void {
  georadiusGeneric(c, argv, 1, RADIUS_COORDS);
}

function georadiusro(c: Client, argv: string[]): void {
  georadiusGeneric(c, argv, 1, RADIUS_COORDS | RADIUS_NOSTORE);
}

function georadiusbymember(c: Client, argv: string[]): void {
  georadiusGeneric(c, argv, 1, RADIUS_MEMBER);
}

function georadiusbymemberro(c: Client, argv: string[]): void {
  georadiusGeneric(c, argv, 1, RADIUS_MEMBER | RADIUS_NOSTORE);
}

function geosearch(c: Client, argv: string[]): void {
  georadiusGeneric(c, argv, 1, GEOSEARCH);
}

function geosearchstore(c: Client, argv: string[]): void {
  georadiusGeneric(c, argv, 2, GEOSEARCH | GEOSEARCHSTORE);
}

/** The distance unit argument of every geo command's docs. */
function unitArg(): DocArg {
  return oneof('unit', [token('M'), token('KM'), token('FT'), token('MI')]);
}

/** GEOSEARCH and GEOSEARCHSTORE docs: where from, what shape, order and count. */
function searchShapeArgs(): DocArg[] {
  return [
    oneof('from', [
      arg('member', 'string', { token: 'FROMMEMBER' }),
      block('longitude_latitude', [
        arg('longitude', 'double'),
        arg('latitude', 'double'),
      ], { token: 'FROMLONLAT' }),
    ]),
    oneof('by', [
      block('circle', [
        arg('radius', 'double', { token: 'BYRADIUS' }),
        unitArg(),
      ]),
      block('box', [
        arg('width', 'double', { token: 'BYBOX' }),
        arg('height', 'double'),
        unitArg(),
      ]),
    ]),
    oneof('order', [
      token('ASC'),
      token('DESC'),
    ], { flags: 'optional' }),
    block('count', [
      arg('count', 'integer', { token: 'COUNT' }),
      token('ANY', { flags: 'optional' }),
    ], { flags: 'optional' }),
  ];
}

export const geoCommands: CommandDecl[] = [
  {
    name: 'geoadd',
    arity: -5,
    flags: 'write denyoom',
    acl: '@geo',
    keys: [key1('RW update')],
    docs: {
      summary: 'Adds places with their longitude and latitude to a geospatial index.',
      since: '3.2.0',
      group: 'geo',
      complexity: 'O(log(N)) for each item added, where N is the number of elements in the sorted set.',
      history: [['6.2.0', 'Added the `CH`, `NX` and `XX` options.']],
      arguments: [
        key(),
        oneof('condition', [
          token('NX'),
          token('XX'),
        ], { since: '6.2.0', flags: 'optional' }),
        arg('change', 'pure-token', { token: 'CH', since: '6.2.0', flags: 'optional' }),
        block('longitude_latitude_member', [
          arg('longitude', 'double'),
          arg('latitude', 'double'),
          arg('member', 'string'),
        ], { flags: 'multiple' }),
      ],
    },
    handler: geoadd,
  },
  {
    name: 'geopos',
    arity: -2,
    flags: 'readonly',
    acl: '@geo',
    keys: [key1('RO access')],
    docs: {
      summary: 'Returns the longitude and latitude of places.',
      since: '3.2.0',
      group: 'geo',
      complexity: 'O(N) where N is the number of members requested.',
      arguments: [
        key(),
        arg('member', 'string', { flags: 'multiple' }),
      ],
    },
    handler: geopos,
  },
  {
    name: 'geodist',
    arity: -4,
    flags: 'readonly',
    acl: '@geo',
    keys: [key1('RO access')],
    docs: {
      summary: 'Returns the distance between two places.',
      since: '3.2.0',
      group: 'geo',
      complexity: 'O(log(N))',
      arguments: [
        key(),
        arg('member1', 'string'),
        arg('member2', 'string'),
        oneof('unit', [
          token('M'),
          token('KM'),
          token('FT'),
          token('MI'),
        ], { flags: 'optional' }),
      ],
    },
    handler: geodist,
  },
  {
    name: 'geohash',
    arity: -2,
    flags: 'readonly',
    acl: '@geo',
    keys: [key1('RO access')],
    docs: {
      summary: 'Returns places\' positions as geohash strings.',
      since: '3.2.0',
      group: 'geo',
      complexity: 'O(log(N)) for each member requested, where N is the number of elements in the sorted set.',
      arguments: [
        key(),
        arg('member', 'string', { flags: 'multiple' }),
      ],
    },
    handler: geohash,
  },
  {
    name: 'geosearch',
    arity: -7,
    flags: 'readonly',
    acl: '@geo',
    keys: [key1('RO access')],
    docs: {
      summary: 'Finds places within a radius or a box.',
      since: '6.2.0',
      group: 'geo',
      complexity: 'O(N+log(M)) where N is the number of elements in the grid-aligned bounding box area around the shape provided as the filter and M is the number of items inside the shape',
      history: [['7.0.0', 'Added support for uppercase unit names.']],
      arguments: [
        key(),
        ...searchShapeArgs(),
        token('WITHCOORD', { flags: 'optional' }),
        token('WITHDIST', { flags: 'optional' }),
        token('WITHHASH', { flags: 'optional' }),
      ],
    },
    handler: geosearch,
  },
  {
    name: 'geosearchstore',
    arity: -8,
    flags: 'write denyoom',
    acl: '@geo',
    keys: [key1('OW update'), key1('RO access', 2)],
    docs: {
      summary: 'Finds places within a radius or a box and stores them.',
      since: '6.2.0',
      group: 'geo',
      complexity: 'O(N+log(M)) where N is the number of elements in the grid-aligned bounding box area around the shape provided as the filter and M is the number of items inside the shape',
      history: [['7.0.0', 'Added support for uppercase unit names.']],
      arguments: [
        key('destination', 0),
        key('source', 1),
        ...searchShapeArgs(),
        token('STOREDIST', { flags: 'optional' }),
      ],
    },
    handler: geosearchstore,
  },
  {
    name: 'georadius',
    arity: -6,
    flags: 'write denyoom',
    acl: '@geo',
    keys: [key1('RO access'), ks('OW update', keyword('STORE', 6), range(0, 1, 0)), ks('OW update', keyword('STOREDIST', 6), range(0, 1, 0))],
    docs: {
      summary: 'Finds places within a radius of a point.',
      since: '3.2.0',
      group: 'geo',
      complexity: 'O(N+log(M)) where N is the number of elements inside the bounding box of the circular area delimited by center and radius and M is the number of items inside the index.',
      docFlags: ['deprecated'],
      deprecatedSince: '6.2.0',
      replacedBy: '`GEOSEARCH` and `GEOSEARCHSTORE` with the `BYRADIUS` argument',
      history: [['6.2.0', 'Added the `ANY` option for `COUNT`.'], ['7.0.0', 'Added support for uppercase unit names.']],
      arguments: [
        key(),
        arg('longitude', 'double'),
        arg('latitude', 'double'),
        arg('radius', 'double'),
        unitArg(),
        token('WITHCOORD', { flags: 'optional' }),
        token('WITHDIST', { flags: 'optional' }),
        token('WITHHASH', { flags: 'optional' }),
        block('count', [
          arg('count', 'integer', { token: 'COUNT' }),
          token('ANY', { since: '6.2.0', flags: 'optional' }),
        ], { flags: 'optional' }),
        oneof('order', [
          token('ASC'),
          token('DESC'),
        ], { flags: 'optional' }),
        key('key', 1, { token: 'STORE', flags: 'optional' }),
        key('key', 2, { token: 'STOREDIST', flags: 'optional' }),
      ],
    },
    handler: georadius,
  },
  {
    name: 'georadiusbymember',
    arity: -5,
    flags: 'write denyoom',
    acl: '@geo',
    keys: [key1('RO access'), ks('OW update', keyword('STORE', 5), range(0, 1, 0)), ks('OW update', keyword('STOREDIST', 5), range(0, 1, 0))],
    docs: {
      summary: 'Finds places within a radius of a member.',
      since: '3.2.0',
      group: 'geo',
      complexity: 'O(N+log(M)) where N is the number of elements inside the bounding box of the circular area delimited by center and radius and M is the number of items inside the index.',
      docFlags: ['deprecated'],
      deprecatedSince: '6.2.0',
      replacedBy: '`GEOSEARCH` and `GEOSEARCHSTORE` with the `BYRADIUS` and `FROMMEMBER` arguments',
      history: [['7.0.0', 'Added support for uppercase unit names.']],
      arguments: [
        key(),
        arg('member', 'string'),
        arg('radius', 'double'),
        unitArg(),
        token('WITHCOORD', { flags: 'optional' }),
        token('WITHDIST', { flags: 'optional' }),
        token('WITHHASH', { flags: 'optional' }),
        block('count', [
          arg('count', 'integer', { token: 'COUNT' }),
          token('ANY', { flags: 'optional' }),
        ], { flags: 'optional' }),
        oneof('order', [
          token('ASC'),
          token('DESC'),
        ], { flags: 'optional' }),
        key('key', 1, { token: 'STORE', flags: 'optional' }),
        key('key', 2, { token: 'STOREDIST', flags: 'optional' }),
      ],
    },
    handler: georadiusbymember,
  },
  {
    name: 'georadius_ro',
    arity: -6,
    flags: 'readonly',
    acl: '@geo',
    keys: [key1('RO access')],
    docs: {
      summary: 'Finds places within a radius of a point, read-only.',
      since: '3.2.10',
      group: 'geo',
      complexity: 'O(N+log(M)) where N is the number of elements inside the bounding box of the circular area delimited by center and radius and M is the number of items inside the index.',
      docFlags: ['deprecated'],
      deprecatedSince: '6.2.0',
      replacedBy: '`GEOSEARCH` with the `BYRADIUS` argument',
      history: [['6.2.0', 'Added the `ANY` option for `COUNT`.']],
      arguments: [
        key(),
        arg('longitude', 'double'),
        arg('latitude', 'double'),
        arg('radius', 'double'),
        unitArg(),
        token('WITHCOORD', { flags: 'optional' }),
        token('WITHDIST', { flags: 'optional' }),
        token('WITHHASH', { flags: 'optional' }),
        block('count', [
          arg('count', 'integer', { token: 'COUNT' }),
          token('ANY', { since: '6.2.0', flags: 'optional' }),
        ], { flags: 'optional' }),
        oneof('order', [
          token('ASC'),
          token('DESC'),
        ], { flags: 'optional' }),
      ],
    },
    handler: georadiusro,
  },
  {
    name: 'georadiusbymember_ro',
    arity: -5,
    flags: 'readonly',
    acl: '@geo',
    keys: [key1('RO access')],
    docs: {
      summary: 'Finds places within a radius of a member, read-only.',
      since: '3.2.10',
      group: 'geo',
      complexity: 'O(N+log(M)) where N is the number of elements inside the bounding box of the circular area delimited by center and radius and M is the number of items inside the index.',
      docFlags: ['deprecated'],
      deprecatedSince: '6.2.0',
      replacedBy: '`GEOSEARCH` with the `BYRADIUS` and `FROMMEMBER` arguments',
      arguments: [
        key(),
        arg('member', 'string'),
        arg('radius', 'double'),
        unitArg(),
        token('WITHCOORD', { flags: 'optional' }),
        token('WITHDIST', { flags: 'optional' }),
        token('WITHHASH', { flags: 'optional' }),
        block('count', [
          arg('count', 'integer', { token: 'COUNT' }),
          token('ANY', { flags: 'optional' }),
        ], { flags: 'optional' }),
        oneof('order', [
          token('ASC'),
          token('DESC'),
        ], { flags: 'optional' }),
      ],
    },
    handler: georadiusbymemberro,
  },
];
