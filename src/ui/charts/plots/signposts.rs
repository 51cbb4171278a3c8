//! The signposts chart (each signpost's value if seen and if not, around the value now) and the
//! revision timeline (each top-level outcome's probability, one step per revision).

use super::tooltips::*;
use crate::charts::{ChartData, Ink, SignpostBar, TimelineLine, TimelineMark, fmt_num, pct};
use crate::ui::theme::Palette;
use egui::{RichText, Ui};
use egui_plot::{Bar, BarChart, Line, Plot, PlotPoint, Text, VLine};

/// The two bars of a row sit a little above and below its centre.
const HALF: f64 = 0.2;

/// A row's label: "Name [status]".
fn row_label(b: &SignpostBar) -> String {
    format!("{} [{}]", b.name, b.status)
}

/// The hover text of the signposts chart at a point, if it is on a bar.
pub(super) fn signposts_tooltip(
    x: f64,
    y: f64,
    bars_bottom_up: &[SignpostBar],
    now: f64,
    unit: &str,
) -> Option<String> {
    let i = y.round();
    if i < 0.0 || (y - i).abs() > 0.45 {
        return None;
    }
    let b = bars_bottom_up.get(i as usize)?;
    let (value, what, chance) = if y >= i {
        (b.if_seen?, "if seen", b.chance)
    } else {
        (b.if_not?, "if not seen", 1.0 - b.chance)
    };
    let (lo, hi) = (value.min(now), value.max(now));
    let slack = (hi - lo) * 0.05 + 0.05;
    if x < lo - slack || x > hi + slack {
        return None;
    }
    Some(format!(
        "{}\n{what} (chance {}): {} {unit}\nnow: {}\nchange: {}",
        b.name,
        pct(chance),
        fmt_num(value),
        fmt_num(now),
        crate::charts::signed(value - now)
    ))
}

/// Draw the signposts chart.
#[allow(clippy::needless_late_init)] // the plot's response is assigned once, below
pub(super) fn signposts(
    ui: &mut Ui,
    plot: Plot<'_>,
    data: &ChartData,
    p: Palette,
) -> Option<egui::Response> {
    let ChartData::Signposts {
        series, now, bars, ..
    } = data
    else {
        return None;
    };
    let resp;
    let bottom_up: Vec<SignpostBar> = bars.iter().rev().cloned().collect();
    let labels: Vec<String> = bottom_up.iter().map(row_label).collect();
    let values = bars
        .iter()
        .flat_map(|b| [b.if_seen, b.if_not])
        .flatten()
        .chain([*now]);
    let (lo, hi) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
        (a.min(v), b.max(v))
    });
    // egui_plot panics on bounds that are not in order: a series with no value (a scenario
    // without indicators) gets its scale.
    let (lo, hi) = if lo.is_finite() && hi.is_finite() && hi > lo {
        let pad = (hi - lo) * 0.25;
        (lo - pad, hi + pad)
    } else if now.is_finite() {
        (now - 1.0, now + 1.0)
    } else {
        (series.min.min(series.max - 1.0), series.max)
    };
    let (lo, hi) = if lo.is_finite() && hi.is_finite() && hi > lo {
        (lo, hi)
    } else {
        (0.0, 100.0)
    };
    let reserve = (widest(ui, &labels) + 30.0).max(220.0);
    let top = (bars.len() as f64 - 1.0).max(0.0);
    let unit = series.unit.clone();
    let (info, now) = (bottom_up.clone(), *now);
    let plot = plot
        .y_grid_spacer(integer_marks)
        .custom_y_axes(category_axis(ui, labels, 260.0))
        .auto_bounds([false, false])
        .default_x_bounds(lo, hi)
        .default_y_bounds(-0.6, top + 0.6)
        .custom_x_axes(value_x_axis(axis_title(
            ui,
            series.horizon_axis_label(),
            reserve,
        )))
        .label_formatter(move |pos| {
            let pt = hover_point(pos);
            signposts_tooltip(pt.x, pt.y, &info, now, &unit)
        });
    let series2 = series.clone();
    resp = Some(
        plot.show(ui, |pu| {
            let mut seen = Vec::new();
            let mut not = Vec::new();
            for (i, b) in bottom_up.iter().enumerate() {
                let y = i as f64;
                for (value, dy, list, ink) in [
                    (b.if_seen, HALF, &mut seen, Ink::Accent),
                    (b.if_not, -HALF, &mut not, Ink::Light),
                ] {
                    let Some(v) = value else { continue };
                    let (a, z) = (v.min(now), v.max(now));
                    list.push(
                        Bar::new(y + dy, (z - a).max(1e-6))
                            .base_offset(a)
                            .width(HALF * 1.8)
                            .fill(p.ink(ink))
                            .horizontal(),
                    );
                    let (anchor, x) = if v >= now {
                        (egui::Align2::LEFT_CENTER, z)
                    } else {
                        (egui::Align2::RIGHT_CENTER, a)
                    };
                    pu.text(
                        Text::new(
                            "",
                            PlotPoint::new(x, y + dy),
                            RichText::new(format!(" {} ", fmt_num(v))).small(),
                        )
                        .color(p.muted)
                        .anchor(anchor),
                    );
                }
            }
            pu.bar_chart(
                BarChart::new("If seen", seen)
                    .color(p.ink(Ink::Accent))
                    .horizontal()
                    .allow_hover(false),
            );
            pu.bar_chart(
                BarChart::new("If not seen", not)
                    .color(p.ink(Ink::Light))
                    .horizontal()
                    .allow_hover(false),
            );
            pu.vline(
                VLine::new(format!("Expected now ({})", fmt_num(now)), now)
                    .color(p.text)
                    .width(2.0),
            );
            pu.vline(threshold_vline(&series2, p).width(1.5));
        })
        .response,
    );
    resp
}

