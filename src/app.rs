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

use crate::data::{self, CityIdx, Dataset, PersonIdx};
use crate::map::{self, Drawn, MapAction, Overlay, basemap::OfflineTiles, scene::Scene};
use crate::timeline::{PersonFilter, TimeCommand, TimeIndex, Timeline};
use crate::ui::{Action, city_panel, filters, menu, shortcuts, timeline_bar};

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
    pub online_tiles: bool,
    /// The camera follows the traveller in the air.
    pub follow: bool,
    pub filters_shown: bool,
    pub map: Option<MapMemory>,
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
}

impl TravelMapApp {
    /// Creates the app for eframe: restores settings, loads the data.
    pub fn new(cc: &eframe::CreationContext<'_>, options: StartOptions) -> Self {
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
        };
        let index = TimeIndex::new(&data, &filter);
        let scene = Scene::new(&data);
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
            selected,
            memory,
            basemap: basemap.then(|| OfflineTiles::new(ctx)),
            online,
            error: None,
            help_open: false,
            fit_pending,
            drawn: Drawn::default(),
            pulse: 0.0,
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
            Action::ToggleFilters => self.settings.filters_shown = !self.settings.filters_shown,
            Action::ToggleHelp => self.help_open = !self.help_open,
            Action::DismissError => self.error = None,
            Action::Quit => ctx.send_viewport_cmd(egui::ViewportCommand::Close),
        }
    }

    fn filter_changed(&mut self) {
        self.index = TimeIndex::new(&self.data, &self.filter);
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
        let dt = ui.input(|i| i.stable_dt).min(0.1);
        if self.settings.timeline.update(f64::from(dt), &self.index) {
            self.pulse = (self.pulse + dt).fract();
            ui.ctx().request_repaint();
        }
        let ctx = ui.ctx().clone();
        let mut actions = shortcuts::shortcuts_ui(&ctx, self.settings.timeline.playing);

        egui::Panel::top("menu").show(ui, |ui| {
            let state = menu::MenuState {
                online_tiles: self.settings.online_tiles,
                filters_shown: self.settings.filters_shown,
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
        self.error_ui(&ctx, &mut actions);
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
        };
        let layers = map::Layers {
            basemap: self.basemap.as_mut(),
            online: self.online.as_mut(),
        };
        let (action, drawn) = map::map_ui(ui, &mut self.memory, layers, &overlay);
        self.drawn = drawn;
        action.map(|a| match a {
            MapAction::SelectCity(c) => Action::SelectCity(Some(c)),
            MapAction::ZoomInAt(p) => Action::ZoomInAt(p),
        })
    }

    fn error_ui(&self, ctx: &egui::Context, actions: &mut Vec<Action>) {
        let Some(error) = &self.error else { return };
        egui::Window::new("Problem")
            .collapsible(false)
            .resizable(true)
            .show(ctx, |ui| {
                ui.label(error);
                if ui.button("OK").clicked() {
                    actions.push(Action::DismissError);
                }
            });
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
        let title = format!("travelmap — {}", self.data_name);
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
