//! The data editor: a list and a form for each of places, people, legs and meetings.
//!
//! Forms hold text drafts in [`EditorState`], view state that the app keeps across frames; the dataset
//! changes only when a button returns an [`Action::Edit`], which the app applies through its
//! [`History`]. Every frame each draft is checked with the rules the history applies ([`edit::check`]),
//! so an invalid form disables its button and says why instead of failing on the click.
//!
//! Typing a place name suggests cities from the offline gazetteer: nothing typed leaves the machine.

use chrono_tz::Tz;
use egui::{Button, ComboBox, Grid, Response, ScrollArea, TextEdit, Ui};

use super::Action;
use crate::data::edit::{self, Edit, EditError, History};
use crate::data::gazetteer::{ATTRIBUTION, Gazetteer, GazetteerCity};
use crate::data::{
    Certainty, Dataset, Leg, LegIdx, Meeting, MeetingIdx, Person, PersonIdx, Place, PlaceIdx, When,
};

/// How many gazetteer suggestions show under the place name.
const SUGGESTIONS: usize = 8;
/// Width of the text fields, in points.
const FIELD_WIDTH: f32 = 220.0;
/// Height of each record list, in points.
const LIST_HEIGHT: f32 = 160.0;
/// What the time fields accept.
const TIME_HINT: &str = "2025-11-23, 2025-11-23T10:00 or ~2025-11-23 morning";

/// Which kind of record the editor shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Tab {
    #[default]
    Places,
    People,
    Legs,
    Meetings,
}

impl Tab {
    const ALL: [Self; 4] = [Self::Places, Self::People, Self::Legs, Self::Meetings];

    fn label(self) -> &'static str {
        match self {
            Self::Places => "Places",
            Self::People => "People",
            Self::Legs => "Legs",
            Self::Meetings => "Meetings",
        }
    }
}

/// The editor's view state: the tab, the selected records and the text being typed.
#[derive(Clone, Debug, Default)]
pub struct EditorState {
    pub tab: Tab,
    place: PlaceForm,
    person: PersonForm,
    leg: LegForm,
    meeting: MeetingForm,
    /// Why the app refused the last edit; shown until the next one is asked for.
    refused: Option<String>,
}

impl EditorState {
    /// Shows why the app could not make an edit (the error from [`History::apply`]).
    pub fn report(&mut self, error: &EditError) {
        self.refused = Some(error.to_string());
    }
}

/// The editor: undo and redo, tabs, and the selected tab's list and form. Returns what the user asked for.
pub fn editor_ui(
    ui: &mut Ui,
    data: &Dataset,
    history: &History,
    state: &mut EditorState,
) -> Vec<Action> {
    let mut actions = Vec::new();
    ui.horizontal(|ui| {
        if ui
            .add_enabled(history.can_undo(), Button::new("Undo"))
            .clicked()
        {
            actions.push(Action::Undo);
        }
        if ui
            .add_enabled(history.can_redo(), Button::new("Redo"))
            .clicked()
        {
            actions.push(Action::Redo);
        }
        if history.unsaved() {
            ui.weak("Unsaved changes");
        }
    });
    ui.horizontal(|ui| {
        for tab in Tab::ALL {
            ui.selectable_value(&mut state.tab, tab, tab.label());
        }
    });
    ui.separator();
    if let Some(refused) = &state.refused {
        ui.colored_label(ui.visuals().error_fg_color, refused);
    }
    let edit = ScrollArea::vertical()
        .id_salt("editor")
        .auto_shrink([false, true])
        .show(ui, |ui| match state.tab {
            Tab::Places => places_ui(ui, data, &mut state.place),
            Tab::People => people_ui(ui, data, &mut state.person),
            Tab::Legs => legs_ui(ui, data, &mut state.leg),
            Tab::Meetings => meetings_ui(ui, data, &mut state.meeting),
        })
        .inner;
    actions.extend(edit.map(Action::Edit));
    if !actions.is_empty() {
        state.refused = None;
    }
    actions
}

// ---------------------------------------------------------------------------------------------------
// Shared pieces

/// The record a form was loaded from, by index and id: the id notices when undo or a removal moved it.
#[derive(Clone, Debug)]
struct Selected {
    index: usize,
    id: String,
}

/// Keeps a selection pointing at the record with its id, or drops it when that record is gone.
fn reselect<T>(selected: &mut Option<Selected>, records: &[T], id_of: impl Fn(&T) -> &str) {
    let Some(s) = selected else { return };
    if records.get(s.index).map(&id_of) == Some(s.id.as_str()) {
        return;
    }
    match records.iter().position(|r| id_of(r) == s.id) {
        Some(index) => s.index = index,
        None => *selected = None,
    }
}

