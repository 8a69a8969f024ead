//! Names on the basemap: oceans and the larger countries at world zoom, smaller countries and capitals
//! as the view closes in.
//!
//! Country names and the points they are placed at come from Natural Earth 1:110m
//! (`assets/basemap/labels.tsv`, made by `labels.mjs` there); oceans and capitals are small tables
//! here. They are drawn as egui text over the tiles rather than into them, so they stay upright and
//! sharp at every zoom and can give way to the data: the data's markers and labels are placed first,
//! and a name that would touch one of them, or another name, is left out. Bigger places come first.

use std::sync::LazyLock;

use egui::{Align2, FontId, Pos2, Rect, Shape, Stroke, Vec2};
use walkers::Projector;

use crate::geodesy::{self, Point};
use crate::style;

/// Country names from Natural Earth (name, longitude, latitude, area), largest first.
static COUNTRIES_TSV: &str = include_str!("../../assets/basemap/labels.tsv");

/// What a name names; it decides the look and the zooms it shows at.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Kind {
    Ocean,
    /// A country, with its area in km².
    Country {
        area_km2: f64,
    },
    Capital,
}

/// A name on the basemap.
#[derive(Clone, Debug, PartialEq)]
pub struct PlaceName {
    pub name: &'static str,
    pub position: Point,
    pub kind: Kind,
}

impl PlaceName {
    /// Whether the name is shown at `zoom`: oceans far out, countries by size, capitals closer in.
    pub fn shown_at(&self, zoom: f64) -> bool {
        match self.kind {
            Kind::Ocean => zoom < 5.0,
            Kind::Country { area_km2 } => {
                let from = if area_km2 >= 1_000_000.0 {
                    0.0
                } else if area_km2 >= 250_000.0 {
                    2.8
                } else if area_km2 >= 40_000.0 {
                    3.8
                } else {
                    5.0
                };
                (from..9.0).contains(&zoom)
            }
            Kind::Capital => zoom >= 4.0,
        }
    }
}

/// Oceans, with a second point for the Pacific and Atlantic, which the world view shows split or long.
const OCEANS: &[(&str, f64, f64)] = &[
    ("Pacific Ocean", 0.0, -150.0),
    ("Pacific Ocean", 10.0, 160.0),
    ("Atlantic Ocean", 28.0, -42.0),
    ("Atlantic Ocean", -28.0, -18.0),
    ("Indian Ocean", -22.0, 78.0),
    ("Arctic Ocean", 80.0, -10.0),
    ("Southern Ocean", -62.0, 40.0),
];

/// Capitals: name, latitude, longitude.
const CAPITALS: &[(&str, f64, f64)] = &[
    ("Washington", 38.90, -77.04),
    ("Ottawa", 45.42, -75.70),
    ("Mexico City", 19.43, -99.13),
    ("Havana", 23.13, -82.38),
    ("Bogotá", 4.71, -74.07),
    ("Caracas", 10.49, -66.88),
    ("Lima", -12.05, -77.04),
    ("Brasília", -15.79, -47.88),
    ("Buenos Aires", -34.60, -58.38),
    ("Santiago", -33.45, -70.67),
    ("London", 51.51, -0.13),
    ("Dublin", 53.35, -6.26),
    ("Paris", 48.86, 2.35),
    ("Madrid", 40.42, -3.70),
    ("Lisbon", 38.72, -9.14),
    ("Brussels", 50.85, 4.35),
    ("Amsterdam", 52.37, 4.90),
    ("Berlin", 52.52, 13.40),
    ("Bern", 46.95, 7.45),
    ("Rome", 41.90, 12.50),
    ("Vienna", 48.21, 16.37),
    ("Prague", 50.08, 14.44),
    ("Warsaw", 52.23, 21.01),
    ("Copenhagen", 55.68, 12.57),
    ("Oslo", 59.91, 10.75),
    ("Stockholm", 59.33, 18.07),
    ("Helsinki", 60.17, 24.94),
    ("Tallinn", 59.44, 24.75),
    ("Riga", 56.95, 24.11),
    ("Vilnius", 54.69, 25.28),
    ("Minsk", 53.90, 27.57),
    ("Kyiv", 50.45, 30.52),
    ("Chișinău", 47.01, 28.86),
    ("Bucharest", 44.43, 26.10),
    ("Budapest", 47.50, 19.04),
    ("Belgrade", 44.79, 20.45),
    ("Sofia", 42.70, 23.32),
    ("Athens", 37.98, 23.73),
    ("Ankara", 39.93, 32.86),
    ("Moscow", 55.76, 37.62),
    ("Tbilisi", 41.72, 44.79),
    ("Yerevan", 40.18, 44.51),
    ("Baku", 40.41, 49.87),
    ("Astana", 51.17, 71.45),
    ("Tehran", 35.69, 51.39),
    ("Baghdad", 33.31, 44.36),
    ("Damascus", 33.51, 36.29),
    ("Beirut", 33.89, 35.50),
    ("Jerusalem", 31.77, 35.21),
    ("Amman", 31.95, 35.93),
    ("Cairo", 30.04, 31.24),
    ("Riyadh", 24.71, 46.68),
    ("Doha", 25.29, 51.53),
    ("Abu Dhabi", 24.45, 54.38),
    ("Muscat", 23.59, 58.41),
    ("Kabul", 34.56, 69.21),
    ("Islamabad", 33.68, 73.05),
    ("New Delhi", 28.61, 77.21),
    ("Beijing", 39.90, 116.41),
    ("Seoul", 37.57, 126.98),
    ("Pyongyang", 39.04, 125.76),
    ("Tokyo", 35.68, 139.69),
    ("Bangkok", 13.76, 100.50),
    ("Hanoi", 21.03, 105.85),
    ("Jakarta", -6.21, 106.85),
    ("Canberra", -35.28, 149.13),
    ("Wellington", -41.29, 174.78),
    ("Pretoria", -25.75, 28.19),
    ("Nairobi", -1.29, 36.82),
    ("Addis Ababa", 9.03, 38.74),
    ("Abuja", 9.08, 7.40),
    ("Algiers", 36.75, 3.06),
    ("Rabat", 34.02, -6.83),
];

