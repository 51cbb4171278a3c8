//! Expected, probability-weighted indicator values, with contributions per top-level outcome.

use super::compile::{Compiled, Normalised};
use crate::model::{Outcome, Scenario};

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
#[derive(Clone, Debug, Default)]
pub struct Expected {
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
    /// How far each top-level branch moves each cell's expected value:
    /// `[(top * cells + cell) * months + month]`, i.e. P(branch) × mean change under it.
    pub contributions: Vec<f64>,
    /// Composite index of each region at baseline.
    pub composite_baseline: Vec<f64>,
    /// Expected composite index: `[region * months + month]`.
    pub composite: Vec<f64>,
    /// Contribution of each top-level branch to the composite: `[(top * regions + region) * months + month]`.
    pub composite_contrib: Vec<f64>,
    /// Leaves with their absolute probabilities, in tree order.
    pub leaves: Vec<Leaf>,
    /// Normalised conditional probability of each branch.
    pub cond: Vec<f64>,
    /// Absolute probability of each branch.
    pub abs: Vec<f64>,
    /// Sibling sets that were normalised because they did not sum to one.
    pub normalised: Vec<Normalised>,
}

impl Expected {
    /// Compute from a scenario.
    pub fn compute(s: &Scenario) -> Self {
        Self::from_compiled(&Compiled::new(s))
    }

    /// Compute from a compiled scenario.
    pub fn from_compiled(c: &Compiled) -> Self {
        let cells = c.cells();
        let m_n = c.months;
        let tops = c.tree.roots.len();
        let mut contributions = vec![0.0; tops * cells * m_n];

        // Per-leaf scratch: each touched cell gets a slot holding its summed change per month.
        let mut slot_of = vec![usize::MAX; cells];
        let mut slot_cell: Vec<usize> = Vec::new();
        let mut slots: Vec<f64> = Vec::new();
        let mut path = Vec::new();
        for &leaf in &c.leaves {
            let p = c.abs[leaf];
            if p <= 0.0 {
                continue;
            }
            path.clear();
            let mut cur = Some(leaf);
            while let Some(i) = cur {
                path.push(i);
                cur = c.tree.parent[i];
            }
            for &i in &path {
                for e in &c.effects[i] {
                    let slot = if slot_of[e.cell] == usize::MAX {
                        slot_of[e.cell] = slot_cell.len();
                        slot_cell.push(e.cell);
                        slots.resize(slots.len() + m_n, 0.0);
                        slot_of[e.cell]
                    } else {
                        slot_of[e.cell]
                    };
                    let dst = &mut slots[slot * m_n..(slot + 1) * m_n];
                    for (d, f) in dst[e.onset..].iter_mut().zip(&e.factor[e.onset..]) {
                        *d += e.likely * f;
                    }
                }
            }
            let top = c.top_of[leaf];
            for (slot, &cell) in slot_cell.iter().enumerate() {
                let (lo, hi) = c.scale[cell % c.n_indicators];
                let base = c.baseline[cell];
                let src = &slots[slot * m_n..(slot + 1) * m_n];
                let start = (top * cells + cell) * m_n;
                let dst = &mut contributions[start..start + m_n];
                for (d, &delta) in dst.iter_mut().zip(src) {
                    *d += p * ((base + delta).clamp(lo, hi) - base);
                }
                slot_of[cell] = usize::MAX;
            }
            slot_cell.clear();
            slots.clear();
        }

        let mut expected = vec![0.0; cells * m_n];
        for (cell, series) in expected.chunks_exact_mut(m_n).enumerate() {
            series.fill(c.baseline[cell]);
            for t in 0..tops {
                let start = (t * cells + cell) * m_n;
                for (e, d) in series.iter_mut().zip(&contributions[start..start + m_n]) {
                    *e += d;
                }
            }
        }

        let r_n = c.n_regions;
        let composite_baseline = (0..r_n)
            .map(|r| c.composite(r, |cell| c.baseline[cell]))
            .collect();
        let mut composite = vec![0.0; r_n * m_n];
        let mut composite_contrib = vec![0.0; tops * r_n * m_n];
        for r in 0..r_n {
            for m in 0..m_n {
                composite[r * m_n + m] = c.composite(r, |cell| expected[cell * m_n + m]);
                for t in 0..tops {
                    let delta: f64 = (0..c.n_indicators)
                        .map(|k| {
                            let cell = r * c.n_indicators + k;
                            c.weight[k]
                                * c.score_slope[k]
                                * contributions[(t * cells + cell) * m_n + m]
                        })
                        .sum();
                    composite_contrib[(t * r_n + r) * m_n + m] = delta;
                }
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
            n_regions: r_n,
            n_indicators: c.n_indicators,
            months: m_n,
            baseline: c.baseline.clone(),
            expected,
            top,
            contributions,
            composite_baseline,
            composite,
            composite_contrib,
            leaves,
            cond: c.cond.clone(),
            abs: c.abs.clone(),
            normalised: c.normalised.clone(),
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

    /// Contribution of top-level branch `t` to indicator `k` of region `r` at `month`.
    pub fn contribution(&self, t: usize, r: usize, k: usize, month: usize) -> f64 {
        let cell = r * self.n_indicators + k;
        self.contributions
            .get((t * self.cells() + cell) * self.months + month.min(self.horizon()))
            .copied()
            .unwrap_or(0.0)
    }

    /// Contribution of top-level branch `t` to region `r`'s composite at `month`.
    pub fn composite_contribution(&self, t: usize, r: usize, month: usize) -> f64 {
        self.composite_contrib
            .get((t * self.n_regions + r) * self.months + month.min(self.horizon()))
            .copied()
            .unwrap_or(0.0)
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

    /// Contribution of top-level branch `t` to a series at `month`.
    pub fn series_contribution(
        &self,
        t: usize,
        r: usize,
        indicator: Option<usize>,
        month: usize,
    ) -> f64 {
        match indicator {
            Some(k) => self.contribution(t, r, k, month),
            None => self.composite_contribution(t, r, month),
        }
    }
}
