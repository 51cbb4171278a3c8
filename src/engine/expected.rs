//! Expected, probability-weighted indicator values, with each top-level outcome's mean change.
//!
//! A leaf's value of a cell in a month is the baseline plus the change of every effect on its
//! path, clamped to the indicator's scale. By default each effect adds its mean,
//! (low + 4 · likely + high) / 6, so the expected value is the mean of the model's outcome, as the
//! simulation estimates it (up to clamping, which the simulation applies draw by draw). The
//! "most likely" case, every effect at its likely value, is a separate, named computation.

use super::compile::{Compiled, Normalised};
use crate::model::{Outcome, Scenario};
use std::sync::Arc;

/// Which value of each effect a computation uses.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Centre {
    /// The PERT mean: the expected value.
    #[default]
    Mean,
    /// The likely value: the "most likely" case.
    MostLikely,
}

/// A leaf of the outcome tree.
#[derive(Clone, Debug, PartialEq)]
pub struct Leaf {
    /// Position in `Scenario::branches`.
    pub pos: usize,
    /// Absolute probability: the product of the probabilities along its path.
    pub probability: f64,
    /// Outcome class, inherited where unset.
    pub outcome: Option<Outcome>,
}

/// A top-level branch (a child of the root chance node).
#[derive(Clone, Debug, PartialEq)]
pub struct Top {
    /// Position in `Scenario::branches`.
    pub pos: usize,
    /// Its (normalised) probability.
    pub probability: f64,
    /// Its outcome class.
    pub outcome: Option<Outcome>,
}

/// Expected values of every region × indicator × month, and of each region's composite index.
///
/// Arrays are flat: a cell is `region * n_indicators + indicator`; a series has `months` values
/// for months `0..=horizon`.
#[derive(Clone, Debug)]
pub struct Expected {
    /// The compiled scenario these numbers are of.
    pub compiled: Arc<Compiled>,
    /// Which value of each effect was used.
    pub centre: Centre,
    /// Number of regions.
    pub n_regions: usize,
    /// Number of indicators.
    pub n_indicators: usize,
    /// Months `0..=horizon`.
    pub months: usize,
    /// Baseline of each cell.
    pub baseline: Vec<f64>,
    /// Expected value of each cell in each month: `[cell * months + month]`.
    pub expected: Vec<f64>,
    /// Top-level branches.
    pub top: Vec<Top>,
    /// Mean change of each cell at the horizon if each top-level branch happens:
    /// `[top * cells + cell]`. Defined even for a branch at 0%.
    pub top_mean: Vec<f64>,
    /// Composite index of each region at baseline.
    pub composite_baseline: Vec<f64>,
    /// Expected composite index: `[region * months + month]`.
    pub composite: Vec<f64>,
    /// Leaves with their absolute probabilities, in tree order.
    pub leaves: Vec<Leaf>,
    /// Normalised conditional probability of each branch.
    pub cond: Vec<f64>,
    /// Absolute probability of each branch.
    pub abs: Vec<f64>,
    /// Sibling sets that were normalised because they did not sum to one.
    pub normalised: Vec<Normalised>,
    /// Where each leaf's cells start in `leaf_cell` and `leaf_raw` (one more entry than leaves).
    pub leaf_start: Vec<usize>,
    /// The cells each leaf's path changes, ascending within a leaf.
    pub leaf_cell: Vec<u32>,
    /// The summed change of each of those cells at the horizon, before clamping.
    pub leaf_raw: Vec<f64>,
    /// Whether some outcome's range reaches an end of the cell's scale at the horizon, so that
    /// clamping moves the simulated mean away from this expected value.
    pub clamp_binds: Vec<bool>,
    /// The lowest and highest value each cell can take at the horizon, over every outcome
    /// with a chance, each effect anywhere from its low to its high estimate.
    pub cell_reach: Vec<(f64, f64)>,
}

impl Default for Expected {
    fn default() -> Self {
        Self::compute(&Scenario::default())
    }
}

/// Scratch space for one leaf: each touched cell gets a slot.
struct Slots {
    slot_of: Vec<usize>,
    cells: Vec<usize>,
    /// Per slot: change at the horizon (centre, low, high).
    horizon: Vec<[f64; 3]>,
    /// Per slot: change in each month (centre), filled only for leaves with probability.
    series: Vec<f64>,
}

impl Expected {
    /// Expected values of a scenario.
    pub fn compute(s: &Scenario) -> Self {
        Self::from_compiled(Arc::new(Compiled::new(s)), Centre::Mean)
    }

