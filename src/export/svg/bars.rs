//! Bar charts as SVG: expected value by region, contributions and the tornado.

use super::draw::{Area, Svg, header, padded, text_width, value_axis_x};
use super::{HEIGHT, MARGIN, WIDTH};
use crate::charts::{Chart, ChartData, fmt_num, signed};
use crate::style::{hex, lerp};
use std::fmt::Write as _;

/// Draw ExpectedByRegion chart data.
pub(super) fn expected_by_region(svg: &mut Svg, chart: &Chart) {
    let p = svg.p;
    let text = hex(p.text);
    let muted = hex(p.muted);
    let threshold = hex(p.threshold);
    let ChartData::ExpectedByRegion { series, bars } = &chart.data else {
        return;
    };
    let top = header(svg, chart);
    let label_w = bars
        .iter()
        .map(|b| text_width(&b.region, 19.0))
        .fold(60.0, f64::max);
    let a = Area {
        x0: MARGIN + label_w + 16.0,
        y0: top,
        x1: WIDTH - MARGIN,
        y1: HEIGHT - 120.0,
        xmin: series.min,
        xmax: series.max,
        ymin: 0.0,
        ymax: bars.len().max(1) as f64,
    };
    value_axis_x(svg, &a, &series.axis_label());
    let row = (a.y1 - a.y0) / bars.len().max(1) as f64;
    for (i, b) in bars.iter().enumerate() {
        let yc = a.y0 + row * (i as f64 + 0.5);
        let fill = if series.in_alert(b.expected) {
            p.worse
        } else {
            p.series
        };
        let mut tip = format!("{}: {}", b.region, b.expected_text());
        if let Some(interval) = b.interval_text() {
            let _ = write!(tip, "; {interval}");
        }
        if let Some(range) = b.range_text() {
            let _ = write!(tip, "; {range}");
        }
        svg.rect(
            a.sx(series.min),
            yc - row * 0.3,
            a.sx(b.expected) - a.sx(series.min),
            row * 0.6,
            &hex(fill),
            Some(&tip),
        );
        svg.text(a.x0 - 12.0, yc + 7.0, &b.region, 19.0, "end", 400, &text);
        let right = b
            .p05_p95
            .map_or(b.expected, |(_, hi)| hi)
            .max(b.expected)
            .max(b.baseline);
        svg.text(
            a.sx(right) + 10.0,
            yc + 6.0,
            &fmt_num(b.expected),
            17.0,
            "start",
            600,
            &text,
        );
        let bx = a.sx(b.baseline);
        svg.line(
            bx,
            yc - row * 0.38,
            bx,
            yc + row * 0.38,
            &hex(p.baseline),
            3.0,
            None,
        );
        if let Some((lo, hi)) = b.expected_90 {
            svg.line(a.sx(lo), yc, a.sx(hi), yc, &text, 9.0, None);
        }
        if let Some((lo, hi)) = b.p05_p95 {
            svg.line(a.sx(lo), yc, a.sx(hi), yc, &muted, 2.0, None);
            for x in [lo, hi] {
                svg.line(
                    a.sx(x),
                    yc - row * 0.12,
                    a.sx(x),
                    yc + row * 0.12,
                    &muted,
                    2.0,
                    None,
                );
            }
        }
    }
    let tx = a.sx(series.threshold);
    if (a.x0..=a.x1).contains(&tx) {
        svg.line(tx, a.y0, tx, a.y1, &threshold, 2.0, Some("10 6"));
    }
}

