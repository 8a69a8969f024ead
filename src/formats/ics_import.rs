//! iCalendar import: a calendar or a trip organiser's export read as stays and flights.
//!
//! The file is read by a small line unfolder and parser of our own (RFC 5545 sections 3.1 and 3.2:
//! folded lines, parameters, quoted parameter values, escaped text) rather than a calendar crate's
//! parser: the importer must keep the line of every property for its problems, be lenient per event,
//! and never panic, which is simplest to guarantee in the little code this takes.
//!
//! Each `VEVENT` becomes one record:
//! - a **stay** of the calendar's person at the event's place. `LOCATION` is free text, geocoded offline
//!   like a spreadsheet's place column (an ambiguous or unplaced text is kept and flagged with a
//!   warning); when the event has a `GEO`, that position is used as given and `LOCATION` names it
//!   (`name[, city], country`);
//! - a **leg** instead, when the event says it is a flight: a `SUMMARY` such as "Flight to Rome",
//!   "Flight from Paris to Rome", "London → New York" or "BA 117 London to New York" (a flight number
//!   and "to"), or a `LOCATION` that is an airport ("Heathrow Airport"). The departure place is the
//!   `SUMMARY`'s "from" (else the `LOCATION`), the arrival its "to"; both are geocoded, and a flight whose
//!   ends cannot both be placed is reported and left out. `DTSTART` is the departure and `DTEND` the
//!   arrival.
//!
//! Times: `DTSTART`, and `DTEND` (or `DURATION`). A `DATE` value (all-day event) is known to the day,
//! and `DTEND` is exclusive, so an event on 11–13 April ends on the 14th. A time in UTC (`…Z`) or with a
//! `TZID` (an IANA zone, also as the suffix of a longer id such as `/mozilla.org/…/Europe/Paris`, or
//! one of the common Windows names Outlook writes, "W. Europe Standard Time") is that instant; an
//! unknown `TZID` is a problem, not a guess; a floating time (neither) is read in the place's zone
//! (UTC for an unplaced stay).
//!
//! The person: the event's only `ATTENDEE`, else its `ORGANIZER`, else its first `ATTENDEE` (by `CN`,
//! else the address); an event that names nobody is the calendar owner's, "Me". `X-WR-CALNAME` is the
//! dataset's title. `SUMMARY` (and `DESCRIPTION`) become a stay's remarks, a leg's note; an event that
//! travelmap wrote (its `UID` ends in `@travelmap`) keeps its id, and its `DESCRIPTION` gives back the
//! stay's role and remarks.
//!
//! Problems name the event (its `SUMMARY`), the property (`DTSTART`, `LOCATION`, …) and its line. A file
//! that is not an iCalendar stream (no `BEGIN:VCALENDAR` first, a line with no `:`, components that do
//! not close) fails as a whole; other components (`VTODO`, `VALARM`, `VTIMEZONE`) are skipped.
//! Recurrence rules are not expanded: a repeating event is read as its first occurrence.

use chrono::{Days, NaiveDate, NaiveDateTime, TimeZone as _};
use chrono_tz::Tz;

use super::build::{At, Builder, NewPlace, Origin};
use crate::data::geocode::Geocoder;
use crate::data::{
    Dataset, FileLeg, FileStay, Geocode, GeocodeStatus, LoadError, Problem, ProblemKind, RecordKind,
};

/// The person of events that name nobody: whoever keeps the calendar.
pub const DEFAULT_PERSON: &str = "Me";

/// Deepest component nesting read; deeper is an error.
const MAX_DEPTH: usize = 100;

/// One unfolded content line: `NAME;PARAM=value:VALUE`.
#[derive(Clone, Debug)]
struct ContentLine {
    /// Upper case.
    name: String,
    /// Names upper case, values unquoted.
    params: Vec<(String, String)>,
    /// As written (not unescaped).
    value: String,
    /// 1-based line of its first physical line.
    line: usize,
}

impl ContentLine {
    fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    fn at(&self) -> At {
        Some((self.line, 1))
    }

    /// The value as text, unescaped.
    fn text(&self) -> String {
        unescape(&self.value)
    }
}

/// The physical lines joined where folded (a line starting with a space or tab continues the one
/// before), each with the number of its first line. Blank lines are dropped.
fn unfold(text: &str) -> Vec<(usize, String)> {
    let mut out: Vec<(usize, String)> = Vec::new();
    for (i, raw) in text.split('\n').enumerate() {
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        if let Some(rest) = raw.strip_prefix([' ', '\t'])
            && let Some((_, last)) = out.last_mut()
        {
            last.push_str(rest);
            continue;
        }
        if raw.trim().is_empty() {
            continue;
        }
        out.push((i + 1, raw.to_owned()));
    }
    out
}

