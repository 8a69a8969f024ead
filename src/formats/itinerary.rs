//! Itineraries from spreadsheets: one stay per row, with a person, dates and a place written as text.
//!
//! This is how people actually keep travels: a historian's list of official trips, a reporter's
//! spreadsheet. There are no coordinates and no time zones, and every file names its columns its own way.
//! So the columns' roles are recognised from the header by the names people use ([`Role::names`]), in any
//! case and order, or given by the user ([`ColumnRoles::parse_overrides`]: `person=Traveller,start=Arrived`).
//! Dates are read in the usual spellings; whether `09/01/1866` is day or month first is decided from
//! every date of the file, and a file where both readings fit is reported, never guessed. Places are
//! geocoded offline ([`crate::data::geocode`]), once per distinct text, and every stay keeps the text and
//! what it matched ([`crate::data::Geocode`]). A text that is ambiguous or names no place gives a
//! warning: the stay is kept, flagged, and `check` still passes.
//!
//! Rows become [`FileStay`]s through the importers' shared builder (`formats::build`), so they are
//! validated by the same rules as every other format.

use std::collections::HashMap;

use ::csv::{ReaderBuilder, StringRecord};
use chrono::NaiveDate;

use super::build::{At, Builder, Origin};
use crate::data::geocode::{GeoMatch, Geocoded, Geocoder};
use crate::data::{
    Candidate, Dataset, FilePlace, FileStay, Geocode, GeocodeStatus, LoadError, Problem,
    ProblemKind,
};

/// What a column of an itinerary holds.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Person,
    Start,
    End,
    Place,
    Country,
    Remarks,
    Role,
    Lat,
    Lon,
    Id,
    Sources,
    /// Not read.
    Ignore,
}

impl Role {
    /// Every role a column can be given, in the order the column-mapping step lists them.
    pub const ALL: [Self; 12] = [
        Self::Person,
        Self::Start,
        Self::End,
        Self::Place,
        Self::Country,
        Self::Remarks,
        Self::Role,
        Self::Lat,
        Self::Lon,
        Self::Id,
        Self::Sources,
        Self::Ignore,
    ];

    /// The role's name on the command line (`--columns person=…`) and on screen.
    pub fn key(self) -> &'static str {
        match self {
            Self::Person => "person",
            Self::Start => "start",
            Self::End => "end",
            Self::Place => "place",
            Self::Country => "country",
            Self::Remarks => "remarks",
            Self::Role => "role",
            Self::Lat => "lat",
            Self::Lon => "lon",
            Self::Id => "id",
            Self::Sources => "sources",
            Self::Ignore => "ignore",
        }
    }

    /// Header names (folded: lower case, `_` between words) that mean this role.
    pub fn names(self) -> &'static [&'static str] {
        match self {
            Self::Person => &[
                "person",
                "traveller",
                "traveler",
                "who",
                "name",
                "visitor",
                "people",
                "leader",
                "person_name",
                "traveller_name",
                "traveler_name",
                "full_name",
                "official",
            ],
            Self::Start => &[
                "start",
                "start_date",
                "from",
                "arrived",
                "arrival",
                "date",
                "begin",
                "from_date",
                "date_from",
                "arrive",
                "start_time",
                "dtstart",
                "date_start",
                "begin_date",
                "start_day",
                "first_day",
                "arrival_date",
                "date_arrived",
            ],
            Self::End => &[
                "end",
                "end_date",
                "to",
                "departed",
                "departure",
                "until",
                "to_date",
                "date_to",
                "depart",
                "end_time",
                "dtend",
                "date_end",
                "end_day",
                "last_day",
                "departure_date",
                "date_departed",
            ],
            Self::Place => &[
                "place",
                "locale",
                "location",
                "city",
                "destination",
                "where",
                "place_name",
                "town",
                "locality",
                "place_text",
                "site",
                "locale_name",
                "city_name",
            ],
            Self::Country => &["country", "nation", "country_name", "state", "country_text"],
            Self::Remarks => &[
                "remarks",
                "notes",
                "note",
                "description",
                "remark",
                "summary",
                "purpose",
                "comments",
                "comment",
                "details",
            ],
            Self::Role => &["role", "capacity", "position"],
            Self::Lat => &["lat", "latitude"],
            Self::Lon => &["lon", "lng", "long", "longitude"],
            Self::Id => &["id"],
            Self::Sources => &["source", "sources", "url", "link"],
            Self::Ignore => &[],
        }
    }

    fn of_key(key: &str) -> Option<Self> {
        let key = fold_header(key);
        Self::ALL
            .into_iter()
            .find(|r| r.key() == key || r.names().contains(&key.as_str()))
    }
}

