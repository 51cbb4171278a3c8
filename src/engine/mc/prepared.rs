//! The tree, ready for sampling: a table to pick leaves in constant time, effect PERTs laid out
//! by branch, and each series' histogram placement.

use super::hist::Binning;
use super::{BINS, FAN_BINS};
use crate::engine::Expected;
use crate::engine::compile::Compiled;
use crate::engine::pert::Pert;

/// Walker's alias table over the leaves with a chance: one 64-bit draw picks a leaf.
pub(super) struct Alias {
    /// Leaf ordinal of each slot.
    items: Vec<u32>,
    /// Chance of keeping the slot's own leaf, as a 32-bit threshold.
    keep: Vec<u64>,
    /// The other leaf of each slot.
    other: Vec<u32>,
}

impl Alias {
    /// Build from the leaves' probabilities (ordinal, probability > 0). Vose's method, in a
    /// fixed order, so the table is the same on every run.
    fn new(weights: &[(u32, f64)]) -> Self {
        let n = weights.len();
        let total: f64 = weights.iter().map(|w| w.1).sum();
        let mut scaled: Vec<f64> = weights.iter().map(|w| w.1 / total * n as f64).collect();
        let mut keep = vec![1.0f64; n];
        let mut other: Vec<u32> = (0..n as u32).collect();
        let (mut small, mut large): (Vec<usize>, Vec<usize>) =
            (0..n).partition(|&i| scaled[i] < 1.0);
        while let (Some(s), Some(&l)) = (small.pop(), large.last()) {
            keep[s] = scaled[s];
            other[s] = l as u32;
            scaled[l] -= 1.0 - scaled[s];
            if scaled[l] < 1.0 {
                large.pop();
                small.push(l);
            }
        }
        Self {
            items: weights.iter().map(|w| w.0).collect(),
            keep: keep
                .iter()
                .map(|&k| (k.clamp(0.0, 1.0) * 4_294_967_296.0) as u64)
                .collect(),
            other,
        }
    }

    /// The leaf ordinal for 64 random bits.
    #[inline]
    pub(super) fn pick(&self, bits: u64) -> usize {
        let slot = (((bits >> 32) * self.items.len() as u64) >> 32) as usize;
        let coin = bits & 0xFFFF_FFFF;
        let chosen = if coin < self.keep[slot] {
            slot
        } else {
            self.other[slot] as usize
        };
        self.items[chosen] as usize
    }

    pub(super) fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

/// An effect ready for drawing.
#[derive(Clone, Copy)]
pub(super) struct McEffect {
    pub(super) cell: u32,
    /// Its shape's row in `Prepared::rows`.
    pub(super) row: u32,
    pub(super) factor_h: f64,
    pub(super) pert: Pert,
}

/// Most distinct PERT shapes given their own row (4 KB each); past this, draws interpolate
/// between the shared table's rows.
const MAX_ROWS: usize = 4_096;
/// `McEffect::row` of an effect without its own row.
pub(super) const NO_ROW: u32 = u32::MAX;

pub(super) struct Prepared<'a> {
    /// The compiled scenario.
    pub(super) model: &'a Compiled,
    pub(super) alias: Alias,
    /// Effects of branch `b` are `effects[effect_start[b]..effect_start[b + 1]]`, in the order
    /// of `Compiled::effects[b]`.
    pub(super) effect_start: Vec<usize>,
    pub(super) effects: Vec<McEffect>,
    /// Quantile rows of the distinct PERT shapes.
    pub(super) rows: Vec<Box<crate::engine::pert::Row>>,
    /// Each series' alert threshold.
    pub(super) thresholds: Vec<f64>,
    pub(super) higher_better: Vec<bool>,
    /// The value range each series' histogram covers.
    pub(super) ranges: Vec<(f64, f64)>,
    pub(super) binning: Vec<Binning>,
    /// Number of series: cells, then each region's composite.
    pub(super) series: usize,
    /// Baseline value of every series.
    pub(super) base_series: Vec<f64>,
    /// Composite coefficient of each cell.
    pub(super) cell_coef: Vec<f64>,
    /// Whether each leaf (by ordinal) changes the focus region.
    pub(super) leaf_in_focus: Vec<bool>,
    /// The focus series' histogram placement, by month.
    pub(super) fan_binning: Binning,
}

