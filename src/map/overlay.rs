//! Draws the data on the map at the timeline's cursor: routes flown (older ones fainter), legs in the
//! air with the traveller's marker and the trail flown, and a labelled, clickable marker per city.
//!
//! Work per frame is bounded by what is visible, never by the dataset: legs come from the time index,
//! at most [`MAX_FLOWN_DRAWN`] of the most recent are drawn, routes outside the viewport are culled,
//! and when more than [`CLUSTER_ABOVE`] cities are on screen they are merged into one counted marker
//! per grid cell. Routes come tessellated from the scene's per-zoom memo ([`super::route_mesh`]) and
//! are drawn as one mesh. The overlay changes no app state (only that memo): a click comes back as a
//! [`MapAction`].
//!
//! What is not reported is drawn so it can't be taken for fact: a leg whose times are estimated is
//! dashed and says so, and a meeting known only to the day gets a square mark for that local day, not
//! the pulsing ring of a meeting under way.

use chrono::{DateTime, Utc};
use egui::epaint::Mesh;
use egui::{
    Align2, Color32, FontId, Id, Pos2, Rect, Response, Role, Sense, Shape, Stroke, Ui, Vec2,
    WidgetInfo,
};
use walkers::Projector;

use super::route_mesh::{self, RouteMeshes};
use super::scene::Scene;
use crate::data::{CityIdx, Dataset, Leg, LegIdx, Precision};
use crate::geodesy::{self, GeoBounds, Point};
use crate::style;
use crate::timeline::TimeIndex;

/// At most this many completed legs are drawn, the most recent first; older ones would be faint anyway,
/// and at the world view a few hundred routes already cover the map.
pub const MAX_FLOWN_DRAWN: usize = 500;
/// Above this many cities on screen, nearby markers merge into counted clusters.
pub const CLUSTER_ABOVE: usize = 150;
/// Grid cell of a cluster, in points.
const CLUSTER_CELL: f32 = 48.0;
/// Legs and travellers get an accessible node each only while there are at most this many.
const ACCESSIBLE_ITEMS: usize = 200;
/// A flown route fades to its faintest over this many days.
const FADE_DAYS: f64 = 90.0;

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
    /// Basemap names placed (countries, oceans, capitals).
    pub place_names: Vec<&'static str>,
    /// With a chosen range: the cities with a meeting, arrival or departure in it, sorted.
    pub range_cities: Option<Vec<CityIdx>>,
    /// City markers drawn individually (not clustered).
    pub cities: Vec<CityIdx>,
    pub clusters: usize,
}

