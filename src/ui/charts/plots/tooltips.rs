//! Axis helpers and hover tooltips with the exact numbers.

use crate::charts::{SeriesInfo, fmt_num};
use crate::ui::theme::Palette;
use crate::ui::{pct, signed};
use egui::{Color32, Ui};
use egui_plot::{GridInput, GridMark, HLine, LineStyle, PlotPoint, VLine};

/// Marks at whole numbers, for category axes.
pub(super) fn integer_marks(input: GridInput) -> Vec<GridMark> {
    let (lo, hi) = input.bounds;
    let lo = lo.ceil().max(-1.0) as i64;
    let hi = hi.floor().min(500.0) as i64;
    (lo..=hi)
        .map(|i| GridMark {
            value: i as f64,
            step_size: 1.0,
        })
        .collect()
}

/// A y axis of category names (regions, tornado inputs): each name shows whenever its row is as
/// tall as the text, rather than fading out as egui_plot's default spacing does. `min_width` is
/// at the main window's text size and grows with it.
pub(super) fn category_axis<'a>(
    ui: &Ui,
    names: Vec<String>,
    min_width: f32,
) -> Vec<egui_plot::AxisHints<'a>> {
    let size = egui::TextStyle::Body.resolve(ui.style()).size;
    let h = ui.text_style_height(&egui::TextStyle::Body);
    vec![
        egui_plot::AxisHints::new_y()
            .formatter(move |m, _| category(&names, m.value))
            .min_thickness(min_width * size / 14.0)
            .label_spacing(h * 0.9..=h),
    ]
}

/// An axis title that fits under the plot: past the plot's width, a parenthesis goes onto a
/// second line ("Composite stability index / (0–100, higher is more stable)").
pub(super) fn axis_title(ui: &Ui, text: impl Into<String>, reserved: f32) -> String {
    let text = text.into();
    let font = egui::TextStyle::Body.resolve(ui.style());
    let width = ui
        .painter()
        .layout_no_wrap(text.clone(), font, Color32::WHITE)
        .size()
        .x;
    if width <= ui.available_width() - reserved {
        return text;
    }
    match text.find(" (") {
        Some(at) => format!("{}\n{}", &text[..at], &text[at + 1..]),
        None => text,
    }
}

pub(super) fn category(names: &[String], v: f64) -> String {
    let i = v.round();
    if (v - i).abs() > 1e-6 || i < 0.0 {
        return String::new();
    }
    names.get(i as usize).cloned().unwrap_or_default()
}

pub(super) fn outcome_label(name: &str, o: Option<crate::model::Outcome>) -> String {
    match o {
        Some(o) => format!("{} {name}", o.icon()),
        None => name.to_owned(),
    }
}

pub(super) fn band(
    pu: &mut egui_plot::PlotUi<'_>,
    fan: &[[f64; 6]],
    lo: usize,
    hi: usize,
    name: &str,
    colour: Color32,
) {
    let xs: Vec<f64> = (0..fan.len()).map(|m| m as f64).collect();
    let los: Vec<f64> = fan.iter().map(|f| f[lo]).collect();
    let his: Vec<f64> = fan.iter().map(|f| f[hi]).collect();
    pu.add(egui_plot::FilledArea::new(name, &xs, &los, &his).fill_color(colour));
}

pub(super) fn bar_text(b: &crate::charts::RegionBar, unit: &str) -> String {
    let mut t = format!("{}\n{}", b.region, b.expected_text());
    if let Some(interval) = b.interval_text() {
        t.push_str(&format!("\n{interval}"));
    }
    if let Some(range) = b.range_text() {
        t.push_str(&format!("\n{range}"));
    }
    if !unit.is_empty() {
        t.push_str(&format!("\n{unit}"));
    }
    t
}

/// The exact numbers of the region row under the pointer (rows are bottom-up).
pub(super) fn region_tooltip(
    pos: &egui_plot::HoverPosition<'_>,
    bars: &[crate::charts::RegionBar],
    unit: &str,
) -> Option<String> {
    let p = hover_point(pos);
    let i = p.y.round();
    if i < 0.0 || (p.y - i).abs() > 0.45 {
        return None;
    }
    bars.get(i as usize).map(|b| bar_text(b, unit))
}

pub(super) fn hover_point(pos: &egui_plot::HoverPosition<'_>) -> PlotPoint {
    match pos {
        egui_plot::HoverPosition::NearDataPoint { position, .. } => *position,
        egui_plot::HoverPosition::Elsewhere { position } => *position,
    }
}

