//! Changing a dataset: every change is one [`Edit`], applied through a [`History`] that keeps undo and redo.
//!
//! Key decision: every edit has an exact inverse (an insert's is a remove at the same index, an update's
//! is the update back to the old record), so undo and redo move single records and never clone the
//! dataset, which may hold a million meetings. Records refer to places and people by index, so inserting
//! or removing one shifts the indexes after it: every reference (legs' ends and travellers, meetings'
//! places and participants, notes' people, stays' people and places, and every source list) is remapped
//! so that it keeps pointing at the same record. A place, person or source that is still referred to
//! cannot be removed; the error names the records that use it.
//!
//! The rules a new or changed record must meet are the loader's: a record's own values go through the
//! same [`super::rules`], and references and ids are checked against the dataset here.

use chrono_tz::Tz;

use super::rules;

use super::{
    Dataset, Leg, LegIdx, Meeting, MeetingIdx, Person, PersonIdx, Place, PlaceIdx, Source,
    SourceIdx, Stay, StayIdx, When,
};

/// One change to a dataset. Every edit has an exact inverse, so undo/redo never clones the dataset.
#[derive(Clone, Debug, PartialEq)]
pub enum Edit {
    /// Insert a place before the one at this index (or at the end); later places shift up by one.
    InsertPlace(PlaceIdx, Place),
    UpdatePlace(PlaceIdx, Place),
    /// Remove an unused place; later places shift down by one.
    RemovePlace(PlaceIdx),
    InsertPerson(PersonIdx, Person),
    UpdatePerson(PersonIdx, Person),
    RemovePerson(PersonIdx),
    /// Insert a source before the one at this index (or at the end); later sources shift up by one.
    InsertSource(SourceIdx, Source),
    UpdateSource(SourceIdx, Source),
    /// Remove a source no record cites; later sources shift down by one.
    RemoveSource(SourceIdx),
    InsertLeg(LegIdx, Leg),
    UpdateLeg(LegIdx, Leg),
    RemoveLeg(LegIdx),
    InsertMeeting(MeetingIdx, Meeting),
    UpdateMeeting(MeetingIdx, Meeting),
    RemoveMeeting(MeetingIdx),
    InsertStay(StayIdx, Stay),
    UpdateStay(StayIdx, Stay),
    RemoveStay(StayIdx),
    /// Several edits made and undone as one, in order (placing every stay with one place text: a new
    /// place, then each stay). Each is checked against the dataset as the ones before it left it.
    Batch(Vec<Edit>),
}

impl Edit {
    /// Adds a place after the last one.
    pub fn add_place(d: &Dataset, place: Place) -> Self {
        Self::InsertPlace(PlaceIdx(end_index(d.places.len())), place)
    }

    /// Adds a person after the last one.
    pub fn add_person(d: &Dataset, person: Person) -> Self {
        Self::InsertPerson(PersonIdx(end_index(d.people.len())), person)
    }

    /// Adds a source after the last one.
    pub fn add_source(d: &Dataset, source: Source) -> Self {
        Self::InsertSource(SourceIdx(end_index(d.sources.len())), source)
    }

    /// Adds a leg after the last one.
    pub fn add_leg(d: &Dataset, leg: Leg) -> Self {
        Self::InsertLeg(LegIdx(end_index(d.legs.len())), leg)
    }

    /// Adds a meeting after the last one.
    pub fn add_meeting(d: &Dataset, meeting: Meeting) -> Self {
        Self::InsertMeeting(MeetingIdx(end_index(d.meetings.len())), meeting)
    }

    /// Adds a stay after the last one.
    pub fn add_stay(d: &Dataset, stay: Stay) -> Self {
        Self::InsertStay(StayIdx(end_index(d.stays.len())), stay)
    }
}

/// The index one past the end; a list too long for a `u32` index gets one that [`check`] refuses.
fn end_index(len: usize) -> u32 {
    u32::try_from(len).unwrap_or(u32::MAX)
}

/// How many of the records that use a place or person an error names.
const USERS_NAMED: usize = 5;

/// Why an edit was refused. The dataset is unchanged.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    /// The place is still the end of a leg or the place of a meeting.
    #[error("{place} is used by {}; change or delete those first", users(.used_by, *.total))]
    PlaceInUse {
        place: String,
        /// The first few records that use it, e.g. `meetings[3] "istanbul-0410"`.
        used_by: Vec<String>,
        /// How many records use it in all.
        total: usize,
    },
    /// The person still travels on a leg, takes part in a meeting or is named in a note.
    #[error("{person} is named in {}; change or delete those first", users(.used_by, *.total))]
    PersonInUse {
        person: String,
        used_by: Vec<String>,
        total: usize,
    },
    /// The source is still cited by a record, a duration or a dispute.
    #[error("{title} is cited by {}; change or delete those first", users(.used_by, *.total))]
    SourceInUse {
        /// The source's title.
        title: String,
        used_by: Vec<String>,
        total: usize,
    },
    #[error("there is no {kind}[{index}] (there are {len})")]
    OutOfRange {
        kind: &'static str,
        index: usize,
        len: usize,
    },
    #[error("another record in {kind} already has the id \"{id}\"")]
    DuplicateId { kind: &'static str, id: String },
    /// A value breaks a rule, in words: "the name is empty", "arrival is before departure".
    #[error("{0}")]
    Invalid(String),
}

fn users(named: &[String], total: usize) -> String {
    let list = named.join(", ");
    match total.saturating_sub(named.len()) {
        0 => list,
        more => format!("{list} and {more} more"),
    }
}

/// Undo and redo stacks of inverse edits, and where the dataset was last saved.
#[derive(Clone, Debug)]
pub struct History {
    /// Inverses of the edits made, most recent last.
    undo: Vec<Edit>,
    /// Inverses of the edits undone, most recent last.
    redo: Vec<Edit>,
    /// The undo depth at which the dataset matched the file; `None` once that state cannot be reached.
    saved_at: Option<usize>,
    /// Changes with every edit, undo and redo, and differs between histories: what was worked out from
    /// the dataset at one revision (the editor's checks) holds while it stays the same.
    revision: u64,
}

