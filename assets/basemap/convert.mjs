// Converts Natural Earth country data (as TopoJSON from the `world-atlas` npm
// package) into the compact binary files that `src/map/basemap.rs` embeds.
//
// Usage (see README.md in this folder):
//
//   cd "$(mktemp -d)"
//   npm install world-atlas@2.0.2 topojson-client@3.1.0
//   node /path/to/travelmap/assets/basemap/convert.mjs
//
// The packages are looked up from the current working directory, and the
// output files are written next to this script.
//
// ---------------------------------------------------------------------------
// File format (all integers little-endian)
// ---------------------------------------------------------------------------
//
//   header:
//     4 bytes   magic "TMBM"
//     u32       format version, currently 1
//   then exactly three layers, in this order:
//     1. land        – polygons: part 0 is the outer ring, further parts are
//                      holes (lakes/seas not covered by any country, such as
//                      the Caspian Sea). Rings are closed (first == last).
//     2. coastlines  – polylines: the outline of the land, with the
//                      artificial edges along the antimeridian (±180°) and
//                      along Antarctica's southern cut (below the Web
//                      Mercator limit of 85.0511°S) removed.
//     3. borders     – polylines: land borders between two different
//                      countries (arcs shared by two country geometries).
//   layer:
//     u32       feature count
//     per feature:
//       u32     part count
//       per part:
//         u32   point count
//         per point: i32 longitude, i32 latitude, in micro-degrees
//                    (degrees × 1e6, rounded). LONGITUDE FIRST.
//
// Polylines (coastlines, borders) have one part per feature. No part crosses
// the antimeridian: every longitude lies in -180..=180° and consecutive
// points are never more than 180° apart.
//
// The antimeridian and the poles: Natural Earth cuts its shapes at ±180°, but
// the land that world-atlas merges from the countries is spherical, so some
// rings run across the antimeridian (Fiji, Chukotka) and Antarctica's ring
// goes once around the South Pole. Here rings are unwrapped to continuous
// longitudes, rings around a pole are closed through that pole, and the result
// is cut at ±180° again (see `cutPolygon`), which makes every polygon valid on
// a flat map. Lines are split where they cross ±180°.

import { createRequire } from "node:module";
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(join(process.cwd(), "resolve-from-here.js"));
const topojson = require("topojson-client");

const OUT_DIR = dirname(fileURLToPath(import.meta.url));
const MAGIC = "TMBM";
const VERSION = 1;
// Web Mercator cannot show anything south of this latitude.
const MERCATOR_MAX_LAT = 85.0511287798;
const EPS = 1e-9;

/** Round degrees to integer micro-degrees. */
const micro = (deg) => Math.round(deg * 1e6);

/** Polygons (array of rings) of a GeoJSON object of any shape. */
function polygonsOf(geojson) {
  const out = [];
  const visit = (g) => {
    if (!g) return;
    switch (g.type) {
      case "FeatureCollection":
        g.features.forEach(visit);
        break;
      case "Feature":
        visit(g.geometry);
        break;
      case "GeometryCollection":
        g.geometries.forEach(visit);
        break;
      case "Polygon":
        out.push(g.coordinates);
        break;
      case "MultiPolygon":
        out.push(...g.coordinates);
        break;
      default:
        break;
    }
  };
  visit(geojson);
  return out;
}

/** Drop consecutive duplicate points. */
function dedupe(points) {
  return points.filter(
    (p, i) => i === 0 || p[0] !== points[i - 1][0] || p[1] !== points[i - 1][1],
  );
}

/**
 * Unwraps a ring's longitudes so that consecutive points are never more than
 * 180° apart. `turns` says how many times the ring goes around a pole
 * (0 for an ordinary ring).
 */
function unwrap(ring) {
  const out = [[ring[0][0], ring[0][1]]];
  let shift = 0;
  for (let i = 1; i < ring.length; i++) {
    const step = ring[i][0] - ring[i - 1][0];
    if (step > 180) shift -= 360;
    else if (step < -180) shift += 360;
    out.push([ring[i][0] + shift, ring[i][1]]);
  }
  return { points: out, turns: Math.round(shift / 360) };
}

/** Sutherland–Hodgman: the part of a ring on one side of a meridian. */
function clipToMeridian(ring, lon, keepEast) {
  const inside = (p) => (keepEast ? p[0] >= lon : p[0] <= lon);
  const cross = (a, b) => [lon, a[1] + ((lon - a[0]) / (b[0] - a[0])) * (b[1] - a[1])];
  const out = [];
  for (let i = 0; i < ring.length; i++) {
    const prev = ring[(i + ring.length - 1) % ring.length];
    const cur = ring[i];
    if (inside(cur)) {
      if (!inside(prev)) out.push(cross(prev, cur));
      out.push(cur);
    } else if (inside(prev)) {
      out.push(cross(prev, cur));
    }
  }
  return out;
}

/** Closes a ring (first point repeated at the end) unless empty. */
function closed(ring) {
  if (ring.length === 0) return ring;
  const [first, last] = [ring[0], ring[ring.length - 1]];
  return first[0] === last[0] && first[1] === last[1] ? ring : [...ring, first];
}

/** [west, south, east, north] of a ring. */
function bboxOf(ring) {
  const box = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [lon, lat] of ring) {
    box[0] = Math.min(box[0], lon);
    box[1] = Math.min(box[1], lat);
    box[2] = Math.max(box[2], lon);
    box[3] = Math.max(box[3], lat);
  }
  return box;
}

