//! GeoJSON (RFC 7946): WGS84, and every position is `[longitude, latitude]`, longitude first.
//!
//! # Export
//!
//! One `FeatureCollection`, one feature per line of text:
//! - a `Point` per place: Feature `id` = the place's id; properties `kind: "place"`, `name`, `city`,
//!   `country`, `tz`, `accuracy`;
//! - a `LineString` per leg (a `MultiLineString` when it crosses the antimeridian, split there as section
//!   3.1.9 asks), densified along the great circle like the map draws it: Feature `id` = the leg's id;
//!   properties `kind: "leg"`, `travellers` (names), `from`, `to` (place names), `from_tz`, `to_tz`,
//!   `departure`, `arrival` (time strings in the place's zone, as in the native file; `null` when not
//!   reported), `distance_km` (information only), `certainty`, `sources`, `disputes`, `note`;
//! - a `Point` per meeting: Feature `id` = the meeting's id; properties `kind: "meeting"`, `place` (name),
//!   `city`, `country`, `tz`, `venue`, `start`, `end`, `durations` (`[{text, minutes, sources}]`),
//!   `participants` (names), `topic`, `certainty`, `sources`, `disputes` (`[{field, claim, sources}]`),
//!   `note`;
//! - a feature with `"geometry": null` per note: properties `kind: "note"`, `when`, `tz`, `text`, `people`,
//!   `certainty`, `sources`;
//! - a feature per stay, a `Point` at its place or `"geometry": null` when the place is not known
//!   (RFC 7946 allows that): Feature `id` = the stay's id; properties `kind: "stay"`, `person` (name),
//!   `start`, `end` (in the place's zone; the same day for a one-day stay), `place`, `city`, `country`,
//!   `tz` (the place, when there is one), `place_text` and `country_text` (the text the place came from,
//!   exactly as written), `geocode` (`given`, `exact`, `alternate`, `fuzzy`, `country`, `ambiguous` or
//!   `unresolved`), `geonames_id`, `matched`, `candidates` (`[{geonames_id, name, country, lat, lon,
//!   tz}]`), `others` (the other places of a list), `geocode_reason`, `role`, `remarks`, `sources`.
//!
//! Inferred legs are not written: they are worked out again from the stays when the file is read.
//!
//! Sources are written `Title <url>` (the title alone when there is no URL). A foreign member `travelmap`
//! holds `title`, `people` (`[{id, name, role}]`) and `sources` (`[{id, title, publisher, url}]`), so a
//! round trip through GeoJSON gives back the same dataset.
//!
//! # Import
//!
//! A `FeatureCollection`, or a single `Feature`. Unknown properties (styling and the like) are ignored;
//! any other geometry (`Polygon`, `MultiPoint`, …) is reported and left out.
//! - A **`Point` with a time** — `start`, or else `time`, `timestamp` or `when` — or with
//!   `"kind": "meeting"` is a meeting at that place. Place: `place` or `name`, `city`, `country`, `tz`.
//!   Meeting: `end`, `venue`, `participants` (a list of names, or one text with `;` between names),
//!   `topic`, `certainty` (`confirmed`, `reported`, `uncertain`), `sources`, `durations`, `disputes`,
//!   `note`.
//! - A **`Point` without a time** is a place: `name` (or `place`), `city`, `country`, `tz`, `accuracy`.
//! - A **`LineString` or `MultiLineString`** is a leg from its first position to its last. Properties:
//!   `travellers`, `from`, `to` (place names), `from_tz`, `to_tz`, `from_city`, `from_country`,
//!   `to_city`, `to_country`, `departure`, `arrival`, `certainty`, `sources`, `disputes`, `note`.
//! - A feature with no geometry and `"kind": "note"` is a note: `when`, `tz`, `text`, `people`,
//!   `certainty`, `sources`.
//! - A feature with `"kind": "stay"` is a stay, at its `Point` or unplaced with no geometry: the
//!   properties the export writes. Without `tz`, the zone of the nearest gazetteer city is used.
//!
//! Times are the native strings (`2025-04-11`, `2025-04-11 morning`, `2025-04-11T17:30`,
//! `2025-04-11T17:30+03:00`, RFC 3339), read in the place's zone `tz` (an IANA name). Without `tz`, a place
//! whose times all carry a UTC offset is given "UTC"; one with a local time is a problem naming the
//! feature and `tz`. A place with the same name (any case) within 1 km of one already read, or a leg end
//! with no name within 1 km of one, is that place. The Feature `id` becomes the record's id; without one, an
//! id is made from the name.

use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::{Map, Value, json};

use super::EXPORT_SEGMENT_KM;
use super::build::{At, Builder, NewPlace, Origin};
use super::{line_col, parse_certainty, people_names, source_text, split_list};
use crate::data::RecordKind;
use crate::data::{
    Dataset, FileDispute, FileDuration, FileLeg, FileMeeting, FileNote, FilePerson, FileSource,
    FileStay, Geocode, GeocodeStatus, Leg, LoadError, Meeting, Note, Place, Problem, Stay, When,
};
use crate::geodesy::{self, Point};

/// The dataset as GeoJSON text: the collection's members first, then one feature per line, each
/// written `type`, `id`, `geometry`, `properties`.
pub fn export(d: &Dataset) -> String {
    let Value::Object(mut top) = to_geojson(d) else {
        return String::new();
    };
    let member = |v: Option<Value>| v.unwrap_or(Value::Null);
    let features = match top.remove("features") {
        Some(Value::Array(features)) => features,
        _ => Vec::new(),
    };
    let lines: Vec<String> = features
        .into_iter()
        .map(|f| {
            let Value::Object(mut f) = f else {
                return f.to_string();
            };
            format!(
                "{{\"type\":\"Feature\",\"id\":{},\"geometry\":{},\"properties\":{}}}",
                member(f.remove("id")),
                member(f.remove("geometry")),
                member(f.remove("properties"))
            )
        })
        .collect();
    format!(
        "{{\"type\":\"FeatureCollection\",\n\"travelmap\":{},\n\"features\":[\n{}\n]}}\n",
        member(top.remove("travelmap")),
        lines.join(",\n")
    )
}

