//! The window's layout: menu bar, toolbar, status bar, the three panels and the notices.

use super::{Action, Command, FileDialogMode, MuscatApp};
use crate::model::{ChartKind, Severity};
use crate::ui::theme::Palette;
use crate::ui::{Env, charts, details_ui, present, tree_ui};
use egui::{Button, CentralPanel, Panel, RichText};

/// What the panels draw with: the document, the results and the queue for actions, never the
/// whole app.
fn env(app: &mut MuscatApp, palette: Palette) -> Env<'_> {
    let mc = app.current_mc();
    let MuscatApp {
        doc,
        view,
        results,
        actions,
        analyses,
        ..
    } = app;
    Env {
        doc_state: doc.state(),
        scenario: results.scenario.as_deref().unwrap_or(doc.scenario()),
        base: doc.scenario(),
        results,
        mc,
        view,
        actions,
        palette,
        analyses,
    }
}

/// Draw the whole window.
pub fn layout_ui(app: &mut MuscatApp, ui: &mut egui::Ui) {
    if app.view.present.is_some() {
        let dialog_open = app.dialog.is_some();
        present::present_ui(ui, &mut env(app, crate::ui::theme::PRESENT), dialog_open);
        return;
    }
    let palette = Palette::current(ui.ctx());
    Panel::top("menu-bar").show(ui, |ui| {
        egui::MenuBar::new().ui(ui, |ui| menu_bar(app, ui));
    });
    Panel::top("toolbar").show(ui, |ui| toolbar(app, ui));
    if app.disk_changed.is_some() {
        Panel::top("disk-changed").show(ui, |ui| disk_changed_bar(app, ui, palette));
    }
    Panel::bottom("status-bar").show(ui, |ui| status_bar(app, ui));
    let mut env = env(app, palette);
    // Side panels share the width so the middle panel always keeps room to work in.
    let width = ui.available_width();
    Panel::left("tree-panel")
        .resizable(true)
        .default_size((width * 0.25).clamp(260.0, 420.0))
        .min_size(220.0)
        .max_size((width * 0.4).max(260.0))
        .show(ui, |ui| tree_ui(ui, &mut env));
    let left = width - ui.available_width();
    Panel::right("chart-panel")
        .resizable(true)
        .default_size((width * 0.37).clamp(320.0, 760.0))
        .min_size(300.0)
        .max_size((width - left - 380.0).max(300.0))
        .show(ui, |ui| charts::charts_panel_ui(ui, &mut env));
    CentralPanel::default_margins().show(ui, |ui| details_ui(ui, &mut env));
}

/// The bar that says the open file changed on disk, with what the planner can do about it.
fn disk_changed_bar(app: &mut MuscatApp, ui: &mut egui::Ui, palette: Palette) {
    let name = app.doc.display_name();
    ui.horizontal_wrapped(|ui| {
        ui.label(
            RichText::new(format!(
                "⚠ {name} changed on disk since Muscat opened or saved it: another program, or another Muscat, wrote it."
            ))
            .color(palette.warning),
        );
        let reload = ui
            .button("Reload")
            .on_hover_text("Open the file as it is on disk now (asks first if you have unsaved changes)");
        if reload.clicked() {
            app.disk_changed = None;
            if app.doc.dirty() {
                app.dialog = Some(super::Dialog::ConfirmRevert);
            } else {
                app.carry_on(super::files::Pending::Revert);
            }
        }
        if ui
            .button("Keep Mine")
            .on_hover_text("Keep your version open; Save will replace the one on disk (it is kept as .bak)")
            .clicked()
        {
            app.keep_mine();
        }
    });
}

/// A menu entry for a command: label, shortcut and tooltip from the command table.
fn command_item(app: &mut MuscatApp, ui: &mut egui::Ui, c: Command, enabled: bool) {
    let mut b = Button::new(c.label());
    if let Some(s) = c.shortcut_text(ui.ctx()) {
        b = b.shortcut_text(s);
    }
    if ui
        .add_enabled(enabled, b)
        .on_hover_text(c.tooltip())
        .clicked()
    {
        app.actions.push(Action::Command(c));
    }
}

