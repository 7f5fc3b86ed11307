/**
 * Geo commands against redis-server: scores, positions, distances, hashes,
 * every search form with its options and errors, and randomised searches
 * whose unsorted order depends on Redis's exact box walk.
 */
import { test, before, after } from 'node:test';
import { startPair, type Pair } from '../helpers/diff';
import { rng } from '../helpers/rng';
import { show } from '../helpers/resp';
import assert from 'node:assert/strict';

let p: Pair;
before(async () => {
  p = await startPair();
});
after(async () => {
  await p.close();
});

const SICILY = ['13.361389', '38.115556', 'Palermo', '15.087269', '37.502669', 'Catania', '12.5', '37.8', 'Trapani', '14.0', '40.0', 'sea'];

test('GEOADD options and errors; scores equal Redis’s', async () => {
  await p.sameAll([
    ['DEL', 'g'],
    ['GEOADD', 'g', ...SICILY],
    ['ZRANGE', 'g', '0', '-1', 'WITHSCORES'],
    ['GEOADD', 'g', 'NX', '13', '38', 'Palermo', '1', '1', 'new'],
    ['GEOADD', 'g', 'XX', 'CH', '13', '38', 'Palermo', '2', '2', 'new2'],
    ['GEOADD', 'g', 'CH', '13', '38', 'Palermo', '2', '2', 'new3'],
    ['GEOADD', 'g', 'CH', 'NX', '13', '38', 'Palermo'],
    ['GEOADD', 'g', 'NX', 'XX', '13', '38', 'x'],
    ['GEOADD', 'g', '13', '38'],
    ['GEOADD', 'g', 'GT', '13', '38', 'x'],
    ['GEOADD', 'g', '181', '38', 'x'],
    ['GEOADD', 'g', '13', '86', 'x'],
    ['GEOADD', 'g', '-180', '-85.05112878', 'corner', '180', '85.05112878', 'corner2', '0', '0', 'zero'],
    ['GEOADD', 'g', 'abc', '38', 'x'],
    ['GEOADD', 'g', '13', '38', 'ok', '500', '0', 'bad'],
    ['ZSCORE', 'g', 'ok'],
    ['ZRANGE', 'g', '0', '-1', 'WITHSCORES'],
    ['GEOADD', 'nokey', 'XX', '1', '1', 'a'],
    ['EXISTS', 'nokey'],
    ['SET', 's', 'v'],
    ['GEOADD', 's', '1', '1', 'a'],
  ]);
});

test('GEOPOS GEODIST GEOHASH, in RESP2 and RESP3', async () => {
  const cmds: string[][] = [
    ['DEL', 'g'],
    ['GEOADD', 'g', ...SICILY, '-180', '-85.05112878', 'corner', '180', '85.05112878', 'corner2', '0', '0', 'zero'],
    ['ZADD', 'g', '-5', 'negative', '1.5', 'fraction'],
    ['GEOPOS', 'g', 'Palermo', 'nosuch', 'corner', 'corner2', 'zero', 'negative', 'fraction'],
    ['GEOPOS', 'none', 'a', 'b'],
    ['GEOPOS', 'g'],
    ['GEODIST', 'g', 'Palermo', 'Catania'],
    ['GEODIST', 'g', 'Palermo', 'Catania', 'km'],
    ['GEODIST', 'g', 'Palermo', 'Catania', 'MI'],
    ['GEODIST', 'g', 'Palermo', 'Catania', 'ft'],
    ['GEODIST', 'g', 'Palermo', 'Catania', 'm'],
    ['GEODIST', 'g', 'Palermo', 'Palermo'],
    ['GEODIST', 'g', 'corner', 'corner2'],
    ['GEODIST', 'g', 'Palermo', 'nosuch'],
    ['GEODIST', 'none', 'a', 'b'],
    ['GEODIST', 'g', 'Palermo', 'Catania', 'yards'],
    ['GEODIST', 'g', 'Palermo', 'Catania', 'km', 'extra'],
    ['GEOHASH', 'g', 'Palermo', 'Catania', 'nosuch', 'corner', 'corner2', 'zero', 'fraction'],
    ['GEOHASH', 'none', 'a'],
    ['GEOHASH', 'g'],
    ['SET', 's', 'v'],
    ['GEOPOS', 's', 'a'],
    ['GEODIST', 's', 'a', 'b'],
    ['GEOHASH', 's', 'a'],
  ];
  await p.sameAll(cmds);
  await p.both('HELLO', '3');
  await p.sameAll(cmds);
  await p.both('HELLO', '2');
});

