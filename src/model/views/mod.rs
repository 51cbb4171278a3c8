//! Views: named sets of overrides on the base scenario (policy options, analysts' estimates) and
//! the pooled view that combines the analysts.
//!
//! A view never copies the scenario. It lists the branch probabilities (with ranges) and effect
//! estimates it changes; `Scenario::resolved` applies them to a copy when a view is charted. The
//! base scenario is the view "Base" and needs no entry.

use super::{Change, Prob, ProbRange, Scenario, TreeIndex};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// The id that names the base scenario wherever a view id is expected.
pub const BASE_VIEW_ID: &str = "base";
/// The display name of the base scenario as a view.
pub const BASE_VIEW_NAME: &str = "Base";

/// What a view stands for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ViewKind {
    /// A course of action, compared with the others ("US accepts capped enrichment").
    #[default]
    Policy,
    /// One person's or agency's estimates.
    Analyst,
    /// The analysts' views combined; it holds no overrides of its own.
    Pooled,
}

impl ViewKind {
    /// Every kind, in menu order.
    pub const ALL: [ViewKind; 3] = [ViewKind::Policy, ViewKind::Analyst, ViewKind::Pooled];

    /// Display label.
    pub fn label(self) -> &'static str {
        match self {
            Self::Policy => "Policy option",
            Self::Analyst => "Analyst",
            Self::Pooled => "Pooled analysts",
        }
    }
}

/// How a pooled view combines the analysts' probabilities.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Pool {
    /// Weighted mean of each sibling set's probabilities.
    #[default]
    Linear,
    /// Weighted geometric mean, renormalised within each sibling set.
    Logarithmic,
}

impl Pool {
    /// Display label.
    pub fn label(self) -> &'static str {
        match self {
            Self::Linear => "Linear (weighted mean)",
            Self::Logarithmic => "Logarithmic (weighted geometric mean)",
        }
    }
}

/// A branch probability set by a view.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProbOverride {
    /// The branch's id.
    pub branch: String,
    /// Its probability given its parent, in this view.
    pub probability: Prob,
    /// Its uncertainty range in this view (`None`: no range).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub range: Option<ProbRange>,
}

/// An effect estimate set by a view. The base must have the effect; onset and profile stay.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EffectOverride {
    /// The branch's id.
    pub branch: String,
    /// The region's id.
    pub region: String,
    /// The indicator's id.
    pub indicator: String,
    /// The change in this view.
    pub change: Change,
}

fn one() -> f64 {
    1.0
}

fn is_one(w: &f64) -> bool {
    *w == 1.0
}

fn is_default<T: Default + PartialEq>(v: &T) -> bool {
    *v == T::default()
}

/// A named set of overrides on the base scenario.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct View {
    /// Stable id, used by slides, `report --view` and `diff`.
    pub id: String,
    /// Display name.
    pub name: String,
    /// What it stands for.
    #[serde(default)]
    pub kind: ViewKind,
    /// Why it differs from the base, who holds it, when.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    /// An analyst's weight in the pooled view (any positive number; weights are normalised).
    #[serde(default = "one", skip_serializing_if = "is_one")]
    pub weight: f64,
    /// How a pooled view combines the analysts.
    #[serde(default, skip_serializing_if = "is_default")]
    pub pool: Pool,
    /// Branch probabilities this view sets.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub probabilities: Vec<ProbOverride>,
    /// Effect estimates this view sets.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub effects: Vec<EffectOverride>,
    /// Probability overrides whose branch was deleted in the editor: kept apart, not applied.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub detached: Vec<ProbOverride>,
    /// Effect overrides whose branch or effect was deleted in the editor: kept apart.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub detached_effects: Vec<EffectOverride>,
}

impl View {
    /// An empty view of a kind.
    pub fn new(id: impl Into<String>, name: impl Into<String>, kind: ViewKind) -> Self {
        Self {
            id: id.into(),
            name: name.into(),
            kind,
            note: String::new(),
            weight: 1.0,
            pool: Pool::Linear,
            probabilities: Vec::new(),
            effects: Vec::new(),
            detached: Vec::new(),
            detached_effects: Vec::new(),
        }
    }

    /// The probability override of a branch, if this view sets one.
    pub fn probability_of(&self, branch: &str) -> Option<&ProbOverride> {
        self.probabilities.iter().find(|o| o.branch == branch)
    }

