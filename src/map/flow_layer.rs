//! Every leg of the time window drawn at once, as a flow map: the great-circle routes of all legs that
//! arrived in the window are rasterised into one per-pixel count buffer the size of the map in physical
//! pixels, and the counts are tone-mapped to colour (one leg faint but visible, a busy corridor strong),
//! so the window can show 100,000 legs for the price of one texture instead of 100,000 meshes.
//!
//! Key decision: the buffer holds integer sums, so it can be kept up to date exactly. A route taken by
//! `n` legs adds `n × coverage` to each pixel it crosses, with coverage a whole number 0..=255 from an
//! anti-aliased line (Wu's idea, widened to any width). Adding a leg and removing it again leaves every
//! pixel as it was, so when the window moves only the legs that entered or left it are drawn (with
//! weight +1 or −1, wrapping arithmetic): the legs in the window are a contiguous slice of the time
//! index's arrival-sorted list, and the layer remembers which slice it holds. It starts again from
//! nothing only when that is cheaper (the change is bigger than the new slice), or when the view, the
//! index (the person filter) or the data changed.
//!
//! The layer remembers the view it was drawn for ([`PixelView`]); the caller may keep drawing it at the
//! current projection of that view (panning is then free and zooming roughly right) and ask for a
//! rebuild once the view is still. A rebuild draws each route once, on all cores, into one buffer per
//! thread that are then summed.
//!
//! No egui here: colours come in as bytes ([`Tone`]), and what changed goes out as pixel rectangles
//! ([`FlowLayer::take_dirty`]), coloured straight from the counts ([`FlowLayer::colours`]) into what the
//! caller uploads: no second full-size buffer of colours is kept.

use std::ops::Range;

use chrono::{DateTime, Utc};
use rayon::prelude::*;

use super::TILE_SIZE_PX;
use super::scene::{Route, Scene};
use super::visible::overlaps;
use crate::data::LegIdx;
use crate::geodesy::{self, GeoBounds};

/// The longest step, in pixels, along a route's great circle as the layer walks it, unless the route's
/// own [`crate::map::scene::ROUTE_SEGMENT_KM`] is longer (zoomed far in): a chord of 8 pixels strays
/// from an arc a few hundred pixels across by a few hundredths of a pixel.
pub const MAX_STEP_PX: f64 = 8.0;
/// Dirty pixels are tracked in square tiles of this many pixels a side.
pub const TILE_PX: usize = 16;
/// A route taken by one leg is this wide, in points; it widens by [`WIDTH_PER_DOUBLING_PT`] each time
/// its number of legs doubles, up to [`MAX_WIDTH_PT`].
pub const BASE_WIDTH_PT: f64 = 1.0;
pub const WIDTH_PER_DOUBLING_PT: f64 = 0.5;
pub const MAX_WIDTH_PT: f64 = 3.0;
/// Coverage of a pixel that a line covers whole.
pub const FULL: u32 = 255;
/// Changed tiles in a row of tiles are uploaded together when at most this many unchanged ones lie
/// between them: fewer, larger uploads.
const MERGE_GAP_TILES: usize = 4;
/// Above this many routes changed, a rebuild draws them on all cores.
const PARALLEL_ABOVE: usize = 256;

/// How the layer's pixels map to the world: the map's view in physical pixels.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PixelView {
    /// The Web-Mercator unit coordinates ([`geodesy::web_mercator_unit`]) at the view's centre.
    pub center: [f64; 2],
    /// Pixels per Web-Mercator unit: the world's width in pixels at this zoom.
    pub px_per_unit: f64,
    pub width: usize,
    pub height: usize,
}

impl PixelView {
    /// The view of a map at `zoom` centred on `center` (unit coordinates), `width`×`height` physical
    /// pixels at `pixels_per_point`.
    pub fn new(
        center: [f64; 2],
        zoom: f64,
        pixels_per_point: f32,
        width: usize,
        height: usize,
    ) -> Self {
        Self {
            center,
            px_per_unit: TILE_SIZE_PX * zoom.exp2() * f64::from(pixels_per_point),
            width,
            height,
        }
    }

    /// Where Web-Mercator unit coordinates `u` are, in pixels from the view's top-left corner. The one
    /// mapping from the routes' geometry to the layer's pixels.
    pub fn unit_to_px(&self, u: [f64; 2]) -> [f64; 2] {
        [
            (u[0] - self.center[0]) * self.px_per_unit + self.width as f64 / 2.0,
            (u[1] - self.center[1]) * self.px_per_unit + self.height as f64 / 2.0,
        ]
    }

    /// The unit coordinates at pixel position `p` (the inverse of [`PixelView::unit_to_px`]).
    pub fn px_to_unit(&self, p: [f64; 2]) -> [f64; 2] {
        [
            (p[0] - self.width as f64 / 2.0) / self.px_per_unit + self.center[0],
            (p[1] - self.height as f64 / 2.0) / self.px_per_unit + self.center[1],
        ]
    }

    /// Whether `other` shows the same pixels: the same size and scale, and a centre less than a
    /// hundredth of a pixel away (the centre comes back through a projection each frame, and may differ
    /// in its last bits).
    pub fn same_as(&self, other: &Self) -> bool {
        self.width == other.width
            && self.height == other.height
            && (self.px_per_unit - other.px_per_unit).abs() <= self.px_per_unit * 1e-12
            && (self.center[0] - other.center[0]).abs() * self.px_per_unit < 0.01
            && (self.center[1] - other.center[1]).abs() * self.px_per_unit < 0.01
    }

