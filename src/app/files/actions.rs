//! The app's file actions: open, save, guard unsaved changes, autosave and restore, close and
//! dropped files. Exports are in `exports.rs`.

use super::{
    AUTOSAVE_SECONDS, Outcome, Pending, Purpose, Recovery, discard_recovery, find_recoveries,
    write_recovery,
};
use crate::app::jobs::{Finished, Kind};
use crate::app::{Dialog, Document, MuscatApp};
use crate::io;
use std::path::{Path, PathBuf};
use std::sync::mpsc::channel;
use std::time::Duration;

/// How long a save waits for another writer of the same file before it says so.
const SAVE_LOCK_WAIT: Duration = Duration::from_secs(2);
/// Seconds between looks at whether the open file changed on disk.
const DISK_CHECK_SECONDS: f64 = 2.0;

impl MuscatApp {
    /// Do `then`, asking first if there are unsaved changes.
    pub fn guard_unsaved(&mut self, then: Pending) {
        if self.doc.dirty() {
            self.dialog = Some(Dialog::UnsavedChanges { then });
        } else {
            self.carry_on(then);
        }
    }

    /// Do what was waiting, now that unsaved changes are dealt with.
    pub fn carry_on(&mut self, then: Pending) {
        let ctx = self.ctx();
        match then {
            Pending::OpenDialog => self.files.ask(&self.prefs, Purpose::Open, ""),
            Pending::OpenPath(p) => self.open_path(&ctx, &p),
            Pending::NewFrom(file) => match io::load_bundled(file) {
                Ok(l) => {
                    self.files.clear_recovery();
                    self.replace_document(Document::new(l.scenario, None));
                }
                Err(e) => self.dialog = Some(Dialog::LoadFailed(e)),
            },
            Pending::Close => {
                self.files.clear_recovery();
                self.allow_close = true;
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            }
            Pending::Revert => {
                if let Some(p) = self.doc.path.clone() {
                    self.open_path(&ctx, &p);
                }
            }
        }
    }

    fn ctx(&self) -> egui::Context {
        self.egui_ctx.clone()
    }

    /// Open a scenario file in the background: the window keeps drawing, with a box that says so
    /// and offers Cancel. A file that cannot be loaded is reported and the open document stays
    /// as it was.
    pub fn open_path(&mut self, ctx: &egui::Context, path: &Path) {
        let path = path.to_owned();
        let label = format!("Opening {}", super::exports::file_name(&path));
        self.start_job(ctx, Kind::Open, label, move |progress| {
            let read = io::load_file(&path);
            if progress.is_cancelled() {
                return Finished::Cancelled;
            }
            match read {
                Ok(loaded) => Finished::Opened {
                    path,
                    loaded: Box::new(loaded),
                },
                Err(e) => Finished::OpenFailed(Box::new(e)),
            }
        });
    }

    /// Open a scenario file now, before the window first draws (the file named on the command
    /// line).
    pub fn open_now(&mut self, ctx: &egui::Context, path: &Path) {
        match io::load_file(path) {
            Ok(loaded) => self.opened(ctx, path, loaded),
            Err(e) => self.open_failed(e),
        }
    }

    /// A file was read: it becomes the document.
    pub(super) fn opened(&mut self, ctx: &egui::Context, path: &Path, loaded: io::Loaded) {
        self.files.clear_recovery();
        self.prefs.add_recent(path);
        let name = path.display().to_string();
        self.replace_document(Document::new(loaded.scenario, Some(path.to_owned())));
        if let Some(v) = loaded.migrated_from {
            self.notify(
                ctx,
                format!(
                    "{name} was written in format version {v}; it was migrated, and saving writes version {}",
                    io::FORMAT_VERSION
                ),
                false,
            );
        }
        if !loaded.warnings.is_empty() {
            self.notify(
                ctx,
                format!(
                    "Opened {name} with {} warning{}: see Problems in the status bar",
                    loaded.warnings.len(),
                    if loaded.warnings.len() == 1 { "" } else { "s" }
                ),
                false,
            );
        }
    }

    pub(super) fn open_failed(&mut self, e: io::LoadError) {
        crate::app::log_error(&e.to_string());
        self.dialog = Some(Dialog::LoadFailed(e));
    }

    /// Save; `as_new` (or no file yet) asks for a path first.
    pub fn save(&mut self, ctx: &egui::Context, as_new: bool) {
        match (&self.doc.path, as_new) {
            (Some(p), false) => {
                let p = p.clone();
                self.write_to(ctx, &p);
            }
            _ => self.ask_save_as(None),
        }
    }