/// A header cell folded for matching: trimmed, lower case, words joined by `_`.
fn fold_header(cell: &str) -> String {
    let mut out = String::new();
    for c in cell.trim().trim_matches('"').trim().chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.is_empty() && !out.ends_with('_') {
            out.push('_');
        }
    }
    out.trim_end_matches('_').to_owned()
}

/// Which column has which role.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ColumnRoles {
    /// One role per column of the header, in order.
    pub roles: Vec<Role>,
}

impl ColumnRoles {
    /// The roles the header's names say, each role to its first column; other columns are ignored.
    pub fn from_header(header: &[String]) -> Self {
        let mut taken = Vec::new();
        let roles = header
            .iter()
            .map(|cell| {
                let folded = fold_header(cell);
                let role = Role::ALL
                    .into_iter()
                    .find(|r| r.names().contains(&folded.as_str()))
                    .filter(|r| !taken.contains(r))
                    .unwrap_or(Role::Ignore);
                if role != Role::Ignore {
                    taken.push(role);
                }
                role
            })
            .collect();
        Self { roles }
    }

    /// The header's own roles, with the user's choices (`role=Column` pairs, by header name in any case)
    /// put first.
    pub fn with_overrides(header: &[String], overrides: &[(Role, String)]) -> Self {
        let mut out = Self::from_header(header);
        for (role, column) in overrides {
            let wanted = fold_header(column);
            let Some(i) = header.iter().position(|h| fold_header(h) == wanted) else {
                continue;
            };
            if *role != Role::Ignore {
                for r in &mut out.roles {
                    if r == role {
                        *r = Role::Ignore;
                    }
                }
            }
            if let Some(r) = out.roles.get_mut(i) {
                *r = *role;
            }
        }
        out
    }

    /// Reads `person=Traveller,start=Arrived,place=Where` (the command line's `--columns`).
    pub fn parse_overrides(text: &str) -> Result<Vec<(Role, String)>, String> {
        text.split(',')
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(|pair| {
                let (role, column) = pair.split_once('=').ok_or_else(|| {
                    format!("`{pair}`: expected ROLE=COLUMN, e.g. person=Traveller")
                })?;
                let role = Role::of_key(role).ok_or_else(|| {
                    format!(
                        "`{}` is not a role; the roles are {}",
                        role.trim(),
                        Role::ALL.map(Role::key).join(", ")
                    )
                })?;
                Ok((role, column.trim().to_owned()))
            })
            .collect()
    }

    /// The column with `role`, if any.
    pub fn column(&self, role: Role) -> Option<usize> {
        self.roles.iter().position(|r| *r == role)
    }

    /// Whether the roles are enough to read stays: a person, a start and a place (or coordinates).
    pub fn complete(&self) -> bool {
        let has = |r| self.column(r).is_some();
        has(Role::Person)
            && has(Role::Start)
            && (has(Role::Place) || (has(Role::Lat) && has(Role::Lon)))
    }

    /// What is missing, in words, for a message.
    pub fn missing(&self) -> Vec<&'static str> {
        let mut out = Vec::new();
        if self.column(Role::Person).is_none() {
            out.push("person");
        }
        if self.column(Role::Start).is_none() {
            out.push("start");
        }
        if self.column(Role::Place).is_none()
            && (self.column(Role::Lat).is_none() || self.column(Role::Lon).is_none())
        {
            out.push("place");
        }
        out
    }
}

/// How an itinerary is read.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ItineraryOptions {
    /// The user's column roles, by header name.
    pub columns: Vec<(Role, String)>,
    /// One stay per place of a list ("Paris and Versailles" → two stays) instead of one at the first.
    pub split_lists: bool,
    /// Whether `09/01/1866` is day first, when the file alone cannot tell.
    pub day_first: Option<bool>,
}

