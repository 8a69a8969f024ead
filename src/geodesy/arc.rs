//! One great-circle arc, set up once and then walked cheaply, and its bounding box worked out exactly.
//!
//! A map of a million records has a hundred thousand routes. Densifying each with an interpolation of
//! its own per point (half a dozen trigonometric calls) took seconds before the first frame, and keeping
//! every point took hundreds of megabytes. A [`GreatArc`] holds the arc's plane instead (its start and
//! the unit tangent there, as 3-D vectors), so a point along it is one `sin_cos` and a conversion back to
//! degrees (or straight to Web-Mercator units), and its bounds come from the arc's vertex without a
//! single point.
//!
//! The points are those of the spherical interpolation geo's `Haversine` makes (the same sphere), to
//! rounding; nearly antipodal ends, whose plane is not defined by them, use that interpolation itself.

use std::f64::consts::TAU;

use super::{
    GeoBounds, MAX_MERCATOR_LAT_DEG, NEAR_ANTIPODAL_RAD, Point, interpolate, lon_lat,
    web_mercator_unit, wrap_lon_deg,
};

/// A great-circle arc from one point to another, the short way round.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct GreatArc {
    from: Point,
    to: Point,
    /// `from` as a unit vector (x towards 0° 0°, z towards the north pole).
    a: [f64; 3],
    /// The unit vector along the arc at `from`, at right angles to `a`, in the arc's plane.
    t: [f64; 3],
    /// The arc's angle in radians.
    angle: f64,
    /// The ends are (nearly) antipodal, or not finite: points come from [`interpolate`].
    slow: bool,
}

impl GreatArc {
    /// The arc from `from` to `to`, positions in degrees.
    #[must_use]
    pub fn new(from: Point, to: Point) -> Self {
        let a = unit_vector(from);
        let b = unit_vector(to);
        let cos_angle = dot(a, b);
        let angle = norm(cross(a, b)).atan2(cos_angle);
        // The part of b at right angles to a, made unit: the direction of travel at `from`.
        let along = [0, 1, 2].map(|i| b[i] - a[i] * cos_angle);
        let length = norm(along);
        let finite = a.iter().chain(&b).all(|c| c.is_finite());
        let slow = !finite || angle >= NEAR_ANTIPODAL_RAD;
        let t = if length > 0.0 && finite {
            along.map(|c| c / length)
        } else {
            [0.0; 3]
        };
        Self {
            from,
            to,
            a,
            t,
            angle: if angle.is_finite() { angle } else { 0.0 },
            slow,
        }
    }

    /// The arc's length as an angle at the Earth's centre, in radians (`0..=π`).
    #[must_use]
    pub fn angle_rad(&self) -> f64 {
        self.angle
    }

    /// The point `fraction` (`0..=1`) of the way along; exactly `from` at 0 and `to` at 1.
    #[must_use]
    pub fn at(&self, fraction: f64) -> Point {
        if fraction <= 0.0 || fraction.is_nan() {
            self.from
        } else if fraction >= 1.0 {
            self.to
        } else if self.slow {
            interpolate(self.from, self.to, fraction)
        } else {
            to_point(self.vector_at(fraction))
        }
    }

    /// The unit vector `fraction` of the way along the arc's plane (not for `slow` arcs).
    fn vector_at(&self, fraction: f64) -> [f64; 3] {
        let (sin, cos) = (self.angle * fraction).sin_cos();
        [0, 1, 2].map(|i| self.a[i].mul_add(cos, self.t[i] * sin))
    }

