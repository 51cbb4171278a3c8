//! Loading: never panics, never hangs, and every failure names the file and, where it applies,
//! the line, the column and the offending id.

use super::format::{FileV1, FileV2, Header};
use super::sourcemap::SourceMap;
use super::{FORMAT_NAME, FORMAT_VERSION, OLDEST_VERSION, RECURSION_LIMIT};
use crate::model::{Branch, Diagnostic, Scenario, Severity, validate};
use std::fmt;
use std::io::Read;
use std::path::Path;

/// Largest file Muscat will read.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

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
    fn error(message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            line: None,
            col: None,
            message: message.into(),
            branch: None,
        }
    }

    fn at(mut self, line: usize, col: usize) -> Self {
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

    fn from_diagnostic(d: &Diagnostic, map: &SourceMap) -> Self {
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
    fn one(file: &str, kind: LoadErrorKind, problem: Problem) -> Self {
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
}

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

fn too_large(name: &str, len: u64) -> LoadError {
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

fn ron_options() -> ron::Options {
    ron::Options::default()
        .with_recursion_limit(RECURSION_LIMIT)
        .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
}

fn syntax_error(name: &str, text: &str, e: &ron::error::SpannedError) -> LoadError {
    let (line, col) = (e.span.start.line, e.span.start.col);
    let message = match &e.code {
        ron::Error::ExceededRecursionLimit => format!(
            "the file is nested more than {RECURSION_LIMIT} levels deep; a scenario never needs that"
        ),
        ron::Error::Eof => "the file ends too early: it looks truncated".to_owned(),
        code => {
            let map = SourceMap::new(text);
            let mut message = match map.context_at(line, col) {
                Some(c) => format!("{code} (in {c})"),
                None => code.to_string(),
            };
            if matches!(code, ron::Error::ExpectedStringEnd) || map.unclosed() > 0 {
                message.push_str("; the file looks truncated");
            }
            message
        }
    };
    LoadError::one(
        name,
        LoadErrorKind::Syntax,
        Problem::error(message).at(line, col),
    )
}

/// Load a scenario from text; `name` is used in messages. A leading byte-order mark is
/// skipped, and old Mac line endings (a carriage return alone) count as line breaks.
pub fn load_str(text: &str, name: &str) -> Result<Loaded, LoadError> {
    if text.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large(name, text.len() as u64));
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let unified;
    let text = if has_lone_cr(text) {
        // Same length, so every offset still points where it did.
        unified = lone_cr_to_lf(text);
        unified.as_str()
    } else {
        text
    };
    if text.trim().is_empty() {
        return Err(LoadError::one(
            name,
            LoadErrorKind::Empty,
            Problem::error("the file is empty").at(1, 1),
        ));
    }
    let options = ron_options();
    if let Some(file) = parse_parallel(text)
        && file.format == FORMAT_NAME
        && file.version == FORMAT_VERSION
    {
        return finish(text, name, Scenario::from(file), None);
    }
    // The usual path: a current file parses in one go.
    let (scenario, migrated_from) = match options.from_str::<FileV2>(text) {
        Ok(file) if file.format == FORMAT_NAME && file.version == FORMAT_VERSION => {
            (Scenario::from(file), None)
        }
        first => {
            let header: Header = match options.from_str(text) {
                Ok(h) => h,
                Err(e) => return Err(syntax_error(name, text, &e)),
            };
            check_header(name, text, &header)?;
            let version = header.version.unwrap_or(FORMAT_VERSION);
            if version == FORMAT_VERSION {
                // The header is fine, so the full parse failed for a reason inside the data.
                return Err(match first {
                    Err(e) => syntax_error(name, text, &e),
                    Ok(_) => LoadError::one(
                        name,
                        LoadErrorKind::NotScenario,
                        Problem::error("unreadable header"),
                    ),
                });
            }
            match options.from_str::<FileV1>(text) {
                Ok(v1) => (Scenario::from(v1), Some(version)),
                Err(e) => return Err(syntax_error(name, text, &e)),
            }
        }
    };
    finish(text, name, scenario, migrated_from)
}

/// Whether `text` has a carriage return that is not followed by a line feed.
fn has_lone_cr(text: &str) -> bool {
    let b = text.as_bytes();
    b.iter()
        .enumerate()
        .any(|(i, &c)| c == b'\r' && b.get(i + 1) != Some(&b'\n'))
}

/// `text` with each carriage return that is not followed by a line feed made a line feed.
fn lone_cr_to_lf(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' && chars.peek() != Some(&'\n') {
            out.push('\n');
        } else {
            out.push(c);
        }
    }
    out
}

