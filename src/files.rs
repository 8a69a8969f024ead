//! Files as the app meets them: loading on a background thread with progress, native file dialogs that
//! don't freeze the window, and the list of recent files.
//!
//! A large file must not stall the window, so reading, parsing and validating happen on a worker thread
//! that reports the bytes read; the app polls it each frame. Nothing here changes the app's data: a
//! finished load is handed back as a [`LoadOutcome`] for the app to adopt or show as an error.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, TryRecvError, channel};

use crate::data::{Dataset, LoadError, Problem};
use crate::derived::Derived;
use crate::formats::LoadOptions;
use crate::timeline::RecordFilter;

/// How many recent files are remembered.
pub const RECENT_MAX: usize = 8;

/// The result of a background load.
#[derive(Clone, Debug, PartialEq)]
pub enum LoadOutcome {
    /// Read and validated; `problems` lists the records left out (empty when the whole file was good),
    /// `warnings` the records kept but flagged (place texts that did not geocode cleanly).
    Loaded {
        path: PathBuf,
        data: Dataset,
        /// What the window needs to show it, worked out on the loading thread too when the whole file
        /// was good (a file with problems waits for the user first).
        derived: Option<Box<Derived>>,
        problems: Vec<Problem>,
        warnings: Vec<Problem>,
    },
    /// A table whose columns' roles the header does not tell: the user maps them, then it loads again.
    NeedsColumns {
        path: PathBuf,
        header: Vec<String>,
        rows: Vec<Vec<String>>,
        /// The roles not found, in words.
        missing: String,
    },
    /// Nothing usable: unreadable, too large, or not valid at all.
    Failed { path: PathBuf, error: String },
}

/// A load in progress.
pub struct Loading {
    pub path: PathBuf,
    total_bytes: u64,
    read_bytes: Arc<AtomicU64>,
    /// Set once the records are read and what the map needs is being worked out.
    preparing: Arc<AtomicBool>,
    receiver: Receiver<LoadOutcome>,
}

/// How far a load has got, for its progress bar.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum LoadStage {
    /// Reading the file: this fraction of its bytes is read.
    Reading(f32),
    /// Parsing and checking the records.
    Checking,
    /// Working out the time index, routes and cities.
    Preparing,
}

impl Loading {
    /// Starts loading `path` on a worker thread; `ctx` is asked to repaint when it is done.
    pub fn start(path: PathBuf, options: LoadOptions, ctx: &egui::Context) -> Self {
        let (sender, receiver) = channel();
        let read_bytes = Arc::new(AtomicU64::new(0));
        let total_bytes = std::fs::metadata(&path).map_or(0, |m| m.len());
        let progress = Arc::clone(&read_bytes);
        let preparing = Arc::new(AtomicBool::new(false));
        let stage = Arc::clone(&preparing);
        let worker_path = path.clone();
        let ctx = ctx.clone();
        let spawned = std::thread::Builder::new()
            .name("travelmap-load".into())
            .spawn(move || {
                let outcome = load(&worker_path, &options, &progress, &stage);
                let _ = sender.send(outcome);
                ctx.request_repaint();
            });
        if let Err(e) = spawned {
            log::error!("could not start a loading thread: {e}");
        }
        Self {
            path,
            total_bytes,
            read_bytes,
            preparing,
            receiver,
        }
    }

    /// Bytes read so far as a fraction of the file (0..=1).
    pub fn fraction(&self) -> f32 {
        if self.total_bytes == 0 {
            return 0.0;
        }
        (self.read_bytes.load(Ordering::Relaxed) as f64 / self.total_bytes as f64).min(1.0) as f32
    }

    /// Whether all bytes are read (the rest is parsing and validating).
    pub fn reading_done(&self) -> bool {
        self.read_bytes.load(Ordering::Relaxed) >= self.total_bytes
    }

    /// What the load is doing now.
    pub fn stage(&self) -> LoadStage {
        if self.preparing.load(Ordering::Relaxed) {
            LoadStage::Preparing
        } else if self.reading_done() {
            LoadStage::Checking
        } else {
            LoadStage::Reading(self.fraction())
        }
    }