/// Every name, oceans first, then countries (largest first), then capitals.
pub static NAMES: LazyLock<Vec<PlaceName>> = LazyLock::new(|| {
    let oceans = OCEANS.iter().map(|(name, lat, lon)| PlaceName {
        name,
        position: geodesy::lat_lon(*lat, *lon),
        kind: Kind::Ocean,
    });
    let capitals = CAPITALS.iter().map(|(name, lat, lon)| PlaceName {
        name,
        position: geodesy::lat_lon(*lat, *lon),
        kind: Kind::Capital,
    });
    oceans
        .chain(parse_countries(COUNTRIES_TSV))
        .chain(capitals)
        .collect()
});

/// The countries of `labels.tsv`. A malformed line is skipped (and logged): the file is ours and tested.
fn parse_countries(text: &'static str) -> impl Iterator<Item = PlaceName> {
    text.lines().skip(1).filter_map(|line| {
        let mut fields = line.split('\t');
        let (Some(name), Some(lon), Some(lat), Some(area)) =
            (fields.next(), fields.next(), fields.next(), fields.next())
        else {
            log::warn!("skipped a country name: {line:?}");
            return None;
        };
        // The file is longitude first, like GeoJSON.
        let (Ok(lon), Ok(lat), Ok(area_km2)) = (lon.parse(), lat.parse(), area.parse()) else {
            log::warn!("skipped a country name: {line:?}");
            return None;
        };
        Some(PlaceName {
            name,
            position: geodesy::lat_lon(lat, lon),
            kind: Kind::Country { area_km2 },
        })
    })
}

/// Lays out the names shown at the projector's zoom that fit: inside the view, clear of `occupied`
/// (the data's marks, extended with each name placed). Returns the shapes, to be painted under the
/// data, and the names placed.
pub fn place_names(
    projector: &Projector,
    painter: &egui::Painter,
    occupied: &mut Vec<Rect>,
) -> (Vec<Shape>, Vec<&'static str>) {
    let zoom = projector.zoom();
    let view = projector.clip_rect();
    let mut shapes = Vec::new();
    let mut placed = Vec::new();
    for name in NAMES.iter().filter(|n| n.shown_at(zoom)) {
        let at: Pos2 = projector.project(name.position).to_pos2();
        if !view.contains(at) {
            continue;
        }
        let (font, color, text) = match name.kind {
            Kind::Ocean => (
                FontId::proportional(style::OCEAN_NAME_SIZE),
                style::OCEAN_NAME,
                name.name.to_owned(),
            ),
            Kind::Country { .. } => (
                FontId::proportional(style::COUNTRY_NAME_SIZE),
                style::COUNTRY_NAME,
                name.name.to_uppercase(),
            ),
            Kind::Capital => (
                FontId::proportional(style::CAPITAL_NAME_SIZE),
                style::CAPITAL_NAME,
                name.name.to_owned(),
            ),
        };
        let galley = painter.layout_no_wrap(text, font, color);
        let (rect, anchor) = if name.kind == Kind::Capital {
            let rect = Align2::LEFT_CENTER.anchor_size(at + Vec2::new(5.0, 0.0), galley.size());
            (
                rect.union(Rect::from_center_size(at, Vec2::splat(5.0))),
                rect.min,
            )
        } else {
            let rect = Align2::CENTER_CENTER.anchor_size(at, galley.size());
            (rect, rect.min)
        };
        if !view.contains_rect(rect) || occupied.iter().any(|r| r.intersects(rect)) {
            continue;
        }
        if name.kind == Kind::Capital {
            shapes.push(Shape::circle_filled(at, 2.0, style::CAPITAL_NAME));
            shapes.push(Shape::circle_stroke(
                at,
                2.0,
                Stroke::new(1.0, style::LABEL_HALO),
            ));
        }
        shapes.push(Shape::galley(anchor, galley, color));
        occupied.push(rect.expand(3.0));
        placed.push(name.name);
    }
    (shapes, placed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_country_of_the_file_is_read_largest_first() {
        let countries: Vec<&PlaceName> = NAMES
            .iter()
            .filter(|n| matches!(n.kind, Kind::Country { .. }))
            .collect();
        assert_eq!(countries.len(), COUNTRIES_TSV.lines().count() - 1);
        assert_eq!(countries.first().map(|c| c.name), Some("Russia"));
        let france = countries.iter().find(|c| c.name == "France").unwrap();
        assert!((france.position.y() - 47.0).abs() < 3.0, "latitude second");
        assert!((france.position.x() - 2.5).abs() < 3.0, "longitude first");
    }

    #[test]
    fn oceans_show_far_out_and_capitals_only_closer_in() {
        let find = |name| NAMES.iter().find(|n| n.name == name).unwrap();
        assert!(find("Indian Ocean").shown_at(1.0));
        assert!(!find("Indian Ocean").shown_at(7.0));
        assert!(find("Russia").shown_at(1.0));
        assert!(!find("Switzerland").shown_at(2.0));
        assert!(find("Switzerland").shown_at(5.5));
        assert!(!find("Ankara").shown_at(2.5));
        assert!(find("Ankara").shown_at(5.0));
    }
}
