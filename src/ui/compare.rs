//! The Views tab's comparison: the compare table of every region's composite and indicators
//! under each ticked view, the policy verdict and its break-even.

use super::widgets::{note, section};
use super::{Env, pct};
use crate::charts::{SeriesInfo, fmt_num};
use crate::engine::compare::{self, Column};
use crate::model::{BASE_VIEW_ID, BASE_VIEW_NAME, ChartKind, Scenario, ViewKind};
use egui::{RichText, Ui};
use std::sync::Arc;

/// The views the compare table and chart show.
pub fn compare_ids(env: &Env) -> Vec<String> {
    if env.view.compare.is_empty() {
        compare::default_ids(env.base)
    } else {
        env.view.compare.clone()
    }
}

/// The compared views' expected values, and whether newer ones are being worked out.
pub struct Columns {
    /// The newest columns there are: the current ones, or while `working`, the last shown
    /// (empty before the first).
    pub columns: Arc<Vec<Column>>,
    /// Whether the current document state's columns are being worked out off the UI thread.
    pub working: bool,
}

/// Most work (branches × views compared) worked out on the UI thread; past it a comparison
/// takes a thread of its own, so the window keeps drawing (50 views of a 100,000-branch file
/// took over 20 seconds).
const UI_THREAD_WORK: usize = 200_000;

/// The analysis service's name for the compared columns.
const KIND: crate::view::analysis::Kind = "compare-columns";

/// The compared views' expected values, asked of the analysis service once per document state
/// and choice: worked out at once for small scenarios, on a thread for large ones. During a drag
/// on a large file the last columns stay up (a new comparison would only be stopped again).
pub fn cached_columns(ui: &Ui, env: &Env, ids: &[String]) -> Columns {
    let state = env.doc_state;
    let key = crate::view::analysis::key_of(&(state, ids));
    if busy_and_large(ui, env.base, ids.len())
        && let Some(columns) = env.analyses.last::<Vec<Column>>(KIND)
    {
        return Columns {
            columns,
            working: true,
        };
    }
    let views = if ids.is_empty() {
        env.base.views.len() + 1
    } else {
        ids.len()
    };
    let inline = env.base.branches.len().saturating_mul(views) <= UI_THREAD_WORK;
    let answer = env.analyses.get(KIND, key, inline, || {
        let base = env.analyses.snapshot(state, env.base);
        let wanted = ids.to_vec();
        Box::new(move |stop: &std::sync::atomic::AtomicBool| {
            compare::columns_until(&base, &wanted, None, stop)
        })
    });
    Columns {
        columns: answer.value.unwrap_or_default(),
        working: !answer.current,
    }
}

/// Whether comparing `views` views of `s` is slow enough (every view's expected values worked
/// out again) to wait for the end of a drag: meanwhile the last comparison stays on screen.
pub fn busy_and_large(ui: &Ui, s: &Scenario, views: usize) -> bool {
    const LARGE: usize = 100_000;
    let views = if views == 0 { s.views.len() + 1 } else { views };
    ui.input(|i| i.pointer.any_down()) && s.branches.len().saturating_mul(views) > LARGE
}

