//! The dialog that puts a change on the record: an observation of a signpost (seen or not,
//! with a preview of every branch and region it moves), a manual revision, or the resolution.
//! Nothing changes until the planner accepts; accepting is one undo step.

use super::pct;
use super::theme::Palette;
use super::widgets::note;
use crate::edit::ops::Op;
use crate::edit::ops::signposts::{self as sp_ops, Preview};
use crate::model::Scenario;
use egui::{RichText, Ui};

pub use crate::view::Revise;

/// The dialog's fields while it is open.
#[derive(Clone, Debug, PartialEq)]
pub struct Draft {
    /// What it records.
    pub what: Revise,
    /// Seen (true) or not seen.
    pub seen: bool,
    /// The date, `YYYY-MM-DD`.
    pub date: String,
    /// The note, with its source.
    pub note: String,
    /// The branch that happened (for `Resolve`).
    pub branch: Option<String>,
    /// The preview, worked out for (seen, document state); kept while only the text changes.
    cache: Option<((bool, u64), Result<Preview, String>)>,
}

impl Draft {
    /// A fresh draft dated today.
    pub fn new(what: Revise) -> Self {
        Self {
            what,
            seen: true,
            date: crate::model::dates::today(),
            note: String::new(),
            branch: None,
            cache: None,
        }
    }
}

/// What the planner decided.
pub enum Decision {
    /// Apply this operation to the base.
    Accept(Op),
    /// Close without changing anything.
    Cancel,
}

/// The dialog's body. `state` is the document state, to know when the preview is stale, and
/// `tree` the index of `base`'s tree.
pub fn revise_ui(
    ui: &mut Ui,
    base: &Scenario,
    tree: &crate::model::TreeIndex,
    state: u64,
    draft: &mut Draft,
    palette: Palette,
) -> Option<Decision> {
    let mut decision = None;
    match draft.what.clone() {
        Revise::Observe(id) => {
            let Some(sp) = base.signpost(&id) else {
                ui.label(format!(
                    "The signpost \"{id}\" is no longer in the scenario."
                ));
                if ui.button("Close").clicked() {
                    decision = Some(Decision::Cancel);
                }
                return decision;
            };
            ui.heading("Record observation");
            ui.label(RichText::new(&sp.name).strong());
            if !sp.watch.is_empty() {
                note(ui, format!("Watch: {}", sp.watch));
            }
            ui.horizontal(|ui| {
                ui.radio_value(&mut draft.seen, true, "Seen");
                let not = match &sp.expected_by {
                    Some(d) => format!("Not seen (due {d})"),
                    None => "Not seen".to_owned(),
                };
                ui.radio_value(&mut draft.seen, false, not);
            });
        }
        Revise::Manual => {
            ui.heading("Record a revision");
            note(
                ui,
                "Puts the probabilities as they are now on the record, with a note saying why: a judgement not tied to a signpost. Change the probabilities in the tree first; the preview compares them with the newest revision.",
            );
        }
        Revise::Resolve => {
            ui.heading("Mark what happened");
            note(
                ui,
                "Once the talks resolve, every revision is scored against the branch that happened (Brier score and log score).",
            );
            let chosen = draft
                .branch
                .as_deref()
                .and_then(|id| base.branch(id))
                .map_or_else(|| "none yet".to_owned(), |b| b.name.clone());
            ui.label(format!("Branch that happened: {chosen}"));
            // A list rather than a drop-down: it shows the tree's shape, and a long tree
            // scrolls inside it.
            let row = (ui.text_style_height(&egui::TextStyle::Button)
                + 2.0 * ui.spacing().button_padding.y)
                .max(ui.spacing().interact_size.y);
            egui::Frame::group(ui.style()).show(ui, |ui| {
                egui::ScrollArea::vertical()
                    .id_salt("resolve-branches")
                    .min_scrolled_height(220.0)
                    .max_height(220.0)
                    .auto_shrink([false, false])
                    .show_rows(ui, row, tree.preorder.len(), |ui, rows| {
                        for &i in &tree.preorder[rows] {
                            // The index may be a frame behind the document: skip what moved.
                            let Some(b) = base.branches.get(i) else {
                                continue;
                            };
                            ui.horizontal(|ui| {
                                ui.add_space(14.0 * tree.depth[i] as f32);
                                ui.selectable_value(&mut draft.branch, Some(b.id.clone()), &b.name);
                            });
                        }
                    });
            });
        }
    }
    ui.add_space(4.0);
    egui::Grid::new("revise-fields")
        .num_columns(2)
        .spacing([8.0, 6.0])
        .show(ui, |ui| {
            let l = ui.label("Date");
            let r = ui
                .add(
                    egui::TextEdit::singleline(&mut draft.date)
                        .hint_text("YYYY-MM-DD")
                        .desired_width(110.0),
                )
                .labelled_by(l.id);
            if !crate::model::is_iso_date(draft.date.trim()) {
                r.on_hover_text("Write the date as YYYY-MM-DD");
            }
            ui.end_row();
            let l = ui.label("Note");
            ui.add(
                egui::TextEdit::multiline(&mut draft.note)
                    .hint_text("What was seen, and its source")
                    .desired_rows(2)
                    .desired_width(380.0),
            )
            .labelled_by(l.id);
            ui.end_row();
        });
    let date = draft.date.trim().to_owned();
    let date_ok = crate::model::is_iso_date(&date);
    // The line is always there, so the preview below stays put while a date is typed.
    ui.label(if date_ok {
        RichText::new("Dates are written YYYY-MM-DD.")
            .small()
            .color(palette.muted)
    } else {
        RichText::new("The date must be a calendar date written YYYY-MM-DD.")
            .small()
            .color(palette.error)
    });
    let mut accept: Option<Result<Op, String>> = None;
    let ready = match &draft.what {
        Revise::Resolve => draft.branch.is_some(),
        Revise::Manual => !draft.note.trim().is_empty(),
        Revise::Observe(_) => true,
    };
    if matches!(draft.what, Revise::Manual) && draft.note.trim().is_empty() {
        note(ui, "A manual revision needs a note saying why.");
    }
    if !matches!(draft.what, Revise::Resolve) {
        let key = (draft.seen, state);
        if draft.cache.as_ref().is_none_or(|(k, _)| *k != key) {
            let preview = match &draft.what {
                Revise::Observe(id) => sp_ops::preview_observation(base, id, draft.seen),
                _ => Ok(sp_ops::preview_revision(base)),
            };
            draft.cache = Some((key, preview));
        }
        if let Some((_, preview)) = &draft.cache {
            match preview {
                Ok(p) => preview_ui(ui, p, palette),
                Err(e) => {
                    ui.label(RichText::new(e).color(palette.error));
                }
            }
        }
    }
    ui.add_space(8.0);
    ui.horizontal(|ui| {
        let label = match draft.what {
            Revise::Observe(_) => "Accept",
            Revise::Manual => "Record Revision",
            Revise::Resolve => "Mark as Happened",
        };
        let preview_ok = draft.cache.as_ref().is_none_or(|(_, p)| p.is_ok());
        if ui
            .add_enabled(date_ok && ready && preview_ok, egui::Button::new(label))
            .clicked()
        {
            accept = Some(match &draft.what {
                Revise::Observe(id) => {
                    sp_ops::observe(base, id, draft.seen, &date, &draft.note).map(|p| p.op)
                }
                Revise::Manual => sp_ops::record_revision(base, &date, &draft.note).map(|p| p.op),
                Revise::Resolve => sp_ops::resolve(
                    base,
                    draft.branch.as_deref().unwrap_or_default(),
                    &date,
                    &draft.note,
                ),
            });
        }
        if ui.button("Cancel").clicked() {
            decision = Some(Decision::Cancel);
        }
    });
    match accept {
        Some(Ok(op)) => decision = Some(Decision::Accept(op)),
        Some(Err(e)) => {
            ui.label(RichText::new(e).color(palette.error));
        }
        None => {}
    }
    decision
}

