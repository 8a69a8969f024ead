//! Loading, validating and saving the native JSON format.
//!
//! Loading is two steps: serde reads the text into [`FileDataset`] (a syntax or type error carries
//! serde's line and column), then [`validate`] checks every value and reference, collecting a [`Problem`]
//! per bad record, each naming the record and the field, with the line and column found in the text.
//! [`load_str`] refuses a file with any problem: never a half-read dataset in silence.
//! [`load_str_lenient`] keeps the good records and returns the rejected ones with reasons, for the user
//! to decide. Saving writes a temporary file beside the target, flushes it and renames it into place.

use std::collections::HashMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicU64;

use chrono::{FixedOffset, LocalResult, NaiveDate, NaiveTime, TimeZone as _, Utc};
use chrono_tz::Tz;
use serde::Deserialize;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use super::file::{
    DisputeIn, FileDataset, FileDispute, FileDuration, FileLeg, FileMeeting, FileNote, FilePerson,
    FilePlace, FileSource, FileStay, LegIn, MeetingIn, NoteIn, StayIn, Text,
};
use super::problem::{ProblemKind, RecordKind, RecordRef};
use super::rules::{self, Broken};
use super::{
    Certainty, Dataset, Dispute, DurationClaim, Leg, Meeting, Note, Person, PersonIdx, Place,
    PlaceIdx, Problem, Source, SourceIdx, Stay, When,
};

mod chunked;

/// Files larger than this are refused at once rather than read into memory.
pub const FILE_SIZE_LIMIT_BYTES: u64 = 1 << 30;

/// Native travelmap files up to this size are read too: the parallel reader takes them a block at a
/// time without holding their text, and a year of ten million events is 2.3 GB. Larger ones, or ones
/// it hands back to the sequential reader, meet [`FILE_SIZE_LIMIT_BYTES`].
pub const STREAMED_FILE_SIZE_LIMIT_BYTES: u64 = 1 << 33;

/// Why a dataset could not be loaded or saved.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: the file is {bytes} bytes, over the limit of {limit} bytes")]
    TooLarge {
        path: String,
        bytes: u64,
        limit: u64,
    },
    /// Not valid JSON, or a value of the wrong type.
    #[error("{path}: line {line}, column {column}: {message}")]
    Syntax {
        path: String,
        line: usize,
        column: usize,
        message: String,
    },
    /// The data could not be written as text.
    #[error("could not write the data: {message}")]
    Serialize { message: String },
    /// A table whose columns' roles could not all be told from its header: the user says which column
    /// is which (the column-mapping step, or `--columns`).
    #[error(
        "{path}: could not tell which column holds the {missing}; name the columns' roles, e.g. \
         --columns person=Traveller,start=Arrived,place=Where (the header is: {})",
        header.join(", ")
    )]
    Columns {
        path: String,
        /// The roles not found, in words ("start, place").
        missing: String,
        header: Vec<String>,
        /// The first rows, for a preview.
        rows: Vec<Vec<String>>,
    },
    /// Valid JSON with bad values; every problem is listed.
    #[error("{path}: {} invalid record(s); first: {}", problems.len(), problems.first().map(ToString::to_string).unwrap_or_default())]
    Invalid {
        path: String,
        problems: Vec<Problem>,
    },
}

/// Reads and validates a native file; any bad record fails the whole load.
pub fn load_path(path: &Path) -> Result<Dataset, LoadError> {
    let name = path.display().to_string();
    let io = |source| LoadError::Io {
        path: name.clone(),
        source,
    };
    let bytes = std::fs::metadata(path).map_err(io)?.len();
    if bytes > FILE_SIZE_LIMIT_BYTES {
        return Err(LoadError::TooLarge {
            path: name,
            bytes,
            limit: FILE_SIZE_LIMIT_BYTES,
        });
    }
    let text = std::fs::read_to_string(path).map_err(io)?;
    load_str(&text, &name)
}

/// Parses and validates `text`; `name` is used in messages. Any bad record fails the load.
pub fn load_str(text: &str, name: &str) -> Result<Dataset, LoadError> {
    let (dataset, problems) = load_str_lenient(text, name)?;
    if problems.is_empty() {
        log::info!("loaded {name}: {}", dataset.summary());
        Ok(dataset)
    } else {
        Err(LoadError::Invalid {
            path: name.to_owned(),
            problems,
        })
    }
}

/// Parses `text` and keeps the records that validate, returning the rejected ones with their reasons.
/// A syntax error still fails the whole load.
///
/// Records are validated as they are parsed (see `Stream`), so a large file never exists twice in
/// memory, once as [`FileDataset`] and once as [`Dataset`]. The result is exactly that of
/// `validate(&serde_json::from_str(text)?)`.
pub fn load_str_lenient(text: &str, name: &str) -> Result<(Dataset, Vec<Problem>), LoadError> {
    let unread = AtomicU64::new(0);
    if let Ok((dataset, mut problems)) = chunked::read_sized(
        text.as_bytes(),
        chunked::Start::Text,
        &unread,
        text.len() as u64,
    ) {
        for p in &mut problems {
            locate(text, p);
        }
        return Ok((dataset, problems));
    }
    load_sequential(text, name)
}

/// How far into a file `formats::detect` looks for the native format's marker.
pub const HEAD_BYTES: usize = 4096;

/// Reads a native file on every core, without holding its text (see `chunked`), storing the bytes read
/// so far in `read_bytes`: the records that validate and the problems of the others, as
/// [`load_str_lenient`] gives them for the file's text. `None` when the file is not one the fast reader
/// takes (not native JSON by its first 4 KB, a syntax error, an unusual shape): the caller then reads
/// the whole text. The text of a file with problems is read a second time, to find where they are.
pub fn read_native_path(path: &Path, read_bytes: &AtomicU64) -> Option<(Dataset, Vec<Problem>)> {
    let file = std::fs::File::open(path).ok()?;
    if file.metadata().ok()?.len() > STREAMED_FILE_SIZE_LIMIT_BYTES {
        return None;
    }
    let size = file.metadata().ok()?.len();
    let read = chunked::read_sized(file, chunked::Start::File, read_bytes, size);
    let (dataset, mut problems) = read.ok()?;
    if !problems.is_empty() {
        let text = std::fs::read(path)
            .ok()
            .and_then(|b| String::from_utf8(b).ok());
        if let Some(text) = text {
            let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
            for p in &mut problems {
                locate(text, p);
            }
        }
    }
    Some((dataset, problems))
}

/// The sequential reader: serde over the whole text, for every shape of file and with serde's own
/// syntax errors. [`load_str_lenient`] gives the same for the files its parallel reader takes.
fn load_sequential(text: &str, name: &str) -> Result<(Dataset, Vec<Problem>), LoadError> {
    let syntax = |e: serde_json::Error| LoadError::Syntax {
        path: name.to_owned(),
        line: e.line(),
        column: e.column(),
        message: strip_position(&e.to_string()),
    };
    let mut de = serde_json::Deserializer::from_str(text);
    let (dataset, mut problems) = Stream::default().deserialize(&mut de).map_err(syntax)?;
    de.end().map_err(syntax)?;
    for p in &mut problems {
        locate(text, p);
    }
    Ok((dataset, problems))
}

