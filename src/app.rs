//! The app: owns the dataset, the derived indexes and the view state; lays out the panels each frame and
//! applies every [`Action`] they return in one place, [`TravelMapApp::apply`].
//!
//! Derived data (the time index, cities, route geometry) is rebuilt only when the dataset or the person
//! filter changes. What the user would expect to find again next time (cursor, speed, selection,
//! filter, panels, map view) lives in one [`Settings`] struct saved by eframe.

use std::path::PathBuf;
use std::sync::Arc;

use chrono_tz::Tz;
use egui::{Ui, Vec2};
use walkers::{HttpOptions, HttpTiles, MapMemory};

use crate::data::edit::History;
use crate::data::{self, CityIdx, Dataset, PersonIdx};
use crate::derived::Derived;
use crate::encounters::{self, Encounters};
use crate::files::{self, Dialog, DialogChoice, DialogPurpose, LoadOutcome, Loading};
use crate::formats::LoadOptions;
use crate::formats::itinerary::Role;
use crate::map::{self, Drawn, MapAction, Overlay, basemap::OfflineTiles, scene::Scene};
use crate::network::PeopleGraph;
use crate::timeline::{PersonFilter, RecordFilter, TimeCommand, TimeIndex, Timeline};
use crate::ui::columns::ColumnMapping;
use crate::ui::editor::EditorState;
use crate::ui::people::{PeopleData, PeopleView};
use crate::ui::stats::FrameStats;
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
    /// The list of notes (View ▸ Notes).
    pub notes_shown: bool,
    /// The legend over the map (shown the first time).
    pub legend_shown: legend::Shown,
    pub map: Option<MapMemory>,
    /// Recently opened files, newest first.
    pub recent: Vec<PathBuf>,
    /// Use travelmap's own file dialog instead of the system's. Turned on by itself where the system
    /// dialog can't be shown (no desktop portal); `TRAVELMAP_FILE_DIALOG` overrides it.
    pub builtin_file_dialog: bool,
    /// Inferred flights between stays are hidden (View ▸ Inferred flights, `--no-infer`).
    pub hide_inferred: bool,
    /// The longest gap between two stays that gets an inferred flight (days); the default when `None`.
    pub infer_gap_days: Option<u32>,
    /// Column roles the user chose for spreadsheets, by their header row (cells joined by tabs).
    pub column_roles: std::collections::BTreeMap<String, Vec<Role>>,
    /// The search window (View ▸ Search…, Ctrl+F).
    pub search_shown: bool,
    /// The events table (View ▸ Events, Ctrl+T).
    pub events_shown: bool,
    /// The people network is open (View ▸ People, Ctrl+P).
    pub people_shown: bool,
    /// The people in the swimlanes under the timeline, by person id, in order.
    pub swimlanes: Vec<String>,
}

impl Settings {
    /// How files are read with these settings (`roles_for` gives column roles for a header).
    pub fn load_options(&self) -> LoadOptions {
        LoadOptions {
            infer_gap_days: (!self.hide_inferred).then(|| {
                self.infer_gap_days
                    .unwrap_or(data::infer::DEFAULT_MAX_GAP_DAYS)
            }),
            ..LoadOptions::default()
        }
    }
}

/// How the app starts.
#[derive(Clone, Debug, Default)]
pub struct StartOptions {
    /// Open this file instead of the remembered one or the bundled dataset.
    pub file: Option<PathBuf>,
    /// Draw the offline basemap (tests may leave it out).
    pub basemap: bool,
    /// Infer no flights between stays (`--no-infer`).
    pub no_infer: bool,
    /// Open the Frame statistics window (`--stats`).
    pub stats: bool,
}

/// The whole application state.
pub struct TravelMapApp {
    pub settings: Settings,
    /// Shared with background work on it (co-presence), so that work needs no copy; an edit copies it
    /// only while such work still holds the old version ([`Arc::make_mut`]).
    pub data: Arc<Dataset>,
    /// Where the data came from, for the title and messages.
    pub data_name: String,
    /// Which records the map, the timeline and the counts show (people, certainty, kind, …).
    pub filter: RecordFilter,
    pub index: TimeIndex,
    pub scene: Scene,
    /// Per city, whether the person filter keeps one of its records; `None` while it shows everyone.
    pub admitted: Option<Vec<bool>>,
    pub selected: Option<CityIdx>,
    /// The flight whose details are open.
    pub selected_leg: Option<data::LegIdx>,
    /// A clicked link's address, shown in case no browser opens.
    pub link: Option<String>,
    pub memory: MapMemory,
    basemap: Option<OfflineTiles>,
    online: Option<HttpTiles>,
    /// A problem the user must see (a file that failed to load).
    pub error: Option<String>,
    /// Something the user should know that is not a problem (the file dialog changed, a file saved).
    pub notice: Option<String>,
    pub help_open: bool,
    /// Fit the view to the data on the next frame (at start, when the map's size is known).
    fit_pending: bool,
    /// Bring the selected city into view on the next frame, once the panels around the map have their
    /// new sizes (a details panel opening over it).
    reveal_selected: bool,
    /// What the map drew on the last frame.
    pub drawn: Drawn,
    pulse: f32,
    /// A file loading in the background.
    pub loading: Option<Loading>,
    /// A jump to the start or the end of the timeline asked for while a file loads: done to its data
    /// when it is shown, instead of to the placeholder timeline.
    jump_on_arrival: Option<TimeCommand>,
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
    /// The file being loaded is the one asked for at start: if it fails, show the bundled data.
    startup_load: bool,
    /// A spreadsheet whose columns the user is asked to name.
    pub column_mapping: Option<ColumnMapping>,
    /// The export form, while it is open.
    pub export: Option<crate::ui::export::ExportForm>,
    /// A picture or animation being made in the background.
    pub rendering: Option<crate::render::job::Job>,
    /// The map's size on screen at the last frame, for "window" export sizes.
    map_size: egui::Vec2,
    /// Place texts that did not geocode cleanly in the file last opened (kept, flagged).
    pub warnings: Vec<data::Problem>,
    /// The flagged place texts of the data, grouped (derived; rebuilt with the data).
    pub review_groups: Vec<data::review::ReviewGroup>,
    /// The review list is open (View ▸ Places to review).
    pub review_shown: bool,
    review: crate::ui::review::ReviewState,
    /// How fast the window runs (View ▸ Frame statistics), and the per-frame file when asked for.
    pub stats: FrameStats,
    /// The Frame statistics window is open.
    pub stats_shown: bool,
    /// Who met whom and who was in the same city at once (derived; rebuilt with the data, in the
    /// background for large data, and empty until it is ready).
    pub encounters: Encounters,
    /// Encounters being worked out in the background.
    pub encounters_pending: Option<encounters::Background>,
    /// Counts the data's versions, so a background result for an older one is dropped.
    data_generation: u64,
    /// The search index of the data, made when search or the events table is first shown.
    pub finder: Option<crate::search::Finder>,
    /// The search window's query, highlight and last answer.
    pub search: crate::ui::search::SearchState,
    /// The events table's rows, order and selection.
    pub events: crate::ui::events_table::EventsTableState,
    /// The people network of the data (derived; rebuilt with the data).
    pub people_graph: PeopleGraph,
    /// The people panel's layout and chosen pair (rebuilt with the data).
    pub people: PeopleView,
    /// The person highlighted across the app, from the people panel.
    pub highlighted: Option<PersonIdx>,
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

