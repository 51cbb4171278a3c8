//! Checks of the signposts, the revision record and the resolution.

use super::{Checker, Field, Location, check_ids, check_text, is_iso_date};
use crate::model::limits::{
    MAX_NAME_CHARS, MAX_REVISIONS, MAX_SIGNPOSTS, MAX_TEXT_CHARS, count_text,
};
use crate::model::{Scenario, Signpost, TreeIndex};
use std::collections::{HashMap, HashSet};

/// Most uncovered leaves named in one message.
const NAMED: usize = 5;

pub(super) fn check_signposts(s: &Scenario, tree: &TreeIndex, c: &mut Checker) {
    if s.signposts.len() > MAX_SIGNPOSTS {
        c.error(
            Location::Scenario(Field::Named("signposts")),
            format!(
                "the scenario has {} signposts; the limit is {MAX_SIGNPOSTS}",
                count_text(s.signposts.len() as u64)
            ),
        );
    } else {
        check_ids(
            "signpost",
            s.signposts.iter().map(|sp| sp.id.as_str()),
            |id, nth| Location::Signpost {
                id: id.to_owned(),
                nth,
                field: Field::Named("id"),
            },
            c,
        );
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for sp in &s.signposts {
            let nth = {
                let n = seen.entry(sp.id.as_str()).or_insert(0);
                *n += 1;
                *n - 1
            };
            check_signpost(s, tree, sp, nth, c);
        }
    }
    check_revisions(s, c);
    check_resolution(s, tree, c);
}

fn check_signpost(s: &Scenario, tree: &TreeIndex, sp: &Signpost, nth: usize, c: &mut Checker) {
    let at = |field: &'static str| Location::Signpost {
        id: sp.id.clone(),
        nth,
        field: Field::Named(field),
    };
    let who = format!("signpost \"{}\"", sp.id);
    check_text(
        c,
        || at("name"),
        &format!("the name of {who}"),
        &sp.name,
        MAX_NAME_CHARS,
    );
    for (field, text) in [
        ("description", &sp.description),
        ("watch", &sp.watch),
        ("rationale", &sp.rationale),
    ] {
        check_text(
            c,
            || at(field),
            &format!("the {field} of {who}"),
            text,
            MAX_TEXT_CHARS,
        );
    }
    if let Some(date) = &sp.expected_by
        && !is_iso_date(date)
    {
        c.error(
            at("expected_by"),
            format!("{who}: expected_by \"{date}\" is not a date of the form YYYY-MM-DD"),
        );
    }
    if sp.likelihoods.len() > tree.parent.len().max(1) * 2 {
        c.error(
            at("likelihoods"),
            format!(
                "{who} has {} likelihoods, more than twice the number of branches",
                count_text(sp.likelihoods.len() as u64)
            ),
        );
        return;
    }
    let item = |index: usize, field: &'static str| Location::Likelihood {
        signpost: sp.id.clone(),
        nth,
        index,
        field: Field::Named(field),
    };
    let mut on: HashSet<&str> = HashSet::new();
    let mut fine = true;
    for (index, l) in sp.likelihoods.iter().enumerate() {
        if !tree.pos_of.contains_key(&l.branch) {
            fine = false;
            c.error(
                item(index, "branch"),
                format!(
                    "{who} gives a likelihood for branch \"{}\", which does not exist",
                    l.branch
                ),
            );
        } else if !on.insert(l.branch.as_str()) {
            fine = false;
            c.error(
                item(index, "branch"),
                format!("{who} gives branch \"{}\" a second likelihood", l.branch),
            );
        }
        if !(0.0..=1.0).contains(&l.seen) {
            fine = false;
            c.error(
                item(index, "seen"),
                format!(
                    "{who}: the likelihood for \"{}\" is {}; it must be between 0 and 1",
                    l.branch, l.seen
                ),
            );
        }
    }
    // A warning, as a leaf without a likelihood is: deleting the branches a signpost speaks to
    // leaves it so, and the planner gives it new ones.
    if sp.likelihoods.is_empty() {
        c.warn(
            at("likelihoods"),
            format!(
                "{who} has no likelihoods, so it cannot be recorded yet: give P(seen) for each outcome it speaks to"
            ),
        );
        return;
    }
    if !fine {
        return;
    }
    if sp.likelihoods.iter().all(|l| l.seen == 0.0) {
        c.error(
            at("likelihoods"),
            format!("{who}: every likelihood is 0, so it could never be seen"),
        );
    }
    let leaf_l = sp.leaf_likelihoods(tree);
    let missing: Vec<usize> = tree
        .preorder
        .iter()
        .copied()
        .filter(|&i| tree.is_leaf(i) && leaf_l[i].is_none())
        .collect();
    if let Some(&first) = missing.first() {
        let names: Vec<String> = missing
            .iter()
            .take(NAMED)
            .map(|&i| format!("\"{}\"", branch_id(s, i)))
            .collect();
        let more = missing.len().saturating_sub(NAMED);
        let top = tree.path(first).first().copied().unwrap_or(first);
        c.warn(
            at("likelihoods"),
            format!(
                "{who} gives no likelihood for branch {}{}, so it cannot be recorded yet: give one there or on a branch above it (such as \"{}\")",
                names.join(", "),
                if more > 0 {
                    format!(" and {more} more")
                } else {
                    String::new()
                },
                branch_id(s, top)
            ),
        );
    } else if sp.likelihoods.iter().all(|l| l.seen == 1.0) {
        c.warn(
            at("likelihoods"),
            format!("{who}: every likelihood is 1, so seeing it changes nothing"),
        );
    }
}

