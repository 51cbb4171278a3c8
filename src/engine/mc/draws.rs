//! Random draws: a named, portable generator and the normal and Gamma variates the Dirichlet
//! draws need.

use rand_xoshiro::Xoshiro256PlusPlus;
use rand_xoshiro::rand_core::{Rng, SeedableRng};

/// The random draws of one chunk: a named, portable generator (xoshiro256++) plus the spare
/// normal that the polar method makes with each pair.
pub(super) struct Draws {
    rng: Xoshiro256PlusPlus,
    spare: Option<f64>,
}

impl Draws {
    pub(super) fn new(seed: u64) -> Self {
        Self {
            rng: Xoshiro256PlusPlus::seed_from_u64(seed),
            spare: None,
        }
    }

    /// Uniform in [0, 1), with 53 random bits.
    #[inline]
    pub(super) fn unit(&mut self) -> f64 {
        (self.rng.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Standard normal by the Marsaglia polar method, which makes two at a time.
    pub(super) fn normal(&mut self) -> f64 {
        if let Some(x) = self.spare.take() {
            return x;
        }
        loop {
            let u = 2.0 * self.unit() - 1.0;
            let v = 2.0 * self.unit() - 1.0;
            let s = u * u + v * v;
            if s > 0.0 && s < 1.0 {
                let f = (-2.0 * s.ln() / s).sqrt();
                self.spare = Some(v * f);
                return u * f;
            }
        }
    }

    /// Gamma(shape, 1) by Marsaglia and Tsang, boosted for shapes below one.
    pub(super) fn gamma(&mut self, g: GammaShape) -> f64 {
        match g {
            GammaShape::Zero => 0.0,
            GammaShape::Boosted { inner, inv_shape } => {
                let u = self.unit().max(f64::MIN_POSITIVE);
                self.gamma_mt(inner) * u.powf(inv_shape)
            }
            GammaShape::Direct(mt) => self.gamma_mt(mt),
        }
    }

    pub(super) fn gamma_mt(&mut self, (d, c): (f64, f64)) -> f64 {
        loop {
            let x = self.normal();
            let v = 1.0 + c * x;
            if v <= 0.0 {
                continue;
            }
            let v = v * v * v;
            let u = self.unit();
            let x2 = x * x;
            if u < 1.0 - 0.0331 * x2 * x2 || u.ln() < 0.5 * x2 + d * (1.0 - v + v.ln()) {
                return d * v;
            }
        }
    }
}

/// A Gamma shape with the Marsaglia–Tsang constants worked out once.
#[derive(Clone, Copy, Debug)]
pub(super) enum GammaShape {
    /// Shape zero: always 0.
    Zero,
    /// Shape ≥ 1: constants (d, c).
    Direct((f64, f64)),
    /// Shape < 1: draw at shape + 1 and scale by U^(1/shape).
    Boosted { inner: (f64, f64), inv_shape: f64 },
}

impl GammaShape {
    pub(super) fn new(shape: f64) -> Self {
        let mt = |a: f64| {
            let d = a - 1.0 / 3.0;
            (d, 1.0 / (9.0 * d).sqrt())
        };
        if shape.is_nan() || shape <= 0.0 || !shape.is_finite() {
            Self::Zero
        } else if shape < 1.0 {
            Self::Boosted {
                inner: mt(shape + 1.0),
                inv_shape: 1.0 / shape,
            }
        } else {
            Self::Direct(mt(shape))
        }
    }
}
