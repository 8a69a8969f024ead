//! Routes as the map draws them, tessellated once per zoom level and reused from frame to frame.
//!
//! Scrubbing the timeline redraws mostly the same routes at the same zoom. Projecting every point of
//! every route (a `tan` and an `asinh` each) and tessellating every anti-aliased polyline again each
//! frame was most of a frame at a million events. Here a route is projected once per zoom, thinned to
//! points at least [`MIN_SPACING_PX`] apart, and tessellated in white relative to where it starts; a
//! frame only moves those vertices to the start's place on screen and tints them ([`append_tinted`]).
//!
//! Zooming reuses them too: meshes are made at zoom levels rounded to [`ZOOM_STEPS`] a level, and drawn
//! scaled by what is left (at most 2^(1/16), 4.4 %, which thickens or thins the lines by as much). A
//! pinch or a smooth zoom so tessellates every route once per step, not once per frame.
//!
//! The memo keeps the routes drawn recently: past [`KEEP`] routes it forgets the oldest not drawn in the
//! last frame, a few per frame (as many as were added), so its size is bounded by what is drawn, not by
//! the dataset, and no frame pays for a big clear-out. It is cleared when the rounded zoom, the pixel
//! density or egui's tessellation options change.

use std::collections::{HashMap, VecDeque};

use egui::epaint::{Mesh, TessellationOptions, Tessellator};
use egui::{Color32, Pos2, Shape, Stroke, Vec2};

use super::TILE_SIZE_PX;
use super::scene::{Route, RouteIdx};
use crate::geodesy::{self, Point};
use crate::style;

/// Points of a drawn route closer than this to the last one kept are dropped. A great circle bends so
/// little over a few points that the chords stay within a hundredth of a point of the curve.
pub const MIN_SPACING_PX: f32 = 10.0;
/// The memo holds at most about this many routes (a few kilobytes each), forgetting the oldest not drawn
/// in the last frame.
pub const KEEP: usize = 6_000;
/// Meshes are made at zoom levels that are multiples of 1 / `ZOOM_STEPS`, and scaled in between.
pub const ZOOM_STEPS: f64 = 8.0;

/// One route at one zoom, in points relative to its first point's place on screen.
#[derive(Clone, Debug)]
pub struct RouteMesh {
    /// The route's first point: where the mesh is anchored.
    pub start: Point,
    /// The line and its direction mark, in white, ready to be tinted.
    pub mesh: Mesh,
    /// The thinned polyline, each point with its fraction of the way along (0..=1), for trails.
    pub parts: Vec<Vec<(Vec2, f32)>>,
    /// The same line dashed, for legs whose times are estimated; made on first use.
    pub dashed: Option<Mesh>,
}

/// What the memo's meshes depend on besides the route.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Key {
    zoom: f64,
    pixels_per_point: f32,
    feathering: bool,
    feathering_px: f32,
}

impl Key {
    fn new(zoom: f64, pixels_per_point: f32, options: &TessellationOptions) -> Self {
        Self {
            zoom,
            pixels_per_point,
            feathering: options.feathering,
            feathering_px: options.feathering_size_in_pixels,
        }
    }
}

/// Tessellated routes at the current zoom, with the frame in which each was last drawn.
#[derive(Clone)]
pub struct RouteMeshes {
    key: Option<Key>,
    /// Made for the current key, and reused for every route built.
    tessellator: Option<Tessellator>,
    frame: u64,
    routes: HashMap<RouteIdx, (u64, RouteMesh)>,
    /// The routes held, oldest first, for forgetting.
    order: VecDeque<RouteIdx>,
    /// Vertices of all routes drawn in the last frame, to size the next frame's mesh at once.
    pub last_vertices: usize,
    /// How much the meshes are scaled this frame: the zoom asked for against the rounded one.
    scale: f32,
}

impl Default for RouteMeshes {
    fn default() -> Self {
        Self {
            key: None,
            tessellator: None,
            frame: 0,
            routes: HashMap::new(),
            order: VecDeque::new(),
            last_vertices: 0,
            scale: 1.0,
        }
    }
}

