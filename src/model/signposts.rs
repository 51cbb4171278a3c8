//! Signposts, revisions and the resolution: how a scenario is kept up to date.
//!
//! A signpost is an event to watch for. For the branches it speaks to it gives P(seen | branch);
//! a leaf takes the likelihood of its nearest ancestor (itself included) that has one. Recording
//! an observation updates the branch probabilities by Bayes' rule (`crate::engine::bayes`) and
//! appends a `Revision` that keeps the probabilities before and after. When the talks resolve,
//! the `Resolution` names the branch that happened, and each revision can be scored.

use super::{Scenario, TreeIndex};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

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
    /// Every branch's probability (given its parent) before the revision.
    #[serde(default)]
    pub before: BTreeMap<String, f64>,
    /// Every branch's probability (given its parent) after it.
    #[serde(default)]
    pub after: BTreeMap<String, f64>,
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
