//! One picture of the map at one moment: the camera, and the [`Drawing`] of the basemap, the routes (a
//! flow map: one arc per pair of places, wider for more legs, newest on top, with a mark for the
//! direction), travellers, city markers with rings and labels or clusters, and the furniture a
//! picture needs on its own: title, date and time, legend, scale bar, attribution, sources.
//!
//! What is visible comes from [`crate::map::visible`], the same decision the window's overlay draws;
//! marks, colours and sizes come from [`crate::style`] and the overlay's own rules (marker radius,
//! label spots), so a picture shows what the window shows.

use chrono::{DateTime, Utc};
use egui::{Color32, Pos2, Rect, Vec2};

use super::draw::{Drawing, Item, Path};
use super::text;
use crate::data::{CityIdx, SourceIdx};
use crate::geodesy::{self, GeoBounds, Point};
use crate::map::basemap::{self, Palette};
use crate::map::visible::{self, Overlay, Visible};
use crate::map::{self as map_mod, TILE_SIZE_PX};
use crate::style;

/// Where a picture looks and how big it is.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Camera {
    pub width: u32,
    pub height: u32,
    /// Walkers' zoom level (the world is 256 points wide at 0).
    pub zoom: f64,
    pub center: Point,
    /// Pixels per point: text, lines and markers are this many times their size in the window.
    pub scale: f32,
}

impl Camera {
    /// A camera at `zoom` over `center`; `scale` follows the size (×2 from 2160 pixels high on).
    pub fn new(width: u32, height: u32, zoom: f64, center: Point) -> Self {
        Self {
            width,
            height,
            zoom,
            center,
            scale: scale_for(width, height),
        }
    }

    /// The camera that fits `bounds` as the window's "fit to data" does.
    pub fn fit(width: u32, height: u32, bounds: &GeoBounds) -> Self {
        let scale = scale_for(width, height);
        let size = Vec2::new(width as f32 / scale, height as f32 / scale);
        let (zoom, center) = map_mod::fit_view(bounds, size);
        Self {
            width,
            height,
            zoom,
            center,
            scale,
        }
    }

    /// Width of the whole world, in pixels.
    pub fn world_px(&self) -> f64 {
        TILE_SIZE_PX * self.zoom.exp2() * f64::from(self.scale)
    }

    /// Where the view's top-left corner is in the world's pixels.
    pub fn offset(&self) -> [f64; 2] {
        let [x, y] = geodesy::web_mercator_unit(self.center);
        let w = self.world_px();
        [
            x * w - f64::from(self.width) / 2.0,
            y * w - f64::from(self.height) / 2.0,
        ]
    }

    /// Where `p` is in the picture, in pixels.
    pub fn project(&self, p: Point) -> Pos2 {
        self.unit_to_px(geodesy::web_mercator_unit(p))
    }

    /// Where a Web-Mercator unit position is in the picture, in pixels.
    pub fn unit_to_px(&self, [x, y]: [f64; 2]) -> Pos2 {
        let w = self.world_px();
        let [ox, oy] = self.offset();
        Pos2::new((x * w - ox) as f32, (y * w - oy) as f32)
    }

    /// The geographic box in view, enlarged by 32 points so lines entering the edge are kept (as the
    /// window's overlay does).
    pub fn view_bounds(&self) -> GeoBounds {
        let w = self.world_px();
        let [ox, oy] = self.offset();
        let margin = 32.0 * f64::from(self.scale);
        let unit = |px: f64, py: f64| geodesy::from_web_mercator_unit([px / w, py / w]);
        let tl = unit(ox - margin, oy - margin);
        let br = unit(
            ox + f64::from(self.width) + margin,
            oy + f64::from(self.height) + margin,
        );
        let lon = |v: f64| {
            if v.is_finite() {
                v.clamp(-180.0, 180.0)
            } else {
                0.0
            }
        };
        let lat = |v: f64| {
            if v.is_finite() {
                v.clamp(-90.0, 90.0)
            } else {
                0.0
            }
        };
        GeoBounds {
            min_lat: lat(br.y()),
            max_lat: lat(tl.y()),
            min_lon: lon(tl.x()),
            max_lon: lon(br.x()),
        }
    }
}

