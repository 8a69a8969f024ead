//! Co-presence: `Encounters::compute` (every meeting per pair, and every co-presence swept per city) on
//! the bundled dataset and on the synthetic one with 100,000 legs, 1,000,000 meetings and 200 people
//! (generated in memory once); and `co_presences_synthetic_1m`, the co-presences alone, which is what
//! the window works out in the background after opening a large file. `cargo test --benches` runs it
//! once on a small dataset.

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

/// User and system CPU time of the whole process so far, from `/proc/self/stat` (0 where there is
/// none): on a shared machine, what the work cost apart from waiting for a core.
fn process_cpu_secs() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // The fields after the command name (which is in parentheses and may hold spaces).
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after the name; 100 ticks a second.
    (ticks(11) + ticks(12)) / 100.0
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
    let cpu_before = process_cpu_secs();
    let once = Encounters::compute(&synthetic, &cities);
    let cpu = process_cpu_secs() - cpu_before;
    let meetings = once
        .all()
        .iter()
        .filter(|e| e.kind == EncounterKind::Meeting)
        .count();
    eprintln!(
        "synthetic: {} legs, {} meetings, {} people: {} meeting encounters, {} co-presences in {:.2} s ({} threads, {:.2} s of CPU)",
        synthetic.legs.len(),
        synthetic.meetings.len(),
        synthetic.people.len(),
        meetings,
        once.len() - meetings,
        started.elapsed().as_secs_f64(),
        rayon::current_num_threads(),
        cpu,
    );
    drop(once);
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .measurement_time(Duration::from_secs(20));
    group.bench_function("synthetic_1m", |b| {
        b.iter_with_large_drop(|| Encounters::compute(&synthetic, &cities));
    });
    group.bench_function("co_presences_synthetic_1m", |b| {
        b.iter_with_large_drop(|| {
            Encounters::co_presences_with_progress(&synthetic, &cities, &0.into())
        });
    });
    group.finish();
    c.final_summary();
}
