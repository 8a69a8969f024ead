// Writes `labels.tsv` next to this script: one line per country of Natural Earth 1:110m (from the
// `world-atlas` npm package), with a point inside it to place its name at and its area.
//
// Usage (see README.md in this folder):
//
//   cd "$(mktemp -d)"
//   npm install world-atlas@2.0.2 topojson-client@3.1.0
//   node /path/to/travelmap/assets/basemap/labels.mjs
//
// The point is the one of a grid over the country's largest polygon that lies inside it and farthest
// from its outline (a coarse "pole of inaccessibility"), so a name sits inside Chile or Norway rather
// than at a centroid in the sea. Distances are measured with longitudes scaled by cos(latitude).
// Columns: name, longitude, latitude (degrees, longitude first, 2 decimals), area (km², rounded to
// 1000). Sorted by area, largest first. Deterministic: same packages, same file.

import { createRequire } from "node:module";
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(join(process.cwd(), "package.json"));
const topojson = require("topojson-client");
const topo = require("world-atlas/countries-110m.json");

const R = 6371;
const rad = (d) => (d * Math.PI) / 180;

// Area of a ring on the sphere, km² (absolute value).
function ringArea(ring) {
  let sum = 0;
  for (let i = 0; i < ring.length - 1; i++) {
    const [x1, y1] = ring[i];
    const [x2, y2] = ring[i + 1];
    sum += rad(x2 - x1) * (2 + Math.sin(rad(y1)) + Math.sin(rad(y2)));
  }
  return Math.abs((sum * R * R) / 2);
}

function inside(point, rings) {
  let odd = false;
  for (const ring of rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i];
      const [xj, yj] = ring[j];
      if (yi > point[1] !== yj > point[1] && point[0] < ((xj - xi) * (point[1] - yi)) / (yj - yi) + xi) {
        odd = !odd;
      }
    }
  }
  return odd;
}

function distanceToOutline(point, rings) {
  const k = Math.cos(rad(point[1]));
  let best = Infinity;
  for (const ring of rings) {
    for (let i = 0; i < ring.length - 1; i++) {
      const ax = (ring[i][0] - point[0]) * k, ay = ring[i][1] - point[1];
      const bx = (ring[i + 1][0] - point[0]) * k, by = ring[i + 1][1] - point[1];
      const dx = bx - ax, dy = by - ay;
      const len = dx * dx + dy * dy;
      const t = len > 0 ? Math.max(0, Math.min(1, -(ax * dx + ay * dy) / len)) : 0;
      best = Math.min(best, Math.hypot(ax + t * dx, ay + t * dy));
    }
  }
  return best;
}

function labelPoint(rings) {
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [x, y] of rings[0]) {
    minX = Math.min(minX, x); maxX = Math.max(maxX, x);
    minY = Math.min(minY, y); maxY = Math.max(maxY, y);
  }
  const n = 48;
  let best = null, bestD = -1;
  for (let i = 0; i <= n; i++) {
    for (let j = 0; j <= n; j++) {
      const p = [minX + ((maxX - minX) * i) / n, minY + ((maxY - minY) * j) / n];
      if (!inside(p, rings)) continue;
      const d = distanceToOutline(p, rings);
      if (d > bestD) { bestD = d; best = p; }
    }
  }
  return best ?? rings[0][0];
}

// Polygons that cross the antimeridian come with a jump of ~360° in longitude: make them continuous.
function unwrap(ring) {
  const out = [ring[0].slice()];
  for (let i = 1; i < ring.length; i++) {
    let x = ring[i][0];
    const prev = out[i - 1][0];
    while (x - prev > 180) x -= 360;
    while (x - prev < -180) x += 360;
    out.push([x, ring[i][1]]);
  }
  return out;
}

const countries = topojson.feature(topo, topo.objects.countries).features;
const rows = [];
for (const c of countries) {
  const g = c.geometry;
  if (!g || !c.properties?.name) continue;
  const polygons = g.type === "Polygon" ? [g.coordinates] : g.coordinates;
  let largest = null, largestArea = -1, total = 0;
  for (const raw of polygons) {
    const p = raw.map(unwrap);
    const a = ringArea(p[0]);
    total += a;
    if (a > largestArea) { largestArea = a; largest = p; }
  }
  if (!largest) continue;
  let [lon, lat] = labelPoint(largest);
  lon = ((((lon + 180) % 360) + 360) % 360) - 180;
  rows.push([c.properties.name, lon.toFixed(2), lat.toFixed(2), Math.round(total / 1000) * 1000]);
}
rows.sort((a, b) => b[3] - a[3] || a[0].localeCompare(b[0]));
const out = join(dirname(fileURLToPath(import.meta.url)), "labels.tsv");
writeFileSync(out, "name\tlon\tlat\tarea_km2\n" + rows.map((r) => r.join("\t")).join("\n") + "\n");
console.log(`${rows.length} countries → ${out}`);
