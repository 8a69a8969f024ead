//! CSV, for spreadsheets: a header row naming the columns, then one row per leg, meeting, note or stay.
//!
//! Columns (any order, any case; blank cells are empty values; commas, semicolons or tabs between cells,
//! recognised from the header row; a UTF-8 byte order mark is allowed):
//!
//! | Column | Rows | Holds |
//! | --- | --- | --- |
//! | `kind` | all | `leg`, `meeting`, `note` or `stay` (required) |
//! | `id` | all | the record's id; made from the line number when blank |
//! | `people` | all | travellers, participants or people named, separated by `;`; a stay's one person |
//! | `place` | meeting, stay | the place's name |
//! | `from`, `to` | leg | the places' names |
//! | `lat`, `lon` | meeting, stay | the place's position in degrees (north, east); blank for an unplaced stay |
//! | `tz` | meeting, note, stay | IANA time zone of the place (of the note's time) |
//! | `country`, `city` | meeting, stay | the place's country and city (the city defaults to the place's name) |
//! | `from_lat`, `from_lon`, `from_tz`, `from_country`, `from_city` | leg | the departure place |
//! | `to_lat`, `to_lon`, `to_tz`, `to_country`, `to_city` | leg | the arrival place |
//! | `start`, `end` | meeting, stay; `start` for a note | times in the place's zone (UTC for an unplaced stay) |
//! | `departure`, `arrival` | leg | times in the zone of `from` and of `to`; either may be blank |
//! | `durations` | meeting | reported durations, `about 3 hours (180 min)`, separated by `;` |
//! | `topic` | meeting, note | what it was about (a note's text) |
//! | `venue` | meeting | the venue, when it adds to the place's name |
//! | `role` | stay | what the person was there as |
//! | `certainty` | leg, meeting, note | `confirmed` (when blank), `reported` or `uncertain` |
//! | `sources` | all | `Title <url>`, a bare URL, or a title, separated by `;` |
//! | `note` | leg, meeting, stay | a remark (a stay's remarks) |
//! | `place_text`, `country_text` | stay | the place (and country) as first written, before geocoding |
//! | `geocode` | stay | how the place was found: `given`, `exact`, `alternate`, `fuzzy`, `country`, `ambiguous` or `unresolved` |
//! | `geonames_id`, `matched` | stay | the gazetteer entry used, and its name and country |
//! | `others` | stay | the other places of a list, separated by `;` |
//! | `geocode_reason` | stay | why the place is flagged or missing |
//!
//! Times are the native strings: `2025-04-11`, `2025-04-11 morning` (or `afternoon`, `evening`),
//! `2025-04-11T17:30`, `2025-04-11T17:30+03:00`; a leading `~` marks an approximate time. A blank `tz`
//! is allowed only when every time of the row carries its UTC offset (then "UTC" is used). Rows naming
//! the same place (same name, any case, within 1 km) share it; people are matched by name and sources by
//! URL, then title.
//!
//! A stay row with blank provenance columns named its place itself (no geocoding); one with any of them
//! keeps them all. A stay without `tz` is in the zone of the gazetteer city nearest to its position.
//!
//! Problems name the line (of the row's start) and the column, by its name and its position (1 for the
//! first column). An unknown column fails the whole file, so no column is ever ignored; so does a value in
//! a column the row's kind does not use.
//!
//! CSV does not carry people's roles, places' accuracy, disputes, source publishers, the sources of
//! each duration, and the candidates of an ambiguous stay's place; the other formats do (JSON and
//! GeoJSON). Inferred legs are not written: they are worked out again from the stays when the file is
//! read.

use std::collections::HashMap;

use ::csv::{ReaderBuilder, StringRecord};

use super::build::{At, Builder, NewPlace, Origin};
use super::{
    duration_text, parse_certainty, parse_duration, parse_geocode_status, people_names,
    source_text, split_list,
};
use crate::data::RecordKind;
use crate::data::{
    Certainty, Dataset, FileDuration, FileLeg, FileMeeting, FileNote, FileStay, Geocode,
    GeocodeStatus, LoadError, Place, Problem, Stay,
};

