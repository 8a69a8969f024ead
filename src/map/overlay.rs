//! Draws the data on the map at the timeline's cursor: every leg flown in the time window as a flow
//! map, the newest of them crisp on top (older ones fainter), legs in the air with the traveller's
//! marker and the trail flown, and a labelled, clickable marker per city with the number of meetings
//! it had in the window.
//!
//! Work per frame is bounded by what is visible or what changed, never by the dataset: all the legs of
//! the window are drawn into one texture that only the legs entering or leaving the window change
//! ([`super::flow_texture`]); at most [`MAX_CRISP_ROUTES`] of the most recent are drawn again as meshes
//! over it, from the scene's per-zoom memo ([`super::route_mesh`]), as one mesh; routes outside the
//! viewport are culled; and when more than [`CLUSTER_ABOVE`] cities are on screen they are merged into
//! one counted marker per grid cell. Counts of meetings come from per-city sorted times
//! ([`super::city_counts`]). What is in the window but cannot be drawn (a leg whose place is missing, a
//! stay not yet placed) is said in a caption. The overlay changes no app state (only those memos): a
//! click comes back as a [`MapAction`].
//!
//! What is not reported is drawn so it can't be taken for fact: a leg whose times are estimated is
//! dashed and says so, and a meeting known only to the day gets a square mark for that local day, not
//! the pulsing ring of a meeting under way. Two people in a city at once with no reported meeting (a
//! co-presence, worked out in [`crate::encounters`]) get a thin dashed ring, apart from a meeting's
//! solid one, and the tooltip says it is not a reported meeting.

use chrono::{DateTime, Utc};
use egui::epaint::{Mesh, PathShape, PathStroke};
use egui::{
    Align2, Color32, FontId, Id, Pos2, Rect, Response, Role, Sense, Shape, Stroke, Ui, Vec2,
    WidgetInfo,
};
use walkers::Projector;

use super::city_counts::WindowCount;
use super::flow_texture::FlowDrawn;
use super::route_mesh::{self, RouteMeshes};
use super::visible::{self, Visible, label_spot, marker_radius, stay_growth};
pub use super::visible::{CLUSTER_ABOVE, Overlay};
use crate::data::{CityIdx, Dataset, Leg, LegIdx, PersonIdx};
use crate::encounters::EncounterKind;
use crate::geodesy::{self, GeoBounds, Point};
use crate::style;

/// At most this many of the most recent completed legs are drawn crisp, as meshes, over the flow layer
/// (which draws every leg of the window); they can be clicked.
pub const MAX_CRISP_ROUTES: usize = 500;
/// Legs and travellers get an accessible node each only while there are at most this many.
const ACCESSIBLE_ITEMS: usize = 200;

/// What a click on the map asks for.
#[derive(Clone, Copy, Debug, PartialEq)]
#[must_use]
pub enum MapAction {
    SelectCity(CityIdx),
    /// A route or a traveller was clicked: show that flight.
    SelectLeg(LegIdx),
    /// A cluster was clicked: zoom in around it.
    ZoomInAt(Point),
}

/// What the overlay drew this frame; the app keeps it for the status line and for tests.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Drawn {
    /// Completed legs drawn.
    pub flown: Vec<LegIdx>,
    /// Legs in the air, with the fraction flown.
    pub in_flight: Vec<(LegIdx, f64)>,
    /// Cities with a meeting under way.
    pub meeting_cities: Vec<CityIdx>,
    /// Cities with a meeting on the cursor's local day whose time was not reported.
    pub meeting_day_cities: Vec<CityIdx>,
    /// Legs drawn dashed because their times are estimated, or because they were inferred from stays.
    pub estimated: Vec<LegIdx>,
    /// Cities where someone is staying at the cursor, with who (sorted by city).
    pub present: Vec<(CityIdx, Vec<crate::data::PersonIdx>)>,
    /// Cities drawn where a co-presence is under way at the cursor, with who (sorted by city).
    pub co_present: Vec<(CityIdx, Vec<crate::data::PersonIdx>)>,
    /// Basemap names placed (countries, oceans, capitals).
    pub place_names: Vec<&'static str>,
    /// With a chosen range: the cities with a meeting, arrival or departure in it, sorted.
    pub range_cities: Option<Vec<CityIdx>>,
    /// City markers drawn individually (not clustered).
    pub cities: Vec<CityIdx>,
    /// Where each of [`Drawn::cities`] was drawn, in screen points.
    pub markers: Vec<(CityIdx, Pos2)>,
    pub clusters: usize,
    /// Legs drawn in the flow layer: every leg that arrived in the window, less those with a missing
    /// place ([`FlowDrawn::unplaced`]).
    pub legs_in_layer: usize,
    /// The flow layer this frame.
    pub flow: FlowDrawn,
    /// The meetings and stays each city drawn on its own had in the window (what its badge and tooltip
    /// say), in the order of [`Drawn::cities`].
    pub held: Vec<(CityIdx, WindowCount)>,
    /// The badges drawn on cities: what each says (its meetings in the window).
    pub badges: Vec<(CityIdx, String)>,
    /// What each cluster says it holds, e.g. "12 cities, 3,412 meetings".
    pub cluster_labels: Vec<String>,
    /// What the caption says is in the window but not on the map, and why; `None` when everything is.
    pub not_shown: Option<String>,
}

