//! Sensitivity: how far the expected value of one series moves when a probability or an effect
//! moves, and the break-even probability of a branch.
//!
//! Nothing here recomputes the model. The expected value is linear in the probability of any
//! one branch when its siblings rebalance in proportion, so each sibling's mean change gives
//! the whole line; and moving one effect changes only the leaves below its branch.

use super::Expected;
use crate::model::Scenario;

/// How much the tornado moves each top-level probability, in probability points.
pub const PROBABILITY_SWING: f64 = 0.10;
/// Most bars a tornado shows.
pub const TORNADO_BARS: usize = 12;

/// What a tornado bar varies.
#[derive(Clone, Debug, PartialEq)]
pub enum SwingKind {
    /// A top-level probability, ±10 points, siblings rebalanced.
    Probability {
        /// Branch position.
        pos: usize,
        /// The probability at the low end and the high end.
        range: (f64, f64),
    },
    /// An effect from its low to its high estimate.
    Effect {
        /// Branch position.
        pos: usize,
        /// Index in the branch's effects.
        index: usize,
        /// The effect's low and high change.
        range: (f64, f64),
    },
}

/// One bar of a tornado.
#[derive(Clone, Debug, PartialEq)]
pub struct Swing {
    /// What varies.
    pub kind: SwingKind,
    /// A label: "P(Comprehensive deal) 5% → 25%", "Talks collapse: Iran Civil unrest".
    pub label: String,
    /// Expected value with the input at its low end.
    pub at_low: f64,
    /// Expected value with the input at its high end.
    pub at_high: f64,
}

impl Swing {
    /// Width of the bar.
    pub fn width(&self) -> f64 {
        (self.at_high - self.at_low).abs()
    }
}

/// Where a branch's probability makes the expected value cross a threshold.
#[derive(Clone, Debug, PartialEq)]
pub struct BreakEven {
    /// Branch position.
    pub pos: usize,
    /// Expected value with the branch at 0% and at 100% (siblings rebalanced).
    pub at_zero: f64,
    /// See `at_zero`.
    pub at_one: f64,
    /// The probability at which the expected value equals the threshold, if within 0–100%.
    pub probability: Option<f64>,
    /// The threshold.
    pub threshold: f64,
}

/// A series: region and indicator (`None` for the composite).
pub type Series = (usize, Option<usize>);

/// The expected value of a series at the horizon as a function of one branch's probability,
/// with its siblings rebalanced in proportion: `rest + weight · (q · m_b + (1 − q) · others)`.
#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    /// The expected value with the branch at 0%.
    pub at_zero: f64,
    /// The expected value with the branch at 100%.
    pub at_one: f64,
}

impl Line {
    /// The expected value with the branch at probability `q` (given its parent).
    pub fn at(&self, q: f64) -> f64 {
        self.at_zero + q * (self.at_one - self.at_zero)
    }
}

/// The mean change of a series at the horizon below branch `pos`, given that it happens.
fn mean_below(e: &Expected, pos: usize, series: Series) -> f64 {
    let c = &e.compiled;
    let Some(&(a, b)) = c.leaf_span.get(pos) else {
        return 0.0;
    };
    let (r, k) = series;
    (a..b)
        .map(|ordinal| {
            let leaf = c.leaves[ordinal];
            let w = if c.abs[pos] > 0.0 {
                c.abs[leaf] / c.abs[pos]
            } else {
                // A branch at 0%: the product of the probabilities from below it to the leaf.
                let mut w = 1.0;
                let mut cur = leaf;
                while cur != pos {
                    w *= c.cond[cur];
                    match c.tree.parent[cur] {
                        Some(p) => cur = p,
                        None => break,
                    }
                }
                w
            };
            if w == 0.0 {
                0.0
            } else {
                w * e.leaf_series_change(ordinal, r, k)
            }
        })
        .sum()
}

/// The line of branch `pos`'s probability against the series' expected value at the horizon.
pub fn line(e: &Expected, series: Series, pos: usize) -> Option<Line> {
    let c = &e.compiled;
    if pos >= c.cond.len() || !c.tree.reachable[pos] {
        return None;
    }
    let set = SetLines::new(e, series, c.tree.parent[pos]);
    set.line(pos)
}

/// The lines of every branch of one sibling set, from one pass over the set's mean changes, so
/// a set of any size costs time in proportion to its size.
pub struct SetLines<'a> {
    e: &'a Expected,
    /// The set's branches with their mean changes, in order.
    means: Vec<(usize, f64)>,
    /// The expected value without the set's part: `now − weight · Σ cond · mean`.
    rest: f64,
    /// The parent's absolute probability.
    weight: f64,
    /// Σ cond · mean and Σ cond over the set.
    weighted: f64,
    total: f64,
    /// Σ mean, for a set whose other branches are all at 0%.
    plain: f64,
}