    /// The outcome, once there is one.
    pub fn poll(&self) -> Option<LoadOutcome> {
        match self.receiver.try_recv() {
            Ok(outcome) => Some(outcome),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => Some(LoadOutcome::Failed {
                path: self.path.clone(),
                error: "the loading thread stopped unexpectedly".into(),
            }),
        }
    }
}

/// Loads `path` through the one loader ([`crate::formats::load_path`]), reporting the bytes read.
/// `preparing` is set when the records are read and the rest of the work starts.
pub fn load(
    path: &Path,
    options: &LoadOptions,
    read_bytes: &AtomicU64,
    preparing: &AtomicBool,
) -> LoadOutcome {
    match crate::formats::load_path(path, options, read_bytes) {
        Ok(loaded) => LoadOutcome::Loaded {
            path: path.to_owned(),
            derived: loaded.problems.is_empty().then(|| {
                preparing.store(true, Ordering::Relaxed);
                Box::new(Derived::new(&loaded.data, &RecordFilter::default()))
            }),
            data: loaded.data,
            problems: loaded.problems,
            warnings: loaded.warnings,
        },
        Err(LoadError::Columns {
            header,
            rows,
            missing,
            ..
        }) => LoadOutcome::NeedsColumns {
            path: path.to_owned(),
            header,
            rows,
            missing,
        },
        Err(e) => LoadOutcome::Failed {
            path: path.to_owned(),
            error: e.to_string(),
        },
    }
}

/// What a file dialog was opened for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DialogPurpose {
    Open,
    SaveAs,
    Export(crate::formats::Format),
    /// A picture or animation, with this extension.
    Render(&'static str),
}

impl DialogPurpose {
    /// The dialog's title.
    pub fn title(self) -> String {
        match self {
            Self::Open => "Open a file".to_owned(),
            Self::SaveAs => "Save as".to_owned(),
            Self::Export(format) => format!("Export as {}", format.name()),
            Self::Render(ext) => format!("Export as {}", ext.to_ascii_uppercase()),
        }
    }

    /// The extensions the dialog lists (and, when saving, adds to a name typed without one).
    pub fn extensions(self) -> &'static [&'static str] {
        match self {
            Self::Open => &["json", "geojson", "csv", "tsv", "kml", "ics"],
            Self::SaveAs => &["json"],
            Self::Export(format) => match format {
                crate::formats::Format::Json => &["json"],
                crate::formats::Format::GeoJson => &["geojson"],
                crate::formats::Format::Csv => &["csv"],
                crate::formats::Format::Kml => &["kml"],
                crate::formats::Format::Ics => &["ics"],
            },
            Self::Render(ext) => match ext {
                "svg" => &["svg"],
                "gif" => &["gif"],
                "apng" => &["apng"],
                _ => &["png"],
            },
        }
    }

    /// A saved file's path with the purpose's extension when the user typed a name without one.
    pub fn with_extension(self, path: PathBuf) -> PathBuf {
        match (self, self.extensions().first()) {
            (Self::SaveAs | Self::Export(_) | Self::Render(_), Some(ext))
                if path.extension().is_none() =>
            {
                path.with_extension(ext)
            }
            _ => path,
        }
    }
}

/// The environment variable that picks the file dialog: `builtin` or `native`. It wins over the setting,
/// so a desktop without a portal (or a test) can start with the built-in dialog.
pub const DIALOG_ENV: &str = "TRAVELMAP_FILE_DIALOG";

/// A native dialog that answers "nothing chosen" faster than this was never shown: nobody cancels a
/// dialog in a quarter of a second, but rfd returns at once when there is no portal and no zenity.
const NATIVE_FAILURE_SECS: f64 = 0.25;

/// Which file dialog to show.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DialogKind {
    /// The system's.
    Native,
    /// travelmap's own, as asked (the setting or [`DIALOG_ENV`]).
    BuiltIn,
    /// travelmap's own, because no system dialog can appear here (the user should be told).
    BuiltInInstead,
}

