//! The numbers: expected values, Monte Carlo, the second-order analysis of probability ranges,
//! and sensitivity, as pure functions of a scenario. Never imports egui.

pub mod compare;
mod compile;
mod expected;
mod kumaraswamy;
mod leaves;
mod mc;
mod pert;
mod probabilities;
pub mod ranges;
pub mod second;
pub mod sensitivity;
pub mod signposts;
pub mod special;

pub use compile::{CEffect, Compiled, Normalised, normalised_weights};
pub use expected::{Centre, Expected, Leaf, Top};
pub use mc::{
    BINS, CHUNK, FAN_SAMPLES, Fan, McProgress, McSettings, McSummary, SeriesStats, run_monte_carlo,
};
pub use pert::Pert;
pub use second::{SecondOrder, second_order};

/// A run was cancelled because a newer one was asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cancelled;
