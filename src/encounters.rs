//! Who met whom, and who was in the same city at the same time.
//!
//! An analyst's first question of a travel record is "who met whom"; the second, which no report
//! answers, is "who was in the same place at the same time without a reported meeting". Both are
//! [`Encounter`]s between two people at a city over an interval:
//! - a [`EncounterKind::Meeting`] is a reported meeting both took part in: one per meeting and pair;
//! - a [`EncounterKind::CoPresence`] is a possible encounter worked out from where each person was
//!   (stays, meetings they attended, and the time between a reported arrival and their next
//!   reported departure). It is never a fact: it has certainty `inferred`, and its [`Exactness`] says
//!   how weak its evidence is.
//!
//! The rules, each applied once here:
//! - Times are compared as the UTC intervals their reports allow. A day-precision time is stored as its
//!   whole local day in the place's zone, so two day-precision stays overlap exactly when they share a
//!   local day (1–5 Jan and 5–9 Jan share 5 Jan; 1–4 Jan and 5–9 Jan share none), and a meeting's clock
//!   time falls on the local day it was in, not on a neighbouring UTC date.
//! - Inferred legs add nothing (they are made from the stays); stays with no place, or placed only at a
//!   country's capital ([`GeocodeStatus::Country`]), are not presence in a city.
//! - Per pair and city, overlapping or touching (consecutive-day) stretches are one encounter with the
//!   union of their evidence.
//! - A co-presence wholly within the reported meetings of the same two people at that city adds nothing
//!   to them and is left out: two participants of one meeting are not also "possibly together".
//! - A city is the map's city, told apart by country and time zone, so that namesakes (two
//!   Springfields) are not taken for one place.
//!
//! How: each person's presence in each city is collected as stretches, merged per person into runs,
//! and the runs of one city are swept in order of start, pairing each with the runs still under way;
//! cities are worked on in parallel. The result is indexed by pair, by person and by city.
//!
//! Computed once per dataset, from the data and the cities, with no egui: the map, the city panel,
//! the people network and `travelmap who-met` all read the same [`Encounters`].

use std::collections::HashMap;
use std::ops::Range;
use std::sync::atomic::{AtomicU32, AtomicUsize, Ordering};
use std::sync::{Arc, mpsc};

use chrono::{DateTime, Duration, NaiveDate, Utc};
use chrono_tz::Tz;
use rayon::prelude::*;

use crate::data::{
    Certainty, Cities, CityIdx, Dataset, GeocodeStatus, LegIdx, MeetingIdx, PersonIdx, Precision,
    RecordKind, RecordRef, SourceIdx, StayIdx,
};

/// What an encounter rests on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EncounterKind {
    /// A reported meeting with both people among its participants.
    Meeting,
    /// Both were in the city at overlapping times, beyond what a reported meeting of the two there
    /// covers.
    CoPresence,
}

impl EncounterKind {
    /// The word used in files and on screen: `meeting` or `co-presence`.
    pub fn label(self) -> &'static str {
        match self {
            Self::Meeting => "meeting",
            Self::CoPresence => "co-presence",
        }
    }
}

/// How exactly the overlap is known.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Exactness {
    /// Both sides are known to the day only: the overlap is counted in whole local days.
    BothDays,
    /// One side is known to the day only.
    OneDay,
    /// Both sides have clock times (or parts of a day).
    Clock,
}

/// Two people at one city over an interval.
#[derive(Clone, Debug, PartialEq)]
pub struct Encounter {
    /// The two people, `a < b`.
    pub a: PersonIdx,
    pub b: PersonIdx,
    pub city: CityIdx,
    /// The overlap, in UTC. For [`Exactness::BothDays`] it spans whole local days of the city.
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub kind: EncounterKind,
    pub exactness: Exactness,
    /// The records it rests on (stays, meetings, legs), each once: [`Encounters::evidence`].
    pub(crate) evidence: Span,
    /// The sources of that evidence, each once, a meeting's in the order its record cites them, a
    /// co-presence's in the dataset's order: [`Encounters::sources`].
    pub(crate) sources: Span,
    /// The zone whose local days the encounter's days are (that of the city's places it rests on).
    pub tz: Tz,
    /// The GeoNames id of the city, when a stay it rests on was matched in the gazetteer.
    pub geonames_id: Option<u32>,
}

impl Encounter {
    /// How long the two overlap. Known to the day on both sides, it is whole days (24 hours each,
    /// whatever daylight saving did to the local day); otherwise the interval's length.
    pub fn overlap(&self) -> Duration {
        match self.exactness {
            Exactness::BothDays => Duration::days(self.days()),
            Exactness::OneDay | Exactness::Clock => self.end - self.start,
        }
    }