/// Splits a content line at its first `:` outside quotes; `None` when there is none.
fn parse_line(line: usize, text: &str) -> Option<ContentLine> {
    let mut in_quotes = false;
    let mut colon = None;
    for (i, c) in text.char_indices() {
        match c {
            '"' => in_quotes = !in_quotes,
            ':' if !in_quotes => {
                colon = Some(i);
                break;
            }
            _ => {}
        }
    }
    let colon = colon?;
    let head = text.get(..colon)?;
    let value = text.get(colon + 1..)?.to_owned();
    let mut parts = split_unquoted(head, ';').into_iter();
    let name = parts.next()?.trim().to_ascii_uppercase();
    if name.is_empty() {
        return None;
    }
    let params = parts
        .map(|p| match p.split_once('=') {
            Some((k, v)) => (
                k.trim().to_ascii_uppercase(),
                v.trim().trim_matches('"').to_owned(),
            ),
            None => (p.trim().to_ascii_uppercase(), String::new()),
        })
        .collect();
    Some(ContentLine {
        name,
        params,
        value,
        line,
    })
}

/// Splits at `sep` outside double quotes.
fn split_unquoted(text: &str, sep: char) -> Vec<&str> {
    let mut out = Vec::new();
    let mut in_quotes = false;
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if c == '"' {
            in_quotes = !in_quotes;
        } else if c == sep && !in_quotes {
            out.push(text.get(start..i).unwrap_or_default());
            start = i + c.len_utf8();
        }
    }
    out.push(text.get(start..).unwrap_or_default());
    out
}

/// RFC 5545 TEXT unescaping: `\n` (or `\N`) is a line break, `\,` `\;` `\\` the character.
fn unescape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n' | 'N') => out.push('\n'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out.trim().to_owned()
}

/// One `VEVENT`: where it begins and its properties (not those of components inside it).
struct RawEvent {
    line: usize,
    props: Vec<ContentLine>,
}

/// The calendar's title and its events; a [`LoadError::Syntax`] when the text is not iCalendar.
fn parse(text: &str, name: &str) -> Result<(String, Vec<RawEvent>), LoadError> {
    let syntax = |line: usize, message: String| LoadError::Syntax {
        path: name.to_owned(),
        line,
        column: 1,
        message,
    };
    let lines = unfold(text);
    let mut stack: Vec<(String, usize)> = Vec::new();
    let mut title = String::new();
    let mut events = Vec::new();
    let mut current: Option<RawEvent> = None;
    let mut seen_calendar = false;
    for (line, raw) in lines {
        let Some(cl) = parse_line(line, &raw) else {
            return Err(syntax(
                line,
                "not an iCalendar line: expected NAME:value".into(),
            ));
        };
        let opens_calendar =
            cl.name == "BEGIN" && cl.value.trim().eq_ignore_ascii_case("VCALENDAR");
        if !(seen_calendar || opens_calendar) {
            return Err(syntax(line, "expected BEGIN:VCALENDAR first".into()));
        }
        match cl.name.as_str() {
            "BEGIN" => {
                let component = cl.value.trim().to_ascii_uppercase();
                if stack.len() >= MAX_DEPTH {
                    return Err(syntax(
                        line,
                        format!("components nested more than {MAX_DEPTH} deep"),
                    ));
                }
                if component == "VCALENDAR" {
                    seen_calendar = true;
                }
                let in_calendar = stack.len() == 1;
                if component == "VEVENT" && in_calendar {
                    current = Some(RawEvent {
                        line,
                        props: Vec::new(),
                    });
                }
                stack.push((component, line));
            }
            "END" => {
                let component = cl.value.trim().to_ascii_uppercase();
                match stack.pop() {
                    Some((open, _)) if open == component => {}
                    Some((open, at)) => {
                        return Err(syntax(
                            line,
                            format!("END:{component} does not close BEGIN:{open} (line {at})"),
                        ));
                    }
                    None => {
                        return Err(syntax(line, format!("END:{component} with no BEGIN")));
                    }
                }
                if component == "VEVENT" && stack.len() == 1 {
                    events.extend(current.take());
                }
            }
            _ => match (stack.len(), current.as_mut()) {
                (2, Some(event)) => event.props.push(cl),
                (1, _) if cl.name == "X-WR-CALNAME" => title = cl.text(),
                _ => {}
            },
        }
    }
    if let Some((open, at)) = stack.last() {
        return Err(syntax(
            at.to_owned(),
            format!("BEGIN:{open} is never closed"),
        ));
    }
    Ok((title, events))
}

/// A time as the calendar gave it.
#[derive(Clone, Copy, Debug, PartialEq)]
enum IcsTime {
    /// An all-day value.
    Date(NaiveDate),
    /// An instant in UTC (`…Z`).
    Utc(NaiveDateTime),
    /// A local time in a `TZID`.
    Zoned(NaiveDateTime, Tz),
    /// A local time in no zone: the place's.
    Floating(NaiveDateTime),
}

impl IcsTime {
    /// The native time string; `None` for a local time that does not exist in its zone.
    fn to_file_string(self) -> Option<String> {
        Some(match self {
            Self::Date(d) => d.format("%Y-%m-%d").to_string(),
            Self::Utc(t) => format!("{}+00:00", t.format("%Y-%m-%dT%H:%M")),
            Self::Zoned(t, tz) => tz
                .from_local_datetime(&t)
                .earliest()?
                .format("%Y-%m-%dT%H:%M%:z")
                .to_string(),
            Self::Floating(t) => t.format("%Y-%m-%dT%H:%M").to_string(),
        })
    }

