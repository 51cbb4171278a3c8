//! Muscat's own file browser, drawn: the folder row, the folder's entries, the file name and
//! the buttons. `Browser` keeps its state; each part reports where to go or what was picked.

use super::{Browser, PdfKind, Purpose};
use crate::app::MuscatApp;
use egui::{Id, Modal};
use std::path::PathBuf;

/// What the user did in the browser this frame.
#[derive(Default)]
struct Moves {
    /// A folder to show instead.
    go: Option<PathBuf>,
    /// The browser is done: with a path picked, or `None` for Cancel.
    done: Option<Option<PathBuf>>,
}

impl MuscatApp {
    /// Show the file browser, if one is open.
    pub(in crate::app) fn browser_ui(&mut self, ctx: &egui::Context) {
        let Some(b) = self.files.browser.as_mut() else {
            return;
        };
        let mut moves = Moves::default();
        let modal = Modal::new(Id::unique("muscat-file-browser")).show(ctx, |ui| {
            ui.set_width(560.0);
            ui.heading(heading(&b.purpose));
            folder_row(ui, b, &mut moves);
            if let Some(e) = &b.error {
                ui.colored_label(ui.visuals().error_fg_color, e);
            }
            entries(ui, b, &mut moves);
            if !b.purpose.wants_folder() {
                name_row(ui, b, &mut moves);
            }
            buttons(ui, b, &mut moves);
        });
        // Esc, or a click outside, is Cancel.
        if moves.done.is_none() && modal.should_close() {
            moves.done = Some(None);
        }
        if let Some(dir) = moves.go {
            b.go(dir);
        }
        if let Some(picked) = moves.done {
            self.files.browser_done(picked);
        }
    }
}

fn heading(purpose: &Purpose) -> &'static str {
    match purpose {
        Purpose::Open => "Open scenario",
        Purpose::CompareWith => "Compare with scenario",
        Purpose::SaveAs(_) => "Save scenario as",
        Purpose::ExportChart(_) => "Export chart",
        Purpose::ExportFolder => "Choose a folder to export into",
        Purpose::ExportPdf(PdfKind::Deck) => "Export deck as PDF",
        Purpose::ExportPdf(PdfKind::Brief(_)) => "Export brief as PDF",
    }
}

/// Up, and the folder's path, which Enter opens.
fn folder_row(ui: &mut egui::Ui, b: &mut Browser, moves: &mut Moves) {
    ui.horizontal(|ui| {
        if ui
            .button("↑ Up")
            .on_hover_text("The folder above")
            .clicked()
            && let Some(parent) = b.dir.parent()
        {
            moves.go = Some(parent.to_owned());
        }
        let label = ui.label("Folder:");
        let r = ui
            .add(egui::TextEdit::singleline(&mut b.dir_text).desired_width(f32::INFINITY))
            .labelled_by(label.id);
        if r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
            moves.go = Some(PathBuf::from(b.dir_text.trim()));
        }
    });
}

/// The folder's entries: a click opens a folder or picks a file, a double click accepts it.
fn entries(ui: &mut egui::Ui, b: &mut Browser, moves: &mut Moves) {
    egui::ScrollArea::vertical()
        .max_height(300.0)
        .auto_shrink([false, false])
        .show(ui, |ui| {
            for e in &b.entries {
                let text = if e.dir {
                    format!("▸ {}/", e.name)
                } else {
                    format!("   {}", e.name)
                };
                let selected = !e.dir && b.name == e.name;
                let r = ui.selectable_label(selected, text);
                if r.clicked() {
                    if e.dir {
                        moves.go = Some(b.dir.join(&e.name));
                    } else {
                        b.name.clone_from(&e.name);
                    }
                }
                if r.double_clicked() && !e.dir {
                    moves.done = Some(Some(b.dir.join(&e.name)));
                }
            }
            if b.entries.is_empty() && b.error.is_none() {
                ui.weak("No matching files here.");
            }
        });
}

/// The file name, or a whole path: Enter on a folder's path opens it, on a file's accepts it.
fn name_row(ui: &mut egui::Ui, b: &mut Browser, moves: &mut Moves) {
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
        if r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
            match b.result() {
                Some(p) if p.is_dir() => {
                    moves.go = Some(p);
                    b.name.clear();
                }
                Some(p) => moves.done = Some(Some(p)),
                None => {}
            }
        }
    });
}

/// The purpose's button, enabled once there is something to accept, and Cancel.
fn buttons(ui: &mut egui::Ui, b: &Browser, moves: &mut Moves) {
    ui.horizontal(|ui| {
        let ok_text = match &b.purpose {
            Purpose::Open => "Open",
            Purpose::CompareWith => "Compare",
            Purpose::SaveAs(_) => "Save",
            Purpose::ExportChart(_) | Purpose::ExportFolder | Purpose::ExportPdf(_) => "Export",
        };
        let result = b.result();
        if ui
            .add_enabled(result.is_some(), egui::Button::new(ok_text))
            .clicked()
        {
            moves.done = Some(result);
        }
        if ui.button("Cancel").clicked() {
            moves.done = Some(None);
        }
    });
}
