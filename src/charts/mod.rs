//! What each chart shows, as plain data built from the scenario and the engine's results. The
//! app draws it with egui_plot and the exporter writes it as SVG, so both show the same numbers.

mod build;
mod build_map;
mod build_moves;
mod build_paths;
mod build_timeline;
mod data;
mod describe;
mod fold;
mod layout;
mod map_scale;
mod summary;

pub use build::{build, files_chart};
pub use data::{
    Chart, ChartData, CompareRow, Contribution, MapRegion, OutcomeLine, RegionBar, SignpostBar,
    Sims, TimelineLine, TimelineMark, TreeNode,
};
pub use describe::{Ink, LegendItem, Mark, PointShape, outcome_mark, timeline_ink, with_class};
pub use map_scale::{MapScale, ScaleKind};

use crate::engine::sensitivity::{BreakEven, Swing};
use crate::model::{ChartKind, Scenario};

/// What a chart is of: the chart kind and its selection. The default is the expected composite
/// by region.
#[derive(Clone, Debug, Default, PartialEq, Hash)]
pub struct ChartSpec {
    /// The chart.
    pub kind: ChartKind,
    /// Region index for charts of one region.
    pub region: usize,
    /// Indicator index, `None` for the composite index.
    pub indicator: Option<usize>,
    /// Branch position for the tornado's break-even.
    pub branch: Option<usize>,
    /// The views the compare chart sets side by side (`"base"` for the base; empty: the
    /// default set).
    pub compare: Vec<String>,
    /// The month a map shows (`None`: the horizon).
    pub month: Option<usize>,
    /// Whether a map shows the change from the baseline.
    pub change: bool,
}

impl ChartSpec {
    /// The spec of a slide, falling back to the first region and the composite for unknown ids.
    pub fn of_slide(s: &Scenario, slide: &crate::model::Slide) -> Self {
        Self {
            kind: slide.chart,
            region: slide
                .region
                .as_deref()
                .and_then(|id| s.regions.iter().position(|r| r.id == id))
                .unwrap_or(0),
            indicator: slide
                .indicator
                .as_deref()
                .and_then(|id| s.indicators.iter().position(|i| i.id == id)),
            branch: slide.branch.as_deref().and_then(|id| s.branch_pos(id)),
            compare: crate::engine::compare::distinct_ids(&slide.compare),
            month: slide.month.map(|m| m as usize),
            change: slide.change,
        }
    }
}

/// The name, unit and thresholds of the series a chart shows.
#[derive(Clone, Debug, PartialEq)]
pub struct SeriesInfo {
    /// "Composite stability index" or the indicator's name.
    pub name: String,
    /// Unit for axis labels.
    pub unit: String,
    /// Scale.
    pub min: f64,
    /// Scale.
    pub max: f64,
    /// Whether higher values are more stable.
    pub higher_is_better: bool,
    /// The alert threshold.
    pub threshold: f64,
}

impl SeriesInfo {
    /// The series of an indicator, or the composite.
    pub fn of(s: &Scenario, indicator: Option<usize>) -> Self {
        match indicator.and_then(|k| s.indicators.get(k)) {
            Some(i) => Self {
                name: i.name.clone(),
                unit: i.unit.clone(),
                min: i.min,
                max: i.max,
                higher_is_better: i.higher_is_better,
                threshold: i.alert_threshold,
            },
            None => Self {
                name: "Composite stability index".into(),
                unit: "0–100, higher is more stable".into(),
                min: 0.0,
                max: 100.0,
                higher_is_better: true,
                threshold: composite_threshold(s),
            },
        }
    }

    /// "Civil unrest (index 0–100)".
    pub fn axis_label(&self) -> String {
        if self.unit.is_empty() {
            self.name.clone()
        } else {
            format!("{} ({})", self.name, self.unit)
        }
    }

    /// The tornado's axis: "Expected composite stability index at the horizon (0–100, higher
    /// is more stable)".
    pub fn horizon_axis_label(&self) -> String {
        let what = format!("Expected {} at the horizon", self.name.to_lowercase());
        if self.unit.is_empty() {
            what
        } else {
            format!("{what} ({})", self.unit)
        }
    }

