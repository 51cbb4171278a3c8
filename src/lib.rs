//! Muscat: plan the outcomes of a negotiation.
//!
//! A scenario (`model`) is an outcome tree whose branches carry probabilities and effects on
//! regional stability indicators. The `engine` turns it into expected, probability-weighted
//! indicators; `io` reads and writes versioned RON files; `edit` is the only way a document
//! changes; `app` and `ui` are the egui desktop app; `cli` and `export` serve the command line.
//! `app`, `ui` and `view` exist only with the `gui` feature (on by default).

#[cfg(feature = "gui")]
pub mod app;
pub mod charts;
pub mod cli;
pub mod edit;
pub mod engine;
pub mod export;
pub mod io;
pub mod map;
pub mod model;
pub mod style;
#[cfg(feature = "gui")]
pub mod ui;
#[cfg(feature = "gui")]
pub mod view;
