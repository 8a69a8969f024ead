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

use chrono::{FixedOffset, LocalResult, NaiveDate, NaiveTime, TimeZone as _, Utc};
use chrono_tz::Tz;
use serde::Deserialize;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use super::file::{
    FileDataset, FileDispute, FileDuration, FileLeg, FileMeeting, FileNote, FilePerson, FilePlace,
    FileSource, FileStay,
};
use super::problem::{ProblemKind, RecordKind, RecordRef};
use super::{
    Certainty, Dataset, Dispute, DurationClaim, Leg, Meeting, Note, Person, PersonIdx, Place,
    PlaceIdx, Problem, Source, SourceIdx, Stay, When,
};

/// Files larger than this are refused at once rather than read into memory.
pub const FILE_SIZE_LIMIT_BYTES: u64 = 1 << 30;

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
        v.leg(i, l.clone());
    }
    for (i, m) in file.meetings.iter().enumerate() {
        v.meeting(i, m.clone());
    }
    for (i, n) in file.notes.iter().enumerate() {
        v.note(i, n.clone());
    }
    for (i, s) in file.stays.iter().enumerate() {
        v.stay(i, s.clone());
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
        for (i, l) in legs.into_iter().enumerate() {
            self.v.leg(i, l);
        }
        for (i, m) in meetings.into_iter().enumerate() {
            self.v.meeting(i, m);
        }
        for (i, n) in notes.into_iter().enumerate() {
            self.v.note(i, n);
        }
        for (i, s) in stays.into_iter().enumerate() {
            self.v.stay(i, s);
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
                    map.next_value_seed(records(|i, l: FileLeg| v.leg(i, l)))?;
                }
                "legs" => self.waiting_legs = map.next_value()?,
                "meetings" if self.references_known() => {
                    let v = &mut self.v;
                    map.next_value_seed(records(|i, m: FileMeeting| v.meeting(i, m)))?;
                }
                "meetings" => self.waiting_meetings = map.next_value()?,
                "notes" if self.seen("people") && self.seen("sources") => {
                    let v = &mut self.v;
                    map.next_value_seed(records(|i, n: FileNote| v.note(i, n)))?;
                }
                "notes" => self.waiting_notes = map.next_value()?,
                "stays" if self.references_known() => {
                    let v = &mut self.v;
                    map.next_value_seed(records(|i, s: FileStay| v.stay(i, s)))?;
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
    place_ids: HashMap<String, (PlaceIdx, Tz)>,
    person_ids: HashMap<String, PersonIdx>,
    source_ids: HashMap<String, SourceIdx>,
    /// Ids of rejected places, people and sources (accepted ones are in the maps above).
    rejected: [std::collections::HashSet<String>; 3],
    leg_ids: SeenIds,
    meeting_ids: SeenIds,
    note_ids: SeenIds,
    stay_ids: SeenIds,
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
        let target = RecordKind::of_section(record.section).map(|kind| RecordRef {
            kind,
            index: record.index,
        });
        let section = section_of(record.section);
        self.problems[section].push(Problem {
            record: record.to_string(),
            target,
            field: field.to_owned(),
            kind,
            message,
            line: None,
            column: None,
        });
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
            "places" => (self.place_ids.contains_key(id), &self.rejected[0]),
            "people" => (self.person_ids.contains_key(id), &self.rejected[1]),
            _ => (self.source_ids.contains_key(id), &self.rejected[2]),
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

    /// For legs, meetings and notes: whether the id is fresh, and its hash for [`Validator::accepted`].
    fn fresh_record_id(&mut self, record: Rec<'_>) -> Option<u64> {
        let id = record.id;
        if id.trim().is_empty() {
            self.problem(record, "id", ProblemKind::EmptyId, "empty id".into());
            return None;
        }
        let out = &self.out;
        let (seen, h) = match record.section {
            "legs" => {
                let h = self.leg_ids.hash(id);
                let id_of = |k: u32| out.legs.get(k as usize).map(|l| l.id.as_str());
                (self.leg_ids.contains(id, h, id_of), h)
            }
            "meetings" => {
                let h = self.meeting_ids.hash(id);
                let id_of = |k: u32| out.meetings.get(k as usize).map(|m| m.id.as_str());
                (self.meeting_ids.contains(id, h, id_of), h)
            }
            "stays" => {
                let h = self.stay_ids.hash(id);
                let id_of = |k: u32| out.stays.get(k as usize).map(|s| s.id.as_str());
                (self.stay_ids.contains(id, h, id_of), h)
            }
            _ => {
                let h = self.note_ids.hash(id);
                let id_of = |k: u32| out.notes.get(k as usize).map(|n| n.id.as_str());
                (self.note_ids.contains(id, h, id_of), h)
            }
        };
        if seen {
            self.problem(
                record,
                "id",
                ProblemKind::DuplicateId,
                format!("duplicate id \"{id}\""),
            );
            None
        } else {
            Some(h)
        }
    }

    fn nonempty(&mut self, record: Rec<'_>, field: &'static str, value: &str) -> bool {
        self.rule(record, super::rules::nonempty(field, value))
    }

    /// Records a broken rule (see [`super::rules`]); `true` when the rule held.
    fn rule(&mut self, record: Rec<'_>, result: Result<(), super::rules::Broken>) -> bool {
        match result {
            Ok(()) => true,
            Err(b) => {
                self.problem(record, b.field, b.kind, b.message);
                false
            }
        }
    }

    fn tz(&mut self, record: Rec<'_>, field: &str, name: &str) -> Option<Tz> {
        match name.parse::<Tz>() {
            Ok(tz) => Some(tz),
            Err(_) => {
                self.problem(
                    record,
                    field,
                    ProblemKind::UnknownTimeZone,
                    format!(
                        "unknown time zone \"{name}\" (expected an IANA name such as Europe/Moscow)"
                    ),
                );
                None
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
        ok &= self.rule(record, super::rules::latitude(p.lat));
        ok &= self.rule(record, super::rules::longitude(p.lon));
        let tz = self.tz(record, "tz", &p.tz);
        match tz.filter(|_| ok) {
            Some(tz) => {
                self.place_ids
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
        self.person_ids
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
        self.source_ids
            .insert(s.id.clone(), SourceIdx(self.out.sources.len() as u32));
        self.out.sources.push(Source {
            id: s.id,
            title: s.title,
            publisher: s.publisher,
            url: s.url,
        });
    }

    fn place_ref(&mut self, record: Rec<'_>, field: &str, id: &str) -> Option<(PlaceIdx, Tz)> {
        let found = self.place_ids.get(id).copied();
        if found.is_none() {
            self.problem(
                record,
                field,
                ProblemKind::UnknownReference(RecordKind::Place, id.to_owned()),
                format!("unknown place \"{id}\""),
            );
        }
        found
    }

    fn people_refs(
        &mut self,
        record: Rec<'_>,
        field: &str,
        ids: &[String],
    ) -> Option<Vec<PersonIdx>> {
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            match self.person_ids.get(id.as_str()) {
                Some(p) => out.push(*p),
                None => {
                    self.problem(
                        record,
                        field,
                        ProblemKind::UnknownReference(RecordKind::Person, id.clone()),
                        format!("unknown person \"{id}\""),
                    );
                    return None;
                }
            }
        }
        Some(out)
    }

    fn source_refs(
        &mut self,
        record: Rec<'_>,
        field: &str,
        ids: &[String],
    ) -> Option<Vec<SourceIdx>> {
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            match self.source_ids.get(id.as_str()) {
                Some(s) => out.push(*s),
                None => {
                    self.problem(
                        record,
                        field,
                        ProblemKind::UnknownReference(RecordKind::Source, id.clone()),
                        format!("unknown source \"{id}\""),
                    );
                    return None;
                }
            }
        }
        Some(out)
    }

    fn when(&mut self, record: Rec<'_>, field: &str, text: &str, tz: Tz) -> Option<When> {
        if let Some(w) = fast_when(text, tz) {
            return Some(w);
        }
        match When::parse(text, tz) {
            Ok(w) => Some(w),
            Err(e) => {
                self.problem(record, field, ProblemKind::BadTime, e.to_string());
                None
            }
        }
    }

    fn disputes(&mut self, record: Rec<'_>, disputes: Vec<FileDispute>) -> Option<Vec<Dispute>> {
        disputes
            .into_iter()
            .map(|d| {
                Some(Dispute {
                    sources: self.source_refs(record, "disputes.sources", &d.sources)?,
                    field: d.field,
                    claim: d.claim,
                })
            })
            .collect()
    }

    fn leg(&mut self, i: usize, l: FileLeg) {
        let record = Rec {
            section: "legs",
            index: i,
            id: &l.id,
        };
        let Some(h) = self.fresh_record_id(record) else {
            return;
        };
        match self.leg_fields(record, &l) {
            Some((from, to, travellers, departure, arrival, sources)) => {
                let Some(disputes) = self.disputes(record, l.disputes) else {
                    self.leg_ids.reject(&l.id);
                    return;
                };
                let out = &self.out;
                let index = out.legs.len() as u32;
                self.leg_ids.accept(&l.id, h, index, |k| {
                    out.legs.get(k as usize).map(|l| l.id.as_str())
                });
                self.out.legs.push(Leg {
                    id: l.id,
                    travellers,
                    from,
                    to,
                    departure,
                    arrival,
                    certainty: l.certainty,
                    sources,
                    disputes,
                    note: l.note,
                });
            }
            None => self.leg_ids.reject(&l.id),
        }
    }

    /// A leg's references and times, checked in the order the problems are reported.
    #[allow(clippy::type_complexity)]
    fn leg_fields(
        &mut self,
        record: Rec<'_>,
        l: &FileLeg,
    ) -> Option<(
        PlaceIdx,
        PlaceIdx,
        Vec<PersonIdx>,
        Option<When>,
        Option<When>,
        Vec<SourceIdx>,
    )> {
        let (from, from_tz) = self.place_ref(record, "from", &l.from)?;
        let (to, to_tz) = self.place_ref(record, "to", &l.to)?;
        let travellers = self.people_refs(record, "travellers", &l.travellers)?;
        if !self.rule(record, super::rules::leg_travellers(travellers.len())) {
            return None;
        }
        let departure = match &l.departure {
            Some(t) => Some(self.when(record, "departure", t, from_tz)?),
            None => None,
        };
        let arrival = match &l.arrival {
            Some(t) => Some(self.when(record, "arrival", t, to_tz)?),
            None => None,
        };
        if !self.rule(record, super::rules::leg_times(departure, arrival)) {
            return None;
        }
        let sources = self.source_refs(record, "sources", &l.sources)?;
        Some((from, to, travellers, departure, arrival, sources))
    }

    fn meeting(&mut self, i: usize, m: FileMeeting) {
        let record = Rec {
            section: "meetings",
            index: i,
            id: &m.id,
        };
        let Some(h) = self.fresh_record_id(record) else {
            return;
        };
        let Some(fields) = self.meeting_fields(record, &m) else {
            self.meeting_ids.reject(&m.id);
            return;
        };
        let (place, start, end, durations, participants, sources) = fields;
        let Some(disputes) = self.disputes(record, m.disputes) else {
            self.meeting_ids.reject(&m.id);
            return;
        };
        let out = &self.out;
        let index = out.meetings.len() as u32;
        self.meeting_ids.accept(&m.id, h, index, |k| {
            out.meetings.get(k as usize).map(|m| m.id.as_str())
        });
        self.out.meetings.push(Meeting {
            id: m.id,
            place,
            venue: m.venue,
            start,
            end,
            durations,
            participants,
            topic: m.topic,
            certainty: m.certainty,
            sources,
            disputes,
            note: m.note,
        });
    }

    /// A meeting's references, times and durations, checked in the order the problems are reported.
    #[allow(clippy::type_complexity)]
    fn meeting_fields(
        &mut self,
        record: Rec<'_>,
        m: &FileMeeting,
    ) -> Option<(
        PlaceIdx,
        When,
        Option<When>,
        Vec<DurationClaim>,
        Vec<PersonIdx>,
        Vec<SourceIdx>,
    )> {
        let (place, tz) = self.place_ref(record, "place", &m.place)?;
        let start = self.when(record, "start", &m.start, tz)?;
        let end = match &m.end {
            Some(t) => Some(self.when(record, "end", t, tz)?),
            None => None,
        };
        if !self.rule(record, super::rules::meeting(start, end)) {
            return None;
        }
        let durations = m
            .duration
            .iter()
            .map(|d: &FileDuration| {
                Some(DurationClaim {
                    text: d.text.clone(),
                    minutes: d.minutes,
                    sources: self.source_refs(record, "duration.sources", &d.sources)?,
                })
            })
            .collect::<Option<Vec<_>>>()?;
        let participants = self.people_refs(record, "participants", &m.participants)?;
        let sources = self.source_refs(record, "sources", &m.sources)?;
        Some((place, start, end, durations, participants, sources))
    }

    fn note(&mut self, i: usize, n: FileNote) {
        let record = Rec {
            section: "notes",
            index: i,
            id: &n.id,
        };
        let Some(h) = self.fresh_record_id(record) else {
            return;
        };
        let checked = (|| {
            let tz = self.tz(record, "tz", &n.tz)?;
            let when = self.when(record, "when", &n.when, tz)?;
            let people = self.people_refs(record, "people", &n.people)?;
            let sources = self.source_refs(record, "sources", &n.sources)?;
            Some((tz, when, people, sources))
        })();
        let Some((tz, when, people, sources)) = checked else {
            self.note_ids.reject(&n.id);
            return;
        };
        let out = &self.out;
        let index = out.notes.len() as u32;
        self.note_ids.accept(&n.id, h, index, |k| {
            out.notes.get(k as usize).map(|n| n.id.as_str())
        });
        self.out.notes.push(Note {
            id: n.id,
            when,
            tz,
            text: n.text,
            people,
            certainty: n.certainty,
            sources,
        });
    }
}

impl Validator {
    fn stay(&mut self, i: usize, s: FileStay) {
        let record = Rec {
            section: "stays",
            index: i,
            id: &s.id,
        };
        let Some(h) = self.fresh_record_id(record) else {
            return;
        };
        let checked = (|| {
            let person = self.people_refs(record, "person", std::slice::from_ref(&s.person))?;
            let (place, tz) = match s.place.as_deref() {
                Some(id) => {
                    let (p, tz) = self.place_ref(record, "place", id)?;
                    (Some(p), tz)
                }
                None => (None, chrono_tz::UTC),
            };
            let start = self.when(record, "start", &s.start, tz)?;
            let end = match &s.end {
                Some(t) => self.when(record, "end", t, tz)?,
                None => start,
            };
            if !self.rule(record, super::rules::stay(start, end)) {
                return None;
            }
            let sources = self.source_refs(record, "sources", &s.sources)?;
            Some((person.first().copied()?, place, start, end, sources))
        })();
        let Some((person, place, start, end, sources)) = checked else {
            self.stay_ids.reject(&s.id);
            return;
        };
        let out = &self.out;
        let index = out.stays.len() as u32;
        self.stay_ids.accept(&s.id, h, index, |k| {
            out.stays.get(k as usize).map(|s| s.id.as_str())
        });
        self.out.stays.push(Stay {
            id: s.id,
            person,
            place,
            start,
            end,
            role: s.role,
            remarks: s.remarks,
            sources,
            geocode: s.geocode,
        });
    }
}

/// The common shapes of a time, `2025-04-11T17:30` (local in `tz`) and `2025-04-11T17:30+03:00`, with
/// an optional leading `~`, read without chrono's format parser (ten times faster on files with
/// millions of times). Anything else, or a local time that does not exist, is left to [`When::parse`],
/// which gives the same result for these shapes.
fn fast_when(text: &str, tz: Tz) -> Option<When> {
    let (approximate, rest) = match text.strip_prefix('~') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let b = rest.as_bytes();
    if !(b.len() == 16 || b.len() == 22)
        || b[4] != b'-'
        || b[7] != b'-'
        || b[10] != b'T'
        || b[13] != b':'
    {
        return None;
    }
    let number = |from: usize, to: usize| -> Option<u32> {
        b[from..to].iter().try_fold(0u32, |n, &c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    let date = NaiveDate::from_ymd_opt(number(0, 4)? as i32, number(5, 7)?, number(8, 10)?)?;
    let local = date.and_time(NaiveTime::from_hms_opt(
        number(11, 13)?,
        number(14, 16)?,
        0,
    )?);
    let at = if b.len() == 22 {
        let sign = match b[16] {
            b'+' => 1,
            b'-' => -1,
            _ => return None,
        };
        if b[19] != b':' {
            return None;
        }
        let (hours, minutes) = (number(17, 19)?, number(20, 22)?);
        if hours > 23 || minutes > 59 {
            return None;
        }
        let offset = FixedOffset::east_opt(sign * (hours * 3600 + minutes * 60) as i32)?;
        offset
            .from_local_datetime(&local)
            .single()?
            .with_timezone(&Utc)
    } else {
        match tz.from_local_datetime(&local) {
            LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => t.with_timezone(&Utc),
            LocalResult::None => return None,
        }
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
