//! Itineraries through the whole app: a spreadsheet of stays opened from the command line and as the
//! remembered file, the column-mapping step, the review list of flagged place texts, inferred flights
//! and their View toggle, and who is where on the map. Headless (`egui_kittest`); loads run on a
//! background thread, so tests wait for them with a bounded loop.

#![allow(
    clippy::unwrap_used,
    reason = "test helpers: a failure is a test failure"
)]

use std::path::{Path, PathBuf};

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use travelmap::app::{Settings, TravelMapApp};

mod support;
use support::wait_for_load;

fn harness_with(settings: Settings, file: Option<PathBuf>) -> Harness<'static, TravelMapApp> {
    support::start(egui::vec2(1400.0, 1000.0), settings, file, true)
}
use travelmap::data::{Certainty, GeocodeStatus};
use travelmap::timeline::TimeCommand;
use travelmap::ui::Action;

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn example() -> &'static str {
    include_str!("../data/examples/itinerary.csv")
}

#[test]
fn an_itinerary_opens_from_the_command_line_and_as_the_remembered_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "trips.csv", example());
    let h = harness_with(Settings::default(), Some(path.clone()));
    let app = h.state();
    assert!(app.error.is_none(), "{:?}", app.error);
    assert_eq!(app.data.stays.len(), 14);
    assert_eq!(app.settings.file.as_deref(), Some(path.as_path()));
    let remembered = app.settings.clone();
    drop(h);

    // The next launch opens it through the same loader.
    let h = harness_with(remembered, None);
    assert!(h.state().error.is_none(), "{:?}", h.state().error);
    assert_eq!(h.state().data.stays.len(), 14);
}

#[test]
fn other_formats_open_as_the_remembered_file_too() {
    let dir = tempfile::tempdir().unwrap();
    let csv = include_str!("fixtures/spring-2025.csv");
    let kml = include_str!("fixtures/google-earth.kml");
    let geojson = include_str!("fixtures/st-petersburg.geojson");
    for (name, text) in [("a.csv", csv), ("b.kml", kml), ("c.geojson", geojson)] {
        let path = write(dir.path(), name, text);
        let settings = Settings {
            file: Some(path),
            ..Settings::default()
        };
        let h = harness_with(settings, None);
        assert!(h.state().error.is_none(), "{name}: {:?}", h.state().error);
        assert!(
            !h.state().data.places.is_empty(),
            "{name}: its own data is shown"
        );
        assert_ne!(h.state().data_name, "data/us-russia-2025.json", "{name}");
    }
}

#[test]
fn an_unknown_header_opens_the_column_mapping_step_and_the_choice_is_remembered() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "log.csv",
        "Who,Day,Where\nDean Rusk,1963-08-05,Moscow\n",
    );
    let mut h = harness_with(Settings::default(), Some(path.clone()));
    assert!(h.state().column_mapping.is_some(), "the step is open");
    h.get_by_label_contains("could not tell which column");
    assert!(
        h.get_by_label("Open with these columns")
            .accesskit_node()
            .is_disabled(),
        "a start is still needed"
    );
    h.get_by_label("Role of Day").click();
    h.run();
    h.get_by_label("Day: start").click();
    h.run();
    h.get_by_label("Open with these columns").click();
    h.run();
    wait_for_load(&mut h);
    let app = h.state();
    assert!(app.column_mapping.is_none());
    assert_eq!(app.data.stays.len(), 1);
    assert_eq!(app.data.people[0].name, "Dean Rusk");
    assert_eq!(
        app.settings.column_roles.len(),
        1,
        "remembered for the header"
    );

    // Opened again, the header's remembered roles apply without asking.
    let ctx = h.ctx.clone();
    h.state_mut().open_path(path, &ctx);
    wait_for_load(&mut h);
    assert!(h.state().column_mapping.is_none());
    assert_eq!(h.state().data.stays.len(), 1);
}

