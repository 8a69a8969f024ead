//! Users' own files through the whole app: open, a bad file, a partly bad file, edit through the
//! gazetteer, save, reopen; unsaved changes in the title and on quit. Headless (`egui_kittest`); loads run
//! on a background thread, so tests wait for them with a bounded loop.

#![allow(
    clippy::unwrap_used,
    reason = "test helpers: a failure is a test failure"
)]

use std::path::{Path, PathBuf};

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use travelmap::app::{Settings, TravelMapApp};

mod support;
use support::wait_for_load;

fn harness(file: Option<PathBuf>) -> Harness<'static, TravelMapApp> {
    support::start(egui::vec2(1400.0, 1000.0), Settings::default(), file, true)
}

/// The README's example (three places, no Geneva) as a file in `dir`.
fn example_file(dir: &Path) -> PathBuf {
    let readme = include_str!("../README.md");
    let start = readme.find("```json\n").unwrap() + "```json\n".len();
    let end = start + readme[start..].find("```").unwrap();
    let path = dir.join("trips.json");
    std::fs::write(&path, &readme[start..end]).unwrap();
    path
}

fn click(h: &mut Harness<'_, TravelMapApp>, role: Role, label: &str) {
    h.get_by_role_and_label(role, label).click();
    h.run();
}

fn type_into(h: &mut Harness<'_, TravelMapApp>, label: &str, text: &str) {
    click(h, Role::TextInput, label);
    h.get_by_role_and_label(Role::TextInput, label)
        .type_text(text);
    h.run();
}

#[test]
fn a_meeting_added_in_geneva_through_the_gazetteer_is_saved_and_there_after_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let path = example_file(dir.path());
    let mut h = harness(Some(path.clone()));
    assert_eq!(h.state().data.places.len(), 3);

    h.key_press(egui::Key::E);
    h.run();
    type_into(&mut h, "Name", "Gene");
    click(&mut h, Role::Button, "Geneva, Switzerland");
    click(&mut h, Role::Button, "Add place");
    assert!(
        h.state().title().contains('•'),
        "unsaved changes show in the title"
    );

    click(&mut h, Role::Button, "Meetings");
    click(&mut h, Role::ComboBox, "Place");
    // The editor's list, not the new marker on the map.
    let item = h
        .query_all_by_role_and_label(Role::Button, "Geneva")
        .min_by(|a, b| a.rect().left().total_cmp(&b.rect().left()))
        .unwrap();
    item.click();
    h.run();
    type_into(&mut h, "Start", "2025-11-23");
    click(&mut h, Role::CheckBox, "Steve Witkoff");
    type_into(&mut h, "Topic", "The 28-point plan");
    click(&mut h, Role::Button, "Add meeting");
    assert_eq!(h.state().data.meetings.len(), 2);

    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    h.run();
    assert!(
        !h.state().title().contains('•'),
        "saved: {}",
        h.state().title()
    );
    assert!(h.state().error.is_none(), "{:?}", h.state().error);

    let h = harness(Some(path));
    let d = &h.state().data;
    let geneva = d
        .meetings
        .iter()
        .find(|m| m.topic == "The 28-point plan")
        .expect("the meeting is there");
    assert_eq!(d.places[geneva.place.index()].tz, chrono_tz::Europe::Zurich);
    assert_eq!(
        geneva.start.display_in(chrono_tz::Europe::Zurich),
        "Sun 23 Nov 2025"
    );
    h.get_by_role_and_label(Role::Button, "Geneva");
}

#[test]
fn a_bad_file_shows_the_error_and_keeps_the_current_data() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, "{\n  \"format\": \"travelmap/1\",\n  \"places\": [\n    {\"id\": \"x\", \"lat\": north}\n  ]\n}\n").unwrap();
    let mut h = harness(None);
    let before = h.state().data.clone();
    let ctx = h.ctx.clone();
    h.state_mut().open_path(bad.clone(), &ctx);
    wait_for_load(&mut h);
    let error = h.state().error.clone().expect("an error is shown");
    assert!(error.contains("bad.json: line 4, column"), "{error}");
    h.get_by_label_contains("The data on screen is unchanged");
    assert_eq!(h.state().data, before);
    click(&mut h, Role::Button, "OK");
    assert!(h.state().error.is_none());
}

