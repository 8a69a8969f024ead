//! The panels around the map. Each reads the state it is given and returns [`Action`]s; none mutates the
//! model. The app applies every action in one place (`TravelMapApp::apply`).

pub mod city_panel;
pub mod filters;
pub mod menu;
pub mod shortcuts;
pub mod timeline_bar;

use crate::data::{CityIdx, MeetingIdx, PersonIdx};
use crate::timeline::TimeCommand;

/// Everything the user can ask for.
#[derive(Clone, Copy, Debug, PartialEq)]
#[must_use]
pub enum Action {
    Time(TimeCommand),
    /// Open the details of a city, or close them.
    SelectCity(Option<CityIdx>),
    /// Move the timeline to a meeting and select its city.
    FocusMeeting(MeetingIdx),
    /// Add or remove a person from the "show only" filter.
    TogglePerson(PersonIdx),
    /// Show everyone again.
    ShowEveryone,
    FitToData,
    ZoomIn,
    ZoomOut,
    /// Zoom in around a point (a clicked cluster).
    ZoomInAt(crate::geodesy::Point),
    /// Pan by a step: x and y in −1..=1.
    Pan {
        x: i8,
        y: i8,
    },
    SetOnlineTiles(bool),
    /// Keep the traveller in the air in view.
    SetFollow(bool),
    ToggleFilters,
    ToggleHelp,
    DismissError,
    Quit,
}
