//! Reading a native file on every core, without holding its text.
//!
//! The big sections (legs, meetings, notes, stays) are arrays of records. A small scanner follows the
//! file's strings, escapes and brackets just far enough to find where each record ends, and cuts the
//! records into batches of a few megabytes as the file is read. Each batch is parsed and checked on the
//! thread pool, in chunks, while the next one is read and scanned; the results are then admitted in
//! file order by the one [`Validator`], which alone decides about duplicate ids. Checking a record reads
//! only the places, people and sources, which are read before the big sections. So the dataset and the
//! problems are exactly those of the sequential reader, and the text is dropped batch by batch.
//!
//! The key decision: this reader never reports a syntax error. Anything it does not expect (a syntax or
//! type error, an unknown or repeated key, keys in an unusual order, a record that is not an object,
//! text that is not UTF-8) makes it give up with `None`, and the caller reads the file again with the
//! sequential reader, whose messages and positions are serde's own over the whole text. Valid files,
//! the ones that matter for speed, never take that path.

use std::io::Read;
use std::sync::atomic::{AtomicU64, Ordering};

use rayon::prelude::*;
use serde::Deserialize;

use std::collections::hash_map::RandomState;
use std::hash::BuildHasher as _;

use super::{
    Big, Checked, FIELDS, LegIn, MeetingIn, NoteIn, Refs, STREAMED_FILE_SIZE_LIMIT_BYTES, StayIn,
    Text, Validator, check_leg, check_meeting, check_note, check_stay,
};
use crate::data::rules::Broken;
use crate::data::{Dataset, FilePerson, FilePlace, FileSource, Leg, Meeting, Note, Problem, Stay};

/// How much is read from the file at a time.
const BLOCK: usize = 4 << 20;
/// A batch of records is cut once it holds this many bytes: big enough to keep both cores busy, small
/// enough that the text held at once stays small.
const BATCH: usize = 8 << 20;
/// Records are parsed on the pool in chunks of about this many bytes.
const CHUNK: usize = 128 << 10;

/// Why the fast reader stopped: the file needs the sequential reader, which decides (and reports any
/// error, a failed read too).
pub(super) enum Stop {
    Sequential,
}

impl From<std::io::Error> for Stop {
    fn from(_: std::io::Error) -> Self {
        Self::Sequential
    }
}

type Step<T> = Result<T, Stop>;

/// What may come before the opening brace.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Start {
    /// A text handed over in memory: only whitespace.
    Text,
    /// A file: a byte order mark, and the `"travelmap/1"` marker within 4 KB of the brace, as
    /// `formats::detect` wants to call the file native.
    File,
}

/// Reads a native file from `src`, storing the bytes read so far in `read_bytes`. The problems have no
/// line and column yet (see `locate`).
#[cfg(test)]
fn read(
    src: impl Read + Send,
    start: Start,
    read_bytes: &AtomicU64,
) -> Step<(Dataset, Vec<Problem>)> {
    read_in(src, start, read_bytes, (BATCH, CHUNK))
}

/// [`read`] of a source of `size` bytes: the big lists are reserved at once from the size of the first
/// records, instead of doubling (and copying) as they grow.
pub(super) fn read_sized(
    src: impl Read + Send,
    start: Start,
    read_bytes: &AtomicU64,
    size: u64,
) -> Step<(Dataset, Vec<Problem>)> {
    read_in_sized(src, start, read_bytes, (BATCH, CHUNK), size)
}

/// [`read`] with batches and chunks of the given sizes in bytes.
#[cfg(test)]
fn read_in(
    src: impl Read + Send,
    start: Start,
    read_bytes: &AtomicU64,
    sizes: (usize, usize),
) -> Step<(Dataset, Vec<Problem>)> {
    read_in_sized(src, start, read_bytes, sizes, 0)
}

