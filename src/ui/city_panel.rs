//! The side panel of a selected city: every meeting held there, oldest first, with what each source
//! says, the flights in and out, and the notes that name the city. Times show in the city's local time
//! and in UTC, or as the date alone when only the day is known. Also the windows a reporter opens from
//! it: a flight's details, the list of all notes, and a link's address.
//!
//! Under the meetings, "Also here at the same time" lists the co-presences at the city on the cursor's
//! local day (or in the range chosen on the timeline): two people in town at once with no reported
//! meeting. They are possible encounters, not facts, so each says how much the two overlap and, where
//! the evidence is only to the day, says that too.
//!
//! Text is selectable (egui's labels are), each meeting and flight has a "Copy" button for a plain-text
//! summary with its sources' addresses, and every source link can be copied. Opening a link can't be
//! checked (the browser is another program), so clicking one also shows its address to copy.

use chrono::{DateTime, Utc};
use egui::{RichText, Ui};

use super::Action;
use crate::data::{
    Cities, City, CityIdx, Dataset, GeocodeStatus, Leg, LegIdx, Meeting, MeetingIdx, Note,
    Precision, SourceIdx, Stay, When,
};
use crate::encounters::{Encounter, EncounterKind, Encounters, Exactness};

/// What the panel needs to list the co-presences at the city.
pub struct AlsoHere<'a> {
    pub encounters: &'a Encounters,
    pub cursor: DateTime<Utc>,
    /// The range chosen on the timeline, if one is: list its co-presences instead of the cursor's day.
    pub range: Option<(DateTime<Utc>, DateTime<Utc>)>,
    /// Co-presence is still being worked out in the background.
    pub working: bool,
}

/// At most this many co-presences are listed; the rest are counted.
const CO_PRESENCES_LISTED: usize = 30;

/// The panel's contents. Returns what the user asked for.
pub fn city_panel_ui(
    ui: &mut Ui,
    data: &Dataset,
    cities: &Cities,
    idx: CityIdx,
    also_here: &AlsoHere<'_>,
) -> Vec<Action> {
    let mut actions = Vec::new();
    let Some(city) = cities.get(idx) else {
        return vec![Action::SelectCity(None)];
    };
    ui.horizontal(|ui| {
        ui.heading(&city.name);
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            let close = ui
                .button("×")
                .accessible_name("Close details")
                .on_hover_text("Close (Esc)");
            if close.clicked() {
                actions.push(Action::SelectCity(None));
            }
        });
    });
    ui.label(format!("{} · time zone {}", city.country, city.tz.name()));
    ui.separator();
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            let n = city.meetings.len();
            ui.label(
                RichText::new(format!("{n} meeting{} here", if n == 1 { "" } else { "s" }))
                    .strong(),
            );
            for m in &city.meetings {
                if let Some(meeting) = data.meetings.get(m.index()) {
                    actions.extend(meeting_ui(ui, data, *m, meeting, city.tz));
                }
            }
            also_here_ui(ui, data, idx, city, also_here);
            if !city.stays.is_empty() {
                ui.add_space(8.0);
                let n = city.stays.len();
                ui.label(
                    RichText::new(format!(
                        "Who was here, when ({n} stay{})",
                        if n == 1 { "" } else { "s" }
                    ))
                    .strong(),
                );
                for st in &city.stays {
                    if let Some(stay) = data.stay(*st) {
                        stay_ui(ui, data, stay, city.tz);
                    }
                }
            }
            let flights: Vec<(LegIdx, &Leg)> = city
                .legs
                .iter()
                .filter_map(|i| data.legs.get(i.index()).map(|l| (*i, l)))
                .collect();
            if !flights.is_empty() {
                ui.add_space(8.0);
                ui.label(RichText::new("Flights").strong());
                for (idx, leg) in flights {
                    actions.extend(flight_ui(ui, data, idx, leg, city.places.contains(&leg.to)));
                }
            }
            let notes: Vec<&Note> = notes_about(data, city).collect();
            if !notes.is_empty() {
                ui.add_space(8.0);
                ui.label(RichText::new("Notes").strong());
                for note in notes {
                    actions.extend(note_ui(ui, data, note));
                }
            }
        });
    actions
}