/// Which dialog to use, from the environment, then the user's setting, then what the system offers.
pub fn dialog_kind(setting: bool) -> DialogKind {
    match std::env::var(DIALOG_ENV).ok().as_deref() {
        Some("builtin") => DialogKind::BuiltIn,
        Some("native") => DialogKind::Native,
        _ if setting => DialogKind::BuiltIn,
        _ if !native_dialog_possible() => DialogKind::BuiltInInstead,
        _ => DialogKind::Native,
    }
}

/// Whether a native dialog could appear at all. On Linux rfd talks to the XDG desktop portal over the
/// D-Bus session bus (falling back to zenity); with neither there is nothing to ask.
fn native_dialog_possible() -> bool {
    if !cfg!(target_os = "linux") {
        return true;
    }
    let session_bus = std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some()
        || std::env::var_os("XDG_RUNTIME_DIR")
            .is_some_and(|dir| Path::new(&dir).join("bus").exists());
    let zenity = std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join("zenity").is_file()));
    session_bus || zenity
}

/// How a file dialog ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DialogChoice {
    /// The user chose this file.
    Picked(PathBuf),
    /// The user closed the dialog without choosing.
    Cancelled,
    /// The native dialog could not be shown; the built-in one should be used instead.
    NativeUnavailable,
}

/// A file dialog: the native one on its own thread (so the window keeps drawing), or the built-in one
/// drawn by egui each frame where there is no native one.
///
/// rfd cannot tell a failure from a cancel (both are `None`), so a native answer of "nothing" that comes
/// back within a quarter of a second counts as a failure: the app then switches to the built-in dialog
/// for good (a setting the user can change back) and says so.
pub struct Dialog {
    pub purpose: DialogPurpose,
    /// Where the dialog starts, and the file name it suggests, to start again with the built-in one.
    folder: PathBuf,
    suggested: String,
    /// Folders of recent files, offered beside the built-in dialog.
    recent_folders: Vec<PathBuf>,
    inner: DialogInner,
}

/// The built-in dialog's size at first, in points.
const BUILTIN_SIZE: egui::Vec2 = egui::vec2(560.0, 420.0);

/// Where the built-in dialog opens: centred in the window.
fn builtin_pos(ctx: &egui::Context) -> egui::Pos2 {
    (ctx.content_rect().center() - BUILTIN_SIZE / 2.0).max(egui::Pos2::ZERO)
}

enum DialogInner {
    Native {
        receiver: Receiver<Option<PathBuf>>,
        started: std::time::Instant,
    },
    BuiltIn(Box<egui_file::FileDialog>),
}

impl Dialog {
    /// Opens a dialog for `purpose` in `folder`, suggesting `suggested_name` when saving; the built-in
    /// one when `builtin`.
    pub fn open(
        purpose: DialogPurpose,
        ctx: &egui::Context,
        folder: PathBuf,
        suggested_name: &str,
        builtin: bool,
    ) -> Self {
        let inner = if builtin {
            DialogInner::BuiltIn(Box::new(builtin_dialog(
                purpose,
                builtin_pos(ctx),
                &folder,
                suggested_name,
            )))
        } else {
            native_dialog(purpose, ctx, &folder, suggested_name)
        };
        Self {
            purpose,
            folder,
            suggested: suggested_name.to_owned(),
            recent_folders: Vec::new(),
            inner,
        }
    }

    /// Offers the folders of `recent` files (newest first, each once) beside the built-in dialog.
    #[must_use]
    pub fn with_recent_folders(mut self, recent: &[PathBuf]) -> Self {
        for dir in recent.iter().filter_map(|p| p.parent()) {
            if dir.is_dir() && !self.recent_folders.iter().any(|d| d == dir) {
                self.recent_folders.push(dir.to_owned());
            }
        }
        self
    }

