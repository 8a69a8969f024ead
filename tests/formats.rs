//! Import and export through every format: round trips keep the data, bad files are explained with their
//! line, column, record and field, and no input makes an importer panic.

use std::path::{Path, PathBuf};
use std::process::Command;

use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;
use travelmap::data::{self, Dataset, LoadError, Precision, Problem};
use travelmap::formats::{Format, detect, export, import_path, import_str};

const IMPORTABLE: [Format; 5] = Format::ALL;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn read_fixture(name: &str) -> String {
    std::fs::read_to_string(fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn bundled() -> Dataset {
    data::bundled().unwrap_or_else(|e| panic!("{e}"))
}

/// Imports, insisting on no problems.
fn import_clean(text: &str, format: Format) -> Dataset {
    match import_str(text, "round-trip", format) {
        Ok((d, problems)) if problems.is_empty() => d,
        Ok((_, problems)) => panic!("{format}: {problems:#?}"),
        Err(e) => panic!("{format}: {e}"),
    }
}

fn problems_of(name: &str) -> (Dataset, Vec<Problem>) {
    import_path(&fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// What a dataset says, without the ids that some formats do not carry: every place (name, city,
/// country, position, zone), person, leg, meeting and note, by names, times and positions.
#[derive(Debug, PartialEq)]
struct Content {
    title: String,
    places: Vec<String>,
    people: Vec<String>,
    legs: Vec<String>,
    meetings: Vec<String>,
    notes: Vec<String>,
}

fn content(d: &Dataset) -> Content {
    let place = |i: data::PlaceIdx| d.place(i).map_or_else(String::new, |p| p.name.clone());
    let mut places: Vec<String> = d
        .places
        .iter()
        .map(|p| {
            format!(
                "{} | {} | {} | {:.6},{:.6} | {}",
                p.name,
                p.city,
                p.country,
                p.position.y(),
                p.position.x(),
                p.tz
            )
        })
        .collect();
    places.sort();
    let mut people: Vec<String> = d.people.iter().map(|p| p.name.clone()).collect();
    people.sort();
    let legs = d
        .legs
        .iter()
        .map(|l| {
            format!(
                "{} | {} → {} | {:?} | {:?} | {:?} | {}",
                d.names(&l.travellers),
                place(l.from),
                place(l.to),
                l.departure,
                l.arrival,
                l.certainty,
                l.sources.len()
            )
        })
        .collect();
    let meetings = d
        .meetings
        .iter()
        .map(|m| {
            let durations: Vec<_> = m.durations.iter().map(|c| (&c.text, c.minutes)).collect();
            format!(
                "{} | {:?} | {:?} | {} | {} | {:?} | {:?} | {:?} | {}",
                place(m.place),
                m.start,
                m.end,
                d.names(&m.participants),
                m.topic,
                m.certainty,
                m.venue,
                durations,
                m.sources.len()
            )
        })
        .collect();
    let notes = d
        .notes
        .iter()
        .map(|n| {
            format!(
                "{:?} | {} | {} | {}",
                n.when,
                n.tz,
                n.text,
                d.names(&n.people)
            )
        })
        .collect();
    Content {
        title: d.title.clone(),
        places,
        people,
        legs,
        meetings,
        notes,
    }
}

// ---------------------------------------------------------------------------------------------------
// Round trips

#[test]
fn the_bundled_dataset_exports_to_every_format() {
    let d = bundled();
    for format in Format::ALL {
        let text = export(&d, format).unwrap();
        assert!(text.len() > 1000, "{format}: {} bytes", text.len());
        assert!(text.contains("Witkoff"), "{format} names the people");
    }
}

#[test]
fn a_json_round_trip_gives_back_the_same_dataset() {
    let d = bundled();
    assert_eq!(
        import_clean(&export(&d, Format::Json).unwrap(), Format::Json),
        d
    );
}

#[test]
fn a_geojson_round_trip_gives_back_the_same_dataset_ids_included() {
    let d = bundled();
    let again = import_clean(&export(&d, Format::GeoJson).unwrap(), Format::GeoJson);
    assert_eq!(again, d);
}

#[test]
fn a_csv_round_trip_keeps_every_place_person_leg_meeting_and_note() {
    let d = bundled();
    let again = import_clean(&export(&d, Format::Csv).unwrap(), Format::Csv);
    let (mut want, got) = (content(&d), content(&again));
    want.title = String::new(); // CSV has no title
    assert_eq!(got, want);
    let ids = |d: &Dataset| d.meetings.iter().map(|m| m.id.clone()).collect::<Vec<_>>();
    assert_eq!(ids(&again), ids(&d), "CSV carries leg and meeting ids");
}

#[test]
fn a_kml_round_trip_keeps_every_place_person_leg_meeting_and_note() {
    let d = bundled();
    let again = import_clean(&export(&d, Format::Kml).unwrap(), Format::Kml);
    assert_eq!(content(&again), content(&d));
    let accuracy = |d: &Dataset| {
        d.places
            .iter()
            .map(|p| p.accuracy.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(accuracy(&again), accuracy(&d));
}

#[test]
fn every_fixture_survives_a_trip_through_every_format() {
    for name in [
        "st-petersburg.geojson",
        "spring-2025.csv",
        "google-earth.kml",
    ] {
        let (d, problems) = problems_of(name);
        assert_eq!(problems, [], "{name}");
        for format in [Format::Json, Format::GeoJson, Format::Csv, Format::Kml] {
            let again = import_clean(&export(&d, format).unwrap(), format);
            let (mut want, mut got) = (content(&d), content(&again));
            if format == Format::Csv {
                (want.title, got.title) = (String::new(), String::new());
            }
            assert_eq!(got, want, "{name} through {format}");
        }
    }
}

// ---------------------------------------------------------------------------------------------------
// Reading what other tools write

#[test]
fn a_geojson_file_gives_places_meetings_at_points_and_legs_along_lines() {
    let (d, problems) = problems_of("st-petersburg.geojson");
    assert_eq!(problems, []);
    assert_eq!(d.places.len(), 5, "the leg ends near Pulkovo reuse it");
    assert_eq!(d.meetings.len(), 2);
    assert_eq!(d.legs.len(), 2);
    assert_eq!(d.people.len(), 4);
    let putin = &d.meetings[1];
    assert_eq!(putin.id, "stpete-0411-putin");
    assert_eq!(
        putin.start.start_utc.to_rfc3339(),
        "2025-04-11T14:30:00+00:00"
    );
    assert!(putin.start.approximate);
    let source = d
        .source(putin.sources[0])
        .map(|s| (s.title.as_str(), s.url.as_deref()));
    assert_eq!(
        source,
        Some(("TASS", Some("https://tass.com/politics/1942591")))
    );
    let to_led = &d.legs[0];
    let led = d
        .place(to_led.to)
        .map(|p| (p.name.as_str(), p.position.x(), p.position.y()));
    assert_eq!(led, Some(("Pulkovo Airport", 30.2625, 59.8003)));
    assert_eq!(to_led.departure, None);
    assert_eq!(
        to_led.arrival.map(|a| a.precision),
        Some(Precision::Morning)
    );
}

#[test]
fn a_spreadsheet_gives_one_record_per_row() {
    let (d, problems) = problems_of("spring-2025.csv");
    assert_eq!(problems, []);
    assert_eq!((d.legs.len(), d.meetings.len(), d.notes.len()), (2, 3, 1));
    assert_eq!(
        d.places.len(),
        5,
        "Vnukovo and the Moscow venue are each one place"
    );
    assert_eq!(d.people.len(), 8);
    assert_eq!(d.sources.len(), 2, "a URL finds the source named with it");
    let riyadh = &d.meetings[1];
    assert_eq!(d.names(&riyadh.participants).matches(", ").count(), 5);
    let diriyah = d.place(riyadh.place).map(|p| (p.city.as_str(), p.tz));
    assert_eq!(diriyah, Some(("Riyadh", chrono_tz::Asia::Riyadh)));
    assert_eq!(
        d.legs[0].departure.map(|w| w.start_utc.to_rfc3339()),
        Some("2025-02-10T22:40:00+00:00".to_owned())
    );
}

#[test]
fn a_google_earth_file_gives_meetings_legs_and_places() {
    let (d, problems) = problems_of("google-earth.kml");
    assert_eq!(problems, []);
    assert_eq!(d.title, "Talks 2025.kml");
    assert_eq!((d.meetings.len(), d.legs.len()), (2, 1));
    assert_eq!(d.places.len(), 4);
    let summit = &d.meetings[0];
    let jber = d.place(summit.place);
    assert_eq!(
        jber.map(|p| (p.city.as_str(), p.tz)),
        Some(("Anchorage", chrono_tz::America::Anchorage)),
        "the summit is at the place the first placemark describes"
    );
    assert_eq!(
        summit.start.start_utc.to_rfc3339(),
        "2025-08-15T19:30:00+00:00"
    );
    assert_eq!(d.names(&summit.participants).split(", ").count(), 6);
    let geneva = &d.meetings[1];
    assert_eq!(geneva.start.precision, Precision::Day);
    assert_eq!(geneva.topic, "The 28-point plan (U.S.–Ukraine talks)");
    assert_eq!(d.names(&d.legs[0].travellers), "Steve Witkoff");
    assert_eq!(
        d.legs[0].arrival.map(|w| w.start_utc.to_rfc3339()),
        Some("2025-02-11T07:00:00+00:00".to_owned())
    );
}

#[test]
fn every_fixture_is_recognised_by_its_content_whatever_its_name() {
    for (name, format) in [
        ("st-petersburg.geojson", Format::GeoJson),
        ("spring-2025.csv", Format::Csv),
        ("google-earth.kml", Format::Kml),
    ] {
        assert_eq!(
            detect(Path::new("data.txt"), &read_fixture(name)),
            Some(format),
            "{name}"
        );
    }
    assert_eq!(
        detect(Path::new("data.geojson"), data::BUNDLED_JSON),
        Some(Format::Json)
    );
}

// ---------------------------------------------------------------------------------------------------
// Bad files are explained

#[test]
fn a_csv_with_a_bad_lat_on_line_3_names_line_3_and_column_lat() {
    let (d, problems) = problems_of("broken/bad-lat.csv");
    assert_eq!(d.meetings.len(), 1, "the good row is kept");
    assert_eq!(
        (d.places.len(), d.people.len()),
        (1, 2),
        "what only the rejected rows named is left out with them"
    );
    let lat = &problems[0];
    assert_eq!((lat.line, lat.column), (Some(3), Some(5)));
    assert_eq!(lat.field, "lat");
    assert_eq!(lat.record, "meeting \"kremlin-0806\"");
    assert_eq!(
        lat.to_string(),
        "line 3, column 5: meeting \"kremlin-0806\", field `lat`: \"55,7517\" is not a number"
    );
    let tz = &problems[1];
    assert_eq!((tz.line, tz.field.as_str()), (Some(4), "tz"));
    assert!(
        tz.message.contains("unknown time zone \"Europe/Geneva\""),
        "{}",
        tz.message
    );
    assert_eq!(problems.len(), 2, "{problems:#?}");
}

#[test]
fn a_geojson_syntax_error_names_the_file_line_and_column() {
    let err = import_path(&fixture("broken/missing-comma.geojson")).unwrap_err();
    let LoadError::Syntax {
        path, line, column, ..
    } = &err
    else {
        panic!("{err}")
    };
    assert!(path.ends_with("broken/missing-comma.geojson"));
    assert_eq!((*line, *column), (5, 25), "{err}");
    assert!(err.to_string().contains("expected `,`"), "{err}");
}

#[test]
fn a_geojson_meeting_with_a_local_time_and_no_zone_names_the_feature_and_tz() {
    let (d, problems) = problems_of("broken/no-time-zone.geojson");
    assert_eq!(problems.len(), 1, "{problems:#?}");
    let p = &problems[0];
    assert_eq!(p.record, "features[0] \"geneva-1123\"");
    assert_eq!(p.field, "tz");
    assert_eq!(p.line, Some(4));
    assert_eq!(
        d.meetings.len(),
        1,
        "the summit's time has an offset: UTC is enough"
    );
    assert_eq!(d.meetings[0].id, "anchorage-0815");
}

#[test]
fn an_unclosed_kml_element_fails_the_file_with_its_line() {
    let err = import_path(&fixture("broken/unclosed.kml")).unwrap_err();
    assert!(matches!(err, LoadError::Syntax { line: 9, .. }), "{err}");
    assert!(err.to_string().contains("Point"), "{err}");
}

#[test]
fn a_file_over_the_size_limit_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.geojson");
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(data::FILE_SIZE_LIMIT_BYTES + 1).unwrap(); // sparse: no disk used
    let err = import_path(&path).unwrap_err();
    assert!(matches!(err, LoadError::TooLarge { .. }), "{err}");
}

#[test]
fn a_native_file_over_the_streamed_limit_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.json");
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(data::STREAMED_FILE_SIZE_LIMIT_BYTES + 1)
        .unwrap(); // sparse: no disk used
    let err = import_path(&path).unwrap_err();
    assert!(matches!(err, LoadError::TooLarge { .. }), "{err}");
}

#[test]
fn a_file_that_is_not_utf8_names_the_line_and_column_of_the_first_bad_byte() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("latin1.csv");
    std::fs::write(&path, b"kind,id,place\nmeeting,m1,Z\xfcrich\n").unwrap();
    let err = import_path(&path).unwrap_err();
    assert!(
        matches!(
            err,
            LoadError::Syntax {
                line: 2,
                column: 13,
                ..
            }
        ),
        "{err}"
    );
    assert!(err.to_string().contains("UTF-8"), "{err}");
}

#[test]
fn a_file_of_no_known_format_says_what_is_expected() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.txt");
    std::fs::write(&path, "Witkoff flew to Moscow\n").unwrap();
    let err = import_path(&path).unwrap_err();
    assert!(
        err.to_string()
            .contains("expected travelmap JSON, GeoJSON, KML"),
        "{err}"
    );
}

// ---------------------------------------------------------------------------------------------------
// Calendar

#[test]
fn the_ics_has_one_vevent_per_bundled_meeting_and_folds_long_lines() {
    let d = bundled();
    let ics = export(&d, Format::Ics).unwrap();
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\n"));
    assert_eq!(ics.matches("BEGIN:VEVENT\r\n").count(), d.meetings.len());
    assert_eq!(ics.matches("END:VEVENT\r\n").count(), d.meetings.len());
    for m in &d.meetings {
        assert!(
            ics.contains(&format!("UID:{}@travelmap\r\n", m.id)),
            "{}",
            m.id
        );
    }
    for line in ics.split("\r\n") {
        assert!(line.len() <= 75, "{} octets: {line}", line.len());
        assert!(!line.contains('\n'), "bare line feed in {line}");
    }
    assert!(ics.contains("\r\n "), "long lines are folded");
    let day_meetings = d
        .meetings
        .iter()
        .filter(|m| {
            m.start.precision == Precision::Day
                && m.end.is_none_or(|e| e.precision == Precision::Day)
        })
        .count();
    assert_eq!(ics.matches("DTSTART;VALUE=DATE:").count(), day_meetings);
    let unfolded = ics.replace("\r\n ", "");
    assert!(unfolded.contains("SUMMARY:Trump–Putin summit\\; ended without a deal\r\n"));
    assert!(
        unfolded.contains("DTSTART:20250815T193000Z\r\n"),
        "Anchorage, 11:30 AKDT"
    );
    assert!(unfolded.contains("GEO:61.2514;-149.8064\r\n"));
}

// ---------------------------------------------------------------------------------------------------
// The command line

fn travelmap(args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_travelmap"))
        .args(args)
        .env_remove("RUST_LOG")
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn check_prints_ok_and_a_summary_for_a_good_file_of_any_format() {
    for name in [
        "spring-2025.csv",
        "google-earth.kml",
        "st-petersburg.geojson",
    ] {
        let path = fixture(name);
        let (ok, stdout, stderr) = travelmap(&["check", &path.display().to_string()]);
        assert!(ok, "{name}: {stderr}");
        assert!(stdout.starts_with("ok: "), "{stdout}");
    }
}

#[test]
fn check_prints_every_problem_as_file_line_column_record_field_message() {
    let path = fixture("broken/bad-lat.csv").display().to_string();
    let (ok, _, stderr) = travelmap(&["check", &path]);
    assert!(!ok);
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(
        lines.first().copied(),
        Some(
            format!("{path}:3:5: meeting \"kremlin-0806\", lat: \"55,7517\" is not a number")
                .as_str()
        ),
        "{stderr}"
    );
    assert!(
        lines
            .get(1)
            .is_some_and(|l| l.starts_with(&format!("{path}:4:7: meeting \"geneva-1123\", tz: "))),
        "{stderr}"
    );
    let syntax = fixture("broken/missing-comma.geojson")
        .display()
        .to_string();
    let (ok, _, stderr) = travelmap(&["check", &syntax]);
    assert!(!ok);
    assert!(
        stderr.starts_with(&format!("{syntax}:5:25: expected `,`")),
        "{stderr}"
    );
}

#[test]
fn export_converts_any_format_and_writes_the_output_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("trips.ics");
    let input = fixture("google-earth.kml").display().to_string();
    let (ok, stdout, stderr) =
        travelmap(&["export", "ics", &input, "-o", &out.display().to_string()]);
    assert!(ok, "{stderr}");
    assert!(stdout.is_empty());
    let ics = std::fs::read_to_string(&out).unwrap();
    assert_eq!(ics.matches("BEGIN:VEVENT").count(), 2);
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        1,
        "no temporary left"
    );
    let (ok, stdout, _) = travelmap(&["export", "csv"]);
    assert!(ok);
    assert!(
        stdout.starts_with("kind,id,people,"),
        "the bundled dataset by default"
    );
}

#[test]
fn export_refuses_a_file_with_problems_rather_than_write_part_of_it() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.geojson");
    let input = fixture("broken/bad-lat.csv").display().to_string();
    let (ok, _, stderr) = travelmap(&[
        "export",
        "geojson",
        &input,
        "-o",
        &out.display().to_string(),
    ]);
    assert!(!ok);
    assert!(stderr.contains("not exported"), "{stderr}");
    assert!(!out.exists());
}

