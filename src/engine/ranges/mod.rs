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

pub use super::kumaraswamy::Kumaraswamy;
use rand_xoshiro::Xoshiro256PlusPlus;
use rand_xoshiro::rand_core::{Rng, SeedableRng};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

/// Quantile levels of the interval a range describes.
pub const LOW_Q: f64 = 0.05;
/// See `LOW_Q`.
pub const HIGH_Q: f64 = 0.95;
/// How far (in probability) an achieved interval may be from the range and still count as met.
pub const TOLERANCE: f64 = 0.01;
/// Ends of a range are kept this far inside (0, 1): a distribution on (0, 1) cannot put its 5th
/// percentile at exactly 0.
const EDGE: f64 = 1e-4;
/// Draws per calibration round, at most (fewer on scenarios with very many ranged branches:
/// see `calibration_draws`).
pub const CALIBRATION_DRAWS: usize = 4_000;
/// Fewest draws per calibration round (stratified: see `Uniforms`) while the budget allows.
pub const MIN_CALIBRATION_DRAWS: usize = 256;
/// Fewest draws per calibration round on a scenario with so many ranged branches (over 15,625)
/// that `MIN_CALIBRATION_DRAWS` would pass the budget. Most of them are then slivers of their
/// sets, whose intervals are far inside `TOLERANCE` after one round whatever the draws.
const FLOOR_CALIBRATION_DRAWS: usize = 16;
/// How far sampling moves a measured 5th or 95th percentile, times √draws, at most (a range
/// of a few points measured on a few hundred draws).
const NOISE_ALLOWANCE: f64 = 0.1;
/// Most calibration rounds.
const CALIBRATION_ROUNDS: usize = 8;
/// Below this chance that the ranged branches' draws overshoot 1, a set is never scaled in
/// practice: its draws are exactly the fitted distributions, and it needs no calibration.
const NEGLIGIBLE_OVERSHOOT: f64 = 1e-4;
/// Work the calibrations of one scenario may take: ranged branches × draws per round.
const CALIBRATION_BUDGET: usize = 4_000_000;

