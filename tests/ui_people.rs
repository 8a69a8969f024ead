//! The people network (Ctrl+P) and the swimlanes under the timeline, driven as a person would: find the
//! link between two people by its label, open their meetings, click one; choose a person for the
//! swimlanes and click their row. Headless (`egui_kittest`), on the bundled dataset.

#![allow(
    clippy::unwrap_used,
    reason = "test helpers: a failure is a test failure"
)]

mod support;

use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use travelmap::app::{Settings, TravelMapApp};
use travelmap::data::PersonIdx;
use travelmap::timeline::TimeCommand;
use travelmap::ui::Action;

fn harness() -> Harness<'static, TravelMapApp> {
    support::start(egui::vec2(1280.0, 800.0), Settings::default(), None, true)
}

fn person(h: &Harness<'_, TravelMapApp>, name: &str) -> PersonIdx {
    let i = h
        .state()
        .data
        .people
        .iter()
        .position(|p| p.name == name)
        .unwrap();
    PersonIdx(i as u32)
}

const WITKOFF_PUTIN: &str = "Steve Witkoff – Vladimir Putin: 7 meetings";

#[test]
fn ctrl_p_opens_the_people_network_and_closes_it_again() {
    let mut h = harness();
    assert!(h.query_by_label(WITKOFF_PUTIN).is_none());
    h.key_press_modifiers(Modifiers::COMMAND, Key::P);
    h.run();
    assert!(h.state().settings.people_shown);
    h.get_by_role_and_label(Role::Image, "People network");
    h.get_by_label(WITKOFF_PUTIN);
    assert!(
        !h.state().settings.filters_shown,
        "Ctrl+P is not also P (the people filter)"
    );
    h.key_press_modifiers(Modifiers::COMMAND, Key::P);
    h.run();
    assert!(!h.state().settings.people_shown);
    assert!(h.query_by_label(WITKOFF_PUTIN).is_none());
}

#[test]
fn the_link_between_witkoff_and_putin_lists_their_meetings_and_one_moves_the_timeline_there() {
    let mut h = harness();
    h.key_press_modifiers(Modifiers::COMMAND, Key::P);
    h.run();
    h.get_by_role_and_label(Role::Button, WITKOFF_PUTIN).click();
    h.run();
    let (w, p) = (person(&h, "Steve Witkoff"), person(&h, "Vladimir Putin"));
    let app = h.state();
    let pair = app
        .people
        .pair
        .and_then(|e| app.people_graph.edge(e))
        .unwrap();
    assert_eq!((pair.a, pair.b), (w.min(p), w.max(p)));
    // The list shows each of their meetings, by date and place.
    let st_petersburg = "about Fri 11 Apr 2025 17:30 MSK, St Petersburg: ";
    h.get_by_label_contains("Tue 11 Feb 2025, Moscow: ");
    h.get_by_label_contains(st_petersburg);
    assert_eq!(
        h.query_all_by_label_contains(", Moscow: ").count()
            + h.query_all_by_label_contains(", St Petersburg: ").count()
            + h.query_all_by_label_contains(", Anchorage: ").count(),
        7
    );
    h.get_by_label_contains(st_petersburg).click();
    h.run();
    let app = h.state();
    assert_eq!(
        app.timeline().cursor.to_rfc3339(),
        "2025-04-11T14:30:00+00:00"
    );
    let city = app.selected.and_then(|c| app.scene.cities.get(c)).unwrap();
    assert_eq!(city.name, "St Petersburg");
}

#[test]
fn clicking_a_person_in_the_network_highlights_them_and_clicking_again_clears_it() {
    let mut h = harness();
    h.key_press_modifiers(Modifiers::COMMAND, Key::P);
    h.run();
    let node = "Steve Witkoff: ";
    h.get_by_label_contains(node).click();
    h.run();
    assert_eq!(h.state().highlighted, Some(person(&h, "Steve Witkoff")));
    h.get_by_label("Highlighted: Steve Witkoff");
    h.get_by_label_contains(node).click();
    h.run();
    assert_eq!(h.state().highlighted, None);
}

