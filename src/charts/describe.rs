//! What a chart says besides its data: the legend, the one-line summary and the footnote,
//! shared by the app and the exports.

use super::{
    Chart, ChartData, Contribution, OutcomeLine, RegionBar, SeriesInfo, TimelineLine,
    break_even_text, fmt_num,
};
use crate::engine::sensitivity::Swing;
use crate::model::Outcome;

/// A colour role, resolved by each renderer's palette.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Ink {
    /// Bars and bands with no outcome colour.
    Series,
    /// Values on the alert side.
    Worse,
    /// More stable.
    Better,
    /// Baseline markers.
    Baseline,
    /// Whiskers and secondary marks.
    Muted,
    /// The alert threshold.
    Threshold,
    /// The expected value line.
    Text,
    /// Probability swings in the tornado.
    Accent,
    /// Effect swings in the tornado (the series colour, lighter).
    Light,
    /// The inner band of the trajectory.
    Band50,
    /// The outer band of the trajectory.
    Band90,
    /// An outcome class.
    Outcome(Option<Outcome>),
    /// The `n`-th view in a comparison.
    View(usize),
    /// Land outside every region on the map: a quiet neutral.
    Land,
}

/// How a legend entry is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mark {
    /// A filled swatch.
    Swatch,
    /// A solid line.
    Line,
    /// A dashed line.
    Dashed,
    /// A diamond.
    Diamond,
    /// A thin line with short ticks at both ends: a range of outcomes.
    Whisker,
    /// A short, thick bar: the interval of an expected value.
    Thick,
    /// A short upright line: a mark across a bar (the baseline, the expected value now).
    Tick,
    /// A dotted line.
    Dotted,
    /// A marker of one of the point shapes (a view in the compare chart).
    Point(PointShape),
    /// An outlined, hatched swatch: a region in alert on the map.
    Hatch,
}

/// Marker shapes that tell views apart without colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PointShape {
    /// A disc.
    Circle,
    /// A square.
    Square,
    /// A diamond.
    Diamond,
    /// A triangle pointing up.
    Up,
    /// A triangle pointing down.
    Down,
    /// A triangle pointing left.
    Left,
}

impl PointShape {
    /// The shape of the `j`-th view.
    pub fn nth(j: usize) -> Self {
        const ALL: [PointShape; 6] = [
            PointShape::Circle,
            PointShape::Square,
            PointShape::Diamond,
            PointShape::Up,
            PointShape::Down,
            PointShape::Left,
        ];
        ALL[j % ALL.len()]
    }

    /// The outline of the shape around (`x`, `y`) with radius `r` (y grows downwards, as on
    /// screen and in SVG); `None` for the circle, drawn as one.
    pub fn polygon(self, x: f64, y: f64, r: f64) -> Option<Vec<(f64, f64)>> {
        let ring = |n: usize, turn: f64| -> Vec<(f64, f64)> {
            (0..n)
                .map(|i| {
                    let a = turn + i as f64 * std::f64::consts::TAU / n as f64;
                    (x + r * a.cos(), y + r * a.sin())
                })
                .collect()
        };
        let q = std::f64::consts::FRAC_PI_2;
        match self {
            Self::Circle => None,
            Self::Square => {
                let h = r * 0.85;
                Some(vec![
                    (x - h, y - h),
                    (x + h, y - h),
                    (x + h, y + h),
                    (x - h, y + h),
                ])
            }
            Self::Diamond => Some(ring(4, -q)),
            Self::Up => Some(ring(3, -q)),
            Self::Down => Some(ring(3, q)),
            Self::Left => Some(ring(3, std::f64::consts::PI)),
        }
    }
}

/// How an outcome's line is drawn, so that classes differ without colour (and the gold and
/// orange lines apart in greyscale): success solid, partial deal dashed, failure dotted.
pub fn outcome_mark(o: Option<Outcome>) -> Mark {
    match o {
        Some(Outcome::Partial) => Mark::Dashed,
        Some(Outcome::Failure) => Mark::Dotted,
        _ => Mark::Line,
    }
}

/// One legend entry.
#[derive(Clone, Debug, PartialEq)]
pub struct LegendItem {
    /// Text.
    pub label: String,
    /// Colour.
    pub ink: Ink,
    /// Shape.
    pub mark: Mark,
}

