//! Views in the window: the selector in the toolbar, the Views tab (add, name, weigh and
//! delete views; see what each sets), and the compare table with the policy verdict.

use super::widgets::{NumSpec, note, num_field, section, text_area, text_row};
use super::{Env, pct};
use crate::charts::{SeriesInfo, fmt_num};
use crate::edit::ops;
use crate::engine::compare::{self, Column};
use crate::model::{BASE_VIEW_ID, BASE_VIEW_NAME, ChartKind, Pool, Scenario, View, ViewKind};
use crate::view::Action;
use egui::{RichText, Ui};
use std::sync::Arc;

/// "Policy option", "Analyst", …, for lists.
fn kind_text(kind: ViewKind) -> String {
    kind.label().to_owned()
}

/// The view selector in the toolbar: Base and every view, grouped by kind.
pub fn view_select_ui(ui: &mut Ui, base: &Scenario, selected: &mut Option<String>) {
    // The label and the list stay together: on a new row when the toolbar has no room left.
    let needed = 300.0;
    if ui.available_size_before_wrap().x < needed {
        ui.end_row();
    }
    ui.horizontal(|ui| view_select_row(ui, base, selected));
}

fn view_select_row(ui: &mut Ui, base: &Scenario, selected: &mut Option<String>) {
    let l = ui.label("View");
    let current = base.view_name(selected.as_deref());
    let r = egui::ComboBox::from_id_salt("view-select")
        .selected_text(&current)
        .width(220.0)
        .height(480.0)
        .truncate()
        .show_ui(ui, |ui| {
            ui.selectable_value(selected, None, BASE_VIEW_NAME);
            for kind in ViewKind::ALL {
                let mut any = false;
                for v in base.views.iter().filter(|v| v.kind == kind) {
                    if !any {
                        ui.separator();
                        ui.label(RichText::new(kind_text(kind)).small().weak());
                        any = true;
                    }
                    ui.selectable_value(selected, Some(v.id.clone()), &v.name);
                }
            }
            if base.views.is_empty() {
                ui.separator();
                ui.label(RichText::new("No views yet: add one in the Views tab").small());
            }
        })
        .response
        .labelled_by(l.id);
    r.on_hover_text(format!(
        "Showing: {current}. Every chart, the tree and the details show the selected view; a probability or effect changed while a view is selected is set in that view only."
    ));
}

/// A line over the branch details saying which view is shown and what it sets on the branch,
/// with "Reset to base".
pub fn branch_view_ui(ui: &mut Ui, env: &mut Env, id: &str) {
    let Some(v) = env.selected_view() else {
        return;
    };
    let p = env.palette;
    egui::Frame::group(ui.style())
        .stroke(egui::Stroke::new(1.0, p.accent))
        .show(ui, |ui| {
            ui.label(RichText::new(format!("View: {} ({})", v.name, v.kind.label())).strong());
            if v.kind == ViewKind::Pooled {
                note(
                    ui,
                    "The pooled view takes its numbers from the analyst views; select an analyst (or Base) to change them.",
                );
                return;
            }
            match super::tree::view_note(env.base, Some(v), id) {
                Some(text) if v.touches(id) => {
                    ui.horizontal_wrapped(|ui| {
                        ui.label(RichText::new(text).color(p.accent));
                        if ui
                            .button("Reset to base")
                            .on_hover_text("Show the base's probability and effects on this branch in this view again")
                            .clicked()
                        {
                            env.op(ops::reset_to_base(env.base, &v.id, id));
                        }
                    });
                }
                _ => note(
                    ui,
                    "This view keeps the base's numbers here. A probability or effect you change is set in this view only.",
                ),
            }
        });
}

