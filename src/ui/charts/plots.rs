//! Drawing charts with egui_plot: title, subtitle, the plot with axis labels, a legend and hover
//! tooltips with exact numbers, and the source line.

use crate::charts::{Chart, ChartData, Mark, SeriesInfo, fmt_num};
use crate::ui::theme::{Palette, heading_font, lerp};
use crate::ui::{pct, signed};
use egui::{Color32, RichText, Stroke, Ui};
use egui_plot::{
    Bar, BarChart, GridInput, GridMark, HLine, Line, LineStyle, MarkerShape, Plot, PlotPoint,
    PlotPoints, Points, Polygon, Text, VLine,
};

/// Marks at whole numbers, for category axes.
fn integer_marks(input: GridInput) -> Vec<GridMark> {
    let (lo, hi) = input.bounds;
    let lo = lo.ceil().max(-1.0) as i64;
    let hi = hi.floor().min(500.0) as i64;
    (lo..=hi)
        .map(|i| GridMark {
            value: i as f64,
            step_size: 1.0,
        })
        .collect()
}

fn category(names: &[String], v: f64) -> String {
    let i = v.round();
    if (v - i).abs() > 1e-6 || i < 0.0 {
        return String::new();
    }
    names.get(i as usize).cloned().unwrap_or_default()
}

/// Draw a chart filling the available space. `scale` enlarges text for presentation mode,
/// where the slide's own title replaces the chart's (`with_title` false).
/// Returns the plot's response, for a context menu.
pub fn draw_chart(
    ui: &mut Ui,
    chart: &Chart,
    p: Palette,
    scale: f32,
    simulated: bool,
    with_title: bool,
) -> Option<egui::Response> {
    if with_title {
        ui.label(
            RichText::new(&chart.title)
                .font(heading_font(18.0 * scale))
                .color(p.text),
        );
    }
    ui.label(
        RichText::new(&chart.subtitle)
            .size(12.5 * scale)
            .color(p.muted),
    );
    ui.label(
        RichText::new(chart.summary())
            .size(13.0 * scale)
            .color(p.text),
    );
    let source_font = egui::FontId::proportional(11.0 * scale);
    let source_h = ui
        .painter()
        .layout(
            chart.source.clone(),
            source_font.clone(),
            p.muted,
            ui.available_width(),
        )
        .size()
        .y;
    legend_row(ui, chart, p, scale);
    // Text under the plot (the tornado's break-even) is measured first, so nothing is cut off.
    let footnote = chart.footnote();
    let footnote_font = egui::FontId::proportional(13.0 * scale);
    let footnote_h = footnote.as_ref().map_or(0.0, |t| {
        ui.painter()
            .layout(
                t.clone(),
                footnote_font.clone(),
                p.text,
                ui.available_width(),
            )
            .size()
            .y
            + ui.spacing().item_spacing.y
    });
    let height = (ui.available_height() - source_h - footnote_h - 12.0).max(120.0);
    let resp = ui.scope(|ui| {
        ui.style_mut().override_text_style = None;
        ui.style_mut().text_styles = [
            (egui::TextStyle::Heading, heading_font(18.0 * scale)),
            (
                egui::TextStyle::Body,
                egui::FontId::proportional(14.0 * scale),
            ),
            (
                egui::TextStyle::Button,
                egui::FontId::proportional(14.0 * scale),
            ),
            (
                egui::TextStyle::Small,
                egui::FontId::proportional(11.5 * scale),
            ),
            (
                egui::TextStyle::Monospace,
                egui::FontId::monospace(13.0 * scale),
            ),
        ]
        .into();
        let plot = Plot::new(("chart", &chart.title))
            .height(height)
            .allow_scroll(false)
            .allow_drag(false)
            .allow_zoom(false)
            .allow_boxed_zoom(false)
            .show_background(false)
            .show_crosshair(false)
            .grid_color(p.grid);
        draw_data(ui, plot, &chart.data, p, simulated)
    });
    if let Some(t) = footnote {
        ui.label(RichText::new(t).font(footnote_font).color(p.text));
    }
    ui.label(
        RichText::new(&chart.source)
            .font(source_font)
            .color(p.muted),
    );
    resp.inner
}

