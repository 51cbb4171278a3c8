//! Opening, saving and recovering: native file dialogs that never block the window, Muscat's own
//! file browser where the system has no dialog, unsaved-changes guards and the recovery copy.

use super::{Dialog, Document, FileDialogMode, MuscatApp, Prefs};
use crate::io;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant, SystemTime};

/// Seconds between recovery copies while there are unsaved changes.
pub const AUTOSAVE_SECONDS: f64 = 5.0;
/// A native dialog that answers faster than this did not really open (no portal, no zenity).
const NO_DIALOG_WITHIN: Duration = Duration::from_millis(250);

/// Something waiting for the answer to "save changes?".
#[derive(Clone, Debug, PartialEq)]
pub enum Pending {
    /// Show the open dialog.
    OpenDialog,
    /// Open this file.
    OpenPath(PathBuf),
    /// Start from a bundled scenario.
    NewFrom(&'static str),
    /// Close the window.
    Close,
    /// Reload the file from disk.
    Revert,
}

/// Chart export formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChartFormat {
    /// SVG.
    Svg,
    /// PNG.
    Png,
}

impl ChartFormat {
    fn ext(self) -> &'static str {
        match self {
            Self::Svg => "svg",
            Self::Png => "png",
        }
    }
}

/// What a picked path is for.
#[derive(Clone, Debug, PartialEq)]
pub enum Purpose {
    /// Open a scenario.
    Open,
    /// Save the scenario, then carry on with `then`.
    SaveAs(Option<Pending>),
    /// Export the chart on screen.
    ExportChart(ChartFormat),
    /// Export every slide and the brief into a folder.
    ExportFolder,
}

impl Purpose {
    fn title(&self) -> &'static str {
        match self {
            Self::Open => "Open scenario",
            Self::SaveAs(_) => "Save scenario as",
            Self::ExportChart(ChartFormat::Svg) => "Export chart as SVG",
            Self::ExportChart(ChartFormat::Png) => "Export chart as PNG",
            Self::ExportFolder => "Export slides and brief to a folder",
        }
    }

    /// Whether the user picks a folder rather than a file.
    pub fn wants_folder(&self) -> bool {
        matches!(self, Self::ExportFolder)
    }

    /// Whether the user names a new file.
    pub fn wants_new_name(&self) -> bool {
        matches!(self, Self::SaveAs(_) | Self::ExportChart(_))
    }

    /// The file extension shown and added.
    pub fn ext(&self) -> Option<&'static str> {
        match self {
            Self::Open | Self::SaveAs(_) => Some("ron"),
            Self::ExportChart(f) => Some(f.ext()),
            Self::ExportFolder => None,
        }
    }
}

/// The answer from a file dialog.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    /// The user picked a path.
    Picked(Purpose, PathBuf),
    /// The system has no file dialog; Muscat's own browser took over.
    NoNativeDialog,
}

struct NativeDialog {
    purpose: Purpose,
    rx: Receiver<Option<PathBuf>>,
    started: Instant,
}

/// One entry of the in-app browser.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    /// File or folder name.
    pub name: String,
    /// Whether it is a folder.
    pub dir: bool,
}

/// Muscat's own file browser.
#[derive(Clone, Debug)]
pub struct Browser {
    /// What it is for.
    pub purpose: Purpose,
    /// The folder shown.
    pub dir: PathBuf,
    /// The folder as typed in the path field.
    pub dir_text: String,
    /// The file name field.
    pub name: String,
    /// The folder's entries: folders first, then matching files.
    pub entries: Vec<Entry>,
    /// Why the folder could not be listed.
    pub error: Option<String>,
}

impl Browser {
    fn new(purpose: Purpose, dir: PathBuf, name: String) -> Self {
        let mut b = Self {
            purpose,
            dir_text: dir.display().to_string(),
            dir,
            name,
            entries: Vec::new(),
            error: None,
        };
        b.refresh();
        b
    }

