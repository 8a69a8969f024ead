//! Pure geographic maths on [`geo::Point<f64>`]: distances, great-circle legs,
//! antimeridian splitting, bounding boxes and Web-Mercator zoom fitting.
//!
//! Every position is a [`Point`] whose `x` is the **longitude** and `y` the
//! **latitude**, both in **degrees** on WGS84. Build them with [`lat_lon`] or
//! [`lon_lat`] so the argument order is always spelled out. The same type is
//! the map widget's position type, so points flow unchanged into the map layer.
//!
//! Key decisions:
//!
//! - **Great circles on a sphere.** Distances, bearings and interpolation use
//!   the geo crate's [`Haversine`] metric space (a sphere of mean Earth radius
//!   6371.0088 km). The error against the ellipsoid (well under 0.5 %) is
//!   invisible at the zoom levels a travel map uses. geo works in metres; this
//!   module converts, and its names carry their units (`_km`, `_deg`, `_px`).
//! - **Legs are densified.** A straight line on a Mercator map is not the route
//!   a plane flies, so a leg is drawn as a polyline of great-circle points no
//!   more than `max_segment_km` apart ([`great_circle`]).
//! - **Lines are split at the antimeridian.** A segment that crosses ±180° would
//!   otherwise be drawn the long way round, across the whole map. Such lines are
//!   cut into parts that end and start on ±180° ([`split_at_antimeridian`]).
//! - **Fit-to-data ignores wrap-around.** [`bounds_of`] is a plain
//!   latitude/longitude box between −180° and 180°. Data on both sides of the
//!   Pacific gives a wide box over the Atlantic side rather than a narrow one
//!   across the antimeridian: simpler, predictable, and the map widget does not
//!   wrap the world either.
//! - **No panics on bad input.** Non-finite coordinates and nonsensical segment
//!   lengths give degenerate but finite-sized results instead of panicking.

use std::f64::consts::PI;

mod arc;

pub use arc::GreatArc;

use geo::{Bearing, Distance, Haversine, InterpolatePoint};

pub use geo::Point;

/// Mean Earth radius in kilometres (IUGG / GRS80 `R₁`), the radius geo's
/// [`Haversine`] uses.
pub const EARTH_MEAN_RADIUS_KM: f64 = 6371.0088;

/// The northern and southern limit of Web-Mercator maps, in degrees of
/// latitude: `atan(sinh(π))`. Latitudes beyond it are clamped to it.
pub const MAX_MERCATOR_LAT_DEG: f64 = 85.051_128_779_806_59;

/// The lowest zoom level [`fit_zoom`] returns (the whole world in one tile).
pub const MIN_ZOOM: f64 = 0.0;

/// The highest zoom level [`fit_zoom`] returns (the map widget's limit).
pub const MAX_ZOOM: f64 = 26.0;

/// The most segments a densified leg is cut into, whatever `max_segment_km`
/// asks for; keeps a tiny or zero segment length from allocating without end.
pub const MAX_SEGMENTS_PER_LEG: usize = 4096;

/// Angular distance in radians beyond which two points count as (nearly)
/// antipodal: the plain great-circle interpolation formula divides by the sine
/// of the distance there, so another one is used.
const NEAR_ANTIPODAL_RAD: f64 = PI - 1e-6;

const METRES_PER_KM: f64 = 1000.0;

/// Builds a position from a latitude and a longitude, both in degrees.
///
/// The values are stored as given (`x` = longitude, `y` = latitude); the data
/// layer validates ranges. Functions here that need longitudes in
/// `[-180, 180]` wrap them themselves.
///
/// ```
/// use travelmap::geodesy::lat_lon;
///
/// let anchorage = lat_lon(61.2514, -149.8064);
/// assert_eq!(anchorage.y(), 61.2514); // latitude
/// assert_eq!(anchorage.x(), -149.8064); // longitude
/// ```
#[must_use]
pub fn lat_lon(lat_deg: f64, lon_deg: f64) -> Point {
    Point::new(lon_deg, lat_deg)
}

/// Builds a position from a longitude and a latitude, both in degrees (the
/// order of `GeoJSON` and of `geo`'s `x`, `y`).
///
/// ```
/// use travelmap::geodesy::{lat_lon, lon_lat};
///
/// assert_eq!(lon_lat(30.2625, 59.8003), lat_lon(59.8003, 30.2625));
/// ```
#[must_use]
pub fn lon_lat(lon_deg: f64, lat_deg: f64) -> Point {
    Point::new(lon_deg, lat_deg)
}

/// Wraps a longitude in degrees into `[-180, 180]`. Values already in range,
/// including both −180 and 180, are returned unchanged; non-finite values are
/// returned as they are.
///
/// ```
/// use travelmap::geodesy::wrap_lon_deg;
///
/// assert_eq!(wrap_lon_deg(190.0), -170.0);
/// assert_eq!(wrap_lon_deg(-190.0), 170.0);
/// assert_eq!(wrap_lon_deg(180.0), 180.0);
/// ```
#[must_use]
pub fn wrap_lon_deg(lon_deg: f64) -> f64 {
    if (-180.0..=180.0).contains(&lon_deg) || !lon_deg.is_finite() {
        lon_deg
    } else {
        (lon_deg + 180.0).rem_euclid(360.0) - 180.0
    }
}

/// Great-circle distance between two positions in kilometres, by the
/// haversine formula on a sphere of radius [`EARTH_MEAN_RADIUS_KM`].
///
/// ```
/// use travelmap::geodesy::{distance_km, lat_lon};
///
/// let fort_lauderdale = lat_lon(26.0725, -80.1528);
/// let pulkovo = lat_lon(59.8003, 30.2625);
/// let km = distance_km(fort_lauderdale, pulkovo);
/// assert!((km - 8579.7).abs() < 1.0, "{km}");
/// ```
#[must_use]
pub fn distance_km(a: Point, b: Point) -> f64 {
    Haversine.distance(a, b) / METRES_PER_KM
}

/// Initial bearing in degrees from `from` towards `to` along the great circle:
/// 0 = north, 90 = east, clockwise, in `[0, 360)`. Equal points give 0.
///
/// ```
/// use travelmap::geodesy::{bearing_deg, lat_lon};
///
/// let east = bearing_deg(lat_lon(0.0, 0.0), lat_lon(0.0, 10.0));
/// assert!((east - 90.0).abs() < 1e-9);
/// ```
#[must_use]
pub fn bearing_deg(from: Point, to: Point) -> f64 {
    normalize_bearing_deg(Haversine.bearing(from, to))
}