/// What a button would do with the form as it is.
#[expect(clippy::large_enum_variant, reason = "three a frame, never stored")]
enum Proposal {
    Ready(Edit),
    /// Saving would change nothing.
    Unchanged,
    Invalid(Problems),
}

/// What keeps a form from making a record: fields not filled in yet, and values that are wrong.
#[derive(Clone, Debug, Default)]
struct Problems {
    /// Names of empty required fields, e.g. "latitude".
    missing: Vec<&'static str>,
    /// Whole sentences, e.g. "Start: \"23/11/2025\" is not a time; …".
    wrong: Vec<String>,
}

impl Problems {
    fn is_empty(&self) -> bool {
        self.missing.is_empty() && self.wrong.is_empty()
    }

    /// Reads a required text field: `None` (and noted as missing) when empty.
    fn required<'t>(&mut self, field: &'static str, text: &'t str) -> Option<&'t str> {
        let text = text.trim();
        if text.is_empty() {
            self.missing.push(field);
            None
        } else {
            Some(text)
        }
    }
}

impl Proposal {
    /// Checks `edit` against the dataset with the history's own rules.
    fn checked(data: &Dataset, edit: Edit) -> Self {
        match edit::check(data, &edit) {
            Ok(()) => Self::Ready(edit),
            Err(e) => Self::Invalid(Problems {
                missing: Vec::new(),
                wrong: vec![capitalised(&e.to_string())],
            }),
        }
    }

    fn problems(&self) -> Option<&Problems> {
        match self {
            Self::Invalid(problems) => Some(problems),
            Self::Ready(_) | Self::Unchanged => None,
        }
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

/// The proposals of a form's three buttons.
struct Proposals {
    add: Proposal,
    /// `None` when no record is selected.
    save: Option<Proposal>,
    delete: Option<Proposal>,
}

/// The "Add" proposal: the draft made into an insert by `make` (which gives it an id), then checked.
fn add_proposal<T: Clone>(
    data: &Dataset,
    draft: &Result<T, Problems>,
    make: impl FnOnce(T) -> Edit,
) -> Proposal {
    match draft {
        Ok(record) => Proposal::checked(data, make(record.clone())),
        Err(problems) => Proposal::Invalid(problems.clone()),
    }
}

/// The "Save" proposal: the draft merged into the selected record (keeping its id and what the form
/// does not edit), then checked; `Unchanged` when that is the record as it is.
fn save_proposal<T: PartialEq>(
    data: &Dataset,
    draft: &Result<T, Problems>,
    old: Option<&T>,
    merge: impl FnOnce(&T, &T) -> T,
    make: impl FnOnce(T) -> Edit,
) -> Proposal {
    match (draft, old) {
        (Err(problems), _) => Proposal::Invalid(problems.clone()),
        (Ok(_), None) => Proposal::Unchanged,
        (Ok(record), Some(old)) => {
            let new = merge(record, old);
            if new == *old {
                Proposal::Unchanged
            } else {
                Proposal::checked(data, make(new))
            }
        }
    }
}

/// "Add …", "Save …", "Delete …" and "Clear form", each enabled only when its edit is valid, then why
/// not. Returns the edit asked for; `clear` is set when the form should be emptied.
fn buttons_ui(ui: &mut Ui, noun: &str, p: Proposals, clear: &mut bool) -> Option<Edit> {
    let mut asked = None;
    ui.horizontal_wrapped(|ui| {
        let mut button = |ui: &mut Ui, verb: &str, proposal: &Proposal| {
            let ready = matches!(proposal, Proposal::Ready(_));
            let hover = match proposal {
                Proposal::Unchanged => "Nothing has changed",
                _ => "The form is not complete; see below",
            };
            let response = ui
                .add_enabled(ready, Button::new(format!("{verb} {noun}")))
                .on_disabled_hover_text(hover);
            if let (true, Proposal::Ready(edit)) = (response.clicked(), proposal) {
                asked = Some(edit.clone());
            }
        };
        button(ui, "Add", &p.add);
        if let Some(save) = &p.save {
            button(ui, "Save", save);
        }
        if let Some(delete) = &p.delete {
            button(ui, "Delete", delete);
        }
        if ui.button("Clear form").clicked() {
            *clear = true;
        }
    });
    problems_ui(ui, [Some(&p.add), p.save.as_ref(), p.delete.as_ref()]);
    asked
}

/// Why the buttons are disabled: wrong values in the error colour, then the fields still needed. Each
/// line once, though several buttons may share it.
fn problems_ui<'p>(ui: &mut Ui, proposals: impl IntoIterator<Item = Option<&'p Proposal>>) {
    let mut shown: Vec<String> = Vec::new();
    for problems in proposals
        .into_iter()
        .flatten()
        .filter_map(Proposal::problems)
    {
        for wrong in &problems.wrong {
            if !shown.contains(wrong) {
                ui.colored_label(ui.visuals().error_fg_color, wrong);
                shown.push(wrong.clone());
            }
        }
        if !problems.missing.is_empty() {
            let needed = format!("Still needed: {}", problems.missing.join(", "));
            if !shown.contains(&needed) {
                ui.weak(&needed);
                shown.push(needed);
            }
        }
    }
}

/// A scrolling list of `len` records, only the visible rows drawn. Returns the row clicked.
fn list_ui(
    ui: &mut Ui,
    id_salt: &str,
    len: usize,
    selected: Option<&Selected>,
    row: impl Fn(usize) -> String,
) -> Option<usize> {
    let mut clicked = None;
    let row_height = ui.spacing().interact_size.y;
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ScrollArea::vertical()
            .id_salt(id_salt)
            .max_height(LIST_HEIGHT)
            .auto_shrink([false, true])
            .show_rows(ui, row_height, len, |ui, rows| {
                // One line a row, as `show_rows` assumes.
                ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Truncate);
                for i in rows {
                    let on = selected.is_some_and(|s| s.index == i);
                    if ui.selectable_label(on, row(i)).clicked() {
                        clicked = Some(i);
                    }
                }
            });
    });
    clicked
}

