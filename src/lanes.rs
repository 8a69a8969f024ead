//! Where one person was, when: the rows of the swimlanes under the timeline ("where was X when").
//!
//! A row holds the person's stays, their legs and their meetings, in time order. Many datasets record
//! flights but no stays, so the time on the ground between a leg's arrival and the person's next
//! departure is a stay too, marked as worked out from the legs; it is left out wherever a recorded stay
//! already covers that time. No egui here: the UI draws a [`Lane`] on the timeline's axis.

use chrono::{DateTime, Utc};

use crate::data::{Certainty, Dataset, LegIdx, MeetingIdx, PersonIdx, PlaceIdx, StayIdx};
use crate::timeline::EventKind;

/// A stretch of time in one place.
#[derive(Clone, Debug, PartialEq)]
pub struct LaneStay {
    pub place: PlaceIdx,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    /// The recorded stay; `None` for the time between an arrival and the next departure.
    pub stay: Option<StayIdx>,
}

/// A leg flown, from its departure to its arrival (estimated where not reported).
#[derive(Clone, Debug, PartialEq)]
pub struct LaneLeg {
    pub leg: LegIdx,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    /// Worked out between two stays, not reported.
    pub inferred: bool,
}

/// A meeting the person took part in, at the instant the timeline goes to for it.
#[derive(Clone, Debug, PartialEq)]
pub struct LaneMeeting {
    pub meeting: MeetingIdx,
    pub at: DateTime<Utc>,
    pub place: PlaceIdx,
}

/// One person's row: stays, legs and meetings, each list oldest first.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Lane {
    pub stays: Vec<LaneStay>,
    pub legs: Vec<LaneLeg>,
    pub meetings: Vec<LaneMeeting>,
}

impl Lane {
    /// The row of `person` in `data`.
    pub fn of(data: &Dataset, person: PersonIdx) -> Self {
        let mut legs: Vec<LaneLeg> = data
            .legs
            .iter()
            .enumerate()
            .filter(|(_, l)| l.travellers.contains(&person))
            .map(|(i, l)| {
                let (start, end) = l.flight_window(data.leg_distance_km(l));
                LaneLeg {
                    leg: LegIdx(i as u32),
                    start,
                    end: end.max(start),
                    inferred: l.certainty == Certainty::Inferred,
                }
            })
            .collect();
        legs.sort_by_key(|l| (l.start, l.leg));
        let mut stays: Vec<LaneStay> = data
            .stays
            .iter()
            .enumerate()
            .filter(|(_, s)| s.person == person)
            .filter_map(|(i, s)| {
                let (start, end) = s.interval();
                Some(LaneStay {
                    place: s.place?,
                    start,
                    end,
                    stay: Some(StayIdx(i as u32)),
                })
            })
            .collect();
        let recorded = stays.len();
        for pair in legs.windows(2) {
            let [before, after] = pair else {
                continue;
            };
            let Some(leg) = data.legs.get(before.leg.index()) else {
                continue;
            };
            let (start, end) = (before.end, after.start);
            let covered = stays
                .iter()
                .take(recorded)
                .any(|s| s.start < end && s.end > start);
            if start < end && !covered {
                stays.push(LaneStay {
                    place: leg.to,
                    start,
                    end,
                    stay: None,
                });
            }
        }
        stays.sort_by_key(|s| (s.start, s.end));
        let mut meetings: Vec<LaneMeeting> = data
            .meetings
            .iter()
            .enumerate()
            .filter(|(_, m)| m.participants.contains(&person))
            .map(|(i, m)| LaneMeeting {
                meeting: MeetingIdx(i as u32),
                at: m.start.midpoint_utc().min(m.active_window().1),
                place: m.place,
            })
            .collect();
        meetings.sort_by_key(|m| (m.at, m.meeting));
        Self {
            stays,
            legs,
            meetings,
        }
    }

