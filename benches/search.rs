//! Search and the events table on 100,000 legs and 1,000,000 meetings (the synthetic dataset the other
//! benches use): building the search index (`search/build_1m`), one keystroke in the search window
//! (`search/keystroke_1m`: a query typed letter by letter, each letter answered in full: matched,
//! counted, first hits listed; and `search/keystroke_filtered_1m` with a record filter set), one
//! keystroke in the events table (`search/table_keystroke_1m`: the rows narrowed and put in order
//! again), and a whole app frame with the events table open and scrolling
//! (`search/table_frame_1m`). Goals: a keystroke ≤ 30 ms, a frame ≤ 4 ms of CPU.
//!
//! Besides criterion's estimates, `cargo bench --bench search` prints p50/p95/p99 of the table frame
//! and the CPU time of a frame on this thread's clock.

#![allow(clippy::expect_used)]

use std::cell::OnceCell;
use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{Criterion, SamplingMode};
use egui::{Pos2, RawInput, Rect, vec2};
use travelmap::app::{Settings, TravelMapApp};
use travelmap::data::{Certainty, Dataset};
use travelmap::search::{Finder, SearchIndex};
use travelmap::timeline::{RecordFilter, TimeCommand, TimeIndex};
use travelmap::ui::Action;
use travelmap::ui::events_table::EventsTableState;

#[path = "support/frame.rs"]
mod frame;
#[path = "support/mode.rs"]
mod mode;
#[path = "support/synthetic.rs"]
mod synthetic;

/// What is typed, one letter at a time: a topic, a city, a person, a venue.
const TYPED: [&str; 4] = ["ceasefire", "istanbul", "carmen", "embassy"];

fn dataset() -> Dataset {
    let config = mode::synthetic_config();
    let text = synthetic::generate_json(&config).expect("generating the synthetic dataset");
    travelmap::data::load_str(&text, "synthetic.json").expect("loading it")
}

/// Every prefix of every typed word: the queries of successive keystrokes.
fn keystrokes() -> Vec<String> {
    TYPED
        .iter()
        .flat_map(|w| (1..=w.len()).map(move |n| w[..n].to_owned()))
        .collect()
}

/// The app with the events table open, in a headless context; frames scroll the table with the wheel.
struct TableFrames {
    ctx: egui::Context,
    app: TravelMapApp,
    frame: u64,
}

impl TableFrames {
    fn new(data: Dataset) -> Self {
        let ctx = egui::Context::default();
        let settings = Settings {
            events_shown: true,
            ..Settings::default()
        };
        let mut app =
            TravelMapApp::from_dataset(&ctx, data, "synthetic".to_owned(), settings, false);
        let tl = app.timeline();
        let middle = tl.start + (tl.end - tl.start) / 2;
        app.apply(Action::Time(TimeCommand::SetCursor(middle)), &ctx);
        let mut s = Self { ctx, app, frame: 0 };
        for _ in 0..3 {
            s.frame();
        }
        s
    }

    /// One frame, the wheel over the table: down for 1,000 frames, then up for 1,000.
    fn frame(&mut self) -> Duration {
        let [w, h] = frame::WINDOW;
        let over_table = Pos2::new(400.0, 600.0);
        let down = (self.frame / 1_000).is_multiple_of(2);
        let input = RawInput {
            screen_rect: Some(Rect::from_min_size(Pos2::ZERO, vec2(w, h))),
            time: Some(self.frame as f64 / 60.0),
            predicted_dt: 1.0 / 60.0,
            events: vec![
                egui::Event::PointerMoved(over_table),
                egui::Event::MouseWheel {
                    unit: egui::MouseWheelUnit::Point,
                    delta: vec2(0.0, if down { -90.0 } else { 90.0 }),
                    phase: egui::TouchPhase::Move,
                    source: egui::MouseWheelSource::Unknown,
                    modifiers: egui::Modifiers::NONE,
                },
            ],
            ..RawInput::default()
        };
        let started = Instant::now();
        let app = &mut self.app;
        let mut out = self.ctx.run_ui(input, |ui| app.frame_ui(ui));
        out.textures_delta.clear();
        let primitives = self.ctx.tessellate(out.shapes, out.pixels_per_point);
        black_box(primitives);
        self.frame += 1;
        started.elapsed()
    }
}