impl<'a> SetLines<'a> {
    /// The set of children of `parent` (`None`: the top level).
    pub fn new(e: &'a Expected, series: Series, parent: Option<usize>) -> Self {
        let c = &e.compiled;
        let (r, k) = series;
        let children: &[usize] = match parent {
            Some(p) => &c.tree.children[p],
            None => &c.tree.roots,
        };
        let means: Vec<(usize, f64)> = children
            .iter()
            .map(|&s| {
                let m = if parent.is_none() {
                    e.top_series_mean(c.top_of[s], r, k)
                } else {
                    mean_below(e, s, series)
                };
                (s, m)
            })
            .collect();
        let weighted: f64 = means.iter().map(|&(s, m)| c.cond[s] * m).sum();
        let total: f64 = means.iter().map(|&(s, _)| c.cond[s]).sum();
        let plain: f64 = means.iter().map(|&(_, m)| m).sum();
        let weight = parent.map_or(1.0, |p| c.abs[p]);
        let now = e.series_value(r, k, e.horizon());
        Self {
            e,
            rest: now - weight * weighted,
            means,
            weight,
            weighted,
            total,
            plain,
        }
    }

    /// The line of one branch of the set.
    pub fn line(&self, pos: usize) -> Option<Line> {
        let c = &self.e.compiled;
        let &(_, own) = self.means.iter().find(|(s, _)| *s == pos)?;
        Some(self.line_with(pos, own, c.cond[pos]))
    }

    fn line_with(&self, _pos: usize, own: f64, cond: f64) -> Line {
        let n_others = self.means.len() - 1;
        let others_sum = self.total - cond;
        // The other branches keep their shares of what is left; if they are all at 0%, they
        // share it evenly.
        let others_mean = if n_others == 0 {
            0.0
        } else if others_sum > 1e-12 {
            (self.weighted - cond * own) / others_sum
        } else {
            (self.plain - own) / n_others as f64
        };
        Line {
            at_zero: self.rest + self.weight * others_mean,
            at_one: self.rest + self.weight * own,
        }
    }

    /// Lines of every branch, in set order.
    pub fn all(&self) -> Vec<(usize, Line)> {
        let c = &self.e.compiled;
        self.means
            .iter()
            .map(|&(s, m)| (s, self.line_with(s, m, c.cond[s])))
            .collect()
    }
}

/// Tornado bars for a series, widest first, at most `TORNADO_BARS`.
pub fn tornado(s: &Scenario, e: &Expected, series: Series) -> Vec<Swing> {
    let (r, k) = series;
    let c = &e.compiled;
    if r >= c.n_regions || c.n_indicators == 0 {
        return Vec::new();
    }
    let n = c.n_indicators;
    let mut bars = Vec::new();
    for (pos, l) in SetLines::new(e, series, None).all() {
        let p = c.cond[pos];
        let lo = (p - PROBABILITY_SWING).max(0.0);
        let hi = (p + PROBABILITY_SWING).min(1.0);
        bars.push(Swing {
            kind: SwingKind::Probability {
                pos,
                range: (lo, hi),
            },
            label: format!(
                "P({}) {} → {}",
                crate::model::limits::shorten(&s.branches[pos].name, 60),
                pct(lo),
                pct(hi)
            ),
            at_low: l.at(lo),
            at_high: l.at(hi),
        });
    }
    // Effects on the series: on the region, and on the indicator unless it is the composite.
    // Ranked first by their swing before clamping, so only the likely bars are worked out.
    let coef = |cell: usize| -> f64 {
        if cell / n != r {
            return 0.0;
        }
        match k {
            Some(k) if cell % n == k => 1.0,
            Some(_) => 0.0,
            None => c.comp_coef[cell % n],
        }
    };
    let mut candidates: Vec<(usize, usize, f64)> = Vec::new();
    for (pos, effects) in c.effects.iter().enumerate() {
        if !c.tree.reachable[pos] || c.abs[pos] <= 0.0 {
            continue;
        }
        for (j, eff) in effects.iter().enumerate() {
            let a = coef(eff.cell);
            if a != 0.0 && eff.high != eff.low && eff.factor_h != 0.0 {
                let linear = (a * c.abs[pos] * (eff.high - eff.low) * eff.factor_h).abs();
                candidates.push((pos, j, linear));
            }
        }
    }
    candidates.sort_by(|a, b| b.2.total_cmp(&a.2));
    candidates.truncate(TORNADO_BARS * 3);
    let now = e.series_value(r, k, e.horizon());
    for (pos, j, _) in candidates {
        let eff = &c.effects[pos][j];
        let centre = match e.centre {
            super::Centre::Mean => eff.mean,
            super::Centre::MostLikely => eff.likely,
        };
        let shift = |to: f64| -> f64 {
            let (a, b) = c.leaf_span[pos];
            let cell = eff.cell;
            let base = c.baseline[cell];
            let moved: f64 = (a..b)
                .map(|ordinal| {
                    let p = c.abs[c.leaves[ordinal]];
                    if p == 0.0 {
                        return 0.0;
                    }
                    let (cells, raws) = e.leaf_changes(ordinal);
                    let Ok(i) = cells.binary_search(&(cell as u32)) else {
                        return 0.0;
                    };
                    let before = c.clamp(cell, base + raws[i]);
                    let after = c.clamp(cell, base + raws[i] + (to - centre) * eff.factor_h);
                    p * (after - before)
                })
                .sum();
            now + coef(cell) * moved
        };
        let branch = &s.branches[pos];
        let ind_name = s
            .indicators
            .get(eff.cell % n)
            .map_or("", |i| i.name.as_str());
        bars.push(Swing {
            kind: SwingKind::Effect {
                pos,
                index: eff.index,
                range: (eff.low, eff.high),
            },
            label: format!(
                "{}: {} effect",
                crate::model::limits::shorten(&branch.name, 60),
                ind_name
            ),
            at_low: shift(eff.low),
            at_high: shift(eff.high),
        });
    }
    bars.sort_by(|a, b| b.width().total_cmp(&a.width()));
    bars.truncate(TORNADO_BARS);
    bars
}

