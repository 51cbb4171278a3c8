//! Recovery copies: written every few seconds while there are unsaved changes, found again after
//! a crash or a kill, and offered back.

use crate::io;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

pub(super) fn meta_path(recovery: &Path) -> PathBuf {
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
    let (y, m, d) = crate::model::dates::civil_from_days(days);
    let hm = secs % 86_400;
    let ago = SystemTime::now()
        .duration_since(t)
        .map_or(0, |d| d.as_secs());
    let ago_in = |n: u64, unit: &str| {
        if n == 1 {
            format!("1 {unit} ago")
        } else {
            format!("{n} {unit}s ago")
        }
    };
    let rel = match ago {
        0..=59 => "just now".to_owned(),
        60..=3599 => ago_in(ago / 60, "minute"),
        3600..=86_399 => ago_in(ago / 3600, "hour"),
        _ => ago_in(ago / 86_400, "day"),
    };
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02} UTC ({rel})",
        hm / 3600,
        (hm % 3600) / 60
    )
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
    let title = scenario.header.title.replace('\n', " ");
    io::write_atomic(
        &meta_path(file),
        format!("{title}\n{original}\n").as_bytes(),
        false,
    )
    .map_err(|e| e.to_string())
}
