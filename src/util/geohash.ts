/**
 * Geohashes as Redis's geo commands use them: 26 steps of interleaved
 * latitude (even bits) and longitude (odd bits) bits over the Web Mercator
 * latitude range, a 52-bit integer stored as a sorted set score; the
 * neighbour boxes and the search area of a radius or box query; great-circle
 * distances with Redis's earth radius. Same arithmetic as Redis, so scores,
 * decoded positions and search results are identical.
 */

export const GEO_LONG_MIN = -180;
export const GEO_LONG_MAX = 180;
export const GEO_LAT_MIN = -85.05112878;
export const GEO_LAT_MAX = 85.05112878;
export const GEO_STEP_MAX = 26;

const EARTH_RADIUS_IN_METERS = 6372797.560856;
const MERCATOR_MAX = 20037726.37;
const D_R = Math.PI / 180.0;

export interface Range {
  min: number;
  max: number;
}

/** A geohash: `bits` (an integer below 2^53) at `step` bits per coordinate; step 0 is "no box". */
export interface Hash {
  bits: number;
  step: number;
}

export interface Area {
  longitude: Range;
  latitude: Range;
}

const WGS84_LONG: Range = { min: GEO_LONG_MIN, max: GEO_LONG_MAX };
const WGS84_LAT: Range = { min: GEO_LAT_MIN, max: GEO_LAT_MAX };
const STANDARD_LAT: Range = { min: -90, max: 90 };

/** Spreads the low 32 bits of x to the even bit positions of the result. */
function spread(x: number): number {
  let out = 0;
  let bit = 1;
  for (let i = 0; i < 32 && x !== 0; i++, bit *= 4) {
    if (x & 1) out += bit;
    x >>>= 1;
  }
  return out;
}

/** The even-position bits of v, packed. */
function squash(v: number): number {
  let out = 0;
  let bit = 1;
  for (let i = 0; i < 32 && v !== 0; i++, bit *= 2) {
    if (v % 2 === 1) out += bit;
    v = Math.floor(v / 4);
  }
  return out;
}

/** geohashEncode: null when the point is outside the ranges. */
export function encode(longRange: Range, latRange: Range, longitude: number, latitude: number, step: number): Hash | null {
  if (longitude > GEO_LONG_MAX || longitude < GEO_LONG_MIN || latitude > GEO_LAT_MAX || latitude < GEO_LAT_MIN) return null;
  if (latitude < latRange.min || latitude > latRange.max || longitude < longRange.min || longitude > longRange.max) return null;
  const scale = 2 ** step;
  // C converts the offsets to uint32 by truncation.
  const lat = Math.trunc(((latitude - latRange.min) / (latRange.max - latRange.min)) * scale) >>> 0;
  const lon = Math.trunc(((longitude - longRange.min) / (longRange.max - longRange.min)) * scale) >>> 0;
  return { bits: spread(lat) + spread(lon) * 2, step };
}

/** The 52-bit score of a WGS84 point (the caller has checked the ranges). */
export function scoreOf(longitude: number, latitude: number): number {
  const h = encode(WGS84_LONG, WGS84_LAT, longitude, latitude, GEO_STEP_MAX) as Hash;
  return align52(h);
}

/** geohashAlign52Bits. */
export function align52(h: Hash): number {
  return h.bits * 2 ** (52 - h.step * 2);
}

/** The even-position bits of a 64-bit value, packed. */
function squashBig(v: bigint): number {
  let out = 0;
  for (let i = 0; i < 32; i++) if ((v >> BigInt(2 * i)) & 1n) out += 2 ** i;
  return out;
}

/** geohashDecode over the given ranges. */
function decodeArea(longRange: Range, latRange: Range, h: Hash): Area {
  return decodeCell(longRange, latRange, squash(h.bits), squash(Math.floor(h.bits / 2)), h.step);
}

/** The area of cell (lat, lon) of a grid of 2^step cells per axis. */
function decodeCell(longRange: Range, latRange: Range, lat: number, lon: number, step: number): Area {
  const scale = 2 ** step;
  const latScale = latRange.max - latRange.min;
  const longScale = longRange.max - longRange.min;
  return {
    latitude: { min: latRange.min + (lat / scale) * latScale, max: latRange.min + ((lat + 1) / scale) * latScale },
    longitude: { min: longRange.min + (lon / scale) * longScale, max: longRange.min + ((lon + 1) / scale) * longScale },
  };
}

