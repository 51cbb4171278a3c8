//! Small form widgets that show a document value and report a new one, without changing it.
//! Every input gets an accessible name from its label.

use egui::{Id, Key, Response, RichText, TextEdit, Ui};

/// A labelled single-line text field. Returns the new text when the user changed it.
pub fn text_row(ui: &mut Ui, label: &str, value: &str, hint: &str) -> (Option<String>, Response) {
    let l = ui.label(label);
    let mut text = value.to_owned();
    let r = ui
        .add(
            TextEdit::singleline(&mut text)
                .hint_text(hint)
                .desired_width(f32::INFINITY),
        )
        .labelled_by(l.id);
    ui.end_row();
    ((r.changed() && text != value).then_some(text), r)
}

/// A labelled multi-line text field.
pub fn text_area(ui: &mut Ui, label: &str, value: &str, rows: usize) -> Option<String> {
    let l = ui.label(label);
    let mut text = value.to_owned();
    let r = ui
        .add(
            TextEdit::multiline(&mut text)
                .desired_rows(rows)
                .desired_width(f32::INFINITY),
        )
        .labelled_by(l.id);
    (r.changed() && text != value).then_some(text)
}

/// How a number field reads and shows its value.
#[derive(Clone, Copy, Debug)]
pub struct NumSpec<'a> {
    /// The accessible name, also used in messages.
    pub name: &'a str,
    /// Smallest value allowed, in the units shown.
    pub min: f64,
    /// Largest value allowed, in the units shown.
    pub max: f64,
    /// Shown after the number, and accepted after it when typed ("%", "months").
    pub unit: &'a str,
    /// Most decimals shown.
    pub decimals: usize,
    /// Whether only whole numbers are allowed.
    pub whole: bool,
    /// Width of the field, in points.
    pub width: f32,
}

impl<'a> NumSpec<'a> {
    /// Any finite number, shown with up to three decimals.
    pub fn any(name: &'a str) -> Self {
        Self {
            name,
            min: -1e12,
            max: 1e12,
            unit: "",
            decimals: 3,
            whole: false,
            width: 64.0,
        }
    }

    /// Values from `min` to `max`.
    pub fn range(self, min: f64, max: f64) -> Self {
        Self { min, max, ..self }
    }

    /// Shown after the number.
    pub fn unit(self, unit: &'a str) -> Self {
        Self { unit, ..self }
    }

    /// Whole numbers only.
    pub fn whole(self) -> Self {
        Self {
            whole: true,
            decimals: 0,
            ..self
        }
    }

    /// Most decimals shown.
    pub fn decimals(self, decimals: usize) -> Self {
        Self { decimals, ..self }
    }

    /// Width in points.
    pub fn width(self, width: f32) -> Self {
        Self { width, ..self }
    }

    /// The value as the field shows it.
    pub fn show(&self, v: f64) -> String {
        if !v.is_finite() {
            return String::new();
        }
        let s = format!("{v:.*}", self.decimals);
        let s = if s.contains('.') {
            s.trim_end_matches('0').trim_end_matches('.')
        } else {
            &s
        };
        if s == "-0" {
            "0".to_owned()
        } else {
            s.replace('-', "−")
        }
    }

    /// Read typed text, or say what is wrong with it.
    pub fn parse(&self, text: &str) -> Result<f64, String> {
        let t = text.trim();
        let t = t.strip_suffix(self.unit.trim()).unwrap_or(t).trim();
        let t = t.replace('−', "-");
        if t.is_empty() {
            return Err("enter a number".into());
        }
        if t.contains(',') {
            return Err(format!("use a point for decimals: {}", t.replace(',', ".")));
        }
        let v: f64 = t
            .parse()
            .map_err(|_| format!("“{}” is not a number", text.trim()))?;
        if !v.is_finite() {
            return Err(format!("“{}” is not a number", text.trim()));
        }
        if self.whole && v.fract() != 0.0 {
            return Err("must be a whole number".into());
        }
        if v < self.min || v > self.max {
            return Err(format!(
                "must be from {} to {}{}",
                self.show(self.min),
                self.show(self.max),
                self.unit
            ));
        }
        Ok(v)
    }
}

/// What a field holds while it is being edited.
#[derive(Clone, Debug, Default)]
struct Draft {
    editing: bool,
    text: String,
    /// The last refused text's message, and when it was refused.
    error: Option<(String, f64)>,
}

/// How long a refused entry's message stays once the field has lost focus, in seconds.
const ERROR_SECONDS: f64 = 5.0;

