//! Swimlanes under the timeline ("where was X when"): a row per chosen person on the timeline's own
//! time axis, as in Rerun's time panel. Stays are bars coloured by country, legs arrows (inferred ones
//! hatched), meetings dots. Hovering names the place; clicking moves the cursor there and opens the
//! city.
//!
//! The rows use the strip's own time axis (`timeline_bar::Scale`), so a row's instant is exactly under
//! the strip's. A person's row ([`Lane`]) is worked out once per dataset and remembered in egui's
//! memory; a frame only draws it.

use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use egui::{Align2, FontId, Id, Pos2, Rect, Role, Sense, Stroke, Ui, Vec2, WidgetInfo};

use super::Action;
use super::timeline_bar::Scale;
use crate::data::{Cities, Dataset, PersonIdx, PlaceIdx};
use crate::lanes::Lane;
use crate::style;
use crate::timeline::{TimeCommand, TimeIndex, Timeline};

/// The most people shown in the swimlanes.
pub const MAX_LANES: usize = 12;
/// With more items than this in the stretch shown, a row's items are drawn but not each clickable.
const MAX_ITEM_WIDGETS: usize = 300;

/// What the swimlanes read.
pub struct SwimlanesView<'a> {
    pub timeline: &'a Timeline,
    pub index: &'a TimeIndex,
    pub data: &'a Dataset,
    pub cities: &'a Cities,
    /// The people to show, in order.
    pub people: &'a [PersonIdx],
}

/// The rows, with a header to clear them. Nothing is drawn while no one is chosen.
pub fn swimlanes_ui(ui: &mut Ui, view: &SwimlanesView<'_>) -> Vec<Action> {
    let mut actions = Vec::new();
    if view.people.is_empty() {
        return actions;
    }
    ui.horizontal(|ui| {
        ui.weak("Swimlanes: where each was, when");
        if ui
            .small_button("Clear")
            .on_hover_text("Show no swimlanes")
            .clicked()
        {
            actions.push(Action::ClearSwimlanes);
        }
    });
    for &p in view.people.iter().take(MAX_LANES) {
        actions.extend(lane_ui(ui, view, p));
    }
    actions
}

/// One person's row, remembered per dataset (the time index's id changes with the data).
fn lane_of(ui: &Ui, view: &SwimlanesView<'_>, person: PersonIdx) -> Arc<Lane> {
    let id = Id::unique(("swimlane", person.0));
    let key = view.index.id();
    if let Some((k, lane)) = ui.data(|d| d.get_temp::<(u64, Arc<Lane>)>(id))
        && k == key
    {
        return lane;
    }
    let lane = Arc::new(Lane::of(view.data, person));
    ui.data_mut(|d| d.insert_temp(id, (key, lane.clone())));
    lane
}

/// What an item of a row is, for its label and its click.
enum Item {
    Stay {
        place: PlaceIdx,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        recorded: bool,
    },
    Leg {
        to: PlaceIdx,
        from_t: DateTime<Utc>,
        to_t: DateTime<Utc>,
        text: String,
    },
    Meeting(crate::data::MeetingIdx),
}