    /// The first and last local day of the overlap, in the city's zone (inclusive).
    pub fn local_days(&self) -> (NaiveDate, NaiveDate) {
        let first = self.start.with_timezone(&self.tz).date_naive();
        // The end of a day-precision overlap is the next day's midnight: step back into the last day.
        let last_instant = if self.end > self.start {
            self.end - Duration::seconds(1)
        } else {
            self.end
        };
        (first, last_instant.with_timezone(&self.tz).date_naive())
    }

    /// The number of local days the overlap touches.
    pub fn days(&self) -> i64 {
        let (first, last) = self.local_days();
        (last - first).num_days() + 1
    }

    /// The overlap in words, saying where the evidence is weak: "overlap of 1 day, both
    /// day-precision", "overlap of 2 h 30 min, one side day-precision", "overlap of 45 min".
    pub fn overlap_text(&self) -> String {
        match self.exactness {
            Exactness::BothDays => {
                let days = self.days();
                let unit = if days == 1 { "day" } else { "days" };
                format!("overlap of {days} {unit}, both day-precision")
            }
            Exactness::OneDay => format!(
                "overlap of {}, one side day-precision",
                duration_text(self.end - self.start)
            ),
            Exactness::Clock => format!("overlap of {}", duration_text(self.end - self.start)),
        }
    }

    /// Whether the encounter is under way at `t` (its ends included).
    pub fn at(&self, t: DateTime<Utc>) -> bool {
        self.start <= t && t <= self.end
    }
}

/// Where an encounter's evidence or sources lie in the lists its [`Encounters`] share: 1.7 M
/// co-presences (or 7 M meeting encounters) with two lists each of their own were two allocations apiece
/// and about a hundred bytes more per encounter.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Span {
    start: u32,
    len: u32,
}

impl Span {
    /// Appends `items` to `list` and says where they went.
    fn push<T>(list: &mut Vec<T>, items: impl IntoIterator<Item = T>) -> Self {
        let start = list.len();
        list.extend(items);
        Self::over(start, list.len())
    }

    /// The items from `start` to `end`.
    fn over(start: usize, end: usize) -> Self {
        Self {
            start: u32::try_from(start).unwrap_or(u32::MAX),
            len: u32::try_from(end.saturating_sub(start)).unwrap_or(u32::MAX),
        }
    }

    fn of<T>(self, list: &[T]) -> &[T] {
        let start = self.start as usize;
        list.get(start..start + self.len as usize)
            .unwrap_or_default()
    }

    fn moved_by(self, by: usize) -> Self {
        Self {
            start: self
                .start
                .saturating_add(u32::try_from(by).unwrap_or(u32::MAX)),
            ..self
        }
    }
}

/// The evidence and sources of many encounters, one after another.
#[derive(Clone, Debug, Default, PartialEq)]
struct Lists {
    evidence: Vec<RecordRef>,
    sources: Vec<SourceIdx>,
}

/// "3 days 2 h", "2 h 30 min", "45 min", "an instant".
fn duration_text(d: Duration) -> String {
    let minutes = d.num_minutes().max(0);
    let (days, hours, mins) = (minutes / 1440, minutes / 60 % 24, minutes % 60);
    let mut parts = Vec::new();
    if days > 0 {
        parts.push(format!("{days} {}", if days == 1 { "day" } else { "days" }));
    }
    if hours > 0 {
        parts.push(format!("{hours} h"));
    }
    if mins > 0 && days == 0 {
        parts.push(format!("{mins} min"));
    }
    if parts.is_empty() {
        "an instant".to_owned()
    } else {
        parts.join(" ")
    }
}

/// Index into [`Encounters::all`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EncounterIdx(pub u32);

/// Every encounter of a dataset, with lookups by pair, person and city.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Encounters {
    list: Vec<Encounter>,
    lists: Lists,
    /// By pair `(a, b)`, `a < b`; each list oldest first.
    by_pair: HashMap<(PersonIdx, PersonIdx), Vec<EncounterIdx>>,
    /// By person index; each list oldest first.
    by_person: Vec<Vec<EncounterIdx>>,
    /// By city index: the encounters in order of start, and the latest end among each prefix.
    by_city: Vec<CityList>,
}

/// One city's encounters in order of start, with the running maximum of their ends, so that those
/// overlapping an interval are found by two binary searches and a scan of the candidates.
#[derive(Clone, Debug, Default, PartialEq)]
struct CityList {
    encounters: Vec<EncounterIdx>,
    starts: Vec<DateTime<Utc>>,
    max_end: Vec<DateTime<Utc>>,
}

impl Encounters {
    /// Works out every meeting and co-presence of `data`.
    pub fn compute(data: &Dataset, cities: &Cities) -> Self {
        Self::compute_with_progress(data, cities, &AtomicU32::new(0))
    }

    /// The same, counting in `progress` how far it got, in thousandths (for a progress bar while it
    /// runs in the background).
    pub fn compute_with_progress(data: &Dataset, cities: &Cities, progress: &AtomicU32) -> Self {
        Self::compute_kinds(data, cities, progress, true)
    }

