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

use chrono_tz::Tz;

use super::file::{
    FileDataset, FileDispute, FileDuration, FileLeg, FileMeeting, FileNote, FilePerson, FilePlace,
    FileSource,
};
use super::{
    Dataset, Dispute, DurationClaim, Leg, Meeting, Note, Person, PersonIdx, Place, PlaceIdx,
    Source, SourceIdx, When,
};

/// Files larger than this are refused at once rather than read into memory.
pub const FILE_SIZE_LIMIT_BYTES: u64 = 1 << 30;

/// One bad record: which, which field, what is wrong, and where in the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// E.g. `legs[3] "witkoff-0411"`.
    pub record: String,
    pub field: String,
    pub message: String,
    /// 1-based line and column of the field (or the record) in the text, when found.
    pub line: Option<usize>,
    pub column: Option<usize>,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let (Some(line), Some(column)) = (self.line, self.column) {
            write!(f, "line {line}, column {column}: ")?;
        }
        write!(
            f,
            "{}, field `{}`: {}",
            self.record, self.field, self.message
        )
    }
}

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
pub fn load_str_lenient(text: &str, name: &str) -> Result<(Dataset, Vec<Problem>), LoadError> {
    let file: FileDataset = serde_json::from_str(text).map_err(|e| LoadError::Syntax {
        path: name.to_owned(),
        line: e.line(),
        column: e.column(),
        message: strip_position(&e.to_string()),
    })?;
    let (dataset, mut problems) = validate(&file);
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
    let mut out = Dataset {
        title: file.title.clone(),
        ..Dataset::default()
    };
    if file.format != "travelmap/1" {
        v.problem(
            "file".into(),
            "format",
            format!(
                "unsupported format \"{}\"; expected \"travelmap/1\"",
                file.format
            ),
        );
    }
    for (i, p) in file.places.iter().enumerate() {
        if let Some(place) = v.place(i, p) {
            v.place_ids
                .insert(p.id.clone(), (PlaceIdx(out.places.len() as u32), place.tz));
            out.places.push(place);
        }
    }
    for (i, p) in file.people.iter().enumerate() {
        let record = format!("people[{i}] \"{}\"", p.id);
        if v.fresh_id(&record, &p.id, "people") && v.nonempty(&record, "name", &p.name) {
            v.person_ids
                .insert(p.id.clone(), PersonIdx(out.people.len() as u32));
            out.people.push(Person {
                id: p.id.clone(),
                name: p.name.clone(),
                role: p.role.clone(),
            });
        }
    }
    for (i, s) in file.sources.iter().enumerate() {
        let record = format!("sources[{i}] \"{}\"", s.id);
        if v.fresh_id(&record, &s.id, "sources") && v.nonempty(&record, "title", &s.title) {
            v.source_ids
                .insert(s.id.clone(), SourceIdx(out.sources.len() as u32));
            out.sources.push(Source {
                id: s.id.clone(),
                title: s.title.clone(),
                publisher: s.publisher.clone(),
                url: s.url.clone(),
            });
        }
    }
    out.legs = file
        .legs
        .iter()
        .enumerate()
        .filter_map(|(i, l)| v.leg(i, l))
        .collect();
    out.meetings = file
        .meetings
        .iter()
        .enumerate()
        .filter_map(|(i, m)| v.meeting(i, m))
        .collect();
    out.notes = file
        .notes
        .iter()
        .enumerate()
        .filter_map(|(i, n)| v.note(i, n))
        .collect();
    (out, v.problems)
}

#[derive(Default)]
struct Validator {
    problems: Vec<Problem>,
    place_ids: HashMap<String, (PlaceIdx, Tz)>,
    person_ids: HashMap<String, PersonIdx>,
    source_ids: HashMap<String, SourceIdx>,
    seen: std::collections::HashSet<(&'static str, String)>,
}

impl Validator {
    fn problem(&mut self, record: String, field: &str, message: String) {
        log::warn!("skipping {record}: field `{field}`: {message}");
        self.problems.push(Problem {
            record,
            field: field.to_owned(),
            message,
            line: None,
            column: None,
        });
    }

    fn fresh_id(&mut self, record: &str, id: &str, kind: &'static str) -> bool {
        if id.trim().is_empty() {
            self.problem(record.to_owned(), "id", "empty id".into());
            false
        } else if !self.seen.insert((kind, id.to_owned())) {
            self.problem(record.to_owned(), "id", format!("duplicate id \"{id}\""));
            false
        } else {
            true
        }
    }