/// `serde_json` appends " at line L column C"; we print the position first ourselves.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message.to_owned(),
    }
}

/// Validates a file dataset into a typed one. Bad records are left out and described; records that
/// refer to a left-out record are left out too (with their own problem).
pub fn validate(file: &FileDataset) -> (Dataset, Vec<Problem>) {
    let mut v = Validator::default();
    v.out.title.clone_from(&file.title);
    v.format(&file.format);
    for (i, p) in file.places.iter().enumerate() {
        v.place(i, p);
    }
    for (i, p) in file.people.iter().enumerate() {
        v.person(i, p.clone());
    }
    for (i, s) in file.sources.iter().enumerate() {
        v.source(i, s.clone());
    }
    v.reserve(file.legs.len(), file.meetings.len(), file.notes.len());
    for (i, l) in file.legs.iter().enumerate() {
        v.leg(i, l.into());
    }
    for (i, m) in file.meetings.iter().enumerate() {
        v.meeting(i, m.into());
    }
    for (i, n) in file.notes.iter().enumerate() {
        v.note(i, n.into());
    }
    for (i, s) in file.stays.iter().enumerate() {
        v.stay(i, s.into());
    }
    v.finish()
}

/// The top-level keys of the file, as [`FileDataset`] declares them.
const FIELDS: &[&str] = &[
    "format", "title", "places", "people", "sources", "legs", "meetings", "notes", "stays",
];

/// Reads the top level of a file the way `FileDataset`'s derived `Deserialize` does (same keys,
/// defaults and errors) but hands each leg, meeting and note to the [`Validator`] as soon as it is
/// parsed, once the places, people and sources it may refer to are known. Records that come before
/// those sections (keys in an unusual order) wait until the end. Problems come out in the order
/// `validate` gives them.
#[derive(Default)]
struct Stream {
    v: Validator,
    /// Which of `FIELDS` have been read.
    seen: [bool; 9],
    waiting_legs: Vec<FileLeg>,
    waiting_meetings: Vec<FileMeeting>,
    waiting_notes: Vec<FileNote>,
    waiting_stays: Vec<FileStay>,
}

impl Stream {
    fn seen(&self, field: &str) -> bool {
        FIELDS
            .iter()
            .position(|f| *f == field)
            .is_some_and(|i| self.seen[i])
    }

    /// Places, people and sources are all known: legs and meetings can be checked as they come.
    fn references_known(&self) -> bool {
        self.seen("places") && self.seen("people") && self.seen("sources")
    }

    fn finish(mut self) -> (Dataset, Vec<Problem>) {
        if !self.seen("format") {
            self.v.format("travelmap/1");
        }
        let legs = std::mem::take(&mut self.waiting_legs);
        let meetings = std::mem::take(&mut self.waiting_meetings);
        let notes = std::mem::take(&mut self.waiting_notes);
        let stays = std::mem::take(&mut self.waiting_stays);
        self.v.reserve(legs.len(), meetings.len(), notes.len());
        for (i, l) in legs.iter().enumerate() {
            self.v.leg(i, l.into());
        }
        for (i, m) in meetings.iter().enumerate() {
            self.v.meeting(i, m.into());
        }
        for (i, n) in notes.iter().enumerate() {
            self.v.note(i, n.into());
        }
        for (i, s) in stays.iter().enumerate() {
            self.v.stay(i, s.into());
        }
        self.v.finish()
    }
}

impl<'de> DeserializeSeed<'de> for Stream {
    type Value = (Dataset, Vec<Problem>);

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_struct("FileDataset", FIELDS, self)
    }
}

impl<'de> Visitor<'de> for Stream {
    type Value = (Dataset, Vec<Problem>);

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("struct FileDataset")
    }

    fn visit_map<A: MapAccess<'de>>(mut self, mut map: A) -> Result<Self::Value, A::Error> {
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            let Some(field) = FIELDS.iter().position(|f| *f == key) else {
                return Err(de::Error::unknown_field(&key, FIELDS));
            };
            if std::mem::replace(&mut self.seen[field], true) {
                return Err(de::Error::duplicate_field(FIELDS[field]));
            }
            match FIELDS[field] {
                "format" => {
                    let format: String = map.next_value()?;
                    self.v.format(&format);
                }
                "title" => self.v.out.title = map.next_value()?,
                "places" => {
                    let places: Vec<FilePlace> = map.next_value()?;
                    for (i, p) in places.iter().enumerate() {
                        self.v.place(i, p);
                    }
                }
                "people" => {
                    let people: Vec<FilePerson> = map.next_value()?;
                    for (i, p) in people.into_iter().enumerate() {
                        self.v.person(i, p);
                    }
                }
                "sources" => {
                    let sources: Vec<FileSource> = map.next_value()?;
                    for (i, s) in sources.into_iter().enumerate() {
                        self.v.source(i, s);
                    }
                }
                "legs" if self.references_known() => {
                    let v = &mut self.v;
                    map.next_value_seed(records(|i, l: LegIn<'de>| v.leg(i, l)))?;
                }
                "legs" => self.waiting_legs = map.next_value()?,
                "meetings" if self.references_known() => {
                    let v = &mut self.v;
                    map.next_value_seed(records(|i, m: MeetingIn<'de>| v.meeting(i, m)))?;
                }
                "meetings" => self.waiting_meetings = map.next_value()?,
                "notes" if self.seen("people") && self.seen("sources") => {
                    let v = &mut self.v;
                    map.next_value_seed(records(|i, n: NoteIn<'de>| v.note(i, n)))?;
                }
                "notes" => self.waiting_notes = map.next_value()?,
                "stays" if self.references_known() => {
                    let v = &mut self.v;
                    map.next_value_seed(records(|i, s: StayIn<'de>| v.stay(i, s)))?;
                }
                _ => self.waiting_stays = map.next_value()?,
            }
        }
        Ok(self.finish())
    }

    /// serde's derive also reads a struct from an array of its fields in order; so does this.
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let file = FileDataset {
            format: seq
                .next_element()?
                .unwrap_or_else(super::file::format_marker),
            title: seq.next_element()?.unwrap_or_default(),
            places: seq.next_element()?.unwrap_or_default(),
            people: seq.next_element()?.unwrap_or_default(),
            sources: seq.next_element()?.unwrap_or_default(),
            legs: seq.next_element()?.unwrap_or_default(),
            meetings: seq.next_element()?.unwrap_or_default(),
            notes: seq.next_element()?.unwrap_or_default(),
            stays: seq.next_element()?.unwrap_or_default(),
        };
        Ok(validate(&file))
    }
}

/// An array of records, each handed to `each` with its index as soon as it is parsed, then dropped.
struct Records<T, F> {
    each: F,
    record: std::marker::PhantomData<fn() -> T>,
}

fn records<T, F: FnMut(usize, T)>(each: F) -> Records<T, F> {
    Records {
        each,
        record: std::marker::PhantomData,
    }
}

impl<'de, T: Deserialize<'de>, F: FnMut(usize, T)> DeserializeSeed<'de> for Records<T, F> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de, T: Deserialize<'de>, F: FnMut(usize, T)> Visitor<'de> for Records<T, F> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a sequence")
    }

    fn visit_seq<A: SeqAccess<'de>>(mut self, mut seq: A) -> Result<(), A::Error> {
        let mut i = 0;
        while let Some(record) = seq.next_element::<T>()? {
            (self.each)(i, record);
            i += 1;
        }
        Ok(())
    }
}

/// Which record a problem is about, e.g. `legs[3] "witkoff-0411"`; formatted only when there is one.
#[derive(Clone, Copy)]
struct Rec<'a> {
    section: &'static str,
    index: usize,
    id: &'a str,
}