    /// Only the co-presences, which is what the window shows: a meeting's pairs are read from the
    /// meeting itself. At a million meetings of several people each, keeping one encounter per pair
    /// would take gigabytes.
    pub fn co_presences_with_progress(
        data: &Dataset,
        cities: &Cities,
        progress: &AtomicU32,
    ) -> Self {
        Self::compute_kinds(data, cities, progress, false)
    }

    fn compute_kinds(
        data: &Dataset,
        cities: &Cities,
        progress: &AtomicU32,
        with_meetings: bool,
    ) -> Self {
        let (list, lists) = find(data, cities, progress, with_meetings);
        let list = sorted(list);
        progress.store(PROGRESS_SORTED, Ordering::Relaxed);
        let done = Self::indexed(list, lists, data.people.len(), cities.list.len());
        progress.store(PROGRESS_DONE, Ordering::Relaxed);
        done
    }

    fn indexed(list: Vec<Encounter>, lists: Lists, people: usize, cities: usize) -> Self {
        let mut by_pair: HashMap<(PersonIdx, PersonIdx), Vec<EncounterIdx>> = HashMap::new();
        let mut by_person = vec![Vec::new(); people];
        let mut by_city = vec![CityList::default(); cities];
        for (i, e) in list.iter().enumerate() {
            let idx = EncounterIdx(i as u32);
            by_pair.entry((e.a, e.b)).or_default().push(idx);
            for p in [e.a, e.b] {
                if let Some(of) = by_person.get_mut(p.index()) {
                    of.push(idx);
                }
            }
            if let Some(c) = by_city.get_mut(e.city.0 as usize) {
                let max_end = c.max_end.last().map_or(e.end, |m| (*m).max(e.end));
                c.encounters.push(idx);
                c.starts.push(e.start);
                c.max_end.push(max_end);
            }
        }
        Self {
            list,
            lists,
            by_pair,
            by_person,
            by_city,
        }
    }

    /// The records an encounter rests on (stays, meetings, legs), each once.
    pub fn evidence(&self, e: &Encounter) -> &[RecordRef] {
        e.evidence.of(&self.lists.evidence)
    }

    /// The sources of an encounter's evidence, each once: a meeting's in the order its record cites
    /// them, a co-presence's in the dataset's order.
    pub fn sources(&self, e: &Encounter) -> &[SourceIdx] {
        e.sources.of(&self.lists.sources)
    }

    /// Every encounter, ordered by start, then city, then the pair.
    pub fn all(&self) -> &[Encounter] {
        &self.list
    }

    /// One encounter.
    pub fn get(&self, idx: EncounterIdx) -> Option<&Encounter> {
        self.list.get(idx.0 as usize)
    }

