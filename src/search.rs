//! Search: one box over people, places (names and the other names stays call them by), venues, topics,
//! notes and sources, answered from an index built once per dataset.
//!
//! The key decision: a keystroke never reads the records. A million meetings share a few thousand
//! distinct texts (topics, venues, names), so the index keeps each distinct text once, lower-cased, and
//! for every text, person, place and source the records that mention it, as ranks in time order
//! (postings). A query is matched against the distinct texts and the small tables (people, places,
//! sources); a record matches through its own texts, its people and its places (a source is a result
//! of its own, and choosing it filters by it, rather than every record citing it matching); the postings of what matched are OR-ed into one bit set per kind of record, in time order,
//! AND-ed with the record filter's bit set, counted by popcount, and the first hits read off in time
//! order. The cost is the distinct texts plus the postings touched, never a pass over the records'
//! fields. Nothing here knows about egui.

use std::collections::HashMap;

use crate::data::{
    Dataset, LegIdx, MeetingIdx, PersonIdx, PlaceIdx, RecordKind, RecordRef, SourceIdx, StayIdx,
};
use crate::timeline::RecordFilter;

/// "No text": a record field that is empty.
const NONE: u32 = u32::MAX;

/// A fixed-size set of small integers (ranks), one bit each.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BitSet {
    words: Vec<u64>,
}

impl BitSet {
    fn new(len: usize) -> Self {
        Self {
            words: vec![0; len.div_ceil(64)],
        }
    }

    fn insert(&mut self, i: u32) {
        if let Some(w) = self.words.get_mut(i as usize / 64) {
            *w |= 1 << (i % 64);
        }
    }

    /// Whether `i` is in the set.
    pub fn contains(&self, i: u32) -> bool {
        self.words
            .get(i as usize / 64)
            .is_some_and(|w| w & (1 << (i % 64)) != 0)
    }

    fn intersect(&mut self, other: &Self) {
        for (a, b) in self.words.iter_mut().zip(&other.words) {
            *a &= b;
        }
    }

    /// How many are in the set.
    pub fn count(&self) -> usize {
        self.words.iter().map(|w| w.count_ones() as usize).sum()
    }

    /// The members in increasing order.
    pub fn iter(&self) -> impl Iterator<Item = u32> + '_ {
        self.words.iter().enumerate().flat_map(|(i, &w)| {
            let mut w = w;
            std::iter::from_fn(move || {
                if w == 0 {
                    return None;
                }
                let bit = w.trailing_zeros();
                w &= w - 1;
                Some(i as u32 * 64 + bit)
            })
        })
    }
}

/// For each key (a text, a person, a place, a source), the ranks of the records that mention it.
#[derive(Clone, Debug, Default)]
struct Postings {
    /// Key `k`'s ranks are `ranks[offsets[k]..offsets[k + 1]]`.
    offsets: Vec<u32>,
    ranks: Vec<u32>,
}

impl Postings {
    /// From `(key, rank)` pairs with keys below `keys` (others are dropped), by counting sort.
    fn new(keys: usize, pairs: &[(u32, u32)]) -> Self {
        let mut offsets = vec![0u32; keys + 1];
        for (k, _) in pairs {
            if let Some(o) = offsets.get_mut(*k as usize + 1) {
                *o += 1;
            }
        }
        for i in 1..offsets.len() {
            offsets[i] += offsets[i - 1];
        }
        let mut next = offsets.clone();
        let mut ranks = vec![0u32; offsets.last().copied().unwrap_or(0) as usize];
        for (k, r) in pairs {
            if let Some(at) = next.get_mut(*k as usize)
                && let Some(slot) = ranks.get_mut(*at as usize)
            {
                *slot = *r;
                *at += 1;
            }
        }
        Self { offsets, ranks }
    }

    fn of(&self, key: usize) -> &[u32] {
        match (self.offsets.get(key), self.offsets.get(key + 1)) {
            (Some(&a), Some(&b)) => self.ranks.get(a as usize..b as usize).unwrap_or(&[]),
            _ => &[],
        }
    }

