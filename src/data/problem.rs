//! What is wrong with a record, in one structured form for every format and every way in.
//!
//! A [`Problem`] says which record (its [`RecordRef`]: kind and index in the validated lists, when the
//! validator found it), which field, what kind of problem ([`ProblemKind`]), a message for people, and
//! where in the file. Code decides by the kind and the reference, never by reading the message back.
//! Most problems are errors: the record is left out. Geocoding problems are warnings: the record is kept
//! and flagged, and `check` still passes.

use super::GeocodeStatus;

/// The kinds of record a dataset holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RecordKind {
    Place,
    Person,
    Source,
    Leg,
    Meeting,
    Note,
    Stay,
}

impl RecordKind {
    /// Every kind, in the order a file lists them.
    pub const ALL: [Self; 7] = [
        Self::Place,
        Self::Person,
        Self::Source,
        Self::Leg,
        Self::Meeting,
        Self::Note,
        Self::Stay,
    ];

    /// The list's name in the native file ("places").
    pub fn section(self) -> &'static str {
        match self {
            Self::Place => "places",
            Self::Person => "people",
            Self::Source => "sources",
            Self::Leg => "legs",
            Self::Meeting => "meetings",
            Self::Note => "notes",
            Self::Stay => "stays",
        }
    }

    /// The kind whose native list is called `section`.
    pub fn of_section(section: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.section() == section)
    }

    /// One record of this kind, in words ("place").
    pub fn noun(self) -> &'static str {
        match self {
            Self::Place => "place",
            Self::Person => "person",
            Self::Source => "source",
            Self::Leg => "leg",
            Self::Meeting => "meeting",
            Self::Note => "note",
            Self::Stay => "stay",
        }
    }
}

/// A record of the file being validated: its kind and its index in that kind's list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct RecordRef {
    pub kind: RecordKind,
    pub index: usize,
}

/// What is wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProblemKind {
    /// The file says it is another format or version.
    UnsupportedFormat,
    /// The id is blank.
    EmptyId,
    /// Another record of the kind has the id.
    DuplicateId,
    /// A required value is blank or missing.
    Missing,
    /// A number outside its range (a latitude of 91).
    OutOfRange,
    /// Not an IANA time zone.
    UnknownTimeZone,
    /// The record names a record of this kind that does not exist (or was itself rejected); the id.
    UnknownReference(RecordKind, String),
    /// Not a time or date this format accepts.
    BadTime,
    /// An end before its start, an arrival before its departure.
    OutOfOrder,
    /// Any other value the format cannot read (a certainty word, a number, a cell in a column the row
    /// does not use).
    BadValue,
    /// A free-text place that did not geocode cleanly: the stay is kept, flagged with this status.
    Geocode(GeocodeStatus),
    /// A value that could not be used was left out and the record kept without it (an end date before
    /// the start: the stay is one day).
    Ignored,
}

/// Whether the record was left out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    /// The record was kept, flagged.
    Warning,
    /// The record was left out.
    Error,
}

impl ProblemKind {
    pub fn severity(&self) -> Severity {
        match self {
            Self::Geocode(_) | Self::Ignored => Severity::Warning,
            _ => Severity::Error,
        }
    }
}

/// One bad record: which, which field, what is wrong, and where in the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// How the user finds the record, in the format's own terms: `legs[3] "witkoff-0411"`, `row 7`.
    pub record: String,
    /// The record in the validated lists, when the validator found the problem.
    pub target: Option<RecordRef>,
    pub field: String,
    pub kind: ProblemKind,
    pub message: String,
    /// 1-based line and column of the field (or the record) in the text, when found.
    pub line: Option<usize>,
    pub column: Option<usize>,
}

impl Problem {
    /// Whether the record was kept, flagged (see [`Severity`]).
    pub fn is_warning(&self) -> bool {
        self.kind.severity() == Severity::Warning
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let (Some(line), Some(column)) = (self.line, self.column) {
            write!(f, "line {line}, column {column}: ")?;
        }
        write!(
            f,
            "{}, field `{}`: {}",
            self.record, self.field, self.message
        )
    }
}

/// Splits problems into errors (records left out) and warnings (records kept, flagged).
pub fn split_warnings(problems: Vec<Problem>) -> (Vec<Problem>, Vec<Problem>) {
    problems.into_iter().partition(|p| !p.is_warning())
}