fn item(label: impl Into<String>, ink: Ink, mark: Mark) -> LegendItem {
    LegendItem {
        label: label.into(),
        ink,
        mark,
    }
}

/// The ink of the timeline's `j`-th line: its outcome class's colour where no other line shares
/// the class, else a colour of its own.
pub fn timeline_ink(lines: &[super::TimelineLine], j: usize) -> Ink {
    let o = lines.get(j).and_then(|l| l.outcome);
    let shared = lines.iter().filter(|l| l.outcome == o).count() > 1;
    match o {
        Some(o) if !shared => Ink::Outcome(Some(o)),
        _ => Ink::View(j),
    }
}

/// A branch name with its class in words, for legends.
pub fn with_class(name: &str, o: Option<Outcome>) -> String {
    match o {
        Some(o) => format!("{name} ({})", o.label().to_lowercase()),
        None => name.to_owned(),
    }
}

impl Chart {
    /// Text shown under the plot: the tornado's break-even readout, then any caveat.
    pub fn footnote(&self) -> Option<String> {
        let readout = match &self.data {
            ChartData::Tornado {
                series,
                break_even: Some((name, be)),
                ..
            } => Some(break_even_text(name, be, series)),
            ChartData::Signposts { left_out, .. } if *left_out > 0 => Some(format!(
                "{left_out} signpost{} left out: some branch has no likelihood for {}.",
                if *left_out == 1 { " is" } else { "s are" },
                if *left_out == 1 { "it" } else { "them" }
            )),
            ChartData::Map { unknown, .. } if !unknown.is_empty() => {
                let list: Vec<String> = unknown
                    .iter()
                    .map(|(region, code)| format!("{code} ({region})"))
                    .collect();
                Some(format!(
                    "Not on the map, as the bundled map data has no such country: {}.",
                    crate::model::limits::shorten(&list.join(", "), 160)
                ))
            }
            _ => None,
        };
        match (readout, &self.note) {
            (Some(a), Some(b)) => Some(format!("{a} {b}")),
            (a, b) => a.or_else(|| b.clone()),
        }
    }

    /// The legend: the same entries in the app and in exports.
    pub fn legend(&self) -> Vec<LegendItem> {
        match &self.data {
            ChartData::ExpectedByRegion { series, bars } => region_bars_legend(series, bars),
            ChartData::Contributions { regions, .. } => contributions_legend(regions),
            ChartData::Trajectory {
                series,
                fan,
                outcomes,
                ..
            } => trajectory_legend(series, fan.is_some(), outcomes),
            ChartData::Distribution {
                series,
                expected,
                prob_alert,
                ..
            } => vec![
                item("Simulated outcomes", Ink::Series, Mark::Swatch),
                item(
                    prob_alert.map_or("In alert".to_owned(), |pa| {
                        format!("In alert: {:.1}%", pa * 100.0)
                    }),
                    Ink::Worse,
                    Mark::Swatch,
                ),
                threshold(series),
                item(
                    format!("Expected ({})", fmt_num(*expected)),
                    Ink::Text,
                    Mark::Line,
                ),
            ],
            ChartData::Tornado {
                series, base, bars, ..
            } => tornado_legend(series, *base, bars),
            ChartData::Heatmap { .. } => vec![
                item("↑ More stable", Ink::Better, Mark::Swatch),
                item("↓ Less stable", Ink::Worse, Mark::Swatch),
            ],
            ChartData::ProbabilityTree { .. } => Outcome::ALL
                .iter()
                .map(|&o| item(o.label(), Ink::Outcome(Some(o)), Mark::Swatch))
                .collect(),
            ChartData::Signposts { series, .. } => vec![
                item("If seen", Ink::Accent, Mark::Swatch),
                item("If not seen", Ink::Light, Mark::Swatch),
                item("Expected now", Ink::Text, Mark::Tick),
                threshold(series),
            ],
            ChartData::Timeline {
                lines, resolution, ..
            } => timeline_legend(lines, resolution.is_some()),
            ChartData::Map { series, .. } => vec![
                item(
                    format!(
                        "In alert ({} {})",
                        if series.higher_is_better {
                            "below"
                        } else {
                            "above"
                        },
                        super::fmt_num(series.threshold)
                    ),
                    Ink::Threshold,
                    Mark::Hatch,
                ),
                item("Not in any region", Ink::Land, Mark::Swatch),
            ],
            ChartData::Compare { series, views, .. } => compare_legend(series, views),
        }
    }
}

