//! Probability operations: set a value (rebalancing unlocked siblings), make a branch the
//! remainder, and normalise a sibling set.

use super::{Op, OpError, branch, point_value, remainder_value, sibling_positions};
use crate::edit::Edit;
use crate::model::{Branch, Prob, Scenario};

/// Set a branch's probability. With `rebalance`, unlocked siblings are scaled in proportion
/// so the set still sums to one (a remainder sibling absorbs the change by itself).
pub fn set_probability(s: &Scenario, id: &str, p: f64, rebalance: bool) -> Result<Op, OpError> {
    let target = branch(s, id)?;
    if !p.is_finite() {
        return Err("a probability must be a number from 0 to 1".into());
    }
    let parent = target.parent.clone();
    let siblings: Vec<&Branch> = sibling_positions(s, parent.as_deref())
        .into_iter()
        .map(|i| &s.branches[i])
        .filter(|b| b.id != id)
        .collect();
    let mut p = p.clamp(0.0, 1.0);
    let mut changed: Vec<Branch> = Vec::new();
    if rebalance {
        let locked: f64 = siblings
            .iter()
            .filter(|b| b.locked)
            .filter_map(|b| b.probability.value())
            .sum();
        let has_remainder = siblings.iter().any(|b| b.probability.is_remainder());
        let free: Vec<&&Branch> = siblings
            .iter()
            .filter(|b| !b.locked && !b.probability.is_remainder())
            .collect();
        let free_sum: f64 = free.iter().filter_map(|b| b.probability.value()).sum();
        if !free.is_empty() || !has_remainder {
            p = p.min((1.0 - locked).max(0.0));
        }
        let avail = (1.0 - p - locked).max(0.0);
        let scale_free = !free.is_empty() && (!has_remainder || free_sum > avail);
        if scale_free {
            for b in &free {
                let mut nb = (**b).clone();
                let v = if free_sum > 0.0 {
                    b.probability.value().unwrap_or(0.0) * avail / free_sum
                } else {
                    avail / free.len() as f64
                };
                nb.probability = Prob::Value(v);
                changed.push(nb);
            }
        }
    }
    let mut t = target.clone();
    t.probability = Prob::Value(p);
    let name = t.name.clone();
    changed.insert(0, t);
    Ok(Op::new(
        Edit::SetBranches(changed),
        format!("Change probability of {name}"),
    )
    .keyed("probability", id))
}

/// Make a branch the remainder of its set, or give it back an explicit value.
pub fn set_remainder(s: &Scenario, id: &str, on: bool) -> Result<Op, OpError> {
    let b = branch(s, id)?;
    let parent = b.parent.clone();
    let mut changed = Vec::new();
    let mut t = b.clone();
    if on {
        // At most one remainder per set: the old one keeps the value it stood for.
        for i in sibling_positions(s, parent.as_deref()) {
            let sib = &s.branches[i];
            if sib.id != id && sib.probability.is_remainder() {
                let mut nb = sib.clone();
                nb.probability = Prob::Value(remainder_value(s, parent.as_deref()));
                changed.push(nb);
            }
        }
        t.probability = Prob::Remainder;
    } else {
        t.probability = Prob::Value(point_value(s, b));
    }
    let name = t.name.clone();
    changed.insert(0, t);
    let label = if on {
        format!("Make {name} the remainder")
    } else {
        format!("Give {name} its own probability")
    };
    Ok(Op::new(Edit::SetBranches(changed), label))
}

/// Scale the explicit probabilities of the children of `parent` so the set sums to one.
pub fn normalise(s: &Scenario, parent: Option<&str>) -> Result<Op, OpError> {
    let positions = sibling_positions(s, parent);
    if positions.is_empty() {
        return Err("there are no branches to normalise".into());
    }
    let explicit: f64 = positions
        .iter()
        .filter_map(|&i| s.branches[i].probability.value())
        .sum();
    let has_remainder = positions
        .iter()
        .any(|&i| s.branches[i].probability.is_remainder());
    let target = if has_remainder {
        explicit.min(1.0)
    } else {
        1.0
    };
    let mut changed = Vec::new();
    for &i in &positions {
        let b = &s.branches[i];
        let Prob::Value(v) = b.probability else {
            continue;
        };
        let mut nb = b.clone();
        nb.probability = Prob::Value(if explicit > 0.0 {
            v * target / explicit
        } else if has_remainder {
            0.0
        } else {
            1.0 / positions.len() as f64
        });
        changed.push(nb);
    }
    let what = match parent.and_then(|p| s.branch(p)) {
        Some(p) => format!("Normalise branches under {}", p.name),
        None => "Normalise top-level branches".to_owned(),
    };
    Ok(Op::new(Edit::SetBranches(changed), what))
}
