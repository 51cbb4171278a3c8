//! `muscat report`: expected values per region and indicator, in table, CSV or JSON.

use crate::engine::{Expected, McSettings, McSummary, run_monte_carlo};
use crate::model::{Scenario, fmt_sum};
use serde::Serialize;

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

#[derive(Serialize)]
struct JsonReport<'a> {
    file: &'a str,
    title: &'a str,
    as_of: &'a str,
    horizon_months: u32,
    illustrative: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    monte_carlo: Option<JsonMc>,
    regions: Vec<JsonRegion>,
    leaves: Vec<JsonLeaf>,
    notes: Vec<String>,
}

#[derive(Serialize)]
struct JsonMc {
    samples: u64,
    seed: u64,
}

#[derive(Serialize)]
struct JsonRegion {
    id: String,
    name: String,
    composite: Option<f64>,
    composite_baseline: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    composite_mc: Option<JsonStats>,
    indicators: Vec<JsonIndicator>,
}

#[derive(Serialize)]
struct JsonIndicator {
    id: String,
    name: String,
    unit: String,
    baseline: f64,
    expected: f64,
    #[serde(flatten)]
    mc: Option<JsonStats>,
}

#[derive(Serialize, Clone, Copy)]
struct JsonStats {
    mc_mean: f64,
    p05: f64,
    p50: f64,
    p95: f64,
    prob_below: f64,
    prob_alert: f64,
}

#[derive(Serialize)]
struct JsonLeaf {
    id: String,
    name: String,
    outcome: Option<&'static str>,
    probability: f64,
}

