//! The effects grid: regions × indicators for the selected branch, and the editor for one cell.

use super::tree::elided;
use super::widgets::{NumSpec, note, num_field, section};
use super::{Env, signed};
use crate::edit::ops;
use crate::model::{Branch, Change, Effect, Indicator, Profile, Scenario};
use egui::{Align2, Color32, FontId, Response, RichText, Sense, Stroke, Ui, Vec2, vec2};

/// What is wrong with an effect, for its cell and its editor.
pub fn effect_problems(s: &Scenario, e: &Effect) -> Vec<String> {
    let mut out = Vec::new();
    let c = e.change;
    if !(c.low <= c.likely && c.likely <= c.high) {
        out.push(format!(
            "needs low ≤ likely ≤ high (has {} / {} / {}); left out of the numbers until fixed",
            c.low, c.likely, c.high
        ));
    }
    if let Some(ind) = s.indicator(&e.indicator) {
        let span = ind.max - ind.min;
        if span > 0.0 && (c.low.abs() > span || c.high.abs() > span || c.likely.abs() > span) {
            out.push(format!(
                "moves the indicator by more than its whole scale ({}–{})",
                ind.min, ind.max
            ));
        }
    }
    if e.onset_months > s.header.horizon_months {
        out.push(format!(
            "starts in month {}, after the horizon ({} months)",
            e.onset_months, s.header.horizon_months
        ));
    }
    out
}

fn direction(ind: &Indicator, change: f64) -> f64 {
    if ind.higher_is_better {
        change
    } else {
        -change
    }
}

