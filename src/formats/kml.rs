//! KML 2.2, as Google Earth reads and writes it.
//!
//! # Export
//!
//! A `Document` named after the dataset, with five folders:
//! - **Places**: a `Placemark` with a `Point` per place;
//! - **Legs**: a `Placemark` per leg with a `LineString` densified along the great circle (a
//!   `MultiGeometry` of two when it crosses the antimeridian), `<coordinates>lon,lat …</coordinates>`, and a
//!   `TimeSpan` (`begin`, `end` in ISO 8601 UTC) over the flight, estimated where a time was not
//!   reported, so that Google Earth's time slider plays the routes;
//! - **Meetings**: a `Placemark` with a `Point` per meeting and a `TimeSpan` over the meeting (a
//!   `TimeStamp` when it has no length);
//! - **Notes**: a `Placemark` with no geometry and a `TimeStamp` or `TimeSpan` per note;
//! - **Stays**: a `Placemark` per stay with a `TimeSpan` over the days it covers, at its place's `Point`;
//!   a stay whose place is not known has no geometry (KML allows that).
//!
//! Inferred legs are not written: they are worked out again from the stays when the file is read.
//!
//! Each `Placemark` has a `name` and a readable `description`, and `ExtendedData` with
//! `<Data name="…"><value>…</value></Data>` for what KML has no element for, so that a round trip keeps
//! people, time zones and the reported precision of times: `kind` (`place`, `leg`, `meeting`, `note`,
//! `stay`),
//! `id`; places: `city`, `country`, `tz`, `accuracy`; legs: `travellers`, `from`, `to`, `from_tz`,
//! `to_tz`, `from_city`, `to_city`, `from_country`, `to_country`, `departure`, `arrival`; meetings:
//! `place`, `city`, `country`, `tz`, `venue`, `start`, `end`, `durations`, `participants`, `topic`;
//! notes: `when`, `tz`, `text`, `people`; stays: `person`, `place`, `city`, `country`, `tz`, `start`,
//! `end`, `role`, `remarks`, and where the place came from: `place_text`, `country_text`, `geocode`,
//! `geonames_id`, `matched`, `others`, `geocode_reason` (an ambiguous place's candidates are left to
//! JSON and GeoJSON); and `certainty`, `sources` and `note` where they apply.
//! Lists are separated by `;`; times are the native strings (see [`crate::data::When`]), read in the
//! place's zone.
//!
//! # Import
//!
//! Every `Placemark`, in any `Document` or `Folder`:
//! - a `Point` with a `TimeStamp` or `TimeSpan` (or `kind` `meeting`) is a meeting at that place:
//!   the place is named by the `place` data or else the `<name>`, the topic is the `topic` data or else the
//!   `<description>`; `TimeStamp/when` or `TimeSpan/begin` is the start and `TimeSpan/end` the end, unless
//!   the `start` and `end` data say more precisely;
//! - a `Point` with no time is a place (`<name>`, and the data `city`, `country`, `tz`, `accuracy`);
//! - a `LineString` (or a `MultiGeometry` of them) is a leg from its first position to its last; the
//!   `TimeSpan` gives the departure and the arrival unless the `departure` and `arrival` data are there
//!   (empty when not reported); the travellers are the `travellers` data;
//! - a `Placemark` with no geometry but a time is a note (text: the `text` data, the `<description>` or
//!   the `<name>`);
//! - a `Placemark` with the data `kind` `stay` is a stay, at its `Point` or unplaced without one: the
//!   data the export writes (`start` and `end`, else the `TimeSpan`). Without `tz`, a placed stay is in
//!   the zone of the gazetteer city nearest to it; an unplaced one's times are read in UTC.
//!
//! Data may also be `<SchemaData><SimpleData name="…">` as other tools write it. Other geometries
//! (`Polygon`, `gx:Track`, …) are reported and left out. Without `tz`, a place whose times all carry an
//! offset (as KML times usually do, `…Z`) is given "UTC"; a local time or a bare date without `tz` is a
//! problem. Places are matched as in GeoJSON (same name within 1 km; a leg end with no name: the nearest
//! place within 1 km). XML errors fail the whole file with their line and column; elements nested more
//! than 100 deep are an error.

use chrono::{DateTime, Utc};
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use super::EXPORT_SEGMENT_KM;
use super::build::{At, Builder, NewPlace, Origin};
use super::{
    duration_text, line_col, parse_certainty, parse_duration, parse_geocode_status, people_names,
    source_text, split_list,
};
use crate::data::RecordKind;
use crate::data::{
    Certainty, Dataset, FileDuration, FileLeg, FileMeeting, FileNote, FileStay, Geocode,
    GeocodeStatus, Leg, LoadError, Meeting, Note, Place, Problem, Stay, When,
};
use crate::geodesy::{self, Point};

/// Deepest element nesting read; deeper is an error, not a stack overflow.
const MAX_DEPTH: usize = 100;

// ---------------------------------------------------------------------------------------------------
// Export

/// The dataset as a KML document (see the module docs).
pub fn export(d: &Dataset) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<kml xmlns=\"http://www.opengis.net/kml/2.2\">\n<Document>\n",
    );
    out.push_str(&format!("<name>{}</name>\n", esc(&d.title)));
    folder(&mut out, "Places", d.places.iter().map(place_mark));
    folder(
        &mut out,
        "Legs",
        d.legs
            .iter()
            .filter(|l| l.certainty != Certainty::Inferred)
            .filter_map(|l| leg_mark(d, l)),
    );
    folder(
        &mut out,
        "Meetings",
        d.meetings.iter().filter_map(|m| meeting_mark(d, m)),
    );
    folder(&mut out, "Notes", d.notes.iter().map(|n| note_mark(d, n)));
    folder(&mut out, "Stays", d.stays.iter().map(|st| stay_mark(d, st)));
    out.push_str("</Document>\n</kml>\n");
    out
}

