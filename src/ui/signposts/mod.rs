//! The Signposts tab: the board (every signpost, its status and what seeing it or not would do,
//! most telling first), each signpost's editor, the revision record and the track record.

use super::revise::Revise;
use super::widgets::{NumSpec, note, num_field, section, text_area, text_row};
use super::{Env, pct};
use crate::edit::ops::signposts as sp_ops;
use crate::engine::signposts::{track_record, verdict_word};
use crate::model::{ESTIMATIVE_LEVELS, Likelihood, Signpost, SourceType};
use crate::view::Action;
use egui::{RichText, Ui};

mod board;
mod row;

use board::{board_of, outlook_text};
use row::signpost_row;

/// The Signposts tab.
pub fn signposts_ui(ui: &mut Ui, env: &mut Env) {
    let base = env.base;
    note(
        ui,
        "Signposts are events to watch for. Recording one updates the base probabilities by Bayes' rule and adds a revision; views keep their own numbers.",
    );
    ui.horizontal_wrapped(|ui| {
        if ui.button("+ Signpost").clicked() {
            let op = sp_ops::add_signpost(base);
            if let crate::edit::Edit::Signposts(list) = &op.edit
                && let Some(sp) = list.last()
            {
                env.view.signpost_open = Some(sp.id.clone());
            }
            env.actions.push(Action::BaseOp(op));
        }
        if ui
            .button("Record Revision…")
            .on_hover_text("Put the probabilities as they are now on the record, with a note")
            .clicked()
        {
            env.actions.push(Action::Revise(Revise::Manual));
        }
    });
    let today = crate::model::dates::today();
    let answer = board_of(env);
    section(ui, "Board");
    let Some(worked) = answer.value.clone() else {
        ui.horizontal(|ui| {
            ui.spinner();
            note(ui, "Working out the board…");
        });
        revisions_ui(ui, env);
        return;
    };
    let (old, b) = (&*worked.scenario, &worked.board);
    if base.signposts.is_empty() {
        note(ui, "No signposts yet.");
    } else {
        // One line that is always there, so that rows do not move when an update starts.
        ui.horizontal(|ui| {
            let (slot, _) = ui.allocate_exact_size(egui::vec2(14.0, 14.0), egui::Sense::hover());
            // Wrapped at the panel's width: in a row, a label would otherwise widen the tab.
            let text = if answer.updating() {
                egui::Spinner::new().size(14.0).paint_at(ui, slot);
                "Updating for the latest changes: the board below is the last one."
            } else {
                "Most telling first: sorted by how much watching each is expected to move the regions' composites."
            };
            ui.add(egui::Label::new(RichText::new(text).small().weak()).wrap());
        });
        // The board is live; charts and exports read statuses on the scenario's own date.
        let on_file = base
            .status_date()
            .map_or_else(|| "none set".to_owned(), |d| d.to_string());
        note(
            ui,
            format!(
                "Statuses as of today, {today}; charts, reports and exports read them on the scenario's date ({on_file})."
            ),
        );
    }
    // Today's signpost with the id of the board's `i`th (gone if it was deleted since).
    let by_id: std::collections::HashMap<&str, &Signpost> = base
        .signposts
        .iter()
        .map(|sp| (sp.id.as_str(), sp))
        .collect();
    let now_of = |i: usize| by_id.get(old.signposts.get(i)?.id.as_str()).copied();
    for o in &b.outlooks {
        let (Some(then), Some(sp)) = (old.signposts.get(o.index), now_of(o.index)) else {
            continue;
        };
        let chance = o.seen.as_ref().map_or(0.0, |s| s.chance);
        signpost_row(ui, env, sp, &today, |ui| {
            let text = outlook_text(
                old,
                &worked.tops,
                &b.top_now,
                then,
                o.seen.as_ref(),
                o.not_seen.as_ref(),
            );
            ui.label(text);
            note(
                ui,
                format!(
                    "P(seen) {} · expected to move the composites by {:.2} points (mean over regions)",
                    pct(chance),
                    o.movement
                ),
            );
        });
    }
    for (i, err) in &b.problems {
        let Some(sp) = now_of(*i) else {
            continue;
        };
        let message = err.to_string();
        let colour = env.palette.warning;
        signpost_row(ui, env, sp, &today, |ui| {
            ui.label(RichText::new(message).color(colour));
        });
    }
    revisions_ui(ui, env);
}

/// Replace one signpost (by id) in the list.
fn set_one(env: &mut Env, id: &str, what: &str, f: impl FnOnce(&mut Signpost)) {
    let mut list = env.base.signposts.clone();
    if let Some(sp) = list.iter_mut().find(|s| s.id == id) {
        f(sp);
    }
    let op = sp_ops::set_signposts(list, format!("Change {what} of signpost")).merge_as(what, id);
    env.actions.push(Action::BaseOp(op));
}

