//! The built-in file dialog end to end, as on a desktop without a file-chooser portal: export, save,
//! save as, open, and save from the quit question, each by typing a path into the dialog's name box.
//! Headless (`egui_kittest`); loads run on a background thread, so tests wait with a bounded loop.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test helpers: a failure is a test failure"
)]

use std::path::{Path, PathBuf};

use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use travelmap::app::{Settings, TravelMapApp};

mod support;
use support::wait_for_load;

fn harness(file: Option<PathBuf>) -> Harness<'static, TravelMapApp> {
    let settings = Settings {
        builtin_file_dialog: true,
        ..Settings::default()
    };
    // egui_file's folder and name boxes carry no accessible name (they are found by position below);
    // everything of travelmap's own is still checked by the other UI tests.
    support::start(egui::vec2(1280.0, 800.0), settings, file, false)
}

/// The dialog's file-name box: the lower of its two text boxes (the folder box is at the top).
fn type_into_name_box(h: &mut Harness<'_, TravelMapApp>, path: &Path) {
    let name_box = h
        .query_all_by_role(Role::TextInput)
        .max_by(|a, b| a.rect().top().total_cmp(&b.rect().top()))
        .expect("the file dialog is open");
    name_box.click();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.run();
    let name_box = h
        .query_all_by_role(Role::TextInput)
        .max_by(|a, b| a.rect().top().total_cmp(&b.rect().top()))
        .unwrap();
    name_box.type_text(&path.display().to_string());
    h.run();
    h.key_press(Key::Enter);
    h.run();
}

fn dialog_open(h: &Harness<'_, TravelMapApp>, title: &str) -> bool {
    h.query_by_label_contains(title).is_some()
}

fn ask_to_quit(h: &mut Harness<'_, TravelMapApp>) {
    h.input_mut()
        .viewports
        .entry(egui::ViewportId::ROOT)
        .or_default()
        .events
        .push(egui::ViewportEvent::Close);
    h.run();
}

/// An edit through the app's one door, so there is something unsaved.
fn make_an_edit(h: &mut Harness<'_, TravelMapApp>) {
    let ctx = h.ctx.clone();
    let mut place = h.state().data.places[0].clone();
    place.name = "Renamed airport".to_owned();
    let edit = travelmap::data::edit::Edit::UpdatePlace(travelmap::data::PlaceIdx(0), place);
    h.state_mut().apply(travelmap::ui::Action::Edit(edit), &ctx);
    h.run();
    assert!(h.state().has_unsaved_changes());
}

#[test]
fn export_writes_the_file_typed_into_the_built_in_dialog() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(None);
    h.get_by_role_and_label(Role::Button, "File").click();
    h.run();
    h.get_by_label("Export").hover();
    h.run();
    h.get_by_label("GeoJSON (map tools)…").click();
    h.run();
    assert!(dialog_open(&h, "Export as GeoJSON"));
    // No extension typed: the format's is added.
    let typed = dir.path().join("routes");
    type_into_name_box(&mut h, &typed);
    let written = dir.path().join("routes.geojson");
    let text = std::fs::read_to_string(&written).expect("the export is written");
    assert!(text.contains("Istanbul"));
    assert!(!dialog_open(&h, "Export as GeoJSON"), "the dialog closes");
    assert!(h.state().error.is_none(), "{:?}", h.state().error);
    h.get_by_label_contains("Exported");
}

#[test]
fn save_then_save_as_then_open_go_through_the_built_in_dialog() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(None);
    make_an_edit(&mut h);

    // The bundled data has no file: Ctrl+S asks for a name.
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    assert!(dialog_open(&h, "Save as"));
    let first = dir.path().join("first.json");
    type_into_name_box(&mut h, &first);
    assert!(first.is_file(), "saved");
    assert_eq!(h.state().settings.file.as_deref(), Some(first.as_path()));
    assert!(!h.state().has_unsaved_changes());

    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::S);
    h.run();
    assert!(dialog_open(&h, "Save as"));
    let second = dir.path().join("second.json");
    type_into_name_box(&mut h, &second);
    assert!(second.is_file(), "saved under the new name");
    assert_eq!(h.state().settings.file.as_deref(), Some(second.as_path()));

    // Open a spreadsheet through the same dialog.
    let csv = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/spring-2025.csv");
    h.key_press_modifiers(Modifiers::COMMAND, Key::O);
    h.run();
    assert!(dialog_open(&h, "Open a file"));
    // The folder just saved to is offered as a recent folder: after going up a level, choosing it
    // lists its files again.
    h.get_by_role_and_label(Role::Button, "⬆").click();
    h.run();
    assert!(h.query_by_label("🗋 second.json").is_none());
    let folder_name = dir
        .path()
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    h.get_by_role_and_label(Role::Button, &folder_name).click();
    h.run();
    h.get_by_label("🗋 second.json");
    type_into_name_box(&mut h, &csv);
    wait_for_load(&mut h);
    assert_eq!(h.state().settings.file.as_deref(), Some(csv.as_path()));
    assert!(h.state().error.is_none(), "{:?}", h.state().error);
}