    /// Show another folder.
    pub fn go(&mut self, dir: PathBuf) {
        self.dir = dir;
        self.dir_text = self.dir.display().to_string();
        self.refresh();
    }

    /// List the folder again.
    pub fn refresh(&mut self) {
        self.entries.clear();
        self.error = None;
        let ext = self.purpose.ext();
        match std::fs::read_dir(&self.dir) {
            Ok(rd) => {
                for e in rd.flatten() {
                    let name = e.file_name().to_string_lossy().into_owned();
                    if name.starts_with('.') {
                        continue;
                    }
                    let dir =
                        e.file_type().map(|t| t.is_dir()).unwrap_or(false) || e.path().is_dir();
                    let matches = ext.is_none_or(|x| {
                        Path::new(&name)
                            .extension()
                            .is_some_and(|e| e.eq_ignore_ascii_case(x))
                    });
                    if dir || (matches && !self.purpose.wants_folder()) {
                        self.entries.push(Entry { name, dir });
                    }
                }
                self.entries.sort_by(|a, b| {
                    b.dir
                        .cmp(&a.dir)
                        .then_with(|| a.name.to_lowercase().cmp(&b.name.to_lowercase()))
                });
            }
            Err(e) => self.error = Some(format!("cannot list {}: {e}", self.dir.display())),
        }
    }

    /// The path the dialog would answer with now.
    pub fn result(&self) -> Option<PathBuf> {
        if self.purpose.wants_folder() {
            return Some(self.dir.clone());
        }
        let name = self.name.trim();
        if name.is_empty() {
            return None;
        }
        let mut p = self.dir.join(name);
        if let Some(ext) = self.purpose.ext()
            && self.purpose.wants_new_name()
            && p.extension().is_none()
        {
            p.set_extension(ext);
        }
        Some(p)
    }
}

/// File dialogs and the recovery copy.
pub struct Files {
    /// Where recovery copies go; `None` where the system has no data folder.
    pub recovery_dir: Option<PathBuf>,
    native: Option<NativeDialog>,
    /// The in-app browser, while it is open.
    pub browser: Option<Browser>,
    outcomes: Vec<Outcome>,
    /// The system was found to have no native dialog.
    pub native_missing: bool,
    last_autosave: f64,
    recovery_state: Option<u64>,
    autosave_job: Option<Receiver<Result<(), String>>>,
}

/// The folder for recovery copies, in the app's own data folder.
pub fn recovery_dir() -> Option<PathBuf> {
    eframe::storage_dir("Muscat").map(|d| d.join("recovery"))
}

impl Files {
    /// File handling with recovery copies in `recovery_dir`.
    pub fn new(recovery_dir: Option<PathBuf>) -> Self {
        Self {
            recovery_dir,
            native: None,
            browser: None,
            outcomes: Vec::new(),
            native_missing: false,
            last_autosave: 0.0,
            recovery_state: None,
            autosave_job: None,
        }
    }

    /// Whether a dialog is open.
    pub fn busy(&self) -> bool {
        self.native.is_some() || self.browser.is_some()
    }

    fn start_dir(prefs: &Prefs) -> PathBuf {
        prefs
            .last_dir
            .clone()
            .filter(|d| d.is_dir())
            .or_else(|| std::env::current_dir().ok())
            .unwrap_or_else(|| PathBuf::from("."))
    }