/// The timeline's step line: each value holds until the next step.
pub fn steps(points: &[(f64, f64)]) -> Vec<[f64; 2]> {
    let mut out = Vec::with_capacity(points.len() * 2);
    for (k, &(x, y)) in points.iter().enumerate() {
        if k > 0 {
            out.push([x, points[k - 1].1]);
        }
        out.push([x, y]);
    }
    out
}

/// The hover text of the timeline at day `x`: every line's value then, and the revision made
/// that day, if any.
pub(super) fn timeline_tooltip(
    x: f64,
    lines: &[TimelineLine],
    marks: &[TimelineMark],
) -> Option<String> {
    let day = x.round();
    let mut t = crate::model::dates::date_of_day(day as i64);
    for m in marks.iter().filter(|m| (m.day - day).abs() < 0.5) {
        t.push_str(&format!("\nrevision {}", m.label));
    }
    for l in lines {
        let v = l
            .points
            .iter()
            .take_while(|(d, _)| *d <= x)
            .last()
            .map(|&(_, v)| v)?;
        t.push_str(&format!("\n{}: {}", l.name, pct(v)));
    }
    Some(t)
}

/// Draw the revision timeline.
#[allow(clippy::needless_late_init)] // the plot's response is assigned once, below
pub(super) fn timeline(
    ui: &mut Ui,
    plot: Plot<'_>,
    data: &ChartData,
    p: Palette,
) -> Option<egui::Response> {
    let ChartData::Timeline {
        lines,
        marks,
        resolution,
        span,
    } = data
    else {
        return None;
    };
    let resp;
    let (l2, m2) = (lines.clone(), marks.clone());
    let (start, end) = *span;
    let plot = plot
        .auto_bounds([false, false])
        .default_x_bounds(start, end)
        .default_y_bounds(0.0, 1.12)
        .x_axis_label("Date of revision")
        .x_axis_formatter(|m, _| crate::model::dates::date_of_day(m.value.round() as i64))
        .y_axis_label("Probability")
        // The room above 100% holds the revisions' labels, not probabilities.
        .y_axis_formatter(|m, _| {
            if m.value <= 1.0 + 1e-9 {
                pct(m.value)
            } else {
                String::new()
            }
        })
        .label_formatter(move |pos| {
            let pt = hover_point(pos);
            timeline_tooltip(pt.x, &l2, &m2)
        });
    let (lines, marks, resolution) = (lines.clone(), marks.clone(), resolution.clone());
    resp = Some(
        plot.show(ui, |pu| {
            for (k, m) in marks.iter().enumerate() {
                pu.vline(
                    VLine::new(format!("Revision {}", k + 1), m.day)
                        .color(p.muted)
                        .style(egui_plot::LineStyle::dotted_dense())
                        .width(1.0),
                );
                // Labels stagger down the top so that revisions close in time stay readable.
                let y = 1.1 - 0.05 * (k % 3) as f64;
                // Labels in the right half run leftwards from their line, to stay inside.
                let anchor = if m.day > (start + end) / 2.0 {
                    egui::Align2::RIGHT_CENTER
                } else {
                    egui::Align2::LEFT_CENTER
                };
                pu.text(
                    Text::new(
                        "",
                        PlotPoint::new(m.day, y),
                        RichText::new(&m.label).small(),
                    )
                    .color(p.muted)
                    .anchor(anchor),
                );
            }
            if let Some(r) = &resolution {
                pu.vline(
                    VLine::new("Resolution", r.day)
                        .color(p.text)
                        .style(egui_plot::LineStyle::dashed_dense())
                        .width(1.5),
                );
                pu.text(
                    Text::new(
                        "",
                        PlotPoint::new(r.day, 0.93),
                        RichText::new(&r.label).small(),
                    )
                    .color(p.text)
                    .anchor(egui::Align2::RIGHT_CENTER),
                );
            }
            for (j, l) in lines.iter().enumerate() {
                let colour = p.ink(crate::charts::timeline_ink(&lines, j));
                pu.line(
                    Line::new(outcome_label(&l.name, l.outcome), steps(&l.points))
                        .color(colour)
                        .width(2.5)
                        // Its vertical steps share an x: as a band they would draw as areas.
                        .allow_band(false),
                );
                if let Some(&(x, y)) = l.points.last() {
                    pu.text(
                        Text::new(
                            "",
                            PlotPoint::new(x, y),
                            RichText::new(format!("{} {}", l.name, pct(y))).small(),
                        )
                        .color(colour)
                        .anchor(egui::Align2::RIGHT_BOTTOM),
                    );
                }
            }
        })
        .response,
    );
    resp
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_hold_each_value_until_the_next() {
        assert_eq!(
            steps(&[(0.0, 0.2), (10.0, 0.5), (20.0, 0.5)]),
            vec![
                [0.0, 0.2],
                [10.0, 0.2],
                [10.0, 0.5],
                [20.0, 0.5],
                [20.0, 0.5]
            ]
        );
    }

    #[test]
    fn the_signposts_tooltip_reads_the_bar_under_the_pointer() {
        let bars = vec![SignpostBar {
            name: "Inspectors return".into(),
            status: "waiting".into(),
            chance: 0.25,
            if_seen: Some(50.0),
            if_not: Some(40.0),
        }];
        let up = signposts_tooltip(45.0, 0.2, &bars, 42.0, "").expect("on the seen bar");
        assert!(up.contains("if seen (chance 25%): 50"), "{up}");
        assert!(up.contains("change: +8.0"), "{up}");
        let down = signposts_tooltip(41.0, -0.2, &bars, 42.0, "").expect("on the other bar");
        assert!(down.contains("if not seen (chance 75%): 40"), "{down}");
        assert!(signposts_tooltip(60.0, 0.2, &bars, 42.0, "").is_none());
        assert!(signposts_tooltip(45.0, 0.5, &bars, 42.0, "").is_none());
    }

    #[test]
    fn the_timeline_tooltip_gives_each_value_on_a_day() {
        let lines = vec![TimelineLine {
            name: "Deal".into(),
            outcome: None,
            points: vec![(0.0, 0.2), (10.0, 0.5), (20.0, 0.5)],
        }];
        let t = timeline_tooltip(5.0, &lines, &[]).expect("inside");
        assert!(t.contains("1970-01-06") && t.contains("Deal: 20%"), "{t}");
        let t = timeline_tooltip(12.0, &lines, &[]).expect("inside");
        assert!(t.contains("Deal: 50%"), "{t}");
        assert!(timeline_tooltip(-3.0, &lines, &[]).is_none());
    }
}
