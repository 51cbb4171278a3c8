//! Sensitivity: how far the expected value of one series moves when a probability or an effect
//! moves, and the break-even probability of a branch.

use super::Expected;
use crate::model::{Prob, Scenario, TreeIndex};

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

fn value(s: &Scenario, (r, k): Series) -> f64 {
    let e = Expected::compute(s);
    e.series_value(r, k, e.horizon())
}

/// The scenario with every probability in the set of `pos` explicit and normalised, `pos`'s set
/// to `p`, and its siblings scaled to fill the rest in proportion.
pub fn with_probability(s: &Scenario, pos: usize, p: f64) -> Scenario {
    let mut out = s.clone();
    let e = Expected::compute(s);
    let tree = TreeIndex::new(s);
    let siblings = tree.siblings(pos).to_vec();
    let p = p.clamp(0.0, 1.0);
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

/// Tornado bars for a series, widest first, at most `TORNADO_BARS`.
pub fn tornado(s: &Scenario, series: Series) -> Vec<Swing> {
    let (r, k) = series;
    let Some(region) = s.regions.get(r) else {
        return Vec::new();
    };
    let e = Expected::compute(s);
    let tree = TreeIndex::new(s);
    let mut bars = Vec::new();
    for &pos in &tree.roots {
        let p = e.cond[pos];
        let lo = (p - PROBABILITY_SWING).max(0.0);
        let hi = (p + PROBABILITY_SWING).min(1.0);
        bars.push(Swing {
            kind: SwingKind::Probability {
                pos,
                range: (lo, hi),
            },
            label: format!("P({}) {} → {}", s.branches[pos].name, pct(lo), pct(hi)),
            at_low: value(&with_probability(s, pos, lo), series),
            at_high: value(&with_probability(s, pos, hi), series),
        });
    }
    // Effects on the series: on the region, and on the indicator unless it is the composite.
    let mut candidates: Vec<(usize, usize, f64)> = Vec::new();
    for (pos, b) in s.branches.iter().enumerate() {
        if !tree.reachable[pos] {
            continue;
        }
        for (j, eff) in b.effects.iter().enumerate() {
            let on_series = eff.region == region.id
                && k.is_none_or(|k| s.indicators.get(k).is_some_and(|i| i.id == eff.indicator));
            if on_series && eff.change.high != eff.change.low {
                // Rank by the unclamped swing first, so only the likely bars are recomputed.
                let linear = e.abs[pos] * (eff.change.high - eff.change.low).abs();
                candidates.push((pos, j, linear));
            }
        }
    }
    candidates.sort_by(|a, b| b.2.total_cmp(&a.2));
    candidates.truncate(TORNADO_BARS * 3);
    for (pos, j, _) in candidates {
        let eff = &s.branches[pos].effects[j];
        let mut low = s.clone();
        low.branches[pos].effects[j].change.likely = eff.change.low;
        let mut high = s.clone();
        high.branches[pos].effects[j].change.likely = eff.change.high;
        let ind_name = s
            .indicator(&eff.indicator)
            .map_or(eff.indicator.as_str(), |i| i.name.as_str());
        bars.push(Swing {
            kind: SwingKind::Effect { pos, index: j },
            label: format!("{}: {} effect", s.branches[pos].name, ind_name),
            at_low: value(&low, series),
            at_high: value(&high, series),
        });
    }
    bars.sort_by(|a, b| b.width().total_cmp(&a.width()));
    bars.truncate(TORNADO_BARS);
    bars
}

/// The probability of branch `pos` at which the series' expected value crosses `threshold`.
/// The expected value is linear in the branch's probability when its siblings rebalance in
/// proportion, so two evaluations find the crossing exactly.
pub fn break_even(s: &Scenario, series: Series, pos: usize, threshold: f64) -> Option<BreakEven> {
    if pos >= s.branches.len() {
        return None;
    }
    let at_zero = value(&with_probability(s, pos, 0.0), series);
    let at_one = value(&with_probability(s, pos, 1.0), series);
    let probability = if (at_one - at_zero).abs() < 1e-12 {
        None
    } else {
        let p = (threshold - at_zero) / (at_one - at_zero);
        (0.0..=1.0).contains(&p).then_some(p)
    };
    Some(BreakEven {
        pos,
        at_zero,
        at_one,
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

    #[test]
    fn probability_swings_rebalance_siblings() {
        let s = crate::io::default_scenario();
        let t = with_probability(&s, 0, 0.25);
        let e = Expected::compute(&t);
        assert!((e.cond[0] - 0.25).abs() < 1e-12);
        let top: f64 = TreeIndex::new(&t).roots.iter().map(|&i| e.cond[i]).sum();
        assert!((top - 1.0).abs() < 1e-12);
        assert!(e.normalised.is_empty());
    }

    #[test]
    fn tornado_bars_are_sorted_and_bracket_the_expected_value() {
        let s = crate::io::default_scenario();
        let bars = tornado(&s, (0, None));
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
        let series = (0, None);
        let be = break_even(&s, series, 0, 47.0).expect("a branch");
        let p = be.probability.expect("crosses within 0–100%");
        let v = value(&with_probability(&s, 0, p), series);
        assert!((v - 47.0).abs() < 1e-9, "{v}");
    }
}
