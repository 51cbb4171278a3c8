//! Scenarios at the edge of each limit in `limits`, for stress tests and benchmarks: the
//! largest a file may be along one dimension (`over` = false), or one step past it.

use super::super::limits::{
    MAX_BRANCHES, MAX_CELLS, MAX_DEPTH, MAX_EFFECTS, MAX_LEAF_EFFECT_MONTHS, MAX_NAME_CHARS,
    MAX_PATH_EFFECTS, MAX_TEXT_CHARS, MAX_TOP_CELLS,
};
use super::super::{
    Baseline, Branch, Change, Effect, Header, Indicator, Outcome, Prob, Profile, Region, Scenario,
};

/// Which limit a stress scenario pushes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Edge {
    /// The most branches.
    Branches,
    /// The deepest tree.
    Depth,
    /// The most region × indicator cells, over the longest horizon.
    Cells,
    /// The most effects.
    Effects,
    /// The most effects on one path.
    PathEffects,
    /// The most effects over all leaves' paths × months.
    LeafEffects,
    /// The most top-level branches × cells.
    TopCells,
    /// The longest names and texts.
    Texts,
}

impl Edge {
    /// Every edge.
    pub const ALL: [Edge; 8] = [
        Edge::Branches,
        Edge::Depth,
        Edge::Cells,
        Edge::Effects,
        Edge::PathEffects,
        Edge::LeafEffects,
        Edge::TopCells,
        Edge::Texts,
    ];
}

fn indicators(n: usize) -> Vec<Indicator> {
    (0..n)
        .map(|k| Indicator {
            id: format!("k{k}"),
            name: format!("Indicator {k}"),
            unit: "index".into(),
            min: 0.0,
            max: 100.0,
            higher_is_better: k % 2 == 0,
            description: String::new(),
            alert_threshold: if k % 2 == 0 { 35.0 } else { 65.0 },
            weight: 1.0,
        })
        .collect()
}

fn regions(n: usize, inds: &[Indicator]) -> Vec<Region> {
    (0..n)
        .map(|r| Region {
            id: format!("r{r}"),
            name: format!("Region {r}"),
            countries: Vec::new(),
            baselines: inds
                .iter()
                .map(|i| Baseline {
                    indicator: i.id.clone(),
                    value: 50.0,
                })
                .collect(),
        })
        .collect()
}

fn effect(r: usize, k: usize, i: usize) -> Effect {
    let likely = ((i % 7) as f64 - 3.0) * 0.5;
    Effect {
        region: format!("r{r}"),
        indicator: format!("k{k}"),
        change: Change {
            low: likely - 1.0,
            likely,
            high: likely + 1.0,
        },
        onset_months: (i % 5) as u32,
        profile: if i.is_multiple_of(2) {
            Profile::Step
        } else {
            Profile::Ramp { months: 3 }
        },
    }
}

/// A set of `n` branches under `parent` with ids `{stem}{i}`, the last the remainder.
fn set(parent: Option<&str>, stem: &str, n: usize) -> Vec<Branch> {
    (0..n)
        .map(|i| {
            let p = if i + 1 == n {
                Prob::Remainder
            } else {
                Prob::Value(1.0 / n as f64)
            };
            let mut b = Branch::new(format!("{stem}{i}"), format!("Branch {stem}{i}"), p);
            b.parent = parent.map(str::to_owned);
            if parent.is_none() {
                b.outcome = Some(Outcome::ALL[i % 3]);
            }
            b
        })
        .collect()
}

fn scenario(months: u32, n_regions: usize, n_indicators: usize, branches: Vec<Branch>) -> Scenario {
    let inds = indicators(n_indicators);
    Scenario {
        header: Header {
            title: "Stress".into(),
            horizon_months: months.saturating_sub(1).max(1),
            seed: 7,
            ..Header::default()
        },
        regions: regions(n_regions, &inds),
        indicators: inds,
        branches,
        ..Scenario::default()
    }
}