impl Rec<'static> {
    /// The file itself, for problems that are not about one record.
    const FILE: Self = Self {
        section: "file",
        index: 0,
        id: "",
    };
}

impl std::fmt::Display for Rec<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.section == "file" {
            return f.write_str("file");
        }
        write!(f, "{}[{}] \"{}\"", self.section, self.index, self.id)
    }
}

/// The ids of one kind of record already seen, to reject duplicates. Places, people and sources keep
/// their ids in the maps that resolve references; legs, meetings and notes (millions, in big files) keep
/// only a hash of each accepted id and the index of its record, whose id is compared on a match. Ids
/// of rejected records, and the rare id whose hash another id already has, are kept as strings.
#[derive(Default)]
struct SeenIds {
    hasher: std::collections::hash_map::RandomState,
    accepted: HashMap<u64, u32>,
    others: std::collections::HashSet<String>,
}

impl SeenIds {
    fn hash(&self, id: &str) -> u64 {
        std::hash::BuildHasher::hash_one(&self.hasher, id)
    }

    /// Whether `id` (with hash `h`) was seen; `id_of` gives the id of an accepted record by index.
    fn contains<'s>(&self, id: &str, h: u64, id_of: impl Fn(u32) -> Option<&'s str>) -> bool {
        self.accepted.get(&h).is_some_and(|&k| id_of(k) == Some(id)) || self.others.contains(id)
    }

    fn accept<'s>(&mut self, id: &str, h: u64, index: u32, id_of: impl Fn(u32) -> Option<&'s str>) {
        match self.accepted.entry(h) {
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert(index);
            }
            std::collections::hash_map::Entry::Occupied(e) => {
                if id_of(*e.get()) != Some(id) {
                    self.others.insert(id.to_owned());
                }
            }
        }
    }

    fn reject(&mut self, id: &str) {
        self.others.insert(id.to_owned());
    }
}

/// Checks records one at a time and builds the dataset. Problems are kept by section, so that they
/// come out in the order of the sections whatever order the file has them in.
#[derive(Default)]
struct Validator {
    out: Dataset,
    /// Problems of the file itself, then of places, people, sources, legs, meetings and notes.
    problems: [Vec<Problem>; 8],
    refs: Refs,
    /// Ids of rejected places, people and sources (accepted ones are in `refs`).
    rejected: [std::collections::HashSet<String>; 3],
    leg_ids: SeenIds,
    meeting_ids: SeenIds,
    note_ids: SeenIds,
    stay_ids: SeenIds,
}

/// The places, people and sources records refer to, by id. Read-only once those sections are read,
/// so that legs, meetings, notes and stays can be checked on several threads.
#[derive(Default)]
struct Refs {
    place_ids: HashMap<String, (PlaceIdx, Tz)>,
    person_ids: HashMap<String, PersonIdx>,
    source_ids: HashMap<String, SourceIdx>,
}

/// A record checked against [`Refs`], or the first rule it breaks.
type Checked<T> = Result<T, Broken>;

fn unknown(field: &'static str, kind: RecordKind, id: &str) -> Broken {
    Broken {
        field,
        kind: ProblemKind::UnknownReference(kind, id.to_owned()),
        message: format!("unknown {} \"{id}\"", kind.noun()),
    }
}

impl Refs {
    fn place(&self, field: &'static str, id: &str) -> Checked<(PlaceIdx, Tz)> {
        self.place_ids
            .get(id)
            .copied()
            .ok_or_else(|| unknown(field, RecordKind::Place, id))
    }

    fn people(&self, field: &'static str, ids: &[Text<'_>]) -> Checked<Vec<PersonIdx>> {
        ids.iter()
            .map(|id| {
                self.person_ids
                    .get(&**id)
                    .copied()
                    .ok_or_else(|| unknown(field, RecordKind::Person, id))
            })
            .collect()
    }

    fn sources(&self, field: &'static str, ids: &[Text<'_>]) -> Checked<Vec<SourceIdx>> {
        ids.iter()
            .map(|id| {
                self.source_ids
                    .get(&**id)
                    .copied()
                    .ok_or_else(|| unknown(field, RecordKind::Source, id))
            })
            .collect()
    }

    fn disputes(&self, disputes: Vec<DisputeIn<'_>>) -> Checked<Vec<Dispute>> {
        disputes
            .into_iter()
            .map(|d| {
                Ok(Dispute {
                    sources: self.sources("disputes.sources", &d.sources)?,
                    field: owned(d.field),
                    claim: owned(d.claim),
                })
            })
            .collect()
    }
}

/// The string a record keeps.
fn owned(t: Text<'_>) -> String {
    t.0.into_owned()
}

fn tz(field: &'static str, name: &str) -> Checked<Tz> {
    name.parse::<Tz>().map_err(|_| Broken {
        field,
        kind: ProblemKind::UnknownTimeZone,
        message: format!(
            "unknown time zone \"{name}\" (expected an IANA name such as Europe/Moscow)"
        ),
    })
}

fn when(field: &'static str, text: &str, tz: Tz) -> Checked<When> {
    if let Some(w) = fast_when(text, tz) {
        return Ok(w);
    }
    When::parse(text, tz).map_err(|e| Broken {
        field,
        kind: ProblemKind::BadTime,
        message: e.to_string(),
    })
}

fn optional_when(field: &'static str, text: Option<&str>, tz: Tz) -> Checked<Option<When>> {
    text.map(|t| when(field, t, tz)).transpose()
}

/// A leg's references and times, checked in the order the problems are reported.
fn check_leg(refs: &Refs, l: LegIn<'_>) -> Checked<Leg> {
    let (from, from_tz) = refs.place("from", &l.from)?;
    let (to, to_tz) = refs.place("to", &l.to)?;
    let travellers: super::InlineList<PersonIdx> = refs.people("travellers", &l.travellers)?.into();
    rules::leg_travellers(travellers.len())?;
    let departure = optional_when("departure", l.departure.as_deref(), from_tz)?;
    let arrival = optional_when("arrival", l.arrival.as_deref(), to_tz)?;
    rules::leg_times(departure, arrival)?;
    let sources = refs.sources("sources", &l.sources)?;
    let disputes = refs.disputes(l.disputes)?;
    Ok(Leg {
        id: owned(l.id),
        travellers,
        from,
        to,
        departure,
        arrival,
        certainty: l.certainty,
        sources,
        disputes,
        note: l.note.map(owned),
    })
}

