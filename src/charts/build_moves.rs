//! The charts of what moves a region's value: the tornado of its inputs, and the signposts
//! that would move it if seen.

use super::build::{Ask, Parts, series_value};
use super::{ChartData, SignpostBar};
use crate::engine::sensitivity;
use crate::model::Scenario;

/// The date signpost statuses are read on in charts: the scenario's own (see
/// `Scenario::status_date`), so that an export says the same thing whenever it is made. With
/// no date in the scenario, no signpost is overdue.
fn signpost_date(s: &Scenario) -> String {
    s.status_date().unwrap_or_default()
}

/// What moves the region's value: each top-level probability and each effect, and the break-even of the spec's branch.
pub(super) fn tornado(a: &Ask<'_>) -> Parts {
    let (s, e, spec, r, k) = (a.s, a.e, a.spec, a.r, a.k);
    let series = &a.series;
    let region_name = &a.region_name;
    let at = &a.at;
    let bars = if s.regions.is_empty() {
        Vec::new()
    } else {
        sensitivity::tornado(s, e, (r, k))
    };
    let pos = spec
        .branch
        .filter(|&p| p < s.branches.len())
        .or_else(|| e.compiled.tree.roots.first().copied());
    let be = pos.and_then(|p| {
        sensitivity::break_even(e, (r, k), p, series.threshold)
            .map(|b| (s.branches[p].name.clone(), b))
    });
    (
        format!("What moves {region_name}'s {}", series.name.to_lowercase()),
        format!(
            "Expected value {at} as each top-level probability moves ±10 points and each effect runs from low to high"
        ),
        ChartData::Tornado {
            series: series.clone(),
            region: region_name.clone(),
            base: series_value(e, r, k),
            bars,
            break_even: be,
        },
    )
}

/// What each signpost would do to the region's value if seen and if not, most telling first.
pub(super) fn signposts(a: &Ask<'_>) -> Parts {
    let (s, e, r, k) = (a.s, a.e, a.r, a.k);
    let series = &a.series;
    let region_name = &a.region_name;
    let at = &a.at;
    let tree = &e.compiled.tree;
    let shifts = crate::engine::signposts::series_shifts(s, tree, e, r, k);
    let date = signpost_date(s);
    let bars = shifts
        .iter()
        .map(|x| {
            let sp = &s.signposts[x.index];
            SignpostBar {
                name: sp.name.clone(),
                status: s.status(sp, &date).label().to_owned(),
                chance: x.chance,
                if_seen: x.seen,
                if_not: x.not_seen,
            }
        })
        .collect();
    (
        format!(
            "What each signpost would do to {region_name}'s {}",
            series.name.to_lowercase()
        ),
        format!(
            "Expected value {at} if each is seen and if not, most telling first; status as of {date}"
        ),
        ChartData::Signposts {
            series: series.clone(),
            region: region_name.clone(),
            now: series_value(e, r, k),
            bars,
            left_out: s.signposts.len() - shifts.len(),
        },
    )
}
