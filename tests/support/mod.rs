//! What the whole-app UI tests share: starting the app in a headless harness with given settings and a
//! file, and waiting for its background load. One copy, so every test starts the app the same way.

#![allow(dead_code, reason = "each test file uses the part it needs")]

use std::path::PathBuf;

use egui_kittest::Harness;
use travelmap::app::{Settings, StartOptions, TravelMapApp};

/// The app in a `size` window with `settings`, opening `file` at start (without the basemap), after
/// its first frames and its load. `accessible: false` turns off kittest's check that every widget has
/// a name (for widgets of other crates that have none).
pub fn start(
    size: egui::Vec2,
    settings: Settings,
    file: Option<PathBuf>,
    accessible: bool,
) -> Harness<'static, TravelMapApp> {
    let mut h = Harness::builder()
        .with_size(size)
        .with_max_steps(12)
        .with_accessibility_check(accessible)
        .build_eframe(move |cc| {
            let options = StartOptions {
                file: file.clone(),
                ..StartOptions::default()
            };
            TravelMapApp::with_settings(&cc.egui_ctx, settings.clone(), options)
        });
    h.run();
    wait_for_load(&mut h);
    h
}

/// Runs frames until the background load has finished (at most six seconds).
pub fn wait_for_load(h: &mut Harness<'_, TravelMapApp>) {
    for _ in 0..300 {
        h.step();
        if h.state().loading.is_none() {
            h.run();
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    panic!("the file did not load");
}