/// Draw Contributions chart data.
pub(super) fn contributions(svg: &mut Svg, chart: &Chart) {
    let p = svg.p;
    let text = hex(p.text);
    let muted = hex(p.muted);
    let ChartData::Contributions { series, regions } = &chart.data else {
        return;
    };
    let top = header(svg, chart);
    let (mut lo, mut hi) = (0.0f64, 0.0f64);
    for (_, parts, _) in regions {
        let pos: f64 = parts.iter().map(|c| c.value.max(0.0)).sum();
        let neg: f64 = parts.iter().map(|c| c.value.min(0.0)).sum();
        lo = lo.min(neg);
        hi = hi.max(pos);
    }
    let (lo, hi) = padded(lo, hi, 0.08);
    let label_w = regions
        .iter()
        .map(|r| text_width(&r.0, 19.0))
        .fold(60.0, f64::max);
    let a = Area {
        x0: MARGIN + label_w + 16.0,
        y0: top,
        x1: WIDTH - MARGIN,
        y1: HEIGHT - 120.0,
        xmin: lo,
        xmax: hi,
        ymin: 0.0,
        ymax: 1.0,
    };
    value_axis_x(
        svg,
        &a,
        &format!(
            "Change in expected {} at the horizon",
            series.name.to_lowercase()
        ),
    );
    let row = (a.y1 - a.y0) / regions.len().max(1) as f64;
    for (i, (name, parts, net)) in regions.iter().enumerate() {
        let yc = a.y0 + row * (i as f64 + 0.5);
        svg.text(a.x0 - 12.0, yc + 7.0, name, 19.0, "end", 400, &text);
        let (mut pos, mut neg) = (0.0, 0.0);
        for c in parts {
            let (from, to) = if c.value >= 0.0 {
                pos += c.value;
                (pos - c.value, pos)
            } else {
                neg += c.value;
                (neg - c.value, neg)
            };
            let tip = format!("{name}: {} {}", c.name, signed(c.value));
            svg.rect(
                a.sx(from),
                yc - row * 0.3,
                a.sx(to) - a.sx(from),
                row * 0.6,
                &hex(p.outcome(c.outcome)),
                Some(&tip),
            );
        }
        let nx = a.sx(*net);
        svg.polygon(
            &[
                (nx, yc - 9.0),
                (nx + 9.0, yc),
                (nx, yc + 9.0),
                (nx - 9.0, yc),
            ],
            &hex(p.baseline),
            1.0,
        );
        svg.text(
            nx,
            yc - row * 0.32 - 4.0,
            &signed(*net),
            16.0,
            "middle",
            600,
            &text,
        );
    }
    svg.line(a.sx(0.0), a.y0, a.sx(0.0), a.y1, &muted, 1.5, None);
}

/// Draw Tornado chart data.
pub(super) fn tornado(svg: &mut Svg, chart: &Chart) {
    let p = svg.p;
    let text = hex(p.text);
    let threshold = hex(p.threshold);
    let ChartData::Tornado {
        series, base, bars, ..
    } = &chart.data
    else {
        return;
    };
    let top = header(svg, chart);
    let (lo, hi) = crate::charts::tornado_axis(bars, *base, series);
    let label_w = bars
        .iter()
        .map(|b| text_width(&b.label, 17.0))
        .fold(80.0, f64::max)
        .min(620.0);
    let a = Area {
        x0: MARGIN + label_w + 16.0,
        y0: top,
        x1: WIDTH - MARGIN,
        y1: HEIGHT - 150.0,
        xmin: lo,
        xmax: hi,
        ymin: 0.0,
        ymax: 1.0,
    };
    value_axis_x(svg, &a, &series.horizon_axis_label());
    let row = (a.y1 - a.y0) / bars.len().max(1) as f64;
    for (i, b) in bars.iter().enumerate() {
        let yc = a.y0 + row * (i as f64 + 0.5);
        let colour = match b.kind {
            crate::engine::sensitivity::SwingKind::Probability { .. } => p.accent,
            crate::engine::sensitivity::SwingKind::Effect { .. } => lerp(p.canvas, p.series, 0.55),
        };
        let tip = format!(
            "{}: {} at the low end, {} at the high end",
            b.label,
            fmt_num(b.at_low),
            fmt_num(b.at_high)
        );
        let (l, h) = (b.at_low.min(b.at_high), b.at_low.max(b.at_high));
        svg.rect(
            a.sx(l),
            yc - row * 0.32,
            (a.sx(h) - a.sx(l)).max(1.0),
            row * 0.64,
            &hex(colour),
            Some(&tip),
        );
        svg.text(a.x0 - 12.0, yc + 6.0, &b.label, 17.0, "end", 400, &text);
        // Each end says which end of the input it is, and the value there.
        let muted = hex(p.muted);
        let flipped = b.at_high < b.at_low;
        for (value, high, on_left) in [(b.at_low, false, !flipped), (b.at_high, true, flipped)] {
            let label = crate::charts::tornado_end_label(value, high);
            if on_left {
                svg.text(
                    a.sx(value) - 8.0,
                    yc + 5.0,
                    &label,
                    15.0,
                    "end",
                    400,
                    &muted,
                );
            } else {
                svg.text(
                    a.sx(value) + 8.0,
                    yc + 5.0,
                    &label,
                    15.0,
                    "start",
                    400,
                    &muted,
                );
            }
        }
    }
    let bx = a.sx(*base);
    svg.line(bx, a.y0, bx, a.y1, &text, 2.5, None);
    let tx = a.sx(series.threshold);
    if (a.x0..=a.x1).contains(&tx) {
        svg.line(tx, a.y0, tx, a.y1, &threshold, 2.0, Some("10 6"));
    }
    if let Some(t) = chart.footnote() {
        svg.text(MARGIN, HEIGHT - 56.0, &t, 18.0, "start", 400, &text);
    }
}
