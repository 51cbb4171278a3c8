//! Atomic writes: a temporary file in the same folder, flushed and synced, then renamed over the
//! target, so the target is always either the old version or the new one, never a mix.
//!
//! Every file Muscat creates is created new (never opened if something, a link included, already
//! has its name) under a name no one can predict. Renaming over a name replaces whatever is there,
//! a planted link included, without following it. A writer holds a lock on its temporary file, so
//! a later save can tell a temporary file left by a killed save from one being written now, and
//! removes only the former.

use std::fs::{self, File, OpenOptions};
use std::hash::{BuildHasher, Hasher};
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

/// The ending of every temporary file Muscat makes.
const TEMP_SUFFIX: &str = ".muscat-tmp";

static COUNTER: AtomicU64 = AtomicU64::new(0);

/// 64 bits no other process can guess: the standard library's randomly keyed hasher over the
/// process id, a counter and the time.
pub fn unpredictable() -> u64 {
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u32(std::process::id());
    h.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    if let Ok(t) = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH) {
        h.write_u128(t.as_nanos());
    }
    h.finish()
}

/// `.NAME.XXXXXXXXXXXXXXXX.muscat-tmp` in `dir`, for a file called `name`.
fn temp_path(dir: &Path, name: &str) -> PathBuf {
    dir.join(format!(".{name}.{:016x}{TEMP_SUFFIX}", unpredictable()))
}

/// Whether `candidate` is a temporary file of a save of the file called `name` (or of its
/// backup): `.NAME.` or `.NAME.bak.`, sixteen hex digits, `.muscat-tmp`.
pub fn is_temp_of(name: &str, candidate: &str) -> bool {
    let Some(rest) = candidate
        .strip_prefix('.')
        .and_then(|c| c.strip_prefix(name))
        .and_then(|c| c.strip_prefix('.'))
        .and_then(|c| c.strip_suffix(TEMP_SUFFIX))
    else {
        return false;
    };
    let hex = rest.strip_prefix("bak.").unwrap_or(rest);
    hex.len() == 16 && hex.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Remove temporary files that a killed save of `path` left behind: files of its own pattern
/// that no running save holds locked. Returns how many were removed.
pub fn remove_stale_temps(path: &Path) -> usize {
    let Some(name) = path.file_name().map(|n| n.to_string_lossy().into_owned()) else {
        return 0;
    };
    let dir = folder_of(path);
    let Ok(entries) = fs::read_dir(&dir) else {
        return 0;
    };
    let mut removed = 0;
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        if !is_temp_of(&name, &file_name) {
            continue;
        }
        // Only plain files: a link or folder with that name was not made by Muscat.
        if !entry.file_type().is_ok_and(|t| t.is_file()) {
            continue;
        }
        let p = entry.path();
        let Ok(f) = OpenOptions::new().read(true).open(&p) else {
            continue;
        };
        // A save under way holds its lock; a killed one's lock died with it.
        if f.try_lock().is_ok() && fs::remove_file(&p).is_ok() {
            removed += 1;
        }
    }
    removed
}

fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    }
}

/// The file a path names once every link in its last component is followed, as text editors
/// save: a scenario opened through a link is saved to the file the link points to.
pub fn resolve_link(path: &Path) -> PathBuf {
    let mut p = path.to_owned();
    for _ in 0..40 {
        match fs::symlink_metadata(&p) {
            Ok(m) if m.file_type().is_symlink() => match fs::read_link(&p) {
                Ok(target) if target.is_absolute() => p = target,
                Ok(target) => p = folder_of(&p).join(target),
                Err(_) => break,
            },
            _ => break,
        }
    }
    p
}

