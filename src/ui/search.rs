//! The search window (Ctrl+F): one box over people, places, venues, topics, notes and sources, with the
//! record filter beside it (country, certainty, kind, source, dates). Results are grouped and counted;
//! ↑/↓ move the highlight and Enter goes to it: a city is selected, the timeline moves to a record, a
//! person or a source becomes the filter.
//!
//! Matching is the search index's ([`crate::search`]); this panel only remembers the last answer
//! (by query and filter) so a frame that changes neither asks nothing.

use chrono::{DateTime, NaiveDate, Utc};
use egui::{Key, TextEdit, Ui};

use super::Action;
use crate::data::{Certainty, Cities, Dataset, RecordKind, SourceIdx};
use crate::records::{self, Row};
use crate::search::{Finder, Hit, SearchResults};
use crate::timeline::RecordFilter;

/// What the search window keeps between frames: the query, the highlight, the drafts of the dates,
/// and the last answer.
#[derive(Default)]
pub struct SearchState {
    pub query: String,
    /// Position of the highlighted result among all listed hits.
    pub highlighted: usize,
    /// The last answer, for (query, filter key).
    answer: Option<(String, Option<u64>, SearchResults)>,
    /// Give the box the keyboard on the next frame (the window just opened).
    pub focus: bool,
    from_text: String,
    to_text: String,
}

impl SearchState {
    /// The answer to the current query (made again only when the query or the filter changed).
    pub fn results(&mut self, finder: &Finder) -> &SearchResults {
        let key = finder.filter_key();
        let fresh = matches!(&self.answer, Some((q, k, _)) if *q == self.query && *k == key);
        if !fresh {
            let results = finder.index.search(
                &self.query,
                finder.admitted(),
                crate::style::SEARCH_RESULTS_PER_GROUP,
            );
            self.highlighted = 0;
            self.answer = Some((self.query.clone(), key, results));
        }
        match &self.answer {
            Some((_, _, r)) => r,
            None => &EMPTY,
        }
    }
}

static EMPTY: SearchResults = SearchResults { groups: Vec::new() };

/// What the search window reads.
pub struct SearchView<'a> {
    pub data: &'a Dataset,
    pub cities: &'a Cities,
    pub finder: &'a Finder,
    pub filter: &'a RecordFilter,
    /// Records the filter admits, and records in all.
    pub shown: usize,
    pub total: usize,
}

/// The search window; `open` is cleared when it is closed.
pub fn search_ui(
    ctx: &egui::Context,
    view: &SearchView<'_>,
    state: &mut SearchState,
    open: &mut bool,
) -> Vec<Action> {
    let mut actions = Vec::new();
    egui::Window::new("Search")
        .open(open)
        .default_width(crate::style::SEARCH_WIDTH)
        .default_pos([60.0, 60.0])
        .show(ctx, |ui| {
            actions.extend(query_ui(ui, view, state));
            ui.separator();
            actions.extend(filter_ui(ui, view, state));
            ui.label(format!("Showing {} of {} records", view.shown, view.total));
            ui.separator();
            actions.extend(results_ui(ui, view, state));
        });
    actions
}

/// The box, and the keys that move through the results.
fn query_ui(ui: &mut Ui, view: &SearchView<'_>, state: &mut SearchState) -> Vec<Action> {
    let response = ui
        .add(
            TextEdit::singleline(&mut state.query)
                .hint_text("People, places, topics, notes, sources…")
                .desired_width(f32::INFINITY),
        )
        .accessible_name("Search");
    if std::mem::take(&mut state.focus) {
        response.request_focus();
    }
    let listed = state.results(view.finder).hits().count();
    let mut actions = Vec::new();
    if response.has_focus() {
        let (down, up) = ui.input(|i| (i.key_pressed(Key::ArrowDown), i.key_pressed(Key::ArrowUp)));
        if down && state.highlighted + 1 < listed {
            state.highlighted += 1;
        }
        if up {
            state.highlighted = state.highlighted.saturating_sub(1);
        }
    }
    if response.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter)) {
        let highlighted = state.highlighted;
        if let Some(hit) = state.results(view.finder).hits().nth(highlighted) {
            actions.extend(jump(view, hit));
        }
        response.request_focus();
    }
    actions
}