    /// Adds the ranks of every key marked in `matched` to `set`.
    fn mark(&self, matched: &[bool], set: &mut BitSet) {
        for (key, _) in matched.iter().enumerate().filter(|(_, m)| **m) {
            for &r in self.of(key) {
                set.insert(r);
            }
        }
    }
}

/// One kind of dated record (legs, meetings, notes or stays): its time order and its postings.
#[derive(Clone, Debug, Default)]
struct KindIndex {
    /// Record index at each rank (oldest first).
    order: Vec<u32>,
    /// Rank of each record index.
    rank_of: Vec<u32>,
    by_text: Postings,
    by_person: Postings,
    by_place: Postings,
}

/// What a record mentions, gathered while building.
#[derive(Default)]
struct Mentions {
    texts: Vec<(u32, u32)>,
    people: Vec<(u32, u32)>,
    places: Vec<(u32, u32)>,
}

impl KindIndex {
    /// `starts[i]` is record `i`'s time; `mention(i, rank, mentions)` adds what it mentions.
    fn new(
        starts: &[i64],
        sizes: (usize, usize, usize),
        mut mention: impl FnMut(usize, u32, &mut Mentions),
    ) -> Self {
        let mut order: Vec<u32> = (0..starts.len() as u32).collect();
        order.sort_by_key(|&i| (starts.get(i as usize).copied().unwrap_or(0), i));
        let mut rank_of = vec![0u32; starts.len()];
        for (rank, &i) in order.iter().enumerate() {
            if let Some(r) = rank_of.get_mut(i as usize) {
                *r = rank as u32;
            }
        }
        let mut m = Mentions::default();
        for (rank, &i) in order.iter().enumerate() {
            mention(i as usize, rank as u32, &mut m);
        }
        let (texts, people, places) = sizes;
        Self {
            order,
            rank_of,
            by_text: Postings::new(texts, &m.texts),
            by_person: Postings::new(people, &m.people),
            by_place: Postings::new(places, &m.places),
        }
    }

    fn len(&self) -> usize {
        self.order.len()
    }
}

/// The kinds of dated record, in the order their groups are listed.
const DATED: [RecordKind; 4] = [
    RecordKind::Meeting,
    RecordKind::Leg,
    RecordKind::Stay,
    RecordKind::Note,
];

/// The search index of one dataset. Build it once per dataset ([`SearchIndex::new`]); it holds no
/// reference to the data, so the data may be dropped or replaced (then build a new one).
#[derive(Clone, Debug, Default)]
pub struct SearchIndex {
    /// Every distinct text, lower-cased.
    texts: Vec<String>,
    /// Per person: name and role.
    person_texts: Vec<[u32; 2]>,
    /// Per place: name, city, country, and other names (from stays' place texts).
    place_texts: Vec<Vec<u32>>,
    /// Per source: title and publisher.
    source_texts: Vec<[u32; 2]>,
    legs: KindIndex,
    meetings: KindIndex,
    notes: KindIndex,
    stays: KindIndex,
}

/// Distinct lower-cased texts, each with its id.
#[derive(Default)]
struct Interner {
    ids: HashMap<String, u32>,
    texts: Vec<String>,
}

impl Interner {
    fn id(&mut self, text: &str) -> u32 {
        let text = text.trim();
        if text.is_empty() {
            return NONE;
        }
        if let Some(&id) = self.ids.get(text) {
            return id;
        }
        let folded = fold(text);
        let id = self.texts.len() as u32;
        self.texts.push(folded);
        self.ids.insert(text.to_owned(), id);
        id
    }

    fn opt(&mut self, text: Option<&str>) -> u32 {
        text.map_or(NONE, |t| self.id(t))
    }
}

/// The form texts and queries are compared in: lower case.
fn fold(text: &str) -> String {
    text.trim().to_lowercase()
}

fn secs(t: chrono::DateTime<chrono::Utc>) -> i64 {
    t.timestamp()
}

