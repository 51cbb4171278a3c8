//! The scenario: regions, indicators, the outcome tree, effects and slides.
//!
//! Everything here is plain data. It never imports egui; the engine computes on it and the editor
//! changes it only through `crate::edit`.

mod branch;
pub mod dates;
pub mod diff;
pub mod generate;
pub mod limits;
mod measures;
mod pool;
mod prob;
mod signposts;
mod slide;
mod tree;
mod validate;
mod views;

pub use branch::{Branch, Change, Effect, Outcome, ProbRange, Profile};
pub use measures::{Baseline, Indicator, Region};
pub use prob::{Prob, REMAINDER_WORD, estimative_words};
pub use signposts::{
    ESTIMATIVE_LEVELS, Evidence, Held, Likelihood, Resolution, Revision, Signpost, SourceType,
    Status, compress_revisions, record_now, record_of, walk_record,
};
pub use slide::{ChartKind, Slide};
pub use tree::TreeIndex;
pub use validate::{
    Diagnostic, Field, Location, Severity, first_sum_problem, fmt_sum, is_iso_date,
    set_sums_to_one, validate, validate_with,
};
pub use views::{
    BASE_VIEW_ID, BASE_VIEW_NAME, EffectOverride, Pool, ProbOverride, Spread, View, ViewKind,
    conditional, views_fit_branches, views_keep_sums, views_keep_sums_in_place,
};

use serde::{Deserialize, Serialize};

/// Default planning horizon in months.
pub const DEFAULT_HORIZON_MONTHS: u32 = 24;
/// Longest horizon the engine accepts (50 years of months).
pub const MAX_HORIZON_MONTHS: u32 = 600;
/// Tolerance within which a sibling set must sum to one.
pub const SUM_TOLERANCE: f64 = 1e-9;

/// The scenario-wide facts: what it is, when and by whom it was made, and how far it looks.
///
/// Files keep these fields at the top level; the model keeps them together so that every
/// place that copies them (file formats, the editor's undo) names each one once.
#[derive(Clone, Debug, PartialEq)]
pub struct Header {
    /// Short title, shown in the window title and on every chart.
    pub title: String,
    /// What the scenario is about, and its caveats.
    pub summary: String,
    /// The date the judgements were made, `YYYY-MM-DD`.
    pub as_of: String,
    /// Who made the judgements.
    pub authors: Vec<String>,
    /// Sources behind the scenario as a whole.
    pub sources: Vec<Source>,
    /// How many months ahead the effects are followed.
    pub horizon_months: u32,
    /// Seed of the Monte Carlo generator.
    pub seed: u64,
    /// Whether the numbers are illustrative; exports say so in their source line.
    pub illustrative: bool,
}

impl Default for Header {
    fn default() -> Self {
        Self {
            title: "Untitled scenario".to_owned(),
            summary: String::new(),
            as_of: String::new(),
            authors: Vec::new(),
            sources: Vec::new(),
            horizon_months: DEFAULT_HORIZON_MONTHS,
            seed: 1,
            illustrative: false,
        }
    }
}

/// A whole scenario, as edited and saved.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Scenario {
    /// Title, summary, date, authors, sources, horizon, seed.
    pub header: Header,
    /// The stability indicators, shared by every region.
    pub indicators: Vec<Indicator>,
    /// The regions, each with a baseline for every indicator.
    pub regions: Vec<Region>,
    /// The outcome branches, flat: each names its parent, and siblings keep their order.
    pub branches: Vec<Branch>,
    /// Saved charts for presentation mode.
    pub slides: Vec<Slide>,
    /// Named sets of overrides: policy options, analysts and their pool.
    pub views: Vec<View>,
    /// Events to watch for, with what each would say about the branches.
    pub signposts: Vec<Signpost>,
    /// Accepted changes of the probabilities, oldest first.
    pub revisions: Vec<Revision>,
    /// Which branch happened, once the talks resolve.
    pub resolution: Option<Resolution>,
}

/// A cited source.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Title of the source.
    pub title: String,
    /// Where to find it (URL or reference).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub link: String,
    /// What it supports.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

impl Scenario {
    /// The indicator with this id.
    pub fn indicator(&self, id: &str) -> Option<&Indicator> {
        self.indicators.iter().find(|i| i.id == id)
    }

    /// The region with this id.
    pub fn region(&self, id: &str) -> Option<&Region> {
        self.regions.iter().find(|r| r.id == id)
    }

    /// The branch with this id.
    pub fn branch(&self, id: &str) -> Option<&Branch> {
        self.branches.iter().find(|b| b.id == id)
    }

    /// Position of the branch with this id in `branches`.
    pub fn branch_pos(&self, id: &str) -> Option<usize> {
        self.branches.iter().position(|b| b.id == id)
    }

    /// The source line that exports print under every chart.
    pub fn source_line(&self) -> String {
        let h = &self.header;
        let mut s = h.title.clone();
        if !h.as_of.is_empty() {
            s.push_str(&format!(", as of {}", h.as_of));
        }
        if h.illustrative {
            s.push_str(" — illustrative numbers");
        }
        s
    }

    /// A fresh id, based on `stem`, that no branch, region or indicator uses yet.
    pub fn fresh_id(&self, stem: &str) -> String {
        let stem: String = stem
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() {
                    c.to_ascii_lowercase()
                } else {
                    '-'
                }
            })
            .collect::<String>()
            .split('-')
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join("-");
        let stem = if stem.is_empty() {
            "item".to_owned()
        } else {
            stem
        };
        let taken = |id: &str| {
            self.branches.iter().any(|b| b.id == id)
                || self.regions.iter().any(|r| r.id == id)
                || self.indicators.iter().any(|i| i.id == id)
        };
        if !taken(&stem) {
            return stem;
        }
        (2..)
            .map(|n| format!("{stem}-{n}"))
            .find(|id| !taken(id))
            .unwrap_or(stem)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profiles_unfold_as_documented() {
        assert_eq!(Profile::Step.factor(3, 2), 0.0);
        assert_eq!(Profile::Step.factor(3, 3), 1.0);
        let ramp = Profile::Ramp { months: 4 };
        assert_eq!(ramp.factor(0, 0), 0.0);
        assert_eq!(ramp.factor(0, 2), 0.5);
        assert_eq!(ramp.factor(0, 4), 1.0);
        assert_eq!(ramp.factor(0, 10), 1.0);
        let spike = Profile::Spike {
            half_life_months: 2.0,
        };
        assert_eq!(spike.factor(1, 1), 1.0);
        assert!((spike.factor(1, 3) - 0.5).abs() < 1e-12);
        assert!((spike.factor(1, 5) - 0.25).abs() < 1e-12);
    }

    #[test]
    fn stability_score_follows_direction() {
        let mut ind = Indicator {
            id: "x".into(),
            name: "X".into(),
            unit: String::new(),
            min: 0.0,
            max: 200.0,
            higher_is_better: true,
            description: String::new(),
            alert_threshold: 50.0,
            weight: 1.0,
        };
        assert_eq!(ind.stability_score(50.0), 25.0);
        assert!(ind.in_alert(40.0));
        ind.higher_is_better = false;
        assert_eq!(ind.stability_score(50.0), 75.0);
        assert!(ind.in_alert(60.0));
    }

    #[test]
    fn fresh_ids_avoid_collisions() {
        let mut s = Scenario::default();
        s.branches
            .push(Branch::new("new-branch", "x", Prob::Value(1.0)));
        assert_eq!(s.fresh_id("New branch"), "new-branch-2");
        assert_eq!(s.fresh_id("  "), "item");
    }
}