    /// The "most likely" case of a scenario: every effect at its likely value.
    pub fn most_likely(s: &Scenario) -> Self {
        Self::from_compiled(Arc::new(Compiled::new(s)), Centre::MostLikely)
    }

    /// Compute from a compiled scenario.
    pub fn from_compiled(c: Arc<Compiled>, centre: Centre) -> Self {
        let cells = c.cells();
        let m_n = c.months;
        let tops = c.tree.roots.len();
        let mut top_mean = vec![0.0; tops * cells];
        let mut deltas = vec![0.0; cells * m_n];
        let mut clamp_binds = vec![false; cells];
        let mut cell_reach: Vec<(f64, f64)> = c.baseline.iter().map(|&b| (b, b)).collect();
        let rel = within_top(&c);

        let mut leaf_start = Vec::with_capacity(c.leaves.len() + 1);
        let mut leaf_cell: Vec<u32> = Vec::new();
        let mut leaf_raw: Vec<f64> = Vec::new();
        let mut slots = Slots {
            slot_of: vec![usize::MAX; cells],
            cells: Vec::new(),
            horizon: Vec::new(),
            series: Vec::new(),
        };
        for &leaf in &c.leaves {
            leaf_start.push(leaf_cell.len());
            let p = c.abs[leaf];
            let monthly = p > 0.0;
            let mut cur = Some(leaf);
            while let Some(i) = cur {
                for e in &c.effects[i] {
                    let slot = if slots.slot_of[e.cell] == usize::MAX {
                        slots.slot_of[e.cell] = slots.cells.len();
                        slots.cells.push(e.cell);
                        slots.horizon.push([0.0; 3]);
                        if monthly {
                            slots.series.resize(slots.series.len() + m_n, 0.0);
                        }
                        slots.cells.len() - 1
                    } else {
                        slots.slot_of[e.cell]
                    };
                    let size = match centre {
                        Centre::Mean => e.mean,
                        Centre::MostLikely => e.likely,
                    };
                    let h = &mut slots.horizon[slot];
                    h[0] += size * e.factor_h;
                    h[1] += e.low * e.factor_h;
                    h[2] += e.high * e.factor_h;
                    if monthly {
                        e.add_over_months(size, &mut slots.series[slot * m_n..(slot + 1) * m_n]);
                    }
                }
                cur = c.tree.parent[i];
            }
            // Ascending cells, so a leaf's entries can be searched.
            let mut order: Vec<usize> = (0..slots.cells.len()).collect();
            order.sort_unstable_by_key(|&k| slots.cells[k]);
            let top = c.top_of[leaf];
            for &slot in &order {
                let cell = slots.cells[slot];
                let (lo, hi) = c.scale[cell % c.n_indicators];
                let base = c.baseline[cell];
                let [raw, low, high] = slots.horizon[slot];
                leaf_cell.push(cell as u32);
                leaf_raw.push(raw);
                top_mean[top * cells + cell] += rel[leaf] * ((base + raw).clamp(lo, hi) - base);
                if monthly {
                    if base + low < lo || base + high > hi {
                        clamp_binds[cell] = true;
                    }
                    let reach = &mut cell_reach[cell];
                    reach.0 = reach.0.min((base + low).clamp(lo, hi));
                    reach.1 = reach.1.max((base + high).clamp(lo, hi));
                    let src = &slots.series[slot * m_n..(slot + 1) * m_n];
                    let dst = &mut deltas[cell * m_n..(cell + 1) * m_n];
                    for (d, &delta) in dst.iter_mut().zip(src) {
                        *d += p * ((base + delta).clamp(lo, hi) - base);
                    }
                }
            }
            for &cell in &slots.cells {
                slots.slot_of[cell] = usize::MAX;
            }
            slots.cells.clear();
            slots.horizon.clear();
            slots.series.clear();
        }
        leaf_start.push(leaf_cell.len());

        let expected: Vec<f64> = deltas
            .iter()
            .enumerate()
            .map(|(i, d)| c.baseline[i / m_n] + d)
            .collect();
        let r_n = c.n_regions;
        let composite_baseline = (0..r_n)
            .map(|r| c.composite(r, |cell| c.baseline[cell]))
            .collect();
        let mut composite = vec![0.0; r_n * m_n];
        for r in 0..r_n {
            for m in 0..m_n {
                composite[r * m_n + m] = c.composite(r, |cell| expected[cell * m_n + m]);
            }
        }
        let leaves = c
            .leaves
            .iter()
            .map(|&pos| Leaf {
                pos,
                probability: c.abs[pos],
                outcome: c.outcome[pos],
            })
            .collect();
        let top = c
            .tree
            .roots
            .iter()
            .map(|&pos| Top {
                pos,
                probability: c.abs[pos],
                outcome: c.outcome[pos],
            })
            .collect();
        Self {
            centre,
            n_regions: r_n,
            n_indicators: c.n_indicators,
            months: m_n,
            baseline: c.baseline.clone(),
            expected,
            top,
            top_mean,
            composite_baseline,
            composite,
            leaves,
            cond: c.cond.clone(),
            abs: c.abs.clone(),
            normalised: c.normalised.clone(),
            leaf_start,
            leaf_cell,
            leaf_raw,
            clamp_binds,
            cell_reach,
            compiled: c,
        }
    }