/// The Views tab.
pub fn views_ui(ui: &mut Ui, env: &mut Env) {
    let base = env.base;
    note(
        ui,
        "A view is a set of changes to the base scenario: a policy option, or one analyst's estimates. Select one in the toolbar to chart it and edit it.",
    );
    ui.horizontal_wrapped(|ui| {
        for (kind, label) in [
            (ViewKind::Policy, "+ Policy option"),
            (ViewKind::Analyst, "+ Analyst"),
            (ViewKind::Pooled, "+ Pooled view"),
        ] {
            if ui.button(label).clicked() {
                let (op, id) = ops::add_view(base, kind);
                env.actions.push(Action::Op(op));
                env.view.view = Some(id);
            }
        }
    });
    let mut select = None;
    ui.add_space(4.0);
    let row = |ui: &mut Ui, name: &str, detail: String, selected: bool| {
        let text = format!("{name}  ·  {detail}");
        ui.selectable_label(selected, text).clicked()
    };
    if row(
        ui,
        BASE_VIEW_NAME,
        "the scenario as saved".into(),
        env.view.view.is_none(),
    ) {
        select = Some(None);
    }
    for v in &base.views {
        let detail = match v.kind {
            ViewKind::Pooled => format!(
                "{} of {} analysts",
                match v.pool {
                    Pool::Linear => "linear pool",
                    Pool::Logarithmic => "logarithmic pool",
                },
                base.analysts().count()
            ),
            _ => {
                let n = v.probabilities.len() + v.effects.len();
                let kept = v.detached.len() + v.detached_effects.len();
                let mut d = format!("{} · {n} change{}", v.kind.label(), plural(n));
                if kept > 0 {
                    d.push_str(&format!(" · ⚠ {kept} kept apart"));
                }
                d
            }
        };
        let selected = env.view.view.as_deref() == Some(v.id.as_str());
        if row(ui, &v.name, detail, selected) {
            select = Some(Some(v.id.clone()));
        }
    }
    if let Some(s) = select {
        env.view.view = s;
    }
    if let Some(v) = env.selected_view() {
        view_editor_ui(ui, env, v);
    }
    compare_ui(ui, env);
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn view_editor_ui(ui: &mut Ui, env: &mut Env, v: &View) {
    let base = env.base;
    let id = v.id.clone();
    section(ui, &format!("“{}”", v.name));
    let change = |label: &str, f: Box<dyn FnOnce(&mut View)>| {
        let target = id.clone();
        ops::set_views(base, label, move |views| {
            if let Some(x) = views.iter_mut().find(|x| x.id == target) {
                f(x);
            }
        })
        .merge_as("view", &id)
    };
    egui::Grid::new(("view-editor", &id))
        .num_columns(2)
        .spacing([10.0, 5.0])
        .show(ui, |ui| {
            if let (Some(t), _) = text_row(ui, "View name", &v.name, "Name of the view") {
                env.actions.push(Action::Op(change(
                    "Rename view",
                    Box::new(move |x| x.name = t),
                )));
            }
            let l = ui.label("Kind");
            let mut kind = v.kind;
            egui::ComboBox::from_id_salt(("view-kind", &id))
                .selected_text(kind_text(kind))
                .show_ui(ui, |ui| {
                    for k in ViewKind::ALL {
                        ui.selectable_value(&mut kind, k, kind_text(k));
                    }
                })
                .response
                .labelled_by(l.id);
            ui.end_row();
            if kind != v.kind {
                env.actions.push(Action::Op(change(
                    "Change view kind",
                    Box::new(move |x| x.kind = kind),
                )));
            }
            match v.kind {
                ViewKind::Analyst => {
                    ui.label("Weight in the pool");
                    ui.horizontal(|ui| {
                        let spec = NumSpec::any("Weight in the pool").range(0.001, 1000.0);
                        let (w, _) = num_field(ui, ("view-weight", &id), spec, v.weight);
                        if let Some(w) = w {
                            env.actions.push(Action::Op(change(
                                "Change analyst weight",
                                Box::new(move |x| x.weight = w),
                            )));
                        }
                    });
                    ui.end_row();
                }
                ViewKind::Pooled => {
                    let l = ui.label("Pool");
                    let mut pool = v.pool;
                    egui::ComboBox::from_id_salt(("view-pool", &id))
                        .selected_text(pool.label())
                        .show_ui(ui, |ui| {
                            for p in [Pool::Linear, Pool::Logarithmic] {
                                ui.selectable_value(&mut pool, p, p.label());
                            }
                        })
                        .response
                        .labelled_by(l.id)
                        .on_hover_text("Linear: the weighted mean of the analysts' probabilities. Logarithmic: the weighted geometric mean, renormalised; it leans towards the analysts who rule a branch out.");
                    ui.end_row();
                    if pool != v.pool {
                        env.actions.push(Action::Op(change(
                            "Change pooling",
                            Box::new(move |x| x.pool = pool),
                        )));
                    }
                }
                ViewKind::Policy => {}
            }
        });
    if let Some(t) = text_area(ui, "View note", &v.note, 2) {
        env.actions.push(Action::Op(change(
            "Change view note",
            Box::new(move |x| x.note = t),
        )));
    }
    if v.kind != ViewKind::Pooled {
        overrides_ui(ui, env, v);
    }
    ui.horizontal(|ui| {
        if ui.button("Duplicate view").clicked() {
            let (op, new_id) = ops::add_view(base, v.kind);
            let mut copy = v.clone();
            copy.id = new_id.clone();
            copy.name = format!("{} (copy)", v.name);
            if let crate::edit::Edit::Views(mut views) = op.edit {
                if let Some(last) = views.last_mut() {
                    *last = copy;
                }
                env.actions.push(Action::Op(ops::set_views(
                    base,
                    &format!("Duplicate view {}", v.name),
                    |all| *all = views,
                )));
                env.view.view = Some(new_id);
            }
        }
        if ui
            .button("Delete view")
            .on_hover_text("Delete this view and what it sets (Undo brings it back)")
            .clicked()
        {
            let id = id.clone();
            env.actions.push(Action::Op(ops::set_views(
                base,
                &format!("Delete view {}", v.name),
                |all| all.retain(|x| x.id != id),
            )));
            env.view.view = None;
        }
    });
}

/// What a view sets, branch by branch, with a reset for each; and what it keeps apart.
fn overrides_ui(ui: &mut Ui, env: &mut Env, v: &View) {
    let base = env.base;
    let mut branches: Vec<&str> = v
        .probabilities
        .iter()
        .map(|o| o.branch.as_str())
        .chain(v.effects.iter().map(|o| o.branch.as_str()))
        .collect();
    branches.sort_by_key(|id| base.branch_pos(id));
    branches.dedup();
    if branches.is_empty() {
        note(
            ui,
            "It sets nothing yet: select it in the toolbar and change a probability or an effect.",
        );
    }
    for id in branches {
        let name = base.branch(id).map_or(id, |b| b.name.as_str());
        ui.horizontal_wrapped(|ui| {
            let mut parts = Vec::new();
            if let Some(o) = v.probability_of(id) {
                let p = match o.probability.value() {
                    Some(p) => pct(p),
                    None => "the rest".to_owned(),
                };
                parts.push(p);
            }
            let n = v.effects.iter().filter(|o| o.branch == id).count();
            if n > 0 {
                parts.push(format!("{n} effect{}", plural(n)));
            }
            if ui
                .link(format!("{name}: {}", parts.join(", ")))
                .on_hover_text("Show this branch")
                .clicked()
            {
                env.view.selected = Some(id.to_owned());
                env.view.tab = crate::view::Tab::Branch;
            }
            if ui.small_button("Reset").clicked() {
                env.op(ops::reset_to_base(base, &v.id, id));
            }
        });
    }
    if v.has_detached() {
        let n = v.detached.len() + v.detached_effects.len();
        ui.label(
            RichText::new(format!(
                "⚠ {n} change{} kept apart: the branch or effect it was for has been deleted. Undo the deletion to use {} again, or discard.",
                plural(n),
                if n == 1 { "it" } else { "them" }
            ))
            .color(env.palette.warning),
        );
        for o in &v.detached {
            note(ui, format!("{}: probability {:?}", o.branch, o.probability));
        }
        for o in &v.detached_effects {
            note(
                ui,
                format!("{}: effect on {} / {}", o.branch, o.region, o.indicator),
            );
        }
        if ui.button("Discard kept-apart changes").clicked() {
            let id = v.id.clone();
            env.actions.push(Action::Op(ops::set_views(
                base,
                "Discard kept-apart changes",
                |views| {
                    if let Some(x) = views.iter_mut().find(|x| x.id == id) {
                        x.detached.clear();
                        x.detached_effects.clear();
                    }
                },
            )));
        }
    }
}

/// The views the compare table and chart show.
pub fn compare_ids(env: &Env) -> Vec<String> {
    if env.view.compare.is_empty() {
        compare::default_ids(env.base)
    } else {
        env.view.compare.clone()
    }
}

/// The compared views' expected values, worked out once per document state and choice.
pub fn cached_columns(ui: &Ui, env: &Env, ids: &[String]) -> Arc<Vec<Column>> {
    let key = (env.results.doc_state, ids.to_vec());
    let id = egui::Id::unique("compare-columns");
    type Cached = ((u64, Vec<String>), Arc<Vec<Column>>);
    if let Some((k, cols)) = ui.data(|d| d.get_temp::<Cached>(id))
        && (k == key || (k.1 == key.1 && busy_and_large(ui, env.base, ids.len())))
    {
        return cols;
    }
    let cols = Arc::new(compare::columns(env.base, ids, None));
    ui.data_mut(|d| d.insert_temp::<Cached>(id, (key, Arc::clone(&cols))));
    cols
}

/// Whether comparing `views` views of `s` is slow enough (every view's expected values worked
/// out again) to wait for the end of a drag: meanwhile the last comparison stays on screen.
pub fn busy_and_large(ui: &Ui, s: &Scenario, views: usize) -> bool {
    const LARGE: usize = 100_000;
    let views = if views == 0 { s.views.len() + 1 } else { views };
    ui.input(|i| i.pointer.any_down()) && s.branches.len().saturating_mul(views) > LARGE
}

/// The compare table and the policy verdict.
fn compare_ui(ui: &mut Ui, env: &mut Env) {
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
    let cols = cached_columns(ui, env, &ids);
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
                        let series = std::iter::once(None).chain((0..base.indicators.len()).map(Some));
                        for k in series {
                            let info = SeriesInfo::of(base, k);
                            match k {
                                None => ui.label(RichText::new(&region.name).strong()),
                                Some(_) => ui.label(RichText::new(format!("   {}", info.name)).small()),
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
                                ui.label(rt).on_hover_text(format!(
                                    "{} — {}, {}: expected {} (5–95% of outcomes across the branches: {} to {}){}",
                                    region.name,
                                    info.name,
                                    c.name,
                                    fmt_num(cell.expected),
                                    fmt_num(cell.low),
                                    fmt_num(cell.high),
                                    if alert { "; on the alert side of the threshold" } else { "" }
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