    fn plus(self, d: chrono::Duration) -> Option<Self> {
        Some(match self {
            Self::Date(x) => Self::Date(x.checked_add_signed(d)?),
            Self::Utc(x) => Self::Utc(x.checked_add_signed(d)?),
            Self::Zoned(x, tz) => Self::Zoned(x.checked_add_signed(d)?, tz),
            Self::Floating(x) => Self::Floating(x.checked_add_signed(d)?),
        })
    }
}

/// The Windows zone names Outlook and Exchange write as `TZID`, for the zones travellers meet most.
const WINDOWS_ZONES: [(&str, &str); 16] = [
    ("GMT Standard Time", "Europe/London"),
    ("W. Europe Standard Time", "Europe/Berlin"),
    ("Romance Standard Time", "Europe/Paris"),
    ("Central Europe Standard Time", "Europe/Budapest"),
    ("Central European Standard Time", "Europe/Warsaw"),
    ("E. Europe Standard Time", "Europe/Chisinau"),
    ("FLE Standard Time", "Europe/Kiev"),
    ("GTB Standard Time", "Europe/Bucharest"),
    ("Russian Standard Time", "Europe/Moscow"),
    ("Eastern Standard Time", "America/New_York"),
    ("Central Standard Time", "America/Chicago"),
    ("Mountain Standard Time", "America/Denver"),
    ("Pacific Standard Time", "America/Los_Angeles"),
    ("China Standard Time", "Asia/Shanghai"),
    ("Tokyo Standard Time", "Asia/Tokyo"),
    ("India Standard Time", "Asia/Kolkata"),
];

/// A zone named by `TZID`: an IANA name, one at the end of a longer id, or a common Windows name.
fn zone(tzid: &str) -> Option<Tz> {
    let tzid = tzid.trim();
    if let Ok(tz) = tzid.parse::<Tz>() {
        return Some(tz);
    }
    if let Some((_, iana)) = WINDOWS_ZONES
        .iter()
        .find(|(windows, _)| windows.eq_ignore_ascii_case(tzid))
    {
        return iana.parse().ok();
    }
    let parts: Vec<&str> = tzid.split('/').collect();
    (1..parts.len()).find_map(|skip| parts.get(skip..)?.join("/").parse::<Tz>().ok())
}

/// Reads a `DTSTART` or `DTEND`.
fn read_time(p: &ContentLine) -> Result<IcsTime, String> {
    let value = p.value.trim();
    let is_date = p
        .param("VALUE")
        .is_some_and(|v| v.eq_ignore_ascii_case("DATE"))
        || (value.len() == 8 && value.bytes().all(|b| b.is_ascii_digit()));
    let bad = || {
        format!(
            "\"{value}\" is not an iCalendar date or time; expected 20250411 or 20250411T173000 \
             (with Z for UTC)"
        )
    };
    if is_date {
        return NaiveDate::parse_from_str(value, "%Y%m%d")
            .map(IcsTime::Date)
            .map_err(|_| bad());
    }
    let (clock, utc) = match value.strip_suffix(['Z', 'z']) {
        Some(rest) => (rest, true),
        None => (value, false),
    };
    let local = NaiveDateTime::parse_from_str(clock, "%Y%m%dT%H%M%S")
        .or_else(|_| NaiveDateTime::parse_from_str(clock, "%Y%m%dT%H%M"))
        .map_err(|_| bad())?;
    if utc {
        return Ok(IcsTime::Utc(local));
    }
    match p.param("TZID") {
        Some(tzid) => zone(tzid)
            .map(|tz| IcsTime::Zoned(local, tz))
            .ok_or_else(|| format!("unknown time zone TZID={tzid}; expected an IANA name")),
        None => Ok(IcsTime::Floating(local)),
    }
}

/// Reads a `DURATION` (`P1D`, `P2W`, `PT1H30M`, `P1DT2H`).
fn read_duration(value: &str) -> Option<chrono::Duration> {
    let v = value.trim();
    let v = v.strip_prefix('+').unwrap_or(v);
    let v = v.strip_prefix(['P', 'p'])?;
    let mut total = chrono::Duration::zero();
    let mut number = String::new();
    let mut in_time = false;
    for c in v.chars() {
        match c.to_ascii_uppercase() {
            'T' => in_time = true,
            d if d.is_ascii_digit() => number.push(d),
            unit => {
                let n: i64 = number.parse().ok()?;
                number.clear();
                let part = match (unit, in_time) {
                    ('W', false) => chrono::Duration::try_weeks(n)?,
                    ('D', false) => chrono::Duration::try_days(n)?,
                    ('H', true) => chrono::Duration::try_hours(n)?,
                    ('M', true) => chrono::Duration::try_minutes(n)?,
                    ('S', true) => chrono::Duration::try_seconds(n)?,
                    _ => return None,
                };
                total = total.checked_add(&part)?;
            }
        }
    }
    number.is_empty().then_some(total)
}