pub(super) fn contribution_tooltip(
    pos: &egui_plot::HoverPosition<'_>,
    regions: &[(String, Vec<crate::charts::Contribution>, f64)],
) -> Option<String> {
    let p = hover_point(pos);
    let ri = p.y.round();
    if ri < 0.0 {
        return None;
    }
    let (name, parts, net) = regions.get(ri as usize)?;
    let mut t = format!("{name}: net {}", signed(*net));
    for c in parts {
        t.push_str(&format!(
            "\n{}: {}",
            outcome_label(&c.name, c.outcome),
            signed(c.value)
        ));
    }
    Some(t)
}

pub(super) fn trajectory_tooltip(
    pos: &egui_plot::HoverPosition<'_>,
    region: &str,
    expected: &[f64],
    fan: Option<&[[f64; 6]]>,
    s: &SeriesInfo,
) -> Option<String> {
    let p = hover_point(pos);
    let m = p.x.round();
    if m < 0.0 {
        return None;
    }
    let m = m as usize;
    let e = expected.get(m)?;
    let mut t = format!("{region}, month {m}\n{}: expected {}", s.name, fmt_num(*e));
    if let Some(f) = fan.and_then(|f| f.get(m)) {
        t.push_str(&format!(
            "\n50%: {} to {}\n90%: {} to {}",
            fmt_num(f[2]),
            fmt_num(f[4]),
            fmt_num(f[1]),
            fmt_num(f[5])
        ));
    }
    Some(t)
}

pub(super) fn distribution_tooltip(
    pos: &egui_plot::HoverPosition<'_>,
    bins: &[(f64, f64, f64)],
    s: &SeriesInfo,
    samples: u64,
) -> Option<String> {
    let p = hover_point(pos);
    let (a, b, share) = bins.iter().find(|(a, b, _)| p.x >= *a && p.x < *b)?;
    Some(format!(
        "{}: {} to {}\n{} of {} simulated outcomes{}",
        s.name,
        fmt_num(*a),
        fmt_num(*b),
        pct(*share),
        samples,
        if s.in_alert(0.5 * (a + b)) {
            "\n(alert side)"
        } else {
            ""
        }
    ))
}

pub(super) fn tornado_tooltip(
    pos: &egui_plot::HoverPosition<'_>,
    bars: &[crate::engine::sensitivity::Swing],
    unit: &str,
) -> Option<String> {
    let p = hover_point(pos);
    let i = p.y.round();
    if i < 0.0 {
        return None;
    }
    let b = bars.get(i as usize)?;
    Some(format!(
        "{}\nlow end: {}\nhigh end: {}\nswing: {} {unit}",
        b.label,
        fmt_num(b.at_low),
        fmt_num(b.at_high),
        fmt_num(b.width())
    ))
}

pub(super) fn heatmap_tooltip(
    pos: &egui_plot::HoverPosition<'_>,
    rows: &[String],
    cols: &[String],
    cells: &[Vec<(f64, f64)>],
    composite: &[f64],
) -> Option<String> {
    let p = hover_point(pos);
    let (r, k) = (p.y.round(), p.x.round());
    if r < 0.0 || k < 0.0 {
        return None;
    }
    let (r, k) = (r as usize, k as usize);
    let d = if k < cols.len().saturating_sub(1) {
        cells.get(r)?.get(k)?.0
    } else {
        *composite.get(r)?
    };
    Some(format!(
        "{} · {}\nexpected change {}",
        rows.get(r)?,
        cols.get(k)?,
        fmt_num(d)
    ))
}

pub(super) fn tree_tooltip(
    pos: &egui_plot::HoverPosition<'_>,
    nodes: &[crate::charts::TreeNode],
) -> Option<String> {
    let p = hover_point(pos);
    let n = nodes.iter().filter(|n| n.depth > 0).min_by(|a, b| {
        let da = (a.depth as f64 - p.x).powi(2) + (-a.y - p.y).powi(2);
        let db = (b.depth as f64 - p.x).powi(2) + (-b.y - p.y).powi(2);
        da.total_cmp(&db)
    })?;
    Some(format!(
        "{}\n{} of its parent ({})\n{} overall",
        n.name,
        pct(n.conditional),
        crate::model::estimative_words(n.conditional),
        pct(n.absolute)
    ))
}

/// The dashed alert-threshold line across a horizontal value axis.
pub(super) fn threshold_vline(s: &SeriesInfo, p: Palette) -> VLine {
    VLine::new(s.threshold_label(), s.threshold)
        .color(p.threshold)
        .style(LineStyle::dashed_loose())
        .width(1.5)
}

/// The dashed alert-threshold line across a vertical value axis.
pub(super) fn threshold_hline(s: &SeriesInfo, p: Palette) -> HLine {
    HLine::new(s.threshold_label(), s.threshold)
        .color(p.threshold)
        .style(LineStyle::dashed_loose())
        .width(1.5)
}
