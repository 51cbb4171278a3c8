//! The pooled view: the analyst views combined, linearly or logarithmically, with their
//! weights.

use super::views::conditional_in;
use super::{Change, Pool, Prob, ProbRange, Scenario, TreeIndex, View};

/// Write the pool of the analyst views into `out` (a copy of the base): every sibling set that an
/// analyst changes gets the pooled probabilities; effects an analyst changes get the weighted
/// mean of the analysts' low, likely and high values.
pub(super) fn pool_into(base: &Scenario, pool: Pool, out: &mut Scenario) {
    let analysts: Vec<&View> = base
        .analysts()
        .filter(|a| a.weight.is_finite() && a.weight > 0.0)
        .collect();
    let Some(weights) = normalised_weights(analysts.iter().map(|a| a.weight)) else {
        return;
    };
    let tree = TreeIndex::new(base);
    let conds: Vec<Vec<Option<f64>>> = analysts
        .iter()
        .map(|a| conditional_in(base, &tree, a))
        .collect();
    // The sibling sets an analyst touches.
    let touched_parent = |id: &str| {
        tree.pos_of
            .get(id)
            .map(|&i| tree.parent.get(i).copied().flatten())
    };
    let mut sets: Vec<Option<usize>> = analysts
        .iter()
        .flat_map(|a| a.probabilities.iter())
        .filter_map(|o| touched_parent(&o.branch))
        .collect();
    sets.sort_unstable();
    sets.dedup();
    for parent in sets {
        let set: &[usize] = match parent {
            None => &tree.roots,
            Some(p) => match tree.children.get(p) {
                Some(c) => c,
                None => continue,
            },
        };
        let Some(pooled) = pool_set(set, &conds, &weights, pool) else {
            continue;
        };
        for (&i, p) in set.iter().zip(pooled) {
            let b = &mut out.branches[i];
            // The base's remainder stays the remainder (the pooled set sums to 1, so it comes
            // out at its pooled value), and like any remainder it takes what its siblings'
            // ranges leave rather than a range of its own.
            if b.probability.is_remainder() {
                b.range = None;
                continue;
            }
            b.probability = Prob::Value(p);
            // The range shows the analysts' disagreement: lowest to highest, taking in the pool.
            let values = conds.iter().filter_map(|c| c.get(i).copied().flatten());
            let (lo, hi) = values.fold((p, p), |(lo, hi), v| (lo.min(v), hi.max(v)));
            b.range = (hi - lo > 1e-9).then_some(ProbRange { low: lo, high: hi });
        }
    }
    // Effects: the weighted mean of each analyst's estimate, for cells any analyst sets.
    let mut cells: Vec<(&str, &str, &str)> = analysts
        .iter()
        .flat_map(|a| a.effects.iter())
        .map(|o| (o.branch.as_str(), o.region.as_str(), o.indicator.as_str()))
        .collect();
    cells.sort_unstable();
    cells.dedup();
    let indexes: Vec<_> = analysts.iter().map(|a| a.effect_index()).collect();
    for (branch, region, indicator) in cells {
        let Some(&i) = tree.pos_of.get(branch) else {
            continue;
        };
        let Some(base_change) = base.branches[i]
            .effects
            .iter()
            .find(|e| e.region == region && e.indicator == indicator)
            .map(|e| e.change)
        else {
            continue;
        };
        let mut mean = Change::default();
        for (index, w) in indexes.iter().zip(&weights) {
            let c = index
                .get(&(branch, region, indicator))
                .copied()
                .copied()
                .unwrap_or(base_change);
            mean.low += w * c.low;
            mean.likely += w * c.likely;
            mean.high += w * c.high;
        }
        if let Some(e) = out.branches[i]
            .effects
            .iter_mut()
            .find(|e| e.region == region && e.indicator == indicator)
        {
            e.change = mean;
        }
    }
}

/// Weights scaled to sum to 1. Each is divided by the largest first, so no sum can overflow:
/// two analysts weighted 1e308 each get a half each. `None` if there is no positive weight.
pub(crate) fn normalised_weights(weights: impl Iterator<Item = f64> + Clone) -> Option<Vec<f64>> {
    let largest = weights.clone().fold(0.0_f64, f64::max);
    if !(largest > 0.0 && largest.is_finite()) {
        return None;
    }
    let scaled: Vec<f64> = weights.map(|w| w / largest).collect();
    let total: f64 = scaled.iter().sum();
    Some(scaled.into_iter().map(|w| w / total).collect())
}

/// The pooled probabilities of one sibling set, or `None` if no analyst gives it a distribution.
fn pool_set(
    set: &[usize],
    conds: &[Vec<Option<f64>>],
    weights: &[f64],
    pool: Pool,
) -> Option<Vec<f64>> {
    // Analysts whose set is usable, with their weights renormalised among them.
    let usable: Vec<(f64, &Vec<Option<f64>>)> = weights
        .iter()
        .zip(conds)
        .filter(|(_, c)| set.iter().all(|&i| c.get(i).copied().flatten().is_some()))
        .map(|(w, c)| (*w, c))
        .collect();
    // The weights here already sum to at most 1, so this sum cannot overflow.
    let total: f64 = usable.iter().map(|(w, _)| w).sum();
    if usable.is_empty() || total <= 0.0 {
        return None;
    }
    let p = |c: &Vec<Option<f64>>, i: usize| c.get(i).copied().flatten().unwrap_or(0.0);
    let linear = || -> Vec<f64> {
        set.iter()
            .map(|&i| usable.iter().map(|(w, c)| w / total * p(c, i)).sum())
            .collect()
    };
    match pool {
        Pool::Linear => Some(linear()),
        Pool::Logarithmic => {
            let raw: Vec<f64> = set
                .iter()
                .map(|&i| {
                    usable
                        .iter()
                        .map(|(w, c)| p(c, i).powf(w / total))
                        .product()
                })
                .collect();
            let sum: f64 = raw.iter().sum();
            // Every branch ruled out by someone: the geometric pool is undefined, so fall back
            // to the linear one rather than divide by zero.
            if sum > 0.0 && sum.is_finite() {
                Some(raw.into_iter().map(|v| v / sum).collect())
            } else {
                Some(linear())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::normalised_weights;

    #[test]
    fn weights_normalise_without_overflow() {
        let w = normalised_weights([1e308, 1e308].into_iter()).expect("weights");
        assert_eq!(w, vec![0.5, 0.5]);
        let w = normalised_weights([f64::MAX, f64::MAX / 3.0].into_iter()).expect("weights");
        assert!(
            (w[0] - 0.75).abs() < 1e-15 && (w[1] - 0.25).abs() < 1e-15,
            "{w:?}"
        );
        let w = normalised_weights([2.0, 6.0].into_iter()).expect("weights");
        assert_eq!(w, vec![0.25, 0.75]);
        assert_eq!(normalised_weights([0.0].into_iter()), None);
        assert_eq!(normalised_weights(std::iter::empty()), None);
    }
}
