//! Building a chart's data from the scenario, the expected values and the simulation.

use super::build_timeline::timeline;
use super::fold::{MAX_OUTCOMES_SHOWN, fold_outcome_lines, most_weighty, others_name};
use super::layout::tree_layout;
use super::{
    Chart, ChartData, ChartSpec, CompareRow, Contribution, OutcomeLine, RegionBar, SeriesInfo,
    SignpostBar, Sims, fmt_num, thousands,
};
use crate::engine::Expected;
use crate::engine::sensitivity;
use crate::model::Scenario;

fn series_value(e: &Expected, r: usize, k: Option<usize>) -> f64 {
    e.series_value(r, k, e.horizon())
}

/// The date signpost statuses are read on in charts: the scenario's own (see
/// `Scenario::status_date`), so that an export says the same thing whenever it is made. With
/// no date in the scenario, no signpost is overdue.
fn signpost_date(s: &Scenario) -> String {
    s.status_date().unwrap_or_default()
}

/// Build a chart. The simulations add uncertainty where they have run.
pub fn build(s: &Scenario, e: &Expected, sims: Sims<'_>, spec: &ChartSpec) -> Chart {
    let mc = sims.mc;
    let series = SeriesInfo::of(s, spec.indicator);
    let r = spec.region.min(s.regions.len().saturating_sub(1));
    let k = spec.indicator.filter(|&k| k < s.indicators.len());
    let region_name = s
        .regions
        .get(r)
        .map_or_else(String::new, |x| x.name.clone());
    let h = e.horizon();
    let mut source = s.source_line();
    if let Some(m) = mc {
        source.push_str(&format!(
            " · Monte Carlo {} samples, seed {}",
            thousands(m.samples),
            m.seed
        ));
    } else {
        source.push_str(&format!(" · seed {}", s.header.seed));
    }
    let at = format!("at month {h}");
    let (title, subtitle, data) = match spec.kind {
        crate::model::ChartKind::ExpectedByRegion => {
            let bars: Vec<RegionBar> = s
                .regions
                .iter()
                .enumerate()
                .map(|(ri, reg)| {
                    let p = mc.map(|m| m.series(ri, k)).map(|st| (st.p05, st.p95));
                    RegionBar {
                        region: reg.name.clone(),
                        baseline: e.series_base(ri, k),
                        expected: series_value(e, ri, k),
                        p05_p95: p,
                        expected_90: sims
                            .second
                            .filter(|so| so.worlds > 0)
                            .map(|so| so.interval(e, ri, k)),
                    }
                })
                .collect();
            let mut subtitle = format!("Probability-weighted mean outcome {at}");
            if bars.iter().any(|b: &RegionBar| b.expected_90.is_some()) {
                subtitle.push_str("; thick bars: how far it moves across the probability ranges");
            }
            if mc.is_some() {
                subtitle.push_str("; whiskers: 5–95% of simulated outcomes");
            }
            (
                format!("Expected {} by region", series.name.to_lowercase()),
                subtitle,
                ChartData::ExpectedByRegion {
                    series: series.clone(),
                    bars,
                },
            )
        }
        crate::model::ChartKind::Contributions => {
            let values: Vec<Vec<f64>> = (0..s.regions.len())
                .map(|ri| {
                    (0..e.top.len())
                        .map(|t| e.series_contribution(t, ri, k))
                        .collect()
                })
                .collect();
            // The outcomes that move the regions most, each its own part; the rest as one.
            let weight: Vec<f64> = (0..e.top.len())
                .map(|t| values.iter().map(|v| v[t].abs()).sum())
                .collect();
            let shown = most_weighty(&weight, MAX_OUTCOMES_SHOWN);
            let folded = e.top.len() - shown.len();
            let regions = s
                .regions
                .iter()
                .zip(&values)
                .map(|(reg, v)| {
                    let mut parts: Vec<Contribution> = shown
                        .iter()
                        .map(|&t| Contribution {
                            name: s.branches[e.top[t].pos].name.clone(),
                            outcome: e.top[t].outcome,
                            value: v[t],
                        })
                        .collect();
                    if folded > 0 {
                        let mut rest = v.iter().sum::<f64>();
                        rest -= parts.iter().map(|c| c.value).sum::<f64>();
                        parts.push(Contribution {
                            name: others_name(folded),
                            outcome: None,
                            value: rest,
                        });
                    }
                    let net = v.iter().sum();
                    (reg.name.clone(), parts, net)
                })
                .collect();
            let mut subtitle =
                format!("Each outcome's probability × its mean change from baseline, {at}");
            if folded > 0 {
                subtitle.push_str(&format!(
                    "; the {} smallest as one part",
                    crate::charts::thousands(folded as u64)
                ));
            }
            (
                format!("What drives the expected {}", series.name.to_lowercase()),
                subtitle,
                ChartData::Contributions {
                    series: series.clone(),
                    regions,
                },
            )
        }
        crate::model::ChartKind::Trajectory => {
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
                "Expected path, 50% and 90% bands of simulated paths, and each outcome's path"
                    .to_owned();
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
        crate::model::ChartKind::Distribution => {
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
        crate::model::ChartKind::Tornado => {
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
        crate::model::ChartKind::Heatmap => {
            let cells = (0..s.regions.len())
                .map(|ri| {
                    s.indicators
                        .iter()
                        .enumerate()
                        .map(|(ki, ind)| {
                            let d = e.value(ri, ki, h) - e.base(ri, ki);
                            let span = (ind.max - ind.min).max(1e-9);
                            let good = if ind.higher_is_better { d } else { -d };
                            (d, (good / (0.1 * span)).clamp(-1.0, 1.0))
                        })
                        .collect()
                })
                .collect();
            let composite = (0..s.regions.len())
                .map(|ri| e.composite_at(ri, h) - e.series_base(ri, None))
                .collect();
            (
                "Expected change from baseline".to_owned(),
                format!("By region and indicator, {at}; blue is more stable, orange less"),
                ChartData::Heatmap {
                    regions: s.regions.iter().map(|x| x.name.clone()).collect(),
                    indicators: s.indicators.iter().map(|x| x.name.clone()).collect(),
                    cells,
                    composite,
                },
            )
        }
        crate::model::ChartKind::Compare => {
            // `s` is the base scenario here, with its views: each is resolved from it.
            let cols = crate::engine::compare::columns(s, &spec.compare, k);
            let rows = s
                .regions
                .iter()
                .enumerate()
                .map(|(ri, reg)| CompareRow {
                    region: reg.name.clone(),
                    baseline: e.series_base(ri, k),
                    cells: cols.iter().map(|c| c.cell(ri, k)).collect(),
                })
                .collect();
            let views: Vec<String> = cols.iter().map(|c| c.name.clone()).collect();
            let subtitle = match views.first() {
                Some(first) if views.len() > 1 => format!(
                    "Probability-weighted mean {at}; differences from {first}; whiskers: 5–95% of outcomes across the branches"
                ),
                _ => format!("Probability-weighted mean {at}"),
            };
            (
                format!("Expected {} under each view", series.name.to_lowercase()),
                subtitle,
                ChartData::Compare {
                    series: series.clone(),
                    views,
                    rows,
                },
            )
        }
        crate::model::ChartKind::Signposts => {
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
        crate::model::ChartKind::Timeline => {
            let (lines, marks, resolution, span) = timeline(s);
            (
                "The odds over time".to_owned(),
                "Each top-level outcome's probability, one step per revision".to_owned(),
                ChartData::Timeline {
                    lines,
                    marks,
                    resolution,
                    span,
                },
            )
        }
        crate::model::ChartKind::Map => {
            source.push_str(" · ");
            source.push_str(crate::map::ATTRIBUTION);
            super::build_map::map(s, e, mc, spec, (&series, k), &at)
        }
        crate::model::ChartKind::ProbabilityTree => {
            let (nodes, leaves) = tree_layout(s, e);
            (
                "The outcome tree".to_owned(),
                "Branch widths in proportion to absolute probability".to_owned(),
                ChartData::ProbabilityTree { nodes, leaves },
            )
        }
    };
    let clamped: Vec<&str> = match spec.kind {
        crate::model::ChartKind::ExpectedByRegion | crate::model::ChartKind::Contributions => s
            .regions
            .iter()
            .enumerate()
            .filter(|(ri, _)| e.series_clamps(*ri, k))
            .map(|(_, reg)| reg.name.as_str())
            .collect(),
        crate::model::ChartKind::Trajectory | crate::model::ChartKind::Distribution
            if e.series_clamps(r, k) =>
        {
            vec![region_name.as_str()]
        }
        _ => Vec::new(),
    };
    let note = (!clamped.is_empty()).then(|| {
        let names = crate::model::limits::shorten(&clamped.join(", "), 80).into_owned();
        format!(
            "In {names}, some outcomes reach the end of the scale: the simulation's mean, which clamps every draw, accounts for it and can differ slightly from the expected value."
        )
    });
    Chart {
        title: crate::model::limits::shorten(&title, 120).into_owned(),
        subtitle,
        source,
        note,
        data,
    }
}

/// The compare chart of two scenarios (two files, or two versions of one), regions matched by
/// id: each region of `b` that `a` also has, `a` first.
pub fn files_chart(
    a: &Scenario,
    a_name: &str,
    b: &Scenario,
    b_name: &str,
    indicator: Option<usize>,
) -> Chart {
    use crate::engine::compare::cell;
    let (ea, eb) = (Expected::compute(a), Expected::compute(b));
    // The indicator is the one of `b` with this position; `a` is matched by its id.
    let kb = indicator.filter(|&k| k < b.indicators.len());
    let ka = match kb {
        Some(k) => b
            .indicators
            .get(k)
            .and_then(|i| a.indicators.iter().position(|x| x.id == i.id)),
        None => None,
    };
    let series = SeriesInfo::of(b, kb);
    let rows: Vec<CompareRow> = b
        .regions
        .iter()
        .enumerate()
        .filter_map(|(rb, reg)| {
            let ra = a.regions.iter().position(|r| r.id == reg.id)?;
            if kb.is_some() && ka.is_none() {
                return None;
            }
            Some(CompareRow {
                region: reg.name.clone(),
                baseline: eb.series_base(rb, kb),
                cells: vec![cell(&ea, ra, ka), cell(&eb, rb, kb)],
            })
        })
        .collect();
    Chart {
        title: format!(
            "Expected {}: {a_name} and {b_name}",
            series.name.to_lowercase()
        ),
        subtitle: format!(
            "Probability-weighted mean at the horizon; differences from {a_name}; whiskers: 5–95% of outcomes across the branches"
        ),
        source: format!("{} · {}", a.source_line(), b.source_line()),
        note: None,
        data: ChartData::Compare {
            series,
            views: vec![a_name.to_owned(), b_name.to_owned()],
            rows,
        },
    }
}
