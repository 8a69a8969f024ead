//! Loading: `load_str` (parse and validate) of the bundled JSON and of a synthetic file with 100,000
//! legs and 1,000,000 meetings (generated into memory once), and, to split the cost, the serde parse
//! alone of the synthetic file; then what the window works out from the loaded synthetic data
//! before it can show it: `derived_synthetic_1m` (all of [`travelmap::derived::Derived::new`]) and,
//! within it, `scene_synthetic_1m` (the map's cities and routes).

#![allow(clippy::expect_used)]

use std::cell::OnceCell;
use std::time::Duration;

use criterion::{Criterion, SamplingMode};
use travelmap::data::{BUNDLED_JSON, BUNDLED_NAME, FileDataset, load_str};
use travelmap::derived::Derived;
use travelmap::map::scene::Scene;
use travelmap::timeline::RecordFilter;

#[path = "support/mode.rs"]
mod mode;
#[path = "support/synthetic.rs"]
mod synthetic;

fn synthetic_text() -> String {
    let config = mode::synthetic_config();
    let text = synthetic::generate_json(&config).expect("generating the synthetic dataset");
    eprintln!("synthetic file: {:.1} MB", text.len() as f64 / 1e6);
    text
}

fn main() {
    let mut c = Criterion::default().configure_from_args();
    let text = OnceCell::new();
    let mut group = c.benchmark_group("load");
    group
        .sample_size(50)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    group.bench_function("bundled", |b| {
        b.iter_with_large_drop(|| load_str(BUNDLED_JSON, BUNDLED_NAME).expect("bundled loads"));
    });
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .measurement_time(Duration::from_secs(15));
    group.bench_function("synthetic_1m", |b| {
        let text = text.get_or_init(synthetic_text);
        b.iter_with_large_drop(|| load_str(text, "synthetic.json").expect("synthetic loads"));
    });
    group.bench_function("synthetic_1m_parse_only", |b| {
        let text = text.get_or_init(synthetic_text);
        b.iter_with_large_drop(|| {
            serde_json::from_str::<FileDataset>(text).expect("synthetic parses")
        });
    });
    let data = OnceCell::new();
    let data = || {
        data.get_or_init(|| {
            load_str(text.get_or_init(synthetic_text), "synthetic.json").expect("synthetic loads")
        })
    };
    group.bench_function("scene_synthetic_1m", |b| {
        let data = data();
        b.iter_with_large_drop(|| Scene::new(data));
    });
    group.bench_function("derived_synthetic_1m", |b| {
        let data = data();
        b.iter_with_large_drop(|| Derived::new(data, &RecordFilter::default()));
    });
    group.finish();
    c.final_summary();
}