/// A typed field whose text is a draft while it has focus: committed on Enter, Tab or focus
/// loss, restored on Esc. Text that `parse` refuses keeps the old value and shows why, in a
/// note under the field that moves nothing. `id_salt` must be unique and stable (use ids, not
/// positions), so that focus survives anything around the field changing.
pub fn draft_field<T>(
    ui: &mut Ui,
    id_salt: impl std::hash::Hash + std::fmt::Debug,
    name: &str,
    shown: &str,
    width: f32,
    parse: impl Fn(&str) -> Result<T, String>,
) -> (Option<T>, Response) {
    let id = Id::unique(("draft-field", id_salt));
    let mut draft: Draft = ui.data(|d| d.get_temp(id)).unwrap_or_default();
    let mut text = if draft.editing {
        draft.text.clone()
    } else {
        shown.to_owned()
    };
    let r = ui.add(TextEdit::singleline(&mut text).id(id).desired_width(width));
    let label = name.to_owned();
    let value_text = text.clone();
    r.widget_info(|| {
        let mut info = egui::WidgetInfo::text_edit(true, &value_text, &value_text, "");
        info.label = Some(label.clone());
        info
    });
    if r.gained_focus() {
        draft.editing = true;
        // Select everything, so that typing replaces the value.
        if let Some(mut state) = TextEdit::load_state(ui.ctx(), id) {
            let all = egui::text::CCursorRange::two(
                egui::text::CCursor::new(0),
                egui::text::CCursor::new(text.chars().count()),
            );
            state.cursor.set_char_range(Some(all));
            state.store(ui.ctx(), id);
        }
    }
    if r.has_focus() {
        draft.editing = true;
        if r.changed() {
            draft.error = None;
        }
    }
    draft.text = text;
    let now = ui.input(|i| i.time);
    let mut out = None;
    if r.lost_focus() {
        if ui.input(|i| i.key_pressed(Key::Escape)) {
            draft = Draft::default();
        } else {
            match parse(&draft.text) {
                Ok(v) => {
                    out = Some(v);
                    draft = Draft::default();
                }
                Err(message) => {
                    draft.error = Some((message, now));
                    if ui.input(|i| i.key_pressed(Key::Enter)) {
                        // Stay in the field with the text, so it can be put right.
                        r.request_focus();
                    } else {
                        draft.editing = false;
                    }
                }
            }
        }
    }
    if let Some((message, at)) = &draft.error {
        let fresh = r.has_focus() || now - at < ERROR_SECONDS;
        if fresh {
            let colour = ui.visuals().error_fg_color;
            ui.painter().rect_stroke(
                r.rect,
                2.0,
                egui::Stroke::new(1.5, colour),
                egui::StrokeKind::Outside,
            );
            egui::Area::new(id.with("error"))
                .order(egui::Order::Tooltip)
                .fixed_pos(r.rect.left_bottom() + egui::vec2(0.0, 3.0))
                .interactable(false)
                .show(ui.ctx(), |ui| {
                    egui::Frame::popup(ui.style()).show(ui, |ui| {
                        ui.label(
                            RichText::new(format!("⚠ {name}: {message}; the value stays {shown}"))
                                .color(colour),
                        );
                    });
                });
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_millis(500));
        } else {
            draft.error = None;
        }
    }
    if draft.editing || draft.error.is_some() {
        ui.data_mut(|d| d.insert_temp(id, draft));
    } else {
        ui.data_mut(|d| d.remove::<Draft>(id));
    }
    (out, r)
}

/// A number field: a draft while typing, committed on Enter, Tab or focus loss, restored on
/// Esc, refused with a message at the field when it is not a number in range. Returns the new
/// value when one was committed and differs from `value`.
pub fn num_field(
    ui: &mut Ui,
    id_salt: impl std::hash::Hash + std::fmt::Debug,
    spec: NumSpec<'_>,
    value: f64,
) -> (Option<f64>, Response) {
    let shown = spec.show(value);
    let (v, r) = draft_field(ui, id_salt, spec.name, &shown, spec.width, |t| {
        spec.parse(t)
    });
    if !spec.unit.is_empty() {
        ui.label(spec.unit.trim());
    }
    (v.filter(|v| *v != value), r)
}

/// A small grey note.
pub fn note(ui: &mut Ui, text: impl Into<String>) {
    ui.label(RichText::new(text.into()).small().weak());
}

/// A section heading.
pub fn section(ui: &mut Ui, text: &str) {
    ui.add_space(6.0);
    ui.label(RichText::new(text).font(crate::ui::theme::heading_font(15.0)));
}

/// Give a number widget an accessible name.
pub fn name_value(r: &Response, name: &str, value: f64) {
    r.widget_info(|| {
        let mut info = egui::WidgetInfo::drag_value(true, value);
        info.label = Some(name.to_owned());
        info
    });
}
