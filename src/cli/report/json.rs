//! The report as JSON.

use super::{JsonStats, Row, indicator_label};
use crate::engine::Expected;
use crate::model::Scenario;
use serde::Serialize;

#[derive(Serialize)]
struct JsonReport<'a> {
    file: &'a str,
    view: JsonView<'a>,
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
    /// Signposts, revisions and the resolution, where the scenario has any.
    #[serde(skip_serializing_if = "Option::is_none", flatten)]
    signposts: Option<super::Sections>,
}

#[derive(Serialize)]
struct JsonView<'a> {
    id: &'a str,
    name: &'a str,
}

#[derive(Serialize)]
struct JsonMc {
    samples: u64,
    seed: u64,
}

#[derive(Serialize)]
pub(super) struct JsonRanges {
    /// Worlds drawn for the 90% intervals of the expected values (0 when no sibling set has a
    /// range: then each interval is the expected value itself).
    pub(super) worlds: usize,
    pub(super) seed: u64,
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

#[derive(Serialize)]
struct JsonLeaf {
    id: String,
    name: String,
    outcome: Option<&'static str>,
    probability: f64,
}

fn finite(v: f64) -> Option<f64> {
    v.is_finite().then_some(v)
}

/// What the JSON report carries besides the rows.
pub(super) struct JsonExtras<'a> {
    /// The view reported: (id, name); the base is ("base", "Base").
    pub(super) view: (&'a str, &'a str),
    /// Notes about the numbers.
    pub(super) notes: Vec<String>,
    /// Monte Carlo samples and seed, when simulated.
    pub(super) mc: Option<(u64, u64)>,
    /// The draws of the probability ranges.
    pub(super) ranges: JsonRanges,
    /// Signposts, revisions and the resolution.
    pub(super) signposts: Option<super::Sections>,
}

pub(super) fn json(
    s: &Scenario,
    file: &str,
    e: &Expected,
    rows: &[Row],
    extras: JsonExtras,
) -> String {
    let JsonExtras {
        view,
        notes,
        mc,
        ranges,
        signposts,
    } = extras;
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
        view: JsonView {
            id: view.0,
            name: view.1,
        },
        title: &s.header.title,
        as_of: &s.header.as_of,
        horizon_months: s.header.horizon_months,
        illustrative: s.header.illustrative,
        monte_carlo: mc.map(|(samples, seed)| JsonMc { samples, seed }),
        probability_ranges: ranges,
        regions,
        leaves,
        notes,
        signposts,
    };
    let mut text =
        serde_json::to_string_pretty(&report).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    text.push('\n');
    text
}
