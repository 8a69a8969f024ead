//! The offline basemap: land, sea, coastlines and country borders from Natural Earth.
//!
//! The app has to show a real world map without any network access, so the map data is
//! compiled into the binary (`assets/basemap/*.bin`, converted from Natural Earth by
//! `assets/basemap/convert.mjs`; the format is documented there and at `parse` below).
//!
//! Rather than tessellating the whole world into egui shapes every frame, the geometry is
//! rasterised into ordinary 256-point Web Mercator tiles with `tiny-skia`, once per tile, on
//! a background thread, and the finished textures are cached. [`OfflineTiles`] plugs this
//! into `walkers` like any other tile source: while a tile is still being rendered, the
//! nearest already rendered ancestor tile is shown scaled up, exactly as walkers does for
//! tiles that are still downloading.
//!
//! Three levels of detail are embedded: 1:110m for zooms 0–2, 1:50m for zooms 3–5 and 1:10m
//! from zoom 6 on. Each is parsed lazily on first use.

use std::cmp::Reverse;
use std::collections::BTreeMap;
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Condvar, LazyLock, Mutex, MutexGuard, PoisonError};

use egui::{Color32, ColorImage, Context, Rect, TextureHandle, TextureOptions, pos2};
use tiny_skia::{FillRule, LineCap, LineJoin, Paint, PathBuilder, Pixmap, Stroke, Transform};
use walkers::sources::Attribution;
use walkers::{Stats, Tile, TileId, TilePiece, Tiles};

/// Natural Earth 1:110m: land, coastlines and borders.
static NE_110M: &[u8] = include_bytes!("../../assets/basemap/ne_110m.bin");
/// Natural Earth 1:50m: land, coastlines and borders.
static NE_50M: &[u8] = include_bytes!("../../assets/basemap/ne_50m.bin");
/// Natural Earth 1:10m: land, coastlines and borders.
static NE_10M: &[u8] = include_bytes!("../../assets/basemap/ne_10m.bin");

static GEOMETRY_110M: LazyLock<Geometry> = LazyLock::new(|| load("1:110m", NE_110M));
static GEOMETRY_50M: LazyLock<Geometry> = LazyLock::new(|| load("1:50m", NE_50M));
static GEOMETRY_10M: LazyLock<Geometry> = LazyLock::new(|| load("1:10m", NE_10M));

/// Size of a tile in walkers' terms (screen points), and of a rendered tile in pixels at a
/// pixels-per-point of 1.
pub const TILE_SIZE: u32 = 256;

/// Largest tile edge, in pixels, that [`render_tile_rgba`] renders.
pub const MAX_TILE_PIXELS: u32 = 4096;

/// Deepest zoom level rendered; deeper tiles show a part of their ancestor at this level.
/// The 1:10m data has no detail finer than a few hundred metres, so there is nothing more to
/// see beyond it.
pub const MAX_RENDER_ZOOM: u8 = 18;

/// Southern- and northernmost latitude Web Mercator can show.
const MAX_LATITUDE: f64 = 85.051_128_779_806_59;

/// Longest run of points in one line piece; shorter pieces have tighter bounding boxes, so
/// fewer points are looked at for each tile.
const LINE_CHUNK: usize = 128;

/// Extra pixels around a tile that geometry is clipped to, so that clipped edges and line
/// ends stay out of sight.
const CLIP_MARGIN: f64 = 8.0;

/// Rendered tiles kept, measured in 256×256-pixel tiles (larger tiles count for more).
const CACHE_BUDGET_TILES: u64 = 320;

/// Requests waiting for a worker; the least recently wanted are dropped beyond this.
const MAX_QUEUED: usize = 256;

/// Colours of the basemap.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Palette {
    /// Sea, and anything that is not land.
    pub sea: Color32,
    /// Land.
    pub land: Color32,
    /// Outline of the land.
    pub coastline: Color32,
    /// Borders between countries.
    pub border: Color32,
}

impl Default for Palette {
    /// Muted colours that keep routes and markers drawn on top readable.
    fn default() -> Self {
        Self {
            sea: Color32::from_rgb(0xc8, 0xd6, 0xe0),
            land: Color32::from_rgb(0xf3, 0xef, 0xe6),
            coastline: Color32::from_rgb(0x86, 0x9f, 0xb1),
            border: Color32::from_rgb(0xa8, 0xa2, 0x9a),
        }
    }
}

// ---------------------------------------------------------------------------------------
// Data

/// What is wrong with an embedded basemap file.
#[derive(Debug, thiserror::Error)]
enum ParseError {
    #[error("the data ends early")]
    Truncated,
    #[error("the data does not start with the basemap magic bytes")]
    BadMagic,
    #[error("unsupported format version {0}")]
    Version(u32),
}

/// One feature as stored: parts made of (longitude, latitude) points in micro-degrees.
type RawFeature = Vec<Vec<[i32; 2]>>;

/// The three layers of a basemap file, as stored.
#[derive(Debug, Default)]
struct RawLayers {
    /// Polygons: the outer ring, then holes.
    land: Vec<RawFeature>,
    /// Polylines, one part each.
    coastlines: Vec<RawFeature>,
    /// Polylines, one part each.
    borders: Vec<RawFeature>,
}

/// Reads little-endian values off the front of a byte slice.
struct Reader<'a> {
    bytes: &'a [u8],
}