/// The grid and the editor of the selected cell.
pub fn effects_ui(ui: &mut Ui, env: &mut Env, b: &Branch) {
    let s = env.scenario;
    section(ui, "Effects");
    note(
        ui,
        "Change from the baseline if this branch happens, by region and indicator. A leaf adds up the effects of every branch on its path. Click a cell to edit it.",
    );
    if s.regions.is_empty() || s.indicators.is_empty() {
        ui.label("Add regions and indicators in their tabs first.");
        return;
    }
    let p = env.palette;
    let name_w = 110.0;
    let gap = ui.spacing().item_spacing.x;
    let n = s.indicators.len() as f32;
    let avail = ui.available_width() - name_w - gap * (n + 1.0);
    let cell_w = (avail / n + 4.0).clamp(56.0, 110.0);
    let cell_h = 30.0;
    // A narrow window scrolls the grid sideways rather than cutting columns off.
    egui::ScrollArea::horizontal()
        .id_salt("effects-grid")
        .show(ui, |ui| {
            // Header: indicator names.
            ui.horizontal(|ui| {
                ui.add_space(name_w);
                for ind in &s.indicators {
                    let r = header_label(ui, vec2(cell_w - 4.0, 30.0), &ind.name, 11.5, p.muted);
                    r.on_hover_text(format!(
                        "{} ({}, {}–{}, {} is better)",
                        ind.name,
                        ind.unit,
                        ind.min,
                        ind.max,
                        if ind.higher_is_better {
                            "higher"
                        } else {
                            "lower"
                        }
                    ));
                }
            });
            for region in &s.regions {
                ui.horizontal(|ui| {
                    elided_label(ui, vec2(name_w - 8.0, cell_h), &region.name, 13.0, p.text);
                    for ind in &s.indicators {
                        let effects: Vec<&Effect> = b
                            .effects
                            .iter()
                            .filter(|e| e.region == region.id && e.indicator == ind.id)
                            .collect();
                        let selected = env.view.effect_cell.as_ref()
                            == Some(&(region.id.clone(), ind.id.clone()));
                        let (rect, r) =
                            ui.allocate_exact_size(vec2(cell_w - 4.0, cell_h), Sense::click());
                        let label = format!("{} {}", region.name, ind.name);
                        r.widget_info(|| {
                            egui::WidgetInfo::selected(
                                egui::accesskit::Role::Cell,
                                true,
                                selected,
                                &label,
                            )
                        });
                        let painter = ui.painter_at(rect);
                        let problems: Vec<String> =
                            effects.iter().flat_map(|e| effect_problems(s, e)).collect();
                        let likely: f64 = effects.iter().map(|e| e.change.likely).sum();
                        let span = (ind.max - ind.min).max(1e-9);
                        let bg = if effects.is_empty() {
                            p.canvas
                        } else {
                            p.diverging(direction(ind, likely) / (0.25 * span))
                        };
                        painter.rect_filled(rect, 3.0, bg);
                        let stroke = if !problems.is_empty() {
                            Stroke::new(2.0, p.error)
                        } else if selected {
                            Stroke::new(2.0, p.accent)
                        } else if r.hovered() {
                            Stroke::new(1.0, p.accent)
                        } else {
                            Stroke::new(1.0, p.grid)
                        };
                        painter.rect_stroke(rect, 3.0, stroke, egui::StrokeKind::Inside);
                        let text = match effects.len() {
                            0 => "·".to_owned(),
                            1 => signed(likely),
                            n => format!("{} ×{n}", signed(likely)),
                        };
                        let text = if problems.is_empty() {
                            text
                        } else {
                            format!("⚠ {text}")
                        };
                        // A value the selected view sets, marked as in the tree.
                        let in_view = env
                            .selected_view()
                            .and_then(|v| v.effect_of(&b.id, &region.id, &ind.id).map(|_| v));
                        let text = if in_view.is_some() {
                            format!("◆ {text}")
                        } else {
                            text
                        };
                        let fg = if effects.is_empty() {
                            p.muted
                        } else {
                            p.text_on(bg)
                        };
                        painter.text(
                            rect.center(),
                            Align2::CENTER_CENTER,
                            text,
                            FontId::proportional(13.0),
                            fg,
                        );
                        let r = r.on_hover_ui(|ui| {
                            ui.label(
                                RichText::new(format!("{} · {}", region.name, ind.name)).strong(),
                            );
                            if effects.is_empty() {
                                ui.label("No effect. Click to add one.");
                            }
                            if let Some(v) = in_view {
                                ui.label(
                                    RichText::new(format!("◆ Set in “{}”", v.name)).color(p.accent),
                                );
                            }
                            for e in &effects {
                                ui.label(format!(
                                    "low {} / likely {} / high {} {}, from month {} ({})",
                                    e.change.low,
                                    e.change.likely,
                                    e.change.high,
                                    ind.unit,
                                    e.onset_months,
                                    profile_text(e.profile)
                                ));
                            }
                            for m in &problems {
                                ui.label(RichText::new(format!("⚠ {m}")).color(p.error));
                            }
                        });
                        if r.clicked() {
                            env.view.effect_cell = Some((region.id.clone(), ind.id.clone()));
                            env.view.scroll_to_editor = true;
                        }
                    }
                });
            }
        });
    cell_editor(ui, env, b);
    copy_from_ui(ui, env, b);
}

fn profile_text(p: Profile) -> String {
    match p {
        Profile::Step => "step".into(),
        Profile::Ramp { months } => format!("ramp over {months} months"),
        Profile::Spike { half_life_months } => {
            format!("spike, half-life {half_life_months} months")
        }
    }
}

