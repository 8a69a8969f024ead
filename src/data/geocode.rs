//! Offline geocoding of free-text places (placeholder until the full geocoder lands).

use chrono_tz::Tz;

use super::gazetteer::{Gazetteer, GazetteerCity};
pub use super::stay::GeocodeStatus;
use crate::geodesy::Point;

/// A place the geocoder can answer with.
#[derive(Clone, Debug, PartialEq)]
pub struct GeoMatch {
    pub geonames_id: u32,
    pub name: String,
    pub country: String,
    pub country_code: String,
    pub position: Point,
    pub tz: Tz,
    pub population: u32,
}

/// The answer for one place text.
#[derive(Clone, Debug, PartialEq)]
pub struct Geocoded {
    pub status: GeocodeStatus,
    pub place: Option<GeoMatch>,
    pub candidates: Vec<GeoMatch>,
    pub others: Vec<String>,
    pub reason: Option<String>,
}

/// The geocoder.
pub struct Geocoder {
    gazetteer: &'static Gazetteer,
}

static BUNDLED: std::sync::LazyLock<Geocoder> = std::sync::LazyLock::new(|| Geocoder {
    gazetteer: Gazetteer::bundled(),
});

fn city_match(c: &GazetteerCity) -> GeoMatch {
    GeoMatch {
        geonames_id: 0,
        name: c.name.clone(),
        country: c.country.clone(),
        country_code: String::new(),
        position: c.position,
        tz: c.tz,
        population: c.population,
    }
}

impl Geocoder {
    pub fn bundled() -> &'static Self {
        &BUNDLED
    }

    pub fn suggest(&self, query: &str, limit: usize) -> Vec<GeoMatch> {
        self.gazetteer
            .search(query, limit)
            .into_iter()
            .map(city_match)
            .collect()
    }

    pub fn resolve(&self, place_text: &str, country_text: Option<&str>) -> Geocoded {
        let mut all = self.resolve_each(place_text, country_text);
        let first = all
            .iter()
            .position(|g| g.place.is_some())
            .unwrap_or_default();
        let mut g = if all.is_empty() {
            Geocoded {
                status: GeocodeStatus::Unresolved,
                place: None,
                candidates: Vec::new(),
                others: Vec::new(),
                reason: Some("no place".into()),
            }
        } else {
            all.remove(first)
        };
        g.others = place_text
            .split([',', ';'])
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .skip(1)
            .map(str::to_owned)
            .collect();
        g
    }

    pub fn resolve_each(&self, place_text: &str, _country_text: Option<&str>) -> Vec<Geocoded> {
        place_text
            .split([',', ';'])
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(|t| {
                let found = self.gazetteer.search(t, 1).into_iter().next().map(city_match);
                Geocoded {
                    status: if found.is_some() {
                        GeocodeStatus::Exact
                    } else {
                        GeocodeStatus::Unresolved
                    },
                    place: found,
                    candidates: Vec::new(),
                    others: Vec::new(),
                    reason: None,
                }
            })
            .collect()
    }
}