fn push_all(out: &mut Vec<(u32, u32)>, keys: impl IntoIterator<Item = u32>, rank: u32) {
    out.extend(keys.into_iter().filter(|k| *k != NONE).map(|k| (k, rank)));
}

impl SearchIndex {
    /// Builds the index: O(records + mentions), one pass per kind (about a second for a million
    /// meetings in a release build; see `benches/search.rs`).
    pub fn new(data: &Dataset) -> Self {
        let mut words = Interner::default();
        let person_texts = data
            .people
            .iter()
            .map(|p| [words.id(&p.name), words.opt(p.role.as_deref())])
            .collect();
        let mut place_texts: Vec<Vec<u32>> = data
            .places
            .iter()
            .map(|p| vec![words.id(&p.name), words.id(&p.city), words.id(&p.country)])
            .collect();
        for st in &data.stays {
            if let (Some(p), Some(g)) = (st.place, &st.geocode) {
                let other = words.id(&g.place_text);
                if let Some(texts) = place_texts.get_mut(p.index())
                    && other != NONE
                    && !texts.contains(&other)
                {
                    texts.push(other);
                }
            }
        }
        let source_texts = data
            .sources
            .iter()
            .map(|s| [words.id(&s.title), words.opt(s.publisher.as_deref())])
            .collect();
        let meetings = Self::meetings(data, &mut words);
        let legs = Self::legs(data, &mut words);
        let notes = Self::notes(data, &mut words);
        let stays = Self::stays(data, &mut words);
        Self {
            texts: words.texts,
            person_texts,
            place_texts,
            source_texts,
            legs,
            meetings,
            notes,
            stays,
        }
    }

    fn meetings(data: &Dataset, words: &mut Interner) -> KindIndex {
        let starts: Vec<i64> = data
            .meetings
            .iter()
            .map(|m| secs(m.active_window().0))
            .collect();
        let texts: Vec<[u32; 3]> = data
            .meetings
            .iter()
            .map(|m| {
                [
                    words.id(&m.topic),
                    words.opt(m.venue.as_deref()),
                    words.opt(m.note.as_deref()),
                ]
            })
            .collect();
        Self::kind(data, &starts, words, |i, rank, out| {
            let (Some(m), Some(t)) = (data.meetings.get(i), texts.get(i)) else {
                return;
            };
            push_all(&mut out.texts, *t, rank);
            push_all(&mut out.people, m.participants.iter().map(|p| p.0), rank);
            push_all(&mut out.places, [m.place.0], rank);
        })
    }

    fn legs(data: &Dataset, words: &mut Interner) -> KindIndex {
        let starts: Vec<i64> = data
            .legs
            .iter()
            .map(|l| secs(l.flight_window(data.leg_distance_km(l)).0))
            .collect();
        let notes: Vec<u32> = data
            .legs
            .iter()
            .map(|l| words.opt(l.note.as_deref()))
            .collect();
        Self::kind(data, &starts, words, |i, rank, out| {
            let (Some(l), Some(n)) = (data.legs.get(i), notes.get(i)) else {
                return;
            };
            push_all(&mut out.texts, [*n], rank);
            push_all(&mut out.people, l.travellers.iter().map(|p| p.0), rank);
            push_all(&mut out.places, [l.from.0, l.to.0], rank);
        })
    }

    fn notes(data: &Dataset, words: &mut Interner) -> KindIndex {
        let starts: Vec<i64> = data.notes.iter().map(|n| secs(n.when.start_utc)).collect();
        let texts: Vec<u32> = data.notes.iter().map(|n| words.id(&n.text)).collect();
        Self::kind(data, &starts, words, |i, rank, out| {
            let (Some(n), Some(t)) = (data.notes.get(i), texts.get(i)) else {
                return;
            };
            push_all(&mut out.texts, [*t], rank);
            push_all(&mut out.people, n.people.iter().map(|p| p.0), rank);
        })
    }

