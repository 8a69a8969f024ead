//! How many meetings and stays each city had in a window of time, so a marker can say so without
//! looking at every meeting each frame.
//!
//! Key decision: per city, the times of its meetings and of the starts of its stays, sorted, taken once
//! from the time index's events (which are sorted already and follow the person filter). A count in a
//! window is then two binary searches, whatever the size of the data. A meeting counts in the window
//! when its event (its start) lies in it, as on the timeline; a stay when it began in it. Meetings and
//! stays whose place has no city (a stay not yet geocoded) are kept apart, so the map can say they are
//! not shown.

use chrono::{DateTime, Utc};

use crate::data::{Cities, CityIdx, Dataset};
use crate::timeline::{EventKind, TimeIndex};

/// Meetings and stays of one city (or of several) in a window.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct WindowCount {
    pub meetings: usize,
    pub stays: usize,
}

impl std::ops::AddAssign for WindowCount {
    fn add_assign(&mut self, other: Self) {
        self.meetings += other.meetings;
        self.stays += other.stays;
    }
}

/// Per city, the sorted times of its meetings and stays, in microseconds since 1970 (an `i64` compares
/// in one instruction, where a `DateTime` compares field by field; thousands of cities are counted
/// each frame).
#[derive(Clone, Debug, Default)]
pub struct CityCounts {
    /// The time index they were taken from ([`TimeIndex::id`]).
    source: u64,
    meetings: Vec<Vec<i64>>,
    stays: Vec<Vec<i64>>,
    /// Meetings and stays with no city on the map.
    unplaced_meetings: Vec<i64>,
    unplaced_stays: Vec<i64>,
}

impl CityCounts {
    /// The counts of `index`'s meetings and stays, by city.
    pub fn new(data: &Dataset, cities: &Cities, index: &TimeIndex) -> Self {
        let n = cities.list.len();
        let mut out = Self {
            source: index.id(),
            meetings: vec![Vec::new(); n],
            stays: vec![Vec::new(); n],
            ..Self::default()
        };
        for e in index.events() {
            let at = e.at.timestamp_micros();
            match e.kind {
                EventKind::Meeting(m) => {
                    let city = data
                        .meetings
                        .get(m.index())
                        .and_then(|m| cities.of(m.place));
                    match city.and_then(|c| out.meetings.get_mut(c.0 as usize)) {
                        Some(list) => list.push(at),
                        None => out.unplaced_meetings.push(at),
                    }
                }
                EventKind::Stay(s) => {
                    let city = data
                        .stay(s)
                        .and_then(|st| st.place)
                        .and_then(|p| cities.of(p));
                    match city.and_then(|c| out.stays.get_mut(c.0 as usize)) {
                        Some(list) => list.push(at),
                        None => out.unplaced_stays.push(at),
                    }
                }
                _ => {}
            }
        }
        out
    }

    /// The time index the counts are of.
    pub fn source(&self) -> u64 {
        self.source
    }

    /// What `city` had in `[from, to]`.
    pub fn of(&self, city: CityIdx, window: (DateTime<Utc>, DateTime<Utc>)) -> WindowCount {
        let i = city.0 as usize;
        let window = micros(window);
        WindowCount {
            meetings: self.meetings.get(i).map_or(0, |l| in_window(l, window)),
            stays: self.stays.get(i).map_or(0, |l| in_window(l, window)),
        }
    }

    /// Meetings and stays in `[from, to]` with no city on the map.
    pub fn unplaced(&self, window: (DateTime<Utc>, DateTime<Utc>)) -> WindowCount {
        let window = micros(window);
        WindowCount {
            meetings: in_window(&self.unplaced_meetings, window),
            stays: in_window(&self.unplaced_stays, window),
        }
    }
}

/// The window `[from, to]` as the whole microseconds it holds: `from` rounded up, `to` down.
fn micros((from, to): (DateTime<Utc>, DateTime<Utc>)) -> (i64, i64) {
    let up = i64::from(from.timestamp_subsec_nanos() % 1_000 != 0);
    (
        from.timestamp_micros().saturating_add(up),
        to.timestamp_micros(),
    )
}

/// How many of the sorted `times` lie in `[from, to]`.
fn in_window(times: &[i64], (from, to): (i64, i64)) -> usize {
    let lo = times.partition_point(|t| *t < from);
    let hi = times.partition_point(|t| *t <= to);
    hi.saturating_sub(lo)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::timeline::RecordFilter;

    #[test]
    fn a_citys_count_in_a_window_is_its_meetings_begun_in_it() {
        let data = crate::data::bundled().unwrap();
        let cities = Cities::new(&data);
        let index = TimeIndex::new(&data, &RecordFilter::default());
        let counts = CityCounts::new(&data, &cities, &index);
        let (start, end) = index.range().unwrap();
        let mid = start + (end - start) / 2;
        for (i, city) in cities.list.iter().enumerate() {
            let idx = CityIdx(i as u32);
            let all = counts.of(idx, (start, end));
            assert_eq!(all.meetings, city.meetings.len(), "{}", city.name);
            // Counted independently: the city's meetings that began in the first half.
            let first_half = data
                .meetings
                .iter()
                .filter(|m| cities.of(m.place) == Some(idx))
                .filter(|m| {
                    let at = m.start.midpoint_utc().min(m.active_window().1);
                    start <= at && at <= mid
                })
                .count();
            assert_eq!(counts.of(idx, (start, mid)).meetings, first_half);
        }
        assert_eq!(counts.unplaced((start, end)).meetings, 0);
    }
}
