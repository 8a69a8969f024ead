//! The timeline under the map: playback buttons, the current instant in UTC and local time, and a strip
//! with a tick per event that the user drags or clicks to move through time.
//!
//! The strip draws ticks from the sorted event index: one tick per event while they fit, one bar per
//! pixel column (its height the number of events) when they don't, so a frame costs the strip's width,
//! not the number of events.

use chrono::{DateTime, Datelike as _, Duration, TimeZone as _, Utc};
use chrono_tz::Tz;
use egui::{Align2, Color32, FontId, Id, Pos2, Rect, Role, Sense, Stroke, Ui, Vec2, WidgetInfo};

use super::Action;
use crate::data::Dataset;
use crate::style;
use crate::timeline::{Event, EventKind, TimeCommand, TimeIndex, TimeWindow, Timeline};

/// Above this many events in range, ticks become a per-pixel density bar and lose their own widgets.
const INDIVIDUAL_TICKS: usize = 300;
/// A click this close to a tick (points) lands on it.
const SNAP_PX: f32 = 5.0;
const STRIP_HEIGHT: f32 = 40.0;

/// Playback speeds offered, in simulated seconds per real second, each a round amount of time: six
/// minutes to twelve weeks per second.
pub const SPEEDS: &[f64] = &[
    360.0,
    900.0,
    1_800.0,
    3_600.0,
    3.0 * 3_600.0,
    6.0 * 3_600.0,
    12.0 * 3_600.0,
    86_400.0,
    3.0 * 86_400.0,
    604_800.0,
    2.0 * 604_800.0,
    4.0 * 604_800.0,
    12.0 * 604_800.0,
];

/// A speed in simulated seconds per real second, in plain words: "15 minutes per second", "1 day per
/// second", "2.4 weeks per second".
pub fn human_speed(secs_per_sec: f64) -> String {
    let units = [
        (604_800.0, "week"),
        (86_400.0, "day"),
        (3_600.0, "hour"),
        (60.0, "minute"),
    ];
    let (size, unit) = units
        .iter()
        .find(|(size, _)| secs_per_sec >= *size)
        .copied()
        .unwrap_or((1.0, "second"));
    let n = secs_per_sec / size;
    let number = if (n - n.round()).abs() < 0.05 {
        format!("{n:.0}")
    } else {
        format!("{n:.1}")
    };
    let plural = if number == "1" { "" } else { "s" };
    format!("{number} {unit}{plural} per second")
}

/// What the timeline bar reads.
pub struct TimelineView<'a> {
    pub timeline: &'a Timeline,
    pub index: &'a TimeIndex,
    pub data: &'a Dataset,
    /// The selected city's name and zone, for local time.
    pub local: Option<(&'a str, Tz)>,
    /// Whether the camera follows the traveller.
    pub follow: bool,
    /// The person highlighted in the people panel: their events get a mark under their tick.
    pub highlighted: Option<crate::data::PersonIdx>,
}

/// The bar: controls on top, the strip below.
///
/// The control row wraps onto more lines in a narrow window instead of growing wider than it: the
/// strip below takes the bar's width, so a row wider than the window would push the last months of the
/// timeline (and the time readout) off screen.
pub fn timeline_bar_ui(ui: &mut Ui, view: &TimelineView<'_>) -> Vec<Action> {
    let mut actions = Vec::new();
    ui.add_space(4.0);
    ui.horizontal_wrapped(|ui| {
        controls_ui(ui, view.timeline, &mut actions);
        let mut follow = view.follow;
        if ui
            .checkbox(&mut follow, "Follow")
            .on_hover_text("Keep the traveller in the air in view")
            .changed()
        {
            actions.push(Action::SetFollow(follow));
        }
        ui.separator();
        now_ui(ui, view);
    });
    at_cursor_ui(ui, view);
    ui.add_space(2.0);
    actions.extend(strip_ui(ui, view));
    actions.extend(histogram_ui(ui, view));
    ui.add_space(4.0);
    actions
}

fn icon_button(ui: &mut Ui, icon: &str, name: &str, shortcut: &str) -> bool {
    ui.button(icon)
        .accessible_name(name)
        .on_hover_text(format!("{name} ({shortcut})"))
        .clicked()
}

