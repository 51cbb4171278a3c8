//! An independent evaluation of a scenario, written from the README's definitions without the
//! engine, so that tests can check the app's numbers against values worked out another way.
#![allow(dead_code)]

use muscat::model::{Effect, Prob, Profile, Scenario};

/// Every leaf: its absolute probability and the effects on its path (top first).
pub fn leaves(s: &Scenario) -> Vec<(f64, Vec<Effect>)> {
    fn walk(
        s: &Scenario,
        parent: Option<&str>,
        p: f64,
        path: &mut Vec<Effect>,
        out: &mut Vec<(f64, Vec<Effect>)>,
    ) {
        let kids: Vec<_> = s
            .branches
            .iter()
            .filter(|b| b.parent.as_deref() == parent)
            .collect();
        let explicit: f64 = kids.iter().filter_map(|b| b.probability.value()).sum();
        for b in kids {
            let q = match b.probability {
                Prob::Value(v) => v,
                Prob::Remainder => 1.0 - explicit,
            };
            let before = path.len();
            path.extend(b.effects.iter().cloned());
            if s.branches
                .iter()
                .any(|c| c.parent.as_deref() == Some(b.id.as_str()))
            {
                walk(s, Some(&b.id), p * q, path, out);
            } else {
                out.push((p * q, path.clone()));
            }
            path.truncate(before);
        }
    }
    let mut out = Vec::new();
    walk(s, None, 1.0, &mut Vec::new(), &mut out);
    out
}

/// The share of an effect at `month`.
pub fn factor(e: &Effect, month: u32) -> f64 {
    if month < e.onset_months {
        return 0.0;
    }
    let since = f64::from(month - e.onset_months);
    match e.profile {
        Profile::Step => 1.0,
        Profile::Ramp { months } if months > 0 => (since / f64::from(months)).min(1.0),
        Profile::Ramp { .. } => 1.0,
        Profile::Spike { half_life_months } => 0.5f64.powf(since / half_life_months),
    }
}

/// A leaf's value of every indicator in a region at `month`, each effect at `size(effect)`.
pub fn leaf_values(
    s: &Scenario,
    effects: &[Effect],
    region: &str,
    month: u32,
    size: &mut dyn FnMut(&Effect) -> f64,
) -> Vec<f64> {
    let r = s.region(region).expect("region");
    s.indicators
        .iter()
        .map(|ind| {
            let base = r.baseline(&ind.id).expect("baseline");
            let change: f64 = effects
                .iter()
                .filter(|e| e.region == region && e.indicator == ind.id)
                .map(|e| size(e) * factor(e, month))
                .sum();
            (base + change).clamp(ind.min, ind.max)
        })
        .collect()
}

/// The composite stability index of a region's indicator values: the weighted mean of each
/// indicator rescaled to 0–100, 100 the stable end.
pub fn composite(s: &Scenario, values: &[f64]) -> f64 {
    let total: f64 = s.indicators.iter().map(|i| i.weight).sum();
    s.indicators
        .iter()
        .zip(values)
        .map(|(i, &v)| {
            let t = (v - i.min) / (i.max - i.min);
            let score = if i.higher_is_better { t } else { 1.0 - t } * 100.0;
            i.weight / total * score
        })
        .sum()
}

/// The PERT mean of an effect.
pub fn mean(e: &Effect) -> f64 {
    (e.change.low + 4.0 * e.change.likely + e.change.high) / 6.0
}

/// The expected composite of a region at `month`: each leaf's composite with every effect at
/// its mean, weighted by the leaf's probability.
pub fn expected_composite(s: &Scenario, region: &str, month: u32) -> f64 {
    leaves(s)
        .iter()
        .map(|(p, effects)| p * composite(s, &leaf_values(s, effects, region, month, &mut mean)))
        .sum()
}

/// The composite's alert line: the composite of the thresholds.
pub fn composite_threshold(s: &Scenario) -> f64 {
    let values: Vec<f64> = s.indicators.iter().map(|i| i.alert_threshold).collect();
    composite(s, &values)
}

