//! Every dated record as one row: the events table's model, without egui.
//!
//! The rows are the records the time index admits, taken from its events (already sorted by time, a
//! leg once, at its departure), so the table follows the record filter like the map and the timeline.
//! Sorting by another column computes one permutation per change of sort, from small integer keys
//! (the rank of a name or text among the distinct ones) and a stable sort, so ties stay in time order.
//! What a row says (its cells, its sentence for screen readers) is made only for the rows on screen.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use crate::data::{Certainty, Dataset, PersonIdx, PlaceIdx, RecordKind, RecordRef, SourceIdx};
use crate::timeline::{EventKind, TimeIndex};

/// A row: a record and the instant it is listed at (its event on the timeline).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Row {
    pub at: DateTime<Utc>,
    pub record: RecordRef,
}

/// The table's columns.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum Column {
    #[default]
    Date,
    Kind,
    People,
    Place,
    Topic,
    Certainty,
    Sources,
}

impl Column {
    /// Every column, in the order shown (the date fills two: local and UTC).
    pub const ALL: [Self; 7] = [
        Self::Date,
        Self::Kind,
        Self::People,
        Self::Place,
        Self::Topic,
        Self::Certainty,
        Self::Sources,
    ];

    /// The column's heading.
    pub fn label(self) -> &'static str {
        match self {
            Self::Date => "Date",
            Self::Kind => "Kind",
            Self::People => "People",
            Self::Place => "Place",
            Self::Topic => "Topic",
            Self::Certainty => "Certainty",
            Self::Sources => "Sources",
        }
    }
}

/// How the rows are ordered.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct Sort {
    pub column: Column,
    pub descending: bool,
}

/// The rows of every record `index` admits, in time order.
pub fn rows(index: &TimeIndex) -> Vec<Row> {
    index
        .events()
        .iter()
        .filter_map(|e| {
            let (kind, i) = match e.kind {
                EventKind::Departure(l) => (RecordKind::Leg, l.index()),
                EventKind::Meeting(m) => (RecordKind::Meeting, m.index()),
                EventKind::Note(n) => (RecordKind::Note, n as usize),
                EventKind::Stay(s) => (RecordKind::Stay, s.index()),
                EventKind::Arrival(_) => return None,
            };
            Some(Row {
                at: e.at,
                record: RecordRef { kind, index: i },
            })
        })
        .collect()
}

/// Orders `rows` (given in time order) by `sort`; ties keep their time order.
pub fn sort_rows(data: &Dataset, rows: &mut [Row], sort: Sort) {
    match sort.column {
        Column::Date => {}
        Column::Kind => rows.sort_by_key(|r| kind_rank(r.record.kind)),
        Column::Certainty => rows.sort_by_key(|r| certainty(data, r.record)),
        Column::People => {
            let rank = ranks(data.people.iter().map(|p| p.name.as_str()));
            rows.sort_by_key(|r| {
                people(data, r.record)
                    .first()
                    .and_then(|p| rank.get(p.index()).copied())
                    .unwrap_or(u32::MAX)
            });
        }
        Column::Place => {
            let rank = ranks(data.places.iter().map(|p| p.city.as_str()));
            rows.sort_by_key(|r| {
                place(data, r.record)
                    .and_then(|p| rank.get(p.index()).copied())
                    .unwrap_or(u32::MAX)
            });
        }
        Column::Sources => {
            let rank = ranks(data.sources.iter().map(|s| s.title.as_str()));
            rows.sort_by_key(|r| {
                sources(data, r.record)
                    .first()
                    .and_then(|s| rank.get(s.index()).copied())
                    .unwrap_or(u32::MAX)
            });
        }
        Column::Topic => {
            let keys: Vec<&str> = rows.iter().map(|r| topic(data, r.record)).collect();
            let rank = ranks(keys.iter().copied());
            let mut keyed: Vec<(u32, Row)> = rank.into_iter().zip(rows.iter().copied()).collect();
            keyed.sort_by_key(|(k, _)| *k);
            for (slot, (_, row)) in rows.iter_mut().zip(keyed) {
                *slot = row;
            }
        }
    }
    if sort.descending {
        rows.reverse();
    }
}

