//! Reading and writing other formats: GeoJSON, CSV (spreadsheets), KML (Google Earth) and iCalendar.
//!
//! Every importer is lenient in the same way as [`data::load_str_lenient`]: it returns the records that
//! are good and a [`Problem`] for each one it rejects, naming the record, the field (in the format's own
//! terms: a CSV column, a GeoJSON property, a KML element), and the line and column. A syntax error (a file
//! that is not CSV, JSON or XML at all) fails the whole import with [`LoadError::Syntax`]. Nothing is ever
//! dropped in silence.
//!
//! Importers do not validate by themselves: each builds a [`FileDataset`](crate::data::FileDataset) (ids and
//! strings, as in the native file) and hands it to [`data::validate`], so the rules and their messages are
//! the same for every format; the messages are then pointed back at the place in the original file.
//!
//! Every importer is total: no input makes it panic, and deep nesting is an error, not a stack overflow.
//!
//! Formats (each module documents its columns or properties):
//! - [`Format::Json`]: the native format ([`data::load_str_lenient`], [`data::to_json`]).
//! - [`Format::GeoJson`]: [`geojson`], RFC 7946 (longitude first).
//! - [`Format::Csv`]: [`csv`], one row per leg, meeting, note or stay.
//! - [`Format::Kml`]: [`kml`], Placemarks as Google Earth reads and writes them.
//! - [`Format::Ics`]: [`ics`] writes one calendar event per meeting and per stay; [`ics_import`] reads a
//!   calendar's events as stays, and flights as legs.

mod build;
pub mod csv;
pub mod geojson;
pub mod ics;
pub mod ics_import;
pub mod itinerary;
pub mod kml;

use std::io::Read as _;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::data::{self, Dataset, FILE_SIZE_LIMIT_BYTES, LoadError, Problem};

/// Largest distance between two exported points along a leg (km), in GeoJSON and KML: legs are densified
/// along the great circle as the map draws them, so other tools show the same routes.
pub const EXPORT_SEGMENT_KM: f64 = 100.0;

/// A file format travelmap can read or write.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// The native travelmap JSON (`"format": "travelmap/1"`).
    Json,
    /// RFC 7946 GeoJSON.
    GeoJson,
    /// Comma-separated values, one row per leg, meeting, note or stay.
    Csv,
    /// Keyhole Markup Language, as Google Earth reads and writes it.
    Kml,
    /// iCalendar (RFC 5545): meetings and stays out; stays and flights in.
    Ics,
}

impl Format {
    /// Every format, in the order the command line lists them.
    pub const ALL: [Self; 5] = [Self::Json, Self::GeoJson, Self::Csv, Self::Kml, Self::Ics];