/// Every column, in the order the export writes them.
pub const COLUMNS: [&str; 39] = [
    "kind",
    "id",
    "people",
    "place",
    "from",
    "to",
    "lat",
    "lon",
    "tz",
    "country",
    "city",
    "from_lat",
    "from_lon",
    "from_tz",
    "from_country",
    "from_city",
    "to_lat",
    "to_lon",
    "to_tz",
    "to_country",
    "to_city",
    "start",
    "end",
    "departure",
    "arrival",
    "durations",
    "topic",
    "venue",
    "role",
    "certainty",
    "sources",
    "note",
    "place_text",
    "country_text",
    "geocode",
    "geonames_id",
    "matched",
    "others",
    "geocode_reason",
];

/// The columns each kind of row uses.
const LEG_COLUMNS: &[&str] = &[
    "kind",
    "id",
    "people",
    "from",
    "to",
    "from_lat",
    "from_lon",
    "from_tz",
    "from_country",
    "from_city",
    "to_lat",
    "to_lon",
    "to_tz",
    "to_country",
    "to_city",
    "departure",
    "arrival",
    "certainty",
    "sources",
    "note",
];
const MEETING_COLUMNS: &[&str] = &[
    "kind",
    "id",
    "people",
    "place",
    "lat",
    "lon",
    "tz",
    "country",
    "city",
    "start",
    "end",
    "durations",
    "topic",
    "venue",
    "certainty",
    "sources",
    "note",
];
const NOTE_COLUMNS: &[&str] = &[
    "kind",
    "id",
    "people",
    "tz",
    "start",
    "topic",
    "certainty",
    "sources",
];

const STAY_COLUMNS: &[&str] = &[
    "kind",
    "id",
    "people",
    "place",
    "lat",
    "lon",
    "tz",
    "country",
    "city",
    "start",
    "end",
    "role",
    "sources",
    "note",
    "place_text",
    "country_text",
    "geocode",
    "geonames_id",
    "matched",
    "others",
    "geocode_reason",
];

/// The columns that say where a stay's place came from.
const PROVENANCE_COLUMNS: &[&str] = &[
    "place_text",
    "country_text",
    "geocode",
    "geonames_id",
    "matched",
    "others",
    "geocode_reason",
];

/// The delimiters recognised, most usual first.
const DELIMITERS: [u8; 3] = [b',', b';', b'\t'];

/// How many known column names `line` has when split at `delimiter`.
fn known_columns(line: &str, delimiter: u8) -> usize {
    line.split(char::from(delimiter))
        .map(|c| c.trim().trim_matches('"').trim().to_lowercase())
        .filter(|c| COLUMNS.contains(&c.as_str()))
        .count()
}

/// The delimiter that makes the most known column names of the header line (a comma when none does).
fn delimiter(header: &str) -> u8 {
    let mut best = (0, b',');
    for d in DELIMITERS {
        let n = known_columns(header, d);
        if n > best.0 {
            best = (n, d);
        }
    }
    best.1
}

/// Whether the first line of `text` is a header this module reads: a `kind` column and another known one.
pub(crate) fn looks_like_header(text: &str) -> bool {
    let first = text.lines().next().unwrap_or_default();
    let d = delimiter(first);
    let has_kind = first.split(char::from(d)).any(|c| {
        c.trim()
            .trim_matches('"')
            .trim()
            .eq_ignore_ascii_case("kind")
    });
    has_kind && known_columns(first, d) >= 2
}