/// Pixels per point for a picture of this size: 1, or 2 from 3840×2160.
fn scale_for(width: u32, height: u32) -> f32 {
    if width >= 3000 || height >= 2000 {
        2.0
    } else {
        1.0
    }
}

/// What the picture says besides the map.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Furniture {
    /// The title (the dataset's when `None`).
    pub title: Option<String>,
    /// List the sources of what is visible at the bottom.
    pub footnotes: bool,
    /// Online tiles were on: credit OpenStreetMap too.
    pub online_tiles: bool,
}

/// What a picture drew, for tests: the same facts as the window's `Drawn`, with screen positions.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Placed {
    pub visible: Visible,
    /// Each city marker drawn, with its centre in pixels.
    pub cities: Vec<(CityIdx, Pos2)>,
    /// Each traveller drawn, with its centre in pixels.
    pub travellers: Vec<(crate::data::LegIdx, Pos2)>,
}

/// Draws the map at `o.cursor` through `camera`. Every visible leg is drawn, not the window's most
/// recent few hundred.
pub fn picture(o: &Overlay<'_>, camera: &Camera, furniture: &Furniture) -> (Drawing, Placed) {
    let s = camera.scale;
    let v = visible::visible(
        o,
        &camera.view_bounds(),
        |p| {
            let px = camera.project(p);
            Pos2::new(px.x / s, px.y / s)
        },
        None,
    );
    let palette = Palette::default();
    let mut d = Drawing {
        width: camera.width,
        height: camera.height,
        background: palette.sea,
        items: Vec::new(),
    };
    basemap_items(&mut d, camera, &palette);
    let mut placed = Placed::default();
    routes(&mut d, o, camera, &v);
    // Furniture first in the list of taken spots, so labels keep clear of it; drawn last, on top.
    let mut furniture_items = Drawing::default();
    let mut occupied = furniture_ui(&mut furniture_items, o, camera, &v, furniture);
    travellers(&mut d, o, camera, &v, &mut placed, &mut occupied);
    cities(&mut d, o, camera, &v, &mut placed, &mut occupied);
    d.items.extend(furniture_items.items);
    placed.visible = v;
    (d, placed)
}

fn basemap_items(d: &mut Drawing, camera: &Camera, palette: &Palette) {
    // One level more detailed than the window's tiles at this zoom: a picture is looked at closely.
    let detail = (camera
        .zoom
        .ceil()
        .clamp(0.0, f64::from(basemap::MAX_RENDER_ZOOM))) as u8;
    let g = basemap::view_geometry(
        detail,
        camera.world_px(),
        camera.offset(),
        camera.width,
        camera.height,
    );
    let mut land = Path::default();
    for ring in &g.land {
        land.add_polyline(ring.iter().copied());
        land.segs.push(super::draw::Seg::Close);
    }
    d.items.push(Item {
        path: land,
        fill: Some(palette.land),
        stroke: None,
        even_odd: true,
    });
    let (coast_w, border_w) = basemap::line_widths(detail);
    for (lines, color, width) in [
        (&g.borders, palette.border, border_w),
        (&g.coastlines, palette.coastline, coast_w),
    ] {
        let mut path = Path::default();
        for line in lines {
            path.add_polyline(line.iter().copied());
        }
        d.stroke(path, color, width * camera.scale, None);
    }
}

/// The longest step along a drawn route, in points: the great circle stays smooth, and a year of legs
/// at the world view has few edges to rasterise.
const ROUTE_STEP_PX: f32 = 6.0;

/// A route's points in pixels, one polyline per part, [`ROUTE_STEP_PX`] apart at most.
fn route_px(camera: &Camera, route: &crate::map::scene::Route) -> Vec<Vec<[f32; 2]>> {
    let step = f64::from(ROUTE_STEP_PX * camera.scale);
    let mut parts: Vec<Vec<[f32; 2]>> = Vec::new();
    route
        .arc
        .for_each_unit(route.segments_for(camera.world_px(), step), |starts, u| {
            if starts {
                parts.push(Vec::new());
            }
            if let Some(part) = parts.last_mut() {
                let p = camera.unit_to_px(u);
                part.push([p.x, p.y]);
            }
        });
    parts
}

/// Width of a flown route that `count` legs took, in points: wider, up to three times, with more.
pub fn flow_width(count: u32) -> f32 {
    style::ROUTE_WIDTH * (1.0 + 0.5 * (count.max(1) as f32).log2()).min(3.0)
}

