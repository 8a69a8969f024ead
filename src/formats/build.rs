//! What the importers share: building a [`FileDataset`] from records found in another format (places
//! matched by name and position, people by name, sources by URL or title, ids made from names), remembering
//! where each record came from, then validating it with [`data::validate`] and pointing each problem back
//! at the line, column and field of the original file.

use std::collections::{HashMap, HashSet};

use crate::data::{
    self, Dataset, FileDataset, FileLeg, FileMeeting, FileNote, FilePerson, FilePlace, FileSource,
    FileStay, Problem, ProblemKind, RecordKind, RecordRef,
};
use crate::geodesy::{distance_km, lat_lon};

/// Two places with the same name closer than this are one place (km).
pub(crate) const SAME_PLACE_KM: f64 = 1.0;

/// A line and column, 1-based.
pub(crate) type At = Option<(usize, usize)>;

/// Where a record came from in the original file, in that format's terms.
#[derive(Clone, Debug, Default)]
pub(crate) struct Origin {
    /// How the user finds the record, e.g. `meeting "m1"` or `features[3] "m1"`.
    pub record: String,
    /// Where the record starts.
    pub at: At,
    /// For a field the validator names (`lat`), the format's name for it (`from_lat`) and its position.
    pub fields: Vec<(&'static str, String, At)>,
}

impl Origin {
    pub fn new(record: impl Into<String>, at: At) -> Self {
        Self {
            record: record.into(),
            at,
            fields: Vec::new(),
        }
    }

    /// Names the validator's field `ours` as `theirs`, found at `at`.
    pub fn field(mut self, ours: &'static str, theirs: impl Into<String>, at: At) -> Self {
        self.fields.push((ours, theirs.into(), at));
        self
    }

    /// A problem with a value of this record, in the format's own terms.
    pub fn problem(&self, field: impl Into<String>, message: impl Into<String>, at: At) -> Problem {
        self.problem_of(ProblemKind::BadValue, field, message, at)
    }

    /// A problem of a given kind with this record, in the format's own terms.
    pub fn problem_of(
        &self,
        kind: ProblemKind,
        field: impl Into<String>,
        message: impl Into<String>,
        at: At,
    ) -> Problem {
        let (line, column) = at.or(self.at).unzip();
        Problem {
            record: self.record.clone(),
            target: None,
            kind,
            field: field.into(),
            message: message.into(),
            line,
            column,
        }
    }
}

/// A place as an importer found it.
#[derive(Clone, Debug, Default)]
pub(crate) struct NewPlace {
    /// The id the file gave, if any: the place is then the one with that id, or a new one; otherwise it
    /// is matched by name and position, and a new one gets an id made from its name.
    pub id: Option<String>,
    /// `None` when the file gave no name: the place is then found by position alone, or named by it.
    pub name: Option<String>,
    pub city: Option<String>,
    pub country: String,
    pub lat: f64,
    pub lon: f64,
    /// IANA zone; `None` when the file gave none (see [`Builder::place`]).
    pub tz: Option<String>,
    pub accuracy: Option<String>,
    /// The file lists the place for itself (a GeoJSON point or KML placemark with no time), so it is kept
    /// even when nothing refers to it; a place only named by a row or a feature is kept only with them.
    pub listed: bool,
}

/// Collects records into a [`FileDataset`].
#[derive(Default)]
pub(crate) struct Builder {
    pub file: FileDataset,
    origins: HashMap<(RecordKind, usize), Origin>,
    /// Places whose zone was not given but assumed to be UTC (every time read in it had an offset).
    assumed_tz: HashSet<usize>,
    people_by_name: HashMap<String, String>,
    sources_by_key: HashMap<String, String>,
    ids: HashSet<(RecordKind, String)>,
    /// Places, people and sources that exist only because a record named them: left out with the
    /// records, when those are rejected.
    implied: HashSet<(RecordKind, String)>,
    problems: Vec<Problem>,
    /// The place of each gazetteer match already added (see [`Builder::gazetteer_place`]).
    gazetteer_places: HashMap<String, String>,
}

impl Builder {
    pub fn new(title: String) -> Self {
        Self {
            file: FileDataset {
                format: "travelmap/1".to_owned(),
                title,
                ..FileDataset::default()
            },
            ..Self::default()
        }
    }

    /// Records a problem found by the importer itself (the record is then left out).
    pub fn problem(&mut self, problem: Problem) {
        self.problems.push(problem);
    }

