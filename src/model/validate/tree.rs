//! Checks of the outcome tree: branch ids and parents, probabilities, effects and sibling sums.

use super::{Checker, Field, Location, Severity, check_ids, check_sources, check_text, fmt_sum};
use crate::model::limits::{MAX_NAME_CHARS, MAX_TEXT_CHARS, shorten};
use crate::model::{
    Branch, Indicator, Prob, ProbRange, Profile, SUM_TOLERANCE, Scenario, TreeIndex,
};
use std::collections::HashMap;

fn parent_name(parent: Option<&str>) -> String {
    match parent {
        Some(p) => format!("branch \"{p}\""),
        None => "the root".to_owned(),
    }
}

pub(super) fn check_branches(s: &Scenario, tree: &TreeIndex, c: &mut Checker) {
    check_ids(
        "branch",
        s.branches.iter().map(|b| b.id.as_str()),
        |id, nth| Location::Branch {
            id: id.to_owned(),
            nth,
            field: Field::Named("id"),
        },
        c,
    );
    let regions: HashMap<&str, ()> = s.regions.iter().map(|r| (r.id.as_str(), ())).collect();
    let indicators: HashMap<&str, &Indicator> =
        s.indicators.iter().map(|i| (i.id.as_str(), i)).collect();
    let lookup = Lookup {
        regions,
        indicators,
    };
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (i, b) in s.branches.iter().enumerate() {
        let nth = {
            let n = seen.entry(b.id.as_str()).or_insert(0);
            *n += 1;
            *n - 1
        };
        check_branch_texts(b, nth, c);
        if let Some(p) = &b.parent {
            if p == &b.id {
                c.error(
                    Location::branch(&b.id, "parent"),
                    format!("branch \"{}\" names itself as its parent", b.id),
                );
            } else if !tree.pos_of.contains_key(p) {
                c.error(
                    Location::branch(&b.id, "parent"),
                    format!("branch \"{}\" has unknown parent \"{p}\"", b.id),
                );
            } else if !tree.reachable[i] {
                c.error(
                    Location::branch(&b.id, "parent"),
                    format!("branch \"{}\" is on a cycle of parents", b.id),
                );
            }
        } else if b.outcome.is_none() {
            c.error(
                Location::branch(&b.id, "outcome"),
                format!(
                    "top-level branch \"{}\" must set its outcome (Success, Partial or Failure)",
                    b.id
                ),
            );
        }
        check_probability(b, nth, c);
        check_effects(s, &lookup, b, nth, c);
    }
    // Sibling sets: the root's children, then every branch's children.
    let sets = std::iter::once((None, tree.roots.as_slice())).chain(
        tree.children
            .iter()
            .enumerate()
            .filter(|(_, ch)| !ch.is_empty())
            .map(|(i, ch)| (Some(s.branches[i].id.as_str()), ch.as_slice())),
    );
    for (parent, set) in sets {
        check_sibling_sum(s, parent, set, c);
    }
}

/// Regions and indicators by id, so that each effect is checked in constant time.
struct Lookup<'a> {
    regions: HashMap<&'a str, ()>,
    indicators: HashMap<&'a str, &'a Indicator>,
}

fn check_branch_texts(b: &Branch, nth: usize, c: &mut Checker) {
    let at = |field| move || Location::branch_nth(&b.id, nth, field);
    let owner = format!("branch \"{}\"", shorten(&b.id, 40));
    check_text(c, at("id"), "a branch id", &b.id, MAX_NAME_CHARS);
    check_text(
        c,
        at("name"),
        &format!("the name of {owner}"),
        &b.name,
        MAX_NAME_CHARS,
    );
    check_text(
        c,
        at("rationale"),
        &format!("the rationale of {owner}"),
        &b.rationale,
        MAX_TEXT_CHARS,
    );
    check_sources(c, at("sources"), &owner, &b.sources);
}

fn check_probability(b: &Branch, nth: usize, c: &mut Checker) {
    let owner = format!("branch \"{}\"", b.id);
    for p in probability_problems(&owner, b.probability, b.range) {
        let at = Location::branch_nth(&b.id, nth, p.field);
        match p.severity {
            Severity::Error => c.error(at, p.message),
            Severity::Warning => c.warn(at, p.message),
        }
    }
}