/// Bearing in degrees (0 = north, clockwise, in `[0, 360)`) of the direction of
/// travel at `fraction` (`0..=1`, clamped; NaN counts as 0) of the way along the
/// great circle from `from` to `to`. At 0 it is [`bearing_deg`]; at 1 it is the
/// final bearing on arrival. Used to point direction arrows.
///
/// ```
/// use travelmap::geodesy::{bearing_at, lat_lon};
///
/// // Flying east along the 60th parallel's great circle: north-east at the
/// // start, south-east on arrival.
/// let from = lat_lon(60.0, 0.0);
/// let to = lat_lon(60.0, 90.0);
/// assert!(bearing_at(from, to, 0.0) < 90.0);
/// assert!(bearing_at(from, to, 1.0) > 90.0);
/// ```
#[must_use]
pub fn bearing_at(from: Point, to: Point, fraction: f64) -> f64 {
    let fraction = clamp_fraction(fraction);
    let here = point_along(from, to, fraction);
    if fraction <= 0.5 {
        bearing_deg(here, to)
    } else {
        // Looking back at the start and turning round stays well-defined right
        // up to arrival, where the bearing towards `to` would be 0/0.
        normalize_bearing_deg(bearing_deg(here, from) + 180.0)
    }
}

/// A great-circle leg as drawable polylines.
///
/// `parts` holds one polyline, or several when the leg crosses the
/// antimeridian (see [`split_at_antimeridian`]); every point is in degrees with
/// its longitude in `[-180, 180]`.
#[derive(Debug, Clone, PartialEq)]
pub struct GreatCircle {
    /// The densified leg, split at the antimeridian. Never empty.
    pub parts: Vec<Vec<Point>>,
    /// Length of the leg in kilometres (haversine).
    pub distance_km: f64,
}

/// A great-circle leg from `from` to `to`, densified so that no segment is
/// longer than `max_segment_km` kilometres, then split at the antimeridian.
///
/// The points are evenly spaced along the arc ([`GreatArc::points`], the
/// spherical interpolation of geo's [`Haversine`] metric space, the fewest
/// segments no longer than `max_segment_km`). The first point of the first part and the last point of the last
/// part are exactly `from` and `to` (their longitudes wrapped into
/// `[-180, 180]` if they were outside it; an endpoint lying exactly on the
/// antimeridian may come back as the equivalent longitude of the other sign).
///
/// A `max_segment_km` that is not a positive number, or that would cut the leg
/// into more than [`MAX_SEGMENTS_PER_LEG`] segments, is raised to the length
/// that gives that many segments. Non-finite coordinates give the straight line
/// `[from, to]`. Antipodal points (where any great circle is shortest) get a
/// deterministic one.
///
/// ```
/// use travelmap::geodesy::{distance_km, great_circle, lat_lon};
///
/// let anchorage = lat_lon(61.2514, -149.8064);
/// let tokyo = lat_lon(35.5494, 139.7798);
/// let leg = great_circle(anchorage, tokyo, 100.0);
///
/// // Crossing the Pacific westwards: two parts, meeting on the antimeridian.
/// assert_eq!(leg.parts.len(), 2);
/// assert_eq!(leg.parts[0][0], anchorage);
/// assert_eq!(leg.parts[1].last(), Some(&tokyo));
/// assert_eq!(leg.parts[0].last().map(|p| p.x()), Some(-180.0));
/// assert_eq!(leg.parts[1][0].x(), 180.0);
/// assert!((leg.distance_km - distance_km(anchorage, tokyo)).abs() < 1e-9);
/// for part in &leg.parts {
///     for pair in part.windows(2) {
///         assert!(distance_km(pair[0], pair[1]) <= 100.0 + 1e-6);
///     }
/// }
/// ```
#[must_use]
pub fn great_circle(from: Point, to: Point, max_segment_km: f64) -> GreatCircle {
    let leg = densified_leg(from, to, max_segment_km);
    GreatCircle {
        parts: split_at_antimeridian(&leg),
        distance_km: distance_km(from, to),
    }
}

/// The part of the leg from `from` to `to` flown by `fraction` (`0..=1`,
/// clamped; NaN counts as 0), for drawing the trail behind a moving traveller.
///
/// It is the points of [`great_circle`]`(from, to, max_segment_km)` that lie
/// before the fraction, followed by the exact [`point_along`] the fraction,
/// split at the antimeridian. At fraction 0 it is a single part holding just
/// `from`; at fraction 1 it is the whole leg.
///
/// ```
/// use travelmap::geodesy::{lat_lon, partial_great_circle, point_along};
///
/// let from = lat_lon(26.0725, -80.1528);
/// let to = lat_lon(59.8003, 30.2625);
/// let trail = partial_great_circle(from, to, 0.25, 100.0);
/// assert_eq!(trail.len(), 1);
/// assert_eq!(trail[0][0], from);
/// assert_eq!(trail[0].last(), Some(&point_along(from, to, 0.25)));
/// ```
#[must_use]
pub fn partial_great_circle(
    from: Point,
    to: Point,
    fraction: f64,
    max_segment_km: f64,
) -> Vec<Vec<Point>> {
    let fraction = clamp_fraction(fraction);
    let leg = densified_leg(from, to, max_segment_km);
    // The densified points are evenly spaced: point i lies at ratio i / segments.
    let segments = leg.len().saturating_sub(1).max(1) as f64;
    let mut trail: Vec<Point> = leg
        .iter()
        .enumerate()
        .take_while(|(i, _)| *i == 0 || (*i as f64) / segments < fraction)
        .map(|(_, p)| *p)
        .collect();
    let here = point_along(from, to, fraction);
    if trail.last() != Some(&here) {
        trail.push(here);
    }
    split_at_antimeridian(&trail)
}

/// The position `fraction` (`0..=1`, clamped; NaN counts as 0) of the way
/// along the great circle from `from` to `to`, in degrees.
///
/// This is the exact spherical interpolation (geo's [`InterpolatePoint`] for
/// [`Haversine`]), not a point on the densified polyline. Fraction 0 and 1
/// return `from` and `to` exactly; other results have longitudes in
/// `[-180, 180]`.
///
/// ```
/// use travelmap::geodesy::{distance_km, lat_lon, point_along};
///
/// let from = lat_lon(61.2514, -149.8064);
/// let to = lat_lon(35.5494, 139.7798);
/// assert_eq!(point_along(from, to, 0.0), from);
/// assert_eq!(point_along(from, to, 1.0), to);
/// let middle = point_along(from, to, 0.5);
/// assert!((distance_km(from, middle) - distance_km(middle, to)).abs() < 1e-6);
/// ```
#[must_use]
pub fn point_along(from: Point, to: Point, fraction: f64) -> Point {
    let fraction = clamp_fraction(fraction);
    if fraction <= 0.0 {
        return from;
    }
    if fraction >= 1.0 {
        return to;
    }
    interpolate(from, to, fraction)
}