/// A click this close to a drawn route (and on no marker) opens its flight, in points.
const ROUTE_HIT_PX: f32 = 6.0;

/// Draws the overlay inside `walkers::Map::show`. Returns the click, if any, and what was drawn.
/// `map` is the map's own response: a click on it that no marker took may be on a route.
pub fn overlay_ui(
    ui: &mut Ui,
    map: &Response,
    projector: &Projector,
    o: &Overlay<'_>,
) -> (Option<MapAction>, Drawn) {
    let view = visible_bounds(projector);
    let v = visible::visible(o, &view, |p| project(projector, p), Some(MAX_CRISP_ROUTES));
    let mut drawn = Drawn {
        meeting_cities: v.meeting_cities.clone(),
        meeting_day_cities: v.meeting_day_cities.clone(),
        present: v.present.clone(),
        range_cities: v.range_cities.clone(),
        clusters: v.clusters.len(),
        ..Drawn::default()
    };
    let mut meshes = o.scene.meshes.borrow_mut();
    meshes.begin_frame(
        projector.zoom(),
        ui.ctx().pixels_per_point(),
        ui.ctx().tessellation_options(|t| *t),
    );
    // Every route in one mesh, under the trails and travellers; as big as last frame's to start with.
    let mut routes = Mesh::default();
    routes.reserve_vertices(meshes.last_vertices + meshes.last_vertices / 8);
    routes.reserve_triangles((meshes.last_vertices + meshes.last_vertices / 8) * 3 / 2);
    let mut shapes = Vec::new();
    // The basemap's names go under the data, but are placed after it, around its marks.
    let names_at = ui.painter().add(Shape::Noop);
    // Every leg of the window, under the crisp routes.
    drawn.flow = o.scene.flow.borrow_mut().show(ui, projector, o, &v);
    drawn.legs_in_layer = drawn.flow.legs;
    flown_routes(o, &v, projector, &mut meshes, &mut routes, &mut drawn);
    let travellers = in_flight(
        o,
        &v,
        projector,
        &mut meshes,
        &mut routes,
        &mut shapes,
        &mut drawn,
    );
    meshes.last_vertices = routes.vertices.len();
    drop(meshes);
    if !routes.is_empty() {
        ui.painter().add(Shape::mesh(routes));
    }
    ui.painter().extend(shapes);
    let mut action = traveller_nodes(ui, o, &travellers);
    let mut occupied: Vec<Rect> = travellers
        .iter()
        .map(|t| Rect::from_center_size(t.at, Vec2::splat(16.0)))
        .collect();
    action = cities_ui(ui, projector, o, &v, &mut drawn, &mut occupied).or(action);
    if action.is_none() && map.clicked() {
        action = map
            .interact_pointer_pos()
            .and_then(|pos| route_at(projector, o, &drawn, pos))
            .map(MapAction::SelectLeg);
    }
    if o.range {
        range_caption_ui(ui, o.window);
    }
    drawn.not_shown = not_shown(&drawn.flow, &v);
    if let Some(text) = &drawn.not_shown {
        not_shown_ui(ui, text);
    }
    if o.place_names {
        let (names, placed) =
            super::place_names::place_names(projector, ui.painter(), &mut occupied);
        ui.painter().set(names_at, Shape::Vec(names));
        drawn.place_names = placed;
    }
    (action, drawn)
}

/// The drawn leg whose route passes within [`ROUTE_HIT_PX`] of `pos`: legs in the air first, then the
/// flown ones newest first. Only run on a click, so walking the routes' arcs here is cheap enough; it
/// keeps no points, so a click on an empty part of a year's map does not densify every route.
fn route_at(projector: &Projector, o: &Overlay<'_>, drawn: &Drawn, pos: Pos2) -> Option<LegIdx> {
    let legs = drawn
        .in_flight
        .iter()
        .map(|(leg, _)| *leg)
        .chain(drawn.flown.iter().copied());
    let world_px = super::TILE_SIZE_PX * projector.zoom().exp2();
    legs.into_iter().find(|leg| {
        o.scene.route_of(*leg).is_some_and(|route| {
            let mut last: Option<Pos2> = None;
            let mut hit = false;
            let segments = route.segments_for(world_px, ROUTE_HIT_PX.into());
            route.arc.for_each_unit(segments, |starts, unit| {
                let p = project(projector, geodesy::from_web_mercator_unit(unit));
                if let (false, Some(q)) = (starts, last) {
                    hit |= distance_to_segment(pos, q, p) <= ROUTE_HIT_PX;
                }
                last = Some(p);
            });
            hit
        })
    })
}

