//! What a scenario may hold.
//!
//! Scenario files travel by e-mail and shared drives, and Muscat opens whatever it is given. These
//! limits keep every command (check, report, simulate, export, the app) within about 1 GB of memory
//! and a few seconds on any file the loader accepts. Each is far above what a real scenario needs,
//! is written in the README, and is checked at load with a message naming the count and the limit.

use super::{Scenario, TreeIndex};

/// Most branches in the outcome tree.
pub const MAX_BRANCHES: usize = 100_000;
/// Deepest a branch may sit (a top-level branch is at depth 1).
pub const MAX_DEPTH: usize = 256;
/// Most regions.
pub const MAX_REGIONS: usize = 250;
/// Most indicators.
pub const MAX_INDICATORS: usize = 250;
/// Most region × indicator cells (each is a series the engine follows month by month).
pub const MAX_CELLS: usize = 4_096;
/// Most effects, over all branches.
pub const MAX_EFFECTS: usize = 500_000;
/// Most effects on one path from the top level down to a leaf (the work of one simulated sample).
pub const MAX_PATH_EFFECTS: usize = 10_000;
/// Most effects summed over the paths of all leaves (the size of the simulation's leaf tables).
pub const MAX_LEAF_EFFECTS: usize = 20_000_000;
/// Most effects on all leaves' paths × months (the work of one expected-value computation).
pub const MAX_LEAF_EFFECT_MONTHS: u64 = 250_000_000;
/// Most top-level branches × cells (each top-level outcome's mean change in every cell).
pub const MAX_TOP_CELLS: usize = 2_000_000;
/// Longest id, name, title or unit, in characters. Charts shorten long names further; the file
/// keeps them whole.
pub const MAX_NAME_CHARS: usize = 1_000;
/// Longest summary, description, rationale, note or link, in characters.
pub const MAX_TEXT_CHARS: usize = 50_000;
/// Most entries in one list of sources, authors or countries.
pub const MAX_LIST_ITEMS: usize = 500;
/// Most slides.
pub const MAX_SLIDES: usize = 500;
/// Most views (policy options, analysts, pools). Pooling reads every analyst's probabilities.
pub const MAX_VIEWS: usize = 50;
/// Most overrides over all views.
pub const MAX_OVERRIDES: usize = 1_000_000;
/// Most signposts. The board works out each one twice on every change.
pub const MAX_SIGNPOSTS: usize = 500;
/// Most revisions. Each keeps every branch's probability before and after.
pub const MAX_REVISIONS: usize = 10_000;

/// The sizes of a scenario that the limits bound, measured in one pass over the tree.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Size {
    /// Branches.
    pub branches: usize,
    /// Deepest reachable branch (top level is 1).
    pub depth: usize,
    /// Top-level branches.
    pub tops: usize,
    /// Regions.
    pub regions: usize,
    /// Indicators.
    pub indicators: usize,
    /// Effects over all branches.
    pub effects: usize,
    /// Most effects on one leaf's path.
    pub path_effects: usize,
    /// Effects summed over every leaf's path.
    pub leaf_effects: usize,
    /// Months followed (horizon + 1).
    pub months: usize,
}

impl Size {
    /// Measure a scenario. Linear in branches and effects; never recurses.
    pub fn of(s: &Scenario, tree: &TreeIndex) -> Self {
        let mut on_path = vec![0usize; s.branches.len()];
        let mut depth = 0;
        let mut path_effects = 0;
        let mut leaf_effects = 0usize;
        for &i in &tree.preorder {
            let above = tree.parent[i].map_or(0, |p| on_path[p]);
            on_path[i] = above + s.branches[i].effects.len();
            depth = depth.max(tree.depth[i] + 1);
            if tree.is_leaf(i) {
                path_effects = path_effects.max(on_path[i]);
                leaf_effects = leaf_effects.saturating_add(on_path[i]);
            }
        }
        Self {
            branches: s.branches.len(),
            depth,
            tops: tree.roots.len(),
            regions: s.regions.len(),
            indicators: s.indicators.len(),
            effects: s.branches.iter().map(|b| b.effects.len()).sum(),
            path_effects,
            leaf_effects,
            months: s.header.horizon_months as usize + 1,
        }
    }

    /// Region × indicator cells.
    pub fn cells(&self) -> usize {
        self.regions.saturating_mul(self.indicators)
    }

    /// Every limit this size breaks, as messages naming the count and the limit.
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        let mut over = |count: usize, what: &str, limit: usize| {
            if count > limit {
                out.push(format!(
                    "{} {what} is more than Muscat can chart (limit {})",
                    count_text(count as u64),
                    count_text(limit as u64)
                ));
            }
        };
        over(self.branches, "branches", MAX_BRANCHES);
        over(self.depth, "levels in the outcome tree", MAX_DEPTH);
        over(self.regions, "regions", MAX_REGIONS);
        over(self.indicators, "indicators", MAX_INDICATORS);
        over(self.effects, "effects", MAX_EFFECTS);
        over(
            self.path_effects,
            "effects on one path from the top level to a leaf",
            MAX_PATH_EFFECTS,
        );
        if self.regions <= MAX_REGIONS && self.indicators <= MAX_INDICATORS {
            over(
                self.cells(),
                &format!(
                    "region × indicator cells ({} regions × {} indicators)",
                    self.regions, self.indicators
                ),
                MAX_CELLS,
            );
        }
        if self.path_effects <= MAX_PATH_EFFECTS {
            over(
                self.leaf_effects,
                "effects summed over the paths of all leaves",
                MAX_LEAF_EFFECTS,
            );
        }
        let work = (self.leaf_effects as u64).saturating_mul(self.months as u64);
        if self.leaf_effects <= MAX_LEAF_EFFECTS && work > MAX_LEAF_EFFECT_MONTHS {
            out.push(format!(
                "{} effects on the leaves' paths × {} months is more than Muscat can chart (limit {})",
                count_text(self.leaf_effects as u64),
                count_text(self.months as u64),
                count_text(MAX_LEAF_EFFECT_MONTHS)
            ));
        }
        let tops_cells = self.tops.saturating_mul(self.cells());
        if self.cells() <= MAX_CELLS && tops_cells > MAX_TOP_CELLS {
            out.push(format!(
                "{} top-level branches × {} regions × {} indicators is more than Muscat can chart (limit {} top-level branches × cells)",
                count_text(self.tops as u64),
                self.regions,
                self.indicators,
                count_text(MAX_TOP_CELLS as u64)
            ));
        }
        out
    }
}

/// A count with thousands separators: "100,000".
pub fn count_text(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Text shortened to at most `max` characters, ending in "…" where it was cut.
pub fn shorten(text: &str, max: usize) -> std::borrow::Cow<'_, str> {
    match text.char_indices().nth(max) {
        None => std::borrow::Cow::Borrowed(text),
        Some(_) => {
            let keep = max.saturating_sub(1);
            let end = text.char_indices().nth(keep).map_or(text.len(), |(b, _)| b);
            std::borrow::Cow::Owned(format!("{}…", text[..end].trim_end()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_read_with_separators() {
        assert_eq!(count_text(0), "0");
        assert_eq!(count_text(999), "999");
        assert_eq!(count_text(1000), "1,000");
        assert_eq!(count_text(6_000_000), "6,000,000");
    }

    #[test]
    fn shortening_cuts_at_characters() {
        assert_eq!(shorten("abc", 3), "abc");
        assert_eq!(shorten("abcdef", 4), "abc…");
        assert_eq!(shorten("ääää", 2), "ä…");
    }
}