/// The delimiter that makes the most role names of the header line (a comma when none does).
pub(crate) fn delimiter(header: &str) -> u8 {
    let mut best = (0, b',');
    for d in [b',', b';', b'\t'] {
        let n = header
            .split(char::from(d))
            .filter(|c| Role::of_key(c).is_some())
            .count();
        if n > best.0 {
            best = (n, d);
        }
    }
    best.1
}

/// Whether the first line of `text` looks like an itinerary's header: a person, a start and a place.
pub(crate) fn looks_like_header(text: &str) -> bool {
    let first = text.lines().next().unwrap_or_default();
    let header: Vec<String> = first
        .split(char::from(delimiter(first)))
        .map(str::to_owned)
        .collect();
    ColumnRoles::from_header(&header).complete()
}

/// The header and first rows of a delimited text, for the column-mapping step.
pub fn preview(text: &str, rows: usize) -> (Vec<String>, Vec<Vec<String>>) {
    let first = text.lines().next().unwrap_or_default();
    let mut reader = ReaderBuilder::new()
        .delimiter(delimiter(first))
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = reader.records().filter_map(Result::ok);
    let header: Vec<String> = records
        .next()
        .map(|r| r.iter().map(|c| c.trim().to_owned()).collect())
        .unwrap_or_default();
    let rows = records
        .take(rows)
        .map(|r| r.iter().map(str::to_owned).collect())
        .collect();
    (header, rows)
}

/// Reads an itinerary leniently: a stay per good row, a problem per bad one, and a warning per place
/// text that did not geocode cleanly. A header whose roles are not enough fails with
/// [`LoadError::Columns`], which carries a preview for the column-mapping step.
pub fn import(
    text: &str,
    name: &str,
    options: &ItineraryOptions,
) -> Result<(Dataset, Vec<Problem>), LoadError> {
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
    let mut rows = Vec::new();
    let mut header = None;
    for record in reader.records() {
        match record {
            Ok(r) if header.is_none() => header = Some(r),
            Ok(r) if r.iter().all(|c| c.trim().is_empty()) => {}
            Ok(r) => rows.push(r),
            Err(e) => {
                let line = e
                    .position()
                    .map_or(0, |p| usize::try_from(p.line()).unwrap_or(0));
                return Err(syntax(line, 1, e.to_string()));
            }
        }
    }
    let header: Vec<String> = header
        .ok_or_else(|| syntax(1, 1, "the file is empty; expected a header row".into()))?
        .iter()
        .map(|c| c.trim().to_owned())
        .collect();
    let roles = ColumnRoles::with_overrides(&header, &options.columns);
    if !roles.complete() {
        let (header, rows) = preview(text, 8);
        return Err(LoadError::Columns {
            path: name.to_owned(),
            missing: roles.missing().join(", "),
            header,
            rows,
        });
    }
    let day_first = match options.day_first {
        Some(d) => Some(d),
        None => decide_day_first(&rows, &roles),
    };
    let mut reading = Reading {
        b: Builder::new(String::new()),
        roles: &roles,
        header: &header,
        day_first,
        geocoded: HashMap::new(),
        places: HashMap::new(),
        flagged: HashMap::new(),
        split: options.split_lists,
    };
    for record in &rows {
        reading.row(record);
    }
    reading.warn();
    Ok(reading.b.finish())
}

/// Whether numeric dates (`09/01/1866`) are day first: `Some(true)` when some first number is over 12,
/// `Some(false)` when some second one is; `None` when no date says (both readings fit every date), or
/// when both are seen (then every such date is reported as it is read).
fn decide_day_first(rows: &[StringRecord], roles: &ColumnRoles) -> Option<bool> {
    let (mut day_first, mut month_first) = (false, false);
    for r in rows {
        for role in [Role::Start, Role::End] {
            let cell = roles
                .column(role)
                .and_then(|i| r.get(i))
                .unwrap_or_default();
            if let Some((a, b, _)) = numeric_date(cell) {
                day_first |= a > 12;
                month_first |= b > 12;
            }
        }
    }
    match (day_first, month_first) {
        (true, false) => Some(true),
        (false, true) => Some(false),
        _ => None,
    }
}