fn outcome_label(name: &str, o: Option<crate::model::Outcome>) -> String {
    match o {
        Some(o) => format!("{} {name}", o.icon()),
        None => name.to_owned(),
    }
}

/// The legend, as a wrapped row above the plot, the same entries as in exports. Each entry is
/// one widget, so its mark never parts from its label when the row wraps.
fn legend_row(ui: &mut Ui, chart: &Chart, p: Palette, scale: f32) {
    let font = egui::FontId::proportional(12.5 * scale);
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing.x = 14.0 * scale;
        for item in chart.legend() {
            let colour = p.ink(item.ink);
            let galley = ui
                .painter()
                .layout_no_wrap(item.label.clone(), font.clone(), p.text);
            let mark_w = 22.0 * scale;
            let size = egui::vec2(mark_w + 6.0 * scale + galley.size().x, galley.size().y);
            let (rect, resp) = ui.allocate_exact_size(size, egui::Sense::hover());
            resp.widget_info(|| {
                egui::WidgetInfo::labeled(egui::accesskit::Role::Label, true, &item.label)
            });
            let painter = ui.painter_at(rect.expand(2.0));
            let c = egui::pos2(rect.left() + mark_w / 2.0, rect.center().y);
            match item.mark {
                Mark::Swatch => {
                    painter.rect_filled(
                        egui::Rect::from_center_size(c, egui::vec2(16.0, 12.0) * scale),
                        2.0,
                        colour,
                    );
                }
                Mark::Line => {
                    painter.line_segment(
                        [
                            c - egui::vec2(10.0 * scale, 0.0),
                            c + egui::vec2(10.0 * scale, 0.0),
                        ],
                        Stroke::new(3.0 * scale, colour),
                    );
                }
                Mark::Dashed => {
                    for k in 0..3 {
                        let x0 = c.x - 10.0 * scale + k as f32 * 7.0 * scale;
                        painter.line_segment(
                            [egui::pos2(x0, c.y), egui::pos2(x0 + 4.0 * scale, c.y)],
                            Stroke::new(2.5 * scale, colour),
                        );
                    }
                }
                Mark::Diamond => {
                    let r = 6.0 * scale;
                    painter.add(egui::Shape::convex_polygon(
                        vec![
                            c - egui::vec2(0.0, r),
                            c + egui::vec2(r, 0.0),
                            c + egui::vec2(0.0, r),
                            c - egui::vec2(r, 0.0),
                        ],
                        colour,
                        Stroke::NONE,
                    ));
                }
            }
            painter.galley(
                egui::pos2(rect.left() + mark_w + 6.0 * scale, rect.top()),
                galley,
                p.text,
            );
        }
    });
}