/// For each text, its rank among the distinct texts in case-insensitive order.
fn ranks<'a>(texts: impl Iterator<Item = &'a str>) -> Vec<u32> {
    let texts: Vec<&str> = texts.collect();
    let mut distinct: HashMap<&str, u32> = HashMap::new();
    for t in &texts {
        distinct.entry(t).or_insert(0);
    }
    let mut sorted: Vec<&str> = distinct.keys().copied().collect();
    sorted.sort_by_cached_key(|t| (t.to_lowercase(), *t));
    for (i, t) in sorted.iter().enumerate() {
        distinct.insert(t, i as u32);
    }
    texts
        .iter()
        .map(|t| distinct.get(t).copied().unwrap_or(u32::MAX))
        .collect()
}

fn kind_rank(kind: RecordKind) -> u8 {
    match kind {
        RecordKind::Leg => 0,
        RecordKind::Meeting => 1,
        RecordKind::Note => 2,
        RecordKind::Stay => 3,
        RecordKind::Place | RecordKind::Person | RecordKind::Source => 4,
    }
}

/// The record's kind in words, capitalised ("Meeting", "Flight").
pub fn kind_label(kind: RecordKind) -> &'static str {
    match kind {
        RecordKind::Leg => "Flight",
        RecordKind::Meeting => "Meeting",
        RecordKind::Note => "Note",
        RecordKind::Stay => "Stay",
        RecordKind::Place => "Place",
        RecordKind::Person => "Person",
        RecordKind::Source => "Source",
    }
}

/// The people of a record: travellers, participants, a note's people, the person staying.
pub fn people(data: &Dataset, r: RecordRef) -> &[PersonIdx] {
    match r.kind {
        RecordKind::Leg => data.legs.get(r.index).map_or(&[], |l| &l.travellers),
        RecordKind::Meeting => data.meetings.get(r.index).map_or(&[], |m| &m.participants),
        RecordKind::Note => data.notes.get(r.index).map_or(&[], |n| &n.people),
        RecordKind::Stay => data
            .stays
            .get(r.index)
            .map_or(&[], |s| std::slice::from_ref(&s.person)),
        RecordKind::Place | RecordKind::Person | RecordKind::Source => &[],
    }
}

/// The record's place (a leg's departure); notes have none.
pub fn place(data: &Dataset, r: RecordRef) -> Option<PlaceIdx> {
    match r.kind {
        RecordKind::Leg => data.legs.get(r.index).map(|l| l.from),
        RecordKind::Meeting => data.meetings.get(r.index).map(|m| m.place),
        RecordKind::Stay => data.stays.get(r.index).and_then(|s| s.place),
        RecordKind::Note | RecordKind::Place | RecordKind::Person | RecordKind::Source => None,
    }
}

/// The sources a record cites.
pub fn sources(data: &Dataset, r: RecordRef) -> &[SourceIdx] {
    match r.kind {
        RecordKind::Leg => data.legs.get(r.index).map_or(&[], |l| &l.sources),
        RecordKind::Meeting => data.meetings.get(r.index).map_or(&[], |m| &m.sources),
        RecordKind::Note => data.notes.get(r.index).map_or(&[], |n| &n.sources),
        RecordKind::Stay => data.stays.get(r.index).map_or(&[], |s| &s.sources),
        RecordKind::Place | RecordKind::Person | RecordKind::Source => &[],
    }
}