/// The dataset as one RFC 7946 `FeatureCollection`: a point per place, a line per leg, a point per
/// meeting and an unlocated feature per note (see the module docs).
pub fn to_geojson(d: &Dataset) -> Value {
    let places = d.places.iter().map(place_feature);
    let legs = d
        .legs
        .iter()
        .filter(|l| l.certainty != crate::data::Certainty::Inferred)
        .filter_map(|l| leg_feature(d, l));
    let meetings = d.meetings.iter().filter_map(|m| meeting_feature(d, m));
    let notes = d.notes.iter().map(|n| note_feature(d, n));
    let stays = d.stays.iter().map(|st| stay_feature(d, st));
    json!({
        "type": "FeatureCollection",
        "travelmap": catalog(d),
        "features": places.chain(legs).chain(meetings).chain(notes).chain(stays).collect::<Vec<_>>(),
    })
}

/// `title`, `people` and `sources`: what features refer to by name, with the ids and details that keep
/// a round trip exact.
fn catalog(d: &Dataset) -> Value {
    let people: Vec<Value> = d
        .people
        .iter()
        .map(|p| without_nulls(json!({ "id": p.id, "name": p.name, "role": p.role })))
        .collect();
    let sources: Vec<Value> = d
        .sources
        .iter()
        .map(|s| {
            without_nulls(json!({
                "id": s.id, "title": s.title, "publisher": s.publisher, "url": s.url,
            }))
        })
        .collect();
    json!({ "title": d.title, "people": people, "sources": sources })
}

fn without_nulls(mut v: Value) -> Value {
    if let Value::Object(map) = &mut v {
        map.retain(|_, v| !v.is_null());
    }
    v
}

/// `[lon, lat]`: GeoJSON is longitude first.
fn lon_lat(p: Point) -> Value {
    json!([p.x(), p.y()])
}

/// `[lon, lat]` rounded to six decimals (about 10 cm), for the points densified along a leg.
fn lon_lat_rounded(p: Point) -> Value {
    json!([round6(p.x()), round6(p.y())])
}

fn round6(deg: f64) -> f64 {
    (deg * 1e6).round() / 1e6
}

fn when_property(w: Option<When>, tz: chrono_tz::Tz) -> Value {
    w.map_or(Value::Null, |w| Value::String(w.to_file_string(tz)))
}

fn sources_property(d: &Dataset, sources: &[crate::data::SourceIdx]) -> Value {
    sources.iter().filter_map(|s| source_text(d, *s)).collect()
}

fn disputes_property(d: &Dataset, disputes: &[crate::data::Dispute]) -> Value {
    disputes
        .iter()
        .map(|x| json!({ "field": x.field, "claim": x.claim, "sources": sources_property(d, &x.sources) }))
        .collect()
}

fn place_feature(p: &Place) -> Value {
    json!({
        "type": "Feature",
        "id": p.id,
        "geometry": { "type": "Point", "coordinates": lon_lat(p.position) },
        "properties": {
            "kind": "place",
            "name": p.name,
            "city": p.city,
            "country": p.country,
            "tz": p.tz.name(),
            "accuracy": p.accuracy,
        },
    })
}

fn leg_feature(d: &Dataset, leg: &Leg) -> Option<Value> {
    let (from, to) = (d.place(leg.from)?, d.place(leg.to)?);
    let arc = geodesy::great_circle(from.position, to.position, EXPORT_SEGMENT_KM);
    let lines: Vec<Vec<Value>> = arc
        .parts
        .iter()
        .map(|part| part.iter().map(|p| lon_lat_rounded(*p)).collect())
        .collect();
    let geometry = match lines.as_slice() {
        [single] => json!({ "type": "LineString", "coordinates": single }),
        _ => json!({ "type": "MultiLineString", "coordinates": lines }),
    };
    Some(json!({
        "type": "Feature",
        "id": leg.id,
        "geometry": geometry,
        "properties": {
            "kind": "leg",
            "travellers": people_names(d, &leg.travellers),
            "from": from.name,
            "to": to.name,
            "from_tz": from.tz.name(),
            "to_tz": to.tz.name(),
            "departure": when_property(leg.departure, from.tz),
            "arrival": when_property(leg.arrival, to.tz),
            "distance_km": arc.distance_km.round(),
            "certainty": leg.certainty.label(),
            "sources": sources_property(d, &leg.sources),
            "disputes": disputes_property(d, &leg.disputes),
            "note": leg.note,
        },
    }))
}

fn meeting_feature(d: &Dataset, m: &Meeting) -> Option<Value> {
    let place = d.place(m.place)?;
    let durations: Vec<Value> = m
        .durations
        .iter()
        .map(|c| json!({ "text": c.text, "minutes": c.minutes, "sources": sources_property(d, &c.sources) }))
        .collect();
    Some(json!({
        "type": "Feature",
        "id": m.id,
        "geometry": { "type": "Point", "coordinates": lon_lat(place.position) },
        "properties": {
            "kind": "meeting",
            "place": place.name,
            "city": place.city,
            "country": place.country,
            "tz": place.tz.name(),
            "venue": m.venue,
            "start": m.start.to_file_string(place.tz),
            "end": when_property(m.end, place.tz),
            "durations": durations,
            "participants": people_names(d, &m.participants),
            "topic": m.topic,
            "certainty": m.certainty.label(),
            "sources": sources_property(d, &m.sources),
            "disputes": disputes_property(d, &m.disputes),
            "note": m.note,
        },
    }))
}