/// Every changed branch and every region's composite, before → after.
pub fn preview_ui(ui: &mut Ui, p: &Preview, palette: Palette) {
    if let Some(c) = p.chance {
        note(
            ui,
            format!(
                "The probabilities now gave this observation a {} chance.",
                pct(c)
            ),
        );
    }
    // A fixed height: a scroll area that sizes itself inside a dialog that sizes itself grows
    // a little every frame.
    let room = (ui.ctx().content_rect().height() - 360.0).max(160.0);
    let row = ui.spacing().interact_size.y + ui.spacing().item_spacing.y;
    let rows = p.branches.len().max(1) + p.regions.len() + 3;
    let height = (rows as f32 * row).min(room);
    egui::ScrollArea::vertical()
        .min_scrolled_height(height)
        .max_height(height)
        .auto_shrink([false, false])
        .show(ui, |ui| {
            egui::Grid::new("preview-regions")
                .striped(true)
                .num_columns(3)
                .show(ui, |ui| {
                    ui.label(RichText::new("Region").strong());
                    ui.label(RichText::new("Expected composite").strong());
                    ui.label(RichText::new("Change").strong());
                    ui.end_row();
                    for r in &p.regions {
                        ui.label(&r.name);
                        ui.label(format!(
                            "{} → {}",
                            crate::charts::fmt_num(r.before),
                            crate::charts::fmt_num(r.after)
                        ));
                        let d = r.after - r.before;
                        let colour = if d > 1e-9 {
                            palette.better
                        } else if d < -1e-9 {
                            palette.worse
                        } else {
                            palette.muted
                        };
                        ui.label(RichText::new(super::signed(d)).color(colour));
                        ui.end_row();
                    }
                });
            ui.add_space(6.0);
            if p.branches.is_empty() {
                ui.label("No probability changes.");
            } else {
                egui::Grid::new("preview-branches")
                    .striped(true)
                    .num_columns(3)
                    .show(ui, |ui| {
                        ui.label(RichText::new("Branch").strong());
                        ui.label(RichText::new("Given its parent").strong());
                        ui.label(RichText::new("Overall").strong());
                        ui.end_row();
                        for b in &p.branches {
                            ui.label(format!("{}{}", "   ".repeat(b.depth), b.name));
                            ui.label(arrow(b.conditional, palette));
                            ui.label(arrow(b.absolute, palette));
                            ui.end_row();
                        }
                    });
            }
        });
}

fn arrow((a, b): (f64, f64), palette: Palette) -> RichText {
    let text = format!("{} → {}", pct(a), pct(b));
    let text = if (b - a).abs() < 5e-5 {
        format!("{text}  ")
    } else if b > a {
        format!("{text} ▲")
    } else {
        format!("{text} ▼")
    };
    RichText::new(text).color(palette.text)
}
