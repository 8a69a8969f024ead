//! What is visible at a moment: the one decision that the window's overlay ([`super::overlay`]) and the
//! file renderer (`crate::render`) both draw from, so a picture shows what the window shows.
//!
//! Given the dataset, the cursor, the time window, the person filter (through the time index and
//! [`Overlay::admitted`]) and the part of the world in view, [`visible`] says which routes were flown
//! (one per pair of places, with how many legs took it: a flow map), which legs are in the air and where
//! their travellers are, which cities have a meeting or a stay under way, and which cities are drawn
//! one by one or merged into clusters. It decides; it does not draw. Screen positions come in through a
//! projection function, so the window (walkers' projector) and the renderer (its own camera) give it
//! the same answer for the same view.

use std::ops::Range;

use chrono::{DateTime, Utc};
use egui::{Pos2, Rect, Vec2};

use super::city_counts::WindowCount;
use super::scene::{RouteIdx, Scene};
use crate::data::{CityIdx, Dataset, Leg, LegIdx, PersonIdx, Precision};
use crate::geodesy::{self, GeoBounds, Point};
use crate::timeline::TimeIndex;

/// Above this many cities in view, nearby markers merge into counted clusters.
pub const CLUSTER_ABOVE: usize = 150;
/// Grid cell of a cluster, in points.
pub const CLUSTER_CELL: f32 = 48.0;
/// A flown route fades to its faintest over this many days.
pub const FADE_DAYS: f64 = 90.0;
/// The faintest a flown route gets.
pub const MIN_ROUTE_ALPHA: f64 = 0.25;

/// Everything the overlay reads, borrowed for one frame.
pub struct Overlay<'a> {
    pub data: &'a Dataset,
    pub scene: &'a Scene,
    pub index: &'a TimeIndex,
    pub cursor: DateTime<Utc>,
    /// The stretch of time shown (see `TimeWindow`): legs that arrived in it are drawn.
    pub window: (DateTime<Utc>, DateTime<Utc>),
    pub selected: Option<CityIdx>,
    /// The leg whose details are open: drawn crisp and on top when it arrived in the window.
    pub selected_leg: Option<LegIdx>,
    /// 0..=1, advanced while playing: meetings in progress pulse.
    pub pulse: f32,
    /// Name countries, oceans and capitals (off over online tiles, which have names of their own).
    pub place_names: bool,
    /// Per city, whether the person filter keeps one of its records; others are drawn faded. `None`:
    /// everyone is shown.
    pub admitted: Option<&'a [bool]>,
    /// Who met whom and who was in the same city at once.
    pub encounters: &'a crate::encounters::Encounters,
    /// The person highlighted in the people panel: their routes are drawn on top, brighter; the others
    /// fainter.
    pub highlighted: Option<crate::data::PersonIdx>,
    /// The window is a range chosen on the timeline: say so on the map, and fade the places with
    /// nothing in it.
    pub range: bool,
}

/// A route flown in the window: drawn once, at the strength of its latest flight.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FlownRoute {
    /// The latest leg that took it.
    pub leg: LegIdx,
    pub route: RouteIdx,
    /// 1 for a flight that just arrived, down to [`MIN_ROUTE_ALPHA`] after [`FADE_DAYS`].
    pub alpha: f32,
    /// Drawn dashed: the latest leg's times are estimated, or it was inferred.
    pub dashed: bool,
    /// How many legs counted took this route in the window (all of them when nothing is capped).
    pub count: u32,
}

/// A leg in the air at the cursor.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Flight {
    pub leg: LegIdx,
    pub route: RouteIdx,
    /// How much of it is flown, 0..=1.
    pub fraction: f64,
    /// Where the traveller is now; `None` when a place of the leg is missing.
    pub at: Option<Point>,
    pub dashed: bool,
    /// Its route meets the view (otherwise nothing of it is drawn).
    pub in_view: bool,
}

