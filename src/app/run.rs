//! Running the commands of the command table, and presentation mode's start and end.

use super::{Action, Command, Dialog, MuscatApp, Tab, files};
use crate::edit::ops::Op;

impl MuscatApp {
    /// Run a command.
    pub fn run_command(&mut self, ctx: &egui::Context, c: Command) {
        use crate::edit::ops;
        let sel = self.view.selected.clone();
        // Operations are built on what is shown (the selected view's numbers), as the panels'
        // are; `process` turns the view's numbers into its overrides.
        let s = self.shown();
        let need_sel = |what: &str| format!("Select a branch to {what}");
        match c {
            Command::New => self.dialog = Some(Dialog::NewScenario),
            Command::Open => self.guard_unsaved(files::Pending::OpenDialog),
            Command::CompareWithFile => {
                self.files.ask(&self.prefs, files::Purpose::CompareWith, "")
            }
            Command::Save => self.save(ctx, false),
            Command::SaveAs => self.save(ctx, true),
            Command::Revert => {
                if self.doc.path.is_some() {
                    self.dialog = Some(Dialog::ConfirmRevert);
                } else {
                    self.notify(ctx, "This scenario has no file to revert to", false);
                }
            }
            Command::Quit => ctx.send_viewport_cmd(egui::ViewportCommand::Close),
            Command::Undo => match self.doc.undo() {
                Ok(Some(label)) => self.notify(ctx, format!("Undid: {label}"), false),
                Ok(None) => {}
                Err(e) => self.notify(ctx, e.to_string(), true),
            },
            Command::Redo => match self.doc.redo() {
                Ok(Some(label)) => self.notify(ctx, format!("Redid: {label}"), false),
                Ok(None) => {}
                Err(e) => self.notify(ctx, e.to_string(), true),
            },
            Command::AddChild => {
                let op = ops::add_child(s, sel.as_deref());
                self.actions.push(op_action(op));
            }
            Command::AddTopLevel => {
                let op = ops::add_child(s, None);
                self.actions.push(op_action(op));
            }
            Command::AddSibling => match sel {
                Some(id) => {
                    let op = ops::add_sibling(s, &id);
                    self.actions.push(op_action(op));
                }
                None => {
                    let op = ops::add_child(s, None);
                    self.actions.push(op_action(op));
                }
            },
            Command::Duplicate
            | Command::Delete
            | Command::MoveUp
            | Command::MoveDown
            | Command::Rename
            | Command::Normalise => {
                let Some(id) = sel else {
                    self.notify(ctx, need_sel("work on"), false);
                    return;
                };
                let op = match c {
                    Command::Duplicate => ops::duplicate(s, &id),
                    Command::Delete => ops::delete_branch(s, &id),
                    Command::MoveUp => ops::move_branch(s, &id, true),
                    Command::MoveDown => ops::move_branch(s, &id, false),
                    Command::Normalise => {
                        let parent = s.branch(&id).and_then(|b| b.parent.clone());
                        ops::normalise(s, parent.as_deref())
                    }
                    _ => {
                        self.view.tab = Tab::Branch;
                        self.view.focus_name = true;
                        return;
                    }
                };
                if c == Command::Delete
                    && let Ok(op) = &op
                {
                    let label = op.label.clone();
                    self.notify(ctx, format!("{label}. Undo with Ctrl+Z."), false);
                }
                self.actions.push(op_action(op));
                self.process_actions(ctx);
            }
            Command::CollapseAll => {
                self.view.collapsed = s
                    .branches
                    .iter()
                    .filter(|b| {
                        s.branches
                            .iter()
                            .any(|c| c.parent.as_deref() == Some(&b.id))
                    })
                    .map(|b| b.id.clone())
                    .collect();
            }
            Command::ExpandAll => self.view.collapsed.clear(),
            Command::ToggleTheme => {
                self.prefs.dark = !self.prefs.dark;
            }
            Command::ZoomIn => ctx.set_zoom_factor((ctx.zoom_factor() + 0.1).min(3.0)),
            Command::ZoomOut => ctx.set_zoom_factor((ctx.zoom_factor() - 0.1).max(0.5)),
            Command::ZoomReset => ctx.set_zoom_factor(1.0),
            Command::FullScreen => {
                let full = ctx.input(|i| i.viewport().fullscreen.unwrap_or(false));
                ctx.send_viewport_cmd(egui::ViewportCommand::Fullscreen(!full));
            }
            Command::Present => self.start_presentation(ctx),
            Command::AddSlide => self.add_slide(ctx),
            Command::ExportSvg => self
                .files
                .ask_export_chart(&self.prefs, files::ChartFormat::Svg),
            Command::ExportPng => self
                .files
                .ask_export_chart(&self.prefs, files::ChartFormat::Png),
            Command::ExportAll => self.files.ask_export_folder(&self.prefs),
            Command::ExportDeck => self.files.ask_export_pdf(&self.prefs, files::PdfKind::Deck),
            Command::ExportBrief => self.files.ask_export_pdf(
                &self.prefs,
                files::PdfKind::Brief(crate::export::pdf::Paper::A4),
            ),
            Command::ExportBriefLetter => self.files.ask_export_pdf(
                &self.prefs,
                files::PdfKind::Brief(crate::export::pdf::Paper::Letter),
            ),
            Command::Rerun => self.rerun_simulation(),
            Command::Shortcuts => self.dialog = Some(Dialog::Shortcuts),
            Command::About => self.dialog = Some(Dialog::About),
        }
    }