/// Reads CSV leniently: the good rows and the rejected ones with reasons. A header that is missing the
/// `kind` column, or names an unknown column or one twice, fails the whole import.
pub fn import(text: &str, name: &str) -> Result<(Dataset, Vec<Problem>), LoadError> {
    let syntax = |line: usize, column: usize, message: String| LoadError::Syntax {
        path: name.to_owned(),
        line,
        column,
        message,
    };
    let first = text.lines().next().unwrap_or_default();
    let mut reader = ReaderBuilder::new()
        .delimiter(delimiter(first))
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let header = match records.next() {
        Some(Ok(header)) => header,
        Some(Err(e)) => return Err(syntax(1, 1, e.to_string())),
        None => {
            return Err(syntax(
                1,
                1,
                "the file is empty; expected a header row".into(),
            ));
        }
    };
    let mut columns: HashMap<&'static str, usize> = HashMap::new();
    let mut unnamed = Vec::new();
    for (i, cell) in header.iter().enumerate() {
        let cell = cell.trim().to_lowercase();
        if cell.is_empty() {
            unnamed.push(i);
            continue;
        }
        let Some(known) = COLUMNS.iter().find(|c| **c == cell) else {
            return Err(syntax(
                1,
                i + 1,
                format!(
                    "unknown column `{cell}`; the columns are {}",
                    COLUMNS.join(", ")
                ),
            ));
        };
        if columns.insert(known, i).is_some() {
            return Err(syntax(
                1,
                i + 1,
                format!("the column `{cell}` appears twice"),
            ));
        }
    }
    if !columns.contains_key("kind") {
        return Err(syntax(
            1,
            1,
            "no `kind` column: every row needs its kind (leg, meeting, note or stay)".into(),
        ));
    }
    let mut b = Builder::new(String::new());
    for record in records {
        let record = match record {
            Ok(record) => record,
            Err(e) => {
                let line = e
                    .position()
                    .map_or(0, |p| usize::try_from(p.line()).unwrap_or(0));
                return Err(syntax(line, 1, e.to_string()));
            }
        };
        if record.iter().all(|c| c.trim().is_empty()) {
            continue; // a blank row, as spreadsheets leave at the end
        }
        let line = record
            .position()
            .map_or(0, |p| usize::try_from(p.line()).unwrap_or(usize::MAX));
        let mut row = Row {
            record: &record,
            columns: &columns,
            line,
            origin: Origin::new(String::new(), Some((line, 1))),
            errors: Vec::new(),
        };
        row.read(&mut b, header.len(), &unnamed);
        for p in row.errors {
            b.problem(p);
        }
    }
    Ok(b.finish())
}

/// One row being read.
struct Row<'a> {
    record: &'a StringRecord,
    columns: &'a HashMap<&'static str, usize>,
    line: usize,
    origin: Origin,
    errors: Vec<Problem>,
}

