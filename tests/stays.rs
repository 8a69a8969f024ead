//! Stays through every format: each one that carries stays gives them back (person, place or none,
//! times, role, remarks, sources, and where the place came from), inferred legs are never written,
//! calendars are read as stays and flights, and no calendar or spreadsheet makes an importer panic.

use std::path::Path;

use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;
use travelmap::data::{self, Certainty, Dataset, Geocode, GeocodeStatus, Precision, ProblemKind};
use travelmap::formats::{self, Format, LoadOptions, export, import_path, import_str};

/// Stays of every shape: geocoded with every provenance field, a place given by the file, unplaced, with
/// clock times, and ambiguous with candidates. Geneva and Paris are a day apart, so a leg is inferred.
const STAYS: &str = r#"{
  "format": "travelmap/1",
  "title": "Conferences",
  "places": [
    {"id": "geneva", "name": "Geneva", "country": "Switzerland", "lat": 46.20222, "lon": 6.14569, "tz": "Europe/Zurich"},
    {"id": "paris", "name": "Paris", "city": "Île-de-France", "country": "France", "lat": 48.85341, "lon": 2.3488, "tz": "Europe/Paris"},
    {"id": "beijing", "name": "Beijing", "country": "China", "lat": 39.9075, "lon": 116.39723, "tz": "Asia/Shanghai"}
  ],
  "people": [{"id": "gromyko", "name": "Andrei Gromyko"}, {"id": "anna", "name": "Anna Weber"}],
  "sources": [{"id": "memoirs", "title": "Memoirs, vol. 1", "url": "https://example.org/memoirs"}],
  "stays": [
    {"id": "s1", "person": "gromyko", "place": "geneva", "start": "1959-05-11", "end": "1959-06-20",
     "role": "head of delegation", "remarks": "Foreign ministers' conference; long, \"hard\"", "sources": ["memoirs"],
     "geocode": {"place_text": "Genève", "country_text": "Switzerland", "status": "alternate", "geonames_id": 2660646,
                 "matched": "Geneva, Switzerland", "others": ["Lausanne", "Bern"], "reason": "a former spelling"}},
    {"id": "s2", "person": "gromyko", "place": "paris", "start": "1959-06-21"},
    {"id": "s3", "person": "gromyko", "place": null, "start": "1959-07-01", "end": "1959-07-03",
     "geocode": {"place_text": "aboard the Baltika", "status": "unresolved", "reason": "not a place: a ship"}},
    {"id": "s4", "person": "anna", "place": "paris", "start": "2025-04-01T09:00", "end": "~2025-04-03 evening", "remarks": "Consultations"},
    {"id": "s5", "person": "anna", "place": "beijing", "start": "2025-05-01", "end": "2025-05-04",
     "geocode": {"place_text": "Peking", "status": "ambiguous", "matched": "Beijing, China", "reason": "two places fit",
                 "candidates": [{"geonames_id": 1816670, "name": "Beijing", "country": "China", "lat": 39.9075, "lon": 116.39723, "tz": "Asia/Shanghai"}]}}
  ]
}"#;

fn stays_dataset() -> Dataset {
    data::load_str(STAYS, "stays.json").unwrap_or_else(|e| panic!("{e}"))
}

