//! The people network: who met whom, and who was in the same city at the same time, as a graph of
//! people whose edges carry the meetings and co-presences of each pair; and a force-directed layout of
//! that graph for the people panel.
//!
//! Each kind of edge has one source, so nothing is counted twice: meetings come from the dataset's
//! meetings (every pair of participants), co-presences from [`Encounters`](crate::encounters) (only
//! those of kind co-presence).
//!
//! The layout is Fruchterman–Reingold started from a circle, with no randomness: the same graph always
//! gets the same picture. It runs to convergence once per dataset, not per frame, so a frame only reads
//! positions; at 200 people it takes a few milliseconds. No egui here.

use std::collections::HashMap;

use rayon::prelude::*;

use crate::data::{Dataset, MeetingIdx, PersonIdx};
use crate::encounters::{Encounter, EncounterIdx, EncounterKind};

/// The meetings and co-presences of two people.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PairEdge {
    /// The two people, `a < b`.
    pub a: PersonIdx,
    pub b: PersonIdx,
    /// Reported meetings both took part in, oldest first.
    pub meetings: Vec<MeetingIdx>,
    /// Times both were in one city with no meeting of theirs reported, oldest first.
    pub co_presences: Vec<EncounterIdx>,
}

impl PairEdge {
    /// The edge of `a < b`, with nothing on it yet.
    fn new(a: PersonIdx, b: PersonIdx) -> Self {
        Self {
            a,
            b,
            meetings: Vec::new(),
            co_presences: Vec::new(),
        }
    }

    /// Meetings and co-presences together: what the edge's width shows.
    pub fn weight(&self) -> usize {
        self.meetings.len() + self.co_presences.len()
    }

    /// The other end of the edge, seen from `p` (`None` if `p` is not on it).
    pub fn other(&self, p: PersonIdx) -> Option<PersonIdx> {
        if p == self.a {
            Some(self.b)
        } else if p == self.b {
            Some(self.a)
        } else {
            None
        }
    }
}

/// Where each pair's edge is while the graph is made: a table of every pair when there are few enough
/// people (a million meetings of four people make seven million lookups, and a table answers each
/// with one read), a map of the pairs met otherwise.
enum PairSlots {
    Dense { people: usize, slot: Vec<u32> },
    Sparse(HashMap<(PersonIdx, PersonIdx), usize>),
}

impl PairSlots {
    /// Up to this many people, the table (4 bytes a pair: 16 MB at most).
    const DENSE_UP_TO: usize = 2048;

    fn new(people: usize) -> Self {
        if people <= Self::DENSE_UP_TO {
            Self::Dense {
                people,
                slot: vec![u32::MAX; people * people],
            }
        } else {
            Self::Sparse(HashMap::new())
        }
    }

    /// The slot of pair `a < b`, given by `insert` the first time.
    fn get_or_insert(
        &mut self,
        a: PersonIdx,
        b: PersonIdx,
        insert: impl FnOnce() -> usize,
    ) -> usize {
        match self {
            Self::Dense { people, slot } => match slot.get_mut(a.index() * *people + b.index()) {
                Some(s) if *s != u32::MAX => *s as usize,
                Some(s) => {
                    let new = insert();
                    *s = new as u32;
                    new
                }
                None => insert(),
            },
            Self::Sparse(map) => *map.entry((a, b)).or_insert_with(insert),
        }
    }
}

/// Index into [`PeopleGraph::edges`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EdgeIdx(pub u32);

impl EdgeIdx {
    /// As a `usize` for indexing.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// Every person of a dataset, and an edge for each pair that met or was in one place at once.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PeopleGraph {
    /// One node per person of the dataset, in the dataset's order.
    pub people: usize,
    /// The edges, ordered by pair.
    pub edges: Vec<PairEdge>,
    /// Per person, the edges they are on.
    pub of_person: Vec<Vec<EdgeIdx>>,
}

impl PeopleGraph {
    /// The graph of `data`: meeting edges from its meetings, co-presence edges from `encounters`
    /// (`Encounters::all()`; their positions there are their [`EncounterIdx`]). Encounters of kind
    /// meeting are left out, as the meetings are read from the data.
    pub fn new(data: &Dataset, encounters: &[Encounter]) -> Self {
        Self::from_meetings(data).with_co_presences(encounters)
    }