fn branch_id(s: &Scenario, i: usize) -> &str {
    s.branches.get(i).map_or("?", |b| b.id.as_str())
}

fn check_revisions(s: &Scenario, c: &mut Checker) {
    if s.revisions.len() > MAX_REVISIONS {
        c.error(
            Location::Scenario(Field::Named("revisions")),
            format!(
                "the scenario has {} revisions; the limit is {}",
                count_text(s.revisions.len() as u64),
                count_text(MAX_REVISIONS as u64)
            ),
        );
        return;
    }
    for (index, r) in s.revisions.iter().enumerate() {
        let at = |field: &'static str| Location::Revision {
            index,
            field: Field::Named(field),
        };
        let who = format!("revision {}", index + 1);
        if !is_iso_date(&r.date) {
            c.error(
                at("date"),
                format!(
                    "{who}: date \"{}\" is not a date of the form YYYY-MM-DD",
                    r.date
                ),
            );
        } else if let Some(prev) = index.checked_sub(1).and_then(|p| s.revisions.get(p))
            && is_iso_date(&prev.date)
            && r.date < prev.date
        {
            c.warn(
                at("date"),
                format!(
                    "{who} is dated {}, before revision {} ({}); the timeline shows them in file order",
                    r.date, index, prev.date
                ),
            );
        }
        check_text(
            c,
            || at("note"),
            &format!("the note of {who}"),
            &r.note,
            MAX_TEXT_CHARS,
        );
        for (field, map) in [("before", &r.before), ("after", &r.after)] {
            if let Some((id, p)) = map.iter().find(|(_, p)| !(0.0..=1.0).contains(*p)) {
                c.error(
                    at(field),
                    format!("{who}: the probability of \"{id}\" {field} is {p}; it must be between 0 and 1"),
                );
            }
        }
        if let Some(e) = &r.evidence
            && s.signpost(&e.signpost).is_none()
        {
            c.warn(
                at("evidence"),
                format!(
                    "{who} records signpost \"{}\", which is no longer in the scenario",
                    e.signpost
                ),
            );
        }
    }
}

fn check_resolution(s: &Scenario, tree: &TreeIndex, c: &mut Checker) {
    let Some(res) = &s.resolution else {
        return;
    };
    let at = || Location::Scenario(Field::Named("resolution"));
    if !tree.pos_of.contains_key(&res.branch) {
        c.error(
            at(),
            format!(
                "the resolution names branch \"{}\", which does not exist",
                res.branch
            ),
        );
    }
    if !is_iso_date(&res.date) {
        c.error(
            at(),
            format!(
                "the resolution's date \"{}\" is not a date of the form YYYY-MM-DD",
                res.date
            ),
        );
    }
    check_text(c, at, "the resolution's note", &res.note, MAX_TEXT_CHARS);
}