/// Splits a polyline wherever a segment crosses the antimeridian, so that no
/// part is drawn the long way round the map.
///
/// Longitudes are first wrapped into `[-180, 180]`. A segment whose endpoints'
/// longitudes differ by more than 180° is taken to cross ±180° (the short way
/// round). It is cut there: the current part ends on the antimeridian on its
/// own side (180 or −180) and the next part starts on the other side, both at
/// the latitude interpolated linearly along the segment. Consecutive points in
/// each part then never differ by more than 180° of longitude.
///
/// Empty input gives no parts; a single point gives one part holding it. Parts
/// of a single point that a cut would leave behind (a point lying exactly on
/// the antimeridian) are dropped.
///
/// ```
/// use travelmap::geodesy::{lat_lon, split_at_antimeridian};
///
/// let line = [lat_lon(50.0, 170.0), lat_lon(52.0, -170.0)];
/// let parts = split_at_antimeridian(&line);
/// assert_eq!(parts.len(), 2);
/// assert_eq!(parts[0], vec![lat_lon(50.0, 170.0), lat_lon(51.0, 180.0)]);
/// assert_eq!(parts[1], vec![lat_lon(51.0, -180.0), lat_lon(52.0, -170.0)]);
/// ```
#[must_use]
pub fn split_at_antimeridian(line: &[Point]) -> Vec<Vec<Point>> {
    let mut points = line.iter().map(|p| lon_lat(wrap_lon_deg(p.x()), p.y()));
    let Some(first) = points.next() else {
        return Vec::new();
    };
    let mut parts: Vec<Vec<Point>> = Vec::new();
    let mut current = vec![first];
    let mut previous = first;
    for point in points {
        let delta_lon = point.x() - previous.x();
        if delta_lon.abs() > 180.0 {
            // Heading east across 180 (e.g. 170 → -170) or west across -180.
            let eastwards = delta_lon < 0.0;
            let (edge, other_edge, unwrapped_lon) = if eastwards {
                (180.0, -180.0, point.x() + 360.0)
            } else {
                (-180.0, 180.0, point.x() - 360.0)
            };
            let span = unwrapped_lon - previous.x();
            let t = if span == 0.0 {
                0.0
            } else {
                ((edge - previous.x()) / span).clamp(0.0, 1.0)
            };
            let lat = previous.y() + t * (point.y() - previous.y());
            push_distinct(&mut current, lon_lat(edge, lat));
            let finished = std::mem::replace(&mut current, vec![lon_lat(other_edge, lat)]);
            if finished.len() >= 2 {
                parts.push(finished);
            }
            // The point itself may lie on the cut.
            push_distinct(&mut current, point);
        } else {
            current.push(point);
        }
        previous = point;
    }
    if current.len() >= 2 || parts.is_empty() {
        parts.push(current);
    }
    parts
}

/// A latitude/longitude box in degrees, `min_* <= max_*`.
///
/// It never wraps round the antimeridian: `min_lon` is the western edge and
/// `max_lon` the eastern one, both in `[-180, 180]`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GeoBounds {
    /// Southern edge, degrees of latitude.
    pub min_lat: f64,
    /// Northern edge, degrees of latitude.
    pub max_lat: f64,
    /// Western edge, degrees of longitude.
    pub min_lon: f64,
    /// Eastern edge, degrees of longitude.
    pub max_lon: f64,
}

impl GeoBounds {
    /// The box holding just `point` (zero width and height). Its longitude is
    /// wrapped into `[-180, 180]`.
    #[must_use]
    pub fn from_point(point: Point) -> Self {
        let lon = wrap_lon_deg(point.x());
        Self {
            min_lat: point.y(),
            max_lat: point.y(),
            min_lon: lon,
            max_lon: lon,
        }
    }

    /// The middle of the box in degrees: the mean of its latitudes and of its
    /// longitudes. For centring a Mercator map on the box use
    /// [`GeoBounds::mercator_center`].
    ///
    /// ```
    /// use travelmap::geodesy::{bounds_of, lat_lon};
    ///
    /// let bounds = bounds_of([lat_lon(10.0, 20.0), lat_lon(30.0, 60.0)]);
    /// assert_eq!(bounds.map(|b| b.center()), Some(lat_lon(20.0, 40.0)));
    /// ```
    #[must_use]
    pub fn center(&self) -> Point {
        lat_lon(
            (self.min_lat + self.max_lat) / 2.0,
            (self.min_lon + self.max_lon) / 2.0,
        )
    }

    /// The point that appears in the middle of the box on a Web-Mercator map:
    /// the mean longitude, and the latitude halfway between the edges in
    /// projected [`mercator_y`] units. Degrees.
    #[must_use]
    pub fn mercator_center(&self) -> Point {
        let y = (mercator_y(self.min_lat) + mercator_y(self.max_lat)) / 2.0;
        lat_lon(
            inverse_mercator_y_deg(y),
            (self.min_lon + self.max_lon) / 2.0,
        )
    }

    /// Height of the box in degrees of latitude.
    #[must_use]
    pub fn lat_span_deg(&self) -> f64 {
        self.max_lat - self.min_lat
    }

    /// Width of the box in degrees of longitude.
    #[must_use]
    pub fn lon_span_deg(&self) -> f64 {
        self.max_lon - self.min_lon
    }

    /// Whether `point` lies inside the box or on its edge (longitude wrapped
    /// into `[-180, 180]` first; no wrap-around of the box itself).
    #[must_use]
    pub fn contains(&self, point: Point) -> bool {
        let lon = wrap_lon_deg(point.x());
        (self.min_lat..=self.max_lat).contains(&point.y())
            && (self.min_lon..=self.max_lon).contains(&lon)
    }

    /// Grows the box just enough to hold `point` (longitude wrapped into
    /// `[-180, 180]`). Points with a non-finite coordinate are ignored.
    pub fn expand(&mut self, point: Point) {
        if !is_finite(point) {
            return;
        }
        let lon = wrap_lon_deg(point.x());
        self.min_lat = self.min_lat.min(point.y());
        self.max_lat = self.max_lat.max(point.y());
        self.min_lon = self.min_lon.min(lon);
        self.max_lon = self.max_lon.max(lon);
    }

    /// The box grown on every side by `fraction` of its own height (north and
    /// south) and width (east and west): `0.1` adds 10 % margins. Edges stop at
    /// ±90° latitude and ±180° longitude. Negative or non-finite fractions
    /// count as 0. A zero-sized box stays zero-sized; see
    /// [`GeoBounds::with_min_span_deg`].
    ///
    /// ```
    /// use travelmap::geodesy::{bounds_of, lat_lon};
    ///
    /// let bounds = bounds_of([lat_lon(10.0, 20.0), lat_lon(30.0, 60.0)]);
    /// let padded = bounds.map(|b| b.padded(0.1));
    /// assert_eq!(padded.map(|b| (b.min_lat, b.max_lat)), Some((8.0, 32.0)));
    /// assert_eq!(padded.map(|b| (b.min_lon, b.max_lon)), Some((16.0, 64.0)));
    /// ```
    #[must_use]
    pub fn padded(&self, fraction: f64) -> Self {
        let fraction = if fraction.is_finite() {
            fraction.max(0.0)
        } else {
            0.0
        };
        let lat_pad = self.lat_span_deg() * fraction;
        let lon_pad = self.lon_span_deg() * fraction;
        Self {
            min_lat: (self.min_lat - lat_pad).max(-90.0),
            max_lat: (self.max_lat + lat_pad).min(90.0),
            min_lon: (self.min_lon - lon_pad).max(-180.0),
            max_lon: (self.max_lon + lon_pad).min(180.0),
        }
    }