    /// The graph of `data`'s meetings alone (co-presence edges come later, from
    /// [`Self::with_co_presences`], once they are worked out).
    pub fn from_meetings(data: &Dataset) -> Self {
        let people = data.people.len();
        // The meetings are read in the data's order, which walks memory forwards; each edge's list is
        // then put in time order on its own, with the starts read once beforehand. Walking the
        // meetings in time order instead missed the cache once a meeting.
        let starts: Vec<_> = data.meetings.iter().map(|m| m.start.start_utc).collect();
        let mut slots = PairSlots::new(people);
        let mut edges: Vec<PairEdge> = Vec::new();
        let mut participants = Vec::new();
        for (i, m) in data.meetings.iter().enumerate() {
            participants.clear();
            participants.extend(m.participants.iter().filter(|p| p.index() < people));
            participants.sort_unstable();
            participants.dedup();
            for (k, &a) in participants.iter().enumerate() {
                for &b in participants.iter().skip(k + 1) {
                    let slot = slots.get_or_insert(a, b, || {
                        edges.push(PairEdge::new(a, b));
                        edges.len() - 1
                    });
                    if let Some(edge) = edges.get_mut(slot) {
                        edge.meetings.push(MeetingIdx(i as u32));
                    }
                }
            }
        }
        edges.par_iter_mut().for_each(|e| {
            e.meetings
                .sort_unstable_by_key(|m| (starts.get(m.index()).copied(), *m));
        });
        edges.sort_unstable_by_key(|e| (e.a, e.b));
        Self::indexed(people, edges)
    }

    /// This graph of meetings with the co-presence edges of `encounters` added (`Encounters::all()`;
    /// their positions there are their [`EncounterIdx`]). Cheap beside [`Self::from_meetings`]: the
    /// meeting edges are kept, not worked out again.
    #[must_use]
    pub fn with_co_presences(self, encounters: &[Encounter]) -> Self {
        let people = self.people;
        let mut edges = self.edges;
        let mut slots = PairSlots::new(people);
        for (i, e) in edges.iter().enumerate() {
            slots.get_or_insert(e.a, e.b, || i);
        }
        let mut co: Vec<usize> = (0..encounters.len())
            .filter(|&i| {
                encounters.get(i).is_some_and(|e| {
                    e.kind == EncounterKind::CoPresence
                        && e.a != e.b
                        && e.a.index() < people
                        && e.b.index() < people
                })
            })
            .collect();
        co.sort_by_key(|&i| encounters.get(i).map(|e| e.start));
        let before = edges.len();
        for i in co {
            let Some(e) = encounters.get(i) else {
                continue;
            };
            let (a, b) = (e.a.min(e.b), e.a.max(e.b));
            let at = slots.get_or_insert(a, b, || {
                edges.push(PairEdge::new(a, b));
                edges.len() - 1
            });
            if let Some(edge) = edges.get_mut(at) {
                edge.co_presences.push(EncounterIdx(i as u32));
            }
        }
        if edges.len() > before {
            edges.sort_unstable_by_key(|e| (e.a, e.b));
        }
        Self::indexed(people, edges)
    }

    /// The graph of these edges (ordered by pair), with each person's edges listed.
    fn indexed(people: usize, edges: Vec<PairEdge>) -> Self {
        let mut of_person = vec![Vec::new(); people];
        for (i, e) in edges.iter().enumerate() {
            for p in [e.a, e.b] {
                if let Some(list) = of_person.get_mut(p.index()) {
                    list.push(EdgeIdx(i as u32));
                }
            }
        }
        Self {
            people,
            edges,
            of_person,
        }
    }

    /// The edge of two people (in either order), if they have one.
    pub fn between(&self, a: PersonIdx, b: PersonIdx) -> Option<EdgeIdx> {
        let key = (a.min(b), a.max(b));
        self.edges
            .binary_search_by(|e| (e.a, e.b).cmp(&key))
            .ok()
            .map(|i| EdgeIdx(i as u32))
    }