// ---------------------------------------------------------------------------------------------------
// No input makes an importer panic

/// Runs every importer on `text`; each must return, `Ok` or `Err`.
fn import_everywhere(text: &str) {
    for format in IMPORTABLE {
        let _ = import_str(text, "fuzz", format);
    }
}

#[test]
fn the_inputs_that_once_broke_an_importer_are_handled() {
    let dir = fixture("regressions");
    let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    let mut count = 0;
    for entry in entries.flatten() {
        let bytes = std::fs::read(entry.path()).unwrap_or_default();
        import_everywhere(&String::from_utf8_lossy(&bytes));
        let _ = import_path(&entry.path());
        count += 1;
    }
    assert!(count > 0, "the regression cases are in {}", dir.display());
}

#[test]
fn deep_nesting_is_an_error_in_every_format_not_a_stack_overflow() {
    let json = format!(
        "{{\"type\": \"FeatureCollection\", \"features\": {}{}}}",
        "[".repeat(200_000),
        "]".repeat(200_000)
    );
    assert!(import_str(&json, "deep", Format::GeoJson).is_err());
    assert!(import_str(&json, "deep", Format::Json).is_err());
    let xml = format!("<kml>{}</kml>", "<Folder>".repeat(200_000));
    assert!(import_str(&xml, "deep", Format::Kml).is_err());
}

