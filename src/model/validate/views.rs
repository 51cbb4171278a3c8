//! Checks of the views: ids, weights, and every override against the base tree, with the same
//! remainder and sum rules as the base.

use super::tree::{probability_problems, sibling_sum_problem};
use super::{Checker, Field, Location, Severity, check_ids, check_text};
use crate::model::limits::{MAX_NAME_CHARS, MAX_OVERRIDES, MAX_TEXT_CHARS, MAX_VIEWS, count_text};
use crate::model::{BASE_VIEW_ID, Prob, Scenario, TreeIndex, View, ViewKind};
use std::collections::{HashMap, HashSet};

/// Ids a view may not take: they name the base and every view on the command line.
const RESERVED: [&str; 2] = [BASE_VIEW_ID, "all"];

pub(super) fn check_views(s: &Scenario, tree: &TreeIndex, c: &mut Checker) {
    if s.views.is_empty() {
        return;
    }
    if s.views.len() > MAX_VIEWS {
        c.error(
            Location::Scenario(Field::Named("views")),
            format!(
                "the scenario has {} views; the limit is {MAX_VIEWS}",
                count_text(s.views.len() as u64)
            ),
        );
        return;
    }
    let overrides: usize = s
        .views
        .iter()
        .map(|v| v.probabilities.len() + v.effects.len() + v.detached.len())
        .sum();
    if overrides > MAX_OVERRIDES {
        c.error(
            Location::Scenario(Field::Named("views")),
            format!(
                "the views hold {} overrides; the limit is {}",
                count_text(overrides as u64),
                count_text(MAX_OVERRIDES as u64)
            ),
        );
        return;
    }
    check_ids(
        "view",
        s.views.iter().map(|v| v.id.as_str()),
        |id, nth| Location::View {
            id: id.to_owned(),
            nth,
            field: Field::Named("id"),
        },
        c,
    );
    let analysts = s.analysts().count();
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for v in &s.views {
        let nth = {
            let n = seen.entry(v.id.as_str()).or_insert(0);
            *n += 1;
            *n - 1
        };
        check_view(s, tree, v, nth, analysts, c);
    }
}

fn check_view(
    s: &Scenario,
    tree: &TreeIndex,
    v: &View,
    nth: usize,
    analysts: usize,
    c: &mut Checker,
) {
    let at = |field: &'static str| Location::View {
        id: v.id.clone(),
        nth,
        field: Field::Named(field),
    };
    let who = format!("view \"{}\"", v.id);
    if RESERVED.iter().any(|r| v.id.eq_ignore_ascii_case(r)) {
        c.error(
            at("id"),
            format!(
                "a view may not have the id \"{}\": it names {} on the command line",
                v.id,
                if v.id.eq_ignore_ascii_case("all") {
                    "every view"
                } else {
                    "the base scenario"
                }
            ),
        );
    }
    check_text(
        c,
        || at("name"),
        &format!("the name of {who}"),
        &v.name,
        MAX_NAME_CHARS,
    );
    check_text(
        c,
        || at("note"),
        &format!("the note of {who}"),
        &v.note,
        MAX_TEXT_CHARS,
    );
    if v.name.trim().is_empty() {
        c.warn(at("name"), format!("{who} has no name"));
    }
    if !(v.weight.is_finite() && v.weight > 0.0) {
        c.error(
            at("weight"),
            format!("{who} has weight {}; it must be a number above 0", v.weight),
        );
    }
    if v.kind == ViewKind::Pooled {
        if !v.probabilities.is_empty() || !v.effects.is_empty() {
            c.warn(
                at("probabilities"),
                format!(
                    "{who} is a pooled view and takes its numbers from the analyst views; its own overrides are not used"
                ),
            );
        }
        if analysts == 0 {
            c.warn(
                at("kind"),
                format!("{who} pools the analyst views, but there are none; it equals Base"),
            );
        }
    }
    let over = |list: &'static str, index: usize, field: &'static str| Location::Override {
        view: v.id.clone(),
        nth,
        list,
        index,
        field: Field::Named(field),
    };
    check_probabilities(s, tree, v, &who, &over, c);
    check_effects(s, tree, v, &who, &over, c);
    if v.has_detached() {
        let ids: Vec<&str> = v
            .detached
            .iter()
            .map(|o| o.branch.as_str())
            .chain(v.detached_effects.iter().map(|o| o.branch.as_str()))
            .collect();
        let list = if v.detached.is_empty() {
            "detached_effects"
        } else {
            "detached"
        };
        c.warn(
            over(list, 0, "branch"),
            format!(
                "{who} keeps {} override(s) apart that no longer fit the tree (branch {}); they are not used",
                ids.len(),
                quote_list(&ids)
            ),
        );
    }
}

