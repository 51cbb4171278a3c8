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

/// A chart as the analysis service has it: the one asked for, or while that is being built off
/// the UI thread, the last one (`None` before the first), marked as not current.
pub struct Shown {
    /// The chart.
    pub chart: Option<Arc<Built>>,
    /// Whether it is the chart asked for.
    pub current: bool,
}

/// A chart and the kind it was asked as.
pub struct Built {
    /// The kind asked for.
    pub kind: ChartKind,
    /// The chart.
    pub chart: Chart,
}

/// Whether building `kind` on `base` fits in the frame. The compare chart works the tree out
/// again for each view (2.2 s for 50 views of 18,500 branches), and the signposts chart each
/// signpost's update over the tree (about 50 ms for 500 signposts on 18,500 branches); every
/// other kind reads the shown results and takes milliseconds on the largest files.
fn fits_in_frame(kind: ChartKind, base: &crate::model::Scenario, views: usize) -> bool {
    const WORK: usize = 200_000;
    let views = if views == 0 {
        base.views.len() + 1
    } else {
        views
    };
    let branches = base.branches.len();
    match kind {
        ChartKind::Compare => branches.saturating_mul(views) <= WORK,
        // Each signpost's update is worked out over every branch.
        ChartKind::Signposts => branches.saturating_mul(base.signposts.len()) <= WORK,
        _ => true,
    }
}

/// A chart built for a document state and simulation, asked of the analysis service once per
/// change (so the tornado's recomputation runs once per change, not once per frame). `kind`
/// names the place it is drawn: each keeps its own.
pub fn cached_chart(ui: &Ui, env: &Env, spec: &ChartSpec, kind: &'static str) -> Shown {
    let mc = env.mc.as_ref().map(|m| Arc::clone(&m.summary));
    let second = env.mc.as_ref().and_then(|m| m.second.clone());
    let key = crate::view::analysis::key_of(&(
        env.results.state,
        spec,
        mc.as_ref().map(|m| (m.samples, m.seed)),
        second.is_some(),
    ));
    let compare = spec.kind == ChartKind::Compare;
    if compare && crate::ui::compare::busy_and_large(ui, env.base, spec.compare.len()) {
        // A drag on a large file: a new comparison would only be stopped again.
        return Shown {
            chart: env
                .analyses
                .last::<Built>(kind)
                .filter(|b| b.kind == spec.kind),
            current: false,
        };
    }
    let inline = fits_in_frame(spec.kind, env.base, spec.compare.len());
    let answer = env.analyses.get(kind, key, inline, || {
        // The compare chart resolves each view from the base; every other chart shows the view.
        let state = env.doc_state;
        let s = match &env.results.scenario {
            Some(view) if !compare => Arc::clone(view),
            _ => env.analyses.snapshot(state, env.base),
        };
        let e = Arc::clone(&env.results.expected);
        let tag = env
            .selected_view()
            .filter(|_| !compare)
            .map(|v| v.name.clone());
        let spec = spec.clone();
        Box::new(move |_stop: &std::sync::atomic::AtomicBool| {
            let sims = crate::charts::Sims {
                mc: mc.as_deref(),
                second: second.as_deref(),
            };
            let mut chart = build(&s, &e, sims, &spec);
            if let Some(name) = tag {
                crate::charts::tag_view(&mut chart, &name);
            }
            Some(Built {
                kind: spec.kind,
                chart,
            })
        })
    });
    // The last chart of another kind is no stand-in for this one; a chart of results the
    // document has moved on from is marked as updating.
    Shown {
        chart: answer.value.filter(|b| b.kind == spec.kind),
        current: answer.current && !env.results.updating,
    }
}

/// Draw a chart from the service: the chart, or a spinner before the first. With `mark`, an
/// "updating" mark goes over its top right corner while a newer one is being built (the chart
/// panel says so in its toolbar instead).
pub fn draw_shown(
    ui: &mut Ui,
    shown: &Shown,
    p: crate::ui::theme::Palette,
    look: ChartLook,
    mark: bool,
) -> Option<egui::Response> {
    let Some(Built { chart, .. }) = shown.chart.as_deref() else {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label(RichText::new("Working out the chart…").color(p.text));
        });
        return None;
    };
    let top = ui.cursor().min;
    let drawn = draw_chart(ui, chart, p, look);
    if mark && !shown.current {
        // Over the chart's top right corner, so nothing moves when it comes and goes.
        let right = ui.max_rect().right();
        let font = egui::FontId::proportional(12.0 * look.scale.max(1.0));
        let galley = ui
            .painter()
            .layout_no_wrap("updating…".to_owned(), font, p.text);
        let size = galley.size();
        let at = egui::pos2(right - size.x - 4.0, top.y + 2.0);
        let back =
            egui::Rect::from_min_size(at - egui::vec2(20.0, 1.0), size + egui::vec2(22.0, 2.0));
        ui.painter()
            .rect_filled(back, 3.0, ui.visuals().extreme_bg_color);
        egui::Spinner::new().size(size.y).color(p.text).paint_at(
            ui,
            egui::Rect::from_min_size(at - egui::vec2(18.0, 0.0), egui::vec2(size.y, size.y)),
        );
        ui.painter().galley(at, galley, p.text);
    }
    drawn
}

/// The chart panel on the right.
pub fn charts_panel_ui(ui: &mut Ui, env: &mut Env) {
    let s = env.scenario;
    // Whether the chart as selected at the frame's start is being brought up to date, for the
    // toolbar (the selection may change below; the chart is asked for again after it).
    let updating = !cached_chart(ui, env, &spec_for_view(s, env.view), "chart-panel").current;
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
        if updating {
            ui.spinner();
            ui.label(RichText::new("updating…").small().weak())
                .on_hover_text("The document has moved on: this chart is the last one worked out, and the new one is on its way");
        }
    });
    ui.separator();
    let spec = spec_for_view(s, env.view);
    let chart = cached_chart(ui, env, &spec, "chart-panel");
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
    let drawn = draw_shown(ui, &chart, env.palette, look, false);
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