impl Reader<'_> {
    fn take<const N: usize>(&mut self) -> Result<[u8; N], ParseError> {
        let (head, rest) = self
            .bytes
            .split_first_chunk::<N>()
            .ok_or(ParseError::Truncated)?;
        self.bytes = rest;
        Ok(*head)
    }

    fn u32(&mut self) -> Result<u32, ParseError> {
        self.take::<4>().map(u32::from_le_bytes)
    }

    fn i32(&mut self) -> Result<i32, ParseError> {
        self.take::<4>().map(i32::from_le_bytes)
    }

    /// A count read from the data, as a capacity that cannot exceed what is left to read.
    fn count(&mut self, item_bytes: usize) -> Result<(usize, usize), ParseError> {
        let count = usize::try_from(self.u32()?).map_err(|_| ParseError::Truncated)?;
        let capacity = count.min(self.bytes.len() / item_bytes.max(1));
        Ok((count, capacity))
    }

    fn layer(&mut self) -> Result<Vec<RawFeature>, ParseError> {
        let (features, capacity) = self.count(4)?;
        let mut layer = Vec::with_capacity(capacity);
        for _ in 0..features {
            let (parts, capacity) = self.count(4)?;
            let mut feature = Vec::with_capacity(capacity);
            for _ in 0..parts {
                let (points, capacity) = self.count(8)?;
                let mut part = Vec::with_capacity(capacity);
                for _ in 0..points {
                    part.push([self.i32()?, self.i32()?]);
                }
                feature.push(part);
            }
            layer.push(feature);
        }
        Ok(layer)
    }
}

/// Parses a basemap file written by `assets/basemap/convert.mjs`.
///
/// All integers are little-endian: the magic bytes `TMBM`, a `u32` format version (1), then
/// three layers in the order land, coastlines, borders. A layer is a `u32` feature count and
/// the features; a feature is a `u32` part count and the parts; a part is a `u32` point count
/// and the points; a point is two `i32`: **longitude first**, then latitude, both in
/// micro-degrees. A land feature is one polygon (outer ring, then holes); a line feature has
/// one part.
fn parse(bytes: &[u8]) -> Result<RawLayers, ParseError> {
    let mut reader = Reader { bytes };
    if reader.take::<4>()? != *b"TMBM" {
        return Err(ParseError::BadMagic);
    }
    let version = reader.u32()?;
    if version != 1 {
        return Err(ParseError::Version(version));
    }
    Ok(RawLayers {
        land: reader.layer()?,
        coastlines: reader.layer()?,
        borders: reader.layer()?,
    })
}

/// Axis-aligned box in normalised Web Mercator coordinates.
#[derive(Clone, Copy, Debug, PartialEq)]
struct BBox {
    min: [f64; 2],
    max: [f64; 2],
}

impl BBox {
    const EMPTY: Self = Self {
        min: [f64::INFINITY; 2],
        max: [f64::NEG_INFINITY; 2],
    };

    fn extend(&mut self, point: [f64; 2]) {
        self.min = [self.min[0].min(point[0]), self.min[1].min(point[1])];
        self.max = [self.max[0].max(point[0]), self.max[1].max(point[1])];
    }

    fn of<'a>(points: impl IntoIterator<Item = &'a [f64; 2]>) -> Self {
        let mut bbox = Self::EMPTY;
        for &point in points {
            bbox.extend(point);
        }
        bbox
    }

    fn intersects(&self, other: &Self) -> bool {
        self.min[0] <= other.max[0]
            && other.min[0] <= self.max[0]
            && self.min[1] <= other.max[1]
            && other.min[1] <= self.max[1]
    }
}

/// A land polygon, projected: the outer ring, then holes.
#[derive(Debug)]
struct Polygon {
    bbox: BBox,
    rings: Vec<Vec<[f64; 2]>>,
}

/// A piece of a coastline or border, projected.
#[derive(Debug)]
struct Line {
    bbox: BBox,
    points: Vec<[f64; 2]>,
}

/// One level of detail, projected to normalised Web Mercator: x from 0 (180°W) to 1 (180°E),
/// y from 0 (85.05°N) to 1 (85.05°S).
#[derive(Debug, Default)]
struct Geometry {
    land: Vec<Polygon>,
    coastlines: Vec<Line>,
    borders: Vec<Line>,
}

/// Projects a stored point (micro-degrees, longitude first) to normalised Web Mercator,
/// clamping latitudes to what Web Mercator can show.
fn project(point: [i32; 2]) -> [f64; 2] {
    let lon = f64::from(point[0]) * 1e-6;
    let lat = (f64::from(point[1]) * 1e-6).clamp(-MAX_LATITUDE, MAX_LATITUDE);
    let x = (lon + 180.0) / 360.0;
    let y = 0.5 - lat.to_radians().tan().asinh() / (2.0 * std::f64::consts::PI);
    [x, y]
}

impl Geometry {
    fn from_raw(raw: &RawLayers) -> Self {
        let land = raw
            .land
            .iter()
            .filter_map(|feature| {
                let rings: Vec<Vec<[f64; 2]>> = feature
                    .iter()
                    .filter(|ring| ring.len() >= 3)
                    .map(|ring| ring.iter().copied().map(project).collect())
                    .collect();
                rings.first()?;
                let bbox = BBox::of(rings.iter().flatten());
                Some(Polygon { bbox, rings })
            })
            .collect();
        Self {
            land,
            coastlines: Self::lines(&raw.coastlines),
            borders: Self::lines(&raw.borders),
        }
    }

