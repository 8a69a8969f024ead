//! The pure time model: sorted time indexes over a dataset, and the timeline's cursor.
//!
//! Every per-frame question ("which legs are in the air at t?", "which meetings are under way?", "what
//! is the next event?") is answered by binary search on arrays sorted once when the data (or the record
//! filter) changes, so a frame costs what is visible, not what is loaded. Interval queries use the
//! longest interval as a search bound: intervals starting after `t` cannot contain `t`, and those
//! starting before `t − longest` have ended.
//!
//! [`Timeline`] holds the cursor, playback and window state; it never reads a clock: the app passes the
//! frame's `dt` to [`Timeline::update`], so tests step time exactly. Nothing here knows about egui.

use std::collections::BTreeSet;

use chrono::{DateTime, Duration, Utc};
use rayon::prelude::*;

use crate::data::{
    Certainty, Dataset, Leg, LegIdx, Meeting, MeetingIdx, Note, PersonIdx, RecordKind, RecordRef,
    SourceIdx, Stay, StayIdx,
};

/// What happens at an instant: one tick on the timeline.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum EventKind {
    Departure(LegIdx),
    Arrival(LegIdx),
    Meeting(MeetingIdx),
    Note(u32),
    /// A stay begins.
    Stay(StayIdx),
}

/// An event at its instant (the midpoint of an imprecise time).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Event {
    pub at: DateTime<Utc>,
    pub kind: EventKind,
}

/// A UTC interval with what it belongs to, for interval queries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Span<T> {
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    item: T,
}

/// Intervals sorted by start, with the longest duration as the search bound.
#[derive(Clone, Debug)]
struct Spans<T> {
    by_start: Vec<Span<T>>,
    longest: Duration,
}

impl<T: Copy> Spans<T> {
    fn new(mut by_start: Vec<Span<T>>) -> Self
    where
        T: Send,
    {
        // Stable, so records that start together keep the dataset's order; parallel, for a million.
        by_start.par_sort_by_key(|s| s.start);
        let longest = by_start
            .iter()
            .map(|s| s.end - s.start)
            .max()
            .unwrap_or_default();
        Self { by_start, longest }
    }

    /// Every interval containing `t` (inclusive at both ends).
    fn containing(&self, t: DateTime<Utc>) -> impl Iterator<Item = &Span<T>> {
        let hi = self.by_start.partition_point(|s| s.start <= t);
        let lo = self
            .by_start
            .partition_point(|s| s.start < t - self.longest);
        self.by_start[lo..hi].iter().filter(move |s| s.end >= t)
    }

    /// The earliest start strictly after `t`.
    fn next_start(&self, t: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let i = self.by_start.partition_point(|s| s.start <= t);
        self.by_start.get(i).map(|s| s.start)
    }

    /// Every interval overlapping `[from, to]`.
    fn overlapping(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> impl Iterator<Item = &Span<T>> {
        let hi = self.by_start.partition_point(|s| s.start <= to);
        let lo = self
            .by_start
            .partition_point(|s| s.start < from - self.longest);
        self.by_start[lo..hi].iter().filter(move |s| s.end >= from)
    }
}

/// Who to show: everyone, or only the trips and meetings of some people.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PersonFilter {
    /// Empty means everyone.
    pub only: BTreeSet<PersonIdx>,
    /// Meetings only where every one of `only` took part ("all of them present"), rather than any.
    pub all_present: bool,
}

impl PersonFilter {
    pub fn everyone(&self) -> bool {
        self.only.is_empty()
    }

    /// Whether a trip or note of `people` is shown: one of them is among those chosen.
    pub fn admits(&self, people: &[PersonIdx]) -> bool {
        self.only.is_empty() || people.iter().any(|p| self.only.contains(p))
    }

    /// Whether a meeting of `participants` is shown: one of those chosen took part, or, with
    /// [`PersonFilter::all_present`], every one of them.
    pub fn admits_meeting(&self, participants: &[PersonIdx]) -> bool {
        if self.all_present {
            self.only.iter().all(|p| participants.contains(p))
        } else {
            self.admits(participants)
        }
    }
}

/// Which records to show: one filter over every kind of record, applied by [`TimeIndex::new`] so the
/// map, the timeline and the counts all follow it. Each part left empty (or `None`) admits everything;
/// a record must pass every part that is set.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RecordFilter {
    /// Whose records (see [`PersonFilter`]).
    pub people: PersonFilter,
    /// Only records this sure. A stay has no certainty of its own: it counts as confirmed, or as
    /// uncertain while its place needs review.
    pub certainties: BTreeSet<Certainty>,
    /// Only these kinds ([`RecordKind::Leg`], `Meeting`, `Note`, `Stay`).
    pub kinds: BTreeSet<RecordKind>,
    /// Only records at a place in one of these countries (a leg at either end). Notes have no place.
    pub countries: BTreeSet<String>,
    /// Only records citing one of these sources.
    pub sources: BTreeSet<SourceIdx>,
    /// Only records under way at some moment of `[from, to]` (either end open when `None`).
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
}

impl From<PersonFilter> for RecordFilter {
    fn from(people: PersonFilter) -> Self {
        Self {
            people,
            ..Self::default()
        }
    }
}

impl RecordFilter {
    /// Whether it admits every record.
    pub fn everything(&self) -> bool {
        self.people.everyone() && self.records_only_by_people()
    }

    /// Whether only the people part is set (or nothing).
    pub fn records_only_by_people(&self) -> bool {
        self.certainties.is_empty()
            && self.kinds.is_empty()
            && self.countries.is_empty()
            && self.sources.is_empty()
            && self.from.is_none()
            && self.to.is_none()
    }