test('GEORADIUS, GEORADIUSBYMEMBER and their _RO forms', async () => {
  await p.sameAll([
    ['DEL', 'g', 'dst'],
    ['GEOADD', 'g', ...SICILY],
    ['GEORADIUS', 'g', '15', '37', '200', 'km'],
    ['GEORADIUS', 'g', '15', '37', '200', 'km', 'WITHDIST', 'WITHCOORD', 'WITHHASH', 'ASC'],
    ['GEORADIUS', 'g', '15', '37', '200', 'km', 'DESC', 'COUNT', '1'],
    ['GEORADIUS', 'g', '15', '37', '500', 'km', 'COUNT', '2'],
    ['GEORADIUS', 'g', '15', '37', '500', 'km', 'COUNT', '3', 'ANY'],
    ['GEORADIUS', 'g', '15', '37', '500', 'km', 'ANY'],
    ['GEORADIUS', 'g', '15', '37', '500', 'km', 'COUNT', '0'],
    ['GEORADIUS', 'g', '15', '37', '500', 'km', 'COUNT', 'x'],
    ['GEORADIUS', 'g', '15', '37', '500', 'km', 'COUNT'],
    ['GEORADIUS', 'g', '15', '37', '1', 'm'],
    ['GEORADIUS', 'g', '15', '37', '0', 'm'],
    ['GEORADIUS', 'g', '15', '37', '-1', 'km'],
    ['GEORADIUS', 'g', '15', '37', 'x', 'km'],
    ['GEORADIUS', 'g', '15', '37', '100', 'parsec'],
    ['GEORADIUS', 'g', '195', '37', '100', 'km'],
    ['GEORADIUS', 'g', '15', '37', '200', 'km', 'FOO'],
    ['GEORADIUS', 'g', '15', '37', '300', 'km', 'STORE', 'dst'],
    ['ZRANGE', 'dst', '0', '-1', 'WITHSCORES'],
    ['GEORADIUS', 'g', '15', '37', '300', 'km', 'STOREDIST', 'dst'],
    ['ZRANGE', 'dst', '0', '-1'],
    ['GEORADIUS', 'g', '15', '37', '300', 'km', 'STOREDIST', 'dst', 'ASC', 'COUNT', '2'],
    ['ZRANGE', 'dst', '0', '-1'],
    ['ZSCORE', 'dst', 'Palermo'],
    ['GEORADIUS', 'g', '15', '37', '1', 'km', 'STORE', 'dst'],
    ['EXISTS', 'dst'],
    ['GEORADIUS', 'g', '15', '37', '300', 'km', 'STORE', 'dst', 'WITHDIST'],
    ['GEORADIUS_RO', 'g', '15', '37', '300', 'km', 'STORE', 'dst'],
    ['GEORADIUS_RO', 'g', '15', '37', '300', 'km', 'WITHDIST', 'ASC'],
    ['GEORADIUS', 'none', '15', '37', '300', 'km'],
    ['SET', 'dst', 'x'],
    ['GEORADIUS', 'none', '15', '37', '300', 'km', 'STORE', 'dst'],
    ['EXISTS', 'dst'],
    ['GEORADIUSBYMEMBER', 'g', 'Palermo', '200', 'km', 'WITHDIST', 'ASC'],
    ['GEORADIUSBYMEMBER', 'g', 'nosuch', '200', 'km'],
    ['GEORADIUSBYMEMBER', 'none', 'nosuch', 'x', 'km'],
    ['GEORADIUSBYMEMBER', 'g', 'Palermo', '200', 'km', 'STOREDIST', 'dst'],
    ['ZRANGE', 'dst', '0', '-1'],
    ['GEORADIUSBYMEMBER_RO', 'g', 'Catania', '100', 'mi', 'WITHCOORD'],
    ['GEORADIUSBYMEMBER_RO', 'g', 'Catania', '100', 'mi', 'STORE', 'dst'],
    ['SET', 's', 'v'],
    ['GEORADIUS', 's', '15', '37', '200', 'km'],
    ['GEORADIUSBYMEMBER', 's', 'a', '200', 'km'],
  ]);
});