    /// Projects polylines and cuts them into short pieces, each with its bounding box.
    fn lines(features: &[RawFeature]) -> Vec<Line> {
        let mut lines = Vec::new();
        for part in features.iter().flatten() {
            let projected: Vec<[f64; 2]> = part.iter().copied().map(project).collect();
            let mut start = 0;
            while start + 1 < projected.len() {
                let end = (start + LINE_CHUNK).min(projected.len());
                let points = projected[start..end].to_vec();
                lines.push(Line {
                    bbox: BBox::of(&points),
                    points,
                });
                // Pieces share their end points, so the line stays unbroken.
                start = end - 1;
            }
        }
        lines
    }
}

fn load(name: &str, bytes: &[u8]) -> Geometry {
    match parse(bytes) {
        Ok(raw) => Geometry::from_raw(&raw),
        Err(err) => {
            log::error!("Cannot read the embedded {name} basemap: {err}");
            Geometry::default()
        }
    }
}

/// The level of detail drawn at a zoom level.
fn geometry_for_zoom(zoom: u8) -> &'static Geometry {
    match zoom {
        0..=2 => &GEOMETRY_110M,
        3..=5 => &GEOMETRY_50M,
        _ => &GEOMETRY_10M,
    }
}

// ---------------------------------------------------------------------------------------
// Rendering

/// Where a tile lies in normalised Web Mercator, and how to get to its pixels.
struct TileView {
    /// Pixels per normalised unit.
    scale: f64,
    /// Pixel position of the tile's top-left corner in the whole world's bitmap.
    offset: [f64; 2],
    /// Pixels are clipped to `lo..=hi` on both axes.
    lo: f64,
    hi: f64,
    /// The clipped area in normalised coordinates.
    bbox: BBox,
}

impl TileView {
    fn new(zoom: u8, x: u32, y: u32, size: u32) -> Self {
        let size = f64::from(size);
        let tiles = 2f64.powi(i32::from(zoom));
        let scale = tiles * size;
        let offset = [f64::from(x) * size, f64::from(y) * size];
        let (lo, hi) = (-CLIP_MARGIN, size + CLIP_MARGIN);
        let bbox = BBox {
            min: [(offset[0] + lo) / scale, (offset[1] + lo) / scale],
            max: [(offset[0] + hi) / scale, (offset[1] + hi) / scale],
        };
        Self {
            scale,
            offset,
            lo,
            hi,
            bbox,
        }
    }

    fn to_pixels(&self, point: [f64; 2]) -> [f64; 2] {
        [
            point[0] * self.scale - self.offset[0],
            point[1] * self.scale - self.offset[1],
        ]
    }
}

/// Renders one Web Mercator tile of the basemap: `size`×`size` pixels, row by row, four
/// bytes (RGBA) each, `size * size * 4` bytes in all. Colours are premultiplied by alpha,
/// which changes nothing for an opaque palette.
///
/// `x` and `y` count tiles from the north-west corner at `zoom`, as in slippy-map tile URLs.
/// Tiles outside the world come out as plain sea. Returns an empty vector when `size` is 0
/// or larger than [`MAX_TILE_PIXELS`].
pub fn render_tile_rgba(zoom: u8, x: u32, y: u32, size: u32, palette: &Palette) -> Vec<u8> {
    let Some(mut pixmap) = (size <= MAX_TILE_PIXELS)
        .then(|| Pixmap::new(size, size))
        .flatten()
    else {
        return Vec::new();
    };
    pixmap.fill(skia_color(palette.sea));

    let view = TileView::new(zoom, x, y, size);
    let geometry = geometry_for_zoom(zoom);
    // Lines get a little bolder as the map gets more detailed; sizes are for 256px tiles.
    let pixel_ratio = size as f32 / TILE_SIZE as f32;
    let (coast_width, border_width) = line_widths(zoom);

    fill_land(&mut pixmap, &geometry.land, &view, palette.land);
    stroke_lines(
        &mut pixmap,
        &geometry.borders,
        &view,
        palette.border,
        border_width * pixel_ratio,
    );
    stroke_lines(
        &mut pixmap,
        &geometry.coastlines,
        &view,
        palette.coastline,
        coast_width * pixel_ratio,
    );
    pixmap.take()
}

/// Widths of coastlines and borders at `zoom`, in points: bolder as the map gets more detailed.
pub fn line_widths(zoom: u8) -> (f32, f32) {
    match zoom {
        0..=2 => (0.7, 0.6),
        3..=5 => (0.9, 0.8),
        _ => (1.2, 1.0),
    }
}

/// The basemap clipped to one view, as polygons and polylines in the view's pixels: what a picture
/// draws, as vectors (SVG) or filled and stroked by the same rasteriser as the tiles.
#[derive(Clone, Debug, Default)]
pub struct ViewGeometry {
    /// Land rings (outer rings and holes alike; fill them even-odd).
    pub land: Vec<Vec<[f32; 2]>>,
    pub borders: Vec<Vec<[f32; 2]>>,
    pub coastlines: Vec<Vec<[f32; 2]>>,
}