impl<'a> Row<'a> {
    /// The trimmed cell under `column`; empty when the column or the cell is missing.
    fn get(&self, column: &str) -> &'a str {
        self.columns
            .get(column)
            .and_then(|i| self.record.get(*i))
            .map_or("", str::trim)
    }

    fn opt(&self, column: &str) -> Option<String> {
        Some(self.get(column))
            .filter(|c| !c.is_empty())
            .map(str::to_owned)
    }

    /// Line and column number of `column` in this row.
    fn at(&self, column: &str) -> At {
        let index = self.columns.get(column).map_or(0, |i| i + 1);
        Some((self.line, index.max(1)))
    }

    fn fail(&mut self, column: &str, message: impl Into<String>) {
        let at = self.at(column);
        self.errors.push(self.origin.problem(column, message, at));
    }

    fn required(&mut self, column: &str, what: &str) -> String {
        let value = self.get(column).to_owned();
        if value.is_empty() {
            self.fail(column, format!("empty; {what}"));
        }
        value
    }

    fn number(&mut self, column: &str) -> f64 {
        let cell = self.get(column).to_owned();
        if cell.is_empty() {
            self.fail(column, "empty; a number of degrees is needed");
            return f64::NAN;
        }
        match cell.parse::<f64>() {
            Ok(n) if n.is_finite() => n,
            _ => {
                self.fail(column, format!("\"{cell}\" is not a number"));
                f64::NAN
            }
        }
    }

    fn certainty(&mut self) -> crate::data::Certainty {
        let cell = self.get("certainty").to_owned();
        parse_certainty(&cell).unwrap_or_else(|message| {
            self.fail("certainty", message);
            crate::data::Certainty::default()
        })
    }

    fn list(&self, column: &str) -> Vec<&'a str> {
        split_list(self.get(column)).collect()
    }

    /// The origin with the validator's fields named as this row's columns.
    fn origin_with(&self, fields: &[(&'static str, &str)]) -> Origin {
        fields
            .iter()
            .fold(self.origin.clone(), |o, (ours, theirs)| {
                o.field(ours, *theirs, self.at(theirs))
            })
    }

    fn read(&mut self, b: &mut Builder, header_len: usize, unnamed: &[usize]) {
        let kind = self.get("kind").to_lowercase();
        let given_id = self.opt("id");
        let id_for_label = given_id
            .clone()
            .unwrap_or_else(|| format!("{kind}-{}", self.line));
        self.origin.record = format!("{kind} \"{id_for_label}\"");
        if self.record.len() > header_len {
            self.errors.push(self.origin.problem(
                "row",
                format!(
                    "{} cells, but the header names {header_len} columns",
                    self.record.len()
                ),
                Some((self.line, header_len + 1)),
            ));
            return;
        }
        for i in unnamed {
            if self.record.get(*i).is_some_and(|c| !c.trim().is_empty()) {
                self.errors.push(self.origin.problem(
                    "row",
                    "a value under a column with no name in the header",
                    Some((self.line, i + 1)),
                ));
            }
        }
        let used = match kind.as_str() {
            "leg" => LEG_COLUMNS,
            "meeting" => MEETING_COLUMNS,
            "note" => NOTE_COLUMNS,
            "stay" => STAY_COLUMNS,
            "" => {
                self.fail(
                    "kind",
                    "empty; every row needs its kind: leg, meeting, note or stay",
                );
                return;
            }
            _ => {
                self.fail(
                    "kind",
                    format!("unknown kind \"{kind}\"; expected leg, meeting, note or stay"),
                );
                return;
            }
        };
        let stray: Vec<&str> = COLUMNS
            .iter()
            .filter(|c| !used.contains(c) && !self.get(c).is_empty())
            .copied()
            .collect();
        for column in stray {
            self.fail(
                column,
                format!("a {kind} has no `{column}`; leave it blank"),
            );
        }
        let id = b.record_id(
            match kind.as_str() {
                "leg" => RecordKind::Leg,
                "meeting" => RecordKind::Meeting,
                "stay" => RecordKind::Stay,
                _ => RecordKind::Note,
            },
            given_id.as_deref(),
            &id_for_label,
        );
        match kind.as_str() {
            "leg" => self.leg(b, id),
            "meeting" => self.meeting(b, id),
            "stay" => self.stay(b, id),
            _ => self.note(b, id),
        }
    }

    /// The place a row describes under `prefix` (`""`, `"from_"` or `"to_"`), its name being in
    /// `name_column`, with its origin and the name of its zone column. Problems are added to the row's.
    fn place(&mut self, prefix: &str, name_column: &str) -> (NewPlace, Origin, String) {
        let column = |c: &str| format!("{prefix}{c}");
        let name = self.required(name_column, "the place's name is needed");
        let lat = self.number(&column("lat"));
        let lon = self.number(&column("lon"));
        let place = NewPlace {
            id: None,
            name: Some(name),
            city: self.opt(&column("city")),
            country: self.get(&column("country")).to_owned(),
            lat,
            lon,
            tz: self.opt(&column("tz")),
            accuracy: None,
            listed: false,
        };
        let (lat_c, lon_c, tz_c) = (column("lat"), column("lon"), column("tz"));
        let origin = self.origin_with(&[
            ("id", name_column),
            ("name", name_column),
            ("lat", &lat_c),
            ("lon", &lon_c),
            ("tz", &tz_c),
        ]);
        (place, origin, tz_c)
    }

    fn meeting(&mut self, b: &mut Builder, id: String) {
        let place = self.place("", "place");
        let start = self.required("start", "a meeting needs a start time");
        let end = self.opt("end");
        let durations: Vec<(String, u32)> = self
            .list("durations")
            .into_iter()
            .filter_map(|item| {
                let parsed = parse_duration(item);
                if parsed.is_none() {
                    self.fail(
                        "durations",
                        format!("\"{item}\" is not a duration; expected text then minutes, e.g. \"about 3 hours (180 min)\""),
                    );
                }
                parsed
            })
            .collect();
        let certainty = self.certainty();
        let (place, place_origin, tz_column) = place;
        if !self.errors.is_empty() {
            return;
        }
        let times: Vec<&str> = std::iter::once(start.as_str())
            .chain(end.as_deref())
            .collect();
        let Some(place_id) = b.place(place, &times, place_origin, &tz_column) else {
            return;
        };
        let origin = self.origin_with(&[
            ("id", "id"),
            ("place", "place"),
            ("start", "start"),
            ("end", "end"),
            ("duration", "durations"),
            ("participants", "people"),
            ("sources", "sources"),
        ]);
        let meeting = FileMeeting {
            id,
            place: place_id,
            venue: self.opt("venue"),
            start,
            end,
            duration: durations
                .into_iter()
                .map(|(text, minutes)| FileDuration {
                    text,
                    minutes,
                    sources: Vec::new(),
                })
                .collect(),
            participants: b.people(self.list("people")),
            topic: self.get("topic").to_owned(),
            certainty,
            sources: b.sources(self.list("sources")),
            disputes: Vec::new(),
            note: self.opt("note"),
        };
        b.meeting(meeting, origin);
    }

    fn leg(&mut self, b: &mut Builder, id: String) {
        let from = self.place("from_", "from");
        let to = self.place("to_", "to");
        let departure = self.opt("departure");
        let arrival = self.opt("arrival");
        let certainty = self.certainty();
        if !self.errors.is_empty() {
            return;
        }
        let [from, to] = [(from, &departure), (to, &arrival)].map(|((place, origin, tz), time)| {
            let times: Vec<&str> = time.as_deref().into_iter().collect();
            b.place(place, &times, origin, &tz)
        });
        let (Some(from), Some(to)) = (from, to) else {
            return;
        };
        let origin = self.origin_with(&[
            ("id", "id"),
            ("from", "from"),
            ("to", "to"),
            ("travellers", "people"),
            ("departure", "departure"),
            ("arrival", "arrival"),
            ("sources", "sources"),
        ]);
        let leg = FileLeg {
            id,
            travellers: b.people(self.list("people")),
            from,
            to,
            departure,
            arrival,
            certainty,
            sources: b.sources(self.list("sources")),
            disputes: Vec::new(),
            note: self.opt("note"),
        };
        b.leg(leg, origin);
    }

    fn note(&mut self, b: &mut Builder, id: String) {
        let when = self.required("start", "a note needs a time");
        let certainty = self.certainty();
        let tz = match self.opt("tz") {
            Some(tz) => tz,
            None if super::has_offset(&when) => "UTC".to_owned(),
            None => {
                self.fail(
                    "tz",
                    "empty; a note's time needs its IANA zone (e.g. Europe/Moscow), or a UTC offset",
                );
                String::new()
            }
        };
        if !self.errors.is_empty() {
            return;
        }
        let origin = self.origin_with(&[
            ("id", "id"),
            ("when", "start"),
            ("tz", "tz"),
            ("people", "people"),
            ("sources", "sources"),
        ]);
        let note = FileNote {
            id,
            when,
            tz,
            text: self.get("topic").to_owned(),
            people: b.people(self.list("people")),
            certainty,
            sources: b.sources(self.list("sources")),
        };
        b.note(note, origin);
    }
}

impl Row<'_> {
    fn stay(&mut self, b: &mut Builder, id: String) {
        let people = self.list("people");
        let person = match people.as_slice() {
            [one] => (*one).to_owned(),
            [] => {
                self.fail("people", "empty; a stay needs its person");
                return;
            }
            _ => {
                self.fail(
                    "people",
                    "a stay is one person's: give one name (a row for each person)",
                );
                return;
            }
        };
        let start = self.required("start", "a stay needs a start date");
        let end = self.opt("end").filter(|e| *e != start);
        let geocode = self.geocode();
        let placed = !self.get("lat").is_empty() || !self.get("lon").is_empty();
        let place = if placed {
            let lat = self.number("lat");
            let lon = self.number("lon");
            let name = self
                .opt("place")
                .or_else(|| geocode.as_ref().map(|g| g.place_text.clone()))
                .filter(|n| !n.trim().is_empty());
            let tz = self.opt("tz").or_else(|| {
                super::build::nearest_tz(crate::geodesy::lat_lon(lat, lon))
                    .map(|t| t.name().to_owned())
            });
            Some(NewPlace {
                id: None,
                name,
                city: self.opt("city"),
                country: self.get("country").to_owned(),
                lat,
                lon,
                tz,
                accuracy: None,
                listed: false,
            })
        } else {
            for column in ["place", "tz", "country", "city"] {
                if !self.get(column).is_empty() {
                    self.fail(
                        column,
                        "a place with no position: give `lat` and `lon`, or leave the place \
                         columns blank for a stay whose place is not known",
                    );
                }
            }
            None
        };
        if !self.errors.is_empty() {
            return;
        }
        let place = match place {
            Some(place) => {
                let times: Vec<&str> = std::iter::once(start.as_str())
                    .chain(end.as_deref())
                    .collect();
                let origin = self.origin_with(&[
                    ("id", "place"),
                    ("name", "place"),
                    ("lat", "lat"),
                    ("lon", "lon"),
                    ("tz", "tz"),
                ]);
                let Some(place_id) = b.place(place, &times, origin, "tz") else {
                    return;
                };
                Some(place_id)
            }
            None => None,
        };
        let origin = self.origin_with(&[
            ("id", "id"),
            ("person", "people"),
            ("place", "place"),
            ("start", "start"),
            ("end", "end"),
            ("sources", "sources"),
        ]);
        let stay = FileStay {
            id,
            person: b.person(&person),
            place,
            start,
            end,
            role: self.opt("role"),
            remarks: self.opt("note"),
            sources: b.sources(self.list("sources")),
            geocode,
        };
        b.stay(stay, origin);
    }

    /// The provenance columns of a stay row; `None` when every one is blank.
    fn geocode(&mut self) -> Option<Geocode> {
        if PROVENANCE_COLUMNS.iter().all(|c| self.get(c).is_empty()) {
            return None;
        }
        let status = match self.get("geocode") {
            "" => GeocodeStatus::Given,
            word => parse_geocode_status(word).unwrap_or_else(|message| {
                self.fail("geocode", message);
                GeocodeStatus::Unresolved
            }),
        };
        let geonames_id = match self.get("geonames_id") {
            "" => None,
            cell => {
                let id = cell.parse::<u32>().ok();
                if id.is_none() {
                    self.fail(
                        "geonames_id",
                        format!("\"{cell}\" is not a GeoNames id (a whole number)"),
                    );
                }
                id
            }
        };
        Some(Geocode {
            place_text: self.get("place_text").to_owned(),
            country_text: self.opt("country_text"),
            status,
            geonames_id,
            matched: self.opt("matched"),
            candidates: Vec::new(),
            others: self.list("others").into_iter().map(str::to_owned).collect(),
            reason: self.opt("geocode_reason"),
        })
    }
}