    /// "Alert threshold (37.83)", for legends and line names.
    pub fn threshold_label(&self) -> String {
        format!("Alert threshold ({})", fmt_num(self.threshold))
    }

    /// Whether a value is on the alert side of the threshold.
    pub fn in_alert(&self, v: f64) -> bool {
        if self.higher_is_better {
            v < self.threshold
        } else {
            v > self.threshold
        }
    }
}

/// The composite index's alert line: the composite of every indicator's threshold.
pub fn composite_threshold(s: &Scenario) -> f64 {
    let weights = crate::engine::normalised_weights(s.indicators.iter().map(|i| i.weight));
    s.indicators
        .iter()
        .zip(weights)
        .map(|(i, w)| w * i.stability_score(i.alert_threshold))
        .sum()
}

/// A percentage for display: "35%", "2.5%", "0.3%".
pub fn pct(p: f64) -> String {
    let v = p * 100.0;
    if !v.is_finite() {
        "–".to_owned()
    } else if v != 0.0 && v.abs() < 1.0 {
        format!("{v:.1}%")
    } else if (v - v.round()).abs() < 0.05 {
        format!("{v:.0}%")
    } else {
        format!("{v:.1}%")
    }
}

/// A signed number: "+2.4", "−0.8".
pub fn signed(v: f64) -> String {
    if !v.is_finite() {
        return "–".to_owned();
    }
    let s = format!("{:.1}", v.abs());
    if s == "0.0" {
        "0.0".to_owned()
    } else if v > 0.0 {
        format!("+{s}")
    } else {
        format!("−{s}")
    }
}

/// 100000 → "100,000".
pub fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The break-even readout under the tornado.
pub fn break_even_text(name: &str, be: &BreakEven, s: &SeriesInfo) -> String {
    match be.probability {
        Some(p) => format!(
            "Break-even: at P({name}) = {:.0}% the expected {} reaches the alert threshold {} (it is {} at 0% and {} at 100%).",
            p * 100.0,
            s.name.to_lowercase(),
            fmt_num(s.threshold),
            fmt_num(be.at_zero),
            fmt_num(be.at_one)
        ),
        None => format!(
            "Break-even: no probability of {name} brings the expected {} to the alert threshold {} (it runs from {} at 0% to {} at 100%).",
            s.name.to_lowercase(),
            fmt_num(s.threshold),
            fmt_num(be.at_zero),
            fmt_num(be.at_one)
        ),
    }
}

/// The value range a tornado covers: every bar and the expected value, or the series' scale
/// when there are no finite values (a scenario without indicators).
pub fn tornado_range(bars: &[Swing], base: f64, series: &SeriesInfo) -> (f64, f64) {
    let lo = bars
        .iter()
        .map(|b| b.at_low.min(b.at_high))
        .fold(base, f64::min);
    let hi = bars
        .iter()
        .map(|b| b.at_low.max(b.at_high))
        .fold(base, f64::max);
    if lo.is_finite() && hi.is_finite() && hi >= lo {
        (lo, hi)
    } else if series.min.is_finite() && series.max.is_finite() && series.max > series.min {
        (series.min, series.max)
    } else {
        (0.0, 1.0)
    }
}

/// Positions for labels wanted at `ys`, moved apart so that neighbours are at least `gap`
/// apart, staying within `lo..=hi` where they fit: the lowest stays, the others move up as
/// far as they must, and back down from `hi` if they run past it.
/// Returns the positions in the order given.
pub fn spread_labels(ys: &[f64], gap: f64, lo: f64, hi: f64) -> Vec<f64> {
    let mut order: Vec<usize> = (0..ys.len()).collect();
    order.sort_by(|&a, &b| ys[a].total_cmp(&ys[b]));
    let mut placed: Vec<f64> = order.iter().map(|&i| ys[i].clamp(lo, hi.max(lo))).collect();
    // Push up from the bottom, then back down from the top.
    for k in 1..placed.len() {
        placed[k] = placed[k].max(placed[k - 1] + gap);
    }
    if let Some(last) = placed.last_mut()
        && *last > hi
    {
        *last = hi;
    }
    for k in (0..placed.len().saturating_sub(1)).rev() {
        placed[k] = placed[k].min(placed[k + 1] - gap);
    }
    let mut out = vec![0.0; ys.len()];
    for (k, &i) in order.iter().enumerate() {
        out[i] = placed[k];
    }
    out
}

