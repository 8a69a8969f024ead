//! The data editor: a list and a form for each of places, people, sources, legs, meetings and stays.
//!
//! Forms hold text drafts in [`EditorState`], view state that the app keeps across frames; the dataset
//! changes only when a button returns an [`Action::Edit`], which the app applies through its
//! [`History`]. Every frame each draft is checked with the rules the history applies ([`edit::check`]),
//! so an invalid form disables its button and says why instead of failing on the click.
//!
//! Legs, meetings and stays cite sources, and so do a meeting's durations and a record's disputes. A
//! form may cite a source that does not exist yet, typed into its "New source" fields: the button then
//! adds the source and the record as one [`Edit::Batch`], undone in one step. Inferred legs are worked
//! out from stays whenever the data changes, so the editor does not list them.
//!
//! Typing a place name suggests cities from the offline gazetteer: nothing typed leaves the machine.

use chrono_tz::Tz;
use egui::{Button, ComboBox, Grid, Response, ScrollArea, TextEdit, Ui};

use super::Action;
use crate::data::edit::{self, Edit, EditError, History};
use crate::data::gazetteer::{ATTRIBUTION, Gazetteer, GazetteerCity};
use crate::data::{
    Certainty, Dataset, Dispute, DurationClaim, Leg, LegIdx, Meeting, MeetingIdx, Person,
    PersonIdx, Place, PlaceIdx, Source, SourceIdx, Stay, StayIdx, When,
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
    Sources,
    Legs,
    Meetings,
    Stays,
}

impl Tab {
    const ALL: [Self; 6] = [
        Self::Places,
        Self::People,
        Self::Sources,
        Self::Legs,
        Self::Meetings,
        Self::Stays,
    ];

    fn label(self) -> &'static str {
        match self {
            Self::Places => "Places",
            Self::People => "People",
            Self::Sources => "Sources",
            Self::Legs => "Legs",
            Self::Meetings => "Meetings",
            Self::Stays => "Stays",
        }
    }
}

/// The editor's view state: the tab, the selected records and the text being typed.
#[derive(Clone, Debug, Default)]
pub struct EditorState {
    pub tab: Tab,
    place: PlaceForm,
    person: PersonForm,
    source: SourceForm,
    leg: LegForm,
    meeting: MeetingForm,
    stay: StayForm,
    /// The "New source" fields and the source search, shared by the forms that cite sources.
    citing: Citing,
    /// Why the app refused the last edit; shown until the next one is asked for.
    refused: Option<String>,
    memos: Memos,
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
        .show(ui, |ui| {
            let (memos, r) = (&mut state.memos, history.revision());
            match state.tab {
                Tab::Places => places_ui(ui, data, &mut state.place, (&mut memos.place, r)),
                Tab::People => people_ui(ui, data, &mut state.person, (&mut memos.person, r)),
                Tab::Sources => sources_ui(ui, data, &mut state.source, (&mut memos.source, r)),
                Tab::Legs => {
                    let memo = (&mut memos.leg, r);
                    legs_ui(ui, data, &mut state.leg, &mut state.citing, memo)
                }
                Tab::Meetings => {
                    let memo = (&mut memos.meeting, r);
                    meetings_ui(ui, data, &mut state.meeting, &mut state.citing, memo)
                }
                Tab::Stays => {
                    let memo = (&mut memos.stay, r);
                    stays_ui(ui, data, &mut state.stay, &mut state.citing, memo)
                }
            }
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
#[derive(Clone, Debug, PartialEq)]
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

/// The last proposals made for a form, reused while neither the form nor the dataset changed: checking
/// an id is unique or a place unused reads every record, which a frame must not do at a million.
#[derive(Clone)]
struct Memo<K> {
    last: Option<(u64, K, Proposals)>,
}

impl<K> Default for Memo<K> {
    fn default() -> Self {
        Self { last: None }
    }
}

impl<K: PartialEq + Clone> Memo<K> {
    /// The proposals for `key` at the dataset's `revision`, made by `make` only when either changed.
    fn get(&mut self, revision: u64, key: &K, make: impl FnOnce() -> Proposals) -> Proposals {
        if let Some((r, k, p)) = &self.last
            && *r == revision
            && k == key
        {
            return p.clone();
        }
        let p = make();
        self.last = Some((revision, key.clone(), p.clone()));
        p
    }
}

/// One memo per form.
#[derive(Clone, Default)]
struct Memos {
    place: Memo<PlaceForm>,
    person: Memo<PersonForm>,
    source: Memo<SourceForm>,
    leg: Memo<(LegForm, Citing)>,
    meeting: Memo<(MeetingForm, Citing)>,
    stay: Memo<(StayForm, Citing)>,
}

impl std::fmt::Debug for Memos {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Memos")
    }
}

/// What a button would do with the form as it is.
#[derive(Clone)]
#[expect(
    clippy::large_enum_variant,
    reason = "three a frame, kept once per form"
)]
enum Proposal {
    Ready(Edit),
    /// Saving would change nothing.
    Unchanged,
    Invalid(Problems),
}

/// What keeps a form from making a record: fields not filled in yet, and values that are wrong.
#[derive(Clone, Debug, PartialEq, Default)]
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
#[derive(Clone)]
struct Proposals {
    add: Proposal,
    /// `None` when no record is selected.
    save: Option<Proposal>,
    delete: Option<Proposal>,
}

/// The "Add" proposal: the draft made into an insert by `make` (which gives it an id), then checked.
fn add_proposal<T: Clone>(
    check: impl FnOnce(Edit) -> Proposal,
    draft: &Result<T, Problems>,
    make: impl FnOnce(T) -> Edit,
) -> Proposal {
    match draft {
        Ok(record) => check(make(record.clone())),
        Err(problems) => Proposal::Invalid(problems.clone()),
    }
}

