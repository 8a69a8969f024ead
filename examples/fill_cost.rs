//! What one window-sized layer costs the renderer: a 1280×800 window that paints `N` textured,
//! translucent rectangles over its whole area every frame, and prints the mean frame time of 60
//! frames (after 10 to warm up). Under Mesa's software renderer (llvmpipe, no GPU) painting, not the
//! app's own work, bounds the frame rate, and this says by how much for each layer the map stacks
//! (basemap tiles, the flow layer, panels).
//!
//! ```sh
//! cargo build --release --example fill_cost
//! for n in 0 1 4; do N=$n target/release/examples/fill_cost; done
//! ```

use eframe::egui;

/// Frames drawn before the timing starts (the first ones compile shaders and upload the fonts).
const WARMUP: u32 = 10;
/// Frames timed before the example reports and exits.
const FRAMES: u32 = 60;

struct FillCost {
    layers: usize,
    texture: Option<egui::TextureHandle>,
    last: std::time::Instant,
    frames: u32,
    seconds: f64,
}

impl eframe::App for FillCost {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        let texture = self
            .texture
            .get_or_insert_with(|| {
                let colour = egui::Color32::from_rgba_unmultiplied(200, 100, 50, 128);
                let image = egui::ColorImage::filled([256, 256], colour);
                ctx.load_texture("layer", image, egui::TextureOptions::LINEAR)
            })
            .id();
        let rect = ctx.content_rect();
        let uv = egui::Rect::from_min_max(egui::pos2(0.0, 0.0), egui::pos2(1.0, 1.0));
        for _ in 0..self.layers {
            ui.painter().image(texture, rect, uv, egui::Color32::WHITE);
        }
        let now = std::time::Instant::now();
        if self.frames >= WARMUP {
            self.seconds += (now - self.last).as_secs_f64();
        }
        self.last = now;
        self.frames += 1;
        if self.frames == WARMUP + FRAMES {
            println!(
                "N={}: {:.1} ms a frame",
                self.layers,
                self.seconds * 1e3 / f64::from(FRAMES)
            );
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
        ctx.request_repaint();
    }
}

fn main() -> eframe::Result {
    let layers = std::env::var("N")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1);
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default().with_inner_size([1280.0, 800.0]),
        ..Default::default()
    };
    eframe::run_native(
        "fill cost",
        options,
        Box::new(move |_| {
            Ok(Box::new(FillCost {
                layers,
                texture: None,
                last: std::time::Instant::now(),
                frames: 0,
                seconds: 0.0,
            }))
        }),
    )
}