/// The scenario at `edge`; with `over`, one step past its limit.
pub fn at(edge: Edge, over: bool) -> Scenario {
    let step = usize::from(over);
    match edge {
        Edge::Branches => {
            let per = (MAX_BRANCHES + step) / 10 - 1;
            let mut branches = Vec::new();
            for t in 0..10 {
                let mut top = set(None, "t", 10).swap_remove(t);
                top.effects.push(effect(0, 0, t));
                let id = top.id.clone();
                branches.push(top);
                for mut b in set(Some(&id), &format!("{id}-"), per) {
                    b.effects.push(effect(0, 1, branches.len()));
                    branches.push(b);
                }
            }
            let missing = MAX_BRANCHES + step - branches.len();
            let last = branches.last().map(|b| b.id.clone());
            for mut b in set(last.as_deref(), "extra", missing) {
                b.effects.clear();
                branches.push(b);
            }
            scenario(24, 1, 2, branches)
        }
        Edge::Depth => {
            let mut branches = set(None, "t", 2);
            let mut parent = "t0".to_owned();
            for d in 1..MAX_DEPTH + step {
                let mut b = set(Some(&parent), &format!("d{d}-"), 1).remove(0);
                b.probability = Prob::Value(1.0);
                b.effects.push(effect(0, d % 2, d));
                parent = b.id.clone();
                branches.push(b);
            }
            scenario(36, 1, 2, branches)
        }
        Edge::Cells => {
            // 64 × 64 = 4,096 cells; one more region goes past the limit.
            let side = (MAX_CELLS as f64).sqrt() as usize;
            let mut branches = Vec::new();
            for (t, mut top) in set(None, "t", 3).into_iter().enumerate() {
                let id = top.id.clone();
                for i in 0..20 {
                    top.effects
                        .push(effect((t * 7 + i) % side, (i * 5) % side, i));
                }
                branches.push(top);
                for (c, mut b) in set(Some(&id), &format!("{id}-"), 5).into_iter().enumerate() {
                    for i in 0..20 {
                        b.effects
                            .push(effect((c * 11 + i) % side, (i * 3 + t) % side, i));
                    }
                    branches.push(b);
                }
            }
            scenario(600, side + step, side, branches)
        }
        Edge::Effects => {
            let per = 100;
            let tops = (MAX_EFFECTS + step).div_ceil(per);
            let mut branches = set(None, "t", tops);
            let mut left = MAX_EFFECTS + step;
            for (t, b) in branches.iter_mut().enumerate() {
                for i in 0..per.min(left) {
                    b.effects.push(effect(0, i % 2, t + i));
                }
                left -= per.min(left);
            }
            let months = (MAX_LEAF_EFFECT_MONTHS / (MAX_EFFECTS as u64)) as u32;
            scenario(months, 1, 2, branches)
        }
        Edge::PathEffects => {
            let mut branches = set(None, "t", 2);
            for i in 0..MAX_PATH_EFFECTS + step {
                branches[0].effects.push(effect(0, i % 2, i));
            }
            scenario(600, 1, 2, branches)
        }
        Edge::LeafEffects => {
            // One branch with the most effects a path may carry, over 2,000 leaves.
            let leaves = 2_000;
            let mut branches = set(None, "t", 2);
            for i in 0..MAX_PATH_EFFECTS {
                branches[0].effects.push(effect(0, i % 2, i));
            }
            branches.extend(set(Some("t0"), "leaf", leaves));
            let leaf_effects = (MAX_PATH_EFFECTS * leaves) as u64;
            let months = (MAX_LEAF_EFFECT_MONTHS / leaf_effects) as u32 + step as u32;
            scenario(months, 1, 2, branches)
        }
        Edge::TopCells => {
            let (n_regions, n_indicators) = (40, 25);
            let tops = MAX_TOP_CELLS / (n_regions * n_indicators) + step;
            let mut branches = set(None, "t", tops);
            for (t, b) in branches.iter_mut().enumerate() {
                b.effects.push(effect(t % n_regions, t % n_indicators, t));
                b.effects
                    .push(effect((t + 1) % n_regions, (t + 3) % n_indicators, t));
            }
            scenario(24, n_regions, n_indicators, branches)
        }
        Edge::Texts => {
            let name = |c: char| std::iter::repeat_n(c, MAX_NAME_CHARS + step).collect::<String>();
            let text = "Lorem ipsum dolor sit amet. ".repeat((MAX_TEXT_CHARS + step).div_ceil(28));
            let text: String = text.chars().take(MAX_TEXT_CHARS + step).collect();
            let mut branches = set(None, "t", 3);
            for b in &mut branches {
                b.name = name('N');
                b.rationale = text.clone();
                b.effects.push(effect(0, 0, 1));
            }
            let mut s = scenario(24, 2, 2, branches);
            s.header.title = name('T');
            s.header.summary = text;
            for r in &mut s.regions {
                r.name = name('R');
            }
            for i in &mut s.indicators {
                i.name = name('I');
            }
            s.slides = crate::model::ChartKind::ALL
                .iter()
                .map(|&chart| crate::model::Slide {
                    title: name('S'),
                    chart,
                    region: None,
                    indicator: None,
                    branch: None,
                    note: String::new(),
                    ..Default::default()
                })
                .collect();
            s
        }
    }
}