/// A problem with a probability or its range, and the field it is in.
pub(super) struct ProbProblem {
    pub field: &'static str,
    pub severity: Severity,
    pub message: String,
}

/// The checks of one probability and its range, for the base and the views alike: a number
/// in [0, 1] (or the remainder), a range with 0 ≤ low ≤ high ≤ 1, and (a warning) the
/// probability inside its range. `owner` starts each message (`branch "deal"`).
pub(super) fn probability_problems(
    owner: &str,
    probability: Prob,
    range: Option<ProbRange>,
) -> Vec<ProbProblem> {
    let mut out = Vec::new();
    if let Prob::Value(p) = probability
        && (!p.is_finite() || !(0.0..=1.0).contains(&p))
    {
        out.push(ProbProblem {
            field: "probability",
            severity: Severity::Error,
            message: format!(
                "{owner} has probability {p}; it must be a number from 0 to 1 or \"remainder\""
            ),
        });
    }
    if let Some(r) = range {
        let ok = r.low.is_finite()
            && r.high.is_finite()
            && (0.0..=1.0).contains(&r.low)
            && (0.0..=1.0).contains(&r.high)
            && r.low <= r.high;
        if !ok {
            out.push(ProbProblem {
                field: "range",
                severity: Severity::Error,
                message: format!(
                    "{owner} has probability range {}–{}; it needs 0 ≤ low ≤ high ≤ 1",
                    r.low, r.high
                ),
            });
        } else if let Prob::Value(p) = probability
            && (p < r.low || p > r.high)
        {
            out.push(ProbProblem {
                field: "range",
                severity: Severity::Warning,
                message: format!(
                    "{owner}: probability {p} lies outside its range {}–{}",
                    r.low, r.high
                ),
            });
        }
    }
    out
}

fn check_effects(s: &Scenario, lookup: &Lookup, b: &Branch, nth: usize, c: &mut Checker) {
    for (k, e) in b.effects.iter().enumerate() {
        let at = |field| Location::Effect {
            branch: b.id.clone(),
            nth,
            index: k,
            field: Field::Named(field),
        };
        let n = k + 1;
        if !lookup.regions.contains_key(e.region.as_str()) {
            c.error(
                at("region"),
                format!(
                    "branch \"{}\": effect {n} names unknown region \"{}\"",
                    b.id, e.region
                ),
            );
        }
        let ind = lookup.indicators.get(e.indicator.as_str()).copied();
        if ind.is_none() {
            c.error(
                at("indicator"),
                format!(
                    "branch \"{}\": effect {n} names unknown indicator \"{}\"",
                    b.id, e.indicator
                ),
            );
        }
        let ch = e.change;
        if !(ch.low.is_finite() && ch.likely.is_finite() && ch.high.is_finite()) {
            c.error(
                at("change"),
                format!(
                    "branch \"{}\": effect {n} has a change that is not finite",
                    b.id
                ),
            );
            continue;
        }
        if !(ch.low <= ch.likely && ch.likely <= ch.high) {
            c.error(
                at("change"),
                format!(
                    "branch \"{}\": effect {n} ({} / {}) needs low ≤ likely ≤ high, has {} / {} / {}; it is left out of the numbers until fixed",
                    b.id, e.region, e.indicator, ch.low, ch.likely, ch.high
                ),
            );
        }
        if let Some(ind) = ind {
            let span = ind.max - ind.min;
            if span > 0.0 && (ch.low.abs() > span || ch.high.abs() > span) {
                c.warn(
                    at("change"),
                    format!(
                        "branch \"{}\": effect {n} moves \"{}\" by more than its whole scale ({span})",
                        b.id, ind.id
                    ),
                );
            }
        }
        if e.onset_months > s.header.horizon_months {
            c.warn(
                at("onset_months"),
                format!(
                    "branch \"{}\": effect {n} starts in month {}, after the horizon ({})",
                    b.id, e.onset_months, s.header.horizon_months
                ),
            );
        }
        if let Profile::Spike { half_life_months } = e.profile
            && (!half_life_months.is_finite() || half_life_months <= 0.0)
        {
            c.error(
                at("profile"),
                format!(
                    "branch \"{}\": effect {n} has half-life {half_life_months}; it must be a positive number of months",
                    b.id
                ),
            );
        }
    }
}