    /// Ask for a path for `purpose`, with the system's dialog or Muscat's own.
    pub fn ask(&mut self, prefs: &Prefs, purpose: Purpose, suggested_name: &str) {
        if self.busy() {
            return;
        }
        let dir = Self::start_dir(prefs);
        let built_in = match prefs.file_dialogs {
            FileDialogMode::BuiltIn => true,
            FileDialogMode::Native => false,
            FileDialogMode::Automatic => self.native_missing,
        };
        if built_in {
            self.browser = Some(Browser::new(purpose, dir, suggested_name.to_owned()));
            return;
        }
        let (tx, rx) = channel();
        let title = purpose.title();
        let mut dialog = rfd::FileDialog::new().set_title(title).set_directory(&dir);
        if let Some(ext) = purpose.ext() {
            let label = if ext == "ron" { "Muscat scenario" } else { ext };
            dialog = dialog.add_filter(label, &[ext]);
        }
        if purpose.wants_new_name() {
            dialog = dialog.set_file_name(suggested_name);
        }
        let p = purpose.clone();
        let spawned = std::thread::Builder::new()
            .name("muscat-file-dialog".into())
            .spawn(move || {
                let picked = match p {
                    Purpose::Open => dialog.pick_file(),
                    Purpose::ExportFolder => dialog.pick_folder(),
                    Purpose::SaveAs(_) | Purpose::ExportChart(_) => dialog.save_file(),
                };
                let _ = tx.send(picked);
            });
        if spawned.is_ok() {
            self.native = Some(NativeDialog {
                purpose,
                rx,
                started: Instant::now(),
            });
        } else {
            self.browser = Some(Browser::new(purpose, dir, suggested_name.to_owned()));
        }
    }

    /// Ask where to export the chart on screen.
    pub fn ask_export_chart(&mut self, prefs: &Prefs, format: ChartFormat) {
        self.ask(
            prefs,
            Purpose::ExportChart(format),
            &format!("chart.{}", format.ext()),
        );
    }

    /// Ask for a folder to export everything into.
    pub fn ask_export_folder(&mut self, prefs: &Prefs) {
        self.ask(prefs, Purpose::ExportFolder, "");
    }

    /// Check on a native dialog.
    pub fn poll(&mut self, ctx: &egui::Context) {
        let Some(native) = &self.native else {
            return;
        };
        match native.rx.try_recv() {
            Ok(picked) => {
                let Some(native) = self.native.take() else {
                    return;
                };
                match picked {
                    Some(path) => self.outcomes.push(Outcome::Picked(native.purpose, path)),
                    None if native.started.elapsed() < NO_DIALOG_WITHIN => {
                        // Nobody cancels a dialog that fast: there was no dialog to show.
                        self.native_missing = true;
                        self.browser = Some(Browser::new(
                            native.purpose,
                            std::env::current_dir().unwrap_or_else(|_| PathBuf::from(".")),
                            String::new(),
                        ));
                        self.outcomes.push(Outcome::NoNativeDialog);
                    }
                    None => {}
                }
            }
            Err(std::sync::mpsc::TryRecvError::Empty) => {
                ctx.request_repaint_after(Duration::from_millis(100));
            }
            Err(std::sync::mpsc::TryRecvError::Disconnected) => self.native = None,
        }
    }

    /// Answers that arrived since the last call.
    pub fn take_outcomes(&mut self) -> Vec<Outcome> {
        std::mem::take(&mut self.outcomes)
    }

    /// The in-app browser answered.
    pub fn browser_done(&mut self, picked: Option<PathBuf>) {
        if let Some(b) = self.browser.take()
            && let Some(path) = picked
        {
            self.outcomes.push(Outcome::Picked(b.purpose, path));
        }
    }

    fn recovery_file(&self) -> Option<PathBuf> {
        self.recovery_dir
            .as_ref()
            .map(|d| d.join(format!("recovery-{}.ron", std::process::id())))
    }

    /// Remove this process's recovery copy (after a save, or when changes are dropped).
    pub fn clear_recovery(&mut self) {
        if let Some(f) = self.recovery_file() {
            let _ = std::fs::remove_file(&f);
            let _ = std::fs::remove_file(meta_path(&f));
        }
        self.recovery_state = None;
    }
}

fn meta_path(recovery: &Path) -> PathBuf {
    recovery.with_extension("meta")
}

/// A recovery copy left by a Muscat that did not close cleanly.
#[derive(Clone, Debug, PartialEq)]
pub struct Recovery {
    /// The copy.
    pub file: PathBuf,
    /// The file the work belonged to, if it had one.
    pub original: Option<PathBuf>,
    /// The scenario's title.
    pub title: String,
    /// When it was written.
    pub written: SystemTime,
}

