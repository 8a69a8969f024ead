//! What a reporter reaches for in the details: a flight's own details from the city panel, copying a
//! meeting and a link, a link's address when no browser opens, and the notes (dated items with no
//! place) in the city panel and in their own list. Headless (`egui_kittest`).

#![allow(
    clippy::unwrap_used,
    reason = "test helpers: a failure is a test failure"
)]

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use travelmap::app::{Settings, StartOptions, TravelMapApp};

fn harness() -> Harness<'static, TravelMapApp> {
    let mut h = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .with_max_steps(12)
        .build_eframe(|cc| {
            TravelMapApp::with_settings(&cc.egui_ctx, Settings::default(), StartOptions::default())
        });
    h.run();
    h
}

/// Everything copied to the clipboard in the last frame.
fn copied(h: &Harness<'_, TravelMapApp>) -> Vec<String> {
    h.output()
        .platform_output
        .commands
        .iter()
        .filter_map(|c| match c {
            egui::OutputCommand::CopyText(text) => Some(text.clone()),
            _ => None,
        })
        .collect()
}

fn open_city(h: &mut Harness<'_, TravelMapApp>, city: &str) {
    h.get_by_role_and_label(Role::Button, city).click();
    h.run();
}

#[test]
fn clicking_a_flight_in_the_city_panel_opens_its_details() {
    let mut h = harness();
    open_city(&mut h, "St Petersburg");
    h.get_all_by_label_contains("Arrived from Fort Lauderdale")
        .next()
        .unwrap()
        .click();
    h.run();
    let leg = h.state().selected_leg.expect("a flight is selected");
    let data = &h.state().data;
    let leg = &data.legs[leg.index()];
    assert_eq!(data.places[leg.to.index()].name, "Pulkovo Airport");
    h.get_by_label_contains("Flight: Fort Lauderdale → St Petersburg");
    h.get_by_label_contains("Travellers: Steve Witkoff");
    h.get_all_by_label_contains("Departure").next().unwrap();
    h.get_all_by_label_contains("Arrival").next().unwrap();
    assert!(
        h.query_all_by_label_contains("reported").count() >= 1,
        "each time says how precisely it was reported"
    );
    h.get_by_role_and_label(Role::Button, "Copy flight").click();
    h.step();
    let text = copied(&h).concat();
    assert!(
        text.contains("Travellers: Steve Witkoff") && text.contains("Source:"),
        "{text}"
    );
}

#[test]
fn a_meeting_copies_as_text_with_its_sources_addresses() {
    let mut h = harness();
    open_city(&mut h, "Istanbul");
    h.get_all_by_role_and_label(Role::Button, "Copy meeting")
        .next()
        .unwrap()
        .click();
    h.step();
    let text = copied(&h).concat();
    assert!(text.contains("Where:"), "{text}");
    assert!(text.contains("<http"), "the sources' addresses: {text}");
}

#[test]
fn a_clicked_source_link_shows_its_address_to_copy() {
    let mut h = harness();
    open_city(&mut h, "Istanbul");
    h.get_by_role_and_label(Role::Link, "Hürriyet Daily News")
        .click();
    h.run();
    let url = h.state().link.clone().expect("the address is shown");
    assert!(url.starts_with("http"), "{url}");
    h.get_by_label(&url);
    h.get_by_role_and_label(Role::Button, "Copy link").click();
    h.step();
    assert_eq!(copied(&h), [url]);
    h.run();
    assert!(
        h.state().link.is_none(),
        "copying closes the address window"
    );
}

#[test]
fn notes_are_listed_in_the_city_they_name_and_in_the_notes_window() {
    let mut h = harness();
    open_city(&mut h, "Moscow");
    assert!(
        h.query_all_by_label_contains("Witkoff's Moscow trip was about freeing Marc Fogel")
            .count()
            >= 1
    );

    h.get_by_role_and_label(Role::Button, "View").click();
    h.run();
    h.get_by_label("Notes (dated items with no place)").click();
    h.run();
    assert!(h.state().settings.notes_shown);
    h.get_all_by_label_contains("secondary tariffs")
        .next()
        .unwrap();
    let notes = h.state().data.notes.len();
    assert!(notes >= 2);
    // Each note's date is a link that moves the timeline to it.
    let before = h.state().timeline().cursor;
    h.get_all_by_label_contains("Sun 30 Mar 2025")
        .next()
        .unwrap()
        .click();
    h.run();
    assert_ne!(h.state().timeline().cursor, before);
}

#[test]
fn clicking_a_traveller_in_the_air_opens_the_flight() {
    let mut h = harness();
    let target = chrono::DateTime::parse_from_rfc3339("2025-04-11T02:00:00Z")
        .unwrap()
        .with_timezone(&chrono::Utc);
    let ctx = h.ctx.clone();
    h.state_mut().apply(
        travelmap::ui::Action::Time(travelmap::timeline::TimeCommand::SetCursor(target)),
        &ctx,
    );
    h.run();
    h.get_by_label("Steve Witkoff in flight: Fort Lauderdale → St Petersburg")
        .click();
    h.run();
    let leg = h.state().selected_leg.expect("the flight is selected");
    assert_eq!(h.state().drawn.in_flight[0].0, leg);
    h.get_by_label_contains("Flight: Fort Lauderdale → St Petersburg");
}
