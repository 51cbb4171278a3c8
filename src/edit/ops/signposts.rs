//! Signposts, observations, revisions and the resolution, as operations.

use super::{Op, OpError};
use crate::edit::Edit;
use crate::engine::Expected;
use crate::engine::signposts::{posterior, probabilities, updated_branches, with_posterior};
use crate::model::{
    Evidence, Resolution, Revision, Scenario, Signpost, TreeIndex, is_iso_date, record_now,
};

/// One branch whose probability a revision changes.
#[derive(Clone, Debug, PartialEq)]
pub struct BranchChange {
    /// Branch id.
    pub id: String,
    /// Branch name.
    pub name: String,
    /// Depth in the tree (top level is 0).
    pub depth: usize,
    /// Probability given its parent, before and after.
    pub conditional: (f64, f64),
    /// Absolute probability, before and after.
    pub absolute: (f64, f64),
}

/// One region's expected composite at the horizon, before and after.
#[derive(Clone, Debug, PartialEq)]
pub struct RegionChange {
    /// Region name.
    pub name: String,
    /// Before.
    pub before: f64,
    /// After.
    pub after: f64,
}

/// What a revision would do, shown before it is accepted.
#[derive(Clone, Debug, PartialEq)]
pub struct Preview {
    /// The chance the probabilities before gave this observation (`None` for a manual revision).
    pub chance: Option<f64>,
    /// Every branch whose probability changes, in tree order.
    pub branches: Vec<BranchChange>,
    /// Each region's expected composite, before and after.
    pub regions: Vec<RegionChange>,
}

/// A revision ready to accept: the operation, and the probabilities before and after it for
/// the preview (worked out only when asked: it computes the expected values twice).
#[derive(Clone, Debug, PartialEq)]
pub struct Proposal {
    /// Applying it changes the probabilities and appends the revision, as one undo step.
    pub op: Op,
    /// The chance the probabilities before gave the observation (`None`: a manual revision).
    chance: Option<f64>,
    /// The scenario the preview compares from.
    before: Scenario,
    /// The scenario after it.
    after: Scenario,
}

impl Proposal {
    /// What it would change.
    pub fn preview(&self) -> Preview {
        preview(&self.before, &self.after, self.chance)
    }
}

/// Changes of at most this size are not listed (floating-point noise).
const NOISE: f64 = 1e-12;

/// Compare two scenarios with the same tree: the branches that moved and every region's
/// expected composite.
pub fn preview(before: &Scenario, after: &Scenario, chance: Option<f64>) -> Preview {
    let tree = TreeIndex::new(before);
    let (c0, a0) = probabilities(before, &tree);
    let (c1, a1) = probabilities(after, &tree);
    let branches = tree
        .preorder
        .iter()
        .filter(|&&i| (c0[i] - c1[i]).abs() > NOISE || (a0[i] - a1[i]).abs() > NOISE)
        .map(|&i| BranchChange {
            id: before.branches[i].id.clone(),
            name: before.branches[i].name.clone(),
            depth: tree.depth[i],
            conditional: (c0[i], c1[i]),
            absolute: (a0[i], a1[i]),
        })
        .collect();
    let (e0, e1) = (Expected::compute(before), Expected::compute(after));
    let h = e0.horizon();
    let regions = before
        .regions
        .iter()
        .enumerate()
        .map(|(r, reg)| RegionChange {
            name: reg.name.clone(),
            before: e0.composite_at(r, h),
            after: e1.composite_at(r, h),
        })
        .collect();
    Preview {
        chance,
        branches,
        regions,
    }
}

fn check_date(date: &str) -> Result<(), OpError> {
    if is_iso_date(date) {
        Ok(())
    } else {
        Err(format!(
            "\"{date}\" is not a date: write it as YYYY-MM-DD, for example 2026-12-01"
        ))
    }
}

/// The scenario after observing signpost `id`, the branches that change and P(evidence).
fn observation(
    s: &Scenario,
    tree: &TreeIndex,
    id: &str,
    seen: bool,
) -> Result<(Scenario, Vec<crate::model::Branch>, f64), OpError> {
    let sp = s
        .signpost(id)
        .ok_or_else(|| format!("there is no signpost \"{id}\""))?;
    if let Some(earlier) = already_recorded(s, id) {
        return Err(earlier);
    }
    // Bayes' rule works on the normalised set; writing its result back would silently make
    // the set sum to 1. The planner puts the sum right first, as the warning says.
    if let Some(problem) = crate::model::first_sum_problem(s, tree) {
        return Err(format!(
            "{problem}; give the set a sum of 1 before recording an observation"
        ));
    }
    let post = posterior(s, tree, sp, seen).map_err(|e| e.to_string())?;
    let changed = updated_branches(s, &post);
    Ok((with_posterior(s, tree, &changed), changed, post.p_evidence))
}

/// Why signpost `id` cannot be recorded again, naming the revision that recorded it: the same
/// evidence counts once. `None` if no revision has recorded it.
pub fn already_recorded(s: &Scenario, id: &str) -> Option<String> {
    let (n, r) = s
        .revisions
        .iter()
        .enumerate()
        .find(|(_, r)| r.evidence.as_ref().is_some_and(|e| e.signpost == id))?;
    let name = s.signpost(id).map_or(id, |sp| sp.name.as_str());
    let seen = r.evidence.as_ref().is_some_and(|e| e.seen);
    Some(format!(
        "\"{name}\" was already recorded as {} in revision {} ({}); the same evidence counts once. New, independent evidence of this kind is a new signpost: add one for it",
        if seen { "seen" } else { "not seen" },
        n + 1,
        r.date
    ))
}

