//! Frame statistics: how fast the real window runs, measured by the window itself.
//!
//! A benchmark loop says what one frame costs on a quiet machine; a user wants to know how the window
//! they are looking at behaves. So the app times each frame it draws: the wall time between frames
//! (frames per second), the CPU time of building the UI, and the CPU time eframe reports for the whole
//! frame (UI, tessellation and handing the meshes to the GPU), from which the tessellation and painting
//! share follows. The GPU's own time is not reported by eframe's OpenGL backend, and the window says so
//! rather than showing a guess. Memory is the process's resident set, read from the operating system.
//!
//! View ▸ Frame statistics (F12, or `--stats` at start) shows them. `TRAVELMAP_STATS=FILE.csv` writes
//! one line per frame ([`CSV_HEADER`]), so a launch harness can measure the window with no screenshots.

use std::collections::VecDeque;
use std::fs::File;
use std::io::{BufWriter, Write as _};
use std::path::Path;
use std::time::Instant;

/// The environment variable naming the per-frame CSV file.
pub const STATS_ENV: &str = "TRAVELMAP_STATS";

/// The first line of the per-frame CSV file.
pub const CSV_HEADER: &str =
    "frame,time_s,frame_ms,ui_ms,tessellate_paint_ms,cpu_ms,rss_mib,playing";

/// How many recent frames the window averages over.
const WINDOW: usize = 120;

/// One frame's measurements.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct FrameSample {
    /// Wall time since the previous frame started (ms).
    pub frame_ms: f64,
    /// CPU time spent building this frame's UI (ms).
    pub ui_ms: f64,
    /// eframe's CPU time for the previous frame as a whole, when it reports one (ms).
    pub cpu_ms: Option<f64>,
}

/// Summary figures over the recent frames.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Summary {
    pub fps: f64,
    /// Median and 99th percentile of the UI time (ms).
    pub ui_median_ms: f64,
    pub ui_p99_ms: f64,
    /// Median of the tessellation and painting time (ms), when eframe reports frame CPU times.
    pub tessellate_paint_median_ms: Option<f64>,
    /// Resident memory (MiB), when the operating system tells it.
    pub rss_mib: Option<f64>,
    /// How many frames the figures cover.
    pub frames: usize,
}

/// Collects frame samples, and writes them to a CSV file when asked.
pub struct FrameStats {
    started: Instant,
    last_frame: Option<Instant>,
    frame_nr: u64,
    recent: VecDeque<FrameSample>,
    /// The previous frame's UI time: eframe reports its whole-frame CPU time one frame late.
    previous_ui_ms: Option<f64>,
    rss_mib: Option<f64>,
    rss_read: Option<Instant>,
    csv: Option<BufWriter<File>>,
    /// A problem writing the CSV file, shown in the window (writing then stops).
    pub csv_error: Option<String>,
}

impl Default for FrameStats {
    fn default() -> Self {
        Self {
            started: Instant::now(),
            last_frame: None,
            frame_nr: 0,
            recent: VecDeque::with_capacity(WINDOW),
            previous_ui_ms: None,
            rss_mib: None,
            rss_read: None,
            csv: None,
            csv_error: None,
        }
    }
}

impl FrameStats {
    /// Statistics that also write one CSV line per frame to `path`.
    pub fn with_csv(path: &Path) -> Self {
        let mut stats = Self::default();
        match File::create(path) {
            Ok(file) => {
                let mut out = BufWriter::new(file);
                match writeln!(out, "{CSV_HEADER}") {
                    Ok(()) => stats.csv = Some(out),
                    Err(e) => stats.csv_error = Some(format!("{}: {e}", path.display())),
                }
            }
            Err(e) => stats.csv_error = Some(format!("{}: {e}", path.display())),
        }
        stats
    }

    /// Statistics as the environment asks: with a CSV file when [`STATS_ENV`] names one.
    pub fn from_env() -> Self {
        match std::env::var_os(STATS_ENV) {
            Some(path) if !path.is_empty() => Self::with_csv(Path::new(&path)),
            _ => Self::default(),
        }
    }

