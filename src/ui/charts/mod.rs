//! The chart panel: choose a chart and its selection, and see it update live.

mod plots;

pub use plots::{ChartLook, draw_chart};

use super::Env;
use crate::charts::{Chart, ChartSpec, build};
use crate::model::ChartKind;
use crate::view::{Command, spec_for_view};
pub use crate::view::{apply_slide, slide_for_view};
use egui::{RichText, Ui};
use std::sync::Arc;

/// What a cached chart was built from: document state, spec, simulation (samples, seed) and
/// whether the analysis of the probability ranges was in.
type CacheKey = (u64, String, Option<(u64, u64)>, bool);

/// A chart built for a document state and simulation, cached in egui's memory so that the
/// tornado's recomputation runs once per change, not once per frame.
pub fn cached_chart(ui: &Ui, env: &Env, spec: &ChartSpec, salt: &str) -> Arc<Chart> {
    let mc = env.mc.as_ref().map(|m| &*m.summary);
    let second = env.mc.as_ref().and_then(|m| m.second.as_deref());
    let key: CacheKey = (
        env.results.state,
        format!("{spec:?}"),
        mc.map(|m| (m.samples, m.seed)),
        second.is_some(),
    );
    let id = egui::Id::unique(("chart-cache", salt));
    let cached: Option<(CacheKey, Arc<Chart>)> = ui.data(|d| d.get_temp(id));
    if let Some((k, chart)) = cached
        && (k == key
            || (spec.kind == ChartKind::Compare
                && k.1 == key.1
                && crate::ui::compare::busy_and_large(ui, env.base, spec.compare.len())))
    {
        return chart;
    }
    let sims = crate::charts::Sims { mc, second };
    // The compare chart resolves each view from the base; every other chart shows the view.
    let s = if spec.kind == ChartKind::Compare {
        env.base
    } else {
        env.scenario
    };
    let mut chart = build(s, &env.results.expected, sims, spec);
    if let Some(v) = env.selected_view()
        && spec.kind != ChartKind::Compare
    {
        crate::charts::tag_view(&mut chart, &v.name);
    }
    let chart = Arc::new(chart);
    ui.data_mut(|d| d.insert_temp(id, (key, Arc::clone(&chart))));
    chart
}