/// Distance from `p` to the segment `a`–`b`, in points.
fn distance_to_segment(p: Pos2, a: Pos2, b: Pos2) -> f32 {
    let ab = b - a;
    let t = if ab.length_sq() > 0.0 {
        ((p - a).dot(ab) / ab.length_sq()).clamp(0.0, 1.0)
    } else {
        0.0
    };
    p.distance(a + ab * t)
}

/// The geographic box the map shows, slightly enlarged so lines entering the edge are kept. Web
/// Mercator keeps north up, so two opposite corners give the box; the map does not repeat the world,
/// so longitudes beyond ±180 are clamped, not wrapped.
fn visible_bounds(projector: &Projector) -> GeoBounds {
    let rect = projector.clip_rect().expand(32.0);
    let top_left = projector.unproject(rect.left_top().to_vec2());
    let bottom_right = projector.unproject(rect.right_bottom().to_vec2());
    let clamp_lon = |lon: f64| {
        if lon.is_finite() {
            lon.clamp(-180.0, 180.0)
        } else {
            0.0
        }
    };
    let clamp_lat = |lat: f64| {
        if lat.is_finite() {
            lat.clamp(-90.0, 90.0)
        } else {
            0.0
        }
    };
    GeoBounds {
        min_lat: clamp_lat(bottom_right.y()),
        max_lat: clamp_lat(top_left.y()),
        min_lon: clamp_lon(top_left.x()),
        max_lon: clamp_lon(bottom_right.x()),
    }
}

fn project(projector: &Projector, p: Point) -> Pos2 {
    projector.project(p).to_pos2()
}

fn flown_routes(
    o: &Overlay<'_>,
    v: &Visible,
    projector: &Projector,
    meshes: &mut RouteMeshes,
    out: &mut Mesh,
    drawn: &mut Drawn,
) {
    // The highlighted person's routes go last, on top.
    let theirs = |f: &&visible::FlownRoute| highlighted_leg(o, f.leg);
    let others = v.flown.iter().filter(|f| !theirs(f));
    // The selected leg last of all, over everything, when it arrived in the window.
    let selected = o.selected_leg.and_then(|leg| selected_flown(o, leg));
    for f in others
        .chain(v.flown.iter().filter(theirs))
        .chain(selected.iter())
    {
        let is_selected = selected.as_ref().is_some_and(|s| std::ptr::eq(s, f));
        let color = if is_selected {
            style::SELECTED
        } else {
            route_color(o, highlighted_leg(o, f.leg), f.alpha)
        };
        let Some(route) = o.scene.routes.get(f.route.0 as usize) else {
            continue;
        };
        // Listed once, though the selected leg may be drawn twice.
        let new = !is_selected || !drawn.flown.contains(&f.leg);
        let scale = meshes.scale();
        let mesh = if f.dashed {
            if new {
                drawn.estimated.push(f.leg);
            }
            meshes.get_dashed(f.route, route)
        } else {
            meshes.get(f.route, route)
        };
        let start = project(projector, mesh.start);
        let lines = mesh
            .dashed
            .as_ref()
            .filter(|_| f.dashed)
            .unwrap_or(&mesh.mesh);
        route_mesh::append_tinted(out, lines, start.to_vec2(), scale, color);
        if new {
            drawn.flown.push(f.leg);
        }
    }
}

/// The selected leg as a flown route, when it arrived in the window (and its places exist).
fn selected_flown(o: &Overlay<'_>, leg: LegIdx) -> Option<visible::FlownRoute> {
    let l = o.data.legs.get(leg.index())?;
    let (_, arrival) = l.flight_window(o.data.leg_distance_km(l));
    let route = o.scene.route_idx_of(leg)?;
    let in_window = o.window.0 <= arrival && arrival <= o.window.1;
    let placed = o.scene.routes.get(route.0 as usize)?.placed;
    (in_window && placed).then(|| visible::FlownRoute {
        leg,
        route,
        alpha: 1.0,
        dashed: visible::dashed(l),
        count: 1,
    })
}

/// Whether `leg` is the highlighted person's.
fn highlighted_leg(o: &Overlay<'_>, leg: LegIdx) -> bool {
    o.highlighted.is_some_and(|p| {
        o.data
            .legs
            .get(leg.index())
            .is_some_and(|l| l.travellers.contains(&p))
    })
}