/// The label at the end of a trajectory's line: the name, shortened to `max_chars`.
pub fn end_label(name: &str, max_chars: usize) -> String {
    crate::model::limits::shorten(name, max_chars).into_owned()
}

/// A heatmap cell's text: the change with its sign, and an arrow for what it does to
/// stability (`good` above zero is more stable), so colour is never the only cue:
/// "+4.0 ↓" (more unrest: less stable), "+0.6 ↑" (a better economy: more stable).
pub fn heat_cell_text(change: f64, good: f64) -> String {
    let v = signed(change);
    if v == "0.0" || good == 0.0 || !good.is_finite() {
        v
    } else if good > 0.0 {
        format!("{v} ↑")
    } else {
        format!("{v} ↓")
    }
}

/// The distribution chart's extent: its x range (the bins, the threshold and the expected
/// value, with a margin) and the top of its y axis (the tallest bar's share, in percent, with
/// room above).
pub fn distribution_extent(
    bins: &[(f64, f64, f64)],
    series: &SeriesInfo,
    expected: f64,
) -> (f64, f64, f64) {
    let lo = bins
        .first()
        .map_or(series.min, |b| b.0)
        .min(series.threshold)
        .min(expected);
    let hi = bins
        .last()
        .map_or(series.max, |b| b.1)
        .max(series.threshold)
        .max(expected);
    let pad = (hi - lo).abs().max(1e-6) * 0.04;
    let top = bins.iter().map(|b| b.2).fold(0.0, f64::max).max(0.01) * 100.0 * 1.08;
    (lo - pad, hi + pad, top)
}

/// The tornado's value axis: its bars and the expected value, with room at both ends for the
/// values written beside each bar.
pub fn tornado_axis(bars: &[Swing], base: f64, series: &SeriesInfo) -> (f64, f64) {
    let (lo, hi) = tornado_range(bars, base, series);
    let pad = ((hi - lo) * 0.3).max(0.5);
    (lo - pad, hi + pad)
}

/// Say in a chart's source line which view it shows.
pub fn tag_view(chart: &mut Chart, view_name: &str) {
    chart.source.push_str(&format!(" · view: {view_name}"));
}

/// The compare chart's value axis: every view's range of outcomes and the baselines, padded.
pub fn compare_axis(rows: &[CompareRow], series: &SeriesInfo) -> (f64, f64) {
    let values = rows.iter().flat_map(|r| {
        r.cells
            .iter()
            .flat_map(|c| [c.low, c.high, c.expected])
            .chain(std::iter::once(r.baseline))
    });
    let (lo, hi) = values
        .filter(|v| v.is_finite())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
            (lo.min(v), hi.max(v))
        });
    if !lo.is_finite() {
        return (series.min, series.max);
    }
    let pad = ((hi - lo) * 0.08).max(0.5);
    ((lo - pad).max(series.min), (hi + pad).min(series.max))
}

/// The label beside a view's value in the compare chart: "54.0" for the first view, and
/// "54.0 (+9.0)" with the difference from it for the others.
pub fn compare_label(row: &CompareRow, j: usize) -> String {
    let v = row.cells.get(j).map_or(f64::NAN, |c| c.expected);
    match row.difference(j) {
        Some(d) if j > 0 => format!("{} ({})", fmt_num(v), signed(d)),
        _ => fmt_num(v),
    }
}

/// The label written at a tornado bar's end: its value, and which end of the input it is.
pub fn tornado_end_label(value: f64, high_input: bool) -> String {
    format!(
        "{} {}",
        fmt_num(value),
        if high_input { "high" } else { "low" }
    )
}

/// A number for a chart: one decimal.
pub fn fmt_num(v: f64) -> String {
    if !v.is_finite() {
        return "–".into();
    }
    // One decimal everywhere, so numbers side by side in a chart share their precision
    // ("36.0" beside "36.4", never "36" beside "36.37").
    let s = format!("{v:.1}");
    if s == "-0.0" { "0.0".to_owned() } else { s }
}