/// Nearby cities merged into one counted marker.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Cluster {
    /// The grid cell, in [`CLUSTER_CELL`]s from the view's projection origin.
    pub cell: (i32, i32),
    pub count: usize,
    /// Where the marker is: the first city's position in the cell.
    pub position: Point,
    /// The meetings and stays its cities had in the window.
    pub held: WindowCount,
}

/// What the map shows at one moment, in one view.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Visible {
    /// Routes flown in the window, newest first (draw them in reverse so the newest is on top).
    pub flown: Vec<FlownRoute>,
    /// Legs in the air, in the time index's order.
    pub flights: Vec<Flight>,
    /// Cities with a meeting under way, sorted.
    pub meeting_cities: Vec<CityIdx>,
    /// Cities with a meeting on the cursor's local day whose time was not reported, sorted.
    pub meeting_day_cities: Vec<CityIdx>,
    /// Cities where someone is staying at the cursor, with who (sorted by city).
    pub present: Vec<(CityIdx, Vec<PersonIdx>)>,
    /// With a chosen range: the cities with a meeting, arrival or departure in it, sorted.
    pub range_cities: Option<Vec<CityIdx>>,
    /// Cities in view drawn one by one, busiest first (they get the best label spots); empty when
    /// clustered.
    pub cities: Vec<CityIdx>,
    /// With more than [`CLUSTER_ABOVE`] cities in view: the clusters, by cell.
    pub clusters: Vec<Cluster>,
    /// The meetings and stays each of [`Visible::cities`] had in the window.
    pub held: Vec<WindowCount>,
    /// The legs that arrived in the window: this slice of the time index's legs by arrival
    /// ([`arrivals`]). All of them are drawn, in the flow layer.
    pub window_legs: Range<usize>,
    /// Meetings and stays of the window that have no city on the map (a stay not yet geocoded).
    pub unplaced: WindowCount,
}

impl Visible {
    /// The meetings and stays `city` had in the window, when it is drawn on its own.
    pub fn held_at(&self, city: CityIdx) -> WindowCount {
        self.cities
            .iter()
            .position(|c| *c == city)
            .and_then(|i| self.held.get(i).copied())
            .unwrap_or_default()
    }

    /// Who is staying in `city` at the cursor.
    pub fn present_in(&self, city: CityIdx) -> &[PersonIdx] {
        self.present
            .binary_search_by_key(&city, |(c, _)| *c)
            .ok()
            .and_then(|i| self.present.get(i))
            .map_or(&[][..], |(_, people)| people.as_slice())
    }

    /// Whether `city` is drawn at full strength: the person filter keeps it, and a chosen range has
    /// something there.
    pub fn kept(&self, o: &Overlay<'_>, city: CityIdx) -> bool {
        o.admitted
            .is_none_or(|a| a.get(city.0 as usize).copied().unwrap_or(true))
            && self
                .range_cities
                .as_ref()
                .is_none_or(|c| c.binary_search(&city).is_ok())
    }
}

/// Every leg of the time index, by arrival: the list [`Visible::window_legs`] is a slice of.
pub fn arrivals(index: &TimeIndex) -> &[(DateTime<Utc>, LegIdx)] {
    index.legs_flown_by(DateTime::<Utc>::MAX_UTC)
}

/// Where the legs that arrived in `window` are in [`arrivals`].
pub fn window_legs(index: &TimeIndex, (from, to): (DateTime<Utc>, DateTime<Utc>)) -> Range<usize> {
    let end = index.legs_flown_by(to).len();
    let start = end - index.legs_arrived_between(from, to).len();
    start..end
}

