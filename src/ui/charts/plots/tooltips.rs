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

/// An axis title that fits under the plot: past the plot's width (the space left of `reserved`
/// for the category labels), a parenthesis goes onto a second line ("Composite stability index
/// / (0–100, higher is more stable)"), and a line still too wide breaks between words.
pub(super) fn axis_title(ui: &Ui, text: impl Into<String>, reserved: f32) -> String {
    fit_title(ui, text.into(), ui.available_width() - reserved)
}

/// The title of a vertical axis, fitted to the side of a plot `plot_h` high as `axis_title`
/// fits one under it: the x axis (its ticks and a title of up to two lines) takes its share.
pub(super) fn y_axis_title(ui: &Ui, text: impl Into<String>, plot_h: f32) -> String {
    let line = ui.text_style_height(&egui::TextStyle::Body);
    fit_title(ui, text.into(), plot_h - 4.0 * line)
}

/// `text` broken into lines no wider than `budget` (at least 80 points): at its parenthesis
/// first, then between words.
fn fit_title(ui: &Ui, text: String, budget: f32) -> String {
    let font = egui::TextStyle::Body.resolve(ui.style());
    let width = |t: &str| {
        ui.painter()
            .layout_no_wrap(t.to_owned(), font.clone(), Color32::WHITE)
            .size()
            .x
    };
    let budget = budget.max(80.0);
    if width(&text) <= budget {
        return text;
    }
    let parts: Vec<&str> = match text.find(" (") {
        Some(at) => vec![&text[..at], &text[at + 1..]],
        None => vec![text.as_str()],
    };
    let mut lines: Vec<String> = Vec::new();
    for part in parts {
        let mut line = String::new();
        for word in part.split(' ') {
            let candidate = if line.is_empty() {
                word.to_owned()
            } else {
                format!("{line} {word}")
            };
            if !line.is_empty() && width(&candidate) > budget {
                lines.push(std::mem::take(&mut line));
                line = word.to_owned();
            } else {
                line = candidate;
            }
        }
        lines.push(line);
    }
    lines.join("\n")
}

/// A value axis along x with the given title, labelled at every grid step that has room
/// (egui_plot's default spacing leaves a zoomed axis bare).
pub(super) fn value_x_axis<'a>(title: String) -> Vec<egui_plot::AxisHints<'a>> {
    vec![
        egui_plot::AxisHints::new_x()
            .label(title)
            .formatter(|m, _| crate::charts::fmt_tick(m.value, m.step_size))
            .label_spacing(36.0..=60.0),
    ]
}

/// The width the widest category label needs, for `axis_title`'s reserve.
pub(super) fn widest(ui: &Ui, names: &[String]) -> f32 {
    let font = egui::TextStyle::Body.resolve(ui.style());
    names
        .iter()
        .map(|n| {
            ui.painter()
                .layout_no_wrap(n.clone(), font.clone(), Color32::WHITE)
                .size()
                .x
        })
        .fold(0.0, f32::max)
}