    /// The parts every kind shares: kind, certainty, sources, countries and the date range.
    fn admits_parts<'a>(
        &self,
        kind: RecordKind,
        certainty: Certainty,
        sources: &[SourceIdx],
        mut countries: impl Iterator<Item = &'a str>,
        (start, end): (DateTime<Utc>, DateTime<Utc>),
    ) -> bool {
        (self.kinds.is_empty() || self.kinds.contains(&kind))
            && (self.certainties.is_empty() || self.certainties.contains(&certainty))
            && (self.sources.is_empty() || sources.iter().any(|s| self.sources.contains(s)))
            && (self.countries.is_empty() || countries.any(|c| self.countries.contains(c)))
            && self.from.is_none_or(|from| end >= from)
            && self.to.is_none_or(|to| start <= to)
    }

    /// Whether a leg flown over `window` (its [`Leg::flight_window`]) is shown.
    pub fn admits_leg_in(
        &self,
        data: &Dataset,
        leg: &Leg,
        window: (DateTime<Utc>, DateTime<Utc>),
    ) -> bool {
        let countries = [leg.from, leg.to]
            .into_iter()
            .filter_map(|p| data.place(p))
            .map(|p| p.country.as_str());
        self.people.admits(&leg.travellers)
            && self.admits_parts(
                RecordKind::Leg,
                leg.certainty,
                &leg.sources,
                countries,
                window,
            )
    }

    /// Whether a leg is shown.
    pub fn admits_leg(&self, data: &Dataset, leg: &Leg) -> bool {
        self.admits_leg_in(data, leg, leg.flight_window(data.leg_distance_km(leg)))
    }

    /// Whether a meeting is shown.
    pub fn admits_meeting(&self, data: &Dataset, m: &Meeting) -> bool {
        let country = data.place(m.place).map(|p| p.country.as_str());
        self.people.admits_meeting(&m.participants)
            && self.admits_parts(
                RecordKind::Meeting,
                m.certainty,
                &m.sources,
                country.into_iter(),
                m.active_window(),
            )
    }

    /// Whether a note is shown.
    pub fn admits_note(&self, n: &Note) -> bool {
        self.people.admits(&n.people)
            && self.admits_parts(
                RecordKind::Note,
                n.certainty,
                &n.sources,
                std::iter::empty(),
                (n.when.start_utc, n.when.end_utc),
            )
    }

    /// Whether a stay is shown.
    pub fn admits_stay(&self, data: &Dataset, st: &Stay) -> bool {
        let country = st
            .place
            .and_then(|p| data.place(p))
            .map(|p| p.country.as_str());
        let certainty = if st.status().needs_review() {
            Certainty::Uncertain
        } else {
            Certainty::Confirmed
        };
        self.people.admits(std::slice::from_ref(&st.person))
            && self.admits_parts(
                RecordKind::Stay,
                certainty,
                &st.sources,
                country.into_iter(),
                st.interval(),
            )
    }

    /// Whether the record is shown; places, people and sources always are.
    pub fn admits(&self, data: &Dataset, record: RecordRef) -> bool {
        let i = record.index;
        match record.kind {
            RecordKind::Leg => data.legs.get(i).is_some_and(|l| self.admits_leg(data, l)),
            RecordKind::Meeting => data
                .meetings
                .get(i)
                .is_some_and(|m| self.admits_meeting(data, m)),
            RecordKind::Note => data.notes.get(i).is_some_and(|n| self.admits_note(n)),
            RecordKind::Stay => data.stays.get(i).is_some_and(|s| self.admits_stay(data, s)),
            RecordKind::Place | RecordKind::Person | RecordKind::Source => true,
        }
    }
}

/// Sorted time indexes over one dataset and one record filter. Built in O(n log n); queried in
/// O(log n + answer).
#[derive(Clone, Debug)]
pub struct TimeIndex {
    legs: Spans<LegIdx>,
    meetings: Spans<MeetingIdx>,
    stays: Spans<StayIdx>,
    /// Legs by arrival, so "flown by t" is a prefix.
    legs_by_end: Vec<(DateTime<Utc>, LegIdx)>,
    events: Vec<Event>,
    range: Option<(DateTime<Utc>, DateTime<Utc>)>,
    /// Stretches of at least [`LONG_GAP_DAYS`] with nothing under way, in order.
    gaps: Vec<(DateTime<Utc>, DateTime<Utc>)>,
    /// Different for every index built, so what is derived from one can be remembered.
    id: u64,
}

/// A stretch with nothing under way this long or longer is a gap that a warped axis compresses.
pub const LONG_GAP_DAYS: i64 = 10;

/// `slice.partition_point(pred)` found by doubling steps from the start, then a binary search: cheap
/// when the answer is near the start.
fn gallop<T>(slice: &[T], pred: impl Fn(&T) -> bool) -> usize {
    let mut step = 1;
    let mut below = 0;
    while below + step <= slice.len() && pred(&slice[below + step - 1]) {
        below += step;
        step *= 2;
    }
    let upto = (below + step).min(slice.len());
    below + slice[below..upto].partition_point(pred)
}

impl TimeIndex {
    /// The index of the records `filter` admits (the range stays the whole dataset's).
    pub fn new(data: &Dataset, filter: &RecordFilter) -> Self {
        let mut leg_spans = Vec::new();
        let mut events = Vec::new();
        for (i, leg) in data.legs.iter().enumerate() {
            let (start, end) = leg.flight_window(data.leg_distance_km(leg));
            if !filter.admits_leg_in(data, leg, (start, end)) {
                continue;
            }
            let idx = LegIdx(i as u32);
            leg_spans.push(Span {
                start,
                end,
                item: idx,
            });
            events.push(Event {
                at: start,
                kind: EventKind::Departure(idx),
            });
            events.push(Event {
                at: end,
                kind: EventKind::Arrival(idx),
            });
        }
        let mut meeting_spans = Vec::new();
        for (i, m) in data.meetings.iter().enumerate() {
            if !filter.admits_meeting(data, m) {
                continue;
            }
            let idx = MeetingIdx(i as u32);
            let (start, end) = m.active_window();
            meeting_spans.push(Span {
                start,
                end,
                item: idx,
            });
            events.push(Event {
                at: m.start.midpoint_utc().min(end),
                kind: EventKind::Meeting(idx),
            });
        }
        for (i, n) in data.notes.iter().enumerate() {
            if filter.admits_note(n) {
                events.push(Event {
                    at: n.when.midpoint_utc(),
                    kind: EventKind::Note(i as u32),
                });
            }
        }
        let mut stay_spans = Vec::new();
        for (i, st) in data.stays.iter().enumerate() {
            if !filter.admits_stay(data, st) {
                continue;
            }
            let idx = StayIdx(i as u32);
            let (start, end) = st.interval();
            stay_spans.push(Span {
                start,
                end,
                item: idx,
            });
            events.push(Event {
                at: start,
                kind: EventKind::Stay(idx),
            });
        }
        let mut legs_by_end: Vec<_> = leg_spans.iter().map(|s| (s.end, s.item)).collect();
        // The sorts are most of the work at a million records: both cores share them.
        let ((legs, meetings), (stays, range)) = rayon::join(
            || {
                rayon::join(
                    || {
                        events.par_sort_unstable();
                        legs_by_end.par_sort_unstable();
                        Spans::new(leg_spans)
                    },
                    || Spans::new(meeting_spans),
                )
            },
            || (Spans::new(stay_spans), data.time_range()),
        );
        let gaps = long_gaps(&legs.by_start, &meetings.by_start, &stays.by_start, &events);
        static BUILT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        Self {
            legs,
            meetings,
            stays,
            legs_by_end,
            events,
            range,
            gaps,
            id: BUILT.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
        }
    }