/// Decides what is visible. `view` is the part of the world on screen; `project` gives a position's
/// place on screen, in points (used to cluster). `max_flown` caps the completed legs looked at one by
/// one in [`Visible::flown`], the most recent first (the window draws a few hundred crisp on top of the
/// flow layer, which has them all; a picture draws them all).
pub fn visible(
    o: &Overlay<'_>,
    view: &GeoBounds,
    project: impl Fn(Point) -> Pos2,
    max_flown: Option<usize>,
) -> Visible {
    let mut v = Visible {
        flown: flown_routes(o, view, max_flown),
        flights: flights(o, view),
        window_legs: window_legs(o.index, o.window),
        ..Visible::default()
    };
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
            v.meeting_day_cities.push(city);
        } else {
            v.meeting_cities.push(city);
        }
    }
    for list in [&mut v.meeting_cities, &mut v.meeting_day_cities] {
        list.sort_unstable();
        list.dedup();
    }
    v.present = present_at(o);
    if o.range {
        v.range_cities = Some(range_cities(o, &v.flown));
    }
    let in_view: Vec<CityIdx> = (0..o.scene.cities.list.len() as u32)
        .map(CityIdx)
        .filter(|c| {
            o.scene
                .cities
                .get(*c)
                .is_some_and(|city| view_contains(view, city.position))
        })
        .collect();
    o.scene.with_city_counts(o.data, o.index, |counts| {
        v.unplaced = counts.unplaced(o.window);
        if in_view.len() > CLUSTER_ABOVE {
            v.clusters = clusters(o, &in_view, &project, |c| counts.of(c, o.window));
        } else {
            let mut cities: Vec<(CityIdx, WindowCount)> = in_view
                .into_iter()
                .map(|c| (c, counts.of(c, o.window)))
                .collect();
            // The busiest in the window first (they get the best label spots), then of all time.
            cities.sort_by_key(|(c, held)| {
                std::cmp::Reverse((
                    held.meetings + held.stays,
                    o.scene
                        .cities
                        .get(*c)
                        .map_or(0, |c| c.meetings.len() + c.stays.len()),
                ))
            });
            let (cities, held): (Vec<CityIdx>, Vec<WindowCount>) = cities.into_iter().unzip();
            v.cities = cities;
            v.held = held;
        }
    });
    v
}

fn flown_routes(o: &Overlay<'_>, view: &GeoBounds, max_flown: Option<usize>) -> Vec<FlownRoute> {
    let flown = o.index.legs_arrived_between(o.window.0, o.window.1);
    let recent = match max_flown {
        Some(max) => &flown[flown.len().saturating_sub(max)..],
        None => flown,
    };
    // Per route: where it is in `out`, once seen.
    let mut slot: Vec<u32> = vec![u32::MAX; o.scene.routes.len()];
    let mut out: Vec<FlownRoute> = Vec::new();
    // Newest first, so each route is drawn once, at the strength of its latest flight.
    for (arrived, leg) in recent.iter().rev() {
        let Some(idx) = o.scene.route_idx_of(*leg) else {
            continue;
        };
        let Some(seen) = slot.get_mut(idx.0 as usize) else {
            continue;
        };
        if let Some(route) = out.get_mut(*seen as usize) {
            route.count += 1;
            continue;
        }
        let in_view = o
            .scene
            .routes
            .get(idx.0 as usize)
            .is_some_and(|r| overlaps(&r.bounds, view));
        if !in_view {
            // Remembered as out of view: an index past the end.
            *seen = u32::MAX - 1;
            continue;
        }
        *seen = out.len() as u32;
        let age_days = (o.window.1 - *arrived).num_minutes() as f64 / 1440.0;
        out.push(FlownRoute {
            leg: *leg,
            route: idx,
            alpha: (1.0 - age_days / FADE_DAYS).max(MIN_ROUTE_ALPHA) as f32,
            dashed: o.data.legs.get(leg.index()).is_some_and(dashed),
            count: 1,
        });
    }
    out
}

fn flights(o: &Overlay<'_>, view: &GeoBounds) -> Vec<Flight> {
    o.index
        .legs_in_progress(o.cursor)
        .filter_map(|(leg_idx, fraction)| {
            let leg = o.data.legs.get(leg_idx.index())?;
            let route_idx = o.scene.route_idx_of(leg_idx)?;
            let route = o.scene.routes.get(route_idx.0 as usize)?;
            let at = match (o.data.place(leg.from), o.data.place(leg.to)) {
                (Some(from), Some(to)) => {
                    Some(geodesy::point_along(from.position, to.position, fraction))
                }
                _ => None,
            };
            Some(Flight {
                leg: leg_idx,
                route: route_idx,
                fraction,
                at,
                dashed: dashed(leg),
                in_view: overlaps(&route.bounds, view),
            })
        })
        .collect()
}

