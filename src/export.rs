//! Writing a dataset for other tools.
//!
//! GeoJSON follows RFC 7946: longitude first, WGS84, and a line that crosses the antimeridian is split
//! into a `MultiLineString` (section 3.1.9) rather than drawn the long way round. Legs carry the same
//! densified great-circle coordinates the map draws, so other tools show the same routes.

use serde_json::{Value, json};

use crate::data::{Dataset, Leg, Meeting, SourceIdx, When};
use crate::geodesy::{self, Point};

/// Largest distance between two exported points along a leg (km).
pub const EXPORT_SEGMENT_KM: f64 = 100.0;

/// The dataset as one RFC 7946 `FeatureCollection`: a line per leg, a point per meeting.
pub fn to_geojson(d: &Dataset) -> Value {
    let legs = d.legs.iter().filter_map(|l| leg_feature(d, l));
    let meetings = d.meetings.iter().filter_map(|m| meeting_feature(d, m));
    json!({
        "type": "FeatureCollection",
        "features": legs.chain(meetings).collect::<Vec<_>>(),
    })
}

/// `[lon, lat]`: GeoJSON is longitude first.
fn lon_lat(p: Point) -> Value {
    json!([round6(p.x()), round6(p.y())])
}

/// Six decimals is about 10 cm: more would be noise.
fn round6(deg: f64) -> f64 {
    (deg * 1e6).round() / 1e6
}

fn when_property(w: Option<When>, tz: chrono_tz::Tz) -> Value {
    w.map_or(Value::Null, |w| Value::String(w.to_file_string(tz)))
}

fn sources_property(d: &Dataset, sources: &[SourceIdx]) -> Value {
    sources
        .iter()
        .filter_map(|s| d.source(*s))
        .map(|s| s.url.clone().unwrap_or_else(|| s.title.clone()))
        .collect()
}

fn leg_feature(d: &Dataset, leg: &Leg) -> Option<Value> {
    let (from, to) = (d.place(leg.from)?, d.place(leg.to)?);
    let arc = geodesy::great_circle(from.position, to.position, EXPORT_SEGMENT_KM);
    let lines: Vec<Vec<Value>> = arc
        .parts
        .iter()
        .map(|part| part.iter().map(|p| lon_lat(*p)).collect())
        .collect();
    let geometry = match lines.as_slice() {
        [single] => json!({ "type": "LineString", "coordinates": single }),
        _ => json!({ "type": "MultiLineString", "coordinates": lines }),
    };
    Some(json!({
        "type": "Feature",
        "id": leg.id,
        "geometry": geometry,
        "properties": {
            "kind": "leg",
            "travellers": leg.travellers.iter().filter_map(|p| d.person(*p)).map(|p| p.name.clone()).collect::<Vec<_>>(),
            "from": from.name,
            "to": to.name,
            "departure": when_property(leg.departure, from.tz),
            "arrival": when_property(leg.arrival, to.tz),
            "distance_km": arc.distance_km.round(),
            "certainty": leg.certainty.label(),
            "sources": sources_property(d, &leg.sources),
        },
    }))
}

fn meeting_feature(d: &Dataset, m: &Meeting) -> Option<Value> {
    let place = d.place(m.place)?;
    Some(json!({
        "type": "Feature",
        "id": m.id,
        "geometry": { "type": "Point", "coordinates": lon_lat(place.position) },
        "properties": {
            "kind": "meeting",
            "place": place.name,
            "city": place.city,
            "venue": m.venue,
            "start": m.start.to_file_string(place.tz),
            "end": when_property(m.end, place.tz),
            "durations": m.durations.iter().map(|c| c.text.clone()).collect::<Vec<_>>(),
            "participants": m.participants.iter().filter_map(|p| d.person(*p)).map(|p| p.name.clone()).collect::<Vec<_>>(),
            "topic": m.topic,
            "certainty": m.certainty.label(),
            "sources": sources_property(d, &m.sources),
        },
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::bundled;

    #[test]
    fn the_bundled_data_exports_a_line_per_leg_and_a_point_per_meeting() {
        let d = bundled().unwrap();
        let fc = to_geojson(&d);
        assert_eq!(fc["type"], "FeatureCollection");
        let features = fc["features"].as_array().unwrap();
        assert_eq!(features.len(), d.legs.len() + d.meetings.len());
        let lines = features
            .iter()
            .filter(|f| f["geometry"]["type"] == "LineString")
            .count();
        assert_eq!(lines, d.legs.len());
        let points = features
            .iter()
            .filter(|f| f["geometry"]["type"] == "Point")
            .count();
        assert_eq!(points, d.meetings.len());
    }

    #[test]
    fn coordinates_are_longitude_first_and_legs_end_at_their_places() {
        let d = bundled().unwrap();
        let fc = to_geojson(&d);
        let leg = fc["features"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["properties"]["to"] == "Pulkovo Airport")
            .unwrap();
        let coords = leg["geometry"]["coordinates"].as_array().unwrap();
        let last = coords.last().unwrap();
        assert_eq!(last[0].as_f64().unwrap(), 30.2625, "longitude first");
        assert_eq!(last[1].as_f64().unwrap(), 59.8003);
        assert!(coords.len() > 50, "densified along the great circle");
        assert_eq!(
            leg["properties"]["departure"],
            Value::Null,
            "unknown departure stays unknown"
        );
    }
}
