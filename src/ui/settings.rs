//! Scenario settings: the scenario's own fields, regions, indicators and slides.

use super::Env;
use super::details::sources_editor;
use super::widgets::{NumSpec, draft_field, note, num_field, section, text_area, text_row};
use crate::app::{Action, Command};
use crate::edit::ops;
use crate::model::{ChartKind, MAX_HORIZON_MONTHS, is_iso_date};
use egui::{RichText, Ui};

/// Title, summary, date, horizon and seed.
pub fn scenario_ui(ui: &mut Ui, env: &mut Env) {
    let s = env.scenario;
    egui::Grid::new("scenario-form")
        .num_columns(2)
        .spacing([10.0, 6.0])
        .show(ui, |ui| {
            if let (Some(t), _) = text_row(ui, "Title", &s.header.title, "Shown on every chart") {
                env.actions
                    .push(Action::Op(ops::update_header(s, "title", |m| m.title = t)));
            }
            let (date, _) = text_row(ui, "As of", &s.header.as_of, "YYYY-MM-DD");
            if let Some(d) = date {
                env.actions
                    .push(Action::Op(ops::update_header(s, "date", |m| m.as_of = d)));
            }
            if !s.header.as_of.is_empty() && !is_iso_date(&s.header.as_of) {
                ui.label("");
                ui.label(
                    RichText::new("⚠ not a date of the form YYYY-MM-DD").color(env.palette.warning),
                );
                ui.end_row();
            }
            ui.label("Horizon");
            ui.horizontal(|ui| {
                let spec = NumSpec::any("Horizon")
                    .range(1.0, f64::from(MAX_HORIZON_MONTHS))
                    .whole()
                    .unit(" months")
                    .width(48.0);
                let now = f64::from(s.header.horizon_months);
                if let (Some(h), _) = num_field(ui, "horizon", spec, now) {
                    env.actions
                        .push(Action::Op(ops::update_header(s, "horizon", |m| {
                            m.horizon_months = h as u32
                        })));
                }
            });
            ui.end_row();
            ui.label("Simulation seed");
            let (seed, _) = draft_field(
                ui,
                "seed",
                "Simulation seed",
                &s.header.seed.to_string(),
                160.0,
                |t| {
                    t.trim().parse::<u64>().map_err(|_| {
                        format!(
                            "“{}” is not a whole number from 0 to {}",
                            t.trim(),
                            u64::MAX
                        )
                    })
                },
            );
            if let Some(seed) = seed.filter(|&v| v != s.header.seed) {
                env.actions
                    .push(Action::Op(ops::update_header(s, "seed", |m| m.seed = seed)));
            }
            ui.end_row();
            let authors = s.header.authors.join(", ");
            if let (Some(a), _) = text_row(ui, "Authors", &authors, "Comma-separated") {
                let list = a
                    .split(',')
                    .map(|x| x.trim().to_owned())
                    .filter(|x| !x.is_empty())
                    .collect();
                env.actions
                    .push(Action::Op(ops::update_header(s, "authors", |m| {
                        m.authors = list
                    })));
            }
            ui.label("Numbers");
            let mut ill = s.header.illustrative;
            if ui
                .checkbox(&mut ill, "Illustrative (exports say so)")
                .changed()
            {
                env.actions
                    .push(Action::Op(ops::update_header(s, "illustrative", |m| {
                        m.illustrative = ill
                    })));
            }
            ui.end_row();
        });
    section(ui, "Summary");
    if let Some(t) = text_area(
        ui,
        "What the negotiation is about, and the caveats",
        &s.header.summary,
        6,
    ) {
        env.actions
            .push(Action::Op(ops::update_header(s, "summary", |m| {
                m.summary = t
            })));
    }
    section(ui, "Sources");
    if let Some(list) = sources_editor(ui, &s.header.sources, "scenario-sources") {
        env.actions
            .push(Action::Op(ops::update_header(s, "sources", |m| {
                m.sources = list
            })));
    }
}