// Each arm assigns the plot's response; a late `let` keeps the arms alike.
#[allow(clippy::needless_late_init)]
fn draw_data(
    ui: &mut Ui,
    plot: Plot<'_>,
    data: &ChartData,
    p: Palette,
    simulated: bool,
) -> Option<egui::Response> {
    let resp;
    match data {
        ChartData::ExpectedByRegion { series, bars } => {
            // Regions run down the y axis, top first, so long names have room.
            let n = bars.len();
            let y_of = move |i: usize| (n - 1 - i) as f64;
            let names: Vec<String> = bars.iter().rev().map(|b| b.region.clone()).collect();
            let s = series.clone();
            let n2 = names.clone();
            let plot = plot
                .y_grid_spacer(integer_marks)
                .y_axis_formatter(move |m, _| category(&n2, m.value))
                .y_axis_min_width(90.0)
                .x_axis_label(series.axis_label())
                .include_x(series.min)
                .include_x(series.max)
                .label_formatter(move |pos| region_tooltip(pos, &names, &s));
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
                    let formatter_info = info.clone();
                    let unit = series.unit.clone();
                    pu.bar_chart(
                        BarChart::new("Expected value (orange: in alert)", bar_items)
                            .color(p.series)
                            .horizontal()
                            .element_formatter(Box::new(move |bar, _| {
                                let i = (n as f64 - 1.0 - bar.argument).round().max(0.0) as usize;
                                formatter_info
                                    .get(i)
                                    .map(|b| bar_text(b, &unit))
                                    .unwrap_or_default()
                            })),
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
                    pu.vline(
                        VLine::new(
                            format!("Alert threshold ({})", fmt_num(series.threshold)),
                            series.threshold,
                        )
                        .color(p.threshold)
                        .style(LineStyle::dashed_loose())
                        .width(1.5),
                    );
                })
                .response,
            );
        }
        ChartData::Contributions { series, regions } => {
            // Bottom-up rows: reverse so the first region is on top.
            let regions: Vec<_> = regions.iter().rev().cloned().collect();
            let top = regions.len() as f64 - 0.5;
            let names: Vec<String> = regions.iter().map(|r| r.0.clone()).collect();
            let n2 = names.clone();
            let info = regions.clone();
            let plot = plot
                .y_grid_spacer(integer_marks)
                .y_axis_formatter(move |m, _| category(&n2, m.value))
                .y_axis_min_width(90.0)
                .x_axis_label(format!(
                    "Change in expected {} at the horizon",
                    series.name.to_lowercase()
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
                        pu.bar_chart(BarChart::new(name, bars).color(colour).horizontal());
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
        }
        ChartData::Trajectory {
            series,
            region,
            baseline,
            expected,
            fan,
            outcomes,
        } => {
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
                    pu.hline(
                        HLine::new(
                            format!("Alert threshold ({})", fmt_num(series.threshold)),
                            series.threshold,
                        )
                        .color(p.threshold)
                        .style(LineStyle::dashed_loose())
                        .width(1.5),
                    );
                })
                .response,
            );
        }
        ChartData::Distribution {
            series,
            bins,
            expected,
            prob_alert,
            samples,
            ..
        } => {
            let s = series.clone();
            let info = bins.clone();
            let total = *samples;
            let plot = plot
                .x_axis_label(series.axis_label())
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
                    pu.bar_chart(BarChart::new("Simulated outcomes", normal).color(p.series));
                    let alert_name = match prob_alert {
                        Some(pa) => format!("In alert: {}", pct(pa)),
                        None => "In alert".to_owned(),
                    };
                    pu.bar_chart(BarChart::new(alert_name, alert).color(p.worse));
                    pu.vline(
                        VLine::new(
                            format!("Alert threshold ({})", fmt_num(series.threshold)),
                            series.threshold,
                        )
                        .color(p.threshold)
                        .style(LineStyle::dashed_loose())
                        .width(2.0),
                    );
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
        }
        ChartData::Tornado {
            series, base, bars, ..
        } => {
            let labels: Vec<String> = bars.iter().rev().map(|b| b.label.clone()).collect();
            let l2 = labels.clone();
            let info: Vec<_> = bars.iter().rev().cloned().collect();
            let unit = series.unit.clone();
            let lo = bars
                .iter()
                .map(|b| b.at_low.min(b.at_high))
                .fold(*base, f64::min);
            let hi = bars
                .iter()
                .map(|b| b.at_low.max(b.at_high))
                .fold(*base, f64::max);
            let pad = ((hi - lo) * 0.15).max(0.5);
            let top = bars.len() as f64 - 1.0;
            let plot = plot
                .y_grid_spacer(integer_marks)
                .y_axis_formatter(move |m, _| category(&l2, m.value))
                .y_axis_min_width(200.0)
                .auto_bounds([false, false])
                .default_x_bounds(lo - pad, hi + pad)
                .default_y_bounds(-0.6, top + 0.4)
                .x_axis_label("Expected value at the horizon")
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
                            .horizontal(),
                    );
                    pu.bar_chart(
                        BarChart::new("Effect from low to high", effect_bars)
                            .color(p.series.gamma_multiply(0.6))
                            .horizontal(),
                    );
                    pu.vline(
                        VLine::new(format!("Expected now ({})", fmt_num(base)), base)
                            .color(p.text)
                            .width(2.0),
                    );
                    pu.vline(
                        VLine::new(
                            format!("Alert threshold ({})", fmt_num(series2.threshold)),
                            series2.threshold,
                        )
                        .color(p.threshold)
                        .style(LineStyle::dashed_loose())
                        .width(1.5),
                    );
                })
                .response,
            );
        }
        ChartData::Heatmap {
            regions,
            indicators,
            cells,
            composite,
        } => {
            let mut cols = indicators.clone();
            cols.push("Composite".into());
            // Bottom-up rows: reverse so the first region is on top.
            let rows: Vec<String> = regions.iter().rev().cloned().collect();
            let n_rows = rows.len();
            let cells: Vec<Vec<(f64, f64)>> = cells.iter().rev().cloned().collect();
            let composite: Vec<f64> = composite.iter().rev().copied().collect();
            let c2 = cols.clone();
            let c3 = cols.clone();
            let r2 = rows.clone();
            let (cells2, comp2) = (cells.clone(), composite.clone());
            let plot = plot
                .y_grid_spacer(integer_marks)
                .y_axis_formatter(move |m, _| category(&r2, m.value))
                .y_axis_min_width(90.0)
                .show_grid(false)
                .show_axes([false, true])
                .include_y(-0.6)
                .include_y(n_rows as f64 + 0.9)
                .include_x(-0.6)
                .include_x(c2.len() as f64 - 0.4)
                .label_formatter(move |pos| heatmap_tooltip(pos, &rows, &cols, &cells2, &comp2));
            let cols = c3;
            resp = Some(
                plot.show(ui, |pu| {
                    for (ri, row) in cells.iter().enumerate() {
                        let y = ri as f64;
                        let entries = row.iter().copied().chain(std::iter::once((
                            composite[ri],
                            (composite[ri] / 10.0).clamp(-1.0, 1.0),
                        )));
                        for (ki, (d, t)) in entries.enumerate() {
                            let x = ki as f64;
                            let fill = p.diverging(t);
                            pu.polygon(
                                Polygon::new(
                                    "",
                                    PlotPoints::new(vec![
                                        [x - 0.48, y - 0.45],
                                        [x + 0.48, y - 0.45],
                                        [x + 0.48, y + 0.45],
                                        [x - 0.48, y + 0.45],
                                    ]),
                                )
                                .fill_color(fill)
                                .stroke(Stroke::new(0.5, p.grid)),
                            );
                            pu.text(
                                Text::new(
                                    "",
                                    PlotPoint::new(x, y),
                                    RichText::new(signed(d)).strong(),
                                )
                                .color(p.text_on(fill)),
                            );
                        }
                    }
                    for (ki, name) in cols.iter().enumerate() {
                        let header = name.split_whitespace().collect::<Vec<_>>().join("\n");
                        pu.text(
                            Text::new(
                                "",
                                PlotPoint::new(ki as f64, n_rows as f64 - 0.45),
                                RichText::new(header).small(),
                            )
                            .color(p.muted)
                            .anchor(egui::Align2::CENTER_BOTTOM),
                        );
                    }
                    pu.points(
                        Points::new("More stable", vec![[0.0, 0.0]])
                            .color(p.better)
                            .radius(0.01),
                    );
                    pu.points(
                        Points::new("Less stable", vec![[0.0, 0.0]])
                            .color(p.worse)
                            .radius(0.01),
                    );
                })
                .response,
            );
        }
        ChartData::ProbabilityTree { nodes, leaves } => {
            let info = nodes.clone();
            let max_depth = nodes.iter().map(|n| n.depth).max().unwrap_or(1).max(1);
            let plot = plot
                .show_axes([false, false])
                .show_grid(false)
                .include_x(-0.9)
                .include_x(max_depth as f64 + 2.3)
                .include_y(0.6)
                .include_y(-(*leaves as f64) + 0.3)
                .label_formatter(move |pos| tree_tooltip(pos, &info));
            let nodes = nodes.clone();
            resp = Some(
                plot.show(ui, |pu| {
                    for n in &nodes {
                        let Some(parent) = n.parent.and_then(|i| nodes.get(i)) else {
                            continue;
                        };
                        let (x0, y0) = (parent.depth as f64, -parent.y);
                        let (x1, y1) = (n.depth as f64, -n.y);
                        let colour = p.outcome(n.outcome);
                        let width = (2.0 + 26.0 * n.absolute as f32).min(28.0);
                        let mid = x0 + 0.35;
                        pu.line(
                            Line::new("", vec![[x0, y0], [mid, y1], [x1, y1]])
                                .color(lerp(colour, p.canvas, 0.15))
                                .width(width),
                        );
                    }
                    for n in &nodes {
                        let (x, y) = (n.depth as f64, -n.y);
                        let label = if n.depth == 0 {
                            "The talks".to_owned()
                        } else {
                            format!(
                                "{}\n{} · {} overall",
                                n.name,
                                pct(n.conditional),
                                pct(n.absolute)
                            )
                        };
                        // Leaves are labelled to their right; inner branches above their own line.
                        let (anchor, offset) = if n.leaf {
                            (egui::Align2::LEFT_CENTER, [x + 0.06, y])
                        } else if n.depth == 0 {
                            (egui::Align2::RIGHT_CENTER, [x - 0.05, y])
                        } else {
                            (egui::Align2::CENTER_BOTTOM, [x - 0.3, y + 0.08])
                        };
                        pu.text(
                            Text::new(
                                "",
                                PlotPoint::new(offset[0], offset[1]),
                                RichText::new(label).color(p.text),
                            )
                            .anchor(anchor),
                        );
                        pu.points(
                            Points::new("", vec![[x, y]])
                                .color(if n.depth == 0 {
                                    p.text
                                } else {
                                    p.outcome(n.outcome)
                                })
                                .radius(5.0)
                                .filled(true),
                        );
                    }
                })
                .response,
            );
        }
    }
    resp
}

