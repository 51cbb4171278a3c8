//! Presentation mode: full screen, editors hidden, large high-contrast type, one slide at a
//! time, and a what-if strip to drag the top-level probabilities live.

use super::Env;
use super::charts::{cached_chart, draw_chart};
use super::theme::{PRESENT, heading_font};
use crate::edit::ops;
use crate::view::{Action, apply_slide, spec_for_view};
use egui::{FontId, Key, RichText, TextStyle};

/// Text size of presentation body text: readable from the back of a room at 1920 × 1080.
pub const BODY_SIZE: f32 = 28.0;

fn big_style(ui: &mut egui::Ui) {
    let style = ui.style_mut();
    style.text_styles = [
        (TextStyle::Heading, heading_font(52.0)),
        (TextStyle::Body, FontId::proportional(BODY_SIZE)),
        (TextStyle::Button, FontId::proportional(BODY_SIZE)),
        (TextStyle::Small, FontId::proportional(22.0)),
        (TextStyle::Monospace, FontId::monospace(BODY_SIZE)),
    ]
    .into();
    style.spacing.interact_size.y = 40.0;
    style.spacing.slider_width = 260.0;
    style.visuals = egui::Visuals::light();
    style.visuals.override_text_color = Some(PRESENT.text);
    style.visuals.panel_fill = PRESENT.canvas;
}

/// Draw presentation mode. `dialog_open` says whether a dialog has the keyboard.
pub fn present_ui(ui: &mut egui::Ui, env: &mut Env, dialog_open: bool) {
    let Some(mut state) = env.view.present.take() else {
        return;
    };
    let n = state.slides.len();
    // Keys: arrows, PageUp/PageDown and space step; Home/End jump; Esc leaves.
    let (next, prev, home, end, esc, notes, whatif) = ui.input_mut(|i| {
        let mut any = |keys: &[Key]| {
            keys.iter()
                .any(|&k| i.consume_key(egui::Modifiers::NONE, k))
        };
        (
            any(&[Key::ArrowRight, Key::PageDown, Key::Space, Key::ArrowDown]),
            any(&[Key::ArrowLeft, Key::PageUp, Key::ArrowUp]),
            any(&[Key::Home]),
            any(&[Key::End]),
            any(&[Key::Escape]),
            any(&[Key::N]),
            any(&[Key::W]),
        )
    });
    let typing = ui.ctx().memory(|m| m.focused().is_some());
    if !typing && !dialog_open {
        if next && state.index + 1 < n {
            state.index += 1;
        }
        if prev {
            state.index = state.index.saturating_sub(1);
        }
        if home {
            state.index = 0;
        }
        if end {
            state.index = n.saturating_sub(1);
        }
        if notes {
            state.notes = !state.notes;
        }
        if whatif {
            state.whatif = !state.whatif;
        }
    }
    if let Some(slide) = state.slides.get(state.index) {
        apply_slide(env.view, slide);
    }
    let leave = esc && !dialog_open;
    let changed = env.results.state != state.start_state;
    let index = state.index;
    let slide = state.slides.get(index).cloned();
    let (show_whatif, show_notes) = (state.whatif, state.notes);
    env.view.present = Some(state);
    if leave {
        env.actions.push(if changed {
            Action::AskEndPresentation
        } else {
            Action::EndPresentation { keep: false }
        });
    }
    let s = env.scenario;
    let frame = egui::Frame::NONE
        .fill(PRESENT.canvas)
        .inner_margin(egui::Margin::symmetric(40, 24));
    egui::CentralPanel::default().frame(frame).show(ui, |ui| {
        big_style(ui);
        ui.horizontal(|ui| {
            let title = slide.as_ref().map_or("No slides", |sl| sl.title.as_str());
            ui.label(
                RichText::new(title)
                    .font(heading_font(44.0))
                    .color(PRESENT.text),
            );
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                ui.label(
                    RichText::new(format!("{} / {}", index + 1, n.max(1)))
                        .size(BODY_SIZE)
                        .color(PRESENT.muted),
                );
            });
        });
        let strip_h = if show_whatif { 130.0 } else { 0.0 };
        let notes_h = if show_notes { 50.0 } else { 0.0 };
        let chart_h = (ui.available_height() - strip_h - notes_h - 40.0).max(200.0);
        if slide.is_some() {
            ui.allocate_ui(egui::vec2(ui.available_width(), chart_h), |ui| {
                let spec = spec_for_view(s, env.view);
                let chart = cached_chart(ui, env, &spec, "present");
                draw_chart(ui, &chart, PRESENT, 2.0, env.mc.is_some(), false);
            });
        } else {
            ui.label("This scenario has no slides. Add one with “Add Current Chart as Slide”.");
        }
        if show_notes
            && let Some(note) = slide
                .as_ref()
                .map(|sl| sl.note.as_str())
                .filter(|t| !t.is_empty())
        {
            ui.label(
                RichText::new(note)
                    .size(24.0)
                    .italics()
                    .color(PRESENT.muted),
            );
        }
        if show_whatif {
            whatif_strip(ui, env, changed);
        }
        ui.label(
            RichText::new("← → or Space: slides · W: what-if · N: notes · Esc: leave")
                .size(18.0)
                .color(PRESENT.muted),
        );
    });
}

fn whatif_strip(ui: &mut egui::Ui, env: &mut Env, changed: bool) {
    let s = env.scenario;
    let tops: Vec<usize> = env.results.tree().roots.clone();
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new("What if").strong());
            for pos in tops {
                let Some(b) = s.branches.get(pos) else {
                    continue;
                };
                let value = env.results.expected.cond.get(pos).copied().unwrap_or(0.0);
                let mut v = value;
                // Keep a branch's name with its slider: start a new row when the pair won't fit.
                let name = egui::WidgetText::from(
                    RichText::new(&b.name).color(env.palette.outcome(b.outcome)),
                )
                .into_galley(
                    ui,
                    Some(egui::TextWrapMode::Extend),
                    f32::INFINITY,
                    egui::TextStyle::Body,
                );
                let spacing = ui.spacing().item_spacing.x;
                let needed = name.size().x + ui.spacing().slider_width + 4.0 * spacing + 70.0;
                if ui.available_size_before_wrap().x < needed {
                    ui.end_row();
                }
                ui.label(name);
                let r = ui.add(egui::Slider::new(&mut v, 0.0..=1.0).show_value(false));
                super::widgets::name_value(&r, &format!("What if {}", b.name), v);
                // The value beside the slider, in a fixed width so the row never moves.
                ui.add_sized(
                    [52.0, ui.spacing().interact_size.y],
                    egui::Label::new(format!("{:.0}%", value * 100.0)),
                );
                if r.changed() && (v - value).abs() > 1e-9 {
                    env.op(ops::set_probability(s, &b.id, v, true));
                }
            }
            if changed {
                ui.label(RichText::new("changed").color(env.palette.warning));
            }
        });
    });
}
