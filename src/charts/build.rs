//! Building a chart's data from the scenario, the expected values and the simulation: the
//! dispatch on the chart's kind, and the kinds that compare regions. The paths and the
//! distribution are built in `build_paths`, what moves a value in `build_moves`.

use super::build_timeline::timeline;
use super::fold::{MAX_OUTCOMES_SHOWN, most_weighty, others_name};
use super::layout::tree_layout;
use super::{
    Chart, ChartData, ChartSpec, CompareRow, Contribution, RegionBar, SeriesInfo, Sims, thousands,
};
use crate::engine::Expected;
use crate::model::{ChartKind, Scenario};

pub(super) fn series_value(e: &Expected, r: usize, k: Option<usize>) -> f64 {
    e.series_value(r, k, e.horizon())
}

/// What each kind's builder reads: the scenario, its expected values and simulations, and the
/// series and region the spec picks.
pub(super) struct Ask<'a> {
    pub s: &'a Scenario,
    pub e: &'a Expected,
    pub sims: Sims<'a>,
    pub spec: &'a ChartSpec,
    pub series: SeriesInfo,
    /// The region's position, within the scenario's regions.
    pub r: usize,
    /// The indicator, or `None` for the composite.
    pub k: Option<usize>,
    pub region_name: String,
    /// The horizon, for subtitles: "at month 24".
    pub at: String,
}

/// A kind's title, subtitle and data.
pub(super) type Parts = (String, String, ChartData);

/// Build a chart. The simulations add uncertainty where they have run.
pub fn build(s: &Scenario, e: &Expected, sims: Sims<'_>, spec: &ChartSpec) -> Chart {
    let r = spec.region.min(s.regions.len().saturating_sub(1));
    let a = Ask {
        s,
        e,
        sims,
        spec,
        series: SeriesInfo::of(s, spec.indicator),
        r,
        k: spec.indicator.filter(|&k| k < s.indicators.len()),
        region_name: s
            .regions
            .get(r)
            .map_or_else(String::new, |x| x.name.clone()),
        at: format!("at month {}", e.horizon()),
    };
    let mut source = s.source_line();
    match sims.mc {
        Some(m) => source.push_str(&format!(
            " · Monte Carlo {} samples, seed {}",
            thousands(m.samples),
            m.seed
        )),
        None => source.push_str(&format!(" · seed {}", s.header.seed)),
    }
    let (title, subtitle, data) = match spec.kind {
        ChartKind::ExpectedByRegion => expected_by_region(&a),
        ChartKind::Contributions => contributions(&a),
        ChartKind::Trajectory => super::build_paths::trajectory(&a),
        ChartKind::Distribution => super::build_paths::distribution(&a),
        ChartKind::Tornado => super::build_moves::tornado(&a),
        ChartKind::Heatmap => heatmap(&a),
        ChartKind::Compare => compare(&a),
        ChartKind::Signposts => super::build_moves::signposts(&a),
        ChartKind::Timeline => {
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
        ChartKind::Map => {
            source.push_str(" · ");
            source.push_str(crate::map::ATTRIBUTION);
            super::build_map::map(s, e, sims.mc, spec, (&a.series, a.k), &a.at)
        }
        ChartKind::ProbabilityTree => {
            let (nodes, leaves) = tree_layout(s, e);
            (
                "The outcome tree".to_owned(),
                "Branch widths in proportion to absolute probability".to_owned(),
                ChartData::ProbabilityTree { nodes, leaves },
            )
        }
    };
    Chart {
        title: crate::model::limits::shorten(&title, 120).into_owned(),
        subtitle,
        source,
        note: clamp_note(&a),
        data,
    }
}

/// The note for a chart whose regions reach the end of their scale, where the simulation's
/// mean can differ from the expected value.
fn clamp_note(a: &Ask<'_>) -> Option<String> {
    let (s, e, k) = (a.s, a.e, a.k);
    let clamped: Vec<&str> = match a.spec.kind {
        ChartKind::ExpectedByRegion | ChartKind::Contributions => s
            .regions
            .iter()
            .enumerate()
            .filter(|(ri, _)| e.series_clamps(*ri, k))
            .map(|(_, reg)| reg.name.as_str())
            .collect(),
        ChartKind::Trajectory | ChartKind::Distribution if e.series_clamps(a.r, k) => {
            vec![a.region_name.as_str()]
        }
        _ => Vec::new(),
    };
    (!clamped.is_empty()).then(|| {
        let names = crate::model::limits::shorten(&clamped.join(", "), 80).into_owned();
        format!(
            "In {names}, some outcomes reach the end of the scale: the simulation's mean, which clamps every draw, accounts for it and can differ slightly from the expected value."
        )
    })
}

/// Each region's expected value at the horizon beside its baseline, with the ranges' and the simulation's spreads where they have run.
fn expected_by_region(a: &Ask<'_>) -> Parts {
    let (s, e, sims, k) = (a.s, a.e, a.sims, a.k);
    let series = &a.series;
    let at = &a.at;
    let mc = a.sims.mc;
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

/// Each top-level outcome's share of each region's change, the weightiest outcomes each their own part.
fn contributions(a: &Ask<'_>) -> Parts {
    let (s, e, k) = (a.s, a.e, a.k);
    let series = &a.series;
    let at = &a.at;
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
    let mut subtitle = format!("Each outcome's probability × its mean change from baseline, {at}");
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

/// The expected change from baseline of every region and indicator.
fn heatmap(a: &Ask<'_>) -> Parts {
    let (s, e) = (a.s, a.e);
    let at = &a.at;
    let h = e.horizon();
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

/// The expected values under each of the spec's views, resolved from the base scenario.
fn compare(a: &Ask<'_>) -> Parts {
    let (s, e, spec, k) = (a.s, a.e, a.spec, a.k);
    let series = &a.series;
    let at = &a.at;
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