/// A flown route's colour at `alpha`: the highlight for the highlighted person's, fainter for the
/// others while someone is highlighted.
fn route_color(o: &Overlay<'_>, theirs: bool, alpha: f32) -> Color32 {
    if theirs {
        style::PERSON_HIGHLIGHT
    } else if o.highlighted.is_some() {
        style::faded(style::ROUTE, alpha * style::NOT_HIGHLIGHTED_ALPHA)
    } else {
        style::faded(style::ROUTE, alpha)
    }
}

/// A traveller's marker on a leg in the air: where it is drawn and what it is called.
struct TravellerMark {
    leg: LegIdx,
    at: Pos2,
    /// Its accessible name.
    label: String,
    /// The name, and what is estimated or disputed about the leg.
    tooltip: String,
}

fn in_flight(
    o: &Overlay<'_>,
    v: &Visible,
    projector: &Projector,
    meshes: &mut RouteMeshes,
    out: &mut Mesh,
    shapes: &mut Vec<Shape>,
    drawn: &mut Drawn,
) -> Vec<TravellerMark> {
    let mut marks = Vec::new();
    for f in &v.flights {
        let leg_idx = f.leg;
        let (Some(leg), Some(route)) = (
            o.data.legs.get(leg_idx.index()),
            o.scene.routes.get(f.route.0 as usize),
        ) else {
            continue;
        };
        drawn.in_flight.push((leg_idx, f.fraction));
        if !f.in_view {
            continue;
        }
        let Some(at) = f.at else {
            continue;
        };
        // The whole route faintly, the part flown strongly, then the traveller.
        let estimated = f.dashed;
        let scale = meshes.scale();
        let mesh = if estimated {
            drawn.estimated.push(leg_idx);
            meshes.get_dashed(f.route, route)
        } else {
            meshes.get(f.route, route)
        };
        let start = project(projector, mesh.start);
        let ahead = style::faded(style::ROUTE_ACTIVE, 0.5);
        let lines = mesh
            .dashed
            .as_ref()
            .filter(|_| estimated)
            .unwrap_or(&mesh.mesh);
        route_mesh::append_tinted(out, lines, start.to_vec2(), scale, ahead);
        let at = project(projector, at);
        let trail_stroke = Stroke::new(style::ROUTE_WIDTH + 1.0, style::ROUTE_ACTIVE);
        for part in route_mesh::trail(mesh, start, scale, f.fraction, at) {
            shapes.push(Shape::line(part, trail_stroke));
        }
        shapes.push(circle(
            at,
            6.0,
            style::TRAVELLER,
            Stroke::new(2.0, Color32::WHITE),
            meshes.pixels_per_point(),
        ));
        let from_city = o
            .scene
            .cities
            .of(leg.from)
            .and_then(|c| o.scene.cities.get(c))
            .map_or("?", |c| &c.name);
        let to_city = o
            .scene
            .cities
            .of(leg.to)
            .and_then(|c| o.scene.cities.get(c))
            .map_or("?", |c| &c.name);
        let label = format!(
            "{} {}: {from_city} → {to_city}",
            o.data.names(&leg.travellers),
            if leg.certainty == crate::data::Certainty::Inferred {
                "travelling (inferred)"
            } else {
                "in flight"
            }
        );
        let mut tooltip = label.clone();
        if let Some(why) = estimate_note(leg) {
            tooltip.push_str(&format!("\nEstimated: {why}"));
        }
        for dispute in disputes(o.data, leg) {
            tooltip.push_str(&format!("\n{dispute}"));
        }
        marks.push(TravellerMark {
            leg: leg_idx,
            at,
            label,
            tooltip,
        });
    }
    marks
}

/// A caption at the top of the map naming the range it shows.
fn range_caption_ui(ui: &Ui, (from, to): (DateTime<Utc>, DateTime<Utc>)) {
    let text = format!(
        "Showing {} – {} (Shift-drag on the timeline to change)",
        from.format("%-d %b %Y"),
        to.format("%-d %b %Y")
    );
    let painter = ui.painter();
    let galley = painter.layout_no_wrap(text, FontId::proportional(13.0), style::LABEL);
    let rect = Align2::CENTER_TOP.anchor_size(
        ui.max_rect().center_top() + Vec2::new(0.0, 8.0),
        galley.size(),
    );
    painter.rect_filled(rect.expand(4.0), 4.0, style::LABEL_HALO);
    painter.galley(rect.min, galley, style::LABEL);
}

