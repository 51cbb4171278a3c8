//! Drawing a block of samples and recording each series' values.

use super::chunk::{Acc, Scratch};
use super::draws::Draws;
use super::prepared::Prepared;

/// Samples whose draws come effect by effect: the draws of a block are made in the order
/// effect, then sample, and each series' values in a block are summed before they are added to
/// the series' total. Both orders fix the floating-point results, so this never changes.
pub(super) const BLOCK: usize = 8;

/// Samples recorded together: several blocks, so that what recording a series needs is read
/// once for all of them.
pub(super) const RUN: usize = 8 * BLOCK;

/// Draw the varying effects of the current leaf for `len` (at most `RUN`) samples into the run,
/// block by block.
pub(super) fn draw_run(prep: &Prepared, scratch: &mut Scratch, draws: &mut Draws, len: usize) {
    for start in (0..len).step_by(BLOCK) {
        let end = (start + BLOCK).min(len);
        for step in &scratch.steps {
            let eff = &prep.effects[step.effect];
            let (pert, factor) = (eff.pert, eff.factor_h);
            let row = &mut scratch.block[step.slot][start..end];
            match prep.rows.get(eff.row as usize) {
                Some(table) => {
                    for slot in row {
                        *slot += pert.quantile_in_bits(table, draws.bits()) * factor;
                    }
                }
                None => {
                    for slot in row {
                        *slot += eff.draw(&prep.rows, draws.bits()) * factor;
                    }
                }
            }
        }
    }
}

/// What recording one series needs, read once per leaf rather than once per block.
#[derive(Clone, Copy)]
pub(super) struct SeriesPlan {
    pub(super) series: usize,
    pub(super) base: f64,
    binning: super::hist::Binning,
    threshold: f64,
    higher_better: bool,
}

impl SeriesPlan {
    pub(super) fn new(prep: &Prepared, series: usize) -> Self {
        Self {
            series,
            base: prep.base_series[series],
            binning: prep.binning[series],
            threshold: prep.thresholds[series],
            higher_better: prep.higher_better[series],
        }
    }
}

/// A varying cell of the current leaf: its series, its scale's ends, its weight in its region's
/// composite, and its slots in the block.
#[derive(Clone, Copy)]
pub(super) struct CellPlan {
    pub(super) of: SeriesPlan,
    pub(super) scale: (f64, f64),
    pub(super) coef: f64,
    pub(super) slot: usize,
    pub(super) region_slot: usize,
    /// The cell's change from the leaf's effects without a spread.
    pub(super) fixed: f64,
}

/// A region of the current leaf whose composite varies.
#[derive(Clone, Copy)]
pub(super) struct RegionPlan {
    pub(super) of: SeriesPlan,
    pub(super) slot: usize,
    /// The composite's change from the region's cells that do not vary.
    pub(super) fixed: f64,
}

/// Record the first `len` samples of the run: each varying cell, then each varying region's
/// composite, and reset the run to the leaf's fixed part.
pub(super) fn record_run(acc: &mut Acc, sums: &mut [f64], scratch: &mut Scratch, len: usize) {
    for plan in &scratch.cell_plans {
        let series = plan.of.series;
        let base = plan.of.base;
        let (lo, hi) = plan.scale;
        let coef = plan.coef;
        let binning = plan.of.binning;
        let mut sides = Sides::new(plan.of.threshold);
        let mut row = acc.hist.row_mut(series);
        let changes = &mut scratch.block[plan.slot];
        let composites = &mut scratch.region_block[plan.region_slot];
        for start in (0..len).step_by(BLOCK) {
            let end = (start + BLOCK).min(len);
            // Values clamped to the scale's ends repeat exactly: counted apart, recorded once
            // a block.
            let (mut at_lo, mut at_hi) = (0u64, 0u64);
            let mut sum = 0.0;
            for (change, composite) in changes[start..end].iter().zip(&mut composites[start..end]) {
                let raw = base + change;
                let v = if raw <= lo {
                    at_lo += 1;
                    lo
                } else if raw >= hi {
                    at_hi += 1;
                    hi
                } else {
                    sum += raw;
                    row.add(raw, binning);
                    sides.add(raw);
                    raw
                };
                *composite += coef * (v - base);
            }
            sums[series] += sum;
            for (value, n) in [(lo, at_lo), (hi, at_hi)] {
                if n > 0 {
                    sums[series] += value * n as f64;
                    row.add_exact(value, binning, n);
                    sides.add_exact(value, n);
                }
            }
        }
        sides.finish(acc, &plan.of);
        changes[..len].fill(plan.fixed);
    }
    for plan in &scratch.region_plans {
        let series = plan.of.series;
        let base = plan.of.base;
        let binning = plan.of.binning;
        let mut sides = Sides::new(plan.of.threshold);
        let mut row = acc.hist.row_mut(series);
        let composites = &mut scratch.region_block[plan.slot];
        for block in composites[..len].chunks(BLOCK) {
            let mut sum = 0.0;
            for change in block {
                let v = base + change;
                sum += v;
                row.add(v, binning);
                sides.add(v);
            }
            sums[series] += sum;
        }
        sides.finish(acc, &plan.of);
        composites[..len].fill(plan.fixed);
    }
}

/// How many of a series' samples fell below and above its alert threshold, kept in registers
/// and added to the accumulators once: the compiler cannot keep them there itself while the
/// histogram is written.
struct Sides {
    threshold: f64,
    below: u64,
    above: u64,
}

impl Sides {
    fn new(threshold: f64) -> Self {
        Self {
            threshold,
            below: 0,
            above: 0,
        }
    }

    #[inline(always)]
    fn add(&mut self, v: f64) {
        self.below += u64::from(v < self.threshold);
        self.above += u64::from(v > self.threshold);
    }

    fn add_exact(&mut self, v: f64, n: u64) {
        self.below += u64::from(v < self.threshold) * n;
        self.above += u64::from(v > self.threshold) * n;
    }

    fn finish(self, acc: &mut Acc, plan: &SeriesPlan) {
        acc.below[plan.series] += self.below;
        // The alert side is below the threshold where higher is better, above it elsewhere.
        acc.alert[plan.series] += if plan.higher_better {
            self.below
        } else {
            self.above
        };
    }
}

/// Count `count` samples of one exact value in series `series`.
pub(super) fn record_exact(
    prep: &Prepared,
    acc: &mut Acc,
    sums: &mut [f64],
    series: usize,
    v: f64,
    count: u64,
) {
    sums[series] += v * count as f64;
    acc.hist.add_exact(series, v, prep.binning[series], count);
    let plan = SeriesPlan::new(prep, series);
    let mut sides = Sides::new(plan.threshold);
    sides.add_exact(v, count);
    sides.finish(acc, &plan);
}