/// The fixtures the mutations start from, made once.
fn seeds() -> &'static [String] {
    static SEEDS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    SEEDS.get_or_init(make_seeds)
}

fn make_seeds() -> Vec<String> {
    let mut seeds: Vec<String> = [
        "st-petersburg.geojson",
        "spring-2025.csv",
        "google-earth.kml",
    ]
    .iter()
    .map(|name| read_fixture(name))
    .collect();
    seeds.push(data::BUNDLED_JSON.to_owned());
    let d = bundled();
    seeds.extend([Format::GeoJson, Format::Csv, Format::Kml].map(|f| {
        let text = export(&d, f).unwrap_or_else(|e| panic!("{e}"));
        // The first few records are enough, and keep each case fast.
        text.char_indices()
            .nth(6000)
            .map_or(text.clone(), |(i, _)| text[..i].to_owned())
    }));
    seeds
}

/// One edit to a text: what the fuzzers of parsers find most often.
#[derive(Clone, Debug)]
enum Edit {
    Delete(prop::sample::Index, usize),
    Insert(prop::sample::Index, String),
    Duplicate(prop::sample::Index, usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    let token = prop_oneof![
        Just("{".to_owned()),
        Just("}".to_owned()),
        Just("[".to_owned()),
        Just("\"".to_owned()),
        Just(",".to_owned()),
        Just(";".to_owned()),
        Just("\n".to_owned()),
        Just("<".to_owned()),
        Just("</".to_owned()),
        Just("&".to_owned()),
        Just("&#0;".to_owned()),
        Just("<![CDATA[".to_owned()),
        Just("NaN".to_owned()),
        Just("1e999".to_owned()),
        Just("-999".to_owned()),
        Just("~".to_owned()),
        Just("T25:99".to_owned()),
        Just("+99:99".to_owned()),
        Just("null".to_owned()),
        Just("\u{feff}".to_owned()),
        "\\PC{0,4}",
    ];
    prop_oneof![
        (any::<prop::sample::Index>(), 1..40usize).prop_map(|(i, n)| Edit::Delete(i, n)),
        (any::<prop::sample::Index>(), token).prop_map(|(i, t)| Edit::Insert(i, t)),
        (any::<prop::sample::Index>(), 1..200usize).prop_map(|(i, n)| Edit::Duplicate(i, n)),
    ]
}

fn apply(text: &str, edits: &[Edit]) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for e in edits {
        let len = bytes.len().max(1);
        match e {
            Edit::Delete(at, n) => {
                let at = at.index(len).min(bytes.len());
                let end = (at + n).min(bytes.len());
                bytes.drain(at..end);
            }
            Edit::Insert(at, token) => {
                let at = at.index(len).min(bytes.len());
                bytes.splice(at..at, token.bytes());
            }
            Edit::Duplicate(at, n) => {
                let at = at.index(len).min(bytes.len());
                let end = (at + n).min(bytes.len());
                let copy = bytes[at..end].to_vec();
                bytes.splice(at..at, copy);
            }
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

proptest! {
    // PROPTEST_CASES=100000 cargo test --test formats no_importer  runs a longer search.
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(256),
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource("proptest-regressions"))),
        ..ProptestConfig::default()
    })]

    #[test]
    fn no_importer_panics_on_random_bytes(bytes in prop::collection::vec(any::<u8>(), 0..2000)) {
        import_everywhere(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn no_importer_panics_on_random_structure(
        text in "[{}\\[\\]\",:;<>/=!?&#a-zA-Z0-9 .~+\\-\n]{0,400}",
    ) {
        import_everywhere(&text);
    }

    #[test]
    fn no_importer_panics_on_a_mutated_fixture(
        seed in 0..7usize,
        edits in prop::collection::vec(edit(), 1..6),
    ) {
        let seeds = seeds();
        let text = apply(&seeds[seed % seeds.len()], &edits);
        import_everywhere(&text);
    }
}

#[test]
fn a_header_in_any_case_with_semicolons_is_recognised_and_read() {
    let csv =
        "Kind;ID;Place;Lat;Lon;TZ;Start\nmeeting;m1;Kremlin;55.75;37.61;Europe/Moscow;2025-04-25\n";
    assert_eq!(detect(Path::new("x"), csv), Some(Format::Csv));
    let (d, problems) = import_str(csv, "x.csv", Format::Csv).unwrap();
    assert_eq!(problems, []);
    assert_eq!(d.meetings.len(), 1);
}

/// A native file of `meetings` meetings, one a line as `travelmap` writes them; meeting `bad` names a
/// place that does not exist. Returns the text and the line of the bad meeting.
fn large_native(meetings: usize, bad: usize) -> (String, usize) {
    let mut text = String::from(
        "{\n\"format\": \"travelmap/1\",\n\"title\": \"large\",\n\"places\": [\n\
         {\"id\": \"a\", \"name\": \"A\", \"lat\": 1, \"lon\": 2, \"tz\": \"Europe/Moscow\"},\n\
         {\"id\": \"b\", \"name\": \"B\", \"lat\": 3, \"lon\": 4, \"tz\": \"UTC\"}\n],\n\
         \"people\": [{\"id\": \"p\", \"name\": \"P\"}, {\"id\": \"q\", \"name\": \"Q\"}],\n\
         \"sources\": [],\n\"legs\": [],\n\"meetings\": [\n",
    );
    let first_line = text.matches('\n').count() + 1;
    for i in 0..meetings {
        let place = if i == bad {
            "nowhere"
        } else {
            ["a", "b"][i % 2]
        };
        let comma = if i + 1 == meetings { "" } else { "," };
        text.push_str(&format!(
            "{{\"id\": \"m{i}\", \"place\": \"{place}\", \"start\": \"2025-04-{:02}T{:02}:30:00Z\", \
             \"duration\": [{{\"text\": \"an hour\", \"minutes\": 60}}], \"participants\": [\"p\", \"q\"]}}{comma}\n",
            1 + i % 28,
            i % 24
        ));
    }
    text.push_str("]\n}\n");
    (text, first_line + bad)
}

/// The parallel reader of large native files keeps positions exact: a bad record near the end of a
/// 100,000-meeting file is reported at its line and column, as for a small file, and so is a syntax
/// error there.
#[test]
fn problems_near_the_end_of_a_large_file_are_at_their_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("large.json");
    let (text, line) = large_native(100_000, 99_990);
    std::fs::write(&path, &text).unwrap();
    let (d, problems) = import_path(&path).unwrap();
    assert_eq!(d.meetings.len(), 99_999);
    let [p] = problems.as_slice() else {
        panic!("{problems:?}")
    };
    assert_eq!(p.record, "meetings[99990] \"m99990\"");
    assert_eq!(
        (p.field.as_str(), p.line, p.column),
        ("place", Some(line), Some(18))
    );
    assert_eq!(p.message, "unknown place \"nowhere\"");
    assert_eq!(
        (d.meetings[5].id.as_str(), d.meetings[99_998].id.as_str()),
        ("m5", "m99999")
    );
    // The same from the text in memory.
    let (again, problems_again) = data::load_str_lenient(&text, "large.json").unwrap();
    assert_eq!((&again, &problems_again), (&d, &problems));

    let broken = text.replacen("\"m99995\", \"place\"", "\"m99995\" \"place\"", 1);
    std::fs::write(&path, &broken).unwrap();
    let err = import_path(&path).unwrap_err();
    let LoadError::Syntax {
        line: l,
        column,
        message,
        ..
    } = &err
    else {
        panic!("{err}")
    };
    assert_eq!((*l, *column), (line + 5, 17), "{err}");
    assert_eq!(message, "expected `,` or `}`");
}
