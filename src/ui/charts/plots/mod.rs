//! Drawing charts with egui_plot: title, subtitle, the plot with axis labels, a legend and hover
//! tooltips with exact numbers, and the source line.

mod bars;
mod compare;
mod grids;
pub mod map;
mod paths;
mod signposts;
mod tooltips;

use crate::charts::{Chart, ChartData, Mark};
use crate::ui::theme::{Palette, heading_font};
use egui::{RichText, Stroke, Ui};
use egui_plot::Plot;

/// How a chart is drawn: the size of its text, and whether the chart's own title shows.
#[derive(Clone, Copy, Debug)]
pub struct ChartLook {
    /// Text scale wanted: 1 in the main window; presentation mode scales with the screen.
    pub scale: f32,
    /// The smallest scale text may shrink to so that every category label fits.
    pub min_scale: f32,
    /// Show the chart's title (presentation mode shows the slide's instead).
    pub with_title: bool,
    /// Whether a simulation has run (the distribution chart needs one).
    pub simulated: bool,
}

/// Body text size of a chart's plot at scale 1.
const PLOT_TEXT: f32 = 14.0;

/// Rows of text the plot must show in full: one per category (region, tornado input, heatmap
/// row), two per leaf of the tree (name and probabilities), or enough for a value axis.
fn text_rows(data: &ChartData) -> f32 {
    match data {
        ChartData::ExpectedByRegion { bars, .. } => bars.len() as f32,
        ChartData::Contributions { regions, .. } => regions.len() as f32,
        ChartData::Tornado { bars, .. } => bars.len() as f32,
        // Rows, and the column headers above them (up to two lines each, small type).
        ChartData::Heatmap { regions, .. } => regions.len() as f32 + 2.0,
        ChartData::ProbabilityTree { leaves, .. } => 2.2 * (*leaves).max(1) as f32,
        // Each view's line within a region's row carries a small label.
        ChartData::Compare { rows, views, .. } => {
            rows.len().max(1) as f32 * (views.len() as f32 * 0.75).max(1.0)
        }
        // Two bars per signpost, each with a label.
        ChartData::Signposts { bars, .. } => 1.4 * bars.len().max(1) as f32,
        ChartData::Trajectory { .. }
        | ChartData::Distribution { .. }
        | ChartData::Timeline { .. } => 7.0,
        // Room for the map and the colour scale under it.
        ChartData::Map { .. } => 12.0,
    }
}

/// The least height the plot needs at `scale` so that no category label is dropped.
fn min_plot_height(data: &ChartData, scale: f32) -> f32 {
    let line = PLOT_TEXT * scale * 1.3;
    // Each row a little taller than its label, and the x axis's ticks and label below.
    text_rows(data) * line * 1.15 + 2.6 * line
}

/// Height of text laid out at `size` in `width`.
fn text_height(ui: &Ui, text: &str, size: f32, width: f32) -> f32 {
    ui.painter()
        .layout(
            text.to_owned(),
            egui::FontId::proportional(size),
            egui::Color32::WHITE,
            width,
        )
        .size()
        .y
}

/// The texts above and below the plot, measured at `scale` in `width`.
fn chrome_height(ui: &Ui, chart: &Chart, scale: f32, width: f32, with_title: bool) -> f32 {
    let gap = ui.spacing().item_spacing.y;
    let mut h = 0.0;
    if with_title {
        h += text_height(ui, &chart.title, 18.0 * scale, width) + gap;
    }
    h += text_height(ui, &chart.subtitle, 12.5 * scale, width) + gap;
    h += text_height(ui, &chart.summary(), 13.0 * scale, width) + gap;
    h += legend_height(ui, chart, scale, width) + gap;
    if let Some(t) = chart.footnote() {
        h += text_height(ui, &t, 13.0 * scale, width) + gap;
    }
    h + text_height(ui, &chart.source, 11.0 * scale, width) + gap + 12.0
}

/// The largest scale, from `look.scale` down to `look.min_scale`, at which the texts and a plot
/// with every label fit in `height`.
fn fit_scale(ui: &Ui, chart: &Chart, look: ChartLook, width: f32, height: f32) -> f32 {
    let mut scale = look.scale;
    while scale > look.min_scale {
        let need = chrome_height(ui, chart, scale, width, look.with_title)
            + min_plot_height(&chart.data, scale);
        if need <= height {
            return scale;
        }
        scale = (scale * 0.92).max(look.min_scale);
    }
    look.min_scale.min(look.scale)
}

