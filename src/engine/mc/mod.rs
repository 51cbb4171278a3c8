//! Monte Carlo over the outcome tree.
//!
//! Each sample draws the branch probabilities of every sibling set on its way down (a Dirichlet
//! centred on the point values, where a set has ranges), picks a leaf, and draws each effect on
//! that leaf's path from its PERT. Drawing only the sets on the path is the same distribution as
//! drawing all of them, since sets off the path do not touch the sample.
//!
//! Samples run in chunks of `CHUNK` with their own generator, seeded from (seed, chunk), and
//! chunk results are merged in chunk order, so the result does not depend on the thread count.

mod draws;
mod hist;
mod prepared;

use super::compile::Compiled;
use crate::model::Scenario;
use draws::Draws;
use hist::{Binning, Hist};
use prepared::{Prepared, pick};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};

/// Samples per chunk: the unit of determinism, progress and cancellation.
pub const CHUNK: u64 = 4096;
/// Histogram bins per series.
pub const BINS: usize = 1024;
/// Histogram bins per month of the focus series (fan bands need less resolution).
const FAN_BINS: usize = 256;

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

/// The run was cancelled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cancelled;

/// Statistics of one series at the horizon.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct SeriesStats {
    /// Mean of the samples.
    pub mean: f64,
    /// 5th percentile.
    pub p05: f64,
    /// 25th percentile.
    pub p25: f64,
    /// Median.
    pub p50: f64,
    /// 75th percentile.
    pub p75: f64,
    /// 95th percentile.
    pub p95: f64,
    /// Chance of ending strictly below the alert threshold.
    pub prob_below: f64,
    /// Chance of ending on the alert side of the threshold (below it if higher is better).
    pub prob_alert: f64,
    /// The alert threshold used.
    pub threshold: f64,
}

/// Month-by-month quantiles of the focus series.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Fan {
    /// Region.
    pub region: usize,
    /// Indicator, or `None` for the composite.
    pub indicator: Option<usize>,
    /// Per month: mean, p05, p25, p50, p75, p95.
    pub months: Vec<[f64; 6]>,
}

/// The result of a run.
#[derive(Clone, Debug, Default)]
pub struct McSummary {
    /// Samples drawn.
    pub samples: u64,
    /// Seed used.
    pub seed: u64,
    /// Regions.
    pub n_regions: usize,
    /// Indicators.
    pub n_indicators: usize,
    /// Statistics of every series: cells first (`region * n_indicators + indicator`), then each
    /// region's composite.
    pub stats: Vec<SeriesStats>,
    /// Histogram of every series at the horizon, `BINS` bins over `ranges`.
    pub hist: Vec<Vec<u32>>,
    /// The value range each histogram covers.
    pub ranges: Vec<(f64, f64)>,
    /// The focus series over time, if one was asked for.
    pub fan: Option<Fan>,
}

impl McSummary {
    fn series_index(&self, r: usize, indicator: Option<usize>) -> usize {
        match indicator {
            Some(k) => r * self.n_indicators + k,
            None => self.n_regions * self.n_indicators + r,
        }
    }

    /// Statistics of a series (`indicator` = `None` for the composite).
    pub fn series(&self, r: usize, indicator: Option<usize>) -> SeriesStats {
        self.stats
            .get(self.series_index(r, indicator))
            .copied()
            .unwrap_or_default()
    }

    /// Histogram of a series at the horizon over the span its samples cover, re-binned to
    /// `bins` bars: (range, counts).
    pub fn histogram_fitted(
        &self,
        r: usize,
        indicator: Option<usize>,
        bins: usize,
    ) -> ((f64, f64), Vec<u32>) {
        let ((lo, hi), fine) = self.histogram(r, indicator, BINS);
        let first = fine.iter().position(|&c| c > 0);
        let last = fine.iter().rposition(|&c| c > 0);
        let (Some(first), Some(last)) = (first, last) else {
            return ((lo, hi), vec![0; bins.max(1)]);
        };
        let w = (hi - lo) / BINS as f64;
        let (a, b) = (lo + w * first as f64, lo + w * (last + 1) as f64);
        let bins = bins.max(1);
        let mut out = vec![0u32; bins];
        for (j, &c) in fine.iter().enumerate().take(last + 1).skip(first) {
            let t = (j - first) as f64 / (last + 1 - first) as f64;
            out[((t * bins as f64) as usize).min(bins - 1)] += c;
        }
        ((a, b), out)
    }