fn range_cities(o: &Overlay<'_>, flown: &[FlownRoute]) -> Vec<CityIdx> {
    let (from, to) = o.window;
    let meetings = o
        .index
        .meetings_overlapping(from, to)
        .filter_map(|m| o.data.meetings.get(m.index()))
        .map(|m| m.place);
    let legs = flown
        .iter()
        .filter_map(|f| o.data.legs.get(f.leg.index()))
        .flat_map(|l| [l.from, l.to]);
    let mut cities: Vec<CityIdx> = meetings
        .chain(legs)
        .filter_map(|p| o.scene.cities.of(p))
        .collect();
    cities.sort_unstable();
    cities.dedup();
    cities
}

/// Who is staying where at the cursor, by city (each person once per city).
fn present_at(o: &Overlay<'_>) -> Vec<(CityIdx, Vec<PersonIdx>)> {
    let mut present: std::collections::BTreeMap<CityIdx, Vec<PersonIdx>> =
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

fn clusters(
    o: &Overlay<'_>,
    in_view: &[CityIdx],
    project: &impl Fn(Point) -> Pos2,
    held: impl Fn(CityIdx) -> WindowCount,
) -> Vec<Cluster> {
    let mut cells: std::collections::BTreeMap<(i32, i32), (usize, Point, WindowCount)> =
        std::collections::BTreeMap::new();
    for idx in in_view {
        let Some(city) = o.scene.cities.get(*idx) else {
            continue;
        };
        let at = project(city.position);
        let key = (
            (at.x / CLUSTER_CELL).floor() as i32,
            (at.y / CLUSTER_CELL).floor() as i32,
        );
        let entry = cells
            .entry(key)
            .or_insert((0, city.position, WindowCount::default()));
        entry.0 += 1;
        entry.2 += held(*idx);
    }
    cells
        .into_iter()
        .map(|(cell, (count, position, held))| Cluster {
            cell,
            count,
            position,
            held,
        })
        .collect()
}

/// Whether a leg is drawn dashed: its times are estimated, or the whole leg was inferred from stays.
pub fn dashed(leg: &Leg) -> bool {
    leg.estimated() || leg.certainty == crate::data::Certainty::Inferred
}

/// Whether two boxes meet.
pub fn overlaps(a: &GeoBounds, b: &GeoBounds) -> bool {
    a.min_lon <= b.max_lon
        && b.min_lon <= a.max_lon
        && a.min_lat <= b.max_lat
        && b.min_lat <= a.max_lat
}

/// Whether `p` lies in `view`.
pub fn view_contains(view: &GeoBounds, p: Point) -> bool {
    (view.min_lat..=view.max_lat).contains(&p.y()) && (view.min_lon..=view.max_lon).contains(&p.x())
}

/// How much a marker grows for the people staying there now, in points.
pub fn stay_growth(people: usize) -> f32 {
    if people == 0 {
        0.0
    } else {
        2.0 + (people as f32).sqrt() * 2.0
    }
}

/// The largest a city's marker gets for its meetings, in points.
pub const MAX_MARKER_RADIUS: f32 = 16.0;

/// A city's marker grows with the number of meetings held there in the window, in points (gently: a
/// city with thousands of meetings stays a marker, its badge gives the number).
pub fn marker_radius(meetings: usize) -> f32 {
    if meetings == 0 {
        4.0
    } else {
        (5.0 + (meetings as f32).sqrt() * 1.5).min(MAX_MARKER_RADIUS)
    }
}

/// A cluster's marker grows with the number of cities in it, in points.
pub fn cluster_radius(count: usize) -> f32 {
    7.0 + (count as f32).ln() * 2.5
}

/// The first of right, left, above, below the marker where the label overlaps no label placed before;
/// `None` when all are taken (the name still shows on hover).
pub fn label_spot(at: Pos2, radius: f32, size: Vec2, placed: &[Rect]) -> Option<Rect> {
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
