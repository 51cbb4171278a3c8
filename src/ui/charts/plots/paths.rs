//! Charts over a value axis: the trajectory and the outcome distribution.

use super::tooltips::*;
use crate::charts::{ChartData, end_label, fmt_num, spread_labels};
use crate::ui::pct;
use crate::ui::theme::Palette;
use egui::{RichText, Ui};
use egui_plot::{
    Bar, BarChart, HLine, Line, LineStyle, Plot, PlotPoint, PlotPoints, Polygon, Text, VLine,
};

/// Draw the trajectory chart.
#[allow(clippy::needless_late_init)] // the plot's response is assigned once, below
pub(super) fn trajectory(
    ui: &mut Ui,
    plot: Plot<'_>,
    data: &ChartData,
    p: Palette,
    plot_h: f32,
) -> Option<egui::Response> {
    let ChartData::Trajectory {
        series,
        region,
        baseline,
        expected,
        fan,
        outcomes,
    } = data
    else {
        return None;
    };
    let resp;
    let months = expected.len().saturating_sub(1).max(1) as f64;
    let s = series.clone();
    let exp = expected.clone();
    let fan_info = fan.clone();
    let region = region.clone();
    let plot = plot
        .x_axis_label("Months from now")
        .x_grid_spacer(move |input| month_marks(input, months))
        .x_axis_formatter(|m, _| crate::charts::fmt_tick(m.value, m.step_size))
        .y_axis_label(y_axis_title(ui, series.axis_label(), plot_h))
        .include_x(0.0)
        .include_x(months * 1.38)
        .label_formatter(move |pos| {
            trajectory_tooltip(pos, &region, &exp, fan_info.as_deref(), &s)
        });
    let (expected, fan, outcomes) = (expected.clone(), fan.clone(), outcomes.clone());
    let baseline = *baseline;
    // Each line is named at its end, so no legend lookup is needed: room to the right of the
    // horizon for the names, moved apart where lines end close together.
    let mut ends: Vec<(String, f64, egui::Color32)> = outcomes
        .iter()
        .filter_map(|o| {
            let y = *o.values.last()?;
            Some((end_label(&o.name, 22), y, p.outcome(o.outcome)))
        })
        .collect();
    if let Some(&y) = expected.last() {
        ends.push(("Expected".to_owned(), y, p.text));
    }
    let (y_lo, y_hi) = trajectory_y_range(series, baseline, &expected, fan.as_deref(), &outcomes);
    let text_h = ui.text_style_height(&egui::TextStyle::Small);
    let gap = f64::from(text_h) * 1.05 * (y_hi - y_lo) / f64::from(plot_h.max(50.0) * 0.8);
    let ys: Vec<f64> = ends.iter().map(|e| e.1).collect();
    let placed = spread_labels(&ys, gap, y_lo, y_hi);
    resp = Some(
        plot.show(ui, |pu| {
            if let Some(fan) = &fan {
                band(
                    pu,
                    fan,
                    1,
                    5,
                    "90% of simulated paths",
                    p.series.gamma_multiply(0.18),
                );
                band(
                    pu,
                    fan,
                    2,
                    4,
                    "50% of simulated paths",
                    p.series.gamma_multiply(0.32),
                );
            }
            for o in &outcomes {
                let pts: Vec<[f64; 2]> = o
                    .values
                    .iter()
                    .enumerate()
                    .map(|(m, v)| [m as f64, *v])
                    .collect();
                pu.line(
                    Line::new(
                        format!(
                            "{} ({})",
                            outcome_label(&o.name, o.outcome),
                            pct(o.probability)
                        ),
                        pts,
                    )
                    .color(p.outcome(o.outcome))
                    .style(line_style(o.outcome))
                    .width(2.0),
                );
            }
            for ((name, _, colour), y) in ends.iter().zip(&placed) {
                pu.text(
                    Text::new(
                        "",
                        PlotPoint::new(months + months * 0.015, *y),
                        RichText::new(name).small().color(*colour),
                    )
                    .anchor(egui::Align2::LEFT_CENTER),
                );
            }
            let pts: Vec<[f64; 2]> = expected
                .iter()
                .enumerate()
                .map(|(m, v)| [m as f64, *v])
                .collect();
            pu.line(Line::new("Expected", pts).color(p.text).width(3.0));
            pu.hline(
                HLine::new("Baseline", baseline)
                    .color(p.baseline)
                    .style(LineStyle::dotted_dense())
                    .width(1.0),
            );
            pu.hline(threshold_hline(series, p).width(1.5));
        })
        .response,
    );
    resp
}

