//! The events table (View ▸ Events, Ctrl+T): every record the filter admits, one row each, sortable by
//! any column and narrowed by typing.
//!
//! Built for a million rows: the rows and their order are made once per change of data, filter, sort or
//! typed text ([`crate::records`]), and a frame lays out only the rows on screen (`egui_extras`'
//! `TableBuilder` with `body.rows`): their cells and their sentence for screen readers are made there
//! and nowhere else. The box above the table keeps the keyboard: typing narrows the rows, ↑/↓ and
//! Page Up/Down move the selection, Enter goes to it (as a click does).

use chrono::{DateTime, Utc};
use egui::{Key, Ui, WidgetInfo};
use egui_extras::{Column as TableColumn, TableBuilder};

use super::Action;
use crate::data::Dataset;
use crate::records::{self, Column, Row, Sort};
use crate::search::Finder;
use crate::timeline::TimeIndex;

/// What the table keeps between frames.
#[derive(Default)]
pub struct EventsTableState {
    /// Typed text narrowing the rows.
    pub query: String,
    pub sort: Sort,
    /// The table follows the timeline's cursor.
    pub follow: bool,
    /// Position of the selected row in `rows`.
    pub selected: Option<usize>,
    rows: Vec<Row>,
    /// Every row the index admits, in the order of `sort`, and what it was made for (index, sort).
    ordered: Vec<Row>,
    ordered_for: Option<(u64, Sort)>,
    /// What `rows` was made for: the time index, the typed text, the sort.
    made_for: Option<(u64, String, Sort)>,
    /// Scroll to this row on the next frame.
    scroll_to: Option<usize>,
    /// The cursor the table last followed.
    followed: Option<DateTime<Utc>>,
    /// Give the box the keyboard on the next frame (the window just opened).
    pub focus: bool,
}

impl EventsTableState {
    /// The rows in order, made again only when the index, the typed text or the sort changed. All rows
    /// in order are kept apart, so a keystroke only narrows them (no new sort).
    pub fn refresh(&mut self, data: &Dataset, index: &TimeIndex, finder: &Finder) -> &[Row] {
        let key = (index.id(), self.query.clone(), self.sort);
        if self.made_for.as_ref() == Some(&key) {
            return &self.rows;
        }
        if self.ordered_for != Some((index.id(), self.sort)) {
            let mut rows = records::rows(index);
            records::sort_rows(data, &mut rows, self.sort);
            self.ordered = rows;
            self.ordered_for = Some((index.id(), self.sort));
        }
        self.rows = match finder.index.matching(&self.query, finder.admitted()) {
            Some(matching) => self
                .ordered
                .iter()
                .filter(|r| matching.contains(r.record))
                .copied()
                .collect(),
            None => self.ordered.clone(),
        };
        self.made_for = Some(key);
        self.selected = None;
        self.followed = None;
        &self.rows
    }

    /// Whether the rows were made for another index, text or sort (changed during this frame).
    fn stale(&self, index: &TimeIndex) -> bool {
        self.made_for.as_ref().is_none_or(|(id, query, sort)| {
            *id != index.id() || *query != self.query || *sort != self.sort
        })
    }

    /// The rows as last made.
    pub fn rows(&self) -> &[Row] {
        &self.rows
    }
}

/// What the table reads.
pub struct EventsView<'a> {
    pub data: &'a Dataset,
    pub index: &'a TimeIndex,
    pub finder: &'a Finder,
    pub cursor: DateTime<Utc>,
}

/// The events window; `open` is cleared when it is closed.
pub fn events_table_ui(
    ctx: &egui::Context,
    view: &EventsView<'_>,
    state: &mut EventsTableState,
    open: &mut bool,
) -> Vec<Action> {
    let mut actions = Vec::new();
    let [w, h] = crate::style::EVENTS_TABLE_SIZE;
    // At first as big as fits: a small window keeps room for the map and the timeline.
    let screen = ctx.content_rect().size();
    egui::Window::new("Events")
        .open(open)
        .default_size([w.min(screen.x * 0.9), h.min(screen.y * 0.4)])
        // Above the timeline (about 220 points with its playback row), whatever the window's height.
        .default_pos([
            60.0,
            (screen.y - h.min(screen.y * 0.4) - 220.0).clamp(40.0, 300.0),
        ])
        .resizable(true)
        .show(ctx, |ui| {
            state.refresh(view.data, view.index, view.finder);
            actions.extend(controls_ui(ui, view, state));
            follow_cursor(view, state);
            actions.extend(table_ui(ui, view, state));
            if state.stale(view.index) {
                ui.ctx().request_repaint();
            }
        });
    actions
}

