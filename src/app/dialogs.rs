//! Modal dialogs: unsaved changes, confirmations, errors, recovery, new scenario, the file
//! browser, shortcuts and about.

use super::files::{Pending, Recovery};
use super::{Action, Command, MuscatApp};
use crate::io::LoadError;
use egui::{Id, Modal, RichText};

/// A modal dialog.
#[derive(Clone, Debug)]
pub enum Dialog {
    /// Save / Don't save / Cancel before `then`.
    UnsavedChanges {
        /// What waits for the answer.
        then: Pending,
    },
    /// Confirm deleting a region.
    DeleteRegion {
        /// Region id.
        id: String,
        /// Region name.
        name: String,
        /// Effects that go with it.
        effects: usize,
    },
    /// Confirm deleting an indicator.
    DeleteIndicator {
        /// Indicator id.
        id: String,
        /// Indicator name.
        name: String,
        /// Effects that go with it.
        effects: usize,
    },
    /// Confirm dropping changes and reloading the file.
    ConfirmRevert,
    /// A file could not be opened.
    LoadFailed(LoadError),
    /// A file could not be saved or exported.
    SaveFailed(String),
    /// Unsaved work from a previous run was found.
    Recover(Recovery),
    /// Choose what a new scenario starts from.
    NewScenario,
    /// Ask before an export replaces files.
    ConfirmOverwrite {
        /// The folder.
        dir: std::path::PathBuf,
        /// How many files would be replaced.
        files: usize,
    },
    /// Ask whether to keep what-if changes made while presenting.
    KeepPresentationChanges,
    /// The keyboard shortcuts.
    Shortcuts,
    /// About Muscat.
    About,
    /// Record an observation, a revision or the resolution.
    Revise(Box<crate::ui::revise::Draft>),
    /// The file changed on disk since it was opened or saved: replace it, save elsewhere or
    /// cancel.
    ChangedOnDisk {
        /// The file.
        path: std::path::PathBuf,
        /// What waits for the save, if anything.
        then: Option<Pending>,
    },
}

impl MuscatApp {
    /// Show the open dialog, if any, and the in-app file browser.
    pub fn dialogs_ui(&mut self, ctx: &egui::Context) {
        if self.files.browser.is_some() {
            self.browser_ui(ctx);
        }
        let Some(dialog) = self.dialog.clone() else {
            return;
        };
        let presenting = matches!(dialog, Dialog::KeepPresentationChanges);
        let modal = Modal::new(Id::unique("muscat-dialog")).show(ctx, |ui| {
            if presenting {
                // Asked in front of the room: the type is presentation-sized.
                let scale = crate::ui::present::screen_scale(ctx.content_rect().size());
                crate::ui::present::big_style(ui, scale);
                ui.set_max_width(ui.ctx().content_rect().width() * 0.6);
            } else {
                ui.set_max_width(560.0);
            }
            self.dialog_body(ui, &dialog)
        });
        // Esc is Cancel in every dialog. A click outside closes only those that lose nothing:
        // one that waits for a decision about the user's work stays until it gets one.
        let escape = ctx.input(|i| i.key_pressed(egui::Key::Escape));
        let decides_work = matches!(
            dialog,
            Dialog::UnsavedChanges { .. }
                | Dialog::Recover(_)
                | Dialog::KeepPresentationChanges
                | Dialog::Revise(_)
                | Dialog::ChangedOnDisk { .. }
        );
        let dismissed = modal.should_close() && (escape || !decides_work);
        // Only close the dialog that was shown; a button may have opened another.
        if (modal.inner || dismissed) && self.dialog.as_ref().is_some_and(|d| same_kind(d, &dialog))
        {
            self.dialog = None;
        }
    }

