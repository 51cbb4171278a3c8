//! The user's operations, each turned into one `Edit` with a label for the Edit menu.
//! These read the scenario and never change it; `History::apply` does.

mod lists;
mod probability;
pub mod signposts;
#[cfg(test)]
mod tests;

pub use lists::*;
pub use probability::{normalise, rebalance_words, set_probability, set_remainder};

use super::{Edit, MergeKey};
use crate::model::{Branch, Outcome, Prob, Scenario, TreeIndex};

/// An operation ready to apply.
#[derive(Clone, Debug, PartialEq)]
pub struct Op {
    /// The edit.
    pub edit: Edit,
    /// What the Edit menu calls it: "Change probability of Interim freeze".
    pub label: String,
    /// Edits with the same key merge into one undo step while it is open.
    pub key: Option<MergeKey>,
    /// The branch to select afterwards, if the operation makes one.
    pub select: Option<String>,
}

impl Op {
    pub(crate) fn new(edit: Edit, label: impl Into<String>) -> Self {
        Self {
            edit,
            label: label.into(),
            key: None,
            select: None,
        }
    }

    pub(crate) fn keyed(mut self, what: &str, id: &str) -> Self {
        self.key = Some(MergeKey::new(what, id));
        self
    }

    /// Let consecutive edits of `what` on `id` merge into one undo step.
    pub fn merge_as(self, what: &str, id: &str) -> Self {
        self.keyed(what, id)
    }

    fn selecting(mut self, id: impl Into<String>) -> Self {
        self.select = Some(id.into());
        self
    }
}

/// Why an operation cannot be done, in words for the user.
pub type OpError = String;

fn branch<'a>(s: &'a Scenario, id: &str) -> Result<&'a Branch, OpError> {
    s.branch(id)
        .ok_or_else(|| format!("there is no branch \"{id}\""))
}

/// Positions of the children of `parent` (`None`: the top level), in order.
pub fn sibling_positions(s: &Scenario, parent: Option<&str>) -> Vec<usize> {
    s.branches
        .iter()
        .enumerate()
        .filter(|(_, b)| b.parent.as_deref() == parent)
        .map(|(i, _)| i)
        .collect()
}

/// The value a remainder stands for among its siblings: one minus the explicit ones.
pub fn remainder_value(s: &Scenario, parent: Option<&str>) -> f64 {
    let explicit: f64 = sibling_positions(s, parent)
        .iter()
        .filter_map(|&i| s.branches[i].probability.value())
        .filter(|p| p.is_finite())
        .sum();
    (1.0 - explicit).max(0.0)
}

/// The probability a branch stands for, the remainder worked out.
pub fn point_value(s: &Scenario, b: &Branch) -> f64 {
    match b.probability {
        Prob::Value(p) => p,
        Prob::Remainder => remainder_value(s, b.parent.as_deref()),
    }
}

/// What a remainder stands for in the sibling set at `set` (positions, from a `TreeIndex`):
/// `remainder_value` without looking for the set.
pub fn remainder_in(s: &Scenario, set: &[usize]) -> f64 {
    let explicit: f64 = set
        .iter()
        .filter_map(|&i| s.branches.get(i)?.probability.value())
        .filter(|p| p.is_finite())
        .sum();
    (1.0 - explicit).max(0.0)
}

/// The sum of the sibling set at `set` (positions, from a `TreeIndex`), the remainder
/// included: `sibling_sum` without looking for the set.
pub fn sum_in(s: &Scenario, set: &[usize]) -> f64 {
    let rest = remainder_in(s, set);
    set.iter()
        .filter_map(|&i| s.branches.get(i))
        .map(|b| match b.probability {
            Prob::Value(p) => p,
            Prob::Remainder => rest,
        })
        .sum()
}

/// Sum of a sibling set, the remainder included.
pub fn sibling_sum(s: &Scenario, parent: Option<&str>) -> f64 {
    sibling_positions(s, parent)
        .iter()
        .map(|&i| point_value(s, &s.branches[i]))
        .sum()
}