/// Draw a chart filling the available space, shrinking its text (down to `look.min_scale`) so
/// that every category label fits; past that the plot keeps the height its labels need.
/// Returns the plot's response, for a context menu.
pub fn draw_chart(
    ui: &mut Ui,
    chart: &Chart,
    p: Palette,
    look: ChartLook,
) -> Option<egui::Response> {
    let width = ui.available_width();
    let scale = fit_scale(ui, chart, look, width, ui.available_height());
    if look.with_title {
        ui.label(
            RichText::new(&chart.title)
                .font(heading_font(18.0 * scale))
                .color(p.text),
        );
    }
    ui.label(
        RichText::new(&chart.subtitle)
            .size(12.5 * scale)
            .color(p.muted),
    );
    ui.label(
        RichText::new(chart.summary())
            .size(13.0 * scale)
            .color(p.text),
    );
    legend_row(ui, chart, p, scale);
    // Text under the plot is measured first, so nothing is cut off.
    let gap = ui.spacing().item_spacing.y;
    let footnote = chart.footnote();
    let below = footnote
        .as_ref()
        .map_or(0.0, |t| text_height(ui, t, 13.0 * scale, width) + gap)
        + text_height(ui, &chart.source, 11.0 * scale, width)
        + gap
        + 12.0;
    let height = (ui.available_height() - below).max(min_plot_height(&chart.data, scale));
    let resp = ui.scope(|ui| {
        ui.style_mut().override_text_style = None;
        ui.style_mut().text_styles = [
            (egui::TextStyle::Heading, heading_font(18.0 * scale)),
            (
                egui::TextStyle::Body,
                egui::FontId::proportional(PLOT_TEXT * scale),
            ),
            (
                egui::TextStyle::Button,
                egui::FontId::proportional(PLOT_TEXT * scale),
            ),
            (
                egui::TextStyle::Small,
                egui::FontId::proportional(11.5 * scale),
            ),
            (
                egui::TextStyle::Monospace,
                egui::FontId::monospace(13.0 * scale),
            ),
        ]
        .into();
        let plot = Plot::new(("chart", &chart.title))
            .height(height)
            .allow_scroll(false)
            .allow_drag(false)
            .allow_zoom(false)
            .allow_boxed_zoom(false)
            .show_background(false)
            .show_crosshair(false)
            .grid_color(p.grid);
        draw_data(ui, plot, &chart.data, p, look.simulated, height)
    });
    if let Some(t) = footnote {
        ui.label(RichText::new(t).size(13.0 * scale).color(p.text));
    }
    ui.label(
        RichText::new(&chart.source)
            .size(11.0 * scale)
            .color(p.muted),
    );
    resp.inner
}

/// Height of the legend row wrapped in `width`, as `legend_row` lays it out.
fn legend_height(ui: &Ui, chart: &Chart, scale: f32, width: f32) -> f32 {
    let font = egui::FontId::proportional(12.5 * scale);
    let spacing = 14.0 * scale;
    let (mut x, mut rows, mut row_h) = (0.0_f32, 0, 0.0_f32);
    for item in chart.legend() {
        let g = ui
            .painter()
            .layout_no_wrap(item.label.clone(), font.clone(), egui::Color32::WHITE);
        let w = 28.0 * scale + g.size().x;
        if rows == 0 || (x > 0.0 && x + w > width) {
            rows += 1;
            x = 0.0;
        }
        x += w + spacing;
        row_h = row_h.max(g.size().y);
    }
    rows as f32 * (row_h + ui.spacing().item_spacing.y)
}

