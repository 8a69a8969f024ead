//! The window at the sizes people use, from a small laptop window to a 4K screen at 1.5×: the timeline
//! spans the whole width so every date can be reached, its time readout is on screen, and the selected
//! city stays in view when its details panel opens. Headless (`egui_kittest`).

#![allow(
    clippy::unwrap_used,
    reason = "test helpers: a failure is a test failure"
)]

use egui::accesskit::Role;
use egui::{Pos2, Rect, Vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use travelmap::app::{Settings, StartOptions, TravelMapApp};

/// The sizes the layout must work at.
const SIZES: [Vec2; 3] = [
    Vec2::new(800.0, 500.0),
    Vec2::new(1280.0, 800.0),
    Vec2::new(2560.0, 1440.0),
];

fn harness(size: Vec2) -> Harness<'static, TravelMapApp> {
    let mut h = Harness::builder()
        .with_size(size)
        .with_max_steps(12)
        .build_eframe(|cc| {
            TravelMapApp::with_settings(&cc.egui_ctx, Settings::default(), StartOptions::default())
        });
    h.run();
    h
}

fn screen(size: Vec2) -> Rect {
    Rect::from_min_size(Pos2::ZERO, size)
}

fn assert_on_screen(size: Vec2, what: &str, rect: Rect) {
    assert!(
        screen(size).expand(0.5).contains_rect(rect),
        "{what} at {rect:?} is not inside the {size:?} window"
    );
}

#[test]
fn the_timeline_and_its_readout_fit_every_window_size() {
    for size in SIZES {
        let h = harness(size);
        let strip = h.get_by_role_and_label(Role::Slider, "Timeline").rect();
        assert_on_screen(size, "the timeline", strip);
        assert!(
            strip.width() > size.x * 0.9,
            "at {size:?} the timeline spans the window: {strip:?}"
        );
        let readout = h.get_by_label_contains(" UTC").rect();
        assert_on_screen(size, "the time readout", readout);
        for control in ["End", "Play", "Playback speed", "Time window"] {
            assert_on_screen(size, control, h.get_by_label(control).rect());
        }
    }
}

#[test]
fn the_last_day_of_the_timeline_can_be_clicked_in_a_small_window() {
    let size = SIZES[0];
    let mut h = harness(size);
    let strip = h.get_by_role_and_label(Role::Slider, "Timeline").rect();
    let end = Pos2::new(strip.right() - 7.0, strip.bottom() - 8.0);
    h.drag_at(end);
    h.drop_at(end);
    h.run();
    let tl = h.state().timeline();
    assert!(
        tl.end - tl.cursor < chrono::Duration::days(3),
        "the cursor reached {} (the timeline ends {})",
        tl.cursor,
        tl.end
    );
}

#[test]
fn a_selected_city_stays_in_view_beside_its_details_panel() {
    for size in SIZES {
        let mut h = harness(size);
        h.get_by_role_and_label(Role::Button, "Istanbul").click();
        h.run();
        h.get_by_label("Thu 10 Apr 2025 10:00 +03");
        let map = h.get_by_label("Map").rect();
        let istanbul = h.get_by_role_and_label(Role::Button, "Istanbul").rect();
        assert!(
            map.shrink(8.0).contains(istanbul.center()),
            "at {size:?} Istanbul {istanbul:?} is outside the map {map:?}"
        );
        assert!(
            map.width() > size.x * 0.3,
            "at {size:?} the map keeps room beside the panel: {map:?}"
        );
    }
}

/// Every file under `dir` whose name ends with `ext`.
fn files_under(dir: &std::path::Path, ext: &str, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files_under(&path, ext, out);
        } else if path.extension().is_some_and(|e| e == ext) {
            out.push(path);
        }
    }
}

#[test]
fn every_character_the_app_shows_has_a_glyph() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    // The UI's own strings (the whole source, comments too: stricter, and simpler than parsing
    // literals), the bundled dataset, and the names the gazetteer suggests.
    let mut files = Vec::new();
    files_under(&root.join("src"), "rs", &mut files);
    files_under(&root.join("data"), "json", &mut files);
    let mut text: String = files
        .iter()
        .map(|f| std::fs::read_to_string(f).unwrap())
        .collect();
    let gazetteer = std::fs::read_to_string(root.join("assets/gazetteer/cities.tsv")).unwrap();
    for line in gazetteer.lines() {
        // name, ascii name, country: what the editor's suggestions show.
        text.extend(line.split('\t').take(3).flat_map(str::chars));
    }
    let mut chars: Vec<char> = text.chars().filter(|c| !c.is_control()).collect();
    chars.sort_unstable();
    chars.dedup();
    assert!(chars.contains(&'→') && chars.contains(&'—') && chars.contains(&'é'));

    let h = harness(SIZES[1]);
    for family in [egui::FontFamily::Proportional, egui::FontFamily::Monospace] {
        let font = egui::FontId::new(14.0, family.clone());
        let missing: String = h
            .ctx
            .fonts_mut(|f| chars.iter().filter(|c| !f.has_glyph(&font, **c)).collect());
        assert!(
            missing.is_empty(),
            "{family:?} has no glyph for: {}",
            missing
                .chars()
                .map(|c| format!("{c} U+{:04X}", u32::from(c)))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
}

#[test]
fn with_every_panel_open_a_small_window_keeps_room_for_the_map() {
    let size = SIZES[0];
    let mut h = harness(size);
    h.get_by_role_and_label(Role::Button, "Istanbul").click();
    h.run();
    h.key_press(egui::Key::E);
    h.key_press(egui::Key::P);
    h.run();
    assert!(h.state().settings.editor_shown && h.state().settings.filters_shown);
    let map = h.get_by_label("Map").rect();
    assert!(
        map.width() >= size.x * 0.39,
        "the map keeps room beside three panels: {map:?}"
    );
    let istanbul = h.get_by_role_and_label(Role::Button, "Istanbul").rect();
    assert!(
        map.contains(istanbul.center()),
        "Istanbul {istanbul:?} stays in the map {map:?}"
    );
}