/// A flight number in `text` ("BA 117", "U24567", "LH2"): two letters or a letter and a digit, then one
/// to four digits. The number and the byte range it covers.
fn flight_number(text: &str) -> Option<(String, std::ops::Range<usize>)> {
    let words: Vec<(usize, &str)> = text
        .split_whitespace()
        .map(|w| (w.as_ptr() as usize - text.as_ptr() as usize, w))
        .collect();
    let is_code = |w: &str| {
        let b = w.as_bytes();
        b.len() == 2
            && b.iter().all(u8::is_ascii_alphanumeric)
            && b.iter().any(u8::is_ascii_alphabetic)
            && b.iter().all(|c| !c.is_ascii_lowercase())
    };
    let is_number = |w: &str| (1..=4).contains(&w.len()) && w.bytes().all(|b| b.is_ascii_digit());
    for (i, (at, w)) in words.iter().enumerate() {
        let word = trim(w);
        let start = at + w.find(word).unwrap_or(0);
        // "BA117"
        if let (Some(code), Some(digits)) = (word.get(..2), word.get(2..))
            && is_code(code)
            && is_number(digits)
        {
            return Some((format!("{code} {digits}"), start..start + word.len()));
        }
        // "BA 117"
        if is_code(word)
            && let Some((next_at, next)) = words.get(i + 1)
        {
            let digits = trim(next);
            if is_number(digits) {
                let end = next_at + next.find(digits).unwrap_or(0) + digits.len();
                return Some((format!("{word} {digits}"), start..end));
            }
        }
    }
    None
}

/// A word without the punctuation around it.
fn trim(word: &str) -> &str {
    word.trim_matches(|c: char| !c.is_ascii_alphanumeric())
}

/// Whether a place text names an airport.
fn is_airport(text: &str) -> bool {
    let lower = text.to_lowercase();
    [
        "airport",
        "aeropuerto",
        "aéroport",
        "aeroporto",
        "flughafen",
    ]
    .iter()
    .any(|w| lower.contains(w))
}

/// The departure and arrival texts of a flight event, or `None` when the event is not a flight.
fn flight_ends(summary: &str, location: &str) -> Option<(Option<String>, Option<String>)> {
    let number = flight_number(summary);
    let mut body = summary.to_owned();
    if let Some((_, range)) = &number {
        body.replace_range(range.clone(), " ");
    }
    let mut body = body.replace("()", " ");
    let lower = body.to_lowercase();
    let says_flight = lower
        .trim_start()
        .strip_prefix("flight")
        .is_some_and(|rest| !rest.starts_with(char::is_alphabetic));
    if says_flight {
        let skip = body.len() - body.trim_start().len() + "flight".len();
        body = body.get(skip..).unwrap_or_default().to_owned();
    }
    let clean = |s: &str| {
        let s = s.trim_matches(|c: char| c.is_whitespace() || matches!(c, ':' | '-' | ',' | '–'));
        Some(s.to_owned()).filter(|s| !s.is_empty())
    };
    for arrow in ["→", "->", "✈"] {
        if let Some((from, to)) = body.split_once(arrow) {
            return Some((clean(from), clean(to)));
        }
    }
    if !(says_flight || number.is_some() || is_airport(location)) {
        return None;
    }
    let trimmed = clean(&body).unwrap_or_default();
    let lower = trimmed.to_lowercase();
    if let Some(rest) = lower.strip_prefix("from ") {
        let offset = trimmed.len() - rest.len();
        let rest = trimmed.get(offset..).unwrap_or_default();
        return Some(match split_to(rest) {
            Some((from, to)) => (clean(from), clean(to)),
            None => (clean(rest), None),
        });
    }
    if let Some(rest) = lower.strip_prefix("to ") {
        let offset = trimmed.len() - rest.len();
        return Some((None, clean(trimmed.get(offset..).unwrap_or_default())));
    }
    match split_to(&trimmed) {
        Some((from, to)) if says_flight || number.is_some() => Some((clean(from), clean(to))),
        // Only the location says airport: "Trip to Rome" from Heathrow.
        Some((_, to)) => Some((None, clean(to))),
        None if says_flight || is_airport(location) => Some((None, None)),
        // A code and a number alone ("G7 2025") are no flight without "X to Y".
        None => None,
    }
}

/// Splits "X to Y" at its last " to " (any case).
fn split_to(text: &str) -> Option<(&str, &str)> {
    let lower = text.to_lowercase();
    let at = lower.rfind(" to ")?;
    // Lower-casing can change lengths outside ASCII: only split where the byte offsets agree.
    (lower.len() == text.len()).then_some(())?;
    Some((text.get(..at)?, text.get(at + 4..)?))
}

/// Parts of a text for the geocoder: parenthesised codes ("(LHR)") left out.
fn for_geocoder(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            c if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Reads an iCalendar file leniently: the good events as stays and legs, and a problem for each one
/// left out or flagged (see the module docs).
pub fn import(text: &str, name: &str) -> Result<(Dataset, Vec<Problem>), LoadError> {
    let (title, events) = parse(text, name)?;
    let mut r = Reading {
        b: Builder::new(title),
    };
    for event in &events {
        r.event(event);
    }
    Ok(r.b.finish())
}

/// The state of one import.
struct Reading {
    b: Builder,
}

/// One event being read.
struct Event<'a> {
    raw: &'a RawEvent,
    origin: Origin,
}

