//! iCalendar (RFC 5545) export: one `VEVENT` per meeting and per stay, for calendar programs. Reading
//! calendars is [`super::ics_import`]'s.
//!
//! Meetings:
//! - `UID`: the meeting's id followed by `@travelmap`, so that importing again updates the events;
//! - `DTSTART`, `DTEND`: in UTC. A meeting known only to the day is an all-day event on its local date
//!   (`DTSTART;VALUE=DATE`, and `DTEND` the day after its last day); otherwise the event spans the
//!   meeting as the timeline shows it (to its end, or its first reported duration, or the end of the part
//!   of the day that was reported);
//! - `SUMMARY`: the topic (or "Meeting at …" when there is none);
//! - `LOCATION`: place name, city and country; `GEO`: latitude;longitude;
//! - `STATUS`: `CONFIRMED` for confirmed meetings, `TENTATIVE` for reported and uncertain ones;
//! - `DESCRIPTION`: participants, certainty, whether the time is approximate, the venue, every duration as
//!   reported, the note, and the sources (title and URL).
//!
//! Stays are all-day events over the local days they cover (`DTSTART;VALUE=DATE` on the first day,
//! `DTEND` the day after the last), with `UID` the stay's id and `@travelmap`, `SUMMARY` "Person in
//! Place", the person as the `ATTENDEE` (its `CN`), `LOCATION` the place's name and country (the place
//! text as written when the place is not known), `GEO` when placed, and a `DESCRIPTION` with the role,
//! the remarks and how the place was found.
//!
//! Text is escaped (`\,`, `\;`, `\\`, `\n`) and lines are folded at 75 octets by the `icalendar` crate.
//! Legs and notes are not written.

use chrono::{DateTime, Days, Utc};
use icalendar::{Calendar, Component, Event, EventLike, EventStatus, Property};

use crate::data::{Certainty, Dataset, Meeting, Precision, Stay};

/// The dataset's meetings and stays as an iCalendar file, stamped with the current time.
pub fn export(d: &Dataset) -> String {
    export_at(d, Utc::now())
}

/// The same, with `DTSTAMP` (when the file was made) given.
pub fn export_at(d: &Dataset, stamp: DateTime<Utc>) -> String {
    let mut cal = Calendar::empty();
    cal.append_property(Property::new("VERSION", "2.0"));
    cal.append_property(Property::new("PRODID", "-//travelmap//travelmap//EN"));
    cal.append_property(Property::new("CALSCALE", "GREGORIAN"));
    cal.append_property(Property::new("METHOD", "PUBLISH"));
    if !d.title.is_empty() {
        cal.append_property(Property::new("X-WR-CALNAME", d.title.as_str()));
    }
    for m in &d.meetings {
        if let Some(event) = event(d, m, stamp) {
            cal.push(event);
        }
    }
    for st in &d.stays {
        cal.push(stay_event(d, st, stamp));
    }
    cal.to_string()
}

fn event(d: &Dataset, m: &Meeting, stamp: DateTime<Utc>) -> Option<Event> {
    let place = d.place(m.place)?;
    let mut e = Event::new();
    e.uid(&format!("{}@travelmap", m.id));
    e.timestamp(stamp);
    let all_day = m.start.precision == Precision::Day
        && m.end.is_none_or(|end| end.precision == Precision::Day);
    if all_day {
        let local_date = |t: DateTime<Utc>| t.with_timezone(&place.tz).date_naive();
        let first = local_date(m.start.start_utc);
        let last = m
            .end
            .map_or(first, |end| local_date(end.start_utc))
            .max(first);
        e.starts(first);
        e.ends(last.checked_add_days(Days::new(1)).unwrap_or(last));
    } else {
        let (start, end) = m.active_window();
        e.starts(start);
        if end > start {
            e.ends(end);
        }
    }
    let summary = if m.topic.trim().is_empty() {
        format!("Meeting at {}", place.name)
    } else {
        m.topic.clone()
    };
    e.summary(&summary);
    let mut location = vec![place.name.as_str()];
    if place.city != place.name {
        location.push(&place.city);
    }
    if !place.country.is_empty() {
        location.push(&place.country);
    }
    e.location(&location.join(", "));
    e.append_property(Property::new(
        "GEO",
        format!("{};{}", place.position.y(), place.position.x()),
    ));
    e.status(match m.certainty {
        Certainty::Confirmed => EventStatus::Confirmed,
        Certainty::Reported | Certainty::Uncertain | Certainty::Inferred => EventStatus::Tentative,
    });
    e.description(&description(d, m));
    Some(e.done())
}