impl McEffect {
    /// A draw from 64 random bits: the quantile at their uniform (`pert::uniform`).
    #[inline(always)]
    pub(super) fn draw(&self, rows: &[Box<crate::engine::pert::Row>], bits: u64) -> f64 {
        match rows.get(self.row as usize) {
            Some(row) => self.pert.quantile_in_bits(row, bits),
            None => self.pert.quantile(crate::engine::pert::uniform(bits)),
        }
    }
}

impl<'a> Prepared<'a> {
    pub(super) fn new(e: &'a Expected, focus: Option<(usize, Option<usize>)>) -> Self {
        let c: &Compiled = &e.compiled;
        let n = c.cond.len();
        let weights: Vec<(u32, f64)> = c
            .leaves
            .iter()
            .enumerate()
            .filter(|&(_, &l)| c.abs[l] > 0.0)
            .map(|(k, &l)| (k as u32, c.abs[l]))
            .collect();
        let alias = Alias::new(&weights);
        let mut effect_start = Vec::with_capacity(n + 1);
        let mut effects = Vec::new();
        let mut rows = Vec::new();
        let mut row_of: std::collections::HashMap<(usize, u32), u32> =
            std::collections::HashMap::new();
        for es in &c.effects {
            effect_start.push(effects.len());
            for e in es {
                let pert = Pert::new(e.low, e.likely, e.high);
                let row = if pert.is_point() {
                    NO_ROW
                } else if let Some(&r) = row_of.get(&pert.shape_key()) {
                    r
                } else if rows.len() < MAX_ROWS {
                    rows.push(pert.shape_row());
                    let r = (rows.len() - 1) as u32;
                    row_of.insert(pert.shape_key(), r);
                    r
                } else {
                    NO_ROW
                };
                effects.push(McEffect {
                    cell: e.cell as u32,
                    row,
                    factor_h: e.factor_h,
                    pert,
                });
            }
        }
        effect_start.push(effects.len());
        let cells = c.cells();
        let k_n = c.n_indicators.max(1);
        let mut thresholds = Vec::with_capacity(cells + c.n_regions);
        let mut higher_better = Vec::with_capacity(cells + c.n_regions);
        let mut ranges = Vec::with_capacity(cells + c.n_regions);
        for cell in 0..cells {
            thresholds.push(c.threshold[cell % k_n]);
            higher_better.push(c.higher_is_better[cell % k_n]);
            ranges.push(e.cell_reach[cell]);
        }
        let composite_threshold = c.composite_threshold();
        for r in 0..c.n_regions {
            thresholds.push(composite_threshold);
            higher_better.push(true);
            // The composite is linear in its cells, so its reach follows from theirs.
            let (mut lo, mut hi) = (c.comp_offset, c.comp_offset);
            for k in 0..c.n_indicators {
                let a = c.comp_coef[k];
                let (x, y) = e.cell_reach[r * c.n_indicators + k];
                lo += (a * x).min(a * y);
                hi += (a * x).max(a * y);
            }
            ranges.push((lo, hi));
        }
        let series = cells + c.n_regions;
        let mut base_series = c.baseline.clone();
        base_series.extend((0..c.n_regions).map(|r| c.composite(r, |cell| c.baseline[cell])));
        let cell_coef = (0..cells).map(|cell| c.comp_coef[cell % k_n]).collect();
        let binning = ranges.iter().map(|&r| Binning::new(r, BINS)).collect();
        let leaf_in_focus = match focus {
            Some((fr, _)) => c
                .leaves
                .iter()
                .map(|&l| {
                    let mut cur = Some(l);
                    while let Some(i) = cur {
                        if c.effects[i].iter().any(|e| e.cell / k_n == fr) {
                            return true;
                        }
                        cur = c.tree.parent[i];
                    }
                    false
                })
                .collect(),
            None => Vec::new(),
        };
        let fan_range = match focus {
            Some((_, Some(k))) if c.scale[k].0.is_finite() => c.scale[k],
            Some((fr, Some(k))) => e
                .cell_reach
                .get(fr * c.n_indicators + k)
                .copied()
                .unwrap_or((0.0, 1.0)),
            _ => (0.0, 100.0),
        };
        Self {
            model: c,
            alias,
            effect_start,
            effects,
            rows,
            thresholds,
            higher_better,
            ranges,
            binning,
            series,
            base_series,
            cell_coef,
            leaf_in_focus,
            fan_binning: Binning::new(fan_range, FAN_BINS),
        }
    }
}