fn lane_ui(ui: &mut Ui, view: &SwimlanesView<'_>, person: PersonIdx) -> Vec<Action> {
    let mut actions = Vec::new();
    let Some(who) = view.data.person(person) else {
        return actions;
    };
    let (rect, row) = ui.allocate_exact_size(
        Vec2::new(ui.available_width(), style::SWIMLANE_HEIGHT),
        Sense::hover(),
    );
    let name = format!("Swimlane: {}", who.name);
    row.widget_info(|| WidgetInfo::labeled(Role::Row, true, &name));
    let scale = Scale::new(rect, view.timeline, view.index);
    let (start, end) = scale.span();
    let lane = lane_of(ui, view, person);
    let painter = ui.painter_at(rect);
    let visuals = ui.visuals();
    painter.rect_filled(rect, 2.0, visuals.faint_bg_color);
    let mid = rect.center().y;
    let mut items = stays_drawn(&painter, &scale, view.data, &lane, mid);
    items.extend(legs_drawn(&painter, &scale, view.data, &lane, mid));
    for m in lane
        .meetings
        .iter()
        .filter(|m| m.at >= start && m.at <= end)
    {
        let at = Pos2::new(scale.x(m.at), mid);
        painter.circle_filled(at, 3.5, style::TICK_MEETING);
        painter.circle_stroke(at, 3.5, Stroke::new(1.0, visuals.extreme_bg_color));
        items.push((
            Rect::from_center_size(at, Vec2::splat(9.0)),
            Item::Meeting(m.meeting),
        ));
    }
    let cursor_x = scale.x(view.timeline.cursor);
    painter.line_segment(
        [
            Pos2::new(cursor_x, rect.top()),
            Pos2::new(cursor_x, rect.bottom()),
        ],
        Stroke::new(1.5, style::CURSOR),
    );
    let galley = painter.layout_no_wrap(
        who.name.clone(),
        FontId::proportional(11.0),
        visuals.text_color(),
    );
    let name_rect =
        Align2::LEFT_CENTER.anchor_size(Pos2::new(rect.left() + 8.0, mid), galley.size());
    painter.rect_filled(name_rect.expand(2.0), 2.0, style::LABEL_HALO);
    painter.galley(name_rect.min, galley, visuals.text_color());

    if items.len() > MAX_ITEM_WIDGETS {
        row.on_hover_text(format!(
            "{}: {} items here; zoom the timeline in to pick one",
            who.name,
            items.len()
        ));
        return actions;
    }
    for (i, (r, item)) in items.iter().enumerate() {
        let hit = ui.interact(*r, row.id.with(i), Sense::click());
        let label = item_label(view, &who.name, item);
        hit.widget_info(|| WidgetInfo::labeled(Role::Button, true, &label));
        let hit = hit.on_hover_text(&label);
        if hit.clicked() {
            let pointer = hit.interact_pointer_pos().map(|p| scale.time(p.x));
            actions.extend(item_click(view, item, pointer));
        }
    }
    actions
}

/// Draws the stays in the stretch shown: bars coloured by country, lighter where worked out from the
/// legs. Returns them as items.
fn stays_drawn(
    painter: &egui::Painter,
    scale: &Scale<'_>,
    data: &Dataset,
    lane: &Lane,
    mid: f32,
) -> Vec<(Rect, Item)> {
    let (start, end) = scale.span();
    let place = |p: PlaceIdx| data.place(p);
    let mut items = Vec::new();
    for s in lane
        .stays
        .iter()
        .filter(|s| s.end >= start && s.start <= end)
    {
        let (x0, x1) = (scale.x(s.start), scale.x(s.end));
        let bar = Rect::from_x_y_ranges(x0..=x1.max(x0 + 2.0), mid - 5.0..=mid + 5.0);
        let country = place(s.place).map_or("", |p| p.country.as_str());
        let color = style::country_color(country);
        let color = if s.stay.is_some() {
            color
        } else {
            // Worked out from the legs, not recorded: lighter.
            style::faded(color, 0.75)
        };
        painter.rect_filled(bar, 2.0, color);
        items.push((
            bar,
            Item::Stay {
                place: s.place,
                from: s.start,
                to: s.end,
                recorded: s.stay.is_some(),
            },
        ));
    }
    items
}