/// The basemap at the level of detail of `detail_zoom`, for a view `width`×`height` pixels whose
/// top-left corner is `offset` pixels from the north-west corner of a world `world_px` pixels wide.
pub fn view_geometry(
    detail_zoom: u8,
    world_px: f64,
    offset: [f64; 2],
    width: u32,
    height: u32,
) -> ViewGeometry {
    let (lo, hi) = (-CLIP_MARGIN, f64::from(width.max(height)) + CLIP_MARGIN);
    let view = TileView {
        scale: world_px,
        offset,
        lo,
        hi,
        bbox: BBox {
            min: [(offset[0] + lo) / world_px, (offset[1] + lo) / world_px],
            max: [(offset[0] + hi) / world_px, (offset[1] + hi) / world_px],
        },
    };
    let geometry = geometry_for_zoom(detail_zoom);
    let to_f32 = |points: &[[f64; 2]]| -> Vec<[f32; 2]> {
        points.iter().map(|p| [p[0] as f32, p[1] as f32]).collect()
    };
    let mut out = ViewGeometry::default();
    let (mut ring_pixels, mut clipped, mut scratch) = (Vec::new(), Vec::new(), Vec::new());
    for polygon in geometry
        .land
        .iter()
        .filter(|p| p.bbox.intersects(&view.bbox))
    {
        for ring in &polygon.rings {
            ring_pixels.clear();
            ring_pixels.extend(ring.iter().map(|&point| view.to_pixels(point)));
            clip_ring(&ring_pixels, view.lo, view.hi, &mut clipped, &mut scratch);
            if clipped.len() >= 3 {
                out.land.push(to_f32(&clipped));
            }
        }
    }
    for (lines, into) in [
        (&geometry.borders, &mut out.borders),
        (&geometry.coastlines, &mut out.coastlines),
    ] {
        for line in lines.iter().filter(|l| l.bbox.intersects(&view.bbox)) {
            let mut run: Vec<[f32; 2]> = Vec::new();
            let mut points = line.points.iter().map(|&point| view.to_pixels(point));
            let Some(mut previous) = points.next() else {
                continue;
            };
            for point in points {
                match clip_segment(previous, point, view.lo, view.hi) {
                    Some(c) => {
                        if run.is_empty() || c.start_moved {
                            if run.len() >= 2 {
                                into.push(std::mem::take(&mut run));
                            }
                            run.clear();
                            run.push([c.start[0] as f32, c.start[1] as f32]);
                        }
                        run.push([c.end[0] as f32, c.end[1] as f32]);
                        if c.end_moved {
                            into.push(std::mem::take(&mut run));
                        }
                    }
                    None => {
                        if run.len() >= 2 {
                            into.push(std::mem::take(&mut run));
                        }
                        run.clear();
                    }
                }
                previous = point;
            }
            if run.len() >= 2 {
                into.push(run);
            }
        }
    }
    out
}

fn skia_color(color: Color32) -> tiny_skia::Color {
    let [r, g, b, a] = color.to_srgba_unmultiplied();
    tiny_skia::Color::from_rgba8(r, g, b, a)
}

fn paint(color: Color32) -> Paint<'static> {
    let mut paint = Paint::default();
    paint.set_color(skia_color(color));
    paint.anti_alias = true;
    paint
}

/// Fills the land polygons that meet the tile, clipped to it.
fn fill_land(pixmap: &mut Pixmap, polygons: &[Polygon], view: &TileView, color: Color32) {
    let mut builder = PathBuilder::new();
    let mut ring_pixels = Vec::new();
    let mut clipped = Vec::new();
    let mut scratch = Vec::new();
    for polygon in polygons.iter().filter(|p| p.bbox.intersects(&view.bbox)) {
        for ring in &polygon.rings {
            ring_pixels.clear();
            ring_pixels.extend(ring.iter().map(|&point| view.to_pixels(point)));
            clip_ring(&ring_pixels, view.lo, view.hi, &mut clipped, &mut scratch);
            let mut points = clipped.iter();
            if let Some(first) = points.next() {
                builder.move_to(first[0] as f32, first[1] as f32);
                for point in points {
                    builder.line_to(point[0] as f32, point[1] as f32);
                }
                builder.close();
            }
        }
    }
    if let Some(path) = builder.finish() {
        pixmap.fill_path(
            &path,
            &paint(color),
            // Holes are separate rings, whichever way they wind.
            FillRule::EvenOdd,
            Transform::identity(),
            None,
        );
    }
}

/// Strokes the lines that meet the tile, clipped to it.
fn stroke_lines(pixmap: &mut Pixmap, lines: &[Line], view: &TileView, color: Color32, width: f32) {
    let mut builder = PathBuilder::new();
    for line in lines.iter().filter(|l| l.bbox.intersects(&view.bbox)) {
        let mut points = line.points.iter().map(|&point| view.to_pixels(point));
        let Some(mut previous) = points.next() else {
            continue;
        };
        // Whether the path's current point is `previous`.
        let mut connected = false;
        for point in points {
            match clip_segment(previous, point, view.lo, view.hi) {
                Some(clipped) => {
                    if !connected || clipped.start_moved {
                        builder.move_to(clipped.start[0] as f32, clipped.start[1] as f32);
                    }
                    builder.line_to(clipped.end[0] as f32, clipped.end[1] as f32);
                    connected = !clipped.end_moved;
                }
                None => connected = false,
            }
            previous = point;
        }
    }
    if let Some(path) = builder.finish() {
        let stroke = Stroke {
            width,
            // Round ends and joins hide the seams where line pieces meet.
            line_cap: LineCap::Round,
            line_join: LineJoin::Round,
            ..Stroke::default()
        };
        pixmap.stroke_path(&path, &paint(color), &stroke, Transform::identity(), None);
    }
}