fn controls_ui(ui: &mut Ui, timeline: &Timeline, actions: &mut Vec<Action>) {
    let mut time = |c| actions.push(Action::Time(c));
    if icon_button(ui, "⏮", "Start", "Home") {
        time(TimeCommand::ToStart);
    }
    if icon_button(ui, "⏪", "Previous event", "Ctrl+←") {
        time(TimeCommand::JumpToEvent { forward: false });
    }
    let (icon, name) = if timeline.playing {
        ("⏸", "Pause")
    } else {
        ("▶", "Play")
    };
    if icon_button(ui, icon, name, "Space") {
        time(TimeCommand::SetPlaying(!timeline.playing));
    }
    if icon_button(ui, "⏩", "Next event", "Ctrl+→") {
        time(TimeCommand::JumpToEvent { forward: true });
    }
    if icon_button(ui, "⏭", "End", "End") {
        time(TimeCommand::ToEnd);
    }
    let combo = egui::ComboBox::from_id_salt("speed")
        .selected_text(human_speed(timeline.speed))
        .height(400.0)
        .show_ui(ui, |ui| {
            for &speed in SPEEDS {
                let text = human_speed(speed);
                if ui
                    .selectable_label((timeline.speed - speed).abs() < 1e-6, text)
                    .clicked()
                {
                    time(TimeCommand::SetSpeed(speed));
                }
            }
        });
    let _ = combo
        .response
        .accessible_name("Playback speed")
        .on_hover_text("Playback speed: simulated time per second");
    let mut warp = timeline.warp;
    if ui
        .checkbox(&mut warp, "Skip idle time")
        .on_hover_text("While playing, pass quickly through stretches where nothing happens, and slowly through events")
        .changed()
    {
        time(TimeCommand::SetWarp(warp));
    }
    let mut compress = timeline.compress_gaps;
    if ui
        .checkbox(&mut compress, "Compress gaps")
        .on_hover_text("Squeeze stretches of ten days or more with nothing happening, marked //")
        .changed()
    {
        time(TimeCommand::SetCompressGaps(compress));
    }
    window_ui(ui, timeline, &mut time);
    let mut looping = timeline.looping;
    if ui
        .checkbox(&mut looping, "Loop")
        .on_hover_text("Start again at the end")
        .changed()
    {
        time(TimeCommand::SetLooping(looping));
    }
}

/// The time window: everything so far, the last days, or a range chosen by Shift-dragging the strip.
fn window_ui(ui: &mut Ui, timeline: &Timeline, time: &mut impl FnMut(TimeCommand)) {
    let name = |w: TimeWindow| match w {
        TimeWindow::Cumulative => "Everything so far".to_owned(),
        TimeWindow::Last { days } => format!("Last {days} days"),
        TimeWindow::Range { from, to } => {
            format!("{} – {}", from.format("%-d %b"), to.format("%-d %b %Y"))
        }
    };
    let combo = egui::ComboBox::from_id_salt("window")
        .width(150.0)
        .selected_text(name(timeline.window))
        .show_ui(ui, |ui| {
            for w in [
                TimeWindow::Cumulative,
                TimeWindow::Last { days: 7 },
                TimeWindow::Last { days: 30 },
                TimeWindow::Last { days: 90 },
            ] {
                if ui.selectable_label(timeline.window == w, name(w)).clicked() {
                    time(TimeCommand::SetWindow(w));
                }
            }
            ui.weak("Shift-drag on the timeline to choose a range");
        });
    let _ = combo
        .response
        .accessible_name("Time window")
        .on_hover_text("Which stretch of time the map shows");
}

/// On an event (after Ctrl+→ or a click on a tick): what it is, estimates included. The line is always
/// there, cut to the width, so the panel keeps its height and the controls above it stay put.
fn at_cursor_ui(ui: &mut Ui, view: &TimelineView<'_>) {
    let t = view.timeline.cursor;
    let text = view
        .index
        .events_in(t, t + Duration::milliseconds(1))
        .first()
        .map(|event| describe_event(view.data, event))
        .unwrap_or_default();
    let label =
        ui.add(egui::Label::new(egui::RichText::new(format!("{text} ")).small()).truncate());
    if !text.is_empty() {
        label.widget_info(|| {
            WidgetInfo::labeled(Role::Label, true, format!("At the cursor: {text}"))
        });
    }
}

/// The cursor's instant in UTC, and in the selected city's local time.
fn now_ui(ui: &mut Ui, view: &TimelineView<'_>) {
    let t = view.timeline.cursor;
    // Kept whole: in a narrow window a readout moves to the next line rather than breaking.
    ui.add(
        egui::Label::new(
            egui::RichText::new(t.format("%a %-d %b %Y, %H:%M UTC").to_string()).strong(),
        )
        .extend(),
    );
    match view.local {
        Some((city, tz)) => {
            let local = format!(
                "{} in {city}",
                t.with_timezone(&tz).format("%H:%M %Z (%a %-d %b)")
            );
            ui.add(egui::Label::new(local).extend());
        }
        None => {
            ui.add(
                egui::Label::new(egui::RichText::new("Select a place for its local time").weak())
                    .extend(),
            );
        }
    }
}

/// Where instants fall on the strip: linear, or with long empty gaps squeezed to [`GAP_PX`] each. The
/// swimlanes under the strip share it, so they line up with it.
pub(crate) struct Scale<'a> {
    rect: Rect,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    /// Gaps shown compressed, in order (empty for a linear axis).
    gaps: &'a [(DateTime<Utc>, DateTime<Utc>)],
}

