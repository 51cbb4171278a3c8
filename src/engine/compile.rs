//! A scenario compiled to positions and flat arrays, ready for fast evaluation.
//!
//! Compiling never fails: anything validation would reject (unknown ids, bad numbers) is left
//! out or treated as zero, so the engine can run on a document that is being edited.

use super::probabilities::{conditional_probabilities, leaf_spans};
use crate::model::{Outcome, Profile, Scenario, TreeIndex};
use std::collections::HashMap;

/// An effect, with its region and indicator resolved to a cell.
#[derive(Clone, Debug)]
pub struct CEffect {
    /// Position in the branch's `effects` (effects that cannot be resolved are left out).
    pub index: usize,
    /// `region * n_indicators + indicator`.
    pub cell: usize,
    /// Low change (low ≤ likely ≤ high; effects out of order are left out).
    pub low: f64,
    /// Most likely change.
    pub likely: f64,
    /// High change.
    pub high: f64,
    /// The PERT mean, `(low + 4 · likely + high) / 6`: what the effect adds on average.
    pub mean: f64,
    /// First month of the effect.
    pub onset: usize,
    /// How it unfolds.
    pub profile: Profile,
    /// Share of the full effect at the horizon.
    pub factor_h: f64,
}

impl CEffect {
    /// Add `size` times the effect's share in each month to `dst` (months `0..dst.len()`).
    /// The shares are worked out as they go, without a `powf` per month.
    pub fn add_over_months(&self, size: f64, dst: &mut [f64]) {
        let Some(dst) = dst.get_mut(self.onset..) else {
            return;
        };
        match self.profile {
            Profile::Ramp { months } if months > 0 => {
                let n = f64::from(months);
                for (since, d) in dst.iter_mut().enumerate() {
                    *d += size * (since as f64 / n).min(1.0);
                }
            }
            Profile::Spike { half_life_months }
                if half_life_months > 0.0 && half_life_months.is_finite() =>
            {
                let decay = 0.5_f64.powf(1.0 / half_life_months);
                let mut x = size;
                for d in dst {
                    *d += x;
                    x *= decay;
                }
            }
            _ => {
                for d in dst {
                    *d += size;
                }
            }
        }
    }
}

/// A sibling set whose probabilities did not sum to one.
#[derive(Clone, Debug, PartialEq)]
pub struct Normalised {
    /// The parent's position, or `None` for the root.
    pub parent: Option<usize>,
    /// What the set summed to before normalisation.
    pub sum: f64,
}

/// The compiled scenario.
#[derive(Clone, Debug)]
pub struct Compiled {
    /// Number of regions.
    pub n_regions: usize,
    /// Number of indicators.
    pub n_indicators: usize,
    /// Months `0..=horizon`.
    pub months: usize,
    /// Baseline of each cell, clamped to its scale.
    pub baseline: Vec<f64>,
    /// Scale bounds of each indicator.
    pub scale: Vec<(f64, f64)>,
    /// Alert threshold of each indicator.
    pub threshold: Vec<f64>,
    /// Whether higher values of each indicator are more stable.
    pub higher_is_better: Vec<bool>,
    /// Composite weight of each indicator, normalised to sum to one (equal if none is set).
    pub weight: Vec<f64>,
    /// d(score)/d(value) of each indicator: ±100 / (max − min).
    pub score_slope: Vec<f64>,
    /// Composite coefficient of each indicator (weight × slope).
    pub comp_coef: Vec<f64>,
    /// Composite constant term.
    pub comp_offset: f64,
    /// The tree index.
    pub tree: TreeIndex,
    /// Normalised conditional probability of each branch.
    pub cond: Vec<f64>,
    /// Absolute probability of each branch (zero if unreachable).
    pub abs: Vec<f64>,
    /// Effects of each branch.
    pub effects: Vec<Vec<CEffect>>,
    /// The top-level branch each reachable branch descends from (index into `tree.roots`).
    pub top_of: Vec<usize>,
    /// Leaves (positions), in pre-order.
    pub leaves: Vec<usize>,
    /// For each branch, the range of `leaves` under it (a subtree is contiguous in pre-order).
    pub leaf_span: Vec<(usize, usize)>,
    /// Outcome class of each branch, inherited where unset.
    pub outcome: Vec<Option<Outcome>>,
    /// Sibling sets that were normalised.
    pub normalised: Vec<Normalised>,
    /// Uncertainty of each branch probability, as a (low, high) range, if any.
    pub range: Vec<Option<(f64, f64)>>,
}

impl Compiled {
    /// Number of region × indicator cells.
    pub fn cells(&self) -> usize {
        self.n_regions * self.n_indicators
    }

