//! The review list (View ▸ Places to review): the place texts that were ambiguous or could not be
//! placed, grouped, with how many stays each has. Picking one of the gazetteer's candidates, or a place
//! found by typing, places every stay with that text, as one undoable edit.

use std::collections::BTreeMap;

use egui::{RichText, Ui};

use super::Action;
use crate::data::geocode::{GeoMatch, Geocoder};
use crate::data::review::{Choice, ReviewGroup, place_group};
use crate::data::{Dataset, GeocodeStatus, Place};

/// What the user has typed to search for each text's place (by the text and its country).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReviewState {
    pub queries: BTreeMap<String, String>,
}

/// The window. `groups` are the flagged texts (`data::review::review_groups`, worked out when the data
/// changes).
pub fn review_ui(
    ctx: &egui::Context,
    data: &Dataset,
    groups: &[ReviewGroup],
    state: &mut ReviewState,
    open: &mut bool,
) -> Vec<Action> {
    let mut actions = Vec::new();
    egui::Window::new("Places to review")
        .open(open)
        .default_width(420.0)
        .default_height(480.0)
        .show(ctx, |ui| {
            if groups.is_empty() {
                ui.label("Every place text was placed. Nothing to review.");
                return;
            }
            let stays: usize = groups.iter().map(|g| g.stays.len()).sum();
            ui.label(format!(
                "{} place texts, on {stays} stays, need a decision. Choosing a place for a text \
                 moves every stay with it (Ctrl+Z undoes it).",
                groups.len()
            ));
            ui.separator();
            egui::ScrollArea::vertical().show(ui, |ui| {
                for group in groups {
                    actions.extend(group_ui(ui, data, group, state));
                }
            });
        });
    actions
}

fn key(group: &ReviewGroup) -> String {
    match &group.country_text {
        Some(c) => format!("{} ({c})", group.place_text),
        None => group.place_text.clone(),
    }
}

fn group_ui(
    ui: &mut Ui,
    data: &Dataset,
    group: &ReviewGroup,
    state: &mut ReviewState,
) -> Option<Action> {
    let mut action = None;
    let key = key(group);
    let n = group.stays.len();
    let status = match group.status {
        GeocodeStatus::Ambiguous => "ambiguous",
        _ => "not placed",
    };
    let title = format!(
        "“{key}”: {status}, {n} stay{}",
        if n == 1 { "" } else { "s" }
    );
    egui::CollapsingHeader::new(title)
        .id_salt(("review", &key))
        .default_open(true)
        .show(ui, |ui| {
            if let Some(reason) = &group.reason {
                ui.label(RichText::new(reason).small().italics());
            }
            for c in &group.candidates {
                let label = format!("Place at {}, {}", c.name, c.country);
                if ui
                    .button(&label)
                    .on_hover_text(format!("{:.3}, {:.3}", c.lat, c.lon))
                    .clicked()
                    && let Some(choice) = Choice::of_candidate(c)
                {
                    action = Some(Action::Edit(place_group(data, group, choice)));
                }
            }
            let query = state.queries.entry(key.clone()).or_default();
            ui.add(
                egui::TextEdit::singleline(query)
                    .hint_text("Type a place…")
                    .desired_width(240.0),
            )
            .accessible_name(format!("Place for {key}"));
            if query.trim().len() >= 2 {
                for m in Geocoder::bundled().suggest(query, 5) {
                    let label = format!("{}, {}", m.name, m.country);
                    if ui.button(&label).clicked() {
                        action = Some(Action::Edit(place_group(
                            data,
                            group,
                            Choice::New(place_of(&m), m.geonames_id),
                        )));
                    }
                }
            }
        });
    action
}

/// A gazetteer suggestion as a new place.
fn place_of(m: &GeoMatch) -> Place {
    Place {
        id: String::new(),
        name: m.name.clone(),
        city: m.name.clone(),
        country: m.country.clone(),
        position: m.position,
        tz: m.tz,
        accuracy: Some("city (gazetteer)".into()),
    }
}
