//! The data each kind of chart draws: plain values the app and the exports both read.

use super::{SeriesInfo, fmt_num, signed};
use crate::engine::sensitivity::{BreakEven, Swing};
use crate::model::Outcome;

/// One bar of "Expected value by region".
#[derive(Clone, Debug, PartialEq)]
pub struct RegionBar {
    /// Region name.
    pub region: String,
    /// Baseline.
    pub baseline: f64,
    /// Expected value at the horizon.
    pub expected: f64,
    /// 5th and 95th percentiles of simulated values, when a simulation has run.
    pub p05_p95: Option<(f64, f64)>,
    /// 90% interval of the expected value itself, from the probability ranges, when some
    /// probability has a range and the analysis has run.
    pub expected_90: Option<(f64, f64)>,
}

impl RegionBar {
    /// "expected 46.04 (−2.45 from baseline 48.49)".
    pub fn expected_text(&self) -> String {
        format!(
            "expected {} ({} from baseline {})",
            fmt_num(self.expected),
            signed(self.expected - self.baseline),
            fmt_num(self.baseline)
        )
    }

    /// "5–95% of outcomes: 33.1 to 53", once a simulation has run.
    pub fn range_text(&self) -> Option<String> {
        self.p05_p95
            .map(|(lo, hi)| format!("5–95% of outcomes: {} to {}", fmt_num(lo), fmt_num(hi)))
    }

    /// "Expected value, 90% interval from the probability ranges: 45.1 to 47.2".
    pub fn interval_text(&self) -> Option<String> {
        self.expected_90.map(|(lo, hi)| {
            format!(
                "Expected value, 90% interval from the probability ranges: {} to {}",
                fmt_num(lo),
                fmt_num(hi)
            )
        })
    }
}

/// The simulations a chart can draw on, where they have run.
#[derive(Clone, Copy, Debug, Default)]
pub struct Sims<'a> {
    /// The spread of outcomes.
    pub mc: Option<&'a crate::engine::McSummary>,
    /// The uncertainty of the expected values, from the probability ranges.
    pub second: Option<&'a crate::engine::SecondOrder>,
}

/// One top-level outcome's share of a region's change.
#[derive(Clone, Debug, PartialEq)]
pub struct Contribution {
    /// The outcome branch's name.
    pub name: String,
    /// Its class.
    pub outcome: Option<Outcome>,
    /// Probability × mean change.
    pub value: f64,
}

/// A line of the trajectory chart.
#[derive(Clone, Debug, PartialEq)]
pub struct OutcomeLine {
    /// Top-level branch name.
    pub name: String,
    /// Its class.
    pub outcome: Option<Outcome>,
    /// Its probability.
    pub probability: f64,
    /// Mean value per month if this outcome happens.
    pub values: Vec<f64>,
}

/// A node of the probability tree picture.
#[derive(Clone, Debug, PartialEq)]
pub struct TreeNode {
    /// Branch name.
    pub name: String,
    /// Depth (top level is 1; the root is 0).
    pub depth: usize,
    /// Vertical position in leaf units (centre of its leaves).
    pub y: f64,
    /// The parent's index in the node list (`None` for the root).
    pub parent: Option<usize>,
    /// Probability given the parent.
    pub conditional: f64,
    /// Absolute probability.
    pub absolute: f64,
    /// Class.
    pub outcome: Option<Outcome>,
    /// Whether it is drawn as a leaf.
    pub leaf: bool,
    /// Branches below it that the picture does not show (a large tree is summarised).
    pub hidden: usize,
    /// Whether it stands for several siblings folded together ("N more branches"), not for
    /// one branch.
    pub folded: bool,
}

/// One region of the compare chart.
#[derive(Clone, Debug, PartialEq)]
pub struct CompareRow {
    /// Region name.
    pub region: String,
    /// Baseline of the series.
    pub baseline: f64,
    /// Each view's expected value and range of outcomes, in view order.
    pub cells: Vec<crate::engine::compare::Cell>,
}

