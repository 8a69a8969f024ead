//! Places written as free text ("Paris and Versailles", "Havana (Cuba)", "Moscow" under "U.S.S.R.")
//! turned into cities of the offline [`Gazetteer`], with a status that says how sure the match is.
//!
//! Spreadsheets and calendars of official trips name places, not coordinates, and name them as the
//! records of their time did: former names (Peking, Léopoldville, Salisbury), former countries
//! (U.S.S.R., Yugoslavia, Southern Rhodesia), colonies listed under their ruler ("Bermuda" under
//! "United Kingdom"), lists of places for one stay, estates and bases, and non-places ("aboard USS
//! Missouri"). The key decision is that a guess is never silent: a place is [`GeocodeStatus::Exact`]
//! only when its name matched and nothing contradicts it; a former or alternate name, a loosened match,
//! a country-level stay and a choice between far-apart places each have their own status, and a match
//! outside the country the record gives is always [`GeocodeStatus::Ambiguous`], never placed as if sure.
//!
//! Everything is local and pure (no egui, no network). The index is built once, on first use of
//! [`Geocoder::bundled`], from the gazetteer and two small hand-written tables in `assets/gazetteer/`:
//! `country_names.tsv` (other and former country names, mapped to present ISO codes) and `places.tsv`
//! (curated names GeoNames lacks or spells otherwise). Lookups are binary searches in one sorted
//! table of search keys; only a text that matches nothing is compared by edit distance, with the keys
//! of its first letter.

use std::collections::HashMap;
use std::sync::LazyLock;

use chrono_tz::Tz;

use crate::data::gazetteer::{Gazetteer, GazetteerCity, search_key};
use crate::geodesy::{Point, distance_km, lat_lon};

/// Other and former country names (see the file's header).
pub static COUNTRY_NAMES_TSV: &str = include_str!("../../assets/gazetteer/country_names.tsv");
/// Curated place names (see the file's header).
pub static PLACES_TSV: &str = include_str!("../../assets/gazetteer/places.tsv");

static BUNDLED: LazyLock<Geocoder> =
    LazyLock::new(|| Geocoder::new(Gazetteer::bundled(), COUNTRY_NAMES_TSV, PLACES_TSV));

/// Candidates farther apart than this are different places, not one city's duplicates.
const FAR_APART_KM: f64 = 100.0;
/// A candidate this many times more populous than the next far-apart one wins without a flag (Geneva,
/// Switzerland, 184,000, over Geneva, Illinois, 21,000).
const CLEAR_WINNER_RATIO: f64 = 5.0;
/// How much an alternate name counts against a city's own name: "Salisbury" is the English city more
/// than Harare's former name, unless the record says Rhodesia.
const ALTERNATE_WEIGHT: f64 = 0.05;
/// Below this many inhabitants, a town matched only by an alternate name is flagged.
const SMALL_TOWN_POPULATION: u32 = 50_000;
/// How much more a capital counts than its population when candidates are compared.
const CAPITAL_WEIGHT: f64 = 10.0;
/// What a curated place that is not a city (an estate, a base) counts as, in inhabitants.
const CURATED_PLACE_SCORE: f64 = 100_000.0;

pub use super::stay::GeocodeStatus;

/// A place the geocoder can answer with.
#[derive(Clone, Debug, PartialEq)]
pub struct GeoMatch {
    /// GeoNames id; 0 for a curated place that is not in GeoNames' city table (an estate, a base).
    pub geonames_id: u32,
    /// The place's name as the gazetteer spells it ("Kinshasa" for "Léopoldville").
    pub name: String,
    /// The country's English short name.
    pub country: String,
    /// ISO 3166-1 alpha-2 code of the present-day country.
    pub country_code: String,
    /// WGS84, made with [`lat_lon`].
    pub position: Point,
    /// IANA time zone, from the gazetteer.
    pub tz: Tz,
    /// Inhabitants (0 for curated places).
    pub population: u32,
}

/// The answer for one place text.
#[derive(Clone, Debug, PartialEq)]
pub struct Geocoded {
    /// How sure the match is.
    pub status: GeocodeStatus,
    /// Chosen place; for Ambiguous the provisional best (always shown marked); None when unresolved.
    pub place: Option<GeoMatch>,
    /// For Ambiguous: the candidates far apart (best first).
    pub candidates: Vec<GeoMatch>,
    /// The other places of a list, as written ("Versailles"), kept in the record.
    pub others: Vec<String>,
    /// Why it is unresolved or flagged, in words ("not a place: at sea"; "country-level: capital").
    pub reason: Option<String>,
}

impl Geocoded {
    fn unresolved(reason: impl Into<String>) -> Self {
        Self {
            status: GeocodeStatus::Unresolved,
            place: None,
            candidates: Vec::new(),
            others: Vec::new(),
            reason: Some(reason.into()),
        }
    }
}

/// A place in the index: a gazetteer city or a curated place.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Target {
    City(u32),
    Curated(u32),
}

/// Which kind of name a key is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum NameKind {
    Name,
    Alternate,
}

/// One search key of one place.
#[derive(Clone, Copy, Debug)]
struct Entry {
    key: &'static str,
    target: Target,
    kind: NameKind,
}

/// A country name's meaning: where a place under it may be, and where a country-level stay goes.
#[derive(Clone, Debug)]
struct CountrySet {
    /// ISO codes; the first is the country itself, the others its former parts or territories.
    codes: Vec<String>,
    capital: Option<Target>,
    /// The name to show in reasons ("U.S.S.R.").
    name: String,
}

impl CountrySet {
    fn contains(&self, code: &str) -> bool {
        self.codes.iter().any(|c| c == code)
    }
}

/// One candidate while a text is being resolved.
#[derive(Clone, Copy, Debug)]
struct Found {
    target: Target,
    kind: NameKind,
    /// Population, weighted down for alternate names.
    score: f64,
    /// From the curated table: meant, never a GeoNames oddity.
    curated: bool,
}

/// Free-text place names to gazetteer places; see the module documentation.
#[derive(Debug)]
pub struct Geocoder {
    gazetteer: &'static Gazetteer,
    /// Curated places that are not gazetteer cities.
    curated: Vec<GeoMatch>,
    /// Every search key of every city, sorted by key.
    entries: Vec<Entry>,
    /// Indexes into `entries` of each country's keys, in key order.
    entries_by_country: HashMap<String, Vec<u32>>,
    /// Curated names (keys) and what they mean; they win over the gazetteer's.
    curated_names: HashMap<String, Vec<Target>>,
    /// Country name keys to indexes in `country_sets`.
    country_names: HashMap<String, usize>,
    country_sets: Vec<CountrySet>,
    /// ISO code to the set of that country alone.
    country_by_code: HashMap<String, usize>,
    /// GeoNames id to index in the gazetteer.
    by_geonames_id: HashMap<u32, u32>,
    /// Gazetteer indexes of the countries' capitals.
    capitals: std::collections::HashSet<u32>,
}