    /// Compile a scenario.
    pub fn new(s: &Scenario) -> Self {
        Self::with_tree(s, TreeIndex::new(s))
    }

    /// Compile a scenario whose tree is already indexed.
    pub fn with_tree(s: &Scenario, tree: TreeIndex) -> Self {
        let n_regions = s.regions.len();
        let n_indicators = s.indicators.len();
        let months = s
            .header
            .horizon_months
            .clamp(1, crate::model::MAX_HORIZON_MONTHS) as usize
            + 1;
        let scale: Vec<(f64, f64)> = s
            .indicators
            .iter()
            .map(|i| {
                if i.min.is_finite() && i.max.is_finite() && i.min < i.max {
                    (i.min, i.max)
                } else {
                    (f64::NEG_INFINITY, f64::INFINITY)
                }
            })
            .collect();
        let weight = normalised_weights(s.indicators.iter().map(|i| i.weight));
        let score_slope: Vec<f64> = s
            .indicators
            .iter()
            .map(|i| {
                let span = i.max - i.min;
                if span > 0.0 && span.is_finite() {
                    let d = 100.0 / span;
                    if i.higher_is_better { d } else { -d }
                } else {
                    0.0
                }
            })
            .collect();
        let indicator_pos: HashMap<&str, usize> = s
            .indicators
            .iter()
            .enumerate()
            .rev()
            .map(|(i, r)| (r.id.as_str(), i))
            .collect();
        // Cells without a (finite) baseline, which validation refuses, sit mid-scale.
        let mut baseline: Vec<f64> = (0..n_regions * n_indicators)
            .map(|cell| {
                let (lo, hi) = scale[cell % n_indicators];
                if lo.is_finite() { 0.5 * (lo + hi) } else { 0.0 }
            })
            .collect();
        for (r, region) in s.regions.iter().enumerate() {
            // The first baseline of an indicator counts, as `Region::baseline` reads it.
            for b in region.baselines.iter().rev() {
                if let Some(&k) = indicator_pos.get(b.indicator.as_str())
                    && b.value.is_finite()
                {
                    let (lo, hi) = scale[k];
                    baseline[r * n_indicators + k] = b.value.clamp(lo, hi);
                }
            }
        }

        let (comp_coef, comp_offset) = composite_linear(&weight, &score_slope, &scale);
        let n = s.branches.len();
        let (cond, normalised) = conditional_probabilities(s, &tree);
        let mut abs = vec![0.0; n];
        let mut top_of = vec![0; n];
        let mut outcome = vec![None; n];
        for (t, &root) in tree.roots.iter().enumerate() {
            top_of[root] = t;
        }
        // Pre-order visits parents before children.
        for &i in &tree.preorder {
            let (pa, po, pt) = match tree.parent[i] {
                Some(p) => (abs[p], outcome[p], top_of[p]),
                None => (1.0, None, top_of[i]),
            };
            abs[i] = pa * cond[i];
            outcome[i] = s.branches[i].outcome.or(po);
            top_of[i] = pt;
        }
        let horizon = months - 1;
        let region_pos: HashMap<&str, usize> = s
            .regions
            .iter()
            .enumerate()
            .rev()
            .map(|(i, r)| (r.id.as_str(), i))
            .collect();
        let effects = s
            .branches
            .iter()
            .map(|b| {
                b.effects
                    .iter()
                    .enumerate()
                    .filter_map(|(index, e)| {
                        let r = *region_pos.get(e.region.as_str())?;
                        let k = *indicator_pos.get(e.indicator.as_str())?;
                        let c = e.change;
                        if !(c.low.is_finite() && c.likely.is_finite() && c.high.is_finite()) {
                            return None;
                        }
                        // Out of order is an error, flagged at the cell; the effect is not
                        // used until it is fixed.
                        if !(c.low <= c.likely && c.likely <= c.high) {
                            return None;
                        }
                        let (low, likely, high) = (c.low, c.likely, c.high);
                        Some(CEffect {
                            index,
                            cell: r * n_indicators + k,
                            low,
                            likely,
                            high,
                            mean: (low + 4.0 * likely + high) / 6.0,
                            onset: e.onset_months as usize,
                            profile: e.profile,
                            factor_h: if e.onset_months as usize > horizon {
                                0.0
                            } else {
                                e.profile.factor(e.onset_months, horizon as u32)
                            },
                        })
                    })
                    .collect()
            })
            .collect();
        let leaves: Vec<usize> = tree
            .preorder
            .iter()
            .copied()
            .filter(|&i| tree.is_leaf(i))
            .collect();
        let leaf_span = leaf_spans(&tree, &leaves, n);
        let range = s
            .branches
            .iter()
            .map(|b| b.range.map(|r| (r.low, r.high)))
            .collect();
        Self {
            n_regions,
            n_indicators,
            months,
            baseline,
            scale,
            threshold: s.indicators.iter().map(|i| i.alert_threshold).collect(),
            higher_is_better: s.indicators.iter().map(|i| i.higher_is_better).collect(),
            weight,
            score_slope,
            comp_coef,
            comp_offset,
            tree,
            cond,
            abs,
            effects,
            top_of,
            leaves,
            leaf_span,
            outcome,
            normalised,
            range,
        }
    }