/// A labelled one-line text field, as one row of a two-column grid.
fn text_row(ui: &mut Ui, label: &str, text: &mut String, hint: &str) -> Response {
    let label = ui.label(label);
    let response = ui
        .add(
            TextEdit::singleline(text)
                .hint_text(hint)
                .desired_width(FIELD_WIDTH),
        )
        .labelled_by(label.id);
    ui.end_row();
    response
}

fn place_label(p: &Place) -> String {
    if p.city == p.name {
        p.name.clone()
    } else {
        format!("{} ({})", p.name, p.city)
    }
}

/// A labelled choice of place, as one grid row.
fn place_row(
    ui: &mut Ui,
    label: &str,
    id_salt: &str,
    data: &Dataset,
    value: &mut Option<PlaceIdx>,
) {
    let label = ui.label(label);
    let chosen = value
        .and_then(|p| data.place(p))
        .map_or_else(|| "Choose a place".to_owned(), place_label);
    ComboBox::from_id_salt(id_salt)
        .selected_text(chosen)
        .width(FIELD_WIDTH)
        .show_ui(ui, |ui| {
            for (i, p) in data.places.iter().enumerate() {
                ui.selectable_value(value, Some(PlaceIdx(i as u32)), place_label(p));
            }
        })
        .response
        .labelled_by(label.id);
    ui.end_row();
}

/// A labelled choice of certainty, as one grid row.
fn certainty_row(ui: &mut Ui, id_salt: &str, value: &mut Certainty) {
    let label = ui.label("Certainty");
    ComboBox::from_id_salt(id_salt)
        .selected_text(value.label())
        .show_ui(ui, |ui| {
            for c in [
                Certainty::Confirmed,
                Certainty::Reported,
                Certainty::Uncertain,
            ] {
                ui.selectable_value(value, c, c.label());
            }
        })
        .response
        .labelled_by(label.id);
    ui.end_row();
}

/// A checkbox per person under a heading, flowing across the width.
fn people_section_ui(ui: &mut Ui, label: &str, data: &Dataset, chosen: &mut Vec<PersonIdx>) {
    ui.label(label);
    ui.horizontal_wrapped(|ui| people_checkboxes(ui, data, chosen));
}

fn people_checkboxes(ui: &mut Ui, data: &Dataset, chosen: &mut Vec<PersonIdx>) {
    for (i, person) in data.people.iter().enumerate() {
        let idx = PersonIdx(i as u32);
        let mut on = chosen.contains(&idx);
        if ui.checkbox(&mut on, &person.name).changed() {
            if on {
                chosen.push(idx);
            } else {
                chosen.retain(|p| *p != idx);
            }
        }
    }
}