/// One stay: who, from when to when (local dates, as reported), as what, and where its place came from
/// when it was free text that needed a guess.
/// "Also here at the same time:", then each co-presence at the city around the cursor.
fn also_here_ui(ui: &mut Ui, data: &Dataset, idx: CityIdx, city: &City, also: &AlsoHere<'_>) {
    if also.working {
        ui.add_space(8.0);
        ui.weak("Working out who else was here at the same time…");
        return;
    }
    let (from, to) = also
        .range
        .unwrap_or_else(|| local_day(also.cursor, city.tz));
    let found: Vec<&Encounter> = also
        .encounters
        .at_city(idx, from, to)
        .into_iter()
        .filter_map(|i| also.encounters.get(i))
        .filter(|e| e.kind == EncounterKind::CoPresence)
        // A stay that ended at midnight is not here the day after: the interval is half-open.
        .filter(|e| (e.end > from || e.start == e.end) && e.start < to)
        .collect();
    if found.is_empty() {
        return;
    }
    ui.add_space(8.0);
    ui.label(RichText::new("Also here at the same time:").strong())
        .on_hover_text(
            "Both were in the city at overlapping times, with no reported meeting of the two: a \
             possible encounter (inferred), not a meeting.",
        );
    for e in found.iter().take(CO_PRESENCES_LISTED) {
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new("◌").color(crate::style::CO_PRESENCE));
            ui.label(co_presence_text(data, e, city.tz));
        });
    }
    if found.len() > CO_PRESENCES_LISTED {
        ui.weak(format!("and {} more", found.len() - CO_PRESENCES_LISTED));
    }
}

/// The local day of `t` in `tz`, as a UTC interval from its first instant to the next day's.
fn local_day(t: DateTime<Utc>, tz: chrono_tz::Tz) -> (DateTime<Utc>, DateTime<Utc>) {
    let day = t.with_timezone(&tz).date_naive();
    When::local_span(day, Precision::Day, false, tz).map_or((t, t), |w| (w.start_utc, w.end_utc))
}

/// "Anna Berg and Boris Lind, Sun 5 Jan 2025 – Tue 7 Jan 2025 (overlap of 3 days, both
/// day-precision)".
pub fn co_presence_text(data: &Dataset, e: &Encounter, tz: chrono_tz::Tz) -> String {
    let name = |p| data.person(p).map_or("?", |p| p.name.as_str());
    let when = if e.exactness == Exactness::BothDays {
        let (first, last) = e.local_days();
        let day = |d: chrono::NaiveDate| d.format("%a %-d %b %Y").to_string();
        if first == last {
            day(first)
        } else {
            format!("{} – {}", day(first), day(last))
        }
    } else {
        let (start, end) = (e.start.with_timezone(&tz), e.end.with_timezone(&tz));
        let same_day = start.date_naive() == end.date_naive();
        let end_format = if same_day {
            "%H:%M %Z"
        } else {
            "%a %-d %b %Y %H:%M %Z"
        };
        format!(
            "{} – {}",
            start.format("%a %-d %b %Y %H:%M"),
            end.format(end_format)
        )
    };
    format!(
        "{} and {}, {when} ({})",
        name(e.a),
        name(e.b),
        e.overlap_text()
    )
}

fn stay_ui(ui: &mut Ui, data: &Dataset, stay: &Stay, tz: chrono_tz::Tz) {
    let who = data.person(stay.person).map_or("?", |p| p.name.as_str());
    let text = stay_text(who, stay, tz);
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new("■").color(crate::style::STAY));
        ui.label(&text);
    });
    if let Some(g) = &stay.geocode {
        let flag = match g.status {
            GeocodeStatus::Given | GeocodeStatus::Exact => None,
            GeocodeStatus::Alternate => Some(format!("from \"{}\" (another name)", g.place_text)),
            GeocodeStatus::Fuzzy => Some(format!(
                "from \"{}\" (a loose match: check it)",
                g.place_text
            )),
            GeocodeStatus::Country => {
                Some(format!("\"{}\": only the country is known", g.place_text))
            }
            GeocodeStatus::Ambiguous => Some(format!(
                "\"{}\" is ambiguous: placed provisionally",
                g.place_text
            )),
            GeocodeStatus::Unresolved => Some(format!("\"{}\" was not placed", g.place_text)),
        };
        if let Some(flag) = flag {
            ui.label(RichText::new(flag).small().italics());
        }
        if !g.others.is_empty() {
            ui.label(RichText::new(format!("also listed: {}", g.others.join(", "))).small());
        }
    }
    if let Some(remarks) = &stay.remarks {
        ui.label(RichText::new(remarks).small());
    }
}

/// "Andrei Gromyko, Mon 11 May 1959 – Sat 20 Jun 1959 (foreign minister)".
pub fn stay_text(who: &str, stay: &Stay, tz: chrono_tz::Tz) -> String {
    let start = stay.start.display_in(tz);
    let dates = if stay.end == stay.start {
        start
    } else {
        format!("{start} – {}", stay.end.display_in(tz))
    };
    match &stay.role {
        Some(role) => format!("{who}, {dates} ({role})"),
        None => format!("{who}, {dates}"),
    }
}

