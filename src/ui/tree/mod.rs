//! The outcome tree: one row per visible branch, drawn only for rows on screen, so trees of
//! thousands of branches stay quick. Rows can be selected, collapsed, dragged to a new parent and
//! right-clicked for the branch commands.

mod row;

use super::{Env, pct};
use crate::edit::ops;
use crate::model::{Scenario, TreeIndex};
use crate::view::{Command, Tab};
use egui::text::{LayoutJob, TextWrapping};
use egui::{Align2, Color32, FontId, Key, Modifiers, Sense, Stroke, Ui, vec2};
use row::branch_row;
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
            drop_outline(&painter, rect, p);
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

/// The outline of a row a dragged branch can be dropped on.
fn drop_outline(painter: &egui::Painter, rect: egui::Rect, p: super::theme::Palette) {
    painter.rect_stroke(
        rect.shrink(1.0),
        4.0,
        Stroke::new(2.0, p.accent),
        egui::StrokeKind::Inside,
    );
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