    /// Tells indexes apart: two indexes with the same id hold the same events (one is a clone of the
    /// other), so a view derived from one (the timeline's density) can be reused while the id is the same.
    pub fn id(&self) -> u64 {
        self.id
    }

    /// How many records the index holds (legs, meetings, notes and stays the filter admits).
    pub fn record_count(&self) -> usize {
        let (legs, meetings, stays) = (
            self.legs.by_start.len(),
            self.meetings.by_start.len(),
            self.stays.by_start.len(),
        );
        let notes = self.events.len() - 2 * legs - meetings - stays;
        legs + meetings + stays + notes
    }

    /// The dataset's whole time range (unfiltered, so the timeline does not jump when filtering).
    pub fn range(&self) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
        self.range
    }

    /// Legs in the air at `t`, with the fraction of the flight done (0..=1).
    pub fn legs_in_progress(&self, t: DateTime<Utc>) -> impl Iterator<Item = (LegIdx, f64)> + '_ {
        self.legs
            .containing(t)
            .map(move |s| (s.item, fraction(s.start, s.end, t)))
    }

    /// Legs that arrived at or before `t`, oldest arrival first.
    pub fn legs_flown_by(&self, t: DateTime<Utc>) -> &[(DateTime<Utc>, LegIdx)] {
        let n = self.legs_by_end.partition_point(|(end, _)| *end <= t);
        &self.legs_by_end[..n]
    }

    /// Legs that arrived within `[from, to]`, oldest arrival first.
    pub fn legs_arrived_between(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> &[(DateTime<Utc>, LegIdx)] {
        let lo = self.legs_by_end.partition_point(|(end, _)| *end < from);
        let hi = self.legs_by_end.partition_point(|(end, _)| *end <= to);
        &self.legs_by_end[lo..hi.max(lo)]
    }

    /// Legs in the air at any moment of `[from, to]`.
    pub fn legs_overlapping(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> impl Iterator<Item = LegIdx> + '_ {
        self.legs.overlapping(from, to).map(|s| s.item)
    }

    /// Meetings under way at `t`.
    /// Stays that include `t`.
    pub fn stays_under_way(&self, t: DateTime<Utc>) -> impl Iterator<Item = StayIdx> + '_ {
        self.stays.containing(t).map(|s| s.item)
    }

    /// Stays overlapping `[from, to]`.
    pub fn stays_overlapping(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> impl Iterator<Item = StayIdx> + '_ {
        self.stays.overlapping(from, to).map(|s| s.item)
    }

    pub fn meetings_under_way(&self, t: DateTime<Utc>) -> impl Iterator<Item = MeetingIdx> + '_ {
        self.meetings.containing(t).map(|s| s.item)
    }

    /// Meetings under way at any moment of `[from, to]`.
    pub fn meetings_overlapping(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> impl Iterator<Item = MeetingIdx> + '_ {
        self.meetings.overlapping(from, to).map(|s| s.item)
    }

    /// Long stretches with nothing under way (see [`LONG_GAP_DAYS`]), in order.
    pub fn gaps(&self) -> &[(DateTime<Utc>, DateTime<Utc>)] {
        &self.gaps
    }

    /// All events, sorted by time.
    pub fn events(&self) -> &[Event] {
        &self.events
    }

    /// Events in `[from, to)`.
    pub fn events_in(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> &[Event] {
        let lo = self.events.partition_point(|e| e.at < from);
        let hi = self.events.partition_point(|e| e.at < to);
        &self.events[lo..hi.max(lo)]
    }

    /// The events in each of the consecutive intervals `[edges[i], edges[i + 1])` (`edges` sorted):
    /// one slice per interval. Each end is found by galloping forward from the previous one, so a pixel
    /// column's worth of events costs a few comparisons near the last, not a search of all events.
    pub fn events_between_edges(&self, edges: &[DateTime<Utc>]) -> Vec<&[Event]> {
        let Some(first) = edges.first() else {
            return Vec::new();
        };
        let mut lo = self.events.partition_point(|e| e.at < *first);
        edges[1..]
            .iter()
            .map(|to| {
                let hi = lo + gallop(&self.events[lo..], |e| e.at < *to);
                let slice = &self.events[lo..hi];
                lo = hi;
                slice
            })
            .collect()
    }

    /// The first event strictly after `t`.
    pub fn next_event(&self, t: DateTime<Utc>) -> Option<&Event> {
        self.events.get(self.events.partition_point(|e| e.at <= t))
    }

    /// The last event strictly before `t`.
    pub fn previous_event(&self, t: DateTime<Utc>) -> Option<&Event> {
        let i = self.events.partition_point(|e| e.at < t);
        i.checked_sub(1).and_then(|i| self.events.get(i))
    }
}

/// The holes of at least [`LONG_GAP_DAYS`] between busy intervals (legs, meetings, stays, events).
fn long_gaps(
    legs: &[Span<LegIdx>],
    meetings: &[Span<MeetingIdx>],
    stays: &[Span<StayIdx>],
    events: &[Event],
) -> Vec<(DateTime<Utc>, DateTime<Utc>)> {
    // All four are sorted by start: merge them rather than sort a copy of everything (millions of
    // intervals in a big dataset). Ties may come in any order without changing the gaps.
    let (mut l, mut m, mut st, mut e) = (0, 0, 0, 0);
    let mut gaps = Vec::new();
    let mut covered_until: Option<DateTime<Utc>> = None;
    loop {
        let heads = [
            legs.get(l).map(|s| (s.start, s.end)),
            meetings.get(m).map(|s| (s.start, s.end)),
            stays.get(st).map(|s| (s.start, s.end)),
            events.get(e).map(|ev| (ev.at, ev.at)),
        ];
        let Some((which, (start, end))) = heads
            .iter()
            .enumerate()
            .filter_map(|(which, head)| head.map(|h| (which, h)))
            .min_by_key(|(_, (start, _))| *start)
        else {
            break;
        };
        match which {
            0 => l += 1,
            1 => m += 1,
            2 => st += 1,
            _ => e += 1,
        }
        if let Some(until) = covered_until
            && start - until >= Duration::days(LONG_GAP_DAYS)
        {
            gaps.push((until, start));
        }
        covered_until = Some(covered_until.map_or(end, |u| u.max(end)));
    }
    gaps
}