fn routes(d: &mut Drawing, o: &Overlay<'_>, camera: &Camera, v: &Visible) {
    let s = camera.scale;
    let touches_selected = |leg: crate::data::LegIdx| {
        o.selected.is_some_and(|sel| {
            o.data.legs.get(leg.index()).is_some_and(|l| {
                o.scene.cities.of(l.from) == Some(sel) || o.scene.cities.of(l.to) == Some(sel)
            })
        })
    };
    // Routes of one look are one path, stroked once: a pixel many routes cross is painted once per look,
    // not once per route, which keeps a year of 100,000 legs quick. Fainter (older) looks first, so the
    // newest are on top; the selected city's routes over all of them.
    let mut looks: std::collections::BTreeMap<(bool, u8, u16, u8), (Path, Path)> =
        std::collections::BTreeMap::new();
    for f in &v.flown {
        let Some(route) = o.scene.routes.get(f.route.0 as usize) else {
            continue;
        };
        let chosen = touches_selected(f.leg);
        // More legs, more opaque: a busy route reads even when its last flight is old.
        let alpha = (f.alpha + 0.1 * (f.count as f32).log2()).min(1.0);
        let width = flow_width(f.count) * s;
        let dash = if f.dashed {
            1 + u8::from(is_inferred(o, f.leg))
        } else {
            0
        };
        let key = (
            chosen,
            (alpha * 20.0).round() as u8,
            (width * 4.0).round() as u16,
            dash,
        );
        let (path, marks) = looks.entry(key).or_default();
        let parts = route_px(camera, route);
        for part in &parts {
            path.add_polyline(part.iter().copied());
        }
        if let Some(mark) = direction_mark(&parts, 3.0 * s + width) {
            marks.segs.extend(mark.segs);
        }
    }
    for ((chosen, alpha, width, dash), (path, marks)) in looks {
        let alpha = f32::from(alpha) / 20.0;
        let width = f32::from(width) / 4.0;
        let dash = match dash {
            0 => None,
            1 => Some(style::ESTIMATED_DASH),
            _ => Some(style::INFERRED_DASH),
        }
        .map(|(on, off)| (on * s, off * s));
        if chosen {
            d.stroke(path.clone(), style::SELECTED, width + 3.0 * s, None);
        }
        d.stroke(path, style::faded(style::ROUTE, alpha), width, dash);
        if !marks.segs.is_empty() {
            d.fill(marks, style::faded(style::ROUTE, alpha));
        }
    }
}

fn is_inferred(o: &Overlay<'_>, leg: crate::data::LegIdx) -> bool {
    o.data
        .legs
        .get(leg.index())
        .is_some_and(|l| l.certainty == crate::data::Certainty::Inferred)
}

/// The dash of a leg drawn dashed: long for inferred, short for estimated times.
fn dash_of(o: &Overlay<'_>, leg: crate::data::LegIdx, scale: f32) -> (f32, f32) {
    let inferred = o
        .data
        .legs
        .get(leg.index())
        .is_some_and(|l| l.certainty == crate::data::Certainty::Inferred);
    let (on, off) = if inferred {
        style::INFERRED_DASH
    } else {
        style::ESTIMATED_DASH
    };
    (on * scale, off * scale)
}

/// A small arrowhead halfway along the route, pointing the way it was travelled.
fn direction_mark(parts: &[Vec<[f32; 2]>], size: f32) -> Option<Path> {
    let part = parts.iter().max_by_key(|p| p.len())?;
    if part.len() < 3 {
        return None;
    }
    let mid = part.len() / 2;
    let (a, b, at) = (part.get(mid - 1)?, part.get(mid + 1)?, part.get(mid)?);
    let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
    let len = (dx * dx + dy * dy).sqrt();
    if len < 1e-3 {
        return None;
    }
    let (ux, uy) = (dx / len, dy / len);
    let tip = [at[0] + ux * size, at[1] + uy * size];
    let back = [at[0] - ux * size * 0.6, at[1] - uy * size * 0.6];
    let left = [back[0] - uy * size * 0.8, back[1] + ux * size * 0.8];
    let right = [back[0] + uy * size * 0.8, back[1] - ux * size * 0.8];
    let mut path = Path::polyline([tip, left, right]);
    path.segs.push(super::draw::Seg::Close);
    Some(path)
}

