//! The app: owns the dataset, the derived indexes and the view state; lays out the panels each frame and
//! applies every [`Action`] they return in one place, [`TravelMapApp::apply`].
//!
//! Derived data (the time index, cities, route geometry) is rebuilt only when the dataset or the person
//! filter changes. What the user would expect to find again next time (cursor, speed, selection,
//! filter, panels, map view) lives in one [`Settings`] struct saved by eframe.

use std::path::PathBuf;

use chrono_tz::Tz;
use egui::{Ui, Vec2};
use walkers::{HttpOptions, HttpTiles, MapMemory};

use crate::data::edit::History;
use crate::data::{self, CityIdx, Dataset, PersonIdx};
use crate::files::{self, Dialog, DialogPurpose, LoadOutcome, Loading};
use crate::map::{self, Drawn, MapAction, Overlay, basemap::OfflineTiles, scene::Scene};
use crate::timeline::{PersonFilter, TimeCommand, TimeIndex, Timeline};
use crate::ui::editor::EditorState;
use crate::ui::{Action, city_panel, dialogs, filters, legend, menu, shortcuts, timeline_bar};

/// What is remembered between runs (eframe persistence). Caches stay out of it.
#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Settings {
    /// The file last opened; `None` for the bundled dataset.
    pub file: Option<PathBuf>,
    pub timeline: Timeline,
    /// Selected city, by name, so it survives reloading.
    pub selected_city: Option<String>,
    /// The "show only" filter, by person id.
    pub only_people: Vec<String>,
    /// The filter lists only the meetings where all the people ticked took part.
    pub all_present: bool,
    pub online_tiles: bool,
    /// The camera follows the traveller in the air.
    pub follow: bool,
    pub filters_shown: bool,
    pub editor_shown: bool,
    /// The legend over the map (shown the first time).
    pub legend_shown: legend::Shown,
    pub map: Option<MapMemory>,
    /// Recently opened files, newest first.
    pub recent: Vec<PathBuf>,
}

/// How the app starts.
#[derive(Clone, Debug, Default)]
pub struct StartOptions {
    /// Open this file instead of the remembered one or the bundled dataset.
    pub file: Option<PathBuf>,
    /// Draw the offline basemap (tests may leave it out).
    pub basemap: bool,
}

/// The whole application state.
pub struct TravelMapApp {
    pub settings: Settings,
    pub data: Dataset,
    /// Where the data came from, for the title and messages.
    pub data_name: String,
    pub filter: PersonFilter,
    pub index: TimeIndex,
    pub scene: Scene,
    /// Per city, whether the person filter keeps one of its records; `None` while it shows everyone.
    pub admitted: Option<Vec<bool>>,
    pub selected: Option<CityIdx>,
    pub memory: MapMemory,
    basemap: Option<OfflineTiles>,
    online: Option<HttpTiles>,
    /// A problem the user must see (a file that failed to load).
    pub error: Option<String>,
    pub help_open: bool,
    /// Fit the view to the data on the next frame (at start, when the map's size is known).
    fit_pending: bool,
    /// What the map drew on the last frame.
    pub drawn: Drawn,
    pulse: f32,
    /// A file loading in the background.
    pub loading: Option<Loading>,
    dialog: Option<Dialog>,
    /// A file with bad records, waiting for the user to import its good ones or not.
    pub pending: Option<PendingImport>,
    /// Files that failed to load in this session: never saved over.
    failed: Vec<PathBuf>,
    /// Data not saved anywhere yet (a partial import).
    pub unsaved: bool,
    /// Edits, for undo and redo and to know what is unsaved.
    pub history: History,
    /// Drafts in the editor's forms.
    pub editor: EditorState,
    /// The user asked to quit with unsaved changes: show the question.
    quit_asked: bool,
    /// The user chose to quit; let the next close request through.
    quitting: bool,
}

