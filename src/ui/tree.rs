//! The outcome tree: one row per visible branch, drawn only for rows on screen, so trees of
//! thousands of branches stay quick. Rows can be selected, collapsed, dragged to a new parent and
//! right-clicked for the branch commands.

use super::{Env, pct};
use crate::edit::ops;
use crate::model::{Scenario, Severity, TreeIndex, estimative_words, fmt_sum};
use crate::view::{Command, Tab};
use egui::text::{LayoutJob, TextWrapping};
use egui::{Align2, Color32, FontId, Key, Modifiers, Rect, RichText, Sense, Stroke, Ui, vec2};
use std::collections::HashSet;

const ROW_HEIGHT: f32 = 42.0;
const INDENT: f32 = 18.0;

/// A branch being dragged in the tree.
#[derive(Clone, Debug)]
struct DraggedBranch(String);

/// Tree positions shown, in order: pre-order without the insides of collapsed branches.
pub fn visible_rows(s: &Scenario, tree: &TreeIndex, collapsed: &HashSet<String>) -> Vec<usize> {
    let mut out = Vec::with_capacity(tree.preorder.len());
    let mut skip_below: Option<usize> = None;
    for &i in &tree.preorder {
        let (Some(&d), Some(b)) = (tree.depth.get(i), s.branches.get(i)) else {
            continue;
        };
        if let Some(sd) = skip_below {
            if d > sd {
                continue;
            }
            skip_below = None;
        }
        out.push(i);
        if tree.children.get(i).is_some_and(|c| !c.is_empty()) && collapsed.contains(&b.id) {
            skip_below = Some(d);
        }
    }
    out
}

/// The tree panel.
pub fn tree_ui(ui: &mut Ui, env: &mut Env) {
    let buttons = |ui: &mut Ui, env: &mut Env| {
        if ui
            .small_button("Expand all")
            .on_hover_text(Command::ExpandAll.tooltip())
            .clicked()
        {
            env.command(Command::ExpandAll);
        }
        if ui
            .small_button("Collapse all")
            .on_hover_text(Command::CollapseAll.tooltip())
            .clicked()
        {
            env.command(Command::CollapseAll);
        }
    };
    // The buttons sit beside the heading when there is room, and under it when there is not.
    let width_of = |ui: &Ui, text: &str, style: egui::TextStyle| {
        egui::WidgetText::from(text)
            .into_galley(ui, Some(egui::TextWrapMode::Extend), f32::INFINITY, style)
            .size()
            .x
    };
    let pad = ui.spacing().button_padding.x * 2.0 + ui.spacing().item_spacing.x;
    let needed = width_of(ui, "Outcome tree", egui::TextStyle::Heading)
        + width_of(ui, "Expand all", egui::TextStyle::Button)
        + width_of(ui, "Collapse all", egui::TextStyle::Button)
        + 2.0 * pad
        + 2.0 * ui.spacing().item_spacing.x
        + 16.0;
    if needed <= ui.available_width() {
        ui.horizontal(|ui| {
            ui.heading("Outcome tree");
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                buttons(ui, env);
            });
        });
    } else {
        ui.heading("Outcome tree");
        ui.horizontal(|ui| {
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                buttons(ui, env);
            });
        });
    }
    root_row(ui, env);
    let rows = visible_rows(env.scenario, env.results.tree(), &env.view.collapsed);
    keyboard_navigation(ui, env, &rows);
    let selected_row = env
        .view
        .selected
        .as_deref()
        .and_then(|id| rows.iter().position(|&i| env.scenario.branches[i].id == id));
    let mut area = egui::ScrollArea::vertical()
        .id_salt("tree-rows")
        .auto_shrink([false, false]);
    if env.view.scroll_to_selected {
        env.view.scroll_to_selected = false;
        if let Some(r) = selected_row {
            let h = ui.available_height();
            area = area.vertical_scroll_offset((r as f32 * ROW_HEIGHT - h / 2.0).max(0.0));
        }
    }
    let spacing = ui.spacing().item_spacing.y;
    area.show_rows(ui, ROW_HEIGHT - spacing, rows.len(), |ui, range| {
        for &i in &rows[range] {
            branch_row(ui, env, i);
        }
    });
}

