//! Probability ranges: how a sibling set's probabilities are drawn so that each branch's 90%
//! interval is the range the planner entered.
//!
//! Each ranged branch gets its own distribution on [0, 1], a Kumaraswamy distribution (a
//! Beta-like shape whose quantiles have a closed form) fitted so that its 5th and 95th
//! percentiles are the ends of the range. Branches without a range absorb what the ranged ones
//! leave, in proportion to their point values. Where that cannot keep the set summing to one
//! (every branch has a range, or the draws overshoot), the draws are scaled to sum to one, and
//! the targets are corrected over a few rounds of simulation so that the intervals achieved
//! after scaling still match the ranges. Where no correction can make them match, because the
//! ranges leave no room to sum to one, the set says so and shows what it achieved.

use rand_xoshiro::Xoshiro256PlusPlus;
use rand_xoshiro::rand_core::{Rng, SeedableRng};

/// Quantile levels of the interval a range describes.
pub const LOW_Q: f64 = 0.05;
/// See `LOW_Q`.
pub const HIGH_Q: f64 = 0.95;
/// How far (in probability) an achieved interval may be from the range and still count as met.
pub const TOLERANCE: f64 = 0.01;
/// Ends of a range are kept this far inside (0, 1): a distribution on (0, 1) cannot put its 5th
/// percentile at exactly 0.
const EDGE: f64 = 1e-4;
/// Draws per calibration round.
const CALIBRATION_DRAWS: usize = 4_000;
/// Draws that measure the intervals finally achieved (apart from the rounds that chose them,
/// so that picking the best round cannot flatter the result).
const CHECK_DRAWS: usize = 8_000;
/// Most calibration rounds.
const CALIBRATION_ROUNDS: usize = 8;

/// A Kumaraswamy(a, b) distribution on [0, 1]: F(x) = 1 − (1 − x^a)^b.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Kumaraswamy {
    a: f64,
    b: f64,
}

impl Kumaraswamy {
    /// The distribution whose 5th and 95th percentiles are `lo` and `hi` (0 < lo < hi < 1).
    pub fn fit(lo: f64, hi: f64) -> Option<Self> {
        if !(lo > 0.0 && hi < 1.0 && lo < hi) {
            return None;
        }
        // b = ln(1 − p_lo) / ln(1 − lo^a) = ln(1 − p_hi) / ln(1 − hi^a): solve the ratio for a.
        // ln(1 − x^a) is computed as ln_1p(−e^(a ln x)) to keep its precision near x^a ≈ 1.
        let target = (1.0 - HIGH_Q).ln() / (1.0 - LOW_Q).ln();
        let ln_1m_pow = |x: f64, a: f64| (-(a * x.ln()).exp()).ln_1p();
        let ratio = |a: f64| ln_1m_pow(hi, a) / ln_1m_pow(lo, a);
        // The ratio rises from 1 (a → 0) to infinity (a → ∞). For large `a` both powers
        // underflow to 0 and the ratio reads 0/0: that is the "too large" side, so a NaN moves
        // the search down (moving it up left every range whose high end is below about 16%
        // without a fit, and so drawn as a fixed value).
        let (mut lo_a, mut hi_a) = (-12.0_f64, 12.0_f64);
        for _ in 0..200 {
            let mid = 0.5 * (lo_a + hi_a);
            let r = ratio(mid.exp());
            if r.is_nan() || r >= target {
                hi_a = mid;
            } else {
                lo_a = mid;
            }
        }
        let a = (0.5 * (lo_a + hi_a)).exp();
        let b = (1.0 - LOW_Q).ln() / ln_1m_pow(lo, a);
        (a.is_finite() && b.is_finite() && a > 0.0 && b > 0.0).then_some(Self { a, b })
    }

    /// The value at quantile `u`.
    pub fn quantile(&self, u: f64) -> f64 {
        // x = (1 − (1 − u)^(1/b))^(1/a)
        let inner = -((1.0 - u).ln() / self.b).exp_m1();
        (inner.ln() / self.a).exp().clamp(0.0, 1.0)
    }
}

/// How one branch of a set is drawn.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Part {
    /// No range: takes a share of what the ranged branches leave, by its point value.
    Absorbs(f64),
    /// A range of zero width: always this value.
    Fixed(f64),
    /// A fitted distribution.
    Drawn(Kumaraswamy),
}

