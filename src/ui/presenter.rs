//! The presenter view: a window of its own for the speaker, with the current slide, the next
//! one, the speaker notes, the slide counter and the time since presenting began. The projected
//! window never shows the notes.

use super::Env;
use super::charts::{ChartLook, cached_chart, draw_shown};
use super::theme::PRESENT;
use crate::view::{Step, apply_slide, spec_for_view};
use egui::{RichText, ViewportBuilder, ViewportId};

/// The presenter view's window id.
pub fn presenter_id() -> ViewportId {
    ViewportId::from_hash_of("muscat-presenter-view")
}

/// What the presenter clicked.
#[derive(Default)]
struct Clicks {
    step: Option<Step>,
    restart_clock: bool,
    close: bool,
}

/// Show the presenter view's window for this frame.
pub fn presenter_window(ctx: &egui::Context, env: &mut Env, now: f64, dialog_open: bool) {
    let builder = ViewportBuilder::default()
        .with_title("Muscat — presenter view")
        .with_inner_size([1100.0, 720.0])
        .with_min_inner_size([640.0, 420.0]);
    let (clicks, keys) = ctx.show_viewport_immediate(presenter_id(), builder, |ui, _class| {
        // Keys pressed while this window has the keyboard step the slides too.
        let keys = if dialog_open || ui.ctx().memory(|m| m.focused().is_some()) {
            super::present::Keys::default()
        } else {
            super::present::read_keys(ui)
        };
        let mut clicks = Clicks {
            close: ui.input(|i| i.viewport().close_requested()),
            ..Clicks::default()
        };
        egui::CentralPanel::default().show(ui, |ui| presenter_ui(ui, env, now, &mut clicks));
        (clicks, keys)
    });
    super::present::apply_keys(env, keys, now);
    if let Some(state) = env.view.present.as_mut() {
        if let Some(step) = clicks.step {
            state.step(step);
        }
        if clicks.restart_clock {
            state.started = now;
        }
        if clicks.close {
            state.presenter = false;
        }
    }
    // The clock ticks.
    ctx.request_repaint_after(std::time::Duration::from_millis(500));
}

fn presenter_ui(ui: &mut egui::Ui, env: &mut Env, now: f64, clicks: &mut Clicks) {
    let Some(state) = env.view.present.as_ref() else {
        return;
    };
    let n = state.slides.len();
    let index = state.index;
    let current = state.slides.get(index).cloned();
    let next = state.slides.get(index + 1).cloned();
    let elapsed = state.elapsed_text(now);
    ui.horizontal(|ui| {
        ui.label(
            RichText::new(format!("Slide {} of {}", (index + 1).min(n), n))
                .size(22.0)
                .strong(),
        );
        ui.separator();
        ui.label(RichText::new(format!("Elapsed {elapsed}")).size(22.0))
            .on_hover_text("Time since presenting began");
        if ui
            .button("Restart clock")
            .on_hover_text("Start the clock again from 00:00 (R)")
            .clicked()
        {
            clicks.restart_clock = true;
        }
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui
                .add_enabled(index + 1 < n, egui::Button::new("Next ▶"))
                .on_hover_text("The next slide (→, Space, PageDown)")
                .clicked()
            {
                clicks.step = Some(Step::Next);
            }
            if ui
                .add_enabled(index > 0, egui::Button::new("◀ Previous"))
                .on_hover_text("The previous slide (←, PageUp)")
                .clicked()
            {
                clicks.step = Some(Step::Previous);
            }
        });
    });
    ui.separator();
    let notes_h = (ui.available_height() * 0.32).max(120.0);
    let slides_h = (ui.available_height() - notes_h).max(200.0);
    let width = ui.available_width();
    let gap = ui.spacing().item_spacing.x;
    let current_w = ((width - gap) * 0.62).max(200.0);
    let next_w = (width - gap - current_w).max(120.0);
    ui.horizontal_top(|ui| {
        ui.allocate_ui(egui::vec2(current_w, slides_h), |ui| {
            ui.set_min_size(egui::vec2(current_w, slides_h));
            ui.vertical(|ui| {
                ui.label(RichText::new("Now showing").size(14.0).weak());
                match &current {
                    Some(slide) => slide_preview(ui, env, slide, "chart-presenter-current", 1.0),
                    None => {
                        ui.label("No slides");
                    }
                }
            });
        });
        ui.allocate_ui(egui::vec2(next_w, slides_h), |ui| {
            ui.set_min_size(egui::vec2(next_w, slides_h));
            ui.vertical(|ui| {
                ui.label(RichText::new("Next").size(14.0).weak());
                match &next {
                    Some(slide) => slide_preview(ui, env, slide, "chart-presenter-next", 0.75),
                    None => {
                        ui.label(RichText::new("End of the slides").size(18.0).weak());
                    }
                }
            });
        });
    });
    ui.separator();
    ui.label(RichText::new("Speaker notes").size(14.0).weak());
    let note = current.as_ref().map_or("", |s| s.note.as_str());
    egui::ScrollArea::vertical()
        .id_salt("presenter-notes")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            if note.trim().is_empty() {
                ui.label(RichText::new("No notes for this slide.").size(20.0).weak());
            } else {
                ui.label(RichText::new(note).size(24.0));
            }
        });
}

/// A slide drawn small: its title and its chart.
fn slide_preview(
    ui: &mut egui::Ui,
    env: &mut Env,
    slide: &crate::model::Slide,
    salt: &'static str,
    scale: f32,
) {
    let mut view = env.view.clone();
    view.present = None;
    apply_slide(&mut view, slide);
    let spec = spec_for_view(env.scenario, &view);
    ui.label(RichText::new(&slide.title).size(20.0 * scale).strong());
    let chart = cached_chart(ui, env, &spec, salt);
    egui::Frame::NONE
        .fill(PRESENT.canvas)
        .inner_margin(8.0)
        .show(ui, |ui| {
            let look = ChartLook {
                scale: scale * 0.9,
                min_scale: scale * 0.55,
                with_title: false,
                simulated: env.mc.is_some(),
            };
            draw_shown(ui, &chart, PRESENT, look, true);
        });
}
