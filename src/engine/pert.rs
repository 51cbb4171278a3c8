//! PERT draws by table lookup.
//!
//! A PERT(low, likely, high) variable is `low + (high − low) · X` with `X ~ Beta(α, 6 − α)` and
//! `α = 1 + 4 (likely − low) / (high − low)`. Because α + β is always 6, every PERT shape is one
//! row of a single two-dimensional table: quantiles of Beta(α, 6 − α) for α from 1 to 5. The table
//! is built once per process; a draw is then one uniform number and a bilinear lookup (a few
//! nanoseconds), where a stock Beta sampler costs about a hundred.

use super::special::beta_quantile;
use std::sync::OnceLock;

/// Quantile intervals per row.
const QUANTS: usize = 1024;
/// Rows: α from 1 to 5 in steps of 1 / ROW_STEPS.
const ROW_STEPS: usize = 50;
const ROWS: usize = 4 * ROW_STEPS + 1;
/// Points of the numerical CDF per row.
const CDF_POINTS: usize = 4096;
/// Below this quantile, and above one minus it, draws use the exact inverse of the Beta CDF:
/// the table's outermost cells interpolate linearly where the true quantile curve is steepest.
const TAIL: f64 = 1.0 / QUANTS as f64;

/// One row of the table: `QUANTS + 1` quantiles of Beta(α, 6 − α) on [0, 1].
pub type Row = [f32; QUANTS + 1];

/// Rows are built when first used (about 40 µs each), so a process that draws from a few
/// shapes does not pay for all of them.
fn row(index: usize) -> &'static Row {
    static TABLE: [OnceLock<Box<Row>>; ROWS] = [const { OnceLock::new() }; ROWS];
    let index = index.min(ROWS - 1);
    TABLE[index].get_or_init(|| build_row(1.0 + index as f64 / ROW_STEPS as f64))
}

fn build_row(alpha: f64) -> Box<Row> {
    let beta = 6.0 - alpha;
    let h = 1.0 / CDF_POINTS as f64;
    // Unnormalised density, integrated with the trapezoid rule on a fine grid.
    let pdf = |i: usize| {
        if i == 0 {
            if alpha == 1.0 { 1.0 } else { 0.0 }
        } else if i == CDF_POINTS {
            if beta == 1.0 { 1.0 } else { 0.0 }
        } else {
            let x = i as f64 * h;
            ((alpha - 1.0) * x.ln() + (beta - 1.0) * (1.0 - x).ln()).exp()
        }
    };
    let mut cdf = vec![0.0f64; CDF_POINTS + 1];
    let mut prev = pdf(0);
    for i in 1..=CDF_POINTS {
        let cur = pdf(i);
        cdf[i] = cdf[i - 1] + 0.5 * (prev + cur) * h;
        prev = cur;
    }
    let total = cdf[CDF_POINTS];
    let mut out = Box::new([0.0f32; QUANTS + 1]);
    let mut j = 0;
    for (k, slot) in out.iter_mut().enumerate() {
        let target = k as f64 / QUANTS as f64 * total;
        while j < CDF_POINTS && cdf[j + 1] < target {
            j += 1;
        }
        let (c0, c1) = (cdf[j], cdf[(j + 1).min(CDF_POINTS)]);
        let frac = if c1 > c0 {
            (target - c0) / (c1 - c0)
        } else {
            0.0
        };
        *slot = ((j as f64 + frac.clamp(0.0, 1.0)) * h).clamp(0.0, 1.0) as f32;
    }
    out[0] = 0.0;
    out[QUANTS] = 1.0;
    out
}

/// The exact quantile of Beta(α, 6 − α) at `u`, for draws in the tails (2 in 1,024). Kept out of
/// line: inlined, the compiler works out parts of it before every run of draws, taken or not.
#[cold]
#[inline(never)]
fn tail_quantile(u: f64, alpha: f64) -> f64 {
    beta_quantile(u, alpha, 6.0 - alpha)
}

/// Uniform in [0, 1) from 64 random bits: the top 53 over 2^53.
#[inline]
pub fn uniform(bits: u64) -> f64 {
    // Through i64, which converts to f64 in one instruction (a u64 takes several).
    ((bits >> 11) as i64) as f64 * (1.0 / (1u64 << 53) as f64)
}

/// A PERT distribution prepared for fast draws.
#[derive(Clone, Copy, Debug)]
pub struct Pert {
    low: f64,
    span: f64,
    /// α of the Beta(α, 6 − α) shape, for exact draws in the tails.
    alpha: f64,
    row_w: f32,
    r0: &'static Row,
    r1: &'static Row,
}