fn travellers(
    d: &mut Drawing,
    o: &Overlay<'_>,
    camera: &Camera,
    v: &Visible,
    placed: &mut Placed,
    occupied: &mut Vec<Rect>,
) {
    let s = camera.scale;
    for f in v.flights.iter().filter(|f| f.in_view) {
        let (Some(route), Some(at), Some(leg)) = (
            o.scene.routes.get(f.route.0 as usize),
            f.at,
            o.data.legs.get(f.leg.index()),
        ) else {
            continue;
        };
        // The whole route faintly, the part flown strongly, then the traveller.
        let mut whole = Path::default();
        for part in route_px(camera, route) {
            whole.add_polyline(part);
        }
        let dash = f.dashed.then(|| dash_of(o, f.leg, s));
        d.stroke(
            whole,
            style::faded(style::ROUTE_ACTIVE, 0.5),
            style::ROUTE_WIDTH * s,
            dash,
        );
        if let Some(from) = o.data.place(leg.from) {
            let flown =
                geodesy::great_circle(from.position, at, crate::map::scene::ROUTE_SEGMENT_KM);
            let mut trail = Path::default();
            for part in &flown.parts {
                trail.add_polyline(part.iter().map(|p| {
                    let px = camera.project(*p);
                    [px.x, px.y]
                }));
            }
            d.stroke(
                trail,
                style::ROUTE_ACTIVE,
                (style::ROUTE_WIDTH + 1.0) * s,
                None,
            );
        }
        let px = camera.project(at);
        d.fill(Path::circle([px.x, px.y], 6.0 * s), style::TRAVELLER);
        d.stroke(
            Path::circle([px.x, px.y], 6.0 * s),
            Color32::WHITE,
            2.0 * s,
            None,
        );
        occupied.push(Rect::from_center_size(px, Vec2::splat(16.0 * s)));
        placed.travellers.push((f.leg, px));
    }
}

/// Fills a line of text with its baseline's left end at `origin`.
fn text_at(d: &mut Drawing, s: &str, size: f32, origin: [f32; 2], color: Color32) -> text::Line {
    let line = text::line(s, size, origin);
    d.fill(line.path.clone(), color);
    line
}

fn clusters(d: &mut Drawing, camera: &Camera, v: &Visible, occupied: &mut Vec<Rect>) {
    let s = camera.scale;
    for c in &v.clusters {
        let at = camera.project(c.position);
        let r = visible::cluster_radius(c.count) * s;
        d.fill(
            Path::circle([at.x, at.y], r),
            style::faded(style::CITY, 0.85),
        );
        d.stroke(Path::circle([at.x, at.y], r), Color32::WHITE, 1.5 * s, None);
        let label = c.count.to_string();
        let size = 11.0 * s;
        let w = text::width(&label, size);
        text_at(
            d,
            &label,
            size,
            [at.x - w / 2.0, at.y + size * 0.35],
            Color32::WHITE,
        );
        occupied.push(Rect::from_center_size(at, Vec2::splat(2.0 * r + 4.0 * s)));
    }
}

