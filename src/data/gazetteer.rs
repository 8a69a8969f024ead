//! An offline gazetteer of the world's cities, for suggestions while a place name is typed.
//!
//! The data a user enters (who went where, whom they met) can be sensitive, so looking a place up must
//! never send what was typed anywhere: the whole table is embedded in the binary and searched locally.
//! It is GeoNames' "cities with a population of 5,000 or more" (about 69,000 cities), converted by
//! `assets/gazetteer/convert.py` into two TSVs: the cities, with GeoNames ids, ISO country codes, IANA
//! time zones and Latin-script alternate names ("Kiev", "Bombay", "Genf", "Léopoldville"), and the
//! countries, with their English names, capitals and most common time zone (which a city in that zone
//! leaves out, to keep the table small). See `assets/gazetteer/README.md`; the data must be credited as
//! [`ATTRIBUTION`].
//!
//! Matching ignores case, accents and punctuation ("geneve", "Genève" and "GENEVA" are one query) and
//! reads the abbreviations "St", "Ste", "Mt" and "Ft" as "Saint", "Sainte", "Mount" and "Fort". The
//! search keys (lower-case ASCII folds of every name) are computed once when the table is parsed, and a
//! search is a linear scan over all of them, most populous city first: a few hundred microseconds per
//! keystroke in a release build.

use std::sync::LazyLock;

use chrono_tz::Tz;

use crate::geodesy::{Point, lat_lon};

/// The credit the GeoNames licence (CC BY 4.0) asks for wherever the suggestions are shown.
pub const ATTRIBUTION: &str = "GeoNames, https://www.geonames.org/, CC BY 4.0";

/// The embedded city table: a header line, then one city per line, most populous first.
pub static BUNDLED_TSV: &str = include_str!("../../assets/gazetteer/cities.tsv");
/// The embedded country table: a header line, then one country per line, by ISO code.
pub static BUNDLED_COUNTRIES_TSV: &str = include_str!("../../assets/gazetteer/countries.tsv");

static BUNDLED: LazyLock<Gazetteer> =
    LazyLock::new(|| Gazetteer::from_tsv(BUNDLED_TSV, BUNDLED_COUNTRIES_TSV));

/// One country of the gazetteer's country table.
#[derive(Clone, Debug, PartialEq)]
pub struct GazetteerCountry {
    /// ISO 3166-1 alpha-2 ("CH").
    pub code: String,
    /// English short name ("Switzerland").
    pub name: String,
    /// The capital's GeoNames id, when the capital is in the city table.
    pub capital_geonames_id: Option<u32>,
    /// The time zone of most of its cities; rows of the city table in it leave theirs empty.
    pub tz: Option<Tz>,
}

/// One city of the gazetteer.
#[derive(Clone, Debug, PartialEq)]
pub struct GazetteerCity {
    /// GeoNames' id of the city (<https://www.geonames.org/2660646> is Geneva).
    pub geonames_id: u32,
    /// The GeoNames name, in its usual English or local Latin spelling ("Geneva", "Zürich").
    pub name: String,
    /// The country's English short name ("Switzerland", "United States").
    pub country: String,
    /// The country's ISO 3166-1 alpha-2 code ("CH", "US").
    pub country_code: String,
    /// WGS84, made with [`lat_lon`].
    pub position: Point,
    /// The city's IANA time zone.
    pub tz: Tz,
    /// Inhabitants, as GeoNames gives it.
    pub population: u32,
}

impl GazetteerCity {
    /// "Geneva, Switzerland": how a suggestion is shown.
    pub fn label(&self) -> String {
        format!("{}, {}", self.name, self.country)
    }
}

/// A table of cities, most populous first, with the keys they are searched by.
///
/// Each city's search keys ([`search_key`] of its names) are stored in two long strings, `primary` (from
/// the name and the ASCII name) and `alternates`, every key preceded by `'\n'` and the whole ending with
/// one, cities one after another in table order. A search is then a few substring scans: `"\nquery"`
/// finds the keys that start with the query, `"\nquery\n"` those equal to it, and the city of a hit is
/// found from its offset.
#[derive(Clone, Debug, Default)]
pub struct Gazetteer {
    cities: Vec<GazetteerCity>,
    countries: Vec<GazetteerCountry>,
    primary: KeyText,
    alternates: KeyText,
    /// Rows left out because their time zone, coordinates or population did not parse.
    skipped: usize,
}

