//! UI tests: drive the whole app with egui_kittest as a person would (find widgets by their accessible
//! label, click, drag, press keys) and check what it shows and what state it is in. Headless: no
//! display, no GPU, no network (the offline basemap is left out; it has tests of its own).

use chrono::{DateTime, Utc};
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use travelmap::app::{Settings, StartOptions, TravelMapApp};

fn utc(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

fn harness() -> Harness<'static, TravelMapApp> {
    Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .with_max_steps(12)
        .build_eframe(|cc| {
            TravelMapApp::with_settings(&cc.egui_ctx, Settings::default(), StartOptions::default())
        })
}

#[test]
fn launch_shows_the_seed_cities_on_the_map() {
    let mut h = harness();
    h.run();
    eprintln!("{:?}", h.state().drawn);
    for city in [
        "Fort Lauderdale",
        "St Petersburg",
        "Moscow",
        "Istanbul",
        "Washington",
    ] {
        h.get_by_role_and_label(Role::Button, city);
    }
}
