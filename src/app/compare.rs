//! File → Compare with File…: another scenario beside the open one, read-only, with what changed
//! by id and how the expected values moved, as a table and the compare chart.

use super::MuscatApp;
use crate::charts::{fmt_num, signed};
use crate::engine::compare::Moved;
use crate::model::Scenario;
use crate::model::diff::Difference;
use crate::ui::charts::{ChartLook, draw_chart};
use crate::ui::theme::Palette;
use egui::{RichText, Ui};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Another scenario opened beside the document, read-only.
pub struct FileComparison {
    /// Where it came from.
    pub path: PathBuf,
    /// The other scenario.
    pub other: Arc<Scenario>,
    /// The document state the differences were worked out for.
    pub state: u64,
    /// What changed from the document to the other file.
    pub differences: Vec<Difference>,
    /// How the expected values moved from the document to the other file.
    pub moved: Vec<Moved>,
}

impl MuscatApp {
    /// Open `path` beside the document for comparison; a file that cannot be read is reported
    /// and nothing else changes.
    pub fn compare_with(&mut self, path: &Path) {
        match crate::io::load_file(path) {
            Ok(loaded) => {
                self.compare = Some(FileComparison {
                    path: path.to_owned(),
                    other: Arc::new(loaded.scenario),
                    state: 0,
                    differences: Vec::new(),
                    moved: Vec::new(),
                });
                self.refresh_comparison();
            }
            Err(e) => {
                super::log_error(&e.to_string());
                self.dialog = Some(super::Dialog::LoadFailed(e));
            }
        }
    }

    /// Work the comparison out again if the document changed since.
    pub(super) fn refresh_comparison(&mut self) {
        let state = self.doc.state();
        let s = self.doc.scenario();
        if let Some(c) = &mut self.compare
            && c.state != state
        {
            c.differences = crate::model::diff::differences(s, &c.other);
            c.moved = crate::engine::compare::moved(s, &c.other);
            c.state = state;
        }
    }

    /// The comparison window, while one is open.
    pub(super) fn comparison_ui(&mut self, ctx: &egui::Context) {
        let Some(c) = &self.compare else {
            return;
        };
        let mut open = true;
        let this = self.doc.display_name();
        let other = c.path.file_name().map_or_else(
            || c.path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        let p = Palette::current(ctx);
        let indicator = self.view.indicator_index(self.doc.scenario());
        let screen = ctx.content_rect();
        egui::Window::new(format!("Compare with {other}"))
            .id(egui::Id::unique("compare-with-file"))
            .open(&mut open)
            .default_size([screen.width() * 0.7, screen.height() * 0.8])
            .max_size(screen.size() * 0.95)
            .resizable(true)
            .collapsible(false)
            .show(ctx, |ui| {
                ui.label(
                    RichText::new(format!(
                        "{this} → {} (read-only). Close this window to go back.",
                        c.path.display()
                    ))
                    .weak(),
                );
                ui.columns(2, |cols| {
                    changes_ui(&mut cols[0], &c.differences, p);
                    moved_ui(&mut cols[1], &c.moved, p);
                });
                ui.separator();
                let chart = crate::charts::files_chart(
                    self.doc.scenario(),
                    &this,
                    &c.other,
                    &other,
                    indicator,
                );
                let look = ChartLook {
                    scale: 1.0,
                    min_scale: 0.7,
                    with_title: true,
                    simulated: false,
                };
                ui.push_id("compare-file-chart", |ui| {
                    draw_chart(ui, &chart, p, look);
                });
            });
        let esc = ctx.input(|i| i.key_pressed(egui::Key::Escape))
            && self.dialog.is_none()
            && ctx.memory(|m| m.focused().is_none());
        if !open || esc {
            self.compare = None;
        }
    }
}

fn changes_ui(ui: &mut Ui, diffs: &[Difference], p: Palette) {
    ui.label(
        RichText::new(match diffs.len() {
            0 => "No changes: the same scenario".to_owned(),
            1 => "1 change".to_owned(),
            n => format!("{n} changes"),
        })
        .strong(),
    );
    egui::ScrollArea::vertical()
        .id_salt("compare-changes")
        .max_height(220.0)
        .show(ui, |ui| {
            egui::Grid::new("compare-changes-grid")
                .striped(true)
                .num_columns(3)
                .show(ui, |ui| {
                    for d in diffs {
                        let colour = match d.kind {
                            crate::model::diff::DiffKind::Added => p.better,
                            crate::model::diff::DiffKind::Removed => p.worse,
                            _ => p.text,
                        };
                        ui.label(RichText::new(d.kind.word()).color(colour));
                        ui.label(format!("{} {}", d.what, d.id));
                        let value = match (&d.before, &d.after) {
                            (Some(b), Some(a)) => format!("{b} → {a}"),
                            (Some(b), None) => b.clone(),
                            (None, Some(a)) => a.clone(),
                            (None, None) => String::new(),
                        };
                        ui.add(egui::Label::new(value).wrap());
                        ui.end_row();
                    }
                });
        });
}

fn moved_ui(ui: &mut Ui, moved: &[Moved], p: Palette) {
    ui.label(RichText::new("Expected values at the horizon").strong());
    egui::ScrollArea::vertical()
        .id_salt("compare-moved")
        .max_height(220.0)
        .show(ui, |ui| {
            egui::Grid::new("compare-moved-grid")
                .striped(true)
                .num_columns(4)
                .show(ui, |ui| {
                    for h in ["Region", "Before", "After", "Change"] {
                        ui.label(RichText::new(h).strong());
                    }
                    ui.end_row();
                    for m in moved {
                        let composite = m.indicator == "composite";
                        if composite {
                            ui.label(RichText::new(&m.region_name).strong());
                        } else {
                            ui.label(RichText::new(format!("   {}", m.indicator_name)).small());
                        }
                        ui.label(fmt_num(m.before));
                        ui.label(fmt_num(m.after));
                        let (text, colour) = match (m.alert_before, m.alert_after) {
                            (false, true) => ("⚠ enters alert", p.warning),
                            (true, false) => ("leaves alert", p.better),
                            _ => ("", p.text),
                        };
                        ui.label(
                            RichText::new(format!("{} {text}", signed(m.difference())))
                                .color(colour),
                        );
                        ui.end_row();
                    }
                });
        });
}