    /// The unit rectangle the view covers: top-left and bottom-right corners.
    pub fn unit_rect(&self) -> ([f64; 2], [f64; 2]) {
        (
            self.px_to_unit([0.0, 0.0]),
            self.px_to_unit([self.width as f64, self.height as f64]),
        )
    }

    /// The part of the world in view, widened by `margin_px`, for culling routes.
    fn geo_bounds(&self, margin_px: f64) -> GeoBounds {
        let a = self.px_to_unit([-margin_px, -margin_px]);
        let b = self.px_to_unit([
            self.width as f64 + margin_px,
            self.height as f64 + margin_px,
        ]);
        let clamp = |u: [f64; 2]| [u[0].clamp(0.0, 1.0), u[1].clamp(0.0, 1.0)];
        let (nw, se) = (
            geodesy::from_web_mercator_unit(clamp(a)),
            geodesy::from_web_mercator_unit(clamp(b)),
        );
        GeoBounds {
            min_lat: se.y(),
            max_lat: nw.y(),
            min_lon: nw.x(),
            max_lon: se.x(),
        }
    }
}

/// How counts become colours: premultiplied RGBA bytes for a pixel with `count` (in coverage units,
/// [`FULL`] per leg crossing it whole).
#[derive(Clone, Debug, PartialEq)]
pub struct Tone {
    /// The colour of a lone leg, and its opacity at full coverage.
    pub faint: [u8; 3],
    pub faint_alpha: f32,
    /// The colour at [`Tone::full_legs`] legs and more, drawn opaque.
    pub strong: [u8; 3],
    pub full_legs: u32,
    /// Colours by count, up to `full_legs` legs' worth.
    lut: Vec<[u8; 4]>,
}

impl Tone {
    pub fn new(faint: [u8; 3], faint_alpha: f32, strong: [u8; 3], full_legs: u32) -> Self {
        let full_legs = full_legs.max(2);
        let top = (full_legs * FULL) as usize;
        let mut tone = Self {
            faint,
            faint_alpha,
            strong,
            full_legs,
            lut: Vec::new(),
        };
        tone.lut = (0..=top).map(|c| tone.compute(c as u32)).collect();
        tone
    }

    /// The colour of a pixel with `count`.
    pub fn color(&self, count: u32) -> [u8; 4] {
        match self.lut.get(count as usize) {
            Some(c) => *c,
            None => self.lut.last().copied().unwrap_or([0; 4]),
        }
    }

    fn compute(&self, count: u32) -> [u8; 4] {
        let legs = f64::from(count) / f64::from(FULL);
        // Opacity grows with coverage up to one leg, then with the logarithm of the number of legs.
        let strength = if legs < 1.0 {
            0.0
        } else {
            (legs.log2() / f64::from(self.full_legs).log2()).min(1.0)
        };
        let alpha = if legs < 1.0 {
            f64::from(self.faint_alpha) * legs
        } else {
            f64::from(self.faint_alpha) + (1.0 - f64::from(self.faint_alpha)) * strength
        };
        let mix = |i: usize| {
            let c =
                f64::from(self.faint[i]) * (1.0 - strength) + f64::from(self.strong[i]) * strength;
            (c * alpha).round().clamp(0.0, 255.0) as u8
        };
        [
            mix(0),
            mix(1),
            mix(2),
            (alpha * 255.0).round().clamp(0.0, 255.0) as u8,
        ]
    }
}

/// The width in pixels of a route that `legs` legs took.
pub fn width_px(legs: u32, pixels_per_unit_pt: f64) -> f64 {
    let doublings = f64::from(legs.max(1).ilog2());
    (BASE_WIDTH_PT + WIDTH_PER_DOUBLING_PT * doublings).min(MAX_WIDTH_PT) * pixels_per_unit_pt
}

/// What [`FlowLayer::update`] had to do.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Work {
    /// The layer already held this window in this view.
    #[default]
    Nothing,
    /// Only the legs that entered or left the window were drawn.
    Changed { legs: usize, routes: usize },
    /// Everything drawn again from nothing.
    Rebuilt { routes: usize },
}

/// `x.floor()`, `x.ceil()` and (for `x ≥ 0`) `x.round()` without a call into libm: the x86-64 baseline
/// has no rounding instruction, and these run for every pixel a route covers. Exactness of adding and
/// removing a leg needs only that the same inputs give the same result, which they do.
#[inline]
fn floor(x: f64) -> f64 {
    let t = x as i64 as f64;
    if t > x { t - 1.0 } else { t }
}

#[inline]
fn ceil(x: f64) -> f64 {
    let t = x as i64 as f64;
    if t < x { t + 1.0 } else { t }
}

#[inline]
fn round_up_half(x: f64) -> u32 {
    (x + 0.5) as u32
}

/// The counts of one view, and the pixels changed since they were last taken.
#[derive(Clone, Debug, Default)]
struct Raster {
    width: usize,
    height: usize,
    counts: Vec<u32>,
    tiles_x: usize,
    /// Per tile, whether a pixel in it changed; `None` while nothing is tracked (a rebuild).
    dirty: Option<Vec<bool>>,
}