/// Where a calendar event's `ATTENDEE` points for a person of the dataset (calendar addresses are URIs).
const PERSON_URI: &str = "urn:travelmap:person:";

fn stay_event(d: &Dataset, st: &Stay, stamp: DateTime<Utc>) -> Event {
    let place = st.place.and_then(|p| d.place(p));
    let tz = place.map_or(chrono_tz::UTC, |p| p.tz);
    let person = d.person(st.person);
    let name = person.map_or("Someone", |p| p.name.as_str());
    let mut e = Event::new();
    e.uid(&format!("{}@travelmap", st.id));
    e.timestamp(stamp);
    let local_date = |t: DateTime<Utc>| t.with_timezone(&tz).date_naive();
    let first = local_date(st.start.start_utc);
    let last = local_date(st.end.start_utc).max(first);
    e.starts(first);
    e.ends(last.checked_add_days(Days::new(1)).unwrap_or(last));
    let text = st.geocode.as_ref().map(|g| g.place_text.as_str());
    let location = match place {
        Some(p) if p.country.is_empty() => p.name.clone(),
        Some(p) => format!("{}, {}", p.name, p.country),
        None => text.unwrap_or_default().to_owned(),
    };
    let where_ = match place {
        Some(p) => p.name.as_str(),
        None => text
            .filter(|t| !t.trim().is_empty())
            .unwrap_or("an unknown place"),
    };
    e.summary(&format!("{name} in {where_}"));
    if !location.trim().is_empty() {
        e.location(&location);
    }
    if let Some(p) = place {
        e.append_property(Property::new(
            "GEO",
            format!("{};{}", p.position.y(), p.position.x()),
        ));
    }
    if let Some(p) = person {
        e.append_property(
            Property::new("ATTENDEE", format!("{PERSON_URI}{}", p.id))
                .add_parameter("CN", &p.name.replace('"', "'"))
                .done(),
        );
    }
    let mut lines = Vec::new();
    if let Some(role) = &st.role {
        lines.push(format!("Role: {role}"));
    }
    if let Some(remarks) = &st.remarks {
        lines.push(remarks.clone());
    }
    lines.push(format!("Place: {}", st.status().label()));
    if let Some(g) = &st.geocode {
        if let Some(matched) = &g.matched {
            lines.push(format!("Matched: {matched}"));
        }
        if let Some(reason) = &g.reason {
            lines.push(format!("Why: {reason}"));
        }
    }
    e.description(&lines.join("\n"));
    e.done()
}