    pub fn edge(&self, idx: EdgeIdx) -> Option<&PairEdge> {
        self.edges.get(idx.index())
    }

    /// The edges of one person.
    pub fn edges_of(&self, p: PersonIdx) -> &[EdgeIdx] {
        self.of_person.get(p.index()).map_or(&[], Vec::as_slice)
    }

    /// How many meetings and co-presences a person has, over all their edges.
    pub fn strength(&self, p: PersonIdx) -> usize {
        self.edges_of(p)
            .iter()
            .filter_map(|e| self.edge(*e))
            .map(PairEdge::weight)
            .sum()
    }
}

/// A node's place in the layout: x to the right, y downwards, both within −1..=1.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct LayoutPoint {
    pub x: f32,
    pub y: f32,
}

/// The most rounds the layout runs.
const MAX_ROUNDS: usize = 500;
/// The layout has converged when no node moves further than this in a round (in units of the ideal
/// link length).
const SETTLED: f32 = 1e-3;
/// Where the people with no link at all go: a row along the bottom, under the network.
const ALONE_ROW_Y: f32 = 1.0;
/// The bottom of the network when that row is there.
const NETWORK_BOTTOM: f32 = 0.8;

/// Lays the graph out: one point per person, in −1..=1, the same for the same graph.
///
/// The people with links are laid out by Fruchterman–Reingold: every pair of nodes pushes apart
/// (k²/d), every link pulls its ends together (d²/k, a little more for more meetings, by the logarithm
/// of the count so that one busy pair does not crush the rest), and a pull to the centre keeps
/// separate groups near each other. Nodes start evenly on a circle; the step shrinks each round
/// (cooling) until nothing moves. The result is stretched to fill the square. People with no link are
/// put in a row along the bottom, so that they don't push the network into a corner.
///
/// ```
/// use travelmap::network::{PeopleGraph, layout};
/// let data = travelmap::data::bundled().unwrap();
/// let graph = PeopleGraph::new(&data, &[]);
/// let points = layout(&graph);
/// assert_eq!(points.len(), data.people.len());
/// assert_eq!(points, layout(&graph));
/// ```
pub fn layout(graph: &PeopleGraph) -> Vec<LayoutPoint> {
    let n = graph.people;
    let linked: Vec<usize> = (0..n)
        .filter(|i| graph.of_person.get(*i).is_some_and(|e| !e.is_empty()))
        .collect();
    let mut slot = vec![usize::MAX; n];
    for (k, &i) in linked.iter().enumerate() {
        if let Some(s) = slot.get_mut(i) {
            *s = k;
        }
    }
    let springs: Vec<(usize, usize, f32)> = graph
        .edges
        .iter()
        .filter_map(|e| {
            let (a, b) = (*slot.get(e.a.index())?, *slot.get(e.b.index())?);
            let w = 1.0 + 0.5 * (e.weight().max(1) as f32).ln();
            (a < linked.len() && b < linked.len()).then_some((a, b, w))
        })
        .collect();
    let mut network = force_directed(linked.len(), &springs);
    let alone: Vec<usize> = (0..n)
        .filter(|i| slot.get(*i) == Some(&usize::MAX))
        .collect();
    let bottom = if alone.is_empty() {
        1.0
    } else {
        NETWORK_BOTTOM
    };
    fit(&mut network, bottom);
    let mut out = vec![LayoutPoint::default(); n];
    for (&i, p) in linked.iter().zip(&network) {
        if let Some(o) = out.get_mut(i) {
            *o = *p;
        }
    }
    if alone.len() < n || alone.len() > 1 {
        let gaps = alone.len().saturating_sub(1).max(1) as f32;
        for (k, &i) in alone.iter().enumerate() {
            if let Some(o) = out.get_mut(i) {
                *o = LayoutPoint {
                    x: if alone.len() == 1 {
                        0.0
                    } else {
                        -1.0 + 2.0 * k as f32 / gaps
                    },
                    y: ALONE_ROW_Y,
                };
            }
        }
    }
    if n == 1 {
        out.fill(LayoutPoint::default());
    }
    out
}