fn menu_bar(app: &mut MuscatApp, ui: &mut egui::Ui) {
    let has_sel = app.view.selected.is_some();
    ui.menu_button("File", |ui| {
        command_item(app, ui, Command::New, true);
        command_item(app, ui, Command::Open, true);
        let recent = app.prefs.recent.clone();
        ui.menu_button("Open Recent", |ui| {
            if recent.is_empty() {
                ui.weak("No recent files");
            }
            for p in recent {
                let name = p.file_name().map_or_else(
                    || p.display().to_string(),
                    |n| n.to_string_lossy().into_owned(),
                );
                if ui
                    .button(name)
                    .on_hover_text(p.display().to_string())
                    .clicked()
                {
                    app.actions.push(Action::OpenPath(p));
                }
            }
        });
        ui.separator();
        command_item(app, ui, Command::Save, true);
        command_item(app, ui, Command::SaveAs, true);
        command_item(app, ui, Command::Revert, app.doc.path.is_some());
        command_item(app, ui, Command::CompareWithFile, true);
        ui.separator();
        command_item(app, ui, Command::ExportSvg, true);
        command_item(app, ui, Command::ExportPng, true);
        command_item(app, ui, Command::ExportAll, true);
        command_item(app, ui, Command::ExportDeck, true);
        command_item(app, ui, Command::ExportBrief, true);
        command_item(app, ui, Command::ExportBriefLetter, true);
        ui.separator();
        command_item(app, ui, Command::Quit, true);
    });
    ui.menu_button("Edit", |ui| {
        let undo = app.doc.history().undo_label().map(str::to_owned);
        let redo = app.doc.history().redo_label().map(str::to_owned);
        let labelled = |c: Command, what: Option<&str>| match what {
            Some(w) => format!("{} {w}", c.label()),
            None => c.label().to_owned(),
        };
        for (c, what) in [(Command::Undo, undo), (Command::Redo, redo)] {
            let mut b = Button::new(labelled(c, what.as_deref()));
            if let Some(s) = c.shortcut_text(ui.ctx()) {
                b = b.shortcut_text(s);
            }
            if ui
                .add_enabled(what.is_some(), b)
                .on_hover_text(c.tooltip())
                .clicked()
            {
                app.actions.push(Action::Command(c));
            }
        }
        ui.separator();
        command_item(app, ui, Command::AddChild, true);
        command_item(app, ui, Command::AddSibling, true);
        command_item(app, ui, Command::AddTopLevel, true);
        command_item(app, ui, Command::Duplicate, has_sel);
        command_item(app, ui, Command::Rename, has_sel);
        command_item(app, ui, Command::Delete, has_sel);
        ui.separator();
        command_item(app, ui, Command::MoveUp, has_sel);
        command_item(app, ui, Command::MoveDown, has_sel);
        command_item(app, ui, Command::Normalise, has_sel);
    });
    ui.menu_button("View", |ui| {
        let mut dark = app.prefs.dark;
        if ui
            .checkbox(&mut dark, Command::ToggleTheme.label())
            .on_hover_text(Command::ToggleTheme.tooltip())
            .changed()
        {
            app.actions.push(Action::Command(Command::ToggleTheme));
        }
        ui.separator();
        command_item(app, ui, Command::ZoomIn, true);
        command_item(app, ui, Command::ZoomOut, true);
        command_item(app, ui, Command::ZoomReset, true);
        command_item(app, ui, Command::FullScreen, true);
        ui.separator();
        command_item(app, ui, Command::CollapseAll, true);
        command_item(app, ui, Command::ExpandAll, true);
        ui.separator();
        ui.menu_button("File Dialogs", |ui| {
            for mode in [
                FileDialogMode::Automatic,
                FileDialogMode::Native,
                FileDialogMode::BuiltIn,
            ] {
                ui.radio_value(&mut app.prefs.file_dialogs, mode, mode.label());
            }
        });
    });
    ui.menu_button("Analysis", |ui| {
        for k in ChartKind::ALL {
            ui.radio_value(&mut app.view.chart, k, k.label());
        }
        ui.separator();
        command_item(app, ui, Command::Rerun, true);
        command_item(app, ui, Command::AddSlide, true);
        command_item(app, ui, Command::Present, true);
    });
    ui.menu_button("Help", |ui| {
        command_item(app, ui, Command::Shortcuts, true);
        command_item(app, ui, Command::About, true);
    });
}

