//! UI tests: drive the whole app with `egui_kittest` as a person would (find widgets by their accessible
//! label, click, drag, press keys) and check what it shows and what state it is in. Headless: no
//! display, no GPU, no network (the offline basemap is left out; it has tests of its own).

#![allow(
    clippy::unwrap_used,
    reason = "test helpers: a failure is a test failure"
)]

use chrono::{DateTime, Duration, Utc};
use egui::accesskit::Role;
use egui::{Key, Modifiers, Pos2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use travelmap::app::{Settings, StartOptions, TravelMapApp};

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

/// Where on the timeline strip an instant is (the strip has a 6-point inset each side).
fn strip_x(h: &Harness<'_, TravelMapApp>, t: DateTime<Utc>) -> Pos2 {
    let rect = h.get_by_role_and_label(Role::Slider, "Timeline").rect();
    let tl = h.state().timeline();
    let f = (t - tl.start).num_seconds() as f32 / (tl.end - tl.start).num_seconds() as f32;
    Pos2::new(
        rect.left() + 6.0 + f * (rect.width() - 12.0),
        rect.bottom() - 8.0,
    )
}

fn assert_near(actual: DateTime<Utc>, expected: DateTime<Utc>, tolerance: Duration) {
    assert!(
        (actual - expected).abs() <= tolerance,
        "{actual} is not within {tolerance} of {expected}"
    );
}

#[test]
fn launch_shows_the_seed_cities_on_the_map() {
    let h = harness();
    for city in [
        "Fort Lauderdale",
        "St Petersburg",
        "Moscow",
        "Istanbul",
        "Washington",
    ] {
        h.get_by_role_and_label(Role::Button, city);
    }
    assert_eq!(h.state().data_name, "data/us-russia-2025.json");
    assert!(h.state().error.is_none());
    assert!(
        !h.state().settings.online_tiles,
        "online tiles are off by default"
    );
}

#[test]
fn dragging_the_timeline_to_11_april_shows_the_st_petersburg_leg_and_its_traveller() {
    let mut h = harness();
    let start = strip_x(&h, h.state().timeline().start + Duration::days(10));
    let target = utc("2025-04-11T02:00:00Z");
    let end = strip_x(&h, target);
    h.drag_at(start);
    h.hover_at(Pos2::new((start.x + end.x) / 2.0, end.y));
    h.hover_at(end);
    h.drop_at(end);
    h.run();
    assert_near(h.state().timeline().cursor, target, Duration::hours(6));

    let traveller = h.get_by_label("Steve Witkoff in flight: Fort Lauderdale → St Petersburg");
    let map = h.get_by_label("Map").rect();
    assert!(
        map.contains(traveller.rect().center()),
        "the traveller is on the map"
    );
    let app = h.state();
    let [(leg, fraction)] = app.drawn.in_flight.as_slice() else {
        panic!("one leg in the air, got {:?}", app.drawn.in_flight)
    };
    let leg = &app.data.legs[leg.index()];
    assert_eq!(app.data.places[leg.to.index()].name, "Pulkovo Airport");
    assert!(*fraction > 0.3 && *fraction < 1.0, "{fraction}");
}

#[test]
fn clicking_istanbul_lists_the_10_april_talks_with_darchiev() {
    let mut h = harness();
    h.get_by_role_and_label(Role::Button, "Istanbul").click();
    h.run();
    let talks = h.get_by_label("Thu 10 Apr 2025 10:00 +03");
    assert!(
        h.query_all_by_label_contains("Darchiev").count() >= 2,
        "27 Feb and 10 Apr"
    );
    // Both reported durations are shown, with their sources.
    h.get_by_label_contains("Duration: over five hours —");
    h.get_by_label_contains("Duration: around six hours —");
    // The 27 Feb round is listed first: oldest first.
    let earlier = h.get_by_label("about Thu 27 Feb 2025 10:00 +03");
    assert!(earlier.rect().top() < talks.rect().top());
}

#[test]
fn clicking_moscow_lists_the_february_and_march_meetings_oldest_first() {
    let mut h = harness();
    h.get_by_role_and_label(Role::Button, "Moscow").click();
    h.run();
    let february = h.get_by_label("Tue 11 Feb 2025");
    let march = h.get_by_label("Thu 13 Mar 2025, evening");
    assert!(february.rect().top() < march.rect().top());
    // A day-precision meeting shows no made-up clock time.
    assert!(h.query_by_label_contains("11 Feb 2025 00:00").is_none());
}

#[test]
fn clicking_a_meeting_moves_the_timeline_there() {
    let mut h = harness();
    h.get_by_role_and_label(Role::Button, "St Petersburg")
        .click();
    h.run();
    h.get_by_label("about Fri 11 Apr 2025 17:30 MSK").click();
    h.run();
    assert_eq!(h.state().timeline().cursor, utc("2025-04-11T14:30:00Z"));
    assert!(
        h.state().drawn.meeting_cities.len() == 1,
        "the meeting is under way"
    );
}

#[test]
fn escape_and_the_close_button_close_the_details() {
    let mut h = harness();
    h.get_by_role_and_label(Role::Button, "Moscow").click();
    h.run();
    assert!(h.state().selected.is_some());
    h.key_press(Key::Escape);
    h.run();
    assert!(h.state().selected.is_none());
    assert!(h.query_by_label("Tue 11 Feb 2025").is_none());

    h.get_by_role_and_label(Role::Button, "Moscow").click();
    h.run();
    h.get_by_label("Close details").click();
    h.run();
    assert!(h.state().selected.is_none());
}

#[test]
fn the_local_time_of_the_selected_place_is_shown_beside_utc() {
    let mut h = harness();
    h.get_by_role_and_label(Role::Button, "Istanbul").click();
    h.run();
    h.get_by_label("Thu 10 Apr 2025 10:00 +03").click();
    h.run();
    // The talks began at 10:00 local time, 07:00 UTC.
    h.get_by_label("Thu 10 Apr 2025, 07:00 UTC");
    h.get_by_label("10:00 +03 (Thu 10 Apr) in Istanbul");
}

#[test]
fn clicking_a_tick_moves_the_cursor_to_its_event() {
    let mut h = harness();
    h.get_by_label_contains("Meeting in Anchorage, 15 Aug 2025")
        .click();
    h.run();
    let cursor = h.state().timeline().cursor;
    assert_eq!(
        cursor.format("%Y-%m-%d %H:%M").to_string(),
        "2025-08-15 19:30"
    );
    assert!(h.state().drawn.meeting_cities.len() == 1);
}

#[test]
fn the_people_filter_shows_only_the_chosen_persons_events() {
    let mut h = harness();
    let all = h.state().index.events().len();
    h.key_press(Key::P);
    h.run();
    h.get_by_role_and_label(Role::CheckBox, "Alexander Darchiev")
        .click();
    h.run();
    let events = h.state().index.events().len();
    assert_eq!(events, 2, "two Istanbul meetings, of {all} events");
    assert_eq!(
        h.query_all_by_label_contains("Meeting in Istanbul").count(),
        2
    );
    assert!(h.query_by_label_contains("Meeting in Moscow").is_none());

    h.get_by_label("Show everyone").click();
    h.run();
    assert_eq!(h.state().index.events().len(), all);
}

#[test]
fn arrow_keys_move_the_cursor_by_hours_days_and_events() {
    let mut h = harness();
    let start = h.state().timeline().start;
    h.key_press(Key::ArrowRight);
    h.run();
    assert_eq!(h.state().timeline().cursor - start, Duration::hours(1));
    h.key_press_modifiers(Modifiers::SHIFT, Key::ArrowRight);
    h.run();
    assert_eq!(h.state().timeline().cursor - start, Duration::hours(25));
    h.key_press_modifiers(Modifiers::COMMAND, Key::ArrowRight);
    h.run();
    let first_event = h.state().index.events()[0].at;
    assert_eq!(h.state().timeline().cursor, first_event);
    h.key_press(Key::End);
    h.run();
    assert_eq!(h.state().timeline().cursor, h.state().timeline().end);
    h.key_press(Key::Home);
    h.run();
    assert_eq!(h.state().timeline().cursor, start);
}

#[test]
fn zoom_keys_and_the_view_menu_change_the_map() {
    let mut h = harness();
    let zoom = h.state().memory.zoom();
    h.key_press(Key::Plus);
    h.run();
    assert_eq!(h.state().memory.zoom(), zoom + 1.0);
    h.key_press(Key::Minus);
    h.key_press(Key::Minus);
    h.run();
    // Never further out than the world filling the map once.
    let map = h.get_by_label("Map").rect();
    let min = travelmap::map::min_zoom(map.size());
    assert_eq!(h.state().memory.zoom(), (zoom - 1.0).max(min));
    h.key_press(Key::F);
    h.run();
    assert_eq!(
        h.state().memory.zoom(),
        zoom,
        "fit to data restores the start view"
    );
}

#[test]
fn the_play_button_and_space_start_and_stop_playback() {
    let mut h = harness();
    let start = h.state().timeline().cursor;
    h.get_by_label("Play").click();
    h.run_steps(5);
    assert!(h.state().timeline().playing);
    assert!(
        h.state().timeline().cursor > start,
        "playback moves the cursor"
    );
    h.get_by_label("Pause").click();
    h.run_steps(2);
    assert!(!h.state().timeline().playing);
    let paused_at = h.state().timeline().cursor;
    h.run_steps(3);
    assert_eq!(
        h.state().timeline().cursor,
        paused_at,
        "nothing moves while paused"
    );
    h.key_press(Key::Space);
    h.run_steps(2);
    assert!(h.state().timeline().playing);
    h.key_press(Key::Space);
    h.run_steps(1);
    assert!(!h.state().timeline().playing);
}

#[test]
fn the_speed_menu_lists_human_units_and_sets_the_speed() {
    let mut h = harness();
    h.get_by_label("Playback speed").click();
    h.run();
    h.get_by_label("1 week per second").click();
    h.run();
    assert_eq!(h.state().timeline().speed, 7.0 * 86_400.0);
    h.get_by_label("Playback speed").click();
    h.run();
    h.get_by_label("6 minutes per second");
    h.get_by_label("12 weeks per second");
}

#[test]
fn skip_idle_time_and_loop_are_toggled_by_their_checkboxes() {
    let mut h = harness();
    assert!(h.state().timeline().warp, "on by default");
    h.get_by_role_and_label(Role::CheckBox, "Skip idle time")
        .click();
    h.get_by_role_and_label(Role::CheckBox, "Loop").click();
    h.run();
    assert!(!h.state().timeline().warp);
    assert!(h.state().timeline().looping);
}

#[test]
fn a_moving_window_hides_legs_that_arrived_before_it() {
    let mut h = harness();
    h.key_press(Key::End);
    h.run();
    assert_eq!(h.state().drawn.flown.len(), 5, "every leg by the end");
    h.get_by_label("Time window").click();
    h.run();
    h.get_by_label("Last 30 days").click();
    h.run();
    let flown: Vec<_> = h
        .state()
        .drawn
        .flown
        .iter()
        .map(|l| h.state().data.legs[l.index()].id.clone())
        .collect();
    assert_eq!(
        flown,
        ["vko-washington-1203"],
        "only the 3 December flight home is in the last 30 days of 2025"
    );
}

#[test]
fn shift_dragging_the_timeline_selects_a_range_and_the_map_shows_only_it() {
    let mut h = harness();
    let from = strip_x(&h, utc("2025-04-01T00:00:00Z"));
    let to = strip_x(&h, utc("2025-04-20T00:00:00Z"));
    h.event(egui::Event::PointerMoved(from));
    h.event_modifiers(
        egui::Event::PointerButton {
            pos: from,
            button: egui::PointerButton::Primary,
            pressed: true,
            modifiers: Modifiers::SHIFT,
        },
        Modifiers::SHIFT,
    );
    h.event_modifiers(
        egui::Event::PointerMoved(Pos2::new((from.x + to.x) / 2.0, to.y)),
        Modifiers::SHIFT,
    );
    h.event_modifiers(egui::Event::PointerMoved(to), Modifiers::SHIFT);
    h.event_modifiers(
        egui::Event::PointerButton {
            pos: to,
            button: egui::PointerButton::Primary,
            pressed: false,
            modifiers: Modifiers::SHIFT,
        },
        Modifiers::SHIFT,
    );
    h.run();
    let travelmap::timeline::TimeWindow::Range { from, to } = h.state().timeline().window else {
        panic!("{:?}", h.state().timeline().window)
    };
    assert_near(from, utc("2025-04-01T00:00:00Z"), Duration::hours(12));
    assert_near(to, utc("2025-04-20T00:00:00Z"), Duration::hours(12));
    let app = h.state();
    let cities: Vec<_> = app
        .drawn
        .flown
        .iter()
        .map(|l| {
            app.data.places[app.data.legs[l.index()].to.index()]
                .city
                .as_str()
        })
        .collect();
    assert_eq!(
        cities,
        ["Muscat", "St Petersburg"],
        "only the April legs, newest first"
    );
}

#[test]
fn the_follow_checkbox_keeps_the_traveller_in_view() {
    let mut h = harness();
    h.get_by_role_and_label(Role::CheckBox, "Follow").click();
    h.run();
    h.get_by_role_and_label(Role::Button, "Istanbul").click();
    h.run();
    h.state_mut().apply(
        travelmap::ui::Action::Time(travelmap::timeline::TimeCommand::SetCursor(utc(
            "2025-04-11T02:00:00Z",
        ))),
        &egui::Context::default(),
    );
    h.run();
    let map = h.get_by_label("Map").rect();
    let traveller = h
        .get_by_label("Steve Witkoff in flight: Fort Lauderdale → St Petersburg")
        .rect();
    assert!(
        (traveller.center() - map.center()).length() < 2.0,
        "{traveller:?} centred in {map:?}"
    );
}

#[test]
fn hovering_the_histogram_tells_what_is_there_and_clicking_jumps() {
    let mut h = harness();
    let bar = h.get_by_label("Events per period").rect();
    let x = strip_x(&h, utc("2025-04-11T00:00:00Z")).x;
    h.hover_at(Pos2::new(x, bar.bottom() - 2.0));
    h.run();
    h.get_by_label_contains("Week of");
    h.drag_at(Pos2::new(x, bar.bottom() - 2.0));
    h.drop_at(Pos2::new(x, bar.bottom() - 2.0));
    h.run();
    let cursor = h.state().timeline().cursor;
    assert!(
        cursor >= utc("2025-04-05T00:00:00Z") && cursor <= utc("2025-04-12T00:00:00Z"),
        "{cursor}"
    );
}

#[test]
fn compressing_gaps_keeps_ticks_clickable_on_their_events() {
    let mut h = harness();
    let before = h
        .get_by_label_contains("Meeting in Anchorage, 15 Aug 2025")
        .rect()
        .center()
        .x;
    h.get_by_role_and_label(Role::CheckBox, "Compress gaps")
        .click();
    h.run();
    assert!(h.state().timeline().compress_gaps);
    let tick = h.get_by_label_contains("Meeting in Anchorage, 15 Aug 2025");
    assert!(
        (tick.rect().center().x - before).abs() > 20.0,
        "the axis changed"
    );
    tick.click();
    h.run();
    let cursor = h.state().timeline().cursor;
    assert_eq!(
        cursor.format("%Y-%m-%d %H:%M").to_string(),
        "2025-08-15 19:30"
    );
}

#[test]
fn f12_opens_the_frame_statistics_which_count_the_frames_drawn() {
    let mut h = harness();
    assert!(h.query_by_label("Frames per second").is_none());
    h.key_press(Key::F12);
    h.run();
    h.get_by_label("Frames per second");
    h.get_by_label("UI (CPU)");
    h.get_by_label("not reported by the renderer");
    let before = h.state().stats.summary().frames;
    h.step();
    h.step();
    assert!(
        h.state().stats.summary().frames > before,
        "every frame is measured"
    );
    // The View menu shows the same window's state and closes it.
    h.get_by_label("View").click();
    h.run();
    h.get_by_role_and_label(Role::CheckBox, "Frame statistics (F12)")
        .click();
    h.run();
    assert!(!h.state().stats_shown);
}
