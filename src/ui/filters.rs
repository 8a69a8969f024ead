//! The people filter: show only the trips and meetings of chosen people.

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
    } else {
        "Showing only the people ticked"
    });
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
