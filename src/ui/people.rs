//! The people panel (View ▸ People, Ctrl+P): the people as a network, a line for each pair that met
//! (solid) or was in one city at the same time (dashed), as wide as how often.
//!
//! Clicking a person highlights them across the app (map, timeline, network); clicking a line lists
//! that pair's meetings and co-presences, each of which moves the timeline there and opens its city.
//! The layout is worked out once per dataset ([`crate::network::layout`]); a frame only draws it, and
//! with many people draws the strongest links (and all of the highlighted person's), so a frame at
//! 200 people stays within a couple of milliseconds. Node positions and the chosen pair are view state,
//! like the map's memory: the panel changes them itself; everything else goes out as [`Action`]s.

use egui::{Align2, FontId, Id, Pos2, Rect, Role, Sense, Shape, Stroke, Ui, Vec2};
use egui::{RichText, WidgetInfo};

use super::Action;
use crate::data::{Cities, Dataset, PersonIdx};
use crate::encounters::Encounters;
use crate::network::{EdgeIdx, LayoutPoint, PairEdge, PeopleGraph, layout};
use crate::style;
use crate::timeline::TimeCommand;

/// With more links than this, only the strongest are drawn (and the highlighted person's).
const MAX_LINKS_DRAWN: usize = 400;
/// With more people than this, only the highlighted person's and their neighbours' names are written.
const MAX_NAMES: usize = 60;
/// A click this close to a line (points) selects it.
const LINK_HIT_PX: f32 = 6.0;
/// Room left around the network for names, in points.
const MARGIN: Vec2 = Vec2::new(110.0, 20.0);

/// What the panel keeps between frames: where each person is drawn, and the pair listed.
#[derive(Clone, Debug, Default)]
pub struct PeopleView {
    /// Per person, in the layout's −1..=1 square; dragging a node moves it.
    pub positions: Vec<LayoutPoint>,
    /// The links, strongest first: the order in which they are drawn when not all are.
    strongest: Vec<EdgeIdx>,
    /// The pair whose meetings are listed.
    pub pair: Option<EdgeIdx>,
    /// Per person, their meetings and co-presences; and everyone, most of them first (the list's
    /// order).
    strength: Vec<usize>,
    order: Vec<PersonIdx>,
}

impl PeopleView {
    /// Lays out `graph` (once: this is the expensive part).
    pub fn new(graph: &PeopleGraph) -> Self {
        let mut strongest: Vec<EdgeIdx> =
            (0..graph.edges.len()).map(|i| EdgeIdx(i as u32)).collect();
        strongest.sort_by_key(|e| {
            (
                std::cmp::Reverse(graph.edge(*e).map_or(0, PairEdge::weight)),
                *e,
            )
        });
        let strength: Vec<usize> = (0..graph.people)
            .map(|i| graph.strength(PersonIdx(i as u32)))
            .collect();
        let mut order: Vec<PersonIdx> = (0..graph.people).map(|i| PersonIdx(i as u32)).collect();
        order.sort_by_key(|p| (std::cmp::Reverse(strength.get(p.index())), *p));
        Self {
            positions: layout(graph),
            strongest,
            pair: None,
            strength,
            order,
        }
    }
}

/// What the panel reads.
pub struct PeopleData<'a> {
    pub data: &'a Dataset,
    pub graph: &'a PeopleGraph,
    pub encounters: &'a Encounters,
    pub cities: &'a Cities,
    /// The person highlighted across the app.
    pub highlighted: Option<PersonIdx>,
    /// The people shown in the swimlanes.
    pub swimlanes: &'a [PersonIdx],
}

/// The panel as a window.
pub fn people_window_ui(
    ctx: &egui::Context,
    view: &mut PeopleView,
    d: &PeopleData<'_>,
    open: &mut bool,
) -> Vec<Action> {
    let mut actions = Vec::new();
    // At first as big as fits: a small window keeps room for the map and the timeline.
    let screen = ctx.content_rect().size();
    egui::Window::new("People")
        .open(open)
        .default_size([
            820.0_f32.min(screen.x * 0.7),
            600.0_f32.min(screen.y * 0.75),
        ])
        .show(ctx, |ui| actions = people_ui(ui, view, d));
    actions
}