fn cities(
    d: &mut Drawing,
    o: &Overlay<'_>,
    camera: &Camera,
    v: &Visible,
    placed: &mut Placed,
    occupied: &mut Vec<Rect>,
) {
    let s = camera.scale;
    clusters(d, camera, v, occupied);
    // Every marker first, so no label covers a marker drawn after it.
    occupied.extend(
        v.cities
            .iter()
            .zip(&v.held)
            .filter_map(|(c, held)| Some((o.scene.cities.get(*c)?, held)))
            .map(|(city, held)| {
                Rect::from_center_size(
                    camera.project(city.position),
                    Vec2::splat((2.0 * visible::marker_radius(held.meetings) + 8.0) * s),
                )
            }),
    );
    for idx in &v.cities {
        let Some(city) = o.scene.cities.get(*idx) else {
            continue;
        };
        let at = camera.project(city.position);
        let c = [at.x, at.y];
        let present = v.present_in(*idx);
        let held = v.held_at(*idx).meetings;
        let radius = (visible::marker_radius(held) + visible::stay_growth(present.len())) * s;
        let kept = v.kept(o, *idx);
        let fade = |c: Color32| {
            if kept {
                c
            } else {
                style::faded(c, style::FILTERED_OUT_ALPHA)
            }
        };
        if v.meeting_cities.binary_search(idx).is_ok() {
            let ring = radius + 4.0 * s;
            d.stroke(Path::circle(c, ring), style::MEETING_ACTIVE, 3.0 * s, None);
        }
        if v.meeting_day_cities.binary_search(idx).is_ok() {
            let half = radius + 4.0 * s + 0.75 * s;
            d.stroke(
                Path::rect([c[0] - half, c[1] - half], [c[0] + half, c[1] + half], s),
                style::MEETING_DAY,
                1.5 * s,
                None,
            );
        }
        let fill = if city.meetings.is_empty() {
            style::CITY_TRANSIT
        } else {
            style::CITY
        };
        d.fill(Path::circle(c, radius), fade(fill));
        if !present.is_empty() {
            d.stroke(
                Path::circle(c, radius + 2.5 * s),
                style::STAY,
                2.5 * s,
                None,
            );
        }
        let (outline, width) = if o.selected == Some(*idx) {
            (style::SELECTED, 3.0)
        } else {
            (fade(Color32::WHITE), 1.5)
        };
        d.stroke(Path::circle(c, radius), outline, width * s, None);
        placed.cities.push((*idx, at));
        let size = style::LABEL_SIZE * s;
        let w = text::width(&city.name, size);
        let probe = text::line("", size, [0.0, 0.0]);
        let galley = Vec2::new(w, probe.height());
        if let Some(spot) = visible::label_spot(at, radius, galley, occupied) {
            let halo = spot.expand(1.5 * s);
            d.fill(
                Path::rect([halo.min.x, halo.min.y], [halo.max.x, halo.max.y], 3.0 * s),
                fade(style::LABEL_HALO),
            );
            text_at(
                d,
                &city.name,
                size,
                [spot.min.x, spot.min.y + probe.ascent],
                fade(style::LABEL),
            );
            occupied.push(spot.expand(2.0 * s));
        }
    }
}

/// A panel of text lines in a rounded, pale box at `origin` (its top-left), each line with an optional
/// swatch drawn before it. Returns the box.
struct Panel {
    rows: Vec<(Option<Swatch>, String, f32)>,
}

#[derive(Clone, Copy)]
enum Swatch {
    Dot(Color32),
    Line(Color32, Option<(f32, f32)>, f32),
}

impl Panel {
    fn size(&self, s: f32) -> Vec2 {
        let pad = 8.0 * s;
        let mut w: f32 = 0.0;
        let mut h = 0.0;
        for (swatch, text, size) in &self.rows {
            let sw = if swatch.is_some() { 34.0 * s } else { 0.0 };
            w = w.max(sw + text::width(text, *size));
            h += size * 1.45;
        }
        Vec2::new(w + 2.0 * pad, h + 2.0 * pad)
    }

    fn draw(&self, d: &mut Drawing, min: Pos2, s: f32) -> Rect {
        let size = self.size(s);
        let rect = Rect::from_min_size(min, size);
        d.fill(
            Path::rect([rect.min.x, rect.min.y], [rect.max.x, rect.max.y], 4.0 * s),
            style::LABEL_HALO,
        );
        let pad = 8.0 * s;
        let mut y = rect.min.y + pad;
        for (swatch, line, text_size) in &self.rows {
            let row_h = text_size * 1.45;
            let baseline = y + row_h * 0.72;
            let mid = y + row_h * 0.45;
            let mut x = rect.min.x + pad;
            if let Some(swatch) = swatch {
                match *swatch {
                    Swatch::Dot(c) => {
                        d.fill(Path::circle([x + 12.0 * s, mid], 5.0 * s), c);
                        d.stroke(
                            Path::circle([x + 12.0 * s, mid], 5.0 * s),
                            Color32::WHITE,
                            1.5 * s,
                            None,
                        );
                    }
                    Swatch::Line(c, dash, w) => {
                        let dash = dash.map(|(a, b)| (a * s, b * s));
                        d.stroke(
                            Path::polyline([[x, mid], [x + 26.0 * s, mid]]),
                            c,
                            w * s,
                            dash,
                        );
                    }
                }
                x += 34.0 * s;
            }
            text_at(d, line, *text_size, [x, baseline], style::LABEL);
            y += row_h;
        }
        rect
    }
}

