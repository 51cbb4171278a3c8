//! The signposts chart and the revision timeline as SVG.

use super::draw::{Area, Svg, header, padded, text_width, value_axis_x};
use super::{HEIGHT, MARGIN, WIDTH};
use crate::charts::{Chart, ChartData, Ink, fmt_num, pct, signed};
use crate::style::hex;

/// Draw the signposts chart: for each signpost, a bar from the value now to the value if seen
/// (above) and if not seen (below).
pub(super) fn signposts(svg: &mut Svg, chart: &Chart) {
    let p = svg.p;
    let text = hex(p.text);
    let ChartData::Signposts {
        series, now, bars, ..
    } = &chart.data
    else {
        return;
    };
    let top = header(svg, chart);
    let labels: Vec<String> = bars
        .iter()
        .map(|b| format!("{} [{}]", b.name, b.status))
        .collect();
    let label_w = labels
        .iter()
        .map(|l| text_width(l, 17.0))
        .fold(80.0, f64::max)
        .min(620.0);
    let (lo, hi) = bars
        .iter()
        .flat_map(|b| [b.if_seen, b.if_not])
        .flatten()
        .fold((*now, *now), |(a, z), v| (a.min(v), z.max(v)));
    let (lo, hi) = if lo.is_finite() && hi.is_finite() && hi > lo {
        padded(lo, hi, 0.2)
    } else if now.is_finite() {
        (now - 1.0, now + 1.0)
    } else {
        (0.0, 100.0)
    };
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
    for (i, (b, label)) in bars.iter().zip(&labels).enumerate() {
        let yc = a.y0 + row * (i as f64 + 0.5);
        svg.text(a.x0 - 12.0, yc + 6.0, label, 17.0, "end", 400, &text);
        for (value, what, chance, ink, dy) in [
            (b.if_seen, "if seen", b.chance, Ink::Accent, -0.22),
            (b.if_not, "if not seen", 1.0 - b.chance, Ink::Light, 0.22),
        ] {
            let Some(v) = value else { continue };
            let (l, h) = (v.min(*now), v.max(*now));
            let y = yc + row * dy;
            let tip = format!(
                "{}: {what} (chance {}) {}, {} from now",
                b.name,
                pct(chance),
                fmt_num(v),
                signed(v - now)
            );
            svg.rect(
                a.sx(l),
                y - row * 0.18,
                (a.sx(h) - a.sx(l)).max(1.0),
                row * 0.36,
                &hex(p.ink(ink)),
                Some(&tip),
            );
            let (x, anchor) = if v >= *now {
                (a.sx(h) + 6.0, "start")
            } else {
                (a.sx(l) - 6.0, "end")
            };
            svg.text(x, y + 5.0, &fmt_num(v), 15.0, anchor, 400, &hex(p.muted));
        }
    }
    let nx = a.sx(*now);
    svg.line(nx, a.y0, nx, a.y1, &text, 2.5, None);
    let tx = a.sx(series.threshold);
    if (a.x0..=a.x1).contains(&tx) {
        svg.line(tx, a.y0, tx, a.y1, &hex(p.threshold), 2.0, Some("10 6"));
    }
    if let Some(t) = chart.footnote() {
        svg.text(MARGIN, HEIGHT - 56.0, &t, 18.0, "start", 400, &text);
    }
}

/// Draw the revision timeline: a step line per top-level outcome, a dotted line per revision.
pub(super) fn timeline(svg: &mut Svg, chart: &Chart) {
    let p = svg.p;
    let text = hex(p.text);
    let muted = hex(p.muted);
    let ChartData::Timeline {
        lines,
        marks,
        resolution,
        span,
    } = &chart.data
    else {
        return;
    };
    let top = header(svg, chart);
    let a = Area {
        x0: MARGIN + 100.0,
        y0: top + 70.0,
        x1: WIDTH - MARGIN - 40.0,
        y1: HEIGHT - 120.0,
        xmin: span.0,
        xmax: span.1,
        ymin: 0.0,
        ymax: 1.0,
    };
    // The probability axis, in percent.
    for k in 0..=5 {
        let v = f64::from(k) * 0.2;
        let y = a.sy(v);
        svg.line(a.x0, y, a.x1, y, &hex(p.grid), 1.0, None);
        svg.text(a.x0 - 10.0, y + 6.0, &pct(v), 17.0, "end", 400, &muted);
    }
    // Dates under the revisions.
    for m in marks.iter().chain(resolution) {
        let x = a.sx(m.day);
        svg.text(x, a.y1 + 26.0, &m.date, 15.0, "middle", 400, &muted);
    }
    svg.text(
        (a.x0 + a.x1) / 2.0,
        a.y1 + 56.0,
        "Date of revision",
        19.0,
        "middle",
        400,
        &text,
    );
    // Revision lines, labels staggered above the plot.
    for (k, m) in marks.iter().enumerate() {
        let x = a.sx(m.day);
        svg.line(
            x,
            a.y0 - 60.0 + 20.0 * (k % 3) as f64,
            x,
            a.y1,
            &muted,
            1.5,
            Some("2 5"),
        );
        let y = a.y0 - 64.0 + 20.0 * (k % 3) as f64;
        // Labels in the right half run leftwards from their line, to stay inside.
        if m.day > (span.0 + span.1) / 2.0 {
            svg.text(x - 4.0, y, &m.label, 15.0, "end", 400, &muted);
        } else {
            svg.text(x + 4.0, y, &m.label, 15.0, "start", 400, &muted);
        }
    }
    if let Some(r) = resolution {
        let x = a.sx(r.day);
        svg.line(x, a.y0, x, a.y1, &text, 2.0, Some("10 6"));
        svg.text(x - 6.0, a.y0 + 20.0, &r.label, 17.0, "end", 600, &text);
    }
    for (j, l) in lines.iter().enumerate() {
        let colour = hex(p.ink(crate::charts::timeline_ink(lines, j)));
        let mut pts = Vec::new();
        for (k, &(x, y)) in l.points.iter().enumerate() {
            if k > 0 {
                pts.push((a.sx(x), a.sy(l.points[k - 1].1)));
            }
            pts.push((a.sx(x), a.sy(y)));
        }
        let tip = match (l.points.first(), l.points.last()) {
            (Some(f), Some(z)) => format!("{}: {} → {}", l.name, pct(f.1), pct(z.1)),
            _ => l.name.clone(),
        };
        svg.polyline(&pts, &colour, 4.0, Some(&tip));
        if let Some(&(x, y)) = l.points.last() {
            svg.text(
                a.sx(x) - 6.0,
                a.sy(y) - 8.0,
                &format!("{} {}", l.name, pct(y)),
                17.0,
                "end",
                600,
                &colour,
            );
        }
    }
    if marks.is_empty() {
        svg.text(
            (a.x0 + a.x1) / 2.0,
            (a.y0 + a.y1) / 2.0,
            "No revisions yet",
            22.0,
            "middle",
            400,
            &muted,
        );
    }
}