    /// The format a file name's extension stands for (case-insensitive): `.json`, `.geojson`, `.csv`,
    /// `.kml`, `.ics`.
    pub fn from_extension(path: &Path) -> Option<Self> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        if ext == "tsv" {
            return Some(Self::Csv);
        }
        Self::ALL.into_iter().find(|f| f.extension() == ext)
    }

    /// The name people know the format by, for messages.
    pub fn name(self) -> &'static str {
        match self {
            Self::Json => "travelmap JSON",
            Self::GeoJson => "GeoJSON",
            Self::Csv => "CSV",
            Self::Kml => "KML",
            Self::Ics => "iCalendar",
        }
    }

    /// The usual file extension, without the dot; also the format's name on the command line.
    pub fn extension(self) -> &'static str {
        match self {
            Self::Json => "json",
            Self::GeoJson => "geojson",
            Self::Csv => "csv",
            Self::Kml => "kml",
            Self::Ics => "ics",
        }
    }

    /// Whether travelmap can read this format (every one can).
    pub fn can_import(self) -> bool {
        Self::ALL.contains(&self)
    }
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// Recognises a file by its content, then by its extension: `{` with `"travelmap/1"` in its first 4 KB
/// (where the `format` key of native files is) is native JSON; `{` with a `"type": "FeatureCollection"`
/// (or `"Feature"`) is GeoJSON; `{` with `"travelmap/1"` or a `"places"` key is native JSON; `<kml` or `<?xml`
/// is KML; `BEGIN:VCALENDAR` is iCalendar; a first row naming the `kind` column and another known column is
/// CSV. Anything else goes by the extension ([`Format::from_extension`]); `None` when neither tells.
pub fn detect(path: &Path, text: &str) -> Option<Format> {
    let by_extension = Format::from_extension(path);
    let t = text.trim_start_matches('\u{feff}').trim_start();
    if t.starts_with('{') {
        // Native files name their format first: decide from the head instead of scanning a big file.
        let head = &t[..t.floor_char_boundary(HEAD_BYTES)];
        if head.contains("\"travelmap/1\"") {
            return Some(Format::Json);
        }
        if is_geojson_type(t) {
            return Some(Format::GeoJson);
        }
        if t.contains("\"travelmap/1\"") || t.contains("\"places\"") {
            return Some(Format::Json);
        }
        return by_extension.filter(|f| matches!(f, Format::Json | Format::GeoJson));
    }
    if t.starts_with("<kml")
        || t.starts_with("<?xml")
        || (t.starts_with("<!--") && t.contains("<kml"))
    {
        return Some(Format::Kml);
    }
    if t.starts_with("BEGIN:VCALENDAR") {
        return Some(Format::Ics);
    }
    if csv::looks_like_header(t) || itinerary::looks_like_header(t) {
        return Some(Format::Csv);
    }
    by_extension
}

/// How much of a JSON text [`detect`] looks at first for the native format's marker.
const HEAD_BYTES: usize = data::HEAD_BYTES;

/// Whether a JSON text has `"type": "FeatureCollection"` (or `"Feature"`) anywhere.
fn is_geojson_type(text: &str) -> bool {
    ["\"FeatureCollection\"", "\"Feature\""]
        .iter()
        .any(|needle| {
            text.match_indices(needle).any(|(at, _)| {
                text.get(..at).is_some_and(|before| {
                    before
                        .trim_end()
                        .strip_suffix(':')
                        .is_some_and(|b| b.trim_end().ends_with("\"type\""))
                })
            })
        })
}

/// How files are read: the command line's flags and the app's settings. Every way of opening data
/// passes them to [`load_path`] or [`load_bundled`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadOptions {
    /// How spreadsheets of stays are read (column roles, lists, day or month first).
    pub itinerary: itinerary::ItineraryOptions,
    /// Infer legs between stays at most this many days apart; `None` infers none (`--no-infer`).
    pub infer_gap_days: Option<u32>,
}

impl Default for LoadOptions {
    fn default() -> Self {
        Self {
            itinerary: itinerary::ItineraryOptions::default(),
            infer_gap_days: Some(data::infer::DEFAULT_MAX_GAP_DAYS),
        }
    }
}

/// What [`load_path`] read.
#[derive(Debug)]
pub struct Loaded {
    pub data: Dataset,
    /// Records left out, with the reasons (empty when the whole file was good).
    pub problems: Vec<Problem>,
    /// Records kept but flagged: place texts that were ambiguous or not placed.
    pub warnings: Vec<Problem>,
    pub format: Format,
}

/// The one way data is opened, whatever asked for it (the command line, the remembered file at start,
/// the open dialog, recent files, drag and drop, `check`, `export`): reads the file (reporting the bytes
/// read to `read_bytes`), recognises its format, imports it leniently, and derives the inferred legs.
///
/// Files over [`FILE_SIZE_LIMIT_BYTES`] are refused before they are read; text that is not UTF-8 is an
/// error naming the line and column of the first bad byte; a syntax error fails the whole file. Never
/// panics.
pub fn load_path(
    path: &Path,
    options: &LoadOptions,
    read_bytes: &AtomicU64,
) -> Result<Loaded, LoadError> {
    let name = path.display().to_string();
    if let Some((data, problems)) = data::read_native_path(path, read_bytes) {
        return Ok(loaded(data, problems, &name, Format::Json, options));
    }
    let text = read_text(path, read_bytes)?;
    let Some(format) = detect(path, &text) else {
        return Err(LoadError::Syntax {
            path: name,
            line: 1,
            column: 1,
            message: "not a file travelmap can read: expected travelmap JSON, GeoJSON, KML, \
                      iCalendar, or CSV with a header row (a `kind` column, or the person, start \
                      and place of each stay)"
                .into(),
        });
    };
    load_str(&text, &name, format, options)
}