/// The "Save" proposal: the draft merged into the selected record (keeping its id and what the form
/// does not edit), then checked; `Unchanged` when that is the record as it is.
fn save_proposal<T: PartialEq>(
    check: impl FnOnce(Edit) -> Proposal,
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
                check(make(new))
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

#[derive(Clone, Debug, PartialEq, Default)]
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

fn places_ui(
    ui: &mut Ui,
    data: &Dataset,
    form: &mut PlaceForm,
    (memo, revision): (&mut Memo<PlaceForm>, u64),
) -> Option<Edit> {
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
    let proposals = memo.get(revision, form, || place_proposals(data, form));
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
    let check = |e| Proposal::checked(data, e);
    let add = add_proposal(check, &draft, |p| {
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
        save_proposal(check, &draft, data.places.get(s.index), merge, edit)
    });
    let delete =
        selected.map(|s| Proposal::checked(data, Edit::RemovePlace(PlaceIdx(s.index as u32))));
    Proposals { add, save, delete }
}

/// After a button: an added record becomes the selected one, and a cleared form selects nothing.
fn after_click(asked: &Option<Edit>, selected: &mut Option<Selected>, clear: bool) {
    // A record added with a new source comes last in its batch.
    let record = match asked {
        Some(Edit::Batch(edits)) => edits.last(),
        other => other.as_ref(),
    };
    let added = match record {
        Some(Edit::InsertPlace(i, p)) => Some((i.index(), &p.id)),
        Some(Edit::InsertPerson(i, p)) => Some((i.index(), &p.id)),
        Some(Edit::InsertSource(i, s)) => Some((i.index(), &s.id)),
        Some(Edit::InsertLeg(i, l)) => Some((i.index(), &l.id)),
        Some(Edit::InsertMeeting(i, m)) => Some((i.index(), &m.id)),
        Some(Edit::InsertStay(i, st)) => Some((i.index(), &st.id)),
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

#[derive(Clone, Debug, PartialEq, Default)]
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

fn people_ui(
    ui: &mut Ui,
    data: &Dataset,
    form: &mut PersonForm,
    (memo, revision): (&mut Memo<PersonForm>, u64),
) -> Option<Edit> {
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
    let proposals = memo.get(revision, form, || person_proposals(data, form));
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
    let check = |e| Proposal::checked(data, e);
    let add = add_proposal(check, &draft, |p| {
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
        save_proposal(check, &draft, data.people.get(s.index), merge, edit)
    });
    let delete =
        selected.map(|s| Proposal::checked(data, Edit::RemovePerson(PersonIdx(s.index as u32))));
    Proposals { add, save, delete }
}

// ---------------------------------------------------------------------------------------------------
// Sources

fn source_label(s: &Source) -> String {
    match &s.publisher {
        Some(p) if *p != s.title => format!("{} ({p})", s.title),
        _ => s.title.clone(),
    }
}

#[derive(Clone, Debug, PartialEq, Default)]
struct SourceForm {
    selected: Option<Selected>,
    title: String,
    publisher: String,
    url: String,
}

impl SourceForm {
    fn load(s: &Source, selected: Selected) -> Self {
        Self {
            selected: Some(selected),
            title: s.title.clone(),
            publisher: s.publisher.clone().unwrap_or_default(),
            url: s.url.clone().unwrap_or_default(),
        }
    }

    /// The source the form describes, without an id.
    fn draft(&self) -> Result<Source, Problems> {
        let mut problems = Problems::default();
        match problems.required("title", &self.title) {
            Some(title) => Ok(Source {
                id: String::new(),
                title: title.to_owned(),
                publisher: optional(&self.publisher),
                url: optional(&self.url),
            }),
            None => Err(problems),
        }
    }
}

fn sources_ui(
    ui: &mut Ui,
    data: &Dataset,
    form: &mut SourceForm,
    (memo, revision): (&mut Memo<SourceForm>, u64),
) -> Option<Edit> {
    reselect(&mut form.selected, &data.sources, |s| &s.id);
    let row = |i: usize| data.sources.get(i).map(source_label).unwrap_or_default();
    let clicked = list_ui(
        ui,
        "sources",
        data.sources.len(),
        form.selected.as_ref(),
        row,
    );
    if let Some((i, s)) = clicked.and_then(|i| Some((i, data.sources.get(i)?))) {
        let id = s.id.clone();
        *form = SourceForm::load(s, Selected { index: i, id });
    }
    Grid::new("source_form").num_columns(2).show(ui, |ui| {
        text_row(ui, "Title", &mut form.title, "e.g. Envoy meets Putin");
        text_row(ui, "Publisher", &mut form.publisher, "e.g. Reuters");
        text_row(ui, "URL", &mut form.url, "https://…");
    });
    let proposals = memo.get(revision, form, || source_proposals(data, form));
    let mut clear = false;
    let asked = buttons_ui(ui, "source", proposals, &mut clear);
    after_click(&asked, &mut form.selected, clear);
    if clear {
        *form = SourceForm::default();
    }
    asked
}

fn source_proposals(data: &Dataset, form: &SourceForm) -> Proposals {
    let draft = form.draft();
    let check = |e| Proposal::checked(data, e);
    let add = add_proposal(check, &draft, |s| {
        let id = edit::new_source_id(data, &s);
        Edit::add_source(data, Source { id, ..s })
    });
    let selected = form.selected.as_ref();
    let save = selected.map(|sel| {
        let merge = |s: &Source, old: &Source| Source {
            id: old.id.clone(),
            ..s.clone()
        };
        let edit = |s| Edit::UpdateSource(SourceIdx(sel.index as u32), s);
        save_proposal(check, &draft, data.sources.get(sel.index), merge, edit)
    });
    let delete =
        selected.map(|s| Proposal::checked(data, Edit::RemoveSource(SourceIdx(s.index as u32))));
    Proposals { add, save, delete }
}

/// A source a draft cites: one of the dataset's, or the one typed into the "New source" fields.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Cite {
    Known(SourceIdx),
    New,
}

impl Cite {
    /// The index the source has, or will have once the new one is added after the last.
    fn index(self, data: &Dataset) -> SourceIdx {
        match self {
            Self::Known(s) => s,
            Self::New => SourceIdx(data.sources.len() as u32),
        }
    }
}

fn cites(sources: &[SourceIdx]) -> Vec<Cite> {
    sources.iter().copied().map(Cite::Known).collect()
}

fn resolve(data: &Dataset, cites: &[Cite]) -> Vec<SourceIdx> {
    cites.iter().map(|c| c.index(data)).collect()
}

/// The "New source" fields, and the text that narrows the lists of sources to cite.
#[derive(Clone, Debug, PartialEq, Default)]
struct Citing {
    title: String,
    publisher: String,
    url: String,
    filter: String,
}

impl Citing {
    /// The new source as typed, with a fresh id; `None` while its title is empty.
    fn draft(&self, data: &Dataset) -> Option<Source> {
        let mut source = Source {
            id: String::new(),
            title: optional(&self.title)?,
            publisher: optional(&self.publisher),
            url: optional(&self.url),
        };
        source.id = edit::new_source_id(data, &source);
        Some(source)
    }

    fn label(&self, data: &Dataset, cite: Cite) -> String {
        match cite {
            Cite::Known(s) => data.source(s).map(source_label).unwrap_or_default(),
            Cite::New => match optional(&self.title) {
                Some(title) => format!("New: {title}"),
                None => "New source".to_owned(),
            },
        }
    }

    /// After the new source was added at `index`: the form's citations of it now name it, and the
    /// fields empty for the next one.
    fn added(&mut self, index: SourceIdx, forms: &mut [&mut Vec<Cite>]) {
        for cites in forms.iter_mut() {
            for c in cites.iter_mut().filter(|c| **c == Cite::New) {
                *c = Cite::Known(index);
            }
        }
        *self = Self::default();
    }
}

/// The new source's fields, as rows of a grid.
fn new_source_rows(ui: &mut Ui, citing: &mut Citing) {
    ui.label("New source");
    ui.weak("Cite it as \"New: …\"");
    ui.end_row();
    text_row(ui, "Source title", &mut citing.title, "Optional");
    text_row(
        ui,
        "Source publisher",
        &mut citing.publisher,
        "e.g. Reuters",
    );
    text_row(ui, "Source URL", &mut citing.url, "https://…");
}

/// A labelled choice of several sources, as one grid row: a list that a typed text narrows, with the
/// new source first while its title is typed.
fn sources_row(
    ui: &mut Ui,
    label: &str,
    data: &Dataset,
    citing: &mut Citing,
    chosen: &mut Vec<Cite>,
) {
    let label_response = ui.label(label);
    let shown = if chosen.is_empty() {
        "No source".to_owned()
    } else {
        let names: Vec<String> = chosen.iter().map(|c| citing.label(data, *c)).collect();
        names.join(", ")
    };
    ComboBox::from_id_salt(label)
        .selected_text(shown)
        .width(FIELD_WIDTH)
        .close_behavior(egui::PopupCloseBehavior::CloseOnClickOutside)
        .show_ui(ui, |ui| {
            let find = ui.label("Find a source");
            ui.add(TextEdit::singleline(&mut citing.filter).hint_text("Title or publisher"))
                .labelled_by(find.id);
            let filter = citing.filter.trim().to_lowercase();
            let matches = |s: &Source| {
                filter.is_empty()
                    || source_label(s).to_lowercase().contains(&filter)
                    || s.id.to_lowercase().contains(&filter)
            };
            let new = optional(&citing.title).map(|_| Cite::New);
            let known = data
                .sources
                .iter()
                .enumerate()
                .filter(|(_, s)| matches(s))
                .map(|(i, _)| Cite::Known(SourceIdx(i as u32)));
            let options: Vec<Cite> = new.into_iter().chain(known).collect();
            for cite in options {
                let mut on = chosen.contains(&cite);
                if ui.checkbox(&mut on, citing.label(data, cite)).changed() {
                    // A search finds one source; the next starts afresh.
                    citing.filter.clear();
                    if on {
                        chosen.push(cite);
                    } else {
                        chosen.retain(|c| *c != cite);
                    }
                }
            }
        })
        .response
        .labelled_by(label_response.id);
    ui.end_row();
}

/// Checks an edit whose record may cite the new source: alone when it does not, otherwise as a batch
/// that adds the source first. Both parts are checked with the history's rules; the record is checked
/// without its citations of the source that does not exist yet, which the batch makes sound.
fn cited_proposal(data: &Dataset, citing: &Citing, edit: Edit) -> Proposal {
    let new = Cite::New.index(data);
    let Some(without) = without_source(&edit, new) else {
        return Proposal::checked(data, edit);
    };
    let Some(source) = citing.draft(data) else {
        return Proposal::Invalid(Problems {
            missing: vec!["source title"],
            wrong: Vec::new(),
        });
    };
    let add = Edit::add_source(data, source);
    match (
        Proposal::checked(data, add.clone()),
        Proposal::checked(data, without),
    ) {
        (Proposal::Ready(_), Proposal::Ready(_)) => Proposal::Ready(Edit::Batch(vec![add, edit])),
        (Proposal::Invalid(problems), _) | (_, Proposal::Invalid(problems)) => {
            Proposal::Invalid(problems)
        }
        _ => Proposal::Unchanged,
    }
}

/// The edit with every citation of `source` taken out of its record; `None` when it cites none.
fn without_source(edit: &Edit, source: SourceIdx) -> Option<Edit> {
    let mut edit = edit.clone();
    let mut lists: Vec<&mut Vec<SourceIdx>> = match &mut edit {
        Edit::InsertLeg(_, l) | Edit::UpdateLeg(_, l) => std::iter::once(&mut l.sources)
            .chain(l.disputes.iter_mut().map(|d| &mut d.sources))
            .collect(),
        Edit::InsertMeeting(_, m) | Edit::UpdateMeeting(_, m) => std::iter::once(&mut m.sources)
            .chain(m.durations.iter_mut().map(|d| &mut d.sources))
            .chain(m.disputes.iter_mut().map(|d| &mut d.sources))
            .collect(),
        Edit::InsertStay(_, st) | Edit::UpdateStay(_, st) => vec![&mut st.sources],
        _ => Vec::new(),
    };
    let mut found = false;
    for list in &mut lists {
        found |= list.contains(&source);
        list.retain(|s| *s != source);
    }
    drop(lists);
    found.then_some(edit)
}

/// After a click that added the new source with a record: where it went.
fn new_source_added(asked: &Option<Edit>) -> Option<SourceIdx> {
    match asked {
        Some(Edit::Batch(edits)) => match edits.first() {
            Some(Edit::InsertSource(i, _)) => Some(*i),
            _ => None,
        },
        _ => None,
    }
}

// ---------------------------------------------------------------------------------------------------
// Durations and disputes

/// A duration in the form: as reported, in minutes, and who says so.
#[derive(Clone, Debug, PartialEq)]
struct DurationDraft {
    text: String,
    minutes: u32,
    sources: Vec<Cite>,
}

/// A dispute in the form.
#[derive(Clone, Debug, PartialEq)]
struct DisputeDraft {
    field: String,
    claim: String,
    sources: Vec<Cite>,
}

/// A record's durations and disputes, and the fields for the next of each.
#[derive(Clone, Debug, PartialEq, Default)]
struct Claims {
    durations: Vec<DurationDraft>,
    disputes: Vec<DisputeDraft>,
    duration_text: String,
    duration_minutes: String,
    duration_sources: Vec<Cite>,
    dispute_field: String,
    dispute_claim: String,
    dispute_sources: Vec<Cite>,
}

impl Claims {
    fn load(durations: &[DurationClaim], disputes: &[Dispute]) -> Self {
        Self {
            durations: durations
                .iter()
                .map(|d| DurationDraft {
                    text: d.text.clone(),
                    minutes: d.minutes,
                    sources: cites(&d.sources),
                })
                .collect(),
            disputes: disputes
                .iter()
                .map(|d| DisputeDraft {
                    field: d.field.clone(),
                    claim: d.claim.clone(),
                    sources: cites(&d.sources),
                })
                .collect(),
            ..Self::default()
        }
    }

    fn durations(&self, data: &Dataset) -> Vec<DurationClaim> {
        let claim = |d: &DurationDraft| DurationClaim {
            text: d.text.clone(),
            minutes: d.minutes,
            sources: resolve(data, &d.sources),
        };
        self.durations.iter().map(claim).collect()
    }

    fn disputes(&self, data: &Dataset) -> Vec<Dispute> {
        let dispute = |d: &DisputeDraft| Dispute {
            field: d.field.clone(),
            claim: d.claim.clone(),
            sources: resolve(data, &d.sources),
        };
        self.disputes.iter().map(dispute).collect()
    }

    /// Every list of citations in the claims, for [`Citing::added`].
    fn cite_lists(&mut self) -> Vec<&mut Vec<Cite>> {
        self.durations
            .iter_mut()
            .map(|d| &mut d.sources)
            .chain(self.disputes.iter_mut().map(|d| &mut d.sources))
            .chain([&mut self.duration_sources, &mut self.dispute_sources])
            .collect()
    }

    /// The duration typed in, or why it cannot be added yet.
    fn next_duration(&self) -> Result<DurationDraft, String> {
        let text = optional(&self.duration_text).ok_or("Still needed: duration")?;
        let minutes = self.duration_minutes.trim();
        if minutes.is_empty() {
            return Err("Still needed: minutes".to_owned());
        }
        let minutes = minutes
            .parse::<u32>()
            .map_err(|_| format!("Minutes: \"{minutes}\" is not a whole number of minutes"))?;
        Ok(DurationDraft {
            text,
            minutes,
            sources: self.duration_sources.clone(),
        })
    }

    fn next_dispute(&self) -> Result<DisputeDraft, String> {
        let field = optional(&self.dispute_field).ok_or("Still needed: disputed field")?;
        let claim = optional(&self.dispute_claim).ok_or("Still needed: claim")?;
        Ok(DisputeDraft {
            field,
            claim,
            sources: self.dispute_sources.clone(),
        })
    }
}

/// The durations listed, each removable, and the fields to add one.
fn durations_ui(ui: &mut Ui, data: &Dataset, citing: &mut Citing, claims: &mut Claims) {
    ui.label("Durations");
    let mut removed = None;
    for (i, d) in claims.durations.iter().enumerate() {
        ui.horizontal_wrapped(|ui| {
            let sources: Vec<String> = d.sources.iter().map(|c| citing.label(data, *c)).collect();
            ui.label(format!(
                "{} ({} min) — {}",
                d.text,
                d.minutes,
                sources.join(", ")
            ));
            if ui.button(format!("Remove duration {}", i + 1)).clicked() {
                removed = Some(i);
            }
        });
    }
    if let Some(i) = removed {
        claims.durations.remove(i);
    }
    Grid::new("duration_form").num_columns(2).show(ui, |ui| {
        text_row(
            ui,
            "Duration",
            &mut claims.duration_text,
            "As reported, e.g. over five hours",
        );
        text_row(ui, "Minutes", &mut claims.duration_minutes, "e.g. 300");
        sources_row(
            ui,
            "Duration sources",
            data,
            citing,
            &mut claims.duration_sources,
        );
    });
    let next = claims.next_duration();
    ui.horizontal_wrapped(|ui| {
        if ui
            .add_enabled(next.is_ok(), Button::new("Add duration"))
            .clicked()
            && let Ok(d) = &next
        {
            claims.durations.push(d.clone());
            claims.duration_text.clear();
            claims.duration_minutes.clear();
            claims.duration_sources.clear();
        }
        if let Err(why) = &next
            && !(claims.duration_text.is_empty() && claims.duration_minutes.is_empty())
        {
            ui.weak(why);
        }
    });
}

/// The disputes listed, each removable, and the fields to add one.
fn disputes_ui(ui: &mut Ui, data: &Dataset, citing: &mut Citing, claims: &mut Claims) {
    ui.label("Disputes");
    let mut removed = None;
    for (i, d) in claims.disputes.iter().enumerate() {
        ui.horizontal_wrapped(|ui| {
            let sources: Vec<String> = d.sources.iter().map(|c| citing.label(data, *c)).collect();
            ui.label(format!("{}: {} — {}", d.field, d.claim, sources.join(", ")));
            if ui.button(format!("Remove dispute {}", i + 1)).clicked() {
                removed = Some(i);
            }
        });
    }
    if let Some(i) = removed {
        claims.disputes.remove(i);
    }
    Grid::new("dispute_form").num_columns(2).show(ui, |ui| {
        text_row(
            ui,
            "Disputed field",
            &mut claims.dispute_field,
            "e.g. venue",
        );
        text_row(
            ui,
            "Claim",
            &mut claims.dispute_claim,
            "What those sources say instead",
        );
        sources_row(
            ui,
            "Dispute sources",
            data,
            citing,
            &mut claims.dispute_sources,
        );
    });
    let next = claims.next_dispute();
    ui.horizontal_wrapped(|ui| {
        if ui
            .add_enabled(next.is_ok(), Button::new("Add dispute"))
            .clicked()
            && let Ok(d) = &next
        {
            claims.disputes.push(d.clone());
            claims.dispute_field.clear();
            claims.dispute_claim.clear();
            claims.dispute_sources.clear();
        }
        if let Err(why) = &next
            && !(claims.dispute_field.is_empty() && claims.dispute_claim.is_empty())
        {
            ui.weak(why);
        }
    });
}

// ---------------------------------------------------------------------------------------------------
// Legs

/// How many legs were reported: inferred legs are derived and follow them (see
/// [`crate::data::infer::set_inferred`]), and the app takes them out before an edit, so only these
/// indexes are valid for edits.
fn recorded_legs(data: &Dataset) -> usize {
    data.legs
        .partition_point(|l| l.certainty != Certainty::Inferred)
}

#[derive(Clone, Debug, PartialEq, Default)]
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
    sources: Vec<Cite>,
    claims: Claims,
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
            travellers: l.travellers.to_vec(),
            certainty: l.certainty,
            note: l.note.clone().unwrap_or_default(),
            sources: cites(&l.sources),
            claims: Claims::load(&[], &l.disputes),
        }
    }

    /// The leg the form describes, without an id.
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
                travellers: self.travellers.as_slice().into(),
                from,
                to,
                departure,
                arrival,
                certainty: self.certainty,
                sources: resolve(data, &self.sources),
                disputes: self.claims.disputes(data),
                note: optional(&self.note),
            }),
            _ => Err(problems),
        }
    }
}