fn toolbar(app: &mut MuscatApp, ui: &mut egui::Ui) {
    // Wrapped: in a narrow window the view selector takes a second row rather than being cut.
    ui.horizontal_wrapped(|ui| {
        let has_sel = app.view.selected.is_some();
        let mut tool = |ui: &mut egui::Ui, text: &str, c: Command, enabled: bool| {
            let tip = match c.shortcut_text(ui.ctx()) {
                Some(s) => format!("{} ({s})", c.tooltip()),
                None => c.tooltip().to_owned(),
            };
            if ui
                .add_enabled(enabled, Button::new(text))
                .on_hover_text(tip)
                .clicked()
            {
                app.actions.push(Action::Command(c));
            }
        };
        tool(ui, "Open", Command::Open, true);
        tool(ui, "Save", Command::Save, true);
        ui.separator();
        tool(
            ui,
            "↶ Undo",
            Command::Undo,
            app.doc.history().undo_label().is_some(),
        );
        tool(
            ui,
            "↷ Redo",
            Command::Redo,
            app.doc.history().redo_label().is_some(),
        );
        ui.separator();
        tool(ui, "+ Sub-branch", Command::AddChild, true);
        tool(ui, "+ Sibling", Command::AddSibling, true);
        tool(ui, "Duplicate", Command::Duplicate, has_sel);
        tool(ui, "Delete", Command::Delete, has_sel);
        ui.separator();
        tool(ui, "Add Slide", Command::AddSlide, true);
        tool(ui, "▶ Present", Command::Present, true);
        ui.separator();
        crate::ui::views::view_select_ui(ui, app.doc.scenario(), &mut app.view.view);
    });
}

fn status_bar(app: &mut MuscatApp, ui: &mut egui::Ui) {
    ui.horizontal(|ui| {
        let name = match &app.doc.path {
            Some(p) => p.display().to_string(),
            None => "Not saved to a file yet".to_owned(),
        };
        ui.label(RichText::new(name).small());
        if app.doc.dirty() {
            ui.label(RichText::new("● unsaved changes").small().color(ui.visuals().warn_fg_color));
        }
        ui.separator();
        let errors = app.results.errors();
        let warnings = app.results.checks.diagnostics.len() - errors;
        let text = match (errors, warnings) {
            (0, 0) => "No problems".to_owned(),
            (e, w) => format!("⚠ {e} error{}, {w} warning{}", plural(e), plural(w)),
        };
        // The last checks stay up, greyed beside a spinner, while this state's are worked out
        // off the UI thread: never shown as current. The slot is always there, so nothing moves.
        let checking = !app.results.checks_current;
        let (slot, _) = ui.allocate_exact_size(egui::vec2(12.0, 12.0), egui::Sense::hover());
        if checking {
            egui::Spinner::new().size(12.0).paint_at(ui, slot);
        }
        let color = if checking {
            ui.visuals().weak_text_color()
        } else if errors > 0 {
            ui.visuals().error_fg_color
        } else if warnings > 0 {
            ui.visuals().warn_fg_color
        } else {
            ui.visuals().weak_text_color()
        };
        let mut r = ui.add(Button::new(RichText::new(text).small().color(color)).frame(false));
        if checking {
            r = r.on_hover_text("Checking the latest changes; these are the last checks' findings");
        }
        let problems = app.results.checks.diagnostics.clone();
        egui::Popup::menu(&r).show(|ui| {
            ui.set_max_width(520.0);
            if problems.is_empty() {
                ui.label("The scenario has no problems.");
            }
            for d in problems {
                let color = match d.severity {
                    Severity::Error => ui.visuals().error_fg_color,
                    Severity::Warning => ui.visuals().warn_fg_color,
                };
                let r = ui.add(Button::new(RichText::new(d.message.clone()).color(color)).frame(false));
                if r.clicked()
                    && let Some(id) = d.location.branch_id()
                {
                    app.view.selected = Some(id.to_owned());
                    app.view.tab = super::Tab::Branch;
                    app.view.scroll_to_selected = true;
                }
            }
        });
        if !app.results.expected.normalised.is_empty() {
            ui.separator();
            ui.label(
                RichText::new(format!(
                    "{} sibling set{} normalised for the numbers",
                    app.results.expected.normalised.len(),
                    plural(app.results.expected.normalised.len())
                ))
                .small()
                .color(ui.visuals().warn_fg_color),
            )
            .on_hover_text("Probabilities that do not sum to 100% are scaled to 100% before computing. Select a flagged branch and use Normalise Siblings to fix them.");
        }
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            simulation_status(app, ui);
        });
    });
}