/// Where `t` lies in `[start, end]`, clamped to 0..=1 (1 for an empty interval).
fn fraction(start: DateTime<Utc>, end: DateTime<Utc>, t: DateTime<Utc>) -> f64 {
    let total = (end - start).num_milliseconds();
    if total <= 0 {
        return 1.0;
    }
    ((t - start).num_milliseconds() as f64 / total as f64).clamp(0.0, 1.0)
}

/// How far the arrow keys move the cursor.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StepSize {
    /// One hour.
    Small,
    /// One day.
    Large,
}

/// An intent to change the timeline, returned by panels and applied in one place.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum TimeCommand {
    SetCursor(DateTime<Utc>),
    /// Move by a step; `forward` false moves back.
    Step {
        forward: bool,
        size: StepSize,
    },
    /// Jump to the next or previous event.
    JumpToEvent {
        forward: bool,
    },
    ToStart,
    ToEnd,
    SetPlaying(bool),
    /// Simulated seconds per real second.
    SetSpeed(f64),
    SetLooping(bool),
    /// Idle-time warp on or off.
    SetWarp(bool),
    SetWindow(TimeWindow),
    /// Show long empty gaps compressed on the timeline.
    SetCompressGaps(bool),
    /// Zoom the timeline's axis by `factor` (below 1 closer in) keeping `around` where it is.
    ZoomView {
        factor: f64,
        around: DateTime<Utc>,
    },
}

/// The timeline's axis never shows less than this.
pub const MIN_VIEW: Duration = Duration::hours(6);

/// Which stretch of time the map shows around the cursor.
#[derive(Clone, Copy, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum TimeWindow {
    /// Everything up to the cursor.
    #[default]
    Cumulative,
    /// The last `days` days up to the cursor.
    Last { days: u32 },
    /// A fixed period chosen on the timeline, whatever the cursor.
    Range {
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    },
}

impl TimeWindow {
    /// The interval shown when the cursor is at `cursor`.
    pub fn interval(
        self,
        start: DateTime<Utc>,
        cursor: DateTime<Utc>,
    ) -> (DateTime<Utc>, DateTime<Utc>) {
        match self {
            Self::Cumulative => (start, cursor),
            Self::Last { days } => (cursor - Duration::days(i64::from(days)), cursor),
            Self::Range { from, to } => (from.min(to), from.max(to)),
        }
    }
}

/// With warp on, an idle gap between events is crossed in this many real seconds, whatever its length.
pub const WARP_GAP_SECS: f64 = 0.4;
/// While playing, every flight and meeting is under way on screen for at least this many real seconds.
pub const MIN_EVENT_SECS: f64 = 0.6;
/// A flight or meeting shorter than this (simulated seconds) is paced as if it lasted this long.
const MIN_SPAN_SECS: f64 = 60.0;
/// At most this many pieces of constant speed are played in one frame; a frame longer than that many
/// events is cut short rather than stall the app.
const MAX_PIECES: usize = 4_096;

/// The timeline's state: the range it spans, the cursor, and playback.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Timeline {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub cursor: DateTime<Utc>,
    pub playing: bool,
    /// Simulated seconds per real second.
    pub speed: f64,
    pub looping: bool,
    /// Idle-time warp: skip quickly through stretches where nothing is under way.
    pub warp: bool,
    pub window: TimeWindow,
    /// The timeline's axis compresses long empty gaps.
    pub compress_gaps: bool,
    /// The stretch the timeline's axis shows when zoomed in; `None` for all of it.
    #[serde(skip)]
    pub view: Option<(DateTime<Utc>, DateTime<Utc>)>,
}

impl Default for Timeline {
    fn default() -> Self {
        let epoch = DateTime::<Utc>::UNIX_EPOCH;
        Self {
            start: epoch,
            end: epoch,
            cursor: epoch,
            playing: false,
            speed: 86_400.0,
            looping: false,
            warp: true,
            window: TimeWindow::Cumulative,
            compress_gaps: false,
            view: None,
        }
    }
}

impl Timeline {
    /// A timeline spanning the index's range, padded by a day each side, with the cursor at the start.
    pub fn spanning(index: &TimeIndex) -> Self {
        let pad = Duration::days(1);
        let (start, end) = index.range().map_or_else(
            || {
                let now = DateTime::<Utc>::UNIX_EPOCH;
                (now, now + pad)
            },
            |(a, b)| (a - pad, b + pad),
        );
        Self {
            start,
            end,
            cursor: start,
            ..Self::default()
        }
    }

    /// Keeps the remembered cursor and playback settings but adopts another range (after loading data).
    pub fn with_range_of(&self, index: &TimeIndex) -> Self {
        let fresh = Self::spanning(index);
        let cursor = if (fresh.start..=fresh.end).contains(&self.cursor) {
            self.cursor
        } else {
            fresh.start
        };
        Self {
            cursor,
            speed: self.speed,
            looping: self.looping,
            warp: self.warp,
            compress_gaps: self.compress_gaps,
            playing: false,
            ..fresh
        }
    }

    /// The cursor's position in the range, 0..=1.
    pub fn cursor_fraction(&self) -> f64 {
        fraction(self.start, self.end, self.cursor)
    }

    /// The instant at `fraction` (clamped) of the range.
    pub fn at_fraction(&self, fraction: f64) -> DateTime<Utc> {
        let total = (self.end - self.start).num_milliseconds() as f64;
        self.start + Duration::milliseconds((total * fraction.clamp(0.0, 1.0)).round() as i64)
    }

    fn clamp(&self, t: DateTime<Utc>) -> DateTime<Utc> {
        t.clamp(self.start, self.end.max(self.start))
    }

    /// Applies a command; the only way the cursor changes apart from [`Timeline::update`].
    pub fn apply(&mut self, command: TimeCommand, index: &TimeIndex) {
        match command {
            TimeCommand::SetCursor(t) => self.cursor = self.clamp(t),
            TimeCommand::Step { forward, size } => {
                let step = match size {
                    StepSize::Small => Duration::hours(1),
                    StepSize::Large => Duration::days(1),
                };
                let t = if forward {
                    self.cursor + step
                } else {
                    self.cursor - step
                };
                self.cursor = self.clamp(t);
            }
            TimeCommand::JumpToEvent { forward } => {
                let event = if forward {
                    index.next_event(self.cursor)
                } else {
                    index.previous_event(self.cursor)
                };
                if let Some(e) = event {
                    self.cursor = self.clamp(e.at);
                }
            }
            TimeCommand::ToStart => self.cursor = self.start,
            TimeCommand::ToEnd => self.cursor = self.end,
            TimeCommand::SetPlaying(playing) => {
                let (start, end) = self.play_bounds();
                if playing && (self.cursor >= end || self.cursor < start) {
                    self.cursor = start;
                }
                self.playing = playing;
            }
            TimeCommand::SetSpeed(speed) => self.speed = speed.clamp(0.1, 1.0e9),
            TimeCommand::SetLooping(looping) => self.looping = looping,
            TimeCommand::SetWarp(warp) => self.warp = warp,
            TimeCommand::SetWindow(window) => self.window = window,
            TimeCommand::SetCompressGaps(on) => self.compress_gaps = on,
            TimeCommand::ZoomView { factor, around } => self.zoom_view(factor, around),
        }
    }