    /// The same dialog again, built in (after the native one failed).
    pub fn into_builtin(self, ctx: &egui::Context) -> Self {
        let inner = DialogInner::BuiltIn(Box::new(builtin_dialog(
            self.purpose,
            builtin_pos(ctx),
            &self.folder,
            &self.suggested,
        )));
        Self { inner, ..self }
    }

    /// Whether this is the built-in dialog.
    pub fn is_builtin(&self) -> bool {
        matches!(self.inner, DialogInner::BuiltIn(_))
    }

    /// Draws the built-in dialog (the native one draws itself) and says how it ended, once it has.
    pub fn poll(&mut self, ctx: &egui::Context) -> Option<DialogChoice> {
        match &mut self.inner {
            DialogInner::Native { receiver, started } => match receiver.try_recv() {
                Ok(Some(path)) => Some(DialogChoice::Picked(self.purpose.with_extension(path))),
                Ok(None) if started.elapsed().as_secs_f64() < NATIVE_FAILURE_SECS => {
                    Some(DialogChoice::NativeUnavailable)
                }
                Ok(None) => Some(DialogChoice::Cancelled),
                Err(TryRecvError::Empty) => None,
                Err(TryRecvError::Disconnected) => Some(DialogChoice::NativeUnavailable),
            },
            DialogInner::BuiltIn(dialog) => {
                recent_folders_ui(ctx, &self.recent_folders, dialog);
                dialog.show(ctx);
                match dialog.state() {
                    egui_file::State::Open => None,
                    egui_file::State::Selected => {
                        Some(dialog.path().map_or(DialogChoice::Cancelled, |p| {
                            DialogChoice::Picked(self.purpose.with_extension(p.to_owned()))
                        }))
                    }
                    egui_file::State::Cancelled | egui_file::State::Closed => {
                        Some(DialogChoice::Cancelled)
                    }
                }
            }
        }
    }
}

/// A small window beside the built-in dialog: a click on a recent folder shows it in the dialog.
fn recent_folders_ui(ctx: &egui::Context, folders: &[PathBuf], dialog: &mut egui_file::FileDialog) {
    if folders.is_empty() {
        return;
    }
    let pos = builtin_pos(ctx) + egui::vec2(BUILTIN_SIZE.x + 8.0, 0.0);
    egui::Window::new("Recent folders")
        .id(egui::Id::unique("travelmap-recent-folders"))
        .default_pos(pos)
        .collapsible(false)
        .resizable(false)
        .show(ctx, |ui| {
            ui.ctx().move_to_top(ui.layer_id());
            for dir in folders {
                let name = dir.file_name().map_or_else(
                    || dir.display().to_string(),
                    |n| n.to_string_lossy().into_owned(),
                );
                if ui
                    .button(name)
                    .on_hover_text(dir.display().to_string())
                    .clicked()
                {
                    dialog.set_path(dir);
                }
            }
        });
}

fn native_dialog(
    purpose: DialogPurpose,
    ctx: &egui::Context,
    folder: &Path,
    suggested_name: &str,
) -> DialogInner {
    let (sender, receiver) = channel();
    let ctx = ctx.clone();
    let suggested = suggested_name.to_owned();
    let folder = folder.to_owned();
    let spawned = std::thread::Builder::new()
        .name("travelmap-dialog".into())
        .spawn(move || {
            let dialog = rfd::FileDialog::new()
                .set_title(purpose.title())
                .set_directory(folder)
                .add_filter("travelmap data", purpose.extensions())
                .add_filter("All files", &["*"]);
            let picked = match purpose {
                DialogPurpose::Open => dialog.pick_file(),
                DialogPurpose::SaveAs | DialogPurpose::Export(_) | DialogPurpose::Render(_) => {
                    dialog.set_file_name(suggested).save_file()
                }
            };
            let _ = sender.send(picked);
            ctx.request_repaint();
        });
    if let Err(e) = spawned {
        // The receiver disconnects, which reads as "unavailable": the built-in dialog takes over.
        log::error!("could not start the file dialog: {e}");
    }
    DialogInner::Native {
        receiver,
        started: std::time::Instant::now(),
    }
}

