//! What the map draws, prepared once per dataset: cities, and one great circle per route.
//!
//! Many legs share a route (every Fort Lauderdale → Moscow flight follows the same arc), so geometry is
//! kept per distinct (from, to) pair, with its bounding box for viewport culling. Frames only
//! draw the few routes that are visible at the cursor, from meshes made once per zoom
//! ([`super::route_mesh`]).

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::OnceLock;

use rayon::prelude::*;

use super::city_counts::CityCounts;
use super::flow_texture::FlowTexture;
use super::route_mesh::RouteMeshes;

use crate::data::{Cities, Dataset, PlaceIdx};
use crate::geodesy::{self, GeoBounds, GreatArc, Point};

/// Longest segment of a drawn great circle (km): smooth at continental zooms, cheap at a million legs.
pub const ROUTE_SEGMENT_KM: f64 = 75.0;

/// Index into [`Scene::routes`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct RouteIdx(pub u32);

/// The geometry of one route.
///
/// Its great circle is densified on first use and kept ([`Route::parts`]): at a million records the
/// window shows the data before any of a hundred thousand arcs is worked out, and only the routes that
/// are drawn as lines or clicked ever hold points. The flow layer and pictures walk the arc itself
/// ([`Route::arc`]), as finely as their pixels need.
#[derive(Clone, Debug)]
pub struct Route {
    pub from: PlaceIdx,
    pub to: PlaceIdx,
    /// Where the route starts and ends.
    pub start: Point,
    pub end: Point,
    /// The great circle from `start` to `end`.
    pub arc: GreatArc,
    /// Bounding box of the whole arc, for culling.
    pub bounds: GeoBounds,
    pub distance_km: f64,
    /// Both its places exist. A leg whose place is missing gets a route with no length at 0° 0°, so it
    /// can still be looked up, but the flow layer does not draw it (and says so).
    pub placed: bool,
    parts: OnceLock<Vec<Vec<[f64; 2]>>>,
}

impl Route {
    /// The great circle from `a` to `b`; its points are made when first asked for.
    pub fn new(from: PlaceIdx, to: PlaceIdx, a: Point, b: Point) -> Self {
        let arc = GreatArc::new(a, b);
        Self {
            from,
            to,
            start: a,
            end: b,
            arc,
            bounds: arc.bounds(),
            distance_km: geodesy::distance_km(a, b),
            placed: true,
            parts: OnceLock::new(),
        }
    }

    /// How many even steps along [`Route::arc`] keep each shorter than `step_px` on a map `world_px`
    /// wide (Web Mercator stretches a step by the secant of its latitude, so the route's farthest
    /// latitude from the equator bounds it), and never more than [`Route::parts`] has.
    pub fn segments_for(&self, world_px: f64, step_px: f64) -> usize {
        let far_lat = self
            .bounds
            .min_lat
            .abs()
            .max(self.bounds.max_lat.abs())
            .min(geodesy::MAX_MERCATOR_LAT_DEG);
        let px =
            self.arc.angle_rad() / std::f64::consts::TAU * world_px / far_lat.to_radians().cos();
        let fine = (px / step_px).ceil();
        let coarse = (self.distance_km / ROUTE_SEGMENT_KM).ceil();
        let segments = fine.min(coarse);
        if segments.is_finite() {
            segments.clamp(1.0, geodesy::MAX_SEGMENTS_PER_LEG as f64) as usize
        } else {
            1
        }
    }

    /// The great circle densified every [`ROUTE_SEGMENT_KM`] and split at the antimeridian, in
    /// Web-Mercator unit coordinates ([`geodesy::web_mercator_unit`]): projected once, so drawing it at
    /// any zoom is a multiply-add a point. Worked out on the first call.
    pub fn parts(&self) -> &[Vec<[f64; 2]>] {
        self.parts.get_or_init(|| {
            geodesy::great_circle(self.start, self.end, ROUTE_SEGMENT_KM)
                .parts
                .iter()
                .map(|part| {
                    part.iter()
                        .map(|p| geodesy::web_mercator_unit(*p))
                        .collect()
                })
                .collect()
        })
    }
}

