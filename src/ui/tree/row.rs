//! One branch's row in the outcome tree: its collapse toggle and outcome badge, the name and
//! probability on the first line, the overall chance and flags on the second, the tooltip, and
//! what a click, a double click, a drag and the context menu do.

use super::{DraggedBranch, INDENT, ROW_HEIGHT, drop_outline, elided, view_note};
use crate::edit::ops;
use crate::model::{Branch, Diagnostic, Outcome, Severity, estimative_words, fmt_sum};
use crate::ui::theme::Palette;
use crate::ui::{Env, pct};
use crate::view::{Command, Tab};
use egui::{Align2, FontId, Painter, Pos2, Rect, Response, RichText, Sense, Stroke, Ui, vec2};

/// Where a row's text goes: the text's left edge, the right edge and the two lines' middles.
struct Lines {
    text_x: f32,
    right: f32,
    line1: f32,
    line2: f32,
}

/// What the row knows about the branch beyond the branch itself.
struct Facts<'a> {
    /// The branch's position.
    i: usize,
    /// Its overall (absolute) probability.
    abs: f64,
    /// The sum of its branches' probabilities, if it has any.
    children_sum: Option<f64>,
    /// The selected view sets something on it.
    overridden: bool,
    problems: Option<&'a Vec<Diagnostic>>,
    spread: Option<&'a crate::model::Spread>,
}

pub(super) fn branch_row(ui: &mut Ui, env: &mut Env, i: usize) {
    let s = env.scenario;
    let Some(b) = s.branches.get(i) else {
        return;
    };
    let tree = env.results.tree();
    let p = env.palette;
    let selected = env.view.selected.as_deref() == Some(b.id.as_str());
    let (rect, resp) = ui.allocate_exact_size(
        vec2(
            ui.available_width(),
            ROW_HEIGHT - ui.spacing().item_spacing.y,
        ),
        Sense::click_and_drag(),
    );
    resp.widget_info(|| {
        egui::WidgetInfo::selected(egui::accesskit::Role::TreeItem, true, selected, &b.name)
    });
    if !ui.is_rect_visible(rect) {
        return;
    }
    let painter = ui.painter_at(rect);
    let drop_ok = resp
        .dnd_hover_payload::<DraggedBranch>()
        .is_some_and(|payload| {
            payload.0 != b.id
                && tree
                    .pos(&payload.0)
                    .is_some_and(|from| !tree.is_ancestor_or_self(from, i))
        });
    background(ui, &painter, rect, (selected, resp.hovered(), drop_ok), p);
    let x0 = rect.left() + 4.0 + tree.depth[i] as f32 * INDENT;
    let at = Lines {
        text_x: x0 + 38.0,
        right: rect.right() - 6.0,
        line1: rect.top() + 11.0,
        line2: rect.top() + 29.0,
    };
    let facts = Facts {
        i,
        abs: env.results.expected.abs.get(i).copied().unwrap_or(0.0),
        children_sum: (!tree.children[i].is_empty()).then(|| ops::sum_in(s, &tree.children[i])),
        overridden: env.selected_view().is_some_and(|v| v.touches(&b.id)),
        problems: env.results.checks.branch_problems.get(&b.id),
        spread: env
            .results
            .checks
            .spreads
            .get(&b.id)
            .filter(|sp| sp.differs()),
    };
    if facts.children_sum.is_some() {
        collapse_toggle(ui, env, b, &resp, egui::pos2(x0 + 7.0, at.line1));
    }
    outcome_badge(
        &painter,
        p,
        egui::pos2(x0 + 24.0, at.line1),
        tree.outcome(s, i),
    );
    name_and_probability(&painter, env, b, &facts, &at);
    overall_and_flags(&painter, env, b, &facts, &at);
    if resp.dragged() {
        painter.rect_stroke(
            rect,
            4.0,
            Stroke::new(1.0, p.accent),
            egui::StrokeKind::Inside,
        );
    }
    let resp = resp.on_hover_ui(|ui| tooltip(ui, env, b, &facts));
    row_actions(&resp, env, b, drop_ok);
}

/// The selection's or the hover's fill, and the outline of a place a dragged branch can go.
fn background(
    ui: &Ui,
    painter: &Painter,
    rect: Rect,
    (selected, hovered, drop_ok): (bool, bool, bool),
    p: Palette,
) {
    if selected {
        painter.rect_filled(rect, 4.0, ui.visuals().selection.bg_fill);
    } else if hovered {
        painter.rect_filled(rect, 4.0, ui.visuals().widgets.hovered.weak_bg_fill);
    }
    if drop_ok {
        drop_outline(painter, rect, p);
    }
}