    /// The last month, the horizon.
    pub fn horizon(&self) -> usize {
        self.months - 1
    }

    /// Composite stability index of region `r`, given a value for each of its indicators.
    ///
    /// The index is linear in the values: `offset + Σ coef[k] · value[k]`. With no indicators
    /// there is no index, and the result is NaN.
    #[inline]
    pub fn composite(&self, r: usize, value: impl Fn(usize) -> f64) -> f64 {
        if self.n_indicators == 0 {
            return f64::NAN;
        }
        let base = r * self.n_indicators;
        self.comp_offset
            + self
                .comp_coef
                .iter()
                .enumerate()
                .map(|(k, a)| a * value(base + k))
                .sum::<f64>()
    }

    /// The composite index's alert line: the composite of every indicator's threshold.
    pub fn composite_threshold(&self) -> f64 {
        if self.n_indicators == 0 {
            return f64::NAN;
        }
        self.composite(0, |cell| self.threshold[cell % self.n_indicators])
    }

    /// Clamp a value of `cell` to its indicator's scale.
    #[inline]
    pub fn clamp(&self, cell: usize, v: f64) -> f64 {
        let (lo, hi) = self.scale[cell % self.n_indicators];
        v.clamp(lo, hi)
    }
}

/// Weights divided by the largest before they are summed, so that huge weights cannot overflow
/// the sum; negative or non-finite weights count as zero; if none is positive, all are equal.
pub fn normalised_weights(raw: impl Iterator<Item = f64>) -> Vec<f64> {
    let raw: Vec<f64> = raw
        .map(|w| if w.is_finite() && w > 0.0 { w } else { 0.0 })
        .collect();
    let max = raw.iter().copied().fold(0.0, f64::max);
    if max > 0.0 {
        let scaled: Vec<f64> = raw.iter().map(|w| w / max).collect();
        let total: f64 = scaled.iter().sum();
        scaled.iter().map(|w| w / total).collect()
    } else if raw.is_empty() {
        Vec::new()
    } else {
        vec![1.0 / raw.len() as f64; raw.len()]
    }
}

/// The composite as `offset + Σ coef[k] · value[k]`: each indicator's weight times its score
/// slope, and the constant that puts the stable end of each scale at 100.
fn composite_linear(weight: &[f64], slope: &[f64], scale: &[(f64, f64)]) -> (Vec<f64>, f64) {
    let mut offset = 0.0;
    let coef = weight
        .iter()
        .zip(slope)
        .zip(scale)
        .map(|((&w, &d), &(lo, hi))| {
            if d == 0.0 {
                offset += w * 50.0;
            } else if d > 0.0 {
                offset -= w * d * lo;
            } else {
                offset -= w * d * hi;
            }
            w * d
        })
        .collect();
    (coef, offset)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn huge_weights_do_not_overflow() {
        let w = normalised_weights([1e308, 1e308].into_iter());
        assert_eq!(w, vec![0.5, 0.5]);
        let w = normalised_weights([1.0, 3.0, f64::NAN, -2.0].into_iter());
        assert_eq!(w, vec![0.25, 0.75, 0.0, 0.0]);
        assert_eq!(normalised_weights([0.0, 0.0].into_iter()), vec![0.5, 0.5]);
    }

    #[test]
    fn effect_shares_add_up_over_months() {
        let e = |profile| CEffect {
            index: 0,
            cell: 0,
            low: 0.0,
            likely: 0.0,
            high: 0.0,
            mean: 0.0,
            onset: 2,
            profile,
            factor_h: 0.0,
        };
        let mut v = vec![0.0; 7];
        e(Profile::Ramp { months: 4 }).add_over_months(8.0, &mut v);
        assert_eq!(v, vec![0.0, 0.0, 0.0, 2.0, 4.0, 6.0, 8.0]);
        let mut v = vec![0.0; 5];
        e(Profile::Spike {
            half_life_months: 1.0,
        })
        .add_over_months(8.0, &mut v);
        assert_eq!(v, vec![0.0, 0.0, 8.0, 4.0, 2.0]);
        let mut v = vec![0.0; 3];
        e(Profile::Step).add_over_months(1.0, &mut v);
        assert_eq!(v, vec![0.0, 0.0, 1.0]);
    }
}