/// Words that say what kind of place a name is, dropped for a fuzzy match ("Ramstein Air Base").
const DESIGNATIONS: &[&str] = &[
    "international airport",
    "naval air station",
    "air force base",
    "royal air force",
    "naval station",
    "naval base",
    "air station",
    "air base",
    "airbase",
    "airport",
    "airfield",
    "air field",
    "aerodrome",
    "military base",
    "army base",
    "base",
    "afb",
    "raf",
    "nas",
    "palace",
    "castle",
    "chateau",
    "estate",
    "islands",
    "island",
    "isle",
    "city",
    "town",
    "province",
    "district",
    "region",
    "harbour",
    "harbor",
    "port",
    "the",
    "of",
];

/// Texts that name no place: a stay aboard a ship or plane is kept unplaced, never guessed.
const NON_PLACES: &[&str] = &[
    "aboard",
    "on board",
    "onboard",
    "at sea",
    "en route",
    "enroute",
    "in flight",
    "inflight",
    "in transit",
    "in the air",
    "uss",
    "usns",
    "uss.",
    "hms",
    "hmy",
    "air force one",
    "various",
    "unknown",
    "multiple",
    "several cities",
    "tbd",
    "n a",
];

impl Geocoder {
    /// The geocoder over the bundled gazetteer and tables, built once on first use (a few tenths of a
    /// second in a release build, with the gazetteer).
    pub fn bundled() -> &'static Geocoder {
        &BUNDLED
    }

    /// Builds the index over `gazetteer` with tables in the formats of
    /// `assets/gazetteer/country_names.tsv` and `places.tsv`. Rows that do not parse are skipped with a
    /// warning.
    pub fn new(gazetteer: &'static Gazetteer, country_names_tsv: &str, places_tsv: &str) -> Self {
        let mut geocoder = Geocoder {
            gazetteer,
            curated: Vec::new(),
            entries: Vec::new(),
            entries_by_country: HashMap::new(),
            curated_names: HashMap::new(),
            country_names: HashMap::new(),
            country_sets: Vec::new(),
            country_by_code: HashMap::new(),
            by_geonames_id: HashMap::new(),
            capitals: std::collections::HashSet::new(),
        };
        geocoder.index_cities();
        geocoder.load_countries(country_names_tsv);
        geocoder.load_places(places_tsv);
        geocoder
    }

    fn index_cities(&mut self) {
        let g = self.gazetteer;
        for (i, city) in g.cities().iter().enumerate() {
            let Ok(index) = u32::try_from(i) else { break };
            self.by_geonames_id.insert(city.geonames_id, index);
            let target = Target::City(index);
            for key in g.name_keys(i) {
                self.entries.push(Entry {
                    key,
                    target,
                    kind: NameKind::Name,
                });
                // GeoNames calls many Japanese cities "Nara-shi" ("Nara City"); records write "Nara".
                if let Some(short) = key.strip_suffix(" shi") {
                    self.entries.push(Entry {
                        key: short,
                        target,
                        kind: NameKind::Name,
                    });
                }
            }
            for key in g.alternate_keys(i) {
                self.entries.push(Entry {
                    key,
                    target,
                    kind: NameKind::Alternate,
                });
            }
        }
        self.entries.sort_by(|a, b| a.key.cmp(b.key));
        for (i, entry) in self.entries.iter().enumerate() {
            let Ok(i) = u32::try_from(i) else { break };
            if let Target::City(c) = entry.target
                && let Some(city) = g.cities().get(c as usize)
            {
                match self.entries_by_country.get_mut(city.country_code.as_str()) {
                    Some(list) => list.push(i),
                    None => {
                        self.entries_by_country
                            .insert(city.country_code.clone(), vec![i]);
                    }
                }
            }
        }
    }

    fn load_countries(&mut self, tsv: &str) {
        let g = self.gazetteer;
        for country in g.countries() {
            let capital = country
                .capital_geonames_id
                .and_then(|id| self.by_geonames_id.get(&id))
                .map(|&i| Target::City(i));
            if let Some(Target::City(i)) = capital {
                self.capitals.insert(i);
            }
            let set = self.country_sets.len();
            self.country_sets.push(CountrySet {
                codes: vec![country.code.clone()],
                capital,
                name: country.name.clone(),
            });
            self.country_by_code.insert(country.code.clone(), set);
            self.country_names.insert(search_key(&country.name), set);
        }
        for (line_no, line) in data_lines(tsv) {
            let mut fields = line.split('\t');
            let (Some(name), Some(codes)) = (fields.next(), fields.next()) else {
                log::warn!("country_names.tsv line {line_no}: too few columns");
                continue;
            };
            let codes: Vec<String> = codes.split_whitespace().map(str::to_owned).collect();
            let Some(primary) = codes.first() else {
                log::warn!("country_names.tsv line {line_no}: no country code");
                continue;
            };
            let capital = match fields.next().filter(|s| !s.is_empty()) {
                Some(id) => id
                    .parse::<u32>()
                    .ok()
                    .and_then(|id| self.by_geonames_id.get(&id))
                    .map(|&i| Target::City(i)),
                None => self
                    .country_by_code
                    .get(primary)
                    .and_then(|&s| self.country_sets.get(s))
                    .and_then(|s| s.capital),
            };
            let set = self.country_sets.len();
            self.country_sets.push(CountrySet {
                codes,
                capital,
                name: name.to_owned(),
            });
            self.country_names.insert(search_key(name), set);
        }
    }

    fn load_places(&mut self, tsv: &str) {
        for (line_no, line) in data_lines(tsv) {
            let fields: Vec<&str> = line.split('\t').collect();
            let (Some(&name), Some(&id)) = (fields.first(), fields.get(1)) else {
                log::warn!("places.tsv line {line_no}: too few columns");
                continue;
            };
            let target = if id.is_empty() {
                self.curated_place(name, &fields).map(|place| {
                    let index = u32::try_from(self.curated.len()).unwrap_or(u32::MAX);
                    self.curated.push(place);
                    Target::Curated(index)
                })
            } else {
                id.parse::<u32>()
                    .ok()
                    .and_then(|id| self.by_geonames_id.get(&id))
                    .map(|&i| Target::City(i))
            };
            match target {
                Some(target) => self
                    .curated_names
                    .entry(search_key(name))
                    .or_default()
                    .push(target),
                None => log::warn!("places.tsv line {line_no}: {name:?} does not parse"),
            }
        }
    }

    /// A curated place from its row: name, (empty id), country code, latitude, longitude, time zone.
    fn curated_place(&self, name: &str, fields: &[&str]) -> Option<GeoMatch> {
        let code = *fields.get(2)?;
        let lat = fields.get(3)?.parse::<f64>().ok()?;
        let lon = fields.get(4)?.parse::<f64>().ok()?;
        let tz = fields.get(5)?.parse::<Tz>().ok()?;
        let country = self
            .country_by_code
            .get(code)
            .and_then(|&s| self.country_sets.get(s))
            .map_or_else(|| code.to_owned(), |s| s.name.clone());
        Some(GeoMatch {
            geonames_id: 0,
            name: name.to_owned(),
            country,
            country_code: code.to_owned(),
            position: lat_lon(lat, lon),
            tz,
            population: 0,
        })
    }

    /// Cities whose name starts with `query` (and so on, as [`Gazetteer::search`]), at most `limit`.
    pub fn suggest(&self, query: &str, limit: usize) -> Vec<GeoMatch> {
        self.gazetteer
            .search(query, limit)
            .into_iter()
            .map(city_match)
            .collect()
    }

    /// The place of `place_text`, with `country_text` (the record's country column, if any) as a hint.
    /// For a list ("Paris and Versailles") the first item that resolves is placed and the others are
    /// kept, as written, in [`Geocoded::others`].
    pub fn resolve(&self, place_text: &str, country_text: Option<&str>) -> Geocoded {
        let items = self.resolve_items(place_text, country_text);
        let chosen = items
            .iter()
            .position(|(_, g)| g.status != GeocodeStatus::Unresolved)
            .unwrap_or(0);
        let others: Vec<String> = items
            .iter()
            .enumerate()
            .filter(|&(i, _)| i != chosen)
            .map(|(_, (text, _))| text.clone())
            .collect();
        let mut result = items
            .into_iter()
            .nth(chosen)
            .map_or_else(|| Geocoded::unresolved("no place"), |(_, g)| g);
        result.others = others;
        result
    }

    /// One result per place of a list ("Paris and Versailles" -> two), for "split into one stay each".
    pub fn resolve_each(&self, place_text: &str, country_text: Option<&str>) -> Vec<Geocoded> {
        self.resolve_items(place_text, country_text)
            .into_iter()
            .map(|(_, g)| g)
            .collect()
    }

    /// Each item of the text, as written, with its result; at least one.
    fn resolve_items(
        &self,
        place_text: &str,
        country_text: Option<&str>,
    ) -> Vec<(String, Geocoded)> {
        let column = country_text
            .map(str::trim)
            .filter(|t| !t.is_empty() && !is_none_text(t));
        let column_hint = column.and_then(|t| self.country_of(t));
        let text = place_text.trim().trim_matches(['"', '\'']).trim();
        let key = search_key(text);
        if key.is_empty() || is_none_text(text) {
            let result = match (column, column_hint) {
                (_, Some(set)) => self.country_level(set, None),
                (Some(c), None) => {
                    Geocoded::unresolved(format!("no place, and {c:?} is no country"))
                }
                (None, None) => Geocoded::unresolved("no place and no country"),
            };
            return vec![(text.to_owned(), result)];
        }
        if let Some(what) = non_place(&key) {
            return vec![(
                text.to_owned(),
                Geocoded::unresolved(format!("not a place: {what}")),
            )];
        }
        let items = self.split_list(text);
        let text_hint = items.hint;
        items
            .places
            .into_iter()
            .map(|item| {
                let (base, paren_hint, qualifier) = self.strip_parentheses(&item);
                let hint = paren_hint.or(text_hint).or(column_hint);
                let mut result = self.resolve_one(&base, hint);
                if result.status == GeocodeStatus::Unresolved
                    && let Some(q) = qualifier
                {
                    // "Bay of Islands (Newfoundland)": the region, when the place itself is unknown.
                    let region = self.resolve_one(&q, hint);
                    if region.place.is_some() {
                        result = flagged_region(region, &base);
                    }
                }
                if result.status != GeocodeStatus::Unresolved
                    && column.is_some()
                    && column_hint.is_none()
                {
                    let note = format!("country {:?} not recognised", column.unwrap_or_default());
                    result.reason = Some(match result.reason {
                        Some(r) => format!("{r}; {note}"),
                        None => note,
                    });
                    // Nothing confirmed the country: the match must be checked.
                    if matches!(
                        result.status,
                        GeocodeStatus::Exact | GeocodeStatus::Alternate
                    ) {
                        result.status = GeocodeStatus::Ambiguous;
                        if let Some(place) = &result.place {
                            result.candidates = vec![place.clone()];
                        }
                    }
                }
                (item, result)
            })
            .collect()
    }

    /// The set a country name means: "U.S.S.R.", "Korea, Republic of", "The Bahamas".
    fn country_of(&self, text: &str) -> Option<&CountrySet> {
        let key = search_key(text);
        let lookup = |k: &str| {
            self.country_names
                .get(k)
                .and_then(|&s| self.country_sets.get(s))
        };
        if let Some(set) = lookup(&key) {
            return Some(set);
        }
        if let Some(rest) = key.strip_prefix("the ")
            && let Some(set) = lookup(rest)
        {
            return Some(set);
        }
        // "Korea, Republic of" is "Republic of Korea"; "Germany, Federal Republic of" is Germany.
        let (head, tail) = text.split_once(',')?;
        let swapped = search_key(&format!("{tail} {head}"));
        lookup(&swapped).or_else(|| lookup(&search_key(head)))
    }

    /// Splits a list at commas, semicolons, slashes, "&", "+" and "and" (outside parentheses). A last
    /// item that is a country ("Paris, France") is a hint, not a place. A text that is one name as a
    /// whole ("Trinidad and Tobago", "Mexico, D.F.") is not split.
    fn split_list(&self, text: &str) -> ListItems<'_> {
        let whole = search_key(text);
        if self.curated_names.contains_key(&whole)
            || self.country_names.contains_key(&whole)
            || self.lookup(&whole).next().is_some()
        {
            return ListItems {
                places: vec![text.to_owned()],
                hint: None,
            };
        }
        let mut places: Vec<String> = split_top_level(text)
            .into_iter()
            .map(|s| s.trim().to_owned())
            .filter(|s| !search_key(s).is_empty())
            .collect();
        let mut hint = None;
        if places.len() > 1
            && let Some(set) = places.last().and_then(|last| {
                let (base, _, _) = self.strip_parentheses(last);
                self.country_of(&base)
            })
        {
            // "Geneva, Bern" is two cities; "Paris, France" is one with its country.
            let before = places
                .get(places.len() - 2)
                .map(|s| self.strip_parentheses(s).0);
            let before_is_country = before.is_some_and(|b| self.country_of(&b).is_some());
            if !before_is_country {
                hint = Some(set);
                places.pop();
            }
        }
        places.retain(|p| !is_qualifier(&search_key(p)));
        if places.is_empty() {
            places.push(text.to_owned());
        }
        ListItems { places, hint }
    }

    /// The text without its parentheses, the country a parenthesis names ("Havana (Cuba)"), and the
    /// last parenthesis that is not a country ("Sydney (Nova Scotia)").
    fn strip_parentheses(&self, item: &str) -> (String, Option<&CountrySet>, Option<String>) {
        let mut base = String::new();
        let mut hint = None;
        let mut qualifier = None;
        let mut rest = item;
        while let Some(open) = rest.find(['(', '[']) {
            base.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            let close = after.find([')', ']']).unwrap_or(after.len());
            let inner = after[..close].trim();
            match self.country_of(inner) {
                Some(set) => hint = Some(set),
                None if !search_key(inner).is_empty() => qualifier = Some(inner.to_owned()),
                None => {}
            }
            rest = after.get(close + 1..).unwrap_or("");
        }
        base.push_str(rest);
        (base.trim().to_owned(), hint, qualifier)
    }

    /// One place name with the country it should be in.
    fn resolve_one(&self, text: &str, hint: Option<&CountrySet>) -> Geocoded {
        let key = search_key(text);
        if key.is_empty() {
            return match hint {
                Some(set) => self.country_level(set, None),
                None => Geocoded::unresolved("no place"),
            };
        }
        if let Some(what) = non_place(&key) {
            return Geocoded::unresolved(format!("not a place: {what}"));
        }
        if let Some(country) = self.country_of(text) {
            let agrees = hint.is_none_or(|h| {
                country.codes.iter().any(|c| h.contains(c))
                    || h.codes.iter().any(|c| country.contains(c))
            });
            if agrees {
                return self.country_level(country, Some(&key));
            }
        }
        let found = self.candidates(&key);
        if !found.is_empty() {
            return self.choose(&key, text, &found, hint, None);
        }
        self.fuzzy(&key, text, hint)
    }

    /// Exact and alternate names, and curated ones, for `key`.
    fn candidates(&self, key: &str) -> Vec<Found> {
        let mut found: Vec<Found> = self
            .curated_names
            .get(key)
            .into_iter()
            .flatten()
            .map(|&target| Found {
                target,
                kind: NameKind::Alternate,
                score: match target {
                    // An estate or base has no population; it is what the name means.
                    Target::Curated(_) => CURATED_PLACE_SCORE,
                    // A former name weighs as an alternate one: "Salisbury" alone stays ambiguous.
                    Target::City(_) => {
                        f64::from(self.population(target)).max(1.0) * ALTERNATE_WEIGHT
                    }
                },
                curated: true,
            })
            .collect();
        for entry in self.lookup(key) {
            let weight = match entry.kind {
                NameKind::Name => self.capital_weight(entry.target),
                NameKind::Alternate => ALTERNATE_WEIGHT,
            };
            let score = f64::from(self.population(entry.target)).max(1.0)
                * weight
                * self.capital_weight(entry.target);
            match found.iter_mut().find(|f| f.target == entry.target) {
                Some(f) if score > f.score || entry.kind < f.kind => {
                    f.kind = f.kind.min(entry.kind);
                    f.score = f.score.max(score);
                }
                Some(_) => {}
                None => found.push(Found {
                    target: entry.target,
                    kind: entry.kind,
                    score,
                    curated: false,
                }),
            }
        }
        found
    }

    /// The entries whose key is `key`.
    fn lookup<'a>(&'a self, key: &'a str) -> impl Iterator<Item = &'a Entry> + 'a {
        let start = self.entries.partition_point(|e| e.key < key);
        self.entries[start..]
            .iter()
            .take_while(move |e| e.key == key)
    }

    /// Picks among candidates; `fuzzy` says the names matched only loosely (and why).
    fn choose(
        &self,
        key: &str,
        text: &str,
        found: &[Found],
        hint: Option<&CountrySet>,
        fuzzy: Option<&str>,
    ) -> Geocoded {
        let mut pool: Vec<Found> = match hint {
            Some(h) => found
                .iter()
                .copied()
                .filter(|f| h.contains(self.code_of(f.target)))
                .collect(),
            None => found.to_vec(),
        };
        if pool.is_empty() {
            if let Some(h) = hint
                && fuzzy.is_none()
            {
                // The name is elsewhere; a loose match inside the country may be what was meant.
                let inside = self.fuzzy(key, text, Some(h));
                if inside.place.is_some() {
                    return inside;
                }
            }
            let mut outside = found.to_vec();
            sort_by_score(&mut outside);
            let candidates = self.far_apart(&outside, usize::MAX);
            let reason = format!(
                "{text:?} is not in {}; found only elsewhere",
                hint.map_or("the country given", |h| h.name.as_str())
            );
            return Geocoded {
                status: GeocodeStatus::Ambiguous,
                place: candidates.first().cloned(),
                candidates,
                others: Vec::new(),
                reason: Some(reason),
            };
        }
        sort_by_score(&mut pool);
        let Some(best) = pool.first().copied() else {
            return Geocoded::unresolved(format!("no place called {text:?}"));
        };
        let best_position = self.position(best.target);
        let rivals = pool.iter().skip(1).any(|f| {
            f.score * CLEAR_WINNER_RATIO > best.score
                && distance_km(best_position, self.position(f.target)) > FAR_APART_KM
        });
        let place = self.matched(best.target);
        if rivals {
            let candidates = self.far_apart(&pool, usize::MAX);
            let within = hint.map_or_else(String::new, |h| format!(" in {}", h.name));
            return Geocoded {
                status: GeocodeStatus::Ambiguous,
                place: Some(place),
                reason: Some(format!(
                    "{} places called {text:?}{within}, far apart",
                    candidates.len()
                )),
                candidates,
                others: Vec::new(),
            };
        }
        if fuzzy.is_none()
            && let Some(flagged) = self.doubtful_alternate(best, &place, hint, text)
        {
            return flagged;
        }
        let (status, reason) = match (fuzzy, best.kind) {
            (Some(why), _) => (GeocodeStatus::Fuzzy, Some(why.to_owned())),
            (None, NameKind::Name) => (GeocodeStatus::Exact, None),
            (None, NameKind::Alternate) => (
                GeocodeStatus::Alternate,
                Some(match best.target {
                    Target::Curated(_) => format!("{text:?}: a curated place, not a GeoNames city"),
                    Target::City(_) => format!("{text:?} is another name of {}", place.name),
                }),
            ),
        };
        Geocoded {
            status,
            place: Some(place),
            candidates: Vec::new(),
            others: Vec::new(),
            reason,
        }
    }

    /// An alternate-name match that must be flagged: found only in a colony of the country given, or a
    /// small town's GeoNames alternate name.
    fn doubtful_alternate(
        &self,
        best: Found,
        place: &GeoMatch,
        hint: Option<&CountrySet>,
        text: &str,
    ) -> Option<Geocoded> {
        if let Some(h) = hint
            && best.kind == NameKind::Alternate
            && !best.curated
            && h.codes.len() > 1
            && h.codes
                .first()
                .is_some_and(|primary| primary != &place.country_code)
        {
            // "Noordwijk" under "Netherlands" is not Jayapura's old Dutch name: a former name found only in
            // another country the hint covers is a guess.
            return Some(Geocoded {
                status: GeocodeStatus::Ambiguous,
                reason: Some(format!(
                    "{text:?} is another name of {} in {}, not in {} itself",
                    place.name, place.country, h.name
                )),
                candidates: vec![place.clone()],
                place: Some(place.clone()),
                others: Vec::new(),
            });
        }
        if best.kind == NameKind::Alternate
            && !best.curated
            && let Target::City(i) = best.target
            && place.population < SMALL_TOWN_POPULATION
            && !self.capitals.contains(&i)
        {
            // GeoNames lists some odd alternate names for small towns ("Sabah" for Sabak Bernam).
            return Some(Geocoded {
                status: GeocodeStatus::Fuzzy,
                reason: Some(format!(
                    "{text:?} is listed as another name of {}, a small town: check",
                    place.name
                )),
                place: Some(place.clone()),
                candidates: Vec::new(),
                others: Vec::new(),
            });
        }
        None
    }

    /// Loose matches: designations dropped ("Rhein-Main Air Base"), a part of the name, or a spelling one
    /// or two letters off.
    fn fuzzy(&self, key: &str, text: &str, hint: Option<&CountrySet>) -> Geocoded {
        let stripped = strip_designations(key);
        if !stripped.is_empty() && stripped != key {
            let found = self.candidates(&stripped);
            // Only elsewhere ("Frankfurt" is also Frankfort, Kentucky): look inside the country first.
            let usable =
                hint.is_none_or(|h| found.iter().any(|f| h.contains(self.code_of(f.target))));
            if !found.is_empty() && usable {
                let why = format!("matched {stripped:?} without the designation");
                return self.choose(&stripped, text, &found, hint, Some(&why));
            }
            if let Some(country) = self.country_of(&stripped)
                && hint.is_none_or(|h| country.codes.iter().any(|c| h.contains(c)))
            {
                return self.country_level(country, Some(&stripped));
            }
        }
        let base = if stripped.is_empty() { key } else { &stripped };
        // Within the country given only: a word of a longer name may be any place.
        if let Some(h) = hint {
            if let Some((name, found)) = self.by_prefix(base, h) {
                let why = format!("matched {name:?}, which starts with the name");
                return self.choose(&name, text, &found, hint, Some(&why));
            }
            if let Some((near, found)) = self.by_spelling(base, Some(h)) {
                let why = format!("spelling close to {near:?}");
                return self.choose(&near, text, &found, hint, Some(&why));
            }
            if let Some(found) = self.by_part(base, h) {
                let why = format!("matched {:?}, a part of the name", found.1);
                return self.choose(&found.1, text, &found.0, hint, Some(&why));
            }
        } else if let Some((near, found)) = self.by_spelling(base, None) {
            let why = format!("spelling close to {near:?}");
            return self.choose(&near, text, &found, hint, Some(&why));
        }
        Geocoded::unresolved(match hint {
            Some(h) => format!("no place called {text:?} in {}", h.name),
            None => format!("no place called {text:?}"),
        })
    }

    /// The longest run of words of `key` (of five letters or more) that names a place in `hint`.
    fn by_part(&self, key: &str, hint: &CountrySet) -> Option<(Vec<Found>, String)> {
        let words: Vec<&str> = key.split(' ').collect();
        let n = words.len();
        for len in (1..n).rev() {
            for start in 0..=n - len {
                let part = words[start..start + len].join(" ");
                if part.len() < 5 || DESIGNATIONS.contains(&part.as_str()) {
                    continue;
                }
                let found: Vec<Found> = self
                    .candidates(&part)
                    .into_iter()
                    .filter(|f| f.kind == NameKind::Name && hint.contains(self.code_of(f.target)))
                    .collect();
                if !found.is_empty() {
                    return Some((found, part));
                }
            }
        }
        None
    }

    /// Places in `hint` with a name that starts with the words of `key` ("ramstein" for
    /// Ramstein-Miesenbach), the most populous.
    fn by_prefix(&self, key: &str, hint: &CountrySet) -> Option<(String, Vec<Found>)> {
        if key.len() < 4 {
            return None;
        }
        let prefix = format!("{key} ");
        let start = self.entries.partition_point(|e| e.key < prefix.as_str());
        let entry = self.entries[start..]
            .iter()
            .take_while(|e| e.key.starts_with(&prefix))
            .filter(|e| e.kind == NameKind::Name && hint.contains(self.code_of(e.target)))
            .max_by_key(|e| self.population(e.target))?;
        let found = vec![Found {
            target: entry.target,
            kind: NameKind::Name,
            score: f64::from(self.population(entry.target)).max(1.0),
            curated: false,
        }];
        Some((entry.key.to_owned(), found))
    }

    /// Keys within a small edit distance of `key` (spaces ignored), with their candidates in `hint`.
    fn by_spelling(&self, key: &str, hint: Option<&CountrySet>) -> Option<(String, Vec<Found>)> {
        let compact: Vec<u8> = key.bytes().filter(|&b| b != b' ').collect();
        let max_edits = match compact.len() {
            0..=5 => return None,
            6..=9 => 1,
            _ => 2,
        };
        let first = *compact.first()?;
        let starting_with_first = |list: &[u32]| -> std::ops::Range<usize> {
            let key_of = |&i: &u32| self.entries.get(i as usize).map_or("", |e| e.key);
            let lo = list.partition_point(|i| key_of(i).as_bytes().first() < Some(&first));
            let hi = list.partition_point(|i| key_of(i).as_bytes().first() <= Some(&first));
            lo..hi.max(lo)
        };
        let mut best: Option<(usize, &'static str)> = None;
        let mut buffer = Vec::with_capacity(64);
        let mut row = Vec::with_capacity(64);
        let mut consider = |entry: &Entry| {
            if entry.key.len().abs_diff(compact.len()) > max_edits + 3 {
                return;
            }
            buffer.clear();
            buffer.extend(entry.key.bytes().filter(|&b| b != b' '));
            let limit = best.map_or(max_edits, |(d, _)| d);
            if let Some(d) = bounded_levenshtein(&compact, &buffer, limit, &mut row)
                && best.is_none_or(|(bd, bk)| d < bd || (d == bd && entry.key < bk))
            {
                best = Some((d, entry.key));
            }
        };
        match hint {
            // Only the hinted countries' keys: a few thousand at most.
            Some(h) => {
                for code in &h.codes {
                    let list = self
                        .entries_by_country
                        .get(code)
                        .map_or(&[][..], Vec::as_slice);
                    for &i in &list[starting_with_first(list)] {
                        if let Some(entry) = self.entries.get(i as usize) {
                            consider(entry);
                        }
                    }
                }
            }
            None => {
                let lo = self
                    .entries
                    .partition_point(|e| e.key.as_bytes().first() < Some(&first));
                for entry in self.entries[lo..]
                    .iter()
                    .take_while(|e| e.key.as_bytes().first() == Some(&first))
                {
                    consider(entry);
                }
            }
        }
        let (_, near) = best?;
        let found: Vec<Found> = self
            .candidates(near)
            .into_iter()
            .filter(|f| hint.is_none_or(|h| h.contains(self.code_of(f.target))))
            .collect();
        (!found.is_empty()).then(|| (near.to_owned(), found))
    }

    /// A stay known only by its country: at the capital. A city-state named as such ("Singapore") is
    /// exact.
    fn country_level(&self, set: &CountrySet, key: Option<&str>) -> Geocoded {
        let Some(capital) = set.capital else {
            return Geocoded::unresolved(format!("country-level: {} has no capital", set.name));
        };
        let place = self.matched(capital);
        let city_state = key.is_some_and(|k| search_key(&place.name) == k);
        Geocoded {
            status: if city_state {
                GeocodeStatus::Exact
            } else {
                GeocodeStatus::Country
            },
            reason: (!city_state).then(|| format!("country-level: capital of {}", set.name)),
            place: Some(place),
            candidates: Vec::new(),
            others: Vec::new(),
        }
    }

    /// The candidates, best first, without any within [`FAR_APART_KM`] of a better one.
    fn far_apart(&self, sorted: &[Found], limit: usize) -> Vec<GeoMatch> {
        let mut kept: Vec<GeoMatch> = Vec::new();
        for f in sorted {
            let p = self.position(f.target);
            if kept
                .iter()
                .all(|k| distance_km(k.position, p) > FAR_APART_KM)
            {
                kept.push(self.matched(f.target));
                if kept.len() >= limit {
                    break;
                }
            }
        }
        kept
    }

    fn city(&self, index: u32) -> Option<&GazetteerCity> {
        self.gazetteer.cities().get(index as usize)
    }

    fn matched(&self, target: Target) -> GeoMatch {
        match target {
            Target::City(i) => self.city(i).map(city_match),
            Target::Curated(i) => self.curated.get(i as usize).cloned(),
        }
        .unwrap_or_else(|| GeoMatch {
            geonames_id: 0,
            name: String::new(),
            country: String::new(),
            country_code: String::new(),
            position: lat_lon(0.0, 0.0),
            tz: Tz::UTC,
            population: 0,
        })
    }

    fn code_of(&self, target: Target) -> &str {
        match target {
            Target::City(i) => self.city(i).map(|c| c.country_code.as_str()),
            Target::Curated(i) => self
                .curated
                .get(i as usize)
                .map(|c| c.country_code.as_str()),
        }
        .unwrap_or("")
    }

    fn position(&self, target: Target) -> Point {
        match target {
            Target::City(i) => self.city(i).map(|c| c.position),
            Target::Curated(i) => self.curated.get(i as usize).map(|c| c.position),
        }
        .unwrap_or_else(|| lat_lon(0.0, 0.0))
    }

    /// Trips go to capitals: a capital counts as [`CAPITAL_WEIGHT`] times its population when names are
    /// compared ("Islamabad" is the capital, not the town in Kashmir).
    fn capital_weight(&self, target: Target) -> f64 {
        match target {
            Target::City(i) if self.capitals.contains(&i) => CAPITAL_WEIGHT,
            _ => 1.0,
        }
    }

    fn population(&self, target: Target) -> u32 {
        match target {
            Target::City(i) => self.city(i).map_or(0, |c| c.population),
            Target::Curated(i) => self.curated.get(i as usize).map_or(0, |c| c.population),
        }
    }

    /// How many search keys the index holds (for size reports).
    pub fn key_count(&self) -> usize {
        self.entries.len()
    }
}