    fn stays(data: &Dataset, words: &mut Interner) -> KindIndex {
        let starts: Vec<i64> = data.stays.iter().map(|s| secs(s.interval().0)).collect();
        let texts: Vec<[u32; 3]> = data
            .stays
            .iter()
            .map(|s| {
                [
                    words.opt(s.geocode.as_ref().map(|g| g.place_text.as_str())),
                    words.opt(s.role.as_deref()),
                    words.opt(s.remarks.as_deref()),
                ]
            })
            .collect();
        Self::kind(data, &starts, words, |i, rank, out| {
            let (Some(s), Some(t)) = (data.stays.get(i), texts.get(i)) else {
                return;
            };
            push_all(&mut out.texts, *t, rank);
            push_all(&mut out.people, [s.person.0], rank);
            push_all(&mut out.places, s.place.map(|p| p.0), rank);
        })
    }

    fn kind(
        data: &Dataset,
        starts: &[i64],
        words: &Interner,
        mention: impl FnMut(usize, u32, &mut Mentions),
    ) -> KindIndex {
        // Texts interned by later kinds get higher ids, which this kind never mentions.
        let sizes = (words.texts.len(), data.people.len(), data.places.len());
        KindIndex::new(starts, sizes, mention)
    }

    fn kind_index(&self, kind: RecordKind) -> Option<&KindIndex> {
        match kind {
            RecordKind::Leg => Some(&self.legs),
            RecordKind::Meeting => Some(&self.meetings),
            RecordKind::Note => Some(&self.notes),
            RecordKind::Stay => Some(&self.stays),
            RecordKind::Place | RecordKind::Person | RecordKind::Source => None,
        }
    }

    /// The records `filter` admits, as bit sets in time order; `None` when it admits everything.
    /// O(records): make it once per filter change and pass it to every [`SearchIndex::search`].
    pub fn admitted(&self, data: &Dataset, filter: &RecordFilter) -> Option<Admitted> {
        if filter.everything() {
            return None;
        }
        let sets = DATED.map(|kind| {
            let Some(k) = self.kind_index(kind) else {
                return BitSet::default();
            };
            let mut set = BitSet::new(k.len());
            for (rank, &i) in k.order.iter().enumerate() {
                let record = RecordRef {
                    kind,
                    index: i as usize,
                };
                if filter.admits(data, record) {
                    set.insert(rank as u32);
                }
            }
            set
        });
        Some(Admitted { sets })
    }

    /// Everything that matches `query` (case-insensitive, anywhere in a text) and `admitted`, counted,
    /// with at most `limit` hits listed per group (dated records oldest first). An empty query finds
    /// nothing.
    pub fn search(&self, query: &str, admitted: Option<&Admitted>, limit: usize) -> SearchResults {
        let Some(matches) = self.matches(query, admitted) else {
            return SearchResults::default();
        };
        let mut groups = Vec::new();
        let small = |groups: &mut Vec<Group>, kind: ResultKind, hits: Vec<Hit>| {
            if !hits.is_empty() {
                groups.push(Group {
                    kind,
                    count: hits.len(),
                    hits: hits.into_iter().take(limit).collect(),
                });
            }
        };
        small(
            &mut groups,
            ResultKind::People,
            matches
                .people
                .iter()
                .enumerate()
                .filter(|(_, m)| **m)
                .map(|(i, _)| Hit::Person(PersonIdx(i as u32)))
                .collect(),
        );
        small(
            &mut groups,
            ResultKind::Places,
            matches
                .places_by_name
                .iter()
                .enumerate()
                .filter(|(_, m)| **m)
                .map(|(i, _)| Hit::Place(PlaceIdx(i as u32)))
                .collect(),
        );
        for (kind, set) in DATED.into_iter().zip(&matches.sets) {
            let Some(k) = self.kind_index(kind) else {
                continue;
            };
            let count = set.count();
            if count == 0 {
                continue;
            }
            let hits = set
                .iter()
                .take(limit)
                .filter_map(|rank| k.order.get(rank as usize))
                .map(|&i| Hit::of(kind, i))
                .collect();
            groups.push(Group {
                kind: ResultKind::of(kind),
                count,
                hits,
            });
        }
        small(
            &mut groups,
            ResultKind::Sources,
            matches
                .sources
                .iter()
                .enumerate()
                .filter(|(_, m)| **m)
                .map(|(i, _)| Hit::Source(SourceIdx(i as u32)))
                .collect(),
        );
        SearchResults { groups }
    }