fn legs_ui(
    ui: &mut Ui,
    data: &Dataset,
    form: &mut LegForm,
    citing: &mut Citing,
    (memo, revision): (&mut Memo<(LegForm, Citing)>, u64),
) -> Option<Edit> {
    let recorded = data.legs.get(..recorded_legs(data)).unwrap_or_default();
    reselect(&mut form.selected, recorded, |l| &l.id);
    let row = |i: usize| {
        let Some(l) = recorded.get(i) else {
            return String::new();
        };
        let city = |p: PlaceIdx| data.place(p).map(|p| p.city.clone()).unwrap_or_default();
        format!("{} → {} · {}", city(l.from), city(l.to), l.id)
    };
    let clicked = list_ui(ui, "legs", recorded.len(), form.selected.as_ref(), row);
    if let Some((i, l)) = clicked.and_then(|i| Some((i, recorded.get(i)?))) {
        let id = l.id.clone();
        *form = LegForm::load(data, l, Selected { index: i, id });
    }
    let inferred = data.legs.len() - recorded.len();
    if inferred > 0 {
        ui.weak(format!(
            "{inferred} inferred flights are worked out from the stays, not edited here"
        ));
    }
    let tz = |p: Option<PlaceIdx>| p.and_then(|p| data.place(p)).map(|p| p.tz);
    Grid::new("leg_form").num_columns(2).show(ui, |ui| {
        place_row(ui, "From", "leg_from", data, &mut form.from);
        place_row(ui, "To", "leg_to", data, &mut form.to);
        text_row(ui, "Departure", &mut form.departure, TIME_HINT);
        text_row(ui, "Arrival", &mut form.arrival, TIME_HINT);
        certainty_row(ui, "leg_certainty", &mut form.certainty);
        text_row(ui, "Note", &mut form.note, "");
        sources_row(ui, "Sources", data, citing, &mut form.sources);
        new_source_rows(ui, citing);
    });
    people_section_ui(ui, "Travellers", data, &mut form.travellers);
    time_preview(ui, "Departure", &form.departure, tz(form.from));
    time_preview(ui, "Arrival", &form.arrival, tz(form.to));
    disputes_ui(ui, data, citing, &mut form.claims);
    ui.separator();
    let key = (form.clone(), citing.clone());
    let proposals = memo.get(revision, &key, || leg_proposals(data, form, citing));
    let mut clear = false;
    let asked = buttons_ui(ui, "leg", proposals, &mut clear);
    after_click(&asked, &mut form.selected, clear);
    if let Some(index) = new_source_added(&asked) {
        let mut lists = form.claims.cite_lists();
        lists.push(&mut form.sources);
        citing.added(index, &mut lists);
    }
    if clear {
        *form = LegForm::default();
    }
    asked
}