/// The places of a list, and the country its last item named.
struct ListItems<'a> {
    places: Vec<String>,
    hint: Option<&'a CountrySet>,
}

/// A region standing in for an unknown place inside it: flagged, never exact.
fn flagged_region(mut region: Geocoded, base: &str) -> Geocoded {
    let name = region
        .place
        .as_ref()
        .map_or("", |p| p.name.as_str())
        .to_owned();
    region.status = GeocodeStatus::Fuzzy;
    region.reason = Some(format!(
        "{base:?} unknown; placed at {name}, the region given"
    ));
    region
}

fn city_match(city: &GazetteerCity) -> GeoMatch {
    GeoMatch {
        geonames_id: city.geonames_id,
        name: city.name.clone(),
        country: city.country.clone(),
        country_code: city.country_code.clone(),
        position: city.position,
        tz: city.tz,
        population: city.population,
    }
}

fn sort_by_score(found: &mut [Found]) {
    found.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.kind.cmp(&b.kind)));
}

/// Lines of a hand-written table: not empty, not a `#` comment, not the header (starting `name\t`);
/// with their 1-based numbers.
fn data_lines(tsv: &str) -> impl Iterator<Item = (usize, &str)> {
    tsv.lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim_end_matches('\r')))
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#') && !l.starts_with("name\t"))
}

