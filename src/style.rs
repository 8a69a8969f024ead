//! Colours and sizes, set once: the map overlay and the panels take them from here, never hard-coded.

use egui::Color32;

/// Route colour for legs flown, before fading with age.
pub const ROUTE: Color32 = Color32::from_rgb(200, 60, 40);
/// A leg in the air right now.
pub const ROUTE_ACTIVE: Color32 = Color32::from_rgb(230, 110, 0);
/// The traveller's marker.
pub const TRAVELLER: Color32 = Color32::from_rgb(20, 90, 200);
/// A city where meetings were held.
pub const CITY: Color32 = Color32::from_rgb(60, 60, 70);
/// A city with only arrivals and departures.
pub const CITY_TRANSIT: Color32 = Color32::from_rgb(130, 130, 140);
/// The ring around a city whose meeting is under way.
pub const MEETING_ACTIVE: Color32 = Color32::from_rgb(230, 40, 90);
/// The selected city's outline.
pub const SELECTED: Color32 = Color32::from_rgb(255, 200, 0);
/// Label text on the map, and the halo behind it.
pub const LABEL: Color32 = Color32::from_rgb(30, 30, 35);
pub const LABEL_HALO: Color32 = Color32::from_rgba_premultiplied(250, 250, 245, 210);
/// Timeline ticks by kind.
pub const TICK_MEETING: Color32 = Color32::from_rgb(230, 40, 90);
pub const TICK_LEG: Color32 = Color32::from_rgb(200, 60, 40);
pub const TICK_NOTE: Color32 = Color32::from_rgb(110, 110, 200);
pub const TICK_STAY: Color32 = Color32::from_rgb(40, 140, 110);
/// A person staying in a city: the marker's ring, and the stay's dot in lists.
pub const STAY: Color32 = Color32::from_rgb(40, 140, 110);
/// The timeline cursor.
pub const CURSOR: Color32 = Color32::from_rgb(20, 90, 200);

/// A route whose times are estimated (not reported) is dashed: dash and gap lengths, in points. Short
/// dashes, so it reads apart from an inferred route's long ones ([`INFERRED_DASH`]).
pub const ESTIMATED_DASH: (f32, f32) = (3.0, 4.0);
/// A route that was inferred, not reported, is dashed long: dash and gap lengths, in points.
pub const INFERRED_DASH: (f32, f32) = (9.0, 5.0);
/// A departure or arrival tick whose time is estimated: [`TICK_LEG`] at 45 %.
pub const TICK_LEG_ESTIMATED: Color32 = Color32::from_rgba_premultiplied(90, 27, 18, 115);
/// How strongly the markers and places of people filtered out are drawn.
pub const FILTERED_OUT_ALPHA: f32 = 0.25;
/// The mark of a city with a meeting that day whose time was not reported (a square, not a ring).
pub const MEETING_DAY: Color32 = Color32::from_rgb(230, 40, 90);

/// Names on the basemap: oceans, countries and capitals, with their font sizes in points. Quieter
/// than the data's labels ([`LABEL`]), which they give way to.
pub const OCEAN_NAME: Color32 = Color32::from_rgb(95, 130, 160);
pub const COUNTRY_NAME: Color32 = Color32::from_rgb(135, 130, 120);
pub const CAPITAL_NAME: Color32 = Color32::from_rgb(110, 105, 100);
pub const OCEAN_NAME_SIZE: f32 = 13.0;
pub const COUNTRY_NAME_SIZE: f32 = 10.5;
pub const CAPITAL_NAME_SIZE: f32 = 11.0;

/// The flow layer (every leg of the time window in one picture): a lone leg in [`ROUTE`] at this
/// opacity, growing more opaque and towards [`FLOW_STRONG`] with the number of legs, opaque at
/// [`FLOW_FULL_LEGS`].
pub const FLOW_FAINT_ALPHA: f32 = 0.3;
pub const FLOW_STRONG: Color32 = Color32::from_rgb(150, 25, 35);
pub const FLOW_FULL_LEGS: u32 = 256;
/// The badge on a marker giving its meetings in the time window, and its text size in points.
pub const BADGE: Color32 = Color32::from_rgb(170, 30, 75);
pub const BADGE_TEXT: Color32 = Color32::WHITE;
pub const BADGE_SIZE: f32 = 9.5;

/// Stroke width of a route, in points.
pub const ROUTE_WIDTH: f32 = 2.0;
/// Font size of map labels, in points.
pub const LABEL_SIZE: f32 = 13.0;

/// Fades a colour by `alpha` (0..=1).
pub fn faded(color: Color32, alpha: f32) -> Color32 {
    color.gamma_multiply(alpha.clamp(0.0, 1.0))
}