fn band(
    pu: &mut egui_plot::PlotUi<'_>,
    fan: &[[f64; 6]],
    lo: usize,
    hi: usize,
    name: &str,
    colour: Color32,
) {
    let xs: Vec<f64> = (0..fan.len()).map(|m| m as f64).collect();
    let los: Vec<f64> = fan.iter().map(|f| f[lo]).collect();
    let his: Vec<f64> = fan.iter().map(|f| f[hi]).collect();
    pu.add(egui_plot::FilledArea::new(name, &xs, &los, &his).fill_color(colour));
}

fn bar_text(b: &crate::charts::RegionBar, unit: &str) -> String {
    let mut t = format!(
        "{}\nexpected {} ({} from baseline {})",
        b.region,
        fmt_num(b.expected),
        signed(b.expected - b.baseline),
        fmt_num(b.baseline)
    );
    if let Some((lo, hi)) = b.p05_p95 {
        t.push_str(&format!(
            "\n5–95% of outcomes: {} to {}",
            fmt_num(lo),
            fmt_num(hi)
        ));
    }
    if !unit.is_empty() {
        t.push_str(&format!("\n{unit}"));
    }
    t
}

fn region_tooltip(
    pos: &egui_plot::HoverPosition<'_>,
    names: &[String],
    s: &SeriesInfo,
) -> Option<String> {
    let p = hover_point(pos);
    let r = category(names, p.y.round());
    (!r.is_empty()).then(|| format!("{r}\n{}: {}", s.name, fmt_num(p.x)))
}