fn note_feature(d: &Dataset, n: &Note) -> Value {
    json!({
        "type": "Feature",
        "id": n.id,
        "geometry": null,
        "properties": {
            "kind": "note",
            "when": n.when.to_file_string(n.tz),
            "tz": n.tz.name(),
            "text": n.text,
            "people": people_names(d, &n.people),
            "certainty": n.certainty.label(),
            "sources": sources_property(d, &n.sources),
        },
    })
}

fn stay_feature(d: &Dataset, st: &Stay) -> Value {
    let place = st.place.and_then(|p| d.place(p));
    let tz = place.map_or(chrono_tz::UTC, |p| p.tz);
    let geometry = place.map_or(
        Value::Null,
        |p| json!({ "type": "Point", "coordinates": lon_lat(p.position) }),
    );
    let g = st.geocode.clone().unwrap_or_else(|| Geocode {
        place_text: place.map(|p| p.name.clone()).unwrap_or_default(),
        ..Geocode::default()
    });
    let candidates = serde_json::to_value(&g.candidates).unwrap_or(Value::Null);
    json!({
        "type": "Feature",
        "id": st.id,
        "geometry": geometry,
        "properties": without_nulls(json!({
            "kind": "stay",
            "person": d.person(st.person).map(|p| p.name.clone()),
            "start": st.start.to_file_string(tz),
            "end": st.end.to_file_string(tz),
            "place": place.map(|p| p.name.clone()),
            "city": place.map(|p| p.city.clone()),
            "country": place.map(|p| p.country.clone()),
            "tz": place.map(|p| p.tz.name()),
            "place_text": g.place_text,
            "country_text": g.country_text,
            "geocode": g.status.label(),
            "geonames_id": g.geonames_id,
            "matched": g.matched,
            "candidates": if g.candidates.is_empty() { Value::Null } else { candidates },
            "others": if g.others.is_empty() { Value::Null } else { json!(g.others) },
            "geocode_reason": g.reason,
            "role": st.role,
            "remarks": st.remarks,
            "sources": sources_property(d, &st.sources),
        })),
    })
}

// ---------------------------------------------------------------------------------------------------
// Import

/// The collection as serde first reads it: features are kept as raw text, so that each one's position in
/// the file is known. GeoJSON allows other members (`bbox`, `name`, …): they are ignored.
#[derive(Deserialize)]
struct Collection<'a> {
    #[serde(rename = "type", default)]
    kind: Option<String>,
    #[serde(borrow, default)]
    features: Option<Vec<&'a RawValue>>,
    #[serde(borrow, default)]
    travelmap: Option<&'a RawValue>,
}

/// The `travelmap` member our export writes.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Catalog {
    #[serde(default)]
    title: String,
    #[serde(default)]
    people: Vec<FilePerson>,
    #[serde(default)]
    sources: Vec<FileSource>,
}

/// A reported duration as the export writes it.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DurationProperty {
    text: String,
    minutes: u32,
    #[serde(default)]
    sources: Vec<String>,
}

/// A dispute as the export writes it.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DisputeProperty {
    field: String,
    claim: String,
    #[serde(default)]
    sources: Vec<String>,
}

/// Reads GeoJSON leniently: the good records and the rejected ones with reasons. A JSON syntax error, or
/// a file that is not a `FeatureCollection` or `Feature`, fails the whole import.
pub fn import(text: &str, name: &str) -> Result<(Dataset, Vec<Problem>), LoadError> {
    let syntax = |at: usize, e: &serde_json::Error| {
        // serde_json's line and column are relative to the slice it read.
        let (line, column) = line_col(text, at);
        let (line, column) = if e.line() <= 1 {
            (line, column + e.column().saturating_sub(1))
        } else {
            (line + e.line() - 1, e.column())
        };
        LoadError::Syntax {
            path: name.to_owned(),
            line,
            column,
            message: strip_position(&e.to_string()),
        }
    };
    let top: Collection<'_> = serde_json::from_str(text).map_err(|e| syntax(0, &e))?;
    let features: Vec<&RawValue> = match (top.kind.as_deref(), top.features) {
        (Some("FeatureCollection"), Some(features)) => features,
        (Some("Feature"), _) => vec![serde_json::from_str(text).map_err(|e| syntax(0, &e))?],
        (kind, _) => {
            let found = kind.map_or_else(
                || "no \"type\"".to_owned(),
                |k| format!("\"type\": \"{k}\""),
            );
            return Err(LoadError::Syntax {
                path: name.to_owned(),
                line: 1,
                column: 1,
                message: format!(
                    "not a GeoJSON FeatureCollection (found {found}; expected \"type\": \"FeatureCollection\" with \"features\")"
                ),
            });
        }
    };
    let offset_of = |raw: &RawValue| {
        raw.get()
            .as_ptr()
            .addr()
            .saturating_sub(text.as_ptr().addr())
    };

    let mut b = Builder::new(String::new());
    if let Some(raw) = top.travelmap {
        let at = offset_of(raw);
        let catalog: Catalog = serde_json::from_str(raw.get()).map_err(|e| syntax(at, &e))?;
        b.file.title = catalog.title;
        let origin = |list: &str, i: usize, id: &str| {
            Origin::new(
                format!("travelmap.{list}[{i}] \"{id}\""),
                Some(line_col(text, at)),
            )
        };
        for (i, p) in catalog.people.into_iter().enumerate() {
            let o = origin("people", i, &p.id);
            b.add_person(p, o);
        }
        for (i, s) in catalog.sources.into_iter().enumerate() {
            let o = origin("sources", i, &s.id);
            b.add_source(s, o);
        }
    }

    let mut parsed = Vec::with_capacity(features.len());
    for (index, raw) in features.into_iter().enumerate() {
        let offset = offset_of(raw);
        let value: Value = serde_json::from_str(raw.get()).map_err(|e| syntax(offset, &e))?;
        parsed.push(Feature::new(text, raw.get(), offset, index, value));
    }
    // Places first, so that meetings and legs anywhere in the file find them.
    let (places, others): (Vec<_>, Vec<_>) = parsed.into_iter().partition(Feature::is_place);
    for f in places.into_iter().chain(others) {
        f.read(&mut b);
    }
    Ok(b.finish())
}

