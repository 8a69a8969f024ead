//! `travelmap render`'s pictures: golden images of the bundled data at three moments and two sizes,
//! determinism, SVG, and agreement with the window.
//!
//! After an intended change to how pictures look, update the references with
//! `TRAVELMAP_UPDATE_GOLDEN=1 cargo test --test render` and look at the new `tests/golden/*.png`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "the helpers are part of the tests"
)]

mod support;

use chrono::{DateTime, Utc};
use travelmap::data::Dataset;
use travelmap::render::{Camera, Renderer, Settings, encode_png};

fn utc(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

fn bundled() -> Dataset {
    travelmap::formats::load_bundled(&travelmap::formats::LoadOptions::default())
        .unwrap()
        .data
}

fn sized(width: u32, height: u32) -> Settings {
    Settings {
        width,
        height,
        ..Settings::default()
    }
}

/// Decoded 8-bit RGB pixels of a PNG.
fn decode(bytes: &[u8]) -> (u32, u32, Vec<u8>) {
    let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    buf.truncate(info.buffer_size());
    assert_eq!(info.color_type, png::ColorType::Rgb);
    (info.width, info.height, buf)
}

/// Pixels whose channels differ by more than 24 of 255, as a fraction of all.
fn differing(a: &[u8], b: &[u8]) -> f64 {
    let bad = a
        .chunks_exact(3)
        .zip(b.chunks_exact(3))
        .filter(|(p, q)| p.iter().zip(q.iter()).any(|(x, y)| x.abs_diff(*y) > 24))
        .count();
    bad as f64 / (a.len() / 3) as f64
}

/// The same pixels, compressed as hard as PNG allows: references stay small in the repository.
fn smallest(png_bytes: &[u8]) -> Vec<u8> {
    let (w, h, pixels) = decode(png_bytes);
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, w, h);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::High);
    let mut writer = encoder.write_header().unwrap();
    writer.write_image_data(&pixels).unwrap();
    writer.finish().unwrap();
    out
}

const MOMENTS: [(&str, &str); 3] = [
    ("february", "2025-02-18T10:00:00Z"),
    ("march", "2025-03-12T14:00:00Z"),
    ("august", "2025-08-15T20:00:00Z"),
];

