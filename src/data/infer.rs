//! Inferred flights: between two stays of one person in different places, close enough in time that the
//! person must have travelled from one to the other.
//!
//! Itineraries list where someone was, not how they got there. When one stay ends and the next, somewhere
//! else, begins within a few days, travelmap draws the journey as a leg with certainty
//! [`Certainty::Inferred`]: it departs on the first stay's last day and arrives on the next one's first
//! day, at day precision, so no clock time is made up. A longer gap gets no leg: the person went
//! elsewhere and the data does not say where. A reported leg of that person in the gap always wins.
//!
//! Inferred legs are derived data. They are appended after the reported legs (so reported legs keep their
//! indexes), never saved ([`super::to_file`] leaves them out), and worked out again by [`set_inferred`]
//! whenever the stays change.

use std::collections::HashMap;

use chrono::Duration;

use super::{Certainty, Dataset, Leg, PersonIdx, Stay};

/// The longest gap between two stays that still gets an inferred leg, by default (days).
pub const DEFAULT_MAX_GAP_DAYS: u32 = 3;

/// Replaces the dataset's inferred legs with those its stays imply now; `None` removes them all (the
/// user hid them, or `--no-infer`).
pub fn set_inferred(d: &mut Dataset, max_gap_days: Option<u32>) {
    d.legs.retain(|l| l.certainty != Certainty::Inferred);
    if let Some(days) = max_gap_days {
        let inferred = inferred_legs(d, days);
        d.legs.extend(inferred);
    }
}

/// The legs the stays imply, in order of person, then time. `d.legs` must hold only reported legs.
pub fn inferred_legs(d: &Dataset, max_gap_days: u32) -> Vec<Leg> {
    let max_gap = Duration::days(i64::from(max_gap_days));
    let mut by_person: HashMap<PersonIdx, Vec<&Stay>> = HashMap::new();
    for s in d.stays.iter().filter(|s| s.place.is_some()) {
        by_person.entry(s.person).or_default().push(s);
    }
    let mut people: Vec<_> = by_person.into_iter().collect();
    people.sort_by_key(|(p, _)| *p);
    let mut out = Vec::new();
    for (person, mut stays) in people {
        stays.sort_by_key(|s| (s.start.start_utc, s.end.end_utc));
        let reported: Vec<_> = d
            .legs
            .iter()
            .filter(|l| l.travellers.contains(&person))
            .map(|l| l.flight_window(d.leg_distance_km(l)))
            .collect();
        for pair in stays.windows(2) {
            let [a, b] = pair else { continue };
            let (Some(from), Some(to)) = (a.place, b.place) else {
                continue;
            };
            if same_city(d, from, to) {
                continue;
            }
            // The next stay must not begin before the first one's last day, nor too long after it ends.
            let leaves = a.end.start_utc;
            let arrives = b.start.end_utc;
            if arrives < leaves || b.start.start_utc - a.end.end_utc > max_gap {
                continue;
            }
            if reported
                .iter()
                .any(|(dep, arr)| *dep <= arrives && *arr >= leaves)
            {
                continue;
            }
            out.push(Leg {
                id: format!("inferred:{}:{}", a.id, b.id),
                travellers: [person].into(),
                from,
                to,
                departure: Some(a.end),
                arrival: Some(b.start),
                certainty: Certainty::Inferred,
                sources: Vec::new(),
                disputes: Vec::new(),
                note: Some(format!(
                    "Not reported: inferred from the stays \"{}\" and \"{}\". It left after the first \
                     ended and arrived before the second began.",
                    a.id, b.id
                )),
            });
        }
    }
    out
}