#[test]
fn save_in_the_quit_question_saves_through_the_dialog_then_quits() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(None);
    make_an_edit(&mut h);
    ask_to_quit(&mut h);
    h.get_by_label("Save changes before quitting?");

    // Cancelling the name brings the question back: nothing is lost, nothing quits.
    h.get_by_role_and_label(Role::Button, "Save").click();
    h.run();
    assert!(dialog_open(&h, "Save as"));
    h.get_by_role_and_label(Role::Button, "Cancel").click();
    h.run();
    h.get_by_label("Save changes before quitting?");
    assert!(!h.state().quitting());

    // A folder that does not exist: the question stays and says why.
    h.get_by_role_and_label(Role::Button, "Save").click();
    h.run();
    type_into_name_box(&mut h, &dir.path().join("missing/folder/trips.json"));
    h.get_by_label("Save changes before quitting?");
    h.get_by_label_contains("Could not save");
    assert!(!h.state().quitting());
    assert!(h.state().has_unsaved_changes());

    h.get_by_role_and_label(Role::Button, "Save").click();
    h.run();
    let path = dir.path().join("kept.json");
    type_into_name_box(&mut h, &path);
    assert!(path.is_file(), "saved before quitting");
    assert!(h.state().quitting(), "saved, so the window may close");
    assert!(!h.state().has_unsaved_changes());
    let reopened = travelmap::data::load_path(&path).unwrap();
    assert_eq!(reopened.places[0].name, "Renamed airport");
}

/// A native file with `meetings` meetings between two people at one place: large enough that loading
/// it takes many frames.
fn large_file(dir: &Path, meetings: usize) -> PathBuf {
    use std::fmt::Write as _;
    let mut text = String::from(
        r#"{"format":"travelmap/1","title":"large","places":[{"id":"p","name":"Geneva","lat":46.2,"lon":6.14,"tz":"Europe/Zurich"}],"people":[{"id":"a","name":"A"},{"id":"b","name":"B"}],"meetings":["#,
    );
    for i in 0..meetings {
        let sep = if i == 0 { "" } else { "," };
        let day = 1 + i % 28;
        write!(
            text,
            r#"{sep}{{"id":"m{i}","place":"p","start":"2025-03-{day:02}T10:00","participants":["a","b"],"topic":"talks {i}"}}"#
        )
        .unwrap();
    }
    text.push_str("]}");
    let path = dir.join("large.json");
    std::fs::write(&path, text).unwrap();
    path
}

/// The window started on `path` with the default settings, one short run in: still loading it.
fn start_loading(path: PathBuf) -> Harness<'static, TravelMapApp> {
    let mut h = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .with_max_steps(4)
        .build_eframe(move |cc| {
            let options = travelmap::app::StartOptions {
                file: Some(path.clone()),
                ..Default::default()
            };
            TravelMapApp::with_settings(&cc.egui_ctx, Settings::default(), options)
        });
    h.run();
    assert!(h.state().loading.is_some(), "the file is still loading");
    h
}

#[test]
fn a_long_load_shows_its_progress_and_cancel_keeps_the_bundled_data() {
    let dir = tempfile::tempdir().unwrap();
    let path = large_file(dir.path(), 300_000);
    let mut h = start_loading(path);
    // The window is up, saying what it loads, before the data is there.
    h.get_by_label_contains("Loading large.json");
    h.get_by_label("The map stays usable meanwhile.");
    h.get_by_role_and_label(Role::Button, "Cancel").click();
    h.run();
    assert!(h.state().loading.is_none());
    assert!(
        h.query_by_label_contains("Loading large.json").is_none(),
        "the loading window closed"
    );
    // A load cancelled at start shows the bundled data, as a failed one does.
    assert_eq!(h.state().data_name, travelmap::data::BUNDLED_NAME);
    assert!(h.state().data.meetings.len() > 10);
    assert!(
        h.state()
            .notice
            .as_deref()
            .is_some_and(|n| n.starts_with("Stopped loading"))
    );
    // The thread's result, when it comes, goes nowhere.
    std::thread::sleep(std::time::Duration::from_millis(300));
    h.run();
    assert_eq!(h.state().data_name, travelmap::data::BUNDLED_NAME);
}

#[test]
fn end_pressed_while_a_file_loads_moves_the_cursor_to_the_end_of_its_data() {
    let dir = tempfile::tempdir().unwrap();
    let path = large_file(dir.path(), 100_000);
    let mut h = start_loading(path);
    h.key_press(Key::End);
    h.run();
    wait_for_load(&mut h);
    assert_eq!(h.state().data.meetings.len(), 100_000);
    let timeline = h.state().timeline();
    assert!(
        timeline.cursor_fraction() > 0.999,
        "the cursor is at {} of the loaded data's range, not at its end",
        timeline.cursor_fraction()
    );
    // Without a key pressed, the data opens at its start, as it always did.
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(Some(large_file(dir.path(), 1_000)));
    wait_for_load(&mut h);
    assert!(h.state().timeline().cursor_fraction() < 0.001);
}
