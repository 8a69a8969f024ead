//! The windows that ask or tell the user something about files: loading progress, a file with bad
//! records (import the good ones, or not), a load that failed, and unsaved changes on quit.

use egui::{Context, RichText};

use super::Action;
use crate::data::Problem;
use crate::files::LoadStage;

/// Shows "Loading FILE…" with a progress bar while a file loads in the background, and Cancel, which
/// keeps the data on screen.
#[must_use]
pub fn loading_ui(ctx: &Context, name: &str, stage: LoadStage) -> Option<Action> {
    let mut action = None;
    egui::Window::new("Loading")
        .collapsible(false)
        .resizable(false)
        .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
        .show(ctx, |ui| {
            ui.label(format!("Loading {name}…"));
            let (fraction, text) = match stage {
                LoadStage::Reading(f) => (f, format!("reading: {:.0}%", f * 100.0)),
                LoadStage::Checking => (1.0, "checking the records…".to_owned()),
                LoadStage::Preparing => (1.0, "preparing the map…".to_owned()),
            };
            ui.add(
                egui::ProgressBar::new(fraction)
                    .text(text)
                    .desired_width(280.0),
            );
            ui.horizontal(|ui| {
                ui.weak("The map stays usable meanwhile.");
                if ui.button("Cancel").clicked() {
                    action = Some(Action::CancelLoading);
                }
            });
        });
    action
}

/// A line over the map's top-left corner for background work that does not stop anything: what is
/// being done, with a small progress bar.
pub fn working_ui(ctx: &Context, map_rect: egui::Rect, text: &str, fraction: f32) {
    egui::Area::new(egui::Id::unique("background work"))
        .fixed_pos(map_rect.left_top() + egui::vec2(8.0, 8.0))
        .interactable(false)
        .show(ctx, |ui| {
            egui::Frame::popup(ui.style()).show(ui, |ui| {
                ui.horizontal(|ui| {
                    ui.label(text);
                    ui.add(
                        egui::ProgressBar::new(fraction)
                            .desired_width(80.0)
                            .show_percentage(),
                    );
                });
            });
        });
}

/// A file with records that failed validation: list them, and let the user import the rest or cancel.
pub fn partial_import_ui(
    ctx: &Context,
    name: &str,
    good: usize,
    problems: &[Problem],
) -> Option<Action> {
    let mut action = None;
    egui::Window::new("Some records could not be read")
        .collapsible(false)
        .default_width(560.0)
        .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
        .show(ctx, |ui| {
            ui.label(format!(
                "{name}: {} record(s) rejected, {good} record(s) are fine.",
                problems.len()
            ));
            ui.label("The data on screen is unchanged until you choose.");
            ui.separator();
            egui::ScrollArea::vertical()
                .max_height(260.0)
                .show(ui, |ui| {
                    for p in problems {
                        ui.label(RichText::new(p.to_string()).monospace());
                    }
                });
            ui.separator();
            ui.horizontal(|ui| {
                if ui
                    .button(format!("Import the {good} good records"))
                    .clicked()
                {
                    action = Some(Action::ImportPartial);
                }
                if ui.button("Cancel").clicked() {
                    action = Some(Action::CancelImport);
                }
            });
            ui.weak("Imported data is not saved over the original file: Save asks for a new name.");
        });
    action
}

/// A message the user must see, such as a file that failed to load.
pub fn error_ui(ctx: &Context, error: &str) -> Option<Action> {
    let mut action = None;
    egui::Window::new("Problem")
        .collapsible(false)
        .default_width(520.0)
        .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
        .show(ctx, |ui| {
            egui::ScrollArea::vertical()
                .max_height(300.0)
                .show(ui, |ui| {
                    ui.label(error);
                });
            if ui.button("OK").clicked() {
                action = Some(Action::DismissError);
            }
        });
    action
}

/// Asked when quitting with unsaved changes. `error` is why the last "Save" did not save; the question
/// stays until the user saves, quits without saving or cancels.
pub fn quit_ui(ctx: &Context, error: Option<&str>) -> Option<Action> {
    let mut action = None;
    let modal = egui::Modal::new(egui::Id::unique("quit")).show(ctx, |ui| {
        ui.set_max_width(520.0);
        ui.heading("Save changes before quitting?");
        ui.label("Your edits have not been saved.");
        if let Some(error) = error {
            ui.separator();
            egui::ScrollArea::vertical()
                .max_height(200.0)
                .show(ui, |ui| {
                    ui.colored_label(ui.visuals().error_fg_color, error);
                });
        }
        ui.horizontal(|ui| {
            if ui.button("Save").clicked() {
                action = Some(Action::SaveAndQuit);
            }
            if ui.button("Don't save").clicked() {
                action = Some(Action::QuitWithoutSaving);
            }
            if ui.button("Cancel").clicked() {
                action = Some(Action::CancelQuit);
            }
        });
    });
    if modal.should_close() && action.is_none() {
        action = Some(Action::CancelQuit);
    }
    action
}

/// A short message that something happened (a file saved, the file dialog changed), in a corner.
pub fn notice_ui(ctx: &Context, notice: &str) -> Option<Action> {
    let mut action = None;
    egui::Window::new("Note")
        .collapsible(false)
        .resizable(false)
        .anchor(egui::Align2::RIGHT_BOTTOM, egui::vec2(-12.0, -140.0))
        .default_width(360.0)
        .show(ctx, |ui| {
            ui.label(notice);
            if ui.button("OK").clicked() {
                action = Some(Action::DismissNotice);
            }
        });
    action
}