/// `serde_json` appends " at line L column C"; the position is given first, ourselves.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message.get(..i).unwrap_or(message).to_owned(),
        None => message.to_owned(),
    }
}

/// What a feature's geometry is.
enum Shape {
    None,
    Point(f64, f64),
    Line((f64, f64), (f64, f64)),
    Other(String),
    Invalid(&'static str),
}

/// One feature being read, with what is needed to point at it in the file.
struct Feature<'a> {
    text: &'a str,
    raw: &'a str,
    offset: usize,
    origin: Origin,
    id: Option<String>,
    kind: Option<String>,
    shape: Shape,
    props: Map<String, Value>,
    errors: Vec<Problem>,
}

/// The properties that give a meeting its start, in order of preference.
const TIME_KEYS: [&str; 4] = ["start", "time", "timestamp", "when"];

impl<'a> Feature<'a> {
    fn new(text: &'a str, raw: &'a str, offset: usize, index: usize, value: Value) -> Self {
        let at = Some(line_col(text, offset));
        let mut f = Self {
            text,
            raw,
            offset,
            origin: Origin::new(format!("features[{index}]"), at),
            id: None,
            kind: None,
            shape: Shape::None,
            props: Map::new(),
            errors: Vec::new(),
        };
        let Value::Object(mut feature) = value else {
            f.fail("type", "expected a Feature object");
            return f;
        };
        if feature.get("type").and_then(Value::as_str) != Some("Feature") {
            f.fail("type", "expected \"type\": \"Feature\"");
        }
        f.id = match feature.get("id") {
            Some(Value::String(s)) => Some(s.clone()),
            Some(Value::Number(n)) => Some(n.to_string()),
            _ => None,
        };
        if let Some(id) = &f.id {
            f.origin.record = format!("features[{index}] \"{id}\"");
        }
        match feature.remove("properties") {
            Some(Value::Object(props)) => f.props = props,
            None | Some(Value::Null) => {}
            Some(_) => f.fail("properties", "expected an object"),
        }
        f.kind = f
            .props
            .get("kind")
            .and_then(Value::as_str)
            .map(str::to_owned);
        f.shape = shape(feature.get("geometry").unwrap_or(&Value::Null));
        f
    }

    /// A point with no time: a place, read before everything else.
    fn is_place(&self) -> bool {
        matches!(self.shape, Shape::Point(..)) && self.is_place_kind()
    }

    /// Line and column of the property `key` (`"key":` in the feature's text), if it is there.
    fn key_at(&self, key: &str) -> At {
        let needle = format!("\"{key}\"");
        self.raw
            .match_indices(&needle)
            .find(|(i, _)| {
                self.raw
                    .get(i + needle.len()..)
                    .is_some_and(|rest| rest.trim_start().starts_with(':'))
            })
            .map(|(i, _)| line_col(self.text, self.offset + i))
    }

    fn fail(&mut self, key: &str, message: impl Into<String>) {
        let at = self.key_at(key);
        self.errors.push(self.origin.problem(key, message, at));
    }

    /// The origin with the validator's field `ours` named as the property `theirs`.
    fn with_field(&self, origin: Origin, ours: &'static str, theirs: &str) -> Origin {
        origin.field(ours, theirs, self.key_at(theirs))
    }

    /// A text property; numbers are taken as their text. Absent or `null` is `None`.
    fn text(&mut self, key: &str) -> Option<String> {
        let found = match self.props.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(v @ (Value::Number(_) | Value::Bool(_))) => Ok(Some(v.to_string())),
            Some(_) => Err(()),
        };
        found.unwrap_or_else(|()| {
            self.fail(key, "expected text");
            None
        })
    }

    /// The first of `keys` that is present, with its value.
    fn first_text(&mut self, keys: &[&'static str]) -> Option<(&'static str, String)> {
        let key = keys
            .iter()
            .find(|k| self.props.get(**k).is_some_and(|v| !v.is_null()))?;
        Some((key, self.text(key)?))
    }

    /// A list of names or sources: an array of text, or one text with `;` between items.
    fn list(&mut self, key: &str) -> Vec<String> {
        let found = match self.props.get(key) {
            None | Some(Value::Null) => Ok(Vec::new()),
            Some(Value::String(s)) => Ok(split_list(s).map(str::to_owned).collect()),
            Some(Value::Array(items)) => items
                .iter()
                .map(|v| match v {
                    Value::String(s) => Ok(s.clone()),
                    Value::Number(n) => Ok(n.to_string()),
                    _ => Err(()),
                })
                .collect(),
            Some(_) => Err(()),
        };
        found.unwrap_or_else(|()| {
            self.fail(
                key,
                "expected a list of text, or one text with `;` between items",
            );
            Vec::new()
        })
    }

    fn certainty(&mut self) -> crate::data::Certainty {
        let word = self.text("certainty").unwrap_or_default();
        parse_certainty(&word).unwrap_or_else(|message| {
            self.fail("certainty", message);
            crate::data::Certainty::default()
        })
    }

    /// A list property of objects, read with serde.
    fn objects<T: serde::de::DeserializeOwned>(&mut self, key: &str, expected: &str) -> Vec<T> {
        let found = match self.props.get(key) {
            None | Some(Value::Null) => Ok(Vec::new()),
            Some(v) => Vec::<T>::deserialize(v).map_err(|e| e.to_string()),
        };
        found.unwrap_or_else(|e| {
            self.fail(key, format!("{e}; expected {expected}"));
            Vec::new()
        })
    }

    fn durations(&mut self) -> Vec<DurationProperty> {
        self.objects("durations", "[{\"text\", \"minutes\", \"sources\"}]")
    }

    fn disputes(&mut self) -> Vec<DisputeProperty> {
        self.objects("disputes", "[{\"field\", \"claim\", \"sources\"}]")
    }
}