/** Pieces of an unwrapped ring inside -180..=180°, shifted back into range. */
function rewrap(ring) {
  const [lo, , hi] = bboxOf(ring);
  const pieces = [];
  for (let k = Math.floor((lo + 180) / 360); k * 360 - 180 < hi; k++) {
    const shifted = ring.map(([lon, lat]) => [lon - k * 360, lat]);
    const piece = dedupe(clipToMeridian(clipToMeridian(shifted, -180, true), 180, false));
    if (piece.length >= 3) pieces.push(closed(piece));
  }
  return pieces;
}


/**
 * Cuts one spherical polygon (outer ring, holes) into flat polygons that lie
 * within -180..=180°. A ring around a pole is closed through the pole.
 */
function cutPolygon(rings) {
  const flat = [];
  for (const ring of rings) {
    // A ring hugging the pole itself only closes the spherical polygon.
    if (ring.every((p) => Math.abs(p[1]) > 89.9)) continue;
    const { points, turns } = unwrap(ring);
    if (turns !== 0) {
      const last = points[points.length - 1];
      const meanLat = points.reduce((sum, p) => sum + p[1], 0) / points.length;
      const pole = meanLat < 0 ? -90 : 90;
      points.push([last[0], pole], [points[0][0], pole]);
    }
    flat.push(rewrap(points));
  }
  if (flat.length === 0) return [];
  // Each piece of the outer ring becomes a polygon; holes go with the piece
  // whose bounding box holds them.
  const polygons = flat[0].map((outer) => ({ box: bboxOf(outer), rings: [outer] }));
  for (const hole of flat.slice(1).flat()) {
    const [w, s, e, n] = bboxOf(hole);
    const owner =
      polygons.find(({ box }) => box[0] <= w && box[1] <= s && e <= box[2] && n <= box[3]) ??
      polygons[0];
    owner?.rings.push(hole);
  }
  return polygons.map((p) => p.rings);
}

/** Splits lines where they cross the antimeridian. */
function splitAtAntimeridian(lines) {
  const out = [];
  for (const line of lines) {
    let current = [line[0]];
    for (let i = 1; i < line.length; i++) {
      const a = line[i - 1];
      const b = line[i];
      const step = b[0] - a[0];
      if (Math.abs(step) > 180) {
        const side = step < 0 ? 180 : -180; // the side `a` leaves by
        const bLon = b[0] + (step < 0 ? 360 : -360);
        const t = (side - a[0]) / (bLon - a[0]);
        const lat = a[1] + t * (b[1] - a[1]);
        current.push([side, lat]);
        out.push(current);
        current = [[-side, lat]];
      }
      current.push(b);
    }
    out.push(current);
  }
  return out.map(dedupe).filter((line) => line.length >= 2);
}

/** Whether the segment a–b is an artefact of cutting the globe, not a coast. */
function isCutEdge(a, b) {
  const onAntimeridian =
    Math.abs(Math.abs(a[0]) - 180) < EPS &&
    Math.abs(Math.abs(b[0]) - 180) < EPS &&
    Math.sign(a[0]) === Math.sign(b[0]);
  const offMercator = a[1] < -MERCATOR_MAX_LAT && b[1] < -MERCATOR_MAX_LAT;
  return onAntimeridian || offMercator;
}

/** Split lines wherever they run along a cut edge, dropping those edges. */
function dropCutEdges(lines) {
  const out = [];
  for (const line of lines) {
    let current = [line[0]];
    for (let i = 1; i < line.length; i++) {
      const a = line[i - 1];
      const b = line[i];
      if (isCutEdge(a, b)) {
        if (current.length >= 2) out.push(current);
        current = [b];
      } else {
        current.push(b);
      }
    }
    if (current.length >= 2) out.push(current);
  }
  return out;
}

/** Serialise one layer: features → parts → points. */
function encodeLayer(features) {
  let size = 4;
  for (const parts of features) {
    size += 4;
    for (const part of parts) size += 4 + part.length * 8;
  }
  const buf = Buffer.alloc(size);
  let o = 0;
  buf.writeUInt32LE(features.length, o);
  o += 4;
  for (const parts of features) {
    buf.writeUInt32LE(parts.length, o);
    o += 4;
    for (const part of parts) {
      buf.writeUInt32LE(part.length, o);
      o += 4;
      for (const [lon, lat] of part) {
        buf.writeInt32LE(micro(lon), o);
        buf.writeInt32LE(micro(lat), o + 4);
        o += 8;
      }
    }
  }
  return buf;
}

function convert(resolution) {
  const file = require.resolve(`world-atlas/countries-${resolution}.json`);
  const topo = require(file);

  const land = polygonsOf(topojson.feature(topo, topo.objects.land))
    .flatMap(cutPolygon)
    .filter((rings) => rings.length > 0 && rings[0].length >= 4);
  const coast = dropCutEdges(
    splitAtAntimeridian(topojson.mesh(topo, topo.objects.land).coordinates),
  );
  const borders = splitAtAntimeridian(
    topojson.mesh(topo, topo.objects.countries, (a, b) => a !== b).coordinates,
  );

  const header = Buffer.alloc(8);
  header.write(MAGIC, 0, "ascii");
  header.writeUInt32LE(VERSION, 4);
  const out = Buffer.concat([
    header,
    encodeLayer(land),
    encodeLayer(coast.map((line) => [line])),
    encodeLayer(borders.map((line) => [line])),
  ]);

  const name = `ne_${resolution}.bin`;
  writeFileSync(join(OUT_DIR, name), out);
  const points = (fs) => fs.flat().reduce((n, part) => n + part.length, 0);
  console.log(
    `${name}: ${out.length} bytes; land ${land.length} polygons / ${points(land)} points, ` +
      `coastlines ${coast.length} lines / ${points(coast.map((l) => [l]))} points, ` +
      `borders ${borders.length} lines / ${points(borders.map((l) => [l]))} points`,
  );
}

for (const resolution of ["110m", "50m", "10m"]) convert(resolution);