/// The panel: a hint line, the list of people beside the network, and the chosen pair's encounters.
pub fn people_ui(ui: &mut Ui, view: &mut PeopleView, d: &PeopleData<'_>) -> Vec<Action> {
    let mut actions = Vec::new();
    ui.horizontal_wrapped(|ui| {
        ui.weak("Solid: meetings; dashed: in the same city at the same time; wider: more often.");
        ui.weak("Click a person to highlight them, a line for its meetings.");
        if let Some(p) = d.highlighted.and_then(|p| d.data.person(p)) {
            ui.label(format!("Highlighted: {}", p.name));
            if ui.small_button("Clear").clicked() {
                actions.push(Action::HighlightPerson(None));
            }
        }
    });
    // Most of the window's height, and at least enough to read a network of a few dozen people.
    let height = (ui.available_height() - 170.0).max(360.0);
    ui.horizontal_top(|ui| {
        ui.vertical(|ui| {
            ui.set_width(190.0);
            ui.set_height(height);
            people_list_ui(ui, view, d, height, &mut actions);
        });
        let size = Vec2::new(ui.available_width().max(200.0), height);
        network_ui(ui, view, d, size, &mut actions);
    });
    ui.separator();
    egui::ScrollArea::vertical()
        .id_salt("pair encounters")
        .auto_shrink([false, true])
        .show(ui, |ui| pair_ui(ui, view, d, &mut actions));
    actions
}

/// Everyone, most connected first: click to highlight, tick to show in the swimlanes.
fn people_list_ui(
    ui: &mut Ui,
    view: &PeopleView,
    d: &PeopleData<'_>,
    height: f32,
    actions: &mut Vec<Action>,
) {
    let order = &view.order;
    ui.weak("Lane: show in the swimlanes");
    let row = ui.spacing().interact_size.y + ui.spacing().item_spacing.y;
    egui::ScrollArea::vertical()
        .id_salt("people list")
        .max_height(height - row)
        .auto_shrink([false, false])
        .show_rows(ui, row, order.len(), |ui, rows| {
            for p in order.get(rows).unwrap_or(&[]) {
                let Some(person) = d.data.person(*p) else {
                    continue;
                };
                ui.horizontal(|ui| {
                    let mut lane = d.swimlanes.contains(p);
                    if ui
                        .checkbox(&mut lane, "")
                        .accessible_name(format!("Show {} in swimlanes", person.name))
                        .on_hover_text("Show in the swimlanes under the timeline")
                        .changed()
                    {
                        actions.push(Action::ToggleSwimlane(*p));
                    }
                    let on = d.highlighted == Some(*p);
                    if ui.selectable_label(on, &person.name).clicked() {
                        actions.push(Action::HighlightPerson((!on).then_some(*p)));
                    }
                });
            }
        });
}

/// Where a layout point is drawn in `rect`.
fn to_screen(rect: Rect, p: LayoutPoint) -> Pos2 {
    let half = (rect.size() / 2.0 - MARGIN).max(Vec2::splat(10.0));
    rect.center() + Vec2::new(p.x * half.x, p.y * half.y)
}

/// A link's width for `count` meetings or co-presences.
fn link_width(count: usize) -> f32 {
    (style::LINK_WIDTH * (count as f32).sqrt()).min(style::LINK_WIDTH_MAX)
}

/// A person's dot radius for their meetings and co-presences.
fn node_radius(strength: usize) -> f32 {
    (4.0 + (strength as f32).sqrt()).min(12.0)
}

/// A link's name: "Steve Witkoff – Vladimir Putin: 7 meetings, 2 co-presences".
pub fn link_label(data: &Dataset, e: &PairEdge) -> String {
    let name = |p: PersonIdx| data.person(p).map_or("?", |p| p.name.as_str());
    let count =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let mut parts = Vec::new();
    if !e.meetings.is_empty() {
        parts.push(count(e.meetings.len(), "meeting", "meetings"));
    }
    if !e.co_presences.is_empty() {
        parts.push(count(e.co_presences.len(), "co-presence", "co-presences"));
    }
    format!("{} – {}: {}", name(e.a), name(e.b), parts.join(", "))
}