test('STOREDIST scores are distances printed as 7.2 prints doubles', async () => {
  await p.same('DEL', 'g', 'dst');
  await p.same('GEOADD', 'g', ...SICILY);
  await p.same('GEORADIUSBYMEMBER', 'g', 'Palermo', '200', 'km', 'STOREDIST', 'dst');
  // Redis 7.0 prints %.17g (83.297322452927489), 7.2 the shortest round trip: same double.
  const [mine, theirs] = await p.both('ZSCORE', 'dst', 'Trapani');
  assert.equal(show(mine), '83.29732245292749');
  assert.equal(Number(show(mine)), Number(show(theirs)));
});

test('GEOSEARCH and GEOSEARCHSTORE', async () => {
  await p.sameAll([
    ['DEL', 'g', 'dst'],
    ['GEOADD', 'g', ...SICILY],
    ['GEOSEARCH', 'g', 'FROMLONLAT', '15', '37', 'BYRADIUS', '200', 'km', 'ASC'],
    ['GEOSEARCH', 'g', 'FROMMEMBER', 'Palermo', 'BYBOX', '400', '400', 'km', 'ASC', 'WITHDIST', 'WITHCOORD'],
    ['GEOSEARCH', 'g', 'FROMLONLAT', '15', '37', 'BYBOX', '400', '200', 'km', 'DESC', 'WITHHASH'],
    ['GEOSEARCH', 'g', 'FROMLONLAT', '15', '37', 'BYRADIUS', '500', 'km', 'COUNT', '1', 'ANY'],
    ['GEOSEARCH', 'g', 'FROMLONLAT', '15', '37', 'BYRADIUS', '500', 'km', 'COUNT', '2'],
    ['GEOSEARCH', 'g', 'FROMLONLAT', '15', '37'],
    ['GEOSEARCH', 'g', 'BYRADIUS', '10', 'km'],
    ['GEOSEARCH', 'g', 'FROMLONLAT', '15', '37', 'FROMMEMBER', 'Palermo', 'BYRADIUS', '10', 'km'],
    ['GEOSEARCH', 'g', 'FROMMEMBER', 'Palermo', 'FROMLONLAT', '15', '37', 'BYRADIUS', '10', 'km'],
    ['GEOSEARCH', 'g', 'FROMLONLAT', '15', '37', 'BYRADIUS', '10', 'km', 'BYBOX', '1', '1', 'km'],
    ['GEOSEARCH', 'g', 'FROMLONLAT', '15', '37', 'BYBOX', '1', '1', 'km', 'BYRADIUS', '10', 'km'],
    ['GEOSEARCH', 'g', 'FROMLONLAT', '15', '37', 'BYBOX', '-1', '1', 'km'],
    ['GEOSEARCH', 'g', 'FROMLONLAT', '15', '37', 'BYBOX', 'w', '1', 'km'],
    ['GEOSEARCH', 'g', 'FROMLONLAT', '15', '37', 'BYBOX', '1', 'h', 'km'],
    ['GEOSEARCH', 'g', 'FROMLONLAT', '15', '37', 'BYBOX', '1', '1', 'lightyear'],
    ['GEOSEARCH', 'g', 'FROMMEMBER', 'nosuch', 'BYRADIUS', '10', 'km'],
    ['GEOSEARCH', 'g', 'FROMLONLAT', '15', '37', 'BYRADIUS', '10', 'km', 'STORE', 'dst'],
    ['GEOSEARCH', 'g', 'FROMLONLAT', '15', '37', 'BYRADIUS', '10', 'km', 'STOREDIST'],
    ['GEOSEARCH', 'g', 'FROMLONLAT', '15', '37', 'BYRADIUS', '10', 'km', 'ANY'],
    ['GEOSEARCH', 'none', 'FROMMEMBER', 'x', 'BYRADIUS', '10', 'km'],
    ['GEOSEARCH', 'none', 'FROMLONLAT', '15', '37'],
    ['GEOSEARCHSTORE', 'dst', 'g', 'FROMLONLAT', '15', '37', 'BYRADIUS', '300', 'km'],
    ['ZRANGE', 'dst', '0', '-1', 'WITHSCORES'],
    ['GEOSEARCHSTORE', 'dst', 'g', 'FROMLONLAT', '15', '37', 'BYBOX', '600', '600', 'km', 'STOREDIST', 'ASC', 'COUNT', '2'],
    ['ZRANGE', 'dst', '0', '-1'],
    ['OBJECT', 'ENCODING', 'dst'],
    ['GEOSEARCHSTORE', 'dst', 'g', 'FROMLONLAT', '15', '37', 'BYRADIUS', '300', 'km', 'WITHDIST'],
    ['GEOSEARCHSTORE', 'dst', 'g', 'FROMLONLAT', '0', '0', 'BYRADIUS', '1', 'km'],
    ['EXISTS', 'dst'],
    ['GEOSEARCHSTORE', 'dst', 'none', 'FROMLONLAT', '0', '0', 'BYRADIUS', '1', 'km'],
    ['SET', 's', 'v'],
    ['GEOSEARCH', 's', 'FROMLONLAT', '15', '37', 'BYRADIUS', '10', 'km'],
    ['GEOSEARCHSTORE', 'dst', 's', 'FROMLONLAT', '15', '37', 'BYRADIUS', '10', 'km'],
  ]);
});

