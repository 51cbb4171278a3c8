//! What the brief says, worked out once for every form it takes (the HTML page and the PDF):
//! the summary, the tree with its probabilities, the charts, the table of expected values and
//! each branch's rationale and sources.

use super::Item;
use crate::charts::{ChartSpec, Sims, build, fmt_num, signed};
use crate::engine::Expected;
use crate::model::{ChartKind, Outcome, Scenario, Source, estimative_words};

/// One row of the tree table.
pub struct TreeRow {
    /// Depth below the top level (0 for a top-level branch).
    pub depth: usize,
    /// Branch name.
    pub name: String,
    /// Class.
    pub outcome: Option<Outcome>,
    /// Probability given the parent.
    pub conditional: f64,
    /// Absolute probability.
    pub absolute: f64,
}

impl TreeRow {
    /// The words of estimative probability (ICD 203) for the overall probability.
    pub fn words(&self) -> &'static str {
        estimative_words(self.absolute)
    }
}

/// One row of the expected-values table; `region` is empty under the region's first row.
pub struct ValueRow {
    /// The region's name, on the first (composite) row of each region.
    pub region: String,
    /// The indicator's name, or the composite.
    pub series: String,
    /// The table's cells after the two names, as printed.
    pub cells: Vec<String>,
}

/// A branch's rationale and sources.
pub struct BranchText {
    /// Name.
    pub name: String,
    /// Class.
    pub outcome: Option<Outcome>,
    /// "15.0% of its parent · 15.0% overall".
    pub probabilities: String,
    /// Why.
    pub rationale: String,
    /// Sources.
    pub sources: Vec<Source>,
}

/// Everything the brief says.
pub struct Brief {
    /// Title.
    pub title: String,
    /// "As of 2026-11-20 · By … · Horizon 24 months".
    pub meta: String,
    /// Whether the numbers are illustrative.
    pub illustrative: bool,
    /// The summary, by paragraph.
    pub summary: Vec<String>,
    /// The outcome tree's picture.
    pub tree_chart: crate::charts::Chart,
    /// The tree, in order.
    pub tree: Vec<TreeRow>,
    /// Headers of the expected-values table's cells after the two names.
    pub value_headers: Vec<String>,
    /// The expected-values table.
    pub values: Vec<ValueRow>,
    /// What the table's numbers mean.
    pub value_note: String,
    /// Every branch's rationale and sources, in tree order.
    pub branches: Vec<BranchText>,
    /// The scenario's own sources.
    pub sources: Vec<Source>,
    /// The last line: which scenario, made with which Muscat.
    pub colophon: String,
}

impl Brief {
    /// Work out the brief of a scenario.
    pub fn of(s: &Scenario, e: &Expected, sims: Sims<'_>, _items: &[Item]) -> Self {
        let mc = sims.mc;
        let second = sims.second.filter(|so| so.worlds > 0);
        let h = &s.header;
        let mut meta = Vec::new();
        if !h.as_of.is_empty() {
            meta.push(format!("As of {}", h.as_of));
        }
        if !h.authors.is_empty() {
            meta.push(format!("By {}", h.authors.join(", ")));
        }
        meta.push(format!("Horizon {} months", h.horizon_months));
        let tree_chart = build(
            s,
            e,
            sims,
            &ChartSpec {
                kind: ChartKind::ProbabilityTree,
                region: 0,
                indicator: None,
                ..ChartSpec::default()
            },
        );
        let t = &e.compiled.tree;
        let tree = t
            .preorder
            .iter()
            .map(|&i| TreeRow {
                depth: t.depth[i],
                name: s.branches[i].name.clone(),
                outcome: e.compiled.outcome.get(i).copied().flatten(),
                conditional: e.cond.get(i).copied().unwrap_or(0.0),
                absolute: e.abs.get(i).copied().unwrap_or(0.0),
            })
            .collect();
        let mut value_headers: Vec<String> =
            ["Baseline", "Expected", "Change"].map(str::to_owned).into();
        if second.is_some() {
            value_headers.push("Expected, 90% interval".into());
        }
        if mc.is_some() {
            value_headers.push("5–95% of outcomes".into());
            value_headers.push("Chance of alert".into());
        }
        let horizon = e.horizon();
        let mut values = Vec::new();
        for (r, region) in s.regions.iter().enumerate() {
            let rows = std::iter::once(None).chain((0..s.indicators.len()).map(Some));
            for k in rows {
                let series = k
                    .and_then(|k| s.indicators.get(k))
                    .map_or("Composite stability index".to_owned(), |i| i.name.clone());
                let base = e.series_base(r, k);
                let v = e.series_value(r, k, horizon);
                let mut cells = vec![fmt_num(base), fmt_num(v), signed(v - base)];
                if let Some(so) = second {
                    let (lo, hi) = so.interval(e, r, k);
                    cells.push(format!("{} – {}", fmt_num(lo), fmt_num(hi)));
                }
                if let Some(m) = mc {
                    let st = m.series(r, k);
                    cells.push(format!("{} – {}", fmt_num(st.p05), fmt_num(st.p95)));
                    cells.push(format!("{:.1}%", st.prob_alert * 100.0));
                }
                values.push(ValueRow {
                    region: if k.is_none() {
                        region.name.clone()
                    } else {
                        String::new()
                    },
                    series,
                    cells,
                });
            }
        }
        let mut value_note = "The expected value is the probability-weighted mean outcome: each effect counts at its mean, (low + 4 × likely + high) / 6.".to_owned();
        if second.is_some() {
            value_note.push_str(" Its 90% interval shows how far it could move if the branch probabilities were elsewhere in their ranges.");
        }
        if mc.is_some() {
            value_note.push_str(" The 5–95% range is the spread of simulated outcomes.");
        }
        let branches = t
            .preorder
            .iter()
            .map(|&i| {
                let b = &s.branches[i];
                BranchText {
                    name: b.name.clone(),
                    outcome: e.compiled.outcome.get(i).copied().flatten(),
                    probabilities: format!(
                        "{:.1}% of its parent · {:.1}% overall",
                        e.cond.get(i).copied().unwrap_or(0.0) * 100.0,
                        e.abs.get(i).copied().unwrap_or(0.0) * 100.0
                    ),
                    rationale: b.rationale.clone(),
                    sources: b.sources.clone(),
                }
            })
            .collect();
        Brief {
            title: h.title.clone(),
            meta: meta.join(" · "),
            illustrative: h.illustrative,
            summary: h
                .summary
                .split("\n\n")
                .filter(|p| !p.trim().is_empty())
                .map(str::to_owned)
                .collect(),
            tree_chart,
            tree,
            value_headers,
            values,
            value_note,
            branches,
            sources: h.sources.clone(),
            colophon: format!(
                "{}. Made with Muscat {} (scenario format {} version {}).",
                s.source_line(),
                env!("CARGO_PKG_VERSION"),
                crate::io::FORMAT_NAME,
                crate::io::FORMAT_VERSION
            ),
        }
    }
}
