//! Presentation mode: full screen, editors hidden, large high-contrast type, one slide at a
//! time, and a what-if strip to drag the top-level probabilities live.

use super::Env;
use super::charts::{ChartLook, cached_chart, draw_shown};
use super::theme::{PRESENT, heading_font};
use crate::edit::ops;
use crate::view::{Action, Step, apply_slide, spec_for_view};
use egui::{FontId, Key, RichText, TextStyle};

/// Text size of presentation body text at 1920 × 1080: readable from the back of a room.
pub const BODY_SIZE: f32 = 28.0;

/// How much presentation type is scaled for a screen of `size` points: 1 at 1920 × 1080,
/// smaller on a small projector so that the chart keeps its room, larger on a big one.
pub fn screen_scale(size: egui::Vec2) -> f32 {
    (size.x / 1920.0).min(size.y / 1080.0).clamp(0.5, 2.0)
}

/// Presentation type, scaled by `k` (see `screen_scale`).
pub fn big_style(ui: &mut egui::Ui, k: f32) {
    let style = ui.style_mut();
    style.text_styles = [
        (TextStyle::Heading, heading_font(52.0 * k)),
        (TextStyle::Body, FontId::proportional(BODY_SIZE * k)),
        (TextStyle::Button, FontId::proportional(BODY_SIZE * k)),
        (TextStyle::Small, FontId::proportional(22.0 * k)),
        (TextStyle::Monospace, FontId::monospace(BODY_SIZE * k)),
    ]
    .into();
    style.spacing.interact_size.y = 40.0 * k;
    style.spacing.slider_width = 260.0 * k;
    style.spacing.item_spacing = egui::vec2(12.0, 8.0) * k;
    style.visuals = egui::Visuals::light();
    style.visuals.override_text_color = Some(PRESENT.text);
    style.visuals.panel_fill = PRESENT.canvas;
}

/// What a key press asks of presentation mode.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Keys {
    step: Option<Step>,
    leave: bool,
    presenter: bool,
    whatif: bool,
    restart_clock: bool,
}

/// Read (and consume) presentation keys: arrows, PageUp/PageDown and Space step; Home/End jump;
/// Esc leaves; P or N opens or closes the presenter view; W shows or hides the what-if strip;
/// R restarts the clock.
pub(super) fn read_keys(ui: &egui::Ui) -> Keys {
    ui.input_mut(|i| {
        let mut any = |keys: &[Key]| {
            keys.iter()
                .any(|&k| i.consume_key(egui::Modifiers::NONE, k))
        };
        let step = if any(&[Key::ArrowRight, Key::PageDown, Key::Space, Key::ArrowDown]) {
            Some(Step::Next)
        } else if any(&[Key::ArrowLeft, Key::PageUp, Key::ArrowUp]) {
            Some(Step::Previous)
        } else if any(&[Key::Home]) {
            Some(Step::First)
        } else if any(&[Key::End]) {
            Some(Step::Last)
        } else {
            None
        };
        Keys {
            step,
            leave: any(&[Key::Escape]),
            presenter: any(&[Key::P, Key::N]),
            whatif: any(&[Key::W]),
            restart_clock: any(&[Key::R]),
        }
    })
}

/// Apply keys read in either window to the presentation.
pub(super) fn apply_keys(env: &mut Env, keys: Keys, now: f64) {
    let Some(state) = env.view.present.as_mut() else {
        return;
    };
    if let Some(step) = keys.step {
        state.step(step);
    }
    if keys.presenter {
        state.presenter = !state.presenter;
    }
    if keys.whatif {
        state.whatif = !state.whatif;
    }
    if keys.restart_clock {
        state.started = now;
    }
    if keys.leave {
        let changed = env.results.doc_state != state.start_state;
        env.actions.push(if changed {
            Action::AskEndPresentation
        } else {
            Action::EndPresentation { keep: false }
        });
    }
}