    /// How many encounters there are.
    pub fn len(&self) -> usize {
        self.list.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// The encounters of two people (in either order), oldest first.
    pub fn between(&self, a: PersonIdx, b: PersonIdx) -> Vec<EncounterIdx> {
        let (a, b) = (a.min(b), a.max(b));
        self.by_pair.get(&(a, b)).cloned().unwrap_or_default()
    }

    /// The encounters one person took part in, oldest first.
    pub fn of_person(&self, p: PersonIdx) -> Vec<EncounterIdx> {
        self.by_person.get(p.index()).cloned().unwrap_or_default()
    }

    /// The encounters at a city that overlap `[from, to]`, oldest first.
    pub fn at_city(
        &self,
        city: CityIdx,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Vec<EncounterIdx> {
        let Some(c) = self.by_city.get(city.0 as usize) else {
            return Vec::new();
        };
        // Before `first` every encounter ended before `from`; from `last` on, each starts after `to`.
        let first = c.max_end.partition_point(|end| *end < from);
        let last = c.starts.partition_point(|start| *start <= to);
        (first..last.max(first))
            .filter_map(|i| c.encounters.get(i).copied())
            .filter(|idx| self.get(*idx).is_some_and(|e| e.end >= from))
            .collect()
    }

    /// How sure an encounter is: a meeting's own certainty, `inferred` for a co-presence.
    pub fn certainty(&self, e: &Encounter, data: &Dataset) -> Certainty {
        match e.kind {
            EncounterKind::CoPresence => Certainty::Inferred,
            EncounterKind::Meeting => self
                .evidence(e)
                .iter()
                .find(|r| r.kind == RecordKind::Meeting)
                .and_then(|r| data.meetings.get(r.index))
                .map_or(Certainty::Reported, |m| m.certainty),
        }
    }
}

/// Above this many legs, meetings and stays, the app works out encounters on a thread of its own.
pub const BACKGROUND_ABOVE_RECORDS: usize = 50_000;

/// Encounters being worked out on a thread of their own, for data too large to wait for. The thread
/// holds its version of the data (shared, never copied); `generation` tells a result that arrives after the data changed
/// again from the one wanted.
pub struct Background {
    pub generation: u64,
    progress: Arc<AtomicU32>,
    receiver: mpsc::Receiver<Encounters>,
}

/// A finished background computation.
#[derive(Clone, Debug, PartialEq)]
pub struct Computed {
    /// The [`Background::generation`] it was started with.
    pub generation: u64,
    pub encounters: Encounters,
}

impl Background {
    /// Starts working out the encounters of `data`.
    pub fn start(data: Arc<Dataset>, generation: u64) -> Self {
        let progress = Arc::new(AtomicU32::new(0));
        let (sender, receiver) = mpsc::channel();
        let counter = Arc::clone(&progress);
        let work = move || {
            let started = std::time::Instant::now();
            let cities = Cities::new(&data);
            // On threads of its own, not the shared pool: the window's own parallel work (drawing the
            // flow layer) would otherwise queue behind this and freeze the window until it is done.
            let pool = rayon::ThreadPoolBuilder::new()
                .thread_name(|i| format!("travelmap-co-presence-{i}"))
                .build();
            let compute = || Encounters::co_presences_with_progress(&data, &cities, &counter);
            let found = match &pool {
                Ok(pool) => pool.install(compute),
                Err(e) => {
                    log::warn!("could not start threads for co-presence: {e}");
                    compute()
                }
            };
            log::debug!(
                "co-presence in the background: {:.0} ms",
                started.elapsed().as_secs_f64() * 1e3
            );
            // The receiver is gone when the data changed meanwhile: nobody wants this result.
            let _ = sender.send(found);
        };
        let spawned = std::thread::Builder::new()
            .name("travelmap-encounters".into())
            .spawn(work);
        if let Err(e) = spawned {
            log::warn!("could not start a thread for co-presence: {e}");
        }
        Self {
            generation,
            progress,
            receiver,
        }
    }

    /// How far it got, 0 to 1.
    pub fn fraction(&self) -> f32 {
        self.progress.load(Ordering::Relaxed) as f32 / PROGRESS_DONE as f32
    }

    /// The result, once it is there.
    pub fn poll(&self) -> Option<Computed> {
        self.receiver.try_recv().ok().map(|encounters| Computed {
            generation: self.generation,
            encounters,
        })
    }
}

/// `list` by start, city, pair, kind and end. The keys are sorted, not the encounters (large
/// records), which are then moved once into place.
fn sorted(mut list: Vec<Encounter>) -> Vec<Encounter> {
    // The order is sorted as keys beside their positions, so that the sort reads one list in order,
    // and applied in place, cycle by cycle: sorting the encounters themselves through copies held
    // three lists of 1.7 M of them at once at a million meetings. The keys copied are the start and
    // the city (20 bytes an encounter); the few encounters that share both are then put in order of
    // pair, kind and end.
    let mut keyed: Vec<(DateTime<Utc>, CityIdx, u32)> = list
        .iter()
        .enumerate()
        .map(|(i, e)| (e.start, e.city, i as u32))
        .collect();
    keyed.par_sort_unstable();
    let rest = |i: u32| list.get(i as usize).map(|e| (e.a, e.b, e.kind, e.end));
    for tied in keyed.chunk_by_mut(|x, y| (x.0, x.1) == (y.0, y.1)) {
        if tied.len() > 1 {
            tied.sort_unstable_by(|x, y| rest(x.2).cmp(&rest(y.2)).then(x.2.cmp(&y.2)));
        }
    }
    let mut order: Vec<usize> = keyed.into_iter().map(|(_, _, i)| i as usize).collect();
    // Position `j` is to hold what is now at `order[j]`; a moved position is marked `usize::MAX`.
    for start in 0..order.len() {
        let mut j = start;
        loop {
            let from = std::mem::replace(&mut order[j], usize::MAX);
            if from == start || from == usize::MAX {
                break;
            }
            list.swap(j, from);
            j = from;
        }
    }
    list
}

/// One of an area's meetings, when it was under way, and who took part (in the area's list of
/// participants, so that telling whether two people met reads no meeting record).
#[derive(Clone, Debug)]
struct AreaMeeting {
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    idx: MeetingIdx,
    people: Range<u32>,
}

/// What a stretch of presence rests on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Basis {
    Stay(StayIdx),
    Meeting(MeetingIdx),
    /// Between a leg's arrival and the next leg's departure.
    Between(LegIdx, LegIdx),
}

impl Basis {
    fn records(self, out: &mut Vec<RecordRef>) {
        let r = |kind, index: usize| RecordRef { kind, index };
        match self {
            Self::Stay(s) => out.push(r(RecordKind::Stay, s.index())),
            Self::Meeting(m) => out.push(r(RecordKind::Meeting, m.index())),
            Self::Between(a, b) => {
                out.push(r(RecordKind::Leg, a.index()));
                out.push(r(RecordKind::Leg, b.index()));
            }
        }
    }
}

/// One person known to be in a city over an interval.
#[derive(Clone, Copy, Debug)]
struct Stretch {
    person: PersonIdx,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    /// Known to the day only.
    day: bool,
    basis: Basis,
}

/// A person's overlapping or touching stretches in one city, merged.
#[derive(Clone, Debug)]
struct Run {
    person: PersonIdx,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    /// Its stretches, in the city's sorted list.
    stretches: Range<usize>,
}

/// Whether two intervals share time: more than an instant, or an instant inside the other.
fn overlap(
    a: (DateTime<Utc>, DateTime<Utc>),
    b: (DateTime<Utc>, DateTime<Utc>),
) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
    let (lo, hi) = (a.0.max(b.0), a.1.min(b.1));
    let instant = a.0 == a.1 || b.0 == b.1;
    (lo < hi || (lo == hi && instant)).then_some((lo, hi))
}

