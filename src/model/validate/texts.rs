//! Checks of sizes: the limits on counts, and the length of every text.

use super::{Checker, Field, Location};
use crate::model::limits::{self, MAX_LIST_ITEMS, MAX_NAME_CHARS, MAX_SLIDES, MAX_TEXT_CHARS};
use crate::model::{Scenario, TreeIndex};

/// The counts the engine's memory and time grow with.
/// Check the size limits; returns whether the tree, the regions or the indicators are past one.
pub(super) fn check_limits(s: &Scenario, tree: &TreeIndex, c: &mut Checker) -> bool {
    let size = limits::Size::of(s, tree);
    let problems = size.problems();
    let past = !problems.is_empty();
    for message in problems {
        c.error(Location::Scenario(Field::Named("branches")), message);
    }
    if s.slides.len() > MAX_SLIDES {
        c.error(
            Location::Scenario(Field::Named("slides")),
            format!(
                "{} slides is more than Muscat can present (limit {MAX_SLIDES})",
                limits::count_text(s.slides.len() as u64)
            ),
        );
    }
    past
}

/// Report text longer than `max` characters. Counting stops at the limit, so a huge text
/// costs no more than a short one.
pub(super) fn check_text(
    c: &mut Checker,
    at: impl FnOnce() -> Location,
    what: &str,
    text: &str,
    max: usize,
) {
    if text.len() > max && text.chars().nth(max).is_some() {
        c.error(
            at(),
            format!(
                "{what} is {} characters long; the limit is {}",
                limits::count_text(text.chars().count() as u64),
                limits::count_text(max as u64)
            ),
        );
    }
}

/// Report a list with more than `MAX_LIST_ITEMS` entries.
pub(super) fn check_list(c: &mut Checker, at: impl FnOnce() -> Location, what: &str, len: usize) {
    if len > MAX_LIST_ITEMS {
        c.error(
            at(),
            format!(
                "{what} has {} entries; the limit is {MAX_LIST_ITEMS}",
                limits::count_text(len as u64)
            ),
        );
    }
}

/// Check the texts of a list of sources.
pub(super) fn check_sources(
    c: &mut Checker,
    at: impl Fn() -> Location,
    owner: &str,
    sources: &[crate::model::Source],
) {
    check_list(c, &at, &format!("the sources of {owner}"), sources.len());
    for src in sources.iter().take(MAX_LIST_ITEMS) {
        check_text(
            c,
            &at,
            &format!("a source title of {owner}"),
            &src.title,
            MAX_NAME_CHARS,
        );
        check_text(
            c,
            &at,
            &format!("a source link of {owner}"),
            &src.link,
            MAX_TEXT_CHARS,
        );
        check_text(
            c,
            &at,
            &format!("a source note of {owner}"),
            &src.note,
            MAX_TEXT_CHARS,
        );
    }
}