    /// `segments + 1` evenly spaced points from `from` to `to` (`segments` at least 1), those two
    /// exactly at the ends.
    pub fn points(&self, segments: usize) -> impl Iterator<Item = Point> + '_ {
        let segments = segments.max(1);
        (0..=segments).map(move |i| self.at(i as f64 / segments as f64))
    }

    /// The points of [`GreatArc::points`] in Web-Mercator unit coordinates
    /// ([`super::web_mercator_unit`]), split at the antimeridian as [`super::split_at_antimeridian`]
    /// splits: `f(starts_a_part, unit)` for each, where a cut ends one part on its edge of the map and
    /// starts the next on the other, at the latitude between. Nothing is allocated: the flow layer
    /// walks every route of a year this way whenever the view changes.
    pub fn for_each_unit(&self, segments: usize, mut f: impl FnMut(bool, [f64; 2])) {
        let segments = segments.max(1);
        let z_limit = MAX_MERCATOR_LAT_DEG.to_radians().sin();
        let mut previous: Option<[f64; 2]> = None;
        for i in 0..=segments {
            let u = if i == 0 {
                web_mercator_unit(self.from)
            } else if i == segments {
                web_mercator_unit(self.to)
            } else if self.slow {
                web_mercator_unit(self.at(i as f64 / segments as f64))
            } else {
                unit_of(self.vector_at(i as f64 / segments as f64), z_limit)
            };
            match previous {
                None => f(true, u),
                Some(q) if (u[0] - q[0]).abs() > 0.5 => {
                    // Eastwards over 180° when x jumps back to the west edge, and the other way.
                    let (edge, other) = if u[0] < q[0] { (1.0, 0.0) } else { (0.0, 1.0) };
                    let unwrapped = u[0] + (edge - other);
                    let span = unwrapped - q[0];
                    let t = if span == 0.0 {
                        0.0
                    } else {
                        ((edge - q[0]) / span).clamp(0.0, 1.0)
                    };
                    let y = (u[1] - q[1]).mul_add(t, q[1]);
                    f(false, [edge, y]);
                    f(true, [other, y]);
                    f(false, u);
                }
                Some(_) => f(false, u),
            }
            previous = Some(u);
        }
    }

    /// The smallest latitude/longitude box holding the whole arc: its ends, and the northernmost or
    /// southernmost point of its great circle where the arc passes it. An arc that crosses the
    /// antimeridian, or passes over a pole, spans every longitude (boxes do not wrap).
    #[must_use]
    pub fn bounds(&self) -> GeoBounds {
        let mut bounds = GeoBounds::from_point(self.from);
        bounds.expand(self.to);
        if self.slow {
            // No plane: the same box the points themselves give.
            for p in self.points(64) {
                bounds.expand(p);
            }
            return bounds;
        }
        let b = unit_vector(self.to);
        let n = cross(self.a, b);
        let n_len = norm(n);
        if n_len <= f64::EPSILON {
            return bounds;
        }
        let n = n.map(|c| c / n_len);
        // The top of the great circle: the pole's direction less its part along the plane's normal.
        let top = [-n[2] * n[0], -n[2] * n[1], 1.0 - n[2] * n[2]];
        let top_len = norm(top);
        let mut over_a_pole = false;
        if top_len > f64::EPSILON {
            for v in [top.map(|c| c / top_len), top.map(|c| -c / top_len)] {
                // On the arc when it lies between the ends as seen round the normal.
                if dot(cross(self.a, v), n) >= 0.0 && dot(cross(v, b), n) >= 0.0 {
                    let p = to_point(v);
                    bounds.min_lat = bounds.min_lat.min(p.y());
                    bounds.max_lat = bounds.max_lat.max(p.y());
                    over_a_pole |= v[2].abs() >= 1.0 - 1e-12;
                }
            }
        }
        // Longitude changes one way along the arc: east when the normal points north.
        let (lon_a, lon_b) = (wrap_lon_deg(self.from.x()), wrap_lon_deg(self.to.x()));
        let crosses = if n[2] > 0.0 {
            lon_a + (lon_b - lon_a).rem_euclid(360.0) > 180.0
        } else if n[2] < 0.0 {
            lon_a - (lon_a - lon_b).rem_euclid(360.0) < -180.0
        } else {
            over_a_pole
        };
        if crosses || over_a_pole {
            bounds.min_lon = -180.0;
            bounds.max_lon = 180.0;
        }
        bounds
    }
}

