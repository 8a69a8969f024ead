//! One full UI frame of the app while scrubbing the timeline: `frame/bundled` (the bundled dataset)
//! and `frame/synthetic_1m` (100,000 legs and 1,000,000 meetings, generated in memory once); and
//! `frame/synthetic_1m_zooming`, the same while the zoom changes every frame, so that no route's mesh
//! can be reused (the worst case for the map's per-zoom memo); and `frame/synthetic_1m_editor`, scrubbing
//! with the editor open on its meetings form (whose checks must not read every record each frame).
//! The scrubbing frames include the flow layer (every leg of the window in one texture, brought up to
//! date with the legs that entered or left it); `frame/flow_layer_rebuild_1m` draws that layer from
//! nothing for all 100,000 legs at the fitted view, 1280 × 800 pixels, and colours it, as after a zoom.
//!
//! Besides criterion's estimates, `cargo bench --bench frame` prints p50/p95/p99 over 500 frames of
//! each dataset it ran, split into `run_ui` (layout and painting) and tessellation.

#![allow(clippy::expect_used)]

use std::time::{Duration, Instant};

use criterion::Criterion;

#[path = "support/frame.rs"]
mod frame;
#[path = "support/mode.rs"]
mod mode;
#[path = "support/synthetic.rs"]
mod synthetic;

use frame::Scrubber;

/// Frames in the percentile run.
const PERCENTILE_FRAMES: usize = 500;

fn synthetic_scrubber() -> Scrubber {
    let config = mode::synthetic_config();
    let started = Instant::now();
    let text = synthetic::generate_json(&config).expect("generating the synthetic dataset");
    let generated = started.elapsed();
    let data =
        travelmap::data::load_str(&text, "synthetic.json").expect("loading the synthetic dataset");
    drop(text);
    let loaded = started.elapsed();
    let s = Scrubber::new(data, "synthetic.json");
    eprintln!(
        "synthetic dataset: {} legs, {} meetings; generated in {:.1} s, loaded in {:.1} s, app ready in {:.1} s",
        config.legs,
        config.meetings,
        generated.as_secs_f64(),
        (loaded - generated).as_secs_f64(),
        (started.elapsed() - loaded).as_secs_f64()
    );
    s
}

fn main() {
    let mut c = Criterion::default().configure_from_args();
    let mut bundled: Option<Scrubber> = None;
    let mut synthetic: Option<Scrubber> = None;
    {
        let mut group = c.benchmark_group("frame");
        group
            .sample_size(50)
            .warm_up_time(Duration::from_secs(2))
            .measurement_time(Duration::from_secs(5));
        group.bench_function("bundled", |b| {
            let s = bundled.get_or_insert_with(|| {
                Scrubber::new(
                    travelmap::data::bundled().expect("the bundled dataset"),
                    "bundled",
                )
            });
            b.iter(|| s.frame());
        });
        group.bench_function("synthetic_1m", |b| {
            let s = synthetic.get_or_insert_with(synthetic_scrubber);
            b.iter(|| s.frame());
        });
        group.bench_function("synthetic_1m_zooming", |b| {
            let s = synthetic.get_or_insert_with(synthetic_scrubber);
            s.zooming = true;
            b.iter(|| s.frame());
            s.zooming = false;
        });
        group.bench_function("flow_layer_rebuild_1m", |b| {
            use travelmap::map::flow_layer::{FlowLayer, PixelView, Tone};
            let s = synthetic.get_or_insert_with(synthetic_scrubber);
            let app = &s.app;
            let arrivals = travelmap::map::visible::arrivals(&app.index);
            let center = app.scene.bounds.map_or([0.5, 0.5], |b| {
                travelmap::geodesy::web_mercator_unit(b.mercator_center())
            });
            let view = PixelView::new(
                center,
                app.memory.zoom(),
                1.0,
                frame::WINDOW[0] as usize,
                frame::WINDOW[1] as usize,
            );
            let tone = Tone::new([200, 60, 40], 0.3, [150, 25, 35], 64);
            b.iter(|| {
                let mut layer = FlowLayer::default();
                layer.update(
                    &app.scene,
                    arrivals,
                    app.index.id(),
                    0..arrivals.len(),
                    Some(view),
                    1.0,
                );
                layer
                    .take_dirty()
                    .into_iter()
                    .map(|band| layer.colours(band, &tone, |c| c).len())
                    .sum::<usize>()
                    + layer.legs()
            });
        });
        group.bench_function("synthetic_1m_editor", |b| {
            let s = synthetic.get_or_insert_with(synthetic_scrubber);
            s.app.settings.editor_shown = true;
            s.app.editor.tab = travelmap::ui::editor::Tab::Meetings;
            b.iter(|| s.frame());
            s.app.settings.editor_shown = false;
        });
        group.finish();
    }
    c.final_summary();
    if mode::benchmarking() {
        if let Some(s) = &mut bundled {
            frame::print_percentiles("frame/bundled", s, PERCENTILE_FRAMES);
        }
        if let Some(s) = &mut synthetic {
            frame::print_percentiles("frame/synthetic_1m", s, PERCENTILE_FRAMES);
            s.zooming = true;
            frame::print_percentiles("frame/synthetic_1m_zooming", s, PERCENTILE_FRAMES);
        }
    }
}