/// A city as co-presence sees it: the map's city, with its country and zone.
#[derive(Clone, Debug, Default)]
struct Area {
    city: Option<CityIdx>,
    tz: Option<Tz>,
    stretches: Vec<Stretch>,
    meetings: Vec<AreaMeeting>,
    /// The participants of its meetings, one after another.
    meeting_people: Vec<PersonIdx>,
    geonames_id: Option<u32>,
}

/// Progress, in thousandths, once the stretches are collected, the areas worked out, the list sorted,
/// and the indexes built.
const PROGRESS_COLLECTED: u32 = 100;
const PROGRESS_AREAS: u32 = 800;
const PROGRESS_SORTED: u32 = 900;
const PROGRESS_DONE: u32 = 1000;

/// Collects every stretch and meeting by area, then works out each area's encounters in parallel.
/// Every co-presence, and every meeting's pairs when `with_meetings`.
fn find(
    data: &Dataset,
    cities: &Cities,
    progress: &AtomicU32,
    with_meetings: bool,
) -> (Vec<Encounter>, Lists) {
    let (area_of_place, mut areas) = areas(data, cities);
    let area = |place: crate::data::PlaceIdx| area_of_place.get(place.index()).copied();
    for (i, s) in data.stays.iter().enumerate() {
        if s.status() == GeocodeStatus::Country {
            continue;
        }
        let Some(a) = s.place.and_then(area).and_then(|a| areas.get_mut(a)) else {
            continue;
        };
        let (start, end) = s.interval();
        if a.geonames_id.is_none() {
            a.geonames_id = s.geocode.as_ref().and_then(|g| g.geonames_id);
        }
        a.stretches.push(Stretch {
            person: s.person,
            start,
            end,
            day: s.start.precision == Precision::Day || s.end.precision == Precision::Day,
            basis: Basis::Stay(StayIdx(i as u32)),
        });
    }
    for (i, m) in data.meetings.iter().enumerate() {
        let Some(a) = area(m.place).and_then(|a| areas.get_mut(a)) else {
            continue;
        };
        let (start, end) = m.active_window();
        let idx = MeetingIdx(i as u32);
        let first = a.meeting_people.len() as u32;
        a.meeting_people.extend(m.participants.iter().copied());
        a.meetings.push(AreaMeeting {
            start,
            end,
            idx,
            people: first..a.meeting_people.len() as u32,
        });
        for p in &m.participants {
            a.stretches.push(Stretch {
                person: *p,
                start,
                end,
                day: m.start.precision == Precision::Day,
                basis: Basis::Meeting(idx),
            });
        }
    }
    for (a, stretch) in between_legs(data, &area_of_place) {
        if let Some(area) = areas.get_mut(a) {
            area.stretches.push(stretch);
        }
    }
    progress.store(PROGRESS_COLLECTED, Ordering::Relaxed);
    // Progress by stretches worked on, which is what the time goes in.
    let total = areas
        .iter()
        .map(|a| a.stretches.len() + a.meetings.len())
        .sum::<usize>()
        .max(1);
    let done = AtomicUsize::new(0);
    let span = u64::from(PROGRESS_AREAS - PROGRESS_COLLECTED);
    let found: Vec<(Vec<Encounter>, Lists)> = areas
        .par_iter_mut()
        .map(|a| {
            let size = a.stretches.len() + a.meetings.len();
            let found = in_area(data, a, with_meetings);
            let so_far = done.fetch_add(size, Ordering::Relaxed) + size;
            let fraction = span * so_far as u64 / total as u64;
            progress.fetch_max(PROGRESS_COLLECTED + fraction as u32, Ordering::Relaxed);
            found
        })
        .collect();
    // One list of encounters and one of their evidence and sources, each area's spans moved along.
    let mut list = Vec::with_capacity(found.iter().map(|(l, _)| l.len()).sum());
    let mut lists = Lists {
        evidence: Vec::with_capacity(found.iter().map(|(_, x)| x.evidence.len()).sum()),
        sources: Vec::with_capacity(found.iter().map(|(_, x)| x.sources.len()).sum()),
    };
    for (area_list, area_lists) in found {
        let (evidence, sources) = (lists.evidence.len(), lists.sources.len());
        list.extend(area_list.into_iter().map(|e| Encounter {
            evidence: e.evidence.moved_by(evidence),
            sources: e.sources.moved_by(sources),
            ..e
        }));
        lists.evidence.extend(area_lists.evidence);
        lists.sources.extend(area_lists.sources);
    }
    (list, lists)
}

