//! Parsing a large file's branches on several threads.

use super::format::FileV4;
use super::load::ron_options;
use crate::model::Branch;

/// Files at least this large parse their branches on several threads.
pub const PARALLEL_BYTES: usize = 1 << 20;

/// How far into the file an inner attribute (`#![enable(...)]`) is looked for. RON takes them
/// only before the data, so a file with one parses the usual way.
const ATTRIBUTE_WINDOW: usize = 4096;

/// Parse a large current-version file with its branch list split across threads. Any problem
/// gives `None`, and the caller parses the usual way, which reports exact positions. Whether
/// it was used is in [`super::Loaded::parsed_in_parallel`].
pub(super) fn parse_parallel(text: &str) -> Option<FileV4> {
    // The window ends on a character boundary: the 4,096th byte may fall inside a Persian
    // letter or an en dash.
    let head = &text[..text.floor_char_boundary(ATTRIBUTE_WINDOW)];
    if text.len() < PARALLEL_BYTES || head.contains("#!") {
        return None;
    }
    let (list, elements) = super::scan::list_elements(text, "branches")?;
    // At least two threads even on one core, so the path is the same on every machine (and
    // a test can see it ran); past eight the skeleton's own parse dominates.
    let threads = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .clamp(2, 8);
    if elements.len() < 2 * threads {
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
        let file = options.from_str::<FileV4>(&skeleton).ok();
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