/// The bundled dataset, through the same steps as a file.
pub fn load_bundled(options: &LoadOptions) -> Result<Loaded, LoadError> {
    load_str(
        data::BUNDLED_JSON,
        data::BUNDLED_NAME,
        Format::Json,
        options,
    )
}

/// Imports `text` in `format` (see [`load_path`]); `name` is used in messages.
pub fn load_str(
    text: &str,
    name: &str,
    format: Format,
    options: &LoadOptions,
) -> Result<Loaded, LoadError> {
    let (data, problems) = import_with(text, name, format, options)?;
    Ok(loaded(data, problems, name, format, options))
}

/// What was imported, with the warnings told apart and the inferred legs derived.
fn loaded(
    mut data: Dataset,
    problems: Vec<Problem>,
    name: &str,
    format: Format,
    options: &LoadOptions,
) -> Loaded {
    let (problems, warnings) = data::split_warnings(problems);
    data::infer::set_inferred(&mut data, options.infer_gap_days);
    log::info!("loaded {name}: {}", data.summary());
    Loaded {
        data,
        problems,
        warnings,
        format,
    }
}

/// Reads a file as UTF-8 text in chunks, storing the bytes read so far in `read_bytes`.
fn read_text(path: &Path, read_bytes: &AtomicU64) -> Result<String, LoadError> {
    let name = path.display().to_string();
    let io = |source| LoadError::Io {
        path: name.clone(),
        source,
    };
    let mut file = std::fs::File::open(path).map_err(io)?;
    let too_large = |bytes| LoadError::TooLarge {
        path: name.clone(),
        bytes,
        limit: FILE_SIZE_LIMIT_BYTES,
    };
    let bytes = file.metadata().map_err(io)?.len();
    if bytes > FILE_SIZE_LIMIT_BYTES {
        return Err(too_large(bytes));
    }
    // The file may grow while it is read: never read more than the limit.
    let mut raw = Vec::with_capacity(usize::try_from(bytes).unwrap_or_default());
    let mut chunk = vec![0u8; 1 << 20];
    loop {
        let n = file.read(&mut chunk).map_err(io)?;
        if n == 0 {
            break;
        }
        raw.extend_from_slice(chunk.get(..n).unwrap_or_default());
        read_bytes.store(raw.len() as u64, Ordering::Relaxed);
        if raw.len() as u64 > FILE_SIZE_LIMIT_BYTES {
            return Err(too_large(raw.len() as u64));
        }
    }
    String::from_utf8(raw).map_err(|e| {
        let good = e.utf8_error().valid_up_to();
        let prefix = String::from_utf8_lossy(e.as_bytes().get(..good).unwrap_or_default());
        let (line, column) = line_col(&prefix, prefix.len());
        LoadError::Syntax {
            path: name.clone(),
            line,
            column,
            message: "the file is not UTF-8 text (save it as UTF-8)".into(),
        }
    })
}

/// Reads any supported file leniently with the default options (see [`load_path`]): the good records,
/// and the rejected and flagged ones with their reasons.
pub fn import_path(path: &Path) -> Result<(Dataset, Vec<Problem>), LoadError> {
    let loaded = load_path(path, &LoadOptions::default(), &AtomicU64::new(0))?;
    let mut problems = loaded.problems;
    problems.extend(loaded.warnings);
    Ok((loaded.data, problems))
}

/// Reads `text` in `format` leniently with the default options, without inferring legs; `name` is used
/// in messages.
pub fn import_str(
    text: &str,
    name: &str,
    format: Format,
) -> Result<(Dataset, Vec<Problem>), LoadError> {
    import_with(text, name, format, &LoadOptions::default())
}