fn optional(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

/// Reads a time field in the zone of its place. An empty optional field is `None`; without a place the
/// text is still checked (in UTC) so a malformed time is reported at once.
fn parse_time(
    field: &'static str,
    text: &str,
    tz: Option<Tz>,
    required: bool,
    problems: &mut Problems,
) -> Option<When> {
    if text.trim().is_empty() {
        if required {
            problems.missing.push(field);
        }
        return None;
    }
    match When::parse(text, tz.unwrap_or(chrono_tz::UTC)) {
        Ok(w) => Some(w),
        Err(e) => {
            problems.wrong.push(format!("{}: {e}", capitalised(field)));
            None
        }
    }
}

/// A time as the form shows it: its file form in the place's zone.
fn time_text(when: Option<When>, tz: Option<Tz>) -> String {
    when.map(|w| w.to_file_string(tz.unwrap_or(chrono_tz::UTC)))
        .unwrap_or_default()
}

/// Shows how a typed time reads, in the place's zone, under the form.
fn time_preview(ui: &mut Ui, field: &str, text: &str, tz: Option<Tz>) {
    if let (Some(tz), Ok(w)) = (tz, When::parse(text, tz.unwrap_or(chrono_tz::UTC))) {
        ui.weak(format!("{field}: {}", w.display_in(tz)));
    }
}

// ---------------------------------------------------------------------------------------------------
// Places

#[derive(Clone, Debug, Default)]
struct PlaceForm {
    selected: Option<Selected>,
    name: String,
    city: String,
    country: String,
    lat: String,
    lon: String,
    tz: String,
    accuracy: String,
    /// Suggestions for `suggested_for`; empty when none should show (after a pick, or a record loaded).
    suggestions: Vec<GazetteerCity>,
    suggested_for: String,
}

impl PlaceForm {
    fn load(&mut self, p: &Place, selected: Selected) {
        *self = Self {
            selected: Some(selected),
            name: p.name.clone(),
            city: p.city.clone(),
            country: p.country.clone(),
            // Points are longitude first (x), latitude second (y).
            lat: p.position.y().to_string(),
            lon: p.position.x().to_string(),
            tz: p.tz.name().to_owned(),
            accuracy: p.accuracy.clone().unwrap_or_default(),
            suggestions: Vec::new(),
            suggested_for: p.name.clone(),
        };
    }

    fn pick(&mut self, city: &GazetteerCity) {
        self.name = city.name.clone();
        self.city = city.name.clone();
        self.country = city.country.clone();
        self.lat = format!("{:.4}", city.position.y());
        self.lon = format!("{:.4}", city.position.x());
        self.tz = city.tz.name().to_owned();
        self.accuracy = "city centre".to_owned();
        self.suggestions.clear();
        self.suggested_for = city.name.clone();
    }

    /// The place the form describes, without an id.
    fn draft(&self) -> Result<Place, Problems> {
        let mut problems = Problems::default();
        let name = problems
            .required("name", &self.name)
            .unwrap_or_default()
            .to_owned();
        let mut degrees = |field: &'static str, text: &str| {
            let text = problems.required(field, text)?;
            match text.parse::<f64>() {
                Ok(v) if v.is_finite() => Some(v),
                _ => {
                    let field = capitalised(field);
                    problems
                        .wrong
                        .push(format!("{field}: \"{text}\" is not a number of degrees"));
                    None
                }
            }
        };
        let (lat, lon) = (
            degrees("latitude", &self.lat),
            degrees("longitude", &self.lon),
        );
        let tz = problems.required("time zone", &self.tz).and_then(|tz| {
            let parsed = tz.parse::<Tz>().ok();
            if parsed.is_none() {
                problems.wrong.push(format!(
                    "Time zone: \"{tz}\" is not an IANA time zone such as Europe/Zurich"
                ));
            }
            parsed
        });
        match (lat, lon, tz) {
            (Some(lat), Some(lon), Some(tz)) if problems.is_empty() => Ok(Place {
                id: String::new(),
                city: optional(&self.city).unwrap_or_else(|| name.clone()),
                name,
                country: self.country.trim().to_owned(),
                position: crate::geodesy::lat_lon(lat, lon),
                tz,
                accuracy: optional(&self.accuracy),
            }),
            _ => Err(problems),
        }
    }
}

fn places_ui(ui: &mut Ui, data: &Dataset, form: &mut PlaceForm) -> Option<Edit> {
    reselect(&mut form.selected, &data.places, |p| &p.id);
    let clicked = list_ui(
        ui,
        "places",
        data.places.len(),
        form.selected.as_ref(),
        |i| data.places.get(i).map(place_label).unwrap_or_default(),
    );
    if let Some((i, p)) = clicked.and_then(|i| Some((i, data.places.get(i)?))) {
        let id = p.id.clone();
        form.load(p, Selected { index: i, id });
    }
    place_form_ui(ui, form);
    let proposals = place_proposals(data, form);
    let mut clear = false;
    let asked = buttons_ui(ui, "place", proposals, &mut clear);
    after_click(&asked, &mut form.selected, clear);
    if clear {
        *form = PlaceForm::default();
    }
    asked
}