/// A loaded file some of whose records were rejected.
pub struct PendingImport {
    pub path: PathBuf,
    pub data: Dataset,
    pub problems: Vec<data::Problem>,
}

impl TravelMapApp {
    /// Creates the app for eframe: restores settings, loads the data.
    pub fn new(cc: &eframe::CreationContext<'_>, options: StartOptions) -> Self {
        // Parse the gazetteer off the UI thread, so the first suggestion doesn't wait for it.
        let _ = std::thread::Builder::new()
            .name("travelmap-gazetteer".into())
            .spawn(|| {
                crate::data::gazetteer::Gazetteer::bundled();
            });
        let restored: Option<Settings> = cc
            .storage
            .and_then(|s| eframe::get_value(s, eframe::APP_KEY));
        Self::with_settings(&cc.egui_ctx, restored.unwrap_or_default(), options)
    }

    /// Creates the app with given settings (tests and benchmarks use this directly).
    pub fn with_settings(
        ctx: &egui::Context,
        mut settings: Settings,
        options: StartOptions,
    ) -> Self {
        crate::style::apply(ctx);
        let requested = options.file.clone().or_else(|| settings.file.clone());
        let (data, data_name, error) = match &requested {
            Some(path) => match data::load_path(path) {
                Ok(d) => (d, path.display().to_string(), None),
                Err(e) => {
                    log::error!("{e}");
                    let fallback = data::bundled().unwrap_or_default();
                    (
                        fallback,
                        data::BUNDLED_NAME.to_owned(),
                        Some(format!(
                            "Could not open the file, showing the bundled data instead.\n\n{e}"
                        )),
                    )
                }
            },
            None => match data::bundled() {
                Ok(d) => (d, data::BUNDLED_NAME.to_owned(), None),
                Err(e) => (
                    Dataset::default(),
                    data::BUNDLED_NAME.to_owned(),
                    Some(e.to_string()),
                ),
            },
        };
        settings.file = if error.is_none() { requested } else { None };
        let mut app = Self::from_dataset(ctx, data, data_name, settings, options.basemap);
        app.error = error;
        app
    }

    /// Creates the app around a dataset already in memory (benchmarks, tests, and after loading).
    pub fn from_dataset(
        ctx: &egui::Context,
        data: Dataset,
        data_name: String,
        mut settings: Settings,
        basemap: bool,
    ) -> Self {
        crate::style::apply(ctx);
        let filter = PersonFilter {
            only: settings
                .only_people
                .iter()
                .filter_map(|id| data.people.iter().position(|p| &p.id == id))
                .map(|i| PersonIdx(i as u32))
                .collect(),
            all_present: settings.all_present,
        };
        let index = TimeIndex::new(&data, &filter);
        let scene = Scene::new(&data);
        let admitted = map::scene::admitted_cities(&data, &scene.cities, &filter);
        settings.timeline = settings.timeline.with_range_of(&index);
        let selected = settings
            .selected_city
            .as_deref()
            .and_then(|name| scene.cities.find(name));
        let fit_pending = settings.map.is_none();
        let memory = settings.map.clone().unwrap_or_default();
        let online = settings.online_tiles.then(|| online_tiles(ctx));
        Self {
            settings,
            data,
            data_name,
            filter,
            index,
            scene,
            admitted,
            selected,
            memory,
            basemap: basemap.then(|| OfflineTiles::new(ctx)),
            online,
            error: None,
            help_open: false,
            fit_pending,
            drawn: Drawn::default(),
            pulse: 0.0,
            loading: None,
            dialog: None,
            pending: None,
            failed: Vec::new(),
            unsaved: false,
            history: History::new(),
            editor: EditorState::default(),
            quit_asked: false,
            quitting: false,
        }
    }

    pub fn timeline(&self) -> &Timeline {
        &self.settings.timeline
    }

