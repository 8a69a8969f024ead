//! Instants with an honest precision.
//!
//! News reports rarely give a clock time: "on Friday", "in the morning", "about 17:30". A [`When`] keeps
//! what was reported and no more. It is stored as the UTC interval that the report allows (a whole local
//! day for "Friday"), so the timeline can place it, and it remembers its [`Precision`] so that a day is
//! never shown as a made-up midnight.
//!
//! In files a `When` is one string, read in the time zone of the place it belongs to:
//! `2025-04-11` (a day), `2025-04-11 morning` (06–12 local; also `afternoon` 12–18, `evening` 18–24),
//! `2025-04-11T17:30` (local clock time), `2025-04-11T17:30+03:00` or `…Z` (explicit offset).
//! A leading `~` marks a reported-as-approximate time: `~2025-04-11T17:30`.

use chrono::{DateTime, Duration, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

/// How precisely a time is known.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    /// Only the local calendar day.
    Day,
    /// 06:00–12:00 local.
    Morning,
    /// 12:00–18:00 local.
    Afternoon,
    /// 18:00–24:00 local.
    Evening,
    /// A clock time to the minute.
    Minute,
}

impl Precision {
    /// The word used in files and on screen for a part of the day, if this is one.
    pub fn part_of_day(self) -> Option<&'static str> {
        match self {
            Self::Morning => Some("morning"),
            Self::Afternoon => Some("afternoon"),
            Self::Evening => Some("evening"),
            Self::Day | Self::Minute => None,
        }
    }

    /// Local start hour and length in hours of the interval a part of the day (or a day) covers.
    fn local_hours(self) -> (u32, i64) {
        match self {
            Self::Day => (0, 24),
            Self::Morning => (6, 6),
            Self::Afternoon => (12, 6),
            Self::Evening => (18, 6),
            Self::Minute => (0, 0),
        }
    }
}

/// A reported time: the UTC interval it allows, and how it was known.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct When {
    /// Earliest instant the report allows (the instant itself for [`Precision::Minute`]).
    pub start_utc: DateTime<Utc>,
    /// Latest instant the report allows (equal to `start_utc` for [`Precision::Minute`]).
    pub end_utc: DateTime<Utc>,
    /// What was known.
    pub precision: Precision,
    /// The source gave the time as approximate ("about 10:00").
    pub approximate: bool,
}

/// Why a time string could not be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum WhenError {
    /// Not one of the accepted shapes.
    #[error(
        "\"{0}\" is not a time; expected 2025-04-11, 2025-04-11 morning, 2025-04-11T17:30 or 2025-04-11T17:30+03:00"
    )]
    Malformed(String),
    /// A local clock time that does not exist in the zone (skipped by a DST change).
    #[error("{0} does not exist in {1} (daylight-saving change)")]
    NonexistentLocal(String, Tz),
}

impl When {
    /// Reads a time string (see the module docs) in the zone `tz`.
    ///
    /// ```
    /// use travelmap::data::{When, Precision};
    /// let w = When::parse("2025-04-11T17:30", chrono_tz::Europe::Moscow).unwrap();
    /// assert_eq!(w.start_utc.to_rfc3339(), "2025-04-11T14:30:00+00:00");
    /// assert_eq!(w.precision, Precision::Minute);
    /// ```
    pub fn parse(text: &str, tz: Tz) -> Result<Self, WhenError> {
        let malformed = || WhenError::Malformed(text.to_owned());
        let trimmed = text.trim();
        let (approximate, rest) = match trimmed.strip_prefix('~') {
            Some(rest) => (true, rest.trim_start()),
            None => (false, trimmed),
        };
        if let Some((date, part)) = rest.split_once(' ') {
            let date = NaiveDate::parse_from_str(date, "%Y-%m-%d").map_err(|_| malformed())?;
            let precision = match part.trim() {
                "morning" => Precision::Morning,
                "afternoon" => Precision::Afternoon,
                "evening" => Precision::Evening,
                _ => return Err(malformed()),
            };
            return Self::local_span(date, precision, approximate, tz);
        }
        if !rest.contains('T') {
            let date = NaiveDate::parse_from_str(rest, "%Y-%m-%d").map_err(|_| malformed())?;
            return Self::local_span(date, Precision::Day, approximate, tz);
        }
        let instant = if let Ok(with_offset) = DateTime::parse_from_rfc3339(rest) {
            with_offset.with_timezone(&Utc)
        } else if let Ok(with_offset) = DateTime::parse_from_str(rest, "%Y-%m-%dT%H:%M%#z") {
            with_offset.with_timezone(&Utc)
        } else {
            let local = NaiveDateTime::parse_from_str(rest, "%Y-%m-%dT%H:%M")
                .or_else(|_| NaiveDateTime::parse_from_str(rest, "%Y-%m-%dT%H:%M:%S"))
                .map_err(|_| malformed())?;
            resolve_local(local, tz)
                .ok_or_else(|| WhenError::NonexistentLocal(rest.to_owned(), tz))?
        };
        Ok(Self::instant(instant, approximate))
    }

