//! One signpost's row on the board: its status, name and due date, what it would do, its
//! Record and Edit buttons and, when open, its editor. A row off screen is not laid out.

use super::editor_ui;
use crate::edit::ops::signposts as sp_ops;
use crate::model::{Signpost, Status};
use crate::ui::Env;
use crate::ui::revise::Revise;
use crate::ui::widgets::note;
use crate::view::Action;
use egui::{RichText, Ui};

fn status_text(status: Status, env: &Env) -> RichText {
    let p = env.palette;
    let colour = match status {
        Status::Waiting => p.accent,
        Status::Seen | Status::NotSeen => p.muted,
        Status::Overdue => p.warning,
    };
    RichText::new(format!("[{}]", status.label()))
        .color(colour)
        .strong()
}

/// One signpost on the board: status, name, what it would do, and its buttons and editor.
pub(super) fn signpost_row(
    ui: &mut Ui,
    env: &mut Env,
    sp: &Signpost,
    today: &str,
    body: impl FnOnce(&mut Ui),
) {
    let open = env.view.signpost_open.as_deref() == Some(sp.id.as_str());
    // A row off screen takes the height it had when last drawn at this width, without being
    // laid out: the board's cost is its visible rows', however many signposts there are.
    let width = ui.available_width();
    let heights_id = egui::Id::unique("signpost-row-heights");
    let known = ui.data_mut(|d| {
        let h = d.get_temp_mut_or_default::<RowHeights>(heights_id);
        if h.width != width {
            *h = RowHeights {
                width,
                heights: Default::default(),
            };
        }
        h.heights.get(&sp.id).copied()
    });
    if let Some(height) = known.filter(|_| !open) {
        let rect = egui::Rect::from_min_size(ui.cursor().min, egui::vec2(width, height));
        if !ui.is_rect_visible(rect) {
            ui.allocate_exact_size(rect.size(), egui::Sense::hover());
            return;
        }
    }
    let status = env.base.status(sp, today);
    let drawn = egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.horizontal_wrapped(|ui| {
            ui.label(status_text(status, env));
            ui.label(RichText::new(&sp.name).strong());
            if let Some(d) = &sp.expected_by {
                note(ui, format!("due {d}"));
            }
        });
        body(ui);
        ui.horizontal_wrapped(|ui| {
            // The same evidence counts once: a signpost already on the record is not recorded
            // again, and the button says where it was.
            let earlier = sp_ops::already_recorded(env.base, &sp.id);
            let record = ui.add_enabled(earlier.is_none(), egui::Button::new("Record…"));
            let record = match &earlier {
                Some(why) => record.on_disabled_hover_text(why),
                None => record.on_hover_text(
                    "Record it as seen or not seen, with a preview before anything changes",
                ),
            };
            if record.clicked() {
                env.actions
                    .push(Action::Revise(Revise::Observe(sp.id.clone())));
            }
            if ui.selectable_label(open, "Edit").clicked() {
                env.view.signpost_open = if open { None } else { Some(sp.id.clone()) };
            }
        });
        if open {
            editor_ui(ui, env, sp);
        }
    });
    let height = drawn.response.rect.height();
    ui.data_mut(|d| {
        d.get_temp_mut_or_default::<RowHeights>(heights_id)
            .heights
            .insert(sp.id.clone(), height);
    });
}

/// The board's rows' heights as last drawn, by signpost id, at the width they were drawn at.
#[derive(Clone, Default)]
struct RowHeights {
    width: f32,
    heights: std::collections::HashMap<String, f32>,
}
