//! The data editor on its own, driven with `egui_kittest` as a person would: type, pick a suggestion,
//! choose, tick, click; then check the dataset and the undo history. The edits the editor returns are
//! applied through a `History`, as the app does.

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use travelmap::data::edit::History;
use travelmap::data::{Dataset, PersonIdx, PlaceIdx, Precision};
use travelmap::ui::Action;
use travelmap::ui::editor::{EditorState, editor_ui};

/// What the editor edits, and its view state.
struct Editing {
    data: Dataset,
    history: History,
    editor: EditorState,
}

impl Editing {
    fn apply(&mut self, action: Action) {
        match action {
            Action::Edit(edit) => {
                if let Err(e) = self.history.apply(&mut self.data, edit) {
                    self.editor.report(&e);
                }
            }
            Action::Undo => {
                self.history.undo(&mut self.data);
            }
            Action::Redo => {
                self.history.redo(&mut self.data);
            }
            other => panic!("the editor returned {other:?}"),
        }
    }
}

fn small() -> Dataset {
    travelmap::data::load_str(
        r#"{
          "format": "travelmap/1", "title": "test",
          "places": [
            {"id": "moscow", "name": "Moscow", "country": "Russia", "lat": 55.75, "lon": 37.62, "tz": "Europe/Moscow"}
          ],
          "people": [
            {"id": "witkoff", "name": "Steve Witkoff"},
            {"id": "dmitriev", "name": "Kirill Dmitriev"}
          ],
          "meetings": [
            {"id": "moscow-0313", "place": "moscow", "start": "2025-03-13", "participants": ["witkoff"]}
          ]
        }"#,
        "test",
    )
    .unwrap_or_else(|e| panic!("the test data loads: {e}"))
}

fn harness(data: Dataset) -> Harness<'static, Editing> {
    let state = Editing {
        data,
        history: History::new(),
        editor: EditorState::default(),
    };
    let mut h = Harness::builder()
        .with_size(egui::vec2(560.0, 1100.0))
        .with_max_steps(8)
        .build_ui_state(
            |ui, s: &mut Editing| {
                let actions = editor_ui(ui, &s.data, &s.history, &mut s.editor);
                for action in actions {
                    s.apply(action);
                }
            },
            state,
        );
    h.run();
    h
}

fn type_into(h: &mut Harness<'_, Editing>, label: &str, text: &str) {
    h.get_by_role_and_label(Role::TextInput, label).click();
    h.run();
    h.get_by_role_and_label(Role::TextInput, label)
        .type_text(text);
    h.run();
}

fn click(h: &mut Harness<'_, Editing>, role: Role, label: &str) {
    h.get_by_role_and_label(role, label).click();
    h.run();
}

fn disabled(h: &Harness<'_, Editing>, label: &str) -> bool {
    h.get_by_role_and_label(Role::Button, label)
        .accesskit_node()
        .is_disabled()
}

/// Types "Gene", picks Geneva from the suggestions and adds it.
fn add_geneva(h: &mut Harness<'_, Editing>) {
    type_into(h, "Name", "Gene");
    click(h, Role::Button, "Geneva, Switzerland");
    click(h, Role::Button, "Add place");
}

/// Chooses Geneva as the meeting's place.
fn choose_geneva(h: &mut Harness<'_, Editing>) {
    click(h, Role::Button, "Meetings");
    click(h, Role::ComboBox, "Place");
    click(h, Role::Button, "Geneva");
}