thread_local! {
    /// The lists of duration claims handed out on this thread, so that meetings with the same claims
    /// share one (a file's meetings mostly report a few standard lengths).
    static DURATIONS: std::cell::RefCell<super::compact::Interner<DurationClaim>> =
        std::cell::RefCell::default();
}

/// A meeting's references, times and durations, checked in the order the problems are reported.
fn check_meeting(refs: &Refs, m: MeetingIn<'_>) -> Checked<Meeting> {
    let (place, tz) = refs.place("place", &m.place)?;
    let start = when("start", &m.start, tz)?;
    let end = optional_when("end", m.end.as_deref(), tz)?;
    rules::meeting(start, end)?;
    let durations = m
        .duration
        .into_iter()
        .map(|d| {
            Ok(DurationClaim {
                sources: refs.sources("duration.sources", &d.sources)?,
                text: owned(d.text),
                minutes: d.minutes,
            })
        })
        .collect::<Checked<Vec<_>>>()?;
    let durations = DURATIONS.with_borrow_mut(|shared| {
        // Bounded: a file of all different claims shares nothing, and keeps nothing here.
        if shared.len() > 4096 {
            *shared = super::compact::Interner::default();
        }
        shared.intern(durations)
    });
    let participants = refs.people("participants", &m.participants)?.into();
    let sources = refs.sources("sources", &m.sources)?;
    let disputes = refs.disputes(m.disputes)?;
    Ok(Meeting {
        id: owned(m.id),
        place,
        venue: m.venue.map(owned),
        start,
        end,
        durations,
        participants,
        topic: owned(m.topic),
        certainty: m.certainty,
        sources,
        disputes,
        note: m.note.map(owned),
    })
}

fn check_note(refs: &Refs, n: NoteIn<'_>) -> Checked<Note> {
    let tz = tz("tz", &n.tz)?;
    let when = when("when", &n.when, tz)?;
    let people = refs.people("people", &n.people)?;
    let sources = refs.sources("sources", &n.sources)?;
    Ok(Note {
        id: owned(n.id),
        when,
        tz,
        text: owned(n.text),
        people,
        certainty: n.certainty,
        sources,
    })
}

fn check_stay(refs: &Refs, s: StayIn<'_>) -> Checked<Stay> {
    let person = refs.people("person", std::slice::from_ref(&s.person))?;
    let (place, tz) = match s.place.as_deref() {
        Some(id) => {
            let (p, tz) = refs.place("place", id)?;
            (Some(p), tz)
        }
        None => (None, chrono_tz::UTC),
    };
    let start = when("start", &s.start, tz)?;
    let end = optional_when("end", s.end.as_deref(), tz)?.unwrap_or(start);
    rules::stay(start, end)?;
    let sources = refs.sources("sources", &s.sources)?;
    Ok(Stay {
        id: owned(s.id),
        person: person.first().copied().unwrap_or(PersonIdx(0)),
        place,
        start,
        end,
        role: s.role.map(owned),
        remarks: s.remarks.map(owned),
        sources,
        geocode: s.geocode,
    })
}

/// The records of the sections that can be large (legs, meetings, notes, stays): where each kind is
/// kept, and how its id is read back for the duplicate check.
trait Big: Sized {
    const SECTION: &'static str;
    fn id(&self) -> &str;
    /// The dataset's list of these records, and the ids already seen.
    fn parts(v: &mut Validator) -> (&mut Vec<Self>, &mut SeenIds, &mut Vec<Problem>);
}

impl Big for Leg {
    const SECTION: &'static str = "legs";
    fn id(&self) -> &str {
        &self.id
    }
    fn parts(v: &mut Validator) -> (&mut Vec<Self>, &mut SeenIds, &mut Vec<Problem>) {
        (&mut v.out.legs, &mut v.leg_ids, &mut v.problems[LEGS])
    }
}

impl Big for Meeting {
    const SECTION: &'static str = "meetings";
    fn id(&self) -> &str {
        &self.id
    }
    fn parts(v: &mut Validator) -> (&mut Vec<Self>, &mut SeenIds, &mut Vec<Problem>) {
        (
            &mut v.out.meetings,
            &mut v.meeting_ids,
            &mut v.problems[MEETINGS],
        )
    }
}

impl Big for Note {
    const SECTION: &'static str = "notes";
    fn id(&self) -> &str {
        &self.id
    }
    fn parts(v: &mut Validator) -> (&mut Vec<Self>, &mut SeenIds, &mut Vec<Problem>) {
        (&mut v.out.notes, &mut v.note_ids, &mut v.problems[NOTES])
    }
}

impl Big for Stay {
    const SECTION: &'static str = "stays";
    fn id(&self) -> &str {
        &self.id
    }
    fn parts(v: &mut Validator) -> (&mut Vec<Self>, &mut SeenIds, &mut Vec<Problem>) {
        (&mut v.out.stays, &mut v.stay_ids, &mut v.problems[STAYS])
    }
}

const FILE: usize = 0;
const PLACES: usize = 1;
const PEOPLE: usize = 2;
const SOURCES: usize = 3;
const LEGS: usize = 4;
const MEETINGS: usize = 5;
const NOTES: usize = 6;
const STAYS: usize = 7;

fn section_of(kind: &str) -> usize {
    match kind {
        "places" => PLACES,
        "people" => PEOPLE,
        "sources" => SOURCES,
        "legs" => LEGS,
        "meetings" => MEETINGS,
        "notes" => NOTES,
        "stays" => STAYS,
        _ => FILE,
    }
}

/// The problem about `record`; the caller leaves the record out.
fn problem_of(record: Rec<'_>, field: &str, kind: ProblemKind, message: String) -> Problem {
    let target = RecordKind::of_section(record.section).map(|kind| RecordRef {
        kind,
        index: record.index,
    });
    Problem {
        record: record.to_string(),
        target,
        field: field.to_owned(),
        kind,
        message,
        line: None,
        column: None,
    }
}

impl Validator {
    fn finish(self) -> (Dataset, Vec<Problem>) {
        (self.out, self.problems.into_iter().flatten().collect())
    }

    fn reserve(&mut self, legs: usize, meetings: usize, notes: usize) {
        self.out.legs.reserve(legs);
        self.out.meetings.reserve(meetings);
        self.out.notes.reserve(notes);
        self.leg_ids.accepted.reserve(legs);
        self.meeting_ids.accepted.reserve(meetings);
        self.note_ids.accepted.reserve(notes);
    }

    /// Records a problem; the caller leaves the record out. Problems are returned, not logged: whoever
    /// loads the data shows them.
    fn problem(&mut self, record: Rec<'_>, field: &str, kind: ProblemKind, message: String) {
        self.problems[section_of(record.section)].push(problem_of(record, field, kind, message));
    }

    fn format(&mut self, format: &str) {
        if format != "travelmap/1" {
            self.problem(
                Rec::FILE,
                "format",
                ProblemKind::UnsupportedFormat,
                format!("unsupported format \"{format}\"; expected \"travelmap/1\""),
            );
        }
    }