fn leg_proposals(data: &Dataset, form: &LegForm, citing: &Citing) -> Proposals {
    let draft = form.draft(data);
    let check = |e| cited_proposal(data, citing, e);
    let recorded = recorded_legs(data);
    let add = add_proposal(check, &draft, |l| {
        let tz = |p: PlaceIdx| data.place(p).map_or(chrono_tz::UTC, |p| p.tz);
        let when = l
            .departure
            .map(|w| (w, tz(l.from)))
            .or_else(|| l.arrival.map(|w| (w, tz(l.to))));
        let id = edit::new_leg_id(data, l.from, l.to, when);
        Edit::InsertLeg(LegIdx(recorded as u32), Leg { id, ..l })
    });
    let selected = form.selected.as_ref().filter(|s| s.index < recorded);
    let save = selected.map(|s| {
        let merge = |l: &Leg, old: &Leg| Leg {
            id: old.id.clone(),
            ..l.clone()
        };
        let edit = |l| Edit::UpdateLeg(LegIdx(s.index as u32), l);
        save_proposal(check, &draft, data.legs.get(s.index), merge, edit)
    });
    let delete = selected.map(|s| Proposal::checked(data, Edit::RemoveLeg(LegIdx(s.index as u32))));
    Proposals { add, save, delete }
}

