//! A picture as a list of filled and stroked paths, and its two ways out: a tiny-skia raster (PNG and
//! animation frames) and SVG text.
//!
//! The picture is described once ([`Drawing`]) by `super::picture`; the backends only translate. The
//! basemap is paths too (land, borders, coastlines from [`crate::map::basemap::view_geometry`]), so the
//! SVG keeps it as vectors, and text arrives as glyph outlines ([`super::text`]).

use std::fmt::Write as _;

use egui::Color32;
use tiny_skia::{FillRule, LineCap, LineJoin, Paint, PathBuilder, Pixmap, StrokeDash, Transform};

/// One step of a path, in pixels (y down).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Seg {
    Move([f32; 2]),
    Line([f32; 2]),
    Quad([f32; 2], [f32; 2]),
    Cubic([f32; 2], [f32; 2], [f32; 2]),
    Close,
}

/// A path: any number of sub-paths.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Path {
    pub segs: Vec<Seg>,
}

impl Path {
    /// A polyline through `points`.
    pub fn polyline(points: impl IntoIterator<Item = [f32; 2]>) -> Self {
        let mut path = Self::default();
        path.add_polyline(points);
        path
    }

    /// Adds a sub-path through `points`.
    pub fn add_polyline(&mut self, points: impl IntoIterator<Item = [f32; 2]>) {
        let mut points = points.into_iter();
        if let Some(first) = points.next() {
            self.segs.push(Seg::Move(first));
            self.segs.extend(points.map(Seg::Line));
        }
    }

    /// A circle of `radius` around `c`, from four cubic arcs.
    pub fn circle(c: [f32; 2], radius: f32) -> Self {
        // The control distance that makes a quarter circle from one cubic.
        let k = 0.552_284_8 * radius;
        let [x, y] = c;
        let r = radius;
        Self {
            segs: vec![
                Seg::Move([x + r, y]),
                Seg::Cubic([x + r, y + k], [x + k, y + r], [x, y + r]),
                Seg::Cubic([x - k, y + r], [x - r, y + k], [x - r, y]),
                Seg::Cubic([x - r, y - k], [x - k, y - r], [x, y - r]),
                Seg::Cubic([x + k, y - r], [x + r, y - k], [x + r, y]),
                Seg::Close,
            ],
        }
    }

    /// A rectangle, corners rounded by `radius`.
    pub fn rect(min: [f32; 2], max: [f32; 2], radius: f32) -> Self {
        let r = radius
            .min((max[0] - min[0]) / 2.0)
            .min((max[1] - min[1]) / 2.0);
        let ([x0, y0], [x1, y1]) = (min, max);
        if r <= 0.0 {
            return Self {
                segs: vec![
                    Seg::Move([x0, y0]),
                    Seg::Line([x1, y0]),
                    Seg::Line([x1, y1]),
                    Seg::Line([x0, y1]),
                    Seg::Close,
                ],
            };
        }
        Self {
            segs: vec![
                Seg::Move([x0 + r, y0]),
                Seg::Line([x1 - r, y0]),
                Seg::Quad([x1, y0], [x1, y0 + r]),
                Seg::Line([x1, y1 - r]),
                Seg::Quad([x1, y1], [x1 - r, y1]),
                Seg::Line([x0 + r, y1]),
                Seg::Quad([x0, y1], [x0, y1 - r]),
                Seg::Line([x0, y0 + r]),
                Seg::Quad([x0, y0], [x0 + r, y0]),
                Seg::Close,
            ],
        }
    }
}

/// How a path's outline is drawn.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Line {
    pub color: Color32,
    pub width: f32,
    /// Dash and gap lengths, in pixels; solid when `None`.
    pub dash: Option<(f32, f32)>,
}

/// One thing drawn: a path, filled, stroked, or both (fill first).
#[derive(Clone, Debug, PartialEq)]
pub struct Item {
    pub path: Path,
    pub fill: Option<Color32>,
    pub stroke: Option<Line>,
    /// Filled even-odd (land with lakes as holes) rather than non-zero (glyphs).
    pub even_odd: bool,
}

/// A whole picture: its size in pixels, a background colour, and the items, bottom first.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Drawing {
    pub width: u32,
    pub height: u32,
    pub background: Color32,
    pub items: Vec<Item>,
}

impl Drawing {
    /// Fills `path` with `color`.
    pub fn fill(&mut self, path: Path, color: Color32) {
        self.items.push(Item {
            path,
            fill: Some(color),
            stroke: None,
            even_odd: false,
        });
    }

    /// Strokes `path` `width` pixels wide.
    pub fn stroke(&mut self, path: Path, color: Color32, width: f32, dash: Option<(f32, f32)>) {
        self.items.push(Item {
            path,
            fill: None,
            stroke: Some(Line { color, width, dash }),
            even_odd: false,
        });
    }

    /// Draws into a new raster; `None` when the size is zero or too large for memory.
    pub fn raster(&self) -> Option<Pixmap> {
        let mut pixmap = Pixmap::new(self.width, self.height)?;
        pixmap.fill(skia_color(self.background));
        for item in &self.items {
            draw_item(&mut pixmap, item);
        }
        Some(pixmap)
    }

    /// The picture as an SVG document, every item a `<path>`.
    pub fn svg(&self) -> String {
        let mut out = String::with_capacity(64 * self.items.len() + 256);
        let _ = writeln!(
            out,
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}">"#,
            w = self.width,
            h = self.height
        );
        let _ = writeln!(
            out,
            r#"<rect width="100%" height="100%" fill="{}"/>"#,
            svg_color(self.background).0
        );
        for item in &self.items {
            svg_item(&mut out, item);
        }
        out.push_str("</svg>\n");
        out
    }
}