impl DurationProperty {
    fn into_file(self, b: &mut Builder) -> FileDuration {
        FileDuration {
            text: self.text,
            minutes: self.minutes,
            sources: b.sources(self.sources.iter().map(String::as_str)),
        }
    }
}

impl DisputeProperty {
    fn into_file(self, b: &mut Builder) -> FileDispute {
        FileDispute {
            field: self.field,
            claim: self.claim,
            sources: b.sources(self.sources.iter().map(String::as_str)),
        }
    }
}

impl Feature<'_> {
    /// Adds the feature to the dataset, or its problems.
    fn read(mut self, b: &mut Builder) {
        if !self.errors.is_empty() {
            // Not a feature at all: nothing else is worth reporting.
            for p in self.errors {
                b.problem(p);
            }
            return;
        }
        match std::mem::replace(&mut self.shape, Shape::None) {
            Shape::Point(lon, lat) if self.kind.as_deref() == Some("stay") => {
                self.read_stay(b, Some((lon, lat)));
            }
            Shape::None if self.kind.as_deref() == Some("stay") => self.read_stay(b, None),
            Shape::Point(lon, lat) if self.is_place_kind() => self.read_place(b, lon, lat),
            Shape::Point(lon, lat) => self.read_meeting(b, lon, lat),
            Shape::Line(from, to) => self.read_leg(b, from, to),
            Shape::None if self.kind.as_deref() == Some("note") => self.read_note(b),
            Shape::None => self.fail(
                "geometry",
                "no geometry: only a note (\"kind\": \"note\") may have none",
            ),
            Shape::Other(kind) => self.fail(
                "geometry",
                format!("a {kind} is not a place, a leg or a meeting (expected Point, LineString or MultiLineString)"),
            ),
            Shape::Invalid(message) => self.fail("geometry", message),
        }
        for p in self.errors {
            b.problem(p);
        }
    }

    fn is_place_kind(&self) -> bool {
        !matches!(self.kind.as_deref(), Some("meeting" | "stay"))
            && !TIME_KEYS
                .iter()
                .any(|k| self.props.get(*k).is_some_and(|v| !v.is_null()))
    }

    /// The origin of a place read from this feature: its name, position and zone properties.
    fn place_origin(&self, name_key: &str, tz_key: &str) -> Origin {
        let o = self.with_field(self.origin.clone(), "name", name_key);
        let o = self.with_field(o, "tz", tz_key);
        let o = self.with_field(o, "lat", "coordinates");
        self.with_field(o, "lon", "coordinates")
    }

    fn read_place(&mut self, b: &mut Builder, lon: f64, lat: f64) {
        let name = self.first_text(&["name", "place"]);
        let place = NewPlace {
            id: self.id.clone(),
            name: name.as_ref().map(|(_, n)| n.clone()),
            city: self.text("city"),
            country: self.text("country").unwrap_or_default(),
            lat,
            lon,
            tz: self.text("tz"),
            accuracy: self.text("accuracy"),
            listed: true,
        };
        if !self.errors.is_empty() {
            return;
        }
        let origin = self.place_origin(name.map_or("name", |(k, _)| k), "tz");
        // A problem (no zone) is recorded by the builder.
        let _place_id = b.place(place, &[], origin, "tz");
    }

    fn read_meeting(&mut self, b: &mut Builder, lon: f64, lat: f64) {
        let name = self.first_text(&["place", "name"]);
        let start = self.first_text(&TIME_KEYS);
        let end = self.text("end");
        let place = NewPlace {
            id: None,
            name: name.as_ref().map(|(_, n)| n.clone()),
            city: self.text("city"),
            country: self.text("country").unwrap_or_default(),
            lat,
            lon,
            tz: self.text("tz"),
            accuracy: None,
            listed: false,
        };
        let participants = self.list("participants");
        let sources = self.list("sources");
        let meeting = FileMeeting {
            venue: self.text("venue"),
            topic: self.text("topic").unwrap_or_default(),
            certainty: self.certainty(),
            note: self.text("note"),
            ..FileMeeting::default()
        };
        let durations = self.durations();
        let disputes = self.disputes();
        let Some((start_key, start)) = start else {
            self.fail(
                "start",
                "a meeting needs a start time (`start`, `time`, `timestamp` or `when`)",
            );
            return;
        };
        if !self.errors.is_empty() {
            return;
        }
        let times: Vec<&str> = std::iter::once(start.as_str())
            .chain(end.as_deref())
            .collect();
        let origin = self.place_origin(name.as_ref().map_or("place", |(k, _)| k), "tz");
        let Some(place_id) = b.place(place, &times, origin, "tz") else {
            return;
        };
        let duration = durations.into_iter().map(|d| d.into_file(b)).collect();
        let disputes = disputes.into_iter().map(|d| d.into_file(b)).collect();
        let fallback = name.map_or_else(|| "meeting".to_owned(), |(_, n)| n);
        let mut origin = self.origin.clone();
        for (ours, theirs) in [
            ("id", "id"),
            ("place", "coordinates"),
            ("start", start_key),
            ("end", "end"),
            ("duration", "durations"),
            ("participants", "participants"),
            ("sources", "sources"),
            ("disputes", "disputes"),
        ] {
            origin = self.with_field(origin, ours, theirs);
        }
        let meeting = FileMeeting {
            id: b.record_id(RecordKind::Meeting, self.id.as_deref(), &fallback),
            place: place_id,
            start,
            end,
            duration,
            participants: b.people(participants.iter().map(String::as_str)),
            sources: b.sources(sources.iter().map(String::as_str)),
            disputes,
            ..meeting
        };
        b.meeting(meeting, origin);
    }

    fn read_leg(&mut self, b: &mut Builder, from: (f64, f64), to: (f64, f64)) {
        let departure = self.text("departure");
        let arrival = self.text("arrival");
        let travellers = self.list("travellers");
        let sources = self.list("sources");
        let certainty = self.certainty();
        let note = self.text("note");
        let disputes = self.disputes();
        let mut ends = Vec::with_capacity(2);
        for (end, (lon, lat), time) in [("from", from, &departure), ("to", to, &arrival)] {
            let place = NewPlace {
                id: None,
                name: self.text(end),
                city: self.text(&format!("{end}_city")),
                country: self.text(&format!("{end}_country")).unwrap_or_default(),
                lat,
                lon,
                tz: self.text(&format!("{end}_tz")),
                accuracy: None,
                listed: false,
            };
            ends.push((end, place, time.clone()));
        }
        if !self.errors.is_empty() {
            return;
        }
        let mut ids = Vec::with_capacity(2);
        for (end, place, time) in ends {
            let tz_key = format!("{end}_tz");
            let origin = self.place_origin(end, &tz_key);
            let times: Vec<&str> = time.as_deref().into_iter().collect();
            ids.push(b.place(place, &times, origin, &tz_key));
        }
        let (Some(Some(from_id)), Some(Some(to_id))) = (ids.first().cloned(), ids.get(1).cloned())
        else {
            return;
        };
        let mut origin = self.origin.clone();
        for (ours, theirs) in [
            ("id", "id"),
            ("from", "from"),
            ("to", "to"),
            ("travellers", "travellers"),
            ("departure", "departure"),
            ("arrival", "arrival"),
            ("sources", "sources"),
            ("disputes", "disputes"),
        ] {
            origin = self.with_field(origin, ours, theirs);
        }
        let fallback = format!("{from_id}-{to_id}");
        let leg = FileLeg {
            id: b.record_id(RecordKind::Leg, self.id.as_deref(), &fallback),
            travellers: b.people(travellers.iter().map(String::as_str)),
            from: from_id,
            to: to_id,
            departure,
            arrival,
            certainty,
            sources: b.sources(sources.iter().map(String::as_str)),
            disputes: disputes.into_iter().map(|d| d.into_file(b)).collect(),
            note,
        };
        b.leg(leg, origin);
    }

    fn read_stay(&mut self, b: &mut Builder, at: Option<(f64, f64)>) {
        let person = self.text("person");
        let start = self.text("start");
        let end = self.text("end");
        let status = match self.text("geocode") {
            None => GeocodeStatus::Given,
            Some(word) => GeocodeStatus::ALL
                .into_iter()
                .find(|s| s.label() == word.trim())
                .unwrap_or_else(|| {
                    self.fail(
                        "geocode",
                        format!(
                            "unknown geocode status \"{word}\"; expected {}",
                            GeocodeStatus::ALL.map(GeocodeStatus::label).join(", ")
                        ),
                    );
                    GeocodeStatus::Unresolved
                }),
        };
        let geocode = Geocode {
            place_text: self.text("place_text").unwrap_or_default(),
            country_text: self.text("country_text"),
            status,
            geonames_id: self.text("geonames_id").and_then(|id| id.parse().ok()),
            matched: self.text("matched"),
            candidates: self.objects("candidates", "[{geonames_id, name, country, lat, lon, tz}]"),
            others: self.list("others"),
            reason: self.text("geocode_reason"),
        };
        let name = self
            .text("place")
            .unwrap_or_else(|| geocode.place_text.clone());
        let city = self.text("city");
        let country = self.text("country").unwrap_or_default();
        let tz = self.text("tz");
        let sources = self.list("sources");
        let stay = FileStay {
            role: self.text("role"),
            remarks: self.text("remarks"),
            ..FileStay::default()
        };
        let (Some(person), Some(start)) = (person, start) else {
            self.fail("person", "a stay needs a `person` and a `start`");
            return;
        };
        if !self.errors.is_empty() {
            return;
        }
        let place = match at {
            Some((lon, lat)) => {
                let tz = tz.or_else(|| {
                    super::build::nearest_tz(geodesy::lat_lon(lat, lon))
                        .map(|t| t.name().to_owned())
                });
                let place = NewPlace {
                    id: None,
                    name: Some(name),
                    city,
                    country,
                    lat,
                    lon,
                    tz,
                    accuracy: None,
                    listed: false,
                };
                let times: Vec<&str> = std::iter::once(start.as_str())
                    .chain(end.as_deref())
                    .collect();
                let origin = self.place_origin("place", "tz");
                let Some(id) = b.place(place, &times, origin, "tz") else {
                    return;
                };
                Some(id)
            }
            None => None,
        };
        let mut origin = self.origin.clone();
        for (ours, theirs) in [
            ("id", "id"),
            ("person", "person"),
            ("start", "start"),
            ("end", "end"),
            ("sources", "sources"),
        ] {
            origin = self.with_field(origin, ours, theirs);
        }
        let stay = FileStay {
            id: b.record_id(RecordKind::Stay, self.id.as_deref(), "stay"),
            person: b.person(&person),
            place,
            end: end.filter(|e| *e != start),
            start,
            sources: b.sources(sources.iter().map(String::as_str)),
            geocode: (geocode.status != GeocodeStatus::Given || !geocode.place_text.is_empty())
                .then_some(geocode),
            ..stay
        };
        b.stay(stay, origin);
    }

    fn read_note(&mut self, b: &mut Builder) {
        let when = self.first_text(&["when", "start", "time", "timestamp"]);
        let tz = self.text("tz");
        let text = self.first_text(&["text", "topic", "name"]).map(|(_, t)| t);
        let people = self.list("people");
        let sources = self.list("sources");
        let certainty = self.certainty();
        let Some((when_key, when)) = when else {
            self.fail("when", "a note needs a time (`when`)");
            return;
        };
        let tz = match tz {
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
        let mut origin = self.origin.clone();
        for (ours, theirs) in [
            ("id", "id"),
            ("when", when_key),
            ("tz", "tz"),
            ("people", "people"),
            ("sources", "sources"),
        ] {
            origin = self.with_field(origin, ours, theirs);
        }
        let note = FileNote {
            id: b.record_id(RecordKind::Note, self.id.as_deref(), "note"),
            when,
            tz,
            text: text.unwrap_or_default(),
            people: b.people(people.iter().map(String::as_str)),
            certainty,
            sources: b.sources(sources.iter().map(String::as_str)),
        };
        b.note(note, origin);
    }
}