fn place_form_ui(ui: &mut Ui, form: &mut PlaceForm) {
    Grid::new("place_form").num_columns(2).show(ui, |ui| {
        text_row(ui, "Name", &mut form.name, "Type to find a city");
        text_row(ui, "City", &mut form.city, "Defaults to the name");
        text_row(ui, "Country", &mut form.country, "");
        text_row(ui, "Latitude", &mut form.lat, "Degrees north, e.g. 46.2");
        text_row(ui, "Longitude", &mut form.lon, "Degrees east, e.g. 6.15");
        text_row(ui, "Time zone", &mut form.tz, "e.g. Europe/Zurich");
        text_row(ui, "Accuracy", &mut form.accuracy, "e.g. city centre");
    });
    suggestions_ui(ui, form);
}

/// Cities matching the typed name, as buttons that fill in the form.
fn suggestions_ui(ui: &mut Ui, form: &mut PlaceForm) {
    if form.suggested_for != form.name {
        form.suggestions = Gazetteer::bundled()
            .search(&form.name, SUGGESTIONS)
            .into_iter()
            .cloned()
            .collect();
        form.suggested_for.clone_from(&form.name);
    }
    if form.suggestions.is_empty() {
        return;
    }
    let mut picked = None;
    ui.horizontal_wrapped(|ui| {
        for city in &form.suggestions {
            if ui.button(city.label()).clicked() {
                picked = Some(city.clone());
            }
        }
    });
    ui.weak(format!("Suggestions from {ATTRIBUTION}"));
    if let Some(city) = picked {
        form.pick(&city);
    }
}

fn place_proposals(data: &Dataset, form: &PlaceForm) -> Proposals {
    let draft = form.draft();
    let add = add_proposal(data, &draft, |p| {
        let id = edit::new_place_id(data, &p.name);
        Edit::add_place(data, Place { id, ..p })
    });
    let selected = form.selected.as_ref();
    let save = selected.map(|s| {
        let merge = |p: &Place, old: &Place| Place {
            id: old.id.clone(),
            ..p.clone()
        };
        let edit = |p| Edit::UpdatePlace(PlaceIdx(s.index as u32), p);
        save_proposal(data, &draft, data.places.get(s.index), merge, edit)
    });
    let delete =
        selected.map(|s| Proposal::checked(data, Edit::RemovePlace(PlaceIdx(s.index as u32))));
    Proposals { add, save, delete }
}

/// After a button: an added record becomes the selected one, and a cleared form selects nothing.
fn after_click(asked: &Option<Edit>, selected: &mut Option<Selected>, clear: bool) {
    let added = match asked {
        Some(Edit::InsertPlace(i, p)) => Some((i.index(), &p.id)),
        Some(Edit::InsertPerson(i, p)) => Some((i.index(), &p.id)),
        Some(Edit::InsertLeg(i, l)) => Some((i.index(), &l.id)),
        Some(Edit::InsertMeeting(i, m)) => Some((i.index(), &m.id)),
        _ => None,
    };
    if let Some((index, id)) = added {
        *selected = Some(Selected {
            index,
            id: id.clone(),
        });
    }
    if clear {
        *selected = None;
    }
}

// ---------------------------------------------------------------------------------------------------
// People

#[derive(Clone, Debug, Default)]
struct PersonForm {
    selected: Option<Selected>,
    name: String,
    role: String,
}

impl PersonForm {
    /// The person the form describes, without an id.
    fn draft(&self) -> Result<Person, Problems> {
        let mut problems = Problems::default();
        match problems.required("name", &self.name) {
            Some(name) => Ok(Person {
                id: String::new(),
                name: name.to_owned(),
                role: optional(&self.role),
            }),
            None => Err(problems),
        }
    }
}