/// A sibling set with at least one range, ready for drawing.
#[derive(Clone, Debug, PartialEq)]
pub struct SetDraw {
    parts: Vec<Part>,
    /// The point values the branches without a range share by.
    absorb_total: f64,
    /// The range each branch had, if any.
    pub entered: Vec<Option<(f64, f64)>>,
    /// The 5–95% interval each ranged branch gets, after any correction for the sum.
    pub achieved: Vec<Option<(f64, f64)>>,
    /// Whether every achieved interval is within a percentage point of its range.
    pub compatible: bool,
}

impl SetDraw {
    /// Prepare a set from its branches' point values and ranges; `None` if no branch has a
    /// usable range. `seed` fixes the calibration draws, so the result is reproducible.
    pub fn new(point: &[f64], ranges: &[Option<(f64, f64)>], seed: u64) -> Option<Self> {
        let entered: Vec<Option<(f64, f64)>> = ranges
            .iter()
            .map(|r| {
                r.filter(|&(lo, hi)| {
                    lo.is_finite()
                        && hi.is_finite()
                        && (0.0..=1.0).contains(&lo)
                        && lo <= hi
                        && hi <= 1.0
                })
            })
            .collect();
        if entered.iter().all(Option::is_none) || point.len() != entered.len() {
            return None;
        }
        let absorb_total: f64 = point
            .iter()
            .zip(&entered)
            .filter(|(_, r)| r.is_none())
            .map(|(&p, _)| p.max(0.0))
            .sum();
        let fit = |targets: &[Option<(f64, f64)>]| -> Vec<Part> {
            point
                .iter()
                .zip(targets)
                .map(|(&p, t)| match *t {
                    None => Part::Absorbs(p.max(0.0)),
                    Some((lo, hi)) if hi - lo < 1e-9 => Part::Fixed(lo),
                    Some((lo, hi)) => {
                        let lo = lo.clamp(EDGE, 1.0 - 2.0 * EDGE);
                        let hi = hi.clamp(lo + EDGE, 1.0 - EDGE);
                        Kumaraswamy::fit(lo, hi).map_or(Part::Fixed(p), Part::Drawn)
                    }
                })
                .collect()
        };
        let mut set = Self {
            parts: fit(&entered),
            absorb_total,
            achieved: entered.clone(),
            compatible: true,
            entered: entered.clone(),
        };
        // One ranged branch beside branches that absorb the rest never needs scaling: its draws
        // are exactly its fitted distribution.
        let ranged = entered.iter().filter(|r| r.is_some()).count();
        if ranged == 1 && absorb_total > 0.0 {
            return Some(set);
        }
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed ^ 0xC0FF_EE15_5E75_0001);
        let mut targets = entered.clone();
        // The round that came closest: (worst miss, parts).
        let mut best: Option<(f64, Vec<Part>)> = None;
        for _ in 0..CALIBRATION_ROUNDS {
            let achieved = set.simulate(&mut rng, CALIBRATION_DRAWS);
            let miss = worst_miss(&entered, &achieved);
            if best.as_ref().is_none_or(|b| miss < b.0) {
                best = Some((miss, set.parts.clone()));
            }
            if miss <= TOLERANCE / 4.0 {
                break;
            }
            // Move each target by what the scaling took off, and fit again.
            for ((t, e), a) in targets.iter_mut().zip(&entered).zip(&achieved) {
                if let (Some(t), Some(e), Some(a)) = (t.as_mut(), e, a) {
                    let lo = (t.0 + e.0 - a.0).clamp(EDGE, 1.0 - 2.0 * EDGE);
                    let hi = (t.1 + e.1 - a.1).clamp(lo + EDGE, 1.0 - EDGE);
                    *t = (lo, hi);
                }
            }
            set.parts = fit(&targets);
        }
        if let Some((_, parts)) = best {
            set.parts = parts;
            let achieved = set.simulate(&mut rng, CHECK_DRAWS);
            set.compatible = worst_miss(&entered, &achieved) <= TOLERANCE;
            set.achieved = achieved;
        }
        Some(set)
    }

    /// Draw the set's probabilities into `out` (one per branch, summing to one).
    pub fn draw(&self, rng: &mut Xoshiro256PlusPlus, out: &mut [f64]) {
        let mut drawn = 0.0;
        for (o, part) in out.iter_mut().zip(&self.parts) {
            *o = match *part {
                Part::Absorbs(_) => 0.0,
                Part::Fixed(v) => v,
                Part::Drawn(k) => k.quantile(unit(rng)),
            };
            drawn += *o;
        }
        let rest = 1.0 - drawn;
        if self.absorb_total > 0.0 && rest >= 0.0 {
            for (o, part) in out.iter_mut().zip(&self.parts) {
                if let Part::Absorbs(p) = *part {
                    *o = rest * p / self.absorb_total;
                }
            }
        } else if drawn > 0.0 {
            for o in out.iter_mut() {
                *o /= drawn;
            }
        } else {
            let even = 1.0 / out.len().max(1) as f64;
            out.fill(even);
        }
    }

    /// The 5–95% interval of each ranged branch over a batch of draws.
    fn simulate(&self, rng: &mut Xoshiro256PlusPlus, draws: usize) -> Vec<Option<(f64, f64)>> {
        let n = self.parts.len();
        let mut columns: Vec<Vec<f64>> = vec![Vec::with_capacity(draws); n];
        let mut out = vec![0.0; n];
        for _ in 0..draws {
            self.draw(rng, &mut out);
            for (col, &v) in columns.iter_mut().zip(&out) {
                col.push(v);
            }
        }
        columns
            .iter_mut()
            .zip(&self.entered)
            .map(|(col, e)| {
                e.map(|_| {
                    col.sort_by(f64::total_cmp);
                    (quantile_sorted(col, LOW_Q), quantile_sorted(col, HIGH_Q))
                })
            })
            .collect()
    }
}

