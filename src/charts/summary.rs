//! A chart's key numbers in one sentence: shown under it, and read by screen readers.

use super::{
    Chart, ChartData, CompareRow, MapRegion, MapScale, RegionBar, SeriesInfo, TimelineLine,
    TimelineMark, fmt_num, signed,
};

impl Chart {
    /// The chart's key numbers in one sentence, shown under it and read by screen readers.
    pub fn summary(&self) -> String {
        match &self.data {
            ChartData::ExpectedByRegion { series, bars } => region_bars(series, bars),
            ChartData::Contributions { regions, .. } => regions
                .iter()
                .flat_map(|(r, parts, _)| parts.iter().map(move |c| (r, c)))
                .max_by(|a, b| a.1.value.abs().total_cmp(&b.1.value.abs()))
                .map_or_else(
                    || "No outcome moves any region".to_owned(),
                    |(r, c)| format!("Largest driver: {} in {} ({})", c.name, r, signed(c.value)),
                ),
            ChartData::Trajectory {
                expected,
                baseline,
                fan,
                ..
            } => trajectory(expected, *baseline, fan.as_deref()),
            ChartData::Distribution {
                expected,
                prob_alert,
                ..
            } => match prob_alert {
                Some(p) => format!(
                    "Chance of ending in alert: {:.1}%; expected {}",
                    p * 100.0,
                    fmt_num(*expected)
                ),
                None => format!("Expected {}; simulating…", fmt_num(*expected)),
            },
            ChartData::Tornado { bars, base, .. } => match bars.first() {
                Some(b) => format!(
                    "Expected now {}; most sensitive to {} (swing {})",
                    fmt_num(*base),
                    b.label,
                    fmt_num(b.width())
                ),
                None => format!("Expected now {}; nothing moves it", fmt_num(*base)),
            },
            ChartData::Heatmap {
                regions,
                indicators,
                cells,
                ..
            } => heatmap(regions, indicators, cells),
            ChartData::Signposts { bars, now, .. } => match bars.first() {
                Some(b) => {
                    let side = |v: Option<f64>| v.map_or_else(|| "–".to_owned(), fmt_num);
                    format!(
                        "Most telling: {} (P(seen) {}): {} now, {} if seen, {} if not",
                        b.name,
                        super::pct(b.chance),
                        fmt_num(*now),
                        side(b.if_seen),
                        side(b.if_not)
                    )
                }
                None => "No signposts to show".to_owned(),
            },
            ChartData::Map {
                series,
                regions,
                scale,
                ..
            } => map(series, regions, scale),
            ChartData::Timeline { lines, marks, .. } => timeline(lines, marks),
            ChartData::Compare { views, rows, .. } => compare(views, rows),
            ChartData::ProbabilityTree { nodes, .. } => nodes
                .iter()
                .filter(|n| n.leaf && n.depth > 0 && !n.folded)
                .max_by(|a, b| a.absolute.total_cmp(&b.absolute))
                .map_or_else(
                    || "No branches yet".to_owned(),
                    |n| {
                        format!(
                            "Most likely outcome: {} ({:.1}%)",
                            n.name,
                            n.absolute * 100.0
                        )
                    },
                ),
        }
    }
}

/// Which regions are expected in alert, and the largest move either way.
fn region_bars(series: &SeriesInfo, bars: &[RegionBar]) -> String {
    let alert: Vec<String> = bars
        .iter()
        .filter(|b| series.in_alert(b.expected))
        .map(|b| format!("{} {}", b.region, fmt_num(b.expected)))
        .collect();
    // The largest move either way, with its direction in words.
    let largest = bars
        .iter()
        .filter(|b| (b.expected - b.baseline).is_finite())
        .max_by(|a, b| {
            (a.expected - a.baseline)
                .abs()
                .total_cmp(&(b.expected - b.baseline).abs())
        });
    let mut out = if alert.is_empty() {
        "No region is expected in alert".to_owned()
    } else {
        format!("Expected in alert: {}", alert.join(", "))
    };
    if let Some(w) = largest {
        let change = w.expected - w.baseline;
        let word = match stability(series, change) {
            d if d > 0.0 => "improves",
            d if d < 0.0 => "worsens",
            _ => "no change",
        };
        out.push_str(&format!(
            "; largest move: {} {}, {word} ({} → {})",
            w.region,
            signed(change),
            fmt_num(w.baseline),
            fmt_num(w.expected)
        ));
    }
    out
}

