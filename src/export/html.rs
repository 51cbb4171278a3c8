//! `brief.html`: one self-contained page, printable to PDF from a browser. Inline SVG and CSS,
//! no network.

use super::Item;
use super::content::Brief;
use super::svg::{chart_svg, esc};
use crate::charts::Sims;
use crate::engine::Expected;
use crate::model::Scenario;
use std::fmt::Write as _;

fn style() -> String {
    let p = crate::style::LIGHT;
    let c = |x| crate::style::hex(x);
    format!(
        "
body {{ font-family: Inter, 'Helvetica Neue', Arial, sans-serif; color: {text}; max-width: 1100px;
       margin: 2em auto; padding: 0 1.5em; line-height: 1.45; }}
h1 {{ font-size: 2em; margin-bottom: 0.2em; }}
h2 {{ margin-top: 1.8em; border-bottom: 2px solid {grid}; padding-bottom: 0.2em; }}
a {{ color: {accent}; }}
.meta {{ color: {muted}; }}
.badge {{ display: inline-block; background: {badge}; color: {warning}; border-radius: 4px;
         padding: 0.1em 0.5em; font-weight: 600; }}
figure {{ margin: 1.5em 0; page-break-inside: avoid; }}
figure svg {{ width: 100%; height: auto; border: 1px solid {grid}; }}
figcaption {{ color: {muted}; font-size: 0.95em; }}
table {{ border-collapse: collapse; width: 100%; font-size: 0.92em; }}
th, td {{ border-bottom: 1px solid {grid}; padding: 0.3em 0.5em; text-align: left; }}
td.num, th.num {{ text-align: right; font-variant-numeric: tabular-nums; }}
.success {{ color: {success}; }} .partial {{ color: {partial}; }} .failure {{ color: {failure}; }}
.branch {{ page-break-inside: avoid; margin: 1em 0; }}
@media print {{ body {{ margin: 0; max-width: none; }} h2 {{ page-break-before: auto; }} }}
",
        text = c(p.text),
        muted = c(p.muted),
        grid = c(p.grid),
        accent = c(p.accent),
        success = c(p.outcome(Some(crate::model::Outcome::Success))),
        partial = c(p.outcome(Some(crate::model::Outcome::Partial))),
        failure = c(p.outcome(Some(crate::model::Outcome::Failure))),
        warning = c(p.warning),
        badge = c(crate::style::lerp(p.canvas, p.warning, 0.15)),
    )
}

fn class_span(o: Option<crate::model::Outcome>) -> String {
    match o {
        Some(o) => format!(
            r#"<span class="{}">{} {}</span>"#,
            o.word(),
            o.icon(),
            o.label()
        ),
        None => String::new(),
    }
}

/// The brief.
pub fn brief(s: &Scenario, e: &Expected, sims: Sims<'_>, items: &[Item]) -> String {
    let b = Brief::of(s, e, sims, items);
    let mut h = String::new();
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{}</title><style>{}</style></head><body>",
        esc(&b.title),
        style()
    );
    let _ = write!(h, "<h1>{}</h1>", esc(&b.title));
    let _ = write!(h, r#"<p class="meta">{}</p>"#, esc(&b.meta));
    if b.illustrative {
        h.push_str(r#"<p><span class="badge">Illustrative numbers</span></p>"#);
    }
    for para in &b.summary {
        let _ = write!(h, "<p>{}</p>", esc(para));
    }

    // The tree.
    h.push_str("<h2>The outcome tree</h2>");
    let _ = write!(h, "<figure>{}</figure>", chart_svg(&b.tree_chart));
    h.push_str(r#"<table><tr><th>Branch</th><th>Class</th><th class="num">Of its parent</th><th class="num">Overall</th><th>Words (ICD 203), overall</th></tr>"#);
    for row in &b.tree {
        let indent = row.depth as f64 * 1.4;
        let _ = write!(
            h,
            r#"<tr><td style="padding-left:{indent}em">{}</td><td>{}</td><td class="num">{:.1}%</td><td class="num">{:.1}%</td><td>{}</td></tr>"#,
            esc(&row.name),
            class_span(row.outcome),
            row.conditional * 100.0,
            row.absolute * 100.0,
            row.words()
        );
    }
    h.push_str("</table>");

    // The charts.
    h.push_str("<h2>Charts</h2>");
    for item in items {
        let _ = write!(h, "<figure>{}", chart_svg(&item.chart));
        if !item.note.is_empty() {
            let _ = write!(h, "<figcaption>{}</figcaption>", esc(&item.note));
        }
        h.push_str("</figure>");
    }

    // Expected values.
    h.push_str("<h2>Expected values at the horizon</h2>");
    h.push_str("<table><tr><th>Region</th><th>Indicator</th>");
    for head in &b.value_headers {
        let _ = write!(h, r#"<th class="num">{}</th>"#, esc(head));
    }
    h.push_str("</tr>");
    for row in &b.values {
        let _ = write!(
            h,
            "<tr><td>{}</td><td>{}</td>",
            esc(&row.region),
            esc(&row.series)
        );
        for cell in &row.cells {
            let _ = write!(h, r#"<td class="num">{}</td>"#, esc(cell));
        }
        h.push_str("</tr>");
    }
    h.push_str("</table>");
    let _ = write!(h, r#"<p class="meta">{}</p>"#, esc(&b.value_note));

    // Rationale and sources.
    h.push_str("<h2>Branches: rationale and sources</h2>");
    for br in &b.branches {
        let _ = write!(
            h,
            r#"<div class="branch"><h3>{} {}</h3><p class="meta">{}</p>"#,
            esc(&br.name),
            class_span(br.outcome),
            esc(&br.probabilities)
        );
        if !br.rationale.is_empty() {
            let _ = write!(h, "<p>{}</p>", esc(&br.rationale));
        }
        sources(&mut h, &br.sources);
        h.push_str("</div>");
    }
    if !b.sources.is_empty() {
        h.push_str("<h2>Sources</h2>");
        sources(&mut h, &b.sources);
    }
    let _ = write!(
        h,
        r#"<p class="meta">{}</p></body></html>"#,
        esc(&b.colophon)
    );
    h.push('\n');
    h
}

fn sources(h: &mut String, list: &[crate::model::Source]) {
    if list.is_empty() {
        return;
    }
    h.push_str("<ul>");
    for src in list {
        let title = if src.link.starts_with("http://") || src.link.starts_with("https://") {
            format!(r#"<a href="{}">{}</a>"#, esc(&src.link), esc(&src.title))
        } else if src.link.is_empty() {
            esc(&src.title)
        } else {
            format!("{} ({})", esc(&src.title), esc(&src.link))
        };
        if src.note.is_empty() {
            let _ = write!(h, "<li>{title}</li>");
        } else {
            let _ = write!(h, "<li>{title}: {}</li>", esc(&src.note));
        }
    }
    h.push_str("</ul>");
}
