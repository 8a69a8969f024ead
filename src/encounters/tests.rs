//! The co-presence rules, on small datasets written for each rule.

use chrono::TimeZone as _;
use serde_json::{Value, json};

use super::*;
use crate::data::{self, Cities, Dataset};

/// Moscow (UTC+3 all year) and Geneva, two people A and B and a third, C.
fn dataset(stays: Value, meetings: Value, legs: Value) -> Dataset {
    let text = json!({
        "format": "travelmap/1",
        "title": "test",
        "places": [
            {"id": "kremlin", "name": "Kremlin", "city": "Moscow", "country": "Russia",
             "lat": 55.75, "lon": 37.62, "tz": "Europe/Moscow"},
            {"id": "vnukovo", "name": "Vnukovo", "city": "Moscow", "country": "Russia",
             "lat": 55.59, "lon": 37.27, "tz": "Europe/Moscow"},
            {"id": "geneva", "name": "Geneva", "country": "Switzerland",
             "lat": 46.2, "lon": 6.15, "tz": "Europe/Zurich"},
        ],
        "people": [
            {"id": "a", "name": "Anna"},
            {"id": "b", "name": "Boris"},
            {"id": "c", "name": "Clara"},
        ],
        "sources": [{"id": "src", "title": "A report"}, {"id": "src2", "title": "Another"}],
        "stays": stays,
        "meetings": meetings,
        "legs": legs,
    })
    .to_string();
    data::load_str(&text, "test.json").unwrap_or_else(|e| panic!("{e}"))
}

fn stay(id: &str, person: &str, place: &str, start: &str, end: &str) -> Value {
    json!({"id": id, "person": person, "place": place, "start": start, "end": end, "sources": ["src"]})
}

fn encounters(d: &Dataset) -> Encounters {
    Encounters::compute(d, &Cities::new(d))
}

