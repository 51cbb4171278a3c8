//! The only way a document changes: `Edit` values applied in one place, each returning its
//! inverse, and a `History` of them for undo and redo.

mod history;
pub mod ops;
pub mod views;

pub use history::{History, MergeKey, next_state};

use crate::model::{
    Branch, Header, Indicator, Region, Resolution, Revision, Scenario, Signpost, Slide, View,
};

/// A reversible change to a scenario.
#[derive(Clone, Debug, PartialEq)]
pub enum Edit {
    /// Replace branches, found by id, with these values (ids unchanged).
    SetBranches(Vec<Branch>),
    /// Insert branches at positions of `Scenario::branches`, in ascending order of position.
    InsertBranches(Vec<(usize, Branch)>),
    /// Remove the branches at these positions (any order).
    RemoveBranches(Vec<usize>),
    /// Move the branch at `from` to position `to` (in the list without it), under `parent`.
    MoveBranch {
        /// Current position.
        from: usize,
        /// New position, counted after removing the branch.
        to: usize,
        /// New parent id.
        parent: Option<String>,
    },
    /// Replace the scenario-wide fields.
    Header(Box<Header>),
    /// Replace the indicator list.
    Indicators(Vec<Indicator>),
    /// Replace the region list.
    Regions(Vec<Region>),
    /// Replace the slide list.
    Slides(Vec<Slide>),
    /// Replace the view list.
    Views(Vec<View>),
    /// Replace the signpost list.
    Signposts(Vec<Signpost>),
    /// Replace the revision record.
    Revisions(Vec<Revision>),
    /// Append a revision to the record (what the editor does; its inverse removes it).
    PushRevision(Box<Revision>),
    /// Remove the newest revision (the inverse of `PushRevision`).
    PopRevision,
    /// Set or clear the resolution.
    Resolution(Option<Resolution>),
    /// Several edits, applied in order.
    Compound(Vec<Edit>),
}

/// An edit that does not fit the document (a stale id or position). Nothing was changed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("this change no longer fits the document: {0}")]
pub struct EditError(pub String);