/// A revision no history has had yet.
fn next_revision() -> u64 {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

impl Default for History {
    fn default() -> Self {
        Self::new()
    }
}

impl History {
    /// An empty history for a dataset just loaded (so nothing is unsaved).
    pub fn new() -> Self {
        Self {
            undo: Vec::new(),
            redo: Vec::new(),
            saved_at: Some(0),
            revision: next_revision(),
        }
    }

    /// The dataset's revision: it changes whenever the history changes the dataset, and a new history
    /// (a dataset loaded) never has an earlier one's.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// Checks the edit against the dataset, makes it, and remembers its inverse. Clears the redo stack.
    /// On an error the dataset and the history are unchanged.
    pub fn apply(&mut self, d: &mut Dataset, edit: Edit) -> Result<(), EditError> {
        let inverse = check_and_perform(d, edit)?;
        if self.saved_at.is_some_and(|at| at > self.undo.len()) {
            // The saved state was on the redo stack, which this edit discards.
            self.saved_at = None;
        }
        self.undo.push(inverse);
        self.redo.clear();
        self.revision = next_revision();
        Ok(())
    }

    /// Undoes the last edit; `false` when there is none.
    pub fn undo(&mut self, d: &mut Dataset) -> bool {
        let done = step(d, &mut self.undo, &mut self.redo);
        if done {
            self.revision = next_revision();
        }
        done
    }

    /// Makes the last undone edit again; `false` when there is none.
    pub fn redo(&mut self, d: &mut Dataset) -> bool {
        let done = step(d, &mut self.redo, &mut self.undo);
        if done {
            self.revision = next_revision();
        }
        done
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// Whether the dataset differs from the last save (or load).
    pub fn unsaved(&self) -> bool {
        self.saved_at != Some(self.undo.len())
    }

    /// Records that the dataset as it is now has been saved.
    pub fn mark_saved(&mut self) {
        self.saved_at = Some(self.undo.len());
    }
}

/// Checks and makes an edit; a batch is checked one edit at a time, and undone whole if one is refused.
fn check_and_perform(d: &mut Dataset, edit: Edit) -> Result<Edit, EditError> {
    let Edit::Batch(edits) = edit else {
        check(d, &edit)?;
        return perform(d, edit);
    };
    let mut inverses = Vec::with_capacity(edits.len());
    for e in edits {
        match check_and_perform(d, e) {
            Ok(inverse) => inverses.push(inverse),
            Err(err) => {
                for inverse in inverses.into_iter().rev() {
                    if let Err(e) = perform(d, inverse) {
                        log::error!("could not roll back a refused batch: {e}");
                    }
                }
                return Err(err);
            }
        }
    }
    inverses.reverse();
    Ok(Edit::Batch(inverses))
}

/// Performs the top edit of `from` and pushes its inverse onto `to`.
fn step(d: &mut Dataset, from: &mut Vec<Edit>, to: &mut Vec<Edit>) -> bool {
    let Some(edit) = from.pop() else {
        return false;
    };
    match perform(d, edit.clone()) {
        Ok(inverse) => {
            to.push(inverse);
            true
        }
        Err(e) => {
            // Only possible if the dataset was changed behind the history's back.
            log::error!("cannot undo or redo {edit:?}: {e}");
            from.push(edit);
            false
        }
    }
}

/// Whether `edit` may be made: indexes in range, values valid, ids unique, references known, and a
/// place or person to be removed unused. [`History::apply`] calls this; forms call it to say what is wrong.
pub fn check(d: &Dataset, edit: &Edit) -> Result<(), EditError> {
    match edit {
        Edit::InsertPlace(i, p) => {
            insertable(d.places.len(), i.index(), "places")?;
            check_place(d, p, None)
        }
        Edit::UpdatePlace(i, p) => {
            existing(d.places.len(), i.index(), "places")?;
            check_place(d, p, Some(i.index()))
        }
        Edit::RemovePlace(i) => unused_place(d, *i),
        Edit::InsertPerson(i, p) => {
            insertable(d.people.len(), i.index(), "people")?;
            check_person(d, p, None)
        }
        Edit::UpdatePerson(i, p) => {
            existing(d.people.len(), i.index(), "people")?;
            check_person(d, p, Some(i.index()))
        }
        Edit::RemovePerson(i) => unused_person(d, *i),
        Edit::InsertSource(i, s) => {
            insertable(d.sources.len(), i.index(), "sources")?;
            check_source(d, s, None)
        }
        Edit::UpdateSource(i, s) => {
            existing(d.sources.len(), i.index(), "sources")?;
            check_source(d, s, Some(i.index()))
        }
        Edit::RemoveSource(i) => unused_source(d, *i),
        Edit::InsertLeg(i, l) => {
            insertable(d.legs.len(), i.index(), "legs")?;
            check_leg(d, l, None)
        }
        Edit::UpdateLeg(i, l) => {
            existing(d.legs.len(), i.index(), "legs")?;
            check_leg(d, l, Some(i.index()))
        }
        Edit::RemoveLeg(i) => existing(d.legs.len(), i.index(), "legs"),
        Edit::InsertMeeting(i, m) => {
            insertable(d.meetings.len(), i.index(), "meetings")?;
            check_meeting(d, m, None)
        }
        Edit::UpdateMeeting(i, m) => {
            existing(d.meetings.len(), i.index(), "meetings")?;
            check_meeting(d, m, Some(i.index()))
        }
        Edit::RemoveMeeting(i) => existing(d.meetings.len(), i.index(), "meetings"),
        Edit::InsertStay(i, st) => {
            insertable(d.stays.len(), i.index(), "stays")?;
            check_stay(d, st, None)
        }
        Edit::UpdateStay(i, st) => {
            existing(d.stays.len(), i.index(), "stays")?;
            check_stay(d, st, Some(i.index()))
        }
        Edit::RemoveStay(i) => existing(d.stays.len(), i.index(), "stays"),
        // Checked edit by edit as it is made (see `check_and_perform`).
        Edit::Batch(_) => Ok(()),
    }
}

/// Makes an edit without checking its values (only indexes, and that a removed place or person is
/// unused, so references stay sound) and returns its inverse.
fn perform(d: &mut Dataset, edit: Edit) -> Result<Edit, EditError> {
    Ok(match edit {
        Edit::InsertPlace(i, p) => {
            insert_at(&mut d.places, i.index(), p, "places")?;
            remap_places(d, Shift::Inserted(i.0));
            Edit::RemovePlace(i)
        }
        Edit::UpdatePlace(i, p) => Edit::UpdatePlace(i, replace_at(&mut d.places, i, p)?),
        Edit::RemovePlace(i) => {
            unused_place(d, i)?;
            let old = d.places.remove(i.index());
            remap_places(d, Shift::Removed(i.0));
            Edit::InsertPlace(i, old)
        }
        Edit::InsertPerson(i, p) => {
            insert_at(&mut d.people, i.index(), p, "people")?;
            remap_people(d, Shift::Inserted(i.0));
            Edit::RemovePerson(i)
        }
        Edit::UpdatePerson(i, p) => Edit::UpdatePerson(i, replace_at(&mut d.people, i, p)?),
        Edit::RemovePerson(i) => {
            unused_person(d, i)?;
            let old = d.people.remove(i.index());
            remap_people(d, Shift::Removed(i.0));
            Edit::InsertPerson(i, old)
        }
        Edit::InsertSource(i, s) => {
            insert_at(&mut d.sources, i.index(), s, "sources")?;
            remap_sources(d, Shift::Inserted(i.0));
            Edit::RemoveSource(i)
        }
        Edit::UpdateSource(i, s) => Edit::UpdateSource(i, replace_at(&mut d.sources, i, s)?),
        Edit::RemoveSource(i) => {
            unused_source(d, i)?;
            let old = d.sources.remove(i.index());
            remap_sources(d, Shift::Removed(i.0));
            Edit::InsertSource(i, old)
        }
        Edit::InsertLeg(i, l) => {
            insert_at(&mut d.legs, i.index(), l, "legs")?;
            Edit::RemoveLeg(i)
        }
        Edit::UpdateLeg(i, l) => Edit::UpdateLeg(i, replace_at(&mut d.legs, i, l)?),
        Edit::RemoveLeg(i) => {
            existing(d.legs.len(), i.index(), "legs")?;
            Edit::InsertLeg(i, d.legs.remove(i.index()))
        }
        Edit::InsertMeeting(i, m) => {
            insert_at(&mut d.meetings, i.index(), m, "meetings")?;
            Edit::RemoveMeeting(i)
        }
        Edit::UpdateMeeting(i, m) => Edit::UpdateMeeting(i, replace_at(&mut d.meetings, i, m)?),
        Edit::RemoveMeeting(i) => {
            existing(d.meetings.len(), i.index(), "meetings")?;
            Edit::InsertMeeting(i, d.meetings.remove(i.index()))
        }
        Edit::InsertStay(i, st) => {
            insert_at(&mut d.stays, i.index(), st, "stays")?;
            Edit::RemoveStay(i)
        }
        Edit::UpdateStay(i, st) => Edit::UpdateStay(i, replace_at(&mut d.stays, i, st)?),
        Edit::RemoveStay(i) => {
            existing(d.stays.len(), i.index(), "stays")?;
            Edit::InsertStay(i, d.stays.remove(i.index()))
        }
        Edit::Batch(edits) => {
            let mut inverses = Vec::with_capacity(edits.len());
            for e in edits {
                inverses.push(perform(d, e)?);
            }
            inverses.reverse();
            Edit::Batch(inverses)
        }
    })
}

/// A list a record can be inserted into at `index`: at most one past the end, and room for a `u32` index.
fn insertable(len: usize, index: usize, kind: &'static str) -> Result<(), EditError> {
    if index <= len && len < u32::MAX as usize {
        Ok(())
    } else {
        Err(EditError::OutOfRange { kind, index, len })
    }
}

fn existing(len: usize, index: usize, kind: &'static str) -> Result<(), EditError> {
    if index < len {
        Ok(())
    } else {
        Err(EditError::OutOfRange { kind, index, len })
    }
}

fn insert_at<T>(
    records: &mut Vec<T>,
    index: usize,
    record: T,
    kind: &'static str,
) -> Result<(), EditError> {
    insertable(records.len(), index, kind)?;
    records.insert(index, record);
    Ok(())
}

/// Puts `record` at `index` and returns the one it replaces.
fn replace_at<T, I: Index>(records: &mut [T], index: I, record: T) -> Result<T, EditError> {
    let len = records.len();
    match records.get_mut(index.index()) {
        Some(slot) => Ok(std::mem::replace(slot, record)),
        None => Err(EditError::OutOfRange {
            kind: I::KIND,
            index: index.index(),
            len,
        }),
    }
}

/// The index types, with the name of the list they index for messages.
trait Index: Copy {
    const KIND: &'static str;
    fn index(self) -> usize;
}

macro_rules! index_kind {
    ($($ty:ty => $kind:literal),*) => {$(
        impl Index for $ty {
            const KIND: &'static str = $kind;
            fn index(self) -> usize {
                <$ty>::index(self)
            }
        }
    )*};
}

index_kind!(PlaceIdx => "places", PersonIdx => "people", SourceIdx => "sources", LegIdx => "legs", MeetingIdx => "meetings", StayIdx => "stays");

/// How indexes after an inserted or removed record move.
#[derive(Clone, Copy, Debug)]
enum Shift {
    Inserted(u32),
    Removed(u32),
}

impl Shift {
    fn apply(self, index: &mut u32) {
        match self {
            Self::Inserted(at) if *index >= at => *index += 1,
            Self::Removed(at) if *index > at => *index -= 1,
            _ => {}
        }
    }
}

fn remap_places(d: &mut Dataset, shift: Shift) {
    for leg in &mut d.legs {
        shift.apply(&mut leg.from.0);
        shift.apply(&mut leg.to.0);
    }
    for meeting in &mut d.meetings {
        shift.apply(&mut meeting.place.0);
    }
    for stay in &mut d.stays {
        if let Some(place) = &mut stay.place {
            shift.apply(&mut place.0);
        }
    }
}

fn remap_people(d: &mut Dataset, shift: Shift) {
    let people = d
        .legs
        .iter_mut()
        .flat_map(|l| &mut l.travellers)
        .chain(d.meetings.iter_mut().flat_map(|m| &mut m.participants))
        .chain(d.notes.iter_mut().flat_map(|n| &mut n.people))
        .chain(d.stays.iter_mut().map(|s| &mut s.person));
    for person in people {
        shift.apply(&mut person.0);
    }
}

/// Every source list of a leg or meeting: its own, its durations' (meetings) and its disputes'.
fn leg_sources(l: &Leg) -> impl Iterator<Item = &SourceIdx> {
    l.sources
        .iter()
        .chain(l.disputes.iter().flat_map(|x| &x.sources))
}

fn meeting_sources(m: &Meeting) -> impl Iterator<Item = &SourceIdx> {
    m.sources
        .iter()
        .chain(m.durations.iter().flat_map(|x| &x.sources))
        .chain(m.disputes.iter().flat_map(|x| &x.sources))
}

fn remap_sources(d: &mut Dataset, shift: Shift) {
    for leg in &mut d.legs {
        let disputes = leg.disputes.iter_mut().flat_map(|x| &mut x.sources);
        for s in leg.sources.iter_mut().chain(disputes) {
            shift.apply(&mut s.0);
        }
    }
    for m in &mut d.meetings {
        let durations = m.durations.iter_mut().flat_map(|x| &mut x.sources);
        let disputes = m.disputes.iter_mut().flat_map(|x| &mut x.sources);
        for s in m.sources.iter_mut().chain(durations).chain(disputes) {
            shift.apply(&mut s.0);
        }
    }
    let rest = d
        .notes
        .iter_mut()
        .flat_map(|n| &mut n.sources)
        .chain(d.stays.iter_mut().flat_map(|s| &mut s.sources));
    for s in rest {
        shift.apply(&mut s.0);
    }
}

/// `Ok` when no record, duration or dispute cites the source.
fn unused_source(d: &Dataset, idx: SourceIdx) -> Result<(), EditError> {
    let source = d
        .source(idx)
        .ok_or_else(|| out_of_range(idx, d.sources.len()))?;
    let legs = d
        .legs
        .iter()
        .enumerate()
        .filter(|(_, l)| leg_sources(l).any(|s| *s == idx));
    let meetings = d
        .meetings
        .iter()
        .enumerate()
        .filter(|(_, m)| meeting_sources(m).any(|s| *s == idx));
    let notes = d
        .notes
        .iter()
        .enumerate()
        .filter(|(_, n)| n.sources.contains(&idx));
    let stays = d
        .stays
        .iter()
        .enumerate()
        .filter(|(_, s)| s.sources.contains(&idx));
    let users = legs
        .map(|(i, l)| record_name("legs", i, &l.id))
        .chain(meetings.map(|(i, m)| record_name("meetings", i, &m.id)))
        .chain(notes.map(|(i, n)| record_name("notes", i, &n.id)))
        .chain(stays.map(|(i, s)| record_name("stays", i, &s.id)));
    match named_users(users) {
        None => Ok(()),
        Some((used_by, total)) => Err(EditError::SourceInUse {
            title: source.title.clone(),
            used_by,
            total,
        }),
    }
}

/// `Ok` when nothing refers to the place.
fn unused_place(d: &Dataset, idx: PlaceIdx) -> Result<(), EditError> {
    let place = d
        .place(idx)
        .ok_or_else(|| out_of_range(idx, d.places.len()))?;
    let legs = d
        .legs
        .iter()
        .enumerate()
        .filter(|(_, l)| l.from == idx || l.to == idx);
    let meetings = d
        .meetings
        .iter()
        .enumerate()
        .filter(|(_, m)| m.place == idx);
    let stays = d
        .stays
        .iter()
        .enumerate()
        .filter(|(_, s)| s.place == Some(idx));
    let users = legs
        .map(|(i, l)| record_name("legs", i, &l.id))
        .chain(meetings.map(|(i, m)| record_name("meetings", i, &m.id)))
        .chain(stays.map(|(i, s)| record_name("stays", i, &s.id)));
    match named_users(users) {
        None => Ok(()),
        Some((used_by, total)) => Err(EditError::PlaceInUse {
            place: place.name.clone(),
            used_by,
            total,
        }),
    }
}

/// `Ok` when nothing refers to the person.
fn unused_person(d: &Dataset, idx: PersonIdx) -> Result<(), EditError> {
    let person = d
        .person(idx)
        .ok_or_else(|| out_of_range(idx, d.people.len()))?;
    let legs = d
        .legs
        .iter()
        .enumerate()
        .filter(|(_, l)| l.travellers.contains(&idx));
    let meetings = d
        .meetings
        .iter()
        .enumerate()
        .filter(|(_, m)| m.participants.contains(&idx));
    let notes = d
        .notes
        .iter()
        .enumerate()
        .filter(|(_, n)| n.people.contains(&idx));
    let users = legs
        .map(|(i, l)| record_name("legs", i, &l.id))
        .chain(meetings.map(|(i, m)| record_name("meetings", i, &m.id)))
        .chain(notes.map(|(i, n)| record_name("notes", i, &n.id)))
        .chain(
            d.stays
                .iter()
                .enumerate()
                .filter(|(_, s)| s.person == idx)
                .map(|(i, s)| record_name("stays", i, &s.id)),
        );
    match named_users(users) {
        None => Ok(()),
        Some((used_by, total)) => Err(EditError::PersonInUse {
            person: person.name.clone(),
            used_by,
            total,
        }),
    }
}

/// The first few users by name and how many in all; `None` when there are none.
fn named_users(users: impl Iterator<Item = String>) -> Option<(Vec<String>, usize)> {
    let mut named = Vec::new();
    let mut total = 0;
    for user in users {
        if named.len() < USERS_NAMED {
            named.push(user);
        }
        total += 1;
    }
    (total > 0).then_some((named, total))
}

fn out_of_range<I: Index>(idx: I, len: usize) -> EditError {
    EditError::OutOfRange {
        kind: I::KIND,
        index: idx.index(),
        len,
    }
}

/// How records are named in messages, as the loader does: `meetings[3] "istanbul-0410"`.
fn record_name(kind: &str, index: usize, id: &str) -> String {
    format!("{kind}[{index}] \"{id}\"")
}

fn invalid(message: impl Into<String>) -> EditError {
    EditError::Invalid(message.into())
}

/// A non-empty id that no other record of the kind (other than the one at `except`) has.
fn unique_in<'a>(
    kind: &'static str,
    id: &str,
    mut ids: impl Iterator<Item = &'a str>,
    except: Option<usize>,
) -> Result<(), EditError> {
    if id.trim().is_empty() {
        return Err(invalid("the id is empty"));
    }
    let mut index = 0;
    let taken = ids.any(|other| {
        let same = other == id && Some(index) != except;
        index += 1;
        same
    });
    if taken {
        Err(EditError::DuplicateId {
            kind,
            id: id.to_owned(),
        })
    } else {
        Ok(())
    }
}

fn nonempty(field: &'static str, value: &str) -> Result<(), EditError> {
    Ok(rules::nonempty(field, value)?)
}

impl From<rules::Broken> for EditError {
    fn from(b: rules::Broken) -> Self {
        Self::Invalid(b.message)
    }
}

fn check_place(d: &Dataset, p: &Place, except: Option<usize>) -> Result<(), EditError> {
    let ids = d.places.iter().map(|p| p.id.as_str());
    unique_in("places", &p.id, ids, except)?;
    nonempty("name", &p.name)?;
    // Points are longitude first (x), latitude second (y).
    Ok(rules::position(p.position.y(), p.position.x())?)
}

fn check_person(d: &Dataset, p: &Person, except: Option<usize>) -> Result<(), EditError> {
    let ids = d.people.iter().map(|p| p.id.as_str());
    unique_in("people", &p.id, ids, except)?;
    nonempty("name", &p.name)
}

fn check_source(d: &Dataset, s: &Source, except: Option<usize>) -> Result<(), EditError> {
    let ids = d.sources.iter().map(|s| s.id.as_str());
    unique_in("sources", &s.id, ids, except)?;
    nonempty("title", &s.title)
}

fn check_leg(d: &Dataset, l: &Leg, except: Option<usize>) -> Result<(), EditError> {
    // An unchanged id was unique already: skip the scan when saving a record that keeps its id.
    if except
        .and_then(|i| d.legs.get(i))
        .is_none_or(|old| old.id != l.id)
    {
        unique_in("legs", &l.id, d.legs.iter().map(|l| l.id.as_str()), except)?;
    }
    known_place(d, l.from, "from")?;
    known_place(d, l.to, "to")?;
    rules::leg(l.travellers.len(), l.departure, l.arrival)?;
    known_people(d, &l.travellers)?;
    known_sources(d, leg_sources(l))
}

fn check_meeting(d: &Dataset, m: &Meeting, except: Option<usize>) -> Result<(), EditError> {
    if except
        .and_then(|i| d.meetings.get(i))
        .is_none_or(|old| old.id != m.id)
    {
        let ids = d.meetings.iter().map(|m| m.id.as_str());
        unique_in("meetings", &m.id, ids, except)?;
    }
    known_place(d, m.place, "place")?;
    known_people(d, &m.participants)?;
    rules::meeting(m.start, m.end)?;
    known_sources(d, meeting_sources(m))
}

fn check_stay(d: &Dataset, st: &Stay, except: Option<usize>) -> Result<(), EditError> {
    if except
        .and_then(|i| d.stays.get(i))
        .is_none_or(|old| old.id != st.id)
    {
        let ids = d.stays.iter().map(|s| s.id.as_str());
        unique_in("stays", &st.id, ids, except)?;
    }
    if let Some(place) = st.place {
        known_place(d, place, "place")?;
    }
    known_people(d, std::slice::from_ref(&st.person))?;
    rules::stay(st.start, st.end)?;
    known_sources(d, st.sources.iter())
}

fn known_place(d: &Dataset, idx: PlaceIdx, field: &str) -> Result<(), EditError> {
    match d.place(idx) {
        Some(_) => Ok(()),
        None => Err(invalid(format!("{field}: there is no places[{}]", idx.0))),
    }
}

fn known_people(d: &Dataset, people: &[PersonIdx]) -> Result<(), EditError> {
    match people.iter().find(|p| d.person(**p).is_none()) {
        Some(p) => Err(invalid(format!("there is no people[{}]", p.0))),
        None => Ok(()),
    }
}

fn known_sources<'a>(
    d: &Dataset,
    mut sources: impl Iterator<Item = &'a SourceIdx>,
) -> Result<(), EditError> {
    match sources.find(|s| d.source(**s).is_none()) {
        Some(s) => Err(invalid(format!("there is no sources[{}]", s.0))),
        None => Ok(()),
    }
}