    /// An exact (or approximate) instant, known to the minute.
    pub fn instant(at: DateTime<Utc>, approximate: bool) -> Self {
        Self {
            start_utc: at,
            end_utc: at,
            precision: Precision::Minute,
            approximate,
        }
    }

    /// A local day or part of a day in `tz`.
    pub fn local_span(
        date: NaiveDate,
        precision: Precision,
        approximate: bool,
        tz: Tz,
    ) -> Result<Self, WhenError> {
        let (start_hour, hours) = precision.local_hours();
        let start_local =
            date.and_time(NaiveTime::from_hms_opt(start_hour, 0, 0).unwrap_or_default());
        let end_local = start_local + Duration::hours(hours);
        let nonexistent = || WhenError::NonexistentLocal(start_local.to_string(), tz);
        // A span's edge that a daylight-saving change skips (many zones once changed at midnight) is
        // the first local time after the gap.
        let start_utc = resolve_after_gap(start_local, tz).ok_or_else(nonexistent)?;
        let end_utc = resolve_after_gap(end_local, tz).ok_or_else(nonexistent)?;
        Ok(Self {
            start_utc,
            end_utc,
            precision,
            approximate,
        })
    }

    /// The middle of the allowed interval: where the timeline draws an imprecise time.
    pub fn midpoint_utc(&self) -> DateTime<Utc> {
        self.start_utc + (self.end_utc - self.start_utc) / 2
    }

    /// The file form of this time in `tz` (the inverse of [`When::parse`]).
    pub fn to_file_string(&self, tz: Tz) -> String {
        let tilde = if self.approximate { "~" } else { "" };
        let local = self.start_utc.with_timezone(&tz);
        match self.precision {
            Precision::Day => format!("{tilde}{}", local.format("%Y-%m-%d")),
            Precision::Minute => format!("{tilde}{}", local.format("%Y-%m-%dT%H:%M%:z")),
            part => format!(
                "{tilde}{} {}",
                local.format("%Y-%m-%d"),
                part.part_of_day().unwrap_or_default()
            ),
        }
    }

    /// For people, in the zone `tz`: "Fri 11 Apr 2025", "Fri 11 Apr 2025, morning", "Fri 11 Apr 2025 17:30 MSK".
    /// Approximate times read "about …". No clock time is shown unless one was reported.
    pub fn display_in(&self, tz: Tz) -> String {
        let about = if self.approximate { "about " } else { "" };
        let local = self.start_utc.with_timezone(&tz);
        match self.precision {
            Precision::Day => format!("{about}{}", local.format("%a %-d %b %Y")),
            Precision::Minute => format!("{about}{}", local.format("%a %-d %b %Y %H:%M %Z")),
            part => format!(
                "{about}{}, {}",
                local.format("%a %-d %b %Y"),
                part.part_of_day().unwrap_or_default()
            ),
        }
    }

    /// The same in UTC; day-precision times show the UTC interval, since the local day is what was known.
    pub fn display_utc(&self) -> String {
        let about = if self.approximate { "about " } else { "" };
        match self.precision {
            Precision::Minute => format!("{about}{} UTC", self.start_utc.format("%-d %b %Y %H:%M")),
            _ => format!(
                "{}–{} UTC",
                self.start_utc.format("%-d %b %H:%M"),
                self.end_utc.format("%-d %b %H:%M")
            ),
        }
    }
}

/// Like [`resolve_local`], but a time inside a daylight-saving gap becomes the end of the gap (gaps are
/// at most a few hours; searched minute by minute up to a day).
fn resolve_after_gap(local: NaiveDateTime, tz: Tz) -> Option<DateTime<Utc>> {
    (0..=24 * 60)
        .map(|m| local + Duration::minutes(m))
        .find_map(|t| resolve_local(t, tz))
}

