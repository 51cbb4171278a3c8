//! Undo and redo. Each step holds the edit that reverses it and a label for the Edit menu.
//! Consecutive edits with the same merge key (a slider drag, a burst of typing) form one step
//! until the step is sealed, which the app does when the pointer is up and no field has focus.

use super::{Edit, EditError, apply};
use crate::model::Scenario;
use std::sync::atomic::{AtomicU64, Ordering};

/// State ids are unique across every history in the process, so results computed for one
/// document are never mistaken for another's.
static NEXT_STATE: AtomicU64 = AtomicU64::new(1);

/// A state id no document state has or will have (for results of a view of a state).
pub fn next_state() -> u64 {
    NEXT_STATE.fetch_add(1, Ordering::Relaxed)
}

/// Edits with equal keys merge into one undo step while the step is open.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MergeKey(pub String);

impl MergeKey {
    /// A key for `what` of `id`, e.g. `("probability", "deal")`.
    pub fn new(what: &str, id: &str) -> Self {
        Self(format!("{what}:{id}"))
    }
}

#[derive(Clone, Debug)]
struct Step {
    label: String,
    edit: Edit,
    /// State id before the step (the one its edit restores).
    before: u64,
    /// State id after the step.
    after: u64,
    key: Option<MergeKey>,
    open: bool,
}

/// Most steps kept; older ones are dropped.
const LIMIT: usize = 1000;

/// The undo and redo stacks of one document. Never saved in the file.
#[derive(Clone, Debug)]
pub struct History {
    undo: Vec<Step>,
    redo: Vec<Step>,
    state: u64,
}

impl Default for History {
    fn default() -> Self {
        Self {
            undo: Vec::new(),
            redo: Vec::new(),
            state: next_state(),
        }
    }
}

/// Combine the inverse of a later edit with the inverse of the open step: undoing must reverse
/// the later edit first.
///
/// When both only set parts of the document to values (branches by id, or whole lists), the
/// result is flat: each part, or each branch, keeps the oldest value, the one from before the
/// step began. So a drag's step stays one level deep and holds one copy of each part however
/// many frames it lasts, views included (a drag under a view changes branches and views
/// together). Anything else (an insertion, a removal) is kept in order.
fn merge(newer: Edit, older: Edit) -> Edit {
    if !only_sets(&newer) || !only_sets(&older) {
        return Edit::Compound(vec![newer, older]);
    }
    // In the order undo applies them: the newer's parts first, so a part's last value is its
    // oldest.
    let mut parts = Vec::new();
    flatten(newer, &mut parts);
    flatten(older, &mut parts);
    let mut out: Vec<Edit> = Vec::new();
    let mut branch_at: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for part in parts {
        let same = |e: &Edit| std::mem::discriminant(e) == std::mem::discriminant(&part);
        let slot = out.iter().position(same);
        match (slot, part) {
            (slot, Edit::SetBranches(later)) => {
                let k = slot.unwrap_or_else(|| {
                    out.push(Edit::SetBranches(Vec::new()));
                    out.len() - 1
                });
                if let Edit::SetBranches(kept) = &mut out[k] {
                    // By id, the later (older) value wins, as it would when applied.
                    for b in later {
                        match branch_at.get(&b.id) {
                            Some(&i) => kept[i] = b,
                            None => {
                                branch_at.insert(b.id.clone(), kept.len());
                                kept.push(b);
                            }
                        }
                    }
                }
            }
            (Some(k), part) => out[k] = part,
            (None, part) => out.push(part),
        }
    }
    if out.len() == 1 {
        out.pop().unwrap_or(Edit::Compound(Vec::new()))
    } else {
        Edit::Compound(out)
    }
}

/// Whether `e` only sets parts of the document to values: applying such edits in any order,
/// keeping the last value of each part, gives the same document.
fn only_sets(e: &Edit) -> bool {
    match e {
        Edit::SetBranches(_)
        | Edit::Header(_)
        | Edit::Indicators(_)
        | Edit::Regions(_)
        | Edit::Slides(_)
        | Edit::Views(_)
        | Edit::Signposts(_)
        | Edit::Revisions(_)
        | Edit::Resolution(_) => true,
        Edit::Compound(es) => es.iter().all(only_sets),
        _ => false,
    }
}

/// The parts of an edit in the order they apply.
fn flatten(e: Edit, out: &mut Vec<Edit>) {
    match e {
        Edit::Compound(es) => {
            for e in es {
                flatten(e, out);
            }
        }
        e => out.push(e),
    }
}

impl History {
    /// Apply an edit and record it. With a `key` equal to the open step's, it joins that step.
    pub fn apply(
        &mut self,
        s: &mut Scenario,
        edit: Edit,
        label: impl Into<String>,
        key: Option<MergeKey>,
    ) -> Result<(), EditError> {
        let inverse = apply(s, edit)?;
        self.redo.clear();
        let after = next_state();
        if let Some(top) = self.undo.last_mut()
            && top.open
            && key.is_some()
            && top.key == key
        {
            let older = std::mem::replace(&mut top.edit, Edit::Compound(Vec::new()));
            top.edit = merge(inverse, older);
            top.after = after;
        } else {
            self.seal();
            self.undo.push(Step {
                label: label.into(),
                edit: inverse,
                before: self.state,
                after,
                key,
                open: true,
            });
            if self.undo.len() > LIMIT {
                self.undo.remove(0);
            }
        }
        self.state = after;
        Ok(())
    }