    /// The dialog's contents and what its buttons do: true once a button has closed it.
    fn dialog_body(&mut self, ui: &mut egui::Ui, dialog: &Dialog) -> bool {
        match dialog {
            Dialog::UnsavedChanges { then } => self.unsaved_changes_ui(ui, then),
            Dialog::DeleteRegion { id, name, effects } => {
                let answer = confirm(
                    ui,
                    &format!("Delete region {name}?"),
                    &effect_count_text(*effects),
                    "Delete Region",
                );
                if answer == Some(true) {
                    let op = crate::edit::ops::delete_region(self.shown(), id);
                    self.actions.push(super::run::op_action(op));
                }
                answer.is_some()
            }
            Dialog::DeleteIndicator { id, name, effects } => {
                let text = format!(
                    "{} Every region's baseline for it goes too.",
                    effect_count_text(*effects)
                );
                let heading = format!("Delete indicator {name}?");
                let answer = confirm(ui, &heading, &text, "Delete Indicator");
                if answer == Some(true) {
                    let op = crate::edit::ops::delete_indicator(self.shown(), id);
                    self.actions.push(super::run::op_action(op));
                }
                answer.is_some()
            }
            Dialog::ConfirmRevert => {
                let answer = confirm(
                    ui,
                    "Revert to the saved file?",
                    "Every change since the last save will be lost. This cannot be undone.",
                    "Revert",
                );
                if answer == Some(true) {
                    self.carry_on(Pending::Revert);
                }
                answer.is_some()
            }
            Dialog::ConfirmOverwrite { dir, files } => {
                let text = format!(
                    "{} already holds {files} file{} this export writes. Replace them?",
                    dir.display(),
                    if *files == 1 { "" } else { "s" }
                );
                let answer = confirm(ui, "Replace existing files?", &text, "Replace");
                if answer == Some(true) {
                    self.export_all_with(&ui.ctx().clone(), dir, true);
                }
                answer.is_some()
            }
            Dialog::LoadFailed(e) => load_failed_ui(ui, e),
            Dialog::ChangedOnDisk { path, then } => self.changed_on_disk_ui(ui, path, then),
            Dialog::SaveFailed(message) => self.save_failed_ui(ui, message),
            Dialog::Recover(r) => self.recover_ui(ui, r),
            Dialog::NewScenario => self.new_scenario_ui(ui),
            Dialog::KeepPresentationChanges => self.keep_changes_ui(ui),
            Dialog::Shortcuts => shortcuts_ui(ui),
            Dialog::Revise(draft) => self.revise_dialog_ui(ui, draft),
            Dialog::About => about_ui(ui),
        }
    }

    fn unsaved_changes_ui(&mut self, ui: &mut egui::Ui, then: &Pending) -> bool {
        ui.heading("Save changes?");
        ui.label(format!(
            "“{}” has changes that are not saved. They will be lost if you don't save them.",
            self.doc.scenario().header.title
        ));
        ui.add_space(8.0);
        let mut close = false;
        ui.horizontal(|ui| {
            if ui.button("Save").clicked() {
                close = true;
                self.save_then(ui.ctx(), then.clone());
            }
            if ui.button("Don't Save").clicked() {
                close = true;
                // The changes go only once what replaces them has opened.
                self.carry_on(then.clone());
            }
            close |= ui.button("Cancel").clicked();
        });
        close
    }

    fn changed_on_disk_ui(
        &mut self,
        ui: &mut egui::Ui,
        path: &std::path::Path,
        then: &Option<Pending>,
    ) -> bool {
        let name = path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        ui.heading(format!("{name} changed on disk"));
        ui.label(format!(
            "Another program, or another Muscat, has written {} since you opened or saved it. Saving now replaces what it wrote with your version; the file as it is now is kept as {name}.bak.",
            path.display()
        ));
        ui.add_space(8.0);
        let mut close = false;
        ui.horizontal(|ui| {
            if ui.button("Replace It").clicked() {
                close = true;
                self.write_checked(ui.ctx(), path, true, then.clone());
            }
            if ui.button("Save As…").clicked() {
                close = true;
                self.actions.push(Action::Command(Command::SaveAs));
            }
            close |= ui.button("Cancel").clicked();
        });
        close
    }

    fn save_failed_ui(&mut self, ui: &mut egui::Ui, message: &str) -> bool {
        ui.heading("Not saved");
        ui.label(RichText::new(message).color(ui.visuals().error_fg_color));
        ui.label("Your work is still open. Try another folder with Save As.");
        let mut close = false;
        ui.horizontal(|ui| {
            if ui.button("Save As…").clicked() {
                close = true;
                self.actions.push(Action::Command(Command::SaveAs));
            }
            close |= ui.button("OK").clicked();
        });
        close
    }

    fn recover_ui(&mut self, ui: &mut egui::Ui, r: &Recovery) -> bool {
        ui.heading("Restore unsaved work?");
        ui.label(format!(
            "Muscat closed without saving “{}”. A recovery copy was written {}.",
            r.title,
            super::files::describe_time(r.written)
        ));
        if let Some(o) = &r.original {
            ui.label(format!("It belongs to {}.", o.display()));
        }
        ui.add_space(8.0);
        let mut close = false;
        ui.horizontal(|ui| {
            if ui.button("Restore").clicked() {
                close = true;
                self.restore(r);
            }
            if ui.button("Discard").clicked() {
                close = true;
                super::files::discard_recovery(r);
            }
            close |= ui
                .button("Later")
                .on_hover_text("Keep the recovery copy and ask again next time (Esc)")
                .clicked();
        });
        close
    }

    fn new_scenario_ui(&mut self, ui: &mut egui::Ui) -> bool {
        ui.heading("New scenario");
        ui.label("Start from:");
        let mut close = false;
        for (name, file, _) in crate::io::BUNDLED {
            if ui.button(*name).clicked() {
                close = true;
                self.actions.push(Action::NewFrom(file));
            }
        }
        ui.add_space(6.0);
        close | ui.button("Cancel").clicked()
    }