/// Width of a compressed gap on the strip, in points.
const GAP_PX: f32 = 14.0;

impl<'a> Scale<'a> {
    /// The axis of a strip or row drawn in `rect` (the full width of the timeline panel).
    pub(crate) fn new(rect: Rect, timeline: &Timeline, index: &'a TimeIndex) -> Self {
        let gaps = if timeline.compress_gaps {
            index.gaps()
        } else {
            &[]
        };
        let (start, end) = timeline.visible();
        // Only the gaps wholly inside the stretch shown.
        let first = gaps.partition_point(|(a, _)| *a < start);
        let last = gaps.partition_point(|(_, b)| *b <= end).max(first);
        Self {
            rect: rect.shrink2(Vec2::new(6.0, 0.0)),
            start,
            end: end.max(start + Duration::seconds(1)),
            gaps: gaps.get(first..last).unwrap_or(&[]),
        }
    }

    /// The stretch of time shown.
    pub(crate) fn span(&self) -> (DateTime<Utc>, DateTime<Utc>) {
        (self.start, self.end)
    }

    /// Points per millisecond outside the gaps.
    fn density(&self) -> f64 {
        let gap_ms: i64 = self
            .gaps
            .iter()
            .map(|(a, b)| (*b - *a).num_milliseconds())
            .sum();
        let busy_ms = ((self.end - self.start).num_milliseconds() - gap_ms).max(1) as f64;
        let busy_px = (self.rect.width() - GAP_PX * self.gaps.len() as f32).max(1.0);
        f64::from(busy_px) / busy_ms
    }

    /// Where `t` is, in points (clamped to the stretch shown).
    pub(crate) fn x(&self, t: DateTime<Utc>) -> f32 {
        let t = t.clamp(self.start, self.end);
        let k = self.density();
        let px = |from: DateTime<Utc>, to: DateTime<Utc>| {
            ((to - from).num_milliseconds() as f64 * k) as f32
        };
        let (mut x, mut from) = (self.rect.left(), self.start);
        for (a, b) in self.gaps {
            if t <= *a {
                break;
            }
            x += px(from, *a);
            if t <= *b {
                let f =
                    (t - *a).num_milliseconds() as f32 / (*b - *a).num_milliseconds().max(1) as f32;
                return x + GAP_PX * f;
            }
            x += GAP_PX;
            from = *b;
        }
        x + px(from, t)
    }

    /// The instant at `x`, in points: the inverse of [`Scale::x`].
    pub(crate) fn time(&self, x: f32) -> DateTime<Utc> {
        let k = self.density();
        let ms = |px: f32| Duration::milliseconds((f64::from(px) / k).round() as i64);
        let (mut left, mut from) = (self.rect.left(), self.start);
        for (a, b) in self.gaps {
            let gap_left = left + ((*a - from).num_milliseconds() as f64 * k) as f32;
            if x <= gap_left {
                break;
            }
            if x <= gap_left + GAP_PX {
                let f = f64::from((x - gap_left) / GAP_PX);
                return *a
                    + Duration::milliseconds(((*b - *a).num_milliseconds() as f64 * f) as i64);
            }
            left = gap_left + GAP_PX;
            from = *b;
        }
        (from + ms(x.max(left) - left)).clamp(self.start, self.end)
    }

    /// Draws a break mark (two slanted strokes) over each compressed gap.
    fn breaks_ui(&self, painter: &egui::Painter, top: f32, bottom: f32, color: Color32) {
        for (a, b) in self.gaps {
            let mid = (self.x(*a) + self.x(*b)) / 2.0;
            for dx in [-2.5, 2.5] {
                painter.line_segment(
                    [
                        Pos2::new(mid + dx - 2.0, bottom),
                        Pos2::new(mid + dx + 2.0, top),
                    ],
                    Stroke::new(1.5, color),
                );
            }
        }
    }
}

fn tick_color(data: &Dataset, kind: EventKind) -> Color32 {
    match kind {
        EventKind::Meeting(_) => style::TICK_MEETING,
        EventKind::Departure(l) | EventKind::Arrival(l) => {
            if data
                .legs
                .get(l.index())
                .is_some_and(crate::data::Leg::estimated)
            {
                style::TICK_LEG_ESTIMATED
            } else {
                style::TICK_LEG
            }
        }
        EventKind::Note(_) => style::TICK_NOTE,
        EventKind::Stay(_) => style::TICK_STAY,
    }
}

/// What an event's description adds when its time (`which`: "departure", "arrival") was not reported
/// but estimated.
fn estimated_suffix(estimated: bool, which: &str) -> String {
    if estimated {
        format!(" (estimated: {which} not reported; estimated from the flight's length)")
    } else {
        String::new()
    }
}

