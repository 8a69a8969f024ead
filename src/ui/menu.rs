//! The menu bar, and the keyboard-shortcut help window.

use egui::Ui;

use super::Action;
use super::shortcuts::SHORTCUTS;

/// What the menu shows as ticked.
pub struct MenuState {
    pub online_tiles: bool,
    pub filters_shown: bool,
}

pub fn menu_ui(ui: &mut Ui, state: &MenuState) -> Vec<Action> {
    let mut actions = Vec::new();
    egui::MenuBar::new().ui(ui, |ui| {
        ui.menu_button("File", |ui| {
            if ui.add(egui::Button::new("Quit").shortcut_text("Ctrl+Q")).clicked() {
                actions.push(Action::Quit);
            }
        });
        ui.menu_button("View", |ui| {
            if ui.add(egui::Button::new("Fit to data").shortcut_text("F")).clicked() {
                actions.push(Action::FitToData);
            }
            if ui.add(egui::Button::new("Zoom in").shortcut_text("+")).clicked() {
                actions.push(Action::ZoomIn);
            }
            if ui.add(egui::Button::new("Zoom out").shortcut_text("−")).clicked() {
                actions.push(Action::ZoomOut);
            }
            ui.separator();
            let mut filters = state.filters_shown;
            if ui.checkbox(&mut filters, "People filter (P)").changed() {
                actions.push(Action::ToggleFilters);
            }
            let mut online = state.online_tiles;
            let toggle = ui
                .checkbox(&mut online, "Online map tiles (OpenStreetMap)")
                .on_hover_text("Downloads map tiles from openstreetmap.org and caches them on disk. Off by default: the offline map needs no network.");
            if toggle.changed() {
                actions.push(Action::SetOnlineTiles(online));
            }
        });
        ui.menu_button("Help", |ui| {
            if ui.add(egui::Button::new("Keyboard shortcuts").shortcut_text("F1")).clicked() {
                actions.push(Action::ToggleHelp);
            }
        });
    });
    actions
}

/// The list of shortcuts, from the same table the keyboard handler uses.
pub fn help_ui(ctx: &egui::Context, open: &mut bool) {
    egui::Window::new("Keyboard shortcuts")
        .open(open)
        .resizable(false)
        .collapsible(false)
        .show(ctx, |ui| {
            egui::Grid::new("shortcuts").striped(true).show(ui, |ui| {
                for s in SHORTCUTS {
                    ui.monospace(s.keys);
                    ui.label(s.what);
                    ui.end_row();
                }
            });
        });
}