impl CompareRow {
    /// The difference of view `j` from the first view.
    pub fn difference(&self, j: usize) -> Option<f64> {
        Some(self.cells.get(j)?.expected - self.cells.first()?.expected)
    }
}

/// One signpost on the signposts chart.
#[derive(Clone, Debug, PartialEq)]
pub struct SignpostBar {
    /// The signpost's name.
    pub name: String,
    /// "waiting", "seen", "not seen" or "overdue", on the chart's date.
    pub status: String,
    /// P(seen) under the current probabilities.
    pub chance: f64,
    /// The series' expected value if seen.
    pub if_seen: Option<f64>,
    /// The series' expected value if not seen.
    pub if_not: Option<f64>,
}

/// One top-level outcome's probability over the revisions: a step line.
#[derive(Clone, Debug, PartialEq)]
pub struct TimelineLine {
    /// The branch's name.
    pub name: String,
    /// Its class.
    pub outcome: Option<Outcome>,
    /// (day number, probability) at each step, in order; the value holds until the next.
    pub points: Vec<(f64, f64)>,
}

/// A labelled moment on the timeline.
#[derive(Clone, Debug, PartialEq)]
pub struct TimelineMark {
    /// Day number (days since 1970-01-01).
    pub day: f64,
    /// The date, `YYYY-MM-DD`.
    pub date: String,
    /// What happened: "1 Internet shutdown seen", "3 Manual: …", "Resolved: …".
    pub label: String,
}

/// One region on the map.
#[derive(Clone, Debug, PartialEq)]
pub struct MapRegion {
    /// Its name.
    pub name: String,
    /// Its countries' ISO 3166-1 alpha-3 codes.
    pub countries: Vec<String>,
    /// Baseline value.
    pub baseline: f64,
    /// Expected value at the month shown.
    pub expected: f64,
    /// What its fill shows: the expected value, or its change from the baseline.
    pub shown: f64,
    /// The 5th and 95th percentiles of outcomes at the horizon.
    pub range: (f64, f64),
    /// Whether the range and chance of alert come from the simulation (otherwise from the
    /// spread of outcomes across the branches).
    pub simulated: bool,
    /// The chance of ending on the alert side at the horizon.
    pub prob_alert: f64,
    /// Whether the expected value at the month shown is on the alert side.
    pub alert: bool,
}

impl MapRegion {
    /// The label on the map: "Iran 41.2", or "Iran −3.1" for a change.
    pub fn label(&self, change: bool) -> String {
        let v = if change {
            super::signed(self.shown)
        } else {
            super::fmt_num(self.shown)
        };
        format!("{} {v}", self.name)
    }

    /// The hover text with the region's numbers.
    pub fn tooltip(&self, series: &SeriesInfo, month: usize, horizon: usize) -> String {
        use super::{fmt_num, pct, signed};
        let at = |m: usize| {
            if m == horizon {
                format!("at the horizon (month {m})")
            } else {
                format!("at month {m}")
            }
        };
        let how = if self.simulated {
            "simulated outcomes"
        } else {
            "outcomes across the branches"
        };
        let mut t = format!(
            "{}\n{}\nBaseline: {}\nExpected {}: {} ({} from baseline){}\n5–95% of {how} {}: {} to {}\nChance of alert {}: {}",
            self.name,
            series.axis_label(),
            fmt_num(self.baseline),
            at(month),
            fmt_num(self.expected),
            signed(self.expected - self.baseline),
            if self.alert { ", in alert" } else { "" },
            at(horizon),
            fmt_num(self.range.0),
            fmt_num(self.range.1),
            at(horizon),
            pct(self.prob_alert),
        );
        if !self.countries.is_empty() {
            let list = self.countries.join(", ");
            t.push_str(&format!(
                "\nCountries: {}",
                crate::model::limits::shorten(&list, 120)
            ));
        }
        t
    }
}