/// The embedded fallback font (a `DejaVuSans` subset, see `assets/fonts/README.md`).
const FALLBACK_FONT: &[u8] = include_bytes!("../assets/fonts/DejaVuSans-subset.ttf");
/// Its name in egui's font definitions.
const FALLBACK_FONT_NAME: &str = "DejaVuSans-subset";

/// egui's fonts, then `DejaVuSans` for every glyph they lack (arrows, math signs, the accented and
/// non-Latin letters of names), in both families. A fallback rather than a replacement keeps egui's look
/// and its icon fonts.
pub fn fonts() -> egui::FontDefinitions {
    let mut fonts = egui::FontDefinitions::default();
    fonts.font_data.insert(
        FALLBACK_FONT_NAME.to_owned(),
        std::sync::Arc::new(egui::FontData::from_static(FALLBACK_FONT)),
    );
    for family in [egui::FontFamily::Proportional, egui::FontFamily::Monospace] {
        fonts
            .families
            .entry(family)
            .or_default()
            .push(FALLBACK_FONT_NAME.to_owned());
    }
    fonts
}

/// Sets the app's look once, at start: a light theme, which reads best over the pale basemap, and the
/// fonts.
pub fn apply(ctx: &egui::Context) {
    ctx.set_theme(egui::Theme::Light);
    ctx.set_fonts(fonts());
}

/// The dashed ring of a possible encounter (two people in a city at once, no reported meeting): drawn
/// apart from a meeting's solid ring.
pub const CO_PRESENCE: Color32 = Color32::from_rgb(120, 70, 170);
/// Dash and gap of that ring, in points.
pub const CO_PRESENCE_DASH: (f32, f32) = (4.0, 3.0);
pub const CO_PRESENCE_WIDTH: f32 = 1.5;
/// The search window's width, and the most results listed per group, in points and rows.
pub const SEARCH_WIDTH: f32 = 420.0;
pub const SEARCH_RESULTS_PER_GROUP: usize = 50;
/// The events table's window at first, its row height, and its narrowest column, in points.
pub const EVENTS_TABLE_SIZE: [f32; 2] = [980.0, 300.0];
pub const EVENTS_ROW_HEIGHT: f32 = 18.0;
pub const EVENTS_MIN_COLUMN: f32 = 60.0;
/// The people network: a person, the person highlighted, and the links between people (a reported
/// meeting solid, a co-presence dashed).
pub const PERSON_NODE: Color32 = Color32::from_rgb(70, 90, 130);
pub const PERSON_HIGHLIGHT: Color32 = Color32::from_rgb(230, 110, 0);
pub const LINK_MEETING: Color32 = Color32::from_rgb(110, 110, 125);
pub const LINK_CO_PRESENCE: Color32 = Color32::from_rgb(40, 140, 110);
/// A co-presence link's dash and gap lengths, in points.
pub const LINK_DASH: (f32, f32) = (5.0, 4.0);
/// The width of a link: this much for one meeting, growing with the square root of the count, up to
/// the widest.
pub const LINK_WIDTH: f32 = 1.2;
pub const LINK_WIDTH_MAX: f32 = 9.0;
/// How strongly what is not the highlighted person's is drawn, in the network and on the map.
pub const NOT_HIGHLIGHTED_ALPHA: f32 = 0.25;

/// Swimlane stays are coloured by country: a palette of soft, distinct colours, each country keeping
/// its colour ([`country_color`]).
pub const COUNTRY_PALETTE: [Color32; 10] = [
    Color32::from_rgb(102, 166, 206),
    Color32::from_rgb(178, 223, 138),
    Color32::from_rgb(251, 154, 153),
    Color32::from_rgb(253, 191, 111),
    Color32::from_rgb(202, 178, 214),
    Color32::from_rgb(166, 206, 227),
    Color32::from_rgb(255, 237, 111),
    Color32::from_rgb(141, 211, 199),
    Color32::from_rgb(190, 186, 218),
    Color32::from_rgb(217, 217, 217),
];
/// A swimlane's height, in points.
pub const SWIMLANE_HEIGHT: f32 = 18.0;

/// A country's colour in the swimlanes: the same country always gets the same colour (an FNV-1a hash
/// of its name picks from [`COUNTRY_PALETTE`]).
pub fn country_color(country: &str) -> Color32 {
    let hash = country.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    let i = (hash % COUNTRY_PALETTE.len() as u64) as usize;
    COUNTRY_PALETTE.get(i).copied().unwrap_or(Color32::GRAY)
}