fn table_percentiles(id: &str, s: &mut TableFrames, n: usize) {
    for _ in 0..50 {
        s.frame();
    }
    let cpu_before = frame::thread_cpu_time();
    let wall = Instant::now();
    let mut times: Vec<Duration> = (0..n).map(|_| s.frame()).collect();
    let wall = wall.elapsed();
    let cpu = frame::thread_cpu_time()
        .zip(cpu_before)
        .map(|(a, b)| a.saturating_sub(b));
    times.sort_unstable();
    let rows = s.app.events.rows().len();
    println!(
        "{id}: {n} frames, {rows} rows; p50 {:.3} ms  p95 {:.3} ms  p99 {:.3} ms  max {:.3} ms",
        frame::percentile_ms(&times, 0.5),
        frame::percentile_ms(&times, 0.95),
        frame::percentile_ms(&times, 0.99),
        frame::percentile_ms(&times, 1.0),
    );
    if let Some(cpu) = cpu {
        println!(
            "{id}: {:.3} ms a frame on this thread's CPU clock ({:.0}% of wall-clock time)",
            cpu.as_secs_f64() * 1e3 / n as f64,
            100.0 * cpu.as_secs_f64() / wall.as_secs_f64().max(1e-9)
        );
    }
}

struct Fixture {
    data: Dataset,
    finder: Finder,
    filtered: Finder,
    index: TimeIndex,
}

fn fixture() -> Fixture {
    let data = dataset();
    let started = Instant::now();
    let finder = Finder::new(&data);
    eprintln!(
        "search index of {} legs and {} meetings built in {:.0} ms",
        data.legs.len(),
        data.meetings.len(),
        started.elapsed().as_secs_f64() * 1e3
    );
    let filter = RecordFilter {
        certainties: [Certainty::Confirmed].into(),
        ..RecordFilter::default()
    };
    let mut filtered = finder.clone();
    filtered.follow_filter(&data, &filter, 1);
    let index = TimeIndex::new(&data, &RecordFilter::default());
    Fixture {
        data,
        finder,
        filtered,
        index,
    }
}

fn main() {
    let mut c = Criterion::default().configure_from_args();
    let cell = OnceCell::new();
    let get = || cell.get_or_init(fixture);
    let typed = keystrokes();
    {
        let mut group = c.benchmark_group("search");
        group
            .sample_size(10)
            .sampling_mode(SamplingMode::Flat)
            .warm_up_time(Duration::from_secs(1))
            .measurement_time(Duration::from_secs(8));
        group.bench_function("build_1m", |b| {
            let f = get();
            b.iter_with_large_drop(|| SearchIndex::new(&f.data));
        });
        group
            .sample_size(30)
            .sampling_mode(SamplingMode::Auto)
            .measurement_time(Duration::from_secs(4));
        let mut i = 0;
        let mut next = || {
            i = (i + 1) % typed.len();
            typed[i].as_str()
        };
        group.bench_function("keystroke_1m", |b| {
            let f = get();
            b.iter(|| {
                f.finder
                    .index
                    .search(next(), f.finder.admitted(), 50)
                    .count()
            });
        });
        group.bench_function("keystroke_filtered_1m", |b| {
            let f = get();
            b.iter(|| {
                f.filtered
                    .index
                    .search(next(), f.filtered.admitted(), 50)
                    .count()
            });
        });
        group.bench_function("table_keystroke_1m", |b| {
            let f = get();
            let mut table = EventsTableState::default();
            b.iter(|| {
                table.query = next().to_owned();
                table.refresh(&f.data, &f.index, &f.finder).len()
            });
        });
        group.finish();
    }
    let mut frames: Option<TableFrames> = None;
    {
        let mut group = c.benchmark_group("search");
        group
            .sample_size(30)
            .warm_up_time(Duration::from_secs(2))
            .measurement_time(Duration::from_secs(5));
        group.bench_function("table_frame_1m", |b| {
            let s = frames.get_or_insert_with(|| TableFrames::new(get().data.clone()));
            b.iter(|| s.frame());
        });
        group.finish();
    }
    c.final_summary();
    if mode::benchmarking()
        && let Some(s) = &mut frames
    {
        table_percentiles("search/table_frame_1m", s, 500);
        // The same frames with the table closed: what the table itself adds.
        s.app.settings.events_shown = false;
        table_percentiles("search/no_table_frame_1m", s, 500);
    }
}