    fn ask_save_as(&mut self, then: Option<Pending>) {
        let name = self
            .doc
            .path
            .as_ref()
            .and_then(|p| p.file_name())
            .map_or_else(
                || {
                    format!(
                        "{}.ron",
                        self.doc
                            .scenario()
                            .fresh_id(&self.doc.scenario().header.title)
                    )
                },
                |n| n.to_string_lossy().into_owned(),
            );
        self.files.ask(&self.prefs, Purpose::SaveAs(then), &name);
    }

    /// Save, then carry on with `then` (from the unsaved-changes dialog).
    pub fn save_then(&mut self, ctx: &egui::Context, then: Pending) {
        match self.doc.path.clone() {
            Some(p) => self.write_checked(ctx, &p, false, Some(then)),
            None => self.ask_save_as(Some(then)),
        }
    }

    /// Save to `path`, off the UI thread; once saved, "Saved …" shows.
    pub fn write_to(&mut self, ctx: &egui::Context, path: &Path) {
        self.write_checked(ctx, path, false, None);
    }

    /// Save the document as it is now to `path` on a thread of its own, then carry on with
    /// `then`. With `replace_theirs`, a file changed on disk is replaced without asking; else
    /// the planner is asked first. Editing goes on meanwhile; what changes after this call
    /// stays unsaved.
    pub fn write_checked(
        &mut self,
        ctx: &egui::Context,
        path: &Path,
        replace_theirs: bool,
        then: Option<Pending>,
    ) {
        let state = self.doc.state();
        let scenario = self.analyses.snapshot(state, self.doc.scenario());
        let own = self.doc.path.as_deref() == Some(path);
        // What the file looked like when opened or last saved, and the version the planner
        // chose to keep theirs over: compared on disk under the lock.
        let (known, kept) = (self.doc.disk.clone(), self.disk_kept.clone());
        let path = path.to_owned();
        let label = format!("Saving {}", super::exports::file_name(&path));
        self.start_job(ctx, Kind::Save, label, move |progress| {
            // Held from the check to the rename, so another Muscat (or `muscat observe`) that
            // writes the same file waits for this save, and this one for it.
            let _lock = match io::lock_for_update(&path, SAVE_LOCK_WAIT) {
                Ok(lock) => lock,
                Err(e) => return Finished::Failed(e.to_string()),
            };
            if own && !replace_theirs {
                let now = io::DiskStamp::of(&path);
                if now.is_some() && now != known && now != kept {
                    return Finished::ChangedOnDisk { path, then };
                }
            }
            match io::save_file_unless(&path, &scenario, &|| progress.is_cancelled()) {
                Ok(true) => Finished::Saved { path, state, then },
                Ok(false) => Finished::Cancelled,
                Err(e) => Finished::Failed(e.to_string()),
            }
        });
    }

    /// A save finished: the file holds the document as it was at `state`.
    pub(super) fn saved(
        &mut self,
        ctx: &egui::Context,
        path: PathBuf,
        state: u64,
        then: Option<Pending>,
    ) {
        self.doc.mark_saved_at(path.clone(), state);
        self.disk_kept = None;
        self.prefs.add_recent(&path);
        if !self.doc.dirty() {
            self.files.clear_recovery();
        }
        self.notify(ctx, format!("Saved {}", path.display()), false);
        if let Some(then) = then {
            self.carry_on(then);
        }
    }

    /// Act on a picked path.
    pub fn handle_file_outcome(&mut self, ctx: &egui::Context, outcome: Outcome) {
        match outcome {
            Outcome::NoNativeDialog => self.notify(
                ctx,
                "No system file dialog is available (no desktop portal or zenity), so Muscat's own file browser opened. View → File Dialogs chooses.",
                false,
            ),
            Outcome::Picked(purpose, path) => {
                self.prefs.last_dir = path
                    .parent()
                    .map(Path::to_owned)
                    .filter(|p| !p.as_os_str().is_empty());
                match purpose {
                    Purpose::Open => self.open_path(ctx, &path),
                    Purpose::CompareWith => self.compare_with(ctx, &path),
                    Purpose::SaveAs(then) => self.write_checked(ctx, &path, false, then),
                    Purpose::ExportChart(format) => self.export_chart(ctx, format, &path),
                    Purpose::ExportFolder => self.export_all(ctx, &path),
                    Purpose::ExportPdf(kind) => self.export_pdf(ctx, kind, &path),
                }
            }
        }
    }