fn check_sibling_sum(s: &Scenario, parent: Option<&str>, set: &[usize], c: &mut Checker) {
    let probs: Vec<(&str, Prob)> = set
        .iter()
        .filter_map(|&i| s.branches.get(i))
        .map(|b| (b.id.as_str(), b.probability))
        .collect();
    if let Some(p) = sibling_sum_problem(&probs, parent) {
        let at = Location::branch(p.branch, "probability");
        match p.severity {
            Severity::Error => c.error(at, p.message),
            Severity::Warning => c.warn(at, p.message),
        }
    }
}

/// The message of the first sibling set in `s` whose probabilities do not sum to 1 (or sum to
/// 0, or have two remainders): the same words validation uses. `None` when every set is sound.
pub fn first_sum_problem(s: &Scenario, tree: &TreeIndex) -> Option<String> {
    let sets = std::iter::once((None, tree.roots.as_slice())).chain(
        tree.children
            .iter()
            .enumerate()
            .filter(|(_, ch)| !ch.is_empty())
            .map(|(i, ch)| (s.branches.get(i).map(|b| b.id.as_str()), ch.as_slice())),
    );
    sets.into_iter().find_map(|(parent, set)| {
        let probs: Vec<(&str, Prob)> = set
            .iter()
            .filter_map(|&i| s.branches.get(i))
            .map(|b| (b.id.as_str(), b.probability))
            .collect();
        sibling_sum_problem(&probs, parent).map(|p| p.message)
    })
}

/// Whether a sibling set with these probabilities follows the sum rules: at most one
/// remainder, a sum above 0 and a sum of 1.
pub fn set_sums_to_one(probs: &[Prob]) -> bool {
    let named: Vec<(&str, Prob)> = probs.iter().map(|&p| ("", p)).collect();
    sibling_sum_problem(&named, None).is_none()
}

/// A problem with the sum of one sibling set.
pub(super) struct SumProblem<'a> {
    /// The branch to point at.
    pub branch: &'a str,
    pub severity: Severity,
    pub message: String,
}

/// The remainder and sum rules of one sibling set, given each branch's id and probability:
/// at most one remainder, a sum above zero, and (a warning) a sum of one.
pub(super) fn sibling_sum_problem<'a>(
    probs: &[(&'a str, Prob)],
    parent: Option<&str>,
) -> Option<SumProblem<'a>> {
    let &(first, _) = probs.first()?;
    let remainders: Vec<&str> = probs
        .iter()
        .filter(|(_, p)| p.is_remainder())
        .map(|(id, _)| *id)
        .collect();
    if remainders.len() > 1 {
        return Some(SumProblem {
            branch: remainders[1],
            severity: Severity::Error,
            message: format!(
                "children of {} have {} \"remainder\" probabilities; at most one is allowed",
                parent_name(parent),
                remainders.len()
            ),
        });
    }
    let explicit: f64 = probs.iter().filter_map(|(_, p)| p.value()).sum();
    if !explicit.is_finite() {
        return None; // reported per branch
    }
    let sum = if remainders.len() == 1 {
        explicit.max(1.0)
    } else {
        explicit
    };
    if sum <= 0.0 {
        Some(SumProblem {
            branch: first,
            severity: Severity::Error,
            message: format!(
                "children of {} sum to 0; give at least one of them a probability above 0",
                parent_name(parent)
            ),
        })
    } else if (sum - 1.0).abs() > SUM_TOLERANCE {
        Some(SumProblem {
            branch: first,
            severity: Severity::Warning,
            message: format!(
                "children of {} sum to {}, not 1; they are normalised for computation",
                parent_name(parent),
                fmt_sum(sum)
            ),
        })
    } else {
        None
    }
}
