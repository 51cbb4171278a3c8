//! Views side by side: each view's expected values, their differences, the policy option with
//! the better expected composite, and how far a probability would have to move to change that.

use super::Expected;
use super::sensitivity::SetLines;
use crate::model::limits::Size;
use crate::model::{BASE_VIEW_ID, Scenario, TreeIndex, ViewKind};

/// One view's numbers in a comparison: its expected value of every region's composite and
/// indicators at the horizon, and the range of outcomes of one series. The view's full expected
/// values are worked out and dropped, one view at a time, so comparing many views of a large
/// scenario holds one in memory, not all.
#[derive(Clone, Debug)]
pub struct Column {
    /// The view's id; `"base"` for the base.
    pub id: String,
    /// Its display name.
    pub name: String,
    /// Its kind; `None` for the base.
    pub kind: Option<ViewKind>,
    /// Expected value at the horizon of each region's series: `[region * series + s]`, where
    /// series 0 is the composite and series `k + 1` indicator `k`.
    values: Vec<f64>,
    /// Series per region (1 + indicators).
    series: usize,
    /// The range of outcomes (5th and 95th percentiles across leaves) of `ranged` per region.
    ranges: Vec<(f64, f64)>,
    /// The series whose ranges were worked out (`None`: the composite).
    ranged: Option<usize>,
    /// The mean of the regions' expected composite.
    pub overall: f64,
}

impl Column {
    fn of(
        id: &str,
        name: String,
        kind: Option<ViewKind>,
        e: &Expected,
        ranged: Option<usize>,
    ) -> Self {
        let series = 1 + e.n_indicators;
        let h = e.horizon();
        let mut values = Vec::with_capacity(e.n_regions * series);
        for r in 0..e.n_regions {
            values.push(e.series_value(r, None, h));
            values.extend((0..e.n_indicators).map(|k| e.series_value(r, Some(k), h)));
        }
        let ranged = ranged.filter(|&k| k < e.n_indicators);
        Self {
            id: id.to_owned(),
            name,
            kind,
            values,
            series,
            ranges: (0..e.n_regions)
                .map(|r| outcome_range(e, r, ranged))
                .collect(),
            ranged,
            overall: overall(e),
        }
    }

    /// The expected value of region `r`'s series (`k` = `None`: the composite) at the horizon.
    pub fn value(&self, r: usize, k: Option<usize>) -> f64 {
        let s = k.map_or(0, |k| k + 1);
        if s >= self.series {
            return f64::NAN;
        }
        self.values
            .get(r * self.series + s)
            .copied()
            .unwrap_or(f64::NAN)
    }

    /// Region `r`'s value of series `k` with its range of outcomes, where the range was worked
    /// out for that series (elsewhere the range is the value itself).
    pub fn cell(&self, r: usize, k: Option<usize>) -> Cell {
        let expected = self.value(r, k);
        let (low, high) = if k == self.ranged {
            self.ranges.get(r).copied().unwrap_or((expected, expected))
        } else {
            (expected, expected)
        };
        Cell {
            expected,
            low,
            high,
        }
    }

    /// Number of regions.
    pub fn regions(&self) -> usize {
        self.values.len() / self.series.max(1)
    }
}

/// Each id once, in the order of its first mention: a slide that names a view many times
/// compares it once, so the work is one per view, never one per mention. Linear in the list.
pub fn distinct_ids(ids: &[String]) -> Vec<String> {
    let mut seen = std::collections::HashSet::with_capacity(ids.len().min(1024));
    ids.iter()
        .filter(|id| seen.insert(id.as_str()))
        .cloned()
        .collect()
}

/// The views a comparison shows by default: Base and the policy options, or Base and every view
/// when there are no policy options.
pub fn default_ids(s: &Scenario) -> Vec<String> {
    let policies: Vec<String> = s
        .views
        .iter()
        .filter(|v| v.kind == ViewKind::Policy)
        .map(|v| v.id.clone())
        .collect();
    let rest = if policies.is_empty() {
        s.views.iter().map(|v| v.id.clone()).collect()
    } else {
        policies
    };
    std::iter::once(BASE_VIEW_ID.to_owned())
        .chain(rest)
        .collect()
}