    fn nonempty(&mut self, record: &str, field: &str, value: &str) -> bool {
        if value.trim().is_empty() {
            self.problem(record.to_owned(), field, "must not be empty".into());
            false
        } else {
            true
        }
    }

    fn tz(&mut self, record: &str, field: &str, name: &str) -> Option<Tz> {
        match name.parse::<Tz>() {
            Ok(tz) => Some(tz),
            Err(_) => {
                self.problem(
                    record.to_owned(),
                    field,
                    format!(
                        "unknown time zone \"{name}\" (expected an IANA name such as Europe/Moscow)"
                    ),
                );
                None
            }
        }
    }

    fn place(&mut self, i: usize, p: &FilePlace) -> Option<Place> {
        let record = format!("places[{i}] \"{}\"", p.id);
        let mut ok =
            self.fresh_id(&record, &p.id, "places") & self.nonempty(&record, "name", &p.name);
        if !(-90.0..=90.0).contains(&p.lat) {
            self.problem(
                record.clone(),
                "lat",
                format!("latitude {} is out of range (−90 to 90)", p.lat),
            );
            ok = false;
        }
        if !(-180.0..=180.0).contains(&p.lon) {
            self.problem(
                record.clone(),
                "lon",
                format!("longitude {} is out of range (−180 to 180)", p.lon),
            );
            ok = false;
        }
        let tz = self.tz(&record, "tz", &p.tz);
        let tz = tz.filter(|_| ok)?;
        Some(Place {
            id: p.id.clone(),
            name: p.name.clone(),
            city: p.city.clone().unwrap_or_else(|| p.name.clone()),
            country: p.country.clone(),
            position: crate::geodesy::lat_lon(p.lat, p.lon),
            tz,
            accuracy: p.accuracy.clone(),
        })
    }

    fn place_ref(&mut self, record: &str, field: &str, id: &str) -> Option<(PlaceIdx, Tz)> {
        let found = self.place_ids.get(id).copied();
        if found.is_none() {
            self.problem(record.to_owned(), field, format!("unknown place \"{id}\""));
        }
        found
    }

    fn people_refs(&mut self, record: &str, field: &str, ids: &[String]) -> Option<Vec<PersonIdx>> {
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            match self.person_ids.get(id) {
                Some(p) => out.push(*p),
                None => {
                    self.problem(record.to_owned(), field, format!("unknown person \"{id}\""));
                    return None;
                }
            }
        }
        Some(out)
    }