/// Draws per calibration round for a scenario with `ranged` ranged branches in sets that need
/// calibrating: as many as the budget allows, between the fewest and the most.
/// In steps of a power of two, so that views of one scenario, whose counts differ a little,
/// calibrate with the same draws and share their calibrations.
pub fn calibration_draws(ranged: usize) -> usize {
    let allowed = CALIBRATION_BUDGET / ranged.max(1);
    if allowed >= CALIBRATION_DRAWS {
        return CALIBRATION_DRAWS;
    }
    // The largest power of two the budget allows (at least `MIN_CALIBRATION_DRAWS` whenever
    // the budget allows that many).
    let mut draws = FLOOR_CALIBRATION_DRAWS;
    while draws * 2 <= allowed {
        draws *= 2;
    }
    draws
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
    /// usable range. `seed` fixes the calibration draws, so the result is reproducible;
    /// `draws` is the number of draws per calibration round.
    pub fn new(
        point: &[f64],
        ranges: &[Option<(f64, f64)>],
        seed: u64,
        draws: usize,
    ) -> Option<Self> {
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
        // Fits by their ends: sets often repeat a range (a few decimals, the same on many
        // siblings), and a fit is a root search.
        let mut fits: HashMap<(u64, u64), Option<Kumaraswamy>> = HashMap::new();
        let mut fit = |targets: &[Option<(f64, f64)>]| -> Vec<Part> {
            fits.clear();
            point
                .iter()
                .zip(targets)
                .map(|(&p, t)| match *t {
                    None => Part::Absorbs(p.max(0.0)),
                    Some((lo, hi)) if hi - lo < 1e-9 => Part::Fixed(lo),
                    Some((lo, hi)) => {
                        let lo = lo.clamp(EDGE, 1.0 - 2.0 * EDGE);
                        let hi = hi.clamp(lo + EDGE, 1.0 - EDGE);
                        let k = *fits
                            .entry((lo.to_bits(), hi.to_bits()))
                            .or_insert_with(|| Kumaraswamy::fit(lo, hi));
                        k.map_or(Part::Fixed(p), Part::Drawn)
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
        // Branches that absorb the rest take every draw of the ranged ones that leaves room:
        // where the ranged draws (almost) never overshoot 1, nothing is ever scaled, and each
        // draw is exactly its fitted distribution.
        if absorb_total > 0.0 && set.overshoot_bound() <= NEGLIGIBLE_OVERSHOOT {
            return Some(set);
        }
        let draws = draws.clamp(1, CALIBRATION_DRAWS);
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed ^ 0xC0FF_EE15_5E75_0001);
        // The same uniform draws in every round (common random numbers), so that the rounds
        // compare the targets rather than their sampling noise.
        let round_u = Uniforms::new(&mut rng, draws, &set.parts);
        let mut scratch = Scratch::new(draws, set.parts.len());
        let mut targets = entered.clone();
        // The round that came closest: (worst miss, parts).
        let mut best: Option<(f64, Vec<Part>)> = None;
        let mut stalled = 0;
        for _ in 0..CALIBRATION_ROUNDS {
            let achieved = set.intervals(&round_u, &mut scratch);
            let miss = worst_miss(&entered, &achieved);
            if best.as_ref().is_none_or(|b| miss < b.0 * 0.9) {
                stalled = 0;
            } else {
                stalled += 1;
            }
            if best.as_ref().is_none_or(|b| miss < b.0) {
                best = Some((miss, set.parts.clone()));
            }
            // Close enough; or two rounds without a tenth's gain, as when the ranges cannot
            // all hold and no target can make them.
            if miss <= TOLERANCE / 4.0 || stalled >= 2 {
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
            // Measured on draws of their own, so that picking the best round cannot flatter
            // the result.
            let check_u = Uniforms::new(&mut rng, 2 * draws, &set.parts);
            let mut scratch = Scratch::new(2 * draws, set.parts.len());
            let achieved = set.intervals(&check_u, &mut scratch);
            // Within the tolerance, give or take what the draws that measure it can tell
            // apart (a few tenths of a point with the fewest draws).
            let noise = NOISE_ALLOWANCE / ((2 * draws) as f64).sqrt();
            set.compatible = worst_miss(&entered, &achieved) <= TOLERANCE + noise;
            set.achieved = achieved;
        }
        Some(set)
    }

    /// How many branches it has.
    pub fn len(&self) -> usize {
        self.parts.len()
    }

    /// Whether it has no branches.
    pub fn is_empty(&self) -> bool {
        self.parts.is_empty()
    }

    /// How many of its branches are drawn from a fitted distribution.
    pub fn drawn(&self) -> usize {
        self.parts
            .iter()
            .filter(|p| matches!(p, Part::Drawn(_)))
            .count()
    }

    /// A bound on the chance that the ranged branches' draws sum past 1 (the union bound over
    /// each exceeding its share of 1, the room above the ranges shared by their widths).
    fn overshoot_bound(&self) -> f64 {
        let fixed: f64 = self
            .parts
            .iter()
            .map(|p| if let Part::Fixed(v) = p { *v } else { 0.0 })
            .sum();
        let highs: Vec<(Kumaraswamy, f64, f64)> = self
            .parts
            .iter()
            .zip(&self.entered)
            .filter_map(|(p, e)| match (p, e) {
                (Part::Drawn(k), Some((lo, hi))) => Some((*k, *lo, *hi)),
                _ => None,
            })
            .collect();
        let room = 1.0 - fixed - highs.iter().map(|h| h.2).sum::<f64>();
        if room <= 0.0 {
            return 1.0;
        }
        let widths: f64 = highs.iter().map(|h| h.2 - h.1).sum();
        highs
            .iter()
            .map(|&(k, lo, hi)| {
                let share = if widths > 0.0 {
                    (hi - lo) / widths
                } else {
                    1.0 / highs.len() as f64
                };
                k.above(hi + room * share)
            })
            .sum()
    }

    /// Draw the set's probabilities into `out` (one per branch, summing to one).
    pub fn draw(&self, rng: &mut Xoshiro256PlusPlus, out: &mut [f64]) {
        for (o, part) in out.iter_mut().zip(&self.parts) {
            *o = match *part {
                Part::Absorbs(_) => 0.0,
                Part::Fixed(v) => v,
                Part::Drawn(k) => k.quantile(unit(rng)),
            };
        }
        self.complete(out);
    }

    /// Fill in the branches that absorb the rest, or scale the draws to sum to one.
    fn complete(&self, out: &mut [f64]) {
        let drawn: f64 = out.iter().sum();
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

    /// The 5–95% interval of each ranged branch over the draws that `u` fixes.
    fn intervals(&self, u: &Uniforms, scratch: &mut Scratch) -> Vec<Option<(f64, f64)>> {
        let n = self.parts.len();
        let Scratch { columns, row } = scratch;
        for d in 0..u.draws {
            for (i, (o, part)) in row.iter_mut().zip(&self.parts).enumerate() {
                *o = match *part {
                    Part::Absorbs(_) => 0.0,
                    Part::Fixed(v) => v,
                    Part::Drawn(k) => k.quantile_of_log(u.at(d, i)),
                };
            }
            self.complete(row);
            for i in 0..n {
                columns[i * u.draws + d] = row[i];
            }
        }
        (0..n)
            .map(|i| {
                self.entered[i].map(|_| {
                    let col = &mut columns[i * u.draws..(i + 1) * u.draws];
                    (select_quantile(col, LOW_Q), select_quantile(col, HIGH_Q))
                })
            })
            .collect()
    }
}

/// Uniform draws for every branch of a set, draw by draw, each kept as ln(1 − u).
struct Uniforms {
    draws: usize,
    width: usize,
    values: Vec<f64>,
}

impl Uniforms {
    /// Stratified draws (Latin hypercube): for each branch that is drawn, one uniform in each
    /// of `draws` equal slices of (0, 1), in a random order. Every marginal is then spread as
    /// evenly as the number of draws allows, so a few hundred draws place the 5th and 95th
    /// percentiles as well as thousands of independent ones.
    fn new(rng: &mut Xoshiro256PlusPlus, draws: usize, parts: &[Part]) -> Self {
        let width = parts.len();
        let mut values = vec![0.0; draws * width];
        let mut order: Vec<usize> = (0..draws).collect();
        for (i, part) in parts.iter().enumerate() {
            if !matches!(part, Part::Drawn(_)) {
                continue;
            }
            for k in (1..draws).rev() {
                let j = (rng.next_u64() % (k as u64 + 1)) as usize;
                order.swap(k, j);
            }
            for (d, &slice) in order.iter().enumerate() {
                let u = (slice as f64 + unit(rng)) / draws as f64;
                values[d * width + i] = (-u).ln_1p();
            }
        }
        Self {
            draws,
            width,
            values,
        }
    }

    #[inline]
    fn at(&self, draw: usize, branch: usize) -> f64 {
        self.values[draw * self.width + branch]
    }
}

/// Buffers one calibration reuses round after round.
struct Scratch {
    columns: Vec<f64>,
    row: Vec<f64>,
}

impl Scratch {
    fn new(draws: usize, width: usize) -> Self {
        Self {
            columns: vec![0.0; draws * width],
            row: vec![0.0; width],
        }
    }
}

/// Quantile `q` of `values`, as `quantile_sorted` gives it on the sorted values, found by
/// selection (reordering `values`) rather than a full sort.
pub fn select_quantile(values: &mut [f64], q: f64) -> f64 {
    match values.len() {
        0 => f64::NAN,
        1 => values[0],
        n => {
            let (i, f) = rank(n, q);
            let (_, &mut at, right) = values.select_nth_unstable_by(i, f64::total_cmp);
            let next = right.iter().copied().fold(f64::INFINITY, f64::min);
            at + (next - at) * f
        }
    }
}

/// What a calibration depends on, to find it again: the seed, the draws per round, and each
/// branch's point value and range, bit for bit.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct SetKey {
    seed: u64,
    draws: usize,
    point: Vec<u64>,
    ranges: Vec<Option<(u64, u64)>>,
}

/// Calibrated sets kept between analyses: an edit recalibrates only the sets it changed, and a
/// view only the sets it overrides. Emptied when it holds more branches than this.
const CACHE_BRANCHES: usize = 500_000;

struct Cache {
    sets: HashMap<SetKey, Arc<SetDraw>>,
    branches: usize,
}

fn cache() -> &'static Mutex<Cache> {
    static CACHE: OnceLock<Mutex<Cache>> = OnceLock::new();
    CACHE.get_or_init(|| {
        Mutex::new(Cache {
            sets: HashMap::new(),
            branches: 0,
        })
    })
}

/// `SetDraw::new`, remembered: the same set, seed and draws give the same calibration, worked
/// out once per process.
pub fn calibrated(
    point: &[f64],
    ranges: &[Option<(f64, f64)>],
    seed: u64,
    draws: usize,
) -> Option<Arc<SetDraw>> {
    let key = SetKey {
        seed,
        draws,
        point: point.iter().map(|p| p.to_bits()).collect(),
        ranges: ranges
            .iter()
            .map(|r| r.map(|(a, b)| (a.to_bits(), b.to_bits())))
            .collect(),
    };
    // A poisoned lock only means another thread panicked mid-insert: the map is still sound.
    if let Some(hit) = cache()
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .sets
        .get(&key)
    {
        return Some(Arc::clone(hit));
    }
    let set = Arc::new(SetDraw::new(point, ranges, seed, draws)?);
    let mut c = cache()
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if c.branches + point.len() > CACHE_BRANCHES {
        c.sets.clear();
        c.branches = 0;
    }
    c.branches += point.len();
    c.sets.insert(key, Arc::clone(&set));
    Some(set)
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
            let (i, f) = rank(n, q);
            sorted[i] + (sorted[i + 1] - sorted[i]) * f
        }
    }
}

/// Where quantile `q` of `n` ≥ 2 sorted values falls: between the `i`th and the next, at `f`.
fn rank(n: usize, q: f64) -> (usize, f64) {
    let pos = q.clamp(0.0, 1.0) * (n - 1) as f64;
    let i = (pos.floor() as usize).min(n - 2);
    (i, pos - i as f64)
}

/// A uniform number in (0, 1), never exactly 0.
#[inline]
pub fn unit(rng: &mut Xoshiro256PlusPlus) -> f64 {
    ((rng.next_u64() >> 11) as f64 + 0.5) * (1.0 / (1u64 << 53) as f64)
}

#[cfg(test)]
mod tests;