    /// The one place where state changes.
    pub fn apply(&mut self, action: Action, ctx: &egui::Context) {
        log::trace!("{action:?}");
        match action {
            Action::Time(command) => self.settings.timeline.apply(command, &self.index),
            Action::SelectCity(city) => self.selected = city,
            Action::FocusMeeting(m) => {
                if let Some(meeting) = self.data.meetings.get(m.index()) {
                    let at = meeting.start.midpoint_utc().min(meeting.active_window().1);
                    self.settings
                        .timeline
                        .apply(TimeCommand::SetCursor(at), &self.index);
                    self.selected = self.scene.cities.of(meeting.place);
                }
            }
            Action::TogglePerson(p) => {
                if !self.filter.only.remove(&p) {
                    self.filter.only.insert(p);
                }
                self.filter_changed();
            }
            Action::SetAllPresent(on) => {
                self.filter.all_present = on;
                self.settings.all_present = on;
                self.filter_changed();
            }
            Action::ShowEveryone => {
                self.filter.only.clear();
                self.filter_changed();
            }
            Action::FitToData => self.fit_pending = true,
            Action::ZoomIn => {
                let _ = self.memory.zoom_in();
            }
            Action::ZoomOut => {
                let _ = self.memory.zoom_out();
            }
            Action::ZoomInAt(p) => {
                self.memory.center_at(p);
                let _ = self.memory.zoom_in();
            }
            Action::Pan { x, y } => {
                let step = map::PAN_STEP_PX as f32;
                let home = self.scene.bounds.map_or_else(
                    || crate::geodesy::lat_lon(20.0, 0.0),
                    |b| b.mercator_center(),
                );
                map::pan(
                    &mut self.memory,
                    Vec2::new(f32::from(x) * step, f32::from(y) * step),
                    home,
                );
            }
            Action::SetOnlineTiles(on) => {
                self.settings.online_tiles = on;
                self.online = on.then(|| online_tiles(ctx));
            }
            Action::SetFollow(on) => self.settings.follow = on,
            Action::ToggleEditor => self.settings.editor_shown = !self.settings.editor_shown,
            Action::ToggleFilters => self.settings.filters_shown = !self.settings.filters_shown,
            Action::ToggleHelp => self.help_open = !self.help_open,
            Action::ToggleLegend => self.settings.legend_shown.0 = !self.settings.legend_shown.0,
            Action::DismissError => self.error = None,
            Action::Quit => ctx.send_viewport_cmd(egui::ViewportCommand::Close),
            Action::Open
            | Action::OpenRecent(_)
            | Action::Save
            | Action::SaveAs
            | Action::Export(_)
            | Action::ImportPartial
            | Action::CancelImport
            | Action::SaveAndQuit
            | Action::QuitWithoutSaving
            | Action::CancelQuit => self.apply_file(action, ctx),
            Action::Edit(edit) => match self.history.apply(&mut self.data, edit) {
                Ok(()) => self.data_changed(),
                Err(e) => self.editor.report(&e),
            },
            Action::Undo => {
                if self.history.undo(&mut self.data) {
                    self.data_changed();
                }
            }
            Action::Redo => {
                if self.history.redo(&mut self.data) {
                    self.data_changed();
                }
            }
        }
    }