    fn source_refs(&mut self, record: &str, field: &str, ids: &[String]) -> Option<Vec<SourceIdx>> {
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            match self.source_ids.get(id) {
                Some(s) => out.push(*s),
                None => {
                    self.problem(record.to_owned(), field, format!("unknown source \"{id}\""));
                    return None;
                }
            }
        }
        Some(out)
    }

    fn when(&mut self, record: &str, field: &str, text: &str, tz: Tz) -> Option<When> {
        match When::parse(text, tz) {
            Ok(w) => Some(w),
            Err(e) => {
                self.problem(record.to_owned(), field, e.to_string());
                None
            }
        }
    }

    fn disputes(&mut self, record: &str, disputes: &[FileDispute]) -> Option<Vec<Dispute>> {
        disputes
            .iter()
            .map(|d| {
                Some(Dispute {
                    field: d.field.clone(),
                    claim: d.claim.clone(),
                    sources: self.source_refs(record, "disputes.sources", &d.sources)?,
                })
            })
            .collect()
    }

    fn leg(&mut self, i: usize, l: &FileLeg) -> Option<Leg> {
        let record = format!("legs[{i}] \"{}\"", l.id);
        if !self.fresh_id(&record, &l.id, "legs") {
            return None;
        }
        let (from, from_tz) = self.place_ref(&record, "from", &l.from)?;
        let (to, to_tz) = self.place_ref(&record, "to", &l.to)?;
        let travellers = self.people_refs(&record, "travellers", &l.travellers)?;
        if travellers.is_empty() {
            self.problem(
                record,
                "travellers",
                "a leg needs at least one traveller".into(),
            );
            return None;
        }
        let departure = match &l.departure {
            Some(t) => Some(self.when(&record, "departure", t, from_tz)?),
            None => None,
        };
        let arrival = match &l.arrival {
            Some(t) => Some(self.when(&record, "arrival", t, to_tz)?),
            None => None,
        };
        match (departure, arrival) {
            (None, None) => {
                self.problem(
                    record,
                    "departure",
                    "a leg needs a departure or an arrival time".into(),
                );
                return None;
            }
            (Some(d), Some(a)) if a.end_utc < d.start_utc => {
                self.problem(
                    record,
                    "arrival",
                    format!(
                        "arrival ({}) is before departure ({})",
                        a.display_utc(),
                        d.display_utc()
                    ),
                );
                return None;
            }
            _ => {}
        }
        Some(Leg {
            id: l.id.clone(),
            travellers,
            from,
            to,
            departure,
            arrival,
            certainty: l.certainty,
            sources: self.source_refs(&record, "sources", &l.sources)?,
            disputes: self.disputes(&record, &l.disputes)?,
            note: l.note.clone(),
        })
    }

    fn meeting(&mut self, i: usize, m: &FileMeeting) -> Option<Meeting> {
        let record = format!("meetings[{i}] \"{}\"", m.id);
        if !self.fresh_id(&record, &m.id, "meetings") {
            return None;
        }
        let (place, tz) = self.place_ref(&record, "place", &m.place)?;
        let start = self.when(&record, "start", &m.start, tz)?;
        let end = match &m.end {
            Some(t) => Some(self.when(&record, "end", t, tz)?),
            None => None,
        };
        if let Some(e) = end.filter(|e| e.end_utc < start.start_utc) {
            self.problem(
                record,
                "end",
                format!(
                    "end ({}) is before start ({})",
                    e.display_utc(),
                    start.display_utc()
                ),
            );
            return None;
        }
        let durations = m
            .duration
            .iter()
            .map(|d: &FileDuration| {
                Some(DurationClaim {
                    text: d.text.clone(),
                    minutes: d.minutes,
                    sources: self.source_refs(&record, "duration.sources", &d.sources)?,
                })
            })
            .collect::<Option<Vec<_>>>()?;
        Some(Meeting {
            id: m.id.clone(),
            place,
            venue: m.venue.clone(),
            start,
            end,
            durations,
            participants: self.people_refs(&record, "participants", &m.participants)?,
            topic: m.topic.clone(),
            certainty: m.certainty,
            sources: self.source_refs(&record, "sources", &m.sources)?,
            disputes: self.disputes(&record, &m.disputes)?,
            note: m.note.clone(),
        })
    }

    fn note(&mut self, i: usize, n: &FileNote) -> Option<Note> {
        let record = format!("notes[{i}] \"{}\"", n.id);
        if !self.fresh_id(&record, &n.id, "notes") {
            return None;
        }
        let tz = self.tz(&record, "tz", &n.tz)?;
        Some(Note {
            id: n.id.clone(),
            when: self.when(&record, "when", &n.when, tz)?,
            tz,
            text: n.text.clone(),
            people: self.people_refs(&record, "people", &n.people)?,
            certainty: n.certainty,
            sources: self.source_refs(&record, "sources", &n.sources)?,
        })
    }
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
        legs: d
            .legs
            .iter()
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
    }
}

/// The native JSON text of a dataset, pretty-printed.
pub fn to_json(d: &Dataset) -> String {
    // Serialising plain structs of strings and numbers cannot fail; an empty string would be caught by
    // the round-trip tests.
    serde_json::to_string_pretty(&to_file(d)).unwrap_or_default()
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

    #[test]
    fn a_missing_file_is_reported_not_replaced_by_an_empty_dataset() {
        let err = load_path(Path::new("/nonexistent/travelmap.json")).unwrap_err();
        assert!(matches!(err, LoadError::Io { .. }));
        assert!(err.to_string().starts_with("/nonexistent/travelmap.json: "));
    }

    #[test]
    fn saving_and_loading_round_trips_every_record() {
        let d = load_str(SMALL, "small.json").unwrap();
        let again = load_str(&to_json(&d), "again.json").unwrap();
        assert_eq!(d, again);
    }

    #[test]
    fn the_bundled_dataset_round_trips() {
        let d = super::super::bundled().unwrap();
        assert_eq!(load_str(&to_json(&d), "again.json").unwrap(), d);
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