/// `09/01/1866`, `9.1.1866` or `09-01-1866` as its three numbers.
fn numeric_date(cell: &str) -> Option<(u32, u32, i32)> {
    let cell = cell.trim();
    let sep = ['/', '.', '-'].into_iter().find(|c| cell.contains(*c))?;
    let mut parts = cell.split(sep);
    let (a, b, y) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || a.len() > 2 || b.len() > 2 || y.len() != 4 {
        return None;
    }
    Some((a.parse().ok()?, b.parse().ok()?, y.parse().ok()?))
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// A month's number from its English name or a three-letter (or longer) abbreviation; "Sept" too.
fn month(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.').to_lowercase();
    if w.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| m.starts_with(&w) || (w == "sept" && *m == "september"))
        .map(|i| i as u32 + 1)
}

/// A day number, allowing `1st`, `2nd`, `3rd`, `9th`.
fn day(word: &str) -> Option<u32> {
    let w = word.trim_end_matches(['.', ',']);
    let digits = w.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &w[digits.len()..];
    if !matches!(suffix, "" | "st" | "nd" | "rd" | "th") || digits.len() > 2 {
        return None;
    }
    digits.parse().ok()
}

/// Why a date cell could not be read.
#[derive(Debug, PartialEq, Eq)]
enum DateError {
    /// Not a date in any accepted spelling.
    Malformed,
    /// `09/01/1866` when the file cannot tell day-first from month-first.
    DayOrMonth,
}

/// Reads a date cell: ISO `1866-01-09` (also with a time, `2025-04-02T15:00`, passed on as written),
/// `9 January 1866`, `January 9, 1866`, `9 Jan 1866`, or `09/01/1866` read day first or not as decided.
/// Returns the native time string.
fn read_date(cell: &str, day_first: Option<bool>) -> Result<String, DateError> {
    let cell = cell.trim();
    if let Ok(d) = NaiveDate::parse_from_str(cell, "%Y-%m-%d") {
        return Ok(d.format("%Y-%m-%d").to_string());
    }
    if let Ok(d) = NaiveDate::parse_from_str(cell, "%Y/%m/%d") {
        return Ok(d.format("%Y-%m-%d").to_string());
    }
    if cell.len() > 10 && cell.is_char_boundary(10) && cell[..10].parse::<NaiveDate>().is_ok() {
        // A native time (`2025-04-02T15:00`, `2025-04-02 morning`): the validator reads it.
        return Ok(cell.to_owned());
    }
    if let Some((a, b, y)) = numeric_date(cell) {
        let ymd = |d, m| NaiveDate::from_ymd_opt(y, m, d);
        let date = match day_first {
            Some(true) => ymd(a, b),
            Some(false) => ymd(b, a),
            None if a == b => ymd(a, a),
            None if a > 12 => ymd(a, b),
            None if b > 12 => ymd(b, a),
            None => return Err(DateError::DayOrMonth),
        };
        return date
            .map(|d| d.format("%Y-%m-%d").to_string())
            .ok_or(DateError::Malformed);
    }
    let words: Vec<&str> = cell
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    let [a, b, y] = words.as_slice() else {
        return Err(DateError::Malformed);
    };
    let year: i32 = y.parse().map_err(|_| DateError::Malformed)?;
    let (d, m) = match (day(a), month(b), month(a), day(b)) {
        (Some(d), Some(m), _, _) => (d, m),
        (_, _, Some(m), Some(d)) => (d, m),
        _ => return Err(DateError::Malformed),
    };
    NaiveDate::from_ymd_opt(year, m, d)
        .map(|d| d.format("%Y-%m-%d").to_string())
        .ok_or(DateError::Malformed)
}

/// Whether `t` is a plain `YYYY-MM-DD` date.
fn is_iso_date(t: &str) -> bool {
    t.len() == 10 && NaiveDate::parse_from_str(t, "%Y-%m-%d").is_ok()
}

/// A place text and the country cell beside it: the key places are geocoded by.
type TextKey = (String, Option<String>);

/// The state of one import.
struct Reading<'a> {
    b: Builder,
    roles: &'a ColumnRoles,
    header: &'a [String],
    day_first: Option<bool>,
    /// Each distinct place text's answers (one per list item when splitting).
    geocoded: HashMap<TextKey, Vec<Geocoded>>,
    /// The place id of each position the file gave, already added.
    places: HashMap<String, String>,
    /// Flagged place texts: their first line and column, and how many rows have them.
    flagged: HashMap<TextKey, (At, usize)>,
    split: bool,
}