    /// Every few seconds, look whether the open file changed on disk since it was opened or
    /// saved; if it did, the window says so until the planner reloads or keeps their version.
    pub fn watch_disk(&mut self, ctx: &egui::Context) {
        let now = ctx.input(|i| i.time);
        if now - self.disk_checked_at < DISK_CHECK_SECONDS && self.disk_checked_at > 0.0 {
            return;
        }
        self.disk_checked_at = now;
        self.disk_changed = self
            .doc
            .changed_on_disk()
            .filter(|stamp| self.disk_kept.as_ref() != Some(stamp));
        ctx.request_repaint_after(Duration::from_secs_f64(DISK_CHECK_SECONDS));
    }

    /// Keep this version over the one on disk: no more warnings until it changes again, and
    /// Save replaces it without asking.
    pub fn keep_mine(&mut self) {
        self.disk_kept = self.disk_changed.take();
    }

    /// Write a recovery copy every few seconds while there are unsaved changes.
    pub fn autosave(&mut self, ctx: &egui::Context) {
        if let Some(rx) = &self.files.autosave_job {
            match rx.try_recv() {
                Ok(Err(e)) => {
                    self.files.autosave_job = None;
                    self.notify(ctx, format!("Could not write the recovery copy: {e}"), true);
                }
                Ok(Ok(())) | Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                    self.files.autosave_job = None;
                }
                Err(std::sync::mpsc::TryRecvError::Empty) => return,
            }
        }
        if !self.doc.dirty() {
            if self.files.recovery_state.is_some() {
                self.files.clear_recovery();
            }
            return;
        }
        let now = ctx.input(|i| i.time);
        if self.files.recovery_state == Some(self.doc.state()) {
            return;
        }
        if now - self.files.last_autosave < AUTOSAVE_SECONDS && self.files.recovery_state.is_some()
        {
            ctx.request_repaint_after(Duration::from_secs_f64(AUTOSAVE_SECONDS));
            return;
        }
        let Some(file) = self.files.recovery_file() else {
            return;
        };
        self.files.last_autosave = now;
        self.files.recovery_state = Some(self.doc.state());
        // Serialise and write off the UI thread: large scenarios take a while.
        let scenario = self.doc.scenario().clone();
        let original = self
            .doc
            .path
            .as_ref()
            .map(|p| p.display().to_string())
            .unwrap_or_default();
        let (tx, rx) = channel();
        self.files.autosave_job = Some(rx);
        let _ = std::thread::Builder::new()
            .name("muscat-autosave".into())
            .spawn(move || {
                crate::view::analysis::in_background();
                let r = write_recovery(&file, &scenario, &original);
                let _ = tx.send(r);
            });
        ctx.request_repaint_after(Duration::from_secs_f64(AUTOSAVE_SECONDS));
    }

    /// Offer to restore work a previous Muscat did not save.
    pub fn offer_recovery(&mut self) {
        let Some(dir) = self.files.recovery_dir.clone() else {
            return;
        };
        if let Some(r) = find_recoveries(&dir).into_iter().next() {
            self.dialog = Some(Dialog::Recover(r));
        }
    }

    /// Restore a recovery copy as the open document (with unsaved changes).
    pub fn restore(&mut self, r: &Recovery) {
        let ctx = self.ctx();
        match io::load_file(&r.file) {
            Ok(loaded) => {
                let original = r.original.clone();
                self.replace_document(Document::recovered(loaded.scenario, original));
                discard_recovery(r);
                self.notify(
                    &ctx,
                    "Restored your unsaved work. Save it to keep it.",
                    false,
                );
            }
            Err(e) => {
                discard_recovery(r);
                self.dialog = Some(Dialog::LoadFailed(e));
            }
        }
    }

    /// Ask before the window closes with unsaved changes.
    pub fn handle_close_request(&mut self, ctx: &egui::Context) {
        if !ctx.input(|i| i.viewport().close_requested()) {
            return;
        }
        if let Some(job) = &self.job {
            // Quitting waits for the job to stop (an export puts nothing half-written in
            // place). A save is let finish, and the window closes once it has.
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            if job.kind != Kind::Save {
                job.progress.cancel();
            }
            self.close_after_job = true;
            return;
        }
        if self.doc.dirty() && !self.allow_close {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.dialog = Some(Dialog::UnsavedChanges {
                then: Pending::Close,
            });
        } else {
            self.files.clear_recovery();
        }
    }

    /// Open a scenario dropped on the window.
    pub fn handle_dropped_files(&mut self, ctx: &egui::Context) {
        let dropped: Vec<PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_owned())
                .filter(|p| !p.as_os_str().is_empty())
                .collect()
        });
        if let Some(path) = dropped.into_iter().next() {
            self.actions.push(crate::app::Action::OpenPath(path));
        }
    }
}
