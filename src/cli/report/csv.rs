//! The report as comma-separated values.

use super::{Row, indicator_label};
use crate::model::Scenario;

/// A text cell for CSV: quoted where it must be, and with a leading `'` where a spreadsheet
/// would otherwise read it as a formula (OWASP's advice on CSV injection).
pub(super) fn csv_field(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_owned()
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

/// A number for CSV: empty where there is none.
fn csv_num(v: f64) -> String {
    if v.is_finite() {
        v.to_string()
    } else {
        String::new()
    }
}

pub(super) fn csv(s: &Scenario, rows: &[Row]) -> String {
    let with_mc = rows.iter().any(|r| r.mc.is_some());
    let mut out = String::from(
        "region_id,region_name,indicator_id,indicator_name,unit,baseline,expected,change,expected_p05,expected_p95,most_likely",
    );
    if with_mc {
        out.push_str(",mc_mean,p05,p50,p95,prob_below,prob_alert");
    }
    out.push('\n');
    for row in rows {
        let region = &s.regions[row.region];
        let (id, name, unit) = indicator_label(s, row.indicator);
        let cells = [
            csv_field(&region.id),
            csv_field(&region.name),
            csv_field(&id),
            csv_field(&name),
            csv_field(&unit),
            csv_num(row.baseline),
            csv_num(row.expected),
            csv_num(row.expected - row.baseline),
            csv_num(row.interval.0),
            csv_num(row.interval.1),
            csv_num(row.most_likely),
        ];
        out.push_str(&cells.join(","));
        if let Some(m) = row.mc {
            let more = [m.mc_mean, m.p05, m.p50, m.p95, m.prob_below, m.prob_alert];
            for v in more {
                out.push(',');
                out.push_str(&csv_num(v));
            }
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_cells_never_start_a_formula() {
        assert_eq!(
            csv_field("=HYPERLINK(\"http://x\")"),
            "\"'=HYPERLINK(\"\"http://x\"\")\""
        );
        assert_eq!(csv_field("+1"), "'+1");
        assert_eq!(csv_field("-2"), "'-2");
        assert_eq!(csv_field("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_field("Iran"), "Iran");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
    }
}
