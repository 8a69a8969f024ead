//! `travelmap who-met`, run as a program: the header, meetings from the bundled data, and co-presence
//! worked out from a spreadsheet of stays.

use std::path::Path;
use std::process::Command;

const HEADER: &str = "person_a,person_b,city,geonames_id,start,end,kind,evidence,sources";

fn who_met(args: &[&str]) -> (String, String, bool) {
    let out = Command::new(env!("CARGO_BIN_EXE_travelmap"))
        .arg("who-met")
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("running travelmap: {e}"));
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.success(),
    )
}

fn write_stays(dir: &Path) -> String {
    let path = dir.join("stays.csv");
    std::fs::write(
        &path,
        "traveller,arrived,departed,city,country\n\
         Anna Berg,2025-01-01,2025-01-05,Geneva,Switzerland\n\
         Boris Lind,2025-01-05,2025-01-09,Geneva,Switzerland\n\
         Clara Ruiz,2025-01-06,2025-01-07,Geneva,Switzerland\n\
         Clara Ruiz,2025-01-08,2025-01-08,Geneva,Switzerland\n\
         Anna Berg,2025-01-06,2025-01-09,Switzerland,\n\
         Dora Kim,2025-01-01,2025-01-09,Paris,France\n",
    )
    .unwrap_or_else(|e| panic!("writing the stays: {e}"));
    path.display().to_string()
}

#[test]
fn the_bundled_data_lists_witkoff_meeting_putin_in_st_petersburg_on_11_april() {
    let (out, err, ok) = who_met(&[]);
    assert!(ok, "{err}");
    let mut lines = out.lines();
    assert_eq!(lines.next(), Some(HEADER));
    assert!(
        out.lines().any(|l| l
            == "Steve Witkoff,Vladimir Putin,St Petersburg,,2025-04-11T14:30:00Z,\
                2025-04-11T19:00:00Z,meeting,stpete-0411-putin,\
                moscowtimes-88689;tass-1942591;seed-2025-04-11"),
        "{out}"
    );
    // A day-precision meeting is written as its local day.
    assert!(
        out.lines().any(|l| l.starts_with(
            "Steve Witkoff,Vladimir Putin,Moscow,,2025-02-11,2025-02-11,meeting,moscow-0211,"
        )),
        "{out}"
    );
}

#[test]
fn person_and_with_pick_one_pair_in_either_order() {
    let (out, err, ok) = who_met(&["--person", "vladimir putin", "--with", "witkoff"]);
    assert!(ok, "{err}");
    let rows: Vec<_> = out.lines().skip(1).collect();
    assert!(!rows.is_empty());
    assert!(
        rows.iter()
            .all(|l| l.starts_with("Steve Witkoff,Vladimir Putin,")),
        "{out}"
    );
    let (_, err, ok) = who_met(&["--person", "Nobody Atall"]);
    assert!(!ok);
    assert!(err.contains("no person called \"Nobody Atall\""), "{err}");
}

#[test]
fn stays_sharing_days_in_a_city_are_co_presences_with_first_and_last_shared_day() {
    let dir = tempfile::tempdir().unwrap();
    let file = write_stays(dir.path());
    let (out, err, ok) = who_met(&[&file]);
    assert!(ok, "{err}");
    let rows: Vec<_> = out.lines().collect();
    assert_eq!(
        rows,
        [
            HEADER,
            // 1–5 and 5–9 January share the 5th.
            "Anna Berg,Boris Lind,Geneva,2660646,2025-01-05,2025-01-05,co-presence,stay-2;stay-3,",
            // Two stays on touching days are one encounter; Anna's stay placed only by its country
            // and Dora's in Paris are nobody's company.
            "Boris Lind,Clara Ruiz,Geneva,2660646,2025-01-06,2025-01-08,co-presence,stay-3;stay-4;stay-5,",
        ],
        "{out}"
    );
    let (out, _, ok) = who_met(&[&file, "--min-overlap", "2d"]);
    assert!(ok);
    assert_eq!(out.lines().count(), 2, "only the three-day overlap: {out}");
    let (out, _, ok) = who_met(&[&file, "--format", "json", "--person", "anna berg"]);
    assert!(ok);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json[0]["person_b"], "Boris Lind");
    assert_eq!(json[0]["geonames_id"], 2_660_646);
    assert_eq!(json[0]["evidence"][1], "stay-3");
    assert_eq!(json.as_array().unwrap().len(), 1);
}

/// A small deterministic generator, so the test needs no crate and fails the same way every time.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n
    }
}

#[test]
fn co_presences_are_exactly_the_shared_days_counted_independently_in_the_cities_as_written() {
    use std::collections::{BTreeMap, BTreeSet};
    let cities = [
        ("Geneva", "Switzerland"),
        ("New Delhi", "India"),
        ("Paris", "France"),
        ("Moscow", "Russia"),
        ("Washington", "United States"),
        ("Tokyo", "Japan"),
        ("Vienna", "Austria"),
        ("Cairo", "Egypt"),
        // The gazetteer calls it New York City; lines name it as the file does.
        ("New York", "United States"),
    ];
    let base = chrono::NaiveDate::from_ymd_opt(1961, 1, 1).unwrap();
    let mut rng = Lcg(42);
    let mut csv = String::from("traveller,arrived,departed,city,country\n");
    // Each person's stays, one after another: (person, city, first day, last day).
    let mut stays = Vec::new();
    for p in 0..24 {
        let mut day = rng.below(30) as i64;
        for _ in 0..12 {
            let (city, country) = cities[rng.below(cities.len() as u64) as usize];
            let last = day + rng.below(9) as i64;
            let (a, b) = (
                base + chrono::Duration::days(day),
                base + chrono::Duration::days(last),
            );
            csv.push_str(&format!("Person {p:02},{a},{b},{city},{country}\n"));
            stays.push((p, city, day, last));
            day = last + 1 + rng.below(4) as i64;
        }
    }
    // The independent count: every day two people's stays in one city share.
    let mut expected: BTreeMap<(String, String, &str), BTreeSet<i64>> = BTreeMap::new();
    for (i, a) in stays.iter().enumerate() {
        for b in &stays[i + 1..] {
            if a.0 != b.0 && a.1 == b.1 {
                let (lo, hi) = (a.2.max(b.2), a.3.min(b.3));
                let (x, y) = (format!("Person {:02}", a.0), format!("Person {:02}", b.0));
                let key = if x < y { (x, y, a.1) } else { (y, x, a.1) };
                expected.entry(key).or_default().extend(lo..=hi);
            }
        }
    }
    expected.retain(|_, days| !days.is_empty());
    assert!(expected.len() > 50, "the data has overlaps to find");

    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("generated.csv");
    std::fs::write(&path, csv).unwrap_or_else(|e| panic!("{e}"));
    let (out, err, ok) = who_met(&[&path.display().to_string(), "--format", "csv"]);
    assert!(ok, "{err}");
    let mut found: BTreeMap<(String, String, &str), BTreeSet<i64>> = BTreeMap::new();
    for line in out.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        assert_eq!(f[6], "co-presence", "{line}");
        let city = cities
            .iter()
            .map(|c| c.0)
            .find(|c| *c == f[2])
            .unwrap_or_else(|| panic!("the city as written: {line}"));
        let day = |s: &str| {
            (chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
                .unwrap_or_else(|e| panic!("{s}: {e}"))
                - base)
                .num_days()
        };
        let days = found
            .entry((f[0].to_owned(), f[1].to_owned(), city))
            .or_default();
        days.extend(day(f[4])..=day(f[5]));
    }
    assert_eq!(found, expected);
}