/// Draw the distribution chart.
#[allow(clippy::needless_late_init)] // the plot's response is assigned once, below
pub(super) fn distribution(
    ui: &mut Ui,
    plot: Plot<'_>,
    data: &ChartData,
    p: Palette,
    simulated: bool,
) -> Option<egui::Response> {
    let ChartData::Distribution {
        series,
        bins,
        expected,
        prob_alert,
        samples,
        ..
    } = data
    else {
        return None;
    };
    let resp;
    let s = series.clone();
    let info = bins.clone();
    let total = *samples;
    let plot = plot
        .x_axis_label(axis_title(ui, series.axis_label(), 60.0))
        .y_axis_label("Share of simulated outcomes (%)")
        .include_y(0.0)
        .label_formatter(move |pos| distribution_tooltip(pos, &info, &s, total));
    let (bins, series, expected, prob_alert) =
        (bins.clone(), series.clone(), *expected, *prob_alert);
    let (x_lo, x_hi, top) = crate::charts::distribution_extent(&bins, &series, expected);
    let plot = plot.include_x(x_lo).include_x(x_hi);
    resp = Some(
        plot.show(ui, |pu| {
            // The alert side shaded, with its chance written on it: visible at a glance even
            // when the tail's bars are too small to see.
            if let Some(pa) = prob_alert {
                let right = series.in_alert(series.threshold + (x_hi - x_lo) * 1e-6);
                let (a, b) = if right {
                    (series.threshold, x_hi)
                } else {
                    (x_lo, series.threshold)
                };
                pu.polygon(
                    Polygon::new(
                        "",
                        PlotPoints::new(vec![[a, 0.0], [b, 0.0], [b, top], [a, top]]),
                    )
                    .fill_color(p.worse.gamma_multiply(0.12))
                    .stroke(egui::Stroke::NONE)
                    .allow_hover(false),
                );
                let (x, anchor) = if right {
                    (a + (b - a) * 0.02, egui::Align2::LEFT_TOP)
                } else {
                    (b - (b - a) * 0.02, egui::Align2::RIGHT_TOP)
                };
                pu.text(
                    Text::new(
                        "",
                        PlotPoint::new(x, top * 0.98),
                        RichText::new(format!("In alert: {}", pct(pa))).strong(),
                    )
                    .color(p.worse)
                    .anchor(anchor),
                );
            }
            let (mut normal, mut alert) = (Vec::new(), Vec::new());
            for (a, b, share) in &bins {
                let mid = 0.5 * (a + b);
                let bar = Bar::new(mid, share * 100.0).width((b - a) * 0.95);
                if series.in_alert(mid) {
                    alert.push(bar.fill(p.worse));
                } else {
                    normal.push(bar.fill(p.series));
                }
            }
            pu.bar_chart(
                BarChart::new("Simulated outcomes", normal)
                    .color(p.series)
                    .allow_hover(false),
            );
            let alert_name = match prob_alert {
                Some(pa) => format!("In alert: {}", pct(pa)),
                None => "In alert".to_owned(),
            };
            pu.bar_chart(
                BarChart::new(alert_name, alert)
                    .color(p.worse)
                    .allow_hover(false),
            );
            pu.vline(threshold_vline(&series, p).width(2.0));
            pu.vline(
                VLine::new(format!("Expected ({})", fmt_num(expected)), expected)
                    .color(p.text)
                    .width(2.0),
            );
            if bins.is_empty() {
                pu.text(
                    Text::new(
                        "",
                        PlotPoint::new(0.5 * (series.min + series.max), 50.0),
                        if simulated {
                            "No samples"
                        } else {
                            "Simulating…"
                        },
                    )
                    .color(p.muted),
                );
            }
        })
        .response,
    );
    resp
}

/// egui_plot's line style for an outcome class, as `outcome_mark` draws it in the legend.
fn line_style(o: Option<crate::model::Outcome>) -> LineStyle {
    match crate::charts::outcome_mark(o) {
        crate::charts::Mark::Dashed => LineStyle::Dashed { length: 10.0 },
        crate::charts::Mark::Dotted => LineStyle::Dotted { spacing: 6.0 },
        _ => LineStyle::Solid,
    }
}

/// The trajectory's value range as the plot shows it (its lines, bands and marks, with the
/// plot's margin), to place the end labels.
fn trajectory_y_range(
    series: &crate::charts::SeriesInfo,
    baseline: f64,
    expected: &[f64],
    fan: Option<&[[f64; 6]]>,
    outcomes: &[crate::charts::OutcomeLine],
) -> (f64, f64) {
    let mut lo = baseline.min(series.threshold);
    let mut hi = baseline.max(series.threshold);
    for v in expected
        .iter()
        .chain(outcomes.iter().flat_map(|o| &o.values))
    {
        lo = lo.min(*v);
        hi = hi.max(*v);
    }
    for f in fan.unwrap_or(&[]) {
        lo = lo.min(f[1]);
        hi = hi.max(f[5]);
    }
    let pad = (hi - lo).abs().max(1e-6) * 0.05;
    (lo - pad, hi + pad)
}