/// Draws the legs in the stretch shown: arrows, hatched when inferred. Returns them as items.
fn legs_drawn(
    painter: &egui::Painter,
    scale: &Scale<'_>,
    data: &Dataset,
    lane: &Lane,
    mid: f32,
) -> Vec<(Rect, Item)> {
    let (start, end) = scale.span();
    let city_name = |p: PlaceIdx| data.place(p).map_or("?", |p| p.city.as_str());
    let mut items = Vec::new();
    for l in lane
        .legs
        .iter()
        .filter(|l| l.end >= start && l.start <= end)
    {
        let Some(leg) = data.legs.get(l.leg.index()) else {
            continue;
        };
        let (x0, x1) = (scale.x(l.start), scale.x(l.end).max(scale.x(l.start) + 6.0));
        let color = if l.inferred {
            style::faded(style::ROUTE, 0.7)
        } else {
            style::ROUTE
        };
        let body = Rect::from_x_y_ranges(x0..=x1, mid - 3.0..=mid + 3.0);
        if l.inferred {
            // Hatched: slanted strokes across the leg's span.
            let mut x = x0;
            while x < x1 {
                painter.line_segment(
                    [Pos2::new(x, body.bottom()), Pos2::new(x + 3.0, body.top())],
                    Stroke::new(1.0, color),
                );
                x += 3.0;
            }
        } else {
            painter.line_segment(
                [Pos2::new(x0, mid), Pos2::new(x1, mid)],
                Stroke::new(2.0, color),
            );
        }
        painter.add(egui::Shape::convex_polygon(
            vec![
                Pos2::new(x1, mid),
                Pos2::new(x1 - 5.0, mid - 4.0),
                Pos2::new(x1 - 5.0, mid + 4.0),
            ],
            color,
            Stroke::NONE,
        ));
        let text = format!(
            "{} → {}, {}{}",
            city_name(leg.from),
            city_name(leg.to),
            l.start.format("%-d %b %Y"),
            if l.inferred {
                " (inferred between two stays, not reported)"
            } else {
                ""
            }
        );
        items.push((
            body.expand2(Vec2::new(0.0, 3.0)),
            Item::Leg {
                to: leg.to,
                from_t: l.start,
                to_t: l.end,
                text,
            },
        ));
    }
    items
}

/// An item's name: hover text and accessible label.
fn item_label(view: &SwimlanesView<'_>, who: &str, item: &Item) -> String {
    let data = view.data;
    match item {
        Item::Stay {
            place,
            from,
            to,
            recorded,
        } => {
            let (name, tz) = data.place(*place).map_or_else(
                || ("?".to_owned(), chrono_tz::UTC),
                |p| (format!("{}, {}", p.city, p.country), p.tz),
            );
            let (a, b) = (from.with_timezone(&tz), to.with_timezone(&tz));
            let how = if *recorded {
                ""
            } else {
                " (between arrival and next departure)"
            };
            format!(
                "{who} in {name}, {} – {}{how}",
                a.format("%-d %b %H:%M"),
                b.format("%-d %b %Y %H:%M")
            )
        }
        Item::Leg { text, .. } => format!("{who}: {text}"),
        Item::Meeting(m) => match data.meetings.get(m.index()) {
            Some(m) => {
                let (city, tz) = data
                    .place(m.place)
                    .map_or(("?", chrono_tz::UTC), |p| (p.city.as_str(), p.tz));
                format!(
                    "{who}: meeting in {city}, {}: {}",
                    m.start.display_in(tz),
                    m.topic
                )
            }
            None => String::new(),
        },
    }
}

/// Where a click on an item takes the timeline: into a stay or a leg where it was clicked, to a
/// meeting's time; and the place's city opens.
fn item_click(
    view: &SwimlanesView<'_>,
    item: &Item,
    pointer: Option<DateTime<Utc>>,
) -> Vec<Action> {
    let within = |from: DateTime<Utc>, to: DateTime<Utc>| {
        pointer
            .unwrap_or(from + (to - from) / 2)
            .clamp(from, to.max(from))
    };
    let city = |p: PlaceIdx| Action::SelectCity(view.cities.of(p));
    match item {
        Item::Stay {
            place, from, to, ..
        } => vec![
            Action::Time(TimeCommand::SetCursor(within(*from, *to))),
            city(*place),
        ],
        Item::Leg {
            to, from_t, to_t, ..
        } => vec![
            Action::Time(TimeCommand::SetCursor(within(
                *from_t,
                (*to_t).max(*from_t + Duration::seconds(1)),
            ))),
            city(*to),
        ],
        Item::Meeting(m) => vec![Action::FocusMeeting(*m)],
    }
}