/// Title, time, legend, scale bar, attribution and sources. Returns the rectangles they cover.
fn furniture_ui(
    d: &mut Drawing,
    o: &Overlay<'_>,
    camera: &Camera,
    v: &Visible,
    f: &Furniture,
) -> Vec<Rect> {
    let s = camera.scale;
    let (w, h) = (camera.width as f32, camera.height as f32);
    let margin = 10.0 * s;
    let mut taken = Vec::new();

    let title = f.title.clone().unwrap_or_else(|| o.data.title.clone());
    let mut head = Panel {
        rows: vec![
            (None, title, 18.0 * s),
            (None, time_label(o, o.cursor), 13.0 * s),
        ],
    };
    if o.range {
        head.rows.push((
            None,
            format!(
                "Showing {} – {}",
                o.window.0.format("%-d %b %Y"),
                o.window.1.format("%-d %b %Y")
            ),
            12.0 * s,
        ));
    }
    taken.push(head.draw(d, Pos2::new(margin, margin), s));

    let legend = legend_panel(o, v, s);
    let size = legend.size(s);
    taken.push(legend.draw(d, Pos2::new(margin, h - margin - size.y), s));

    // Attribution, bottom right.
    let mut credit = "Map: Natural Earth".to_owned();
    if f.online_tiles {
        credit.push_str(" · © OpenStreetMap contributors");
    }
    let small = 11.0 * s;
    let cw = text::width(&credit, small);
    let credit_rect = Rect::from_min_size(
        Pos2::new(w - margin - cw - 8.0 * s, h - margin - small * 1.6),
        Vec2::new(cw + 8.0 * s, small * 1.6),
    );
    d.fill(
        Path::rect(
            [credit_rect.min.x, credit_rect.min.y],
            [credit_rect.max.x, credit_rect.max.y],
            3.0 * s,
        ),
        style::LABEL_HALO,
    );
    text_at(
        d,
        &credit,
        small,
        [
            credit_rect.min.x + 4.0 * s,
            credit_rect.max.y - small * 0.45,
        ],
        style::LABEL,
    );
    taken.push(credit_rect);

    taken.push(scale_bar(
        d,
        camera,
        Pos2::new(w - margin, credit_rect.min.y - 6.0 * s),
    ));

    if f.footnotes {
        let sources = visible_sources(o, v);
        if !sources.is_empty() {
            let mut notes = Panel { rows: Vec::new() };
            for (i, src) in sources.iter().take(6).enumerate() {
                notes.rows.push((None, format!("{}. {src}", i + 1), small));
            }
            if sources.len() > 6 {
                notes.rows.push((
                    None,
                    format!("and {} more sources", sources.len() - 6),
                    small,
                ));
            }
            let size = notes.size(s);
            let legend_right = taken.get(1).map_or(margin, |r| r.max.x + margin);
            taken.push(notes.draw(d, Pos2::new(legend_right, h - margin - size.y), s));
        }
    }
    taken
}

/// "12 Mar 2025, 14:00 UTC", and the selected city's local time after it.
fn time_label(o: &Overlay<'_>, t: DateTime<Utc>) -> String {
    let mut label = t.format("%-d %b %Y, %H:%M UTC").to_string();
    if let Some(city) = o.selected.and_then(|c| o.scene.cities.get(c)) {
        let local = t.with_timezone(&city.tz);
        label.push_str(&format!(
            " · {} in {}",
            local.format("%H:%M, %-d %b"),
            city.name
        ));
    }
    label
}

