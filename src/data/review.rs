//! Reviewing free-text places that did not geocode cleanly: the texts grouped, and the edit that places
//! every stay with one text at once.
//!
//! A spreadsheet of a thousand trips may have a dozen place texts the gazetteer could not settle
//! ("Salisbury" without a country, "aboard USS Missouri"), each on many rows. The user decides once per
//! text, not once per row, and the decision is one undoable [`Edit::Batch`]: the place added if it is new,
//! then every stay with that text moved to it.

use std::collections::HashMap;

use super::edit::Edit;
use super::{Candidate, Dataset, GeocodeStatus, Place, PlaceIdx, StayIdx};

/// The stays that share one flagged place text.
#[derive(Clone, Debug, PartialEq)]
pub struct ReviewGroup {
    pub place_text: String,
    pub country_text: Option<String>,
    pub status: GeocodeStatus,
    /// Why it was flagged, as the geocoder said.
    pub reason: Option<String>,
    pub stays: Vec<StayIdx>,
    /// The places the gazetteer offered (ambiguous texts).
    pub candidates: Vec<Candidate>,
}

/// The place texts that need a person's decision (ambiguous or unresolved), most stays first, then by
/// text.
pub fn review_groups(d: &Dataset) -> Vec<ReviewGroup> {
    let mut groups: Vec<ReviewGroup> = Vec::new();
    let mut by_text: HashMap<(&str, Option<&str>), usize> = HashMap::new();
    for (i, st) in d.stays.iter().enumerate() {
        let Some(g) = st.geocode.as_ref().filter(|g| g.status.needs_review()) else {
            continue;
        };
        let key = (g.place_text.as_str(), g.country_text.as_deref());
        let at = *by_text.entry(key).or_insert_with(|| {
            groups.push(ReviewGroup {
                place_text: g.place_text.clone(),
                country_text: g.country_text.clone(),
                status: g.status,
                reason: g.reason.clone(),
                stays: Vec::new(),
                candidates: g.candidates.clone(),
            });
            groups.len() - 1
        });
        if let Some(group) = groups.get_mut(at) {
            group.stays.push(StayIdx(i as u32));
        }
    }
    groups.sort_by(|a, b| {
        b.stays
            .len()
            .cmp(&a.stays.len())
            .then_with(|| a.place_text.cmp(&b.place_text))
    });
    groups
}

/// The place a user chose for a text: one of the dataset's, or a new one (a candidate, or a gazetteer
/// suggestion) with the GeoNames id it came from (0 when none).
#[derive(Clone, Debug, PartialEq)]
pub enum Choice {
    Existing(PlaceIdx),
    New(Place, u32),
}

impl Choice {
    /// A candidate the geocoder offered, as a new place; `None` if its zone is unknown.
    pub fn of_candidate(c: &Candidate) -> Option<Self> {
        let tz = c.tz.parse().ok()?;
        let place = Place {
            id: String::new(),
            name: c.name.clone(),
            city: c.name.clone(),
            country: c.country.clone(),
            position: crate::geodesy::lat_lon(c.lat, c.lon),
            tz,
            accuracy: Some("city (gazetteer)".into()),
        };
        Some(Self::New(place, c.geonames_id))
    }
}

/// One edit that puts every stay of `group` at the chosen place, marking each as chosen by hand. A new
/// place reuses a place of the dataset with the same name and country, or is added with a fresh id.
pub fn place_group(d: &Dataset, group: &ReviewGroup, choice: Choice) -> Edit {
    let mut edits = Vec::new();
    let (place, geonames_id, label) = match choice {
        Choice::Existing(p) => {
            let label = d.place(p).map(|q| format!("{}, {}", q.name, q.country));
            (p, None, label)
        }
        Choice::New(mut place, geonames_id) => {
            let label = Some(format!("{}, {}", place.name, place.country));
            let existing = d
                .places
                .iter()
                .position(|q| q.name == place.name && q.country == place.country);
            let idx = match existing {
                Some(i) => PlaceIdx(i as u32),
                None => {
                    place.id = super::edit::new_place_id(d, &place.name);
                    let edit = Edit::add_place(d, place);
                    let Edit::InsertPlace(idx, _) = &edit else {
                        return Edit::Batch(Vec::new());
                    };
                    let idx = *idx;
                    edits.push(edit);
                    idx
                }
            };
            (idx, (geonames_id != 0).then_some(geonames_id), label)
        }
    };
    for &i in &group.stays {
        let Some(mut st) = d.stay(i).cloned() else {
            continue;
        };
        st.place = Some(place);
        if let Some(g) = &mut st.geocode {
            g.status = GeocodeStatus::Exact;
            g.geonames_id = geonames_id;
            g.matched.clone_from(&label);
            g.candidates.clear();
            g.reason = Some("chosen by hand".into());
        }
        edits.push(Edit::UpdateStay(i, st));
    }
    Edit::Batch(edits)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::edit::History;
    use crate::data::{Geocode, Person, PersonIdx, Stay, When};

    fn stay(id: &str, text: &str, status: GeocodeStatus) -> Stay {
        let day = When::parse("1965-03-01", chrono_tz::UTC).unwrap();
        Stay {
            id: id.into(),
            person: PersonIdx(0),
            place: None,
            start: day,
            end: day,
            role: None,
            remarks: None,
            sources: Vec::new(),
            geocode: Some(Geocode {
                place_text: text.into(),
                status,
                candidates: vec![Candidate {
                    geonames_id: 890_299,
                    name: "Harare".into(),
                    country: "Zimbabwe".into(),
                    lat: -17.83,
                    lon: 31.05,
                    tz: "Africa/Harare".into(),
                }],
                ..Geocode::default()
            }),
        }
    }

    fn data() -> Dataset {
        Dataset {
            people: vec![Person {
                id: "p".into(),
                name: "P".into(),
                role: None,
            }],
            stays: vec![
                stay("a", "Salisbury", GeocodeStatus::Ambiguous),
                stay("b", "at sea", GeocodeStatus::Unresolved),
                stay("c", "Salisbury", GeocodeStatus::Ambiguous),
                stay("d", "Paris", GeocodeStatus::Exact),
            ],
            ..Dataset::default()
        }
    }

    #[test]
    fn flagged_texts_are_grouped_with_their_stays_most_first() {
        let groups = review_groups(&data());
        let texts: Vec<_> = groups.iter().map(|g| g.place_text.as_str()).collect();
        assert_eq!(texts, ["Salisbury", "at sea"]);
        assert_eq!(groups[0].stays, [StayIdx(0), StayIdx(2)]);
    }

    #[test]
    fn choosing_a_candidate_places_every_stay_with_the_text_in_one_undoable_edit() {
        let mut d = data();
        let before = d.clone();
        let group = review_groups(&d).remove(0);
        let choice = Choice::of_candidate(&group.candidates[0]).unwrap();
        let mut history = History::new();
        let edit = place_group(&d, &group, choice);
        history.apply(&mut d, edit).unwrap();
        assert_eq!(d.places.len(), 1);
        assert_eq!(d.stays[0].place, Some(PlaceIdx(0)));
        assert_eq!(d.stays[2].place, Some(PlaceIdx(0)));
        assert_eq!(d.stays[1].place, None, "another text is untouched");
        assert_eq!(d.stays[0].status(), GeocodeStatus::Exact);
        assert_eq!(review_groups(&d).len(), 1);
        assert!(history.undo(&mut d));
        assert_eq!(d, before, "one undo takes it all back");
        assert!(history.redo(&mut d));
        assert_eq!(d.stays[2].place, Some(PlaceIdx(0)));
    }
}
