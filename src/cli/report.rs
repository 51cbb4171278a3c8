//! `muscat report`: expected values per region and indicator, in table, CSV or JSON.

use crate::engine::{Expected, McSettings, McSummary, run_monte_carlo, second_order};
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
    probability_ranges: JsonRanges,
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
struct JsonRanges {
    /// Worlds drawn for the 90% intervals of the expected values (0: no ranges).
    worlds: usize,
    seed: u64,
}

#[derive(Serialize)]
struct JsonRegion {
    id: String,
    name: String,
    composite: Option<f64>,
    composite_baseline: Option<f64>,
    composite_expected_p05: Option<f64>,
    composite_expected_p95: Option<f64>,
    composite_most_likely: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    composite_mc: Option<JsonStats>,
    indicators: Vec<JsonIndicator>,
}

#[derive(Serialize)]
struct JsonIndicator {
    id: String,
    name: String,
    unit: String,
    baseline: Option<f64>,
    expected: Option<f64>,
    expected_p05: Option<f64>,
    expected_p95: Option<f64>,
    most_likely: Option<f64>,
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
    /// 90% interval of the expected value, from the probability ranges.
    interval: (f64, f64),
    /// Every effect at its likely value.
    most_likely: f64,
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

/// Render the report. With `samples`, Monte Carlo statistics are added to every row.
pub fn render_report(
    scenario: &Scenario,
    file: &str,
    format: ReportFormat,
    samples: Option<u64>,
    seed: Option<u64>,
) -> String {
    let expected = Expected::compute(scenario);
    let most_likely = Expected::from_compiled(
        std::sync::Arc::clone(&expected.compiled),
        crate::engine::Centre::MostLikely,
    );
    let h = expected.horizon();
    let mc_seed = seed.unwrap_or(scenario.header.seed);
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let second = second_order(&expected, mc_seed, threads, None).unwrap_or_default();
    let mc = samples.map(|n| {
        run_monte_carlo(
            &expected,
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
    match format {
        ReportFormat::Table => table(
            scenario,
            &expected,
            &rows,
            &notes,
            mc.map(|_| (samples, mc_seed)),
            second.worlds,
        ),
        ReportFormat::Csv => csv(scenario, &rows),
        ReportFormat::Json => json(
            scenario,
            file,
            &expected,
            &rows,
            notes,
            samples.map(|s| (s, mc_seed)),
            JsonRanges {
                worlds: second.worlds,
                seed: mc_seed,
            },
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

/// A number for the table, or "—" where there is none.
fn num(v: f64, width: usize, places: usize) -> String {
    if v.is_finite() {
        format!("{v:>width$.places$}")
    } else {
        format!("{:>width$}", "—")
    }
}

fn table(
    s: &Scenario,
    e: &Expected,
    rows: &[Row],
    notes: &[String],
    mc: Option<(Option<u64>, u64)>,
    worlds: usize,
) -> String {
    let mut out = format!("{}\n", s.header.title);
    if !s.header.as_of.is_empty() {
        out.push_str(&format!("as of {}, ", s.header.as_of));
    }
    out.push_str(&format!(
        "expected values at the horizon, month {}",
        e.horizon()
    ));
    if let Some((Some(n), seed)) = mc {
        out.push_str(&format!(
            "; Monte Carlo: {} samples, seed {seed}",
            crate::model::limits::count_text(n)
        ));
    }
    out.push_str(&if worlds > 0 {
        format!(
            "\nexp_p05–exp_p95: 90% interval of the expected value over {} draws of the probability ranges",
            crate::model::limits::count_text(worlds as u64)
        )
    } else {
        "\nexp_p05–exp_p95: no probability has a range, so the expected value has no interval".to_owned()
    });
    out.push_str("; most_likely: every effect at its likely value");
    out.push_str("\n\n");
    let name_w = rows
        .iter()
        .map(|r| indicator_label(s, r.indicator).1.chars().count() + 2)
        .chain(
            s.regions
                .iter()
                .map(|r| r.name.chars().count() + ": composite".len()),
        )
        .max()
        .unwrap_or(10)
        .clamp(18, 60);
    out.push_str(&format!(
        "{:<name_w$}  {:>9} {:>9} {:>8} {:>8} {:>8} {:>11}",
        "Region / indicator", "baseline", "expected", "change", "exp_p05", "exp_p95", "most_likely"
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
            format!(
                "{}: composite",
                crate::model::limits::shorten(region, name_w - 11)
            )
        } else {
            format!(
                "  {}",
                crate::model::limits::shorten(&indicator_label(s, row.indicator).1, name_w - 2)
            )
        };
        let change = row.expected - row.baseline;
        let change = if change.is_finite() {
            format!("{change:>+8.2}")
        } else {
            format!("{:>8}", "—")
        };
        out.push_str(&format!(
            "{label:<name_w$}  {} {} {change} {} {} {}",
            num(row.baseline, 9, 2),
            num(row.expected, 9, 2),
            num(row.interval.0, 8, 2),
            num(row.interval.1, 8, 2),
            num(row.most_likely, 11, 2),
        ));
        if let Some(m) = row.mc {
            out.push_str(&format!(
                " {} {} {} {} {} {}",
                num(m.mc_mean, 9, 2),
                num(m.p05, 8, 2),
                num(m.p50, 8, 2),
                num(m.p95, 8, 2),
                num(m.prob_below, 10, 3),
                num(m.prob_alert, 10, 3)
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

/// A text cell for CSV: quoted where it must be, and with a leading `'` where a spreadsheet
/// would otherwise read it as a formula (OWASP's advice on CSV injection).
fn csv_field(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_owned()
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

/// A number for CSV: empty where there is none.
fn csv_num(v: f64) -> String {
    if v.is_finite() {
        v.to_string()
    } else {
        String::new()
    }
}

fn csv(s: &Scenario, rows: &[Row]) -> String {
    let with_mc = rows.iter().any(|r| r.mc.is_some());
    let mut out = String::from(
        "region_id,region_name,indicator_id,indicator_name,unit,baseline,expected,change,expected_p05,expected_p95,most_likely",
    );
    if with_mc {
        out.push_str(",mc_mean,p05,p50,p95,prob_below,prob_alert");
    }
    out.push('\n');
    for row in rows {
        let region = &s.regions[row.region];
        let (id, name, unit) = indicator_label(s, row.indicator);
        let cells = [
            csv_field(&region.id),
            csv_field(&region.name),
            csv_field(&id),
            csv_field(&name),
            csv_field(&unit),
            csv_num(row.baseline),
            csv_num(row.expected),
            csv_num(row.expected - row.baseline),
            csv_num(row.interval.0),
            csv_num(row.interval.1),
            csv_num(row.most_likely),
        ];
        out.push_str(&cells.join(","));
        if let Some(m) = row.mc {
            let more = [m.mc_mean, m.p05, m.p50, m.p95, m.prob_below, m.prob_alert];
            for v in more {
                out.push(',');
                out.push_str(&csv_num(v));
            }
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
    ranges: JsonRanges,
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
                composite_expected_p05: composite.and_then(|c| finite(c.interval.0)),
                composite_expected_p95: composite.and_then(|c| finite(c.interval.1)),
                composite_most_likely: composite.and_then(|c| finite(c.most_likely)),
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
                            baseline: finite(row.baseline),
                            expected: finite(row.expected),
                            expected_p05: finite(row.interval.0),
                            expected_p95: finite(row.interval.1),
                            most_likely: finite(row.most_likely),
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
        title: &s.header.title,
        as_of: &s.header.as_of,
        horizon_months: s.header.horizon_months,
        illustrative: s.header.illustrative,
        monte_carlo: mc.map(|(samples, seed)| JsonMc { samples, seed }),
        probability_ranges: ranges,
        regions,
        leaves,
        notes,
    };
    let mut text =
        serde_json::to_string_pretty(&report).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_cells_never_start_a_formula() {
        assert_eq!(
            csv_field("=HYPERLINK(\"http://x\")"),
            "\"'=HYPERLINK(\"\"http://x\"\")\""
        );
        assert_eq!(csv_field("+1"), "'+1");
        assert_eq!(csv_field("-2"), "'-2");
        assert_eq!(csv_field("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_field("Iran"), "Iran");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
    }
}