/// The links drawn this frame: all of them, or the strongest and those of the highlighted person and
/// of the chosen pair.
fn links_drawn(view: &PeopleView, d: &PeopleData<'_>) -> Vec<EdgeIdx> {
    if view.strongest.len() <= MAX_LINKS_DRAWN {
        return view.strongest.clone();
    }
    let mut links: Vec<EdgeIdx> = view
        .strongest
        .iter()
        .take(MAX_LINKS_DRAWN)
        .copied()
        .collect();
    if let Some(p) = d.highlighted {
        links.extend_from_slice(d.graph.edges_of(p));
    }
    links.extend(view.pair);
    links.sort_unstable();
    links.dedup();
    links
}

/// The network: links under people, each clickable; people draggable.
fn network_ui(
    ui: &mut Ui,
    view: &mut PeopleView,
    d: &PeopleData<'_>,
    size: Vec2,
    actions: &mut Vec<Action>,
) {
    let (rect, canvas) = ui.allocate_exact_size(size, Sense::click());
    canvas.widget_info(|| WidgetInfo::labeled(Role::Image, true, "People network"));
    let painter = ui.painter_at(rect);
    painter.rect_filled(rect, 4.0, ui.visuals().extreme_bg_color);
    let links = links_drawn(view, d);
    painter.extend(link_shapes(rect, view, d, &links));
    links_ui(ui, rect, &canvas, view, d, &links);
    nodes_ui(ui, &painter, rect, view, d, actions);
    if links.len() < d.graph.edges.len() {
        painter.text(
            rect.left_bottom() + Vec2::new(6.0, -4.0),
            Align2::LEFT_BOTTOM,
            format!(
                "The {} strongest of {} links (and the highlighted person's)",
                MAX_LINKS_DRAWN,
                d.graph.edges.len()
            ),
            FontId::proportional(10.5),
            ui.visuals().weak_text_color(),
        );
    }
}

/// The links' lines: solid for meetings, dashed for co-presences only, faded when someone else is
/// highlighted.
fn link_shapes(rect: Rect, view: &PeopleView, d: &PeopleData<'_>, links: &[EdgeIdx]) -> Vec<Shape> {
    let at = |p: PersonIdx| view.positions.get(p.index()).map(|lp| to_screen(rect, *lp));
    let highlighted = d.highlighted;
    let mut shapes = Vec::with_capacity(links.len());
    for e in links {
        let Some(edge) = d.graph.edge(*e) else {
            continue;
        };
        let (Some(a), Some(b)) = (at(edge.a), at(edge.b)) else {
            continue;
        };
        let chosen = view.pair == Some(*e);
        let lit = highlighted.is_none_or(|h| edge.a == h || edge.b == h) || chosen;
        let alpha = if lit {
            1.0
        } else {
            style::NOT_HIGHLIGHTED_ALPHA
        };
        if edge.meetings.is_empty() {
            let stroke = Stroke::new(
                link_width(edge.co_presences.len()),
                style::faded(style::LINK_CO_PRESENCE, alpha),
            );
            let (dash, gap) = style::LINK_DASH;
            shapes.extend(Shape::dashed_line(&[a, b], stroke, dash, gap));
        } else {
            let color = if chosen {
                style::PERSON_HIGHLIGHT
            } else {
                style::faded(style::LINK_MEETING, alpha)
            };
            shapes.push(Shape::line_segment(
                [a, b],
                Stroke::new(link_width(edge.meetings.len()), color),
            ));
        }
    }
    shapes
}