/// A small generator for the test's own simulation (xorshift64*), not the engine's.
pub struct Rng(pub u64);

impl Rng {
    /// Uniform in (0, 1).
    pub fn unit(&mut self) -> f64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        let x = self.0.wrapping_mul(0x2545_F491_4F6C_DD1D);
        ((x >> 11) as f64 + 0.5) / (1u64 << 53) as f64
    }

    /// Gamma(shape, 1), shape ≥ 1, by Marsaglia and Tsang, with Box–Muller normals.
    fn gamma(&mut self, shape: f64) -> f64 {
        let d = shape - 1.0 / 3.0;
        let c = 1.0 / (9.0 * d).sqrt();
        loop {
            let z =
                (-2.0 * self.unit().ln()).sqrt() * (2.0 * std::f64::consts::PI * self.unit()).cos();
            let v = (1.0 + c * z).powi(3);
            if v > 0.0 && self.unit().ln() < 0.5 * z * z + d - d * v + d * v.ln() {
                return d * v;
            }
        }
    }

    /// A PERT(low, likely, high) draw: low + (high − low) · Beta(α, 6 − α).
    pub fn pert(&mut self, e: &Effect) -> f64 {
        let (a, m, b) = (e.change.low, e.change.likely, e.change.high);
        if b <= a {
            return m;
        }
        let alpha = 1.0 + 4.0 * (m - a) / (b - a);
        let x = self.gamma(alpha);
        let y = self.gamma(6.0 - alpha);
        a + (b - a) * x / (x + y)
    }
}

/// The chance that a region's composite ends on the alert side at `month`, by the test's own
/// simulation of `samples` outcomes.
pub fn chance_of_alert(s: &Scenario, region: &str, month: u32, samples: usize) -> f64 {
    let all = leaves(s);
    let threshold = composite_threshold(s);
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut hits = 0usize;
    for _ in 0..samples {
        let u = rng.unit();
        let mut acc = 0.0;
        let leaf = all
            .iter()
            .find(|(p, _)| {
                acc += p;
                u < acc
            })
            .unwrap_or_else(|| all.last().expect("a leaf"));
        let values = leaf_values(s, &leaf.1, region, month, &mut |e| rng.pert(e));
        if composite(s, &values) < threshold {
            hits += 1;
        }
    }
    hits as f64 / samples as f64
}

/// The variance of a PERT(low, likely, high): (μ − low)(high − μ) / 7.
pub fn pert_variance(e: &Effect) -> f64 {
    let m = mean(e);
    (m - e.change.low) * (e.change.high - m) / 7.0
}

/// The standard deviation of one indicator's outcome in a region at `month`, across leaves and
/// the effects' PERT draws, before any clamping to the scale: a mixture of each leaf's sum of
/// independent draws.
pub fn indicator_sd(s: &Scenario, region: &str, indicator: &str, month: u32) -> f64 {
    let r = s.region(region).expect("region");
    let base = r.baseline(indicator).expect("baseline");
    let per_leaf: Vec<(f64, f64, f64)> = leaves(s)
        .iter()
        .map(|(p, effects)| {
            let on: Vec<&Effect> = effects
                .iter()
                .filter(|e| e.region == region && e.indicator == indicator)
                .collect();
            let m = base + on.iter().map(|e| mean(e) * factor(e, month)).sum::<f64>();
            let v: f64 = on
                .iter()
                .map(|e| pert_variance(e) * factor(e, month).powi(2))
                .sum();
            (*p, m, v)
        })
        .collect();
    let mu: f64 = per_leaf.iter().map(|(p, m, _)| p * m).sum();
    per_leaf
        .iter()
        .map(|(p, m, v)| p * (v + (m - mu).powi(2)))
        .sum::<f64>()
        .sqrt()
}

/// A region's baselines, indicator by indicator, read straight from the file's data.
pub fn baselines(s: &Scenario, region: &str) -> Vec<f64> {
    let r = s.regions.iter().find(|r| r.id == region).expect("region");
    s.indicators
        .iter()
        .map(|i| r.baseline(&i.id).expect("baseline"))
        .collect()
}
