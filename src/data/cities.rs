//! Cities: the places of a dataset grouped by their `city`, one map marker each.
//!
//! Reports name a city ("talks in Istanbul") more often than a venue, and several venues of one city sit
//! within a few hundred metres of each other, so the map shows, and the user clicks, cities. A city's
//! position is its first place's; its time zone is its first place's.

use chrono_tz::Tz;

use super::{Dataset, LegIdx, MeetingIdx, PlaceIdx, StayIdx};
use crate::geodesy::Point;

/// Index into [`Cities::list`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CityIdx(pub u32);

/// One marker on the map.
#[derive(Clone, Debug, PartialEq)]
pub struct City {
    pub name: String,
    pub country: String,
    pub position: Point,
    pub tz: Tz,
    pub places: Vec<PlaceIdx>,
    /// Meetings held at any of its places, oldest first.
    pub meetings: Vec<MeetingIdx>,
    /// Stays at any of its places, oldest first: who was here, when.
    pub stays: Vec<StayIdx>,
    /// Legs from or to any of its places, in the dataset's order.
    pub legs: Vec<LegIdx>,
}

/// All cities of a dataset, in order of first appearance among the places.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Cities {
    pub list: Vec<City>,
    /// The city of each place, by place index.
    pub of_place: Vec<CityIdx>,
}

impl Cities {
    pub fn new(d: &Dataset) -> Self {
        let mut list: Vec<City> = Vec::new();
        let mut by_name = std::collections::HashMap::new();
        let mut of_place = Vec::with_capacity(d.places.len());
        for (i, p) in d.places.iter().enumerate() {
            let idx = *by_name.entry(p.city.clone()).or_insert_with(|| {
                list.push(City {
                    name: p.city.clone(),
                    country: p.country.clone(),
                    position: p.position,
                    tz: p.tz,
                    places: Vec::new(),
                    meetings: Vec::new(),
                    stays: Vec::new(),
                    legs: Vec::new(),
                });
                CityIdx((list.len() - 1) as u32)
            });
            if let Some(city) = list.get_mut(idx.0 as usize) {
                city.places.push(PlaceIdx(i as u32));
            }
            of_place.push(idx);
        }
        for (i, m) in d.meetings.iter().enumerate() {
            if let Some(city) = of_place
                .get(m.place.index())
                .and_then(|c| list.get_mut(c.0 as usize))
            {
                city.meetings.push(MeetingIdx(i as u32));
            }
        }
        for (i, st) in d.stays.iter().enumerate() {
            if let Some(city) = st
                .place
                .and_then(|p| of_place.get(p.index()))
                .and_then(|c| list.get_mut(c.0 as usize))
            {
                city.stays.push(StayIdx(i as u32));
            }
        }
        for (i, leg) in d.legs.iter().enumerate() {
            let ends = [leg.from, leg.to].map(|p| of_place.get(p.index()).copied());
            for (k, city) in ends.iter().enumerate() {
                // A leg within one city is listed once.
                if k == 1 && ends[0] == ends[1] {
                    continue;
                }
                if let Some(city) = city.and_then(|c| list.get_mut(c.0 as usize)) {
                    city.legs.push(LegIdx(i as u32));
                }
            }
        }
        for city in &mut list {
            city.meetings
                .sort_by_key(|m| d.meetings.get(m.index()).map(|m| m.start.start_utc));
            city.stays
                .sort_by_key(|s| d.stays.get(s.index()).map(|s| s.start.start_utc));
        }
        Self { list, of_place }
    }

    pub fn get(&self, idx: CityIdx) -> Option<&City> {
        self.list.get(idx.0 as usize)
    }

    pub fn of(&self, place: PlaceIdx) -> Option<CityIdx> {
        self.of_place.get(place.index()).copied()
    }

    pub fn find(&self, name: &str) -> Option<CityIdx> {
        self.list
            .iter()
            .position(|c| c.name == name)
            .map(|i| CityIdx(i as u32))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moscow_groups_its_venues_and_lists_meetings_oldest_first() {
        let d = crate::data::bundled().unwrap();
        let cities = Cities::new(&d);
        let moscow = cities.get(cities.find("Moscow").unwrap()).unwrap();
        assert!(moscow.places.len() >= 2, "Kremlin and Vnukovo at least");
        let starts: Vec<_> = moscow
            .meetings
            .iter()
            .map(|m| d.meetings[m.index()].start.start_utc)
            .collect();
        assert!(starts.windows(2).all(|w| w[0] <= w[1]));
        let first = d.meetings[moscow.meetings[0].index()]
            .start
            .display_in(moscow.tz);
        assert!(first.contains("11 Feb 2025"), "{first}");
    }
}
