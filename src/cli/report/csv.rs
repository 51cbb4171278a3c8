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

/// One CSV table: a header and rows of cells, each cell already written as CSV.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct CsvTable {
    pub(super) header: Vec<String>,
    pub(super) rows: Vec<Vec<String>>,
}

impl CsvTable {
    pub(super) fn new(header: &str) -> Self {
        Self {
            header: header.split(',').map(str::to_owned).collect(),
            rows: Vec::new(),
        }
    }

    /// The table with a leading `view` column holding `id`.
    pub(super) fn with_view(mut self, id: &str) -> Self {
        self.header.insert(0, "view".to_owned());
        let cell = csv_field(id);
        for row in &mut self.rows {
            row.insert(0, cell.clone());
        }
        self
    }
}

/// Tables as CSV text: each with its header, a blank line before every table after the first.
pub(super) fn render(tables: &[CsvTable]) -> String {
    let mut out = String::new();
    for (i, t) in tables.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&t.header.join(","));
        out.push('\n');
        for row in &t.rows {
            out.push_str(&row.join(","));
            out.push('\n');
        }
    }
    out
}

/// Add `more`'s rows to the table of `into` with the same header (a new table if none has it).
pub(super) fn merge(into: &mut Vec<CsvTable>, more: Vec<CsvTable>) {
    for t in more {
        match into.iter_mut().find(|x| x.header == t.header) {
            Some(x) => x.rows.extend(t.rows),
            None => into.push(t),
        }
    }
}

/// A number for CSV cells elsewhere in the report: empty where there is none.
pub(super) fn csv_opt(v: Option<f64>) -> String {
    v.map_or_else(String::new, csv_num)
}

/// The regions table: one row per region and indicator (the composite first).
pub(super) fn csv(s: &Scenario, rows: &[Row]) -> CsvTable {
    let with_mc = rows.iter().any(|r| r.mc.is_some());
    let mut header = String::from(
        "region_id,region_name,indicator_id,indicator_name,unit,baseline,expected,change,expected_p05,expected_p95,most_likely",
    );
    if with_mc {
        header.push_str(",mc_mean,p05,p50,p95,prob_below,prob_alert");
    }
    let mut table = CsvTable::new(&header);
    for row in rows {
        let region = &s.regions[row.region];
        let (id, name, unit) = indicator_label(s, row.indicator);
        let mut cells = vec![
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
        if let Some(m) = row.mc {
            let more = [m.mc_mean, m.p05, m.p50, m.p95, m.prob_below, m.prob_alert];
            cells.extend(more.into_iter().map(csv_num));
        }
        table.rows.push(cells);
    }
    table
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