/// The dataset as CSV with every column of [`COLUMNS`]: legs, then meetings, then notes, then stays.
/// Inferred legs are left out.
pub fn export(d: &Dataset) -> String {
    let mut out = String::new();
    write_row(&mut out, COLUMNS.iter().map(|c| (*c).to_owned()));
    let sources = |s: &[crate::data::SourceIdx]| {
        s.iter()
            .filter_map(|s| source_text(d, *s))
            .collect::<Vec<_>>()
            .join("; ")
    };
    let people = |p: &[crate::data::PersonIdx]| people_names(d, p).join("; ");
    for leg in d.legs.iter().filter(|l| l.certainty != Certainty::Inferred) {
        let (Some(from), Some(to)) = (d.place(leg.from), d.place(leg.to)) else {
            continue;
        };
        let mut row = Cells::default();
        row.set("kind", "leg");
        row.set("id", &leg.id);
        row.set("people", &people(&leg.travellers));
        row.set("from", &from.name);
        row.set("to", &to.name);
        row.place("from_", from);
        row.place("to_", to);
        if let Some(w) = leg.departure {
            row.set("departure", &w.to_file_string(from.tz));
        }
        if let Some(w) = leg.arrival {
            row.set("arrival", &w.to_file_string(to.tz));
        }
        row.set("certainty", leg.certainty.label());
        row.set("sources", &sources(&leg.sources));
        row.set("note", leg.note.as_deref().unwrap_or_default());
        write_row(&mut out, row.into_cells());
    }
    for m in &d.meetings {
        let Some(place) = d.place(m.place) else {
            continue;
        };
        let mut row = Cells::default();
        row.set("kind", "meeting");
        row.set("id", &m.id);
        row.set("people", &people(&m.participants));
        row.set("place", &place.name);
        row.place("", place);
        row.set("start", &m.start.to_file_string(place.tz));
        if let Some(w) = m.end {
            row.set("end", &w.to_file_string(place.tz));
        }
        let durations: Vec<String> = m
            .durations
            .iter()
            .map(|c| duration_text(&c.text, c.minutes))
            .collect();
        row.set("durations", &durations.join("; "));
        row.set("topic", &m.topic);
        row.set("venue", m.venue.as_deref().unwrap_or_default());
        row.set("certainty", m.certainty.label());
        row.set("sources", &sources(&m.sources));
        row.set("note", m.note.as_deref().unwrap_or_default());
        write_row(&mut out, row.into_cells());
    }
    for n in &d.notes {
        let mut row = Cells::default();
        row.set("kind", "note");
        row.set("id", &n.id);
        row.set("people", &people(&n.people));
        row.set("tz", n.tz.name());
        row.set("start", &n.when.to_file_string(n.tz));
        row.set("topic", &n.text);
        row.set("certainty", n.certainty.label());
        row.set("sources", &sources(&n.sources));
        write_row(&mut out, row.into_cells());
    }
    for st in &d.stays {
        write_row(&mut out, stay_cells(d, st).into_cells());
    }
    out
}

