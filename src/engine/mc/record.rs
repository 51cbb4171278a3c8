//! Drawing a block of samples and recording each series' values.

use super::chunk::{Acc, Scratch};
use super::draws::Draws;
use super::prepared::Prepared;

/// Samples drawn together.
pub(super) const BLOCK: usize = 8;

/// Draw the varying effects of the current leaf for `len` samples into the block.
pub(super) fn draw_block(prep: &Prepared, scratch: &mut Scratch, draws: &mut Draws, len: usize) {
    for step in &scratch.steps {
        let eff = &prep.effects[step.effect];
        let row = &mut scratch.block[step.slot];
        for slot in row.iter_mut().take(len) {
            *slot += eff.draw(&prep.rows, draws.unit()) * eff.factor_h;
        }
    }
}

/// Record the first `len` samples of the block: each varying cell, then each varying region's
/// composite, and reset the block to the leaf's fixed part.
pub(super) fn record_block(
    prep: &Prepared,
    acc: &mut Acc,
    sums: &mut [f64],
    scratch: &mut Scratch,
    len: usize,
) {
    let model = prep.model;
    let cells = model.cells();
    let indicators = model.n_indicators;
    for (slot, &cell) in scratch.cells.iter().enumerate() {
        if !scratch.cell_varies[slot] {
            continue;
        }
        let base = model.baseline[cell];
        let (lo, hi) = model.scale[cell % indicators];
        let coef = prep.cell_coef[cell];
        let rslot = scratch.cell_region[slot];
        let fixed = scratch.fixed_delta[slot];
        let mut tally = Tally::new(prep, cell);
        // Values clamped to the scale's ends repeat exactly: counted apart, recorded once.
        let (mut at_lo, mut at_hi) = (0u64, 0u64);
        let mut row = acc.hist.row_mut(cell);
        for s in 0..len {
            let raw = base + scratch.block[slot][s];
            let v = if raw <= lo {
                at_lo += 1;
                lo
            } else if raw >= hi {
                at_hi += 1;
                hi
            } else {
                tally.add(&mut row, raw);
                raw
            };
            scratch.region_block[rslot][s] += coef * (v - base);
        }
        tally.finish(acc, sums, cell);
        for (end, n) in [(lo, at_lo), (hi, at_hi)] {
            if n > 0 {
                record_exact(prep, acc, sums, cell, end, n);
            }
        }
        scratch.block[slot] = [fixed; BLOCK];
    }
    for (slot, &r) in scratch.regions.iter().enumerate() {
        if !scratch.region_varies[slot] {
            continue;
        }
        let series = cells + r;
        let base = prep.base_series[series];
        let mut tally = Tally::new(prep, series);
        let mut row = acc.hist.row_mut(series);
        for s in 0..len {
            tally.add(&mut row, base + scratch.region_block[slot][s]);
        }
        tally.finish(acc, sums, series);
        scratch.region_block[slot] = [scratch.fixed_region_delta[slot]; BLOCK];
    }
}

/// One series' counts over a block, kept in registers and added to the accumulators once: the
/// compiler cannot keep them there itself while the histogram is written.
struct Tally {
    binning: super::hist::Binning,
    threshold: f64,
    higher_better: bool,
    sum: f64,
    below: u64,
    alert: u64,
}

impl Tally {
    fn new(prep: &Prepared, series: usize) -> Self {
        Self {
            binning: prep.binning[series],
            threshold: prep.thresholds[series],
            higher_better: prep.higher_better[series],
            sum: 0.0,
            below: 0,
            alert: 0,
        }
    }

    #[inline(always)]
    fn add(&mut self, row: &mut super::hist::Row<'_>, v: f64) {
        self.sum += v;
        row.add(v, self.binning);
        self.below += u64::from(v < self.threshold);
        let alert = if self.higher_better {
            v < self.threshold
        } else {
            v > self.threshold
        };
        self.alert += u64::from(alert);
    }

    fn finish(self, acc: &mut Acc, sums: &mut [f64], series: usize) {
        sums[series] += self.sum;
        acc.below[series] += self.below;
        acc.alert[series] += self.alert;
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
    count_alert(prep, acc, series, v, count);
}

/// Count the samples below and on the alert side of the series' threshold.
#[inline(always)]
fn count_alert(prep: &Prepared, acc: &mut Acc, series: usize, v: f64, count: u64) {
    let th = prep.thresholds[series];
    acc.below[series] += u64::from(v < th) * count;
    let alert = if prep.higher_better[series] {
        v < th
    } else {
        v > th
    };
    acc.alert[series] += u64::from(alert) * count;
}