/// The probability of branch `pos` at which the series' expected value crosses `threshold`.
/// The expected value is linear in the branch's probability when its siblings rebalance in
/// proportion, so the line through 0% and 100% finds the crossing exactly.
pub fn break_even(e: &Expected, series: Series, pos: usize, threshold: f64) -> Option<BreakEven> {
    let l = line(e, series, pos)?;
    let probability = if (l.at_one - l.at_zero).abs() < 1e-12 {
        None
    } else {
        let p = (threshold - l.at_zero) / (l.at_one - l.at_zero);
        (0.0..=1.0).contains(&p).then_some(p)
    };
    Some(BreakEven {
        pos,
        at_zero: l.at_zero,
        at_one: l.at_one,
        probability,
        threshold,
    })
}

fn pct(p: f64) -> String {
    format!("{:.0}%", p * 100.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Prob, TreeIndex};

    /// The scenario with branch `pos` at `p` and its siblings scaled to fill the rest in
    /// proportion: the definition the lines are checked against, by full recomputation.
    fn with_probability(s: &Scenario, pos: usize, p: f64) -> Scenario {
        let mut out = s.clone();
        let e = Expected::compute(s);
        let tree = TreeIndex::new(s);
        let siblings = tree.siblings(pos).to_vec();
        let others: f64 = siblings
            .iter()
            .filter(|&&i| i != pos)
            .map(|&i| e.cond[i])
            .sum();
        for &i in &siblings {
            let v = if i == pos {
                p
            } else if others > 0.0 {
                e.cond[i] / others * (1.0 - p)
            } else {
                (1.0 - p) / (siblings.len() - 1).max(1) as f64
            };
            out.branches[i].probability = Prob::Value(v);
        }
        out
    }

    fn value(s: &Scenario, (r, k): Series) -> f64 {
        let e = Expected::compute(s);
        e.series_value(r, k, e.horizon())
    }

    #[test]
    fn lines_match_a_full_recomputation() {
        let s = crate::io::default_scenario();
        let e = Expected::compute(&s);
        for series in [(0, None), (0, Some(1)), (3, Some(0)), (4, None)] {
            for pos in 0..s.branches.len() {
                let l = line(&e, series, pos).expect("reachable");
                for q in [0.0, 0.3, 1.0] {
                    let want = value(&with_probability(&s, pos, q), series);
                    assert!(
                        (l.at(q) - want).abs() < 1e-9,
                        "branch {pos} at {q} on {series:?}: {} vs {want}",
                        l.at(q)
                    );
                }
            }
        }
    }

    #[test]
    fn effect_bars_match_a_full_recomputation() {
        let s = crate::io::default_scenario();
        let e = Expected::compute(&s);
        let series = (0, Some(0));
        for bar in tornado(&s, &e, series) {
            if let SwingKind::Effect { pos, index, range } = bar.kind {
                let mut low = s.clone();
                low.branches[pos].effects[index].change = crate::model::Change::point(range.0);
                let mut high = s.clone();
                high.branches[pos].effects[index].change = crate::model::Change::point(range.1);
                assert!((bar.at_low - value(&low, series)).abs() < 1e-9, "{bar:?}");
                assert!((bar.at_high - value(&high, series)).abs() < 1e-9, "{bar:?}");
            }
        }
    }

    #[test]
    fn tornado_bars_are_sorted_and_bracket_the_expected_value() {
        let s = crate::io::default_scenario();
        let e = Expected::compute(&s);
        let bars = tornado(&s, &e, (0, None));
        assert!(!bars.is_empty() && bars.len() <= TORNADO_BARS);
        for w in bars.windows(2) {
            assert!(w[0].width() >= w[1].width());
        }
        let base = value(&s, (0, None));
        for b in &bars {
            let (lo, hi) = (b.at_low.min(b.at_high), b.at_low.max(b.at_high));
            assert!(lo <= base + 1e-9 && base <= hi + 1e-9, "{b:?} vs {base}");
        }
    }

    #[test]
    fn break_even_is_exact() {
        let s = crate::io::default_scenario();
        let e = Expected::compute(&s);
        let series = (0, None);
        let be = break_even(&e, series, 0, 47.0).expect("a branch");
        let p = be.probability.expect("crosses within 0–100%");
        let v = value(&with_probability(&s, 0, p), series);
        assert!((v - 47.0).abs() < 1e-9, "{v}");
    }
}
