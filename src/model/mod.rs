//! The scenario: regions, indicators, the outcome tree, effects and slides.
//!
//! Everything here is plain data. It never imports egui; the engine computes on it and the editor
//! changes it only through `crate::edit`.

pub mod generate;
pub mod limits;
mod prob;
mod tree;
mod validate;

pub use prob::{Prob, REMAINDER_WORD, estimative_words};
pub use tree::TreeIndex;
pub use validate::{
    Diagnostic, Field, Location, Severity, fmt_sum, is_iso_date, validate, validate_with,
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

/// A stability indicator, measured on its own scale in every region.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Indicator {
    /// Stable id used in references.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Unit, e.g. "index" or "% of GDP".
    #[serde(default)]
    pub unit: String,
    /// Lowest value on the scale.
    pub min: f64,
    /// Highest value on the scale.
    pub max: f64,
    /// Whether a higher value means more stability.
    pub higher_is_better: bool,
    /// What the indicator measures.
    #[serde(default)]
    pub description: String,
    /// Value beyond which the indicator is in alert (below it if higher is better, else above).
    pub alert_threshold: f64,
    /// Weight in each region's composite stability index.
    pub weight: f64,
}

impl Indicator {
    /// The value rescaled to 0–100, where 100 is the most stable end of the scale.
    pub fn stability_score(&self, value: f64) -> f64 {
        let span = self.max - self.min;
        if span <= 0.0 || !span.is_finite() {
            return 50.0;
        }
        let t = ((value - self.min) / span).clamp(0.0, 1.0);
        if self.higher_is_better {
            100.0 * t
        } else {
            100.0 * (1.0 - t)
        }
    }

    /// Whether `value` is on the alert side of the threshold.
    pub fn in_alert(&self, value: f64) -> bool {
        if self.higher_is_better {
            value < self.alert_threshold
        } else {
            value > self.alert_threshold
        }
    }

    /// Clamp a value to the indicator's scale.
    pub fn clamp(&self, value: f64) -> f64 {
        if self.min <= self.max {
            value.clamp(self.min, self.max)
        } else {
            value
        }
    }
}

/// A region, with its countries and its baseline value for each indicator.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Region {
    /// Stable id used in references.
    pub id: String,
    /// Display name.
    pub name: String,
    /// ISO 3166-1 alpha-3 codes of the countries it covers.
    #[serde(default)]
    pub countries: Vec<String>,
    /// Baseline value of each indicator, by indicator id, in indicator order.
    #[serde(default)]
    pub baselines: Vec<Baseline>,
}

impl Region {
    /// The baseline of an indicator, if the region sets one.
    pub fn baseline(&self, indicator_id: &str) -> Option<f64> {
        self.baselines
            .iter()
            .find(|b| b.indicator == indicator_id)
            .map(|b| b.value)
    }
}

/// A baseline value of one indicator in one region.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    /// The indicator's id.
    pub indicator: String,
    /// Its value today.
    pub value: f64,
}

/// The class of an outcome.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Outcome {
    /// The talks succeed.
    Success,
    /// A partial or interim deal.
    Partial,
    /// The talks fail.
    Failure,
}

impl Outcome {
    /// Every class, in display order.
    pub const ALL: [Outcome; 3] = [Outcome::Success, Outcome::Partial, Outcome::Failure];

    /// Display label.
    pub fn label(self) -> &'static str {
        match self {
            Self::Success => "Success",
            Self::Partial => "Partial deal",
            Self::Failure => "Failure",
        }
    }

    /// Lower-case word for reports.
    pub fn word(self) -> &'static str {
        match self {
            Self::Success => "success",
            Self::Partial => "partial",
            Self::Failure => "failure",
        }
    }

    /// A glyph that tells the classes apart without colour.
    pub fn icon(self) -> &'static str {
        match self {
            Self::Success => "✓",
            Self::Partial => "◐",
            Self::Failure => "✗",
        }
    }
}

/// One outcome branch of the talks.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Branch {
    /// Stable id used in references.
    pub id: String,
    /// The parent branch's id; `None` for a top-level branch (a child of the root chance node).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// Display name.
    pub name: String,
    /// Outcome class; `None` inherits the parent's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<Outcome>,
    /// Probability conditional on the parent.
    pub probability: Prob,
    /// Uncertainty on the probability, as a low–high range.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub range: Option<ProbRange>,
    /// Whether rebalancing in the editor leaves this branch alone.
    #[serde(default, skip_serializing_if = "is_false")]
    pub locked: bool,
    /// Why this branch has the probability and effects it has.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub rationale: String,
    /// Sources behind the judgement.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<Source>,
    /// Effects of this branch; a leaf carries the effects of every branch on its path.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub effects: Vec<Effect>,
}

fn is_false(b: &bool) -> bool {
    !*b
}