/// Everything the overlay reads, borrowed for one frame.
pub struct Overlay<'a> {
    pub data: &'a Dataset,
    pub scene: &'a Scene,
    pub index: &'a TimeIndex,
    pub cursor: DateTime<Utc>,
    /// The stretch of time shown (see `TimeWindow`): legs that arrived in it are drawn.
    pub window: (DateTime<Utc>, DateTime<Utc>),
    pub selected: Option<CityIdx>,
    /// 0..=1, advanced while playing: meetings in progress pulse.
    pub pulse: f32,
    /// Name countries, oceans and capitals (off over online tiles, which have names of their own).
    pub place_names: bool,
    /// Per city, whether the person filter keeps one of its records; others are drawn faded. `None`:
    /// everyone is shown.
    pub admitted: Option<&'a [bool]>,
    /// The window is a range chosen on the timeline: say so on the map, and fade the places with
    /// nothing in it.
    pub range: bool,
    /// The person highlighted in the people panel: their routes are drawn on top, brighter; the others
    /// fainter.
    pub highlighted: Option<crate::data::PersonIdx>,
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
    let mut drawn = Drawn::default();
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
    flown_routes(o, projector, &view, &mut meshes, &mut routes, &mut drawn);
    let travellers = in_flight(
        o,
        projector,
        &view,
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
    action = cities_ui(ui, projector, o, &view, &mut drawn, &mut occupied).or(action);
    if action.is_none() && map.clicked() {
        action = map
            .interact_pointer_pos()
            .and_then(|pos| route_at(projector, o, &drawn, pos))
            .map(MapAction::SelectLeg);
    }
    if o.range {
        range_caption_ui(ui, o.window);
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
/// flown ones newest first. Only run on a click, so projecting the routes' points here is cheap enough.
fn route_at(projector: &Projector, o: &Overlay<'_>, drawn: &Drawn, pos: Pos2) -> Option<LegIdx> {
    let legs = drawn
        .in_flight
        .iter()
        .map(|(leg, _)| *leg)
        .chain(drawn.flown.iter().copied());
    legs.into_iter().find(|leg| {
        o.scene.route_of(*leg).is_some_and(|route| {
            route.parts.iter().any(|part| {
                let points: Vec<Pos2> = part
                    .iter()
                    .map(|unit| project(projector, geodesy::from_web_mercator_unit(*unit)))
                    .collect();
                points
                    .windows(2)
                    .any(|w| distance_to_segment(pos, w[0], w[1]) <= ROUTE_HIT_PX)
            })
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

fn overlaps(a: &GeoBounds, b: &GeoBounds) -> bool {
    a.min_lon <= b.max_lon
        && b.min_lon <= a.max_lon
        && a.min_lat <= b.max_lat
        && b.min_lat <= a.max_lat
}

fn project(projector: &Projector, p: Point) -> Pos2 {
    projector.project(p).to_pos2()
}

fn flown_routes(
    o: &Overlay<'_>,
    projector: &Projector,
    view: &GeoBounds,
    meshes: &mut RouteMeshes,
    out: &mut Mesh,
    drawn: &mut Drawn,
) {
    let flown = o.index.legs_arrived_between(o.window.0, o.window.1);
    let recent = &flown[flown.len().saturating_sub(MAX_FLOWN_DRAWN)..];
    let mut seen = std::collections::HashSet::new();
    // The highlighted person's legs go last, on top.
    let theirs = |leg: LegIdx| highlighted_leg(o, leg);
    let others = recent.iter().rev().filter(|(_, l)| !theirs(*l));
    // Newest first, so each route is drawn once, at the strength of its latest flight.
    for (arrived, leg) in others.chain(recent.iter().rev().filter(|(_, l)| theirs(*l))) {
        let (Some(idx), Some(route)) = (o.scene.route_idx_of(*leg), o.scene.route_of(*leg)) else {
            continue;
        };
        if !seen.insert((idx, theirs(*leg))) || !overlaps(&route.bounds, view) {
            continue;
        }
        let age_days = (o.window.1 - *arrived).num_minutes() as f64 / 1440.0;
        let alpha = (1.0 - age_days / FADE_DAYS).max(0.25) as f32;
        let color = route_color(o, theirs(*leg), alpha);
        let estimated = o.data.legs.get(leg.index()).is_some_and(dashed);
        let mesh = if estimated {
            drawn.estimated.push(*leg);
            meshes.get_dashed(idx, route)
        } else {
            meshes.get(idx, route)
        };
        let start = project(projector, mesh.start);
        let lines = mesh
            .dashed
            .as_ref()
            .filter(|_| estimated)
            .unwrap_or(&mesh.mesh);
        route_mesh::append_tinted(out, lines, start.to_vec2(), color);
        drawn.flown.push(*leg);
    }
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
    projector: &Projector,
    view: &GeoBounds,
    meshes: &mut RouteMeshes,
    out: &mut Mesh,
    shapes: &mut Vec<Shape>,
    drawn: &mut Drawn,
) -> Vec<TravellerMark> {
    let mut marks = Vec::new();
    for (leg_idx, fraction) in o.index.legs_in_progress(o.cursor) {
        let (Some(leg), Some(idx), Some(route)) = (
            o.data.legs.get(leg_idx.index()),
            o.scene.route_idx_of(leg_idx),
            o.scene.route_of(leg_idx),
        ) else {
            continue;
        };
        drawn.in_flight.push((leg_idx, fraction));
        if !overlaps(&route.bounds, view) {
            continue;
        }
        let (Some(from), Some(to)) = (o.data.place(leg.from), o.data.place(leg.to)) else {
            continue;
        };
        // The whole route faintly, the part flown strongly, then the traveller.
        let estimated = dashed(leg);
        let mesh = if estimated {
            drawn.estimated.push(leg_idx);
            meshes.get_dashed(idx, route)
        } else {
            meshes.get(idx, route)
        };
        let start = project(projector, mesh.start);
        let ahead = style::faded(style::ROUTE_ACTIVE, 0.5);
        let lines = mesh
            .dashed
            .as_ref()
            .filter(|_| estimated)
            .unwrap_or(&mesh.mesh);
        route_mesh::append_tinted(out, lines, start.to_vec2(), ahead);
        let at = project(
            projector,
            geodesy::point_along(from.position, to.position, fraction),
        );
        let trail_stroke = Stroke::new(style::ROUTE_WIDTH + 1.0, style::ROUTE_ACTIVE);
        for part in route_mesh::trail(mesh, start, fraction, at) {
            shapes.push(Shape::line(part, trail_stroke));
        }
        shapes.push(Shape::circle_filled(at, 6.0, style::TRAVELLER));
        shapes.push(Shape::circle_stroke(
            at,
            6.0,
            Stroke::new(2.0, Color32::WHITE),
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

/// Whether a leg is drawn dashed: its times are estimated, or the whole leg was inferred from stays.
fn dashed(leg: &Leg) -> bool {
    leg.estimated() || leg.certainty == crate::data::Certainty::Inferred
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
    view: &GeoBounds,
    drawn: &mut Drawn,
    occupied: &mut Vec<Rect>,
) -> Option<MapAction> {
    // A meeting known only to the day "covers" its whole local day: it gets the day's mark, not the ring.
    for m in o
        .index
        .meetings_under_way(o.cursor)
        .filter_map(|m| o.data.meetings.get(m.index()))
    {
        let Some(city) = o.scene.cities.of(m.place) else {
            continue;
        };
        if m.start.precision == Precision::Day {
            drawn.meeting_day_cities.push(city);
        } else {
            drawn.meeting_cities.push(city);
        }
    }
    for list in [&mut drawn.meeting_cities, &mut drawn.meeting_day_cities] {
        list.sort_unstable();
        list.dedup();
    }
    drawn.present = present_at(o);
    if o.range {
        let (from, to) = o.window;
        let meetings = o
            .index
            .meetings_overlapping(from, to)
            .filter_map(|m| o.data.meetings.get(m.index()))
            .map(|m| m.place);
        let legs = drawn
            .flown
            .iter()
            .filter_map(|l| o.data.legs.get(l.index()))
            .flat_map(|l| [l.from, l.to]);
        let mut cities: Vec<CityIdx> = meetings
            .chain(legs)
            .filter_map(|p| o.scene.cities.of(p))
            .collect();
        cities.sort_unstable();
        cities.dedup();
        drawn.range_cities = Some(cities);
    }
    let visible: Vec<CityIdx> = (0..o.scene.cities.list.len() as u32)
        .map(CityIdx)
        .filter(|c| {
            o.scene
                .cities
                .get(*c)
                .is_some_and(|city| view_contains(view, city.position))
        })
        .collect();
    if visible.len() > CLUSTER_ABOVE {
        return clusters_ui(ui, projector, o, &visible, drawn, occupied);
    }
    // Busiest cities first: they get the best label spots.
    let mut visible = visible;
    visible.sort_by_key(|c| {
        std::cmp::Reverse(
            o.scene
                .cities
                .get(*c)
                .map_or(0, |c| c.meetings.len() + c.stays.len()),
        )
    });
    // Every marker first, so no label covers a marker drawn after it.
    let labels = occupied;
    labels.extend(
        visible
            .iter()
            .filter_map(|c| o.scene.cities.get(*c))
            .map(|city| {
                Rect::from_center_size(
                    project(projector, city.position),
                    Vec2::splat(2.0 * marker_radius(city) + 8.0),
                )
            }),
    );
    let mut action = None;
    for idx in visible {
        if let Some(a) = city_ui(ui, projector, o, idx, drawn, labels) {
            action = Some(a);
        }
        drawn.cities.push(idx);
    }
    action
}

fn view_contains(view: &GeoBounds, p: Point) -> bool {
    (view.min_lat..=view.max_lat).contains(&p.y()) && (view.min_lon..=view.max_lon).contains(&p.x())
}

fn city_ui(
    ui: &mut Ui,
    projector: &Projector,
    o: &Overlay<'_>,
    idx: CityIdx,
    drawn: &Drawn,
    labels: &mut Vec<Rect>,
) -> Option<MapAction> {
    let city = o.scene.cities.get(idx)?;
    let at = project(projector, city.position);
    let has_meetings = !city.meetings.is_empty();
    let present = drawn
        .present
        .binary_search_by_key(&idx, |(c, _)| *c)
        .ok()
        .and_then(|i| drawn.present.get(i))
        .map_or(&[][..], |(_, people)| people.as_slice());
    // The more people are here now, the larger the marker.
    let radius = marker_radius(city) + stay_growth(present.len());
    let kept = o
        .admitted
        .is_none_or(|a| a.get(idx.0 as usize).copied().unwrap_or(true))
        && drawn
            .range_cities
            .as_ref()
            .is_none_or(|c| c.binary_search(&idx).is_ok());
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
    if drawn.meeting_cities.binary_search(&idx).is_ok() {
        let ring = radius + 4.0 + 4.0 * o.pulse;
        painter.circle_stroke(
            at,
            ring,
            Stroke::new(
                3.0,
                style::faded(style::MEETING_ACTIVE, 1.0 - 0.6 * o.pulse),
            ),
        );
    }
    if drawn.meeting_day_cities.binary_search(&idx).is_ok() {
        let square = Rect::from_center_size(at, Vec2::splat(2.0 * radius + 8.0));
        painter.rect_stroke(
            square,
            1.0,
            Stroke::new(1.5, style::MEETING_DAY),
            egui::StrokeKind::Outside,
        );
    }
    painter.circle_filled(at, radius, fill);
    if !present.is_empty() {
        painter.circle_stroke(at, radius + 2.5, Stroke::new(2.5, style::STAY));
    }
    let outline = if o.selected == Some(idx) {
        Stroke::new(3.0, style::SELECTED)
    } else {
        Stroke::new(1.5, fade(Color32::WHITE))
    };
    painter.circle_stroke(at, radius, outline);
    let font = FontId::proportional(style::LABEL_SIZE);
    let galley = painter.layout_no_wrap(city.name.clone(), font, style::LABEL);
    let marker = Rect::from_center_size(at, Vec2::splat(2.0 * radius + 6.0));
    let mut hit = marker;
    if let Some(label_rect) = label_spot(at, radius, galley.size(), labels) {
        painter.rect_filled(label_rect.expand(1.5), 3.0, fade(style::LABEL_HALO));
        painter.galley_with_override_text_color(label_rect.min, galley, fade(style::LABEL));
        labels.push(label_rect.expand(2.0));
        hit = hit.union(label_rect);
    }

    let response: Response = ui.interact(hit, Id::unique(("city", idx.0)), Sense::click());
    let name = city.name.clone();
    response.widget_info(|| WidgetInfo::labeled(Role::Button, true, &name));
    let count = city.meetings.len();
    let mut tooltip = format!(
        "{}, {} — {count} meeting{}",
        city.name,
        city.country,
        if count == 1 { "" } else { "s" }
    );
    if drawn.meeting_day_cities.binary_search(&idx).is_ok() {
        let day = o.cursor.with_timezone(&city.tz).format("%-d %b");
        tooltip.push_str(&format!("\nA meeting on {day} (time not reported)"));
    }
    if !present.is_empty() {
        tooltip.push_str(&format!("\nHere now: {}", o.data.names(present)));
    }
    let response = response.on_hover_text(tooltip);
    response.clicked().then_some(MapAction::SelectCity(idx))
}

/// Who is staying where at the cursor, by city (each person once per city).
fn present_at(o: &Overlay<'_>) -> Vec<(CityIdx, Vec<crate::data::PersonIdx>)> {
    let mut present: std::collections::BTreeMap<CityIdx, Vec<crate::data::PersonIdx>> =
        std::collections::BTreeMap::new();
    for st in o
        .index
        .stays_under_way(o.cursor)
        .filter_map(|s| o.data.stay(s))
    {
        if let Some(city) = st.place.and_then(|p| o.scene.cities.of(p)) {
            present.entry(city).or_default().push(st.person);
        }
    }
    present
        .into_iter()
        .map(|(c, mut people)| {
            people.sort_unstable();
            people.dedup();
            (c, people)
        })
        .collect()
}

/// How much a marker grows for the people staying there now, in points.
fn stay_growth(people: usize) -> f32 {
    if people == 0 {
        0.0
    } else {
        2.0 + (people as f32).sqrt() * 2.0
    }
}

/// A city's marker grows with the number of meetings held there.
fn marker_radius(city: &crate::data::City) -> f32 {
    if city.meetings.is_empty() {
        4.0
    } else {
        5.0 + (city.meetings.len() as f32).sqrt() * 1.5
    }
}

/// The first of right, left, above, below the marker where the label overlaps no label placed before;
/// `None` when all are taken (the name still shows on hover).
fn label_spot(at: Pos2, radius: f32, size: Vec2, placed: &[Rect]) -> Option<Rect> {
    let gap = radius + 5.0;
    let candidates = [
        Rect::from_min_size(at + Vec2::new(gap, -size.y / 2.0), size),
        Rect::from_min_size(at + Vec2::new(-gap - size.x, -size.y / 2.0), size),
        Rect::from_min_size(at + Vec2::new(-size.x / 2.0, -gap - size.y), size),
        Rect::from_min_size(at + Vec2::new(-size.x / 2.0, gap), size),
    ];
    candidates
        .into_iter()
        .find(|c| !placed.iter().any(|p| p.intersects(*c)))
}

fn clusters_ui(
    ui: &mut Ui,
    projector: &Projector,
    o: &Overlay<'_>,
    visible: &[CityIdx],
    drawn: &mut Drawn,
    occupied: &mut Vec<Rect>,
) -> Option<MapAction> {
    let mut cells: std::collections::BTreeMap<(i32, i32), (usize, Point)> =
        std::collections::BTreeMap::new();
    for idx in visible {
        let Some(city) = o.scene.cities.get(*idx) else {
            continue;
        };
        let at = project(projector, city.position);
        let key = (
            (at.x / CLUSTER_CELL).floor() as i32,
            (at.y / CLUSTER_CELL).floor() as i32,
        );
        let entry = cells.entry(key).or_insert((0, city.position));
        entry.0 += 1;
    }
    drawn.clusters = cells.len();
    let mut action = None;
    let font = FontId::proportional(11.0);
    for (key, (count, position)) in cells {
        let at = project(projector, position);
        let radius = 7.0 + (count as f32).ln() * 2.5;
        let painter = ui.painter();
        painter.circle_filled(at, radius, style::faded(style::CITY, 0.85));
        painter.circle_stroke(at, radius, Stroke::new(1.5, Color32::WHITE));
        painter.text(
            at,
            Align2::CENTER_CENTER,
            count.to_string(),
            font.clone(),
            Color32::WHITE,
        );
        occupied.push(Rect::from_center_size(at, Vec2::splat(2.0 * radius + 4.0)));
        let response = ui.interact(
            Rect::from_center_size(at, Vec2::splat(2.0 * radius)),
            Id::unique(("cluster", key)),
            Sense::click(),
        );
        let response = response.on_hover_text(format!("{count} places: click to zoom in"));
        if response.clicked() {
            action = Some(MapAction::ZoomInAt(position));
        }
    }
    action
}

#[cfg(test)]
mod tests {
    use super::*;

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
