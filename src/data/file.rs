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

/// A string of a record being read: borrowed from the text when it has no escapes, so that parsing a
/// large file allocates only the strings the dataset keeps.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct Text<'a>(pub std::borrow::Cow<'a, str>);

impl std::ops::Deref for Text<'_> {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl<'a> From<&'a String> for Text<'a> {
    fn from(s: &'a String) -> Self {
        Self(std::borrow::Cow::Borrowed(s.as_str()))
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Text<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = Text<'de>;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a string")
            }

            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Text<'de>, E> {
                Ok(Text(std::borrow::Cow::Borrowed(v)))
            }

            fn visit_str<E>(self, v: &str) -> Result<Text<'de>, E> {
                Ok(Text(std::borrow::Cow::Owned(v.to_owned())))
            }

            fn visit_string<E>(self, v: String) -> Result<Text<'de>, E> {
                Ok(Text(std::borrow::Cow::Owned(v)))
            }
        }
        deserializer.deserialize_str(Visit)
    }
}

// The records below are the borrowing twins of `FileLeg`, `FileMeeting`, `FileNote` and `FileStay`,
// field for field (the test `the_borrowing_records_have_the_file_records_fields` in `load` checks it):
// the loader reads the big sections into them, and converts the owned records (from other importers)
// into them, so that one validation serves both.

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct DisputeIn<'a> {
    #[serde(borrow)]
    pub field: Text<'a>,
    #[serde(borrow)]
    pub claim: Text<'a>,
    #[serde(default, borrow)]
    pub sources: Vec<Text<'a>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct DurationIn<'a> {
    #[serde(borrow)]
    pub text: Text<'a>,
    pub minutes: u32,
    #[serde(default, borrow)]
    pub sources: Vec<Text<'a>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct LegIn<'a> {
    #[serde(borrow)]
    pub id: Text<'a>,
    #[serde(borrow)]
    pub travellers: Vec<Text<'a>>,
    #[serde(borrow)]
    pub from: Text<'a>,
    #[serde(borrow)]
    pub to: Text<'a>,
    #[serde(default, borrow)]
    pub departure: Option<Text<'a>>,
    #[serde(default, borrow)]
    pub arrival: Option<Text<'a>>,
    #[serde(default)]
    pub certainty: super::Certainty,
    #[serde(default, borrow)]
    pub sources: Vec<Text<'a>>,
    #[serde(default, borrow)]
    pub disputes: Vec<DisputeIn<'a>>,
    #[serde(default, borrow)]
    pub note: Option<Text<'a>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct MeetingIn<'a> {
    #[serde(borrow)]
    pub id: Text<'a>,
    #[serde(borrow)]
    pub place: Text<'a>,
    #[serde(default, borrow)]
    pub venue: Option<Text<'a>>,
    #[serde(borrow)]
    pub start: Text<'a>,
    #[serde(default, borrow)]
    pub end: Option<Text<'a>>,
    #[serde(default, borrow)]
    pub duration: Vec<DurationIn<'a>>,
    #[serde(default, borrow)]
    pub participants: Vec<Text<'a>>,
    #[serde(default, borrow)]
    pub topic: Text<'a>,
    #[serde(default)]
    pub certainty: super::Certainty,
    #[serde(default, borrow)]
    pub sources: Vec<Text<'a>>,
    #[serde(default, borrow)]
    pub disputes: Vec<DisputeIn<'a>>,
    #[serde(default, borrow)]
    pub note: Option<Text<'a>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct NoteIn<'a> {
    #[serde(borrow)]
    pub id: Text<'a>,
    #[serde(borrow)]
    pub when: Text<'a>,
    #[serde(borrow)]
    pub tz: Text<'a>,
    #[serde(borrow)]
    pub text: Text<'a>,
    #[serde(default, borrow)]
    pub people: Vec<Text<'a>>,
    #[serde(default)]
    pub certainty: super::Certainty,
    #[serde(default, borrow)]
    pub sources: Vec<Text<'a>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct StayIn<'a> {
    #[serde(borrow)]
    pub id: Text<'a>,
    #[serde(borrow)]
    pub person: Text<'a>,
    #[serde(default, borrow)]
    pub place: Option<Text<'a>>,
    #[serde(borrow)]
    pub start: Text<'a>,
    #[serde(default, borrow)]
    pub end: Option<Text<'a>>,
    #[serde(default, borrow)]
    pub role: Option<Text<'a>>,
    #[serde(default, borrow)]
    pub remarks: Option<Text<'a>>,
    #[serde(default, borrow)]
    pub sources: Vec<Text<'a>>,
    #[serde(default)]
    pub geocode: Option<super::Geocode>,
}

fn texts(v: &[String]) -> Vec<Text<'_>> {
    v.iter().map(Text::from).collect()
}

impl<'a> From<&'a FileDispute> for DisputeIn<'a> {
    fn from(d: &'a FileDispute) -> Self {
        Self {
            field: (&d.field).into(),
            claim: (&d.claim).into(),
            sources: texts(&d.sources),
        }
    }
}

impl<'a> From<&'a FileLeg> for LegIn<'a> {
    fn from(l: &'a FileLeg) -> Self {
        Self {
            id: (&l.id).into(),
            travellers: texts(&l.travellers),
            from: (&l.from).into(),
            to: (&l.to).into(),
            departure: l.departure.as_ref().map(Text::from),
            arrival: l.arrival.as_ref().map(Text::from),
            certainty: l.certainty,
            sources: texts(&l.sources),
            disputes: l.disputes.iter().map(DisputeIn::from).collect(),
            note: l.note.as_ref().map(Text::from),
        }
    }
}

impl<'a> From<&'a FileMeeting> for MeetingIn<'a> {
    fn from(m: &'a FileMeeting) -> Self {
        Self {
            id: (&m.id).into(),
            place: (&m.place).into(),
            venue: m.venue.as_ref().map(Text::from),
            start: (&m.start).into(),
            end: m.end.as_ref().map(Text::from),
            duration: m
                .duration
                .iter()
                .map(|d| DurationIn {
                    text: (&d.text).into(),
                    minutes: d.minutes,
                    sources: texts(&d.sources),
                })
                .collect(),
            participants: texts(&m.participants),
            topic: (&m.topic).into(),
            certainty: m.certainty,
            sources: texts(&m.sources),
            disputes: m.disputes.iter().map(DisputeIn::from).collect(),
            note: m.note.as_ref().map(Text::from),
        }
    }
}

impl<'a> From<&'a FileNote> for NoteIn<'a> {
    fn from(n: &'a FileNote) -> Self {
        Self {
            id: (&n.id).into(),
            when: (&n.when).into(),
            tz: (&n.tz).into(),
            text: (&n.text).into(),
            people: texts(&n.people),
            certainty: n.certainty,
            sources: texts(&n.sources),
        }
    }
}

impl<'a> From<&'a FileStay> for StayIn<'a> {
    fn from(s: &'a FileStay) -> Self {
        Self {
            id: (&s.id).into(),
            person: (&s.person).into(),
            place: s.place.as_ref().map(Text::from),
            start: (&s.start).into(),
            end: s.end.as_ref().map(Text::from),
            role: s.role.as_ref().map(Text::from),
            remarks: s.remarks.as_ref().map(Text::from),
            sources: texts(&s.sources),
            geocode: s.geocode.clone(),
        }
    }
}