/// What going to a result does.
fn jump(view: &SearchView<'_>, hit: Hit) -> Option<Action> {
    Some(match hit {
        Hit::Person(p) => Action::ShowOnlyPerson(p),
        Hit::Place(p) => Action::SelectCity(Some(view.cities.of(p)?)),
        Hit::Source(s) => {
            let mut filter = view.filter.clone();
            filter.sources = [s].into();
            Action::SetFilter(Box::new(filter))
        }
        Hit::Meeting(_) | Hit::Leg(_) | Hit::Stay(_) | Hit::Note(_) => {
            Action::FocusRecord(hit.record()?)
        }
    })
}

/// A result in words.
fn hit_label(data: &Dataset, hit: Hit) -> String {
    match hit {
        Hit::Person(p) => data.person(p).map_or_else(String::new, |p| match &p.role {
            Some(role) => format!("{} ({role})", p.name),
            None => p.name.clone(),
        }),
        Hit::Place(p) => data.place(p).map_or_else(String::new, |p| {
            if p.name == p.city {
                format!("{}, {}", p.city, p.country)
            } else {
                format!("{} — {}, {}", p.name, p.city, p.country)
            }
        }),
        Hit::Source(s) => data
            .source(s)
            .map_or_else(String::new, |s| match &s.publisher {
                Some(publisher) => format!("{} ({publisher})", s.title),
                None => s.title.clone(),
            }),
        Hit::Meeting(_) | Hit::Leg(_) | Hit::Stay(_) | Hit::Note(_) => hit
            .record()
            .and_then(|r| Some((r, records::instant(data, r)?)))
            .map(|(record, at)| records::sentence(data, Row { at, record }))
            .unwrap_or_default(),
    }
}

fn results_ui(ui: &mut Ui, view: &SearchView<'_>, state: &mut SearchState) -> Vec<Action> {
    let mut actions = Vec::new();
    let highlighted = state.highlighted;
    let results = state.results(view.finder);
    if results.groups.is_empty() {
        if !state.query.trim().is_empty() {
            ui.weak("Nothing found");
        }
        return actions;
    }
    let mut position = 0;
    egui::ScrollArea::vertical()
        .max_height(ui.available_height().max(200.0))
        .auto_shrink([false, true])
        .show(ui, |ui| {
            for group in &results.groups {
                let more = if group.count > group.hits.len() {
                    format!(", first {} listed", group.hits.len())
                } else {
                    String::new()
                };
                ui.strong(format!("{} ({}{more})", group.kind.label(), group.count));
                for hit in &group.hits {
                    let on = position == highlighted;
                    let response = ui.selectable_label(on, hit_label(view.data, *hit));
                    if on
                        && ui
                            .input(|i| i.key_pressed(Key::ArrowDown) || i.key_pressed(Key::ArrowUp))
                    {
                        response.scroll_to_me(None);
                    }
                    if response.clicked() {
                        actions.extend(jump(view, *hit));
                    }
                    position += 1;
                }
            }
        });
    actions
}

