//! The map as SVG: countries as vector paths, regions in alert hatched with an SVG pattern and
//! outlined, labels with leader lines, and the colour scale as a labelled bar.

use super::draw::{Svg, fit, header, text_width};
use super::{HEIGHT, MARGIN, WIDTH};
use crate::charts::{Chart, ChartData, fmt_tick};
use crate::map::{Atlas, LabelBox, MapLayout, Projection};
use crate::style::{Rgb, hex};
use std::fmt::Write as _;

const LABEL_SIZE: f64 = 18.0;

/// A country's polygons as path data, with every ring closed.
fn path_of(atlas: &Atlas, country: usize, proj: &Projection) -> String {
    let mut d = String::new();
    let Some(c) = atlas.countries.get(country) else {
        return d;
    };
    for poly in &c.polygons {
        for ring in poly.ring_slices() {
            for (i, pt) in ring.iter().enumerate() {
                let (x, y) = proj.project(f64::from(pt[0]), f64::from(pt[1]));
                let _ = write!(d, "{}{x:.1} {y:.1}", if i == 0 { "M" } else { "L" });
            }
            d.push('Z');
        }
    }
    d
}

/// Draw Map chart data.
pub(super) fn map(svg: &mut Svg, chart: &Chart) {
    let ChartData::Map {
        series,
        scale,
        regions,
        month,
        horizon,
        ..
    } = &chart.data
    else {
        return;
    };
    let p = svg.p;
    let atlas = crate::map::atlas();
    let top = header(svg, chart) + 4.0;
    let footnote = chart.footnote();
    let bottom = HEIGHT - 140.0 - if footnote.is_some() { 26.0 } else { 0.0 };
    let frame = LabelBox {
        x: MARGIN,
        y: top,
        w: WIDTH - 2.0 * MARGIN,
        h: (bottom - top).max(100.0),
    };
    let change = matches!(scale.kind, crate::charts::ScaleKind::Change);
    let texts: Vec<String> = regions.iter().map(|r| r.label(change)).collect();
    let countries: Vec<&[String]> = regions.iter().map(|r| r.countries.as_slice()).collect();
    let layout = MapLayout::new(atlas, &countries, frame, |i| {
        (text_width(&texts[i], LABEL_SIZE) + 14.0, LABEL_SIZE + 10.0)
    });
    let proj = layout.projection;
    let sea = p.map_sea();
    let land = p.ink(crate::charts::Ink::Land);
    let border = hex(p.canvas);
    let alert = hex(p.threshold);
    // The HTML brief inlines every chart in one page, where ids are shared: the clip's id says
    // its place and size, so two maps with different frames never borrow each other's. Two hatch
    // patterns, so the lines show on dark fills and on light ones.
    let clip = format!("map-frame-{:.0}-{:.0}", frame.y, frame.h);
    let _ = write!(
        svg.out,
        r#"<defs><clipPath id="{clip}"><rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}"/></clipPath>"#,
        frame.x, frame.y, frame.w, frame.h
    );
    // Hatch lines in the colour text would take on a light fill, and on a dark one.
    for (id, ink) in [
        ("hatch-dark", p.text_on(Rgb::WHITE)),
        ("hatch-light", p.text_on(Rgb::BLACK)),
    ] {
        let _ = write!(
            svg.out,
            r#"<pattern id="{id}" patternUnits="userSpaceOnUse" width="9" height="9" patternTransform="rotate(45)"><line x1="0" y1="0" x2="0" y2="9" stroke="{}" stroke-width="2.2"/></pattern>"#,
            hex(ink)
        );
    }
    svg.out.push_str("</defs>");
    svg.rect(frame.x, frame.y, frame.w, frame.h, &hex(sea), None);
    let _ = write!(svg.out, r#"<g clip-path="url(#{clip})">"#);
    for &c in &layout.context {
        let _ = write!(
            svg.out,
            r#"<path d="{}" fill="{}" fill-rule="evenodd" stroke="{border}" stroke-width="0.8"/>"#,
            path_of(atlas, c, &proj),
            hex(land)
        );
    }
    for (i, (r, cs)) in regions.iter().zip(&layout.regions).enumerate() {
        let fill = p.map_fill(scale, r.shown);
        let d: String = cs.iter().map(|&c| path_of(atlas, c, &proj)).collect();
        let tip = crate::export::svg::esc(&r.tooltip(series, *month, *horizon));
        let _ = write!(
            svg.out,
            r#"<g class="region" id="region-{i}"><title>{tip}</title><path d="{d}" fill="{}" fill-rule="evenodd" stroke="{border}" stroke-width="1.2"/>"#,
            hex(fill)
        );
        if r.alert {
            let hatch = if p.text_on(fill) == p.text_on(Rgb::WHITE) {
                "hatch-dark"
            } else {
                "hatch-light"
            };
            let _ = write!(
                svg.out,
                r#"<path d="{d}" fill="url(#{hatch})" fill-rule="evenodd" stroke="{alert}" stroke-width="3"/>"#
            );
        }
        svg.out.push_str("</g>");
    }
    svg.out.push_str("</g>");
    // Labels above every region, leader lines first.
    let text = hex(p.text);
    for l in layout.labels.iter().flatten() {
        if l.leader {
            let (x, y) = l.rect.nearest(l.anchor.0, l.anchor.1);
            svg.line(x, y, l.anchor.0, l.anchor.1, &text, 1.3, None);
            svg.circle(l.anchor.0, l.anchor.1, 3.0, &text);
        }
    }
    for (l, t) in layout.labels.iter().zip(&texts) {
        let Some(l) = l else { continue };
        let _ = write!(
            svg.out,
            r#"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" rx="4" fill="{}" fill-opacity="0.9" stroke="{}"/>"#,
            l.rect.x,
            l.rect.y,
            l.rect.w,
            l.rect.h,
            hex(p.canvas),
            hex(p.grid)
        );
        let (cx, cy) = l.rect.centre();
        svg.text(
            cx,
            cy + LABEL_SIZE * 0.36,
            t,
            LABEL_SIZE,
            "middle",
            600,
            &text,
        );
    }
    // The colour scale: a bar of steps, its ticks, and what it shows.
    let bar_y = bottom + 38.0;
    let (bar_x, bar_w) = (MARGIN, 520.0);
    svg.text(
        bar_x,
        bottom + 26.0,
        &fit(
            &crate::charts::map_legend_title(scale, series),
            18.0,
            WIDTH - 2.0 * MARGIN,
        ),
        18.0,
        "start",
        400,
        &text,
    );
    let steps = 40;
    for s in 0..steps {
        let t = (f64::from(s) + 0.5) / f64::from(steps);
        let v = scale.lo + t * (scale.hi - scale.lo);
        let _ = write!(
            svg.out,
            r#"<rect x="{:.1}" y="{bar_y:.1}" width="{:.2}" height="16" fill="{}"/>"#,
            bar_x + bar_w * f64::from(s) / f64::from(steps),
            bar_w / f64::from(steps) + 0.3,
            hex(p.map_fill(scale, v))
        );
    }
    let ticks = crate::charts::ticks(scale.lo, scale.hi, 5);
    let step = ticks.windows(2).map(|w| w[1] - w[0]).next().unwrap_or(1.0);
    for v in ticks {
        let x = bar_x + (v - scale.lo) / (scale.hi - scale.lo).max(1e-12) * bar_w;
        svg.line(x, bar_y + 16.0, x, bar_y + 22.0, &text, 1.0, None);
        svg.text(
            x,
            bar_y + 38.0,
            &fmt_tick(v, step),
            16.0,
            "middle",
            400,
            &text,
        );
    }
    if !change && (scale.lo..=scale.hi).contains(&series.threshold) {
        let x = bar_x + (series.threshold - scale.lo) / (scale.hi - scale.lo).max(1e-12) * bar_w;
        svg.line(x, bar_y - 4.0, x, bar_y + 20.0, &alert, 3.0, None);
        svg.text(x + 6.0, bar_y - 6.0, "alert", 15.0, "start", 400, &alert);
    }
    if let Some(t) = footnote {
        svg.text(
            MARGIN,
            HEIGHT - 42.0,
            &fit(&t, 16.0, WIDTH - 2.0 * MARGIN),
            16.0,
            "start",
            400,
            &text,
        );
    }
}