    /// For places, people and sources: an id must be non-empty and unique.
    fn fresh_id(&mut self, record: Rec<'_>) -> bool {
        let id = record.id;
        let (known, rejected) = match record.section {
            "places" => (self.refs.place_ids.contains_key(id), &self.rejected[0]),
            "people" => (self.refs.person_ids.contains_key(id), &self.rejected[1]),
            _ => (self.refs.source_ids.contains_key(id), &self.rejected[2]),
        };
        let taken = known || rejected.contains(id);
        if id.trim().is_empty() {
            self.problem(record, "id", ProblemKind::EmptyId, "empty id".into());
            false
        } else if taken {
            self.problem(
                record,
                "id",
                ProblemKind::DuplicateId,
                format!("duplicate id \"{id}\""),
            );
            false
        } else {
            true
        }
    }

    /// Remembers the id of a place, person or source that was rejected, so a later one with the same id
    /// is a duplicate.
    fn rejected_id(&mut self, record: Rec<'_>) {
        let k = match record.section {
            "places" => 0,
            "people" => 1,
            _ => 2,
        };
        if !record.id.trim().is_empty() {
            self.rejected[k].insert(record.id.to_owned());
        }
    }

    fn nonempty(&mut self, record: Rec<'_>, field: &'static str, value: &str) -> bool {
        self.rule(record, rules::nonempty(field, value))
    }

    /// Records a broken rule (see [`super::rules`]); `true` when the rule held.
    fn rule(&mut self, record: Rec<'_>, result: Result<(), Broken>) -> bool {
        match result {
            Ok(()) => true,
            Err(b) => {
                self.problem(record, b.field, b.kind, b.message);
                false
            }
        }
    }

    fn place(&mut self, i: usize, p: &FilePlace) {
        let record = Rec {
            section: "places",
            index: i,
            id: &p.id,
        };
        let fresh = self.fresh_id(record);
        let mut ok = fresh & self.nonempty(record, "name", &p.name);
        ok &= self.rule(record, rules::latitude(p.lat));
        ok &= self.rule(record, rules::longitude(p.lon));
        let tz = match tz("tz", &p.tz) {
            Ok(tz) => Some(tz),
            Err(b) => {
                self.problem(record, b.field, b.kind, b.message);
                None
            }
        };
        match tz.filter(|_| ok) {
            Some(tz) => {
                self.refs
                    .place_ids
                    .insert(p.id.clone(), (PlaceIdx(self.out.places.len() as u32), tz));
                self.out.places.push(Place {
                    id: p.id.clone(),
                    name: p.name.clone(),
                    city: p.city.clone().unwrap_or_else(|| p.name.clone()),
                    country: p.country.clone(),
                    position: crate::geodesy::lat_lon(p.lat, p.lon),
                    tz,
                    accuracy: p.accuracy.clone(),
                });
            }
            None if fresh => self.rejected_id(record),
            None => {}
        }
    }

    fn person(&mut self, i: usize, p: FilePerson) {
        let record = Rec {
            section: "people",
            index: i,
            id: &p.id,
        };
        if !self.fresh_id(record) {
            return;
        }
        if !self.nonempty(record, "name", &p.name) {
            self.rejected_id(record);
            return;
        }
        self.refs
            .person_ids
            .insert(p.id.clone(), PersonIdx(self.out.people.len() as u32));
        self.out.people.push(Person {
            id: p.id,
            name: p.name,
            role: p.role,
        });
    }

    fn source(&mut self, i: usize, s: FileSource) {
        let record = Rec {
            section: "sources",
            index: i,
            id: &s.id,
        };
        if !self.fresh_id(record) {
            return;
        }
        if !self.nonempty(record, "title", &s.title) {
            self.rejected_id(record);
            return;
        }
        self.refs
            .source_ids
            .insert(s.id.clone(), SourceIdx(self.out.sources.len() as u32));
        self.out.sources.push(Source {
            id: s.id,
            title: s.title,
            publisher: s.publisher,
            url: s.url,
        });
    }

    /// Admits the record `i` of a big section with id `id`: an empty or already seen id is a problem
    /// (and the record is not checked further); otherwise `check` decides.
    fn admit<T: Big>(&mut self, i: usize, id: &str, check: impl FnOnce(&Refs) -> Checked<T>) {
        if let Some(h) = self.fresh::<T>(i, id, None) {
            let checked = check(&self.refs);
            self.keep(i, h, checked, id);
        }
    }

    /// Whether the id of record `i` of a big section is neither empty nor seen before (otherwise the
    /// problem is recorded); its hash when it is fresh. `hash` is the id's hash when the caller worked
    /// it out already (with this section's hasher).
    fn fresh<T: Big>(&mut self, i: usize, id: &str, hash: Option<u64>) -> Option<u64> {
        let record = Rec {
            section: T::SECTION,
            index: i,
            id,
        };
        if id.trim().is_empty() {
            self.problem(record, "id", ProblemKind::EmptyId, "empty id".into());
            return None;
        }
        let (list, seen, _) = T::parts(self);
        let h = hash.unwrap_or_else(|| seen.hash(id));
        if seen.contains(id, h, |k| list.get(k as usize).map(T::id)) {
            let message = format!("duplicate id \"{id}\"");
            self.problem(record, "id", ProblemKind::DuplicateId, message);
            return None;
        }
        Some(h)
    }

    /// Keeps record `i` of a big section, whose id is fresh with hash `h`, or records why it is left
    /// out (`id` is its id then).
    fn keep<T: Big>(&mut self, i: usize, h: u64, checked: Checked<T>, id: &str) {
        let (list, seen, problems) = T::parts(self);
        match checked {
            Ok(r) => {
                let index = list.len() as u32;
                seen.accept(r.id(), h, index, |k| list.get(k as usize).map(T::id));
                list.push(r);
            }
            Err(b) => {
                seen.reject(id);
                let record = Rec {
                    section: T::SECTION,
                    index: i,
                    id,
                };
                problems.push(problem_of(record, b.field, b.kind, b.message));
            }
        }
    }

    fn leg(&mut self, i: usize, l: LegIn<'_>) {
        let id = l.id.clone();
        self.admit(i, &id, |refs| check_leg(refs, l));
    }

    fn meeting(&mut self, i: usize, m: MeetingIn<'_>) {
        let id = m.id.clone();
        self.admit(i, &id, |refs| check_meeting(refs, m));
    }

    fn note(&mut self, i: usize, n: NoteIn<'_>) {
        let id = n.id.clone();
        self.admit(i, &id, |refs| check_note(refs, n));
    }

    fn stay(&mut self, i: usize, s: StayIn<'_>) {
        let id = s.id.clone();
        self.admit(i, &id, |refs| check_stay(refs, s));
    }
}