/// What a stay says, by names, times in its place's zone and positions. A stay with no provenance
/// reads as one whose place was given with its own name (that is what GeoJSON writes for it); the
/// candidates of an ambiguous place are kept only when `candidates` says the format carries them.
fn stays(d: &Dataset, candidates: bool) -> Vec<String> {
    d.stays
        .iter()
        .map(|st| {
            let place = st.place.and_then(|p| d.place(p));
            let tz = place.map_or(chrono_tz::UTC, |p| p.tz);
            let where_ = place.map_or_else(
                || "unplaced".to_owned(),
                |p| {
                    format!(
                        "{} | {} | {} | {:.5},{:.5} | {}",
                        p.name,
                        p.city,
                        p.country,
                        p.position.y(),
                        p.position.x(),
                        p.tz
                    )
                },
            );
            let mut g = st.geocode.clone().unwrap_or_else(|| Geocode {
                place_text: place.map(|p| p.name.clone()).unwrap_or_default(),
                ..Geocode::default()
            });
            if !candidates {
                g.candidates.clear();
            }
            let sources: Vec<&str> = st
                .sources
                .iter()
                .filter_map(|s| d.source(*s))
                .map(|s| s.title.as_str())
                .collect();
            format!(
                "{} | {} | {where_} | {} | {} | {:?} | {:?} | {sources:?} | {g:?}",
                st.id,
                d.person(st.person).map_or("", |p| p.name.as_str()),
                st.start.to_file_string(tz),
                st.end.to_file_string(tz),
                st.role,
                st.remarks,
            )
        })
        .collect()
}

fn import_clean(text: &str, format: Format) -> Dataset {
    match import_str(text, "round-trip", format) {
        Ok((d, problems)) if problems.iter().all(data::Problem::is_warning) => d,
        Ok((_, problems)) => panic!("{format}: {problems:#?}\n{text}"),
        Err(e) => panic!("{format}: {e}\n{text}"),
    }
}