impl Pert {
    /// Prepare PERT(low, likely, high). Values out of order are sorted (validation refuses them
    /// in files); a zero-width range draws `likely` every time.
    pub fn new(low: f64, likely: f64, high: f64) -> Self {
        let mut v = [low, likely, high];
        v.sort_by(f64::total_cmp);
        let [low, mode, high] = v;
        let span = high - low;
        if span.is_nan() || span <= 0.0 || !span.is_finite() {
            let r = row(0);
            return Self {
                low: mode,
                span: 0.0,
                alpha: 1.0,
                row_w: 0.0,
                r0: r,
                r1: r,
            };
        }
        let alpha = (1.0 + 4.0 * (mode - low) / span).clamp(1.0, 5.0);
        let pos = ((alpha - 1.0) * ROW_STEPS as f64).clamp(0.0, (ROWS - 1) as f64);
        let index = (pos.floor() as usize).min(ROWS - 2);
        Self {
            low,
            span,
            alpha,
            row_w: (pos - index as f64) as f32,
            r0: row(index),
            r1: row(index + 1),
        }
    }

    /// Whether every draw is the same value (low = likely = high).
    pub fn is_point(&self) -> bool {
        self.span == 0.0
    }

    /// The value at quantile `u` in [0, 1).
    #[inline]
    pub fn quantile(&self, u: f64) -> f64 {
        if self.span == 0.0 {
            return self.low;
        }
        if !(TAIL..=1.0 - TAIL).contains(&u) {
            return self.low + self.span * tail_quantile(u, self.alpha);
        }
        let x = u * QUANTS as f64;
        // Through i32: converting it back to f64 is one instruction (a usize takes several).
        let whole = (x as i32).min(QUANTS as i32 - 1);
        let i = whole as usize;
        let f = (x - f64::from(whole)) as f32;
        let (r0, r1) = (&self.r0[i..i + 2], &self.r1[i..i + 2]);
        let a = r0[0] + (r0[1] - r0[0]) * f;
        let b = r1[0] + (r1[1] - r1[0]) * f;
        let x01 = a + (b - a) * self.row_w;
        self.low + self.span * f64::from(x01)
    }

    /// The row of quantiles of this shape, interpolated between the table's rows once, so that
    /// a draw reads one row instead of two (`quantile_in`). Shapes that share α share a row.
    pub fn shape_row(&self) -> Box<Row> {
        let mut out = Box::new([0.0f32; QUANTS + 1]);
        for (o, (a, b)) in out.iter_mut().zip(self.r0.iter().zip(self.r1.iter())) {
            *o = a + (b - a) * self.row_w;
        }
        out
    }

    /// A key that is equal for two PERTs with the same shape (the same `shape_row`).
    pub fn shape_key(&self) -> (usize, u32) {
        (std::ptr::from_ref(self.r0) as usize, self.row_w.to_bits())
    }

    /// The value at quantile `u`, reading the shape's own row (from `shape_row`).
    #[inline]
    pub fn quantile_in(&self, row: &Row, u: f64) -> f64 {
        if self.span == 0.0 {
            return self.low;
        }
        if !(TAIL..=1.0 - TAIL).contains(&u) {
            return self.low + self.span * tail_quantile(u, self.alpha);
        }
        let x = u * QUANTS as f64;
        let whole = (x as i32).min(QUANTS as i32 - 1);
        let i = whole as usize;
        let f = x - f64::from(whole);
        let (a, b) = (f64::from(row[i]), f64::from(row[i + 1]));
        self.low + self.span * (a + (b - a) * f)
    }

    /// `quantile_in(row, uniform(bits))`, to the bit, with the table position read from the
    /// bits themselves: the uniform is `k / 2^53` for the top 53 bits `k`, so its cell in the
    /// table is `k`'s top 10 bits and its place inside the cell the other 43, and the draw
    /// needs no conversions that check their range.
    #[inline]
    pub fn quantile_in_bits(&self, row: &Row, bits: u64) -> f64 {
        const INSIDE: u32 = 53 - QUANTS.trailing_zeros();
        let k = bits >> 11;
        if self.span == 0.0 {
            return self.low;
        }
        // In range when TAIL ≤ u ≤ 1 − TAIL, that is 2^43 ≤ k ≤ 1023 · 2^43.
        if k.wrapping_sub(1 << INSIDE) > (QUANTS as u64 - 2) << INSIDE {
            return self.low + self.span * tail_quantile(uniform(bits), self.alpha);
        }
        let i = (k >> INSIDE) as usize;
        let f = ((k & ((1 << INSIDE) - 1)) as i64) as f64 * (1.0 / (1u64 << INSIDE) as f64);
        let (a, b) = (f64::from(row[i]), f64::from(row[i + 1]));
        self.low + self.span * (a + (b - a) * f)
    }

