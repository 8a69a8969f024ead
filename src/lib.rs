//! travelmap: who travelled where, when, and whom they met.
//!
//! Data flows one way: [`data`] (load and validate) → [`geodesy`] (great circles) → [`timeline`] (time
//! indexes and the cursor) and [`encounters`] (who met whom, who was where at the same time) → [`map`]
//! and [`ui`] (draw, and return actions) → [`app`] (owns the state and applies every action in one
//! place). The lower layers never import egui.

pub mod app;
pub mod data;
pub mod derived;
pub mod encounters;
pub mod files;
pub mod formats;
pub mod geodesy;
pub mod lanes;
pub mod map;
pub mod network;
pub mod records;
pub mod render;
pub mod search;
pub mod style;
pub mod timeline;
pub mod ui;
