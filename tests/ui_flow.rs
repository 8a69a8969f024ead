//! UI tests of the flow layer and the counts at each city, on a generated dataset with far more legs
//! than the map draws one by one: every leg that arrived in the time window is in the layer, and a city
//! (or a cluster of cities) says how many meetings it had in the window, not in all time. The counts
//! the tests expect are worked out here from the data, not from the app's indexes.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test helpers: a failure is a test failure"
)]

#[path = "../benches/support/synthetic.rs"]
mod synthetic;

use chrono::{DateTime, Utc};
use egui::Key;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use travelmap::app::{Settings, TravelMapApp};
use travelmap::data::{CityIdx, Dataset};
use travelmap::timeline::{TimeCommand, TimeWindow};
use travelmap::ui::Action;

/// A generated dataset of `legs` legs and `meetings` meetings over `places` cities.
fn generated(legs: usize, meetings: usize, places: usize) -> Dataset {
    let config = synthetic::Config {
        legs,
        meetings,
        places,
        people: 40,
        ..synthetic::Config::default()
    };
    let text = synthetic::generate_json(&config).unwrap();
    travelmap::data::load_str(&text, "generated.json").unwrap()
}

fn start(data: Dataset) -> Harness<'static, TravelMapApp> {
    let mut h = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .with_max_steps(12)
        .build_eframe(move |cc| {
            TravelMapApp::from_dataset(
                &cc.egui_ctx,
                data.clone(),
                "generated.json".to_owned(),
                Settings::default(),
                false,
            )
        });
    h.run();
    h
}

fn window(h: &Harness<'_, TravelMapApp>) -> (DateTime<Utc>, DateTime<Utc>) {
    h.state().settings.timeline.window_interval()
}

/// The legs whose flight ended in `[from, to]`, counted from the records.
fn legs_arrived(data: &Dataset, (from, to): (DateTime<Utc>, DateTime<Utc>)) -> usize {
    data.legs
        .iter()
        .filter(|l| {
            let (_, arrival) = l.flight_window(data.leg_distance_km(l));
            from <= arrival && arrival <= to
        })
        .count()
}

/// The meetings held in `city` that began in `[from, to]`, counted from the records.
fn meetings_in(
    h: &Harness<'_, TravelMapApp>,
    city: Option<CityIdx>,
    (from, to): (DateTime<Utc>, DateTime<Utc>),
) -> usize {
    let app = h.state();
    app.data
        .meetings
        .iter()
        .filter(|m| city.is_none_or(|c| app.scene.cities.of(m.place) == Some(c)))
        .filter(|m| {
            let begun = m.start.midpoint_utc().min(m.active_window().1);
            from <= begun && begun <= to
        })
        .count()
}

#[test]
fn after_end_every_leg_of_the_window_is_in_the_flow_layer_not_only_the_newest_500() {
    let data = generated(2_000, 2_000, 60);
    let mut h = start(data.clone());
    h.key_press(Key::End);
    h.run();
    let w = window(&h);
    assert_eq!(
        w.1,
        h.state().timeline().end,
        "End moves the cursor to the end"
    );
    let expected = legs_arrived(&data, w);
    assert!(expected > 1_500, "{expected} legs arrived by the end");
    let drawn = &h.state().drawn;
    assert_eq!(drawn.legs_in_layer, expected);
    assert_eq!(drawn.flow.unplaced, 0);
    assert!(drawn.flow.routes > 0 && drawn.flow.routes <= expected);
    assert!(drawn.flown.len() <= travelmap::map::overlay::MAX_CRISP_ROUTES);
    assert_eq!(
        drawn.not_shown, None,
        "nothing is left out, and nothing says so"
    );

    // Back to the middle of the year, then the last 30 days only: the layer follows the window.
    let (start, end) = (h.state().timeline().start, h.state().timeline().end);
    h.state_mut().apply(
        Action::Time(TimeCommand::SetCursor(start + (end - start) / 2)),
        &egui::Context::default(),
    );
    h.run();
    let w = window(&h);
    assert_eq!(h.state().drawn.legs_in_layer, legs_arrived(&data, w));
    h.state_mut().settings.timeline.window = TimeWindow::Last { days: 30 };
    h.run();
    let w = window(&h);
    let last_month = legs_arrived(&data, w);
    assert!(last_month > 0 && last_month < expected / 2, "{last_month}");
    assert_eq!(h.state().drawn.legs_in_layer, last_month);
}

#[test]
fn a_citys_badge_gives_its_meetings_in_the_window_not_of_all_time() {
    let mut h = start(generated(600, 3_000, 40));
    let (start, end) = (h.state().timeline().start, h.state().timeline().end);
    let cursor = start + (end - start) / 3;
    h.state_mut().apply(
        Action::Time(TimeCommand::SetCursor(cursor)),
        &egui::Context::default(),
    );
    h.run();
    let w = window(&h);
    let drawn = h.state().drawn.clone();
    assert!(drawn.clusters == 0 && !drawn.cities.is_empty());
    assert_eq!(drawn.held.len(), drawn.cities.len());
    // The busiest city first; its count is of the window, fewer than all its meetings.
    let (busiest, held) = drawn.held[0];
    let in_window = meetings_in(&h, Some(busiest), w);
    assert_eq!(held.meetings, in_window);
    let all_time = meetings_in(&h, Some(busiest), (start, end));
    assert!(
        0 < in_window && in_window < all_time,
        "{in_window} of {all_time}"
    );
    for (city, held) in &drawn.held {
        assert_eq!(held.meetings, meetings_in(&h, Some(*city), w));
    }
    // Its badge says so.
    let badge = drawn.badges.iter().find(|(c, _)| *c == busiest).unwrap();
    assert_eq!(badge.1, in_window.to_string());
    assert_eq!(
        drawn.badges.len(),
        drawn.held.iter().filter(|(_, h)| h.meetings > 0).count(),
        "a badge on every city with a meeting in the window"
    );
}

#[test]
fn clusters_say_how_many_cities_and_meetings_they_hold() {
    let mut h = start(generated(600, 3_000, 400));
    h.key_press(Key::End);
    h.run();
    let drawn = h.state().drawn.clone();
    assert!(
        drawn.clusters > 0,
        "at the world view 400 cities are clustered"
    );
    let total: usize = drawn
        .cluster_labels
        .iter()
        .map(|label| {
            let meetings = label.split(", ").nth(1).unwrap();
            let n = meetings.split(' ').next().unwrap().replace(',', "");
            n.parse::<usize>().unwrap()
        })
        .sum();
    assert_eq!(total, meetings_in(&h, None, window(&h)));
    assert!(
        drawn.cluster_labels[0].contains(" cities, ")
            || drawn.cluster_labels[0].contains(" city, ")
    );
    assert_eq!(
        h.query_all_by_label_contains(" cities, ").count()
            + h.query_all_by_label_contains(" city, ").count(),
        drawn.clusters,
        "each cluster's accessible name says what it holds"
    );
}