/// Where the trajectory ends, and where 90% of the simulated paths end.
fn trajectory(expected: &[f64], baseline: f64, fan: Option<&[[f64; 6]]>) -> String {
    let last = expected.last().copied().unwrap_or(baseline);
    let mut out = format!(
        "Expected {} at month {} (baseline {})",
        fmt_num(last),
        expected.len().saturating_sub(1),
        fmt_num(baseline)
    );
    if let Some(f) = fan.and_then(|f| f.last()) {
        out.push_str(&format!(
            "; 90% of paths end between {} and {}",
            fmt_num(f[1]),
            fmt_num(f[5])
        ));
    }
    out
}

/// The largest change of any region and indicator.
fn heatmap(regions: &[String], indicators: &[String], cells: &[Vec<(f64, f64)>]) -> String {
    let mut best: Option<(usize, usize, f64)> = None;
    for (r, row) in cells.iter().enumerate() {
        for (k, (d, t)) in row.iter().enumerate() {
            if best.is_none_or(|b| t.abs() > b.2.abs()) && *d != 0.0 {
                best = Some((r, k, *t));
            }
        }
    }
    match best {
        Some((r, k, _)) => format!(
            "Largest change: {} {} {}",
            regions[r],
            indicators[k].to_lowercase(),
            signed(cells[r][k].0)
        ),
        None => "No expected change anywhere".to_owned(),
    }
}

/// The least and the most stable regions, and how many are in alert.
fn map(series: &SeriesInfo, regions: &[MapRegion], scale: &MapScale) -> String {
    let stable = |r: &&MapRegion| scale.position(r.shown);
    let least = regions
        .iter()
        .min_by(|a, b| stable(a).total_cmp(&stable(b)));
    let most = regions
        .iter()
        .max_by(|a, b| stable(a).total_cmp(&stable(b)));
    let alert = regions.iter().filter(|r| r.alert).count();
    let change = matches!(scale.kind, super::ScaleKind::Change);
    let (worst, best) = if change {
        ("Worst change", "best change")
    } else {
        ("Least stable", "most stable")
    };
    match (least, most) {
        (Some(a), Some(b)) => format!(
            "{worst}: {}; {best}: {}; {alert} of {} region{} in alert ({})",
            a.label(change),
            b.label(change),
            regions.len(),
            if regions.len() == 1 { "" } else { "s" },
            series.name.to_lowercase()
        ),
        _ => "No regions to show".to_owned(),
    }
}

/// How many revisions, over which dates, and the outcome that moved most.
fn timeline(lines: &[TimelineLine], marks: &[TimelineMark]) -> String {
    let moved = lines
        .iter()
        .filter_map(|l| Some((l, l.points.first()?.1, l.points.last()?.1)))
        .max_by(|a, b| (a.2 - a.1).abs().total_cmp(&(b.2 - b.1).abs()));
    match (marks.first(), marks.last(), moved) {
        (Some(a), Some(b), Some((l, from, to))) => format!(
            "{} revision{} from {} to {}; {} moved most: {} → {}",
            marks.len(),
            if marks.len() == 1 { "" } else { "s" },
            a.date,
            b.date,
            l.name,
            super::pct(from),
            super::pct(to)
        ),
        _ => "No revisions yet: record an observation or a revision".to_owned(),
    }
}

/// The largest difference from the first view.
fn compare(views: &[String], rows: &[CompareRow]) -> String {
    let largest = rows
        .iter()
        .flat_map(|r| (1..r.cells.len()).map(move |j| (r, j)))
        .filter_map(|(r, j)| Some((r, j, r.difference(j)?)))
        .max_by(|a, b| a.2.abs().total_cmp(&b.2.abs()));
    match (largest, views.first()) {
        (Some((r, j, d)), Some(first)) if d != 0.0 => format!(
            "Largest difference: {} under {}, {} against {}",
            r.region,
            views.get(j).map_or("", String::as_str),
            signed(d),
            first
        ),
        _ if views.len() < 2 => "Choose two or more views to compare".to_owned(),
        _ => "The views give the same expected values".to_owned(),
    }
}

fn stability(s: &SeriesInfo, change: f64) -> f64 {
    if s.higher_is_better { change } else { -change }
}