/// Apply `edit` to `s`. Returns the edit that undoes it; on error, `s` is unchanged.
pub fn apply(s: &mut Scenario, edit: Edit) -> Result<Edit, EditError> {
    match edit {
        Edit::SetBranches(new) => {
            // A few branches (a drag) are found by a scan; many (an observation on a large
            // tree) through an index, so the work stays linear.
            let index: Option<std::collections::HashMap<&str, usize>> =
                (new.len() > 8).then(|| {
                    let mut m = std::collections::HashMap::with_capacity(s.branches.len());
                    for (i, b) in s.branches.iter().enumerate() {
                        m.entry(b.id.as_str()).or_insert(i);
                    }
                    m
                });
            let mut positions = Vec::with_capacity(new.len());
            for b in &new {
                let pos = match &index {
                    Some(m) => m.get(b.id.as_str()).copied(),
                    None => s.branch_pos(&b.id),
                }
                .ok_or_else(|| EditError(format!("no branch \"{}\"", b.id)))?;
                positions.push(pos);
            }
            let old = new
                .into_iter()
                .zip(positions)
                .map(|(b, pos)| std::mem::replace(&mut s.branches[pos], b))
                .collect();
            Ok(Edit::SetBranches(old))
        }
        Edit::InsertBranches(items) => {
            // Each insertion may go at most one past the end of the list as it then stands.
            let mut last = None;
            for (len, (pos, _)) in (s.branches.len()..).zip(&items) {
                if *pos > len || last.is_some_and(|l| *pos <= l) {
                    return Err(EditError(format!("cannot insert at position {pos}")));
                }
                last = Some(*pos);
            }
            let positions = items.iter().map(|(p, _)| *p).collect();
            for (pos, b) in items {
                s.branches.insert(pos, b);
            }
            Ok(Edit::RemoveBranches(positions))
        }
        Edit::RemoveBranches(mut positions) => {
            positions.sort_unstable();
            positions.dedup();
            if positions.last().is_some_and(|&p| p >= s.branches.len()) {
                return Err(EditError("cannot remove a branch that is not there".into()));
            }
            let mut removed: Vec<(usize, Branch)> = positions
                .iter()
                .rev()
                .map(|&p| (p, s.branches.remove(p)))
                .collect();
            removed.reverse();
            Ok(Edit::InsertBranches(removed))
        }
        Edit::MoveBranch { from, to, parent } => {
            if from >= s.branches.len() || to >= s.branches.len() {
                return Err(EditError(format!("cannot move from {from} to {to}")));
            }
            let mut b = s.branches.remove(from);
            let old_parent = std::mem::replace(&mut b.parent, parent);
            s.branches.insert(to, b);
            Ok(Edit::MoveBranch {
                from: to,
                to: from,
                parent: old_parent,
            })
        }
        Edit::Header(mut header) => {
            std::mem::swap(&mut *header, &mut s.header);
            Ok(Edit::Header(header))
        }
        Edit::Indicators(v) => Ok(Edit::Indicators(std::mem::replace(&mut s.indicators, v))),
        Edit::Regions(v) => Ok(Edit::Regions(std::mem::replace(&mut s.regions, v))),
        Edit::Slides(v) => Ok(Edit::Slides(std::mem::replace(&mut s.slides, v))),
        Edit::Views(v) => Ok(Edit::Views(std::mem::replace(&mut s.views, v))),
        Edit::Signposts(v) => Ok(Edit::Signposts(std::mem::replace(&mut s.signposts, v))),
        Edit::Revisions(v) => Ok(Edit::Revisions(std::mem::replace(&mut s.revisions, v))),
        Edit::PushRevision(r) => {
            s.revisions.push(*r);
            Ok(Edit::PopRevision)
        }
        Edit::PopRevision => s
            .revisions
            .pop()
            .map(|r| Edit::PushRevision(Box::new(r)))
            .ok_or_else(|| EditError("there is no revision to remove".into())),
        Edit::Resolution(v) => Ok(Edit::Resolution(std::mem::replace(&mut s.resolution, v))),
        Edit::Compound(edits) => {
            let mut inverses = Vec::with_capacity(edits.len());
            for e in edits {
                match apply(s, e) {
                    Ok(inv) => inverses.push(inv),
                    Err(err) => {
                        // Roll back what was applied, so a failed compound changes nothing.
                        for inv in inverses.into_iter().rev() {
                            let _ = apply(s, inv);
                        }
                        return Err(err);
                    }
                }
            }
            inverses.reverse();
            Ok(Edit::Compound(inverses))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Prob;

    fn sample() -> Scenario {
        let mut s = Scenario::default();
        for (id, parent) in [("a", None), ("b", None), ("a1", Some("a"))] {
            let mut b = Branch::new(id, id, Prob::Value(0.5));
            b.parent = parent.map(str::to_owned);
            s.branches.push(b);
        }
        s
    }

    fn roundtrip(edit: Edit) {
        let mut s = sample();
        let before = s.clone();
        let inv = apply(&mut s, edit).expect("applies");
        assert_ne!(s, before);
        let redo = apply(&mut s, inv).expect("undoes");
        assert_eq!(s, before);
        let _ = apply(&mut s, redo).expect("redoes");
        assert_ne!(s, before);
    }

    #[test]
    fn every_edit_undoes_exactly() {
        let mut renamed = Branch::new("b", "B renamed", Prob::Value(0.25));
        renamed.rationale = "why".into();
        roundtrip(Edit::SetBranches(vec![renamed]));
        roundtrip(Edit::InsertBranches(vec![
            (0, Branch::new("x", "x", Prob::Remainder)),
            (3, Branch::new("y", "y", Prob::Remainder)),
        ]));
        roundtrip(Edit::RemoveBranches(vec![2, 0]));
        roundtrip(Edit::MoveBranch {
            from: 2,
            to: 0,
            parent: Some("b".into()),
        });
        let mut header = sample().header;
        header.title = "New".into();
        header.horizon_months = 36;
        roundtrip(Edit::Header(Box::new(header)));
        roundtrip(Edit::Compound(vec![
            Edit::RemoveBranches(vec![1]),
            Edit::Indicators(Vec::new()),
            Edit::Slides(vec![Slide {
                title: "s".into(),
                chart: crate::model::ChartKind::Heatmap,
                region: None,
                indicator: None,
                branch: None,
                note: String::new(),
                ..Default::default()
            }]),
        ]));
    }

    #[test]
    fn stale_edits_fail_without_changing_anything() {
        let mut s = sample();
        let before = s.clone();
        assert!(
            apply(
                &mut s,
                Edit::SetBranches(vec![Branch::new("zz", "", Prob::Remainder)])
            )
            .is_err()
        );
        assert!(apply(&mut s, Edit::RemoveBranches(vec![9])).is_err());
        assert!(
            apply(
                &mut s,
                Edit::InsertBranches(vec![(7, Branch::new("q", "", Prob::Remainder))])
            )
            .is_err()
        );
        assert!(
            apply(
                &mut s,
                Edit::Compound(vec![
                    Edit::RemoveBranches(vec![0]),
                    Edit::RemoveBranches(vec![5])
                ])
            )
            .is_err()
        );
        assert_eq!(s, before);
    }
}
