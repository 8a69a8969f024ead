//! Co-presence: `Encounters::compute` (every meeting per pair, and every co-presence swept per city) on
//! the bundled dataset and on the synthetic one with 100,000 legs, 1,000,000 meetings and 200 people
//! (generated in memory once). `cargo test --benches` runs it once on a small dataset.

#![allow(clippy::expect_used)]

use std::time::{Duration, Instant};

use criterion::{Criterion, SamplingMode};
use travelmap::data::{self, Cities, Dataset};
use travelmap::encounters::{EncounterKind, Encounters};

#[path = "support/mode.rs"]
mod mode;
#[path = "support/synthetic.rs"]
mod synthetic;

fn synthetic_dataset() -> Dataset {
    let config = mode::synthetic_config();
    let (file, _) = synthetic::generate(&config).expect("generating the synthetic dataset");
    let (data, problems) = data::validate(&file);
    assert!(problems.is_empty(), "synthetic data has problems");
    data
}

fn main() {
    let mut c = Criterion::default().configure_from_args();
    let mut group = c.benchmark_group("encounters");
    group
        .sample_size(50)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    let bundled = data::bundled().expect("bundled loads");
    let bundled_cities = Cities::new(&bundled);
    group.bench_function("bundled", |b| {
        b.iter_with_large_drop(|| Encounters::compute(&bundled, &bundled_cities));
    });
    let synthetic = synthetic_dataset();
    let cities = Cities::new(&synthetic);
    let started = Instant::now();
    let once = Encounters::compute(&synthetic, &cities);
    let meetings = once
        .all()
        .iter()
        .filter(|e| e.kind == EncounterKind::Meeting)
        .count();
    eprintln!(
        "synthetic: {} legs, {} meetings, {} people: {} meeting encounters, {} co-presences in {:.2} s ({} threads)",
        synthetic.legs.len(),
        synthetic.meetings.len(),
        synthetic.people.len(),
        meetings,
        once.len() - meetings,
        started.elapsed().as_secs_f64(),
        rayon::current_num_threads(),
    );
    drop(once);
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .measurement_time(Duration::from_secs(20));
    group.bench_function("synthetic_1m", |b| {
        b.iter_with_large_drop(|| Encounters::compute(&synthetic, &cities));
    });
    group.finish();
    c.final_summary();
}
