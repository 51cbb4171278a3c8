//! Scores of the record once the talks resolve: Brier and log scores of each revision, and the
//! track record.

use super::probabilities;
use crate::model::{Resolution, Scenario, TreeIndex};
use std::collections::BTreeMap;

/// How good a set of probabilities was, once the outcome is known.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Score {
    /// The probability given to what happened.
    pub probability: f64,
    /// Brier score over the outcomes at the resolved branch's level: Σ (p − happened)², from 0
    /// (perfect) to 2. Lower is better.
    pub brier: f64,
    /// Natural log of the probability given to what happened: 0 is perfect, −∞ for a branch
    /// ruled out. Higher is better.
    pub log: f64,
}

/// The outcomes a resolution is scored over: the branches at the resolved branch's depth, and
/// the leaves above that depth (together, one of each path's branches: they partition the
/// outcomes).
fn scored_set(tree: &TreeIndex, depth: usize) -> Vec<usize> {
    tree.preorder
        .iter()
        .copied()
        .filter(|&i| tree.depth[i] == depth || (tree.depth[i] < depth && tree.is_leaf(i)))
        .collect()
}

/// Score recorded probabilities (each branch's probability given its parent, by id, as a
/// revision keeps them) against the resolution. Branches the record lacks take their current
/// probability. `None` when the resolved branch is not in the tree.
pub fn score(
    s: &Scenario,
    tree: &TreeIndex,
    record: &BTreeMap<String, f64>,
    resolution: &Resolution,
) -> Option<Score> {
    Scorer::new(s, tree, resolution)?.score(|id| record.get(id).copied())
}

/// What scoring needs once per scenario: the current probabilities, the resolved branch and
/// the outcomes scored over; each record then costs one pass over the tree.
struct Scorer<'a> {
    s: &'a Scenario,
    tree: &'a TreeIndex,
    now: Vec<f64>,
    hit: usize,
    set: Vec<usize>,
}

impl<'a> Scorer<'a> {
    fn new(s: &'a Scenario, tree: &'a TreeIndex, resolution: &Resolution) -> Option<Self> {
        let &hit = tree.pos_of.get(&resolution.branch)?;
        if !tree.reachable[hit] {
            return None;
        }
        let (now, _) = probabilities(s, tree);
        Some(Self {
            s,
            tree,
            now,
            hit,
            set: scored_set(tree, tree.depth[hit]),
        })
    }

    /// The score of the probabilities `record` gives (by branch id; the current ones where it
    /// gives none).
    fn score(&self, record: impl Fn(&str) -> Option<f64>) -> Option<Score> {
        let tree = self.tree;
        let mut abs = vec![0.0; self.now.len()];
        for &i in &tree.preorder {
            let c = record(&self.s.branches[i].id)
                .filter(|p| p.is_finite())
                .unwrap_or(self.now[i]);
            abs[i] = c * tree.parent[i].map_or(1.0, |p| abs[p]);
        }
        let brier = self
            .set
            .iter()
            .map(|&i| {
                let o = if i == self.hit { 1.0 } else { 0.0 };
                (abs[i] - o).powi(2)
            })
            .sum();
        Some(Score {
            probability: abs[self.hit],
            brier,
            log: abs[self.hit].ln(),
        })
    }
}

/// "better", "worse" or "same" for a change of Brier score.
pub fn verdict_word(change: f64) -> &'static str {
    if change.abs() <= 1e-9 {
        "same"
    } else if change < 0.0 {
        "better"
    } else {
        "worse"
    }
}

/// One row of the track record.
#[derive(Clone, Debug, PartialEq)]
pub struct Scored {
    /// The revision's position, or `None` for the probabilities before the first revision.
    pub revision: Option<usize>,
    /// Its score.
    pub score: Score,
    /// Its Brier score minus the row before's (negative: an improvement); `None` for the first
    /// row.
    pub change: Option<f64>,
}

/// The track record: the probabilities before the first revision, then after each revision,
/// each scored against the resolution. Empty while unresolved.
pub fn track_record(s: &Scenario, tree: &TreeIndex) -> Vec<Scored> {
    let Some(res) = &s.resolution else {
        return Vec::new();
    };
    let Some(scorer) = Scorer::new(s, tree, res) else {
        return Vec::new();
    };
    let mut rows: Vec<Scored> = Vec::new();
    crate::model::walk_record(&s.revisions, |k, _, before, after| {
        if k == 0
            && let Some(score) = scorer.score(|id| before.get(id))
        {
            rows.push(Scored {
                revision: None,
                score,
                change: None,
            });
        }
        if let Some(score) = scorer.score(|id| after.get(id)) {
            let change = rows
                .last()
                .map(|prev: &Scored| score.brier - prev.score.brier);
            rows.push(Scored {
                revision: Some(k),
                score,
                change,
            });
        }
    });
    rows
}
