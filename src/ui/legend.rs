//! The legend: every mark travelmap draws, each drawn as the map and the timeline draw it, with what it
//! means. A newcomer should not have to guess whether a dashed line or a square is a fact or a guess.
//!
//! The swatches are painted from the same `style` constants the overlay and the timeline use, so the
//! legend cannot drift from the map. It is shown the first time the app starts; closing it (or
//! View ▸ Legend) is remembered.

use egui::{Align2, Color32, Pos2, Rect, Sense, Shape, Stroke, Ui, Vec2};

use super::Action;
use crate::style;

/// Whether the legend is shown: on the first time, then as the user left it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct Shown(pub bool);

impl Default for Shown {
    fn default() -> Self {
        Self(true)
    }
}

/// Below this map height, in points, the legend starts folded.
const LEGEND_OPEN_MIN_HEIGHT: f32 = 560.0;

/// Size of a swatch, in points.
const SWATCH: Vec2 = Vec2::new(30.0, 16.0);

/// One kind of mark.
#[derive(Clone, Copy, Debug)]
enum Mark {
    Tick(Color32),
    City {
        radius: f32,
        fill: Color32,
    },
    Cluster,
    Ring,
    /// Someone staying at the place at the cursor.
    StayRing,
    DaySquare,
    Selected,
    Route(Option<(f32, f32)>, Color32),
    Traveller,
}

/// Every row of the legend, by section: the mark and what it means.
const SECTIONS: &[(&str, &[(Mark, &str)])] = &[
    (
        "Timeline",
        &[
            (Mark::Tick(style::TICK_MEETING), "Meeting"),
            (Mark::Tick(style::TICK_LEG), "Departure or arrival"),
            (
                Mark::Tick(style::TICK_LEG_ESTIMATED),
                "Departure or arrival, time estimated",
            ),
            (Mark::Tick(style::TICK_NOTE), "Note or statement (no place)"),
            (Mark::Tick(style::TICK_STAY), "A stay begins"),
        ],
    ),
    (
        "Places",
        &[
            (
                Mark::City {
                    radius: 4.0,
                    fill: style::CITY_TRANSIT,
                },
                "Place with arrivals and departures only",
            ),
            (
                Mark::City {
                    radius: 6.5,
                    fill: style::CITY,
                },
                "Place with meetings in the time shown: bigger with more, counted on its badge",
            ),
            (Mark::Cluster, "Places close together: click to zoom in"),
            (Mark::Ring, "Meeting under way at the cursor"),
            (
                Mark::StayRing,
                "Someone staying there at the cursor: bigger with more people",
            ),
            (Mark::DaySquare, "Meeting that day, time not reported"),
            (Mark::Selected, "Selected place"),
        ],
    ),
    (
        "Routes",
        &[
            (
                Mark::Route(None, style::ROUTE),
                "Flight with reported times (fainter when older)",
            ),
            (
                Mark::Route(Some(style::ESTIMATED_DASH), style::ROUTE),
                "Flight, times estimated from its length",
            ),
            (
                Mark::Route(Some(style::INFERRED_DASH), style::ROUTE),
                "Route inferred, not reported",
            ),
            (
                Mark::Route(None, style::FLOW_STRONG),
                "Every flight in the time shown: faint alone, strong on busy routes",
            ),
            (Mark::Route(None, style::SELECTED), "Selected route"),
            (Mark::Traveller, "Traveller in the air, with the part flown"),
        ],
    ),
];

/// How sure a record is, as the place details say it.
const CERTAINTY: &str = "Certainty, in the place details: confirmed (more than one report, or \
official), reported (one report), uncertain (the record itself is in doubt), inferred (worked out \
from stays, not reported).";