fn fixture(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

#[test]
fn stays_come_back_from_every_format_that_carries_them() {
    let d = stays_dataset();
    let before = stays(&d, true);
    assert_eq!(before.len(), 5);
    for format in [Format::Json, Format::GeoJson] {
        let back = import_clean(&export(&d, format).unwrap(), format);
        assert_eq!(stays(&back, true), before, "{format}");
    }
    // CSV and KML leave an ambiguous place's candidates to JSON and GeoJSON.
    for format in [Format::Csv, Format::Kml] {
        let back = import_clean(&export(&d, format).unwrap(), format);
        assert_eq!(stays(&back, false), stays(&d, false), "{format}");
        assert!(
            back.stays.iter().any(|s| s.geocode.is_none()),
            "{format}: a place the file gave stays without provenance"
        );
    }
}

#[test]
fn an_unplaced_stay_is_written_without_a_position_and_read_back_unplaced() {
    let d = stays_dataset();
    let csv = export(&d, Format::Csv).unwrap();
    let row = csv
        .lines()
        .find(|l| l.starts_with("stay,s3,"))
        .unwrap_or_else(|| panic!("{csv}"));
    let header: Vec<&str> = csv.lines().next().unwrap_or_default().split(',').collect();
    let cells: Vec<&str> = row.split(',').collect();
    let cell = |name: &str| cells[header.iter().position(|h| *h == name).unwrap()];
    assert_eq!((cell("lat"), cell("lon"), cell("place")), ("", "", ""));
    assert_eq!(cell("geocode"), "unresolved");
    let kml = export(&d, Format::Kml).unwrap();
    let mark = kml
        .split("<Placemark>")
        .find(|m| m.contains("<value>s3</value>"))
        .unwrap_or_else(|| panic!("{kml}"));
    assert!(!mark.contains("<Point>"), "{mark}");
    assert!(mark.contains("<TimeSpan>"), "{mark}");
    for format in [Format::Csv, Format::Kml, Format::GeoJson] {
        let back = import_clean(&export(&d, format).unwrap(), format);
        let s3 = back.stays.iter().find(|s| s.id == "s3").unwrap();
        assert_eq!(s3.place, None, "{format}");
        assert_eq!(s3.status(), GeocodeStatus::Unresolved, "{format}");
    }
}

#[test]
fn inferred_legs_are_never_written() {
    let loaded = formats::load_str(STAYS, "stays.json", Format::Json, &LoadOptions::default())
        .unwrap_or_else(|e| panic!("{e}"));
    let inferred = loaded
        .data
        .legs
        .iter()
        .filter(|l| l.certainty == Certainty::Inferred)
        .count();
    assert_eq!(inferred, 1, "Geneva → Paris, a day apart");
    for format in [Format::Json, Format::GeoJson, Format::Csv, Format::Kml] {
        let text = export(&loaded.data, format).unwrap();
        let back = import_clean(&text, format);
        assert_eq!(back.legs.len(), 0, "{format}: {text}");
    }
    let ics = export(&loaded.data, Format::Ics).unwrap();
    assert_eq!(ics.matches("BEGIN:VEVENT").count(), 5, "{ics}");
}

#[test]
fn a_stay_is_an_all_day_event_for_its_person_at_its_place() {
    let d = stays_dataset();
    let ics = formats::ics::export_at(&d, chrono::DateTime::UNIX_EPOCH).replace("\r\n ", "");
    let event = ics
        .split("BEGIN:VEVENT")
        .find(|e| e.contains("UID:s1@travelmap"))
        .unwrap_or_else(|| panic!("{ics}"));
    assert!(event.contains("DTSTART;VALUE=DATE:19590511\r\n"), "{event}");
    assert!(event.contains("DTEND;VALUE=DATE:19590621\r\n"), "{event}");
    assert!(
        event.contains("SUMMARY:Andrei Gromyko in Geneva\r\n"),
        "{event}"
    );
    assert!(
        event.contains("LOCATION:Geneva\\, Switzerland\r\n"),
        "{event}"
    );
    assert!(event.contains("GEO:46.20222;6.14569\r\n"), "{event}");
    assert!(event.contains("Role: head of delegation"), "{event}");
    assert!(event.contains("Place: alternate"), "{event}");
    let unplaced = ics
        .split("BEGIN:VEVENT")
        .find(|e| e.contains("UID:s3@travelmap"))
        .unwrap_or_else(|| panic!("{ics}"));
    assert!(
        unplaced.contains("LOCATION:aboard the Baltika\r\n"),
        "{unplaced}"
    );
    assert!(!unplaced.contains("GEO:"), "{unplaced}");
}

#[test]
fn a_calendar_export_read_back_keeps_each_stays_person_place_days_role_and_remarks() {
    let d = stays_dataset();
    let (back, problems) = import_str(&export(&d, Format::Ics).unwrap(), "stays.ics", Format::Ics)
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        problems.iter().all(data::Problem::is_warning),
        "{problems:#?}"
    );
    let days = |d: &Dataset| -> Vec<String> {
        d.stays
            .iter()
            .map(|st| {
                let place = st.place.and_then(|p| d.place(p));
                let tz = place.map_or(chrono_tz::UTC, |p| p.tz);
                let day = |w: data::When| {
                    w.start_utc
                        .with_timezone(&tz)
                        .format("%Y-%m-%d")
                        .to_string()
                };
                format!(
                    "{} | {} | {} | {} → {} | {:?} | {:?}",
                    st.id,
                    d.person(st.person).map_or("", |p| p.name.as_str()),
                    place.map_or("unplaced", |p| p.name.as_str()),
                    day(st.start),
                    day(st.end),
                    st.role,
                    st.remarks
                )
            })
            .collect()
    };
    assert_eq!(days(&back), days(&d));
    assert!(
        back.stays
            .iter()
            .all(|s| s.start.precision == Precision::Day)
    );
    let beijing = back.stays.iter().find(|s| s.id == "s5").unwrap();
    let place = back.place(beijing.place.unwrap()).unwrap();
    assert_eq!(
        (place.position.y(), place.position.x()),
        (39.9075, 116.39723),
        "GEO as given"
    );
}

