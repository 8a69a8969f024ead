//! Drives the real app headless, one full frame at a time: layout and paint (`Context::run_ui` with
//! `TravelMapApp::frame_ui`), then tessellation, as the renderer would get it. No GPU and no basemap
//! tiles (those are rasterised on a background thread and drawn as textures).

#![allow(dead_code)]

use std::time::{Duration, Instant};

use egui::{Pos2, RawInput, Rect, vec2};
use travelmap::app::{Settings, TravelMapApp};
use travelmap::data::Dataset;
use travelmap::timeline::TimeCommand;
use travelmap::ui::Action;

/// The window size of the benchmarks, in points (pixels at 1 pixel per point).
pub const WINDOW: [f32; 2] = [1280.0, 800.0];
/// Scrubbing visits this many evenly spaced cursor positions, then starts again.
pub const SCRUB_STEPS: u64 = 1_000;

/// The app in a headless egui context, scrubbed through its time range.
pub struct Scrubber {
    pub ctx: egui::Context,
    pub app: TravelMapApp,
    frame: u64,
    /// Count shapes and vertices (outside the timed parts) for the percentile report.
    pub count_shapes: bool,
    /// Also change the zoom a little every frame, as a scroll wheel or a pinch does: the map then has
    /// to tessellate every route again instead of reusing the meshes of the last frame.
    pub zooming: bool,
    /// The zoom the map was fitted to, which zooming varies around.
    fitted_zoom: Option<f64>,
}

/// Time spent in the two halves of a frame, and what was painted.
#[derive(Clone, Copy, Debug, Default)]
pub struct FrameTimes {
    pub ui: Duration,
    pub tessellate: Duration,
    pub primitives: usize,
    pub shapes: ShapeCount,
}

/// How much a frame painted: shapes, and the points of the polylines among them.
#[derive(Clone, Copy, Debug, Default)]
pub struct ShapeCount {
    pub shapes: usize,
    pub paths: usize,
    pub path_points: usize,
    pub vertices: usize,
}

impl ShapeCount {
    fn add(&mut self, shape: &egui::Shape) {
        match shape {
            egui::Shape::Vec(v) => v.iter().for_each(|s| self.add(s)),
            egui::Shape::Path(p) => {
                self.shapes += 1;
                self.paths += 1;
                self.path_points += p.points.len();
            }
            _ => self.shapes += 1,
        }
    }
}

impl Scrubber {
    pub fn new(data: Dataset, name: &str) -> Self {
        let ctx = egui::Context::default();
        let app =
            TravelMapApp::from_dataset(&ctx, data, name.to_owned(), Settings::default(), false);
        let mut s = Self {
            ctx,
            app,
            frame: 0,
            count_shapes: false,
            zooming: false,
            fitted_zoom: None,
        };
        // The first frames load the fonts and fit the map to the data.
        for _ in 0..3 {
            s.frame();
        }
        s.fitted_zoom = Some(s.app.memory.zoom());
        s
    }

    fn input(&self) -> RawInput {
        RawInput {
            screen_rect: Some(Rect::from_min_size(Pos2::ZERO, vec2(WINDOW[0], WINDOW[1]))),
            time: Some(self.frame as f64 / 60.0),
            predicted_dt: 1.0 / 60.0,
            ..RawInput::default()
        }
    }

    /// Moves the cursor one step along the range (wrapping), the way dragging the timeline does.
    pub fn step_cursor(&mut self) {
        let tl = self.app.timeline();
        let span_ms = (tl.end - tl.start).num_milliseconds();
        let k = (self.frame % SCRUB_STEPS) as i64;
        let t = tl.start + chrono::Duration::milliseconds(span_ms / SCRUB_STEPS as i64 * k);
        self.app
            .apply(Action::Time(TimeCommand::SetCursor(t)), &self.ctx);
    }

    /// One scrubbing frame; returns the number of clipped primitives handed to the renderer.
    pub fn frame(&mut self) -> usize {
        self.timed_frame().primitives
    }

