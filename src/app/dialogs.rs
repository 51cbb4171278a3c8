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
        let mut close = false;
        let presenting = matches!(dialog, Dialog::KeepPresentationChanges);
        let modal = Modal::new(Id::unique("muscat-dialog")).show(ctx, |ui| {
            if presenting {
                // Asked in front of the room: the type is presentation-sized.
                crate::ui::present::big_style(ui, crate::ui::present::screen_scale(ctx.content_rect().size()));
                ui.set_max_width(ui.ctx().content_rect().width() * 0.6);
            } else {
                ui.set_max_width(560.0);
            }
            match &dialog {
                Dialog::UnsavedChanges { then } => {
                    ui.heading("Save changes?");
                    ui.label(format!(
                        "“{}” has changes that are not saved. They will be lost if you don't save them.",
                        self.doc.scenario().header.title
                    ));
                    ui.add_space(8.0);
                    ui.horizontal(|ui| {
                        if ui.button("Save").clicked() {
                            close = true;
                            self.save_then(ctx, then.clone());
                        }
                        if ui.button("Don't Save").clicked() {
                            close = true;
                            // The changes go only once what replaces them has opened.
                            self.carry_on(then.clone());
                        }
                        if ui.button("Cancel").clicked() {
                            close = true;
                        }
                    });
                }
                Dialog::DeleteRegion { id, name, effects } => {
                    ui.heading(format!("Delete region {name}?"));
                    ui.label(effect_count_text(*effects));
                    match confirm_buttons(ui, "Delete Region") {
                        Some(true) => {
                        let op = crate::edit::ops::delete_region(self.shown(), id);
                        self.actions.push(super::run::op_action(op));
                        close = true;
                    }
                        Some(false) => close = true,
                        None => {}
                    }
                }
                Dialog::DeleteIndicator { id, name, effects } => {
                    ui.heading(format!("Delete indicator {name}?"));
                    ui.label(format!(
                        "{} Every region's baseline for it goes too.",
                        effect_count_text(*effects)
                    ));
                    match confirm_buttons(ui, "Delete Indicator") {
                        Some(true) => {
                        let op = crate::edit::ops::delete_indicator(self.shown(), id);
                        self.actions.push(super::run::op_action(op));
                        close = true;
                    }
                        Some(false) => close = true,
                        None => {}
                    }
                }
                Dialog::ConfirmRevert => {
                    ui.heading("Revert to the saved file?");
                    ui.label("Every change since the last save will be lost. This cannot be undone.");
                    match confirm_buttons(ui, "Revert") {
                        Some(true) => {
                        close = true;
                        self.carry_on(Pending::Revert);
                    }
                        Some(false) => close = true,
                        None => {}
                    }
                }
                Dialog::LoadFailed(e) => {
                    ui.heading("This file cannot be opened");
                    ui.label(format!(
                        "{} — the scenario you had open is unchanged.",
                        e.file
                    ));
                    ui.add_space(4.0);
                    egui::ScrollArea::vertical().max_height(260.0).show(ui, |ui| {
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
                    if ui.button("OK").clicked() {
                        close = true;
                    }
                }
                Dialog::ChangedOnDisk { path, then } => {
                    let name = path
                        .file_name()
                        .map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
                    ui.heading(format!("{name} changed on disk"));
                    ui.label(format!(
                        "Another program, or another Muscat, has written {} since you opened or saved it. Saving now replaces what it wrote with your version; the file as it is now is kept as {name}.bak.",
                        path.display()
                    ));
                    ui.add_space(8.0);
                    ui.horizontal(|ui| {
                        if ui.button("Replace It").clicked() {
                            close = true;
                            self.write_checked(ctx, path, true, then.clone());
                        }
                        if ui.button("Save As…").clicked() {
                            close = true;
                            self.actions.push(Action::Command(Command::SaveAs));
                        }
                        if ui.button("Cancel").clicked() {
                            close = true;
                        }
                    });
                }
                Dialog::SaveFailed(message) => {
                    ui.heading("Not saved");
                    ui.label(RichText::new(message).color(ui.visuals().error_fg_color));
                    ui.label("Your work is still open. Try another folder with Save As.");
                    ui.horizontal(|ui| {
                        if ui.button("Save As…").clicked() {
                            close = true;
                            self.actions.push(Action::Command(Command::SaveAs));
                        }
                        if ui.button("OK").clicked() {
                            close = true;
                        }
                    });
                }
                Dialog::Recover(r) => {
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
                    ui.horizontal(|ui| {
                        if ui.button("Restore").clicked() {
                            close = true;
                            self.restore(r);
                        }
                        if ui.button("Discard").clicked() {
                            close = true;
                            super::files::discard_recovery(r);
                        }
                        if ui
                            .button("Later")
                            .on_hover_text("Keep the recovery copy and ask again next time (Esc)")
                            .clicked()
                        {
                            close = true;
                        }
                    });
                }
                Dialog::NewScenario => {
                    ui.heading("New scenario");
                    ui.label("Start from:");
                    for (name, file, _) in crate::io::BUNDLED {
                        if ui.button(*name).clicked() {
                            close = true;
                            self.actions.push(Action::NewFrom(file));
                        }
                    }
                    ui.add_space(6.0);
                    if ui.button("Cancel").clicked() {
                        close = true;
                    }
                }
                Dialog::ConfirmOverwrite { dir, files } => {
                    ui.heading("Replace existing files?");
                    ui.label(format!(
                        "{} already holds {files} file{} this export writes. Replace them?",
                        dir.display(),
                        if *files == 1 { "" } else { "s" }
                    ));
                    match confirm_buttons(ui, "Replace") {
                        Some(true) => {
                            close = true;
                            self.export_all_with(ctx, &dir.clone(), true);
                        }
                        Some(false) => close = true,
                        None => {}
                    }
                }
                Dialog::KeepPresentationChanges => {
                    ui.heading("Keep the what-if changes?");
                    ui.label("You changed probabilities while presenting.");
                    ui.add_space(8.0);
                    ui.horizontal_wrapped(|ui| {
                        if ui.button("Keep Changes").clicked() {
                            close = true;
                            self.actions.push(Action::EndPresentation { keep: true });
                        }
                        if ui.button("Discard Changes").clicked() {
                            close = true;
                            self.actions.push(Action::EndPresentation { keep: false });
                        }
                        if ui
                            .button("Keep Presenting")
                            .on_hover_text("Go back to the slides (Esc)")
                            .clicked()
                        {
                            close = true;
                        }
                    });
                }
                Dialog::Shortcuts => {
                    ui.heading("Keyboard shortcuts");
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
                    if ui.button("Close").clicked() {
                        close = true;
                    }
                }
                Dialog::Revise(draft) => {
                    let mut draft = draft.clone();
                    let decision = crate::ui::revise::revise_ui(
                        ui,
                        self.doc.scenario(),
                        self.results.tree(),
                        self.doc.state(),
                        &mut draft,
                        crate::ui::theme::Palette::current(ctx),
                    );
                    match decision {
                        Some(crate::ui::revise::Decision::Accept(op)) => {
                            self.actions.push(Action::BaseOp(op));
                            close = true;
                        }
                        Some(crate::ui::revise::Decision::Cancel) => close = true,
                        None => self.dialog = Some(Dialog::Revise(draft)),
                    }
                }
                Dialog::About => {
                    ui.heading("Muscat");
                    ui.label(format!("Version {}", env!("CARGO_PKG_VERSION")));
                    ui.label("Plan the outcomes of a negotiation: outcome trees, regional stability effects, live charts and presentation mode.");
                    ui.label(format!(
                        "Scenario file format {} version {}.",
                        crate::io::FORMAT_NAME,
                        crate::io::FORMAT_VERSION
                    ));
                    ui.label("Text set in Inter (SIL Open Font License).");
                    if ui.button("Close").clicked() {
                        close = true;
                    }
                }
            }
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
        if close || dismissed {
            // Only close the dialog that was shown; a button may have opened another.
            if self.dialog.as_ref().is_some_and(|d| same_kind(d, &dialog)) {
                self.dialog = None;
            }
        }
    }

    fn browser_ui(&mut self, ctx: &egui::Context) {
        let Some(b) = self.files.browser.as_mut() else {
            return;
        };
        let mut done: Option<Option<std::path::PathBuf>> = None;
        let mut go: Option<std::path::PathBuf> = None;
        let modal = Modal::new(Id::unique("muscat-file-browser")).show(ctx, |ui| {
            ui.set_width(560.0);
            ui.heading(match &b.purpose {
                super::files::Purpose::Open => "Open scenario",
                super::files::Purpose::CompareWith => "Compare with scenario",
                super::files::Purpose::SaveAs(_) => "Save scenario as",
                super::files::Purpose::ExportChart(_) => "Export chart",
                super::files::Purpose::ExportFolder => "Choose a folder to export into",
                super::files::Purpose::ExportPdf(super::files::PdfKind::Deck) => {
                    "Export deck as PDF"
                }
                super::files::Purpose::ExportPdf(super::files::PdfKind::Brief(_)) => {
                    "Export brief as PDF"
                }
            });
            ui.horizontal(|ui| {
                if ui
                    .button("↑ Up")
                    .on_hover_text("The folder above")
                    .clicked()
                    && let Some(parent) = b.dir.parent()
                {
                    go = Some(parent.to_owned());
                }
                let label = ui.label("Folder:");
                let r = ui
                    .add(egui::TextEdit::singleline(&mut b.dir_text).desired_width(f32::INFINITY))
                    .labelled_by(label.id);
                if r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                    go = Some(std::path::PathBuf::from(b.dir_text.trim()));
                }
            });
            if let Some(e) = &b.error {
                ui.colored_label(ui.visuals().error_fg_color, e);
            }
            egui::ScrollArea::vertical()
                .max_height(300.0)
                .auto_shrink([false, false])
                .show(ui, |ui| {
                    for e in b.entries.clone() {
                        let text = if e.dir {
                            format!("▸ {}/", e.name)
                        } else {
                            format!("   {}", e.name)
                        };
                        let selected = !e.dir && b.name == e.name;
                        let r = ui.selectable_label(selected, text);
                        if r.clicked() {
                            if e.dir {
                                go = Some(b.dir.join(&e.name));
                            } else {
                                b.name = e.name.clone();
                            }
                        }
                        if r.double_clicked() && !e.dir {
                            done = Some(Some(b.dir.join(&e.name)));
                        }
                    }
                    if b.entries.is_empty() && b.error.is_none() {
                        ui.weak("No matching files here.");
                    }
                });
            if !b.purpose.wants_folder() {
                ui.horizontal(|ui| {
                    let label = ui.label("File name:");
                    let r = ui
                        .add(
                            egui::TextEdit::singleline(&mut b.name)
                                .hint_text("a name, or a whole path")
                                .desired_width(f32::INFINITY),
                        )
                        .labelled_by(label.id)
                        .on_hover_text("Type or paste a name or a whole path; Enter to accept");
                    // Enter on a folder's path opens it; on a file's, accepts it.
                    if r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                        match b.result() {
                            Some(p) if p.is_dir() => {
                                go = Some(p);
                                b.name.clear();
                            }
                            Some(p) => done = Some(Some(p)),
                            None => {}
                        }
                    }
                });
            }
            ui.horizontal(|ui| {
                let ok_text = match &b.purpose {
                    super::files::Purpose::Open => "Open",
                    super::files::Purpose::CompareWith => "Compare",
                    super::files::Purpose::SaveAs(_) => "Save",
                    super::files::Purpose::ExportChart(_)
                    | super::files::Purpose::ExportFolder
                    | super::files::Purpose::ExportPdf(_) => "Export",
                };
                let result = b.result();
                if ui
                    .add_enabled(result.is_some(), egui::Button::new(ok_text))
                    .clicked()
                {
                    done = Some(result);
                }
                if ui.button("Cancel").clicked() {
                    done = Some(None);
                }
            });
        });
        // Esc, or a click outside, is Cancel.
        if done.is_none() && modal.should_close() {
            done = Some(None);
        }
        if let Some(dir) = go {
            b.go(dir);
        }
        if let Some(picked) = done {
            self.files.browser_done(picked);
        }
    }
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

/// A destructive button and Cancel: `Some(true)` confirmed, `Some(false)` cancelled.
fn confirm_buttons(ui: &mut egui::Ui, label: &str) -> Option<bool> {
    ui.add_space(8.0);
    let mut answer = None;
    ui.horizontal(|ui| {
        if ui
            .button(RichText::new(label).color(ui.visuals().error_fg_color))
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