/// A local wall-clock time in `tz` as UTC; an ambiguous time (DST fall-back) takes the earlier instant.
fn resolve_local(local: NaiveDateTime, tz: Tz) -> Option<DateTime<Utc>> {
    match tz.from_local_datetime(&local) {
        LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => Some(t.with_timezone(&Utc)),
        LocalResult::None => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::{America, Europe};

    #[test]
    fn a_day_covers_the_whole_local_day_and_shows_no_clock_time() {
        let w = When::parse("2025-04-11", Europe::Moscow).unwrap();
        assert_eq!(w.start_utc.to_rfc3339(), "2025-04-10T21:00:00+00:00");
        assert_eq!(w.end_utc.to_rfc3339(), "2025-04-11T21:00:00+00:00");
        assert_eq!(w.display_in(Europe::Moscow), "Fri 11 Apr 2025");
        assert!(!w.display_in(Europe::Moscow).contains("00:00"));
    }

    #[test]
    fn a_morning_is_six_to_noon_local() {
        let w = When::parse("2025-04-11 morning", Europe::Moscow).unwrap();
        assert_eq!(w.start_utc.to_rfc3339(), "2025-04-11T03:00:00+00:00");
        assert_eq!(w.end_utc.to_rfc3339(), "2025-04-11T09:00:00+00:00");
        assert_eq!(w.display_in(Europe::Moscow), "Fri 11 Apr 2025, morning");
    }

    #[test]
    fn a_local_clock_time_uses_the_places_zone_and_daylight_saving() {
        // Washington was on EDT (UTC-4) from 9 March 2025, EST (UTC-5) before.
        let winter = When::parse("2025-02-10T17:40", America::New_York).unwrap();
        assert_eq!(winter.start_utc.to_rfc3339(), "2025-02-10T22:40:00+00:00");
        let spring = When::parse("2025-04-02T15:00", America::New_York).unwrap();
        assert_eq!(spring.start_utc.to_rfc3339(), "2025-04-02T19:00:00+00:00");
    }

    #[test]
    fn an_explicit_offset_wins_over_the_zone() {
        let w = When::parse("2025-04-11T17:30+03:00", America::New_York).unwrap();
        assert_eq!(w.start_utc.to_rfc3339(), "2025-04-11T14:30:00+00:00");
        let z = When::parse("2025-04-11T14:30:00Z", America::New_York).unwrap();
        assert_eq!(w, z);
    }

    #[test]
    fn a_tilde_marks_an_approximate_time() {
        let w = When::parse("~2025-02-27T10:00", Europe::Istanbul).unwrap();
        assert!(w.approximate);
        assert_eq!(
            w.display_in(Europe::Istanbul),
            "about Thu 27 Feb 2025 10:00 +03"
        );
    }

    #[test]
    fn every_shape_survives_a_round_trip_through_the_file_form() {
        for text in [
            "2025-04-11",
            "~2025-04-11 evening",
            "2025-04-11T17:30+03:00",
            "~2025-02-10T17:40-05:00",
        ] {
            let tz = if text.contains("-05:00") {
                America::New_York
            } else {
                Europe::Moscow
            };
            let w = When::parse(text, tz).unwrap();
            assert_eq!(w.to_file_string(tz), text);
            assert_eq!(When::parse(&w.to_file_string(tz), tz).unwrap(), w);
        }
    }

    #[test]
    fn malformed_times_are_rejected_with_the_accepted_shapes() {
        for bad in [
            "",
            "Friday",
            "2025-13-01",
            "2025-04-11 noon",
            "2025-04-11T25:00",
            "11/04/2025",
        ] {
            let err = When::parse(bad, Europe::Moscow).unwrap_err();
            assert!(
                err.to_string().contains("expected 2025-04-11"),
                "{bad}: {err}"
            );
        }
    }

    #[test]
    fn a_day_whose_midnight_daylight_saving_skips_starts_after_the_gap() {
        // Mexico City moved its clocks from 00:00 to 01:00 on 12 February 1950.
        let w = When::parse("1950-02-12", chrono_tz::America::Mexico_City).unwrap();
        assert_eq!(w.start_utc.to_rfc3339(), "1950-02-12T06:00:00+00:00");
        assert_eq!(
            w.display_in(chrono_tz::America::Mexico_City),
            "Sun 12 Feb 1950"
        );
    }

    #[test]
    fn a_clock_time_skipped_by_daylight_saving_is_an_error() {
        let err = When::parse("2025-03-09T02:30", America::New_York).unwrap_err();
        assert!(matches!(err, WhenError::NonexistentLocal(..)));
    }
}