impl RouteMeshes {
    /// Starts a frame at `zoom`: forgets everything if what the meshes depend on changed, and, while the
    /// memo holds more than [`KEEP`] routes, the oldest not drawn in the last frame.
    pub fn begin_frame(&mut self, zoom: f64, pixels_per_point: f32, options: TessellationOptions) {
        let rounded = (zoom * ZOOM_STEPS).round() / ZOOM_STEPS;
        self.scale = (zoom - rounded).exp2() as f32;
        let key = Key::new(rounded, pixels_per_point, &options);
        if self.key != Some(key) {
            self.routes.clear();
            self.order.clear();
            self.key = Some(key);
            self.tessellator = Some(Tessellator::new(
                pixels_per_point,
                options,
                [1, 1],
                Vec::new(),
            ));
        }
        // Each route held is looked at once at most, so a frame that drew more than `KEEP` ends this.
        for _ in 0..self.order.len() {
            if self.routes.len() <= KEEP {
                break;
            }
            let Some(idx) = self.order.pop_front() else {
                break;
            };
            if self
                .routes
                .get(&idx)
                .is_some_and(|(used, _)| *used >= self.frame)
            {
                self.order.push_back(idx);
            } else {
                self.routes.remove(&idx);
            }
        }
        self.frame += 1;
    }

    /// How much to scale this frame's meshes (and trails) around their start: between 2^(−1/16) and
    /// 2^(1/16).
    pub fn scale(&self) -> f32 {
        self.scale
    }

    /// The physical pixels per point this frame's meshes are made for (1 before the first frame).
    pub fn pixels_per_point(&self) -> f32 {
        self.key.map_or(1.0, |k| k.pixels_per_point)
    }

    /// How many routes are held.
    pub fn len(&self) -> usize {
        self.routes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.routes.is_empty()
    }

    /// The mesh of `route`, tessellating it on first use at this zoom.
    pub fn get(&mut self, idx: RouteIdx, route: &Route) -> &RouteMesh {
        let frame = self.frame;
        let (Some(key), Some(tessellator)) = (self.key, self.tessellator.as_mut()) else {
            // `begin_frame` was not called: build at zoom 0 rather than fail.
            self.begin_frame(0.0, 1.0, TessellationOptions::default());
            return self.get(idx, route);
        };
        let entry = self.routes.entry(idx).or_insert_with(|| {
            self.order.push_back(idx);
            (frame, build(route, key.zoom, tessellator))
        });
        entry.0 = frame;
        &entry.1
    }
}

impl RouteMeshes {
    /// The mesh of `route` with its dashed line made too (see [`RouteMesh::dashed`]).
    pub fn get_dashed(&mut self, idx: RouteIdx, route: &Route) -> &RouteMesh {
        let needs_dashes = self.get(idx, route).dashed.is_none();
        if needs_dashes
            && let (Some(tessellator), Some((_, mesh))) =
                (self.tessellator.as_mut(), self.routes.get_mut(&idx))
        {
            mesh.dashed = Some(dashed(
                mesh,
                route,
                self.key.map_or(0.0, |k| k.zoom),
                tessellator,
            ));
        }
        self.get(idx, route)
    }
}

/// The route's line in dashes of [`style::ESTIMATED_DASH`], with its direction mark.
fn dashed(mesh: &RouteMesh, route: &Route, zoom: f64, tessellator: &mut Tessellator) -> Mesh {
    let (dash, gap) = style::ESTIMATED_DASH;
    let mut out = Mesh::default();
    for part in &mesh.parts {
        let points: Vec<Pos2> = part.iter().map(|(v, _)| v.to_pos2()).collect();
        let stroke = Stroke::new(style::ROUTE_WIDTH, Color32::WHITE);
        for shape in Shape::dashed_line(&points, stroke, dash, gap) {
            tessellator.tessellate_shape(shape, &mut out);
        }
    }
    let world = TILE_SIZE_PX * zoom.exp2();
    let origin = geodesy::web_mercator_unit(route.start);
    let origin = route
        .parts()
        .first()
        .and_then(|p| p.first())
        .copied()
        .unwrap_or(origin);
    let offset = |[x, y]: [f64; 2]| {
        Vec2::new(
            ((x - origin[0]) * world) as f32,
            ((y - origin[1]) * world) as f32,
        )
    };
    if let Some(arrow) = direction_mark(route, &offset) {
        tessellator.tessellate_shape(arrow, &mut out);
    }
    out
}