impl Raster {
    fn new(width: usize, height: usize, track: bool) -> Self {
        let tiles_x = width.div_ceil(TILE_PX);
        let tiles_y = height.div_ceil(TILE_PX);
        Self {
            width,
            height,
            counts: vec![0; width * height],
            tiles_x,
            dirty: track.then(|| vec![false; tiles_x * tiles_y]),
        }
    }

    #[inline]
    fn add(&mut self, x: usize, y: usize, value: u32) {
        let i = y * self.width + x;
        if let Some(c) = self.counts.get_mut(i) {
            *c = c.wrapping_add(value);
        }
        if let Some(dirty) = &mut self.dirty
            && let Some(d) = dirty.get_mut((y / TILE_PX) * self.tiles_x + x / TILE_PX)
        {
            *d = true;
        }
    }

    /// Adds `weight × coverage` along the anti-aliased segment `a`–`b`, `half` pixels either side of
    /// it (a hairline, one pixel's worth of coverage a column, when `half` is at most 0.5). Each pixel
    /// column (or row, for a steep segment) whose centre lies in `[a, b)` is covered
    /// once, so consecutive segments of a polyline do not both cover the pixels where they meet.
    fn segment(&mut self, a: [f64; 2], b: [f64; 2], half: f64, weight: u32) {
        let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
        if dx == 0.0 && dy == 0.0 {
            return;
        }
        // Along the major axis `u`, across it `v`.
        let steep = dy.abs() > dx.abs();
        let (ua, va, ub, vb) = if steep {
            (a[1], a[0], b[1], b[0])
        } else {
            (a[0], a[1], b[0], b[1])
        };
        let (u_len, v_len) = if steep {
            (self.height, self.width)
        } else {
            (self.width, self.height)
        };
        let (ua, va, ub, vb) = if ua <= ub {
            (ua, va, ub, vb)
        } else {
            (ub, vb, ua, va)
        };
        let slope = (vb - va) / (ub - ua);
        let half_v = half * slope.mul_add(slope, 1.0).sqrt();
        // Quick reject: the segment's band lies wholly outside the raster across.
        if va.min(vb) + half_v < 0.0 || va.max(vb) - half_v > v_len as f64 {
            return;
        }
        let first = ceil(ua - 0.5).max(0.0);
        let end = ceil(ub - 0.5).min(u_len as f64);
        if first >= end {
            return;
        }
        let (first, end) = (first as usize, end as usize);
        if half <= 0.5 {
            // A hairline: Wu's line, two pixels a column sharing one pixel's worth of coverage.
            for u in first..end {
                let lo = (u as f64 + 0.5 - ua).mul_add(slope, va) - 0.5;
                let below = floor(lo);
                if below < -1.0 || below >= v_len as f64 {
                    continue;
                }
                let upper = round_up_half((1.0 - (lo - below)) * f64::from(FULL)).min(FULL);
                let v = below as isize;
                for (v, coverage) in [(v, upper), (v + 1, FULL - upper)] {
                    if coverage > 0 && v >= 0 && (v as usize) < v_len {
                        let value = weight.wrapping_mul(coverage);
                        if steep {
                            self.add(v as usize, u, value);
                        } else {
                            self.add(u, v as usize, value);
                        }
                    }
                }
            }
            return;
        }
        for u in first..end {
            let vc = (u as f64 + 0.5 - ua).mul_add(slope, va);
            let (lo, hi) = (vc - half_v, vc + half_v);
            let v0 = floor(lo).max(0.0);
            let v1 = ceil(hi).min(v_len as f64);
            if v0 >= v1 {
                continue;
            }
            for v in v0 as usize..v1 as usize {
                let covered = hi.min(v as f64 + 1.0) - lo.max(v as f64);
                let coverage = round_up_half(covered.clamp(0.0, 1.0) * f64::from(FULL));
                if coverage > 0 {
                    let value = weight.wrapping_mul(coverage);
                    if steep {
                        self.add(v, u, value);
                    } else {
                        self.add(u, v, value);
                    }
                }
            }
        }
    }

    /// Adds `weight × coverage` along `route`, `width` pixels wide, as seen in `view`: its great
    /// circle walked in steps of at most [`MAX_STEP_PX`].
    fn route(&mut self, view: &PixelView, route: &Route, weight: u32, width: f64) {
        let half = width / 2.0;
        let segments = route.segments_for(view.px_per_unit, MAX_STEP_PX);
        let mut last: Option<[f64; 2]> = None;
        route.arc.for_each_unit(segments, |starts, u| {
            let p = view.unit_to_px(u);
            if let (false, Some(q)) = (starts, last) {
                self.segment(q, p, half, weight);
            }
            last = Some(p);
        });
    }
}

/// The flow layer: the legs of a window of time, drawn into per-pixel counts, and their colours.
#[derive(Clone, Debug, Default)]
pub struct FlowLayer {
    view: Option<PixelView>,
    /// The time index the slice is of ([`crate::timeline::TimeIndex::id`]).
    source: Option<u64>,
    /// The slice of the index's arrival-sorted legs held.
    range: Range<usize>,
    raster: Raster,
    /// Per route, the legs of the slice that took it.
    route_legs: Vec<u32>,
    /// Routes taken by at least one leg of the slice.
    routes: usize,
    /// Legs of the slice not drawn: a place of theirs is missing.
    unplaced: usize,
    /// Scratch: per route, the change of its legs this update, and the routes changed.
    delta: Vec<i64>,
    touched: Vec<u32>,
    /// Physical pixels per point, for line widths.
    pixels_per_point: f64,
    /// Everything must be coloured again (after a rebuild).
    all_dirty: bool,
}