// ---------------------------------------------------------------------------------------------------
// Meetings

#[derive(Clone, Debug, PartialEq, Default)]
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
    note: String,
    sources: Vec<Cite>,
    claims: Claims,
}

impl MeetingForm {
    fn load(data: &Dataset, m: &Meeting, selected: Selected) -> Self {
        let tz = data.place(m.place).map(|p| p.tz);
        Self {
            selected: Some(selected),
            place: Some(m.place),
            start: time_text(Some(m.start), tz),
            end: time_text(m.end, tz),
            participants: m.participants.to_vec(),
            topic: m.topic.clone(),
            certainty: m.certainty,
            venue: m.venue.clone().unwrap_or_default(),
            note: m.note.clone().unwrap_or_default(),
            sources: cites(&m.sources),
            claims: Claims::load(&m.durations, &m.disputes),
        }
    }

    /// The meeting the form describes, without an id.
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
                durations: self.claims.durations(data).into(),
                participants: self.participants.as_slice().into(),
                topic: self.topic.trim().to_owned(),
                certainty: self.certainty,
                sources: resolve(data, &self.sources),
                disputes: self.claims.disputes(data),
                note: optional(&self.note),
            }),
            _ => Err(problems),
        }
    }
}

fn meetings_ui(
    ui: &mut Ui,
    data: &Dataset,
    form: &mut MeetingForm,
    citing: &mut Citing,
    (memo, revision): (&mut Memo<(MeetingForm, Citing)>, u64),
) -> Option<Edit> {
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
    meeting_form_ui(ui, data, form, citing);
    let key = (form.clone(), citing.clone());
    let proposals = memo.get(revision, &key, || meeting_proposals(data, form, citing));
    let mut clear = false;
    let asked = buttons_ui(ui, "meeting", proposals, &mut clear);
    after_click(&asked, &mut form.selected, clear);
    if let Some(index) = new_source_added(&asked) {
        let mut lists = form.claims.cite_lists();
        lists.push(&mut form.sources);
        citing.added(index, &mut lists);
    }
    if clear {
        *form = MeetingForm::default();
    }
    asked
}

