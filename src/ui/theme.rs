//! The app's theme: the colours and fonts of `crate::style`, as egui types, and the egui
//! visuals, text sizes and spacing built from them.

use crate::model::Outcome;
use crate::style::{self, Rgb};
pub use crate::style::{FONT_MONO, FONT_REGULAR, FONT_SEMIBOLD, HEADING_FAMILY};
use egui::{Color32, FontData, FontDefinitions, FontFamily, FontId, TextStyle};
use std::sync::Arc;

/// A style colour as an egui colour.
pub const fn c32(c: Rgb) -> Color32 {
    Color32::from_rgb(c.0, c.1, c.2)
}

/// An egui colour as a style colour.
pub fn rgb(c: Color32) -> Rgb {
    Rgb(c.r(), c.g(), c.b())
}

/// Colours of one theme, as egui colours (see `crate::style::Palette`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Palette {
    /// The same colours as data.
    pub style: style::Palette,
    /// Whether this is the dark theme.
    pub dark: bool,
    /// Main text.
    pub text: Color32,
    /// Secondary text.
    pub muted: Color32,
    /// Panel background.
    pub panel: Color32,
    /// Background of charts and slides.
    pub canvas: Color32,
    /// Grid lines and thin rules.
    pub grid: Color32,
    /// Selection and focus.
    pub accent: Color32,
    /// A problem that stops the numbers being trusted.
    pub error: Color32,
    /// A problem worth a look.
    pub warning: Color32,
    /// More stability.
    pub better: Color32,
    /// Less stability.
    pub worse: Color32,
    /// Baseline markers.
    pub baseline: Color32,
    /// Alert thresholds.
    pub threshold: Color32,
    /// Bars and lines with no outcome colour.
    pub series: Color32,
}

impl Palette {
    /// The egui colours of a style palette.
    pub const fn from_style(p: style::Palette) -> Self {
        Self {
            style: p,
            dark: p.dark,
            text: c32(p.text),
            muted: c32(p.muted),
            panel: c32(p.panel),
            canvas: c32(p.canvas),
            grid: c32(p.grid),
            accent: c32(p.accent),
            error: c32(p.error),
            warning: c32(p.warning),
            better: c32(p.better),
            worse: c32(p.worse),
            baseline: c32(p.baseline),
            threshold: c32(p.threshold),
            series: c32(p.series),
        }
    }

    /// The palette for a theme.
    pub fn of(dark: bool) -> Self {
        if dark { DARK } else { LIGHT }
    }

    /// The palette matching the context's current theme.
    pub fn current(ctx: &egui::Context) -> Self {
        Self::of(ctx.global_style().visuals.dark_mode)
    }

    /// The colour of an outcome class.
    pub fn outcome(&self, o: Option<Outcome>) -> Color32 {
        c32(self.style.outcome(o))
    }

    /// The colour of the `j`-th view in a comparison.
    pub fn view(&self, j: usize) -> Color32 {
        c32(self.style.view(j))
    }

    /// The colour of a chart ink.
    pub fn ink(&self, ink: crate::charts::Ink) -> Color32 {
        c32(self.style.ink(ink))
    }

    /// A colour on the diverging scale: `t` from −1 (less stable) to +1 (more stable).
    pub fn diverging(&self, t: f64) -> Color32 {
        c32(self.style.diverging(t))
    }

    /// Text that reads on a background of colour `bg`.
    pub fn text_on(&self, bg: Color32) -> Color32 {
        c32(self.style.text_on(rgb(bg)))
    }
}

/// The light theme.
pub const LIGHT: Palette = Palette::from_style(style::LIGHT);
/// The dark theme.
pub const DARK: Palette = Palette::from_style(style::DARK);
/// High-contrast colours for projectors.
pub const PRESENT: Palette = Palette::from_style(style::PRESENT);

/// Mix two colours.
pub fn lerp(a: Color32, b: Color32, t: f32) -> Color32 {
    c32(style::lerp(rgb(a), rgb(b), t))
}

/// Install the bundled fonts, keeping egui's own as fallbacks for symbols.
pub fn install_fonts(ctx: &egui::Context) {
    let mut fonts = FontDefinitions::default();
    fonts.font_data.insert(
        "Inter".to_owned(),
        Arc::new(FontData::from_static(FONT_REGULAR)),
    );
    fonts.font_data.insert(
        HEADING_FAMILY.to_owned(),
        Arc::new(FontData::from_static(FONT_SEMIBOLD)),
    );
    fonts.font_data.insert(
        "Hack".to_owned(),
        Arc::new(FontData::from_static(FONT_MONO)),
    );
    // Inter first; egui's own fonts, then Hack, for the symbols Inter lacks (◐ ▸ ▾ ↶ ↷).
    let mut proportional = vec!["Inter".to_owned()];
    proportional.extend(
        fonts
            .families
            .get(&FontFamily::Proportional)
            .cloned()
            .unwrap_or_default(),
    );
    proportional.push("Hack".to_owned());
    let fallbacks: Vec<String> = proportional[1..].to_vec();
    fonts
        .families
        .insert(FontFamily::Proportional, proportional);
    let mut heading = vec![HEADING_FAMILY.to_owned()];
    heading.extend(fallbacks);
    fonts
        .families
        .insert(FontFamily::Name(HEADING_FAMILY.into()), heading);
    ctx.set_fonts(fonts);
}

/// The heading font at a size.
pub fn heading_font(size: f32) -> FontId {
    FontId::new(size, FontFamily::Name(HEADING_FAMILY.into()))
}

/// Set up both themes' visuals, text sizes and spacing; `dark` chooses the active one.
pub fn apply(ctx: &egui::Context, dark: bool) {
    for theme in [egui::Theme::Light, egui::Theme::Dark] {
        let is_dark = theme == egui::Theme::Dark;
        let p = Palette::of(is_dark);
        ctx.style_mut_of(theme, |style| {
            let mut v = if is_dark {
                egui::Visuals::dark()
            } else {
                egui::Visuals::light()
            };
            v.panel_fill = p.panel;
            // Dialogs on the panel colour, so the text fields in them (the canvas colour) stand out.
            v.window_fill = p.panel;
            v.extreme_bg_color = p.canvas;
            v.selection.bg_fill = p.accent.gamma_multiply(0.35);
            v.selection.stroke.color = p.accent;
            v.hyperlink_color = p.accent;
            v.override_text_color = Some(p.text);
            v.error_fg_color = p.error;
            v.warn_fg_color = p.warning;
            style.visuals = v;
            style.text_styles = [
                (TextStyle::Heading, heading_font(19.0)),
                (TextStyle::Body, FontId::proportional(14.0)),
                (TextStyle::Button, FontId::proportional(14.0)),
                (TextStyle::Small, FontId::proportional(11.5)),
                (TextStyle::Monospace, FontId::monospace(13.0)),
            ]
            .into();
            style.spacing.item_spacing = egui::vec2(8.0, 5.0);
            style.spacing.button_padding = egui::vec2(7.0, 3.0);
            style.spacing.interact_size.y = 22.0;
        });
    }
    ctx.set_theme(if dark {
        egui::Theme::Dark
    } else {
        egui::Theme::Light
    });
}