fn read_in_sized(
    src: impl Read + Send,
    start: Start,
    read_bytes: &AtomicU64,
    sizes: (usize, usize),
    size: u64,
) -> Step<(Dataset, Vec<Problem>)> {
    let mut input = Input {
        src,
        sizes,
        size,
        buf: Vec::with_capacity(BLOCK),
        pos: 0,
        eof: false,
        total: 0,
        read_bytes,
    };
    input.start(start)?;
    let mut v = Validator::default();
    let mut seen = [false; FIELDS.len()];
    let known = |seen: &[bool; 9], fields: &[&str]| {
        fields
            .iter()
            .all(|f| FIELDS.iter().position(|g| g == f).is_some_and(|i| seen[i]))
    };
    let mut first = true;
    loop {
        let Some(b) = input.next_token()? else {
            return Err(Stop::Sequential);
        };
        match b {
            b'}' if first => break,
            b'"' => {}
            _ => return Err(Stop::Sequential),
        }
        let key = input.key()?;
        let Some(field) = FIELDS.iter().position(|f| *f == key) else {
            return Err(Stop::Sequential);
        };
        if std::mem::replace(&mut seen[field], true) {
            return Err(Stop::Sequential);
        }
        if input.next_token()? != Some(b':') {
            return Err(Stop::Sequential);
        }
        input.pos += 1;
        let tables = ["places", "people", "sources"];
        match FIELDS[field] {
            "format" => {
                let format: String = input.small_value()?;
                v.format(&format);
            }
            "title" => v.out.title = input.small_value()?,
            "places" => {
                let places: Vec<FilePlace> = input.small_value()?;
                for (i, p) in places.iter().enumerate() {
                    v.place(i, p);
                }
            }
            "people" => {
                let people: Vec<FilePerson> = input.small_value()?;
                for (i, p) in people.into_iter().enumerate() {
                    v.person(i, p);
                }
            }
            "sources" => {
                let sources: Vec<FileSource> = input.small_value()?;
                for (i, s) in sources.into_iter().enumerate() {
                    v.source(i, s);
                }
            }
            "legs" if known(&seen, &tables) => {
                section::<Legs>(&mut input, &mut v)?;
            }
            "meetings" if known(&seen, &tables) => {
                section::<Meetings>(&mut input, &mut v)?;
            }
            "notes" if known(&seen, &["people", "sources"]) => {
                section::<Notes>(&mut input, &mut v)?;
            }
            "stays" if known(&seen, &tables) => {
                section::<Stays>(&mut input, &mut v)?;
            }
            // A big section before the tables it refers to: the sequential reader keeps it for later.
            _ => return Err(Stop::Sequential),
        }
        first = false;
        match input.next_token()? {
            Some(b',') => input.pos += 1,
            Some(b'}') => break,
            _ => return Err(Stop::Sequential),
        }
    }
    input.pos += 1;
    // Only whitespace may follow.
    if input.next_token()?.is_some() {
        return Err(Stop::Sequential);
    }
    if !seen[0] {
        v.format("travelmap/1");
    }
    v.out.legs.shrink_to_fit();
    v.out.meetings.shrink_to_fit();
    v.out.notes.shrink_to_fit();
    v.out.stays.shrink_to_fit();
    Ok(v.finish())
}

/// The file's bytes not yet taken, and where the reader is in them.
struct Input<'p, R> {
    src: R,
    /// How many bytes make a batch, and a chunk of it.
    sizes: (usize, usize),
    /// The source's size in bytes, when known (0 otherwise).
    size: u64,
    buf: Vec<u8>,
    pos: usize,
    eof: bool,
    total: u64,
    read_bytes: &'p AtomicU64,
}

