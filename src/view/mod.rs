//! What the app and its panels share, below both: the view state, the engine's results for the
//! current document state, the actions panels queue for the app, and the command table.
//!
//! Dependencies run one way: `app` uses `ui` and `view`; `ui` uses `view` only. Panels get an
//! `ui::Env` — the document, the results and a queue for actions — never the whole app.

pub mod analysis;
mod command;
mod present;

pub use command::Command;
pub use present::{PresentState, Step};

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
    /// Views: policy options, analysts, their pool, and the comparison.
    Views,
    /// Signposts, the revision record and the track record.
    Signposts,
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
    pub present: Option<PresentState>,
    /// The branch chosen in "copy effects from".
    pub copy_from: Option<String>,
    /// The view every chart, the tree and the details show (`None`: Base).
    pub view: Option<String>,
    /// The views the compare chart and table set side by side (`"base"` names the base); empty
    /// means Base and every view.
    pub compare: Vec<String>,
    /// The signpost whose editor is open in the Signposts tab.
    pub signpost_open: Option<String>,
    /// The month the map shows (`None`: the horizon).
    pub map_month: Option<usize>,
    /// Whether the map shows the change from the baseline rather than the level.
    pub map_change: bool,
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

/// Validation and the analysts' spread, of the base scenario: everything the panels show by
/// branch id rather than by position, so that while newer ones are being worked out off the UI
/// thread the last ones can stay on screen, marked as updating.
#[derive(Clone, Debug, Default)]
pub struct Checks {
    /// The spread of the analyst views' probabilities, per branch id.
    pub spreads: HashMap<String, crate::model::Spread>,
    /// Validation problems.
    pub diagnostics: Vec<Diagnostic>,
    /// Problems per branch id, errors first.
    pub branch_problems: HashMap<String, Vec<Diagnostic>>,
}

impl Checks {
    /// The analysis service's name for them.
    pub const KIND: analysis::Kind = "checks";

    /// Validate the base and work out the analysts' spread.
    pub fn compute(base: &Scenario, tree: &TreeIndex) -> Self {
        let diagnostics = crate::model::validate_with(base, tree);
        let spreads = base.analyst_spreads_with(tree);
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
            spreads,
            diagnostics,
            branch_problems,
        }
    }

    /// Whether checking `s` fits in a frame: validation looks at every branch for each signpost
    /// and the spread at every branch for each view (15,200 leaves, 500 signposts and 50 views
    /// took 0.2 s).
    pub fn fit_in_frame(s: &Scenario) -> bool {
        const WORK: usize = 200_000;
        s.branches
            .len()
            .saturating_mul(1 + s.signposts.len() + s.views.len())
            <= WORK
    }

    /// Number of errors.
    pub fn errors(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }
}

/// The engine's results for one document state, as one view sees it.
#[derive(Clone, Debug, Default)]
pub struct Results {
    /// A key of what they were computed for (document state and view): equal to the document
    /// state for Base, and a fresh id for any other view. Caches of charts and the simulation
    /// are keyed by it.
    pub state: u64,
    /// The document state they were computed for.
    pub doc_state: u64,
    /// The view they are of (`None`: Base).
    pub view: Option<String>,
    /// The scenario as the view sees it; `None` for Base (the document's own).
    pub scenario: Option<Arc<Scenario>>,
    /// Expected values, with the compiled scenario and its tree index. Shared with the
    /// background simulation, which needs no copy of the document.
    pub expected: Arc<Expected>,
    /// Validation and the analysts' spread: for this document state when `checks_current`,
    /// else the last ones worked out while this state's are.
    pub checks: Arc<Checks>,
    /// Whether `checks` are this document state's.
    pub checks_current: bool,
    /// Whether the document has moved on since these were worked out: newer ones are being
    /// worked out off the UI thread (a large file, an edit that kept the tree's shape), and
    /// everything drawn from these is marked as updating.
    pub updating: bool,
    /// The fingerprint of the base's tree (`shape_of`) they were worked out for.
    pub shape: u64,
}

/// A fingerprint of a scenario's tree: each branch's id and its parent's, in file order. Two
/// scenarios with the same fingerprint have the same branches in the same places (but for a
/// 64-bit hash collision), so positions into one's results name the other's branches.
pub fn shape_of(s: &Scenario) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    s.branches.len().hash(&mut h);
    for b in &s.branches {
        b.id.hash(&mut h);
        b.parent.hash(&mut h);
    }
    h.finish()
}

impl Results {
    /// Compute everything for a scenario as a view sees it (`None`: Base), checks included.
    pub fn compute(base: &Scenario, doc_state: u64, view: Option<&str>) -> Self {
        let tree = TreeIndex::new(base);
        let checks = Arc::new(Checks::compute(base, &tree));
        Self::with_checks(base, tree, doc_state, view, checks, true)
    }

    /// The expected values for a scenario as a view sees it, with checks worked out elsewhere
    /// (`current`: for this state). `tree` is the base's index.
    pub fn with_checks(
        base: &Scenario,
        tree: TreeIndex,
        doc_state: u64,
        view: Option<&str>,
        checks: Arc<Checks>,
        checks_current: bool,
    ) -> Self {
        let view = view.filter(|id| base.view(id).is_some());
        // A view changes numbers, never the tree's shape: the base's index serves it too.
        let resolved = view.map(|id| Arc::new(base.resolved(Some(id))));
        let s = resolved.as_deref().unwrap_or(base);
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
        Self {
            state: if view.is_some() {
                crate::edit::next_state()
            } else {
                doc_state
            },
            doc_state,
            view: view.map(str::to_owned),
            scenario: resolved,
            expected: Arc::new(Expected::from_compiled(Arc::new(compiled), Centre::Mean)),
            checks,
            checks_current,
            updating: false,
            shape: shape_of(base),
        }
    }

