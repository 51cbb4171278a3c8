//! Loading: never panics, never hangs, and every failure names the file and, where it applies,
//! the line, the column and the offending id.

use super::errors::{LoadError, LoadErrorKind, Loaded, Problem};
use super::format::{FileV1, FileV4, Header, VERSION_FULL_REVISIONS, VERSION_WITHOUT_VIEWS};
use super::parallel::parse_parallel;
use super::read::too_large;
use super::sourcemap::SourceMap;
use super::{FORMAT_NAME, FORMAT_VERSION, OLDEST_VERSION, RECURSION_LIMIT};
use crate::model::{Scenario, Severity, validate};

/// Largest file Muscat will read.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

pub(super) fn ron_options() -> ron::Options {
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
        && file.readable()
    {
        let from = file.migrated_from();
        return finish(text, name, Scenario::from(file), from).map(|mut l| {
            l.parsed_in_parallel = true;
            l
        });
    }
    // The usual path: a current (or version 2 or 3) file parses in one go.
    let (scenario, migrated_from) = match options.from_str::<FileV4>(text) {
        Ok(file) if file.readable() => {
            let from = file.migrated_from();
            (Scenario::from(file), from)
        }
        first => {
            let header: Header = match options.from_str(text) {
                Ok(h) => h,
                Err(e) => return Err(syntax_error(name, text, &e)),
            };
            check_header(name, text, &header)?;
            let version = header.version.unwrap_or(FORMAT_VERSION);
            if let Ok(file) = &first
                && let Some(section) = file.too_new_section()
            {
                let map = SourceMap::new(text);
                let (l, c) = map
                    .locate(&crate::model::Location::Scenario(
                        crate::model::Field::Named(section),
                    ))
                    .unwrap_or((1, 1));
                let came_in = if section == "views" {
                    VERSION_WITHOUT_VIEWS + 1
                } else {
                    VERSION_FULL_REVISIONS
                };
                return Err(LoadError::one(
                    name,
                    LoadErrorKind::Invalid,
                    Problem::error(format!(
                        "`{section}` came in format version {came_in}, and this file says version {version}; write `version: {FORMAT_VERSION}`"
                    ))
                    .at(l, c),
                ));
            }
            if version >= VERSION_WITHOUT_VIEWS {
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
            parsed_in_parallel: false,
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
        parsed_in_parallel: false,
    })
}