impl FlowLayer {
    /// The view the layer is drawn for; `None` before its first update.
    pub fn view(&self) -> Option<&PixelView> {
        self.view.as_ref()
    }

    /// The time index the layer's legs are of.
    pub fn source(&self) -> Option<u64> {
        self.source
    }

    /// The slice of the arrival-sorted legs held.
    pub fn range(&self) -> Range<usize> {
        self.range.clone()
    }

    /// Legs drawn in the layer (the slice's legs, less those with a missing place).
    pub fn legs(&self) -> usize {
        self.range.len() - self.unplaced
    }

    /// Legs of the slice that could not be drawn because a place of theirs is missing.
    pub fn unplaced(&self) -> usize {
        self.unplaced
    }

    /// Distinct routes drawn.
    pub fn routes(&self) -> usize {
        self.routes
    }

    /// The count of pixel `(x, y)`, in coverage units ([`FULL`] per leg crossing it whole).
    pub fn count(&self, x: usize, y: usize) -> u32 {
        if x >= self.raster.width {
            return 0;
        }
        self.raster
            .counts
            .get(y * self.raster.width + x)
            .copied()
            .unwrap_or(0)
    }

    /// All counts, row by row.
    pub fn counts(&self) -> &[u32] {
        &self.raster.counts
    }

    /// Whether the layer holds `range` of index `source`, drawn in `view`.
    pub fn holds(&self, source: u64, range: &Range<usize>, view: &PixelView) -> bool {
        self.source == Some(source) && self.range == *range && self.view.as_ref() == Some(view)
    }

    /// Brings the layer to the legs `arrivals[range]` (the arrival-sorted legs of time index `source`),
    /// drawn in `view`, or in the view it already has when `view` is `None`. Draws only the legs that
    /// entered or left the slice, unless they are more than it holds (or many, and half of it), or the
    /// view or index changed.
    pub fn update(
        &mut self,
        scene: &Scene,
        arrivals: &[(DateTime<Utc>, LegIdx)],
        source: u64,
        range: Range<usize>,
        view: Option<PixelView>,
        pixels_per_point: f32,
    ) -> Work {
        let range = range.start.min(arrivals.len())..range.end.min(arrivals.len());
        let range = range.start..range.end.max(range.start);
        let ppp = f64::from(pixels_per_point);
        let view = match (view, self.view) {
            // A view that shows the same pixels keeps the layer's own, exactly.
            (Some(v), Some(own)) if v.same_as(&own) => own,
            (Some(v), _) | (None, Some(v)) => v,
            (None, None) => return Work::Nothing,
        };
        let same_base = self.source == Some(source)
            && self.view == Some(view)
            && self.pixels_per_point == ppp
            && self.route_legs.len() == scene.routes.len();
        if same_base && self.range == range {
            return Work::Nothing;
        }
        let (added, removed) = if same_base {
            slice_delta(&self.range, &range)
        } else {
            (vec![range.clone()], Vec::new())
        };
        let changed: usize = added
            .iter()
            .chain(&removed)
            .map(ExactSizeIterator::len)
            .sum();
        // Drawing the changes is one thread's work, and starting again is every core's: a large
        // change of half the slice or more (a jump to the end of the timeline) is quicker started
        // again.
        let large = changed > PARALLEL_ABOVE && changed.saturating_mul(2) >= range.len();
        if !same_base || changed > range.len() || large {
            return self.rebuild(scene, arrivals, source, range, view, ppp);
        }
        self.delta.resize(scene.routes.len(), 0);
        for (r, sign) in added
            .iter()
            .map(|r| (r, 1))
            .chain(removed.iter().map(|r| (r, -1)))
        {
            for (_, leg) in &arrivals[r.clone()] {
                match placed_route(scene, *leg) {
                    Some(route) => {
                        let d = &mut self.delta[route];
                        if *d == 0 {
                            self.touched.push(route as u32);
                        }
                        *d += sign;
                        // A route entered and left in the same update is still looked at (and skipped).
                    }
                    None if sign > 0 => self.unplaced += 1,
                    None => self.unplaced = self.unplaced.saturating_sub(1),
                }
            }
        }
        let bounds = view.geo_bounds(MAX_WIDTH_PT * ppp + 2.0);
        let mut routes = 0;
        for route_idx in std::mem::take(&mut self.touched) {
            let r = route_idx as usize;
            let d = std::mem::take(&mut self.delta[r]);
            if d == 0 {
                continue;
            }
            let old = self.route_legs[r];
            let new = (i64::from(old) + d).max(0) as u32;
            self.route_legs[r] = new;
            match (old, new) {
                (0, n) if n > 0 => self.routes += 1,
                (o, 0) if o > 0 => self.routes -= 1,
                _ => {}
            }
            let Some(route) = scene.routes.get(r) else {
                continue;
            };
            if !overlaps(&route.bounds, &bounds) {
                continue;
            }
            routes += 1;
            let (w_old, w_new) = (width_px(old, ppp), width_px(new, ppp));
            if old == 0 || new == 0 || w_old == w_new {
                let w = if old == 0 { w_new } else { w_old };
                self.raster.route(&view, route, new.wrapping_sub(old), w);
            } else {
                self.raster
                    .route(&view, route, 0u32.wrapping_sub(old), w_old);
                self.raster.route(&view, route, new, w_new);
            }
        }
        self.range = range;
        Work::Changed {
            legs: changed,
            routes,
        }
    }