    /// Marks the start of a frame; returns the instant to pass to [`FrameStats::end_frame`].
    pub fn begin_frame(&self) -> Instant {
        Instant::now()
    }

    /// Records a frame that started at `start` (from [`FrameStats::begin_frame`]) and has just built
    /// its UI. `cpu_usage` is eframe's CPU time for the previous frame, in seconds.
    pub fn end_frame(&mut self, start: Instant, cpu_usage: Option<f32>, playing: bool) {
        self.record(start, Instant::now(), cpu_usage, playing);
    }

    /// Records a frame whose UI was built from `start` to `now`.
    fn record(&mut self, start: Instant, now: Instant, cpu_usage: Option<f32>, playing: bool) {
        let ui_ms = now.duration_since(start).as_secs_f64() * 1e3;
        let frame_ms = self
            .last_frame
            .map_or(0.0, |last| start.duration_since(last).as_secs_f64() * 1e3);
        self.last_frame = Some(start);
        let sample = FrameSample {
            frame_ms,
            ui_ms,
            cpu_ms: cpu_usage.map(|s| f64::from(s) * 1e3),
        };
        let tessellate_paint = match (sample.cpu_ms, self.previous_ui_ms) {
            (Some(cpu), Some(ui)) => Some((cpu - ui).max(0.0)),
            _ => None,
        };
        self.previous_ui_ms = Some(ui_ms);
        if self
            .rss_read
            .is_none_or(|t| now.duration_since(t).as_secs_f64() >= 0.5)
        {
            self.rss_mib = resident_mib();
            self.rss_read = Some(now);
        }
        if self.recent.len() == WINDOW {
            self.recent.pop_front();
        }
        self.recent.push_back(sample);
        self.frame_nr += 1;
        self.write_csv(&sample, tessellate_paint, playing, now);
    }

    fn write_csv(
        &mut self,
        s: &FrameSample,
        tessellate_paint: Option<f64>,
        playing: bool,
        now: Instant,
    ) {
        let Some(out) = &mut self.csv else {
            return;
        };
        let opt = |v: Option<f64>| v.map_or(String::new(), |v| format!("{v:.3}"));
        let line = format!(
            "{},{:.3},{:.3},{:.3},{},{},{},{}",
            self.frame_nr,
            now.duration_since(self.started).as_secs_f64(),
            s.frame_ms,
            s.ui_ms,
            opt(tessellate_paint),
            opt(s.cpu_ms),
            self.rss_mib.map_or(String::new(), |m| format!("{m:.1}")),
            u8::from(playing),
        );
        // Flushed every line: a harness may stop the app at any moment, and a frame's line is short.
        if let Err(e) = writeln!(out, "{line}").and_then(|()| out.flush()) {
            self.csv_error = Some(e.to_string());
            self.csv = None;
        }
    }

    /// Figures over the recent frames.
    pub fn summary(&self) -> Summary {
        let frames = self.recent.len();
        let mut ui: Vec<f64> = self.recent.iter().map(|s| s.ui_ms).collect();
        ui.sort_by(f64::total_cmp);
        // The first frame has no previous one: its frame time is 0 and says nothing of the rate.
        let wall: f64 = self.recent.iter().skip(1).map(|s| s.frame_ms).sum();
        let fps = if wall > 0.0 {
            (frames.saturating_sub(1)) as f64 / (wall / 1e3)
        } else {
            0.0
        };
        let pairs: Vec<f64> = self
            .recent
            .iter()
            .zip(self.recent.iter().skip(1))
            .filter_map(|(prev, s)| s.cpu_ms.map(|cpu| (cpu - prev.ui_ms).max(0.0)))
            .collect();
        Summary {
            fps,
            ui_median_ms: percentile(&ui, 0.5),
            ui_p99_ms: percentile(&ui, 0.99),
            tessellate_paint_median_ms: (!pairs.is_empty()).then(|| {
                let mut p = pairs;
                p.sort_by(f64::total_cmp);
                percentile(&p, 0.5)
            }),
            rss_mib: self.rss_mib,
            frames,
        }
    }
}