/// Search keys of all cities, as described at [`Gazetteer`].
#[derive(Clone, Debug, Default)]
struct KeyText {
    text: String,
    /// Where each city's keys start in `text`.
    starts: Vec<usize>,
}

impl KeyText {
    /// Starts the next city's keys.
    fn begin_city(&mut self) {
        self.starts.push(self.text.len());
    }

    /// Adds `key` to the current city unless it is empty or, with `dedupe`, the city already has it.
    /// (Alternate names come deduplicated from the conversion; checking them all again would make
    /// parsing quadratic in their number.)
    fn push(&mut self, key: &str, dedupe: bool) {
        let city_start = self.starts.last().copied().unwrap_or(0);
        let current = self.text.get(city_start..).unwrap_or_default();
        if key.is_empty() || (dedupe && current.split('\n').any(|k| k == key)) {
            return;
        }
        self.text.push('\n');
        self.text.push_str(key);
    }

    /// The keys of city `city`, in the order they were added.
    fn keys_of(&self, city: usize) -> impl Iterator<Item = &str> {
        let start = self.starts.get(city).copied().unwrap_or(self.text.len());
        let end = self
            .starts
            .get(city + 1)
            .copied()
            .unwrap_or(self.text.len());
        self.text
            .get(start..end)
            .unwrap_or_default()
            .split('\n')
            .filter(|k| !k.is_empty())
    }

    /// Drops what the current city added (its row turned out not to parse).
    fn abandon_city(&mut self) {
        if let Some(start) = self.starts.pop() {
            self.text.truncate(start);
        }
    }

    /// Indexes of the cities with a key containing `pattern`, ascending, each once. `pattern` may start
    /// and end with `'\n'` to match at the start or end of a key; matches may overlap by one `'\n'` (two
    /// neighbouring keys equal to the query).
    ///
    /// The text is scanned in blocks of [`CITIES_PER_BLOCK`] cities: `str::contains` (vectorised for short
    /// patterns) rules most blocks out, and only the others are searched for where the matches are.
    fn cities_matching<'a>(&'a self, pattern: &'a str) -> impl Iterator<Item = usize> + 'a {
        let step = pattern.chars().next().map_or(1, char::len_utf8);
        let mut last = None;
        (0..self.starts.len().div_ceil(CITIES_PER_BLOCK))
            .flat_map(move |block| {
                let first = block * CITIES_PER_BLOCK;
                let start = self.starts.get(first).copied().unwrap_or(self.text.len());
                // The '\n' before the next block's first key, or the text's final one, belongs here too.
                let end = self
                    .starts
                    .get(first + CITIES_PER_BLOCK)
                    .map_or(self.text.len(), |&next| next + 1)
                    .min(self.text.len());
                let haystack = self.text.get(start..end).unwrap_or_default();
                let mut from = if haystack.contains(pattern) {
                    0
                } else {
                    haystack.len()
                };
                std::iter::from_fn(move || {
                    let at = from + haystack.get(from..)?.find(pattern)?;
                    from = at + step;
                    Some(start + at)
                })
            })
            .filter_map(move |offset| {
                // A match belongs to the city whose text it starts in.
                let city = self
                    .starts
                    .partition_point(|&s| s <= offset)
                    .checked_sub(1)?;
                (last != Some(city)).then(|| {
                    last = Some(city);
                    city
                })
            })
    }
}

/// How many cities' keys [`KeyText::cities_matching`] rules in or out at once.
const CITIES_PER_BLOCK: usize = 256;