    /// The id of the place `p` describes: the place with its id if it has one; else an existing place with
    /// the same name (case-insensitive) within [`SAME_PLACE_KM`] and a compatible zone; or a new one. With no name, the nearest place within
    /// [`SAME_PLACE_KM`], or a new one named by its coordinates.
    ///
    /// `times` are the time strings that will be read in this place's zone. A new place with no `tz` gets
    /// "UTC" when every one of them carries its own offset (the zone then changes nothing); otherwise it is a
    /// problem on the field `tz_field`, and `None` comes back. An existing place whose zone was assumed that
    /// way is not reused for times that need a real zone.
    pub fn place(
        &mut self,
        p: NewPlace,
        times: &[&str],
        origin: Origin,
        tz_field: &str,
    ) -> Option<String> {
        let needs_zone = times.iter().any(|t| !super::has_offset(t));
        let given_id = p.id.as_deref().map(str::trim).filter(|id| !id.is_empty());
        let found = match given_id {
            // A place the file names by id is that place, whatever else shares its name.
            Some(id) => self
                .file
                .places
                .iter()
                .find(|q| q.id == id)
                .map(|q| q.id.clone()),
            None => self.find_place(&p, needs_zone),
        };
        if let Some(id) = found {
            if p.listed {
                self.implied.remove(&(RecordKind::Place, id.clone()));
            }
            return Some(id);
        }
        let assumed = p.tz.is_none();
        let tz = match p.tz.clone() {
            Some(tz) => tz,
            None if !needs_zone => "UTC".to_owned(),
            None => {
                let at = origin.fields.iter().find(|f| f.0 == "tz").and_then(|f| f.2);
                self.problems.push(origin.problem(
                    tz_field,
                    "no time zone: give the place's IANA zone (e.g. Europe/Moscow), or give every \
                     time with its UTC offset (e.g. 2025-04-11T17:30+03:00)",
                    at,
                ));
                return None;
            }
        };
        let name = p
            .name
            .clone()
            .unwrap_or_else(|| format!("{:.4}, {:.4}", p.lat, p.lon));
        let id = match p.id.filter(|id| !id.trim().is_empty()) {
            Some(id) => {
                self.ids.insert((RecordKind::Place, id.clone()));
                id
            }
            None => self.new_id(RecordKind::Place, &name),
        };
        let index = self.file.places.len();
        if !p.listed {
            self.implied.insert((RecordKind::Place, id.clone()));
        }
        if assumed {
            log::info!(
                "{}: no time zone given; every time has an offset, so UTC is used",
                origin.record
            );
            self.assumed_tz.insert(index);
        }
        self.file.places.push(FilePlace {
            id: id.clone(),
            name,
            city: p.city.filter(|c| !c.trim().is_empty()),
            country: p.country,
            lat: p.lat,
            lon: p.lon,
            tz,
            accuracy: p.accuracy.filter(|a| !a.trim().is_empty()),
        });
        self.origins.insert((RecordKind::Place, index), origin);
        Some(id)
    }

    /// The id of the place a gazetteer match stands for, added the first time it is named (one place per
    /// match, however many records and texts name it).
    pub fn gazetteer_place(&mut self, m: &crate::data::geocode::GeoMatch) -> String {
        let key = format!("{}\t{}\t{}", m.geonames_id, m.name, m.country);
        if let Some(id) = self.gazetteer_places.get(&key) {
            return id.clone();
        }
        let place = FilePlace {
            id: String::new(),
            name: m.name.clone(),
            city: None,
            country: m.country.clone(),
            lat: m.position.y(),
            lon: m.position.x(),
            tz: m.tz.name().to_owned(),
            accuracy: Some("city (gazetteer)".into()),
        };
        let id = self.add_place(place, Origin::default());
        self.gazetteer_places.insert(key, id.clone());
        id
    }

    /// Adds a place the importer has already told apart from the others (a gazetteer match, found once
    /// per distinct match), with a fresh id made from its name. It is kept only with the records that
    /// name it.
    pub fn add_place(&mut self, mut place: FilePlace, origin: Origin) -> String {
        let id = self.new_id(RecordKind::Place, &place.name);
        place.id.clone_from(&id);
        self.implied.insert((RecordKind::Place, id.clone()));
        self.origins
            .insert((RecordKind::Place, self.file.places.len()), origin);
        self.file.places.push(place);
        id
    }

