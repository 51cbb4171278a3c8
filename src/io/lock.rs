//! An advisory lock on a scenario file for a read-modify-write (`muscat observe`, the app's
//! Save), so that two writers never both read the old file and the second silently drops what
//! the first wrote. A second writer waits for the first, briefly, then gives up with a message.
//!
//! The lock is taken on the file itself. A save replaces the file with a new one (a rename), so
//! a writer that was waiting on the old file, once it has the lock, checks that the file it
//! locked is still the one at the path, and otherwise locks the new one.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// How long a second writer waits for the first before it gives up.
pub const LOCK_WAIT: Duration = Duration::from_secs(10);

/// A held lock; released when dropped.
#[derive(Debug)]
pub struct FileLock {
    _file: File,
}

/// Why a lock could not be taken.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum LockError {
    /// Another writer held it for longer than the wait.
    #[error(
        "another program (or another Muscat) is writing {} and held it for {} s; nothing was written. Try again once it has finished",
        path.display(),
        waited.as_secs()
    )]
    Busy {
        /// The file.
        path: PathBuf,
        /// How long this writer waited.
        waited: Duration,
    },
    /// The file could not be opened or locked.
    #[error("cannot lock {}: {reason}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// Why, in words.
        reason: String,
    },
}

/// Lock `path` (the file a link points to, for a link) for a read-modify-write, waiting up to
/// `wait` for another writer. A file that does not exist yet has nothing to lock: `Ok(None)`.
pub fn lock_for_update(path: &Path, wait: Duration) -> Result<Option<FileLock>, LockError> {
    let target = super::resolve_link(path);
    let started = Instant::now();
    loop {
        let file = match File::open(&target) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => {
                return Err(LockError::Io {
                    path: path.to_owned(),
                    reason: super::describe(&e),
                });
            }
        };
        // Only plain files are locked: a folder or a pipe is refused by whoever reads it.
        if !file.metadata().is_ok_and(|m| m.is_file()) {
            return Ok(None);
        }
        match file.try_lock() {
            Ok(()) => {
                if same_file(&file, &target) {
                    return Ok(Some(FileLock { _file: file }));
                }
                // Replaced while we waited: lock the file that is there now.
                continue;
            }
            Err(std::fs::TryLockError::WouldBlock) => {
                if started.elapsed() >= wait {
                    return Err(LockError::Busy {
                        path: path.to_owned(),
                        waited: wait,
                    });
                }
                std::thread::sleep(Duration::from_millis(20));
            }
            Err(std::fs::TryLockError::Error(e)) => {
                // A file system without locks (some network shares): carry on unlocked, as
                // every editor does there.
                if e.kind() == std::io::ErrorKind::Unsupported {
                    return Ok(None);
                }
                return Err(LockError::Io {
                    path: path.to_owned(),
                    reason: super::describe(&e),
                });
            }
        }
    }
}

/// Whether the open `file` is the file now at `path`.
fn same_file(file: &File, path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (file.metadata(), std::fs::metadata(path)) {
            (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = (file, path);
        true
    }
}

/// What a file on disk looked like when it was read or written, to tell whether someone else
/// has changed it since.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DiskStamp {
    len: u64,
    modified: Option<std::time::SystemTime>,
    #[cfg(unix)]
    inode: (u64, u64),
}

impl DiskStamp {
    /// The file at `path` now (through a link, the file it points to); `None` if there is none.
    pub fn of(path: &Path) -> Option<Self> {
        let meta = std::fs::metadata(path).ok()?;
        Some(Self {
            len: meta.len(),
            modified: meta.modified().ok(),
            #[cfg(unix)]
            inode: {
                use std::os::unix::fs::MetadataExt;
                (meta.dev(), meta.ino())
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp(tag: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "muscat-lock-{tag}-{}-{:x}",
            std::process::id(),
            super::super::unpredictable()
        ));
        std::fs::create_dir_all(&dir).expect("dir");
        dir
    }

    #[test]
    fn a_second_writer_is_refused_while_the_first_holds_the_lock() {
        let dir = temp("busy");
        let p = dir.join("s.ron");
        std::fs::write(&p, "x").expect("write");
        let first = lock_for_update(&p, LOCK_WAIT)
            .expect("first")
            .expect("a lock");
        let second = lock_for_update(&p, Duration::ZERO).expect_err("busy");
        assert!(
            second.to_string().contains("nothing was written"),
            "{second}"
        );
        drop(first);
        assert!(lock_for_update(&p, Duration::ZERO).expect("free").is_some());
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_replaced_file_is_locked_anew() {
        let dir = temp("replaced");
        let p = dir.join("s.ron");
        std::fs::write(&p, "old").expect("write");
        let held = lock_for_update(&p, LOCK_WAIT)
            .expect("lock")
            .expect("a lock");
        // A save renames a new file over the old one, as write_atomic does.
        super::super::write_atomic(&p, b"new", false).expect("save");
        // The lock on the old file does not stop a lock on the new one...
        let again = lock_for_update(&p, Duration::ZERO).expect("the new file is free");
        assert!(again.is_some());
        drop(again);
        drop(held);
        assert!(matches!(
            lock_for_update(&dir.join("missing.ron"), LOCK_WAIT),
            Ok(None)
        ));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn stamps_tell_a_replaced_file() {
        let dir = temp("stamp");
        let p = dir.join("s.ron");
        std::fs::write(&p, "one").expect("write");
        let before = DiskStamp::of(&p).expect("stamp");
        assert_eq!(DiskStamp::of(&p), Some(before.clone()));
        super::super::write_atomic(&p, b"two", false).expect("save");
        assert_ne!(DiskStamp::of(&p), Some(before));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