/// Clips a closed ring to the square `lo..=hi` on both axes (Sutherland–Hodgman). Inside the
/// square, the result winds around every point as often as the ring did, which is all that
/// filling needs; the edges it adds run along the square's border, outside the tile.
fn clip_ring(
    ring: &[[f64; 2]],
    lo: f64,
    hi: f64,
    out: &mut Vec<[f64; 2]>,
    scratch: &mut Vec<[f64; 2]>,
) {
    out.clear();
    out.extend_from_slice(ring);
    for (axis, bound, keep_above) in [(0, lo, true), (0, hi, false), (1, lo, true), (1, hi, false)]
    {
        if out.is_empty() {
            return;
        }
        std::mem::swap(out, scratch);
        out.clear();
        clip_ring_to_half_plane(scratch, axis, bound, keep_above, out);
    }
}

fn clip_ring_to_half_plane(
    ring: &[[f64; 2]],
    axis: usize,
    bound: f64,
    keep_above: bool,
    out: &mut Vec<[f64; 2]>,
) {
    let inside = |point: [f64; 2]| {
        if keep_above {
            point[axis] >= bound
        } else {
            point[axis] <= bound
        }
    };
    let crossing = |a: [f64; 2], b: [f64; 2]| {
        let t = (bound - a[axis]) / (b[axis] - a[axis]);
        let other = 1 - axis;
        let mut point = [0.0; 2];
        point[axis] = bound;
        point[other] = a[other] + t * (b[other] - a[other]);
        point
    };
    let Some(&last) = ring.last() else {
        return;
    };
    let mut previous = last;
    for &point in ring {
        match (inside(previous), inside(point)) {
            (true, true) => out.push(point),
            (false, true) => {
                out.push(crossing(previous, point));
                out.push(point);
            }
            (true, false) => out.push(crossing(previous, point)),
            (false, false) => {}
        }
        previous = point;
    }
}

/// The part of a segment inside a clipping square.
struct ClippedSegment {
    start: [f64; 2],
    end: [f64; 2],
    /// Whether `start` was moved onto the square's border.
    start_moved: bool,
    /// Whether `end` was moved onto the square's border.
    end_moved: bool,
}

/// Clips the segment `a`–`b` to the square `lo..=hi` on both axes (Liang–Barsky).
fn clip_segment(a: [f64; 2], b: [f64; 2], lo: f64, hi: f64) -> Option<ClippedSegment> {
    let delta = [b[0] - a[0], b[1] - a[1]];
    let (mut t0, mut t1) = (0.0_f64, 1.0_f64);
    for axis in 0..2 {
        for (p, q) in [(-delta[axis], a[axis] - lo), (delta[axis], hi - a[axis])] {
            if p == 0.0 {
                if q < 0.0 {
                    return None;
                }
            } else {
                let r = q / p;
                if p < 0.0 {
                    if r > t1 {
                        return None;
                    }
                    t0 = t0.max(r);
                } else {
                    if r < t0 {
                        return None;
                    }
                    t1 = t1.min(r);
                }
            }
        }
    }
    let at = |t: f64| [a[0] + t * delta[0], a[1] + t * delta[1]];
    Some(ClippedSegment {
        start: at(t0),
        end: at(t1),
        start_moved: t0 > 0.0,
        end_moved: t1 < 1.0,
    })
}

// ---------------------------------------------------------------------------------------
// Tiles for walkers

/// A tile waiting to be rendered.
struct Job {
    tile_id: TileId,
    size: u32,
    palette: Palette,
    generation: u64,
    /// Higher goes first: tiles wanted in the latest frame, in the order they were wanted
    /// (walkers asks for the tile in the middle of the view first).
    priority: (u64, Reverse<u64>),
}

/// A rendered tile, on its way back from a worker.
struct Finished {
    tile_id: TileId,
    size: u32,
    generation: u64,
    texture: TextureHandle,
}

#[derive(Default)]
struct QueueState {
    jobs: Vec<Job>,
    rendering: Vec<TileId>,
    shutdown: bool,
}

/// Work shared between [`OfflineTiles`] and its worker threads.
#[derive(Default)]
struct Queue {
    state: Mutex<QueueState>,
    wake: Condvar,
}

impl Queue {
    fn lock(&self) -> MutexGuard<'_, QueueState> {
        // The state stays consistent even if a holder panicked.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The most wanted job, waiting for one if need be; `None` once shutting down.
    fn next_job(&self) -> Option<Job> {
        let mut state = self.lock();
        loop {
            if state.shutdown {
                return None;
            }
            let best = state
                .jobs
                .iter()
                .enumerate()
                .max_by_key(|(_, job)| job.priority)
                .map(|(index, _)| index);
            if let Some(index) = best {
                let job = state.jobs.swap_remove(index);
                state.rendering.push(job.tile_id);
                return Some(job);
            }
            state = self
                .wake
                .wait(state)
                .unwrap_or_else(PoisonError::into_inner);
        }
    }
}

fn worker(queue: &Queue, finished: &Sender<Finished>, ctx: &Context) {
    while let Some(job) = queue.next_job() {
        let TileId { x, y, zoom } = job.tile_id;
        let rgba = render_tile_rgba(zoom, x, y, job.size, &job.palette);
        let side = job.size as usize;
        let sent = if rgba.len() == side * side * 4 {
            let image = ColorImage::from_rgba_premultiplied([side, side], &rgba);
            let texture = ctx.load_texture(
                format!("basemap-{zoom}-{x}-{y}"),
                image,
                TextureOptions::LINEAR,
            );
            finished.send(Finished {
                tile_id: job.tile_id,
                size: job.size,
                generation: job.generation,
                texture,
            })
        } else {
            Ok(())
        };
        queue.lock().rendering.retain(|id| *id != job.tile_id);
        if sent.is_err() {
            // The tiles are gone; nobody wants the rest.
            return;
        }
        ctx.request_repaint();
    }
}