    fn find_place(&self, p: &NewPlace, needs_zone: bool) -> Option<String> {
        let here = lat_lon(p.lat, p.lon);
        let candidates = self.file.places.iter().enumerate().filter(|(i, q)| {
            !(needs_zone && self.assumed_tz.contains(i))
                && p.tz.as_ref().is_none_or(|tz| *tz == q.tz)
                && p.name
                    .as_ref()
                    .is_none_or(|n| n.trim().eq_ignore_ascii_case(q.name.trim()))
        });
        let nearest = candidates
            .map(|(_, q)| (distance_km(here, lat_lon(q.lat, q.lon)), q))
            .filter(|(km, _)| *km <= SAME_PLACE_KM)
            .min_by(|a, b| a.0.total_cmp(&b.0));
        nearest.map(|(_, q)| q.id.clone())
    }

    /// Adds a person from a list of people (GeoJSON's `travelmap.people`), keeping the id.
    pub fn add_person(&mut self, person: FilePerson, origin: Origin) {
        self.ids.insert((RecordKind::Person, person.id.clone()));
        self.people_by_name
            .entry(person.name.trim().to_lowercase())
            .or_insert_with(|| person.id.clone());
        self.origins
            .insert((RecordKind::Person, self.file.people.len()), origin);
        self.file.people.push(person);
    }

    /// The id of the person called `name` (case-insensitive), added if new.
    pub fn person(&mut self, name: &str) -> String {
        let name = name.trim();
        let key = name.to_lowercase();
        if let Some(id) = self.people_by_name.get(&key) {
            return id.clone();
        }
        let id = self.new_id(RecordKind::Person, name);
        self.people_by_name.insert(key, id.clone());
        self.implied.insert((RecordKind::Person, id.clone()));
        self.file.people.push(FilePerson {
            id: id.clone(),
            name: name.to_owned(),
            role: None,
        });
        id
    }

    /// The ids of the named people, skipping blank names.
    pub fn people<'a>(&mut self, names: impl IntoIterator<Item = &'a str>) -> Vec<String> {
        names
            .into_iter()
            .filter(|n| !n.trim().is_empty())
            .map(|n| self.person(n))
            .collect()
    }

    /// Adds a source from a list of sources (GeoJSON's `travelmap.sources`), keeping the id.
    pub fn add_source(&mut self, source: FileSource, origin: Origin) {
        self.ids.insert((RecordKind::Source, source.id.clone()));
        for key in source_keys(&source.title, source.url.as_deref()) {
            self.sources_by_key
                .entry(key)
                .or_insert_with(|| source.id.clone());
        }
        self.origins
            .insert((RecordKind::Source, self.file.sources.len()), origin);
        self.file.sources.push(source);
    }

    /// The id of the source a list item names, added if new. Items read `Title <url>`, a bare URL, or a
    /// bare title; a known source is found by its URL, else its title.
    pub fn source(&mut self, item: &str) -> String {
        let item = item.trim();
        let (title, url) = match item.strip_suffix('>').and_then(|s| s.rsplit_once('<')) {
            Some((title, url)) if !title.trim().is_empty() => (title.trim(), Some(url.trim())),
            Some((_, url)) => (url.trim(), Some(url.trim())),
            None if item.starts_with("http://") || item.starts_with("https://") => {
                (item, Some(item))
            }
            None => (item, None),
        };
        let keys = source_keys(title, url);
        if let Some(id) = keys.iter().find_map(|k| self.sources_by_key.get(k)) {
            return id.clone();
        }
        let id = self.new_id(RecordKind::Source, title);
        self.implied.insert((RecordKind::Source, id.clone()));
        for key in keys {
            self.sources_by_key.entry(key).or_insert_with(|| id.clone());
        }
        self.file.sources.push(FileSource {
            id: id.clone(),
            title: title.to_owned(),
            publisher: None,
            url: url.map(str::to_owned),
        });
        id
    }