/// The largest distance between an entered range's ends and the achieved ones.
fn worst_miss(entered: &[Option<(f64, f64)>], achieved: &[Option<(f64, f64)>]) -> f64 {
    entered
        .iter()
        .zip(achieved)
        .filter_map(|(e, a)| Some(((*e)?, (*a)?)))
        .map(|(e, a)| (e.0 - a.0).abs().max((e.1 - a.1).abs()))
        .fold(0.0, f64::max)
}

/// Quantile `q` of sorted values, interpolating between order statistics.
pub fn quantile_sorted(sorted: &[f64], q: f64) -> f64 {
    match sorted.len() {
        0 => f64::NAN,
        1 => sorted[0],
        n => {
            let pos = q.clamp(0.0, 1.0) * (n - 1) as f64;
            let i = (pos.floor() as usize).min(n - 2);
            let f = pos - i as f64;
            sorted[i] + (sorted[i + 1] - sorted[i]) * f
        }
    }
}

/// A uniform number in (0, 1), never exactly 0.
#[inline]
pub fn unit(rng: &mut Xoshiro256PlusPlus) -> f64 {
    ((rng.next_u64() >> 11) as f64 + 0.5) * (1.0 / (1u64 << 53) as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fit_puts_its_percentiles_at_the_range() {
        for (lo, hi) in [
            (0.07, 0.25),
            (0.3, 0.4),
            (0.01, 0.9),
            (0.6, 0.95),
            (0.0001, 0.02),
            // High ends below about 16%, where the search used to run into underflow.
            (0.03, 0.15),
            (0.05, 0.12),
            (0.1, 0.15),
        ] {
            let k = Kumaraswamy::fit(lo, hi).expect("fits");
            assert!((k.quantile(LOW_Q) - lo).abs() < 1e-9, "{lo}–{hi}: {k:?}");
            assert!((k.quantile(HIGH_Q) - hi).abs() < 1e-9, "{lo}–{hi}: {k:?}");
        }
    }

    #[test]
    fn compatible_ranges_are_met_and_impossible_ones_said() {
        // Three branches, all ranged: ranges that can hold together.
        let set = SetDraw::new(
            &[0.15, 0.35, 0.5],
            &[Some((0.07, 0.25)), Some((0.25, 0.45)), Some((0.4, 0.6))],
            7,
        )
        .expect("ranged");
        assert!(set.compatible, "{set:?}");
        // The third's interval is narrower than the spread of one minus the other two allows.
        let set = SetDraw::new(
            &[0.2, 0.3, 0.5],
            &[Some((0.1, 0.3)), Some((0.2, 0.4)), Some((0.3, 0.7))],
            7,
        )
        .expect("ranged");
        assert!(!set.compatible, "{set:?}");
        // Two branches whose ranges cannot both hold: the low ends already sum past 100%.
        let set =
            SetDraw::new(&[0.5, 0.5], &[Some((0.6, 0.7)), Some((0.6, 0.7))], 7).expect("ranged");
        assert!(!set.compatible, "{set:?}");
    }
}