#[test]
fn a_travel_calendar_gives_stays_a_flight_and_its_problems_by_line_and_property() {
    let (d, problems) = import_path(&fixture("travel-2025.ics")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(d.title, "Anna's travels, spring 2025");
    let names: Vec<&str> = d.people.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(
        names,
        ["Anna Weber"],
        "attendee and organizer are one person"
    );

    assert_eq!(d.legs.len(), 1);
    let leg = &d.legs[0];
    let (from, to) = (d.place(leg.from).unwrap(), d.place(leg.to).unwrap());
    assert_eq!(
        (from.name.as_str(), to.name.as_str()),
        ("London", "New York City")
    );
    let departure = leg.departure.unwrap();
    assert_eq!(
        departure.start_utc.to_rfc3339(),
        "2025-03-15T11:00:00+00:00"
    );
    assert_eq!(
        leg.arrival.unwrap().start_utc.to_rfc3339(),
        "2025-03-15T18:00:00+00:00",
        "14:00 in New York"
    );

    assert_eq!(d.stays.len(), 5);
    let stay = |remarks: &str| {
        d.stays
            .iter()
            .find(|s| s.remarks.as_deref().is_some_and(|r| r.starts_with(remarks)))
            .unwrap_or_else(|| panic!("{remarks}: {:#?}", d.stays))
    };
    let geneva = stay("Disarmament conference");
    assert_eq!(geneva.start.precision, Precision::Day);
    let tz = d.place(geneva.place.unwrap()).unwrap().tz;
    assert_eq!(
        (
            geneva.start.to_file_string(tz),
            geneva.end.to_file_string(tz)
        ),
        ("2025-03-10".to_owned(), "2025-03-13".to_owned()),
        "DTEND is exclusive"
    );
    assert!(
        geneva
            .remarks
            .as_deref()
            .unwrap()
            .contains("afternoon. Hotel"),
        "folded lines"
    );
    let un_week = stay("UN week");
    let tz = d.place(un_week.place.unwrap()).unwrap().tz;
    assert_eq!(un_week.end.to_file_string(tz), "2025-03-20", "DURATION:P5D");
    let paris = stay("Consultations");
    assert_eq!(
        paris.start.start_utc.to_rfc3339(),
        "2025-04-01T07:00:00+00:00",
        "TZID"
    );
    let palais = stay("Briefing");
    assert_eq!(palais.status(), GeocodeStatus::Given, "GEO");
    let place = d.place(palais.place.unwrap()).unwrap();
    assert_eq!(
        (place.name.as_str(), place.country.as_str()),
        ("Palais des Nations", "Switzerland")
    );
    let train = stay("Night train");
    assert_eq!(train.place, None);
    assert_eq!(
        train.start.start_utc.to_rfc3339(),
        "2025-04-10T08:00:00+00:00"
    );

    let (errors, warnings) = data::split_warnings(problems);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(
        (
            errors[0].line,
            errors[0].field.as_str(),
            errors[0].kind.clone()
        ),
        (Some(79), "DTSTART", ProblemKind::BadTime)
    );
    assert_eq!(errors[0].record, "VEVENT \"Typo in the date\"");
    assert_eq!(warnings.len(), 1, "{warnings:#?}");
    assert_eq!(
        (warnings[0].line, warnings[0].field.as_str()),
        (Some(73), "LOCATION")
    );
    assert_eq!(
        warnings[0].kind,
        ProblemKind::Geocode(GeocodeStatus::Unresolved)
    );
}

#[test]
fn what_a_calendar_gave_survives_a_trip_through_every_format() {
    let path = fixture("travel-2025.ics");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        formats::detect(Path::new("trips.txt"), &text),
        Some(Format::Ics)
    );
    let (d, _) = import_path(&path).unwrap_or_else(|e| panic!("{e}"));
    let legs = |d: &Dataset| -> Vec<String> {
        d.legs
            .iter()
            .map(|l| {
                let name = |p| d.place(p).map_or("", |p| p.name.as_str());
                format!(
                    "{} | {} → {} | {:?} | {:?} | {:?}",
                    d.names(&l.travellers),
                    name(l.from),
                    name(l.to),
                    l.departure.map(|w| w.start_utc),
                    l.arrival.map(|w| w.start_utc),
                    l.note
                )
            })
            .collect()
    };
    for format in [Format::Json, Format::GeoJson, Format::Csv, Format::Kml] {
        let back = import_clean(&export(&d, format).unwrap(), format);
        // JSON and GeoJSON carry an ambiguous place's candidates; CSV and KML do not.
        let candidates = matches!(format, Format::Json | Format::GeoJson);
        assert_eq!(stays(&back, candidates), stays(&d, candidates), "{format}");
        assert_eq!(legs(&back), legs(&d), "{format}");
    }
}

