//! UI tests of the map as a newcomer meets it: zooming with the wheel and the keys, the legend, and
//! how estimates and day-only times are shown. Headless, like `tests/ui.rs`: widgets are found by their
//! accessible label, and state is read from the app.

#![allow(
    clippy::unwrap_used,
    reason = "test helpers: a failure is a test failure"
)]

use chrono::{DateTime, Utc};
use egui::accesskit::Role;
use egui::{Key, Modifiers, Pos2, Vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use travelmap::app::{Settings, StartOptions, TravelMapApp};
use travelmap::timeline::TimeCommand;
use travelmap::ui::Action;
use walkers::{MercatorProjection, Position, Projection as _};

fn utc(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

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

fn set_cursor(h: &mut Harness<'_, TravelMapApp>, t: DateTime<Utc>) {
    h.state_mut().apply(
        Action::Time(TimeCommand::SetCursor(t)),
        &egui::Context::default(),
    );
    h.run();
}

/// The place shown `offset` points from the map's centre.
fn position_at(app: &TravelMapApp, offset: Vec2) -> Position {
    let zoom = app.memory.zoom();
    let center = MercatorProjection.project(app.memory.detached().unwrap(), zoom);
    MercatorProjection.unproject(
        walkers::Pixels::new(
            center.x() + f64::from(offset.x),
            center.y() + f64::from(offset.y),
        ),
        zoom,
    )
}

fn wheel(h: &Harness<'_, TravelMapApp>, at: Pos2, notches: f32, modifiers: Modifiers) {
    h.event(egui::Event::PointerMoved(at));
    h.event_modifiers(
        egui::Event::MouseWheel {
            unit: egui::MouseWheelUnit::Line,
            delta: Vec2::new(0.0, notches),
            phase: egui::TouchPhase::Move,
            source: egui::MouseWheelSource::Wheel,
            modifiers,
        },
        modifiers,
    );
}

#[test]
fn each_wheel_notch_over_the_map_zooms_one_step_around_the_pointer() {
    let mut h = harness();
    let map = h.get_by_label("Map").rect();
    let offset = Vec2::new(180.0, -90.0);
    let before_zoom = h.state().memory.zoom();
    let before = position_at(h.state(), offset);

    wheel(&h, map.center() + offset, 1.0, Modifiers::NONE);
    h.run();
    let zoom = h.state().memory.zoom();
    assert!(
        (zoom - before_zoom - travelmap::map::ZOOM_PER_NOTCH).abs() < 1e-9,
        "{before_zoom} → {zoom}"
    );
    let after = position_at(h.state(), offset);
    assert!(
        (after.x() - before.x()).abs() < 1e-6 && (after.y() - before.y()).abs() < 1e-6,
        "the place under the pointer stays there: {before:?} → {after:?}"
    );

    // Ctrl+wheel takes the same step, and three notches three steps.
    wheel(&h, map.center() + offset, 3.0, Modifiers::COMMAND);
    h.run();
    let zoom_after = h.state().memory.zoom();
    assert!(
        (zoom_after - zoom - 3.0 * travelmap::map::ZOOM_PER_NOTCH).abs() < 1e-9,
        "{zoom} → {zoom_after}"
    );

    wheel(&h, map.center() + offset, -4.0, Modifiers::NONE);
    h.run();
    assert!((h.state().memory.zoom() - before_zoom).abs() < 1e-9);
}

#[test]
fn the_map_never_zooms_out_past_the_world_filling_it_once() {
    let mut h = harness();
    for _ in 0..12 {
        h.key_press(Key::Minus);
    }
    let map = h.get_by_label("Map").rect();
    wheel(&h, map.center(), -10.0, Modifiers::NONE);
    h.run();
    let min = travelmap::map::min_zoom(map.size());
    assert!(
        (h.state().memory.zoom() - min).abs() < 1e-6,
        "{} vs {min}",
        h.state().memory.zoom()
    );
    assert!(
        256.0 * min.exp2() >= f64::from(map.width()) - 0.5,
        "the world is at least as wide as the view"
    );
}

#[test]
fn shift_equals_typing_plus_zooms_in_once_and_typed_minus_zooms_out() {
    let mut h = harness();
    let zoom = h.state().memory.zoom();
    h.key_press_modifiers(Modifiers::SHIFT, Key::Equals);
    h.event(egui::Event::Text("+".into()));
    h.run();
    assert!(
        (h.state().memory.zoom() - zoom - 1.0).abs() < 1e-9,
        "{zoom} → {}",
        h.state().memory.zoom()
    );
    h.event(egui::Event::Text("-".into()));
    h.run();
    assert!((h.state().memory.zoom() - zoom).abs() < 1e-9);
}

#[test]
fn the_legend_is_shown_at_first_explains_the_marks_and_view_legend_hides_it() {
    let mut h = harness();
    for mark in [
        "Meeting",
        "Note or statement (no place)",
        "Place with meetings in the time shown: bigger with more, counted on its badge",
        "Every flight in the time shown: faint alone, strong on busy routes",
        "Places close together: click to zoom in",
        "Meeting under way at the cursor",
        "Meeting that day, time not reported",
        "Flight with reported times (fainter when older)",
        "Flight, times estimated from its length",
        "Route inferred, not reported",
        "Traveller in the air, with the part flown",
    ] {
        h.get_by_label(mark);
    }
    h.get_by_label_contains("Certainty");
    assert!(h.state().settings.legend_shown.0);

    h.get_by_label("View").click();
    h.run();
    h.get_by_role_and_label(Role::CheckBox, "Legend").click();
    h.run();
    assert!(
        !h.state().settings.legend_shown.0,
        "remembered in the settings"
    );
    assert!(
        h.query_by_label("Flight, times estimated from its length")
            .is_none()
    );
}

#[test]
fn the_leg_with_no_reported_departure_is_drawn_as_an_estimate_and_says_so() {
    let mut h = harness();
    // Its departure tick says why its time is what it is.
    h.get_by_label_contains(
        "leaves Fort Lauderdale for St Petersburg, 10 Apr 2025 (estimated: departure not reported; \
         estimated from the flight's length)",
    );
    set_cursor(&mut h, utc("2025-04-11T02:00:00Z"));
    let app = h.state();
    let [(leg, _)] = app.drawn.in_flight.as_slice() else {
        panic!("{:?}", app.drawn.in_flight)
    };
    assert!(app.drawn.estimated.contains(leg), "drawn dashed");
    assert!(!app.drawn.estimated.is_empty());

    // The traveller's tooltip names the estimate and the disputed origin.
    let leg = &app.data.legs[leg.index()];
    assert_eq!(
        travelmap::map::overlay::estimate_note(leg),
        Some("departure not reported; estimated from the flight's length")
    );
    assert_eq!(
        travelmap::map::overlay::disputes(&app.data, leg),
        ["origin disputed: Miami — Fontanka"]
    );
}

#[test]
fn stepping_onto_the_estimated_departure_says_it_was_estimated() {
    let mut h = harness();
    set_cursor(&mut h, utc("2025-04-10T18:00:00Z"));
    let mut said = false;
    for _ in 0..4 {
        h.key_press_modifiers(Modifiers::COMMAND, Key::ArrowRight);
        h.run();
        said |= h
            .query_by_label(
                "At the cursor: Steve Witkoff leaves Fort Lauderdale for St Petersburg, 10 Apr 2025 \
                 (estimated: departure not reported; estimated from the flight's length)",
            )
            .is_some();
    }
    assert!(said, "one of the next events is the estimated departure");
}

#[test]
fn a_meeting_known_only_to_the_day_is_marked_for_its_day_and_not_ringed() {
    let mut h = harness();
    h.get_by_label_contains("Meeting in Geneva on 23 Nov 2025 (time not reported)");
    set_cursor(&mut h, utc("2025-11-23T10:00:00Z"));
    let app = h.state();
    let geneva = app.scene.cities.find("Geneva").unwrap();
    assert!(
        app.drawn.meeting_day_cities.contains(&geneva),
        "{:?}",
        app.drawn
    );
    assert!(
        !app.drawn.meeting_cities.contains(&geneva),
        "not shown as under way"
    );
}

#[test]
fn the_basemap_names_oceans_and_countries_far_out_and_capitals_closer_in() {
    let mut h = harness();
    for _ in 0..6 {
        h.key_press(Key::Minus);
    }
    h.run();
    let names = &h.state().drawn.place_names;
    assert!(names.contains(&"Atlantic Ocean"), "{names:?}");
    assert!(names.contains(&"Russia"), "{names:?}");
    assert!(!names.contains(&"Ankara"), "no capitals at world zoom");

    // Close in on Turkey: its capital is named; Istanbul, a city of the data, keeps its own label.
    h.state_mut().memory.center_at(walkers::lat_lon(39.5, 32.0));
    let _ = h.state_mut().memory.set_zoom(6.0);
    h.run();
    let names = &h.state().drawn.place_names;
    assert!(names.contains(&"Ankara"), "{names:?}");
}

fn tick_person(h: &mut Harness<'_, TravelMapApp>, name: &str) {
    h.get_by_role_and_label(Role::CheckBox, name).click();
    h.run();
}

#[test]
fn all_of_them_present_lists_only_the_meetings_every_ticked_person_took_part_in() {
    let mut h = harness();
    h.key_press(Key::P);
    h.run();
    tick_person(&mut h, "Steve Witkoff");
    tick_person(&mut h, "Vladimir Putin");
    let meetings = |h: &Harness<'_, TravelMapApp>| {
        let app = h.state();
        app.index
            .events()
            .iter()
            .filter_map(|e| match e.kind {
                travelmap::timeline::EventKind::Meeting(m) => Some(m),
                _ => None,
            })
            .map(|m| app.data.meetings[m.index()].participants.clone())
            .collect::<Vec<_>>()
    };
    let any = meetings(&h);
    h.get_by_role_and_label(Role::CheckBox, "Only meetings with all of them present")
        .click();
    h.run();
    assert!(h.state().settings.all_present, "remembered");
    let all = meetings(&h);
    let app = h.state();
    let id = |name: &str| {
        travelmap::data::PersonIdx(
            app.data.people.iter().position(|p| p.name == name).unwrap() as u32
        )
    };
    let (witkoff, putin) = (id("Steve Witkoff"), id("Vladimir Putin"));
    assert!(
        !all.is_empty() && all.len() < any.len(),
        "{} of {}",
        all.len(),
        any.len()
    );
    assert!(
        all.iter()
            .all(|p| p.contains(&witkoff) && p.contains(&putin))
    );

    // Places with none of their records kept are faded.
    let admitted = app.admitted.as_ref().unwrap();
    let istanbul = app.scene.cities.find("Istanbul").unwrap();
    let moscow = app.scene.cities.find("Moscow").unwrap();
    assert!(
        !admitted[istanbul.0 as usize],
        "no Witkoff–Putin meeting in Istanbul"
    );
    assert!(admitted[moscow.0 as usize]);
}

#[test]
fn play_over_a_chosen_range_stops_at_its_end_and_the_map_names_the_range() {
    let mut h = harness();
    let (from, to) = (utc("2025-04-01T00:00:00Z"), utc("2025-04-20T00:00:00Z"));
    h.state_mut().apply(
        Action::Time(TimeCommand::SetWindow(
            travelmap::timeline::TimeWindow::Range { from, to },
        )),
        &egui::Context::default(),
    );
    h.run();
    let cities = h.state().drawn.range_cities.clone().unwrap();
    let muscat = h.state().scene.cities.find("Muscat").unwrap();
    let anchorage = h.state().scene.cities.find("Anchorage").unwrap();
    assert!(cities.contains(&muscat), "April's places stay strong");
    assert!(!cities.contains(&anchorage), "August's fade");
    h.get_by_label("Play").click();
    h.step();
    let cursor = h.state().timeline().cursor;
    assert!(
        h.state().timeline().playing && cursor >= from && cursor < to,
        "playback starts at the range: {cursor}"
    );
    for _ in 0..400 {
        h.step();
        if !h.state().timeline().playing {
            break;
        }
    }
    assert!(!h.state().timeline().playing);
    assert_eq!(h.state().timeline().cursor, to);
}

#[test]
fn the_wheel_over_the_timeline_zooms_its_axis_not_the_map() {
    let mut h = harness();
    let strip = h.get_by_role_and_label(Role::Slider, "Timeline").rect();
    let at = Pos2::new(strip.center().x, strip.bottom() - 8.0);
    let full = h.state().timeline().visible();
    let zoom_map = h.state().memory.zoom();
    wheel(&h, at, 1.0, Modifiers::NONE);
    h.run();
    let (a, b) = h.state().timeline().visible();
    let share = (b - a).num_seconds() as f64 / (full.1 - full.0).num_seconds() as f64;
    assert!((share - 0.75).abs() < 1e-3, "{share}");
    assert_eq!(h.state().memory.zoom(), zoom_map, "the map stays put");

    // The histogram zooms too.
    let bar = h.get_by_label("Events per period").rect();
    for _ in 0..10 {
        wheel(
            &h,
            Pos2::new(bar.center().x, bar.bottom() - 2.0),
            1.0,
            Modifiers::NONE,
        );
        h.run();
    }
    let (a, b) = h.state().timeline().visible();
    assert!(b - a < chrono::Duration::days(60), "{a} – {b}");
    wheel(&h, at, -40.0, Modifiers::NONE);
    h.run();
    assert_eq!(
        h.state().timeline().visible(),
        full,
        "zoomed all the way out again"
    );
}
