//! The rules a record's values must meet, written once. The loader (`load`), the undo history and the
//! editor's forms (`edit::check`) all call these, so a rule and its message live in one place; each
//! caller only says where the problem is (a line and column, or a form field).
//!
//! References (an unknown place or person) and ids (empty, duplicate) depend on the rest of the dataset
//! and are checked by each caller against what it has; everything about a record's own values is here.

use super::{ProblemKind, When};

/// A broken rule: the field, the kind of problem, and the message for people.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Broken {
    pub field: &'static str,
    pub kind: ProblemKind,
    pub message: String,
}

fn broken(field: &'static str, kind: ProblemKind, message: impl Into<String>) -> Broken {
    Broken {
        field,
        kind,
        message: message.into(),
    }
}

/// A required text (a name, a title) is not blank.
pub fn nonempty(field: &'static str, value: &str) -> Result<(), Broken> {
    if value.trim().is_empty() {
        Err(broken(
            field,
            ProblemKind::Missing,
            format!("the {field} is empty"),
        ))
    } else {
        Ok(())
    }
}

/// Degrees north are on the globe.
pub fn latitude(lat: f64) -> Result<(), Broken> {
    if (-90.0..=90.0).contains(&lat) {
        Ok(())
    } else {
        Err(broken(
            "lat",
            ProblemKind::OutOfRange,
            format!("latitude {lat} is out of range (−90 to 90)"),
        ))
    }
}

/// Degrees east are on the globe.
pub fn longitude(lon: f64) -> Result<(), Broken> {
    if (-180.0..=180.0).contains(&lon) {
        Ok(())
    } else {
        Err(broken(
            "lon",
            ProblemKind::OutOfRange,
            format!("longitude {lon} is out of range (−180 to 180)"),
        ))
    }
}

/// Degrees north and east are on the globe.
pub fn position(lat: f64, lon: f64) -> Result<(), Broken> {
    latitude(lat)?;
    longitude(lon)
}

/// A leg has a traveller, a departure or an arrival time, and does not arrive before it leaves.
pub fn leg(
    travellers: usize,
    departure: Option<When>,
    arrival: Option<When>,
) -> Result<(), Broken> {
    leg_travellers(travellers)?;
    leg_times(departure, arrival)
}

/// A leg has at least one traveller.
pub fn leg_travellers(travellers: usize) -> Result<(), Broken> {
    if travellers == 0 {
        Err(broken(
            "travellers",
            ProblemKind::Missing,
            "a leg needs at least one traveller",
        ))
    } else {
        Ok(())
    }
}

/// A leg has a departure or an arrival time, and does not arrive before it leaves.
pub fn leg_times(departure: Option<When>, arrival: Option<When>) -> Result<(), Broken> {
    match (departure, arrival) {
        (None, None) => Err(broken(
            "departure",
            ProblemKind::Missing,
            "a leg needs a departure or an arrival time",
        )),
        (Some(d), Some(a)) if a.end_utc < d.start_utc => Err(broken(
            "arrival",
            ProblemKind::OutOfOrder,
            format!(
                "arrival ({}) is before departure ({})",
                a.display_utc(),
                d.display_utc()
            ),
        )),
        _ => Ok(()),
    }
}

/// A meeting's end, when given, is not before its start.
pub fn meeting(start: When, end: Option<When>) -> Result<(), Broken> {
    match end {
        Some(e) if e.end_utc < start.start_utc => Err(broken(
            "end",
            ProblemKind::OutOfOrder,
            format!(
                "end ({}) is before start ({})",
                e.display_utc(),
                start.display_utc()
            ),
        )),
        _ => Ok(()),
    }
}

/// A stay ends on or after the day (or instant) it starts.
pub fn stay(start: When, end: When) -> Result<(), Broken> {
    if end.start_utc < start.start_utc {
        Err(broken(
            "end",
            ProblemKind::OutOfOrder,
            format!(
                "end ({}) is before start ({})",
                end.display_utc(),
                start.display_utc()
            ),
        ))
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(t: &str) -> When {
        When::parse(t, chrono_tz::UTC).unwrap()
    }

    #[test]
    fn each_rule_names_its_field_and_kind() {
        assert_eq!(
            nonempty("name", "  ").unwrap_err().kind,
            ProblemKind::Missing
        );
        assert_eq!(position(91.0, 0.0).unwrap_err().field, "lat");
        assert_eq!(position(0.0, 181.0).unwrap_err().field, "lon");
        assert!(position(-90.0, 180.0).is_ok());
        assert_eq!(
            leg(0, Some(day("2025-01-01")), None).unwrap_err().field,
            "travellers"
        );
        assert_eq!(leg(1, None, None).unwrap_err().field, "departure");
        let late = leg(1, Some(day("2025-01-03")), Some(day("2025-01-01"))).unwrap_err();
        assert_eq!(
            (late.field, late.kind),
            ("arrival", ProblemKind::OutOfOrder)
        );
        assert!(meeting(day("2025-01-03"), Some(day("2025-01-01"))).is_err());
        assert!(meeting(day("2025-01-02"), Some(day("2025-01-02"))).is_ok());
        assert!(stay(day("2025-01-02"), day("2025-01-01")).is_err());
        assert!(stay(day("2025-01-02"), day("2025-01-02")).is_ok());
    }
}
