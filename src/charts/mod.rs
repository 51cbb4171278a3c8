//! What each chart shows, as plain data built from the scenario and the engine's results. The
//! app draws it with egui_plot and the exporter writes it as SVG, so both show the same numbers.

mod build;
mod data;
mod describe;
mod layout;

pub use build::build;
pub use data::{Chart, ChartData, Contribution, OutcomeLine, RegionBar, Sims, TreeNode};
pub use describe::{Ink, LegendItem, Mark, with_class};

use crate::engine::sensitivity::{BreakEven, Swing};
use crate::model::{ChartKind, Scenario};

/// What a chart is of: the chart kind and its selection.
#[derive(Clone, Debug, PartialEq)]
pub struct ChartSpec {
    /// The chart.
    pub kind: ChartKind,
    /// Region index for charts of one region.
    pub region: usize,
    /// Indicator index, `None` for the composite index.
    pub indicator: Option<usize>,
    /// Branch position for the tornado's break-even.
    pub branch: Option<usize>,
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

/// A number with at most two decimals and no trailing zeros.
pub fn fmt_num(v: f64) -> String {
    if !v.is_finite() {
        return "–".into();
    }
    let s = format!("{v:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_owned()
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
                    branch: None,
                },
            )
        })
        .collect();
    if s.regions.is_empty() {
        out.retain(|(_, sp)| sp.kind == crate::model::ChartKind::ProbabilityTree);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::layout::tree_layout;
    use super::*;
    use crate::engine::Expected;

    #[test]
    fn every_chart_builds_for_the_bundled_scenario() {
        let s = crate::io::default_scenario();
        let e = Expected::compute(&s);
        for kind in crate::model::ChartKind::ALL {
            let c = build(
                &s,
                &e,
                Sims::default(),
                &ChartSpec {
                    kind,
                    region: 0,
                    indicator: Some(0),
                    branch: None,
                },
            );
            assert!(!c.title.is_empty());
            assert!(c.source.contains("illustrative"));
        }
    }

    #[test]
    fn the_tree_layout_centres_parents() {
        let s = crate::io::default_scenario();
        let e = Expected::compute(&s);
        let (nodes, leaves) = tree_layout(&s, &e);
        assert_eq!(leaves, 7);
        assert_eq!(nodes.len(), s.branches.len() + 1);
        let deal = nodes
            .iter()
            .find(|n| n.name == "Comprehensive deal")
            .expect("deal");
        assert_eq!(deal.y, 0.5);
        // The root sits between its first and last child: (0.5 + 4.75) / 2.
        assert_eq!(nodes[0].y, 2.625);
    }

    #[test]
    fn contributions_add_up_to_the_change() {
        let s = crate::io::default_scenario();
        let e = Expected::compute(&s);
        let c = build(
            &s,
            &e,
            Sims::default(),
            &ChartSpec {
                kind: crate::model::ChartKind::Contributions,
                region: 0,
                indicator: None,
                branch: None,
            },
        );
        let ChartData::Contributions { regions, .. } = c.data else {
            panic!("contributions");
        };
        for (ri, (_, _, net)) in regions.iter().enumerate() {
            let change = e.composite_at(ri, e.horizon()) - e.composite_baseline[ri];
            assert!((net - change).abs() < 1e-9);
        }
    }
}
