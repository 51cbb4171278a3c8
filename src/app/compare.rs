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
    /// A key of this comparison (a fresh one per file read), for the analysis service.
    id: u64,
    /// What changed and how the numbers moved: for the document's current state when
    /// `current`, else the last worked out while the current one is.
    pub shown: Option<Arc<FileDiff>>,
    /// Whether `shown` is for the document's current state.
    pub current: bool,
}

/// The comparison of the document with the other file, for one document state.
pub struct FileDiff {
    /// What changed from the document to the other file.
    pub differences: Vec<Difference>,
    /// How the expected values moved from the document to the other file.
    pub moved: Vec<Moved>,
    /// The two files' expected values side by side, for the indicator shown.
    pub chart: crate::charts::Chart,
}

/// Branches on both sides worked out on the UI thread; past them a comparison (two expected
/// values and a diff) takes a thread of its own.
const UI_THREAD_BRANCHES: usize = 4_000;

impl MuscatApp {
    /// Read `path` (off the UI thread, with Cancel) to open it beside the document for
    /// comparison; a file that cannot be read is reported and nothing else changes.
    pub fn compare_with(&mut self, ctx: &egui::Context, path: &Path) {
        let path = path.to_owned();
        let label = format!("Reading {} to compare", super::files::file_name(&path));
        self.start_job(ctx, super::jobs::Kind::Compare, label, move |progress| {
            let read = crate::io::load_file(&path);
            if progress.is_cancelled() {
                return super::jobs::Finished::Cancelled;
            }
            match read {
                Ok(loaded) => super::jobs::Finished::ReadToCompare {
                    path,
                    loaded: Box::new(loaded),
                },
                Err(e) => super::jobs::Finished::OpenFailed(Box::new(e)),
            }
        });
    }

    /// A file was read to compare with: open the comparison window on it.
    pub(super) fn compare_read(&mut self, path: PathBuf, loaded: crate::io::Loaded) {
        self.compare = Some(FileComparison {
            path,
            other: Arc::new(loaded.scenario),
            id: crate::edit::next_state(),
            shown: None,
            current: false,
        });
        self.refresh_comparison();
    }

    /// Ask the analysis service for the comparison of the document's current state.
    pub(super) fn refresh_comparison(&mut self) {
        let Some(c) = &mut self.compare else {
            return;
        };
        let s = self.doc.scenario();
        let state = self.doc.state();
        let indicator = self.view.indicator_index(s);
        let this = self.doc.display_name();
        let other_name = super::files::file_name(&c.path);
        let key = crate::view::analysis::key_of(&(state, c.id, indicator, &this));
        let inline = s.branches.len() + c.other.branches.len() <= UI_THREAD_BRANCHES;
        let answer = self.analyses.get("compare-with-file", key, inline, || {
            let (a, b) = (self.analyses.snapshot(state, s), Arc::clone(&c.other));
            Box::new(move |_stop: &std::sync::atomic::AtomicBool| {
                Some(FileDiff {
                    differences: crate::model::diff::differences(&a, &b),
                    moved: crate::engine::compare::moved(&a, &b),
                    chart: crate::charts::files_chart(&a, &this, &b, &other_name, indicator),
                })
            })
        });
        c.current = answer.current;
        if answer.value.is_some() {
            c.shown = answer.value;
        }
    }

    /// The comparison window, while one is open.
    pub(super) fn comparison_ui(&mut self, ctx: &egui::Context) {
        let Some(c) = &self.compare else {
            return;
        };
        let mut open = true;
        let this = self.doc.display_name();
        let other = super::files::file_name(&c.path);
        let p = Palette::current(ctx);
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
                // One line that is always there, so nothing moves when an update starts.
                ui.horizontal(|ui| {
                    let (slot, _) =
                        ui.allocate_exact_size(egui::vec2(14.0, 14.0), egui::Sense::hover());
                    if !c.current {
                        egui::Spinner::new().size(14.0).paint_at(ui, slot);
                        let what = if c.shown.is_some() {
                            "Comparing the latest changes: the last comparison is shown"
                        } else {
                            "Comparing…"
                        };
                        ui.label(RichText::new(what).weak());
                    } else {
                        ui.label(RichText::new("Up to date with the open document").weak());
                    }
                });
                let Some(d) = &c.shown else {
                    return;
                };
                ui.columns(2, |cols| {
                    changes_ui(&mut cols[0], &d.differences, p);
                    moved_ui(&mut cols[1], &d.moved, p);
                });
                ui.separator();
                let look = ChartLook {
                    scale: 1.0,
                    min_scale: 0.7,
                    with_title: true,
                    simulated: false,
                };
                ui.push_id("compare-file-chart", |ui| {
                    draw_chart(ui, &d.chart, p, look);
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
