//! Reading and writing scenario files: versioned RON, migrations, atomic saves, recovery.

mod atomic;
mod errors;
mod format;
mod load;
mod lock;
mod parallel;
mod read;
mod scan;
mod sourcemap;

pub use atomic::{
    PrivateDir, SaveError, backup_path, describe, is_temp_of, make_private_dir,
    remove_stale_private_dirs, remove_stale_temps, resolve_link, unpredictable, write_atomic,
    write_new,
};
pub use errors::{LoadError, LoadErrorKind, Loaded, Problem};
pub use format::{FORMAT_NAME, FORMAT_VERSION, OLDEST_VERSION};
pub use load::{MAX_FILE_BYTES, load_str};
pub use lock::{DiskStamp, FileLock, LOCK_WAIT, LockError, lock_for_update};
pub use parallel::PARALLEL_BYTES;
pub use read::{load_bytes, load_file};
pub use scan::line_col;
pub use sourcemap::SourceMap;

use crate::model::Scenario;
use std::path::Path;

/// RON nesting allowed when reading. The flat format needs about eight levels; the limit only
/// stops hostile input from exhausting the stack.
pub const RECURSION_LIMIT: usize = 128;

/// The scenario as the text of a current-version file.
pub fn to_ron_string(scenario: &Scenario) -> String {
    let config = ron::ser::PrettyConfig::new()
        .depth_limit(4)
        .indentor("    ".to_owned())
        .separate_tuple_members(false)
        .struct_names(false);
    let options =
        ron::Options::default().with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME);
    let body = options
        .to_string_pretty(&format::FileV4Out::from(scenario), config)
        // Serialising plain data into a String cannot fail: every type here is a struct,
        // list, string or number, and strings are escaped.
        .unwrap_or_else(|e| format!("// could not serialise: {e}\n"))
        // RON escapes apostrophes inside "..." strings, where they need no escape; prose reads
        // better without. Every `'` in the output is escaped and every `\` doubled, so each
        // `\'` pair is an escaped apostrophe.
        .replace("\\'", "'");
    format!("// Muscat scenario file (format {FORMAT_NAME}, version {FORMAT_VERSION}).\n{body}\n")
}

/// Save a scenario to `path` atomically, keeping the previous file as `path.bak`. A path that
/// is a link is saved to the file the link points to, and the link stays, as text editors do.
/// A scenario that the loader would refuse (an error, a limit passed, a file too large) is not
/// written: the error says why, and the file on disk stays as it was.
pub fn save_file(path: &Path, scenario: &Scenario) -> Result<(), SaveError> {
    save_file_unless(path, scenario, &|| false).map(|_| ())
}

/// `save_file`, unless `cancelled` says so once the text is written out and checked: then
/// nothing is written and `Ok(false)` comes back. Once writing starts it finishes (the file is
/// replaced whole, or not at all).
pub fn save_file_unless(
    path: &Path,
    scenario: &Scenario,
    cancelled: &dyn Fn() -> bool,
) -> Result<bool, SaveError> {
    let text = to_ron_string(scenario);
    if let Err(reason) = check_writable(scenario, &text) {
        return Err(SaveError {
            path: path.to_owned(),
            reason,
        });
    }
    if cancelled() {
        return Ok(false);
    }
    let target = resolve_link(path);
    write_atomic(&target, text.as_bytes(), true)
        .map(|()| true)
        .map_err(|mut e| {
            e.path = path.to_owned();
            e
        })
}

/// Why the file `text` (the scenario written out) would not load, by the loader's own rules:
/// its size and every validation error, limits included. `Ok` if it would load.
pub fn check_writable(scenario: &Scenario, text: &str) -> Result<(), String> {
    if text.len() as u64 > MAX_FILE_BYTES {
        return Err(format!(
            "the file would be {:.1} MiB, and Muscat reads scenario files up to {} MiB (the file size limit)",
            text.len() as f64 / (1024.0 * 1024.0),
            MAX_FILE_BYTES / (1024 * 1024)
        ));
    }
    let errors: Vec<String> = crate::model::validate(scenario)
        .into_iter()
        .filter(|d| d.severity == crate::model::Severity::Error)
        .map(|d| d.message)
        .collect();
    match errors.as_slice() {
        [] => Ok(()),
        [one] => Err(format!("Muscat would refuse to open the result: {one}")),
        [first, rest @ ..] => Err(format!(
            "Muscat would refuse to open the result: {first} (and {} more error{})",
            rest.len(),
            if rest.len() == 1 { "" } else { "s" }
        )),
    }
}

/// The bundled default scenario's text.
pub const DEFAULT_SCENARIO: &str = include_str!("../../scenarios/us-iran-muscat-2026.ron");
/// The bundled blank template's text.
pub const BLANK_TEMPLATE: &str = include_str!("../../scenarios/blank-template.ron");

/// The bundled scenarios, by display name and file name.
pub const BUNDLED: &[(&str, &str, &str)] = &[
    (
        "US–Iran talks in Muscat (2026)",
        "us-iran-muscat-2026.ron",
        DEFAULT_SCENARIO,
    ),
    (
        "Strait of Hormuz shipping incident",
        "hormuz-shipping-incident.ron",
        include_str!("../../scenarios/hormuz-shipping-incident.ron"),
    ),
    ("Blank template", "blank-template.ron", BLANK_TEMPLATE),
];

/// Load a bundled scenario by file name.
pub fn load_bundled(file_name: &str) -> Result<Loaded, LoadError> {
    let text = BUNDLED
        .iter()
        .find(|(_, f, _)| *f == file_name)
        .map_or("", |(_, _, t)| t);
    load_str(text, &format!("<bundled>/{file_name}"))
}

/// The bundled default scenario.
pub fn default_scenario() -> Scenario {
    // The bundled file is checked by a test; should it ever fail, the app still starts empty.
    load_str(DEFAULT_SCENARIO, "<bundled>/us-iran-muscat-2026.ron")
        .map(|l| l.scenario)
        .unwrap_or_default()
}