/// What the window holds that the map cannot show, and why, in words; `None` when it shows all.
fn not_shown(flow: &FlowDrawn, v: &Visible) -> Option<String> {
    let mut parts = Vec::new();
    let plural = |n: usize, one: &str, many: &str| {
        format!("{} {}", grouped(n), if n == 1 { one } else { many })
    };
    if flow.unplaced > 0 {
        parts.push(format!(
            "{} (a place is missing)",
            plural(flow.unplaced, "leg", "legs")
        ));
    }
    if v.unplaced.meetings > 0 {
        parts.push(format!(
            "{} (no place on the map)",
            plural(v.unplaced.meetings, "meeting", "meetings")
        ));
    }
    if v.unplaced.stays > 0 {
        parts.push(format!(
            "{} (no place yet)",
            plural(v.unplaced.stays, "stay", "stays")
        ));
    }
    (!parts.is_empty()).then(|| format!("Not on the map: {}", parts.join(", ")))
}

/// The caption at the bottom of the map (between the legend and the attribution) saying what is not
/// shown.
fn not_shown_ui(ui: &Ui, text: &str) {
    let painter = ui.painter();
    let galley = painter.layout_no_wrap(text.to_owned(), FontId::proportional(12.0), style::LABEL);
    let rect = Align2::CENTER_BOTTOM.anchor_size(
        ui.max_rect().center_bottom() + Vec2::new(0.0, -10.0),
        galley.size(),
    );
    painter.rect_filled(rect.expand(4.0), 4.0, style::LABEL_HALO);
    painter.galley(rect.min, galley, style::LABEL);
}

/// `n` with its thousands grouped: "3,412".
pub fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `n` in at most four characters, for a badge: "812", "3.4k", "12k", "1.2M".
pub fn compact(n: usize) -> String {
    match n {
        0..1_000 => n.to_string(),
        1_000..10_000 => format!("{:.1}k", n as f64 / 1e3),
        10_000..1_000_000 => format!("{}k", n / 1_000),
        _ => format!("{:.1}M", n as f64 / 1e6),
    }
}

/// Why a leg's times are estimated, in words, or `None` when both were reported.
pub fn estimate_note(leg: &Leg) -> Option<&'static str> {
    if leg.certainty == crate::data::Certainty::Inferred {
        return Some(
            "not reported: inferred from two stays; it left after the first ended and arrived \
             before the next began",
        );
    }
    match (leg.departure, leg.arrival) {
        (None, Some(_)) => Some("departure not reported; estimated from the flight's length"),
        (Some(_), None) => Some("arrival not reported; estimated from the flight's length"),
        (None, None) => Some("times not reported"),
        (Some(_), Some(_)) => None,
    }
}

/// Each claim against a leg's record, with who makes it: "origin disputed: Miami — Fontanka".
pub fn disputes(data: &Dataset, leg: &Leg) -> Vec<String> {
    leg.disputes
        .iter()
        .map(|d| {
            let field = match d.field.as_str() {
                "from" => "origin",
                "to" => "destination",
                "departure" => "departure time",
                "arrival" => "arrival time",
                other => other,
            };
            let who: Vec<&str> = d
                .sources
                .iter()
                .filter_map(|s| data.source(*s))
                .map(|s| s.publisher.as_deref().unwrap_or(&s.title))
                .collect();
            if who.is_empty() {
                format!("{field} disputed: {}", d.claim)
            } else {
                format!("{field} disputed: {} — {}", d.claim, who.join(", "))
            }
        })
        .collect()
}

/// Hover nodes for travellers: a tooltip for people, a named node for screen readers and tests.
fn traveller_nodes(ui: &mut Ui, _o: &Overlay<'_>, marks: &[TravellerMark]) -> Option<MapAction> {
    if marks.len() > ACCESSIBLE_ITEMS {
        return None;
    }
    for mark in marks {
        let rect = Rect::from_center_size(mark.at, Vec2::splat(16.0));
        let response = ui.interact(rect, Id::unique(("traveller", mark.leg)), Sense::click());
        let label = mark.label.clone();
        response.widget_info(|| WidgetInfo::labeled(Role::Image, true, &label));
        if response
            .on_hover_text(format!("{}\nClick for the flight's details", mark.tooltip))
            .clicked()
        {
            return Some(MapAction::SelectLeg(mark.leg));
        }
    }
    None
}

fn cities_ui(
    ui: &mut Ui,
    projector: &Projector,
    o: &Overlay<'_>,
    v: &Visible,
    drawn: &mut Drawn,
    occupied: &mut Vec<Rect>,
) -> Option<MapAction> {
    if !v.clusters.is_empty() {
        return clusters_ui(ui, projector, v, drawn, occupied);
    }
    // Every marker first, so no label covers a marker drawn after it.
    let labels = occupied;
    labels.extend(
        v.cities
            .iter()
            .zip(&v.held)
            .filter_map(|(c, held)| Some((o.scene.cities.get(*c)?, held)))
            .map(|(city, held)| {
                Rect::from_center_size(
                    project(projector, city.position),
                    Vec2::splat(2.0 * marker_radius(held.meetings) + 8.0),
                )
            }),
    );
    let mut action = None;
    for (idx, held) in v.cities.iter().zip(&v.held) {
        if let Some(a) = city_ui(ui, projector, o, v, (*idx, *held), drawn, labels) {
            action = Some(a);
        }
        drawn.cities.push(*idx);
        drawn.held.push((*idx, *held));
        if let Some(city) = o.scene.cities.get(*idx) {
            drawn
                .markers
                .push((*idx, project(projector, city.position)));
        }
    }
    action
}

