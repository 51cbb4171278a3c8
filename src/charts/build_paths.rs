//! The charts of one region over time and across outcomes: its trajectory and the
//! distribution of its simulated outcomes.

use super::build::{Ask, Parts, series_value};
use super::fold::fold_outcome_lines;
use super::{ChartData, OutcomeLine, fmt_num};

/// The region's expected path, the simulation's bands and each outcome's path.
pub(super) fn trajectory(a: &Ask<'_>) -> Parts {
    let (s, e, r, k) = (a.s, a.e, a.r, a.k);
    let series = &a.series;
    let region_name = &a.region_name;
    let mc = a.sims.mc;
    let h = e.horizon();
    let expected = (0..e.months).map(|m| e.series_value(r, k, m)).collect();
    let fan = mc
        .and_then(|m| m.fan.as_ref())
        .filter(|f| f.region == r && f.indicator == k)
        .map(|f| f.months.clone());
    let base = e.series_base(r, k);
    let lines: Vec<OutcomeLine> = e
        .top
        .iter()
        .zip(e.top_paths(r, k))
        .filter_map(|(top, path)| {
            Some(OutcomeLine {
                name: s.branches[top.pos].name.clone(),
                outcome: top.outcome,
                probability: top.probability,
                values: path?,
            })
        })
        .collect();
    let (outcomes, folded) = fold_outcome_lines(lines);
    let mut subtitle =
        "Expected path, 50% and 90% bands of simulated paths, and each outcome's path".to_owned();
    if folded > 0 {
        subtitle.push_str(&format!(
            "; the {} least likely as one line",
            crate::charts::thousands(folded as u64)
        ));
    }
    (
        format!(
            "{region_name}: {} over {} months",
            series.name.to_lowercase(),
            h
        ),
        subtitle,
        ChartData::Trajectory {
            series: series.clone(),
            region: region_name.clone(),
            baseline: base,
            expected,
            fan,
            outcomes,
        },
    )
}

/// The histogram of the region's simulated outcomes at the horizon.
pub(super) fn distribution(a: &Ask<'_>) -> Parts {
    let (e, r, k) = (a.e, a.r, a.k);
    let series = &a.series;
    let region_name = &a.region_name;
    let at = &a.at;
    let mc = a.sims.mc;
    let (bins, prob_alert, samples) = match mc {
        Some(m) => {
            let ((lo, hi), counts) = m.histogram_fitted(r, k, 40);
            let total: u64 = counts.iter().map(|&c| u64::from(c)).sum();
            let w = (hi - lo) / counts.len().max(1) as f64;
            let bins = counts
                .iter()
                .enumerate()
                .map(|(j, &c)| {
                    (
                        lo + w * j as f64,
                        lo + w * (j + 1) as f64,
                        f64::from(c) / total.max(1) as f64,
                    )
                })
                .collect();
            (bins, Some(m.series(r, k).prob_alert), m.samples)
        }
        None => (Vec::new(), None, 0),
    };
    (
        format!("{region_name}: {} {at}", series.name.to_lowercase()),
        format!(
            "Distribution of simulated outcomes; alert {} {}",
            if series.higher_is_better {
                "below"
            } else {
                "above"
            },
            fmt_num(series.threshold)
        ),
        ChartData::Distribution {
            series: series.clone(),
            region: region_name.clone(),
            bins,
            expected: series_value(e, r, k),
            prob_alert,
            samples,
        },
    )
}