impl<R: Read> Input<'_, R> {
    /// Reads another block; `false` at the end of the file. A file that grows past the limit while it
    /// is read is left to the sequential reader, which refuses it.
    fn fill(&mut self) -> Step<bool> {
        if self.eof {
            return Ok(false);
        }
        let n = (&mut self.src)
            .take(BLOCK as u64)
            .read_to_end(&mut self.buf)?;
        self.total += n as u64;
        self.read_bytes.store(self.total, Ordering::Relaxed);
        if self.total > STREAMED_FILE_SIZE_LIMIT_BYTES {
            return Err(Stop::Sequential);
        }
        self.eof = n == 0;
        Ok(n > 0)
    }

    /// Skips what may come before the opening brace (see [`Start`]), and the brace.
    fn start(&mut self, start: Start) -> Step<()> {
        self.fill()?;
        if start == Start::File && self.buf.starts_with(b"\xEF\xBB\xBF") {
            self.pos = 3;
        }
        if self.next_token()? != Some(b'{') {
            return Err(Stop::Sequential);
        }
        if start == Start::File {
            let head = &self.buf[self.pos..self.buf.len().min(self.pos + super::HEAD_BYTES)];
            let marker = b"\"travelmap/1\"";
            if !head.windows(marker.len()).any(|w| w == marker) {
                return Err(Stop::Sequential);
            }
        }
        self.pos += 1;
        Ok(())
    }

    /// The next byte that is not JSON whitespace, without taking it; `None` at the end of the file.
    fn next_token(&mut self) -> Step<Option<u8>> {
        loop {
            while let Some(&b) = self.buf.get(self.pos) {
                if !matches!(b, b' ' | b'\n' | b'\r' | b'\t') {
                    return Ok(Some(b));
                }
                self.pos += 1;
            }
            if !self.fill()? {
                return Ok(None);
            }
        }
    }

    /// Makes sure the value starting at `pos` is whole in the buffer; returns where it ends.
    fn whole_value(&mut self) -> Step<usize> {
        loop {
            if let Some(end) = value_end(&self.buf, self.pos) {
                return Ok(end);
            }
            if !self.fill()? {
                return Err(Stop::Sequential);
            }
        }
    }

    /// A top-level key (the opening quote at `pos`); keys with escapes are left to serde.
    fn key(&mut self) -> Step<String> {
        let end = self.whole_value()?;
        let raw = &self.buf[self.pos + 1..end - 1];
        if raw.contains(&b'\\') {
            return Err(Stop::Sequential);
        }
        let key = std::str::from_utf8(raw).map_err(|_| Stop::Sequential)?;
        let key = key.to_owned();
        self.pos = end;
        Ok(key)
    }

    /// A value of the small sections (format, title, places, people, sources), parsed whole.
    fn small_value<T: for<'de> Deserialize<'de>>(&mut self) -> Step<T> {
        if self.next_token()?.is_none() {
            return Err(Stop::Sequential);
        }
        let end = self.whole_value()?;
        let text = std::str::from_utf8(&self.buf[self.pos..end]).map_err(|_| Stop::Sequential)?;
        let value = serde_json::from_str(text).map_err(|_| Stop::Sequential)?;
        self.pos = end;
        Ok(value)
    }

    /// Takes the bytes before `end` out of the buffer as a batch of records.
    fn cut(
        &mut self,
        from: usize,
        end: usize,
        records: Vec<(usize, usize)>,
        first: usize,
    ) -> Batch {
        let rest = self.buf.split_off(end);
        let bytes = std::mem::replace(&mut self.buf, rest);
        self.buf.reserve(BLOCK);
        self.pos -= end;
        debug_assert!(records.first().is_none_or(|r: &(usize, usize)| r.0 >= from));
        Batch {
            bytes,
            records,
            first,
        }
    }

    /// Scans records of a big section until a batch is full or the array ends. `next` is the index of
    /// the next record in the section; `at_start` whether no record has been read yet.
    fn batch(&mut self, next: usize, at_start: bool) -> Step<(Batch, bool)> {
        let from = self.pos;
        let mut records = Vec::new();
        let mut first_record = at_start;
        loop {
            // `pos` is at a record, or at the end of the array when there is none yet.
            match self.next_token()? {
                Some(b']') if first_record && records.is_empty() => {
                    let start = self.pos;
                    self.pos += 1;
                    return Ok((self.cut(start, start, records, next), true));
                }
                Some(b'{') => {}
                _ => return Err(Stop::Sequential),
            }
            first_record = false;
            let end = self.whole_value()?;
            records.push((self.pos, end));
            self.pos = end;
            let done = match self.next_token()? {
                Some(b',') => false,
                Some(b']') => true,
                _ => return Err(Stop::Sequential),
            };
            let record_end = self.pos;
            self.pos += 1;
            let start = records.first().map_or(from, |r| r.0);
            if done || record_end - start >= self.sizes.0 {
                let batch = self.cut(start, record_end, records, next);
                // The comma or bracket after the last record is consumed.
                return Ok((batch, done));
            }
        }
    }
}

/// Some records of a big section: their text, where each one is in it, and the index of the first.
struct Batch {
    bytes: Vec<u8>,
    records: Vec<(usize, usize)>,
    first: usize,
}

/// What checking one record gave, before its id is compared with the earlier ones.
enum Entry<T> {
    Kept(T),
    Bad { id: String, broken: Broken },
}