    /// The dated records matching `query` and `admitted`, to test records against (the events
    /// table's typed filter); `None` for an empty query.
    pub fn matching(&self, query: &str, admitted: Option<&Admitted>) -> Option<Matching<'_>> {
        let matches = self.matches(query, admitted)?;
        Some(Matching {
            index: self,
            sets: matches.sets,
        })
    }

    fn matches(&self, query: &str, admitted: Option<&Admitted>) -> Option<Matches> {
        let q = fold(query);
        if q.is_empty() {
            return None;
        }
        let texts: Vec<bool> = self.texts.iter().map(|t| t.contains(&q)).collect();
        let hit = |id: &u32| texts.get(*id as usize).copied().unwrap_or(false);
        let people: Vec<bool> = self
            .person_texts
            .iter()
            .map(|t| t.iter().any(hit))
            .collect();
        let places_by_name: Vec<bool> =
            self.place_texts.iter().map(|t| t.iter().any(hit)).collect();
        let sources: Vec<bool> = self
            .source_texts
            .iter()
            .map(|t| t.iter().any(hit))
            .collect();
        let sets = DATED.map(|kind| {
            let Some(k) = self.kind_index(kind) else {
                return BitSet::default();
            };
            let mut set = BitSet::new(k.len());
            k.by_text.mark(&texts, &mut set);
            k.by_person.mark(&people, &mut set);
            k.by_place.mark(&places_by_name, &mut set);
            if let Some(a) = admitted.and_then(|a| a.of(kind)) {
                set.intersect(a);
            }
            set
        });
        Some(Matches {
            people,
            places_by_name,
            sources,
            sets,
        })
    }
}

/// The search index of the data on screen, with the record filter's admitted sets kept up to date.
#[derive(Clone, Debug)]
pub struct Finder {
    pub index: SearchIndex,
    admitted: Option<Admitted>,
    /// What `admitted` was made for (the time index's id, new for every filter and dataset).
    filter_key: Option<u64>,
}

impl Finder {
    /// Builds the index of `data` (see [`SearchIndex::new`]).
    pub fn new(data: &Dataset) -> Self {
        Self {
            index: SearchIndex::new(data),
            admitted: None,
            filter_key: None,
        }
    }

    /// Makes the admitted sets again if `key` (the time index's id) changed since the last call.
    pub fn follow_filter(&mut self, data: &Dataset, filter: &RecordFilter, key: u64) {
        if self.filter_key != Some(key) {
            self.admitted = self.index.admitted(data, filter);
            self.filter_key = Some(key);
        }
    }

    /// The records the filter admits (`None`: all of them).
    pub fn admitted(&self) -> Option<&Admitted> {
        self.admitted.as_ref()
    }

    /// What the filter key was when the admitted sets were last made: results keyed by it stay valid.
    pub fn filter_key(&self) -> Option<u64> {
        self.filter_key
    }
}

/// What a query matched, before it is listed.
struct Matches {
    people: Vec<bool>,
    places_by_name: Vec<bool>,
    sources: Vec<bool>,
    /// Per kind of [`DATED`], by rank.
    sets: [BitSet; 4],
}

/// The dated records a record filter admits (see [`SearchIndex::admitted`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Admitted {
    /// Per kind of [`DATED`], by rank.
    sets: [BitSet; 4],
}

impl Admitted {
    fn of(&self, kind: RecordKind) -> Option<&BitSet> {
        DATED
            .iter()
            .position(|k| *k == kind)
            .and_then(|i| self.sets.get(i))
    }
}

