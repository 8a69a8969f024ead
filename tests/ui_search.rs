//! UI tests of search (Ctrl+F), its filters, and the events table (Ctrl+T): driven through the real app
//! with `egui_kittest`, widgets found by their accessible labels.

#![allow(
    clippy::unwrap_used,
    reason = "test helpers: a failure is a test failure"
)]

mod support;

use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use travelmap::app::{Settings, TravelMapApp};
use travelmap::search::ResultKind;
use travelmap::timeline::TimeCommand;
use travelmap::ui::Action;

fn harness() -> Harness<'static, TravelMapApp> {
    support::start(egui::vec2(1280.0, 800.0), Settings::default(), None, true)
}

fn selected_city(h: &Harness<'_, TravelMapApp>) -> Option<String> {
    let app = h.state();
    app.selected
        .and_then(|c| app.scene.cities.get(c))
        .map(|c| c.name.clone())
}

#[test]
fn searching_istanbul_lists_both_istanbul_meetings_and_enter_selects_the_city() {
    let mut h = harness();
    h.key_press_modifiers(Modifiers::COMMAND, Key::F);
    h.run();
    assert!(h.state().settings.search_shown);
    h.get_by_role_and_label(Role::TextInput, "Search")
        .type_text("Istanbul");
    h.run();
    h.get_by_label_contains("Meetings (2)");
    let meetings: Vec<String> = h
        .query_all_by_label_contains("Meeting, ")
        .filter_map(|n| n.accesskit_node().label())
        .collect();
    assert_eq!(meetings.len(), 2, "{meetings:?}");
    assert!(
        meetings[0].contains("27 February 2025, Istanbul"),
        "{meetings:?}"
    );
    assert!(
        meetings[1].contains("10 April 2025, Istanbul"),
        "{meetings:?}"
    );
    assert_eq!(selected_city(&h), None);
    h.key_press(Key::Enter);
    h.run();
    assert_eq!(selected_city(&h).as_deref(), Some("Istanbul"));
    // The city panel shows Istanbul's meetings.
    h.get_by_label("Thu 10 Apr 2025 10:00 +03");
}

#[test]
fn arrow_down_and_enter_go_to_a_meeting_found() {
    let mut h = harness();
    h.key_press_modifiers(Modifiers::COMMAND, Key::F);
    h.run();
    h.get_by_role_and_label(Role::TextInput, "Search")
        .type_text("Istanbul");
    h.run();
    let places = h
        .state()
        .finder
        .as_ref()
        .unwrap()
        .index
        .search("Istanbul", None, 50)
        .group(ResultKind::Places)
        .map_or(0, |g| g.hits.len());
    for _ in 0..places {
        h.key_press(Key::ArrowDown);
        h.run();
    }
    h.key_press(Key::Enter);
    h.run();
    let cursor = h.state().timeline().cursor;
    assert_eq!(cursor.format("%Y-%m-%d").to_string(), "2025-02-27");
    assert_eq!(selected_city(&h).as_deref(), Some("Istanbul"));
}

#[test]
fn a_certainty_filter_changes_what_the_timeline_counts() {
    let mut h = harness();
    let all = h.state().index.record_count();
    assert_eq!(
        h.query_all_by_label_contains("Meeting in Istanbul").count(),
        2
    );
    h.key_press_modifiers(Modifiers::COMMAND, Key::F);
    h.run();
    h.get_by_label(&format!("Showing {all} of {all} records"));
    h.get_by_label("Certainty").click();
    h.run();
    h.get_by_role_and_label(Role::Button, "reported").click();
    h.run();
    assert_eq!(
        h.state().index.record_count(),
        1,
        "only the 3 December flight home is reported (its destination is Ushakov's word)"
    );
    h.get_by_label(&format!("Showing 1 of {all} records"));
    assert!(h.query_by_label_contains("Meeting in Istanbul").is_none());
    assert!(
        h.query_by_label_contains("Meeting in").is_none(),
        "every meeting is confirmed"
    );
    h.get_by_role_and_label(Role::Button, "Clear filters")
        .click();
    h.run();
    assert_eq!(h.state().index.record_count(), all);
}

/// The sentence of the events table's first row.
fn first_row(h: &Harness<'_, TravelMapApp>) -> String {
    let app = h.state();
    let row = app.events.rows()[0];
    let sentence = travelmap::records::sentence(&app.data, row);
    h.get_by_role_and_label(Role::Row, &sentence);
    sentence
}

#[test]
fn the_events_table_sorts_by_date_and_enter_or_a_click_goes_to_the_row() {
    let mut h = harness();
    h.key_press_modifiers(Modifiers::COMMAND, Key::T);
    h.run();
    assert!(h.state().settings.events_shown);
    let oldest = first_row(&h);
    assert!(oldest.starts_with("Flight, "), "{oldest}");
    h.get_by_label("Sort by date").click();
    h.run();

    let newest = first_row(&h);
    assert!(newest.contains("December 2025"), "{newest}");
    h.get_by_label("Sort by date").click();
    h.run();
    assert_eq!(first_row(&h), oldest);
    // Ctrl+F opens search from the table's box, and Ctrl+F closes it again.
    h.key_press_modifiers(Modifiers::COMMAND, Key::F);
    h.run();
    assert!(h.state().settings.search_shown);
    h.key_press_modifiers(Modifiers::COMMAND, Key::F);
    h.run();
    assert!(!h.state().settings.search_shown);

    // Typing narrows the rows (the box keeps the keyboard); ↓ selects the first, Enter goes to it.
    h.get_by_role_and_label(Role::TextInput, "Search the events")
        .type_text("Istanbul");
    h.run();
    let sentence = first_row(&h);
    assert!(
        sentence.starts_with("Meeting, 27 February 2025, Istanbul"),
        "{sentence}"
    );
    h.key_press(Key::ArrowDown);
    h.run();
    h.key_press(Key::Enter);
    h.run();
    assert_eq!(
        h.state()
            .timeline()
            .cursor
            .format("%Y-%m-%d %H:%M")
            .to_string(),
        "2025-02-27 07:00"
    );
    assert_eq!(selected_city(&h).as_deref(), Some("Istanbul"));

    // A click on a row goes there too.
    let second = {
        let app = h.state();
        travelmap::records::sentence(&app.data, app.events.rows()[1])
    };
    h.get_by_role_and_label(Role::Row, &second).click();
    h.run();
    assert_eq!(
        h.state().timeline().cursor.format("%Y-%m-%d").to_string(),
        "2025-04-10"
    );
}

#[test]
fn with_follow_time_the_table_selects_the_row_at_the_timeline_cursor() {
    let mut h = harness();
    h.key_press_modifiers(Modifiers::COMMAND, Key::T);
    h.run();
    h.get_by_role_and_label(Role::CheckBox, "Follow time")
        .click();
    h.run();
    let t = chrono::DateTime::parse_from_rfc3339("2025-08-15T00:00:00Z")
        .unwrap()
        .to_utc();
    let ctx = h.ctx.clone();
    h.state_mut()
        .apply(Action::Time(TimeCommand::SetCursor(t)), &ctx);
    h.run();
    let app = h.state();
    let i = app.events.selected.unwrap();
    let rows = app.events.rows();
    assert!(rows[i].at >= t && (i == 0 || rows[i - 1].at < t));
    let sentence = travelmap::records::sentence(&app.data, rows[i]);
    h.get_by_role_and_label(Role::Row, &sentence);
}
