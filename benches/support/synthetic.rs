//! A deterministic generator of large, realistic travelmap datasets, shared by
//! `examples/synthetic.rs` (which writes it to a file) and the benchmarks (which keep it in memory).
//!
//! The world: real cities (a table of about 490, each with its coordinates and IANA zone), weighted so
//! that hubs are visited more often than small towns. Each person lives in a hub and travels all year:
//! one itinerary per person whose legs chain (every leg departs from where the previous one arrived,
//! after it arrived), each flight lasting the great-circle distance at 800 km/h plus 30 minutes, the
//! same estimate the app uses for a leg whose departure or arrival was not reported. The ground time
//! left over in 2025 is shared out between the stays. Meetings are then held during stays: a meeting
//! takes place in the city where its host is staying, preferably during local working hours, and its
//! 2–5 participants are all people staying in that city for the whole meeting.
//!
//! With few people and many meetings a person may be in two meetings at once; nothing else in the
//! data is inconsistent. The same seed always gives the same file.

#![allow(dead_code)]

use std::fmt;

use chrono::{DateTime, TimeZone as _, Timelike as _, Utc};
use chrono_tz::Tz;
use travelmap::data::{
    Certainty, FileDataset, FileLeg, FileMeeting, FilePerson, FilePlace, FileSource, When,
};
use travelmap::geodesy::{distance_km, lat_lon};

/// What to generate.
#[derive(Clone, Debug)]
pub struct Config {
    pub legs: usize,
    pub meetings: usize,
    pub people: usize,
    /// Number of cities used (at most [`CITIES`]`.len()`).
    pub places: usize,
    pub seed: u64,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            legs: 1_000,
            meetings: 10_000,
            people: 200,
            places: CITIES.len(),
            seed: 2025,
        }
    }
}

impl Config {
    /// The benchmark dataset: 100,000 legs and 1,000,000 meetings.
    pub fn one_million() -> Self {
        Self {
            legs: 100_000,
            meetings: 1_000_000,
            ..Self::default()
        }
    }
}

/// Why a dataset could not be generated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GenError(pub String);

impl fmt::Display for GenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for GenError {}

/// Figures about a generated dataset, for the example's summary.
#[derive(Clone, Debug, Default)]
pub struct Stats {
    pub places: usize,
    pub people: usize,
    pub legs: usize,
    pub meetings: usize,
    /// Total participants over all meetings.
    pub participants: usize,
    /// Stays drawn for a meeting and given up because nobody else was in town.
    pub meeting_retries: usize,
    pub legs_without_departure: usize,
    pub longest_flight_minutes: i64,
    pub total_flight_km: f64,
}

