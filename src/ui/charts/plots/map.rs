//! The map in the app: countries as meshes triangulated when the map data loads, regions filled
//! on the chart's colour scale, regions in alert hatched and outlined, labels with leader lines,
//! the colour scale under the map, the region's numbers on hover, and a click that selects the
//! region for the other charts.

use crate::charts::{ChartData, MapRegion, fmt_tick};
use crate::map::{Atlas, LabelBox, MapLayout, Projection, hatch_segments};
use crate::ui::theme::{Palette, c32};
use egui::{Color32, Mesh, Pos2, Rect, Sense, Shape, Stroke, Ui, pos2, vec2};

/// Where the map keeps the region a click picked, for the chart panel to follow.
pub fn picked_id() -> egui::Id {
    egui::Id::unique("map-picked-region")
}

/// Where the chart panel says which region the other charts follow, for the map to outline.
fn selected_id() -> egui::Id {
    egui::Id::unique("map-selected-region")
}

/// Outline `region` on the next map drawn (the chart panel's selection; presentation sets none).
pub fn set_selected(ctx: &egui::Context, region: Option<usize>) {
    ctx.data_mut(|d| match region {
        Some(r) => {
            d.insert_temp(selected_id(), r);
        }
        None => {
            d.remove::<usize>(selected_id());
        }
    });
}

/// The region a click on the map picked since the last call, if any.
pub fn take_picked(ctx: &egui::Context) -> Option<usize> {
    ctx.data_mut(|d| d.remove_temp::<usize>(picked_id()))
}

fn to_pos(proj: &Projection, pt: [f32; 2]) -> Pos2 {
    let (x, y) = proj.project(f64::from(pt[0]), f64::from(pt[1]));
    pos2(x as f32, y as f32)
}

/// Fill a country's polygons and draw their borders.
fn country_shapes(
    atlas: &Atlas,
    country: usize,
    proj: &Projection,
    fill: Color32,
    border: Stroke,
    shapes: &mut Vec<Shape>,
) {
    let Some(c) = atlas.countries.get(country) else {
        return;
    };
    let mut mesh = Mesh::default();
    for poly in &c.polygons {
        let base = mesh.vertices.len() as u32;
        mesh.reserve_vertices(poly.points.len());
        for &pt in &poly.points {
            mesh.colored_vertex(to_pos(proj, pt), fill);
        }
        mesh.reserve_triangles(poly.triangles.len() / 3);
        for t in poly.triangles.chunks_exact(3) {
            mesh.add_triangle(base + t[0], base + t[1], base + t[2]);
        }
    }
    shapes.push(Shape::mesh(mesh));
    if border.width > 0.0 {
        for poly in &c.polygons {
            for ring in poly.ring_slices() {
                let pts: Vec<Pos2> = ring.iter().map(|&pt| to_pos(proj, pt)).collect();
                shapes.push(Shape::closed_line(pts, border));
            }
        }
    }
}

/// A region's outline, drawn over its fill.
fn outline(atlas: &Atlas, countries: &[usize], proj: &Projection, stroke: Stroke) -> Vec<Shape> {
    countries
        .iter()
        .filter_map(|&c| atlas.countries.get(c))
        .flat_map(|c| &c.polygons)
        .flat_map(|poly| poly.ring_slices())
        .map(|ring| Shape::closed_line(ring.iter().map(|&pt| to_pos(proj, pt)).collect(), stroke))
        .collect()
}

/// Hatch lines across a region.
fn hatch(atlas: &Atlas, countries: &[usize], proj: &Projection, stroke: Stroke) -> Vec<Shape> {
    let rings: Vec<Vec<(f64, f64)>> = countries
        .iter()
        .filter_map(|&c| atlas.countries.get(c))
        .flat_map(|c| &c.polygons)
        .flat_map(|poly| poly.ring_slices())
        .map(|ring| {
            ring.iter()
                .map(|&pt| proj.project(f64::from(pt[0]), f64::from(pt[1])))
                .collect()
        })
        .collect();
    hatch_segments(rings.iter().map(Vec::as_slice), 7.0)
        .into_iter()
        .map(|[a, b]| {
            Shape::line_segment(
                [pos2(a.0 as f32, a.1 as f32), pos2(b.0 as f32, b.1 as f32)],
                stroke,
            )
        })
        .collect()
}