fn skia_color(color: Color32) -> tiny_skia::Color {
    let [r, g, b, a] = color.to_srgba_unmultiplied();
    tiny_skia::Color::from_rgba8(r, g, b, a)
}

fn skia_path(path: &Path) -> Option<tiny_skia::Path> {
    let mut b = PathBuilder::new();
    for seg in &path.segs {
        match *seg {
            Seg::Move([x, y]) => b.move_to(x, y),
            Seg::Line([x, y]) => b.line_to(x, y),
            Seg::Quad([cx, cy], [x, y]) => b.quad_to(cx, cy, x, y),
            Seg::Cubic([ax, ay], [bx, by], [x, y]) => b.cubic_to(ax, ay, bx, by, x, y),
            Seg::Close => b.close(),
        }
    }
    b.finish()
}

fn draw_item(pixmap: &mut Pixmap, item: &Item) {
    let Some(path) = skia_path(&item.path) else {
        return;
    };
    let mut paint = Paint {
        anti_alias: true,
        ..Paint::default()
    };
    if let Some(fill) = item.fill {
        paint.set_color(skia_color(fill));
        let rule = if item.even_odd {
            FillRule::EvenOdd
        } else {
            FillRule::Winding
        };
        pixmap.fill_path(&path, &paint, rule, Transform::identity(), None);
    }
    if let Some(line) = item.stroke {
        paint.set_color(skia_color(line.color));
        let stroke = tiny_skia::Stroke {
            width: line.width,
            line_cap: if line.dash.is_some() {
                LineCap::Butt
            } else {
                LineCap::Round
            },
            line_join: LineJoin::Round,
            dash: line
                .dash
                .and_then(|(on, off)| StrokeDash::new(vec![on, off], 0.0)),
            ..tiny_skia::Stroke::default()
        };
        pixmap.stroke_path(&path, &paint, &stroke, Transform::identity(), None);
    }
}

/// `#rrggbb` and the opacity, as SVG wants them.
fn svg_color(color: Color32) -> (String, f32) {
    let [r, g, b, a] = color.to_srgba_unmultiplied();
    (format!("#{r:02x}{g:02x}{b:02x}"), f32::from(a) / 255.0)
}

fn svg_item(out: &mut String, item: &Item) {
    if item.path.segs.is_empty() {
        return;
    }
    out.push_str("<path d=\"");
    for seg in &item.path.segs {
        let _ = match *seg {
            Seg::Move([x, y]) => write!(out, "M{x:.1} {y:.1}"),
            Seg::Line([x, y]) => write!(out, "L{x:.1} {y:.1}"),
            Seg::Quad([cx, cy], [x, y]) => write!(out, "Q{cx:.2} {cy:.2} {x:.2} {y:.2}"),
            Seg::Cubic([ax, ay], [bx, by], [x, y]) => {
                write!(out, "C{ax:.2} {ay:.2} {bx:.2} {by:.2} {x:.2} {y:.2}")
            }
            Seg::Close => write!(out, "Z"),
        };
    }
    out.push('"');
    match item.fill {
        Some(fill) => {
            let (c, a) = svg_color(fill);
            let _ = write!(out, r#" fill="{c}""#);
            if a < 1.0 {
                let _ = write!(out, r#" fill-opacity="{a:.3}""#);
            }
            if item.even_odd {
                out.push_str(r#" fill-rule="evenodd""#);
            }
        }
        None => out.push_str(r#" fill="none""#),
    }
    if let Some(line) = item.stroke {
        let (c, a) = svg_color(line.color);
        let _ = write!(
            out,
            r#" stroke="{c}" stroke-width="{:.2}" stroke-linejoin="round""#,
            line.width
        );
        if a < 1.0 {
            let _ = write!(out, r#" stroke-opacity="{a:.3}""#);
        }
        match line.dash {
            Some((on, off)) => {
                let _ = write!(out, r#" stroke-dasharray="{on} {off}""#);
            }
            None => out.push_str(r#" stroke-linecap="round""#),
        }
    }
    out.push_str("/>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dot() -> Drawing {
        let mut d = Drawing {
            width: 20,
            height: 10,
            background: Color32::WHITE,
            items: Vec::new(),
        };
        d.fill(Path::circle([5.0, 5.0], 3.0), Color32::from_rgb(200, 0, 0));
        d.stroke(
            Path::polyline([[10.0, 5.0], [19.0, 5.0]]),
            Color32::BLUE,
            2.0,
            Some((3.0, 2.0)),
        );
        d
    }

    #[test]
    fn a_filled_circle_colours_its_centre_and_not_the_corner() {
        let pixmap = dot().raster().unwrap();
        let at = |x, y| pixmap.pixel(x, y).unwrap();
        assert_eq!((at(5, 5).red(), at(5, 5).green()), (200, 0));
        assert_eq!(at(0, 0).red(), 255);
        assert_eq!(at(0, 0).green(), 255);
    }

    #[test]
    fn svg_has_one_path_per_item_with_its_colours_and_dashes() {
        let svg = dot().svg();
        assert_eq!(svg.matches("<path").count(), 2);
        assert!(svg.contains(r##"fill="#c80000""##), "{svg}");
        assert!(svg.contains(r#"stroke-dasharray="3 2""#), "{svg}");
        assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"));
    }
}
