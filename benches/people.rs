//! The people panel at 200 people (the synthetic generator's 200 people, 1,000 legs and 10,000
//! meetings: nearly every pair has met, so the panel draws its strongest links): building the graph and
//! laying it out once (`people/graph_200`, `people/layout_200`), and one frame of the panel once laid out
//! (`people/frame_200`, and `people/frame_200_highlighted` with the busiest person highlighted), layout
//! and painting then tessellation, as the renderer would get it. The goal is 2 ms a frame.
//!
//! Besides criterion's estimates, `cargo bench --bench people` prints p50/p95/p99 over 500 frames.

#![allow(clippy::expect_used)]

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::Criterion;
use egui::{Pos2, RawInput, Rect, vec2};
use travelmap::data::{Cities, Dataset, PersonIdx};
use travelmap::encounters::Encounters;
use travelmap::network::{PeopleGraph, layout};
use travelmap::ui::people::{PeopleData, PeopleView, people_ui};

#[path = "support/mode.rs"]
#[allow(
    dead_code,
    reason = "this bench sizes its own dataset; it uses `benchmarking` only"
)]
mod mode;
#[path = "support/synthetic.rs"]
mod synthetic;

/// Frames in the percentile run.
const PERCENTILE_FRAMES: usize = 500;

struct Panel {
    data: Dataset,
    cities: Cities,
    encounters: Encounters,
    graph: PeopleGraph,
    view: PeopleView,
    highlighted: Option<PersonIdx>,
    ctx: egui::Context,
    frame: u64,
}

impl Panel {
    fn new() -> Self {
        let config = synthetic::Config::default();
        let text = synthetic::generate_json(&config).expect("generating the synthetic dataset");
        let data = travelmap::data::load_str(&text, "synthetic.json").expect("loading it");
        let cities = Cities::new(&data);
        let encounters = Encounters::compute(&data, &cities);
        let graph = PeopleGraph::new(&data, encounters.all());
        let started = Instant::now();
        let view = PeopleView::new(&graph);
        eprintln!(
            "people panel: {} people, {} links, laid out in {:.1} ms",
            graph.people,
            graph.edges.len(),
            started.elapsed().as_secs_f64() * 1e3
        );
        let mut p = Self {
            data,
            cities,
            encounters,
            graph,
            view,
            highlighted: None,
            ctx: egui::Context::default(),
            frame: 0,
        };
        travelmap::style::apply(&p.ctx);
        // The first frames load the fonts.
        for _ in 0..3 {
            p.frame();
        }
        p
    }

    /// One frame of the panel filling a 1280×800 window; returns the clipped primitives.
    fn frame(&mut self) -> usize {
        let input = RawInput {
            screen_rect: Some(Rect::from_min_size(Pos2::ZERO, vec2(1280.0, 800.0))),
            time: Some(self.frame as f64 / 60.0),
            predicted_dt: 1.0 / 60.0,
            ..RawInput::default()
        };
        let d = PeopleData {
            data: &self.data,
            graph: &self.graph,
            encounters: &self.encounters,
            cities: &self.cities,
            highlighted: self.highlighted,
            swimlanes: &[],
        };
        let view = &mut self.view;
        let mut out = self.ctx.run_ui(input, |ui| {
            egui::CentralPanel::default().show(ui, |ui| {
                let _ = people_ui(ui, view, &d);
            });
        });
        out.textures_delta.clear();
        let primitives = self.ctx.tessellate(out.shapes, out.pixels_per_point);
        self.frame += 1;
        black_box(primitives).len()
    }

    /// The person with the most meetings and co-presences.
    fn busiest(&self) -> Option<PersonIdx> {
        (0..self.graph.people)
            .map(|i| PersonIdx(i as u32))
            .max_by_key(|p| (self.graph.strength(*p), std::cmp::Reverse(*p)))
    }
}

fn print_percentiles(id: &str, p: &mut Panel) {
    let mut times: Vec<Duration> = (0..PERCENTILE_FRAMES)
        .map(|_| {
            let started = Instant::now();
            p.frame();
            started.elapsed()
        })
        .collect();
    times.sort_unstable();
    let at = |q: f64| {
        let i = ((times.len() - 1) as f64 * q).round() as usize;
        times[i.min(times.len() - 1)].as_secs_f64() * 1e3
    };
    println!(
        "{id:<28} p50 {:7.3} ms  p95 {:7.3} ms  p99 {:7.3} ms  max {:7.3} ms ({PERCENTILE_FRAMES} frames)",
        at(0.5),
        at(0.95),
        at(0.99),
        at(1.0)
    );
}

fn main() {
    let mut c = Criterion::default().configure_from_args();
    let mut panel: Option<Panel> = None;
    {
        let mut group = c.benchmark_group("people");
        group
            .sample_size(20)
            .warm_up_time(Duration::from_secs(1))
            .measurement_time(Duration::from_secs(4));
        group.bench_function("graph_200", |b| {
            let p = panel.get_or_insert_with(Panel::new);
            b.iter(|| PeopleGraph::new(black_box(&p.data), p.encounters.all()));
        });
        group.bench_function("layout_200", |b| {
            let p = panel.get_or_insert_with(Panel::new);
            b.iter(|| layout(black_box(&p.graph)));
        });
        group.bench_function("frame_200", |b| {
            let p = panel.get_or_insert_with(Panel::new);
            p.highlighted = None;
            b.iter(|| p.frame());
        });
        group.bench_function("frame_200_highlighted", |b| {
            let p = panel.get_or_insert_with(Panel::new);
            p.highlighted = p.busiest();
            b.iter(|| p.frame());
            p.highlighted = None;
        });
        group.finish();
    }
    c.final_summary();
    if mode::benchmarking()
        && let Some(p) = &mut panel
    {
        print_percentiles("people/frame_200", p);
        p.highlighted = p.busiest();
        print_percentiles("people/frame_200_highlighted", p);
    }
}
