//! Text for pictures, as glyph outlines: the same embedded fonts as the window (egui's Ubuntu Light,
//! then the `DejaVuSans` subset for what it lacks, as `style::fonts` sets them up), so a picture looks the
//! same on every machine.
//!
//! tiny-skia draws no text, and an SVG that names a font depends on the viewer's fonts; so text is
//! turned into paths here with `skrifa` (the font reader egui itself uses), and both outputs fill
//! them. Layout is one line, left to right, advance widths without kerning: labels are short.

use std::sync::LazyLock;

use skrifa::instance::{LocationRef, Size};
use skrifa::outline::{DrawSettings, OutlinePen};
use skrifa::{FontRef, MetadataProvider as _};

use super::draw::{Path, Seg};

/// The fonts, in fallback order, parsed once.
static FONTS: LazyLock<Vec<Vec<u8>>> = LazyLock::new(|| {
    let defs = crate::style::fonts();
    let names = defs
        .families
        .get(&egui::FontFamily::Proportional)
        .cloned()
        .unwrap_or_default();
    names
        .iter()
        .filter_map(|name| defs.font_data.get(name))
        .map(|data| data.font.as_ref().as_ref().to_vec())
        .collect()
});

/// A line of text laid out: its outline (origin at the left end of the baseline) and size.
#[derive(Clone, Debug, Default)]
pub struct Line {
    pub path: Path,
    /// Advance width, in pixels.
    pub width: f32,
    /// Above the baseline, in pixels.
    pub ascent: f32,
    /// Below the baseline, in pixels (positive).
    pub descent: f32,
}

impl Line {
    /// Height from the top of the ascent to the bottom of the descent.
    pub fn height(&self) -> f32 {
        self.ascent + self.descent
    }
}

/// Collects a glyph's outline into a [`Path`], flipping y (fonts are y-up) and moving it to `origin`.
struct Pen<'a> {
    path: &'a mut Path,
    origin: [f32; 2],
}

impl Pen<'_> {
    fn at(&self, x: f32, y: f32) -> [f32; 2] {
        [self.origin[0] + x, self.origin[1] - y]
    }
}

impl OutlinePen for Pen<'_> {
    fn move_to(&mut self, x: f32, y: f32) {
        let p = self.at(x, y);
        self.path.segs.push(Seg::Move(p));
    }
    fn line_to(&mut self, x: f32, y: f32) {
        let p = self.at(x, y);
        self.path.segs.push(Seg::Line(p));
    }
    fn quad_to(&mut self, cx0: f32, cy0: f32, x: f32, y: f32) {
        let (c, p) = (self.at(cx0, cy0), self.at(x, y));
        self.path.segs.push(Seg::Quad(c, p));
    }
    fn curve_to(&mut self, cx0: f32, cy0: f32, cx1: f32, cy1: f32, x: f32, y: f32) {
        let (c0, c1, p) = (self.at(cx0, cy0), self.at(cx1, cy1), self.at(x, y));
        self.path.segs.push(Seg::Cubic(c0, c1, p));
    }
    fn close(&mut self) {
        self.path.segs.push(Seg::Close);
    }
}

/// Lays out `text` at `size_px` (the em, as egui's font sizes are) with its baseline's left end at
/// `origin`.
pub fn line(text: &str, size_px: f32, origin: [f32; 2]) -> Line {
    let fonts: Vec<FontRef<'_>> = FONTS
        .iter()
        .filter_map(|bytes| FontRef::new(bytes).ok())
        .collect();
    let size = Size::new(size_px);
    let location = LocationRef::default();
    let mut out = Line::default();
    if let Some(first) = fonts.first() {
        let m = first.metrics(size, location);
        out.ascent = m.ascent;
        out.descent = -m.descent;
    }
    let mut x = 0.0;
    for ch in text.chars() {
        let found = fonts
            .iter()
            .find_map(|f| f.charmap().map(ch).map(|g| (f, g)))
            .or_else(|| {
                fonts
                    .iter()
                    .find_map(|f| f.charmap().map('?').map(|g| (f, g)))
            });
        let Some((font, glyph)) = found else {
            continue;
        };
        if let Some(outline) = font.outline_glyphs().get(glyph) {
            let mut pen = Pen {
                path: &mut out.path,
                origin: [origin[0] + x, origin[1]],
            };
            // A glyph that fails to draw is left out; the rest of the label still reads.
            let _ = outline.draw(DrawSettings::unhinted(size, location), &mut pen);
        }
        x += font
            .glyph_metrics(size, location)
            .advance_width(glyph)
            .unwrap_or(size_px * 0.5);
    }
    out.width = x;
    out
}

/// The advance width of `text` at `size_px`, without building its outline.
pub fn width(text: &str, size_px: f32) -> f32 {
    let fonts: Vec<FontRef<'_>> = FONTS
        .iter()
        .filter_map(|bytes| FontRef::new(bytes).ok())
        .collect();
    let size = Size::new(size_px);
    let location = LocationRef::default();
    text.chars()
        .map(|ch| {
            fonts
                .iter()
                .find_map(|f| {
                    f.charmap()
                        .map(ch)
                        .and_then(|g| f.glyph_metrics(size, location).advance_width(g))
                })
                .unwrap_or(size_px * 0.5)
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_has_an_outline_and_grows_with_its_length_and_size() {
        let short = line("Moscow", 13.0, [0.0, 20.0]);
        let long = line("Moscow and Anchorage", 13.0, [0.0, 20.0]);
        let big = line("Moscow", 26.0, [0.0, 20.0]);
        assert!(!short.path.segs.is_empty());
        assert!(long.width > short.width * 2.0);
        assert!((big.width / short.width - 2.0).abs() < 0.01);
        assert!((width("Moscow", 13.0) - short.width).abs() < 1e-3);
        assert!(short.ascent > 0.0 && short.descent > 0.0);
    }

    #[test]
    fn letters_the_first_font_lacks_come_from_the_fallback() {
        // Cyrillic is not in Ubuntu Light's default subset but is in DejaVu's.
        let text = line("Москва → Анкоридж", 13.0, [0.0, 20.0]);
        assert!(text.path.segs.len() > 100, "{}", text.path.segs.len());
    }
}