    /// The file actions of [`TravelMapApp::apply`].
    fn apply_file(&mut self, action: Action, ctx: &egui::Context) {
        match action {
            Action::Open => self.dialog = Some(Dialog::open(DialogPurpose::Open, ctx, "")),
            Action::OpenRecent(i) => {
                if let Some(path) = self.settings.recent.get(i).cloned() {
                    self.open_path(path, ctx);
                }
            }
            Action::Save => match self.save_target() {
                Some(path) => {
                    self.save_to(&path);
                }
                None => self.apply(Action::SaveAs, ctx),
            },
            Action::SaveAs => {
                let name = format!("{}.json", self.file_stem());
                self.dialog = Some(Dialog::open(DialogPurpose::SaveAs, ctx, &name));
            }
            Action::ImportPartial => {
                if let Some(p) = self.pending.take() {
                    let name = format!("{} (partly imported)", p.path.display());
                    // Never saved over the file it came from: Save asks for a name.
                    self.replace_data(p.data, name, None);
                    self.unsaved = true;
                }
            }
            Action::CancelImport => self.pending = None,
            Action::SaveAndQuit => {
                self.quit_asked = false;
                let saved = self.save_target().is_some_and(|path| self.save_to(&path));
                if saved {
                    self.quitting = true;
                    ctx.send_viewport_cmd(egui::ViewportCommand::Close);
                } else {
                    self.apply(Action::SaveAs, ctx);
                }
            }
            Action::QuitWithoutSaving => {
                self.quit_asked = false;
                self.quitting = true;
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            }
            Action::CancelQuit => self.quit_asked = false,
            Action::Export(format) => {
                let name = format!("{}.{}", self.file_stem(), format.extension());
                self.dialog = Some(Dialog::open(DialogPurpose::Export(format), ctx, &name));
            }
            _ => {}
        }
    }

    /// A file name for the data, from its title.
    fn file_stem(&self) -> String {
        let stem: String = self
            .data
            .title
            .chars()
            .map(|c| {
                if c.is_alphanumeric() {
                    c.to_ascii_lowercase()
                } else {
                    '-'
                }
            })
            .collect();
        if stem.trim_matches('-').is_empty() {
            "travelmap".to_owned()
        } else {
            stem
        }
    }

    /// Writes the data in `format` to `path`, atomically; reports failure.
    pub fn export_to(&mut self, path: &std::path::Path, format: crate::formats::Format) -> bool {
        let text = crate::formats::export(&self.data, format);
        match data::save_atomic(path, text.as_bytes()) {
            Ok(()) => {
                log::info!("exported {} as {}", path.display(), format.name());
                true
            }
            Err(e) => {
                self.error = Some(format!("Could not export. Nothing was overwritten.\n\n{e}"));
                false
            }
        }
    }

    /// Starts loading a file in the background; the data on screen stays until it has loaded.
    pub fn open_path(&mut self, path: PathBuf, ctx: &egui::Context) {
        log::info!("opening {}", path.display());
        self.loading = Some(Loading::start(path, ctx));
    }

    /// Adopts a finished load: a good file replaces the data; a file with bad records waits for the
    /// user's choice; a failed one is reported and changes nothing.
    pub fn adopt(&mut self, outcome: LoadOutcome) {
        match outcome {
            LoadOutcome::Loaded {
                path,
                data,
                problems,
            } if problems.is_empty() => {
                files::remember(&mut self.settings.recent, &path);
                let name = path.display().to_string();
                self.replace_data(data, name, Some(path));
            }
            LoadOutcome::Loaded {
                path,
                data,
                problems,
            } => {
                self.pending = Some(PendingImport {
                    path,
                    data,
                    problems,
                });
            }
            LoadOutcome::Failed { path, error } => {
                self.failed.push(path);
                self.error = Some(format!(
                    "Could not open the file. The data on screen is unchanged.\n\n{error}"
                ));
            }
        }
    }

    /// Shows another dataset, resetting what depended on the old one.
    pub fn replace_data(&mut self, data: Dataset, name: String, path: Option<PathBuf>) {
        log::info!("showing {name}: {}", data.summary());
        self.filter = PersonFilter::default();
        self.settings.only_people.clear();
        self.index = TimeIndex::new(&data, &self.filter);
        self.scene = Scene::new(&data);
        self.admitted = None;
        self.settings.timeline = Timeline::spanning(&self.index);
        self.settings.file = path;
        self.selected = None;
        self.data = data;
        self.data_name = name;
        self.unsaved = false;
        self.history = History::new();
        // The drafts hold indexes into the old dataset.
        self.editor = EditorState::default();
        self.fit_pending = true;
    }