impl Gazetteer {
    /// The embedded GeoNames table, parsed once (on first use) in some tens of milliseconds in a release
    /// build.
    pub fn bundled() -> &'static Gazetteer {
        &BUNDLED
    }

    /// Parses tables in the format of `assets/gazetteer/cities.tsv` and `countries.tsv`.
    ///
    /// Cities: tab-separated GeoNames id, name, ASCII name (empty when the same as the name), ISO country
    /// code, latitude, longitude, IANA time zone (empty for the country's usual one), population and
    /// `|`-separated alternate names, most populous first. Countries: ISO code, English name, the
    /// capital's GeoNames id and name, and the usual time zone. A first line starting with
    /// `geonames_id\t` or `iso\t` is a header. Rows that do not parse, such as those with a time zone this
    /// build does not know, are skipped and counted in a debug log.
    pub fn from_tsv(cities_tsv: &str, countries_tsv: &str) -> Self {
        let mut g = Gazetteer {
            countries: parse_countries(countries_tsv),
            ..Gazetteer::default()
        };
        let mut scratch = String::new();
        for (line_no, line) in cities_tsv.lines().enumerate() {
            if line.is_empty() || (line_no == 0 && line.starts_with("geonames_id\t")) {
                continue;
            }
            if !g.push_row(line, &mut scratch) {
                g.skipped += 1;
                log::debug!("gazetteer: skipped line {}: {line:?}", line_no + 1);
            }
        }
        g.primary.text.push('\n');
        g.alternates.text.push('\n');
        if g.skipped > 0 {
            log::debug!(
                "gazetteer: {} cities, {} rows skipped",
                g.cities.len(),
                g.skipped
            );
        }
        g
    }

    /// Adds one row; `false` when it does not parse.
    fn push_row(&mut self, line: &str, scratch: &mut String) -> bool {
        let mut fields = line.split('\t');
        let mut next = || fields.next();
        let (
            Some(geonames_id),
            Some(name),
            Some(ascii_name),
            Some(country_code),
            Some(lat),
            Some(lon),
            Some(tz),
            Some(population),
        ) = (
            next(),
            next(),
            next(),
            next(),
            next(),
            next(),
            next(),
            next(),
        )
        else {
            return false;
        };
        let alternates = next().unwrap_or("");
        let country = self.countries.iter().find(|c| c.code == country_code);
        let tz = if tz.is_empty() {
            country.and_then(|c| c.tz).ok_or(())
        } else {
            tz.parse::<Tz>().map_err(|_| ())
        };
        let (Ok(geonames_id), Ok(lat), Ok(lon), Ok(tz), Ok(population)) = (
            geonames_id.parse::<u32>(),
            lat.parse::<f64>(),
            lon.parse::<f64>(),
            tz,
            population.parse::<u32>(),
        ) else {
            return false;
        };
        if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
            return false;
        }

        self.primary.begin_city();
        push_keys(&mut self.primary, name, true, scratch);
        push_keys(&mut self.primary, ascii_name, true, scratch);
        if self.primary.starts.last() == Some(&self.primary.text.len()) {
            // A name with no letters or digits could never be found.
            self.primary.abandon_city();
            return false;
        }
        self.alternates.begin_city();
        for alternate in alternates.split('|') {
            push_keys(&mut self.alternates, alternate, false, scratch);
        }
        self.cities.push(GazetteerCity {
            geonames_id,
            name: name.to_owned(),
            country: country.map_or_else(|| country_code.to_owned(), |c| c.name.clone()),
            country_code: country_code.to_owned(),
            position: lat_lon(lat, lon),
            tz,
            population,
        });
        true
    }

    /// Cities whose name (or ASCII name) starts with `query` or that have an alternate name equal to it
    /// ("Kiev" finds Kyiv, "Leningrad" Saint Petersburg); then those with an alternate name that starts
    /// with it; then those whose name contains it; each group most populous first; at most `limit` in
    /// all. Case, accents, punctuation and "St"/"Saint" do not matter. A query with no letters or digits
    /// finds nothing.
    pub fn search(&self, query: &str, limit: usize) -> Vec<&GazetteerCity> {
        let query = search_key(query);
        if query.is_empty() || limit == 0 {
            return Vec::new();
        }
        let starts_with = format!("\n{query}");
        let equal = format!("\n{query}\n");

        // Both lists are in table order, so merging them keeps it.
        let by_name: Vec<usize> = self
            .primary
            .cities_matching(&starts_with)
            .take(limit)
            .collect();
        let by_alternate: Vec<usize> = self
            .alternates
            .cities_matching(&equal)
            .take(limit)
            .collect();
        let mut found = by_name;
        found.extend(by_alternate);
        found.sort_unstable();
        found.dedup();
        found.truncate(limit);

        for later in [
            &mut self.alternates.cities_matching(&starts_with) as &mut dyn Iterator<Item = usize>,
            &mut self.primary.cities_matching(&query),
        ] {
            let wanted = limit - found.len();
            if wanted == 0 {
                break;
            }
            let more: Vec<usize> = later.filter(|c| !found.contains(c)).take(wanted).collect();
            found.extend(more);
        }
        found.iter().filter_map(|&c| self.cities.get(c)).collect()
    }

    /// All cities, most populous first.
    pub fn cities(&self) -> &[GazetteerCity] {
        &self.cities
    }

    /// All countries, by ISO code.
    pub fn countries(&self) -> &[GazetteerCountry] {
        &self.countries
    }

    /// The search keys ([`search_key`]) of the name and ASCII name of the city at `index` in
    /// [`Gazetteer::cities`], with abbreviations also spelled out.
    pub fn name_keys(&self, index: usize) -> impl Iterator<Item = &str> {
        self.primary.keys_of(index)
    }

    /// The search keys of the alternate names of the city at `index` in [`Gazetteer::cities`].
    pub fn alternate_keys(&self, index: usize) -> impl Iterator<Item = &str> {
        self.alternates.keys_of(index)
    }

    /// How many cities there are.
    pub fn len(&self) -> usize {
        self.cities.len()
    }

    /// Whether there are no cities.
    pub fn is_empty(&self) -> bool {
        self.cities.is_empty()
    }
}

