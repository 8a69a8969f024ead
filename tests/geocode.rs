//! The geocoder scored on real place texts of official trips (`tests/fixtures/geocode/places.tsv`):
//! how many are placed, how many within their tolerance of the place meant, and how many are placed
//! wrongly without a flag. The score is printed (`cargo test --test geocode -- --nocapture`) and held to
//! the goals: at least 95 % placed, 97 % of those within tolerance, and none wrong without a flag.

use travelmap::data::geocode::{GeocodeStatus, Geocoded, Geocoder};
use travelmap::geodesy::{distance_km, lat_lon};

const FIXTURE: &str = include_str!("fixtures/geocode/places.tsv");

#[derive(Debug)]
struct Case {
    line: usize,
    place: String,
    country: String,
    /// "placed", "country" or "unplaced".
    kind: String,
    expected: Option<(f64, f64)>,
    tolerance_km: f64,
}

fn cases() -> Vec<Case> {
    FIXTURE
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.starts_with('#') && !l.starts_with("place\t") && !l.is_empty())
        .map(|(i, l)| {
            let f: Vec<&str> = l.split('\t').collect();
            assert!(f.len() >= 6, "line {}: {l:?}", i + 1);
            let expected = match (f[3].parse::<f64>(), f[4].parse::<f64>()) {
                (Ok(lat), Ok(lon)) => Some((lat, lon)),
                _ => None,
            };
            Case {
                line: i + 1,
                place: f[0].to_owned(),
                country: f[1].to_owned(),
                kind: f[2].to_owned(),
                expected,
                tolerance_km: f[5].parse().unwrap_or(30.0),
            }
        })
        .collect()
}

/// A flag tells the user to check the place: anything but a plain or alternate-name match.
fn flagged(g: &Geocoded) -> bool {
    !matches!(g.status, GeocodeStatus::Exact | GeocodeStatus::Alternate)
}

#[test]
fn real_place_texts_are_placed_within_tolerance_and_never_wrong_without_a_flag() {
    let geocoder = Geocoder::bundled();
    let cases = cases();
    assert!(cases.len() >= 350, "{} cases", cases.len());
    let (mut should_place, mut placed, mut within) = (0_usize, 0_usize, 0_usize);
    let mut wrong_unflagged = Vec::new();
    let mut misses = Vec::new();
    let mut by_status = std::collections::BTreeMap::new();
    for case in &cases {
        let country = (!case.country.is_empty()).then_some(case.country.as_str());
        let g = geocoder.resolve(&case.place, country);
        *by_status
            .entry(format!("{:?}", g.status))
            .or_insert(0_usize) += 1;
        if case.kind == "unplaced" {
            if g.place.is_some() && !flagged(&g) {
                wrong_unflagged.push(format!("line {}: {case:?} -> {g:?}", case.line));
            }
            continue;
        }
        should_place += 1;
        let (Some(place), Some((lat, lon))) = (&g.place, case.expected) else {
            misses.push(format!(
                "line {}: {:?} / {:?} unplaced: {:?}",
                case.line, case.place, case.country, g.reason
            ));
            continue;
        };
        placed += 1;
        let off_km = distance_km(place.position, lat_lon(lat, lon));
        if off_km <= case.tolerance_km {
            within += 1;
        } else {
            let line = format!(
                "line {}: {:?} / {:?} -> {} ({}) {:?}, {off_km:.0} km off; {:?}",
                case.line,
                case.place,
                case.country,
                place.name,
                place.country_code,
                g.status,
                g.reason
            );
            if flagged(&g) {
                misses.push(line);
            } else {
                wrong_unflagged.push(line);
            }
        }
    }
    let placed_pct = 100.0 * placed as f64 / should_place as f64;
    let within_pct = 100.0 * within as f64 / placed.max(1) as f64;
    println!(
        "geocode score on {} texts: {placed}/{should_place} placed ({placed_pct:.1} %), \
         {within}/{placed} within tolerance ({within_pct:.1} %), {} wrong without a flag",
        cases.len(),
        wrong_unflagged.len()
    );
    println!("  by status: {by_status:?}");
    for m in &misses {
        println!("  miss: {m}");
    }
    for w in &wrong_unflagged {
        println!("  WRONG: {w}");
    }
    assert!(placed_pct >= 95.0, "{placed_pct:.1} % placed");
    assert!(within_pct >= 97.0, "{within_pct:.1} % within tolerance");
    assert!(
        wrong_unflagged.is_empty(),
        "{} wrong without a flag",
        wrong_unflagged.len()
    );
}

#[test]
fn every_list_item_gets_its_own_result_when_split() {
    let each =
        Geocoder::bundled().resolve_each("London, Balmoral, Chequers", Some("United Kingdom"));
    assert_eq!(each.len(), 3);
    assert!(each.iter().all(|g| g.place.is_some()), "{each:?}");
    assert!(
        each.iter()
            .all(|g| g.place.as_ref().is_some_and(|p| p.country_code == "GB"))
    );
}
