//! The menu bar, and the keyboard-shortcut help window.

use egui::Ui;

use super::Action;
use super::shortcuts::SHORTCUTS;

/// What the menu shows as ticked.
pub struct MenuState<'a> {
    pub online_tiles: bool,
    pub filters_shown: bool,
    pub editor_shown: bool,
    /// The notes list is open.
    pub notes_shown: bool,
    pub legend_shown: bool,
    pub stats_shown: bool,
    pub can_undo: bool,
    pub can_redo: bool,
    /// Recent files, newest first.
    pub recent: &'a [std::path::PathBuf],
    /// The built-in file dialog is used instead of the system's.
    pub builtin_file_dialog: bool,
    /// Flights inferred between stays are drawn.
    pub inferred_shown: bool,
    /// The list of place texts to review is open, and how many texts it has.
    pub review_shown: bool,
    pub to_review: usize,
    /// The search window is open.
    pub search_shown: bool,
    /// The events table is open.
    pub events_shown: bool,
    /// The people network is open (View ▸ People).
    pub people_shown: bool,
}

pub fn menu_ui(ui: &mut Ui, state: &MenuState<'_>) -> Vec<Action> {
    let mut actions = Vec::new();
    egui::MenuBar::new().ui(ui, |ui| {
        ui.menu_button("File", |ui| file_menu_ui(ui, state, &mut actions));
        ui.menu_button("Edit", |ui| {
            if ui
                .add_enabled(
                    state.can_undo,
                    egui::Button::new("Undo").shortcut_text("Ctrl+Z"),
                )
                .clicked()
            {
                actions.push(Action::Undo);
            }
            if ui
                .add_enabled(
                    state.can_redo,
                    egui::Button::new("Redo").shortcut_text("Ctrl+Shift+Z"),
                )
                .clicked()
            {
                actions.push(Action::Redo);
            }
            ui.separator();
            let mut editor = state.editor_shown;
            if ui.checkbox(&mut editor, "Editor (E)").changed() {
                actions.push(Action::ToggleEditor);
            }
        });
        ui.menu_button("View", |ui| view_menu_ui(ui, state, &mut actions));
        ui.menu_button("Help", |ui| {
            if ui
                .add(egui::Button::new("Keyboard shortcuts").shortcut_text("F1"))
                .clicked()
            {
                actions.push(Action::ToggleHelp);
            }
        });
    });
    actions
}

/// The File menu: open, save, export, quit.
fn file_menu_ui(ui: &mut Ui, state: &MenuState<'_>, actions: &mut Vec<Action>) {
    if ui
        .add(egui::Button::new("Open…").shortcut_text("Ctrl+O"))
        .clicked()
    {
        actions.push(Action::Open);
    }
    ui.add_enabled_ui(!state.recent.is_empty(), |ui| {
        ui.menu_button("Open recent", |ui| {
            for (i, path) in state.recent.iter().enumerate() {
                let name = path.file_name().map_or_else(
                    || path.display().to_string(),
                    |n| n.to_string_lossy().into_owned(),
                );
                if ui
                    .button(name)
                    .on_hover_text(path.display().to_string())
                    .clicked()
                {
                    actions.push(Action::OpenRecent(i));
                }
            }
        });
    });
    if ui
        .add(egui::Button::new("Save").shortcut_text("Ctrl+S"))
        .clicked()
    {
        actions.push(Action::Save);
    }
    if ui
        .add(egui::Button::new("Save as…").shortcut_text("Ctrl+Shift+S"))
        .clicked()
    {
        actions.push(Action::SaveAs);
    }
    ui.menu_button("Export", |ui| {
        use crate::formats::Format;
        for (format, name) in [
            (Format::GeoJson, "GeoJSON (map tools)…"),
            (Format::Kml, "KML (Google Earth)…"),
            (Format::Csv, "CSV (spreadsheets)…"),
            (Format::Ics, "iCalendar (meetings and stays)…"),
        ] {
            if ui.button(name).clicked() {
                actions.push(Action::Export(format));
            }
        }
    });
    if ui
        .add(egui::Button::new("Export picture…").shortcut_text("Ctrl+Shift+E"))
        .clicked()
    {
        actions.push(Action::OpenExport(super::export::ExportKind::Picture));
    }
    if ui.button("Export animation…").clicked() {
        actions.push(Action::OpenExport(super::export::ExportKind::Animation));
    }
    ui.separator();
    let mut builtin = state.builtin_file_dialog;
    if ui
        .checkbox(&mut builtin, "Use the built-in file dialog")
        .on_hover_text("travelmap's own dialog, for desktops where the system's does not appear.")
        .changed()
    {
        actions.push(Action::SetBuiltInFileDialog(builtin));
    }
    ui.separator();
    if ui
        .add(egui::Button::new("Quit").shortcut_text("Ctrl+Q"))
        .clicked()
    {
        actions.push(Action::Quit);
    }
}