    /// The stretch the axis shows: all of the timeline, or the part zoomed in on.
    pub fn visible(&self) -> (DateTime<Utc>, DateTime<Utc>) {
        self.view.unwrap_or((self.start, self.end))
    }

    fn zoom_view(&mut self, factor: f64, around: DateTime<Utc>) {
        let (from, to) = self.visible();
        let full_ms = (self.end - self.start).num_milliseconds();
        let span_ms = ((to - from).num_milliseconds() as f64 * factor.max(0.0)).round() as i64;
        if !factor.is_finite() || span_ms >= full_ms {
            self.view = None;
            return;
        }
        let span_ms = span_ms.max(MIN_VIEW.num_milliseconds()).min(full_ms);
        let around = self.clamp(around);
        let before_ms = ((around - from).num_milliseconds() as f64 * span_ms as f64
            / (to - from).num_milliseconds().max(1) as f64)
            .round() as i64;
        let start = (around - Duration::milliseconds(before_ms))
            .clamp(self.start, self.end - Duration::milliseconds(span_ms));
        self.view = Some((start, start + Duration::milliseconds(span_ms)));
    }

    /// Where playback starts and ends: the chosen range, or the whole timeline.
    pub fn play_bounds(&self) -> (DateTime<Utc>, DateTime<Utc>) {
        match self.window {
            TimeWindow::Range { from, to } => (self.clamp(from.min(to)), self.clamp(from.max(to))),
            TimeWindow::Cumulative | TimeWindow::Last { .. } => (self.start, self.end),
        }
    }

    /// The interval the map shows (see [`TimeWindow`]).
    pub fn window_interval(&self) -> (DateTime<Utc>, DateTime<Utc>) {
        self.window.interval(self.start, self.cursor)
    }

    /// Advances playback by `dt_secs` of real time. Returns whether the app must repaint (while playing).
    ///
    /// The chosen speed is the pace of eventful time. With warp on, an idle gap between events is
    /// crossed in [`WARP_GAP_SECS`] instead; warp never speeds up a flight or meeting. Every flight and
    /// meeting stays under way on screen for at least [`MIN_EVENT_SECS`]: a short one slows playback
    /// while it lasts. Speed is piecewise constant between events, and a frame is played piece by
    /// piece, so one long frame covers the same data time as many short ones. Playback runs over the
    /// chosen range ([`Timeline::play_bounds`]) and stops or loops at its end.
    pub fn update(&mut self, dt_secs: f64, index: &TimeIndex) -> bool {
        if !self.playing {
            return false;
        }
        let (start, end) = self.play_bounds();
        let mut left_secs = dt_secs.max(0.0);
        for _ in 0..MAX_PIECES {
            if self.cursor >= end {
                break;
            }
            if left_secs <= 0.0 {
                return true;
            }
            let (speed, limit) = self.pace(index, end);
            let room_secs = (limit - self.cursor).num_milliseconds() as f64 / 1000.0;
            let wanted_secs = left_secs * speed;
            if wanted_secs < room_secs {
                self.cursor += Duration::milliseconds((wanted_secs * 1000.0).round() as i64);
                return true;
            }
            self.cursor = limit;
            left_secs -= room_secs / speed;
        }
        if self.cursor >= end {
            if self.looping {
                self.cursor = start;
            } else {
                self.cursor = end;
                self.playing = false;
            }
        }
        true
    }