/// The dated records a query matched (see [`SearchIndex::matching`]).
pub struct Matching<'a> {
    index: &'a SearchIndex,
    sets: [BitSet; 4],
}

impl Matching<'_> {
    /// Whether the query matched the record.
    pub fn contains(&self, record: RecordRef) -> bool {
        let Some(i) = DATED.iter().position(|k| *k == record.kind) else {
            return false;
        };
        let rank = self
            .index
            .kind_index(record.kind)
            .and_then(|k| k.rank_of.get(record.index));
        match (rank, self.sets.get(i)) {
            (Some(&rank), Some(set)) => set.contains(rank),
            _ => false,
        }
    }

    /// How many records the query matched.
    pub fn count(&self) -> usize {
        self.sets.iter().map(BitSet::count).sum()
    }
}

/// A group of results, listed in this order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ResultKind {
    People,
    Places,
    Meetings,
    Flights,
    Stays,
    Notes,
    Sources,
}

impl ResultKind {
    fn of(kind: RecordKind) -> Self {
        match kind {
            RecordKind::Person => Self::People,
            RecordKind::Place => Self::Places,
            RecordKind::Meeting => Self::Meetings,
            RecordKind::Leg => Self::Flights,
            RecordKind::Stay => Self::Stays,
            RecordKind::Note => Self::Notes,
            RecordKind::Source => Self::Sources,
        }
    }

    /// The group's heading.
    pub fn label(self) -> &'static str {
        match self {
            Self::People => "People",
            Self::Places => "Places",
            Self::Meetings => "Meetings",
            Self::Flights => "Flights",
            Self::Stays => "Stays",
            Self::Notes => "Notes",
            Self::Sources => "Sources",
        }
    }
}

/// One result.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Hit {
    Person(PersonIdx),
    Place(PlaceIdx),
    Meeting(MeetingIdx),
    Leg(LegIdx),
    Stay(StayIdx),
    /// Index into `Dataset::notes`.
    Note(u32),
    Source(SourceIdx),
}

impl Hit {
    fn of(kind: RecordKind, i: u32) -> Self {
        match kind {
            RecordKind::Leg => Self::Leg(LegIdx(i)),
            RecordKind::Meeting => Self::Meeting(MeetingIdx(i)),
            RecordKind::Note => Self::Note(i),
            RecordKind::Stay => Self::Stay(StayIdx(i)),
            RecordKind::Person => Self::Person(PersonIdx(i)),
            RecordKind::Place => Self::Place(PlaceIdx(i)),
            RecordKind::Source => Self::Source(SourceIdx(i)),
        }
    }

    /// The dated record it is, if it is one.
    pub fn record(self) -> Option<RecordRef> {
        let (kind, index) = match self {
            Self::Meeting(m) => (RecordKind::Meeting, m.index()),
            Self::Leg(l) => (RecordKind::Leg, l.index()),
            Self::Stay(s) => (RecordKind::Stay, s.index()),
            Self::Note(n) => (RecordKind::Note, n as usize),
            Self::Person(_) | Self::Place(_) | Self::Source(_) => return None,
        };
        Some(RecordRef { kind, index })
    }
}

/// One group of results: how many matched, and the first of them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Group {
    pub kind: ResultKind,
    /// Every match, listed or not.
    pub count: usize,
    /// The first matches (see the `limit` of [`SearchIndex::search`]).
    pub hits: Vec<Hit>,
}

/// The answer to a query, group by group (only groups with matches).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SearchResults {
    pub groups: Vec<Group>,
}

