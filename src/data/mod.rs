//! The data module: places, people, trips as legs, meetings, dated notes and their sources.
//!
//! Files hold ids and strings ([`file`]); after loading everything is typed and cross-referenced by
//! index ([`PlaceIdx`], [`PersonIdx`], [`SourceIdx`]), times are [`When`]s in UTC, positions are
//! `geo::Point`s made through [`crate::geodesy::lat_lon`]. A [`Dataset`] is immutable once loaded: the
//! timeline and map build their indexes from it.
//!
//! Where sources disagree the data keeps every claim with its sources ([`DurationClaim`],
//! [`Dispute`]) instead of picking one.

mod cities;
mod compact;
pub mod edit;
mod file;
pub mod gazetteer;
pub mod geocode;
pub mod infer;
mod load;
mod problem;
pub mod review;
pub mod rules;
mod stay;
mod when;

pub use cities::{Cities, City, CityIdx};
pub use compact::{INLINE, InlineList, SharedList};
pub use file::{
    FileDataset, FileDispute, FileDuration, FileLeg, FileMeeting, FileNote, FilePerson, FilePlace,
    FileSource, FileStay,
};
pub use load::{
    FILE_SIZE_LIMIT_BYTES, HEAD_BYTES, LoadError, STREAMED_FILE_SIZE_LIMIT_BYTES, load_path,
    load_str, load_str_lenient, read_native_path, save_atomic, to_file, to_json, validate,
};
pub use problem::{Problem, ProblemKind, RecordKind, RecordRef, Severity, split_warnings};
pub use stay::{Candidate, Geocode, GeocodeStatus, Stay};
pub use when::{Precision, When, WhenError};

use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;
use geo::Point;

/// The bundled dataset, embedded in the binary so the app works from any directory.
pub const BUNDLED_JSON: &str = include_str!("../../data/us-russia-2025.json");
/// The name the bundled dataset is reported under.
pub const BUNDLED_NAME: &str = "data/us-russia-2025.json";

/// Loads the bundled dataset. It is checked by the tests, so failing here is a build defect, reported as such.
pub fn bundled() -> Result<Dataset, LoadError> {
    load_str(BUNDLED_JSON, BUNDLED_NAME)
}

macro_rules! index_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        pub struct $name(pub u32);

        impl $name {
            /// As a `usize` for indexing.
            pub fn index(self) -> usize {
                self.0 as usize
            }
        }
    };
}

index_type!(
    /// Index into [`Dataset::places`].
    PlaceIdx
);
index_type!(
    /// Index into [`Dataset::people`].
    PersonIdx
);
index_type!(
    /// Index into [`Dataset::sources`].
    SourceIdx
);
index_type!(
    /// Index into [`Dataset::legs`].
    LegIdx
);
index_type!(
    /// Index into [`Dataset::meetings`].
    MeetingIdx
);
index_type!(
    /// Index into [`Dataset::stays`].
    StayIdx
);

/// How sure the record is.
#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    serde::Serialize,
    serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Certainty {
    /// Checked against more than one report, or officially confirmed.
    #[default]
    Confirmed,
    /// Reported, but not confirmed.
    Reported,
    /// The record itself is in doubt (e.g. the venue was not stated).
    Uncertain,
    /// Not reported at all: worked out from other records (a flight between two stays in different
    /// places). Such legs are derived when data is loaded and never saved.
    Inferred,
}

impl Certainty {
    /// Every certainty, surest first.
    pub const ALL: [Self; 4] = [
        Self::Confirmed,
        Self::Reported,
        Self::Uncertain,
        Self::Inferred,
    ];

    /// The word shown on screen.
    pub fn label(self) -> &'static str {
        match self {
            Self::Confirmed => "confirmed",
            Self::Reported => "reported",
            Self::Uncertain => "uncertain",
            Self::Inferred => "inferred",
        }
    }
}

/// A point on the map where something happened: an airport, a palace, a city.
#[derive(Clone, Debug, PartialEq)]
pub struct Place {
    pub id: String,
    /// Venue or place name, e.g. "Pulkovo Airport".
    pub name: String,
    /// The city the place belongs to; the map shows one marker per city.
    pub city: String,
    pub country: String,
    /// WGS84; build and read it only through `lat_lon()`.
    pub position: Point,
    /// IANA time zone, for local times.
    pub tz: Tz,
    /// How well the coordinates are known, e.g. "approximate (±100 m)".
    pub accuracy: Option<String>,
}

/// Someone who travels or meets.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Person {
    pub id: String,
    pub name: String,
    pub role: Option<String>,
}