/// The notes that concern a city: notes have no place, so those whose text names it.
pub fn notes_about<'a>(data: &'a Dataset, city: &'a City) -> impl Iterator<Item = &'a Note> + 'a {
    let name = city.name.to_lowercase();
    data.notes
        .iter()
        .filter(move |n| n.text.to_lowercase().contains(&name))
}

fn meeting_ui(
    ui: &mut Ui,
    data: &Dataset,
    idx: MeetingIdx,
    m: &Meeting,
    tz: chrono_tz::Tz,
) -> Option<Action> {
    let mut action = None;
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        let date = m.start.display_in(tz);
        let go = ui
            .link(RichText::new(&date).strong())
            .on_hover_text("Move the timeline to this meeting");
        if go.clicked() {
            action = Some(Action::FocusMeeting(idx));
        }
        ui.weak(m.start.display_utc());
        if let Some(end) = m.end {
            ui.label(format!(
                "until {} ({})",
                end.display_in(tz),
                end.display_utc()
            ));
        }
        let place = data
            .place(m.place)
            .map(|p| p.name.as_str())
            .unwrap_or_default();
        ui.label(format!("Where: {}", m.venue.as_deref().unwrap_or(place)));
        for claim in &m.durations {
            ui.label(format!(
                "Duration: {} — {}",
                claim.text,
                source_names(data, &claim.sources)
            ));
        }
        if !m.participants.is_empty() {
            ui.label(format!("Participants: {}", data.names(&m.participants)));
        }
        if !m.topic.is_empty() {
            ui.label(format!("Topic: {}", m.topic));
        }
        ui.label(format!("Certainty: {}", m.certainty.label()));
        for d in &m.disputes {
            ui.label(format!(
                "Disputed {}: {} — {}",
                d.field,
                d.claim,
                source_names(data, &d.sources)
            ));
        }
        if let Some(note) = &m.note {
            ui.weak(note);
        }
        ui.horizontal_wrapped(|ui| {
            action = action.take().or(sources_ui(ui, data, &m.sources));
            copy_button(ui, "Copy meeting", || meeting_text(data, m, tz));
        });
    });
    action
}

/// A meeting as plain text, for pasting into notes or an article.
fn meeting_text(data: &Dataset, m: &Meeting, tz: chrono_tz::Tz) -> String {
    let place = data.place(m.place);
    let mut lines = vec![
        format!("{} ({})", m.start.display_in(tz), m.start.display_utc()),
        format!(
            "Where: {}",
            m.venue
                .as_deref()
                .or(place.map(|p| p.name.as_str()))
                .unwrap_or_default()
        ),
    ];
    if !m.participants.is_empty() {
        lines.push(format!("Participants: {}", data.names(&m.participants)));
    }
    if !m.topic.is_empty() {
        lines.push(format!("Topic: {}", m.topic));
    }
    for claim in &m.durations {
        lines.push(format!(
            "Duration: {} ({})",
            claim.text,
            source_names(data, &claim.sources)
        ));
    }
    lines.push(format!("Certainty: {}", m.certainty.label()));
    lines.extend(disputes_text(data, &m.disputes));
    lines.extend(sources_text(data, &m.sources));
    lines.join("\n")
}

fn disputes_text(data: &Dataset, disputes: &[crate::data::Dispute]) -> Vec<String> {
    disputes
        .iter()
        .map(|d| {
            format!(
                "Disputed {}: {} ({})",
                d.field,
                d.claim,
                source_names(data, &d.sources)
            )
        })
        .collect()
}

fn sources_text(data: &Dataset, sources: &[SourceIdx]) -> Vec<String> {
    sources
        .iter()
        .filter_map(|s| data.source(*s))
        .map(|s| {
            let by = s
                .publisher
                .as_deref()
                .map_or(String::new(), |p| format!("{p}: "));
            match &s.url {
                Some(url) => format!("Source: {by}{} <{url}>", s.title),
                None => format!("Source: {by}{}", s.title),
            }
        })
        .collect()
}

/// A small button that copies `text()` to the clipboard.
fn copy_button(ui: &mut Ui, name: &str, text: impl FnOnce() -> String) {
    if ui
        .small_button("Copy")
        .accessible_name(name)
        .on_hover_text(format!("{name} as text"))
        .clicked()
    {
        ui.ctx().copy_text(text());
    }
}