    /// The speed (simulated seconds per real second) at the cursor, and how far it holds.
    fn pace(&self, index: &TimeIndex, end: DateTime<Utc>) -> (f64, DateTime<Utc>) {
        let t = self.cursor;
        // The pace changes only at an event or where a flight or meeting starts (a meeting known to the
        // day starts at local midnight, before its event).
        let next_event = [
            index.next_event(t).map(|e| e.at),
            index.legs.next_start(t),
            index.meetings.next_start(t),
        ]
        .into_iter()
        .flatten()
        .fold(end, DateTime::min);
        // What is under way: the shortest sets the slowest pace, the first to end where it changes.
        let mut shortest: Option<Duration> = None;
        let mut first_end = next_event;
        let spans = index
            .legs
            .containing(t)
            .map(|s| (s.start, s.end))
            .chain(index.meetings.containing(t).map(|s| (s.start, s.end)));
        for (from, to) in spans {
            let length = to - from;
            if to > t {
                shortest = Some(shortest.map_or(length, |s| s.min(length)));
                first_end = first_end.min(to);
            }
        }
        match shortest {
            Some(length) if self.warp => {
                let length_secs = (length.num_milliseconds() as f64 / 1000.0).max(MIN_SPAN_SECS);
                let speed = self.speed.min(length_secs / MIN_EVENT_SECS);
                (
                    speed.max(f64::MIN_POSITIVE),
                    first_end.max(t + Duration::milliseconds(1)),
                )
            }
            None if self.warp => {
                let previous = index.previous_event(t).map_or(self.start, |e| e.at);
                let gap_secs = (next_event - previous).num_milliseconds() as f64 / 1000.0;
                (
                    self.speed.max(gap_secs / WARP_GAP_SECS),
                    next_event.max(t + Duration::milliseconds(1)),
                )
            }
            Some(_) | None => (self.speed, end),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::{Meeting, bundled};

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    fn bundled_index() -> (Dataset, TimeIndex) {
        let d = bundled().unwrap();
        let i = TimeIndex::new(&d, &RecordFilter::default());
        (d, i)
    }

    #[test]
    fn the_bundled_timeline_spans_february_to_december_2025() {
        let (_, index) = bundled_index();
        let (a, b) = index.range().unwrap();
        assert_eq!(a.format("%Y-%m").to_string(), "2025-02");
        assert_eq!(b.format("%Y-%m").to_string(), "2025-12");
    }

    #[test]
    fn the_st_petersburg_flight_is_in_the_air_early_on_11_april() {
        let (d, index) = bundled_index();
        let t = utc("2025-04-11T02:00:00Z");
        let flying: Vec<_> = index.legs_in_progress(t).collect();
        assert_eq!(flying.len(), 1, "{flying:?}");
        let (leg, fraction) = flying[0];
        let leg = &d.legs[leg.index()];
        assert_eq!(d.places[leg.to.index()].city, "St Petersburg");
        assert_eq!(d.places[leg.from.index()].city, "Fort Lauderdale");
        assert!(fraction > 0.0 && fraction < 1.0);
    }

    #[test]
    fn events_between_edges_agrees_with_events_in() {
        let (_, index) = bundled_index();
        let (a, b) = index.range().unwrap();
        // Pixel columns of several widths, edges on and between events, before and after the range.
        for columns in [1, 7, 300, 1280, 5000] {
            let start = a - Duration::days(3);
            let step = (b - start + Duration::days(6)) / columns;
            let mut edges: Vec<_> = (0..=columns).map(|i| start + step * i).collect();
            let by_edges = index.events_between_edges(&edges);
            assert_eq!(by_edges.len(), columns as usize);
            for (i, slice) in by_edges.iter().enumerate() {
                assert_eq!(
                    *slice,
                    index.events_in(edges[i], edges[i + 1]),
                    "column {i}"
                );
            }
            let total: usize = by_edges.iter().map(|s| s.len()).sum();
            assert_eq!(total, index.events().len());
            // Edges exactly on events: each event lands in the column that starts at it.
            edges = index.events().iter().map(|e| e.at).collect();
            edges.dedup();
            for (i, slice) in index.events_between_edges(&edges).iter().enumerate() {
                assert!(slice.iter().all(|e| e.at == edges[i]), "edge {i}");
            }
        }
        assert!(index.events_between_edges(&[]).is_empty());
        assert!(index.events_between_edges(&[a]).is_empty());
    }

    #[test]
    fn gallop_finds_the_partition_point() {
        for len in 0..40 {
            let v: Vec<usize> = (0..len).collect();
            for cut in 0..=len {
                assert_eq!(gallop(&v, |x| *x < cut), cut, "len {len} cut {cut}");
            }
        }
    }

    #[test]
    fn an_interval_query_includes_both_ends_and_nothing_outside() {
        let (d, index) = bundled_index();
        for (i, m) in d.meetings.iter().enumerate() {
            let (a, b) = m.active_window();
            let idx = MeetingIdx(i as u32);
            assert!(index.meetings_under_way(a).any(|x| x == idx));
            assert!(index.meetings_under_way(b).any(|x| x == idx));
            assert!(
                !index
                    .meetings_under_way(a - Duration::seconds(1))
                    .any(|x| x == idx)
            );
            assert!(
                !index
                    .meetings_under_way(b + Duration::seconds(1))
                    .any(|x| x == idx)
            );
        }
    }

    #[test]
    fn legs_flown_by_is_a_growing_prefix() {
        let (d, index) = bundled_index();
        let (a, b) = index.range().unwrap();
        assert!(index.legs_flown_by(a - Duration::days(1)).is_empty());
        assert_eq!(index.legs_flown_by(b).len(), d.legs.len());
    }

    #[test]
    fn stepping_between_events_visits_every_event_in_order() {
        let (_, index) = bundled_index();
        let mut tl = Timeline::spanning(&index);
        let mut seen = Vec::new();
        loop {
            let before = tl.cursor;
            tl.apply(TimeCommand::JumpToEvent { forward: true }, &index);
            if tl.cursor == before {
                break;
            }
            seen.push(tl.cursor);
        }
        let mut distinct: Vec<_> = index.events().iter().map(|e| e.at).collect();
        distinct.dedup();
        assert_eq!(seen, distinct);
        tl.apply(TimeCommand::JumpToEvent { forward: false }, &index);
        assert_eq!(Some(tl.cursor), distinct.iter().rev().nth(1).copied());
    }

    #[test]
    fn the_cursor_is_clamped_to_the_range() {
        let (_, index) = bundled_index();
        let mut tl = Timeline::spanning(&index);
        tl.apply(
            TimeCommand::Step {
                forward: false,
                size: StepSize::Large,
            },
            &index,
        );
        assert_eq!(tl.cursor, tl.start);
        tl.apply(TimeCommand::SetCursor(tl.end + Duration::days(400)), &index);
        assert_eq!(tl.cursor, tl.end);
        tl.apply(TimeCommand::ToStart, &index);
        tl.apply(
            TimeCommand::Step {
                forward: true,
                size: StepSize::Small,
            },
            &index,
        );
        assert_eq!(tl.cursor - tl.start, Duration::hours(1));
    }

    #[test]
    fn playback_advances_by_speed_times_dt_and_stops_at_the_end() {
        let (_, index) = bundled_index();
        let mut tl = Timeline::spanning(&index);
        tl.warp = false;
        assert!(!tl.update(0.5, &index), "no repaint while paused");
        tl.apply(TimeCommand::SetSpeed(3600.0), &index);
        tl.apply(TimeCommand::SetPlaying(true), &index);
        assert!(tl.update(0.5, &index));
        assert_eq!(tl.cursor - tl.start, Duration::minutes(30));
        tl.apply(TimeCommand::SetSpeed(1.0e9), &index);
        tl.update(1.0, &index);
        assert_eq!(tl.cursor, tl.end);
        assert!(!tl.playing);
    }

    #[test]
    fn looping_playback_wraps_to_the_start() {
        let (_, index) = bundled_index();
        let mut tl = Timeline::spanning(&index);
        tl.warp = false;
        tl.apply(TimeCommand::SetLooping(true), &index);
        tl.apply(TimeCommand::SetSpeed(1.0e9), &index);
        tl.apply(TimeCommand::SetPlaying(true), &index);
        tl.update(1.0, &index);
        assert_eq!(tl.cursor, tl.start);
        assert!(tl.playing);
    }

    /// Plays the whole timeline at 60 frames per second; returns the cursor of every frame.
    fn play_through(tl: &mut Timeline, index: &TimeIndex) -> Vec<DateTime<Utc>> {
        let mut frames = Vec::new();
        tl.apply(TimeCommand::SetPlaying(true), index);
        while tl.playing && frames.len() < 100_000 {
            tl.update(1.0 / 60.0, index);
            frames.push(tl.cursor);
        }
        frames
    }

    #[test]
    fn warped_playback_takes_under_a_minute_for_the_bundled_year_and_shows_every_event() {
        let (_, index) = bundled_index();
        let mut tl = Timeline::spanning(&index);
        assert!(tl.warp, "warp is on by default");
        let frames = play_through(&mut tl, &index);
        let secs = frames.len() as f64 / 60.0;
        assert!((10.0..=40.0).contains(&secs), "{secs} s");
        // Every flight and meeting is under way in enough frames (a frame may end just inside).
        let (d, _) = bundled_index();
        let spans = d
            .legs
            .iter()
            .map(|l| l.flight_window(d.leg_distance_km(l)))
            .chain(d.meetings.iter().map(Meeting::active_window));
        for (from, to) in spans {
            if (to - from).num_seconds() < MIN_SPAN_SECS as i64 {
                // An instant (a leg reported to land when it left) has no time to be shown in.
                continue;
            }
            let shown = frames.iter().filter(|t| (from..to).contains(*t)).count();
            assert!(
                shown as f64 >= MIN_EVENT_SECS * 60.0 - 2.0,
                "{from}–{to} on screen for {shown} frames"
            );
        }
    }

    #[test]
    fn zooming_the_axis_keeps_the_instant_under_the_pointer_and_zooming_out_shows_it_all() {
        let (_, index) = bundled_index();
        let mut tl = Timeline::spanning(&index);
        let around = utc("2025-04-11T00:00:00Z");
        let fraction = |tl: &Timeline| {
            let (a, b) = tl.visible();
            (around - a).num_seconds() as f64 / (b - a).num_seconds() as f64
        };
        let before = fraction(&tl);
        let full = tl.end - tl.start;
        tl.apply(
            TimeCommand::ZoomView {
                factor: 0.5,
                around,
            },
            &index,
        );
        let (a, b) = tl.visible();
        assert!(((b - a).num_seconds() as f64 / full.num_seconds() as f64 - 0.5).abs() < 1e-6);
        assert!(
            (fraction(&tl) - before).abs() < 1e-6,
            "{} vs {before}",
            fraction(&tl)
        );
        for _ in 0..40 {
            tl.apply(
                TimeCommand::ZoomView {
                    factor: 0.5,
                    around,
                },
                &index,
            );
        }
        let (a, b) = tl.visible();
        assert_eq!(b - a, MIN_VIEW, "never closer than six hours");
        assert!((a..=b).contains(&around));
        tl.apply(
            TimeCommand::ZoomView {
                factor: 1.0e6,
                around,
            },
            &index,
        );
        assert_eq!(tl.view, None);
        assert_eq!(tl.visible(), (tl.start, tl.end));
    }

    #[test]
    fn with_warp_the_chosen_speed_is_the_pace_of_a_meeting() {
        let (d, index) = bundled_index();
        let miami = d.meetings.iter().find(|m| m.id == "miami-1024").unwrap();
        let (from, _) = miami.active_window();
        let mut tl = Timeline::spanning(&index);
        tl.apply(TimeCommand::SetCursor(from + Duration::hours(2)), &index);
        tl.apply(TimeCommand::SetSpeed(3600.0), &index);
        tl.apply(TimeCommand::SetPlaying(true), &index);
        tl.update(1.0, &index);
        assert_eq!(tl.cursor - from, Duration::hours(3), "one hour per second");
    }

    /// Real seconds playback spends inside `[from, to)` at `speed`, at 60 frames per second.
    fn seconds_inside(
        index: &TimeIndex,
        speed: f64,
        (from, to): (DateTime<Utc>, DateTime<Utc>),
    ) -> f64 {
        let mut tl = Timeline::spanning(index);
        tl.apply(TimeCommand::SetSpeed(speed), index);
        tl.apply(TimeCommand::SetCursor(from), index);
        tl.apply(TimeCommand::SetPlaying(true), index);
        let mut frames = 0;
        while tl.cursor < to && frames < 100_000 {
            tl.update(1.0 / 60.0, index);
            frames += 1;
        }
        f64::from(frames) / 60.0
    }

    #[test]
    fn the_anchorage_summit_gets_as_long_as_miami_per_hour_of_meeting() {
        let (d, index) = bundled_index();
        let window = |id| {
            d.meetings
                .iter()
                .find(|m| m.id == id)
                .unwrap()
                .active_window()
        };
        let hours = |(a, b): (DateTime<Utc>, DateTime<Utc>)| (b - a).num_minutes() as f64 / 60.0;
        let (anchorage, miami) = (window("anchorage-0815"), window("miami-1024"));
        // At an hour a second both play at that pace; a week a second would flash the summit by,
        // so it gets at least the minimum, and more per hour than Miami, never less.
        let hourly = |w, speed| seconds_inside(&index, speed, w) / hours(w);
        assert!((hourly(anchorage, 3600.0) - hourly(miami, 3600.0)).abs() < 0.05);
        let week = 7.0 * 86_400.0;
        assert!(seconds_inside(&index, week, anchorage) >= MIN_EVENT_SECS - 0.02);
        assert!(hourly(anchorage, week) >= hourly(miami, week));
    }

    #[test]
    fn playback_covers_the_same_data_time_per_second_at_4_and_60_frames_per_second() {
        let (_, index) = bundled_index();
        let mut fast = Timeline::spanning(&index);
        let mut slow = fast.clone();
        for tl in [&mut fast, &mut slow] {
            tl.apply(TimeCommand::SetPlaying(true), &index);
        }
        for _ in 0..20 {
            for _ in 0..15 {
                fast.update(1.0 / 60.0, &index);
            }
            slow.update(0.25, &index);
            assert!(
                (fast.cursor - slow.cursor).abs() <= Duration::minutes(1),
                "{} vs {}",
                fast.cursor,
                slow.cursor
            );
        }
    }

    #[test]
    fn playing_a_chosen_range_starts_at_its_start_and_stops_or_loops_at_its_end() {
        let (_, index) = bundled_index();
        let mut tl = Timeline::spanning(&index);
        let (from, to) = (utc("2025-04-01T00:00:00Z"), utc("2025-04-20T00:00:00Z"));
        tl.apply(
            TimeCommand::SetWindow(TimeWindow::Range { from, to }),
            &index,
        );
        tl.apply(TimeCommand::SetPlaying(true), &index);
        assert_eq!(tl.cursor, from);
        for _ in 0..100_000 {
            if !tl.playing {
                break;
            }
            tl.update(0.1, &index);
        }
        assert_eq!(tl.cursor, to, "stopped at the range's end");
        tl.apply(TimeCommand::SetLooping(true), &index);
        tl.apply(TimeCommand::SetPlaying(true), &index);
        assert_eq!(tl.cursor, from);
        tl.apply(TimeCommand::SetSpeed(1.0e9), &index);
        tl.update(30.0, &index);
        assert_eq!(tl.cursor, from, "looped back to the range's start");
        assert!(tl.playing);
    }

    #[test]
    fn without_warp_playback_is_linear_in_speed() {
        let (_, index) = bundled_index();
        let mut tl = Timeline::spanning(&index);
        tl.warp = false;
        tl.speed = 86_400.0;
        let frames = play_through(&mut tl, &index);
        let days = (tl.end - tl.start).num_seconds() as f64 / 86_400.0;
        assert!((frames.len() as f64 / 60.0 - days).abs() < 0.1);
    }

    #[test]
    fn a_warped_gap_is_crossed_in_its_set_time_and_lands_where_the_first_meeting_starts() {
        let (d, index) = bundled_index();
        let mut tl = Timeline::spanning(&index);
        tl.apply(TimeCommand::SetPlaying(true), &index);
        tl.update(WARP_GAP_SECS, &index);
        // The 11 February Moscow meeting is known to the day: it starts at midnight Moscow time.
        let first = d
            .meetings
            .iter()
            .map(|m| m.active_window().0)
            .min()
            .unwrap();
        assert_eq!(first, utc("2025-02-10T21:00:00Z"));
        assert_eq!(tl.cursor, first);
    }

    #[test]
    fn merging_the_sorted_intervals_finds_the_gaps_sorting_them_all_finds() {
        let (d, index) = bundled_index();
        let mut all: Vec<(DateTime<Utc>, DateTime<Utc>)> = d
            .legs
            .iter()
            .map(|l| l.flight_window(d.leg_distance_km(l)))
            .chain(d.meetings.iter().map(Meeting::active_window))
            .chain(index.events().iter().map(|e| (e.at, e.at)))
            .collect();
        all.sort_unstable();
        let mut gaps = Vec::new();
        let mut until: Option<DateTime<Utc>> = None;
        for (start, end) in all {
            if let Some(u) = until
                && start - u >= Duration::days(LONG_GAP_DAYS)
            {
                gaps.push((u, start));
            }
            until = Some(until.map_or(end, |u| u.max(end)));
        }
        assert_eq!(index.gaps(), gaps.as_slice());
    }

    #[test]
    fn long_gaps_are_the_empty_stretches_between_events() {
        let (_, index) = bundled_index();
        let gaps = index.gaps();
        assert!(!gaps.is_empty());
        for (a, b) in gaps {
            assert!(*b - *a >= Duration::days(LONG_GAP_DAYS));
            assert!(
                index.events_in(*a + Duration::seconds(1), *b).is_empty(),
                "no event inside a gap"
            );
        }
        // May to July 2025 had no recorded event.
        assert!(
            gaps.iter()
                .any(|(a, b)| *a < utc("2025-05-15T00:00:00Z") && *b > utc("2025-07-15T00:00:00Z"))
        );
    }

    #[test]
    fn time_windows_include_and_exclude_at_their_boundaries() {
        let t = |s| utc(s);
        let start = t("2025-01-01T00:00:00Z");
        let cursor = t("2025-04-11T00:00:00Z");
        assert_eq!(
            TimeWindow::Cumulative.interval(start, cursor),
            (start, cursor)
        );
        assert_eq!(
            TimeWindow::Last { days: 7 }.interval(start, cursor),
            (t("2025-04-04T00:00:00Z"), cursor)
        );
        let range = TimeWindow::Range {
            from: t("2025-05-01T00:00:00Z"),
            to: t("2025-03-01T00:00:00Z"),
        };
        assert_eq!(
            range.interval(start, cursor),
            (t("2025-03-01T00:00:00Z"), t("2025-05-01T00:00:00Z"))
        );
    }

    #[test]
    fn a_person_filter_keeps_only_their_trips_and_meetings() {
        let d = bundled().unwrap();
        let darchiev = d.people.iter().position(|p| p.id == "darchiev").unwrap();
        let filter = PersonFilter {
            only: [PersonIdx(darchiev as u32)].into(),
            all_present: false,
        };
        let index = TimeIndex::new(&d, &filter.into());
        let meetings: Vec<_> = index
            .events()
            .iter()
            .filter_map(|e| match e.kind {
                EventKind::Meeting(m) => Some(&d.meetings[m.index()]),
                _ => None,
            })
            .collect();
        assert_eq!(meetings.len(), 2, "27 Feb and 10 Apr in Istanbul");
        assert!(
            meetings
                .iter()
                .all(|m| d.places[m.place.index()].city == "Istanbul")
        );
        assert!(index.legs_flown_by(index.range().unwrap().1).is_empty());
    }

    #[test]
    fn each_part_of_the_record_filter_narrows_the_index_and_an_empty_filter_admits_everything() {
        let d = bundled().unwrap();
        let all = TimeIndex::new(&d, &RecordFilter::default()).record_count();
        assert_eq!(
            all,
            d.legs.len() + d.meetings.len() + d.notes.len() + d.stays.len()
        );
        let count = |f: RecordFilter| TimeIndex::new(&d, &f).record_count();
        let reported = count(RecordFilter {
            certainties: [Certainty::Reported].into(),
            ..RecordFilter::default()
        });
        assert_eq!(reported, 1, "only the Miami meeting is reported");
        let meetings = count(RecordFilter {
            kinds: [RecordKind::Meeting].into(),
            ..RecordFilter::default()
        });
        assert_eq!(meetings, d.meetings.len());
        let turkey = RecordFilter {
            countries: ["Turkey".to_owned()].into(),
            kinds: [RecordKind::Meeting].into(),
            ..RecordFilter::default()
        };
        assert_eq!(count(turkey), 2, "the two Istanbul meetings");
        // A date range keeps what is under way in it, inclusive at both ends.
        let april = RecordFilter {
            from: Some(utc("2025-04-10T00:00:00Z")),
            to: Some(utc("2025-04-11T23:59:59Z")),
            kinds: [RecordKind::Meeting].into(),
            ..RecordFilter::default()
        };
        let index = TimeIndex::new(&d, &april);
        let ids: Vec<&str> = index
            .events()
            .iter()
            .filter_map(|e| match e.kind {
                EventKind::Meeting(m) => Some(d.meetings[m.index()].id.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(
            ids,
            ["istanbul-0410", "stpete-0411-dmitriev", "stpete-0411-putin"]
        );
        let cited = RecordFilter {
            sources: [SourceIdx(0)].into(),
            ..RecordFilter::default()
        };
        let n = count(cited.clone());
        assert!(n > 0 && n < all, "{n} of {all}");
        assert!(!cited.everything() && RecordFilter::default().everything());
    }
}