/// The data of a chart.
#[derive(Clone, Debug, PartialEq)]
pub enum ChartData {
    /// Expected value by region.
    ExpectedByRegion {
        /// The series.
        series: SeriesInfo,
        /// One bar per region.
        bars: Vec<RegionBar>,
    },
    /// Contributions of each top-level outcome, by region.
    Contributions {
        /// The series.
        series: SeriesInfo,
        /// Per region: its name, each outcome's contribution and the net change.
        regions: Vec<(String, Vec<Contribution>, f64)>,
    },
    /// The trajectory of one region's series.
    Trajectory {
        /// The series.
        series: SeriesInfo,
        /// Region name.
        region: String,
        /// Baseline.
        baseline: f64,
        /// Expected value per month.
        expected: Vec<f64>,
        /// Per month: mean, p05, p25, p50, p75, p95, when simulated for this series.
        fan: Option<Vec<[f64; 6]>>,
        /// One line per top-level outcome.
        outcomes: Vec<OutcomeLine>,
    },
    /// The outcome distribution at the horizon.
    Distribution {
        /// The series.
        series: SeriesInfo,
        /// Region name.
        region: String,
        /// Bins: (from, to, share of samples).
        bins: Vec<(f64, f64, f64)>,
        /// Expected value.
        expected: f64,
        /// Chance of ending on the alert side.
        prob_alert: Option<f64>,
        /// Samples behind it.
        samples: u64,
    },
    /// Tornado sensitivity.
    Tornado {
        /// The series.
        series: SeriesInfo,
        /// Region name.
        region: String,
        /// Expected value now.
        base: f64,
        /// Bars, widest first.
        bars: Vec<Swing>,
        /// Break-even of the chosen branch.
        break_even: Option<(String, BreakEven)>,
    },
    /// Regions × indicators, expected change from baseline.
    Heatmap {
        /// Region names.
        regions: Vec<String>,
        /// Indicator names.
        indicators: Vec<String>,
        /// Per region and indicator: (change, change in stability terms scaled to −1..1).
        cells: Vec<Vec<(f64, f64)>>,
        /// Composite change per region.
        composite: Vec<f64>,
    },
    /// Views side by side, region by region.
    Compare {
        /// The series.
        series: SeriesInfo,
        /// The views' names, in order; the first is what differences are taken from.
        views: Vec<String>,
        /// One row per region.
        rows: Vec<CompareRow>,
    },
    /// What each signpost would do to one region's series if seen and if not.
    Signposts {
        /// The series.
        series: SeriesInfo,
        /// Region name.
        region: String,
        /// The expected value now.
        now: f64,
        /// One bar pair per signpost, most telling first.
        bars: Vec<SignpostBar>,
        /// Signposts left out because they cannot be worked out.
        left_out: usize,
    },
    /// Each top-level outcome's probability over the revisions.
    Timeline {
        /// One step line per top-level branch.
        lines: Vec<TimelineLine>,
        /// One mark per revision.
        marks: Vec<TimelineMark>,
        /// The resolution, if there is one.
        resolution: Option<TimelineMark>,
        /// The first and last day shown.
        span: (f64, f64),
    },
    /// The regions on a map, filled by their value or change.
    Map {
        /// The series.
        series: SeriesInfo,
        /// The colour scale.
        scale: super::MapScale,
        /// The month shown.
        month: usize,
        /// The horizon (the month of the ranges and chances of alert).
        horizon: usize,
        /// One per region, in the scenario's order.
        regions: Vec<MapRegion>,
        /// Country codes the bundled map does not have: (region name, code).
        unknown: Vec<(String, String)>,
    },
    /// The outcome tree with widths in proportion to absolute probability.
    ProbabilityTree {
        /// Nodes, root first, in pre-order.
        nodes: Vec<TreeNode>,
        /// Number of leaves (the height in leaf units).
        leaves: usize,
    },
}

/// A chart ready to draw.
#[derive(Clone, Debug, PartialEq)]
pub struct Chart {
    /// Title.
    pub title: String,
    /// Subtitle: what and when.
    pub subtitle: String,
    /// The note of which scenario and seed it shows.
    pub source: String,
    /// A caveat about the numbers, shown under the chart (where clamping at a scale's end
    /// makes the simulation's mean differ from the expected value).
    pub note: Option<String>,
    /// The data.
    pub data: ChartData,
}