/// The area of each place, and the areas: one per city, country and zone.
fn areas(data: &Dataset, cities: &Cities) -> (Vec<usize>, Vec<Area>) {
    let mut of_place = Vec::with_capacity(data.places.len());
    let mut keys = HashMap::new();
    let mut areas = Vec::new();
    for (i, p) in data.places.iter().enumerate() {
        let city = cities.of(crate::data::PlaceIdx(i as u32));
        let key = (city, p.country.as_str(), p.tz);
        let a = *keys.entry(key).or_insert_with(|| {
            areas.push(Area {
                city,
                tz: Some(p.tz),
                ..Area::default()
            });
            areas.len() - 1
        });
        of_place.push(a);
    }
    (of_place, areas)
}

/// Each traveller's time on the ground between a reported leg's arrival and their next reported leg's
/// departure, where both times are known and the next leg leaves from the same area.
fn between_legs(data: &Dataset, area_of_place: &[usize]) -> Vec<(usize, Stretch)> {
    let mut by_person: Vec<Vec<(DateTime<Utc>, LegIdx)>> = vec![Vec::new(); data.people.len()];
    for (i, leg) in data.legs.iter().enumerate() {
        if leg.certainty == Certainty::Inferred {
            continue;
        }
        let (start, _) = leg.flight_window(data.leg_distance_km(leg));
        for p in &leg.travellers {
            if let Some(legs) = by_person.get_mut(p.index()) {
                legs.push((start, LegIdx(i as u32)));
            }
        }
    }
    let mut out = Vec::new();
    for (person, legs) in by_person.iter_mut().enumerate() {
        legs.sort_unstable();
        for pair in legs.windows(2) {
            let [(_, a), (_, b)] = pair else { continue };
            let (Some(arrived), Some(next)) = (data.legs.get(a.index()), data.legs.get(b.index()))
            else {
                continue;
            };
            let (Some(arrival), Some(departure)) = (arrived.arrival, next.departure) else {
                continue;
            };
            let (Some(here), Some(leaves_from)) = (
                area_of_place.get(arrived.to.index()),
                area_of_place.get(next.from.index()),
            ) else {
                continue;
            };
            if here != leaves_from || departure.end_utc < arrival.start_utc {
                continue;
            }
            out.push((
                *here,
                Stretch {
                    person: PersonIdx(person as u32),
                    start: arrival.start_utc,
                    end: departure.end_utc,
                    day: arrival.precision == Precision::Day
                        || departure.precision == Precision::Day,
                    basis: Basis::Between(*a, *b),
                },
            ));
        }
    }
    out
}

/// One area's meetings and co-presences.
fn in_area(data: &Dataset, area: &mut Area, with_meetings: bool) -> (Vec<Encounter>, Lists) {
    let mut lists = Lists::default();
    let (Some(city), Some(tz)) = (area.city, area.tz) else {
        return (Vec::new(), lists);
    };
    let at = Place {
        city,
        tz,
        geonames_id: area.geonames_id,
    };
    // The area's meetings in order of start, to tell a co-presence that adds nothing. Read from the
    // meetings themselves: the window wants no encounter per meeting and pair (seven million of them
    // at a million meetings of four people).
    let meetings = MeetingsByStart::new(
        std::mem::take(&mut area.meetings),
        std::mem::take(&mut area.meeting_people),
    );
    let stretches = own_stretches(std::mem::take(&mut area.stretches));
    let runs = runs(&stretches);
    let mut out = co_presences(data, &stretches, &runs, &meetings, &at, &mut lists);
    if with_meetings {
        out.append(&mut meeting_encounters(
            data,
            &meetings.list,
            &at,
            &mut lists,
        ));
    }
    (out, lists)
}

/// An area's meetings in order of start, with the latest end among each prefix, so that those under
/// way from a moment on are found by one binary search.
struct MeetingsByStart {
    list: Vec<AreaMeeting>,
    people: Vec<PersonIdx>,
    max_end: Vec<DateTime<Utc>>,
}

impl MeetingsByStart {
    fn new(mut list: Vec<AreaMeeting>, people: Vec<PersonIdx>) -> Self {
        list.sort_unstable_by_key(|m| (m.start, m.idx));
        let max_end = list
            .iter()
            .scan(None, |latest: &mut Option<DateTime<Utc>>, m| {
                let end = latest.map_or(m.end, |l| l.max(m.end));
                *latest = Some(end);
                Some(end)
            })
            .collect();
        Self {
            list,
            people,
            max_end,
        }
    }