/// A small count at a marker's upper right: the meetings it had in the window. Returns where it is.
fn badge(painter: &egui::Painter, at: Pos2, radius: f32, count: usize, fill: Color32) -> Rect {
    let galley = painter.layout_no_wrap(
        compact(count),
        FontId::proportional(style::BADGE_SIZE),
        style::BADGE_TEXT,
    );
    let size = galley.size() + Vec2::new(6.0, 0.0);
    let corner = at + Vec2::new(radius * 0.7, -radius * 0.7);
    let rect = Rect::from_min_size(corner + Vec2::new(-2.0, -size.y + 2.0), size);
    painter.rect_filled(rect, size.y / 2.0, fill);
    painter.galley(rect.min + Vec2::new(3.0, 0.0), galley, style::BADGE_TEXT);
    rect
}

fn city_ui(
    ui: &mut Ui,
    projector: &Projector,
    o: &Overlay<'_>,
    v: &Visible,
    (idx, held): (CityIdx, WindowCount),
    drawn: &mut Drawn,
    labels: &mut Vec<Rect>,
) -> Option<MapAction> {
    let city = o.scene.cities.get(idx)?;
    let at = project(projector, city.position);
    let has_meetings = !city.meetings.is_empty();
    let present = v.present_in(idx);
    // The more meetings here in the window, and the more people here now, the larger the marker.
    let radius = marker_radius(held.meetings) + stay_growth(present.len());
    let kept = v.kept(o, idx);
    let fade = |c: Color32| {
        if kept {
            c
        } else {
            style::faded(c, style::FILTERED_OUT_ALPHA)
        }
    };
    let fill = fade(if has_meetings {
        style::CITY
    } else {
        style::CITY_TRANSIT
    });
    let painter = ui.painter();
    let ppp = painter.pixels_per_point();
    if v.meeting_cities.binary_search(&idx).is_ok() {
        let ring = radius + 4.0 + 4.0 * o.pulse;
        let color = style::faded(style::MEETING_ACTIVE, 1.0 - 0.6 * o.pulse);
        painter.add(circle(
            at,
            ring,
            Color32::TRANSPARENT,
            Stroke::new(3.0, color),
            ppp,
        ));
    }
    let together = co_present_at(o, idx);
    if !together.is_empty() {
        dashed_ring(painter, at, radius + 7.0, fade(style::CO_PRESENCE));
    }
    if v.meeting_day_cities.binary_search(&idx).is_ok() {
        let square = Rect::from_center_size(at, Vec2::splat(2.0 * radius + 8.0));
        painter.rect_stroke(
            square,
            1.0,
            Stroke::new(1.5, style::MEETING_DAY),
            egui::StrokeKind::Outside,
        );
    }
    let outline = if o.selected == Some(idx) {
        Stroke::new(3.0, style::SELECTED)
    } else {
        Stroke::new(1.5, fade(Color32::WHITE))
    };
    painter.add(circle(at, radius, fill, outline, ppp));
    if !present.is_empty() {
        let stay = Stroke::new(2.5, style::STAY);
        painter.add(circle(at, radius + 2.5, Color32::TRANSPARENT, stay, ppp));
    }
    let marker = Rect::from_center_size(at, Vec2::splat(2.0 * radius + 6.0));
    let mut hit = marker;
    if held.meetings > 0 {
        let rect = badge(painter, at, radius, held.meetings, fade(style::BADGE));
        labels.push(rect.expand(1.0));
        hit = hit.union(rect);
        drawn.badges.push((idx, compact(held.meetings)));
    }
    let font = FontId::proportional(style::LABEL_SIZE);
    let galley = painter.layout_no_wrap(city.name.clone(), font, style::LABEL);
    if let Some(label_rect) = label_spot(at, radius, galley.size(), labels) {
        painter.rect_filled(label_rect.expand(1.5), 3.0, fade(style::LABEL_HALO));
        painter.galley_with_override_text_color(label_rect.min, galley, fade(style::LABEL));
        labels.push(label_rect.expand(2.0));
        hit = hit.union(label_rect);
    }

    let response: Response = ui.interact(hit, Id::unique(("city", idx.0)), Sense::click());
    let name = city.name.clone();
    response.widget_info(|| WidgetInfo::labeled(Role::Button, true, &name));
    let tooltip = city_tooltip(o, city, idx, v, held, present, &together);
    let response = response.on_hover_text(tooltip);
    let clicked = response.clicked().then_some(MapAction::SelectCity(idx));
    if !together.is_empty() {
        drawn.co_present.push((idx, together));
    }
    clicked
}

