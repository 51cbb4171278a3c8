//! Keeping the results up with the document: what is worked out at once, what is asked of the
//! analysis service, and what stands in meanwhile.

use super::MuscatApp;
use crate::view::Results;
use crate::view::analysis::drop_later;

impl MuscatApp {
    /// Bring the results up to the document's state. The checks come from the analysis
    /// service, off the UI thread for a large file; so do the expected values on a large file
    /// after an edit that keeps the tree's shape. Meanwhile the last ones are shown, marked.
    pub fn refresh(&mut self) {
        if self
            .view
            .view
            .as_ref()
            .is_some_and(|v| self.doc.scenario().view(v).is_none())
        {
            self.view.view = None; // deleted, or gone with an undo
        }
        let stale =
            self.results.doc_state != self.doc.state() || self.results.view != self.view.view;
        if !stale && self.results.checks_current {
            return;
        }
        let s = self.doc.scenario();
        let state = self.doc.state();
        let checks = self.analyses.get(
            crate::view::Checks::KIND,
            state,
            crate::view::Checks::fit_in_frame(s),
            || {
                let snap = self.analyses.snapshot(state, s);
                Box::new(move |_stop: &std::sync::atomic::AtomicBool| {
                    let tree = crate::model::TreeIndex::new(&snap);
                    Some(crate::view::Checks::compute(&snap, &tree))
                })
            },
        );
        let current = checks.current;
        let checks = checks
            .value
            .unwrap_or_else(|| std::sync::Arc::clone(&self.results.checks));
        if !stale {
            drop_later(std::mem::replace(&mut self.results.checks, checks));
            self.results.checks_current = current;
            return;
        }
        // A large file, on Base, after an edit that kept the tree's shape (a drag, a typed
        // number): the expected values are worked out off the UI thread, and the last ones,
        // whose positions still name the same branches, stay up marked as updating. Any other
        // change (a branch added or removed, another view) is worked out here and now, so no
        // panel ever reads positions of another tree.
        let background = self.view.view.is_none()
            && self.results.view.is_none()
            && !Results::fit_in_frame(s)
            && self.results.same_shape(self.analyses.shape(state, s));
        if background {
            let answer = self.analyses.get(Results::KIND, state, false, || {
                let snap = self.analyses.snapshot(state, s);
                Box::new(move |_stop: &std::sync::atomic::AtomicBool| {
                    let tree = crate::model::TreeIndex::new(&snap);
                    let none = std::sync::Arc::new(crate::view::Checks::default());
                    Some(Results::with_checks(&snap, tree, state, None, none, false))
                })
            });
            match answer.value {
                Some(r) if answer.current => {
                    let new = Results {
                        checks,
                        checks_current: current,
                        ..(*r).clone()
                    };
                    drop_later(std::mem::replace(&mut self.results, new));
                }
                _ => {
                    drop_later(std::mem::replace(&mut self.results.checks, checks));
                    self.results.checks_current = current;
                    self.results.updating = true;
                }
            }
            return;
        }
        let new = Results::with_checks(
            s,
            crate::model::TreeIndex::new(s),
            state,
            self.view.view.as_deref(),
            checks,
            current,
        );
        drop_later(std::mem::replace(&mut self.results, new));
        if let Some(sel) = &self.view.selected
            && self.doc.scenario().branch(sel).is_none()
        {
            self.view.selected = None;
        }
    }
}