impl std::fmt::Debug for RouteMeshes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RouteMeshes")
            .field("key", &self.key)
            .field("routes", &self.routes.len())
            .finish_non_exhaustive()
    }
}

fn build(route: &Route, zoom: f64, tessellator: &mut Tessellator) -> RouteMesh {
    let world = TILE_SIZE_PX * zoom.exp2();
    let origin = route
        .parts()
        .first()
        .and_then(|p| p.first())
        .copied()
        .unwrap_or_else(|| geodesy::web_mercator_unit(route.start));
    let offset = |[x, y]: [f64; 2]| {
        Vec2::new(
            ((x - origin[0]) * world) as f32,
            ((y - origin[1]) * world) as f32,
        )
    };
    // A route in one part is evenly densified: point i is i / (n - 1) of the way. One split at the
    // antimeridian is not, and its fractions are measured.
    let even = route.parts().len() == 1;
    let segments = route
        .parts()
        .first()
        .map_or(1, |p| p.len().saturating_sub(1).max(1)) as f64;
    let total_km = route.distance_km.max(f64::MIN_POSITIVE);
    let mut parts = Vec::with_capacity(route.parts().len());
    for part in route.parts() {
        let mut kept: Vec<(Vec2, f32)> = Vec::with_capacity(part.len());
        for (i, p) in part.iter().enumerate() {
            let at = offset(*p);
            let is_last = i + 1 == part.len();
            let far_enough = kept
                .last()
                .is_none_or(|(last, _)| (at - *last).length_sq() >= MIN_SPACING_PX.powi(2));
            if far_enough || is_last {
                let along = if even {
                    i as f64 / segments
                } else {
                    geodesy::distance_km(route.start, geodesy::from_web_mercator_unit(*p))
                        / total_km
                };
                if is_last && !far_enough && kept.len() > 1 {
                    kept.pop();
                }
                kept.push((at, along.clamp(0.0, 1.0) as f32));
            }
        }
        parts.push(kept);
    }

    let points: usize = parts.iter().map(Vec::len).sum();
    let mut mesh = Mesh::default();
    // A stroked line takes at most 4 vertices and 6 triangles a point; the arrow a few more.
    mesh.reserve_vertices(4 * points + 8);
    mesh.reserve_triangles(6 * points + 8);
    for part in &parts {
        let points: Vec<Pos2> = part.iter().map(|(v, _)| v.to_pos2()).collect();
        tessellator.tessellate_shape(
            Shape::line(points, Stroke::new(style::ROUTE_WIDTH, Color32::WHITE)),
            &mut mesh,
        );
    }
    if let Some(arrow) = direction_mark(route, &offset) {
        tessellator.tessellate_shape(arrow, &mut mesh);
    }
    RouteMesh {
        start: route.start,
        mesh,
        parts,
        dashed: None,
    }
}

/// A small arrowhead in the middle of the longest part, pointing along the route.
fn direction_mark(route: &Route, offset: &impl Fn([f64; 2]) -> Vec2) -> Option<Shape> {
    let part = route.parts().iter().max_by_key(|p| p.len())?;
    if part.len() < 3 {
        return None;
    }
    let mid = part.len() / 2;
    let (a, b) = (offset(part[mid - 1]), offset(part[mid + 1]));
    let dir = (b - a).normalized();
    if !dir.is_finite() || dir == Vec2::ZERO {
        return None;
    }
    let tip = offset(part[mid]).to_pos2() + dir * 5.0;
    let side = dir.rot90() * 4.5;
    let back = tip - dir * 10.0;
    Some(Shape::convex_polygon(
        vec![tip, back + side, back - side],
        Color32::WHITE,
        Stroke::NONE,
    ))
}

