//! Views in the window: the selector in the toolbar, and the Views tab (add, name, weigh and
//! delete views; see what each sets). The comparison below it is in `ui::compare`.

use super::widgets::{NumSpec, note, num_field, section, text_area, text_row};
use super::{Env, pct};
use crate::edit::ops;
use crate::model::{BASE_VIEW_NAME, Pool, Scenario, View, ViewKind};
use crate::view::Action;
use egui::{RichText, Ui};

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
                let mut d = format!(
                    "{} · {} change{}",
                    v.kind.label(),
                    crate::charts::thousands(n as u64),
                    plural(n)
                );
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
    super::compare::compare_ui(ui, env);
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

/// Most branches the list of a view's overrides shows; the rest are counted.
const MAX_LISTED: usize = 200;

/// What a view sets, branch by branch, with a reset for each; and what it keeps apart.
fn overrides_ui(ui: &mut Ui, env: &mut Env, v: &View) {
    let base = env.base;
    // By index: a view of a large file can set thousands of branches, and this runs every frame.
    let pos_of = &env.results.tree().pos_of;
    let probabilities = v.probability_index();
    let mut effects: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for o in &v.effects {
        *effects.entry(o.branch.as_str()).or_insert(0) += 1;
    }
    let mut branches: Vec<&str> = probabilities
        .keys()
        .copied()
        .chain(effects.keys().copied())
        .collect();
    branches.sort_by_key(|&id| (pos_of.get(id).copied().unwrap_or(usize::MAX), id));
    branches.dedup();
    if branches.is_empty() {
        note(
            ui,
            "It sets nothing yet: select it in the toolbar and change a probability or an effect.",
        );
    }
    let total = branches.len();
    for id in branches.into_iter().take(MAX_LISTED) {
        let name = pos_of
            .get(id)
            .and_then(|&i| base.branches.get(i))
            .filter(|b| b.id == id)
            .map_or(id, |b| b.name.as_str());
        ui.horizontal_wrapped(|ui| {
            let mut parts = Vec::new();
            if let Some(o) = probabilities.get(id) {
                let p = match o.probability.value() {
                    Some(p) => pct(p),
                    None => "the rest".to_owned(),
                };
                parts.push(p);
            }
            let n = effects.get(id).copied().unwrap_or(0);
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
    if total > MAX_LISTED {
        note(
            ui,
            format!(
                "… and {} more branches this view sets (the tree marks each with ◆).",
                crate::charts::thousands((total - MAX_LISTED) as u64)
            ),
        );
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
