//! The flow layer ([`super::flow_layer`]) on screen: its pixels as one egui texture, drawn under the
//! routes' meshes and the markers, and when to draw it again for a new view.
//!
//! Key decision: a change of view (pan, zoom, resize) does not redraw the layer at once. Until the view
//! has been still for [`STILL_SECS`] the texture is drawn where the view it was made for now lies on
//! screen: panning moves it for free, and zooming scales it (a little blurred, for a moment). Time keeps
//! moving it meanwhile: legs entering or leaving the window are drawn into it in its own view. Only
//! the changed bands of pixels are uploaded.

use egui::{Color32, ColorImage, Rect, TextureHandle, TextureOptions, Ui, Vec2};
use walkers::Projector;

use super::flow_layer::{FlowLayer, PixelView, Tone, Work};
use super::visible::{Overlay, Visible};
use crate::geodesy;
use crate::style;

/// The layer is drawn again for the current view once it has been this still, in seconds.
pub const STILL_SECS: f64 = 0.15;

/// The flow layer and its texture.
#[derive(Default)]
pub struct FlowTexture {
    layer: FlowLayer,
    texture: Option<TextureHandle>,
    tone: Option<Tone>,
    /// The view seen last frame, and since when (egui's clock).
    seen: Option<(PixelView, f64)>,
}

/// A copy starts empty: the texture belongs to one context.
impl Clone for FlowTexture {
    fn clone(&self) -> Self {
        Self::default()
    }
}

impl std::fmt::Debug for FlowTexture {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FlowTexture")
            .field("view", &self.layer.view())
            .field("legs", &self.layer.legs())
            .finish_non_exhaustive()
    }
}

/// What the flow layer held this frame.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FlowDrawn {
    /// Legs drawn in it: every leg that arrived in the window, less those with a missing place.
    pub legs: usize,
    /// Distinct routes they took.
    pub routes: usize,
    /// Legs in the window not drawn because a place of theirs is missing.
    pub unplaced: usize,
    /// Drawn for an earlier view, scaled and moved to the current one until the view is still.
    pub stale: bool,
    /// What bringing it up to date took.
    pub work: Work,
}

/// The colours of the layer, from the palette.
fn tone() -> Tone {
    let [r, g, b, _] = style::ROUTE.to_array();
    let [sr, sg, sb, _] = style::FLOW_STRONG.to_array();
    Tone::new(
        [r, g, b],
        style::FLOW_FAINT_ALPHA,
        [sr, sg, sb],
        style::FLOW_FULL_LEGS,
    )
}

/// The view `projector` shows, in physical pixels (fewer when the map is larger than a texture may be).
pub fn pixel_view(projector: &Projector, pixels_per_point: f32, max_side: usize) -> PixelView {
    let rect = projector.clip_rect();
    let center = geodesy::web_mercator_unit(projector.unproject(rect.center().to_vec2()));
    let longest = rect.width().max(rect.height()).max(1.0);
    let scale = pixels_per_point.min(max_side as f32 / longest);
    let size = |points: f32| ((points * scale).round() as usize).max(1);
    PixelView::new(
        center,
        projector.zoom(),
        scale,
        size(rect.width()),
        size(rect.height()),
    )
}

impl FlowTexture {
    /// The layer itself, as last drawn.
    pub fn layer(&self) -> &FlowLayer {
        &self.layer
    }

    /// Brings the layer to the window of `v`, uploads what changed and draws it under whatever is
    /// painted after it.
    pub fn show(
        &mut self,
        ui: &Ui,
        projector: &Projector,
        o: &Overlay<'_>,
        v: &Visible,
    ) -> FlowDrawn {
        let ctx = ui.ctx();
        let ppp = ctx.pixels_per_point();
        let max_side = ctx.input(|i| i.max_texture_side).max(64);
        let now_view = pixel_view(projector, ppp, max_side);
        let scale = (now_view.px_per_unit / (super::TILE_SIZE_PX * projector.zoom().exp2())) as f32;
        let now = ui.input(|i| i.time);
        let since = match self.seen {
            Some((seen, since)) if seen.same_as(&now_view) => since,
            _ => now,
        };
        self.seen = Some((now_view, since));
        let arrivals = o
            .index
            .legs_flown_by(chrono::DateTime::<chrono::Utc>::MAX_UTC);
        // Other records (the filter changed): drawn again at once, for the view as it is.
        let new_index = self.layer.source() != Some(o.index.id());
        let still = now - since >= STILL_SECS;
        let view = if self.layer.view().is_none() || still || new_index {
            Some(now_view)
        } else {
            ctx.request_repaint_after(std::time::Duration::from_secs_f64(
                (STILL_SECS - (now - since)).max(0.0),
            ));
            None
        };
        let started = std::time::Instant::now();
        let work = self.layer.update(
            o.scene,
            arrivals,
            o.index.id(),
            v.window_legs.clone(),
            view,
            scale,
        );
        self.upload(ctx);
        if let Work::Rebuilt { routes } = work {
            log::debug!(
                "flow layer drawn again: {} legs, {routes} routes in view, {:.1} ms",
                self.layer.legs(),
                started.elapsed().as_secs_f64() * 1e3
            );
        }
        let Some(layer_view) = self.layer.view().copied() else {
            return FlowDrawn {
                work,
                ..FlowDrawn::default()
            };
        };
        if let Some(texture) = &self.texture {
            let (a, b) = layer_view.unit_rect();
            let origin = projector.clip_rect().min;
            let at = |u: [f64; 2]| {
                let p = now_view.unit_to_px(u);
                origin + Vec2::new(p[0] as f32, p[1] as f32) / scale
            };
            let rect = Rect::from_min_max(at(a), at(b));
            let tint = if o.highlighted.is_some() {
                style::faded(Color32::WHITE, style::NOT_HIGHLIGHTED_ALPHA)
            } else {
                Color32::WHITE
            };
            ui.painter().image(
                texture.id(),
                rect,
                Rect::from_min_max(egui::pos2(0.0, 0.0), egui::pos2(1.0, 1.0)),
                tint,
            );
        }
        FlowDrawn {
            legs: self.layer.legs(),
            routes: self.layer.routes(),
            unplaced: self.layer.unplaced(),
            stale: !layer_view.same_as(&now_view),
            work,
        }
    }

    /// Colours and uploads the pixels changed since the last frame: the whole texture when it is new
    /// or its size changed, else one band of tiles at a time.
    fn upload(&mut self, ctx: &egui::Context) {
        let Some(view) = self.layer.view().copied() else {
            return;
        };
        let tone = self.tone.get_or_insert_with(tone);
        let bands = self.layer.take_dirty();
        let (w, h) = (view.width, view.height);
        let layer = &self.layer;
        let image = |band: [usize; 4]| {
            let pixels = layer.colours(band, tone, |[r, g, b, a]| {
                Color32::from_rgba_premultiplied(r, g, b, a)
            });
            ColorImage::new([band[2], band[3]], pixels)
        };
        let options = TextureOptions::LINEAR;
        match &mut self.texture {
            Some(texture) if texture.size() == [w, h] => {
                for band in bands {
                    if band == [0, 0, w, h] {
                        texture.set(image(band), options);
                    } else {
                        texture.set_partial([band[0], band[1]], image(band), options);
                    }
                }
            }
            _ => {
                self.texture = Some(ctx.load_texture("flow layer", image([0, 0, w, h]), options));
            }
        }
    }
}