/// The checked records of one batch, with the hash of each id.
type Checks<T> = Vec<(u64, Entry<T>)>;

/// A big section: the record type the file has and the one the dataset keeps.
trait Section {
    type In<'a>: Deserialize<'a>;
    type Out: Big + Send;
    fn id<'a>(raw: &Self::In<'a>) -> Text<'a>;
    fn check(refs: &Refs, raw: Self::In<'_>) -> Checked<Self::Out>;
}

struct Legs;
struct Meetings;
struct Notes;
struct Stays;

impl Section for Legs {
    type In<'a> = LegIn<'a>;
    type Out = Leg;
    fn id<'a>(raw: &Self::In<'a>) -> Text<'a> {
        raw.id.clone()
    }
    fn check(refs: &Refs, raw: LegIn<'_>) -> Checked<Leg> {
        check_leg(refs, raw)
    }
}

impl Section for Meetings {
    type In<'a> = MeetingIn<'a>;
    type Out = Meeting;
    fn id<'a>(raw: &Self::In<'a>) -> Text<'a> {
        raw.id.clone()
    }
    fn check(refs: &Refs, raw: MeetingIn<'_>) -> Checked<Meeting> {
        check_meeting(refs, raw)
    }
}

impl Section for Notes {
    type In<'a> = NoteIn<'a>;
    type Out = Note;
    fn id<'a>(raw: &Self::In<'a>) -> Text<'a> {
        raw.id.clone()
    }
    fn check(refs: &Refs, raw: NoteIn<'_>) -> Checked<Note> {
        check_note(refs, raw)
    }
}

impl Section for Stays {
    type In<'a> = StayIn<'a>;
    type Out = Stay;
    fn id<'a>(raw: &Self::In<'a>) -> Text<'a> {
        raw.id.clone()
    }
    fn check(refs: &Refs, raw: StayIn<'_>) -> Checked<Stay> {
        check_stay(refs, raw)
    }
}

/// Parses and checks a batch on the pool; `None` when a record is not what the file format says (the
/// sequential reader then tells what is wrong).
fn check_batch<S: Section>(
    batch: &Batch,
    refs: &Refs,
    hasher: &RandomState,
    chunk: usize,
) -> Option<Checks<S::Out>> {
    // Chunks of about CHUNK bytes, each a run of whole records.
    let mut chunks = Vec::new();
    let mut start = 0;
    for (i, r) in batch.records.iter().enumerate() {
        let chunk_start = batch.records[start].0;
        if r.1 - chunk_start >= chunk || i + 1 == batch.records.len() {
            chunks.push(&batch.records[start..=i]);
            start = i + 1;
        }
    }
    let parts: Option<Vec<Checks<S::Out>>> = chunks
        .par_iter()
        .map(|records| {
            records
                .iter()
                .map(|&(a, b)| {
                    let text = std::str::from_utf8(&batch.bytes[a..b]).ok()?;
                    let raw: S::In<'_> = serde_json::from_str(text).ok()?;
                    let id = S::id(&raw);
                    let hash = hasher.hash_one(&*id);
                    let entry = match S::check(refs, raw) {
                        Ok(r) => Entry::Kept(r),
                        Err(broken) => Entry::Bad {
                            id: id.0.into_owned(),
                            broken,
                        },
                    };
                    Some((hash, entry))
                })
                .collect()
        })
        .collect();
    Some(parts?.into_iter().flatten().collect())
}