fn people_ui(ui: &mut Ui, data: &Dataset, form: &mut PersonForm) -> Option<Edit> {
    reselect(&mut form.selected, &data.people, |p| &p.id);
    let row = |i: usize| {
        data.people
            .get(i)
            .map(|p| p.name.clone())
            .unwrap_or_default()
    };
    let clicked = list_ui(ui, "people", data.people.len(), form.selected.as_ref(), row);
    if let Some((i, p)) = clicked.and_then(|i| Some((i, data.people.get(i)?))) {
        *form = PersonForm {
            selected: Some(Selected {
                index: i,
                id: p.id.clone(),
            }),
            name: p.name.clone(),
            role: p.role.clone().unwrap_or_default(),
        };
    }
    Grid::new("person_form").num_columns(2).show(ui, |ui| {
        text_row(ui, "Name", &mut form.name, "e.g. Steve Witkoff");
        text_row(ui, "Role", &mut form.role, "e.g. US special envoy");
    });
    let proposals = person_proposals(data, form);
    let mut clear = false;
    let asked = buttons_ui(ui, "person", proposals, &mut clear);
    after_click(&asked, &mut form.selected, clear);
    if clear {
        *form = PersonForm::default();
    }
    asked
}

fn person_proposals(data: &Dataset, form: &PersonForm) -> Proposals {
    let draft = form.draft();
    let add = add_proposal(data, &draft, |p| {
        let id = edit::new_person_id(data, &p.name);
        Edit::add_person(data, Person { id, ..p })
    });
    let selected = form.selected.as_ref();
    let save = selected.map(|s| {
        let merge = |p: &Person, old: &Person| Person {
            id: old.id.clone(),
            ..p.clone()
        };
        let edit = |p| Edit::UpdatePerson(PersonIdx(s.index as u32), p);
        save_proposal(data, &draft, data.people.get(s.index), merge, edit)
    });
    let delete =
        selected.map(|s| Proposal::checked(data, Edit::RemovePerson(PersonIdx(s.index as u32))));
    Proposals { add, save, delete }
}

// ---------------------------------------------------------------------------------------------------
// Legs

#[derive(Clone, Debug, Default)]
struct LegForm {
    selected: Option<Selected>,
    from: Option<PlaceIdx>,
    to: Option<PlaceIdx>,
    departure: String,
    arrival: String,
    /// In the order they were ticked (or stored), so an untouched record saves unchanged.
    travellers: Vec<PersonIdx>,
    certainty: Certainty,
    note: String,
}

impl LegForm {
    fn load(data: &Dataset, l: &Leg, selected: Selected) -> Self {
        let tz = |p: PlaceIdx| data.place(p).map(|p| p.tz);
        Self {
            selected: Some(selected),
            from: Some(l.from),
            to: Some(l.to),
            departure: time_text(l.departure, tz(l.from)),
            arrival: time_text(l.arrival, tz(l.to)),
            travellers: l.travellers.clone(),
            certainty: l.certainty,
            note: l.note.clone().unwrap_or_default(),
        }
    }

    /// The leg the form describes, without an id, sources or disputes.
    fn draft(&self, data: &Dataset) -> Result<Leg, Problems> {
        let mut problems = Problems::default();
        let from = self.from.filter(|p| data.place(*p).is_some());
        let to = self.to.filter(|p| data.place(*p).is_some());
        if from.is_none() {
            problems.missing.push("from");
        }
        if to.is_none() {
            problems.missing.push("to");
        }
        let tz = |p: Option<PlaceIdx>| p.and_then(|p| data.place(p)).map(|p| p.tz);
        let departure = parse_time("departure", &self.departure, tz(from), false, &mut problems);
        let arrival = parse_time("arrival", &self.arrival, tz(to), false, &mut problems);
        match (from, to) {
            (Some(from), Some(to)) if problems.is_empty() => Ok(Leg {
                id: String::new(),
                travellers: self.travellers.clone(),
                from,
                to,
                departure,
                arrival,
                certainty: self.certainty,
                sources: Vec::new(),
                disputes: Vec::new(),
                note: optional(&self.note),
            }),
            _ => Err(problems),
        }
    }
}