/// Whether two places are in one city (a stay at a hotel, then at a palace, is no journey).
fn same_city(d: &Dataset, a: super::PlaceIdx, b: super::PlaceIdx) -> bool {
    match (d.place(a), d.place(b)) {
        (Some(p), Some(q)) => {
            a == b
                || (p.city == q.city && p.country == q.country)
                || crate::geodesy::distance_km(p.position, q.position) < 1.0
        }
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::{Person, Place, PlaceIdx, When};

    fn place(id: &str, lat: f64, lon: f64) -> Place {
        Place {
            id: id.into(),
            name: id.into(),
            city: id.into(),
            country: String::new(),
            position: crate::geodesy::lat_lon(lat, lon),
            tz: chrono_tz::UTC,
            accuracy: None,
        }
    }

    fn stay(id: &str, person: u32, place: u32, start: &str, end: &str) -> Stay {
        let day = |t: &str| When::parse(t, chrono_tz::UTC).unwrap();
        Stay {
            id: id.into(),
            person: PersonIdx(person),
            place: Some(PlaceIdx(place)),
            start: day(start),
            end: day(end),
            role: None,
            remarks: None,
            sources: Vec::new(),
            geocode: None,
        }
    }

    fn data(stays: Vec<Stay>) -> Dataset {
        Dataset {
            places: vec![
                place("geneva", 46.2, 6.15),
                place("bern", 46.95, 7.45),
                place("moscow", 55.75, 37.62),
            ],
            people: vec![
                Person {
                    id: "a".into(),
                    name: "A".into(),
                    role: None,
                },
                Person {
                    id: "b".into(),
                    name: "B".into(),
                    role: None,
                },
            ],
            stays,
            ..Dataset::default()
        }
    }

    #[test]
    fn consecutive_stays_in_two_cities_get_a_day_precision_leg_between_them() {
        let d = data(vec![
            stay("s1", 0, 0, "1959-05-11", "1959-05-20"),
            stay("s2", 0, 1, "1959-05-22", "1959-05-23"),
        ]);
        let legs = inferred_legs(&d, DEFAULT_MAX_GAP_DAYS);
        assert_eq!(legs.len(), 1);
        let leg = &legs[0];
        assert_eq!((leg.from, leg.to), (PlaceIdx(0), PlaceIdx(1)));
        assert_eq!(leg.certainty, Certainty::Inferred);
        assert_eq!(
            leg.departure.unwrap().precision,
            crate::data::Precision::Day
        );
        assert_eq!(
            leg.departure.unwrap().start_utc.date_naive().to_string(),
            "1959-05-20"
        );
        assert_eq!(
            leg.arrival.unwrap().start_utc.date_naive().to_string(),
            "1959-05-22"
        );
    }

    #[test]
    fn a_long_gap_gets_no_leg_and_neither_does_staying_in_one_city() {
        let d = data(vec![
            stay("s1", 0, 0, "1959-05-01", "1959-05-02"),
            stay("s2", 0, 0, "1959-05-03", "1959-05-04"),
            stay("s3", 0, 2, "1959-05-20", "1959-05-21"),
        ]);
        assert!(inferred_legs(&d, 3).is_empty());
        assert_eq!(inferred_legs(&d, 30).len(), 1, "a longer allowed gap");
    }

    #[test]
    fn each_person_travels_alone_and_a_reported_leg_wins() {
        let mut d = data(vec![
            stay("a1", 0, 0, "1959-05-01", "1959-05-02"),
            stay("b1", 1, 1, "1959-05-02", "1959-05-02"),
            stay("a2", 0, 2, "1959-05-03", "1959-05-04"),
            stay("b2", 1, 2, "1959-05-03", "1959-05-03"),
        ]);
        assert_eq!(inferred_legs(&d, 3).len(), 2);
        d.legs.push(Leg {
            id: "reported".into(),
            travellers: [PersonIdx(0)].into(),
            from: PlaceIdx(0),
            to: PlaceIdx(2),
            departure: Some(When::parse("1959-05-02T20:00", chrono_tz::UTC).unwrap()),
            arrival: None,
            certainty: Certainty::Reported,
            sources: Vec::new(),
            disputes: Vec::new(),
            note: None,
        });
        let legs = inferred_legs(&d, 3);
        assert_eq!(legs.len(), 1);
        assert_eq!(legs[0].travellers, [PersonIdx(1)]);
    }

    #[test]
    fn setting_replaces_the_inferred_legs_and_none_removes_them() {
        let mut d = data(vec![
            stay("s1", 0, 0, "1959-05-11", "1959-05-20"),
            stay("s2", 0, 1, "1959-05-22", "1959-05-23"),
        ]);
        set_inferred(&mut d, Some(3));
        set_inferred(&mut d, Some(3));
        assert_eq!(d.legs.len(), 1, "not added twice");
        assert_eq!(d.inferred_legs(), 1);
        assert!(crate::data::to_file(&d).legs.is_empty(), "never saved");
        set_inferred(&mut d, None);
        assert!(d.legs.is_empty());
    }
}