/// What observing signpost `id` would change, before a date or note is given.
pub fn preview_observation(s: &Scenario, id: &str, seen: bool) -> Result<Preview, OpError> {
    let (after, _, chance) = observation(s, &TreeIndex::new(s), id, seen)?;
    Ok(preview(s, &after, Some(chance)))
}

/// Record an observation of signpost `id`: Bayes' rule on the base probabilities, and a
/// revision holding the probabilities before and after.
pub fn observe(
    s: &Scenario,
    id: &str,
    seen: bool,
    date: &str,
    note: &str,
) -> Result<Proposal, OpError> {
    let tree = TreeIndex::new(s);
    let (after, changed, chance) = observation(s, &tree, id, seen)?;
    check_date(date)?;
    let held = record_now(&s.revisions);
    let (before, after_entries) = Revision::between(
        |id| held.get(id).copied(),
        &s.probability_snapshot(&tree),
        &after.probability_snapshot(&tree),
    );
    let revision = Revision {
        date: date.to_owned(),
        evidence: Some(Evidence {
            signpost: id.to_owned(),
            seen,
        }),
        note: note.trim().to_owned(),
        before,
        after: after_entries,
    };
    let word = if seen { "seen" } else { "not seen" };
    let name = s.signpost(id).map_or(id, |sp| sp.name.as_str());
    let op = Op::new(
        Edit::Compound(vec![
            Edit::SetBranches(changed),
            Edit::PushRevision(Box::new(revision)),
        ]),
        format!("Record \"{name}\" {word}"),
    );
    Ok(Proposal {
        op,
        chance: Some(chance),
        before: s.clone(),
        after,
    })
}

/// The probabilities the record last holds (what the newest revision left), put onto the
/// current tree (branches it lacks keep their current value). `None` without revisions.
pub fn last_recorded(s: &Scenario) -> Option<Scenario> {
    if s.revisions.is_empty() {
        return None;
    }
    let held = record_now(&s.revisions);
    let mut out = s.clone();
    let tree = TreeIndex::new(s);
    let now = crate::model::conditional(s, &tree);
    for (i, b) in out.branches.iter_mut().enumerate() {
        if let (Some(&p), Some(current)) = (held.get(b.id.as_str()), now.get(i).copied().flatten())
            && (p - current).abs() > NOISE
        {
            b.probability = crate::model::Prob::Value(p);
        }
    }
    Some(out)
}

/// Put the current probabilities on the record as a manual revision, with a note saying why.
/// "Before" is what the record last held (the newest revision's "after"); with no revisions
/// yet, this starts the record.
pub fn record_revision(s: &Scenario, date: &str, note: &str) -> Result<Proposal, OpError> {
    check_date(date)?;
    if note.trim().is_empty() {
        return Err("say why: a manual revision needs a note".to_owned());
    }
    let tree = TreeIndex::new(s);
    let recorded = last_recorded(s).unwrap_or_else(|| s.clone());
    let held = record_now(&s.revisions);
    let (before, after) = Revision::between(
        |id| held.get(id).copied(),
        &recorded.probability_snapshot(&tree),
        &s.probability_snapshot(&tree),
    );
    let revision = Revision {
        date: date.to_owned(),
        evidence: None,
        note: note.trim().to_owned(),
        before,
        after,
    };
    Ok(Proposal {
        op: Op::new(Edit::PushRevision(Box::new(revision)), "Record a revision"),
        chance: None,
        before: recorded,
        after: s.clone(),
    })
}

/// What a manual revision would put on the record: the newest revision's probabilities (or the
/// current ones, with no revisions yet) against the current ones.
pub fn preview_revision(s: &Scenario) -> Preview {
    preview(&last_recorded(s).unwrap_or_else(|| s.clone()), s, None)
}

/// Mark which branch happened.
pub fn resolve(s: &Scenario, branch: &str, date: &str, note: &str) -> Result<Op, OpError> {
    let b = super::branch(s, branch)?;
    check_date(date)?;
    Ok(Op::new(
        Edit::Resolution(Some(Resolution {
            branch: branch.to_owned(),
            date: date.to_owned(),
            note: note.trim().to_owned(),
        })),
        format!("Mark \"{}\" as what happened", b.name),
    ))
}

/// Clear the resolution.
pub fn unresolve() -> Op {
    Op::new(Edit::Resolution(None), "Clear the resolution")
}

/// Replace the signpost list.
pub fn set_signposts(list: Vec<Signpost>, label: impl Into<String>) -> Op {
    Op::new(Edit::Signposts(list), label)
}

/// A new signpost with a fresh id and an even likelihood on every top-level branch, so that it
/// can be recorded at once and refined.
pub fn add_signpost(s: &Scenario) -> Op {
    let mut n = s.signposts.len() + 1;
    let id = loop {
        let id = format!("signpost-{n}");
        if s.signpost(&id).is_none() {
            break id;
        }
        n += 1;
    };
    let tree = TreeIndex::new(s);
    let mut list = s.signposts.clone();
    list.push(Signpost {
        id,
        name: "New signpost".into(),
        likelihoods: tree
            .roots
            .iter()
            .map(|&i| crate::model::Likelihood {
                branch: s.branches[i].id.clone(),
                seen: 0.5,
            })
            .collect(),
        ..Default::default()
    });
    set_signposts(list, "Add a signpost")
}