fn hover_point(pos: &egui_plot::HoverPosition<'_>) -> PlotPoint {
    match pos {
        egui_plot::HoverPosition::NearDataPoint { position, .. } => *position,
        egui_plot::HoverPosition::Elsewhere { position } => *position,
    }
}

fn contribution_tooltip(
    pos: &egui_plot::HoverPosition<'_>,
    regions: &[(String, Vec<crate::charts::Contribution>, f64)],
) -> Option<String> {
    let p = hover_point(pos);
    let ri = p.y.round();
    if ri < 0.0 {
        return None;
    }
    let (name, parts, net) = regions.get(ri as usize)?;
    let mut t = format!("{name}: net {}", signed(*net));
    for c in parts {
        t.push_str(&format!(
            "\n{}: {}",
            outcome_label(&c.name, c.outcome),
            signed(c.value)
        ));
    }
    Some(t)
}

fn trajectory_tooltip(
    pos: &egui_plot::HoverPosition<'_>,
    region: &str,
    expected: &[f64],
    fan: Option<&[[f64; 6]]>,
    s: &SeriesInfo,
) -> Option<String> {
    let p = hover_point(pos);
    let m = p.x.round();
    if m < 0.0 {
        return None;
    }
    let m = m as usize;
    let e = expected.get(m)?;
    let mut t = format!("{region}, month {m}\n{}: expected {}", s.name, fmt_num(*e));
    if let Some(f) = fan.and_then(|f| f.get(m)) {
        t.push_str(&format!(
            "\n50%: {} to {}\n90%: {} to {}",
            fmt_num(f[2]),
            fmt_num(f[4]),
            fmt_num(f[1]),
            fmt_num(f[5])
        ));
    }
    Some(t)
}