/// The `q` quantile of sorted values (0 when there are none).
fn percentile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() - 1) as f64 * q).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

/// The process's resident memory in MiB (Linux: `/proc/self/statm`); `None` elsewhere.
fn resident_mib() -> Option<f64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: f64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * 4096.0 / (1024.0 * 1024.0))
}

/// The Frame statistics window.
pub fn stats_ui(ctx: &egui::Context, open: &mut bool, stats: &FrameStats) {
    let s = stats.summary();
    // Top right: the legend and the filters open on the left.
    let corner = ctx.content_rect().right_top() + egui::vec2(-16.0, 48.0);
    egui::Window::new("Frame statistics")
        .open(open)
        .resizable(false)
        .pivot(egui::Align2::RIGHT_TOP)
        .default_pos(corner)
        .show(ctx, |ui| {
            egui::Grid::new("frame statistics")
                .num_columns(2)
                .show(ui, |ui| {
                    let row = |ui: &mut egui::Ui, what: &str, value: String| {
                        ui.label(what);
                        ui.label(value);
                        ui.end_row();
                    };
                    row(ui, "Frames per second", format!("{:.1}", s.fps));
                    row(
                        ui,
                        "UI (CPU)",
                        format!("{:.2} ms median, {:.2} ms p99", s.ui_median_ms, s.ui_p99_ms),
                    );
                    row(
                        ui,
                        "Tessellation and painting (CPU)",
                        s.tessellate_paint_median_ms
                            .map_or("not reported".to_owned(), |m| format!("{m:.2} ms median")),
                    );
                    row(ui, "GPU", "not reported by the renderer".to_owned());
                    row(
                        ui,
                        "Memory (resident)",
                        s.rss_mib
                            .map_or("not reported".to_owned(), |m| format!("{m:.0} MiB")),
                    );
                });
            ui.weak(format!(
                "Over the last {} frames. The window redraws only when something changes, so a \
                 still window shows a low rate.",
                s.frames
            ));
            if let Some(e) = &stats.csv_error {
                ui.colored_label(ui.visuals().error_fg_color, format!("Statistics file: {e}"));
            }
        });
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn the_rate_comes_from_the_time_between_frames_and_the_split_from_eframes_cpu_time() {
        let mut stats = FrameStats::default();
        let t0 = Instant::now();
        // A frame every 20 ms, each building its UI in 1 ms, and eframe saying each took 4 ms in all.
        for i in 0..11u32 {
            let start = t0 + Duration::from_millis(u64::from(i) * 20);
            stats.record(start, start + Duration::from_millis(1), Some(0.004), false);
        }
        let s = stats.summary();
        assert!((s.fps - 50.0).abs() < 0.01, "{}", s.fps);
        assert_eq!(s.frames, 11);
        assert!((s.ui_median_ms - 1.0).abs() < 1e-6, "{}", s.ui_median_ms);
        let tp = s.tessellate_paint_median_ms.unwrap_or(-1.0);
        assert!((tp - 3.0).abs() < 1e-3, "4 ms in all less 1 ms of UI: {tp}");
    }

    #[test]
    fn the_csv_file_gets_a_header_and_a_line_per_frame() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("frames.csv");
        let mut stats = FrameStats::with_csv(&path);
        for _ in 0..3 {
            let start = stats.begin_frame();
            stats.end_frame(start, None, true);
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], CSV_HEADER);
        assert_eq!(lines.len(), 4);
        let fields: Vec<&str> = lines[3].split(',').collect();
        assert_eq!(fields.len(), CSV_HEADER.split(',').count());
        assert_eq!(fields[0], "3");
        assert_eq!(fields[7], "1", "playing");
        assert_eq!(fields[5], "", "no CPU time reported");
    }

    #[test]
    fn an_unwritable_file_is_reported_not_fatal() {
        let stats = FrameStats::with_csv(Path::new("/nonexistent-dir/frames.csv"));
        assert!(stats.csv_error.is_some());
    }
}
