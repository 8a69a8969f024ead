//! The data editor on its own, driven with `egui_kittest` as a person would: type, pick a suggestion,
//! choose, tick, click; then check the dataset and the undo history. The edits the editor returns are
//! applied through a `History`, as the app does. One test drives the whole app, to see an added
//! meeting's durations and disputes in the city panel.

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use travelmap::app::{Settings, StartOptions, TravelMapApp};
use travelmap::data::edit::History;
use travelmap::data::{Dataset, PersonIdx, PlaceIdx, Precision, SourceIdx};
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
          "sources": [
            {"id": "tass", "title": "Arrival report", "publisher": "TASS"},
            {"id": "axios", "title": "Planned meeting", "publisher": "Axios"}
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
        .with_size(egui::vec2(560.0, 1600.0))
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

#[test]
fn a_new_source_typed_while_adding_a_meeting_is_added_with_it_and_undone_in_one_step() {
    let mut h = harness(small());
    add_geneva(&mut h);
    choose_geneva(&mut h);
    type_into(&mut h, "Start", "2025-11-23");
    click(&mut h, Role::ComboBox, "Sources");
    assert!(
        h.query_by_label("New: Wire report").is_none(),
        "no new source is offered before its title is typed"
    );
    click(&mut h, Role::ComboBox, "Sources");
    type_into(&mut h, "Source title", "Wire report");
    type_into(&mut h, "Source publisher", "Reuters");
    type_into(&mut h, "Source URL", "https://example.org/wire");
    click(&mut h, Role::ComboBox, "Sources");
    click(&mut h, Role::CheckBox, "New: Wire report");
    click(&mut h, Role::CheckBox, "Arrival report (TASS)");
    click(&mut h, Role::ComboBox, "Sources");
    click(&mut h, Role::Button, "Add meeting");

    {
        let data = &h.state().data;
        assert_eq!(data.sources.len(), 3);
        let wire = &data.sources[2];
        assert_eq!(wire.id, "reuters");
        assert_eq!(wire.title, "Wire report");
        assert_eq!(wire.publisher.as_deref(), Some("Reuters"));
        assert_eq!(wire.url.as_deref(), Some("https://example.org/wire"));
        assert_eq!(data.meetings.len(), 2);
        assert_eq!(data.meetings[1].sources, vec![SourceIdx(2), SourceIdx(0)]);
    }
    assert_eq!(
        h.get_by_role_and_label(Role::TextInput, "Source title")
            .value()
            .as_deref(),
        Some(""),
        "the new source's fields empty once it is added"
    );
    assert!(
        disabled(&h, "Save meeting"),
        "the form holds the meeting as added"
    );

    click(&mut h, Role::Button, "Undo");
    let data = &h.state().data;
    assert_eq!(data.meetings.len(), 1, "one undo takes the meeting…");
    assert_eq!(data.sources.len(), 2, "…and the source added with it");
    assert_eq!(data.places.len(), 2, "and nothing before them");
}

#[test]
fn a_cited_source_cannot_be_deleted_and_an_uncited_one_can() {
    let mut data = small();
    data.meetings[0].sources = vec![SourceIdx(1)];
    let mut h = harness(data);
    click(&mut h, Role::Button, "Sources");
    click(&mut h, Role::Button, "Planned meeting (Axios)");
    assert!(disabled(&h, "Delete source"));
    assert!(
        h.query_by_label_contains("Planned meeting is cited by meetings[0] \"moscow-0313\"")
            .is_some()
    );
    click(&mut h, Role::Button, "Arrival report (TASS)");
    click(&mut h, Role::Button, "Delete source");
    let data = &h.state().data;
    assert_eq!(data.sources.len(), 1);
    assert_eq!(
        data.meetings[0].sources,
        vec![SourceIdx(0)],
        "the citation follows its source"
    );
}

#[test]
fn a_stay_is_added_changed_and_both_undone() {
    let mut h = harness(small());
    click(&mut h, Role::Button, "Stays");
    click(&mut h, Role::ComboBox, "Person");
    click(&mut h, Role::Button, "Kirill Dmitriev");
    click(&mut h, Role::ComboBox, "Place");
    click(&mut h, Role::Button, "Moscow");
    type_into(&mut h, "Start", "2025-03-12");
    type_into(&mut h, "End", "2025-03-10");
    assert!(
        disabled(&h, "Add stay"),
        "an end before the start is refused"
    );
    assert!(
        h.query_by_label_contains("End (").is_some(),
        "and the form says why"
    );
    h.key_press(egui::Key::Backspace);
    h.run();
    h.get_by_role_and_label(Role::TextInput, "End")
        .type_text("4");
    h.run();
    type_into(&mut h, "Role", "envoy");
    click(&mut h, Role::Button, "Add stay");

    let added = {
        let data = &h.state().data;
        assert_eq!(data.stays.len(), 1);
        let st = data.stays[0].clone();
        assert_eq!(st.id, "dmitriev-0312");
        assert_eq!(st.person, PersonIdx(1));
        assert_eq!(st.place, Some(PlaceIdx(0)));
        assert_eq!(st.role.as_deref(), Some("envoy"));
        let moscow = chrono_tz::Europe::Moscow;
        assert_eq!(st.start.to_file_string(moscow), "2025-03-12");
        assert_eq!(st.end.to_file_string(moscow), "2025-03-14");
        st
    };
    type_into(&mut h, "Remarks", "talks on a ceasefire");
    click(&mut h, Role::Button, "Save stay");
    assert_eq!(
        h.state().data.stays[0].remarks.as_deref(),
        Some("talks on a ceasefire")
    );

    click(&mut h, Role::Button, "Undo");
    assert_eq!(h.state().data.stays, vec![added], "the change is undone");
    click(&mut h, Role::Button, "Undo");
    assert_eq!(h.state().data, small(), "and then the stay");
}

fn app_click(h: &mut Harness<'_, TravelMapApp>, role: Role, label: &str) {
    h.get_by_role_and_label(role, label).click();
    h.run();
}

fn app_type(h: &mut Harness<'_, TravelMapApp>, label: &str, text: &str) {
    app_click(h, Role::TextInput, label);
    h.get_by_role_and_label(Role::TextInput, label)
        .type_text(text);
    h.run();
}

/// Opens the source list `combo`, finds the source by `search` and ticks it, then closes the list.
fn cite(h: &mut Harness<'_, TravelMapApp>, combo: &str, search: &str, source: &str) {
    app_click(h, Role::ComboBox, combo);
    app_type(h, "Find a source", search);
    app_click(h, Role::CheckBox, source);
    app_click(h, Role::ComboBox, combo);
}

#[test]
fn a_meeting_with_two_durations_from_two_sources_and_a_dispute_is_in_the_model_and_the_city_panel()
{
    let mut h = Harness::builder()
        .with_size(egui::vec2(1400.0, 1800.0))
        .with_max_steps(12)
        .build_eframe(|cc| {
            TravelMapApp::with_settings(&cc.egui_ctx, Settings::default(), StartOptions::default())
        });
    h.run();
    h.key_press(egui::Key::E);
    h.run();
    app_click(&mut h, Role::Button, "Meetings");
    app_click(&mut h, Role::ComboBox, "Place");
    app_click(&mut h, Role::Button, "Grand Hotel Europe (St Petersburg)");
    app_type(&mut h, "Start", "2025-12-05");
    app_type(&mut h, "Topic", "follow-up talks");
    let tass = "Witkoff's 11 April arrival and meeting with Putin (TASS)";
    let axios = "Dmitriev–Witkoff meeting in Miami planned for 25 October (Axios)";
    app_type(&mut h, "Duration", "over five hours");
    app_type(&mut h, "Minutes", "300");
    cite(&mut h, "Duration sources", "1942591", tass);
    app_click(&mut h, Role::Button, "Add duration");
    app_type(&mut h, "Duration", "about three hours");
    app_type(&mut h, "Minutes", "180");
    cite(&mut h, "Duration sources", "axios", axios);
    app_click(&mut h, Role::Button, "Add duration");
    app_type(&mut h, "Disputed field", "venue");
    app_type(&mut h, "Claim", "at the Yeltsin Library");
    cite(&mut h, "Dispute sources", "axios", axios);
    app_click(&mut h, Role::Button, "Add dispute");
    cite(&mut h, "Sources", "1942591", tass);
    app_click(&mut h, Role::Button, "Add meeting");

    {
        let data = &h.state().data;
        let m = data.meetings.last().unwrap();
        assert_eq!(m.topic, "follow-up talks");
        let ids = |sources: &[SourceIdx]| -> Vec<String> {
            sources
                .iter()
                .map(|s| data.source(*s).unwrap().id.clone())
                .collect()
        };
        let durations: Vec<_> = m
            .durations
            .iter()
            .map(|d| (d.text.as_str(), d.minutes, ids(&d.sources)))
            .collect();
        assert_eq!(
            durations,
            vec![
                ("over five hours", 300, vec!["tass-1942591".to_owned()]),
                ("about three hours", 180, vec!["axios-miami".to_owned()]),
            ]
        );
        assert_eq!(m.disputes.len(), 1);
        assert_eq!(m.disputes[0].field, "venue");
        assert_eq!(m.disputes[0].claim, "at the Yeltsin Library");
        assert_eq!(ids(&m.disputes[0].sources), vec!["axios-miami"]);
        assert_eq!(ids(&m.sources), vec!["tass-1942591"]);
    }

    h.state_mut().settings.editor_shown = false;
    h.run();
    app_click(&mut h, Role::Button, "St Petersburg");
    h.get_by_label("Duration: over five hours — TASS");
    h.get_by_label("Duration: about three hours — Axios");
    h.get_by_label("Disputed venue: at the Yeltsin Library — Axios");
}