/// Create a new file with an unpredictable name in `dir`, locked while it is written, holding
/// `bytes`, synced to disk. Returns its path. On failure nothing is left behind.
fn write_temp(
    dir: &Path,
    name: &str,
    bytes: &[u8],
    perms: Option<fs::Permissions>,
) -> std::io::Result<(PathBuf, File)> {
    let tmp = temp_path(dir, name);
    // `create_new` fails if anything has the name, a link included: nothing is followed.
    let mut f = OpenOptions::new().write(true).create_new(true).open(&tmp)?;
    let written = (|| {
        // A lock marks the file as in use; `remove_stale_temps` leaves it alone.
        let _ = f.try_lock();
        f.write_all(bytes)?;
        f.flush()?;
        f.sync_all()?;
        if let Some(p) = perms {
            f.set_permissions(p)?;
        }
        Ok(())
    })();
    match written {
        Ok(()) => Ok((tmp, f)),
        Err(e) => {
            let _ = fs::remove_file(&tmp);
            Err(e)
        }
    }
}

/// Write `bytes` to `path` atomically. With `keep_backup`, the previous file is kept as
/// `FILE.bak` (itself written atomically). A link at `path` is replaced, not followed: callers
/// that save a user's own file resolve it first (`resolve_link`).
pub fn write_atomic(path: &Path, bytes: &[u8], keep_backup: bool) -> Result<(), SaveError> {
    let fail = |reason: String| SaveError {
        path: path.to_owned(),
        reason,
    };
    let dir = folder_of(path);
    if !dir.is_dir() {
        return Err(fail(format!("the folder {} does not exist", dir.display())));
    }
    let Some(name) = path.file_name().map(|n| n.to_string_lossy().into_owned()) else {
        return Err(fail("it names no file".into()));
    };
    let old = fs::symlink_metadata(path).ok();
    if let Some(meta) = &old {
        if meta.is_dir() {
            return Err(fail("it is a folder".into()));
        }
        if meta.is_file() && meta.permissions().readonly() {
            return Err(fail("the file is read-only".into()));
        }
    }
    remove_stale_temps(path);
    let old_file = old.as_ref().filter(|m| m.is_file());
    if keep_backup && old_file.is_some() {
        let bak = backup_path(path);
        let bak_name = format!("{name}.bak");
        let kept = fs::read(path).and_then(|content| {
            let (tmp, _lock) = write_temp(&dir, &bak_name, &content, None)?;
            fs::rename(&tmp, &bak).inspect_err(|_| {
                let _ = fs::remove_file(&tmp);
            })
        });
        if let Err(e) = kept {
            return Err(fail(format!("cannot keep a backup: {}", describe(&e))));
        }
    }
    let perms = old_file.map(fs::Metadata::permissions);
    let written = write_temp(&dir, &name, bytes, perms).and_then(|(tmp, lock)| {
        let renamed = fs::rename(&tmp, path);
        drop(lock);
        renamed.inspect_err(|_| {
            let _ = fs::remove_file(&tmp);
        })
    });
    if let Err(e) = written {
        return Err(fail(describe(&e)));
    }
    // Make the rename itself durable. Not all platforms can open a folder; that is not an error.
    if let Ok(d) = File::open(&dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// A private folder being written; it holds a lock on itself while it lives, so that
/// `remove_stale_private_dirs` can tell it from one a killed process left behind.
#[derive(Debug)]
pub struct PrivateDir {
    /// The folder.
    pub path: PathBuf,
    _lock: Option<File>,
}

/// Make a new folder inside `dir` with an unpredictable name, readable only by its owner, and
/// locked while the returned guard lives. Folders that a killed process left there first are
/// removed.
pub fn make_private_dir(dir: &Path, stem: &str) -> std::io::Result<PrivateDir> {
    remove_stale_private_dirs(dir, stem);
    let path = dir.join(format!(".{stem}-{:016x}{TEMP_SUFFIX}", unpredictable()));
    let mut builder = fs::DirBuilder::new();
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(&path)?;
    // A folder can be locked where it can be opened (every Unix); elsewhere it goes unlocked
    // and is never taken for stale.
    let lock = File::open(&path).ok().filter(|f| f.try_lock().is_ok());
    Ok(PrivateDir { path, _lock: lock })
}

/// Whether `name` is a private folder name of `stem`: `.STEM-`, sixteen hex digits,
/// `.muscat-tmp`.
fn is_private_dir_of(stem: &str, name: &str) -> bool {
    let Some(hex) = name
        .strip_prefix('.')
        .and_then(|n| n.strip_prefix(stem))
        .and_then(|n| n.strip_prefix('-'))
        .and_then(|n| n.strip_suffix(TEMP_SUFFIX))
    else {
        return false;
    };
    hex.len() == 16 && hex.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Remove the private folders of `stem` in `dir` that a killed process left behind: folders
/// of that pattern (never links) that no running process holds locked. Returns how many.
pub fn remove_stale_private_dirs(dir: &Path, stem: &str) -> usize {
    let Ok(entries) = fs::read_dir(dir) else {
        return 0;
    };
    let mut removed = 0;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !is_private_dir_of(stem, &name) || !entry.file_type().is_ok_and(|t| t.is_dir()) {
            continue;
        }
        let p = entry.path();
        let Ok(f) = File::open(&p) else {
            continue;
        };
        if f.try_lock().is_ok() && fs::remove_dir_all(&p).is_ok() {
            removed += 1;
        }
    }
    removed
}

/// Create a new file (failing if anything has its name) and write `bytes` into it.
pub fn write_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut f = OpenOptions::new().write(true).create_new(true).open(path)?;
    f.write_all(bytes)?;
    f.flush()
}

/// An I/O error in words for the user.
pub fn describe(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::PermissionDenied => {
            "permission denied (is the folder read-only?)".into()
        }
        std::io::ErrorKind::StorageFull => "the disk is full".into(),
        std::io::ErrorKind::ReadOnlyFilesystem => "the file system is read-only".into(),
        _ => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temp_names_are_recognised_exactly() {
        let dir = Path::new("/x");
        let t = temp_path(dir, "a.ron");
        let name = t.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        assert!(is_temp_of("a.ron", name), "{name}");
        assert!(!is_temp_of("a.ro", name));
        assert!(!is_temp_of("b.ron", name));
        let bak = temp_path(dir, "a.ron.bak");
        let bak = bak.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        assert!(is_temp_of("a.ron", bak));
        assert!(!is_temp_of("a.ron", ".a.ron.x.0123456789abcdef.muscat-tmp"));
        assert!(!is_temp_of("a.ron", ".a.ron.0123.muscat-tmp"));
        assert_ne!(temp_path(dir, "a"), temp_path(dir, "a"));
        assert!(is_private_dir_of(
            "export",
            ".export-0123456789abcdef.muscat-tmp"
        ));
        assert!(!is_private_dir_of("export", ".export-0123.muscat-tmp"));
        assert!(!is_private_dir_of(
            "export",
            ".exports-0123456789abcdef.muscat-tmp"
        ));
    }

    #[test]
    fn a_private_folder_in_use_stays_and_a_left_one_goes() {
        let dir = std::env::temp_dir().join(format!("muscat-private-{:x}", unpredictable()));
        fs::create_dir_all(&dir).expect("dir");
        let live = make_private_dir(&dir, "export").expect("live");
        fs::write(live.path.join("a.svg"), "x").expect("write");
        // One a killed export left: the same pattern, and nobody holds it.
        let left = dir.join(format!(".export-{:016x}{TEMP_SUFFIX}", unpredictable()));
        fs::create_dir(&left).expect("left");
        fs::write(left.join("b.svg"), "x").expect("write");
        let other = dir.join(".export-notes");
        fs::create_dir(&other).expect("other");
        assert_eq!(remove_stale_private_dirs(&dir, "export"), 1);
        assert!(live.path.is_dir() && !left.exists() && other.is_dir());
        let kept = live.path.clone();
        drop(live);
        assert_eq!(remove_stale_private_dirs(&dir, "export"), 1);
        assert!(!kept.exists());
        let _ = fs::remove_dir_all(&dir);
    }
}