fn meeting_form_ui(ui: &mut Ui, data: &Dataset, form: &mut MeetingForm, citing: &mut Citing) {
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
        text_row(ui, "Note", &mut form.note, "");
        sources_row(ui, "Sources", data, citing, &mut form.sources);
        new_source_rows(ui, citing);
    });
    people_section_ui(ui, "Participants", data, &mut form.participants);
    time_preview(ui, "Start", &form.start, tz);
    time_preview(ui, "End", &form.end, tz);
    durations_ui(ui, data, citing, &mut form.claims);
    disputes_ui(ui, data, citing, &mut form.claims);
    ui.separator();
}

fn meeting_proposals(data: &Dataset, form: &MeetingForm, citing: &Citing) -> Proposals {
    let draft = form.draft(data);
    let check = |e| cited_proposal(data, citing, e);
    let add = add_proposal(check, &draft, |m| {
        let id = edit::new_meeting_id(data, m.place, m.start);
        Edit::add_meeting(data, Meeting { id, ..m })
    });
    let selected = form.selected.as_ref();
    let save = selected.map(|s| {
        let merge = |m: &Meeting, old: &Meeting| Meeting {
            id: old.id.clone(),
            ..m.clone()
        };
        let edit = |m| Edit::UpdateMeeting(MeetingIdx(s.index as u32), m);
        save_proposal(check, &draft, data.meetings.get(s.index), merge, edit)
    });
    let delete =
        selected.map(|s| Proposal::checked(data, Edit::RemoveMeeting(MeetingIdx(s.index as u32))));
    Proposals { add, save, delete }
}

