//! Monte Carlo over the outcome tree: the spread of outcomes.
//!
//! Each sample picks a leaf with its probability (one draw from an alias table) and draws each
//! effect on that leaf's path from its PERT. A series a sample's path does not touch stays at
//! its baseline; those samples are counted in bulk. Probability ranges do not enter here: drawn
//! per sample they would change no number (each leaf is still picked with its point probability
//! on average). They are the subject of the second-order analysis in `second`.
//!
//! Samples run in chunks of `CHUNK` with their own generator, seeded from (seed, chunk), and
//! chunk results are merged in chunk order, so the result does not depend on the thread count.
//! Month-by-month fans follow one series over the first `FAN_SAMPLES` samples: enough for
//! their bands, a fraction of the work.

mod chunk;
mod draws;
mod hist;
mod prepared;
mod record;
mod summary;

pub(crate) use chunk::chunk_seed;
pub use summary::{Fan, McSummary, SeriesStats};

use super::{Cancelled, Expected};
use chunk::{Acc, ChunkOut, Scratch, run_chunk};
use hist::Hist;
use prepared::Prepared;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};

/// Samples per chunk: the unit of determinism, progress and cancellation.
pub const CHUNK: u64 = 4096;
/// Histogram bins per series. Each bin also knows where in it its values fell, to 1/65,535 of
/// its width, so percentiles come out far finer than the bins.
pub const BINS: usize = 256;
/// Histogram bins per month of the focus series (fan bands need less resolution).
const FAN_BINS: usize = 256;
/// Samples that follow the focus series month by month (whole chunks).
pub const FAN_SAMPLES: u64 = CHUNK;
/// Most memory the per-thread histograms may take together.
const HIST_BUDGET: usize = 400 * 1024 * 1024;

/// What to simulate.
#[derive(Clone, Debug)]
pub struct McSettings {
    /// Number of samples.
    pub samples: u64,
    /// Seed of the generator.
    pub seed: u64,
    /// Worker threads; 0 uses every core.
    pub threads: usize,
    /// A series to follow month by month (region, indicator or `None` for the composite), for
    /// fan charts.
    pub focus: Option<(usize, Option<usize>)>,
}

impl Default for McSettings {
    fn default() -> Self {
        Self {
            samples: 100_000,
            seed: 1,
            threads: 0,
            focus: None,
        }
    }
}

/// Shared progress and cancellation of a run.
#[derive(Debug, Default)]
pub struct McProgress {
    /// Samples finished.
    pub done: AtomicU64,
    /// Set to stop the run early.
    pub cancel: AtomicBool,
}

/// Run a Monte Carlo simulation of the scenario behind `e`. Returns `Err(Cancelled)` if
/// `progress.cancel` was set.
pub fn run_monte_carlo(
    e: &Expected,
    settings: &McSettings,
    progress: Option<&McProgress>,
) -> Result<McSummary, Cancelled> {
    let c = &*e.compiled;
    let focus = settings.focus.filter(|&(r, k)| {
        r < c.n_regions && k.is_none_or(|k| k < c.n_indicators) && c.n_indicators > 0
    });
    let settings = McSettings {
        focus,
        ..settings.clone()
    };
    let p = Prepared::new(e, settings.focus);
    let chunks = settings.samples.div_ceil(CHUNK);
    let fan_months = if settings.focus.is_some() {
        c.months
    } else {
        0
    };
    // Each worker has its own histograms; on scenarios with thousands of series, fewer workers
    // keep their memory bounded.
    let per_worker = Hist::bytes(p.series, BINS) + Hist::bytes(fan_months, FAN_BINS);
    let memory_cap = (HIST_BUDGET / per_worker.max(1)).max(2) - 1;
    let threads = match settings.threads {
        0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
        t => t,
    }
    .clamp(1, (chunks.max(1) as usize).min(memory_cap));
    let next = AtomicUsize::new(0);
    let outs: Vec<Mutex<Option<ChunkOut>>> = (0..chunks).map(|_| Mutex::new(None)).collect();
    let cancelled = AtomicBool::new(false);
    let worker = || {
        let mut acc = Acc::new(p.series, fan_months);
        let mut scratch = Scratch::new(&p);
        loop {
            if progress.is_some_and(|pr| pr.cancel.load(Ordering::Relaxed)) {
                cancelled.store(true, Ordering::Relaxed);
                break;
            }
            let i = next.fetch_add(1, Ordering::Relaxed) as u64;
            if i >= chunks {
                break;
            }
            let n = CHUNK.min(settings.samples - i * CHUNK);
            let out = run_chunk(&p, e, &settings, i, n, &mut acc, &mut scratch);
            if let Ok(mut slot) = outs[i as usize].lock() {
                *slot = Some(out);
            }
            if let Some(pr) = progress {
                pr.done.fetch_add(n, Ordering::Relaxed);
            }
        }
        acc
    };
    let accs: Vec<Acc> = if threads == 1 {
        vec![worker()]
    } else {
        std::thread::scope(|scope| {
            let handles: Vec<_> = (0..threads).map(|_| scope.spawn(worker)).collect();
            handles.into_iter().filter_map(|h| h.join().ok()).collect()
        })
    };
    if cancelled.load(Ordering::Relaxed) {
        return Err(Cancelled);
    }
    let mut accs = accs.into_iter();
    let mut acc = accs
        .next()
        .unwrap_or_else(|| Acc::new(p.series, fan_months));
    for a in accs {
        acc.merge(&a, &p);
    }
    // Sums in chunk order: the same floating-point result for any thread count.
    let mut sums = vec![0.0; p.series];
    let mut fan_sums = vec![0.0; fan_months];
    for slot in outs {
        let Some(out) = slot.into_inner().ok().flatten() else {
            continue;
        };
        for (a, b) in sums.iter_mut().zip(&out.sums) {
            *a += b;
        }
        for (a, b) in fan_sums.iter_mut().zip(&out.fan_sums) {
            *a += b;
        }
    }
    let total = settings.samples;
    let nf = total.max(1) as f64;
    let stats = (0..p.series)
        .map(|si| {
            let q = |x| acc.hist.quantile(si, total, x, p.binning[si]);
            SeriesStats {
                mean: sums[si] / nf,
                p05: q(0.05),
                p25: q(0.25),
                p50: q(0.50),
                p75: q(0.75),
                p95: q(0.95),
                prob_below: acc.below[si] as f64 / nf,
                prob_alert: acc.alert[si] as f64 / nf,
                threshold: p.thresholds[si],
            }
        })
        .collect();
    let hist = (0..p.series)
        .map(|si| acc.hist.counts(si, p.binning[si]))
        .collect();
    let fan_total = total.min(FAN_SAMPLES);
    let fan = settings.focus.map(|(region, indicator)| Fan {
        region,
        indicator,
        samples: fan_total,
        months: (0..fan_months)
            .map(|m| {
                let q = |x| acc.fan_hist.quantile(m, fan_total, x, p.fan_binning);
                [
                    fan_sums[m] / fan_total.max(1) as f64,
                    q(0.05),
                    q(0.25),
                    q(0.5),
                    q(0.75),
                    q(0.95),
                ]
            })
            .collect(),
    });
    Ok(McSummary {
        samples: total,
        seed: settings.seed,
        n_regions: c.n_regions,
        n_indicators: c.n_indicators,
        stats,
        hist,
        ranges: p.ranges.clone(),
        fan,
    })
}
