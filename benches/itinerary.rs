//! Importing itineraries, the whole way a file goes in (`formats::load_str`): reading the CSV, column
//! roles, dates, geocoding each distinct place text once, validating and inferring flights.
//! `itinerary/100k_stays_10k_places` is 100,000 rows over 10,000 distinct place texts;
//! `itinerary/4k_stays` is 4,000 rows over 400 texts, a long real list of official trips. The embedded
//! gazetteer is parsed before measuring (`geocode/gazetteer_parse` measures that). `cargo test --benches`
//! runs each once on a tenth of the rows.

#![allow(clippy::expect_used)]

use std::fmt::Write as _;
use std::time::Duration;

use criterion::{Criterion, SamplingMode};
use travelmap::data::gazetteer::Gazetteer;
use travelmap::data::geocode::Geocoder;
use travelmap::formats::{self, Format, LoadOptions};

#[path = "support/mode.rs"]
#[allow(dead_code)]
mod mode;
#[path = "support/synthetic.rs"]
mod synthetic;

/// `rows` stays by 500 travellers over `places` distinct place texts (gazetteer cities with their
/// country column, a tenth with the country in the text instead), deterministically.
fn itinerary_csv(rows: usize, places: usize) -> String {
    let cities = Gazetteer::bundled().cities();
    let texts: Vec<(String, String)> = (0..places)
        .map(|i| {
            let c = &cities[(i * 7919) % cities.len()];
            if i % 10 == 0 {
                (format!("\"{}, {}\"", c.name, c.country), String::new())
            } else {
                (format!("\"{}\"", c.name), format!("\"{}\"", c.country))
            }
        })
        .collect();
    let mut out = String::from("traveller,arrived,departed,city,country,notes\n");
    let start = chrono::NaiveDate::from_ymd_opt(1950, 1, 1).expect("a date");
    for i in 0..rows {
        let person = i % 500;
        // Each traveller's stays follow one another: three days each, a day apart.
        let day = start + chrono::Duration::days(((i / 500) * 4) as i64 + (person % 7) as i64);
        let end = day + chrono::Duration::days(2);
        let (place, country) = &texts[(i * 31) % texts.len()];
        let _ = writeln!(
            out,
            "Traveller {person},{},{},{place},{country},Row {i}",
            day.format("%Y-%m-%d"),
            end.format("%-d %B %Y")
        );
    }
    out
}

fn main() {
    let mut c = Criterion::default().configure_from_args();
    let scale = if mode::benchmarking() { 1 } else { 10 };
    let large = itinerary_csv(100_000 / scale, 10_000 / scale);
    let small = itinerary_csv(4_000 / scale, 400 / scale);
    // Parsed once, as the app does off the UI thread at start.
    let _ = Geocoder::bundled();
    let options = LoadOptions::default();
    let load = |text: &str| {
        let loaded =
            formats::load_str(text, "itinerary.csv", Format::Csv, &options).expect("it loads");
        assert!(loaded.problems.is_empty(), "{:?}", loaded.problems.first());
        loaded
    };
    let loaded = load(&large);
    eprintln!(
        "itinerary: {} stays, {} places, {} inferred legs; {}",
        loaded.data.stays.len(),
        loaded.data.places.len(),
        loaded.data.inferred_legs(),
        loaded.data.geocode_summary().unwrap_or_default()
    );
    let mut group = c.benchmark_group("itinerary");
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(20));
    group.bench_function("100k_stays_10k_places", |b| {
        b.iter_with_large_drop(|| load(&large));
    });
    group.measurement_time(Duration::from_secs(5));
    group.bench_function("4k_stays", |b| {
        b.iter_with_large_drop(|| load(&small));
    });
    group.finish();
    c.final_summary();
}
