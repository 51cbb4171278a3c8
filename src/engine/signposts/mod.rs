//! Signposts in numbers: Bayes' rule over the leaves (here), what each signpost would do if
//! seen or not seen (`board`), and the scores of revisions once the talks resolve (`scores`).
//!
//! An observation multiplies each leaf's absolute probability by P(evidence | leaf) — the
//! signpost's likelihood for "seen", one minus it for "not seen" — and renormalises. Each
//! branch's probability given its parent is then rebuilt from the leaves beneath it.

use crate::model::{Branch, Prob, ProbRange, Scenario, Signpost, TreeIndex};

/// Why an observation cannot be applied.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum BayesError {
    /// A leaf has no likelihood on its path.
    #[error(
        "signpost \"{signpost}\" gives no likelihood for branch \"{leaf}\" or any branch above it"
    )]
    Missing {
        /// The signpost's id.
        signpost: String,
        /// The uncovered leaf's id.
        leaf: String,
    },
    /// Every branch with a chance rules the evidence out.
    #[error(
        "the current probabilities give this observation no chance: every branch with a chance has P({what}) = 0"
    )]
    Impossible {
        /// "seen" or "not seen".
        what: &'static str,
    },
}

/// The probabilities after an observation, branch by branch.
#[derive(Clone, Debug, PartialEq)]
pub struct Posterior {
    /// P(evidence) under the probabilities before.
    pub p_evidence: f64,
    /// Each branch's probability given its parent, before (normalised, remainders filled in).
    pub cond_before: Vec<f64>,
    /// Each branch's probability given its parent, after.
    pub cond_after: Vec<f64>,
    /// Each branch's absolute probability, before.
    pub abs_before: Vec<f64>,
    /// Each branch's absolute probability, after.
    pub abs_after: Vec<f64>,
}

/// Conditional and absolute probability of each branch, as the engine charts them.
pub fn probabilities(s: &Scenario, tree: &TreeIndex) -> (Vec<f64>, Vec<f64>) {
    let cond: Vec<f64> = crate::model::conditional(s, tree)
        .into_iter()
        .map(|p| p.unwrap_or(0.0))
        .collect();
    let mut abs = vec![0.0; cond.len()];
    for &i in &tree.preorder {
        abs[i] = cond[i] * tree.parent[i].map_or(1.0, |p| abs[p]);
    }
    (cond, abs)
}

/// The probabilities after observing `sp` (`seen`, or not seen).
pub fn posterior(
    s: &Scenario,
    tree: &TreeIndex,
    sp: &Signpost,
    seen: bool,
) -> Result<Posterior, BayesError> {
    let (cond, abs) = probabilities(s, tree);
    let likelihood = sp.leaf_likelihoods(tree);
    let n = cond.len();
    let mut after = vec![0.0; n];
    let mut total = 0.0;
    for &i in &tree.preorder {
        if !tree.is_leaf(i) {
            continue;
        }
        let Some(l) = likelihood[i] else {
            return Err(BayesError::Missing {
                signpost: sp.id.clone(),
                leaf: s.branches[i].id.clone(),
            });
        };
        let l = l.clamp(0.0, 1.0);
        after[i] = abs[i] * if seen { l } else { 1.0 - l };
        total += after[i];
    }
    if total.is_nan() || total <= 0.0 {
        return Err(BayesError::Impossible {
            what: if seen { "seen" } else { "not seen" },
        });
    }
    for &i in &tree.preorder {
        if tree.is_leaf(i) {
            after[i] /= total;
        }
    }
    // Children come after their parent in pre-order: sum upwards in reverse.
    for &i in tree.preorder.iter().rev() {
        if !tree.is_leaf(i) {
            after[i] = tree.children[i].iter().map(|&c| after[c]).sum();
        }
    }
    let cond_after = (0..n)
        .map(|i| {
            let parent = tree.parent[i].map_or(1.0, |p| after[p]);
            if tree.reachable[i] && parent > 0.0 {
                (after[i] / parent).clamp(0.0, 1.0)
            } else {
                cond[i]
            }
        })
        .collect();
    Ok(Posterior {
        p_evidence: total,
        cond_before: cond,
        cond_after,
        abs_before: abs,
        abs_after: after,
    })
}

/// The branches as they are after the update: explicit probabilities take their new values,
/// remainders stay remainders (they come out right because their siblings sum correctly),
/// locks stay, and a range moves with its value on the odds scale (see `moved_range`). Only
/// changed branches are returned.
pub fn updated_branches(s: &Scenario, post: &Posterior) -> Vec<Branch> {
    s.branches
        .iter()
        .enumerate()
        .filter_map(|(i, b)| {
            let (old, new) = (post.cond_before[i], post.cond_after[i]);
            let Prob::Value(v) = b.probability else {
                return None;
            };
            // Floating-point noise from renormalising is no change.
            if (v - new).abs() <= 1e-12 {
                return None;
            }
            let mut b = b.clone();
            b.probability = Prob::Value(new);
            b.range = b.range.and_then(|r| moved_range(r, old, new));
            Some(b)
        })
        .collect()
}

/// A range around a probability that moved from `old` to `new`: each end's odds are multiplied
/// by the value's own odds ratio, so the range stays inside 0–1, keeps the value inside it, and
/// is what Bayes' rule would make of its ends (odds × likelihood ratio). A value that becomes
/// 0 or 1 is certain and keeps no range; one that was 0 or 1 has no odds to scale, and its
/// range stays.
pub fn moved_range(r: ProbRange, old: f64, new: f64) -> Option<ProbRange> {
    let inside = |p: f64| p > 0.0 && p < 1.0;
    if !inside(new) {
        return None;
    }
    if !inside(old) {
        return Some(r);
    }
    let odds = |p: f64| p / (1.0 - p);
    let ratio = odds(new) / odds(old);
    let moved = |p: f64| {
        if p <= 0.0 || p >= 1.0 {
            return p.clamp(0.0, 1.0);
        }
        let o = odds(p) * ratio;
        o / (1.0 + o)
    };
    Some(ProbRange {
        low: moved(r.low),
        high: moved(r.high),
    })
}

/// The scenario after an observation, with nothing else changed.
pub fn observed(
    s: &Scenario,
    tree: &TreeIndex,
    sp: &Signpost,
    seen: bool,
) -> Result<Scenario, BayesError> {
    Ok(with_posterior(
        s,
        tree,
        &updated_branches(s, &posterior(s, tree, sp, seen)?),
    ))
}

/// The scenario with `changed` branches (from `updated_branches`) put in place.
pub fn with_posterior(s: &Scenario, tree: &TreeIndex, changed: &[Branch]) -> Scenario {
    let mut out = s.clone();
    for b in changed {
        if let Some(&i) = tree.pos_of.get(&b.id) {
            out.branches[i] = b.clone();
        }
    }
    out
}

mod board;
mod scores;

pub use board::{Board, LeafSums, Outlook, SeriesShift, Shift, board, series_shifts};
pub use scores::{Score, Scored, score, track_record, verdict_word};
