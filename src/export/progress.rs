//! How far a long export has got, and a way to stop it, shared between the thread doing the work
//! and the window that shows it. Stopping is checked between files, and before anything is put
//! in place, so a cancelled export leaves nothing behind.

use super::ExportError;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// Steps done out of a total, and whether the work should stop.
#[derive(Clone, Debug, Default)]
pub struct Progress(Arc<Inner>);

#[derive(Debug, Default)]
struct Inner {
    done: AtomicUsize,
    total: AtomicUsize,
    cancelled: AtomicBool,
}

impl Progress {
    /// Nothing done yet, total not known.
    pub fn new() -> Self {
        Self::default()
    }

    /// The number of steps the work has.
    pub fn set_total(&self, total: usize) {
        self.0.total.store(total, Ordering::Relaxed);
    }

    /// One more step done.
    pub fn step(&self) {
        self.0.done.fetch_add(1, Ordering::Relaxed);
    }

    /// Steps done and the total (0 while it is not known).
    pub fn counts(&self) -> (usize, usize) {
        (
            self.0.done.load(Ordering::Relaxed),
            self.0.total.load(Ordering::Relaxed),
        )
    }

    /// The share done, 0 to 1, once the total is known.
    pub fn fraction(&self) -> Option<f32> {
        let (done, total) = self.counts();
        (total > 0).then(|| (done.min(total) as f32) / total as f32)
    }

    /// Ask the work to stop.
    pub fn cancel(&self) {
        self.0.cancelled.store(true, Ordering::Relaxed);
    }

    /// Whether stopping was asked for.
    pub fn is_cancelled(&self) -> bool {
        self.0.cancelled.load(Ordering::Relaxed)
    }

    /// `Err(Cancelled)` once stopping was asked for: the work's checkpoints.
    pub fn check(&self) -> Result<(), ExportError> {
        if self.is_cancelled() {
            Err(ExportError::Cancelled)
        } else {
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fraction_is_known_once_the_total_is_and_never_passes_one() {
        let p = Progress::new();
        assert_eq!(p.fraction(), None);
        p.set_total(4);
        p.step();
        assert_eq!(p.fraction(), Some(0.25));
        for _ in 0..5 {
            p.step();
        }
        assert_eq!(p.fraction(), Some(1.0));
        let shared = p.clone();
        assert!(p.check().is_ok());
        shared.cancel();
        assert!(matches!(p.check(), Err(ExportError::Cancelled)));
    }
}