type At<'a> = dyn Fn(&'static str, usize, &'static str) -> Location + 'a;

fn check_probabilities(
    s: &Scenario,
    tree: &TreeIndex,
    v: &View,
    who: &str,
    over: &At<'_>,
    c: &mut Checker,
) {
    let mut seen: HashSet<&str> = HashSet::new();
    // Sibling sets this view changes: parent position (None for the top level) → first index,
    // in the order first met.
    let mut sets: Vec<(Option<usize>, usize)> = Vec::new();
    let mut set_seen: HashSet<Option<usize>> = HashSet::new();
    for (index, o) in v.probabilities.iter().enumerate() {
        let at = |field| over("probabilities", index, field);
        let Some(&pos) = tree.pos_of.get(&o.branch) else {
            c.error(
                at("branch"),
                format!(
                    "{who} sets the probability of unknown branch \"{}\"",
                    o.branch
                ),
            );
            continue;
        };
        if !seen.insert(o.branch.as_str()) {
            c.error(
                at("branch"),
                format!(
                    "{who} sets the probability of branch \"{}\" twice",
                    o.branch
                ),
            );
            continue;
        }
        let owner = format!("{who}: branch \"{}\"", o.branch);
        for p in probability_problems(&owner, o.probability, o.range) {
            match p.severity {
                Severity::Error => c.error(at(p.field), p.message),
                Severity::Warning => c.warn(at(p.field), p.message),
            }
        }
        let parent = tree.parent.get(pos).copied().flatten();
        if set_seen.insert(parent) {
            sets.push((parent, index));
        }
    }
    if v.kind == ViewKind::Pooled {
        return;
    }
    let overrides = v.probability_index();
    for (parent, index) in sets {
        let set = match parent {
            None => &tree.roots,
            Some(p) => match tree.children.get(p) {
                Some(set) => set,
                None => continue,
            },
        };
        let probs: Vec<(&str, Prob)> = set
            .iter()
            .filter_map(|&i| s.branches.get(i))
            .map(|b| {
                let p = overrides
                    .get(b.id.as_str())
                    .map_or(b.probability, |o| o.probability);
                (b.id.as_str(), p)
            })
            .collect();
        let parent_id = parent
            .and_then(|p| s.branches.get(p))
            .map(|b| b.id.as_str());
        if let Some(p) = sibling_sum_problem(&probs, parent_id) {
            let message = format!("{who}: {}", p.message);
            let at = over("probabilities", index, "probability");
            match p.severity {
                Severity::Error => c.error(at, message),
                Severity::Warning => c.warn(at, message),
            }
        }
    }
}

fn check_effects(
    s: &Scenario,
    tree: &TreeIndex,
    v: &View,
    who: &str,
    over: &At<'_>,
    c: &mut Checker,
) {
    let mut seen: HashSet<(&str, &str, &str)> = HashSet::new();
    for (index, o) in v.effects.iter().enumerate() {
        let at = |field| over("effects", index, field);
        let Some(b) = tree.pos_of.get(&o.branch).and_then(|&i| s.branches.get(i)) else {
            c.error(
                at("branch"),
                format!("{who} sets an effect of unknown branch \"{}\"", o.branch),
            );
            continue;
        };
        let cell = format!("{} / {}", o.region, o.indicator);
        if !b
            .effects
            .iter()
            .any(|e| e.region == o.region && e.indicator == o.indicator)
        {
            c.error(
                at("region"),
                format!(
                    "{who} sets the effect of branch \"{}\" on {cell}, which the base does not have; add the effect to the base first",
                    o.branch
                ),
            );
            continue;
        }
        if !seen.insert((&o.branch, &o.region, &o.indicator)) {
            c.error(
                at("branch"),
                format!(
                    "{who} sets the effect of branch \"{}\" on {cell} twice",
                    o.branch
                ),
            );
            continue;
        }
        let ch = o.change;
        let finite = ch.low.is_finite() && ch.likely.is_finite() && ch.high.is_finite();
        if !(finite && ch.low <= ch.likely && ch.likely <= ch.high) {
            c.error(
                at("change"),
                format!(
                    "{who}: the effect of branch \"{}\" on {cell} needs low ≤ likely ≤ high, has {} / {} / {}",
                    o.branch, ch.low, ch.likely, ch.high
                ),
            );
        }
    }
}

fn quote_list(ids: &[&str]) -> String {
    let shown: Vec<String> = ids.iter().take(5).map(|id| format!("\"{id}\"")).collect();
    let more = ids.len().saturating_sub(5);
    if more > 0 {
        format!("{} and {more} more", shown.join(", "))
    } else {
        shown.join(", ")
    }
}