/// A rendered tile in the cache.
struct CachedTile {
    texture: TextureHandle,
    size: u32,
    last_used: u64,
}

/// Cache key: zoom, x, y.
type Key = (u8, u32, u32);

fn key(tile_id: TileId) -> Key {
    (tile_id.zoom, tile_id.x, tile_id.y)
}

/// The ancestor of `tile_id` at `zoom` (not deeper than the tile's own), and which part of
/// it covers the same ground as the tile.
fn ancestor(tile_id: TileId, zoom: u8) -> (TileId, Rect) {
    let zoom = zoom.min(tile_id.zoom);
    let levels = u32::from(tile_id.zoom - zoom);
    let split = |coordinate: u32| {
        let coordinate = u64::from(coordinate);
        let parent = coordinate.checked_shr(levels).unwrap_or(0);
        let within = coordinate - parent.checked_shl(levels).unwrap_or(0);
        (u32::try_from(parent).unwrap_or(u32::MAX), within as f64)
    };
    let (x, within_x) = split(tile_id.x);
    let (y, within_y) = split(tile_id.y);
    let part = 0.5f64.powi(i32::try_from(levels).unwrap_or(i32::MAX));
    let uv = Rect::from_min_max(
        pos2((within_x * part) as f32, (within_y * part) as f32),
        pos2(
            ((within_x + 1.0) * part) as f32,
            ((within_y + 1.0) * part) as f32,
        ),
    );
    (TileId { x, y, zoom }, uv)
}

/// Whether the tile lies inside the world at its zoom level.
fn is_valid(tile_id: TileId) -> bool {
    let tiles = 2f64.powi(i32::from(tile_id.zoom));
    f64::from(tile_id.x) < tiles && f64::from(tile_id.y) < tiles
}

/// The offline basemap as a `walkers` tile source.
///
/// Tiles are rendered on background threads and cached as textures; until a tile is ready,
/// the nearest rendered ancestor stands in for it. Keep one instance alive across frames.
pub struct OfflineTiles {
    ctx: Context,
    palette: Palette,
    /// Bumped when the palette changes, so that tiles in the old colours are thrown away.
    generation: u64,
    queue: Arc<Queue>,
    finished: Receiver<Finished>,
    cache: BTreeMap<Key, CachedTile>,
    /// Pixels held by the cache.
    cached_pixels: u64,
    /// Counts requests and cache hits, for priorities and least-recently-used eviction.
    clock: u64,
}

impl OfflineTiles {
    /// Basemap tiles in the default [`Palette`], with worker threads that ask `ctx` to repaint
    /// whenever a tile is ready.
    pub fn new(ctx: &Context) -> Self {
        Self::with_palette(ctx, Palette::default())
    }

    /// Basemap tiles in the given colours.
    pub fn with_palette(ctx: &Context, palette: Palette) -> Self {
        let queue = Arc::new(Queue::default());
        let (sender, finished) = mpsc::channel();
        let workers = std::thread::available_parallelism()
            .map_or(1, |n| n.get().saturating_sub(1).clamp(1, 3));
        for index in 0..workers {
            let (queue, sender, ctx) = (Arc::clone(&queue), sender.clone(), ctx.clone());
            let spawned = std::thread::Builder::new()
                .name(format!("basemap-{index}"))
                .spawn(move || worker(&queue, &sender, &ctx));
            if let Err(err) = spawned {
                log::error!("Cannot start a basemap rendering thread: {err}");
            }
        }
        Self {
            ctx: ctx.clone(),
            palette,
            generation: 0,
            queue,
            finished,
            cache: BTreeMap::new(),
            cached_pixels: 0,
            clock: 0,
        }
    }

    /// The colours tiles are rendered in.
    pub fn palette(&self) -> &Palette {
        &self.palette
    }

    /// Renders tiles in new colours from now on; tiles already rendered are dropped.
    pub fn set_palette(&mut self, palette: Palette) {
        if palette == self.palette {
            return;
        }
        self.palette = palette;
        self.generation += 1;
        self.cache.clear();
        self.cached_pixels = 0;
        self.queue.lock().jobs.clear();
    }

    /// Edge of a rendered tile in pixels: sharper tiles on high-density screens.
    fn pixel_size(&self) -> u32 {
        if self.ctx.pixels_per_point() > 1.5 {
            TILE_SIZE * 2
        } else {
            TILE_SIZE
        }
    }

    fn tick(&mut self) -> u64 {
        self.clock += 1;
        self.clock
    }

    /// Moves rendered tiles from the workers into the cache.
    fn receive_finished(&mut self) {
        while let Ok(finished) = self.finished.try_recv() {
            if finished.generation != self.generation {
                continue;
            }
            let last_used = self.tick();
            let pixels = u64::from(finished.size).pow(2);
            let replaced = self.cache.insert(
                key(finished.tile_id),
                CachedTile {
                    texture: finished.texture,
                    size: finished.size,
                    last_used,
                },
            );
            self.cached_pixels += pixels;
            if let Some(old) = replaced {
                self.cached_pixels -= u64::from(old.size).pow(2);
            }
        }
        self.evict();
    }

