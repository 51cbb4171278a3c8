//! Charts over a value axis: the trajectory and the outcome distribution.

use super::tooltips::*;
use crate::charts::{ChartData, fmt_num};
use crate::ui::pct;
use crate::ui::theme::Palette;
use egui::Ui;
use egui_plot::{Bar, BarChart, HLine, Line, LineStyle, Plot, PlotPoint, Text, VLine};

/// Draw the trajectory chart.
#[allow(clippy::needless_late_init)] // the plot's response is assigned once, below
pub(super) fn trajectory(
    ui: &mut Ui,
    plot: Plot<'_>,
    data: &ChartData,
    p: Palette,
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
    let s = series.clone();
    let exp = expected.clone();
    let fan_info = fan.clone();
    let region = region.clone();
    let plot = plot
        .x_axis_label("Months from now")
        .y_axis_label(series.axis_label())
        .include_x(0.0)
        .label_formatter(move |pos| {
            trajectory_tooltip(pos, &region, &exp, fan_info.as_deref(), &s)
        });
    let (expected, fan, outcomes) = (expected.clone(), fan.clone(), outcomes.clone());
    let baseline = *baseline;
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
                    .width(1.2),
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
    resp = Some(
        plot.show(ui, |pu| {
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