#[test]
fn the_review_list_places_every_stay_with_a_text_at_once_and_undo_takes_it_back() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "trips.csv",
        "traveller,arrived,departed,city,country\n\
         A,1960-01-01,1960-01-02,Qxzvillebad,\n\
         B,1960-02-01,1960-02-02,Qxzvillebad,\n\
         C,1960-03-01,1960-03-02,Geneva,Switzerland\n",
    );
    let mut h = harness_with(Settings::default(), Some(path));
    let unplaced = |h: &Harness<'_, TravelMapApp>| {
        h.state()
            .data
            .stays
            .iter()
            .filter(|s| s.place.is_none())
            .count()
    };
    assert_eq!(unplaced(&h), 2);
    assert_eq!(
        h.state().warnings.len(),
        1,
        "one warning for the text: {:?}",
        h.state().warnings
    );
    h.get_by_label("View").click();
    h.run();
    h.get_by_label("Places to review (1)").click();
    h.run();
    h.get_by_label_contains("“Qxzvillebad”: not placed, 2 stays");
    h.get_by_label("Place for Qxzvillebad").click();
    h.run();
    h.get_by_label("Place for Qxzvillebad")
        .type_text("Lausanne");
    h.run();
    h.get_by_role_and_label(Role::Button, "Lausanne, Switzerland")
        .click();
    h.run();
    assert_eq!(unplaced(&h), 0, "both stays placed by one choice");
    let stay = &h.state().data.stays[0];
    assert_eq!(stay.status(), GeocodeStatus::Exact);
    assert!(h.state().review_groups.is_empty());
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert_eq!(unplaced(&h), 2, "one undo takes the whole choice back");
}

#[test]
fn inferred_flights_are_drawn_between_stays_and_the_view_toggle_hides_them() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "trips.csv", example());
    let mut h = harness_with(Settings::default(), Some(path));
    let inferred = |h: &Harness<'_, TravelMapApp>| h.state().data.inferred_legs();
    assert_eq!(inferred(&h), 4);
    let herter = h
        .state()
        .data
        .legs
        .iter()
        .find(|l| {
            l.certainty == Certainty::Inferred
                && h.state().data.names(&l.travellers) == "Christian Herter"
        })
        .cloned()
        .unwrap();
    assert_eq!(h.state().data.place(herter.to).unwrap().name, "Paris");

    h.get_by_label("View").click();
    h.run();
    h.get_by_label("Inferred flights").click();
    h.run();
    assert_eq!(inferred(&h), 0);
    assert!(h.state().settings.hide_inferred);
    if h.query_by_label("Inferred flights").is_none() {
        h.get_by_label("View").click();
        h.run();
    }
    h.get_by_label("Inferred flights").click();
    h.run();
    assert_eq!(inferred(&h), 4);
}

#[test]
fn the_map_rings_the_cities_where_people_are_staying_at_the_cursor() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "trips.csv", example());
    let mut h = harness_with(Settings::default(), Some(path));
    // 1 June 1959: Gromyko and Herter both in Geneva.
    let at = chrono::DateTime::parse_from_rfc3339("1959-06-01T12:00:00Z")
        .unwrap()
        .to_utc();
    let ctx = h.ctx.clone();
    h.state_mut()
        .apply(Action::Time(TimeCommand::SetCursor(at)), &ctx);
    h.run();
    let app = h.state();
    assert_eq!(app.drawn.present.len(), 1, "{:?}", app.drawn.present);
    let (city, people) = &app.drawn.present[0];
    assert_eq!(app.scene.cities.get(*city).unwrap().name, "Geneva");
    assert_eq!(app.data.names(people), "Andrei Gromyko, Christian Herter");
    // Herter's Paris stay begins on 20 June in Paris (19 June, 23:00 UTC): the tick says the local day.
    let paris = app
        .index
        .events()
        .iter()
        .map(|e| travelmap::ui::timeline_bar::describe_event(&app.data, e))
        .find(|t| t.starts_with("Christian Herter in Paris"))
        .unwrap();
    assert_eq!(paris, "Christian Herter in Paris from 20 Jun 1959");
    h.get_by_label("Geneva").click();
    h.run();
    h.get_by_label_contains("Who was here, when (3 stays)");
    h.get_by_label_contains("Andrei Gromyko, Mon 11 May 1959 – Sat 20 Jun 1959");
}