    fn rebuild(
        &mut self,
        scene: &Scene,
        arrivals: &[(DateTime<Utc>, LegIdx)],
        source: u64,
        range: Range<usize>,
        view: PixelView,
        ppp: f64,
    ) -> Work {
        self.route_legs.clear();
        self.route_legs.resize(scene.routes.len(), 0);
        self.delta.clear();
        self.touched.clear();
        self.unplaced = 0;
        for (_, leg) in &arrivals[range.clone()] {
            match placed_route(scene, *leg) {
                Some(r) => self.route_legs[r] += 1,
                None => self.unplaced += 1,
            }
        }
        let bounds = view.geo_bounds(MAX_WIDTH_PT * ppp + 2.0);
        let mut drawn: Vec<(usize, u32)> = Vec::new();
        self.routes = 0;
        for (r, legs) in self.route_legs.iter().enumerate() {
            if *legs == 0 {
                continue;
            }
            self.routes += 1;
            if scene
                .routes
                .get(r)
                .is_some_and(|route| overlaps(&route.bounds, &bounds))
            {
                drawn.push((r, *legs));
            }
        }
        let all_routes: &[Route] = &scene.routes;
        let draw = |raster: &mut Raster, list: &[(usize, u32)]| {
            for (r, legs) in list {
                if let Some(route) = all_routes.get(*r) {
                    raster.route(&view, route, *legs, width_px(*legs, ppp));
                }
            }
        };
        let (w, h) = (view.width, view.height);
        let threads = rayon::current_num_threads().max(1);
        let mut raster = if drawn.len() <= PARALLEL_ABOVE || threads == 1 {
            let mut raster = Raster::new(w, h, false);
            draw(&mut raster, &drawn);
            raster
        } else {
            let chunk = drawn.len().div_ceil(threads);
            let mut parts: Vec<Raster> = drawn
                .par_chunks(chunk)
                .map(|list| {
                    let mut raster = Raster::new(w, h, false);
                    draw(&mut raster, list);
                    raster
                })
                .collect();
            let mut first = parts.pop().unwrap_or_else(|| Raster::new(w, h, false));
            const ROWS: usize = 64;
            first
                .counts
                .par_chunks_mut(ROWS * w.max(1))
                .enumerate()
                .for_each(|(i, out)| {
                    let at = i * ROWS * w.max(1);
                    for p in &parts {
                        if let Some(src) = p.counts.get(at..at + out.len()) {
                            for (o, s) in out.iter_mut().zip(src) {
                                *o = o.wrapping_add(*s);
                            }
                        }
                    }
                });
            first
        };
        let tiles = raster.tiles_x * h.div_ceil(TILE_PX);
        raster.dirty = Some(vec![false; tiles]);
        self.raster = raster;
        self.all_dirty = true;
        self.view = Some(view);
        self.source = Some(source);
        self.range = range;
        self.pixels_per_point = ppp;
        Work::Rebuilt {
            routes: drawn.len(),
        }
    }

    /// The rectangles changed since the last call (x, y, width, height, in pixels; runs of changed
    /// tiles in each row of tiles), or the whole layer after a rebuild; colour them with
    /// [`FlowLayer::colours`].
    pub fn take_dirty(&mut self) -> Vec<[usize; 4]> {
        let (w, h) = (self.raster.width, self.raster.height);
        if w == 0 || h == 0 {
            return Vec::new();
        }
        let tiles_x = self.raster.tiles_x;
        let Some(dirty) = &mut self.raster.dirty else {
            return Vec::new();
        };
        if std::mem::take(&mut self.all_dirty) {
            dirty.fill(false);
            return vec![[0, 0, w, h]];
        }
        let mut bands = Vec::new();
        for (ty, row) in dirty.chunks_mut(tiles_x.max(1)).enumerate() {
            let (y0, y1) = (ty * TILE_PX, ((ty + 1) * TILE_PX).min(h));
            // Runs of changed tiles, joined across gaps of up to `MERGE_GAP_TILES` unchanged ones.
            let mut run: Option<(usize, usize)> = None;
            for tx in 0..=row.len() {
                let changed = row.get_mut(tx).is_some_and(std::mem::take);
                if changed {
                    run = Some(match run {
                        Some((first, _)) => (first, tx),
                        None => (tx, tx),
                    });
                } else if let Some((first, last)) = run
                    && (tx - last > MERGE_GAP_TILES || tx == row.len())
                {
                    let x0 = first * TILE_PX;
                    let x1 = ((last + 1) * TILE_PX).min(w);
                    bands.push([x0, y0, x1 - x0, y1 - y0]);
                    run = None;
                }
            }
        }
        bands
    }