    /// Drops the least recently used tiles until the cache fits its budget.
    fn evict(&mut self) {
        let budget = CACHE_BUDGET_TILES * u64::from(TILE_SIZE).pow(2);
        while self.cached_pixels > budget {
            let oldest = self
                .cache
                .iter()
                .min_by_key(|(_, tile)| tile.last_used)
                .map(|(key, _)| *key);
            let Some(removed) = oldest.and_then(|key| self.cache.remove(&key)) else {
                return;
            };
            self.cached_pixels -= u64::from(removed.size).pow(2);
        }
    }

    /// Asks the workers for a tile, or makes an earlier request for it more urgent.
    fn request(&mut self, tile_id: TileId, size: u32) {
        let priority = (self.ctx.cumulative_frame_nr(), Reverse(self.tick()));
        let mut state = self.queue.lock();
        if state.rendering.contains(&tile_id) {
            return;
        }
        if let Some(job) = state.jobs.iter_mut().find(|job| job.tile_id == tile_id) {
            job.priority = priority;
            job.size = size;
            return;
        }
        state.jobs.push(Job {
            tile_id,
            size,
            palette: self.palette,
            generation: self.generation,
            priority,
        });
        if state.jobs.len() > MAX_QUEUED {
            let least_wanted = state
                .jobs
                .iter()
                .enumerate()
                .min_by_key(|(_, job)| job.priority)
                .map(|(index, _)| index);
            if let Some(index) = least_wanted {
                state.jobs.swap_remove(index);
            }
        }
        drop(state);
        self.queue.wake.notify_one();
    }

    /// The tile itself if it is rendered, otherwise the part of its nearest rendered
    /// ancestor that covers the same ground.
    fn best_available(&mut self, tile_id: TileId) -> Option<TilePiece> {
        let now = self.tick();
        (0..=tile_id.zoom).rev().find_map(|zoom| {
            let (candidate, uv) = ancestor(tile_id, zoom);
            let cached = self.cache.get_mut(&key(candidate))?;
            cached.last_used = now;
            Some(TilePiece::new(Tile::Raster(cached.texture.clone()), uv))
        })
    }
}

impl Tiles for OfflineTiles {
    fn at(&mut self, tile_id: TileId) -> Option<TilePiece> {
        self.receive_finished();
        if !is_valid(tile_id) {
            return None;
        }
        let (wanted, _) = ancestor(tile_id, MAX_RENDER_ZOOM);
        let size = self.pixel_size();
        let up_to_date = self
            .cache
            .get(&key(wanted))
            .is_some_and(|cached| cached.size == size);
        if !up_to_date {
            self.request(wanted, size);
        }
        self.best_available(tile_id)
    }

    fn attribution(&self) -> Attribution {
        Attribution {
            text: "Natural Earth (public domain)",
            url: "https://www.naturalearthdata.com/",
            logo_light: None,
            logo_dark: None,
        }
    }

    fn tile_size(&self) -> u32 {
        TILE_SIZE
    }

    fn stats(&self) -> Stats {
        let state = self.queue.lock();
        Stats {
            in_progress: state.jobs.len() + state.rendering.len(),
        }
    }
}

impl Drop for OfflineTiles {
    fn drop(&mut self) {
        self.queue.lock().shutdown = true;
        self.queue.wake.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, Instant};

    /// Share of the tile's pixels that have exactly this colour.
    fn share_of(rgba: &[u8], color: Color32) -> f64 {
        let wanted = color.to_array();
        let matching = rgba.chunks_exact(4).filter(|px| **px == wanted[..]).count();
        matching as f64 / (rgba.len() / 4) as f64
    }

    fn layer_sizes(bytes: &[u8]) -> (usize, usize, usize) {
        let raw = parse(bytes).unwrap();
        (raw.land.len(), raw.coastlines.len(), raw.borders.len())
    }

    #[test]
    fn parsing_loads_every_feature() {
        assert_eq!(layer_sizes(NE_110M), (127, 130, 159));
        assert_eq!(layer_sizes(NE_50M), (1430, 1433, 187));
        assert_eq!(layer_sizes(NE_10M), (4037, 4039, 206));

        let geometry = &*GEOMETRY_110M;
        assert_eq!(geometry.land.len(), 127);
        assert!(geometry.coastlines.len() >= 130);
        assert!(geometry.borders.len() >= 159);
        for polygon in &geometry.land {
            assert!((0.0..=1.0).contains(&polygon.bbox.min[0]));
            assert!((0.0..=1.0).contains(&polygon.bbox.max[1]));
        }
    }

    #[test]
    fn broken_data_is_an_error_not_a_panic() {
        assert!(matches!(parse(b""), Err(ParseError::Truncated)));
        assert!(matches!(
            parse(b"NOPE\x01\0\0\0"),
            Err(ParseError::BadMagic)
        ));
        assert!(matches!(
            parse(b"TMBM\x02\0\0\0"),
            Err(ParseError::Version(2))
        ));
        assert!(matches!(
            parse(&NE_110M[..NE_110M.len() / 2]),
            Err(ParseError::Truncated)
        ));
        // A huge count with nothing behind it.
        assert!(matches!(
            parse(b"TMBM\x01\0\0\0\xff\xff\xff\xff"),
            Err(ParseError::Truncated)
        ));
    }

    #[test]
    fn projection_puts_the_map_where_expected() {
        let [x, y] = project([0, 0]);
        assert!((x - 0.5).abs() < 1e-12 && (y - 0.5).abs() < 1e-12);
        assert!(project([-180_000_000, 90_000_000])[1].abs() < 1e-12);
        assert!((project([180_000_000, -90_000_000])[1] - 1.0).abs() < 1e-12);
        assert!((project([180_000_000, 0])[0] - 1.0).abs() < 1e-12);
    }