/// The common shapes of a time, `2025-04-11T17:30` (local in `tz`), `2025-04-11T17:30+03:00` and
/// `2025-04-11T17:30Z`, each also with seconds (`17:30:00`) and an optional leading `~`, read without
/// chrono's format parser (ten times faster on files with millions of times). Anything else, or a local
/// time that does not exist, is left to [`When::parse`], which gives the same result for these shapes.
fn fast_when(text: &str, tz: Tz) -> Option<When> {
    let (approximate, rest) = match text.strip_prefix('~') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let b = rest.as_bytes();
    if b.len() < 16 || b[4] != b'-' || b[7] != b'-' || b[10] != b'T' || b[13] != b':' {
        return None;
    }
    let number = |from: usize, to: usize| -> Option<u32> {
        b.get(from..to)?.iter().try_fold(0u32, |n, &c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    let (seconds, zone) = match b.get(16) {
        Some(b':') => (number(17, 19)?, &b[19.min(b.len())..]),
        _ => (0, &b[16..]),
    };
    if b.get(16) == Some(&b':') && b.len() < 19 {
        return None;
    }
    let date = NaiveDate::from_ymd_opt(number(0, 4)? as i32, number(5, 7)?, number(8, 10)?)?;
    let local = date.and_time(NaiveTime::from_hms_opt(
        number(11, 13)?,
        number(14, 16)?,
        seconds,
    )?);
    let at = match zone {
        [] => match tz.from_local_datetime(&local) {
            LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => t.with_timezone(&Utc),
            LocalResult::None => return None,
        },
        [b'Z'] => Utc.from_utc_datetime(&local),
        [sign, h1, h2, b':', m1, m2] => {
            let sign = match sign {
                b'+' => 1,
                b'-' => -1,
                _ => return None,
            };
            let digit = |c: &u8| c.is_ascii_digit().then(|| u32::from(c - b'0'));
            let hours = digit(h1)? * 10 + digit(h2)?;
            let minutes = digit(m1)? * 10 + digit(m2)?;
            if hours > 23 || minutes > 59 {
                return None;
            }
            let offset = FixedOffset::east_opt(sign * (hours * 3600 + minutes * 60) as i32)?;
            offset
                .from_local_datetime(&local)
                .single()?
                .with_timezone(&Utc)
        }
        _ => return None,
    };
    Some(When::instant(at, approximate))
}

/// Finds the line and column of a problem's field in the text: the record's section, then its id, then the
/// field's key. Falls back to the id, then to nothing.
fn locate(text: &str, problem: &mut Problem) {
    let Some((section, rest)) = problem.record.split_once('[') else {
        return;
    };
    let id = rest
        .split_once('"')
        .and_then(|(_, r)| r.rsplit_once('"'))
        .map(|(id, _)| id);
    let section_at = text.find(&format!("\"{section}\"")).unwrap_or(0);
    let id_at = id
        .and_then(|id| serde_json::to_string(id).ok())
        .and_then(|quoted| text[section_at..].find(&quoted).map(|i| section_at + i));
    let Some(id_at) = id_at else { return };
    let key = problem.field.split('.').next().unwrap_or_default();
    // The field belongs to this record if it comes before the next record's "id".
    let record_end = text[id_at + 1..]
        .find("\"id\"")
        .map_or(text.len(), |i| id_at + 1 + i);
    let record_start = text[..id_at].rfind('{').unwrap_or(id_at);
    let field_at = text[record_start..record_end]
        .find(&format!("\"{key}\""))
        .map(|i| record_start + i);
    let at = field_at.unwrap_or(id_at);
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let column = before.rfind('\n').map_or(at, |nl| at - nl - 1) + 1;
    problem.line = Some(line);
    problem.column = Some(column);
}

/// The file form of a dataset (ids and strings), for saving and exporting.
#[expect(
    clippy::too_many_lines,
    reason = "one plain field mapping per record type, easiest to check side by side with file.rs"
)]
pub fn to_file(d: &Dataset) -> FileDataset {
    let place_tz = |p: super::PlaceIdx| d.place(p).map_or(chrono_tz::UTC, |p| p.tz);
    let place_id = |p: super::PlaceIdx| d.place(p).map(|p| p.id.clone()).unwrap_or_default();
    let people = |ps: &[PersonIdx]| {
        ps.iter()
            .filter_map(|p| d.person(*p))
            .map(|p| p.id.clone())
            .collect()
    };
    let sources = |ss: &[SourceIdx]| {
        ss.iter()
            .filter_map(|s| d.source(*s))
            .map(|s| s.id.clone())
            .collect::<Vec<_>>()
    };
    let disputes = |ds: &[Dispute]| {
        ds.iter()
            .map(|x| FileDispute {
                field: x.field.clone(),
                claim: x.claim.clone(),
                sources: sources(&x.sources),
            })
            .collect()
    };
    FileDataset {
        format: super::file::format_marker(),
        title: d.title.clone(),
        places: d
            .places
            .iter()
            .map(|p| FilePlace {
                id: p.id.clone(),
                name: p.name.clone(),
                city: (p.city != p.name).then(|| p.city.clone()),
                country: p.country.clone(),
                lat: p.position.y(),
                lon: p.position.x(),
                tz: p.tz.name().to_owned(),
                accuracy: p.accuracy.clone(),
            })
            .collect(),
        people: d
            .people
            .iter()
            .map(|p| FilePerson {
                id: p.id.clone(),
                name: p.name.clone(),
                role: p.role.clone(),
            })
            .collect(),
        sources: d
            .sources
            .iter()
            .map(|s| FileSource {
                id: s.id.clone(),
                title: s.title.clone(),
                publisher: s.publisher.clone(),
                url: s.url.clone(),
            })
            .collect(),
        // Inferred legs are worked out again whenever the data is loaded.
        legs: d
            .legs
            .iter()
            .filter(|l| l.certainty != Certainty::Inferred)
            .map(|l| FileLeg {
                id: l.id.clone(),
                travellers: people(&l.travellers),
                from: place_id(l.from),
                to: place_id(l.to),
                departure: l.departure.map(|w| w.to_file_string(place_tz(l.from))),
                arrival: l.arrival.map(|w| w.to_file_string(place_tz(l.to))),
                certainty: l.certainty,
                sources: sources(&l.sources),
                disputes: disputes(&l.disputes),
                note: l.note.clone(),
            })
            .collect(),
        meetings: d
            .meetings
            .iter()
            .map(|m| FileMeeting {
                id: m.id.clone(),
                place: place_id(m.place),
                venue: m.venue.clone(),
                start: m.start.to_file_string(place_tz(m.place)),
                end: m.end.map(|w| w.to_file_string(place_tz(m.place))),
                duration: m
                    .durations
                    .iter()
                    .map(|c| FileDuration {
                        text: c.text.clone(),
                        minutes: c.minutes,
                        sources: sources(&c.sources),
                    })
                    .collect(),
                participants: people(&m.participants),
                topic: m.topic.clone(),
                certainty: m.certainty,
                sources: sources(&m.sources),
                disputes: disputes(&m.disputes),
                note: m.note.clone(),
            })
            .collect(),
        notes: d
            .notes
            .iter()
            .map(|n| FileNote {
                id: n.id.clone(),
                when: n.when.to_file_string(n.tz),
                tz: n.tz.name().to_owned(),
                text: n.text.clone(),
                people: people(&n.people),
                certainty: n.certainty,
                sources: sources(&n.sources),
            })
            .collect(),
        stays: d
            .stays
            .iter()
            .map(|s| {
                let tz = s.place.map_or(chrono_tz::UTC, place_tz);
                FileStay {
                    id: s.id.clone(),
                    person: d.person(s.person).map(|p| p.id.clone()).unwrap_or_default(),
                    place: s.place.map(place_id),
                    start: s.start.to_file_string(tz),
                    end: (s.end != s.start).then(|| s.end.to_file_string(tz)),
                    role: s.role.clone(),
                    remarks: s.remarks.clone(),
                    sources: sources(&s.sources),
                    geocode: s.geocode.clone(),
                }
            })
            .collect(),
    }
}