    /// The colours of the pixels of `band` (x, y, width, height) with `tone`, row by row, each made
    /// into a `T` by `pixel` from its premultiplied RGBA bytes. Large bands are coloured on all cores.
    pub fn colours<T: Copy + Default + Send>(
        &self,
        [x, y, bw, bh]: [usize; 4],
        tone: &Tone,
        pixel: impl Fn([u8; 4]) -> T + Sync,
    ) -> Vec<T> {
        const PARALLEL_PIXELS: usize = 1 << 16;
        let w = self.raster.width;
        let mut out = vec![T::default(); bw * bh];
        if bw == 0 {
            return out;
        }
        let row = |(r, line): (usize, &mut [T])| {
            let at = (y + r) * w + x;
            if let Some(src) = self.raster.counts.get(at..at + bw) {
                for (o, c) in line.iter_mut().zip(src) {
                    *o = pixel(tone.color(*c));
                }
            }
        };
        if bw * bh >= PARALLEL_PIXELS {
            out.par_chunks_mut(bw).enumerate().for_each(row);
        } else {
            out.chunks_mut(bw).enumerate().for_each(row);
        }
        out
    }
}

/// The route of `leg`, when both its places exist.
fn placed_route(scene: &Scene, leg: LegIdx) -> Option<usize> {
    let r = scene.route_idx_of(leg)?.0 as usize;
    scene.routes.get(r).filter(|route| route.placed).map(|_| r)
}

/// What entered (`new` but not `old`) and what left (`old` but not `new`) between two slices.
fn slice_delta(old: &Range<usize>, new: &Range<usize>) -> (Vec<Range<usize>>, Vec<Range<usize>>) {
    if old.end <= new.start || new.end <= old.start || old.is_empty() || new.is_empty() {
        return (vec![new.clone()], vec![old.clone()]);
    }
    let mut added = Vec::new();
    let mut removed = Vec::new();
    if new.start < old.start {
        added.push(new.start..old.start);
    } else if old.start < new.start {
        removed.push(old.start..new.start);
    }
    if new.end > old.end {
        added.push(old.end..new.end);
    } else if old.end > new.end {
        removed.push(new.end..old.end);
    }
    (added, removed)
}

#[cfg(test)]
#[allow(
    clippy::single_range_in_vec_init,
    reason = "lists of ranges that happen to hold one"
)]
mod tests {
    use super::*;

    fn world_view() -> PixelView {
        // Zoom 2: the world is 1024 pixels wide; a 1024 × 768 view of it.
        PixelView::new([0.5, 0.5], 2.0, 1.0, 1024, 768)
    }

    #[test]
    fn a_pixel_view_maps_units_to_pixels_and_back() {
        let v = world_view();
        assert_eq!(v.unit_to_px([0.5, 0.5]), [512.0, 384.0]);
        assert_eq!(v.unit_to_px([0.0, 0.5]), [0.0, 384.0]);
        let u = v.px_to_unit([100.0, 50.0]);
        let p = v.unit_to_px(u);
        assert!((p[0] - 100.0).abs() < 1e-9 && (p[1] - 50.0).abs() < 1e-9);
    }

    #[test]
    fn slice_deltas_name_what_entered_and_left() {
        assert_eq!(slice_delta(&(0..10), &(0..15)), (vec![10..15], vec![]));
        assert_eq!(slice_delta(&(0..10), &(3..10)), (vec![], vec![0..3]));
        assert_eq!(
            slice_delta(&(5..10), &(2..12)),
            (vec![2..5, 10..12], vec![])
        );
        assert_eq!(
            slice_delta(&(0..10), &(20..30)),
            (vec![20..30], vec![0..10])
        );
    }

    #[test]
    fn a_lone_segment_covers_the_pixels_along_it_and_no_others() {
        let mut r = Raster::new(20, 10, true);
        r.segment([2.0, 5.0], [12.0, 5.0], 0.5, 1);
        // Centred on y = 5, one pixel wide: rows 4 and 5 share it half and half.
        for x in 2..12 {
            assert_eq!(
                r.counts[4 * 20 + x] + r.counts[5 * 20 + x],
                FULL,
                "column {x}"
            );
        }
        assert_eq!(r.counts[4 * 20 + 1], 0);
        assert_eq!(r.counts[4 * 20 + 12], 0);
        assert!(r.counts[..3 * 20].iter().all(|c| *c == 0));
    }

    #[test]
    fn tones_go_from_faint_for_one_leg_to_strong_for_many() {
        let tone = Tone::new([200, 60, 40], 0.3, [120, 20, 30], 64);
        assert_eq!(tone.color(0), [0, 0, 0, 0]);
        let one = tone.color(FULL);
        assert_eq!(one[3], 77);
        let many = tone.color(FULL * 64);
        assert_eq!(many, [120, 20, 30, 255]);
        assert_eq!(tone.color(u32::MAX), many);
        assert!(tone.color(FULL * 8)[3] > one[3]);
    }

    /// The bundled dataset's scene, and its legs by arrival.
    fn bundled() -> (Scene, crate::timeline::TimeIndex) {
        let data = crate::data::bundled().unwrap();
        let index =
            crate::timeline::TimeIndex::new(&data, &crate::timeline::RecordFilter::default());
        (Scene::new(&data), index)
    }

    /// 60 legs of one traveller around four cities (so routes are taken again and again), hourly.
    fn shuttle() -> (Scene, crate::timeline::TimeIndex) {
        shuttle_of(60)
    }