/// An id made of the words of `text`: lower case, joined by hyphens ("Grand Hotel Europe" →
/// "grand-hotel-europe"); `fallback` when `text` has no letters or digits.
///
/// ```
/// assert_eq!(travelmap::data::edit::slug("St. Petersburg (LED)", "place"), "st-petersburg-led");
/// assert_eq!(travelmap::data::edit::slug("  ", "place"), "place");
/// ```
pub fn slug(text: &str, fallback: &str) -> String {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    if words.is_empty() {
        fallback.to_owned()
    } else {
        words.join("-")
    }
}

/// `base` if `taken` says it is free, otherwise the first free one of `base-2`, `base-3`, …
pub fn unique_id(base: &str, taken: impl Fn(&str) -> bool) -> String {
    if !taken(base) {
        return base.to_owned();
    }
    (2_u64..)
        .map(|n| format!("{base}-{n}"))
        .find(|id| !taken(id))
        .unwrap_or_else(|| base.to_owned())
}

/// A fresh id for a new place named `name`: "Grand Hotel Europe" → "grand-hotel-europe".
pub fn new_place_id(d: &Dataset, name: &str) -> String {
    unique_id(&slug(name, "place"), |id| {
        d.places.iter().any(|p| p.id == id)
    })
}

/// A fresh id for a new person: "Steve Witkoff" → "steve-witkoff".
pub fn new_person_id(d: &Dataset, name: &str) -> String {
    unique_id(&slug(name, "person"), |id| {
        d.people.iter().any(|p| p.id == id)
    })
}