fn distribution_tooltip(
    pos: &egui_plot::HoverPosition<'_>,
    bins: &[(f64, f64, f64)],
    s: &SeriesInfo,
    samples: u64,
) -> Option<String> {
    let p = hover_point(pos);
    let (a, b, share) = bins.iter().find(|(a, b, _)| p.x >= *a && p.x < *b)?;
    Some(format!(
        "{}: {} to {}\n{} of {} simulated outcomes{}",
        s.name,
        fmt_num(*a),
        fmt_num(*b),
        pct(*share),
        samples,
        if s.in_alert(0.5 * (a + b)) {
            "\n(alert side)"
        } else {
            ""
        }
    ))
}

fn tornado_tooltip(
    pos: &egui_plot::HoverPosition<'_>,
    bars: &[crate::engine::sensitivity::Swing],
    unit: &str,
) -> Option<String> {
    let p = hover_point(pos);
    let i = p.y.round();
    if i < 0.0 {
        return None;
    }
    let b = bars.get(i as usize)?;
    Some(format!(
        "{}\nlow end: {}\nhigh end: {}\nswing: {} {unit}",
        b.label,
        fmt_num(b.at_low),
        fmt_num(b.at_high),
        fmt_num(b.width())
    ))
}

fn heatmap_tooltip(
    pos: &egui_plot::HoverPosition<'_>,
    rows: &[String],
    cols: &[String],
    cells: &[Vec<(f64, f64)>],
    composite: &[f64],
) -> Option<String> {
    let p = hover_point(pos);
    let (r, k) = (p.y.round(), p.x.round());
    if r < 0.0 || k < 0.0 {
        return None;
    }
    let (r, k) = (r as usize, k as usize);
    let d = if k < cols.len().saturating_sub(1) {
        cells.get(r)?.get(k)?.0
    } else {
        *composite.get(r)?
    };
    Some(format!(
        "{} · {}\nexpected change {}",
        rows.get(r)?,
        cols.get(k)?,
        fmt_num(d)
    ))
}

fn tree_tooltip(
    pos: &egui_plot::HoverPosition<'_>,
    nodes: &[crate::charts::TreeNode],
) -> Option<String> {
    let p = hover_point(pos);
    let n = nodes.iter().filter(|n| n.depth > 0).min_by(|a, b| {
        let da = (a.depth as f64 - p.x).powi(2) + (-a.y - p.y).powi(2);
        let db = (b.depth as f64 - p.x).powi(2) + (-b.y - p.y).powi(2);
        da.total_cmp(&db)
    })?;
    Some(format!(
        "{}\n{} of its parent ({})\n{} overall",
        n.name,
        pct(n.conditional),
        crate::model::estimative_words(n.conditional),
        pct(n.absolute)
    ))
}