fn new_branch(s: &Scenario, parent: Option<&str>, outcome: Option<Outcome>) -> Branch {
    let id = s.fresh_id("new-branch");
    let siblings = sibling_positions(s, parent);
    let probability = if siblings.is_empty() {
        Prob::Value(1.0)
    } else {
        // Take up whatever the siblings leave, so the set still sums to one.
        let sum = sibling_sum(s, parent);
        Prob::Value(((1.0 - sum).max(0.0) * 1e9).round() / 1e9)
    };
    let mut b = Branch::new(id, "New branch", probability);
    b.parent = parent.map(str::to_owned);
    if parent.is_none() {
        b.outcome = Some(outcome.unwrap_or(Outcome::Partial));
    }
    b
}

/// Add a child under `parent` (`None`: a new top-level branch), as its last child.
pub fn add_child(s: &Scenario, parent: Option<&str>) -> Result<Op, OpError> {
    let (pos, outcome) = match parent {
        Some(p) => {
            let pos = s
                .branch_pos(p)
                .ok_or_else(|| format!("there is no branch \"{p}\""))?;
            let last_child = sibling_positions(s, Some(p)).last().copied();
            (last_child.unwrap_or(pos) + 1, None)
        }
        None => (s.branches.len(), Some(Outcome::Partial)),
    };
    let b = new_branch(s, parent, outcome);
    let id = b.id.clone();
    let label = match parent.and_then(|p| s.branch(p)) {
        Some(p) => format!("Add branch under {}", p.name),
        None => "Add top-level branch".to_owned(),
    };
    Ok(Op::new(Edit::InsertBranches(vec![(pos, b)]), label).selecting(id))
}

/// Add a sibling right after `id`.
pub fn add_sibling(s: &Scenario, id: &str) -> Result<Op, OpError> {
    let b = branch(s, id)?;
    let pos = s.branch_pos(id).unwrap_or(0);
    let tree = TreeIndex::new(s);
    let class = tree.outcome(s, pos);
    let nb = new_branch(s, b.parent.as_deref(), class);
    let new_id = nb.id.clone();
    Ok(Op::new(
        Edit::InsertBranches(vec![(pos + 1, nb)]),
        format!("Add branch beside {}", b.name),
    )
    .selecting(new_id))
}

/// Duplicate `id` and its subtree, with fresh ids, right after it.
pub fn duplicate(s: &Scenario, id: &str) -> Result<Op, OpError> {
    let b = branch(s, id)?;
    let tree = TreeIndex::new(s);
    let pos = tree.pos(id).unwrap_or(0);
    let mut scratch = s.clone();
    let mut copies: Vec<Branch> = Vec::new();
    let mut map: Vec<(String, String)> = Vec::new();
    for i in tree.subtree(pos) {
        let orig = &s.branches[i];
        let new_id = scratch.fresh_id(&format!("{}-copy", orig.id));
        let mut c = orig.clone();
        c.id = new_id.clone();
        // Reserve the id so the next copy gets another.
        scratch
            .branches
            .push(Branch::new(new_id.clone(), "", Prob::Remainder));
        if i == pos {
            c.name = format!("{} (copy)", orig.name);
            if c.probability.is_remainder() {
                c.probability = Prob::Value(0.0);
            }
        }
        map.push((orig.id.clone(), new_id));
        copies.push(c);
    }
    for c in copies.iter_mut().skip(1) {
        if let Some(p) = &c.parent
            && let Some((_, new)) = map.iter().find(|(old, _)| old == p)
        {
            c.parent = Some(new.clone());
        }
    }
    let root_id = copies.first().map(|c| c.id.clone()).unwrap_or_default();
    let items = copies
        .into_iter()
        .enumerate()
        .map(|(k, c)| (pos + 1 + k, c))
        .collect();
    Ok(Op::new(Edit::InsertBranches(items), format!("Duplicate {}", b.name)).selecting(root_id))
}

/// Delete `id` and everything under it.
pub fn delete_branch(s: &Scenario, id: &str) -> Result<Op, OpError> {
    let b = branch(s, id)?;
    let tree = TreeIndex::new(s);
    let pos = tree.pos(id).unwrap_or(0);
    let subtree = tree.subtree(pos);
    let label = match subtree.len() - 1 {
        0 => format!("Delete {}", b.name),
        1 => format!("Delete {} and 1 sub-branch", b.name),
        n => format!("Delete {} and {n} sub-branches", b.name),
    };
    Ok(Op::new(Edit::RemoveBranches(subtree), label))
}