/// Where a fact comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Source {
    pub id: String,
    pub title: String,
    pub publisher: Option<String>,
    /// Opened only when the user clicks it: loading data never makes a network request.
    pub url: Option<String>,
}

/// A claim that disagrees with the value the record holds, with the sources that make it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dispute {
    /// The field the claim is about, e.g. "from" or "duration".
    pub field: String,
    /// What those sources say instead, in words.
    pub claim: String,
    pub sources: Vec<SourceIdx>,
}

/// One source's claim about how long a meeting lasted.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct DurationClaim {
    /// As reported, e.g. "over five hours".
    pub text: String,
    /// The figure used on the timeline (the lower bound for "over", the middle of a range).
    pub minutes: u32,
    pub sources: Vec<SourceIdx>,
}

/// One flight or journey between two places.
#[derive(Clone, Debug, PartialEq)]
pub struct Leg {
    pub id: String,
    pub travellers: InlineList<PersonIdx>,
    pub from: PlaceIdx,
    pub to: PlaceIdx,
    /// `None` when the departure time was not reported.
    pub departure: Option<When>,
    /// `None` when the arrival time was not reported.
    pub arrival: Option<When>,
    pub certainty: Certainty,
    pub sources: Vec<SourceIdx>,
    pub disputes: Vec<Dispute>,
    pub note: Option<String>,
}

/// Cruising speed used to place a leg on the timeline when one end's time is unknown (km/h).
pub const ASSUMED_SPEED_KMH: f64 = 800.0;

impl Leg {
    /// The UTC interval the timeline animates the leg over: reported times where known, otherwise an
    /// estimate from the great-circle distance at [`ASSUMED_SPEED_KMH`] (the details panel says so).
    pub fn flight_window(&self, distance_km: f64) -> (DateTime<Utc>, DateTime<Utc>) {
        let flight =
            Duration::minutes((distance_km / ASSUMED_SPEED_KMH * 60.0).round() as i64 + 30);
        match (self.departure, self.arrival) {
            // Both ends known only to the day, and the same day: the flight's estimated length, centred
            // on that day.
            (Some(d), Some(a))
                if d.precision != Precision::Minute
                    && a.precision != Precision::Minute
                    && a.midpoint_utc() <= d.midpoint_utc() =>
            {
                let mid = d.midpoint_utc();
                (mid - flight / 2, mid + flight / 2)
            }
            (Some(d), Some(a)) => {
                let (d, a) = (d.midpoint_utc(), a.midpoint_utc());
                (d, a.max(d))
            }
            (Some(d), None) => (d.midpoint_utc(), d.midpoint_utc() + flight),
            (None, Some(a)) => (a.midpoint_utc() - flight, a.midpoint_utc()),
            // Validation rejects legs with neither time.
            (None, None) => (DateTime::<Utc>::MIN_UTC, DateTime::<Utc>::MIN_UTC),
        }
    }

    /// Whether the window is (partly) an estimate.
    pub fn estimated(&self) -> bool {
        self.departure.is_none() || self.arrival.is_none()
    }
}

/// A meeting, talks or summit at a place.
#[derive(Clone, Debug, PartialEq)]
pub struct Meeting {
    pub id: String,
    pub place: PlaceIdx,
    /// Venue as reported, when it differs from or adds to the place's name.
    pub venue: Option<String>,
    pub start: When,
    pub end: Option<When>,
    /// Every reported duration; more than one when sources disagree. Meetings with the same claims
    /// share one list.
    pub durations: SharedList<DurationClaim>,
    pub participants: InlineList<PersonIdx>,
    pub topic: String,
    pub certainty: Certainty,
    pub sources: Vec<SourceIdx>,
    pub disputes: Vec<Dispute>,
    pub note: Option<String>,
}

impl Meeting {
    /// The UTC interval during which the meeting counts as "under way" on the timeline: from the earliest
    /// start the report allows to the latest of its end, the first reported duration, or the start's own span.
    pub fn active_window(&self) -> (DateTime<Utc>, DateTime<Utc>) {
        let start = self.start.start_utc;
        let mut end = self.start.end_utc;
        if let Some(e) = self.end {
            end = end.max(e.end_utc);
        } else if let Some(d) = self.durations.first() {
            end = end.max(start + Duration::minutes(i64::from(d.minutes)));
        }
        (start, end.max(start))
    }
}