fn root_row(ui: &mut Ui, env: &mut Env) {
    let (rect, resp) = ui.allocate_exact_size(vec2(ui.available_width(), 28.0), Sense::click());
    resp.widget_info(|| {
        egui::WidgetInfo::selected(
            egui::accesskit::Role::TreeItem,
            true,
            false,
            "The talks (root)",
        )
    });
    let p = env.palette;
    let painter = ui.painter_at(rect);
    if let Some(payload) = resp.dnd_hover_payload::<DraggedBranch>() {
        let ok = env
            .scenario
            .branch(&payload.0)
            .is_some_and(|b| b.parent.is_some());
        if ok {
            painter.rect_stroke(
                rect.shrink(1.0),
                4.0,
                Stroke::new(2.0, p.accent),
                egui::StrokeKind::Inside,
            );
        }
    }
    if let Some(payload) = resp.dnd_release_payload::<DraggedBranch>() {
        env.op(ops::reparent(env.scenario, &payload.0, None));
    }
    let sum = ops::sibling_sum(env.scenario, None);
    painter.text(
        rect.left_center() + vec2(4.0, 0.0),
        Align2::LEFT_CENTER,
        "◆ The talks (root chance node)",
        FontId::proportional(14.0),
        p.text,
    );
    if !env.scenario.branches.is_empty() && (sum - 1.0).abs() > crate::model::SUM_TOLERANCE {
        painter.text(
            rect.right_center() - vec2(6.0, 0.0),
            Align2::RIGHT_CENTER,
            format!("⚠ Σ {}", pct(sum)),
            FontId::proportional(12.0),
            p.warning,
        );
    }
    let resp = resp.on_hover_text("Drop a branch here to make it a top-level outcome");
    if resp.clicked() {
        env.view.tab = Tab::Scenario;
    }
}

fn keyboard_navigation(ui: &Ui, env: &mut Env, rows: &[usize]) {
    let ctx = ui.ctx();
    let idle = ctx.memory(|m| m.focused().is_none()) && !ctx.egui_wants_keyboard_input();
    if !idle || rows.is_empty() {
        return;
    }
    let pos = env
        .view
        .selected
        .as_deref()
        .and_then(|id| rows.iter().position(|&i| env.scenario.branches[i].id == id));
    let (up, down, left, right) = ctx.input_mut(|i| {
        (
            i.consume_key(Modifiers::NONE, Key::ArrowUp),
            i.consume_key(Modifiers::NONE, Key::ArrowDown),
            i.consume_key(Modifiers::NONE, Key::ArrowLeft),
            i.consume_key(Modifiers::NONE, Key::ArrowRight),
        )
    });
    let target = match (pos, up, down) {
        (Some(p), true, _) => Some(p.saturating_sub(1)),
        (Some(p), _, true) => Some((p + 1).min(rows.len() - 1)),
        (None, true, _) | (None, _, true) => Some(0),
        _ => None,
    };
    if let Some(t) = target {
        env.view.selected = Some(env.scenario.branches[rows[t]].id.clone());
        env.view.tab = Tab::Branch;
        env.view.scroll_to_selected = true;
    }
    if let Some(id) = env.view.selected.clone() {
        if left {
            env.view.collapsed.insert(id);
        } else if right {
            env.view.collapsed.remove(&id);
        }
    }
}

/// What a view sets on a branch, against the base: "◆ Set in “US keeps zero enrichment”:
/// probability (base 15%), 1 effect".
pub fn view_note(base: &Scenario, view: Option<&crate::model::View>, id: &str) -> Option<String> {
    let v = view?;
    let b = base.branch(id)?;
    let mut what = Vec::new();
    if v.probability_of(id).is_some() {
        let base_p = if b.probability.is_remainder() {
            format!("{} (rest)", pct(ops::point_value(base, b)))
        } else {
            pct(b.probability.value().unwrap_or(0.0))
        };
        what.push(format!("probability (base {base_p})"));
    }
    let effects = v.effects.iter().filter(|o| o.branch == id).count();
    match effects {
        0 => {}
        1 => what.push("1 effect".to_owned()),
        n => what.push(format!("{n} effects")),
    }
    Some(format!("◆ Set in “{}”: {}", v.name, what.join(", ")))
}

/// Text cut to `width` with an ellipsis.
pub fn elided(
    painter: &egui::Painter,
    text: &str,
    font: FontId,
    color: Color32,
    width: f32,
) -> std::sync::Arc<egui::Galley> {
    let mut job = LayoutJob::simple_singleline(text.to_owned(), font, color);
    job.wrap = TextWrapping::truncate_at_width(width.max(10.0));
    painter.layout_job(job)
}