/// One row of the report: a region's indicator, or its composite (`indicator` = `None`).
struct Row {
    region: usize,
    indicator: Option<usize>,
    baseline: f64,
    expected: f64,
    mc: Option<JsonStats>,
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

/// Render the report. With `samples`, Monte Carlo statistics are added to every row.
pub fn render_report(
    scenario: &Scenario,
    file: &str,
    format: ReportFormat,
    samples: Option<u64>,
    seed: Option<u64>,
) -> String {
    let expected = Expected::compute(scenario);
    let h = expected.horizon();
    let mc_seed = seed.unwrap_or(scenario.seed);
    let mc = samples.map(|n| {
        run_monte_carlo(
            scenario,
            &McSettings {
                samples: n,
                seed: mc_seed,
                ..McSettings::default()
            },
            None,
        )
    });
    let mc = mc.as_ref().and_then(|r| r.as_ref().ok());
    let mut rows = Vec::new();
    for r in 0..scenario.regions.len() {
        rows.push(Row {
            region: r,
            indicator: None,
            baseline: expected.series_base(r, None),
            expected: expected.composite_at(r, h),
            mc: mc.map(|m| stats(m, r, None)),
        });
        for k in 0..scenario.indicators.len() {
            rows.push(Row {
                region: r,
                indicator: Some(k),
                baseline: expected.base(r, k),
                expected: expected.value(r, k, h),
                mc: mc.map(|m| stats(m, r, Some(k))),
            });
        }
    }
    let notes = normalisation_notes(scenario, &expected);
    match format {
        ReportFormat::Table => table(
            scenario,
            &expected,
            &rows,
            &notes,
            mc.map(|_| (samples, mc_seed)),
        ),
        ReportFormat::Csv => csv(scenario, &rows),
        ReportFormat::Json => json(
            scenario,
            file,
            &expected,
            &rows,
            notes,
            samples.map(|s| (s, mc_seed)),
        ),
    }
}

fn indicator_label(s: &Scenario, k: Option<usize>) -> (String, String, String) {
    match k.and_then(|k| s.indicators.get(k)) {
        Some(i) => (i.id.clone(), i.name.clone(), i.unit.clone()),
        None => (
            "composite".into(),
            "Composite stability index".into(),
            "0–100".into(),
        ),
    }
}

fn table(
    s: &Scenario,
    e: &Expected,
    rows: &[Row],
    notes: &[String],
    mc: Option<(Option<u64>, u64)>,
) -> String {
    let mut out = format!("{}\n", s.title);
    if !s.as_of.is_empty() {
        out.push_str(&format!("as of {}, ", s.as_of));
    }
    out.push_str(&format!(
        "expected values at the horizon, month {}",
        e.horizon()
    ));
    if let Some((Some(n), seed)) = mc {
        out.push_str(&format!("; Monte Carlo: {n} samples, seed {seed}"));
    }
    out.push_str("\n\n");
    let name_w = rows
        .iter()
        .map(|r| indicator_label(s, r.indicator).1.chars().count())
        .chain(s.regions.iter().map(|r| r.name.chars().count()))
        .max()
        .unwrap_or(10)
        .max(10);
    out.push_str(&format!(
        "{:<name_w$}  {:>9} {:>9} {:>8}",
        "Region / indicator", "baseline", "expected", "change"
    ));
    if mc.is_some() {
        out.push_str(&format!(
            " {:>9} {:>8} {:>8} {:>8} {:>10} {:>10}",
            "mc_mean", "p05", "p50", "p95", "prob_below", "prob_alert"
        ));
    }
    out.push('\n');
    for row in rows {
        let label = if row.indicator.is_none() {
            let region = s.regions.get(row.region).map_or("", |r| r.name.as_str());
            out.push('\n');
            format!("{region}: composite")
        } else {
            format!("  {}", indicator_label(s, row.indicator).1)
        };
        out.push_str(&format!(
            "{label:<name_w$}  {:>9.2} {:>9.2} {:>+8.2}",
            row.baseline,
            row.expected,
            row.expected - row.baseline
        ));
        if let Some(m) = row.mc {
            out.push_str(&format!(
                " {:>9.2} {:>8.2} {:>8.2} {:>8.2} {:>10.3} {:>10.3}",
                m.mc_mean, m.p05, m.p50, m.p95, m.prob_below, m.prob_alert
            ));
        }
        out.push('\n');
    }
    out.push_str("\nLeaves (absolute probability)\n");
    for leaf in &e.leaves {
        let Some(b) = s.branches.get(leaf.pos) else {
            continue;
        };
        out.push_str(&format!(
            "  {:>7.4}  {:<8}  {}  ({})\n",
            leaf.probability,
            leaf.outcome.map_or("-", |o| o.word()),
            b.name,
            b.id
        ));
    }
    for n in notes {
        out.push_str(&format!("\nNote: {n}"));
    }
    if !notes.is_empty() {
        out.push('\n');
    }
    out
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

fn csv(s: &Scenario, rows: &[Row]) -> String {
    let with_mc = rows.iter().any(|r| r.mc.is_some());
    let mut out = String::from(
        "region_id,region_name,indicator_id,indicator_name,unit,baseline,expected,change",
    );
    if with_mc {
        out.push_str(",mc_mean,p05,p50,p95,prob_below,prob_alert");
    }
    out.push('\n');
    for row in rows {
        let region = &s.regions[row.region];
        let (id, name, unit) = indicator_label(s, row.indicator);
        out.push_str(&format!(
            "{},{},{},{},{},{},{},{}",
            csv_field(&region.id),
            csv_field(&region.name),
            csv_field(&id),
            csv_field(&name),
            csv_field(&unit),
            row.baseline,
            row.expected,
            row.expected - row.baseline
        ));
        if let Some(m) = row.mc {
            out.push_str(&format!(
                ",{},{},{},{},{},{}",
                m.mc_mean, m.p05, m.p50, m.p95, m.prob_below, m.prob_alert
            ));
        }
        out.push('\n');
    }
    out
}

fn finite(v: f64) -> Option<f64> {
    v.is_finite().then_some(v)
}

fn json(
    s: &Scenario,
    file: &str,
    e: &Expected,
    rows: &[Row],
    notes: Vec<String>,
    mc: Option<(u64, u64)>,
) -> String {
    let regions = s
        .regions
        .iter()
        .enumerate()
        .map(|(r, region)| {
            let composite = rows
                .iter()
                .find(|row| row.region == r && row.indicator.is_none());
            JsonRegion {
                id: region.id.clone(),
                name: region.name.clone(),
                composite: composite.and_then(|c| finite(c.expected)),
                composite_baseline: composite.and_then(|c| finite(c.baseline)),
                composite_mc: composite.and_then(|c| c.mc),
                indicators: rows
                    .iter()
                    .filter(|row| row.region == r && row.indicator.is_some())
                    .map(|row| {
                        let (id, name, unit) = indicator_label(s, row.indicator);
                        JsonIndicator {
                            id,
                            name,
                            unit,
                            baseline: row.baseline,
                            expected: row.expected,
                            mc: row.mc,
                        }
                    })
                    .collect(),
            }
        })
        .collect();
    let leaves = e
        .leaves
        .iter()
        .filter_map(|l| {
            let b = s.branches.get(l.pos)?;
            Some(JsonLeaf {
                id: b.id.clone(),
                name: b.name.clone(),
                outcome: l.outcome.map(|o| o.word()),
                probability: l.probability,
            })
        })
        .collect();
    let report = JsonReport {
        file,
        title: &s.title,
        as_of: &s.as_of,
        horizon_months: s.horizon_months,
        illustrative: s.illustrative,
        monte_carlo: mc.map(|(samples, seed)| JsonMc { samples, seed }),
        regions,
        leaves,
        notes,
    };
    let mut text =
        serde_json::to_string_pretty(&report).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    text.push('\n');
    text
}
