//! `muscat report`: expected values per region and indicator, in table, CSV or JSON.

use crate::engine::{Expected, McSettings, McSummary, run_monte_carlo, second_order};
use crate::model::{BASE_VIEW_ID, BASE_VIEW_NAME, Scenario, fmt_sum};
use serde::Serialize;

mod csv;
mod json;
mod signposts;
mod table;
mod views;

use csv::{CsvTable, csv, render};
use json::{JsonExtras, JsonRanges, json};
use signposts::Sections;
use table::table;
pub use views::{ViewChoice, all_views_report, all_views_report_to, view_report};

/// Report output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    /// Aligned text for a terminal.
    Table,
    /// Comma-separated values, one row per region and indicator.
    Csv,
    /// JSON with `regions` and `leaves`.
    Json,
}

#[derive(Serialize, Clone, Copy)]
pub(super) struct JsonStats {
    pub(super) mc_mean: f64,
    pub(super) p05: f64,
    pub(super) p50: f64,
    pub(super) p95: f64,
    pub(super) prob_below: f64,
    pub(super) prob_alert: f64,
}

/// One row of the report: a region's indicator, or its composite (`indicator` = `None`).
pub(super) struct Row {
    pub(super) region: usize,
    pub(super) indicator: Option<usize>,
    pub(super) baseline: f64,
    pub(super) expected: f64,
    /// 90% interval of the expected value, from the probability ranges.
    pub(super) interval: (f64, f64),
    /// Every effect at its likely value.
    pub(super) most_likely: f64,
    pub(super) mc: Option<JsonStats>,
}

fn stats(mc: &McSummary, r: usize, k: Option<usize>) -> JsonStats {
    let s = mc.series(r, k);
    JsonStats {
        mc_mean: s.mean,
        p05: s.p05,
        p50: s.p50,
        p95: s.p95,
        prob_below: s.prob_below,
        prob_alert: s.prob_alert,
    }
}

/// Notes about sibling sets that the engine normalised.
pub fn normalisation_notes(scenario: &Scenario, expected: &Expected) -> Vec<String> {
    expected
        .normalised
        .iter()
        .map(|n| {
            let parent = n
                .parent
                .and_then(|p| scenario.branches.get(p))
                .map_or_else(|| "the root".to_owned(), |b| format!("branch \"{}\"", b.id));
            format!(
                "children of {parent} sum to {}; normalised to 1 for these numbers",
                fmt_sum(n.sum)
            )
        })
        .collect()
}

/// Notes about cells where some outcome reaches the end of the scale.
fn clamp_notes(scenario: &Scenario, expected: &Expected, simulated: bool) -> Vec<String> {
    let cells: Vec<String> = (0..expected.cells())
        .filter(|&cell| expected.clamp_binds[cell])
        .filter_map(|cell| {
            let r = scenario.regions.get(cell / expected.n_indicators)?;
            let k = scenario.indicators.get(cell % expected.n_indicators)?;
            Some(format!("{}/{}", r.id, k.id))
        })
        .collect();
    if cells.is_empty() {
        return Vec::new();
    }
    let who = if simulated {
        "mc_mean, which clamps every simulated draw, accounts for it"
    } else {
        "run with --samples for mc_mean, which clamps every simulated draw"
    };
    vec![format!(
        "some outcomes reach the end of the scale in {}; the expected value clamps each outcome's mean change, and {who}",
        cells.join(", ")
    )]
}

/// What a report covers and how it is written.
#[derive(Clone, Debug, PartialEq)]
pub struct ReportOptions {
    /// Table, CSV or JSON.
    pub format: ReportFormat,
    /// Monte Carlo samples, if any.
    pub samples: Option<u64>,
    /// Monte Carlo seed (default: the scenario's).
    pub seed: Option<u64>,
    /// The date signpost statuses are read on (`YYYY-MM-DD`); `None`: the scenario's own date
    /// (`Scenario::status_date`), so the same file gives the same report on any day.
    pub as_of: Option<String>,
    /// Threads the analyses may use (0: every core). The same numbers on any count.
    pub threads: usize,
}

impl ReportOptions {
    /// A report in `format`, without samples, on the scenario's own date.
    pub fn new(format: ReportFormat) -> Self {
        Self {
            format,
            samples: None,
            seed: None,
            as_of: None,
            threads: 0,
        }
    }
}