impl Reading<'_> {
    fn cell<'r>(&self, r: &'r StringRecord, role: Role) -> &'r str {
        self.roles
            .column(role)
            .and_then(|i| r.get(i))
            .map_or("", str::trim)
    }

    fn at(&self, line: usize, role: Role) -> At {
        Some((line, self.roles.column(role).map_or(1, |i| i + 1)))
    }

    fn column_name(&self, role: Role) -> String {
        self.roles
            .column(role)
            .and_then(|i| self.header.get(i))
            .cloned()
            .unwrap_or_else(|| role.key().to_owned())
    }

    fn row(&mut self, r: &StringRecord) {
        let line = r
            .position()
            .map_or(0, |p| usize::try_from(p.line()).unwrap_or(usize::MAX));
        let origin = Origin::new(format!("row {line}"), Some((line, 1)))
            .field(
                "person",
                self.column_name(Role::Person),
                self.at(line, Role::Person),
            )
            .field(
                "place",
                self.column_name(Role::Place),
                self.at(line, Role::Place),
            )
            .field(
                "start",
                self.column_name(Role::Start),
                self.at(line, Role::Start),
            )
            .field("end", self.column_name(Role::End), self.at(line, Role::End));
        let fail = |me: &mut Self, role: Role, kind: ProblemKind, message: String| {
            let column = me.column_name(role);
            let at = me.at(line, role);
            me.b.problem(origin.problem_of(kind, column, message, at));
        };
        let person = self.cell(r, Role::Person);
        if person.is_empty() {
            fail(self, Role::Person, ProblemKind::Missing, "no person".into());
            return;
        }
        let Some((start, end)) = self.dates(r, line, &origin) else {
            return;
        };
        let person_id = self.b.person(person);
        let remarks = Some(self.cell(r, Role::Remarks).to_owned()).filter(|s| !s.is_empty());
        let role = Some(self.cell(r, Role::Role).to_owned()).filter(|s| !s.is_empty());
        let sources = self
            .b
            .sources(super::split_list(self.cell(r, Role::Sources)));
        let given_id = Some(self.cell(r, Role::Id)).filter(|s| !s.is_empty());
        for (n, (place, geocode)) in self.places_of(r, line).into_iter().enumerate() {
            let fallback = match n {
                0 => format!("stay-{line}"),
                n => format!("stay-{line}-{}", n + 1),
            };
            let id = self.b.record_id(
                crate::data::RecordKind::Stay,
                given_id.filter(|_| n == 0),
                &fallback,
            );
            let stay = FileStay {
                id,
                person: person_id.clone(),
                place,
                start: start.clone(),
                end: end.clone(),
                role: role.clone(),
                remarks: remarks.clone(),
                sources: sources.clone(),
                geocode,
            };
            self.b.stay(stay, origin.clone());
        }
    }

    /// A row's start and end as native time strings; `None` (with the problem recorded) when the start
    /// can't be read. An end that can't be used is left out, with a warning: a one-day stay.
    fn dates(
        &mut self,
        r: &StringRecord,
        line: usize,
        origin: &Origin,
    ) -> Option<(String, Option<String>)> {
        let fail = |me: &mut Self, role: Role, kind: ProblemKind, message: String| {
            let column = me.column_name(role);
            let at = me.at(line, role);
            me.b.problem(origin.problem_of(kind, column, message, at));
        };
        let mut dates = [Role::Start, Role::End].map(|role| {
            let cell = self.cell(r, role);
            (!cell.is_empty()).then(|| (role, cell, read_date(cell, self.day_first)))
        });
        if dates[0].is_none() {
            fail(
                self,
                Role::Start,
                ProblemKind::Missing,
                "no start date".into(),
            );
            return None;
        }
        let mut times = [None, None];
        for (slot, date) in times.iter_mut().zip(dates.iter_mut()) {
            let Some((role, cell, result)) = date.take() else {
                continue;
            };
            match result {
                Ok(t) => *slot = Some(t),
                // A stay is kept with its start when only its end cannot be read: a one-day stay.
                Err(DateError::Malformed) if role == Role::End => {
                    let message = format!(
                        "\"{cell}\" is not a date, so the stay is taken as one day long; expected \
                         1866-01-09, 9 January 1866, January 9, 1866, 9 Jan 1866 or 09/01/1866"
                    );
                    fail(self, role, ProblemKind::Ignored, message);
                }
                Err(e) => {
                    let message = match e {
                        DateError::Malformed => format!(
                            "\"{cell}\" is not a date; expected 1866-01-09, 9 January 1866, \
                             January 9, 1866, 9 Jan 1866 or 09/01/1866"
                        ),
                        DateError::DayOrMonth => format!(
                            "\"{cell}\": day or month first? Every numeric date in the file reads \
                             both ways; give the order (--day-first or --month-first)"
                        ),
                    };
                    fail(self, role, ProblemKind::BadTime, message);
                    return None;
                }
            }
        }
        let [Some(start), mut end] = times else {
            return None;
        };
        // ISO dates compare as text.
        if let Some(e) = end
            .as_ref()
            .filter(|e| is_iso_date(e) && is_iso_date(&start) && **e < start)
        {
            let message = format!(
                "the end ({e}) is before the start ({start}), so the stay is taken as one day long"
            );
            fail(self, Role::End, ProblemKind::Ignored, message);
            end = None;
        }
        Some((start, end))
    }

    /// The place id (or none) and provenance of each stay a row makes: one, or one per listed place when
    /// splitting.
    fn places_of(
        &mut self,
        r: &StringRecord,
        line: usize,
    ) -> Vec<(Option<String>, Option<Geocode>)> {
        let text = self.cell(r, Role::Place).to_owned();
        let country = Some(self.cell(r, Role::Country).to_owned()).filter(|c| !c.is_empty());
        let (lat, lon) = (self.cell(r, Role::Lat), self.cell(r, Role::Lon));
        if let (Ok(lat), Ok(lon)) = (lat.parse::<f64>(), lon.parse::<f64>()) {
            let place = self.given_place(&text, country.as_deref(), lat, lon, line);
            let geocode = Geocode {
                place_text: text,
                country_text: country,
                status: GeocodeStatus::Given,
                ..Geocode::default()
            };
            return vec![(Some(place), Some(geocode))];
        }
        let key = (text.clone(), country.clone());
        let answers = match self.geocoded.get(&key) {
            Some(a) => a.clone(),
            None => {
                let geocoder = Geocoder::bundled();
                let a = if self.split {
                    geocoder.resolve_each(&text, country.as_deref())
                } else {
                    vec![geocoder.resolve(&text, country.as_deref())]
                };
                self.geocoded.insert(key.clone(), a.clone());
                a
            }
        };
        if answers
            .iter()
            .any(|g| g.status.needs_review() || g.place.is_none())
        {
            let at = self.at(line, Role::Place);
            self.flagged.entry(key).or_insert((at, 0)).1 += 1;
        }
        answers
            .into_iter()
            .map(|g| {
                let place = g.place.as_ref().map(|m| self.b.gazetteer_place(m));
                (place, Some(provenance(&text, country.clone(), g)))
            })
            .collect()
    }

    /// The place id of coordinates the file gave, in the zone of the nearest gazetteer city.
    fn given_place(
        &mut self,
        text: &str,
        country: Option<&str>,
        lat: f64,
        lon: f64,
        line: usize,
    ) -> String {
        let key = format!("given\t{text}\t{lat}\t{lon}");
        if let Some(id) = self.places.get(&key) {
            return id.clone();
        }
        let tz =
            super::build::nearest_tz(crate::geodesy::lat_lon(lat, lon)).unwrap_or(chrono_tz::UTC);
        let name = if text.is_empty() {
            format!("{lat:.4}, {lon:.4}")
        } else {
            text.to_owned()
        };
        let place = FilePlace {
            id: String::new(),
            name,
            city: None,
            country: country.unwrap_or_default().to_owned(),
            lat,
            lon,
            tz: tz.name().to_owned(),
            accuracy: None,
        };
        let origin = Origin::new(format!("row {line}"), Some((line, 1)))
            .field("lat", self.column_name(Role::Lat), self.at(line, Role::Lat))
            .field("lon", self.column_name(Role::Lon), self.at(line, Role::Lon));
        let id = self.b.add_place(place, origin);
        self.places.insert(key, id.clone());
        id
    }

    /// One warning per flagged place text, at its first row, in file order.
    fn warn(&mut self) {
        let mut flagged: Vec<_> = self.flagged.drain().collect();
        flagged.sort_by_key(|(_, (at, _))| *at);
        let column = self.column_name(Role::Place);
        for (key, (at, rows)) in flagged {
            let Some(answers) = self.geocoded.get(&key) else {
                continue;
            };
            let Some(g) = answers
                .iter()
                .find(|g| g.status.needs_review() || g.place.is_none())
            else {
                continue;
            };
            let (text, country) = &key;
            let shown = match country {
                Some(c) => format!("\"{text}\" ({c})"),
                None => format!("\"{text}\""),
            };
            let mut message = match (g.status, &g.place) {
                (GeocodeStatus::Ambiguous, Some(best)) => {
                    let names: Vec<String> = g
                        .candidates
                        .iter()
                        .take(5)
                        .map(|c| format!("{}, {}", c.name, c.country))
                        .collect();
                    format!(
                        "{shown} is ambiguous; placed provisionally at {}, {}. Candidates: {}",
                        best.name,
                        best.country,
                        names.join("; ")
                    )
                }
                _ => format!("{shown} was not placed"),
            };
            if let Some(reason) = &g.reason {
                message.push_str(&format!(" ({reason})"));
            }
            if rows > 1 {
                message.push_str(&format!("; {rows} rows have this text"));
            }
            let origin = Origin::new(format!("row {}", at.map_or(0, |a| a.0)), at);
            self.b.problem(origin.problem_of(
                ProblemKind::Geocode(g.status),
                column.clone(),
                message,
                at,
            ));
        }
    }
}