/// What hovering a city says: its meetings, a day-only meeting today, who is here, and who may be
/// here together.
fn city_tooltip(
    o: &Overlay<'_>,
    city: &crate::data::City,
    idx: CityIdx,
    v: &Visible,
    held: WindowCount,
    present: &[PersonIdx],
    together: &[PersonIdx],
) -> String {
    let mut tooltip = format!(
        "{}, {} — {}",
        city.name,
        city.country,
        held_words(held, Some(city.meetings.len()))
    );
    if v.meeting_day_cities.binary_search(&idx).is_ok() {
        let day = o.cursor.with_timezone(&city.tz).format("%-d %b");
        tooltip.push_str(&format!("\nA meeting on {day} (time not reported)"));
    }
    if !present.is_empty() {
        tooltip.push_str(&format!("\nHere now: {}", o.data.names(present)));
    }
    if !together.is_empty() {
        tooltip.push_str(&format!(
            "\nPossibly together (not a reported meeting): {}",
            o.data.names(together)
        ));
    }
    tooltip
}

/// The people of the co-presences under way at `city` at the cursor (each once, in order).
fn co_present_at(o: &Overlay<'_>, city: CityIdx) -> Vec<PersonIdx> {
    let mut people: Vec<PersonIdx> = o
        .encounters
        .at_city(city, o.cursor, o.cursor)
        .into_iter()
        .filter_map(|i| o.encounters.get(i))
        .filter(|e| e.kind == EncounterKind::CoPresence)
        .flat_map(|e| [e.a, e.b])
        .collect();
    people.sort_unstable();
    people.dedup();
    people
}

/// A circle drawn as egui draws one (filled, its stroke outside the radius), from as few points as
/// keep its edge within a quarter of a physical pixel of the true circle ([`circle_points`]).
///
/// egui's own circles take 32 points from 5 points of radius up (64 from 18), each point several
/// vertices once anti-aliased, and a software renderer pays for every vertex: the few hundred markers
/// of a large dataset were a third of a frame under llvmpipe.
fn circle(at: Pos2, radius: f32, fill: Color32, stroke: Stroke, pixels_per_point: f32) -> Shape {
    let n = circle_points(radius * pixels_per_point);
    let step = std::f32::consts::TAU / n as f32;
    // Clockwise on screen (y down), which the tessellator takes as the outside of the stroke.
    let points = (0..n)
        .map(|i| at + radius * Vec2::angled(i as f32 * step))
        .collect();
    Shape::Path(PathShape {
        points,
        closed: true,
        fill,
        stroke: PathStroke::from(stroke).outside(),
    })
}

/// How many points make a circle of `radius_px` physical pixels whose edge strays at most a quarter
/// of a pixel from the true one (a chord of angle θ lies r·(1 − cos(θ/2)) inside it); 8 to 64.
fn circle_points(radius_px: f32) -> usize {
    const TOLERANCE_PX: f32 = 0.25;
    if radius_px <= TOLERANCE_PX {
        return 8;
    }
    let half_step = (1.0 - TOLERANCE_PX / radius_px).acos();
    ((std::f32::consts::PI / half_step).ceil() as usize).clamp(8, 64)
}

/// A dashed circle: a possible encounter, which must not read as a meeting's solid ring.
fn dashed_ring(painter: &egui::Painter, at: Pos2, radius: f32, color: Color32) {
    const SEGMENTS: usize = 48;
    let points: Vec<Pos2> = (0..=SEGMENTS)
        .map(|i| {
            let angle = i as f32 / SEGMENTS as f32 * std::f32::consts::TAU;
            at + radius * Vec2::angled(angle)
        })
        .collect();
    let (dash, gap) = style::CO_PRESENCE_DASH;
    painter.extend(Shape::dashed_line(
        &points,
        Stroke::new(style::CO_PRESENCE_WIDTH, color),
        dash,
        gap,
    ));
}