/// Recovery copies whose Muscat is no longer running, newest first.
pub fn find_recoveries(dir: &Path) -> Vec<Recovery> {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut found: Vec<Recovery> = rd
        .flatten()
        .filter_map(|e| {
            let path = e.path();
            let name = path.file_name()?.to_str()?.to_owned();
            let pid: u32 = name
                .strip_prefix("recovery-")?
                .strip_suffix(".ron")?
                .parse()
                .ok()?;
            if pid == std::process::id() || process_alive(pid) {
                return None;
            }
            let written = e.metadata().and_then(|m| m.modified()).ok()?;
            let meta = std::fs::read_to_string(meta_path(&path)).unwrap_or_default();
            let mut lines = meta.lines();
            let title = lines.next().unwrap_or("Untitled").to_owned();
            let original = lines.next().filter(|l| !l.is_empty()).map(PathBuf::from);
            Some(Recovery {
                file: path,
                original,
                title,
                written,
            })
        })
        .collect();
    found.sort_by_key(|r| std::cmp::Reverse(r.written));
    found
}

fn process_alive(pid: u32) -> bool {
    if cfg!(target_os = "linux") {
        Path::new(&format!("/proc/{pid}")).exists()
    } else {
        false
    }
}

/// A time as "2026-11-27 10:24 UTC (3 minutes ago)".
pub fn describe_time(t: SystemTime) -> String {
    let secs = t
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let days = (secs / 86_400) as i64;
    let (y, m, d) = civil_from_days(days);
    let hm = secs % 86_400;
    let ago = SystemTime::now()
        .duration_since(t)
        .map_or(0, |d| d.as_secs());
    let rel = match ago {
        0..=59 => "just now".to_owned(),
        60..=3599 => format!("{} minutes ago", ago / 60),
        3600..=86_399 => format!("{} hours ago", ago / 3600),
        _ => format!("{} days ago", ago / 86_400),
    };
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02} UTC ({rel})",
        hm / 3600,
        (hm % 3600) / 60
    )
}

/// Days since 1970-01-01 to a calendar date (Howard Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

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

    /// Open a scenario file. A file that cannot be loaded is reported and the open document
    /// stays as it was.
    pub fn open_path(&mut self, ctx: &egui::Context, path: &Path) {
        match io::load_file(path) {
            Ok(loaded) => {
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
            Err(e) => {
                super::log_error(&e.to_string());
                self.dialog = Some(Dialog::LoadFailed(e));
            }
        }
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
                        self.doc.scenario().fresh_id(&self.doc.scenario().title)
                    )
                },
                |n| n.to_string_lossy().into_owned(),
            );
        self.files.ask(&self.prefs, Purpose::SaveAs(then), &name);
    }

    /// Save, then carry on with `then` (from the unsaved-changes dialog).
    pub fn save_then(&mut self, ctx: &egui::Context, then: Pending) {
        match self.doc.path.clone() {
            Some(p) => {
                if self.write_to(ctx, &p) {
                    self.carry_on(then);
                }
            }
            None => self.ask_save_as(Some(then)),
        }
    }

    /// Write the document to `path`; returns whether it worked.
    pub fn write_to(&mut self, ctx: &egui::Context, path: &Path) -> bool {
        match io::save_file(path, self.doc.scenario()) {
            Ok(()) => {
                self.doc.mark_saved(path.to_owned());
                self.prefs.add_recent(path);
                self.files.clear_recovery();
                self.notify(ctx, format!("Saved {}", path.display()), false);
                true
            }
            Err(e) => {
                super::log_error(&e.to_string());
                self.dialog = Some(Dialog::SaveFailed(e.to_string()));
                false
            }
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
                    Purpose::SaveAs(then) => {
                        if self.write_to(ctx, &path)
                            && let Some(then) = then
                        {
                            self.carry_on(then);
                        }
                    }
                    Purpose::ExportChart(format) => self.export_chart(ctx, format, &path),
                    Purpose::ExportFolder => self.export_all(ctx, &path),
                }
            }
        }
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
            self.actions.push(super::Action::OpenPath(path));
        }
    }
}