/// What a stay keeps of how its place was found.
pub(crate) fn provenance(text: &str, country: Option<String>, g: Geocoded) -> Geocode {
    let candidate = |m: &GeoMatch| Candidate {
        geonames_id: m.geonames_id,
        name: m.name.clone(),
        country: m.country.clone(),
        lat: m.position.y(),
        lon: m.position.x(),
        tz: m.tz.name().to_owned(),
    };
    Geocode {
        place_text: text.to_owned(),
        country_text: country,
        status: g.status,
        geonames_id: g
            .place
            .as_ref()
            .map(|m| m.geonames_id)
            .filter(|id| *id != 0),
        matched: g
            .place
            .as_ref()
            .map(|m| format!("{}, {}", m.name, m.country)),
        candidates: if g.status == GeocodeStatus::Ambiguous {
            g.candidates.iter().map(candidate).collect()
        } else {
            Vec::new()
        },
        others: g.others,
        reason: g.reason,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(cells: &[&str]) -> Vec<String> {
        cells.iter().map(|c| (*c).to_owned()).collect()
    }

    #[test]
    fn column_roles_come_from_the_names_people_use_in_any_case() {
        let roles = ColumnRoles::from_header(&header(&[
            "Traveller",
            "ARRIVED",
            "departed",
            "City",
            "country",
            "Notes",
        ]));
        assert_eq!(
            roles.roles,
            [
                Role::Person,
                Role::Start,
                Role::End,
                Role::Place,
                Role::Country,
                Role::Remarks
            ]
        );
        assert!(roles.complete());
        let state_dept = ColumnRoles::from_header(&header(&[
            "name",
            "country",
            "locale",
            "start-date",
            "end-date",
            "remarks",
        ]));
        assert!(state_dept.complete());
        assert_eq!(state_dept.column(Role::End), Some(4));
    }

    #[test]
    fn the_users_roles_win_over_the_header() {
        let h = header(&["Who", "When", "Where", "Extra"]);
        assert!(!ColumnRoles::from_header(&h).complete());
        let overrides = ColumnRoles::parse_overrides("start=When, place=Extra").unwrap();
        let roles = ColumnRoles::with_overrides(&h, &overrides);
        assert_eq!(
            roles.roles,
            [Role::Person, Role::Start, Role::Ignore, Role::Place]
        );
        assert!(ColumnRoles::parse_overrides("colour=X").is_err());
        assert!(ColumnRoles::parse_overrides("person").is_err());
    }

    #[test]
    fn dates_are_read_in_the_usual_spellings() {
        for cell in [
            "1866-01-09",
            "9 January 1866",
            "January 9, 1866",
            "9 Jan 1866",
            "9th Jan. 1866",
            "Jan 9 1866",
        ] {
            assert_eq!(read_date(cell, None), Ok("1866-01-09".into()), "{cell}");
        }
        assert_eq!(read_date("09/01/1866", Some(true)), Ok("1866-01-09".into()));
        assert_eq!(
            read_date("09/01/1866", Some(false)),
            Ok("1866-09-01".into())
        );
        assert_eq!(read_date("09/01/1866", None), Err(DateError::DayOrMonth));
        assert_eq!(read_date("25/01/1866", None), Ok("1866-01-25".into()));
        assert_eq!(
            read_date("31 February 1866", None),
            Err(DateError::Malformed)
        );
        assert_eq!(read_date("soon", None), Err(DateError::Malformed));
        assert_eq!(
            read_date("2025-04-02T15:00", None),
            Ok("2025-04-02T15:00".into())
        );
    }

    #[test]
    fn day_or_month_first_is_decided_from_the_whole_file_or_reported() {
        let text = "person,start,place\nA,09/01/1866,Paris\nB,25/01/1866,Paris\n";
        let (d, problems) = import(text, "t.csv", &ItineraryOptions::default()).unwrap();
        assert!(problems.iter().all(Problem::is_warning), "{problems:?}");
        assert_eq!(d.stays.len(), 2);
        assert_eq!(
            d.stays[0]
                .start
                .start_utc
                .with_timezone(&chrono_tz::Europe::Paris)
                .date_naive()
                .to_string(),
            "1866-01-09"
        );
        let both = "person,start,place\nA,09/01/1866,Paris\nB,01/02/1866,Paris\n";
        let (d, problems) = import(both, "t.csv", &ItineraryOptions::default()).unwrap();
        assert!(d.stays.is_empty());
        let errors: Vec<_> = problems.iter().filter(|p| !p.is_warning()).collect();
        assert_eq!(errors.len(), 2);
        assert_eq!(errors[0].kind, ProblemKind::BadTime);
        assert_eq!((errors[0].line, errors[0].column), (Some(2), Some(2)));
        assert!(
            errors[0].message.contains("day or month first"),
            "{}",
            errors[0].message
        );
    }

    #[test]
    fn a_header_without_the_needed_roles_asks_for_them_with_a_preview() {
        let text = "Who,Day,Where\nA,1866-01-09,Paris\n";
        let Err(LoadError::Columns {
            missing,
            header,
            rows,
            ..
        }) = import(text, "t.csv", &ItineraryOptions::default())
        else {
            panic!("the roles are not enough");
        };
        assert_eq!(missing, "start");
        assert_eq!(header, ["Who", "Day", "Where"]);
        assert_eq!(rows, [["A", "1866-01-09", "Paris"]]);
        let options = ItineraryOptions {
            columns: vec![(Role::Start, "day".into())],
            ..ItineraryOptions::default()
        };
        let (d, _) = import(text, "t.csv", &options).unwrap();
        assert_eq!(d.stays.len(), 1);
    }

    #[test]
    fn coordinates_in_the_file_are_used_as_given() {
        let text =
            "person;start;end;place;lat;lon\nA;2025-04-02;2025-04-03;Somewhere;38.9;-77.04\n";
        let (d, problems) = import(text, "t.csv", &ItineraryOptions::default()).unwrap();
        assert!(problems.is_empty(), "{problems:?}");
        let stay = &d.stays[0];
        assert_eq!(stay.status(), GeocodeStatus::Given);
        let place = d.place(stay.place.unwrap()).unwrap();
        assert_eq!(place.name, "Somewhere");
        assert_eq!(
            place.tz,
            chrono_tz::America::New_York,
            "the nearest city's zone"
        );
        assert_eq!(
            stay.interval().1 - stay.interval().0,
            chrono::Duration::days(2)
        );
    }

    #[test]
    fn a_missing_person_or_date_is_a_problem_naming_the_row_and_column() {
        let text = "traveller,arrived,city\n,2025-04-02,Paris\nA,,Paris\n";
        let (d, problems) = import(text, "t.csv", &ItineraryOptions::default()).unwrap();
        assert!(d.stays.is_empty());
        assert_eq!(problems.len(), 2);
        assert_eq!((problems[0].line, problems[0].column), (Some(2), Some(1)));
        assert_eq!(problems[0].field, "traveller");
        assert_eq!((problems[1].line, problems[1].column), (Some(3), Some(2)));
    }
}
