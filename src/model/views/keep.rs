//! Keeping the views true to the base as it changes: overrides whose branch or effect is gone
//! are kept apart, and a view's overrides in a sibling set are pinned so that what it shows
//! still sums to 100% after an edit to the base.

use super::{EffectOverride, ProbOverride, View, ViewKind, conditional_in};
use crate::model::{Prob, ProbRange, Scenario, TreeIndex};
use std::collections::HashMap;

/// The views with every override that no longer fits the tree (its branch, or the base effect it
/// changes, is gone) moved to the view's kept-apart lists; `None` if all fit.
pub fn views_fit_branches(s: &Scenario) -> Option<Vec<View>> {
    let pos: HashMap<&str, usize> = s
        .branches
        .iter()
        .enumerate()
        .map(|(i, b)| (b.id.as_str(), i))
        .collect();
    let has_effect = |o: &EffectOverride| {
        pos.get(o.branch.as_str()).is_some_and(|&i| {
            s.branches[i]
                .effects
                .iter()
                .any(|e| e.region == o.region && e.indicator == o.indicator)
        })
    };
    let mut changed = false;
    let mut views = s.views.clone();
    for v in &mut views {
        let (keep, apart): (Vec<_>, Vec<_>) = std::mem::take(&mut v.probabilities)
            .into_iter()
            .partition(|o| pos.contains_key(o.branch.as_str()));
        let (keep_e, apart_e): (Vec<_>, Vec<_>) = std::mem::take(&mut v.effects)
            .into_iter()
            .partition(|o| has_effect(o));
        changed |= !apart.is_empty() || !apart_e.is_empty();
        v.probabilities = keep;
        v.effects = keep_e;
        v.detached.extend(apart);
        v.detached_effects.extend(apart_e);
    }
    changed.then_some(views)
}

/// The views with their sibling sets kept as they were across an edit of the base: where a set
/// that a view sets summed to 1 before the edit (`before`) and no longer does after it
/// (`after`, the base edited, with its views), the view takes as its own each value of the set
/// that the edit changed, so it shows the numbers it showed before. Making another sibling the
/// remainder, or dragging a sibling the view leaves to the base, then leaves every view valid.
/// `None` if no view needs it. Sets whose branches changed (added, removed, moved) are left alone.
pub fn views_keep_sums(before: &Scenario, after: &Scenario) -> Option<Vec<View>> {
    if after.views.is_empty() {
        return None;
    }
    let (tb, ta) = (TreeIndex::new(before), TreeIndex::new(after));
    let mut views = after.views.clone();
    let mut changed = false;
    // A branch moved under another parent that is a remainder in a view (its own override, or
    // the base's) takes it along as the value it stood for wherever the new set already has a
    // remainder in that view, as the base's own move does: a set has at most one.
    let moved: Vec<usize> = (0..after.branches.len())
        .filter(|&i| {
            tb.pos_of
                .get(&after.branches[i].id)
                .is_some_and(|&j| before.branches[j].parent != after.branches[i].parent)
        })
        .collect();
    for v in views.iter_mut().filter(|v| v.kind != ViewKind::Pooled) {
        if moved.is_empty() {
            break;
        }
        let mut cond: Option<Vec<Option<f64>>> = None;
        for &m in &moved {
            let is_remainder = |index: &HashMap<&str, &ProbOverride>, i: usize| {
                let b = &after.branches[i];
                index
                    .get(b.id.as_str())
                    .map_or(b.probability, |o| o.probability)
                    .is_remainder()
            };
            let set = match ta.parent[m] {
                None => &ta.roots,
                Some(p) => &ta.children[p],
            };
            let index = v.probability_index();
            if !is_remainder(&index, m) || !set.iter().any(|&i| i != m && is_remainder(&index, i)) {
                continue;
            }
            drop(index);
            let cond = cond.get_or_insert_with(|| conditional_in(before, &tb, v));
            let id = after.branches[m].id.clone();
            let stood_for = tb.pos_of.get(&id).and_then(|&j| cond[j]).unwrap_or(0.0);
            let range = v
                .probability_of(&id)
                .map_or(after.branches[m].range, |o| o.range);
            v.probabilities.retain(|o| o.branch != id);
            v.probabilities.push(ProbOverride {
                branch: id,
                probability: Prob::Value(stood_for),
                range,
            });
            changed = true;
        }
    }
    for v in views.iter_mut().filter(|v| v.kind != ViewKind::Pooled) {
        let mut parents: Vec<Option<usize>> = v
            .probabilities
            .iter()
            .filter_map(|o| ta.pos_of.get(&o.branch).map(|&i| ta.parent[i]))
            .collect();
        parents.sort_unstable();
        parents.dedup();
        for parent in parents {
            let set = match parent {
                None => &ta.roots,
                Some(p) => &ta.children[p],
            };
            // The same members, under the same parent, before the edit.
            let members: Option<Vec<usize>> = set
                .iter()
                .map(|&i| {
                    let j = *tb.pos_of.get(&after.branches[i].id)?;
                    (before.branches[j].parent == after.branches[i].parent).then_some(j)
                })
                .collect();
            let Some(members) = members else { continue };
            let siblings_before = match tb.pos_of.get(&after.branches[set[0]].id) {
                Some(&j) => match tb.parent[j] {
                    None => tb.roots.len(),
                    Some(p) => tb.children[p].len(),
                },
                None => continue,
            };
            if siblings_before != members.len() {
                continue;
            }
            let index = v.probability_index();
            let shown = |s: &Scenario, i: usize| shown_by(&index, &s.branches[i]);
            let was: Vec<Shown> = members.iter().map(|&j| shown(before, j)).collect();
            let now: Vec<Shown> = set.iter().map(|&i| shown(after, i)).collect();
            drop(index);
            let base: Vec<(&str, Shown)> = set
                .iter()
                .map(|&i| {
                    let b = &after.branches[i];
                    (b.id.as_str(), (b.probability, b.range))
                })
                .collect();
            changed |= pin_set(v, &base, &was, &now);
        }
    }
    changed.then_some(views)
}