/// The chart panel on the right.
pub fn charts_panel_ui(ui: &mut Ui, env: &mut Env) {
    let s = env.scenario;
    ui.horizontal_wrapped(|ui| {
        let l = ui.label("Chart");
        egui::ComboBox::from_id_salt("chart-kind")
            .selected_text(env.view.chart.label())
            .width(170.0)
            .height(400.0)
            .show_ui(ui, |ui| {
                for k in ChartKind::ALL {
                    if k == ChartKind::Compare && env.base.views.is_empty() {
                        continue; // nothing to compare until there are views
                    }
                    ui.selectable_value(&mut env.view.chart, k, k.label());
                }
            })
            .response
            .labelled_by(l.id);
        let needs_region = matches!(
            env.view.chart,
            ChartKind::Trajectory
                | ChartKind::Distribution
                | ChartKind::Tornado
                | ChartKind::Signposts
        );
        if needs_region && !s.regions.is_empty() {
            let current = env.view.region_index(s);
            let l = ui.label("Region");
            egui::ComboBox::from_id_salt("chart-region")
                .selected_text(s.regions[current].name.clone())
                .show_ui(ui, |ui| {
                    for r in &s.regions {
                        if ui
                            .selectable_label(r.id == s.regions[current].id, &r.name)
                            .clicked()
                        {
                            env.view.region = Some(r.id.clone());
                        }
                    }
                })
                .response
                .labelled_by(l.id);
        }
        let uses_indicator = !matches!(
            env.view.chart,
            ChartKind::Heatmap | ChartKind::ProbabilityTree
        );
        if uses_indicator {
            let current = env.view.indicator_index(s);
            let name = current
                .and_then(|k| s.indicators.get(k))
                .map_or("Composite index".to_owned(), |i| i.name.clone());
            let l = ui.label("Indicator");
            egui::ComboBox::from_id_salt("chart-indicator")
                .selected_text(name)
                .show_ui(ui, |ui| {
                    if ui
                        .selectable_label(current.is_none(), "Composite index")
                        .clicked()
                    {
                        env.view.indicator = None;
                    }
                    for i in &s.indicators {
                        let sel = env.view.indicator.as_deref() == Some(i.id.as_str());
                        if ui.selectable_label(sel, &i.name).clicked() {
                            env.view.indicator = Some(i.id.clone());
                        }
                    }
                })
                .response
                .labelled_by(l.id);
        }
        if env.view.chart == ChartKind::Map {
            map_controls_ui(ui, env);
        }
        if env.view.chart == ChartKind::Tornado && !s.branches.is_empty() {
            let current = env
                .view
                .tornado_branch
                .as_deref()
                .and_then(|id| s.branch(id))
                .or_else(|| s.branches.iter().find(|b| b.parent.is_none()));
            let l = ui.label("Break-even of");
            egui::ComboBox::from_id_salt("chart-branch")
                .selected_text(current.map_or(String::new(), |b| b.name.clone()))
                .show_ui(ui, |ui| {
                    for b in &s.branches {
                        let sel = current.is_some_and(|c| c.id == b.id);
                        if ui.selectable_label(sel, &b.name).clicked() {
                            env.view.tornado_branch = Some(b.id.clone());
                        }
                    }
                })
                .response
                .labelled_by(l.id);
        }
    });
    ui.horizontal(|ui| {
        for (text, c) in [
            ("SVG", Command::ExportSvg),
            ("PNG", Command::ExportPng),
            ("Add as slide", Command::AddSlide),
        ] {
            if ui.small_button(text).on_hover_text(c.tooltip()).clicked() {
                env.command(c);
            }
        }
        if let Some(m) = &env.mc
            && !m.complete
        {
            ui.label(RichText::new("refining…").small().weak());
        }
    });
    ui.separator();
    let spec = spec_for_view(s, env.view);
    let chart = cached_chart(ui, env, &spec, "panel");
    let look = ChartLook {
        scale: 1.0,
        min_scale: 0.8,
        with_title: true,
        simulated: env.mc.is_some(),
    };
    plots::map::set_selected(
        ui.ctx(),
        Some(spec.region).filter(|_| !s.regions.is_empty()),
    );
    let drawn = draw_chart(ui, &chart, env.palette, look);
    plots::map::set_selected(ui.ctx(), None);
    // A click on a region of the map selects it for the other charts.
    if let Some(i) = plots::map::take_picked(ui.ctx())
        && let Some(r) = s.regions.get(i)
    {
        env.view.region = Some(r.id.clone());
    }
    if let Some(r) = drawn {
        r.context_menu(|ui| {
            for c in [
                Command::ExportSvg,
                Command::ExportPng,
                Command::AddSlide,
                Command::Present,
            ] {
                if ui.button(c.label()).on_hover_text(c.tooltip()).clicked() {
                    env.command(c);
                }
            }
        });
    }
}

/// The map's own controls: level or change, and the month.
fn map_controls_ui(ui: &mut Ui, env: &mut Env) {
    let l = ui.label("Show");
    ui.selectable_value(&mut env.view.map_change, false, "Level")
        .on_hover_text("Fill each region by its expected value")
        .labelled_by(l.id);
    ui.selectable_value(&mut env.view.map_change, true, "Change")
        .on_hover_text("Fill each region by its expected change from the baseline")
        .labelled_by(l.id);
    let horizon = env.results.expected.horizon();
    let mut month = env.view.map_month.unwrap_or(horizon).min(horizon);
    let l = ui.label("Month");
    let r = ui
        .add(egui::Slider::new(&mut month, 0..=horizon).integer())
        .on_hover_text("The month the map shows; the far end is the horizon")
        .labelled_by(l.id);
    if r.changed() {
        env.view.map_month = (month < horizon).then_some(month);
    }
}