/// "(none)", "n/a", "-": a column that says there is nothing.
fn is_none_text(text: &str) -> bool {
    matches!(
        search_key(text).as_str(),
        "none" | "n a" | "na" | "null" | "nil" | "unknown" | ""
    )
}

/// What kind of non-place the key is ("at sea"), if it is one.
fn non_place(key: &str) -> Option<&'static str> {
    NON_PLACES.iter().copied().find(|&p| {
        key == p
            || key.starts_with(&format!("{p} "))
            || (p.contains(' ') && key.contains(&format!(" {p}")))
    })
}

/// Items of a list that qualify the one before rather than name a place: "Washington, D.C.".
fn is_qualifier(key: &str) -> bool {
    key.len() <= 2 || matches!(key, "d c" | "d f" | "df" | "dc" | "cdmx")
}

/// `text` split at list separators outside parentheses.
fn split_top_level(text: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut depth = 0_i32;
    let mut start = 0;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b'(' | b'[' => depth += 1,
            b')' | b']' => depth = (depth - 1).max(0),
            b',' | b';' | b'/' | b'&' | b'+' if depth == 0 => {
                parts.push(&text[start..i]);
                start = i + 1;
            }
            b' ' if depth == 0 => {
                let rest = &text[i..];
                let word = [" and ", " And ", " AND ", " then ", " und ", " et "]
                    .iter()
                    .find(|w| rest.starts_with(**w));
                if let Some(w) = word {
                    parts.push(&text[start..i]);
                    start = i + w.len();
                    i = start;
                    continue;
                }
            }
            _ => {}
        }
        i += 1;
    }
    parts.push(&text[start..]);
    parts
}

