//! Drawing charts with egui_plot: title, subtitle, the plot with axis labels, a legend and hover
//! tooltips with exact numbers, and the source line.

mod bars;
mod grids;
mod paths;
mod tooltips;

use crate::charts::{Chart, ChartData, Mark};
use crate::ui::theme::{Palette, heading_font};
use egui::{RichText, Stroke, Ui};
use egui_plot::Plot;

/// Draw a chart filling the available space. `scale` enlarges text for presentation mode,
/// where the slide's own title replaces the chart's (`with_title` false).
/// Returns the plot's response, for a context menu.
pub fn draw_chart(
    ui: &mut Ui,
    chart: &Chart,
    p: Palette,
    scale: f32,
    simulated: bool,
    with_title: bool,
) -> Option<egui::Response> {
    if with_title {
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
    let source_font = egui::FontId::proportional(11.0 * scale);
    let source_h = ui
        .painter()
        .layout(
            chart.source.clone(),
            source_font.clone(),
            p.muted,
            ui.available_width(),
        )
        .size()
        .y;
    legend_row(ui, chart, p, scale);
    // Text under the plot (the tornado's break-even) is measured first, so nothing is cut off.
    let footnote = chart.footnote();
    let footnote_font = egui::FontId::proportional(13.0 * scale);
    let footnote_h = footnote.as_ref().map_or(0.0, |t| {
        ui.painter()
            .layout(
                t.clone(),
                footnote_font.clone(),
                p.text,
                ui.available_width(),
            )
            .size()
            .y
            + ui.spacing().item_spacing.y
    });
    let height = (ui.available_height() - source_h - footnote_h - 12.0).max(120.0);
    let resp = ui.scope(|ui| {
        ui.style_mut().override_text_style = None;
        ui.style_mut().text_styles = [
            (egui::TextStyle::Heading, heading_font(18.0 * scale)),
            (
                egui::TextStyle::Body,
                egui::FontId::proportional(14.0 * scale),
            ),
            (
                egui::TextStyle::Button,
                egui::FontId::proportional(14.0 * scale),
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
        draw_data(ui, plot, &chart.data, p, simulated)
    });
    if let Some(t) = footnote {
        ui.label(RichText::new(t).font(footnote_font).color(p.text));
    }
    ui.label(
        RichText::new(&chart.source)
            .font(source_font)
            .color(p.muted),
    );
    resp.inner
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
                Mark::Thick => {
                    painter.line_segment(
                        [
                            c - egui::vec2(8.0 * scale, 0.0),
                            c + egui::vec2(8.0 * scale, 0.0),
                        ],
                        Stroke::new(6.0 * scale, colour),
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
) -> Option<egui::Response> {
    match data {
        ChartData::ExpectedByRegion { .. } => bars::expected_by_region(ui, plot, data, p),
        ChartData::Contributions { .. } => bars::contributions(ui, plot, data, p),
        ChartData::Trajectory { .. } => paths::trajectory(ui, plot, data, p),
        ChartData::Distribution { .. } => paths::distribution(ui, plot, data, p, simulated),
        ChartData::Tornado { .. } => bars::tornado(ui, plot, data, p),
        ChartData::Heatmap { .. } => grids::heatmap(ui, plot, data, p),
        ChartData::ProbabilityTree { .. } => grids::probability_tree(ui, plot, data, p),
    }
}