    /// Close the open step: the next edit starts a new one.
    pub fn seal(&mut self) {
        if let Some(top) = self.undo.last_mut() {
            top.open = false;
        }
    }

    /// Undo the last step; returns its label.
    pub fn undo(&mut self, s: &mut Scenario) -> Result<Option<String>, EditError> {
        let Some(step) = self.undo.pop() else {
            return Ok(None);
        };
        let redo = match apply(s, step.edit.clone()) {
            Ok(r) => r,
            Err(e) => {
                self.undo.push(step);
                return Err(e);
            }
        };
        self.state = step.before;
        let label = step.label.clone();
        self.redo.push(Step {
            edit: redo,
            open: false,
            ..step
        });
        Ok(Some(label))
    }

    /// Redo the last undone step; returns its label.
    pub fn redo(&mut self, s: &mut Scenario) -> Result<Option<String>, EditError> {
        let Some(step) = self.redo.pop() else {
            return Ok(None);
        };
        let undo = match apply(s, step.edit.clone()) {
            Ok(u) => u,
            Err(e) => {
                self.redo.push(step);
                return Err(e);
            }
        };
        self.state = step.after;
        let label = step.label.clone();
        self.undo.push(Step {
            edit: undo,
            open: false,
            ..step
        });
        Ok(Some(label))
    }

    /// The edit Undo would apply (what the newest step keeps, for its size).
    pub fn undo_edit(&self) -> Option<&Edit> {
        self.undo.last().map(|s| &s.edit)
    }

    /// Label of the step Undo would reverse.
    pub fn undo_label(&self) -> Option<&str> {
        self.undo.last().map(|s| s.label.as_str())
    }

    /// Label of the step Redo would repeat.
    pub fn redo_label(&self) -> Option<&str> {
        self.redo.last().map(|s| s.label.as_str())
    }

    /// An id of the document's current state: equal ids mean equal documents.
    pub fn state(&self) -> u64 {
        self.state
    }

    /// Forget every step (a new or reopened document).
    pub fn clear(&mut self) {
        self.undo.clear();
        self.redo.clear();
        self.state = next_state();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Branch, Prob};

    fn doc() -> Scenario {
        let mut s = Scenario::default();
        s.branches.push(Branch::new("a", "A", Prob::Value(0.5)));
        s.branches.push(Branch::new("b", "B", Prob::Value(0.5)));
        s
    }

    fn set_p(s: &Scenario, id: &str, p: f64) -> Edit {
        let mut b = s.branch(id).expect("branch").clone();
        b.probability = Prob::Value(p);
        Edit::SetBranches(vec![b])
    }

    #[test]
    fn a_drag_is_one_step_until_sealed() {
        let mut s = doc();
        let mut h = History::default();
        let start = h.state();
        for p in [0.6, 0.7, 0.8] {
            let e = set_p(&s, "a", p);
            h.apply(
                &mut s,
                e,
                "Change probability of A",
                Some(MergeKey::new("p", "a")),
            )
            .expect("applies");
        }
        h.seal();
        let e = set_p(&s, "a", 0.9);
        h.apply(
            &mut s,
            e,
            "Change probability of A",
            Some(MergeKey::new("p", "a")),
        )
        .expect("applies");
        assert_eq!(
            h.undo(&mut s).expect("undo").as_deref(),
            Some("Change probability of A")
        );
        assert_eq!(s.branch("a").expect("a").probability, Prob::Value(0.8));
        h.undo(&mut s).expect("undo");
        assert_eq!(s.branch("a").expect("a").probability, Prob::Value(0.5));
        assert_eq!(h.state(), start);
        assert!(h.undo_label().is_none());
        h.redo(&mut s).expect("redo");
        assert_eq!(s.branch("a").expect("a").probability, Prob::Value(0.8));
        assert_eq!(h.redo_label(), Some("Change probability of A"));
    }

    #[test]
    fn merged_steps_that_touch_new_branches_still_undo_fully() {
        let mut s = doc();
        let before = s.clone();
        let mut h = History::default();
        let key = Some(MergeKey::new("p", "x"));
        let e = set_p(&s, "a", 0.1);
        h.apply(&mut s, e, "x", key.clone()).expect("applies");
        let e = set_p(&s, "b", 0.9);
        h.apply(&mut s, e, "x", key).expect("applies");
        h.undo(&mut s).expect("undo");
        assert_eq!(s, before);
    }

    #[test]
    fn new_edits_clear_redo() {
        let mut s = doc();
        let mut h = History::default();
        let e = set_p(&s, "a", 0.1);
        h.apply(&mut s, e, "one", None).expect("applies");
        h.undo(&mut s).expect("undo");
        assert_eq!(h.redo_label(), Some("one"));
        let e = set_p(&s, "b", 0.2);
        h.apply(&mut s, e, "two", None).expect("applies");
        assert!(h.redo_label().is_none());
    }
}