fn unit_vector(p: Point) -> [f64; 3] {
    let (sin_lat, cos_lat) = p.y().to_radians().sin_cos();
    let (sin_lon, cos_lon) = p.x().to_radians().sin_cos();
    [cos_lat * cos_lon, cos_lat * sin_lon, sin_lat]
}

/// Web-Mercator unit coordinates of a unit vector, without going through degrees:
/// `atanh(sin φ)` is `asinh(tan φ)`, the Mercator `y`; `z_limit` is the sine of the map's last
/// latitude, [`MAX_MERCATOR_LAT_DEG`].
fn unit_of([x, y, z]: [f64; 3], z_limit: f64) -> [f64; 2] {
    [
        0.5 + y.atan2(x) / TAU,
        0.5 - z.clamp(-z_limit, z_limit).atanh() / TAU,
    ]
}

fn to_point([x, y, z]: [f64; 3]) -> Point {
    lon_lat(y.atan2(x).to_degrees(), z.atan2(x.hypot(y)).to_degrees())
}

fn cross(a: [f64; 3], b: [f64; 3]) -> [f64; 3] {
    [
        a[1] * b[2] - a[2] * b[1],
        a[2] * b[0] - a[0] * b[2],
        a[0] * b[1] - a[1] * b[0],
    ]
}

fn dot(a: [f64; 3], b: [f64; 3]) -> f64 {
    a[0] * b[0] + a[1] * b[1] + a[2] * b[2]
}

