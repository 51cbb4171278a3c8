//! The Slides tab: the saved charts presentation mode shows, with titles, notes and order.

use super::Env;
use super::widgets::{note, text_area, text_row};
use crate::edit::ops;
use crate::model::ChartKind;
use crate::view::{Action, Command};
use egui::Ui;

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
                                if c == ChartKind::Compare && s.views.is_empty() {
                                    continue;
                                }
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
                    let view = s.view_name(slide.view.as_deref());
                    let mut shows = format!("{region} · {ind} · view: {view}");
                    if slide.chart == ChartKind::Map {
                        match slide.month {
                            Some(m) => shows.push_str(&format!(" · month {m}")),
                            None => shows.push_str(" · at the horizon"),
                        }
                        if slide.change {
                            shows.push_str(" · change from baseline");
                        }
                    }
                    ui.label(shows);
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
