//! The heatmap and the probability tree.

use super::tooltips::*;
use crate::charts::ChartData;
use crate::ui::pct;
use crate::ui::theme::{Palette, lerp};
use egui::{RichText, Stroke, Ui};
use egui_plot::{Line, Plot, PlotPoint, PlotPoints, Points, Polygon, Text};

/// Draw the heatmap chart.
#[allow(clippy::needless_late_init)] // the plot's response is assigned once, below
pub(super) fn heatmap(
    ui: &mut Ui,
    plot: Plot<'_>,
    data: &ChartData,
    p: Palette,
) -> Option<egui::Response> {
    let ChartData::Heatmap {
        regions,
        indicators,
        cells,
        composite,
    } = data
    else {
        return None;
    };
    let resp;
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
        .custom_y_axes(category_axis(ui, r2, 90.0))
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
                            RichText::new(crate::charts::heat_cell_text(d, t)).strong(),
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
                Points::new("↑ More stable", vec![[0.0, 0.0]])
                    .color(p.better)
                    .radius(0.01),
            );
            pu.points(
                Points::new("↓ Less stable", vec![[0.0, 0.0]])
                    .color(p.worse)
                    .radius(0.01),
            );
        })
        .response,
    );
    resp
}

/// Draw the probability tree chart.
#[allow(clippy::needless_late_init)] // the plot's response is assigned once, below
pub(super) fn probability_tree(
    ui: &mut Ui,
    plot: Plot<'_>,
    data: &ChartData,
    p: Palette,
) -> Option<egui::Response> {
    let ChartData::ProbabilityTree { nodes, leaves } = data else {
        return None;
    };
    let resp;
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
                    let below = if n.hidden > 0 {
                        format!(" · {} below", crate::charts::thousands(n.hidden as u64))
                    } else {
                        String::new()
                    };
                    format!(
                        "{}\n{} · {} overall{below}",
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
    resp
}