fn folder(out: &mut String, name: &str, marks: impl Iterator<Item = String>) {
    out.push_str(&format!("<Folder>\n<name>{name}</name>\n"));
    for mark in marks {
        out.push_str(&mark);
    }
    out.push_str("</Folder>\n");
}

/// Escapes text for XML content and attribute values.
fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 does not allow at all.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

fn iso(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// A `TimeStamp` for an instant, or a `TimeSpan`.
fn time_element(begin: DateTime<Utc>, end: DateTime<Utc>) -> String {
    if begin == end {
        format!("<TimeStamp><when>{}</when></TimeStamp>\n", iso(begin))
    } else {
        format!(
            "<TimeSpan><begin>{}</begin><end>{}</end></TimeSpan>\n",
            iso(begin),
            iso(end.max(begin))
        )
    }
}

/// `<ExtendedData>` with a `Data` per non-empty pair (and per pair named in `keep_empty`).
fn extended_data(pairs: &[(&str, String)], keep_empty: &[&str]) -> String {
    let mut out = String::from("<ExtendedData>\n");
    for (name, value) in pairs {
        if !value.is_empty() || keep_empty.contains(name) {
            out.push_str(&format!(
                "<Data name=\"{name}\"><value>{}</value></Data>\n",
                esc(value)
            ));
        }
    }
    out.push_str("</ExtendedData>\n");
    out
}

fn mark(name: &str, description: &str, time: &str, data: &str, geometry: &str) -> String {
    format!(
        "<Placemark>\n<name>{}</name>\n<description>{}</description>\n{time}{data}{geometry}</Placemark>\n",
        esc(name),
        esc(description)
    )
}

fn point(p: Point) -> String {
    format!(
        "<Point><coordinates>{},{}</coordinates></Point>\n",
        p.x(),
        p.y()
    )
}

fn sources_list(d: &Dataset, sources: &[crate::data::SourceIdx]) -> Vec<String> {
    sources.iter().filter_map(|s| source_text(d, *s)).collect()
}

fn place_mark(p: &Place) -> String {
    let data = extended_data(
        &[
            ("kind", "place".into()),
            ("id", p.id.clone()),
            ("city", p.city.clone()),
            ("country", p.country.clone()),
            ("tz", p.tz.name().into()),
            ("accuracy", p.accuracy.clone().unwrap_or_default()),
        ],
        &[],
    );
    let description = [p.city.as_str(), p.country.as_str()]
        .iter()
        .filter(|s| !s.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(", ");
    mark(&p.name, &description, "", &data, &point(p.position))
}

fn leg_mark(d: &Dataset, leg: &Leg) -> Option<String> {
    let (from, to) = (d.place(leg.from)?, d.place(leg.to)?);
    let arc = geodesy::great_circle(from.position, to.position, EXPORT_SEGMENT_KM);
    let lines: Vec<String> = arc
        .parts
        .iter()
        .map(|part| {
            let coords: Vec<String> = part
                .iter()
                .map(|p| format!("{},{}", round6(p.x()), round6(p.y())))
                .collect();
            format!(
                "<LineString><tessellate>1</tessellate><coordinates>{}</coordinates></LineString>\n",
                coords.join(" ")
            )
        })
        .collect();
    let geometry = match lines.as_slice() {
        [single] => single.clone(),
        _ => format!("<MultiGeometry>\n{}</MultiGeometry>\n", lines.concat()),
    };
    let (begin, end) = leg.flight_window(arc.distance_km);
    let travellers = people_names(d, &leg.travellers);
    let when = |w: Option<When>, tz| w.map(|w| w.to_file_string(tz)).unwrap_or_default();
    let data = extended_data(
        &[
            ("kind", "leg".into()),
            ("id", leg.id.clone()),
            ("travellers", travellers.join("; ")),
            ("from", from.name.clone()),
            ("from_tz", from.tz.name().into()),
            ("from_city", from.city.clone()),
            ("from_country", from.country.clone()),
            ("to", to.name.clone()),
            ("to_tz", to.tz.name().into()),
            ("to_city", to.city.clone()),
            ("to_country", to.country.clone()),
            ("departure", when(leg.departure, from.tz)),
            ("arrival", when(leg.arrival, to.tz)),
            ("certainty", leg.certainty.label().into()),
            ("sources", sources_list(d, &leg.sources).join("; ")),
            ("note", leg.note.clone().unwrap_or_default()),
        ],
        &["departure", "arrival"],
    );
    let estimated = if leg.estimated() {
        "\n(One end's time was not reported: the time span is estimated.)"
    } else {
        ""
    };
    let description = format!(
        "{}: {} → {}{estimated}",
        travellers.join(", "),
        from.name,
        to.name
    );
    let name = format!("{} → {}", from.city, to.city);
    Some(mark(
        &name,
        &description,
        &time_element(begin, end),
        &data,
        &geometry,
    ))
}

fn meeting_mark(d: &Dataset, m: &Meeting) -> Option<String> {
    let place = d.place(m.place)?;
    let (begin, end) = m.active_window();
    let participants = people_names(d, &m.participants);
    let durations: Vec<String> = m
        .durations
        .iter()
        .map(|c| duration_text(&c.text, c.minutes))
        .collect();
    let sources = sources_list(d, &m.sources);
    let data = extended_data(
        &[
            ("kind", "meeting".into()),
            ("id", m.id.clone()),
            ("place", place.name.clone()),
            ("city", place.city.clone()),
            ("country", place.country.clone()),
            ("tz", place.tz.name().into()),
            ("venue", m.venue.clone().unwrap_or_default()),
            ("start", m.start.to_file_string(place.tz)),
            (
                "end",
                m.end
                    .map(|w| w.to_file_string(place.tz))
                    .unwrap_or_default(),
            ),
            ("durations", durations.join("; ")),
            ("participants", participants.join("; ")),
            ("topic", m.topic.clone()),
            ("certainty", m.certainty.label().into()),
            ("sources", sources.join("; ")),
            ("note", m.note.clone().unwrap_or_default()),
        ],
        &[],
    );
    let mut description = format!(
        "{}\n{}, {}\nParticipants: {}\nCertainty: {}",
        m.start.display_in(place.tz),
        place.name,
        place.city,
        participants.join(", "),
        m.certainty.label()
    );
    for s in &sources {
        description.push_str(&format!("\nSource: {s}"));
    }
    let name = if m.topic.is_empty() {
        &place.name
    } else {
        &m.topic
    };
    Some(mark(
        name,
        &description,
        &time_element(begin, end),
        &data,
        &point(place.position),
    ))
}

fn note_mark(d: &Dataset, n: &Note) -> String {
    let data = extended_data(
        &[
            ("kind", "note".into()),
            ("id", n.id.clone()),
            ("when", n.when.to_file_string(n.tz)),
            ("tz", n.tz.name().into()),
            ("text", n.text.clone()),
            ("people", people_names(d, &n.people).join("; ")),
            ("certainty", n.certainty.label().into()),
            ("sources", sources_list(d, &n.sources).join("; ")),
        ],
        &[],
    );
    let name: String = n.text.chars().take(60).collect();
    mark(
        &name,
        &n.text,
        &time_element(n.when.start_utc, n.when.end_utc),
        &data,
        "",
    )
}

fn stay_mark(d: &Dataset, st: &Stay) -> String {
    let place = st.place.and_then(|p| d.place(p));
    let tz = place.map_or(chrono_tz::UTC, |p| p.tz);
    let person = d
        .person(st.person)
        .map(|p| p.name.clone())
        .unwrap_or_default();
    let g = st.geocode.clone().unwrap_or_default();
    let from_text = st.geocode.is_some();
    let text = |value: &str| {
        if from_text {
            value.to_owned()
        } else {
            String::new()
        }
    };
    let data = extended_data(
        &[
            ("kind", "stay".into()),
            ("id", st.id.clone()),
            ("person", person.clone()),
            ("place", place.map(|p| p.name.clone()).unwrap_or_default()),
            ("city", place.map(|p| p.city.clone()).unwrap_or_default()),
            (
                "country",
                place.map(|p| p.country.clone()).unwrap_or_default(),
            ),
            (
                "tz",
                place.map(|p| p.tz.name().to_owned()).unwrap_or_default(),
            ),
            ("start", st.start.to_file_string(tz)),
            ("end", st.end.to_file_string(tz)),
            ("role", st.role.clone().unwrap_or_default()),
            ("remarks", st.remarks.clone().unwrap_or_default()),
            ("sources", sources_list(d, &st.sources).join("; ")),
            ("place_text", text(&g.place_text)),
            ("country_text", g.country_text.clone().unwrap_or_default()),
            ("geocode", text(g.status.label())),
            (
                "geonames_id",
                g.geonames_id.map(|id| id.to_string()).unwrap_or_default(),
            ),
            ("matched", g.matched.clone().unwrap_or_default()),
            ("others", g.others.join("; ")),
            ("geocode_reason", g.reason.clone().unwrap_or_default()),
        ],
        &[],
    );
    let where_ = match place {
        Some(p) => p.name.clone(),
        None if !g.place_text.is_empty() => format!("{} (not placed)", g.place_text),
        None => "an unknown place".to_owned(),
    };
    let mut description = format!(
        "{} – {}\nGeocode: {}",
        st.start.display_in(tz),
        st.end.display_in(tz),
        st.status().label()
    );
    if let Some(role) = &st.role {
        description.push_str(&format!("\nRole: {role}"));
    }
    if let Some(remarks) = &st.remarks {
        description.push_str(&format!("\n{remarks}"));
    }
    let (begin, end) = st.interval();
    mark(
        &format!("{person} in {where_}"),
        &description,
        &time_element(begin, end),
        &data,
        &place.map(|p| point(p.position)).unwrap_or_default(),
    )
}

fn round6(deg: f64) -> f64 {
    (deg * 1e6).round() / 1e6
}

// ---------------------------------------------------------------------------------------------------
// XML

/// An XML element, with what is needed to point at it.
#[derive(Debug, Default)]
struct Element {
    /// Local name, without a namespace prefix (`gx:Track` is `Track`).
    name: String,
    attributes: Vec<(String, String)>,
    children: Vec<Element>,
    /// The text directly inside, entities resolved.
    text: String,
    /// Byte offset of the start tag.
    at: usize,
}

impl Element {
    fn child(&self, name: &str) -> Option<&Self> {
        self.children.iter().find(|c| c.name == name)
    }

    /// The first element called `name` inside this one, at any depth (the tree is at most
    /// [`MAX_DEPTH`] deep).
    fn find(&self, name: &str) -> Option<&Self> {
        self.children.iter().find_map(|c| {
            if c.name == name {
                Some(c)
            } else {
                c.find(name)
            }
        })
    }

    fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The trimmed text of the child `name`, if there is one.
    fn child_text(&self, name: &str) -> Option<String> {
        self.child(name).map(|c| c.text.trim().to_owned())
    }
}

/// Reads the XML into a tree; any well-formedness error fails with its line and column.
fn parse(text: &str, name: &str) -> Result<Element, LoadError> {
    let syntax = |at: u64, message: String| {
        let (line, column) = line_col(text, usize::try_from(at).unwrap_or(usize::MAX));
        LoadError::Syntax {
            path: name.to_owned(),
            line,
            column,
            message,
        }
    };
    let mut reader = Reader::from_str(text);
    let mut stack: Vec<Element> = Vec::new();
    let mut root: Option<Element> = None;
    loop {
        let before = reader.buffer_position();
        let event = reader
            .read_event()
            .map_err(|e| syntax(reader.error_position(), e.to_string()))?;
        let at = usize::try_from(before).unwrap_or(usize::MAX);
        let closed = match event {
            Event::Start(e) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(syntax(
                        before,
                        format!("elements are nested more than {MAX_DEPTH} deep"),
                    ));
                }
                stack.push(element(&e, at).map_err(|m| syntax(before, m))?);
                None
            }
            Event::Empty(e) => Some(element(&e, at).map_err(|m| syntax(before, m))?),
            Event::End(_) => stack.pop(),
            Event::Text(t) => {
                let s = t
                    .xml10_content()
                    .map_err(|e| syntax(before, e.to_string()))?;
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&s);
                }
                None
            }
            Event::CData(c) => {
                let s = c.decode().map_err(|e| syntax(before, e.to_string()))?;
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&s);
                }
                None
            }
            Event::GeneralRef(r) => {
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    Ok(None) => {
                        let entity = r.decode().map_err(|e| syntax(before, e.to_string()))?;
                        quick_xml::escape::resolve_predefined_entity(&entity)
                            .ok_or_else(|| syntax(before, format!("unknown entity &{entity};")))?
                            .to_owned()
                    }
                    Err(e) => return Err(syntax(before, e.to_string())),
                };
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&resolved);
                }
                None
            }
            Event::Eof => break,
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => None,
        };
        if let Some(done) = closed {
            match stack.last_mut() {
                Some(parent) => parent.children.push(done),
                None if root.is_none() => root = Some(done),
                None => return Err(syntax(before, "more than one root element".into())),
            }
        }
    }
    if let Some(open) = stack.last() {
        return Err(syntax(
            open.at as u64,
            format!("<{}> is never closed", open.name),
        ));
    }
    root.ok_or_else(|| syntax(0, "no XML element in the file".into()))
}