    /// Creates the app with given settings (tests and benchmarks use this directly). The window shows at
    /// once: a file asked for (on the command line, or the one open last time) loads in the background
    /// through the same loader as File ▸ Open, with a progress bar; if it fails, the bundled data is
    /// shown with the reason.
    pub fn with_settings(
        ctx: &egui::Context,
        mut settings: Settings,
        options: StartOptions,
    ) -> Self {
        crate::style::apply(ctx);
        if options.no_infer {
            settings.hide_inferred = true;
        }
        let requested = options.file.clone().or_else(|| settings.file.clone());
        let load_options = settings.load_options();
        let (data, error) = match &requested {
            Some(_) => (Dataset::default(), None),
            None => match crate::formats::load_bundled(&load_options) {
                Ok(loaded) => (loaded.data, None),
                Err(e) => (Dataset::default(), Some(e.to_string())),
            },
        };
        let name = requested.as_ref().map_or_else(
            || data::BUNDLED_NAME.to_owned(),
            |p| p.display().to_string(),
        );
        let mut app = Self::from_dataset(ctx, data, name, settings, options.basemap);
        app.error = error;
        app.stats_shown = options.stats;
        if let Some(path) = requested {
            app.startup_load = true;
            app.open_path(path, ctx);
        }
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
        let data = Arc::new(data);
        let filter = RecordFilter::from(PersonFilter {
            only: settings
                .only_people
                .iter()
                .filter_map(|id| data.people.iter().position(|p| &p.id == id))
                .map(|i| PersonIdx(i as u32))
                .collect(),
            all_present: settings.all_present,
        });
        let Derived {
            index,
            scene,
            admitted,
            review_groups,
            encounters,
            people_graph,
            people,
        } = Derived::new(&data, &filter);
        let (encounters, encounters_pending) = match encounters {
            Some(e) => (e, None),
            None => start_encounters(&data, 0),
        };
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
            selected_leg: None,
            link: None,
            memory,
            basemap: basemap.then(|| OfflineTiles::new(ctx)),
            online,
            error: None,
            notice: None,
            help_open: false,
            stats: FrameStats::from_env(),
            stats_shown: false,
            fit_pending,
            reveal_selected: false,
            drawn: Drawn::default(),
            pulse: 0.0,
            loading: None,
            jump_on_arrival: None,
            dialog: None,
            pending: None,
            failed: Vec::new(),
            unsaved: false,
            history: History::new(),
            editor: EditorState::default(),
            quit_asked: false,
            quitting: false,
            startup_load: false,
            column_mapping: None,
            export: None,
            rendering: None,
            map_size: egui::Vec2::new(1280.0, 720.0),
            warnings: Vec::new(),
            review_groups,
            review_shown: false,
            review: crate::ui::review::ReviewState::default(),
            encounters,
            encounters_pending,
            data_generation: 0,
            finder: None,
            search: crate::ui::search::SearchState::default(),
            events: crate::ui::events_table::EventsTableState::default(),
            people_graph,
            people,
            highlighted: None,
        }
    }

    pub fn timeline(&self) -> &Timeline {
        &self.settings.timeline
    }

    /// The one place where state changes.
    pub fn apply(&mut self, action: Action, ctx: &egui::Context) {
        log::trace!("{action:?}");
        match action {
            Action::Time(command) => {
                if self.loading.is_some()
                    && matches!(command, TimeCommand::ToStart | TimeCommand::ToEnd)
                {
                    self.jump_on_arrival = Some(command);
                }
                self.settings.timeline.apply(command, &self.index);
            }
            Action::SelectCity(city) => {
                self.selected = city;
                self.reveal_selected = true;
            }
            Action::FocusMeeting(m) => {
                if let Some(meeting) = self.data.meetings.get(m.index()) {
                    let at = meeting.start.midpoint_utc().min(meeting.active_window().1);
                    self.settings
                        .timeline
                        .apply(TimeCommand::SetCursor(at), &self.index);
                    self.selected = self.scene.cities.of(meeting.place);
                    self.reveal_selected = true;
                }
            }
            Action::SelectLeg(leg) => self.selected_leg = leg,
            Action::ToggleNotes => self.settings.notes_shown = !self.settings.notes_shown,
            Action::ShowLink(url) => self.link = url,
            Action::TogglePerson(_)
            | Action::SetAllPresent(_)
            | Action::ShowEveryone
            | Action::FitToData
            | Action::ZoomIn
            | Action::ZoomOut
            | Action::ZoomInAt(_)
            | Action::Pan { .. } => self.apply_view(action),
            Action::SetOnlineTiles(on) => {
                self.settings.online_tiles = on;
                self.online = on.then(|| online_tiles(ctx));
            }
            Action::SetFollow(on) => self.settings.follow = on,
            Action::ToggleEditor => {
                self.settings.editor_shown = !self.settings.editor_shown;
                self.reveal_selected = true;
            }
            Action::ToggleFilters => {
                self.settings.filters_shown = !self.settings.filters_shown;
                self.reveal_selected = true;
            }
            Action::ToggleHelp => self.help_open = !self.help_open,
            Action::ToggleStats => self.stats_shown = !self.stats_shown,
            Action::ToggleLegend => self.settings.legend_shown.0 = !self.settings.legend_shown.0,
            Action::DismissError => self.error = None,
            Action::DismissNotice => self.notice = None,
            Action::Quit => ctx.send_viewport_cmd(egui::ViewportCommand::Close),
            Action::Open
            | Action::OpenRecent(_)
            | Action::Save
            | Action::SaveAs
            | Action::Export(_)
            | Action::ImportPartial
            | Action::CancelImport
            | Action::CancelLoading
            | Action::SaveAndQuit
            | Action::QuitWithoutSaving
            | Action::CancelQuit
            | Action::SetBuiltInFileDialog(_) => self.apply_file(action, ctx),
            Action::OpenExport(_)
            | Action::ChooseExportFile
            | Action::CloseExport
            | Action::StartRender(_)
            | Action::CancelRender
            | Action::Rendered(_) => self.apply_export(action, ctx),
            Action::Loaded(_)
            | Action::EncountersComputed(_)
            | Action::DialogClosed(_)
            | Action::OpenPath(_)
            | Action::CloseRequested => self.apply_background(action, ctx),
            Action::Edit(_)
            | Action::Undo
            | Action::Redo
            | Action::SetInferredShown(_)
            | Action::MapColumns(_)
            | Action::CancelColumns
            | Action::ToggleReview => self.apply_data(action, ctx),
            Action::ToggleSearch
            | Action::ToggleEvents
            | Action::FocusRecord(_)
            | Action::ShowOnlyPerson(_)
            | Action::SetFilter(_) => self.apply_search(action),
            Action::TogglePeople
            | Action::HighlightPerson(_)
            | Action::ToggleSwimlane(_)
            | Action::ClearSwimlanes => self.apply_people(action),
        }
    }

    /// The search and events table actions of [`TravelMapApp::apply`].
    fn apply_search(&mut self, action: Action) {
        match action {
            // The window opened gets the keyboard; closing one hands it back to the other, if open.
            Action::ToggleSearch => {
                self.settings.search_shown = !self.settings.search_shown;
                self.search.focus = self.settings.search_shown;
                self.events.focus = !self.settings.search_shown && self.settings.events_shown;
            }
            Action::ToggleEvents => {
                self.settings.events_shown = !self.settings.events_shown;
                self.events.focus = self.settings.events_shown;
                self.search.focus = !self.settings.events_shown && self.settings.search_shown;
            }
            Action::FocusRecord(record) => {
                if let Some(at) = crate::records::instant(&self.data, record) {
                    self.settings
                        .timeline
                        .apply(TimeCommand::SetCursor(at), &self.index);
                }
                if let Some(place) = crate::records::place(&self.data, record) {
                    self.selected = self.scene.cities.of(place);
                    self.reveal_selected = true;
                }
                if record.kind == data::RecordKind::Leg {
                    self.selected_leg = Some(data::LegIdx(record.index as u32));
                }
            }
            Action::ShowOnlyPerson(p) => {
                self.filter.people.only = [p].into();
                self.filter_changed();
            }
            Action::SetFilter(filter) => {
                self.filter = *filter;
                self.settings.all_present = self.filter.people.all_present;
                self.filter_changed();
            }
            _ => {}
        }
    }

    /// The search window and the events table, with the search index they share (made the first time
    /// either is shown, and again after the data changes).
    fn search_windows_ui(&mut self, ctx: &egui::Context, actions: &mut Vec<Action>) {
        if !self.settings.search_shown && !self.settings.events_shown {
            return;
        }
        let finder = self
            .finder
            .get_or_insert_with(|| crate::search::Finder::new(&self.data));
        finder.follow_filter(&self.data, &self.filter, self.index.id());
        if self.settings.search_shown {
            let view = crate::ui::search::SearchView {
                data: &self.data,
                cities: &self.scene.cities,
                finder,
                filter: &self.filter,
                shown: self.index.record_count(),
                total: self.data.legs.len()
                    + self.data.meetings.len()
                    + self.data.notes.len()
                    + self.data.stays.len(),
            };
            let mut open = true;
            actions.extend(crate::ui::search::search_ui(
                ctx,
                &view,
                &mut self.search,
                &mut open,
            ));
            if !open {
                actions.push(Action::ToggleSearch);
            }
        }
        if self.settings.events_shown {
            let view = crate::ui::events_table::EventsView {
                data: &self.data,
                index: &self.index,
                finder,
                cursor: self.settings.timeline.cursor,
            };
            let mut open = true;
            actions.extend(crate::ui::events_table::events_table_ui(
                ctx,
                &view,
                &mut self.events,
                &mut open,
            ));
            if !open {
                actions.push(Action::ToggleEvents);
            }
        }
    }

    /// The people actions of [`TravelMapApp::apply`]: the people panel, the highlighted person and the
    /// swimlanes.
    fn apply_people(&mut self, action: Action) {
        match action {
            Action::TogglePeople => self.settings.people_shown = !self.settings.people_shown,
            Action::HighlightPerson(p) => {
                self.highlighted = p.filter(|p| p.index() < self.data.people.len());
            }
            Action::ToggleSwimlane(p) => {
                let Some(id) = self.data.person(p).map(|p| p.id.clone()) else {
                    return;
                };
                let shown = self.swimlane_people().len();
                let lanes = &mut self.settings.swimlanes;
                if let Some(i) = lanes.iter().position(|l| *l == id) {
                    lanes.remove(i);
                } else if shown < crate::ui::swimlanes::MAX_LANES {
                    lanes.push(id);
                } else {
                    self.notice = Some(format!(
                        "The swimlanes show at most {} people: take one out first.",
                        crate::ui::swimlanes::MAX_LANES
                    ));
                }
            }
            Action::ClearSwimlanes => self.settings.swimlanes.clear(),
            _ => {}
        }
    }

    /// The people in the swimlanes, in order: those of the remembered ids that the data has.
    pub fn swimlane_people(&self) -> Vec<PersonIdx> {
        self.settings
            .swimlanes
            .iter()
            .filter_map(|id| self.data.people.iter().position(|p| &p.id == id))
            .map(|i| PersonIdx(i as u32))
            .collect()
    }

    /// The data actions of [`TravelMapApp::apply`]: edits and undo, inferred flights, the column-mapping
    /// step and the review list.
    fn apply_data(&mut self, action: Action, ctx: &egui::Context) {
        match action {
            // Edits see only the recorded data: inferred legs are taken out first and worked out again
            // after, so that the history's indexes always mean the same records.
            Action::Edit(edit) => {
                let data = Arc::make_mut(&mut self.data);
                data::infer::set_inferred(data, None);
                let applied = self.history.apply(data, edit);
                if let Err(e) = &applied {
                    self.editor.report(e);
                }
                self.data_changed();
            }
            Action::Undo | Action::Redo => {
                let data = Arc::make_mut(&mut self.data);
                data::infer::set_inferred(data, None);
                if action == Action::Undo {
                    self.history.undo(data);
                } else {
                    self.history.redo(data);
                }
                self.data_changed();
            }
            Action::SetInferredShown(shown) => {
                self.settings.hide_inferred = !shown;
                self.data_changed();
            }
            Action::MapColumns(roles) => {
                if let Some(m) = self.column_mapping.take() {
                    self.settings
                        .column_roles
                        .insert(m.header.join("\t"), roles);
                    self.open_path(m.path, ctx);
                }
            }
            Action::CancelColumns => self.column_mapping = None,
            Action::ToggleReview => self.review_shown = !self.review_shown,
            _ => {}
        }
    }

    /// The person filter and map view actions of [`TravelMapApp::apply`].
    fn apply_view(&mut self, action: Action) {
        match action {
            Action::TogglePerson(p) => {
                if !self.filter.people.only.remove(&p) {
                    self.filter.people.only.insert(p);
                }
                self.filter_changed();
            }
            Action::SetAllPresent(on) => {
                self.filter.people.all_present = on;
                self.settings.all_present = on;
                self.filter_changed();
            }
            Action::ShowEveryone => {
                self.filter.people.only.clear();
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
            _ => {}
        }
    }

    /// The file actions of [`TravelMapApp::apply`].
    fn apply_file(&mut self, action: Action, ctx: &egui::Context) {
        match action {
            Action::Open => self.open_dialog(DialogPurpose::Open, "", ctx),
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
                self.open_dialog(DialogPurpose::SaveAs, &name, ctx);
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
            // The thread finishes on its own; its result goes nowhere.
            Action::CancelLoading => {
                self.jump_on_arrival = None;
                if let Some(loading) = self.loading.take() {
                    self.notice = Some(format!("Stopped loading {}.", loading.path.display()));
                }
                if std::mem::take(&mut self.startup_load) {
                    self.show_bundled();
                }
            }
            // The question stays open until the data is saved or the user chooses otherwise: a failed
            // save shows its reason in it, and a cancelled "Save as" brings it back.
            Action::SaveAndQuit => {
                self.error = None;
                match self.save_target() {
                    Some(path) => {
                        if self.save_to(&path) {
                            self.quit_now(ctx);
                        }
                    }
                    None => self.apply(Action::SaveAs, ctx),
                }
            }
            Action::QuitWithoutSaving => self.quit_now(ctx),
            Action::CancelQuit => {
                self.quit_asked = false;
                self.error = None;
            }
            Action::Export(format) => {
                let name = format!("{}.{}", self.file_stem(), format.extension());
                self.open_dialog(DialogPurpose::Export(format), &name, ctx);
            }
            Action::SetBuiltInFileDialog(on) => self.settings.builtin_file_dialog = on,
            _ => {}
        }
    }

    /// Opens a file dialog, the built-in one where the native one can't be shown.
    /// The export actions of [`TravelMapApp::apply`]: the form, the file, the background render.
    fn apply_export(&mut self, action: Action, ctx: &egui::Context) {
        match action {
            Action::OpenExport(kind) => {
                self.export = Some(crate::ui::export::ExportForm::new(kind, &self.data.title));
            }
            Action::CloseExport => self.export = None,
            Action::ChooseExportFile => {
                if let Some(form) = &self.export {
                    let ext = form.extension();
                    let name = format!("{}.{ext}", self.file_stem());
                    self.open_dialog(DialogPurpose::Render(ext), &name, ctx);
                }
            }
            Action::StartRender(path) => self.start_render(path, ctx),
            Action::CancelRender => {
                if let Some(job) = &self.rendering {
                    job.cancel();
                }
            }
            Action::Rendered(outcome) => {
                self.rendering = None;
                match outcome {
                    Ok(path) => self.notice = Some(format!("Exported {}.", path.display())),
                    Err(e) if e == crate::render::RenderError::Cancelled.to_string() => {
                        self.notice = Some("Export cancelled.".to_owned());
                    }
                    Err(e) => self.error = Some(format!("Could not export: {e}")),
                }
            }
            _ => {}
        }
    }

    /// Starts making the export form's picture or animation of what the window shows into `path`.
    fn start_render(&mut self, path: PathBuf, ctx: &egui::Context) {
        let Some(form) = self.export.take() else {
            return;
        };
        let (width, height) = form.pixels(self.map_size);
        let zoom = self.memory.zoom();
        let home = self.scene.bounds.map_or_else(
            || crate::geodesy::lat_lon(20.0, 0.0),
            |b| b.mercator_center(),
        );
        let center = self.memory.detached().unwrap_or(home);
        // The window's view, scaled so a larger picture shows the same part of the world.
        let scale = f64::from(width) / f64::from(self.map_size.x.max(1.0));
        let settings = crate::render::Settings {
            width,
            height,
            view: crate::render::View::At {
                center,
                zoom: zoom + scale.log2() - if width >= 3000 { 1.0 } else { 0.0 },
            },
            window: self.settings.timeline.window,
            filter: self.filter.clone(),
            selected: self.selected,
            furniture: crate::render::Furniture {
                title: Some(form.title.clone()),
                footnotes: form.footnotes,
                online_tiles: self.settings.online_tiles,
            },
        };
        let request = match form.kind {
            crate::ui::export::ExportKind::Picture => crate::render::job::Request::Picture {
                at: self.settings.timeline.cursor,
            },
            crate::ui::export::ExportKind::Animation => {
                let (from, to) = self
                    .index
                    .range()
                    .unwrap_or((self.settings.timeline.start, self.settings.timeline.end));
                crate::render::job::Request::Animation(crate::render::anim::Playback {
                    from,
                    to,
                    fps: form.fps,
                    pace: crate::render::anim::Pace::Length(form.length_secs),
                    warp: form.warp,
                    follow: form.follow,
                })
            }
        };
        let repaint = ctx.clone();
        self.rendering = Some(crate::render::job::Job::start(
            Arc::clone(&self.data),
            settings,
            request,
            path,
            move || repaint.request_repaint(),
        ));
    }

    fn open_dialog(&mut self, purpose: DialogPurpose, suggested_name: &str, ctx: &egui::Context) {
        let kind = files::dialog_kind(self.settings.builtin_file_dialog);
        if kind == files::DialogKind::BuiltInInstead {
            self.use_builtin_dialog_instead();
        }
        let builtin = kind != files::DialogKind::Native;
        self.dialog = Some(
            Dialog::open(purpose, ctx, self.dialog_folder(), suggested_name, builtin)
                .with_recent_folders(&self.settings.recent),
        );
    }

    /// Where a file dialog starts: the folder of the current file, else of the latest recent one, else
    /// the working directory.
    fn dialog_folder(&self) -> PathBuf {
        self.settings
            .file
            .iter()
            .chain(&self.settings.recent)
            .filter_map(|p| p.parent())
            .find(|dir| dir.is_dir())
            .map_or_else(
                || std::env::current_dir().unwrap_or_default(),
                std::path::Path::to_path_buf,
            )
    }

    /// Switches to the built-in file dialog for good (the user can switch back) and says why.
    fn use_builtin_dialog_instead(&mut self) {
        log::warn!("the system file dialog is unavailable; using the built-in one");
        self.settings.builtin_file_dialog = true;
        self.notice = Some(
            "The system file dialog is not available here, so travelmap shows its own. \
             (File ▸ Use the built-in file dialog)"
                .to_owned(),
        );
    }

    /// Whether the user chose to quit (saved, or not saving): the window is closing.
    pub fn quitting(&self) -> bool {
        self.quitting
    }

    /// Lets the window close now, unsaved changes or not.
    fn quit_now(&mut self, ctx: &egui::Context) {
        self.quit_asked = false;
        self.quitting = true;
        ctx.send_viewport_cmd(egui::ViewportCommand::Close);
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
        let written = crate::formats::export(&self.data, format)
            .and_then(|text| data::save_atomic(path, text.as_bytes()));
        match written {
            Ok(()) => {
                log::info!("exported {} as {}", path.display(), format.name());
                self.notice = Some(format!("Exported {} as {}.", path.display(), format.name()));
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
        let mut options = self.settings.load_options();
        if let Some(roles) = self.remembered_roles(&path) {
            options.itinerary.columns = roles;
        }
        self.loading = Some(Loading::start(path, options, ctx));
        self.jump_on_arrival = None;
    }

    /// The column roles the user chose before for a spreadsheet with this file's header, as overrides.
    /// Only the file's first line is read (on the UI thread: a large file must not stall the window), and
    /// only when some header was remembered.
    fn remembered_roles(&self, path: &std::path::Path) -> Option<Vec<(Role, String)>> {
        use std::io::{BufRead as _, Read as _};
        if self.settings.column_roles.is_empty() {
            return None;
        }
        let file = std::fs::File::open(path).ok()?;
        let mut first = String::new();
        std::io::BufReader::new(file.take(64 * 1024))
            .read_line(&mut first)
            .ok()?;
        let (header, _) =
            crate::formats::itinerary::preview(first.trim_start_matches('\u{feff}'), 0);
        let roles = self.settings.column_roles.get(&header.join("\t"))?;
        Some(roles.iter().copied().zip(header).collect())
    }

    /// Adopts a finished load: a good file replaces the data; a file with bad records waits for the
    /// user's choice; a failed one is reported and changes nothing.
    pub fn adopt(&mut self, outcome: LoadOutcome) {
        match outcome {
            LoadOutcome::Loaded {
                path,
                data,
                derived,
                problems,
                warnings,
            } if problems.is_empty() => {
                self.startup_load = false;
                files::remember(&mut self.settings.recent, &path);
                let name = path.display().to_string();
                self.show_data(data, derived, name, Some(path));
                self.warnings = warnings;
            }
            LoadOutcome::Loaded {
                path,
                data,
                problems,
                ..
            } => {
                self.startup_load = false;
                self.pending = Some(PendingImport {
                    path,
                    data,
                    problems,
                });
            }
            LoadOutcome::NeedsColumns {
                path,
                header,
                rows,
                missing,
            } => {
                self.startup_load = false;
                self.column_mapping = Some(ColumnMapping::new(path, header, rows, missing));
            }
            LoadOutcome::Failed { path, error } => {
                self.jump_on_arrival = None;
                self.failed.push(path);
                if std::mem::take(&mut self.startup_load) {
                    self.show_bundled();
                    self.error = Some(format!(
                        "Could not open the file, showing the bundled data instead.\n\n{error}"
                    ));
                } else {
                    self.error = Some(format!(
                        "Could not open the file. The data on screen is unchanged.\n\n{error}"
                    ));
                }
            }
        }
    }

    /// Shows the bundled dataset: when the file asked for at start failed or its load was cancelled.
    fn show_bundled(&mut self) {
        if let Ok(loaded) = crate::formats::load_bundled(&self.settings.load_options()) {
            self.replace_data(loaded.data, data::BUNDLED_NAME.to_owned(), None);
        }
    }

    /// Shows another dataset, resetting what depended on the old one.
    pub fn replace_data(&mut self, data: Dataset, name: String, path: Option<PathBuf>) {
        self.show_data(data, None, name, path);
    }

    /// [`Self::replace_data`], with what was derived from `data` under no filter already worked out
    /// (on the loading thread), when it was.
    fn show_data(
        &mut self,
        data: Dataset,
        derived: Option<Box<Derived>>,
        name: String,
        path: Option<PathBuf>,
    ) {
        log::info!("showing {name}: {}", data.summary());
        self.filter = RecordFilter::default();
        self.settings.only_people.clear();
        self.data = Arc::new(data);
        match derived {
            Some(derived) => self.install(*derived),
            None => self.derive(),
        }
        self.settings.timeline = Timeline::spanning(&self.index);
        if let Some(jump) = self.jump_on_arrival.take() {
            self.settings.timeline.apply(jump, &self.index);
        }
        self.settings.file = path;
        self.selected = None;
        self.selected_leg = None;
        self.highlighted = None;
        self.data_name = name;
        self.unsaved = false;
        self.history = History::new();
        // The drafts hold indexes into the old dataset.
        self.editor = EditorState::default();
        self.warnings.clear();
        self.fit_pending = true;
    }

    /// Rebuilds what is derived from the data after an edit, keeping the view: the inferred legs, the
    /// time index, the cities and routes.
    fn data_changed(&mut self) {
        data::infer::set_inferred(
            Arc::make_mut(&mut self.data),
            self.settings.load_options().infer_gap_days,
        );
        let selected = self
            .selected
            .and_then(|c| self.scene.cities.get(c))
            .map(|c| c.name.clone());
        self.derive();
        self.settings.timeline = self.settings.timeline.with_range_of(&self.index);
        self.selected = selected.and_then(|name| self.scene.cities.find(&name));
        // Edits may shift leg indexes.
        self.selected_leg = None;
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
        let written =
            data::to_json(&self.data).and_then(|text| data::save_atomic(path, text.as_bytes()));
        match written {
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
    /// What happened in the background and in the window since the last frame, as actions for
    /// [`TravelMapApp::apply`]: a finished load, a closed file dialog, a dropped file, a close request.
    fn poll_files(&mut self, ctx: &egui::Context) -> Vec<Action> {
        let mut actions = Vec::new();
        if let Some(outcome) = self.loading.as_ref().and_then(Loading::poll) {
            actions.push(Action::Loaded(Box::new(outcome)));
        }
        if let Some(outcome) = self
            .rendering
            .as_ref()
            .and_then(crate::render::job::Job::poll)
        {
            actions.push(Action::Rendered(outcome));
        }
        if self.rendering.is_some() {
            ctx.request_repaint_after(BACKGROUND_POLL);
        }
        if let Some(choice) = self.dialog.as_mut().and_then(|d| d.poll(ctx)) {
            actions.push(Action::DialogClosed(choice));
        }
        let dropped = ctx.input(|i| i.raw.dropped_files.first().map(|f| f.path().to_owned()));
        if let Some(path) = dropped {
            actions.push(Action::OpenPath(path));
        }
        if ctx.input(|i| i.viewport().close_requested())
            && self.has_unsaved_changes()
            && !self.quitting
        {
            actions.push(Action::CloseRequested);
        }
        if let Some(computed) = self
            .encounters_pending
            .as_ref()
            .and_then(encounters::Background::poll)
        {
            actions.push(Action::EncountersComputed(Box::new(computed)));
        }
        if self.loading.is_some() || self.encounters_pending.is_some() {
            ctx.request_repaint_after(BACKGROUND_POLL);
        }
        actions
    }

    /// The background actions of [`TravelMapApp::apply`].
    fn apply_background(&mut self, action: Action, ctx: &egui::Context) {
        match action {
            Action::Loaded(outcome) => {
                self.loading = None;
                self.adopt(*outcome);
            }
            // A result for data since changed is dropped: its successor is on its way.
            Action::EncountersComputed(computed) if computed.generation == self.data_generation => {
                log::info!("co-presence: {} encounters", computed.encounters.len());
                self.encounters = computed.encounters;
                self.encounters_pending = None;
                // The network's co-presence links come from the encounters.
                // The derived graph holds the meetings only, as the encounters were not known yet.
                self.people_graph =
                    std::mem::take(&mut self.people_graph).with_co_presences(self.encounters.all());
                self.people = PeopleView::new(&self.people_graph);
            }
            Action::DialogClosed(choice) => self.dialog_closed(choice, ctx),
            Action::OpenPath(path) => self.open_path(path, ctx),
            Action::CloseRequested => {
                ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
                self.quit_asked = true;
            }
            _ => {}
        }
    }

    /// A finished file dialog: open, save or export the chosen file; a native dialog that could not be
    /// shown is replaced by the built-in one, and the user is told.
    fn dialog_closed(&mut self, choice: DialogChoice, ctx: &egui::Context) {
        let Some(dialog) = self.dialog.take() else {
            return;
        };
        match (dialog.purpose, choice) {
            (_, DialogChoice::NativeUnavailable) => {
                self.use_builtin_dialog_instead();
                self.dialog = Some(dialog.into_builtin(ctx));
            }
            (_, DialogChoice::Cancelled) => {}
            (DialogPurpose::Open, DialogChoice::Picked(path)) => self.open_path(path, ctx),
            (DialogPurpose::Export(format), DialogChoice::Picked(path)) => {
                self.export_to(&path, format);
            }
            (DialogPurpose::Render(_), DialogChoice::Picked(path)) => {
                self.apply(Action::StartRender(path), ctx);
            }
            (DialogPurpose::SaveAs, DialogChoice::Picked(path)) => {
                if self.save_to(&path) {
                    if self.quit_asked {
                        self.quit_now(ctx);
                    } else {
                        self.notice = Some(format!("Saved {}.", path.display()));
                    }
                }
            }
        }
    }

    fn dialogs_ui(&mut self, ctx: &egui::Context, actions: &mut Vec<Action>) {
        if let Some(m) = &mut self.column_mapping {
            actions.extend(crate::ui::columns::column_mapping_ui(ctx, m));
        }
        if self.review_shown {
            let mut open = true;
            actions.extend(crate::ui::review::review_ui(
                ctx,
                &self.data,
                &self.review_groups,
                &mut self.review,
                &mut open,
            ));
            if !open {
                actions.push(Action::ToggleReview);
            }
        }
        if let Some(form) = &mut self.export {
            actions.extend(crate::ui::export::export_ui(ctx, form));
        }
        if let Some(job) = &self.rendering {
            let name = job
                .path
                .file_name()
                .map(|n| n.to_string_lossy())
                .unwrap_or_default();
            actions.extend(crate::ui::export::rendering_ui(
                ctx,
                &name,
                job.progress(),
                None,
            ));
        }
        if let Some(loading) = &self.loading {
            let name = loading
                .path
                .file_name()
                .map(|n| n.to_string_lossy())
                .unwrap_or_default();
            actions.extend(dialogs::loading_ui(ctx, &name, loading.stage()));
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
        if self.quit_asked {
            // Hidden while its "Save as" dialog is open (a modal would block it); a save error is shown
            // inside it, so it can't hide behind the question.
            if self.dialog.is_none() {
                actions.extend(dialogs::quit_ui(ctx, self.error.as_deref()));
            }
        } else if let Some(error) = &self.error {
            actions.extend(dialogs::error_ui(ctx, error));
        }
        if let Some(leg) = self.selected_leg {
            actions.extend(city_panel::flight_window_ui(ctx, &self.data, leg));
        }
        if let Some(url) = &self.link {
            actions.extend(city_panel::link_ui(ctx, url));
        }
        if let Some(notice) = &self.notice {
            actions.extend(dialogs::notice_ui(ctx, notice));
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

    /// The one place what is derived from the data is rebuilt: the time index, the cities and routes
    /// (with their meshes), and the place texts to review.
    fn derive(&mut self) {
        let derived = Derived::new(&self.data, &self.filter);
        self.install(derived);
    }

    /// Takes what was derived from the current data (here, or on the loading thread), and starts the
    /// co-presence in the background when it was too large to wait for.
    fn install(&mut self, derived: Derived) {
        self.index = derived.index;
        self.scene = derived.scene;
        self.admitted = derived.admitted;
        self.review_groups = derived.review_groups;
        self.people_graph = derived.people_graph;
        self.people = derived.people;
        self.data_generation += 1;
        (self.encounters, self.encounters_pending) = match derived.encounters {
            Some(e) => (e, None),
            None => start_encounters(&self.data, self.data_generation),
        };
        self.finder = None;
        self.highlighted = self
            .highlighted
            .filter(|p| p.index() < self.data.people.len());
    }

    fn filter_changed(&mut self) {
        self.index = TimeIndex::new(&self.data, &self.filter);
        self.admitted = map::scene::admitted_cities(&self.data, &self.scene.cities, &self.filter);
        self.settings.only_people = self
            .filter
            .people
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

    /// How wide a side panel may be: `(default, min, max)` in, `(default, min..=max)` out. Side panels
    /// are resizable, and together take at most 60% of the window: in a small window they shrink (and
    /// share that room) so the map keeps at least 40%.
    fn side_panel_sizes(
        &self,
        width: f32,
    ) -> impl Fn(f32, f32, f32) -> (f32, std::ops::RangeInclusive<f32>) + use<> {
        let open_panels = [
            self.settings.editor_shown,
            self.settings.filters_shown,
            self.selected.is_some(),
        ]
        .into_iter()
        .filter(|shown| *shown)
        .count()
        .max(1);
        let share = (width * 0.6 / open_panels as f32).max(120.0);
        move |default, min, max| {
            let max = max.min(share);
            (default.min(max), min.min(max)..=max)
        }
    }

    /// Centres the map on the selected city if the panels left it outside the middle of the map.
    fn reveal_selected_city(&mut self, map_size: Vec2) {
        let Some(city) = self.selected.and_then(|c| self.scene.cities.get(c)) else {
            return;
        };
        let home = self.scene.bounds.map_or_else(
            || crate::geodesy::lat_lon(20.0, 0.0),
            |b| b.mercator_center(),
        );
        let margin_px = (map_size.min_elem() * 0.15).max(40.0);
        map::keep_in_view(&mut self.memory, city.position, home, map_size, margin_px);
    }

    /// The selected city's name and zone, for local times.
    fn local(&self) -> Option<(&str, Tz)> {
        let city = self.scene.cities.get(self.selected?)?;
        Some((city.name.as_str(), city.tz))
    }

    /// One frame of the whole UI. `App::ui` calls this; benchmarks call it directly.
    /// The windows over the map: dialogs, search and the events table, help, statistics, notes and the
    /// people network.
    fn windows_ui(&mut self, ctx: &egui::Context, actions: &mut Vec<Action>) {
        self.dialogs_ui(ctx, actions);
        self.search_windows_ui(ctx, actions);
        menu::help_ui(ctx, &mut self.help_open);
        crate::ui::stats::stats_ui(ctx, &mut self.stats_shown, &self.stats);
        if self.settings.notes_shown {
            let mut open = true;
            actions.extend(city_panel::notes_ui(ctx, &self.data, &mut open));
            if !open {
                actions.push(Action::ToggleNotes);
            }
        }
        if self.settings.people_shown {
            actions.extend(self.people_ui(ctx));
        }
    }

    pub fn frame_ui(&mut self, ui: &mut Ui) {
        // Not capped at a tenth of a second as animations are: at 4 frames a second playback must still
        // cover the same data time per second. Only a stall (a suspended window) is cut short.
        let dt = ui.input(|i| i.stable_dt).min(1.0);
        if self.settings.timeline.update(f64::from(dt), &self.index) {
            self.pulse = (self.pulse + dt).fract();
            ui.ctx().request_repaint();
        }
        let ctx = ui.ctx().clone();
        let mut actions = self.poll_files(&ctx);
        actions.extend(shortcuts::shortcuts_ui(
            &ctx,
            self.settings.timeline.playing,
        ));

        egui::Panel::top("menu").show(ui, |ui| {
            let state = menu::MenuState {
                online_tiles: self.settings.online_tiles,
                filters_shown: self.settings.filters_shown,
                editor_shown: self.settings.editor_shown,
                notes_shown: self.settings.notes_shown,
                legend_shown: self.settings.legend_shown.0,
                stats_shown: self.stats_shown,
                inferred_shown: !self.settings.hide_inferred,
                review_shown: self.review_shown,
                to_review: self.review_groups.len(),
                people_shown: self.settings.people_shown,
                can_undo: self.history.can_undo(),
                can_redo: self.history.can_redo(),
                recent: &self.settings.recent,
                builtin_file_dialog: self.settings.builtin_file_dialog,
                search_shown: self.settings.search_shown,
                events_shown: self.settings.events_shown,
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
                    highlighted: self.highlighted,
                };
                actions.extend(timeline_bar::timeline_bar_ui(ui, &view));
                actions.extend(self.swimlanes_ui(ui));
            });
        let side = self.side_panel_sizes(ui.available_width());
        if self.settings.editor_shown {
            let (default, range) = side(340.0, 260.0, 560.0);
            egui::Panel::left("editor")
                .resizable(true)
                .default_size(default)
                .size_range(range)
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
            let (default, range) = side(200.0, 140.0, 400.0);
            egui::Panel::left("filters")
                .resizable(true)
                .default_size(default)
                .size_range(range)
                .show(ui, |ui| {
                    actions.extend(filters::filters_ui(ui, &self.data, &self.filter.people));
                });
        }
        if let Some(city) = self.selected {
            let (default, range) = side(340.0, 240.0, 600.0);
            egui::Panel::right("details")
                .resizable(true)
                .default_size(default)
                .size_range(range)
                .show(ui, |ui| {
                    actions.extend(city_panel::city_panel_ui(
                        ui,
                        &self.data,
                        &self.scene.cities,
                        city,
                        &self.also_here(),
                    ));
                });
        }
        egui::CentralPanel::no_frame().show(ui, |ui| actions.extend(self.map_ui(ui)));
        self.windows_ui(&ctx, &mut actions);

        for action in actions {
            self.apply(action, &ctx);
        }
    }

    /// What the city panel lists as "Also here at the same time".
    fn also_here(&self) -> city_panel::AlsoHere<'_> {
        city_panel::AlsoHere {
            encounters: &self.encounters,
            cursor: self.settings.timeline.cursor,
            range: match self.settings.timeline.window {
                crate::timeline::TimeWindow::Range { from, to } => Some((from, to)),
                _ => None,
            },
            working: self.encounters_pending.is_some(),
        }
    }

    /// The swimlanes under the timeline, one row per person chosen.
    fn swimlanes_ui(&self, ui: &mut Ui) -> Vec<Action> {
        let lanes = self.swimlane_people();
        let view = crate::ui::swimlanes::SwimlanesView {
            timeline: &self.settings.timeline,
            index: &self.index,
            data: &self.data,
            cities: &self.scene.cities,
            people: &lanes,
        };
        crate::ui::swimlanes::swimlanes_ui(ui, &view)
    }

    /// The people panel, as a window; closing it is a [`Action::TogglePeople`].
    fn people_ui(&mut self, ctx: &egui::Context) -> Vec<Action> {
        let lanes = self.swimlane_people();
        let d = PeopleData {
            data: &self.data,
            graph: &self.people_graph,
            encounters: &self.encounters,
            cities: &self.scene.cities,
            highlighted: self.highlighted,
            swimlanes: &lanes,
        };
        let mut open = true;
        let mut actions = crate::ui::people::people_window_ui(ctx, &mut self.people, &d, &mut open);
        if !open {
            actions.push(Action::TogglePeople);
        }
        actions
    }

    fn map_ui(&mut self, ui: &mut Ui) -> Option<Action> {
        if self.fit_pending {
            self.fit_pending = false;
            if let Some(bounds) = self.scene.bounds {
                map::fit(&mut self.memory, &bounds, ui.available_size());
            }
        }
        if std::mem::take(&mut self.reveal_selected) {
            self.reveal_selected_city(ui.available_size());
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
            selected_leg: self.selected_leg,
            pulse: if self.settings.timeline.playing {
                self.pulse
            } else {
                0.0
            },
            place_names: !self.settings.online_tiles,
            admitted: self.admitted.as_deref(),
            encounters: &self.encounters,
            range: matches!(
                self.settings.timeline.window,
                crate::timeline::TimeWindow::Range { .. }
            ),
            highlighted: self.highlighted,
        };
        let layers = map::Layers {
            basemap: self.basemap.as_mut(),
            online: self.online.as_mut(),
        };
        let map_rect = ui.available_rect_before_wrap();
        self.map_size = map_rect.size();
        let (action, drawn) = map::map_ui(ui, &mut self.memory, layers, &overlay);
        self.drawn = drawn;
        if let Some(pending) = &self.encounters_pending {
            crate::ui::dialogs::working_ui(
                ui.ctx(),
                map_rect,
                "Working out co-presence…",
                pending.fraction(),
            );
        }
        if let Some(a) = legend::legend_ui(ui.ctx(), map_rect, self.settings.legend_shown.0) {
            return Some(a);
        }
        action.map(|a| match a {
            MapAction::SelectCity(c) => Action::SelectCity(Some(c)),
            MapAction::SelectLeg(leg) => Action::SelectLeg(Some(leg)),
            MapAction::ZoomInAt(p) => Action::ZoomInAt(p),
        })
    }
}

/// How often the window looks at work going on in the background (loading, co-presence, an export)
/// and redraws its progress: often enough for the progress bar to move, and no more, as each redraw
/// takes a software renderer's time on the cores that work runs on.
const BACKGROUND_POLL: std::time::Duration = std::time::Duration::from_millis(250);

/// No encounters yet, and their computation started in the background (the result comes back as
/// [`Action::EncountersComputed`]). The thread holds this version of the data; an edit meanwhile
/// makes a new one, and the result is dropped.
fn start_encounters(
    data: &Arc<Dataset>,
    generation: u64,
) -> (Encounters, Option<encounters::Background>) {
    (
        Encounters::default(),
        Some(encounters::Background::start(Arc::clone(data), generation)),
    )
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
    fn ui(&mut self, ui: &mut Ui, frame: &mut eframe::Frame) {
        let start = self.stats.begin_frame();
        self.frame_ui(ui);
        self.stats.end_frame(
            start,
            frame.info().cpu_usage,
            self.settings.timeline.playing,
        );
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

    fn clear_color(&self, _visuals: &egui::Visuals) -> [f32; 4] {
        map::sea_clear_color()
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
pub fn run(start: StartOptions) -> anyhow::Result<()> {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("travelmap")
            .with_app_id("travelmap")
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([640.0, 400.0])
            .with_drag_and_drop(true),
        ..Default::default()
    };
    eframe::run_native(
        "travelmap",
        options,
        Box::new(move |cc| Ok(Box::new(TravelMapApp::new(cc, start)))),
    )
    .map_err(|e| anyhow::anyhow!("could not open the window: {e}"))
}