/// Fruchterman–Reingold on `n` nodes with weighted `springs` (pairs of node numbers), in units of the
/// ideal link length.
fn force_directed(n: usize, springs: &[(usize, usize, f32)]) -> Vec<LayoutPoint> {
    let radius = 0.5 * (n as f32).sqrt().max(1.0);
    let mut pos: Vec<LayoutPoint> = (0..n)
        .map(|i| {
            let angle = std::f32::consts::TAU * i as f32 / n.max(1) as f32;
            LayoutPoint {
                x: radius * angle.cos(),
                y: radius * angle.sin(),
            }
        })
        .collect();
    // Repulsion from the whole graph at distance r is about n/r, the centre's pull g·r: they balance
    // about three link lengths out.
    let gravity = n as f32 / 9.0;
    let mut temperature = radius / 4.0;
    let cooling = temperature / MAX_ROUNDS as f32;
    let mut shift = vec![LayoutPoint::default(); n];
    for _ in 0..MAX_ROUNDS {
        shift.fill(LayoutPoint::default());
        for i in 0..n {
            let Some(pi) = pos.get(i).copied() else {
                continue;
            };
            let rest = pos.get(i + 1..).unwrap_or(&[]);
            let (mut fx, mut fy) = (0.0, 0.0);
            for (j, pj) in rest.iter().enumerate() {
                let (mut dx, mut dy) = (pi.x - pj.x, pi.y - pj.y);
                let mut d2 = dx * dx + dy * dy;
                if d2 < 1e-6 {
                    // Two nodes on one spot: part them along a fixed direction of their own.
                    let a = (i * 31 + j) as f32;
                    dx = 1e-2 * a.cos();
                    dy = 1e-2 * a.sin();
                    d2 = dx * dx + dy * dy;
                }
                // k²/d along the unit vector, with k = 1: (dx, dy) / d².
                let (rx, ry) = (dx / d2, dy / d2);
                fx += rx;
                fy += ry;
                if let Some(s) = shift.get_mut(i + 1 + j) {
                    s.x -= rx;
                    s.y -= ry;
                }
            }
            if let Some(s) = shift.get_mut(i) {
                s.x += fx - gravity * pi.x;
                s.y += fy - gravity * pi.y;
            }
        }
        for &(a, b, w) in springs {
            let (Some(pa), Some(pb)) = (pos.get(a).copied(), pos.get(b).copied()) else {
                continue;
            };
            let (dx, dy) = (pa.x - pb.x, pa.y - pb.y);
            // d²/k along the unit vector, with k = 1: d · (dx, dy).
            let f = w * (dx * dx + dy * dy).sqrt();
            if let Some(s) = shift.get_mut(a) {
                s.x -= dx * f;
                s.y -= dy * f;
            }
            if let Some(s) = shift.get_mut(b) {
                s.x += dx * f;
                s.y += dy * f;
            }
        }
        let mut moved: f32 = 0.0;
        for (p, s) in pos.iter_mut().zip(&shift) {
            let len = (s.x * s.x + s.y * s.y).sqrt();
            if len > 0.0 {
                let step = len.min(temperature);
                p.x += s.x / len * step;
                p.y += s.y / len * step;
                moved = moved.max(step);
            }
        }
        temperature = (temperature - cooling).max(cooling);
        if moved < SETTLED {
            break;
        }
    }
    pos
}