/// Parses the country table (see [`Gazetteer::from_tsv`]); rows that do not parse are left out.
fn parse_countries(tsv: &str) -> Vec<GazetteerCountry> {
    tsv.lines()
        .enumerate()
        .filter(|(line_no, line)| {
            !(line.is_empty() || (*line_no == 0 && line.starts_with("iso\t")))
        })
        .filter_map(|(_, line)| {
            let mut fields = line.split('\t');
            let (Some(code), Some(name)) = (fields.next(), fields.next()) else {
                return None;
            };
            let capital_geonames_id = fields.next().and_then(|id| id.parse().ok());
            let _capital_name = fields.next();
            let tz = fields.next().and_then(|tz| tz.parse().ok());
            (code.len() == 2).then(|| GazetteerCountry {
                code: code.to_owned(),
                name: name.trim().to_owned(),
                capital_geonames_id,
                tz,
            })
        })
        .collect()
}

/// Adds the keys of one name: as written, and with abbreviations spelled out.
fn push_keys(keys: &mut KeyText, name: &str, dedupe: bool, scratch: &mut String) {
    scratch.clear();
    fold_into(name, scratch);
    keys.push(scratch, dedupe);
    if let Some(expanded) = expand_abbreviations(scratch, true) {
        // Never the same as `scratch`.
        keys.push(&expanded, dedupe);
    }
}

/// The key a query is matched with: lower-case ASCII where the letter has an ASCII base, words separated
/// by one space, and "st"/"ste"/"mt"/"ft" spelled out where the word is complete (followed by another
/// word, a space or a full stop), so that "St. Petersburg" and "saint petersburg" are the same query.
pub fn search_key(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    let last_complete = fold_into(text, &mut folded);
    expand_abbreviations(&folded, last_complete).unwrap_or(folded)
}

/// Appends the words of `text`, folded, separated by one space; returns whether the last word was
/// followed by a separator.
fn fold_into(text: &str, out: &mut String) -> bool {
    let start = out.len();
    let mut in_word = false;
    let mut last_complete = false;
    for c in text.chars() {
        let folding = fold_char(c);
        match folding {
            Folding::Drop => continue,
            Folding::Separator => {
                last_complete |= in_word;
                in_word = false;
                continue;
            }
            _ => {}
        }
        if !in_word && out.len() > start {
            out.push(' ');
        }
        in_word = true;
        last_complete = false;
        match folding {
            Folding::Ascii(b) => out.push(char::from(b)),
            Folding::Str(s) => out.push_str(s),
            Folding::Lower(c) => out.extend(c.to_lowercase()),
            Folding::Drop | Folding::Separator => {}
        }
    }
    last_complete
}