/// Clicks on links choose their pair. Each link answers at its midpoint (what a screen reader or a
/// test clicks); a click elsewhere on a line is found by distance.
fn links_ui(
    ui: &Ui,
    rect: Rect,
    canvas: &egui::Response,
    view: &mut PeopleView,
    d: &PeopleData<'_>,
    links: &[EdgeIdx],
) {
    let positions = &view.positions;
    let at = |p: PersonIdx| positions.get(p.index()).map(|lp| to_screen(rect, *lp));
    let mut chosen = None;
    for e in links {
        let Some(edge) = d.graph.edge(*e) else {
            continue;
        };
        let (Some(a), Some(b)) = (at(edge.a), at(edge.b)) else {
            continue;
        };
        let mid = a + (b - a) / 2.0;
        let hit = ui.interact(
            Rect::from_center_size(mid, Vec2::splat(8.0)),
            Id::unique(("people link", e.0)),
            Sense::click(),
        );
        // Labels are written only when asked for (by a screen reader, or on hover): a frame has
        // hundreds of links.
        hit.widget_info(|| WidgetInfo::labeled(Role::Button, true, link_label(d.data, edge)));
        if hit
            .on_hover_ui(|ui| {
                ui.label(link_label(d.data, edge));
            })
            .clicked()
        {
            chosen = Some(Some(*e));
        }
    }
    if canvas.clicked()
        && let Some(pos) = canvas.interact_pointer_pos()
    {
        let nearest = links
            .iter()
            .filter_map(|e| {
                let edge = d.graph.edge(*e)?;
                let dist = distance_to_segment(pos, at(edge.a)?, at(edge.b)?);
                (dist <= LINK_HIT_PX).then_some((dist, *e))
            })
            .min_by(|x, y| x.0.total_cmp(&y.0));
        chosen = Some(nearest.map(|(_, e)| e));
    }
    if let Some(pair) = chosen {
        view.pair = pair;
    }
}

/// The people: a dot each (larger for more meetings), named, draggable; a click highlights.
fn nodes_ui(
    ui: &Ui,
    painter: &egui::Painter,
    rect: Rect,
    view: &mut PeopleView,
    d: &PeopleData<'_>,
    actions: &mut Vec<Action>,
) {
    let n = d.graph.people.min(view.positions.len());
    let highlighted = d.highlighted;
    let neighbour =
        |p: PersonIdx| highlighted.is_some_and(|h| h == p || d.graph.between(h, p).is_some());
    let font = FontId::proportional(11.5);
    let text = ui.visuals().text_color();
    for i in 0..n {
        let p = PersonIdx(i as u32);
        let Some(person) = d.data.person(p) else {
            continue;
        };
        let Some(pos) = view.positions.get(i).map(|lp| to_screen(rect, *lp)) else {
            continue;
        };
        let strength = view.strength.get(i).copied().unwrap_or(0);
        let r = node_radius(strength);
        let id = Id::unique(("people node", i));
        let hit = ui.interact(
            Rect::from_center_size(pos, Vec2::splat(2.0 * r + 4.0)),
            id,
            Sense::click_and_drag(),
        );
        let people = d.graph.edges_of(p).len();
        let label = || {
            format!(
                "{}: {strength} meetings or co-presences with {people} people",
                person.name
            )
        };
        hit.widget_info(|| WidgetInfo::labeled(Role::Button, true, label()));
        if hit.dragged() {
            let half = (rect.size() / 2.0 - MARGIN).max(Vec2::splat(10.0));
            let delta = hit.drag_delta();
            if let Some(lp) = view.positions.get_mut(i) {
                lp.x = (lp.x + delta.x / half.x).clamp(-1.2, 1.2);
                lp.y = (lp.y + delta.y / half.y).clamp(-1.2, 1.2);
            }
        }
        let lit = highlighted.is_none() || neighbour(p);
        let color = if highlighted == Some(p) {
            style::PERSON_HIGHLIGHT
        } else if lit {
            style::PERSON_NODE
        } else {
            style::faded(style::PERSON_NODE, style::NOT_HIGHLIGHTED_ALPHA)
        };
        painter.circle_filled(pos, r, color);
        if hit.hovered() || highlighted == Some(p) {
            painter.circle_stroke(pos, r + 2.0, Stroke::new(2.0, style::PERSON_HIGHLIGHT));
        }
        let named = n <= MAX_NAMES || neighbour(p) || hit.hovered();
        if named {
            let color = if lit {
                text
            } else {
                style::faded(text, style::NOT_HIGHLIGHTED_ALPHA + 0.2)
            };
            // On the outer side of the dot, so names at the edges stay inside; over a halo, so they
            // read across the links.
            let (anchor, dx) = if pos.x >= rect.center().x {
                (Align2::LEFT_CENTER, r + 3.0)
            } else {
                (Align2::RIGHT_CENTER, -(r + 3.0))
            };
            let galley = painter.layout_no_wrap(person.name.clone(), font.clone(), color);
            let name = anchor.anchor_size(pos + Vec2::new(dx, 0.0), galley.size());
            painter.rect_filled(name.expand(1.0), 2.0, style::LABEL_HALO);
            painter.galley(name.min, galley, color);
        }
        let hit = hit.on_hover_ui(|ui| {
            ui.label(label());
        });
        if hit.clicked() {
            actions.push(Action::HighlightPerson(
                (highlighted != Some(p)).then_some(p),
            ));
        }
    }
}

