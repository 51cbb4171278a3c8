//! The Indicators tab: scale, direction, threshold and weight of each indicator.

use super::Env;
use super::widgets::{NumSpec, draft_field, note, num_field, text_row};
use crate::edit::ops;
use crate::view::Action;
use egui::{RichText, Ui};

/// Indicators: scale, direction, threshold and weight.
pub fn indicators_ui(ui: &mut Ui, env: &mut Env) {
    let s = env.scenario;
    note(
        ui,
        "Indicators are measured in every region. The composite stability index of a region is the weighted mean of its indicators, each rescaled to 0–100 with 100 the stable end.",
    );
    for ind in &s.indicators {
        let kid = ind.id.clone();
        egui::Frame::group(ui.style()).show(ui, |ui| {
            egui::Grid::new(("indicator", &kid))
                .num_columns(2)
                .spacing([10.0, 5.0])
                .show(ui, |ui| {
                    if let (Some(n), _) = text_row(ui, "Name", &ind.name, "Indicator name") {
                        env.op(ops::update_indicator(s, &kid, "name", |i| i.name = n));
                    }
                    let (new_id, r) = text_row(ui, "Id", &ind.id, "Used in files");
                    if let Some(id) = new_id
                        && r.lost_focus()
                    {
                        env.op(ops::rename_indicator_id(s, &kid, id.trim()));
                    }
                    if let (Some(u), _) = text_row(ui, "Unit", &ind.unit, "e.g. index 0–100") {
                        env.op(ops::update_indicator(s, &kid, "unit", |i| i.unit = u));
                    }
                    ui.label("Scale");
                    ui.horizontal(|ui| {
                        let min_name = format!("{} minimum", ind.name);
                        let max_name = format!("{} maximum", ind.name);
                        // Each end must stay on its side of the other.
                        let (min_spec, max_spec) =
                            (NumSpec::any(&min_name), NumSpec::any(&max_name));
                        let (lo, _) = draft_field(
                            ui,
                            ("scale-min", &kid),
                            &min_name,
                            &min_spec.show(ind.min),
                            64.0,
                            |t| {
                                let v = min_spec.parse(t)?;
                                if v < ind.max {
                                    Ok(v)
                                } else {
                                    Err(format!(
                                        "must be below the maximum, {}",
                                        min_spec.show(ind.max)
                                    ))
                                }
                            },
                        );
                        ui.label("to");
                        let (hi, _) = draft_field(
                            ui,
                            ("scale-max", &kid),
                            &max_name,
                            &max_spec.show(ind.max),
                            64.0,
                            |t| {
                                let v = max_spec.parse(t)?;
                                if v > ind.min {
                                    Ok(v)
                                } else {
                                    Err(format!(
                                        "must be above the minimum, {}",
                                        max_spec.show(ind.min)
                                    ))
                                }
                            },
                        );
                        let lo = lo.filter(|v| *v != ind.min);
                        let hi = hi.filter(|v| *v != ind.max);
                        if let Some(v) = lo {
                            env.op(ops::update_indicator(s, &kid, "scale", |i| i.min = v));
                        }
                        if let Some(v) = hi {
                            env.op(ops::update_indicator(s, &kid, "scale", |i| i.max = v));
                        }
                        if ind.min >= ind.max {
                            ui.label(
                                RichText::new("⚠ min must be below max").color(env.palette.error),
                            );
                        }
                    });
                    ui.end_row();
                    ui.label("Direction");
                    let mut higher = ind.higher_is_better;
                    ui.horizontal(|ui| {
                        let a = ui.radio_value(&mut higher, true, "Higher is better");
                        let b = ui.radio_value(&mut higher, false, "Lower is better");
                        if (a.changed() || b.changed()) && higher != ind.higher_is_better {
                            env.op(ops::update_indicator(s, &kid, "direction", |i| {
                                i.higher_is_better = higher;
                            }));
                        }
                    });
                    ui.end_row();
                    ui.label("Alert threshold");
                    ui.horizontal(|ui| {
                        let name = format!("{} alert threshold", ind.name);
                        let spec = NumSpec::any(&name).range(ind.min, ind.max);
                        let (t, _) = num_field(ui, ("threshold", &kid), spec, ind.alert_threshold);
                        if let Some(v) = t {
                            env.op(ops::update_indicator(s, &kid, "threshold", |i| {
                                i.alert_threshold = v
                            }));
                        }
                        note(
                            ui,
                            if ind.higher_is_better {
                                "alert below this"
                            } else {
                                "alert above this"
                            },
                        );
                    });
                    ui.end_row();
                    ui.label("Weight");
                    ui.horizontal(|ui| {
                        let name = format!("{} weight", ind.name);
                        let spec = NumSpec::any(&name).range(0.0, 1e6);
                        let (w, _) = num_field(ui, ("weight", &kid), spec, ind.weight);
                        if let Some(v) = w {
                            env.op(ops::update_indicator(s, &kid, "weight", |i| i.weight = v));
                        }
                        note(ui, "in the composite index");
                    });
                    ui.end_row();
                    if let (Some(d), _) =
                        text_row(ui, "Description", &ind.description, "What it measures")
                    {
                        env.op(ops::update_indicator(s, &kid, "description", |i| {
                            i.description = d
                        }));
                    }
                });
            if ui
                .button(format!("Delete indicator {}", ind.name))
                .on_hover_text(
                    "Delete this indicator, its baselines and every effect on it (asks first)",
                )
                .clicked()
            {
                env.actions
                    .push(Action::ConfirmDeleteIndicator(kid.clone()));
            }
        });
    }
    if ui.button("Add indicator").clicked() {
        env.actions.push(Action::Op(ops::add_indicator(s)));
    }
}
