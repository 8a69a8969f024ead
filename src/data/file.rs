//! The native file format, as serde reads and writes it: records refer to each other by id and times are
//! strings (see [`super::When`]). Nothing here is trusted; [`super::load`] validates it into a
//! [`super::Dataset`]. Unknown fields are errors, so a typo is never silently ignored.

use serde::{Deserialize, Serialize};

/// The whole file.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileDataset {
    /// Format marker, "travelmap/1".
    #[serde(default = "format_marker")]
    pub format: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub places: Vec<FilePlace>,
    #[serde(default)]
    pub people: Vec<FilePerson>,
    #[serde(default)]
    pub sources: Vec<FileSource>,
    #[serde(default)]
    pub legs: Vec<FileLeg>,
    #[serde(default)]
    pub meetings: Vec<FileMeeting>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<FileNote>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub stays: Vec<FileStay>,
}

/// The format marker this version writes.
pub fn format_marker() -> String {
    "travelmap/1".to_owned()
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FilePlace {
    pub id: String,
    pub name: String,
    /// Defaults to the name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    #[serde(default)]
    pub country: String,
    /// Degrees north, −90..=90.
    pub lat: f64,
    /// Degrees east, −180..=180.
    pub lon: f64,
    /// IANA zone name, e.g. "Europe/Moscow".
    pub tz: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accuracy: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FilePerson {
    pub id: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileSource {
    pub id: String,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileDispute {
    pub field: String,
    pub claim: String,
    #[serde(default)]
    pub sources: Vec<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileDuration {
    /// As reported: "over five hours".
    pub text: String,
    /// The figure the timeline uses, in minutes.
    pub minutes: u32,
    #[serde(default)]
    pub sources: Vec<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileLeg {
    pub id: String,
    pub travellers: Vec<String>,
    pub from: String,
    pub to: String,
    /// In `from`'s zone; null when not reported.
    #[serde(default)]
    pub departure: Option<String>,
    /// In `to`'s zone; null when not reported.
    #[serde(default)]
    pub arrival: Option<String>,
    #[serde(default)]
    pub certainty: super::Certainty,
    #[serde(default)]
    pub sources: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub disputes: Vec<FileDispute>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileMeeting {
    pub id: String,
    pub place: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub venue: Option<String>,
    /// In the place's zone.
    pub start: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub duration: Vec<FileDuration>,
    #[serde(default)]
    pub participants: Vec<String>,
    #[serde(default)]
    pub topic: String,
    #[serde(default)]
    pub certainty: super::Certainty,
    #[serde(default)]
    pub sources: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub disputes: Vec<FileDispute>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileNote {
    pub id: String,
    pub when: String,
    /// IANA zone `when` is read in.
    pub tz: String,
    pub text: String,
    #[serde(default)]
    pub people: Vec<String>,
    #[serde(default)]
    pub certainty: super::Certainty,
    #[serde(default)]
    pub sources: Vec<String>,
}

/// A person at a place for a while. `place` is a place id, or null when the place is not known (then
/// `geocode` says why); times are read in the place's zone (UTC when unplaced). A stay with no `end` is
/// one day (or one instant) long.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileStay {
    pub id: String,
    pub person: String,
    #[serde(default)]
    pub place: Option<String>,
    pub start: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remarks: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
    /// Where the place came from when it was free text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub geocode: Option<super::Geocode>,
}