/// `key` without designation words ("ramstein air base" -> "ramstein").
fn strip_designations(key: &str) -> String {
    let mut words: Vec<&str> = key.split(' ').collect();
    for designation in DESIGNATIONS {
        let d: Vec<&str> = designation.split(' ').collect();
        let mut i = 0;
        while i + d.len() <= words.len() {
            if words[i..i + d.len()] == d[..] {
                words.drain(i..i + d.len());
            } else {
                i += 1;
            }
        }
    }
    // "Near Paris", "outside Seoul", "vicinity of Hue".
    while let Some(first) = words.first()
        && matches!(*first, "near" | "outside" | "vicinity" | "nr" | "off")
    {
        words.remove(0);
    }
    words.join(" ")
}

/// The edit distance between `a` and `b` if it is at most `limit`.
fn bounded_levenshtein(a: &[u8], b: &[u8], limit: usize, row: &mut Vec<usize>) -> Option<usize> {
    if a.len().abs_diff(b.len()) > limit {
        return None;
    }
    row.clear();
    row.extend(0..=b.len());
    for (i, &ca) in a.iter().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        let mut row_min = row[0];
        for (j, &cb) in b.iter().enumerate() {
            let substitution = previous + usize::from(ca != cb);
            previous = row[j + 1];
            let value = substitution.min(row[j] + 1).min(previous + 1);
            row[j + 1] = value;
            row_min = row_min.min(value);
        }
        if row_min > limit {
            return None;
        }
    }
    row.last().copied().filter(|&d| d <= limit)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolve(place: &str, country: Option<&str>) -> Geocoded {
        Geocoder::bundled().resolve(place, country)
    }

    fn placed(place: &str, country: Option<&str>) -> GeoMatch {
        resolve(place, country)
            .place
            .unwrap_or_else(|| panic!("{place:?} / {country:?} not placed"))
    }

    fn near(m: &GeoMatch, lat: f64, lon: f64) -> bool {
        distance_km(m.position, lat_lon(lat, lon)) < 30.0
    }

    #[test]
    fn a_city_under_its_country_is_exact() {
        let g = resolve("Geneva", Some("Switzerland"));
        assert_eq!(g.status, GeocodeStatus::Exact);
        let place = g.place.unwrap();
        assert_eq!(place.name, "Geneva");
        assert_eq!(place.country_code, "CH");
        assert_eq!(place.geonames_id, 2_660_646);
        assert_eq!(place.tz, chrono_tz::Europe::Zurich);
    }

    #[test]
    fn a_former_country_maps_to_its_present_codes() {
        let moscow = resolve("Moscow", Some("U.S.S.R."));
        assert_eq!(moscow.status, GeocodeStatus::Exact);
        assert_eq!(moscow.place.unwrap().country_code, "RU");
        let yalta = resolve("Yalta", Some("Soviet Union"));
        assert_eq!(yalta.place.unwrap().country_code, "UA");
        let salisbury = resolve("Salisbury", Some("Southern Rhodesia"));
        assert_eq!(salisbury.status, GeocodeStatus::Alternate);
        assert_eq!(salisbury.place.unwrap().name, "Harare");
        let kinshasa = placed("Léopoldville", Some("Congo"));
        assert_eq!(kinshasa.name, "Kinshasa");
    }

    #[test]
    fn a_country_in_parentheses_is_stronger_than_the_column() {
        let g = resolve("Oran (Algeria)", Some("France"));
        assert_eq!(g.status, GeocodeStatus::Exact);
        assert_eq!(g.place.unwrap().country_code, "DZ");
        let havana = resolve("Havana (Cuba)", None);
        assert_eq!(havana.status, GeocodeStatus::Exact);
        assert!(near(&havana.place.unwrap(), 23.13, -82.38));
    }

    #[test]
    fn a_country_after_a_comma_is_a_hint_but_two_cities_are_a_list() {
        let paris = resolve("Paris, France", None);
        assert_eq!(paris.status, GeocodeStatus::Exact);
        assert_eq!(paris.place.unwrap().country_code, "FR");
        assert!(paris.others.is_empty());
        let geneva = resolve("Geneva, Bern", Some("Switzerland"));
        assert_eq!(geneva.place.unwrap().name, "Geneva");
        assert_eq!(geneva.others, vec!["Bern".to_owned()]);
    }

    #[test]
    fn a_list_is_placed_at_its_first_place_and_can_be_split() {
        let g = resolve("Paris and Versailles", Some("France"));
        assert_eq!(g.place.unwrap().name, "Paris");
        assert_eq!(g.others, vec!["Versailles".to_owned()]);
        let each = Geocoder::bundled().resolve_each("Peking, Hangzhou, Shanghai", Some("China"));
        let names: Vec<String> = each
            .iter()
            .filter_map(|g| g.place.clone())
            .map(|p| p.name)
            .collect();
        assert_eq!(names, ["Beijing", "Hangzhou", "Shanghai"]);
        assert_eq!(each[0].status, GeocodeStatus::Alternate);
        let whole = resolve("Trinidad and Tobago", None);
        assert_eq!(whole.status, GeocodeStatus::Country);
        assert!(whole.others.is_empty());
    }

    #[test]
    fn a_non_place_is_unresolved_with_a_reason() {
        for text in [
            "aboard USS Missouri",
            "At sea",
            "en route to Cairo",
            "USS Augusta",
            "In flight",
        ] {
            let g = resolve(text, Some("Japan"));
            assert_eq!(g.status, GeocodeStatus::Unresolved, "{text}");
            assert!(g.place.is_none());
            assert!(g.reason.unwrap().starts_with("not a place"), "{text}");
        }
    }

    #[test]
    fn an_empty_place_or_a_country_is_placed_at_the_capital() {
        let g = resolve("", Some("Vatican City"));
        assert_eq!(g.status, GeocodeStatus::Country);
        assert_eq!(g.place.unwrap().country_code, "VA");
        let singapore = resolve("Singapore", None);
        assert_eq!(singapore.status, GeocodeStatus::Exact);
        let bermuda = resolve("Bermuda", Some("United Kingdom"));
        assert_eq!(bermuda.status, GeocodeStatus::Country);
        assert_eq!(bermuda.place.unwrap().country_code, "BM");
        let bonn = placed("", Some("Germany, Federal Republic of"));
        assert_eq!(bonn.name, "Bonn");
    }

    #[test]
    fn far_apart_places_of_one_name_are_ambiguous_unless_one_is_much_larger() {
        let paris = resolve("Paris", None);
        assert_eq!(paris.status, GeocodeStatus::Exact);
        assert_eq!(paris.place.unwrap().country_code, "FR");
        let victoria = resolve("Victoria", None);
        assert_eq!(victoria.status, GeocodeStatus::Ambiguous);
        assert!(victoria.candidates.len() > 1);
        assert!(victoria.place.is_some());
    }

    #[test]
    fn a_match_only_outside_the_country_given_is_never_silent() {
        let g = resolve("Springfield", Some("France"));
        assert_ne!(g.status, GeocodeStatus::Exact);
        assert!(matches!(
            g.status,
            GeocodeStatus::Ambiguous | GeocodeStatus::Unresolved
        ));
        assert!(g.reason.is_some());
        let lyon = resolve("Lyon", Some("Japan"));
        assert!(matches!(
            lyon.status,
            GeocodeStatus::Ambiguous | GeocodeStatus::Unresolved
        ));
    }

    #[test]
    fn a_former_name_found_only_in_a_colony_of_the_country_given_is_flagged() {
        let g = resolve("Noordwijk", Some("Netherlands"));
        assert_ne!(g.status, GeocodeStatus::Alternate);
        assert_ne!(g.status, GeocodeStatus::Exact);
        // A city's own name in a colony listed under its ruler is not flagged.
        let kingston = resolve("Kingston (Jamaica)", Some("United Kingdom"));
        assert_eq!(kingston.status, GeocodeStatus::Exact);
    }

    #[test]
    fn a_small_town_found_only_by_an_alternate_name_is_flagged() {
        let g = resolve("Langkawi", Some("Malaysia"));
        assert_eq!(g.status, GeocodeStatus::Fuzzy);
        assert!(g.reason.unwrap().contains("small town"));
    }

    #[test]
    fn a_capital_wins_over_a_town_of_the_same_name() {
        let g = resolve("Islamabad", Some("Pakistan"));
        assert_eq!(g.status, GeocodeStatus::Exact);
        assert!(near(&g.place.unwrap(), 33.72, 73.04));
    }

    #[test]
    fn a_city_named_as_written_wins_over_a_bigger_one_with_that_alternate_name() {
        // New Delhi is India's capital and a GeoNames city of its own; Delhi lists it as another name.
        let g = resolve("New Delhi", Some("India"));
        assert_eq!(g.status, GeocodeStatus::Exact);
        assert_eq!(g.place.as_ref().map(|p| p.geonames_id), Some(1_261_481));
        assert_eq!(placed("Delhi", Some("India")).geonames_id, 1_273_294);
        assert_eq!(placed("", Some("India")).name, "New Delhi", "the capital");
    }

    #[test]
    fn a_country_column_that_names_no_country_flags_the_match() {
        let g = resolve("Lima", Some("Ohio"));
        assert_eq!(g.status, GeocodeStatus::Ambiguous);
        assert!(g.reason.unwrap().contains("not recognised"));
    }

    #[test]
    fn accents_case_and_saint_do_not_matter() {
        for text in ["Zurich", "ZÜRICH", "zürich"] {
            assert_eq!(
                resolve(text, Some("Switzerland")).status,
                GeocodeStatus::Exact
            );
        }
        assert_eq!(placed("Sao Paulo", Some("Brazil")).name, "São Paulo");
        assert_eq!(
            placed("St. Petersburg", Some("Russia")).name,
            "Saint Petersburg"
        );
    }

    #[test]
    fn designations_and_misspellings_match_loosely() {
        let g = resolve("Ramstein Air Base", Some("Germany"));
        assert_eq!(g.status, GeocodeStatus::Fuzzy);
        assert!(near(&g.place.unwrap(), 49.44, 7.55));
        let c = resolve("Castel Ventrano (Sicily)", Some("Italy"));
        assert_eq!(c.status, GeocodeStatus::Fuzzy);
        assert_eq!(c.place.unwrap().name, "Castelvetrano");
    }

    #[test]
    fn curated_places_are_found_with_their_time_zone() {
        let g = resolve("Chequers", Some("United Kingdom"));
        assert_eq!(g.status, GeocodeStatus::Alternate);
        let place = g.place.unwrap();
        assert_eq!(place.geonames_id, 0);
        assert_eq!(place.tz, chrono_tz::Europe::London);
    }

    #[test]
    fn the_edit_distance_is_bounded() {
        let mut row = Vec::new();
        assert_eq!(
            bounded_levenshtein(b"kitten", b"sitting", 3, &mut row),
            Some(3)
        );
        assert_eq!(
            bounded_levenshtein(b"kitten", b"sitting", 2, &mut row),
            None
        );
        assert_eq!(bounded_levenshtein(b"abc", b"abc", 0, &mut row), Some(0));
    }

    #[test]
    fn suggestions_come_from_the_gazetteer() {
        let s = Geocoder::bundled().suggest("genev", 3);
        assert_eq!(s[0].name, "Geneva");
        assert_eq!(s[0].country_code, "CH");
    }
}
