//! Files as the app meets them: loading on a background thread with progress, native file dialogs that
//! don't freeze the window, and the list of recent files.
//!
//! A large file must not stall the window, so reading, parsing and validating happen on a worker thread
//! that reports the bytes read; the app polls it each frame. Nothing here changes the app's data: a
//! finished load is handed back as a [`LoadOutcome`] for the app to adopt or show as an error.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, TryRecvError, channel};

use crate::data::{Dataset, LoadError, Problem};
use crate::formats::LoadOptions;

/// How many recent files are remembered.
pub const RECENT_MAX: usize = 8;

/// The result of a background load.
#[derive(Debug)]
pub enum LoadOutcome {
    /// Read and validated; `problems` lists the records left out (empty when the whole file was good),
    /// `warnings` the records kept but flagged (place texts that did not geocode cleanly).
    Loaded {
        path: PathBuf,
        data: Dataset,
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
    receiver: Receiver<LoadOutcome>,
}

impl Loading {
    /// Starts loading `path` on a worker thread; `ctx` is asked to repaint when it is done.
    pub fn start(path: PathBuf, options: LoadOptions, ctx: &egui::Context) -> Self {
        let (sender, receiver) = channel();
        let read_bytes = Arc::new(AtomicU64::new(0));
        let total_bytes = std::fs::metadata(&path).map_or(0, |m| m.len());
        let progress = Arc::clone(&read_bytes);
        let worker_path = path.clone();
        let ctx = ctx.clone();
        let spawned = std::thread::Builder::new()
            .name("travelmap-load".into())
            .spawn(move || {
                let outcome = load(&worker_path, &options, &progress);
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
pub fn load(path: &Path, options: &LoadOptions, read_bytes: &AtomicU64) -> LoadOutcome {
    match crate::formats::load_path(path, options, read_bytes) {
        Ok(loaded) => LoadOutcome::Loaded {
            path: path.to_owned(),
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
}

/// A native file dialog running on its own thread, so the window keeps drawing.
pub struct Dialog {
    pub purpose: DialogPurpose,
    receiver: Receiver<Option<PathBuf>>,
}

impl Dialog {
    pub fn open(purpose: DialogPurpose, ctx: &egui::Context, suggested_name: &str) -> Self {
        let (sender, receiver) = channel();
        let ctx = ctx.clone();
        let suggested = suggested_name.to_owned();
        let spawned = std::thread::Builder::new()
            .name("travelmap-dialog".into())
            .spawn(move || {
                let dialog = rfd::FileDialog::new()
                    .add_filter("travelmap data", &["json", "geojson", "csv", "kml", "ics"])
                    .add_filter("All files", &["*"]);
                let picked = match purpose {
                    DialogPurpose::Open => dialog.pick_file(),
                    DialogPurpose::SaveAs | DialogPurpose::Export(_) => {
                        dialog.set_file_name(suggested).save_file()
                    }
                };
                let _ = sender.send(picked);
                ctx.request_repaint();
            });
        if let Err(e) = spawned {
            log::error!("could not start the file dialog: {e}");
        }
        Self { purpose, receiver }
    }

    /// `Some(choice)` once the dialog is closed (`None` inside when cancelled).
    pub fn poll(&self) -> Option<Option<PathBuf>> {
        match self.receiver.try_recv() {
            Ok(choice) => Some(choice),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => Some(None),
        }
    }
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
    fn a_background_load_reports_progress_and_the_dataset() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("trips.json");
        std::fs::write(&path, crate::data::BUNDLED_JSON).unwrap();
        let progress = AtomicU64::new(0);
        let LoadOutcome::Loaded { data, problems, .. } = load(&path, &LoadOptions::default(), &progress) else {
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
        let LoadOutcome::Failed { error, .. } = load(&path, &LoadOptions::default(), &AtomicU64::new(0)) else {
            panic!("a broken file fails")
        };
        assert!(error.contains("broken.json: line 3, column"), "{error}");
    }
}