/// ▸ or ▾, a button of its own that screen readers name "Expand …" or "Collapse …".
fn collapse_toggle(ui: &mut Ui, env: &mut Env, b: &Branch, row: &Response, at: Pos2) {
    let collapsed = env.view.collapsed.contains(&b.id);
    let toggle = Rect::from_center_size(at, vec2(16.0, 18.0));
    let tr = ui.interact(toggle, row.id.with("toggle"), Sense::click());
    let label = if collapsed { "Expand" } else { "Collapse" };
    tr.widget_info(|| {
        egui::WidgetInfo::labeled(
            egui::accesskit::Role::Button,
            true,
            format!("{label} {}", b.name),
        )
    });
    let p = env.palette;
    ui.painter().text(
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

/// The outcome's colour with its icon on it, so colour is never the only cue.
fn outcome_badge(painter: &Painter, p: Palette, at: Pos2, outcome: Option<Outcome>) {
    let colour = p.outcome(outcome);
    painter.circle_filled(at, 8.0, colour);
    painter.text(
        at,
        Align2::CENTER_CENTER,
        outcome.map_or("?", |o| o.icon()),
        FontId::proportional(10.0),
        p.text_on(colour),
    );
}

/// Line 1: the name, cut to fit, and the conditional probability, large, on the right. A value
/// the selected view sets is marked ◆, so it is never mistaken for the base's.
fn name_and_probability(painter: &Painter, env: &Env, b: &Branch, facts: &Facts, at: &Lines) {
    let p = env.palette;
    let mut prob_text = if b.probability.is_remainder() {
        let tree = env.results.tree();
        let set = tree
            .parent
            .get(facts.i)
            .copied()
            .flatten()
            .map_or(&tree.roots, |q| &tree.children[q]);
        format!("{} (rest)", pct(ops::remainder_in(env.scenario, set)))
    } else {
        pct(b.probability.value().unwrap_or(0.0))
    };
    if facts.overridden {
        prob_text = format!("◆ {prob_text}");
    }
    let prob_colour = if facts.overridden { p.accent } else { p.text };
    let pg = painter.layout_no_wrap(prob_text, FontId::proportional(14.0), prob_colour);
    let prob_w = pg.size().x;
    painter.galley(
        egui::pos2(at.right - prob_w, at.line1 - pg.size().y / 2.0),
        pg,
        prob_colour,
    );
    let name_w = at.right - prob_w - 10.0 - at.text_x;
    let ng = elided(painter, &b.name, FontId::proportional(14.0), p.text, name_w);
    painter.galley(
        egui::pos2(at.text_x, at.line1 - ng.size().y / 2.0),
        ng,
        p.text,
    );
}

/// Line 2: the overall chance in figures and words, lock, outcome and the analysts' spread,
/// and on the right the flags: a sibling set off 100%, an error, a warning.
fn overall_and_flags(painter: &Painter, env: &Env, b: &Branch, facts: &Facts, at: &Lines) {
    let p = env.palette;
    let abs = facts.abs;
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
    if let Some(sp) = facts.spread {
        parts.push(format!("analysts {}–{}", pct(sp.low.0), pct(sp.high.0)));
    }
    let detail = parts.join(" · ");
    let mut flag = String::new();
    let mut flag_colour = p.warning;
    if let Some(sum) = facts.children_sum
        && (sum - 1.0).abs() > crate::model::SUM_TOLERANCE
    {
        flag = format!("⚠ Σ {}", pct(sum));
    }
    let has_error = facts
        .problems
        .is_some_and(|v| v.iter().any(|d| d.severity == Severity::Error));
    if has_error {
        flag = format!("⚠ error {flag}");
        flag_colour = p.error;
    } else if flag.is_empty() && facts.problems.is_some() {
        flag = "⚠".to_owned();
    }
    let fg = painter.layout_no_wrap(flag, FontId::proportional(11.5), flag_colour);
    let flag_w = fg.size().x;
    painter.galley(
        egui::pos2(at.right - flag_w, at.line2 - fg.size().y / 2.0),
        fg,
        flag_colour,
    );
    let dg = elided(
        painter,
        &detail,
        FontId::proportional(11.5),
        p.muted,
        at.right - flag_w - 8.0 - at.text_x,
    );
    painter.galley(
        egui::pos2(at.text_x, at.line2 - dg.size().y / 2.0),
        dg,
        p.muted,
    );
}

/// The row's tooltip: the probabilities in full, what the view sets, the analysts, the id, the
/// sibling sum and every problem.
fn tooltip(ui: &mut Ui, env: &Env, b: &Branch, facts: &Facts) {
    let p = env.palette;
    let cond = env
        .results
        .expected
        .cond
        .get(facts.i)
        .copied()
        .unwrap_or(0.0);
    let abs = facts.abs;
    ui.set_max_width(360.0);
    ui.label(RichText::new(&b.name).strong());
    ui.label(format!(
        "{} of its parent ({}), {} overall",
        pct(cond),
        estimative_words(cond),
        pct(abs)
    ));
    if facts.overridden
        && let Some(t) = view_note(env.base, env.selected_view(), &b.id)
    {
        ui.label(RichText::new(t).color(p.accent));
    }
    if let Some(sp) = facts.spread {
        ui.label(format!(
            "Analysts: lowest {} ({}), highest {} ({})",
            pct(sp.low.0),
            sp.low.1.join(", "),
            pct(sp.high.0),
            sp.high.1.join(", ")
        ));
    }
    ui.label(format!("id: {}", b.id));
    if let Some(sum) = facts.children_sum
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
    for d in facts.problems.into_iter().flatten() {
        ui.label(RichText::new(&d.message).color(p.warning));
    }
    ui.label(
        RichText::new("Drag onto another branch to move it there.")
            .small()
            .weak(),
    );
}

/// A drag moves the branch under another, a click selects it, a double click renames it and
/// the context menu holds the branch commands.
fn row_actions(resp: &Response, env: &mut Env, b: &Branch, drop_ok: bool) {
    if resp.drag_started() {
        resp.dnd_set_drag_payload(DraggedBranch(b.id.clone()));
    }
    if let Some(payload) = resp.dnd_release_payload::<DraggedBranch>()
        && drop_ok
    {
        env.op(ops::reparent(env.scenario, &payload.0, Some(&b.id)));
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
