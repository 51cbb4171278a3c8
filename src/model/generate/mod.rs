//! Synthetic scenarios of a chosen size, for benchmarks and stress tests.

use super::{
    Baseline, Branch, Change, Effect, Indicator, Outcome, Prob, Profile, Region, Scenario,
};

/// The size of a generated scenario.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GenerateSpec {
    /// Number of leaves in the outcome tree.
    pub leaves: usize,
    /// Number of regions.
    pub regions: usize,
    /// Number of indicators.
    pub indicators: usize,
    /// Horizon in months.
    pub months: u32,
    /// Seed for the generator (and the scenario's Monte Carlo seed).
    pub seed: u64,
}

/// Most leaves `generate` will make: more would not fit in a file Muscat can read back.
pub const MAX_GENERATED_LEAVES: usize = 50_000;
/// Most regions or indicators `generate` will make.
pub const MAX_GENERATED_AXIS: usize = 200;

/// SplitMix64: small, fast and portable; plenty for synthetic data.
struct Mix(u64);

impl Mix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.unit()
    }

    fn below(&mut self, n: usize) -> usize {
        (self.unit() * n as f64) as usize % n.max(1)
    }
}

fn round(v: f64, places: i32) -> f64 {
    let f = 10f64.powi(places);
    (v * f).round() / f
}

/// Generate a valid scenario of the given size. Sizes are clamped to at least one of each.
pub fn generate(spec: GenerateSpec) -> Scenario {
    generate_with(spec, &Extras::default())
}

/// Generate a valid scenario of the given size with what `extras` asks for beside the tree:
/// ranges, signposts, revisions and views. With the default extras, `generate`'s scenario.
pub fn generate_with(spec: GenerateSpec, extras: &Extras) -> Scenario {
    let mut rng = Mix(spec.seed);
    let n_ind = spec.indicators.clamp(1, MAX_GENERATED_AXIS);
    let n_reg = spec.regions.clamp(1, MAX_GENERATED_AXIS);
    let leaves = spec.leaves.clamp(1, MAX_GENERATED_LEAVES);
    let months = spec.months.clamp(1, super::MAX_HORIZON_MONTHS);
    let indicators: Vec<Indicator> = (0..n_ind)
        .map(|k| {
            let higher = k % 2 == 0;
            Indicator {
                id: format!("ind-{}", k + 1),
                name: format!("Indicator {}", k + 1),
                unit: "index".into(),
                min: 0.0,
                max: 100.0,
                higher_is_better: higher,
                description: "Synthetic indicator.".into(),
                alert_threshold: if higher { 35.0 } else { 65.0 },
                weight: 1.0 + (k % 3) as f64 * 0.5,
            }
        })
        .collect();
    let regions: Vec<Region> = (0..n_reg)
        .map(|r| Region {
            id: format!("reg-{}", r + 1),
            name: format!("Region {}", r + 1),
            countries: Vec::new(),
            baselines: indicators
                .iter()
                .map(|i| Baseline {
                    indicator: i.id.clone(),
                    value: round(rng.range(30.0, 70.0), 1),
                })
                .collect(),
        })
        .collect();

    let mut branches = Vec::new();
    // Each work item: (parent id, outcome for a top-level branch, leaves to place below).
    let top = leaves.min(3);
    let mut work: Vec<(Option<String>, Vec<usize>)> = vec![(None, split(leaves, top))];
    let mut next_id = 0usize;
    while let Some((parent, counts)) = work.pop() {
        let weights: Vec<f64> = counts.iter().map(|_| rng.range(0.5, 1.5)).collect();
        let total: f64 = weights.iter().sum();
        for (j, &count) in counts.iter().enumerate() {
            next_id += 1;
            let id = format!("b{next_id}");
            let last = j + 1 == counts.len();
            let p = round(weights[j] / total, 4);
            let mut b = Branch::new(
                id.clone(),
                format!("Branch {next_id}"),
                if last {
                    Prob::Remainder
                } else {
                    Prob::Value(p)
                },
            );
            b.parent = parent.clone();
            if parent.is_none() {
                b.outcome = Some(Outcome::ALL[j % 3]);
            }
            let ranged = match extras.ranges {
                RangeCover::None => false,
                RangeCover::Some => next_id.is_multiple_of(2),
                RangeCover::All => true,
            };
            if !last && ranged {
                b.range = Some(extras::range_around(p));
            }
            b.rationale = format!("Synthetic branch {next_id}.");
            for _ in 0..2 {
                let likely = round(rng.range(-8.0, 8.0), 2);
                let profile = match rng.below(3) {
                    0 => Profile::Step,
                    1 => Profile::Ramp {
                        months: 1 + rng.below(12) as u32,
                    },
                    _ => Profile::Spike {
                        half_life_months: round(rng.range(1.0, 12.0), 1),
                    },
                };
                b.effects.push(Effect {
                    region: regions[rng.below(n_reg)].id.clone(),
                    indicator: indicators[rng.below(n_ind)].id.clone(),
                    change: Change {
                        low: round(likely - rng.range(0.0, 4.0), 2),
                        likely,
                        high: round(likely + rng.range(0.0, 4.0), 2),
                    },
                    onset_months: rng.below(months as usize / 2 + 1) as u32,
                    profile,
                });
            }
            branches.push(b);
            if count > 1 {
                work.push((Some(id), split(count, count.min(10))));
            }
        }
    }
    // Keep the file in pre-order, as the editor writes it.
    let mut scenario = Scenario {
        header: super::Header {
            title: format!("Generated: {leaves} leaves × {n_reg} regions × {n_ind} indicators"),
            summary:
                "A synthetic scenario for benchmarks and stress tests. The numbers mean nothing."
                    .into(),
            as_of: "2026-01-01".into(),
            horizon_months: months,
            seed: spec.seed,
            illustrative: true,
            ..super::Header::default()
        },
        indicators,
        regions,
        branches,
        ..Scenario::default()
    };
    let order = super::TreeIndex::new(&scenario).preorder;
    let mut old = std::mem::take(&mut scenario.branches);
    let mut slots: Vec<Option<Branch>> = old.drain(..).map(Some).collect();
    scenario.branches = order.iter().filter_map(|&i| slots[i].take()).collect();
    extras::add(&mut scenario, extras, &mut rng);
    scenario
}

/// Split `n` into `parts` nearly equal positive counts.
fn split(n: usize, parts: usize) -> Vec<usize> {
    let parts = parts.max(1);
    (0..parts)
        .map(|i| n / parts + usize::from(i < n % parts))
        .collect()
}

mod extras;
pub mod stress;

pub use extras::{Extras, RangeCover};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generates_the_requested_number_of_leaves() {
        for leaves in [1, 2, 3, 7, 100, 1000] {
            let s = generate(GenerateSpec {
                leaves,
                regions: 3,
                indicators: 2,
                months: 12,
                seed: 7,
            });
            let t = super::super::TreeIndex::new(&s);
            let n = t.preorder.iter().filter(|&&i| t.is_leaf(i)).count();
            assert_eq!(n, leaves);
            let errors: Vec<_> = super::super::validate(&s)
                .into_iter()
                .filter(|d| d.severity == super::super::Severity::Error)
                .collect();
            assert!(errors.is_empty(), "{errors:?}");
        }
    }
}
