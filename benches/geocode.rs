//! Geocoding: `geocode/resolve_10k` resolves 10,000 distinct place texts (city names as records write
//! them: bare, with a country column, with the country after a comma or in parentheses, former names,
//! lists, designations such as "Air Base", misspellings and non-places), the work of importing 100,000
//! stays; `geocode/gazetteer_parse` parses the embedded city and country tables; `geocode/index_build`
//! builds the geocoder's index over the parsed gazetteer. `cargo test --benches` runs each once on 500
//! texts.

#![allow(clippy::expect_used)]

use std::time::Duration;

use criterion::{BatchSize, Criterion};
use travelmap::data::gazetteer::{BUNDLED_COUNTRIES_TSV, BUNDLED_TSV, Gazetteer};
use travelmap::data::geocode::{COUNTRY_NAMES_TSV, Geocoder, PLACES_TSV};

#[path = "support/mode.rs"]
#[allow(dead_code)]
mod mode;
#[path = "support/synthetic.rs"]
mod synthetic;

/// `count` distinct (place, country) texts made from the gazetteer's cities, deterministically.
fn place_texts(count: usize) -> Vec<(String, Option<String>)> {
    let cities = Gazetteer::bundled().cities();
    let mut texts = Vec::with_capacity(count);
    let mut seen = std::collections::HashSet::new();
    let mut i = 0_usize;
    while texts.len() < count && i < cities.len() * 8 {
        let city = &cities[(i * 7919) % cities.len()];
        let next = &cities[(i * 104_729 + 1) % cities.len()];
        let text = match i % 8 {
            0 | 1 => (city.name.clone(), Some(city.country.clone())),
            2 => (city.name.clone(), None),
            3 => (format!("{}, {}", city.name, city.country), None),
            4 => (
                format!("{} ({})", city.name, city.country),
                Some("United Kingdom".to_owned()),
            ),
            5 => (
                format!("{} and {}", city.name, next.name),
                Some(city.country.clone()),
            ),
            6 => (
                format!("{} Air Base", city.name),
                Some(city.country.clone()),
            ),
            _ => {
                // A letter dropped: only an edit-distance match finds it.
                let mut name: Vec<char> = city.name.chars().collect();
                if name.len() > 6 {
                    name.remove(name.len() / 2);
                }
                (name.into_iter().collect(), Some(city.country.clone()))
            }
        };
        if seen.insert(text.clone()) {
            texts.push(text);
        }
        i += 1;
    }
    texts
}

/// The resident set size of this process, in MB, on Linux (`None` elsewhere).
fn rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

/// Prints the memory the gazetteer and the geocoder's index add, and how long the first use takes.
fn report_first_use() {
    let before = rss_mb();
    let start = std::time::Instant::now();
    let gazetteer = Gazetteer::bundled();
    let parsed = start.elapsed();
    let after_gazetteer = rss_mb();
    let geocoder = Geocoder::bundled();
    let built = start.elapsed() - parsed;
    let after_geocoder = rss_mb();
    if let (Some(b), Some(g), Some(i)) = (before, after_gazetteer, after_geocoder) {
        eprintln!(
            "gazetteer: {} cities, {:.1} MB embedded, parsed in {parsed:.2?}, +{:.1} MB resident; \
             geocoder index: {} keys, built in {built:.2?}, +{:.1} MB resident",
            gazetteer.len(),
            (BUNDLED_TSV.len()
                + BUNDLED_COUNTRIES_TSV.len()
                + COUNTRY_NAMES_TSV.len()
                + PLACES_TSV.len()) as f64
                / 1e6,
            g - b,
            geocoder.key_count(),
            i - g,
        );
    }
}

fn main() {
    report_first_use();
    let mut c = Criterion::default().configure_from_args();
    let count = if mode::benchmarking() { 10_000 } else { 500 };
    let geocoder = Geocoder::bundled();
    let texts = place_texts(count);
    let mut group = c.benchmark_group("geocode");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(10));
    group.bench_function("resolve_10k", |b| {
        b.iter(|| {
            texts
                .iter()
                .filter(|(place, country)| {
                    geocoder.resolve(place, country.as_deref()).place.is_some()
                })
                .count()
        });
    });
    group.bench_function("gazetteer_parse", |b| {
        b.iter_with_large_drop(|| Gazetteer::from_tsv(BUNDLED_TSV, BUNDLED_COUNTRIES_TSV));
    });
    group.bench_function("index_build", |b| {
        b.iter_batched(
            || (),
            |()| Geocoder::new(Gazetteer::bundled(), COUNTRY_NAMES_TSV, PLACES_TSV),
            BatchSize::PerIteration,
        );
    });
    group.finish();
    c.final_summary();
}
