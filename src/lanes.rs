//! Where one person was, when: the rows of the swimlanes under the timeline ("where was X when").
//!
//! A row holds the person's stays, their legs and their meetings, in time order. Many datasets record
//! flights but no stays, so the time on the ground after a leg is a stay too, marked as worked out from
//! the legs: up to the next departure when that leaves from the same city with no meeting elsewhere
//! in between; otherwise (a journey that was not recorded), only as long as the person's meetings there show, never
//! guessed further. It is left out wherever a recorded stay already covers that time. No egui here:
//! the UI draws a [`Lane`] on the timeline's axis.

use chrono::{DateTime, Duration, Utc};

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
        let recorded = stays.len();
        for (i, before) in legs.iter().enumerate() {
            let Some(ground) = ground_time(data, &legs, i, &meetings) else {
                continue;
            };
            let covered = stays
                .iter()
                .take(recorded)
                .any(|s| s.start < ground.1 && s.end > ground.0);
            if let (false, Some(leg)) = (covered, data.legs.get(before.leg.index())) {
                stays.push(LaneStay {
                    place: leg.to,
                    start: ground.0,
                    end: ground.1,
                    stay: None,
                });
            }
        }
        stays.sort_by_key(|s| (s.start, s.end));
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

/// The time on the ground after the `i`th of a person's `legs` (sorted) at its destination: up to the
/// next departure if that leaves from the same city and no meeting elsewhere comes first; otherwise (a journey in between that was not
/// recorded) only as long as the person's meetings there show, one after another with no meeting
/// elsewhere and no gap of [`MEETING_GAP_DAYS`] between them; `None` when nothing shows it.
fn ground_time(
    data: &Dataset,
    legs: &[LaneLeg],
    i: usize,
    meetings: &[LaneMeeting],
) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
    let before = legs.get(i)?;
    let city = |p: PlaceIdx| data.place(p).map(|p| p.city.as_str());
    let here = city(data.legs.get(before.leg.index())?.to)?;
    let next = legs.get(i + 1);
    let start = before.end;
    if let Some(after) = next {
        let from = data.legs.get(after.leg.index()).and_then(|l| city(l.from));
        // Unless a meeting elsewhere in between shows a journey that was not recorded.
        let elsewhere = meetings
            .iter()
            .any(|m| m.at >= start && m.at < after.start && city(m.place) != Some(here));
        if from == Some(here) && !elsewhere {
            return (start < after.start).then_some((start, after.start));
        }
    }
    // The meetings there, one after another, until one elsewhere or a gap of days with none.
    let until = next.map(|l| l.start);
    let mut end: Option<DateTime<Utc>> = None;
    for m in meetings
        .iter()
        .filter(|m| m.at >= start && until.is_none_or(|u| m.at < u))
    {
        let last = end.unwrap_or(start);
        if city(m.place) != Some(here) || m.at - last > Duration::days(MEETING_GAP_DAYS) {
            break;
        }
        if let Some(meeting) = data.meetings.get(m.meeting.index()) {
            end = Some(last.max(meeting.active_window().1));
        }
    }
    let end = end?;
    let end = until.map_or(end, |u| end.min(u));
    (start < end).then_some((start, end))
}

/// After a leg whose next departure is from elsewhere, meetings this many days apart or more no longer
/// show that the person stayed on in between.
const MEETING_GAP_DAYS: i64 = 3;

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
        // The bundled data records flights but no stays. The ground time between two legs from one
        // city is a stay (St Petersburg, 11 April); after a leg whose next departure is from
        // elsewhere, only the meetings there show how long (Moscow, 11 February); Muscat, where
        // nothing shows it, has none.
        assert!(data.stays.is_empty());
        let cities: Vec<(&str, String)> = lane
            .stays
            .iter()
            .map(|s| {
                assert_eq!(s.stay, None);
                assert!(s.start < s.end);
                (
                    data.places[s.place.index()].city.as_str(),
                    s.start.format("%Y-%m-%d").to_string(),
                )
            })
            .collect();
        assert_eq!(
            cities,
            [
                ("Moscow", "2025-02-11".to_owned()),
                ("St Petersburg", "2025-04-11".to_owned()),
                ("Moscow", "2025-04-25".to_owned())
            ]
        );
        // Not on to December: his next meetings in Moscow are months later, with others elsewhere.
        assert_eq!(
            lane.stays[2].end.format("%Y-%m-%d").to_string(),
            "2025-04-25"
        );
        let st_petersburg = &lane.stays[1];
        assert_eq!(st_petersburg.start, lane.legs[1].end);
        assert_eq!(st_petersburg.end, lane.legs[2].start);
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