/// A person-readable name for an event: tick labels and tooltips.
pub fn describe_event(data: &Dataset, event: &Event) -> String {
    let city = |p: crate::data::PlaceIdx| data.place(p).map_or("?", |p| p.city.as_str());
    let day = event.at.format("%-d %b %Y");
    match event.kind {
        EventKind::Meeting(m) => match data.meetings.get(m.index()) {
            Some(m) if m.start.precision == crate::data::Precision::Day => {
                let tz = data.place(m.place).map_or(chrono_tz::UTC, |p| p.tz);
                let local_day = m.start.start_utc.with_timezone(&tz).format("%-d %b %Y");
                format!(
                    "Meeting in {} on {local_day} (time not reported): {}",
                    city(m.place),
                    m.topic
                )
            }
            Some(m) => format!("Meeting in {}, {day}: {}", city(m.place), m.topic),
            None => String::new(),
        },
        EventKind::Departure(l) => match data.legs.get(l.index()) {
            Some(l) => format!(
                "{} leaves {} for {}, {day}{}",
                data.names(&l.travellers),
                city(l.from),
                city(l.to),
                estimated_suffix(l.departure.is_none(), "departure")
            ),
            None => String::new(),
        },
        EventKind::Arrival(l) => match data.legs.get(l.index()) {
            Some(l) => format!(
                "{} arrives in {} from {}, {day}{}",
                data.names(&l.travellers),
                city(l.to),
                city(l.from),
                estimated_suffix(l.arrival.is_none(), "arrival")
            ),
            None => String::new(),
        },
        EventKind::Note(n) => match data.notes.get(n as usize) {
            Some(n) => format!("{day}: {}", n.text),
            None => String::new(),
        },
        EventKind::Stay(st) => match data.stay(st) {
            Some(st) => {
                let who = data.person(st.person).map_or("?", |p| p.name.as_str());
                let place = st.place.map_or_else(
                    || {
                        st.geocode
                            .as_ref()
                            .map_or("?".to_owned(), |g| format!("{} (not placed)", g.place_text))
                    },
                    |p| city(p).to_owned(),
                );
                // The stay's first day as the place knew it, not the UTC date it began on.
                let tz = st
                    .place
                    .and_then(|p| data.place(p))
                    .map_or(chrono_tz::UTC, |p| p.tz);
                let first = st.start.start_utc.with_timezone(&tz).format("%-d %b %Y");
                format!("{who} in {place} from {first}")
            }
            None => String::new(),
        },
    }
}

fn strip_ui(ui: &mut Ui, view: &TimelineView<'_>) -> Vec<Action> {
    let mut actions = Vec::new();
    let tl = view.timeline;
    let (rect, response) = ui.allocate_exact_size(
        Vec2::new(ui.available_width(), STRIP_HEIGHT),
        Sense::click_and_drag(),
    );
    let value = tl.cursor_fraction() * 100.0;
    response.widget_info(|| WidgetInfo::slider(true, value, "Timeline"));
    let scale = Scale::new(rect, tl, view.index);
    actions.extend(zoom_ui(ui, &response, &scale));
    let painter = ui.painter_at(rect);
    let visuals = ui.visuals();
    painter.rect_filled(rect, 4.0, visuals.extreme_bg_color);
    if response.has_focus() {
        painter.rect_stroke(
            rect,
            4.0,
            visuals.selection.stroke,
            egui::StrokeKind::Inside,
        );
    }
    if scale.end - scale.start <= Duration::days(62) {
        days_ui(&painter, &scale, visuals.weak_text_color());
    } else {
        months_ui(&painter, &scale, visuals.weak_text_color());
    }
    scale.breaks_ui(
        &painter,
        rect.top() + 16.0,
        rect.bottom() - 3.0,
        visuals.text_color(),
    );

    let events = view
        .index
        .events_in(scale.start, scale.end + Duration::milliseconds(1));
    let ticks_top = rect.top() + 16.0;
    if events.len() <= INDIVIDUAL_TICKS {
        for (i, e) in events.iter().enumerate() {
            let x = scale.x(e.at);
            let tick = Rect::from_x_y_ranges(x - 1.5..=x + 1.5, ticks_top..=rect.bottom() - 3.0);
            painter.rect_filled(tick, 1.0, tick_color(view.data, e.kind));
            highlight_mark(&painter, view, e, Pos2::new(x, rect.bottom() - 2.5));
            let hit = ui.interact(
                tick.expand2(Vec2::new(2.0, 0.0)),
                Id::unique(("tick", i)),
                Sense::click(),
            );
            let label = describe_event(view.data, e);
            hit.widget_info(|| WidgetInfo::labeled(Role::Button, true, &label));
            if hit.on_hover_text(&label).clicked() {
                actions.push(Action::Time(TimeCommand::SetCursor(e.at)));
            }
        }
    } else {
        density_ui(ui, &painter, &scale, view.index, ticks_top);
    }

    let cursor_x = scale.x(tl.cursor);
    painter.line_segment(
        [
            Pos2::new(cursor_x, rect.top()),
            Pos2::new(cursor_x, rect.bottom()),
        ],
        Stroke::new(2.0, style::CURSOR),
    );
    painter.circle_filled(Pos2::new(cursor_x, rect.top() + 3.0), 4.0, style::CURSOR);

    if let TimeWindow::Range { from, to } = tl.window {
        let shade = Rect::from_x_y_ranges(
            scale.x(from.min(to))..=scale.x(from.max(to)),
            rect.y_range(),
        );
        painter.rect_filled(shade, 2.0, style::faded(style::CURSOR, 0.18));
    }
    let shift = ui.input(|i| i.modifiers.shift);
    if let (true, true, Some(pos), Some(origin)) = (
        shift,
        response.dragged(),
        response.interact_pointer_pos(),
        ui.input(|i| i.pointer.press_origin()),
    ) {
        // Shift-drag chooses the range the map shows.
        let (from, to) = (scale.time(origin.x), scale.time(pos.x));
        actions.push(Action::Time(TimeCommand::SetWindow(TimeWindow::Range {
            from: from.min(to),
            to: from.max(to),
        })));
    } else if let Some(pos) = response.interact_pointer_pos()
        && (response.dragged() || response.clicked())
    {
        response.request_focus();
        let mut t = scale.time(pos.x);
        if response.clicked() {
            // A click near a tick lands exactly on it.
            let near = view
                .index
                .events_in(scale.time(pos.x - SNAP_PX), scale.time(pos.x + SNAP_PX));
            if let Some(e) = near.iter().min_by_key(|e| (e.at - t).num_seconds().abs()) {
                t = e.at;
            }
        }
        actions.push(Action::Time(TimeCommand::SetCursor(t)));
    }
    actions
}

