//! Small form widgets that show a document value and report a new one, without changing it.
//! Every input gets an accessible name from its label.

use egui::{DragValue, Response, RichText, TextEdit, Ui};

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

/// A number field with an accessible name. Returns the new value when it changed.
pub fn number(
    ui: &mut Ui,
    name: &str,
    value: f64,
    range: std::ops::RangeInclusive<f64>,
    speed: f64,
    suffix: &str,
) -> (Option<f64>, Response) {
    let mut v = value;
    let r = ui.add(
        DragValue::new(&mut v)
            .range(range)
            .speed(speed)
            .suffix(suffix)
            .max_decimals(3),
    );
    name_value(&r, name, v);
    let changed = r.changed() && v != value && v.is_finite();
    (changed.then_some(v), r)
}

/// A whole-number field with an accessible name.
pub fn integer(
    ui: &mut Ui,
    name: &str,
    value: u32,
    range: std::ops::RangeInclusive<u32>,
    suffix: &str,
) -> Option<u32> {
    let mut v = value;
    let r = ui.add(
        DragValue::new(&mut v)
            .range(range)
            .speed(0.2)
            .suffix(suffix),
    );
    name_value(&r, name, f64::from(v));
    (r.changed() && v != value).then_some(v)
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
