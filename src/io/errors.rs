//! What can be wrong with a file: each problem with its place, and the error a load returns.

use super::sourcemap::SourceMap;
use crate::model::{Diagnostic, Scenario, Severity};
use std::fmt;

/// One problem in a file, with its position where known.
#[derive(Clone, Debug, PartialEq)]
pub struct Problem {
    /// Error or warning.
    pub severity: Severity,
    /// 1-based line, if known.
    pub line: Option<usize>,
    /// 1-based column, in characters, if known.
    pub col: Option<usize>,
    /// What is wrong.
    pub message: String,
    /// The branch it concerns, so the editor can select it.
    pub branch: Option<String>,
}

impl Problem {
    pub(super) fn error(message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            line: None,
            col: None,
            message: message.into(),
            branch: None,
        }
    }

    pub(super) fn at(mut self, line: usize, col: usize) -> Self {
        self.line = Some(line);
        self.col = Some(col);
        self
    }

    /// `FILE:LINE:COL: severity: message`, as compilers print it.
    pub fn display_with(&self, file: &str) -> String {
        let word = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        match (self.line, self.col) {
            (Some(l), Some(c)) => format!("{file}:{l}:{c}: {word}: {}", self.message),
            (Some(l), None) => format!("{file}:{l}: {word}: {}", self.message),
            _ => format!("{file}: {word}: {}", self.message),
        }
    }

    pub(super) fn from_diagnostic(d: &Diagnostic, map: &SourceMap) -> Self {
        let pos = map.locate(&d.location);
        Self {
            severity: d.severity,
            line: pos.map(|p| p.0),
            col: pos.map(|p| p.1),
            message: d.message.clone(),
            branch: d.location.branch_id().map(str::to_owned),
        }
    }
}

/// Why a file could not be loaded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LoadErrorKind {
    /// The file could not be read.
    Io,
    /// The file is empty.
    Empty,
    /// The file is larger than `MAX_FILE_BYTES`.
    TooLarge,
    /// The file is not UTF-8 text.
    Binary,
    /// The text is not valid RON, or has the wrong shape or types.
    Syntax,
    /// The text is RON but not a Muscat scenario.
    NotScenario,
    /// The file was made by a newer Muscat.
    Newer,
    /// The scenario fails validation.
    Invalid,
}

/// A file that could not be loaded, with every problem found.
#[derive(Clone, Debug, PartialEq)]
pub struct LoadError {
    /// The file, as given.
    pub file: String,
    /// What kind of failure.
    pub kind: LoadErrorKind,
    /// The problems: errors first, then warnings.
    pub problems: Vec<Problem>,
}

impl LoadError {
    pub(super) fn one(file: &str, kind: LoadErrorKind, problem: Problem) -> Self {
        Self {
            file: file.to_owned(),
            kind,
            problems: vec![problem],
        }
    }

    /// The first error, as `FILE:LINE:COL: error: message`.
    pub fn headline(&self) -> String {
        self.problems.first().map_or_else(
            || format!("{}: cannot load", self.file),
            |p| p.display_with(&self.file),
        )
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let lines: Vec<String> = self
            .problems
            .iter()
            .map(|p| p.display_with(&self.file))
            .collect();
        write!(f, "{}", lines.join("\n"))
    }
}

impl std::error::Error for LoadError {}

/// A loaded scenario, with the warnings it still has.
#[derive(Clone, Debug)]
pub struct Loaded {
    /// The scenario.
    pub scenario: Scenario,
    /// Problems that did not stop loading.
    pub warnings: Vec<Problem>,
    /// The version the file was migrated from, if it was older.
    pub migrated_from: Option<u32>,
    /// Whether the branch list was parsed on several threads (files of
    /// [`super::PARALLEL_BYTES`] or more). A file the fast path cannot take parses the usual
    /// way with the same result; this says which ran.
    pub parsed_in_parallel: bool,
}
