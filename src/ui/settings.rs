//! Scenario settings: the scenario's own fields, regions, indicators and slides.

use super::Env;
use super::details::sources_editor;
use super::widgets::{NumSpec, draft_field, note, num_field, section, text_area, text_row};
use crate::edit::ops;
use crate::model::{MAX_HORIZON_MONTHS, is_iso_date};
use crate::view::Action;
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