fn simulation_status(app: &MuscatApp, ui: &mut egui::Ui) {
    if app.simulation_unavailable() {
        ui.label(RichText::new("Simulation unavailable").small());
        return;
    }
    if let Some((done, total)) = app.simulation_progress() {
        let frac = if total > 0 {
            done as f32 / total as f32
        } else {
            0.0
        };
        ui.add(
            egui::ProgressBar::new(frac.clamp(0.0, 1.0))
                .desired_width(140.0)
                .text(RichText::new(format!("Simulating {:.0}%", frac * 100.0)).small()),
        )
        .on_hover_text(format!(
            "{done} of {total} samples (a quick pass, then the full run)"
        ));
    } else if let Some(r) = app.current_mc() {
        ui.label(
            RichText::new(format!(
                "Monte Carlo: {} samples, seed {}",
                thousands(r.summary.samples),
                r.summary.seed
            ))
            .small(),
        );
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

pub use crate::charts::thousands;

/// Messages in the bottom-right corner.
/// The running job: an export over the bottom-right corner (the window stays in use), or an
/// Open as a modal box (the file replaces the document). Each says what it does, how far it has
/// got and the time so far, with Cancel.
pub fn job_ui(app: &mut MuscatApp, ctx: &egui::Context) {
    let Some(job) = &app.job else {
        return;
    };
    let text = crate::app::jobs::describe(job);
    let (done, total) = job.progress.counts();
    let cancelling = job.progress.is_cancelled();
    let (progress, kind) = (job.progress.clone(), job.kind);
    let content = |ui: &mut egui::Ui| {
        ui.set_width(360.0);
        ui.label(RichText::new(text).small());
        ui.horizontal(|ui| {
            // One step, or the total not yet known: the bar moves without a share.
            let bar = if total > 1 {
                egui::ProgressBar::new(done.min(total) as f32 / total as f32).show_percentage()
            } else {
                egui::ProgressBar::new(0.0).animate(true)
            };
            ui.add(bar.desired_width(260.0));
            let cancel = ui
                .add_enabled(!cancelling, egui::Button::new("Cancel"))
                .on_hover_text(kind.cancel_hint());
            if cancel.clicked() {
                progress.cancel();
            }
        });
    };
    match kind {
        crate::app::jobs::Kind::Export
        | crate::app::jobs::Kind::Compare
        | crate::app::jobs::Kind::Save => {
            egui::Area::new(egui::Id::unique("muscat-job"))
                .anchor(egui::Align2::RIGHT_BOTTOM, egui::vec2(-16.0, -36.0))
                .order(egui::Order::Foreground)
                .show(ctx, |ui| egui::Frame::popup(ui.style()).show(ui, content));
        }
        crate::app::jobs::Kind::Open => {
            let modal = egui::Modal::new(egui::Id::unique("muscat-job-modal")).show(ctx, content);
            if modal.should_close() {
                progress.cancel();
            }
        }
    }
}

pub fn notices_ui(app: &mut MuscatApp, ctx: &egui::Context) {
    if app.notices.is_empty() {
        return;
    }
    let palette = Palette::current(ctx);
    // Above the running export's box when there is one.
    let lift = if app.job.is_some() { 80.0 } else { 0.0 };
    egui::Area::new(egui::Id::unique("notices"))
        .anchor(egui::Align2::RIGHT_BOTTOM, egui::vec2(-16.0, -36.0 - lift))
        .order(egui::Order::Foreground)
        .interactable(false)
        .show(ctx, |ui| {
            for n in &app.notices {
                egui::Frame::popup(ui.style()).show(ui, |ui| {
                    ui.set_max_width(420.0);
                    let color = if n.error { palette.error } else { palette.text };
                    ui.label(RichText::new(&n.text).color(color));
                });
            }
        });
}

#[cfg(test)]
mod tests {
    #[test]
    fn thousands_separators() {
        assert_eq!(super::thousands(100_000), "100,000");
        assert_eq!(super::thousands(999), "999");
        assert_eq!(super::thousands(1_000_000), "1,000,000");
    }
}
