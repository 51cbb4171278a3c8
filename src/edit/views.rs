//! Edits while a view is selected, and keeping views in step with the tree.
//!
//! Panels build their operations from the scenario they show, which is the selected view's.
//! `retarget` turns such an edit into one on the document: a changed probability, range or
//! effect estimate becomes the view's override (or drops it, when it equals the base again); every
//! other change goes to the base. `with_upkeep` adds, to any edit that deletes a branch, an effect,
//! a region or an indicator, the step that moves the overrides that no longer fit into the view's
//! kept-apart lists, so nothing a planner set is dropped silently and undo brings it all back.

use super::{Edit, EditError, apply};
use crate::model::{
    Branch, EffectOverride, ProbOverride, Scenario, View, ViewKind, views_fit_branches,
    views_keep_sums, views_keep_sums_in_place,
};

/// Turn an edit built on the view `view_id`'s scenario into one on the base document.
pub fn retarget(s: &Scenario, view_id: &str, edit: Edit) -> Result<Edit, EditError> {
    let Some(index) = s.views.iter().position(|v| v.id == view_id) else {
        return Ok(edit);
    };
    let mut views = s.views.clone();
    let edit = retarget_in(s, &mut views[index], edit)?;
    if views == s.views {
        Ok(edit)
    } else {
        Ok(Edit::Compound(vec![edit, Edit::Views(views)]))
    }
}

fn retarget_in(s: &Scenario, view: &mut View, edit: Edit) -> Result<Edit, EditError> {
    match edit {
        Edit::SetBranches(branches) => {
            let mut base = Vec::new();
            for b in branches {
                match s.branch(&b.id) {
                    Some(old) => {
                        if let Some(nb) = split_branch(old, b, view)? {
                            base.push(nb);
                        }
                    }
                    // A branch inserted earlier in the same edit: it is the base's.
                    None => base.push(b),
                }
            }
            Ok(Edit::SetBranches(base))
        }
        Edit::Compound(edits) => Ok(Edit::Compound(
            edits
                .into_iter()
                .map(|e| retarget_in(s, view, e))
                .collect::<Result<_, _>>()?,
        )),
        other => Ok(other),
    }
}

/// Split a changed branch (`new`, as the view showed it) into the view's overrides and the
/// base's change; returns the base branch if it changes.
fn split_branch(old: &Branch, new: Branch, view: &mut View) -> Result<Option<Branch>, EditError> {
    let pooled = view.kind == ViewKind::Pooled;
    let shown_prob = view
        .probability_of(&old.id)
        .map_or((old.probability, old.range), |o| (o.probability, o.range));
    if (new.probability, new.range) != shown_prob {
        if pooled {
            return Err(pooled_error(&view.name));
        }
        view.probabilities.retain(|o| o.branch != old.id);
        if (new.probability, new.range) != (old.probability, old.range) {
            view.probabilities.push(ProbOverride {
                branch: old.id.clone(),
                probability: new.probability,
                range: new.range,
            });
        }
    }
    let mut base = new.clone();
    base.probability = old.probability;
    base.range = old.range;
    for e in &mut base.effects {
        let Some(base_effect) = old
            .effects
            .iter()
            .find(|o| o.region == e.region && o.indicator == e.indicator)
        else {
            continue; // a new effect: the base's, with the numbers typed
        };
        let shown = view
            .effect_of(&old.id, &e.region, &e.indicator)
            .copied()
            .unwrap_or(base_effect.change);
        if e.change != shown {
            if pooled {
                return Err(pooled_error(&view.name));
            }
            view.effects.retain(|o| {
                !(o.branch == old.id && o.region == e.region && o.indicator == e.indicator)
            });
            if e.change != base_effect.change {
                view.effects.push(EffectOverride {
                    branch: old.id.clone(),
                    region: e.region.clone(),
                    indicator: e.indicator.clone(),
                    change: e.change,
                });
            }
        }
        e.change = base_effect.change;
    }
    Ok((base != *old).then_some(base))
}

fn pooled_error(name: &str) -> EditError {
    EditError(format!(
        "\"{name}\" pools the analyst views and has no numbers of its own; select an analyst's view (or Base) to change them"
    ))
}

