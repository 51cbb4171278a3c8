//! The outcome tree's differences: branches added, removed and moved, their fields, their
//! probabilities and their effects.

use super::pair::{kept_in_order, occurrences, pair_by_key};
use super::{DiffKind, Difference, changed, diff, prob_text};
use crate::model::{Branch, Effect, Scenario};
use std::collections::HashMap;

/// Each branch's parent and 1-based place among its siblings.
fn places(s: &Scenario) -> Vec<usize> {
    let mut next: HashMap<Option<&str>, usize> = HashMap::new();
    s.branches
        .iter()
        .map(|b| {
            let n = next.entry(b.parent.as_deref()).or_insert(0);
            *n += 1;
            *n
        })
        .collect()
}

fn parent_text(p: &Option<String>) -> String {
    p.clone().unwrap_or_else(|| "top level".to_owned())
}

/// The branches of `a` (by index) that changed place among the same parent's children: those
/// outside one longest run of siblings that kept their order. One inserted or removed sibling
/// moves nothing; a sibling dragged elsewhere moves itself only.
fn reordered(a: &Scenario, partners: &[Option<usize>], b: &Scenario) -> Vec<bool> {
    let place_b = places(b);
    // Siblings in `a`'s order that have a partner under the same parent, grouped by parent.
    let mut groups: HashMap<Option<&str>, Vec<(usize, usize)>> = HashMap::new();
    for (i, x) in a.branches.iter().enumerate() {
        if let Some(j) = partners[i]
            && b.branches[j].parent == x.parent
        {
            groups
                .entry(x.parent.as_deref())
                .or_default()
                .push((i, place_b[j]));
        }
    }
    let mut out = vec![false; a.branches.len()];
    for group in groups.values() {
        let seq: Vec<usize> = group.iter().map(|&(_, p)| p).collect();
        for (k, kept) in kept_in_order(&seq).into_iter().enumerate() {
            if !kept {
                out[group[k].0] = true;
            }
        }
    }
    out
}

pub(super) fn branches(a: &Scenario, b: &Scenario, out: &mut Vec<Difference>) {
    let (partners, added) = pair_by_key(&a.branches, &b.branches, |x| x.id.as_str());
    let moved_among = reordered(a, &partners, b);
    let (place_a, place_b) = (places(a), places(b));
    for (i, x) in a.branches.iter().enumerate() {
        let Some(j) = partners[i] else {
            out.push(diff(
                "branch",
                x.id.clone(),
                DiffKind::Removed,
                Some(x.name.clone()),
                None,
            ));
            continue;
        };
        let y = &b.branches[j];
        if x.parent != y.parent {
            out.push(diff(
                "branch",
                x.id.clone(),
                DiffKind::Moved,
                Some(parent_text(&x.parent)),
                Some(parent_text(&y.parent)),
            ));
        } else if moved_among[i] {
            let at = parent_text(&x.parent);
            out.push(diff(
                "branch",
                x.id.clone(),
                DiffKind::Moved,
                Some(format!("{at}, place {}", place_a[i])),
                Some(format!("{at}, place {}", place_b[j])),
            ));
        }
        fields(x, y, out);
        if (x.probability, x.range) != (y.probability, y.range) {
            out.push(changed(
                "probability",
                x.id.clone(),
                prob_text(x.probability, x.range),
                prob_text(y.probability, y.range),
            ));
        }
        effects(x, y, out);
    }
    for j in added {
        let y = &b.branches[j];
        out.push(diff(
            "branch",
            y.id.clone(),
            DiffKind::Added,
            None,
            Some(y.name.clone()),
        ));
    }
}

/// A branch's own fields other than its place, probability and effects.
fn fields(x: &Branch, y: &Branch, out: &mut Vec<Difference>) {
    let mut fields = Vec::new();
    if x.name != y.name {
        fields.push(format!("name \"{}\" → \"{}\"", x.name, y.name));
    }
    if x.outcome != y.outcome {
        let word = |o: Option<crate::model::Outcome>| o.map_or("inherited", |o| o.word());
        fields.push(format!(
            "outcome class {} → {}",
            word(x.outcome),
            word(y.outcome)
        ));
    }
    if x.rationale != y.rationale {
        fields.push("rationale".to_owned());
    }
    if x.sources != y.sources {
        fields.push(format!(
            "sources ({} → {})",
            x.sources.len(),
            y.sources.len()
        ));
    }
    if x.locked != y.locked {
        fields.push(if y.locked { "locked" } else { "unlocked" }.to_owned());
    }
    if !fields.is_empty() {
        out.push(diff(
            "branch",
            x.id.clone(),
            DiffKind::Changed,
            None,
            Some(fields.join("; ")),
        ));
    }
}

/// An effect in words, every field included.
pub(super) fn effect_text(e: &Effect) -> String {
    let profile = match e.profile {
        crate::model::Profile::Step => "step".to_owned(),
        crate::model::Profile::Ramp { months } => format!("ramp over {months} months"),
        crate::model::Profile::Spike { half_life_months } => {
            format!("spike halving every {half_life_months} months")
        }
    };
    format!(
        "{} / {} / {} from month {} ({profile})",
        e.change.low, e.change.likely, e.change.high, e.onset_months,
    )
}

/// The key of an effect in messages: `branch/region/indicator`, and `#n` for the n-th effect
/// on a cell that has several.
fn effect_key(branch: &str, e: &Effect, nth: usize, several: bool) -> String {
    if several {
        format!("{branch}/{}/{}#{}", e.region, e.indicator, nth + 1)
    } else {
        format!("{branch}/{}/{}", e.region, e.indicator)
    }
}

fn effects(x: &Branch, y: &Branch, out: &mut Vec<Difference>) {
    if x.effects == y.effects {
        return;
    }
    let cell = |e: &Effect| (e.region.clone(), e.indicator.clone());
    let (partners, added) = pair_by_key(&x.effects, &y.effects, cell);
    let (nth_x, nth_y) = (occurrences(&x.effects, cell), occurrences(&y.effects, cell));
    // Cells with more than one effect on either side carry their number.
    let mut count: HashMap<(String, String), usize> = HashMap::new();
    for (e, n) in x
        .effects
        .iter()
        .zip(&nth_x)
        .chain(y.effects.iter().zip(&nth_y))
    {
        let c = count.entry(cell(e)).or_insert(0);
        *c = (*c).max(n + 1);
    }
    let several = |e: &Effect| count.get(&cell(e)).is_some_and(|&n| n > 1);
    for (k, e) in x.effects.iter().enumerate() {
        let key = effect_key(&x.id, e, nth_x[k], several(e));
        match partners[k].map(|j| &y.effects[j]) {
            None => out.push(diff(
                "effect",
                key,
                DiffKind::Removed,
                Some(effect_text(e)),
                None,
            )),
            Some(f) if f != e => out.push(changed("effect", key, effect_text(e), effect_text(f))),
            Some(_) => {}
        }
    }
    for j in added {
        let f = &y.effects[j];
        out.push(diff(
            "effect",
            effect_key(&x.id, f, nth_y[j], several(f)),
            DiffKind::Added,
            None,
            Some(effect_text(f)),
        ));
    }
}