/// Grid marks on a month axis at calendar steps (1, 3, 6, 12 months …), spaced for labels
/// about 70 points apart. `base_step_size` is about 8 points' worth of months.
/// No mark lies past `horizon`.
pub(super) fn month_marks(input: GridInput, horizon: f64) -> Vec<GridMark> {
    let hi = input.bounds.1.min(horizon);
    let room = ((hi.max(1.0)) / (input.base_step_size * 9.0)).floor() as usize + 1;
    let at = crate::charts::month_ticks(hi.max(0.0).floor(), room.max(2));
    let step = match at.as_slice() {
        [a, b, ..] => b - a,
        _ => 1.0,
    };
    at.into_iter()
        .map(|value| GridMark {
            value,
            step_size: step,
        })
        .collect()
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

/// Half the height of a bar row, in rows, within which the pointer is on the bar.
const ON_BAR: f64 = 0.34;

/// The exact numbers of the region bar under the pointer (rows are bottom-up): only on the bar,
/// its interval or its whisker, so the readout never appears over empty plot.
pub(super) fn region_tooltip(
    pos: &egui_plot::HoverPosition<'_>,
    bars: &[crate::charts::RegionBar],
    unit: &str,
    start: f64,
) -> Option<String> {
    let p = hover_point(pos);
    let i = p.y.round();
    if i < 0.0 || (p.y - i).abs() > ON_BAR {
        return None;
    }
    let b = bars.get(i as usize)?;
    let end = [
        b.expected,
        b.baseline,
        b.p05_p95.map_or(f64::MIN, |r| r.1),
        b.expected_90.map_or(f64::MIN, |r| r.1),
    ]
    .into_iter()
    .fold(f64::MIN, f64::max);
    let from = start.min(b.p05_p95.map_or(start, |r| r.0));
    let slack = (end - from).abs().max(1.0) * 0.01;
    (p.x >= from - slack && p.x <= end + slack).then(|| bar_text(b, unit))
}

pub(super) fn hover_point(pos: &egui_plot::HoverPosition<'_>) -> PlotPoint {
    match pos {
        egui_plot::HoverPosition::NearDataPoint { position, .. } => *position,
        egui_plot::HoverPosition::Elsewhere { position } => *position,
    }
}

/// The contribution segment under the pointer: its outcome, region and value, then the
/// region's net change. Segments stack outwards from zero, positives right, negatives left,
/// in the order they are drawn.
pub(super) fn contribution_tooltip(
    pos: &egui_plot::HoverPosition<'_>,
    regions: &[(String, Vec<crate::charts::Contribution>, f64)],
) -> Option<String> {
    let p = hover_point(pos);
    let ri = p.y.round();
    if ri < 0.0 || (p.y - ri).abs() > ON_BAR {
        return None;
    }
    let (name, parts, net) = regions.get(ri as usize)?;
    let (mut pos_acc, mut neg_acc) = (0.0, 0.0);
    let mut hit = None;
    for c in parts {
        let (a, b) = if c.value >= 0.0 {
            pos_acc += c.value;
            (pos_acc - c.value, pos_acc)
        } else {
            neg_acc += c.value;
            (neg_acc, neg_acc - c.value)
        };
        if p.x >= a && p.x <= b && b > a {
            hit = Some(c);
        }
    }
    let net_line = format!("{name}: net change {}", signed(*net));
    let span = (pos_acc - neg_acc).abs().max(1e-9);
    match hit {
        Some(c) => Some(format!(
            "{} in {name}: {}\n{net_line}",
            outcome_label(&c.name, c.outcome),
            signed(c.value)
        )),
        // On the net-change diamond.
        None if (p.x - net).abs() <= span * 0.03 => Some(net_line),
        None => None,
    }
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
    // On the expected line, or inside the 90% band of simulated paths.
    let near_line = (p.y - e).abs() <= (s.max - s.min).abs() * 0.03;
    let in_band = fan
        .and_then(|f| f.get(m))
        .is_some_and(|f| p.y >= f[1] && p.y <= f[5]);
    if !near_line && !in_band {
        return None;
    }
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
    // On the bar (heights are percentages), or just above one too short to point at.
    if p.y < 0.0 || p.y > (share * 100.0).max(0.0) + 1.0 {
        return None;
    }
    Some(format!(
        "{}: {} to {}\n{} of {} simulated outcomes{}",
        s.name,
        fmt_num(*a),
        fmt_num(*b),
        pct(*share),
        crate::charts::thousands(samples),
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
    if i < 0.0 || (p.y - i).abs() > ON_BAR {
        return None;
    }
    let b = bars.get(i as usize)?;
    let (lo, hi) = (b.at_low.min(b.at_high), b.at_low.max(b.at_high));
    let slack = (hi - lo).max(1e-6) * 0.05 + 1e-3;
    if p.x < lo - slack || p.x > hi + slack {
        return None;
    }
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
    if r < 0.0 || k < 0.0 || (p.y - r).abs() > 0.45 || (p.x - k).abs() > 0.48 {
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
    // On the node, or on its label: to the right of a leaf, above an inner branch's line.
    let dx = p.x - n.depth as f64;
    let dy = p.y + n.y;
    let on = if n.leaf {
        (-0.3..=1.3).contains(&dx) && dy.abs() <= 0.45
    } else {
        (-0.75..=0.15).contains(&dx) && (-0.2..=0.6).contains(&dy)
    };
    if !on {
        return None;
    }
    Some(format!(
        "{}\n{} of its parent ({})\n{} overall ({})",
        n.name,
        pct(n.conditional),
        crate::model::estimative_words(n.conditional),
        pct(n.absolute),
        crate::model::estimative_words(n.absolute)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::{Contribution, RegionBar};
    use egui_plot::HoverPosition;

    fn at(x: f64, y: f64) -> HoverPosition<'static> {
        HoverPosition::Elsewhere {
            position: PlotPoint::new(x, y),
        }
    }

    #[test]
    fn a_region_readout_shows_only_on_its_bar() {
        let bars = vec![RegionBar {
            region: "Iran".into(),
            baseline: 48.0,
            expected: 46.0,
            p05_p95: Some((33.0, 53.0)),
            expected_90: None,
        }];
        // On the bar, on the whisker's end, and on the baseline mark.
        for x in [10.0, 45.0, 52.9] {
            assert!(region_tooltip(&at(x, 0.1), &bars, "", 0.0).is_some(), "{x}");
        }
        // Past the whisker, between rows, and below the first row.
        assert!(region_tooltip(&at(80.0, 0.0), &bars, "", 0.0).is_none());
        assert!(region_tooltip(&at(20.0, 0.5), &bars, "", 0.0).is_none());
        assert!(region_tooltip(&at(20.0, -0.6), &bars, "", 0.0).is_none());
    }

    #[test]
    fn a_contribution_readout_names_the_segment_under_the_pointer() {
        let part = |name: &str, value: f64| Contribution {
            name: name.into(),
            outcome: None,
            value,
        };
        let regions = vec![(
            "Iran".to_owned(),
            vec![
                part("Deal", 0.5),
                part("Collapse", -1.0),
                part("Freeze", 0.25),
            ],
            -0.25,
        )];
        // Positives stack right from zero in order (Deal 0–0.5, Freeze 0.5–0.75); negatives left.
        let read = |x: f64| contribution_tooltip(&at(x, 0.0), &regions);
        assert!(
            read(0.2)
                .expect("on Deal")
                .starts_with("Deal in Iran: +0.5")
        );
        assert!(
            read(0.6)
                .expect("on Freeze")
                .starts_with("Freeze in Iran: +0.2")
        );
        assert!(
            read(-0.7)
                .expect("on Collapse")
                .starts_with("Collapse in Iran: −1.0")
        );
        assert!(read(-0.7).expect("net").contains("Iran: net change −0.2"));
        assert!(read(1.5).is_none(), "past the bar");
        assert!(contribution_tooltip(&at(0.2, 0.45), &regions).is_none());
    }

    #[test]
    fn a_tornado_readout_shows_only_on_its_bar() {
        let bars = vec![crate::engine::sensitivity::Swing {
            kind: crate::engine::sensitivity::SwingKind::Probability {
                pos: 0,
                range: (0.05, 0.25),
            },
            label: "P(Deal)".into(),
            at_low: 45.0,
            at_high: 47.0,
        }];
        assert!(tornado_tooltip(&at(46.0, 0.0), &bars, "").is_some());
        assert!(tornado_tooltip(&at(49.0, 0.0), &bars, "").is_none());
        assert!(tornado_tooltip(&at(46.0, 0.4), &bars, "").is_none());
    }
}