fn element(e: &BytesStart<'_>, at: usize) -> Result<Element, String> {
    let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
    let mut attributes = Vec::new();
    for a in e.attributes() {
        let a = a.map_err(|e| e.to_string())?;
        let key = String::from_utf8_lossy(a.key.local_name().as_ref()).into_owned();
        let value = a
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map_err(|e| e.to_string())?;
        attributes.push((key, value.into_owned()));
    }
    Ok(Element {
        name,
        attributes,
        children: Vec::new(),
        text: String::new(),
        at,
    })
}

/// Every `Placemark` under `el`, in document order.
fn placemarks<'a>(el: &'a Element, out: &mut Vec<&'a Element>) {
    for c in &el.children {
        if c.name == "Placemark" {
            out.push(c);
        } else {
            placemarks(c, out);
        }
    }
}

// ---------------------------------------------------------------------------------------------------
// Import

/// Reads KML leniently: the good placemarks and the rejected ones with reasons. An XML error, or a root
/// element other than `<kml>`, fails the whole import.
pub fn import(text: &str, name: &str) -> Result<(Dataset, Vec<Problem>), LoadError> {
    let root = parse(text, name)?;
    if root.name != "kml" {
        let (line, column) = line_col(text, root.at);
        return Err(LoadError::Syntax {
            path: name.to_owned(),
            line,
            column,
            message: format!("the root element is <{}>; expected <kml>", root.name),
        });
    }
    let title = root
        .child("Document")
        .and_then(|doc| doc.child_text("name"))
        .unwrap_or_default();
    let mut b = Builder::new(title);
    let mut found = Vec::new();
    placemarks(&root, &mut found);
    let marks: Vec<Mark<'_>> = found
        .into_iter()
        .enumerate()
        .map(|(i, el)| Mark::new(text, el, i))
        .collect();
    // Places first, so that meetings and legs anywhere in the file find them.
    let (places, others): (Vec<_>, Vec<_>) = marks.into_iter().partition(Mark::is_place);
    for m in places.into_iter().chain(others) {
        m.read(&mut b);
    }
    Ok(b.finish())
}