/// `folded` with abbreviated words spelled out, or `None` when it has none; the last word only when
/// `last_complete` (while "st" is being typed it may become "stockholm").
fn expand_abbreviations(folded: &str, last_complete: bool) -> Option<String> {
    fn long_form(word: &str) -> Option<&'static str> {
        match word {
            "st" => Some("saint"),
            "ste" => Some("sainte"),
            "mt" => Some("mount"),
            "ft" => Some("fort"),
            _ => None,
        }
    }
    // Most names have no "st", "mt" or "ft" at all: skip them without splitting into words.
    let bytes = folded.as_bytes();
    if !bytes
        .windows(2)
        .any(|w| w[1] == b't' && matches!(w[0], b's' | b'm' | b'f'))
    {
        return None;
    }
    let word_count = folded.split(' ').count();
    let expandable = |i: usize| i + 1 < word_count || last_complete;
    let any = folded
        .split(' ')
        .enumerate()
        .any(|(i, w)| expandable(i) && long_form(w).is_some());
    any.then(|| {
        let words: Vec<&str> = folded
            .split(' ')
            .enumerate()
            .map(|(i, w)| match long_form(w) {
                Some(long) if expandable(i) => long,
                _ => w,
            })
            .collect();
        words.join(" ")
    })
}

enum Folding {
    /// Left out: apostrophes ("Xi'an" is "xian").
    Drop,
    /// Ends a word: spaces, hyphens, full stops, brackets.
    Separator,
    Ascii(u8),
    Str(&'static str),
    /// A letter with no ASCII base (Cyrillic, Greek, CJK, ...), lower-cased.
    Lower(char),
}

/// The lower-case ASCII base letter of each code point from U+00C0, U+0100, U+0180 and U+1E00 on (from
/// its Unicode decomposition, with a few letters that have none, such as "ø", "ł", "đ" and "ı", added by
/// hand); `.` where there is none or it is more than one letter.
const LATIN_1: &[u8; 64] = b"aaaaaa.ceeeeiiiidnooooo.ouuuuy..aaaaaa.ceeeeiiiidnooooo.ouuuuy.y";
const LATIN_EXTENDED_A: &[u8; 128] =
    b"aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiii..jjkk.lllllll\
lllnnnnnn...oooooo..rrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";
const LATIN_EXTENDED_B: &[u8; 208] =
    b"bb....occ.ddd.eeeff....ikkll.nnooo..pp.....ttttuu..yyzz.........\
.............aaiioouuuuuuuuuueaaaa....ggkkoooo..j...gg..nnaa....\
aaaaeeeeiiiioooorrrruuuusstt..hh....zzaaeeooooooooyy.......cc...\
....u.eejj..rryy";
const LATIN_EXTENDED_ADDITIONAL: &[u8; 256] =
    b"aabbbbbbccddddddddddeeeeeeeeeeffgghhhhhhhhhhiiiikkkkkkllllllllmm\
mmmmnnnnnnnnoooooooopppprrrrrrrrssssssssssttttttttuuuuuuuuuuvvvv\
wwwwwwwwwwxxxxyyzzzzzzhtwy.s....aaaaaaaaaaaaaaaaaaaaaaaaeeeeeeee\
eeeeeeeeiiiioooooooooooooooooooooooouuuuuuuuuuuuuuyyyyyyyy......";

fn fold_char(c: char) -> Folding {
    if c.is_ascii_alphanumeric() {
        return Folding::Ascii(c.to_ascii_lowercase() as u8);
    }
    match c {
        '\'' | '`' | '´' | '‘' | '’' | 'ʻ' | 'ʼ' | 'ʾ' | 'ʿ' => return Folding::Drop,
        'æ' | 'Æ' => return Folding::Str("ae"),
        'œ' | 'Œ' => return Folding::Str("oe"),
        'ß' | 'ẞ' => return Folding::Str("ss"),
        'þ' | 'Þ' => return Folding::Str("th"),
        'ĳ' | 'Ĳ' => return Folding::Str("ij"),
        'ŉ' => return Folding::Str("n"),
        'ə' => return Folding::Ascii(b'e'),
        _ => {}
    }
    let cp = u32::from(c);
    let table: Option<(&[u8], u32)> = match cp {
        0xC0..=0xFF => Some((LATIN_1, 0xC0)),
        0x100..=0x17F => Some((LATIN_EXTENDED_A, 0x100)),
        0x180..=0x24F => Some((LATIN_EXTENDED_B, 0x180)),
        0x1E00..=0x1EFF => Some((LATIN_EXTENDED_ADDITIONAL, 0x1E00)),
        _ => None,
    };
    if let Some(&b) = table.and_then(|(t, base)| t.get((cp - base) as usize))
        && b != b'.'
    {
        return Folding::Ascii(b);
    }
    if c.is_alphanumeric() {
        Folding::Lower(c)
    } else {
        Folding::Separator
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first(query: &str) -> &'static GazetteerCity {
        Gazetteer::bundled()
            .search(query, 5)
            .first()
            .copied()
            .unwrap_or_else(|| panic!("nothing found for {query:?}"))
    }

    #[test]
    fn every_bundled_row_parses_and_its_time_zone_is_known() {
        let g = Gazetteer::bundled();
        assert_eq!(g.skipped, 0);
        let rows = BUNDLED_TSV
            .lines()
            .skip(1)
            .filter(|l| !l.is_empty())
            .count();
        assert_eq!(g.len(), rows);
        assert!(g.len() > 60_000, "{}", g.len());
        assert!(g.countries().len() > 240);
        assert!(
            g.cities()
                .iter()
                .all(|c| c.country_code.len() == 2 && c.geonames_id > 0)
        );
    }

    #[test]
    fn every_row_names_its_keys_and_a_small_town_has_its_former_name() {
        let g = Gazetteer::bundled();
        let kinshasa = g.search("kinshasa", 1)[0];
        let index = g.cities().iter().position(|c| c == kinshasa).unwrap();
        assert!(g.name_keys(index).any(|k| k == "kinshasa"));
        assert!(g.alternate_keys(index).any(|k| k == "leopoldville"));
        // Below 100,000 inhabitants, alternate names are kept too.
        assert_eq!(first("Elisabethville").name, "Lubumbashi");
        assert!(first("Punta del Este").population < 15_000);
    }

    #[test]
    fn the_bundled_table_is_sorted_most_populous_first() {
        let cities = Gazetteer::bundled().cities();
        assert!(
            cities
                .windows(2)
                .all(|w| w[0].population >= w[1].population)
        );
    }

    #[test]
    fn geneva_finds_geneva_switzerland_first() {
        let geneva = first("Geneva");
        assert_eq!(geneva.label(), "Geneva, Switzerland");
        assert_eq!(geneva.tz, chrono_tz::Europe::Zurich);
        assert!(
            (geneva.position.y() - 46.20).abs() < 0.01,
            "{:?}",
            geneva.position
        );
        assert!(
            (geneva.position.x() - 6.14).abs() < 0.01,
            "{:?}",
            geneva.position
        );
    }

    #[test]
    fn case_and_accents_do_not_matter_and_french_spellings_find_geneva() {
        for query in ["geneva", "GENEVA", "geneve", "Genève", "GENÈVE", "Genf"] {
            assert_eq!(first(query).label(), "Geneva, Switzerland", "{query}");
        }
    }

    #[test]
    fn moscow_in_lower_case_finds_moscow_russia() {
        let moscow = first("moscow");
        assert_eq!(moscow.label(), "Moscow, Russia");
        assert_eq!(moscow.tz, chrono_tz::Europe::Moscow);
    }

    #[test]
    fn st_petersburg_and_saint_petersburg_find_saint_petersburg() {
        for query in [
            "st petersburg",
            "St. Petersburg",
            "saint petersburg",
            "Saint-Pétersbourg",
            "sankt peterburg",
            "leningrad",
        ] {
            let city = first(query);
            assert_eq!(city.label(), "Saint Petersburg, Russia", "{query}");
            assert_eq!(city.tz, chrono_tz::Europe::Moscow);
        }
    }

    #[test]
    fn dotted_and_dotless_i_find_istanbul() {
        for query in ["istanbul", "İstanbul", "ıstanbul", "ISTANBUL"] {
            let city = first(query);
            assert_eq!(city.label(), "Istanbul, Turkey", "{query}");
            assert_eq!(city.tz, chrono_tz::Europe::Istanbul);
        }
    }

    #[test]
    fn accented_names_are_found_without_their_accents() {
        let zurich = first("zurich");
        assert_eq!(zurich.name, "Zürich");
        assert_eq!(first("Sao Paulo").name, "São Paulo");
        assert_eq!(first("krakow").name, "Kraków");
        assert_eq!(first("malmo").name, "Malmö");
    }

    #[test]
    fn old_and_foreign_names_find_the_city() {
        assert_eq!(first("Kiev").name, "Kyiv");
        assert_eq!(first("bombay").name, "Mumbai");
        assert_eq!(first("München").name, "Munich");
        assert_eq!(first("Leningrad").name, "Saint Petersburg");
    }

    #[test]
    fn names_that_start_with_the_query_come_before_alternate_names_that_do() {
        // Istanbul is also "Stambul", but "stu" is Stuttgart and its like.
        let results = Gazetteer::bundled().search("stu", 5);
        assert!(
            results
                .iter()
                .all(|c| search_key(&c.name).starts_with("stu")),
            "{results:?}"
        );
        assert_eq!(Gazetteer::bundled().search("stambu", 1)[0].name, "Istanbul");
    }

    #[test]
    fn prefix_matches_come_before_matches_inside_the_name_each_most_populous_first() {
        let results = Gazetteer::bundled().search("york", 50);
        let first_inner = results
            .iter()
            .position(|c| !search_key(&c.name).starts_with("york"))
            .unwrap();
        assert!(
            results[..first_inner]
                .iter()
                .all(|c| search_key(&c.name).starts_with("york"))
        );
        assert!(results.iter().any(|c| c.name == "New York City"));
        let prefix = &results[..first_inner];
        assert!(
            prefix
                .windows(2)
                .all(|w| w[0].population >= w[1].population)
        );
    }

    #[test]
    fn an_empty_or_blank_query_finds_nothing() {
        let g = Gazetteer::bundled();
        assert!(g.search("", 10).is_empty());
        assert!(g.search("  -. ", 10).is_empty());
    }

    #[test]
    fn the_limit_is_respected() {
        let g = Gazetteer::bundled();
        assert_eq!(g.search("san", 7).len(), 7);
        assert_eq!(g.search("a", 3).len(), 3);
        assert!(g.search("a", 0).is_empty());
    }

    #[test]
    fn a_row_with_an_unknown_time_zone_is_skipped_without_a_panic() {
        let tsv = "geonames_id\tname\tascii_name\tcountry_code\tlat\tlon\ttz\tpopulation\talternate_names\n\
                   1\tAtlantis\t\tXX\t10.0\t20.0\tAtlantic/Atlantis\t1000\t\n\
                   2660646\tGenève\tGeneve\tCH\t46.20222\t6.14569\t\t201741\tGenf\n\
                   3\tBroken\t\tXX\tnot a number\t0\tUTC\t1\n\
                   4\tNowhere\t\tXX\t1.0\t2.0\t\t1\n\
                   Short\trow\n";
        let countries = "iso\tname\tcapital_geonames_id\tcapital\ttz\n\
                         CH\tSwitzerland\t2661552\tBern\tEurope/Zurich\n";
        let g = Gazetteer::from_tsv(tsv, countries);
        assert_eq!(g.len(), 1);
        assert_eq!(g.skipped, 4);
        let geneva = g.search("genf", 5)[0];
        assert_eq!(geneva.name, "Genève");
        assert_eq!(geneva.geonames_id, 2_660_646);
        assert_eq!(geneva.country, "Switzerland");
        assert_eq!(geneva.country_code, "CH");
        // The country's usual time zone stands in for an empty one.
        assert_eq!(geneva.tz, chrono_tz::Europe::Zurich);
        assert!(g.search("atlantis", 5).is_empty());
    }

    #[test]
    fn search_keys_fold_case_accents_punctuation_and_saint() {
        assert_eq!(search_key("  Genève "), "geneve");
        assert_eq!(search_key("St. Petersburg"), "saint petersburg");
        assert_eq!(search_key("st"), "st");
        assert_eq!(search_key("st "), "saint");
        assert_eq!(search_key("Xi'an"), "xian");
        assert_eq!(search_key("Łódź"), "lodz");
        assert_eq!(search_key("Hà Nội"), "ha noi");
        assert_eq!(search_key("Straße"), "strasse");
        assert_eq!(search_key("Москва"), "москва");
    }
}
