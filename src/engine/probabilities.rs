//! The tree's probabilities: each sibling set's point values with remainders filled in and sums
//! normalised, and the leaves under each branch.

use super::compile::Normalised;
use crate::model::{Prob, SUM_TOLERANCE, Scenario, TreeIndex};

/// For each branch, the range of `leaves` under it. Leaves are in pre-order and a subtree is
/// contiguous in pre-order, so each branch's leaves are one run.
pub(super) fn leaf_spans(tree: &TreeIndex, leaves: &[usize], n: usize) -> Vec<(usize, usize)> {
    let mut span = vec![(usize::MAX, 0usize); n];
    for (k, &l) in leaves.iter().enumerate() {
        span[l] = (k, k + 1);
    }
    // Children come after parents in pre-order: merge upwards in reverse.
    for &i in tree.preorder.iter().rev() {
        if let Some(p) = tree.parent[i] {
            let (a, b) = span[i];
            let s = &mut span[p];
            s.0 = s.0.min(a);
            s.1 = s.1.max(b);
        }
    }
    for s in &mut span {
        if s.0 == usize::MAX {
            *s = (0, 0);
        }
    }
    span
}

/// Point probabilities of each sibling set, with remainders filled in and sets that do not sum
/// to one normalised (a set summing to zero, which validation refuses, is spread evenly).
pub(super) fn conditional_probabilities(
    s: &Scenario,
    tree: &TreeIndex,
) -> (Vec<f64>, Vec<Normalised>) {
    let mut cond = vec![0.0; s.branches.len()];
    let mut normalised = Vec::new();
    let sets = std::iter::once((None, &tree.roots)).chain(
        tree.children
            .iter()
            .enumerate()
            .filter(|(_, c)| !c.is_empty())
            .map(|(i, c)| (Some(i), c)),
    );
    for (parent, set) in sets {
        if set.is_empty() {
            continue;
        }
        let explicit: f64 = set
            .iter()
            .filter_map(|&i| s.branches[i].probability.value())
            .map(sanitize)
            .sum();
        let mut remainder_given = false;
        for &i in set {
            cond[i] = match s.branches[i].probability {
                Prob::Value(v) => sanitize(v),
                Prob::Remainder if !remainder_given => {
                    remainder_given = true;
                    (1.0 - explicit).max(0.0)
                }
                Prob::Remainder => 0.0,
            };
        }
        let sum: f64 = set.iter().map(|&i| cond[i]).sum();
        if (sum - 1.0).abs() > SUM_TOLERANCE {
            normalised.push(Normalised { parent, sum });
            if sum > 0.0 {
                for &i in set {
                    cond[i] /= sum;
                }
            } else {
                let even = 1.0 / set.len() as f64;
                for &i in set {
                    cond[i] = even;
                }
            }
        }
    }
    (cond, normalised)
}

fn sanitize(p: f64) -> f64 {
    if p.is_finite() {
        p.clamp(0.0, 1.0)
    } else {
        0.0
    }
}