/// Reads one big section (`pos` just after its key's colon), checking batches on the pool while the
/// next is scanned, and admits the records in order.
fn section<S: Section>(input: &mut Input<'_, impl Read + Send>, v: &mut Validator) -> Step<()> {
    if input.next_token()? != Some(b'[') {
        return Err(Stop::Sequential);
    }
    input.pos += 1;
    let hasher = S::Out::parts(v).1.hasher.clone();
    let chunk = input.sizes.1;
    let (mut pending, mut done) = input.batch(0, true)?;
    if let (Some(first), Some(last)) = (pending.records.first(), pending.records.last()) {
        // As many records again as the rest of the file has room for, at the first ones' size.
        let per_record = ((last.1 - first.0) / pending.records.len()).max(1) as u64;
        let offset = input.total - (input.buf.len() + pending.bytes.len()) as u64 + first.0 as u64;
        let expected = input.size.saturating_sub(offset) / per_record;
        let (list, seen, _) = S::Out::parts(v);
        let more = usize::try_from(expected).unwrap_or(0).min(1 << 26);
        list.reserve(more);
        seen.accepted.reserve(more);
    }
    let mut next = pending.records.len();
    loop {
        let refs = &v.refs;
        let (checked, scanned) = if done {
            (check_batch::<S>(&pending, refs, &hasher, chunk), None)
        } else {
            let (checked, scanned) = rayon::join(
                || check_batch::<S>(&pending, refs, &hasher, chunk),
                || input.batch(next, false),
            );
            (checked, Some(scanned?))
        };
        let checked = checked.ok_or(Stop::Sequential)?;
        for (k, (hash, entry)) in checked.into_iter().enumerate() {
            let i = pending.first + k;
            match entry {
                Entry::Kept(r) => {
                    if let Some(h) = v.fresh::<S::Out>(i, r.id(), Some(hash)) {
                        v.keep(i, h, Ok(r), "");
                    }
                }
                Entry::Bad { id, broken } => {
                    if let Some(h) = v.fresh::<S::Out>(i, &id, Some(hash)) {
                        v.keep::<S::Out>(i, h, Err(broken), &id);
                    }
                }
            }
        }
        match scanned {
            Some((batch, last)) => {
                next += batch.records.len();
                pending = batch;
                done = last;
            }
            None => return Ok(()),
        }
    }
}

/// Where the JSON value starting at `b[start]` ends (one past its last byte), or `None` when `b` ends
/// first. Only strings (with their escapes) and brackets are followed; whether the value is valid JSON
/// is for serde to say.
fn value_end(b: &[u8], start: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut i = start;
    while let Some(&c) = b.get(i) {
        match c {
            b'"' => {
                i = string_end(b, i)?;
                if depth == 0 {
                    return Some(i);
                }
                continue;
            }
            b'{' | b'[' => depth += 1,
            b'}' | b']' => {
                if depth <= 1 {
                    return Some(if depth == 0 { i } else { i + 1 });
                }
                depth -= 1;
            }
            b',' | b' ' | b'\n' | b'\r' | b'\t' | b':' if depth == 0 => return Some(i),
            _ => {}
        }
        i += 1;
    }
    None
}