    /// Whether meetings that both `a` and `b` took part in together cover `[start, end]`.
    fn cover(&self, a: PersonIdx, b: PersonIdx, start: DateTime<Utc>, end: DateTime<Utc>) -> bool {
        // The meetings before `first` all ended before `start`.
        let first = self.max_end.partition_point(|e| *e < start);
        let mut reached = start;
        for m in self.list.get(first..).unwrap_or_default() {
            if m.start > reached {
                break;
            }
            if m.end < reached {
                continue;
            }
            let took_part = self
                .people
                .get(m.people.start as usize..m.people.end as usize)
                .unwrap_or_default();
            if took_part.contains(&a) && took_part.contains(&b) {
                reached = m.end;
                if reached >= end {
                    return true;
                }
            }
        }
        false
    }
}

/// Where an area's encounters are.
struct Place {
    city: CityIdx,
    tz: Tz,
    geonames_id: Option<u32>,
}

/// One encounter per meeting and pair of its participants.
fn meeting_encounters(
    data: &Dataset,
    meetings: &[AreaMeeting],
    at: &Place,
    lists: &mut Lists,
) -> Vec<Encounter> {
    let mut out = Vec::new();
    for &AreaMeeting {
        start, end, idx, ..
    } in meetings
    {
        let Some(m) = data.meetings.get(idx.index()) else {
            continue;
        };
        let mut people = m.participants.to_vec();
        people.sort_unstable();
        people.dedup();
        let exactness = match m.start.precision {
            Precision::Day => Exactness::BothDays,
            _ => Exactness::Clock,
        };
        // In the meeting's own order, as its record cites them; one list for all its pairs.
        let mut cited: Vec<SourceIdx> = Vec::with_capacity(m.sources.len());
        for s in &m.sources {
            if !cited.contains(s) {
                cited.push(*s);
            }
        }
        let evidence = Span::push(
            &mut lists.evidence,
            [RecordRef {
                kind: RecordKind::Meeting,
                index: idx.index(),
            }],
        );
        let sources = Span::push(&mut lists.sources, cited);
        for (i, a) in people.iter().enumerate() {
            for b in people.iter().skip(i + 1) {
                out.push(Encounter {
                    a: *a,
                    b: *b,
                    city: at.city,
                    start,
                    end,
                    kind: EncounterKind::Meeting,
                    exactness,
                    evidence,
                    sources,
                    tz: at.tz,
                    geonames_id: at.geonames_id,
                });
            }
        }
    }
    out
}

/// Sorts an area's stretches by person and start, and leaves out each meeting a person's own stay (or
/// time between legs) already covers: it adds no presence.
fn own_stretches(mut stretches: Vec<Stretch>) -> Vec<Stretch> {
    let is_meeting = |s: &Stretch| matches!(s.basis, Basis::Meeting(_));
    stretches.sort_unstable_by_key(|s| (s.person, s.start, is_meeting(s), s.end));
    let mut kept: Vec<Stretch> = Vec::with_capacity(stretches.len());
    let mut covered: Option<(PersonIdx, DateTime<Utc>)> = None;
    for s in stretches {
        if is_meeting(&s) {
            if covered.is_some_and(|(p, end)| p == s.person && end >= s.end) {
                continue;
            }
        } else if !covered.is_some_and(|(p, end)| p == s.person && end >= s.end) {
            covered = Some((s.person, s.end));
        }
        kept.push(s);
    }
    kept
}

/// Merges each person's overlapping or touching stretches (sorted by person and start) into runs.
fn runs(stretches: &[Stretch]) -> Vec<Run> {
    let mut runs: Vec<Run> = Vec::new();
    for (i, s) in stretches.iter().enumerate() {
        match runs.last_mut() {
            Some(r) if r.person == s.person && s.start <= r.end => {
                r.end = r.end.max(s.end);
                r.stretches.end = i + 1;
            }
            _ => runs.push(Run {
                person: s.person,
                start: s.start,
                end: s.end,
                stretches: i..i + 1,
            }),
        }
    }
    runs.sort_unstable_by_key(|r| (r.start, r.person));
    runs
}

/// Two runs of different people that share time, and the time they share: run `a` is person `pa`'s,
/// `pa < pb`.
struct Shared {
    pa: PersonIdx,
    pb: PersonIdx,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    a: u32,
    b: u32,
}

