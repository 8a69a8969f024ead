//! The column-mapping step: a spreadsheet whose header does not say which column holds the person, the
//! dates and the place is shown as a preview, with a role picker above each column. The choice is
//! remembered for that header, so the same export opens directly next time.

use egui::{RichText, Ui};

use super::Action;
use crate::formats::itinerary::{ColumnRoles, Role};

/// The draft: the file's first rows and the roles picked so far (one per column).
#[derive(Clone, Debug, PartialEq)]
pub struct ColumnMapping {
    pub path: std::path::PathBuf,
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// The roles not found in the header, in words.
    pub missing: String,
    /// The role of each column, as picked.
    pub roles: Vec<Role>,
}

impl ColumnMapping {
    /// A draft with the roles the header's names suggest.
    pub fn new(
        path: std::path::PathBuf,
        header: Vec<String>,
        rows: Vec<Vec<String>>,
        missing: String,
    ) -> Self {
        let roles = ColumnRoles::from_header(&header).roles;
        Self {
            path,
            header,
            rows,
            missing,
            roles,
        }
    }
}

/// The step's window. The picks are a draft the window edits; opening or cancelling is an action.
pub fn column_mapping_ui(ctx: &egui::Context, m: &mut ColumnMapping) -> Vec<Action> {
    let mut actions = Vec::new();
    let name = m
        .path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    egui::Window::new("Which column is which?")
        .collapsible(false)
        .resizable(true)
        .default_width(640.0)
        .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
        .show(ctx, |ui| {
            ui.label(format!(
                "travelmap could not tell which column of {name} holds the {}. Pick each column's \
                 role; the choice is remembered for files with this header.",
                m.missing
            ));
            ui.add_space(6.0);
            egui::ScrollArea::both().max_height(320.0).show(ui, |ui| {
                preview_grid_ui(ui, m);
            });
            ui.add_space(6.0);
            let roles = ColumnRoles {
                roles: m.roles.clone(),
            };
            let missing = roles.missing();
            if !missing.is_empty() {
                ui.label(
                    RichText::new(format!("Still needed: {}", missing.join(", ")))
                        .color(ui.visuals().warn_fg_color),
                );
            }
            ui.horizontal(|ui| {
                let open = ui.add_enabled(
                    roles.complete(),
                    egui::Button::new("Open with these columns"),
                );
                if open.clicked() {
                    actions.push(Action::MapColumns(m.roles.clone()));
                }
                if ui.button("Cancel").clicked() {
                    actions.push(Action::CancelColumns);
                }
            });
        });
    actions
}

/// The header with a role picker over each column, then the first rows.
fn preview_grid_ui(ui: &mut Ui, m: &mut ColumnMapping) {
    egui::Grid::new("column-mapping")
        .striped(true)
        .show(ui, |ui| {
            for (i, (column, role)) in m.header.iter().zip(m.roles.iter_mut()).enumerate() {
                ui.vertical(|ui| {
                    ui.label(RichText::new(column).strong());
                    egui::ComboBox::from_id_salt(("role", i))
                        .selected_text(role.key())
                        .show_ui(ui, |ui| {
                            for r in Role::ALL {
                                ui.selectable_value(role, r, r.key())
                                    .accessible_name(format!("{column}: {}", r.key()));
                            }
                        })
                        .response
                        .accessible_name(format!("Role of {column}"));
                });
            }
            ui.end_row();
            for row in &m.rows {
                for i in 0..m.header.len() {
                    ui.label(row.get(i).map_or("", String::as_str));
                }
                ui.end_row();
            }
        });
}
