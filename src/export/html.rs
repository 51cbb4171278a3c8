//! `brief.html`: one self-contained page, printable to PDF from a browser. Inline SVG and CSS,
//! no network.

use super::Item;
use super::svg::{chart_svg, esc};
use crate::charts::Sims;
use crate::charts::{ChartSpec, build, fmt_num, signed};
use crate::engine::Expected;
use crate::model::{ChartKind, Scenario, TreeIndex, estimative_words};
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
    let mc = sims.mc;
    let second = sims.second.filter(|so| so.worlds > 0);
    let mut h = String::new();
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{}</title><style>{}</style></head><body>",
        esc(&s.header.title),
        style()
    );
    let _ = write!(h, "<h1>{}</h1>", esc(&s.header.title));
    let mut meta = Vec::new();
    if !s.header.as_of.is_empty() {
        meta.push(format!("As of {}", esc(&s.header.as_of)));
    }
    if !s.header.authors.is_empty() {
        meta.push(format!("By {}", esc(&s.header.authors.join(", "))));
    }
    meta.push(format!("Horizon {} months", s.header.horizon_months));
    let _ = write!(h, r#"<p class="meta">{}</p>"#, meta.join(" · "));
    if s.header.illustrative {
        h.push_str(r#"<p><span class="badge">Illustrative numbers</span></p>"#);
    }
    for para in s.header.summary.split("\n\n") {
        let _ = write!(h, "<p>{}</p>", esc(para));
    }

    // The tree.
    h.push_str("<h2>The outcome tree</h2>");
    let tree_chart = build(
        s,
        e,
        sims,
        &ChartSpec {
            kind: ChartKind::ProbabilityTree,
            region: 0,
            indicator: None,
            branch: None,
        },
    );
    let _ = write!(h, "<figure>{}</figure>", chart_svg(&tree_chart));
    h.push_str(r#"<table><tr><th>Branch</th><th>Class</th><th class="num">Of its parent</th><th class="num">Overall</th><th>Words (ICD 203)</th></tr>"#);
    let tree = TreeIndex::new(s);
    for &i in &tree.preorder {
        let b = &s.branches[i];
        let indent = tree.depth[i] as f64 * 1.4;
        let cond = e.cond.get(i).copied().unwrap_or(0.0);
        let _ = write!(
            h,
            r#"<tr><td style="padding-left:{indent}em">{}</td><td>{}</td><td class="num">{:.1}%</td><td class="num">{:.1}%</td><td>{}</td></tr>"#,
            esc(&b.name),
            class_span(tree.outcome(s, i)),
            cond * 100.0,
            e.abs.get(i).copied().unwrap_or(0.0) * 100.0,
            estimative_words(cond)
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
    let with_mc = mc.is_some();
    h.push_str(r#"<table><tr><th>Region</th><th>Indicator</th><th class="num">Baseline</th><th class="num">Expected</th><th class="num">Change</th>"#);
    if second.is_some() {
        h.push_str(r#"<th class="num">Expected, 90% interval from the probability ranges</th>"#);
    }
    if with_mc {
        h.push_str(r#"<th class="num">5–95% of outcomes</th><th class="num">Chance of alert</th>"#);
    }
    h.push_str("</tr>");
    let horizon = e.horizon();
    for (r, region) in s.regions.iter().enumerate() {
        let rows = std::iter::once(None).chain((0..s.indicators.len()).map(Some));
        for k in rows {
            let name = k
                .and_then(|k| s.indicators.get(k))
                .map_or("Composite stability index".to_owned(), |i| i.name.clone());
            let base = e.series_base(r, k);
            let v = e.series_value(r, k, horizon);
            let region_cell = if k.is_none() {
                esc(&region.name)
            } else {
                String::new()
            };
            let _ = write!(
                h,
                r#"<tr><td>{region_cell}</td><td>{}</td><td class="num">{}</td><td class="num">{}</td><td class="num">{}</td>"#,
                esc(&name),
                fmt_num(base),
                fmt_num(v),
                signed(v - base)
            );
            if let Some(so) = second {
                let (lo, hi) = so.interval(e, r, k);
                let _ = write!(
                    h,
                    r#"<td class="num">{} – {}</td>"#,
                    fmt_num(lo),
                    fmt_num(hi)
                );
            }
            if let Some(m) = mc {
                let st = m.series(r, k);
                let _ = write!(
                    h,
                    r#"<td class="num">{} – {}</td><td class="num">{:.1}%</td>"#,
                    fmt_num(st.p05),
                    fmt_num(st.p95),
                    st.prob_alert * 100.0
                );
            }
            h.push_str("</tr>");
        }
    }
    h.push_str("</table>");
    h.push_str(r#"<p class="meta">The expected value is the probability-weighted mean outcome: each effect counts at its mean, (low + 4 × likely + high) / 6."#);
    if second.is_some() {
        h.push_str(" Its 90% interval shows how far it could move if the branch probabilities were elsewhere in their ranges.");
    }
    if with_mc {
        h.push_str(" The 5–95% range is the spread of simulated outcomes.");
    }
    h.push_str("</p>");

    // Rationale and sources.
    h.push_str("<h2>Branches: rationale and sources</h2>");
    for &i in &tree.preorder {
        let b = &s.branches[i];
        let _ = write!(
            h,
            r#"<div class="branch"><h3>{} {}</h3><p class="meta">{:.1}% of its parent · {:.1}% overall</p>"#,
            esc(&b.name),
            class_span(tree.outcome(s, i)),
            e.cond.get(i).copied().unwrap_or(0.0) * 100.0,
            e.abs.get(i).copied().unwrap_or(0.0) * 100.0
        );
        if !b.rationale.is_empty() {
            let _ = write!(h, "<p>{}</p>", esc(&b.rationale));
        }
        sources(&mut h, &b.sources);
        h.push_str("</div>");
    }
    if !s.header.sources.is_empty() {
        h.push_str("<h2>Sources</h2>");
        sources(&mut h, &s.header.sources);
    }
    let _ = write!(
        h,
        r#"<p class="meta">{}. Made with Muscat {} (scenario format {} version {}).</p></body></html>"#,
        esc(&s.source_line()),
        env!("CARGO_PKG_VERSION"),
        crate::io::FORMAT_NAME,
        crate::io::FORMAT_VERSION
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
