//! The panels around the map. Each reads the state it is given and returns [`Action`]s; none mutates the
//! model. The app applies every action in one place (`TravelMapApp::apply`).

pub mod city_panel;
pub mod columns;
pub mod dialogs;
pub mod editor;
pub mod events_table;
pub mod export;
pub mod filters;
pub mod legend;
pub mod menu;
pub mod people;
pub mod review;
pub mod search;
pub mod shortcuts;
pub mod stats;
pub mod swimlanes;
pub mod timeline_bar;

use crate::data::{CityIdx, MeetingIdx, PersonIdx};
use crate::timeline::TimeCommand;

/// Everything the user can ask for.
#[derive(Clone, Debug, PartialEq)]
#[must_use]
#[expect(
    clippy::large_enum_variant,
    reason = "a few actions a frame; boxing the edit would buy nothing"
)]
pub enum Action {
    Time(TimeCommand),
    /// Open the details of a city, or close them.
    SelectCity(Option<CityIdx>),
    /// Open the details of a flight, or close them.
    SelectLeg(Option<crate::data::LegIdx>),
    /// Show or hide the list of notes.
    ToggleNotes,
    /// Show a clicked link's address (to copy if no browser opens), or hide it.
    ShowLink(Option<String>),
    /// Move the timeline to a meeting and select its city.
    FocusMeeting(MeetingIdx),
    /// Add or remove a person from the "show only" filter.
    TogglePerson(PersonIdx),
    /// Show everyone again.
    ShowEveryone,
    /// List only the meetings where every person ticked took part (or, off, any of them).
    SetAllPresent(bool),
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
    /// Show or hide the editor panel.
    ToggleEditor,
    ToggleHelp,
    /// Show or hide the Frame statistics window (F12).
    ToggleStats,
    /// Show or hide the legend.
    ToggleLegend,
    DismissError,
    /// Close the message that says something went well or changed.
    DismissNotice,
    /// Use the built-in file dialog instead of the system's (or not).
    SetBuiltInFileDialog(bool),
    Quit,
    /// Choose a file to open (Ctrl+O).
    Open,
    /// Open the recent file at this position of the list.
    OpenRecent(usize),
    /// Save to the current file, or ask for a name (Ctrl+S).
    Save,
    /// Save under a new name (Ctrl+Shift+S).
    SaveAs,
    /// Write the data in another format, to a file chosen in a dialog.
    Export(crate::formats::Format),
    /// Adopt the good records of a file that had bad ones.
    ImportPartial,
    /// Keep the current data; forget the file that had bad records.
    CancelImport,
    /// Stop loading a file and keep the data on screen.
    CancelLoading,
    SaveAndQuit,
    QuitWithoutSaving,
    CancelQuit,
    /// Change the dataset (through the undo history).
    Edit(crate::data::edit::Edit),
    /// Undo the last edit.
    Undo,
    /// Make the last undone edit again.
    Redo,
    /// Show or hide the flights inferred between stays.
    SetInferredShown(bool),
    /// Open the spreadsheet waiting in the column-mapping step with these roles, one per column.
    MapColumns(Vec<crate::formats::itinerary::Role>),
    /// Don't open the spreadsheet waiting in the column-mapping step.
    CancelColumns,
    /// Show or hide the list of place texts to review.
    ToggleReview,
    /// A background load finished.
    Loaded(Box<crate::files::LoadOutcome>),
    /// Co-presence worked out in the background is ready.
    EncountersComputed(Box<crate::encounters::Computed>),
    /// The open file dialog closed.
    DialogClosed(crate::files::DialogChoice),
    /// Open this file (dropped on the window).
    OpenPath(std::path::PathBuf),
    /// The window is asked to close with unsaved changes: ask first.
    CloseRequested,
    /// Show or hide the search window (Ctrl+F).
    ToggleSearch,
    /// Show or hide the events table (Ctrl+T).
    ToggleEvents,
    /// Go to a dated record: move the cursor to it, select its city (and a leg's details).
    FocusRecord(crate::data::RecordRef),
    /// Show only this person's records.
    ShowOnlyPerson(PersonIdx),
    /// Replace the record filter (certainty, kind, country, source, dates, people).
    SetFilter(Box<crate::timeline::RecordFilter>),
    /// Open the form of File ▸ Export picture… or Export animation….
    OpenExport(export::ExportKind),
    /// The export form's Export… button: choose where to write.
    ChooseExportFile,
    /// Close the export form.
    CloseExport,
    /// Make the picture or animation of the export form into this file, in the background.
    StartRender(std::path::PathBuf),
    /// Stop the export under way.
    CancelRender,
    /// An export finished: the file written, or why not.
    Rendered(crate::render::job::Outcome),
    /// Show or hide the people panel (View ▸ People, Ctrl+P).
    TogglePeople,
    /// Highlight one person across the app (map, timeline, network), or no one.
    HighlightPerson(Option<PersonIdx>),
    /// Add a person to the swimlanes under the timeline, or take them out.
    ToggleSwimlane(PersonIdx),
    /// Show no swimlanes.
    ClearSwimlanes,
}
