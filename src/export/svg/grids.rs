//! The heatmap and the probability tree as SVG.

use super::draw::{Area, Svg, header, text_width};
use super::{HEIGHT, MARGIN, WIDTH};
use crate::charts::{Chart, ChartData, fmt_num};
use crate::style::hex;

/// Draw Heatmap chart data.
pub(super) fn heatmap(svg: &mut Svg, chart: &Chart) {
    let p = svg.p;
    let text = hex(p.text);
    let ChartData::Heatmap {
        regions,
        indicators,
        cells,
        composite,
    } = &chart.data
    else {
        return;
    };
    let top = header(svg, chart);
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
                &crate::charts::heat_cell_text(d, t),
                22.0,
                "middle",
                600,
                &hex(p.text_on(fill)),
            );
        }
    }
}

/// Draw ProbabilityTree chart data.
pub(super) fn probability_tree(svg: &mut Svg, chart: &Chart) {
    let p = svg.p;
    let text = hex(p.text);
    let muted = hex(p.muted);
    let ChartData::ProbabilityTree { nodes, leaves } = &chart.data else {
        return;
    };
    let top = header(svg, chart);
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