fn editor_ui(ui: &mut Ui, env: &mut Env, sp: &Signpost) {
    let id = sp.id.clone();
    ui.separator();
    egui::Grid::new(("signpost-fields", &id))
        .num_columns(2)
        .show(ui, |ui| {
            if let (Some(t), _) = text_row(ui, "Name", &sp.name, "The event to watch for") {
                set_one(env, &id, "name", |s| s.name = t);
            }
            if let (Some(t), _) = text_row(ui, "Watch", &sp.watch, "What to watch, and where") {
                set_one(env, &id, "watch", |s| s.watch = t);
            }
            let l = ui.label("Source");
            let mut source = sp.source;
            egui::ComboBox::from_id_salt(("signpost-source", &id))
                .selected_text(source.label())
                .show_ui(ui, |ui| {
                    for t in SourceType::ALL {
                        ui.selectable_value(&mut source, t, t.label());
                    }
                })
                .response
                .labelled_by(l.id);
            if source != sp.source {
                set_one(env, &id, "source", |s| s.source = source);
            }
            ui.end_row();
            let due = sp.expected_by.clone().unwrap_or_default();
            let (typed, r) = text_row(ui, "Expected by", &due, "YYYY-MM-DD, or empty");
            if let Some(t) = typed {
                let t = t.trim().to_owned();
                set_one(env, &id, "expected_by", |s| {
                    s.expected_by = (!t.is_empty()).then_some(t);
                });
            }
            if !due.is_empty() && !crate::model::is_iso_date(&due) {
                r.on_hover_text("Write the date as YYYY-MM-DD");
            }
        });
    if let Some(d) = &sp.expected_by
        && !crate::model::is_iso_date(d)
    {
        ui.label(
            RichText::new(format!("\"{d}\" is not a date: write it as YYYY-MM-DD"))
                .color(env.palette.error),
        );
    }
    if let Some(t) = text_area(ui, "Description", &sp.description, 2) {
        set_one(env, &id, "description", |s| s.description = t);
    }
    if let Some(t) = text_area(ui, "Rationale", &sp.rationale, 2) {
        set_one(env, &id, "rationale", |s| s.rationale = t);
    }
    section(ui, "P(seen | branch)");
    note(
        ui,
        "The chance of seeing it if that branch is what happens. A branch without one takes the nearest branch above it that has one.",
    );
    let base = env.base;
    // Each branch's name on its own line, its words and number below: the editor fits a
    // narrow panel without pushing the board wider.
    for (k, l) in sp.likelihoods.iter().enumerate() {
        let name = base
            .branch(&l.branch)
            .map_or(l.branch.as_str(), |b| b.name.as_str());
        let l_name = ui.label(name);
        ui.horizontal(|ui| {
            ui.add_space(12.0);
            let mut word = None;
            egui::ComboBox::from_id_salt(("likelihood-word", &id, k))
                .selected_text(crate::model::estimative_words(l.seen))
                .width(150.0)
                .show_ui(ui, |ui| {
                    for (w, p) in ESTIMATIVE_LEVELS {
                        if ui
                            .selectable_label(false, format!("{w} ({})", pct(p)))
                            .clicked()
                        {
                            word = Some(p);
                        }
                    }
                })
                .response
                .labelled_by(l_name.id);
            let label = format!("P(seen | {name})");
            let spec = NumSpec::any(&label).range(0.0, 100.0).unit("%").decimals(1);
            let (typed, _) = num_field(ui, ("likelihood", &id, k), spec, l.seen * 100.0);
            let new = word.or(typed.map(|v| v / 100.0));
            if let Some(p) = new {
                set_one(env, &id, "likelihood", |s| {
                    if let Some(x) = s.likelihoods.get_mut(k) {
                        x.seen = p;
                    }
                });
            }
            if ui
                .small_button("Remove")
                .on_hover_text("Remove this likelihood; the branch takes the one above it")
                .clicked()
            {
                set_one(env, &id, "likelihoods", |s| {
                    if k < s.likelihoods.len() {
                        s.likelihoods.remove(k);
                    }
                });
            }
        });
    }
    ui.horizontal_wrapped(|ui| {
        let mut add = None;
        let tree = env.results.tree();
        let l = ui.label("Add a likelihood for");
        egui::ComboBox::from_id_salt(("add-likelihood", &id))
            .selected_text("a branch…")
            .width(220.0)
            .truncate()
            .show_ui(ui, |ui| {
                for &i in &tree.preorder {
                    let b = &base.branches[i];
                    if sp.likelihoods.iter().any(|l| l.branch == b.id) {
                        continue;
                    }
                    ui.horizontal(|ui| {
                        ui.add_space(14.0 * tree.depth[i] as f32);
                        if ui.selectable_label(false, &b.name).clicked() {
                            add = Some(b.id.clone());
                        }
                    });
                }
            })
            .response
            .labelled_by(l.id);
        if let Some(branch) = add {
            set_one(env, &id, "likelihoods", |s| {
                s.likelihoods.push(Likelihood { branch, seen: 0.5 });
            });
        }
        if ui
            .button(RichText::new("Delete Signpost").color(env.palette.error))
            .on_hover_text(
                "Its recorded observations stay in the revision record. Undo brings it back.",
            )
            .clicked()
        {
            let mut list = base.signposts.clone();
            list.retain(|s| s.id != id);
            env.actions.push(Action::BaseOp(sp_ops::set_signposts(
                list,
                format!("Delete signpost {}", sp.name),
            )));
            env.view.signpost_open = None;
        }
    });
}

