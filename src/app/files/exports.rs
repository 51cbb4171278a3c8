//! Exports from the window, each in the background as the one running job (`app::jobs`), and
//! the job's end: a notice, the error dialog, or the question before replacing files.

use super::ChartFormat;
use crate::app::jobs::{Finished, Job, Kind};
use crate::app::{Dialog, MuscatApp};
use std::path::Path;
use std::sync::Arc;

impl MuscatApp {
    /// Simulations of the base scenario for exports of the whole document: the ones on screen
    /// where they are of the base, the rest run as needed.
    fn export_simulations(&self) -> crate::export::Simulations {
        if self.results.view.is_some() {
            return crate::export::Simulations::new(self.doc.scenario());
        }
        self.screen_simulations()
    }

    /// Simulations of what is on screen (the selected view's): the ones that have run, the rest
    /// run as needed.
    fn screen_simulations(&self) -> crate::export::Simulations {
        let mut sims = crate::export::Simulations::of(
            std::sync::Arc::clone(&self.results.expected),
            self.doc.scenario().header.seed,
        );
        if let Some(m) = self.current_mc().filter(|m| m.complete) {
            sims.keep((*m.summary).clone());
            if let Some(second) = &m.second {
                sims.keep_second((**second).clone());
            }
        }
        sims
    }

    /// Export the chart on screen as SVG or PNG, in the background.
    pub fn export_chart(&mut self, ctx: &egui::Context, format: ChartFormat, path: &Path) {
        let base = self.doc.scenario();
        let spec = crate::view::spec_for_view(base, &self.view);
        // The chart as on screen: the selected view's, except the compare chart, which resolves
        // every view from the base.
        let compare = spec.kind == crate::model::ChartKind::Compare;
        let s = match &self.results.scenario {
            Some(view) if !compare => Arc::clone(view),
            _ => Arc::new(base.clone()),
        };
        let tag = (self.results.view.as_deref())
            .filter(|_| !compare)
            .map(|id| base.view_name(Some(id)));
        let mut sims = self.screen_simulations();
        let expected = Arc::clone(&self.results.expected);
        let f = match format {
            ChartFormat::Svg => crate::export::ExportFormat::Svg,
            ChartFormat::Png => crate::export::ExportFormat::Png,
        };
        let mut path = path.to_owned();
        if path.extension().is_none() {
            path.set_extension(format.ext());
        }
        self.start_job(ctx, Kind::Export, exporting(&path), move |progress| {
            progress.set_total(1);
            let mut chart = crate::charts::build(&s, &expected, sims.for_spec(&spec), &spec);
            if let Some(name) = tag {
                crate::charts::tag_view(&mut chart, &name);
            }
            if progress.is_cancelled() {
                return Finished::Cancelled;
            }
            match crate::export::write_chart(&chart, f, &path) {
                Ok(()) => Finished::Done(format!("Exported {}", path.display())),
                Err(e) => Finished::Failed(e.to_string()),
            }
        });
    }

    /// Write the deck or the brief as a PDF, in the background.
    pub fn export_pdf(&mut self, ctx: &egui::Context, kind: super::PdfKind, path: &Path) {
        let mut path = path.to_owned();
        if path.extension().is_none() {
            path.set_extension("pdf");
        }
        let s = self.doc.scenario().clone();
        let spec = crate::view::spec_for_view(&s, &self.view);
        let mut sims = self.export_simulations();
        self.start_job(ctx, Kind::Export, exporting(&path), move |progress| {
            progress.set_total(1);
            let items = crate::export::items(&s, &mut sims);
            if progress.is_cancelled() {
                return Finished::Cancelled;
            }
            let bytes = match kind {
                super::PdfKind::Deck => crate::export::pdf::deck(&s, &items),
                super::PdfKind::Brief(paper) => {
                    let expected = sims.expected_arc();
                    crate::export::pdf::brief(&s, &expected, sims.for_spec(&spec), &items, paper)
                }
            };
            // The last moment to stop: nothing has been written yet.
            if progress.is_cancelled() {
                return Finished::Cancelled;
            }
            let written = bytes
                .map_err(|e| format!("cannot export {}: {e}", path.display()))
                .and_then(|b| {
                    crate::io::write_atomic(&path, &b, false).map_err(|e| {
                        format!(
                            "cannot export {}: {}. Nothing was written.",
                            path.display(),
                            e.reason
                        )
                    })
                });
            match written {
                Ok(()) => Finished::Done(format!("Exported {}", path.display())),
                Err(e) => Finished::Failed(e),
            }
        });
    }