    /// Number of cells.
    pub fn cells(&self) -> usize {
        self.n_regions * self.n_indicators
    }

    /// The last month, the horizon.
    pub fn horizon(&self) -> usize {
        self.months.saturating_sub(1)
    }

    /// Expected value of indicator `k` in region `r` at `month`.
    pub fn value(&self, r: usize, k: usize, month: usize) -> f64 {
        let cell = r * self.n_indicators + k;
        self.expected
            .get(cell * self.months + month.min(self.horizon()))
            .copied()
            .unwrap_or(f64::NAN)
    }

    /// Baseline of indicator `k` in region `r`.
    pub fn base(&self, r: usize, k: usize) -> f64 {
        self.baseline
            .get(r * self.n_indicators + k)
            .copied()
            .unwrap_or(f64::NAN)
    }

    /// Expected composite index of region `r` at `month`.
    pub fn composite_at(&self, r: usize, month: usize) -> f64 {
        self.composite
            .get(r * self.months + month.min(self.horizon()))
            .copied()
            .unwrap_or(f64::NAN)
    }

    /// Mean change of a series at the horizon if top-level branch `t` happens.
    pub fn top_series_mean(&self, t: usize, r: usize, indicator: Option<usize>) -> f64 {
        let cells = self.cells();
        let at = |k: usize| {
            self.top_mean
                .get(t * cells + r * self.n_indicators + k)
                .copied()
                .unwrap_or(0.0)
        };
        match indicator {
            Some(k) => at(k),
            None => (0..self.n_indicators)
                .map(|k| self.compiled.comp_coef[k] * at(k))
                .sum(),
        }
    }

    /// How far top-level branch `t` moves indicator `k` of region `r` at the horizon:
    /// its probability × its mean change.
    pub fn contribution(&self, t: usize, r: usize, k: usize) -> f64 {
        self.series_contribution(t, r, Some(k))
    }

    /// How far top-level branch `t` moves a series (`indicator` = `None`: the composite) at the
    /// horizon.
    pub fn series_contribution(&self, t: usize, r: usize, indicator: Option<usize>) -> f64 {
        let p = self.top.get(t).map_or(0.0, |top| top.probability);
        p * self.top_series_mean(t, r, indicator)
    }

    /// Expected value of a series (`indicator` = `None` for the composite) at `month`.
    pub fn series_value(&self, r: usize, indicator: Option<usize>, month: usize) -> f64 {
        match indicator {
            Some(k) => self.value(r, k, month),
            None => self.composite_at(r, month),
        }
    }

    /// Baseline of a series (`indicator` = `None` for the composite).
    pub fn series_base(&self, r: usize, indicator: Option<usize>) -> f64 {
        match indicator {
            Some(k) => self.base(r, k),
            None => self.composite_baseline.get(r).copied().unwrap_or(f64::NAN),
        }
    }

    /// Whether clamping at a scale's end moves a series' simulated mean away from its
    /// expected value (for the composite: any of the region's indicators).
    pub fn series_clamps(&self, r: usize, indicator: Option<usize>) -> bool {
        let n = self.n_indicators;
        match indicator {
            Some(k) => self.clamp_binds.get(r * n + k).copied().unwrap_or(false),
            None => (0..n).any(|k| self.clamp_binds.get(r * n + k) == Some(&true)),
        }
    }
}

/// Each branch's probability given its top-level branch: the product of the conditional
/// probabilities below the top level down to it (1 for a top-level branch).
fn within_top(c: &Compiled) -> Vec<f64> {
    let mut rel = vec![0.0; c.cond.len()];
    for &i in &c.tree.preorder {
        rel[i] = match c.tree.parent[i] {
            Some(p) => rel[p] * c.cond[i],
            None => 1.0,
        };
    }
    rel
}