/// A small, fast, deterministic random number generator (`SplitMix64`).
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed ^ 0x5DEE_CE66_D1CE_4E5B)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n` > 0; the bias of the multiply-shift is below 2⁻³²).
    pub fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    /// Uniform in `lo..=hi`.
    pub fn between(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as usize) as i64
    }

    /// Uniform in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// The generated year, in minutes since 2025-01-01T00:00Z.
const YEAR_MINUTES: i64 = 365 * 24 * 60;
/// The shortest time between landing and taking off again.
const MIN_STAY_MINUTES: i64 = 120;
/// Legs shorter than this are not flown.
const MIN_LEG_KM: f64 = 150.0;
/// Chance that the next trip goes home.
const GO_HOME: f64 = 0.35;
/// Visit weight by tier: hubs are visited far more often than small towns.
const TIER_WEIGHT: [f64; 4] = [0.0, 1.0, 6.0, 30.0];

fn year_start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 1, 1, 0, 0, 0)
        .single()
        .unwrap_or(DateTime::<Utc>::UNIX_EPOCH)
}

/// Flight time in minutes: the great-circle distance at 800 km/h plus 30 minutes, as
/// `travelmap::data::Leg::flight_window` estimates it.
pub fn flight_minutes(km: f64) -> i64 {
    (km / travelmap::data::ASSUMED_SPEED_KMH * 60.0).round() as i64 + 30
}

/// A city of the table, ready to use.
struct Site {
    id: String,
    name: &'static str,
    country: &'static str,
    lat: f64,
    lon: f64,
    tz: Tz,
    tier: u8,
}

/// A stay: a person in a city from `arrive` to `depart` (minutes into the year).
#[derive(Clone, Copy, Debug)]
struct Stay {
    arrive: i64,
    depart: i64,
    person: u32,
}

fn slug(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        let c = match c {
            'á' | 'à' | 'â' | 'å' | 'ä' | 'ã' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'í' | 'ì' | 'î' | 'ï' => 'i',
            'ó' | 'ò' | 'ô' | 'ö' | 'õ' | 'ø' => 'o',
            'ú' | 'ù' | 'û' | 'ü' => 'u',
            'ñ' => 'n',
            'ç' => 'c',
            'ń' => 'n',
            c => c.to_ascii_lowercase(),
        };
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

fn sites(cfg: &Config, rng: &mut Rng) -> Result<Vec<Site>, GenError> {
    if cfg.places < 2 || cfg.places > CITIES.len() {
        return Err(GenError(format!(
            "--places must be between 2 and {} (the cities in the table)",
            CITIES.len()
        )));
    }
    // The table is sorted hubs first; shuffle within each tier so a smaller --places still keeps the
    // hubs but a varied choice of the rest.
    let mut order: Vec<usize> = (0..CITIES.len()).collect();
    let mut start = 0;
    while start < order.len() {
        let tier = CITIES[order[start]].5;
        let end = start
            + order[start..]
                .iter()
                .take_while(|&&i| CITIES[i].5 == tier)
                .count();
        for i in (start + 1..end).rev() {
            let j = start + rng.below(i - start + 1);
            order.swap(i, j);
        }
        start = end;
    }
    let mut out = Vec::with_capacity(cfg.places);
    let mut ids = std::collections::HashSet::new();
    for &i in order.iter().take(cfg.places) {
        let (name, country, lat, lon, tz, tier) = CITIES[i];
        let tz: Tz = tz
            .parse()
            .map_err(|_| GenError(format!("unknown time zone {tz} for {name}")))?;
        let mut id = slug(name);
        let base = id.clone();
        let mut n = 2;
        while !ids.insert(id.clone()) {
            id = format!("{base}-{n}");
            n += 1;
        }
        out.push(Site {
            id,
            name,
            country,
            lat,
            lon,
            tz,
            tier,
        });
    }
    Ok(out)
}

/// Cumulative weights for picking a city, hubs more often.
struct Picker {
    cumulative: Vec<f64>,
}

impl Picker {
    fn new(sites: &[Site]) -> Self {
        let mut total = 0.0;
        let cumulative = sites
            .iter()
            .map(|s| {
                total += TIER_WEIGHT[usize::from(s.tier)];
                total
            })
            .collect();
        Self { cumulative }
    }

    fn pick(&self, rng: &mut Rng) -> usize {
        let total = self.cumulative.last().copied().unwrap_or(0.0);
        let x = rng.unit() * total;
        self.cumulative
            .partition_point(|&c| c <= x)
            .min(self.cumulative.len() - 1)
    }
}

const FIRST_NAMES: &[&str] = &[
    "Anna",
    "Boris",
    "Carmen",
    "David",
    "Elena",
    "Farid",
    "Grace",
    "Hiroshi",
    "Ingrid",
    "Jamal",
    "Katarzyna",
    "Luis",
    "Maria",
    "Nikolai",
    "Olga",
    "Pedro",
    "Qi",
    "Rania",
    "Sergei",
    "Tomás",
    "Ursula",
    "Viktor",
    "Wei",
    "Ximena",
    "Yusuf",
    "Zainab",
    "Amir",
    "Beatriz",
    "Chen",
    "Dmitri",
    "Emma",
    "Fatima",
    "Giorgos",
    "Hana",
    "Ivan",
    "Julia",
    "Kwame",
    "Leila",
    "Marco",
    "Nadia",
];
const LAST_NAMES: &[&str] = &[
    "Abara",
    "Becker",
    "Costa",
    "Dubois",
    "Eriksen",
    "Fischer",
    "García",
    "Haddad",
    "Ivanova",
    "Jensen",
    "Kowalski",
    "Lindqvist",
    "Moreau",
    "Nakamura",
    "Okafor",
    "Petrov",
    "Quispe",
    "Rossi",
    "Schmidt",
    "Tanaka",
    "Usman",
    "Volkov",
    "Wang",
    "Xu",
    "Yilmaz",
    "Zhang",
    "Alvarez",
    "Bauer",
    "Chowdhury",
    "Demir",
    "Esposito",
    "Fernández",
    "Gupta",
    "Horvath",
    "Ibrahim",
    "Kim",
    "Larsen",
    "Mensah",
    "Novak",
    "Olsen",
];
const ROLES: &[&str] = &[
    "Special envoy",
    "Foreign minister",
    "Deputy foreign minister",
    "Ambassador",
    "National security adviser",
    "Trade negotiator",
    "Presidential aide",
    "Business executive",
    "Journalist",
    "Mediator",
];
const TOPICS: &[&str] = &[
    "Ceasefire talks",
    "Prisoner exchange",
    "Trade and tariffs",
    "Energy supplies",
    "Sanctions relief",
    "Embassy operations",
    "Grain corridor",
    "Arms control",
    "Humanitarian access",
    "Nuclear safety",
    "Investment forum",
    "Working dinner",
    "Briefing",
    "Press conference",
    "Summit preparation",
    "Maritime security",
    "Air links",
    "Debt restructuring",
    "Climate finance",
    "Cultural exchange",
];
const VENUES: &[&str] = &[
    "Foreign Ministry",
    "Presidential Palace",
    "Embassy",
    "Government House",
    "Conference centre",
    "Hotel, private dining room",
];
const PUBLISHERS: &[&str] = &[
    "Wire service",
    "State news agency",
    "Daily newspaper",
    "Broadcaster",
    "Government press office",
];

fn certainty(rng: &mut Rng) -> Certainty {
    let x = rng.unit();
    if x < 0.88 {
        Certainty::Confirmed
    } else if x < 0.98 {
        Certainty::Reported
    } else {
        Certainty::Uncertain
    }
}

/// The file form of an instant `minutes` into the year, in `tz`, optionally marked approximate.
fn time_string(minutes: i64, tz: Tz, approximate: bool) -> String {
    let at = year_start() + chrono::Duration::minutes(minutes);
    When::instant(at, approximate).to_file_string(tz)
}

/// The local hour at `minutes` into the year in `tz`.
fn local_hour(minutes: i64, tz: Tz) -> u32 {
    (year_start() + chrono::Duration::minutes(minutes))
        .with_timezone(&tz)
        .hour()
}

/// Generates a dataset. The result validates with `travelmap::data::load_str`.
pub fn generate(cfg: &Config) -> Result<(FileDataset, Stats), GenError> {
    let mut rng = Rng::new(cfg.seed);
    let sites = sites(cfg, &mut rng)?;
    if cfg.people == 0 {
        return Err(GenError("--people must be at least 1".into()));
    }
    if cfg.meetings > 0 && cfg.people < 2 {
        return Err(GenError("meetings need at least 2 people".into()));
    }
    let mut stats = Stats {
        places: sites.len(),
        people: cfg.people,
        ..Stats::default()
    };
    let sources: Vec<FileSource> = (0..12)
        .map(|i| FileSource {
            id: format!("s{i}"),
            title: format!("Synthetic report series {}", i + 1),
            publisher: Some(PUBLISHERS[i % PUBLISHERS.len()].to_owned()),
            url: None,
        })
        .collect();
    let (people, homes) = people(cfg, &sites, &mut rng);
    let mut world = itineraries(cfg, &sites, &homes, &mut rng, &mut stats)?;
    let mut meetings = meetings(cfg, &sites, &world, &mut rng, &mut stats)?;

    // Records, in time order.
    world.legs.sort_unstable_by_key(|l| (l.departure, l.person));
    meetings.sort_by_key(|m| (m.start, m.city));
    let ctx = Records {
        sites: &sites,
        people: &people,
        sources: &sources,
    };
    let legs: Vec<FileLeg> = world
        .legs
        .iter()
        .enumerate()
        .map(|(i, leg)| ctx.leg(i, leg, &mut rng, &mut stats))
        .collect();
    let meetings: Vec<FileMeeting> = meetings
        .iter()
        .enumerate()
        .map(|(i, m)| ctx.meeting(i, m, &mut rng))
        .collect();
    stats.legs = legs.len();
    stats.meetings = meetings.len();

    let places = sites
        .iter()
        .map(|s| FilePlace {
            id: s.id.clone(),
            name: s.name.to_owned(),
            city: None,
            country: s.country.to_owned(),
            lat: s.lat,
            lon: s.lon,
            tz: s.tz.name().to_owned(),
            accuracy: Some("city centre".to_owned()),
        })
        .collect();
    let file = FileDataset {
        format: "travelmap/1".to_owned(),
        title: format!(
            "Synthetic travels, 2025 ({} legs, {} meetings, seed {})",
            cfg.legs, cfg.meetings, cfg.seed
        ),
        places,
        people,
        sources,
        legs,
        meetings,
        notes: Vec::new(),
        stays: Vec::new(),
    };
    Ok((file, stats))
}

/// The travellers, each with a home hub.
fn people(cfg: &Config, sites: &[Site], rng: &mut Rng) -> (Vec<FilePerson>, Vec<usize>) {
    let hubs: Vec<usize> = (0..sites.len()).filter(|&i| sites[i].tier == 3).collect();
    let picker = Picker::new(sites);
    let mut people = Vec::with_capacity(cfg.people);
    let mut homes = Vec::with_capacity(cfg.people);
    for i in 0..cfg.people {
        let first = FIRST_NAMES[i % FIRST_NAMES.len()];
        let last = LAST_NAMES[(i / FIRST_NAMES.len() + i * 7) % LAST_NAMES.len()];
        let round = i / (FIRST_NAMES.len() * LAST_NAMES.len());
        let name = if round == 0 {
            format!("{first} {last}")
        } else {
            format!("{first} {last} ({})", round + 1)
        };
        people.push(FilePerson {
            id: format!("p{i}"),
            name,
            role: Some((*rng.pick(ROLES)).to_owned()),
        });
        homes.push(if hubs.is_empty() {
            picker.pick(rng)
        } else {
            *rng.pick(&hubs)
        });
    }
    (people, homes)
}

/// One flight of one person, in minutes into the year.
#[derive(Clone, Copy, Debug)]
struct RawLeg {
    person: u32,
    from: usize,
    to: usize,
    departure: i64,
    arrival: i64,
}

/// A meeting before it becomes a record.
#[derive(Clone, Debug)]
struct RawMeeting {
    city: usize,
    start: i64,
    end: i64,
    participants: Vec<u32>,
}

/// Everyone's itinerary: legs, and stays by city and by person.
struct World {
    legs: Vec<RawLeg>,
    /// Sorted by arrival.
    stays_by_city: Vec<Vec<Stay>>,
    stays_by_person: Vec<Vec<(usize, Stay)>>,
}

/// Chained itineraries: every leg leaves from where the previous one landed, after it landed.
fn itineraries(
    cfg: &Config,
    sites: &[Site],
    homes: &[usize],
    rng: &mut Rng,
    stats: &mut Stats,
) -> Result<World, GenError> {
    let picker = Picker::new(sites);
    let mut world = World {
        legs: Vec::with_capacity(cfg.legs),
        stays_by_city: (0..sites.len()).map(|_| Vec::new()).collect(),
        stays_by_person: Vec::with_capacity(cfg.people),
    };
    for (person, &home) in homes.iter().enumerate() {
        let n = cfg.legs / cfg.people + usize::from(person < cfg.legs % cfg.people);
        let mut route = Vec::with_capacity(n + 1);
        route.push(home);
        let mut flights = Vec::with_capacity(n);
        for _ in 0..n {
            let here = *route.last().unwrap_or(&home);
            let mut next = here;
            for attempt in 0..32 {
                next = if here != home && attempt == 0 && rng.chance(GO_HOME) {
                    home
                } else {
                    picker.pick(rng)
                };
                if next != here && km(sites, here, next) >= MIN_LEG_KM {
                    break;
                }
            }
            if next == here {
                next = (here + 1) % sites.len();
            }
            let d = km(sites, here, next);
            stats.total_flight_km += d;
            flights.push(flight_minutes(d));
            route.push(next);
        }
        let flying: i64 = flights.iter().sum();
        let slack = YEAR_MINUTES - flying - MIN_STAY_MINUTES * (n as i64 + 1);
        if slack < 0 {
            return Err(GenError(format!(
                "{n} legs a person do not fit in a year; use more --people or fewer --legs"
            )));
        }
        // Share the slack between the stays, in 5-minute steps.
        let weights: Vec<f64> = (0..=n).map(|_| 0.25 + rng.unit()).collect();
        let total_weight: f64 = weights.iter().sum();
        let mut t = 0;
        let mut mine = Vec::with_capacity(n + 1);
        for (k, w) in weights.iter().enumerate() {
            let stay_len = if k == n {
                YEAR_MINUTES - t
            } else {
                MIN_STAY_MINUTES + ((slack as f64 * w / total_weight) as i64 / 5) * 5
            };
            let stay = Stay {
                arrive: t,
                depart: t + stay_len,
                person: person as u32,
            };
            world.stays_by_city[route[k]].push(stay);
            mine.push((route[k], stay));
            t = stay.depart;
            if k < n {
                let arrival = t + flights[k];
                world.legs.push(RawLeg {
                    person: person as u32,
                    from: route[k],
                    to: route[k + 1],
                    departure: t,
                    arrival,
                });
                stats.longest_flight_minutes = stats.longest_flight_minutes.max(flights[k]);
                t = arrival;
            }
        }
        world.stays_by_person.push(mine);
    }
    for stays in &mut world.stays_by_city {
        stays.sort_unstable_by_key(|s| s.arrive);
    }
    Ok(world)
}

/// Meetings during stays: the host's city, 2–5 people who are all in town for the whole meeting.
fn meetings(
    cfg: &Config,
    sites: &[Site],
    world: &World,
    rng: &mut Rng,
    stats: &mut Stats,
) -> Result<Vec<RawMeeting>, GenError> {
    let longest_stay: Vec<i64> = world
        .stays_by_city
        .iter()
        .map(|v| v.iter().map(|s| s.depart - s.arrive).max().unwrap_or(0))
        .collect();
    let mut out: Vec<RawMeeting> = Vec::with_capacity(cfg.meetings);
    let mut candidates: Vec<u32> = Vec::with_capacity(64);
    let max_retries = cfg.meetings.saturating_mul(50) + 10_000;
    while out.len() < cfg.meetings {
        if stats.meeting_retries > max_retries {
            return Err(GenError(format!(
                "only {} of {} meetings could be placed: travellers rarely share a city; use more \
                 --people, fewer --places or fewer --meetings",
                out.len(),
                cfg.meetings
            )));
        }
        let host = rng.below(cfg.people);
        let mine = &world.stays_by_person[host];
        let (city, stay) = mine[rng.below(mine.len())];
        // At least 15 minutes after landing and before taking off; starts on the 5 minutes.
        let earliest = (stay.arrive + 15 + 4) / 5 * 5;
        let room = stay.depart - 15 - earliest;
        if room < 30 {
            stats.meeting_retries += 1;
            continue;
        }
        let duration = rng.between(2, 12).min(room / 15) * 15;
        // Prefer local working hours: a few tries, then whatever time fits.
        let tz = sites[city].tz;
        let mut start = 0;
        for _ in 0..4 {
            start = earliest + rng.between(0, (room - duration) / 5) * 5;
            if (8..19).contains(&local_hour(start, tz)) {
                break;
            }
        }
        let end = start + duration;
        let stays = &world.stays_by_city[city];
        let hi = stays.partition_point(|s| s.arrive <= start);
        candidates.clear();
        for s in stays[..hi].iter().rev() {
            if s.arrive < start - longest_stay[city] || candidates.len() >= 64 {
                break;
            }
            if s.depart >= end && s.person != host as u32 {
                candidates.push(s.person);
            }
        }
        if candidates.is_empty() {
            stats.meeting_retries += 1;
            continue;
        }
        let others = (rng.between(2, 5) as usize - 1).min(candidates.len());
        let mut participants = Vec::with_capacity(others + 1);
        participants.push(host as u32);
        for k in 0..others {
            let j = k + rng.below(candidates.len() - k);
            candidates.swap(k, j);
            participants.push(candidates[k]);
        }
        stats.participants += participants.len();
        out.push(RawMeeting {
            city,
            start,
            end,
            participants,
        });
    }
    Ok(out)
}

/// Turns raw legs and meetings into file records.
struct Records<'a> {
    sites: &'a [Site],
    people: &'a [FilePerson],
    sources: &'a [FileSource],
}

impl Records<'_> {
    fn leg(&self, i: usize, leg: &RawLeg, rng: &mut Rng, stats: &mut Stats) -> FileLeg {
        let (from, to) = (&self.sites[leg.from], &self.sites[leg.to]);
        // A few departures were not reported: the app then estimates them exactly as we computed them.
        let unknown_departure = rng.chance(0.03);
        stats.legs_without_departure += usize::from(unknown_departure);
        FileLeg {
            id: format!("l{i}"),
            travellers: vec![self.people[leg.person as usize].id.clone()],
            from: from.id.clone(),
            to: to.id.clone(),
            departure: (!unknown_departure)
                .then(|| time_string(leg.departure, from.tz, rng.chance(0.02))),
            arrival: Some(time_string(leg.arrival, to.tz, false)),
            certainty: certainty(rng),
            sources: vec![rng.pick(self.sources).id.clone()],
            disputes: Vec::new(),
            note: None,
        }
    }

    fn meeting(&self, i: usize, m: &RawMeeting, rng: &mut Rng) -> FileMeeting {
        let site = &self.sites[m.city];
        FileMeeting {
            id: format!("m{i}"),
            place: site.id.clone(),
            venue: rng
                .chance(0.05)
                .then(|| format!("{}, {}", rng.pick(VENUES), site.name)),
            start: time_string(m.start, site.tz, rng.chance(0.02)),
            end: Some(time_string(m.end, site.tz, false)),
            duration: Vec::new(),
            participants: m
                .participants
                .iter()
                .map(|p| self.people[*p as usize].id.clone())
                .collect(),
            topic: (*rng.pick(TOPICS)).to_owned(),
            certainty: certainty(rng),
            sources: vec![rng.pick(self.sources).id.clone()],
            disputes: Vec::new(),
            note: None,
        }
    }
}

fn km(sites: &[Site], a: usize, b: usize) -> f64 {
    distance_km(
        lat_lon(sites[a].lat, sites[a].lon),
        lat_lon(sites[b].lat, sites[b].lon),
    )
}

/// The generated dataset as compact JSON text.
pub fn generate_json(cfg: &Config) -> Result<String, GenError> {
    let (file, _) = generate(cfg)?;
    serde_json::to_string(&file).map_err(|e| GenError(e.to_string()))
}

/// World cities: name, country, latitude, longitude, IANA zone, tier (3 = global hub, 2 = capital or
/// large city, 1 = other). Coordinates are city centres to about a kilometre; most come from the tz
/// database's `zone.tab` (the representative city of each zone).
#[rustfmt::skip]
pub const CITIES: &[(&str, &str, f64, f64, &str, u8)] = &[
    ("Abu Dhabi", "United Arab Emirates", 24.4539, 54.3773, "Asia/Dubai", 3),
    ("Amsterdam", "Netherlands", 52.3667, 4.9000, "Europe/Amsterdam", 3),
    ("Bangkok", "Thailand", 13.7500, 100.5167, "Asia/Bangkok", 3),
    ("Beijing", "China", 39.9042, 116.4074, "Asia/Shanghai", 3),
    ("Berlin", "Germany", 52.5000, 13.3667, "Europe/Berlin", 3),
    ("Brussels", "Belgium", 50.8333, 4.3333, "Europe/Brussels", 3),
    ("Cairo", "Egypt", 30.0500, 31.2500, "Africa/Cairo", 3),
    ("Chicago", "United States", 41.8500, -87.6500, "America/Chicago", 3),
    ("Doha", "Qatar", 25.2833, 51.5333, "Asia/Qatar", 3),
    ("Dubai", "United Arab Emirates", 25.3000, 55.3000, "Asia/Dubai", 3),
    ("Frankfurt", "Germany", 50.1109, 8.6821, "Europe/Berlin", 3),
    ("Geneva", "Switzerland", 46.2044, 6.1432, "Europe/Zurich", 3),
    ("Hong Kong", "Hong Kong", 22.2833, 114.1500, "Asia/Hong_Kong", 3),
    ("Istanbul", "Turkey", 41.0167, 28.9667, "Europe/Istanbul", 3),
    ("Johannesburg", "South Africa", -26.2500, 28.0000, "Africa/Johannesburg", 3),
    ("Kyiv", "Ukraine", 50.4333, 30.5167, "Europe/Kyiv", 3),
    ("London", "United Kingdom", 51.5083, -0.1253, "Europe/London", 3),
    ("Los Angeles", "United States", 34.0522, -118.2428, "America/Los_Angeles", 3),
    ("Madrid", "Spain", 40.4000, -3.6833, "Europe/Madrid", 3),
    ("Mexico City", "Mexico", 19.4000, -99.1500, "America/Mexico_City", 3),
    ("Moscow", "Russia", 55.7558, 37.6178, "Europe/Moscow", 3),
    ("Mumbai", "India", 19.0760, 72.8777, "Asia/Kolkata", 3),
    ("Nairobi", "Kenya", -1.2833, 36.8167, "Africa/Nairobi", 3),
    ("New Delhi", "India", 28.6139, 77.2090, "Asia/Kolkata", 3),
    ("New York", "United States", 40.7142, -74.0064, "America/New_York", 3),
    ("Paris", "France", 48.8667, 2.3333, "Europe/Paris", 3),
    ("Riyadh", "Saudi Arabia", 24.6333, 46.7167, "Asia/Riyadh", 3),
    ("Rome", "Italy", 41.9000, 12.4833, "Europe/Rome", 3),
    ("Seoul", "South Korea", 37.5500, 126.9667, "Asia/Seoul", 3),
    ("Shanghai", "China", 31.2333, 121.4667, "Asia/Shanghai", 3),
    ("Singapore", "Singapore", 1.2833, 103.8500, "Asia/Singapore", 3),
    ("St Petersburg", "Russia", 59.9311, 30.3609, "Europe/Moscow", 3),
    ("Sydney", "Australia", -33.8667, 151.2167, "Australia/Sydney", 3),
    ("São Paulo", "Brazil", -23.5333, -46.6167, "America/Sao_Paulo", 3),
    ("Tokyo", "Japan", 35.6544, 139.7447, "Asia/Tokyo", 3),
    ("Toronto", "Canada", 43.6500, -79.3833, "America/Toronto", 3),
    ("Vienna", "Austria", 48.2167, 16.3333, "Europe/Vienna", 3),
    ("Warsaw", "Poland", 52.2500, 21.0000, "Europe/Warsaw", 3),
    ("Washington", "United States", 38.9072, -77.0369, "America/New_York", 3),
    ("Zürich", "Switzerland", 47.3833, 8.5333, "Europe/Zurich", 3),
    ("Abuja", "Nigeria", 9.0765, 7.3986, "Africa/Lagos", 2),
    ("Accra", "Ghana", 5.5500, -0.2167, "Africa/Accra", 2),
    ("Addis Ababa", "Ethiopia", 9.0333, 38.7000, "Africa/Addis_Ababa", 2),
    ("Alexandria", "Egypt", 31.2001, 29.9187, "Africa/Cairo", 2),
    ("Algiers", "Algeria", 36.7833, 3.0500, "Africa/Algiers", 2),
    ("Almaty", "Kazakhstan", 43.2500, 76.9500, "Asia/Almaty", 2),
    ("Amman", "Jordan", 31.9500, 35.9333, "Asia/Amman", 2),
    ("Anchorage", "United States", 61.2181, -149.9003, "America/Anchorage", 2),
    ("Ankara", "Turkey", 39.9334, 32.8597, "Europe/Istanbul", 2),
    ("Ashgabat", "Turkmenistan", 37.9500, 58.3833, "Asia/Ashgabat", 2),
    ("Astana", "Kazakhstan", 51.1694, 71.4491, "Asia/Almaty", 2),
    ("Athens", "Greece", 37.9667, 23.7167, "Europe/Athens", 2),
    ("Atlanta", "United States", 33.7490, -84.3880, "America/New_York", 2),
    ("Auckland", "New Zealand", -36.8667, 174.7667, "Pacific/Auckland", 2),
    ("Baghdad", "Iraq", 33.3500, 44.4167, "Asia/Baghdad", 2),
    ("Baku", "Azerbaijan", 40.3833, 49.8500, "Asia/Baku", 2),
    ("Barcelona", "Spain", 41.3851, 2.1734, "Europe/Madrid", 2),
    ("Beirut", "Lebanon", 33.8833, 35.5000, "Asia/Beirut", 2),
    ("Belgrade", "Serbia", 44.8333, 20.5000, "Europe/Belgrade", 2),
    ("Bengaluru", "India", 12.9716, 77.5946, "Asia/Kolkata", 2),
    ("Bishkek", "Kyrgyzstan", 42.9000, 74.6000, "Asia/Bishkek", 2),
    ("Bogotá", "Colombia", 4.6000, -74.0833, "America/Bogota", 2),
    ("Boston", "United States", 42.3601, -71.0589, "America/New_York", 2),
    ("Brasília", "Brazil", -15.7975, -47.8919, "America/Sao_Paulo", 2),
    ("Bratislava", "Slovakia", 48.1500, 17.1167, "Europe/Bratislava", 2),
    ("Brisbane", "Australia", -27.4667, 153.0333, "Australia/Brisbane", 2),
    ("Bucharest", "Romania", 44.4333, 26.1000, "Europe/Bucharest", 2),
    ("Budapest", "Hungary", 47.5000, 19.0833, "Europe/Budapest", 2),
    ("Buenos Aires", "Argentina", -34.6000, -58.4500, "America/Argentina/Buenos_Aires", 2),
    ("Busan", "South Korea", 35.1796, 129.0756, "Asia/Seoul", 2),
    ("Canberra", "Australia", -35.2809, 149.1300, "Australia/Sydney", 2),
    ("Cape Town", "South Africa", -33.9249, 18.4241, "Africa/Johannesburg", 2),
    ("Caracas", "Venezuela", 10.5000, -66.9333, "America/Caracas", 2),
    ("Casablanca", "Morocco", 33.6500, -7.5833, "Africa/Casablanca", 2),
    ("Chengdu", "China", 30.5728, 104.0668, "Asia/Shanghai", 2),
    ("Chennai", "India", 13.0827, 80.2707, "Asia/Kolkata", 2),
    ("Chisinau", "Moldova", 47.0000, 28.8333, "Europe/Chisinau", 2),
    ("Colombo", "Sri Lanka", 6.9333, 79.8500, "Asia/Colombo", 2),
    ("Copenhagen", "Denmark", 55.6667, 12.5833, "Europe/Copenhagen", 2),
    ("Dakar", "Senegal", 14.6667, -17.4333, "Africa/Dakar", 2),
    ("Dallas", "United States", 32.7767, -96.7970, "America/Chicago", 2),
    ("Dar es Salaam", "Tanzania", -6.8000, 39.2833, "Africa/Dar_es_Salaam", 2),
    ("Denver", "United States", 39.7392, -104.9842, "America/Denver", 2),
    ("Dhaka", "Bangladesh", 23.7167, 90.4167, "Asia/Dhaka", 2),
    ("Dublin", "Ireland", 53.3333, -6.2500, "Europe/Dublin", 2),
    ("Dushanbe", "Tajikistan", 38.5833, 68.8000, "Asia/Dushanbe", 2),
    ("Fort Lauderdale", "United States", 26.1224, -80.1373, "America/New_York", 2),
    ("Guangzhou", "China", 23.1291, 113.2644, "Asia/Shanghai", 2),
    ("Hamburg", "Germany", 53.5511, 9.9937, "Europe/Berlin", 2),
    ("Hanoi", "Vietnam", 21.0278, 105.8342, "Asia/Bangkok", 2),
    ("Harare", "Zimbabwe", -17.8333, 31.0500, "Africa/Harare", 2),
    ("Havana", "Cuba", 23.1333, -82.3667, "America/Havana", 2),
    ("Helsinki", "Finland", 60.1667, 24.9667, "Europe/Helsinki", 2),
    ("Ho Chi Minh City", "Vietnam", 10.7500, 106.6667, "Asia/Ho_Chi_Minh", 2),
    ("Honolulu", "United States", 21.3069, -157.8583, "Pacific/Honolulu", 2),
    ("Houston", "United States", 29.7604, -95.3698, "America/Chicago", 2),
    ("Islamabad", "Pakistan", 33.6844, 73.0479, "Asia/Karachi", 2),
    ("Jakarta", "Indonesia", -6.1667, 106.8000, "Asia/Jakarta", 2),
    ("Jeddah", "Saudi Arabia", 21.4858, 39.1925, "Asia/Riyadh", 2),
    ("Jerusalem", "Israel", 31.7806, 35.2239, "Asia/Jerusalem", 2),
    ("Kabul", "Afghanistan", 34.5167, 69.2000, "Asia/Kabul", 2),
    ("Kampala", "Uganda", 0.3167, 32.4167, "Africa/Kampala", 2),
    ("Karachi", "Pakistan", 24.8667, 67.0500, "Asia/Karachi", 2),
    ("Kathmandu", "Nepal", 27.7167, 85.3167, "Asia/Kathmandu", 2),
    ("Kazan", "Russia", 55.7961, 49.1064, "Europe/Moscow", 2),
    ("Khartoum", "Sudan", 15.6000, 32.5333, "Africa/Khartoum", 2),
    ("Kinshasa", "DR Congo", -4.3000, 15.3000, "Africa/Kinshasa", 2),
    ("Kolkata", "India", 22.5333, 88.3667, "Asia/Kolkata", 2),
    ("Kuala Lumpur", "Malaysia", 3.1667, 101.7000, "Asia/Kuala_Lumpur", 2),
    ("Kuwait City", "Kuwait", 29.3333, 47.9833, "Asia/Kuwait", 2),
    ("Lagos", "Nigeria", 6.4500, 3.4000, "Africa/Lagos", 2),
    ("Lahore", "Pakistan", 31.5204, 74.3587, "Asia/Karachi", 2),
    ("Lima", "Peru", -12.0500, -77.0500, "America/Lima", 2),
    ("Lisbon", "Portugal", 38.7167, -9.1333, "Europe/Lisbon", 2),
    ("Ljubljana", "Slovenia", 46.0500, 14.5167, "Europe/Ljubljana", 2),
    ("Luanda", "Angola", -8.8000, 13.2333, "Africa/Luanda", 2),
    ("Lusaka", "Zambia", -15.4167, 28.2833, "Africa/Lusaka", 2),
    ("Luxembourg", "Luxembourg", 49.6000, 6.1500, "Europe/Luxembourg", 2),
    ("Manama", "Bahrain", 26.3833, 50.5833, "Asia/Bahrain", 2),
    ("Manila", "Philippines", 14.5867, 120.9678, "Asia/Manila", 2),
    ("Marrakesh", "Morocco", 31.6295, -7.9811, "Africa/Casablanca", 2),
    ("Melbourne", "Australia", -37.8167, 144.9667, "Australia/Melbourne", 2),
    ("Miami", "United States", 25.7617, -80.1918, "America/New_York", 2),
    ("Milan", "Italy", 45.4642, 9.1900, "Europe/Rome", 2),
    ("Minsk", "Belarus", 53.9000, 27.5667, "Europe/Minsk", 2),
    ("Monaco", "Monaco", 43.7000, 7.3833, "Europe/Monaco", 2),
    ("Montevideo", "Uruguay", -34.9092, -56.2125, "America/Montevideo", 2),
    ("Montreal", "Canada", 45.5019, -73.5674, "America/Toronto", 2),
    ("Munich", "Germany", 48.1351, 11.5820, "Europe/Berlin", 2),
    ("Muscat", "Oman", 23.6000, 58.5833, "Asia/Muscat", 2),
    ("Osaka", "Japan", 34.6937, 135.5023, "Asia/Tokyo", 2),
    ("Oslo", "Norway", 59.9167, 10.7500, "Europe/Oslo", 2),
    ("Ottawa", "Canada", 45.4215, -75.6972, "America/Toronto", 2),
    ("Panama City", "Panama", 8.9667, -79.5333, "America/Panama", 2),
    ("Perth", "Australia", -31.9500, 115.8500, "Australia/Perth", 2),
    ("Phoenix", "United States", 33.4483, -112.0733, "America/Phoenix", 2),
    ("Prague", "Czech Republic", 50.0833, 14.4333, "Europe/Prague", 2),
    ("Pretoria", "South Africa", -25.7479, 28.2293, "Africa/Johannesburg", 2),
    ("Quito", "Ecuador", -0.1807, -78.4678, "America/Guayaquil", 2),
    ("Rabat", "Morocco", 34.0209, -6.8416, "Africa/Casablanca", 2),
    ("Reykjavik", "Iceland", 64.1500, -21.8500, "Atlantic/Reykjavik", 2),
    ("Riga", "Latvia", 56.9500, 24.1000, "Europe/Riga", 2),
    ("Rio de Janeiro", "Brazil", -22.9068, -43.1729, "America/Sao_Paulo", 2),
    ("San Francisco", "United States", 37.7749, -122.4194, "America/Los_Angeles", 2),
    ("Santiago", "Chile", -33.4500, -70.6667, "America/Santiago", 2),
    ("Seattle", "United States", 47.6062, -122.3321, "America/Los_Angeles", 2),
    ("Sharm el-Sheikh", "Egypt", 27.9158, 34.3300, "Africa/Cairo", 2),
    ("Shenzhen", "China", 22.5431, 114.0579, "Asia/Shanghai", 2),
    ("Sochi", "Russia", 43.5855, 39.7231, "Europe/Moscow", 2),
    ("Sofia", "Bulgaria", 42.6833, 23.3167, "Europe/Sofia", 2),
    ("Stockholm", "Sweden", 59.3333, 18.0500, "Europe/Stockholm", 2),
    ("Taipei", "Taiwan", 25.0500, 121.5000, "Asia/Taipei", 2),
    ("Tallinn", "Estonia", 59.4167, 24.7500, "Europe/Tallinn", 2),
    ("Tashkent", "Uzbekistan", 41.3333, 69.3000, "Asia/Tashkent", 2),
    ("Tbilisi", "Georgia", 41.7167, 44.8167, "Asia/Tbilisi", 2),
    ("Tehran", "Iran", 35.6667, 51.4333, "Asia/Tehran", 2),
    ("Tel Aviv", "Israel", 32.0853, 34.7818, "Asia/Jerusalem", 2),
    ("Tripoli", "Libya", 32.9000, 13.1833, "Africa/Tripoli", 2),
    ("Tunis", "Tunisia", 36.8000, 10.1833, "Africa/Tunis", 2),
    ("Ulaanbaatar", "Mongolia", 47.9167, 106.8833, "Asia/Ulaanbaatar", 2),
    ("Valletta", "Malta", 35.9000, 14.5167, "Europe/Malta", 2),
    ("Vancouver", "Canada", 49.2667, -123.1167, "America/Vancouver", 2),
    ("Vilnius", "Lithuania", 54.6833, 25.3167, "Europe/Vilnius", 2),
    ("Wellington", "New Zealand", -41.2866, 174.7756, "Pacific/Auckland", 2),
    ("Yangon", "Myanmar (Burma)", 16.7833, 96.1667, "Asia/Yangon", 2),
    ("Yerevan", "Armenia", 40.1833, 44.5000, "Asia/Yerevan", 2),
    ("Zagreb", "Croatia", 45.8000, 15.9667, "Europe/Zagreb", 2),
    ("Abidjan", "Côte d'Ivoire", 5.3167, -4.0333, "Africa/Abidjan", 1),
    ("Adak", "United States", 51.8800, -176.6581, "America/Adak", 1),
    ("Adamstown", "Pitcairn", -25.0667, -130.0833, "Pacific/Pitcairn", 1),
    ("Adelaide", "Australia", -34.9167, 138.5833, "Australia/Adelaide", 1),
    ("Aden", "Yemen", 12.7500, 45.2000, "Asia/Aden", 1),
    ("Alofi", "Niue", -19.0167, -169.9167, "Pacific/Niue", 1),
    ("Anadyr", "Russia", 64.7500, 177.4833, "Asia/Anadyr", 1),
    ("Andorra", "Andorra", 42.5000, 1.5167, "Europe/Andorra", 1),
    ("Antalya", "Turkey", 36.8969, 30.7133, "Europe/Istanbul", 1),
    ("Antananarivo", "Madagascar", -18.9167, 47.5167, "Indian/Antananarivo", 1),
    ("Apia", "Samoa (western)", -13.8333, -171.7333, "Pacific/Apia", 1),
    ("Aqtau", "Kazakhstan", 44.5167, 50.2667, "Asia/Aqtau", 1),
    ("Aqtobe", "Kazakhstan", 50.2833, 57.1667, "Asia/Aqtobe", 1),
    ("Araguaína", "Brazil", -7.2000, -48.2000, "America/Araguaina", 1),
    ("Asmara", "Eritrea", 15.3333, 38.8833, "Africa/Asmara", 1),
    ("Astrakhan", "Russia", 46.3500, 48.0500, "Europe/Astrakhan", 1),
    ("Asunción", "Paraguay", -25.2667, -57.6667, "America/Asuncion", 1),
    ("Atikokan", "Canada", 48.7586, -91.6217, "America/Atikokan", 1),
    ("Atyrau", "Kazakhstan", 47.1167, 51.9333, "Asia/Atyrau", 1),
    ("Bahia Banderas", "Mexico", 20.8000, -105.2500, "America/Bahia_Banderas", 1),
    ("Bali (Denpasar)", "Indonesia", -8.6705, 115.2126, "Asia/Makassar", 1),
    ("Bamako", "Mali", 12.6500, -8.0000, "Africa/Bamako", 1),
    ("Bandar Seri Begawan", "Brunei", 4.9333, 114.9167, "Asia/Brunei", 1),
    ("Bangui", "Central African Rep.", 4.3667, 18.5833, "Africa/Bangui", 1),
    ("Banjul", "Gambia", 13.4667, -16.6500, "Africa/Banjul", 1),
    ("Barnaul", "Russia", 53.3667, 83.7500, "Asia/Barnaul", 1),
    ("Basseterre", "St Kitts & Nevis", 17.3000, -62.7167, "America/St_Kitts", 1),
    ("Belize City", "Belize", 17.5000, -88.2000, "America/Belize", 1),
    ("Belém", "Brazil", -1.4500, -48.4833, "America/Belem", 1),
    ("Beulah (North Dakota)", "United States", 47.2642, -101.7778, "America/North_Dakota/Beulah", 1),
    ("Bissau", "Guinea-Bissau", 11.8500, -15.5833, "Africa/Bissau", 1),
    ("Blanc-Sablon", "Canada", 51.4167, -57.1167, "America/Blanc-Sablon", 1),
    ("Blantyre", "Malawi", -15.7833, 35.0000, "Africa/Blantyre", 1),
    ("Boa Vista", "Brazil", 2.8167, -60.6667, "America/Boa_Vista", 1),
    ("Boise", "United States", 43.6136, -116.2025, "America/Boise", 1),
    ("Bougainville", "Papua New Guinea", -6.2167, 155.5667, "Pacific/Bougainville", 1),
    ("Brades", "Montserrat", 16.7167, -62.2167, "America/Montserrat", 1),
    ("Brazzaville", "Congo", -4.2667, 15.2833, "Africa/Brazzaville", 1),
    ("Bridgetown", "Barbados", 13.1000, -59.6167, "America/Barbados", 1),
    ("Broken Hill", "Australia", -31.9500, 141.4500, "Australia/Broken_Hill", 1),
    ("Bujumbura", "Burundi", -3.3833, 29.3667, "Africa/Bujumbura", 1),
    ("Calgary", "Canada", 51.0447, -114.0719, "America/Edmonton", 1),
    ("Cambridge Bay", "Canada", 69.1139, -105.0528, "America/Cambridge_Bay", 1),
    ("Campo Grande", "Brazil", -20.4500, -54.6167, "America/Campo_Grande", 1),
    ("Cancun", "Mexico", 21.0833, -86.7667, "America/Cancun", 1),
    ("Castries", "St Lucia", 14.0167, -61.0000, "America/St_Lucia", 1),
    ("Catamarca", "Argentina", -28.4667, -65.7833, "America/Argentina/Catamarca", 1),
    ("Cayenne", "French Guiana", 4.9333, -52.3333, "America/Cayenne", 1),
    ("Cebu", "Philippines", 10.3157, 123.8854, "Asia/Manila", 1),
    ("Center (North Dakota)", "United States", 47.1164, -101.2992, "America/North_Dakota/Center", 1),
    ("Ceuta", "Spain", 35.8833, -5.3167, "Africa/Ceuta", 1),
    ("Chihuahua", "Mexico", 28.6333, -106.0833, "America/Chihuahua", 1),
    ("Chita", "Russia", 52.0500, 113.4667, "Asia/Chita", 1),
    ("Christchurch", "New Zealand", -43.5321, 172.6362, "Pacific/Auckland", 1),
    ("Chuuk", "Micronesia", 7.4167, 151.7833, "Pacific/Chuuk", 1),
    ("Ciudad Juarez", "Mexico", 31.7333, -106.4833, "America/Ciudad_Juarez", 1),
    ("Conakry", "Guinea", 9.5167, -13.7167, "Africa/Conakry", 1),
    ("Coyhaique", "Chile", -45.5667, -72.0667, "America/Coyhaique", 1),
    ("Creston", "Canada", 49.1000, -116.5167, "America/Creston", 1),
    ("Cuiabá", "Brazil", -15.5833, -56.0833, "America/Cuiaba", 1),
    ("Córdoba", "Argentina", -31.4000, -64.1833, "America/Argentina/Cordoba", 1),
    ("Damascus", "Syria", 33.5000, 36.3000, "Asia/Damascus", 1),
    ("Darwin", "Australia", -12.4667, 130.8333, "Australia/Darwin", 1),
    ("Dawson", "Canada", 64.0667, -139.4167, "America/Dawson", 1),
    ("Dawson Creek", "Canada", 55.7667, -120.2333, "America/Dawson_Creek", 1),
    ("Detroit", "United States", 42.3314, -83.0458, "America/Detroit", 1),
    ("Diego Garcia", "British Indian Ocean Territory", -7.3333, 72.4167, "Indian/Chagos", 1),
    ("Dili", "East Timor", -8.5500, 125.5833, "Asia/Dili", 1),
    ("Djibouti", "Djibouti", 11.6000, 43.1500, "Africa/Djibouti", 1),
    ("Dodoma", "Tanzania", -6.1630, 35.7516, "Africa/Dar_es_Salaam", 1),
    ("Douala", "Cameroon", 4.0500, 9.7000, "Africa/Douala", 1),
    ("Douglas", "Isle of Man", 54.1500, -4.4667, "Europe/Isle_of_Man", 1),
    ("Durban", "South Africa", -29.8587, 31.0218, "Africa/Johannesburg", 1),
    ("Edinburgh", "United Kingdom", 55.9533, -3.1883, "Europe/London", 1),
    ("Edmonton", "Canada", 53.5500, -113.4667, "America/Edmonton", 1),
    ("Eirunepé", "Brazil", -6.6667, -69.8667, "America/Eirunepe", 1),
    ("El Aaiun", "Western Sahara", 27.1500, -13.2000, "Africa/El_Aaiun", 1),
    ("Eucla", "Australia", -31.7167, 128.8667, "Australia/Eucla", 1),
    ("Fakaofo", "Tokelau", -9.3667, -171.2333, "Pacific/Fakaofo", 1),
    ("Famagusta", "Cyprus", 35.1167, 33.9500, "Asia/Famagusta", 1),
    ("Fernando de Noronha", "Brazil", -3.8500, -32.4167, "America/Noronha", 1),
    ("Flying Fish Cove", "Christmas Island", -10.4167, 105.7167, "Indian/Christmas", 1),
    ("Fort Nelson", "Canada", 58.8000, -122.7000, "America/Fort_Nelson", 1),
    ("Fort-de-France", "Martinique", 14.6000, -61.0833, "America/Martinique", 1),
    ("Fortaleza", "Brazil", -3.7167, -38.5000, "America/Fortaleza", 1),
    ("Freetown", "Sierra Leone", 8.5000, -13.2500, "Africa/Freetown", 1),
    ("Funafuti", "Tuvalu", -8.5167, 179.2167, "Pacific/Funafuti", 1),
    ("Funchal", "Portugal", 32.6333, -16.9000, "Atlantic/Madeira", 1),
    ("Gaborone", "Botswana", -24.6500, 25.9167, "Africa/Gaborone", 1),
    ("Gambier", "French Polynesia", -23.1333, -134.9500, "Pacific/Gambier", 1),
    ("Gaza", "Palestine", 31.5000, 34.4667, "Asia/Gaza", 1),
    ("Gdańsk", "Poland", 54.3520, 18.6466, "Europe/Warsaw", 1),
    ("George Town", "Cayman Islands", 19.3000, -81.3833, "America/Cayman", 1),
    ("Georgetown", "Guyana", 6.8000, -58.1667, "America/Guyana", 1),
    ("Gibraltar", "Gibraltar", 36.1333, -5.3500, "Europe/Gibraltar", 1),
    ("Glace Bay", "Canada", 46.2000, -59.9500, "America/Glace_Bay", 1),
    ("Goose Bay", "Canada", 53.3333, -60.4167, "America/Goose_Bay", 1),
    ("Grand Turk", "Turks & Caicos Is", 21.4667, -71.1333, "America/Grand_Turk", 1),
    ("Grytviken", "South Georgia & the South Sandwich Islands", -54.2667, -36.5333, "Atlantic/South_Georgia", 1),
    ("Guadalajara", "Mexico", 20.6597, -103.3496, "America/Mexico_City", 1),
    ("Guatemala City", "Guatemala", 14.6333, -90.5167, "America/Guatemala", 1),
    ("Guayaquil", "Ecuador", -2.1667, -79.8333, "America/Guayaquil", 1),
    ("Hagåtña", "Guam", 13.4667, 144.7500, "Pacific/Guam", 1),
    ("Halifax", "Canada", 44.6500, -63.6000, "America/Halifax", 1),
    ("Hamilton", "Bermuda", 32.2833, -64.7667, "Atlantic/Bermuda", 1),
    ("Hanga Roa", "Chile", -27.1500, -109.4333, "Pacific/Easter", 1),
    ("Harbin", "China", 45.8038, 126.5350, "Asia/Shanghai", 1),
    ("Hebron", "Palestine", 31.5333, 35.0950, "Asia/Hebron", 1),
    ("Hermosillo", "Mexico", 29.0667, -110.9667, "America/Hermosillo", 1),
    ("Hobart", "Australia", -42.8833, 147.3167, "Australia/Hobart", 1),
    ("Honiara", "Solomon Islands", -9.5333, 160.2000, "Pacific/Guadalcanal", 1),
    ("Hovd", "Mongolia", 48.0167, 91.6500, "Asia/Hovd", 1),
    ("Hyderabad", "India", 17.3850, 78.4867, "Asia/Kolkata", 1),
    ("Indianapolis", "United States", 39.7683, -86.1581, "America/Indiana/Indianapolis", 1),
    ("Inuvik", "Canada", 68.3497, -133.7167, "America/Inuvik", 1),
    ("Iqaluit", "Canada", 63.7333, -68.4667, "America/Iqaluit", 1),
    ("Irkutsk", "Russia", 52.2667, 104.3333, "Asia/Irkutsk", 1),
    ("Ittoqqortoormiit", "Greenland", 70.4833, -21.9667, "America/Scoresbysund", 1),
    ("Izmir", "Turkey", 38.4237, 27.1428, "Europe/Istanbul", 1),
    ("Jamestown", "St Helena", -15.9167, -5.7000, "Atlantic/St_Helena", 1),
    ("Jayapura", "Indonesia", -2.5333, 140.7000, "Asia/Jayapura", 1),
    ("Juba", "South Sudan", 4.8500, 31.6167, "Africa/Juba", 1),
    ("Jujuy", "Argentina", -24.1833, -65.3000, "America/Argentina/Jujuy", 1),
    ("Juneau", "United States", 58.3019, -134.4197, "America/Juneau", 1),
    ("Kaliningrad", "Russia", 54.7167, 20.5000, "Europe/Kaliningrad", 1),
    ("Kamchatka", "Russia", 53.0167, 158.6500, "Asia/Kamchatka", 1),
    ("Kanton", "Kiribati", -2.7833, -171.7167, "Pacific/Kanton", 1),
    ("Khandyga", "Russia", 62.6564, 135.5539, "Asia/Khandyga", 1),
    ("Kharkiv", "Ukraine", 49.9935, 36.2304, "Europe/Kyiv", 1),
    ("Kigali", "Rwanda", -1.9500, 30.0667, "Africa/Kigali", 1),
    ("Kingston", "Jamaica", 17.9681, -76.7933, "America/Jamaica", 1),
    ("Kingston (Norfolk Island)", "Norfolk Island", -29.0500, 167.9667, "Pacific/Norfolk", 1),
    ("Kingstown", "St Vincent", 13.1500, -61.2333, "America/St_Vincent", 1),
    ("Kiritimati", "Kiribati", 1.8667, -157.3333, "Pacific/Kiritimati", 1),
    ("Kirov", "Russia", 58.6000, 49.6500, "Europe/Kirov", 1),
    ("Knox (Indiana)", "United States", 41.2958, -86.6250, "America/Indiana/Knox", 1),
    ("Koror", "Palau", 7.3333, 134.4833, "Pacific/Palau", 1),
    ("Kosrae", "Micronesia", 5.3167, 162.9833, "Pacific/Kosrae", 1),
    ("Kraków", "Poland", 50.0647, 19.9450, "Europe/Warsaw", 1),
    ("Kralendijk", "Caribbean NL", 12.1508, -68.2767, "America/Kralendijk", 1),
    ("Krasnoyarsk", "Russia", 56.0167, 92.8333, "Asia/Krasnoyarsk", 1),
    ("Kuching", "Malaysia", 1.5500, 110.3333, "Asia/Kuching", 1),
    ("Kwajalein", "Marshall Islands", 9.0833, 167.3333, "Pacific/Kwajalein", 1),
    ("Kyoto", "Japan", 35.0116, 135.7681, "Asia/Tokyo", 1),
    ("La Paz", "Bolivia", -16.5000, -68.1500, "America/La_Paz", 1),
    ("La Rioja", "Argentina", -29.4333, -66.8500, "America/Argentina/La_Rioja", 1),
    ("Las Palmas", "Spain", 28.1000, -15.4000, "Atlantic/Canary", 1),
    ("Las Vegas", "United States", 36.1699, -115.1398, "America/Los_Angeles", 1),
    ("Libreville", "Gabon", 0.3833, 9.4500, "Africa/Libreville", 1),
    ("Lomé", "Togo", 6.1333, 1.2167, "Africa/Lome", 1),
    ("Longyearbyen", "Svalbard & Jan Mayen", 78.0000, 16.0000, "Arctic/Longyearbyen", 1),
    ("Lord Howe", "Australia", -31.5500, 159.0833, "Australia/Lord_Howe", 1),
    ("Louisville", "United States", 38.2542, -85.7594, "America/Kentucky/Louisville", 1),
    ("Lower Princes", "St Maarten (Dutch)", 18.0514, -63.0472, "America/Lower_Princes", 1),
    ("Lubumbashi", "DR Congo", -11.6667, 27.4667, "Africa/Lubumbashi", 1),
    ("Lviv", "Ukraine", 49.8397, 24.0297, "Europe/Kyiv", 1),
    ("Macau", "Macau", 22.1972, 113.5417, "Asia/Macau", 1),
    ("Maceió", "Brazil", -9.6667, -35.7167, "America/Maceio", 1),
    ("Magadan", "Russia", 59.5667, 150.8000, "Asia/Magadan", 1),
    ("Majuro", "Marshall Islands", 7.1500, 171.2000, "Pacific/Majuro", 1),
    ("Makassar", "Indonesia", -5.1167, 119.4000, "Asia/Makassar", 1),
    ("Malabo", "Equatorial Guinea", 3.7500, 8.7833, "Africa/Malabo", 1),
    ("Malé", "Maldives", 4.1667, 73.5000, "Indian/Maldives", 1),
    ("Mamoudzou", "Mayotte", -12.7833, 45.2333, "Indian/Mayotte", 1),
    ("Managua", "Nicaragua", 12.1500, -86.2833, "America/Managua", 1),
    ("Manaus", "Brazil", -3.1333, -60.0167, "America/Manaus", 1),
    ("Manchester", "United Kingdom", 53.4808, -2.2426, "Europe/London", 1),
    ("Maputo", "Mozambique", -25.9667, 32.5833, "Africa/Maputo", 1),
    ("Marengo (Indiana)", "United States", 38.3756, -86.3447, "America/Indiana/Marengo", 1),
    ("Mariehamn", "Åland Islands", 60.1000, 19.9500, "Europe/Mariehamn", 1),
    ("Marigot", "St Martin (French)", 18.0667, -63.0833, "America/Marigot", 1),
    ("Marquesas", "French Polynesia", -9.0000, -139.5000, "Pacific/Marquesas", 1),
    ("Marseille", "France", 43.2965, 5.3698, "Europe/Paris", 1),
    ("Maseru", "Lesotho", -29.4667, 27.5000, "Africa/Maseru", 1),
    ("Mata-Utu", "Wallis & Futuna", -13.3000, -176.1667, "Pacific/Wallis", 1),
    ("Matamoros", "Mexico", 25.8333, -97.5000, "America/Matamoros", 1),
    ("Mazatlan", "Mexico", 23.2167, -106.4167, "America/Mazatlan", 1),
    ("Mbabane", "Eswatini (Swaziland)", -26.3000, 31.1000, "Africa/Mbabane", 1),
    ("Mecca", "Saudi Arabia", 21.3891, 39.8579, "Asia/Riyadh", 1),
    ("Medellín", "Colombia", 6.2442, -75.5812, "America/Bogota", 1),
    ("Mendoza", "Argentina", -32.8833, -68.8167, "America/Argentina/Mendoza", 1),
    ("Menominee", "United States", 45.1078, -87.6142, "America/Menominee", 1),
    ("Metlakatla", "United States", 55.1269, -131.5764, "America/Metlakatla", 1),
    ("Miquelon", "St Pierre & Miquelon", 47.0500, -56.3333, "America/Miquelon", 1),
    ("Mogadishu", "Somalia", 2.0667, 45.3667, "Africa/Mogadishu", 1),
    ("Mombasa", "Kenya", -4.0435, 39.6682, "Africa/Nairobi", 1),
    ("Moncton", "Canada", 46.1000, -64.7833, "America/Moncton", 1),
    ("Monrovia", "Liberia", 6.3000, -10.7833, "Africa/Monrovia", 1),
    ("Monterrey", "Mexico", 25.6667, -100.3167, "America/Monterrey", 1),
    ("Monticello (Kentucky)", "United States", 36.8297, -84.8492, "America/Kentucky/Monticello", 1),
    ("Moroni", "Comoros", -11.6833, 43.2667, "Indian/Comoro", 1),
    ("Mérida", "Mexico", 20.9667, -89.6167, "America/Merida", 1),
    ("N'Djamena", "Chad", 12.1167, 15.0500, "Africa/Ndjamena", 1),
    ("Nassau", "Bahamas", 25.0833, -77.3500, "America/Nassau", 1),
    ("New Salem (North Dakota)", "United States", 46.8450, -101.4108, "America/North_Dakota/New_Salem", 1),
    ("Niamey", "Niger", 13.5167, 2.1167, "Africa/Niamey", 1),
    ("Nicosia", "Cyprus", 35.1667, 33.3667, "Asia/Nicosia", 1),
    ("Nizhny Novgorod", "Russia", 56.2965, 43.9361, "Europe/Moscow", 1),
    ("Nome", "United States", 64.5011, -165.4064, "America/Nome", 1),
    ("Nouakchott", "Mauritania", 18.1000, -15.9500, "Africa/Nouakchott", 1),
    ("Noumea", "New Caledonia", -22.2667, 166.4500, "Pacific/Noumea", 1),
    ("Novokuznetsk", "Russia", 53.7500, 87.1167, "Asia/Novokuznetsk", 1),
    ("Novosibirsk", "Russia", 55.0333, 82.9167, "Asia/Novosibirsk", 1),
    ("Nuku'alofa", "Tonga", -21.1333, -175.2000, "Pacific/Tongatapu", 1),
    ("Nuuk", "Greenland", 64.1833, -51.7333, "America/Nuuk", 1),
    ("Odesa", "Ukraine", 46.4825, 30.7233, "Europe/Kyiv", 1),
    ("Ojinaga", "Mexico", 29.5667, -104.4167, "America/Ojinaga", 1),
    ("Omsk", "Russia", 55.0000, 73.4000, "Asia/Omsk", 1),
    ("Oral", "Kazakhstan", 51.2167, 51.3500, "Asia/Oral", 1),
    ("Oranjestad", "Aruba", 12.5000, -69.9667, "America/Aruba", 1),
    ("Ouagadougou", "Burkina Faso", 12.3667, -1.5167, "Africa/Ouagadougou", 1),
    ("Pago Pago", "Samoa (American)", -14.2667, -170.7000, "Pacific/Pago_Pago", 1),
    ("Papeete", "French Polynesia", -17.5333, -149.5667, "Pacific/Tahiti", 1),
    ("Paramaribo", "Suriname", 5.8333, -55.1667, "America/Paramaribo", 1),
    ("Petersburg (Indiana)", "United States", 38.4919, -87.2786, "America/Indiana/Petersburg", 1),
    ("Philadelphia", "United States", 39.9526, -75.1652, "America/New_York", 1),
    ("Phnom Penh", "Cambodia", 11.5500, 104.9167, "Asia/Phnom_Penh", 1),
    ("Pituffik", "Greenland", 76.5667, -68.7833, "America/Thule", 1),
    ("Podgorica", "Montenegro", 42.4333, 19.2667, "Europe/Podgorica", 1),
    ("Pohnpei", "Micronesia", 6.9667, 158.2167, "Pacific/Pohnpei", 1),
    ("Pointe-à-Pitre", "Guadeloupe", 16.2333, -61.5333, "America/Guadeloupe", 1),
    ("Ponta Delgada", "Portugal", 37.7333, -25.6667, "Atlantic/Azores", 1),
    ("Pontianak", "Indonesia", -0.0333, 109.3333, "Asia/Pontianak", 1),
    ("Port Louis", "Mauritius", -20.1667, 57.5000, "Indian/Mauritius", 1),
    ("Port Moresby", "Papua New Guinea", -9.5000, 147.1667, "Pacific/Port_Moresby", 1),
    ("Port Vila", "Vanuatu", -17.6667, 168.4167, "Pacific/Efate", 1),
    ("Port of Spain", "Trinidad & Tobago", 10.6500, -61.5167, "America/Port_of_Spain", 1),
    ("Port-au-Prince", "Haiti", 18.5333, -72.3333, "America/Port-au-Prince", 1),
    ("Port-aux-Français", "French S. Terr.", -49.3528, 70.2175, "Indian/Kerguelen", 1),
    ("Porto Velho", "Brazil", -8.7667, -63.9000, "America/Porto_Velho", 1),
    ("Porto-Novo", "Benin", 6.4833, 2.6167, "Africa/Porto-Novo", 1),
    ("Praia", "Cape Verde", 14.9167, -23.5167, "Atlantic/Cape_Verde", 1),
    ("Puerto Baquerizo Moreno", "Ecuador", -0.9000, -89.6000, "Pacific/Galapagos", 1),
    ("Punta Arenas", "Chile", -53.1500, -70.9167, "America/Punta_Arenas", 1),
    ("Pyongyang", "North Korea", 39.0167, 125.7500, "Asia/Pyongyang", 1),
    ("Qostanay", "Kazakhstan", 53.2000, 63.6167, "Asia/Qostanay", 1),
    ("Qyzylorda", "Kazakhstan", 44.8000, 65.4667, "Asia/Qyzylorda", 1),
    ("Rankin Inlet", "Canada", 62.8167, -92.0831, "America/Rankin_Inlet", 1),
    ("Rarotonga", "Cook Islands", -21.2333, -159.7667, "Pacific/Rarotonga", 1),
    ("Recife", "Brazil", -8.0500, -34.9000, "America/Recife", 1),
    ("Regina", "Canada", 50.4000, -104.6500, "America/Regina", 1),
    ("Resolute", "Canada", 74.6956, -94.8292, "America/Resolute", 1),
    ("Rio Branco", "Brazil", -9.9667, -67.8000, "America/Rio_Branco", 1),
    ("Roseau", "Dominica", 15.3000, -61.4000, "America/Dominica", 1),
    ("Rostov-on-Don", "Russia", 47.2357, 39.7015, "Europe/Moscow", 1),
    ("Rotterdam", "Netherlands", 51.9244, 4.4777, "Europe/Amsterdam", 1),
    ("Río Gallegos", "Argentina", -51.6333, -69.2167, "America/Argentina/Rio_Gallegos", 1),
    ("Saint-Denis (Réunion)", "Réunion", -20.8667, 55.4667, "Indian/Reunion", 1),
    ("Saipan", "Northern Mariana Islands", 15.2000, 145.7500, "Pacific/Saipan", 1),
    ("Sakhalin", "Russia", 46.9667, 142.7000, "Asia/Sakhalin", 1),
    ("Salta", "Argentina", -24.7833, -65.4167, "America/Argentina/Salta", 1),
    ("Salvador", "Brazil", -12.9833, -38.5167, "America/Bahia", 1),
    ("Samara", "Russia", 53.2000, 50.1500, "Europe/Samara", 1),
    ("Samarkand", "Uzbekistan", 39.6667, 66.8000, "Asia/Samarkand", 1),
    ("San Diego", "United States", 32.7157, -117.1611, "America/Los_Angeles", 1),
    ("San José", "Costa Rica", 9.9333, -84.0833, "America/Costa_Rica", 1),
    ("San Juan", "Argentina", -31.5333, -68.5167, "America/Argentina/San_Juan", 1),
    ("San Juan (Puerto Rico)", "Puerto Rico", 18.4683, -66.1061, "America/Puerto_Rico", 1),
    ("San Luis", "Argentina", -33.3167, -66.3500, "America/Argentina/San_Luis", 1),
    ("San Marino", "San Marino", 43.9167, 12.4667, "Europe/San_Marino", 1),
    ("San Salvador", "El Salvador", 13.7000, -89.2000, "America/El_Salvador", 1),
    ("Santarém", "Brazil", -2.4333, -54.8667, "America/Santarem", 1),
    ("Santo Domingo", "Dominican Republic", 18.4667, -69.9000, "America/Santo_Domingo", 1),
    ("Sapporo", "Japan", 43.0618, 141.3545, "Asia/Tokyo", 1),
    ("Sarajevo", "Bosnia & Herzegovina", 43.8667, 18.4167, "Europe/Sarajevo", 1),
    ("Saratov", "Russia", 51.5667, 46.0333, "Europe/Saratov", 1),
    ("Simferopol", "Ukraine", 44.9500, 34.1000, "Europe/Simferopol", 1),
    ("Sitka", "United States", 57.1764, -135.3019, "America/Sitka", 1),
    ("Skopje", "North Macedonia", 41.9833, 21.4333, "Europe/Skopje", 1),
    ("Srednekolymsk", "Russia", 67.4667, 153.7167, "Asia/Srednekolymsk", 1),
    ("St Barthelemy", "St Barthelemy", 17.8833, -62.8500, "America/St_Barthelemy", 1),
    ("St George's", "Grenada", 12.0500, -61.7500, "America/Grenada", 1),
    ("St Helier", "Jersey", 49.1836, -2.1067, "Europe/Jersey", 1),
    ("St John's", "Canada", 47.5667, -52.7167, "America/St_Johns", 1),
    ("St John's (Antigua)", "Antigua & Barbuda", 17.0500, -61.8000, "America/Antigua", 1),
    ("St Peter Port", "Guernsey", 49.4547, -2.5361, "Europe/Guernsey", 1),
    ("St Thomas", "Virgin Islands (US)", 18.3500, -64.9333, "America/St_Thomas", 1),
    ("Stanley", "Falkland Islands", -51.7000, -57.8500, "Atlantic/Stanley", 1),
    ("Strasbourg", "France", 48.5734, 7.7521, "Europe/Paris", 1),
    ("Surabaya", "Indonesia", -7.2575, 112.7521, "Asia/Jakarta", 1),
    ("Suva", "Fiji", -18.1333, 178.4167, "Pacific/Fiji", 1),
    ("Swift Current", "Canada", 50.2833, -107.8333, "America/Swift_Current", 1),
    ("São Tomé", "Sao Tome & Principe", 0.3333, 6.7333, "Africa/Sao_Tome", 1),
    ("Tarawa", "Kiribati", 1.4167, 173.0000, "Pacific/Tarawa", 1),
    ("Tegucigalpa", "Honduras", 14.1000, -87.2167, "America/Tegucigalpa", 1),
    ("Tell City (Indiana)", "United States", 37.9531, -86.7614, "America/Indiana/Tell_City", 1),
    ("The Hague", "Netherlands", 52.0705, 4.3007, "Europe/Amsterdam", 1),
    ("The Valley", "Anguilla", 18.2000, -63.0667, "America/Anguilla", 1),
    ("Thessaloniki", "Greece", 40.6401, 22.9444, "Europe/Athens", 1),
    ("Thimphu", "Bhutan", 27.4667, 89.6500, "Asia/Thimphu", 1),
    ("Tijuana", "Mexico", 32.5333, -117.0167, "America/Tijuana", 1),
    ("Tirane", "Albania", 41.3333, 19.8333, "Europe/Tirane", 1),
    ("Tomsk", "Russia", 56.5000, 84.9667, "Asia/Tomsk", 1),
    ("Tortola", "Virgin Islands (UK)", 18.4500, -64.6167, "America/Tortola", 1),
    ("Tucumán", "Argentina", -26.8167, -65.2167, "America/Argentina/Tucuman", 1),
    ("Tórshavn", "Faroe Islands", 62.0167, -6.7667, "Atlantic/Faroe", 1),
    ("Ulyanovsk", "Russia", 54.3333, 48.4000, "Europe/Ulyanovsk", 1),
    ("Ushuaia", "Argentina", -54.8000, -68.3000, "America/Argentina/Ushuaia", 1),
    ("Ust-Nera", "Russia", 64.5603, 143.2267, "Asia/Ust-Nera", 1),
    ("Vaduz", "Liechtenstein", 47.1500, 9.5167, "Europe/Vaduz", 1),
    ("Valparaíso", "Chile", -33.0472, -71.6127, "America/Santiago", 1),
    ("Vatican City", "Vatican City", 41.9022, 12.4531, "Europe/Vatican", 1),
    ("Venice", "Italy", 45.4408, 12.3155, "Europe/Rome", 1),
    ("Vevay (Indiana)", "United States", 38.7478, -85.0672, "America/Indiana/Vevay", 1),
    ("Victoria (Seychelles)", "Seychelles", -4.6667, 55.4667, "Indian/Mahe", 1),
    ("Vientiane", "Laos", 17.9667, 102.6000, "Asia/Vientiane", 1),
    ("Vincennes (Indiana)", "United States", 38.6772, -87.5286, "America/Indiana/Vincennes", 1),
    ("Vladivostok", "Russia", 43.1667, 131.9333, "Asia/Vladivostok", 1),
    ("Volgograd", "Russia", 48.7333, 44.4167, "Europe/Volgograd", 1),
    ("Waitangi", "New Zealand", -43.9500, -176.5500, "Pacific/Chatham", 1),
    ("West Island (Cocos)", "Cocos (Keeling) Islands", -12.1667, 96.9167, "Indian/Cocos", 1),
    ("Whitehorse", "Canada", 60.7167, -135.0500, "America/Whitehorse", 1),
    ("Willemstad", "Curaçao", 12.1833, -69.0000, "America/Curacao", 1),
    ("Winamac (Indiana)", "United States", 41.0514, -86.6031, "America/Indiana/Winamac", 1),
    ("Windhoek", "Namibia", -22.5667, 17.1000, "Africa/Windhoek", 1),
    ("Winnipeg", "Canada", 49.8833, -97.1500, "America/Winnipeg", 1),
    ("Wuhan", "China", 30.5928, 114.3055, "Asia/Shanghai", 1),
    ("Xi'an", "China", 34.3416, 108.9398, "Asia/Shanghai", 1),
    ("Yakutat", "United States", 59.5469, -139.7272, "America/Yakutat", 1),
    ("Yakutsk", "Russia", 62.0000, 129.6667, "Asia/Yakutsk", 1),
    ("Yaren", "Nauru", -0.5167, 166.9167, "Pacific/Nauru", 1),
    ("Yekaterinburg", "Russia", 56.8500, 60.6000, "Asia/Yekaterinburg", 1),
    ("Ürümqi", "China", 43.8000, 87.5833, "Asia/Urumqi", 1),
];
