//! What the app works out from a dataset before it can show it: the time index, the map's cities and
//! routes, the place texts to review, the people network and, for small data, the co-presences (the window shows a meeting's pairs
//! from the meeting itself).
//!
//! Worked out in one place, [`Derived::new`], so that a file opened in the window and an edit get the
//! same result. For a newly opened file this runs on the loading thread ([`crate::files::Loading`]): at
//! a million records it takes about a second, and the window keeps drawing the basemap and the
//! progress bar meanwhile. Co-presence of large data is left to its own background job
//! ([`crate::encounters::Background`]), started once the data is shown.

use crate::data::{self, Dataset};
use crate::encounters::{self, Encounters};
use crate::map::{self, scene::Scene};
use crate::network::PeopleGraph;
use crate::timeline::{RecordFilter, TimeIndex};
use crate::ui::people::PeopleView;

/// Everything derived from one dataset and one record filter.
#[derive(Clone)]
pub struct Derived {
    pub index: TimeIndex,
    pub scene: Scene,
    /// Per city, whether the filter keeps one of its records; `None` while it shows everything.
    pub admitted: Option<Vec<bool>>,
    pub review_groups: Vec<data::review::ReviewGroup>,
    /// The encounters, or `None` when the data is too large to wait for them (worked out in the
    /// background instead).
    pub encounters: Option<Encounters>,
    /// The network from the meetings, and the co-presences when they are known.
    pub people_graph: PeopleGraph,
    pub people: PeopleView,
}

impl std::fmt::Debug for Derived {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Derived")
            .field("records", &self.index.record_count())
            .field("routes", &self.scene.routes.len())
            .finish_non_exhaustive()
    }
}

/// The same derivation (one is a clone of the other): its time index is the same build.
impl PartialEq for Derived {
    fn eq(&self, other: &Self) -> bool {
        self.index.id() == other.index.id()
    }
}

impl Derived {
    /// Works everything out for `data` as `filter` shows it.
    pub fn new(data: &Dataset, filter: &RecordFilter) -> Self {
        let mut clock = Stopwatch::new();
        // The index and the scene are independent, and each about half the work at a million records.
        let (index, scene) = rayon::join(|| TimeIndex::new(data, filter), || Scene::new(data));
        clock.lap("time index and scene");
        let admitted = map::scene::admitted_cities(data, &scene.cities, filter);
        let review_groups = data::review::review_groups(data);
        clock.lap("admitted cities and place review");
        let records = data.legs.len() + data.meetings.len() + data.stays.len();
        let encounters = (records <= encounters::BACKGROUND_ABOVE_RECORDS)
            .then(|| Encounters::co_presences_with_progress(data, &scene.cities, &0.into()));
        clock.lap("co-presence (small data only)");
        let people_graph = PeopleGraph::new(data, encounters.as_ref().map_or(&[], |e| e.all()));
        clock.lap("people graph");
        let people = PeopleView::new(&people_graph);
        clock.lap("people view");
        Self {
            index,
            scene,
            admitted,
            review_groups,
            encounters,
            people_graph,
            people,
        }
    }
}

/// Logs how long each step took, at debug level: where opening a large file spends its time.
struct Stopwatch(std::time::Instant);

impl Stopwatch {
    fn new() -> Self {
        Self(std::time::Instant::now())
    }

    fn lap(&mut self, step: &str) {
        let now = std::time::Instant::now();
        log::debug!("{step}: {:.0} ms", (now - self.0).as_secs_f64() * 1e3);
        self.0 = now;
    }
}