fn distance_to_segment(p: Pos2, a: Pos2, b: Pos2) -> f32 {
    let ab = b - a;
    let t = ((p - a).dot(ab) / ab.length_sq().max(1e-6)).clamp(0.0, 1.0);
    p.distance(a + ab * t)
}

/// The chosen pair's meetings and co-presences, oldest first: date, place, what, sources. Clicking one
/// moves the timeline to it and opens its city.
fn pair_ui(ui: &mut Ui, view: &PeopleView, d: &PeopleData<'_>, actions: &mut Vec<Action>) {
    let Some(edge) = view.pair.and_then(|e| d.graph.edge(e)) else {
        ui.weak("Click a line between two people to list their meetings.");
        return;
    };
    ui.strong(link_label(d.data, edge));
    let sources = |list: &[crate::data::SourceIdx]| {
        list.iter()
            .filter_map(|s| d.data.source(*s))
            .map(|s| s.publisher.as_deref().unwrap_or(&s.title))
            .collect::<Vec<_>>()
            .join("; ")
    };
    for m in &edge.meetings {
        let Some(meeting) = d.data.meetings.get(m.index()) else {
            continue;
        };
        let (city, tz) = d
            .data
            .place(meeting.place)
            .map_or(("?", chrono_tz::UTC), |p| (p.city.as_str(), p.tz));
        let text = format!(
            "{}, {city}: {}",
            meeting.start.display_in(tz),
            meeting.topic
        );
        ui.horizontal_wrapped(|ui| {
            ui.colored_label(style::TICK_MEETING, "●");
            if ui
                .link(text)
                .on_hover_text("Move the timeline to this meeting")
                .clicked()
            {
                actions.push(Action::FocusMeeting(*m));
            }
            ui.weak(RichText::new(format!("Sources: {}", sources(&meeting.sources))).small());
        });
    }
    for e in &edge.co_presences {
        let Some(enc) = d.encounters.get(*e) else {
            continue;
        };
        let (city, tz) = d
            .cities
            .get(enc.city)
            .map_or(("?", chrono_tz::UTC), |c| (c.name.as_str(), c.tz));
        let (from, to) = (enc.start.with_timezone(&tz), enc.end.with_timezone(&tz));
        let days = if from.date_naive() == to.date_naive() {
            from.format("%a %-d %b %Y").to_string()
        } else {
            format!("{} – {}", from.format("%-d %b"), to.format("%-d %b %Y"))
        };
        let text = format!("{days}, {city}: in the same city (not a reported meeting)");
        ui.horizontal_wrapped(|ui| {
            ui.colored_label(style::LINK_CO_PRESENCE, "◌");
            if ui
                .link(text)
                .on_hover_text("Move the timeline there")
                .clicked()
            {
                let mid = enc.start + (enc.end - enc.start) / 2;
                actions.push(Action::Time(TimeCommand::SetCursor(mid)));
                actions.push(Action::SelectCity(Some(enc.city)));
            }
            ui.weak(
                RichText::new(format!("Sources: {}", sources(d.encounters.sources(enc)))).small(),
            );
        });
    }
}