    pub(super) fn add_slide(&mut self, ctx: &egui::Context) {
        let s = self.doc.scenario();
        let slide = crate::view::slide_for_view(s, &self.view);
        let title = slide.title.clone();
        let op = crate::edit::ops::set_slides(s, "Add slide", |v| v.push(slide));
        self.actions.push(Action::Op(op));
        self.notify(ctx, format!("Added slide “{title}”"), false);
    }

    /// Enter presentation mode on the scenario's slides.
    pub fn start_presentation(&mut self, ctx: &egui::Context) {
        let s = self.doc.scenario();
        self.view.present = Some(crate::view::PresentState::new(
            s,
            &self.view,
            self.doc.state(),
            ctx.input(|i| i.time),
        ));
        ctx.send_viewport_cmd(egui::ViewportCommand::Fullscreen(true));
        // With no window manager nothing acts on full screen: cover the screen by hand.
        let (outer, monitor) = ctx.input(|i| (i.viewport().outer_rect, i.viewport().monitor_size));
        if self.bare_x == Some(true)
            && let (Some(outer), Some(monitor)) = (outer, monitor)
        {
            self.window_before_present = Some(outer);
            ctx.send_viewport_cmd(egui::ViewportCommand::OuterPosition(egui::Pos2::ZERO));
            ctx.send_viewport_cmd(egui::ViewportCommand::InnerSize(monitor));
        }
    }

    pub(super) fn end_presentation(&mut self, ctx: &egui::Context, keep: bool) {
        let Some(p) = self.view.present.take() else {
            return;
        };
        crate::view::apply_slide(&mut self.view, &p.return_to);
        if !keep {
            // Undo every what-if change made while presenting.
            let mut guard = 0;
            while self.doc.state() != p.start_state && self.doc.history().undo_label().is_some() {
                guard += 1;
                if guard > 10_000 || self.doc.undo().is_err() {
                    break;
                }
            }
            self.refresh();
        } else if self.doc.state() != p.start_state {
            self.notify(ctx, "Kept the changes made while presenting", false);
        }
        ctx.send_viewport_cmd(egui::ViewportCommand::Fullscreen(false));
        if let Some(before) = self.window_before_present.take() {
            ctx.send_viewport_cmd(egui::ViewportCommand::OuterPosition(before.min));
            ctx.send_viewport_cmd(egui::ViewportCommand::InnerSize(before.size()));
        }
    }
}

pub(super) fn op_action(op: Result<Op, String>) -> Action {
    match op {
        Ok(op) => Action::Op(op),
        Err(message) => Action::Notify(message),
    }
}