/// A dated item with no place: a statement, a phone interview. Shown on the timeline only.
#[derive(Clone, Debug, PartialEq)]
pub struct Note {
    pub id: String,
    pub when: When,
    /// The zone `when` is shown in.
    pub tz: Tz,
    pub text: String,
    pub people: Vec<PersonIdx>,
    pub certainty: Certainty,
    pub sources: Vec<SourceIdx>,
}

/// A whole, validated dataset.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Dataset {
    pub title: String,
    pub places: Vec<Place>,
    pub people: Vec<Person>,
    pub sources: Vec<Source>,
    pub legs: Vec<Leg>,
    pub meetings: Vec<Meeting>,
    pub notes: Vec<Note>,
    pub stays: Vec<Stay>,
}

impl Dataset {
    pub fn place(&self, idx: PlaceIdx) -> Option<&Place> {
        self.places.get(idx.index())
    }

    pub fn person(&self, idx: PersonIdx) -> Option<&Person> {
        self.people.get(idx.index())
    }

    pub fn source(&self, idx: SourceIdx) -> Option<&Source> {
        self.sources.get(idx.index())
    }

    /// Names of people, joined for display.
    pub fn names(&self, people: &[PersonIdx]) -> String {
        people
            .iter()
            .filter_map(|p| self.person(*p))
            .map(|p| p.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The earliest and latest instants any record covers, or `None` for an empty dataset.
    pub fn time_range(&self) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
        let legs = self.legs.iter().flat_map(|l| {
            let (a, b) = l.flight_window(self.leg_distance_km(l));
            [a, b]
        });
        let meetings = self.meetings.iter().flat_map(|m| {
            let (a, b) = m.active_window();
            [a, b]
        });
        let notes = self
            .notes
            .iter()
            .flat_map(|n| [n.when.start_utc, n.when.end_utc]);
        let stays = self.stays.iter().flat_map(|s| {
            let (a, b) = s.interval();
            [a, b]
        });
        let all = legs.chain(meetings).chain(notes).chain(stays);
        all.fold(None, |acc, t| match acc {
            None => Some((t, t)),
            Some((lo, hi)) => Some((t.min(lo), t.max(hi))),
        })
    }

    /// Great-circle length of a leg in km.
    pub fn leg_distance_km(&self, leg: &Leg) -> f64 {
        match (self.place(leg.from), self.place(leg.to)) {
            (Some(a), Some(b)) => crate::geodesy::distance_km(a.position, b.position),
            _ => 0.0,
        }
    }

    /// One line for `travelmap check`: counts and the date range.
    pub fn summary(&self) -> String {
        let range = match self.time_range() {
            Some((a, b)) => format!("{} to {}", a.format("%Y-%m-%d"), b.format("%Y-%m-%d")),
            None => "no dates".to_owned(),
        };
        let inferred = self.inferred_legs();
        let legs = match inferred {
            0 => format!("{} legs", self.legs.len()),
            n => format!("{} legs ({n} inferred)", self.legs.len()),
        };
        let stays = match self.stays.len() {
            0 => String::new(),
            n => format!("{n} stays, "),
        };
        format!(
            "{} places, {} people, {legs}, {} meetings, {} notes, {stays}{range}",
            self.places.len(),
            self.people.len(),
            self.meetings.len(),
            self.notes.len()
        )
    }

    /// How many legs were inferred from stays rather than reported.
    pub fn inferred_legs(&self) -> usize {
        self.legs
            .iter()
            .filter(|l| l.certainty == Certainty::Inferred)
            .count()
    }

    /// For files with free-text places: `geocoded N of M place texts (A ambiguous, U unresolved)`,
    /// counting each distinct text (with its country) once; `None` when no stay was geocoded.
    pub fn geocode_summary(&self) -> Option<String> {
        let mut texts = std::collections::HashMap::new();
        for g in self.stays.iter().filter_map(|s| s.geocode.as_ref()) {
            if g.status != GeocodeStatus::Given {
                texts.insert((&g.place_text, &g.country_text), g.status);
            }
        }
        if texts.is_empty() {
            return None;
        }
        let count = |status| texts.values().filter(|s| **s == status).count();
        let (ambiguous, unresolved) = (
            count(GeocodeStatus::Ambiguous),
            count(GeocodeStatus::Unresolved),
        );
        Some(format!(
            "geocoded {} of {} place texts ({ambiguous} ambiguous, {unresolved} unresolved)",
            texts.len() - ambiguous - unresolved,
            texts.len()
        ))
    }

    pub fn stay(&self, idx: StayIdx) -> Option<&Stay> {
        self.stays.get(idx.index())
    }
}
