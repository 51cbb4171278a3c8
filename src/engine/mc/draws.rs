//! Random draws: a named, portable generator (xoshiro256++), one per chunk of samples.

use rand_xoshiro::Xoshiro256PlusPlus;
use rand_xoshiro::rand_core::{Rng, SeedableRng};

/// The random draws of one chunk.
pub(super) struct Draws {
    rng: Xoshiro256PlusPlus,
}

impl Draws {
    pub(super) fn new(seed: u64) -> Self {
        Self {
            rng: Xoshiro256PlusPlus::seed_from_u64(seed),
        }
    }

    /// 64 random bits.
    #[inline]
    pub(super) fn bits(&mut self) -> u64 {
        self.rng.next_u64()
    }

    /// Uniform in [0, 1), with 53 random bits.
    #[inline]
    pub(super) fn unit(&mut self) -> f64 {
        // Through i64, which converts to f64 in one instruction (a u64 takes several).
        ((self.rng.next_u64() >> 11) as i64) as f64 * (1.0 / (1u64 << 53) as f64)
    }
}
