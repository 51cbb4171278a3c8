//! The report as aligned text for a terminal.

use super::{Row, indicator_label};
use crate::engine::Expected;
use crate::model::Scenario;

/// A number for the table, or "—" where there is none.
fn num(v: f64, width: usize, places: usize) -> String {
    if v.is_finite() {
        format!("{v:>width$.places$}")
    } else {
        format!("{:>width$}", "—")
    }
}

pub(super) fn table(
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