#[test]
fn a_partly_bad_file_lists_the_rejected_records_and_imports_the_good_ones_on_request() {
    let dir = tempfile::tempdir().unwrap();
    let path = example_file(dir.path());
    let text = std::fs::read_to_string(&path).unwrap().replacen(
        "\"to\": \"led\"",
        "\"to\": \"nowhere\"",
        1,
    );
    std::fs::write(&path, text).unwrap();
    let mut h = harness(None);
    let ctx = h.ctx.clone();
    h.state_mut().open_path(path.clone(), &ctx);
    wait_for_load(&mut h);
    h.get_by_label_contains("legs[0] \"fll-led-0411\", field `to`: unknown place \"nowhere\"");
    assert_eq!(
        h.state().data_name,
        "data/us-russia-2025.json",
        "nothing replaced yet"
    );
    h.get_by_label_contains("Import the").click();
    h.run();
    let app = h.state();
    assert_eq!((app.data.legs.len(), app.data.meetings.len()), (0, 1));
    assert!(app.has_unsaved_changes());
    assert!(
        app.settings.file.is_none(),
        "the partly read file is never saved over"
    );
}

#[test]
fn dropping_a_file_on_the_window_opens_it() {
    #[derive(Debug)]
    struct Dropped(PathBuf);
    impl egui::DroppedFile for Dropped {
        fn path(&self) -> &Path {
            &self.0
        }
        fn bytes(&self) -> Result<Vec<u8>, String> {
            std::fs::read(&self.0).map_err(|e| e.to_string())
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let path = example_file(dir.path());
    let mut h = harness(None);
    h.input_mut()
        .dropped_files
        .push(std::sync::Arc::new(Dropped(path.clone())));
    h.step();
    wait_for_load(&mut h);
    assert_eq!(h.state().settings.file.as_deref(), Some(path.as_path()));
    assert_eq!(h.state().settings.recent, [path]);
    assert_eq!(h.state().data.places.len(), 3);
}

#[test]
fn quitting_with_unsaved_changes_asks_first() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(Some(example_file(dir.path())));
    h.key_press(egui::Key::E);
    h.run();
    type_into(&mut h, "Name", "Gene");
    click(&mut h, Role::Button, "Geneva, Switzerland");
    click(&mut h, Role::Button, "Add place");
    h.input_mut()
        .viewports
        .entry(egui::ViewportId::ROOT)
        .or_default()
        .events
        .push(egui::ViewportEvent::Close);
    h.step();
    let commands = &h.output().viewport_output[&egui::ViewportId::ROOT].commands;
    assert!(commands.contains(&egui::ViewportCommand::CancelClose));
    h.run();
    h.get_by_label("Save changes before quitting?");
    click(&mut h, Role::Button, "Cancel");
    assert!(h.query_by_label("Save changes before quitting?").is_none());
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert!(
        !h.state().has_unsaved_changes(),
        "undoing back to the saved state"
    );
}

#[test]
fn exporting_writes_each_format_for_other_tools() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(None);
    let meetings = h.state().data.meetings.len();
    for format in [
        travelmap::formats::Format::GeoJson,
        travelmap::formats::Format::Kml,
        travelmap::formats::Format::Csv,
        travelmap::formats::Format::Ics,
    ] {
        let path = dir.path().join(format!("out.{}", format.extension()));
        assert!(h.state_mut().export_to(&path, format));
        let text = std::fs::read_to_string(&path).unwrap();
        match format {
            travelmap::formats::Format::Ics => {
                assert_eq!(text.matches("BEGIN:VEVENT").count(), meetings)
            }
            travelmap::formats::Format::Kml => assert!(text.contains("<TimeSpan>")),
            _ => assert!(text.contains("Istanbul")),
        }
    }
    assert!(h.state().error.is_none());
}

#[test]
fn spreadsheets_and_google_earth_files_open_in_the_app() {
    for fixture in [
        "spring-2025.csv",
        "google-earth.kml",
        "st-petersburg.geojson",
    ] {
        let mut h = harness(None);
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(fixture);
        let ctx = h.ctx.clone();
        h.state_mut().open_path(path.clone(), &ctx);
        wait_for_load(&mut h);
        let app = h.state();
        assert!(
            app.error.is_none() && app.pending.is_none(),
            "{fixture}: {:?}",
            app.error
        );
        assert_eq!(app.settings.file.as_deref(), Some(path.as_path()));
        assert!(!app.data.places.is_empty(), "{fixture}");
        // Not native: Save must ask for a new name rather than write JSON over the spreadsheet.
        assert!(!app.has_unsaved_changes());
    }
}
