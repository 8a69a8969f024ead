//! The people filter: show only the trips and meetings of chosen people, or only the meetings where
//! all of them were present. The map fades the places of everyone else's records.

use egui::Ui;

use super::Action;
use crate::data::{Dataset, PersonIdx};
use crate::timeline::PersonFilter;

/// A checkbox per person, and a button to show everyone again.
pub fn filters_ui(ui: &mut Ui, data: &Dataset, filter: &PersonFilter) -> Vec<Action> {
    let mut actions = Vec::new();
    ui.heading("People");
    ui.label(if filter.everyone() {
        "Showing everyone"
    } else if filter.all_present {
        "Showing trips of the people ticked, and meetings with all of them"
    } else {
        "Showing only the people ticked"
    });
    let mut all_present = filter.all_present;
    let response = ui
        .add_enabled(
            filter.only.len() >= 2,
            egui::Checkbox::new(&mut all_present, "Only meetings with all of them present"),
        )
        .on_hover_text(
            "Tick two or more people: list only the meetings every one of them took part in",
        )
        .on_disabled_hover_text("Tick two or more people first");
    if response.changed() {
        actions.push(Action::SetAllPresent(all_present));
    }
    if ui
        .add_enabled(!filter.everyone(), egui::Button::new("Show everyone"))
        .clicked()
    {
        actions.push(Action::ShowEveryone);
    }
    ui.separator();
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            for (i, person) in data.people.iter().enumerate() {
                let idx = PersonIdx(i as u32);
                let mut on = filter.only.contains(&idx);
                let response = ui.checkbox(&mut on, &person.name);
                let response = match &person.role {
                    Some(role) => response.on_hover_text(role),
                    None => response,
                };
                if response.changed() {
                    actions.push(Action::TogglePerson(idx));
                }
            }
        });
    actions
}