/// Change one branch with `change`; `what` names the field for the label and the merge key.
pub fn update_branch(
    s: &Scenario,
    id: &str,
    what: &str,
    change: impl FnOnce(&mut Branch),
) -> Result<Op, OpError> {
    let mut b = branch(s, id)?.clone();
    let name = b.name.clone();
    change(&mut b);
    Ok(Op::new(
        Edit::SetBranches(vec![b]),
        format!("Change {what} of {name}"),
    )
    .keyed(what, id))
}

/// Rename a branch.
pub fn rename_branch(s: &Scenario, id: &str, name: &str) -> Result<Op, OpError> {
    let old = branch(s, id)?.name.clone();
    let mut op = update_branch(s, id, "name", |b| b.name = name.to_owned())?;
    op.label = format!("Rename {old}");
    Ok(op)
}

/// Move a branch before its previous sibling (`up`) or after its next one.
pub fn move_branch(s: &Scenario, id: &str, up: bool) -> Result<Op, OpError> {
    let b = branch(s, id)?;
    let from = s.branch_pos(id).unwrap_or(0);
    let sibs = sibling_positions(s, b.parent.as_deref());
    let k = sibs.iter().position(|&i| i == from).unwrap_or(0);
    let to = if up {
        if k == 0 {
            return Err(format!("{} is already first", b.name));
        }
        sibs[k - 1]
    } else {
        match sibs.get(k + 1) {
            Some(&next) => next,
            None => return Err(format!("{} is already last", b.name)),
        }
    };
    let dir = if up { "up" } else { "down" };
    Ok(Op::new(
        Edit::MoveBranch {
            from,
            to,
            parent: b.parent.clone(),
        },
        format!("Move {} {dir}", b.name),
    ))
}

/// Move a branch (and its subtree) to be the last child of `new_parent` (`None`: top level).
pub fn reparent(s: &Scenario, id: &str, new_parent: Option<&str>) -> Result<Op, OpError> {
    let b = branch(s, id)?;
    let tree = TreeIndex::new(s);
    let from = tree.pos(id).unwrap_or(0);
    if let Some(np) = new_parent {
        let np_pos = tree
            .pos(np)
            .ok_or_else(|| format!("there is no branch \"{np}\""))?;
        if tree.is_ancestor_or_self(from, np_pos) {
            return Err(format!("{} cannot move under itself", b.name));
        }
    }
    if b.parent.as_deref() == new_parent {
        return Err(format!("{} is already there", b.name));
    }
    // Its new place: after the new parent's last child (or the parent itself), or at the end.
    let anchor = match new_parent {
        Some(np) => sibling_positions(s, Some(np))
            .last()
            .copied()
            .or_else(|| s.branch_pos(np)),
        None => Some(s.branches.len() - 1),
    }
    .unwrap_or(0);
    let to = if anchor >= from { anchor } else { anchor + 1 };
    let mut edits = vec![Edit::MoveBranch {
        from,
        to,
        parent: new_parent.map(str::to_owned),
    }];
    // A top-level branch needs its own class; a second remainder in a set is not allowed.
    let mut fixed = b.clone();
    fixed.parent = new_parent.map(str::to_owned);
    let mut fix = false;
    if new_parent.is_none() && fixed.outcome.is_none() {
        fixed.outcome = Some(tree.outcome(s, from).unwrap_or(Outcome::Partial));
        fix = true;
    }
    let target_has_remainder = sibling_positions(s, new_parent)
        .iter()
        .any(|&i| s.branches[i].probability.is_remainder());
    if fixed.probability.is_remainder() && target_has_remainder {
        fixed.probability = Prob::Value(point_value(s, b));
        fix = true;
    }
    if fix {
        edits.push(Edit::SetBranches(vec![fixed]));
    }
    let where_ = match new_parent.and_then(|p| s.branch(p)) {
        Some(p) => format!("under {}", p.name),
        None => "to the top level".to_owned(),
    };
    Ok(Op::new(
        Edit::Compound(edits),
        format!("Move {} {where_}", b.name),
    ))
}

/// Copy every effect of `from` onto `to` (appended).
pub fn copy_effects(s: &Scenario, from: &str, to: &str) -> Result<Op, OpError> {
    let src = branch(s, from)?;
    if src.effects.is_empty() {
        return Err(format!("{} has no effects to copy", src.name));
    }
    let effects = src.effects.clone();
    let src_name = src.name.clone();
    let mut op = update_branch(s, to, "effects", |b| b.effects.extend(effects))?;
    op.label = format!("Copy effects from {src_name}");
    op.key = None;
    Ok(op)
}