    /// The box grown about its centre so that it is at least `min_span_deg`
    /// degrees tall and wide (edges stop at ±90° and ±180°). Gives a single
    /// place some surroundings when fitting the view to it.
    ///
    /// ```
    /// use travelmap::geodesy::{GeoBounds, lat_lon};
    ///
    /// let riyadh = GeoBounds::from_point(lat_lon(24.7136, 46.6753));
    /// let area = riyadh.with_min_span_deg(1.0);
    /// assert!((area.lat_span_deg() - 1.0).abs() < 1e-9);
    /// assert!((area.lon_span_deg() - 1.0).abs() < 1e-9);
    /// ```
    #[must_use]
    pub fn with_min_span_deg(&self, min_span_deg: f64) -> Self {
        if !min_span_deg.is_finite() || min_span_deg <= 0.0 {
            return *self;
        }
        let grow = |min: f64, max: f64, limit: f64| {
            if max - min >= min_span_deg {
                (min, max)
            } else {
                let middle = (min + max) / 2.0;
                let half = min_span_deg / 2.0;
                ((middle - half).max(-limit), (middle + half).min(limit))
            }
        };
        let (min_lat, max_lat) = grow(self.min_lat, self.max_lat, 90.0);
        let (min_lon, max_lon) = grow(self.min_lon, self.max_lon, 180.0);
        Self {
            min_lat,
            max_lat,
            min_lon,
            max_lon,
        }
    }
}

/// The smallest latitude/longitude box holding all `points` (degrees,
/// longitudes wrapped into `[-180, 180]`, no wrap-around: see the module
/// docs), or `None` when there are no points with finite coordinates.
///
/// One point gives a zero-sized box; pad it with [`GeoBounds::padded`] and
/// [`GeoBounds::with_min_span_deg`] before fitting the view.
///
/// ```
/// use travelmap::geodesy::{bounds_of, lat_lon};
///
/// assert_eq!(bounds_of([]), None);
/// let bounds = bounds_of([lat_lon(61.2514, -149.8064), lat_lon(24.7136, 46.6753)]);
/// assert_eq!(bounds.map(|b| b.min_lon), Some(-149.8064));
/// assert_eq!(bounds.map(|b| b.max_lat), Some(61.2514));
/// ```
#[must_use]
pub fn bounds_of(points: impl IntoIterator<Item = Point>) -> Option<GeoBounds> {
    let mut points = points.into_iter().filter(|p| is_finite(*p));
    let mut bounds = GeoBounds::from_point(points.next()?);
    for point in points {
        bounds.expand(point);
    }
    Some(bounds)
}

/// Clamps a latitude in degrees to the Web-Mercator limit
/// `±`[`MAX_MERCATOR_LAT_DEG`].
#[must_use]
pub fn clamp_mercator_lat_deg(lat_deg: f64) -> f64 {
    lat_deg.clamp(-MAX_MERCATOR_LAT_DEG, MAX_MERCATOR_LAT_DEG)
}

/// Web-Mercator `y` of a latitude in degrees: `ln(tan(π/4 + φ/2))`, unitless
/// (radians on the unrolled cylinder), growing northwards. The latitude is
/// clamped to `±`[`MAX_MERCATOR_LAT_DEG`] first, so the result lies in
/// `[-π, π]`; the whole map is `2π` tall, as it is wide.
///
/// ```
/// use travelmap::geodesy::mercator_y;
///
/// assert_eq!(mercator_y(0.0), 0.0);
/// assert!((mercator_y(90.0) - std::f64::consts::PI).abs() < 1e-9);
/// ```
#[must_use]
pub fn mercator_y(lat_deg: f64) -> f64 {
    clamp_mercator_lat_deg(lat_deg).to_radians().tan().asinh()
}

/// Web-Mercator coordinates of `p` with the world as the unit square, as map
/// tiles count: `x` from 0 at 180° W to 1 at 180° E, `y` from 0 at the top
/// (`+`[`MAX_MERCATOR_LAT_DEG`]) to 1 at the bottom. Multiplied by the world's
/// width in pixels at a zoom level, it gives that zoom's pixel coordinates.
///
/// ```
/// use travelmap::geodesy::{lon_lat, web_mercator_unit};
///
/// assert_eq!(web_mercator_unit(lon_lat(0.0, 0.0)), [0.5, 0.5]);
/// let [x, y] = web_mercator_unit(lon_lat(90.0, 85.0511287798));
/// assert!((x - 0.75).abs() < 1e-12 && y.abs() < 1e-9);
/// ```
#[must_use]
pub fn web_mercator_unit(p: Point) -> [f64; 2] {
    [
        (p.x() + 180.0) / 360.0,
        0.5 - mercator_y(p.y()) / (2.0 * std::f64::consts::PI),
    ]
}

/// The point whose [`web_mercator_unit`] coordinates are `[x, y]` (the inverse).
///
/// ```
/// use travelmap::geodesy::{from_web_mercator_unit, lon_lat, web_mercator_unit};
///
/// let p = from_web_mercator_unit(web_mercator_unit(lon_lat(30.2625, 59.8003)));
/// assert!((p.x() - 30.2625).abs() < 1e-9 && (p.y() - 59.8003).abs() < 1e-9);
/// ```
#[must_use]
pub fn from_web_mercator_unit([x, y]: [f64; 2]) -> Point {
    lon_lat(
        x * 360.0 - 180.0,
        inverse_mercator_y_deg((0.5 - y) * 2.0 * std::f64::consts::PI),
    )
}

/// The latitude in degrees whose [`mercator_y`] is `y` (the inverse
/// projection): `atan(sinh(y))`.
///
/// ```
/// use travelmap::geodesy::{inverse_mercator_y_deg, mercator_y};
///
/// assert!((inverse_mercator_y_deg(mercator_y(59.8)) - 59.8).abs() < 1e-9);
/// ```
#[must_use]
pub fn inverse_mercator_y_deg(y: f64) -> f64 {
    y.sinh().atan().to_degrees()
}

