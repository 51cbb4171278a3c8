//! Charts as SVG: vector, editable in slide tools, laid out like the in-app charts, with a
//! title, a legend and a source line. Hovering a bar in a browser shows its exact numbers.

mod draw;

pub use draw::{esc, ticks};

use crate::charts::{Chart, ChartData, fmt_num, signed};
use draw::{
    Area, Svg, footer, header, padded, text_width, value_axis_x, value_axis_y, x_tick_labels,
};

use crate::ui::theme::{LIGHT, Palette, hex, lerp};
use std::fmt::Write as _;

/// Width of an exported chart, in SVG units (pixels at 1×).
pub const WIDTH: f64 = 1600.0;
/// Height of an exported chart.
pub const HEIGHT: f64 = 900.0;

const MARGIN: f64 = 48.0;
const FONT: &str = "Inter, Hack, 'DejaVu Sans', Arial, sans-serif";

/// Render a chart to SVG with the light palette.
pub fn chart_svg(chart: &Chart) -> String {
    chart_svg_with(chart, LIGHT)
}

/// Render a chart to SVG with a palette.
pub fn chart_svg_with(chart: &Chart, p: Palette) -> String {
    let mut svg = Svg::new(p);
    let text = hex(p.text);
    let muted = hex(p.muted);
    let threshold = hex(p.threshold);
    match &chart.data {
        ChartData::ExpectedByRegion { series, bars } => {
            let top = header(&mut svg, chart);
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
            value_axis_x(&mut svg, &a, &series.axis_label());
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
        ChartData::Contributions { series, regions } => {
            let top = header(&mut svg, chart);
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
                &mut svg,
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
        ChartData::Trajectory {
            series,
            baseline,
            expected,
            fan,
            outcomes,
            ..
        } => {
            let top = header(&mut svg, chart);
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
            let a = Area {
                x0: MARGIN + 100.0,
                y0: top,
                x1: WIDTH - MARGIN,
                y1: HEIGHT - 120.0,
                xmin: 0.0,
                xmax: months,
                ymin: lo,
                ymax: hi,
            };
            value_axis_y(&mut svg, &a, &series.axis_label());
            x_tick_labels(&mut svg, &a, "Months from now");
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
                svg.polyline(&pts, &hex(p.outcome(o.outcome)), 2.0, Some(&o.name));
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
        }
        ChartData::Distribution {
            series,
            bins,
            expected,
            samples,
            ..
        } => {
            let top = header(&mut svg, chart);
            let lo = bins
                .first()
                .map_or(series.min, |b| b.0)
                .min(series.threshold)
                .min(*expected);
            let hi = bins
                .last()
                .map_or(series.max, |b| b.1)
                .max(series.threshold)
                .max(*expected);
            let (lo, hi) = padded(lo, hi, 0.04);
            let top_share = bins.iter().map(|b| b.2).fold(0.0, f64::max).max(0.01) * 100.0;
            let a = Area {
                x0: MARGIN + 100.0,
                y0: top,
                x1: WIDTH - MARGIN,
                y1: HEIGHT - 120.0,
                xmin: lo,
                xmax: hi,
                ymin: 0.0,
                ymax: top_share * 1.08,
            };
            value_axis_y(&mut svg, &a, "Share of simulated outcomes (%)");
            x_tick_labels(&mut svg, &a, &series.axis_label());
            for (from, to, share) in bins {
                let fill = if series.in_alert(0.5 * (from + to)) {
                    p.worse
                } else {
                    p.series
                };
                let tip = format!(
                    "{} to {}: {:.2}% of {samples} outcomes",
                    fmt_num(*from),
                    fmt_num(*to),
                    share * 100.0
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
        ChartData::Tornado {
            series, base, bars, ..
        } => {
            let top = header(&mut svg, chart);
            let (lo, hi) = crate::charts::tornado_range(bars, *base, series);
            let (lo, hi) = padded(lo, hi, 0.12);
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
            value_axis_x(&mut svg, &a, "Expected value at the horizon");
            let row = (a.y1 - a.y0) / bars.len().max(1) as f64;
            for (i, b) in bars.iter().enumerate() {
                let yc = a.y0 + row * (i as f64 + 0.5);
                let colour = match b.kind {
                    crate::engine::sensitivity::SwingKind::Probability { .. } => p.accent,
                    crate::engine::sensitivity::SwingKind::Effect { .. } => {
                        lerp(p.canvas, p.series, 0.55)
                    }
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
        ChartData::Heatmap {
            regions,
            indicators,
            cells,
            composite,
        } => {
            let top = header(&mut svg, chart);
            let label_w = regions
                .iter()
                .map(|r| text_width(r, 19.0))
                .fold(60.0, f64::max);
            let cols = indicators.len() + 1;
            let x0 = MARGIN + label_w + 16.0;
            let cw = (WIDTH - MARGIN - x0) / cols as f64;
            let y0 = top + 36.0;
            let rh = ((HEIGHT - 80.0 - y0) / regions.len().max(1) as f64).min(90.0);
            for (k, name) in indicators
                .iter()
                .chain(std::iter::once(&"Composite".to_owned()))
                .enumerate()
            {
                svg.text(
                    x0 + cw * (k as f64 + 0.5),
                    y0 - 12.0,
                    name,
                    18.0,
                    "middle",
                    600,
                    &text,
                );
            }
            for (r, region) in regions.iter().enumerate() {
                let y = y0 + rh * r as f64;
                svg.text(
                    x0 - 12.0,
                    y + rh / 2.0 + 7.0,
                    region,
                    19.0,
                    "end",
                    400,
                    &text,
                );
                let row = cells[r].iter().copied().chain(std::iter::once((
                    composite[r],
                    (composite[r] / 10.0).clamp(-1.0, 1.0),
                )));
                for (k, (d, t)) in row.enumerate() {
                    let fill = p.diverging(t);
                    let x = x0 + cw * k as f64;
                    let col = indicators.get(k).map_or("Composite", |s| s.as_str());
                    let tip = format!("{region} · {col}: expected change {}", fmt_num(d));
                    svg.rect(x + 2.0, y + 2.0, cw - 4.0, rh - 4.0, &hex(fill), Some(&tip));
                    svg.text(
                        x + cw / 2.0,
                        y + rh / 2.0 + 8.0,
                        &signed(d),
                        22.0,
                        "middle",
                        600,
                        &hex(p.text_on(fill)),
                    );
                }
            }
        }
        ChartData::ProbabilityTree { nodes, leaves } => {
            let top = header(&mut svg, chart);
            let max_depth = nodes.iter().map(|n| n.depth).max().unwrap_or(1).max(1) as f64;
            let a = Area {
                x0: MARGIN + 120.0,
                y0: top + 20.0,
                x1: WIDTH - MARGIN - 380.0,
                y1: HEIGHT - 70.0,
                xmin: 0.0,
                xmax: max_depth,
                ymin: -(*leaves as f64 - 1.0).max(1.0),
                ymax: 0.0,
            };
            for n in nodes {
                let Some(parent) = n.parent.and_then(|i| nodes.get(i)) else {
                    continue;
                };
                let (x0, y0) = (a.sx(parent.depth as f64), a.sy(-parent.y));
                let (x1, y1) = (a.sx(n.depth as f64), a.sy(-n.y));
                let mid = x0 + (x1 - x0) * 0.35;
                let w = (3.0 + 34.0 * n.absolute).min(38.0);
                let tip = format!(
                    "{}: {:.1}% of its parent, {:.1}% overall",
                    n.name,
                    n.conditional * 100.0,
                    n.absolute * 100.0
                );
                svg.polyline(
                    &[(x0, y0), (mid, y1), (x1, y1)],
                    &hex(p.outcome(n.outcome)),
                    w,
                    Some(&tip),
                );
            }
            for n in nodes {
                let (x, y) = (a.sx(n.depth as f64), a.sy(-n.y));
                let colour = if n.depth == 0 {
                    p.text
                } else {
                    p.outcome(n.outcome)
                };
                svg.circle(x, y, 7.0, &hex(colour));
                if n.depth == 0 {
                    svg.text(x - 14.0, y + 6.0, "The talks", 19.0, "end", 600, &text);
                } else if n.leaf {
                    svg.text(x + 14.0, y - 2.0, &n.name, 18.0, "start", 600, &text);
                    let mut line = format!(
                        "{:.0}% · {:.1}% overall",
                        n.conditional * 100.0,
                        n.absolute * 100.0
                    );
                    if n.hidden > 0 {
                        line.push_str(&format!(
                            " · {} below",
                            crate::charts::thousands(n.hidden as u64)
                        ));
                    }
                    svg.text(x + 14.0, y + 20.0, &line, 16.0, "start", 400, &muted);
                } else {
                    let px = n
                        .parent
                        .and_then(|i| nodes.get(i))
                        .map_or(x, |q| a.sx(q.depth as f64));
                    let lx = px + (x - px) * 0.62;
                    svg.text(lx, y - 20.0, &n.name, 17.0, "middle", 600, &text);
                    let line = format!(
                        "{:.0}% · {:.1}% overall",
                        n.conditional * 100.0,
                        n.absolute * 100.0
                    );
                    svg.text(lx, y + 30.0, &line, 15.0, "middle", 400, &muted);
                }
            }
        }
    }
    footer(&mut svg, chart);
    svg.finish()
}