/// Stretches the points to fill −1..=1 across and −1..=`bottom` down (each axis on its own: the panel
/// is rarely square). A single point goes to the middle.
fn fit(points: &mut [LayoutPoint], bottom: f32) {
    let Some(first) = points.first().copied() else {
        return;
    };
    let (mut lo, mut hi) = (first, first);
    for p in points.iter() {
        lo.x = lo.x.min(p.x);
        lo.y = lo.y.min(p.y);
        hi.x = hi.x.max(p.x);
        hi.y = hi.y.max(p.y);
    }
    let middle = (bottom - 1.0) / 2.0;
    let half = (bottom + 1.0) / 2.0;
    let axis = |v: f32, lo: f32, hi: f32, mid: f32, half: f32| {
        if hi - lo <= f32::EPSILON {
            mid
        } else {
            mid + (v - (lo + hi) / 2.0) * 2.0 * half / (hi - lo)
        }
    };
    for p in points.iter_mut() {
        p.x = axis(p.x, lo.x, hi.x, 0.0, 1.0);
        p.y = axis(p.y, lo.y, hi.y, middle, half);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::encounters::Exactness;

    fn person(data: &Dataset, name: &str) -> PersonIdx {
        let i = data.people.iter().position(|p| p.name == name).unwrap();
        PersonIdx(i as u32)
    }

    #[test]
    fn witkoff_and_putin_share_an_edge_with_their_seven_meetings_oldest_first() {
        let data = crate::data::bundled().unwrap();
        let graph = PeopleGraph::new(&data, &[]);
        let (w, p) = (
            person(&data, "Steve Witkoff"),
            person(&data, "Vladimir Putin"),
        );
        let edge = graph.edge(graph.between(p, w).unwrap()).unwrap();
        assert_eq!(graph.between(w, p), graph.between(p, w));
        assert_eq!(edge.meetings.len(), 7);
        assert!(edge.co_presences.is_empty());
        let starts: Vec<_> = edge
            .meetings
            .iter()
            .map(|m| data.meetings[m.index()].start.start_utc)
            .collect();
        assert!(starts.windows(2).all(|w| w[0] <= w[1]), "{starts:?}");
        for m in &edge.meetings {
            let participants = &data.meetings[m.index()].participants;
            assert!(participants.contains(&w) && participants.contains(&p));
        }
        assert!(graph.edges_of(w).len() > 5);
        assert_eq!(edge.other(w), Some(p));
    }

    #[test]
    fn pair_slots_give_each_pair_one_slot_in_the_table_and_in_the_map() {
        for mut slots in [
            PairSlots::new(5),
            PairSlots::Sparse(HashMap::new()),
            PairSlots::new(PairSlots::DENSE_UP_TO + 1),
        ] {
            let mut made = 0;
            let mut slot = |slots: &mut PairSlots, a: u32, b: u32| {
                slots.get_or_insert(PersonIdx(a), PersonIdx(b), || {
                    made += 1;
                    made - 1
                })
            };
            assert_eq!(slot(&mut slots, 0, 1), 0);
            assert_eq!(slot(&mut slots, 1, 4), 1);
            assert_eq!(slot(&mut slots, 0, 1), 0);
            assert_eq!(slot(&mut slots, 0, 4), 2);
            assert_eq!(slot(&mut slots, 1, 4), 1);
        }
        assert!(matches!(
            PairSlots::new(PairSlots::DENSE_UP_TO + 1),
            PairSlots::Sparse(_)
        ));
    }

    #[test]
    fn people_who_never_met_have_no_edge() {
        let data = crate::data::bundled().unwrap();
        let graph = PeopleGraph::new(&data, &[]);
        let fogel = person(&data, "Marc Fogel");
        let putin = person(&data, "Vladimir Putin");
        assert_eq!(graph.between(fogel, putin), None);
    }

    #[test]
    fn co_presences_come_from_the_encounters_and_their_meetings_are_not_counted_twice() {
        let data = crate::data::bundled().unwrap();
        let (w, p) = (
            person(&data, "Steve Witkoff"),
            person(&data, "Vladimir Putin"),
        );
        let fogel = person(&data, "Marc Fogel");
        let t = data.meetings[0].start.start_utc;
        let encounter = |a: PersonIdx, b: PersonIdx, kind| Encounter {
            a: a.min(b),
            b: a.max(b),
            city: crate::data::CityIdx(0),
            tz: chrono_tz::UTC,
            geonames_id: None,
            start: t,
            end: t,
            kind,
            exactness: Exactness::BothDays,
            evidence: Default::default(),
            sources: Default::default(),
        };
        let encounters = [
            encounter(w, p, EncounterKind::Meeting),
            encounter(w, fogel, EncounterKind::CoPresence),
            encounter(w, p, EncounterKind::CoPresence),
        ];
        let graph = PeopleGraph::new(&data, &encounters);
        let wp = graph.edge(graph.between(w, p).unwrap()).unwrap();
        assert_eq!(wp.meetings.len(), 7, "meetings from the data only");
        assert_eq!(wp.co_presences, vec![EncounterIdx(2)]);
        let wf = graph.edge(graph.between(w, fogel).unwrap()).unwrap();
        assert!(wf.meetings.is_empty());
        assert_eq!(wf.co_presences, vec![EncounterIdx(1)]);
        assert_eq!(wf.weight(), 1);
    }

    /// A graph of `n` people whose edges are picked by a fixed-seed generator.
    fn random_graph(n: usize, edges: usize) -> PeopleGraph {
        let mut seed: u64 = 2025;
        let mut next = || {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (seed >> 33) as usize
        };
        let mut pairs = std::collections::BTreeMap::new();
        while pairs.len() < edges {
            let (a, b) = (next() % n, next() % n);
            if a != b {
                let (a, b) = (a.min(b) as u32, a.max(b) as u32);
                let count = 1 + next() % 5;
                pairs.insert((a, b), count);
            }
        }
        let edges: Vec<PairEdge> = pairs
            .into_iter()
            .map(|((a, b), count)| PairEdge {
                a: PersonIdx(a),
                b: PersonIdx(b),
                meetings: (0..count as u32).map(MeetingIdx).collect(),
                co_presences: Vec::new(),
            })
            .collect();
        let mut of_person = vec![Vec::new(); n];
        for (i, e) in edges.iter().enumerate() {
            of_person[e.a.index()].push(EdgeIdx(i as u32));
            of_person[e.b.index()].push(EdgeIdx(i as u32));
        }
        PeopleGraph {
            people: n,
            edges,
            of_person,
        }
    }

    #[test]
    fn the_layout_is_the_same_every_time_and_fills_the_square() {
        let graph = random_graph(200, 600);
        let a = layout(&graph);
        assert_eq!(a, layout(&graph), "deterministic");
        assert_eq!(a.len(), 200);
        for p in &a {
            assert!(p.x.is_finite() && p.y.is_finite());
            assert!(p.x.abs() <= 1.0 + 1e-4 && p.y.abs() <= 1.0 + 1e-4, "{p:?}");
        }
        let span_x = a.iter().map(|p| p.x).fold(f32::MIN, f32::max)
            - a.iter().map(|p| p.x).fold(f32::MAX, f32::min);
        let span_y = a.iter().map(|p| p.y).fold(f32::MIN, f32::max)
            - a.iter().map(|p| p.y).fold(f32::MAX, f32::min);
        assert!(
            (span_x - 2.0).abs() < 1e-3 && (span_y - 2.0).abs() < 1e-3,
            "fitted"
        );
    }

    #[test]
    fn in_the_layout_people_who_met_are_closer_than_people_who_did_not_and_none_overlap() {
        let data = crate::data::bundled().unwrap();
        let graph = PeopleGraph::new(&data, &[]);
        let points = layout(&graph);
        let d = |a: usize, b: usize| {
            let (p, q) = (points[a], points[b]);
            ((p.x - q.x).powi(2) + (p.y - q.y).powi(2)).sqrt()
        };
        let n = graph.people;
        let (mut linked, mut unlinked) = (Vec::new(), Vec::new());
        for a in 0..n {
            for b in a + 1..n {
                assert!(d(a, b) > 0.02, "{a} and {b} overlap");
                let pair = graph.between(PersonIdx(a as u32), PersonIdx(b as u32));
                if pair.is_some() {
                    linked.push(d(a, b));
                } else {
                    unlinked.push(d(a, b));
                }
            }
        }
        let mean = |v: &[f32]| v.iter().sum::<f32>() / v.len() as f32;
        assert!(
            mean(&linked) < 0.8 * mean(&unlinked),
            "linked {} unlinked {}",
            mean(&linked),
            mean(&unlinked)
        );
    }

    #[test]
    fn a_graph_of_one_or_none_is_laid_out_at_the_centre() {
        let one = PeopleGraph {
            people: 1,
            edges: Vec::new(),
            of_person: vec![Vec::new()],
        };
        assert_eq!(layout(&one), vec![LayoutPoint::default()]);
        assert!(layout(&PeopleGraph::default()).is_empty());
    }
}
