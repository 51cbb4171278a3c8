//! The simulations, asked of the analysis service like every other analysis. Each request first
//! runs a quick pass of the outcome simulation, then the second-order analysis of the
//! probability ranges, then the full outcome simulation, so the charts fill in fast; each step
//! is shown as it ends. A new request (an edit, another chart focus) stops the run under way.

use super::{APP_SAMPLES, MuscatApp};
use crate::engine::{Expected, McSettings, SecondOrder, run_monte_carlo};
use crate::view::analysis::{Kind, Stage, Staged, key_of};
pub use crate::view::{McRequest, McResult};
use std::sync::Arc;

/// The service's kind for the simulations.
pub const KIND: Kind = "monte-carlo";

/// Samples in the quick first pass.
pub const QUICK_SAMPLES: u64 = 10_000;

/// The staged run for `request` on `expected`. `second` is the second-order analysis already
/// worked out for the same state and seed (it does not depend on the chart's focus), if any.
pub fn work(
    expected: Arc<Expected>,
    request: McRequest,
    second: Option<Arc<SecondOrder>>,
) -> Staged<McResult> {
    Box::new(move |stage: &Stage<'_, McResult>| {
        let result = |summary, second, complete| McResult {
            request: request.clone(),
            summary,
            second,
            complete,
        };
        // The quick pass leaves the month-by-month fan to the full pass.
        let run = |samples, focus| {
            let settings = McSettings {
                samples,
                seed: request.seed,
                threads: 0,
                focus,
            };
            run_monte_carlo(&expected, &settings, Some(stage.progress))
                .ok()
                .map(Arc::new)
        };
        let quick = QUICK_SAMPLES.min(request.samples);
        let only_quick = quick == request.samples;
        let summary = run(quick, only_quick.then_some(request.focus).flatten())?;
        if only_quick && second.is_some() {
            return Some(result(summary, second, true));
        }
        stage.show(result(Arc::clone(&summary), second.clone(), false));
        let second = match second {
            Some(s) => s,
            None => {
                let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
                let cancel = Some(&stage.progress.cancel);
                Arc::new(
                    crate::engine::second_order(&expected, request.seed, threads, cancel).ok()?,
                )
            }
        };
        if only_quick {
            return Some(result(summary, Some(second), true));
        }
        stage.show(result(summary, Some(Arc::clone(&second)), false));
        let full = run(request.samples, request.focus)?;
        Some(result(full, Some(second), true))
    })
}

impl MuscatApp {
    /// The (region, indicator) whose month-by-month fan the simulation keeps: the chart's.
    fn simulation_focus(&self) -> Option<(usize, Option<usize>)> {
        let s = self.doc.scenario();
        if s.regions.is_empty() || s.indicators.is_empty() {
            None
        } else {
            Some((self.view.region_index(s), self.view.indicator_index(s)))
        }
    }

    /// What the simulation is asked for now: the current state and chart focus.
    fn simulation_request(&self) -> McRequest {
        McRequest {
            state: self.results.state,
            samples: APP_SAMPLES,
            seed: self.doc.scenario().header.seed,
            focus: self.simulation_focus(),
        }
    }

    /// Ask the service for the simulation of what is on screen. The second-order analysis of
    /// the last answer is reused when only the focus changed.
    pub(super) fn request_simulation(&self) {
        let request = self.simulation_request();
        let key = key_of(&request);
        let second = self
            .analyses
            .last::<McResult>(KIND)
            .filter(|m| m.request.state == request.state && m.request.seed == request.seed)
            .and_then(|m| m.second.clone());
        let expected = Arc::clone(&self.results.expected);
        self.analyses
            .get_staged(KIND, key, || work(expected, request, second));
    }

    /// Whether the full simulation for what is on screen (document state and chart focus) has
    /// finished: the numbers shown will not change until something does.
    pub fn simulation_settled(&self) -> bool {
        self.current_mc()
            .is_some_and(|m| m.complete && m.request.focus == self.simulation_focus())
    }

    /// The newest simulation, if it matches the current state and seed.
    pub fn current_mc(&self) -> Option<McResult> {
        let latest = self.analyses.last::<McResult>(KIND)?;
        let s = self.doc.scenario();
        (latest.request.state == self.results.state && latest.request.seed == s.header.seed)
            .then(|| (*latest).clone())
    }

    /// The simulation under way: (samples done, samples of the quick pass and the full run).
    pub fn simulation_progress(&self) -> Option<(u64, u64)> {
        let (_, done) = self.analyses.progress(KIND)?;
        Some((done, QUICK_SAMPLES.min(APP_SAMPLES) + APP_SAMPLES))
    }

    /// Whether the simulation of what is on screen could not run (no thread could start, or it
    /// failed): the charts show their point values.
    pub fn simulation_unavailable(&self) -> bool {
        self.analyses.failed(KIND) == Some(key_of(&self.simulation_request()))
    }

    /// Run the simulation again from the start (Simulation → Rerun).
    pub(super) fn rerun_simulation(&self) {
        self.analyses.forget(KIND);
    }
}