    /// Rebuilds what is derived from the data after an edit, keeping the view.
    fn data_changed(&mut self) {
        let selected = self
            .selected
            .and_then(|c| self.scene.cities.get(c))
            .map(|c| c.name.clone());
        self.index = TimeIndex::new(&self.data, &self.filter);
        self.scene = Scene::new(&self.data);
        self.admitted = map::scene::admitted_cities(&self.data, &self.scene.cities, &self.filter);
        self.settings.timeline = self.settings.timeline.with_range_of(&self.index);
        self.selected = selected.and_then(|name| self.scene.cities.find(&name));
    }

    /// Whether anything would be lost by quitting now.
    pub fn has_unsaved_changes(&self) -> bool {
        self.unsaved || self.history.unsaved()
    }

    /// Where Save writes without asking: the file the data came from, if it is a native JSON file that
    /// loaded in full. Otherwise Save asks for a name.
    fn save_target(&self) -> Option<PathBuf> {
        let path = self.settings.file.clone()?;
        let native = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("json"));
        (native && !self.failed.contains(&path)).then_some(path)
    }

    /// Saves atomically; reports failure to the user. Returns whether it saved.
    pub fn save_to(&mut self, path: &std::path::Path) -> bool {
        if self.failed.iter().any(|p| p == path) {
            self.error = Some(format!(
                "{} failed to load earlier, so it is not overwritten. Choose another name.",
                path.display()
            ));
            return false;
        }
        match data::save_atomic(path, data::to_json(&self.data).as_bytes()) {
            Ok(()) => {
                log::info!("saved {}", path.display());
                files::remember(&mut self.settings.recent, path);
                self.settings.file = Some(path.to_owned());
                self.data_name = path.display().to_string();
                self.unsaved = false;
                self.history.mark_saved();
                true
            }
            Err(e) => {
                self.error = Some(format!("Could not save. Nothing was overwritten.\n\n{e}"));
                false
            }
        }
    }

    /// Background work and window events: finished loads and dialogs, dropped files, close requests.
    fn poll_files(&mut self, ctx: &egui::Context) {
        if let Some(outcome) = self.loading.as_ref().and_then(Loading::poll) {
            self.loading = None;
            self.adopt(outcome);
        }
        if let Some(choice) = self.dialog.as_ref().and_then(Dialog::poll) {
            let purpose = self.dialog.take().map(|d| d.purpose);
            match (purpose, choice) {
                (Some(DialogPurpose::Open), Some(path)) => self.open_path(path, ctx),
                (Some(DialogPurpose::Export(format)), Some(path)) => {
                    self.export_to(&path, format);
                }
                (Some(DialogPurpose::SaveAs), Some(path))
                    if self.save_to(&path) && self.quit_asked =>
                {
                    self.quitting = true;
                    ctx.send_viewport_cmd(egui::ViewportCommand::Close);
                }
                _ => {}
            }
        }
        let dropped = ctx.input(|i| i.raw.dropped_files.first().map(|f| f.path().to_owned()));
        if let Some(path) = dropped {
            self.open_path(path, ctx);
        }
        if ctx.input(|i| i.viewport().close_requested())
            && self.has_unsaved_changes()
            && !self.quitting
        {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.quit_asked = true;
        }
        if self.loading.is_some() {
            ctx.request_repaint_after(std::time::Duration::from_millis(100));
        }
    }

    fn dialogs_ui(&self, ctx: &egui::Context, actions: &mut Vec<Action>) {
        if let Some(loading) = &self.loading {
            let name = loading
                .path
                .file_name()
                .map(|n| n.to_string_lossy())
                .unwrap_or_default();
            dialogs::loading_ui(ctx, &name, loading.fraction(), loading.reading_done());
        }
        if let Some(p) = &self.pending {
            let good = p.data.legs.len() + p.data.meetings.len() + p.data.places.len();
            actions.extend(dialogs::partial_import_ui(
                ctx,
                &p.path.display().to_string(),
                good,
                &p.problems,
            ));
        }
        if let Some(error) = &self.error {
            actions.extend(dialogs::error_ui(ctx, error));
        }
        if self.quit_asked {
            actions.extend(dialogs::quit_ui(ctx));
        }
    }

    /// The window title: the data's name, and a dot while there are unsaved changes.
    pub fn title(&self) -> String {
        let dot = if self.has_unsaved_changes() {
            " •"
        } else {
            ""
        };
        format!("{}{dot} — travelmap", self.data_name)
    }

    fn filter_changed(&mut self) {
        self.index = TimeIndex::new(&self.data, &self.filter);
        self.admitted = map::scene::admitted_cities(&self.data, &self.scene.cities, &self.filter);
        self.settings.only_people = self
            .filter
            .only
            .iter()
            .filter_map(|p| self.data.person(*p))
            .map(|p| p.id.clone())
            .collect();
    }

    /// Centres the map on the first traveller in the air, if any.
    fn follow_traveller(&mut self) {
        let cursor = self.settings.timeline.cursor;
        let Some((leg, fraction)) = self.index.legs_in_progress(cursor).next() else {
            return;
        };
        let Some(leg) = self.data.legs.get(leg.index()) else {
            return;
        };
        if let (Some(from), Some(to)) = (self.data.place(leg.from), self.data.place(leg.to)) {
            let at = crate::geodesy::point_along(from.position, to.position, fraction);
            self.memory.center_at(at);
        }
    }

    /// The selected city's name and zone, for local times.
    fn local(&self) -> Option<(&str, Tz)> {
        let city = self.scene.cities.get(self.selected?)?;
        Some((city.name.as_str(), city.tz))
    }

    /// One frame of the whole UI. `App::ui` calls this; benchmarks call it directly.
    pub fn frame_ui(&mut self, ui: &mut Ui) {
        // Not capped at a tenth of a second as animations are: at 4 frames a second playback must still
        // cover the same data time per second. Only a stall (a suspended window) is cut short.
        let dt = ui.input(|i| i.stable_dt).min(1.0);
        if self.settings.timeline.update(f64::from(dt), &self.index) {
            self.pulse = (self.pulse + dt).fract();
            ui.ctx().request_repaint();
        }
        let ctx = ui.ctx().clone();
        self.poll_files(&ctx);
        let mut actions = shortcuts::shortcuts_ui(&ctx, self.settings.timeline.playing);

        egui::Panel::top("menu").show(ui, |ui| {
            let state = menu::MenuState {
                online_tiles: self.settings.online_tiles,
                filters_shown: self.settings.filters_shown,
                editor_shown: self.settings.editor_shown,
                legend_shown: self.settings.legend_shown.0,
                can_undo: self.history.can_undo(),
                can_redo: self.history.can_redo(),
                recent: &self.settings.recent,
            };
            actions.extend(menu::menu_ui(ui, &state));
        });
        egui::Panel::bottom("timeline")
            .resizable(false)
            .show(ui, |ui| {
                let view = timeline_bar::TimelineView {
                    timeline: &self.settings.timeline,
                    index: &self.index,
                    data: &self.data,
                    local: self.local(),
                    follow: self.settings.follow,
                };
                actions.extend(timeline_bar::timeline_bar_ui(ui, &view));
            });
        if self.settings.editor_shown {
            egui::Panel::left("editor")
                .default_size(340.0)
                .size_range(260.0..=560.0)
                .show(ui, |ui| {
                    actions.extend(crate::ui::editor::editor_ui(
                        ui,
                        &self.data,
                        &self.history,
                        &mut self.editor,
                    ));
                });
        }
        if self.settings.filters_shown {
            egui::Panel::left("filters")
                .default_size(200.0)
                .show(ui, |ui| {
                    actions.extend(filters::filters_ui(ui, &self.data, &self.filter));
                });
        }
        if let Some(city) = self.selected {
            egui::Panel::right("details")
                .default_size(340.0)
                .size_range(240.0..=600.0)
                .show(ui, |ui| {
                    actions.extend(city_panel::city_panel_ui(
                        ui,
                        &self.data,
                        &self.scene.cities,
                        city,
                    ));
                });
        }
        egui::CentralPanel::no_frame().show(ui, |ui| actions.extend(self.map_ui(ui)));
        self.dialogs_ui(&ctx, &mut actions);
        menu::help_ui(&ctx, &mut self.help_open);

        for action in actions {
            self.apply(action, &ctx);
        }
    }

    fn map_ui(&mut self, ui: &mut Ui) -> Option<Action> {
        if self.fit_pending {
            self.fit_pending = false;
            if let Some(bounds) = self.scene.bounds {
                map::fit(&mut self.memory, &bounds, ui.available_size());
            }
        }
        if self.settings.follow {
            self.follow_traveller();
        }
        let overlay = Overlay {
            data: &self.data,
            scene: &self.scene,
            index: &self.index,
            cursor: self.settings.timeline.cursor,
            window: self.settings.timeline.window_interval(),
            selected: self.selected,
            pulse: if self.settings.timeline.playing {
                self.pulse
            } else {
                0.0
            },
            place_names: !self.settings.online_tiles,
            admitted: self.admitted.as_deref(),
            range: matches!(
                self.settings.timeline.window,
                crate::timeline::TimeWindow::Range { .. }
            ),
        };
        let layers = map::Layers {
            basemap: self.basemap.as_mut(),
            online: self.online.as_mut(),
        };
        let map_rect = ui.available_rect_before_wrap();
        let (action, drawn) = map::map_ui(ui, &mut self.memory, layers, &overlay);
        self.drawn = drawn;
        if let Some(a) = legend::legend_ui(ui.ctx(), map_rect, self.settings.legend_shown.0) {
            return Some(a);
        }
        action.map(|a| match a {
            MapAction::SelectCity(c) => Action::SelectCity(Some(c)),
            MapAction::ZoomInAt(p) => Action::ZoomInAt(p),
        })
    }
}

