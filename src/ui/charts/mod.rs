//! Charts of the engine's results, drawn with egui_plot, and the chart panel on the right.

use super::{Env, pct};
use crate::app::ViewState;
use crate::model::{ChartKind, Scenario, Slide};
use egui::{RichText, Ui};

/// The chart panel.
pub fn charts_panel_ui(ui: &mut Ui, env: &mut Env) {
    ui.heading("Expected stability");
    let s = env.scenario;
    let e = &env.results.expected;
    let h = e.horizon();
    egui::Grid::new("composite-table")
        .striped(true)
        .show(ui, |ui| {
            ui.label(RichText::new("Region").strong());
            ui.label(RichText::new("Baseline").strong());
            ui.label(RichText::new("Expected").strong());
            ui.end_row();
            for (r, region) in s.regions.iter().enumerate() {
                ui.label(&region.name);
                ui.label(format!("{:.1}", e.series_base(r, None)));
                ui.label(format!("{:.1}", e.composite_at(r, h)));
                ui.end_row();
            }
        });
    let _ = pct(0.0);
}

/// A slide for what the chart panel shows now.
pub fn slide_for_view(s: &Scenario, view: &ViewState) -> Slide {
    let region = s.regions.get(view.region_index(s));
    let indicator = view.indicator_index(s).and_then(|k| s.indicators.get(k));
    let what = indicator.map_or("composite stability".to_owned(), |i| i.name.to_lowercase());
    let title = match view.chart {
        ChartKind::Trajectory | ChartKind::Distribution | ChartKind::Tornado => {
            format!("{}: {what}", region.map_or("", |r| r.name.as_str()))
        }
        k => format!("{} ({what})", k.label()),
    };
    Slide {
        title,
        chart: view.chart,
        region: region.map(|r| r.id.clone()),
        indicator: indicator.map(|i| i.id.clone()),
        branch: view.tornado_branch.clone(),
        note: String::new(),
    }
}

/// Show a slide's chart and selection in the chart panel.
pub fn apply_slide(view: &mut ViewState, slide: &Slide) {
    view.chart = slide.chart;
    view.region = slide.region.clone();
    view.indicator = slide.indicator.clone();
    view.tornado_branch = slide.branch.clone();
}