/// Everything derived from a dataset that the map needs, computed once.
#[derive(Clone, Debug, Default)]
pub struct Scene {
    pub cities: Cities,
    pub routes: Vec<Route>,
    /// The route of each leg, by leg index.
    pub leg_route: Vec<RouteIdx>,
    /// Bounds of every place, for "fit to data".
    pub bounds: Option<GeoBounds>,
    /// Routes tessellated at the current zoom, filled while drawing; they go with the scene.
    pub meshes: RefCell<RouteMeshes>,
    /// Every leg of the time window drawn into one texture, kept up to date while drawing.
    pub flow: RefCell<FlowTexture>,
    /// Meetings and stays by city and time, made on first use for the time index in use.
    pub counts: RefCell<Option<CityCounts>>,
}

impl Scene {
    pub fn new(d: &Dataset) -> Self {
        let mut pairs = Vec::new();
        let mut by_pair: HashMap<(PlaceIdx, PlaceIdx), RouteIdx> = HashMap::new();
        let mut leg_route = Vec::with_capacity(d.legs.len());
        for leg in &d.legs {
            let idx = *by_pair.entry((leg.from, leg.to)).or_insert_with(|| {
                pairs.push((leg.from, leg.to));
                RouteIdx((pairs.len() - 1) as u32)
            });
            leg_route.push(idx);
        }
        // A hundred thousand routes at a million records: each is set up from its two ends only.
        let (routes, cities) = rayon::join(
            || {
                pairs
                    .par_iter()
                    .map(|&(from, to)| match (d.place(from), d.place(to)) {
                        (Some(a), Some(b)) => Route::new(from, to, a.position, b.position),
                        _ => Route {
                            placed: false,
                            ..Route::new(from, to, Point::new(0.0, 0.0), Point::new(0.0, 0.0))
                        },
                    })
                    .collect()
            },
            || Cities::new(d),
        );
        Self {
            cities,
            routes,
            leg_route,
            bounds: geodesy::bounds_of(d.places.iter().map(|p| p.position)),
            meshes: RefCell::default(),
            flow: RefCell::default(),
            counts: RefCell::default(),
        }
    }

    /// `f` of the meetings and stays by city of `index`, made now if they are of another index.
    pub fn with_city_counts<R>(
        &self,
        data: &Dataset,
        index: &crate::timeline::TimeIndex,
        f: impl FnOnce(&CityCounts) -> R,
    ) -> R {
        let mut counts = self.counts.borrow_mut();
        if counts.as_ref().is_none_or(|c| c.source() != index.id()) {
            *counts = Some(CityCounts::new(data, &self.cities, index));
        }
        match counts.as_ref() {
            Some(c) => f(c),
            None => f(&CityCounts::default()),
        }
    }

    /// The route a leg follows.
    pub fn route_of(&self, leg: crate::data::LegIdx) -> Option<&Route> {
        self.route_idx_of(leg)
            .and_then(|r| self.routes.get(r.0 as usize))
    }

    /// The index of the route a leg follows.
    pub fn route_idx_of(&self, leg: crate::data::LegIdx) -> Option<RouteIdx> {
        self.leg_route.get(leg.index()).copied()
    }
}

/// Per city, whether the record filter keeps one of its records (a meeting held there, a leg from or to
/// it); `None` when the filter shows everything. The map fades the others.
pub fn admitted_cities(
    d: &Dataset,
    cities: &Cities,
    filter: &crate::timeline::RecordFilter,
) -> Option<Vec<bool>> {
    if filter.everything() {
        return None;
    }
    let mut admitted = vec![false; cities.list.len()];
    let mut admit = |place: PlaceIdx| {
        if let Some(slot) = cities
            .of(place)
            .and_then(|c| admitted.get_mut(c.0 as usize))
        {
            *slot = true;
        }
    };
    for m in d.meetings.iter().filter(|m| filter.admits_meeting(d, m)) {
        admit(m.place);
    }
    for l in d.legs.iter().filter(|l| filter.admits_leg(d, l)) {
        admit(l.from);
        admit(l.to);
    }
    Some(admitted)
}