/// The people shown, and what each kind of line means.
fn legend_panel(o: &Overlay<'_>, v: &Visible, s: f32) -> Panel {
    let size = 12.0 * s;
    let mut rows = Vec::new();
    let mut people: Vec<crate::data::PersonIdx> = v
        .flights
        .iter()
        .filter_map(|f| o.data.legs.get(f.leg.index()))
        .flat_map(|l| l.travellers.iter().copied())
        .chain(v.present.iter().flat_map(|(_, p)| p.iter().copied()))
        .collect();
    people.sort_unstable();
    people.dedup();
    for p in people.iter().take(5) {
        if let Some(person) = o.data.person(*p) {
            rows.push((
                Some(Swatch::Dot(style::TRAVELLER)),
                person.name.clone(),
                size,
            ));
        }
    }
    if people.len() > 5 {
        rows.push((
            None,
            format!("and {} more travelling", people.len() - 5),
            size,
        ));
    }
    rows.push((
        Some(Swatch::Line(style::ROUTE, None, style::ROUTE_WIDTH)),
        "Route flown, reported (wider: more flights)".to_owned(),
        size,
    ));
    rows.push((
        Some(Swatch::Line(
            style::ROUTE,
            Some(style::ESTIMATED_DASH),
            style::ROUTE_WIDTH,
        )),
        "Times estimated".to_owned(),
        size,
    ));
    rows.push((
        Some(Swatch::Line(
            style::ROUTE,
            Some(style::INFERRED_DASH),
            style::ROUTE_WIDTH,
        )),
        "Inferred from stays".to_owned(),
        size,
    ));
    rows.push((
        Some(Swatch::Line(
            style::ROUTE_ACTIVE,
            None,
            style::ROUTE_WIDTH + 1.0,
        )),
        "In the air now".to_owned(),
        size,
    ));
    if o.selected.is_some() {
        rows.push((
            Some(Swatch::Line(
                style::SELECTED,
                None,
                style::ROUTE_WIDTH + 3.0,
            )),
            "Routes of the selected city".to_owned(),
            size,
        ));
    }
    Panel { rows }
}

/// A bar of a round length (1, 2 or 5 × 10ⁿ km) about 120 points long, measured at the view's centre
/// latitude, its right end at `right_bottom`. Returns the area it covers.
fn scale_bar(d: &mut Drawing, camera: &Camera, right_bottom: Pos2) -> Rect {
    let s = camera.scale;
    let lat = camera.center.y().clamp(-85.0, 85.0).to_radians();
    let km_per_px =
        geodesy::EARTH_MEAN_RADIUS_KM * 2.0 * std::f64::consts::PI * lat.cos() / camera.world_px();
    let target_km = km_per_px * 120.0 * f64::from(s);
    let magnitude = 10f64.powf(target_km.log10().floor());
    let nice = [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * magnitude)
        .rfind(|km| *km <= target_km)
        .unwrap_or(magnitude);
    let len = (nice / km_per_px) as f32;
    let size = 11.0 * s;
    let label = if nice >= 1.0 {
        format!("{nice:.0} km")
    } else {
        format!("{:.0} m", nice * 1000.0)
    };
    let lw = text::width(&label, size);
    let width = len.max(lw) + 12.0 * s;
    let rect = Rect::from_min_max(
        Pos2::new(right_bottom.x - width, right_bottom.y - size * 2.4),
        right_bottom,
    );
    d.fill(
        Path::rect([rect.min.x, rect.min.y], [rect.max.x, rect.max.y], 3.0 * s),
        style::LABEL_HALO,
    );
    let y = rect.max.y - 6.0 * s;
    let x1 = rect.max.x - 6.0 * s;
    let x0 = x1 - len;
    d.stroke(
        Path::polyline([[x0, y - 4.0 * s], [x0, y], [x1, y], [x1, y - 4.0 * s]]),
        style::LABEL,
        1.5 * s,
        None,
    );
    text_at(d, &label, size, [x1 - lw, y - 6.0 * s], style::LABEL);
    rect
}

/// The sources of the legs, meetings and stays drawn, as "title (publisher)", in the order first met.
fn visible_sources(o: &Overlay<'_>, v: &Visible) -> Vec<String> {
    let mut ids: Vec<SourceIdx> = Vec::new();
    let legs = v
        .flown
        .iter()
        .map(|f| f.leg)
        .chain(v.flights.iter().map(|f| f.leg));
    for leg in legs.filter_map(|l| o.data.legs.get(l.index())) {
        ids.extend(leg.sources.iter().copied());
    }
    for m in o
        .index
        .meetings_under_way(o.cursor)
        .filter_map(|m| o.data.meetings.get(m.index()))
    {
        ids.extend(m.sources.iter().copied());
    }
    let mut seen = std::collections::BTreeSet::new();
    ids.retain(|s| seen.insert(*s));
    ids.iter()
        .filter_map(|s| o.data.source(*s))
        .map(|s| match &s.publisher {
            Some(p) => format!("{} ({p})", s.title),
            None => s.title.clone(),
        })
        .collect()
}
