//! A small page layout: headings, wrapped paragraphs, bullets, tables and charts flowed onto
//! pages of one size, each page an SVG document, with a running footer and page numbers.

use crate::export::svg::{esc, fit, text_width};
use crate::style::{LIGHT, hex};
use std::fmt::Write as _;

const FONT: &str = "Inter, Hack, sans-serif";

/// Pages being filled, top to bottom.
pub(super) struct Flow {
    size: (f64, f64),
    margin: f64,
    /// Text sizes scale with the page: 1 on A4.
    scale: f64,
    footer: String,
    pages: Vec<String>,
    page: String,
    y: f64,
}

impl Flow {
    /// Pages of `size`, with `margin` all round, and `footer` on every page.
    pub(super) fn new(size: (f64, f64), margin: f64, footer: &str) -> Self {
        let mut f = Self {
            size,
            margin,
            scale: size.0 / 595.28,
            footer: footer.to_owned(),
            pages: Vec::new(),
            page: String::new(),
            y: 0.0,
        };
        f.start_page();
        f
    }

    fn width(&self) -> f64 {
        self.size.0 - 2.0 * self.margin
    }

    fn bottom(&self) -> f64 {
        self.size.1 - self.margin - 18.0 * self.scale
    }

    fn start_page(&mut self) {
        self.page.clear();
        let (w, h) = self.size;
        let _ = write!(
            self.page,
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w:.2}" height="{h:.2}" viewBox="0 0 {w:.2} {h:.2}" font-family="{FONT}"><rect width="{w:.2}" height="{h:.2}" fill="{}"/>"#,
            hex(LIGHT.canvas)
        );
        self.y = self.margin;
    }

    fn end_page(&mut self) {
        let mut page = std::mem::take(&mut self.page);
        page.push_str("</svg>\n");
        self.pages.push(page);
    }

    /// Start a new page unless `height` still fits on this one.
    fn room(&mut self, height: f64) {
        if self.y + height > self.bottom() && self.y > self.margin {
            self.end_page();
            self.start_page();
        }
    }

    fn line(&mut self, x: f64, text: &str, size: f64, weight: u32, colour: &str, anchor: &str) {
        let _ = write!(
            self.page,
            r#"<text x="{x:.2}" y="{:.2}" font-size="{size:.2}" font-weight="{weight}" fill="{colour}" text-anchor="{anchor}">{}</text>"#,
            self.y + size,
            esc(text)
        );
    }

    /// Lines of `text` no wider than `width` at `size`, breaking between words (and inside a
    /// word too long for a line).
    fn wrap(text: &str, size: f64, width: f64) -> Vec<String> {
        let mut lines = Vec::new();
        for para in text.split('\n') {
            let mut line = String::new();
            for word in para.split_whitespace() {
                let candidate = if line.is_empty() {
                    word.to_owned()
                } else {
                    format!("{line} {word}")
                };
                if text_width(&candidate, size) <= width {
                    line = candidate;
                    continue;
                }
                if !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                }
                // A word longer than the line: cut it.
                let mut rest = word.to_owned();
                while text_width(&rest, size) > width {
                    let keep = ((width / (size * 0.56)) as usize).max(1);
                    let cut: String = rest.chars().take(keep).collect();
                    rest = rest.chars().skip(keep).collect();
                    lines.push(cut);
                }
                line = rest;
            }
            lines.push(line);
        }
        lines
    }

    fn text_block(&mut self, text: &str, size: f64, weight: u32, colour: &str, indent: f64) {
        let size = size * self.scale;
        let lead = size * 1.4;
        for line in Self::wrap(text, size, self.width() - indent) {
            self.room(lead);
            let x = self.margin + indent;
            self.line(x, &line, size, weight, colour, "start");
            self.y += lead;
        }
    }

    /// A heading: level 1 (title), 2 (section) or 3 (item). Kept with what follows it.
    pub(super) fn heading(&mut self, text: &str, level: u8) {
        let size = match level {
            1 => 20.0,
            2 => 14.0,
            _ => 11.0,
        };
        self.y += size * 0.6 * self.scale;
        self.room(size * self.scale * 4.0);
        self.text_block(text, size, 600, &hex(LIGHT.text), 0.0);
        self.y += 2.0 * self.scale;
    }

    /// Body text.
    pub(super) fn paragraph(&mut self, text: &str) {
        self.text_block(text, 10.0, 400, &hex(LIGHT.text), 0.0);
        self.y += 5.0 * self.scale;
    }

    /// Smaller, quieter text.
    pub(super) fn note(&mut self, text: &str) {
        self.text_block(text, 8.5, 400, &hex(LIGHT.muted), 0.0);
        self.y += 4.0 * self.scale;
    }

    /// A bulleted item.
    pub(super) fn bullet(&mut self, text: &str) {
        let size = 9.5 * self.scale;
        self.room(size * 1.4);
        let x = self.margin;
        self.line(x, "•", size, 400, &hex(LIGHT.text), "start");
        self.text_block(text, 9.5, 400, &hex(LIGHT.text), 12.0 * self.scale);
    }

    /// A table: columns as (header, share of the width, right-aligned). A cell too long for
    /// its column wraps onto more lines (the row grows), and the header repeats on every page.
    pub(super) fn table(&mut self, columns: &[(&str, f64, bool)], rows: &[Vec<String>]) {
        let size = 8.5 * self.scale;
        let lead = size * 1.3;
        let pad = size * 0.45;
        let width = self.width();
        let grid = hex(LIGHT.grid);
        let text = hex(LIGHT.text);
        let cells = |row: &[String]| -> Vec<Vec<String>> {
            columns
                .iter()
                .zip(row)
                .map(|((_, share, _), cell)| Self::wrap(cell, size, share * width - 6.0))
                .collect()
        };
        let draw = |f: &mut Flow, lines: &[Vec<String>], weight: u32| {
            let tallest = lines.iter().map(Vec::len).max().unwrap_or(1).max(1);
            let top = f.y;
            let mut x = f.margin;
            for ((_, share, right), cell) in columns.iter().zip(lines) {
                let w = share * width;
                let (at, anchor) = if *right {
                    (x + w - 4.0, "end")
                } else {
                    (x, "start")
                };
                f.y = top + pad;
                for l in cell {
                    f.line(at, l, size, weight, &text, anchor);
                    f.y += lead;
                }
                x += w;
            }
            f.y = top + tallest as f64 * lead + 2.0 * pad;
            f.rule(&grid);
        };
        let header: Vec<String> = columns.iter().map(|(h, _, _)| (*h).to_owned()).collect();
        let header = cells(&header);
        let header_height =
            header.iter().map(Vec::len).max().unwrap_or(1) as f64 * lead + 2.0 * pad;
        self.room(header_height + 2.0 * (lead + 2.0 * pad));
        draw(self, &header, 600);
        // The first column names a group on its first row only; a page that starts inside a
        // group repeats the name.
        let mut group = String::new();
        for row in rows {
            if let Some(first) = row.first()
                && !first.is_empty()
            {
                group.clone_from(first);
            }
            let mut lines = cells(row);
            let height = lines.iter().map(Vec::len).max().unwrap_or(1) as f64 * lead + 2.0 * pad;
            if self.y + height > self.bottom() {
                self.end_page();
                self.start_page();
                draw(self, &header, 600);
                if row.first().is_some_and(String::is_empty) && !group.is_empty() {
                    let mut carried = row.clone();
                    carried[0] = format!("{group} (cont.)");
                    lines = cells(&carried);
                }
            }
            draw(self, &lines, 400);
        }
        self.y += 6.0 * self.scale;
    }

    fn rule(&mut self, colour: &str) {
        let (x0, x1) = (self.margin, self.size.0 - self.margin);
        let y = self.y;
        let _ = write!(
            self.page,
            r#"<line x1="{x0:.2}" y1="{y:.2}" x2="{x1:.2}" y2="{y:.2}" stroke="{colour}" stroke-width="{:.2}"/>"#,
            0.5 * self.scale
        );
    }

    /// A chart (an SVG document of 16:9) across the text width.
    pub(super) fn chart(&mut self, svg: &str) {
        let w = self.width();
        let h = w * 9.0 / 16.0;
        self.room(h);
        let x = self.margin;
        let y = self.y;
        // Nest the chart's own <svg>, placed and scaled into its box.
        let nested = match svg.find("viewBox=") {
            Some(at) => format!(
                r#"<svg x="{x:.2}" y="{y:.2}" width="{w:.2}" height="{h:.2}" {}"#,
                &svg[at..]
            ),
            None => String::new(),
        };
        let _ = write!(
            self.page,
            r#"<rect x="{x:.2}" y="{y:.2}" width="{w:.2}" height="{h:.2}" fill="none" stroke="{}" stroke-width="0.5"/>"#,
            hex(LIGHT.grid)
        );
        self.page.push_str(&nested);
        self.y += h + 8.0 * self.scale;
    }

    /// The pages, each with the footer and its number.
    pub(super) fn finish(mut self) -> Vec<String> {
        self.end_page();
        let total = self.pages.len();
        let size = 7.5 * self.scale;
        let y = self.size.1 - self.margin * 0.6;
        let muted = hex(LIGHT.muted);
        let width = self.width();
        let footer = fit(&self.footer, size, width * 0.75);
        let (left, right) = (self.margin, self.size.0 - self.margin);
        self.pages
            .into_iter()
            .enumerate()
            .map(|(n, mut page)| {
                let end = page.len() - "</svg>\n".len();
                let foot = format!(
                    r#"<text x="{left:.2}" y="{y:.2}" font-size="{size:.2}" fill="{muted}">{}</text><text x="{right:.2}" y="{y:.2}" font-size="{size:.2}" fill="{muted}" text-anchor="end">{} / {total}</text>"#,
                    esc(&footer),
                    n + 1
                );
                page.insert_str(end, &foot);
                page
            })
            .collect()
    }
}