    /// The distribution's mean, `(low + 4 · likely + high) / 6`.
    pub fn mean(low: f64, likely: f64, high: f64) -> f64 {
        (low + 4.0 * likely + high) / 6.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mean_by_quadrature(p: &Pert) -> f64 {
        let n = 200_000;
        (0..n)
            .map(|i| p.quantile((i as f64 + 0.5) / n as f64))
            .sum::<f64>()
            / n as f64
    }

    #[test]
    fn table_means_match_the_pert_mean() {
        for (a, m, c) in [
            (0.0, 0.0, 10.0),
            (0.0, 2.5, 10.0),
            (-4.0, 1.0, 2.0),
            (10.0, 10.0, 10.0),
            (0.0, 10.0, 10.0),
            (-30.0, -12.345, 5.0),
        ] {
            let p = Pert::new(a, m, c);
            let got = mean_by_quadrature(&p);
            let want = Pert::mean(a, m, c);
            assert!(
                (got - want).abs() < 1e-3 * (c - a).max(1.0),
                "PERT({a}, {m}, {c}): mean {got} vs {want}"
            );
        }
    }

    #[test]
    fn quantiles_are_monotone_and_bounded() {
        let p = Pert::new(-5.0, -1.0, 3.0);
        let mut prev = f64::NEG_INFINITY;
        for i in 0..=1000 {
            let v = p.quantile(i as f64 / 1000.0 * 0.999_999);
            assert!(v >= prev - 1e-12 && (-5.0..=3.0).contains(&v));
            prev = v;
        }
    }

    /// For α = 2 (likely a quarter of the way up), Beta(2, 4) has the exact CDF
    /// F(x) = 1 − (1 − x)^5 − 5x(1 − x)^4, worked out by hand from the binomial form.
    fn beta_2_4_cdf(x: f64) -> f64 {
        1.0 - (1.0 - x).powi(5) - 5.0 * x * (1.0 - x).powi(4)
    }

    #[test]
    fn tail_draws_are_exact() {
        // PERT(0, 2.5, 10): α = 1 + 4 · 2.5 / 10 = 2.
        let p = Pert::new(0.0, 2.5, 10.0);
        for q in [1e-5, 3e-5, 1e-4, 4e-4, 9e-4, 0.999_2, 0.999_9, 0.999_99] {
            let x = p.quantile(q) / 10.0;
            let f = beta_2_4_cdf(x);
            let (tail, want) = if q < 0.5 { (f, q) } else { (1.0 - f, 1.0 - q) };
            assert!(
                ((tail - want) / want).abs() < 1e-4,
                "quantile {q}: tail probability {tail} vs {want}"
            );
        }
    }

    #[test]
    fn a_shape_row_draws_as_the_table_does() {
        let p = Pert::new(-3.0, 1.3, 7.5);
        let row = p.shape_row();
        for i in 0..=1000 {
            let u = i as f64 / 1000.0 * 0.999_999;
            assert!((p.quantile(u) - p.quantile_in(&row, u)).abs() < 1e-5, "{u}");
        }
    }

    /// Reading the table position from the bits draws what the uniform would, to the bit,
    /// at the edges of the tails and of the table's cells as well as at random.
    #[test]
    fn a_draw_from_bits_is_the_draw_from_their_uniform() {
        let p = Pert::new(-3.0, 1.3, 7.5);
        let row = p.shape_row();
        let edges = [
            0u64,
            1,
            (1 << 43) - 1,
            1 << 43,
            (1 << 43) + 1,
            5 << 43,
            (5 << 43) - 1,
        ]
        .into_iter()
        .chain([
            1023 << 43,
            (1023 << 43) - 1,
            (1023 << 43) + 1,
            (1 << 53) - 1,
        ]);
        let mut x = 0x9E37_79B9_7F4A_7C15u64;
        let random = (0..200_000).map(move |_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x >> 11
        });
        for k in edges.chain(random) {
            let bits = (k << 11) | 0x5A5;
            let want = p.quantile_in(&row, uniform(bits));
            assert_eq!(
                p.quantile_in_bits(&row, bits).to_bits(),
                want.to_bits(),
                "{k}"
            );
        }
        let point = Pert::new(2.0, 2.0, 2.0);
        assert_eq!(point.quantile_in_bits(&row, 12345), 2.0);
    }

    #[test]
    fn symmetric_median_is_the_mode() {
        let p = Pert::new(0.0, 5.0, 10.0);
        assert!((p.quantile(0.5) - 5.0).abs() < 1e-3);
    }
}
