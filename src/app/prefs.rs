//! Preferences kept in eframe's storage between runs: the theme, recent files and how files are
//! picked. Scenarios themselves are only ever saved to files the user chose.

use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The storage key.
pub const PREFS_KEY: &str = "muscat-prefs";
/// How many recent files the File menu lists.
pub const RECENT_LIMIT: usize = 10;

/// How files are picked.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum FileDialogMode {
    /// The system's dialog, falling back to Muscat's own browser where there is none.
    #[default]
    Automatic,
    /// Always the system's dialog.
    Native,
    /// Always Muscat's own browser.
    BuiltIn,
}

impl FileDialogMode {
    /// Menu label.
    pub fn label(self) -> &'static str {
        match self {
            Self::Automatic => "Automatic",
            Self::Native => "System Dialogs",
            Self::BuiltIn => "Muscat's File Browser",
        }
    }
}

/// Preferences.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Prefs {
    /// Dark theme.
    pub dark: bool,
    /// Recently opened or saved files, newest first.
    pub recent: Vec<PathBuf>,
    /// How files are picked.
    pub file_dialogs: FileDialogMode,
    /// The folder files were last picked from.
    pub last_dir: Option<PathBuf>,
}

impl Prefs {
    /// Put a file at the top of the recent list.
    pub fn add_recent(&mut self, path: &Path) {
        let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_owned());
        self.recent.retain(|p| p != &path);
        self.recent.insert(0, path.clone());
        self.recent.truncate(RECENT_LIMIT);
        self.last_dir = path.parent().map(Path::to_owned);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recent_files_keep_the_last_ten_without_repeats() {
        let mut p = Prefs::default();
        for i in 0..15 {
            p.add_recent(Path::new(&format!("/tmp/f{i}.ron")));
        }
        p.add_recent(Path::new("/tmp/f10.ron"));
        assert_eq!(p.recent.len(), RECENT_LIMIT);
        assert_eq!(p.recent[0], PathBuf::from("/tmp/f10.ron"));
        assert_eq!(
            p.recent.iter().filter(|r| r.ends_with("f10.ron")).count(),
            1
        );
    }
}
