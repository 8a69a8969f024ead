//! Stays: a person at a place from a start to an end.
//!
//! Most records people keep of travels are not flights but stays: "Gromyko, Geneva, 11 May – 20 June
//! 1959". A stay is known to the day or better, and its place is often free text that was geocoded
//! offline. So a stay keeps where its place came from ([`Geocode`]): the text as written, the gazetteer
//! match and how sure that match is. A stay whose text named no place ("at sea") or could not be matched
//! is kept unplaced (`place: None`) with the reason, never dropped and never guessed.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{PersonIdx, PlaceIdx, SourceIdx, When};

/// How a stay's place was found.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum GeocodeStatus {
    /// The file gave the place (coordinates, or a place record): nothing was geocoded.
    #[default]
    Given,
    /// The text is a gazetteer name (ignoring case and accents).
    Exact,
    /// The text is an alternate, former or other-language name ("Peking", "Leningrad").
    Alternate,
    /// The text matched only loosely ("Bagram Air Base" → Bagram): check it.
    Fuzzy,
    /// Only a country was known: placed at its capital.
    Country,
    /// Several far-apart places fit and nothing decided: placed provisionally at the best, flagged.
    Ambiguous,
    /// No place: not a place name ("aboard USS Missouri"), or not in the gazetteer.
    Unresolved,
}

impl GeocodeStatus {
    /// Every status, in order of confidence.
    pub const ALL: [Self; 7] = [
        Self::Given,
        Self::Exact,
        Self::Alternate,
        Self::Fuzzy,
        Self::Country,
        Self::Ambiguous,
        Self::Unresolved,
    ];

    /// The word used in files and on screen.
    pub fn label(self) -> &'static str {
        match self {
            Self::Given => "given",
            Self::Exact => "exact",
            Self::Alternate => "alternate",
            Self::Fuzzy => "fuzzy",
            Self::Country => "country",
            Self::Ambiguous => "ambiguous",
            Self::Unresolved => "unresolved",
        }
    }

    /// Whether a person should look at it: ambiguous and unresolved places are listed for review.
    pub fn needs_review(self) -> bool {
        matches!(self, Self::Ambiguous | Self::Unresolved)
    }
}

/// A place the gazetteer offered, kept with an ambiguous stay so that the user can pick it later.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Candidate {
    pub geonames_id: u32,
    pub name: String,
    pub country: String,
    /// Degrees north.
    pub lat: f64,
    /// Degrees east.
    pub lon: f64,
    /// IANA zone.
    pub tz: String,
}

/// Where a stay's place came from: the text, and what the offline gazetteer made of it. The same in
/// the file and in memory.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Geocode {
    /// The place exactly as written in the file.
    pub place_text: String,
    /// The country column, when the file had one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country_text: Option<String>,
    pub status: GeocodeStatus,
    /// The gazetteer entry used, when one was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub geonames_id: Option<u32>,
    /// The gazetteer's name and country for it, "Beijing, China".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub matched: Option<String>,
    /// For an ambiguous text: the places that fit, best first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub candidates: Vec<Candidate>,
    /// The other places of a list ("Paris and Versailles": "Versailles"), kept as written.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub others: Vec<String>,
    /// Why the place is flagged or missing, in words ("not a place: at sea").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// A person at a place for a while.
#[derive(Clone, Debug, PartialEq)]
pub struct Stay {
    pub id: String,
    pub person: PersonIdx,
    /// `None` when the place is not known (see [`Stay::geocode`]).
    pub place: Option<PlaceIdx>,
    /// The first day (or instant).
    pub start: When,
    /// The last day (or instant); the same day as `start` for a one-day stay.
    pub end: When,
    /// What the person was there as ("head of delegation").
    pub role: Option<String>,
    pub remarks: Option<String>,
    pub sources: Vec<SourceIdx>,
    /// How the place was found from free text; `None` when the file named a place record.
    pub geocode: Option<Geocode>,
}

impl Stay {
    /// The UTC interval the person was there: from the earliest the start allows to the latest the end
    /// allows (a day-precision stay covers its whole local days).
    pub fn interval(&self) -> (DateTime<Utc>, DateTime<Utc>) {
        let start = self.start.start_utc;
        (start, self.end.end_utc.max(self.start.end_utc).max(start))
    }

    /// How the place was found (`Given` when the file named it).
    pub fn status(&self) -> GeocodeStatus {
        self.geocode
            .as_ref()
            .map_or(GeocodeStatus::Given, |g| g.status)
    }
}