/// One past the closing quote of the string whose opening quote is at `b[start]`; `None` when `b` ends
/// first.
fn string_end(b: &[u8], start: usize) -> Option<usize> {
    let mut i = start + 1;
    loop {
        match b.get(i)? {
            b'"' => return Some(i + 1),
            b'\\' => i += 2,
            _ => i += 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every file the fast reader takes, read in batches and chunks of every size from one record up,
    /// gives what the sequential reader gives.
    #[test]
    fn any_batch_size_gives_what_the_sequential_reader_gives() {
        let full = r#"{"format": "travelmap/1", "title": "t",
  "places": [{"id": "a", "name": "A", "lat": 1, "lon": 2, "tz": "Europe/Moscow"},
             {"id": "b", "name": "B", "lat": 91, "lon": 2, "tz": "UTC"}],
  "people": [{"id": "p", "name": "P"}, {"id": "q", "name": "Q"}],
  "sources": [{"id": "s", "title": "S"}],
  "legs": [
    {"id": "l1", "travellers": ["p"], "from": "a", "to": "a", "departure": "2025-04-11T10:00"},
    {"id": "l2", "travellers": ["x"], "from": "a", "to": "a", "departure": "2025-04-11T10:00"},
    {"id": "l2", "travellers": ["p"], "from": "a", "to": "a", "arrival": "2025-04-11T10:00:00Z"},
    {"id": "", "travellers": ["p"], "from": "a", "to": "a", "arrival": "2025-04-11"}
  ],
  "meetings": [
    {"id": "m1", "place": "a", "start": "2025-04-11T17:30", "participants": ["p", "q"],
     "duration": [{"text": "an hour", "minutes": 60, "sources": ["s"]}]},
    {"id": "m2", "place": "b", "start": "2025-04-11"},
    {"id": "m\u0033", "place": "a", "start": "2025-04-12 morning", "topic": "esc\"aped \\ }]"},
    {"id": "m1", "place": "a", "start": "2025-04-11T17:30"},
    {"id": "m4", "place": "a", "start": "2025-04-11T17:30", "sources": ["t"]},
    {"id": "m5", "place": "a", "start": "2025-03-30T02:30", "end": "2025-03-29T02:30"},
    {"id": "m6", "place": "a", "start": "tomorrow"},
    {"id": "m7", "place": "a", "start": "2025-04-11T17:30", "participants": ["p", "q", "p", "q", "p", "q"]}
  ],
  "notes": [{"id": "n1", "when": "2025-04-11", "tz": "Mars/Olympus", "text": "x"},
            {"id": "n2", "when": "2025-04-11", "tz": "UTC", "text": "x", "people": ["p"]}],
  "stays": [{"id": "s1", "person": "p", "place": null, "start": "2025-04-11"},
            {"id": "s1", "person": "p", "place": "a", "start": "2025-04-11"},
            {"id": "s2", "person": "z", "place": "a", "start": "2025-04-11"}]
}"#;
        let files = [
            full.to_owned(),
            "{}".to_owned(),
            "{\"places\": [], \"people\": [], \"sources\": [], \"legs\": [], \"meetings\": [\n]}"
                .to_owned(),
        ];
        for text in &files {
            let sequential = super::super::load_sequential(text, "t.json").unwrap();
            for sizes in [(1, 1), (100, 1), (200, 100), (1 << 20, 1 << 20)] {
                let read = read_in(text.as_bytes(), Start::Text, &AtomicU64::new(0), sizes);
                let Ok((d, mut problems)) = read else {
                    panic!("not taken: {text}");
                };
                for p in &mut problems {
                    super::super::locate(text, p);
                }
                assert_eq!((&d, &problems), (&sequential.0, &sequential.1), "{sizes:?}");
            }
        }
        let (d, problems) = super::super::load_sequential(full, "t.json").unwrap();
        assert_eq!(problems.len(), 12, "{problems:#?}");
        assert_eq!((d.legs.len(), d.meetings.len()), (1, 3));
    }

    #[test]
    fn anything_unexpected_is_left_to_the_sequential_reader() {
        let ok = r#"{"places": [], "people": [], "sources": [], "meetings": [{"id": "m", "place": "a", "start": "x"}]}"#;
        let read_text = |text: &[u8], start| read(text, start, &AtomicU64::new(0)).is_ok();
        assert!(read_text(ok.as_bytes(), Start::Text));
        for bad in [
            ok.replace("{\"id\"", "{\"id\": 1, \"id\""),
            ok.replace("\"meetings\"", "\"meeting\""),
            ok.replace("\"sources\": [], ", ""),
            ok.replace("}]}", "},]}"),
            ok.replace("}]}", "} {}]}"),
            ok.replace("}]}", "}]} x"),
            ok.replace("[{", "[[\"m\"], {"),
            ok.replace("\"places\"", r#""pl\u0061ces""#),
            ok.replace("\"a\"", r#""\ud800""#),
            format!("\u{feff}{ok}"),
            ok.replace("\"x\"", "\"x\u{1}\""),
            ok.replace("}]}", "}]"),
        ] {
            assert!(!read_text(bad.as_bytes(), Start::Text), "{bad}");
        }
        let mut not_utf8 = ok.as_bytes().to_vec();
        not_utf8[ok.len() - 6] = 0xff;
        assert!(!read_text(&not_utf8, Start::Text));
        assert!(
            !read_text(format!("\u{feff}{ok}").as_bytes(), Start::File),
            "no marker"
        );
        let marked = ok.replacen('{', "{\"format\": \"travelmap/1\", ", 1);
        assert!(read_text(
            format!("\u{feff}{marked}").as_bytes(),
            Start::File
        ));
    }

    #[test]
    fn the_scanner_follows_strings_escapes_and_brackets() {
        let text = br#"{"a": "x}\"]", "b": [1, {"c": "\\"}]}, {"#;
        assert_eq!(value_end(text, 0), Some(text.len() - 3));
        assert_eq!(value_end(b"\"ab\\\"c\" ,", 0), Some(7));
        assert_eq!(value_end(b"123, ", 0), Some(3));
        assert_eq!(value_end(b"{\"a\": \"unfinished", 0), None);
        assert_eq!(value_end(b"[[1]", 0), None);
    }
}
