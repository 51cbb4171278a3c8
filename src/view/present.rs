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
    /// Whether the presenter view (its own window: current and next slide, speaker notes,
    /// counter, clock) is open. The notes are never drawn on the projected window.
    pub presenter: bool,
    /// When presenting began, in seconds of the app's clock; the presenter view's clock
    /// counts from it, and restarts on request.
    pub started: f64,
    /// The chart the main window showed before presenting, shown again afterwards.
    pub return_to: Slide,
}

impl PresentState {
    /// Start presenting the scenario's slides (or, with none, the standard charts).
    pub fn new(s: &Scenario, view: &ViewState, start_state: u64, now: f64) -> Self {
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
            presenter: false,
            started: now,
            return_to: super::slide_for_view(s, view),
        }
    }
}

/// A step through the slides, asked for by a key or a button in either window.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// The next slide.
    Next,
    /// The previous slide.
    Previous,
    /// The first slide.
    First,
    /// The last slide.
    Last,
}

impl PresentState {
    /// Take a step; it stops at either end.
    pub fn step(&mut self, step: Step) {
        let n = self.slides.len();
        self.index = match step {
            Step::Next => (self.index + 1).min(n.saturating_sub(1)),
            Step::Previous => self.index.saturating_sub(1),
            Step::First => 0,
            Step::Last => n.saturating_sub(1),
        };
    }

    /// "04:12", or "1:04:12" past an hour: time since presenting began.
    pub fn elapsed_text(&self, now: f64) -> String {
        let secs = (now - self.started).max(0.0) as u64;
        let (h, m, s) = (secs / 3600, secs / 60 % 60, secs % 60);
        if h > 0 {
            format!("{h}:{m:02}:{s:02}")
        } else {
            format!("{m:02}:{s:02}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_stop_at_either_end_and_the_clock_reads_naturally() {
        let s = crate::io::default_scenario();
        let mut p = PresentState::new(&s, &ViewState::default(), 0, 10.0);
        let n = p.slides.len();
        p.step(Step::Previous);
        assert_eq!(p.index, 0);
        p.step(Step::Last);
        assert_eq!(p.index, n - 1);
        p.step(Step::Next);
        assert_eq!(p.index, n - 1);
        p.step(Step::First);
        p.step(Step::Next);
        assert_eq!(p.index, 1);
        assert_eq!(p.elapsed_text(10.0), "00:00");
        assert_eq!(p.elapsed_text(10.0 + 252.9), "04:12");
        assert_eq!(p.elapsed_text(10.0 + 3600.0 + 61.0), "1:01:01");
        assert_eq!(p.elapsed_text(0.0), "00:00", "a clock never runs backwards");
    }
}