    /// One scrubbing frame, timing its halves.
    pub fn timed_frame(&mut self) -> FrameTimes {
        self.step_cursor();
        if let Some(fitted) = self.fitted_zoom {
            let zoom = if self.zooming {
                // Ten steps of 0.01 inwards from the fitted zoom, and back.
                fitted + 0.01 * (self.frame % 10) as f64
            } else {
                fitted
            };
            if self.app.memory.zoom() != zoom {
                let _ = self.app.memory.set_zoom(zoom);
            }
        }
        let input = self.input();
        let started = Instant::now();
        let app = &mut self.app;
        let mut out = self.ctx.run_ui(input, |ui| app.frame_ui(ui));
        let ui_done = Instant::now();
        // Nothing uploads textures here; dropping an unapplied delta would trip a debug assertion.
        out.textures_delta.clear();
        let shapes = std::mem::take(&mut out.shapes);
        let mut count = ShapeCount::default();
        if self.count_shapes {
            shapes.iter().for_each(|c| count.add(&c.shape));
        }
        let tessellate_started = Instant::now();
        let primitives = self.ctx.tessellate(shapes, out.pixels_per_point);
        let done = Instant::now();
        if self.count_shapes {
            count.vertices = primitives
                .iter()
                .map(|p| match &p.primitive {
                    egui::epaint::Primitive::Mesh(m) => m.vertices.len(),
                    egui::epaint::Primitive::Callback(_) => 0,
                })
                .sum();
        }
        self.frame += 1;
        FrameTimes {
            ui: ui_done - started,
            tessellate: done - tessellate_started,
            primitives: std::hint::black_box(primitives).len(),
            shapes: count,
        }
    }
}

/// Percentiles of a sample of durations, in milliseconds.
pub fn percentile_ms(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() - 1) as f64 * p).round() as usize;
    sorted[i.min(sorted.len() - 1)].as_secs_f64() * 1e3
}

/// CPU time this thread has used (user + system), from `/proc/thread-self/stat` in clock ticks of
/// 10 ms; `None` where there is no such file. Unlike wall-clock time it does not grow when other
/// processes compete for the cores.
pub fn thread_cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").ok()?;
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    Some(Duration::from_millis(ticks * 10))
}

/// Runs `n` frames after a warm-up and prints p50/p95/p99/max of the whole frame and of its halves.
pub fn print_percentiles(id: &str, s: &mut Scrubber, n: usize) {
    for _ in 0..50 {
        s.frame();
    }
    let mut total = Vec::with_capacity(n);
    let mut ui = Vec::with_capacity(n);
    let mut tess = Vec::with_capacity(n);
    let mut primitives = 0;
    let mut shapes = ShapeCount::default();
    let (mut flown, mut in_flight) = (0, 0);
    s.count_shapes = true;
    let cpu_before = thread_cpu_time();
    let wall_before = Instant::now();
    for _ in 0..n {
        let t = s.timed_frame();
        total.push(t.ui + t.tessellate);
        ui.push(t.ui);
        tess.push(t.tessellate);
        primitives = primitives.max(t.primitives);
        shapes.shapes += t.shapes.shapes;
        shapes.paths += t.shapes.paths;
        shapes.path_points += t.shapes.path_points;
        shapes.vertices += t.shapes.vertices;
        flown += s.app.drawn.flown.len();
        in_flight += s.app.drawn.in_flight.len();
    }
    let wall = wall_before.elapsed();
    let cpu = thread_cpu_time()
        .zip(cpu_before)
        .map(|(a, b)| a.saturating_sub(b));
    s.count_shapes = false;
    for v in [&mut total, &mut ui, &mut tess] {
        v.sort_unstable();
    }
    let line = |name: &str, v: &[Duration]| {
        let mean = v.iter().sum::<Duration>().as_secs_f64() * 1e3 / v.len().max(1) as f64;
        println!(
            "{id:<20} {name:<11} p50 {:7.3} ms  p95 {:7.3} ms  p99 {:7.3} ms  max {:7.3} ms  mean {:7.3} ms",
            percentile_ms(v, 0.50),
            percentile_ms(v, 0.95),
            percentile_ms(v, 0.99),
            percentile_ms(v, 1.0),
            mean
        );
    };
    let n_f = n.max(1) as f64;
    println!(
        "{id}: {n} frames, {WINDOW:?} points; a frame on average: {:.0} flown routes, {:.0} legs in the air, \
         {:.0} shapes ({:.0} polylines, {:.0} polyline points), {:.0} vertices, at most {primitives} clipped primitives",
        flown as f64 / n_f,
        in_flight as f64 / n_f,
        shapes.shapes as f64 / n_f,
        shapes.paths as f64 / n_f,
        shapes.path_points as f64 / n_f,
        shapes.vertices as f64 / n_f,
    );
    line("frame", &total);
    if let Some(cpu) = cpu {
        println!(
            "{id:<20} {:<11} {:7.3} ms a frame on this thread's CPU clock ({:.0}% of the wall-clock time \
             of the loop; less than 100% means other processes took the core)",
            "cpu mean",
            cpu.as_secs_f64() * 1e3 / n.max(1) as f64,
            100.0 * cpu.as_secs_f64() / wall.as_secs_f64().max(1e-9)
        );
    }
    line("run_ui", &ui);
    line("tessellate", &tess);
}