/// A fresh id for a new source, from its publisher or else its title: "Reuters" → "reuters".
pub fn new_source_id(d: &Dataset, source: &Source) -> String {
    let name = source.publisher.as_deref().unwrap_or(&source.title);
    unique_id(&slug(name, "source"), |id| {
        d.sources.iter().any(|s| s.id == id)
    })
}

/// A fresh id for a new stay, from its person and local start date: "gromyko-0511".
pub fn new_stay_id(d: &Dataset, person: PersonIdx, start: When, tz: Tz) -> String {
    let who = d.person(person).map_or("stay", |p| p.id.as_str());
    let base = format!(
        "{}-{}",
        slug(who, "stay"),
        start.start_utc.with_timezone(&tz).format("%m%d")
    );
    unique_id(&base, |id| d.stays.iter().any(|s| s.id == id))
}

/// A fresh id for a new leg, from its ends' ids and the local date of a time: "fll-led-0411".
pub fn new_leg_id(d: &Dataset, from: PlaceIdx, to: PlaceIdx, when: Option<(When, Tz)>) -> String {
    let end = |p: PlaceIdx| d.place(p).map_or_else(String::new, |p| slug(&p.id, ""));
    let mut base = format!("{}-{}", end(from), end(to));
    if let Some((w, tz)) = when {
        base = format!("{base}-{}", w.start_utc.with_timezone(&tz).format("%m%d"));
    }
    unique_id(&slug(&base, "leg"), |id| d.legs.iter().any(|l| l.id == id))
}