fn branch_row(ui: &mut Ui, env: &mut Env, i: usize) {
    let s = env.scenario;
    let Some(b) = s.branches.get(i) else {
        return;
    };
    let tree = env.results.tree();
    let p = env.palette;
    let depth = tree.depth[i];
    let has_children = !tree.children[i].is_empty();
    let collapsed = env.view.collapsed.contains(&b.id);
    let selected = env.view.selected.as_deref() == Some(b.id.as_str());
    let (rect, resp) = ui.allocate_exact_size(
        vec2(
            ui.available_width(),
            ROW_HEIGHT - ui.spacing().item_spacing.y,
        ),
        Sense::click_and_drag(),
    );
    let name = b.name.clone();
    resp.widget_info(|| {
        egui::WidgetInfo::selected(egui::accesskit::Role::TreeItem, true, selected, &name)
    });
    if !ui.is_rect_visible(rect) {
        return;
    }
    let painter = ui.painter_at(rect);
    let dragging_this = resp.dragged();
    let mut drop_ok = false;
    if let Some(payload) = resp.dnd_hover_payload::<DraggedBranch>() {
        drop_ok = payload.0 != b.id
            && tree
                .pos(&payload.0)
                .is_some_and(|from| !tree.is_ancestor_or_self(from, i));
    }
    if selected {
        painter.rect_filled(rect, 4.0, ui.visuals().selection.bg_fill);
    } else if resp.hovered() {
        painter.rect_filled(rect, 4.0, ui.visuals().widgets.hovered.weak_bg_fill);
    }
    if drop_ok {
        painter.rect_stroke(
            rect.shrink(1.0),
            4.0,
            Stroke::new(2.0, p.accent),
            egui::StrokeKind::Inside,
        );
    }
    let x0 = rect.left() + 4.0 + depth as f32 * INDENT;
    let line1 = rect.top() + 11.0;
    let line2 = rect.top() + 29.0;
    // Collapse toggle.
    if has_children {
        let toggle = Rect::from_center_size(egui::pos2(x0 + 7.0, line1), vec2(16.0, 18.0));
        let tr = ui.interact(toggle, resp.id.with("toggle"), Sense::click());
        let label = if collapsed { "Expand" } else { "Collapse" };
        let name = b.name.clone();
        tr.widget_info(|| {
            egui::WidgetInfo::labeled(
                egui::accesskit::Role::Button,
                true,
                format!("{label} {name}"),
            )
        });
        painter.text(
            toggle.center(),
            Align2::CENTER_CENTER,
            if collapsed { "▸" } else { "▾" },
            FontId::proportional(13.0),
            if tr.hovered() { p.accent } else { p.muted },
        );
        if tr.clicked() {
            if collapsed {
                env.view.collapsed.remove(&b.id);
            } else {
                env.view.collapsed.insert(b.id.clone());
            }
        }
    }
    // Outcome badge: colour plus icon, so colour is never the only cue.
    let outcome = tree.outcome(s, i);
    let badge = egui::pos2(x0 + 24.0, line1);
    let colour = p.outcome(outcome);
    painter.circle_filled(badge, 8.0, colour);
    painter.text(
        badge,
        Align2::CENTER_CENTER,
        outcome.map_or("?", |o| o.icon()),
        FontId::proportional(10.0),
        p.text_on(colour),
    );
    let text_x = x0 + 38.0;
    let problems = env.results.checks.branch_problems.get(&b.id);
    let has_error = problems.is_some_and(|v| v.iter().any(|d| d.severity == Severity::Error));
    // Right side of line 1: the conditional probability, large.
    let cond = env.results.expected.cond.get(i).copied().unwrap_or(0.0);
    let abs = env.results.expected.abs.get(i).copied().unwrap_or(0.0);
    let right = rect.right() - 6.0;
    let prob_text = if b.probability.is_remainder() {
        format!("{} (rest)", pct(ops::point_value(s, b)))
    } else {
        pct(b.probability.value().unwrap_or(0.0))
    };
    // A value the selected view sets is marked, so it is never mistaken for the base's.
    let view = env.selected_view();
    let overridden = view.is_some_and(|v| v.touches(&b.id));
    let prob_text = if overridden {
        format!("◆ {prob_text}")
    } else {
        prob_text
    };
    let prob_colour = if overridden { p.accent } else { p.text };
    let pg = painter.layout_no_wrap(prob_text, FontId::proportional(14.0), prob_colour);
    let prob_w = pg.size().x;
    painter.galley(
        egui::pos2(right - prob_w, line1 - pg.size().y / 2.0),
        pg,
        prob_colour,
    );
    let name_w = right - prob_w - 10.0 - text_x;
    let ng = elided(
        &painter,
        &b.name,
        FontId::proportional(14.0),
        p.text,
        name_w,
    );
    painter.galley(egui::pos2(text_x, line1 - ng.size().y / 2.0), ng, p.text);
    // Line 2: overall probability, words, flags.
    // The words describe the figure they sit beside: the overall chance.
    let mut parts = vec![
        format!("{} overall", pct(abs)),
        estimative_words(abs).to_owned(),
    ];
    if b.locked {
        parts.push("locked".to_owned());
    }
    if let Some(class) = b.outcome.filter(|_| b.parent.is_some()) {
        parts.push(class.label().to_owned());
    }
    // Where the analysts disagree, the spread sits on the branch.
    let spread = env
        .results
        .checks
        .spreads
        .get(&b.id)
        .filter(|sp| sp.differs());
    if let Some(sp) = spread {
        parts.push(format!("analysts {}–{}", pct(sp.low.0), pct(sp.high.0)));
    }
    let detail = parts.join(" · ");
    let mut flag = String::new();
    let mut flag_colour = p.warning;
    if has_children {
        let sum = ops::sibling_sum(s, Some(&b.id));
        if (sum - 1.0).abs() > crate::model::SUM_TOLERANCE {
            flag = format!("⚠ Σ {}", pct(sum));
        }
    }
    if has_error {
        flag = format!("⚠ error {flag}");
        flag_colour = p.error;
    } else if flag.is_empty() && problems.is_some() {
        flag = "⚠".to_owned();
    }
    let fg = painter.layout_no_wrap(flag.clone(), FontId::proportional(11.5), flag_colour);
    let flag_w = fg.size().x;
    painter.galley(
        egui::pos2(right - flag_w, line2 - fg.size().y / 2.0),
        fg,
        flag_colour,
    );
    let dg = elided(
        &painter,
        &detail,
        FontId::proportional(11.5),
        p.muted,
        right - flag_w - 8.0 - text_x,
    );
    painter.galley(egui::pos2(text_x, line2 - dg.size().y / 2.0), dg, p.muted);
    if dragging_this {
        painter.rect_stroke(
            rect,
            4.0,
            Stroke::new(1.0, p.accent),
            egui::StrokeKind::Inside,
        );
    }

    let tip_problems: Vec<String> = problems
        .map(|v| v.iter().map(|d| d.message.clone()).collect())
        .unwrap_or_default();
    let tip_sum = has_children.then(|| ops::sibling_sum(s, Some(&b.id)));
    let id = b.id.clone();
    let base_text = overridden
        .then(|| view_note(env.base, view, &b.id))
        .flatten();
    let spread_text = spread.map(|sp| {
        format!(
            "Analysts: lowest {} ({}), highest {} ({})",
            pct(sp.low.0),
            sp.low.1.join(", "),
            pct(sp.high.0),
            sp.high.1.join(", ")
        )
    });
    let resp = resp.on_hover_ui(|ui| {
        ui.set_max_width(360.0);
        ui.label(RichText::new(&b.name).strong());
        ui.label(format!(
            "{} of its parent ({}), {} overall",
            pct(cond),
            estimative_words(cond),
            pct(abs)
        ));
        if let Some(t) = &base_text {
            ui.label(RichText::new(t).color(p.accent));
        }
        if let Some(t) = &spread_text {
            ui.label(t);
        }
        ui.label(format!("id: {id}"));
        if let Some(sum) = tip_sum
            && (sum - 1.0).abs() > crate::model::SUM_TOLERANCE
        {
            ui.label(
                RichText::new(format!(
                    "Its branches sum to {} ({}); they are normalised for the numbers.",
                    pct(sum),
                    fmt_sum(sum)
                ))
                .color(p.warning),
            );
        }
        for m in &tip_problems {
            ui.label(RichText::new(m).color(p.warning));
        }
        ui.label(
            RichText::new("Drag onto another branch to move it there.")
                .small()
                .weak(),
        );
    });
    if resp.drag_started() {
        resp.dnd_set_drag_payload(DraggedBranch(b.id.clone()));
    }
    if let Some(payload) = resp.dnd_release_payload::<DraggedBranch>()
        && drop_ok
    {
        env.op(ops::reparent(s, &payload.0, Some(&b.id)));
    }
    if resp.clicked() {
        env.view.selected = Some(b.id.clone());
        env.view.tab = Tab::Branch;
    }
    if resp.double_clicked() {
        env.view.selected = Some(b.id.clone());
        env.command(Command::Rename);
    }
    resp.context_menu(|ui| {
        env.view.selected = Some(b.id.clone());
        for c in [
            Command::AddChild,
            Command::AddSibling,
            Command::Duplicate,
            Command::Rename,
            Command::Delete,
            Command::MoveUp,
            Command::MoveDown,
            Command::Normalise,
        ] {
            let mut button = egui::Button::new(c.label());
            if let Some(sc) = c.shortcut_text(ui.ctx()) {
                button = button.shortcut_text(sc);
            }
            if ui.add(button).on_hover_text(c.tooltip()).clicked() {
                env.command(c);
            }
        }
    });
}