/// The record filter's choices: country, certainty, kind, source, and a date range.
fn filter_ui(ui: &mut Ui, view: &SearchView<'_>, state: &mut SearchState) -> Vec<Action> {
    let mut changed = view.filter.clone();
    ui.horizontal_wrapped(|ui| {
        let mut countries: Vec<&str> = view
            .data
            .places
            .iter()
            .map(|p| p.country.as_str())
            .collect();
        countries.sort_unstable();
        countries.dedup();
        choose_ui(
            ui,
            "Country",
            "Any country",
            &countries
                .iter()
                .map(|c| ((*c).to_owned(), (*c).to_owned()))
                .collect::<Vec<_>>(),
            &mut changed.countries,
        );
        choose_ui(
            ui,
            "Certainty",
            "Any certainty",
            &Certainty::ALL.map(|c| (c, c.label().to_owned())),
            &mut changed.certainties,
        );
        choose_ui(
            ui,
            "Kind",
            "Any kind",
            &[
                (RecordKind::Meeting, "Meetings".to_owned()),
                (RecordKind::Leg, "Flights".to_owned()),
                (RecordKind::Stay, "Stays".to_owned()),
                (RecordKind::Note, "Notes".to_owned()),
            ],
            &mut changed.kinds,
        );
        let sources: Vec<(SourceIdx, String)> = view
            .data
            .sources
            .iter()
            .enumerate()
            .map(|(i, s)| (SourceIdx(i as u32), s.title.clone()))
            .collect();
        choose_ui(ui, "Source", "Any source", &sources, &mut changed.sources);
    });
    ui.horizontal(|ui| {
        changed.from = date_ui(ui, "From", &mut state.from_text, view.filter.from, false);
        changed.to = date_ui(ui, "To", &mut state.to_text, view.filter.to, true);
        if ui
            .add_enabled(
                !changed.records_only_by_people(),
                egui::Button::new("Clear filters"),
            )
            .clicked()
        {
            changed = view.filter.people.clone().into();
            state.from_text.clear();
            state.to_text.clear();
        }
    });
    if changed == *view.filter {
        Vec::new()
    } else {
        vec![Action::SetFilter(Box::new(changed))]
    }
}

/// A drop-down choosing one value of a set, or any (the set empty).
fn choose_ui<T: Clone + Ord>(
    ui: &mut Ui,
    label: &str,
    any: &str,
    options: &[(T, String)],
    chosen: &mut std::collections::BTreeSet<T>,
) {
    let shown = match chosen.len() {
        0 => any.to_owned(),
        1 => options
            .iter()
            .find(|(v, _)| chosen.contains(v))
            .map_or_else(|| "1 chosen".to_owned(), |(_, name)| name.clone()),
        n => format!("{n} chosen"),
    };
    let combo = egui::ComboBox::from_id_salt(label)
        .selected_text(shown)
        .show_ui(ui, |ui| {
            if ui.selectable_label(chosen.is_empty(), any).clicked() {
                chosen.clear();
            }
            for (value, name) in options {
                if ui.selectable_label(chosen.contains(value), name).clicked() {
                    *chosen = [value.clone()].into();
                }
            }
        });
    let _ = combo.response.accessible_name(label).on_hover_text(label);
}

/// A date field (YYYY-MM-DD): the instant it means (the day's start, or its end for `end_of_day`), or
/// the filter's value while the text is not a date yet. Empty clears it.
fn date_ui(
    ui: &mut Ui,
    label: &str,
    text: &mut String,
    current: Option<DateTime<Utc>>,
    end_of_day: bool,
) -> Option<DateTime<Utc>> {
    if text.is_empty()
        && let Some(t) = current
    {
        *text = t.format("%Y-%m-%d").to_string();
    }
    let name = ui.label(label);
    let response = ui
        .add(
            TextEdit::singleline(text)
                .hint_text("YYYY-MM-DD")
                .desired_width(90.0),
        )
        .labelled_by(name.id);
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return if response.changed() { None } else { current };
    }
    match NaiveDate::parse_from_str(trimmed, "%Y-%m-%d") {
        Ok(day) => {
            let time = if end_of_day {
                day.and_hms_opt(23, 59, 59)
            } else {
                day.and_hms_opt(0, 0, 0)
            };
            time.map(|t| t.and_utc()).or(current)
        }
        Err(_) => {
            ui.colored_label(ui.visuals().error_fg_color, "not a date");
            current
        }
    }
}