#[test]
fn pictures_of_the_bundled_data_match_their_golden_images() {
    let data = bundled();
    let update = std::env::var_os("TRAVELMAP_UPDATE_GOLDEN").is_some();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let mut failures = Vec::new();
    for (width, height) in [(640, 400), (960, 540)] {
        let renderer = Renderer::new(&data, sized(width, height));
        let camera = renderer.camera();
        for (name, at) in MOMENTS {
            let png = encode_png(&renderer.raster(utc(at), &camera).unwrap()).unwrap();
            let path = dir.join(format!("{name}-{width}x{height}.png"));
            if update {
                std::fs::create_dir_all(&dir).unwrap();
                std::fs::write(&path, smallest(&png)).unwrap();
                continue;
            }
            let golden = std::fs::read(&path).unwrap_or_else(|e| {
                panic!(
                    "{}: {e}; make it with TRAVELMAP_UPDATE_GOLDEN=1 cargo test --test render",
                    path.display()
                )
            });
            let (gw, gh, expected) = decode(&golden);
            let (w, h, got) = decode(&png);
            assert_eq!((gw, gh), (w, h), "{}", path.display());
            let off = differing(&expected, &got);
            if off > 0.002 {
                let new = path.with_extension("new.png");
                std::fs::write(&new, &png).unwrap();
                failures.push(format!(
                    "{}: {:.2} % of pixels differ (wrote {})",
                    path.display(),
                    off * 100.0,
                    new.display()
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn the_same_picture_is_the_same_bytes() {
    let data = bundled();
    let renderer = Renderer::new(&data, sized(320, 200));
    let camera = renderer.camera();
    let at = utc("2025-03-12T14:00:00Z");
    let a = encode_png(&renderer.raster(at, &camera).unwrap()).unwrap();
    let b = encode_png(&renderer.raster(at, &camera).unwrap()).unwrap();
    assert!(a == b, "two renders differ");
}

#[test]
fn a_picture_shows_the_flights_and_cities_of_its_moment() {
    let data = bundled();
    let renderer = Renderer::new(&data, sized(640, 400));
    let camera = renderer.camera();
    let (early, early_placed) = renderer.drawing(utc("2025-01-02T00:00:00Z"), &camera);
    let (late, late_placed) = renderer.drawing(utc("2025-12-31T00:00:00Z"), &camera);
    assert!(
        late_placed.visible.flown.len() > early_placed.visible.flown.len(),
        "more routes flown by the end of the year"
    );
    assert!(late.items.len() > early.items.len());
    assert!(!late_placed.cities.is_empty());
    for (_, at) in &late_placed.cities {
        assert!((0.0..640.0).contains(&at.x) && (0.0..400.0).contains(&at.y));
    }
}

#[test]
fn svg_keeps_the_basemap_as_vector_paths() {
    let data = bundled();
    let renderer = Renderer::new(&data, sized(640, 400));
    let camera = renderer.camera();
    let svg = renderer
        .drawing(utc("2025-03-12T14:00:00Z"), &camera)
        .0
        .svg();
    assert!(svg.starts_with("<svg"));
    assert!(!svg.contains("<image"), "no embedded raster");
    assert!(svg.contains(r#"fill-rule="evenodd""#), "land as a path");
    assert!(svg.matches("<path").count() > 50);
}

#[test]
fn a_picture_places_the_markers_where_the_window_draws_them() {
    let mut h = support::start(
        egui::vec2(1280.0, 800.0),
        travelmap::app::Settings::default(),
        None,
        true,
    );
    let center = travelmap::geodesy::lat_lon(45.0, 10.0);
    h.state_mut().memory.center_at(center);
    let _ = h.state_mut().memory.set_zoom(3.0);
    h.run();
    let window = h.state().drawn.markers.clone();
    assert!(window.len() >= 3, "{window:?}");
    let data = bundled();
    let settings = sized(1280, 800);
    let renderer = Renderer::new(&data, settings);
    let cursor = h.state().settings.timeline.cursor;
    let camera = Camera::new(1280, 800, 3.0, center);
    let (_, placed) = renderer.drawing(cursor, &camera);
    // The window's map is smaller than the picture and centred elsewhere on screen: the same zoom
    // makes every marker the same offset away.
    let (first, at) = window[0];
    let in_picture = |city| {
        placed
            .cities
            .iter()
            .find(|(c, _)| *c == city)
            .map(|(_, p)| *p)
            .unwrap_or_else(|| panic!("{city:?} is in the window but not in the picture"))
    };
    let shift = in_picture(first) - at;
    for (city, at) in &window {
        let off = (in_picture(*city) - *at - shift).length();
        assert!(off < 2.0, "{city:?} is {off} points away");
    }
}

/// The built-in file dialog's name box: the lower of its two text boxes. Types `path` and Enter.
fn type_into_name_box(
    h: &mut egui_kittest::Harness<'_, travelmap::app::TravelMapApp>,
    path: &std::path::Path,
) {
    use egui::accesskit::Role;
    use egui_kittest::kittest::Queryable as _;
    h.query_all_by_role(Role::TextInput)
        .max_by(|a, b| a.rect().top().total_cmp(&b.rect().top()))
        .expect("the file dialog is open")
        .click();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.run();
    h.query_all_by_role(Role::TextInput)
        .max_by(|a, b| a.rect().top().total_cmp(&b.rect().top()))
        .unwrap()
        .type_text(&path.display().to_string());
    h.run();
    h.key_press(egui::Key::Enter);
    h.run();
}

/// Runs frames until the export under way has finished (at most a minute).
fn wait_for_render(h: &mut egui_kittest::Harness<'_, travelmap::app::TravelMapApp>) {
    for _ in 0..3000 {
        h.step();
        if h.state().rendering.is_none() {
            h.run();
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    panic!("the export did not finish");
}

#[test]
fn the_export_dialogs_write_a_picture_and_cancel_an_animation() {
    use egui::accesskit::Role;
    use egui_kittest::kittest::Queryable as _;
    let dir = tempfile::tempdir().unwrap();
    let settings = travelmap::app::Settings {
        builtin_file_dialog: true,
        ..travelmap::app::Settings::default()
    };
    // egui_file's boxes carry no accessible name; travelmap's own widgets are checked elsewhere.
    let mut h = support::start(egui::vec2(1280.0, 800.0), settings, None, false);

    h.get_by_role_and_label(Role::Button, "File").click();
    h.run();
    h.get_by_label_contains("Export picture").click();
    h.run();
    h.get_by_label("Window ×1").click();
    h.get_by_label("List sources").click();
    h.run();
    h.get_by_role_and_label(Role::TextInput, "Title").click();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.get_by_role_and_label(Role::TextInput, "Title")
        .type_text("Talks");
    h.run();
    assert_eq!(h.state().export.as_ref().unwrap().title, "Talks");
    h.get_by_label("Export…").click();
    h.run();
    type_into_name_box(&mut h, &dir.path().join("talks"));
    wait_for_render(&mut h);
    let png = std::fs::read(dir.path().join("talks.png")).expect("the picture is written");
    assert!(png.starts_with(b"\x89PNG"));
    assert!(h.state().error.is_none(), "{:?}", h.state().error);

    // Cancel in the form closes it.
    h.get_by_role_and_label(Role::Button, "File").click();
    h.run();
    h.get_by_label("Export animation…").click();
    h.run();
    h.get_by_label("Cancel").click();
    h.run();
    assert!(h.state().export.is_none());

    // Cancel while it runs stops it.
    h.get_by_role_and_label(Role::Button, "File").click();
    h.run();
    h.get_by_label("Export animation…").click();
    h.run();
    h.get_by_label("Export…").click();
    h.run();
    type_into_name_box(&mut h, &dir.path().join("year.gif"));
    assert!(h.state().rendering.is_some(), "the animation is being made");
    h.get_by_label("Cancel export").click();
    h.run();
    wait_for_render(&mut h);
    assert_eq!(h.state().notice.as_deref(), Some("Export cancelled."));
    assert!(
        !dir.path().join("year.gif").exists(),
        "nothing half-written"
    );
}