/// Draw Map chart data in a plot of height `height`.
pub(super) fn map(
    ui: &mut Ui,
    data: &ChartData,
    p: Palette,
    height: f32,
) -> Option<egui::Response> {
    let ChartData::Map {
        series,
        scale,
        month,
        horizon,
        regions,
        ..
    } = data
    else {
        return None;
    };
    let atlas = crate::map::atlas();
    let body = egui::TextStyle::Body.resolve(ui.style());
    let small = egui::TextStyle::Small.resolve(ui.style());
    let (rect, resp) = ui.allocate_exact_size(vec2(ui.available_width(), height), Sense::click());
    // The colour scale takes the bottom: its title, the bar and its tick labels.
    let legend_h = body.size * 1.4 + small.size * 2.3 + 18.0;
    let map_rect = Rect::from_min_max(rect.min, pos2(rect.max.x, rect.max.y - legend_h));
    let change = matches!(scale.kind, crate::charts::ScaleKind::Change);
    let texts: Vec<String> = regions.iter().map(|r| r.label(change)).collect();
    let galleys: Vec<_> = texts
        .iter()
        .map(|t| ui.painter().layout_no_wrap(t.clone(), body.clone(), p.text))
        .collect();
    let countries: Vec<&[String]> = regions.iter().map(|r| r.countries.as_slice()).collect();
    let pad = 5.0;
    let frame = LabelBox {
        x: f64::from(map_rect.min.x),
        y: f64::from(map_rect.min.y),
        w: f64::from(map_rect.width()),
        h: f64::from(map_rect.height().max(1.0)),
    };
    let layout = MapLayout::new(atlas, &countries, frame, |i| {
        let s = galleys[i].size();
        (f64::from(s.x + 2.0 * pad), f64::from(s.y + pad))
    });
    let proj = layout.projection;
    let selected: Option<usize> = ui.data(|d| d.get_temp(selected_id()));
    // Only the map itself answers the pointer, not the colour scale under it.
    let hovered = resp
        .hover_pos()
        .filter(|at| map_rect.contains(*at))
        .and_then(|at| layout.region_at(atlas, f64::from(at.x), f64::from(at.y)));

    let painter = ui.painter_at(map_rect);
    let mut shapes = Vec::new();
    shapes.push(Shape::rect_filled(map_rect, 0.0, c32(p.style.map_sea())));
    let land = p.ink(crate::charts::Ink::Land);
    let border = Stroke::new(0.8, p.canvas);
    for &c in &layout.context {
        country_shapes(atlas, c, &proj, land, border, &mut shapes);
    }
    for (r, cs) in regions.iter().zip(&layout.regions) {
        let fill = c32(p.style.map_fill(scale, r.shown));
        for &c in cs {
            country_shapes(
                atlas,
                c,
                &proj,
                fill,
                Stroke::new(1.0, p.canvas),
                &mut shapes,
            );
        }
        if r.alert {
            // Hatch lines that show on the fill, as text would.
            let ink = p.text_on(fill);
            shapes.extend(hatch(atlas, cs, &proj, Stroke::new(1.4, ink)));
            shapes.extend(outline(atlas, cs, &proj, Stroke::new(2.5, p.threshold)));
        }
    }
    for (i, cs) in layout.regions.iter().enumerate() {
        if Some(i) == selected {
            shapes.extend(outline(atlas, cs, &proj, Stroke::new(2.0, p.accent)));
        }
        if Some(i) == hovered {
            shapes.extend(outline(atlas, cs, &proj, Stroke::new(2.0, p.text)));
        }
    }
    // Leader lines, then the labels over everything.
    for l in layout.labels.iter().flatten().filter(|l| l.leader) {
        let (x, y) = l.rect.nearest(l.anchor.0, l.anchor.1);
        let anchor = pos2(l.anchor.0 as f32, l.anchor.1 as f32);
        shapes.push(Shape::line_segment(
            [pos2(x as f32, y as f32), anchor],
            Stroke::new(1.2, p.text),
        ));
        shapes.push(Shape::circle_filled(anchor, 2.5, p.text));
    }
    painter.extend(shapes);
    for (l, g) in layout.labels.iter().zip(&galleys) {
        let Some(l) = l else { continue };
        let r = Rect::from_min_size(
            pos2(l.rect.x as f32, l.rect.y as f32),
            vec2(l.rect.w as f32, l.rect.h as f32),
        );
        painter.rect(
            r,
            4.0,
            p.canvas.gamma_multiply(0.92),
            Stroke::new(1.0, p.grid),
            egui::StrokeKind::Inside,
        );
        painter.galley(
            pos2(r.min.x + pad, r.center().y - g.size().y / 2.0),
            g.clone(),
            p.text,
        );
    }
    legend_bar(ui, rect, legend_h, data, p);

    if let Some(i) = hovered
        && let Some(r) = regions.get(i)
    {
        let text = r.tooltip(series, *month, *horizon);
        let resp = resp.clone().on_hover_text_at_pointer(text);
        // Only where the map follows a selection (the chart panel, not presentation) does a
        // click pick a region, so no pick waits to be taken after presenting.
        if resp.clicked() && selected.is_some() {
            ui.data_mut(|d| d.insert_temp(picked_id(), i));
        }
    }
    resp.widget_info(|| {
        egui::WidgetInfo::labeled(
            egui::accesskit::Role::Image,
            true,
            map_description(regions, change),
        )
    });
    Some(resp)
}