/// A stay's row: its person, its place (blank when unplaced), its times in the place's zone, and
/// where the place came from.
fn stay_cells(d: &Dataset, st: &Stay) -> Cells {
    let place = st.place.and_then(|p| d.place(p));
    let tz = place.map_or(chrono_tz::UTC, |p| p.tz);
    let mut row = Cells::default();
    row.set("kind", "stay");
    row.set("id", &st.id);
    row.set(
        "people",
        &people_names(d, std::slice::from_ref(&st.person)).join("; "),
    );
    if let Some(place) = place {
        row.set("place", &place.name);
        row.place("", place);
    }
    row.set("start", &st.start.to_file_string(tz));
    row.set("end", &st.end.to_file_string(tz));
    row.set("role", st.role.as_deref().unwrap_or_default());
    let sources: Vec<String> = st
        .sources
        .iter()
        .filter_map(|s| source_text(d, *s))
        .collect();
    row.set("sources", &sources.join("; "));
    row.set("note", st.remarks.as_deref().unwrap_or_default());
    if let Some(g) = &st.geocode {
        row.set("place_text", &g.place_text);
        row.set(
            "country_text",
            g.country_text.as_deref().unwrap_or_default(),
        );
        row.set("geocode", g.status.label());
        if let Some(id) = g.geonames_id {
            row.set("geonames_id", &id.to_string());
        }
        row.set("matched", g.matched.as_deref().unwrap_or_default());
        row.set("others", &g.others.join("; "));
        row.set("geocode_reason", g.reason.as_deref().unwrap_or_default());
    }
    row
}