/// The legend, as a wrapped row above the plot, the same entries as in exports. Each entry is
/// one widget, so its mark never parts from its label when the row wraps.
fn legend_row(ui: &mut Ui, chart: &Chart, p: Palette, scale: f32) {
    let font = egui::FontId::proportional(12.5 * scale);
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing.x = 14.0 * scale;
        for item in chart.legend() {
            let colour = p.ink(item.ink);
            let galley = ui
                .painter()
                .layout_no_wrap(item.label.clone(), font.clone(), p.text);
            let mark_w = 22.0 * scale;
            let size = egui::vec2(mark_w + 6.0 * scale + galley.size().x, galley.size().y);
            let (rect, resp) = ui.allocate_exact_size(size, egui::Sense::hover());
            resp.widget_info(|| {
                egui::WidgetInfo::labeled(egui::accesskit::Role::Label, true, &item.label)
            });
            let painter = ui.painter_at(rect.expand(2.0));
            let c = egui::pos2(rect.left() + mark_w / 2.0, rect.center().y);
            match item.mark {
                Mark::Swatch => {
                    painter.rect_filled(
                        egui::Rect::from_center_size(c, egui::vec2(16.0, 12.0) * scale),
                        2.0,
                        colour,
                    );
                }
                Mark::Line => {
                    painter.line_segment(
                        [
                            c - egui::vec2(10.0 * scale, 0.0),
                            c + egui::vec2(10.0 * scale, 0.0),
                        ],
                        Stroke::new(3.0 * scale, colour),
                    );
                }
                Mark::Dashed => {
                    for k in 0..3 {
                        let x0 = c.x - 10.0 * scale + k as f32 * 7.0 * scale;
                        painter.line_segment(
                            [egui::pos2(x0, c.y), egui::pos2(x0 + 4.0 * scale, c.y)],
                            Stroke::new(2.5 * scale, colour),
                        );
                    }
                }
                Mark::Whisker => {
                    let (a, b) = (
                        c - egui::vec2(10.0 * scale, 0.0),
                        c + egui::vec2(10.0 * scale, 0.0),
                    );
                    let stroke = Stroke::new(1.5 * scale, colour);
                    painter.line_segment([a, b], stroke);
                    for end in [a, b] {
                        painter.line_segment(
                            [
                                end - egui::vec2(0.0, 4.0 * scale),
                                end + egui::vec2(0.0, 4.0 * scale),
                            ],
                            stroke,
                        );
                    }
                }
                Mark::Tick => {
                    painter.line_segment(
                        [
                            c - egui::vec2(0.0, 8.0 * scale),
                            c + egui::vec2(0.0, 8.0 * scale),
                        ],
                        Stroke::new(3.0 * scale, colour),
                    );
                }
                Mark::Dotted => {
                    for k in 0..5 {
                        let x0 = c.x - 10.0 * scale + k as f32 * 5.0 * scale;
                        painter.circle_filled(egui::pos2(x0, c.y), 1.4 * scale, colour);
                    }
                }
                Mark::Thick => {
                    painter.line_segment(
                        [
                            c - egui::vec2(8.0 * scale, 0.0),
                            c + egui::vec2(8.0 * scale, 0.0),
                        ],
                        Stroke::new(6.0 * scale, colour),
                    );
                }
                Mark::Point(shape) => {
                    let r = 6.0 * f64::from(scale);
                    let (x, y) = (f64::from(c.x), f64::from(c.y));
                    match shape.polygon(x, y, r) {
                        Some(pts) => {
                            painter.add(egui::Shape::convex_polygon(
                                pts.iter()
                                    .map(|&(a, b)| egui::pos2(a as f32, b as f32))
                                    .collect(),
                                colour,
                                Stroke::NONE,
                            ));
                        }
                        None => {
                            painter.circle_filled(c, r as f32, colour);
                        }
                    }
                }
                Mark::Hatch => {
                    let r = egui::Rect::from_center_size(c, egui::vec2(16.0, 12.0) * scale);
                    for k in 0..3 {
                        let x0 = r.left() + (1.0 + 5.0 * k as f32) * scale;
                        painter.line_segment(
                            [
                                egui::pos2(x0, r.bottom()),
                                egui::pos2(x0 + 6.0 * scale, r.top()),
                            ],
                            Stroke::new(1.2 * scale, p.text),
                        );
                    }
                    painter.rect_stroke(
                        r,
                        0.0,
                        Stroke::new(2.0 * scale, colour),
                        egui::StrokeKind::Inside,
                    );
                }
                Mark::Diamond => {
                    let r = 6.0 * scale;
                    painter.add(egui::Shape::convex_polygon(
                        vec![
                            c - egui::vec2(0.0, r),
                            c + egui::vec2(r, 0.0),
                            c + egui::vec2(0.0, r),
                            c - egui::vec2(r, 0.0),
                        ],
                        colour,
                        Stroke::NONE,
                    ));
                }
            }
            painter.galley(
                egui::pos2(rect.left() + mark_w + 6.0 * scale, rect.top()),
                galley,
                p.text,
            );
        }
    });
}

/// Draw a chart's plot.
fn draw_data(
    ui: &mut Ui,
    plot: Plot<'_>,
    data: &ChartData,
    p: Palette,
    simulated: bool,
    plot_h: f32,
) -> Option<egui::Response> {
    match data {
        ChartData::ExpectedByRegion { .. } => bars::expected_by_region(ui, plot, data, p),
        ChartData::Contributions { .. } => bars::contributions(ui, plot, data, p),
        ChartData::Trajectory { .. } => paths::trajectory(ui, plot, data, p, plot_h),
        ChartData::Distribution { .. } => paths::distribution(ui, plot, data, p, simulated),
        ChartData::Tornado { .. } => bars::tornado(ui, plot, data, p),
        ChartData::Heatmap { .. } => grids::heatmap(ui, plot, data, p),
        ChartData::ProbabilityTree { .. } => grids::probability_tree(ui, plot, data, p),
        ChartData::Compare { .. } => compare::compare(ui, plot, data, p),
        ChartData::Signposts { .. } => signposts::signposts(ui, plot, data, p),
        ChartData::Timeline { .. } => signposts::timeline(ui, plot, data, p),
        ChartData::Map { .. } => map::map(ui, data, p, plot_h),
    }
}