// ---------------------------------------------------------------------------------------------------
// Stays

#[derive(Clone, Debug, PartialEq, Default)]
struct StayForm {
    selected: Option<Selected>,
    person: Option<PersonIdx>,
    place: Option<PlaceIdx>,
    start: String,
    /// Empty for a stay of one day (or instant): the end is the start.
    end: String,
    role: String,
    remarks: String,
    sources: Vec<Cite>,
}

impl StayForm {
    fn load(data: &Dataset, st: &Stay, selected: Selected) -> Self {
        let tz = st.place.and_then(|p| data.place(p)).map(|p| p.tz);
        Self {
            selected: Some(selected),
            person: Some(st.person),
            place: st.place,
            start: time_text(Some(st.start), tz),
            end: time_text(Some(st.end), tz),
            role: st.role.clone().unwrap_or_default(),
            remarks: st.remarks.clone().unwrap_or_default(),
            sources: cites(&st.sources),
        }
    }

    /// The zone its times are read in: the place's, or UTC for a stay with no place.
    fn tz(&self, data: &Dataset) -> Option<Tz> {
        Some(
            self.place
                .and_then(|p| data.place(p))
                .map_or(chrono_tz::UTC, |p| p.tz),
        )
    }

    /// The stay the form describes, without an id or a geocode.
    fn draft(&self, data: &Dataset) -> Result<Stay, Problems> {
        let mut problems = Problems::default();
        let person = self.person.filter(|p| data.person(*p).is_some());
        if person.is_none() {
            problems.missing.push("person");
        }
        let tz = self.tz(data);
        let start = parse_time("start", &self.start, tz, true, &mut problems);
        let end = parse_time("end", &self.end, tz, false, &mut problems);
        match (person, start) {
            (Some(person), Some(start)) if problems.is_empty() => Ok(Stay {
                id: String::new(),
                person,
                place: self.place.filter(|p| data.place(*p).is_some()),
                start,
                end: end.unwrap_or(start),
                role: optional(&self.role),
                remarks: optional(&self.remarks),
                sources: resolve(data, &self.sources),
                geocode: None,
            }),
            _ => Err(problems),
        }
    }
}

fn stays_ui(
    ui: &mut Ui,
    data: &Dataset,
    form: &mut StayForm,
    citing: &mut Citing,
    (memo, revision): (&mut Memo<(StayForm, Citing)>, u64),
) -> Option<Edit> {
    reselect(&mut form.selected, &data.stays, |s| &s.id);
    let row = |i: usize| {
        let Some(st) = data.stays.get(i) else {
            return String::new();
        };
        let who = data.person(st.person).map_or("", |p| p.name.as_str());
        let (place, tz) = st
            .place
            .and_then(|p| data.place(p))
            .map_or(("no place".to_owned(), chrono_tz::UTC), |p| {
                (p.city.clone(), p.tz)
            });
        format!("{who} · {place} · {} · {}", st.start.display_in(tz), st.id)
    };
    let clicked = list_ui(ui, "stays", data.stays.len(), form.selected.as_ref(), row);
    if let Some((i, st)) = clicked.and_then(|i| Some((i, data.stays.get(i)?))) {
        let id = st.id.clone();
        *form = StayForm::load(data, st, Selected { index: i, id });
    }
    Grid::new("stay_form").num_columns(2).show(ui, |ui| {
        person_row(ui, data, &mut form.person);
        stay_place_row(ui, data, &mut form.place);
        text_row(ui, "Start", &mut form.start, TIME_HINT);
        text_row(ui, "End", &mut form.end, "The start, if empty");
        text_row(ui, "Role", &mut form.role, "e.g. head of delegation");
        text_row(ui, "Remarks", &mut form.remarks, "");
        sources_row(ui, "Sources", data, citing, &mut form.sources);
        new_source_rows(ui, citing);
    });
    let tz = form.tz(data);
    time_preview(ui, "Start", &form.start, tz);
    time_preview(ui, "End", &form.end, tz);
    let key = (form.clone(), citing.clone());
    let proposals = memo.get(revision, &key, || stay_proposals(data, form, citing));
    let mut clear = false;
    let asked = buttons_ui(ui, "stay", proposals, &mut clear);
    after_click(&asked, &mut form.selected, clear);
    if let Some(index) = new_source_added(&asked) {
        citing.added(index, &mut [&mut form.sources]);
    }
    if clear {
        *form = StayForm::default();
    }
    asked
}

/// A labelled choice of one person, as one grid row.
fn person_row(ui: &mut Ui, data: &Dataset, value: &mut Option<PersonIdx>) {
    let label = ui.label("Person");
    let chosen = value
        .and_then(|p| data.person(p))
        .map_or_else(|| "Choose a person".to_owned(), |p| p.name.clone());
    ComboBox::from_id_salt("stay_person")
        .selected_text(chosen)
        .width(FIELD_WIDTH)
        .show_ui(ui, |ui| {
            for (i, p) in data.people.iter().enumerate() {
                ui.selectable_value(value, Some(PersonIdx(i as u32)), &p.name);
            }
        })
        .response
        .labelled_by(label.id);
    ui.end_row();
}

/// A labelled choice of a place or none, as one grid row.
fn stay_place_row(ui: &mut Ui, data: &Dataset, value: &mut Option<PlaceIdx>) {
    let label = ui.label("Place");
    let chosen = value
        .and_then(|p| data.place(p))
        .map_or_else(|| "No place".to_owned(), place_label);
    ComboBox::from_id_salt("stay_place")
        .selected_text(chosen)
        .width(FIELD_WIDTH)
        .show_ui(ui, |ui| {
            ui.selectable_value(value, None, "No place");
            for (i, p) in data.places.iter().enumerate() {
                ui.selectable_value(value, Some(PlaceIdx(i as u32)), place_label(p));
            }
        })
        .response
        .labelled_by(label.id);
    ui.end_row();
}