    /// Every probability override by branch id, for lookups in a loop (`probability_of` is a
    /// scan, fine once but quadratic over a large set).
    pub fn probability_index(&self) -> HashMap<&str, &ProbOverride> {
        self.probabilities
            .iter()
            .rev()
            .map(|o| (o.branch.as_str(), o))
            .collect()
    }

    /// Every effect override by (branch, region, indicator), likewise.
    pub fn effect_index(&self) -> HashMap<(&str, &str, &str), &Change> {
        self.effects
            .iter()
            .rev()
            .map(|o| {
                (
                    (o.branch.as_str(), o.region.as_str(), o.indicator.as_str()),
                    &o.change,
                )
            })
            .collect()
    }

    /// The effect override of a cell of a branch, if this view sets one.
    pub fn effect_of(&self, branch: &str, region: &str, indicator: &str) -> Option<&Change> {
        self.effects
            .iter()
            .find(|o| o.branch == branch && o.region == region && o.indicator == indicator)
            .map(|o| &o.change)
    }

    /// Whether the view sets anything about this branch.
    pub fn touches(&self, branch: &str) -> bool {
        self.probability_of(branch).is_some() || self.effects.iter().any(|o| o.branch == branch)
    }

    /// Whether it holds overrides that no longer fit and were kept apart.
    pub fn has_detached(&self) -> bool {
        !self.detached.is_empty() || !self.detached_effects.is_empty()
    }
}

/// The spread of the analysts' probabilities for one branch.
#[derive(Clone, Debug, PartialEq)]
pub struct Spread {
    /// The lowest conditional probability and the names of the analysts who hold it.
    pub low: (f64, Vec<String>),
    /// The highest, and who holds it.
    pub high: (f64, Vec<String>),
}

impl Spread {
    /// Whether the analysts disagree at all (by more than a hundredth of a point).
    pub fn differs(&self) -> bool {
        self.high.0 - self.low.0 > 1e-4
    }
}

/// Each branch's probability given its parent, with a remainder filled in and each sibling set
/// normalised as the engine does; `None` for a set that sums to zero or is not finite.
pub fn conditional(s: &Scenario, tree: &TreeIndex) -> Vec<Option<f64>> {
    conditional_by(tree, s.branches.len(), |i| s.branches[i].probability)
}

/// `conditional` with each branch's probability as `view` sets it (the base where it does not).
pub(super) fn conditional_in(s: &Scenario, tree: &TreeIndex, view: &View) -> Vec<Option<f64>> {
    let set: HashMap<usize, Prob> = view
        .probabilities
        .iter()
        .filter_map(|o| Some((*tree.pos_of.get(&o.branch)?, o.probability)))
        .collect();
    conditional_by(tree, s.branches.len(), |i| {
        set.get(&i).copied().unwrap_or(s.branches[i].probability)
    })
}

fn conditional_by(tree: &TreeIndex, n: usize, prob: impl Fn(usize) -> Prob) -> Vec<Option<f64>> {
    let mut out = vec![None; n];
    let sets = std::iter::once(&tree.roots).chain(tree.children.iter());
    for set in sets {
        if set.is_empty() || set.iter().any(|&i| i >= n) {
            continue;
        }
        let explicit: f64 = set.iter().filter_map(|&i| prob(i).value()).sum();
        let rest = (1.0 - explicit).max(0.0);
        let value = |i: usize| match prob(i) {
            Prob::Value(v) => v,
            Prob::Remainder => rest,
        };
        let sum: f64 = set.iter().map(|&i| value(i)).sum();
        if !sum.is_finite() || sum <= 0.0 {
            continue;
        }
        for &i in set {
            out[i] = Some(value(i) / sum);
        }
    }
    out
}

impl Scenario {
    /// The view with this id (the base is not in the list).
    pub fn view(&self, id: &str) -> Option<&View> {
        self.views.iter().find(|v| v.id == id)
    }

    /// The display name of a view id; the base's is "Base".
    pub fn view_name(&self, id: Option<&str>) -> String {
        match id {
            None => BASE_VIEW_NAME.to_owned(),
            Some(id) => self
                .view(id)
                .map_or_else(|| id.to_owned(), |v| v.name.clone()),
        }
    }

    /// The analyst views, in file order.
    pub fn analysts(&self) -> impl Iterator<Item = &View> {
        self.views.iter().filter(|v| v.kind == ViewKind::Analyst)
    }