/// A dot under an event's tick when the highlighted person takes part in it.
fn highlight_mark(painter: &egui::Painter, view: &TimelineView<'_>, e: &Event, at: Pos2) {
    if view
        .highlighted
        .is_some_and(|p| crate::lanes::involves(view.data, e.kind, p))
    {
        painter.circle_filled(at, 2.5, style::PERSON_HIGHLIGHT);
    }
}

/// Events a histogram tooltip lists before "+N more".
const TOOLTIP_EVENTS: usize = 12;

/// The histogram's bar width for a stretch shown: years for decades, months (of 30 days) for a few
/// years, weeks for months, down to hours for a day or two.
fn bin_for(span: Duration) -> Duration {
    if span > Duration::days(25 * 365) {
        Duration::days(365)
    } else if span > Duration::days(3 * 365) {
        Duration::days(30)
    } else if span > Duration::days(60) {
        Duration::weeks(1)
    } else if span > Duration::days(10) {
        Duration::days(1)
    } else if span > Duration::days(2) {
        Duration::hours(6)
    } else {
        Duration::hours(1)
    }
}

/// Wheel notches and pinch over the timeline become a zoom of its axis around the pointer.
fn zoom_ui(ui: &Ui, response: &egui::Response, scale: &Scale<'_>) -> Option<Action> {
    let pointer = response.hover_pos()?;
    let (notches, pinch) = ui.input(|i| {
        let notches: f32 = i
            .events
            .iter()
            .map(|e| match e {
                egui::Event::MouseWheel { unit, delta, .. } => match unit {
                    egui::MouseWheelUnit::Point => (delta.x + delta.y) / 50.0,
                    egui::MouseWheelUnit::Line | egui::MouseWheelUnit::Page => delta.x + delta.y,
                },
                _ => 0.0,
            })
            .sum();
        let pinch = i.multi_touch().map_or(1.0, |t| t.zoom_delta);
        (notches, pinch)
    });
    if notches == 0.0 && (pinch - 1.0).abs() < 1e-4 {
        return None;
    }
    ui.ctx().input_mut(|i| i.smooth_scroll_delta = Vec2::ZERO);
    let factor = ZOOM_PER_NOTCH.powf(f64::from(notches)) / f64::from(pinch.max(0.01));
    Some(Action::Time(TimeCommand::ZoomView {
        factor,
        around: scale.time(pointer.x),
    }))
}

/// Each wheel notch over the timeline shows this share of what it showed.
const ZOOM_PER_NOTCH: f64 = 0.75;

