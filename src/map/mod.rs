//! The map: walkers glue. The offline basemap ([`basemap`]), optional online tiles, the data drawn on top
//! ([`overlay`], from geometry prepared once in [`scene`]), fitting the view to the data, and the
//! attribution walkers leaves to the app.

pub mod basemap;
pub mod overlay;
pub mod route_mesh;
pub mod scene;

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

/// Sets the view so `bounds` fills `size` (with a margin).
pub fn fit(memory: &mut MapMemory, bounds: &GeoBounds, size: Vec2) {
    let padded = bounds.padded(0.15).with_min_span_deg(1.0);
    // Never so far out that the world is shorter than the view: no empty band above the Arctic.
    let min_zoom = (f64::from(size.y) / TILE_SIZE_PX).log2().max(0.0);
    let zoom = geodesy::fit_zoom(&padded, f64::from(size.x), f64::from(size.y), TILE_SIZE_PX)
        .clamp(min_zoom.min(MAX_FIT_ZOOM), MAX_FIT_ZOOM);
    let _ = memory.set_zoom(zoom);
    // Keep the view inside the world vertically.
    let center = padded.mercator_center();
    let world_px = TILE_SIZE_PX * zoom.exp2();
    let half_px = (f64::from(size.y) / 2.0).min(world_px / 2.0);
    let y_px = (1.0 - geodesy::mercator_y(center.y()) / std::f64::consts::PI) / 2.0 * world_px;
    let y_px = y_px.clamp(half_px, world_px - half_px);
    let lat = geodesy::inverse_mercator_y_deg(std::f64::consts::PI * (1.0 - 2.0 * y_px / world_px));
    memory.center_at(geodesy::lat_lon(lat, center.x()));
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
    let mut map = Map::new(None, memory, home).double_click_to_zoom(true);
    if let Some(tiles) = layers.basemap {
        attributions.push(tiles.attribution());
        map = map.with_layer(tiles, 1.0);
    }
    if let Some(tiles) = layers.online {
        attributions.push(tiles.attribution());
        map = map.with_layer(tiles, 1.0);
    }
    // Sea under everything, so zooming out past the world's edge shows water, not a void.
    ui.painter().rect_filled(
        ui.available_rect_before_wrap(),
        0.0,
        basemap::Palette::default().sea,
    );
    let inner = map.show(ui, |ui, response, projector, _memory| {
        overlay::overlay_ui(ui, response, projector, overlay)
    });
    inner
        .response
        .widget_info(|| WidgetInfo::labeled(Role::Image, true, "Map"));
    attribution_ui(ui, inner.response.rect, &attributions);
    inner.inner
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
