//! The compare chart as SVG: each view's expected value per region, with its range of outcomes
//! and its difference from the first view.

use super::draw::{Area, Svg, header, text_width, value_axis_x};
use super::{HEIGHT, MARGIN, WIDTH};
use crate::charts::{Chart, ChartData, PointShape, compare_axis, compare_label};
use crate::style::hex;

/// Draw Compare chart data.
pub(super) fn compare(svg: &mut Svg, chart: &Chart) {
    let p = svg.p;
    let text = hex(p.text);
    let muted = hex(p.muted);
    let ChartData::Compare {
        series,
        views,
        rows,
    } = &chart.data
    else {
        return;
    };
    let top = header(svg, chart);
    let label_w = rows
        .iter()
        .map(|r| text_width(&r.region, 19.0))
        .fold(60.0, f64::max);
    // Room on the right for the last view's "54.0 (+9.0)".
    let (lo, hi) = compare_axis(rows, series);
    let a = Area {
        x0: MARGIN + label_w + 16.0,
        y0: top,
        x1: WIDTH - MARGIN - 150.0,
        y1: HEIGHT - 120.0,
        xmin: lo,
        xmax: hi,
        ymin: 0.0,
        ymax: rows.len().max(1) as f64,
    };
    value_axis_x(svg, &a, &series.axis_label());
    let row_h = (a.y1 - a.y0) / rows.len().max(1) as f64;
    let n = views.len().max(1);
    let sub = row_h * 0.8 / n as f64;
    let size = (sub * 0.8).clamp(11.0, 16.0);
    for (i, r) in rows.iter().enumerate() {
        let top_of_row = a.y0 + row_h * i as f64;
        let yc = top_of_row + row_h / 2.0;
        svg.text(a.x0 - 12.0, yc + 7.0, &r.region, 19.0, "end", 400, &text);
        if i > 0 {
            svg.line(a.x0, top_of_row, a.x1, top_of_row, &hex(p.grid), 1.0, None);
        }
        let bx = a.sx(r.baseline);
        svg.line(
            bx,
            top_of_row + row_h * 0.08,
            bx,
            top_of_row + row_h * 0.92,
            &hex(p.baseline),
            2.5,
            None,
        );
        for (j, c) in r.cells.iter().enumerate() {
            let y = top_of_row + row_h * 0.1 + sub * (j as f64 + 0.5);
            let colour = hex(p.view(j));
            svg.line(a.sx(c.low), y, a.sx(c.high), y, &muted, 1.5, None);
            for x in [c.low, c.high] {
                svg.line(
                    a.sx(x),
                    y - sub * 0.25,
                    a.sx(x),
                    y + sub * 0.25,
                    &muted,
                    1.5,
                    None,
                );
            }
            let (x, rad) = (a.sx(c.expected), (sub * 0.32).clamp(4.0, 9.0));
            match PointShape::nth(j).polygon(x, y, rad) {
                Some(pts) => svg.polygon(&pts, &colour, 1.0),
                None => svg.circle(x, y, rad, &colour),
            }
            let right = a.sx(c.high.max(c.expected).max(r.baseline)) + 8.0;
            svg.text(
                right,
                y + size * 0.35,
                &compare_label(r, j),
                size,
                "start",
                600,
                &colour,
            );
        }
    }
    let tx = a.sx(series.threshold);
    if (a.x0..=a.x1).contains(&tx) {
        svg.line(tx, a.y0, tx, a.y1, &hex(p.threshold), 2.0, Some("10 6"));
    }
}