    /// Export every slide and the brief into a folder, asking before replacing files.
    pub fn export_all(&mut self, ctx: &egui::Context, dir: &Path) {
        self.export_all_with(ctx, dir, false);
    }

    /// Export into a folder, in the background; with `force`, existing files are replaced.
    pub fn export_all_with(&mut self, ctx: &egui::Context, dir: &Path, force: bool) {
        use crate::export::{ExportError, ExportFormat, Options, export_with, pdf::Paper};
        let s = self.doc.scenario().clone();
        let mut sims = self.export_simulations();
        let dir = dir.to_owned();
        let label = format!("Exporting to {}", dir.display());
        self.start_job(ctx, Kind::Export, label, move |progress| {
            let options = Options {
                formats: vec![
                    ExportFormat::Svg,
                    ExportFormat::Png,
                    ExportFormat::Html,
                    ExportFormat::Pdf,
                ],
                force,
                paper: Paper::A4,
                progress: progress.clone(),
            };
            match export_with(&s, &mut sims, &dir, &options) {
                Ok(written) => Finished::Done(format!(
                    "Exported {} files to {}",
                    written.len(),
                    dir.display()
                )),
                Err(ExportError::Exists(files)) => Finished::Exists {
                    dir: dir.clone(),
                    files: files.len(),
                },
                Err(ExportError::Cancelled) => Finished::Cancelled,
                Err(e) => Finished::Failed(e.to_string()),
            }
        });
    }

    /// Run `work` in the background as the one job, unless one is running already.
    pub(crate) fn start_job(
        &mut self,
        ctx: &egui::Context,
        kind: Kind,
        label: String,
        work: impl FnOnce(&crate::export::Progress) -> Finished + Send + 'static,
    ) {
        if let Some(job) = &self.job {
            let text = format!("{} is still running: wait for it, or cancel it", job.label);
            self.notify(ctx, text, true);
            return;
        }
        match Job::spawn(ctx, kind, label, work) {
            Ok(job) => self.job = Some(job),
            Err(e) => self.dialog = Some(Dialog::SaveFailed(e)),
        }
    }

    /// Take the running job's result once it has one.
    pub fn poll_job(&mut self, ctx: &egui::Context) {
        let Some(finished) = self.job.as_ref().and_then(Job::poll) else {
            if self.job.is_some() {
                ctx.request_repaint_after(std::time::Duration::from_millis(100));
            }
            return;
        };
        let kind = self.job.take().map_or(Kind::Export, |j| j.kind);
        match finished {
            Finished::Done(text) => self.notify(ctx, text, false),
            Finished::Failed(e) => {
                super::super::log_error(&e);
                self.dialog = Some(Dialog::SaveFailed(e));
            }
            Finished::Exists { dir, files } => {
                self.dialog = Some(Dialog::ConfirmOverwrite { dir, files });
            }
            Finished::Opened { path, loaded } => self.opened(ctx, &path, *loaded),
            Finished::ReadToCompare { path, loaded } => self.compare_read(path, *loaded),
            Finished::Saved { path, state, then } => self.saved(ctx, path, state, then),
            Finished::ChangedOnDisk { path, then } => {
                self.dialog = Some(Dialog::ChangedOnDisk { path, then });
            }
            Finished::OpenFailed(e) if kind == Kind::Compare => {
                super::super::log_error(&e.to_string());
                self.dialog = Some(Dialog::LoadFailed(*e));
            }
            Finished::OpenFailed(e) => self.open_failed(*e),
            Finished::Cancelled => self.notify(ctx, kind.cancelled(), false),
        }
        if std::mem::take(&mut self.close_after_job) {
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
    }
}

/// The progress bar's label for an export to `path`.
fn exporting(path: &Path) -> String {
    format!("Exporting {}", file_name(path))
}

/// A path's file name, or the whole path where it has none.
pub(crate) fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}
