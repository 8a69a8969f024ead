//! The side panel of a selected city: every meeting held there, oldest first, with what each source
//! says, and the flights in and out. Times show in the city's local time and in UTC, or as the date
//! alone when only the day is known.

use egui::{RichText, Ui};

use super::Action;
use crate::data::{Cities, CityIdx, Dataset, Leg, Meeting, MeetingIdx, SourceIdx};

/// The panel's contents. Returns what the user asked for.
pub fn city_panel_ui(ui: &mut Ui, data: &Dataset, cities: &Cities, idx: CityIdx) -> Vec<Action> {
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
            let flights: Vec<&Leg> = data
                .legs
                .iter()
                .filter(|l| city.places.contains(&l.from) || city.places.contains(&l.to))
                .collect();
            if !flights.is_empty() {
                ui.add_space(8.0);
                ui.label(RichText::new("Flights").strong());
                for leg in flights {
                    flight_ui(ui, data, leg, city.places.contains(&leg.to));
                }
            }
        });
    actions
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
        sources_ui(ui, data, &m.sources);
    });
    action
}

fn flight_ui(ui: &mut Ui, data: &Dataset, leg: &Leg, arriving: bool) {
    let place = |p| data.place(p);
    let (Some(from), Some(to)) = (place(leg.from), place(leg.to)) else {
        return;
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
    ui.label(format!("{text} ({})", data.names(&leg.travellers)));
    for d in &leg.disputes {
        ui.weak(format!(
            "Disputed {}: {} — {}",
            d.field,
            d.claim,
            source_names(data, &d.sources)
        ));
    }
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

/// Sources as links: they open only when clicked, never by themselves.
fn sources_ui(ui: &mut Ui, data: &Dataset, sources: &[SourceIdx]) {
    ui.horizontal_wrapped(|ui| {
        ui.weak("Sources:");
        for s in sources.iter().filter_map(|s| data.source(*s)) {
            let name = s.publisher.as_deref().unwrap_or(&s.title);
            match &s.url {
                Some(url) => {
                    ui.hyperlink_to(name, url)
                        .on_hover_text(format!("{}\n{url}", s.title));
                }
                None => {
                    ui.label(name).on_hover_text(&s.title);
                }
            }
        }
    });
}