/// The columns for view ids (`"base"` for the base), with the ranges of outcomes of series
/// `ranged` (`None`: the composite); unknown ids are skipped, an empty list means `default_ids`.
/// A scenario past the size limits gives no columns.
pub fn columns(base: &Scenario, ids: &[String], ranged: Option<usize>) -> Vec<Column> {
    columns_until(
        base,
        ids,
        ranged,
        &std::sync::atomic::AtomicBool::new(false),
    )
    .unwrap_or_default()
}

/// `columns`, stopping between views once `cancel` is set (`None` then).
pub fn columns_until(
    base: &Scenario,
    ids: &[String],
    ranged: Option<usize>,
    cancel: &std::sync::atomic::AtomicBool,
) -> Option<Vec<Column>> {
    use std::sync::atomic::Ordering;
    let tree = TreeIndex::new(base);
    if !Size::of(base, &tree).problems().is_empty() {
        return Some(Vec::new());
    }
    let ids = if ids.is_empty() {
        default_ids(base)
    } else {
        distinct_ids(ids)
    };
    ids.iter()
        .filter_map(|id| {
            if cancel.load(Ordering::Relaxed) {
                return Some(None);
            }
            let (name, kind) = if id == BASE_VIEW_ID {
                (base.view_name(None), None)
            } else {
                let v = base.view(id)?;
                (v.name.clone(), Some(v.kind))
            };
            let e = expected_of(base, id);
            Some(Some(Column::of(id, name, kind, &e, ranged)))
        })
        .collect()
}

/// The expected values of a view (`"base"`: the base).
fn expected_of(base: &Scenario, id: &str) -> Expected {
    if id == BASE_VIEW_ID {
        Expected::compute(base)
    } else {
        Expected::compute(&base.resolved_numbers(Some(id)))
    }
}

/// One view's value of a series at the horizon.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Cell {
    /// Expected value.
    pub expected: f64,
    /// 5th percentile of the outcomes over the tree's leaves (each effect at its mean).
    pub low: f64,
    /// 95th percentile, likewise.
    pub high: f64,
}

/// A view's value of series (`r`, `k`) at the horizon, with the range of outcomes across leaves.
pub fn cell(e: &Expected, r: usize, k: Option<usize>) -> Cell {
    let expected = e.series_value(r, k, e.horizon());
    let (low, high) = outcome_range(e, r, k);
    Cell {
        expected,
        low,
        high,
    }
}

/// The probability-weighted 5th and 95th percentiles of a series at the horizon over the
/// leaves (the spread of outcomes without the effects' own uncertainty).
pub fn outcome_range(e: &Expected, r: usize, k: Option<usize>) -> (f64, f64) {
    let c = &e.compiled;
    let base = e.series_base(r, k);
    let mut values: Vec<(f64, f64)> = c
        .leaves
        .iter()
        .enumerate()
        .filter_map(|(ordinal, &leaf)| {
            let p = c.abs.get(leaf).copied().unwrap_or(0.0);
            (p > 0.0).then(|| (base + e.leaf_series_change(ordinal, r, k), p))
        })
        .collect();
    if values.is_empty() {
        let v = e.series_value(r, k, e.horizon());
        return (v, v);
    }
    values.sort_by(|a, b| a.0.total_cmp(&b.0));
    let total: f64 = values.iter().map(|(_, p)| p).sum();
    let quantile = |q: f64| {
        let mut acc = 0.0;
        for &(v, p) in &values {
            acc += p / total;
            if acc >= q - 1e-12 {
                return v;
            }
        }
        values.last().map_or(f64::NAN, |x| x.0)
    };
    (quantile(0.05), quantile(0.95))
}