/// What a placemark's geometry is.
enum Shape {
    None,
    Point(f64, f64),
    Line((f64, f64), (f64, f64)),
    Other(String),
    Invalid(String),
}

/// One placemark being read.
struct Mark<'a> {
    text: &'a str,
    el: &'a Element,
    origin: Origin,
    /// `ExtendedData` values by name, with where each is.
    data: Vec<(String, String, usize)>,
    shape: Shape,
    /// `TimeStamp/when` or `TimeSpan/begin`, and `TimeSpan/end`, with where the element is.
    begin: Option<(String, usize)>,
    end: Option<(String, usize)>,
    errors: Vec<Problem>,
}

impl<'a> Mark<'a> {
    fn new(text: &'a str, el: &'a Element, index: usize) -> Self {
        let mut data = Vec::new();
        if let Some(extended) = el.child("ExtendedData") {
            for d in &extended.children {
                match d.name.as_str() {
                    "Data" => {
                        let value = d.child("value").map(|v| v.text.trim().to_owned());
                        if let Some(name) = d.attribute("name") {
                            data.push((name.to_owned(), value.unwrap_or_default(), d.at));
                        }
                    }
                    "SchemaData" => {
                        for s in d.children.iter().filter(|s| s.name == "SimpleData") {
                            if let Some(name) = s.attribute("name") {
                                data.push((name.to_owned(), s.text.trim().to_owned(), s.at));
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
        let (begin, end) = if let Some(stamp) = el.child("TimeStamp") {
            (stamp.child_text("when").map(|w| (w, stamp.at)), None)
        } else if let Some(span) = el.child("TimeSpan") {
            (
                span.child_text("begin").map(|w| (w, span.at)),
                span.child_text("end").map(|w| (w, span.at)),
            )
        } else {
            (None, None)
        };
        let label = el
            .child_text("name")
            .filter(|n| !n.is_empty())
            .or_else(|| el.attribute("id").map(str::to_owned));
        let record = match label {
            Some(label) => format!("Placemark \"{label}\""),
            None => format!("Placemark {}", index + 1),
        };
        Self {
            text,
            el,
            origin: Origin::new(record, Some(line_col(text, el.at))),
            data,
            shape: shape(el),
            begin: begin.filter(|(w, _)| !w.is_empty()),
            end: end.filter(|(w, _)| !w.is_empty()),
            errors: Vec::new(),
        }
    }

    /// The data `name`, if present (possibly empty).
    fn data(&self, name: &str) -> Option<&str> {
        self.data
            .iter()
            .find(|(k, ..)| k == name)
            .map(|(_, v, _)| v.as_str())
    }

    /// The data `name`, if present and not empty.
    fn value(&self, name: &str) -> Option<String> {
        self.data(name).filter(|v| !v.is_empty()).map(str::to_owned)
    }

    fn kind(&self) -> Option<&str> {
        self.data("kind")
    }

    fn has_time(&self) -> bool {
        self.begin.is_some()
            || ["start", "when", "departure", "arrival"]
                .iter()
                .any(|k| self.value(k).is_some())
    }

    /// A point with no time: a place, read before everything else.
    fn is_place(&self) -> bool {
        matches!(self.shape, Shape::Point(..)) && self.is_place_kind()
    }

    /// Where the data `name` is, else where the element `name` is, else the placemark.
    fn at(&self, name: &str) -> At {
        let offset = self
            .data
            .iter()
            .find(|(k, ..)| k == name)
            .map(|(.., at)| *at)
            .or_else(|| self.el.find(name).map(|c| c.at));
        offset.map(|o| line_col(self.text, o)).or(self.origin.at)
    }

    fn fail(&mut self, field: &str, message: impl Into<String>) {
        let at = self.at(field);
        self.errors.push(self.origin.problem(field, message, at));
    }

    /// The origin with the validator's fields named after the data (or elements) that gave them.
    fn origin_with(&self, fields: &[(&'static str, &str)]) -> Origin {
        fields
            .iter()
            .fold(self.origin.clone(), |o, (ours, theirs)| {
                o.field(ours, *theirs, self.at(theirs))
            })
    }

    /// A time from the data `name` when present (empty: not reported), else from the KML element.
    fn time(&self, name: &str, element: Option<&(String, usize)>) -> (Option<String>, At, String) {
        match self.data(name) {
            Some(v) => (
                Some(v.to_owned()).filter(|v| !v.is_empty()),
                self.at(name),
                name.to_owned(),
            ),
            None => {
                let el_name = if self.el.child("TimeSpan").is_some() {
                    "TimeSpan"
                } else {
                    "TimeStamp"
                };
                (
                    element.map(|(w, _)| w.clone()),
                    element.map(|(_, at)| line_col(self.text, *at)),
                    el_name.to_owned(),
                )
            }
        }
    }

    fn list(&self, name: &str) -> Vec<String> {
        self.data(name)
            .map(|v| split_list(v).map(str::to_owned).collect())
            .unwrap_or_default()
    }

    fn certainty(&mut self) -> crate::data::Certainty {
        let word = self.value("certainty").unwrap_or_default();
        parse_certainty(&word).unwrap_or_else(|message| {
            self.fail("certainty", message);
            crate::data::Certainty::default()
        })
    }

    fn read(mut self, b: &mut Builder) {
        match std::mem::replace(&mut self.shape, Shape::None) {
            Shape::Point(lon, lat) if self.kind() == Some("stay") => {
                self.read_stay(b, Some((lon, lat)));
            }
            Shape::None if self.kind() == Some("stay") => self.read_stay(b, None),
            Shape::Point(lon, lat) if self.is_place_kind() => self.read_place(b, lon, lat),
            Shape::Point(lon, lat) => self.read_meeting(b, lon, lat),
            Shape::Line(from, to) => self.read_leg(b, from, to),
            Shape::None if self.kind() == Some("note") || self.has_time() => self.read_note(b),
            Shape::None => self.fail(
                "Placemark",
                "no geometry and no time: not a place, leg, meeting or note",
            ),
            Shape::Other(kind) => self.fail(
                kind.as_str(),
                format!(
                    "a {kind} is not a place, a leg or a meeting (expected Point or LineString)"
                ),
            ),
            Shape::Invalid(message) => self.fail("coordinates", message),
        }
        for p in self.errors {
            b.problem(p);
        }
    }

    fn is_place_kind(&self) -> bool {
        self.kind() == Some("place")
            || (!matches!(self.kind(), Some("meeting" | "stay")) && !self.has_time())
    }

    /// A place's origin: its name, position and zone.
    fn place_origin(&self, name: &str, tz: &str) -> Origin {
        self.origin_with(&[
            ("name", name),
            ("lat", "coordinates"),
            ("lon", "coordinates"),
            ("tz", tz),
        ])
    }

    fn read_place(&mut self, b: &mut Builder, lon: f64, lat: f64) {
        let place = NewPlace {
            id: self
                .value("id")
                .or_else(|| self.el.attribute("id").map(str::to_owned)),
            name: self.el.child_text("name").filter(|n| !n.is_empty()),
            city: self.value("city"),
            country: self.value("country").unwrap_or_default(),
            lat,
            lon,
            tz: self.value("tz"),
            accuracy: self.value("accuracy"),
            listed: true,
        };
        let origin = self.place_origin("name", "tz");
        // A problem (no zone) is recorded by the builder.
        let _place_id = b.place(place, &[], origin, "tz");
    }

    fn read_meeting(&mut self, b: &mut Builder, lon: f64, lat: f64) {
        let (start, start_at, start_field) = self.time("start", self.begin.as_ref());
        // With the precise `start` data (as the export writes), only the `end` data gives an end: the
        // time span then shows the meeting's estimated length, not a reported end.
        let (end, end_field) = if self.data("start").is_some() {
            (self.value("end"), "end".to_owned())
        } else {
            let (end, _, field) = self.time("end", self.end.as_ref());
            (end, field)
        };
        let certainty = self.certainty();
        let durations: Vec<(String, u32)> = self
            .list("durations")
            .into_iter()
            .filter_map(|item| {
                let parsed = parse_duration(&item);
                if parsed.is_none() {
                    self.fail(
                        "durations",
                        format!("\"{item}\" is not a duration; expected text then minutes, e.g. \"about 3 hours (180 min)\""),
                    );
                }
                parsed
            })
            .collect();
        let Some(start) = start else {
            self.errors.push(self.origin.problem(
                start_field,
                "a meeting needs a start time",
                start_at,
            ));
            return;
        };
        if !self.errors.is_empty() {
            return;
        }
        let name_field = if self.value("place").is_some() {
            "place"
        } else {
            "name"
        };
        let place = NewPlace {
            id: None,
            name: self
                .value("place")
                .or_else(|| self.el.child_text("name").filter(|n| !n.is_empty())),
            city: self.value("city"),
            country: self.value("country").unwrap_or_default(),
            lat,
            lon,
            tz: self.value("tz"),
            accuracy: None,
            listed: false,
        };
        let times: Vec<&str> = std::iter::once(start.as_str())
            .chain(end.as_deref())
            .collect();
        let origin = self.place_origin(name_field, "tz");
        let Some(place_id) = b.place(place, &times, origin, "tz") else {
            return;
        };
        let origin = self.origin_with(&[
            ("id", "id"),
            ("place", "coordinates"),
            ("start", &start_field),
            ("end", &end_field),
            ("duration", "durations"),
            ("participants", "participants"),
            ("sources", "sources"),
        ]);
        let topic = self
            .value("topic")
            .or_else(|| self.el.child_text("description"))
            .unwrap_or_default();
        let meeting = FileMeeting {
            id: b.record_id(RecordKind::Meeting, self.value("id").as_deref(), &place_id),
            place: place_id,
            venue: self.value("venue"),
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
            participants: b.people(self.list("participants").iter().map(String::as_str)),
            topic,
            certainty,
            sources: b.sources(self.list("sources").iter().map(String::as_str)),
            disputes: Vec::new(),
            note: self.value("note"),
        };
        b.meeting(meeting, origin);
    }

    fn read_leg(&mut self, b: &mut Builder, from: (f64, f64), to: (f64, f64)) {
        let (departure, _, departure_field) = self.time("departure", self.begin.as_ref());
        let (arrival, _, arrival_field) = self.time("arrival", self.end.as_ref());
        let certainty = self.certainty();
        if !self.errors.is_empty() {
            return;
        }
        let mut ids = Vec::with_capacity(2);
        for (end, (lon, lat), time) in [("from", from, &departure), ("to", to, &arrival)] {
            let tz_field = format!("{end}_tz");
            let place = NewPlace {
                id: None,
                name: self.value(end),
                city: self.value(&format!("{end}_city")),
                country: self.value(&format!("{end}_country")).unwrap_or_default(),
                lat,
                lon,
                tz: self.value(&tz_field),
                accuracy: None,
                listed: false,
            };
            let times: Vec<&str> = time.as_deref().into_iter().collect();
            let origin = self.place_origin(end, &tz_field);
            ids.push(b.place(place, &times, origin, &tz_field));
        }
        let (Some(Some(from_id)), Some(Some(to_id))) = (ids.first().cloned(), ids.get(1).cloned())
        else {
            return;
        };
        let origin = self.origin_with(&[
            ("id", "id"),
            ("from", "coordinates"),
            ("to", "coordinates"),
            ("travellers", "travellers"),
            ("departure", &departure_field),
            ("arrival", &arrival_field),
            ("sources", "sources"),
        ]);
        let fallback = format!("{from_id}-{to_id}");
        let leg = FileLeg {
            id: b.record_id(RecordKind::Leg, self.value("id").as_deref(), &fallback),
            travellers: b.people(self.list("travellers").iter().map(String::as_str)),
            from: from_id,
            to: to_id,
            departure,
            arrival,
            certainty,
            sources: b.sources(self.list("sources").iter().map(String::as_str)),
            disputes: Vec::new(),
            note: self.value("note"),
        };
        b.leg(leg, origin);
    }

    fn read_stay(&mut self, b: &mut Builder, at: Option<(f64, f64)>) {
        let (start, start_at, start_field) = self.time("start", self.begin.as_ref());
        // With the `start` data (as the export writes), only the `end` data gives an end: the time span
        // then covers whole days in UTC, not the local days reported.
        let (end, end_field) = if self.data("start").is_some() {
            (self.value("end"), "end".to_owned())
        } else {
            let (end, _, field) = self.time("end", self.end.as_ref());
            (end, field)
        };
        let geocode = self.geocode();
        let Some(person) = self.value("person") else {
            self.fail("person", "a stay needs its `person`");
            return;
        };
        let Some(start) = start else {
            self.errors.push(
                self.origin
                    .problem(start_field, "a stay needs a start", start_at),
            );
            return;
        };
        if !self.errors.is_empty() {
            return;
        }
        let end = end.filter(|e| *e != start);
        let place = match at {
            Some((lon, lat)) => {
                let name_field = if self.value("place").is_some() {
                    "place"
                } else {
                    "name"
                };
                let place = NewPlace {
                    id: None,
                    name: self
                        .value("place")
                        .or_else(|| geocode.as_ref().map(|g| g.place_text.clone()))
                        .filter(|n| !n.trim().is_empty()),
                    city: self.value("city"),
                    country: self.value("country").unwrap_or_default(),
                    lat,
                    lon,
                    tz: self.value("tz").or_else(|| {
                        super::build::nearest_tz(geodesy::lat_lon(lat, lon))
                            .map(|t| t.name().to_owned())
                    }),
                    accuracy: None,
                    listed: false,
                };
                let times: Vec<&str> = std::iter::once(start.as_str())
                    .chain(end.as_deref())
                    .collect();
                let origin = self.place_origin(name_field, "tz");
                let Some(id) = b.place(place, &times, origin, "tz") else {
                    return;
                };
                Some(id)
            }
            None => None,
        };
        let origin = self.origin_with(&[
            ("id", "id"),
            ("person", "person"),
            ("place", "coordinates"),
            ("start", &start_field),
            ("end", &end_field),
            ("sources", "sources"),
        ]);
        let stay = FileStay {
            id: b.record_id(RecordKind::Stay, self.value("id").as_deref(), "stay"),
            person: b.person(&person),
            place,
            start,
            end,
            role: self.value("role"),
            remarks: self.value("remarks"),
            sources: b.sources(self.list("sources").iter().map(String::as_str)),
            geocode,
        };
        b.stay(stay, origin);
    }

    /// Where a stay's place came from, when any of its data is there.
    fn geocode(&mut self) -> Option<Geocode> {
        const PROVENANCE: [&str; 7] = [
            "place_text",
            "country_text",
            "geocode",
            "geonames_id",
            "matched",
            "others",
            "geocode_reason",
        ];
        if PROVENANCE.iter().all(|k| self.value(k).is_none()) {
            return None;
        }
        let status = match self.value("geocode") {
            None => GeocodeStatus::Given,
            Some(word) => parse_geocode_status(&word).unwrap_or_else(|message| {
                self.fail("geocode", message);
                GeocodeStatus::Unresolved
            }),
        };
        let geonames_id = self.value("geonames_id").and_then(|id| {
            let parsed = id.parse::<u32>().ok();
            if parsed.is_none() {
                self.fail(
                    "geonames_id",
                    format!("\"{id}\" is not a GeoNames id (a whole number)"),
                );
            }
            parsed
        });
        Some(Geocode {
            place_text: self.value("place_text").unwrap_or_default(),
            country_text: self.value("country_text"),
            status,
            geonames_id,
            matched: self.value("matched"),
            candidates: Vec::new(),
            others: self.list("others"),
            reason: self.value("geocode_reason"),
        })
    }

    fn read_note(&mut self, b: &mut Builder) {
        let (when, when_at, when_field) = self.time("when", self.begin.as_ref());
        let certainty = self.certainty();
        let Some(when) = when else {
            self.errors.push(
                self.origin
                    .problem(when_field, "a note needs a time", when_at),
            );
            return;
        };
        let tz = match self.value("tz") {
            Some(tz) => tz,
            None if super::has_offset(&when) => "UTC".to_owned(),
            None => {
                self.fail(
                    "tz",
                    "no time zone: give the note's IANA zone (e.g. Europe/Moscow), or give its time \
                     with a UTC offset",
                );
                return;
            }
        };
        if !self.errors.is_empty() {
            return;
        }
        let origin = self.origin_with(&[
            ("id", "id"),
            ("when", &when_field),
            ("tz", "tz"),
            ("people", "people"),
            ("sources", "sources"),
        ]);
        let text = self
            .value("text")
            .or_else(|| self.el.child_text("description").filter(|d| !d.is_empty()))
            .or_else(|| self.el.child_text("name"))
            .unwrap_or_default();
        let note = FileNote {
            id: b.record_id(RecordKind::Note, self.value("id").as_deref(), "note"),
            when,
            tz,
            text,
            people: b.people(self.list("people").iter().map(String::as_str)),
            certainty,
            sources: b.sources(self.list("sources").iter().map(String::as_str)),
        };
        b.note(note, origin);
    }
}

/// `lon,lat[,alt]` tuples separated by white space.
fn coordinates(el: &Element) -> Result<Vec<(f64, f64)>, String> {
    let text = el.child_text("coordinates").unwrap_or_default();
    text.split_whitespace()
        .map(|tuple| {
            let mut parts = tuple.split(',').map(|p| p.trim().parse::<f64>());
            match (parts.next(), parts.next()) {
                (Some(Ok(lon)), Some(Ok(lat))) if lon.is_finite() && lat.is_finite() => {
                    Ok((lon, lat))
                }
                _ => Err(format!(
                    "\"{tuple}\" is not a position; expected longitude,latitude[,altitude]"
                )),
            }
        })
        .collect()
}

fn point_shape(point: &Element) -> Shape {
    match coordinates(point) {
        Ok(points) => match points.as_slice() {
            [(lon, lat)] => Shape::Point(*lon, *lat),
            _ => Shape::Invalid("a Point needs one position: longitude,latitude".into()),
        },
        Err(e) => Shape::Invalid(e),
    }
}

/// The geometry of a placemark (the first one it has).
fn shape(placemark: &Element) -> Shape {
    const GEOMETRIES: [&str; 8] = [
        "Point",
        "LineString",
        "MultiGeometry",
        "Polygon",
        "LinearRing",
        "Model",
        "Track",
        "MultiTrack",
    ];
    let Some(geometry) = placemark
        .children
        .iter()
        .find(|c| GEOMETRIES.contains(&c.name.as_str()))
    else {
        return Shape::None;
    };
    let line = |points: Vec<(f64, f64)>| match (points.first(), points.last()) {
        (Some(a), Some(b)) if points.len() >= 2 => Shape::Line(*a, *b),
        _ => Shape::Invalid("a LineString needs at least two positions".into()),
    };
    match geometry.name.as_str() {
        "Point" => point_shape(geometry),
        "LineString" => coordinates(geometry).map_or_else(Shape::Invalid, line),
        "MultiGeometry" => {
            let parts: Vec<&Element> = geometry.children.iter().collect();
            if parts.iter().all(|p| p.name == "LineString") && !parts.is_empty() {
                let points: Result<Vec<Vec<(f64, f64)>>, String> =
                    parts.iter().map(|p| coordinates(p)).collect();
                points.map_or_else(Shape::Invalid, |p| line(p.concat()))
            } else if let [single] = parts.as_slice()
                && single.name == "Point"
            {
                point_shape(single)
            } else {
                Shape::Other("MultiGeometry that is not only LineStrings".into())
            }
        }
        other => Shape::Other(other.to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::bundled;

    fn kml(placemarks: &str) -> String {
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<kml xmlns=\"http://www.opengis.net/kml/2.2\">\n<Document>\n<name>Trips</name>\n{placemarks}\n</Document>\n</kml>\n"
        )
    }

    #[test]
    fn a_google_earth_point_with_a_time_stamp_is_a_meeting() {
        let text = kml(
            "<Placemark>\n<name>Kremlin</name>\n<description><![CDATA[Talks <b>long</b>]]></description>\n<TimeStamp><when>2025-04-11T14:30:00Z</when></TimeStamp>\n<Point><coordinates>37.6178,55.7517,0</coordinates></Point>\n</Placemark>",
        );
        let (d, problems) = import(&text, "t.kml").unwrap();
        assert_eq!(problems, []);
        assert_eq!(d.title, "Trips");
        let m = &d.meetings[0];
        assert_eq!(m.topic, "Talks <b>long</b>");
        assert_eq!(m.start.start_utc.to_rfc3339(), "2025-04-11T14:30:00+00:00");
        let place = d.place(m.place).unwrap();
        assert_eq!(
            (place.name.as_str(), place.position.x()),
            ("Kremlin", 37.6178)
        );
    }

    #[test]
    fn a_bare_date_without_a_zone_is_a_problem_naming_the_placemark() {
        let text = kml(
            "<Placemark>\n<name>Kremlin</name>\n<TimeStamp><when>2025-04-11</when></TimeStamp>\n<Point><coordinates>37.6,55.75</coordinates></Point>\n</Placemark>",
        );
        let (d, problems) = import(&text, "t.kml").unwrap();
        assert!(d.meetings.is_empty());
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].record, "Placemark \"Kremlin\"");
        assert_eq!(problems[0].field, "tz");
        assert_eq!(problems[0].line, Some(5));
    }

    #[test]
    fn entities_and_simple_data_are_read() {
        let text = kml(
            "<Placemark><name>A &amp; B &#x263A;</name><ExtendedData><SchemaData schemaUrl=\"#s\"><SimpleData name=\"tz\">Europe/Moscow</SimpleData></SchemaData></ExtendedData><Point><coordinates>37.6,55.75</coordinates></Point></Placemark>",
        );
        let (d, problems) = import(&text, "t.kml").unwrap();
        assert_eq!(problems, []);
        assert_eq!(d.places[0].name, "A & B ☺");
        assert_eq!(d.places[0].tz, chrono_tz::Europe::Moscow);
    }

    #[test]
    fn xml_errors_name_the_line_and_column() {
        let text = kml("<Placemark><name>x</nam></Placemark>");
        let err = import(&text, "t.kml").unwrap_err();
        assert!(matches!(err, LoadError::Syntax { line: 5, .. }), "{err}");
        let unclosed = "<kml>\n<Document>\n<Placemark>";
        let err = import(unclosed, "t.kml").unwrap_err();
        assert!(matches!(err, LoadError::Syntax { .. }), "{err}");
        let entity = kml("<Placemark><name>&nbsp;</name></Placemark>");
        let err = import(&entity, "t.kml").unwrap_err();
        assert!(err.to_string().contains("&nbsp;"), "{err}");
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_stack_overflow() {
        let deep = format!(
            "<kml>{}{}</kml>",
            "<a>".repeat(100_000),
            "</a>".repeat(100_000)
        );
        let err = import(&deep, "t.kml").unwrap_err();
        assert!(err.to_string().contains("nested more than"), "{err}");
    }

    #[test]
    fn polygons_and_tracks_are_reported_not_dropped() {
        let text = kml(
            "<Placemark><name>Area</name><Polygon/></Placemark>\n<Placemark><name>T</name><gx:Track/></Placemark>",
        );
        let (_, problems) = import(&text, "t.kml").unwrap();
        let fields: Vec<_> = problems.iter().map(|p| p.field.as_str()).collect();
        assert_eq!(fields, ["Polygon", "Track"]);
    }

    #[test]
    fn a_line_string_is_a_leg_between_its_ends() {
        let text = kml(
            "<Placemark><name>Flight</name><TimeSpan><begin>2025-02-10T22:40:00Z</begin><end>2025-02-11T07:00:00Z</end></TimeSpan><ExtendedData><Data name=\"travellers\"><value>Steve Witkoff</value></Data></ExtendedData><LineString><coordinates>-77.4565,38.9531 0,50 37.2675,55.5961</coordinates></LineString></Placemark>",
        );
        let (d, problems) = import(&text, "t.kml").unwrap();
        assert_eq!(problems, []);
        let leg = &d.legs[0];
        assert_eq!(d.place(leg.to).unwrap().position.y(), 55.5961);
        assert_eq!(
            leg.arrival.unwrap().start_utc.to_rfc3339(),
            "2025-02-11T07:00:00+00:00"
        );
        assert_eq!(d.names(&leg.travellers), "Steve Witkoff");
    }

    #[test]
    fn the_export_is_well_formed_and_plays_in_time() {
        let d = bundled().unwrap();
        let text = export(&d);
        let root = parse(&text, "x.kml").unwrap();
        let mut marks = Vec::new();
        placemarks(&root, &mut marks);
        assert_eq!(
            marks.len(),
            d.places.len() + d.legs.len() + d.meetings.len() + d.notes.len()
        );
        let spans = marks
            .iter()
            .filter(|m| m.child("LineString").is_some())
            .filter(|m| m.child("TimeSpan").is_some())
            .count();
        assert_eq!(spans, d.legs.len());
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(esc("a<b & \"c\"\u{1}"), "a&lt;b &amp; &quot;c&quot;");
    }
}