fn norm(v: [f64; 3]) -> f64 {
    dot(v, v).sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geodesy::{bounds_of, distance_km, lat_lon, point_along};

    /// Deterministic pseudo-random positions over the whole globe.
    fn positions(n: usize) -> Vec<Point> {
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = move || {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (state >> 11) as f64 / (1u64 << 53) as f64
        };
        (0..n)
            .map(|_| lat_lon(next() * 170.0 - 85.0, next() * 360.0 - 180.0))
            .collect()
    }

    #[test]
    fn points_are_the_spherical_interpolation_with_exact_ends() {
        let places = positions(400);
        for pair in places.chunks(2) {
            let (from, to) = (pair[0], pair[1]);
            let arc = GreatArc::new(from, to);
            let points: Vec<Point> = arc.points(10).collect();
            assert_eq!(points.len(), 11);
            assert_eq!(points[0], from);
            assert_eq!(points[10], to);
            for (i, p) in points.iter().enumerate() {
                let expected = point_along(from, to, i as f64 / 10.0);
                assert!(
                    distance_km(*p, expected) < 1e-6,
                    "{from:?} → {to:?} at {i}/10: {p:?}, not {expected:?}"
                );
            }
            let km = distance_km(from, to);
            assert!((arc.angle_rad() * super::super::EARTH_MEAN_RADIUS_KM - km).abs() < 1e-6);
        }
    }

    #[test]
    fn bounds_hold_the_arc_and_no_more_than_it() {
        let places = positions(2000);
        for pair in places.chunks(2) {
            let arc = GreatArc::new(pair[0], pair[1]);
            let exact = arc.bounds();
            let dense: Vec<Point> = arc.points(4000).collect();
            let walked = bounds_of(
                super::super::split_at_antimeridian(&dense)
                    .into_iter()
                    .flatten(),
            )
            .expect("finite points");
            let tolerance = 1e-9;
            assert!(
                exact.min_lat <= walked.min_lat + tolerance
                    && exact.max_lat >= walked.max_lat - tolerance
                    && exact.min_lon <= walked.min_lon + tolerance
                    && exact.max_lon >= walked.max_lon - tolerance,
                "{:?} → {:?}: {exact:?} does not hold {walked:?}",
                pair[0],
                pair[1]
            );
            // 4,000 steps come within a hundredth of a degree of the top of the arc.
            assert!(
                (exact.max_lat - walked.max_lat).abs() < 0.01
                    && (exact.min_lat - walked.min_lat).abs() < 0.01
                    && (exact.min_lon - walked.min_lon).abs() < 0.01
                    && (exact.max_lon - walked.max_lon).abs() < 0.01,
                "{:?} → {:?}: {exact:?} is wider than {walked:?}",
                pair[0],
                pair[1]
            );
        }
    }

    #[test]
    fn bounds_of_arcs_over_a_pole_across_the_antimeridian_and_of_one_point() {
        // Along the 0° / 180° meridian over the north pole.
        let polar = GreatArc::new(lat_lon(80.0, 0.0), lat_lon(80.0, 180.0)).bounds();
        assert!((polar.max_lat - 90.0).abs() < 1e-9, "{polar:?}");
        assert_eq!((polar.min_lon, polar.max_lon), (-180.0, 180.0));
        // Anchorage → Tokyo crosses 180°; Tokyo → Anchorage too, the other way.
        for (a, b) in [
            ((61.25, -149.8), (35.55, 139.78)),
            ((35.55, 139.78), (61.25, -149.8)),
        ] {
            let crossing = GreatArc::new(lat_lon(a.0, a.1), lat_lon(b.0, b.1)).bounds();
            assert_eq!((crossing.min_lon, crossing.max_lon), (-180.0, 180.0));
        }
        // Fort Lauderdale → St Petersburg does not; its top is north of both ends.
        let atlantic = GreatArc::new(lat_lon(26.07, -80.15), lat_lon(59.8, 30.26)).bounds();
        assert_eq!((atlantic.min_lon, atlantic.max_lon), (-80.15, 30.26));
        assert!(
            atlantic.max_lat > 59.8 && atlantic.min_lat == 26.07,
            "{atlantic:?}"
        );
        let here = lat_lon(10.0, 20.0);
        assert_eq!(
            GreatArc::new(here, here).bounds(),
            GeoBounds::from_point(here)
        );
        assert_eq!(GreatArc::new(here, here).points(3).count(), 4);
    }

    #[test]
    fn walked_units_are_the_split_points_projected() {
        let places = positions(600);
        for pair in places.chunks(2) {
            let arc = GreatArc::new(pair[0], pair[1]);
            let points: Vec<Point> = arc.points(40).collect();
            let expected: Vec<Vec<[f64; 2]>> = super::super::split_at_antimeridian(&points)
                .iter()
                .map(|part| part.iter().map(|p| web_mercator_unit(*p)).collect())
                .collect();
            let mut walked: Vec<Vec<[f64; 2]>> = Vec::new();
            arc.for_each_unit(40, |starts, u| {
                if starts {
                    walked.push(Vec::new());
                }
                walked.last_mut().expect("a part was started").push(u);
            });
            assert_eq!(
                walked.len(),
                expected.len(),
                "{:?} → {:?}",
                pair[0],
                pair[1]
            );
            for (w, e) in walked.iter().zip(&expected) {
                assert_eq!(w.len(), e.len(), "{:?} → {:?}", pair[0], pair[1]);
                for (a, b) in w.iter().zip(e) {
                    // Cut points interpolate y where the degrees interpolate latitude: close, not equal.
                    let on_a_cut = a[0] == 0.0 || a[0] == 1.0;
                    let tolerance = if on_a_cut { 1e-2 } else { 1e-9 };
                    assert!(
                        (a[0] - b[0]).abs() < 1e-9 && (a[1] - b[1]).abs() < tolerance,
                        "{:?} → {:?}: {a:?} against {b:?}",
                        pair[0],
                        pair[1]
                    );
                }
            }
        }
    }

    #[test]
    fn antipodal_and_non_finite_ends_do_not_panic() {
        let arc = GreatArc::new(lat_lon(0.0, 0.0), lat_lon(0.0, 180.0));
        assert!(
            arc.points(8)
                .all(|p| p.x().is_finite() && p.y().is_finite())
        );
        let bad = GreatArc::new(lat_lon(f64::NAN, 0.0), lat_lon(10.0, 10.0));
        let _ = bad.bounds();
        assert_eq!(bad.points(4).count(), 5);
    }
}
