//! Charts and the slides that save them.

use serde::{Deserialize, Serialize};

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
    /// Views side by side, region by region.
    Compare,
    /// What each signpost would do if seen and if not.
    Signposts,
    /// The top-level outcomes' probabilities over the revisions.
    Timeline,
    /// A map of the regions, filled by their expected value or change.
    Map,
}

impl ChartKind {
    /// Every chart, in menu order.
    pub const ALL: [ChartKind; 11] = [
        ChartKind::ExpectedByRegion,
        ChartKind::Map,
        ChartKind::Contributions,
        ChartKind::Trajectory,
        ChartKind::Distribution,
        ChartKind::Tornado,
        ChartKind::Heatmap,
        ChartKind::ProbabilityTree,
        ChartKind::Compare,
        ChartKind::Signposts,
        ChartKind::Timeline,
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
            Self::Compare => "Compare views",
            Self::Signposts => "Signposts",
            Self::Timeline => "Revision timeline",
            Self::Map => "Map",
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
            Self::Compare => "compare-views",
            Self::Signposts => "signposts",
            Self::Timeline => "revision-timeline",
            Self::Map => "map",
        }
    }
}

/// A saved chart with its selection, for presentation mode.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
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
    /// The view the slide shows (`None`: Base).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub view: Option<String>,
    /// The views a compare chart sets side by side (`"base"` names the base).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub compare: Vec<String>,
    /// The month a map shows (`None`: the horizon).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub month: Option<u32>,
    /// Whether a map shows the change from the baseline rather than the level.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub change: bool,
}
