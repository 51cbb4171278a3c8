//! The numbers: expected values, Monte Carlo and sensitivity, as pure functions of a scenario.
//! Never imports egui.

mod compile;
mod expected;
mod mc;
mod pert;
pub mod sensitivity;

pub use compile::{CEffect, Compiled, Normalised};
pub use expected::{Expected, Leaf, Top};
pub use mc::{
    BINS, CHUNK, Cancelled, Fan, McProgress, McSettings, McSummary, SeriesStats, SharedProgress,
    run_monte_carlo,
};
pub use pert::Pert;
