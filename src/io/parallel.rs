//! Parsing a large file's branches on several threads.

use super::format::FileV4;
use super::load::ron_options;
use crate::model::Branch;

/// Files at least this large parse their branches on several threads.
const PARALLEL_BYTES: usize = 1 << 20;

/// Parse a large current-version file with its branch list split across threads. Any problem
/// gives `None`, and the caller parses the usual way, which reports exact positions.
pub(super) fn parse_parallel(text: &str) -> Option<FileV4> {
    if text.len() < PARALLEL_BYTES || text[..text.len().min(4096)].contains("#!") {
        return None;
    }
    let (list, elements) = super::scan::list_elements(text, "branches")?;
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