/// Day ticks along the top of a zoomed-in strip: the day's number, and the month on the 1st.
fn days_ui(painter: &egui::Painter, scale: &Scale, color: Color32) {
    let font = FontId::proportional(10.5);
    let Some(mut day) = scale
        .start
        .date_naive()
        .and_hms_opt(0, 0, 0)
        .map(|d| d.and_utc())
    else {
        return;
    };
    let mut last_x = f32::NEG_INFINITY;
    while day <= scale.end {
        let x = scale.x(day);
        if day >= scale.start {
            painter.line_segment(
                [
                    Pos2::new(x, scale.rect.top()),
                    Pos2::new(x, scale.rect.top() + 6.0),
                ],
                Stroke::new(1.0, color),
            );
            let name = if day.day() == 1 || last_x == f32::NEG_INFINITY {
                day.format("%-d %b")
            } else {
                day.format("%-d")
            };
            if x - last_x > 30.0 {
                painter.text(
                    Pos2::new(x + 2.0, scale.rect.top() + 1.0),
                    Align2::LEFT_TOP,
                    name.to_string(),
                    font.clone(),
                    color,
                );
                last_x = x;
            }
        }
        day += Duration::days(1);
    }
}

/// Month names along the top of the strip, thinned out to fit.
fn months_ui(painter: &egui::Painter, scale: &Scale, color: Color32) {
    let font = FontId::proportional(10.5);
    let Some(mut month) = Utc
        .with_ymd_and_hms(scale.start.year(), scale.start.month(), 1, 0, 0, 0)
        .single()
    else {
        return;
    };
    let end = scale.time(scale.rect.right());
    let mut last_x = f32::NEG_INFINITY;
    // On a compressed axis, say where each stretch after a gap begins.
    for (_, b) in scale.gaps {
        let x = scale.x(*b);
        if x - last_x > 40.0 {
            painter.text(
                Pos2::new(x + 2.0, scale.rect.top() + 1.0),
                Align2::LEFT_TOP,
                b.format("%-d %b").to_string(),
                font.clone(),
                color,
            );
            last_x = x;
        }
    }
    if !scale.gaps.is_empty() {
        return;
    }
    // Ticks every 1, 2, 3 or 6 months, or every 1, 2, 5, 10, 20, 50 or 100 years: the finest step whose
    // ticks are at least this far apart, so a week, a year and 160 years all read well.
    const MIN_TICK_PX: f32 = 44.0;
    let px_per_month = scale.x(scale.start + Duration::days(30)) - scale.x(scale.start);
    let step = [1, 2, 3, 6, 12, 24, 60, 120, 240, 600, 1200]
        .into_iter()
        .find(|m| px_per_month * *m as f32 >= MIN_TICK_PX)
        .unwrap_or(1200);
    // Start at a multiple of the step (January of a round year for year steps).
    let index = |t: DateTime<Utc>| i64::from(t.year()) * 12 + i64::from(t.month0());
    while index(month).rem_euclid(step) != 0 && month <= end {
        month = next_month(month);
    }
    while month <= end {
        let x = scale.x(month);
        let in_gap = scale.gaps.iter().any(|(a, b)| month > *a && month < *b);
        if month >= scale.start && !in_gap && x - last_x > 34.0 {
            painter.line_segment(
                [
                    Pos2::new(x, scale.rect.top()),
                    Pos2::new(x, scale.rect.top() + 14.0),
                ],
                Stroke::new(1.0, color),
            );
            let name = if step >= 12 {
                month.format("%Y")
            } else if month.month() == 1 {
                month.format("%b %Y")
            } else {
                month.format("%b")
            };
            painter.text(
                Pos2::new(x + 3.0, scale.rect.top() + 1.0),
                Align2::LEFT_TOP,
                name.to_string(),
                font.clone(),
                color,
            );
            last_x = x;
        }
        for _ in 0..step {
            month = next_month(month);
        }
    }
}

fn next_month(t: DateTime<Utc>) -> DateTime<Utc> {
    let (y, m) = if t.month() == 12 {
        (t.year() + 1, 1)
    } else {
        (t.year(), t.month() + 1)
    };
    Utc.with_ymd_and_hms(y, m, 1, 0, 0, 0)
        .single()
        .unwrap_or(t + Duration::days(31))
}

/// One bar per pixel column, its height growing with the number of events there (log scale).
fn density_ui(ui: &Ui, painter: &egui::Painter, scale: &Scale, index: &TimeIndex, top: f32) {
    let height = scale.rect.bottom() - 3.0 - top;
    let key = (
        scale.rect.left().to_bits(),
        scale.rect.width().to_bits(),
        scale.start,
        scale.end,
        !scale.gaps.is_empty(),
    );
    let columns = Counts::of(ui, "timeline density", key, index, || {
        let columns = scale.rect.width().max(1.0) as usize;
        (0..=columns)
            .map(|c| scale.time(scale.rect.left() + c as f32))
            .collect()
    });
    for (c, &(count, meetings)) in columns.iter().enumerate() {
        if count == 0 {
            continue;
        }
        let x = scale.rect.left() + c as f32;
        let h = ((count as f32).ln_1p() / 8.0).min(1.0) * height;
        let color = if meetings {
            style::TICK_MEETING
        } else {
            style::TICK_LEG
        };
        painter.line_segment(
            [
                Pos2::new(x, top + height - h.max(2.0)),
                Pos2::new(x, top + height),
            ],
            Stroke::new(1.0, color),
        );
    }
}

