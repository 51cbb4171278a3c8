//! A scenario compiled to positions and flat arrays, ready for fast evaluation.
//!
//! Compiling never fails: anything validation would reject (unknown ids, bad numbers) is left
//! out or treated as zero, so the engine can run on a document that is being edited.

use crate::model::{Outcome, Prob, SUM_TOLERANCE, Scenario, TreeIndex};

/// An effect, with its region and indicator resolved to a cell.
#[derive(Clone, Debug)]
pub struct CEffect {
    /// `region * n_indicators + indicator`.
    pub cell: usize,
    /// Low, likely and high change, sorted so that low ≤ likely ≤ high.
    pub low: f64,
    /// Most likely change.
    pub likely: f64,
    /// High change.
    pub high: f64,
    /// Share of the full effect in each month `0..=horizon`.
    pub factor: Vec<f64>,
    /// First month with a non-zero factor.
    pub onset: usize,
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
    /// Composite weight of each indicator, normalised to sum to one (zero if none).
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
        let n_regions = s.regions.len();
        let n_indicators = s.indicators.len();
        let months = s.horizon_months.clamp(1, crate::model::MAX_HORIZON_MONTHS) as usize + 1;
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
        let raw_w: Vec<f64> = s
            .indicators
            .iter()
            .map(|i| {
                if i.weight.is_finite() && i.weight > 0.0 {
                    i.weight
                } else {
                    0.0
                }
            })
            .collect();
        let total_w: f64 = raw_w.iter().sum();
        let weight: Vec<f64> = if total_w > 0.0 {
            raw_w.iter().map(|w| w / total_w).collect()
        } else if n_indicators > 0 {
            vec![1.0 / n_indicators as f64; n_indicators]
        } else {
            Vec::new()
        };
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
        let mut baseline = vec![0.0; n_regions * n_indicators];
        for (r, region) in s.regions.iter().enumerate() {
            for (k, ind) in s.indicators.iter().enumerate() {
                let (lo, hi) = scale[k];
                let v = region
                    .baseline(&ind.id)
                    .filter(|v| v.is_finite())
                    .unwrap_or_else(|| if lo.is_finite() { 0.5 * (lo + hi) } else { 0.0 });
                baseline[r * n_indicators + k] = v.clamp(lo, hi);
            }
        }

        let (comp_coef, comp_offset) = composite_linear(&weight, &score_slope, &scale);
        let tree = TreeIndex::new(s);
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
        let region_pos = |id: &str| s.regions.iter().position(|r| r.id == id);
        let indicator_pos = |id: &str| s.indicators.iter().position(|r| r.id == id);
        let effects = s
            .branches
            .iter()
            .map(|b| {
                b.effects
                    .iter()
                    .filter_map(|e| {
                        let r = region_pos(&e.region)?;
                        let k = indicator_pos(&e.indicator)?;
                        let c = e.change;
                        if !(c.low.is_finite() && c.likely.is_finite() && c.high.is_finite()) {
                            return None;
                        }
                        let mut three = [c.low, c.likely, c.high];
                        three.sort_by(f64::total_cmp);
                        let factor = factors(e.profile, e.onset_months, months);
                        Some(CEffect {
                            cell: r * n_indicators + k,
                            low: three[0],
                            likely: c.likely,
                            high: three[2],
                            onset: (e.onset_months as usize).min(months),
                            factor,
                        })
                    })
                    .collect()
            })
            .collect();
        let leaves = tree
            .preorder
            .iter()
            .copied()
            .filter(|&i| tree.is_leaf(i))
            .collect();
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
            outcome,
            normalised,
            range,
        }
    }

    /// Composite stability index of region `r`, given a value for each of its indicators.
    ///
    /// The index is linear in the values: `offset + Σ coef[k] · value[k]`.
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

/// The share of the full effect in each month, computed without a `powf` per month.
fn factors(profile: crate::model::Profile, onset: u32, months: usize) -> Vec<f64> {
    use crate::model::Profile;
    let mut f = vec![0.0; months];
    let onset = onset as usize;
    if onset >= months {
        return f;
    }
    match profile {
        Profile::Step => f[onset..].fill(1.0),
        Profile::Ramp { months: n } => {
            for (since, v) in f[onset..].iter_mut().enumerate() {
                *v = if n == 0 {
                    1.0
                } else {
                    (since as f64 / f64::from(n)).min(1.0)
                };
            }
        }
        Profile::Spike { half_life_months } => {
            if half_life_months > 0.0 && half_life_months.is_finite() {
                let decay = 0.5_f64.powf(1.0 / half_life_months);
                let mut x = 1.0;
                for v in &mut f[onset..] {
                    *v = x;
                    x *= decay;
                }
            } else {
                f[onset..].fill(1.0);
            }
        }
    }
    f
}

/// Point probabilities of each sibling set, with remainders filled in and sets that do not sum
/// to one normalised (a set summing to zero is spread evenly).
fn conditional_probabilities(s: &Scenario, tree: &TreeIndex) -> (Vec<f64>, Vec<Normalised>) {
    let mut cond = vec![0.0; s.branches.len()];
    let mut normalised = Vec::new();
    let sets = std::iter::once((None, &tree.roots)).chain(
        tree.children
            .iter()
            .enumerate()
            .filter(|(_, c)| !c.is_empty())
            .map(|(i, c)| (Some(i), c)),
    );
    for (parent, set) in sets {
        if set.is_empty() {
            continue;
        }
        let explicit: f64 = set
            .iter()
            .filter_map(|&i| s.branches[i].probability.value())
            .map(sanitize)
            .sum();
        let mut remainder_given = false;
        for &i in set {
            cond[i] = match s.branches[i].probability {
                Prob::Value(v) => sanitize(v),
                Prob::Remainder if !remainder_given => {
                    remainder_given = true;
                    (1.0 - explicit).max(0.0)
                }
                Prob::Remainder => 0.0,
            };
        }
        let sum: f64 = set.iter().map(|&i| cond[i]).sum();
        if (sum - 1.0).abs() > SUM_TOLERANCE {
            normalised.push(Normalised { parent, sum });
            if sum > 0.0 {
                for &i in set {
                    cond[i] /= sum;
                }
            } else {
                let even = 1.0 / set.len() as f64;
                for &i in set {
                    cond[i] = even;
                }
            }
        }
    }
    (cond, normalised)
}

fn sanitize(p: f64) -> f64 {
    if p.is_finite() {
        p.clamp(0.0, 1.0)
    } else {
        0.0
    }
}
