//! Line charts as SVG: the trajectory and the outcome distribution.

use super::draw::{Area, Svg, header, padded, value_axis_y, x_tick_labels, x_tick_labels_at};
use super::{HEIGHT, MARGIN, WIDTH};
use crate::charts::{Chart, ChartData, fmt_num};
use crate::style::hex;

/// Draw Trajectory chart data.
pub(super) fn trajectory(svg: &mut Svg, chart: &Chart) {
    let p = svg.p;
    let text = hex(p.text);
    let threshold = hex(p.threshold);
    let ChartData::Trajectory {
        series,
        baseline,
        expected,
        fan,
        outcomes,
        ..
    } = &chart.data
    else {
        return;
    };
    let top = header(svg, chart);
    let mut lo = baseline.min(series.threshold);
    let mut hi = baseline.max(series.threshold);
    for v in expected
        .iter()
        .chain(outcomes.iter().flat_map(|o| &o.values))
    {
        lo = lo.min(*v);
        hi = hi.max(*v);
    }
    if let Some(f) = fan {
        for m in f {
            lo = lo.min(m[1]);
            hi = hi.max(m[5]);
        }
    }
    let (lo, hi) = padded(lo, hi, 0.06);
    let months = expected.len().saturating_sub(1).max(1) as f64;
    // Room on the right for each line's name at its end.
    let a = Area {
        x0: MARGIN + 100.0,
        y0: top,
        x1: WIDTH - MARGIN - 250.0,
        y1: HEIGHT - 120.0,
        xmin: 0.0,
        xmax: months,
        ymin: lo,
        ymax: hi,
    };
    value_axis_y(svg, &a, &series.axis_label());
    x_tick_labels_at(
        svg,
        &a,
        "Months from now",
        &crate::charts::month_ticks(months, 9),
    );
    if let Some(f) = fan {
        for (l, h, op) in [(1usize, 5usize, 0.22), (2, 4, 0.4)] {
            let mut pts: Vec<(f64, f64)> = f
                .iter()
                .enumerate()
                .map(|(m, v)| (a.sx(m as f64), a.sy(v[l])))
                .collect();
            pts.extend(
                f.iter()
                    .enumerate()
                    .rev()
                    .map(|(m, v)| (a.sx(m as f64), a.sy(v[h]))),
            );
            svg.polygon(&pts, &hex(p.series), op);
        }
    }
    for o in outcomes {
        let pts: Vec<(f64, f64)> = o
            .values
            .iter()
            .enumerate()
            .map(|(m, v)| (a.sx(m as f64), a.sy(*v)))
            .collect();
        let dash = match crate::charts::outcome_mark(o.outcome) {
            crate::charts::Mark::Dashed => Some("12 7"),
            crate::charts::Mark::Dotted => Some("2 6"),
            _ => None,
        };
        svg.polyline_dashed(&pts, &hex(p.outcome(o.outcome)), 3.0, dash, Some(&o.name));
    }
    let by = a.sy(*baseline);
    svg.line(a.x0, by, a.x1, by, &hex(p.baseline), 1.5, Some("2 5"));
    let ty = a.sy(series.threshold);
    svg.line(a.x0, ty, a.x1, ty, &threshold, 2.0, Some("10 6"));
    let pts: Vec<(f64, f64)> = expected
        .iter()
        .enumerate()
        .map(|(m, v)| (a.sx(m as f64), a.sy(*v)))
        .collect();
    let tip = format!(
        "Expected: {} at month {}",
        fmt_num(expected.last().copied().unwrap_or(0.0)),
        expected.len().saturating_sub(1)
    );
    svg.polyline(&pts, &text, 4.5, Some(&tip));
    // Names at the ends of the lines, moved apart where the lines end close together.
    let mut ends: Vec<(String, f64, String)> = outcomes
        .iter()
        .filter_map(|o| {
            let y = *o.values.last()?;
            Some((
                crate::charts::end_label(&o.name, 24),
                a.sy(y),
                hex(p.outcome(o.outcome)),
            ))
        })
        .collect();
    if let Some(&y) = expected.last() {
        ends.push(("Expected".to_owned(), a.sy(y), text.clone()));
    }
    let ys: Vec<f64> = ends.iter().map(|e| e.1).collect();
    let placed = crate::charts::spread_labels(&ys, 22.0, a.y0 + 8.0, a.y1);
    for ((name, _, colour), y) in ends.iter().zip(placed) {
        svg.text(a.x1 + 10.0, y + 6.0, name, 17.0, "start", 600, colour);
    }
}

/// Draw Distribution chart data.
pub(super) fn distribution(svg: &mut Svg, chart: &Chart) {
    let p = svg.p;
    let text = hex(p.text);
    let muted = hex(p.muted);
    let threshold = hex(p.threshold);
    let ChartData::Distribution {
        series,
        bins,
        expected,
        samples,
        ..
    } = &chart.data
    else {
        return;
    };
    let top = header(svg, chart);
    let (lo, hi, y_top) = crate::charts::distribution_extent(bins, series, *expected);
    let a = Area {
        x0: MARGIN + 100.0,
        y0: top,
        x1: WIDTH - MARGIN,
        y1: HEIGHT - 120.0,
        xmin: lo,
        xmax: hi,
        ymin: 0.0,
        ymax: y_top,
    };
    value_axis_y(svg, &a, "Share of simulated outcomes (%)");
    x_tick_labels(svg, &a, &series.axis_label());
    // The alert side shaded, with its chance written on it.
    if let ChartData::Distribution {
        prob_alert: Some(pa),
        ..
    } = &chart.data
    {
        let right = series.in_alert(series.threshold + (hi - lo) * 1e-6);
        let tx = a.sx(series.threshold).clamp(a.x0, a.x1);
        let (x0, x1) = if right { (tx, a.x1) } else { (a.x0, tx) };
        svg.polygon(
            &[(x0, a.y0), (x1, a.y0), (x1, a.y1), (x0, a.y1)],
            &hex(p.worse),
            0.10,
        );
        let label = format!("In alert: {:.1}%", pa * 100.0);
        if right {
            svg.text(
                x0 + 12.0,
                a.y0 + 28.0,
                &label,
                22.0,
                "start",
                600,
                &hex(p.worse),
            );
        } else {
            svg.text(
                x1 - 12.0,
                a.y0 + 28.0,
                &label,
                22.0,
                "end",
                600,
                &hex(p.worse),
            );
        }
    }
    for (from, to, share) in bins {
        let fill = if series.in_alert(0.5 * (from + to)) {
            p.worse
        } else {
            p.series
        };
        let tip = format!(
            "{} to {}: {:.2}% of {} outcomes",
            fmt_num(*from),
            fmt_num(*to),
            share * 100.0,
            crate::charts::thousands(*samples)
        );
        let (x0, x1) = (a.sx(*from), a.sx(*to));
        svg.rect(
            x0 + 0.5,
            a.sy(share * 100.0),
            (x1 - x0 - 1.0).max(0.5),
            a.sy(0.0) - a.sy(share * 100.0),
            &hex(fill),
            Some(&tip),
        );
    }
    if bins.is_empty() {
        svg.text(
            (a.x0 + a.x1) / 2.0,
            (a.y0 + a.y1) / 2.0,
            "No simulation",
            24.0,
            "middle",
            400,
            &muted,
        );
    }
    let tx = a.sx(series.threshold);
    svg.line(tx, a.y0, tx, a.y1, &threshold, 2.5, Some("10 6"));
    let ex = a.sx(*expected);
    svg.line(ex, a.y0, ex, a.y1, &text, 2.5, None);
}
