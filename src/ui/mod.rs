//! Panels and widgets. They read the scenario and the engine's results, change only view state,
//! and ask for document changes by pushing `Action`s.

pub mod charts;
mod compare;
mod details;
mod effects;
mod indicators;
pub mod present;
mod presenter;
pub mod revise;
mod settings;
mod signposts;
mod slides;
pub mod theme;
mod tree;
pub mod views;
mod widgets;

pub use details::details_ui;
pub use tree::{tree_ui, visible_rows};

use crate::model::Scenario;
use crate::view::{Action, McResult, Results, ViewState};
use theme::Palette;

/// What a panel gets to draw with.
pub struct Env<'a> {
    /// The scenario as the selected view sees it (read only): what every panel shows.
    pub scenario: &'a Scenario,
    /// The document's own scenario: the base, with the views and their overrides.
    pub base: &'a Scenario,
    /// Expected values, validation and the tree index for the current state.
    pub results: &'a Results,
    /// The newest simulation, if it is for the current state.
    pub mc: Option<McResult>,
    /// Selection and other view state, which panels change directly.
    pub view: &'a mut ViewState,
    /// Document changes and commands the panels ask for.
    pub actions: &'a mut Vec<Action>,
    /// Colours of the active theme.
    pub palette: Palette,
    /// Where panels ask for engine work that may not fit in the frame.
    pub analyses: &'a crate::view::analysis::Analyses,
    /// The document's state now (the results may be an earlier one's while `updating`).
    pub doc_state: u64,
}

impl<'a> Env<'a> {
    /// Ask for a document change, if the operation could be built.
    pub fn op(&mut self, op: Result<crate::edit::ops::Op, String>) {
        match op {
            Ok(op) => self.actions.push(Action::Op(op)),
            Err(message) => self.actions.push(Action::Notify(message)),
        }
    }

    /// The selected view, unless it is Base.
    pub fn selected_view(&self) -> Option<&'a crate::model::View> {
        let base = self.base;
        self.view.view.as_deref().and_then(|id| base.view(id))
    }

    /// Ask for a command.
    pub fn command(&mut self, c: crate::view::Command) {
        self.actions.push(Action::Command(c));
    }
}

pub use crate::charts::pct;

pub use crate::charts::signed;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_read_naturally() {
        assert_eq!(pct(0.35), "35%");
        assert_eq!(pct(0.025), "2.5%");
        assert_eq!(pct(0.003), "0.3%");
        assert_eq!(pct(1.0), "100%");
        assert_eq!(signed(2.44), "+2.4");
        assert_eq!(signed(-0.04), "0.0");
        assert_eq!(signed(-0.8), "−0.8");
    }
}
