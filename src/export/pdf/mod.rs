//! PDF: the deck (one 16:9 page per slide, the speaker notes after) and the brief in print
//! layout (A4 or US Letter). Every page is drawn as SVG, the same drawing the SVG and PNG
//! exports use, and converted by svg2pdf: charts stay vector, text stays text, set in the
//! bundled fonts, embedded and selectable.

mod flow;

use super::{Item, content::Brief};
use crate::charts::Sims;
use crate::engine::Expected;
use crate::model::Scenario;
use flow::Flow;
use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, TextStr};
use std::collections::HashMap;

/// Paper for the brief.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Paper {
    /// ISO A4, 210 × 297 mm.
    #[default]
    A4,
    /// US Letter, 8.5 × 11 in.
    Letter,
}

impl Paper {
    /// Width and height in points.
    pub fn size(self) -> (f64, f64) {
        match self {
            Paper::A4 => (595.28, 841.89),
            Paper::Letter => (612.0, 792.0),
        }
    }
}

/// The brief is read, not searched: past these many rows a table stops and says where the rest
/// is (the HTML brief and `muscat report` list everything). At the limits a full brief would
/// run to thousands of pages.
const MAX_TREE_ROWS: usize = 300;
const MAX_VALUE_ROWS: usize = 600;
const MAX_BRANCH_TEXTS: usize = 150;

/// "The first 300 of 5,000 branches …", when a list was cut.
fn cut_note(shown: usize, total: usize, what: &str) -> Option<String> {
    (total > shown).then(|| {
        format!(
            "The first {} of {} {what} are listed here; the HTML brief and `muscat report` list every one.",
            crate::model::limits::count_text(shown as u64),
            crate::model::limits::count_text(total as u64),
        )
    })
}

/// Width and height of a deck page in points: 13.33 × 7.5 inches, 16:9.
pub const DECK_PAGE: (f64, f64) = (960.0, 540.0);

/// SVG pages, each drawn at `size` (in points), as one PDF.
fn pdf_of(pages: &[String], size: (f64, f64), title: &str) -> Result<Vec<u8>, String> {
    let options = resvg::usvg::Options {
        fontdb: super::png::fonts(),
        font_family: "Inter".to_owned(),
        ..resvg::usvg::Options::default()
    };
    let mut alloc = Ref::new(1);
    let catalog = alloc.bump();
    let page_tree = alloc.bump();
    let info = alloc.bump();
    let mut pdf = Pdf::new();
    let mut page_ids = Vec::with_capacity(pages.len());
    let mut chunks = Vec::with_capacity(pages.len());
    let (w, h) = (size.0 as f32, size.1 as f32);
    for (n, svg) in pages.iter().enumerate() {
        let tree = resvg::usvg::Tree::from_str(svg, &options)
            .map_err(|e| format!("page {}: {e}", n + 1))?;
        let (chunk, drawing) = svg2pdf::to_chunk(&tree, svg2pdf::ConversionOptions::default())
            .map_err(|e| format!("page {}: {e:?}", n + 1))?;
        let mut map = HashMap::new();
        let chunk = chunk.renumber(|old| *map.entry(old).or_insert_with(|| alloc.bump()));
        let drawing = *map
            .get(&drawing)
            .ok_or_else(|| format!("page {}: the drawing was lost", n + 1))?;
        let page_id = alloc.bump();
        let content_id = alloc.bump();
        let mut page = pdf.page(page_id);
        page.media_box(Rect::new(0.0, 0.0, w, h));
        page.parent(page_tree);
        page.contents(content_id);
        page.resources().x_objects().pair(Name(b"P"), drawing);
        page.finish();
        // The drawing is one point square: scale it to the page.
        let mut content = Content::new();
        content
            .transform([w, 0.0, 0.0, h, 0.0, 0.0])
            .x_object(Name(b"P"));
        pdf.stream(content_id, &content.finish());
        chunks.push(chunk);
        page_ids.push(page_id);
    }
    pdf.catalog(catalog).pages(page_tree);
    let count = i32::try_from(page_ids.len()).map_err(|_| "too many pages".to_owned())?;
    pdf.pages(page_tree).kids(page_ids).count(count);
    pdf.document_info(info)
        .title(TextStr(title))
        .producer(TextStr(concat!("Muscat ", env!("CARGO_PKG_VERSION"))));
    for c in &chunks {
        pdf.extend(c);
    }
    Ok(pdf.finish())
}

/// The deck: one 16:9 page per slide (the chart with its title and source line), then the
/// speaker notes, slide by slide, on pages of their own.
pub fn deck(s: &Scenario, items: &[Item]) -> Result<Vec<u8>, String> {
    let (cw, ch) = (super::svg::WIDTH, super::svg::HEIGHT);
    let mut pages: Vec<String> = items
        .iter()
        .map(|item| super::chart_svg(&item.chart))
        .collect();
    if items.iter().any(|i| !i.note.trim().is_empty()) {
        let mut notes = Flow::new((cw, ch), 64.0, &s.header.title);
        notes.heading("Speaker notes", 1);
        for (n, item) in items.iter().enumerate() {
            notes.heading(&format!("{}. {}", n + 1, item.chart.title), 3);
            let note = if item.note.trim().is_empty() {
                "(no note)"
            } else {
                item.note.as_str()
            };
            notes.paragraph(note);
        }
        pages.extend(notes.finish());
    }
    let size = DECK_PAGE;
    // The chart pages are drawn at 1600 × 900 units and the notes at the same size: scaled to
    // the page by the conversion.
    pdf_of(&pages, size, &s.header.title)
}