fn flight_ui(
    ui: &mut Ui,
    data: &Dataset,
    idx: LegIdx,
    leg: &Leg,
    arriving: bool,
) -> Option<Action> {
    let place = |p| data.place(p);
    let (Some(from), Some(to)) = (place(leg.from), place(leg.to)) else {
        return None;
    };
    let text = if arriving {
        let when = leg.arrival.map_or_else(
            || "arrival time unknown".to_owned(),
            |w| w.display_in(to.tz),
        );
        format!("Arrived from {}: {when}", from.city)
    } else {
        let when = leg.departure.map_or_else(
            || "departure time unknown".to_owned(),
            |w| w.display_in(from.tz),
        );
        format!("Left for {}: {when}", to.city)
    };
    let open = ui
        .link(format!("{text} ({})", data.names(&leg.travellers)))
        .on_hover_text("Show the flight's details");
    for d in &leg.disputes {
        ui.weak(format!(
            "Disputed {}: {} — {}",
            d.field,
            d.claim,
            source_names(data, &d.sources)
        ));
    }
    open.clicked().then_some(Action::SelectLeg(Some(idx)))
}

/// A note in a list: its date (a link that moves the timeline there), text, people and sources.
fn note_ui(ui: &mut Ui, data: &Dataset, note: &Note) -> Option<Action> {
    let mut action = None;
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        let go = ui
            .link(RichText::new(format!("Note of {}", note.when.display_in(note.tz))).strong())
            .on_hover_text("Move the timeline to this note");
        if go.clicked() {
            action = Some(Action::Time(crate::timeline::TimeCommand::SetCursor(
                note.when.midpoint_utc(),
            )));
        }
        ui.label(&note.text);
        if !note.people.is_empty() {
            ui.weak(format!("People: {}", data.names(&note.people)));
        }
        ui.horizontal_wrapped(|ui| {
            action = action.take().or(sources_ui(ui, data, &note.sources));
        });
    });
    action
}

/// The notes window (View ▸ Notes): every dated item that has no place, oldest first.
pub fn notes_ui(ctx: &egui::Context, data: &Dataset, open: &mut bool) -> Vec<Action> {
    let mut actions = Vec::new();
    egui::Window::new("Notes")
        .open(open)
        .default_width(420.0)
        .default_height(420.0)
        .show(ctx, |ui| {
            let mut notes: Vec<&Note> = data.notes.iter().collect();
            notes.sort_by_key(|n| n.when.start_utc);
            if notes.is_empty() {
                ui.weak("This dataset has no notes.");
            }
            egui::ScrollArea::vertical().show(ui, |ui| {
                for note in notes {
                    actions.extend(note_ui(ui, data, note));
                }
            });
        });
    actions
}

/// How precisely a time was reported, in words.
fn precision_text(when: &When) -> &'static str {
    match (when.precision, when.approximate) {
        (Precision::Minute, false) => "reported to the minute",
        (Precision::Minute, true) => "reported as an approximate time",
        (Precision::Day, _) => "only the day was reported",
        _ => "only the part of the day was reported",
    }
}

/// A flight's details: who flew, when (with how precisely each time was reported, and what the
/// timeline estimates when one is missing), the sources and the disputes.
pub fn flight_window_ui(ctx: &egui::Context, data: &Dataset, idx: LegIdx) -> Vec<Action> {
    let mut actions = Vec::new();
    let Some(leg) = data.legs.get(idx.index()) else {
        return vec![Action::SelectLeg(None)];
    };
    let (Some(from), Some(to)) = (data.place(leg.from), data.place(leg.to)) else {
        return vec![Action::SelectLeg(None)];
    };
    let mut open = true;
    egui::Window::new(format!("Flight: {} → {}", from.city, to.city))
        .id(egui::Id::unique("flight details"))
        .open(&mut open)
        .default_width(380.0)
        .show(ctx, |ui| {
            ui.label(format!("Travellers: {}", data.names(&leg.travellers)));
            let (estimated_from, estimated_to) = leg.flight_window(data.leg_distance_km(leg));
            let time = |ui: &mut Ui,
                        what: &str,
                        when: Option<When>,
                        place: &crate::data::Place,
                        estimate| {
                match when {
                    Some(w) => {
                        ui.label(format!(
                            "{what}: {} from {}",
                            w.display_in(place.tz),
                            place.name
                        ));
                        ui.weak(format!("{} · {}", w.display_utc(), precision_text(&w)));
                    }
                    None => {
                        ui.label(format!("{what} from {}: not reported", place.name));
                        ui.weak(format!(
                            "the timeline estimates {} (great-circle distance at {} km/h)",
                            chrono::DateTime::<chrono::Utc>::format(
                                &estimate,
                                "%-d %b %Y %H:%M UTC"
                            ),
                            crate::data::ASSUMED_SPEED_KMH
                        ));
                    }
                }
            };
            time(ui, "Departure", leg.departure, from, estimated_from);
            time(ui, "Arrival", leg.arrival, to, estimated_to);
            ui.label(format!(
                "Distance: {:.0} km (great circle)",
                data.leg_distance_km(leg)
            ));
            ui.label(format!("Certainty: {}", leg.certainty.label()));
            for d in &leg.disputes {
                ui.label(format!(
                    "Disputed {}: {} — {}",
                    d.field,
                    d.claim,
                    source_names(data, &d.sources)
                ));
            }
            if let Some(note) = &leg.note {
                ui.weak(note);
            }
            ui.horizontal_wrapped(|ui| {
                actions.extend(sources_ui(ui, data, &leg.sources));
                copy_button(ui, "Copy flight", || flight_text(data, leg));
            });
            if ui.button("Go to departure").clicked() {
                actions.push(Action::Time(crate::timeline::TimeCommand::SetCursor(
                    estimated_from,
                )));
            }
        });
    if !open {
        actions.push(Action::SelectLeg(None));
    }
    actions
}