/// `[longitude, latitude]` (GeoJSON order), ignoring any altitude.
fn position(v: &Value) -> Option<(f64, f64)> {
    let a = v.as_array()?;
    Some((a.first()?.as_f64()?, a.get(1)?.as_f64()?))
}

/// The positions of a line, or `None` if any is not `[longitude, latitude]`.
fn positions(v: &Value) -> Option<Vec<(f64, f64)>> {
    v.as_array()?.iter().map(position).collect()
}

fn shape(geometry: &Value) -> Shape {
    const POSITION: &str = "coordinates must be [longitude, latitude] (GeoJSON is longitude first)";
    if geometry.is_null() {
        return Shape::None;
    }
    let Some(kind) = geometry.get("type").and_then(Value::as_str) else {
        return Shape::Invalid("a geometry needs a \"type\"");
    };
    let coordinates = geometry.get("coordinates").unwrap_or(&Value::Null);
    let line = |points: Vec<(f64, f64)>| match (points.first(), points.last()) {
        (Some(a), Some(b)) if points.len() >= 2 => Shape::Line(*a, *b),
        _ => Shape::Invalid("a line needs at least two positions"),
    };
    match kind {
        "Point" => position(coordinates).map_or(Shape::Invalid(POSITION), |(lon, lat)| {
            Shape::Point(lon, lat)
        }),
        "LineString" => positions(coordinates).map_or(Shape::Invalid(POSITION), line),
        "MultiLineString" => coordinates
            .as_array()
            .and_then(|parts| parts.iter().map(positions).collect::<Option<Vec<_>>>())
            .map_or(Shape::Invalid(POSITION), |parts| line(parts.concat())),
        other => Shape::Other(other.to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::bundled;

    fn collection(features: &str) -> String {
        format!("{{\"type\": \"FeatureCollection\", \"features\": [\n{features}\n]}}")
    }

    #[test]
    fn the_bundled_data_exports_a_feature_per_place_leg_meeting_and_note() {
        let d = bundled().unwrap();
        let fc = to_geojson(&d);
        assert_eq!(fc["type"], "FeatureCollection");
        let features = fc["features"].as_array().unwrap();
        let count = |kind: &str| {
            features
                .iter()
                .filter(|f| f["properties"]["kind"] == kind)
                .count()
        };
        assert_eq!(count("place"), d.places.len());
        assert_eq!(count("leg"), d.legs.len());
        assert_eq!(count("meeting"), d.meetings.len());
        assert_eq!(count("note"), d.notes.len());
        let lines = features
            .iter()
            .filter(|f| f["geometry"]["type"] == "LineString")
            .count();
        assert_eq!(lines, d.legs.len());
    }

    #[test]
    fn coordinates_are_longitude_first_and_legs_end_at_their_places() {
        let d = bundled().unwrap();
        let fc = to_geojson(&d);
        let leg = fc["features"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["properties"]["to"] == "Pulkovo Airport")
            .unwrap();
        let coords = leg["geometry"]["coordinates"].as_array().unwrap();
        let last = coords.last().unwrap();
        assert_eq!(last[0].as_f64().unwrap(), 30.2625, "longitude first");
        assert_eq!(last[1].as_f64().unwrap(), 59.8003);
        assert!(coords.len() > 50, "densified along the great circle");
        assert_eq!(
            leg["properties"]["departure"],
            Value::Null,
            "unknown departure stays unknown"
        );
    }

    #[test]
    fn the_export_has_one_feature_per_line() {
        let d = bundled().unwrap();
        let text = export(&d);
        let feature_lines = text
            .lines()
            .filter(|l| l.starts_with("{\"type\":\"Feature\""))
            .count();
        assert_eq!(
            feature_lines,
            d.places.len() + d.legs.len() + d.meetings.len() + d.notes.len()
        );
        assert!(serde_json::from_str::<Value>(&text).is_ok());
    }

    #[test]
    fn a_point_with_a_time_is_a_meeting_and_a_line_is_a_leg() {
        let text = collection(
            r#"{"type": "Feature", "id": "m1", "geometry": {"type": "Point", "coordinates": [30.3005, 59.9355]},
  "properties": {"name": "Presidential Library", "tz": "Europe/Moscow", "time": "2025-04-11T17:30", "participants": ["Steve Witkoff", "Vladimir Putin"], "topic": "talks"}},
{"type": "Feature", "geometry": {"type": "LineString", "coordinates": [[37.2675, 55.5961], [33, 57], [30.2625, 59.8003]]},
  "properties": {"travellers": "Steve Witkoff", "from": "Vnukovo", "to": "Pulkovo", "from_tz": "Europe/Moscow", "to_tz": "Europe/Moscow", "departure": "2025-04-11 morning"}}"#,
        );
        let (d, problems) = import(&text, "t.geojson").unwrap();
        assert_eq!(problems, []);
        assert_eq!(d.meetings.len(), 1);
        assert_eq!(d.meetings[0].id, "m1");
        assert_eq!(
            d.meetings[0].start.start_utc.to_rfc3339(),
            "2025-04-11T14:30:00+00:00"
        );
        assert_eq!(
            d.names(&d.meetings[0].participants),
            "Steve Witkoff, Vladimir Putin"
        );
        assert_eq!(d.legs.len(), 1);
        let from = d.place(d.legs[0].from).unwrap();
        assert_eq!(
            (from.name.as_str(), from.position.y()),
            ("Vnukovo", 55.5961)
        );
        assert_eq!(d.place(d.legs[0].to).unwrap().position.x(), 30.2625);
        assert_eq!(d.people.len(), 2, "the traveller is the participant");
    }

    #[test]
    fn a_local_time_without_a_zone_is_a_problem_naming_the_feature_and_tz() {
        let text = collection(
            r#"{"type": "Feature", "id": "m1", "geometry": {"type": "Point", "coordinates": [30.3, 59.9]},
  "properties": {"name": "Library", "start": "2025-04-11T17:30"}}"#,
        );
        let (d, problems) = import(&text, "t.geojson").unwrap();
        assert!(d.meetings.is_empty());
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].record, "features[0] \"m1\"");
        assert_eq!(problems[0].field, "tz");
        assert_eq!(problems[0].line, Some(2));
    }

    #[test]
    fn times_with_offsets_need_no_zone() {
        let text = collection(
            r#"{"type": "Feature", "geometry": {"type": "Point", "coordinates": [30.3, 59.9]},
  "properties": {"name": "Library", "start": "2025-04-11T14:30:00Z", "end": "2025-04-11T18:00+03:00"}}"#,
        );
        let (d, problems) = import(&text, "t.geojson").unwrap();
        assert_eq!(problems, []);
        assert_eq!(d.places[0].tz, chrono_tz::UTC);
        assert_eq!(d.meetings[0].id, "library");
    }

    #[test]
    fn a_latitude_out_of_range_points_at_the_coordinates_and_hints_at_the_order() {
        let text = collection(
            r#"{"type": "Feature", "id": "p", "geometry": {"type": "Point", "coordinates": [59.9, 130.3]}, "properties": {"name": "X", "tz": "UTC"}}"#,
        );
        let (_, problems) = import(&text, "t.geojson").unwrap();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].field, "coordinates");
        assert_eq!(problems[0].line, Some(2));
        assert!(
            problems[0].message.contains("latitude 130.3"),
            "{}",
            problems[0].message
        );
    }

    #[test]
    fn unsupported_geometries_and_bad_values_are_reported_not_dropped() {
        let text = collection(
            r#"{"type": "Feature", "geometry": {"type": "Polygon", "coordinates": []}, "properties": {}},
{"type": "Feature", "geometry": {"type": "Point", "coordinates": [1]}, "properties": {}},
{"type": "Feature", "geometry": {"type": "Point", "coordinates": [1, 2]}, "properties": {"start": "2025-01-01T00:00Z", "certainty": "sure"}},
{"type": "Feature", "geometry": null, "properties": {"name": "x"}}"#,
        );
        let (d, problems) = import(&text, "t.geojson").unwrap();
        assert!(d.meetings.is_empty() && d.places.is_empty());
        let fields: Vec<_> = problems
            .iter()
            .map(|p| (p.line, p.field.as_str()))
            .collect();
        assert_eq!(
            fields,
            [
                (Some(2), "geometry"),
                (Some(3), "geometry"),
                (Some(4), "certainty"),
                (Some(5), "geometry")
            ]
        );
        assert!(problems[0].message.contains("Polygon"));
    }

    #[test]
    fn a_json_syntax_error_inside_a_feature_names_its_line() {
        let text = collection(
            "{\"type\": \"Feature\", \"geometry\": null, \"properties\": {}},\n{\"type\": \"Feature\" \"geometry\": null}",
        );
        let err = import(&text, "t.geojson").unwrap_err();
        assert!(matches!(err, LoadError::Syntax { line: 3, .. }), "{err}");
    }

    #[test]
    fn deeply_nested_properties_are_an_error_not_a_stack_overflow() {
        let deep = format!("{}1{}", "[".repeat(100_000), "]".repeat(100_000));
        let text = collection(&format!(
            "{{\"type\": \"Feature\", \"geometry\": null, \"properties\": {{\"x\": {deep}}}}}"
        ));
        assert!(matches!(
            import(&text, "t.geojson"),
            Err(LoadError::Syntax { .. })
        ));
    }

    #[test]
    fn other_json_is_not_mistaken_for_geojson() {
        let err = import(r#"{"type": "Topology"}"#, "t.json").unwrap_err();
        assert!(
            err.to_string().contains("not a GeoJSON FeatureCollection"),
            "{err}"
        );
        assert!(import("[1, 2]", "t.json").is_err());
    }

    #[test]
    fn a_single_feature_is_read_too() {
        let text = r#"{"type": "Feature", "geometry": {"type": "Point", "coordinates": [37.6, 55.75]}, "properties": {"name": "Kremlin", "tz": "Europe/Moscow"}}"#;
        let (d, problems) = import(text, "t.geojson").unwrap();
        assert_eq!(problems, []);
        assert_eq!(d.places[0].name, "Kremlin");
    }
}
