//! What a team's file holds beside the tree: probability ranges on sibling sets, signposts with
//! likelihoods, revisions, and policy, analyst and pooled views. Added to a generated tree, so
//! that benchmarks, stress tests and users can make files of the shape teams have.

use super::Mix;
use crate::model::{
    Change, EffectOverride, Evidence, Likelihood, Pool, Prob, ProbOverride, ProbRange, Revision,
    Scenario, Signpost, SourceType, TreeIndex, View, ViewKind,
};

/// Which branches of a generated tree carry a probability range.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum RangeCover {
    /// None.
    None,
    /// Every other branch with a value of its own (what `generate` has always made).
    #[default]
    Some,
    /// Every branch with a value of its own, in every sibling set (remainders take the rest).
    All,
}

/// What to add to a generated tree.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Extras {
    /// Which branches get a range.
    pub ranges: RangeCover,
    /// Signposts, each with likelihoods on the top-level branches and a few deeper ones.
    pub signposts: usize,
    /// Revisions: observations of the first signposts (one each), then manual revisions.
    pub revisions: usize,
    /// Views: policy options, then analysts, and a pooled view when there are two analysts.
    pub views: usize,
}

/// Sets of overrides each generated policy or analyst view holds.
const SETS_PER_VIEW: usize = 40;
/// Effect overrides each generated view holds.
const EFFECTS_PER_VIEW: usize = 20;

/// The range a generated branch with probability `p` gets.
pub(super) fn range_around(p: f64) -> ProbRange {
    ProbRange {
        low: super::round((p - 0.05).max(0.0), 4),
        high: super::round((p + 0.05).min(1.0), 4),
    }
}

/// Add `extras` to `s`, a generated scenario (ranges are set while the tree is made).
pub(super) fn add(s: &mut Scenario, extras: &Extras, rng: &mut Mix) {
    let extras = Extras {
        signposts: extras.signposts.min(crate::model::limits::MAX_SIGNPOSTS),
        revisions: extras.revisions.min(crate::model::limits::MAX_REVISIONS),
        views: extras.views.min(crate::model::limits::MAX_VIEWS),
        ..*extras
    };
    let tree = TreeIndex::new(s);
    add_signposts(s, &tree, extras.signposts, rng);
    add_views(s, &tree, extras.views, rng);
    add_revisions(s, &tree, extras.revisions, rng);
}

fn date(day: u64) -> String {
    crate::model::dates::date_of_day(20_454 + day as i64) // from 2026-01-01
}

fn add_signposts(s: &mut Scenario, tree: &TreeIndex, n: usize, rng: &mut Mix) {
    let inner: Vec<usize> = tree
        .preorder
        .iter()
        .copied()
        .filter(|&i| tree.depth[i] > 0)
        .collect();
    for k in 0..n {
        // Every top-level branch, so every leaf has a likelihood; then a few deeper nodes
        // that refine their subtrees.
        let mut likelihoods: Vec<Likelihood> = tree
            .roots
            .iter()
            .map(|&i| Likelihood {
                branch: s.branches[i].id.clone(),
                seen: super::round(rng.range(0.05, 0.95), 3),
            })
            .collect();
        for _ in 0..(1 + rng.below(3)).min(inner.len()) {
            let i = inner[rng.below(inner.len())];
            let id = &s.branches[i].id;
            if likelihoods.iter().all(|l| &l.branch != id) {
                likelihoods.push(Likelihood {
                    branch: id.clone(),
                    seen: super::round(rng.range(0.05, 0.95), 3),
                });
            }
        }
        s.signposts.push(Signpost {
            id: format!("sp-{}", k + 1),
            name: format!("Signpost {}", k + 1),
            description: "A synthetic event to watch for.".into(),
            watch: "Synthetic reporting.".into(),
            source: SourceType::ALL[k % SourceType::ALL.len()],
            expected_by: Some(date(60 + (k as u64 % 300))),
            rationale: String::new(),
            likelihoods,
        });
    }
}

/// The sibling sets of the tree: the top level, then each inner branch's children.
fn sets(tree: &TreeIndex) -> Vec<&[usize]> {
    std::iter::once(tree.roots.as_slice())
        .chain(
            tree.preorder
                .iter()
                .map(|&i| tree.children[i].as_slice())
                .filter(|c| !c.is_empty()),
        )
        .collect()
}

