//! Probability operations: set a value (rebalancing unlocked siblings), make a branch the
//! remainder, and normalise a sibling set.

use super::{Op, OpError, branch, point_value, remainder_value, sibling_positions};
use crate::edit::Edit;
use crate::model::{Branch, Prob, Scenario};

/// Set a branch's probability. With `rebalance`, the set keeps summing to one:
/// - an unlocked remainder sibling takes up the change first (the other values stay as typed);
/// - unlocked siblings with values of their own are scaled in proportion for whatever the
///   remainder cannot take (all of it, when the set has no remainder or it is locked);
/// - locked siblings never change, and a locked remainder keeps the value it stands for;
/// - the value is capped at what the locked siblings leave.
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
        let remainder = siblings.iter().find(|b| b.probability.is_remainder());
        // What a locked remainder stands for now, worked out before the change.
        let held_by_remainder = match remainder {
            Some(r) if r.locked => remainder_value(s, parent.as_deref()),
            _ => 0.0,
        };
        let absorbs = remainder.is_some_and(|r| !r.locked);
        let locked: f64 = siblings
            .iter()
            .filter(|b| b.locked)
            .filter_map(|b| b.probability.value())
            .sum::<f64>()
            + held_by_remainder;
        let free: Vec<&&Branch> = siblings
            .iter()
            .filter(|b| !b.locked && !b.probability.is_remainder())
            .collect();
        let free_sum: f64 = free.iter().filter_map(|b| b.probability.value()).sum();
        p = p.min((1.0 - locked).max(0.0));
        // What the unlocked siblings with values may hold together.
        let avail = (1.0 - p - locked).max(0.0);
        // A remainder that takes up the change leaves them alone while they fit.
        let scale_free = !free.is_empty() && (!absorbs || free_sum > avail);
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

/// How dragging the probability of `id` rebalances its set, in words for its tooltip.
pub fn rebalance_words(s: &Scenario, id: &str) -> String {
    let Some(target) = s.branch(id) else {
        return String::new();
    };
    let parent = target.parent.as_deref();
    let siblings: Vec<&Branch> = sibling_positions(s, parent)
        .into_iter()
        .map(|i| &s.branches[i])
        .filter(|b| b.id != id)
        .collect();
    let remainder = siblings.iter().find(|b| b.probability.is_remainder());
    let free = siblings
        .iter()
        .filter(|b| !b.locked && !b.probability.is_remainder())
        .count();
    let locked = siblings.iter().filter(|b| b.locked).count();
    let mut text = match remainder {
        Some(r) if !r.locked => format!(
            "the remainder, {}, takes up the change{}",
            r.name,
            if free > 0 {
                "; once it reaches 0, unlocked siblings shrink in proportion"
            } else {
                ""
            }
        ),
        _ if free > 0 => "unlocked siblings rebalance in proportion".to_owned(),
        _ if siblings.is_empty() => "it has no siblings".to_owned(),
        _ => "every sibling is locked, so it can only go down to what they leave".to_owned(),
    };
    if locked > 0 {
        text.push_str(&format!(
            "; {locked} locked sibling{} keep{} {}",
            if locked == 1 { "" } else { "s" },
            if locked == 1 { "s" } else { "" },
            if locked == 1 {
                "its value"
            } else {
                "their values"
            }
        ));
    }
    text
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