/// The dashed threshold line's entry.
fn threshold(s: &SeriesInfo) -> LegendItem {
    item(s.threshold_label(), Ink::Threshold, Mark::Dashed)
}

fn region_bars_legend(series: &SeriesInfo, bars: &[RegionBar]) -> Vec<LegendItem> {
    let mut v = vec![
        item("Expected value", Ink::Series, Mark::Swatch),
        item("Expected value in alert", Ink::Worse, Mark::Swatch),
        item("Baseline", Ink::Baseline, Mark::Tick),
    ];
    if bars.iter().any(|b| b.expected_90.is_some()) {
        v.push(item(
            "Expected value, 90% interval from the probability ranges",
            Ink::Text,
            Mark::Thick,
        ));
    }
    if bars.iter().any(|b| b.p05_p95.is_some()) {
        v.push(item(
            "5–95% of simulated outcomes",
            Ink::Muted,
            Mark::Whisker,
        ));
    }
    v.push(threshold(series));
    v
}

/// The first region's parts (every region has the same), and the net change.
fn contributions_legend(regions: &[(String, Vec<Contribution>, f64)]) -> Vec<LegendItem> {
    let mut v: Vec<LegendItem> = regions
        .first()
        .map(|r| {
            r.1.iter()
                .map(|c| {
                    item(
                        with_class(&c.name, c.outcome),
                        Ink::Outcome(c.outcome),
                        Mark::Swatch,
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    v.push(item("Net change", Ink::Baseline, Mark::Diamond));
    v
}

fn trajectory_legend(series: &SeriesInfo, fan: bool, outcomes: &[OutcomeLine]) -> Vec<LegendItem> {
    let mut v = vec![item("Expected", Ink::Text, Mark::Line)];
    if fan {
        v.push(item("50% of simulated paths", Ink::Band50, Mark::Swatch));
        v.push(item("90% of simulated paths", Ink::Band90, Mark::Swatch));
    }
    for o in outcomes {
        let pct = format!("{:.0}%", o.probability * 100.0);
        v.push(item(
            match o.outcome {
                Some(c) => format!("{} ({}, {pct})", o.name, c.word()),
                None => format!("{} ({pct})", o.name),
            },
            Ink::Outcome(o.outcome),
            outcome_mark(o.outcome),
        ));
    }
    v.push(item("Baseline", Ink::Baseline, Mark::Dotted));
    v.push(threshold(series));
    v
}

fn tornado_legend(series: &SeriesInfo, base: f64, bars: &[Swing]) -> Vec<LegendItem> {
    let mut v = vec![
        item(
            "Top-level probability ±10 points",
            Ink::Accent,
            Mark::Swatch,
        ),
        item("Effect from low to high", Ink::Light, Mark::Swatch),
        item(
            format!("Expected now ({})", fmt_num(base)),
            Ink::Text,
            Mark::Tick,
        ),
    ];
    // Only the lines drawn: the threshold is often off this zoomed axis.
    let (lo, hi) = super::tornado_axis(bars, base, series);
    if (lo..=hi).contains(&series.threshold) {
        v.push(threshold(series));
    }
    v
}

fn timeline_legend(lines: &[TimelineLine], resolution: bool) -> Vec<LegendItem> {
    let mut v: Vec<LegendItem> = lines
        .iter()
        .enumerate()
        .map(|(j, l)| {
            item(
                with_class(&l.name, l.outcome),
                timeline_ink(lines, j),
                Mark::Line,
            )
        })
        .collect();
    v.push(item("Revision", Ink::Muted, Mark::Dotted));
    if resolution {
        v.push(item("Resolution", Ink::Text, Mark::Dashed));
    }
    v
}

fn compare_legend(series: &SeriesInfo, views: &[String]) -> Vec<LegendItem> {
    let mut v: Vec<LegendItem> = views
        .iter()
        .enumerate()
        .map(|(j, name)| item(name, Ink::View(j), Mark::Point(PointShape::nth(j))))
        .collect();
    v.push(item(
        "5–95% of outcomes across the branches",
        Ink::Muted,
        Mark::Whisker,
    ));
    v.push(item("Baseline", Ink::Baseline, Mark::Tick));
    v.push(threshold(series));
    v
}
