//! Atomic writes: a temporary file in the same folder, flushed and synced, then renamed over the
//! target, so the target is always either the old version or the new one, never a mix.

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// A save that did not happen. The file on disk is unchanged.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("cannot save {}: {reason}. The file on disk was not changed.", path.display())]
pub struct SaveError {
    /// The file that was being written.
    pub path: PathBuf,
    /// Why it failed, in words.
    pub reason: String,
}

/// The backup kept beside a saved file: `FILE.bak`.
pub fn backup_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".bak");
    path.with_file_name(name)
}

static COUNTER: AtomicU64 = AtomicU64::new(0);

fn temp_path(dir: &Path, path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "scenario".to_owned());
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    dir.join(format!(".{name}.{}-{n}.tmp", std::process::id()))
}

/// Write `bytes` to `path` atomically. With `keep_backup`, the previous file is kept as
/// `FILE.bak` (itself written atomically).
pub fn write_atomic(path: &Path, bytes: &[u8], keep_backup: bool) -> Result<(), SaveError> {
    let fail = |reason: String| SaveError {
        path: path.to_owned(),
        reason,
    };
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    };
    if !dir.is_dir() {
        return Err(fail(format!("the folder {} does not exist", dir.display())));
    }
    let old = fs::metadata(path).ok();
    if let Some(meta) = &old {
        if meta.is_dir() {
            return Err(fail("it is a folder".into()));
        }
        if meta.permissions().readonly() {
            return Err(fail("the file is read-only".into()));
        }
    }
    if keep_backup && old.is_some() {
        let bak = backup_path(path);
        let tmp = temp_path(&dir, &bak);
        let copied = fs::copy(path, &tmp).and_then(|_| fs::rename(&tmp, &bak));
        if let Err(e) = copied {
            let _ = fs::remove_file(&tmp);
            return Err(fail(format!("cannot keep a backup: {e}")));
        }
    }
    let tmp = temp_path(&dir, path);
    let written = write_synced(&tmp, bytes, old.as_ref()).and_then(|()| fs::rename(&tmp, path));
    if let Err(e) = written {
        let _ = fs::remove_file(&tmp);
        return Err(fail(describe(&e)));
    }
    // Make the rename itself durable. Not all platforms can open a folder; that is not an error.
    if let Ok(d) = File::open(&dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

fn write_synced(tmp: &Path, bytes: &[u8], old: Option<&fs::Metadata>) -> std::io::Result<()> {
    let mut f = OpenOptions::new().write(true).create_new(true).open(tmp)?;
    f.write_all(bytes)?;
    f.flush()?;
    f.sync_all()?;
    if let Some(meta) = old {
        fs::set_permissions(tmp, meta.permissions())?;
    }
    Ok(())
}

fn describe(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::PermissionDenied => {
            "permission denied (is the folder read-only?)".into()
        }
        std::io::ErrorKind::StorageFull => "the disk is full".into(),
        std::io::ErrorKind::ReadOnlyFilesystem => "the file system is read-only".into(),
        _ => e.to_string(),
    }
}