/// The zoom level (continuous, clamped to [`MIN_ZOOM`]`..=`[`MAX_ZOOM`]) at
/// which `bounds` just fits in a viewport of `width_px` × `height_px` pixels on
/// a Web-Mercator map of square tiles `tile_size_px` pixels wide (256 for the
/// map widget): at zoom `z` the world is `tile_size_px · 2^z` pixels wide.
///
/// Latitudes are clamped to `±`[`MAX_MERCATOR_LAT_DEG`]. A zero-sized box
/// gives [`MAX_ZOOM`]; a viewport or tile size that is not a positive number
/// gives [`MIN_ZOOM`]. Pad
/// the bounds first (see [`GeoBounds::padded`]) to leave a margin.
///
/// ```
/// use travelmap::geodesy::{GeoBounds, fit_zoom};
///
/// let world = GeoBounds { min_lat: -85.0, max_lat: 85.0, min_lon: -180.0, max_lon: 180.0 };
/// assert!(fit_zoom(&world, 256.0, 256.0, 256.0) < 0.01);
/// let europe = GeoBounds { min_lat: 35.0, max_lat: 70.0, min_lon: -10.0, max_lon: 40.0 };
/// let z = fit_zoom(&europe, 1000.0, 700.0, 256.0);
/// assert!((2.0..5.0).contains(&z), "{z}");
/// ```
#[must_use]
pub fn fit_zoom(bounds: &GeoBounds, width_px: f64, height_px: f64, tile_size_px: f64) -> f64 {
    fit_zoom_within(
        bounds,
        width_px,
        height_px,
        tile_size_px,
        MIN_ZOOM,
        MAX_ZOOM,
    )
}

/// [`fit_zoom`] clamped to `min_zoom..=max_zoom` instead of the default range
/// (the two are swapped if given the wrong way round; non-finite ones fall back
/// to [`MIN_ZOOM`] and [`MAX_ZOOM`]).
#[must_use]
pub fn fit_zoom_within(
    bounds: &GeoBounds,
    width_px: f64,
    height_px: f64,
    tile_size_px: f64,
    min_zoom: f64,
    max_zoom: f64,
) -> f64 {
    let min_zoom = if min_zoom.is_finite() {
        min_zoom
    } else {
        MIN_ZOOM
    };
    let max_zoom = if max_zoom.is_finite() {
        max_zoom
    } else {
        MAX_ZOOM
    };
    let (low, high) = if min_zoom <= max_zoom {
        (min_zoom, max_zoom)
    } else {
        (max_zoom, min_zoom)
    };

    let viewport_ok = [width_px, height_px, tile_size_px]
        .iter()
        .all(|px| px.is_finite() && *px > 0.0);
    if !viewport_ok {
        return low;
    }

    // Fractions of the whole world's width and height the box covers.
    let lon_fraction = (bounds.lon_span_deg() / 360.0).clamp(0.0, 1.0);
    let y_fraction = ((mercator_y(bounds.max_lat) - mercator_y(bounds.min_lat)).abs() / (2.0 * PI))
        .clamp(0.0, 1.0);

    let zoom_for = |viewport_px: f64, fraction: f64| {
        if fraction > 0.0 {
            (viewport_px / (tile_size_px * fraction)).log2()
        } else {
            f64::INFINITY
        }
    };
    let zoom = zoom_for(width_px, lon_fraction).min(zoom_for(height_px, y_fraction));
    if zoom.is_nan() {
        low
    } else {
        zoom.clamp(low, high)
    }
}

/// The leg from `from` to `to` as a polyline whose points are evenly spaced
/// along the great circle (point `i` at ratio `i / segments`), first and last
/// exactly `from` and `to`. Not yet split at the antimeridian.
fn densified_leg(from: Point, to: Point, max_segment_km: f64) -> Vec<Point> {
    let total_m = Haversine.distance(from, to);
    if !is_finite(from) || !is_finite(to) || !total_m.is_finite() || total_m <= 0.0 {
        return vec![from, to];
    }
    let floor_m = total_m / MAX_SEGMENTS_PER_LEG as f64;
    let asked_m = max_segment_km * METRES_PER_KM;
    let max_segment_m = if asked_m == f64::INFINITY {
        total_m
    } else if asked_m.is_finite() && asked_m > floor_m {
        asked_m
    } else {
        floor_m
    };
    if !(max_segment_m.is_finite() && max_segment_m > 0.0) {
        return vec![from, to];
    }
    let segments = (total_m / max_segment_m).ceil().max(1.0) as usize;
    GreatArc::new(from, to).points(segments).collect()
}

/// Great-circle interpolation at `fraction` of the way (geo's
/// [`InterpolatePoint`]), robust for nearly antipodal points.
fn interpolate(from: Point, to: Point, fraction: f64) -> Point {
    let total_m = Haversine.distance(from, to);
    if total_m / (EARTH_MEAN_RADIUS_KM * METRES_PER_KM) < NEAR_ANTIPODAL_RAD {
        Haversine.point_at_ratio_between(from, to, fraction)
    } else {
        Haversine.point_at_distance_between(from, to, total_m * fraction)
    }
}

fn clamp_fraction(fraction: f64) -> f64 {
    if fraction.is_nan() {
        0.0
    } else {
        fraction.clamp(0.0, 1.0)
    }
}

fn normalize_bearing_deg(bearing_deg: f64) -> f64 {
    let wrapped = bearing_deg.rem_euclid(360.0);
    // rem_euclid can round a tiny negative up to exactly 360.
    if wrapped >= 360.0 { 0.0 } else { wrapped }
}

fn is_finite(point: Point) -> bool {
    point.x().is_finite() && point.y().is_finite()
}