    /// Histogram of a series at the horizon, re-binned to `bins` bars: (range, counts).
    pub fn histogram(
        &self,
        r: usize,
        indicator: Option<usize>,
        bins: usize,
    ) -> ((f64, f64), Vec<u32>) {
        let i = self.series_index(r, indicator);
        let (Some(h), Some(&range)) = (self.hist.get(i), self.ranges.get(i)) else {
            return ((0.0, 1.0), Vec::new());
        };
        let bins = bins.clamp(1, BINS);
        let mut out = vec![0u32; bins];
        for (j, &c) in h.iter().enumerate() {
            out[j * bins / BINS] += c;
        }
        (range, out)
    }
}

/// Accumulators of one chunk.
struct ChunkOut {
    sums: Vec<f64>,
    fan_sums: Vec<f64>,
}

/// Accumulators of one worker: counts, minima and maxima merge in any order.
struct Acc {
    hist: Hist,
    below: Vec<u64>,
    alert: Vec<u64>,
    fan_hist: Hist,
}

impl Acc {
    fn new(series: usize, fan_months: usize) -> Self {
        Self {
            hist: Hist::new(series, BINS),
            below: vec![0; series],
            alert: vec![0; series],
            fan_hist: Hist::new(fan_months, FAN_BINS),
        }
    }

    fn merge(&mut self, o: &Acc) {
        self.hist.merge(&o.hist);
        for (a, b) in self.below.iter_mut().zip(&o.below) {
            *a += b;
        }
        for (a, b) in self.alert.iter_mut().zip(&o.alert) {
            *a += b;
        }
        self.fan_hist.merge(&o.fan_hist);
    }
}