/// Events counted per interval of time: how many, and whether any is a meeting. The strip's pixel
/// columns and the histogram's bars do not depend on the cursor, so their counts are made once per
/// index and axis and remembered in egui's memory; a frame only reads them.
struct Counts;

impl Counts {
    /// The counts for the consecutive intervals between `edges()`, remembered under `name` while the
    /// index and `key` (what the edges are made from) stay the same.
    fn of(
        ui: &Ui,
        name: &'static str,
        key: impl std::hash::Hash,
        index: &TimeIndex,
        edges: impl FnOnce() -> Vec<DateTime<Utc>>,
    ) -> std::sync::Arc<[(usize, bool)]> {
        type Remembered = (u64, std::sync::Arc<[(usize, bool)]>);
        let key = egui::util::hash((index.id(), key));
        let id = Id::unique(name);
        if let Some((k, counts)) = ui.data(|d| d.get_temp::<Remembered>(id))
            && k == key
        {
            return counts;
        }
        let counts: std::sync::Arc<[(usize, bool)]> = index
            .events_between_edges(&edges())
            .into_iter()
            .map(|events| {
                let meetings = events
                    .iter()
                    .any(|e| matches!(e.kind, EventKind::Meeting(_)));
                (events.len(), meetings)
            })
            .collect();
        ui.data_mut(|d| d.insert_temp(id, (key, counts.clone())));
        counts
    }
}

const HISTOGRAM_HEIGHT: f32 = 18.0;