/// The chance, over the leaves, that series (`r`, `k`) ends on the alert side of `threshold`
/// at the horizon (without the effects' own uncertainty).
pub fn alert_chance(
    e: &Expected,
    r: usize,
    k: Option<usize>,
    threshold: f64,
    higher_is_better: bool,
) -> f64 {
    let c = &e.compiled;
    let base = e.series_base(r, k);
    c.leaves
        .iter()
        .enumerate()
        .filter_map(|(ordinal, &leaf)| {
            let p = c.abs.get(leaf).copied().unwrap_or(0.0);
            let v = base + e.leaf_series_change(ordinal, r, k);
            let alert = if higher_is_better {
                v < threshold
            } else {
                v > threshold
            };
            (p > 0.0 && alert).then_some(p)
        })
        .sum::<f64>()
        .clamp(0.0, 1.0)
}

/// The mean of a view's expected composite over the regions: the "overall" figure policy
/// options are ranked by (every region counts the same).
pub fn overall(e: &Expected) -> f64 {
    if e.n_regions == 0 {
        return f64::NAN;
    }
    let h = e.horizon();
    (0..e.n_regions).map(|r| e.composite_at(r, h)).sum::<f64>() / e.n_regions as f64
}

/// Which policy option does better, per region and overall, and what would change the answer.
#[derive(Clone, Debug, PartialEq)]
pub struct Verdict {
    /// Indices (into the columns) of the policy options compared.
    pub options: Vec<usize>,
    /// Per region: the option with the higher expected composite.
    pub best_by_region: Vec<usize>,
    /// Each option's overall expected composite (same order as `options`).
    pub overall: Vec<f64>,
    /// The option with the higher overall expected composite.
    pub leader: usize,
    /// The runner-up.
    pub runner_up: usize,
    /// The smallest move of one probability, under the leader or the runner-up, that would tie
    /// the two.
    pub break_even: Option<Move>,
}

/// How far one probability would have to move to change the answer.
#[derive(Clone, Debug, PartialEq)]
pub struct Move {
    /// The column (the leader or the runner-up) under which it moves.
    pub under: usize,
    /// The branch's id.
    pub branch: String,
    /// Its name.
    pub name: String,
    /// Its probability given its parent under the leader now.
    pub from: f64,
    /// The probability at which the leader's overall composite equals the runner-up's.
    pub to: f64,
}

/// The verdict over the policy options among `cols` (at least two are needed).
pub fn verdict(s: &Scenario, cols: &[Column]) -> Option<Verdict> {
    let options: Vec<usize> = cols
        .iter()
        .enumerate()
        .filter(|(_, c)| c.kind == Some(ViewKind::Policy))
        .map(|(i, _)| i)
        .collect();
    if options.len() < 2 {
        return None;
    }
    let n_regions = cols[options[0]].regions();
    let best_by_region = (0..n_regions)
        .map(|r| {
            *options
                .iter()
                .max_by(|&&a, &&b| cols[a].value(r, None).total_cmp(&cols[b].value(r, None)))
                .unwrap_or(&options[0])
        })
        .collect();
    let overall: Vec<f64> = options.iter().map(|&i| cols[i].overall).collect();
    let mut ranked: Vec<(usize, f64)> = options.iter().copied().zip(overall.clone()).collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1));
    let (leader, runner_up) = (ranked[0].0, ranked[1].0);
    // The answer changes if the leader falls to the runner-up, or the runner-up rises to the
    // leader: the smaller of the two moves is the break-even.
    let down = break_even(s, &cols[leader], ranked[1].1).map(|m| Move { under: leader, ..m });
    let up = break_even(s, &cols[runner_up], ranked[0].1).map(|m| Move {
        under: runner_up,
        ..m
    });
    let size = |m: &Move| (m.to - m.from).abs();
    let break_even = match (down, up) {
        (Some(a), Some(b)) => Some(if size(&b) < size(&a) { b } else { a }),
        (a, b) => a.or(b),
    };
    Some(Verdict {
        options,
        best_by_region,
        overall,
        leader,
        runner_up,
        break_even,
    })
}