fn legs_ui(ui: &mut Ui, data: &Dataset, form: &mut LegForm) -> Option<Edit> {
    reselect(&mut form.selected, &data.legs, |l| &l.id);
    let row = |i: usize| {
        let Some(l) = data.legs.get(i) else {
            return String::new();
        };
        let city = |p: PlaceIdx| data.place(p).map(|p| p.city.clone()).unwrap_or_default();
        format!("{} → {} · {}", city(l.from), city(l.to), l.id)
    };
    let clicked = list_ui(ui, "legs", data.legs.len(), form.selected.as_ref(), row);
    if let Some((i, l)) = clicked.and_then(|i| Some((i, data.legs.get(i)?))) {
        let id = l.id.clone();
        *form = LegForm::load(data, l, Selected { index: i, id });
    }
    let tz = |p: Option<PlaceIdx>| p.and_then(|p| data.place(p)).map(|p| p.tz);
    Grid::new("leg_form").num_columns(2).show(ui, |ui| {
        place_row(ui, "From", "leg_from", data, &mut form.from);
        place_row(ui, "To", "leg_to", data, &mut form.to);
        text_row(ui, "Departure", &mut form.departure, TIME_HINT);
        text_row(ui, "Arrival", &mut form.arrival, TIME_HINT);
        certainty_row(ui, "leg_certainty", &mut form.certainty);
        text_row(ui, "Note", &mut form.note, "");
    });
    people_section_ui(ui, "Travellers", data, &mut form.travellers);
    time_preview(ui, "Departure", &form.departure, tz(form.from));
    time_preview(ui, "Arrival", &form.arrival, tz(form.to));
    let proposals = leg_proposals(data, form);
    let mut clear = false;
    let asked = buttons_ui(ui, "leg", proposals, &mut clear);
    after_click(&asked, &mut form.selected, clear);
    if clear {
        *form = LegForm::default();
    }
    asked
}

fn leg_proposals(data: &Dataset, form: &LegForm) -> Proposals {
    let draft = form.draft(data);
    let add = add_proposal(data, &draft, |l| {
        let tz = |p: PlaceIdx| data.place(p).map_or(chrono_tz::UTC, |p| p.tz);
        let when = l
            .departure
            .map(|w| (w, tz(l.from)))
            .or_else(|| l.arrival.map(|w| (w, tz(l.to))));
        let id = edit::new_leg_id(data, l.from, l.to, when);
        Edit::add_leg(data, Leg { id, ..l })
    });
    let selected = form.selected.as_ref();
    let save = selected.map(|s| {
        let merge = |l: &Leg, old: &Leg| Leg {
            id: old.id.clone(),
            sources: old.sources.clone(),
            disputes: old.disputes.clone(),
            ..l.clone()
        };
        let edit = |l| Edit::UpdateLeg(LegIdx(s.index as u32), l);
        save_proposal(data, &draft, data.legs.get(s.index), merge, edit)
    });
    let delete = selected.map(|s| Proposal::checked(data, Edit::RemoveLeg(LegIdx(s.index as u32))));
    Proposals { add, save, delete }
}

// ---------------------------------------------------------------------------------------------------
// Meetings

#[derive(Clone, Debug, Default)]
struct MeetingForm {
    selected: Option<Selected>,
    place: Option<PlaceIdx>,
    start: String,
    end: String,
    /// In the order they were ticked (or stored).
    participants: Vec<PersonIdx>,
    topic: String,
    certainty: Certainty,
    venue: String,
}

impl MeetingForm {
    fn load(data: &Dataset, m: &Meeting, selected: Selected) -> Self {
        let tz = data.place(m.place).map(|p| p.tz);
        Self {
            selected: Some(selected),
            place: Some(m.place),
            start: time_text(Some(m.start), tz),
            end: time_text(m.end, tz),
            participants: m.participants.clone(),
            topic: m.topic.clone(),
            certainty: m.certainty,
            venue: m.venue.clone().unwrap_or_default(),
        }
    }

    /// The meeting the form describes, without an id, durations, sources, disputes or note.
    fn draft(&self, data: &Dataset) -> Result<Meeting, Problems> {
        let mut problems = Problems::default();
        let place = self.place.filter(|p| data.place(*p).is_some());
        if place.is_none() {
            problems.missing.push("place");
        }
        let tz = place.and_then(|p| data.place(p)).map(|p| p.tz);
        let start = parse_time("start", &self.start, tz, true, &mut problems);
        let end = parse_time("end", &self.end, tz, false, &mut problems);
        match (place, start) {
            (Some(place), Some(start)) if problems.is_empty() => Ok(Meeting {
                id: String::new(),
                place,
                venue: optional(&self.venue),
                start,
                end,
                durations: Vec::new(),
                participants: self.participants.clone(),
                topic: self.topic.trim().to_owned(),
                certainty: self.certainty,
                sources: Vec::new(),
                disputes: Vec::new(),
                note: None,
            }),
            _ => Err(problems),
        }
    }
}

