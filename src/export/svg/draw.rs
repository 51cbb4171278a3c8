//! SVG drawing primitives: the writer, the plot area, axes, header and footer.

use super::{FONT, HEIGHT, MARGIN, WIDTH};
use crate::charts::{Chart, Mark, ticks};
use crate::style::{Palette, hex};
use std::fmt::Write as _;

/// Escape text for SVG and HTML.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if (c as u32) < 0x20 && c != '\n' && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

/// Rough width of text, for layout (Inter averages a little over half an em).
pub fn text_width(s: &str, size: f64) -> f64 {
    s.chars().count() as f64 * size * 0.56
}

pub(super) struct Svg {
    pub(super) out: String,
    pub(super) p: Palette,
}

impl Svg {
    pub(super) fn new(p: Palette) -> Self {
        let mut out = String::new();
        let _ = write!(
            out,
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" font-family="{FONT}">"#
        );
        let _ = write!(
            out,
            r#"<rect x="0" y="0" width="{WIDTH}" height="{HEIGHT}" fill="{}"/>"#,
            hex(p.canvas)
        );
        Self { out, p }
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn text(
        &mut self,
        x: f64,
        y: f64,
        s: &str,
        size: f64,
        anchor: &str,
        weight: u32,
        colour: &str,
    ) {
        let _ = write!(
            self.out,
            r#"<text x="{x:.1}" y="{y:.1}" font-size="{size}" text-anchor="{anchor}" font-weight="{weight}" fill="{colour}">{}</text>"#,
            esc(s)
        );
    }

    pub(super) fn rect(&mut self, x: f64, y: f64, w: f64, h: f64, fill: &str, tip: Option<&str>) {
        let (x, w) = if w < 0.0 { (x + w, -w) } else { (x, w) };
        let (y, h) = if h < 0.0 { (y + h, -h) } else { (y, h) };
        match tip {
            Some(t) => {
                let _ = write!(
                    self.out,
                    r#"<rect x="{x:.1}" y="{y:.1}" width="{w:.1}" height="{h:.1}" fill="{fill}"><title>{}</title></rect>"#,
                    esc(t)
                );
            }
            None => {
                let _ = write!(
                    self.out,
                    r#"<rect x="{x:.1}" y="{y:.1}" width="{w:.1}" height="{h:.1}" fill="{fill}"/>"#
                );
            }
        }
    }

    #[allow(clippy::too_many_arguments)] // two points, then the stroke
    pub(super) fn line(
        &mut self,
        x1: f64,
        y1: f64,
        x2: f64,
        y2: f64,
        colour: &str,
        width: f64,
        dash: Option<&str>,
    ) {
        let dash = dash.map_or(String::new(), |d| format!(r#" stroke-dasharray="{d}""#));
        let _ = write!(
            self.out,
            r#"<line x1="{x1:.1}" y1="{y1:.1}" x2="{x2:.1}" y2="{y2:.1}" stroke="{colour}" stroke-width="{width}"{dash}/>"#
        );
    }

    pub(super) fn polyline(
        &mut self,
        pts: &[(f64, f64)],
        colour: &str,
        width: f64,
        tip: Option<&str>,
    ) {
        self.polyline_dashed(pts, colour, width, None, tip);
    }

    /// A polyline with an optional dash pattern ("10 6").
    pub(super) fn polyline_dashed(
        &mut self,
        pts: &[(f64, f64)],
        colour: &str,
        width: f64,
        dash: Option<&str>,
        tip: Option<&str>,
    ) {
        let d: Vec<String> = pts.iter().map(|(x, y)| format!("{x:.1},{y:.1}")).collect();
        let tip = tip.map_or(String::new(), |t| format!("<title>{}</title>", esc(t)));
        let dash = dash.map_or(String::new(), |d| format!(r#" stroke-dasharray="{d}""#));
        let _ = write!(
            self.out,
            r#"<polyline points="{}" fill="none" stroke="{colour}" stroke-width="{width}" stroke-linejoin="round" stroke-linecap="round"{dash}>{tip}</polyline>"#,
            d.join(" ")
        );
    }

    pub(super) fn polygon(&mut self, pts: &[(f64, f64)], fill: &str, opacity: f64) {
        let d: Vec<String> = pts.iter().map(|(x, y)| format!("{x:.1},{y:.1}")).collect();
        let _ = write!(
            self.out,
            r#"<polygon points="{}" fill="{fill}" fill-opacity="{opacity}"/>"#,
            d.join(" ")
        );
    }

    pub(super) fn circle(&mut self, x: f64, y: f64, r: f64, fill: &str) {
        let _ = write!(
            self.out,
            r#"<circle cx="{x:.1}" cy="{y:.1}" r="{r}" fill="{fill}"/>"#
        );
    }

    pub(super) fn finish(mut self) -> String {
        self.out.push_str("</svg>\n");
        self.out
    }
}

/// The plot area and its value-to-pixel mapping.
#[derive(Clone, Copy)]
pub(super) struct Area {
    pub(super) x0: f64,
    pub(super) y0: f64,
    pub(super) x1: f64,
    pub(super) y1: f64,
    pub(super) xmin: f64,
    pub(super) xmax: f64,
    pub(super) ymin: f64,
    pub(super) ymax: f64,
}

impl Area {
    pub(super) fn sx(&self, x: f64) -> f64 {
        self.x0 + (x - self.xmin) / (self.xmax - self.xmin).max(1e-12) * (self.x1 - self.x0)
    }
    pub(super) fn sy(&self, y: f64) -> f64 {
        self.y1 - (y - self.ymin) / (self.ymax - self.ymin).max(1e-12) * (self.y1 - self.y0)
    }
}

pub(super) fn header(svg: &mut Svg, chart: &Chart) -> f64 {
    let legend = chart.legend();
    let p = svg.p;
    let width = WIDTH - 2.0 * MARGIN;
    svg.text(
        MARGIN,
        66.0,
        &fit(&chart.title, 38.0, width),
        38.0,
        "start",
        600,
        &hex(p.text),
    );
    svg.text(
        MARGIN,
        102.0,
        &fit(&chart.subtitle, 20.0, width),
        20.0,
        "start",
        400,
        &hex(p.muted),
    );
    svg.text(
        MARGIN,
        134.0,
        &fit(&chart.summary(), 21.0, width),
        21.0,
        "start",
        400,
        &hex(p.text),
    );
    // The legend, wrapped into rows.
    let mut x = MARGIN;
    let mut y = 172.0;
    for e in &legend {
        let w = 34.0 + text_width(&e.label, 19.0) + 26.0;
        if x + w > WIDTH - MARGIN && x > MARGIN {
            x = MARGIN;
            y += 30.0;
        }
        let colour = hex(p.ink(e.ink));
        match e.mark {
            Mark::Line => svg.line(x, y - 6.0, x + 26.0, y - 6.0, &colour, 4.0, None),
            Mark::Dashed => svg.line(x, y - 6.0, x + 26.0, y - 6.0, &colour, 3.0, Some("6 4")),
            Mark::Swatch => svg.rect(x, y - 16.0, 22.0, 18.0, &colour, None),
            Mark::Whisker => {
                svg.line(x, y - 6.0, x + 26.0, y - 6.0, &colour, 2.0, None);
                for end in [x, x + 26.0] {
                    svg.line(end, y - 12.0, end, y, &colour, 2.0, None);
                }
            }
            Mark::Thick => svg.line(x + 3.0, y - 6.0, x + 23.0, y - 6.0, &colour, 9.0, None),
            Mark::Tick => svg.line(x + 13.0, y - 17.0, x + 13.0, y + 5.0, &colour, 3.5, None),
            Mark::Dotted => svg.line(x, y - 6.0, x + 26.0, y - 6.0, &colour, 3.0, Some("2 4")),
            Mark::Diamond => svg.polygon(
                &[
                    (x + 11.0, y - 17.0),
                    (x + 20.0, y - 7.0),
                    (x + 11.0, y + 3.0),
                    (x + 2.0, y - 7.0),
                ],
                &colour,
                1.0,
            ),
            Mark::Point(shape) => match shape.polygon(x + 13.0, y - 7.0, 8.0) {
                Some(pts) => svg.polygon(&pts, &colour, 1.0),
                None => svg.circle(x + 13.0, y - 7.0, 8.0, &colour),
            },
            Mark::Hatch => {
                let ink = hex(p.text);
                for k in 0..3 {
                    let x0 = x + 2.0 + 7.0 * f64::from(k);
                    svg.line(x0, y + 1.0, x0 + 8.0, y - 15.0, &ink, 1.5, None);
                }
                let _ = write!(
                    svg.out,
                    r#"<rect x="{x:.1}" y="{:.1}" width="22" height="18" fill="none" stroke="{colour}" stroke-width="3"/>"#,
                    y - 16.0
                );
            }
        }
        svg.text(x + 34.0, y, &e.label, 19.0, "start", 400, &hex(p.text));
        x += w;
    }
    y + 26.0
}

pub(super) fn footer(svg: &mut Svg, chart: &Chart) {
    let p = svg.p;
    let width = WIDTH - 2.0 * MARGIN;
    if let Some(note) = &chart.note
        && !matches!(chart.data, crate::charts::ChartData::Tornado { .. })
    {
        svg.text(
            MARGIN,
            HEIGHT - 42.0,
            &fit(note, 16.0, width),
            16.0,
            "start",
            400,
            &hex(p.text),
        );
    }
    svg.text(
        MARGIN,
        HEIGHT - 16.0,
        &fit(&chart.source, 17.0, width),
        17.0,
        "start",
        400,
        &hex(p.muted),
    );
}

/// Text shortened with "…" until it fits `width` at `size`.
pub fn fit(text: &str, size: f64, width: f64) -> String {
    if text_width(text, size) <= width {
        return text.to_owned();
    }
    let (mut lo, mut hi) = (0usize, text.chars().count());
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        if text_width(&crate::model::limits::shorten(text, mid), size) <= width {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    crate::model::limits::shorten(text, lo.max(1)).into_owned()
}

/// Axes: value ticks and grid on x (horizontal value axis) or y.
pub(super) fn value_axis_x(svg: &mut Svg, a: &Area, label: &str) {
    let grid = hex(svg.p.grid);
    for t in ticks(a.xmin, a.xmax, 8) {
        let x = a.sx(t);
        svg.line(x, a.y0, x, a.y1, &grid, 1.0, None);
    }
    x_tick_labels(svg, a, label);
}

/// Tick labels and an axis label under the plot, without grid lines.
pub(super) fn x_tick_labels(svg: &mut Svg, a: &Area, label: &str) {
    x_tick_labels_at(svg, a, label, &ticks(a.xmin, a.xmax, 8));
}

/// Labels at the given ticks, and an axis label, under the plot.
pub(super) fn x_tick_labels_at(svg: &mut Svg, a: &Area, label: &str, at: &[f64]) {
    let p = svg.p;
    let step = step_of(at);
    for &t in at {
        svg.text(
            a.sx(t),
            a.y1 + 26.0,
            &crate::charts::fmt_tick(t, step),
            17.0,
            "middle",
            400,
            &hex(p.muted),
        );
    }
    svg.text(
        (a.x0 + a.x1) / 2.0,
        a.y1 + 56.0,
        label,
        19.0,
        "middle",
        400,
        &hex(p.text),
    );
}

/// The step between neighbouring ticks (1 for a single tick).
fn step_of(at: &[f64]) -> f64 {
    match at {
        [a, b, ..] => (b - a).abs(),
        _ => 1.0,
    }
}

pub(super) fn value_axis_y(svg: &mut Svg, a: &Area, label: &str) {
    let p = svg.p;
    let at = ticks(a.ymin, a.ymax, 6);
    let step = step_of(&at);
    for t in at {
        let y = a.sy(t);
        svg.line(a.x0, y, a.x1, y, &hex(p.grid), 1.0, None);
        svg.text(
            a.x0 - 10.0,
            y + 6.0,
            &crate::charts::fmt_tick(t, step),
            17.0,
            "end",
            400,
            &hex(p.muted),
        );
    }
    let cx = a.x0 - 64.0;
    let cy = (a.y0 + a.y1) / 2.0;
    let _ = write!(
        svg.out,
        r#"<text x="{cx:.1}" y="{cy:.1}" font-size="19" text-anchor="middle" fill="{}" transform="rotate(-90 {cx:.1} {cy:.1})">{}</text>"#,
        hex(p.text),
        esc(label)
    );
}

pub(super) fn padded(lo: f64, hi: f64, frac: f64) -> (f64, f64) {
    let span = (hi - lo).abs().max(1e-6);
    (lo - span * frac, hi + span * frac)
}

#[cfg(test)]
mod tests {
    use super::{esc, ticks};

    #[test]
    fn ticks_are_round() {
        assert_eq!(ticks(0.0, 100.0, 5), vec![0.0, 25.0, 50.0, 75.0, 100.0]);
        assert_eq!(
            ticks(0.0, 100.0, 6),
            vec![0.0, 20.0, 40.0, 60.0, 80.0, 100.0]
        );
        assert_eq!(ticks(-3.2, 1.1, 4), vec![-3.0, -2.0, -1.0, 0.0, 1.0]);
        assert_eq!(ticks(5.0, 5.0, 4), vec![5.0]);
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(esc("a<b & \"c\"\u{1}"), "a&lt;b &amp; &quot;c&quot;");
    }
}