/// OpenStreetMap tiles, cached on disk beside the settings.
fn online_tiles(ctx: &egui::Context) -> HttpTiles {
    let cache = eframe::storage_dir("travelmap").map(|d| d.join("tiles"));
    let options = HttpOptions {
        cache,
        ..HttpOptions::default()
    };
    HttpTiles::with_options(walkers::sources::OpenStreetMap, options, ctx.clone())
}

impl eframe::App for TravelMapApp {
    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        self.frame_ui(ui);
        let title = self.title();
        if ui
            .ctx()
            .data(|d| d.get_temp::<String>(egui::Id::unique("title")))
            != Some(title.clone())
        {
            ui.ctx()
                .data_mut(|d| d.insert_temp(egui::Id::unique("title"), title.clone()));
            ui.send_viewport_cmd(egui::ViewportCommand::Title(title));
        }
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        self.settings.selected_city = self
            .selected
            .and_then(|c| self.scene.cities.get(c))
            .map(|c| c.name.clone());
        self.settings.map = Some(self.memory.clone());
        eframe::set_value(storage, eframe::APP_KEY, &self.settings);
    }
}

/// Opens the window. `file` is the dataset to show (the remembered or bundled one when `None`).
pub fn run(file: Option<PathBuf>) -> anyhow::Result<()> {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("travelmap")
            .with_app_id("travelmap")
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([640.0, 400.0])
            .with_drag_and_drop(true),
        ..Default::default()
    };
    let start = StartOptions {
        file,
        basemap: true,
    };
    eframe::run_native(
        "travelmap",
        options,
        Box::new(move |cc| Ok(Box::new(TravelMapApp::new(cc, start)))),
    )
    .map_err(|e| anyhow::anyhow!("could not open the window: {e}"))
}