fn meetings_ui(ui: &mut Ui, data: &Dataset, form: &mut MeetingForm) -> Option<Edit> {
    reselect(&mut form.selected, &data.meetings, |m| &m.id);
    let row = |i: usize| {
        let Some(m) = data.meetings.get(i) else {
            return String::new();
        };
        let (place, tz) = data
            .place(m.place)
            .map_or((String::new(), chrono_tz::UTC), |p| (p.name.clone(), p.tz));
        format!("{} · {place} · {}", m.start.display_in(tz), m.id)
    };
    let clicked = list_ui(
        ui,
        "meetings",
        data.meetings.len(),
        form.selected.as_ref(),
        row,
    );
    if let Some((i, m)) = clicked.and_then(|i| Some((i, data.meetings.get(i)?))) {
        let id = m.id.clone();
        *form = MeetingForm::load(data, m, Selected { index: i, id });
    }
    let tz = form.place.and_then(|p| data.place(p)).map(|p| p.tz);
    Grid::new("meeting_form").num_columns(2).show(ui, |ui| {
        place_row(ui, "Place", "meeting_place", data, &mut form.place);
        text_row(ui, "Start", &mut form.start, TIME_HINT);
        text_row(ui, "End", &mut form.end, "Optional");
        text_row(ui, "Topic", &mut form.topic, "");
        certainty_row(ui, "meeting_certainty", &mut form.certainty);
        text_row(
            ui,
            "Venue",
            &mut form.venue,
            "If it adds to the place's name",
        );
    });
    people_section_ui(ui, "Participants", data, &mut form.participants);
    time_preview(ui, "Start", &form.start, tz);
    time_preview(ui, "End", &form.end, tz);
    let proposals = meeting_proposals(data, form);
    let mut clear = false;
    let asked = buttons_ui(ui, "meeting", proposals, &mut clear);
    after_click(&asked, &mut form.selected, clear);
    if clear {
        *form = MeetingForm::default();
    }
    asked
}

fn meeting_proposals(data: &Dataset, form: &MeetingForm) -> Proposals {
    let draft = form.draft(data);
    let add = add_proposal(data, &draft, |m| {
        let id = edit::new_meeting_id(data, m.place, m.start);
        Edit::add_meeting(data, Meeting { id, ..m })
    });
    let selected = form.selected.as_ref();
    let save = selected.map(|s| {
        let merge = |m: &Meeting, old: &Meeting| Meeting {
            id: old.id.clone(),
            durations: old.durations.clone(),
            sources: old.sources.clone(),
            disputes: old.disputes.clone(),
            note: old.note.clone(),
            ..m.clone()
        };
        let edit = |m| Edit::UpdateMeeting(MeetingIdx(s.index as u32), m);
        save_proposal(data, &draft, data.meetings.get(s.index), merge, edit)
    });
    let delete =
        selected.map(|s| Proposal::checked(data, Edit::RemoveMeeting(MeetingIdx(s.index as u32))));
    Proposals { add, save, delete }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unchanged(p: Option<Proposal>) -> bool {
        matches!(p, Some(Proposal::Unchanged))
    }

    fn selected(index: usize, id: &str) -> Selected {
        Selected {
            index,
            id: id.to_owned(),
        }
    }

    #[test]
    fn every_bundled_record_loads_into_its_form_and_saves_unchanged() {
        let data = crate::data::bundled().unwrap();
        for (i, p) in data.places.iter().enumerate() {
            let mut form = PlaceForm::default();
            form.load(p, selected(i, &p.id));
            assert!(unchanged(place_proposals(&data, &form).save), "{}", p.id);
        }
        for (i, p) in data.people.iter().enumerate() {
            let form = PersonForm {
                selected: Some(selected(i, &p.id)),
                name: p.name.clone(),
                role: p.role.clone().unwrap_or_default(),
            };
            assert!(unchanged(person_proposals(&data, &form).save), "{}", p.id);
        }
        for (i, l) in data.legs.iter().enumerate() {
            let form = LegForm::load(&data, l, selected(i, &l.id));
            assert!(unchanged(leg_proposals(&data, &form).save), "{}", l.id);
        }
        for (i, m) in data.meetings.iter().enumerate() {
            let form = MeetingForm::load(&data, m, selected(i, &m.id));
            assert!(unchanged(meeting_proposals(&data, &form).save), "{}", m.id);
        }
    }

    #[test]
    fn a_selection_follows_its_record_when_an_earlier_one_is_removed_and_is_dropped_when_it_goes() {
        let mut data = crate::data::bundled().unwrap();
        let mut sel = Some(selected(3, &data.meetings[3].id));
        data.meetings.remove(0);
        reselect(&mut sel, &data.meetings, |m| &m.id);
        assert_eq!(sel.as_ref().map(|s| s.index), Some(2));
        data.meetings.remove(2);
        reselect(&mut sel, &data.meetings, |m| &m.id);
        assert!(sel.is_none());
    }
}
