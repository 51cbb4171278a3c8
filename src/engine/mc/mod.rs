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

mod draws;
mod hist;
mod prepared;

use super::{Cancelled, Expected};
use draws::Draws;
use hist::Hist;
use prepared::Prepared;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};

/// Samples per chunk: the unit of determinism, progress and cancellation.
pub const CHUNK: u64 = 4096;
/// Histogram bins per series.
pub const BINS: usize = 1024;
/// Histogram bins per month of the focus series (fan bands need less resolution).
const FAN_BINS: usize = 256;
/// Samples that follow the focus series month by month (whole chunks).
pub const FAN_SAMPLES: u64 = 5 * CHUNK;
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
    /// Samples behind the bands.
    pub samples: u64,
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
            out[j * bins / BINS] = out[j * bins / BINS].saturating_add(c);
        }
        (range, out)
    }
}

/// Sums of one chunk, merged in chunk order so the result is the same on any thread count.
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

/// A well-mixed seed for each chunk: the SplitMix64 finaliser over (seed, chunk).
pub(crate) fn chunk_seed(seed: u64, chunk: u64) -> u64 {
    let mut z = seed ^ chunk.wrapping_add(1).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// One effect of a leaf's program: what to draw and which of the leaf's cells it adds to.
#[derive(Clone, Copy)]
struct Step {
    effect: usize,
    slot: usize,
    /// Where the effect's branch is, for the month-by-month fan: (branch, index).
    source: (usize, usize),
}

/// Per-worker scratch space.
struct Scratch {
    /// How many of the chunk's samples fell on each leaf.
    leaf_count: Vec<u32>,
    /// The leaves the chunk's samples fell on.
    hit: Vec<usize>,
    /// The current leaf's program.
    steps: Vec<Step>,
    /// The current leaf's cells and the region slot of each.
    cells: Vec<usize>,
    cell_region: Vec<usize>,
    /// The current leaf's regions.
    regions: Vec<usize>,
    /// One sample's change per cell slot, and composite change per region slot.
    delta: Vec<f64>,
    region_delta: Vec<f64>,
    /// How many samples of the chunk touched each series.
    touch_count: Vec<u64>,
    /// The focus region's cells over the months, for a fan sample.
    fan_vals: Vec<f64>,
}

impl Scratch {
    fn new(p: &Prepared) -> Self {
        let c = p.c;
        Self {
            leaf_count: vec![0; c.leaves.len()],
            hit: Vec::new(),
            steps: Vec::new(),
            cells: Vec::new(),
            cell_region: Vec::new(),
            regions: Vec::new(),
            delta: Vec::new(),
            region_delta: Vec::new(),
            touch_count: vec![0; p.series],
            fan_vals: vec![0.0; c.months * c.n_indicators],
        }
    }

    /// Lay out leaf `leaf`'s program: its cells (from the expected values' table), its regions,
    /// and every effect on its path with the slot it adds to.
    fn program(&mut self, p: &Prepared, e: &Expected, leaf: usize) {
        let c = p.c;
        let n_ind = c.n_indicators.max(1);
        let (cells, _) = e.leaf_changes(leaf);
        self.cells.clear();
        self.cells.extend(cells.iter().map(|&x| x as usize));
        self.regions.clear();
        self.cell_region.clear();
        for &cell in &self.cells {
            let r = cell / n_ind;
            // Cells are ascending, so a region's cells are together.
            if self.regions.last() != Some(&r) {
                self.regions.push(r);
            }
            self.cell_region.push(self.regions.len() - 1);
        }
        self.steps.clear();
        let mut cur = Some(c.leaves[leaf]);
        while let Some(b) = cur {
            let first = p.effect_start[b];
            for j in 0..p.effect_start[b + 1] - first {
                let cell = p.effects[first + j].cell as usize;
                if let Ok(slot) = self.cells.binary_search(&cell) {
                    self.steps.push(Step {
                        effect: first + j,
                        slot,
                        source: (b, j),
                    });
                }
            }
            cur = c.tree.parent[b];
        }
        self.delta.clear();
        self.delta.resize(self.cells.len(), 0.0);
        self.region_delta.clear();
        self.region_delta.resize(self.regions.len(), 0.0);
    }
}

/// Run one chunk. The chunk first picks a leaf for each of its samples, then draws the samples
/// leaf by leaf: a leaf's values fall in a narrow part of each histogram, so the histograms'
/// memory stays in the processor's cache.
fn run_chunk(
    p: &Prepared,
    e: &Expected,
    settings: &McSettings,
    chunk: u64,
    n: u64,
    acc: &mut Acc,
    sc: &mut Scratch,
) -> ChunkOut {
    let c = p.c;
    let cells = c.cells();
    let n_ind = c.n_indicators;
    let months = c.months;
    let mut draws = Draws::new(chunk_seed(settings.seed, chunk));
    let mut sums = vec![0.0; p.series];
    let fan = settings
        .focus
        .filter(|_| chunk * CHUNK < FAN_SAMPLES && n_ind > 0);
    let mut fan_sums = vec![0.0; if fan.is_some() { months } else { 0 }];
    let mut fan_touched = 0u64;
    sc.touch_count.fill(0);
    sc.hit.clear();
    if !p.alias.is_empty() {
        for _ in 0..n {
            let leaf = p.alias.pick(draws.bits());
            if sc.leaf_count[leaf] == 0 {
                sc.hit.push(leaf);
            }
            sc.leaf_count[leaf] += 1;
        }
    }
    sc.hit.sort_unstable();
    let hit = std::mem::take(&mut sc.hit);
    for &leaf in &hit {
        let count = std::mem::take(&mut sc.leaf_count[leaf]);
        sc.program(p, e, leaf);
        for &cell in &sc.cells {
            sc.touch_count[cell] += u64::from(count);
        }
        for &r in &sc.regions {
            sc.touch_count[cells + r] += u64::from(count);
        }
        let fan_on = fan.is_some() && p.leaf_in_focus[leaf];
        let focus_region = fan.map_or(usize::MAX, |f| f.0);
        for _ in 0..count {
            if fan_on {
                for k in 0..n_ind {
                    let base = c.baseline[focus_region * n_ind + k];
                    sc.fan_vals[k * months..(k + 1) * months].fill(base);
                }
            }
            for step in &sc.steps {
                let eff = &p.effects[step.effect];
                let size = eff.pert.quantile(draws.unit());
                sc.delta[step.slot] += size * eff.factor_h;
                if fan_on && eff.cell as usize / n_ind == focus_region {
                    let k = eff.cell as usize % n_ind;
                    let (b, j) = step.source;
                    c.effects[b][j]
                        .add_over_months(size, &mut sc.fan_vals[k * months..(k + 1) * months]);
                }
            }
            for (slot, &cell) in sc.cells.iter().enumerate() {
                let base = c.baseline[cell];
                let v = c.clamp(cell, base + sc.delta[slot]);
                sc.delta[slot] = 0.0;
                record(p, acc, &mut sums, cell, v, 1);
                sc.region_delta[sc.cell_region[slot]] += p.cell_coef[cell] * (v - base);
            }
            for (slot, &r) in sc.regions.iter().enumerate() {
                let si = cells + r;
                let v = p.base_series[si] + sc.region_delta[slot];
                sc.region_delta[slot] = 0.0;
                record(p, acc, &mut sums, si, v, 1);
            }
            if let (Some((fr, fk)), true) = (fan, fan_on) {
                fan_touched += 1;
                for (m, sum) in fan_sums.iter_mut().enumerate() {
                    let v = match fk {
                        Some(k) => c.clamp(fr * n_ind + k, sc.fan_vals[k * months + m]),
                        None => {
                            c.comp_offset
                                + (0..n_ind)
                                    .map(|k| {
                                        c.comp_coef[k]
                                            * c.clamp(fr * n_ind + k, sc.fan_vals[k * months + m])
                                    })
                                    .sum::<f64>()
                        }
                    };
                    *sum += v;
                    acc.fan_hist.add_n(m, v, p.fan_binning, 1);
                }
            }
        }
    }
    sc.hit = hit;
    // Samples that did not touch a series left it at its baseline: count them in bulk.
    for si in 0..p.series {
        let untouched = n - sc.touch_count[si];
        if untouched > 0 {
            record(p, acc, &mut sums, si, p.base_series[si], untouched);
        }
    }
    if let Some((fr, fk)) = fan {
        let untouched = n - fan_touched;
        if untouched > 0 {
            let v = match fk {
                Some(k) => p.base_series[fr * n_ind + k],
                None => p.base_series[cells + fr],
            };
            for (m, sum) in fan_sums.iter_mut().enumerate() {
                *sum += v * untouched as f64;
                acc.fan_hist.add_n(m, v, p.fan_binning, untouched);
            }
        }
    }
    ChunkOut { sums, fan_sums }
}

/// Count `count` samples of value `v` in series `si`.
#[inline(always)]
fn record(p: &Prepared, acc: &mut Acc, sums: &mut [f64], si: usize, v: f64, count: u64) {
    sums[si] += v * count as f64;
    acc.hist.add_n(si, v, p.binning[si], count);
    let th = p.thresholds[si];
    acc.below[si] += u64::from(v < th) * count;
    let alert = if p.higher_better[si] { v < th } else { v > th };
    acc.alert[si] += u64::from(alert) * count;
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
        acc.merge(&a);
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
    let fan_total = total.min(FAN_SAMPLES);
    let fan = settings.focus.map(|(region, indicator)| Fan {
        region,
        indicator,
        samples: fan_total,
        months: (0..fan_months)
            .map(|m| {
                let q = |x| acc.fan_hist.quantile(m, fan_total, x);
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