impl Event<'_> {
    fn prop(&self, name: &str) -> Option<&ContentLine> {
        self.raw.props.iter().find(|p| p.name == name)
    }

    fn text(&self, name: &str) -> Option<String> {
        self.prop(name)
            .map(ContentLine::text)
            .filter(|t| !t.is_empty())
    }

    fn at(&self, name: &str) -> At {
        self.prop(name).map_or(self.origin.at, ContentLine::at)
    }

    fn problem(&self, kind: ProblemKind, property: &str, message: impl Into<String>) -> Problem {
        self.origin
            .problem_of(kind, property, message, self.at(property))
    }

    /// The event's person (see the module docs).
    fn person(&self) -> String {
        let who = |p: &ContentLine| {
            p.param("CN")
                .map(str::to_owned)
                .or_else(|| {
                    let v = p.value.trim();
                    let v = v
                        .strip_prefix("mailto:")
                        .or_else(|| v.strip_prefix("MAILTO:"))
                        .unwrap_or(v);
                    Some(v.to_owned())
                })
                .map(|n| n.trim().to_owned())
                .filter(|n| !n.is_empty())
        };
        let attendees: Vec<String> = self
            .raw
            .props
            .iter()
            .filter(|p| p.name == "ATTENDEE")
            .filter_map(who)
            .collect();
        let organizer = self.prop("ORGANIZER").and_then(who);
        match (attendees.as_slice(), organizer) {
            ([one], _) => one.clone(),
            (_, Some(organizer)) => organizer,
            ([first, ..], None) => first.clone(),
            ([], None) => DEFAULT_PERSON.to_owned(),
        }
    }

    /// `DTSTART` and the end (`DTEND`, else `DTSTART` plus `DURATION`) as native strings; a problem
    /// when either cannot be read. An all-day end is exclusive, so its day before is returned.
    fn times(&self) -> Result<(String, Option<String>), Box<Problem>> {
        let Some(start_prop) = self.prop("DTSTART") else {
            return Err(Box::new(self.problem(
                ProblemKind::Missing,
                "DTSTART",
                "an event needs a DTSTART",
            )));
        };
        let bad = |property: &str, message: String| {
            Box::new(self.problem(ProblemKind::BadTime, property, message))
        };
        let start = read_time(start_prop).map_err(|m| bad("DTSTART", m))?;
        let end = match (self.prop("DTEND"), self.prop("DURATION")) {
            (Some(p), _) => Some(read_time(p).map_err(|m| bad("DTEND", m))?),
            (None, Some(p)) => {
                let d = read_duration(&p.value).ok_or_else(|| {
                    bad(
                        "DURATION",
                        format!(
                            "\"{}\" is not a duration; expected e.g. P1D or PT2H",
                            p.value.trim()
                        ),
                    )
                })?;
                Some(
                    start
                        .plus(d)
                        .ok_or_else(|| bad("DURATION", "too long".into()))?,
                )
            }
            (None, None) => None,
        };
        let end = end.map(|end| match end {
            IcsTime::Date(d) => IcsTime::Date(d.checked_sub_days(Days::new(1)).unwrap_or(d)),
            other => other,
        });
        let nonexistent = |property: &str| {
            Box::new(self.problem(
                ProblemKind::BadTime,
                property,
                "this local time does not exist in its zone (the clocks skip it)",
            ))
        };
        let start_text = start
            .to_file_string()
            .ok_or_else(|| nonexistent("DTSTART"))?;
        let end_text = match end {
            // An all-day end before the start (DTEND on the start day) is a one-day event.
            Some(IcsTime::Date(e)) if matches!(start, IcsTime::Date(s) if e.succ_opt() == Some(s)) => {
                None
            }
            Some(e) => Some(e.to_file_string().ok_or_else(|| nonexistent("DTEND"))?),
            None => None,
        };
        Ok((start_text.clone(), end_text.filter(|e| *e != start_text)))
    }

    /// `GEO` as degrees north and east; a problem when it is there but not two numbers in range.
    fn geo(&self) -> Result<Option<(f64, f64)>, Box<Problem>> {
        let Some(p) = self.prop("GEO") else {
            return Ok(None);
        };
        let parts: Vec<Option<f64>> = p
            .value
            .split([';', ','])
            .map(|n| n.trim().parse::<f64>().ok().filter(|x| x.is_finite()))
            .collect();
        match parts.as_slice() {
            [Some(lat), Some(lon)] if lat.abs() <= 90.0 && lon.abs() <= 180.0 => {
                Ok(Some((*lat, *lon)))
            }
            _ => Err(Box::new(self.problem(
                ProblemKind::BadValue,
                "GEO",
                format!(
                    "\"{}\" is not a position; expected latitude;longitude in degrees",
                    p.value.trim()
                ),
            ))),
        }
    }

    /// The role and remarks our own export wrote in the `DESCRIPTION` (`Role: …`, the remarks, then how
    /// the place was found, which is worked out again).
    fn own_description(&self) -> (Option<String>, Option<String>) {
        let text = self.text("DESCRIPTION").unwrap_or_default();
        let mut role = None;
        let mut remarks = Vec::new();
        for line in text.lines() {
            if let Some(r) = line.strip_prefix("Role: ")
                && role.is_none()
            {
                role = Some(r.trim().to_owned());
            } else if !["Place: ", "Matched: ", "Why: "]
                .iter()
                .any(|p| line.starts_with(p))
            {
                remarks.push(line);
            }
        }
        let remarks = remarks.join("\n");
        (
            role,
            Some(remarks.trim().to_owned()).filter(|r| !r.is_empty()),
        )
    }

    /// Remarks: the summary, and the description when it adds to it.
    fn remarks(&self) -> Option<String> {
        let summary = self.text("SUMMARY");
        let description = self.text("DESCRIPTION");
        match (summary, description) {
            (Some(s), Some(d)) if d != s => Some(format!("{s}\n{d}")),
            (Some(s), _) => Some(s),
            (None, d) => d,
        }
    }
}

