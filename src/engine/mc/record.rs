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
        for s in 0..len {
            let raw = base + scratch.block[slot][s];
            let v = if raw <= lo || raw >= hi {
                // Clamped to the scale's end: a value that repeats exactly.
                let v = raw.clamp(lo, hi);
                record_exact(prep, acc, sums, cell, v, 1);
                v
            } else {
                record_draw(prep, acc, sums, cell, raw);
                raw
            };
            scratch.region_block[rslot][s] += coef * (v - base);
        }
        scratch.block[slot] = [fixed; BLOCK];
    }
    for (slot, &r) in scratch.regions.iter().enumerate() {
        if !scratch.region_varies[slot] {
            continue;
        }
        let series = cells + r;
        for s in 0..len {
            record_draw(
                prep,
                acc,
                sums,
                series,
                prep.base_series[series] + scratch.region_block[slot][s],
            );
        }
        scratch.region_block[slot] = [scratch.fixed_region_delta[slot]; BLOCK];
    }
}

/// Count one sample of a value that varies from draw to draw in series `series`.
#[inline(always)]
pub(super) fn record_draw(prep: &Prepared, acc: &mut Acc, sums: &mut [f64], series: usize, v: f64) {
    sums[series] += v;
    acc.hist.add(series, v, prep.binning[series]);
    count_alert(prep, acc, series, v, 1);
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