/// Regions: names, ids, countries and baselines.
pub fn regions_ui(ui: &mut Ui, env: &mut Env) {
    let s = env.scenario;
    note(
        ui,
        "Each region has a baseline for every indicator: its value today.",
    );
    for region in &s.regions {
        let rid = region.id.clone();
        egui::Frame::group(ui.style()).show(ui, |ui| {
            egui::Grid::new(("region", &rid))
                .num_columns(2)
                .spacing([10.0, 5.0])
                .show(ui, |ui| {
                    if let (Some(n), _) = text_row(ui, "Name", &region.name, "Region name") {
                        env.op(ops::update_region(s, &rid, "name", |r| r.name = n));
                    }
                    let (new_id, r) = text_row(ui, "Id", &region.id, "Used in files");
                    if let Some(id) = new_id
                        && r.lost_focus()
                    {
                        env.op(ops::rename_region_id(s, &rid, id.trim()));
                    }
                    let codes = region.countries.join(", ");
                    if let (Some(c), _) =
                        text_row(ui, "Countries", &codes, "ISO 3166-1 alpha-3, e.g. IRN, OMN")
                    {
                        let list = c
                            .split([',', ' '])
                            .map(|x| x.trim().to_uppercase())
                            .filter(|x| !x.is_empty())
                            .collect();
                        env.op(ops::update_region(s, &rid, "countries", |r| {
                            r.countries = list
                        }));
                    }
                    let bad: Vec<&String> = region
                        .countries
                        .iter()
                        .filter(|c| c.len() != 3 || !c.chars().all(|ch| ch.is_ascii_uppercase()))
                        .collect();
                    if !bad.is_empty() {
                        ui.label("");
                        ui.label(
                            RichText::new(format!(
                                "⚠ not ISO alpha-3 codes: {}",
                                bad.iter()
                                    .map(|c| c.as_str())
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            ))
                            .color(env.palette.warning),
                        );
                        ui.end_row();
                    }
                    for ind in &s.indicators {
                        ui.label(&ind.name);
                        let value = region.baseline(&ind.id).unwrap_or(f64::NAN);
                        ui.horizontal(|ui| {
                            let name = format!("Baseline {} {}", region.name, ind.name);
                            let spec = NumSpec::any(&name).range(ind.min, ind.max);
                            let (v, _) = num_field(ui, ("baseline", &rid, &ind.id), spec, value);
                            if let Some(v) = v {
                                let kid = ind.id.clone();
                                env.op(ops::update_region(s, &rid, "baseline", |r| {
                                    match r.baselines.iter_mut().find(|b| b.indicator == kid) {
                                        Some(b) => b.value = v,
                                        None => r.baselines.push(crate::model::Baseline {
                                            indicator: kid.clone(),
                                            value: v,
                                        }),
                                    }
                                }));
                            }
                            ui.label(RichText::new(&ind.unit).small().weak());
                            if !value.is_finite() {
                                ui.label(RichText::new("⚠ missing").color(env.palette.error));
                            } else if value < ind.min || value > ind.max {
                                ui.label(
                                    RichText::new(format!("⚠ outside {}–{}", ind.min, ind.max))
                                        .color(env.palette.warning),
                                );
                            }
                        });
                        ui.end_row();
                    }
                });
            if ui
                .button(format!("Delete region {}", region.name))
                .on_hover_text("Delete this region and every effect on it (asks first)")
                .clicked()
            {
                env.actions.push(Action::ConfirmDeleteRegion(rid.clone()));
            }
        });
    }
    if ui.button("Add region").clicked() {
        env.actions.push(Action::Op(ops::add_region(s)));
    }
}

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

/// Slides: titles, notes, order.
pub fn slides_ui(ui: &mut Ui, env: &mut Env) {
    let s = env.scenario;
    note(
        ui,
        "Slides are saved charts, shown in order by Present (F5). Add one with “Add Current Chart as Slide”.",
    );
    let n = s.slides.len();
    for (k, slide) in s.slides.iter().enumerate() {
        egui::Frame::group(ui.style()).show(ui, |ui| {
            egui::Grid::new(("slide", k))
                .num_columns(2)
                .spacing([10.0, 5.0])
                .show(ui, |ui| {
                    if let (Some(t), _) = text_row(ui, "Title", &slide.title, "Slide title") {
                        env.actions.push(Action::Op(
                            ops::set_slides(s, "Change slide title", |v| v[k].title = t)
                                .merge_as("slide", &k.to_string()),
                        ));
                    }
                    let l = ui.label("Chart");
                    let mut chart = slide.chart;
                    egui::ComboBox::from_id_salt(("slide-chart", k))
                        .selected_text(chart.label())
                        .show_ui(ui, |ui| {
                            for c in ChartKind::ALL {
                                ui.selectable_value(&mut chart, c, c.label());
                            }
                        })
                        .response
                        .labelled_by(l.id);
                    if chart != slide.chart {
                        env.actions.push(Action::Op(ops::set_slides(
                            s,
                            "Change slide chart",
                            |v| v[k].chart = chart,
                        )));
                    }
                    ui.end_row();
                    ui.label("Shows");
                    let region = slide
                        .region
                        .as_deref()
                        .and_then(|r| s.region(r))
                        .map_or("first region".to_owned(), |r| r.name.clone());
                    let ind = slide
                        .indicator
                        .as_deref()
                        .and_then(|i| s.indicator(i))
                        .map_or("composite index".to_owned(), |i| i.name.clone());
                    ui.label(format!("{region} · {ind}"));
                    ui.end_row();
                });
            if let Some(t) = text_area(ui, "Speaker note", &slide.note, 2) {
                env.actions.push(Action::Op(
                    ops::set_slides(s, "Change speaker note", |v| v[k].note = t)
                        .merge_as("slide", &k.to_string()),
                ));
            }
            ui.horizontal(|ui| {
                if ui
                    .add_enabled(k > 0, egui::Button::new("Move up"))
                    .clicked()
                {
                    env.actions
                        .push(Action::Op(ops::set_slides(s, "Move slide up", |v| {
                            v.swap(k, k - 1)
                        })));
                }
                if ui
                    .add_enabled(k + 1 < n, egui::Button::new("Move down"))
                    .clicked()
                {
                    env.actions
                        .push(Action::Op(ops::set_slides(s, "Move slide down", |v| {
                            v.swap(k, k + 1)
                        })));
                }
                if ui.button("Show on the right").clicked() {
                    crate::ui::charts::apply_slide(env.view, slide);
                }
                if ui.button("Delete slide").clicked() {
                    env.actions
                        .push(Action::Op(ops::set_slides(s, "Delete slide", |v| {
                            v.remove(k);
                        })));
                }
            });
        });
    }
    ui.horizontal(|ui| {
        if ui
            .button(Command::AddSlide.label())
            .on_hover_text(Command::AddSlide.tooltip())
            .clicked()
        {
            env.command(Command::AddSlide);
        }
        if ui
            .button("▶ Present")
            .on_hover_text(Command::Present.tooltip())
            .clicked()
        {
            env.command(Command::Present);
        }
    });
}