/// The View menu: what the map and the windows show.
fn view_menu_ui(ui: &mut Ui, state: &MenuState<'_>, actions: &mut Vec<Action>) {
    if ui
        .add(egui::Button::new("Fit to data").shortcut_text("F"))
        .clicked()
    {
        actions.push(Action::FitToData);
    }
    if ui
        .add(egui::Button::new("Zoom in").shortcut_text("+"))
        .clicked()
    {
        actions.push(Action::ZoomIn);
    }
    if ui
        .add(egui::Button::new("Zoom out").shortcut_text("−"))
        .clicked()
    {
        actions.push(Action::ZoomOut);
    }
    ui.separator();
    let mut legend = state.legend_shown;
    if ui.checkbox(&mut legend, "Legend").changed() {
        actions.push(Action::ToggleLegend);
    }
    let mut filters = state.filters_shown;
    if ui.checkbox(&mut filters, "People filter (P)").changed() {
        actions.push(Action::ToggleFilters);
    }
    let mut search = state.search_shown;
    if ui
        .add(egui::Checkbox::new(&mut search, "Search…"))
        .on_hover_text("Ctrl+F")
        .changed()
    {
        actions.push(Action::ToggleSearch);
    }
    let mut events = state.events_shown;
    if ui
        .add(egui::Checkbox::new(&mut events, "Events"))
        .on_hover_text("Every record in one table (Ctrl+T)")
        .changed()
    {
        actions.push(Action::ToggleEvents);
    }
    let mut people = state.people_shown;
    if ui
        .add(egui::Checkbox::new(&mut people, "People (Ctrl+P)"))
        .on_hover_text("Who met whom, as a network (Ctrl+P)")
        .changed()
    {
        actions.push(Action::TogglePeople);
    }
    let mut notes = state.notes_shown;
    if ui
        .checkbox(&mut notes, "Notes (dated items with no place)")
        .changed()
    {
        actions.push(Action::ToggleNotes);
    }
    let mut inferred = state.inferred_shown;
    if ui
        .checkbox(&mut inferred, "Inferred flights")
        .on_hover_text(
            "Dashed journeys between two stays of one person in different places, a few \
             days apart. Not reported: worked out from the stays.",
        )
        .changed()
    {
        actions.push(Action::SetInferredShown(inferred));
    }
    let mut review = state.review_shown;
    if ui
        .checkbox(
            &mut review,
            format!("Places to review ({})", state.to_review),
        )
        .on_hover_text("Place texts that were ambiguous or could not be placed")
        .changed()
    {
        actions.push(Action::ToggleReview);
    }
    let mut stats = state.stats_shown;
    if ui
        .checkbox(&mut stats, "Frame statistics (F12)")
        .on_hover_text("Frames per second, CPU time per frame and memory")
        .changed()
    {
        actions.push(Action::ToggleStats);
    }
    let mut online = state.online_tiles;
    let toggle = ui
        .checkbox(&mut online, "Online map tiles (OpenStreetMap)")
        .on_hover_text("Downloads map tiles from openstreetmap.org and caches them on disk. Off by default: the offline map needs no network.");
    if toggle.changed() {
        actions.push(Action::SetOnlineTiles(online));
    }
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