/// The legend window, over the bottom-left corner of `map_rect`, while `shown`. Closing it returns
/// [`Action::ToggleLegend`].
pub fn legend_ui(ctx: &egui::Context, map_rect: Rect, shown: bool) -> Option<Action> {
    if !shown {
        return None;
    }
    let mut open = true;
    egui::Window::new("Legend")
        .open(&mut open)
        .collapsible(true)
        // On a small window it starts folded to its title, so it doesn't hide a third of the map.
        .default_open(map_rect.height() >= LEGEND_OPEN_MIN_HEIGHT)
        .resizable(false)
        .pivot(Align2::LEFT_BOTTOM)
        .default_pos(map_rect.left_bottom() + Vec2::new(8.0, -8.0))
        .constrain_to(map_rect)
        .show(ctx, |ui| {
            for (title, rows) in SECTIONS {
                ui.strong(*title);
                for (mark, what) in *rows {
                    ui.horizontal(|ui| {
                        swatch_ui(ui, *mark);
                        ui.label(*what);
                    });
                }
                ui.add_space(4.0);
            }
            ui.set_max_width(320.0);
            ui.add(egui::Label::new(egui::RichText::new(CERTAINTY).small()).wrap());
        });
    (!open).then_some(Action::ToggleLegend)
}

fn swatch_ui(ui: &mut Ui, mark: Mark) {
    let (rect, _) = ui.allocate_exact_size(SWATCH, Sense::hover());
    let painter = ui.painter_at(rect.expand(2.0));
    let c = rect.center();
    let white = Stroke::new(1.5, Color32::WHITE);
    match mark {
        Mark::Tick(color) => {
            let tick = Rect::from_center_size(c, Vec2::new(3.0, rect.height()));
            painter.rect_filled(tick, 1.0, color);
        }
        Mark::City { radius, fill } => {
            painter.circle_filled(c, radius, fill);
            painter.circle_stroke(c, radius, white);
        }
        Mark::Cluster => {
            painter.circle_filled(c, 7.5, style::faded(style::CITY, 0.85));
            painter.circle_stroke(c, 7.5, white);
            painter.text(
                c,
                Align2::CENTER_CENTER,
                "3",
                egui::FontId::proportional(10.0),
                Color32::WHITE,
            );
        }
        Mark::Ring => {
            painter.circle_stroke(c, 7.0, Stroke::new(2.5, style::MEETING_ACTIVE));
            painter.circle_filled(c, 4.0, style::CITY);
        }
        Mark::StayRing => {
            painter.circle_filled(c, 5.5, style::CITY_TRANSIT);
            painter.circle_stroke(c, 8.0, Stroke::new(2.5, style::STAY));
        }
        Mark::DaySquare => {
            let square = Rect::from_center_size(c, Vec2::splat(13.0));
            painter.rect_stroke(
                square,
                1.0,
                Stroke::new(1.5, style::MEETING_DAY),
                egui::StrokeKind::Inside,
            );
            painter.circle_filled(c, 4.0, style::CITY);
        }
        Mark::Selected => {
            painter.circle_filled(c, 5.0, style::CITY);
            painter.circle_stroke(c, 5.0, Stroke::new(3.0, style::SELECTED));
        }
        Mark::Route(dashes, color) => {
            let points = [Pos2::new(rect.left(), c.y), Pos2::new(rect.right(), c.y)];
            let stroke = Stroke::new(style::ROUTE_WIDTH, color);
            match dashes {
                Some((dash, gap)) => {
                    painter.extend(Shape::dashed_line(&points, stroke, dash, gap));
                }
                None => {
                    painter.line_segment(points, stroke);
                }
            }
        }
        Mark::Traveller => {
            let at = Pos2::new(c.x + 4.0, c.y);
            painter.line_segment(
                [Pos2::new(rect.left(), c.y), at],
                Stroke::new(style::ROUTE_WIDTH + 1.0, style::ROUTE_ACTIVE),
            );
            painter.line_segment(
                [at, Pos2::new(rect.right(), c.y)],
                Stroke::new(style::ROUTE_WIDTH, style::faded(style::ROUTE_ACTIVE, 0.5)),
            );
            painter.circle_filled(at, 5.0, style::TRAVELLER);
            painter.circle_stroke(at, 5.0, Stroke::new(2.0, Color32::WHITE));
        }
    }
}