    /// The ids of the sources the items name, skipping blank items.
    pub fn sources<'a>(&mut self, items: impl IntoIterator<Item = &'a str>) -> Vec<String> {
        items
            .into_iter()
            .filter(|s| !s.trim().is_empty())
            .map(|s| self.source(s))
            .collect()
    }

    pub fn leg(&mut self, leg: FileLeg, origin: Origin) {
        self.ids.insert((RecordKind::Leg, leg.id.clone()));
        self.origins
            .insert((RecordKind::Leg, self.file.legs.len()), origin);
        self.file.legs.push(leg);
    }

    pub fn meeting(&mut self, meeting: FileMeeting, origin: Origin) {
        self.ids.insert((RecordKind::Meeting, meeting.id.clone()));
        self.origins
            .insert((RecordKind::Meeting, self.file.meetings.len()), origin);
        self.file.meetings.push(meeting);
    }

    pub fn note(&mut self, note: FileNote, origin: Origin) {
        self.ids.insert((RecordKind::Note, note.id.clone()));
        self.origins
            .insert((RecordKind::Note, self.file.notes.len()), origin);
        self.file.notes.push(note);
    }

    pub fn stay(&mut self, stay: FileStay, origin: Origin) {
        self.ids.insert((RecordKind::Stay, stay.id.clone()));
        self.origins
            .insert((RecordKind::Stay, self.file.stays.len()), origin);
        self.file.stays.push(stay);
    }

    /// The record's own id when it has one (a duplicate is left for the validator to report), otherwise
    /// a new one made from `fallback`.
    pub fn record_id(
        &mut self,
        section: RecordKind,
        given: Option<&str>,
        fallback: &str,
    ) -> String {
        match given.map(str::trim).filter(|id| !id.is_empty()) {
            Some(id) => id.to_owned(),
            None => self.new_id(section, fallback),
        }
    }

    /// A fresh id in `section` made from `name`: lower case, words joined by `-`, numbered if taken.
    fn new_id(&mut self, section: RecordKind, name: &str) -> String {
        let mut base = String::new();
        for c in name.chars().flat_map(char::to_lowercase) {
            if c.is_alphanumeric() {
                base.push(c);
            } else if !base.is_empty() && !base.ends_with('-') {
                base.push('-');
            }
        }
        let base = base.trim_end_matches('-');
        let base = if base.is_empty() {
            section.noun()
        } else {
            base
        };
        let mut id = base.to_owned();
        let mut n = 1;
        while self.ids.contains(&(section, id.clone())) {
            n += 1;
            id = format!("{base}-{n}");
        }
        self.ids.insert((section, id.clone()));
        id
    }

    /// Validates what was collected and returns the good records with every problem (the importer's own
    /// and the validator's, pointed back at the original file), in file order. Places, people and sources
    /// that only rejected records named are left out with them.
    pub fn finish(self) -> (Dataset, Vec<Problem>) {
        let (dataset, found) = data::validate(&self.file);
        let rejected: HashSet<(RecordKind, usize)> = found
            .iter()
            .filter(|p| !p.is_warning())
            .filter_map(|p| p.target.map(|t| (t.kind, t.index)))
            .collect();
        let mut problems = self.problems.clone();
        problems.extend(found.into_iter().filter_map(|p| self.locate(p)));
        problems.sort_by_key(|p| (p.line.unwrap_or(usize::MAX), p.column.unwrap_or(0)));
        match self.without_orphans(&rejected) {
            // Only records that were rejected anyway, and what they alone named, are gone.
            Some(file) => (data::validate(&file).0, problems),
            None => (dataset, problems),
        }
    }

    /// The file without the rejected legs, meetings and notes and without the implied places, people and
    /// sources nothing else names; `None` when that removes nothing.
    fn without_orphans(&self, rejected: &HashSet<(RecordKind, usize)>) -> Option<FileDataset> {
        let mut file = self.file.clone();
        let kept = |section: RecordKind| {
            let rejected = rejected.clone();
            move |i: &usize| !rejected.contains(&(section, *i))
        };
        file.legs = retain_indexed(&file.legs, kept(RecordKind::Leg));
        file.meetings = retain_indexed(&file.meetings, kept(RecordKind::Meeting));
        file.notes = retain_indexed(&file.notes, kept(RecordKind::Note));
        file.stays = retain_indexed(&file.stays, kept(RecordKind::Stay));
        let mut places = HashSet::new();
        let mut people = HashSet::new();
        let mut sources = HashSet::new();
        for l in &file.legs {
            places.extend([&l.from, &l.to]);
            people.extend(&l.travellers);
            sources.extend(&l.sources);
            sources.extend(l.disputes.iter().flat_map(|d| &d.sources));
        }
        for m in &file.meetings {
            places.insert(&m.place);
            people.extend(&m.participants);
            sources.extend(&m.sources);
            sources.extend(m.duration.iter().flat_map(|d| &d.sources));
            sources.extend(m.disputes.iter().flat_map(|d| &d.sources));
        }
        for n in &file.notes {
            people.extend(&n.people);
            sources.extend(&n.sources);
        }
        for st in &file.stays {
            places.extend(&st.place);
            people.insert(&st.person);
            sources.extend(&st.sources);
        }
        let keep = |section: RecordKind, id: &String, named: &HashSet<&String>| {
            named.contains(id) || !self.implied.contains(&(section, id.clone()))
        };
        let places: Vec<FilePlace> = file
            .places
            .iter()
            .filter(|p| keep(RecordKind::Place, &p.id, &places))
            .cloned()
            .collect();
        let people: Vec<FilePerson> = file
            .people
            .iter()
            .filter(|p| keep(RecordKind::Person, &p.id, &people))
            .cloned()
            .collect();
        let sources: Vec<FileSource> = file
            .sources
            .iter()
            .filter(|s| keep(RecordKind::Source, &s.id, &sources))
            .cloned()
            .collect();
        let removed = places.len() < file.places.len()
            || people.len() < file.people.len()
            || sources.len() < file.sources.len()
            || !rejected.is_empty();
        (file.places, file.people, file.sources) = (places, people, sources);
        removed.then_some(file)
    }

    /// Puts a validator's problem in the format's terms. A record left out only because its place was
    /// rejected, on the same line, adds nothing to that place's own problem and is dropped.
    fn locate(&self, mut p: Problem) -> Option<Problem> {
        let Some(key) = p.target.map(|t: RecordRef| (t.kind, t.index)) else {
            return Some(p);
        };
        let Some(origin) = self.origins.get(&key) else {
            return Some(p);
        };
        let rejected_place = match &p.kind {
            ProblemKind::UnknownReference(RecordKind::Place, id) => {
                self.file.places.iter().position(|q| &q.id == id)
            }
            _ => None,
        };
        if let Some(k) = rejected_place {
            let place_origin = self.origins.get(&(RecordKind::Place, k));
            if place_origin.is_some_and(|o| o.at == origin.at) {
                return None;
            }
            let name = self.file.places.get(k).map_or("", |q| q.name.as_str());
            p.message = match place_origin.and_then(|o| o.at) {
                Some((line, _)) => format!("its place \"{name}\" is invalid (see line {line})"),
                None => format!("its place \"{name}\" is invalid"),
            };
        }
        let field = origin.fields.iter().find(|(ours, ..)| {
            p.field == *ours
                || p.field
                    .strip_prefix(ours)
                    .is_some_and(|rest| rest.starts_with('.'))
        });
        let (name, at) = match field {
            Some((_, theirs, at)) => (theirs.clone(), at.or(origin.at)),
            None => (p.field.clone(), origin.at),
        };
        p.record.clone_from(&origin.record);
        p.field = name;
        (p.line, p.column) = at.unzip();
        Some(p)
    }
}

