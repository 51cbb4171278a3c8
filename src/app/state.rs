//! What the app holds besides the document: the view state, the engine's results, the actions
//! panels queue and the notices they show.

use super::{Command, Dialog};
use crate::edit::ops::Op;
use crate::engine::{Centre, Compiled, Expected};
use crate::model::{ChartKind, Diagnostic, Scenario, Severity, TreeIndex};
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;

/// A tab of the middle panel.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Tab {
    /// The selected branch.
    #[default]
    Branch,
    /// Title, summary, date, horizon.
    Scenario,
    /// Regions and their baselines.
    Regions,
    /// Indicators.
    Indicators,
    /// Slides for presentation mode.
    Slides,
}

/// Selection and other state of the view. Never saved in the scenario file.
#[derive(Clone, Debug, Default)]
pub struct ViewState {
    /// The selected branch.
    pub selected: Option<String>,
    /// Branches shown collapsed.
    pub collapsed: HashSet<String>,
    /// The middle panel's tab.
    pub tab: Tab,
    /// The chart on the right.
    pub chart: ChartKind,
    /// The region the charts follow (`None`: the first).
    pub region: Option<String>,
    /// The indicator the charts show (`None`: the composite index).
    pub indicator: Option<String>,
    /// The branch whose break-even the tornado reports.
    pub tornado_branch: Option<String>,
    /// The effects-grid cell being edited: (region id, indicator id).
    pub effect_cell: Option<(String, String)>,
    /// Scroll the effect editor into view on the next frame.
    pub scroll_to_editor: bool,
    /// Put the keyboard focus in the branch name field on the next frame.
    pub focus_name: bool,
    /// Scroll the tree to the selected branch on the next frame.
    pub scroll_to_selected: bool,
    /// Presentation mode, while it is on.
    pub present: Option<crate::ui::present::PresentState>,
    /// The branch chosen in "copy effects from".
    pub copy_from: Option<String>,
}

impl ViewState {
    /// The region index the charts follow.
    pub fn region_index(&self, s: &Scenario) -> usize {
        self.region
            .as_deref()
            .and_then(|id| s.regions.iter().position(|r| r.id == id))
            .unwrap_or(0)
    }

    /// The indicator index the charts show (`None`: composite).
    pub fn indicator_index(&self, s: &Scenario) -> Option<usize> {
        self.indicator
            .as_deref()
            .and_then(|id| s.indicators.iter().position(|i| i.id == id))
    }
}

/// The engine's results for one document state.
#[derive(Clone, Debug, Default)]
pub struct Results {
    /// The state they were computed for.
    pub state: u64,
    /// Expected values, with the compiled scenario and its tree index. Shared with the
    /// background simulation, which needs no copy of the document.
    pub expected: Arc<Expected>,
    /// Validation problems.
    pub diagnostics: Vec<Diagnostic>,
    /// Problems per branch id, errors first.
    pub branch_problems: HashMap<String, Vec<Diagnostic>>,
}

impl Results {
    /// Compute everything for a scenario: the tree is indexed once, for validation and the
    /// engine alike.
    pub fn compute(s: &Scenario, state: u64) -> Self {
        let tree = TreeIndex::new(s);
        let diagnostics = crate::model::validate_with(s, &tree);
        // A document past the size limits is not computed (it could need more memory than the
        // machine has); the limits are shown as errors and the charts stay empty.
        let too_big = !crate::model::limits::Size::of(s, &tree)
            .problems()
            .is_empty();
        let compiled = if too_big {
            Compiled::new(&Scenario::default())
        } else {
            Compiled::with_tree(s, tree)
        };
        let mut branch_problems: HashMap<String, Vec<Diagnostic>> = HashMap::new();
        for d in &diagnostics {
            if let Some(id) = d.location.branch_id() {
                branch_problems
                    .entry(id.to_owned())
                    .or_default()
                    .push(d.clone());
            }
        }
        Self {
            state,
            expected: Arc::new(Expected::from_compiled(Arc::new(compiled), Centre::Mean)),
            diagnostics,
            branch_problems,
        }
    }

    /// The tree index of the current state.
    pub fn tree(&self) -> &TreeIndex {
        &self.expected.compiled.tree
    }

    /// Number of errors.
    pub fn errors(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }
}

/// Something a panel asks the app to do.
#[derive(Clone, Debug)]
pub enum Action {
    /// Change the document.
    Op(Op),
    /// Run a command.
    Command(Command),
    /// Show a short message.
    Notify(String),
    /// Ask before deleting a region and its effects.
    ConfirmDeleteRegion(String),
    /// Ask before deleting an indicator and its effects.
    ConfirmDeleteIndicator(String),
    /// Open this file (asking about unsaved changes first).
    OpenPath(PathBuf),
    /// Start a new document from a bundled scenario, by file name.
    NewFrom(&'static str),
    /// Show a dialog.
    Show(Dialog),
    /// Leave presentation mode, keeping or dropping what-if changes.
    EndPresentation {
        /// Keep the changes made while presenting.
        keep: bool,
    },
}

/// A short message in the corner.
#[derive(Clone, Debug)]
pub struct Notice {
    /// The text.
    pub text: String,
    /// Whether it reports a failure.
    pub error: bool,
    /// When it appeared (egui time, seconds).
    pub since: f64,
}
