//! File ▸ Export picture… and File ▸ Export animation…: the settings of a picture or animation of the map
//! as the window shows it, and the progress of one being made (with Cancel). The form's fields are view
//! state borrowed for the frame; what the user decides comes back as an [`Action`].

use egui::Ui;

use super::Action;

/// Which of the two exports the form is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportKind {
    Picture,
    Animation,
}

/// The picture's size.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SizeChoice {
    /// The map's size in the window, times 1 or 2.
    Window(u32),
    Hd,
    Uhd,
    Custom,
}

/// The export form's fields.
#[derive(Clone, Debug, PartialEq)]
pub struct ExportForm {
    pub kind: ExportKind,
    pub size: SizeChoice,
    pub custom: (u32, u32),
    pub title: String,
    pub footnotes: bool,
    /// Picture as SVG rather than PNG.
    pub svg: bool,
    /// Animation as APNG rather than GIF.
    pub apng: bool,
    pub length_secs: f64,
    pub fps: u32,
    pub warp: bool,
    pub follow: bool,
}

impl ExportForm {
    /// A form with the defaults, titled `title`.
    pub fn new(kind: ExportKind, title: &str) -> Self {
        Self {
            kind,
            size: match kind {
                ExportKind::Picture => SizeChoice::Hd,
                ExportKind::Animation => SizeChoice::Window(1),
            },
            custom: (1280, 720),
            title: title.to_owned(),
            footnotes: false,
            svg: false,
            apng: false,
            length_secs: 20.0,
            fps: 30,
            warp: true,
            follow: false,
        }
    }

    /// The size in pixels, for a map `map_size` points big.
    pub fn pixels(&self, map_size: egui::Vec2) -> (u32, u32) {
        let (w, h) = match self.size {
            SizeChoice::Window(k) => (
                (map_size.x.max(16.0) as u32) * k,
                (map_size.y.max(16.0) as u32) * k,
            ),
            SizeChoice::Hd => (1920, 1080),
            SizeChoice::Uhd => (3840, 2160),
            SizeChoice::Custom => self.custom,
        };
        (w.clamp(16, 8192), h.clamp(16, 8192))
    }

    /// The file's extension.
    pub fn extension(&self) -> &'static str {
        match (self.kind, self.svg, self.apng) {
            (ExportKind::Picture, true, _) => "svg",
            (ExportKind::Picture, false, _) => "png",
            (ExportKind::Animation, _, true) => "apng",
            (ExportKind::Animation, _, false) => "gif",
        }
    }
}

/// The form, in a window. Returns `ChooseExportFile` (its button) or `CloseExport` (Cancel).
pub fn export_ui(ctx: &egui::Context, form: &mut ExportForm) -> Option<Action> {
    let title = match form.kind {
        ExportKind::Picture => "Export picture",
        ExportKind::Animation => "Export animation",
    };
    let mut action = None;
    egui::Window::new(title)
        .collapsible(false)
        .resizable(false)
        .show(ctx, |ui| {
            size_ui(ui, form);
            ui.horizontal(|ui| {
                let label = ui.label("Title");
                ui.add(egui::TextEdit::singleline(&mut form.title).desired_width(260.0))
                    .labelled_by(label.id);
            });
            match form.kind {
                ExportKind::Picture => {
                    ui.checkbox(&mut form.footnotes, "List sources");
                    ui.horizontal(|ui| {
                        ui.radio_value(&mut form.svg, false, "PNG");
                        ui.radio_value(&mut form.svg, true, "SVG");
                    });
                }
                ExportKind::Animation => animation_ui(ui, form),
            }
            ui.separator();
            ui.horizontal(|ui| {
                if ui.button("Export…").clicked() {
                    action = Some(Action::ChooseExportFile);
                }
                if ui.button("Cancel").clicked() {
                    action = Some(Action::CloseExport);
                }
            });
        });
    action
}

fn size_ui(ui: &mut Ui, form: &mut ExportForm) {
    ui.horizontal(|ui| {
        ui.label("Size:");
        ui.radio_value(&mut form.size, SizeChoice::Window(1), "Window ×1");
        ui.radio_value(&mut form.size, SizeChoice::Window(2), "Window ×2");
        ui.radio_value(&mut form.size, SizeChoice::Hd, "1920×1080");
        ui.radio_value(&mut form.size, SizeChoice::Uhd, "3840×2160");
        ui.radio_value(&mut form.size, SizeChoice::Custom, "Custom");
    });
    if form.size == SizeChoice::Custom {
        ui.horizontal(|ui| {
            ui.add(
                egui::DragValue::new(&mut form.custom.0)
                    .range(16..=8192)
                    .suffix(" px wide"),
            );
            ui.add(
                egui::DragValue::new(&mut form.custom.1)
                    .range(16..=8192)
                    .suffix(" px high"),
            );
        });
    }
}

fn animation_ui(ui: &mut Ui, form: &mut ExportForm) {
    ui.horizontal(|ui| {
        ui.add(
            egui::DragValue::new(&mut form.length_secs)
                .range(1.0..=600.0)
                .suffix(" s long"),
        );
        ui.add(
            egui::DragValue::new(&mut form.fps)
                .range(1..=60)
                .suffix(" frames a second"),
        );
    });
    ui.checkbox(&mut form.warp, "Cross idle weeks quickly");
    ui.checkbox(&mut form.follow, "Follow the travellers");
    ui.horizontal(|ui| {
        ui.radio_value(&mut form.apng, false, "GIF");
        ui.radio_value(&mut form.apng, true, "APNG");
    });
    ui.label("The whole timeline is played, with the filter and the window of time shown now.");
}

/// A render under way: frames done, time left, and Cancel.
pub fn rendering_ui(
    ctx: &egui::Context,
    name: &str,
    (done, total): (usize, usize),
    secs_left: Option<f64>,
) -> Option<Action> {
    let mut action = None;
    egui::Window::new("Exporting")
        .collapsible(false)
        .resizable(false)
        .show(ctx, |ui| {
            ui.label(format!("Writing {name}"));
            ui.add(
                egui::ProgressBar::new(done as f32 / total.max(1) as f32)
                    .text(format!("{done} of {total} frames")),
            );
            if let Some(secs) = secs_left {
                ui.label(format!("About {secs:.0} s left"));
            }
            if ui.button("Cancel export").clicked() {
                action = Some(Action::CancelRender);
            }
        });
    action
}
