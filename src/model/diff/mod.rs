//! What changed between two scenarios, by id: header fields, regions, indicators, branches
//! (added, removed, moved), probabilities, effects, views, signposts, revisions, the resolution
//! and slides.
//!
//! Everything is matched by id, and by position only among entries that share an id (two
//! effects of one branch on one cell pair first with first, second with second). So a scenario
//! compared with itself has no differences, one inserted branch is one change, and a branch is
//! "moved" only when its parent changes or its siblings' order around it does. The work is
//! linear in the two scenarios (slides, which have no ids, are paired by a sequence diff).

mod lists;
mod pair;
#[cfg(test)]
mod tests;
mod tree;

use super::{Prob, ProbRange, Scenario};
use serde::Serialize;

/// How an item changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DiffKind {
    /// Only in the second scenario.
    Added,
    /// Only in the first.
    Removed,
    /// In both, with a different value.
    Changed,
    /// In both, under another parent or at another place among its siblings.
    Moved,
}

impl DiffKind {
    /// The word for tables.
    pub fn word(self) -> &'static str {
        match self {
            Self::Added => "added",
            Self::Removed => "removed",
            Self::Changed => "changed",
            Self::Moved => "moved",
        }
    }
}

/// One difference.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Difference {
    /// What kind of item: `header`, `indicator`, `region`, `branch`, `probability`, `effect`,
    /// `view`, `override`, `signpost`, `revision`, `resolution` or `slide`.
    pub what: &'static str,
    /// The item's id (for an effect, `branch/region/indicator`, with `#2` for a second effect
    /// on the same cell; for a view's override, `view/branch` or `view/branch/region/indicator`;
    /// for a header field, its name; for a revision or slide, its number).
    pub id: String,
    /// How it changed.
    pub kind: DiffKind,
    /// The value before (`null` in JSON for an added item).
    pub before: Option<String>,
    /// The value after (`null` for a removed item).
    pub after: Option<String>,
}

pub(super) fn diff(
    what: &'static str,
    id: impl Into<String>,
    kind: DiffKind,
    before: Option<String>,
    after: Option<String>,
) -> Difference {
    Difference {
        what,
        id: id.into(),
        kind,
        before,
        after,
    }
}

pub(super) fn changed(
    what: &'static str,
    id: impl Into<String>,
    before: String,
    after: String,
) -> Difference {
    diff(what, id, DiffKind::Changed, Some(before), Some(after))
}

pub(super) fn prob_text(p: Prob, r: Option<ProbRange>) -> String {
    let mut s = match p {
        Prob::Value(v) => format!("{}", round(v * 100.0)) + "%",
        Prob::Remainder => "remainder".to_owned(),
    };
    if let Some(r) = r {
        s.push_str(&format!(
            " ({}–{}%)",
            round(r.low * 100.0),
            round(r.high * 100.0)
        ));
    }
    s
}

/// A number without float noise: 15.000000000000002 → 15.
pub(super) fn round(v: f64) -> f64 {
    (v * 1e6).round() / 1e6
}

/// Every difference from `a` to `b`, in a stable order: header, indicators, regions, branches
/// (in `a`'s order, then those added), views and their overrides, signposts, revisions, the
/// resolution, slides.
pub fn differences(a: &Scenario, b: &Scenario) -> Vec<Difference> {
    let mut out = Vec::new();
    header(a, b, &mut out);
    lists::indicators(a, b, &mut out);
    lists::regions(a, b, &mut out);
    tree::branches(a, b, &mut out);
    lists::views(a, b, &mut out);
    lists::signposts(a, b, &mut out);
    lists::revisions(a, b, &mut out);
    if a.resolution != b.resolution {
        let text = |r: &Option<super::Resolution>| {
            r.as_ref().map_or_else(
                || "unresolved".to_owned(),
                |r| format!("{} on {}", r.branch, r.date),
            )
        };
        let (x, y) = (text(&a.resolution), text(&b.resolution));
        let y = if x == y {
            format!("{y} (note changed)")
        } else {
            y
        };
        out.push(changed("resolution", "resolution", x, y));
    }
    lists::slides(a, b, &mut out);
    out
}

fn header(a: &Scenario, b: &Scenario, out: &mut Vec<Difference>) {
    let (x, y) = (&a.header, &b.header);
    let mut field = |name: &'static str, before: String, after: String| {
        if before != after {
            out.push(changed("header", name, before, after));
        }
    };
    field("title", x.title.clone(), y.title.clone());
    field("summary", x.summary.clone(), y.summary.clone());
    field("as_of", x.as_of.clone(), y.as_of.clone());
    field("authors", x.authors.join("; "), y.authors.join("; "));
    if x.sources != y.sources {
        out.push(changed(
            "header",
            "sources",
            format!("{} sources", x.sources.len()),
            format!("{} sources (changed)", y.sources.len()),
        ));
    }
    let mut field = |name: &'static str, before: String, after: String| {
        if before != after {
            out.push(changed("header", name, before, after));
        }
    };
    field(
        "horizon_months",
        x.horizon_months.to_string(),
        y.horizon_months.to_string(),
    );
    field("seed", x.seed.to_string(), y.seed.to_string());
    field(
        "illustrative",
        x.illustrative.to_string(),
        y.illustrative.to_string(),
    );
}