    /// Whether the row has nothing to show.
    pub fn is_empty(&self) -> bool {
        self.stays.is_empty() && self.legs.is_empty() && self.meetings.is_empty()
    }
}

/// Whether `person` takes part in a timeline event: a meeting's participant, a leg's traveller, the
/// person staying, or a person a note names.
pub fn involves(data: &Dataset, kind: EventKind, person: PersonIdx) -> bool {
    match kind {
        EventKind::Meeting(m) => data
            .meetings
            .get(m.index())
            .is_some_and(|m| m.participants.contains(&person)),
        EventKind::Departure(l) | EventKind::Arrival(l) => data
            .legs
            .get(l.index())
            .is_some_and(|l| l.travellers.contains(&person)),
        EventKind::Stay(s) => data.stay(s).is_some_and(|s| s.person == person),
        EventKind::Note(n) => data
            .notes
            .get(n as usize)
            .is_some_and(|n| n.people.contains(&person)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(data: &Dataset, name: &str) -> PersonIdx {
        let i = data.people.iter().position(|p| p.name == name).unwrap();
        PersonIdx(i as u32)
    }

    #[test]
    fn witkoffs_row_has_his_legs_the_time_between_them_and_his_meetings_in_order() {
        let data = crate::data::bundled().unwrap();
        let w = person(&data, "Steve Witkoff");
        let lane = Lane::of(&data, w);
        assert!(!lane.legs.is_empty());
        assert!(lane.legs.windows(2).all(|p| p[0].start <= p[1].start));
        assert!(lane.meetings.windows(2).all(|p| p[0].at <= p[1].at));
        assert_eq!(
            lane.meetings.len(),
            data.meetings
                .iter()
                .filter(|m| m.participants.contains(&w))
                .count()
        );
        // The bundled data records flights but no stays: the ground time between two legs is one,
        // at the first leg's destination, between its arrival and the next departure.
        assert!(data.stays.is_empty());
        assert_eq!(lane.stays.len(), lane.legs.len() - 1);
        for (stay, legs) in lane.stays.iter().zip(lane.legs.windows(2)) {
            assert_eq!(stay.stay, None);
            assert_eq!(stay.start, legs[0].end);
            assert_eq!(stay.end, legs[1].start);
            assert_eq!(stay.place, data.legs[legs[0].leg.index()].to);
        }
    }

    #[test]
    fn a_person_with_no_records_has_an_empty_row() {
        let data = crate::data::bundled().unwrap();
        let lane = Lane::of(&data, PersonIdx(9_999));
        assert!(lane.is_empty());
    }

    #[test]
    fn a_recorded_stay_replaces_the_ground_time_it_covers() {
        let mut data = crate::data::bundled().unwrap();
        let w = person(&data, "Steve Witkoff");
        let before = Lane::of(&data, w);
        let ground = before.stays[0].clone();
        let when = |t| crate::data::When::instant(t, false);
        data.stays.push(crate::data::Stay {
            id: "recorded".into(),
            person: w,
            place: Some(ground.place),
            start: when(ground.start),
            end: when(ground.end),
            role: None,
            remarks: None,
            sources: Vec::new(),
            geocode: None,
        });
        let after = Lane::of(&data, w);
        assert_eq!(after.stays.len(), before.stays.len());
        assert_eq!(after.stays[0].stay, Some(StayIdx(0)));
        assert_eq!(after.stays[0].start, ground.start);
    }

    #[test]
    fn an_event_involves_its_participants_and_travellers_only() {
        let data = crate::data::bundled().unwrap();
        let w = person(&data, "Steve Witkoff");
        let fogel = person(&data, "Marc Fogel");
        let m = data
            .meetings
            .iter()
            .position(|m| m.participants.contains(&w))
            .unwrap();
        let kind = EventKind::Meeting(MeetingIdx(m as u32));
        assert!(involves(&data, kind, w));
        assert!(!involves(&data, kind, fogel));
    }
}