    /// `n` legs of one traveller around four cities, ten a day.
    fn shuttle_of(n: usize) -> (Scene, crate::timeline::TimeIndex) {
        let places = [(59.8, 30.3), (55.7, 37.6), (40.7, -74.0), (26.1, -80.1)];
        let places: Vec<String> = places
            .iter()
            .enumerate()
            .map(|(i, (lat, lon))| {
                format!(r#"{{"id":"p{i}","name":"P{i}","lat":{lat},"lon":{lon},"tz":"UTC"}}"#)
            })
            .collect();
        let first = "2025-03-01T00:00:00Z".parse::<DateTime<Utc>>().unwrap();
        let legs: Vec<String> = (0..n)
            .map(|i| {
                let (from, to) = (i % 4, (i + 1 + i / 7 % 2) % 4);
                let departure = first
                    + chrono::Duration::days((i / 10) as i64)
                    + chrono::Duration::hours((i % 10 * 2) as i64);
                let arrival = departure + chrono::Duration::minutes(90);
                let at = |t: DateTime<Utc>| t.format("%Y-%m-%dT%H:%M:%SZ").to_string();
                format!(
                    r#"{{"id":"l{i}","travellers":["t0"],"from":"p{from}","to":"p{to}","departure":"{}","arrival":"{}"}}"#,
                    at(departure),
                    at(arrival)
                )
            })
            .collect();
        let json = format!(
            r#"{{"format":"travelmap/1","title":"shuttle","places":[{}],"people":[{{"id":"t0","name":"T"}}],"sources":[],"legs":[{}],"meetings":[]}}"#,
            places.join(","),
            legs.join(",")
        );
        let data = crate::data::load_str_lenient(&json, "shuttle.json")
            .unwrap()
            .0;
        let index =
            crate::timeline::TimeIndex::new(&data, &crate::timeline::RecordFilter::default());
        (Scene::new(&data), index)
    }

    fn all(index: &crate::timeline::TimeIndex) -> &[(DateTime<Utc>, LegIdx)] {
        index.legs_flown_by(DateTime::<Utc>::MAX_UTC)
    }

    fn distance_to_polyline(p: [f64; 2], line: &[[f64; 2]]) -> f64 {
        line.windows(2)
            .map(|w| {
                let (a, b) = (w[0], w[1]);
                let ab = [b[0] - a[0], b[1] - a[1]];
                let len2 = ab[0] * ab[0] + ab[1] * ab[1];
                let t = if len2 > 0.0 {
                    (((p[0] - a[0]) * ab[0] + (p[1] - a[1]) * ab[1]) / len2).clamp(0.0, 1.0)
                } else {
                    0.0
                };
                let q = [a[0] + ab[0] * t, a[1] + ab[1] * t];
                ((p[0] - q[0]).powi(2) + (p[1] - q[1]).powi(2)).sqrt()
            })
            .fold(f64::INFINITY, f64::min)
    }

    #[test]
    fn a_lone_legs_route_is_drawn_into_the_buffer_along_its_great_circle() {
        let (scene, index) = bundled();
        let arrivals = all(&index);
        let view = world_view();
        let mut layer = FlowLayer::default();
        let work = layer.update(&scene, arrivals, index.id(), 0..1, Some(view), 1.0);
        assert!(matches!(work, Work::Rebuilt { routes: 1 }), "{work:?}");
        assert_eq!((layer.legs(), layer.routes(), layer.unplaced()), (1, 1, 0));
        let route = scene.route_of(arrivals[0].1).unwrap();
        let line: Vec<[f64; 2]> = route.parts()[0]
            .iter()
            .map(|u| view.unit_to_px(*u))
            .collect();
        let length: f64 = line
            .windows(2)
            .map(|w| ((w[1][0] - w[0][0]).powi(2) + (w[1][1] - w[0][1]).powi(2)).sqrt())
            .sum();
        assert!(length > 20.0, "a route long enough to test: {length} px");
        let mut ink = 0_u64;
        for y in 0..view.height {
            for x in 0..view.width {
                let c = layer.count(x, y);
                if c > 0 {
                    ink += u64::from(c);
                    let d = distance_to_polyline([x as f64 + 0.5, y as f64 + 0.5], &line);
                    assert!(d <= 1.5, "pixel ({x}, {y}) is {d:.2} px from the route");
                }
            }
        }
        // One pixel wide all along: about one full pixel of coverage per pixel of length.
        let per_px = ink as f64 / f64::from(FULL) / length;
        assert!(
            (0.65..=1.5).contains(&per_px),
            "{per_px:.2} pixels of ink per pixel of route"
        );
        // Every point of the route is covered where it is.
        for p in &line {
            let (x, y) = (p[0] as usize, p[1] as usize);
            let near: u32 = (y.saturating_sub(1)..=y + 1)
                .flat_map(|y| (x.saturating_sub(1)..=x + 1).map(move |x| (x, y)))
                .map(|(x, y)| layer.count(x, y))
                .sum();
            assert!(near > 0, "nothing drawn near ({x}, {y})");
        }
    }

    #[test]
    fn adding_a_leg_then_removing_it_leaves_the_buffer_exactly_as_it_was() {
        let (scene, index) = bundled();
        let arrivals = all(&index);
        assert!(arrivals.len() >= 4);
        let view = world_view();
        let mut layer = FlowLayer::default();
        let half = arrivals.len() / 2;
        layer.update(&scene, arrivals, index.id(), 0..half, Some(view), 1.0);
        let before = layer.counts().to_vec();
        let work = layer.update(&scene, arrivals, index.id(), 0..half + 1, None, 1.0);
        assert_eq!(work, Work::Changed { legs: 1, routes: 1 });
        assert_ne!(layer.counts(), &before[..]);
        assert_eq!(layer.legs(), half + 1);
        let work = layer.update(&scene, arrivals, index.id(), 0..half, None, 1.0);
        assert_eq!(work, Work::Changed { legs: 1, routes: 1 });
        assert_eq!(layer.counts(), &before[..]);
        assert_eq!(layer.legs(), half);
    }

    #[test]
    fn a_layer_moved_step_by_step_equals_one_drawn_from_nothing() {
        let (scene, index) = shuttle();
        let arrivals = all(&index);
        let n = arrivals.len();
        assert_eq!(n, 60);
        assert!(scene.routes.len() < 12, "routes are shared");
        // Around the North Atlantic at zoom 3, 2 pixels a point: routes widen as legs are added.
        let center = geodesy::web_mercator_unit(crate::geodesy::lat_lon(45.0, -20.0));
        let view = PixelView::new(center, 3.0, 2.0, 900, 700);
        let mut moved = FlowLayer::default();
        moved.update(&scene, arrivals, index.id(), 0..20, Some(view), 2.0);
        // Each step changes fewer legs than it keeps, so none starts again from nothing.
        for range in [0..30, 5..35, 5..60, 30..60, 31..59] {
            let work = moved.update(&scene, arrivals, index.id(), range.clone(), None, 2.0);
            assert!(matches!(work, Work::Changed { .. }), "{range:?}: {work:?}");
        }
        let mut fresh = FlowLayer::default();
        fresh.update(&scene, arrivals, index.id(), 31..59, Some(view), 2.0);
        assert_eq!(moved.counts(), fresh.counts());
        assert_eq!(moved.routes(), fresh.routes());
        assert!(moved.counts().iter().any(|c| *c > 0));
    }

    #[test]
    fn a_jump_over_most_of_many_legs_draws_the_layer_again_and_a_step_draws_only_the_change() {
        let (scene, index) = shuttle_of(600);
        let arrivals = all(&index);
        assert_eq!(arrivals.len(), 600);
        let view = world_view();
        let mut layer = FlowLayer::default();
        layer.update(&scene, arrivals, index.id(), 0..10, Some(view), 1.0);
        // 590 of 600 legs enter at once: more than a few, and most of the slice.
        let work = layer.update(&scene, arrivals, index.id(), 0..600, None, 1.0);
        assert!(matches!(work, Work::Rebuilt { .. }), "{work:?}");
        let work = layer.update(&scene, arrivals, index.id(), 0..599, None, 1.0);
        assert!(matches!(work, Work::Changed { legs: 1, .. }), "{work:?}");
        let mut fresh = FlowLayer::default();
        fresh.update(&scene, arrivals, index.id(), 0..599, Some(view), 1.0);
        assert_eq!(layer.counts(), fresh.counts());
        assert_eq!(layer.legs(), 599);
    }

    #[test]
    fn only_the_changed_tiles_are_handed_out_and_coloured_from_the_counts() {
        let (scene, index) = bundled();
        let arrivals = all(&index);
        let tone = Tone::new([200, 60, 40], 0.3, [120, 20, 30], 64);
        let view = world_view();
        let mut layer = FlowLayer::default();
        layer.update(&scene, arrivals, index.id(), 0..0, Some(view), 1.0);
        assert_eq!(layer.take_dirty(), vec![[0, 0, 1024, 768]]);
        assert!(layer.take_dirty().is_empty());
        let before = layer.counts().to_vec();
        layer.update(&scene, arrivals, index.id(), 0..1, None, 1.0);
        let bands = layer.take_dirty();
        assert!(!bands.is_empty());
        let inside = |x: usize, y: usize| {
            bands
                .iter()
                .any(|[bx, by, bw, bh]| (*bx..bx + bw).contains(&x) && (*by..by + bh).contains(&y))
        };
        let mut changed = 0;
        for y in 0..view.height {
            for x in 0..view.width {
                let i = y * view.width + x;
                if layer.counts()[i] != before[i] {
                    changed += 1;
                    assert!(inside(x, y), "({x}, {y}) changed outside the bands");
                }
            }
        }
        assert!(changed > 0);
        let covered: usize = bands.iter().map(|b| b[2] * b[3]).sum();
        assert!(
            covered < view.width * view.height / 4,
            "{covered} pixels for one leg"
        );
        for band @ [bx, by, bw, _] in bands {
            let colours = layer.colours(band, &tone, |c| c);
            for (k, c) in colours.iter().enumerate() {
                let (x, y) = (bx + k % bw, by + k / bw);
                assert_eq!(*c, tone.color(layer.count(x, y)), "({x}, {y})");
            }
        }
    }

    #[test]
    fn wider_routes_for_more_legs_up_to_a_limit() {
        assert_eq!(width_px(1, 1.0), 1.0);
        assert_eq!(width_px(3, 1.0), 1.5);
        assert_eq!(width_px(4, 2.0), 4.0);
        assert_eq!(width_px(1_000_000, 1.0), MAX_WIDTH_PT);
    }
}
