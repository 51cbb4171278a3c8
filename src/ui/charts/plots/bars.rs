//! Bar charts: expected value by region, contributions and the tornado.

use super::tooltips::*;
use crate::charts::{ChartData, fmt_num};
use crate::ui::theme::Palette;
use egui::{RichText, Stroke, Ui};
use egui_plot::{Bar, BarChart, Line, MarkerShape, Plot, PlotPoint, Points, Text, VLine};

/// Draw the expected by region chart.
#[allow(clippy::needless_late_init)] // the plot's response is assigned once, below
pub(super) fn expected_by_region(
    ui: &mut Ui,
    plot: Plot<'_>,
    data: &ChartData,
    p: Palette,
) -> Option<egui::Response> {
    let ChartData::ExpectedByRegion { series, bars } = data else {
        return None;
    };
    let resp;
    // Regions run down the y axis, top first, so long names have room.
    let n = bars.len();
    let y_of = move |i: usize| (n - 1 - i) as f64;
    let names: Vec<String> = bars.iter().rev().map(|b| b.region.clone()).collect();
    let bottom_up: Vec<_> = bars.iter().rev().cloned().collect();
    let unit = series.unit.clone();
    let start = series.min;
    let n2 = names.clone();
    let plot = plot
        .y_grid_spacer(integer_marks)
        .custom_y_axes(category_axis(ui, n2, 90.0))
        .x_axis_label(axis_title(ui, series.axis_label(), 110.0))
        .include_x(series.min)
        .include_x(series.max)
        .label_formatter(move |pos| region_tooltip(pos, &bottom_up, &unit, start));
    let info = bars.clone();
    resp = Some(
        plot.show(ui, |pu| {
            let bar_items: Vec<Bar> = info
                .iter()
                .enumerate()
                .map(|(i, b)| {
                    let fill = if series.in_alert(b.expected) {
                        p.worse
                    } else {
                        p.series
                    };
                    Bar::new(y_of(i), b.expected - series.min)
                        .base_offset(series.min)
                        .width(0.6)
                        .fill(fill.gamma_multiply(0.85))
                        .name(&b.region)
                        .horizontal()
                })
                .collect();
            pu.bar_chart(
                BarChart::new("Expected value (orange: in alert)", bar_items)
                    .color(p.series)
                    .horizontal()
                    // The framed readout, not egui_plot's text beside the bar.
                    .allow_hover(false),
            );
            let mut first = true;
            for (i, b) in info.iter().enumerate() {
                let y = y_of(i);
                pu.line(
                    Line::new(
                        if first { "Baseline" } else { "" },
                        vec![[b.baseline, y - 0.38], [b.baseline, y + 0.38]],
                    )
                    .color(p.baseline)
                    .width(2.5),
                );
                if let Some((lo, hi)) = b.expected_90 {
                    let name = if first {
                        "Expected value, 90% interval from the probability ranges"
                    } else {
                        ""
                    };
                    pu.line(
                        Line::new(name, vec![[lo, y], [hi, y]])
                            .color(p.text)
                            .width(7.0),
                    );
                }
                if let Some((lo, hi)) = b.p05_p95 {
                    let name = if first {
                        "5–95% of simulated outcomes"
                    } else {
                        ""
                    };
                    pu.line(
                        Line::new(name, vec![[lo, y], [hi, y]])
                            .color(p.muted)
                            .width(1.5),
                    );
                    for x in [lo, hi] {
                        pu.line(
                            Line::new("", vec![[x, y - 0.12], [x, y + 0.12]])
                                .color(p.muted)
                                .width(1.5),
                        );
                    }
                }
                first = false;
            }
            pu.vline(threshold_vline(series, p).width(1.5));
        })
        .response,
    );
    resp
}

/// Draw the contributions chart.
#[allow(clippy::needless_late_init)] // the plot's response is assigned once, below
pub(super) fn contributions(
    ui: &mut Ui,
    plot: Plot<'_>,
    data: &ChartData,
    p: Palette,
) -> Option<egui::Response> {
    let ChartData::Contributions { series, regions } = data else {
        return None;
    };
    let resp;
    // Bottom-up rows: reverse so the first region is on top.
    let regions: Vec<_> = regions.iter().rev().cloned().collect();
    let top = regions.len() as f64 - 0.5;
    let names: Vec<String> = regions.iter().map(|r| r.0.clone()).collect();
    let n2 = names.clone();
    let info = regions.clone();
    let plot = plot
        .y_grid_spacer(integer_marks)
        .custom_y_axes(category_axis(ui, n2, 90.0))
        .x_axis_label(axis_title(
            ui,
            format!(
                "Change in expected {} at the horizon",
                series.name.to_lowercase()
            ),
            110.0,
        ))
        .include_y(-0.5)
        .include_y(top)
        .label_formatter(move |pos| contribution_tooltip(pos, &info));
    resp = Some(
        plot.show(ui, |pu| {
            let n_out = regions.first().map_or(0, |r| r.1.len());
            let mut pos_acc = vec![0.0; regions.len()];
            let mut neg_acc = vec![0.0; regions.len()];
            for t in 0..n_out {
                let Some(first) = regions.first().and_then(|r| r.1.get(t)) else {
                    continue;
                };
                let colour = p.outcome(first.outcome);
                let bars: Vec<Bar> = regions
                    .iter()
                    .enumerate()
                    .map(|(ri, r)| {
                        let v = r.1.get(t).map_or(0.0, |c| c.value);
                        let base = if v >= 0.0 { pos_acc[ri] } else { neg_acc[ri] };
                        if v >= 0.0 {
                            pos_acc[ri] += v;
                        } else {
                            neg_acc[ri] += v;
                        }
                        Bar::new(ri as f64, v)
                            .base_offset(base)
                            .width(0.6)
                            .fill(colour)
                            .stroke(Stroke::new(0.5, p.canvas))
                            .horizontal()
                    })
                    .collect();
                let name = outcome_label(&first.name, first.outcome);
                pu.bar_chart(
                    BarChart::new(name, bars)
                        .color(colour)
                        .horizontal()
                        .allow_hover(false),
                );
            }
            let net: Vec<[f64; 2]> = regions
                .iter()
                .enumerate()
                .map(|(ri, r)| [r.2, ri as f64])
                .collect();
            pu.points(
                Points::new("Net change", net)
                    .shape(MarkerShape::Diamond)
                    .radius(6.0)
                    .filled(true)
                    .color(p.baseline),
            );
            pu.vline(VLine::new("", 0.0).color(p.muted).width(1.0));
        })
        .response,
    );
    resp
}

