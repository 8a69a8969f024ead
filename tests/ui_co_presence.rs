//! Co-presence in the window: two people whose stays in Geneva share a day get a dashed ring on the
//! map at that time, and the city panel lists them under "Also here at the same time" with the
//! overlap and its weak evidence. Headless (`egui_kittest`), on a spreadsheet written for the test.

#![allow(
    clippy::unwrap_used,
    reason = "test helpers: a failure is a test failure"
)]

mod support;

use egui::accesskit::Role;
use egui_kittest::kittest::Queryable as _;
use travelmap::app::Settings;
use travelmap::timeline::TimeCommand;
use travelmap::ui::Action;

const STAYS: &str = "traveller,arrived,departed,city,country\n\
    Anna Berg,2025-01-01,2025-01-05,Geneva,Switzerland\n\
    Boris Lind,2025-01-05,2025-01-09,Geneva,Switzerland\n\
    Clara Ruiz,2025-01-02,2025-01-03,Paris,France\n";

#[test]
fn two_people_in_geneva_on_the_same_day_are_listed_as_also_here_with_a_dashed_ring() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("stays.csv");
    std::fs::write(&path, STAYS).unwrap();
    let mut h = support::start(
        egui::vec2(1280.0, 800.0),
        Settings::default(),
        Some(path),
        true,
    );
    assert_eq!(h.state().data.stays.len(), 3, "{:?}", h.state().error);
    assert!(
        h.state().encounters_pending.is_none(),
        "small data: worked out at once"
    );
    // Noon in Geneva on 5 January, the one day both were there.
    let noon = chrono::DateTime::parse_from_rfc3339("2025-01-05T11:00:00Z")
        .unwrap()
        .with_timezone(&chrono::Utc);
    let ctx = h.ctx.clone();
    h.state_mut()
        .apply(Action::Time(TimeCommand::SetCursor(noon)), &ctx);
    h.run();
    let geneva = h.state().scene.cities.find("Geneva").unwrap();
    let together: Vec<String> = h
        .state()
        .drawn
        .co_present
        .iter()
        .filter(|(c, _)| *c == geneva)
        .flat_map(|(_, people)| {
            people
                .iter()
                .map(|p| h.state().data.people[p.index()].name.clone())
        })
        .collect();
    assert_eq!(
        together,
        ["Anna Berg", "Boris Lind"],
        "the dashed ring at Geneva"
    );

    h.get_by_role_and_label(Role::Button, "Geneva").click();
    h.run();
    assert_eq!(h.state().selected, Some(geneva));
    h.get_by_label("Also here at the same time:");
    h.get_by_label(
        "Anna Berg and Boris Lind, Sun 5 Jan 2025 (overlap of 1 day, both day-precision)",
    );

    // A day later only Boris is in town: nobody is listed, and no ring is drawn.
    let next_day = noon + chrono::Duration::days(1);
    h.state_mut()
        .apply(Action::Time(TimeCommand::SetCursor(next_day)), &ctx);
    h.run();
    assert!(h.query_by_label("Also here at the same time:").is_none());
    assert!(h.state().drawn.co_present.is_empty());
}
