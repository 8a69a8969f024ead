//! A picture or animation made on a background thread, so the window stays usable: progress as frames
//! done of frames in all, a cancel flag checked between frames, and the outcome on a channel that the
//! app polls each frame and applies as an action.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver};

use chrono::{DateTime, Utc};

use super::{RenderError, Renderer, Settings, anim, encode_png};
use crate::data::Dataset;

/// What to make.
#[derive(Clone, Debug, PartialEq)]
pub enum Request {
    /// One picture at this moment; SVG when the path ends in `.svg`, else PNG.
    Picture { at: DateTime<Utc> },
    /// An animation, written as the path's extension says.
    Animation(anim::Playback),
}

/// How a job ended: the file written, or why not.
pub type Outcome = Result<PathBuf, String>;

/// A render in progress.
pub struct Job {
    pub path: PathBuf,
    done: Arc<AtomicUsize>,
    total: Arc<AtomicUsize>,
    cancel: Arc<AtomicBool>,
    receiver: Receiver<Outcome>,
}

impl Job {
    /// Starts rendering `data` into `path` (shared with the window, not copied); `repaint` is called
    /// when there is news.
    pub fn start(
        data: Arc<Dataset>,
        settings: Settings,
        request: Request,
        path: PathBuf,
        repaint: impl Fn() + Send + 'static,
    ) -> Self {
        let (sender, receiver) = mpsc::channel();
        let done = Arc::new(AtomicUsize::new(0));
        let total = Arc::new(AtomicUsize::new(1));
        let cancel = Arc::new(AtomicBool::new(false));
        let job = Self {
            path: path.clone(),
            done: done.clone(),
            total: total.clone(),
            cancel: cancel.clone(),
            receiver,
        };
        let spawned = std::thread::Builder::new()
            .name("travelmap-render".into())
            .spawn(move || {
                let mut progress = |d: usize, t: usize| {
                    done.store(d, Ordering::Relaxed);
                    total.store(t, Ordering::Relaxed);
                    repaint();
                    !cancel.load(Ordering::Relaxed)
                };
                let result = run(&data, settings, &request, &path, &mut progress)
                    .map(|()| path.clone())
                    .map_err(|e| e.to_string());
                let _ = sender.send(result);
                repaint();
            });
        if let Err(e) = spawned {
            // The sender is gone with the closure: `poll` reports the failure.
            log::error!("could not start rendering: {e}");
        }
        job
    }

    /// Frames done and frames in all.
    pub fn progress(&self) -> (usize, usize) {
        (
            self.done.load(Ordering::Relaxed),
            self.total.load(Ordering::Relaxed).max(1),
        )
    }

    /// Asks the job to stop after the frame it is drawing.
    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::Relaxed);
    }

    /// The outcome, once there is one.
    pub fn poll(&self) -> Option<Outcome> {
        match self.receiver.try_recv() {
            Ok(outcome) => Some(outcome),
            Err(mpsc::TryRecvError::Empty) => None,
            Err(mpsc::TryRecvError::Disconnected) => {
                Some(Err("the renderer stopped unexpectedly".to_owned()))
            }
        }
    }
}

fn run(
    data: &Dataset,
    settings: Settings,
    request: &Request,
    path: &std::path::Path,
    progress: anim::Progress<'_>,
) -> Result<(), RenderError> {
    let renderer = Renderer::new(data, settings);
    match request {
        Request::Picture { at } => {
            let camera = renderer.camera();
            let svg = path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("svg"));
            let bytes = if svg {
                renderer.drawing(*at, &camera).0.svg().into_bytes()
            } else {
                encode_png(&renderer.raster(*at, &camera)?)?
            };
            crate::data::save_atomic(path, &bytes)
                .map_err(|e| RenderError::Io(std::io::Error::other(e.to_string())))?;
            progress(1, 1);
            Ok(())
        }
        Request::Animation(playback) => {
            let container = anim::Container::of(path).unwrap_or(anim::Container::Gif);
            anim::render(&renderer, playback, path, container, progress).map(|_| ())
        }
    }
}