/// What the map shows, for screen readers.
fn map_description(regions: &[MapRegion], change: bool) -> String {
    let parts: Vec<String> = regions
        .iter()
        .map(|r| {
            format!(
                "{}{}",
                r.label(change),
                if r.alert { " (in alert)" } else { "" }
            )
        })
        .collect();
    format!("Map: {}", parts.join(", "))
}

/// The colour scale under the map: its title, the bar, tick labels and the alert threshold.
fn legend_bar(ui: &Ui, rect: Rect, legend_h: f32, data: &ChartData, p: Palette) {
    let ChartData::Map { series, scale, .. } = data else {
        return;
    };
    let body = egui::TextStyle::Body.resolve(ui.style());
    let small = egui::TextStyle::Small.resolve(ui.style());
    let painter = ui.painter_at(rect);
    let top = rect.max.y - legend_h + 6.0;
    let title = painter.layout(
        crate::charts::map_legend_title(scale, series),
        body.clone(),
        p.text,
        rect.width(),
    );
    let title_h = title.size().y;
    painter.galley(pos2(rect.min.x, top), title, p.text);
    let bar_w = (rect.width() * 0.45).clamp(160.0, 520.0);
    // Inset by half a tick label, so the first label is not cut off.
    let inset = small.size * 1.2;
    let bar = Rect::from_min_size(
        pos2(rect.min.x + inset, top + title_h + 4.0),
        vec2(bar_w, (small.size * 0.9).max(10.0)),
    );
    let steps = 40;
    let mut mesh = Mesh::default();
    for s in 0..steps {
        let t = (s as f64 + 0.5) / f64::from(steps);
        let v = scale.lo + t * (scale.hi - scale.lo);
        let x0 = bar.min.x + bar.width() * s as f32 / steps as f32;
        let x1 = bar.min.x + bar.width() * (s + 1) as f32 / steps as f32;
        mesh.add_colored_rect(
            Rect::from_min_max(pos2(x0, bar.min.y), pos2(x1 + 0.5, bar.max.y)),
            c32(p.style.map_fill(scale, v)),
        );
    }
    painter.add(Shape::mesh(mesh));
    let at = |v: f64| {
        bar.min.x + ((v - scale.lo) / (scale.hi - scale.lo).max(1e-12)) as f32 * bar.width()
    };
    let ticks = crate::charts::ticks(scale.lo, scale.hi, 5);
    let step = ticks.windows(2).map(|w| w[1] - w[0]).next().unwrap_or(1.0);
    for v in ticks {
        let x = at(v);
        painter.line_segment(
            [pos2(x, bar.max.y), pos2(x, bar.max.y + 4.0)],
            Stroke::new(1.0, p.text),
        );
        painter.text(
            pos2(x, bar.max.y + 5.0),
            egui::Align2::CENTER_TOP,
            fmt_tick(v, step),
            small.clone(),
            p.text,
        );
    }
    let change = matches!(scale.kind, crate::charts::ScaleKind::Change);
    if !change && (scale.lo..=scale.hi).contains(&series.threshold) {
        let x = at(series.threshold);
        painter.line_segment(
            [pos2(x, bar.min.y - 3.0), pos2(x, bar.max.y + 3.0)],
            Stroke::new(2.5, p.threshold),
        );
        painter.text(
            pos2(bar.max.x + small.size, bar.center().y),
            egui::Align2::LEFT_CENTER,
            format!(
                "red mark: alert threshold {}",
                crate::charts::fmt_num(series.threshold)
            ),
            small,
            p.threshold,
        );
    }
}
