//! The map chart's data: each region's value, range and alert, and the colour scale.

use super::{ChartData, ChartSpec, MapRegion, SeriesInfo};
use crate::engine::Expected;
use crate::engine::McSummary;
use crate::model::Scenario;

/// Title, subtitle and data of the map of series `k`, at the spec's month (`at` names the
/// horizon, "at month 24").
pub(super) fn map(
    s: &Scenario,
    e: &Expected,
    mc: Option<&McSummary>,
    spec: &ChartSpec,
    (series, k): (&SeriesInfo, Option<usize>),
    at: &str,
) -> (String, String, ChartData) {
    let h = e.horizon();
    let month = spec.month.unwrap_or(h).min(h);
    let regions: Vec<MapRegion> = s
        .regions
        .iter()
        .enumerate()
        .map(|(ri, reg)| {
            let baseline = e.series_base(ri, k);
            let expected = e.series_value(ri, k, month);
            let stats = mc.map(|m| m.series(ri, k));
            let (range, prob_alert) = match stats {
                Some(st) => ((st.p05, st.p95), st.prob_alert),
                None => (
                    crate::engine::compare::outcome_range(e, ri, k),
                    crate::engine::compare::alert_chance(
                        e,
                        ri,
                        k,
                        series.threshold,
                        series.higher_is_better,
                    ),
                ),
            };
            MapRegion {
                name: reg.name.clone(),
                countries: reg.countries.clone(),
                baseline,
                expected,
                shown: if spec.change {
                    expected - baseline
                } else {
                    expected
                },
                range,
                simulated: stats.is_some(),
                prob_alert,
                alert: series.in_alert(expected),
            }
        })
        .collect();
    let unknown = s
        .regions
        .iter()
        .flat_map(|reg| {
            reg.countries
                .iter()
                .filter(|c| !crate::map::has_code(c))
                .map(|c| (reg.name.clone(), c.clone()))
        })
        .collect();
    let shown: Vec<f64> = regions.iter().map(|x| x.shown).collect();
    let kind = if spec.change {
        super::ScaleKind::Change
    } else {
        super::ScaleKind::Level
    };
    let scale = super::MapScale::covering(
        kind,
        &shown,
        series.threshold,
        (series.min, series.max),
        series.higher_is_better,
    );
    let when = if month == h {
        at.to_owned()
    } else {
        format!("at month {month} of {h}")
    };
    let (title, subtitle) = if spec.change {
        (
            format!("Where the expected {} moves", series.name.to_lowercase()),
            format!("Expected change from baseline {when}; hatched and outlined: in alert"),
        )
    } else {
        (
            format!("Expected {} on the map", series.name.to_lowercase()),
            format!("Probability-weighted mean {when}; hatched and outlined: in alert"),
        )
    };
    (
        title,
        subtitle,
        ChartData::Map {
            series: series.clone(),
            scale,
            month,
            horizon: h,
            regions,
            unknown,
        },
    )
}
