//! Opening, saving and recovering: native file dialogs that never block the window, Muscat's own
//! file browser where the system has no dialog, unsaved-changes guards and the recovery copy.

mod actions;
mod browser;
mod exports;
mod recovery;

pub(crate) use exports::file_name;
pub use recovery::{Recovery, describe_time, discard_recovery, find_recoveries, write_recovery};

use super::{FileDialogMode, Prefs};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

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
    pub(super) fn ext(self) -> &'static str {
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
    /// Open another scenario beside this one, read-only.
    CompareWith,
    /// Save the scenario, then carry on with `then`.
    SaveAs(Option<Pending>),
    /// Export the chart on screen.
    ExportChart(ChartFormat),
    /// Export every slide and the brief into a folder.
    ExportFolder,
    /// Write a PDF: the deck, or the brief on a paper.
    ExportPdf(PdfKind),
}

/// Which PDF.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PdfKind {
    /// The slides.
    Deck,
    /// The brief, on this paper.
    Brief(crate::export::pdf::Paper),
}

impl Purpose {
    fn title(&self) -> &'static str {
        match self {
            Self::Open => "Open scenario",
            Self::CompareWith => "Compare with scenario",
            Self::SaveAs(_) => "Save scenario as",
            Self::ExportChart(ChartFormat::Svg) => "Export chart as SVG",
            Self::ExportChart(ChartFormat::Png) => "Export chart as PNG",
            Self::ExportFolder => "Export slides and brief to a folder",
            Self::ExportPdf(PdfKind::Deck) => "Export deck as PDF",
            Self::ExportPdf(PdfKind::Brief(_)) => "Export brief as PDF",
        }
    }

    /// Whether the user picks a folder rather than a file.
    pub fn wants_folder(&self) -> bool {
        matches!(self, Self::ExportFolder)
    }

    /// Whether the user names a new file.
    pub fn wants_new_name(&self) -> bool {
        matches!(
            self,
            Self::SaveAs(_) | Self::ExportChart(_) | Self::ExportPdf(_)
        )
    }

    /// The file extension shown and added.
    pub fn ext(&self) -> Option<&'static str> {
        match self {
            Self::Open | Self::CompareWith | Self::SaveAs(_) => Some("ron"),
            Self::ExportChart(f) => Some(f.ext()),
            Self::ExportFolder => None,
            Self::ExportPdf(_) => Some("pdf"),
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
    /// Where it started and the name it suggested, for the browser if there is no dialog.
    dir: PathBuf,
    name: String,
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
        // A typed or pasted path: absolute, relative to the folder shown, or from "~/".
        let typed = match name.strip_prefix("~/") {
            Some(rest) => std::env::var_os("HOME").map_or_else(
                || PathBuf::from(name),
                |home| PathBuf::from(home).join(rest),
            ),
            None => PathBuf::from(name),
        };
        let mut p = self.dir.join(typed);
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
    /// The folder of the open document's file, where file dialogs start.
    pub document_dir: Option<PathBuf>,
    outcomes: Vec<Outcome>,
    /// The system was found to have no native dialog.
    pub native_missing: bool,
    pub(super) last_autosave: f64,
    pub(super) recovery_state: Option<u64>,
    pub(super) autosave_job: Option<Receiver<Result<(), String>>>,
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
            document_dir: None,
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

    /// Where a file dialog starts: the open file's folder, else the last folder used, else the
    /// working folder.
    fn start_dir(&self, prefs: &Prefs) -> PathBuf {
        self.document_dir
            .clone()
            .filter(|d| d.is_dir())
            .or_else(|| prefs.last_dir.clone().filter(|d| d.is_dir()))
            .or_else(|| std::env::current_dir().ok())
            .unwrap_or_else(|| PathBuf::from("."))
    }

    /// Ask for a path for `purpose`, with the system's dialog or Muscat's own.
    pub fn ask(&mut self, prefs: &Prefs, purpose: Purpose, suggested_name: &str) {
        if self.busy() {
            return;
        }
        let dir = self.start_dir(prefs);
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
                    Purpose::Open | Purpose::CompareWith => dialog.pick_file(),
                    Purpose::ExportFolder => dialog.pick_folder(),
                    Purpose::SaveAs(_) | Purpose::ExportChart(_) | Purpose::ExportPdf(_) => {
                        dialog.save_file()
                    }
                };
                let _ = tx.send(picked);
            });
        if spawned.is_ok() {
            self.native = Some(NativeDialog {
                purpose,
                rx,
                started: Instant::now(),
                dir,
                name: suggested_name.to_owned(),
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

    /// Ask where to write a PDF.
    pub fn ask_export_pdf(&mut self, prefs: &Prefs, kind: PdfKind) {
        let name = match kind {
            PdfKind::Deck => "deck.pdf",
            PdfKind::Brief(_) => "brief.pdf",
        };
        self.ask(prefs, Purpose::ExportPdf(kind), name);
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
                        self.browser = Some(Browser::new(native.purpose, native.dir, native.name));
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

    pub(super) fn recovery_file(&self) -> Option<PathBuf> {
        self.recovery_dir
            .as_ref()
            .map(|d| d.join(format!("recovery-{}.ron", std::process::id())))
    }

    /// Remove this process's recovery copy (after a save, or when changes are dropped).
    pub fn clear_recovery(&mut self) {
        if let Some(f) = self.recovery_file() {
            let _ = std::fs::remove_file(&f);
            let _ = std::fs::remove_file(recovery::meta_path(&f));
        }
        self.recovery_state = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