    /// The scenario as a view sees it: the base with the view's overrides applied (for a pooled
    /// view, the analysts' pool). `None` (or an unknown id) gives the base. Overrides that do not
    /// fit are skipped here; validation reports them.
    pub fn resolved(&self, view: Option<&str>) -> Scenario {
        let mut out = self.clone();
        self.resolve_into(view, &mut out);
        out
    }

    /// `resolved` without the views and slides: what the engine and the report work out from,
    /// at the cost of one copy of the tree, not of every view's overrides too (on a file of 50
    /// views × 10,000 overrides, each view's report held them all).
    pub fn resolved_numbers(&self, view: Option<&str>) -> Scenario {
        let mut out = Scenario {
            header: self.header.clone(),
            indicators: self.indicators.clone(),
            regions: self.regions.clone(),
            branches: self.branches.clone(),
            slides: Vec::new(),
            views: Vec::new(),
            signposts: self.signposts.clone(),
            revisions: self.revisions.clone(),
            resolution: self.resolution.clone(),
        };
        self.resolve_into(view, &mut out);
        out
    }

    /// Apply view `view` of `self` to `out`, a copy of its tree.
    fn resolve_into(&self, view: Option<&str>, out: &mut Scenario) {
        let Some(v) = view.and_then(|id| self.view(id)) else {
            return;
        };
        if v.kind == ViewKind::Pooled {
            super::pool::pool_into(self, v.pool, out);
        } else {
            apply_overrides(v, out);
        }
    }

    /// The spread of the analysts' conditional probabilities, per branch position; empty when
    /// there are fewer than two analyst views.
    pub fn analyst_spreads(&self) -> HashMap<String, Spread> {
        self.analyst_spreads_with(&TreeIndex::new(self))
    }

    /// `analyst_spreads` with the tree already indexed.
    pub fn analyst_spreads_with(&self, tree: &TreeIndex) -> HashMap<String, Spread> {
        let analysts: Vec<&View> = self.analysts().collect();
        if analysts.len() < 2 {
            return HashMap::new();
        }
        let each: Vec<(String, Vec<Option<f64>>)> = analysts
            .iter()
            .map(|a| (a.name.clone(), conditional_in(self, tree, a)))
            .collect();
        let mut out = HashMap::new();
        for (i, b) in self.branches.iter().enumerate() {
            let mut low: Option<(f64, Vec<String>)> = None;
            let mut high: Option<(f64, Vec<String>)> = None;
            for (name, cond) in &each {
                let Some(p) = cond.get(i).copied().flatten() else {
                    continue;
                };
                let near = |x: f64| (x - p).abs() <= 1e-9;
                match &mut low {
                    Some((l, who)) if near(*l) => who.push(name.clone()),
                    Some((l, _)) if *l < p => {}
                    _ => low = Some((p, vec![name.clone()])),
                }
                match &mut high {
                    Some((h, who)) if near(*h) => who.push(name.clone()),
                    Some((h, _)) if *h > p => {}
                    _ => high = Some((p, vec![name.clone()])),
                }
            }
            if let (Some(low), Some(high)) = (low, high) {
                out.insert(b.id.clone(), Spread { low, high });
            }
        }
        out
    }
}

/// Apply one view's overrides to `s` (a copy of the base).
pub(crate) fn apply_overrides(v: &View, s: &mut Scenario) {
    let pos: HashMap<&str, usize> = s
        .branches
        .iter()
        .enumerate()
        .map(|(i, b)| (b.id.as_str(), i))
        .collect();
    let mut probs: Vec<(usize, Prob, Option<ProbRange>)> = Vec::new();
    for o in &v.probabilities {
        if let Some(&i) = pos.get(o.branch.as_str()) {
            probs.push((i, o.probability, o.range));
        }
    }
    let mut cells: Vec<(usize, &EffectOverride)> = Vec::new();
    for o in &v.effects {
        if let Some(&i) = pos.get(o.branch.as_str()) {
            cells.push((i, o));
        }
    }
    for (i, p, r) in probs {
        let b = &mut s.branches[i];
        b.probability = p;
        b.range = r;
    }
    for (i, o) in cells {
        if let Some(e) = s.branches[i]
            .effects
            .iter_mut()
            .find(|e| e.region == o.region && e.indicator == o.indicator)
        {
            e.change = o.change;
        }
    }
}

mod keep;

pub use keep::{views_fit_branches, views_keep_sums, views_keep_sums_in_place};