/** decodeGeohash: the [longitude, latitude] of a 52-bit score, as Redis computes it. */
export function decodeScore(score: number): [number, number] {
  const bits = Math.trunc(score);
  let a: Area;
  if (bits >= 0) {
    a = decodeArea(WGS84_LONG, WGS84_LAT, { bits, step: GEO_STEP_MAX });
  } else {
    // A negative score converts to uint64_t by wrapping; such a score is no
    // geohash and decodes out of range, then is clamped, as in Redis.
    const u = BigInt.asUintN(64, BigInt(bits));
    a = decodeCell(WGS84_LONG, WGS84_LAT, squashBig(u), squashBig(u >> 1n), GEO_STEP_MAX);
  }
  let x = (a.longitude.min + a.longitude.max) / 2;
  if (x > GEO_LONG_MAX) x = GEO_LONG_MAX;
  if (x < GEO_LONG_MIN) x = GEO_LONG_MIN;
  let y = (a.latitude.min + a.latitude.max) / 2;
  if (y > GEO_LAT_MAX) y = GEO_LAT_MAX;
  if (y < GEO_LAT_MIN) y = GEO_LAT_MIN;
  return [x, y];
}

const ALPHABET = '0123456789bcdefghjkmnpqrstuvwxyz';

/** GEOHASH's 11-character standard geohash of a score (re-encoded over latitude -90..90). */
export function geohashString(score: number): string {
  const [x, y] = decodeScore(score);
  const h = encode(WGS84_LONG, STANDARD_LAT, x, y, GEO_STEP_MAX);
  const bits = h === null ? 0 : h.bits;
  let out = '';
  for (let i = 0; i < 10; i++) out += ALPHABET[Math.floor(bits / 2 ** (52 - (i + 1) * 5)) % 32];
  return out + '0';
}

function degRad(a: number): number {
  return a * D_R;
}

function radDeg(a: number): number {
  return a / D_R;
}

function latDistance(lat1: number, lat2: number): number {
  return EARTH_RADIUS_IN_METERS * Math.abs(degRad(lat2) - degRad(lat1));
}

/** geohashGetDistance: haversine distance in meters. */
export function distance(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const lon1r = degRad(lon1);
  const lon2r = degRad(lon2);
  const v = Math.sin((lon2r - lon1r) / 2);
  if (v === 0.0) return latDistance(lat1, lat2);
  const lat1r = degRad(lat1);
  const lat2r = degRad(lat2);
  const u = Math.sin((lat2r - lat1r) / 2);
  const a = u * u + Math.cos(lat1r) * Math.cos(lat2r) * v * v;
  return 2.0 * EARTH_RADIUS_IN_METERS * Math.asin(Math.sqrt(a));
}

/** A search shape: a circle of `radius` or a `width` x `height` box, in units of `conversion` meters. */
export interface Shape {
  box: boolean;
  lon: number;
  lat: number;
  conversion: number;
  radius: number;
  width: number;
  height: number;
}

/** The distance of a point from the shape's centre when it is inside the shape, else -1. */
export function distanceIfInside(s: Shape, lon: number, lat: number): number {
  if (!s.box) {
    const d = distance(s.lon, s.lat, lon, lat);
    return d > s.radius * s.conversion ? -1 : d;
  }
  // Latitude distance is cheaper, so it is checked first, as Redis does.
  if (latDistance(lat, s.lat) > (s.height * s.conversion) / 2) return -1;
  if (distance(lon, lat, s.lon, lat) > (s.width * s.conversion) / 2) return -1;
  return distance(s.lon, s.lat, lon, lat);
}

function estimateSteps(rangeMeters: number, lat: number): number {
  if (rangeMeters === 0) return 26;
  let step = 1;
  while (rangeMeters < MERCATOR_MAX) {
    rangeMeters *= 2;
    step++;
  }
  step -= 2;
  if (lat > 66 || lat < -66) {
    step--;
    if (lat > 80 || lat < -80) step--;
  }
  if (step < 1) step = 1;
  if (step > 26) step = 26;
  return step;
}

