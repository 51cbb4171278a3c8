//! The open document: the scenario, where it lives, its undo history and whether it is saved.

use crate::edit::{EditError, History, ops::Op};
use crate::model::Scenario;
use std::path::PathBuf;

/// The scenario being edited.
pub struct Document {
    /// The scenario. Changed only through `apply`, `undo` and `redo`.
    scenario: Scenario,
    /// The file it was opened from or saved to.
    pub path: Option<PathBuf>,
    /// What that file looked like on disk when it was opened or last saved, to tell when
    /// someone else changes it.
    pub disk: Option<crate::io::DiskStamp>,
    history: History,
    saved_state: Option<u64>,
}

impl Document {
    /// A document for a scenario; `path` is where it is saved, if anywhere.
    pub fn new(scenario: Scenario, path: Option<PathBuf>) -> Self {
        let history = History::default();
        let saved_state = Some(history.state());
        let disk = path.as_deref().and_then(crate::io::DiskStamp::of);
        Self {
            scenario,
            path,
            disk,
            history,
            saved_state,
        }
    }

    /// A document restored from a recovery copy: it has unsaved changes from the start.
    pub fn recovered(scenario: Scenario, path: Option<PathBuf>) -> Self {
        let mut d = Self::new(scenario, path);
        d.saved_state = None;
        d
    }

    /// The scenario.
    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }

    /// Whether there are changes that are not in the file.
    pub fn dirty(&self) -> bool {
        self.saved_state != Some(self.history.state())
    }

    /// Record that the current state is what the file holds.
    pub fn mark_saved(&mut self, path: PathBuf) {
        let state = self.history.state();
        self.mark_saved_at(path, state);
    }

    /// Record that the file holds the document as it was at `state` (a save that ran in the
    /// background while editing went on: later edits stay unsaved).
    pub fn mark_saved_at(&mut self, path: PathBuf, state: u64) {
        self.disk = crate::io::DiskStamp::of(&path);
        self.path = Some(path);
        self.saved_state = Some(state);
    }

    /// Whether the file on disk is no longer the one this document was opened from or last
    /// saved to (another program, or another Muscat, wrote it since).
    pub fn changed_on_disk(&self) -> Option<crate::io::DiskStamp> {
        let path = self.path.as_deref()?;
        let now = crate::io::DiskStamp::of(path)?;
        (self.disk.as_ref() != Some(&now)).then_some(now)
    }

    /// An id of the current state; it changes with every edit, undo and redo.
    pub fn state(&self) -> u64 {
        self.history.state()
    }

    /// Apply an operation, recording it for undo. Overrides of views that the operation leaves
    /// without their branch or effect are kept apart in the same step.
    pub fn apply(&mut self, op: Op) -> Result<(), EditError> {
        let edit = crate::edit::views::with_upkeep(&self.scenario, op.edit);
        self.history
            .apply(&mut self.scenario, edit, op.label, op.key)
    }

    /// Close the open undo step (a drag or typing burst has ended).
    pub fn seal(&mut self) {
        self.history.seal();
    }

    /// Undo; returns the label of what was undone.
    pub fn undo(&mut self) -> Result<Option<String>, EditError> {
        self.history.undo(&mut self.scenario)
    }

    /// Redo; returns the label of what was redone.
    pub fn redo(&mut self) -> Result<Option<String>, EditError> {
        self.history.redo(&mut self.scenario)
    }

    /// The history, for menu labels.
    pub fn history(&self) -> &History {
        &self.history
    }

    /// The file name, or "Untitled".
    pub fn display_name(&self) -> String {
        self.path.as_ref().and_then(|p| p.file_name()).map_or_else(
            || "Untitled".to_owned(),
            |n| n.to_string_lossy().into_owned(),
        )
    }

    /// The window title: "‹title› — Muscat", with `*` while there are unsaved changes.
    pub fn window_title(&self) -> String {
        let title = if self.scenario.header.title.trim().is_empty() {
            self.display_name()
        } else {
            self.scenario.header.title.clone()
        };
        let marker = if self.dirty() { "*" } else { "" };
        format!("{marker}{title} — Muscat")
    }
}