fn description(d: &Dataset, m: &Meeting) -> String {
    let mut lines = Vec::new();
    if !m.participants.is_empty() {
        lines.push(format!("Participants: {}", d.names(&m.participants)));
    }
    lines.push(format!("Certainty: {}", m.certainty.label()));
    if m.start.approximate || m.end.is_some_and(|e| e.approximate) {
        lines.push("The time is approximate.".to_owned());
    }
    if let Some(part) = m.start.precision.part_of_day() {
        lines.push(format!("Reported only as the {part}."));
    }
    if let Some(venue) = &m.venue {
        lines.push(format!("Venue: {venue}"));
    }
    for c in &m.durations {
        let by: Vec<&str> = c
            .sources
            .iter()
            .filter_map(|s| d.source(*s))
            .map(|s| s.title.as_str())
            .collect();
        if by.is_empty() {
            lines.push(format!("Duration: {}", c.text));
        } else {
            lines.push(format!("Duration: {} ({})", c.text, by.join("; ")));
        }
    }
    if let Some(note) = &m.note {
        lines.push(note.clone());
    }
    let sources: Vec<String> = m
        .sources
        .iter()
        .filter_map(|s| d.source(*s))
        .map(|s| match &s.url {
            Some(url) => format!("- {}: {url}", s.title),
            None => format!("- {}", s.title),
        })
        .collect();
    if !sources.is_empty() {
        lines.push("Sources:".to_owned());
        lines.extend(sources);
    }
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::{bundled, load_str};

    const SMALL: &str = r#"{
  "format": "travelmap/1",
  "places": [{"id": "led", "name": "Pulkovo Airport", "city": "St Petersburg", "country": "Russia", "lat": 59.8003, "lon": 30.2625, "tz": "Europe/Moscow"}],
  "people": [{"id": "w", "name": "Steve Witkoff"}, {"id": "p", "name": "Vladimir Putin"}],
  "sources": [{"id": "t", "title": "TASS; report, part 1", "url": "https://example.org/tass"}],
  "meetings": [
    {"id": "m1", "place": "led", "start": "2025-04-11", "participants": ["w", "p"], "topic": "Talks, long; \\hard\\", "sources": ["t"]},
    {"id": "m2", "place": "led", "start": "~2025-04-11T17:30", "duration": [{"text": "over five hours", "minutes": 300, "sources": ["t"]}], "topic": "Dinner", "certainty": "reported"}
  ]
}"#;

    fn unfold(ics: &str) -> String {
        ics.replace("\r\n ", "")
    }

    #[test]
    fn a_day_meeting_is_an_all_day_event_on_its_local_date() {
        let d = load_str(SMALL, "t.json").unwrap();
        let ics = unfold(&export_at(&d, Utc::now()));
        assert!(ics.contains("DTSTART;VALUE=DATE:20250411\r\n"), "{ics}");
        assert!(ics.contains("DTEND;VALUE=DATE:20250412\r\n"), "{ics}");
        assert!(ics.contains("UID:m1@travelmap\r\n"));
    }

    #[test]
    fn a_clock_time_is_in_utc_and_lasts_its_reported_duration() {
        let d = load_str(SMALL, "t.json").unwrap();
        let ics = unfold(&export_at(&d, Utc::now()));
        assert!(ics.contains("DTSTART:20250411T143000Z\r\n"), "{ics}");
        assert!(ics.contains("DTEND:20250411T193000Z\r\n"), "{ics}");
        assert!(ics.contains("STATUS:TENTATIVE\r\n"));
        assert!(ics.contains("The time is approximate."));
    }

    #[test]
    fn text_is_escaped_and_the_place_located() {
        let d = load_str(SMALL, "t.json").unwrap();
        let ics = unfold(&export_at(&d, Utc::now()));
        assert!(
            ics.contains("SUMMARY:Talks\\, long\\; \\\\hard\\\\\r\n"),
            "{ics}"
        );
        assert!(ics.contains("LOCATION:Pulkovo Airport\\, St Petersburg\\, Russia\r\n"));
        assert!(ics.contains("GEO:59.8003;30.2625\r\n"));
        assert!(ics.contains("Participants: Steve Witkoff\\, Vladimir Putin\\n"));
        assert!(ics.contains("- TASS\\; report\\, part 1: https://example.org/tass"));
    }

    #[test]
    fn lines_are_folded_at_75_octets_without_splitting_characters() {
        let d = bundled().unwrap();
        let ics = export_at(&d, Utc::now());
        assert!(ics.ends_with("END:VCALENDAR\r\n"));
        for line in ics.split("\r\n") {
            assert!(line.len() <= 75, "{} octets: {line}", line.len());
        }
        assert!(ics.contains("\r\n "), "long lines are folded");
        assert_eq!(ics.matches("BEGIN:VEVENT").count(), d.meetings.len());
    }

    #[test]
    fn the_calendar_is_named_after_the_dataset_escaped_once() {
        let d = bundled().unwrap();
        let ics = unfold(&export_at(&d, Utc::now()));
        assert!(
            ics.contains("X-WR-CALNAME:U.S.–Russia diplomatic track\\, 2025\r\n"),
            "{ics}"
        );
    }
}