/// Everything a report prints, worked out once for any format.
struct Computed {
    expected: Expected,
    rows: Vec<Row>,
    notes: Vec<String>,
    sections: Option<Sections>,
    mc_seed: u64,
    worlds: usize,
}

fn compute(scenario: &Scenario, o: &ReportOptions) -> Computed {
    let expected = Expected::compute(scenario);
    let most_likely = Expected::from_compiled(
        std::sync::Arc::clone(&expected.compiled),
        crate::engine::Centre::MostLikely,
    );
    let h = expected.horizon();
    let mc_seed = o.seed.unwrap_or(scenario.header.seed);
    let second = second_order(&expected, mc_seed, o.threads, None).unwrap_or_default();
    let mc = o.samples.map(|n| {
        run_monte_carlo(
            &expected,
            &McSettings {
                samples: n,
                seed: mc_seed,
                threads: o.threads,
                ..McSettings::default()
            },
            None,
        )
    });
    let mc = mc.as_ref().and_then(|r| r.as_ref().ok());
    let mut rows = Vec::new();
    for r in 0..scenario.regions.len() {
        let series = std::iter::once(None).chain((0..scenario.indicators.len()).map(Some));
        for k in series {
            rows.push(Row {
                region: r,
                indicator: k,
                baseline: expected.series_base(r, k),
                expected: expected.series_value(r, k, h),
                interval: second.interval(&expected, r, k),
                most_likely: most_likely.series_value(r, k, h),
                mc: mc.map(|m| stats(m, r, k)),
            });
        }
    }
    let mut notes = normalisation_notes(scenario, &expected);
    notes.extend(clamp_notes(scenario, &expected, mc.is_some()));
    if scenario.indicators.is_empty() && !scenario.regions.is_empty() {
        notes.push("the scenario has no indicators, so no region has a composite index (—)".into());
    }
    for (parent, _) in &second.incompatible {
        let at = parent.and_then(|p| scenario.branches.get(p)).map_or_else(
            || "the top level".to_owned(),
            |b| format!("branch \"{}\"", b.id),
        );
        notes.push(format!(
            "the probability ranges of the children of {at} cannot all hold together (they must leave room to sum to 1); the intervals use the closest they can"
        ));
    }
    let date = o.as_of.clone().or_else(|| scenario.status_date());
    let sections = Sections::of(scenario, &expected, date.as_deref());
    Computed {
        expected,
        rows,
        notes,
        sections,
        mc_seed,
        worlds: second.worlds,
    }
}

/// The report's CSV tables: the regions, then the signposts and revisions where there are any.
fn csv_tables(scenario: &Scenario, o: &ReportOptions) -> Vec<CsvTable> {
    let c = compute(scenario, o);
    let mut tables = vec![csv(scenario, &c.rows)];
    if let Some(sec) = &c.sections {
        tables.extend(sec.csv());
    }
    tables
}

/// Render the report of the base. With `samples`, Monte Carlo statistics are added to every
/// row.
pub fn render_report(scenario: &Scenario, file: &str, o: &ReportOptions) -> String {
    render_as(scenario, file, o, (BASE_VIEW_ID, BASE_VIEW_NAME))
}

/// The report of `scenario` (a view already resolved), saying in JSON which view it is.
fn render_as(scenario: &Scenario, file: &str, o: &ReportOptions, view: (&str, &str)) -> String {
    if o.format == ReportFormat::Csv {
        return render(&csv_tables(scenario, o));
    }
    let c = compute(scenario, o);
    match o.format {
        ReportFormat::Json => json(
            scenario,
            file,
            &c.expected,
            &c.rows,
            JsonExtras {
                view,
                notes: c.notes,
                mc: o.samples.map(|s| (s, c.mc_seed)),
                ranges: JsonRanges {
                    worlds: c.worlds,
                    seed: c.mc_seed,
                },
                signposts: c.sections,
            },
        ),
        _ => {
            let mut text = table(
                scenario,
                &c.expected,
                &c.rows,
                &c.notes,
                o.samples.map(|_| (o.samples, c.mc_seed)),
                c.worlds,
            );
            if let Some(sec) = &c.sections {
                text.push_str(&sec.table());
            }
            text
        }
    }
}

pub(super) fn indicator_label(s: &Scenario, k: Option<usize>) -> (String, String, String) {
    match k.and_then(|k| s.indicators.get(k)) {
        Some(i) => (i.id.clone(), i.name.clone(), i.unit.clone()),
        None => (
            "composite".into(),
            "Composite stability index".into(),
            "0–100".into(),
        ),
    }
}