fn cell_editor(ui: &mut Ui, env: &mut Env, b: &Branch) {
    let s = env.scenario;
    let Some((rid, kid)) = env.view.effect_cell.clone() else {
        return;
    };
    let (Some(region), Some(ind)) = (s.region(&rid), s.indicator(&kid)) else {
        env.view.effect_cell = None;
        return;
    };
    ui.add_space(6.0);
    let frame = egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.label(
            RichText::new(format!(
                "{} · {} ({}, scale {}–{}, {} is better)",
                region.name,
                ind.name,
                ind.unit,
                ind.min,
                ind.max,
                if ind.higher_is_better { "higher" } else { "lower" }
            ))
            .strong(),
        );
        let indices: Vec<usize> = b
            .effects
            .iter()
            .enumerate()
            .filter(|(_, e)| e.region == rid && e.indicator == kid)
            .map(|(j, _)| j)
            .collect();
        let id = b.id.clone();
        for &j in &indices {
            let e = &b.effects[j];
            ui.horizontal(|ui| {
                let c = e.change;
                let mut new = c;
                ui.label("Low");
                if let (Some(v), _) = num_field(ui, ("effect-low", &id, j), NumSpec::any("Low"), c.low) {
                    new.low = v;
                }
                ui.label("Likely");
                if let (Some(v), _) = num_field(ui, ("effect-likely", &id, j), NumSpec::any("Likely"), c.likely) {
                    new.likely = v;
                }
                ui.label("High");
                if let (Some(v), _) = num_field(ui, ("effect-high", &id, j), NumSpec::any("High"), c.high) {
                    new.high = v;
                }
                note(ui, &ind.unit);
                if new != c {
                    env.op(ops::update_branch(s, &id, "effect", |x| x.effects[j].change = new));
                }
            });
            ui.horizontal(|ui| {
                ui.label("From month");
                let onset = NumSpec::any("Onset month").range(0.0, f64::from(crate::model::MAX_HORIZON_MONTHS)).whole().width(40.0);
                if let (Some(m), _) = num_field(ui, ("effect-onset", &id, j), onset, f64::from(e.onset_months)) {
                    env.op(ops::update_branch(s, &id, "effect", |x| x.effects[j].onset_months = m as u32));
                }
                let mut profile = e.profile;
                let l = ui.label("as a");
                egui::ComboBox::from_id_salt(("profile", j))
                    .selected_text(profile.label())
                    .show_ui(ui, |ui| {
                        for cand in [
                            Profile::Step,
                            Profile::Ramp { months: 6 },
                            Profile::Spike { half_life_months: 6.0 },
                        ] {
                            let chosen = std::mem::discriminant(&profile) == std::mem::discriminant(&cand);
                            if ui.selectable_label(chosen, cand.label()).clicked() && !chosen {
                                profile = cand;
                            }
                        }
                    })
                    .response
                    .labelled_by(l.id)
                    .on_hover_text("Step: full effect from the onset. Ramp: builds up linearly. Spike: full at once, then halves every half-life.");
                match profile {
                    Profile::Ramp { months } => {
                        ui.label("over");
                        let spec = NumSpec::any("Ramp months").range(0.0, 600.0).whole().unit(" months").width(40.0);
                        if let (Some(m), _) = num_field(ui, ("effect-ramp", &id, j), spec, f64::from(months)) {
                            profile = Profile::Ramp { months: m as u32 };
                        }
                    }
                    Profile::Spike { half_life_months } => {
                        ui.label("half-life");
                        let spec = NumSpec::any("Half-life").range(0.1, 600.0).unit(" months").width(48.0);
                        if let (Some(h), _) = num_field(ui, ("effect-half-life", &id, j), spec, half_life_months) {
                            profile = Profile::Spike { half_life_months: h };
                        }
                    }
                    Profile::Step => {}
                }
                if profile != e.profile {
                    env.op(ops::update_branch(s, &id, "effect", |x| x.effects[j].profile = profile));
                }
                if ui.button("Remove").on_hover_text("Remove this effect").clicked() {
                    let mut op = ops::update_branch(s, &id, "effects", |x| {
                        x.effects.remove(j);
                    });
                    if let Ok(o) = &mut op {
                        o.label = format!("Remove effect on {} {}", region.name, ind.name);
                        o.key = None;
                    }
                    env.op(op);
                }
            });
            for m in effect_problems(s, e) {
                ui.label(RichText::new(format!("⚠ {m}")).color(env.palette.error));
            }
        }
        let add_label = if indices.is_empty() { "Add effect" } else { "Add another effect" };
        if ui.button(add_label).clicked() {
            let effect = Effect {
                region: rid.clone(),
                indicator: kid.clone(),
                change: Change {
                    low: -2.0,
                    likely: 0.0,
                    high: 2.0,
                },
                onset_months: 0,
                profile: Profile::Step,
            };
            let mut op = ops::update_branch(s, &id, "effects", |x| x.effects.push(effect));
            if let Ok(o) = &mut op {
                o.label = format!("Add effect on {} {}", region.name, ind.name);
                o.key = None;
            }
            env.op(op);
        }
    });
    // Bring the editor into view when a cell has just been chosen.
    if std::mem::take(&mut env.view.scroll_to_editor) {
        frame.response.scroll_to_me(Some(egui::Align::Max));
    }
}