/// The format's importer.
fn import_with(
    text: &str,
    name: &str,
    format: Format,
    options: &LoadOptions,
) -> Result<(Dataset, Vec<Problem>), LoadError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    match format {
        Format::Json => data::load_str_lenient(text, name),
        Format::GeoJson => geojson::import(text, name),
        Format::Csv if csv::looks_like_header(text) => csv::import(text, name),
        Format::Csv => itinerary::import(text, name, &options.itinerary),
        Format::Kml => kml::import(text, name),
        Format::Ics => ics_import::import(text, name),
    }
}

/// The dataset in `format`. Every format holds any valid dataset (iCalendar only
/// its meetings and stays, KML, CSV and GeoJSON all its places, people, legs, meetings, notes and
/// stays). Inferred legs are never written.
pub fn export(d: &Dataset, format: Format) -> Result<String, LoadError> {
    Ok(match format {
        Format::Json => data::to_json(d)?,
        Format::GeoJson => geojson::export(d),
        Format::Csv => csv::export(d),
        Format::Kml => kml::export(d),
        Format::Ics => ics::export(d),
    })
}

/// 1-based line and column (in characters) of byte `offset` in `text`; an offset past the end or inside a
/// character counts from the last character boundary before it.
pub(crate) fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut at = offset.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let before = text.get(..at).unwrap_or_default();
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |nl| nl + 1);
    let column = before.get(line_start..).unwrap_or_default().chars().count() + 1;
    (line, column)
}

/// Whether a time string carries its own UTC offset (`…Z`, `…+03:00`), so that it means the same instant
/// in any zone.
pub(crate) fn has_offset(time: &str) -> bool {
    let t = time.trim().trim_start_matches('~').trim_start();
    t.split_once('T')
        .is_some_and(|(_, clock)| clock.ends_with(['Z', 'z']) || clock.contains(['+', '-']))
}

/// The text of a reported duration in the list forms (CSV cells, KML data): `about 3.5 hours (210 min)`.
pub(crate) fn duration_text(text: &str, minutes: u32) -> String {
    format!("{text} ({minutes} min)")
}

/// Reads [`duration_text`]'s form back: the text and the minutes.
pub(crate) fn parse_duration(item: &str) -> Option<(String, u32)> {
    let (text, rest) = item.trim().rsplit_once('(')?;
    let minutes = rest.strip_suffix(')')?.trim().strip_suffix("min")?.trim();
    Some((text.trim().to_owned(), minutes.parse().ok()?))
}

/// How a source is written in list forms (CSV cells, KML data, GeoJSON properties): `Title <url>`, or the
/// title alone when there is no URL.
pub(crate) fn source_text(d: &Dataset, s: data::SourceIdx) -> Option<String> {
    let s = d.source(s)?;
    Some(match &s.url {
        Some(url) => format!("{} <{url}>", s.title),
        None => s.title.clone(),
    })
}

/// Reads a certainty word; blank is the default (confirmed), as in the native format.
pub(crate) fn parse_certainty(word: &str) -> Result<data::Certainty, String> {
    match word.trim().to_lowercase().as_str() {
        "" => Ok(data::Certainty::default()),
        "confirmed" => Ok(data::Certainty::Confirmed),
        "reported" => Ok(data::Certainty::Reported),
        "uncertain" => Ok(data::Certainty::Uncertain),
        "inferred" => Ok(data::Certainty::Inferred),
        _ => Err(format!(
            "unknown certainty \"{}\"; expected confirmed, reported or uncertain",
            word.trim()
        )),
    }
}

/// Reads a geocode status word (`given`, `exact`, …, `unresolved`), as the list forms write it.
pub(crate) fn parse_geocode_status(word: &str) -> Result<data::GeocodeStatus, String> {
    let word = word.trim();
    data::GeocodeStatus::ALL
        .into_iter()
        .find(|s| s.label().eq_ignore_ascii_case(word))
        .ok_or_else(|| {
            format!(
                "unknown geocode status \"{word}\"; expected {}",
                data::GeocodeStatus::ALL
                    .map(data::GeocodeStatus::label)
                    .join(", ")
            )
        })
}