/// Draw the tornado chart.
#[allow(clippy::needless_late_init)] // the plot's response is assigned once, below
pub(super) fn tornado(
    ui: &mut Ui,
    plot: Plot<'_>,
    data: &ChartData,
    p: Palette,
) -> Option<egui::Response> {
    let ChartData::Tornado {
        series, base, bars, ..
    } = data
    else {
        return None;
    };
    let resp;
    let labels: Vec<String> = bars.iter().rev().map(|b| b.label.clone()).collect();
    let l2 = labels.clone();
    let info: Vec<_> = bars.iter().rev().cloned().collect();
    let unit = series.unit.clone();
    let (mut lo, mut hi) = crate::charts::tornado_axis(bars, *base, series);
    // Room at both ends for the values written there ("47.0 low"), measured in pixels: on a
    // narrow plot the 30% the exports leave is not enough.
    let reserve = (widest(ui, &labels) + 30.0).max(220.0);
    let plot_px = (ui.available_width() - reserve).max(120.0);
    let label_px = widest(ui, &["00.0 high".to_owned()]) * 0.85 + 10.0;
    let r = f64::from((label_px / plot_px).min(0.4));
    let (raw_lo, raw_hi) = crate::charts::tornado_range(bars, *base, series);
    let pad = r * (raw_hi - raw_lo) / (1.0 - 2.0 * r);
    lo = lo.min(raw_lo - pad);
    hi = hi.max(raw_hi + pad);
    let top = (bars.len() as f64 - 1.0).max(0.0);
    let plot = plot
        .y_grid_spacer(integer_marks)
        .custom_y_axes(category_axis(ui, l2, 200.0))
        .auto_bounds([false, false])
        .default_x_bounds(lo, hi)
        .default_y_bounds(-0.6, top + 0.4)
        .custom_x_axes(value_x_axis(axis_title(
            ui,
            series.horizon_axis_label(),
            reserve,
        )))
        .label_formatter(move |pos| tornado_tooltip(pos, &info, &unit));
    let (bars, base, series2) = (bars.clone(), *base, series.clone());
    resp = Some(
        plot.show(ui, |pu| {
            let mut prob_bars = Vec::new();
            let mut effect_bars = Vec::new();
            for (i, b) in bars.iter().rev().enumerate() {
                let lo = b.at_low.min(b.at_high);
                let hi = b.at_low.max(b.at_high);
                let bar = Bar::new(i as f64, (hi - lo).max(1e-6))
                    .base_offset(lo)
                    .width(0.6)
                    .horizontal();
                // Each end says which end of the input it is, and the value there.
                let flipped = b.at_high < b.at_low;
                let pad = (hi - lo) * 0.006;
                for (value, high, anchor, dx) in [
                    (b.at_low, false, !flipped, -pad),
                    (b.at_high, true, flipped, pad),
                ] {
                    // `anchor` true: this end is on the left, its label to the left of it.
                    let (anchor, dx) = if anchor {
                        (egui::Align2::RIGHT_CENTER, -dx.abs())
                    } else {
                        (egui::Align2::LEFT_CENTER, dx.abs())
                    };
                    pu.text(
                        Text::new(
                            "",
                            PlotPoint::new(value + dx, i as f64),
                            RichText::new(crate::charts::tornado_end_label(value, high)).small(),
                        )
                        .color(p.muted)
                        .anchor(anchor),
                    );
                }
                match b.kind {
                    crate::engine::sensitivity::SwingKind::Probability { .. } => {
                        prob_bars.push(bar.fill(p.accent))
                    }
                    crate::engine::sensitivity::SwingKind::Effect { .. } => {
                        effect_bars.push(bar.fill(p.series.gamma_multiply(0.6)))
                    }
                }
            }
            pu.bar_chart(
                BarChart::new("Top-level probability ±10 points", prob_bars)
                    .color(p.accent)
                    .horizontal()
                    .allow_hover(false),
            );
            pu.bar_chart(
                BarChart::new("Effect from low to high", effect_bars)
                    .color(p.series.gamma_multiply(0.6))
                    .horizontal()
                    .allow_hover(false),
            );
            pu.vline(
                VLine::new(format!("Expected now ({})", fmt_num(base)), base)
                    .color(p.text)
                    .width(2.0),
            );
            pu.vline(threshold_vline(&series2, p).width(1.5));
        })
        .response,
    );
    resp
}