/// The native JSON text of a dataset, pretty-printed. Serialising plain records cannot fail in practice,
/// but if it ever did, the error comes back: nothing is written in place of the data.
pub fn to_json(d: &Dataset) -> Result<String, LoadError> {
    serde_json::to_string_pretty(&to_file(d)).map_err(|e| LoadError::Serialize {
        message: e.to_string(),
    })
}

/// Writes `contents` to `path` atomically: a temporary file in the same folder, flushed and synced, then
/// renamed over the target. If anything fails the old file is untouched.
pub fn save_atomic(path: &Path, contents: &[u8]) -> Result<(), LoadError> {
    let name = path.display().to_string();
    let io = |source| LoadError::Io {
        path: name.clone(),
        source,
    };
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    let file_name = path
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{file_name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(contents)?;
        f.flush()?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.map_err(io)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SMALL: &str = r#"{
  "format": "travelmap/1",
  "title": "test",
  "places": [
    {"id": "fll", "name": "Fort Lauderdale", "country": "United States", "lat": 26.0725, "lon": -80.1528, "tz": "America/New_York"},
    {"id": "led", "name": "Pulkovo Airport", "city": "St Petersburg", "country": "Russia", "lat": 59.8003, "lon": 30.2625, "tz": "Europe/Moscow"}
  ],
  "people": [{"id": "witkoff", "name": "Steve Witkoff"}],
  "sources": [{"id": "tass", "title": "TASS report", "url": "https://example.org/tass"}],
  "legs": [
    {"id": "l1", "travellers": ["witkoff"], "from": "fll", "to": "led", "departure": null, "arrival": "2025-04-11 morning", "sources": ["tass"]}
  ],
  "meetings": [
    {"id": "m1", "place": "led", "start": "~2025-04-11T17:30", "end": "~2025-04-11T22:00", "participants": ["witkoff"], "topic": "talks", "sources": ["tass"]}
  ]
}"#;

    #[test]
    fn a_valid_file_loads_with_typed_times_and_references() {
        let d = load_str(SMALL, "small.json").unwrap();
        assert_eq!(d.places.len(), 2);
        assert_eq!(
            d.places[0].city, "Fort Lauderdale",
            "city defaults to the name"
        );
        assert_eq!(d.legs[0].from, PlaceIdx(0));
        assert!(d.legs[0].departure.is_none());
        assert_eq!(
            d.meetings[0].start.start_utc.to_rfc3339(),
            "2025-04-11T14:30:00+00:00"
        );
        assert!(d.meetings[0].start.approximate);
    }

    #[test]
    fn a_syntax_error_names_the_file_line_and_column() {
        let broken = SMALL.replacen("\"title\": \"test\",", "\"title\": \"test\"", 1);
        let err = load_str(&broken, "broken.json").unwrap_err();
        let LoadError::Syntax {
            path, line, column, ..
        } = &err
        else {
            panic!("{err}")
        };
        assert_eq!((path.as_str(), *line, *column), ("broken.json", 4, 3));
        assert!(
            err.to_string()
                .starts_with("broken.json: line 4, column 3: expected `,`"),
            "{err}"
        );
    }

    #[test]
    fn a_wrong_type_names_the_line_and_column() {
        let broken = SMALL.replacen("\"lat\": 26.0725", "\"lat\": \"north\"", 1);
        let err = load_str(&broken, "t.json").unwrap_err();
        assert!(matches!(err, LoadError::Syntax { line: 5, .. }), "{err}");
        assert!(err.to_string().contains("invalid type"), "{err}");
    }

    #[test]
    fn an_unknown_place_names_the_record_field_and_position() {
        let broken = SMALL.replacen("\"to\": \"led\"", "\"to\": \"ledd\"", 1);
        let err = load_str(&broken, "t.json").unwrap_err();
        let LoadError::Invalid { problems, .. } = &err else {
            panic!("{err}")
        };
        assert_eq!(problems.len(), 1);
        let p = &problems[0];
        assert_eq!(p.record, "legs[0] \"l1\"");
        assert_eq!(p.field, "to");
        assert_eq!(p.message, "unknown place \"ledd\"");
        assert_eq!(p.line, Some(11));
        assert_eq!(p.column, Some(60));
        assert_eq!(
            err.to_string(),
            "t.json: 1 invalid record(s); first: line 11, column 60: legs[0] \"l1\", field `to`: unknown place \"ledd\""
        );
    }

    #[test]
    fn bad_values_are_each_reported() {
        let broken = SMALL
            .replacen("\"lat\": 26.0725", "\"lat\": 126.0725", 1)
            .replacen("Europe/Moscow", "Europe/Atlantis", 1)
            .replacen("~2025-04-11T22:00", "2025-04-10T09:00", 1);
        let err = load_str(&broken, "t.json").unwrap_err();
        let LoadError::Invalid { problems, .. } = err else {
            panic!()
        };
        let fields: Vec<_> = problems
            .iter()
            .map(|p| (p.record.as_str(), p.field.as_str()))
            .collect();
        assert!(fields.contains(&("places[0] \"fll\"", "lat")), "{fields:?}");
        assert!(fields.contains(&("places[1] \"led\"", "tz")), "{fields:?}");
        assert!(
            problems
                .iter()
                .any(|p| p.message.contains("unknown time zone \"Europe/Atlantis\""))
        );
    }

    #[test]
    fn arrival_before_departure_is_rejected() {
        let broken = SMALL.replacen(
            "\"departure\": null",
            "\"departure\": \"2025-04-12T10:00\"",
            1,
        );
        let err = load_str(&broken, "t.json").unwrap_err();
        let LoadError::Invalid { problems, .. } = err else {
            panic!()
        };
        assert_eq!(problems[0].field, "arrival");
        assert!(problems[0].message.contains("before departure"));
    }

    #[test]
    fn lenient_loading_keeps_the_good_records_and_lists_the_rest() {
        let broken = SMALL.replacen("\"to\": \"led\"", "\"to\": \"nowhere\"", 1);
        let (d, problems) = load_str_lenient(&broken, "t.json").unwrap();
        assert_eq!(d.legs.len(), 0);
        assert_eq!(d.meetings.len(), 1);
        assert_eq!(problems.len(), 1);
    }

    #[test]
    fn unknown_fields_are_errors_not_silently_ignored() {
        let broken = SMALL.replacen("\"topic\"", "\"topik\"", 1);
        let err = load_str(&broken, "t.json").unwrap_err();
        assert!(err.to_string().contains("unknown field `topik`"), "{err}");
    }

    #[test]
    fn deeply_nested_json_is_an_error_not_a_stack_overflow() {
        let deep = format!(
            "{{\"title\": {}1{}}}",
            "[".repeat(100_000),
            "]".repeat(100_000)
        );
        assert!(matches!(
            load_str(&deep, "deep.json"),
            Err(LoadError::Syntax { .. })
        ));
    }

    /// The reference: parse the whole file, then validate it.
    fn parse_then_validate(text: &str) -> Result<(Dataset, Vec<Problem>), String> {
        let file: FileDataset =
            serde_json::from_str(text).map_err(|e| strip_position(&e.to_string()))?;
        let (d, mut problems) = validate(&file);
        for p in &mut problems {
            locate(text, p);
        }
        Ok((d, problems))
    }

    #[test]
    fn streaming_gives_what_parsing_then_validating_gives() {
        let reordered = {
            let v: serde_json::Value = serde_json::from_str(SMALL).unwrap();
            let keys = [
                "meetings", "legs", "sources", "title", "people", "places", "format",
            ];
            let fields: Vec<String> = keys
                .iter()
                .map(|k| format!("{}: {}", serde_json::to_string(k).unwrap(), v[k]))
                .collect();
            format!("{{{}}}", fields.join(", "))
        };
        let cases = [
            SMALL.to_owned(),
            super::super::BUNDLED_JSON.to_owned(),
            reordered.clone(),
            reordered.replacen("\"lat\":26.0725", "\"lat\":126.0", 1),
            SMALL.replacen("\"id\": \"m1\", \"place\": \"led\"", "\"id\": \"l1\", \"place\": \"nowhere\"", 1),
            SMALL.replacen("\"to\": \"led\"", "\"to\": \"nowhere\"", 1).replacen(
                "\"meetings\": [",
                "\"meetings\": [{\"id\": \"m1\", \"place\": \"fll\", \"start\": \"2025-03-09T02:30\"},\n",
                1,
            ),
            SMALL.replacen("\"format\": \"travelmap/1\",", "", 1),
            SMALL.replacen("\"title\": \"test\",", "\"title\": \"test\", \"extra\": 1,", 1),
            SMALL.replacen("\"title\": \"test\",", "\"title\": \"test\", \"title\": \"again\",", 1),
            SMALL.replacen("\"topic\"", "\"topik\"", 1),
            format!("{SMALL} x"),
            "[\"travelmap/1\", \"t\"]".to_owned(),
            "{\"legs\": 5}".to_owned(),
            "{\"legs\": [{\"id\": \"a\", \"travellers\": [\"x\"], \"from\": \"y\", \"to\": \"z\"}, {\"id\": \"a\", \"travellers\": [\"x\"], \"from\": \"y\", \"to\": \"z\"}]}".to_owned(),
            "5".to_owned(),
        ];
        for text in &cases {
            let streamed = load_str_lenient(text, "t.json").map_err(|e| match e {
                LoadError::Syntax { message, .. } => message,
                e => e.to_string(),
            });
            assert_eq!(streamed, parse_then_validate(text), "{text}");
        }
    }

    #[test]
    fn the_fast_time_reader_agrees_with_when_parse() {
        use chrono_tz::{America, Australia, Europe, UTC};
        let times = [
            "2025-04-11T17:30",
            "~2025-04-11T17:30",
            "2025-04-11T17:30+03:00",
            "2025-04-11T17:30-05:30",
            "2025-04-11T17:30-00:00",
            "~2025-12-31T23:59+14:00",
            "2025-03-09T02:30",
            "2025-03-30T02:30",
            "2025-11-02T01:30",
            "2025-10-26T02:30",
            "2025-04-06T02:30",
            "2024-02-29T12:00",
            "2025-02-29T12:00",
            "2025-04-31T12:00",
            "2025-04-11T24:00",
            "2025-04-11T23:60",
            "2025-04-11T17:30+24:00",
            "2025-04-11T17:30+03:60",
            "2025-04-11T17:30Z",
            "2025-04-11T17:30:00",
            "2025-04-11T17:30:45Z",
            "~2025-04-11T17:30:45+03:00",
            "2025-04-11T17:30:45-05:30",
            "2025-04-11T17:30:60Z",
            "2025-04-11T17:30:5Z",
            "2025-04-11T17:30:",
            "2025-04-11T17:30:00z",
            "2025-04-11T17:30:00.5Z",
            "2025-03-09T02:30:00",
            "2025-11-02T01:30:00",
            "2025-04-11 17:30",
            "2025-4-11T17:30",
            "2025-04-11T17:30+0300",
            "+025-04-11T17:30",
            "2025-04-11T1a:30",
            " 2025-04-11T17:30",
            "~ 2025-04-11T17:30",
        ];
        for tz in [
            America::New_York,
            Europe::Moscow,
            Europe::London,
            Australia::Sydney,
            UTC,
        ] {
            for text in times {
                if let Some(fast) = fast_when(text, tz) {
                    assert_eq!(Ok(fast), When::parse(text, tz), "{text} in {tz}");
                }
            }
        }
        assert!(fast_when("2025-04-11T17:30+03:00", UTC).is_some());
        assert!(fast_when("~2025-04-11T17:30", UTC).is_some());
        assert!(fast_when("2024-03-02T05:45:00Z", UTC).is_some());
        assert!(fast_when("2025-04-11T17:30:45", Europe::Moscow).is_some());
    }

    #[test]
    fn a_stay_that_ends_the_day_before_it_starts_is_rejected_and_one_day_is_kept() {
        let text = |end: &str| {
            format!(
                r#"{{"format": "travelmap/1", "people": [{{"id": "p", "name": "P"}}],
                "stays": [{{"id": "s", "person": "p", "place": null, "start": "1959-05-11", "end": "{end}"}}]}}"#
            )
        };
        let err = load_str(&text("1959-05-10"), "t.json").unwrap_err();
        assert!(err.to_string().contains("is before start"), "{err}");
        let d = load_str(&text("1959-05-11"), "t.json").unwrap();
        let (a, b) = d.stays[0].interval();
        assert_eq!(b - a, chrono::Duration::days(1));
    }

    #[test]
    fn a_missing_file_is_reported_not_replaced_by_an_empty_dataset() {
        let err = load_path(Path::new("/nonexistent/travelmap.json")).unwrap_err();
        assert!(matches!(err, LoadError::Io { .. }));
        assert!(err.to_string().starts_with("/nonexistent/travelmap.json: "));
    }

    #[test]
    fn saving_and_loading_round_trips_every_record() {
        let d = load_str(SMALL, "small.json").unwrap();
        let again = load_str(&to_json(&d).unwrap(), "again.json").unwrap();
        assert_eq!(d, again);
    }

    #[test]
    fn the_bundled_dataset_round_trips() {
        let d = super::super::bundled().unwrap();
        assert_eq!(load_str(&to_json(&d).unwrap(), "again.json").unwrap(), d);
    }

    #[test]
    fn an_atomic_save_replaces_the_file_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("trips.json");
        std::fs::write(&path, "old").unwrap();
        save_atomic(&path, b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_failed_save_leaves_the_old_file_intact() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("trips.json");
        std::fs::write(&path, "old").unwrap();
        // A directory where the temporary file would go makes the write fail.
        let tmp = dir
            .path()
            .join(format!(".trips.json.{}.tmp", std::process::id()));
        std::fs::create_dir(&tmp).unwrap();
        assert!(save_atomic(&path, b"new").is_err());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old");
    }
}