/// Splits a list cell (`a; b; c`) into its trimmed, non-empty items.
pub(crate) fn split_list(cell: &str) -> impl Iterator<Item = &str> {
    cell.split(';').map(str::trim).filter(|s| !s.is_empty())
}

/// The names of people, for list forms.
pub(crate) fn people_names(d: &Dataset, people: &[data::PersonIdx]) -> Vec<String> {
    people
        .iter()
        .filter_map(|p| d.person(*p))
        .map(|p| p.name.clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extensions_name_their_formats_in_any_case() {
        assert_eq!(
            Format::from_extension(Path::new("a/trips.GeoJSON")),
            Some(Format::GeoJson)
        );
        assert_eq!(
            Format::from_extension(Path::new("trips.kml")),
            Some(Format::Kml)
        );
        assert_eq!(Format::from_extension(Path::new("trips.kmz")), None);
        assert_eq!(Format::from_extension(Path::new("trips")), None);
        for f in Format::ALL {
            assert_eq!(
                Format::from_extension(Path::new(&format!("x.{}", f.extension()))),
                Some(f)
            );
        }
    }

    #[test]
    fn content_wins_over_the_extension() {
        let p = Path::new("trips.json");
        assert_eq!(
            detect(p, r#"{"type": "FeatureCollection", "features": []}"#),
            Some(Format::GeoJson)
        );
        assert_eq!(
            detect(p, "\u{feff}{\"format\": \"travelmap/1\"}"),
            Some(Format::Json)
        );
        assert_eq!(
            detect(Path::new("x.txt"), "<?xml version=\"1.0\"?><kml/>"),
            Some(Format::Kml)
        );
        assert_eq!(
            detect(Path::new("x.txt"), "kind,id,lat,lon\nmeeting,m1,1,2\n"),
            Some(Format::Csv)
        );
        assert_eq!(
            detect(Path::new("x.txt"), "BEGIN:VCALENDAR\r\n"),
            Some(Format::Ics)
        );
        assert_eq!(detect(Path::new("x.txt"), "hello"), None);
        assert_eq!(detect(Path::new("x.csv"), "hello"), Some(Format::Csv));
    }

    #[test]
    fn a_title_that_mentions_a_feature_collection_is_not_geojson() {
        let text = r#"{"format": "travelmap/1", "title": "FeatureCollection", "places": []}"#;
        assert_eq!(detect(Path::new("t.json"), text), Some(Format::Json));
    }

    #[test]
    fn positions_are_one_based_and_count_characters() {
        let text = "ab\nçd\nef";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 3), (2, 1));
        assert_eq!(line_col(text, 5), (2, 2), "ç is one column");
        assert_eq!(line_col(text, 4), (2, 1), "inside ç: its start");
        assert_eq!(line_col(text, 100), (3, 3));
    }

    #[test]
    fn only_times_with_an_offset_are_zone_free() {
        assert!(has_offset("2025-04-11T17:30Z"));
        assert!(has_offset("~2025-04-11T17:30+03:00"));
        assert!(has_offset("2025-02-10T17:40-05:00"));
        assert!(!has_offset("2025-04-11T17:30"));
        assert!(!has_offset("2025-04-11"));
        assert!(!has_offset("2025-04-11 morning"));
    }

    #[test]
    fn durations_read_back_their_text_and_minutes() {
        let text = duration_text("about 3.5 hours", 210);
        assert_eq!(text, "about 3.5 hours (210 min)");
        assert_eq!(
            parse_duration(&text),
            Some(("about 3.5 hours".to_owned(), 210))
        );
        assert_eq!(parse_duration("three hours"), None);
        assert_eq!(parse_duration("three hours (x min)"), None);
    }

    #[test]
    fn every_format_can_be_imported_and_an_empty_calendar_is_an_empty_dataset() {
        assert!(Format::ALL.into_iter().all(Format::can_import));
        let (d, problems) =
            import_str("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "c.ics", Format::Ics).unwrap();
        assert_eq!(problems, []);
        assert!(d.stays.is_empty() && d.legs.is_empty());
    }
}