/// The revision record, newest first, with scores once resolved; and the resolution.
fn revisions_ui(ui: &mut Ui, env: &mut Env) {
    let base = env.base;
    section(ui, "Revisions");
    if base.revisions.is_empty() {
        note(
            ui,
            "No revisions yet. Record an observation, or a manual revision.",
        );
    } else {
        note(
            ui,
            "Newest first. A revision is never rewritten; Undo removes the newest.",
        );
    }
    let tree = env.results.tree();
    let record = track_record(base, tree);
    let tops: Vec<(String, String)> = tree
        .roots
        .iter()
        .map(|&i| (base.branches[i].id.clone(), base.branches[i].name.clone()))
        .collect();
    let top_ids: Vec<&str> = tops.iter().map(|(id, _)| id.as_str()).collect();
    let held = crate::model::record_of(&base.revisions, &top_ids);
    for (k, r) in base.revisions.iter().enumerate().rev() {
        let what = match &r.evidence {
            Some(e) => {
                let name = base
                    .signpost(&e.signpost)
                    .map_or(e.signpost.as_str(), |s| s.name.as_str());
                format!("{name}: {}", if e.seen { "seen" } else { "not seen" })
            }
            None => "Manual revision".to_owned(),
        };
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.horizontal_wrapped(|ui| {
                ui.label(RichText::new(format!("{}  {}", k + 1, r.date)).monospace());
                ui.label(RichText::new(what).strong());
            });
            let moves: Vec<String> = tops
                .iter()
                .filter_map(|(id, name)| {
                    let (before, after) = held.get(k)?;
                    let (a, b) = (*before.get(id)?, *after.get(id)?);
                    ((a - b).abs() > 5e-4).then(|| format!("{name} {} → {}", pct(a), pct(b)))
                })
                .collect();
            ui.label(if moves.is_empty() {
                "No top-level change".to_owned()
            } else {
                moves.join("; ")
            });
            if !r.note.is_empty() {
                note(ui, &r.note);
            }
            if let Some(row) = record.iter().find(|x| x.revision == Some(k)) {
                let verdict = row.change.map(verdict_word).unwrap_or_default();
                let colour = match verdict {
                    "better" => env.palette.better,
                    "worse" => env.palette.worse,
                    _ => env.palette.muted,
                };
                ui.horizontal_wrapped(|ui| {
                    ui.label(format!(
                        "Brier {:.3} · log score {}",
                        row.score.brier,
                        log_text(row.score.log)
                    ));
                    if !verdict.is_empty() {
                        ui.label(RichText::new(format!("{verdict} than before")).color(colour));
                    }
                });
            }
        });
    }
    section(ui, "Resolution");
    match &base.resolution {
        None => {
            ui.horizontal_wrapped(|ui| {
                note(ui, "When the talks resolve, mark the branch that happened to score every revision.");
                if ui.button("Mark What Happened…").clicked() {
                    env.actions.push(Action::Revise(Revise::Resolve));
                }
            });
        }
        Some(res) => {
            let name = base
                .branch(&res.branch)
                .map_or(res.branch.as_str(), |b| b.name.as_str());
            ui.horizontal_wrapped(|ui| {
                ui.label(format!("Resolved {}: ", res.date));
                ui.label(RichText::new(name).strong());
                ui.label("happened.");
                if ui
                    .button("Clear")
                    .on_hover_text("Undo brings it back")
                    .clicked()
                {
                    env.actions.push(Action::BaseOp(sp_ops::unresolve()));
                }
            });
            if !res.note.is_empty() {
                note(ui, &res.note);
            }
            track_record_ui(ui, &record);
        }
    }
}

fn log_text(v: f64) -> String {
    if v.is_finite() {
        format!("{v:.3}")
    } else {
        "−∞".to_owned()
    }
}

fn track_record_ui(ui: &mut Ui, record: &[crate::engine::signposts::Scored]) {
    if record.is_empty() {
        note(ui, "No revisions to score.");
        return;
    }
    note(
        ui,
        "Brier: 0 is perfect, lower is better. Log score: the log of the probability given to what happened; 0 is perfect, higher is better.",
    );
    egui::Grid::new("track-record")
        .striped(true)
        .num_columns(4)
        .show(ui, |ui| {
            for h in ["Probabilities", "Brier", "Log score", "Than before"] {
                ui.label(RichText::new(h).strong());
            }
            ui.end_row();
            for row in record {
                ui.label(match row.revision {
                    None => "Before the first revision".to_owned(),
                    Some(k) => format!("After revision {}", k + 1),
                });
                ui.label(format!("{:.3}", row.score.brier));
                ui.label(log_text(row.score.log));
                ui.label(row.change.map(verdict_word).unwrap_or("—"));
                ui.end_row();
            }
        });
}
