//! The renderer's settings as people type them (`--at 2025-03-12T14:00`, `--size 1920x1080`,
//! `--length 20s`, `--speed 2d/s`, `--view 55.7,37.6,5`, `--window 30d`), parsed into typed values.
//! The command line keeps the raw text; these functions validate it, with messages that say what is
//! expected.

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, TimeZone as _, Utc};

use super::View;
use crate::geodesy;
use crate::timeline::TimeWindow;

/// A setting that does not parse, with what was expected.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("{what}: cannot read {text:?}; expected {expected}")]
pub struct OptionError {
    pub what: &'static str,
    pub text: String,
    pub expected: &'static str,
}

fn err(what: &'static str, text: &str, expected: &'static str) -> OptionError {
    OptionError {
        what,
        text: text.to_owned(),
        expected,
    }
}

/// A time in UTC: `2025-03-12`, `2025-03-12T14:00`, `2025-03-12 14:00:30` or RFC 3339 with an offset.
pub fn time(text: &str) -> Result<DateTime<Utc>, OptionError> {
    let t = text.trim();
    if let Ok(dt) = DateTime::parse_from_rfc3339(t) {
        return Ok(dt.with_timezone(&Utc));
    }
    for format in [
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(naive) = NaiveDateTime::parse_from_str(t, format) {
            return Ok(Utc.from_utc_datetime(&naive));
        }
    }
    NaiveDate::parse_from_str(t, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|naive| Utc.from_utc_datetime(&naive))
        .ok_or_else(|| {
            err(
                "time",
                text,
                "a UTC time such as 2025-03-12 or 2025-03-12T14:00",
            )
        })
}

/// `WIDTHxHEIGHT` in pixels, each 16 to 8192.
pub fn size(text: &str) -> Result<(u32, u32), OptionError> {
    let bad = || err("size", text, "WIDTHxHEIGHT in pixels, such as 1920x1080");
    let (w, h) = text.trim().split_once(['x', 'X', '×']).ok_or_else(bad)?;
    let (w, h): (u32, u32) = (
        w.trim().parse().map_err(|_| bad())?,
        h.trim().parse().map_err(|_| bad())?,
    );
    if (16..=8192).contains(&w) && (16..=8192).contains(&h) {
        Ok((w, h))
    } else {
        Err(bad())
    }
}

/// Seconds: `20s`, `1.5m`, or a bare number of seconds.
pub fn seconds(text: &str) -> Result<f64, OptionError> {
    let bad = || err("length", text, "seconds such as 20s or 1.5m");
    let t = text.trim();
    let (number, unit) = match t.strip_suffix('s') {
        Some(n) => (n, 1.0),
        None => match t.strip_suffix('m') {
            Some(n) => (n, 60.0),
            None => (t, 1.0),
        },
    };
    let value: f64 = number.trim().parse().map_err(|_| bad())?;
    (value.is_finite() && value > 0.0)
        .then_some(value * unit)
        .ok_or_else(bad)
}

/// A span of data time: `2d`, `12h`, `30m`, `1w`.
pub fn span(text: &str) -> Option<Duration> {
    let t = text.trim();
    let split = t.find(|c: char| c.is_alphabetic())?;
    let (number, unit) = t.split_at(split);
    let value: f64 = number.trim().parse().ok()?;
    let secs = match unit {
        "s" => 1.0,
        "m" | "min" => 60.0,
        "h" => 3600.0,
        "d" => 86_400.0,
        "w" => 7.0 * 86_400.0,
        _ => return None,
    };
    (value.is_finite() && value > 0.0)
        .then(|| Duration::milliseconds((value * secs * 1000.0).round() as i64))
}

/// Data time per second of animation: `2d/s`, `6h/s`.
pub fn speed(text: &str) -> Result<Duration, OptionError> {
    text.trim()
        .strip_suffix("/s")
        .and_then(span)
        .ok_or_else(|| err("speed", text, "data time per second such as 2d/s or 6h/s"))
}

/// `fit`, or `LAT,LON,ZOOM` (degrees, walkers' zoom levels 0–19).
pub fn view(text: &str) -> Result<View, OptionError> {
    let t = text.trim();
    if t.eq_ignore_ascii_case("fit") {
        return Ok(View::Fit);
    }
    let bad = || err("view", text, "fit, or LAT,LON,ZOOM such as 55.75,37.62,5");
    let parts: Vec<f64> = t
        .split(',')
        .map(|p| p.trim().parse::<f64>())
        .collect::<Result<_, _>>()
        .map_err(|_| bad())?;
    match parts.as_slice() {
        [lat, lon, zoom]
            if (-90.0..=90.0).contains(lat)
                && (-180.0..=180.0).contains(lon)
                && (0.0..=19.0).contains(zoom) =>
        {
            Ok(View::At {
                center: geodesy::lat_lon(*lat, *lon),
                zoom: *zoom,
            })
        }
        _ => Err(bad()),
    }
}

/// `all`, `7d`, `30d`, `90d` (any number of days), or `FROM..TO`.
pub fn window(text: &str) -> Result<TimeWindow, OptionError> {
    let t = text.trim();
    if t.eq_ignore_ascii_case("all") {
        return Ok(TimeWindow::Cumulative);
    }
    if let Some((from, to)) = t.split_once("..") {
        return Ok(TimeWindow::Range {
            from: time(from)?,
            to: time(to)?,
        });
    }
    t.strip_suffix('d')
        .and_then(|n| n.trim().parse::<u32>().ok())
        .filter(|d| *d > 0)
        .map(|days| TimeWindow::Last { days })
        .ok_or_else(|| err("window", text, "all, 7d, 30d, 90d or FROM..TO"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_read_as_dates_minutes_or_with_an_offset() {
        let at = |s| time(s).unwrap().to_rfc3339();
        assert_eq!(at("2025-03-12"), "2025-03-12T00:00:00+00:00");
        assert_eq!(at("2025-03-12T14:00"), "2025-03-12T14:00:00+00:00");
        assert_eq!(at("2025-03-12 14:00:30"), "2025-03-12T14:00:30+00:00");
        assert_eq!(at("2025-03-12T17:00:00+03:00"), "2025-03-12T14:00:00+00:00");
        assert!(time("12 March").is_err());
    }

    #[test]
    fn sizes_lengths_and_speeds_have_units() {
        assert_eq!(size("1920x1080"), Ok((1920, 1080)));
        assert!(size("1920").is_err() && size("0x10").is_err());
        assert_eq!(seconds("20s"), Ok(20.0));
        assert_eq!(seconds("1.5m"), Ok(90.0));
        assert!(seconds("-2s").is_err());
        assert_eq!(speed("2d/s"), Ok(Duration::days(2)));
        assert_eq!(speed("6h/s"), Ok(Duration::hours(6)));
        assert!(speed("2d").is_err());
    }

    #[test]
    fn views_and_windows_read_their_forms() {
        assert_eq!(view("fit"), Ok(View::Fit));
        assert!(matches!(view("55.75,37.62,5"), Ok(View::At { zoom, .. }) if zoom == 5.0));
        assert!(view("95,0,3").is_err());
        assert_eq!(window("all"), Ok(TimeWindow::Cumulative));
        assert_eq!(window("30d"), Ok(TimeWindow::Last { days: 30 }));
        assert!(matches!(
            window("2025-01-01..2025-02-01"),
            Ok(TimeWindow::Range { .. })
        ));
        assert!(window("soon").is_err());
    }
}