/// The box, the count and the follow toggle; the keys that move the selection.
fn controls_ui(ui: &mut Ui, view: &EventsView<'_>, state: &mut EventsTableState) -> Vec<Action> {
    let mut actions = Vec::new();
    ui.horizontal(|ui| {
        let response = ui
            .add(
                egui::TextEdit::singleline(&mut state.query)
                    .hint_text("Type to narrow the rows")
                    .desired_width(260.0),
            )
            .accessible_name("Search the events");
        if std::mem::take(&mut state.focus) {
            response.request_focus();
        }
        let n = state.rows.len();
        if response.has_focus() && n > 0 {
            let page = 20;
            let (down, up, page_down, page_up) = ui.input(|i| {
                (
                    i.key_pressed(Key::ArrowDown),
                    i.key_pressed(Key::ArrowUp),
                    i.key_pressed(Key::PageDown),
                    i.key_pressed(Key::PageUp),
                )
            });
            let at = state.selected;
            let moved = match at {
                _ if !(down || up || page_down || page_up) => None,
                None => Some(0),
                Some(i) if down => Some((i + 1).min(n - 1)),
                Some(i) if up => Some(i.saturating_sub(1)),
                Some(i) if page_down => Some((i + page).min(n - 1)),
                Some(i) => Some(i.saturating_sub(page)),
            };
            if let Some(i) = moved {
                state.selected = Some(i);
                state.scroll_to = Some(i);
            }
        }
        if response.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter)) {
            if let Some(row) = state.selected.and_then(|i| state.rows.get(i)) {
                actions.push(Action::FocusRecord(row.record));
            }
            response.request_focus();
        }
        let by_date = state.sort.column == Column::Date;
        ui.add_enabled(
            by_date,
            egui::Checkbox::new(&mut state.follow, "Follow time"),
        )
        .on_hover_text("Keep the row at the timeline's cursor in view")
        .on_disabled_hover_text("Sort by date to follow the timeline");
        ui.label(format!("{n} of {} events", view.index.record_count()));
    });
    actions
}

/// With "Follow time" on (and sorted by date), selects and shows the row at the cursor when it moves.
fn follow_cursor(view: &EventsView<'_>, state: &mut EventsTableState) {
    if !state.follow || state.sort.column != Column::Date || state.rows.is_empty() {
        return;
    }
    if state.followed == Some(view.cursor) {
        return;
    }
    state.followed = Some(view.cursor);
    let i = records::row_at(&state.rows, view.cursor, state.sort.descending);
    state.selected = Some(i);
    state.scroll_to = Some(i);
}

fn header_ui(ui: &mut Ui, state: &mut EventsTableState, column: Column, label: &str) {
    let arrow = match (state.sort.column == column, state.sort.descending) {
        (true, false) => " ⏶",
        (true, true) => " ⏷",
        (false, _) => "",
    };
    let response = ui
        .add(
            egui::Button::new(egui::RichText::new(format!("{label}{arrow}")).strong()).frame(false),
        )
        .on_hover_text(format!("Sort by {}", column.label().to_lowercase()));
    let response = response.accessible_name(format!("Sort by {}", column.label().to_lowercase()));
    if response.clicked() {
        state.sort = Sort {
            column,
            descending: state.sort.column == column && !state.sort.descending,
        };
        // The box keeps the keyboard: typing goes on narrowing the rows.
        state.focus = true;
    }
}

fn table_ui(ui: &mut Ui, view: &EventsView<'_>, state: &mut EventsTableState) -> Vec<Action> {
    let mut actions = Vec::new();
    let min = crate::style::EVENTS_MIN_COLUMN;
    let mut table = TableBuilder::new(ui)
        .id_salt("events")
        .striped(true)
        .sense(egui::Sense::click())
        .auto_shrink([false, false])
        .column(TableColumn::initial(150.0).at_least(min).clip(true))
        .column(TableColumn::initial(115.0).at_least(min).clip(true))
        .column(TableColumn::initial(70.0).at_least(min).clip(true))
        .column(TableColumn::initial(150.0).at_least(min).clip(true))
        .column(TableColumn::initial(130.0).at_least(min).clip(true))
        .column(TableColumn::remainder().at_least(min).clip(true))
        .column(TableColumn::initial(80.0).at_least(min).clip(true))
        .column(TableColumn::initial(110.0).at_least(min).clip(true));
    if let Some(i) = state.scroll_to.take() {
        table = table.scroll_to_row(i, None);
    }
    let clicked = std::cell::Cell::new(None);
    table
        .header(crate::style::EVENTS_ROW_HEIGHT + 4.0, |mut header| {
            header.col(|ui| header_ui(ui, state, Column::Date, "Date (local)"));
            header.col(|ui| {
                ui.strong("UTC");
            });
            for column in &Column::ALL[1..] {
                header.col(|ui| header_ui(ui, state, *column, column.label()));
            }
        })
        .body(|body| {
            let rows = &state.rows;
            let selected = state.selected;
            body.rows(crate::style::EVENTS_ROW_HEIGHT, rows.len(), |mut row| {
                let i = row.index();
                let Some(&r) = rows.get(i) else {
                    return;
                };
                row.set_selected(selected == Some(i));
                let cells = records::cells(view.data, r);
                for text in [
                    cells.local.as_str(),
                    &cells.utc,
                    cells.kind,
                    &cells.people,
                    &cells.place,
                    &cells.topic,
                    cells.certainty,
                    &cells.sources,
                ] {
                    row.col(|ui| {
                        ui.add(egui::Label::new(text).truncate().selectable(false));
                    });
                }
                let response = row.response();
                let sentence = records::sentence(view.data, r);
                response.widget_info(|| WidgetInfo::labeled(egui::Role::Row, true, &sentence));
                if response.clicked() {
                    clicked.set(Some(i));
                }
            });
        });
    if let Some(i) = clicked.get() {
        state.selected = Some(i);
        state.focus = true;
        if let Some(row) = state.rows.get(i) {
            actions.push(Action::FocusRecord(row.record));
        }
    }
    actions
}