/// What the record is about: a meeting's topic, a note's text, a leg's note, a stay's role.
pub fn topic(data: &Dataset, r: RecordRef) -> &str {
    let text = match r.kind {
        RecordKind::Leg => data.legs.get(r.index).and_then(|l| l.note.as_deref()),
        RecordKind::Meeting => data.meetings.get(r.index).map(|m| m.topic.as_str()),
        RecordKind::Note => data.notes.get(r.index).map(|n| n.text.as_str()),
        RecordKind::Stay => data.stays.get(r.index).and_then(|s| s.role.as_deref()),
        RecordKind::Place | RecordKind::Person | RecordKind::Source => None,
    };
    text.unwrap_or_default()
}

/// How sure the record is (a stay: confirmed, or uncertain while its place needs review).
pub fn certainty(data: &Dataset, r: RecordRef) -> Certainty {
    let c = match r.kind {
        RecordKind::Leg => data.legs.get(r.index).map(|l| l.certainty),
        RecordKind::Meeting => data.meetings.get(r.index).map(|m| m.certainty),
        RecordKind::Note => data.notes.get(r.index).map(|n| n.certainty),
        RecordKind::Stay => data.stays.get(r.index).map(|s| {
            if s.status().needs_review() {
                Certainty::Uncertain
            } else {
                Certainty::Confirmed
            }
        }),
        RecordKind::Place | RecordKind::Person | RecordKind::Source => None,
    };
    c.unwrap_or_default()
}

/// The zone the record's local time is shown in: its place's, a note's own, else UTC.
pub fn zone(data: &Dataset, r: RecordRef) -> Tz {
    if r.kind == RecordKind::Note {
        return data.notes.get(r.index).map_or(chrono_tz::UTC, |n| n.tz);
    }
    place(data, r)
        .and_then(|p| data.place(p))
        .map_or(chrono_tz::UTC, |p| p.tz)
}

/// The instant to move the timeline's cursor to for a record: the instant of its event.
pub fn instant(data: &Dataset, r: RecordRef) -> Option<DateTime<Utc>> {
    match r.kind {
        RecordKind::Leg => data
            .legs
            .get(r.index)
            .map(|l| l.flight_window(data.leg_distance_km(l)).0),
        RecordKind::Meeting => data
            .meetings
            .get(r.index)
            .map(|m| m.start.midpoint_utc().min(m.active_window().1)),
        RecordKind::Note => data.notes.get(r.index).map(|n| n.when.midpoint_utc()),
        RecordKind::Stay => data.stays.get(r.index).map(|s| s.interval().0),
        RecordKind::Place | RecordKind::Person | RecordKind::Source => None,
    }
}

/// The text of a row's cells, made for the rows on screen only.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cells {
    pub local: String,
    pub utc: String,
    pub kind: &'static str,
    pub people: String,
    pub place: String,
    pub topic: String,
    pub certainty: &'static str,
    pub sources: String,
}

/// A place in words: "St Petersburg" (a leg: "Fort Lauderdale → St Petersburg").
fn place_text(data: &Dataset, r: RecordRef) -> String {
    let city = |p: PlaceIdx| data.place(p).map_or("?", |p| p.city.as_str());
    match r.kind {
        RecordKind::Leg => data
            .legs
            .get(r.index)
            .map(|l| format!("{} → {}", city(l.from), city(l.to)))
            .unwrap_or_default(),
        RecordKind::Stay => match data.stays.get(r.index) {
            Some(s) => s.place.map_or_else(
                || {
                    s.geocode
                        .as_ref()
                        .map(|g| format!("{} (not placed)", g.place_text))
                        .unwrap_or_default()
                },
                |p| city(p).to_owned(),
            ),
            None => String::new(),
        },
        _ => place(data, r).map(city).unwrap_or_default().to_owned(),
    }
}

/// The cells of the row at `at` for `record`.
pub fn cells(data: &Dataset, row: Row) -> Cells {
    let r = row.record;
    let tz = zone(data, r);
    let sources = sources(data, r)
        .iter()
        .filter_map(|s| data.source(*s))
        .map(|s| s.publisher.as_deref().unwrap_or(&s.title))
        .collect::<Vec<_>>()
        .join(", ");
    Cells {
        local: row
            .at
            .with_timezone(&tz)
            .format("%Y-%m-%d %H:%M %Z")
            .to_string(),
        utc: row.at.format("%Y-%m-%d %H:%M").to_string(),
        kind: kind_label(r.kind),
        people: data.names(people(data, r)),
        place: place_text(data, r),
        topic: topic(data, r).to_owned(),
        certainty: certainty(data, r).label(),
        sources,
    }
}