fn co_presences(e: &Encounters) -> Vec<&Encounter> {
    e.all()
        .iter()
        .filter(|e| e.kind == EncounterKind::CoPresence)
        .collect()
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn utc(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .unwrap()
        .with_timezone(&Utc)
}

fn ids(d: &Dataset, all: &Encounters, e: &Encounter) -> Vec<String> {
    all.evidence(e)
        .iter()
        .map(|r| match r.kind {
            RecordKind::Stay => d.stays[r.index].id.clone(),
            RecordKind::Meeting => d.meetings[r.index].id.clone(),
            RecordKind::Leg => d.legs[r.index].id.clone(),
            _ => String::new(),
        })
        .collect()
}

#[test]
fn day_stays_ending_and_starting_on_the_same_day_share_that_one_day() {
    let d = dataset(
        json!([
            stay("s1", "a", "kremlin", "2025-01-01", "2025-01-05"),
            stay("s2", "b", "vnukovo", "2025-01-05", "2025-01-09"),
        ]),
        json!([]),
        json!([]),
    );
    let e = encounters(&d);
    let found = co_presences(&e);
    assert_eq!(found.len(), 1, "{found:#?}");
    let c = found[0];
    assert_eq!(c.local_days(), (day(2025, 1, 5), day(2025, 1, 5)));
    assert_eq!(c.exactness, Exactness::BothDays);
    assert_eq!(c.overlap(), Duration::days(1));
    assert_eq!(c.overlap_text(), "overlap of 1 day, both day-precision");
    assert_eq!(d.people[c.a.index()].name, "Anna");
    assert_eq!(ids(&d, &e, c), ["s1", "s2"]);
    assert_eq!(e.sources(c), [SourceIdx(0)]);
}

#[test]
fn day_stays_on_consecutive_days_share_nothing() {
    let d = dataset(
        json!([
            stay("s1", "a", "kremlin", "2025-01-01", "2025-01-04"),
            stay("s2", "b", "kremlin", "2025-01-05", "2025-01-09"),
        ]),
        json!([]),
        json!([]),
    );
    assert!(encounters(&d).is_empty());
}

#[test]
fn stays_in_different_cities_at_the_same_time_are_not_a_co_presence() {
    let d = dataset(
        json!([
            stay("s1", "a", "kremlin", "2025-01-01", "2025-01-04"),
            stay("s2", "b", "geneva", "2025-01-01", "2025-01-04"),
        ]),
        json!([]),
        json!([]),
    );
    assert!(encounters(&d).is_empty());
}

#[test]
fn clock_times_overlap_by_their_interval() {
    let d = dataset(
        json!([
            stay("s1", "a", "kremlin", "2025-04-11T09:00", "2025-04-11T14:00"),
            stay("s2", "b", "kremlin", "2025-04-11T12:30", "2025-04-11T20:00"),
        ]),
        json!([]),
        json!([]),
    );
    let e = encounters(&d);
    let c = co_presences(&e)[0];
    assert_eq!(c.exactness, Exactness::Clock);
    assert_eq!(c.start, utc("2025-04-11T09:30:00Z"));
    assert_eq!(c.end, utc("2025-04-11T11:00:00Z"));
    assert_eq!(c.overlap_text(), "overlap of 1 h 30 min");
}

#[test]
fn a_clock_time_counts_on_its_local_day_not_on_the_neighbouring_utc_date() {
    // 01:30 in Moscow on 11 April is 22:30 UTC on 10 April.
    let d = dataset(
        json!([
            stay("b-11", "b", "kremlin", "2025-04-11", "2025-04-11"),
            stay("c-10", "c", "kremlin", "2025-04-10", "2025-04-10"),
        ]),
        json!([{"id": "late", "place": "kremlin", "start": "2025-04-11T01:30", "participants": ["a"],
                "topic": "late talks", "sources": ["src2"]}]),
        json!([]),
    );
    let e = encounters(&d);
    let found = co_presences(&e);
    let pairs: Vec<_> = found
        .iter()
        .map(|c| {
            (
                d.people[c.a.index()].id.as_str(),
                d.people[c.b.index()].id.as_str(),
            )
        })
        .collect();
    assert_eq!(pairs, [("a", "b")], "{found:#?}");
    let c = found[0];
    assert_eq!(c.exactness, Exactness::OneDay);
    assert_eq!(c.start, utc("2025-04-10T22:30:00Z"));
    assert_eq!(ids(&d, &e, c), ["late", "b-11"]);
    assert_eq!(e.sources(c), [SourceIdx(0), SourceIdx(1)]);
}

#[test]
fn overlapping_and_touching_stretches_of_a_pair_are_one_encounter() {
    let d = dataset(
        json!([
            stay("a1", "a", "kremlin", "2025-01-01", "2025-01-03"),
            stay("a2", "a", "kremlin", "2025-01-04", "2025-01-06"),
            stay("b1", "b", "vnukovo", "2025-01-02", "2025-01-04"),
            stay("b2", "b", "vnukovo", "2025-01-05", "2025-01-10"),
            stay("a3", "a", "kremlin", "2025-01-09", "2025-01-09"),
        ]),
        json!([]),
        json!([]),
    );
    let e = encounters(&d);
    let found = co_presences(&e);
    assert_eq!(found.len(), 2, "{found:#?}");
    assert_eq!(found[0].local_days(), (day(2025, 1, 2), day(2025, 1, 6)));
    assert_eq!(ids(&d, &e, found[0]), ["a1", "a2", "b1", "b2"]);
    assert_eq!(found[0].overlap(), Duration::days(5));
    assert_eq!(found[1].local_days(), (day(2025, 1, 9), day(2025, 1, 9)));
    assert_eq!(ids(&d, &e, found[1]), ["b2", "a3"]);
}

#[test]
fn two_participants_of_one_meeting_have_a_meeting_and_no_co_presence() {
    let d = dataset(
        json!([]),
        json!([{"id": "m1", "place": "kremlin", "start": "2025-04-11T17:30", "end": "2025-04-11T22:00",
                "participants": ["a", "b", "c"], "topic": "talks", "sources": ["src"]}]),
        json!([]),
    );
    let e = encounters(&d);
    assert_eq!(e.len(), 3, "one meeting encounter per pair: {:#?}", e.all());
    assert!(e.all().iter().all(|x| x.kind == EncounterKind::Meeting));
    let m = &e.all()[0];
    assert_eq!(m.exactness, Exactness::Clock);
    assert_eq!(m.start, utc("2025-04-11T14:30:00Z"));
    assert_eq!(m.end, utc("2025-04-11T19:00:00Z"));
    assert_eq!(e.certainty(m, &d), Certainty::Confirmed);
}

#[test]
fn a_pair_who_met_and_also_stayed_in_town_together_gets_both_kinds() {
    let d = dataset(
        json!([
            stay("a1", "a", "kremlin", "2025-04-10", "2025-04-12"),
            stay("b1", "b", "kremlin", "2025-04-11", "2025-04-13"),
        ]),
        json!([{"id": "m1", "place": "kremlin", "start": "2025-04-11T17:30",
                "participants": ["a", "b"], "topic": "talks", "sources": ["src"]}]),
        json!([]),
    );
    let e = encounters(&d);
    let kinds: Vec<_> = e.all().iter().map(|x| x.kind).collect();
    assert_eq!(kinds, [EncounterKind::CoPresence, EncounterKind::Meeting]);
    let c = co_presences(&e)[0];
    assert_eq!(c.local_days(), (day(2025, 4, 11), day(2025, 4, 12)));
    assert_eq!(
        ids(&d, &e, c),
        ["a1", "b1"],
        "the meeting inside both stays adds nothing"
    );
    assert_eq!(e.certainty(c, &d), Certainty::Inferred);
}

#[test]
fn time_on_the_ground_between_reported_legs_is_presence() {
    let d = dataset(
        json!([]),
        json!([{"id": "m1", "place": "kremlin", "start": "2025-04-11T12:00", "end": "2025-04-11T13:00",
                "participants": ["b"], "topic": "talks", "sources": ["src"]}]),
        json!([
            {"id": "in", "travellers": ["a"], "from": "geneva", "to": "vnukovo",
             "departure": "2025-04-11T04:00", "arrival": "2025-04-11T10:00", "sources": ["src"]},
            {"id": "out", "travellers": ["a"], "from": "vnukovo", "to": "geneva",
             "departure": "2025-04-11T18:00", "arrival": "2025-04-11T21:00", "sources": ["src2"]},
        ]),
    );
    let e = encounters(&d);
    let c = co_presences(&e)[0];
    assert_eq!(
        (c.start, c.end),
        (utc("2025-04-11T09:00:00Z"), utc("2025-04-11T10:00:00Z"))
    );
    assert_eq!(ids(&d, &e, c), ["in", "out", "m1"]);
    assert_eq!(c.exactness, Exactness::Clock);
}

#[test]
fn inferred_legs_country_level_and_unplaced_stays_add_no_presence() {
    let mut d = dataset(
        json!([
            stay("a1", "a", "kremlin", "2025-01-01", "2025-01-02"),
            stay("a2", "a", "geneva", "2025-01-04", "2025-01-05"),
            stay("b1", "b", "geneva", "2025-01-01", "2025-01-10"),
            stay("c1", "c", "kremlin", "2025-01-01", "2025-01-10"),
        ]),
        json!([]),
        json!([]),
    );
    data::infer::set_inferred(&mut d, Some(3));
    assert_eq!(d.inferred_legs(), 1);
    // Clara's stay was placed only by its country.
    d.stays[3].geocode = Some(data::Geocode {
        place_text: "Russia".into(),
        status: GeocodeStatus::Country,
        ..data::Geocode::default()
    });
    let e = encounters(&d);
    let found: Vec<_> = co_presences(&e)
        .iter()
        .map(|c| (ids(&d, &e, c), c.local_days()))
        .collect();
    assert_eq!(
        found,
        [(
            vec!["a2".to_owned(), "b1".to_owned()],
            (day(2025, 1, 4), day(2025, 1, 5))
        )]
    );
    d.stays[1].place = None;
    assert!(encounters(&d).is_empty());
}

#[test]
fn lookups_by_pair_person_and_city_agree_with_the_list() {
    let d = dataset(
        json!([
            stay("a1", "a", "kremlin", "2025-01-01", "2025-01-05"),
            stay("b1", "b", "kremlin", "2025-01-03", "2025-01-09"),
            stay("c1", "c", "geneva", "2025-02-01", "2025-02-02"),
            stay("a2", "a", "geneva", "2025-02-02", "2025-02-03"),
        ]),
        json!([]),
        json!([]),
    );
    let e = encounters(&d);
    assert_eq!(e.len(), 2);
    let (a, b, c) = (PersonIdx(0), PersonIdx(1), PersonIdx(2));
    assert_eq!(e.between(b, a), [EncounterIdx(0)]);
    assert_eq!(e.between(a, c), [EncounterIdx(1)]);
    assert!(e.between(b, c).is_empty());
    assert_eq!(e.of_person(a), [EncounterIdx(0), EncounterIdx(1)]);
    assert_eq!(e.of_person(c), [EncounterIdx(1)]);
    let cities = Cities::new(&d);
    let moscow = cities.find("Moscow").unwrap();
    let at = |y, m, dd, h| Utc.with_ymd_and_hms(y, m, dd, h, 0, 0).unwrap();
    assert_eq!(
        e.at_city(moscow, at(2025, 1, 4, 12), at(2025, 1, 4, 12)),
        [EncounterIdx(0)]
    );
    assert!(
        e.at_city(moscow, at(2025, 1, 6, 12), at(2025, 1, 8, 0))
            .is_empty()
    );
    assert!(
        e.at_city(moscow, at(2024, 12, 1, 0), at(2025, 1, 2, 0))
            .is_empty()
    );
    assert_eq!(
        e.at_city(moscow, at(2024, 12, 1, 0), at(2026, 1, 1, 0)),
        [EncounterIdx(0)]
    );
}

#[test]
fn the_bundled_data_has_witkoff_meeting_putin_in_st_petersburg_on_11_april() {
    let d = data::bundled().unwrap();
    let cities = Cities::new(&d);
    let e = Encounters::compute(&d, &cities);
    let person = |id: &str| PersonIdx(d.people.iter().position(|p| p.id == id).unwrap() as u32);
    let found: Vec<_> = e
        .between(person("putin"), person("witkoff"))
        .into_iter()
        .filter_map(|i| e.get(i))
        .filter(|x| x.kind == EncounterKind::Meeting && ids(&d, &e, x) == ["stpete-0411-putin"])
        .collect();
    assert_eq!(found.len(), 1);
    assert_eq!(cities.get(found[0].city).unwrap().name, "St Petersburg");
    assert_eq!(found[0].start, utc("2025-04-11T14:30:00Z"));
}

#[test]
fn the_background_computation_gives_what_computing_at_once_gives() {
    let d = dataset(
        json!([
            stay("a1", "a", "kremlin", "2025-01-01", "2025-01-05"),
            stay("b1", "b", "kremlin", "2025-01-03", "2025-01-09"),
        ]),
        json!([{"id": "m1", "place": "geneva", "start": "2025-02-01T10:00",
                "participants": ["a", "c"], "topic": "talks", "sources": ["src"]}]),
        json!([]),
    );
    let job = Background::start(std::sync::Arc::new(d.clone()), 7);
    let mut computed = None;
    for _ in 0..500 {
        computed = job.poll();
        if computed.is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    let computed = computed.expect("the thread finished");
    assert_eq!(computed.generation, 7);
    assert!((job.fraction() - 1.0).abs() < f32::EPSILON);
    // The window's job works out the co-presences only: a's and b's days at the Kremlin, not the
    // Geneva meeting's pair.
    let cities = Cities::new(&d);
    let expected = Encounters::co_presences_with_progress(&d, &cities, &AtomicU32::new(0));
    assert_eq!(computed.encounters, expected);
    assert_eq!(computed.encounters.len(), 1);
    assert_eq!(encounters(&d).len(), 2);
}

#[test]
fn sorting_in_place_gives_the_order_of_start_city_pair_kind_and_end() {
    let at = |h: i64| Utc.timestamp_opt(1_700_000_000 + h * 3600, 0).unwrap();
    let one = |i: u32, start: i64, city: u32, a: u32, b: u32| Encounter {
        a: PersonIdx(a),
        b: PersonIdx(b),
        city: CityIdx(city),
        start: at(start),
        end: at(start + 1 + i64::from(i % 3)),
        kind: EncounterKind::CoPresence,
        exactness: Exactness::Clock,
        // Told apart by their evidence, so that ties out of their first order would show.
        evidence: Span { start: i, len: 1 },
        sources: Span::default(),
        tz: chrono_tz::UTC,
        geonames_id: None,
    };
    // Long cycles, fixed points and ties (same key, told apart by where they were).
    let list: Vec<Encounter> = (0..500_u32)
        .map(|i| {
            one(
                i,
                i64::from((i * 7919) % 97),
                (i * 31) % 5,
                i % 4,
                4 + i % 3,
            )
        })
        .collect();
    let mut expected = list.clone();
    expected.sort_by(|x, y| {
        (x.start, x.city, x.a, x.b, x.kind, x.end).cmp(&(y.start, y.city, y.a, y.b, y.kind, y.end))
    });
    assert_eq!(sorted(list), expected);
    assert!(sorted(Vec::new()).is_empty());
}
