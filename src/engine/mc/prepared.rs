//! The tree, ready for sampling: sibling sets with their Dirichlet shapes, effect PERTs, and
//! what each leaf's samples touch.

use super::BINS;
use super::draws::{Draws, GammaShape};
use super::hist::Binning;
use crate::engine::compile::Compiled;
use crate::engine::pert::Pert;
use crate::model::Scenario;

/// A sibling set, ready for sampling.
pub(super) struct Set {
    pub(super) children: Vec<usize>,
    /// Point probabilities, normalised.
    pub(super) probs: Vec<f64>,
    /// Gamma shapes of the Dirichlet (concentration × point value), if any child has a range.
    pub(super) gammas: Vec<GammaShape>,
}

pub(super) struct Prepared<'a> {
    pub(super) c: &'a Compiled,
    /// Sets by parent: index 0 is the root, then `1 + branch`.
    pub(super) sets: Vec<Option<Set>>,
    pub(super) perts: Vec<Vec<Pert>>,
    /// Each series' alert threshold.
    pub(super) thresholds: Vec<f64>,
    pub(super) higher_better: Vec<bool>,
    pub(super) ranges: Vec<(f64, f64)>,
    pub(super) series: usize,
    pub(super) horizon: usize,
    /// Per branch that is a leaf: what its samples touch.
    pub(super) leaf: Vec<Option<LeafInfo>>,
    /// Baseline value of every series.
    pub(super) base_series: Vec<f64>,
    /// Histogram placement of every series.
    pub(super) binning: Vec<Binning>,
}

/// What the samples of one leaf touch. Series a leaf does not touch stay at their baseline in
/// every one of its samples, so they are counted in bulk at the end of a chunk.
pub(super) struct LeafInfo {
    /// Branches from the top level down to the leaf.
    pub(super) path: Vec<usize>,
    /// Cells some effect on the path changes.
    pub(super) cells: Vec<usize>,
    /// Regions with a touched cell.
    pub(super) regions: Vec<usize>,
    /// Whether each series is touched.
    pub(super) touched: Vec<bool>,
    /// Whether the focus region is touched.
    pub(super) focus: bool,
}

/// The Dirichlet concentration that makes each ranged branch's 90% interval about its range.
fn concentration(probs: &[f64], ranges: &[Option<(f64, f64)>]) -> Option<f64> {
    let mut best: Option<f64> = None;
    for (&p, r) in probs.iter().zip(ranges) {
        let Some((lo, hi)) = *r else { continue };
        let width = hi - lo;
        if width.is_nan() || width <= 0.0 || p <= 0.0 || p >= 1.0 {
            continue;
        }
        let sd = width / 3.29;
        let a0 = (p * (1.0 - p) / (sd * sd) - 1.0).clamp(2.0, 1.0e6);
        // The tightest range sets the concentration, so no branch varies more than its range.
        best = Some(best.map_or(a0, |b: f64| b.max(a0)));
    }
    best
}

impl<'a> Prepared<'a> {
    pub(super) fn new(s: &Scenario, c: &'a Compiled) -> Self {
        let n = s.branches.len();
        let mut sets: Vec<Option<Set>> = Vec::with_capacity(n + 1);
        let make = |children: &[usize]| -> Option<Set> {
            if children.is_empty() {
                return None;
            }
            let probs: Vec<f64> = children.iter().map(|&i| c.cond[i]).collect();
            let ranges: Vec<Option<(f64, f64)>> = children.iter().map(|&i| c.range[i]).collect();
            let gammas = concentration(&probs, &ranges).map_or_else(Vec::new, |a0| {
                probs.iter().map(|&p| GammaShape::new(a0 * p)).collect()
            });
            Some(Set {
                gammas,
                children: children.to_vec(),
                probs,
            })
        };
        sets.push(make(&c.tree.roots));
        for i in 0..n {
            sets.push(if c.tree.reachable[i] {
                make(&c.tree.children[i])
            } else {
                None
            });
        }
        let perts = c
            .effects
            .iter()
            .map(|es| {
                es.iter()
                    .map(|e| Pert::new(e.low, e.likely, e.high))
                    .collect()
            })
            .collect();
        let cells = c.cells();
        let mut thresholds = Vec::with_capacity(cells + c.n_regions);
        let mut higher_better = Vec::with_capacity(cells + c.n_regions);
        let mut ranges = Vec::with_capacity(cells + c.n_regions);
        for _r in 0..c.n_regions {
            for (k, ind) in s.indicators.iter().enumerate() {
                thresholds.push(ind.alert_threshold);
                higher_better.push(ind.higher_is_better);
                let (lo, hi) = c.scale[k];
                ranges.push(if lo.is_finite() { (lo, hi) } else { (0.0, 1.0) });
            }
        }
        // The composite's threshold: the composite of every indicator's threshold.
        let composite_threshold = if s.indicators.is_empty() {
            0.0
        } else {
            c.composite(0, |cell| {
                s.indicators[cell % c.n_indicators].alert_threshold
            })
        };
        for _ in 0..c.n_regions {
            thresholds.push(composite_threshold);
            higher_better.push(true);
            ranges.push((0.0, 100.0));
        }
        let series = cells + c.n_regions;
        let mut base_series = c.baseline.clone();
        base_series.extend((0..c.n_regions).map(|r| c.composite(r, |cell| c.baseline[cell])));
        let mut leaf: Vec<Option<LeafInfo>> = (0..n).map(|_| None).collect();
        for &l in &c.leaves {
            let mut path = Vec::new();
            let mut cur = Some(l);
            while let Some(i) = cur {
                path.push(i);
                cur = c.tree.parent[i];
            }
            path.reverse();
            let mut touched = vec![false; series];
            for &b in &path {
                for e in &c.effects[b] {
                    touched[e.cell] = true;
                    touched[cells + e.cell / c.n_indicators.max(1)] = true;
                }
            }
            let cells_t: Vec<usize> = (0..cells).filter(|&i| touched[i]).collect();
            let regions: Vec<usize> = (0..c.n_regions).filter(|&r| touched[cells + r]).collect();
            leaf[l] = Some(LeafInfo {
                path,
                cells: cells_t,
                regions,
                touched,
                focus: false,
            });
        }
        let binning = ranges.iter().map(|&r| Binning::new(r, BINS)).collect();
        Self {
            c,
            sets,
            perts,
            thresholds,
            higher_better,
            ranges,
            binning,
            series,
            horizon: c.months - 1,
            leaf,
            base_series,
        }
    }

    /// Mark which leaves touch the focus region.
    pub(super) fn set_focus(&mut self, focus: Option<(usize, Option<usize>)>) {
        let cells = self.c.cells();
        for info in self.leaf.iter_mut().flatten() {
            info.focus = focus.is_some_and(|(r, _)| info.touched.get(cells + r) == Some(&true));
        }
    }
}

pub(super) fn pick(draws: &mut Draws, set: &Set, scratch: &mut Vec<f64>) -> usize {
    let weights: &[f64] = if set.gammas.is_empty() {
        &set.probs
    } else {
        scratch.clear();
        for &g in &set.gammas {
            let x = draws.gamma(g);
            scratch.push(x);
        }
        scratch
    };
    let total: f64 = weights.iter().sum();
    let mut u = draws.unit() * total;
    for (j, &w) in weights.iter().enumerate() {
        if u < w {
            return set.children[j];
        }
        u -= w;
    }
    // Rounding left `u` a hair above the last weight: take the last child with any weight.
    let j = weights.iter().rposition(|&w| w > 0.0).unwrap_or(0);
    set.children[j]
}