/// Sweeps the runs in order of start, pairing each with the runs still under way, then merges each
/// pair's shared stretches into encounters.
fn co_presences(
    data: &Dataset,
    stretches: &[Stretch],
    runs: &[Run],
    meetings: &MeetingsByStart,
    at: &Place,
    lists: &mut Lists,
) -> Vec<Encounter> {
    let mut shared = Vec::new();
    let mut active: Vec<usize> = Vec::new();
    for (i, r) in runs.iter().enumerate() {
        active.retain(|j| runs.get(*j).is_some_and(|o| o.end >= r.start));
        for &j in &active {
            let Some(o) = runs.get(j) else { continue };
            if o.person == r.person {
                continue;
            }
            if let Some((start, end)) = overlap((o.start, o.end), (r.start, r.end)) {
                let ((pa, a), (pb, b)) = if o.person < r.person {
                    ((o.person, j), (r.person, i))
                } else {
                    ((r.person, i), (o.person, j))
                };
                shared.push(Shared {
                    pa,
                    pb,
                    start,
                    end,
                    a: a as u32,
                    b: b as u32,
                });
            }
        }
        active.push(i);
    }
    shared.sort_unstable_by_key(|s| (s.pa, s.pb, s.start));
    // Each pair's overlapping or touching shared stretches, which follow one another, make one
    // co-presence.
    let mut out: Vec<Encounter> = Vec::new();
    let mut from = 0;
    while let Some(first) = shared.get(from) {
        let mut end = first.end;
        let mut to = from + 1;
        while let Some(s) = shared.get(to) {
            if (s.pa, s.pb) != (first.pa, first.pb) || s.start > end {
                break;
            }
            end = end.max(s.end);
            to += 1;
        }
        let building = Building {
            a: first.pa,
            b: first.pb,
            start: first.start,
            end,
            shared: shared.get(from..to).unwrap_or_default(),
        };
        out.extend(building.finish(data, runs, stretches, meetings, at, lists));
        from = to;
    }
    out
}

/// A co-presence put together from a pair's shared stretches (in order of start).
struct Building<'a> {
    a: PersonIdx,
    b: PersonIdx,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    shared: &'a [Shared],
}

impl Building<'_> {
    /// The encounter, unless the pair's own meetings at the place cover it. Its evidence is the
    /// stretches of each side that fall in one of its shared stretches; whether they are known to the
    /// day only says its [`Exactness`].
    fn finish(
        self,
        data: &Dataset,
        runs: &[Run],
        stretches: &[Stretch],
        meetings: &MeetingsByStart,
        at: &Place,
        lists: &mut Lists,
    ) -> Option<Encounter> {
        // Most candidates are two participants of the same meeting: this is checked first, before
        // any evidence is gathered.
        if meetings.cover(self.a, self.b, self.start, self.end) {
            return None;
        }
        let (mut a_day, mut b_day) = (false, false);
        let evidence_from = lists.evidence.len();
        for s in self.shared {
            for (run, day) in [(s.a, &mut a_day), (s.b, &mut b_day)] {
                let Some(r) = runs.get(run as usize) else {
                    continue;
                };
                for st in stretches.get(r.stretches.clone()).unwrap_or_default() {
                    if overlap((st.start, st.end), (s.start, s.end)).is_some() {
                        *day |= st.day;
                        st.basis.records(&mut lists.evidence);
                    }
                }
            }
        }
        let records = lists.evidence.get_mut(evidence_from..).unwrap_or_default();
        records.sort_unstable_by_key(|r| (r.kind, r.index));
        let kept = dedup_in_place(records);
        lists.evidence.truncate(evidence_from + kept);
        let records = lists.evidence.get(evidence_from..).unwrap_or_default();
        let sources_from = lists.sources.len();
        for r in records {
            let of = match r.kind {
                RecordKind::Stay => data.stays.get(r.index).map(|s| &s.sources),
                RecordKind::Meeting => data.meetings.get(r.index).map(|m| &m.sources),
                RecordKind::Leg => data.legs.get(r.index).map(|l| &l.sources),
                _ => None,
            };
            lists.sources.extend(of.into_iter().flatten().copied());
        }
        let cited = lists.sources.get_mut(sources_from..).unwrap_or_default();
        cited.sort_unstable();
        let kept = dedup_in_place(cited);
        lists.sources.truncate(sources_from + kept);
        let exactness = match (a_day, b_day) {
            (true, true) => Exactness::BothDays,
            (false, false) => Exactness::Clock,
            _ => Exactness::OneDay,
        };
        Some(Encounter {
            a: self.a,
            b: self.b,
            city: at.city,
            start: self.start,
            end: self.end,
            kind: EncounterKind::CoPresence,
            exactness,
            evidence: Span::over(evidence_from, lists.evidence.len()),
            sources: Span::over(sources_from, lists.sources.len()),
            tz: at.tz,
            geonames_id: at.geonames_id,
        })
    }
}

/// Moves the distinct items of a sorted slice to its front and says how many there are.
fn dedup_in_place<T: PartialEq + Copy>(items: &mut [T]) -> usize {
    let mut kept = 0;
    for i in 0..items.len() {
        if kept == 0 || items[i] != items[kept - 1] {
            items[kept] = items[i];
            kept += 1;
        }
    }
    kept
}

#[cfg(test)]
mod tests;