/// One row being written, cell by column name.
#[derive(Default)]
struct Cells(HashMap<&'static str, String>);

impl Cells {
    fn set(&mut self, column: &'static str, value: &str) {
        self.0.insert(column, value.to_owned());
    }

    fn place(&mut self, prefix: &'static str, p: &Place) {
        let column = |c: &str| {
            COLUMNS
                .iter()
                .copied()
                .find(|k| k.strip_prefix(prefix) == Some(c))
                .unwrap_or("kind")
        };
        self.set(column("lat"), &p.position.y().to_string());
        self.set(column("lon"), &p.position.x().to_string());
        self.set(column("tz"), p.tz.name());
        self.set(column("country"), &p.country);
        if p.city != p.name {
            self.set(column("city"), &p.city);
        }
    }

    fn into_cells(mut self) -> impl Iterator<Item = String> {
        COLUMNS
            .into_iter()
            .map(move |c| self.0.remove(c).unwrap_or_default())
    }
}

/// Appends one RFC 4180 row: cells with a comma, quote, line break or surrounding space are quoted, and
/// quotes doubled.
fn write_row(out: &mut String, cells: impl Iterator<Item = String>) {
    for (i, cell) in cells.enumerate() {
        if i > 0 {
            out.push(',');
        }
        let quote = cell.contains([',', '"', '\n', '\r'])
            || cell.starts_with(char::is_whitespace)
            || cell.ends_with(char::is_whitespace);
        if quote {
            out.push('"');
            out.push_str(&cell.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(&cell);
        }
    }
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::bundled;

    const HEADER: &str = "kind,id,people,place,lat,lon,tz,start,topic";

    #[test]
    fn a_meeting_row_reads_its_place_people_and_times() {
        let text = format!(
            "{HEADER}\nmeeting,m1,Steve Witkoff; Vladimir Putin,Presidential Library,59.9355,30.3005,Europe/Moscow,~2025-04-11T17:30,\"talks, long ones\"\n"
        );
        let (d, problems) = import(&text, "t.csv").unwrap();
        assert_eq!(problems, []);
        let m = &d.meetings[0];
        assert_eq!(m.id, "m1");
        assert_eq!(m.topic, "talks, long ones");
        assert!(m.start.approximate);
        assert_eq!(d.names(&m.participants), "Steve Witkoff, Vladimir Putin");
        assert_eq!(d.places[0].city, "Presidential Library");
    }

    #[test]
    fn a_bad_latitude_names_the_line_and_the_column() {
        let text = format!(
            "{HEADER}\nmeeting,m1,A,P,59.9,30.3,Europe/Moscow,2025-04-11,t\nmeeting,m2,A,Q,north,30.3,Europe/Moscow,2025-04-11,t\nmeeting,m3,A,R,159.9,30.3,Europe/Moscow,2025-04-11,t\n"
        );
        let (d, problems) = import(&text, "t.csv").unwrap();
        assert_eq!(d.meetings.len(), 1);
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert_eq!((problems[0].line, problems[0].column), (Some(3), Some(5)));
        assert_eq!(problems[0].field, "lat");
        assert_eq!(problems[0].record, "meeting \"m2\"");
        assert!(problems[0].message.contains("\"north\" is not a number"));
        assert_eq!(
            (problems[1].line, problems[1].field.as_str()),
            (Some(4), "lat")
        );
        assert!(
            problems[1].message.contains("out of range"),
            "{}",
            problems[1].message
        );
    }

    #[test]
    fn semicolons_and_tabs_are_recognised_as_delimiters() {
        for d in [';', '\t'] {
            let text = format!(
                "kind{d}id{d}place{d}lat{d}lon{d}tz{d}start\nmeeting{d}m1{d}P{d}1.5{d}2{d}UTC{d}2025-01-01\n"
            );
            let (data, problems) = import(&text, "t.csv").unwrap();
            assert_eq!(problems, []);
            assert_eq!(data.places[0].position.y(), 1.5);
        }
    }

    #[test]
    fn an_unknown_column_fails_the_file_naming_it() {
        let err = import("kind,id,lattitude\n", "t.csv").unwrap_err();
        assert!(
            matches!(
                err,
                LoadError::Syntax {
                    line: 1,
                    column: 3,
                    ..
                }
            ),
            "{err}"
        );
        assert!(
            err.to_string().contains("unknown column `lattitude`"),
            "{err}"
        );
    }

    #[test]
    fn a_value_in_a_column_the_kind_does_not_use_is_reported() {
        let text = "kind,id,place,lat,lon,tz,start,departure\nmeeting,m1,P,1,2,UTC,2025-01-01,2025-01-01\n";
        let (d, problems) = import(text, "t.csv").unwrap();
        assert!(d.meetings.is_empty());
        assert_eq!(problems[0].field, "departure");
        assert_eq!(problems[0].column, Some(8));
    }

    #[test]
    fn rows_are_found_by_their_starting_line_even_after_a_multi_line_cell() {
        let text = "kind,id,place,lat,lon,tz,start,topic\nmeeting,m1,P,1,2,UTC,2025-01-01,\"two\nlines\"\nmeeting,m2,P,1,2,UTC,2025-13-01,x\n";
        let (_, problems) = import(text, "t.csv").unwrap();
        assert_eq!(problems.len(), 1);
        assert_eq!(
            (problems[0].line, problems[0].field.as_str()),
            (Some(4), "start")
        );
    }

    #[test]
    fn cells_with_commas_quotes_and_line_breaks_are_quoted() {
        let mut out = String::new();
        write_row(
            &mut out,
            ["a", "b,c", "say \"hi\"", "x\ny", " pad"]
                .into_iter()
                .map(str::to_owned),
        );
        assert_eq!(out, "a,\"b,c\",\"say \"\"hi\"\"\",\"x\ny\",\" pad\"\n");
    }

    #[test]
    fn the_bundled_data_exports_a_row_per_leg_meeting_and_note() {
        let d = bundled().unwrap();
        let text = export(&d);
        let mut reader = ReaderBuilder::new().from_reader(text.as_bytes());
        let rows: Vec<StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), d.legs.len() + d.meetings.len() + d.notes.len());
        assert!(rows.iter().all(|r| r.len() == COLUMNS.len()));
    }
}
