//! `travelmap render`: one 1600×1000 whole-year PNG of the synthetic dataset (100,000 legs, 1,000,000
//! meetings) including PNG encoding (`render/png_1m`), 52 weekly frames of it (`render/weekly_1m`,
//! measured once), and the bundled dataset as a 20 s, 30 fps, 1280×720 GIF (`render/gif_bundled`, measured
//! once, with its size). `cargo test --benches` runs each once on a small dataset and a short GIF.

#![allow(clippy::expect_used)]

use std::time::{Duration, Instant};

use criterion::Criterion;
use travelmap::render::{Renderer, Settings, anim, encode_png};

#[path = "support/mode.rs"]
mod mode;
#[path = "support/synthetic.rs"]
mod synthetic;

fn synthetic() -> travelmap::data::Dataset {
    let text = synthetic::generate_json(&mode::synthetic_config()).expect("generating");
    travelmap::data::load_str(&text, "synthetic.json").expect("loading")
}

fn settings(width: u32, height: u32) -> Settings {
    Settings {
        width,
        height,
        ..Settings::default()
    }
}

fn main() {
    let mut c = Criterion::default().configure_from_args();
    let data = synthetic();
    let renderer = Renderer::new(&data, settings(1600, 1000));
    let (start, end) = renderer.range().expect("the synthetic data has times");
    let camera = renderer.camera();
    {
        let mut group = c.benchmark_group("render");
        group
            .sample_size(10)
            .warm_up_time(Duration::from_secs(1))
            .measurement_time(Duration::from_secs(5));
        group.bench_function("png_1m", |b| {
            b.iter(|| encode_png(&renderer.raster(end, &camera).expect("raster")).expect("png"));
        });
        group.finish();
    }
    // Longer runs, timed once each.
    let started = Instant::now();
    let weeks = 52;
    for week in 0..weeks {
        let t = start + (end - start) * week / (weeks - 1);
        let png = encode_png(&renderer.raster(t, &camera).expect("raster")).expect("png");
        std::hint::black_box(png);
    }
    eprintln!(
        "render/weekly_1m: {weeks} frames 1600×1000 as PNGs in {:.2} s",
        started.elapsed().as_secs_f64()
    );

    let bundled = travelmap::formats::load_bundled(&travelmap::formats::LoadOptions::default())
        .expect("bundled")
        .data;
    let renderer = Renderer::new(&bundled, settings(1280, 720));
    let (from, to) = renderer.range().expect("the bundled data has times");
    let length = if mode::benchmarking() { 20.0 } else { 1.0 };
    let playback = anim::Playback {
        from,
        to,
        fps: 30,
        pace: anim::Pace::Length(length),
        warp: true,
        follow: false,
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("bundled.gif");
    let started = Instant::now();
    let frames = anim::render(
        &renderer,
        &playback,
        &out,
        anim::Container::Gif,
        &mut |_, _| true,
    )
    .expect("gif");
    let bytes = std::fs::metadata(&out).map_or(0, |m| m.len());
    eprintln!(
        "render/gif_bundled: {frames} frames 1280×720 ({length} s at 30 fps) in {:.2} s, {:.2} MB",
        started.elapsed().as_secs_f64(),
        bytes as f64 / 1e6
    );
    c.final_summary();
}