fn copy_from_ui(ui: &mut Ui, env: &mut Env, b: &Branch) {
    let s = env.scenario;
    let sources: Vec<&Branch> = s
        .branches
        .iter()
        .filter(|x| x.id != b.id && !x.effects.is_empty())
        .collect();
    if sources.is_empty() {
        return;
    }
    ui.add_space(6.0);
    ui.horizontal(|ui| {
        let chosen = env
            .view
            .copy_from
            .as_deref()
            .and_then(|id| s.branch(id))
            .map_or("Choose a branch…".to_owned(), |x| x.name.clone());
        let l = ui.label("Copy effects from");
        egui::ComboBox::from_id_salt("copy-from")
            .selected_text(chosen)
            .width(220.0)
            .show_ui(ui, |ui| {
                for x in &sources {
                    ui.selectable_value(
                        &mut env.view.copy_from,
                        Some(x.id.clone()),
                        format!("{} ({} effects)", x.name, x.effects.len()),
                    );
                }
            })
            .response
            .labelled_by(l.id);
        let from = env.view.copy_from.clone();
        if ui
            .add_enabled(from.is_some(), egui::Button::new("Copy"))
            .on_hover_text("Append that branch's effects to this one")
            .clicked()
            && let Some(from) = from
        {
            env.op(ops::copy_effects(s, &from, &b.id));
        }
    });
}

/// A label of a fixed size, its text cut with "…" where it does not fit.
/// A column header: wrapped onto two lines, and shortened with "…" only past that.
fn header_label(ui: &mut Ui, size: Vec2, text: &str, font_size: f32, color: Color32) -> Response {
    let (rect, r) = ui.allocate_exact_size(size, Sense::hover());
    // A smaller size, down to 85%, rather than breaking a word in two.
    let widest_word = |size: f32| {
        text.split_whitespace()
            .map(|w| {
                ui.painter()
                    .layout_no_wrap(w.to_owned(), FontId::proportional(size), color)
                    .size()
                    .x
            })
            .fold(0.0_f32, f32::max)
    };
    let font_size = [1.0, 0.93, 0.85]
        .map(|k| font_size * k)
        .into_iter()
        .find(|&f| widest_word(f) <= size.x - 2.0)
        .unwrap_or(font_size * 0.85);
    let mut job = egui::text::LayoutJob::simple(
        text.to_owned(),
        FontId::proportional(font_size),
        color,
        size.x - 2.0,
    );
    job.wrap.max_rows = 2;
    job.halign = egui::Align::Center;
    let g = ui.painter().layout_job(job);
    let top = rect.bottom() - g.size().y;
    ui.painter_at(rect)
        .galley(egui::pos2(rect.center().x, top), g, color);
    r
}

fn elided_label(ui: &mut Ui, size: Vec2, text: &str, font_size: f32, color: Color32) -> Response {
    let (rect, r) = ui.allocate_exact_size(size, Sense::hover());
    let painter = ui.painter_at(rect);
    let g = elided(
        &painter,
        text,
        FontId::proportional(font_size),
        color,
        size.x - 2.0,
    );
    painter.galley(rect.left_center() - vec2(0.0, g.size().y / 2.0), g, color);
    r
}