/// The row as one sentence, for screen readers: "Meeting, 11 April 2025, St Petersburg: Steve
/// Witkoff, Vladimir Putin — Ukraine talks".
pub fn sentence(data: &Dataset, row: Row) -> String {
    let r = row.record;
    let day = row.at.with_timezone(&zone(data, r)).format("%-d %B %Y");
    let place = place_text(data, r);
    let place = if place.is_empty() {
        String::new()
    } else {
        format!(", {place}")
    };
    let who = data.names(people(data, r));
    let topic = topic(data, r);
    let about = match (who.is_empty(), topic.is_empty()) {
        (false, false) => format!(": {who} — {topic}"),
        (false, true) => format!(": {who}"),
        (true, false) => format!(": {topic}"),
        (true, true) => String::new(),
    };
    format!("{}, {day}{place}{about}", kind_label(r.kind))
}

/// Where the row for the instant `t` is in rows sorted by date (`descending` or not): the first row
/// at or after `t` (ascending), the first at or before it (descending).
pub fn row_at(rows: &[Row], t: DateTime<Utc>, descending: bool) -> usize {
    let i = if descending {
        rows.partition_point(|r| r.at > t)
    } else {
        rows.partition_point(|r| r.at < t)
    };
    i.min(rows.len().saturating_sub(1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::bundled;
    use crate::timeline::RecordFilter;

    fn bundled_rows() -> (Dataset, Vec<Row>) {
        let d = bundled().unwrap();
        let index = TimeIndex::new(&d, &RecordFilter::default());
        let rows = rows(&index);
        (d, rows)
    }

    #[test]
    fn every_record_is_one_row_in_time_order() {
        let (d, rows) = bundled_rows();
        assert_eq!(
            rows.len(),
            d.legs.len() + d.meetings.len() + d.notes.len() + d.stays.len()
        );
        assert!(rows.windows(2).all(|w| w[0].at <= w[1].at));
    }

    #[test]
    fn sorting_by_a_column_keeps_time_order_within_ties_and_descending_reverses() {
        let (d, mut rows) = bundled_rows();
        let by_date = rows.clone();
        sort_rows(
            &d,
            &mut rows,
            Sort {
                column: Column::Place,
                descending: false,
            },
        );
        let cities: Vec<String> = rows.iter().map(|r| place_text(&d, r.record)).collect();
        for w in rows.windows(2).zip(cities.windows(2)) {
            let ([a, b], [ca, cb]) = w else { continue };
            if ca == cb && a.record.kind != RecordKind::Leg && b.record.kind != RecordKind::Leg {
                assert!(a.at <= b.at, "{ca}: ties in time order");
            }
        }
        let mut desc = by_date.clone();
        sort_rows(
            &d,
            &mut desc,
            Sort {
                column: Column::Date,
                descending: true,
            },
        );
        assert_eq!(desc.first(), by_date.last());
        assert_eq!(row_at(&by_date, by_date[3].at, false), 3);
    }

    #[test]
    fn a_meeting_reads_as_a_sentence_with_its_day_city_and_people() {
        let (d, rows) = bundled_rows();
        let row = rows
            .iter()
            .find(|r| {
                r.record.kind == RecordKind::Meeting
                    && d.meetings[r.record.index].id == "miami-1024"
            })
            .copied()
            .unwrap();
        let s = sentence(&d, row);
        assert!(s.starts_with("Meeting, "), "{s}");
        assert!(s.contains("Miami"), "{s}");
        assert!(
            s.contains(&d.names(&d.meetings[row.record.index].participants)),
            "{s}"
        );
    }
}