fn push_distinct(points: &mut Vec<Point>, point: Point) {
    if points.last() != Some(&point) {
        points.push(point);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FORT_LAUDERDALE: (f64, f64) = (26.0725, -80.1528);
    const PULKOVO: (f64, f64) = (59.8003, 30.2625);
    const ANCHORAGE: (f64, f64) = (61.2514, -149.8064);
    const TOKYO_HANEDA: (f64, f64) = (35.5494, 139.7798);
    const RIYADH: (f64, f64) = (24.7136, 46.6753);

    fn at((lat, lon): (f64, f64)) -> Point {
        lat_lon(lat, lon)
    }

    /// Central angle by the atan2 form of Vincenty's formula, independent of
    /// the haversine one geo uses.
    fn independent_distance_km(a: Point, b: Point) -> f64 {
        let (lat1, lat2) = (a.y().to_radians(), b.y().to_radians());
        let dlon = (b.x() - a.x()).to_radians();
        let numerator = (lat2.cos() * dlon.sin())
            .hypot(lat1.cos() * lat2.sin() - lat1.sin() * lat2.cos() * dlon.cos());
        let denominator = lat1.sin() * lat2.sin() + lat1.cos() * lat2.cos() * dlon.cos();
        EARTH_MEAN_RADIUS_KM * numerator.atan2(denominator)
    }

    fn all_points(parts: &[Vec<Point>]) -> Vec<Point> {
        parts.iter().flatten().copied().collect()
    }

    fn assert_no_long_jumps(parts: &[Vec<Point>]) {
        for part in parts {
            assert!(part.len() >= 2, "degenerate part {part:?}");
            for pair in part.windows(2) {
                let jump = (pair[1].x() - pair[0].x()).abs();
                assert!(jump <= 180.0, "jump of {jump}° in {pair:?}");
            }
            for p in part {
                assert!((-180.0..=180.0).contains(&p.x()), "{p:?}");
                assert!(p.x().is_finite() && p.y().is_finite(), "{p:?}");
            }
        }
    }

    #[test]
    fn lat_lon_and_lon_lat_put_longitude_in_x() {
        let p = lat_lon(10.0, 20.0);
        assert_eq!((p.x(), p.y()), (20.0, 10.0));
        assert_eq!(lon_lat(20.0, 10.0), p);
    }

    #[test]
    fn the_distance_from_fort_lauderdale_to_pulkovo_matches_an_independent_formula() {
        let (a, b) = (at(FORT_LAUDERDALE), at(PULKOVO));
        let km = distance_km(a, b);
        assert!((km - independent_distance_km(a, b)).abs() < 1e-3, "{km}");
        assert!((8550.0..8610.0).contains(&km), "{km}");
        assert!((distance_km(b, a) - km).abs() < 1e-9);
    }

    #[test]
    fn a_point_is_zero_kilometres_from_itself() {
        assert_eq!(distance_km(at(RIYADH), at(RIYADH)), 0.0);
    }

    #[test]
    fn a_great_circle_keeps_its_endpoints_exactly() {
        let (from, to) = (at(FORT_LAUDERDALE), at(PULKOVO));
        let leg = great_circle(from, to, 100.0);
        assert_eq!(leg.parts.len(), 1);
        assert_eq!(leg.parts[0].first(), Some(&from));
        assert_eq!(leg.parts[0].last(), Some(&to));
        assert!((leg.distance_km - distance_km(from, to)).abs() < 1e-9);
    }

    #[test]
    fn no_densified_segment_is_longer_than_asked() {
        let (from, to) = (at(FORT_LAUDERDALE), at(PULKOVO));
        let leg = great_circle(from, to, 250.0);
        let points = &leg.parts[0];
        // 8580 km in at most 250 km steps needs 35 segments.
        assert_eq!(points.len(), 36);
        for pair in points.windows(2) {
            let km = distance_km(pair[0], pair[1]);
            assert!(km <= 250.0 + 1e-6, "{km}");
        }
    }

    #[test]
    fn densified_points_lie_on_the_great_circle() {
        let (from, to) = (at(FORT_LAUDERDALE), at(PULKOVO));
        let total = distance_km(from, to);
        for p in &great_circle(from, to, 500.0).parts[0] {
            let via = distance_km(from, *p) + distance_km(*p, to);
            assert!(
                (via - total).abs() < 1e-6,
                "{p:?} is off the route by {}",
                via - total
            );
        }
    }

    #[test]
    fn a_pacific_crossing_is_split_at_the_antimeridian() {
        let (from, to) = (at(ANCHORAGE), at(TOKYO_HANEDA));
        let leg = great_circle(from, to, 100.0);
        assert_eq!(leg.parts.len(), 2);
        assert_no_long_jumps(&leg.parts);
        assert_eq!(leg.parts[0][0], from);
        assert_eq!(leg.parts[1].last(), Some(&to));

        // Westwards: the first part ends on -180, the second starts on 180, at
        // the same latitude.
        let end = leg.parts[0].last().copied().unwrap_or(from);
        let start = leg.parts[1][0];
        assert_eq!(end.x(), -180.0);
        assert_eq!(start.x(), 180.0);
        assert_eq!(end.y(), start.y());
        // The route passes south of the Bering Strait but well north of Tokyo.
        assert!((45.0..62.0).contains(&end.y()), "{end:?}");

        for part in &leg.parts {
            for pair in part.windows(2) {
                assert!(distance_km(pair[0], pair[1]) <= 100.0 + 1e-6);
            }
        }
    }

    #[test]
    fn an_eastward_pacific_crossing_ends_on_plus_180() {
        let leg = great_circle(at(TOKYO_HANEDA), at(ANCHORAGE), 100.0);
        assert_eq!(leg.parts.len(), 2);
        assert_no_long_jumps(&leg.parts);
        assert_eq!(leg.parts[0].last().map(|p| p.x()), Some(180.0));
        assert_eq!(leg.parts[1][0].x(), -180.0);
    }

    #[test]
    fn a_leg_that_does_not_cross_the_antimeridian_is_one_part() {
        for (from, to) in [(ANCHORAGE, FORT_LAUDERDALE), (PULKOVO, TOKYO_HANEDA)] {
            let leg = great_circle(at(from), at(to), 100.0);
            assert_eq!(leg.parts.len(), 1);
            assert_no_long_jumps(&leg.parts);
        }
        // Anchorage to Riyadh is 196.5° of longitude apart eastwards, so the
        // short way flies west over the Bering Sea and Siberia.
        assert_eq!(
            great_circle(at(ANCHORAGE), at(RIYADH), 100.0).parts.len(),
            2
        );
    }

    #[test]
    fn a_short_leg_is_just_its_endpoints() {
        let (from, to) = (lat_lon(59.8, 30.2), lat_lon(59.9, 30.3));
        assert_eq!(great_circle(from, to, 100.0).parts, vec![vec![from, to]]);
    }

    #[test]
    fn a_zero_length_leg_does_not_panic() {
        let p = at(RIYADH);
        let leg = great_circle(p, p, 100.0);
        assert_eq!(leg.parts, vec![vec![p, p]]);
        assert_eq!(leg.distance_km, 0.0);
        assert_eq!(partial_great_circle(p, p, 0.5, 100.0), vec![vec![p]]);
    }

    #[test]
    fn nonsensical_segment_lengths_are_bounded_instead_of_panicking() {
        let (from, to) = (at(FORT_LAUDERDALE), at(PULKOVO));
        for max_km in [0.0, -5.0, f64::NAN, 1e-9, f64::MIN_POSITIVE] {
            let leg = great_circle(from, to, max_km);
            let points = all_points(&leg.parts);
            assert_eq!(points.len(), MAX_SEGMENTS_PER_LEG + 1, "{max_km}");
            assert_eq!(points.first(), Some(&from));
            assert_eq!(points.last(), Some(&to));
        }
        let whole = great_circle(from, to, f64::INFINITY);
        assert_eq!(whole.parts, vec![vec![from, to]]);
    }

    #[test]
    fn non_finite_coordinates_do_not_panic() {
        let bad = lat_lon(f64::NAN, 10.0);
        let leg = great_circle(bad, at(RIYADH), 100.0);
        assert_eq!(all_points(&leg.parts).len(), 2);
        let _ = partial_great_circle(bad, at(RIYADH), 0.5, 100.0);
        let _ = point_along(bad, at(RIYADH), 0.5);
        let _ = bearing_at(bad, at(RIYADH), 0.5);
    }

    #[test]
    fn antipodal_points_get_a_finite_great_circle() {
        let (from, to) = (lat_lon(0.0, 0.0), lat_lon(0.0, 180.0));
        let leg = great_circle(from, to, 500.0);
        assert_no_long_jumps(&leg.parts);
        assert!((leg.distance_km - PI * EARTH_MEAN_RADIUS_KM).abs() < 1e-6);
        let points = all_points(&leg.parts);
        assert_eq!(points.first(), Some(&from));
        assert_eq!(points.last(), Some(&to));
        for pair in points.windows(2) {
            assert!(distance_km(pair[0], pair[1]) <= 500.0 + 1e-6);
        }
        let middle = point_along(from, to, 0.5);
        assert!((distance_km(from, middle) - leg.distance_km / 2.0).abs() < 1e-3);
    }

    #[test]
    fn point_along_zero_and_one_gives_the_endpoints() {
        let (from, to) = (at(ANCHORAGE), at(TOKYO_HANEDA));
        assert_eq!(point_along(from, to, 0.0), from);
        assert_eq!(point_along(from, to, 1.0), to);
        assert_eq!(point_along(from, to, -3.0), from);
        assert_eq!(point_along(from, to, 7.0), to);
        assert_eq!(point_along(from, to, f64::NAN), from);
    }

    #[test]
    fn point_along_one_half_lies_midway_on_the_great_circle() {
        for (from, to) in [
            (at(ANCHORAGE), at(TOKYO_HANEDA)),
            (at(FORT_LAUDERDALE), at(PULKOVO)),
        ] {
            let middle = point_along(from, to, 0.5);
            let (first, second) = (distance_km(from, middle), distance_km(middle, to));
            assert!((first - second).abs() < 1e-6, "{first} vs {second}");
            assert!((first + second - distance_km(from, to)).abs() < 1e-6);
        }
    }

    #[test]
    fn point_along_a_quarter_is_a_quarter_of_the_distance() {
        let (from, to) = (at(FORT_LAUDERDALE), at(PULKOVO));
        let quarter = point_along(from, to, 0.25);
        let expected = distance_km(from, to) / 4.0;
        assert!((distance_km(from, quarter) - expected).abs() < 1e-6);
    }

    #[test]
    fn a_partial_trail_follows_the_leg_and_ends_at_the_traveller() {
        let (from, to) = (at(ANCHORAGE), at(TOKYO_HANEDA));
        let full = all_points(&great_circle(from, to, 100.0).parts);
        for fraction in [0.1, 0.37, 0.5, 0.9] {
            let trail = partial_great_circle(from, to, fraction, 100.0);
            assert_no_long_jumps(&trail);
            let points = all_points(&trail);
            assert_eq!(points.first(), Some(&from));
            let here = point_along(from, to, fraction);
            assert_eq!(points.last(), Some(&here));
            // Every trail point but the traveller, and the cut on the
            // antimeridian, is a point of the full leg.
            for p in &points[..points.len() - 1] {
                assert!(
                    p.x().abs() == 180.0 || full.contains(p),
                    "{p:?} at {fraction}"
                );
            }
            let flown: f64 = points.windows(2).map(|w| distance_km(w[0], w[1])).sum();
            assert!((flown - distance_km(from, here)).abs() < 1e-2, "{fraction}");
        }
    }

    #[test]
    fn a_partial_trail_splits_once_past_the_antimeridian() {
        let (from, to) = (at(ANCHORAGE), at(TOKYO_HANEDA));
        assert_eq!(partial_great_circle(from, to, 0.1, 100.0).len(), 1);
        assert_eq!(partial_great_circle(from, to, 0.9, 100.0).len(), 2);
    }

    #[test]
    fn a_partial_trail_at_the_ends_is_nothing_or_everything() {
        let (from, to) = (at(ANCHORAGE), at(TOKYO_HANEDA));
        assert_eq!(partial_great_circle(from, to, 0.0, 100.0), vec![vec![from]]);
        assert_eq!(
            partial_great_circle(from, to, 1.0, 100.0),
            great_circle(from, to, 100.0).parts
        );
    }

    #[test]
    fn split_at_antimeridian_leaves_ordinary_lines_alone() {
        let line = [lat_lon(0.0, 0.0), lat_lon(10.0, 90.0), lat_lon(20.0, 179.0)];
        assert_eq!(split_at_antimeridian(&line), vec![line.to_vec()]);
        assert!(split_at_antimeridian(&[]).is_empty());
        assert_eq!(
            split_at_antimeridian(&[lat_lon(1.0, 2.0)]),
            vec![vec![lat_lon(1.0, 2.0)]]
        );
    }

    #[test]
    fn split_at_antimeridian_handles_several_crossings_and_wrapped_longitudes() {
        let line = [
            lat_lon(0.0, 170.0),
            lat_lon(0.0, 190.0), // = -170
            lat_lon(0.0, 160.0),
        ];
        let parts = split_at_antimeridian(&line);
        assert_eq!(parts.len(), 3);
        assert_no_long_jumps(&parts);
        assert_eq!(
            parts[1],
            vec![
                lat_lon(0.0, -180.0),
                lat_lon(0.0, -170.0),
                lat_lon(0.0, -180.0)
            ]
        );
    }

    #[test]
    fn split_at_antimeridian_does_not_leave_single_point_parts() {
        let line = [lat_lon(5.0, 180.0), lat_lon(6.0, -170.0)];
        let parts = split_at_antimeridian(&line);
        assert_eq!(
            parts,
            vec![vec![lat_lon(5.0, -180.0), lat_lon(6.0, -170.0)]]
        );
    }

    #[test]
    fn bearings_point_the_way() {
        let origin = lat_lon(0.0, 0.0);
        assert!((bearing_deg(origin, lat_lon(1.0, 0.0))).abs() < 1e-9);
        assert!((bearing_deg(origin, lat_lon(0.0, -1.0)) - 270.0).abs() < 1e-9);
        let b = bearing_deg(at(ANCHORAGE), at(TOKYO_HANEDA));
        assert!((0.0..360.0).contains(&b));
        // Anchorage to Tokyo sets off west-south-west.
        assert!((240.0..300.0).contains(&b), "{b}");
    }

    #[test]
    fn bearing_at_the_ends_is_the_initial_and_final_bearing() {
        let (from, to) = (at(FORT_LAUDERDALE), at(PULKOVO));
        assert!((bearing_at(from, to, 0.0) - bearing_deg(from, to)).abs() < 1e-9);
        let final_bearing = (bearing_deg(to, from) + 180.0).rem_euclid(360.0);
        assert!((bearing_at(from, to, 1.0) - final_bearing).abs() < 1e-9);
        // Continuous across the switch at one half.
        let before = bearing_at(from, to, 0.5);
        let after = bearing_at(from, to, 0.500_001);
        assert!((before - after).abs() < 1e-3, "{before} vs {after}");
    }

    #[test]
    fn the_bounds_of_one_point_are_that_point() {
        let p = at(RIYADH);
        let bounds = bounds_of([p]);
        assert_eq!(bounds, Some(GeoBounds::from_point(p)));
        let bounds = bounds.unwrap_or(GeoBounds::from_point(p));
        assert_eq!(bounds.center(), p);
        assert!(bounds.contains(p));
        assert_eq!(bounds.padded(0.2), bounds);
        let area = bounds.with_min_span_deg(2.0);
        assert!(area.contains(lat_lon(25.5, 47.5)));
        assert!((area.center().y() - p.y()).abs() < 1e-9);
    }

    #[test]
    fn the_bounds_of_nothing_are_none() {
        assert_eq!(bounds_of(std::iter::empty()), None);
        assert_eq!(bounds_of([lat_lon(f64::NAN, 0.0)]), None);
    }

    #[test]
    fn bounds_hold_every_point_and_ignore_wrap_around() {
        let points = [
            at(ANCHORAGE),
            at(TOKYO_HANEDA),
            at(RIYADH),
            at(FORT_LAUDERDALE),
        ];
        let bounds = bounds_of(points);
        assert_eq!(
            bounds,
            Some(GeoBounds {
                min_lat: RIYADH.0,
                max_lat: ANCHORAGE.0,
                min_lon: ANCHORAGE.1,
                max_lon: TOKYO_HANEDA.1,
            })
        );
        let bounds = bounds.unwrap_or(GeoBounds::from_point(at(RIYADH)));
        assert!(points.iter().all(|p| bounds.contains(*p)));
        assert!(!bounds.contains(lat_lon(0.0, 0.0)));
        assert!(!bounds.contains(lat_lon(40.0, 170.0)));
    }

    #[test]
    fn expanding_bounds_grows_them_to_hold_the_point() {
        let mut bounds = GeoBounds::from_point(lat_lon(0.0, 0.0));
        bounds.expand(lat_lon(-10.0, 20.0));
        bounds.expand(lat_lon(f64::INFINITY, 50.0));
        assert_eq!(
            bounds,
            GeoBounds {
                min_lat: -10.0,
                max_lat: 0.0,
                min_lon: 0.0,
                max_lon: 20.0
            }
        );
    }

    #[test]
    fn padding_stops_at_the_edges_of_the_world() {
        let bounds = GeoBounds {
            min_lat: -80.0,
            max_lat: 80.0,
            min_lon: -170.0,
            max_lon: 170.0,
        };
        let padded = bounds.padded(0.5);
        assert_eq!(
            padded,
            GeoBounds {
                min_lat: -90.0,
                max_lat: 90.0,
                min_lon: -180.0,
                max_lon: 180.0
            }
        );
        assert_eq!(bounds.padded(-1.0), bounds);
        assert_eq!(bounds.padded(f64::NAN), bounds);
    }

    #[test]
    fn the_mercator_center_is_halfway_on_the_map() {
        let bounds = GeoBounds {
            min_lat: 0.0,
            max_lat: 60.0,
            min_lon: 0.0,
            max_lon: 10.0,
        };
        let center = bounds.mercator_center();
        assert!(center.y() > 30.0);
        let halfway = (mercator_y(0.0) + mercator_y(60.0)) / 2.0;
        assert!((mercator_y(center.y()) - halfway).abs() < 1e-12);
        assert_eq!(center.x(), 5.0);
    }

    #[test]
    fn mercator_y_clamps_the_poles() {
        assert!((mercator_y(MAX_MERCATOR_LAT_DEG) - PI).abs() < 1e-9);
        assert_eq!(mercator_y(90.0), mercator_y(89.0));
        assert_eq!(mercator_y(-90.0), -mercator_y(90.0));
        assert!((inverse_mercator_y_deg(PI) - MAX_MERCATOR_LAT_DEG).abs() < 1e-9);
    }

    #[test]
    fn fit_zoom_is_smaller_for_bigger_boxes() {
        let small = GeoBounds {
            min_lat: 59.0,
            max_lat: 61.0,
            min_lon: 29.0,
            max_lon: 31.0,
        };
        let medium = GeoBounds {
            min_lat: 40.0,
            max_lat: 65.0,
            min_lon: -10.0,
            max_lon: 40.0,
        };
        let large = GeoBounds {
            min_lat: -60.0,
            max_lat: 70.0,
            min_lon: -150.0,
            max_lon: 150.0,
        };
        let zoom = |b: &GeoBounds| fit_zoom(b, 1000.0, 700.0, 256.0);
        assert!(zoom(&small) > zoom(&medium));
        assert!(zoom(&medium) > zoom(&large));
    }

    #[test]
    fn fit_zoom_fits_the_bundled_data_tightly() {
        let bounds = GeoBounds {
            min_lat: RIYADH.0,
            max_lat: ANCHORAGE.0,
            min_lon: ANCHORAGE.1,
            max_lon: RIYADH.1,
        };
        let (width_px, height_px, tile_px) = (1000.0, 700.0, 256.0);
        let zoom = fit_zoom(&bounds, width_px, height_px, tile_px);
        assert!((1.0..3.0).contains(&zoom), "{zoom}");
        // Independent check: at that zoom the box is exactly as wide as the
        // viewport (width is the limiting side here) and no taller.
        let world_px = tile_px * zoom.exp2();
        let box_width_px = world_px * bounds.lon_span_deg() / 360.0;
        let box_height_px =
            world_px * (mercator_y(bounds.max_lat) - mercator_y(bounds.min_lat)) / (2.0 * PI);
        assert!((box_width_px - width_px).abs() < 1e-6, "{box_width_px}");
        assert!(box_height_px <= height_px, "{box_height_px}");

        let padded = fit_zoom(&bounds.padded(0.1), width_px, height_px, tile_px);
        assert!(padded < zoom && padded > 1.0, "{padded}");
    }

    #[test]
    fn fit_zoom_is_clamped_for_points_and_empty_viewports() {
        let point = GeoBounds::from_point(at(RIYADH));
        assert_eq!(fit_zoom(&point, 1000.0, 700.0, 256.0), MAX_ZOOM);
        let world = GeoBounds {
            min_lat: -90.0,
            max_lat: 90.0,
            min_lon: -180.0,
            max_lon: 180.0,
        };
        assert_eq!(fit_zoom(&world, 0.0, 0.0, 256.0), MIN_ZOOM);
        assert_eq!(fit_zoom(&world, f64::NAN, 700.0, 256.0), MIN_ZOOM);
        assert_eq!(
            fit_zoom_within(&point, 1000.0, 700.0, 256.0, 12.0, 2.0),
            12.0
        );
        let area = point.with_min_span_deg(1.0);
        let z = fit_zoom(&area, 1000.0, 700.0, 256.0);
        assert!((8.0..11.0).contains(&z), "{z}");
    }
}