/// The compare table and the policy verdict.
pub fn compare_ui(ui: &mut Ui, env: &mut Env) {
    let base = env.base;
    if base.views.is_empty() {
        return;
    }
    section(ui, "Compare views");
    let mut ids = compare_ids(env);
    ui.horizontal_wrapped(|ui| {
        ui.label("Side by side:");
        let all: Vec<(String, String)> =
            std::iter::once((BASE_VIEW_ID.to_owned(), BASE_VIEW_NAME.to_owned()))
                .chain(base.views.iter().map(|v| (v.id.clone(), v.name.clone())))
                .collect();
        for (id, name) in all {
            let mut on = ids.contains(&id);
            if ui.checkbox(&mut on, &name).changed() {
                if on {
                    ids.push(id);
                    // Keep the views in the order of the file.
                    let order = |x: &String| {
                        base.views
                            .iter()
                            .position(|v| &v.id == x)
                            .map_or(0, |p| p + 1)
                    };
                    ids.sort_by_key(order);
                } else {
                    ids.retain(|x| x != &id);
                }
                env.view.compare = ids.clone();
            }
        }
    });
    if ui
        .button("Show the compare chart")
        .on_hover_text("Chart these views side by side, region by region")
        .clicked()
    {
        env.view.chart = ChartKind::Compare;
    }
    let Columns {
        columns: cols,
        working,
    } = cached_columns(ui, env, &ids);
    let n = if ids.is_empty() {
        base.views.len() + 1
    } else {
        ids.len()
    };
    // One line that is always there, so the table does not move when an update starts.
    ui.horizontal(|ui| {
        let (slot, _) = ui.allocate_exact_size(egui::vec2(14.0, 14.0), egui::Sense::hover());
        if working {
            egui::Spinner::new().size(14.0).paint_at(ui, slot);
            let what = if cols.is_empty() {
                ""
            } else {
                " (the last ones shown)"
            };
            note(
                ui,
                format!("Working out the expected values of {n} views…{what}"),
            );
        } else {
            note(ui, format!("Expected values of {n} views at the horizon"));
        }
    });
    if working && cols.is_empty() {
        return;
    }
    if cols.len() < 2 {
        note(ui, "Tick two or more views to compare them.");
        return;
    }
    let h = base.header.horizon_months;
    note(
        ui,
        format!(
            "Expected values at month {h}: each region's composite index, then its indicators; the difference is from {}. ⚠ marks a value on the alert side of its threshold, and says where a view takes it across.",
            cols[0].name
        ),
    );
    // A solid scroll bar below the table, never over its last row.
    ui.spacing_mut().scroll = egui::style::ScrollStyle::solid();
    let text_colour = ui.visuals().text_color();
    let warning = env.palette.warning;
    egui::ScrollArea::horizontal()
        .id_salt("compare-table")
        .show(ui, |ui| {
            egui::Grid::new("compare-grid")
                .striped(true)
                .num_columns(cols.len() + 1)
                .spacing([14.0, 4.0])
                .show(ui, |ui| {
                    ui.label(RichText::new("Region").strong());
                    for c in cols.iter() {
                        ui.label(RichText::new(&c.name).strong());
                    }
                    ui.end_row();
                    for (r, region) in base.regions.iter().enumerate() {
                        let series =
                            std::iter::once(None).chain((0..base.indicators.len()).map(Some));
                        for k in series {
                            let info = SeriesInfo::of(base, k);
                            match k {
                                None => ui.label(RichText::new(&region.name).strong()),
                                Some(_) => {
                                    ui.label(RichText::new(format!("   {}", info.name)).small())
                                }
                            };
                            let first = cols[0].cell(r, k);
                            for (j, c) in cols.iter().enumerate() {
                                let cell = c.cell(r, k);
                                let (text, alert) = compare_cell_text(&info, &first, &cell, j > 0);
                                let colour = if alert { warning } else { text_colour };
                                let mut rt = RichText::new(text).color(colour);
                                if k.is_some() {
                                    rt = rt.small();
                                }
                                // The range of outcomes is worked out for the composite only.
                                let range = if k.is_none() {
                                    format!(
                                        " (5–95% of outcomes across the branches: {} to {})",
                                        fmt_num(cell.low),
                                        fmt_num(cell.high)
                                    )
                                } else {
                                    String::new()
                                };
                                ui.label(rt).on_hover_text(format!(
                                    "{} — {}, {}: expected {}{range}{}",
                                    region.name,
                                    info.name,
                                    c.name,
                                    fmt_num(cell.expected),
                                    if alert {
                                        "; on the alert side of the threshold"
                                    } else {
                                        ""
                                    }
                                ));
                            }
                            ui.end_row();
                        }
                    }
                });
        });
    if let Some(v) = compare::verdict(base, &cols) {
        verdict_ui(ui, base, &cols, &v);
    } else if cols
        .iter()
        .filter(|c| c.kind == Some(ViewKind::Policy))
        .count()
        < 2
    {
        note(
            ui,
            "Tick two or more policy options to see which does better.",
        );
    }
}

