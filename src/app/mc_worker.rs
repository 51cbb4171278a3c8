//! Runs the simulations off the UI thread. A new request cancels the run under way. Each
//! request first runs a quick pass of the outcome simulation, then the second-order analysis of
//! the probability ranges, then the full outcome simulation, so the charts fill in fast.

use crate::engine::{Expected, McProgress, McSettings, McSummary, SecondOrder, run_monte_carlo};
pub use crate::view::{McRequest, McResult};
use std::sync::atomic::Ordering;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex};

/// Samples in the quick first pass.
pub const QUICK_SAMPLES: u64 = 10_000;

struct Job {
    request: McRequest,
    expected: Arc<Expected>,
    progress: Arc<McProgress>,
}

/// The handle the app holds.
pub struct McWorker {
    tx: Option<Sender<Job>>,
    latest: Arc<Mutex<Option<McResult>>>,
    progress: Option<Arc<McProgress>>,
    requested: Option<McRequest>,
    wake: Arc<Mutex<Option<egui::Context>>>,
}

impl Default for McWorker {
    fn default() -> Self {
        Self::new()
    }
}

impl McWorker {
    /// Start the worker thread.
    pub fn new() -> Self {
        let (tx, rx) = channel::<Job>();
        let latest = Arc::new(Mutex::new(None));
        let wake: Arc<Mutex<Option<egui::Context>>> = Arc::new(Mutex::new(None));
        let spawned = {
            let latest = Arc::clone(&latest);
            let wake = Arc::clone(&wake);
            std::thread::Builder::new()
                .name("muscat-monte-carlo".into())
                .spawn(move || worker(rx, latest, wake))
        };
        Self {
            // Without a thread there is no simulation; the charts show their point values.
            tx: spawned.ok().map(|_| tx),
            latest,
            progress: None,
            requested: None,
            wake,
        }
    }

    /// The context to repaint when a run finishes.
    pub fn set_context(&self, ctx: &egui::Context) {
        if let Ok(mut w) = self.wake.lock() {
            *w = Some(ctx.clone());
        }
    }

    /// Ask for a run, unless the same one was asked for already. Cancels the run under way.
    /// The expected values carry the compiled scenario, so nothing is copied.
    pub fn request(&mut self, expected: &Arc<Expected>, request: McRequest) {
        if self.requested.as_ref() == Some(&request) {
            return;
        }
        if let Some(p) = &self.progress {
            p.cancel.store(true, Ordering::Relaxed);
        }
        let progress = Arc::new(McProgress::default());
        self.progress = Some(Arc::clone(&progress));
        self.requested = Some(request.clone());
        if let Some(tx) = &self.tx {
            let _ = tx.send(Job {
                request,
                expected: Arc::clone(expected),
                progress,
            });
        }
    }

    /// The newest finished result, whatever it was for.
    pub fn latest(&self) -> Option<McResult> {
        self.latest.lock().ok().and_then(|l| l.clone())
    }

    /// Progress of the run under way: (done, total), if one is running.
    pub fn progress(&self) -> Option<(u64, u64)> {
        let req = self.requested.as_ref()?;
        let latest = self.latest();
        if latest.is_some_and(|l| l.complete && &l.request == req) {
            return None;
        }
        let done = self.progress.as_ref()?.done.load(Ordering::Relaxed);
        Some((done, QUICK_SAMPLES.min(req.samples) + req.samples))
    }

    /// Whether there is no worker thread (the machine refused to start one).
    pub fn unavailable(&self) -> bool {
        self.tx.is_none()
    }
}

impl Drop for McWorker {
    fn drop(&mut self) {
        if let Some(p) = &self.progress {
            p.cancel.store(true, Ordering::Relaxed);
        }
    }
}

fn worker(
    rx: Receiver<Job>,
    latest: Arc<Mutex<Option<McResult>>>,
    wake: Arc<Mutex<Option<egui::Context>>>,
) {
    // The second-order analysis depends on the document only, not on the chart's focus.
    let mut second_for: Option<(u64, u64, Arc<SecondOrder>)> = None;
    while let Ok(mut job) = rx.recv() {
        // Only the newest job matters.
        while let Ok(newer) = rx.try_recv() {
            job = newer;
        }
        let publish = |summary: &Arc<McSummary>, second: Option<Arc<SecondOrder>>, complete| {
            if let Ok(mut l) = latest.lock() {
                *l = Some(McResult {
                    request: job.request.clone(),
                    summary: Arc::clone(summary),
                    second,
                    complete,
                });
            }
            if let Ok(w) = wake.lock()
                && let Some(ctx) = w.as_ref()
            {
                ctx.request_repaint();
            }
        };
        // The quick pass leaves the month-by-month fan to the full pass.
        let run = |samples, focus| {
            let settings = McSettings {
                samples,
                seed: job.request.seed,
                threads: 0,
                focus,
            };
            run_monte_carlo(&job.expected, &settings, Some(&job.progress)).map(Arc::new)
        };
        let quick = QUICK_SAMPLES.min(job.request.samples);
        let quick_focus = (quick == job.request.samples)
            .then_some(job.request.focus)
            .flatten();
        let Ok(summary) = run(quick, quick_focus) else {
            continue; // cancelled: a newer job is waiting
        };
        let key = (job.request.state, job.request.seed);
        let cached = second_for
            .as_ref()
            .filter(|(state, seed, _)| (*state, *seed) == key)
            .map(|(_, _, s)| Arc::clone(s));
        publish(&summary, cached.clone(), quick == job.request.samples);
        if quick == job.request.samples && cached.is_some() {
            continue;
        }
        let second = match cached {
            Some(s) => s,
            None => {
                let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
                let Ok(s) = crate::engine::second_order(
                    &job.expected,
                    job.request.seed,
                    threads,
                    Some(&job.progress.cancel),
                ) else {
                    continue;
                };
                let s = Arc::new(s);
                second_for = Some((key.0, key.1, Arc::clone(&s)));
                s
            }
        };
        if quick == job.request.samples {
            publish(&summary, Some(second), true);
            continue;
        }
        publish(&summary, Some(Arc::clone(&second)), false);
        let Ok(full) = run(job.request.samples, job.request.focus) else {
            continue;
        };
        publish(&full, Some(second), true);
    }
}