#[test]
fn an_event_that_names_nobody_is_the_calendar_owners() {
    let text = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20250101\r\nLOCATION:Paris\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    let (d, problems) = import_str(text, "c.ics", Format::Ics).unwrap();
    assert_eq!(problems, []);
    assert_eq!(d.people[0].name, formats::ics_import::DEFAULT_PERSON);
    assert_eq!(d.stays[0].start, d.stays[0].end, "one day");
}

#[test]
fn a_flight_with_no_destination_is_reported_not_made_a_stay() {
    let text = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:20250101T100000Z\r\nSUMMARY:Flight BA 117\r\nLOCATION:London\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    let (d, problems) = import_str(text, "c.ics", Format::Ics).unwrap();
    assert!(d.stays.is_empty() && d.legs.is_empty());
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert_eq!(
        (problems[0].line, problems[0].field.as_str()),
        (Some(4), "SUMMARY")
    );
    assert_eq!(problems[0].kind, ProblemKind::Missing);
}

#[test]
fn a_stay_row_is_one_persons_and_a_place_needs_a_position() {
    let text = "kind,id,people,place,lat,lon,start\n\
                stay,a,Anna Weber; Bob,Paris,48.85,2.35,2025-01-01\n\
                stay,b,Anna Weber,Paris,,,2025-01-01\n\
                stay,c,Anna Weber,,,,2025-01-01\n";
    let (d, problems) = import_str(text, "s.csv", Format::Csv).unwrap();
    assert_eq!(d.stays.len(), 1);
    assert_eq!(d.stays[0].id, "c");
    assert_eq!(d.stays[0].place, None);
    let at: Vec<(Option<usize>, &str)> = problems
        .iter()
        .map(|p| (p.line, p.field.as_str()))
        .collect();
    assert_eq!(at, [(Some(2), "people"), (Some(3), "place")]);
}

// ---------------------------------------------------------------------------------------------------
// No calendar or spreadsheet makes an importer panic

fn import_both(text: &str) {
    for format in [Format::Ics, Format::Csv] {
        let _ = import_str(text, "fuzz", format);
    }
}

fn seeds() -> Vec<String> {
    let d = stays_dataset();
    vec![
        std::fs::read_to_string(fixture("travel-2025.ics")).unwrap_or_default(),
        export(&d, Format::Ics).unwrap_or_else(|e| panic!("{e}")),
        export(&d, Format::Csv).unwrap_or_else(|e| panic!("{e}")),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(256),
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource("proptest-regressions"))),
        ..ProptestConfig::default()
    })]

    #[test]
    fn no_calendar_or_spreadsheet_importer_panics_on_random_text(text in "\\PC{0,600}") {
        import_both(&text);
    }

    #[test]
    fn no_calendar_importer_panics_on_random_content_lines(
        body in "((BEGIN|END|DTSTART|DTEND|DURATION|SUMMARY|LOCATION|GEO|ATTENDEE|ORGANIZER)(;[A-Z]{1,5}=\"?[A-Za-z/_:;]{0,12}\"?)?:[A-Za-z0-9 ,;:\\\\→()TZP+.-]{0,30}\r?\n[ \t]?){0,30}",
    ) {
        import_both(&format!("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\n{body}END:VEVENT\r\nEND:VCALENDAR\r\n"));
    }

    #[test]
    fn no_calendar_importer_panics_on_a_mutated_calendar(
        seed in 0..3usize,
        cuts in prop::collection::vec((any::<prop::sample::Index>(), 0..40usize, "\\PC{0,6}"), 1..6),
    ) {
        let mut text = seeds().swap_remove(seed).into_bytes();
        for (at, n, insert) in &cuts {
            let at = at.index(text.len().max(1)).min(text.len());
            let end = (at + n).min(text.len());
            text.splice(at..end, insert.bytes());
        }
        import_both(&String::from_utf8_lossy(&text));
    }
}
