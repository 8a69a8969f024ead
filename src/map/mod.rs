//! The map: walkers glue. The offline basemap ([`basemap`]), optional online tiles, the data drawn on top
//! ([`overlay`], from geometry prepared once in [`scene`]), fitting the view to the data, and the
//! attribution walkers leaves to the app.
//!
//! Navigation is the app's, not walkers': the wheel zooms around the pointer by [`ZOOM_PER_NOTCH`] per
//! notch, with or without Ctrl, as in every web map, and the view never zooms out past the world filling
//! it once ([`min_zoom`]). Walkers' own wheel handling turns a notch into a speed-dependent zoom or a pan,
//! so it is switched off and only its drag panning is kept.

pub mod basemap;
pub mod city_counts;
pub mod flow_layer;
pub mod flow_texture;
pub mod overlay;
pub mod place_names;
pub mod route_mesh;
pub mod scene;
pub mod visible;

use egui::{Align2, Rect, Role, Ui, Vec2, WidgetInfo};
use walkers::{HttpTiles, Map, MapMemory, MercatorProjection, Projection as _, Tiles as _};

pub use overlay::{Drawn, MapAction, Overlay};

use crate::geodesy::{self, GeoBounds, Point};

/// Walkers' tile size, in points.
pub const TILE_SIZE_PX: f64 = 256.0;
/// Never fit closer than this: a single city should still show its surroundings.
pub const MAX_FIT_ZOOM: f64 = 8.0;
/// Keyboard panning step, in points.
pub const PAN_STEP_PX: f64 = 120.0;
/// Zoom levels per wheel notch, per `+`/`−` press and per double click (the view's scale doubles per level).
pub const ZOOM_PER_NOTCH: f64 = 0.5;
/// The closest zoom: the basemap has no detail beyond it.
pub const MAX_ZOOM: f64 = 19.0;
/// Points of smooth (touchpad) scrolling that count as one wheel notch.
const POINTS_PER_NOTCH: f32 = 50.0;

/// The furthest the view may zoom out: the world fills the view once, in both directions (no small world
/// floating in an empty sea, no band above the Arctic).
pub fn min_zoom(size: Vec2) -> f64 {
    (f64::from(size.x.max(size.y)) / TILE_SIZE_PX)
        .log2()
        .clamp(0.0, MAX_ZOOM)
}

/// Sets the view so `bounds` fills `size` (with a margin).
pub fn fit(memory: &mut MapMemory, bounds: &GeoBounds, size: Vec2) {
    let (zoom, center) = fit_view(bounds, size);
    let _ = memory.set_zoom(zoom);
    memory.center_at(center);
}

/// The zoom and centre at which `bounds` fills a view of `size` points (with a margin), never so far
/// out that the world is smaller than the view, and kept inside the world vertically. The window's
/// "fit" and a picture's `--view fit` both use it.
pub fn fit_view(bounds: &GeoBounds, size: Vec2) -> (f64, Point) {
    let padded = bounds.padded(0.15).with_min_span_deg(1.0);
    let zoom = geodesy::fit_zoom(&padded, f64::from(size.x), f64::from(size.y), TILE_SIZE_PX)
        .clamp(min_zoom(size).min(MAX_FIT_ZOOM), MAX_FIT_ZOOM);
    let center = padded.mercator_center();
    let world_px = TILE_SIZE_PX * zoom.exp2();
    let half_px = (f64::from(size.y) / 2.0).min(world_px / 2.0);
    let y_px = (1.0 - geodesy::mercator_y(center.y()) / std::f64::consts::PI) / 2.0 * world_px;
    let y_px = y_px.clamp(half_px, world_px - half_px);
    let lat = geodesy::inverse_mercator_y_deg(std::f64::consts::PI * (1.0 - 2.0 * y_px / world_px));
    (zoom, geodesy::lat_lon(lat, center.x()))
}

