//! The Kumaraswamy distribution, fitted to a probability range: a Beta-like shape on [0, 1]
//! with a closed-form quantile, so a range's draws cost a few logarithms each.

use super::ranges::{HIGH_Q, LOW_Q};

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
        let (ln_lo, ln_hi) = (lo.ln(), hi.ln());
        let ln_1m_pow = |ln_x: f64, a: f64| (-(a * ln_x).exp()).ln_1p();
        // The ratio rises from 1 (a → 0) to infinity (a → ∞). For large `a` both powers
        // underflow to 0 and the ratio reads 0/0: that is the "too large" side, so a NaN counts
        // as above the target (counting it below left every range whose high end is below
        // about 16% without a fit, and so drawn as a fixed value).
        let excess = |s: f64| {
            let a = s.exp();
            let r = ln_1m_pow(ln_hi, a) / ln_1m_pow(ln_lo, a);
            if r.is_nan() {
                f64::INFINITY
            } else {
                r - target
            }
        };
        // The root in ln a, by the Illinois method (regula falsi that halves a stuck end):
        // about ten evaluations where halving took 45; a halving step wherever the line cannot
        // be drawn (an end at infinity).
        let (mut s0, mut s1) = (-12.0_f64, 12.0_f64);
        let (mut g0, mut g1) = (excess(s0), excess(s1));
        let mut last_side = 0i8;
        let mut at = 0.5 * (s0 + s1);
        for _ in 0..200 {
            if s1 - s0 <= 1e-12 {
                break;
            }
            let secant = s1 - g1 * (s1 - s0) / (g1 - g0);
            at = if g0.is_finite() && g1.is_finite() && secant > s0 && secant < s1 {
                secant
            } else {
                0.5 * (s0 + s1)
            };
            let g = excess(at);
            if g == 0.0 {
                break;
            }
            if g < 0.0 {
                s0 = at;
                g0 = g;
                if last_side == -1 {
                    g1 *= 0.5;
                }
                last_side = -1;
            } else {
                s1 = at;
                g1 = g;
                if last_side == 1 {
                    g0 *= 0.5;
                }
                last_side = 1;
            }
            if g.abs() < 1e-15 {
                break;
            }
        }
        let a = at.exp();
        let b = (1.0 - LOW_Q).ln() / ln_1m_pow(ln_lo, a);
        (a.is_finite() && b.is_finite() && a > 0.0 && b > 0.0).then_some(Self { a, b })
    }

    /// The chance of a value above `x`: (1 − x^a)^b.
    pub fn above(&self, x: f64) -> f64 {
        if x <= 0.0 {
            return 1.0;
        }
        if x >= 1.0 {
            return 0.0;
        }
        (self.b * (-(self.a * x.ln()).exp()).ln_1p()).exp()
    }

    /// The value at quantile `u`, given as ln(1 − u): the form calibration keeps its draws in,
    /// which saves one logarithm a draw.
    #[inline]
    pub(super) fn quantile_of_log(&self, log_1mu: f64) -> f64 {
        let inner = -(log_1mu / self.b).exp_m1();
        (inner.ln() / self.a).exp().clamp(0.0, 1.0)
    }

    /// The value at quantile `u`.
    pub fn quantile(&self, u: f64) -> f64 {
        // x = (1 − (1 − u)^(1/b))^(1/a)
        let inner = -((1.0 - u).ln() / self.b).exp_m1();
        (inner.ln() / self.a).exp().clamp(0.0, 1.0)
    }
}