/// The built-in dialog: a folder path box, the file list filtered to the purpose's formats, and a name
/// box that also takes a whole path (typed or pasted).
fn builtin_dialog(
    purpose: DialogPurpose,
    pos: egui::Pos2,
    folder: &Path,
    suggested_name: &str,
) -> egui_file::FileDialog {
    let extensions = purpose.extensions();
    let listed = move |path: &Path| {
        path.extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| extensions.iter().any(|x| x.eq_ignore_ascii_case(e)))
    };
    let dialog = match purpose {
        DialogPurpose::Open => egui_file::FileDialog::open_file(),
        DialogPurpose::SaveAs | DialogPurpose::Export(_) | DialogPurpose::Render(_) => {
            egui_file::FileDialog::save_file().default_filename(suggested_name)
        }
    };
    let mut dialog = dialog
        .id(egui::Id::unique("travelmap-file-dialog"))
        .default_pos(pos)
        .title(&purpose.title())
        .initial_path(folder)
        .show_files_filter(Box::new(listed))
        .show_rename(false)
        .keep_on_top(true)
        .default_size(BUILTIN_SIZE)
        .file_label_text("File name or path:".into());
    dialog.open();
    dialog
}

/// Puts `path` first in `recent`, without duplicates, keeping at most [`RECENT_MAX`].
pub fn remember(recent: &mut Vec<PathBuf>, path: &Path) {
    recent.retain(|p| p != path);
    recent.insert(0, path.to_owned());
    recent.truncate(RECENT_MAX);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recent_files_keep_the_newest_first_without_duplicates() {
        let mut recent = Vec::new();
        for name in ["a", "b", "a", "c"] {
            remember(&mut recent, Path::new(name));
        }
        assert_eq!(recent, [Path::new("c"), Path::new("a"), Path::new("b")]);
        for i in 0..20 {
            remember(&mut recent, Path::new(&format!("f{i}")));
        }
        assert_eq!(recent.len(), RECENT_MAX);
    }

    #[test]
    fn a_name_typed_without_an_extension_gets_the_formats_when_saving_only() {
        let export = DialogPurpose::Export(crate::formats::Format::Kml);
        assert_eq!(
            export.with_extension(PathBuf::from("/tmp/trips")),
            Path::new("/tmp/trips.kml")
        );
        assert_eq!(
            DialogPurpose::SaveAs.with_extension(PathBuf::from("/tmp/trips.backup.json")),
            Path::new("/tmp/trips.backup.json")
        );
        assert_eq!(
            DialogPurpose::Open.with_extension(PathBuf::from("/tmp/README")),
            Path::new("/tmp/README")
        );
    }

    #[test]
    fn a_background_load_reports_progress_and_the_dataset() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("trips.json");
        std::fs::write(&path, crate::data::BUNDLED_JSON).unwrap();
        let progress = AtomicU64::new(0);
        let LoadOutcome::Loaded { data, problems, .. } = load(
            &path,
            &LoadOptions::default(),
            &progress,
            &AtomicBool::new(false),
        ) else {
            panic!("the bundled data loads")
        };
        assert!(problems.is_empty());
        assert_eq!(
            data.meetings.len(),
            crate::data::bundled().unwrap().meetings.len()
        );
        assert_eq!(
            progress.load(Ordering::Relaxed),
            crate::data::BUNDLED_JSON.len() as u64
        );
    }

    #[test]
    fn a_broken_file_fails_with_its_position() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("broken.json");
        std::fs::write(&path, "{\n  \"places\": [\n    {\"id\": 1}\n  ]\n}").unwrap();
        let LoadOutcome::Failed { error, .. } = load(
            &path,
            &LoadOptions::default(),
            &AtomicU64::new(0),
            &AtomicBool::new(false),
        ) else {
            panic!("a broken file fails")
        };
        assert!(error.contains("broken.json: line 3, column"), "{error}");
    }
}
