//! The time index on 100,000 legs and 1,000,000 meetings: building it (`time_query/build_1m`), and the
//! queries every frame makes, at random cursors.

#![allow(clippy::expect_used)]

use std::cell::OnceCell;
use std::hint::black_box;
use std::time::Duration;

use chrono::{DateTime, Utc};
use criterion::{Criterion, SamplingMode};
use travelmap::data::Dataset;
use travelmap::timeline::{RecordFilter, TimeIndex};

#[path = "support/mode.rs"]
mod mode;
#[path = "support/synthetic.rs"]
mod synthetic;

struct Fixture {
    data: Dataset,
    index: TimeIndex,
    /// Random cursors over the whole range, visited in turn.
    cursors: Vec<DateTime<Utc>>,
}

fn fixture() -> Fixture {
    let config = mode::synthetic_config();
    let text = synthetic::generate_json(&config).expect("generating the synthetic dataset");
    let data = travelmap::data::load_str(&text, "synthetic.json").expect("loading it");
    let index = TimeIndex::new(&data, &RecordFilter::default());
    let (start, end) = index.range().expect("a time range");
    let span_ms = (end - start).num_milliseconds();
    let mut rng = synthetic::Rng::new(7);
    let cursors = (0..4096)
        .map(|_| start + chrono::Duration::milliseconds(rng.below(span_ms as usize) as i64))
        .collect();
    Fixture {
        data,
        index,
        cursors,
    }
}

fn main() {
    let mut c = Criterion::default().configure_from_args();
    let cell = OnceCell::new();
    let get = || cell.get_or_init(fixture);
    let mut group = c.benchmark_group("time_query");
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(8));
    group.bench_function("build_1m", |b| {
        let f = get();
        b.iter_with_large_drop(|| TimeIndex::new(&f.data, &RecordFilter::default()));
    });
    group
        .sample_size(50)
        .sampling_mode(SamplingMode::Auto)
        .measurement_time(Duration::from_secs(3));
    let mut i = 0;
    let mut next = |f: &Fixture| {
        i = (i + 1) % f.cursors.len();
        f.cursors[i]
    };
    group.bench_function("legs_in_progress_1m", |b| {
        let f = get();
        b.iter(|| {
            f.index
                .legs_in_progress(next(f))
                .map(|(_, x)| x)
                .sum::<f64>()
        });
    });
    group.bench_function("meetings_under_way_1m", |b| {
        let f = get();
        b.iter(|| f.index.meetings_under_way(next(f)).count());
    });
    group.bench_function("events_in_day_1m", |b| {
        let f = get();
        b.iter(|| {
            let t = next(f);
            f.index.events_in(t, t + chrono::Duration::days(1)).len()
        });
    });
    group.bench_function("next_event_1m", |b| {
        let f = get();
        b.iter(|| black_box(f.index.next_event(next(f))).is_some());
    });
    group.bench_function("legs_flown_by_1m", |b| {
        let f = get();
        b.iter(|| f.index.legs_flown_by(next(f)).len());
    });
    group.finish();
    c.final_summary();
}