/// Events per day (short ranges) or per week under the strip: where the story is dense. Hovering a bar
/// says what is there; clicking it moves to its first event. The bars are counted once per index and range.
fn histogram_ui(ui: &mut Ui, view: &TimelineView<'_>) -> Vec<Action> {
    let tl = view.timeline;
    let (rect, response) = ui.allocate_exact_size(
        Vec2::new(ui.available_width(), HISTOGRAM_HEIGHT),
        Sense::click(),
    );
    let scale = Scale::new(rect, tl, view.index);
    let bin = bin_for(scale.end - scale.start);
    // Bins stay aligned to the timeline's start, so zooming doesn't move them.
    let skipped = (scale.start - tl.start).num_seconds().max(0) / bin.num_seconds().max(1);
    let first = tl.start + Duration::seconds(skipped * bin.num_seconds());
    let starts: Vec<DateTime<Utc>> = std::iter::successors(Some(first), |t| Some(*t + bin))
        .take_while(|t| *t < scale.end)
        .collect();
    let counts = Counts::of(
        ui,
        "timeline histogram",
        (first, scale.end, bin.num_seconds()),
        view.index,
        || {
            let mut edges = starts.clone();
            edges.extend(starts.last().map(|t| *t + bin));
            edges
        },
    );
    let most = counts.iter().map(|(n, _)| *n).max().unwrap_or(0).max(1) as f32;
    let painter = ui.painter_at(rect);
    let hover = response.hover_pos();
    let mut hovered = None;
    for (t, &(count, meetings)) in starts.iter().zip(counts.iter()) {
        if count == 0 {
            continue;
        }
        let (x0, x1) = (scale.x(*t), scale.x(*t + bin));
        let h = (count as f32 / most).sqrt() * (HISTOGRAM_HEIGHT - 2.0);
        let bar = Rect::from_x_y_ranges(
            x0 + 0.5..=(x1 - 0.5).max(x0 + 1.5),
            rect.bottom() - h..=rect.bottom(),
        );
        let color = if meetings {
            style::TICK_MEETING
        } else {
            style::TICK_LEG
        };
        painter.rect_filled(bar, 1.0, style::faded(color, 0.7));
        if hover.is_some_and(|p| (x0..x1).contains(&p.x)) {
            // Looked into for the hovered bar only: a bar can hold a week of a million events.
            let events = view.index.events_in(*t, *t + bin);
            let meetings = events
                .iter()
                .filter(|e| matches!(e.kind, EventKind::Meeting(_)))
                .count();
            hovered = Some((*t, events, meetings));
        }
    }
    let zoom = zoom_ui(ui, &response, &scale);
    let response = response.on_hover_ui(|ui| match hovered {
        Some((t, events, meetings)) => {
            let period = if bin == Duration::days(365) {
                format!(
                    "{} – {}",
                    t.format("%-d %b %Y"),
                    (t + bin).format("%-d %b %Y")
                )
            } else if bin == Duration::days(30) {
                format!("30 days from {}", t.format("%-d %b %Y"))
            } else if bin == Duration::weeks(1) {
                format!("Week of {}", t.format("%-d %b %Y"))
            } else if bin == Duration::days(1) {
                t.format("%-d %b %Y").to_string()
            } else {
                format!(
                    "{} – {}",
                    t.format("%-d %b %Y, %H:%M"),
                    (t + bin).format("%H:%M UTC")
                )
            };
            ui.label(format!(
                "{period}: {} event{}, {meetings} meeting{}",
                events.len(),
                if events.len() == 1 { "" } else { "s" },
                if meetings == 1 { "" } else { "s" },
            ));
            for e in events.iter().take(TOOLTIP_EVENTS) {
                ui.weak(describe_event(view.data, e));
            }
            if events.len() > TOOLTIP_EVENTS {
                ui.weak(format!("+{} more", events.len() - TOOLTIP_EVENTS));
            }
        }
        None => {
            ui.weak("Events per period: click a bar to go there; scroll to zoom");
        }
    });
    response.widget_info(|| WidgetInfo::labeled(Role::Image, true, "Events per period"));
    let jump = match hovered {
        Some((_, events, _)) if response.clicked() => events
            .first()
            .map(|e| Action::Time(TimeCommand::SetCursor(e.at))),
        _ => None,
    };
    jump.into_iter().chain(zoom).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::timeline::RecordFilter;

    #[test]
    fn histogram_bars_are_weeks_far_out_and_hours_close_in() {
        assert_eq!(bin_for(Duration::days(300)), Duration::weeks(1));
        assert_eq!(bin_for(Duration::days(30)), Duration::days(1));
        assert_eq!(bin_for(Duration::days(5)), Duration::hours(6));
        assert_eq!(bin_for(Duration::hours(12)), Duration::hours(1));
    }

    #[test]
    fn counts_are_made_once_per_index_and_key() {
        let data = crate::data::bundled().unwrap();
        let index = TimeIndex::new(&data, &RecordFilter::default());
        let (a, b) = index.range().unwrap();
        let edges: Vec<DateTime<Utc>> = (0..=40).map(|i| a + (b - a) / 40 * i).collect();
        let ctx = egui::Context::default();
        let calls = std::cell::Cell::new(0);
        let run = |index: &TimeIndex, key: u32| {
            let mut counts = None;
            let mut out = ctx.run_ui(egui::RawInput::default(), |ui| {
                counts = Some(Counts::of(ui, "test counts", key, index, || {
                    calls.set(calls.get() + 1);
                    edges.clone()
                }));
            });
            // No renderer takes the font texture here.
            out.textures_delta.clear();
            counts.unwrap()
        };
        let first = run(&index, 1);
        assert_eq!(first.len(), 40);
        for (i, &(n, meetings)) in first.iter().enumerate() {
            let events = index.events_in(edges[i], edges[i + 1]);
            assert_eq!(n, events.len(), "interval {i}");
            let any = events
                .iter()
                .any(|e| matches!(e.kind, EventKind::Meeting(_)));
            assert_eq!(meetings, any, "interval {i}");
        }
        assert!(first.iter().any(|(n, _)| *n > 0));
        assert_eq!(run(&index, 1), first);
        assert_eq!(calls.get(), 1, "remembered");
        run(&index, 2);
        assert_eq!(calls.get(), 2, "a new key counts again");
        let rebuilt = TimeIndex::new(&data, &RecordFilter::default());
        run(&rebuilt, 2);
        assert_eq!(calls.get(), 3, "a new index counts again");
    }

    #[test]
    fn a_compressed_axis_is_monotonic_invertible_and_shrinks_gaps() {
        let data = crate::data::bundled().unwrap();
        let index = TimeIndex::new(&data, &RecordFilter::default());
        let mut timeline = Timeline::spanning(&index);
        let rect = Rect::from_min_size(Pos2::ZERO, Vec2::new(1000.0, 40.0));
        let linear = Scale::new(rect, &timeline, &index);
        timeline.compress_gaps = true;
        let warped = Scale::new(rect, &timeline, &index);
        assert!(!warped.gaps.is_empty());
        let mut last = f32::NEG_INFINITY;
        for e in index.events() {
            let x = warped.x(e.at);
            assert!(x >= last, "monotonic");
            last = x;
            assert!(
                (warped.x(warped.time(x)) - x).abs() < 0.5,
                "invertible at {x}"
            );
        }
        let (a, b) = warped.gaps[0];
        assert!((warped.x(b) - warped.x(a) - GAP_PX).abs() < 0.01);
        assert!(linear.x(b) - linear.x(a) > GAP_PX);
        assert_eq!(warped.x(timeline.start), rect.left() + 6.0);
        assert!((warped.x(timeline.end) - (rect.right() - 6.0)).abs() < 0.5);
    }
}