/// Appends `mesh` to `out`, scaled by `scale` around its origin, moved by `by` and tinted with `tint`
/// (white becomes `tint`; the feathered edges keep their share of it).
pub fn append_tinted(out: &mut Mesh, mesh: &Mesh, by: Vec2, scale: f32, tint: Color32) {
    let base = out.vertices.len() as u32;
    let tint = tint.to_array().map(u16::from);
    // (a · b + 255) >> 8 is within one of a · b / 255, and exact for 0 and 255.
    let times = |a: u8, b: u16| ((u16::from(a) * b + 255) >> 8) as u8;
    out.vertices.extend(mesh.vertices.iter().map(|v| {
        let [r, g, b, a] = v.color.to_array();
        egui::epaint::Vertex {
            pos: (v.pos.to_vec2() * scale + by).to_pos2(),
            uv: v.uv,
            color: Color32::from_rgba_premultiplied(
                times(r, tint[0]),
                times(g, tint[1]),
                times(b, tint[2]),
                times(a, tint[3]),
            ),
        }
    }));
    out.indices.extend(mesh.indices.iter().map(|i| base + i));
}

/// The part of a route flown by `fraction`, in points on screen: the thinned points before it (scaled
/// by `scale` around the start, as the mesh is), then `at`, the traveller's exact position.
pub fn trail(
    mesh: &RouteMesh,
    start_on_screen: Pos2,
    scale: f32,
    fraction: f64,
    at: Pos2,
) -> Vec<Vec<Pos2>> {
    let fraction = fraction as f32;
    let mut parts = Vec::new();
    for part in &mesh.parts {
        let flown: Vec<Pos2> = part
            .iter()
            .take_while(|(_, along)| *along < fraction)
            .map(|(v, _)| start_on_screen + *v * scale)
            .collect();
        let whole = flown.len() == part.len();
        if !flown.is_empty() {
            parts.push(flown);
        }
        if !whole {
            break;
        }
    }
    match parts.last_mut() {
        Some(last) => last.push(at),
        None => parts.push(vec![at]),
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::PlaceIdx;
    use crate::geodesy::lat_lon;

    fn route(from: Point, to: Point) -> Route {
        Route::new(PlaceIdx(0), PlaceIdx(1), from, to)
    }

    fn fort_lauderdale_st_petersburg() -> Route {
        route(lat_lon(26.0725, -80.1528), lat_lon(59.8003, 30.2625))
    }

    fn meshes(zoom: f64) -> RouteMeshes {
        let mut m = RouteMeshes::default();
        m.begin_frame(zoom, 1.0, TessellationOptions::default());
        m
    }

    #[test]
    fn points_are_thinned_but_the_ends_are_kept() {
        let r = fort_lauderdale_st_petersburg();
        let mut m = meshes(1.0);
        let mesh = m.get(RouteIdx(0), &r).clone();
        let part = &mesh.parts[0];
        assert!(part.len() < r.parts()[0].len() / 2, "{} points", part.len());
        assert!(part.len() >= 3);
        for w in part.windows(2).take(part.len() - 2) {
            assert!((w[1].0 - w[0].0).length() >= MIN_SPACING_PX);
        }
        assert_eq!(part[0], (Vec2::ZERO, 0.0));
        // The last point is the destination, in Web-Mercator points at zoom 1 (world 512 wide).
        let end = part.last().unwrap();
        let [x0, y0] = r.parts()[0][0];
        let [x1, y1] = *r.parts()[0].last().unwrap();
        let expected = Vec2::new(((x1 - x0) * 512.0) as f32, ((y1 - y0) * 512.0) as f32);
        assert!(
            (end.0 - expected).length() < 1e-3,
            "{:?} vs {expected:?}",
            end.0
        );
        assert!((end.1 - 1.0).abs() < 1e-6);
        // Fractions grow along the route.
        assert!(part.windows(2).all(|w| w[0].1 < w[1].1));
    }

    #[test]
    fn a_mesh_is_made_once_per_zoom() {
        let r = fort_lauderdale_st_petersburg();
        let mut m = meshes(2.0);
        let first = m.get(RouteIdx(0), &r).mesh.vertices.len();
        assert!(first > 0);
        m.begin_frame(2.0, 1.0, TessellationOptions::default());
        assert_eq!(m.len(), 1, "same zoom: kept");
        m.begin_frame(5.0, 1.0, TessellationOptions::default());
        assert!(m.is_empty(), "new zoom: forgotten");
        // Closer in, more points survive the thinning.
        assert!(m.get(RouteIdx(0), &r).mesh.vertices.len() > first);
    }

    #[test]
    fn zooming_within_a_step_reuses_the_meshes_scaled() {
        let r = fort_lauderdale_st_petersburg();
        let mut m = meshes(3.0);
        let at_3 = m.get(RouteIdx(0), &r).clone();
        // A smooth zoom: a few hundredths of a level a frame stay within the step around 3.
        for zoom in [3.01, 3.03, 3.06, 2.95] {
            m.begin_frame(zoom, 1.0, TessellationOptions::default());
            assert_eq!(m.len(), 1, "kept at {zoom}");
            assert!((f64::from(m.scale()) - (zoom - 3.0).exp2()).abs() < 1e-6);
        }
        // Drawn scaled, the route ends where a mesh made at that zoom ends.
        m.begin_frame(3.06, 1.0, TessellationOptions::default());
        let scale = m.scale();
        let mut scaled = Mesh::default();
        append_tinted(&mut scaled, &at_3.mesh, Vec2::ZERO, scale, Color32::WHITE);
        let end_scaled = *at_3.parts[0].last().unwrap();
        let exact = build(
            &r,
            3.06,
            &mut Tessellator::new(1.0, TessellationOptions::default(), [1, 1], Vec::new()),
        );
        let end_exact = exact.parts[0].last().unwrap().0;
        assert!(
            (end_scaled.0 * scale - end_exact).length() < 1e-2,
            "{:?} vs {end_exact:?}",
            end_scaled.0 * scale
        );
        // A step further, the meshes are made again.
        m.begin_frame(3.2, 1.0, TessellationOptions::default());
        assert!(m.is_empty());
    }

    #[test]
    fn the_memo_forgets_routes_not_drawn_lately_when_full() {
        let r = fort_lauderdale_st_petersburg();
        let mut m = meshes(1.0);
        for i in 0..=KEEP as u32 {
            m.get(RouteIdx(i), &r);
        }
        m.begin_frame(1.0, 1.0, TessellationOptions::default());
        assert_eq!(
            m.len(),
            KEEP + 1,
            "over the limit, but all drawn in the last frame"
        );
        m.get(RouteIdx(0), &r);
        m.get(RouteIdx(KEEP as u32 + 1), &r);
        m.get(RouteIdx(KEEP as u32 + 2), &r);
        m.begin_frame(1.0, 1.0, TessellationOptions::default());
        assert_eq!(m.len(), KEEP, "back to the limit");
        // The oldest not drawn in the last frame went: 1, 2 and 3, but not 0.
        m.begin_frame(1.0, 1.0, TessellationOptions::default());
        assert_eq!(m.len(), KEEP, "at the limit: nothing more forgotten");
        let before = m.len();
        let mesh_of_0 = m.get(RouteIdx(0), &r).mesh.vertices.len();
        assert_eq!(m.len(), before, "route 0 was still held");
        assert!(mesh_of_0 > 0);
        m.get(RouteIdx(1), &r);
        assert_eq!(m.len(), before + 1, "route 1 had been forgotten");
    }

    #[test]
    fn tinting_moves_and_colours_every_vertex() {
        let r = fort_lauderdale_st_petersburg();
        let mut m = meshes(2.0);
        let mesh = m.get(RouteIdx(0), &r).mesh.clone();
        let mut out = Mesh::default();
        append_tinted(&mut out, &mesh, Vec2::new(100.0, 50.0), 1.0, Color32::RED);
        append_tinted(&mut out, &mesh, Vec2::ZERO, 1.0, Color32::BLUE);
        assert!(out.is_valid());
        assert_eq!(out.vertices.len(), 2 * mesh.vertices.len());
        assert_eq!(
            out.vertices[0].pos,
            mesh.vertices[0].pos + Vec2::new(100.0, 50.0)
        );
        let opaque = out.vertices[..mesh.vertices.len()]
            .iter()
            .filter(|v| v.color.a() == 255);
        assert!(opaque.clone().count() > 0);
        assert!(opaque.into_iter().all(|v| v.color == Color32::RED));
        assert!(
            out.vertices[mesh.vertices.len()..]
                .iter()
                .all(|v| v.color.r() == 0 && v.color.g() == 0)
        );
    }

    #[test]
    fn a_trail_ends_at_the_traveller() {
        let r = fort_lauderdale_st_petersburg();
        let mut m = meshes(3.0);
        let mesh = m.get(RouteIdx(0), &r).clone();
        let start = Pos2::new(10.0, 20.0);
        let at = Pos2::new(300.0, -40.0);
        let trail = trail(&mesh, start, 1.0, 0.5, at);
        assert_eq!(trail.len(), 1);
        assert_eq!(trail[0][0], start);
        assert_eq!(trail[0].last(), Some(&at));
        let half = mesh.parts[0].iter().filter(|(_, f)| *f < 0.5).count();
        assert_eq!(trail[0].len(), half + 1);
        assert_eq!(super::trail(&mesh, start, 1.0, 0.0, at), vec![vec![at]]);
    }

    #[test]
    fn a_pacific_route_keeps_its_two_parts() {
        // Tokyo → Los Angeles crosses the antimeridian.
        let r = route(lat_lon(35.68, 139.69), lat_lon(34.05, -118.24));
        assert_eq!(r.parts().len(), 2);
        let mut m = meshes(2.0);
        let mesh = m.get(RouteIdx(0), &r).clone();
        assert_eq!(mesh.parts.len(), 2);
        // The second part starts on the other side of the world (≈ one world width to the west).
        let jump = mesh.parts[1][0].0.x - mesh.parts[0].last().unwrap().0.x;
        assert!((jump + 1024.0).abs() < 2.0, "jump {jump}");
        // A trail past the crossing has both parts.
        let t = trail(&mesh, Pos2::ZERO, 1.0, 0.9, Pos2::new(1.0, 1.0));
        assert_eq!(t.len(), 2);
    }

    #[test]
    fn meshes_land_where_walkers_projects_the_route() {
        use walkers::{MapMemory, MercatorProjection, Projector};
        let r = fort_lauderdale_st_petersburg();
        for zoom in [1.8, 4.3, 9.0] {
            let mut memory = MapMemory::default();
            memory.set_zoom(zoom).unwrap();
            memory.center_at(lat_lon(45.0, -20.0));
            let rect = egui::Rect::from_min_size(Pos2::new(30.0, 40.0), Vec2::new(1200.0, 700.0));
            let projector = Projector::new(rect, &MercatorProjection, &memory, lat_lon(0.0, 0.0));
            let mut m = RouteMeshes::default();
            m.begin_frame(projector.zoom(), 1.0, TessellationOptions::default());
            let mesh = m.get(RouteIdx(0), &r).clone();
            let start = projector.project(mesh.start).to_pos2();
            let end = projector.project(r.end).to_pos2();
            // Drawn at the rounded zoom, scaled by the rest.
            let drawn_end = start + mesh.parts[0].last().unwrap().0 * m.scale();
            assert!(
                (drawn_end - end).length() < 0.05,
                "zoom {zoom}: {drawn_end:?} vs {end:?}"
            );
        }
    }
}
