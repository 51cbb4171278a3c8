//! Reading a scenario file from disk: refusing anything that is not a plain file, capping the
//! size, and checking the bytes are text before they are parsed.

use super::errors::{LoadError, LoadErrorKind, Loaded, Problem};
use super::load::{MAX_FILE_BYTES, load_str};
use std::io::Read;
use std::path::Path;

/// Load a scenario file. Anything but a regular file (a folder, a named pipe, a device) is
/// refused before it is opened, so nothing can make the read wait.
pub fn load_file(path: &Path) -> Result<Loaded, LoadError> {
    let name = path.display().to_string();
    let io_err = |e: std::io::Error| {
        LoadError::one(
            &name,
            LoadErrorKind::Io,
            Problem::error(format!("cannot read the file: {}", super::describe(&e))),
        )
    };
    let not_a_file = |what: &str| {
        LoadError::one(
            &name,
            LoadErrorKind::Io,
            Problem::error(format!("this is {what}, not a scenario file")),
        )
    };
    let meta = std::fs::metadata(path).map_err(io_err)?;
    if let Some(what) = not_regular(&meta) {
        return Err(not_a_file(what));
    }
    let file = open_no_wait(path).map_err(io_err)?;
    // Checked again on the open file, in case the name was swapped in between.
    let meta = file.metadata().map_err(io_err)?;
    if let Some(what) = not_regular(&meta) {
        return Err(not_a_file(what));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(too_large(&name, meta.len()));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    // Read at most one byte past the cap, in case the file grows while it is read.
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(io_err)?;
    // Opening a scenario clears what a killed save of it left behind.
    super::remove_stale_temps(path);
    load_bytes(&bytes, &name)
}

/// What a path is, if not a regular file.
fn not_regular(meta: &std::fs::Metadata) -> Option<&'static str> {
    let t = meta.file_type();
    if t.is_file() {
        return None;
    }
    if t.is_dir() {
        return Some("a folder");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return Some("a named pipe");
        }
        if t.is_socket() {
            return Some("a socket");
        }
        if t.is_block_device() || t.is_char_device() {
            return Some("a device");
        }
    }
    Some("not a regular file")
}

/// Open for reading without waiting: a named pipe swapped in after the check would otherwise
/// block the open until a writer comes.
fn open_no_wait(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // O_NONBLOCK: the same value on every Linux architecture Rust supports but a few
        // (alpha, mips, parisc, sparc), where the build falls back to a plain open.
        #[cfg(any(
            target_arch = "x86_64",
            target_arch = "x86",
            target_arch = "aarch64",
            target_arch = "arm",
            target_arch = "riscv64",
            target_arch = "powerpc64",
            target_arch = "s390x",
            target_arch = "loongarch64"
        ))]
        options.custom_flags(0o4000);
    }
    options.open(path)
}

pub(super) fn too_large(name: &str, len: u64) -> LoadError {
    LoadError::one(
        name,
        LoadErrorKind::TooLarge,
        Problem::error(format!(
            "the file is {:.1} MiB; Muscat reads scenario files up to {} MiB",
            len as f64 / (1024.0 * 1024.0),
            MAX_FILE_BYTES / (1024 * 1024)
        )),
    )
}

/// Load a scenario from bytes; `name` is used in messages.
pub fn load_bytes(bytes: &[u8], name: &str) -> Result<Loaded, LoadError> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large(name, bytes.len() as u64));
    }
    if let Some(pos) = bytes.iter().position(|&b| b == 0) {
        let (line, col) = line_col_bytes(bytes, pos);
        return Err(LoadError::one(
            name,
            LoadErrorKind::Binary,
            Problem::error(format!(
                "this is a binary file, not a scenario (a zero byte at offset {pos})"
            ))
            .at(line, col),
        ));
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let pos = e.valid_up_to();
            let (line, col) = line_col_bytes(bytes, pos);
            return Err(LoadError::one(
                name,
                LoadErrorKind::Binary,
                Problem::error(format!(
                    "the file is not UTF-8 text (invalid byte at offset {pos})"
                ))
                .at(line, col),
            ));
        }
    };
    load_str(text, name)
}

fn line_col_bytes(bytes: &[u8], pos: usize) -> (usize, usize) {
    let text = String::from_utf8_lossy(&bytes[..pos.min(bytes.len())]);
    super::line_col(&text, text.len())
}
