//! `muscat diff A B`: what changed between two scenario files, by id, and how the expected
//! values moved per region.

use crate::engine::compare::{Moved, moved};
use crate::model::Scenario;
use crate::model::diff::{Difference, differences};

/// Output format of `diff`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum DiffFormat {
    /// Aligned text for a terminal.
    Table,
    /// JSON with `equal`, `differences` and `expected`.
    Json,
}

/// The diff of two scenarios in a format; the flag is whether they are equal.
pub fn render_diff(
    a: &Scenario,
    a_name: &str,
    b: &Scenario,
    b_name: &str,
    format: DiffFormat,
) -> (String, bool) {
    let diffs = differences(a, b);
    let equal = diffs.is_empty();
    let moves = if equal { Vec::new() } else { moved(a, b) };
    let text = match format {
        DiffFormat::Table => table(a_name, b_name, &diffs, &moves),
        DiffFormat::Json => {
            serde_json::to_string_pretty(&serde_json::json!({
                "a": a_name,
                "b": b_name,
                "equal": equal,
                "differences": diffs,
                "expected": moves.iter().map(|m| serde_json::json!({
                    "region": m.region,
                    "indicator": m.indicator,
                    "before": m.before,
                    "after": m.after,
                    "difference": m.difference(),
                    "alert_before": m.alert_before,
                    "alert_after": m.alert_after,
                })).collect::<Vec<_>>(),
            }))
            .unwrap_or_default()
                + "\n"
        }
    };
    (text, equal)
}

fn table(a_name: &str, b_name: &str, diffs: &[Difference], moves: &[Moved]) -> String {
    if diffs.is_empty() {
        return format!("{a_name} and {b_name} hold the same scenario\n");
    }
    let mut out = format!(
        "{a_name} → {b_name}: {} difference{}\n\n",
        diffs.len(),
        if diffs.len() == 1 { "" } else { "s" }
    );
    let id_w = diffs
        .iter()
        .map(|d| d.id.chars().count())
        .max()
        .unwrap_or(8)
        .clamp(8, 48);
    for d in diffs {
        let id: String = d.id.chars().take(id_w).collect();
        let value = match (&d.before, &d.after) {
            (Some(b), Some(a)) => format!("{b} → {a}"),
            (Some(b), None) => b.clone(),
            (None, Some(a)) => a.clone(),
            (None, None) => String::new(),
        };
        out.push_str(&format!(
            "  {:<8} {:<11} {id:<id_w$}  {value}\n",
            d.kind.word(),
            d.what
        ));
    }
    if !moves.is_empty() {
        out.push_str("\nexpected values at the horizon (regions and indicators in both files):\n");
        let name_w = moves
            .iter()
            .map(|m| m.region_name.chars().count() + m.indicator.chars().count() + 3)
            .max()
            .unwrap_or(10)
            .clamp(20, 60);
        out.push_str(&format!(
            "  {:<name_w$} {:>9} {:>9} {:>10}\n",
            "region / indicator", "before", "after", "difference"
        ));
        for m in moves {
            let label = format!("{} / {}", m.region_name, m.indicator);
            let alert = match (m.alert_before, m.alert_after) {
                (false, true) => "  enters alert",
                (true, false) => "  leaves alert",
                _ => "",
            };
            out.push_str(&format!(
                "  {label:<name_w$} {:>9.1} {:>9.1} {:>10}{alert}\n",
                m.before,
                m.after,
                crate::charts::signed(m.difference())
            ));
        }
    }
    out
}