impl Branch {
    /// A new branch with a point probability and nothing else.
    pub fn new(id: impl Into<String>, name: impl Into<String>, probability: Prob) -> Self {
        Self {
            id: id.into(),
            parent: None,
            name: name.into(),
            outcome: None,
            probability,
            range: None,
            locked: false,
            rationale: String::new(),
            sources: Vec::new(),
            effects: Vec::new(),
        }
    }
}

/// A low–high range on a probability, written `(low, high)` in files.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(from = "(f64, f64)", into = "(f64, f64)")]
pub struct ProbRange {
    /// Lowest plausible value.
    pub low: f64,
    /// Highest plausible value.
    pub high: f64,
}

/// The effect of a branch on one indicator in one region.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Effect {
    /// The region's id.
    pub region: String,
    /// The indicator's id.
    pub indicator: String,
    /// The change, in the indicator's unit.
    pub change: Change,
    /// Month at which the effect starts.
    #[serde(default)]
    pub onset_months: u32,
    /// How the effect unfolds after its onset.
    #[serde(default)]
    pub profile: Profile,
}

/// A change as a three-point estimate.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Change {
    /// Low estimate.
    pub low: f64,
    /// Most likely value.
    pub likely: f64,
    /// High estimate.
    pub high: f64,
}

impl From<(f64, f64)> for ProbRange {
    fn from((low, high): (f64, f64)) -> Self {
        Self { low, high }
    }
}

impl From<ProbRange> for (f64, f64) {
    fn from(r: ProbRange) -> Self {
        (r.low, r.high)
    }
}

impl Change {
    /// A change with no uncertainty.
    pub fn point(v: f64) -> Self {
        Self {
            low: v,
            likely: v,
            high: v,
        }
    }
}

/// How an effect unfolds over time after its onset.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub enum Profile {
    /// Full effect from the onset month on.
    #[default]
    Step,
    /// Rises linearly from nothing at the onset to the full effect `months` later.
    Ramp {
        /// Months to reach the full effect.
        months: u32,
    },
    /// Full effect at the onset, then halves every `half_life_months`.
    Spike {
        /// Months for the effect to halve.
        half_life_months: f64,
    },
}

impl Profile {
    /// Short label for the editor.
    pub fn label(self) -> &'static str {
        match self {
            Self::Step => "step",
            Self::Ramp { .. } => "ramp",
            Self::Spike { .. } => "spike",
        }
    }

    /// The share of the full effect at `month`, for an effect starting at `onset_months`.
    pub fn factor(self, onset_months: u32, month: u32) -> f64 {
        if month < onset_months {
            return 0.0;
        }
        let since = f64::from(month - onset_months);
        match self {
            Self::Step => 1.0,
            Self::Ramp { months } => {
                if months == 0 {
                    1.0
                } else {
                    (since / f64::from(months)).min(1.0)
                }
            }
            Self::Spike { half_life_months } => {
                if half_life_months > 0.0 && half_life_months.is_finite() {
                    0.5_f64.powf(since / half_life_months)
                } else {
                    1.0
                }
            }
        }
    }
}

/// What a chart shows; also what a slide saves.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ChartKind {
    /// Expected value by region.
    #[default]
    ExpectedByRegion,
    /// Contributions of each top-level outcome.
    Contributions,
    /// Trajectory over the horizon.
    Trajectory,
    /// Outcome distribution at the horizon.
    Distribution,
    /// Tornado sensitivity.
    Tornado,
    /// Regions × indicators heatmap.
    Heatmap,
    /// The probability tree.
    ProbabilityTree,
}

impl ChartKind {
    /// Every chart, in menu order.
    pub const ALL: [ChartKind; 7] = [
        ChartKind::ExpectedByRegion,
        ChartKind::Contributions,
        ChartKind::Trajectory,
        ChartKind::Distribution,
        ChartKind::Tornado,
        ChartKind::Heatmap,
        ChartKind::ProbabilityTree,
    ];

    /// Display name.
    pub fn label(self) -> &'static str {
        match self {
            Self::ExpectedByRegion => "Expected by region",
            Self::Contributions => "Contributions",
            Self::Trajectory => "Trajectory",
            Self::Distribution => "Distribution",
            Self::Tornado => "Tornado",
            Self::Heatmap => "Heatmap",
            Self::ProbabilityTree => "Probability tree",
        }
    }

    /// A stable file-name stem for exports.
    pub fn slug(self) -> &'static str {
        match self {
            Self::ExpectedByRegion => "expected-by-region",
            Self::Contributions => "contributions",
            Self::Trajectory => "trajectory",
            Self::Distribution => "distribution",
            Self::Tornado => "tornado",
            Self::Heatmap => "heatmap",
            Self::ProbabilityTree => "probability-tree",
        }
    }
}

/// A saved chart with its selection, for presentation mode.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Slide {
    /// Slide title.
    pub title: String,
    /// Which chart.
    pub chart: ChartKind,
    /// The selected region's id, where the chart needs one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// The selected indicator's id; `None` means the composite index.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub indicator: Option<String>,
    /// The selected branch's id, for charts that use one (the tornado's break-even).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub branch: Option<String>,
    /// What the presenter says.
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