/// `edit`, with a step that keeps the views and signposts in step with the tree after it:
/// overrides of a branch or effect that the edit deletes move to the view's kept-apart lists,
/// and signposts' likelihoods on a deleted branch go (its leaves fall back to the branch above).
pub fn with_upkeep(s: &Scenario, edit: Edit) -> Edit {
    let views = !s.views.is_empty() && may_orphan(s, &edit);
    let sums = !s.views.is_empty() && changes_probabilities(s, &edit);
    let likelihoods = matches!(edit, Edit::RemoveBranches(_))
        && s.signposts.iter().any(|sp| !sp.likelihoods.is_empty());
    if !views && !sums && !likelihoods {
        return edit;
    }
    // A drag or a typed value: the views' sets are kept without copying the scenario.
    if sums
        && !views
        && !likelihoods
        && let Some(changed) = in_place_changes(s, &edit)
    {
        return match views_keep_sums_in_place(s, &changed) {
            Some(views) => Edit::Compound(vec![edit, Edit::Views(views)]),
            None => edit,
        };
    }
    let mut after = s.clone();
    if apply(&mut after, edit.clone()).is_err() {
        return edit; // it will fail for the caller, who reports it
    }
    let mut steps = vec![edit];
    if views && let Some(views) = views_fit_branches(&after) {
        after.views = views.clone();
        steps.push(Edit::Views(views));
    }
    // A base edit never leaves a view's set unsound: the view keeps the numbers it showed.
    if sums && let Some(views) = views_keep_sums(s, &after) {
        steps.push(Edit::Views(views));
    }
    if likelihoods {
        let ids: std::collections::HashSet<&str> =
            after.branches.iter().map(|b| b.id.as_str()).collect();
        let mut signposts = after.signposts.clone();
        for sp in &mut signposts {
            sp.likelihoods.retain(|l| ids.contains(l.branch.as_str()));
        }
        if signposts != after.signposts {
            steps.push(Edit::Signposts(signposts));
        }
    }
    if steps.len() == 1 {
        steps.pop().unwrap_or(Edit::Compound(Vec::new()))
    } else {
        Edit::Compound(steps)
    }
}

/// The branches an edit sets, if it only sets existing branches under the parents they have
/// (with their effects unchanged in number): the edits of a drag, a typed value or a remainder.
fn in_place_changes(s: &Scenario, edit: &Edit) -> Option<Vec<Branch>> {
    let mut out = Vec::new();
    let mut stack = vec![edit];
    while let Some(e) = stack.pop() {
        match e {
            Edit::SetBranches(bs) => {
                for b in bs {
                    let old = s.branch(&b.id)?;
                    if old.parent != b.parent {
                        return None;
                    }
                    out.push(b.clone());
                }
            }
            Edit::Compound(es) => stack.extend(es.iter()),
            _ => return None,
        }
    }
    Some(out)
}

/// Whether an edit changes a base probability that some view leaves to the base in a set it
/// sets: only then can the view's set stop summing to 1.
fn changes_probabilities(s: &Scenario, edit: &Edit) -> bool {
    match edit {
        Edit::SetBranches(bs) => bs.iter().any(|b| {
            let Some(old) = s.branch(&b.id) else {
                return false;
            };
            (old.probability, old.range) != (b.probability, b.range)
                && s.views.iter().any(|v| {
                    v.kind != ViewKind::Pooled
                        && !v.probabilities.is_empty()
                        && v.probability_of(&b.id).is_none()
                })
        }),
        Edit::Compound(es) => es.iter().any(|e| changes_probabilities(s, e)),
        // A moved branch may take a remainder into a set that has one in some view.
        Edit::MoveBranch { .. } => s.views.iter().any(|v| !v.probabilities.is_empty()),
        _ => false,
    }
}

/// Whether an edit can leave an override without its branch or effect. Cheap for the edits of
/// a drag, which change a branch and keep its effects.
fn may_orphan(s: &Scenario, edit: &Edit) -> bool {
    match edit {
        Edit::RemoveBranches(_) | Edit::Regions(_) | Edit::Indicators(_) => true,
        Edit::SetBranches(bs) => bs.iter().any(|b| {
            s.views.iter().flat_map(|v| &v.effects).any(|o| {
                o.branch == b.id
                    && !b
                        .effects
                        .iter()
                        .any(|e| e.region == o.region && e.indicator == o.indicator)
            })
        }),
        Edit::Compound(es) => es.iter().any(|e| may_orphan(s, e)),
        _ => false,
    }
}