#[test]
fn picking_a_gazetteer_suggestion_fills_in_the_place_and_adds_it() {
    let mut h = harness(small());
    assert!(disabled(&h, "Add place"), "an empty form cannot be added");
    assert!(
        h.query_by_label("Still needed: name, latitude, longitude, time zone")
            .is_some()
    );
    type_into(&mut h, "Name", "Gene");
    click(&mut h, Role::Button, "Geneva, Switzerland");
    assert_eq!(
        h.get_by_role_and_label(Role::TextInput, "Time zone")
            .value()
            .as_deref(),
        Some("Europe/Zurich")
    );
    assert!(
        h.query_by_label("Geneva, Switzerland").is_none(),
        "the suggestions close after a pick"
    );
    click(&mut h, Role::Button, "Add place");

    let data = &h.state().data;
    assert_eq!(data.places.len(), 2);
    let geneva = &data.places[1];
    assert_eq!(geneva.id, "geneva");
    assert_eq!(geneva.name, "Geneva");
    assert_eq!(geneva.country, "Switzerland");
    // Points are longitude first (x), latitude second (y).
    assert!((geneva.position.y() - 46.2).abs() < 0.05, "{geneva:?}");
    assert!((geneva.position.x() - 6.15).abs() < 0.05, "{geneva:?}");
    assert_eq!(geneva.tz, chrono_tz::Europe::Zurich);
    assert!(h.state().history.unsaved());
}

#[test]
fn a_meeting_added_in_the_form_can_be_undone_and_redone() {
    let mut h = harness(small());
    add_geneva(&mut h);
    choose_geneva(&mut h);
    type_into(&mut h, "Start", "2025-11-23");
    click(&mut h, Role::CheckBox, "Steve Witkoff");
    type_into(&mut h, "Topic", "peace plan");
    assert!(h.query_by_label("Start: Sun 23 Nov 2025").is_some());
    click(&mut h, Role::Button, "Add meeting");

    let added = {
        let data = &h.state().data;
        assert_eq!(data.meetings.len(), 2);
        let m = data.meetings[1].clone();
        assert_eq!(m.id, "geneva-1123");
        assert_eq!(m.place, PlaceIdx(1));
        assert_eq!(m.participants, vec![PersonIdx(0)]);
        assert_eq!(m.topic, "peace plan");
        assert_eq!(m.start.precision, Precision::Day);
        assert_eq!(
            m.start.to_file_string(chrono_tz::Europe::Zurich),
            "2025-11-23"
        );
        m
    };

    click(&mut h, Role::Button, "Undo");
    assert_eq!(h.state().data.meetings.len(), 1, "undo removes the meeting");
    assert_eq!(h.state().data.places.len(), 2, "and only the meeting");
    click(&mut h, Role::Button, "Redo");
    assert_eq!(h.state().data.meetings.get(1), Some(&added));
    assert!(disabled(&h, "Redo"));
}

#[test]
fn a_malformed_start_is_explained_and_the_meeting_cannot_be_added() {
    let mut h = harness(small());
    add_geneva(&mut h);
    choose_geneva(&mut h);
    type_into(&mut h, "Start", "23/11/2025");
    assert!(
        h.query_by_label_contains("Start: \"23/11/2025\" is not a time")
            .is_some(),
        "the form says why"
    );
    assert!(disabled(&h, "Add meeting"));
    click(&mut h, Role::Button, "Add meeting");
    assert_eq!(h.state().data.meetings.len(), 1, "nothing was added");
}

#[test]
fn a_place_in_use_cannot_be_deleted_and_the_form_names_the_meeting() {
    let mut h = harness(small());
    click(&mut h, Role::Button, "Moscow");
    assert!(disabled(&h, "Delete place"));
    assert!(
        h.query_by_label_contains("meetings[0] \"moscow-0313\"")
            .is_some()
    );
    assert_eq!(h.state().data.places.len(), 1);
}

#[test]
fn a_selected_person_can_be_renamed_and_the_rename_undone() {
    let mut h = harness(small());
    click(&mut h, Role::Button, "People");
    click(&mut h, Role::Button, "Kirill Dmitriev");
    assert!(disabled(&h, "Save person"), "nothing has changed yet");
    type_into(&mut h, "Role", "envoy");
    click(&mut h, Role::Button, "Save person");
    assert_eq!(h.state().data.people[1].role.as_deref(), Some("envoy"));
    click(&mut h, Role::Button, "Undo");
    assert_eq!(h.state().data, small());
    assert!(!h.state().history.unsaved());
}
