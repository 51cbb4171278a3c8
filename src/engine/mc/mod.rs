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

    fn merge(&mut self, o: &Acc, p: &Prepared) {
        self.hist.merge(&o.hist, |s| p.binning[s]);
        for (a, b) in self.below.iter_mut().zip(&o.below) {
            *a += b;
        }
        for (a, b) in self.alert.iter_mut().zip(&o.alert) {
            *a += b;
        }
        self.fan_hist.merge(&o.fan_hist, |_| p.fan_binning);
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
    /// The current leaf's effects with a spread, drawn every sample.
    steps: Vec<Step>,
    /// The current leaf's effects without a spread: the same in every sample.
    fixed_steps: Vec<Step>,
    /// The current leaf's cells, the region slot of each, and whether each varies.
    cells: Vec<usize>,
    cell_region: Vec<usize>,
    cell_varies: Vec<bool>,
    /// The current leaf's regions, and whether each region's composite varies.
    regions: Vec<usize>,
    region_varies: Vec<bool>,
    /// Each cell slot's change in this sample (fixed part first), and each region slot's
    /// composite change (fixed part first).
    fixed_delta: Vec<f64>,
    fixed_region_delta: Vec<f64>,
    /// A block of samples: each cell slot's change, and each region slot's composite change.
    block: Vec<[f64; BLOCK]>,
    region_block: Vec<[f64; BLOCK]>,
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
            fixed_steps: Vec::new(),
            cells: Vec::new(),
            cell_region: Vec::new(),
            cell_varies: Vec::new(),
            regions: Vec::new(),
            region_varies: Vec::new(),
            fixed_delta: Vec::new(),
            fixed_region_delta: Vec::new(),
            block: Vec::new(),
            region_block: Vec::new(),
            touch_count: vec![0; p.series],
            fan_vals: vec![0.0; c.months * c.n_indicators],
        }
    }

    /// Lay out leaf `leaf`'s program: its cells (from the expected values' table), its regions,
    /// and every effect on its path with the slot it adds to, split by whether it varies.
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
        self.fixed_steps.clear();
        self.cell_varies.clear();
        self.cell_varies.resize(self.cells.len(), false);
        let mut cur = Some(c.leaves[leaf]);
        while let Some(b) = cur {
            let first = p.effect_start[b];
            for j in 0..p.effect_start[b + 1] - first {
                let eff = &p.effects[first + j];
                if let Ok(slot) = self.cells.binary_search(&(eff.cell as usize)) {
                    let step = Step {
                        effect: first + j,
                        slot,
                        source: (b, j),
                    };
                    if eff.pert.is_point() {
                        self.fixed_steps.push(step);
                    } else {
                        self.cell_varies[slot] = true;
                        self.steps.push(step);
                    }
                }
            }
            cur = c.tree.parent[b];
        }
        self.region_varies.clear();
        self.region_varies.resize(self.regions.len(), false);
        for (slot, &varies) in self.cell_varies.iter().enumerate() {
            if varies {
                self.region_varies[self.cell_region[slot]] = true;
            }
        }
        self.fixed_delta.clear();
        self.fixed_delta.resize(self.cells.len(), 0.0);
        for step in &self.fixed_steps {
            let eff = &p.effects[step.effect];
            self.fixed_delta[step.slot] += eff.pert.quantile(0.5) * eff.factor_h;
        }
        self.block.clear();
        self.block
            .extend(self.fixed_delta.iter().map(|&d| [d; BLOCK]));
        self.fixed_region_delta.clear();
        self.fixed_region_delta.resize(self.regions.len(), 0.0);
        for (slot, &cell) in self.cells.iter().enumerate() {
            if !self.cell_varies[slot] {
                let base = c.baseline[cell];
                let v = c.clamp(cell, base + self.fixed_delta[slot]);
                self.fixed_region_delta[self.cell_region[slot]] += p.cell_coef[cell] * (v - base);
            }
        }
        self.region_block.clear();
        self.region_block
            .extend(self.fixed_region_delta.iter().map(|&d| [d; BLOCK]));
    }
}