/// The time zone of the gazetteer city nearest to `at`: for a place the file gives by its coordinates
/// alone. `None` only when the gazetteer is empty.
pub(crate) fn nearest_tz(at: crate::geodesy::Point) -> Option<chrono_tz::Tz> {
    data::gazetteer::Gazetteer::bundled()
        .cities()
        .iter()
        .min_by(|a, b| distance_km(a.position, at).total_cmp(&distance_km(b.position, at)))
        .map(|c| c.tz)
}

/// The items whose index `keep` accepts.
fn retain_indexed<T: Clone>(items: &[T], keep: impl Fn(&usize) -> bool) -> Vec<T> {
    items
        .iter()
        .enumerate()
        .filter(|(i, _)| keep(i))
        .map(|(_, item)| item.clone())
        .collect()
}

/// The keys a source is found by: its URL and its title.
fn source_keys(title: &str, url: Option<&str>) -> Vec<String> {
    let mut keys = Vec::with_capacity(2);
    if let Some(url) = url.filter(|u| !u.trim().is_empty()) {
        keys.push(format!("url:{}", url.trim()));
    }
    keys.push(format!("title:{}", title.trim().to_lowercase()));
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place(name: &str, lat: f64, lon: f64, tz: Option<&str>) -> NewPlace {
        NewPlace {
            name: Some(name.to_owned()),
            lat,
            lon,
            tz: tz.map(str::to_owned),
            ..NewPlace::default()
        }
    }

    #[test]
    fn a_place_with_the_same_name_within_a_kilometre_is_reused() {
        let mut b = Builder::new(String::new());
        let o = || Origin::new("r", Some((1, 1)));
        let a = b.place(
            place("Kremlin", 55.7517, 37.6178, Some("Europe/Moscow")),
            &[],
            o(),
            "tz",
        );
        let near = b.place(
            place("kremlin", 55.7550, 37.6178, None),
            &["2025-01-01"],
            o(),
            "tz",
        );
        let far = b.place(
            place("Kremlin", 55.80, 37.6178, Some("Europe/Moscow")),
            &[],
            o(),
            "tz",
        );
        let other = b.place(
            place("Red Square", 55.7517, 37.6178, Some("Europe/Moscow")),
            &[],
            o(),
            "tz",
        );
        assert_eq!(a.as_deref(), Some("kremlin"));
        assert_eq!(near, a);
        assert_eq!(far.as_deref(), Some("kremlin-2"));
        assert_eq!(other.as_deref(), Some("red-square"));
    }

    #[test]
    fn a_missing_zone_is_utc_only_when_every_time_has_an_offset() {
        let mut b = Builder::new(String::new());
        let o = || Origin::new("features[0]", Some((3, 5)));
        let ok = b.place(
            place("A", 1.0, 1.0, None),
            &["2025-04-11T10:00Z"],
            o(),
            "tz",
        );
        assert!(ok.is_some());
        assert_eq!(b.file.places[0].tz, "UTC");
        // A local time cannot reuse the place whose zone was only assumed.
        let local = b.place(place("A", 1.0, 1.0, None), &["2025-04-11T10:00"], o(), "tz");
        assert_eq!(local, None);
        let (_, problems) = b.finish();
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].field, "tz");
        assert_eq!(problems[0].line, Some(3));
        assert!(
            problems[0].message.contains("IANA"),
            "{}",
            problems[0].message
        );
    }

    #[test]
    fn sources_are_found_by_url_then_title() {
        let mut b = Builder::new(String::new());
        let a = b.source("TASS report <https://tass.example/1>");
        assert_eq!(b.source("https://tass.example/1"), a);
        assert_eq!(b.source("tass report"), a);
        let c = b.source("Another <https://x.example>");
        assert_ne!(c, a);
        assert_eq!(b.file.sources[0].title, "TASS report");
        assert_eq!(
            b.file.sources[0].url.as_deref(),
            Some("https://tass.example/1")
        );
    }

    #[test]
    fn what_only_a_rejected_record_named_is_left_out_with_it() {
        let mut b = Builder::new(String::new());
        let o = |line| Origin::new(format!("row {line}"), Some((line, 1)));
        let mut listed = place("Listed", 10.0, 10.0, Some("UTC"));
        listed.listed = true;
        b.place(listed, &[], o(1), "tz");
        for (line, start) in [(2, "2025-01-01"), (3, "2025-13-01")] {
            let name = format!("Place {line}");
            let place_id = b.place(place(&name, 1.0, 1.0, Some("UTC")), &[], o(line), "tz");
            let meeting = FileMeeting {
                id: format!("m{line}"),
                place: place_id.unwrap_or_default(),
                start: start.to_owned(),
                participants: b.people([format!("Person {line}").as_str()]),
                sources: b.sources([format!("Source {line}").as_str()]),
                ..FileMeeting::default()
            };
            b.meeting(meeting, o(line));
        }
        let (d, problems) = b.finish();
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].line, Some(3));
        let names: Vec<_> = d.places.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["Listed", "Place 2"], "a listed place stays");
        assert_eq!(d.people.len(), 1);
        assert_eq!(d.sources.len(), 1);
        assert_eq!(d.meetings[0].participants, [data::PersonIdx(0)]);
    }

    #[test]
    fn made_up_ids_are_slugs_numbered_when_taken() {
        let mut b = Builder::new(String::new());
        assert_eq!(b.person("Steve Witkoff"), "steve-witkoff");
        assert_eq!(b.person(" steve witkoff "), "steve-witkoff");
        b.add_person(
            FilePerson {
                id: "kirill-dmitriev".into(),
                name: "K. Dmitriev".into(),
                role: None,
            },
            Origin::default(),
        );
        assert_eq!(b.person("Kirill Dmitriev!"), "kirill-dmitriev-2");
        assert_eq!(b.person("???"), "person");
    }
}