/// Moves the view by `delta` points on screen.
pub fn pan(memory: &mut MapMemory, delta: Vec2, home: Point) {
    let zoom = memory.zoom();
    let center = MercatorProjection.project(memory.detached().unwrap_or(home), zoom);
    let moved = walkers::Pixels::new(
        center.x() + f64::from(delta.x),
        center.y() + f64::from(delta.y),
    );
    memory.center_at(MercatorProjection.unproject(moved, zoom));
}

/// Re-centres the view on `point` when it lies outside the middle of a view of `size` points (inside a
/// margin of `margin_px` each side), as when a panel opening beside the map has covered it. Returns
/// whether the view moved.
pub fn keep_in_view(
    memory: &mut MapMemory,
    point: Point,
    home: Point,
    size: Vec2,
    margin_px: f32,
) -> bool {
    let zoom = memory.zoom();
    let center = MercatorProjection.project(memory.detached().unwrap_or(home), zoom);
    let at = MercatorProjection.project(point, zoom);
    let half_x = (f64::from(size.x) / 2.0 - f64::from(margin_px)).max(0.0);
    let half_y = (f64::from(size.y) / 2.0 - f64::from(margin_px)).max(0.0);
    let outside = (at.x() - center.x()).abs() > half_x || (at.y() - center.y()).abs() > half_y;
    if outside {
        memory.center_at(point);
    }
    outside
}

/// Zooms by `levels` (negative: out), keeping the place `offset` points from the view's centre where it
/// is on screen. The result stays within `min_zoom..=MAX_ZOOM`.
pub fn zoom_around(memory: &mut MapMemory, levels: f64, offset: Vec2, home: Point, min_zoom: f64) {
    let zoom = memory.zoom();
    let target = (zoom + levels).clamp(min_zoom.min(MAX_ZOOM), MAX_ZOOM);
    if (target - zoom).abs() < 1e-9 {
        return;
    }
    let (dx, dy) = (f64::from(offset.x), f64::from(offset.y));
    let center = MercatorProjection.project(memory.detached().unwrap_or(home), zoom);
    let under_pointer =
        MercatorProjection.unproject(walkers::Pixels::new(center.x() + dx, center.y() + dy), zoom);
    if memory.set_zoom(target).is_err() {
        return;
    }
    let moved = MercatorProjection.project(under_pointer, target);
    memory.center_at(
        MercatorProjection.unproject(walkers::Pixels::new(moved.x() - dx, moved.y() - dy), target),
    );
}

/// Wheel notches scrolled this frame, up (away from the user) positive. A mouse reports lines or pages,
/// one per notch; a touchpad reports points, counted in [`POINTS_PER_NOTCH`].
fn wheel_notches(input: &egui::InputState) -> f32 {
    input
        .events
        .iter()
        .map(|e| match e {
            egui::Event::MouseWheel { unit, delta, .. } => {
                let d = delta.y + delta.x;
                match unit {
                    egui::MouseWheelUnit::Point => d / POINTS_PER_NOTCH,
                    egui::MouseWheelUnit::Line | egui::MouseWheelUnit::Page => d,
                }
            }
            _ => 0.0,
        })
        .sum()
}

/// Zoom levels asked for this frame by a pinch (touch screen or touchpad), positive to zoom in.
fn pinch_levels(input: &egui::InputState) -> f32 {
    let from_events: f32 = input
        .events
        .iter()
        .filter_map(|e| match e {
            egui::Event::Zoom(factor) if *factor > 0.0 => Some(factor.log2()),
            _ => None,
        })
        .sum();
    let from_touch = input
        .multi_touch()
        .map_or(0.0, |t| t.zoom_delta.max(f32::EPSILON).log2());
    from_events + from_touch
}

