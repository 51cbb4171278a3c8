//! `muscat report --view ID|all`: one view's report, or every view side by side.

use super::csv::{CsvTable, merge, render};
use super::{ReportFormat, ReportOptions, csv_tables, indicator_label, render_as};
use crate::engine::compare;
use crate::model::{BASE_VIEW_ID, Scenario};

/// Which views a report covers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ViewChoice {
    /// The base scenario (the default).
    Base,
    /// One view, by id.
    One(String),
    /// The base and every view, side by side.
    All,
}

impl ViewChoice {
    /// Read `--view`: `base`, `all` or a view's id; an unknown id is an error naming the ids
    /// there are.
    pub fn parse(s: &Scenario, text: &str) -> Result<Self, String> {
        match text {
            BASE_VIEW_ID => Ok(Self::Base),
            "all" => Ok(Self::All),
            id if s.view(id).is_some() => Ok(Self::One(id.to_owned())),
            id => {
                let ids: Vec<&str> = std::iter::once(BASE_VIEW_ID)
                    .chain(s.views.iter().map(|v| v.id.as_str()))
                    .chain(std::iter::once("all"))
                    .collect();
                Err(format!(
                    "there is no view \"{id}\"; the views are: {}",
                    ids.join(", ")
                ))
            }
        }
    }
}

/// The report of one view: the resolved scenario's report, saying which view it is.
pub fn view_report(s: &Scenario, file: &str, o: &ReportOptions, id: &str) -> String {
    let resolved = s.resolved_numbers(Some(id));
    let name = s.view_name(Some(id));
    match o.format {
        ReportFormat::Table => {
            let body = render_as(&resolved, file, o, (id, &name));
            let mut lines = body.splitn(2, '\n');
            let title = lines.next().unwrap_or_default();
            let rest = lines.next().unwrap_or_default();
            format!("{title} — view: {name}\n{rest}")
        }
        ReportFormat::Csv => render(&view_tables(s, o, id)),
        ReportFormat::Json => render_as(&resolved, file, o, (id, &name)),
    }
}

/// One view's CSV tables, each with a leading `view` column.
fn view_tables(s: &Scenario, o: &ReportOptions, id: &str) -> Vec<CsvTable> {
    csv_tables(&s.resolved_numbers(Some(id)), o)
        .into_iter()
        .map(|t| t.with_view(id))
        .collect()
}

/// Every view side by side. Table: one column per view, with the difference from the base;
/// CSV: each table holds every view's rows, with a `view` column; JSON: the base's and every
/// view's report.
pub fn all_views_report(s: &Scenario, file: &str, o: &ReportOptions) -> String {
    let mut text = String::new();
    all_views_report_to(s, file, o, &mut |piece| text.push_str(piece));
    text
}

/// `all_views_report`, handed to `out` piece by piece: the JSON view by view as each is made,
/// so the memory stays near one view's however many there are.
pub fn all_views_report_to(s: &Scenario, file: &str, o: &ReportOptions, out: &mut dyn FnMut(&str)) {
    let ids: Vec<String> = std::iter::once(BASE_VIEW_ID.to_owned())
        .chain(s.views.iter().map(|v| v.id.clone()))
        .collect();
    match o.format {
        ReportFormat::Table => out(&side_by_side(s, &ids)),
        ReportFormat::Csv => {
            let mut tables = Vec::new();
            in_order(
                &ids,
                o,
                |id, one| view_tables(s, one, id),
                |t| merge(&mut tables, t),
            );
            out(&render(&tables));
        }
        ReportFormat::Json => {
            let quote = |t: &str| serde_json::to_string(t).unwrap_or_else(|_| "\"\"".into());
            out(&format!(
                "{{\n  \"file\": {},\n  \"title\": {},\n  \"views\": [\n",
                quote(file),
                quote(&s.header.title)
            ));
            let mut n = 0;
            in_order(
                &ids,
                o,
                |id, one| view_report(s, file, one, id),
                |one| {
                    let mut piece = String::with_capacity(one.len() + one.len() / 8);
                    if n > 0 {
                        piece.push_str(",\n");
                    }
                    n += 1;
                    for (k, line) in one.trim_end().lines().enumerate() {
                        if k > 0 {
                            piece.push('\n');
                        }
                        piece.push_str("    ");
                        piece.push_str(line);
                    }
                    out(&piece);
                },
            );
            out("\n  ]\n}\n");
        }
    }
}