impl Reading {
    fn event(&mut self, raw: &RawEvent) {
        let summary = raw
            .props
            .iter()
            .find(|p| p.name == "SUMMARY")
            .map(ContentLine::text)
            .unwrap_or_default();
        let record = if summary.is_empty() {
            format!("VEVENT at line {}", raw.line)
        } else {
            format!("VEVENT \"{summary}\"")
        };
        let mut ev = Event {
            raw,
            origin: Origin::new(record, Some((raw.line, 1))),
        };
        ev.origin = ev
            .origin
            .clone()
            .field("id", "UID", ev.at("UID"))
            .field("person", "ATTENDEE", ev.at("ATTENDEE"))
            .field("travellers", "ATTENDEE", ev.at("ATTENDEE"))
            .field("place", "LOCATION", ev.at("LOCATION"))
            .field("start", "DTSTART", ev.at("DTSTART"))
            .field("departure", "DTSTART", ev.at("DTSTART"))
            .field("end", "DTEND", ev.at("DTEND"))
            .field("arrival", "DTEND", ev.at("DTEND"));
        let (start, end) = match ev.times() {
            Ok(t) => t,
            Err(p) => {
                self.b.problem(*p);
                return;
            }
        };
        let location = ev.text("LOCATION").unwrap_or_default();
        match flight_ends(&summary, &location) {
            Some(ends) => self.leg(&ev, ends, &location, start, end),
            None => self.stay(&ev, &location, start, end),
        }
    }

    /// Our own events carry the record's id in their `UID`; other calendars' ids are opaque, so a new
    /// one is made.
    fn given_id(ev: &Event<'_>) -> Option<String> {
        ev.text("UID")
            .and_then(|uid| uid.strip_suffix("@travelmap").map(str::to_owned))
    }

    fn stay(&mut self, ev: &Event<'_>, location: &str, start: String, end: Option<String>) {
        let geo = match ev.geo() {
            Ok(geo) => geo,
            Err(p) => {
                self.b.problem(*p);
                return;
            }
        };
        let (place, geocode) = match geo {
            Some((lat, lon)) => {
                let parts: Vec<&str> = location
                    .split(',')
                    .map(str::trim)
                    .filter(|p| !p.is_empty())
                    .collect();
                let (name, city, country) = match parts.as_slice() {
                    [] => (None, None, String::new()),
                    [name] => (Some(*name), None, String::new()),
                    [name, country] => (Some(*name), None, (*country).to_owned()),
                    [name, city, .., country] => (Some(*name), Some(*city), (*country).to_owned()),
                };
                let place = NewPlace {
                    id: None,
                    name: name.map(str::to_owned),
                    city: city.map(str::to_owned),
                    country,
                    lat,
                    lon,
                    tz: super::build::nearest_tz(crate::geodesy::lat_lon(lat, lon))
                        .map(|t| t.name().to_owned()),
                    accuracy: None,
                    listed: false,
                };
                let times: Vec<&str> = std::iter::once(start.as_str())
                    .chain(end.as_deref())
                    .collect();
                let origin = ev.origin.clone().field("lat", "GEO", ev.at("GEO")).field(
                    "lon",
                    "GEO",
                    ev.at("GEO"),
                );
                let Some(id) = self.b.place(place, &times, origin, "GEO") else {
                    return;
                };
                let geocode = Geocode {
                    place_text: location.to_owned(),
                    status: GeocodeStatus::Given,
                    ..Geocode::default()
                };
                (Some(id), geocode)
            }
            None if location.trim().is_empty() => {
                self.b.problem(ev.problem(
                    ProblemKind::Geocode(GeocodeStatus::Unresolved),
                    "LOCATION",
                    "no LOCATION or GEO: the stay is kept without a place",
                ));
                let geocode = Geocode {
                    status: GeocodeStatus::Unresolved,
                    reason: Some("the event has no location".into()),
                    ..Geocode::default()
                };
                (None, geocode)
            }
            None => self.geocoded(ev, location),
        };
        // Our own events say who and where in the summary: only the description adds to the record.
        let (role, remarks) = match Self::given_id(ev) {
            Some(_) => ev.own_description(),
            None => (None, ev.remarks()),
        };
        let person = ev.person();
        let id = self.b.record_id(
            RecordKind::Stay,
            Self::given_id(ev).as_deref(),
            &format!("stay-{}", ev.raw.line),
        );
        let stay = FileStay {
            id,
            person: self.b.person(&person),
            place,
            start,
            end,
            role,
            remarks,
            sources: Vec::new(),
            geocode: Some(geocode),
        };
        self.b.stay(stay, ev.origin.clone());
    }