/// A compare table cell: "44.9 (−1.2)", with "⚠" when on the alert side and "⚠ enters alert" or
/// "leaves alert" when the view takes it across the threshold; and whether it is in alert.
pub fn compare_cell_text(
    series: &SeriesInfo,
    first: &compare::Cell,
    cell: &compare::Cell,
    with_difference: bool,
) -> (String, bool) {
    let mut text = fmt_num(cell.expected);
    if with_difference {
        text.push_str(&format!(
            " ({})",
            crate::charts::signed(cell.expected - first.expected)
        ));
    }
    let alert = series.in_alert(cell.expected);
    let crossed = with_difference && alert != series.in_alert(first.expected);
    if crossed {
        text.push_str(if alert {
            " ⚠ enters alert"
        } else {
            " leaves alert"
        });
    } else if alert {
        text.push_str(" ⚠");
    }
    (text, alert)
}

/// "Break-even: US accepts capped enrichment stays ahead unless, under US keeps zero
/// enrichment, the chance of “Comprehensive deal” rises from 10% to 17% (7 points)."
pub fn break_even_text(cols: &[Column], v: &compare::Verdict, m: &compare::Move) -> String {
    let dir = if m.to < m.from { "falls" } else { "rises" };
    let under = cols.get(m.under).map_or("", |c| c.name.as_str());
    format!(
        "Break-even: {} stays ahead unless, under {under}, the chance of “{}” {dir} from {} to {} ({} points).",
        cols.get(v.leader).map_or("", |c| c.name.as_str()),
        m.name,
        pct(m.from),
        pct(m.to),
        fmt_num(((m.to - m.from) * 100.0).abs())
    )
}

fn verdict_ui(ui: &mut Ui, base: &Scenario, cols: &[Column], v: &compare::Verdict) {
    section(ui, "Which option does better");
    let leader = &cols[v.leader];
    let runner = &cols[v.runner_up];
    let score = |i: usize| {
        v.options
            .iter()
            .position(|&o| o == i)
            .and_then(|k| v.overall.get(k))
            .copied()
            .unwrap_or(f64::NAN)
    };
    ui.label(format!(
        "Overall (mean of the regions' expected composite): {} {} against {} {}.",
        leader.name,
        fmt_num(score(v.leader)),
        runner.name,
        fmt_num(score(v.runner_up))
    ));
    let mut wins: Vec<String> = Vec::new();
    for (r, region) in base.regions.iter().enumerate() {
        if let Some(&best) = v.best_by_region.get(r) {
            wins.push(format!("{}: {}", region.name, cols[best].name));
        }
    }
    ui.label(format!("Better by region — {}.", wins.join(" · ")));
    match &v.break_even {
        Some(m) => {
            ui.label(break_even_text(cols, v, m));
        }
        None => {
            note(
                ui,
                "No single probability the views set could change the answer within 0–100%.",
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(expected: f64) -> compare::Cell {
        compare::Cell {
            expected,
            low: expected,
            high: expected,
        }
    }

    #[test]
    fn compare_cells_say_where_a_view_crosses_the_alert_threshold() {
        // Higher is more stable; alert below 40.
        let series = SeriesInfo {
            name: "X".into(),
            unit: String::new(),
            min: 0.0,
            max: 100.0,
            higher_is_better: true,
            threshold: 40.0,
        };
        let base = cell(42.0);
        assert_eq!(
            compare_cell_text(&series, &base, &base, false),
            ("42.0".to_owned(), false)
        );
        assert_eq!(
            compare_cell_text(&series, &base, &cell(38.5), true),
            ("38.5 (−3.5) ⚠ enters alert".to_owned(), true)
        );
        let low = cell(35.0);
        assert_eq!(
            compare_cell_text(&series, &low, &cell(41.0), true),
            ("41.0 (+6.0) leaves alert".to_owned(), false)
        );
        assert_eq!(
            compare_cell_text(&series, &low, &cell(36.0), true),
            ("36.0 (+1.0) ⚠".to_owned(), true)
        );
    }
}