/// A tick label: as many decimals as the step between ticks needs ("10", "2.5", "0.25").
pub fn fmt_tick(v: f64, step: f64) -> String {
    let decimals = (0..3)
        .find(|&d| {
            let scaled = step.abs() * 10f64.powi(d);
            (scaled - scaled.round()).abs() < 1e-6 * scaled.max(1.0)
        })
        .unwrap_or(3) as usize;
    let s = format!("{v:.decimals$}");
    if s.trim_start_matches('-')
        .chars()
        .all(|c| c == '0' || c == '.')
    {
        s.trim_start_matches('-').to_owned()
    } else {
        s
    }
}

/// Nice tick values covering `lo..=hi`.
pub fn ticks(lo: f64, hi: f64, target: usize) -> Vec<f64> {
    if !(lo.is_finite() && hi.is_finite()) || hi <= lo {
        return vec![lo];
    }
    let raw = (hi - lo) / target.max(1) as f64;
    let mag = 10f64.powf(raw.log10().floor());
    // The round step whose tick count comes closest to the target (ties: the larger step).
    let count = |step: f64| ((hi / step).floor() - (lo / step).ceil() + 1.0).max(0.0);
    let step = [0.5, 1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .min_by(|a, b| {
            let da = (count(*a) - target as f64).abs();
            let db = (count(*b) - target as f64).abs();
            da.total_cmp(&db).then(b.total_cmp(a))
        })
        .unwrap_or(mag);
    let first = (lo / step).ceil() * step;
    let mut out = Vec::new();
    let mut v = first;
    while v <= hi + step * 1e-9 && out.len() < 100 {
        out.push(if v.abs() < step * 1e-9 { 0.0 } else { v });
        v += step;
    }
    out
}

/// Ticks for a month axis from 0 to `months`: at round steps of the calendar (1, 3, 6 or 12
/// months, then whole years), no more than `max_ticks` of them.
pub fn month_ticks(months: f64, max_ticks: usize) -> Vec<f64> {
    let step = [1.0, 3.0, 6.0, 12.0, 24.0, 36.0, 60.0, 120.0, 240.0, 600.0]
        .into_iter()
        .find(|s| months / s + 1.0 <= max_ticks.max(2) as f64)
        .unwrap_or(1200.0);
    (0..)
        .map(|k| k as f64 * step)
        .take_while(|m| *m <= months + 1e-9)
        .collect()
}

/// The heading of the map's colour scale: what is shown, its unit, and which way is more
/// stable ("Composite stability index (0–100, higher is more stable)").
pub fn map_legend_title(scale: &MapScale, series: &SeriesInfo) -> String {
    let what = match scale.kind {
        ScaleKind::Level => series.axis_label(),
        ScaleKind::Change => {
            format!("Change in {}", series.axis_label().to_lowercase())
        }
    };
    let direction = if scale.higher_is_better {
        "higher is more stable"
    } else {
        "lower is more stable"
    };
    if what.contains(direction) {
        what
    } else {
        format!("{what}; {direction}")
    }
}

/// The standard charts exported when a scenario has no slides.
pub fn standard_specs(s: &Scenario) -> Vec<(String, ChartSpec)> {
    let mut out: Vec<(String, ChartSpec)> = crate::model::ChartKind::ALL
        .iter()
        .map(|&kind| {
            (
                kind.label().to_owned(),
                ChartSpec {
                    kind,
                    region: 0,
                    indicator: None,
                    ..ChartSpec::default()
                },
            )
        })
        .collect();
    if s.regions.is_empty() {
        out.retain(|(_, sp)| sp.kind == crate::model::ChartKind::ProbabilityTree);
    }
    if s.views.is_empty() {
        out.retain(|(_, sp)| sp.kind != crate::model::ChartKind::Compare);
    }
    if s.signposts.is_empty() {
        out.retain(|(_, sp)| sp.kind != crate::model::ChartKind::Signposts);
    }
    if s.revisions.is_empty() {
        out.retain(|(_, sp)| sp.kind != crate::model::ChartKind::Timeline);
    }
    out
}

#[cfg(test)]
mod tests;