/// Work out each view (`make`) and hand the results to `take` in the views' order. The views
/// are worked out side by side, each on one thread, where the options allow more than one;
/// at most a few wait to be taken, so the memory stays near that many views'.
fn in_order<T: Send>(
    ids: &[String],
    o: &ReportOptions,
    make: impl Fn(&str, &ReportOptions) -> T + Sync,
    mut take: impl FnMut(T),
) {
    let threads = match o.threads {
        0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
        t => t,
    }
    .clamp(1, ids.len().max(1));
    if threads == 1 || ids.len() < 3 {
        for id in ids {
            take(make(id, o));
        }
        return;
    }
    // The base first, on every core: it calibrates and draws the sets every view shares, which
    // views worked out at once would each do again.
    let Some((first, rest)) = ids.split_first() else {
        return;
    };
    take(make(first, o));
    let ids = rest;
    let one = ReportOptions {
        threads: 1,
        ..o.clone()
    };
    let next = std::sync::atomic::AtomicUsize::new(0);
    let (tx, rx) = std::sync::mpsc::sync_channel::<(usize, T)>(threads);
    std::thread::scope(|scope| {
        for _ in 0..threads {
            let tx = tx.clone();
            let (next, make, one) = (&next, &make, &one);
            scope.spawn(move || {
                loop {
                    let k = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some(id) = ids.get(k) else { break };
                    if tx.send((k, make(id, one))).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        let mut waiting: std::collections::BTreeMap<usize, T> = std::collections::BTreeMap::new();
        let mut due = 0;
        for (k, t) in rx {
            waiting.insert(k, t);
            while let Some(t) = waiting.remove(&due) {
                take(t);
                due += 1;
            }
        }
    });
}

/// The expected value of every region's composite and indicators under each view, with the
/// difference from the base.
fn side_by_side(s: &Scenario, ids: &[String]) -> String {
    let cols = compare::columns(s, ids, None);
    let mut out = format!(
        "{}\nexpected values at the horizon, month {}, under each view; (±x): difference from {}\n\n",
        s.header.title,
        s.header.horizon_months,
        cols.first().map_or("Base", |c| c.name.as_str())
    );
    let label_w = s
        .regions
        .iter()
        .flat_map(|r| {
            std::iter::once(r.name.chars().count() + ": composite".len())
                .chain(s.indicators.iter().map(|i| i.name.chars().count() + 2))
        })
        .max()
        .unwrap_or(10)
        .clamp(18, 48);
    let col_w = 18;
    for (j, c) in cols.iter().enumerate() {
        out.push_str(&format!("view {}: {} ({})\n", j + 1, c.name, c.id));
    }
    out.push('\n');
    out.push_str(&format!("{:<label_w$}", ""));
    for j in 0..cols.len() {
        out.push_str(&format!("{:>col_w$}", format!("view {}", j + 1)));
    }
    out.push('\n');
    for (r, region) in s.regions.iter().enumerate() {
        let series = std::iter::once(None).chain((0..s.indicators.len()).map(Some));
        for k in series {
            let label = match k {
                None => format!("{}: composite", region.name),
                Some(_) => format!("  {}", indicator_label(s, k).1),
            };
            let label: String = label.chars().take(label_w).collect();
            out.push_str(&format!("{label:<label_w$}"));
            let first = cols.first().map_or(f64::NAN, |c| c.value(r, k));
            for (j, c) in cols.iter().enumerate() {
                let v = c.value(r, k);
                let cell = if j == 0 || !v.is_finite() {
                    format!("{v:.1}")
                } else {
                    format!("{v:.1} ({})", crate::charts::signed(v - first))
                };
                out.push_str(&format!("{cell:>col_w$}"));
            }
            out.push('\n');
        }
    }
    out
}