    /// The analysis service's name for the expected values worked out off the UI thread.
    pub const KIND: analysis::Kind = "results";

    /// Whether indexing, compiling and evaluating `s` fits in the frame: the work grows with the
    /// branches times the series followed month by month (18,500 branches × 12 regions × 8
    /// indicators × 36 months took 45 ms).
    pub fn fit_in_frame(s: &Scenario) -> bool {
        const WORK: usize = 4_000_000;
        let series = s.regions.len().max(1) * (s.indicators.len() + 1);
        s.branches
            .len()
            .saturating_mul(series)
            .saturating_mul(s.header.horizon_months.max(1) as usize)
            <= WORK
    }

    /// Whether a scenario whose `shape_of` is `shape` has the tree these results were worked out
    /// for: the same branches, by id, in the same places. Then positions into these results
    /// still name the same branches, and they can stand in, marked as updating, while the new
    /// ones are worked out.
    pub fn same_shape(&self, shape: u64) -> bool {
        self.shape == shape
    }

    /// The tree index of the current state.
    pub fn tree(&self) -> &TreeIndex {
        &self.expected.compiled.tree
    }

    /// Number of errors (of the checks shown).
    pub fn errors(&self) -> usize {
        self.checks.errors()
    }
}

/// What the dialog records.
#[derive(Clone, Debug, PartialEq)]
pub enum Revise {
    /// An observation of the signpost with this id.
    Observe(String),
    /// A manual revision: the current probabilities go on the record.
    Manual,
    /// Which branch happened.
    Resolve,
}

/// Something a panel asks the app to do.
#[derive(Clone, Debug)]
pub enum Action {
    /// Change the document.
    Op(Op),
    /// Change the base scenario, whichever view is shown: signposts, observations, revisions
    /// and the resolution belong to the scenario, not to a view.
    BaseOp(Op),
    /// Open the dialog that records an observation, a revision or the resolution.
    Revise(Revise),
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
    /// Leave presentation mode, asking first whether to keep what-if changes.
    AskEndPresentation,
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

/// What the simulation is asked for.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct McRequest {
    /// Which document state it is for.
    pub state: u64,
    /// Samples of the full run.
    pub samples: u64,
    /// Seed.
    pub seed: u64,
    /// Series followed month by month.
    pub focus: Option<(usize, Option<usize>)>,
}

/// A finished run.
#[derive(Clone, Debug)]
pub struct McResult {
    /// The request it answers.
    pub request: McRequest,
    /// The numbers.
    pub summary: Arc<crate::engine::McSummary>,
    /// The 90% intervals of the expected values, once worked out for this state.
    pub second: Option<Arc<crate::engine::SecondOrder>>,
    /// Whether this is the full run (not the quick pass).
    pub complete: bool,
}

/// The chart spec for the view's selection.
pub fn spec_for_view(s: &Scenario, view: &ViewState) -> crate::charts::ChartSpec {
    crate::charts::ChartSpec {
        kind: view.chart,
        region: view.region_index(s),
        indicator: view.indicator_index(s),
        branch: view
            .tornado_branch
            .as_deref()
            .and_then(|id| s.branch_pos(id)),
        compare: view.compare.clone(),
        month: view.map_month,
        change: view.map_change,
    }
}

/// A slide of the chart and selection on view, with a title that says what it shows.
pub fn slide_for_view(s: &Scenario, view: &ViewState) -> crate::model::Slide {
    let region = s.regions.get(view.region_index(s));
    let indicator = view.indicator_index(s).and_then(|k| s.indicators.get(k));
    let what = indicator.map_or("composite stability".to_owned(), |i| i.name.to_lowercase());
    let title = match view.chart {
        ChartKind::Trajectory | ChartKind::Distribution | ChartKind::Tornado => {
            format!("{}: {what}", region.map_or("", |r| r.name.as_str()))
        }
        ChartKind::Heatmap => "Expected change by region and indicator".to_owned(),
        ChartKind::ProbabilityTree => "The outcome tree".to_owned(),
        ChartKind::Compare => format!("Views compared: {what}"),
        ChartKind::Signposts => format!(
            "{}: what the signposts would do ({what})",
            region.map_or("", |r| r.name.as_str())
        ),
        ChartKind::Timeline => "The odds over time".to_owned(),
        ChartKind::Map if view.map_change => format!("Where {what} moves"),
        ChartKind::Map => format!("Expected {what} on the map"),
        k => format!("{} ({what})", k.label()),
    };
    crate::model::Slide {
        title,
        chart: view.chart,
        region: region.map(|r| r.id.clone()),
        indicator: indicator.map(|i| i.id.clone()),
        branch: view.tornado_branch.clone(),
        note: String::new(),
        view: view.view.clone(),
        compare: view.compare.clone(),
        month: (view.chart == ChartKind::Map)
            .then_some(view.map_month)
            .flatten()
            .map(|m| m as u32),
        change: view.chart == ChartKind::Map && view.map_change,
    }
}

/// Show a slide's chart and selection.
pub fn apply_slide(view: &mut ViewState, slide: &crate::model::Slide) {
    view.chart = slide.chart;
    view.region = slide.region.clone();
    view.indicator = slide.indicator.clone();
    view.tornado_branch = slide.branch.clone();
    view.view = slide.view.clone();
    if !slide.compare.is_empty() {
        view.compare = crate::engine::compare::distinct_ids(&slide.compare);
    }
    if slide.chart == ChartKind::Map {
        view.map_month = slide.month.map(|m| m as usize);
        view.map_change = slide.change;
    }
}