/// A fresh id for a new meeting, from its city and local start date: "geneva-1123".
pub fn new_meeting_id(d: &Dataset, place: PlaceIdx, start: When) -> String {
    let base = d.place(place).map_or_else(
        || "meeting".to_owned(),
        |p| {
            let date = start.start_utc.with_timezone(&p.tz).format("%m%d");
            format!("{}-{date}", slug(&p.city, "meeting"))
        },
    );
    unique_id(&base, |id| d.meetings.iter().any(|m| m.id == id))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::{Certainty, Precision};
    use chrono_tz::Europe;

    fn small() -> Dataset {
        crate::data::load_str(
            r#"{
              "format": "travelmap/1", "title": "test",
              "places": [
                {"id": "moscow", "name": "Moscow", "country": "Russia", "lat": 55.75, "lon": 37.62, "tz": "Europe/Moscow"},
                {"id": "istanbul", "name": "Istanbul", "country": "Türkiye", "lat": 41.01, "lon": 28.98, "tz": "Europe/Istanbul"},
                {"id": "geneva", "name": "Geneva", "country": "Switzerland", "lat": 46.2, "lon": 6.15, "tz": "Europe/Zurich"}
              ],
              "people": [
                {"id": "witkoff", "name": "Steve Witkoff"},
                {"id": "dmitriev", "name": "Kirill Dmitriev"},
                {"id": "lavrov", "name": "Sergey Lavrov"}
              ],
              "sources": [{"id": "s1", "title": "A report"}],
              "legs": [
                {"id": "moscow-istanbul", "travellers": ["dmitriev"], "from": "moscow", "to": "istanbul",
                 "departure": "2025-04-10 morning", "sources": ["s1"]}
              ],
              "meetings": [
                {"id": "istanbul-0410", "place": "istanbul", "start": "2025-04-10", "participants": ["dmitriev", "lavrov"],
                 "topic": "talks", "sources": ["s1"]},
                {"id": "geneva-1123", "place": "geneva", "start": "2025-11-23T10:00", "participants": ["witkoff"],
                 "topic": "peace plan", "sources": ["s1"]}
              ],
              "notes": [
                {"id": "n1", "when": "2025-04-12", "tz": "Europe/Moscow", "text": "a statement", "people": ["lavrov"]}
              ]
            }"#,
            "test",
        )
        .unwrap()
    }

    fn place(id: &str, name: &str, lat: f64, lon: f64) -> Place {
        Place {
            id: id.into(),
            name: name.into(),
            city: name.into(),
            country: "Somewhere".into(),
            position: crate::geodesy::lat_lon(lat, lon),
            tz: Europe::Zurich,
            accuracy: None,
        }
    }

    fn meeting(id: &str, place: PlaceIdx, people: &[u32]) -> Meeting {
        Meeting {
            id: id.into(),
            place,
            venue: None,
            start: When::parse("2025-11-23", Europe::Zurich).unwrap(),
            end: None,
            durations: Default::default(),
            participants: people.iter().map(|p| PersonIdx(*p)).collect(),
            topic: "talks".into(),
            certainty: Certainty::Reported,
            sources: Vec::new(),
            disputes: Vec::new(),
            note: None,
        }
    }

    #[test]
    fn insert_then_undo_restores_the_dataset_exactly() {
        let original = small();
        let mut d = original.clone();
        let mut h = History::new();
        h.apply(
            &mut d,
            Edit::InsertPlace(PlaceIdx(0), place("bern", "Bern", 46.95, 7.45)),
        )
        .unwrap();
        assert_ne!(d, original);
        assert!(h.undo(&mut d));
        assert_eq!(d, original);
        assert!(!h.undo(&mut d), "nothing more to undo");
    }

    #[test]
    fn undo_then_redo_makes_the_edit_again() {
        let mut d = small();
        let mut h = History::new();
        let m = meeting("geneva-1124", PlaceIdx(2), &[0]);
        let add = Edit::add_meeting(&d, m.clone());
        h.apply(&mut d, add).unwrap();
        let after = d.clone();
        assert!(h.undo(&mut d));
        assert!(h.can_redo());
        assert!(h.redo(&mut d));
        assert_eq!(d, after);
        assert_eq!(d.meetings.last(), Some(&m));
        assert!(!h.can_redo());
        assert!(!h.redo(&mut d));
    }

    #[test]
    fn the_revision_changes_with_every_change_and_between_histories() {
        let mut d = small();
        let mut h = History::new();
        let r0 = h.revision();
        assert_ne!(
            History::new().revision(),
            r0,
            "a new dataset, a new revision"
        );
        let m = meeting("geneva-1124", PlaceIdx(2), &[0]);
        let add = Edit::add_meeting(&d, m);
        h.apply(&mut d, add).unwrap();
        let r1 = h.revision();
        assert_ne!(r1, r0);
        assert!(h.undo(&mut d));
        let r2 = h.revision();
        assert!(![r0, r1].contains(&r2), "undo is a change too");
        assert!(h.redo(&mut d));
        assert_ne!(h.revision(), r2);
        let r3 = h.revision();
        assert!(!h.redo(&mut d), "nothing to redo");
        assert!(
            h.apply(&mut d, Edit::RemovePlace(PlaceIdx(99))).is_err(),
            "a refused edit"
        );
        assert_eq!(h.revision(), r3, "nothing changed");
    }

    #[test]
    fn a_new_edit_clears_the_redo_stack() {
        let mut d = small();
        let mut h = History::new();
        h.apply(&mut d, Edit::RemoveMeeting(MeetingIdx(1))).unwrap();
        h.undo(&mut d);
        h.apply(&mut d, Edit::RemoveMeeting(MeetingIdx(0))).unwrap();
        assert!(!h.can_redo());
    }

    #[test]
    fn removing_a_used_place_is_refused_and_names_the_meeting() {
        let mut d = small();
        let before = d.clone();
        let mut h = History::new();
        let err = h.apply(&mut d, Edit::RemovePlace(PlaceIdx(1))).unwrap_err();
        let text = err.to_string();
        assert!(text.starts_with("Istanbul is used by"), "{text}");
        assert!(text.contains("meetings[0] \"istanbul-0410\""), "{text}");
        assert!(text.contains("legs[0] \"moscow-istanbul\""), "{text}");
        assert_eq!(d, before);
        assert!(!h.can_undo());
    }

    #[test]
    fn removing_a_person_named_only_in_a_note_is_refused() {
        let mut d = small();
        d.meetings[0].participants.retain(|p| *p != PersonIdx(2));
        let err = History::new()
            .apply(&mut d, Edit::RemovePerson(PersonIdx(2)))
            .unwrap_err();
        assert!(err.to_string().contains("notes[0] \"n1\""), "{err}");
    }

    #[test]
    fn removing_a_place_before_others_remaps_references() {
        let mut d = small();
        let mut h = History::new();
        // Moscow is used by the leg only; move the leg off it, then remove it.
        let mut leg = d.legs[0].clone();
        leg.from = PlaceIdx(2);
        h.apply(&mut d, Edit::UpdateLeg(LegIdx(0), leg)).unwrap();
        h.apply(&mut d, Edit::RemovePlace(PlaceIdx(0))).unwrap();
        let place_of = |d: &Dataset, p: PlaceIdx| d.place(p).unwrap().id.clone();
        assert_eq!(place_of(&d, d.legs[0].from), "geneva");
        assert_eq!(place_of(&d, d.legs[0].to), "istanbul");
        assert_eq!(place_of(&d, d.meetings[0].place), "istanbul");
        assert_eq!(place_of(&d, d.meetings[1].place), "geneva");
        assert!(h.undo(&mut d));
        assert_eq!(place_of(&d, d.meetings[1].place), "geneva");
        assert_eq!(d.places[0].id, "moscow");
    }

    #[test]
    fn inserting_a_person_first_remaps_travellers_participants_and_note_people() {
        let mut d = small();
        let person = Person {
            id: "rubio".into(),
            name: "Marco Rubio".into(),
            role: None,
        };
        History::new()
            .apply(&mut d, Edit::InsertPerson(PersonIdx(0), person))
            .unwrap();
        assert_eq!(d.names(&d.legs[0].travellers), "Kirill Dmitriev");
        assert_eq!(
            d.names(&d.meetings[0].participants),
            "Kirill Dmitriev, Sergey Lavrov"
        );
        assert_eq!(d.names(&d.notes[0].people), "Sergey Lavrov");
    }

    #[test]
    fn the_unsaved_flag_follows_edits_and_undo_back_to_the_saved_point() {
        let mut d = small();
        let mut h = History::new();
        assert!(!h.unsaved(), "a freshly loaded dataset is saved");
        h.apply(&mut d, Edit::RemoveMeeting(MeetingIdx(0))).unwrap();
        assert!(h.unsaved());
        h.mark_saved();
        assert!(!h.unsaved());
        h.apply(&mut d, Edit::RemoveMeeting(MeetingIdx(0))).unwrap();
        assert!(h.unsaved());
        h.undo(&mut d);
        assert!(!h.unsaved(), "back at the saved point");
        h.undo(&mut d);
        assert!(h.unsaved(), "before the saved point");
        h.redo(&mut d);
        assert!(!h.unsaved());
        h.undo(&mut d);
        // A different edit at the depth of the saved state does not bring the saved state back.
        h.apply(&mut d, Edit::RemoveMeeting(MeetingIdx(1))).unwrap();
        assert!(h.unsaved());
    }

    #[test]
    fn invalid_records_are_refused_with_the_reason() {
        let mut d = small();
        let mut h = History::new();
        let cases = [
            (
                Edit::add_place(&d, place("north", "North", 91.0, 0.0)),
                "latitude 91 is out of range",
            ),
            (
                Edit::add_place(&d, place("x", " ", 0.0, 0.0)),
                "the name is empty",
            ),
            (
                Edit::add_place(&d, place("geneva", "Genf", 46.2, 6.15)),
                "already has the id \"geneva\"",
            ),
            (
                Edit::add_meeting(&d, meeting("m", PlaceIdx(9), &[])),
                "there is no places[9]",
            ),
            (
                Edit::add_meeting(&d, meeting("m", PlaceIdx(0), &[7])),
                "there is no people[7]",
            ),
            (
                Edit::UpdateMeeting(MeetingIdx(5), meeting("m", PlaceIdx(0), &[])),
                "there is no meetings[5] (there are 2)",
            ),
            (
                Edit::InsertPerson(
                    PersonIdx(4),
                    Person {
                        id: "p".into(),
                        name: "P".into(),
                        role: None,
                    },
                ),
                "there is no people[4]",
            ),
        ];
        for (edit, expected) in cases {
            let err = h.apply(&mut d, edit).unwrap_err().to_string();
            assert!(err.contains(expected), "{err}");
        }
        let mut leg = d.legs[0].clone();
        leg.arrival = Some(When::parse("2025-04-09", Europe::Istanbul).unwrap());
        let err = h
            .apply(&mut d, Edit::UpdateLeg(LegIdx(0), leg))
            .unwrap_err();
        assert!(err.to_string().contains("arrival"), "{err}");
        assert_eq!(d, small());
    }

    fn source(id: &str, title: &str) -> Source {
        Source {
            id: id.into(),
            title: title.into(),
            publisher: Some("Reuters".into()),
            url: Some("https://example.org/r".into()),
        }
    }

    /// A dataset citing its one source from every kind of source list: a leg and its dispute, a
    /// meeting's durations and disputes, a note and a stay.
    fn cited_everywhere() -> Dataset {
        let mut d = small();
        let s1 = vec![SourceIdx(0)];
        d.legs[0].disputes.push(crate::data::Dispute {
            field: "from".into(),
            claim: "from Sochi".into(),
            sources: s1.clone(),
        });
        d.meetings[0].durations.push(crate::data::DurationClaim {
            text: "five hours".into(),
            minutes: 300,
            sources: s1.clone(),
        });
        d.meetings[0].disputes.push(crate::data::Dispute {
            field: "venue".into(),
            claim: "at the consulate".into(),
            sources: s1.clone(),
        });
        d.notes[0].sources.clone_from(&s1);
        let start = When::parse("2025-04-09", Europe::Istanbul).unwrap();
        d.stays.push(Stay {
            id: "dmitriev-0409".into(),
            person: PersonIdx(1),
            place: Some(PlaceIdx(1)),
            start,
            end: start,
            role: None,
            remarks: None,
            sources: s1,
            geocode: None,
        });
        d
    }

    /// Every source index in the dataset, resolved to its source's id.
    fn cited_ids(d: &Dataset) -> Vec<String> {
        let legs = d.legs.iter().flat_map(leg_sources);
        let meetings = d.meetings.iter().flat_map(meeting_sources);
        let rest = d
            .notes
            .iter()
            .flat_map(|n| &n.sources)
            .chain(d.stays.iter().flat_map(|s| &s.sources));
        legs.chain(meetings)
            .chain(rest)
            .map(|s| d.source(*s).unwrap().id.clone())
            .collect()
    }

    #[test]
    fn inserting_a_source_first_remaps_every_citation_and_undo_restores_it() {
        let original = cited_everywhere();
        let mut d = original.clone();
        let mut h = History::new();
        h.apply(
            &mut d,
            Edit::InsertSource(SourceIdx(0), source("r", "Wire")),
        )
        .unwrap();
        assert_eq!(d.sources[0].id, "r");
        let cited = cited_ids(&d);
        assert_eq!(cited.len(), 8, "{cited:?}");
        assert!(cited.iter().all(|id| id == "s1"), "{cited:?}");
        assert_eq!(d.stays[0].sources, vec![SourceIdx(1)]);
        assert_eq!(d.meetings[0].durations[0].sources, vec![SourceIdx(1)]);
        assert!(h.undo(&mut d));
        assert_eq!(d, original);
        assert!(h.redo(&mut d));
        assert_eq!(d.legs[0].disputes[0].sources, vec![SourceIdx(1)]);
    }

    #[test]
    fn removing_an_uncited_source_before_a_cited_one_remaps_and_its_inverse_puts_it_back() {
        let mut d = cited_everywhere();
        d.sources.insert(0, source("r", "Wire"));
        remap_sources(&mut d, Shift::Inserted(0));
        let before = d.clone();
        let mut h = History::new();
        h.apply(&mut d, Edit::RemoveSource(SourceIdx(0))).unwrap();
        assert_eq!(d.sources.len(), 1);
        assert!(cited_ids(&d).iter().all(|id| id == "s1"));
        assert_eq!(d.notes[0].sources, vec![SourceIdx(0)]);
        assert!(h.undo(&mut d));
        assert_eq!(d, before);
    }

    #[test]
    fn a_cited_source_cannot_be_removed_and_the_error_names_its_users() {
        let mut d = cited_everywhere();
        let before = d.clone();
        let err = History::new()
            .apply(&mut d, Edit::RemoveSource(SourceIdx(0)))
            .unwrap_err();
        let text = err.to_string();
        assert!(text.starts_with("A report is cited by"), "{text}");
        for user in [
            "legs[0] \"moscow-istanbul\"",
            "meetings[0] \"istanbul-0410\"",
            "meetings[1] \"geneva-1123\"",
            "notes[0] \"n1\"",
            "stays[0] \"dmitriev-0409\"",
        ] {
            assert!(text.contains(user), "{text}");
        }
        assert_eq!(d, before);
    }

    #[test]
    fn updating_a_source_is_undone_to_the_old_record_and_the_rules_hold() {
        let mut d = small();
        let mut h = History::new();
        h.apply(
            &mut d,
            Edit::UpdateSource(SourceIdx(0), source("s1", "Changed")),
        )
        .unwrap();
        assert_eq!(d.sources[0].title, "Changed");
        assert!(h.undo(&mut d));
        assert_eq!(d, small());
        let cases = [
            (
                Edit::add_source(&d, source("s1", "Again")),
                "already has the id \"s1\"",
            ),
            (
                Edit::add_source(&d, source("s2", "  ")),
                "the title is empty",
            ),
            (
                Edit::UpdateSource(SourceIdx(3), source("s1", "T")),
                "there is no sources[3]",
            ),
            (Edit::RemoveSource(SourceIdx(1)), "there is no sources[1]"),
        ];
        for (edit, expected) in cases {
            let err = h.apply(&mut d, edit).unwrap_err().to_string();
            assert!(err.contains(expected), "{err}");
        }
        assert_eq!(new_source_id(&d, &source("x", "T")), "reuters");
    }

    #[test]
    fn a_new_source_and_the_meeting_citing_it_are_made_and_undone_as_one() {
        let mut d = small();
        let mut h = History::new();
        let new = source("reuters", "Wire");
        let mut m = meeting("geneva-1124", PlaceIdx(2), &[0]);
        m.sources = vec![SourceIdx(1)];
        let batch = Edit::Batch(vec![Edit::add_source(&d, new), Edit::add_meeting(&d, m)]);
        h.apply(&mut d, batch).unwrap();
        assert_eq!(d.meetings[2].sources, vec![SourceIdx(1)]);
        assert_eq!(d.sources[1].id, "reuters");
        assert!(h.undo(&mut d));
        assert_eq!(d, small());
        assert!(!h.can_undo());
    }

    #[test]
    fn an_update_may_keep_its_own_id() {
        let mut d = small();
        let mut p = d.places[2].clone();
        p.name = "Genève".into();
        History::new()
            .apply(&mut d, Edit::UpdatePlace(PlaceIdx(2), p))
            .unwrap();
        assert_eq!(d.places[2].name, "Genève");
    }

    #[test]
    fn new_ids_come_from_names_and_are_unique() {
        let d = small();
        assert_eq!(new_place_id(&d, "Geneva"), "geneva-2");
        assert_eq!(new_place_id(&d, "Grand Hotel Europe"), "grand-hotel-europe");
        assert_eq!(new_person_id(&d, "Marco Rubio"), "marco-rubio");
        let start = When::parse("2025-11-23", Europe::Zurich).unwrap();
        assert_eq!(new_meeting_id(&d, PlaceIdx(2), start), "geneva-1123-2");
        let dep = When::parse("2025-04-11T09:00", Europe::Moscow).unwrap();
        assert_eq!(
            new_leg_id(&d, PlaceIdx(0), PlaceIdx(2), Some((dep, Europe::Moscow))),
            "moscow-geneva-0411"
        );
    }

    /// A small deterministic generator (xorshift), so the sequence is the same on every run.
    struct Rng(u64);

    impl Rng {
        fn below(&mut self, n: usize) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 % n.max(1) as u64) as usize
        }
    }

    fn random_edit(d: &Dataset, rng: &mut Rng, n: usize) -> Edit {
        let places = d.places.len();
        let people = d.people.len();
        let at = |len: usize, rng: &mut Rng| u32::try_from(rng.below(len + 1)).unwrap();
        let idx = |len: usize, rng: &mut Rng| u32::try_from(rng.below(len)).unwrap();
        match rng.below(11) {
            9 => Edit::InsertSource(
                SourceIdx(at(d.sources.len(), rng)),
                source(&format!("s{n}"), &format!("S{n}")),
            ),
            10 => Edit::RemoveSource(SourceIdx(idx(d.sources.len(), rng))),
            0 => Edit::InsertPlace(
                PlaceIdx(at(places, rng)),
                place(&format!("p{n}"), &format!("P{n}"), 10.0, 10.0),
            ),
            1 => Edit::RemovePlace(PlaceIdx(idx(places, rng))),
            2 => Edit::InsertPerson(
                PersonIdx(at(people, rng)),
                Person {
                    id: format!("h{n}"),
                    name: format!("H{n}"),
                    role: None,
                },
            ),
            3 => Edit::RemovePerson(PersonIdx(idx(people, rng))),
            4 => {
                let people = [idx(people, rng), idx(people, rng)];
                let m = meeting(&format!("m{n}"), PlaceIdx(idx(places, rng)), &people);
                Edit::InsertMeeting(MeetingIdx(at(d.meetings.len(), rng)), m)
            }
            5 => Edit::RemoveMeeting(MeetingIdx(idx(d.meetings.len(), rng))),
            6 => {
                let i = idx(d.meetings.len(), rng);
                let mut m = d
                    .meetings
                    .get(i as usize)
                    .cloned()
                    .unwrap_or_else(|| meeting("x", PlaceIdx(0), &[]));
                m.topic = format!("topic {n}");
                m.start.precision = Precision::Day;
                Edit::UpdateMeeting(MeetingIdx(i), m)
            }
            7 => {
                let mut leg = d
                    .legs
                    .first()
                    .cloned()
                    .unwrap_or_else(|| small().legs[0].clone());
                leg.id = format!("l{n}");
                leg.from = PlaceIdx(idx(places, rng));
                leg.to = PlaceIdx(idx(places, rng));
                leg.travellers = [PersonIdx(idx(people, rng))].into();
                leg.sources = vec![SourceIdx(idx(d.sources.len(), rng))];
                Edit::InsertLeg(LegIdx(at(d.legs.len(), rng)), leg)
            }
            _ => Edit::RemoveLeg(LegIdx(idx(d.legs.len(), rng))),
        }
    }

    /// Every reference points at a record, and names resolve to the records they named before.
    fn assert_sound(d: &Dataset) {
        for l in &d.legs {
            assert!(d.place(l.from).is_some() && d.place(l.to).is_some());
            assert!(leg_sources(l).all(|s| d.source(*s).is_some()));
            assert!(l.travellers.iter().all(|p| d.person(*p).is_some()));
        }
        for m in &d.meetings {
            assert!(d.place(m.place).is_some());
            assert!(m.participants.iter().all(|p| d.person(*p).is_some()));
        }
        for n in &d.notes {
            assert!(n.people.iter().all(|p| d.person(*p).is_some()));
        }
    }

    /// Each leg's and meeting's references, by id: what must not change when places or people move.
    fn resolved(d: &Dataset) -> Vec<(String, Vec<String>)> {
        let place = |p: PlaceIdx| d.place(p).unwrap().id.clone();
        let people = |ps: &[PersonIdx]| -> Vec<String> {
            ps.iter()
                .map(|p| d.person(*p).unwrap().id.clone())
                .collect()
        };
        let sources = |ss: &[SourceIdx]| -> Vec<String> {
            ss.iter()
                .map(|s| d.source(*s).unwrap().id.clone())
                .collect()
        };
        let legs = d.legs.iter().map(|l| {
            let refs = [place(l.from), place(l.to)]
                .into_iter()
                .chain(people(&l.travellers))
                .chain(sources(&l.sources));
            (l.id.clone(), refs.collect())
        });
        let meetings = d.meetings.iter().map(|m| {
            let refs = std::iter::once(place(m.place))
                .chain(people(&m.participants))
                .chain(sources(&m.sources));
            (m.id.clone(), refs.collect())
        });
        let notes = d.notes.iter().map(|n| (n.id.clone(), people(&n.people)));
        legs.chain(meetings).chain(notes).collect()
    }

    #[test]
    fn a_long_random_sequence_of_edits_then_undoing_all_gets_back_the_original() {
        let original = small();
        let mut d = original.clone();
        let mut h = History::new();
        let mut rng = Rng(0x5eed_1234_abcd_0001);
        let mut states = vec![d.clone()];
        let mut made = 0;
        for n in 0..2000 {
            let edit = random_edit(&d, &mut rng, n);
            let moves_references = matches!(
                edit,
                Edit::InsertPlace(..)
                    | Edit::RemovePlace(_)
                    | Edit::InsertPerson(..)
                    | Edit::RemovePerson(_)
                    | Edit::InsertSource(..)
                    | Edit::RemoveSource(_)
            );
            let before = resolved(&d);
            if h.apply(&mut d, edit).is_ok() {
                made += 1;
                assert_sound(&d);
                if moves_references {
                    assert_eq!(
                        resolved(&d),
                        before,
                        "references still name the same records"
                    );
                }
                states.push(d.clone());
            }
            // Now and then undo and redo one step in the middle of the sequence.
            if n % 7 == 0 && h.undo(&mut d) {
                assert_eq!(&d, &states[states.len() - 2]);
                assert!(h.redo(&mut d));
                assert_eq!(Some(&d), states.last());
            }
        }
        assert!(made > 500, "only {made} edits were accepted");
        while let Some(expected) = states.pop() {
            assert_eq!(d, expected);
            if !h.undo(&mut d) {
                break;
            }
        }
        assert_eq!(d, original);
        assert!(!h.unsaved());
        // And all the way forward again.
        while h.redo(&mut d) {}
        assert_sound(&d);
        assert!(!h.can_redo());
    }
}