fn clusters_ui(
    ui: &mut Ui,
    projector: &Projector,
    v: &Visible,
    drawn: &mut Drawn,
    occupied: &mut Vec<Rect>,
) -> Option<MapAction> {
    let mut action = None;
    let font = FontId::proportional(11.0);
    for cluster in &v.clusters {
        let at = project(projector, cluster.position);
        let radius = visible::cluster_radius(cluster.count);
        let painter = ui.painter();
        painter.add(circle(
            at,
            radius,
            style::faded(style::CITY, 0.85),
            Stroke::new(1.5, Color32::WHITE),
            painter.pixels_per_point(),
        ));
        painter.text(
            at,
            Align2::CENTER_CENTER,
            cluster.count.to_string(),
            font.clone(),
            Color32::WHITE,
        );
        let mut taken = Rect::from_center_size(at, Vec2::splat(2.0 * radius + 4.0));
        if cluster.held.meetings > 0 {
            taken = taken.union(badge(
                painter,
                at,
                radius,
                cluster.held.meetings,
                style::BADGE,
            ));
        }
        occupied.push(taken);
        let response = ui.interact(
            Rect::from_center_size(at, Vec2::splat(2.0 * radius)),
            Id::unique(("cluster", cluster.cell)),
            Sense::click(),
        );
        let label = format!(
            "{} {}, {}",
            grouped(cluster.count),
            if cluster.count == 1 { "city" } else { "cities" },
            held_words(cluster.held, None)
        );
        let name = label.clone();
        response.widget_info(|| WidgetInfo::labeled(Role::Button, true, &name));
        let response = response.on_hover_text(format!("{label}\nClick to zoom in"));
        drawn.cluster_labels.push(label);
        if response.clicked() {
            action = Some(MapAction::ZoomInAt(cluster.position));
        }
    }
    action
}

/// "3,412 meetings and 12 stays in the time shown", with "(40 in all)" when `all` differs.
fn held_words(held: WindowCount, all: Option<usize>) -> String {
    let n = |count: usize, one: &str, many: &str| {
        format!("{} {}", grouped(count), if count == 1 { one } else { many })
    };
    let mut words = n(held.meetings, "meeting", "meetings");
    if held.stays > 0 {
        words.push_str(&format!(" and {}", n(held.stays, "stay", "stays")));
    }
    words.push_str(" in the time shown");
    if let Some(all) = all.filter(|all| *all != held.meetings) {
        words.push_str(&format!(" ({} in all)", n(all, "meeting", "meetings")));
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn circles_take_as_few_points_as_keep_their_edge_within_a_quarter_pixel() {
        for radius in [0.1_f32, 2.0, 6.0, 11.0, 20.0, 60.0, 500.0] {
            let n = circle_points(radius);
            assert!((8..=64).contains(&n), "{radius}: {n}");
            let sagitta = radius * (1.0 - (std::f32::consts::PI / n as f32).cos());
            assert!(
                sagitta <= 0.25 || n == 64,
                "{radius} px, {n} points: {sagitta}"
            );
            if n > 8 && n < 64 {
                // One point fewer would stray further.
                let fewer = radius * (1.0 - (std::f32::consts::PI / (n - 1) as f32).cos());
                assert!(fewer > 0.25, "{radius} px: {n} points where {} do", n - 1);
            }
        }
        // A cluster marker (11 points of radius) needs 15 points where egui takes 32.
        assert_eq!(circle_points(11.0), 15);
        let Shape::Path(path) = circle(
            Pos2::new(100.0, 100.0),
            11.0,
            Color32::RED,
            Stroke::new(1.5, Color32::WHITE),
            1.0,
        ) else {
            panic!("a circle is a path");
        };
        assert!(path.closed);
        assert_eq!(path.points.len(), 15);
        assert!(
            path.points
                .iter()
                .all(|p| (p.distance(Pos2::new(100.0, 100.0)) - 11.0).abs() < 1e-3)
        );
    }

    #[test]
    fn counts_are_grouped_in_words_and_compact_on_badges() {
        assert_eq!(grouped(3_412), "3,412");
        assert_eq!(grouped(1_000_000), "1,000,000");
        assert_eq!(grouped(12), "12");
        assert_eq!(compact(812), "812");
        assert_eq!(compact(3_412), "3.4k");
        assert_eq!(compact(12_345), "12k");
        assert_eq!(compact(1_200_000), "1.2M");
        let held = WindowCount {
            meetings: 3_412,
            stays: 1,
        };
        assert_eq!(
            held_words(held, Some(4_000)),
            "3,412 meetings and 1 stay in the time shown (4,000 meetings in all)"
        );
    }

    #[test]
    fn the_distance_to_a_segment_is_to_its_nearest_point_or_end() {
        let (a, b) = (Pos2::new(0.0, 0.0), Pos2::new(10.0, 0.0));
        assert_eq!(distance_to_segment(Pos2::new(5.0, 3.0), a, b), 3.0);
        assert_eq!(distance_to_segment(Pos2::new(14.0, 3.0), a, b), 5.0);
        assert_eq!(
            distance_to_segment(Pos2::new(1.0, 1.0), a, a),
            2.0_f32.sqrt()
        );
    }
}