/// Run one chunk. The chunk first picks a leaf for each of its samples, then draws the samples
/// leaf by leaf: a leaf's values fall in a narrow part of each histogram, so the histograms stay
/// in the processor's cache, and what does not vary within a leaf is worked out once.
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
        // What does not vary within this leaf is recorded once, exactly, for all its samples.
        for (slot, &cell) in sc.cells.iter().enumerate() {
            if !sc.cell_varies[slot] {
                let v = c.clamp(cell, c.baseline[cell] + sc.fixed_delta[slot]);
                record_exact(p, acc, &mut sums, cell, v, u64::from(count));
            }
        }
        for (slot, &r) in sc.regions.iter().enumerate() {
            if !sc.region_varies[slot] {
                let si = cells + r;
                let v = p.base_series[si] + sc.fixed_region_delta[slot];
                record_exact(p, acc, &mut sums, si, v, u64::from(count));
            }
        }
        let fan_on = fan.is_some() && p.leaf_in_focus[leaf];
        if sc.steps.is_empty() && !fan_on {
            continue;
        }
        if !fan_on {
            // Samples in blocks: each effect is drawn for a whole block at once, so its table row
            // stays in cache and the block's draws do not wait on one another.
            let mut left = count as usize;
            while left > 0 {
                let len = left.min(BLOCK);
                left -= len;
                draw_block(p, sc, &mut draws, len);
                record_block(p, acc, &mut sums, sc, len);
            }
            continue;
        }
        let focus_region = fan.map_or(usize::MAX, |f| f.0);
        // Without a spread on the focus region, the leaf's path is the same every sample.
        let focus_varies = sc
            .steps
            .iter()
            .any(|s| p.effects[s.effect].cell as usize / n_ind.max(1) == focus_region);
        for _ in 0..count {
            for k in 0..n_ind {
                let base = c.baseline[focus_region * n_ind + k];
                sc.fan_vals[k * months..(k + 1) * months].fill(base);
            }
            for step in &sc.fixed_steps {
                let eff = &p.effects[step.effect];
                if eff.cell as usize / n_ind == focus_region {
                    let k = eff.cell as usize % n_ind;
                    let (b, j) = step.source;
                    c.effects[b][j].add_over_months(
                        eff.pert.quantile(0.5),
                        &mut sc.fan_vals[k * months..(k + 1) * months],
                    );
                }
            }
            for step in &sc.steps {
                let eff = &p.effects[step.effect];
                let size = eff.draw(&p.rows, draws.unit());
                sc.block[step.slot][0] += size * eff.factor_h;
                if eff.cell as usize / n_ind == focus_region {
                    let k = eff.cell as usize % n_ind;
                    let (b, j) = step.source;
                    c.effects[b][j]
                        .add_over_months(size, &mut sc.fan_vals[k * months..(k + 1) * months]);
                }
            }
            record_block(p, acc, &mut sums, sc, 1);
            if let Some((fr, fk)) = fan {
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
                    let at_end = fk.is_some_and(|k| v == c.scale[k].0 || v == c.scale[k].1);
                    if focus_varies && !at_end {
                        acc.fan_hist.add(m, v, p.fan_binning);
                    } else {
                        acc.fan_hist.add_exact(m, v, p.fan_binning, 1);
                    }
                }
            }
        }
    }
    sc.hit = hit;
    // Samples that did not touch a series left it at its baseline: count them in bulk.
    for si in 0..p.series {
        let untouched = n - sc.touch_count[si];
        if untouched > 0 {
            record_exact(p, acc, &mut sums, si, p.base_series[si], untouched);
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
                acc.fan_hist.add_exact(m, v, p.fan_binning, untouched);
            }
        }
    }
    ChunkOut { sums, fan_sums }
}

/// Samples drawn together.
const BLOCK: usize = 8;

/// Draw the varying effects of the current leaf for `len` samples into the block.
fn draw_block(p: &Prepared, sc: &mut Scratch, draws: &mut Draws, len: usize) {
    for step in &sc.steps {
        let eff = &p.effects[step.effect];
        let row = &mut sc.block[step.slot];
        for slot in row.iter_mut().take(len) {
            *slot += eff.draw(&p.rows, draws.unit()) * eff.factor_h;
        }
    }
}

/// Record the first `len` samples of the block: each varying cell, then each varying region's
/// composite, and reset the block to the leaf's fixed part.
fn record_block(p: &Prepared, acc: &mut Acc, sums: &mut [f64], sc: &mut Scratch, len: usize) {
    let c = p.c;
    let cells = c.cells();
    let n_ind = c.n_indicators;
    for (slot, &cell) in sc.cells.iter().enumerate() {
        if !sc.cell_varies[slot] {
            continue;
        }
        let base = c.baseline[cell];
        let (lo, hi) = c.scale[cell % n_ind];
        let coef = p.cell_coef[cell];
        let rslot = sc.cell_region[slot];
        let fixed = sc.fixed_delta[slot];
        for s in 0..len {
            let raw = base + sc.block[slot][s];
            let v = if raw <= lo || raw >= hi {
                // Clamped to the scale's end: a value that repeats exactly.
                let v = raw.clamp(lo, hi);
                record_exact(p, acc, sums, cell, v, 1);
                v
            } else {
                record_draw(p, acc, sums, cell, raw);
                raw
            };
            sc.region_block[rslot][s] += coef * (v - base);
        }
        sc.block[slot] = [fixed; BLOCK];
    }
    for (slot, &r) in sc.regions.iter().enumerate() {
        if !sc.region_varies[slot] {
            continue;
        }
        let si = cells + r;
        for s in 0..len {
            record_draw(
                p,
                acc,
                sums,
                si,
                p.base_series[si] + sc.region_block[slot][s],
            );
        }
        sc.region_block[slot] = [sc.fixed_region_delta[slot]; BLOCK];
    }
}

/// Count one sample of a value that varies from draw to draw in series `si`.
#[inline(always)]
fn record_draw(p: &Prepared, acc: &mut Acc, sums: &mut [f64], si: usize, v: f64) {
    sums[si] += v;
    acc.hist.add(si, v, p.binning[si]);
    count_alert(p, acc, si, v, 1);
}

/// Count `count` samples of one exact value in series `si`.
fn record_exact(p: &Prepared, acc: &mut Acc, sums: &mut [f64], si: usize, v: f64, count: u64) {
    sums[si] += v * count as f64;
    acc.hist.add_exact(si, v, p.binning[si], count);
    count_alert(p, acc, si, v, count);
}

/// Count the samples below and on the alert side of the series' threshold.
#[inline(always)]
fn count_alert(p: &Prepared, acc: &mut Acc, si: usize, v: f64, count: u64) {
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
