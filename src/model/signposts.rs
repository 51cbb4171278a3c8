//! Signposts, revisions and the resolution: how a scenario is kept up to date.
//!
//! A signpost is an event to watch for. For the branches it speaks to it gives P(seen | branch);
//! a leaf takes the likelihood of its nearest ancestor (itself included) that has one. Recording
//! an observation updates the branch probabilities by Bayes' rule (`crate::engine::bayes`) and
//! appends a `Revision` that keeps the probabilities before and after. When the talks resolve,
//! the `Resolution` names the branch that happened, and each revision can be scored.

use super::{Scenario, TreeIndex};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// Where a signpost is watched for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SourceType {
    /// Official statements, agency reports (the IAEA, governments).
    #[default]
    Official,
    /// News media and wire services.
    Media,
    /// Diplomatic channels and the mediators.
    Diplomatic,
    /// Open-source and commercial imagery, shipping and flight trackers.
    OpenSource,
    /// Markets: oil, shipping insurance, currencies.
    Markets,
    /// Classified reporting.
    Intelligence,
    /// Anything else.
    Other,
}

impl SourceType {
    /// Every source type, in menu order.
    pub const ALL: [SourceType; 7] = [
        Self::Official,
        Self::Media,
        Self::Diplomatic,
        Self::OpenSource,
        Self::Markets,
        Self::Intelligence,
        Self::Other,
    ];

    /// Display label.
    pub fn label(self) -> &'static str {
        match self {
            Self::Official => "Official statements",
            Self::Media => "News media",
            Self::Diplomatic => "Diplomatic channels",
            Self::OpenSource => "Open-source monitoring",
            Self::Markets => "Markets",
            Self::Intelligence => "Intelligence reporting",
            Self::Other => "Other",
        }
    }
}

/// The chance of seeing a signpost if a branch is the one that happens.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Likelihood {
    /// The branch's id.
    pub branch: String,
    /// P(seen | branch), in [0, 1].
    pub seen: f64,
}

/// An event to watch for, and what it would say about the branches.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Signpost {
    /// Stable id used on the command line and in revisions.
    pub id: String,
    /// Display name: the event.
    pub name: String,
    /// What it is and why it matters.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// What to watch and where.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub watch: String,
    /// The kind of source it comes from.
    #[serde(default)]
    pub source: SourceType,
    /// The date by which it would be expected, `YYYY-MM-DD`; after it, "not seen" is due.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected_by: Option<String>,
    /// Why the likelihoods are what they are.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub rationale: String,
    /// P(seen | branch) for the branches it speaks to.
    #[serde(default)]
    pub likelihoods: Vec<Likelihood>,
}

/// The evidence behind a revision.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    /// The signpost's id.
    pub signpost: String,
    /// Whether it was seen (false: its date passed, or it was looked for and not found).
    pub seen: bool,
}

/// One accepted change of the probabilities, kept as a record. Never rewritten.
///
/// A revision keeps only what it adds to the record (format version 5): `before` holds each
/// branch whose probability before it differs from what the record held (for the first
/// revision, every branch: it starts the record), and `after` each branch whose probability it
/// changed. What the record held at any revision is read by walking the revisions in order
/// (`walk_record`), each on top of those before it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Revision {
    /// When, `YYYY-MM-DD`.
    pub date: String,
    /// The observation, or `None` for a judgement not tied to a signpost.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<Evidence>,
    /// Why, with its source.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    /// Probabilities (given the parent) before the revision that the record did not hold.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub before: BTreeMap<String, f64>,
    /// Probabilities (given the parent) the revision changed, as they are after it.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub after: BTreeMap<String, f64>,
}

/// Changes smaller than this are no change (floating-point noise from renormalising).
const RECORD_NOISE: f64 = 1e-12;

impl Revision {
    /// A revision that takes the probabilities from `before` to `after` (each every branch's
    /// probability given its parent, by id) on top of what the record holds (`held`): it keeps
    /// only the entries the record needs.
    pub fn between(
        held: impl Fn(&str) -> Option<f64>,
        before: &BTreeMap<String, f64>,
        after: &BTreeMap<String, f64>,
    ) -> (BTreeMap<String, f64>, BTreeMap<String, f64>) {
        let differs = |a: Option<f64>, b: f64| a.is_none_or(|a| (a - b).abs() > RECORD_NOISE);
        let kept_before = before
            .iter()
            .filter(|(id, p)| differs(held(id.as_str()), **p))
            .map(|(id, p)| (id.clone(), *p))
            .collect();
        let kept_after = after
            .iter()
            .filter(|(id, p)| differs(before.get(id.as_str()).copied(), **p))
            .map(|(id, p)| (id.clone(), *p))
            .collect();
        (kept_before, kept_after)
    }
}