/// Draw presentation mode. `dialog_open` says whether a dialog has the keyboard.
pub fn present_ui(ui: &mut egui::Ui, env: &mut Env, dialog_open: bool) {
    let now = ui.input(|i| i.time);
    let typing = ui.ctx().memory(|m| m.focused().is_some());
    if !typing && !dialog_open {
        apply_keys(env, read_keys(ui), now);
    }
    let Some(state) = env.view.present.as_ref() else {
        return;
    };
    let n = state.slides.len();
    let index = state.index;
    let slide = state.slides.get(index).cloned();
    let show_whatif = state.whatif;
    let show_presenter = state.presenter;
    let changed = env.results.doc_state != state.start_state;
    if let Some(slide) = &slide {
        apply_slide(env.view, slide);
    }
    let s = env.scenario;
    let k = screen_scale(ui.ctx().content_rect().size());
    let margin = egui::Margin::symmetric((40.0 * k) as i8, (20.0 * k) as i8);
    // The notes, the what-if strip and the key hints sit in a bottom panel sized to what they
    // hold, so they are never cut off; the chart takes every point left above them.
    egui::Panel::bottom("present-bottom")
        .frame(egui::Frame::NONE.fill(PRESENT.canvas).inner_margin(margin))
        .show_separator_line(false)
        .resizable(false)
        .show(ui, |ui| {
            big_style(ui, k);
            if show_whatif {
                whatif_strip(ui, env, changed);
            }
            ui.label(
                RichText::new("← → or Space: slides · W: what-if · P: presenter view · Esc: leave")
                    .size(18.0 * k)
                    .color(PRESENT.muted),
            );
        });
    let frame = egui::Frame::NONE
        .fill(PRESENT.canvas)
        .inner_margin(egui::Margin {
            bottom: 0,
            ..margin
        });
    egui::CentralPanel::default().frame(frame).show(ui, |ui| {
        big_style(ui, k);
        ui.horizontal(|ui| {
            let counter = RichText::new(format!("{} / {}", index + 1, n.max(1)))
                .size(BODY_SIZE * k)
                .color(PRESENT.muted);
            let title = slide.as_ref().map_or("No slides", |sl| sl.title.as_str());
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                ui.label(counter);
                ui.with_layout(egui::Layout::left_to_right(egui::Align::Center), |ui| {
                    ui.add(
                        egui::Label::new(
                            RichText::new(title)
                                .font(heading_font(44.0 * k))
                                .color(PRESENT.text),
                        )
                        .wrap(),
                    );
                });
            });
        });
        if slide.is_some() {
            let spec = spec_for_view(s, env.view);
            let chart = cached_chart(ui, env, &spec, "chart-present");
            let look = ChartLook {
                scale: 2.0 * k,
                min_scale: k,
                with_title: false,
                simulated: env.mc.is_some(),
            };
            draw_shown(ui, &chart, PRESENT, look, true);
        } else {
            ui.label("This scenario has no slides. Add one with “Add Current Chart as Slide”.");
        }
    });
    if show_presenter {
        super::presenter::presenter_window(ui.ctx(), env, now, dialog_open);
    }
}

fn whatif_strip(ui: &mut egui::Ui, env: &mut Env, changed: bool) {
    let s = env.scenario;
    let tops: Vec<usize> = env.results.tree().roots.clone();
    egui::Frame::group(ui.style()).show(ui, |ui| {
        // Rows laid out here, not by a wrapping layout: a branch's name, its slider and its
        // value always share a row, and a row holds as many as fit.
        let spacing = ui.spacing().item_spacing.x;
        let value_w = ui.text_style_height(&egui::TextStyle::Body) * 2.6;
        let width_of = |ui: &egui::Ui, text: &str| {
            egui::WidgetText::from(RichText::new(text))
                .into_galley(
                    ui,
                    Some(egui::TextWrapMode::Extend),
                    f32::INFINITY,
                    egui::TextStyle::Body,
                )
                .size()
                .x
        };
        let lead = width_of(ui, "What if") + spacing;
        let items: Vec<(usize, f32)> = tops
            .iter()
            .filter(|&&pos| pos < s.branches.len())
            .map(|&pos| {
                let w = width_of(ui, &s.branches[pos].name)
                    + ui.spacing().slider_width
                    + value_w
                    + 3.0 * spacing;
                (pos, w)
            })
            .collect();
        let full = ui.available_width();
        let mut rows: Vec<Vec<usize>> = vec![Vec::new()];
        let mut used = lead;
        for (pos, w) in items {
            if let Some(row) = rows.last_mut()
                && !row.is_empty()
                && used + w > full
            {
                rows.push(Vec::new());
                used = 0.0;
            }
            if let Some(row) = rows.last_mut() {
                row.push(pos);
            }
            used += w + spacing;
        }
        for (k, row) in rows.iter().enumerate() {
            ui.horizontal(|ui| {
                if k == 0 {
                    ui.label(RichText::new("What if").strong());
                }
                for &pos in row {
                    whatif_item(ui, env, pos, value_w);
                }
                if changed && k + 1 == rows.len() {
                    ui.label(RichText::new("changed").color(env.palette.warning));
                }
            });
        }
    });
}

/// One branch of the what-if strip: its name, its slider and its value.
fn whatif_item(ui: &mut egui::Ui, env: &mut Env, pos: usize, value_w: f32) {
    let s = env.scenario;
    let Some(b) = s.branches.get(pos) else {
        return;
    };
    let value = env.results.expected.cond.get(pos).copied().unwrap_or(0.0);
    let mut v = value;
    ui.label(RichText::new(&b.name).color(env.palette.outcome(b.outcome)));
    let r = ui.add(egui::Slider::new(&mut v, 0.0..=1.0).show_value(false));
    super::widgets::name_value(&r, &format!("What if {}", b.name), v);
    // The value beside the slider, in a fixed width so the row never moves.
    ui.add_sized(
        [value_w, ui.spacing().interact_size.y],
        egui::Label::new(format!("{:.0}%", value * 100.0)),
    );
    if r.changed() && (v - value).abs() > 1e-9 {
        env.op(ops::set_probability(s, &b.id, v, true));
    }
}