// Neighbour moves on 64-bit interleaved hashes (x: longitude bits, y: latitude bits).
const EVEN = 0x5555555555555555n;
const ODD = 0xaaaaaaaaaaaaaaaan;

function move(h: Hash, dx: number, dy: number): Hash {
  let bits = BigInt(h.bits);
  const shift = BigInt(64 - h.step * 2);
  if (dx !== 0) bits = moveAxis(bits, ODD, EVEN, shift, dx);
  if (dy !== 0) bits = moveAxis(bits, EVEN, ODD, shift, dy);
  return { bits: Number(bits), step: h.step };
}

function moveAxis(bits: bigint, axis: bigint, other: bigint, shift: bigint, d: number): bigint {
  let a = bits & axis;
  const b = bits & other;
  const zz = other >> shift;
  if (d > 0) a = (a + (zz + 1n)) & 0xffffffffffffffffn;
  else a = ((a | zz) - (zz + 1n)) & 0xffffffffffffffffn;
  a &= axis >> shift;
  return a | b;
}

const NONE: Hash = { bits: 0, step: 0 };

/**
 * geohashCalculateAreasByShapeWGS84: the centre box and its eight
 * neighbours (NONE where useless), in Redis's order: centre, north, south,
 * east, west, north-east, north-west, south-east, south-west.
 */
export function searchBoxes(s: Shape): Hash[] {
  const height = s.conversion * (s.box ? s.height / 2 : s.radius);
  const width = s.conversion * (s.box ? s.width / 2 : s.radius);
  const latDelta = radDeg(height / EARTH_RADIUS_IN_METERS);
  const longDeltaTop = radDeg(width / EARTH_RADIUS_IN_METERS / Math.cos(degRad(s.lat + latDelta)));
  const longDeltaBottom = radDeg(width / EARTH_RADIUS_IN_METERS / Math.cos(degRad(s.lat - latDelta)));
  const south = s.lat < 0;
  const minLon = south ? s.lon - longDeltaBottom : s.lon - longDeltaTop;
  const maxLon = south ? s.lon + longDeltaBottom : s.lon + longDeltaTop;
  const minLat = s.lat - latDelta;
  const maxLat = s.lat + latDelta;
  const radiusMeters = (s.box ? Math.sqrt((s.width / 2) * (s.width / 2) + (s.height / 2) * (s.height / 2)) : s.radius) * s.conversion;
  let steps = estimateSteps(radiusMeters, s.lat);
  let hash = encode(WGS84_LONG, WGS84_LAT, s.lon, s.lat, steps) as Hash;
  let nb = neighbours(hash);
  const n = decodeArea(WGS84_LONG, WGS84_LAT, nb[0]);
  const so = decodeArea(WGS84_LONG, WGS84_LAT, nb[1]);
  const e = decodeArea(WGS84_LONG, WGS84_LAT, nb[2]);
  const w = decodeArea(WGS84_LONG, WGS84_LAT, nb[3]);
  if (steps > 1 && (n.latitude.max < maxLat || so.latitude.min > minLat || e.longitude.max < maxLon || w.longitude.min > minLon)) {
    steps--;
    hash = encode(WGS84_LONG, WGS84_LAT, s.lon, s.lat, steps) as Hash;
    nb = neighbours(hash);
  }
  const area = decodeArea(WGS84_LONG, WGS84_LAT, hash);
  // nb: north, south, east, west, north-east, north-west, south-east, south-west.
  if (steps >= 2) {
    if (area.latitude.min < minLat) nb[1] = nb[6] = nb[7] = NONE;
    if (area.latitude.max > maxLat) nb[0] = nb[4] = nb[5] = NONE;
    if (area.longitude.min < minLon) nb[3] = nb[7] = nb[5] = NONE;
    if (area.longitude.max > maxLon) nb[2] = nb[6] = nb[4] = NONE;
  }
  return [hash, ...nb];
}

/** geohashNeighbors: north, south, east, west, north-east, north-west, south-east, south-west. */
function neighbours(h: Hash): Hash[] {
  return [move(h, 0, 1), move(h, 0, -1), move(h, 1, 0), move(h, -1, 0), move(h, 1, 1), move(h, -1, 1), move(h, 1, -1), move(h, -1, -1)];
}