/// New values for a set's branches that have values of their own, each moved by up to a
/// fifth, scaled so that they leave room for the remainder (or sum to 1 without one).
fn moved_values(s: &Scenario, set: &[usize], rng: &mut Mix) -> Vec<Option<f64>> {
    let has_remainder = set
        .iter()
        .any(|&i| s.branches[i].probability.is_remainder());
    let mut values: Vec<Option<f64>> = set
        .iter()
        .map(|&i| {
            s.branches[i]
                .probability
                .value()
                .map(|v| (v * rng.range(0.8, 1.2)).max(0.0))
        })
        .collect();
    let total: f64 = values.iter().flatten().sum();
    let room = if has_remainder { 0.95 } else { 1.0 };
    if total > 0.0 && (!has_remainder || total > room) {
        for v in values.iter_mut().flatten() {
            *v = super::round(*v * room / total, 6);
        }
        if !has_remainder {
            // Exactly 1: the last value takes the rounding.
            let others: f64 = values.iter().rev().skip(1).flatten().sum();
            if let Some(Some(last)) = values.iter_mut().rev().find(|v| v.is_some()) {
                *last = (1.0 - others).max(0.0);
            }
        }
    } else {
        for v in values.iter_mut().flatten() {
            *v = super::round(*v, 6);
        }
    }
    values
}

fn add_views(s: &mut Scenario, tree: &TreeIndex, n: usize, rng: &mut Mix) {
    if n == 0 {
        return;
    }
    let all_sets = sets(tree);
    let with_effects: Vec<usize> = (0..s.branches.len())
        .filter(|&i| !s.branches[i].effects.is_empty())
        .collect();
    // A pooled view needs two analysts: one of each three views is an analyst, the last pools.
    let pooled = n >= 3;
    let own = if pooled { n - 1 } else { n };
    for k in 0..own {
        let analyst = k % 3 == 2;
        let (id, kind) = if analyst {
            (format!("analyst-{}", k + 1), ViewKind::Analyst)
        } else {
            (format!("option-{}", k + 1), ViewKind::Policy)
        };
        let mut v = View::new(
            id,
            format!("{} {}", if analyst { "Analyst" } else { "Option" }, k + 1),
            kind,
        );
        v.note = "A synthetic view.".into();
        if analyst {
            v.weight = 1.0 + (k % 4) as f64 * 0.5;
        }
        let mut chosen: Vec<usize> = (0..SETS_PER_VIEW.min(all_sets.len()))
            .map(|_| rng.below(all_sets.len()))
            .collect();
        chosen.sort_unstable();
        chosen.dedup();
        for c in chosen {
            let set = all_sets[c];
            for (&i, value) in set.iter().zip(moved_values(s, set, rng)) {
                let Some(p) = value else { continue };
                let b = &s.branches[i];
                v.probabilities.push(ProbOverride {
                    branch: b.id.clone(),
                    probability: Prob::Value(p),
                    range: (!analyst && b.range.is_some()).then(|| range_around(p)),
                });
            }
        }
        for _ in 0..EFFECTS_PER_VIEW.min(with_effects.len()) {
            let i = with_effects[rng.below(with_effects.len())];
            let b = &s.branches[i];
            let e = &b.effects[0];
            if v.effects
                .iter()
                .any(|o| o.branch == b.id && o.region == e.region && o.indicator == e.indicator)
            {
                continue;
            }
            let shift = super::round(rng.range(-2.0, 2.0), 2);
            v.effects.push(EffectOverride {
                branch: b.id.clone(),
                region: e.region.clone(),
                indicator: e.indicator.clone(),
                change: Change {
                    low: e.change.low + shift,
                    likely: e.change.likely + shift,
                    high: e.change.high + shift,
                },
            });
        }
        s.views.push(v);
    }
    if pooled {
        let mut v = View::new("pooled", "Pooled analysts", ViewKind::Pooled);
        v.pool = Pool::Linear;
        s.views.push(v);
    }
}

fn add_revisions(s: &mut Scenario, tree: &TreeIndex, n: usize, rng: &mut Mix) {
    if n == 0 {
        return;
    }
    let all_sets = sets(tree);
    let mut held: std::collections::HashMap<String, f64> = std::collections::HashMap::new();
    for k in 0..n {
        // A revision moves the values of one sibling set, as a judgement or an observation
        // would, and records what it adds to the record.
        let before = s.probability_snapshot(tree);
        let set = all_sets[rng.below(all_sets.len())];
        for (&i, value) in set.iter().zip(moved_values(s, set, rng)) {
            if let Some(p) = value {
                let b = &mut s.branches[i];
                b.probability = Prob::Value(p);
                // The range moves with the value, as an observation moves it.
                if b.range.is_some() {
                    b.range = Some(range_around(p));
                }
            }
        }
        let after = s.probability_snapshot(tree);
        let (before, after) = Revision::between(|id| held.get(id).copied(), &before, &after);
        for (id, &p) in before.iter().chain(&after) {
            held.insert(id.clone(), p);
        }
        let evidence = s.signposts.get(k).map(|sp| Evidence {
            signpost: sp.id.clone(),
            seen: rng.below(2) == 0,
        });
        s.revisions.push(Revision {
            date: date(k as u64),
            evidence,
            note: format!("Synthetic revision {}.", k + 1),
            before,
            after,
        });
    }
}