/// Files at least this large parse their branches on several threads.
const PARALLEL_BYTES: usize = 1 << 20;

/// Parse a large current-version file with its branch list split across threads. Any problem
/// gives `None`, and the caller parses the usual way, which reports exact positions.
fn parse_parallel(text: &str) -> Option<FileV2> {
    if text.len() < PARALLEL_BYTES || text[..text.len().min(4096)].contains("#!") {
        return None;
    }
    let (list, elements) = super::sourcemap::list_elements(text, "branches")?;
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 8);
    if elements.len() < 2 * threads || threads == 1 {
        return None;
    }
    let skeleton = format!("{}[]{}", &text[..list.start], &text[list.end..]);
    let options = ron_options();
    let per = elements.len().div_ceil(threads);
    let (file, parts) = std::thread::scope(|scope| {
        let handles: Vec<_> = elements
            .chunks(per)
            .map(|group| {
                let options = &options;
                scope.spawn(move || {
                    group
                        .iter()
                        .map(|r| options.from_str::<Branch>(&text[r.clone()]).ok())
                        .collect::<Option<Vec<Branch>>>()
                })
            })
            .collect();
        let file = options.from_str::<FileV2>(&skeleton).ok();
        let parts: Option<Vec<Vec<Branch>>> = handles
            .into_iter()
            .map(|h| h.join().ok().flatten())
            .collect();
        (file, parts)
    });
    let mut file = file?;
    if !file.branches.is_empty() {
        return None;
    }
    file.branches = parts?.into_iter().flatten().collect();
    Some(file)
}

fn check_header(name: &str, text: &str, header: &Header) -> Result<(), LoadError> {
    let map = SourceMap::new(text);
    let at = |field: &'static str| {
        map.locate(&crate::model::Location::Scenario(
            crate::model::Field::Named(field),
        ))
        .unwrap_or((1, 1))
    };
    match header.format.as_deref() {
        Some(FORMAT_NAME) => {}
        Some(other) => {
            let (l, c) = at("format");
            return Err(LoadError::one(
                name,
                LoadErrorKind::NotScenario,
                Problem::error(format!(
                    "format is \"{other}\"; a Muscat scenario has format \"{FORMAT_NAME}\""
                ))
                .at(l, c),
            ));
        }
        None => {
            return Err(LoadError::one(
                name,
                LoadErrorKind::NotScenario,
                Problem::error(format!(
                    "not a Muscat scenario: there is no `format: \"{FORMAT_NAME}\"` header"
                ))
                .at(1, 1),
            ));
        }
    }
    match header.version {
        Some(v) if v > FORMAT_VERSION => {
            let (l, c) = at("version");
            Err(LoadError::one(
                name,
                LoadErrorKind::Newer,
                Problem::error(format!(
                    "made by a newer Muscat: the file is format version {v}, and this Muscat reads versions up to {FORMAT_VERSION}; update Muscat to open it"
                ))
                .at(l, c),
            ))
        }
        Some(v) if v < OLDEST_VERSION => {
            let (l, c) = at("version");
            Err(LoadError::one(
                name,
                LoadErrorKind::NotScenario,
                Problem::error(format!(
                    "format version {v} does not exist; versions run from {OLDEST_VERSION} to {FORMAT_VERSION}"
                ))
                .at(l, c),
            ))
        }
        Some(_) => Ok(()),
        None => Err(LoadError::one(
            name,
            LoadErrorKind::NotScenario,
            Problem::error("the file has no `version` header").at(1, 1),
        )),
    }
}

fn finish(
    text: &str,
    name: &str,
    scenario: Scenario,
    migrated_from: Option<u32>,
) -> Result<Loaded, LoadError> {
    let diagnostics = validate(&scenario);
    if diagnostics.is_empty() {
        return Ok(Loaded {
            scenario,
            warnings: Vec::new(),
            migrated_from,
        });
    }
    let map = SourceMap::new(text);
    let mut problems: Vec<Problem> = diagnostics
        .iter()
        .map(|d| Problem::from_diagnostic(d, &map))
        .collect();
    // Errors first, each group in file order (problems without a position last).
    problems.sort_by_key(|p| (p.severity, p.line.is_none(), p.line, p.col));
    if problems.iter().any(|p| p.severity == Severity::Error) {
        return Err(LoadError {
            file: name.to_owned(),
            kind: LoadErrorKind::Invalid,
            problems,
        });
    }
    Ok(Loaded {
        scenario,
        warnings: problems,
        migrated_from,
    })
}