/// The brief in print layout.
pub fn brief(
    s: &Scenario,
    e: &Expected,
    sims: Sims<'_>,
    items: &[Item],
    paper: Paper,
) -> Result<Vec<u8>, String> {
    let b = Brief::of(s, e, sims, items);
    let size = paper.size();
    let mut f = Flow::new(size, 48.0, &b.title);
    f.heading(&b.title, 1);
    f.note(&b.meta);
    if b.illustrative {
        f.note("Illustrative numbers");
    }
    for para in &b.summary {
        f.paragraph(para);
    }
    // A tree slide is shown here, once, rather than again among the charts.
    let is_tree = |i: &&Item| {
        matches!(
            i.chart.data,
            crate::charts::ChartData::ProbabilityTree { .. }
        )
    };
    f.heading("The outcome tree", 2);
    f.chart(&super::chart_svg(&b.tree_chart));
    if let Some(item) = items.iter().find(is_tree)
        && !item.note.is_empty()
    {
        f.note(&item.note);
    }
    let tree_rows: Vec<Vec<String>> = b
        .tree
        .iter()
        .take(MAX_TREE_ROWS)
        .map(|r| {
            vec![
                format!("{}{}", "    ".repeat(r.depth), r.name),
                r.outcome.map_or(String::new(), |o| o.label().to_owned()),
                format!("{:.1}%", r.conditional * 100.0),
                format!("{:.1}%", r.absolute * 100.0),
                r.words().to_owned(),
            ]
        })
        .collect();
    f.table(
        &[
            ("Branch", 0.38, false),
            ("Class", 0.14, false),
            ("Of its parent", 0.13, true),
            ("Overall", 0.11, true),
            ("Words, overall", 0.24, false),
        ],
        &tree_rows,
    );
    if let Some(n) = cut_note(tree_rows.len(), b.tree.len(), "branches") {
        f.note(&n);
    }
    f.heading("Charts", 2);
    for item in items.iter().filter(|i| !is_tree(i)) {
        f.chart(&super::chart_svg(&item.chart));
        if !item.note.is_empty() {
            f.note(&item.note);
        }
    }
    f.heading("Expected values at the horizon", 2);
    // Ranges ("63.1 – 87.8") need more room than a single number.
    let weight = |h: &str| {
        if h.contains('%') && !h.starts_with("Chance") {
            1.5
        } else {
            1.0
        }
    };
    let total: f64 = b.value_headers.iter().map(|h| weight(h)).sum();
    let mut columns: Vec<(&str, f64, bool)> =
        vec![("Region", 0.12, false), ("Indicator", 0.17, false)];
    columns.extend(
        b.value_headers
            .iter()
            .map(|h| (h.as_str(), 0.71 * weight(h) / total.max(1.0), true)),
    );
    let rows: Vec<Vec<String>> = b
        .values
        .iter()
        .take(MAX_VALUE_ROWS)
        .map(|r| {
            let mut row = vec![r.region.clone(), r.series.clone()];
            row.extend(r.cells.iter().cloned());
            row
        })
        .collect();
    f.table(&columns, &rows);
    if let Some(n) = cut_note(rows.len(), b.values.len(), "rows") {
        f.note(&n);
    }
    f.note(&b.value_note);
    // Only branches with something written about them.
    let written: Vec<_> = b
        .branches
        .iter()
        .filter(|br| !br.rationale.trim().is_empty() || !br.sources.is_empty())
        .collect();
    if !written.is_empty() {
        f.heading("Branches: rationale and sources", 2);
    }
    for br in written.iter().take(MAX_BRANCH_TEXTS) {
        let class = br
            .outcome
            .map_or(String::new(), |o| format!(" ({})", o.label()));
        f.heading(&format!("{}{class}", br.name), 3);
        f.note(&br.probabilities);
        if !br.rationale.is_empty() {
            f.paragraph(&br.rationale);
        }
        for src in &br.sources {
            f.bullet(&source_text(src));
        }
    }
    if let Some(n) = cut_note(MAX_BRANCH_TEXTS, written.len(), "branches with a rationale") {
        f.note(&n);
    }
    if !b.sources.is_empty() {
        f.heading("Sources", 2);
        for src in &b.sources {
            f.bullet(&source_text(src));
        }
    }
    f.note(&b.colophon);
    pdf_of(&f.finish(), size, &b.title)
}

fn source_text(src: &crate::model::Source) -> String {
    let mut t = src.title.clone();
    if !src.link.is_empty() {
        t.push_str(&format!(" ({})", src.link));
    }
    if !src.note.is_empty() {
        t.push_str(&format!(": {}", src.note));
    }
    t
}