    #[test]
    fn mid_atlantic_is_sea() {
        let palette = Palette::default();
        // 45°W–22.5°W, 0°–22°N.
        let rgba = render_tile_rgba(4, 6, 7, 256, &palette);
        assert_eq!(rgba.len(), 256 * 256 * 4);
        let sea = share_of(&rgba, palette.sea);
        assert!(sea > 0.97, "sea {sea}");
    }

    #[test]
    fn inland_asia_and_africa_are_land() {
        let palette = Palette::default();
        // 45°E–90°E, 41°N–66.5°N: Kazakhstan and Siberia.
        let asia = share_of(&render_tile_rgba(3, 5, 2, 256, &palette), palette.land);
        assert!(asia > 0.8, "land {asia}");
        // 22.5°E–45°E, 0°–22°S: Congo to Mozambique.
        let africa = share_of(&render_tile_rgba(4, 9, 8, 256, &palette), palette.land);
        assert!(africa > 0.6, "land {africa}");
    }

    #[test]
    fn the_whole_world_has_land_and_sea() {
        let palette = Palette::default();
        let rgba = render_tile_rgba(0, 0, 0, 256, &palette);
        let (sea, land) = (share_of(&rgba, palette.sea), share_of(&rgba, palette.land));
        assert!(sea > 0.4 && sea < 0.8, "sea {sea}");
        assert!(land > 0.15 && land < 0.5, "land {land}");
        // Coastlines and borders are drawn too.
        let lines = 1.0 - sea - land;
        assert!(lines > 0.01, "lines {lines}");
    }

    #[test]
    fn detailed_tiles_render_at_every_level() {
        let palette = Palette::default();
        // St Petersburg and the Gulf of Finland at zoom 6, 8 and 10: land and sea in sight.
        for (zoom, x, y) in [(6, 37, 18), (8, 149, 74), (10, 597, 297)] {
            let rgba = render_tile_rgba(zoom, x, y, 256, &palette);
            let (sea, land) = (share_of(&rgba, palette.sea), share_of(&rgba, palette.land));
            assert!(sea > 0.02 && land > 0.05, "z{zoom}: sea {sea}, land {land}");
        }
    }

    #[test]
    fn out_of_range_tiles_do_not_panic() {
        let palette = Palette::default();
        let sea = render_tile_rgba(0, 5, 5, 64, &palette);
        assert_eq!(share_of(&sea, palette.sea), 1.0);
        assert_eq!(
            render_tile_rgba(40, u32::MAX, u32::MAX, 16, &palette).len(),
            16 * 16 * 4
        );
        assert_eq!(render_tile_rgba(255, 0, 0, 16, &palette).len(), 16 * 16 * 4);
        assert_eq!(
            render_tile_rgba(u8::MAX, u32::MAX, 0, 16, &palette).len(),
            16 * 16 * 4
        );
        assert!(render_tile_rgba(3, 1, 1, 0, &palette).is_empty());
        assert!(render_tile_rgba(3, 1, 1, MAX_TILE_PIXELS + 1, &palette).is_empty());
        // Deep zoom right on the antimeridian and the poles.
        render_tile_rgba(20, 0, 0, 32, &palette);
        render_tile_rgba(20, (1 << 20) - 1, (1 << 20) - 1, 32, &palette);

        let mut tiles = OfflineTiles::new(&Context::default());
        for tile_id in [
            TileId {
                x: 1,
                y: 0,
                zoom: 0,
            },
            TileId {
                x: 0,
                y: 9,
                zoom: 3,
            },
            TileId {
                x: u32::MAX,
                y: u32::MAX,
                zoom: 31,
            },
        ] {
            assert!(tiles.at(tile_id).is_none());
        }
        // Valid at zooms walkers never asks for; just must not panic.
        let _ = tiles.at(TileId {
            x: u32::MAX,
            y: 7,
            zoom: 200,
        });
    }

    #[test]
    fn ancestors_cover_the_same_ground() {
        let tile = TileId {
            x: 5,
            y: 2,
            zoom: 3,
        };
        let (parent, uv) = ancestor(tile, 1);
        assert_eq!(
            parent,
            TileId {
                x: 1,
                y: 0,
                zoom: 1
            }
        );
        assert_eq!(uv, Rect::from_min_max(pos2(0.25, 0.5), pos2(0.5, 0.75)));
        assert_eq!(
            ancestor(tile, 3),
            (tile, Rect::from_min_max(pos2(0.0, 0.0), pos2(1.0, 1.0)))
        );
        assert_eq!(ancestor(tile, 9).0, tile);
    }

    #[test]
    fn tiles_arrive_from_the_workers_and_parents_stand_in() {
        let mut tiles = OfflineTiles::new(&Context::default());
        let world = TileId {
            x: 0,
            y: 0,
            zoom: 0,
        };
        let deadline = Instant::now() + Duration::from_secs(60);
        while tiles.at(world).is_none() {
            assert!(Instant::now() < deadline, "the tile never came");
            std::thread::sleep(Duration::from_millis(5));
        }
        // A deeper tile is at first a piece of the world tile.
        let deeper = TileId {
            x: 1,
            y: 1,
            zoom: 1,
        };
        if let Some(piece) = tiles.at(deeper) {
            assert!(piece.uv.width() <= 1.0);
        }
        assert_eq!(tiles.tile_size(), 256);
        assert!(tiles.attribution().text.contains("Natural Earth"));
    }
}