test('random points and searches: same members, order, distances and coordinates', async () => {
  const r = rng(424242);
  const args = ['GEOADD', 'world'];
  for (let i = 0; i < 600; i++) {
    // Clustered points, so searches meet many box edges and several steps.
    const cx = i % 3 === 0 ? 2.35 : i % 3 === 1 ? -73.98 : 139.7;
    const cy = i % 3 === 0 ? 48.85 : i % 3 === 1 ? 40.75 : 35.68;
    const spread = i % 5 === 0 ? 40 : 2;
    const lon = Math.max(-180, Math.min(180, cx + (r() - 0.5) * spread));
    const lat = Math.max(-85, Math.min(85, cy + (r() - 0.5) * spread));
    args.push(lon.toFixed(6), lat.toFixed(6), 'p' + i);
  }
  await p.same('DEL', 'world');
  await p.same(...args);
  for (let i = 0; i < 150; i++) {
    const who = 'p' + Math.floor(r() * 600);
    const radius = String(Math.floor(r() * (i % 4 === 0 ? 3000 : 150)) + 1);
    const unit = ['km', 'm', 'mi', 'ft'][Math.floor(r() * 4)];
    const scaled = unit === 'km' || unit === 'mi' ? radius : String(Number(radius) * 1000);
    switch (i % 4) {
      case 0: await p.same('GEOSEARCH', 'world', 'FROMMEMBER', who, 'BYRADIUS', scaled, unit, 'WITHDIST', 'WITHCOORD'); break;
      case 1: await p.same('GEOSEARCH', 'world', 'FROMMEMBER', who, 'BYBOX', scaled, String(Number(scaled) * 2), unit, 'WITHHASH'); break;
      case 2: await p.same('GEORADIUSBYMEMBER', 'world', who, scaled, unit, 'COUNT', '5', 'ANY'); break;
      default: await p.same('GEODIST', 'world', who, 'p' + Math.floor(r() * 600), unit);
    }
  }
});

test('random searches over the whole globe: poles, the antimeridian, huge radii', async () => {
  const r = rng(777);
  const args = ['GEOADD', 'globe'];
  for (let i = 0; i < 400; i++) {
    const lon = (r() - 0.5) * 360;
    const lat = i % 4 === 0 ? (r() < 0.5 ? -1 : 1) * (80 + r() * 5) : (r() - 0.5) * 170;
    args.push(lon.toFixed(5), lat.toFixed(5), 'g' + i);
  }
  args.push('180', '0', 'east-edge', '-180', '0', 'west-edge');
  await p.same('DEL', 'globe');
  await p.same(...args);
  for (let i = 0; i < 120; i++) {
    const lon = ((r() - 0.5) * 360).toFixed(3);
    const lat = ((r() - 0.5) * 170).toFixed(3);
    const radius = String(Math.floor(r() * (i % 3 === 0 ? 20000 : 2000)) + 1);
    const order = ['ASC', 'DESC'][i % 2];
    if (i % 2 === 0) await p.same('GEOSEARCH', 'globe', 'FROMLONLAT', lon, lat, 'BYRADIUS', radius, 'km', order, 'COUNT', '7', 'WITHDIST');
    else await p.same('GEORADIUS', 'globe', lon, lat, radius, 'km', 'WITHCOORD');
  }
});