    /// The place a free-text `LOCATION` names, found in the gazetteer, and how; a warning when it is
    /// ambiguous or not placed.
    fn geocoded(&mut self, ev: &Event<'_>, location: &str) -> (Option<String>, Geocode) {
        let g = Geocoder::bundled().resolve(&for_geocoder(location), None);
        let place = g.place.as_ref().map(|m| self.b.gazetteer_place(m));
        if g.status.needs_review() || place.is_none() {
            let mut message = match (&g.place, g.status) {
                (Some(best), GeocodeStatus::Ambiguous) => format!(
                    "\"{location}\" is ambiguous; placed provisionally at {}, {}",
                    best.name, best.country
                ),
                _ => format!("\"{location}\" was not placed"),
            };
            if let Some(reason) = &g.reason {
                message.push_str(&format!(" ({reason})"));
            }
            self.b
                .problem(ev.problem(ProblemKind::Geocode(g.status), "LOCATION", message));
        }
        (place, super::itinerary::provenance(location, None, g))
    }

    fn leg(
        &mut self,
        ev: &Event<'_>,
        (from, to): (Option<String>, Option<String>),
        location: &str,
        departure: String,
        arrival: Option<String>,
    ) {
        let from = from.or_else(|| Some(location.to_owned()).filter(|l| !l.trim().is_empty()));
        let mut ids = Vec::with_capacity(2);
        for (end, text) in [("from", from), ("to", to)] {
            let property = if end == "from" && ev.text("SUMMARY").is_none() {
                "LOCATION"
            } else {
                "SUMMARY"
            };
            let Some(text) = text else {
                self.b.problem(ev.problem(
                    ProblemKind::Missing,
                    property,
                    format!(
                        "a flight with no {}: name it in the SUMMARY (\"Flight from Paris to Rome\")",
                        if end == "from" { "departure place" } else { "destination" }
                    ),
                ));
                return;
            };
            let g = Geocoder::bundled().resolve(&for_geocoder(&text), None);
            let Some(m) = g.place.as_ref() else {
                let reason = g.reason.map(|r| format!(" ({r})")).unwrap_or_default();
                self.b.problem(ev.problem(
                    ProblemKind::BadValue,
                    property,
                    format!("the flight's \"{text}\" could not be placed{reason}; the leg needs both ends"),
                ));
                return;
            };
            ids.push(self.b.gazetteer_place(m));
        }
        let [from_id, to_id] = ids.as_slice() else {
            return;
        };
        let person = ev.person();
        let id = self.b.record_id(
            RecordKind::Leg,
            Self::given_id(ev).as_deref(),
            &format!("{from_id}-{to_id}"),
        );
        let leg = FileLeg {
            id,
            travellers: vec![self.b.person(&person)],
            from: from_id.clone(),
            to: to_id.clone(),
            departure: Some(departure),
            arrival,
            certainty: crate::data::Certainty::default(),
            sources: Vec::new(),
            disputes: Vec::new(),
            note: ev.remarks(),
        };
        self.b.leg(leg, ev.origin.clone());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folded_lines_are_joined_and_keep_their_first_line_number() {
        let lines = unfold("BEGIN:VCALENDAR\r\nSUMMARY:Lon\r\n g\r\n\tname\r\n\r\nEND:VCALENDAR");
        assert_eq!(lines[1], (2, "SUMMARY:Longname".to_owned()));
        assert_eq!(lines[2].0, 6);
    }

    #[test]
    fn parameters_may_quote_colons_and_semicolons() {
        let cl = parse_line(3, "ATTENDEE;CN=\"Doe; John: Jr\";ROLE=CHAIR:mailto:j@x.org").unwrap();
        assert_eq!(cl.name, "ATTENDEE");
        assert_eq!(cl.param("CN"), Some("Doe; John: Jr"));
        assert_eq!(cl.param("ROLE"), Some("CHAIR"));
        assert_eq!(cl.value, "mailto:j@x.org");
        assert!(parse_line(1, "no colon here").is_none());
    }

    #[test]
    fn text_is_unescaped() {
        assert_eq!(
            unescape(r"Paris\, France\; then\nRome \\ end"),
            "Paris, France; then\nRome \\ end"
        );
    }

    #[test]
    fn times_keep_their_zone_or_lack_of_one() {
        let line = |s: &str| parse_line(1, s).unwrap();
        assert_eq!(
            read_time(&line("DTSTART;VALUE=DATE:20250411")).map(IcsTime::to_file_string),
            Ok(Some("2025-04-11".into()))
        );
        assert_eq!(
            read_time(&line("DTSTART:20250411T173000Z")).map(IcsTime::to_file_string),
            Ok(Some("2025-04-11T17:30+00:00".into()))
        );
        assert_eq!(
            read_time(&line("DTSTART;TZID=Europe/Paris:20250411T173000"))
                .map(IcsTime::to_file_string),
            Ok(Some("2025-04-11T17:30+02:00".into()))
        );
        assert_eq!(
            read_time(&line(
                "DTSTART;TZID=/mozilla.org/20070129_1/Europe/Paris:20250111T090000"
            ))
            .map(IcsTime::to_file_string),
            Ok(Some("2025-01-11T09:00+01:00".into()))
        );
        assert_eq!(
            read_time(&line("DTSTART:20250411T173000")).map(IcsTime::to_file_string),
            Ok(Some("2025-04-11T17:30".into()))
        );
        assert_eq!(
            read_time(&line(
                "DTSTART;TZID=\"W. Europe Standard Time\":20250411T173000"
            ))
            .map(IcsTime::to_file_string),
            Ok(Some("2025-04-11T17:30+02:00".into()))
        );
        assert!(read_time(&line("DTSTART;TZID=Mars/Olympus:20250411T173000")).is_err());
        assert!(
            WINDOWS_ZONES
                .iter()
                .all(|(_, iana)| iana.parse::<Tz>().is_ok()),
            "every Windows name maps to a known zone"
        );
        assert!(read_time(&line("DTSTART:2025-04-11")).is_err());
    }

    #[test]
    fn durations_are_read_in_weeks_days_and_clock_units() {
        assert_eq!(read_duration("P1D"), chrono::Duration::try_days(1));
        assert_eq!(read_duration("P2W"), chrono::Duration::try_days(14));
        assert_eq!(read_duration("PT1H30M"), chrono::Duration::try_minutes(90));
        assert_eq!(read_duration("P1DT2H"), chrono::Duration::try_hours(26));
        assert_eq!(read_duration("1D"), None);
        assert_eq!(read_duration("P1X"), None);
    }

    #[test]
    fn flights_are_told_from_stays_by_their_summary_or_an_airport() {
        let ends = |s: &str, l: &str| flight_ends(s, l);
        let some =
            |a: Option<&str>, b: Option<&str>| Some((a.map(str::to_owned), b.map(str::to_owned)));
        assert_eq!(ends("Flight to Rome", ""), some(None, Some("Rome")));
        assert_eq!(
            ends("Flight from Paris to Rome", ""),
            some(Some("Paris"), Some("Rome"))
        );
        assert_eq!(
            ends("London → New York", ""),
            some(Some("London"), Some("New York"))
        );
        assert_eq!(
            ends("BA 117 London to New York", ""),
            some(Some("London"), Some("New York"))
        );
        assert_eq!(
            ends("Flight LH2 Munich -> Berlin", ""),
            some(Some("Munich"), Some("Berlin"))
        );
        assert_eq!(
            ends("Trip to Rome", "Heathrow Airport"),
            some(None, Some("Rome"))
        );
        assert_eq!(ends("Move to Berlin", "Berlin"), None);
        assert_eq!(ends("Conference", "Geneva"), None);
        assert_eq!(ends("Dinner at 8 with AB", "Paris"), None);
        assert_eq!(ends("G7 2025", "Kananaskis"), None);
        assert_eq!(ends("Flight BA 117", "London"), some(None, None));
    }

    #[test]
    fn flight_numbers_are_two_characters_then_digits() {
        assert_eq!(
            flight_number("BA 117 to NYC").map(|f| f.0),
            Some("BA 117".into())
        );
        assert_eq!(
            flight_number("(U24567)").map(|f| f.0),
            Some("U2 4567".into())
        );
        assert_eq!(flight_number("Meet at 10"), None);
        assert_eq!(flight_number("ba 117"), None, "codes are upper case");
    }

    #[test]
    fn a_file_that_is_not_a_calendar_fails_with_its_line() {
        for (text, line) in [
            ("hello", 1),
            ("BEGIN:VCALENDAR\nBEGIN:VEVENT\nEND:VCALENDAR\n", 3),
            ("BEGIN:VCALENDAR\nBEGIN:VEVENT\n", 2),
            ("BEGIN:VCALENDAR\nno colon\nEND:VCALENDAR\n", 2),
        ] {
            match parse(text, "c.ics") {
                Err(LoadError::Syntax { line: l, .. }) => assert_eq!(l, line, "{text}"),
                other => panic!("{text}: {:?}", other.map(|(t, e)| (t, e.len()))),
            }
        }
    }

    #[test]
    fn deep_nesting_is_an_error() {
        let text = format!("BEGIN:VCALENDAR\n{}", "BEGIN:X\n".repeat(200));
        assert!(matches!(
            parse(&text, "c.ics"),
            Err(LoadError::Syntax { .. })
        ));
    }
}