fn stay_proposals(data: &Dataset, form: &StayForm, citing: &Citing) -> Proposals {
    let draft = form.draft(data);
    let check = |e| cited_proposal(data, citing, e);
    let add = add_proposal(check, &draft, |st| {
        let tz = form.tz(data).unwrap_or(chrono_tz::UTC);
        let id = edit::new_stay_id(data, st.person, st.start, tz);
        Edit::add_stay(data, Stay { id, ..st })
    });
    let selected = form.selected.as_ref();
    let save = selected.map(|s| {
        // Where the place came from stays with it; a place chosen by hand was not geocoded.
        let merge = |st: &Stay, old: &Stay| Stay {
            id: old.id.clone(),
            geocode: (st.place == old.place)
                .then(|| old.geocode.clone())
                .flatten(),
            ..st.clone()
        };
        let edit = |st| Edit::UpdateStay(StayIdx(s.index as u32), st);
        save_proposal(check, &draft, data.stays.get(s.index), merge, edit)
    });
    let delete =
        selected.map(|s| Proposal::checked(data, Edit::RemoveStay(StayIdx(s.index as u32))));
    Proposals { add, save, delete }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn proposals_are_made_again_only_when_the_form_or_the_dataset_changed() {
        let mut memo = Memo::<PlaceForm>::default();
        let made = std::cell::Cell::new(0);
        let make = || {
            made.set(made.get() + 1);
            Proposals {
                add: Proposal::Unchanged,
                save: None,
                delete: None,
            }
        };
        let mut form = PlaceForm::default();
        memo.get(1, &form, make);
        memo.get(1, &form, make);
        assert_eq!(made.get(), 1, "same form, same revision");
        form.name = "Geneva".to_owned();
        memo.get(1, &form, make);
        assert_eq!(made.get(), 2, "the form changed");
        memo.get(2, &form, make);
        assert_eq!(made.get(), 3, "the dataset changed");
    }

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
        for (i, s) in data.sources.iter().enumerate() {
            let form = SourceForm::load(s, selected(i, &s.id));
            assert!(unchanged(source_proposals(&data, &form).save), "{}", s.id);
        }
        let citing = Citing::default();
        assert!(recorded_legs(&data) > 0);
        for (i, l) in data.legs.iter().take(recorded_legs(&data)).enumerate() {
            let form = LegForm::load(&data, l, selected(i, &l.id));
            let save = leg_proposals(&data, &form, &citing).save;
            assert!(unchanged(save), "{}", l.id);
        }
        for (i, m) in data.meetings.iter().enumerate() {
            let form = MeetingForm::load(&data, m, selected(i, &m.id));
            let save = meeting_proposals(&data, &form, &citing).save;
            assert!(unchanged(save), "{}", m.id);
        }
        for (i, st) in data.stays.iter().enumerate() {
            let form = StayForm::load(&data, st, selected(i, &st.id));
            let save = stay_proposals(&data, &form, &citing).save;
            assert!(unchanged(save), "{}", st.id);
        }
    }

    #[test]
    fn a_record_citing_the_new_source_is_added_with_it_in_one_batch_or_says_what_is_missing() {
        let data = crate::data::bundled().unwrap();
        let mut form = MeetingForm::load(&data, &data.meetings[0], selected(0, "x"));
        form.selected = None;
        form.sources.push(Cite::New);
        let mut citing = Citing::default();
        let add = meeting_proposals(&data, &form, &citing).add;
        let Proposal::Invalid(problems) = add else {
            panic!("a new source without a title cannot be cited");
        };
        assert_eq!(problems.missing, vec!["source title"]);
        citing.title = "Wire report".into();
        citing.publisher = "Reuters".into();
        let Proposal::Ready(Edit::Batch(edits)) = meeting_proposals(&data, &form, &citing).add
        else {
            panic!("a batch");
        };
        let new = SourceIdx(data.sources.len() as u32);
        assert!(
            matches!(&edits[0], Edit::InsertSource(i, s) if *i == new && s.title == "Wire report")
        );
        assert!(matches!(&edits[1], Edit::InsertMeeting(_, m) if m.sources.contains(&new)));
        let mut d = data.clone();
        History::new().apply(&mut d, Edit::Batch(edits)).unwrap();
        assert_eq!(d.sources.len(), data.sources.len() + 1);
    }

    #[test]
    fn inferred_legs_are_not_listed_and_a_new_leg_goes_after_the_recorded_ones() {
        let mut data = crate::data::bundled().unwrap();
        let recorded = data.legs.len();
        let mut inferred = data.legs[0].clone();
        inferred.id = "inferred-0".into();
        inferred.certainty = Certainty::Inferred;
        data.legs.push(inferred);
        assert_eq!(recorded_legs(&data), recorded);
        let mut form = LegForm::load(&data, &data.legs[0], selected(0, "x"));
        form.selected = Some(selected(recorded, "inferred-0"));
        form.departure = "2025-12-01".into();
        form.arrival = "2025-12-01".into();
        let proposals = leg_proposals(&data, &form, &Citing::default());
        assert!(
            matches!(proposals.add, Proposal::Ready(Edit::InsertLeg(i, _)) if i.index() == recorded),
            "the app takes inferred legs out before it applies an edit"
        );
        assert!(
            proposals.save.is_none() && proposals.delete.is_none(),
            "an inferred leg is not edited"
        );
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
