//! The outcome tree's branches: their class, probability and effects.

use super::{Prob, Source};
use serde::{Deserialize, Serialize};

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