/// The probability that needs the smallest move, under `col`, to bring its overall expected
/// composite to `target`. Only the probabilities some view sets are candidates: they are where
/// the options differ.
fn break_even(s: &Scenario, col: &Column, target: f64) -> Option<Move> {
    let e = &expected_of(s, &col.id);
    let c = &e.compiled;
    let mut ids: Vec<&str> = s
        .views
        .iter()
        .flat_map(|v| v.probabilities.iter().map(|o| o.branch.as_str()))
        .collect();
    ids.sort_unstable();
    ids.dedup();
    let mut best: Option<Move> = None;
    for id in ids {
        let Some(pos) = c.tree.pos(id) else {
            continue;
        };
        if !c.tree.reachable.get(pos).copied().unwrap_or(false) {
            continue;
        }
        let parent = c.tree.parent[pos];
        let (mut at_zero, mut at_one) = (0.0, 0.0);
        for r in 0..e.n_regions {
            let Some(line) = SetLines::new(e, (r, None), parent).line(pos) else {
                continue;
            };
            at_zero += line.at_zero / e.n_regions as f64;
            at_one += line.at_one / e.n_regions as f64;
        }
        let slope = at_one - at_zero;
        if slope.abs() < 1e-12 {
            continue;
        }
        let q = (target - at_zero) / slope;
        if !(0.0..=1.0).contains(&q) {
            continue;
        }
        let from = c.cond[pos];
        let better = best
            .as_ref()
            .is_none_or(|b| (q - from).abs() < (b.to - b.from).abs());
        if better {
            best = Some(Move {
                under: 0,
                branch: id.to_owned(),
                name: s
                    .branch(id)
                    .map_or_else(|| id.to_owned(), |b| b.name.clone()),
                from,
                to: q,
            });
        }
    }
    best
}

/// How one series' expected value moved from one scenario to another (matched by ids).
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Moved {
    /// The region's id.
    pub region: String,
    /// The region's name (in the second scenario).
    pub region_name: String,
    /// The indicator's id; `"composite"` for the composite index.
    pub indicator: String,
    /// The indicator's name (in the second scenario); "Composite stability index" for the
    /// composite.
    pub indicator_name: String,
    /// Expected value at the horizon in the first scenario.
    pub before: f64,
    /// Expected value at the horizon in the second.
    pub after: f64,
    /// Whether it is on the alert side of its threshold, before and after.
    pub alert_before: bool,
    /// See `alert_before`.
    pub alert_after: bool,
}

impl Moved {
    /// After minus before.
    pub fn difference(&self) -> f64 {
        self.after - self.before
    }
}

/// The expected composite and indicators of every region both scenarios have, before and after
/// (at each scenario's own horizon). Either scenario past the size limits gives nothing.
pub fn moved(a: &Scenario, b: &Scenario) -> Vec<Moved> {
    let fits = |s: &Scenario| Size::of(s, &TreeIndex::new(s)).problems().is_empty();
    if !fits(a) || !fits(b) {
        return Vec::new();
    }
    let (ea, eb) = (Expected::compute(a), Expected::compute(b));
    let (ha, hb) = (ea.horizon(), eb.horizon());
    let composite_alert = |e: &Expected, v: f64| v < e.compiled.composite_threshold();
    let mut out = Vec::new();
    for (rb, region) in b.regions.iter().enumerate() {
        let Some(ra) = a.regions.iter().position(|r| r.id == region.id) else {
            continue;
        };
        if !a.indicators.is_empty() && !b.indicators.is_empty() {
            let (before, after) = (ea.composite_at(ra, ha), eb.composite_at(rb, hb));
            out.push(Moved {
                region: region.id.clone(),
                region_name: region.name.clone(),
                indicator: "composite".into(),
                indicator_name: "Composite stability index".into(),
                before,
                after,
                alert_before: composite_alert(&ea, before),
                alert_after: composite_alert(&eb, after),
            });
        }
        for (kb, ind) in b.indicators.iter().enumerate() {
            let Some(ka) = a.indicators.iter().position(|i| i.id == ind.id) else {
                continue;
            };
            let (before, after) = (ea.value(ra, ka, ha), eb.value(rb, kb, hb));
            out.push(Moved {
                region: region.id.clone(),
                region_name: region.name.clone(),
                indicator: ind.id.clone(),
                indicator_name: ind.name.clone(),
                before,
                after,
                alert_before: a.indicators[ka].in_alert(before),
                alert_after: ind.in_alert(after),
            });
        }
    }
    out
}
