//! Opening and exporting on a thread of their own, so the window keeps drawing while they run: a
//! progress bar, the time so far, and Cancel. An export writes into a private folder or a
//! temporary file and puts its files in place only at the end, so Cancel leaves nothing
//! half-written; a cancelled Open leaves the open document as it was.

use crate::export::Progress;
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, TryRecvError, channel};
use std::time::{Duration, Instant};

/// How a job ended.
#[derive(Debug)]
pub enum Finished {
    /// It worked: the message to show.
    Done(String),
    /// It failed: why, for the error dialog.
    Failed(String),
    /// Files exist in the folder: ask before replacing them.
    Exists {
        /// The folder.
        dir: PathBuf,
        /// How many of its files would be replaced.
        files: usize,
    },
    /// A scenario was read: it replaces the open document.
    Opened {
        /// The file.
        path: PathBuf,
        /// What was read.
        loaded: Box<crate::io::Loaded>,
    },
    /// A scenario was read to compare with the open one.
    ReadToCompare {
        /// The file.
        path: PathBuf,
        /// What was read.
        loaded: Box<crate::io::Loaded>,
    },
    /// A scenario could not be read.
    OpenFailed(Box<crate::io::LoadError>),
    /// The document was saved, as it was at `state`; then carry on with `then`.
    Saved {
        /// The file.
        path: PathBuf,
        /// The document state written.
        state: u64,
        /// What to do next (from the unsaved-changes dialog).
        then: Option<crate::app::files::Pending>,
    },
    /// The file changed on disk since it was opened or saved: ask before replacing it.
    ChangedOnDisk {
        /// The file.
        path: PathBuf,
        /// What to do after saving.
        then: Option<crate::app::files::Pending>,
    },
    /// Cancel was pressed before anything was put in place.
    Cancelled,
}

/// What a job is: it decides what Cancel says and whether the window waits for it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// An export: the window can be used while it runs.
    Export,
    /// Opening a file: the open document waits (a modal box), since the file replaces it.
    Open,
    /// Reading a file to compare with the open one: the window can be used meanwhile.
    Compare,
    /// Saving: the window can be used meanwhile (later edits stay unsaved); quitting waits.
    Save,
}

impl Kind {
    /// The Cancel button's tooltip.
    pub fn cancel_hint(self) -> &'static str {
        match self {
            Self::Export => "Stop the export; nothing is written",
            Self::Open => "Stop opening the file; the open document stays as it is",
            Self::Compare => "Stop reading the file; nothing is compared",
            Self::Save => "Stop saving; the file on disk stays as it was, unless writing has begun",
        }
    }

    /// The message once cancelled.
    pub fn cancelled(self) -> &'static str {
        match self {
            Self::Export => "Export cancelled; nothing was written",
            Self::Open => "Open cancelled; the open document is as it was",
            Self::Compare => "Compare with File cancelled",
            Self::Save => "Save cancelled; the file on disk is as it was",
        }
    }
}

/// Work running on its own thread.
pub struct Job {
    /// What it does, as the progress bar says it ("Exporting deck.pdf").
    pub label: String,
    /// Export or Open.
    pub kind: Kind,
    /// How far it has got, and its Cancel.
    pub progress: Progress,
    started: Instant,
    done: Receiver<Finished>,
}

impl Job {
    /// Start `work` on a thread of its own. The window is asked to redraw when it ends.
    pub fn spawn(
        ctx: &egui::Context,
        kind: Kind,
        label: String,
        work: impl FnOnce(&Progress) -> Finished + Send + 'static,
    ) -> Result<Self, String> {
        let progress = Progress::new();
        let (tx, done) = channel();
        let (p, ctx) = (progress.clone(), ctx.clone());
        std::thread::Builder::new()
            .name("muscat-job".into())
            .spawn(move || {
                crate::view::analysis::in_background();
                let _ = tx.send(work(&p));
                ctx.request_repaint();
            })
            .map_err(|e| format!("cannot start {label}: {e}"))?;
        Ok(Self {
            label,
            kind,
            progress,
            started: Instant::now(),
            done,
        })
    }

    /// How it ended, once it has.
    pub fn poll(&self) -> Option<Finished> {
        match self.done.try_recv() {
            Ok(f) => Some(f),
            Err(TryRecvError::Empty) => None,
            // The thread ended without an answer: it panicked.
            Err(TryRecvError::Disconnected) => Some(Finished::Failed(format!(
                "{} stopped unexpectedly; {}",
                self.label,
                match self.kind {
                    Kind::Export => "nothing was written",
                    Kind::Open => "the open document is as it was",
                    Kind::Compare => "nothing was compared",
                    Kind::Save => "the file on disk is as it was",
                }
            ))),
        }
    }

    /// Time since it started.
    pub fn elapsed(&self) -> Duration {
        self.started.elapsed()
    }
}

/// The progress bar's text: the label, how far, and the time so far.
pub fn describe(job: &Job) -> String {
    let secs = job.elapsed().as_secs();
    let (done, total) = job.progress.counts();
    let files = if total > 1 {
        format!(", file {} of {total}", (done + 1).min(total))
    } else {
        String::new()
    };
    if job.progress.is_cancelled() {
        format!("{}: cancelling…", job.label)
    } else {
        format!("{}{files} ({secs} s)", job.label)
    }
}