impl SearchResults {
    /// Every listed hit, in order (the order the arrow keys move through).
    pub fn hits(&self) -> impl Iterator<Item = Hit> + '_ {
        self.groups.iter().flat_map(|g| g.hits.iter().copied())
    }

    /// How many matched in all.
    pub fn count(&self) -> usize {
        self.groups.iter().map(|g| g.count).sum()
    }

    /// The group of a kind, if anything matched.
    pub fn group(&self, kind: ResultKind) -> Option<&Group> {
        self.groups.iter().find(|g| g.kind == kind)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::{Certainty, bundled};

    fn meeting_cities(d: &Dataset, r: &SearchResults) -> Vec<String> {
        r.group(ResultKind::Meetings)
            .map(|g| {
                g.hits
                    .iter()
                    .filter_map(|h| match h {
                        Hit::Meeting(m) => d.meetings.get(m.index()),
                        _ => None,
                    })
                    .filter_map(|m| d.place(m.place))
                    .map(|p| p.city.clone())
                    .collect()
            })
            .unwrap_or_default()
    }

    #[test]
    fn istanbul_finds_its_place_and_both_meetings_there_oldest_first() {
        let d = bundled().unwrap();
        let index = SearchIndex::new(&d);
        let r = index.search("istanBUL", None, 50);
        let places = r.group(ResultKind::Places).unwrap();
        assert!(places.hits.iter().all(|h| matches!(h, Hit::Place(p)
            if d.places[p.index()].city == "Istanbul")));
        let cities = meeting_cities(&d, &r);
        assert_eq!(cities, ["Istanbul", "Istanbul"], "27 Feb and 10 Apr");
        let g = r.group(ResultKind::Meetings).unwrap();
        let starts: Vec<_> = g
            .hits
            .iter()
            .filter_map(|h| match h {
                Hit::Meeting(m) => Some(d.meetings[m.index()].start.start_utc),
                _ => None,
            })
            .collect();
        assert!(starts.windows(2).all(|w| w[0] <= w[1]));
    }

    #[test]
    fn a_person_finds_their_meetings_and_the_count_is_every_match_not_the_listed_ones() {
        let d = bundled().unwrap();
        let index = SearchIndex::new(&d);
        let r = index.search("witkoff", None, 1);
        let people = r.group(ResultKind::People).unwrap();
        assert!(
            matches!(people.hits[0], Hit::Person(p) if d.people[p.index()].name.contains("Witkoff"))
        );
        let meetings = r.group(ResultKind::Meetings).unwrap();
        let expected = d
            .meetings
            .iter()
            .filter(|m| {
                m.participants
                    .iter()
                    .any(|p| d.people[p.index()].name.contains("Witkoff"))
                    || m.topic.to_lowercase().contains("witkoff")
            })
            .count();
        assert!(expected >= 2);
        assert!(meetings.count >= expected);
        assert_eq!(meetings.hits.len(), 1, "listed up to the limit");
        assert!(index.search("   ", None, 10).groups.is_empty());
        assert!(
            index
                .search("no such text anywhere", None, 10)
                .groups
                .is_empty()
        );
    }

    #[test]
    fn the_record_filter_narrows_the_counts() {
        let d = bundled().unwrap();
        let index = SearchIndex::new(&d);
        let all = index.search("a", None, 10).count();
        let filter = RecordFilter {
            certainties: [Certainty::Confirmed].into(),
            ..RecordFilter::default()
        };
        let admitted = index.admitted(&d, &filter).unwrap();
        let some = index.search("a", Some(&admitted), 10);
        assert!(some.count() < all, "{} vs {all}", some.count());
        for hit in some.hits() {
            if let Some(r) = hit.record() {
                assert!(filter.admits(&d, r), "{hit:?}");
            }
        }
        assert!(index.admitted(&d, &RecordFilter::default()).is_none());
    }

    #[test]
    fn bit_sets_count_and_list_their_members_in_order() {
        let mut s = BitSet::new(130);
        for i in [129, 0, 64, 63] {
            s.insert(i);
        }
        assert_eq!(s.iter().collect::<Vec<_>>(), [0, 63, 64, 129]);
        assert_eq!(s.count(), 4);
        let mut other = BitSet::new(130);
        other.insert(64);
        other.insert(100);
        other.intersect(&s);
        assert_eq!(other.iter().collect::<Vec<_>>(), [64]);
    }
}