/// Delete a recovery copy and its note.
pub fn discard_recovery(r: &Recovery) {
    let _ = std::fs::remove_file(&r.file);
    let _ = std::fs::remove_file(meta_path(&r.file));
}

/// Write a recovery copy atomically, with a note of the title and the original file.
pub fn write_recovery(
    file: &Path,
    scenario: &crate::model::Scenario,
    original: &str,
) -> Result<(), String> {
    if let Some(dir) = file.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    io::write_atomic(file, io::to_ron_string(scenario).as_bytes(), false)
        .map_err(|e| e.to_string())?;
    let title = scenario.title.replace('\n', " ");
    io::write_atomic(
        &meta_path(file),
        format!("{title}\n{original}\n").as_bytes(),
        false,
    )
    .map_err(|e| e.to_string())
}

impl MuscatApp {
    /// Export the chart on screen as SVG or PNG. Uses the simulation on screen when it is for
    /// this state, and runs one otherwise.
    pub fn export_chart(&mut self, ctx: &egui::Context, format: ChartFormat, path: &Path) {
        let s = self.doc.scenario();
        let spec = crate::ui::charts::spec_for_view(s, &self.view);
        let current = self.current_mc().filter(|m| m.complete);
        let mut sims = crate::export::Simulations::new(s);
        let mc = match &current {
            Some(m)
                if spec.kind != crate::model::ChartKind::Trajectory
                    || m.summary.fan.as_ref().is_some_and(|f| {
                        (f.region, f.indicator) == (spec.region, spec.indicator)
                    }) =>
            {
                Some((*m.summary).clone())
            }
            _ => sims.for_spec(&spec).cloned(),
        };
        let chart = crate::charts::build(s, &self.results.expected, mc.as_ref(), &spec);
        let f = match format {
            ChartFormat::Svg => crate::export::ExportFormat::Svg,
            ChartFormat::Png => crate::export::ExportFormat::Png,
        };
        let mut path = path.to_owned();
        if path.extension().is_none() {
            path.set_extension(format.ext());
        }
        match crate::export::write_chart(&chart, f, &path) {
            Ok(()) => self.notify(ctx, format!("Exported {}", path.display()), false),
            Err(e) => self.dialog = Some(Dialog::SaveFailed(e.to_string())),
        }
    }

    /// Export every slide and the brief into a folder, asking before replacing files.
    pub fn export_all(&mut self, ctx: &egui::Context, dir: &Path) {
        self.export_all_with(ctx, dir, false);
    }

    /// Export into a folder; with `force`, existing files are replaced.
    pub fn export_all_with(&mut self, ctx: &egui::Context, dir: &Path, force: bool) {
        use crate::export::{ExportError, ExportFormat, export_dir};
        let formats = [ExportFormat::Svg, ExportFormat::Png, ExportFormat::Html];
        match export_dir(self.doc.scenario(), dir, &formats, force) {
            Ok(written) => self.notify(
                ctx,
                format!("Exported {} files to {}", written.len(), dir.display()),
                false,
            ),
            Err(ExportError::Exists(files)) => {
                self.dialog = Some(Dialog::ConfirmOverwrite {
                    dir: dir.to_owned(),
                    files: files.len(),
                });
            }
            Err(e) => self.dialog = Some(Dialog::SaveFailed(e.to_string())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_from_days() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(20_419), (2025, 11, 27));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
    }

    #[test]
    fn the_browser_lists_folders_and_scenarios() {
        let b = Browser::new(Purpose::Open, PathBuf::from("scenarios"), String::new());
        assert!(
            b.entries
                .iter()
                .any(|e| e.name == "us-iran-muscat-2026.ron")
        );
        let mut save = Browser::new(Purpose::SaveAs(None), PathBuf::from("/tmp"), "plan".into());
        assert_eq!(save.result(), Some(PathBuf::from("/tmp/plan.ron")));
        save.name = "  ".into();
        assert_eq!(save.result(), None);
    }
}