/// A probability and its range, as a view shows them.
type Shown = (Prob, Option<ProbRange>);

/// A branch's probability and range as a view shows them, given its overrides by branch id.
fn shown_by(index: &HashMap<&str, &ProbOverride>, b: &crate::model::Branch) -> Shown {
    index
        .get(b.id.as_str())
        .map_or((b.probability, b.range), |o| (o.probability, o.range))
}

/// Whether a set with these probabilities follows the sum rules.
fn sums(list: &[Shown]) -> bool {
    crate::model::set_sums_to_one(&list.iter().map(|x| x.0).collect::<Vec<_>>())
}

/// Where a view's set showed `was` and would show `now` after an edit of the base (`base`: each
/// member's id and the base's values after it), and the edit breaks a set that was sound, the
/// view takes each changed value as its own. Returns whether the view changed.
fn pin_set(v: &mut View, base: &[(&str, Shown)], was: &[Shown], now: &[Shown]) -> bool {
    if sums(now) || !sums(was) {
        return false;
    }
    // One pass over the overrides, however many members changed.
    let changed: Vec<usize> = (0..base.len()).filter(|&k| now[k] != was[k]).collect();
    let dropped: std::collections::HashSet<&str> = changed.iter().map(|&k| base[k].0).collect();
    v.probabilities
        .retain(|o| !dropped.contains(o.branch.as_str()));
    for k in changed {
        let (id, base_after) = base[k];
        if base_after != was[k] {
            v.probabilities.push(ProbOverride {
                branch: id.to_owned(),
                probability: was[k].0,
                range: was[k].1,
            });
        }
    }
    true
}

/// `views_keep_sums` for an edit that changes only the probabilities and ranges of branches it
/// keeps in place (a drag, a typed value, making a branch the remainder), without a copy of the
/// scenario: the work is one pass over the branches and the overrides of the sets it touches,
/// so a drag on a large file stays quick.
pub fn views_keep_sums_in_place(
    s: &Scenario,
    changed: &[crate::model::Branch],
) -> Option<Vec<View>> {
    let new: HashMap<&str, &crate::model::Branch> =
        changed.iter().map(|b| (b.id.as_str(), b)).collect();
    let mut parents: Vec<Option<&str>> = changed.iter().map(|b| b.parent.as_deref()).collect();
    parents.sort_unstable();
    parents.dedup();
    let mut views: Option<Vec<View>> = None;
    let indexes: Vec<HashMap<&str, &ProbOverride>> =
        s.views.iter().map(View::probability_index).collect();
    let mut by_parent: HashMap<Option<&str>, Vec<&crate::model::Branch>> = HashMap::new();
    for b in &s.branches {
        let parent = b.parent.as_deref();
        if parents.binary_search(&parent).is_ok() {
            by_parent.entry(parent).or_default().push(b);
        }
    }
    for parent in parents {
        let members = by_parent.remove(&parent).unwrap_or_default();
        let base: Vec<(&str, Shown)> = members
            .iter()
            .map(|b| {
                let after = new.get(b.id.as_str()).copied().unwrap_or(b);
                (b.id.as_str(), (after.probability, after.range))
            })
            .collect();
        for (k, (v, index)) in s.views.iter().zip(&indexes).enumerate() {
            if v.kind == ViewKind::Pooled
                || !members.iter().any(|b| index.contains_key(b.id.as_str()))
            {
                continue;
            }
            let was: Vec<Shown> = members.iter().map(|b| shown_by(index, b)).collect();
            let now: Vec<Shown> = base
                .iter()
                .map(|&(id, after)| index.get(id).map_or(after, |o| (o.probability, o.range)))
                .collect();
            if sums(&now) || !sums(&was) {
                continue;
            }
            let list = views.get_or_insert_with(|| s.views.clone());
            pin_set(&mut list[k], &base, &was, &now);
        }
    }
    views
}
