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
}
