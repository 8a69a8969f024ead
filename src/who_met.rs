//! `travelmap who-met`: every encounter of a dataset as CSV or JSON, one line per pair per encounter.
//!
//! The encounters are the app's own ([`Encounters::compute`]); this only picks and writes them. Times
//! known to the day on both sides are written as the first and last shared local day of the city
//! (`2025-01-05,2025-01-05` for one day), others as RFC 3339 UTC instants; evidence is the records'
//! ids and sources the sources' ids, each joined with `;`. The city is named as the file wrote it when
//! every stay behind the line wrote it the same way, else as the gazetteer names it.

use std::io::Write as _;
use std::path::Path;

use anyhow::Context as _;
use travelmap::data::{Cities, Dataset, PersonIdx, RecordKind, RecordRef};
use travelmap::encounters::{Encounter, EncounterKind, Encounters, Exactness};

use crate::{Reading, WhoMetFormat, load_lenient};

/// The CSV header, and the JSON keys.
pub const COLUMNS: [&str; 9] = [
    "person_a",
    "person_b",
    "city",
    "geonames_id",
    "start",
    "end",
    "kind",
    "evidence",
    "sources",
];

/// Which encounters to write, and how.
pub struct Query {
    pub person: Option<String>,
    pub with: Option<String>,
    pub min_overlap: Option<chrono::Duration>,
    pub format: WhoMetFormat,
}

/// Loads the file, works out its encounters and writes those the query keeps to standard output.
pub fn run(file: Option<&Path>, reading: &Reading, query: &Query) -> anyhow::Result<()> {
    let (_, loaded) = load_lenient(file, reading)?;
    let data = &loaded.data;
    let person = query.person.as_deref().map(|n| find(data, n)).transpose()?;
    let with = query.with.as_deref().map(|n| find(data, n)).transpose()?;
    let cities = Cities::new(data);
    let encounters = Encounters::compute(data, &cities);
    let rows = encounters.all().iter().filter(|e| {
        let has = |p: Option<PersonIdx>| p.is_none_or(|p| e.a == p || e.b == p);
        let long_enough = e.kind == EncounterKind::Meeting
            || query.min_overlap.is_none_or(|min| e.overlap() >= min);
        has(person) && has(with) && long_enough
    });
    let rows = rows.map(|e| Row::new(data, &cities, &encounters, e));
    match write(rows, query.format) {
        // `who-met | head` closes the pipe early: that is not a failure.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other.context("writing the encounters"),
    }
}

fn write(rows: impl Iterator<Item = Row>, format: WhoMetFormat) -> std::io::Result<()> {
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    match format {
        WhoMetFormat::Csv => {
            let mut w = csv::Writer::from_writer(&mut out);
            w.write_record(COLUMNS)?;
            for r in rows {
                w.write_record(r.cells())?;
            }
            w.flush()?;
        }
        WhoMetFormat::Json => {
            let list: Vec<Row> = rows.collect();
            serde_json::to_writer_pretty(&mut out, &list)?;
            writeln!(out)?;
        }
    }
    out.flush()
}

/// A person by name or id, ignoring case.
fn find(data: &Dataset, name: &str) -> anyhow::Result<PersonIdx> {
    let name = name.trim();
    data.people
        .iter()
        .position(|p| p.name.eq_ignore_ascii_case(name) || p.id.eq_ignore_ascii_case(name))
        .map(|i| PersonIdx(i as u32))
        .with_context(|| format!("no person called \"{name}\" in the data"))
}

/// The place as the file wrote it, when the encounter rests on stays only and they all wrote it the same
/// way ("New York", which the gazetteer calls New York City): a reader matches lines to their own
/// records by it. `geonames_id` says which city it was taken to be.
fn as_written(data: &Dataset, evidence: &[RecordRef]) -> Option<String> {
    let mut texts = evidence.iter().map(|r| match r.kind {
        RecordKind::Stay => data
            .stays
            .get(r.index)
            .and_then(|s| s.geocode.as_ref())
            .map(|g| g.place_text.trim()),
        _ => None,
    });
    let first = texts.next()??;
    texts
        .all(|t| t == Some(first))
        .then(|| first.to_owned())
        .filter(|t| !t.is_empty())
}

/// One encounter as written: the CSV's columns, and the JSON's keys (where evidence and sources are
/// lists, and `geonames_id` a number or null).
#[derive(serde::Serialize)]
struct Row {
    person_a: String,
    person_b: String,
    city: String,
    geonames_id: Option<u32>,
    start: String,
    end: String,
    kind: &'static str,
    evidence: Vec<String>,
    sources: Vec<String>,
}

impl Row {
    fn new(data: &Dataset, cities: &Cities, encounters: &Encounters, e: &Encounter) -> Self {
        let name = |p: PersonIdx| data.person(p).map(|p| p.name.clone()).unwrap_or_default();
        let (start, end) = match e.exactness {
            Exactness::BothDays => {
                let (first, last) = e.local_days();
                (first.to_string(), last.to_string())
            }
            Exactness::OneDay | Exactness::Clock => (instant(e.start), instant(e.end)),
        };
        Self {
            person_a: name(e.a),
            person_b: name(e.b),
            city: as_written(data, encounters.evidence(e)).unwrap_or_else(|| {
                cities
                    .get(e.city)
                    .map(|c| c.name.clone())
                    .unwrap_or_default()
            }),
            geonames_id: e.geonames_id,
            start,
            end,
            kind: e.kind.label(),
            evidence: encounters
                .evidence(e)
                .iter()
                .filter_map(|r| id(data, *r))
                .map(str::to_owned)
                .collect(),
            sources: encounters
                .sources(e)
                .iter()
                .filter_map(|s| data.source(*s))
                .map(|s| s.id.clone())
                .collect(),
        }
    }

    /// The cells, in the order of [`COLUMNS`].
    fn cells(&self) -> [String; 9] {
        [
            self.person_a.clone(),
            self.person_b.clone(),
            self.city.clone(),
            self.geonames_id
                .map(|id| id.to_string())
                .unwrap_or_default(),
            self.start.clone(),
            self.end.clone(),
            self.kind.to_owned(),
            self.evidence.join(";"),
            self.sources.join(";"),
        ]
    }
}

/// `2025-04-11T14:30:00Z`.
fn instant(t: chrono::DateTime<chrono::Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// A record's id.
fn id(data: &Dataset, r: RecordRef) -> Option<&str> {
    match r.kind {
        RecordKind::Stay => data.stays.get(r.index).map(|s| s.id.as_str()),
        RecordKind::Meeting => data.meetings.get(r.index).map(|m| m.id.as_str()),
        RecordKind::Leg => data.legs.get(r.index).map(|l| l.id.as_str()),
        _ => None,
    }
}