/// Applies the wheel, pinch and double click over the map (`response`) to the view, and swallows the
/// scroll so nothing else moves with it. Returns whether the view changed.
fn navigate(ui: &Ui, response: &egui::Response, memory: &mut MapMemory, home: Point) -> bool {
    if !response.contains_pointer() {
        return false;
    }
    let pointer = ui.input(|i| i.pointer.hover_pos());
    let (notches, pinch) = ui.input(|i| (wheel_notches(i), pinch_levels(i)));
    let mut levels = f64::from(notches) * ZOOM_PER_NOTCH + f64::from(pinch);
    if response.double_clicked() {
        levels += 2.0 * ZOOM_PER_NOTCH;
    }
    ui.ctx().input_mut(|i| i.smooth_scroll_delta = Vec2::ZERO);
    if levels.abs() < 1e-6 {
        return false;
    }
    let offset = pointer.map_or(Vec2::ZERO, |p| p - response.rect.center());
    zoom_around(memory, levels, offset, home, min_zoom(response.rect.size()));
    true
}

/// The map's layers for one frame: the offline basemap, and online tiles over it when enabled (where they
/// are missing, as with no network, the basemap shows through).
pub struct Layers<'a> {
    pub basemap: Option<&'a mut basemap::OfflineTiles>,
    pub online: Option<&'a mut HttpTiles>,
}

/// Shows the map filling `ui`, with the overlay, and returns the overlay's click and what it drew.
pub fn map_ui(
    ui: &mut Ui,
    memory: &mut MapMemory,
    layers: Layers<'_>,
    overlay: &Overlay<'_>,
) -> (Option<MapAction>, Drawn) {
    let home = overlay
        .scene
        .bounds
        .map_or_else(|| Point::new(0.0, 20.0), |b| b.mercator_center());
    let mut attributions = Vec::new();
    let size = ui.available_size();
    if memory.zoom() < min_zoom(size) {
        let _ = memory.set_zoom(min_zoom(size));
    }
    // The wheel, pinch and double click are handled in `navigate`; walkers only drags.
    let mut map = Map::new(None, memory, home)
        .zoom_gesture(false)
        .panning(false)
        .double_click_to_zoom(false);
    if let Some(tiles) = layers.basemap {
        attributions.push(tiles.attribution());
        map = map.with_layer(tiles, 1.0);
    }
    if let Some(tiles) = layers.online {
        attributions.push(tiles.attribution());
        map = map.with_layer(tiles, 1.0);
    }
    // No sea is painted under the tiles: the window is cleared to it ([`sea_clear_color`]), so zooming
    // out past the world's edge shows water, and the software renderer fills one layer fewer.
    let inner = map.show(ui, |ui, response, projector, _memory| {
        overlay::overlay_ui(ui, response, projector, overlay)
    });
    if navigate(ui, &inner.response, memory, home) {
        ui.ctx().request_repaint();
    }
    inner
        .response
        .widget_info(|| WidgetInfo::labeled(Role::Image, true, "Map"));
    attribution_ui(ui, inner.response.rect, &attributions);
    inner.inner
}

/// The colour the window is cleared to before anything is drawn: the sea's, as the map covers most of
/// the window and the basemap's tiles have no sea beyond the world's edge. eframe takes it as
/// gamma-encoded floats.
pub fn sea_clear_color() -> [f32; 4] {
    basemap::Palette::default().sea.to_normalized_gamma_f32()
}

/// Credits every layer in the map's bottom-right corner, with links.
fn attribution_ui(ui: &mut Ui, map_rect: Rect, attributions: &[walkers::sources::Attribution]) {
    let area = egui::Area::new(egui::Id::unique("attribution"))
        .anchor(Align2::RIGHT_BOTTOM, Vec2::new(-4.0, -4.0))
        .constrain_to(map_rect)
        .interactable(true);
    area.show(ui.ctx(), |ui| {
        egui::Frame::new()
            .fill(crate::style::LABEL_HALO)
            .inner_margin(egui::Margin::symmetric(4, 1))
            .corner_radius(3.0)
            .show(ui, |ui| {
                ui.horizontal(|ui| {
                    ui.spacing_mut().item_spacing.x = 4.0;
                    ui.label("Map:");
                    for a in attributions {
                        ui.hyperlink_to(a.text, a.url);
                    }
                });
            });
    });
}
