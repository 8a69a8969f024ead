//! Pictures and animations of the map, without a window: `travelmap render`, and File ▸ Export.
//!
//! The map is described once per moment as a [`draw::Drawing`] (paths, filled or stroked) by
//! [`picture`], from the same decision of what is visible as the window ([`crate::map::visible`]), and
//! drawn into a tiny-skia raster (PNG, animation frames) or written as SVG. tiny-skia rather than
//! egui's own offscreen rendering: it needs no GPU or display, is already how the basemap tiles are
//! made, antialiases paths analytically, and is deterministic (same input, same bytes), which golden
//! images need. Text is drawn from the window's own embedded fonts as outlines ([`text`]).
//!
//! This layer sits below the UI and the app: it uses the map's scene and geodesy, never egui widgets.

pub mod anim;
pub mod draw;
pub mod job;
pub mod options;
pub mod picture;
pub mod text;

use chrono::{DateTime, Utc};

use crate::data::{CityIdx, Dataset};
use crate::encounters::Encounters;
use crate::geodesy::Point;
use crate::map::scene::{self, Scene};
use crate::map::visible::Overlay;
use crate::timeline::{RecordFilter, TimeIndex, TimeWindow};

pub use picture::{Camera, Furniture, Placed};

/// What can go wrong making a picture or animation.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error("the picture size {0}×{1} is empty or too large")]
    Size(u32, u32),
    #[error("the dataset has nothing with a time to show")]
    NoTimes,
    #[error("encoding PNG: {0}")]
    Png(#[from] png::EncodingError),
    #[error("encoding GIF: {0}")]
    Gif(String),
    #[error("writing: {0}")]
    Io(#[from] std::io::Error),
    #[error(
        "ffmpeg was not found on PATH, and MP4 and WebM are made with it; \
         write a GIF (-o out.gif) or an APNG (-o out.apng) instead"
    )]
    NoFfmpeg,
    #[error("ffmpeg failed: {0}")]
    Ffmpeg(String),
    #[error("cancelled")]
    Cancelled,
}

/// Where the camera looks.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub enum View {
    /// All the dataset's places, as the window's "fit to data".
    #[default]
    Fit,
    /// A centre and a zoom level (walkers' levels: the world is 256 points wide at 0).
    At { center: Point, zoom: f64 },
}

/// How pictures of a dataset are made: everything but the moment.
#[derive(Clone, Debug, PartialEq)]
pub struct Settings {
    pub width: u32,
    pub height: u32,
    pub view: View,
    pub window: TimeWindow,
    /// What is shown, as the window's record filter has it (people, certainty, kind, ...).
    pub filter: RecordFilter,
    pub selected: Option<CityIdx>,
    pub furniture: Furniture,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            width: 1920,
            height: 1080,
            view: View::Fit,
            window: TimeWindow::Cumulative,
            filter: RecordFilter::default(),
            selected: None,
            furniture: Furniture::default(),
        }
    }
}

/// A dataset made ready for pictures: its scene and time index, built once for any number of frames.
pub struct Renderer<'a> {
    pub data: &'a Dataset,
    pub scene: Scene,
    pub index: TimeIndex,
    admitted: Option<Vec<bool>>,
    encounters: Encounters,
    pub settings: Settings,
}

impl<'a> Renderer<'a> {
    /// Prepares `data` for pictures made with `settings`.
    pub fn new(data: &'a Dataset, settings: Settings) -> Self {
        let scene = Scene::new(data);
        let index = TimeIndex::new(data, &settings.filter);
        let admitted = scene::admitted_cities(data, &scene.cities, &settings.filter);
        // The window rings possible encounters too: a picture shows the same.
        let encounters = Encounters::compute(data, &scene.cities);
        Self {
            data,
            scene,
            index,
            admitted,
            encounters,
            settings,
        }
    }

    /// The time span of what the filter shows.
    pub fn range(&self) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
        self.index.range()
    }

    /// The camera that [`Settings::view`] asks for.
    pub fn camera(&self) -> Camera {
        let (w, h) = (self.settings.width, self.settings.height);
        match self.settings.view {
            View::At { center, zoom } => Camera::new(w, h, zoom, center),
            View::Fit => match self.scene.bounds {
                Some(b) => Camera::fit(w, h, &b),
                None => Camera::new(w, h, 1.0, crate::geodesy::lat_lon(20.0, 0.0)),
            },
        }
    }

    /// The overlay's inputs at `t`, as the window would have them.
    fn overlay(&self, t: DateTime<Utc>) -> Overlay<'_> {
        let start = self.range().map_or(t, |(start, _)| start);
        Overlay {
            data: self.data,
            scene: &self.scene,
            index: &self.index,
            cursor: t,
            window: self.settings.window.interval(start, t),
            selected: self.settings.selected,
            selected_leg: None,
            pulse: 0.0,
            place_names: false,
            admitted: self.admitted.as_deref(),
            encounters: &self.encounters,
            highlighted: None,
            range: matches!(self.settings.window, TimeWindow::Range { .. }),
        }
    }

    /// The picture at `t` through `camera`.
    pub fn drawing(&self, t: DateTime<Utc>, camera: &Camera) -> (draw::Drawing, Placed) {
        picture::picture(&self.overlay(t), camera, &self.settings.furniture)
    }

    /// The picture at `t`, rasterised.
    pub fn raster(
        &self,
        t: DateTime<Utc>,
        camera: &Camera,
    ) -> Result<tiny_skia::Pixmap, RenderError> {
        self.drawing(t, camera)
            .0
            .raster()
            .ok_or(RenderError::Size(camera.width, camera.height))
    }
}

/// Opaque RGB bytes of a raster, row by row (pictures have an opaque background, so alpha is 255).
pub fn rgb(pixmap: &tiny_skia::Pixmap) -> Vec<u8> {
    pixmap
        .data()
        .chunks_exact(4)
        .flat_map(|px| [px[0], px[1], px[2]])
        .collect()
}

/// A raster as PNG bytes: 8-bit RGB, the same bytes for the same raster.
pub fn encode_png(pixmap: &tiny_skia::Pixmap) -> Result<Vec<u8>, RenderError> {
    let mut out = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut out, pixmap.width(), pixmap.height());
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        encoder.set_compression(png::Compression::Fast);
        let mut writer = encoder.write_header()?;
        writer.write_image_data(&rgb(pixmap))?;
        writer.finish()?;
    }
    Ok(out)
}
