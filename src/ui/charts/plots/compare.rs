//! The compare chart: each view's expected value per region, a marker of its own shape and
//! colour on its own line within the region's row, the range of outcomes as a whisker, and the
//! difference from the first view written beside it.

use super::tooltips::*;
use crate::charts::{ChartData, CompareRow, PointShape, compare_axis, compare_label, fmt_num};
use crate::ui::theme::Palette;
use egui::{RichText, Ui};
use egui_plot::{Line, MarkerShape, Plot, PlotPoint, Points, Text};

/// egui_plot's marker for a point shape.
pub(super) fn marker(shape: PointShape) -> MarkerShape {
    match shape {
        PointShape::Circle => MarkerShape::Circle,
        PointShape::Square => MarkerShape::Square,
        PointShape::Diamond => MarkerShape::Diamond,
        PointShape::Up => MarkerShape::Up,
        PointShape::Down => MarkerShape::Down,
        PointShape::Left => MarkerShape::Left,
    }
}

/// The y of view `j` of `n` within row `i` of `rows` (the first row on top).
fn y_of(i: usize, rows: usize, j: usize, n: usize) -> f64 {
    let row = (rows - 1 - i) as f64;
    let n = n.max(1) as f64;
    // Views run down the row, first on top, filling 80% of it.
    row + 0.4 - 0.8 * (j as f64 + 0.5) / n
}

/// Draw the compare chart.
pub(super) fn compare(
    ui: &mut Ui,
    plot: Plot<'_>,
    data: &ChartData,
    p: Palette,
) -> Option<egui::Response> {
    let ChartData::Compare {
        series,
        views,
        rows,
    } = data
    else {
        return None;
    };
    let n_rows = rows.len().max(1);
    let n = views.len();
    let names: Vec<String> = rows.iter().rev().map(|r| r.region.clone()).collect();
    let (lo, hi) = compare_axis(rows, series);
    // Room on the right for "54.0 (+9.0)" beside the rightmost value.
    let right = hi + (hi - lo) * 0.22;
    let (info, view_names, unit) = (rows.clone(), views.clone(), series.unit.clone());
    let plot = plot
        .y_grid_spacer(integer_marks)
        .custom_y_axes(category_axis(ui, names, 90.0))
        .custom_x_axes(value_x_axis(axis_title(ui, series.axis_label(), 110.0)))
        .auto_bounds([false, false])
        .default_x_bounds(lo, right)
        .default_y_bounds(-0.55, n_rows as f64 - 0.45)
        .label_formatter(move |pos| compare_tooltip(hover_point(pos), &info, &view_names, &unit));
    let rows = rows.clone();
    let series = series.clone();
    Some(
        plot.show(ui, |pu| {
            let mut first_baseline = true;
            for (i, r) in rows.iter().enumerate() {
                let top = (n_rows - 1 - i) as f64 + 0.45;
                pu.line(
                    Line::new(
                        if first_baseline { "Baseline" } else { "" },
                        vec![[r.baseline, top - 0.9], [r.baseline, top]],
                    )
                    .color(p.baseline)
                    .width(2.0),
                );
                first_baseline = false;
                for (j, c) in r.cells.iter().enumerate() {
                    let y = y_of(i, n_rows, j, n);
                    let colour = p.view(j);
                    pu.line(
                        Line::new("", vec![[c.low, y], [c.high, y]])
                            .color(p.muted)
                            .width(1.5),
                    );
                    pu.points(
                        Points::new(
                            if i == 0 { views[j].as_str() } else { "" },
                            vec![[c.expected, y]],
                        )
                        .shape(marker(PointShape::nth(j)))
                        .filled(true)
                        .radius(6.0)
                        .color(colour),
                    );
                    pu.text(
                        Text::new(
                            "",
                            PlotPoint::new(
                                c.high.max(c.expected).max(r.baseline) + (hi - lo) * 0.01,
                                y,
                            ),
                            RichText::new(compare_label(r, j)).small().strong(),
                        )
                        .color(colour)
                        .anchor(egui::Align2::LEFT_CENTER),
                    );
                }
            }
            pu.vline(threshold_vline(&series, p).width(1.5));
        })
        .response,
    )
}

/// The readout of the view's mark under the pointer (its marker or its whisker), if any.
pub(super) fn compare_tooltip(
    at: PlotPoint,
    rows: &[CompareRow],
    views: &[String],
    unit: &str,
) -> Option<String> {
    let (i, j) = (0..rows.len())
        .flat_map(|i| (0..views.len()).map(move |j| (i, j)))
        .min_by(|a, b| {
            let da = (y_of(a.0, rows.len(), a.1, views.len()) - at.y).abs();
            let db = (y_of(b.0, rows.len(), b.1, views.len()) - at.y).abs();
            da.total_cmp(&db)
        })?;
    let row = rows.get(i)?;
    let c = row.cells.get(j)?;
    let y = y_of(i, rows.len(), j, views.len());
    let half = 0.4 / views.len().max(1) as f64;
    let slack = (c.high - c.low).abs().max(1.0) * 0.03;
    if (at.y - y).abs() > half || at.x < c.low - slack || at.x > c.high + slack {
        return None;
    }
    let mut text = format!(
        "{} — {}\nexpected: {} {unit}",
        row.region,
        views[j],
        fmt_num(c.expected)
    );
    if let (Some(d), Some(first)) = (row.difference(j), views.first())
        && j > 0
    {
        text.push_str(&format!(
            "\ndifference from {first}: {}",
            crate::charts::signed(d)
        ));
    }
    text.push_str(&format!(
        "\n5–95% of outcomes across the branches: {} to {}\nbaseline: {}",
        fmt_num(c.low),
        fmt_num(c.high),
        fmt_num(row.baseline)
    ));
    Some(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::compare::Cell;

    #[test]
    fn a_compare_readout_names_the_view_under_the_pointer() {
        let cell = |expected: f64| Cell {
            expected,
            low: expected - 5.0,
            high: expected + 5.0,
        };
        let rows = vec![CompareRow {
            region: "Iran".into(),
            baseline: 48.0,
            cells: vec![cell(46.0), cell(47.5)],
        }];
        let views = vec!["Base".to_owned(), "Capped".to_owned()];
        // One row of two views: Base at y = 0.2, Capped at y = −0.2.
        let base = compare_tooltip(PlotPoint::new(46.0, 0.2), &rows, &views, "").expect("base");
        assert!(base.starts_with("Iran — Base\nexpected: 46.0"), "{base}");
        assert!(!base.contains("difference"));
        let capped =
            compare_tooltip(PlotPoint::new(50.0, -0.2), &rows, &views, "").expect("capped");
        assert!(capped.contains("Iran — Capped"), "{capped}");
        assert!(capped.contains("difference from Base: +1.5"), "{capped}");
        // Past the whisker, and between the row's edge and the next.
        assert!(compare_tooltip(PlotPoint::new(70.0, -0.2), &rows, &views, "").is_none());
        assert!(compare_tooltip(PlotPoint::new(46.0, 0.48), &rows, &views, "").is_none());
    }
}
