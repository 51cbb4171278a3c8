//! What presentation mode remembers while it is on.

use super::ViewState;
use crate::model::{ChartKind, Scenario, Slide};

/// Presentation state.
#[derive(Clone, Debug)]
pub struct PresentState {
    /// The document state when presenting began; what-if changes are measured from it.
    pub start_state: u64,
    /// The slide shown.
    pub index: usize,
    /// The slides, as they were when presenting began (or the standard charts).
    pub slides: Vec<Slide>,
    /// Whether the what-if strip shows.
    pub whatif: bool,
    /// Whether the speaker note shows.
    pub notes: bool,
}

impl PresentState {
    /// Start presenting the scenario's slides (or, with none, the standard charts).
    pub fn new(s: &Scenario, view: &ViewState, start_state: u64) -> Self {
        let slides = if s.slides.is_empty() {
            let mut v: Vec<Slide> = ChartKind::ALL
                .iter()
                .map(|&chart| {
                    let mut view = view.clone();
                    view.chart = chart;
                    super::slide_for_view(s, &view)
                })
                .collect();
            if s.regions.is_empty() {
                v.retain(|sl| sl.chart == ChartKind::ProbabilityTree);
            }
            v
        } else {
            s.slides.clone()
        };
        Self {
            start_state,
            index: 0,
            slides,
            whatif: true,
            notes: false,
        }
    }
}