/// A flight as plain text.
fn flight_text(data: &Dataset, leg: &Leg) -> String {
    let (Some(from), Some(to)) = (data.place(leg.from), data.place(leg.to)) else {
        return String::new();
    };
    let at = |w: Option<When>, p: &crate::data::Place| {
        w.map_or_else(
            || "not reported".to_owned(),
            |w| format!("{} ({})", w.display_in(p.tz), w.display_utc()),
        )
    };
    let mut lines = vec![
        format!("Flight: {} → {}", from.name, to.name),
        format!("Travellers: {}", data.names(&leg.travellers)),
        format!("Departure: {}", at(leg.departure, from)),
        format!("Arrival: {}", at(leg.arrival, to)),
        format!("Certainty: {}", leg.certainty.label()),
    ];
    lines.extend(disputes_text(data, &leg.disputes));
    lines.extend(sources_text(data, &leg.sources));
    lines.join("\n")
}

/// After a link is clicked: its address, selectable and with a copy button, in case no browser opened.
pub fn link_ui(ctx: &egui::Context, url: &str) -> Option<Action> {
    let mut action = None;
    let mut open = true;
    egui::Window::new("Link")
        .id(egui::Id::unique("link"))
        .open(&mut open)
        .collapsible(false)
        .resizable(false)
        .anchor(egui::Align2::CENTER_TOP, egui::vec2(0.0, 60.0))
        .show(ctx, |ui| {
            ui.label("Opening in your browser. If none opens, copy the address:");
            ui.add(egui::Label::new(RichText::new(url).monospace()).wrap());
            ui.horizontal(|ui| {
                if ui.button("Copy link").clicked() {
                    ui.ctx().copy_text(url.to_owned());
                    action = Some(Action::ShowLink(None));
                }
                if ui.button("Close").clicked() {
                    action = Some(Action::ShowLink(None));
                }
            });
        });
    if !open {
        action = Some(Action::ShowLink(None));
    }
    action
}

fn source_names(data: &Dataset, sources: &[SourceIdx]) -> String {
    let names: Vec<&str> = sources
        .iter()
        .filter_map(|s| data.source(*s))
        .map(|s| s.publisher.as_deref().unwrap_or(&s.title))
        .collect();
    if names.is_empty() {
        "no source".to_owned()
    } else {
        names.join(", ")
    }
}

/// Sources as links: they open only when clicked, never by themselves. A click also shows the address
/// ([`Action::ShowLink`]); right-click offers "Copy link". Call inside a wrapping row.
fn sources_ui(ui: &mut Ui, data: &Dataset, sources: &[SourceIdx]) -> Option<Action> {
    let mut action = None;
    ui.weak("Sources:");
    for s in sources.iter().filter_map(|s| data.source(*s)) {
        let name = s.publisher.as_deref().unwrap_or(&s.title);
        match &s.url {
            Some(url) => {
                let link = ui
                    .hyperlink_to(name, url)
                    .on_hover_text(format!("{}\n{url}\nRight-click to copy the link", s.title));
                if link.clicked() {
                    action = Some(Action::ShowLink(Some(url.clone())));
                }
                link.context_menu(|ui| {
                    if ui.button("Copy link").clicked() {
                        ui.ctx().copy_text(url.clone());
                        ui.close();
                    }
                });
            }
            None => {
                ui.label(name).on_hover_text(&s.title);
            }
        }
    }
    action
}