    fn keep_changes_ui(&mut self, ui: &mut egui::Ui) -> bool {
        ui.heading("Keep the what-if changes?");
        ui.label("You changed probabilities while presenting.");
        ui.add_space(8.0);
        let mut close = false;
        ui.horizontal_wrapped(|ui| {
            for (label, keep) in [("Keep Changes", true), ("Discard Changes", false)] {
                if ui.button(label).clicked() {
                    close = true;
                    self.actions.push(Action::EndPresentation { keep });
                }
            }
            close |= ui
                .button("Keep Presenting")
                .on_hover_text("Go back to the slides (Esc)")
                .clicked();
        });
        close
    }

    /// The revision dialog: the draft is kept between frames until it is accepted or cancelled.
    fn revise_dialog_ui(&mut self, ui: &mut egui::Ui, draft: &crate::ui::revise::Draft) -> bool {
        let mut draft = draft.clone();
        let decision = crate::ui::revise::revise_ui(
            ui,
            self.doc.scenario(),
            self.results.tree(),
            self.doc.state(),
            &mut draft,
            crate::ui::theme::Palette::current(ui.ctx()),
        );
        match decision {
            Some(crate::ui::revise::Decision::Accept(op)) => {
                self.actions.push(Action::BaseOp(op));
                true
            }
            Some(crate::ui::revise::Decision::Cancel) => true,
            None => {
                self.dialog = Some(Dialog::Revise(Box::new(draft)));
                false
            }
        }
    }
}

/// Why a file could not be opened: each problem at its line and column.
fn load_failed_ui(ui: &mut egui::Ui, e: &LoadError) -> bool {
    ui.heading("This file cannot be opened");
    ui.label(format!(
        "{} — the scenario you had open is unchanged.",
        e.file
    ));
    ui.add_space(4.0);
    egui::ScrollArea::vertical()
        .max_height(260.0)
        .show(ui, |ui| {
            for p in &e.problems {
                let color = match p.severity {
                    crate::model::Severity::Error => ui.visuals().error_fg_color,
                    crate::model::Severity::Warning => ui.visuals().warn_fg_color,
                };
                let at = match (p.line, p.col) {
                    (Some(l), Some(c)) => format!("line {l}, column {c}: "),
                    (Some(l), None) => format!("line {l}: "),
                    _ => String::new(),
                };
                ui.label(RichText::new(format!("{at}{}", p.message)).color(color));
            }
        });
    ui.add_space(8.0);
    ui.button("OK").clicked()
}

/// Every command's shortcut, and the keys that are not commands.
fn shortcuts_ui(ui: &mut egui::Ui) -> bool {
    ui.heading("Keyboard shortcuts");
    let ctx = ui.ctx().clone();
    egui::Grid::new("shortcuts").striped(true).show(ui, |ui| {
        for c in Command::ALL {
            let keys: Vec<String> = [c.shortcut(), c.alt_shortcut()]
                .into_iter()
                .flatten()
                .map(|s| ctx.format_shortcut(&s))
                .collect();
            if keys.is_empty() {
                continue;
            }
            ui.label(c.label().trim_end_matches('…'));
            ui.label(keys.join(" or "));
            ui.end_row();
        }
        for (what, keys) in [
            ("Next / previous slide", "→ ← Space PgDn PgUp"),
            ("Leave presentation", "Esc"),
            ("Select branch above / below", "↑ ↓"),
        ] {
            ui.label(what);
            ui.label(keys);
            ui.end_row();
        }
    });
    ui.button("Close").clicked()
}

fn about_ui(ui: &mut egui::Ui) -> bool {
    ui.heading("Muscat");
    ui.label(format!("Version {}", env!("CARGO_PKG_VERSION")));
    ui.label("Plan the outcomes of a negotiation: outcome trees, regional stability effects, live charts and presentation mode.");
    ui.label(format!(
        "Scenario file format {} version {}.",
        crate::io::FORMAT_NAME,
        crate::io::FORMAT_VERSION
    ));
    ui.label("Text set in Inter (SIL Open Font License).");
    ui.button("Close").clicked()
}

fn same_kind(a: &Dialog, b: &Dialog) -> bool {
    std::mem::discriminant(a) == std::mem::discriminant(b)
}

fn effect_count_text(n: usize) -> String {
    match n {
        0 => "No effects use it.".to_owned(),
        1 => "1 effect uses it and will be deleted with it. You can undo this.".to_owned(),
        n => format!("{n} effects use it and will be deleted with it. You can undo this."),
    }
}

/// A question, its consequence, a destructive button and Cancel: `Some(true)` confirmed,
/// `Some(false)` cancelled.
fn confirm(ui: &mut egui::Ui, heading: &str, text: &str, button: &str) -> Option<bool> {
    ui.heading(heading);
    ui.label(text);
    ui.add_space(8.0);
    let mut answer = None;
    ui.horizontal(|ui| {
        if ui
            .button(RichText::new(button).color(ui.visuals().error_fg_color))
            .clicked()
        {
            answer = Some(true);
        }
        if ui.button("Cancel").clicked() {
            answer = Some(false);
        }
    });
    answer
}