/// What the record held for the branches, at one point of the walk: a probability given the
/// parent, by branch id.
#[derive(Clone, Copy, Debug)]
pub struct Held<'m> {
    held: &'m HashMap<&'m str, f64>,
    over: Option<&'m BTreeMap<String, f64>>,
}

impl Held<'_> {
    /// The branch's probability, if the record held one.
    pub fn get(&self, id: &str) -> Option<f64> {
        self.over
            .and_then(|m| m.get(id).copied())
            .or_else(|| self.held.get(id).copied())
    }
}

/// Walk the record: call `f` with each revision's position, the revision, and what the record
/// held just before it and just after it. Linear in what the revisions hold.
pub fn walk_record<'a>(
    revisions: &'a [Revision],
    mut f: impl FnMut(usize, &'a Revision, Held<'_>, Held<'_>),
) {
    let mut held: HashMap<&'a str, f64> = HashMap::new();
    for (k, r) in revisions.iter().enumerate() {
        for (id, &p) in &r.before {
            held.insert(id.as_str(), p);
        }
        f(
            k,
            r,
            Held {
                held: &held,
                over: None,
            },
            Held {
                held: &held,
                over: Some(&r.after),
            },
        );
        for (id, &p) in &r.after {
            held.insert(id.as_str(), p);
        }
    }
}

/// For each revision, what the record held for the branches `ids` just before it and just after
/// it (absent where it held nothing): the top-level branches' history for the timeline, the
/// revision list and the report.
pub fn record_of(
    revisions: &[Revision],
    ids: &[&str],
) -> Vec<(BTreeMap<String, f64>, BTreeMap<String, f64>)> {
    let mut out = Vec::with_capacity(revisions.len());
    walk_record(revisions, |_, _, before, after| {
        let pick = |h: Held<'_>| {
            ids.iter()
                .filter_map(|&id| Some((id.to_owned(), h.get(id)?)))
                .collect::<BTreeMap<String, f64>>()
        };
        out.push((pick(before), pick(after)));
    });
    out
}

/// What the record holds after every revision: each branch's newest recorded probability.
pub fn record_now(revisions: &[Revision]) -> HashMap<&str, f64> {
    let mut held: HashMap<&str, f64> = HashMap::new();
    for r in revisions {
        for (id, &p) in r.before.iter().chain(&r.after) {
            held.insert(id.as_str(), p);
        }
    }
    held
}

/// The revisions of a version 4 file, where each kept every branch before and after, cut to
/// what each adds to the record. Walking the result gives back exactly what each held.
pub fn compress_revisions(revisions: Vec<Revision>) -> Vec<Revision> {
    let mut held: HashMap<String, f64> = HashMap::new();
    revisions
        .into_iter()
        .map(|mut r| {
            let differs = |a: Option<&f64>, b: f64| a.is_none_or(|a| (a - b).abs() > RECORD_NOISE);
            r.before.retain(|id, p| differs(held.get(id), *p));
            for (id, &p) in &r.before {
                held.insert(id.clone(), p);
            }
            r.after.retain(|id, p| differs(held.get(id), *p));
            for (id, &p) in &r.after {
                held.insert(id.clone(), p);
            }
            r
        })
        .collect()
}

/// Which branch happened, once the talks resolve.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Resolution {
    /// The branch that happened (a leaf or an inner branch).
    pub branch: String,
    /// When, `YYYY-MM-DD`.
    pub date: String,
    /// What happened, with its source.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

/// Where a signpost stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// Not yet observed, and its date (if any) has not passed.
    Waiting,
    /// Recorded as seen.
    Seen,
    /// Recorded as not seen.
    NotSeen,
    /// Not observed, and its expected date has passed.
    Overdue,
}

impl Status {
    /// Display label.
    pub fn label(self) -> &'static str {
        match self {
            Self::Waiting => "waiting",
            Self::Seen => "seen",
            Self::NotSeen => "not seen",
            Self::Overdue => "overdue",
        }
    }
}

/// ICD 203 words with the probability the likelihood editor sets for each (the middle of the
/// word's band).
pub const ESTIMATIVE_LEVELS: [(&str, f64); 7] = [
    ("almost no chance", 0.02),
    ("very unlikely", 0.125),
    ("unlikely", 0.325),
    ("roughly even chance", 0.5),
    ("likely", 0.675),
    ("very likely", 0.875),
    ("almost certain", 0.975),
];