fn chunk_seed(seed: u64, chunk: u64) -> u64 {
    // SplitMix64 finaliser over the pair: distinct, well-mixed seeds per chunk.
    let mut z = seed ^ chunk.wrapping_add(1).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

fn run_chunk(p: &Prepared, settings: &McSettings, chunk: u64, n: u64, acc: &mut Acc) -> ChunkOut {
    let c = p.c;
    let cells = c.cells();
    let k_n = c.n_indicators;
    let months = c.months;
    let mut draws = Draws::new(chunk_seed(settings.seed, chunk));
    let mut sums = vec![0.0; p.series];
    let fan_months = if settings.focus.is_some() { months } else { 0 };
    let mut fan_sums = vec![0.0; fan_months];
    // Every cell holds its baseline between samples; a sample changes only its touched cells.
    let mut values = c.baseline.clone();
    let mut fan_vals = vec![0.0; fan_months * k_n.max(1)];
    let mut scratch = Vec::new();
    let mut leaf_count = vec![0u64; p.leaf.len()];
    let mut root_samples = 0u64;
    let focus_region = settings.focus.map(|f| f.0);
    for _ in 0..n {
        // Walk down, drawing each sibling set on the way.
        let mut leaf = None;
        let mut set = p.sets.first().and_then(Option::as_ref);
        while let Some(s) = set {
            let child = pick(&mut draws, s, &mut scratch);
            leaf = Some(child);
            set = p.sets.get(1 + child).and_then(Option::as_ref);
        }
        let Some(info) = leaf.and_then(|l| p.leaf.get(l)?.as_ref().map(|i| (l, i))) else {
            root_samples += 1;
            continue;
        };
        let (l, info) = info;
        leaf_count[l] += 1;
        let fan_on = info.focus;
        if let (Some(fr), true) = (focus_region, fan_on) {
            for k in 0..k_n {
                let base = c.baseline[fr * k_n + k];
                fan_vals[k * months..(k + 1) * months].fill(base);
            }
        }
        for &b in &info.path {
            for (e, pert) in c.effects[b].iter().zip(&p.perts[b]) {
                let d = pert.quantile(draws.unit());
                values[e.cell] += d * e.factor[p.horizon];
                if fan_on && Some(e.cell / k_n) == focus_region {
                    let k = e.cell % k_n;
                    let row = &mut fan_vals[k * months..(k + 1) * months];
                    for (v, f) in row[e.onset..].iter_mut().zip(&e.factor[e.onset..]) {
                        *v += d * f;
                    }
                }
            }
        }
        for &cell in &info.cells {
            let (lo, hi) = c.scale[cell % k_n];
            values[cell] = values[cell].clamp(lo, hi);
            record(p, acc, &mut sums, cell, values[cell], 1);
        }
        for &r in &info.regions {
            let v = c.composite(r, |cell| values[cell]);
            record(p, acc, &mut sums, cells + r, v, 1);
        }
        for &cell in &info.cells {
            values[cell] = c.baseline[cell];
        }
        if let (Some((_, fk)), true) = (settings.focus, fan_on) {
            let range = Binning::new(fk.map_or((0.0, 100.0), |k| p.ranges[k]), FAN_BINS);
            for m in 0..months {
                let v = match fk {
                    Some(k) => {
                        let (lo, hi) = c.scale[k];
                        fan_vals[k * months + m].clamp(lo, hi)
                    }
                    None => {
                        let mut v = c.comp_offset;
                        for (k, a) in c.comp_coef.iter().enumerate() {
                            let (lo, hi) = c.scale[k];
                            v += a * fan_vals[k * months + m].clamp(lo, hi);
                        }
                        v
                    }
                };
                fan_sums[m] += v;
                acc.fan_hist.add_n(m, v, range, 1);
            }
        }
    }
    // Series a sample did not touch stayed at their baselines: count them in bulk.
    let untouched_by = |l: usize, si: usize| {
        p.leaf
            .get(l)
            .and_then(Option::as_ref)
            .is_none_or(|i| !i.touched[si])
    };
    let counts = leaf_count
        .iter()
        .enumerate()
        .filter(|(_, n)| **n > 0)
        .map(|(l, &n)| (Some(l), n))
        .chain((root_samples > 0).then_some((None, root_samples)));
    for (l, count) in counts {
        for si in 0..p.series {
            if l.is_none_or(|l| untouched_by(l, si)) {
                record(p, acc, &mut sums, si, p.base_series[si], count);
            }
        }
        let fan_off = l.is_none_or(|l| p.leaf[l].as_ref().is_none_or(|i| !i.focus));
        if let (Some((fr, fk)), true) = (settings.focus, fan_off) {
            let v = match fk {
                Some(k) => p.base_series[fr * k_n + k],
                None => p.base_series[cells + fr],
            };
            let range = Binning::new(fk.map_or((0.0, 100.0), |k| p.ranges[k]), FAN_BINS);
            for (m, sum) in fan_sums.iter_mut().enumerate() {
                *sum += v * count as f64;
                acc.fan_hist.add_n(m, v, range, count);
            }
        }
    }
    ChunkOut { sums, fan_sums }
}

/// Count `count` samples of value `v` in series `si`.
#[inline]
fn record(p: &Prepared, acc: &mut Acc, sums: &mut [f64], si: usize, v: f64, count: u64) {
    sums[si] += v * count as f64;
    acc.hist.add_n(si, v, p.binning[si], count);
    let th = p.thresholds[si];
    if v < th {
        acc.below[si] += count;
    }
    if (p.higher_better[si] && v < th) || (!p.higher_better[si] && v > th) {
        acc.alert[si] += count;
    }
}

/// Run a Monte Carlo simulation. Returns `Err(Cancelled)` if `progress.cancel` was set.
pub fn run_monte_carlo(
    s: &Scenario,
    settings: &McSettings,
    progress: Option<&McProgress>,
) -> Result<McSummary, Cancelled> {
    let c = Compiled::new(s);
    let focus = settings.focus.filter(|&(r, k)| {
        r < c.n_regions && k.is_none_or(|k| k < c.n_indicators) && c.n_indicators > 0
    });
    let settings = McSettings {
        focus,
        ..settings.clone()
    };
    let mut p = Prepared::new(s, &c);
    p.set_focus(settings.focus);
    let chunks = settings.samples.div_ceil(CHUNK);
    let threads = match settings.threads {
        0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
        t => t,
    }
    .clamp(1, chunks.max(1) as usize);
    let fan_months = if settings.focus.is_some() {
        c.months
    } else {
        0
    };
    let next = AtomicUsize::new(0);
    let outs: Vec<std::sync::Mutex<Option<ChunkOut>>> =
        (0..chunks).map(|_| std::sync::Mutex::new(None)).collect();
    let cancelled = AtomicBool::new(false);
    let worker = || {
        let mut acc = Acc::new(p.series, fan_months);
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
            let out = run_chunk(&p, &settings, i, n, &mut acc);
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
    let mut acc = Acc::new(p.series, fan_months);
    for a in &accs {
        acc.merge(a);
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
            let q = |x| acc.hist.quantile(si, total, x);
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
    let hist = (0..p.series).map(|si| acc.hist.counts(si)).collect();
    let fan = settings.focus.map(|(region, indicator)| Fan {
        region,
        indicator,
        months: (0..fan_months)
            .map(|m| {
                let q = |x| acc.fan_hist.quantile(m, total, x);
                [fan_sums[m] / nf, q(0.05), q(0.25), q(0.5), q(0.75), q(0.95)]
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

/// A run shared with a background thread.
pub type SharedProgress = Arc<McProgress>;