#[test]
fn a_person_chosen_in_the_people_panel_gets_a_swimlane_whose_meeting_moves_the_time() {
    let mut h = harness();
    assert!(h.query_by_label("Swimlane: Steve Witkoff").is_none());
    h.key_press_modifiers(Modifiers::COMMAND, Key::P);
    h.run();
    h.get_by_label("Show Steve Witkoff in swimlanes").click();
    h.run();
    assert_eq!(h.state().settings.swimlanes, vec!["witkoff".to_owned()]);
    let row = h
        .get_by_role_and_label(Role::Row, "Swimlane: Steve Witkoff")
        .rect();
    let strip = h.get_by_role_and_label(Role::Slider, "Timeline").rect();
    assert!(row.top() >= strip.bottom(), "under the timeline");
    assert!((row.left() - strip.left()).abs() < 0.5 && (row.right() - strip.right()).abs() < 0.5);
    // Close the panel, so that nothing covers the row.
    h.key_press_modifiers(Modifiers::COMMAND, Key::P);
    h.run();
    let meeting = "Steve Witkoff: meeting in St Petersburg, about Fri 11 Apr 2025 17:30 MSK: ";
    h.get_by_label_contains(meeting).click();
    h.run();
    let app = h.state();
    assert_eq!(
        app.timeline().cursor.to_rfc3339(),
        "2025-04-11T14:30:00+00:00"
    );
    let city = app.selected.and_then(|c| app.scene.cities.get(c)).unwrap();
    assert_eq!(city.name, "St Petersburg");
}

#[test]
fn clicking_a_stay_in_a_swimlane_moves_the_cursor_into_it_and_opens_its_city() {
    let settings = Settings {
        swimlanes: vec!["witkoff".to_owned()],
        ..Settings::default()
    };
    let mut h = support::start(egui::vec2(1280.0, 800.0), settings, None, true);
    // Zoomed in to a few days around Witkoff's day in St Petersburg, as a wheel over the timeline does.
    let around = chrono::DateTime::parse_from_rfc3339("2025-04-11T12:00:00Z")
        .unwrap()
        .to_utc();
    let ctx = h.ctx.clone();
    h.state_mut().apply(
        Action::Time(TimeCommand::ZoomView {
            factor: 0.02,
            around,
        }),
        &ctx,
    );
    h.run();
    let stay = h
        .query_all_by_label_contains("Steve Witkoff in ")
        .find(|n| n.rect().width() > 12.0)
        .map(|n| n.accesskit_node().label().unwrap_or_default())
        .unwrap();
    h.get_by_label(&stay).click();
    h.run();
    let w = person(&h, "Steve Witkoff");
    let app = h.state();
    let lane = travelmap::lanes::Lane::of(&app.data, w);
    let cursor = app.timeline().cursor;
    let within = lane
        .stays
        .iter()
        .find(|s| s.start <= cursor && cursor <= s.end)
        .unwrap_or_else(|| panic!("{cursor} is in no stay of {stay}"));
    let city = app.selected.and_then(|c| app.scene.cities.get(c)).unwrap();
    assert_eq!(
        Some(app.scene.cities.of(within.place).unwrap()),
        app.selected
    );
    assert!(stay.contains(&city.name), "{stay} names {}", city.name);
    assert_eq!(city.name, "St Petersburg");
}

#[test]
fn the_swimlanes_are_cleared_with_their_button() {
    let settings = Settings {
        swimlanes: vec![
            "witkoff".to_owned(),
            "putin".to_owned(),
            "nobody".to_owned(),
        ],
        ..Settings::default()
    };
    let mut h = support::start(egui::vec2(1280.0, 800.0), settings, None, true);
    h.get_by_label("Swimlane: Steve Witkoff");
    h.get_by_label("Swimlane: Vladimir Putin");
    h.get_by_label("Clear").click();
    h.run();
    assert!(h.state().settings.swimlanes.is_empty());
    assert!(h.query_by_label("Swimlane: Steve Witkoff").is_none());
}

#[test]
fn the_swimlanes_take_twelve_people_and_say_so_for_a_thirteenth() {
    let mut h = harness();
    let ctx = h.ctx.clone();
    for i in 0..13 {
        h.state_mut()
            .apply(Action::ToggleSwimlane(PersonIdx(i)), &ctx);
    }
    h.run();
    assert_eq!(h.state().settings.swimlanes.len(), 12);
    assert!(h.state().notice.as_deref().unwrap().contains("at most 12"));
    assert_eq!(h.query_all_by_role(Role::Row).count(), 12);
    // Taking one out makes room again.
    h.state_mut()
        .apply(Action::ToggleSwimlane(PersonIdx(0)), &ctx);
    h.state_mut()
        .apply(Action::ToggleSwimlane(PersonIdx(12)), &ctx);
    assert_eq!(h.state().settings.swimlanes.len(), 12);
    assert!(
        h.state()
            .settings
            .swimlanes
            .contains(&h.state().data.people[12].id)
    );
}