impl Scenario {
    /// The signpost with this id.
    pub fn signpost(&self, id: &str) -> Option<&Signpost> {
        self.signposts.iter().find(|s| s.id == id)
    }

    /// The date signpost statuses are read on when no other is asked for: the scenario's own
    /// date or its newest revision, whichever is later, so that a report or an export of a
    /// file says the same whatever day it is made. `None` when neither is a date (then no
    /// signpost is overdue).
    pub fn status_date(&self) -> Option<String> {
        let dates = std::iter::once(self.header.as_of.as_str())
            .chain(self.revisions.iter().map(|r| r.date.as_str()));
        // ISO dates order as text.
        dates
            .filter(|d| super::is_iso_date(d))
            .max()
            .map(str::to_owned)
    }

    /// Where a signpost stands on `today` (`YYYY-MM-DD`): the newest observation of it decides;
    /// without one, a passed expected date makes it overdue.
    pub fn status(&self, sp: &Signpost, today: &str) -> Status {
        let last = self
            .revisions
            .iter()
            .rev()
            .filter_map(|r| r.evidence.as_ref())
            .find(|e| e.signpost == sp.id);
        match last {
            Some(e) if e.seen => Status::Seen,
            Some(_) => Status::NotSeen,
            None => match sp.expected_by.as_deref().map(super::dates::day_number) {
                Some(Some(due)) if super::dates::day_number(today).is_some_and(|t| t > due) => {
                    Status::Overdue
                }
                _ => Status::Waiting,
            },
        }
    }

    /// Every branch's probability given its parent (remainders filled in, sets normalised), by
    /// id: what a revision records.
    pub fn probability_snapshot(&self, tree: &TreeIndex) -> BTreeMap<String, f64> {
        super::conditional(self, tree)
            .into_iter()
            .enumerate()
            .filter_map(|(i, p)| Some((self.branches[i].id.clone(), p?)))
            .collect()
    }
}

impl Signpost {
    /// P(seen | leaf) for each branch, indexed by position: the likelihood of the nearest
    /// ancestor (itself included) that has one; `None` where no branch on the path has one.
    pub fn leaf_likelihoods(&self, tree: &TreeIndex) -> Vec<Option<f64>> {
        let n = tree.parent.len();
        let mut own = vec![None; n];
        for l in &self.likelihoods {
            if let Some(&i) = tree.pos_of.get(&l.branch) {
                own[i] = Some(l.seen);
            }
        }
        // Parents come before children in pre-order, so each inherits a finished value.
        let mut out = vec![None; n];
        for &i in &tree.preorder {
            out[i] = own[i].or_else(|| tree.parent[i].and_then(|p| out[p]));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Branch, Prob};

    #[test]
    fn status_follows_the_newest_observation_then_the_date() {
        let mut s = Scenario::default();
        s.branches.push(Branch::new("a", "A", Prob::Value(1.0)));
        let sp = Signpost {
            id: "x".into(),
            name: "X".into(),
            expected_by: Some("2026-03-01".into()),
            ..Default::default()
        };
        s.signposts.push(sp.clone());
        assert_eq!(s.status(&sp, "2026-03-01"), Status::Waiting);
        assert_eq!(s.status(&sp, "2026-03-02"), Status::Overdue);
        let rev = |seen| Revision {
            date: "2026-02-01".into(),
            evidence: Some(Evidence {
                signpost: "x".into(),
                seen,
            }),
            ..Default::default()
        };
        s.revisions.push(rev(false));
        assert_eq!(s.status(&sp, "2026-03-02"), Status::NotSeen);
        s.revisions.push(rev(true));
        assert_eq!(s.status(&sp, "2026-03-02"), Status::Seen);
    }

    #[test]
    fn leaves_inherit_the_nearest_likelihood() {
        let mut s = Scenario::default();
        for (id, parent) in [
            ("a", None),
            ("a1", Some("a")),
            ("a2", Some("a")),
            ("b", None),
        ] {
            let mut b = Branch::new(id, id, Prob::Value(0.5));
            b.parent = parent.map(str::to_owned);
            s.branches.push(b);
        }
        let tree = TreeIndex::new(&s);
        let sp = Signpost {
            likelihoods: vec![
                Likelihood {
                    branch: "a".into(),
                    seen: 0.6,
                },
                Likelihood {
                    branch: "a2".into(),
                    seen: 0.9,
                },
            ],
            ..Default::default()
        };
        assert_eq!(
            sp.leaf_likelihoods(&tree),
            vec![Some(0.6), Some(0.6), Some(0.9), None]
        );
    }
}