/// Valid files whose shape, not their size, multiplies the work of an analysis: every command
/// must still finish on each in bounded time and memory.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Wide {
    /// The most branches, all top-level siblings, each with a probability range.
    Siblings,
    /// As many top-level siblings, with the most views holding the most overrides.
    Overrides,
    /// A compare slide that names one view 20,000 times.
    CompareNames,
    /// The most top-level branches × cells (20,000 × 100) over the longest horizon.
    TopMonths,
}

impl Wide {
    /// Every shape.
    pub const ALL: [Wide; 4] = [
        Wide::Siblings,
        Wide::Overrides,
        Wide::CompareNames,
        Wide::TopMonths,
    ];
}

/// Top-level siblings, each with a range around its share and one effect.
fn ranged_siblings(n: usize, n_regions: usize, n_indicators: usize) -> Vec<Branch> {
    let mut branches = set(None, "t", n);
    for (t, b) in branches.iter_mut().enumerate() {
        if let Prob::Value(p) = b.probability {
            b.range = Some(super::super::ProbRange {
                low: p * 0.5,
                high: (p * 1.5).min(1.0),
            });
        }
        b.effects.push(effect(t % n_regions, t % n_indicators, t));
    }
    branches
}

/// The scenario of a shape.
pub fn wide(shape: Wide) -> Scenario {
    use super::super::limits::{MAX_OVERRIDES, MAX_VIEWS};
    use super::super::{ProbOverride, Slide, View, ViewKind};
    match shape {
        Wide::Siblings => scenario(24, 4, 2, ranged_siblings(MAX_BRANCHES, 4, 2)),
        Wide::Overrides => {
            let mut s = scenario(24, 4, 2, ranged_siblings(MAX_BRANCHES, 4, 2));
            // As many as fit in the file size limit (the override limit itself is past it).
            let per = MAX_OVERRIDES / MAX_VIEWS / 2;
            let share = 1.0 / MAX_BRANCHES as f64;
            s.views = (0..MAX_VIEWS)
                .map(|v| {
                    let kind = if v % 2 == 0 {
                        ViewKind::Policy
                    } else {
                        ViewKind::Analyst
                    };
                    let mut view = View::new(format!("v{v}"), format!("View {v}"), kind);
                    view.probabilities = (0..per)
                        .map(|i| ProbOverride {
                            branch: format!("t{}", (v * 997 + i * 4) % (MAX_BRANCHES - 1)),
                            probability: Prob::Value(share * if i % 2 == 0 { 0.5 } else { 1.2 }),
                            range: None,
                        })
                        .collect();
                    view.probabilities.sort_by(|a, b| a.branch.cmp(&b.branch));
                    view.probabilities.dedup_by(|a, b| a.branch == b.branch);
                    view
                })
                .collect();
            s
        }
        Wide::CompareNames => {
            let mut s = scenario(24, 4, 2, ranged_siblings(12, 4, 2));
            s.views = vec![View::new("option", "The option", ViewKind::Policy)];
            s.slides = vec![Slide {
                title: "Compared".into(),
                chart: crate::model::ChartKind::Compare,
                compare: std::iter::repeat_n("option".to_owned(), 20_000).collect(),
                ..Default::default()
            }];
            s
        }
        Wide::TopMonths => {
            let (n_regions, n_indicators) = (10, 10);
            let tops = MAX_TOP_CELLS / (n_regions * n_indicators);
            let mut branches = set(None, "t", tops);
            for (t, b) in branches.iter_mut().enumerate() {
                b.effects
                    .push(effect(t % n_regions, (t / n_regions) % n_indicators, t));
            }
            scenario(601, n_regions, n_indicators, branches)
        }
    }
}
